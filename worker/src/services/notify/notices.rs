//! The signed-in login's notices: read, and dismissed one or a group at a time.

use tessera_shared::access::Actor;
use tessera_shared::error::ErrorCode;
use tessera_shared::inventory::MAX_SAFE_INTEGER;
use tessera_shared::notices::{
    DismissNoticesRequest, Notice, NoticeKind, NoticeList, NoticesDismissed,
};

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
                kind: NoticeKind::from_stored(&record.kind),
                token_id: record.token_id,
                token_name: record.token_name,
                expiry_on: record.expiry_on,
                revocable: record.token_revoked == Some(0),
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

/// Dismisses those of the ids that are the login's own notices still
/// shown. Another login's notice is left as it is, and counted like one
/// dismissed already: nothing says whether it exists.
pub async fn dismiss_all(
    bindings: &Bindings,
    actor: &Actor,
    request: DismissNoticesRequest,
    now: i64,
) -> AppResult<NoticesDismissed> {
    let mut ids = request.ids;
    ids.sort_unstable();
    ids.dedup();
    let most = DismissNoticesRequest::MAX_NOTICES;
    if ids.is_empty() || ids.len() > most {
        return Err(AppError::refused(
            ErrorCode::ValidationFailed,
            format!("Choose between 1 and {most} notices to dismiss."),
        ));
    }
    if ids.iter().any(|&id| !(1..=MAX_SAFE_INTEGER).contains(&id)) {
        return Err(AppError::refused(
            ErrorCode::ValidationFailed,
            "A notice id is a whole number from 1.",
        ));
    }
    let dismissed = notices::dismiss_all(&bindings.db, actor.login_id, &ids, now).await?;
    Ok(NoticesDismissed { dismissed })
}
