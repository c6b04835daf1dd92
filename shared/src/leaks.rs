//! Reports of leaked token strings (R24): anyone who finds one, and
//! secret-scanning providers such as GitHub's partner program.

use serde::{Deserialize, Serialize};

/// How many strings one report may hold, as GitHub's credential revocation API.
pub const MAX_REPORTED: usize = 1000;

/// `POST /api/credentials/revoke`: strings found where they should not be.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LeakReport {
    /// 1 to 1,000 token strings.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub credentials: Vec<String>,
}

/// The answer to every accepted report, whatever it held: it never says
/// which strings were live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeakReportAccepted {
    pub message: String,
}

/// One match a secret-scanning provider reports (GitHub's partner format).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanMatch {
    /// The string found.
    pub token: String,
    /// The provider's name for the pattern that found it.
    #[serde(rename = "type")]
    pub token_type: String,
    /// Where it was found, if public.
    #[serde(default)]
    pub url: Option<String>,
    /// What it was found in (`content`, `commit`, ...).
    #[serde(default)]
    pub source: Option<String>,
}

/// `POST /api/credentials/secret-scanning`: GitHub's body, a JSON array of
/// 1 to 1,000 matches, each a JSON object.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ScanReport(#[serde(deserialize_with = "crate::json_object::list")] pub Vec<ScanMatch>);

/// Whether a reported string is a real Tessera token string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScanLabel {
    TruePositive,
    FalsePositive,
}

/// The answer for one match, as GitHub's partner feedback expects it: the
/// string by its SHA-256 (hex), never the string itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanVerdict {
    pub token_hash: String,
    pub token_type: String,
    pub label: ScanLabel,
}

/// The answer to a scan report: one verdict per match, in its order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ScanVerdicts(pub Vec<ScanVerdict>);

/// The headers a secret-scanning report is signed with (GitHub's).
pub const KEY_IDENTIFIER_HEADER: &str = "github-public-key-identifier";
pub const SIGNATURE_HEADER: &str = "github-public-key-signature";
