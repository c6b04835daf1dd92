//! Notices as a triage (R18, R22): each says what it is about and its
//! token's state now, and a group is dismissed in one request, only the
//! login's own, counted once however many ask at once.

use tessera_shared::notices::{NoticeKind, NoticesDismissed};

use super::*;

/// Alice with 30 expiry notices and Olga with one, written as the daily
/// run writes them; (app, Alice's notice ids, Olga's).
async fn with_notices() -> (TestApp, Vec<i64>, i64) {
    let ids = std::sync::Mutex::new((Vec::new(), 0));
    let app = TestApp::own()
        .seed(|db, demo| {
            let mut ids = ids.lock().unwrap();
            for n in 0..30 {
                let id = fixtures::add_notice(
                    db,
                    demo.alice(),
                    Some(demo.nightly_export()),
                    "expiring",
                    &format!("expiry notice {n}"),
                    now() - n,
                );
                ids.0.push(id);
            }
            ids.1 = fixtures::add_notice(
                db,
                demo.olga(),
                Some(demo.other_org_integration()),
                "expiring",
                "Olga's",
                now(),
            );
        })
        .start()
        .await;
    let (alices, olgas) = ids.into_inner().unwrap();
    (app, alices, olgas)
}

async fn dismiss(portal: &Portal<'_>, ids: &[i64]) -> reqwest::Response {
    portal
        .request::<endpoints::DismissNotices>(())
        .json(&json!({ "ids": ids }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_group_is_dismissed_in_one_request_only_the_logins_own_and_each_once() {
    let (app, alices, olgas) = with_notices().await;
    let alice = app.portal("alice@demo.example").await;
    let olga = app.portal("admin@other.example").await;

    // Refused, nothing changed: no ids, too many, an id that cannot be
    // one, not a list.
    for (body, says) in [
        (json!({ "ids": [] }), "between 1 and 50"),
        (
            json!({ "ids": (1..=51).collect::<Vec<i64>>() }),
            "between 1 and 50",
        ),
        (json!({ "ids": [alices[0], 0] }), "from 1"),
    ] {
        let response = alice
            .request::<endpoints::DismissNotices>(())
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let refusal: Value = response.json().await.unwrap();
        assert!(
            refusal["message"].as_str().unwrap().contains(says),
            "{refusal}"
        );
    }
    let response = alice
        .request::<endpoints::DismissNotices>(())
        .json(&json!({ "ids": "all" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(alice.notice_list().await.len(), 30, "nothing dismissed");

    // Olga names Alice's notices: none of them goes.
    let answer: NoticesDismissed = dismiss(&olga, &alices[..10]).await.json().await.unwrap();
    assert_eq!(answer.dismissed, 0);
    assert_eq!(alice.notice_list().await.len(), 30);

    // An id written as JSON Schema allows it, with a zero fraction.
    let response = alice
        .request::<endpoints::DismissNotices>(())
        .header("content-type", "application/json")
        .body(format!("{{\"ids\": [{}.0]}}", alices[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.json::<NoticesDismissed>().await.unwrap().dismissed,
        1
    );

    // Ten requests at once for all 30 notices, and Olga's among them: the
    // 29 left dismissed in all, each counted once; Olga's stays.
    let mut asked = alices.clone();
    asked.push(olgas);
    let answers = join_all((0..10).map(|_| dismiss(&alice, &asked))).await;
    let mut total = 0;
    for response in answers {
        assert_eq!(response.status(), 200);
        total += response.json::<NoticesDismissed>().await.unwrap().dismissed;
    }
    assert_eq!(total, 29, "each notice dismissed once");
    assert!(alice.notice_list().await.is_empty());
    assert_eq!(olga.notice_list().await.len(), 1, "Olga's notice stays");
    let session = alice
        .read::<endpoints::GetSession>(())
        .await
        .expect("signed in");
    assert_eq!(session.unread_notices, 0, "the count follows");
}

#[tokio::test]
async fn each_notice_says_its_kind_and_whether_its_token_can_still_be_revoked_r22() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let token = app.demo.power_bi_refresh();
    let string = alice.token_string(token).await;
    for address in ["203.0.113.1", "198.51.100.2"] {
        let response = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .bearer_auth(&string)
            .header("cf-connecting-ip", address)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let alert = eventually(Duration::from_secs(30), "the new-address alert", || async {
        alice
            .notice_list()
            .await
            .into_iter()
            .find(|notice| notice.kind == NoticeKind::NewAddress)
    })
    .await;
    assert_eq!(alert.token_id, Some(token));
    assert_eq!(alert.token_name.as_deref(), Some("Power BI refresh"));
    assert!(alert.revocable, "a live token");
    assert!(alert.kind.is_alert());

    assert_eq!(alice.revoke(token).await.status(), 204);
    let after = alice.notice_list().await;
    let alert = after.iter().find(|notice| notice.id == alert.id).unwrap();
    assert!(!alert.revocable, "revoked now: nothing left to revoke");
}
