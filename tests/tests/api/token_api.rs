//! The token-protected API (R4, R5, R10): what a script calling it sees.

use serde_json::Value;
use tessera_shared::endpoints::{self, ACCEPTED_SCOPES_HEADER, Endpoint, TOKEN_EXPIRATION_HEADER};
use tessera_shared::query::PageQuery;
use tessera_shared::records::{MetaRecords, ReadingPage, ReportList};
use tessera_tests::{TestApp, eventually, fixtures, known_token_string, spawn_app};

/// A refusal's status, challenge and body, checked to be an RFC 9457
/// problem: `application/problem+json` with `status`, `title` and `detail`.
async fn refusal(response: reqwest::Response) -> (u16, String, Value) {
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("application/problem+json"),
        "{content_type}"
    );
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status, "{body}");
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    assert_eq!(body["detail"], body["message"], "{body}");
    (status, challenge, body)
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_token_with_both_scopes_reads_meta_reports_and_data_r5() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await; // Power BI refresh: both scopes

    let meta: MetaRecords = app
        .use_token::<endpoints::Meta>(&string)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(meta.organization, app.demo.organization("Demo Org"));
    assert_eq!(meta.locations.len(), 4);
    let reports: ReportList = app
        .use_token::<endpoints::MetaReports>(&string)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reports.reports.len(), 2);

    let first: ReadingPage = app
        .api_get(
            &endpoints::Data::url(
                (),
                &PageQuery {
                    page: None,
                    page_size: Some(50),
                },
            ),
            &string,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (first.readings.len(), first.total, first.next_page),
        (50, 96, Some(2))
    );
    let last: ReadingPage = app
        .api_get(&endpoints::Data::url((), &PageQuery::new(2, 50)), &string)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((last.readings.len(), last.next_page), (46, None));
    assert!(
        first.readings.last().unwrap().id < last.readings[0].id,
        "pages follow each other"
    );
}

#[tokio::test]
async fn a_token_sees_only_its_own_organizations_records() {
    let app = spawn_app().await;
    let other = app.portal("admin@other.example").await;
    let string = other.token_string(app.demo.other_org_integration()).await;
    let meta: MetaRecords = app
        .use_token::<endpoints::Meta>(&string)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(meta.organization, app.demo.organization("Other Org"));
    assert!(meta.locations.iter().all(|l| l.name == "Other Org Plant"));
    let data: ReadingPage = app
        .use_token::<endpoints::Data>(&string)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(data.total, 24);
}

