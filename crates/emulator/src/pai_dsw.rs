//! Alibaba Cloud PAI-DSW API 2022-01-01: ListInstances, GetInstance,
//! CreateInstance, UpdateInstance, DeleteInstance, StartInstance,
//! StopInstance (with `SaveImage`), StopInstances and DeleteInstances
//! (batch) and ListEcsSpecs, with the service's own rules and its
//! `{RequestId, HostId, Code, Message, Recommend, Success, HttpStatusCode}`
//! errors. Events, lifecycle, metrics, the shutdown timer and the idle
//! culler are in [`crate::pai_dsw_ops`].

use std::cmp::Ordering;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::catalog::{self, EcsSpec};
use crate::clock;
use crate::lifecycle::{self, Next};
use crate::pai_dsw_ops as ops;
use crate::state::{Provider, Stored, World};
use crate::{json_response, text, ApiRequest};

const P: Provider = Provider::PaiDsw;

/// Workspace new instances land in when the request names none.
pub const DEFAULT_WORKSPACE: &str = "40823";
/// A second workspace of the same account (generated instances use it).
pub const OTHER_WORKSPACE: &str = "52011";
/// The subscription resource group generated prepaid instances run on.
pub const SUBSCRIPTION_RESOURCE: &str = "quota-prepaid-01";

static REQUEST_SEQ: AtomicU64 = AtomicU64::new(1);

/// A request id like `E7D55162-4489-1619-AAF5-3F97D5FCA948`.
pub fn request_id() -> String {
    let n = REQUEST_SEQ.fetch_add(1, AtomicOrdering::Relaxed);
    let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 29;
    format!(
        "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
        (x >> 32) as u32,
        (x >> 16) as u16,
        x as u16,
        (n >> 48) as u16 ^ 0x4AF5,
        n & 0xFFFF_FFFF_FFFF
    )
}

/// An error answer in the gateway's shape.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({
            "RequestId": request_id(),
            "HostId": "pai-dsw.cn-shanghai.aliyuncs.com",
            "Code": code,
            "Message": message,
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&product=pai-dsw"),
            "Success": false,
            "HttpStatusCode": status.as_u16()
        }),
    )
}

fn invalid(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, "InvalidParameter", &message.into())
}

pub(crate) fn not_found(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "InstanceNotFound",
        &format!("The instance {id} does not exist."),
    )
}

pub(crate) fn wrong_status(id: &str, status: &str, action: &str) -> Response {
    error(
        StatusCode::CONFLICT,
        "InvalidInstanceStatus",
        &format!("The instance {id} cannot {action} in status {status}."),
    )
}

fn done(id: &str, message: &str) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "RequestId": request_id(),
            "InstanceId": id,
            "Success": true,
            "Code": null,
            "Message": message,
            "HttpStatusCode": 200
        }),
    )
}

/// The API name (`x-acs-action`) of a request below `/proxy/pai-dsw`, as
/// the official SDKs name it; `None` for a route the service does not have.
pub fn action_name(method: &Method, segments: &[&str]) -> Option<&'static str> {
    Some(match (method.as_str(), segments) {
        ("GET", ["api", "v2", "instances"]) => "ListInstances",
        ("POST", ["api", "v2", "instances"]) => "CreateInstance",
        ("GET", ["api", "v2", "instances", _]) => "GetInstance",
        ("PUT", ["api", "v2", "instances", _]) => "UpdateInstance",
        ("DELETE", ["api", "v2", "instances", _]) => "DeleteInstance",
        ("PUT", ["api", "v2", "instances", _, "start"]) => "StartInstance",
        ("PUT", ["api", "v2", "instances", _, "stop"]) => "StopInstance",
        ("GET", ["api", "v2", "instances", _, "events"]) => "GetInstanceEvents",
        ("GET", ["api", "v2", "instances", _, "lifecycle"]) => "GetLifecycle",
        ("GET", ["api", "v2", "instance", _, "metrics"]) => "GetInstanceMetrics",
        ("POST", ["api", "v2", "instances", _, "shutdowntimer"]) => "CreateInstanceShutdownTimer",
        ("GET", ["api", "v2", "instances", _, "shutdowntimer"]) => "GetInstanceShutdownTimer",
        ("DELETE", ["api", "v2", "instances", _, "shutdowntimer"]) => "DeleteInstanceShutdownTimer",
        ("POST", ["api", "v2", "instances", _, "idleinstanceculler"]) => "CreateIdleInstanceCuller",
        ("GET", ["api", "v2", "instances", _, "idleinstanceculler"]) => "GetIdleInstanceCuller",
        ("DELETE", ["api", "v2", "instances", _, "idleinstanceculler"]) => {
            "DeleteIdleInstanceCuller"
        }
        ("PUT", ["api", "v2", "batch", "instances", "stop"]) => "StopInstances",
        ("PUT", ["api", "v2", "batch", "instances", "delete"]) => "DeleteInstances",
        ("GET", ["api", "v2", "ecsspecs"]) => "ListEcsSpecs",
        _ => return None,
    })
}

