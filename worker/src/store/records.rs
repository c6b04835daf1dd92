//! The organization's records the token-protected API serves (R5), as
//! statements: the API runs them in one D1 batch with the token check's own
//! read, so a request costs one round trip to the system of record.

use tessera_shared::records::{Location, Reading, ReportDefinition};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::{int, rows_and_count, text};
use crate::error::{AppError, AppResult};

/// Whose records a statement reads, bound as `?1`.
pub enum Whose<'a> {
    /// The organization of the token whose string hashes to this: read in
    /// the same batch as the token itself, before it is judged. Nothing read
    /// this way leaves the worker unless the token passes.
    TokenHash(&'a str),
    /// An organization already known (Basic authentication).
    Organization(i64),
}

impl Whose<'_> {
    fn organization(&self) -> &'static str {
        match self {
            Whose::TokenHash(_) => "(SELECT organization_id FROM tokens WHERE secret_hash = ?1)",
            Whose::Organization(_) => "?1",
        }
    }

    fn value(&self) -> JsValue {
        match self {
            Whose::TokenHash(hash) => text(hash),
            Whose::Organization(id) => int(*id),
        }
    }

    fn prepare(
        &self,
        db: &D1Database,
        sql: &str,
        more: &[JsValue],
    ) -> AppResult<D1PreparedStatement> {
        let sql = sql.replace("{organization}", self.organization());
        let mut values = vec![self.value()];
        values.extend_from_slice(more);
        Ok(db.prepare(sql).bind(&values)?)
    }
}

pub fn organization_name(db: &D1Database, whose: &Whose) -> AppResult<D1PreparedStatement> {
    whose.prepare(
        db,
        "SELECT name FROM organizations WHERE id = {organization}",
        &[],
    )
}

pub fn locations(db: &D1Database, whose: &Whose) -> AppResult<D1PreparedStatement> {
    whose.prepare(
        db,
        "SELECT id, name, city, country, kind FROM locations WHERE organization_id = {organization} ORDER BY id",
        &[],
    )
}

pub fn report_definitions(db: &D1Database, whose: &Whose) -> AppResult<D1PreparedStatement> {
    whose.prepare(
        db,
        "SELECT id, name, description, frequency FROM report_definitions \
         WHERE organization_id = {organization} ORDER BY id",
        &[],
    )
}

/// How many readings there are, then one page of them in id order: read
/// back with `readings_page`.
pub fn readings(
    db: &D1Database,
    whose: &Whose,
    limit: i64,
    offset: i64,
) -> AppResult<[D1PreparedStatement; 2]> {
    Ok([
        whose.prepare(
            db,
            "SELECT COUNT(*) AS n FROM readings WHERE organization_id = {organization}",
            &[],
        )?,
        whose.prepare(
            db,
            "SELECT id, location_id, month, metric, value, unit FROM readings \
             WHERE organization_id = {organization} ORDER BY id LIMIT ?2 OFFSET ?3",
            &[int(limit), int(offset)],
        )?,
    ])
}

pub fn name_of(result: &D1Result) -> AppResult<String> {
    #[derive(serde::Deserialize)]
    struct Row {
        name: String,
    }
    result
        .results::<Row>()?
        .into_iter()
        .next()
        .map(|row| row.name)
        .ok_or_else(|| AppError::Internal("organization missing".into()))
}

pub fn locations_of(result: &D1Result) -> AppResult<Vec<Location>> {
    Ok(result.results()?)
}

pub fn report_definitions_of(result: &D1Result) -> AppResult<Vec<ReportDefinition>> {
    Ok(result.results()?)
}

pub fn readings_page(results: &[D1Result]) -> AppResult<(Vec<Reading>, i64)> {
    rows_and_count(results)
}
