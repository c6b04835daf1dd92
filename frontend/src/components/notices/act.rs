//! What the notices' buttons do: dismiss one notice or a group, and revoke
//! the token an alert is about. Each says what it did in the notices' own
//! live region, and the count in the session (the header's, the bar's)
//! follows the list.

use leptos::prelude::*;
use leptos::task::spawn_local;
use tessera_shared::notices::Notice;

use crate::api;
use crate::components::change::Changes;
use crate::session::SessionState;

/// The notices shown and what was said about them.
#[derive(Clone, Copy)]
pub struct Act {
    state: SessionState,
    pub list: RwSignal<Vec<Notice>>,
    /// What the last action did.
    pub said: RwSignal<Option<String>>,
    /// Why the last action failed.
    pub failed: RwSignal<Option<String>>,
    /// The page's changes, if it has any: a revocation reloads its grid.
    page: Option<Changes>,
}

impl Act {
    pub fn new(state: SessionState) -> Self {
        Self {
            state,
            list: RwSignal::new(Vec::new()),
            said: RwSignal::new(None),
            failed: RwSignal::new(None),
            page: use_context::<Changes>(),
        }
    }

    /// Shows `notices`; the session's count follows (at none, the box goes).
    pub fn show(self, notices: Vec<Notice>) {
        let unread = notices.len() as i64;
        self.state.session.update(|s| {
            if let Some(s) = s {
                s.unread_notices = unread;
            }
        });
        self.list.set(notices);
    }

    /// Dismisses the notices `ids`, one request for all; then says `said`.
    pub fn dismiss(self, ids: Vec<i64>, said: String) {
        let Some(session) = self.state.session.get_untracked() else {
            return;
        };
        self.failed.set(None);
        spawn_local(async move {
            let done = match ids.as_slice() {
                [id] => api::dismiss_notice(&session, *id).await,
                _ => api::dismiss_notices(&session, ids.clone()).await.map(drop),
            };
            match done {
                Ok(()) => self.forget(&ids, said),
                Err(error) => self.failed.set(Some(error.message())),
            }
        });
    }

    /// Revokes the token `notice` is about, then dismisses the notice: the
    /// alert is answered.
    pub fn revoke(self, notice: Notice) {
        let (Some(session), Some(token_id)) = (self.state.session.get_untracked(), notice.token_id)
        else {
            return;
        };
        let name = notice.token_name.clone().unwrap_or_default();
        self.failed.set(None);
        spawn_local(async move {
            if let Err(error) = api::revoke_token(&session, token_id).await {
                self.failed.set(Some(error.message()));
                return;
            }
            if let Some(page) = self.page {
                page.reload.update(|n| *n += 1);
            }
            let said = format!("Token “{name}” revoked: its string no longer works.");
            match api::dismiss_notice(&session, notice.id).await {
                Ok(()) => self.forget(&[notice.id], said),
                Err(_) => self.said.set(Some(said)),
            }
        });
    }

    /// Takes the answered notices off the list and says so. Their buttons
    /// go with them, so the focus goes to the notices' title, where the
    /// count is read out and the next notice follows.
    fn forget(self, ids: &[i64], said: String) {
        let mut list = self.list.get_untracked();
        list.retain(|notice| !ids.contains(&notice.id));
        let any_left = !list.is_empty();
        self.show(list);
        self.said.set(Some(said));
        if any_left {
            request_animation_frame(super::focus_title);
        }
    }
}