/// Every name [`action_name`] answers.
pub const ACTIONS: &[&str] = &[
    "ListInstances",
    "CreateInstance",
    "GetInstance",
    "UpdateInstance",
    "DeleteInstance",
    "StartInstance",
    "StopInstance",
    "GetInstanceEvents",
    "GetLifecycle",
    "GetInstanceMetrics",
    "CreateInstanceShutdownTimer",
    "GetInstanceShutdownTimer",
    "DeleteInstanceShutdownTimer",
    "CreateIdleInstanceCuller",
    "GetIdleInstanceCuller",
    "DeleteIdleInstanceCuller",
    "StopInstances",
    "DeleteInstances",
    "ListEcsSpecs",
];

/// Routes a request below `/proxy/pai-dsw`.
pub fn handle(world: &mut World, req: &ApiRequest, now: u64, transition_ms: u64) -> Response {
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    match (&req.method, segs.as_slice()) {
        (&Method::GET, ["api", "v2", "instances", id, "events"]) => {
            ops::events(world, req, id, now)
        }
        (&Method::GET, ["api", "v2", "instances", id, "lifecycle"]) => {
            ops::lifecycle_sessions(world, req, id, now)
        }
        (&Method::GET, ["api", "v2", "instance", id, "metrics"]) => {
            ops::metrics(world, req, id, now)
        }
        (&Method::POST, ["api", "v2", "instances", id, "shutdowntimer"]) => {
            ops::create_timer(world, req, id, now)
        }
        (&Method::GET, ["api", "v2", "instances", id, "shutdowntimer"]) => {
            ops::get_timer(world, id, now)
        }
        (&Method::DELETE, ["api", "v2", "instances", id, "shutdowntimer"]) => {
            ops::delete_timer(world, id, now)
        }
        (&Method::POST, ["api", "v2", "instances", id, "idleinstanceculler"]) => {
            ops::create_culler(world, req, id, now)
        }
        (&Method::GET, ["api", "v2", "instances", id, "idleinstanceculler"]) => {
            ops::get_culler(world, id, now)
        }
        (&Method::DELETE, ["api", "v2", "instances", id, "idleinstanceculler"]) => {
            ops::delete_culler(world, id, now)
        }
        (&Method::PUT, ["api", "v2", "batch", "instances", "stop"]) => {
            batch(world, req, now, transition_ms, Action::Stop)
        }
        (&Method::PUT, ["api", "v2", "batch", "instances", "delete"]) => {
            batch(world, req, now, transition_ms, Action::Delete)
        }
        (&Method::GET, ["api", "v2", "instances"]) => list(world, req),
        (&Method::POST, ["api", "v2", "instances"]) => create(world, req, now, transition_ms),
        (&Method::GET, ["api", "v2", "instances", id]) => get(world, id),
        (&Method::PUT, ["api", "v2", "instances", id]) => update(world, req, id, now),
        (&Method::DELETE, ["api", "v2", "instances", id]) => {
            lifecycle_action(world, id, now, transition_ms, Action::Delete)
        }
        (&Method::PUT, ["api", "v2", "instances", id, "start"]) => {
            lifecycle_action(world, id, now, transition_ms, Action::Start)
        }
        (&Method::PUT, ["api", "v2", "instances", id, "stop"]) => {
            match req.q("SaveImage").filter(|v| !v.is_empty()) {
                None => lifecycle_action(world, id, now, transition_ms, Action::Stop),
                Some(v) if v.eq_ignore_ascii_case("false") => {
                    lifecycle_action(world, id, now, transition_ms, Action::Stop)
                }
                Some(v) if v.eq_ignore_ascii_case("true") => {
                    lifecycle_action(world, id, now, transition_ms, Action::StopSavingImage)
                }
                Some(v) => error(
                    StatusCode::BAD_REQUEST,
                    "ValidationError",
                    &format!("The parameter SaveImage must be true or false: {v}."),
                ),
            }
        }
        (&Method::GET, ["api", "v2", "ecsspecs"]) => ecs_specs(req),
        _ => error(
            StatusCode::NOT_FOUND,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        ),
    }
}

