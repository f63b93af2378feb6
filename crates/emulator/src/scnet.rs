//! SCNet (Sugon AC) AI openapi v2 container instances: list, detail,
//! create, restart, stop and delete, answering `{code, msg, data}` where
//! `code` is `"0"` on success and an error code otherwise.

use std::collections::HashSet;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::clock;
use crate::lifecycle::{self, Next};
use crate::state::{Provider, Stored, World};
use crate::{json_response, text, ApiRequest};

const P: Provider = Provider::Scnet;

/// Task types SCNet accepts.
pub const TASK_TYPES: &[&str] = &["ssh", "jupyter", "codeserver", "rstudio"];

/// The `timeoutLimit` for no limit; also what an absent one means.
pub const UNLIMITED: &str = "unlimited";

/// The longest `instanceServiceName` accepted.
pub const NAME_MAX: usize = 64;

/// Statuses from which an instance can be stopped.
const STOPPABLE: &[&str] = &["Running", "Deploying", "Waiting"];
/// Statuses from which an instance can be restarted.
const RESTARTABLE: &[&str] = &["Running", "Terminated", "Failed", "Completed"];

/// An error answer `{code, msg, data: null}` with that HTTP status.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({ "code": code, "msg": message, "data": null }),
    )
}

fn invalid(message: impl Into<String>) -> Response {
    error(StatusCode::OK, "10004", &message.into())
}

fn missing(message: impl Into<String>) -> Response {
    error(StatusCode::OK, "10003", &message.into())
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "10004", "instance service not found")
}

fn success(data: Value) -> Response {
    json_response(
        StatusCode::OK,
        &json!({ "code": "0", "msg": "success", "data": data }),
    )
}

/// Routes a request below `/proxy/scnet`.
pub fn handle(world: &mut World, req: &ApiRequest, now: u64, transition_ms: u64) -> Response {
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let rest = match segs.as_slice() {
        ["ai", "openapi", "v2", "instance-service", rest @ ..] => rest,
        _ => return unknown(),
    };
    match (&req.method, rest) {
        (&Method::GET, ["task"]) => list(world, req),
        (&Method::POST, ["task"]) => create(world, req, now, transition_ms),
        (&Method::DELETE, ["task"]) => delete(world, req),
        (&Method::POST, ["task", "actions", "restart"]) => restart(world, req, now, transition_ms),
        (&Method::POST, ["task", "actions", "stop"]) => stop(world, req, now),
        (&Method::GET, [id, "detail"]) => match world.find(P, id) {
            Some(i) => success(world.scnet[i].value.clone()),
            None => not_found(),
        },
        _ => unknown(),
    }
}

fn unknown() -> Response {
    error(StatusCode::NOT_FOUND, "10004", "interface not found")
}

/// A list parameter from the query, or else from a JSON body on the GET
/// (as the official example sends it).
fn param(req: &ApiRequest, body: &Map<String, Value>, key: &str) -> Option<Value> {
    if let Some(v) = req.q(key) {
        return Some(Value::String(v.to_string()));
    }
    body.get(key).filter(|v| !v.is_null()).cloned()
}

