//! The `Access Tokens` page (R1–R3, R6, R7, R9): the grid of one login's live
//! tokens, its own or, for a token admin, another login's, a page at a time
//! (the worker pages them: a login may have thousands) and searchable by
//! name. Every row action opens from a right-click, from the keyboard
//! (Context Menu key or Shift+F10 on a focused row) and from the row's
//! visible actions button.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use tessera_shared::query::{DEFAULT_PAGE_SIZE, TokenListQuery};
use tessera_shared::tokens::{
    CreateTokenRequest, EditTokenRequest, TokenPage, TokenStatus, TokenView,
};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::api::{self, CallError};
use crate::components::context_menu::{ContextMenu, MenuItem};
use crate::components::grid::{EmptyRow, Grid, RowMenu};
use crate::components::pager::Pager;
use crate::components::short_time;
use crate::components::token_form::TokenFormValues;
use crate::fetched::fetched;
use crate::session::use_session;

mod dialogs;
use dialogs::{Actions, Open};

/// Tokens to a page of the grid.
const PAGE_SIZE: i64 = DEFAULT_PAGE_SIZE;

#[component]
pub fn AccessTokensPage() -> impl IntoView {
    let state = use_session();
    let params = use_params_map();
    let own_id = move || {
        state
            .session
            .with(|s| s.as_ref().map(|s| s.login.id).unwrap_or_default())
    };
    let owner_id = Memo::new(move |_| {
        params
            .read()
            .get("login_id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_else(own_id)
    });
    let reload = RwSignal::new(0u32);
    let page = RwSignal::new(1i64);
    let search = RwSignal::new(String::new());
    let tokens = fetched(move || {
        reload.track();
        let owner = owner_id.get();
        let page = page.get();
        let search = search.get();
        let query = TokenListQuery {
            page: Some(page),
            page_size: Some(PAGE_SIZE),
            search: Some(search.trim().to_owned()).filter(|search| !search.is_empty()),
        };
        async move { api::list_tokens(owner, &query).await }
    });
    // The last page of this login's tokens read, for what outlives a reload
    // (the title, the toolbar with the search box, the pager), also when a
    // later read fails: the grid shows the error, the rest stays usable.
    let loaded = Memo::new(move |previous: Option<&Option<TokenPage>>| {
        let owner = owner_id.get();
        match tokens.get() {
            Some(Ok(list)) => Some(list),
            _ => previous
                .cloned()
                .flatten()
                .filter(|list| list.owner.id == owner),
        }
    });
    let owner =
        Memo::new(move |_| loaded.with(|list| list.as_ref().map(|list| list.owner.clone())));
    // Another login's tokens start at their first page.
    Effect::watch(
        move || owner_id.get(),
        move |_, _, _| {
            page.set(1);
            search.set(String::new());
        },
        false,
    );
    // A page emptied by a revocation (or by tokens revoked elsewhere) gives way to the last one.
    Effect::new(move |_| {
        if let Some((current, last)) =
            loaded.with(|list| list.as_ref().map(|list| (list.page, list.pages())))
            && current > last
        {
            page.set(last);
        }
    });

    let organization = fetched(|| api::organization());
    let max_days = move || {
        organization
            .get()
            .and_then(|settings| settings.ok())
            .and_then(|s| s.max_token_lifetime_days)
    };
    let menu = RowMenu::<TokenView>::new();
    let open = RwSignal::new(None::<Open>);
    let pending = RwSignal::new(false);
    let refusal = RwSignal::new(None::<CallError>);
    let notice = RwSignal::new(None::<String>);
    let page_error = RwSignal::new(None::<String>);

    let open_dialog = move |dialog: Open| {
        refusal.set(None);
        page_error.set(None);
        open.set(Some(dialog));
    };
    let close_dialog = Callback::new(move |()| {
        let focus = open.with_untracked(|open| open.as_ref().and_then(Open::token_id));
        open.set(None);
        if let Some(id) = focus {
            focus_row(id);
        }
    });

    // Runs one change against the worker; on success shows `done` and reloads the grid.
    let run = move |work: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Option<Open>, CallError>>>,
    >,
                    done: Option<String>| {
        pending.set(true);
        spawn_local(async move {
            match work.await {
                Ok(next) => {
                    open.set(next);
                    notice.set(done);
                    reload.update(|n| *n += 1);
                }
                // A refusal shows where the action was taken: in the open form, or above the grid.
                Err(error) if open.get_untracked().is_some() => refusal.set(Some(error)),
                Err(error) => page_error.set(Some(error.message())),
            }
            pending.set(false);
        });
    };
    let session = move || {
        state
            .session
            .get_untracked()
            .expect("the page is shown only when signed in")
    };

    let generate = Callback::new(move |token: TokenView| {
        let session = session();
        run(
            Box::pin(async move {
                let generated = api::generate_token(&session, token.id).await?;
                Ok(Some(Open::Generated(generated)))
            }),
            None,
        );
    });
    let create = Callback::new(move |values: TokenFormValues| {
        let session = session();
        let owner = owner_id.get_untracked();
        let name = values.name.trim().to_owned();
        run(
            Box::pin(async move {
                let request = CreateTokenRequest {
                    name: values.name,
                    expiry: values.expiry,
                    scope: values.scope,
                };
                api::create_token(&session, owner, &request).await?;
                Ok(None)
            }),
            Some(format!(
                "Token “{name}” created. Generate Token makes its token string."
            )),
        );
    });
    let edit = Callback::new(move |(token, values): (TokenView, TokenFormValues)| {
        let session = session();
        let id = token.id;
        let version = token.version;
        run(
            Box::pin(async move {
                let request =
                    EditTokenRequest { name: values.name, expiry: values.expiry, scope: values.scope, version };
                api::edit_token(&session, id, &request).await?;
                Ok(None)
            }),
            Some("Token saved. If anything changed, its token string no longer works: generate a new one.".into()),
        );
    });
    let revoke = Callback::new(move |token: TokenView| {
        let session = session();
        let name = token.name.clone();
        run(
            Box::pin(async move {
                api::revoke_token(&session, token.id).await?;
                Ok(None)
            }),
            Some(format!("Token “{name}” revoked.")),
        );
    });
    let actions = Actions {
        refusal,
        pending,
        max_days: Signal::derive(max_days),
        close: close_dialog,
        create,
        edit,
        generate,
        revoke,
    };
    // The pop-ups' chunk is fetched when a visitor may be about to open one.
    let preload_dialogs = move || spawn_local(async { drop(dialogs::preload().await) });
    Effect::new(move |_| {
        if menu.is_open() {
            preload_dialogs();
        }
    });

    let menu_items = move |token: TokenView| {
        let for_generate = token.clone();
        let for_edit = token.clone();
        vec![
            MenuItem {
                label: "Generate Token",
                on_select: Callback::new(move |()| {
                    if for_generate.status == TokenStatus::Active {
                        open_dialog(Open::ConfirmGenerate(for_generate.clone()));
                    } else {
                        page_error.set(None);
                        generate.run(for_generate.clone());
                    }
                }),
            },
            MenuItem {
                label: "Edit Token",
                on_select: Callback::new(move |()| open_dialog(Open::Edit(for_edit.clone()))),
            },
            MenuItem {
                label: "Revoke Token",
                on_select: Callback::new(move |()| open_dialog(Open::ConfirmRevoke(token.clone()))),
            },
        ]
    };

    let grid = move || {
        tokens.get().map(|result| match result {
            Err(error) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
            Ok(list) => {
                let empty = if list.total > 0 {
                    None
                } else if search.with_untracked(|s| s.trim().is_empty()) {
                    Some("No tokens yet. Create New adds one.".to_owned())
                } else {
                    Some(format!("No token name contains “{}”.", search.with_untracked(|s| s.trim().to_owned())))
                };
                view! {
                    <Grid label="Access Tokens">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Scope"</th>
                                <th scope="col">"Expiry On " <span class="zone">"(UTC)"</span></th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Token"</th>
                                <th scope="col">"Created"</th>
                                <th scope="col">"Last used"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {match empty {
                                Some(message) => view! { <EmptyRow columns=8 text=message/> }.into_any(),
                                None => list.tokens.into_iter().map(|token| view! { <TokenRow token=token menu=menu/> }).collect_view().into_any(),
                            }}
                        </tbody>
                    </Grid>
                }
                .into_any()
            }
        })
    };
    let number = move |of: fn(&TokenPage) -> i64| {
        Signal::derive(move || loaded.with(|list| list.as_ref().map_or(0, of)))
    };

    view! {
        <section class="page access-tokens">
            <h1>"Access Tokens"</h1>
            <p class="notice" role="status">{move || notice.get()}</p>
            <p class="page-error" role="alert">{move || page_error.get()}</p>
            {move || owner.get().map(|owner| view! {
                <p class="lead">"API access tokens of " <strong>{owner.display_name}</strong>
                    " (" {owner.email} ")"</p>
            })}
            <Show when=move || owner.with(Option::is_some)>
                <div class="toolbar">
                    <button class="primary" on:click=move |_| open_dialog(Open::Create)
                        on:pointerenter=move |_| preload_dialogs() on:focus=move |_| preload_dialogs()>"Create New"</button>
                    <label class="search">"Search"
                        <input type="search" name="search" placeholder="Token name"
                            prop:value=move || search.get()
                            on:input=move |event| {
                                search.set(event_target_value(&event));
                                page.set(1);
                            }/>
                    </label>
                </div>
            </Show>
            {grid}
            <Show when=move || loaded.with(Option::is_some)>
                <Pager page=page current=number(|list| list.page) page_size=number(|list| list.page_size)
                    total=number(|list| list.total) noun="tokens" one="token"/>
            </Show>
        </section>
        {move || menu.get().map(|(token, position)| view! {
            <ContextMenu
                label=format!("Actions for {}", token.name)
                items=menu_items(token.clone())
                position=position
                on_close=Callback::new(move |()| menu.close())
            />
        })}
        {move || open.get().map(|dialog| Suspend::new(async move {
            dialogs::dialog(dialog, actions).await.unwrap_or_else(|_| {
                open.set(None);
                page_error.set(Some("This pop-up could not be loaded. Check your connection and try again.".into()));
                ().into_any()
            })
        }))}
    }
}

/// One token in the grid; the row menu opens from it (`RowMenu`).
#[component]
fn TokenRow(token: TokenView, menu: RowMenu<TokenView>) -> impl IntoView {
    let scope = token
        .scope
        .iter()
        .map(|name| name.label())
        .collect::<Vec<_>>()
        .join(", ");
    let status_class = format!("status status-{}", token.status.code());

    view! {
        <tr id=format!("token-row-{}", token.id) tabindex="0" aria-label=token.name.clone()
            on:contextmenu=menu.on_context_menu(token.clone()) on:keydown=menu.on_row_key(token.clone())>
            <td class="name">{token.name.clone()}</td>
            <td>{scope}</td>
            <td>{token.expiry_on.clone().unwrap_or_else(|| "Never".into())}</td>
            <td>
                <span class=status_class>{token.status.label()}</span>
                {token.expiring_soon.then(|| view! { <span class="badge">"Expiring soon"</span> })}
            </td>
            <td class="hint">{token.hint.clone().unwrap_or_default()}</td>
            <td>{short_time(&token.created_at)}<br/><span class="by">{token.created_by.clone()}</span></td>
            <td>{token.last_used_at.as_deref().map(short_time).unwrap_or_else(|| "Never".into())}</td>
            <td>
                <button class="row-actions" aria-haspopup="menu" aria-label=format!("Actions for {}", token.name)
                    on:click=menu.on_button(token.clone())>"⋯"</button>
            </td>
        </tr>
    }
}

fn focus_row(token_id: i64) {
    let row = document().get_element_by_id(&format!("token-row-{token_id}"));
    if let Some(row) = row.and_then(|element| element.dyn_into::<HtmlElement>().ok()) {
        let _ = row.focus();
    }
}
