//! The gateway's HTTP application: `/proxy/{prefix}/…` forwarding, an
//! optional static copy of the built console, `/healthz`, CORS, and the
//! guard that refuses requests naming another host (absolute-form targets,
//! a `Host` outside `allowed_hosts`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::config::GatewayConfig;
use crate::cors::{apply_cors, CorsPolicy};
use crate::error::GatewayError;
use crate::proxy::{forward, Gateway};

/// Why the application could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot create the HTTP client: {0}")]
    HttpClient(#[from] reqwest::Error),
}

/// Lowercase `Host` values accepted; empty accepts any (the host never
/// chooses where a request goes).
#[derive(Debug, Clone, Default)]
struct HostPolicy {
    allowed_hosts: Arc<Vec<String>>,
}

/// Builds the application for `config`.
pub fn build_router(config: &GatewayConfig) -> Result<Router, BuildError> {
    let gateway = Arc::new(Gateway::new(config)?);
    let proxy_routes = Router::new()
        .route("/proxy", any(unknown_endpoint))
        .route("/proxy/", any(unknown_endpoint))
        .route("/proxy/{*rest}", any(forward))
        .with_state(gateway);
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(proxy_routes);
    router = match &config.static_dir {
        Some(dir) => {
            let index = ServeFile::new(dir.join("index.html"));
            router.fallback_service(ServeDir::new(dir).fallback(index))
        }
        None => router.fallback(|| async { GatewayError::UnknownEndpoint.into_response() }),
    };
    let host_policy = HostPolicy {
        allowed_hosts: Arc::new(config.allowed_hosts.clone()),
    };
    Ok(router
        .layer(middleware::from_fn_with_state(
            CorsPolicy::new(config.cors_allowed_origins.clone()),
            apply_cors,
        ))
        .layer(middleware::from_fn_with_state(
            host_policy,
            refuse_foreign_targets,
        )))
}

async fn unknown_endpoint() -> Response {
    GatewayError::UnknownEndpoint.into_response()
}

/// Refuses absolute-form (`GET http://evil.com/…`) and authority-form
/// targets, and a `Host` outside the allowed list.
async fn refuse_foreign_targets(
    State(policy): State<HostPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let uri = request.uri();
    if uri.scheme().is_some() || uri.authority().is_some() {
        return GatewayError::ForeignTarget.into_response();
    }
    if !policy.allowed_hosts.is_empty() {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .map(str::to_ascii_lowercase);
        let allowed = host.is_some_and(|host| policy.allowed_hosts.contains(&host));
        if !allowed {
            return GatewayError::ForeignTarget.into_response();
        }
    }
    next.run(request).await
}