/// The `instanceServiceName` filter, an array in the documented body: every
/// repeated query parameter, or else the body's array (or lone string).
/// Empty when absent; an instance matches when its name contains any of them.
fn names_filter(req: &ApiRequest, body: &Map<String, Value>) -> Vec<String> {
    let from_query: Vec<String> = req
        .query
        .iter()
        .filter(|(k, v)| k == "instanceServiceName" && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    if !from_query.is_empty() {
        return from_query;
    }
    match body.get("instanceServiceName") {
        Some(Value::Array(items)) => items.iter().filter_map(as_text).collect(),
        Some(v) => as_text(v).into_iter().collect(),
        None => Vec::new(),
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn as_count(v: Option<Value>, key: &str) -> Result<Option<usize>, String> {
    match v {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .parse()
            .map(Some)
            .map_err(|_| format!("invalid parameter {key}: {s}")),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(|n| Some(n as usize))
            .ok_or_else(|| format!("invalid parameter {key}: {n}")),
        Some(other) => Err(format!("invalid parameter {key}: {other}")),
    }
}

fn list(world: &World, req: &ApiRequest) -> Response {
    let body = match req.json_body() {
        Ok(Some(Value::Object(m))) => m,
        Ok(None) => Map::new(),
        Ok(Some(_)) | Err(_) => return invalid("invalid request body"),
    };
    let names = names_filter(req, &body);
    let statuses: Option<Vec<String>> = param(req, &body, "status")
        .as_ref()
        .and_then(as_text)
        .map(|s| s.split(',').map(|p| p.trim().to_string()).collect());
    let task_type = param(req, &body, "taskType").as_ref().and_then(as_text);
    let start = match as_count(param(req, &body, "start"), "start") {
        Ok(v) => v.unwrap_or(0),
        Err(m) => return invalid(m),
    };
    let limit = match as_count(param(req, &body, "limit"), "limit") {
        Ok(v) => v.unwrap_or(20),
        Err(m) => return invalid(m),
    };
    let descending = match param(req, &body, "sort")
        .as_ref()
        .and_then(as_text)
        .as_deref()
    {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(other) => return invalid(format!("invalid parameter sort: {other}")),
    };
    let s = text;
    let mut matches: Vec<&Value> = world
        .scnet
        .iter()
        .map(|st| &st.value)
        .filter(|v| {
            (names.is_empty()
                || names
                    .iter()
                    .any(|n| s(v, "instanceServiceName").contains(n.as_str())))
                && statuses
                    .as_ref()
                    .is_none_or(|l| l.iter().any(|x| x == s(v, "status")))
                && task_type.as_ref().is_none_or(|t| s(v, "taskType") == t)
        })
        .collect();
    matches.sort_by(|a, b| {
        let ord = s(a, "createTime")
            .cmp(s(b, "createTime"))
            .then_with(|| s(a, "id").cmp(s(b, "id")));
        if descending {
            ord.reverse()
        } else {
            ord
        }
    });
    let total = matches.len();
    let page: Vec<Value> = matches
        .into_iter()
        .skip(start)
        .take(limit)
        .cloned()
        .collect();
    json_response(
        StatusCode::OK,
        &json!({ "msg": "success", "total": total, "code": "0", "data": page }),
    )
}

/// A rule broken: `10003` for a missing parameter, `10004` for a wrong one.
enum Fail {
    Missing(String),
    Invalid(String),
}

fn int_field(obj: &Map<String, Value>, key: &str, min: i64) -> Result<Option<i64>, Fail> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_i64() {
            Some(n) if n >= min => Ok(Some(n)),
            _ => Err(Fail::Invalid(format!(
                "invalid parameter {key}: an integer of at least {min} expected"
            ))),
        },
    }
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, Fail> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(Fail::Invalid(format!(
            "invalid parameter {key}: a string expected"
        ))),
    }
}

/// Refuses a name longer than [`NAME_MAX`] or with characters other than
/// letters, digits, `_` and `-`: the emulator's stand-in for a limit the
/// service enforces but the create page does not document.
fn check_name(name: &str) -> Result<(), Fail> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if name.chars().count() > NAME_MAX {
        return Err(Fail::Invalid(format!(
            "invalid parameter instanceServiceName: at most {NAME_MAX} characters"
        )));
    }
    if !name.chars().all(allowed) {
        return Err(Fail::Invalid(
            "invalid parameter instanceServiceName: only letters, digits, _ and - are allowed"
                .into(),
        ));
    }
    Ok(())
}

/// `unlimited`, or `HH:MM:SS`: two or more hour digits, then two minute and
/// two second digits below 60 (SCNet "Open API 2.0 — container: create").
pub fn is_timeout_limit(text: &str) -> bool {
    if text == UNLIMITED {
        return true;
    }
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let below_60 = |p: &str| p.len() == 2 && digits(p) && p.parse::<u8>().is_ok_and(|n| n < 60);
    let parts: Vec<&str> = text.split(':').collect();
    match parts[..] {
        [h, m, s] => h.len() >= 2 && digits(h) && below_60(m) && below_60(s),
        _ => false,
    }
}

