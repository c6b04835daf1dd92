//! Tokens that need approval (R27): whether a save asks for it, whether a
//! token may have a string, a token admin's decision, the queue, and the
//! daily digest to token admins.

use tessera_shared::ErrorCode;
use tessera_shared::Scope;
use tessera_shared::approval::{
    ApprovalDecision, ApprovalQueue, ApprovalState, Decision, PendingApproval, QUEUE_PAGE, Reason,
    parse_reason,
};
use tessera_shared::expiry::parse_date;
use tessera_shared::notices::NoticeKind;
use tessera_shared::tokens::{Activity, TokenView};
use time::Date;
use worker::{D1Database, Env};

use crate::clock::{self, Moment};
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, TokenAdministrator};
use crate::services::notify::outbound::{self, Outbound};
use crate::store::approvals::{self, Approval, Decided};
use crate::store::logins::{self, LoginRecord};
use crate::store::notices;
use crate::store::tokens::{self, TokenRecord};

/// What saving a token with this Expiry On and Scope sets about approval,
/// under its owner's organization's rule: `previous` is the token an edit
/// changes. An approved token keeps its approval while its Scope and Expiry
/// On stay; any other save the rule covers asks (again), with the reason
/// given or, failing that, the one it was last asked with.
pub fn for_save<'a>(
    owner: &LoginRecord,
    expiry_on: Option<Date>,
    scope: Scope,
    today: Date,
    reason: Option<&'a str>,
    requester: i64,
    previous: Option<&'a TokenRecord>,
) -> AppResult<Approval<'a>> {
    if owner
        .approval
        .rule()
        .needs(expiry_on, scope, today)
        .is_none()
    {
        return Ok(Approval::NotNeeded);
    }
    if let Some(previous) = previous
        && previous.approval.state() == Some(ApprovalState::Approved)
        && previous.scope() == scope
        && previous.expiry_on.as_deref().and_then(parse_date) == expiry_on
    {
        return Ok(Approval::Unchanged);
    }
    let given = reason.filter(|reason| !reason.trim().is_empty());
    let reason = given.or(previous.and_then(|p| p.approval.approval_reason.as_deref()));
    // Checked here, stored trimmed by the statement's caller.
    parse_reason(reason, Reason::Request)?;
    Ok(Approval::Requested {
        by: requester,
        reason: reason.unwrap_or_default().trim(),
    })
}

/// R27: a pending or denied token gets no string (Generate Token, Rotate
/// Token, an edit's new string). The write itself checks again.
pub fn may_have_a_string(record: &TokenRecord) -> AppResult<()> {
    let message = match record.approval.state() {
        Some(ApprovalState::Pending) => {
            "This token waits for a token admin's approval: its token string can be generated once it is approved.".to_owned()
        }
        Some(ApprovalState::Denied) => format!(
            "A token admin denied this token{}. Edit it to ask again.",
            denial(record)
        ),
        None | Some(ApprovalState::Approved) => return Ok(()),
    };
    Err(AppError::refused(ErrorCode::NotApproved, message))
}

fn denial(record: &TokenRecord) -> String {
    match record.approval.approval_decision_reason.as_deref() {
        Some(reason) => format!(": “{reason}”"),
        None => String::new(),
    }
}

/// Tells the organization's other token admins that a token waits (a
/// notice each; the daily digest emails them).
pub async fn tell_token_admins(
    db: &D1Database,
    token: &TokenView,
    organization_id: i64,
    requester: i64,
    now: i64,
) -> AppResult<()> {
    let Some(approval) = &token.approval else {
        return Ok(());
    };
    if approval.state != ApprovalState::Pending {
        return Ok(());
    }
    let message = format!(
        "{} asks for approval of the token “{}”: {}. Approve or deny it on Approvals.",
        approval.requested_by, token.name, approval.reason
    );
    let mut statements = Vec::new();
    for admin in logins::token_admins(db, organization_id).await? {
        if admin.id != requester && admin.id != token.owner_login_id {
            statements.push(notices::insert(
                db,
                organization_id,
                admin.id,
                Some(token.id),
                NoticeKind::Approval,
                &message,
                now,
            )?);
        }
    }
    if !statements.is_empty() {
        db.batch(statements).await?;
    }
    Ok(())
}

