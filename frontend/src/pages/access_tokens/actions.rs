//! What the Access Tokens page does with a token (R2, R3, R6, R7): each
//! action runs against the worker as every page runs its changes
//! (`Changes`), and its refusal shows where it was asked for: in the open
//! pop-up, or above the grid. Generate Token can run from the row menu
//! without a pop-up, so it is the page's own; the pop-ups' actions are built
//! by the pop-ups' chunk (`dialogs`), which is all that calls them.

use leptos::prelude::*;
use tessera_shared::policy::TokenPolicy;
use tessera_shared::tokens::{CreateTokenRequest, EditTokenRequest, GracePeriod, TokenView};

use super::pop_up::{Actions, Open};
use crate::api::{self, CallError};
use crate::components::change::Changes;
use crate::components::generated_token::NewString;
use crate::components::token_form::TokenFormValues;
use crate::session::SessionState;
use tessera_shared::SessionInfo;

/// What the actions work on.
#[derive(Clone, Copy)]
pub struct Context {
    pub state: SessionState,
    /// The id of what takes the focus once the grid has reloaded.
    pub focus_after_reload: RwSignal<Option<String>>,
    pub changes: Changes,
    /// The pop-up that is open.
    pub open: RwSignal<Option<Open>>,
    /// The worker's refusal, shown in the open pop-up.
    pub refusal: RwSignal<Option<CallError>>,
    /// Whose tokens the page shows.
    pub owner_id: Memo<i64>,
    /// The organization's token policy (R26), which the form mirrors.
    pub policy: Signal<TokenPolicy>,
    pub default_allowlist: Signal<Vec<String>>,
    /// Which tokens need a token admin's approval (R27), which the form mirrors.
    pub approval: Signal<tessera_shared::approval::ApprovalRule>,
    pub close: Callback<()>,
}

/// Runs one change (`Changes::run`) for the page, and gets the session.
#[derive(Clone, Copy)]
struct Runner {
    context: Context,
}

type Work = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Option<Open>, CallError>>>>;

impl Runner {
    fn session(self) -> SessionInfo {
        self.context
            .state
            .session
            .get_untracked()
            .expect("the page is shown only when signed in")
    }

    // Its answer may open the next pop-up. A refusal shows where the action
    // was taken: in the open form, or above the grid.
    fn run(self, work: Work, done: Option<String>) {
        let Context {
            changes,
            open,
            refusal,
            ..
        } = self.context;
        changes.run(
            work,
            move |next| {
                open.set(next);
                done
            },
            move |error| match open.get_untracked() {
                Some(_) => {
                    refusal.set(Some(error));
                    None
                }
                None => Some(error),
            },
        );
    }
}

/// Generate Token: the new string in its pop-up, once.
pub fn generate_action(context: Context) -> Callback<TokenView> {
    let runner = Runner { context };
    Callback::new(move |token: TokenView| {
        let session = runner.session();
        runner.run(
            Box::pin(async move {
                let generated = api::generate_token(&session, token.id).await?;
                Ok(Some(Open::NewString(NewString::Generated(generated))))
            }),
            None,
        );
    })
}

/// The id of the row after `token_id`'s (or before it, for the last row),
/// or of Create New when it is the only row.
fn neighbour_of(token_id: i64) -> String {
    let row = document().get_element_by_id(&format!("token-row-{token_id}"));
    row.and_then(|row| {
        row.next_element_sibling()
            .or_else(|| row.previous_element_sibling())
            .map(|neighbour| neighbour.id())
            .filter(|id| id.starts_with("token-row-"))
    })
    .unwrap_or_else(|| "create-new".to_owned())
}

/// What the pop-ups do: called by the pop-ups' chunk only.
pub fn token_actions(context: Context) -> Actions {
    let Context {
        changes,
        refusal,
        owner_id,
        policy,
        default_allowlist,
        approval,
        close,
        focus_after_reload,
        ..
    } = context;
    let runner = Runner { context };
    let run = move |work: Work, done: Option<String>| runner.run(work, done);
    let session = move || runner.session();
    let generate = generate_action(context);
    let create = Callback::new(move |values: TokenFormValues| {
        let session = session();
        let owner = owner_id.get_untracked();
        let name = values.name.trim().to_owned();
        // R27: the form sends a reason only when the rule covers the token.
        let done = match values.approval_reason.is_some() {
            true => format!(
                "Token “{name}” created. It waits for a token admin's approval; you will be told of the decision."
            ),
            false => format!("Token “{name}” created. Generate Token makes its token string."),
        };
        run(
            Box::pin(async move {
                let request = CreateTokenRequest {
                    name: values.name,
                    expiry: values.expiry,
                    scope: values.scope,
                    self_rotation: values.self_rotation,
                    allowed_addresses: Some(values.allowed_addresses),
                    report_patterns: values.report_patterns,
                    approval_reason: values.approval_reason,
                };
                api::create_token(&session, owner, &request).await?;
                Ok(None)
            }),
            Some(done),
        );
    });
    let edit = Callback::new(move |(token, values): (TokenView, TokenFormValues)| {
        let session = session();
        let id = token.id;
        let version = token.version;
        run(
            Box::pin(async move {
                let request = EditTokenRequest {
                    name: values.name,
                    expiry: values.expiry,
                    scope: values.scope,
                    version,
                    self_rotation: values.self_rotation,
                    allowed_addresses: Some(values.allowed_addresses),
                    report_patterns: Some(values.report_patterns),
                    approval_reason: values.approval_reason,
                };
                api::edit_token(&session, id, &request).await?;
                Ok(None)
            }),
            Some("Token saved. If anything changed, its token string no longer works: generate a new one.".into()),
        );
    });
    let rotate = Callback::new(move |(token, grace): (TokenView, GracePeriod)| {
        let session = session();
        run(
            Box::pin(async move {
                let rotated = api::rotate_token(&session, token.id, grace).await?;
                Ok(Some(Open::NewString(NewString::Rotated(token, rotated))))
            }),
            None,
        );
    });
    let revoke = Callback::new(move |token: TokenView| {
        let session = session();
        let name = token.name.clone();
        // The row goes: the focus goes to its neighbour, where the person
        // carries on, once the grid has reloaded.
        let next = neighbour_of(token.id);
        run(
            Box::pin(async move {
                api::revoke_token(&session, token.id).await?;
                focus_after_reload.set(Some(next));
                Ok(None)
            }),
            Some(format!("Token “{name}” revoked.")),
        );
    });
    Actions {
        refusal,
        pending: changes.pending,
        policy,
        default_allowlist,
        approval,
        close,
        create,
        edit,
        generate,
        rotate,
        revoke,
    }
}
