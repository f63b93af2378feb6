//! DevEnv Console: the web app (compiled to wasm). UI and the small fetch
//! layer only; everything about providers lives in `devenv_core`.

pub mod app;
pub mod components;
pub mod config;
pub mod embed;
pub mod fetch;
pub mod forms;
pub mod i18n;
pub mod lazy;
pub mod listing;
pub mod pages;
pub mod refresh;
pub mod router;
pub mod store;
