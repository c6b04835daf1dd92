//! Headless Chromium driven through chromedriver (WebDriver), as a person
//! would use the portal: real pages, real clicks, real key presses. What a
//! page reports of itself (files fetched, policy violations, layout shifts,
//! accessibility) is `page_facts`'s; the DevTools protocol
//! `devtools_protocol`'s.

mod devtools_protocol;
pub(crate) mod page_facts;

use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

use crate::eventually;
use crate::process::{ProcessGroup, free_port};

use devtools_protocol::{devtools, record_page_facts};

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
        // The menu offers what applies to the token's state: its first item varies.
        eventually(Duration::from_secs(5), "the menu to take focus", || async {
            let focused = self
                .client
                .execute("return document.activeElement.getAttribute('role')", vec![])
                .await
                .ok()?;
            (focused.as_str() == Some("menuitem")).then_some(())
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

    /// The labels of the open menu's items, in order.
    pub async fn menu_labels(&self) -> Vec<String> {
        self.find("[role=menu] [role=menuitem]").await;
        let mut labels = Vec::new();
        for item in self
            .client
            .find_all(fantoccini::Locator::Css("[role=menu] [role=menuitem]"))
            .await
            .expect("the menu's items")
        {
            labels.push(item.text().await.expect("an item's label"));
        }
        labels
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

    /// Ends the browser session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}
