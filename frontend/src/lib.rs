//! Tessera's portal: a Leptos single-page app. Pages live in `pages`, the
//! pieces they are built from in `components`, and `api` is the only module
//! that talks to the worker, in `tessera_shared` types.

pub mod api;
mod app;
pub mod components;
mod fetched;
mod pages;
pub mod session;

pub use app::App;
