//! What the console reads of a PAI-DSW instance object, decoded straight
//! from the answer's text: the fields the neutral [`crate::model::Instance`],
//! the clone and edit forms and the edit request use, under the document's
//! names. Everything else in the object is skipped while parsing, so the
//! list holds no copy of it; the full mirror is [`super::wire::Instance`].

use super::wire::{labels, CloudDisk, Dataset, InstanceShutdownTimer, Label, RequestedResource};
use crate::providers::lenient::{self, StringMap};
use serde::Deserialize;

/// One DSW instance (ListInstances item; GetInstance's top level).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Instance {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub workspace_id: Option<String>,
    pub instance_id: Option<String>,
    pub instance_name: Option<String>,
    pub ecs_spec: Option<String>,
    pub status: Option<String>,
    pub instance_url: Option<String>,
    pub jupyterlab_url: Option<String>,
    #[serde(rename = "WebIDEUrl")]
    pub web_ide_url: Option<String>,
    pub terminal_url: Option<String>,
    pub image_id: Option<String>,
    pub image_url: Option<String>,
    pub image_name: Option<String>,
    pub gmt_create_time: Option<String>,
    pub gmt_modified_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub datasets: Option<Vec<Dataset>>,
    pub instance_shutdown_timer: Option<InstanceShutdownTimer>,
    pub reason_code: Option<String>,
    pub reason_message: Option<String>,
    pub accelerator_type: Option<String>,
    pub accessibility: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub environment_variables: Option<StringMap>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub priority: Option<i64>,
    pub requested_resource: Option<RequestedResource>,
    #[serde(deserialize_with = "labels")]
    pub labels: Option<Vec<Label>>,
    pub cloud_disks: Option<Vec<CloudDisk>>,
}

/// The ListInstances answer: the page's instances, its total, and the
/// envelope fields that say it is an error after all.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ListPage {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub http_status_code: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total_count: Option<i64>,
    pub instances: Option<Vec<Instance>>,
}

impl ListPage {
    /// The envelope says the call failed (`Success: false`, or an
    /// `HttpStatusCode` of 400 or more), whatever the HTTP status.
    pub fn is_error(&self) -> bool {
        self.success == Some(false) || self.http_status_code.is_some_and(|s| s >= 400)
    }
}

/// The Instance an instance's raw JSON holds (the detail answer's object), for
/// the clone and edit forms; empty for a list item, which keeps none.
pub fn of(instance: &crate::model::Instance) -> Instance {
    serde_json::from_str(instance.raw.text()).unwrap_or_default()
}
