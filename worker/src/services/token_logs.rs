//! Token Logs (R12): a login reads the log of its own tokens; a token admin
//! may read any login's of the organization, or the whole organization's.

use tessera_shared::ErrorCode;
use tessera_shared::tokens::{Activity, AuthResult, TokenLogEntry, TokenLogPage};

use super::Bindings;
use super::records::page_bounds;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::store::token_logs::{self, LogFilter, LogRecord};
use tessera_shared::access::Actor;

/// Whose entries to read.
pub enum LogOwner {
    /// The signed-in login's own tokens.
    Mine,
    /// Login `id`'s tokens (token admins only, or oneself).
    Login(i64),
    /// The whole organization (token admins only).
    Everyone,
}

pub struct LogQuery {
    pub owner: LogOwner,
    pub token_name: Option<String>,
    pub activity: Option<Activity>,
    pub result: Option<AuthResult>,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
}

pub async fn read(bindings: &Bindings, actor: &Actor, query: LogQuery) -> AppResult<TokenLogPage> {
    let is_admin = actor.system_admin && actor.token_admin_role;
    let owner_login_id = match query.owner {
        LogOwner::Mine => Some(actor.login_id),
        LogOwner::Login(id) if id == actor.login_id || is_admin => Some(id),
        LogOwner::Everyone if is_admin => None,
        LogOwner::Login(_) | LogOwner::Everyone => {
            return Err(AppError::refused(
                ErrorCode::Forbidden,
                "Only a login with the API Token Admin Role can read other logins' Token Logs.",
            ));
        }
    };
    let (page, page_size) = page_bounds(query.page, query.page_size)?;
    let filter = LogFilter {
        organization_id: actor.organization_id,
        owner_login_id,
        token_name: query.token_name.as_deref().filter(|name| !name.is_empty()),
        activity: query.activity.map(Activity::code),
        result: query.result.map(AuthResult::code),
    };
    let (records, total) =
        token_logs::page(&bindings.db, &filter, page_size, (page - 1) * page_size).await?;
    Ok(TokenLogPage {
        entries: records.into_iter().filter_map(entry).collect(),
        page,
        page_size,
        total,
    })
}

fn entry(record: LogRecord) -> Option<TokenLogEntry> {
    let activity = Activity::parse(&record.activity)?;
    Some(TokenLogEntry {
        id: record.id,
        token_id: record.token_id,
        token_name: record.token_name,
        owner: record.owner_name,
        activity,
        activity_on: clock::rfc3339(record.activity_on),
        activity_by: match activity {
            Activity::Authenticate => "API client".into(),
            _ => record.actor_name.unwrap_or_default(),
        },
        result: record.result.as_deref().and_then(AuthResult::parse),
        detail: record.detail,
    })
}
