//! Logins as the wire and the forms see them: the validated email address
//! a login signs in with, the password as typed, and the summary the app shows.

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// A login's sign-in name, trimmed and lower-cased so that one address is
/// one login however it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// RFC 5321's limit on a whole address.
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let email = input.trim().to_lowercase();
        Self::check(&email)?;
        Ok(Self(email))
    }

    /// The rule alone, on an address as typed: what the forms check before
    /// asking the worker (lower-casing, which needs Unicode's tables in the
    /// portal's wasm, changes nothing about it).
    pub fn check(input: &str) -> Result<(), ValidationError> {
        let email = input.trim();
        let valid = email.chars().count() <= Self::MAX_LEN
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && match email.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid {
            Ok(())
        } else {
            Err(ValidationError::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed at sign-in. Never logged, never echoed: `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Bounds the work a single sign-in can ask of the key-derivation function.
    pub const MAX_LEN: usize = 1024;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        if input.is_empty() {
            Err(ValidationError::PasswordMissing)
        } else if input.chars().count() > Self::MAX_LEN {
            Err(ValidationError::PasswordTooLong { max: Self::MAX_LEN })
        } else {
            Ok(Self(input.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// A login's name (a person's or a service account's) as Contacts & Logins
/// shows it: 1 to 100 characters, trimmed.
pub fn parse_display_name(input: &str) -> Result<String, ValidationError> {
    let name = input.trim();
    if name.is_empty() {
        Err(ValidationError::DisplayNameMissing)
    } else if name.chars().count() > 100 {
        Err(ValidationError::DisplayNameTooLong { max: 100 })
    } else {
        Ok(name.to_owned())
    }
}

/// Who is signed in, as the app's header and pages need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginSummary {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub organization_name: String,
    pub system_admin: bool,
    pub token_admin_role: bool,
    pub personal_token_role: bool,
}

impl LoginSummary {
    /// R1: the `Access Tokens` page belongs to logins with either token role.
    pub fn may_use_access_tokens(&self) -> bool {
        self.personal_token_role || self.token_admin_role
    }

    /// What the Personal menu's button shows where the name does not fit
    /// (a phone under 448 px): the first letters of the name's first and
    /// last words, "AA" for "Alice Analyst", "?" for a name without letters.
    pub fn initials(&self) -> String {
        let mut words = self
            .display_name
            .split_whitespace()
            .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()));
        let first = words.next();
        let last = words.next_back();
        let initials: String = first
            .into_iter()
            .chain(last)
            .flat_map(char::to_uppercase)
            .collect();
        if initials.is_empty() {
            "?".into()
        } else {
            initials
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(display_name: &str) -> LoginSummary {
        LoginSummary {
            id: 1,
            display_name: display_name.into(),
            email: "a@demo.example".into(),
            organization_name: "Demo Org".into(),
            system_admin: false,
            token_admin_role: false,
            personal_token_role: true,
        }
    }

    #[test]
    fn initials_are_the_first_and_last_words_first_letters() {
        for (name, initials) in [
            ("Alice Analyst", "AA"),
            ("  sam   q.  sysadmin ", "SS"),
            ("Cher", "C"),
            ("Émile (ops) Zola", "ÉZ"),
            ("\"Bob\" Builder", "BB"),
            ("— —", "?"),
            ("", "?"),
        ] {
            assert_eq!(named(name).initials(), initials, "{name:?}");
        }
    }

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        let email = EmailAddress::parse("  Alice@Demo.Example ").unwrap();
        assert_eq!(email.as_str(), "alice@demo.example");
    }

    #[test]
    fn malformed_emails_are_refused() {
        for input in [
            "",
            "alice",
            "@demo.example",
            "alice@",
            "alice@demo",
            "a b@demo.example",
            "alice@@demo.example",
            "alice@.example",
            "alice@demo.",
            "al\u{0}ice@demo.example",
        ] {
            assert_eq!(
                EmailAddress::parse(input),
                Err(ValidationError::EmailInvalid),
                "{input:?}"
            );
        }
        let too_long = format!("{}@demo.example", "a".repeat(EmailAddress::MAX_LEN));
        assert_eq!(
            EmailAddress::parse(&too_long),
            Err(ValidationError::EmailInvalid)
        );
    }

    #[test]
    fn a_password_must_be_present_and_bounded() {
        assert_eq!(Password::parse(""), Err(ValidationError::PasswordMissing));
        assert!(
            Password::parse(" ").is_ok(),
            "spaces are legitimate password characters"
        );
        assert!(Password::parse(&"x".repeat(Password::MAX_LEN)).is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(Password::MAX_LEN + 1)),
            Err(ValidationError::PasswordTooLong {
                max: Password::MAX_LEN
            })
        );
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = Password::parse("correct-horse-battery").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }
}
