//! Chromium's DevTools protocol through chromedriver: a command, and the
//! recorders every page gets before its own first script.

use fantoccini::Client;
use serde_json::json;

/// Has Chromium record, in every page from its very first script on, each
/// `securitypolicyviolation` the page reports (`Browser::policy_violations`)
/// and how its layout moved (`Browser::experience`): a script added through
/// the DevTools protocol runs before the page's own.
pub(super) async fn record_page_facts(client: &Client, webdriver: &str) {
    let recorder = "window.__policyViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__policyViolations.push(
            e.effectiveDirective + ' ' + e.blockedURI + ' @ ' + e.sourceFile + ':' + e.lineNumber));";
    devtools(
        client,
        webdriver,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": recorder }),
    )
    .await;
    devtools(
        client,
        webdriver,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": LAYOUT_RECORDER }),
    )
    .await;
}

/// Records, from a page's first script on, what `Browser::experience`
/// reads: Cumulative Layout Shift as Chromium and Lighthouse count it (the
/// largest session window of shifts not caused by input: shifts under 1 s
/// apart, a window at most 5 s long), each shift's value and the elements it
/// moved (from where to where), and the Largest Contentful Paint.
const LAYOUT_RECORDER: &str = "window.__layout = { cls: 0, window: 0, first: 0, last: 0, lcp: 0, shifts: [] };
    new PerformanceObserver(list => {
        const layout = window.__layout;
        for (const shift of list.getEntries()) {
            if (shift.hadRecentInput) continue;
            const joins = layout.window > 0 && shift.startTime - layout.last < 1000
                && shift.startTime - layout.first < 5000;
            if (joins) { layout.window += shift.value; } else { layout.window = shift.value; layout.first = shift.startTime; }
            layout.last = shift.startTime;
            layout.cls = Math.max(layout.cls, layout.window);
            const moved = (shift.sources || []).map(source => {
                const node = source.node;
                const name = !node || !node.tagName ? String(node && node.nodeName)
                    : node.tagName.toLowerCase() + (node.className ? '.' + String(node.className).split(' ').join('.') : '');
                const from = source.previousRect, to = source.currentRect;
                return name + ' (' + Math.round(from.x) + ',' + Math.round(from.y) + ' to ' + Math.round(to.x) + ',' + Math.round(to.y) + ')';
            });
            layout.shifts.push(shift.value.toFixed(4) + ' at ' + Math.round(shift.startTime) + ' ms: ' + moved.join(', '));
        }
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver(list => {
        for (const paint of list.getEntries()) window.__layout.lcp = paint.renderTime || paint.loadTime || paint.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });";

/// A DevTools protocol command, through chromedriver's own endpoint.
pub(super) async fn devtools(
    client: &Client,
    webdriver: &str,
    command: &str,
    params: serde_json::Value,
) {
    let session = client
        .session_id()
        .await
        .expect("the WebDriver session")
        .expect("a session id");
    let answer = reqwest::Client::new()
        .post(format!("{webdriver}/session/{session}/goog/cdp/execute"))
        .json(&json!({ "cmd": command, "params": params }))
        .send()
        .await
        .expect("chromedriver answers");
    assert!(
        answer.status().is_success(),
        "chromedriver refused {command}: {}",
        answer.text().await.unwrap_or_default()
    );
}
