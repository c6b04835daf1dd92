//! The `Add service account` and `Edit service account` pop-ups of Contacts
//! & Logins (R28): a login no person owns, with what it is for and the
//! people who hear about its tokens.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::logins::LoginRow;
use tessera_shared::service_accounts::{
    CreateServiceAccountRequest, LoginKind, MAX_CONTACTS, parse_contacts, parse_description,
    parse_name,
};

use crate::api::{self, CallError};
use crate::components::dialog::Dialog;
use crate::fetched::fetched;
use crate::session::use_session;

/// `account`: the service account being edited; `None` adds one.
#[component]
pub fn ServiceAccountDialog(
    account: Option<LoginRow>,
    on_close: Callback<()>,
    on_saved: Callback<String>,
) -> impl IntoView {
    let state = use_session();
    let id = account.as_ref().map(|account| account.id);
    let name = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.display_name.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        account
            .as_ref()
            .and_then(|a| a.description.clone())
            .unwrap_or_default(),
    );
    let contacts = RwSignal::new(
        account
            .as_ref()
            .map(|a| a.contacts.iter().map(|c| c.id).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let refusal = RwSignal::new(None::<CallError>);
    let pending = RwSignal::new(false);
    let error_for = move |field: &'static str| {
        move || {
            refusal
                .get()
                .filter(|r| r.field().unwrap_or("form") == field)
                .map(|r| r.message())
        }
    };
    let title = if id.is_some() {
        "Edit service account"
    } else {
        "Add service account"
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // The same checks the worker makes, before asking it.
        let local = parse_name(&name.get_untracked())
            .and(parse_description(&description.get_untracked()))
            .and(parse_contacts(&contacts.get_untracked()));
        if let Err(error) = local {
            refusal.set(Some(error.into()));
            return;
        }
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let request = CreateServiceAccountRequest {
            display_name: name.get_untracked(),
            description: description.get_untracked(),
            contact_login_ids: contacts.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            match api::save_service_account(&session, id, &request).await {
                Ok(saved) => on_saved.run(saved.display_name),
                Err(error) => refusal.set(Some(error)),
            }
            pending.set(false);
        });
    };
    // The organization's enabled people: who can be listed as contacts.
    let logins = fetched(|| api::list_logins(""));
    let person = move |person: LoginRow| {
        let person_id = person.id;
        let checked = move || contacts.with(|ids| ids.contains(&person_id));
        let toggle = move |event| {
            let on = event_target_checked(&event);
            contacts.update(|ids| {
                ids.retain(|id| *id != person_id);
                if on {
                    ids.push(person_id);
                }
            });
        };
        view! {
            <label class="check">
                <input type="checkbox" name="contact" value=person_id.to_string()
                    prop:checked=checked on:change=toggle/>
                {person.display_name.clone()}
                <span class="muted">{format!(" ({})", person.email)}</span>
            </label>
        }
    };
    let people = move || {
        logins.get().map(|loaded| match loaded {
            Err(error) => {
                view! { <p class="field-error" role="alert">{error.message()}</p> }.into_any()
            }
            Ok(list) => list
                .logins
                .into_iter()
                .filter(|login| login.kind == LoginKind::Person && !login.disabled)
                .map(person)
                .collect_view()
                .into_any(),
        })
    };

    view! {
        <Dialog title=title.into() on_close=on_close>
            <form on:submit=submit novalidate>
                <p class="field-error form-error" role="alert">{error_for("form")}</p>
                <label for="service-name">"Name"</label>
                <input id="service-name" name="display_name" autocomplete="off" bind:value=name/>
                <p class="field-error" role="alert">{error_for("display_name")}</p>
                <label for="service-description">"Description"</label>
                <textarea id="service-description" name="description" rows="3"
                    placeholder="What its tokens are for, and which system uses them"
                    bind:value=description></textarea>
                <p class="field-error" role="alert">{error_for("description")}</p>
                <fieldset class="contacts">
                    <legend>{format!("Contacts (at most {MAX_CONTACTS})")}</legend>
                    <p class="hint-text">"They and the token admins get the warnings about its tokens."</p>
                    {people}
                </fieldset>
                <p class="field-error" role="alert">{error_for("contact_login_ids")}</p>
                <p class="hint-text">"A service account has no password and cannot sign in. Its tokens keep working whoever leaves; disabling it stops them all at once."</p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || pending.get()>{title}</button>
                </div>
            </form>
        </Dialog>
    }
}
