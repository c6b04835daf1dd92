//! Who is signed in, shared with every page through Leptos context.

use leptos::prelude::*;
use tessera_shared::SessionInfo;

/// The app-wide sign-in state. `checked` is false until the worker has said
/// whether the browser's cookie names a live session.
#[derive(Clone, Copy)]
pub struct SessionState {
    pub session: RwSignal<Option<SessionInfo>>,
    pub checked: RwSignal<bool>,
}

impl SessionState {
    pub fn new() -> Self {
        Self {
            session: RwSignal::new(None),
            checked: RwSignal::new(false),
        }
    }
}

impl Default for SessionState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}
