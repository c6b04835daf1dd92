use super::*;

#[test]
fn every_path_resolves_to_its_route_and_others_to_404_or_405() {
    for route in Route::ALL {
        let path = route
            .template()
            .replace("{login_id}", "3")
            .replace("{token_id}", "7")
            .replace("{notice_id}", "5")
            .replace("{report_name}", "Water%20use");
        let expected = match route.template() {
            t if t.contains("{login_id}") => Some(PathValue::Id(3)),
            t if t.contains("{token_id}") => Some(PathValue::Id(7)),
            t if t.contains("{notice_id}") => Some(PathValue::Id(5)),
            t if t.contains("{report_name}") => Some(PathValue::Name("Water use".into())),
            _ => None,
        };
        assert_eq!(
            Route::resolve(route.method().as_str(), &path),
            Resolution::Found(*route, expected),
            "{path}"
        );
    }
    assert_eq!(Route::resolve("GET", "/api/nothing"), Resolution::NotFound);
    assert_eq!(
        Route::resolve("PUT", "/api/tokens/abc"),
        Resolution::NotFound
    );
    assert_eq!(Route::resolve("PUT", "/api/tokens/0"), Resolution::NotFound);
    assert_eq!(Route::resolve("PUT", "/api/tokens/"), Resolution::NotFound);
    assert_eq!(
        Route::resolve("TRACE", "/api/tokens/9"),
        Resolution::MethodNotAllowed("PUT, DELETE".into())
    );
    assert_eq!(
        Route::resolve("PATCH", "/api/session"),
        Resolution::MethodNotAllowed("GET, POST, DELETE".into())
    );
    assert_eq!(
        Route::resolve("POST", "/api/logins/abc/tokens"),
        Resolution::NotFound,
        "a known method with a path naming nothing"
    );
}

#[test]
fn a_spelled_out_path_wins_over_a_placeholder() {
    assert_eq!(
        Route::resolve("GET", "/api/tokens/self"),
        Resolution::Found(Route::TokenSelf, None)
    );
    assert_eq!(
        Route::resolve("PUT", "/api/tokens/self"),
        Resolution::MethodNotAllowed("GET".into())
    );
    assert_eq!(
        Route::resolve("DELETE", "/api/tokens/12"),
        Resolution::Found(Route::RevokeToken, Some(PathValue::Id(12)))
    );
}

#[test]
fn a_name_in_a_path_is_one_percent_encoded_segment() {
    let path = MetaReport::path("Energy by location/2026 ü".to_owned());
    assert_eq!(
        path,
        "/api/meta/reports/Energy%20by%20location%2F2026%20%C3%BC"
    );
    assert_eq!(
        Route::resolve("GET", &path),
        Resolution::Found(
            Route::MetaReport,
            Some(PathValue::Name("Energy by location/2026 ü".into()))
        )
    );
    assert_eq!(
        Route::resolve("GET", "/api/meta/reports/%FF"),
        Resolution::NotFound,
        "not UTF-8"
    );
}

#[test]
fn an_endpoint_writes_its_path_and_query() {
    use crate::query::{NoQuery, TokenListQuery};
    assert_eq!(GenerateToken::path(42), "/api/tokens/42/generate");
    assert_eq!(HealthCheck::url((), &NoQuery {}), "/api/health");
    let query = TokenListQuery {
        page: Some(2),
        page_size: None,
        search: Some("a b".into()),
    };
    assert_eq!(
        ListTokens::url(3, &query),
        "/api/logins/3/tokens?page=2&search=a+b"
    );
}

/// R14: a change made with a session needs its CSRF token; a read never
/// does. The token-protected API is for tokens only, the public endpoints
/// for anyone (or a provider's signature).
#[test]
fn every_endpoint_declares_the_caller_its_kind_needs_r14() {
    use crate::callers::Caller;
    for route in Route::ALL {
        let caller = route.caller();
        let asks_csrf = matches!(
            caller,
            Caller::SignedIn { change: true }
                | Caller::SystemAdmin { change: true }
                | Caller::TokenAdmin { change: true }
        );
        match (route.tag(), route.method().changes_state()) {
            ("api", _) => assert!(caller.is_token(), "{route:?}"),
            ("public", _) => assert!(
                matches!(caller, Caller::Anyone | Caller::ScanProvider),
                "{route:?}"
            ),
            // Signing in is the one change made before there is a session.
            ("portal", true) => assert!(
                asks_csrf || *route == Route::SignIn,
                "{route:?} changes something without the CSRF token"
            ),
            ("portal", false) => assert!(!asks_csrf && !caller.is_token(), "{route:?}"),
            (tag, _) => panic!("{route:?}: unknown tag {tag}"),
        }
    }
}
