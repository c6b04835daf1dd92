//! The Access Tokens grid (R1): a page of the login's live tokens, or
//! why there are none and what one is for, each row opening the row menu
//! (`RowMenu`).

use leptos::prelude::*;
use tessera_shared::tokens::{TokenPage, TokenView};

use crate::api::CallResult;
use crate::components::grid::{EmptyRow, Grid, GridName, RowMenu, ScopeList};
use crate::components::{Time, short_date};
use crate::session::use_session;

/// What a person with no token yet reads in place of the grid's rows.
const NONE_OF_ONES_OWN: &str = "You have no tokens yet. A token lets a script or a report tool \
    (a nightly export, a Power BI refresh) read your organization's records through the API \
    without your password. Choose Create New to make one.";

#[component]
pub fn TokenGrid(
    tokens: ReadSignal<Option<CallResult<TokenPage>>>,
    search: RwSignal<String>,
    menu: RowMenu<TokenView>,
) -> impl IntoView {
    let state = use_session();
    let own_id = move || {
        state
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.login.id))
    };
    move || {
        tokens.get().map(|result| match result {
            Err(error) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
            Ok(list) => {
                let searched = search.with_untracked(|s| s.trim().to_owned());
                let empty = if list.total > 0 {
                    None
                } else if !searched.is_empty() {
                    Some(format!("No token name contains “{searched}”."))
                } else if own_id() == Some(list.owner.id) {
                    Some(NONE_OF_ONES_OWN.to_owned())
                } else {
                    Some(format!(
                        "{} has no tokens. Create New makes one for them.",
                        list.owner.display_name
                    ))
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
                                <th scope="col" class="actions"><span class="visually-hidden">"Actions"</span></th>
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
    }
}

/// One token in the grid; the row menu opens from it (`RowMenu`).
#[component]
fn TokenRow(token: TokenView, menu: RowMenu<TokenView>) -> impl IntoView {
    let status_class = format!("status status-{}", token.status.code());

    view! {
        <tr id=format!("token-row-{}", token.id) tabindex="0" aria-label=token.name.clone()
            on:contextmenu=menu.on_context_menu(token.clone()) on:keydown=menu.on_row_key(token.clone())>
            <td class="name"><GridName name=token.name.clone()/></td>
            <td data-label="Scope"><ScopeList scope=token.scope.clone() report_patterns=token.report_patterns.clone()/></td>
            <td data-label="Expiry On (UTC)"><span class="nowrap">{token.expiry_on.as_deref().map(short_date).unwrap_or_else(|| "Never".into())}</span></td>
            <td data-label="Status">
                <span class=status_class>{token.status.label()}</span>
                {token.blocked_by.map(|rule| view! { <span class="blocked-by">{rule.label()}</span> })}
                {token.approval.clone().map(|approval| view! { <span class="approval-note">{approval_note(&approval)}</span> })}
                {token.expiring_soon.then(|| view! { <span class="badge">"Expiring soon"</span> })}
                {token.rotation.as_ref().map(|overlap| view! {
                    <span class="rotating">"Previous string works until "
                        <Time at=overlap.previous_string_works_until.clone()/></span>
                })}
            </td>
            <td class="hint" data-label="Token">{token.hint.clone().unwrap_or_default()}</td>
            <td data-label="Created"><Time at=token.created_at.clone()/><br/><span class="by">{token.created_by.clone()}</span></td>
            <td data-label="Last used">{match token.last_used_at.clone() {
                Some(at) => view! { <Time at=at/> }.into_any(),
                None => "Never".into_any(),
            }}</td>
            <td class="actions">
                <button class="row-actions" aria-haspopup="menu" aria-label=format!("Actions for {}", token.name)
                    on:click=menu.on_button(token.clone())>"⋯"</button>
            </td>
        </tr>
    }
}

/// What a token's row says of its approval (R27), under its status.
fn approval_note(approval: &tessera_shared::approval::TokenApproval) -> String {
    use tessera_shared::approval::ApprovalState;
    let decided_by = approval.decided_by.as_deref().unwrap_or("a token admin");
    match approval.state {
        ApprovalState::Pending => {
            format!("Asked by {}: {}", approval.requested_by, approval.reason)
        }
        ApprovalState::Approved => format!("Approved by {decided_by}"),
        ApprovalState::Denied => format!(
            "Denied by {decided_by}: {}",
            approval.decision_reason.as_deref().unwrap_or_default()
        ),
    }
}
