//! The organization's records the token-protected API serves (R5), read in
//! one D1 batch with the token check's own read, so a request costs one
//! round trip to the system of record.

use tessera_shared::records::{Location, Reading, ReportDefinition};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use super::credentials::Credential;
use super::{int, rows_and_count, text};
use crate::error::{AppError, AppResult};
use crate::secret::TokenHash;

/// Whose records a statement reads, bound as `?1`.
pub enum Whose<'a> {
    /// The organization of the token whose string hashes to this: read in
    /// the same batch as the token itself, before it is judged. Nothing read
    /// this way leaves the worker unless the token passes.
    TokenHash(&'a TokenHash),
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
            Whose::TokenHash(hash) => text(hash.as_str()),
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

/// Which reports a read reaches, for a token limited to named reports (R29).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach<'a> {
    /// No report: the organization, its locations, the token itself.
    NoReport,
    /// The report called this.
    Report(&'a str),
    /// The list of report definitions: a limited token sees the ones it may read.
    ReportList,
    /// Every report's readings at once.
    EveryReport,
}

/// What one token-protected endpoint reads, in the token check's own D1
/// batch: its statements, and what it makes of their results. Each endpoint
/// has its own, so a read and what it finds cannot be paired wrongly.
pub trait RecordsRead {
    type Found;

    fn statements(&self, db: &D1Database, whose: &Whose) -> AppResult<Vec<D1PreparedStatement>>;

    /// What `results`, one per statement in order, hold.
    fn found(&self, results: &[D1Result]) -> AppResult<Self::Found>;

    /// Which reports it reaches.
    fn reach(&self) -> Reach<'_> {
        Reach::NoReport
    }

    /// What a token that may read only the reports `allowed` names is
    /// shown of `found`: all of it, unless the read lists reports.
    fn only_allowed(&self, found: Self::Found, _allowed: impl Fn(&str) -> bool) -> Self::Found {
        found
    }
}

/// Nothing but the token itself.
pub struct Nothing;

/// The organization's name and its locations.
pub struct Meta;

/// Its report definitions.
pub struct Reports;

/// A page of its readings.
pub struct Readings {
    pub page: i64,
    pub page_size: i64,
}

/// One report definition, by name.
pub struct Report {
    pub name: String,
}

/// One report definition and a page of its metric's readings.
pub struct ReportReadings {
    pub name: String,
    pub page: i64,
    pub page_size: i64,
}

/// A page of rows and how many there are in all.
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: i64,
}

impl RecordsRead for Nothing {
    type Found = ();

    fn statements(&self, _: &D1Database, _: &Whose) -> AppResult<Vec<D1PreparedStatement>> {
        Ok(Vec::new())
    }

    fn found(&self, _: &[D1Result]) -> AppResult<()> {
        Ok(())
    }
}

impl RecordsRead for Meta {
    /// The organization's name (`None` when the token string matched no
    /// token: nothing is read then) and its locations.
    type Found = (Option<String>, Vec<Location>);

    fn statements(&self, db: &D1Database, whose: &Whose) -> AppResult<Vec<D1PreparedStatement>> {
        Ok(vec![organization_name(db, whose)?, locations(db, whose)?])
    }

    fn found(&self, results: &[D1Result]) -> AppResult<Self::Found> {
        Ok((
            name_of(result(results, 0)?)?,
            result(results, 1)?.results()?,
        ))
    }
}

impl RecordsRead for Reports {
    type Found = Vec<ReportDefinition>;

    fn statements(&self, db: &D1Database, whose: &Whose) -> AppResult<Vec<D1PreparedStatement>> {
        Ok(vec![report_definitions(db, whose)?])
    }

    fn found(&self, results: &[D1Result]) -> AppResult<Self::Found> {
        Ok(result(results, 0)?.results()?)
    }

    fn reach(&self) -> Reach<'_> {
        Reach::ReportList
    }

    fn only_allowed(&self, found: Self::Found, allowed: impl Fn(&str) -> bool) -> Self::Found {
        found
            .into_iter()
            .filter(|report| allowed(&report.name))
            .collect()
    }
}

impl RecordsRead for Readings {
    type Found = Page<Reading>;

    fn statements(&self, db: &D1Database, whose: &Whose) -> AppResult<Vec<D1PreparedStatement>> {
        let offset = (self.page - 1) * self.page_size;
        Ok(readings(db, whose, self.page_size, offset)?.into())
    }

    fn found(&self, results: &[D1Result]) -> AppResult<Self::Found> {
        let (rows, total) = rows_and_count(results)?;
        Ok(Page { rows, total })
    }

    fn reach(&self) -> Reach<'_> {
        Reach::EveryReport
    }
}

impl RecordsRead for Report {
    /// `None`: the organization has no report of that name.
    type Found = Option<ReportDefinition>;

    fn statements(&self, db: &D1Database, whose: &Whose) -> AppResult<Vec<D1PreparedStatement>> {
        Ok(vec![report_named(db, whose, &self.name)?])
    }

    fn found(&self, results: &[D1Result]) -> AppResult<Self::Found> {
        Ok(result(results, 0)?.results()?.into_iter().next())
    }

    fn reach(&self) -> Reach<'_> {
        Reach::Report(&self.name)
    }
}

impl RecordsRead for ReportReadings {
    type Found = (Option<ReportDefinition>, Page<Reading>);

    fn statements(&self, db: &D1Database, whose: &Whose) -> AppResult<Vec<D1PreparedStatement>> {
        let offset = (self.page - 1) * self.page_size;
        let mut statements = vec![report_named(db, whose, &self.name)?];
        statements.extend(report_readings(
            db,
            whose,
            &self.name,
            self.page_size,
            offset,
        )?);
        Ok(statements)
    }

    fn found(&self, results: &[D1Result]) -> AppResult<Self::Found> {
        let report = result(results, 0)?.results()?.into_iter().next();
        let (rows, total) = rows_and_count(results.get(1..).unwrap_or_default())?;
        Ok((report, Page { rows, total }))
    }

    fn reach(&self) -> Reach<'_> {
        Reach::Report(&self.name)
    }
}

fn result(results: &[D1Result], index: usize) -> AppResult<&D1Result> {
    results
        .get(index)
        .ok_or_else(|| AppError::Internal("a records result is missing".into()))
}

/// Reads `what` of the organization `whose` names, in one D1 batch, after
/// the token whose string hashes to `credential_hash` when there is one:
/// one round trip for the token check and the records alike.
pub async fn read<R: RecordsRead>(
    db: &D1Database,
    credential_hash: Option<&TokenHash>,
    whose: &Whose<'_>,
    what: &R,
) -> AppResult<(Option<Credential>, R::Found)> {
    let mut statements = Vec::with_capacity(3);
    if let Some(hash) = credential_hash {
        statements.push(super::credentials::credential_by_secret_hash(db, hash)?);
    }
    statements.extend(what.statements(db, whose)?);
    if statements.is_empty() {
        return Ok((None, what.found(&[])?));
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
    Ok((credential, what.found(results)?))
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
