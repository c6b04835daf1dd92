//! A token as the grid, the inventory and the API show it: its status
//! (expired, blocked by the policy, waiting for approval), its rotation's
//! overlap and its lists.

use tessera_shared::approval::{ApprovalState, TokenApproval};
use tessera_shared::expiry::parse_date;
use tessera_shared::tokens::{RotationOverlap, TokenStatus, TokenView};
use time::{Date, Duration};

use super::{allowlists, policy, report_patterns};
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::store::tokens::{self, TokenRecord};

/// Tokens within this many days of Expiry On are shown as expiring soon.
const EXPIRING_SOON_DAYS: i64 = 7;

/// The overlap under way, if the previous string works until after `now`.
pub(super) fn overlap(previous_until: Option<i64>, now: i64) -> Option<RotationOverlap> {
    previous_until
        .filter(|until| *until > now)
        .map(|until| RotationOverlap {
            previous_string_works_until: clock::rfc3339(until),
        })
}

pub(super) async fn current_view(
    bindings: &Bindings,
    token_id: i64,
    now: i64,
) -> AppResult<TokenView> {
    let record = tokens::find_live(&bindings.db, token_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(view(&record, now))
}

pub(super) fn is_expired(record: &TokenRecord, today: Date) -> bool {
    record
        .expiry_on
        .as_deref()
        .and_then(parse_date)
        .is_some_and(|expiry_on| expiry_on < today)
}

pub fn view(record: &TokenRecord, now: i64) -> TokenView {
    let today = clock::date_of(now);
    let expired = is_expired(record, today);
    let expiry_on = record.expiry_on.as_deref().and_then(parse_date);
    let blocked_by = policy::breach(&record.policy, &policy::TokenColumns::of(record), today);
    let mut view = TokenView {
        id: record.id,
        owner_login_id: record.owner_login_id,
        name: record.name.clone(),
        scope: record.scope().names(),
        expiry_on: record.expiry_on.clone(),
        status: TokenStatus::derive(record.has_secret, expired, blocked_by.is_some()),
        blocked_by,
        expiring_soon: !expired
            && expiry_on.is_some_and(|date| date <= today + Duration::days(EXPIRING_SOON_DAYS)),
        hint: record.secret_hint.clone(),
        created_at: clock::rfc3339(record.created_at),
        created_by: record.created_by_name.clone(),
        updated_at: clock::rfc3339(record.updated_at),
        generated_at: record.generated_at.map(clock::rfc3339),
        last_used_at: record.last_used_at.map(clock::rfc3339),
        version: record.version,
        self_rotation: record.self_rotation,
        rotation: overlap(record.previous_secret_until, now),
        allowed_addresses: allowlists::entries(record.allowed_addresses.as_deref()),
        report_patterns: report_patterns::entries(record.report_patterns.as_deref()),
        approval: None,
    };
    add_approval(record, &mut view);
    view
}

/// The token's approval as its row shows it, and the status it gives.
fn add_approval(record: &TokenRecord, view: &mut TokenView) {
    let columns = &record.approval;
    let Some(state) = columns.state() else {
        return;
    };
    view.approval = Some(TokenApproval {
        state,
        requested_by: columns
            .approval_requested_by_name
            .clone()
            .unwrap_or_default(),
        reason: columns.approval_reason.clone().unwrap_or_default(),
        decided_by: columns.approval_decided_by_name.clone(),
        decision_reason: columns.approval_decision_reason.clone(),
    });
    if view.status != TokenStatus::Expired {
        match state {
            ApprovalState::Pending => view.status = TokenStatus::PendingApproval,
            ApprovalState::Denied => view.status = TokenStatus::ApprovalDenied,
            ApprovalState::Approved => {}
        }
    }
}
