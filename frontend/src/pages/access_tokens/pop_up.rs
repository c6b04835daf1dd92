//! Which pop-up of the Access Tokens page is open, and what the pop-ups
//! do: the words the page (`actions`) and the pop-ups' chunk (`dialogs`)
//! share, so that neither reaches into the other.

use leptos::prelude::*;
use tessera_shared::tokens::{GracePeriod, TokenView};

use crate::api::CallError;
use crate::components::generated_token::NewString;
use crate::components::token_form::TokenFormValues;

/// Which pop-up is open.
#[derive(Clone)]
pub enum Open {
    Create,
    Edit(TokenView),
    ConfirmGenerate(TokenView),
    Rotate(TokenView),
    NewString(NewString),
    ConfirmRevoke(TokenView),
    /// Not a pop-up but a panel, in a chunk of its own (`usage_panel`).
    Usage(TokenView),
}

impl Open {
    /// The token whose row gets the focus back when the pop-up closes.
    pub fn token_id(&self) -> Option<i64> {
        match self {
            Self::Create => None,
            Self::Edit(token)
            | Self::ConfirmGenerate(token)
            | Self::Rotate(token)
            | Self::ConfirmRevoke(token)
            | Self::Usage(token) => Some(token.id),
            Self::NewString(NewString::Generated(generated)) => Some(generated.token.id),
            Self::NewString(NewString::Rotated(token, _)) => Some(token.id),
        }
    }
}

/// What the pop-ups do and show, from the page.
#[derive(Clone, Copy)]
pub struct Actions {
    /// The worker's refusal of the last action, shown in the open pop-up.
    pub refusal: RwSignal<Option<CallError>>,
    /// An action is on its way to the worker.
    pub pending: RwSignal<bool>,
    /// The organization's token policy (R26), which the form mirrors.
    pub policy: Signal<tessera_shared::policy::TokenPolicy>,
    /// The organization's default allowlist, for new tokens.
    pub default_allowlist: Signal<Vec<String>>,
    /// Which tokens need a token admin's approval (R27), which the form mirrors.
    pub approval: Signal<tessera_shared::approval::ApprovalRule>,
    pub close: Callback<()>,
    pub create: Callback<TokenFormValues>,
    pub edit: Callback<(TokenView, TokenFormValues)>,
    pub generate: Callback<TokenView>,
    pub rotate: Callback<(TokenView, GracePeriod)>,
    pub revoke: Callback<TokenView>,
}
