//! The `Contacts & Logins` page (R8, R9): the organization's logins for its
//! system administrators, searchable and sortable; each row's menu adds or
//! removes the token roles and, for a viewer holding the API Token Admin
//! Role, opens that login's `API Access Tokens`.

use std::cmp::Ordering;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tessera_shared::logins::{LoginChange, LoginRow};
use tessera_shared::service_accounts::LoginKind;

use crate::api;
use crate::components::Time;
use crate::components::add_login::AddLoginDialog;
use crate::components::change::{Changes, above_the_page};
use crate::components::context_menu::{ContextMenu, MenuItem};
use crate::components::feedback::Feedback;
use crate::components::grid::{Breakable, Grid, GridName, RowMenu};
use crate::components::service_account_form::ServiceAccountDialog;
use crate::fetched::fetched;
use crate::session::use_session;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Name,
    Email,
    Tokens,
}

#[component]
pub fn ContactsLoginsPage() -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Name, true));
    let changes = Changes::new();
    let Changes { notice, reload, .. } = changes;
    let logins = fetched(move || {
        reload.track();
        let search = search.get();
        async move { api::list_logins(&search).await }
    });
    let menu = RowMenu::<LoginRow>::new();
    let adding = RwSignal::new(false);
    // The service account pop-up: `Some(None)` adds one, `Some(Some(row))` edits `row`.
    let service_account = RwSignal::new(None::<Option<LoginRow>>);
    let viewer_is_token_admin = move || {
        state
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.login.is_token_admin()))
    };

    let signed_out = {
        let navigate = navigate.clone();
        Callback::new(move |()| navigate("/sign-in", Default::default()))
    };
    let apply = move |login: LoginRow, change: LoginChange| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let done = format!("{}: {} done.", login.display_name, change.label());
        let work = async move {
            api::change_login(&session, login.id, change).await?;
            if login.id == session.login.id {
                // One's own roles changed: the header and menus follow at once.
                // Signing oneself out of all sessions ends this one too.
                match api::current_session().await {
                    Ok(Some(fresh)) => state.session.set(Some(fresh)),
                    Ok(None) => {
                        state.session.set(None);
                        signed_out.run(());
                    }
                    Err(_) => {}
                }
            }
            Ok(())
        };
        changes.run(work, move |()| Some(done), above_the_page);
    };
    let menu_items = move |login: LoginRow| {
        let mut items: Vec<MenuItem> = LoginChange::offered_for(&login)
            .into_iter()
            .map(|change| {
                let login = login.clone();
                MenuItem {
                    label: change.label(),
                    on_select: Callback::new(move |()| apply(login.clone(), change)),
                }
            })
            .collect();
        if viewer_is_token_admin() && login.kind == LoginKind::Service {
            let account = login.clone();
            items.push(MenuItem {
                label: "Edit service account",
                on_select: Callback::new(move |()| {
                    service_account.set(Some(Some(account.clone())))
                }),
            });
        }
        if viewer_is_token_admin() {
            let navigate = navigate.clone();
            let id = login.id;
            items.push(MenuItem {
                label: "API Access Tokens",
                on_select: Callback::new(move |()| {
                    navigate(&format!("/logins/{id}/access-tokens"), Default::default())
                }),
            });
        }
        items
    };

    let header = move |label: &'static str, by: SortBy| {
        let aria_sort = move || match sort.get() {
            (current, true) if current == by => "ascending",
            (current, false) if current == by => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button class="sort" on:click=move |_| sort.update(|(current, up)| {
                    if *current == by { *up = !*up } else { *current = by; *up = true }
                })>{label}</button>
            </th>
        }
    };
    let sorted = move |mut rows: Vec<LoginRow>| {
        let (by, ascending) = sort.get();
        rows.sort_by(|a, b| {
            let order = match by {
                // As the person's own language sorts names (É with E, case aside),
                // by the browser, which carries the tables the wasm then need not.
                SortBy::Name => js_sys::JsString::from(a.display_name.as_str())
                    .locale_compare(
                        &b.display_name,
                        &js_sys::Array::new(),
                        &js_sys::Object::new(),
                    )
                    .cmp(&0),
                SortBy::Email => a.email.cmp(&b.email),
                SortBy::Tokens => a.token_count.cmp(&b.token_count),
            };
            if ascending { order } else { order.reverse() }.then(Ordering::Equal)
        });
        rows
    };

    view! {
        <section class="page contacts-logins">
            <h1>"Contacts & Logins"</h1>
            <p class="lead">"The logins of your organization. Right-click a login, or use its actions button, to change its roles."</p>
            <Feedback changes=changes/>
            <div class="toolbar">
                <button class="primary" on:click=move |_| adding.set(true)>"Add login"</button>
                <Show when=viewer_is_token_admin>
                    <button class="secondary" on:click=move |_| service_account.set(Some(None))>"Add service account"</button>
                </Show>
                <label class="search">"Search"
                    <input type="search" name="search" placeholder="Name or email"
                        on:input=move |event| search.set(event_target_value(&event))/>
                </label>
            </div>
            {move || logins.get().map(|loaded| match loaded {
                Err(error) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
                Ok(list) => view! {
                    <Grid label="Contacts & Logins">
                        <thead>
                            <tr>
                                {header("Name", SortBy::Name)}
                                {header("Email", SortBy::Email)}
                                <th scope="col">"System administrator"</th>
                                <th scope="col">"Activated"</th>
                                <th scope="col">"Personal role"</th>
                                <th scope="col">"Admin role"</th>
                                {header("Tokens", SortBy::Tokens)}
                                <th scope="col" class="actions"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {sorted(list.logins).into_iter().map(|login| view! { <LoginGridRow login=login menu=menu/> }).collect_view()}
                        </tbody>
                    </Grid>
                }.into_any(),
            })}
            // Under the grid, once it is there: drawn before it, the grid's
            // arrival would push it down.
            <Show when=move || logins.with(Option::is_some)>
                <p class="hint-text">"The organization's token policy, log retention and webhook are on "
                    <a href="/organization">"Organization settings"</a>"."</p>
            </Show>
        </section>
        <Show when=move || adding.get()>
            <AddLoginDialog
                on_close=Callback::new(move |()| adding.set(false))
                on_added=Callback::new(move |name: String| {
                    adding.set(false);
                    notice.set(Some(format!("{name} added. The login is activated by its first sign-in.")));
                    reload.update(|n| *n += 1);
                })
            />
        </Show>
        {move || service_account.get().map(|account| {
            let adding = account.is_none();
            view! {
                <ServiceAccountDialog
                    account=account
                    on_close=Callback::new(move |()| service_account.set(None))
                    on_saved=Callback::new(move |name: String| {
                        service_account.set(None);
                        notice.set(Some(if adding {
                            format!("{name} added. Open its API Access Tokens from its row to create its tokens.")
                        } else {
                            format!("{name} saved.")
                        }));
                        reload.update(|n| *n += 1);
                    })
                />
            }
        })}
        {move || menu.get().map(|(login, position)| view! {
            <ContextMenu
                label=format!("Actions for {}", login.display_name)
                items=menu_items(login.clone())
                position=position
                on_close=Callback::new(move |()| menu.close())
            />
        })}
    }
}

