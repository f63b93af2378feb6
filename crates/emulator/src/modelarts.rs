//! Huawei Cloud ModelArts DevEnviron `demanager` v1: list, create, detail,
//! update, delete and actions of notebook instances, with the service's
//! own validation rules and `{"error_code", "error_message"}` errors.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use devenv_core::providers::modelarts::{codes, status};

use crate::catalog;
use crate::lifecycle::{self, Next};
use crate::state::{Provider, Stored, World};
use crate::{json_response, text, ApiRequest};

const P: Provider = Provider::ModelArts;

/// Statuses in which another operation is still going on.
const IN_PROGRESS: &[&str] = &[
    "CREATE_QUEUING",
    "START_QUEUING",
    "READY_TO_START",
    "CREATING",
    "STARTING",
    "RESTARTING",
    "STOPPING",
    "RESIZING",
];

/// Queued statuses a `dequeue` leaves.
const QUEUED: &[&str] = &["CREATE_QUEUING", "START_QUEUING", "READY_TO_START"];

/// An error answer: `{"error_code": code, "error_message": message}`.
pub fn error(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(
        status,
        &json!({ "error_code": code, "error_message": message }),
    )
}

/// A rule broken: the code without its `ModelArts.` prefix and the message.
type Fail = (&'static str, String);

/// A documented code with its documented message, the `{}` filled in with
/// `values` (the table the console explains the same codes from).
fn doc(number: &'static str, values: &[&str]) -> Fail {
    (number, codes::get(number).message_with(values))
}

/// The answer for a broken rule, with the status the code is documented with
/// (HTTP 400 for every `ModelArts.63xx`).
fn answer_fail(_status: StatusCode, fail: Fail) -> Response {
    let status =
        StatusCode::from_u16(codes::get(fail.0).http_status).unwrap_or(StatusCode::BAD_REQUEST);
    error(status, &format!("ModelArts.{}", fail.0), &fail.1)
}

/// The documented answer for code `number`.
fn documented(number: &'static str, values: &[&str]) -> Response {
    answer_fail(StatusCode::BAD_REQUEST, doc(number, values))
}

/// `ModelArts.6309` "The instance does not exist.", answered with HTTP 400
/// like every 63xx code (not 404).
fn not_found() -> Response {
    documented("6309", &[])
}

/// Routes a request below `/proxy/modelarts`.
pub fn handle(world: &mut World, req: &ApiRequest, now: u64, transition_ms: u64) -> Response {
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    match (&req.method, segs.as_slice()) {
        (&Method::GET, ["v1", _, "demanager", "instances"]) => list(world, req),
        (&Method::POST, ["v1", _, "demanager", "instances"]) => {
            create(world, req, now, transition_ms)
        }
        (&Method::GET, ["v1", _, "demanager", "instances", id]) => match world.find(P, id) {
            Some(i) => json_response(StatusCode::OK, &world.modelarts[i].value),
            None => not_found(),
        },
        (&Method::PUT, ["v1", _, "demanager", "instances", id]) => update(world, req, id, now),
        (&Method::DELETE, ["v1", _, "demanager", "instances", id]) => delete(world, id),
        (&Method::POST, ["v1", _, "demanager", "instances", id, "action"]) => {
            action(world, req, id, now, transition_ms)
        }
        _ => error(
            StatusCode::NOT_FOUND,
            "ModelArts.0105",
            "The requested API does not exist.",
        ),
    }
}

fn list(world: &World, req: &ApiRequest) -> Response {
    match list_inner(world, req) {
        Ok(v) => json_response(StatusCode::OK, &v),
        Err(f) => answer_fail(StatusCode::BAD_REQUEST, f),
    }
}

fn parse_count(req: &ApiRequest, key: &str) -> Result<usize, Fail> {
    match req.q(key) {
        None | Some("") => Ok(0),
        Some(v) => v.parse::<usize>().map_err(|_| doc("6336", &[key])),
    }
}

fn list_inner(world: &World, req: &ApiRequest) -> Result<Value, Fail> {
    match req.q("de_type") {
        None | Some("") => return Err(doc("6335", &["de_type"])),
        Some("Notebook") => {}
        Some(_) => return Err(doc("6336", &["de_type"])),
    }
    if let Some(p) = req.q("provision_type") {
        if !p.is_empty() && p != "Docker" {
            return Err(doc("6336", &["provision_type"]));
        }
    }
    let by_name = match req.q("sortby") {
        None | Some("") | Some("name") => true,
        Some("creation_timestamp") => false,
        Some(_) => return Err(doc("6336", &["sortby"])),
    };
    let descending = match req.q("order") {
        None | Some("") | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(doc("6336", &["order"])),
    };
    if let Some(v) = req.q("show_self") {
        if !v.is_empty() && !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
            return Err(doc("6336", &["show_self"]));
        }
    }
    let offset = parse_count(req, "offset")?;
    let limit = parse_count(req, "limit")?;
    let status = req.q("status").filter(|s| !s.is_empty());
    let workspace = req.q("workspace_id").filter(|s| !s.is_empty());
    let pool = req.q("pool_id").filter(|s| !s.is_empty());
    let ai_project = req.q("ai_project").filter(|s| !s.is_empty());

    let ptr = |v: &Value, p: &str| -> Option<String> {
        v.pointer(p).and_then(Value::as_str).map(str::to_string)
    };
    let mut matches: Vec<&Value> = world
        .modelarts
        .iter()
        .map(|s| &s.value)
        .filter(|v| status.is_none_or(|s| v.get("status").and_then(Value::as_str) == Some(s)))
        .filter(|v| workspace.is_none_or(|w| ptr(v, "/workspace/id").as_deref() == Some(w)))
        .filter(|v| pool.is_none_or(|p| ptr(v, "/pool/id").as_deref() == Some(p)))
        .filter(|v| ai_project.is_none_or(|a| ptr(v, "/ai_project/id").as_deref() == Some(a)))
        .collect();
    let created = |v: &Value| -> u64 {
        match v.get("creation_timestamp") {
            Some(Value::String(s)) => s.parse().unwrap_or(0),
            Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
            _ => 0,
        }
    };
    matches.sort_by(|a, b| {
        let primary = if by_name {
            text(a, "name").cmp(text(b, "name"))
        } else {
            created(a).cmp(&created(b))
        };
        let ord = primary.then_with(|| text(a, "id").cmp(text(b, "id")));
        if descending {
            ord.reverse()
        } else {
            ord
        }
    });
    let total = matches.len();
    let take = if limit == 0 { usize::MAX } else { limit };
    let page: Vec<Value> = matches
        .into_iter()
        .skip(offset)
        .take(take)
        .cloned()
        .collect();
    Ok(json!({ "total_count": total, "instances": page }))
}