fn get(world: &World, id: &str) -> Response {
    let Some(index) = world.find(P, id) else {
        return not_found(id);
    };
    let mut answer = match &world.pai_dsw[index].value {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    answer.insert("RequestId".into(), json!(request_id()));
    answer.insert("Success".into(), json!(true));
    answer.insert("Code".into(), Value::Null);
    answer.insert("Message".into(), json!(""));
    answer.insert("HttpStatusCode".into(), json!(200));
    json_response(StatusCode::OK, &Value::Object(answer))
}

fn ecs_specs(req: &ApiRequest) -> Response {
    let wanted = match req.q("AcceleratorType") {
        None | Some("") => None,
        Some(t @ ("CPU" | "GPU")) => Some(t),
        Some(other) => {
            return invalid(format!(
                "The AcceleratorType {other} is invalid, CPU or GPU expected."
            ))
        }
    };
    let specs: Vec<Value> = catalog::DSW_ECS_SPECS
        .iter()
        .filter(|s| wanted.is_none_or(|w| s.accelerator_type == w))
        .map(EcsSpec::to_json)
        .collect();
    json_response(
        StatusCode::OK,
        &json!({
            "RequestId": request_id(),
            "Success": true,
            "TotalCount": specs.len(),
            "EcsSpecs": specs
        }),
    )
}

/// What an instance offers, for the hardware filters.
struct Hardware {
    milli_cpu: Option<u64>,
    milli_gpu: Option<u64>,
    memory_g: Option<u64>,
    gpu_type: String,
    gpu_memory_g: Option<u64>,
}

fn number_in(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let digits: String = s
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            digits.parse().ok()
        }
        _ => None,
    }
}

fn hardware(v: &Value) -> Hardware {
    let spec = v
        .get("EcsSpec")
        .and_then(Value::as_str)
        .and_then(catalog::dsw_ecs_spec);
    let rr = v.get("RequestedResource");
    let rr_field = |k: &str| number_in(rr.and_then(|r| r.get(k)));
    match spec {
        Some(s) => Hardware {
            milli_cpu: Some(u64::from(s.cpu) * 1000),
            milli_gpu: Some(u64::from(s.gpu) * 1000),
            memory_g: Some(u64::from(s.memory)),
            gpu_type: s.gpu_type.to_string(),
            gpu_memory_g: (s.gpu > 0).then_some(u64::from(s.gpu_memory)),
        },
        None => {
            let gpu_type = rr
                .and_then(|r| r.get("GPUType"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            Hardware {
                milli_cpu: rr_field("CPU").map(|c| (c * 1000.0) as u64),
                milli_gpu: rr_field("GPU").map(|c| (c * 1000.0) as u64),
                memory_g: rr_field("Memory").map(|m| m as u64),
                gpu_memory_g: catalog::gpu_memory_of(&gpu_type).map(u64::from),
                gpu_type,
            }
        }
    }
}

fn list(world: &World, req: &ApiRequest) -> Response {
    match list_inner(world, req) {
        Ok(v) => json_response(StatusCode::OK, &v),
        Err(message) => invalid(message),
    }
}

fn parse_num(req: &ApiRequest, key: &str) -> Result<Option<u64>, String> {
    match req.q(key) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| format!("The parameter {key} is invalid: {v}.")),
    }
}

fn in_range(value: Option<u64>, min: Option<u64>, max: Option<u64>) -> bool {
    if min.is_none() && max.is_none() {
        return true;
    }
    match value {
        Some(v) => min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m),
        None => false,
    }
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

