//! The `organizations` table.

use worker::D1Database;

use super::int;
use crate::error::{AppError, AppResult};

pub async fn name(db: &D1Database, organization_id: i64) -> AppResult<String> {
    let statement = db.prepare("SELECT name FROM organizations WHERE id = ?1").bind(&[int(organization_id)])?;
    statement.first(Some("name")).await?.ok_or_else(|| AppError::Internal("organization missing".into()))
}
