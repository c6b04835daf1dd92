//! The `logins` table, read together with the login's organization.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use tessera_shared::logins::LoginFlags;
use tessera_shared::service_accounts::LoginKind;

use super::{flag, int, text};
use crate::error::AppResult;

/// A login row as the services need it. Flags are 0/1 in SQL.
#[derive(Debug, Deserialize)]
pub struct LoginRecord {
    pub id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    /// The organization's token policy (R26).
    #[serde(flatten)]
    pub policy: super::organizations::PolicyColumns,
    /// R11: whether the organization accepts Basic authentication on the API.
    #[serde(deserialize_with = "super::from_flag")]
    pub basic_auth_enabled: bool,
    pub display_name: String,
    pub email: String,
    pub password_hash: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub system_admin: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub token_admin_role: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub personal_token_role: bool,
    pub activated_at: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub disabled: bool,
    /// Bumped to end every session of the login (sign out everywhere, disable).
    pub session_generation: i64,
    /// R28: a service account never signs in.
    pub kind: LoginKind,
    /// The organization's approval rule (R27).
    #[serde(flatten)]
    pub approval: super::approvals::ApprovalColumns,
}

impl LoginRecord {
    pub fn actor(&self) -> tessera_shared::access::Actor {
        tessera_shared::access::Actor {
            login_id: self.id,
            organization_id: self.organization_id,
            system_admin: self.system_admin,
            token_admin_role: self.token_admin_role,
            personal_token_role: self.personal_token_role,
        }
    }
}

const SELECT_LOGIN: &str = "SELECT l.id, l.organization_id, o.name AS organization_name, o.basic_auth_enabled, \
    o.max_token_lifetime_days, o.policy_expiry_required, o.policy_scope_meta, o.policy_scope_report, \
    o.policy_allowlist_required, o.default_allowed_addresses, \
    o.approval_beyond_days, o.approval_scope_meta, o.approval_scope_report, l.display_name, l.email, l.password_hash, l.system_admin, l.token_admin_role, \
    l.personal_token_role, l.activated_at, l.disabled, l.session_generation, l.kind \
    FROM logins l JOIN organizations o ON o.id = l.organization_id";

pub async fn find_by_email(db: &D1Database, email: &str) -> AppResult<Option<LoginRecord>> {
    let statement = db
        .prepare(format!("{SELECT_LOGIN} WHERE l.email = ?1"))
        .bind(&[text(email)])?;
    Ok(statement.first(None).await?)
}

pub async fn find_by_id(db: &D1Database, id: i64) -> AppResult<Option<LoginRecord>> {
    let statement = db
        .prepare(format!("{SELECT_LOGIN} WHERE l.id = ?1"))
        .bind(&[int(id)])?;
    Ok(statement.first(None).await?)
}

/// A login as a signed-in request reads it, with whether its session was ended.
#[derive(Debug, Deserialize)]
pub struct SessionLogin {
    #[serde(flatten)]
    pub login: LoginRecord,
    #[serde(deserialize_with = "super::from_flag")]
    pub session_ended: bool,
}

/// Login `id` and whether session `session_id` has been ended, in one read.
pub async fn find_for_session(
    db: &D1Database,
    id: i64,
    session_id: &str,
) -> AppResult<Option<SessionLogin>> {
    let ended = super::sessions::ended_sql(2);
    let statement = db
        .prepare(format!(
            "SELECT * FROM ({SELECT_LOGIN} WHERE l.id = ?1), (SELECT {ended} AS session_ended)"
        ))
        .bind(&[int(id), text(&super::sessions::session_hash(session_id))])?;
    Ok(statement.first(None).await?)
}

/// Ends every session of login `id` at once (its generation moves on).
pub async fn end_sessions(db: &D1Database, id: i64) -> AppResult<()> {
    db.prepare("UPDATE logins SET session_generation = session_generation + 1 WHERE id = ?1")
        .bind(&[int(id)])?
        .run()
        .await?;
    Ok(())
}

