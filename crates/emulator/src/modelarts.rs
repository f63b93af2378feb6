//! Huawei Cloud ModelArts DevEnviron `demanager` v1: list, create, detail,
//! update, delete and actions of notebook instances, with the service's
//! own validation rules and `{"error_code", "error_message"}` errors.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

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

fn bad(code: &'static str, message: impl Into<String>) -> Fail {
    (code, message.into())
}

fn answer_fail(status: StatusCode, fail: Fail) -> Response {
    error(status, &format!("ModelArts.{}", fail.0), &fail.1)
}

fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "ModelArts.6309",
        "The instance does not exist.",
    )
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
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| bad("6336", format!("The param {key} is invalid."))),
    }
}

fn list_inner(world: &World, req: &ApiRequest) -> Result<Value, Fail> {
    match req.q("de_type") {
        None | Some("") => return Err(bad("6335", "The param de_type is required.")),
        Some("Notebook") => {}
        Some(_) => {
            return Err(bad(
                "6336",
                "The param de_type is invalid, only Notebook is supported.",
            ))
        }
    }
    if let Some(p) = req.q("provision_type") {
        if !p.is_empty() && p != "Docker" {
            return Err(bad(
                "6336",
                "The param provision_type is invalid, only Docker is supported.",
            ));
        }
    }
    let by_name = match req.q("sortby") {
        None | Some("") | Some("name") => true,
        Some("creation_timestamp") => false,
        Some(_) => {
            return Err(bad(
                "6336",
                "The param sortby is invalid, name or creation_timestamp expected.",
            ))
        }
    };
    let descending = match req.q("order") {
        None | Some("") | Some("asc") => false,
        Some("desc") => true,
        Some(_) => {
            return Err(bad(
                "6336",
                "The param order is invalid, asc or desc expected.",
            ))
        }
    };
    if let Some(v) = req.q("show_self") {
        if !v.is_empty() && !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
            return Err(bad("6336", "The param show_self is invalid."));
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
        Ok(None) => Err(bad("6335", "The request body is required.")),
        Ok(Some(_)) => Err(bad("6336", "The request body must be a JSON object.")),
        Err(_) => Err(bad("6336", "The request body is not valid JSON.")),
    }
}

/// A field that must be a string when present (`null` counts as absent).
fn opt_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, Fail> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(bad("6336", format!("The param {key} must be a string."))),
    }
}

fn opt_obj<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a Map<String, Value>>, Fail> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(bad("6336", format!("The param {key} must be an object."))),
    }
}

fn check_description(description: Option<&str>) -> Result<(), Fail> {
    if let Some(d) = description {
        if d.chars().count() > 512 {
            return Err(bad("6334", "The param description exceeds 512 characters."));
        }
        if d.chars().any(|c| "&<>\"'/".contains(c)) {
            return Err(bad(
                "6334",
                "The param description contains illegal characters (& < > \" ' /).",
            ));
        }
    }
    Ok(())
}

/// Auto-stop rules: 6346 duration required when enabled, 6347 below 3600,
/// 6348 above 86400, 6349 wrong type.
fn check_auto_stop(auto_stop: &Map<String, Value>) -> Result<(), Fail> {
    let enable = match auto_stop.get("enable") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad("6349", "The param auto_stop.enable must be a boolean.")),
    };
    if let Some(p) = auto_stop.get("prompt") {
        if !p.is_null() && !p.is_boolean() {
            return Err(bad("6349", "The param auto_stop.prompt must be a boolean."));
        }
    }
    match auto_stop.get("duration") {
        None | Some(Value::Null) => {
            if enable {
                return Err(bad(
                    "6346",
                    "The param auto_stop.duration is required when auto_stop is enabled.",
                ));
            }
        }
        Some(Value::Number(n)) => match n.as_i64() {
            Some(d) if d < 3600 => {
                return Err(bad(
                    "6347",
                    "The param auto_stop.duration must be at least 3600 seconds.",
                ))
            }
            Some(d) if d > 86400 => {
                return Err(bad(
                    "6348",
                    "The param auto_stop.duration must be at most 86400 seconds.",
                ))
            }
            Some(_) => {}
            None => {
                return Err(bad(
                    "6349",
                    "The param auto_stop.duration must be an integer.",
                ))
            }
        },
        Some(_) => {
            return Err(bad(
                "6349",
                "The param auto_stop.duration must be an integer.",
            ))
        }
    }
    Ok(())
}