fn body_object(req: &ApiRequest) -> Result<Map<String, Value>, Fail> {
    match req.json_body() {
        Ok(Some(Value::Object(m))) => Ok(m),
        Ok(None) => Err(doc("6335", &["body"])),
        Ok(Some(_)) => Err(doc("6336", &["body"])),
        Err(_) => Err(doc("6336", &["body"])),
    }
}

/// A field that must be a string when present (`null` counts as absent).
fn opt_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, Fail> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(doc("6336", &[key])),
    }
}

fn opt_obj<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, Fail> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(doc("6336", &[key])),
    }
}

fn check_description(description: Option<&str>) -> Result<(), Fail> {
    if let Some(d) = description {
        if d.chars().count() > 512 {
            return Err(doc("6336", &["description"]));
        }
        if let Some(c) = d.chars().find(|c| "&<>\"'/".contains(*c)) {
            return Err(doc("6334", &[&c.to_string()]));
        }
    }
    Ok(())
}

/// Auto-stop rules: 6348 duration required when enabled, 6349 duration
/// outside 3600–86400 s, 6336 a value of the wrong type.
fn check_auto_stop(auto_stop: &Map<String, Value>) -> Result<(), Fail> {
    let enable = match auto_stop.get("enable") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(doc("6336", &["auto_stop.enable"])),
    };
    if let Some(p) = auto_stop.get("prompt") {
        if !p.is_null() && !p.is_boolean() {
            return Err(doc("6336", &["auto_stop.prompt"]));
        }
    }
    match auto_stop.get("duration") {
        None | Some(Value::Null) => {
            if enable {
                return Err(doc("6348", &[]));
            }
        }
        Some(Value::Number(n)) => match n.as_i64() {
            Some(d) if !(3600..=86400).contains(&d) => return Err(doc("6349", &["3600", "86400"])),
            Some(_) => {}
            None => return Err(doc("6336", &["auto_stop.duration"])),
        },
        Some(_) => return Err(doc("6336", &["auto_stop.duration"])),
    }
    Ok(())
}

