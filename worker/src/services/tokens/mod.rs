//! The token lifecycle (R1–R3, R6, R7, R9, R10): list, create, generate,
//! edit, revoke, for the login's own tokens or, with the admin role, for
//! another login of the same organization.

pub mod allowlists;
pub mod approval;
pub mod itself;
pub mod leaks;
pub mod policy;
pub mod report_patterns;
pub mod rotation;
mod view;

pub use view::view;
use view::{current_view, is_expired};

use tessera_shared::access::{Access, Actor, token_access};
use tessera_shared::expiry::{check_generation, format_date, overlap_end, parse_date};
use tessera_shared::query::TokenListQuery;
use tessera_shared::tokens::{
    CreateTokenRequest, EditTokenRequest, GeneratedToken, RotateTokenRequest, RotatedToken,
    TokenOwner, TokenPage, TokenView,
};
use tessera_shared::{ErrorCode, ExpiryChoice, Scope, TokenName};
use time::Date;

use tessera_shared::allowlist::Allowlist;
use tessera_shared::report_patterns::ReportPatterns;

use crate::clock::{self, Moment};
use crate::error::{AppError, AppResult};
use crate::secret::{self, TokenHash};
use crate::services::Bindings;
use crate::store::logins::{self, LoginRecord};
use crate::store::tokens::{self, NewToken, TokenEdit, TokenRecord, Written};

/// R1, R9: one page of a login's live tokens, by name, and how many it has.
pub async fn list(
    bindings: &Bindings,
    actor: &Actor,
    owner_login_id: i64,
    query: TokenListQuery,
    now: i64,
) -> AppResult<TokenPage> {
    let owner = owner_for(bindings, actor, owner_login_id).await?;
    let (page, page_size) = query.paging().bounds();
    let search = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let (records, total) = tokens::live_page(
        &bindings.db,
        owner.id,
        search,
        page_size,
        query.paging().offset(),
    )
    .await?;
    Ok(TokenPage {
        owner: TokenOwner {
            id: owner.id,
            display_name: owner.display_name,
            email: owner.email,
            kind: owner.kind,
        },
        tokens: records.iter().map(|record| view(record, now)).collect(),
        page,
        page_size,
        total,
    })
}

pub async fn create(
    bindings: &Bindings,
    actor: &Actor,
    owner_login_id: i64,
    request: CreateTokenRequest,
    at: Moment,
) -> AppResult<TokenView> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let owner = owner_for(bindings, actor, owner_login_id).await?;
    if owner.activated_at.is_none() {
        return Err(AppError::refused(
            ErrorCode::LoginNotActivated,
            format!(
                "{} has never signed in to Tessera, so no token can be created for this login yet. \
                 A login is activated by its first sign-in to the portal.",
                owner.display_name
            ),
        ));
    }
    let name = TokenName::parse(&request.name)?;
    let scope = Scope::parse(&request.scope)?;
    let today = clock::date_of(now);
    let expiry_on = ExpiryChoice::parse(&request.expiry)?
        .resolve(today, owner.policy.max_token_lifetime_days)?;
    let allowed = match &request.allowed_addresses {
        Some(entries) => Allowlist::parse(entries)?,
        // Not sent: the organization's default list.
        None => policy::organization_allowlist(&owner.policy),
    };
    let reports = ReportPatterns::parse(&request.report_patterns)?;
    // R26: a token the policy would block is not made.
    policy::check_save(&owner.policy, expiry_on, scope, &allowed, today)?;
    // R27: a token the organization's rule covers waits for approval.
    let reason = request.approval_reason.as_deref();
    let approval = approval::for_save(
        &owner,
        expiry_on,
        scope,
        today,
        reason,
        actor.login_id,
        None,
    )?;
    let expiry_on = expiry_on.map(format_date);
    if tokens::name_taken(&bindings.db, owner.id, &name, None).await? {
        return Err(name_taken(actor, &owner, &name));
    }
    let new = NewToken {
        organization_id: owner.organization_id,
        owner_login_id: owner.id,
        name: &name,
        scope,
        expiry_on,
        self_rotation: request.self_rotation,
        allowed_addresses: allowlists::stored(&allowed),
        report_patterns: report_patterns::stored(&reports),
        approval,
        actor: actor.login_id,
        now,
        at_ms: now_ms,
    };
    match tokens::insert(&bindings.db, new).await? {
        Written::Done(token_id) => {
            let created = current_view(bindings, token_id, now).await?;
            approval::tell_token_admins(
                &bindings.db,
                &created,
                owner.organization_id,
                actor.login_id,
                now,
            )
            .await?;
            Ok(created)
        }
        Written::NameTaken => Err(name_taken(actor, &owner, &name)),
        Written::NotApplied => Err(AppError::Internal(
            "a token insert reported no row id".into(),
        )),
    }
}

