//! Shared building blocks of the pages: status badge, error banner, skeleton,
//! page header, the instance table and its column chooser.

pub mod actions;
pub mod batch;
pub mod breakable_text;
pub mod column_chooser;
pub mod copy_button;
pub mod dialog;
pub mod error_banner;
pub mod field;
pub mod instance_table;
pub mod skeleton;
pub mod status_badge;
pub mod toast;
