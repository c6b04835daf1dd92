//! Contacts & Logins as the API sends and receives them (R8, R9, R10), and
//! the role rules a system administrator's changes must keep.

use serde::{Deserialize, Serialize};

use crate::access::Actor;
use crate::service_accounts::{LoginKind, ServiceContact};

/// One login in the Contacts & Logins grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRow {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub system_admin: bool,
    /// RFC 3339 time of the first sign-in; `None`: never signed in, not activated.
    pub activated_at: Option<String>,
    pub disabled: bool,
    pub personal_token_role: bool,
    pub token_admin_role: bool,
    /// Live tokens the login owns.
    pub token_count: i64,
    /// A person's login, or a service account (R28).
    #[serde(default)]
    pub kind: LoginKind,
    /// What a service account is for; `None` for a person.
    #[serde(default)]
    pub description: Option<String>,
    /// The people who hear about a service account's tokens; empty for a person.
    #[serde(default)]
    pub contacts: Vec<ServiceContact>,
}

/// `GET /api/logins`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginList {
    pub logins: Vec<LoginRow>,
}

/// What a system administrator changes about a login (`POST /api/logins/{id}/changes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoginChange {
    AddPersonalRole,
    RemovePersonalRole,
    AddAdminRole,
    RemoveAdminRole,
    MakeSystemAdmin,
    RemoveSystemAdmin,
    Disable,
    Enable,
    /// Ends every web session of the login at once, wherever it is signed in.
    SignOutEverywhere,
}

impl LoginChange {
    /// The words of the Contacts & Logins menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::AddPersonalRole => "Add Personal role for API Tokens",
            Self::RemovePersonalRole => "Remove Personal role for API Tokens",
            Self::AddAdminRole => "Add Admin role for API Tokens",
            Self::RemoveAdminRole => "Remove Admin role for API Tokens",
            Self::MakeSystemAdmin => "Make system administrator",
            Self::RemoveSystemAdmin => "Remove system administrator",
            Self::Disable => "Disable login",
            Self::Enable => "Enable login",
            Self::SignOutEverywhere => "Sign out of all sessions",
        }
    }

    /// Its wire name (`add_admin_role`), as the audit stream records it.
    pub fn as_code(self) -> &'static str {
        match self {
            Self::AddPersonalRole => "add_personal_role",
            Self::RemovePersonalRole => "remove_personal_role",
            Self::AddAdminRole => "add_admin_role",
            Self::RemoveAdminRole => "remove_admin_role",
            Self::MakeSystemAdmin => "make_system_admin",
            Self::RemoveSystemAdmin => "remove_system_admin",
            Self::Disable => "disable",
            Self::Enable => "enable",
            Self::SignOutEverywhere => "sign_out_everywhere",
        }
    }

    /// Whether the change can be asked of a login of `kind`: a service
    /// account holds no role and has no sessions, so only disabling and
    /// enabling it apply (R28).
    pub fn applies_to(self, kind: LoginKind) -> bool {
        kind == LoginKind::Person || matches!(self, Self::Disable | Self::Enable)
    }

    /// The changes that make sense for `login` as it is now, in menu order.
    pub fn offered_for(login: &LoginRow) -> Vec<LoginChange> {
        if login.kind == LoginKind::Service {
            return vec![if login.disabled {
                Self::Enable
            } else {
                Self::Disable
            }];
        }
        vec![
            if login.personal_token_role {
                Self::RemovePersonalRole
            } else {
                Self::AddPersonalRole
            },
            if login.token_admin_role {
                Self::RemoveAdminRole
            } else {
                Self::AddAdminRole
            },
            if login.system_admin {
                Self::RemoveSystemAdmin
            } else {
                Self::MakeSystemAdmin
            },
            if login.disabled {
                Self::Enable
            } else {
                Self::Disable
            },
            Self::SignOutEverywhere,
        ]
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeLoginRequest {
    pub change: LoginChange,
}

/// `POST /api/logins`: a new login of the organization. It is activated by
/// its own first sign-in (R10).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateLoginRequest {
    pub display_name: String,
    pub email: String,
    pub password: String,
    pub system_admin: bool,
    pub personal_token_role: bool,
}

pub use crate::login::parse_display_name;

