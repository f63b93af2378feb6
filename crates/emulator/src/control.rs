//! Control routes under `/__emulator/` for tests: arm and clear faults,
//! reset the world, read and clear the request log, insert raw instances,
//! read and advance the emulator's clock.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::clock::MAX_OFFSET_MS;
use crate::faults::Fault;
use crate::json_response;
use crate::state::{AppState, Provider, Stored};

fn bad(message: impl Into<String>) -> Response {
    json_response(StatusCode::BAD_REQUEST, &json!({ "error": message.into() }))
}

fn ok() -> Response {
    json_response(StatusCode::OK, &json!({ "ok": true }))
}

/// Handles `rest`, the path after `/__emulator/`.
pub fn handle(app: &AppState, method: &Method, rest: &str, body: &[u8]) -> Response {
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match (method, segs.as_slice()) {
        (&Method::GET, ["health"]) => ok(),
        (&Method::GET, ["faults"]) => {
            let faults = app.world().faults.clone();
            json_response(StatusCode::OK, &json!(faults))
        }
        (&Method::POST, ["faults"]) => arm_faults(app, body),
        (&Method::DELETE, ["faults"]) => {
            app.world().faults.clear();
            ok()
        }
        (&Method::POST, ["reset"]) => {
            app.reset();
            ok()
        }
        (&Method::GET, ["requests"]) => {
            let log = Value::Array(app.world().log.clone());
            json_response(StatusCode::OK, &log)
        }
        (&Method::DELETE, ["requests"]) => {
            app.world().log.clear();
            ok()
        }
        (&Method::POST, ["instances", provider]) => insert(app, provider, body),
        (&Method::GET, ["clock"]) => clock_answer(app),
        (&Method::POST, ["clock"]) => advance_clock(app, body),
        _ => json_response(
            StatusCode::NOT_FOUND,
            &json!({ "error": format!("unknown control route {method} /__emulator/{rest}") }),
        ),
    }
}

/// Accepts one fault object or an array of them; all or none are armed.
fn arm_faults(app: &AppState, body: &[u8]) -> Response {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return bad(format!("invalid JSON: {e}")),
    };
    let items = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    let mut faults = Vec::with_capacity(items.len());
    for item in items {
        let fault: Fault = match serde_json::from_value(item) {
            Ok(f) => f,
            Err(e) => return bad(format!("invalid fault: {e}")),
        };
        if let Err(e) = fault.check() {
            return bad(format!("invalid fault: {e}"));
        }
        faults.push(fault);
    }
    let mut world = app.world();
    world.faults.extend(faults);
    json_response(
        StatusCode::OK,
        &json!({ "ok": true, "faults": world.faults.clone() }),
    )
}

fn insert(app: &AppState, provider: &str, body: &[u8]) -> Response {
    let Some(provider) = Provider::parse(provider) else {
        return bad(format!(
            "unknown provider {provider:?}: modelarts, pai-dsw or scnet expected"
        ));
    };
    let value: Value = match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => return bad("the instance must be a JSON object"),
        Err(e) => return bad(format!("invalid JSON: {e}")),
    };
    let id = value
        .get(provider.id_field())
        .cloned()
        .unwrap_or(Value::Null);
    app.world().list_mut(provider).push(Stored::new(value));
    json_response(StatusCode::OK, &json!({ "ok": true, "id": id }))
}

/// The clock's reading: `{"ok": true, "now_ms": …, "offset_ms": …}`.
fn clock_answer(app: &AppState) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "ok": true,
            "now_ms": app.clock.now_ms(),
            "offset_ms": app.clock.offset_ms(),
        }),
    )
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    advance_ms: u64,
}

/// `{"advance_ms": N}` moves the clock N ms forward: lifecycle steps due by
/// then are taken at the next provider request, and auto-stop countdowns
/// are N ms shorter. Answers the clock's new reading.
fn advance_clock(app: &AppState, body: &[u8]) -> Response {
    let advance: Advance = match serde_json::from_slice(body) {
        Ok(a) => a,
        Err(e) => {
            return bad(format!(
                "expected {{\"advance_ms\": N}} with N a whole number of milliseconds: {e}"
            ))
        }
    };
    if app.clock.advance(advance.advance_ms).is_none() {
        return bad(format!(
            "the clock may run at most {MAX_OFFSET_MS} ms ahead of wall-clock time"
        ));
    }
    clock_answer(app)
}
