//! The organization's records behind the token-protected API (R5): always
//! those of the token's own organization. Each endpoint's read
//! (`store::records`) is made in the same D1 batch as the token check's own
//! read; these shape what it found into the endpoint's answer once the
//! token has passed.

use tessera_shared::ErrorCode;
use tessera_shared::query::PageQuery;
use tessera_shared::records::{
    Location, MetaRecords, Reading, ReadingPage, ReportData, ReportDefinition, ReportList,
};

use crate::error::{AppError, AppResult};
use crate::store::records::{Page, Readings, ReportReadings};

fn no_such_report() -> AppError {
    AppError::refused(
        ErrorCode::NotFound,
        "Your organization has no report of that name: GET /api/meta/reports lists them.",
    )
}

/// `GET /api/meta`: the organization and its locations.
pub fn meta((organization, locations): (Option<String>, Vec<Location>)) -> AppResult<MetaRecords> {
    Ok(MetaRecords {
        organization: organization
            .ok_or_else(|| AppError::Internal("organization missing".into()))?,
        locations,
    })
}

/// `GET /api/meta/reports`: the report definitions.
pub fn reports(reports: Vec<ReportDefinition>) -> ReportList {
    ReportList { reports }
}

/// `GET /api/meta/reports/{report_name}`: one report definition.
pub fn report(report: Option<ReportDefinition>) -> AppResult<ReportDefinition> {
    report.ok_or_else(no_such_report)
}

/// What `/api/data` reads for `paging` (checked as the query was read).
pub fn readings_of(paging: PageQuery) -> Readings {
    let (page, page_size) = paging.bounds();
    Readings { page, page_size }
}

/// What `/api/data/{report_name}` reads.
pub fn report_readings_of(name: String, paging: PageQuery) -> ReportReadings {
    let (page, page_size) = paging.bounds();
    ReportReadings {
        name,
        page,
        page_size,
    }
}

/// `GET /api/data`: one page of monthly readings.
pub fn readings(read: &Readings, found: Page<Reading>) -> ReadingPage {
    let (page, page_size) = (read.page, read.page_size);
    ReadingPage {
        readings: found.rows,
        page,
        page_size,
        total: found.total,
        next_page: (page * page_size < found.total).then_some(page + 1),
    }
}

/// `GET /api/data/{report_name}`: one report and a page of its readings.
pub fn report_readings(
    read: &ReportReadings,
    (report, found): (Option<ReportDefinition>, Page<Reading>),
) -> AppResult<ReportData> {
    let (page, page_size) = (read.page, read.page_size);
    Ok(ReportData {
        report: report.ok_or_else(no_such_report)?,
        readings: found.rows,
        page,
        page_size,
        total: found.total,
        next_page: (page * page_size < found.total).then_some(page + 1),
    })
}
