//! Service accounts (R28): logins that belong to no person and cannot sign
//! in. Token admins create them; their tokens are managed from their row
//! like any login's and outlive the people who made them.

use serde::{Deserialize, Serialize};

use crate::ValidationError;
use crate::prose::{self, ProseFault};

/// Whether a login is a person's or a service account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LoginKind {
    /// Signs in with an email address and password.
    #[default]
    Person,
    /// Belongs to no person: no password, never signs in (R28).
    Service,
}

impl LoginKind {
    /// As stored in `logins.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Service => "service",
        }
    }

    /// The stored value read back; anything unknown is a person, the kind
    /// that grants nothing a service account does not.
    pub fn from_stored(stored: &str) -> Self {
        match stored {
            "service" => Self::Service,
            _ => Self::Person,
        }
    }
}

/// A person listed on a service account: warnings about its tokens reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceContact {
    pub id: i64,
    pub display_name: String,
    pub email: String,
}

/// `POST /api/service-accounts` (token admins): a new service account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateServiceAccountRequest {
    /// What Contacts & Logins and the inventory call it: 1 to 100 characters.
    pub display_name: String,
    /// What it is for: 1 to 500 characters.
    pub description: String,
    /// The organization's people who hear about its tokens, at most
    /// [`MAX_CONTACTS`]: each an enabled person login of the organization
    /// (JavaScript-safe whole numbers).
    #[cfg_attr(
        feature = "openapi",
        schema(max_items = 10, value_type = Vec<crate::whole_number::TokenId>)
    )]
    #[serde(default, deserialize_with = "crate::whole_number::list")]
    pub contact_login_ids: Vec<i64>,
}

/// The longest description.
pub const MAX_DESCRIPTION: usize = 500;
/// The most contacts a service account lists.
pub const MAX_CONTACTS: usize = 10;

/// A service account's name: a login's display name, 1 to 100 characters,
/// trimmed.
pub fn parse_name(input: &str) -> Result<String, ValidationError> {
    crate::login::parse_display_name(input).map_err(|error| match error {
        ValidationError::DisplayNameMissing => ValidationError::ServiceAccountNameMissing,
        other => other,
    })
}

/// What a service account is for: 1 to [`MAX_DESCRIPTION`] characters,
/// trimmed, no control characters but line breaks.
pub fn parse_description(input: &str) -> Result<String, ValidationError> {
    prose::parse(input, MAX_DESCRIPTION).map_err(|fault| match fault {
        ProseFault::Missing => ValidationError::DescriptionMissing,
        ProseFault::TooLong => ValidationError::DescriptionTooLong {
            max: MAX_DESCRIPTION,
        },
        ProseFault::Character => ValidationError::DescriptionCharacter,
    })
}

/// The contacts' login ids, once each in the order given, at most
/// [`MAX_CONTACTS`] counted as sent. Whether each is an enabled person of
/// the organization is the worker's to check.
pub fn parse_contacts(ids: &[i64]) -> Result<Vec<i64>, ValidationError> {
    if ids.len() > MAX_CONTACTS {
        return Err(ValidationError::ContactsTooMany { max: MAX_CONTACTS });
    }
    let mut unique = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_and_a_description_are_required_and_bounded() {
        assert_eq!(
            parse_name("  "),
            Err(ValidationError::ServiceAccountNameMissing)
        );
        assert_eq!(parse_name(" Nightly export ").unwrap(), "Nightly export");
        assert!(parse_name(&"x".repeat(101)).is_err());
        assert_eq!(
            parse_description(""),
            Err(ValidationError::DescriptionMissing)
        );
        assert_eq!(
            parse_description(&"é".repeat(501)),
            Err(ValidationError::DescriptionTooLong { max: 500 })
        );
        assert_eq!(
            parse_description("Loads\u{0}data"),
            Err(ValidationError::DescriptionCharacter)
        );
        assert_eq!(
            parse_description("Loads meter data\nfor Finance").unwrap(),
            "Loads meter data\nfor Finance"
        );
    }

    #[test]
    fn contacts_are_deduplicated_and_counted_as_sent() {
        assert_eq!(parse_contacts(&[3, 2, 3]).unwrap(), vec![3, 2]);
        assert_eq!(
            parse_contacts(&[1; 11]),
            Err(ValidationError::ContactsTooMany { max: 10 })
        );
    }

    #[test]
    fn an_unknown_stored_kind_reads_as_a_person() {
        assert_eq!(LoginKind::from_stored("service"), LoginKind::Service);
        assert_eq!(LoginKind::from_stored("robot"), LoginKind::Person);
    }
}
