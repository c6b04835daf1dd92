//! The `Token Logs` page (R12): the log of the signed-in login's tokens, or
//! for a token admin the whole organization's, newest first, filtered by
//! token, client address, activity and result, a page at a time; each
//! AUTHENTICATE shows its client (address, country, user agent) and endpoint.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tessera_shared::endpoints::{Endpoint, TokenLogsCsv};
use tessera_shared::query::{DEFAULT_PAGE_SIZE, LogOwner, TokenLogQuery};
use tessera_shared::tokens::{Activity, AuthResult};

use crate::api;
use crate::components::grid::{Breakable, EmptyRow, Grid, GridName};
use crate::components::pager::Pager;
use crate::components::{Time, times_in};
use crate::fetched::fetched;
use crate::session::use_session;

const PAGE_SIZE: i64 = DEFAULT_PAGE_SIZE;

#[component]
pub fn TokenLogsPage() -> impl IntoView {
    let state = use_session();
    let is_token_admin = move || {
        state
            .session
            .with(|s| s.as_ref().is_some_and(|s| s.login.is_token_admin()))
    };
    // Opened from a token's row: that token's entries (`?owner=&token_id=`).
    let from_address = use_query_map().with_untracked(|params| {
        params
            .get("token_id")
            .and_then(|id| id.parse::<i64>().ok())
            .map(|id| (id, params.get("owner").and_then(|o| o.parse::<i64>().ok())))
    });
    let one_token = RwSignal::new(from_address);
    let whose = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let activity = RwSignal::new(String::new());
    let result = RwSignal::new(String::new());
    let page = RwSignal::new(1i64);

    // The filters as a query: the CSV export's; the page's adds paging.
    let filters = Memo::new(move |_| TokenLogQuery {
        owner: match (whose.get().as_str(), one_token.get()) {
            (_, Some((_, Some(owner)))) => Some(LogOwner::Login(owner)),
            ("all", _) => Some(LogOwner::Everyone),
            _ => None,
        },
        token: Some(token.get()).filter(|token| !token.is_empty()),
        token_id: one_token.get().map(|(id, _)| id),
        address: Some(address.get().trim().to_owned()).filter(|address| !address.is_empty()),
        activity: Activity::parse(&activity.get()),
        result: AuthResult::parse(&result.get()),
        page: None,
        page_size: None,
    });
    let query = Memo::new(move |_| TokenLogQuery {
        page: Some(page.get()),
        page_size: Some(PAGE_SIZE),
        ..filters.get()
    });
    // Whether any filter narrows the log (the empty grid says which it is).
    let filtered = move || {
        filters.with_untracked(|f| {
            f.token.is_some()
                || f.token_id.is_some()
                || f.address.is_some()
                || f.activity.is_some()
                || f.result.is_some()
        })
    };
    let entries = fetched(move || {
        let query = query.get();
        async move { api::token_logs(&query).await }
    });
    // Any filter change starts again from the first page.
    let filter_changed = move |signal: RwSignal<String>| {
        move |event: leptos::ev::Event| {
            signal.set(event_target_value(&event));
            page.set(1);
        }
    };

    view! {
        <section class="page token-logs">
            <h1>"Token Logs"</h1>
            <p class="lead">"Every change to your tokens and every use of them, newest first."</p>
            {move || one_token.get().map(|_| view! {
                <p class="notice one-token" role="status">
                    "Showing one token's entries. "
                    <a href="/token-logs" on:click=move |_| {
                        one_token.set(None);
                        page.set(1);
                    }>"Show every token"</a>
                </p>
            })}
            <form class="filters" on:submit=|event| event.prevent_default()>
                <Show when=is_token_admin>
                    <label>"Whose"
                        <select name="owner" on:change=filter_changed(whose)>
                            <option value="">"My tokens"</option>
                            <option value="all">"Whole organization"</option>
                        </select>
                    </label>
                </Show>
                <label>"Token"
                    <input name="token" type="search" placeholder="Any token" on:input=filter_changed(token)/>
                </label>
                <label>"Address"
                    <input name="address" type="search" placeholder="Any address" on:input=filter_changed(address)/>
                </label>
                <label>"Activity"
                    <select name="activity" on:change=filter_changed(activity)>
                        <option value="">"Any"</option>
                        {Activity::ALL.iter().map(|a| view! { <option value=a.code()>{a.code()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Result"
                    <select name="result" on:change=filter_changed(result)>
                        <option value="">"Any"</option>
                        <option value=AuthResult::Ok.code()>"OK"</option>
                        <option value=AuthResult::Fail.code()>"Fail"</option>
                    </select>
                </label>
                <a class="button secondary" download="token-logs.csv"
                    href=move || TokenLogsCsv::url((), &filters.get())>"Export CSV"</a>
            </form>
            {move || entries.get().map(|loaded| match loaded {
                Err(error) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
                Ok(log) => {
                    let current = log.page;
                    view! {
                        <Grid label="Token Logs">
                            <thead>
                                <tr>
                                    <th scope="col">"Activity On"</th>
                                    <th scope="col">"Token"</th>
                                    <th scope="col">"Activity"</th>
                                    <th scope="col">"Activity By"</th>
                                    <th scope="col">"Owner"</th>
                                    <th scope="col">"Result"</th>
                                    <th scope="col">"Detail"</th>
                                    <th scope="col">"Client"</th>
                                    <th scope="col">"Endpoint"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {if log.entries.is_empty() {
                                    let text = match filtered() {
                                        true => "No entries match these filters. Clear a filter to see more.",
                                        false => "No entries yet. Creating, editing, rotating or revoking a token, \
                                            and every call made with its token string, add one here.",
                                    };
                                    view! { <EmptyRow columns=9 text=text/> }.into_any()
                                } else {
                                    log.entries.into_iter().map(|entry| view! {
                                        <tr>
                                            <td data-label="Activity On"><Time at=entry.activity_on/></td>
                                            <td class="name"><GridName name=entry.token_name whole=true/></td>
                                            <td data-label="Activity">{entry.activity.code()}</td>
                                            <td data-label="Activity By">{entry.activity_by}</td>
                                            <td data-label="Owner">{entry.owner.unwrap_or_default()}</td>
                                            <td data-label="Result">{entry.result.map(|r| r.code()).unwrap_or_default()}</td>
                                            <td data-label="Detail">{entry.detail.as_deref().map(times_in).unwrap_or_default()}</td>
                                            <td data-label="Client" title=entry.user_agent.clone().unwrap_or_default()>
                                                {entry.client_address.clone().unwrap_or_default()}
                                                {entry.client_address.is_some().then(|| format!(
                                                    " ({})",
                                                    entry.client_country.clone().unwrap_or_else(|| "country unknown".into())
                                                ))}
                                                {entry.user_agent.clone().map(|agent| view! { <br/><span class="by">{agent}</span> })}
                                            </td>
                                            <td data-label="Endpoint"><Breakable text=entry.endpoint.unwrap_or_default()/></td>
                                        </tr>
                                    }).collect_view().into_any()
                                }}
                            </tbody>
                        </Grid>
                        <Pager page=page current=current page_size=log.page_size total=log.total noun="entries"/>
                    }.into_any()
                }
            })}
        </section>
    }
}