/// R10: the first successful sign-in activates the login; later ones change nothing.
pub async fn activate(db: &D1Database, id: i64, now: i64) -> AppResult<()> {
    db.prepare("UPDATE logins SET activated_at = ?1 WHERE id = ?2 AND activated_at IS NULL")
        .bind(&[int(now), int(id)])?
        .run()
        .await?;
    Ok(())
}

/// A login as the Contacts & Logins grid shows it.
#[derive(Debug, Deserialize)]
pub struct LoginListRecord {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub system_admin: bool,
    pub activated_at: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub disabled: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub personal_token_role: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub token_admin_role: bool,
    pub token_count: i64,
    pub kind: LoginKind,
    pub description: Option<String>,
    /// A JSON array of the service account's contacts (`service_accounts::CONTACTS_OF_L`).
    pub contacts: String,
}

/// A login as Contacts & Logins lists it: its flags, a service account's
/// description and contacts, and how many live tokens it owns.
fn select_login_rows() -> String {
    let contacts = super::service_accounts::CONTACTS_OF_L;
    format!(
        "SELECT l.id, l.display_name, l.email, l.system_admin, l.activated_at, l.disabled, \
         l.personal_token_role, l.token_admin_role, l.kind, l.description, {contacts} AS contacts, \
         (SELECT COUNT(*) FROM tokens t WHERE t.owner_login_id = l.id AND t.revoked_at IS NULL) AS token_count \
         FROM logins l"
    )
}

/// The organization's logins whose name or email contains `search`, by name.
pub async fn list(
    db: &D1Database,
    organization_id: i64,
    search: Option<&str>,
) -> AppResult<Vec<LoginListRecord>> {
    let statement = db
        .prepare(format!(
            "{} WHERE l.organization_id = ?1 \
             AND (?2 IS NULL OR instr(lower(l.display_name), lower(?2)) > 0 OR instr(l.email, lower(?2)) > 0 \
             OR instr(lower(coalesce(l.description, '')), lower(?2)) > 0) \
             ORDER BY l.display_name COLLATE NOCASE, l.id",
            select_login_rows()
        ))
        .bind(&[int(organization_id), super::optional_text(search)])?;
    Ok(statement.all().await?.results()?)
}

/// Login `login_id` of the organization, as `list` shows it.
pub async fn list_row(
    db: &D1Database,
    organization_id: i64,
    login_id: i64,
) -> AppResult<Option<LoginListRecord>> {
    let statement = db
        .prepare(format!(
            "{} WHERE l.organization_id = ?1 AND l.id = ?2",
            select_login_rows()
        ))
        .bind(&[int(organization_id), int(login_id)])?;
    Ok(statement.first(None).await?)
}

/// Enabled system administrators of the organization other than `except`.
pub async fn other_enabled_system_admins(
    db: &D1Database,
    organization_id: i64,
    except: i64,
) -> AppResult<i64> {
    let statement = db
        .prepare(
            "SELECT COUNT(*) AS n FROM logins WHERE organization_id = ?1 AND id != ?2 \
             AND system_admin = 1 AND disabled = 0",
        )
        .bind(&[int(organization_id), int(except)])?;
    Ok(statement.first(Some("n")).await?.unwrap_or(0))
}

/// A change of a login's flags, as `save_flags` writes it.
pub struct FlagsChange {
    pub login_id: i64,
    /// The flags the change was decided on; another administrator's change
    /// in between makes this one apply nothing.
    pub previous: LoginFlags,
    pub next: LoginFlags,
    /// Whether the change also ends every session of the login.
    pub end_sessions: bool,
    /// Whether the change takes away an enabled system administrator: then
    /// it applies only if another one remains, checked in the same statement,
    /// so two administrators removing each other at once cannot both succeed.
    pub keep_a_system_admin: bool,
}

