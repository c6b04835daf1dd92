//! The Access Tokens page's pop-ups: Create New, Edit Token, the Generate
//! and Revoke confirmations and the generated token string. They are a wasm
//! chunk of their own (`#[wasm_split]`), about a third of the page's code:
//! the grid shows without them, and the page fetches them when a visitor
//! shows they may open one (the row menu opens, the pointer or focus reaches
//! Create New).

use leptos::prelude::*;
use tessera_shared::tokens::{GracePeriod, TokenView};
use wasm_split_helpers::{SplitLoaderError, wasm_split};

use super::pop_up::{Actions, Open};
use crate::components::dialog::Dialog;
use crate::components::generated_token::GeneratedTokenDialog;
use crate::components::token_form::{TokenForm, TokenFormValues};

/// The pop-up `open`. The first call fetches the chunk; it fails when the
/// chunk cannot be fetched.
#[wasm_split(token_dialogs, fallible, preload(preload))]
pub fn dialog(open: Open, context: super::actions::Context) -> Result<AnyView, SplitLoaderError> {
    let actions = super::actions::token_actions(context);
    let Actions {
        refusal,
        pending,
        policy,
        default_allowlist,
        approval,
        close,
        create,
        edit,
        generate,
        rotate,
        revoke,
    } = actions;
    Ok(match open {
        Open::Create => view! {
            <Dialog title="Create New".into() on_close=close>
                <TokenForm
                    initial=TokenFormValues {
                        name: String::new(),
                        expiry: "30_days".into(),
                        scope: Vec::new(),
                        self_rotation: false,
                        allowed_addresses: default_allowlist.get_untracked(),
                        report_patterns: Vec::new(),
                        approval_reason: None,
                    }
                    submit_label="Save"
                    refusal=refusal.into()
                    pending=pending.into()
                    on_submit=create
                    on_cancel=close
                    policy=policy.get_untracked()
                    approval=approval.get_untracked()
                    organization_allowlist=default_allowlist.get_untracked()
                />
            </Dialog>
        }
        .into_any(),
        Open::Edit(token) => {
            let initial = TokenFormValues {
                name: token.name.clone(),
                expiry: token.expiry_on.clone().unwrap_or_else(|| "never".into()),
                scope: token.scope.clone(),
                self_rotation: token.self_rotation,
                allowed_addresses: token.allowed_addresses.clone(),
                report_patterns: token.report_patterns.clone(),
                approval_reason: token.approval.as_ref().map(|a| a.reason.clone()),
            };
            view! {
                <Dialog title="Edit Token".into() on_close=close>
                    <TokenForm
                        initial=initial
                        submit_label="Save"
                        refusal=refusal.into()
                        pending=pending.into()
                        on_submit=Callback::new(move |values| edit.run((token.clone(), values)))
                        on_cancel=close
                        policy=policy.get_untracked()
                        approval=approval.get_untracked()
                    organization_allowlist=default_allowlist.get_untracked()
                        warning="Saving any change, even to the name only, stops the current token string at once: you will need to generate a new one."
                    />
                </Dialog>
            }
            .into_any()
        }
        Open::ConfirmGenerate(token) => view! {
            <Confirm title="Generate Token" asking="Generate a new token string for " token=token
                warning="Its current token string stops working at once, and every script using \
                    it fails until it has the new one. To change over without an outage, use \
                    Rotate Token instead: the current string keeps working for a grace period."
                button_class="danger" on_confirm=generate actions=actions/>
        }
        .into_any(),
        Open::Rotate(token) => {
            view! { <RotateToken token=token on_rotate=rotate actions=actions/> }.into_any()
        }
        Open::NewString(new_string) => view! {
            <GeneratedTokenDialog new_string=new_string on_close=close/>
        }
        .into_any(),
        Open::ConfirmRevoke(token) => view! {
            <Confirm title="Revoke Token" asking="Revoke " token=token
                warning="This cannot be undone. Its token string stops working at once, \
                    and the token disappears from this page."
                button_class="danger" on_confirm=revoke actions=actions/>
        }
        .into_any(),
        // The page loads the usage panel from its own chunk.
        Open::Usage(_) => ().into_any(),
    })
}

/// A question about one token (`asking` and its name), what answering yes
/// does, and the button, labelled like the pop-up, that does it.
#[component]
fn Confirm(
    title: &'static str,
    asking: &'static str,
    token: TokenView,
    warning: &'static str,
    button_class: &'static str,
    on_confirm: Callback<TokenView>,
    actions: Actions,
) -> impl IntoView {
    let Actions {
        refusal,
        pending,
        close,
        ..
    } = actions;
    let name = token.name.clone();
    view! {
        <Dialog title=title.into() on_close=close>
            <p>{asking} <strong>{name}</strong> "?"</p>
            <p class="warning">{warning}</p>
            <p class="field-error" role="alert">{move || refusal.get().map(|r| r.message())}</p>
            <div class="dialog-actions">
                <button class="secondary" on:click=move |_| close.run(())>"Cancel"</button>
                <button class=button_class disabled=move || pending.get()
                    on:click=move |_| on_confirm.run(token.clone())>{title}</button>
            </div>
        </Dialog>
    }
}

/// Rotate Token: a new string, while the current one keeps working for the
/// grace period chosen here (or until the new one is first used).
#[component]
fn RotateToken(
    token: TokenView,
    on_rotate: Callback<(TokenView, GracePeriod)>,
    actions: Actions,
) -> impl IntoView {
    let Actions {
        refusal,
        pending,
        close,
        ..
    } = actions;
    let grace = RwSignal::new(GracePeriod::OneDay);
    let name = token.name.clone();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        on_rotate.run((token.clone(), grace.get_untracked()));
    };
    view! {
        <Dialog title="Rotate Token".into() on_close=close>
            <form on:submit=on_submit>
                <p>"Make a new token string for " <strong>{name}</strong>
                    ", and keep the current one working while your scripts move to it."</p>
                <fieldset>
                    <legend>"The current token string keeps working for"</legend>
                    {GracePeriod::ALL.into_iter().map(|choice| view! {
                        <label class="check">
                            <input type="radio" name="grace" value=choice.code()
                                prop:checked=move || grace.get() == choice
                                on:change=move |_| grace.set(choice)/>
                            {choice.label()}
                        </label>
                    }).collect_view()}
                </fieldset>
                <p class="hint-text">"It stops sooner if the new token string is used first, \
                    and never works past the token's Expiry On."</p>
                <p class="field-error" role="alert">{move || refusal.get().map(|r| r.message())}</p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || pending.get()>"Rotate Token"</button>
                </div>
            </form>
        </Dialog>
    }
}
