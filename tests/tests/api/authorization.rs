//! The authorization matrix (R8, R9, R13): every token and login endpoint ×
//! each demo login × objects it owns, objects of another login of its
//! organization, and objects of the other organization → exactly the
//! expected status, and never another organization's data in any body.

use reqwest::Method;
use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::query::{LogOwner, TokenLogQuery};
use tessera_tests::{TestApp, fixtures};

// The ids below are the demo data's (docs/rules.md): logins 1 to 5 are
// Demo Org's sysadmin, sam, alice, bob and dave, 6 is Other Org's admin;
// tokens 1 and 2 are alice's, 3 Other Org's.

/// The own token `with_own_tokens` gives each demo login that has none.
const SYSADMIN_OWN: i64 = 10;
const SAM_OWN: i64 = 11;
const BOB_OWN: i64 = 12;
const DAVE_OWN: i64 = 13;

/// A runtime of its own where every demo login owns a token.
async fn with_own_tokens() -> TestApp {
    TestApp::own()
        .seed(|db, demo| {
            for (id, owner, name) in [
                (SYSADMIN_OWN, demo.sys_admin(), "Sysadmin own"),
                (SAM_OWN, demo.sam(), "Sam own"),
                (BOB_OWN, demo.bob(), "Bob own"),
                (DAVE_OWN, demo.dave(), "Dave own"),
            ] {
                fixtures::add_token(
                    db,
                    &fixtures::SeededToken {
                        id: Some(demo.id(id)),
                        organization: demo.demo_org(),
                        owner,
                        name,
                        scope_meta: true,
                        scope_report: true,
                        expiry_on: None,
                        secret_hash: None,
                        created_at: 0,
                        created_by: owner,
                    },
                );
            }
        })
        .start()
        .await
}

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
        own_token: SYSADMIN_OWN,
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
        own_token: SAM_OWN,
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
        colleague: Some((1, SYSADMIN_OWN)),
        stranger: (6, 3),
        foreign_words: DEMO_FOREIGN,
    },
    Actor {
        email: "bob@demo.example",
        login: 4,
        own_token: BOB_OWN,
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
        own_token: DAVE_OWN,
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
        let app = with_own_tokens().await;
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
            let version = fixtures::token_version(&app.database(), token);
            let name = format!("Matrix {whose:?}");
            let cases = [
                (
                    Method::GET,
                    endpoints::ListTokens::path(login),
                    None,
                    token_status(200),
                ),
                (
                    Method::POST,
                    endpoints::CreateToken::path(login),
                    Some(json!({ "name": name, "expiry": "30_days", "scope": ["meta_record"] })),
                    token_status(201),
                ),
                (
                    Method::POST,
                    endpoints::GenerateToken::path(token),
                    None,
                    token_status(200),
                ),
                (
                    Method::PUT,
                    endpoints::EditToken::path(token),
                    Some(
                        json!({ "name": format!("{name} edited"), "expiry": "never", "scope": ["report_record"], "version": version + 1 }),
                    ),
                    token_status(200),
                ),
                (
                    Method::GET,
                    endpoints::TokenLogs::url(
                        (),
                        &TokenLogQuery {
                            owner: Some(LogOwner::Login(login)),
                            ..Default::default()
                        },
                    ),
                    None,
                    match whose {
                        Whose::Own => 200,
                        _ if actor.token_admin => 200, // another organization's login id simply matches nothing
                        _ => 403,
                    },
                ),
                (
                    Method::DELETE,
                    endpoints::RevokeToken::path(token),
                    None,
                    token_status(204),
                ),
                // Last: adding a role to oneself would change the answers above.
                (
                    Method::POST,
                    endpoints::ChangeLogin::path(login),
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
            (endpoints::ListLogins::path(()), actor.system_admin),
            (endpoints::Inventory::path(()), actor.token_admin),
            (
                endpoints::TokenLogs::url(
                    (),
                    &TokenLogQuery {
                        owner: Some(LogOwner::Everyone),
                        ..Default::default()
                    },
                ),
                actor.token_admin,
            ),
        ] {
            let (status, text) = portal.call(Method::GET, &path, None).await;
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
