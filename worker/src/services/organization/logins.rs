//! Contacts & Logins (R8): the organization's logins for its system
//! administrators, and the role changes they make.

use tessera_shared::access::Actor;
use tessera_shared::logins::{
    ChangeRefusal, CreateLoginRequest, LoginChange, LoginList, LoginRow, apply_change,
    parse_display_name, parse_new_password,
};
use tessera_shared::{ApiError, EmailAddress, ErrorCode};
use worker::D1PreparedStatement;

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::password;
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, SystemAdministrator};
use crate::services::notify::audit_stream;
use crate::store::audit_stream::Changed;
use crate::store::logins::{self, FlagsChange, NewLogin};

pub async fn list(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    search: Option<&str>,
) -> AppResult<LoginList> {
    let records = logins::list(&bindings.db, admin.actor().organization_id, search).await?;
    Ok(LoginList {
        logins: records.into_iter().map(row_of).collect(),
    })
}

/// Login `id` of the actor's organization as the grid shows it, after a change.
pub async fn row(bindings: &Bindings, actor: &Actor, id: i64) -> AppResult<Option<LoginRow>> {
    let record = logins::list_row(&bindings.db, actor.organization_id, id).await?;
    Ok(record.map(row_of))
}

fn row_of(record: logins::LoginListRecord) -> LoginRow {
    LoginRow {
        id: record.id,
        display_name: record.display_name,
        email: record.email,
        system_admin: record.system_admin,
        activated_at: record.activated_at.map(clock::rfc3339),
        disabled: record.disabled,
        personal_token_role: record.personal_token_role,
        token_admin_role: record.token_admin_role,
        token_count: record.token_count,
        kind: record.kind,
        description: record.description,
        contacts: serde_json::from_str(&record.contacts).unwrap_or_default(),
    }
}

/// Applies `change` to login `login_id` if the role rules allow it.
pub async fn change(
    bindings: &Bindings,
    actor: &Actor,
    login_id: i64,
    change: LoginChange,
) -> AppResult<()> {
    let target = logins::find_by_id(&bindings.db, login_id)
        .await?
        .filter(|login| login.organization_id == actor.organization_id)
        .ok_or_else(AppError::not_found)?;
    if !change.applies_to(target.kind) {
        return Err(AppError::refused(
            ErrorCode::NotForServiceAccounts,
            format!(
                "{} is a service account: it holds no role and never signs in, so it can only be disabled or enabled.",
                target.display_name
            ),
        ));
    }
    let others =
        logins::other_enabled_system_admins(&bindings.db, actor.organization_id, target.id).await?;
    let next = apply_change(actor, target.id, target.flags(), change, others).map_err(|refusal| match refusal {
        ChangeRefusal::NotSystemAdmin => AppError::forbidden("Only system administrators can change logins."),
        ChangeRefusal::AdminRoleRequiresSystemAdmin => AppError::refused(
            ErrorCode::AdminRoleRequiresSystemAdmin,
            format!(
                "The API Token Admin Role can only be given to a system administrator, and {} is not one.",
                target.display_name
            ),
        ),
        ChangeRefusal::LastSystemAdmin => last_system_admin(&target.display_name),
        ChangeRefusal::OwnLogin => AppError::forbidden("You cannot disable your own login."),
    })?;
    let previous = target.flags();
    let event = role_change(bindings, actor, target.id, change.as_code(), Changed::Row)?;
    let saved = logins::save_flags(
        &bindings.db,
        FlagsChange {
            login_id: target.id,
            previous,
            next,
            end_sessions: change.ends_sessions(previous, next),
            keep_a_system_admin: LoginChange::removes_enabled_system_admin(previous, next),
        },
        event,
    )
    .await?;
    if !saved {
        // Another change came first: say which rule it now breaks, if any.
        let others =
            logins::other_enabled_system_admins(&bindings.db, actor.organization_id, target.id)
                .await?;
        if LoginChange::removes_enabled_system_admin(previous, next) && others == 0 {
            return Err(last_system_admin(&target.display_name));
        }
        return Err(AppError::refused(
            ErrorCode::EditConflict,
            "Someone else changed this login at the same time. Reload the page and try again.",
        ));
    }
    Ok(())
}

/// A role or flag change, or a login added, as the audit stream records it
/// (R30): the statement to batch right after the change. `login_id` is 0
/// for a login being added (`Changed::InsertedLogin` fills it in).
pub(super) fn role_change(
    bindings: &Bindings,
    actor: &Actor,
    login_id: i64,
    change: &str,
    changed: Changed,
) -> AppResult<D1PreparedStatement> {
    let event = serde_json::json!({
        "type": "role_change",
        "login_id": login_id,
        "change": change,
        "actor_login_id": actor.login_id,
    });
    audit_stream::change(&bindings.db, actor.organization_id, event, changed)
}

fn last_system_admin(display_name: &str) -> AppError {
    AppError::refused(
        ErrorCode::LastSystemAdmin,
        format!("{display_name} is the organization's last enabled system administrator."),
    )
}

/// Adds a login to the actor's organization; it is activated by its own first sign-in.
pub async fn create(
    bindings: &Bindings,
    admin: &SystemAdministrator,
    request: CreateLoginRequest,
    now: i64,
) -> AppResult<i64> {
    let actor = &admin.actor();
    let display_name = parse_display_name(&request.display_name)?;
    let email = EmailAddress::parse(&request.email)?;
    let password = parse_new_password(&request.password)?;
    let password_hash = password::hash(password.expose()).await?;
    let login = NewLogin {
        organization_id: actor.organization_id,
        display_name: &display_name,
        email: email.as_str(),
        password_hash: &password_hash,
        system_admin: request.system_admin,
        personal_token_role: request.personal_token_role,
        now,
    };
    let added = match (request.system_admin, request.personal_token_role) {
        (true, true) => "login_added_as_system_admin_with_personal_role",
        (true, false) => "login_added_as_system_admin",
        (false, true) => "login_added_with_personal_role",
        (false, false) => "login_added",
    };
    let event = role_change(bindings, actor, 0, added, Changed::InsertedLogin)?;
    let id = logins::insert(&bindings.db, login, event)
        .await?
        .ok_or_else(|| {
            AppError::Refused(
                ApiError::new(
                    ErrorCode::EmailTaken,
                    "Another login already signs in with this email address.",
                )
                .on_field("email"),
            )
        })?;
    Ok(id)
}
