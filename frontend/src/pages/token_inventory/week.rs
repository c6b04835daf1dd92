//! The organization's week at a glance, below the inventory: the tokens
//! with the most requests and the most failed requests over the last 7
//! days, from the worker's daily counters.

use leptos::prelude::*;
use tessera_shared::usage::TokenWeek;

use crate::api;
use crate::components::grid::Breakable;
use crate::fetched::fetched;

#[component]
pub fn WeekAtAGlance() -> impl IntoView {
    let week = fetched(api::organization_usage);
    view! {
        <section class="week" aria-labelledby="week-title">
            <h2 id="week-title">"This week"</h2>
            {move || week.get().map(|loaded| match loaded {
                Err(error) => view! { <p class="page-error" role="alert">{error.message()}</p> }.into_any(),
                Ok(week) => view! {
                    <p class="hint-text">"Since " {week.first_day.clone()} " (UTC), today included."</p>
                    <div class="week-lists">
                        <Leaders title="Busiest tokens" id="busiest" tokens=week.busiest
                            empty="No token was used this week."/>
                        <Leaders title="Most failing tokens" id="most-failing" tokens=week.most_failing
                            empty="No request failed this week."/>
                    </div>
                }.into_any(),
            })}
        </section>
    }
}

#[component]
fn Leaders(
    title: &'static str,
    id: &'static str,
    tokens: Vec<TokenWeek>,
    empty: &'static str,
) -> impl IntoView {
    let heading = format!("{id}-title");
    view! {
        <div class="leaders">
            <h3 id=heading.clone()>{title}</h3>
            {if tokens.is_empty() {
                view! { <p>{empty}</p> }.into_any()
            } else {
                view! {
                    <ol aria-labelledby=heading>
                        {tokens.into_iter().map(|token| view! {
                            <li>
                                <span class="name"><Breakable text=token.token_name/></span>
                                {token.revoked.then(|| view! { <span class="badge">"Revoked"</span> })}
                                <span class="by">{token.owner_name}</span>
                                <span class="counts">{format!("{} OK, {} Fail", token.ok, token.fail)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </div>
    }
}
