//! The `Token Inventory` page (R13): every live token of the organization for
//! its token admins, filtered (expired, expiring within N days, never used),
//! a page at a time; select tokens to revoke them in one confirmed action, or
//! export the filtered list as CSV. Each row's last use has a spark line of
//! its requests over 30 days under it, and the week's busiest and
//! most-failing tokens show above the grid.

use std::collections::BTreeMap;

use leptos::prelude::*;
use tessera_shared::endpoints::{Endpoint, InventoryCsv};
use tessera_shared::inventory::InventoryRow;
use tessera_shared::query::{
    DEFAULT_EXPIRING_DAYS, InventoryExportQuery, InventoryKind, InventoryQuery, MAX_EXPIRING_DAYS,
};
use tessera_shared::service_accounts::LoginKind;

use crate::api;
use crate::components::change::Changes;
use crate::components::dialog::Dialog;
use crate::components::feedback::Feedback;
use crate::components::grid::{Breakable, EmptyRow, Grid, GridName, ScopeList};
use crate::components::pager::Pager;
use crate::components::usage_chart::SparkLine;
use crate::components::{Time, short_date};
use crate::fetched::fetched;
use crate::session::use_session;

mod week;
use week::WeekAtAGlance;

const PAGE_SIZE: i64 = 100;