#[tokio::test]
async fn outside_its_scope_a_token_gets_403_insufficient_scope_r5() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let report_only = alice.token_string(app.demo.nightly_export()).await; // Nightly export: Report Record only
    assert_eq!(
        app.use_token::<endpoints::Data>(&report_only)
            .await
            .status(),
        200
    );
    for path in [endpoints::Meta::PATH, endpoints::MetaReports::PATH] {
        let response = app.api_get(path, &report_only).await;
        assert_eq!(
            header(&response, ACCEPTED_SCOPES_HEADER).as_deref(),
            Some("meta_record")
        );
        let (status, challenge, body) = refusal(response).await;
        assert_eq!(status, 403, "{path}");
        assert_eq!(body["code"], "insufficient_scope");
        assert_eq!(body["reason"], "out_of_scope");
        assert_eq!(body["scope_needed"], "meta_record");
        assert_eq!(body["title"], "Forbidden");
        assert!(
            challenge.contains(r#"error="insufficient_scope""#),
            "{challenge}"
        );
        assert!(challenge.contains(r#"scope="meta_record""#), "{challenge}");
    }
}

#[tokio::test]
async fn missing_and_malformed_strings_get_401_with_a_challenge_r5() {
    let app = spawn_app().await;
    let response = app
        .script_client()
        .get(app.url(endpoints::Meta::PATH))
        .send()
        .await
        .unwrap();
    let (status, challenge, body) = refusal(response).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("invalid_token"))
    );
    assert_eq!(
        challenge,
        r#"Bearer realm="tessera", Basic realm="tessera""#
    );
    assert_eq!(body["reason"], "missing");

    // Each string, and the part of it no message could hold by chance: the
    // refusal must not carry it back.
    for (garbage, own_part) in [
        ("nonsense-7f3a9c", "7f3a9c"),
        ("tessera_Qx7Zp", "Qx7Zp"),
        ("tessera_0OIl0OIl", "0OIl0OIl"),
    ] {
        let (status, challenge, body) =
            refusal(app.use_token::<endpoints::Meta>(garbage).await).await;
        assert_eq!(status, 401, "{garbage}");
        assert_eq!(body["code"], "invalid_token");
        assert_eq!(body["reason"], "malformed", "{garbage}");
        assert!(challenge.contains(r#"error="invalid_token""#));
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        assert!(
            !body.to_string().contains(own_part) && !challenge.contains(own_part),
            "the string is not echoed: {body} {challenge}"
        );
    }
}

#[tokio::test]
async fn a_checksum_invalid_string_is_refused_without_a_lookup_r4() {
    // Its own runtime: it counts the rows every organization's lookups write.
    let app = TestApp::own().start().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    // One changed character: the checksum no longer matches.
    let mut typo: Vec<char> = string.chars().collect();
    let last = typo.len() - 3;
    typo[last] = if typo[last] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();

    let (status, _, body) = refusal(app.use_token::<endpoints::Meta>(&typo).await).await;
    assert_eq!(status, 401);
    assert!(
        body["message"].as_str().unwrap().contains("checksum"),
        "{body}"
    );
    // An unknown but well-formed string is looked up, and that lookup is
    // counted (per client address and hour, R17), durably before the answer;
    // the checksum failure above never reached storage, so it counted nothing.
    let (unknown, _) = known_token_string(99);
    let (status, _, body) = refusal(app.use_token::<endpoints::Meta>(&unknown).await).await;
    assert_eq!((status, &body["reason"]), (401, &Value::from("unknown")));
    let db = app.database();
    let rows = fixtures::entries_of(&db, "AUTHENTICATE");
    assert_eq!(rows, 0, "no line of its own in Token Logs");
    let counted = fixtures::unknown_attempts_counted(&db);
    assert_eq!(counted, 1, "the unknown string, and only it, was counted");
}

#[tokio::test]
async fn an_expired_token_gets_401_r5() {
    let (string, hash) = known_token_string(1);
    let app = TestApp::own()
        .seed(|db, demo| fixtures::expire_token(db, demo.power_bi_refresh(), "2020-01-31", &hash))
        .start()
        .await;
    let response = app.use_token::<endpoints::Meta>(&string).await;
    assert_eq!(
        header(&response, TOKEN_EXPIRATION_HEADER).as_deref(),
        Some("2020-02-01T00:00:00Z"),
        "it worked through its Expiry On"
    );
    let (status, _, body) = refusal(response).await;
    assert_eq!(status, 401);
    assert_eq!(body["reason"], "expired");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("expired on 2020-01-31"),
        "{body}"
    );
    let alice = app.portal("alice@demo.example").await;
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.power_bi_refresh())
        .unwrap();
    assert_eq!(token.status, tessera_shared::tokens::TokenStatus::Expired);
    assert_eq!(
        alice.generate(app.demo.power_bi_refresh()).await.status(),
        422,
        "an expired token cannot be generated"
    );
}

#[tokio::test]
async fn a_token_of_a_login_not_yet_activated_works_once_it_signs_in_r10() {
    let (string, hash) = known_token_string(2);
    // Made by the system administrator for bob, who never signed in.
    let app = TestApp::own()
        .seed(|db, demo| {
            fixtures::add_token(
                db,
                &fixtures::SeededToken {
                    id: None,
                    organization: demo.demo_org(),
                    owner: demo.bob(),
                    name: "Bob's",
                    scope_meta: true,
                    scope_report: true,
                    expiry_on: None,
                    secret_hash: Some(&hash),
                    created_at: 0,
                    created_by: demo.sys_admin(),
                },
            );
        })
        .start()
        .await;
    let (status, _, body) = refusal(app.use_token::<endpoints::Meta>(&string).await).await;
    assert_eq!(status, 401);
    assert!(
        body["message"].as_str().unwrap().contains("not activated"),
        "{body}"
    );
    assert_eq!(body["reason"], "owner_not_activated");

    app.portal("bob@demo.example").await; // bob's first sign-in
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200,
        "activation takes effect at once"
    );
}

