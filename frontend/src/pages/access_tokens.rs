//! The `Access Tokens` page (R1): the grid of a login's live tokens.

use leptos::prelude::*;

use crate::session::use_session;

#[component]
pub fn AccessTokensPage() -> impl IntoView {
    let state = use_session();
    let whose = move || {
        state.session.get().map(|session| format!("API access tokens of {}", session.login.display_name))
    };

    view! {
        <section class="page access-tokens">
            <h1>"Access Tokens"</h1>
            <p class="lead">{whose}</p>
            <table class="grid" aria-label="Access Tokens">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Scope"</th>
                        <th scope="col">"Expiry On"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Last used"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="empty"><td colspan="6">"No tokens to show yet."</td></tr>
                </tbody>
            </table>
        </section>
    }
}
