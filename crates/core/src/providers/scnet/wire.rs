//! SCNet AI openapi v2 container-instance wire types, field for field as seed
//! 003 prints them: the task list item, the list envelope `{code, msg, total,
//! data}`, the detail envelope `{code, msg, data}`, the list request body and
//! the create request. `code` is a string (a number is accepted); counts may
//! come as numbers or strings (`taskNumber` is documented as a string, the
//! example sends `1`).

use crate::providers::lenient;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One container instance (list item and detail `data`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Task {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub header_notebook_id: Option<String>,
    pub instance_service_name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub current_index: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub gpu_number: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub cpu_number: Option<f64>,
    /// MB.
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub ram_size: Option<i64>,
    /// `gpu`, `dcu`, …
    pub accelerator_type: Option<String>,
    pub resource_group: Option<String>,
    /// e.g. `6 核心; 2 加速器; 30.0G 内存`.
    pub resource_spec: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub task_number: Option<i64>,
    /// `unlimited` or a duration.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub timeout_limit: Option<String>,
    pub user_name: Option<String>,
    /// Image name and tag, e.g. `pytorch:1.2-py3.6-CUDA10.0`.
    pub version: Option<String>,
    pub image_path: Option<String>,
    pub status: Option<String>,
    /// `ssh`, `jupyter`, `codeserver`, `rstudio`.
    pub task_type: Option<String>,
    pub description: Option<String>,
    /// Beijing time, `YYYY-MM-DD HH:MM:SS`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub create_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub start_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub end_time: Option<String>,
    /// e.g. `--`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub duration: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub remaining_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub tensorboard_id: Option<String>,
    pub tensorboard_path: Option<String>,
    /// Shape not described in the seed.
    pub mount_info_list: Option<Vec<Value>>,
    /// Shape not described in the seed.
    pub container_port_info_list: Option<Vec<Value>>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub use_start_script: Option<bool>,
    pub start_script_content: Option<String>,
    pub start_script_path: Option<String>,
    /// e.g. `all`.
    pub start_script_action_scope: Option<String>,
    pub header_notebook_ip: Option<String>,
}

/// The list answer `{code, msg, total, data}`. `T` is [`Task`], or `Value`
/// to keep each item as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListEnvelope<T = Task> {
    /// `"0"` on success.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub msg: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total: Option<i64>,
    pub data: Option<Vec<T>>,
}

impl<T> Default for ListEnvelope<T> {
    fn default() -> Self {
        ListEnvelope {
            code: None,
            msg: None,
            total: None,
            data: None,
        }
    }
}

/// The detail answer `{code, msg, data: Task}`; also any other answer
/// (`data` then holds whatever the operation returns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetailEnvelope<T = Task> {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub msg: Option<String>,
    pub data: Option<T>,
}

impl<T> Default for DetailEnvelope<T> {
    fn default() -> Self {
        DetailEnvelope {
            code: None,
            msg: None,
            data: None,
        }
    }
}

/// The list filters as the seed's cURL example sends them (a JSON body on
/// GET; the console sends the same names as query parameters).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListRequestBody {
    pub status: Option<String>,
    /// Documented as an array; the example sends `null`, and a lone string
    /// is read as one name.
    #[serde(deserialize_with = "lenient::opt_string_list")]
    pub instance_service_name: Option<Vec<String>>,
    pub task_type: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub start: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub limit: Option<i64>,
    pub sort: Option<String>,
}

/// `POST …/instance-service/task` body (API-NOTES create fields).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRequest {
    pub accelerator_type: String,
    pub cpu_number: i64,
    pub gpu_number: i64,
    /// MB.
    pub ram_size: i64,
    pub image_path: String,
    pub version: String,
    pub instance_service_name: String,
    pub resource_group: String,
    pub task_number: i64,
    pub task_type: String,
    /// `HH:MM:SS` (e.g. `01:00:00`) or `unlimited`.
    pub timeout_limit: String,
    pub use_start_script: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_script_action_scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_script_content: Option<String>,
}
