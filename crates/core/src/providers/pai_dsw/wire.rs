//! PAI-DSW (API 2022-01-01) wire types, field for field as seed 002 prints
//! the instance object, plus the GetInstance, Create/Update/Delete/Start/Stop
//! and ListEcsSpecs answers and the Create/UpdateInstance requests. Names are
//! PascalCase with the document's odd ones (`WebIDEUrl`, `JupyterlabUrl`,
//! `ExtendedCIDRs`, `SSHPublicKey`). Every field is optional, unknown fields
//! are ignored, numbers may come as strings.

use crate::providers::lenient::{self, StringMap};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One DSW instance (ListInstances item; GetInstance holds the same fields at top level).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Instance {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub workspace_id: Option<String>,
    pub workspace_name: Option<String>,
    pub instance_id: Option<String>,
    pub instance_name: Option<String>,
    pub ecs_spec: Option<String>,
    pub status: Option<String>,
    pub instance_url: Option<String>,
    pub jupyterlab_url: Option<String>,
    #[serde(rename = "WebIDEUrl")]
    pub web_ide_url: Option<String>,
    pub terminal_url: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub accumulated_running_time_in_ms: Option<i64>,
    pub image_id: Option<String>,
    pub image_url: Option<String>,
    pub image_name: Option<String>,
    /// RFC 3339.
    pub gmt_create_time: Option<String>,
    pub gmt_modified_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub datasets: Option<Vec<Dataset>>,
    pub user_vpc: Option<UserVpc>,
    pub instance_shutdown_timer: Option<InstanceShutdownTimer>,
    pub reason_code: Option<String>,
    pub reason_message: Option<String>,
    /// `PayAsYouGo` or `Subscription`.
    pub payment_type: Option<String>,
    pub latest_snapshot: Option<Snapshot>,
    /// `CPU` or `GPU`.
    pub accelerator_type: Option<String>,
    /// `PRIVATE` or `PUBLIC`.
    pub accessibility: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub environment_variables: Option<StringMap>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub priority: Option<i64>,
    pub requested_resource: Option<RequestedResource>,
    /// Documented as `[{Key, Value}]`; a plain object is accepted too.
    #[serde(deserialize_with = "labels")]
    pub labels: Option<Vec<Label>>,
    pub idle_instance_culler: Option<IdleInstanceCuller>,
    pub instance_snapshot_list: Option<Vec<Snapshot>>,
    pub cloud_disks: Option<Vec<CloudDisk>>,
    pub workspace_source: Option<String>,
    pub driver: Option<String>,
    pub credential_config: Option<CredentialConfig>,
    pub affinity: Option<Affinity>,
    pub image_auth: Option<String>,
    pub tags: Option<Vec<Tag>>,
    pub dynamic_mount: Option<DynamicMount>,
    pub oversold_type: Option<String>,
    pub oversold_info: Option<String>,
    pub service_config: Option<ServiceConfig>,
    /// Not described in the seed.
    pub migration_options: Option<Value>,
}

/// `Datasets[]` (also the create request's datasets).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Dataset {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
    /// `RW` or `RO`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_access: Option<String>,
    /// JSON text of mount options (an object is accepted and kept as text).
    #[serde(
        deserialize_with = "lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub options: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option_type: Option<String>,
    #[serde(
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub dynamic: Option<bool>,
}

/// `UserVpc`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct UserVpc {
    pub vpc_id: Option<String>,
    #[serde(rename = "VSwitchId")]
    pub v_switch_id: Option<String>,
    pub security_group_id: Option<String>,
    #[serde(
        rename = "ExtendedCIDRs",
        deserialize_with = "lenient::opt_string_list"
    )]
    pub extended_cidrs: Option<Vec<String>>,
    pub default_route: Option<String>,
    pub forward_infos: Option<Vec<ForwardInfo>>,
    pub bandwidth_limit: Option<BandwidthLimit>,
    pub ip: Option<String>,
}

