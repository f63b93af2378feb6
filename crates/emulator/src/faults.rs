//! Injected faults: armed through `POST /__emulator/faults`, each makes the
//! next `count` matching requests of one provider fail — with a status and
//! body, slowly, by dropping the connection, or with broken JSON. A fault
//! matches by `method`, `path_contains` and `action` (the operation's name,
//! see [`operation`]), each optional.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock;
use crate::pai_dsw;
use crate::state::{ErrorKind, Provider, Stored, World};

/// How a faulty request fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// Answer `status` (default 500) with `body` (default the provider's internal error).
    Status,
    /// Answer normally after `delay_ms` (default 2000).
    Slow,
    /// Drop the connection without answering.
    Close,
    /// Answer 200 with JSON that does not parse.
    Malformed,
    /// Before answering normally, add one new instance that sorts first
    /// (newest), as if someone created it between two page requests: offset
    /// paging then hands the instance at the page boundary out twice.
    Shift,
}

/// An armed fault, as posted to the control route.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    pub provider: String,
    #[serde(default = "one")]
    pub count: u64,
    pub kind: FaultKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_contains: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

/// ModelArts operation names (the rows of "开发环境（旧版）").
const MODELARTS_OPERATIONS: &[&str] = &["list", "create", "detail", "update", "delete", "action"];
/// SCNet operation names (the container pages).
const SCNET_OPERATIONS: &[&str] = &["list", "create", "detail", "restart", "stop", "delete"];

/// The names [`operation`] gives a provider's requests.
pub fn operations(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::ModelArts => MODELARTS_OPERATIONS,
        Provider::PaiDsw => pai_dsw::ACTIONS,
        Provider::Scnet => SCNET_OPERATIONS,
    }
}

/// The operation a provider request names: PAI-DSW's API names
/// (`x-acs-action`: `StopInstance`, `StopInstances`, `GetInstanceMetrics`
/// …), ModelArts' `list`, `create`, `detail`, `update`, `delete`, `action`,
/// SCNet's `list`, `create`, `detail`, `restart`, `stop`, `delete`. `None`
/// for a route the provider does not have. `segments` are the decoded path
/// segments after `/proxy/{provider}`.
pub fn operation(provider: Provider, method: &Method, segments: &[&str]) -> Option<&'static str> {
    match provider {
        Provider::PaiDsw => pai_dsw::action_name(method, segments),
        Provider::ModelArts => Some(match (method.as_str(), segments) {
            ("GET", ["v1", _, "demanager", "instances"]) => "list",
            ("POST", ["v1", _, "demanager", "instances"]) => "create",
            ("GET", ["v1", _, "demanager", "instances", _]) => "detail",
            ("PUT", ["v1", _, "demanager", "instances", _]) => "update",
            ("DELETE", ["v1", _, "demanager", "instances", _]) => "delete",
            ("POST", ["v1", _, "demanager", "instances", _, "action"]) => "action",
            _ => return None,
        }),
        Provider::Scnet => Some(match (method.as_str(), segments) {
            ("GET", ["ai", "openapi", "v2", "instance-service", "task"]) => "list",
            ("POST", ["ai", "openapi", "v2", "instance-service", "task"]) => "create",
            ("DELETE", ["ai", "openapi", "v2", "instance-service", "task"]) => "delete",
            ("POST", ["ai", "openapi", "v2", "instance-service", "task", "actions", "restart"]) => {
                "restart"
            }
            ("POST", ["ai", "openapi", "v2", "instance-service", "task", "actions", "stop"]) => {
                "stop"
            }
            ("GET", ["ai", "openapi", "v2", "instance-service", _, "detail"]) => "detail",
            _ => return None,
        }),
    }
}

fn one() -> u64 {
    1
}

impl Fault {
    /// Checks a posted fault; the message says what is wrong.
    pub fn check(&self) -> Result<(), String> {
        let Some(provider) = Provider::parse(&self.provider) else {
            return Err(format!(
                "unknown provider {:?}: modelarts, pai-dsw or scnet expected",
                self.provider
            ));
        };
        if let Some(action) = &self.action {
            let known = operations(provider);
            if !known.contains(&action.as_str()) {
                return Err(format!(
                    "unknown action {action:?} for {}: one of {} expected",
                    self.provider,
                    known.join(", ")
                ));
            }
        }
        if self.count == 0 {
            return Err("count must be at least 1".into());
        }
        if let Some(s) = self.status {
            if StatusCode::from_u16(s).is_err() || s < 100 {
                return Err(format!("invalid status {s}"));
            }
        }
        if let Some(m) = &self.method {
            if Method::from_bytes(m.to_ascii_uppercase().as_bytes()).is_err() {
                return Err(format!("invalid method {m:?}"));
            }
        }
        Ok(())
    }

