//! The organization's records the token-protected API serves (R5), read in
//! one D1 batch with the token check's own read, so a request costs one
//! round trip to the system of record.

use tessera_shared::records::{Location, Reading, ReportDefinition};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::tokens::Credential;
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
            Whose::TokenHash(_) => {
                "(SELECT organization_id FROM tokens WHERE secret_hash = ?1 OR previous_secret_hash = ?1)"
            }
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

/// What the token-protected API reads for one endpoint.
pub enum RecordsRead {
    /// The organization's name and its locations.
    Meta,
    /// Its report definitions.
    Reports,
    /// A page of its readings.
    Readings { limit: i64, offset: i64 },
    /// One report definition, by name.
    Report { name: String },
    /// One report definition and a page of its metric's readings.
    ReportReadings {
        name: String,
        limit: i64,
        offset: i64,
    },
    /// Nothing but the token itself.
    Nothing,
}

/// What a `RecordsRead` found.
pub enum Records {
    Meta {
        /// `None` when the token string matched no token: nothing is read then.
        organization: Option<String>,
        locations: Vec<Location>,
    },
    Reports(Vec<ReportDefinition>),
    Readings {
        readings: Vec<Reading>,
        total: i64,
    },
    /// `None`: the organization has no report of that name.
    Report(Option<ReportDefinition>),
    ReportReadings {
        report: Option<ReportDefinition>,
        readings: Vec<Reading>,
        total: i64,
    },
    Nothing,
}

/// Reads `what` of the organization `whose` names, in one D1 batch, after
/// the token whose string hashes to `credential_hash` when there is one:
/// one round trip for the token check and the records alike.
pub async fn read(
    db: &D1Database,
    credential_hash: Option<&str>,
    whose: &Whose<'_>,
    what: &RecordsRead,
) -> AppResult<(Option<Credential>, Records)> {
    let mut statements = Vec::with_capacity(3);
    if let Some(hash) = credential_hash {
        statements.push(super::tokens::credential_by_secret_hash(db, hash)?);
    }
    match what {
        RecordsRead::Meta => {
            statements.push(organization_name(db, whose)?);
            statements.push(locations(db, whose)?);
        }
        RecordsRead::Reports => statements.push(report_definitions(db, whose)?),
        RecordsRead::Readings { limit, offset } => {
            statements.extend(readings(db, whose, *limit, *offset)?)
        }
        RecordsRead::Report { name } => statements.push(report_named(db, whose, name)?),
        RecordsRead::ReportReadings {
            name,
            limit,
            offset,
        } => {
            statements.push(report_named(db, whose, name)?);
            statements.extend(report_readings(db, whose, name, *limit, *offset)?);
        }
        RecordsRead::Nothing => {}
    }
    if statements.is_empty() {
        return Ok((None, Records::Nothing));
    }
    let results = db.batch(statements).await?;
    let (credential, results) = match credential_hash {
        Some(_) => match results.split_first() {
            Some((first, rest)) => (first.results::<Credential>()?.into_iter().next(), rest),
            None => {
                return Err(AppError::Internal(
                    "the token check's result is missing".into(),
                ));
            }
        },
        None => (None, &results[..]),
    };
    let result = |index: usize| {
        results
            .get(index)
            .ok_or_else(|| AppError::Internal("a records result is missing".into()))
    };
    let records = match what {
        RecordsRead::Meta => Records::Meta {
            organization: name_of(result(0)?)?,
            locations: result(1)?.results()?,
        },
        RecordsRead::Reports => Records::Reports(result(0)?.results()?),
        RecordsRead::Readings { .. } => {
            let (readings, total) = rows_and_count(results)?;
            Records::Readings { readings, total }
        }
        RecordsRead::Report { .. } => Records::Report(result(0)?.results()?.into_iter().next()),
        RecordsRead::ReportReadings { .. } => {
            let report = result(0)?.results()?.into_iter().next();
            let (readings, total) = rows_and_count(&results[1..])?;
            Records::ReportReadings {
                report,
                readings,
                total,
            }
        }
        RecordsRead::Nothing => Records::Nothing,
    };
    Ok((credential, records))
}

fn organization_name(db: &D1Database, whose: &Whose) -> AppResult<D1PreparedStatement> {
    whose.prepare(
        db,
        "SELECT name FROM organizations WHERE id = {organization}",
        &[],
    )
}

fn locations(db: &D1Database, whose: &Whose) -> AppResult<D1PreparedStatement> {
    whose.prepare(
        db,
        "SELECT id, name, city, country, kind FROM locations WHERE organization_id = {organization} ORDER BY id",
        &[],
    )
}

fn report_definitions(db: &D1Database, whose: &Whose) -> AppResult<D1PreparedStatement> {
    whose.prepare(
        db,
        "SELECT id, name, description, frequency, metric FROM report_definitions \
         WHERE organization_id = {organization} ORDER BY id",
        &[],
    )
}

/// The organization's report called `name` (the first, should two share it).
fn report_named(db: &D1Database, whose: &Whose, name: &str) -> AppResult<D1PreparedStatement> {
    whose.prepare(
        db,
        "SELECT id, name, description, frequency, metric FROM report_definitions \
         WHERE organization_id = {organization} AND name = ?2 ORDER BY id LIMIT 1",
        &[text(name)],
    )
}

/// How many readings the report called `name` is made of, then one page of
/// them in id order (`readings_by_metric`).
fn report_readings(
    db: &D1Database,
    whose: &Whose,
    name: &str,
    limit: i64,
    offset: i64,
) -> AppResult<[D1PreparedStatement; 2]> {
    let metric = "(SELECT metric FROM report_definitions WHERE organization_id = {organization} \
        AND name = ?2 ORDER BY id LIMIT 1)";
    Ok([
        whose.prepare(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM readings \
                 WHERE organization_id = {{organization}} AND metric = {metric}"
            ),
            &[text(name)],
        )?,
        whose.prepare(
            db,
            &format!(
                "SELECT id, location_id, month, metric, value, unit FROM readings \
                 WHERE organization_id = {{organization}} AND metric = {metric} \
                 ORDER BY id LIMIT ?3 OFFSET ?4"
            ),
            &[text(name), int(limit), int(offset)],
        )?,
    ])
}

/// How many readings there are, then one page of them in id order.
fn readings(
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

fn name_of(result: &D1Result) -> AppResult<Option<String>> {
    #[derive(serde::Deserialize)]
    struct Row {
        name: String,
    }
    Ok(result
        .results::<Row>()?
        .into_iter()
        .next()
        .map(|row| row.name))
}