fn check_storage(storage: &Map<String, Value>) -> Result<Value, Fail> {
    let kind = opt_str(storage, "type")?.ok_or_else(|| doc("6335", &["spec.storage.type"]))?;
    let location = opt_obj(storage, "location")?;
    let path = match location {
        Some(l) => opt_str(l, "path")?,
        None => None,
    };
    match kind {
        "obs" => {
            let path = path
                .filter(|p| !p.is_empty())
                .ok_or_else(|| doc("6317", &[]))?;
            if !path.ends_with('/') {
                return Err(doc("6318", &[]));
            }
            let inner = path.strip_prefix("obs://").unwrap_or(path);
            if inner.split('/').filter(|s| !s.is_empty()).count() < 2 {
                return Err(doc("6358", &[]));
            }
            Ok(json!({ "location": { "path": path }, "type": "obs" }))
        }
        "obsfs" => {
            let path = path
                .filter(|p| !p.is_empty())
                .ok_or_else(|| doc("6317", &[]))?;
            let mut loc = location.cloned().unwrap_or_default();
            loc.insert("path".into(), json!(path));
            loc.entry("mount_path")
                .or_insert_with(|| json!("/home/ma-user/work"));
            loc.entry("access_modes")
                .or_insert_with(|| json!("ReadWriteMany"));
            Ok(json!({ "location": loc, "type": "obsfs" }))
        }
        "evs" => {
            let size = match location.and_then(|l| l.get("volume_size")) {
                None | Some(Value::Null) => 5,
                Some(v) => match v.as_i64() {
                    Some(n) if (5..=4096).contains(&n) => n,
                    _ => return Err(doc("6331", &["5", "4096"])),
                },
            };
            Ok(json!({
                "location": { "path": "/home/ma-user/work", "volume_size": size },
                "type": "evs"
            }))
        }
        _ => Err(doc("6324", &[])),
    }
}

/// Checks a create request against the service's rules; answers the new
/// instance object (status `status`) when it passes.
fn build_from_request(
    body: &Map<String, Value>,
    id: &str,
    now: u64,
    status: &str,
) -> Result<Value, Fail> {
    let name = opt_str(body, "name")?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| doc("6335", &["name"]))?;
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(doc("6334", &[&c.to_string()]));
    }
    if name.chars().count() > 64 {
        return Err(doc("6336", &["name"]));
    }
    let description = opt_str(body, "description")?;
    check_description(description)?;
    let profile_id = opt_str(body, "profile_id")?
        .filter(|p| !p.is_empty())
        .ok_or_else(|| doc("6335", &["profile_id"]))?;
    let profile =
        catalog::modelarts_profile(profile_id).ok_or_else(|| doc("6336", &["profile_id"]))?;
    let flavor_name = opt_str(body, "flavor")?
        .filter(|f| !f.is_empty())
        .ok_or_else(|| doc("6335", &["flavor"]))?;
    let flavor = catalog::modelarts_flavor(flavor_name).ok_or_else(|| doc("6323", &[]))?;
    let spec = opt_obj(body, "spec")?;
    let storage = spec
        .map(|s| opt_obj(s, "storage"))
        .transpose()?
        .flatten()
        .ok_or_else(|| doc("6316", &[]))?;
    let storage = check_storage(storage)?;
    let auto_stop = match spec.map(|s| opt_obj(s, "auto_stop")).transpose()?.flatten() {
        Some(a) => {
            check_auto_stop(a)?;
            let mut out = Map::new();
            out.insert(
                "duration".into(),
                a.get("duration").cloned().unwrap_or(json!(3600)),
            );
            out.insert(
                "enable".into(),
                a.get("enable").cloned().unwrap_or(json!(false)),
            );
            out.insert(
                "prompt".into(),
                a.get("prompt").cloned().unwrap_or(json!(true)),
            );
            Value::Object(out)
        }
        None => json!({ "enable": false }),
    };
    let workspace = match opt_obj(body, "workspace")? {
        Some(w) => opt_str(w, "id")?.unwrap_or("0"),
        None => "0",
    };
    let now_s = now.to_string();
    Ok(json!({
        "ai_project": { "id": "default-ai-project" },
        "creation_timestamp": now_s,
        "description": description.unwrap_or(""),
        "flavor": flavor.name,
        "flavor_details": (flavor.details)(),
        "id": id,
        "latest_update_timestamp": now_s,
        "name": name,
        "profile": (profile.object)(),
        "spec": {
            "annotations": {
                "target_domain": "https://notebook-modelarts.cn-north-4.example.com",
                "url": format!("https://notebook-modelarts.cn-north-4.example.com/modelarts/hub/notebook/user/{id}")
            },
            "auto_stop": auto_stop,
            "extend_params": null,
            "extend_storage": null,
            "failed_reasons": null,
            "repository": null,
            "storage": storage
        },
        "status": status,
        "user": { "id": "15dda26361214ca2a5953917d2f48ffb", "name": "ops_dev_env" },
        "workspace": { "id": workspace }
    }))
}

