//! Headless Chromium driven through chromedriver (WebDriver), as a person
//! would use the portal: real pages, real clicks, real key presses.

use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

use crate::eventually;
use crate::process::{ProcessGroup, free_port};

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

pub struct Browser {
    pub client: Client,
    /// chromedriver's address, for DevTools commands (`devtools`).
    webdriver: String,
    // Fields drop in order: the session's driver stops before the profile goes.
    _driver: ProcessGroup,
    _profile: TempDir,
}

impl Browser {
    pub async fn start() -> Self {
        let profile = tempfile::Builder::new()
            .prefix("tessera-chromium-")
            .tempdir()
            .expect("a profile folder");
        // A port found free may be taken before chromedriver binds it: start again then.
        for _ in 0..5 {
            if let Some((client, driver, webdriver)) = Self::connect(&profile).await {
                return Self {
                    client,
                    webdriver,
                    _driver: driver,
                    _profile: profile,
                };
            }
        }
        panic!("chromedriver did not start a browser session");
    }

    /// A browser as a phone shows pages: 390 × 844 CSS pixels, a touch
    /// screen, a mobile viewport.
    pub async fn start_phone() -> Self {
        let browser = Self::start().await;
        browser.resize(390, 844, true).await;
        browser
    }

    /// Runs a DevTools protocol command in this browser.
    pub async fn devtools(&self, command: &str, params: serde_json::Value) {
        devtools(&self.client, &self.webdriver, command, params).await;
    }