/// `UserVpc.ForwardInfos[]`: a port exposed from the instance.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ForwardInfo {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub enable: Option<bool>,
    pub container_name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub forward_port: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub eip_allocation_id: Option<String>,
    #[serde(rename = "SSHPublicKey")]
    pub ssh_public_key: Option<String>,
    pub connect_info: Option<ConnectInfo>,
    pub name: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub external_port: Option<String>,
    /// e.g. `["intranet"]`.
    #[serde(deserialize_with = "lenient::opt_string_list")]
    pub access_type: Option<Vec<String>>,
}

/// `ForwardInfos[].ConnectInfo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ConnectInfo {
    pub phase: Option<String>,
    pub message: Option<String>,
    pub intranet: Option<ConnectEndpoint>,
    pub internet: Option<ConnectEndpoint>,
}

/// `ConnectInfo.Intranet` / `ConnectInfo.Internet`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ConnectEndpoint {
    pub endpoint: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub port: Option<String>,
}

/// `UserVpc.BandwidthLimit`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct BandwidthLimit {
    #[serde(deserialize_with = "lenient::opt_string_list")]
    pub egress_whitelists: Option<Vec<String>>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub ingress_rate: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub egress_rate: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string_list")]
    pub ingress_whitelists: Option<Vec<String>>,
}

/// `InstanceShutdownTimer`: a scheduled stop.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceShutdownTimer {
    pub instance_id: Option<String>,
    pub gmt_create_time: Option<String>,
    pub gmt_modified_time: Option<String>,
    /// RFC 3339.
    pub due_time: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub remaining_time_in_ms: Option<i64>,
}

/// `LatestSnapshot` and `InstanceSnapshotList[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Snapshot {
    pub image_id: Option<String>,
    pub image_name: Option<String>,
    pub image_url: Option<String>,
    pub repository_url: Option<String>,
    pub gmt_create_time: Option<String>,
    pub gmt_modified_time: Option<String>,
    pub reason_code: Option<String>,
    pub reason_message: Option<String>,
    /// e.g. `Pushing`.
    pub status: Option<String>,
}

/// `RequestedResource`: values are strings (`"32"`, `"8Gi"`), numbers accepted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestedResource {
    #[serde(
        rename = "CPU",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub cpu: Option<String>,
    #[serde(
        rename = "Memory",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub memory: Option<String>,
    #[serde(
        rename = "SharedMemory",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub shared_memory: Option<String>,
    #[serde(
        rename = "GPU",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub gpu: Option<String>,
    #[serde(
        rename = "GPUType",
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub gpu_type: Option<String>,
}

/// `Labels[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Label {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub key: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub value: Option<String>,
}

pub(crate) fn labels<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Label>>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Array(items)) => Some(
            items
                .into_iter()
                .filter_map(|v| Label::deserialize(v).ok())
                .collect(),
        ),
        Some(Value::Object(map)) => Some(
            map.into_iter()
                .map(|(k, v)| Label {
                    key: Some(k),
                    value: lenient::string_of(&v),
                })
                .collect(),
        ),
        _ => None,
    })
}

/// `IdleInstanceCuller`: stop after idling.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct IdleInstanceCuller {
    pub instance_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub cpu_percent_threshold: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub gpu_percent_threshold: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub max_idle_time_in_minutes: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub idle_time_in_minutes: Option<i64>,
}

/// `CloudDisks[]` (also in the create request).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CloudDisk {
    /// e.g. `30Gi`.
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub capacity: Option<String>,
    /// `rootfs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// `CredentialConfig`: credentials injected into the instance.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CredentialConfig {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub enable: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub aliyun_env_role_key: Option<String>,
    pub configs: Option<Vec<CredentialConfigItem>>,
}

/// `CredentialConfig.Configs[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CredentialConfigItem {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub key: Option<String>,
    #[serde(rename = "Type")]
    pub config_type: Option<String>,
    pub roles: Option<Vec<CredentialRole>>,
}

/// `CredentialConfig.Configs[].Roles[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CredentialRole {
    pub role_arn: Option<String>,
    pub role_type: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub assume_role_for: Option<String>,
    pub policy: Option<String>,
    pub user_info: Option<CredentialUserInfo>,
}