    fn matches(
        &self,
        provider: Provider,
        method: &Method,
        target: &str,
        action: Option<&str>,
    ) -> bool {
        self.provider == provider.as_str()
            && self.action.as_deref().is_none_or(|a| action == Some(a))
            && self
                .method
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            && self
                .path_contains
                .as_ref()
                .is_none_or(|p| target.contains(p.as_str()))
    }
}

/// Marker on a response: the server drops the connection instead of
/// writing it.
#[derive(Debug, Clone, Copy)]
pub struct CloseConnection;

/// What to do with a request a fault caught.
pub enum Outcome {
    Answer(Response),
    Delay(Duration),
    /// Add a newest instance, then answer normally.
    Shift,
}

/// Takes one use of the first armed fault matching the request.
/// `target` is the request path with its query, `action` its [`operation`].
pub fn take(
    world: &mut World,
    provider: Provider,
    method: &Method,
    target: &str,
    action: Option<&str>,
) -> Option<Outcome> {
    let index = world
        .faults
        .iter()
        .position(|f| f.matches(provider, method, target, action))?;
    let fault = world.faults[index].clone();
    world.faults[index].count -= 1;
    if world.faults[index].count == 0 {
        world.faults.remove(index);
    }
    Some(match fault.kind {
        FaultKind::Shift => Outcome::Shift,
        FaultKind::Slow => Outcome::Delay(Duration::from_millis(fault.delay_ms.unwrap_or(2000))),
        FaultKind::Close => {
            let mut response = Response::new(Body::empty());
            response.extensions_mut().insert(CloseConnection);
            Outcome::Answer(response)
        }
        FaultKind::Malformed => Outcome::Answer(raw(
            StatusCode::OK,
            "application/json",
            "{\"instances\": [{\"id\": \"broken\", ".to_string(),
        )),
        FaultKind::Status => {
            let status = fault
                .status
                .and_then(|s| StatusCode::from_u16(s).ok())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Outcome::Answer(match fault.body {
                None | Some(Value::Null) => {
                    let mut r = provider.error(status, ErrorKind::Internal, "Injected fault.");
                    *r.status_mut() = status;
                    r
                }
                Some(Value::String(text)) => {
                    let kind = if serde_json::from_str::<Value>(&text).is_ok() {
                        "application/json"
                    } else {
                        "text/plain; charset=utf-8"
                    };
                    raw(status, kind, text)
                }
                Some(other) => raw(status, "application/json", other.to_string()),
            })
        }
    })
}

/// Adds a copy of one of the provider's instances under a new id and name,
/// created now, so that it sorts first in a newest-first list.
pub fn add_newest(world: &mut World, provider: Provider, now: u64) {
    let Some(mut value) = world.list(provider).first().map(|s| s.value.clone()) else {
        return;
    };
    let suffix = world.hex(8);
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    match provider {
        Provider::ModelArts => {
            obj.insert("id".into(), json!(format!("DE-shift-{suffix}")));
            obj.insert("name".into(), json!(format!("created-meanwhile-{suffix}")));
            obj.insert("creation_timestamp".into(), json!(now.to_string()));
        }
        Provider::PaiDsw => {
            obj.insert("InstanceId".into(), json!(format!("dsw-shift{suffix}")));
            obj.insert(
                "InstanceName".into(),
                json!(format!("created_meanwhile_{suffix}")),
            );
            obj.insert("GmtCreateTime".into(), json!(clock::rfc3339(now)));
        }
        Provider::Scnet => {
            obj.insert("id".into(), json!(format!("shift{suffix}")));
            obj.insert(
                "instanceServiceName".into(),
                json!(format!("created_meanwhile_{suffix}")),
            );
            obj.insert("createTime".into(), json!(clock::scnet_time(now)));
        }
    }
    world.list_mut(provider).push(Stored::new(value));
}

fn raw(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    response
}
