//! `GET /api/logins?search=` (Contacts & Logins), `POST /api/logins` (add one) and
//! `POST /api/logins/{id}/changes` (role and flag changes): system administrators only;
//! `POST /api/service-accounts` and `PUT /api/service-accounts/{id}` (R28): token admins.

use tessera_shared::endpoints::{
    ChangeLogin, CreateLogin, CreateServiceAccount, EditServiceAccount, ListLogins,
};
use tessera_shared::logins::LoginRow;
use worker::Response;

use super::caller::{Call, Handler, Proof, no_content};
use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::Bindings;
use crate::services::auth::session::SignedInLogin;
use crate::services::organization::{logins, service_accounts};

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
        Ok(http::answer::<Self>(
            201,
            &listed(&bindings, &caller, id).await?,
        ))
    }
}

/// Login `id` as Contacts & Logins lists it, after a change.
async fn listed(bindings: &Bindings, admin: &impl SignedInLogin, id: i64) -> AppResult<LoginRow> {
    logins::row(bindings, &admin.actor(), id)
        .await?
        .ok_or_else(|| AppError::Internal("a saved login is missing".into()))
}

impl Handler for CreateServiceAccount {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let bindings = call.bindings()?;
        let id = service_accounts::create(&bindings, &caller, &body, call.now.seconds()).await?;
        Ok(http::answer::<Self>(
            201,
            &listed(&bindings, &caller, id).await?,
        ))
    }
}

impl Handler for EditServiceAccount {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let bindings = call.bindings()?;
        let id = call.id()?;
        service_accounts::edit(&bindings, &caller, id, &body).await?;
        Ok(http::answer::<Self>(
            200,
            &listed(&bindings, &caller, id).await?,
        ))
    }
}