#[component]
pub fn TokenInventoryPage() -> impl IntoView {
    let state = use_session();
    let kind = RwSignal::new(InventoryKind::All);
    let days = RwSignal::new(DEFAULT_EXPIRING_DAYS);
    let page = RwSignal::new(1i64);
    // The tokens ticked, with what the confirmation names them by.
    let selected = RwSignal::new(BTreeMap::<i64, Ticked>::new());
    let confirming = RwSignal::new(false);
    let changes = Changes::new();
    let Changes {
        pending, reload, ..
    } = changes;

    // The filter as the export's query: the page's query adds paging.
    let filter = Memo::new(move |_| InventoryExportQuery {
        filter: Some(kind.get()),
        days: (kind.get() == InventoryKind::Expiring).then(|| days.get()),
    });
    let rows = fetched(move || {
        reload.track();
        let filter = filter.get();
        let query = InventoryQuery {
            filter: filter.filter,
            days: filter.days,
            page: Some(page.get()),
            page_size: Some(PAGE_SIZE),
        };
        async move { api::inventory(&query).await }
    });
    let restart = move || {
        page.set(1);
        selected.set(BTreeMap::new());
    };
    let revoke = move |_| {
        let Some(session) = state.session.get_untracked() else {
            return;
        };
        let ids: Vec<i64> = selected.get_untracked().into_keys().collect();
        changes.run(
            async move { api::bulk_revoke(&session, ids).await },
            move |result| {
                confirming.set(false);
                restart();
                Some(format!(
                    "{} revoked.",
                    tessera_shared::words::count(result.revoked, "token")
                ))
            },
            move |error| {
                confirming.set(false);
                Some(error)
            },
        );
    };

    view! {
        <section class="page token-inventory">
            <h1>"Token Inventory"</h1>
            <p class="lead">"Every live token of your organization."</p>
            <Feedback changes=changes/>
            <form class="filters" on:submit=|event| event.prevent_default()>
                <label>"Show"
                    <select name="filter" on:change=move |event| {
                        kind.set(InventoryKind::parse(&event_target_value(&event)).unwrap_or_default());
                        restart();
                    }>
                        {InventoryKind::ALL.map(|kind| view! { <option value=kind.code()>{kind.label()}</option> }).collect_view()}
                    </select>
                </label>
                <Show when=move || kind.get() == InventoryKind::Expiring>
                    <label>"Days"
                        <input name="days" type="number" min=0 max=MAX_EXPIRING_DAYS prop:value=move || days.get().to_string()
                            on:change=move |event| {
                                let typed = event_target_value(&event).parse().ok();
                                days.set(typed.filter(|days| (0..=MAX_EXPIRING_DAYS).contains(days)).unwrap_or(DEFAULT_EXPIRING_DAYS));
                                restart();
                            }/>
                    </label>
                </Show>
                <a class="button secondary" download="token-inventory.csv"
                    href=move || InventoryCsv::url((), &filter.get())>"Export CSV"</a>
            </form>
            {move || rows.get().map(|loaded| match loaded {
                Err(error) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
                Ok(inventory) => {
                    let current = inventory.page;
                    let page_rows: Vec<(i64, Ticked)> = inventory.rows.iter().map(Ticked::of).collect();
                    let all_ids: Vec<i64> = page_rows.iter().map(|(id, _)| *id).collect();
                    let all_selected = move || !all_ids.is_empty() && selected.with(|s| all_ids.iter().all(|id| s.contains_key(id)));
                    view! {
                        <Grid label="Token Inventory">
                            <thead>
                                <tr>
                                    <th scope="col">
                                        <input type="checkbox" aria-label="Select every token on this page"
                                            prop:checked=all_selected
                                            on:change=move |event| {
                                                let checked = event_target_checked(&event);
                                                selected.update(|s| for (id, ticked) in &page_rows {
                                                    if checked { s.insert(*id, ticked.clone()); } else { s.remove(id); }
                                                });
                                            }/>
                                    </th>
                                    <th scope="col">"Owner"</th>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Scope"</th>
                                    <th scope="col">"Expiry On " <span class="zone">"(UTC)"</span></th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Last used" <br/><span class="zone">"requests, 30 days"</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {if inventory.rows.is_empty() {
                                    view! { <EmptyRow columns=7 text=nothing_to_show(kind.get_untracked(), days.get_untracked())/> }.into_any()
                                } else {
                                    inventory.rows.into_iter().map(|row| {
                                        let (id, ticked) = Ticked::of(&row);
                                        view! {
                                            <tr aria-label=row.token.name.clone()>
                                                <td class="select"><input type="checkbox" aria-label=format!("Select {}", row.token.name)
                                                    prop:checked=move || selected.with(|s| s.contains_key(&id))
                                                    on:change=move |event| {
                                                        let checked = event_target_checked(&event);
                                                        let ticked = ticked.clone();
                                                        selected.update(|s| { if checked { s.insert(id, ticked); } else { s.remove(&id); } });
                                                    }/></td>
                                                <td data-label="Owner">{row.owner_name}{match row.owner_kind {
                                                    // R28: no person owns it, and its identifier is no one's address.
                                                    LoginKind::Service => view! { <span class="badge service">"Service account"</span> }.into_any(),
                                                    LoginKind::Person => view! { <br/><span class="by"><Breakable text=row.owner_email/></span> }.into_any(),
                                                }}</td>
                                                <td class="name"><GridName name=row.token.name.clone()/></td>
                                                <td data-label="Scope"><ScopeList scope=row.token.scope.clone() report_patterns=row.token.report_patterns.clone()/></td>
                                                <td data-label="Expiry On (UTC)"><span class="nowrap">{row.token.expiry_on.as_deref().map(short_date).unwrap_or_else(|| "Never".into())}</span></td>
                                                <td data-label="Status">
                                                    <span class=format!("status status-{}", row.token.status.code())>{row.token.status.label()}</span>
                                                    {row.token.blocked_by.map(|rule| view! { <span class="blocked-by">{rule.label()}</span> })}
                                                    {row.token.expiring_soon.then(|| view! { <span class="badge">"Expiring soon"</span> })}
                                                </td>
                                                <td data-label="Last used">
                                                    {match row.token.last_used_at.clone() {
                                                        Some(at) => view! { <Time at=at/> }.into_any(),
                                                        None => "Never".into_any(),
                                                    }}
                                                    <SparkLine requests_by_day=row.requests_by_day/>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view().into_any()
                                }}
                            </tbody>
                        </Grid>
                        <Pager page=page current=current page_size=inventory.page_size total=inventory.total noun="tokens"/>
                    }.into_any()
                }
            })}
            // The action stays beside the ticked rows, at the window's foot,
            // wherever the person scrolled to; it looks (and is) off with none.
            // It comes with the grid: on a phone it follows the grid, and
            // drawn before it, the grid's arrival would push it down.
            <Show when=move || rows.with(Option::is_some)>
            <div class="selection-bar" role="group" aria-label="Selected tokens">
                <span>{move || match selected.with(BTreeMap::len) {
                    0 => "No token selected".to_owned(),
                    count => format!("{} selected", tessera_shared::words::count(count as i64, "token")),
                }}</span>
                <button type="button" class="secondary" disabled=move || selected.with(BTreeMap::is_empty)
                    on:click=move |_| selected.set(BTreeMap::new())>"Clear selection"</button>
                <button type="button" class="danger" disabled=move || selected.with(BTreeMap::is_empty)
                    on:click=move |_| confirming.set(true)>
                    {move || format!("Revoke selected ({})", selected.with(BTreeMap::len))}
                </button>
            </div>
            </Show>
            // Below the grid, once it is there: neither pushes the other.
            <Show when=move || rows.with(Option::is_some)>
                <WeekAtAGlance/>
            </Show>
        </section>
        <Show when=move || confirming.get()>
            <Dialog title="Revoke Tokens".into() on_close=Callback::new(move |()| confirming.set(false))>
                <p>{move || format!("Revoke {}?", tessera_shared::words::count(selected.with(BTreeMap::len) as i64, "selected token"))}</p>
                <ul class="revoking">
                    {move || selected.get().into_values().map(|ticked| view! {
                        <li><strong>{ticked.name}</strong>" of "{ticked.owner}</li>
                    }).collect_view()}
                </ul>
                <p class="warning">"This cannot be undone. Their token strings stop working at once. \
                    If any of them can no longer be revoked, none is."</p>
                <div class="dialog-actions">
                    <button class="secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    <button class="danger" disabled=move || pending.get() on:click=revoke>"Revoke Tokens"</button>
                </div>
            </Dialog>
        </Show>
    }
}

/// What the grid says when the filter `kind` finds no token.
fn nothing_to_show(kind: InventoryKind, days: i64) -> String {
    match kind {
        InventoryKind::All => "Your organization has no live tokens. Each login makes its own on its Access Tokens page.".into(),
        InventoryKind::Expiring => format!(
            "No token expires within {}.",
            tessera_shared::words::count(days, "day")
        ),
        InventoryKind::Expired => "No token has expired.".into(),
        InventoryKind::NeverUsed => "Every token has been used at least once.".into(),
    }
}

/// A ticked token, as the confirmation names it: its name and its owner.
#[derive(Clone)]
struct Ticked {
    name: String,
    owner: String,
}

impl Ticked {
    fn of(row: &InventoryRow) -> (i64, Self) {
        let owner = format!("{} ({})", row.owner_name, row.owner_email);
        (
            row.token.id,
            Self {
                name: row.token.name.clone(),
                owner,
            },
        )
    }
}