#[tokio::test]
async fn a_disabled_owner_s_token_stops_working() {
    let (string, hash) = known_token_string(3);
    let app = TestApp::own()
        .seed(|db, demo| {
            fixtures::give_string(db, demo.power_bi_refresh(), &hash);
            fixtures::disable_login(db, demo.alice());
        })
        .start()
        .await;
    let (status, _, body) = refusal(app.use_token::<endpoints::Meta>(&string).await).await;
    assert_eq!(status, 401);
    assert!(body["message"].as_str().unwrap().contains("disabled"));
    assert_eq!(body["reason"], "owner_disabled");
}

#[tokio::test]
async fn every_answer_names_the_string_s_expiration_and_scripts_on_other_sites_can_read_it() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let never = alice.token_string(app.demo.nightly_export()).await; // Expiry On: Never
    let response = app.use_token::<endpoints::Data>(&never).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, TOKEN_EXPIRATION_HEADER), None, "Never");

    let dated = alice.new_token("Dated", &["meta_record"]).await; // 30 days
    let last_day = tessera_shared::expiry::parse_date(dated.expiry_on.as_deref().unwrap()).unwrap();
    let stops = format!(
        "{}T00:00:00Z",
        tessera_shared::expiry::format_date(last_day.next_day().unwrap())
    );
    let string = alice.token_string(dated.id).await;
    let response = app
        .script_client()
        .get(app.url(endpoints::Meta::PATH))
        .bearer_auth(&string)
        .header("origin", "https://dashboard.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, TOKEN_EXPIRATION_HEADER).as_deref(),
        Some(stops.as_str())
    );
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    let exposed = header(&response, "access-control-expose-headers").unwrap();
    assert!(exposed.contains(TOKEN_EXPIRATION_HEADER), "{exposed}");
    assert_eq!(header(&response, "access-control-allow-credentials"), None);

    // A browser asks first; the portal's own endpoints stay same-origin.
    let preflight = app
        .script_client()
        .request(reqwest::Method::OPTIONS, app.url(endpoints::Data::PATH))
        .header("origin", "https://dashboard.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        header(&preflight, "access-control-allow-methods").as_deref(),
        Some("GET")
    );
    assert!(
        header(&preflight, "access-control-allow-headers")
            .unwrap()
            .contains("authorization")
    );
    let portal = app
        .script_client()
        .get(app.url(endpoints::ListLogins::PATH))
        .header("origin", "https://dashboard.example")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&portal, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_revoked_token_s_string_is_refused_as_revoked_or_replaced() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    assert_eq!(
        alice.revoke(app.demo.power_bi_refresh()).await.status(),
        204
    );
    let (status, _, body) = refusal(app.use_token::<endpoints::Meta>(&string).await).await;
    assert_eq!(
        (status, &body["reason"]),
        (401, &Value::from("revoked_or_replaced"))
    );
}

#[tokio::test]
async fn last_used_is_kept_current_r5() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    assert_eq!(
        alice
            .tokens_of(app.demo.alice())
            .await
            .iter()
            .find(|t| t.id == app.demo.power_bi_refresh())
            .unwrap()
            .last_used_at,
        None
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );
    eventually(
        std::time::Duration::from_secs(10),
        "last used to be recorded",
        || async {
            alice
                .tokens_of(app.demo.alice())
                .await
                .into_iter()
                .find(|t| t.id == app.demo.power_bi_refresh())?
                .last_used_at
        },
    )
    .await;
}

#[tokio::test]
async fn bad_paging_is_a_clear_400() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.nightly_export()).await;
    for query in [
        "page=0",
        "page=x",
        "page_size=0",
        "page_size=201",
        "page=-1",
    ] {
        let response = app
            .use_token_with_query::<endpoints::Data>(query, &string)
            .await;
        assert_eq!(response.status(), 400, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "invalid_query");
    }
}
