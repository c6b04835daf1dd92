//! The organization's records the token-protected API serves (R5).

use tessera_shared::records::{Location, Reading, ReportDefinition};
use worker::D1Database;

use super::{int, rows_and_count};
use crate::error::AppResult;

pub async fn locations(db: &D1Database, organization_id: i64) -> AppResult<Vec<Location>> {
    let statement = db
        .prepare("SELECT id, name, city, country, kind FROM locations WHERE organization_id = ?1 ORDER BY id")
        .bind(&[int(organization_id)])?;
    Ok(statement.all().await?.results()?)
}

pub async fn report_definitions(
    db: &D1Database,
    organization_id: i64,
) -> AppResult<Vec<ReportDefinition>> {
    let statement = db
        .prepare(
            "SELECT id, name, description, frequency FROM report_definitions WHERE organization_id = ?1 ORDER BY id",
        )
        .bind(&[int(organization_id)])?;
    Ok(statement.all().await?.results()?)
}

/// One page of readings in id order, and how many there are.
pub async fn readings(
    db: &D1Database,
    organization_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Reading>, i64)> {
    let count = db
        .prepare("SELECT COUNT(*) AS n FROM readings WHERE organization_id = ?1")
        .bind(&[int(organization_id)])?;
    let rows = db
        .prepare(
            "SELECT id, location_id, month, metric, value, unit FROM readings \
             WHERE organization_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3",
        )
        .bind(&[int(organization_id), int(limit), int(offset)])?;
    rows_and_count(&db.batch(vec![count, rows]).await?)
}
