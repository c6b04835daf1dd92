//! The `Access Tokens` page (R1–R3, R6, R7, R9): the grid of one login's live
//! tokens, its own or, for a token admin, another login's, a page at a time
//! (the worker pages them: a login may have thousands) and searchable by
//! name. Every row action opens from a right-click, from the keyboard
//! (Context Menu key or Shift+F10 on a focused row) and from the row's
//! visible actions button; Token Usage opens the token's usage panel.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use tessera_shared::query::{DEFAULT_PAGE_SIZE, TokenListQuery};
use tessera_shared::service_accounts::LoginKind;
use tessera_shared::tokens::{TokenPage, TokenStatus, TokenView};

use crate::api::{self, CallError};
use crate::components::change::Changes;
use crate::components::context_menu::{ContextMenu, MenuItem};
use crate::components::feedback::Feedback;
use crate::components::focus_by_id;
use crate::components::grid::RowMenu;
use crate::components::notices::NoticesBar;
use crate::components::pager::Pager;
use crate::fetched::fetched;
use crate::session::use_session;

mod actions;
mod dialogs;
mod grid;
mod pop_up;
mod usage_panel;
use grid::TokenGrid;
use pop_up::Open;

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
    let changes = Changes::new();
    // The notices' Revoke token reloads the grid through it.
    provide_context(changes);
    let reload = changes.reload;
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

    let organization = fetched(api::organization);
    let policy = move || {
        organization
            .get()
            .and_then(|settings| settings.ok())
            .map(|settings| settings.policy())
            .unwrap_or_default()
    };
    let menu = RowMenu::<TokenView>::new();
    let open = RwSignal::new(None::<Open>);
    let page_error = changes.page_error;
    let refusal = RwSignal::new(None::<CallError>);

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

    // Where the focus goes once the grid has reloaded after a change that
    // took its row away (a revocation): the next row, or Create New.
    let focus_after_reload = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        loaded.track();
        if let Some(id) = focus_after_reload.get_untracked() {
            focus_after_reload.set(None);
            // Once the grid has drawn the new rows: focusing one of the old
            // ones would be lost when they are replaced.
            request_animation_frame(move || focus_by_id(&id));
        }
    });

    let context = actions::Context {
        state,
        focus_after_reload,
        changes,
        open,
        refusal,
        owner_id,
        policy: Signal::derive(policy),
        default_allowlist: Signal::derive(move || {
            organization
                .get()
                .and_then(|settings| settings.ok())
                .map(|s| s.default_allowed_addresses)
                .unwrap_or_default()
        }),
        approval: Signal::derive(move || {
            organization
                .get()
                .and_then(|settings| settings.ok())
                .map(|s| s.approval)
                .unwrap_or_default()
        }),
        close: close_dialog,
    };
    let generate = actions::generate_action(context);
    // The pop-ups' chunk is fetched when a visitor may be about to open one.
    let preload_dialogs = move || spawn_local(async { drop(dialogs::preload().await) });
    Effect::new(move |_| {
        if menu.is_open() {
            preload_dialogs();
        }
    });

    let navigate = use_navigate();
    let menu_items = move |token: TokenView| {
        let for_generate = token.clone();
        let for_rotate = token.clone();
        let for_edit = token.clone();
        let for_usage = token.clone();
        // Token Logs, filtered to this token (the page reads `owner` and `token_id`).
        let logs = format!(
            "/token-logs?owner={}&token_id={}",
            token.owner_login_id, token.id
        );
        let navigate = navigate.clone();
        let status = token.status;
        // Only what applies to the token's state (R3, R18): a token with no
        // string is generated, not rotated; a live one is rotated, or
        // generated after a warning that names Rotate; an expired one has
        // neither until its Expiry On is edited; one waiting for approval,
        // or denied it, has neither until a token admin approves it (R27).
        let waiting = matches!(
            status,
            TokenStatus::PendingApproval | TokenStatus::ApprovalDenied
        );
        let generate_item = (status != TokenStatus::Expired && !waiting).then(|| MenuItem {
            label: "Generate Token",
            on_select: Callback::new(move |()| {
                if for_generate.status == TokenStatus::Active {
                    open_dialog(Open::ConfirmGenerate(for_generate.clone()));
                } else {
                    page_error.set(None);
                    generate.run(for_generate.clone());
                }
            }),
        });
        let rotate_item = (status == TokenStatus::Active).then(|| MenuItem {
            label: "Rotate Token",
            on_select: Callback::new(move |()| open_dialog(Open::Rotate(for_rotate.clone()))),
        });
        let rest = [
            MenuItem {
                label: "Edit Token",
                on_select: Callback::new(move |()| open_dialog(Open::Edit(for_edit.clone()))),
            },
            MenuItem {
                label: "Token Usage",
                on_select: Callback::new(move |()| open_dialog(Open::Usage(for_usage.clone()))),
            },
            MenuItem {
                label: "Token Logs",
                on_select: Callback::new(move |()| navigate(&logs, Default::default())),
            },
            MenuItem {
                label: "Revoke Token",
                on_select: Callback::new(move |()| open_dialog(Open::ConfirmRevoke(token.clone()))),
            },
        ];
        generate_item
            .into_iter()
            .chain(rotate_item)
            .chain(rest)
            .collect()
    };

    // Whose tokens these are, once read: another login's (the page acts
    // for them) or one's own.
    let acting_for = Memo::new(move |_| owner.get().filter(|owner| owner.id != own_id()));
    let own = Memo::new(move |_| owner.get().filter(|owner| owner.id == own_id()));

    let number = move |of: fn(&TokenPage) -> i64| {
        Signal::derive(move || loaded.with(|list| list.as_ref().map_or(0, of)))
    };

    view! {
        <section class="page access-tokens">
            // Another login's tokens say whose they are, in the title and in a
            // band that stays above them: Create New and Revoke act for that login.
            <h1>{move || match acting_for.get() {
                Some(owner) => format!("Access Tokens of {}", owner.display_name),
                None => "Access Tokens".to_owned(),
            }}</h1>
            {move || acting_for.get().map(|owner| match owner.kind {
                LoginKind::Person => view! {
                    <p class="acting-for" role="note">"You are managing the tokens of "
                        <strong>{owner.display_name}</strong> " (" {owner.email} "). "
                        "Create New and Revoke act for them. "
                        <a href="/">"Back to your own tokens"</a></p>
                }.into_any(),
                // R28: no person owns these; the account's address reaches nobody.
                LoginKind::Service => view! {
                    <p class="acting-for" role="note">"You are managing the tokens of the service account "
                        <strong>{owner.display_name}</strong> ". "
                        "They keep working whoever leaves; disabling the account stops them all. "
                        <a href="/">"Back to your own tokens"</a></p>
                }.into_any(),
            })}
            <Feedback changes=changes/>
            // One's own notices, on one's own page: a bar of fixed height
            // from the first paint, its list fetched once the grid is in.
            <Show when=move || owner_id.get() == own_id()>
                <NoticesBar ready=Signal::derive(move || loaded.with(Option::is_some))/>
            </Show>
            {move || own.get().map(|owner| view! {
                <p class="lead">"API access tokens of " <strong>{owner.display_name}</strong>
                    " (" {owner.email} ")"</p>
            })}
            <Show when=move || owner.with(Option::is_some)>
                <div class="toolbar">
                    <button id="create-new" class="primary" on:click=move |_| open_dialog(Open::Create)
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
            <TokenGrid tokens=tokens search=search menu=menu/>
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
        // Each from its chunk: the usage panel's own, or the pop-ups'.
        {move || open.get().map(|dialog| Suspend::new(async move {
            let loaded = match dialog {
                Open::Usage(token) => usage_panel::usage_panel(token, close_dialog).await,
                dialog => dialogs::dialog(dialog, context).await,
            };
            loaded.unwrap_or_else(|_| {
                open.set(None);
                page_error.set(Some("This pop-up could not be loaded. Check your connection and try again.".into()));
                ().into_any()
            })
        }))}
    }
}

fn focus_row(token_id: i64) {
    focus_by_id(&format!("token-row-{token_id}"));
}