/// A new instance id like `DE-7d558ef8-c73d-11ea-964c-0255ac100033`.
pub fn new_id(world: &mut World) -> String {
    format!(
        "DE-{}-{}-11ee-{}-0255ac10{}",
        world.hex(8),
        world.hex(4),
        world.hex(4),
        world.hex(4)
    )
}

/// Builds an instance the way create would (used by the generator).
pub fn build(body: &Value, id: &str, now: u64, status: &str) -> Option<Value> {
    let obj = body.as_object()?;
    build_from_request(obj, id, now, status).ok()
}

fn create(world: &mut World, req: &ApiRequest, now: u64, transition_ms: u64) -> Response {
    let body = match body_object(req) {
        Ok(b) => b,
        Err(f) => return answer_fail(StatusCode::BAD_REQUEST, f),
    };
    let id = new_id(world);
    match build_from_request(&body, &id, now, "CREATING") {
        Ok(value) => {
            let name = text(&value, "name");
            if world.modelarts.iter().any(|s| s.str_field("name") == name) {
                return documented("6301", &[]);
            }
            let mut stored = Stored::new(value);
            lifecycle::begin(
                P,
                &mut stored,
                now,
                transition_ms,
                "CREATING",
                &[Next::Status("RUNNING")],
            );
            let answer = stored.value.clone();
            world.modelarts.push(stored);
            json_response(StatusCode::OK, &answer)
        }
        Err(f) => answer_fail(StatusCode::BAD_REQUEST, f),
    }
}

/// What an update changes: the description and the auto-stop fields.
type UpdateFields = (Option<String>, Option<Map<String, Value>>);

fn update(world: &mut World, req: &ApiRequest, id: &str, now: u64) -> Response {
    let Some(index) = world.find(P, id) else {
        return not_found();
    };
    let body = match body_object(req) {
        Ok(b) => b,
        Err(f) => return answer_fail(StatusCode::BAD_REQUEST, f),
    };
    let checked = (|| -> Result<UpdateFields, Fail> {
        for key in body.keys() {
            if key != "description" && key != "spec" {
                return Err(doc("6336", &[key]));
            }
        }
        let description = opt_str(&body, "description")?;
        check_description(description)?;
        let auto_stop = match opt_obj(&body, "spec")? {
            Some(spec) => {
                for key in spec.keys() {
                    if key != "auto_stop" {
                        return Err(doc("6336", &[&format!("spec.{key}")]));
                    }
                }
                opt_obj(spec, "auto_stop")?.cloned()
            }
            None => None,
        };
        Ok((description.map(str::to_string), auto_stop))
    })();
    let (description, auto_stop) = match checked {
        Ok(c) => c,
        Err(f) => return answer_fail(StatusCode::BAD_REQUEST, f),
    };
    // The merged auto-stop must satisfy the rules as a whole.
    let stored = &mut world.modelarts[index];
    let status = stored.str_field("status").to_string();
    if auto_stop.is_some() && IN_PROGRESS.contains(&status.as_str()) {
        return documented("6347", &[&status, "auto_stop"]);
    }
    let running_countdown: Vec<(String, Value)> = stored
        .value
        .pointer("/spec/auto_stop")
        .and_then(Value::as_object)
        .map(|a| {
            ["stop_timestamp", "remain_time"]
                .iter()
                .filter_map(|k| a.get(*k).map(|v| ((*k).to_string(), v.clone())))
                .collect()
        })
        .unwrap_or_default();
    let merged = auto_stop.map(|changes| {
        let mut current = stored
            .value
            .pointer("/spec/auto_stop")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        current.remove("stop_timestamp");
        current.remove("remain_time");
        for (k, v) in changes {
            current.insert(k, v);
        }
        current
    });
    if let Some(m) = &merged {
        if let Err(f) = check_auto_stop(m) {
            return answer_fail(StatusCode::BAD_REQUEST, f);
        }
    }
    let Some(obj) = stored.value.as_object_mut() else {
        return not_found();
    };
    if let Some(d) = description {
        obj.insert("description".into(), json!(d));
    }
    if let Some(m) = merged {
        let spec = obj.entry("spec").or_insert_with(|| json!({}));
        if !spec.is_object() {
            *spec = json!({});
        }
        if let Some(spec) = spec.as_object_mut() {
            spec.insert("auto_stop".into(), Value::Object(m));
        }
        // 更新开发环境实例信息: a change on a running instance applies from
        // its next start; the current countdown goes on as it was.
        if stored.str_field("status") == "RUNNING" {
            if let Some(a) = stored
                .value
                .pointer_mut("/spec/auto_stop")
                .and_then(Value::as_object_mut)
            {
                for (key, value) in &running_countdown {
                    a.insert(key.clone(), value.clone());
                }
            }
            stored.managed = true;
        }
    }
    if let Some(obj) = stored.value.as_object_mut() {
        obj.insert("latest_update_timestamp".into(), json!(now.to_string()));
    }
    json_response(StatusCode::OK, &stored.value)
}