/// A token admin approves or denies a pending token; its requester (and its
/// owner, if another person) is told by notice and email.
pub async fn decide(
    bindings: &Bindings,
    env: &Env,
    admin: &TokenAdministrator,
    token_id: i64,
    decision: ApprovalDecision,
    at: Moment,
) -> AppResult<TokenView> {
    let actor = admin.actor();
    let record = tokens::find_live(&bindings.db, token_id)
        .await?
        .filter(|record| record.organization_id == actor.organization_id)
        .ok_or_else(AppError::not_found)?;
    let reason = match (decision.decision, decision.reason.as_deref()) {
        (Decision::Deny, reason) => Some(parse_reason(reason, Reason::Decision)?),
        (Decision::Approve, Some(reason)) if !reason.trim().is_empty() => {
            Some(parse_reason(Some(reason), Reason::Decision)?)
        }
        (Decision::Approve, _) => None,
    };
    let decided = Decided {
        token_id,
        organization_id: actor.organization_id,
        version: decision.version,
        state: decision.decision.state(),
        activity: match decision.decision {
            Decision::Approve => Activity::Approve.code(),
            Decision::Deny => Activity::Deny.code(),
        },
        by: actor.login_id,
        reason: reason.as_deref(),
        now: at.seconds(),
        at_ms: at.ms(),
    };
    if !approvals::decide(&bindings.db, decided).await? {
        return Err(why_not_decided(bindings, &record, actor.login_id, decision.version).await);
    }
    let now = at.seconds();
    let mut decided = tokens::find_live(&bindings.db, token_id)
        .await?
        .map(|record| super::view(&record, now))
        .ok_or_else(AppError::not_found)?;
    tell_requester(bindings, env, &record, &mut decided, admin, now).await?;
    Ok(decided)
}

/// Why a decision applied nothing, read after the fact.
async fn why_not_decided(
    bindings: &Bindings,
    before: &TokenRecord,
    decider: i64,
    version: i64,
) -> AppError {
    let now = match tokens::find_live(&bindings.db, before.id).await {
        Ok(Some(record)) => record,
        Ok(None) => return AppError::not_found(),
        Err(error) => return error,
    };
    if now.approval.approval_requested_by == Some(decider) || now.owner_login_id == decider {
        return AppError::forbidden(
            "You asked for this token, or it is yours: another token admin approves or denies it.",
        );
    }
    match now.approval.state() {
        Some(ApprovalState::Pending) if now.version != version => AppError::refused(
            ErrorCode::EditConflict,
            "The token was edited since you opened the queue: reload it and decide again.",
        ),
        Some(ApprovalState::Approved) => already(&now, "approved"),
        Some(ApprovalState::Denied) => already(&now, "denied"),
        _ => AppError::refused(
            ErrorCode::AlreadyDecided,
            "This token does not wait for approval.",
        ),
    }
}

fn already(record: &TokenRecord, what: &str) -> AppError {
    let by = record
        .approval
        .approval_decided_by_name
        .as_deref()
        .unwrap_or("another token admin");
    AppError::refused(
        ErrorCode::AlreadyDecided,
        format!("{by} already {what} this token."),
    )
}

