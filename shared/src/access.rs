//! Who may manage whose tokens (R1, R9). The worker asks this before every
//! token operation; the app asks it only to decide what to show.

/// The signed-in login acting on tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub login_id: i64,
    pub organization_id: i64,
    pub system_admin: bool,
    pub token_admin_role: bool,
    pub personal_token_role: bool,
}

/// R8, R9: a token admin is a system administrator holding the API Token
/// Admin Role; the role alone (left over from a removed administrator
/// status) grants nothing.
pub fn is_token_admin(system_admin: bool, token_admin_role: bool) -> bool {
    system_admin && token_admin_role
}

impl Actor {
    pub fn is_token_admin(&self) -> bool {
        is_token_admin(self.system_admin, self.token_admin_role)
    }
}

impl crate::LoginSummary {
    pub fn is_token_admin(&self) -> bool {
        is_token_admin(self.system_admin, self.token_admin_role)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Granted,
    /// Inside the organization, but not allowed: 403.
    Forbidden,
    /// Another organization's: answered exactly as if it did not exist (404).
    NotFound,
}

/// May `actor` list, create, generate, edit and revoke the tokens of the
/// login `owner_login_id` of organization `owner_organization_id`?
pub fn token_access(actor: &Actor, owner_login_id: i64, owner_organization_id: i64) -> Access {
    if actor.organization_id != owner_organization_id {
        Access::NotFound
    } else if actor.login_id == owner_login_id {
        if actor.personal_token_role || actor.token_admin_role {
            Access::Granted
        } else {
            Access::Forbidden
        }
    } else if actor.is_token_admin() {
        Access::Granted
    } else {
        Access::Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(system_admin: bool, token_admin_role: bool, personal_token_role: bool) -> Actor {
        Actor {
            login_id: 1,
            organization_id: 10,
            system_admin,
            token_admin_role,
            personal_token_role,
        }
    }

    #[test]
    fn a_login_with_a_token_role_manages_its_own_tokens() {
        assert_eq!(
            token_access(&actor(false, false, true), 1, 10),
            Access::Granted
        );
        assert_eq!(
            token_access(&actor(true, true, false), 1, 10),
            Access::Granted
        );
        assert_eq!(
            token_access(&actor(true, false, false), 1, 10),
            Access::Forbidden,
            "no role, no page"
        );
    }

    #[test]
    fn only_the_admin_role_reaches_another_logins_tokens_r9() {
        assert_eq!(
            token_access(&actor(true, true, false), 2, 10),
            Access::Granted
        );
        assert_eq!(
            token_access(&actor(true, false, true), 2, 10),
            Access::Forbidden
        );
        assert_eq!(
            token_access(&actor(false, false, true), 2, 10),
            Access::Forbidden
        );
    }

    #[test]
    fn another_organization_is_invisible_even_to_an_admin() {
        assert_eq!(
            token_access(&actor(true, true, true), 2, 11),
            Access::NotFound
        );
        assert_eq!(
            token_access(&actor(true, true, true), 1, 11),
            Access::NotFound
        );
    }
}