fn check_storage(storage: &Map<String, Value>) -> Result<Value, Fail> {
    let kind = opt_str(storage, "type")?
        .ok_or_else(|| bad("6335", "The param spec.storage.type is required."))?;
    let location = opt_obj(storage, "location")?;
    let path = match location {
        Some(l) => opt_str(l, "path")?,
        None => None,
    };
    match kind {
        "obs" => {
            let path = path
                .filter(|p| !p.is_empty())
                .ok_or_else(|| bad("6317", "The param path is required."))?;
            if !path.ends_with('/') {
                return Err(bad("6318", "The param path needs to end with /."));
            }
            let inner = path.strip_prefix("obs://").unwrap_or(path);
            if inner.split('/').filter(|s| !s.is_empty()).count() < 2 {
                return Err(bad(
                    "6358",
                    "The OBS path must not be the root directory of a bucket.",
                ));
            }
            Ok(json!({ "location": { "path": path }, "type": "obs" }))
        }
        "obsfs" => {
            let path = path
                .filter(|p| !p.is_empty())
                .ok_or_else(|| bad("6317", "The param path is required."))?;
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
                    _ => {
                        return Err(bad(
                            "6331",
                            "The EVS volume_size must be an integer from 5 to 4096 GB.",
                        ))
                    }
                },
            };
            Ok(json!({
                "location": { "path": "/home/ma-user/work", "volume_size": size },
                "type": "evs"
            }))
        }
        other => Err(bad(
            "6324",
            format!("The storage type {other} is not supported, obs, evs or obsfs expected."),
        )),
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
        .ok_or_else(|| bad("6335", "The param name is required."))?;
    if name.chars().count() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad(
            "6334",
            "The param name contains illegal characters: at most 64 letters, digits, - and _.",
        ));
    }
    let description = opt_str(body, "description")?;
    check_description(description)?;
    let profile_id = opt_str(body, "profile_id")?
        .filter(|p| !p.is_empty())
        .ok_or_else(|| bad("6335", "The param profile_id is required."))?;
    let profile = catalog::modelarts_profile(profile_id).ok_or_else(|| {
        bad(
            "6336",
            format!("The param profile_id {profile_id} is wrong."),
        )
    })?;
    let flavor_name = opt_str(body, "flavor")?
        .filter(|f| !f.is_empty())
        .ok_or_else(|| bad("6335", "The param flavor is required."))?;
    let flavor = catalog::modelarts_flavor(flavor_name).ok_or_else(|| {
        bad(
            "6323",
            format!("The flavor {flavor_name} is not supported."),
        )
    })?;
    let spec = opt_obj(body, "spec")?;
    let storage = spec
        .map(|s| opt_obj(s, "storage"))
        .transpose()?
        .flatten()
        .ok_or_else(|| bad("6316", "The param spec.storage is required."))?;
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
                return error(
                    StatusCode::BAD_REQUEST,
                    "ModelArts.6301",
                    &format!("The instance name {name} already exists."),
                );
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
                return Err(bad(
                    "6336",
                    format!("The param {key} cannot be updated: only description and spec.auto_stop can."),
                ));
            }
        }
        let description = opt_str(&body, "description")?;
        check_description(description)?;
        let auto_stop = match opt_obj(&body, "spec")? {
            Some(spec) => {
                for key in spec.keys() {
                    if key != "auto_stop" {
                        return Err(bad(
                            "6336",
                            format!(
                                "The param spec.{key} cannot be updated: only spec.auto_stop can."
                            ),
                        ));
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
        if stored.str_field("status") == "RUNNING" {
            lifecycle::refresh_auto_stop(&mut stored.value, now);
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
        return error(
            StatusCode::BAD_REQUEST,
            "ModelArts.6304",
            "The instance is running; stop it before deleting it.",
        );
    }
    if IN_PROGRESS.contains(&status.as_str()) && !QUEUED.contains(&status.as_str()) {
        return in_progress(&status);
    }
    world.modelarts.remove(index);
    json_response(StatusCode::OK, &json!({ "instance_id": id }))
}

fn in_progress(status: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "ModelArts.6357",
        &format!("Another operation is in progress on the instance (status {status})."),
    )
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
        Ok(None) => {
            return answer_fail(
                StatusCode::BAD_REQUEST,
                bad("6335", "The param action is required."),
            )
        }
        Err(f) => return answer_fail(StatusCode::BAD_REQUEST, f),
    };
    let stored = &mut world.modelarts[index];
    let previous = stored.str_field("status").to_string();
    let prev = previous.as_str();
    let fail = |code: &str, message: &str| error(StatusCode::BAD_REQUEST, code, message);
    match action.as_str() {
        "start" => match prev {
            "RUNNING" => return fail("ModelArts.6305", "The instance is already running."),
            "STARTING" => return fail("ModelArts.6306", "The instance is starting."),
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
            "STOPPED" => return fail("ModelArts.6307", "The instance is already stopped."),
            "STOPPING" => return fail("ModelArts.6308", "The instance is stopping."),
            s if IN_PROGRESS.contains(&s) => return in_progress(s),
            "RUNNING" | "START_FAILED" | "UNAVAILABLE" | "RESIZE_FAILED" => lifecycle::begin(
                P,
                stored,
                now,
                transition_ms,
                "STOPPING",
                &[Next::Status("STOPPED")],
            ),
            _ => return fail("ModelArts.6327", "The instance is not running."),
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
            _ => return fail("ModelArts.6327", "The instance is not running."),
        },
        "queue" | "dequeue" => {
            let free = stored
                .value
                .pointer("/flavor_details/promo_type")
                .and_then(Value::as_str)
                == Some("Free");
            if action == "dequeue" && QUEUED.contains(&prev) {
                lifecycle::begin(P, stored, now, transition_ms, "STOPPED", &[]);
            } else if action == "queue" && free && prev == "STOPPED" {
                lifecycle::begin(P, stored, now, transition_ms, "START_QUEUING", &[]);
            } else if !free && !QUEUED.contains(&prev) {
                return fail(
                    "ModelArts.6336",
                    "The actions queue and dequeue are only for free flavors.",
                );
            } else if IN_PROGRESS.contains(&prev) {
                return in_progress(prev);
            } else {
                return fail(
                    "ModelArts.6336",
                    &format!("The action {action} is not allowed in status {prev}."),
                );
            }
        }
        other => {
            return fail(
                "ModelArts.6336",
                &format!("The param action {other} is wrong: start, stop, restart, queue or dequeue expected."),
            )
        }
    }
    let current = stored.str_field("status").to_string();
    json_response(
        StatusCode::OK,
        &json!({ "current_status": current, "previous_state": previous }),
    )
}
