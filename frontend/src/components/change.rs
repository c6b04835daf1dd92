//! How a page runs a change against the worker, the same way on every page:
//! while it runs the page shows it is pending; when it ends, the page says
//! what was done and reloads what it shows, or shows the refusal where the
//! person acted (above the page unless the caller puts it elsewhere).

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{CallError, CallResult};

/// A page's state around its changes.
#[derive(Clone, Copy)]
pub struct Changes {
    /// A change is running: its buttons wait.
    pub pending: RwSignal<bool>,
    /// What the last change did, for the page's status line.
    pub notice: RwSignal<Option<String>>,
    /// A refusal shown above the page.
    pub page_error: RwSignal<Option<String>>,
    /// Bumped after each change: what the page fetched is fetched again.
    pub reload: RwSignal<u32>,
}

impl Default for Changes {
    fn default() -> Self {
        Self::new()
    }
}

impl Changes {
    pub fn new() -> Self {
        Self {
            pending: RwSignal::new(false),
            notice: RwSignal::new(None),
            page_error: RwSignal::new(None),
            reload: RwSignal::new(0),
        }
    }

    /// Runs `work`. Its answer goes to `done`, which says what was done
    /// (`None`: nothing to say) before the page reloads; a refusal goes to
    /// `refused`, or above the page when that returns it unhandled.
    pub fn run<T: 'static>(
        self,
        work: impl Future<Output = CallResult<T>> + 'static,
        done: impl FnOnce(T) -> Option<String> + 'static,
        refused: impl FnOnce(CallError) -> Option<CallError> + 'static,
    ) {
        self.notice.set(None);
        self.page_error.set(None);
        self.pending.set(true);
        spawn_local(async move {
            match work.await {
                Ok(answer) => {
                    self.notice.set(done(answer));
                    self.reload.update(|n| *n += 1);
                }
                Err(error) => {
                    if let Some(error) = refused(error) {
                        self.page_error.set(Some(error.message()));
                    }
                }
            }
            self.pending.set(false);
        });
    }
}

/// For `Changes::run`: every refusal above the page.
pub fn above_the_page(error: CallError) -> Option<CallError> {
    Some(error)
}
