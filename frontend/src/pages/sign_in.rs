//! The `Sign in` page. The form checks fields with the same `shared`
//! validation the worker runs, and shows the worker's refusals as they come.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use tessera_shared::{EmailAddress, Password, SignInRequest};

use crate::api::{self, CallError};
use crate::session::use_session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let state = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let submit = Action::new_local(move |request: &SignInRequest| {
        let request = request.clone();
        async move { api::sign_in(&request).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(session)) => {
            state.session.set(Some(session));
            navigate("/access-tokens", Default::default());
        }
        Some(Err(error)) => show_refusal(error, email_error, password_error, form_error),
        None => {}
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        form_error.set(None);
        let email_check = EmailAddress::check(&email.get_untracked());
        let password_check = Password::parse(&password.get_untracked());
        email_error.set(email_check.as_ref().err().map(ToString::to_string));
        password_error.set(password_check.as_ref().err().map(ToString::to_string));
        if email_check.is_ok() && password_check.is_ok() {
            submit.dispatch(SignInRequest {
                email: email.get_untracked(),
                password: password.get_untracked(),
            });
        }
    };

    view! {
        <Show when=move || state.session.get().is_some()>
            <Redirect path="/access-tokens"/>
        </Show>
        <section class="page sign-in">
            <h1>"Sign in"</h1>
            <p class="lead">"Sign in to Tessera to manage your API access tokens."</p>
            <form on:submit=on_submit novalidate>
                <FieldError error=form_error id="sign-in-error"/>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required
                    aria-invalid=move || email_error.get().is_some().to_string()
                    aria-describedby="email-error"
                    bind:value=email/>
                <FieldError error=email_error id="email-error"/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-invalid=move || password_error.get().is_some().to_string()
                    aria-describedby="password-error"
                    bind:value=password/>
                <FieldError error=password_error id="password-error"/>
                <button type="submit" class="primary" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </section>
    }
}

/// Puts a refusal next to the field it names, or above the form.
fn show_refusal(
    error: CallError,
    email_error: RwSignal<Option<String>>,
    password_error: RwSignal<Option<String>>,
    form_error: RwSignal<Option<String>>,
) {
    match error.field() {
        Some("email") => email_error.set(Some(error.message())),
        Some("password") => password_error.set(Some(error.message())),
        _ => form_error.set(Some(error.message())),
    }
}

#[component]
fn FieldError(error: RwSignal<Option<String>>, id: &'static str) -> impl IntoView {
    view! { <p class="field-error" id=id role="alert">{move || error.get()}</p> }
}
