//! A browser-like client signed in as one login, and the endpoints'
//! requests from it as the contract defines them.

use super::*;

/// A browser-like client signed in as one login, with typed calls for the
/// portal's token endpoints. Each call returns the raw response so tests can
/// check status codes and bodies alike.
pub struct Portal<'a> {
    pub app: &'a TestApp,
    pub client: Client,
    pub csrf_token: String,
    pub login_id: i64,
    session_id: String,
}

impl TestApp {
    /// Signs in `email` (a demo login) in a new client.
    pub async fn portal(&self, email: &str) -> Portal<'_> {
        let client = self.new_client();
        let response = self.sign_in_with(&client, email, DEMO_PASSWORD).await;
        if response.status() != 200 {
            // Who answered, and why: the body, and what the runtime printed last.
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            let log = self.runtime_log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            panic!(
                "signing in as {email}: {status} {body}\nthe runtime's log ends:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .expect("a cookie")
            .to_owned();
        let session_id = cookie
            .split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map(|(_, id)| id.to_owned());
        let session: tessera_shared::SessionInfo = response.json().await.expect("session info");
        Portal {
            app: self,
            client,
            csrf_token: session.csrf_token,
            login_id: session.login.id,
            session_id: session_id.expect("the session cookie"),
        }
    }

    /// `count` tokens of the demo login `email`, generated and expiring in
    /// a week, and the daily run that gives it a notice of each.
    pub async fn expiring_tokens(&self, email: &str, count: u32) {
        let owner = self.portal(email).await;
        for n in 1..=count {
            let response = owner
                .create_token(
                    owner.login_id,
                    &format!("Expiring export {n}"),
                    "7_days",
                    &["meta_record"],
                )
                .await;
            assert_eq!(response.status(), 201, "creating an expiring token");
            let token: tessera_shared::tokens::TokenView =
                response.json().await.expect("the new token");
            assert_eq!(owner.generate(token.id).await.status(), 200);
        }
        self.run_scheduled().await;
        assert!(
            owner.notices().await.len() >= count as usize,
            "a notice of each expiring token"
        );
    }

    /// Known traffic for a token whose Scope is Meta Record alone: `ok`
    /// requests it is accepted for (`GET /api/meta`), then `fail` refused
    /// for being outside its Scope (`GET /api/data`), each a `Fail` that
    /// names the token.
    pub async fn known_traffic(&self, token_string: &str, ok: u32, fail: u32) {
        for _ in 0..ok {
            let response = self.api_get(endpoints::Meta::PATH, token_string).await;
            assert_eq!(response.status(), 200);
        }
        for _ in 0..fail {
            let response = self.api_get(endpoints::Data::PATH, token_string).await;
            assert_eq!(response.status(), 403, "out of Scope: a Fail for the token");
        }
    }

    /// Endpoint `E`'s request as a script sends it: method and path from
    /// the contract, `Authorization: Bearer token_string`.
    pub fn api_request<E: Endpoint>(
        &self,
        id: E::Id,
        token_string: &str,
    ) -> reqwest::RequestBuilder {
        self.script_client()
            .request(method_of(E::ROUTE), self.url(&E::path(id)))
            .bearer_auth(token_string)
    }

    /// Endpoint `E` answered to `token_string`, with `query` written as
    /// text after the `?` (malformed ones included).
    pub async fn use_token_with_query<E: Endpoint<Id = ()>>(
        &self,
        query: &str,
        token_string: &str,
    ) -> Response {
        self.api_get(&with_query_text(E::path(()), query), token_string)
            .await
    }

    /// Endpoint `E` (`Meta`, `Data`, `MetaReports`: no id in the path, no
    /// query) answered to `token_string`.
    pub async fn use_token<E: Endpoint<Id = ()>>(&self, token_string: &str) -> Response {
        self.api_request::<E>((), token_string)
            .send()
            .await
            .expect("answered")
    }

    /// `GET path` with `Authorization: Bearer token_string`, as a script
    /// would call the API: for a path with a query (`Data::url`), or one a
    /// test writes by hand.
    pub async fn api_get(&self, path: &str, token_string: &str) -> Response {
        self.script_client()
            .get(self.url(path))
            .bearer_auth(token_string)
            .send()
            .await
            .expect("answered")
    }
}

impl Portal<'_> {
    /// The session id the cookie carries, for tools that take a raw header.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// Any request, with the CSRF header and an optional JSON body; the status and the body text.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, String) {
        let mut request = self.send(method, path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("answered");
        (
            response.status().as_u16(),
            response.text().await.expect("a body"),
        )
    }

