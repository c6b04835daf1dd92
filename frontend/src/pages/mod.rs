//! One module per page of the portal, and the lazy entry to the pages that
//! are wasm chunks of their own.
//!
//! Sign in and Access Tokens are in the main module: one of them is the
//! first page of nearly every visit, and a chunk would only add a round trip.
//! Approvals, Contacts & Logins, Organization settings, Token Inventory and Token Logs,
//! for administrators and
//! opened later, are chunks: the functions below are split points
//! (`#[wasm_split]`), and the build (`frontend/bundle`) moves each page's
//! code, and what only that page uses, out of the main module. A visitor
//! downloads such a page the first time it is shown.

pub mod access_tokens;
pub mod approvals;
pub mod contacts_logins;
pub mod organization_settings;
pub mod sign_in;
pub mod token_inventory;
pub mod token_logs;

use leptos::prelude::*;
use wasm_split_helpers::{SplitLoaderError, wasm_split};

/// A page in its own chunk.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LazyPage {
    Approvals,
    ContactsLogins,
    OrganizationSettings,
    TokenInventory,
    TokenLogs,
}

impl LazyPage {
    /// Loads the page's chunk, once, and builds the page. Fails when the
    /// chunk cannot be fetched: offline, or replaced by a newer build.
    pub async fn load(self) -> Result<AnyView, SplitLoaderError> {
        match self {
            Self::Approvals => approvals().await,
            Self::ContactsLogins => contacts_logins().await,
            Self::OrganizationSettings => organization_settings().await,
            Self::TokenInventory => token_inventory().await,
            Self::TokenLogs => token_logs().await,
        }
    }

    /// Fetches the page's chunk without building the page.
    pub async fn preload(self) -> Result<(), SplitLoaderError> {
        match self {
            Self::Approvals => preload_approvals().await,
            Self::ContactsLogins => preload_contacts_logins().await,
            Self::OrganizationSettings => preload_organization_settings().await,
            Self::TokenInventory => preload_token_inventory().await,
            Self::TokenLogs => preload_token_logs().await,
        }
    }
}

#[wasm_split(approvals, fallible, preload(preload_approvals))]
fn approvals() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <approvals::ApprovalsPage/> }.into_any())
}

#[wasm_split(contacts_logins, fallible, preload(preload_contacts_logins))]
fn contacts_logins() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <contacts_logins::ContactsLoginsPage/> }.into_any())
}

#[wasm_split(
    organization_settings,
    fallible,
    preload(preload_organization_settings)
)]
fn organization_settings() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <organization_settings::OrganizationSettingsPage/> }.into_any())
}

#[wasm_split(token_inventory, fallible, preload(preload_token_inventory))]
fn token_inventory() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <token_inventory::TokenInventoryPage/> }.into_any())
}

#[wasm_split(token_logs, fallible, preload(preload_token_logs))]
fn token_logs() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <token_logs::TokenLogsPage/> }.into_any())
}
