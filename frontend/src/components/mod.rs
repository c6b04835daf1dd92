//! The pieces pages are built from.

pub mod header;
pub mod personal_menu;
