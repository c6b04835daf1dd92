//! One organization setting as a form of its own: a heading, its field,
//! one Save. A refusal (the portal's own check or the worker's) is shown
//! under the field it is about and marks it invalid; what was saved is
//! said beside the Save button. One form is one request, so a Save never
//! leaves half a setting written.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use tessera_shared::SessionInfo;

use crate::api::CallResult;
use crate::session::{SessionState, use_session};

/// A setting form's state, for its field to show.
#[derive(Clone, Copy)]
pub struct Setting {
    /// The field's id; its error is `{id}-error`, its hint `{id}-hint`.
    pub id: &'static str,
    state: SessionState,
    pub error: RwSignal<Option<String>>,
    said: RwSignal<Option<String>>,
    pending: RwSignal<bool>,
}

impl Setting {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            state: use_session(),
            error: RwSignal::new(None),
            said: RwSignal::new(None),
            pending: RwSignal::new(false),
        }
    }

    /// For the field's `aria-invalid`.
    pub fn invalid(self) -> impl Fn() -> &'static str + Copy {
        move || {
            if self.error.with(Option::is_some) {
                "true"
            } else {
                "false"
            }
        }
    }

    /// For the field's `aria-describedby`: its hint and its error.
    pub fn described_by(self) -> String {
        format!("{0}-hint {0}-error", self.id)
    }

    /// Refuses the value before it is sent: `message` under the field.
    pub fn refuse(self, message: impl Into<String>) {
        self.said.set(None);
        self.error.set(Some(message.into()));
    }

    /// Sends the setting with the session's CSRF token (`work`); on
    /// success says what `done` makes of the answer.
    pub fn save<T: 'static, F: Future<Output = CallResult<T>> + 'static>(
        self,
        work: impl FnOnce(SessionInfo) -> F,
        done: impl FnOnce(T) -> String + 'static,
    ) {
        let Some(session) = self.state.session.get_untracked() else {
            return;
        };
        let work = work(session);
        self.error.set(None);
        self.said.set(None);
        self.pending.set(true);
        spawn_local(async move {
            match work.await {
                Ok(answer) => self.said.set(Some(done(answer))),
                Err(error) => self.error.set(Some(error.message())),
            }
            self.pending.set(false);
        });
    }
}

/// The form: `title`, `hint` about the field, the field (`children`, with
/// the setting's id), its error, and one Save labelled `save_label`.
#[component]
pub fn SettingForm(
    title: &'static str,
    hint: &'static str,
    save_label: &'static str,
    setting: Setting,
    on_save: Callback<()>,
    children: Children,
) -> impl IntoView {
    let title_id = format!("{}-title", setting.id);
    let labelled_by = title_id.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        on_save.run(());
    };
    view! {
        <form class="setting" aria-labelledby=labelled_by on:submit=submit novalidate>
            <h2 id=title_id>{title}</h2>
            {children()}
            <p id=format!("{}-hint", setting.id) class="hint-text">{hint}</p>
            <p id=format!("{}-error", setting.id) class="field-error" role="alert">{move || setting.error.get()}</p>
            <div class="setting-actions">
                <button type="submit" class="secondary" disabled=move || setting.pending.get()>{save_label}</button>
                <p class="setting-said" role="status">{move || setting.said.get()}</p>
            </div>
        </form>
    }
}