/// One login in the grid; the row menu opens from it (`RowMenu`).
#[component]
fn LoginGridRow(login: LoginRow, menu: RowMenu<LoginRow>) -> impl IntoView {
    let yes_no = |flag: bool| if flag { "Yes" } else { "No" };
    let service = login.kind == LoginKind::Service;
    let contacts = login
        .contacts
        .iter()
        .map(|contact| contact.display_name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr tabindex="0" aria-label=login.display_name.clone() class:disabled=login.disabled
            on:contextmenu=menu.on_context_menu(login.clone()) on:keydown=menu.on_row_key(login.clone())>
            <td class="name"><GridName name=login.display_name.clone()/>
                {service.then(|| view! { <span class="badge service">"Service account"</span> })}
                {login.disabled.then(|| view! { <span class="badge">"Disabled"</span> })}
                {login.description.clone().map(|description| view! { <span class="row-note">{description}</span> })}
            </td>
            <td data-label="Email">{if service {
                view! { <span class="muted">{if contacts.is_empty() {
                    "Cannot sign in. No contacts".to_owned()
                } else {
                    format!("Cannot sign in. Contacts: {contacts}")
                }}</span> }.into_any()
            } else {
                view! { <Breakable text=login.email.clone()/> }.into_any()
            }}</td>
            <td data-label="System administrator">{yes_no(login.system_admin)}</td>
            <td data-label="Activated">{match login.activated_at.clone() {
                Some(_) if service => "Never signs in".into_any(),
                Some(at) => view! { <Time at=at/> }.into_any(),
                None => "Not activated".into_any(),
            }}</td>
            <td data-label="Personal role">{yes_no(login.personal_token_role)}</td>
            <td data-label="Admin role">{yes_no(login.token_admin_role)}</td>
            <td data-label="Tokens">{login.token_count}</td>
            <td class="actions">
                <button class="row-actions" aria-haspopup="menu" aria-label=format!("Actions for {}", login.display_name)
                    on:click=menu.on_button(login.clone())>"⋯"</button>
            </td>
        </tr>
    }
}