    /// Taps `element` with a finger, after checking it is a touch-sized
    /// target (WCAG 2.2, 2.5.8: at least 24 × 24 CSS pixels).
    pub async fn tap(&self, element: &Element) {
        let (_, _, width, height) = element.rectangle().await.expect("the element's box");
        let html = element.html(false).await.unwrap_or_default();
        assert!(
            width >= 24.0 && height >= 24.0,
            "a {width} × {height} px target is too small to tap: {html}"
        );
        use fantoccini::actions::InputSource;
        let finger = fantoccini::actions::TouchActions::new("finger".into())
            .then(fantoccini::actions::PointerAction::MoveToElement {
                element: element.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(fantoccini::actions::PointerAction::Down {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            })
            .then(fantoccini::actions::PointerAction::Up {
                button: fantoccini::actions::MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(finger)
            .await
            .expect("the tap is performed");
    }

    /// Taps the button that reads `label`.
    pub async fn tap_button(&self, label: &str) {
        let button = self.find_text("button", label).await;
        self.tap(&button).await;
    }

    /// Waits until the page has fetched nothing new for a second: what it
    /// loads after the first paint has arrived.
    pub async fn settle(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let mut seen = None;
        let mut quiet_since = std::time::Instant::now();
        while quiet_since.elapsed() < Duration::from_secs(1) {
            assert!(
                std::time::Instant::now() < deadline,
                "the page never stopped fetching"
            );
            let count = self
                .client
                .execute(
                    "return performance.getEntriesByType('resource').length",
                    vec![],
                )
                .await
                .expect("the Performance API answers");
            if seen.as_ref() != Some(&count) {
                seen = Some(count);
                quiet_since = std::time::Instant::now();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

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

    async fn connect(profile: &TempDir) -> Option<(Client, ProcessGroup, String)> {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = free_port();
        let mut command = Command::new(chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut driver = ProcessGroup::spawn(command);

        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                // No sandbox as root; no background networking on a closed network.
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if driver.exited().is_some() {
                return None;
            }
            let mut builder = ClientBuilder::new(HttpConnector::new());
            builder.capabilities(capabilities.clone());
            if let Ok(client) = builder.connect(&webdriver).await {
                record_page_facts(&client, &webdriver).await;
                return Some((client, driver, webdriver));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("the page loads");
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no element matches {css:?}: {error}"))
    }

    /// The first element whose text is exactly `text`, waiting for it.
    pub async fn find_text(&self, css: &str, text: &str) -> Element {
        let xpath = format!(
            "//*[self::{tag}][normalize-space(.)={text:?}]",
            tag = css,
            text = text
        );
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|error| panic!("no <{css}> reads {text:?}: {error}"))
    }

    /// Clicks the button that reads `label`, waiting for it to appear.
    pub async fn click_button(&self, label: &str) {
        self.find_text("button", label)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("clicking {label:?}: {error}"));
    }

    /// Follows the link that reads `label`, waiting for it to appear.
    pub async fn click_link(&self, label: &str) {
        self.find_text("a", label)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("following {label:?}: {error}"));
    }

    /// Waits until the page's path is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        eventually(
            Duration::from_secs(10),
            &format!("the page to reach {path}"),
            || async {
                let url = self.client.current_url().await.ok()?;
                (url.path() == path).then_some(())
            },
        )
        .await;
    }

    /// Sends keys to the element that has focus.
    pub async fn press(&self, keys: &str) {
        let focused = self
            .client
            .active_element()
            .await
            .expect("a focused element");
        focused.send_keys(keys).await.expect("keys are sent");
    }

    /// The text of the element that has focus.
    pub async fn focused_text(&self) -> String {
        let focused = self
            .client
            .active_element()
            .await
            .expect("a focused element");
        focused.text().await.unwrap_or_default().trim().to_owned()
    }

    /// Opens the row menu of the grid row labelled `row` with Shift+F10 and
    /// chooses `item` with the arrow keys and Enter, as a keyboard user does.
    pub async fn choose_from_row_menu(&self, row: &str, item: &str) {
        use fantoccini::key::Key;
        let row = self.find(&format!("tr[aria-label='{row}']")).await;
        row.click().await.expect("the row is clicked"); // a row takes focus like any focusable element
        self.press(&format!("{}{}{}", Key::Shift, Key::F10, Key::Null))
            .await;
        self.find("[role=menu]").await;
        eventually(Duration::from_secs(5), "the menu to take focus", || async {
            (self.focused_text().await == "Generate Token").then_some(())
        })
        .await;
        for _ in 0..8 {
            if self.focused_text().await == item {
                self.press(&Key::Enter.to_string()).await;
                return;
            }
            self.press(&Key::Down.to_string()).await;
        }
        panic!("the row menu has no {item}");
    }

    /// Signs in through the real sign-in page as the demo login `email` (of
    /// this test's copy of the demo data) and waits for the Access Tokens page.
    pub async fn sign_in(&self, app: &crate::TestApp, email: &str) {
        self.goto(&app.url("/sign-in")).await;
        self.find("#email")
            .await
            .send_keys(&app.email(email))
            .await
            .expect("typing the email");
        self.find("#password")
            .await
            .send_keys(crate::DEMO_PASSWORD)
            .await
            .expect("typing the password");
        self.click_button("Sign in").await;
        self.wait_for_path("/access-tokens").await;
    }

    /// A real right-click on `element`, as a mouse makes it.
    pub async fn right_click(&self, element: &Element) {
        use fantoccini::actions::{InputSource, MOUSE_BUTTON_RIGHT, MouseActions, PointerAction};
        let actions = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: element.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_RIGHT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_RIGHT,
            });
        self.client
            .perform_actions(actions)
            .await
            .expect("the right-click is performed");
    }

    /// The path of every file this page fetched since it was loaded, in the
    /// order it asked for them (the Performance API's resource entries; the
    /// page's own HTML is not one of them).
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

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// Has Chromium record, in every page from its very first script on, each
/// `securitypolicyviolation` the page reports (`Browser::policy_violations`)
/// and how its layout moved (`Browser::experience`): a script added through
/// the DevTools protocol runs before the page's own.
async fn record_page_facts(client: &Client, webdriver: &str) {
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
/// moved, and the Largest Contentful Paint.
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
                if (!node || !node.tagName) return String(node && node.nodeName);
                return node.tagName.toLowerCase() + (node.className ? '.' + String(node.className).split(' ').join('.') : '');
            });
            layout.shifts.push(shift.value.toFixed(4) + ' at ' + Math.round(shift.startTime) + ' ms: ' + moved.join(', '));
        }
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver(list => {
        for (const paint of list.getEntries()) window.__layout.lcp = paint.renderTime || paint.loadTime || paint.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });";

/// A DevTools protocol command, through chromedriver's own endpoint.
async fn devtools(client: &Client, webdriver: &str, command: &str, params: serde_json::Value) {
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
