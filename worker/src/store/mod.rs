//! Storage: the SQL Tessera runs against D1 and the keys it keeps in KV.
//! Stores know nothing of the rules; services decide, stores read and write.

pub mod approvals;
pub mod audit_stream;
pub mod credentials;
pub mod inventory;
pub mod logins;
pub mod notices;
pub mod organizations;
pub mod records;
pub mod rotations;
pub mod sent_emails;
pub mod service_accounts;
pub mod sessions;
pub mod sign_in_throttle;
pub mod token_facts;
pub mod token_logs;
pub mod tokens;
pub mod trusted_devices;
pub mod usage_days;
pub mod warnings;
pub mod webhooks;

#[cfg(test)]
mod test_database;

use wasm_bindgen::JsValue;

/// D1 binds JavaScript numbers; every integer Tessera stores fits in 53 bits.
pub fn int(value: i64) -> JsValue {
    JsValue::from_f64(value as f64)
}

pub fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

pub fn optional_int(value: Option<i64>) -> JsValue {
    value.map_or(JsValue::NULL, int)
}

pub fn optional_text(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, text)
}

pub fn flag(value: bool) -> JsValue {
    int(value as i64)
}

/// A 0/1 column as the `bool` it means.
pub fn from_flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = <f64 as serde::Deserialize>::deserialize(deserializer)?;
    Ok(value != 0.0)
}

/// Rows changed by the first statement of a batch.
pub fn changes(results: &[worker::D1Result]) -> crate::error::AppResult<usize> {
    Ok(first_meta(results)?
        .and_then(|meta| meta.changes)
        .unwrap_or(0))
}

/// The id of the row the first statement of a batch inserted.
pub fn inserted_id(results: &[worker::D1Result]) -> crate::error::AppResult<Option<i64>> {
    Ok(first_meta(results)?.and_then(|meta| meta.last_row_id))
}

fn first_meta(
    results: &[worker::D1Result],
) -> crate::error::AppResult<Option<worker::D1ResultMeta>> {
    Ok(results
        .first()
        .map(|result| result.meta())
        .transpose()?
        .flatten())
}

/// SQLite's words for a unique index refusing a row.
pub fn is_unique_violation(error: &worker::Error) -> bool {
    error.to_string().contains("UNIQUE constraint failed")
}

/// A list read a page at a time, in one batch with how long it is.
pub struct Paged<'a> {
    /// The table and its alias, as `filter` names it: `tokens t`.
    pub table: &'a str,
    /// The columns read, from `table` and any joins.
    pub select: &'a str,
    /// A `WHERE` clause over `table`; its parameters are `?1` onwards.
    pub filter: &'a str,
    pub order: &'a str,
}

impl Paged<'_> {
    /// `limit` rows from `offset` on, and how many rows `filter` selects in
    /// all; `binds` are the filter's parameters.
    pub async fn read<T: serde::de::DeserializeOwned>(
        &self,
        db: &worker::D1Database,
        mut binds: Vec<JsValue>,
        limit: i64,
        offset: i64,
    ) -> crate::error::AppResult<(Vec<T>, i64)> {
        let Self {
            table,
            select,
            filter,
            order,
        } = self;
        let count = db
            .prepare(format!("SELECT COUNT(*) AS n FROM {table} {filter}"))
            .bind(&binds)?;
        let (limit_at, offset_at) = (binds.len() + 1, binds.len() + 2);
        binds.extend([int(limit), int(offset)]);
        let rows = db
            .prepare(format!(
                "{select} {filter} ORDER BY {order} LIMIT ?{limit_at} OFFSET ?{offset_at}"
            ))
            .bind(&binds)?;
        rows_and_count(&db.batch(vec![count, rows]).await?)
    }
}

/// The results of a two-statement batch, `SELECT COUNT(*) AS n ...` then
/// the rows of one page: the rows and the count.
pub fn rows_and_count<T: serde::de::DeserializeOwned>(
    results: &[worker::D1Result],
) -> crate::error::AppResult<(Vec<T>, i64)> {
    let total = results
        .first()
        .map(|r| r.results::<serde_json::Value>())
        .transpose()?
        .and_then(|rows| rows.first().and_then(|row| row["n"].as_i64()))
        .unwrap_or(0);
    let rows = results
        .get(1)
        .map(|r| r.results())
        .transpose()?
        .unwrap_or_default();
    Ok((rows, total))
}

/// Runs one bounded `DELETE`; returns how many rows went.
pub async fn delete_bounded(
    db: &worker::D1Database,
    sql: &str,
    binds: &[JsValue],
) -> crate::error::AppResult<usize> {
    let result = db.prepare(sql).bind(binds)?.run().await?;
    Ok(result.meta()?.and_then(|meta| meta.changes).unwrap_or(0))
}