fn list_inner(world: &World, req: &ApiRequest) -> Result<Value, String> {
    let page_number = parse_num(req, "PageNumber")?.unwrap_or(1);
    if page_number < 1 {
        return Err("The parameter PageNumber must be at least 1.".into());
    }
    let page_size = parse_num(req, "PageSize")?.unwrap_or(10);
    if !(1..=100).contains(&page_size) {
        return Err("The parameter PageSize must be from 1 to 100.".into());
    }
    let sort_field = match req.q("SortBy") {
        None | Some("") => "GmtCreateTime",
        Some(
            f @ ("GmtCreateTime" | "GmtModifiedTime" | "Priority" | "InstanceName" | "Status"),
        ) => f,
        Some(other) => return Err(format!("The parameter SortBy is invalid: {other}.")),
    };
    let descending = match req.q("Order") {
        None | Some("") => true,
        Some(o) if o.eq_ignore_ascii_case("DESC") => true,
        Some(o) if o.eq_ignore_ascii_case("ASC") => false,
        Some(other) => return Err(format!("The parameter Order is invalid: {other}.")),
    };
    let labels: Option<Map<String, Value>> = match req.q("Labels") {
        None | Some("") => None,
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(m)) if m.len() <= 4 => Some(m),
            _ => {
                return Err(
                    "The parameter Labels must be a JSON object of at most 4 labels.".into(),
                )
            }
        },
    };
    for key in ["CreateTimeAfter", "CreateTimeBefore"] {
        if let Some(v) = req.q(key).filter(|v| !v.is_empty()) {
            if !is_rfc3339(v) {
                return Err(format!("The parameter {key} is not an RFC 3339 time: {v}."));
            }
        }
    }
    let min_cpu = parse_num(req, "MinCpu")?;
    let max_cpu = parse_num(req, "MaxCpu")?;
    let min_gpu = parse_num(req, "MinGpu")?;
    let max_gpu = parse_num(req, "MaxGpu")?;
    let min_mem = parse_num(req, "MinMemory")?;
    let max_mem = parse_num(req, "MaxMemory")?;
    let min_gmem = parse_num(req, "MinGpuMemory")?;
    let max_gmem = parse_num(req, "MaxGpuMemory")?;
    let nonempty = |k: &str| req.q(k).filter(|v| !v.is_empty());
    let list_of = |k: &str| -> Option<Vec<String>> {
        nonempty(k).map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    };
    // Seed 002: a blank WorkspaceId lists the caller's default workspace
    // only, `ALL` every workspace; a blank ResourceId lists pay-as-you-go
    // instances only, `ALL` every instance.
    let workspace = match nonempty("WorkspaceId") {
        None => Some(DEFAULT_WORKSPACE),
        Some("ALL") => None,
        Some(w) => Some(w),
    };
    let resource = nonempty("ResourceId").filter(|r| *r != "ALL");
    let pay_as_you_go_only = nonempty("ResourceId").is_none();
    let name = nonempty("InstanceName");
    let statuses = list_of("Status");
    let ids = list_of("InstanceId");
    let payment = nonempty("PaymentType");
    let access = nonempty("Accessibility");
    let accel = nonempty("AcceleratorType");
    let gpu_type = nonempty("GpuType");
    let image = nonempty("ImageName");
    let user = nonempty("CreateUserId");
    let oversold_type = nonempty("OversoldType");
    let oversold_info = nonempty("OversoldInfo");
    let after = nonempty("CreateTimeAfter");
    let before = nonempty("CreateTimeBefore");

    let s = text;
    let mut matches: Vec<&Value> = world
        .pai_dsw
        .iter()
        .map(|st| &st.value)
        .filter(|v| {
            workspace.is_none_or(|w| s(v, "WorkspaceId") == w)
                && resource.is_none_or(|r| s(v, "ResourceId") == r)
                && (!pay_as_you_go_only || s(v, "PaymentType") != "Subscription")
                && name.is_none_or(|n| s(v, "InstanceName").contains(n))
                && statuses
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|x| x == s(v, "Status")))
                && ids
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|x| x == s(v, "InstanceId")))
                && payment.is_none_or(|p| s(v, "PaymentType") == p)
                && access.is_none_or(|a| s(v, "Accessibility") == a)
                && accel.is_none_or(|a| s(v, "AcceleratorType") == a)
                && image.is_none_or(|i| s(v, "ImageName").contains(i))
                && user.is_none_or(|u| s(v, "UserId") == u)
                && oversold_type.is_none_or(|o| s(v, "OversoldType") == o)
                && oversold_info.is_none_or(|o| s(v, "OversoldInfo") == o)
                && after.is_none_or(|a| s(v, "GmtCreateTime") >= a)
                && before.is_none_or(|b| s(v, "GmtCreateTime") <= b)
        })
        .filter(|v| {
            labels.as_ref().is_none_or(|want| {
                let have = v.get("Labels").and_then(Value::as_array);
                want.iter().all(|(k, val)| {
                    have.is_some_and(|h| {
                        h.iter().any(|l| {
                            l.get("Key").and_then(Value::as_str) == Some(k.as_str())
                                && l.get("Value") == Some(val)
                        })
                    })
                })
            })
        })
        .filter(|v| {
            let needs_hw = gpu_type.is_some()
                || [
                    min_cpu, max_cpu, min_gpu, max_gpu, min_mem, max_mem, min_gmem, max_gmem,
                ]
                .iter()
                .any(Option::is_some);
            if !needs_hw {
                return true;
            }
            let hw = hardware(v);
            gpu_type.is_none_or(|g| hw.gpu_type == g)
                && in_range(hw.milli_cpu, min_cpu, max_cpu)
                && in_range(hw.milli_gpu, min_gpu, max_gpu)
                && in_range(hw.memory_g, min_mem, max_mem)
                && in_range(hw.gpu_memory_g, min_gmem, max_gmem)
        })
        .collect();
    let key_cmp = |a: &Value, b: &Value| -> Ordering {
        match sort_field {
            "Priority" => {
                let p = |v: &Value| v.get("Priority").and_then(Value::as_i64).unwrap_or(0);
                p(a).cmp(&p(b))
            }
            f => s(a, f).cmp(s(b, f)),
        }
    };
    matches.sort_by(|a, b| {
        let ord = key_cmp(a, b).then_with(|| s(a, "InstanceId").cmp(s(b, "InstanceId")));
        if descending {
            ord.reverse()
        } else {
            ord
        }
    });
    let total = matches.len();
    let skip = (page_number - 1).saturating_mul(page_size);
    let page: Vec<Value> = matches
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(page_size as usize)
        .cloned()
        .collect();
    Ok(json!({
        "RequestId": request_id(),
        "Success": true,
        "Message": "",
        "Code": null,
        "HttpStatusCode": 200,
        "TotalCount": total,
        "Instances": page
    }))
}

