//! `POST /api/credentials/revoke` (anyone) and
//! `POST /api/credentials/secret-scanning` (a secret-scanning provider,
//! signed): leaked token strings, revoked at once.

use tessera_shared::callers::ScanProvider;
use tessera_shared::endpoints::{RevokeLeaked, SecretScanning};
use tessera_shared::json_object::Object;
use tessera_shared::leaks::{
    KEY_IDENTIFIER_HEADER, LeakReport, LeakReportAccepted, MAX_REPORTED, SIGNATURE_HEADER,
    ScanLabel, ScanReport, ScanVerdict, ScanVerdicts,
};
use tessera_shared::{ApiError, ErrorCode};
use worker::Response;

use super::caller::{Authenticate, Call, Handler, Proof};
use crate::error::{AppError, AppResult};
use crate::http;
use crate::secret::TokenHash;
use crate::services::{self, auth::scan_signature, tokens::leaks};

/// A report of 1,000 strings with room to spare: GitHub's matches carry
/// their URLs too.
const MAX_REPORT_BYTES: usize = 512 * 1024;

/// The one answer to every accepted report.
const ACCEPTED: &str =
    "Thank you. Every live token a reported string belongs to is revoked, and its owner is told.";

impl Handler for RevokeLeaked {
    async fn handle(call: Call<'_>, (): Proof<Self>) -> AppResult<Response> {
        let client_address = http::client_address(call.request);
        if let Some(retry_after) = leaks::over_limit(call.env, &client_address).await {
            return Err(AppError::TooManyAttempts { retry_after });
        }
        let (_, Object(report)): (_, Object<LeakReport>) =
            http::read_json_within(call.request, MAX_REPORT_BYTES).await?;
        check_count(report.credentials.len(), "credentials")?;
        let db = services::database(call.env)?;
        let found = format!(
            "reported to POST /api/credentials/revoke from {}",
            tessera_shared::sign_in_throttle::address_key(&client_address)
        );
        leaks::report(call.env, &db, &report.credentials, &found, call.now).await?;
        let answer = LeakReportAccepted {
            message: ACCEPTED.to_owned(),
        };
        Ok(http::answer::<Self>(202, &answer))
    }
}

/// A report whose signature a configured provider key verifies.
pub struct SignedReport(ScanReport);

impl Authenticate for ScanProvider {
    type Proof = SignedReport;

    async fn authenticate(call: &mut Call<'_>) -> AppResult<SignedReport> {
        let client_address = http::client_address(call.request);
        let headers = call.request.headers();
        let key_identifier = headers.get(KEY_IDENTIFIER_HEADER)?;
        let signature = headers.get(SIGNATURE_HEADER)?;
        let (body, report): (_, ScanReport) =
            http::read_json_within(call.request, MAX_REPORT_BYTES).await?;
        let keys = crate::config::secret_scanning_public_keys(call.env);
        let Err(why) = scan_signature::verify(
            keys.as_deref(),
            key_identifier.as_deref(),
            signature.as_deref(),
            &body,
        ) else {
            return Ok(SignedReport(report));
        };
        // Only refused reports count against the address: a provider's
        // signed reports are never slowed down.
        if let Some(retry_after) = leaks::over_limit(call.env, &client_address).await {
            return Err(AppError::TooManyAttempts { retry_after });
        }
        Err(AppError::refused(
            ErrorCode::InvalidSignature,
            format!("This report's signature cannot be verified: {why}."),
        ))
    }
}

impl Handler for SecretScanning {
    async fn handle(call: Call<'_>, SignedReport(report): Proof<Self>) -> AppResult<Response> {
        check_count(report.0.len(), "body")?;
        let db = services::database(call.env)?;
        let strings: Vec<String> = report.0.iter().map(|found| found.token.clone()).collect();
        let place = |found: &tessera_shared::leaks::ScanMatch| {
            let source = found.source.as_deref().unwrap_or("unknown source");
            match found.url.as_deref().filter(|url| !url.is_empty()) {
                Some(url) => format!("found by secret scanning in {source} at {url}"),
                None => format!("found by secret scanning in {source}"),
            }
        };
        // One report may name several places; each token's entry names the first.
        let found = report.0.first().map(place).unwrap_or_default();
        let findings = leaks::report(call.env, &db, &strings, &found, call.now).await?;
        let verdicts = report
            .0
            .iter()
            .zip(findings)
            .map(|(found, finding)| ScanVerdict {
                token_hash: finding.hash.map_or_else(
                    || crate::secret::sha256_hex(&found.token),
                    TokenHash::into_string,
                ),
                token_type: found.token_type.clone(),
                label: match finding.real {
                    true => ScanLabel::TruePositive,
                    false => ScanLabel::FalsePositive,
                },
            })
            .collect();
        Ok(http::answer::<Self>(200, &ScanVerdicts(verdicts)))
    }
}

fn check_count(count: usize, field: &str) -> AppResult<()> {
    if (1..=MAX_REPORTED).contains(&count) {
        return Ok(());
    }
    Err(AppError::Refused(
        ApiError::new(
            ErrorCode::ValidationFailed,
            format!("Report 1 to {MAX_REPORTED} token strings at a time."),
        )
        .on_field(field),
    ))
}
