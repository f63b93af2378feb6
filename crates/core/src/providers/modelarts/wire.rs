//! ModelArts DevEnviron (`demanager` v1) wire types, field for field as seeds
//! 000 (list), 001 (update) and 004 (create) print them. Every field is
//! optional and unknown fields are ignored; integers and timestamps may come
//! as numbers or strings.

use crate::providers::lenient::{self, StringMap};
use serde::{Deserialize, Serialize};

/// One development-environment instance (list item, detail, create and update answer).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Instance {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    /// Epoch milliseconds (documented as a string).
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub creation_timestamp: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub latest_update_timestamp: Option<i64>,
    pub profile: Option<Profile>,
    pub flavor: Option<String>,
    pub flavor_details: Option<FlavorDetails>,
    pub pool: Option<Pool>,
    pub spec: Option<NotebookSpec>,
    pub workspace: Option<Workspace>,
    pub ai_project: Option<AiProject>,
    pub error_code: Option<String>,
    pub queuing_info: Option<QueuingInfo>,
    pub user: Option<User>,
    pub repository: Option<Repository>,
}

/// `profile`: the image configuration an instance was created from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub de_type: Option<String>,
    pub provision: Option<Provision>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub labels: Option<StringMap>,
    /// `CPU`, `GPU` or `Ascend`.
    pub flavor_type: Option<String>,
}

/// `profile.provision`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Provision {
    /// `Docker`.
    #[serde(rename = "type")]
    pub provision_type: Option<String>,
    pub spec: Option<ProvisionSpec>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub annotations: Option<StringMap>,
}

/// `profile.provision.spec`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProvisionSpec {
    /// `CCE`.
    pub engine: Option<String>,
    pub params: Option<DockerParams>,
}

/// `profile.provision.spec.params`: the Docker image.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerParams {
    pub namespace: Option<String>,
    pub image_name: Option<String>,
    pub image_tag: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub annotations: Option<StringMap>,
}

/// `flavor_details`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FlavorDetails {
    pub name: Option<String>,
    /// `onSale` or `soldOut`.
    pub status: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub queuing_num: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub queue_left_time: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_string_list")]
    pub storage_list: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub is_permitted: Option<bool>,
    /// `GPU`, `CPU`, `ASCEND` (seed 004 prints `Ascend`).
    #[serde(rename = "type")]
    pub flavor_type: Option<String>,
    pub params: Option<FlavorParams>,
    /// `Free` or `NoDiscount`.
    pub promo_type: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub instance_num: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub duration: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub store_time: Option<i64>,
    pub billing_flavor: Option<String>,
    #[serde(deserialize_with = "lenient::opt_f64")]
    pub billing_params: Option<f64>,
}

/// `flavor_details.params` (a free dict; these are the keys the seeds print).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FlavorParams {
    #[serde(rename = "CPU", deserialize_with = "lenient::opt_f64")]
    pub cpu: Option<f64>,
    #[serde(rename = "GPU", deserialize_with = "lenient::opt_i64")]
    pub gpu: Option<i64>,
    #[serde(rename = "NPU", deserialize_with = "lenient::opt_i64")]
    pub npu: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub gpu_type: Option<String>,
    /// e.g. `64GiB`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub memory: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub graphics_memory: Option<String>,
    /// Accelerator model on Ascend flavors, e.g. `Ascend 910`.
    #[serde(rename = "type", deserialize_with = "lenient::opt_string")]
    pub accelerator_type: Option<String>,
}

/// `pool`: a dedicated resource pool (also the create request's `pool`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pool {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `USER_DEFINED` for a dedicated pool.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub pool_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<PoolOwner>,
}

/// `pool.owner`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PoolOwner {
    pub project_id: Option<String>,
}

/// `ai_project`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AiProject {
    pub id: Option<String>,
}