pub(crate) fn body_object(req: &ApiRequest) -> Result<Map<String, Value>, &'static str> {
    match req.json_body() {
        Ok(Some(Value::Object(m))) => Ok(m),
        Ok(None) => Err("The request body is required."),
        Ok(Some(_)) => Err("The request body must be a JSON object."),
        Err(_) => Err("The request body is not valid JSON."),
    }
}

fn opt_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(format!("The parameter {key} must be a string.")),
    }
}

fn check_kind(obj: &Map<String, Value>, key: &str, array: bool) -> Result<(), String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(_)) if array => Ok(()),
        Some(Value::Object(_)) if !array => Ok(()),
        Some(_) => Err(format!(
            "The parameter {key} must be {}.",
            if array { "an array" } else { "an object" }
        )),
    }
}

/// Rules on the fields both create and update accept.
fn check_fields(obj: &Map<String, Value>) -> Result<(), String> {
    if let Some(name) = opt_str(obj, "InstanceName")? {
        if name.is_empty()
            || name.chars().count() > 27
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(format!(
                "The InstanceName {name:?} is invalid: 1 to 27 letters, digits and underscores."
            ));
        }
    }
    if let Some(spec) = opt_str(obj, "EcsSpec")? {
        if !spec.is_empty() && catalog::dsw_ecs_spec(spec).is_none() {
            return Err(format!("The EcsSpec {spec} is not supported."));
        }
    }
    if let Some(a) = opt_str(obj, "Accessibility")? {
        if a != "PRIVATE" && a != "PUBLIC" {
            return Err(format!(
                "The Accessibility {a} is invalid, PRIVATE or PUBLIC expected."
            ));
        }
    }
    match obj.get("Priority") {
        None | Some(Value::Null) => {}
        Some(v) => match v.as_i64() {
            Some(p) if (1..=9).contains(&p) => {}
            _ => return Err("The Priority must be an integer from 1 to 9.".into()),
        },
    }
    for key in [
        "ImageId",
        "ImageUrl",
        "WorkspaceId",
        "ResourceId",
        "ImageAuth",
        "Driver",
    ] {
        opt_str(obj, key)?;
    }
    for key in ["Datasets", "Labels", "CloudDisks", "Tag"] {
        check_kind(obj, key, true)?;
    }
    for key in [
        "UserVpc",
        "EnvironmentVariables",
        "RequestedResource",
        "Affinity",
        "CredentialConfig",
        "DynamicMount",
    ] {
        check_kind(obj, key, false)?;
    }
    Ok(())
}

fn image_name(url: &str, id: &str) -> String {
    if url.is_empty() {
        return id.to_string();
    }
    let last = url.rsplit('/').next().unwrap_or(url);
    match last.split_once(':') {
        Some((_, tag)) if !tag.is_empty() => tag.to_string(),
        _ => last.to_string(),
    }
}

