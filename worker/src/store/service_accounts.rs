//! Service accounts' own columns of `logins` (R28): their description and
//! the contacts who hear about their tokens.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{int, text};
use crate::error::AppResult;

/// The enabled person logins of organization ?1 among the ids of JSON array ?2:
/// the only logins a service account may list as contacts.
const ELIGIBLE_CONTACTS: &str = "SELECT id FROM logins WHERE organization_id = ?1 \
    AND kind = 'person' AND disabled = 0 AND id IN (SELECT value FROM json_each(?2))";

/// The contacts of service account `l`, as a JSON array of objects, by name
/// (`ServiceContact`, with `disabled` 0 or 1 besides).
pub const CONTACTS_OF_L: &str = "(SELECT json_group_array(json_object('id', c.id, \
    'display_name', c.display_name, 'email', c.email, 'disabled', c.disabled)) \
    FROM (SELECT c.id, c.display_name, c.email, c.disabled \
    FROM logins c WHERE c.organization_id = l.organization_id \
    AND c.id IN (SELECT value FROM json_each(l.contacts)) ORDER BY c.display_name COLLATE NOCASE, c.id) c)";

/// Of `ids`, those that are enabled person logins of the organization.
pub async fn eligible_contacts(
    db: &D1Database,
    organization_id: i64,
    ids: &[i64],
) -> AppResult<Vec<i64>> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
    }
    let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    let rows: Vec<Row> = db
        .prepare(ELIGIBLE_CONTACTS)
        .bind(&[int(organization_id), text(&ids)])?
        .all()
        .await?
        .results()?;
    Ok(rows.into_iter().map(|row| row.id).collect())
}

pub struct NewServiceAccount<'a> {
    pub organization_id: i64,
    pub display_name: &'a str,
    pub description: &'a str,
    pub contact_login_ids: &'a [i64],
    /// Its unique, undeliverable sign-in name (`logins.email` is required).
    pub identifier: &'a str,
    pub now: i64,
}

const INSERT: &str = "INSERT INTO logins (organization_id, display_name, email, password_hash, \
    kind, description, contacts, activated_at, created_at) \
    VALUES (?1, ?2, ?3, '', 'service', ?4, ?5, ?6, ?6)";

/// Adds the service account, activated at once (it never signs in), then
/// `event` in the same batch (its audit stream event,
/// `Changed::InsertedLogin`); its id.
pub async fn insert(
    db: &D1Database,
    account: NewServiceAccount<'_>,
    event: D1PreparedStatement,
) -> AppResult<Option<i64>> {
    let contacts = serde_json::to_string(account.contact_login_ids).unwrap_or_else(|_| "[]".into());
    let insert = db.prepare(INSERT).bind(&[
        int(account.organization_id),
        text(account.display_name),
        text(account.identifier),
        text(account.description),
        text(&contacts),
        int(account.now),
    ])?;
    super::inserted_id(&db.batch(vec![insert, event]).await?)
}

const UPDATE: &str = "UPDATE logins SET display_name = ?3, description = ?4, contacts = ?5 \
    WHERE id = ?1 AND organization_id = ?2 AND kind = 'service'";

/// Saves a service account's name, description and contacts, then `event`
/// in the same batch (its audit stream event, written only if this saved);
/// whether it is a service account of the organization.
pub async fn update(
    db: &D1Database,
    organization_id: i64,
    login_id: i64,
    edited: Edited<'_>,
    event: D1PreparedStatement,
) -> AppResult<bool> {
    let contacts = serde_json::to_string(edited.contact_login_ids).unwrap_or_else(|_| "[]".into());
    let update = db.prepare(UPDATE).bind(&[
        int(login_id),
        int(organization_id),
        text(edited.display_name),
        text(edited.description),
        text(&contacts),
    ])?;
    Ok(super::changes(&db.batch(vec![update, event]).await?)? == 1)
}

/// What an edit of a service account saves.
pub struct Edited<'a> {
    pub display_name: &'a str,
    pub description: &'a str,
    pub contact_login_ids: &'a [i64],
}

#[cfg(test)]
mod tests {
    use rusqlite::params;

    use super::*;
    use crate::store::test_database;

    #[test]
    fn only_enabled_people_of_the_organization_are_eligible_contacts() {
        let db = test_database::with_demo_data();
        db.execute(
            "UPDATE logins SET disabled = 1 WHERE email = 'bob@demo.example'",
            [],
        )
        .unwrap();
        let ids: Vec<i64> = db
            .prepare("SELECT id FROM logins ORDER BY id")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let organization: i64 = db
            .query_row(
                "SELECT organization_id FROM logins WHERE email = 'alice@demo.example'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        db.execute(
            INSERT,
            params![
                organization,
                "Nightly export",
                "svc@x.invalid",
                "Loads",
                "[]",
                1
            ],
        )
        .unwrap();
        let service: i64 = db.last_insert_rowid();
        let mut asked = ids.clone();
        asked.extend([service, 999_999]);
        let eligible: Vec<i64> = db
            .prepare(ELIGIBLE_CONTACTS)
            .unwrap()
            .query_map(
                params![organization, serde_json::to_string(&asked).unwrap()],
                |row| row.get(0),
            )
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let bob: i64 = db
            .query_row(
                "SELECT id FROM logins WHERE email = 'bob@demo.example'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert!(!eligible.contains(&bob), "disabled");
        assert!(
            !eligible.contains(&service),
            "a service account is no contact"
        );
        assert!(!eligible.contains(&999_999));
        assert!(!eligible.is_empty());
        let kind: String = db
            .query_row(
                "SELECT kind || activated_at FROM logins WHERE id = ?1",
                [service],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(
            kind, "service1",
            "a service account is activated when created"
        );
    }

    #[test]
    fn the_contacts_column_lists_the_contacts_by_name() {
        let db = test_database::with_demo_data();
        let (organization, alice): (i64, i64) = db
            .query_row(
                "SELECT organization_id, id FROM logins WHERE email = 'alice@demo.example'",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        db.execute(
            INSERT,
            params![
                organization,
                "Nightly",
                "svc@x.invalid",
                "Loads",
                format!("[{alice}]"),
                1
            ],
        )
        .unwrap();
        let contacts: String = db
            .query_row(
                &format!("SELECT {CONTACTS_OF_L} FROM logins l WHERE l.kind = 'service'"),
                [],
                |row| row.get(0),
            )
            .unwrap();
        let contacts: serde_json::Value = serde_json::from_str(&contacts).unwrap();
        assert_eq!(contacts[0]["email"], "alice@demo.example");
        assert_eq!(contacts.as_array().unwrap().len(), 1);
    }
}
