//! The organization's records the token-protected API returns (R5).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub id: i64,
    pub name: String,
    pub city: String,
    pub country: String,
    pub kind: String,
}

/// `GET /api/meta` (Meta Record scope).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetaRecords {
    pub organization: String,
    pub locations: Vec<Location>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDefinition {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub frequency: String,
    /// The readings' metric the report is made of (`Electricity`, `Water`):
    /// `GET /api/data/{report_name}` answers those.
    pub metric: String,
}

/// `GET /api/meta/reports` (Meta Record scope).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportList {
    pub reports: Vec<ReportDefinition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reading {
    pub id: i64,
    pub location_id: i64,
    /// `YYYY-MM`
    pub month: String,
    pub metric: String,
    pub value: f64,
    pub unit: String,
}

/// `GET /api/data?page=&page_size=` (Report Record scope), in id order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadingPage {
    pub readings: Vec<Reading>,
    pub page: i64,
    pub page_size: i64,
    pub total: i64,
    /// The next page's number, if there is one.
    pub next_page: Option<i64>,
}

/// `GET /api/data/{report_name}?page=&page_size=` (Report Record scope): one
/// report's definition and a page of its readings, in id order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportData {
    pub report: ReportDefinition,
    pub readings: Vec<Reading>,
    pub page: i64,
    pub page_size: i64,
    pub total: i64,
    /// The next page's number, if there is one.
    pub next_page: Option<i64>,
}