fn build_from_request(
    obj: &Map<String, Value>,
    id: &str,
    header_id: &str,
    now: u64,
    status: &str,
) -> Result<Value, Fail> {
    let name = str_field(obj, "instanceServiceName")?
        .ok_or_else(|| Fail::Missing("missing parameter instanceServiceName".into()))?;
    check_name(name)?;
    let task_type = str_field(obj, "taskType")?
        .ok_or_else(|| Fail::Missing("missing parameter taskType".into()))?;
    if !TASK_TYPES.contains(&task_type) {
        return Err(Fail::Invalid(format!(
            "invalid parameter taskType: {task_type} (ssh, jupyter, codeserver or rstudio)"
        )));
    }
    let cpu = int_field(obj, "cpuNumber", 1)?
        .ok_or_else(|| Fail::Missing("missing parameter cpuNumber".into()))?;
    let gpu = int_field(obj, "gpuNumber", 0)?.unwrap_or(0);
    let ram = int_field(obj, "ramSize", 1)?
        .ok_or_else(|| Fail::Missing("missing parameter ramSize".into()))?;
    let image = str_field(obj, "imagePath")?
        .ok_or_else(|| Fail::Missing("missing parameter imagePath".into()))?;
    let task_number = int_field(obj, "taskNumber", 1)?.unwrap_or(1);
    let accelerator = str_field(obj, "acceleratorType")?
        .unwrap_or(if gpu > 0 { "gpu" } else { "cpu" })
        .to_string();
    let version = match str_field(obj, "version")? {
        Some(v) => v.to_string(),
        None => image.rsplit('/').next().unwrap_or(image).to_string(),
    };
    let group = str_field(obj, "resourceGroup")?
        .unwrap_or(if gpu > 0 { "TeslaM40" } else { "CPU" })
        .to_string();
    let timeout = match obj.get("timeoutLimit") {
        None | Some(Value::Null) => UNLIMITED.to_string(),
        Some(Value::String(t)) if is_timeout_limit(t) => t.clone(),
        Some(other) => {
            return Err(Fail::Invalid(format!(
                "invalid parameter timeoutLimit: {other} (HH:MM:SS or unlimited)"
            )))
        }
    };
    let use_script = match obj.get("useStartScript") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Fail::Invalid(
                "invalid parameter useStartScript: a boolean expected".into(),
            ))
        }
    };
    let scope = str_field(obj, "startScriptActionScope")?.unwrap_or("all");
    let script = str_field(obj, "startScriptContent")?.unwrap_or("");
    let description = str_field(obj, "description")?.unwrap_or("");
    Ok(json!({
        "id": id,
        "headerNotebookId": header_id,
        "instanceServiceName": name,
        "currentIndex": 1,
        "gpuNumber": gpu,
        "cpuNumber": cpu,
        "ramSize": ram,
        "acceleratorType": accelerator,
        "resourceGroup": group,
        "resourceSpec": format!("{cpu} 核心; {gpu} 加速器; {:.1}G 内存", ram as f64 / 1024.0),
        "taskNumber": task_number,
        "timeoutLimit": timeout,
        "userName": "demo",
        "version": version,
        "imagePath": image,
        "status": status,
        "taskType": task_type,
        "description": description,
        "createTime": clock::scnet_time(now),
        "startTime": null,
        "endTime": null,
        "duration": "--",
        "remainingTime": "--",
        "tensorboardId": null,
        "tensorboardPath": null,
        "mountInfoList": null,
        "containerPortInfoList": null,
        "useStartScript": use_script,
        "startScriptContent": script,
        "startScriptPath": null,
        "startScriptActionScope": scope,
        "headerNotebookIp": null
    }))
}