/// R3: makes a new token string, stores only its hash, and returns it once.
pub async fn generate(
    bindings: &Bindings,
    actor: &Actor,
    token_id: i64,
    at: Moment,
) -> AppResult<GeneratedToken> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let (record, owner) = token_for(bindings, actor, token_id).await?;
    may_have_a_new_string(&record, &owner, now, "generating a new token string")?;
    let token_string = secret::new_token_string();
    let hash = TokenHash::of(&token_string);
    if !tokens::set_secret(
        &bindings.db,
        record.id,
        &hash,
        &token_string.hint(),
        actor.login_id,
        now,
        now_ms,
    )
    .await?
    {
        return Err(AppError::not_found());
    }
    Ok(GeneratedToken {
        token: current_view(bindings, record.id, now).await?,
        token_string: token_string.expose().to_owned(),
    })
}

/// R3 and the maximum lifetime: an expired token, or one whose Expiry On
/// lies beyond the organization's maximum, gets no new string (`doing` says
/// what was refused). Returns its Expiry On.
fn may_have_a_new_string(
    record: &TokenRecord,
    owner: &LoginRecord,
    now: i64,
    doing: &str,
) -> AppResult<Option<Date>> {
    let today = clock::date_of(now);
    approval::may_have_a_string(record)?;
    if is_expired(record, today) {
        return Err(AppError::refused(
            ErrorCode::ValidationFailed,
            format!("This token has expired: edit its Expiry On before {doing}."),
        ));
    }
    let expiry_on = record.expiry_on.as_deref().and_then(parse_date);
    check_generation(expiry_on, today, owner.policy.max_token_lifetime_days)?;
    // R26: a new string for a token the policy blocks would not work.
    let allowlist = Allowlist::parse(&allowlists::entries(record.allowed_addresses.as_deref()))
        .unwrap_or_default();
    policy::check_save(&owner.policy, expiry_on, record.scope(), &allowlist, today)?;
    Ok(expiry_on)
}

/// Rotate Token: a new string, shown once; the current one keeps working
/// for the grace period (capped by Expiry On and the organization's maximum
/// lifetime) or until the new one is first used, whichever comes first.
pub async fn rotate(
    bindings: &Bindings,
    actor: &Actor,
    token_id: i64,
    request: RotateTokenRequest,
    at: Moment,
) -> AppResult<RotatedToken> {
    let now = at.seconds();
    let (record, owner) = token_for(bindings, actor, token_id).await?;
    let expiry_on = may_have_a_new_string(&record, &owner, now, "rotating it")?;
    if !record.has_secret {
        return Err(AppError::refused(
            ErrorCode::ValidationFailed,
            "This token has no token string to rotate: use Generate Token.",
        ));
    }
    let until = overlap_end(
        now,
        request.grace.seconds(),
        expiry_on,
        owner.policy.max_token_lifetime_days,
    );
    let rotated = issue_rotation(
        bindings,
        record.id,
        until,
        None,
        tokens::ChangedBy::Login(actor.login_id),
        at,
    )
    .await?;
    rotated.ok_or_else(|| match record.has_secret {
        true => edit_conflict(),
        false => AppError::not_found(),
    })
}

/// Makes the new string and stores the rotation; `None` if the token had
/// no current string (or not `expected_current`) by then.
async fn issue_rotation(
    bindings: &Bindings,
    token_id: i64,
    until: i64,
    expected_current: Option<&TokenHash>,
    actor: tokens::ChangedBy<'_>,
    at: Moment,
) -> AppResult<Option<RotatedToken>> {
    let token_string = secret::new_token_string();
    let hash = TokenHash::of(&token_string);
    let works_until = clock::rfc3339(until);
    let detail = format!(
        "New token string. The previous one works until {works_until}, or until the new one is first used."
    );
    let rotation = crate::store::rotations::Rotation {
        token_id,
        secret_hash: &hash,
        hint: &token_string.hint(),
        previous_until: until,
        expected_current,
        actor,
        detail: &detail,
        now: at.seconds(),
        at_ms: at.ms(),
    };
    if !crate::store::rotations::rotate(&bindings.db, rotation).await? {
        return Ok(None);
    }
    Ok(Some(RotatedToken {
        token_string: token_string.expose().to_owned(),
        previous_string_works_until: works_until,
    }))
}