/// Checks a create request against the service's rules; answers the new
/// instance object (status `status`) when it passes.
fn build_from_request(
    obj: &Map<String, Value>,
    id: &str,
    now: u64,
    status: &str,
) -> Result<Value, String> {
    check_fields(obj)?;
    let name = opt_str(obj, "InstanceName")?
        .filter(|n| !n.is_empty())
        .ok_or("The parameter InstanceName is required.")?;
    let spec_name = opt_str(obj, "EcsSpec")?.filter(|s| !s.is_empty());
    let resource_id = opt_str(obj, "ResourceId")?.filter(|s| !s.is_empty());
    let requested = obj.get("RequestedResource").filter(|v| v.is_object());
    if spec_name.is_none() && (resource_id.is_none() || requested.is_none()) {
        return Err(
            "The parameter EcsSpec is required (or ResourceId with RequestedResource).".into(),
        );
    }
    let image_id = opt_str(obj, "ImageId")?.unwrap_or("");
    let image_url = opt_str(obj, "ImageUrl")?.unwrap_or("");
    if image_id.is_empty() && image_url.is_empty() {
        return Err("The parameter ImageId or ImageUrl is required.".into());
    }
    let spec = spec_name.and_then(catalog::dsw_ecs_spec);
    let requested = match (requested, spec) {
        (Some(r), _) => r.clone(),
        (None, Some(s)) => json!({
            "CPU": s.cpu.to_string(),
            "Memory": s.memory.to_string(),
            "SharedMemory": "",
            "GPU": s.gpu.to_string(),
            "GPUType": s.gpu_type
        }),
        (None, None) => json!({}),
    };
    let accelerator = match spec {
        Some(s) => s.accelerator_type,
        None => {
            let gpus = number_in(requested.get("GPU")).unwrap_or(0.0);
            if gpus > 0.0 {
                "GPU"
            } else {
                "CPU"
            }
        }
    };
    let workspace = opt_str(obj, "WorkspaceId")?
        .filter(|w| !w.is_empty())
        .unwrap_or(DEFAULT_WORKSPACE);
    let short = id.trim_start_matches("dsw-");
    let get = |k: &str, default: Value| {
        obj.get(k)
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(default)
    };
    let now_s = clock::rfc3339(now);
    Ok(json!({
        "WorkspaceId": workspace,
        "WorkspaceName": if workspace == DEFAULT_WORKSPACE { "training_data".to_string() } else { format!("workspace_{workspace}") },
        "InstanceId": id,
        "InstanceName": name,
        "EcsSpec": spec_name.unwrap_or(""),
        "Status": status,
        "InstanceUrl": format!("https://dsw-cn-shanghai.data.aliyun.com/notebook.htm?instance={short}#/"),
        "JupyterlabUrl": format!("https://dsw-gateway-cn-shanghai.aliyun.com/{id}/lab/"),
        "WebIDEUrl": format!("https://dsw-gateway-cn-shanghai.aliyun.com/{id}/ide/"),
        "TerminalUrl": format!("https://dsw-gateway-cn-shanghai.aliyun.com/{id}/tty/"),
        "AccumulatedRunningTimeInMs": 0,
        "ImageId": image_id,
        "ImageUrl": image_url,
        "ImageName": image_name(image_url, image_id),
        "GmtCreateTime": now_s,
        "GmtModifiedTime": now_s,
        "UserId": "1612285282502324",
        "UserName": "devenv_user",
        "Datasets": get("Datasets", json!([])),
        "UserVpc": get("UserVpc", json!({})),
        "ReasonCode": "",
        "ReasonMessage": "",
        "PaymentType": if resource_id.is_some() { "Subscription" } else { "PayAsYouGo" },
        "AcceleratorType": accelerator,
        "Accessibility": get("Accessibility", json!("PRIVATE")),
        "EnvironmentVariables": get("EnvironmentVariables", json!({})),
        "ResourceId": resource_id.unwrap_or(""),
        "ResourceName": if resource_id.is_some() { "resource_group" } else { "" },
        "Priority": get("Priority", json!(1)),
        "RequestedResource": requested,
        "Labels": get("Labels", json!([])),
        "InstanceSnapshotList": [],
        "CloudDisks": get("CloudDisks", json!([])),
        "Driver": if accelerator == "GPU" { "535.54.03" } else { "" },
        "Tags": get("Tag", json!([])),
        "OversoldType": "",
        "OversoldInfo": ""
    }))
}

/// A new instance id like `dsw-730a1b2c3d4e5f60`.
pub fn new_id(world: &mut World) -> String {
    format!("dsw-{}", world.hex(16))
}

/// Builds an instance the way create would (used by the generator).
pub fn build(body: &Value, id: &str, now: u64, status: &str) -> Option<Value> {
    build_from_request(body.as_object()?, id, now, status).ok()
}