/// `Roles[].UserInfo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CredentialUserInfo {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub id: Option<String>,
    #[serde(rename = "Type")]
    pub user_type: Option<String>,
    pub access_key_id: Option<String>,
    pub security_token: Option<String>,
}

/// `Affinity`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Affinity {
    #[serde(rename = "CPU")]
    pub cpu: Option<CpuAffinity>,
}

/// `Affinity.CPU`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct CpuAffinity {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub enable: Option<bool>,
}

/// `Tags[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Tag {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub tag_key: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub tag_value: Option<String>,
}

/// `DynamicMount`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DynamicMount {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub enable: Option<bool>,
    pub mount_points: Option<Vec<MountPoint>>,
}

/// `DynamicMount.MountPoints[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct MountPoint {
    pub root_path: Option<String>,
    #[serde(deserialize_with = "lenient::opt_text")]
    pub options: Option<String>,
}

/// `ServiceConfig`: the seed names it without listing its fields, so every
/// field is kept as it came.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ServiceConfig {
    #[serde(flatten)]
    pub fields: BTreeMap<String, Value>,
}

/// The ListInstances answer. `T` is [`Instance`], or `Value` to keep each
/// item as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ListResponse<T = Instance> {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub request_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    /// The seed prints `"null"` on success.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub http_status_code: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total_count: Option<i64>,
    pub instances: Option<Vec<T>>,
}

impl<T> Default for ListResponse<T> {
    fn default() -> Self {
        ListResponse {
            request_id: None,
            success: None,
            message: None,
            code: None,
            http_status_code: None,
            total_count: None,
            instances: None,
        }
    }
}

/// The envelope fields every DSW answer may carry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Envelope {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub request_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub http_status_code: Option<i64>,
}

/// The GetInstance answer: the instance's fields at top level plus the envelope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetInstanceResponse {
    #[serde(flatten)]
    pub envelope: Envelope,
    #[serde(flatten)]
    pub instance: Instance,
}

/// The Create/Update/Delete/Start/Stop answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceAck {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub request_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub instance_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub http_status_code: Option<i64>,
}

/// An error body from the API gateway or DSW.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ErrorBody {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub request_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub host_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub recommend: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub http_status_code: Option<i64>,
}

/// The CreateInstance body (API-NOTES create fields).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateInstanceRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
    pub instance_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs_spec: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requested_resource: Option<RequestedResource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub datasets: Vec<Dataset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_vpc: Option<UserVpc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub environment_variables: StringMap,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cloud_disks: Vec<CloudDisk>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
}

/// The UpdateInstance body: the fields the console edits (name, machine
/// type, image, visibility, datasets, environment variables); anything left
/// `None` is unchanged.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateInstanceRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecs_spec: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasets: Option<Vec<Dataset>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<BTreeMap<String, String>>,
    /// Settings to clear (`true` clears that setting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disassociate: Option<Disassociate>,
}

/// UpdateInstance `Disassociate`: which settings the update clears.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Disassociate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datasets: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<bool>,
}

/// The ListEcsSpecs answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ListEcsSpecsResponse {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub request_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub success: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total_count: Option<i64>,
    pub ecs_specs: Option<Vec<EcsSpec>>,
}

/// `EcsSpecs[]`: one machine type the create form can offer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EcsSpec {
    #[serde(rename = "InstanceType")]
    pub instance_type: Option<String>,
    #[serde(rename = "CPU", deserialize_with = "lenient::opt_f64")]
    pub cpu: Option<f64>,
    /// GiB.
    #[serde(rename = "Memory", deserialize_with = "lenient::opt_f64")]
    pub memory: Option<f64>,
    #[serde(rename = "GPU", deserialize_with = "lenient::opt_i64")]
    pub gpu: Option<i64>,
    #[serde(rename = "GPUType")]
    pub gpu_type: Option<String>,
    /// `CPU` or `GPU`.
    #[serde(rename = "AcceleratorType")]
    pub accelerator_type: Option<String>,
    #[serde(rename = "IsAvailable", deserialize_with = "lenient::opt_bool")]
    pub is_available: Option<bool>,
    /// Every other field the service adds (price, bandwidth, …), as it came.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}
