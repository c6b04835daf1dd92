//! The organization's records behind the token-protected API (R5): always
//! those of the token's own organization.
//!
//! Each endpoint is a `RecordsRequest`: the statements it reads, which the
//! token check runs in the same D1 batch as its own read, and the answer
//! made from their results once the token has passed.

use serde::Serialize;
use tessera_shared::query::PageQuery;
use tessera_shared::records::{MetaRecords, ReadingPage, ReportList};
use worker::{D1Database, D1PreparedStatement, D1Result};

use crate::error::{AppError, AppResult};
use crate::store::records::{self, Whose};

pub enum RecordsRequest {
    /// `GET /api/meta`: the organization and its locations.
    Meta,
    /// `GET /api/meta/reports`: the report definitions.
    Reports,
    /// `GET /api/data`: one page of monthly readings.
    Readings { page: i64, page_size: i64 },
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum RecordsAnswer {
    Meta(MetaRecords),
    Reports(ReportList),
    Readings(ReadingPage),
}

impl RecordsRequest {
    /// `/api/data`'s request (its paging checked as the query was read).
    pub fn readings(paging: PageQuery) -> Self {
        let (page, page_size) = paging.bounds();
        Self::Readings { page, page_size }
    }

    pub fn statements(
        &self,
        db: &D1Database,
        whose: &Whose,
    ) -> AppResult<Vec<D1PreparedStatement>> {
        Ok(match self {
            Self::Meta => vec![
                records::organization_name(db, whose)?,
                records::locations(db, whose)?,
            ],
            Self::Reports => vec![records::report_definitions(db, whose)?],
            Self::Readings { page, page_size } => {
                records::readings(db, whose, *page_size, (page - 1) * page_size)?.into()
            }
        })
    }

    /// The answer, from the results of `statements` in their order.
    pub fn answer(&self, results: &[D1Result]) -> AppResult<RecordsAnswer> {
        let result = |index: usize| {
            results
                .get(index)
                .ok_or_else(|| AppError::Internal("a records result is missing".into()))
        };
        Ok(match self {
            Self::Meta => RecordsAnswer::Meta(MetaRecords {
                organization: records::name_of(result(0)?)?,
                locations: records::locations_of(result(1)?)?,
            }),
            Self::Reports => RecordsAnswer::Reports(ReportList {
                reports: records::report_definitions_of(result(0)?)?,
            }),
            Self::Readings { page, page_size } => {
                let (readings, total) = records::readings_page(results)?;
                RecordsAnswer::Readings(ReadingPage {
                    readings,
                    page: *page,
                    page_size: *page_size,
                    total,
                    next_page: (page * page_size < total).then_some(page + 1),
                })
            }
        })
    }
}