/// A new login's password: long enough to resist guessing, bounded like any password.
pub fn parse_new_password(input: &str) -> Result<crate::Password, crate::ValidationError> {
    const MIN: usize = 12;
    if input.chars().count() < MIN {
        return Err(crate::ValidationError::PasswordTooShort { min: MIN });
    }
    crate::Password::parse(input)
}

/// The flags a change acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFlags {
    pub system_admin: bool,
    pub token_admin_role: bool,
    pub personal_token_role: bool,
    pub disabled: bool,
}

/// Why a system administrator's change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// Only system administrators change logins.
    NotSystemAdmin,
    /// R8: the admin role needs a system administrator.
    AdminRoleRequiresSystemAdmin,
    /// An organization keeps at least one enabled system administrator.
    LastSystemAdmin,
    /// Nobody disables their own login.
    OwnLogin,
}

impl LoginChange {
    /// Whether the change ends every session the login has open: signing it
    /// out everywhere, and disabling it (enabling it again later does not
    /// bring those sessions back).
    pub fn ends_sessions(self, before: LoginFlags, after: LoginFlags) -> bool {
        self == Self::SignOutEverywhere || (after.disabled && !before.disabled)
    }

    /// Whether the change, from `before` to `after`, takes away one of the
    /// organization's enabled system administrators: the change that the
    /// "last system administrator" rule guards.
    pub fn removes_enabled_system_admin(before: LoginFlags, after: LoginFlags) -> bool {
        let enabled_admin = |flags: LoginFlags| flags.system_admin && !flags.disabled;
        enabled_admin(before) && !enabled_admin(after)
    }
}