/// R6: saves every field; any real change invalidates the current string in
/// the same transaction, a save with no change changes nothing, and a save
/// based on an older version is refused.
pub async fn edit(
    bindings: &Bindings,
    actor: &Actor,
    token_id: i64,
    request: EditTokenRequest,
    at: Moment,
) -> AppResult<TokenView> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let (record, owner) = token_for(bindings, actor, token_id).await?;
    if request.version != record.version {
        return Err(edit_conflict());
    }
    let name = TokenName::parse(&request.name)?;
    let scope = Scope::parse(&request.scope)?;
    let choice = ExpiryChoice::parse(&request.expiry)?;
    let current_expiry = record.expiry_on.as_deref().and_then(parse_date);
    // Keeping the date the token already has is always allowed, even if it has passed.
    let today = clock::date_of(now);
    let expiry_on = match choice {
        ExpiryChoice::On(date) if Some(date) == current_expiry => Some(date),
        choice => choice.resolve(today, owner.policy.max_token_lifetime_days)?,
    };
    let allowed = match &request.allowed_addresses {
        Some(entries) => allowlists::stored(&Allowlist::parse(entries)?),
        None => record.allowed_addresses.clone(),
    };
    let reports = match &request.report_patterns {
        Some(entries) => report_patterns::stored(&ReportPatterns::parse(entries)?),
        None => record.report_patterns.clone(),
    };
    if name.as_str() == record.name
        && scope == record.scope()
        && expiry_on == current_expiry
        && request.self_rotation == record.self_rotation
        && allowed == record.allowed_addresses
        && reports == record.report_patterns
    {
        return Ok(view(&record, now));
    }
    // R26: an edit leaves the token within the policy; a blocked token is
    // edited to fit.
    let allowlist = Allowlist::parse(&allowlists::entries(allowed.as_deref())).unwrap_or_default();
    policy::check_save(&owner.policy, expiry_on, scope, &allowlist, today)?;
    let reason = request.approval_reason.as_deref();
    let approval = approval::for_save(
        &owner,
        expiry_on,
        scope,
        today,
        reason,
        actor.login_id,
        Some(&record),
    )?;
    if name.as_str() != record.name
        && tokens::name_taken(&bindings.db, owner.id, &name, Some(record.id)).await?
    {
        return Err(name_taken(actor, &owner, &name));
    }
    let change = TokenEdit {
        token_id: record.id,
        expected_version: record.version,
        name: &name,
        scope,
        expiry_on: expiry_on.map(format_date),
        self_rotation: request.self_rotation,
        allowed_addresses: allowed,
        report_patterns: reports,
        approval,
        actor: actor.login_id,
        now,
        at_ms: now_ms,
    };
    match tokens::update(&bindings.db, change).await? {
        Written::Done(()) => {
            let edited = current_view(bindings, record.id, now).await?;
            approval::tell_token_admins(
                &bindings.db,
                &edited,
                owner.organization_id,
                actor.login_id,
                now,
            )
            .await?;
            Ok(edited)
        }
        Written::NameTaken => Err(name_taken(actor, &owner, &name)),
        Written::NotApplied => match tokens::find_live(&bindings.db, record.id).await? {
            Some(_) => Err(edit_conflict()),
            None => Err(AppError::not_found()),
        },
    }
}

/// R7: irreversible and immediate.
pub async fn revoke(
    bindings: &Bindings,
    actor: &Actor,
    token_id: i64,
    at: Moment,
) -> AppResult<()> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let (record, _owner) = token_for(bindings, actor, token_id).await?;
    if tokens::revoke(&bindings.db, record.id, actor.login_id, now, now_ms).await? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

/// The login whose tokens `actor` wants, if `actor` may manage them.
async fn owner_for(
    bindings: &Bindings,
    actor: &Actor,
    owner_login_id: i64,
) -> AppResult<LoginRecord> {
    let owner = logins::find_by_id(&bindings.db, owner_login_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    check_access(actor, &owner)?;
    Ok(owner)
}

/// A live token and its owner, if `actor` may manage the owner's tokens.
pub(in crate::services) async fn token_for(
    bindings: &Bindings,
    actor: &Actor,
    token_id: i64,
) -> AppResult<(TokenRecord, LoginRecord)> {
    let record = tokens::find_live(&bindings.db, token_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if record.organization_id != actor.organization_id {
        return Err(AppError::not_found());
    }
    let owner = owner_for(bindings, actor, record.owner_login_id).await?;
    Ok((record, owner))
}

fn check_access(actor: &Actor, owner: &LoginRecord) -> AppResult<()> {
    match token_access(actor, owner.id, owner.organization_id) {
        Access::Granted => Ok(()),
        Access::NotFound => Err(AppError::not_found()),
        Access::Forbidden if actor.login_id == owner.id => Err(AppError::forbidden(
            "Your login does not have the personal role for API Tokens. Ask a system administrator to add it.",
        )),
        Access::Forbidden => Err(AppError::forbidden(
            "Only a login with the API Token Admin Role can manage another login's tokens.",
        )),
    }
}

fn name_taken(actor: &Actor, owner: &LoginRecord, name: &TokenName) -> AppError {
    let whose = if actor.login_id == owner.id {
        "You already have".to_owned()
    } else {
        format!("{} already has", owner.display_name)
    };
    AppError::Refused(
        tessera_shared::ApiError::new(
            ErrorCode::TokenNameTaken,
            format!(
                "{whose} a token named “{}”. Choose another name.",
                name.as_str()
            ),
        )
        .on_field("name"),
    )
}

fn edit_conflict() -> AppError {
    AppError::refused(
        ErrorCode::EditConflict,
        "Someone else changed this token since you opened the form. Close the form, reopen it and make your change again.",
    )
}
