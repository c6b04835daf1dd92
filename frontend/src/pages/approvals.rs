//! The `Approvals` page (R27): the tokens of the organization that wait for
//! a token admin's approval, oldest request first, with who asked, for whom,
//! the Scope, the lifetime and the reason. Each row has Approve and Deny
//! buttons (plain buttons: the keyboard reaches them in order); Deny asks for
//! the reason its requester will read. A request of one's own, or for one's
//! own token, is shown but decided by another token admin.

use leptos::prelude::*;
use tessera_shared::approval::{ApprovalDecision, Decision, PendingApproval, Reason, parse_reason};

use crate::api::{self, CallError};
use crate::components::change::{Changes, above_the_page};
use crate::components::dialog::Dialog;
use crate::components::feedback::Feedback;
use crate::components::grid::{EmptyRow, Grid, GridName, ScopeList};
use crate::components::{Time, short_date};
use crate::fetched::fetched;
use crate::session::use_session;

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let state = use_session();
    let changes = Changes::new();
    let Changes {
        pending, reload, ..
    } = changes;
    let queue = fetched(move || {
        reload.track();
        api::approvals()
    });
    // The token being denied: its pop-up asks why.
    let denying = RwSignal::new(None::<PendingApproval>);

    let decide = move |token: PendingApproval, decision: Decision, reason: Option<String>| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let request = ApprovalDecision {
            decision,
            reason,
            version: token.version,
        };
        let done = match decision {
            Decision::Approve => format!(
                "“{}” approved. {} is told and can generate its token string.",
                token.name, token.requested_by
            ),
            Decision::Deny => format!(
                "“{}” denied. {} is told why.",
                token.name, token.requested_by
            ),
        };
        changes.run(
            async move { api::decide_approval(&session, token.token_id, &request).await },
            move |_| {
                denying.set(None);
                reload.update(|n| *n += 1);
                Some(done)
            },
            above_the_page,
        );
    };

    view! {
        <section class="page approvals" aria-busy=move || queue.with(Option::is_none).to_string()>
            <h1>"Approvals"</h1>
            <p class="lead">"Tokens that wait for a token admin's approval before their token string can be generated. Your own requests, and requests for your own tokens, are decided by another token admin."</p>
            <Feedback changes=changes/>
            {move || queue.get().map(|loaded| match loaded {
                Err(error) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
                Ok(queue) => {
                    let more = (queue.total > queue.pending.len() as i64).then(|| format!(
                        "The {} oldest of {} waiting tokens are shown.", queue.pending.len(), queue.total
                    ));
                    view! {
                        <p class="hint-text">{more}</p>
                        <Grid label="Approvals">
                            <thead>
                                <tr>
                                    <th scope="col">"Token"</th>
                                    <th scope="col">"Owner"</th>
                                    <th scope="col">"Asked by"</th>
                                    <th scope="col">"Scope"</th>
                                    <th scope="col">"Lifetime"</th>
                                    <th scope="col">"Reason"</th>
                                    <th scope="col" class="actions">"Decision"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {if queue.pending.is_empty() {
                                    view! { <EmptyRow columns=7 text="No token waits for approval."/> }.into_any()
                                } else {
                                    queue.pending.into_iter().map(|token| {
                                        let approve = token.clone();
                                        let deny = token.clone();
                                        view! {
                                            <tr aria-label=token.name.clone()>
                                                <td class="name"><GridName name=token.name.clone()/></td>
                                                <td data-label="Owner">{token.owner_name.clone()}</td>
                                                <td data-label="Asked by">{token.requested_by.clone()}<br/>
                                                    <span class="by"><Time at=token.requested_at.clone()/></span></td>
                                                <td data-label="Scope"><ScopeList scope=token.scope.clone()/></td>
                                                <td data-label="Lifetime">{lifetime(&token)}</td>
                                                <td data-label="Reason" class="reason">{token.reason.clone()}</td>
                                                <td class="actions decision">{if token.decidable {
                                                    view! {
                                                        <button class="primary" disabled=move || pending.get()
                                                            aria-label=format!("Approve {}", token.name)
                                                            on:click=move |_| decide(approve.clone(), Decision::Approve, None)>"Approve"</button>
                                                        <button class="secondary" disabled=move || pending.get()
                                                            aria-label=format!("Deny {}", token.name)
                                                            on:click=move |_| denying.set(Some(deny.clone()))>"Deny"</button>
                                                    }.into_any()
                                                } else {
                                                    view! { <span class="muted">"Another token admin decides"</span> }.into_any()
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view().into_any()
                                }}
                            </tbody>
                        </Grid>
                    }.into_any()
                }
            })}
        </section>
        {move || denying.get().map(|token| view! {
            <DenyDialog token=token
                pending=pending.into()
                on_close=Callback::new(move |()| denying.set(None))
                on_deny=Callback::new(move |(token, reason): (PendingApproval, String)| {
                    decide(token, Decision::Deny, Some(reason))
                })/>
        })}
    }
}

/// "30 days, to 2027-01-06", or "Never expires".
fn lifetime(token: &PendingApproval) -> String {
    match (&token.expiry_on, token.lifetime_days) {
        (Some(expiry_on), Some(days)) => format!(
            "{}, to {}",
            tessera_shared::words::count(days, "day"),
            short_date(expiry_on)
        ),
        _ => "Never expires".to_owned(),
    }
}

/// Deny: the reason is required, and its requester reads it.
#[component]
fn DenyDialog(
    token: PendingApproval,
    pending: Signal<bool>,
    on_close: Callback<()>,
    on_deny: Callback<(PendingApproval, String)>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<CallError>);
    let name = token.name.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match parse_reason(Some(&reason.get_untracked()), Reason::Decision) {
            Ok(reason) => on_deny.run((token.clone(), reason)),
            Err(refused) => error.set(Some(refused.into())),
        }
    };
    view! {
        <Dialog title=format!("Deny {name}") on_close=on_close>
            <form on:submit=submit novalidate>
                <label for="deny-reason">"Reason"</label>
                <textarea id="deny-reason" name="reason" rows="3"
                    aria-describedby="deny-reason-error"
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=move || reason.get()
                    on:input=move |event| reason.set(event_target_value(&event))></textarea>
                <p class="field-error" id="deny-reason-error" role="alert">{move || error.get().map(|e| e.message())}</p>
                <div class="dialog-actions">
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || pending.get()>"Deny token"</button>
                </div>
            </form>
        </Dialog>
    }
}