fn delete(world: &mut World, id: &str) -> Response {
    let Some(index) = world.find(P, id) else {
        return not_found();
    };
    let status = world.modelarts[index].str_field("status").to_string();
    if status == "RUNNING" {
        return documented("6304", &[]);
    }
    if IN_PROGRESS.contains(&status.as_str()) && !QUEUED.contains(&status.as_str()) {
        return in_progress(&status);
    }
    world.modelarts.remove(index);
    json_response(StatusCode::OK, &json!({ "instance_id": id }))
}

fn in_progress(_status: &str) -> Response {
    documented("6357", &[])
}

fn action(world: &mut World, req: &ApiRequest, id: &str, now: u64, transition_ms: u64) -> Response {
    let Some(index) = world.find(P, id) else {
        return not_found();
    };
    let body = match body_object(req) {
        Ok(b) => b,
        Err(f) => return answer_fail(StatusCode::BAD_REQUEST, f),
    };
    let action = match opt_str(&body, "action") {
        Ok(Some(a)) => a.to_string(),
        Ok(None) => return answer_fail(StatusCode::BAD_REQUEST, doc("6335", &["action"])),
        Err(f) => return answer_fail(StatusCode::BAD_REQUEST, f),
    };
    let stored = &mut world.modelarts[index];
    let previous = stored.str_field("status").to_string();
    let prev = previous.as_str();
    let fail = |number: &'static str| documented(number, &[]);
    match action.as_str() {
        "start" => match prev {
            "RUNNING" => return fail("6305"),
            "STARTING" => return fail("6306"),
            s if IN_PROGRESS.contains(&s) => return in_progress(s),
            _ => lifecycle::begin(
                P,
                stored,
                now,
                transition_ms,
                "STARTING",
                &[Next::Status("RUNNING")],
            ),
        },
        "stop" => match prev {
            "STOPPED" => return fail("6307"),
            "STOPPING" => return fail("6308"),
            s if IN_PROGRESS.contains(&s) => return in_progress(s),
            "RUNNING" | "START_FAILED" | "UNAVAILABLE" | "RESIZE_FAILED" => lifecycle::begin(
                P,
                stored,
                now,
                transition_ms,
                "STOPPING",
                &[Next::Status("STOPPED")],
            ),
            _ => return fail("6327"),
        },
        "restart" => match prev {
            "RUNNING" => lifecycle::begin(
                P,
                stored,
                now,
                transition_ms,
                "RESTARTING",
                &[Next::Status("RUNNING")],
            ),
            _ => return fail("6327"),
        },
        "queue" | "dequeue" => {
            // Queue and dequeue are for free flavors only (管理开发环境实例).
            let free = status::is_free_flavor(
                stored.str_field("flavor"),
                stored
                    .value
                    .pointer("/flavor_details/promo_type")
                    .and_then(Value::as_str),
            );
            if !free {
                return documented("6336", &["action"]);
            }
            if action == "dequeue" && QUEUED.contains(&prev) {
                lifecycle::begin(P, stored, now, transition_ms, "STOPPED", &[]);
            } else if action == "queue" && prev == "STOPPED" {
                lifecycle::begin(P, stored, now, transition_ms, "START_QUEUING", &[]);
            } else if IN_PROGRESS.contains(&prev) {
                return in_progress(prev);
            } else {
                return documented("6336", &["action"]);
            }
        }
        _ => return documented("6336", &["action"]),
    }
    let current = stored.str_field("status").to_string();
    json_response(
        StatusCode::OK,
        &json!({ "current_status": current, "previous_state": previous }),
    )
}
