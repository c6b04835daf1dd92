//! The signed-in login's notices: read, and dismissed one at a time.

use tessera_shared::access::Actor;
use tessera_shared::notices::{Notice, NoticeList};

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::store::notices;

pub async fn list(bindings: &Bindings, actor: &Actor) -> AppResult<NoticeList> {
    let records = notices::of_login(&bindings.db, actor.login_id).await?;
    Ok(NoticeList {
        notices: records
            .into_iter()
            .map(|record| Notice {
                id: record.id,
                token_id: record.token_id,
                message: record.message,
                created_at: clock::rfc3339(record.created_at),
            })
            .collect(),
    })
}

/// Dismisses one of the login's own notices; another's is not found.
pub async fn dismiss(
    bindings: &Bindings,
    actor: &Actor,
    notice_id: i64,
    now: i64,
) -> AppResult<()> {
    match notices::dismiss(&bindings.db, actor.login_id, notice_id, now).await? {
        true => Ok(()),
        false => Err(AppError::not_found()),
    }
}
