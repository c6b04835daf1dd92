//! The token-protected API (R5): `GET /api/meta`, `GET /api/meta/reports`,
//! `GET /api/meta/reports/{report_name}` (Meta Record scope), `GET /api/data`
//! and `GET /api/data/{report_name}` (Report Record scope), and the token's
//! own `GET /api/tokens/self` and `POST /api/tokens/self/rotate` (no scope).
//!
//! Each endpoint's handler says what it reads; `serve` has the token checked
//! (`services::auth::token_check`) in the same D1 batch as that read, then hands
//! the handler the proof its declared caller names and what was read. Every
//! answer to a known token says when its string stops working.

use tessera_shared::ScopeName;
use tessera_shared::callers::{Declared, MetaRecordToken, ReportRecordToken, TokenItself};
use tessera_shared::endpoints::{
    ACCEPTED_SCOPES_HEADER, Data, Endpoint, Meta, MetaReport, MetaReports, ReportReadings,
    RotateSelf, TOKEN_EXPIRATION_HEADER, TokenSelf,
};
use tessera_shared::tokens::PresentedString;
use worker::Response;

use super::caller::Call;
use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::auth::api_auth::Refusal;
use crate::services::auth::token_check::{self, TokenRequest};
use crate::services::{records, tokens};
use crate::store::credentials::Credential;
use crate::store::records::{self as read, RecordsRead};

/// A token caller declaration: the scope it needs, and what it proves.
pub trait TokenCaller: Declared {
    const SCOPE: Option<ScopeName>;
    type Proof;

    /// The proof, from the token that passed (`None` for Basic credentials,
    /// which name a login) and when its string stops working.
    fn proof(
        token: Option<(Credential, PresentedString)>,
        expiration: Option<String>,
    ) -> AppResult<Self::Proof>;
}

/// A token-protected endpoint's handler.
pub trait TokenHandler: Endpoint<Caller: TokenCaller> {
    /// What the request says: its path, query or body, read before the token check.
    type Input;
    /// What it reads in the token check's batch.
    type Reads: RecordsRead;

    async fn input(call: &mut Call<'_>) -> AppResult<Self::Input>;

    fn reads(input: &Self::Input) -> &Self::Reads;

    async fn handle(
        call: Call<'_>,
        caller: <Self::Caller as TokenCaller>::Proof,
        input: Self::Input,
        found: <Self::Reads as RecordsRead>::Found,
    ) -> AppResult<Response>;
}

/// The token behind a request to the token's own endpoints.
pub struct TheToken {
    credential: Credential,
    presented: PresentedString,
    expiration: Option<String>,
}

impl TokenCaller for MetaRecordToken {
    const SCOPE: Option<ScopeName> = Some(ScopeName::MetaRecord);
    type Proof = ();

    fn proof(_: Option<(Credential, PresentedString)>, _: Option<String>) -> AppResult<()> {
        Ok(())
    }
}

impl TokenCaller for ReportRecordToken {
    const SCOPE: Option<ScopeName> = Some(ScopeName::ReportRecord);
    type Proof = ();

    fn proof(_: Option<(Credential, PresentedString)>, _: Option<String>) -> AppResult<()> {
        Ok(())
    }
}

impl TokenCaller for TokenItself {
    const SCOPE: Option<ScopeName> = None;
    type Proof = TheToken;

    fn proof(
        token: Option<(Credential, PresentedString)>,
        expiration: Option<String>,
    ) -> AppResult<TheToken> {
        let (credential, presented) = token.ok_or_else(|| {
            AppError::forbidden(
                "Basic credentials name a login, not a token: send the token string as Authorization: Bearer.",
            )
        })?;
        Ok(TheToken {
            credential,
            presented,
            expiration,
        })
    }
}

/// Checks the request's token for `E`'s declared caller, reading what `E`
/// reads in the same batch, and answers with `E`'s handler.
pub async fn serve<E: TokenHandler>(mut call: Call<'_>) -> AppResult<Response> {
    let input = E::input(&mut call).await?;
    let request = TokenRequest {
        authorization: call.request.headers().get("authorization")?,
        client_address: http::client_address(call.request),
        request_id: http::request_id(call.request),
        usage: http::usage(call.request),
    };
    let scope = <E::Caller as TokenCaller>::SCOPE;
    let reads = E::reads(&input);
    let outcome = token_check::check(call.env, call.ctx, &request, scope, reads, call.now).await?;
    let response = match outcome {
        Ok(passed) => {
            let expiration = passed.expiration.clone();
            let answer = match E::Caller::proof(passed.token, passed.expiration) {
                Ok(caller) => E::handle(call, caller, input, passed.records).await,
                Err(error) => Err(error),
            };
            let response = answer.unwrap_or_else(AppError::into_response);
            if let Some(expiration) = expiration {
                response
                    .headers()
                    .set(TOKEN_EXPIRATION_HEADER, &expiration)?;
            }
            response
        }
        Err(refusal) => refused(refusal)?,
    };
    if let Some(id) = request.request_id {
        response.headers().set(http::REQUEST_ID_HEADER, &id)?;
    }
    Ok(response)
}

/// A refusal with its challenge, and what the string may know: when it
/// stops working, and the scope it lacks.
fn refused(refusal: Refusal) -> AppResult<Response> {
    let scope_needed = match &refusal.error {
        AppError::Refused(error) => error.scope_needed,
        _ => None,
    };
    let response = refusal.error.into_response();
    let headers = response.headers();
    headers.set("www-authenticate", &refusal.challenge)?;
    if let Some(expiration) = refusal.expiration {
        headers.set(TOKEN_EXPIRATION_HEADER, &expiration)?;
    }
    if let Some(scope) = scope_needed {
        headers.set(ACCEPTED_SCOPES_HEADER, scope.code())?;
    }
    Ok(response)
}

impl TokenHandler for Meta {
    type Input = read::Meta;
    type Reads = read::Meta;

