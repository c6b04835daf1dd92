//! The portal's `index.html`, `frontend/index.html` with the tags that load
//! the built files in place of its marker line, and how they are cached.

use crate::error::{BundleError, Result};

/// Response headers for the static files (Workers static assets read
/// `_headers`). A `pkg-<hash>` folder never changes: browsers may keep its
/// files for a year without asking again. `index.html` keeps Cloudflare's
/// default, checked on every visit, so a new build is picked up at once.
pub const HEADERS: &str = "/pkg-*\n  Cache-Control: public, max-age=31536000, immutable\n";

/// `robots.txt`: the portal is people's own tokens behind a sign-in, with
/// nothing for a search engine; crawlers stay out of all of it.
pub const ROBOTS: &str = "User-agent: *\nDisallow: /\n";

/// The line of `frontend/index.html` the tags replace.
pub const MARKER: &str = "<!-- bundle -->";

/// The file that starts the app, beside it. A file, not an inline script,
/// so the portal's Content-Security-Policy allows scripts from the portal's
/// own origin only (worker/src/security_headers.rs).
pub const BOOT: &str = "boot.js";

/// `BOOT`'s text: starts `app`, whose wasm lies beside it.
pub fn boot_js(app: &str) -> String {
    format!(
        r#"import init from"./{app}.js";init({{module_or_path:new URL("./{app}_bg.wasm",import.meta.url)}});"#
    )
}

/// `template` with its marker replaced by tags loading the files under
/// `base` (a URL path): the style sheet, then the app, its wasm and the chunk
/// loader fetched together, then the app started by `BOOT`.
pub fn index_html(template: &str, base: &str, app: &str) -> Result<String> {
    if !template.contains(MARKER) {
        return Err(BundleError::NoMarker(MARKER));
    }
    let js = format!("{base}/{app}.js");
    let wasm = format!("{base}/{app}_bg.wasm");
    let tags = [
        format!(r#"<link rel="stylesheet" href="{base}/style.css">"#),
        format!(r#"<link rel="modulepreload" href="{js}">"#),
        format!(r#"<link rel="modulepreload" href="{base}/__wasm_split.js">"#),
        format!(
            r#"<link rel="preload" href="{wasm}" as="fetch" type="application/wasm" crossorigin>"#
        ),
        format!(r#"<script type="module" src="{base}/{BOOT}"></script>"#),
    ];
    Ok(template.replace(MARKER, &tags.join("\n    ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<head>\n    <title>T</title>\n    <!-- bundle -->\n</head>";

    #[test]
    fn the_marker_becomes_the_tags_that_load_the_built_files() {
        let html = index_html(TEMPLATE, "/pkg-1a2b", "app").unwrap();

        assert!(!html.contains(MARKER));
        assert!(html.contains(r#"<link rel="stylesheet" href="/pkg-1a2b/style.css">"#));
        assert!(html.contains(r#"<link rel="modulepreload" href="/pkg-1a2b/__wasm_split.js">"#));
        assert!(html.contains(r#"<script type="module" src="/pkg-1a2b/boot.js"></script>"#));
        assert!(
            !html.contains("<script type=\"module\">"),
            "no inline script: the CSP allows none"
        );
        assert!(html.starts_with("<head>\n    <title>T</title>\n    <link"));
    }

    #[test]
    fn the_boot_file_starts_the_app_with_the_wasm_beside_it() {
        assert_eq!(
            boot_js("app"),
            r#"import init from"./app.js";init({module_or_path:new URL("./app_bg.wasm",import.meta.url)});"#
        );
    }

    #[test]
    fn a_template_without_the_marker_is_refused() {
        let error = index_html("<head></head>", "/pkg", "app").unwrap_err();

        assert!(matches!(error, BundleError::NoMarker(MARKER)));
    }
}
