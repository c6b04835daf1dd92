//! The organization's records behind the token-protected API (R5): always
//! those of the token's own organization.

use tessera_shared::ErrorCode;
use tessera_shared::records::{
    DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MetaRecords, ReadingPage, ReportList,
};

use super::Bindings;
use super::api_auth::Authenticated;
use crate::error::{AppError, AppResult};
use crate::store::{organizations, records};

pub async fn meta(bindings: &Bindings, caller: &Authenticated) -> AppResult<MetaRecords> {
    Ok(MetaRecords {
        organization: organizations::name(&bindings.db, caller.organization_id).await?,
        locations: records::locations(&bindings.db, caller.organization_id).await?,
    })
}

pub async fn reports(bindings: &Bindings, caller: &Authenticated) -> AppResult<ReportList> {
    Ok(ReportList {
        reports: records::report_definitions(&bindings.db, caller.organization_id).await?,
    })
}

pub async fn readings(
    bindings: &Bindings,
    caller: &Authenticated,
    page: Option<i64>,
    page_size: Option<i64>,
) -> AppResult<ReadingPage> {
    let (page, page_size) = page_bounds(page, page_size)?;
    let (readings, total) = records::readings(
        &bindings.db,
        caller.organization_id,
        page_size,
        (page - 1) * page_size,
    )
    .await?;
    let next_page = (page * page_size < total).then_some(page + 1);
    Ok(ReadingPage {
        readings,
        page,
        page_size,
        total,
        next_page,
    })
}

/// Validates `page` (from 1) and `page_size` (1 to 200), with defaults.
pub fn page_bounds(page: Option<i64>, page_size: Option<i64>) -> AppResult<(i64, i64)> {
    let page = page.unwrap_or(1);
    let page_size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if page < 1 || page > 1_000_000 {
        return Err(AppError::refused(
            ErrorCode::InvalidQuery,
            "page must be a whole number from 1.",
        ));
    }
    if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
        return Err(AppError::refused(
            ErrorCode::InvalidQuery,
            format!("page_size must be a whole number from 1 to {MAX_PAGE_SIZE}."),
        ));
    }
    Ok((page, page_size))
}
