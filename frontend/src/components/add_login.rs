//! The `Add login` pop-up of Contacts & Logins: a new login of the
//! organization, activated by its own first sign-in (R10).

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::EmailAddress;
use tessera_shared::logins::{CreateLoginRequest, parse_display_name, parse_new_password};

use crate::api::{self, CallError};
use crate::components::dialog::Dialog;
use crate::session::use_session;

#[component]
pub fn AddLoginDialog(on_close: Callback<()>, on_added: Callback<String>) -> impl IntoView {
    let state = use_session();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let system_admin = RwSignal::new(false);
    let personal_role = RwSignal::new(true);
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

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // The same checks the worker makes, before asking it.
        let local = parse_display_name(&name.get_untracked())
            .and(EmailAddress::check(&email.get_untracked()))
            .and(parse_new_password(&password.get_untracked()).map(drop));
        if let Err(error) = local {
            refusal.set(Some(error.into()));
            return;
        }
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let request = CreateLoginRequest {
            display_name: name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            system_admin: system_admin.get_untracked(),
            personal_token_role: personal_role.get_untracked(),
        };
        pending.set(true);
        spawn_local(async move {
            match api::create_login(&session, &request).await {
                Ok(login) => on_added.run(login.display_name),
                Err(error) => refusal.set(Some(error)),
            }
            pending.set(false);
        });
    };

    view! {
        <Dialog title="Add login".into() on_close=on_close>
            <form on:submit=submit novalidate>
                <p class="field-error form-error" role="alert">{error_for("form")}</p>
                <label for="login-name">"Name"</label>
                <input id="login-name" name="display_name" autocomplete="off" bind:value=name/>
                <p class="field-error" role="alert">{error_for("display_name")}</p>
                <label for="login-email">"Email"</label>
                <input id="login-email" name="email" type="email" autocomplete="off" bind:value=email/>
                <p class="field-error" role="alert">{error_for("email")}</p>
                <label for="login-password">"Password"</label>
                <input id="login-password" name="password" type="password" autocomplete="new-password" bind:value=password/>
                <p class="field-error" role="alert">{error_for("password")}</p>
                <label class="check"><input type="checkbox" name="system_admin" bind:checked=system_admin/>"System administrator"</label>
                <label class="check"><input type="checkbox" name="personal_token_role" bind:checked=personal_role/>"Personal role for API Tokens"</label>
                <p class="hint-text">"The login is activated by its first sign-in to Tessera; until then no token can be created for it."</p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || pending.get()>"Add login"</button>
                </div>
            </form>
        </Dialog>
    }
}
