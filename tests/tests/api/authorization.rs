//! The authorization matrix (R8, R9, R13): every token and login endpoint ×
//! each demo login × objects it owns, objects of another login of its
//! organization, and objects of the other organization → exactly the
//! expected status, and never another organization's data in any body.

use reqwest::Method;
use serde_json::json;
use tessera_tests::spawn_app_seeded;

/// One own token for every demo login that has none.
const OWN_TOKENS: &str = "
INSERT INTO tokens (id, organization_id, owner_login_id, name, scope_meta, scope_report,
    created_at, created_by, updated_at, updated_by) VALUES
    (10, 1, 1, 'Sysadmin own', 1, 1, 0, 1, 0, 1),
    (11, 1, 2, 'Sam own', 1, 1, 0, 2, 0, 2),
    (12, 1, 4, 'Bob own', 1, 1, 0, 4, 0, 4),
    (13, 1, 5, 'Dave own', 1, 1, 0, 5, 0, 5);";

struct Actor {
    email: &'static str,
    login: i64,
    own_token: i64,
    system_admin: bool,
    token_admin: bool,
    token_role: bool,
    /// (login, token) of another login of the same organization, if there is one.
    colleague: Option<(i64, i64)>,
    /// (login, token) of the other organization.
    stranger: (i64, i64),
    /// Words that only the other organization's data contains.
    foreign_words: &'static [&'static str],
}

const DEMO_FOREIGN: &[&str] = &["other.example", "Other Org", "Olga"];
const ACTORS: [Actor; 6] = [
    Actor {
        email: "sysadmin@demo.example",
        login: 1,
        own_token: 10,
        system_admin: true,
        token_admin: true,
        token_role: true,
        colleague: Some((3, 1)),
        stranger: (6, 3),
        foreign_words: DEMO_FOREIGN,
    },
    Actor {
        email: "sam@demo.example",
        login: 2,
        own_token: 11,
        system_admin: true,
        token_admin: false,
        token_role: false,
        colleague: Some((3, 1)),
        stranger: (6, 3),
        foreign_words: DEMO_FOREIGN,
    },
    Actor {
        email: "alice@demo.example",
        login: 3,
        own_token: 1,
        system_admin: false,
        token_admin: false,
        token_role: true,
        colleague: Some((1, 10)),
        stranger: (6, 3),
        foreign_words: DEMO_FOREIGN,
    },
    Actor {
        email: "bob@demo.example",
        login: 4,
        own_token: 12,
        system_admin: false,
        token_admin: false,
        token_role: true,
        colleague: Some((3, 1)),
        stranger: (6, 3),
        foreign_words: DEMO_FOREIGN,
    },
    Actor {
        email: "dave@demo.example",
        login: 5,
        own_token: 13,
        system_admin: false,
        token_admin: false,
        token_role: false,
        colleague: Some((3, 1)),
        stranger: (6, 3),
        foreign_words: DEMO_FOREIGN,
    },
    Actor {
        email: "admin@other.example",
        login: 6,
        own_token: 3,
        system_admin: true,
        token_admin: true,
        token_role: true,
        colleague: None,
        stranger: (3, 1),
        foreign_words: &["demo.example", "Demo Org", "Alice"],
    },
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Whose {
    Own,
    Colleague,
    Stranger,
}

#[tokio::test]
async fn every_endpoint_answers_each_login_exactly_as_the_rules_say() {
    let mut checked = 0;
    for actor in &ACTORS {
        // A fresh runtime per actor, so that one actor's revocations do not change another's answers.
        let app = spawn_app_seeded(OWN_TOKENS).await;
        let portal = app.portal(actor.email).await;
        let mut targets = vec![
            (Whose::Own, actor.login, actor.own_token),
            (Whose::Stranger, actor.stranger.0, actor.stranger.1),
        ];
        if let Some((login, token)) = actor.colleague {
            targets.insert(1, (Whose::Colleague, login, token));
        }
        let mut bodies = Vec::new();
        for (whose, login, token) in targets {
            let may_manage = match whose {
                Whose::Own => actor.token_role || actor.token_admin,
                Whose::Colleague => actor.token_admin,
                Whose::Stranger => false,
            };
            let token_status = |granted: u16| match (whose, may_manage) {
                (Whose::Stranger, _) => 404,
                (_, true) => granted,
                (_, false) => 403,
            };
            let version: i64 = app
                .database()
                .query_row("SELECT version FROM tokens WHERE id = ?1", [token], |r| {
                    r.get(0)
                })
                .unwrap();
            let name = format!("Matrix {whose:?}");
            let cases = [
                (
                    Method::GET,
                    format!("/api/logins/{login}/tokens"),
                    None,
                    token_status(200),
                ),
                (
                    Method::POST,
                    format!("/api/logins/{login}/tokens"),
                    Some(json!({ "name": name, "expiry": "30_days", "scope": ["meta_record"] })),
                    token_status(201),
                ),
                (
                    Method::POST,
                    format!("/api/tokens/{token}/generate"),
                    None,
                    token_status(200),
                ),
                (
                    Method::PUT,
                    format!("/api/tokens/{token}"),
                    Some(
                        json!({ "name": format!("{name} edited"), "expiry": "never", "scope": ["report_record"], "version": version + 1 }),
                    ),
                    token_status(200),
                ),
                (
                    Method::GET,
                    format!("/api/token-logs?owner={login}"),
                    None,
                    match whose {
                        Whose::Own => 200,
                        _ if actor.token_admin => 200, // another organization's login id simply matches nothing
                        _ => 403,
                    },
                ),
                (
                    Method::DELETE,
                    format!("/api/tokens/{token}"),
                    None,
                    token_status(204),
                ),
                // Last: adding a role to oneself would change the answers above.
                (
                    Method::POST,
                    format!("/api/logins/{login}/changes"),
                    Some(json!({ "change": "add_personal_role" })),
                    // Only a system administrator may change logins: anyone else
                    // is refused before any login is looked up, whichever id it
                    // names, so the refusal tells nothing of the id.
                    match whose {
                        _ if !actor.system_admin => 403,
                        Whose::Stranger => 404,
                        _ => 204,
                    },
                ),
            ];
            for (method, path, body, expected) in cases {
                let (status, text) = portal.call(method.clone(), &path, body).await;
                assert_eq!(
                    status, expected,
                    "{} {method} {path} ({whose:?}): {text}",
                    actor.email
                );
                bodies.push(text);
                checked += 1;
            }
        }
        for (path, allowed) in [
            ("/api/logins", actor.system_admin),
            ("/api/inventory", actor.token_admin),
            ("/api/token-logs?owner=all", actor.token_admin),
        ] {
            let (status, text) = portal.call(Method::GET, path, None).await;
            assert_eq!(
                status,
                if allowed { 200 } else { 403 },
                "{} GET {path}: {text}",
                actor.email
            );
            bodies.push(text);
            checked += 1;
        }
        for body in &bodies {
            for word in actor.foreign_words {
                assert!(
                    !body.contains(word),
                    "{} saw {word:?} of another organization: {body}",
                    actor.email
                );
            }
        }
    }
    assert_eq!(checked, 5 * (3 * 7 + 3) + (2 * 7 + 3));
}
