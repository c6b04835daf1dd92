//! What a page reports of itself through the browser: the files it
//! fetched, the requests that failed, its policy and accessibility
//! violations, what does not fit the window, and how its loading felt.

use super::*;

/// What a person felt of a page's loading (`Browser::experience`).
#[derive(Debug, serde::Deserialize)]
pub struct PageExperience {
    /// Cumulative Layout Shift: 0 is a page that held still.
    pub cls: f64,
    /// When the largest text or image was painted, after navigation start.
    pub lcp_ms: f64,
    /// Each shift counted, with the elements it moved.
    pub shifts: Vec<String>,
    /// Bytes over the network for the page and all it fetched (0 for what
    /// came from the cache).
    pub transfer_bytes: f64,
}

impl Browser {
    /// What does not fit the window, each as a sentence: the page or a box
    /// (grid, pop-up, menu) that scrolls sideways, and a grid row's name,
    /// actions button or select box outside the window. Empty: it all fits.
    pub async fn overflows(&self) -> Vec<String> {
        let found = self
            .client
            .execute(
                "const width = document.documentElement.clientWidth;
                 const found = [];
                 const page = document.documentElement.scrollWidth - width;
                 if (page > 0) {
                     // Name the innermost elements that reach past the window's edge.
                     const past = [...document.body.querySelectorAll('*')]
                         .filter(el => el.getBoundingClientRect().right > width + 0.5 && !el.closest('.grid thead'))
                         .filter(el => ![...el.children].some(child => child.getBoundingClientRect().right > width + 0.5))
                         .slice(0, 4).map(el => el.tagName.toLowerCase() + '.' + String(el.className).split(' ').join('.'));
                     found.push('the page scrolls sideways by ' + page + ' px (' + past.join(', ') + ')');
                 }
                 for (const box of document.querySelectorAll('.grid-scroll, .dialog, .dialog-backdrop, .menu, .notices')) {
                     const over = box.scrollWidth - box.clientWidth;
                     if (over > 0) found.push(box.className + ' scrolls sideways by ' + over + ' px');
                 }
                 const keys = '.grid tbody td.name, .grid tbody .row-actions, .grid tbody input[type=checkbox]';
                 for (const key of document.querySelectorAll(keys)) {
                     const edge = key.getBoundingClientRect();
                     if (edge.width > 0 && (edge.left < -0.5 || edge.right > width + 0.5))
                         found.push(key.outerHTML.slice(0, 80) + ' is outside the window (' + edge.left + '..' + edge.right + ')');
                 }
                 return found;",
                vec![],
            )
            .await
            .expect("the page's boxes");
        serde_json::from_value(found).expect("a list of overflows")
    }

    /// Where the first element matching `css` starts, in CSS pixels from
    /// the window's top.
    pub async fn top_of(&self, css: &str) -> f64 {
        let top = self
            .client
            .execute(
                "return document.querySelector(arguments[0]).getBoundingClientRect().top;",
                vec![json!(css)],
            )
            .await
            .expect("the element's box");
        top.as_f64().expect("a number of pixels")
    }

    pub async fn fetched_paths(&self) -> Vec<String> {
        let script = "return performance.getEntriesByType('resource')\
            .map(entry => new URL(entry.name).pathname);";
        let paths = self
            .client
            .execute(script, Vec::new())
            .await
            .expect("the Performance API answers");
        serde_json::from_value(paths).expect("a list of paths")
    }

    /// Every request of this page answered with an error status (which the
    /// browser logs as a console error), as `status path`.
    pub async fn failed_requests(&self) -> Vec<String> {
        let script = "return performance.getEntriesByType('resource')\
            .filter(entry => entry.responseStatus >= 400)\
            .map(entry => entry.responseStatus + ' ' + new URL(entry.name).pathname);";
        let failed = self
            .client
            .execute(script, Vec::new())
            .await
            .expect("the Performance API answers");
        serde_json::from_value(failed).expect("a list of requests")
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        eventually(
            Duration::from_secs(10),
            &format!("{css} to disappear"),
            || async {
                let found = self.client.find_all(Locator::Css(css)).await.ok()?;
                found.is_empty().then_some(())
            },
        )
        .await;
    }

    /// Runs axe-core (from npm, injected into the page) on the page as it is
    /// now, with the rules of WCAG 2.0, 2.1 and 2.2 (A and AA) and axe's
    /// best practices; returns each violation as `rule: help @ elements`.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe = crate::state::repository_root().join("node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe).expect("axe-core is installed (npm ci)");
        self.client
            .execute(&source, vec![])
            .await
            .expect("axe-core loads");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
                 axe.run(document, { runOnly: { type: 'tag', values: tags } }).then(r => done(r.violations.map(v =>
                     v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        serde_json::from_value(result).expect("a list of violations")
    }

    /// Every Content-Security-Policy violation the current page has
    /// reported since it loaded, as `directive blocked-uri @ source`.
    pub async fn policy_violations(&self) -> Vec<String> {
        let found = self
            .client
            .execute(
                "return window.__policyViolations || ['the recorder is missing'];",
                vec![],
            )
            .await
            .expect("the recorded violations");
        serde_json::from_value(found).expect("a list of violations")
    }

    /// How the current page has held still and painted since it loaded (see
    /// `LAYOUT_RECORDER`), and what it transferred.
    pub async fn experience(&self) -> PageExperience {
        let found = self
            .client
            .execute(
                "const layout = window.__layout;
                 const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
                 return { cls: layout.cls, lcp_ms: layout.lcp, shifts: layout.shifts,
                          transfer_bytes: entries.reduce((sum, entry) => sum + (entry.transferSize || 0), 0) };",
                vec![],
            )
            .await
            .expect("the recorded layout");
        serde_json::from_value(found).expect("the page's experience")
    }

    /// Delays every answer the page receives by `latency`, as a slow network
    /// or a busy machine would.
    pub async fn slow_network(&self, latency: Duration) {
        self.devtools("Network.enable", json!({})).await;
        self.devtools(
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": latency.as_millis() as u64,
                    "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
    }

    /// Sets the window's size in CSS pixels, as a phone (`mobile`: a touch
    /// screen and a mobile viewport) or a desktop window.
    pub async fn resize(&self, width: u32, height: u32, mobile: bool) {
        self.devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": if mobile { 3 } else { 1 }, "mobile": mobile }),
        )
        .await;
        self.devtools(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": mobile, "maxTouchPoints": if mobile { 5 } else { 1 } }),
        )
        .await;
    }
}