/// Writes the change, then `event` in the same batch (its audit stream
/// event, written only if the change applied: `audit_stream::change_event`);
/// `false` when it applied nothing (the flags moved on, or it would have
/// removed the last enabled system administrator).
pub async fn save_flags(
    db: &D1Database,
    change: FlagsChange,
    event: D1PreparedStatement,
) -> AppResult<bool> {
    let FlagsChange {
        login_id,
        previous,
        next,
        end_sessions,
        keep_a_system_admin,
    } = change;
    let change = db
        .prepare(
            "UPDATE logins SET system_admin = ?6, token_admin_role = ?7, personal_token_role = ?8, disabled = ?9, \
             session_generation = session_generation + ?10 \
             WHERE id = ?1 AND system_admin = ?2 AND token_admin_role = ?3 AND personal_token_role = ?4 AND disabled = ?5 \
             AND (?11 = 0 OR EXISTS (SELECT 1 FROM logins other WHERE other.organization_id = logins.organization_id \
             AND other.id != logins.id AND other.system_admin = 1 AND other.disabled = 0))",
        )
        .bind(&[
            int(login_id),
            flag(previous.system_admin),
            flag(previous.token_admin_role),
            flag(previous.personal_token_role),
            flag(previous.disabled),
            flag(next.system_admin),
            flag(next.token_admin_role),
            flag(next.personal_token_role),
            flag(next.disabled),
            flag(end_sessions),
            flag(keep_a_system_admin),
        ])?;
    let results = db.batch(vec![change, event]).await?;
    Ok(super::changes(&results)? == 1)
}

impl LoginRecord {
    pub fn flags(&self) -> LoginFlags {
        LoginFlags {
            system_admin: self.system_admin,
            token_admin_role: self.token_admin_role,
            personal_token_role: self.personal_token_role,
            disabled: self.disabled,
        }
    }
}

pub struct NewLogin<'a> {
    pub organization_id: i64,
    pub display_name: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub system_admin: bool,
    pub personal_token_role: bool,
    pub now: i64,
}

/// Adds a login, not activated, then `event` in the same batch (its audit
/// stream event, `Changed::InsertedLogin`); its id, or `None` when the email
/// is already taken.
pub async fn insert(
    db: &D1Database,
    login: NewLogin<'_>,
    event: D1PreparedStatement,
) -> AppResult<Option<i64>> {
    let statement = db
        .prepare(
            "INSERT INTO logins (organization_id, display_name, email, password_hash, system_admin, \
             personal_token_role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(&[
            int(login.organization_id),
            text(login.display_name),
            text(login.email),
            text(login.password_hash),
            flag(login.system_admin),
            flag(login.personal_token_role),
            int(login.now),
        ])?;
    match db.batch(vec![statement, event]).await {
        Ok(results) => Ok(super::inserted_id(&results)?),
        Err(error) if super::is_unique_violation(&error) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// An enabled token admin of the organization.
#[derive(serde::Deserialize)]
pub struct TokenAdmin {
    pub id: i64,
    pub email: String,
}

/// The organization's enabled token admins (R27: who decides approvals).
pub async fn token_admins(db: &D1Database, organization_id: i64) -> AppResult<Vec<TokenAdmin>> {
    Ok(db
        .prepare(
            "SELECT id, email FROM logins WHERE organization_id = ?1 AND token_admin_role = 1 \
             AND system_admin = 1 AND disabled = 0 ORDER BY id",
        )
        .bind(&[int(organization_id)])?
        .all()
        .await?
        .results()?)
}

/// The email addresses of the organization's enabled token admins (the
/// API Token Admin Role): they hear about every token's warnings.
pub async fn token_admin_emails(db: &D1Database, organization_id: i64) -> AppResult<Vec<String>> {
    let admins = token_admins(db, organization_id).await?;
    Ok(admins.into_iter().map(|admin| admin.email).collect())
}

/// The organization's enabled system administrators (R30: who hears that
/// its audit stream is failing).
pub async fn system_admin_ids(db: &D1Database, organization_id: i64) -> AppResult<Vec<i64>> {
    #[derive(serde::Deserialize)]
    struct Row {
        id: i64,
    }
    let rows: Vec<Row> = db
        .prepare(
            "SELECT id FROM logins WHERE organization_id = ?1 AND system_admin = 1 \
             AND disabled = 0 AND kind = 'person' ORDER BY id",
        )
        .bind(&[int(organization_id)])?
        .all()
        .await?
        .results()?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}
