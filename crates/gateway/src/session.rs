//! `GET /proxy/{prefix}/_session` and `GET /_session`: who the caller is and
//! what role they have, answered by the gateway itself (never upstream), so
//! the console can show what the caller may do and where to sign in.
//!
//! ```json
//! {"user": {"name": "alice", "groups": ["ml"]}, "endpoint": "modelarts",
//!  "role": "viewer", "login_url": null}
//! ```
//!
//! `role` is `null` when the caller has no access to the endpoint. An
//! unidentified caller gets 401 with
//! `{"error": {"code": "Gateway.Unauthenticated", "message": …, "login_url": …}}`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::access::{AccessMode, Caller, Unauthenticated};
use crate::error::GatewayError;
use crate::proxy::{peer_of, Endpoint, Gateway};

/// The path segment of the per-endpoint session route.
pub const SESSION_SEGMENT: &str = "_session";

/// The 401 error for a caller who is not identified.
pub fn unauthenticated(gateway: &Gateway, refusal: Unauthenticated) -> GatewayError {
    GatewayError::Unauthenticated {
        reason: refusal.reason,
        login_url: gateway.access.login_url().map(str::to_string),
        bearer: matches!(gateway.access.mode(), AccessMode::Oidc(_)),
    }
}

fn user_json(caller: &Caller) -> Value {
    json!({ "name": caller.name, "groups": caller.groups })
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn identify(
    gateway: &Gateway,
    method: &Method,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Result<Caller, Response> {
    if *method != Method::GET && *method != Method::HEAD {
        return Err(no_store(
            GatewayError::MethodNotAllowed.to_session_response(),
        ));
    }
    gateway
        .access
        .authenticate(headers, peer)
        .await
        .map_err(|refusal| no_store(unauthenticated(gateway, refusal).to_session_response()))
}

/// `GET /proxy/{prefix}/_session`.
pub async fn endpoint_session(
    gateway: &Gateway,
    endpoint: &Endpoint,
    method: &Method,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Response {
    let caller = match identify(gateway, method, headers, peer).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let prefix = endpoint.config.prefix.as_str();
    let role = gateway.access.role_for(&caller, prefix);
    no_store(
        (
            StatusCode::OK,
            Json(json!({
                "user": user_json(&caller),
                "endpoint": prefix,
                "role": role,
                "login_url": gateway.access.login_url(),
            })),
        )
            .into_response(),
    )
}

/// `GET /_session`: the caller and their role on every endpoint.
pub async fn all_sessions(State(gateway): State<Arc<Gateway>>, request: Request) -> Response {
    let peer = peer_of(&request);
    let (parts, _) = request.into_parts();
    let caller = match identify(&gateway, &parts.method, &parts.headers, peer).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let endpoints: Map<String, Value> = gateway
        .prefixes()
        .iter()
        .map(|prefix| {
            (
                prefix.clone(),
                json!(gateway.access.role_for(&caller, prefix)),
            )
        })
        .collect();
    no_store(
        (
            StatusCode::OK,
            Json(json!({
                "user": user_json(&caller),
                "endpoints": endpoints,
                "login_url": gateway.access.login_url(),
            })),
        )
            .into_response(),
    )
}