/// Builds an instance the way create would (used by the generator).
pub fn build(world: &mut World, body: &Value, now: u64, status: &str) -> Option<Value> {
    let id = world.hex(32);
    let header = world.hex(32);
    build_from_request(body.as_object()?, &id, &header, now, status).ok()
}

fn create(world: &mut World, req: &ApiRequest, now: u64, transition_ms: u64) -> Response {
    let body = match req.json_body() {
        Ok(Some(Value::Object(m))) => m,
        Ok(None) => return missing("missing request body"),
        Ok(Some(_)) | Err(_) => return invalid("invalid request body"),
    };
    let id = world.hex(32);
    let header = world.hex(32);
    match build_from_request(&body, &id, &header, now, "Waiting") {
        Ok(value) => {
            let mut stored = Stored::new(value);
            lifecycle::begin(
                P,
                &mut stored,
                now,
                transition_ms,
                "Waiting",
                &[Next::Status("Deploying"), Next::Status("Running")],
            );
            world.scnet.push(stored);
            // "container: create": the new instance's ID, as a string.
            success(json!(id))
        }
        Err(Fail::Missing(m)) => missing(m),
        Err(Fail::Invalid(m)) => invalid(m),
    }
}

/// Why `targets` found nothing to act on.
enum Missed {
    Parameter(String),
    Instance,
}

impl Missed {
    fn answer(self) -> Response {
        match self {
            Missed::Parameter(m) => missing(m),
            Missed::Instance => not_found(),
        }
    }
}

/// The ids a query parameter names: repeated (`ids=a&ids=b`, as the delete
/// page documents) or comma-separated.
fn req_ids(req: &ApiRequest, key: &str) -> Vec<String> {
    req.query
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Indices of the instances named by a query parameter.
fn targets(world: &World, req: &ApiRequest, key: &str) -> Result<Vec<usize>, Missed> {
    let ids = req_ids(req, key);
    if ids.is_empty() {
        return Err(Missed::Parameter(format!("missing parameter {key}")));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for id in &ids {
        let index = world.find(P, id).ok_or(Missed::Instance)?;
        if seen.insert(index) {
            out.push(index);
        }
    }
    Ok(out)
}

fn restart(world: &mut World, req: &ApiRequest, now: u64, transition_ms: u64) -> Response {
    let indices = match targets(world, req, "instanceServiceId") {
        Ok(i) => i,
        Err(m) => return m.answer(),
    };
    for &i in &indices {
        let status = world.scnet[i].str_field("status").to_string();
        if !RESTARTABLE.contains(&status.as_str()) {
            return invalid(format!(
                "instance service cannot be restarted in status {status}"
            ));
        }
    }
    for i in indices {
        lifecycle::begin(
            P,
            &mut world.scnet[i],
            now,
            transition_ms,
            "Deploying",
            &[Next::Status("Running")],
        );
    }
    // "container: restart" answers the instance's ID.
    let ids: Vec<Value> = req_ids(req, "instanceServiceId")
        .into_iter()
        .map(Value::String)
        .collect();
    success(match ids.as_slice() {
        [one] => one.clone(),
        _ => Value::Array(ids),
    })
}

fn stop(world: &mut World, req: &ApiRequest, now: u64) -> Response {
    let indices = match targets(world, req, "ids") {
        Ok(i) => i,
        Err(m) => return m.answer(),
    };
    for &i in &indices {
        let status = world.scnet[i].str_field("status").to_string();
        if !STOPPABLE.contains(&status.as_str()) {
            return invalid(format!(
                "instance service cannot be stopped in status {status}"
            ));
        }
    }
    for i in indices {
        lifecycle::begin(P, &mut world.scnet[i], now, 0, "Terminated", &[]);
    }
    success(Value::Null)
}

fn delete(world: &mut World, req: &ApiRequest) -> Response {
    let mut indices = match targets(world, req, "ids") {
        Ok(i) => i,
        Err(m) => return m.answer(),
    };
    indices.sort_unstable();
    for i in indices.into_iter().rev() {
        world.scnet.remove(i);
    }
    success(Value::Null)
}
