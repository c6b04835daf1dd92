use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::spawn_app;

#[tokio::test]
async fn health_answers_ok() {
    let app = spawn_app().await;
    let response = app
        .script_client()
        .get(app.url(endpoints::HealthCheck::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn every_page_path_serves_the_portal_and_unknown_api_paths_get_a_json_404() {
    let app = spawn_app().await;
    for path in ["/", "/sign-in", "/access-tokens", "/no/such/page"] {
        let response = app.script_client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(
            response.text().await.unwrap().contains("tessera-frontend"),
            "{path} is the SPA"
        );
    }
    let response = app
        .script_client()
        // A path no route of the contract has.
        .get(app.url("/api/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn a_wrong_method_gets_a_json_405_naming_the_methods_that_work() {
    let app = spawn_app().await;
    // Paths written out: what each answers to a method the contract does
    // not list for it.
    for (method, path, allow) in [
        ("PUT", "/api/session", "GET, POST, DELETE"),
        ("PATCH", "/api/tokens/1", "PUT, DELETE"),
        ("TRACE", "/api/health", "GET"),
        // A method the runtime's library does not know is not read as GET.
        ("QUERY", "/api/organization", "GET"),
    ] {
        let response = app
            .client
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                app.url(path),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(response.headers()["allow"], allow, "{method} {path}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "method_not_allowed");
    }
}

#[tokio::test]
async fn robots_txt_keeps_crawlers_out_of_the_portal() {
    let app = spawn_app().await;
    let response = app
        .script_client()
        .get(app.url("/robots.txt"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"),
        "a text file, not the portal's page"
    );
    assert_eq!(
        response.text().await.unwrap(),
        "User-agent: *\nDisallow: /\n"
    );
}

#[tokio::test]
async fn the_built_files_are_cached_for_good_and_the_page_is_checked_every_visit() {
    let app = spawn_app().await;
    let page = app
        .script_client()
        .get(app.url("/access-tokens"))
        .send()
        .await
        .unwrap();
    let page_cache = page.headers()["cache-control"].to_str().unwrap().to_owned();
    assert!(page_cache.contains("max-age=0"), "{page_cache}");
    let html = page.text().await.unwrap();
    // Every file the page names lives in the build's own folder, /pkg-<hash>/.
    let files: Vec<&str> = html
        .split('"')
        .filter(|part| part.starts_with("/pkg-"))
        .collect();
    assert!(files.len() >= 3, "{html}");
    for file in files {
        let response = app.script_client().get(app.url(file)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{file}");
        let cache = response.headers()["cache-control"].to_str().unwrap();
        assert!(
            cache.contains("immutable") && cache.contains("max-age=31536000"),
            "{file}: {cache}"
        );
    }
}