fn create(world: &mut World, req: &ApiRequest, now: u64, transition_ms: u64) -> Response {
    let body = match body_object(req) {
        Ok(b) => b,
        Err(m) => return invalid(m),
    };
    let id = new_id(world);
    match build_from_request(&body, &id, now, "Creating") {
        Ok(value) => {
            let mut stored = Stored::new(value);
            lifecycle::begin(
                P,
                &mut stored,
                now,
                transition_ms,
                "Creating",
                &[Next::Status("EnvPreparing"), Next::Status("Running")],
            );
            world.pai_dsw.push(stored);
            done(&id, "The instance is being created.")
        }
        Err(message) => invalid(message),
    }
}

/// Fields UpdateInstance changes.
const UPDATABLE: &[&str] = &[
    "InstanceName",
    "EcsSpec",
    "ImageId",
    "ImageUrl",
    "Datasets",
    "UserVpc",
    "Accessibility",
    "Priority",
    "RequestedResource",
    "CloudDisks",
    "Labels",
    "EnvironmentVariables",
    "Driver",
    "ImageAuth",
    "Affinity",
    "CredentialConfig",
    "DynamicMount",
];

fn update(world: &mut World, req: &ApiRequest, id: &str, now: u64) -> Response {
    let Some(index) = world.find(P, id) else {
        return not_found(id);
    };
    let body = match body_object(req) {
        Ok(b) => b,
        Err(m) => return invalid(m),
    };
    if let Err(message) = check_fields(&body) {
        return invalid(message);
    }
    let stored = &mut world.pai_dsw[index];
    let status = stored.str_field("Status").to_string();
    if status == "Deleting" {
        return wrong_status(id, &status, "be updated");
    }
    let Some(obj) = stored.value.as_object_mut() else {
        return not_found(id);
    };
    for key in UPDATABLE {
        if let Some(v) = body.get(*key).filter(|v| !v.is_null()) {
            obj.insert((*key).to_string(), v.clone());
        }
    }
    // `Disassociate.X = true` clears setting X.
    if let Some(clear) = body.get("Disassociate").and_then(Value::as_object) {
        for (key, empty) in [
            ("Datasets", json!([])),
            ("EnvironmentVariables", json!({})),
            ("UserVpc", json!({})),
            ("Driver", json!("")),
        ] {
            let wire_key = if key == "UserVpc" { "Vpc" } else { key };
            if clear.get(wire_key).and_then(Value::as_bool) == Some(true) {
                obj.insert(key.to_string(), empty);
            }
        }
    }
    if let Some(spec) = body
        .get("EcsSpec")
        .and_then(Value::as_str)
        .and_then(catalog::dsw_ecs_spec)
    {
        obj.insert("AcceleratorType".into(), json!(spec.accelerator_type));
    }
    if body.contains_key("ImageUrl") || body.contains_key("ImageId") {
        let url = obj.get("ImageUrl").and_then(Value::as_str).unwrap_or("");
        let image_id = obj.get("ImageId").and_then(Value::as_str).unwrap_or("");
        let name = image_name(url, image_id);
        obj.insert("ImageName".into(), json!(name));
    }
    obj.insert("GmtModifiedTime".into(), json!(clock::rfc3339(now)));
    stored.managed = true;
    done(id, "The instance is updated.")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Start,
    Stop,
    /// Stop, saving the environment as an image first (`SaveImage=true`).
    StopSavingImage,
    Delete,
}

/// Why an action was refused.
enum Refusal {
    NotFound,
    AlreadyRunning,
    AlreadyStopped,
    WrongStatus(String),
}

impl Refusal {
    fn answer(&self, id: &str, action: Action) -> Response {
        match self {
            Refusal::NotFound => not_found(id),
            Refusal::AlreadyRunning => error(
                StatusCode::CONFLICT,
                "InvalidInstanceStatus",
                &format!("The instance {id} is already running."),
            ),
            Refusal::AlreadyStopped => error(
                StatusCode::CONFLICT,
                "InvalidInstanceStatus",
                &format!("The instance {id} is already stopped."),
            ),
            Refusal::WrongStatus(s) => wrong_status(
                id,
                s,
                match action {
                    Action::Start => "start",
                    Action::Stop | Action::StopSavingImage => "stop",
                    Action::Delete => "be deleted",
                },
            ),
        }
    }

    /// Why a batch left the instance out.
    fn why(&self) -> String {
        match self {
            Refusal::NotFound => "not found".into(),
            Refusal::AlreadyRunning => "already running".into(),
            Refusal::AlreadyStopped => "already stopped".into(),
            Refusal::WrongStatus(s) => format!("in status {s}"),
        }
    }
}

