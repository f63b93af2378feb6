//! Shared building blocks of the pages: status badge, error banner, skeleton,
//! page header.

pub mod error_banner;
pub mod instance_table;
pub mod skeleton;
pub mod status_badge;
