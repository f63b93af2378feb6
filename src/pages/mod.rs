//! The console's pages, one per route.

pub mod create;
pub mod detail;
pub mod edit;
pub mod list;
pub mod not_found;