async fn tell_requester(
    bindings: &Bindings,
    env: &Env,
    before: &TokenRecord,
    decided: &mut TokenView,
    admin: &TokenAdministrator,
    now: i64,
) -> AppResult<()> {
    let name = &decided.name;
    let by = &admin.session().login.display_name;
    let (subject, message) = match decided.approval.as_ref().map(|a| a.state) {
        Some(ApprovalState::Approved) => (
            format!("Tessera: token “{name}” approved"),
            format!(
                "{by} approved the token “{name}”: generate its token string on Access Tokens."
            ),
        ),
        _ => (
            format!("Tessera: token “{name}” denied"),
            format!(
                "{by} denied the token “{name}”: “{}”. Edit it to ask again, or revoke it.",
                decided
                    .approval
                    .as_ref()
                    .and_then(|a| a.decision_reason.clone())
                    .unwrap_or_default()
            ),
        ),
    };
    let mut people = Vec::new();
    people.extend(before.approval.approval_requested_by);
    if !people.contains(&before.owner_login_id) {
        people.push(before.owner_login_id);
    }
    let mut statements = Vec::new();
    let mut emails = Vec::new();
    for id in people {
        let Some(login) = logins::find_by_id(&bindings.db, id).await? else {
            continue;
        };
        // A service account reads nothing: its requester was told above.
        if login.kind != tessera_shared::service_accounts::LoginKind::Person {
            continue;
        }
        statements.push(notices::insert(
            &bindings.db,
            before.organization_id,
            id,
            Some(before.id),
            NoticeKind::Approval,
            &message,
            now,
        )?);
        if !login.disabled {
            emails.push(Outbound::email(
                &login.email,
                &subject,
                &format!("{message}\n\nTessera never sends token strings by email.\n"),
            ));
        }
    }
    if !statements.is_empty() {
        bindings.db.batch(statements).await?;
    }
    outbound::send(env, emails).await
}

/// `GET /api/approvals`: what waits, oldest request first.
pub async fn queue(bindings: &Bindings, admin: &TokenAdministrator) -> AppResult<ApprovalQueue> {
    let actor = admin.actor();
    let (records, total) =
        approvals::pending(&bindings.db, actor.organization_id, QUEUE_PAGE).await?;
    let pending = records
        .into_iter()
        .map(|record| {
            let expiry_on = record.expiry_on.as_deref().and_then(parse_date);
            let requested_on = clock::date_of(record.requested_at);
            let scope = Scope {
                meta_record: record.scope_meta,
                report_record: record.scope_report,
            };
            PendingApproval {
                token_id: record.token_id,
                decidable: record.requested_by != actor.login_id
                    && record.owner_login_id != actor.login_id,
                name: record.name,
                owner_login_id: record.owner_login_id,
                owner_name: record.owner_name,
                requested_by: record.requested_by_name,
                requested_at: clock::rfc3339(record.requested_at),
                scope: scope.names(),
                lifetime_days: expiry_on.map(|date| (date - requested_on).whole_days()),
                expiry_on: record.expiry_on,
                reason: record.reason,
                version: record.version,
            }
        })
        .collect();
    Ok(ApprovalQueue { pending, total })
}

/// The daily digest: each organization's token admins learn by email how
/// many tokens wait, once a day however often the daily run goes.
pub async fn send_digests(env: &Env, db: &D1Database, now: i64) -> AppResult<()> {
    let day = now.div_euclid(86_400);
    let mut messages = Vec::new();
    for waiting in approvals::waiting(db).await? {
        if !approvals::claim_digest(db, waiting.organization_id, day).await? {
            continue;
        }
        let count = tessera_shared::words::count(waiting.waiting, "token");
        let wait = if waiting.waiting == 1 {
            "waits"
        } else {
            "wait"
        };
        let subject = format!("Tessera: {count} {wait} for your approval");
        let text = format!(
            "{count} of {} {wait} for a token admin's approval. Approve or deny on the Approvals page of Tessera.\n",
            waiting.organization_name
        );
        for admin in logins::token_admins(db, waiting.organization_id).await? {
            messages.push(Outbound::email(&admin.email, &subject, &text));
        }
    }
    outbound::send(env, messages).await
}