/// Starts, stops or deletes one instance; answers the success message.
fn apply(
    world: &mut World,
    id: &str,
    now: u64,
    transition_ms: u64,
    action: Action,
) -> Result<&'static str, Refusal> {
    let index = world.find(P, id).ok_or(Refusal::NotFound)?;
    let image_id = if action == Action::StopSavingImage {
        format!("image-{}", world.hex(16))
    } else {
        String::new()
    };
    let stored = &mut world.pai_dsw[index];
    let status = stored.str_field("Status").to_string();
    match action {
        Action::Start => match status.as_str() {
            "Stopped" | "Failed" | "SaveFailed" | "Saved" => {
                lifecycle::begin(
                    P,
                    stored,
                    now,
                    transition_ms,
                    "Starting",
                    &[Next::Status("Running")],
                );
                Ok("The instance is starting.")
            }
            "Running" => Err(Refusal::AlreadyRunning),
            s => Err(Refusal::WrongStatus(s.to_string())),
        },
        Action::Stop | Action::StopSavingImage => match status.as_str() {
            // Saving the image first takes half as long again: `Saving`,
            // then `Stopping`, then `Stopped` after 1.5 transitions.
            "Running" if action == Action::StopSavingImage => {
                ops::start_saving_image(stored, now, image_id);
                lifecycle::begin(
                    P,
                    stored,
                    now,
                    transition_ms * 3 / 2,
                    "Saving",
                    &[Next::Status("Stopping"), Next::Status("Stopped")],
                );
                Ok("The instance is saving its image, then stopping.")
            }
            "Running" | "Failed" | "Queuing" | "ResourceAllocating" | "EnvPreparing" => {
                lifecycle::begin(
                    P,
                    stored,
                    now,
                    transition_ms,
                    "Stopping",
                    &[Next::Status("Stopped")],
                );
                Ok("The instance is stopping.")
            }
            "Stopped" => Err(Refusal::AlreadyStopped),
            s => Err(Refusal::WrongStatus(s.to_string())),
        },
        Action::Delete => match status.as_str() {
            "Deleting" => Err(Refusal::WrongStatus(status)),
            _ => {
                lifecycle::begin(P, stored, now, transition_ms, "Deleting", &[Next::Remove]);
                Ok("The instance is being deleted.")
            }
        },
    }
}

fn lifecycle_action(
    world: &mut World,
    id: &str,
    now: u64,
    transition_ms: u64,
    action: Action,
) -> Response {
    match apply(world, id, now, transition_ms, action) {
        Ok(message) => done(id, message),
        Err(refusal) => refusal.answer(id, action),
    }
}

/// StopInstances and DeleteInstances: body `{"InstanceIds": [...]}` (at
/// least one id). Each instance that can be stopped (deleted) is, with the
/// rules of the single action; the others (unknown ids, statuses the
/// action does not apply to) are left out of `InstanceIds` and named in
/// `Message`. The answer is 200 either way; `AccessDeniedDetail` is null.
fn batch(
    world: &mut World,
    req: &ApiRequest,
    now: u64,
    transition_ms: u64,
    action: Action,
) -> Response {
    let body = match body_object(req) {
        Ok(b) => b,
        Err(m) => return error(StatusCode::BAD_REQUEST, "ValidationError", m),
    };
    let ids: Vec<String> = match body.get("InstanceIds") {
        Some(Value::Array(items)) if !items.is_empty() => {
            let mut ids = Vec::new();
            for item in items {
                match item.as_str().filter(|s| !s.is_empty()) {
                    Some(id) if !ids.iter().any(|i| i == id) => ids.push(id.to_string()),
                    Some(_) => {}
                    None => {
                        return error(
                            StatusCode::BAD_REQUEST,
                            "ValidationError",
                            "The InstanceIds must be instance ids (strings).",
                        )
                    }
                }
            }
            ids
        }
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "ValidationError",
                "The parameter InstanceIds is required: a list of instance ids.",
            )
        }
    };
    let mut done_ids = Vec::new();
    let mut skipped = Vec::new();
    for id in &ids {
        match apply(world, id, now, transition_ms, action) {
            Ok(_) => done_ids.push(id.clone()),
            Err(refusal) => skipped.push(format!("{id} ({})", refusal.why())),
        }
    }
    let verb = if action == Action::Delete {
        "deleted"
    } else {
        "stopped"
    };
    let message = if skipped.is_empty() {
        String::new()
    } else {
        format!("Not {verb}: {}.", skipped.join("; "))
    };
    json_response(
        StatusCode::OK,
        &json!({
            "RequestId": request_id(),
            "InstanceIds": done_ids,
            "AccessDeniedDetail": null,
            "Success": true,
            "Code": null,
            "Message": message,
            "HttpStatusCode": 200
        }),
    )
}
