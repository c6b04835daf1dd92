//! The Access Tokens grid (R1): a page of the login's live tokens, or
//! why there are none, each row opening the row menu (`RowMenu`).

use leptos::prelude::*;
use tessera_shared::tokens::{TokenPage, TokenView};

use crate::api::CallResult;
use crate::components::grid::{EmptyRow, Grid, RowMenu};
use crate::components::short_time;

#[component]
pub fn TokenGrid(
    tokens: ReadSignal<Option<CallResult<TokenPage>>>,
    search: RwSignal<String>,
    menu: RowMenu<TokenView>,
) -> impl IntoView {
    move || {
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
            <td data-label="Scope">{scope}</td>
            <td data-label="Expiry On (UTC)">{token.expiry_on.clone().unwrap_or_else(|| "Never".into())}</td>
            <td data-label="Status">
                <span class=status_class>{token.status.label()}</span>
                {token.expiring_soon.then(|| view! { <span class="badge">"Expiring soon"</span> })}
                {token.rotation.as_ref().map(|overlap| view! {
                    <span class="rotating">"Previous string works until "
                        {short_time(&overlap.previous_string_works_until)}</span>
                })}
            </td>
            <td class="hint" data-label="Token">{token.hint.clone().unwrap_or_default()}</td>
            <td data-label="Created">{short_time(&token.created_at)}<br/><span class="by">{token.created_by.clone()}</span></td>
            <td data-label="Last used">{token.last_used_at.as_deref().map(short_time).unwrap_or_else(|| "Never".into())}</td>
            <td class="actions">
                <button class="row-actions" aria-haspopup="menu" aria-label=format!("Actions for {}", token.name)
                    on:click=menu.on_button(token.clone())>"⋯"</button>
            </td>
        </tr>
    }
}