    async fn input(_: &mut Call<'_>) -> AppResult<read::Meta> {
        Ok(read::Meta)
    }

    fn reads(input: &read::Meta) -> &read::Meta {
        input
    }

    async fn handle(
        _: Call<'_>,
        (): (),
        _: read::Meta,
        found: <read::Meta as RecordsRead>::Found,
    ) -> AppResult<Response> {
        Ok(http::answer::<Self>(200, &records::meta(found)?))
    }
}

impl TokenHandler for MetaReports {
    type Input = read::Reports;
    type Reads = read::Reports;

    async fn input(_: &mut Call<'_>) -> AppResult<read::Reports> {
        Ok(read::Reports)
    }

    fn reads(input: &read::Reports) -> &read::Reports {
        input
    }

    async fn handle(
        _: Call<'_>,
        (): (),
        _: read::Reports,
        found: <read::Reports as RecordsRead>::Found,
    ) -> AppResult<Response> {
        Ok(http::answer::<Self>(200, &records::reports(found)))
    }
}

impl TokenHandler for MetaReport {
    type Input = read::Report;
    type Reads = read::Report;

    async fn input(call: &mut Call<'_>) -> AppResult<read::Report> {
        Ok(read::Report { name: call.name()? })
    }

    fn reads(input: &read::Report) -> &read::Report {
        input
    }

    async fn handle(
        _: Call<'_>,
        (): (),
        _: read::Report,
        found: <read::Report as RecordsRead>::Found,
    ) -> AppResult<Response> {
        Ok(http::answer::<Self>(200, &records::report(found)?))
    }
}

impl TokenHandler for Data {
    type Input = read::Readings;
    type Reads = read::Readings;

    async fn input(call: &mut Call<'_>) -> AppResult<read::Readings> {
        Ok(records::readings_of(call.query::<Self>()?))
    }

    fn reads(input: &read::Readings) -> &read::Readings {
        input
    }

    async fn handle(
        _: Call<'_>,
        (): (),
        input: read::Readings,
        found: <read::Readings as RecordsRead>::Found,
    ) -> AppResult<Response> {
        Ok(http::answer::<Self>(200, &records::readings(&input, found)))
    }
}

impl TokenHandler for ReportReadings {
    type Input = read::ReportReadings;
    type Reads = read::ReportReadings;

    async fn input(call: &mut Call<'_>) -> AppResult<read::ReportReadings> {
        let paging = call.query::<Self>()?;
        Ok(records::report_readings_of(call.name()?, paging))
    }

    fn reads(input: &read::ReportReadings) -> &read::ReportReadings {
        input
    }

    async fn handle(
        _: Call<'_>,
        (): (),
        input: read::ReportReadings,
        found: <read::ReportReadings as RecordsRead>::Found,
    ) -> AppResult<Response> {
        Ok(http::answer::<Self>(
            200,
            &records::report_readings(&input, found)?,
        ))
    }
}

/// The calling token, as it may know itself.
impl TokenHandler for TokenSelf {
    type Input = ();
    type Reads = read::Nothing;

    async fn input(_: &mut Call<'_>) -> AppResult<()> {
        Ok(())
    }

    fn reads((): &()) -> &read::Nothing {
        &read::Nothing
    }

    async fn handle(call: Call<'_>, token: TheToken, (): (), (): ()) -> AppResult<Response> {
        let now = call.now.seconds();
        let answer = tokens::itself::introspection(
            &token.credential,
            token.presented,
            token.expiration,
            now,
        );
        Ok(http::answer::<Self>(200, &answer))
    }
}

/// A token allowed to rotate itself does, with its current string.
impl TokenHandler for RotateSelf {
    type Input = <Self as Endpoint>::Body;
    type Reads = read::Nothing;

    async fn input(call: &mut Call<'_>) -> AppResult<Self::Input> {
        call.body::<Self>().await
    }

    fn reads(_: &Self::Input) -> &read::Nothing {
        &read::Nothing
    }

    async fn handle(
        call: Call<'_>,
        token: TheToken,
        body: Self::Input,
        (): (),
    ) -> AppResult<Response> {
        let (bindings, now) = (call.bindings()?, call.now);
        let (credential, presented) = (&token.credential, token.presented);
        let rotated =
            tokens::itself::rotate_self(call.env, &bindings, credential, presented, body, now)
                .await?;
        Ok(http::answer::<Self>(200, &rotated))
    }
}