    fn send(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.app.url(path))
            .header(endpoints::CSRF_HEADER, &self.csrf_token)
    }

    /// Endpoint `E`'s request from this browser, as its definition says:
    /// method, path with `id`, and the CSRF header. The query, when a test
    /// sends one, goes on the path as text (malformed ones included).
    pub fn request<E: Endpoint>(&self, id: E::Id) -> reqwest::RequestBuilder {
        self.send(method_of(E::ROUTE), &E::path(id))
    }

    /// Endpoint `E`'s answer to this browser, sent without a body.
    pub async fn get<E: Endpoint>(&self, id: E::Id) -> Response {
        self.request::<E>(id).send().await.expect("answered")
    }

    /// Endpoint `E`'s answer, read as the type its definition documents.
    pub async fn read<E: Endpoint>(&self, id: E::Id) -> E::Answer {
        let response = self.get::<E>(id).await;
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.expect("the documented answer")
    }

    /// Endpoint `E`'s answer with `query` written as text after the `?`
    /// (`page=2&page_size=10`; malformed ones included; empty: none).
    pub async fn get_with_query<E: Endpoint>(&self, id: E::Id, query: &str) -> Response {
        self.send(method_of(E::ROUTE), &with_query_text(E::path(id), query))
            .send()
            .await
            .expect("answered")
    }

    /// The first page of `owner_login_id`'s tokens, as the API answers it.
    pub async fn list_tokens(&self, owner_login_id: i64) -> Response {
        self.list_tokens_with(owner_login_id, "").await
    }

    /// `GET /api/logins/{owner_login_id}/tokens?{query}` (`page=2&page_size=10&search=x`).
    pub async fn list_tokens_with(&self, owner_login_id: i64, query: &str) -> Response {
        self.get_with_query::<endpoints::ListTokens>(owner_login_id, query)
            .await
    }

    /// One page of `owner_login_id`'s tokens, asserting the list is allowed.
    pub async fn token_page(
        &self,
        owner_login_id: i64,
        query: &str,
    ) -> tessera_shared::tokens::TokenPage {
        let response = self.list_tokens_with(owner_login_id, query).await;
        assert_eq!(response.status(), 200, "listing with {query:?}");
        response.json().await.expect("a token page")
    }

    /// Every live token of `owner_login_id` in the list's order, page after
    /// page, asserting the list is allowed.
    pub async fn tokens_of(&self, owner_login_id: i64) -> Vec<tessera_shared::tokens::TokenView> {
        let mut tokens = Vec::new();
        for page in 1.. {
            let listed = self
                .token_page(owner_login_id, &format!("page={page}&page_size=200"))
                .await;
            let last = page >= listed.pages();
            tokens.extend(listed.tokens);
            if last {
                break;
            }
        }
        tokens
    }

    pub async fn create_token(
        &self,
        owner_login_id: i64,
        name: &str,
        expiry: &str,
        scope: &[&str],
    ) -> Response {
        self.request::<endpoints::CreateToken>(owner_login_id)
            .json(&json!({ "name": name, "expiry": expiry, "scope": scope }))
            .send()
            .await
            .expect("answered")
    }

    /// Creates a token for oneself, asserting success.
    pub async fn new_token(&self, name: &str, scope: &[&str]) -> tessera_shared::tokens::TokenView {
        let response = self
            .create_token(self.login_id, name, "30_days", scope)
            .await;
        assert_eq!(response.status(), 201, "creating {name}");
        response.json().await.expect("the new token")
    }

    pub async fn generate(&self, token_id: i64) -> Response {
        self.request::<endpoints::GenerateToken>(token_id)
            .send()
            .await
            .expect("answered")
    }

    /// This login's notices not dismissed yet, newest first: their messages.
    /// The login's notices as `GET /api/notices` lists them.
    pub async fn notice_list(&self) -> Vec<tessera_shared::notices::Notice> {
        self.read::<endpoints::ListNotices>(()).await.notices
    }

    pub async fn notices(&self) -> Vec<String> {
        self.read::<endpoints::ListNotices>(())
            .await
            .notices
            .into_iter()
            .map(|notice| notice.message)
            .collect()
    }

    /// Generates a string for `token_id`, asserting success; returns it.
    pub async fn token_string(&self, token_id: i64) -> String {
        let response = self.generate(token_id).await;
        assert_eq!(response.status(), 200, "generating token {token_id}");
        response
            .json::<tessera_shared::tokens::GeneratedToken>()
            .await
            .expect("generated")
            .token_string
    }

    pub async fn edit(&self, token_id: i64, body: serde_json::Value) -> Response {
        self.request::<endpoints::EditToken>(token_id)
            .json(&body)
            .send()
            .await
            .expect("answered")
    }

    pub async fn revoke(&self, token_id: i64) -> Response {
        self.request::<endpoints::RevokeToken>(token_id)
            .send()
            .await
            .expect("answered")
    }

    pub async fn token_logs(&self, query: &str) -> Response {
        self.get_with_query::<endpoints::TokenLogs>((), query).await
    }
}