/// `spec` of a Notebook instance.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NotebookSpec {
    pub log_path: Option<String>,
    pub custom_script_path: Option<String>,
    pub extend_storage: Option<Vec<Storage>>,
    pub storage: Option<Storage>,
    /// AK/SK for OBS; its fields are not printed in the seeds.
    pub credential: Option<serde_json::Value>,
    pub repository: Option<Repository>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub resource_reserved_timestamp: Option<i64>,
    pub auto_stop: Option<AutoStop>,
    pub failed_reasons: Option<FailedReasons>,
    /// Holds `url` and `target_domain`.
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub annotations: Option<StringMap>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub extend_params: Option<StringMap>,
}

/// `spec.storage` and `spec.extend_storage[]` (also in the create request).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Storage {
    /// `obs`, `obsfs` or `evs`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// `spec.storage.location`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// EVS size in GB (5–4096).
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub volume_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
    /// `ReadOnlyMany` or `ReadWriteMany`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_modes: Option<String>,
}

/// `spec.auto_stop` (also in create and update requests).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoStop {
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub enable: Option<bool>,
    /// Running time in seconds (3600–86400).
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<i64>,
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub prompt: Option<bool>,
    /// Epoch milliseconds.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub stop_timestamp: Option<i64>,
    /// Seconds.
    #[serde(
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub remain_time: Option<i64>,
}

/// `spec.failed_reasons`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FailedReasons {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub detail: Option<StringMap>,
}

/// `queuing_info` of a free-flavor instance waiting for resources.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct QueuingInfo {
    pub id: Option<String>,
    pub name: Option<String>,
    pub de_type: Option<String>,
    pub flavor: Option<String>,
    pub flavor_details: Option<Box<FlavorDetails>>,
    pub status: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub begin_timestamp: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub remain_time: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub end_timestamp: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub rank: Option<i64>,
}

/// `user`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct User {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// `repository` (returned, not usable).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Repository {
    pub id: Option<String>,
    pub branch: Option<String>,
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    /// `CodeClub` or `GitHub`.
    #[serde(rename = "type")]
    pub repository_type: Option<String>,
    pub connection_info: Option<ConnectionInfo>,
}

/// `repository.connection_info`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectionInfo {
    /// `ssh` or `https`.
    pub protocol: Option<String>,
    pub url: Option<String>,
    pub credential: Option<Credential>,
}

/// `repository.connection_info.credential`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Credential {
    pub ssh_private_key: Option<String>,
    pub access_token: Option<String>,
}

/// `workspace` (also in the create request).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Workspace {
    pub id: Option<String>,
}

/// The list answer: `{total_count, instances}`. `T` is [`Instance`], or
/// `serde_json::Value` to keep each item as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListResponse<T = Instance> {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total_count: Option<i64>,
    pub instances: Option<Vec<T>>,
}

impl<T> Default for ListResponse<T> {
    fn default() -> Self {
        ListResponse {
            total_count: None,
            instances: None,
        }
    }
}

/// `POST …/instances` body (seed 004).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateRequest {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub profile_id: String,
    pub flavor: String,
    pub spec: CreateSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace: Option<Workspace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<Pool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ai_project: Option<AiProject>,
}

/// `spec` of the create request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateSpec {
    pub storage: Storage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extend_storage: Option<Vec<Storage>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_stop: Option<AutoStop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<StringMap>,
}

/// `PUT …/instances/{id}` body (seed 001): only `description` and `spec.auto_stop`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<UpdateSpec>,
}

/// `spec` of the update request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_stop: Option<AutoStop>,
}

/// `POST …/instances/{id}/action` body: `start`, `stop`, `restart`, `queue`, `dequeue`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActionRequest {
    pub action: String,
}

/// The action answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionAnswer {
    pub current_status: Option<String>,
    pub previous_state: Option<String>,
}

/// The delete answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DeleteAnswer {
    pub instance_id: Option<String>,
}

/// An error body: `{error_code, error_message}` or `{error_code, error_msg}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub error_code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub error_message: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub error_msg: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub request_id: Option<String>,
}
