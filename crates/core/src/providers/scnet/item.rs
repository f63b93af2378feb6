//! What the console reads of an SCNet task, decoded straight from the
//! answer's text: the fields the neutral [`crate::model::Instance`] and the
//! clone form use, under the document's names. Everything else is skipped
//! while parsing; the full mirror is [`super::wire::Task`].

use crate::providers::lenient;
use serde::Deserialize;

/// One container instance (list item and detail `data`).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Task {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub header_notebook_id: Option<String>,
    pub instance_service_name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub gpu_number: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub cpu_number: Option<f64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub ram_size: Option<i64>,
    pub accelerator_type: Option<String>,
    pub resource_group: Option<String>,
    pub resource_spec: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub task_number: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub timeout_limit: Option<String>,
    pub user_name: Option<String>,
    pub version: Option<String>,
    pub image_path: Option<String>,
    pub status: Option<String>,
    pub task_type: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub create_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub remaining_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub use_start_script: Option<bool>,
    pub start_script_content: Option<String>,
    pub start_script_action_scope: Option<String>,
}

/// The list envelope `{code, msg, total, data}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListPage {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total: Option<i64>,
    pub data: Option<Vec<Task>>,
}

impl ListPage {
    /// A `code` other than `"0"` (see [`super::error::is_error_body`]).
    pub fn is_error(&self) -> bool {
        self.code
            .as_deref()
            .is_some_and(|c| c.trim() != super::error::OK_CODE)
    }
}

/// The Task an instance's raw JSON holds (the detail answer's object), for
/// the clone and edit forms; empty for a list item, which keeps none.
pub fn of(instance: &crate::model::Instance) -> Task {
    serde_json::from_str(instance.raw.text()).unwrap_or_default()
}
