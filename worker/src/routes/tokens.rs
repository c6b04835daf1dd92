//! `/api/logins/{id}/tokens?page=&page_size=&search=` (list, create) and
//! `/api/tokens/{id}` (edit, revoke, generate, rotate) for the signed-in
//! portal. Whose tokens a login may manage (R1, R9) is decided by the
//! service, which knows the token's owner.

use tessera_shared::endpoints::{
    CreateToken, EditToken, GenerateToken, ListTokens, RevokeToken, RotateToken,
};
use worker::Response;

use super::caller::{Call, Handler, Proof, no_content};
use crate::error::AppResult;
use crate::http;
use crate::services::tokens;

impl Handler for ListTokens {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let query = call.query::<Self>()?;
        let (owner_login_id, now) = (call.id()?, call.now.seconds());
        let bindings = call.bindings()?;
        let list = tokens::list(&bindings, &caller.actor(), owner_login_id, query, now).await?;
        Ok(http::answer::<Self>(200, &list))
    }
}

impl Handler for CreateToken {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let (owner_login_id, now) = (call.id()?, call.now);
        let bindings = call.bindings()?;
        let token = tokens::create(&bindings, &caller.actor(), owner_login_id, body, now).await?;
        Ok(http::answer::<Self>(201, &token))
    }
}

impl Handler for EditToken {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let (token_id, now) = (call.id()?, call.now);
        let bindings = call.bindings()?;
        let token = tokens::edit(&bindings, &caller.actor(), token_id, body, now).await?;
        Ok(http::answer::<Self>(200, &token))
    }
}

impl Handler for GenerateToken {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let (token_id, now) = (call.id()?, call.now);
        let bindings = call.bindings()?;
        let generated = tokens::generate(&bindings, &caller.actor(), token_id, now).await?;
        Ok(http::answer::<Self>(200, &generated))
    }
}

impl Handler for RotateToken {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let (token_id, now) = (call.id()?, call.now);
        let bindings = call.bindings()?;
        let rotated = tokens::rotate(&bindings, &caller.actor(), token_id, body, now).await?;
        Ok(http::answer::<Self>(200, &rotated))
    }
}

impl Handler for RevokeToken {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let (token_id, now) = (call.id()?, call.now);
        tokens::revoke(&call.bindings()?, &caller.actor(), token_id, now).await?;
        no_content()
    }
}
