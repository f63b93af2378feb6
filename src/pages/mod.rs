//! The console's pages, one per route.

pub mod list;
pub mod not_found;
