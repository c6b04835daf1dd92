//! What every answer carries and every request is held to (R16): bounded
//! bodies, hardening headers, no caching of secrets, schemes read as
//! HTTP says.

use super::*;

/// Sends a `Transfer-Encoding: chunked` body of `total` bytes (no
/// `Content-Length`) to `path` over a raw connection, and returns the
/// status line the server answers with.
fn post_chunked(address: &str, path: &str, total: usize, chunk_size: usize) -> String {
    let host = address.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(tessera_tests::ANSWER_WITHIN))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let chunk = vec![b' '; chunk_size];
    let mut sent = 0;
    // The server may answer and close before the body is over: stop writing then.
    while sent < total {
        let head = format!("{:x}\r\n", chunk.len());
        let written = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(&chunk))
            .and_then(|()| stream.write_all(b"\r\n"));
        if written.is_err() {
            break;
        }
        sent += chunk.len();
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_chunked_body_past_16_kib_is_refused_without_being_buffered_r16() {
    let app = TestApp::own().vars(&[("BENCH_ROUTES", "on")]).start().await;
    let post = |total: usize, chunk: usize| {
        let address = app.address.clone();
        tokio::task::spawn_blocking(move || {
            post_chunked(&address, endpoints::SignIn::PATH, total, chunk)
        })
    };
    let small = post(8 * 1024, 1024).await.unwrap();
    assert!(
        small.starts_with("HTTP/1.1 400"),
        "8 KiB of spaces in 1 KiB chunks is within the limit, and simply not JSON: {small:?}"
    );
    let before = app.wasm_memory().await;
    let status_line = post(20 * 1024 * 1024, 64 * 1024).await.unwrap();
    assert!(
        status_line.starts_with("HTTP/1.1 413"),
        "a 20 MB chunked body: {status_line:?}"
    );
    // Held whole, the body would have grown the worker's memory by 20 MB.
    let grew = app.wasm_memory().await - before;
    println!("a 20 MB chunked body: {status_line}; the worker's memory grew by {grew} bytes");
    assert!(
        grew < 1024.0 * 1024.0,
        "the worker's memory grew by {grew} bytes for a 20 MB body"
    );
    let health = app
        .script_client()
        .get(app.url(endpoints::HealthCheck::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200, "the runtime still answers");
}

/// The `src` and `href` of every file `index.html` loads from the build.
fn built_files(index: &str) -> Vec<String> {
    index
        .split(['"', '\''])
        .filter(|part| part.starts_with("/pkg-"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_portal_and_the_api_send_hardening_headers_r16() {
    let app = spawn_app().await;
    let client = app.script_client();
    let index = client.get(app.url("/")).send().await.unwrap();
    let index_text = {
        let headers = index.headers().clone();
        let text = index.text().await.unwrap();
        check_hardening(&headers, "/");
        text
    };
    let files = built_files(&index_text);
    assert!(files.len() >= 4, "the page loads its files: {files:?}");
    assert!(
        !index_text.contains("<script>") && !index_text.contains("<script type=\"module\">"),
        "no inline script for the policy to allow"
    );
    let mut paths: Vec<String> = vec!["/access-tokens".into(), endpoints::HealthCheck::PATH.into()];
    paths.extend(files);
    for path in &paths {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        check_hardening(response.headers(), path);
    }
    let api_error = client
        // A path no route of the contract has.
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(api_error.status(), 404);
    check_hardening(api_error.headers(), "a JSON error");
}

fn check_hardening(headers: &reqwest::header::HeaderMap, what: &str) {
    let header = |name: &str| {
        headers
            .get(name)
            .unwrap_or_else(|| panic!("{what} lacks {name}"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let policy = header("content-security-policy");
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(directive), "{what}: {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{what}: {policy}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "{what}: no HSTS on plain-HTTP localhost"
    );
}

#[tokio::test]
async fn a_response_carrying_a_token_string_is_never_cached_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let response = alice.generate(app.demo.power_bi_refresh()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn authorization_schemes_are_case_insensitive_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let token = alice.token_string(app.demo.power_bi_refresh()).await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let response = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .header("authorization", format!("{scheme} {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{scheme}");
    }
    let admin = app.portal("sysadmin@demo.example").await;
    allow_basic(&admin, true).await;
    use base64::Engine;
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{DEMO_PASSWORD}",
        app.email("alice@demo.example")
    ));
    for scheme in ["basic", "BASIC"] {
        let response = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .header("authorization", format!("{scheme} {credentials}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{scheme}");
    }
}
