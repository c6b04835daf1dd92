//! Whether a token limited to named reports (R29) reaches what a request
//! reads. Judged after the token itself has passed, on every request: a
//! report added later is covered when its name matches, refused when not.
//! A refused name is refused whether or not such a report exists, so the
//! answer tells the holder nothing about reports it may not read.

use tessera_shared::{ApiError, ErrorCode, TokenRefusal};

use crate::error::AppError;
use crate::services::auth::refusal::Refusal;
use crate::services::tokens::report_patterns::ReportLimit;
use crate::store::records::Reach;

/// `Err` holds the log's detail and the refusal, as the token check's own
/// judgement does.
// The refusal is built at most once a request; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub fn judge(limit: &ReportLimit, reach: Reach) -> Result<(), (String, Refusal)> {
    let ReportLimit::Only(patterns) = limit else {
        return Ok(());
    };
    match reach {
        Reach::NoReport | Reach::ReportList => Ok(()),
        Reach::Report(name) if limit.allows(name) => Ok(()),
        Reach::Report(_) => Err((
            "report not in its patterns".into(),
            report_not_allowed(format!(
                "This token may read only reports whose names match {}, \
                 and this report's name matches none of them.",
                patterns.describe()
            )),
        )),
        Reach::EveryReport => Err((
            "every report at once, limited to named reports".into(),
            report_not_allowed(format!(
                "This token may read only reports whose names match {}: \
                 read each one with GET /api/data/{{report_name}}.",
                patterns.describe()
            )),
        )),
    }
}

fn report_not_allowed(message: String) -> Refusal {
    let mut error = ApiError::new(ErrorCode::InsufficientScope, message);
    error.reason = Some(TokenRefusal::ReportNotAllowed);
    Refusal {
        error: AppError::Refused(error),
        challenge: r#"Bearer realm="tessera", error="insufficient_scope""#.into(),
        expiration: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::auth::api_auth::tests::token;

    /// The limit of a token whose column holds `patterns`.
    fn limited(patterns: &str) -> ReportLimit {
        ReportLimit::of(Some(patterns))
    }

    fn refused(credential: &ReportLimit, reach: Reach) -> Option<(String, TokenRefusal, u16)> {
        let (detail, refusal) = judge(credential, reach).err()?;
        let status = refusal.error.status();
        match refusal.error {
            AppError::Refused(error) => Some((detail, error.reason?, status)),
            _ => None,
        }
    }

    #[test]
    fn a_token_with_no_patterns_reaches_every_report() {
        let every = ReportLimit::of(token().report_patterns.as_deref());
        for reach in [
            Reach::NoReport,
            Reach::Report("Anything"),
            Reach::ReportList,
            Reach::EveryReport,
        ] {
            assert!(judge(&every, reach).is_ok(), "{reach:?}");
        }
    }

    #[test]
    fn a_limited_token_reads_the_reports_its_patterns_match_and_no_other() {
        let energy = limited(r#"["Energy*"]"#);
        assert!(judge(&energy, Reach::Report("Energy by location")).is_ok());
        assert!(judge(&energy, Reach::Report("energy 2027, added later")).is_ok());
        assert!(judge(&energy, Reach::NoReport).is_ok());
        assert!(
            judge(&energy, Reach::ReportList).is_ok(),
            "the list is filtered instead"
        );
        let (detail, reason, status) =
            refused(&energy, Reach::Report("Water by location")).unwrap();
        assert_eq!(
            (detail.as_str(), reason, status),
            (
                "report not in its patterns",
                TokenRefusal::ReportNotAllowed,
                403
            )
        );
        let (_, reason, status) = refused(&energy, Reach::EveryReport).unwrap();
        assert_eq!((reason, status), (TokenRefusal::ReportNotAllowed, 403));
    }

    #[test]
    fn the_refusal_names_the_patterns_not_other_reports() {
        let (_, refusal) = judge(
            &limited(r#"["Energy*","Water use 2026"]"#),
            Reach::Report("Secret"),
        )
        .err()
        .unwrap();
        let AppError::Refused(error) = refusal.error else {
            panic!("a refusal");
        };
        assert!(
            error.message.contains("Energy*, Water use 2026"),
            "{}",
            error.message
        );
        assert!(!error.message.contains("Secret"), "{}", error.message);
    }

    #[test]
    fn a_column_that_cannot_be_read_reaches_no_report_but_the_rest_still_works() {
        let unreadable = limited("not json");
        assert!(judge(&unreadable, Reach::Report("Energy by location")).is_err());
        assert!(judge(&unreadable, Reach::EveryReport).is_err());
        assert!(judge(&unreadable, Reach::NoReport).is_ok());
    }
}
