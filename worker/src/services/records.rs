//! The organization's records behind the token-protected API (R5): always
//! those of the token's own organization.
//!
//! Each endpoint is a `RecordsRequest`: what it reads, which the store reads
//! in the same D1 batch as the token check's own read, and the answer made
//! from it once the token has passed.

use crate::error::{AppError, AppResult};
use crate::store::records::{Records, RecordsRead};
use serde::Serialize;
use tessera_shared::ErrorCode;
use tessera_shared::query::PageQuery;
use tessera_shared::records::{MetaRecords, ReadingPage, ReportData, ReportDefinition, ReportList};

fn no_such_report() -> AppError {
    AppError::refused(
        ErrorCode::NotFound,
        "Your organization has no report of that name: GET /api/meta/reports lists them.",
    )
}

pub enum RecordsRequest {
    /// `GET /api/meta`: the organization and its locations.
    Meta,
    /// `GET /api/meta/reports`: the report definitions.
    Reports,
    /// `GET /api/data`: one page of monthly readings.
    Readings { page: i64, page_size: i64 },
    /// `GET /api/meta/reports/{report_name}`: one report definition.
    Report { name: String },
    /// `GET /api/data/{report_name}`: one report and a page of its readings.
    ReportReadings {
        name: String,
        page: i64,
        page_size: i64,
    },
    /// `GET /api/tokens/self`, `POST /api/tokens/self/rotate`: the token alone.
    TokenItself,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum RecordsAnswer {
    Meta(MetaRecords),
    Reports(ReportList),
    Readings(ReadingPage),
    Report(ReportDefinition),
    ReportReadings(ReportData),
}

impl RecordsRequest {
    /// `/api/data`'s request (its paging checked as the query was read).
    pub fn readings(paging: PageQuery) -> Self {
        let (page, page_size) = paging.bounds();
        Self::Readings { page, page_size }
    }

    /// `/api/data/{report_name}`'s request.
    pub fn report_readings(name: String, paging: PageQuery) -> Self {
        let (page, page_size) = paging.bounds();
        Self::ReportReadings {
            name,
            page,
            page_size,
        }
    }

    /// What the store reads for it.
    pub fn read(&self) -> RecordsRead {
        match self {
            Self::Meta => RecordsRead::Meta,
            Self::Reports => RecordsRead::Reports,
            Self::Readings { page, page_size } => RecordsRead::Readings {
                limit: *page_size,
                offset: (page - 1) * page_size,
            },
            Self::Report { name } => RecordsRead::Report { name: name.clone() },
            Self::ReportReadings {
                name,
                page,
                page_size,
            } => RecordsRead::ReportReadings {
                name: name.clone(),
                limit: *page_size,
                offset: (page - 1) * page_size,
            },
            Self::TokenItself => RecordsRead::Nothing,
        }
    }

    /// The answer, from what the store read.
    pub fn answer(&self, records: Records) -> AppResult<RecordsAnswer> {
        Ok(match (self, records) {
            (
                Self::Meta,
                Records::Meta {
                    organization,
                    locations,
                },
            ) => RecordsAnswer::Meta(MetaRecords {
                organization: organization
                    .ok_or_else(|| AppError::Internal("organization missing".into()))?,
                locations,
            }),
            (Self::Reports, Records::Reports(reports)) => {
                RecordsAnswer::Reports(ReportList { reports })
            }
            (Self::Readings { page, page_size }, Records::Readings { readings, total }) => {
                RecordsAnswer::Readings(ReadingPage {
                    readings,
                    page: *page,
                    page_size: *page_size,
                    total,
                    next_page: (page * page_size < total).then_some(page + 1),
                })
            }
            (Self::Report { .. }, Records::Report(report)) => {
                RecordsAnswer::Report(report.ok_or_else(no_such_report)?)
            }
            (
                Self::ReportReadings {
                    page, page_size, ..
                },
                Records::ReportReadings {
                    report,
                    readings,
                    total,
                },
            ) => RecordsAnswer::ReportReadings(ReportData {
                report: report.ok_or_else(no_such_report)?,
                readings,
                page: *page,
                page_size: *page_size,
                total,
                next_page: (page * page_size < total).then_some(page + 1),
            }),
            _ => return Err(AppError::Internal("records of another endpoint".into())),
        })
    }
}