/// The flags after `change`, or why it is refused. `other_enabled_system_admins`
/// counts the organization's enabled system administrators besides `target`.
pub fn apply_change(
    actor: &Actor,
    target_login_id: i64,
    flags: LoginFlags,
    change: LoginChange,
    other_enabled_system_admins: i64,
) -> Result<LoginFlags, ChangeRefusal> {
    if !actor.system_admin {
        return Err(ChangeRefusal::NotSystemAdmin);
    }
    let mut next = flags;
    match change {
        LoginChange::AddPersonalRole => next.personal_token_role = true,
        LoginChange::RemovePersonalRole => next.personal_token_role = false,
        LoginChange::AddAdminRole if !flags.system_admin => {
            return Err(ChangeRefusal::AdminRoleRequiresSystemAdmin);
        }
        LoginChange::AddAdminRole => next.token_admin_role = true,
        LoginChange::RemoveAdminRole => next.token_admin_role = false,
        LoginChange::MakeSystemAdmin => next.system_admin = true,
        // R8: a login that stops being a system administrator loses the admin role with it.
        LoginChange::RemoveSystemAdmin => {
            next.system_admin = false;
            next.token_admin_role = false;
        }
        LoginChange::Disable if actor.login_id == target_login_id => {
            return Err(ChangeRefusal::OwnLogin);
        }
        LoginChange::Disable => next.disabled = true,
        LoginChange::Enable => next.disabled = false,
        LoginChange::SignOutEverywhere => {}
    }
    if LoginChange::removes_enabled_system_admin(flags, next) && other_enabled_system_admins == 0 {
        return Err(ChangeRefusal::LastSystemAdmin);
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Actor = Actor {
        login_id: 1,
        organization_id: 1,
        system_admin: true,
        token_admin_role: true,
        personal_token_role: true,
    };
    const PLAIN: LoginFlags = LoginFlags {
        system_admin: false,
        token_admin_role: false,
        personal_token_role: false,
        disabled: false,
    };
    const SYSADMIN: LoginFlags = LoginFlags {
        system_admin: true,
        ..PLAIN
    };

    #[test]
    fn the_admin_role_is_refused_to_a_login_that_is_not_a_system_administrator_r8() {
        assert_eq!(
            apply_change(&ADMIN, 2, PLAIN, LoginChange::AddAdminRole, 1),
            Err(ChangeRefusal::AdminRoleRequiresSystemAdmin)
        );
        let granted = apply_change(&ADMIN, 2, SYSADMIN, LoginChange::AddAdminRole, 1).unwrap();
        assert!(granted.token_admin_role);
    }

    #[test]
    fn losing_system_administrator_loses_the_admin_role_r8() {
        let admin = LoginFlags {
            token_admin_role: true,
            ..SYSADMIN
        };
        let after = apply_change(&ADMIN, 2, admin, LoginChange::RemoveSystemAdmin, 1).unwrap();
        assert!(!after.system_admin && !after.token_admin_role);
    }

    #[test]
    fn only_system_administrators_change_logins() {
        let sam = Actor {
            system_admin: false,
            ..ADMIN
        };
        assert_eq!(
            apply_change(&sam, 2, PLAIN, LoginChange::AddPersonalRole, 1),
            Err(ChangeRefusal::NotSystemAdmin)
        );
    }

    #[test]
    fn the_last_enabled_system_administrator_stays() {
        assert_eq!(
            apply_change(&ADMIN, 2, SYSADMIN, LoginChange::RemoveSystemAdmin, 0),
            Err(ChangeRefusal::LastSystemAdmin)
        );
        assert_eq!(
            apply_change(&ADMIN, 2, SYSADMIN, LoginChange::Disable, 0),
            Err(ChangeRefusal::LastSystemAdmin)
        );
        assert!(apply_change(&ADMIN, 2, SYSADMIN, LoginChange::Disable, 1).is_ok());
    }

    #[test]
    fn signing_out_everywhere_and_disabling_end_sessions_and_nothing_else_does() {
        let disabled = LoginFlags {
            disabled: true,
            ..PLAIN
        };
        assert!(LoginChange::SignOutEverywhere.ends_sessions(PLAIN, PLAIN));
        assert!(LoginChange::Disable.ends_sessions(PLAIN, disabled));
        assert!(!LoginChange::Enable.ends_sessions(disabled, PLAIN));
        assert!(!LoginChange::AddPersonalRole.ends_sessions(PLAIN, PLAIN));
        assert_eq!(
            apply_change(&ADMIN, 1, SYSADMIN, LoginChange::SignOutEverywhere, 0),
            Ok(SYSADMIN),
            "one's own sessions, and the last administrator's, can be ended"
        );
    }

    #[test]
    fn nobody_disables_their_own_login() {
        assert_eq!(
            apply_change(&ADMIN, 1, SYSADMIN, LoginChange::Disable, 3),
            Err(ChangeRefusal::OwnLogin)
        );
    }

    #[test]
    fn the_menu_offers_the_opposite_of_each_flag() {
        let row = LoginRow {
            id: 2,
            display_name: "Sam".into(),
            email: "sam@demo.example".into(),
            system_admin: true,
            activated_at: None,
            disabled: false,
            personal_token_role: false,
            token_admin_role: false,
            token_count: 0,
            kind: LoginKind::Person,
            description: None,
            contacts: Vec::new(),
        };
        let labels: Vec<_> = LoginChange::offered_for(&row)
            .into_iter()
            .map(LoginChange::label)
            .collect();
        assert_eq!(
            labels,
            [
                "Add Personal role for API Tokens",
                "Add Admin role for API Tokens",
                "Remove system administrator",
                "Disable login",
                "Sign out of all sessions",
            ]
        );
    }

    #[test]
    fn a_service_account_is_only_disabled_or_enabled_r28() {
        assert!(LoginChange::Disable.applies_to(LoginKind::Service));
        assert!(LoginChange::Enable.applies_to(LoginKind::Service));
        for change in [
            LoginChange::AddPersonalRole,
            LoginChange::AddAdminRole,
            LoginChange::MakeSystemAdmin,
            LoginChange::SignOutEverywhere,
        ] {
            assert!(!change.applies_to(LoginKind::Service), "{change:?}");
            assert!(change.applies_to(LoginKind::Person), "{change:?}");
        }
    }

    #[test]
    fn a_changes_code_is_its_wire_name() {
        for change in [
            LoginChange::AddPersonalRole,
            LoginChange::RemovePersonalRole,
            LoginChange::AddAdminRole,
            LoginChange::RemoveAdminRole,
            LoginChange::MakeSystemAdmin,
            LoginChange::RemoveSystemAdmin,
            LoginChange::Disable,
            LoginChange::Enable,
            LoginChange::SignOutEverywhere,
        ] {
            assert_eq!(serde_json::to_value(change).unwrap(), change.as_code());
        }
    }
}
