//! `GET /api/logins?search=` (Contacts & Logins), `POST /api/logins` (add one) and
//! `POST /api/logins/{id}/changes` (role and flag changes): system administrators only.

use tessera_shared::endpoints::{ChangeLogin, CreateLogin, ListLogins};
use worker::Response;

use super::caller::{Call, Handler, Proof, no_content};
use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::auth::session::SignedInLogin;
use crate::services::organization::logins;

impl Handler for ListLogins {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let query = call.query::<Self>()?;
        let list = logins::list(&call.bindings()?, &caller, query.search.as_deref()).await?;
        Ok(http::answer::<Self>(200, &list))
    }
}

impl Handler for ChangeLogin {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        logins::change(&call.bindings()?, &caller.actor(), call.id()?, body.change).await?;
        no_content()
    }
}

impl Handler for CreateLogin {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let bindings = call.bindings()?;
        let id = logins::create(&bindings, &caller, body, call.now.seconds()).await?;
        let created = logins::list(&bindings, &caller, None)
            .await?
            .logins
            .into_iter()
            .find(|login| login.id == id)
            .ok_or_else(|| AppError::Internal("a created login is missing".into()))?;
        Ok(http::answer::<Self>(201, &created))
    }
}
