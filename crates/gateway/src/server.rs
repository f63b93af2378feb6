//! The gateway's HTTP application and server: `/proxy/{prefix}/…`
//! forwarding, `_session`, an optional static copy of the built console,
//! `/healthz`, `/readyz` and `/metrics`; CORS; the guard that refuses
//! requests naming another host (absolute-form targets, a `Host` outside
//! `allowed_hosts`); a concurrency limit; security headers on every answer;
//! and a panic in a handler answered with 500 instead of ending the process.

use std::any::Any;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::services::{ServeDir, ServeFile};

use crate::config::GatewayConfig;
use crate::cors::{apply_cors, CorsPolicy};
use crate::error::GatewayError;
use crate::proxy::{forward, peer_of, Gateway, ROUTE_PREFIX};
use crate::session::all_sessions;

/// The console's Content-Security-Policy (as `deploy/nginx.conf` sends it),
/// before `frame-ancestors`.
const PAGE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";
/// The Content-Security-Policy of `/proxy/` answers: provider data is never
/// a page.
const PROXY_CSP: &str = "sandbox";

/// Why the application could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot create the HTTP client: {0}")]
    HttpClient(#[from] reqwest::Error),
    #[error("cannot open the audit log: {0}")]
    Audit(std::io::Error),
}

/// `Host` values served; see [`GatewayConfig::allowed_hosts`].
#[derive(Debug, Clone)]
struct HostPolicy {
    allowed_hosts: Arc<Vec<String>>,
    gateway: Arc<Gateway>,
}

/// Builds the application for `config`.
pub fn build_router(config: &GatewayConfig) -> Result<Router, BuildError> {
    let gateway = Arc::new(Gateway::new(config)?);
    let proxy_routes = Router::new()
        .route("/proxy", any(unknown_endpoint))
        .route("/proxy/", any(unknown_endpoint))
        .route("/proxy/{*rest}", any(forward))
        .layer(middleware::from_fn_with_state(
            gateway.clone(),
            limit_concurrency,
        ))
        .with_state(gateway.clone());
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/_session", any(all_sessions))
        .with_state(gateway.clone())
        .merge(proxy_routes);
    #[cfg(test)]
    {
        router = router.route(
            "/_test/panic",
            get(|| async {
                // A test-only route proving a handler panic becomes a 500.
                if std::hint::black_box(true) {
                    panic!("deliberate panic for the unwinding test");
                }
                "unreachable"
            }),
        );
    }
    router = match &config.static_dir {
        Some(dir) => {
            let index = ServeFile::new(dir.join("index.html"));
            router.fallback_service(ServeDir::new(dir).fallback(index))
        }
        None => router.fallback(|| async { GatewayError::UnknownEndpoint.into_response() }),
    };
    let host_policy = HostPolicy {
        allowed_hosts: Arc::new(config.allowed_hosts.clone()),
        gateway,
    };
    let page_csp = page_csp(&config.frame_ancestors);
    Ok(router
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn_with_state(
            CorsPolicy::new(config.cors_allowed_origins.clone()),
            apply_cors,
        ))
        .layer(middleware::from_fn_with_state(
            host_policy,
            refuse_foreign_targets,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::new(page_csp),
            add_security_headers,
        )))
}

/// The console's CSP with `frame-ancestors 'self'` plus the configured
/// origins.
fn page_csp(frame_ancestors: &[String]) -> HeaderValue {
    let mut ancestors = String::from("'self'");
    for origin in frame_ancestors {
        ancestors.push(' ');
        ancestors.push_str(origin);
    }
    HeaderValue::from_str(&format!("{PAGE_CSP}; frame-ancestors {ancestors}"))
        .unwrap_or_else(|_| HeaderValue::from_static(PAGE_CSP))
}

fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %detail, "a handler panicked; answered 500");
    GatewayError::Internal.into_response()
}

async fn unknown_endpoint() -> Response {
    GatewayError::UnknownEndpoint.into_response()
}

/// More than `max_concurrent_requests` requests under `/proxy/` at once get
/// 503 instead of waiting.
async fn limit_concurrency(
    State(gateway): State<Arc<Gateway>>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(_permit) = gateway.limiter.clone().try_acquire_owned() else {
        gateway.metrics.request("-", "refused", 503);
        return GatewayError::Busy.into_response();
    };
    next.run(request).await
}

/// The security headers of `deploy/nginx.conf` on every answer; `/proxy/`
/// answers get `Content-Security-Policy: sandbox` instead of the page policy.
async fn add_security_headers(
    State(page_csp): State<Arc<HeaderValue>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let is_proxy = path == "/proxy" || path.starts_with(ROUTE_PREFIX);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        if is_proxy {
            HeaderValue::from_static(PROXY_CSP)
        } else {
            (*page_csp).clone()
        },
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// `host[:port]` split into the host (brackets kept for IPv6) and port.
fn split_host_port(text: &str) -> (&str, Option<&str>) {
    if text.starts_with('[') {
        if let Some(end) = text.find(']') {
            let rest = &text[end + 1..];
            return (&text[..=end], rest.strip_prefix(':'));
        }
    }
    match text.rsplit_once(':') {
        Some((host, port))
            if !host.contains(':')
                && !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (host, Some(port))
        }
        _ => (text, None),
    }
}

/// Whether `host` (a `Host` header) is served: an entry `name` admits any
/// port, `name:port` that port only, `*` anything.
pub fn host_allowed(allowed: &[String], host: &str) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, port) = split_host_port(&host);
    allowed.iter().any(|entry| {
        if entry == "*" {
            return true;
        }
        let (entry_name, entry_port) = split_host_port(entry);
        entry_name == name && (entry_port.is_none() || entry_port == port)
    })
}

/// Refuses absolute-form (`GET http://evil.com/…`) and authority-form
/// targets, and a `Host` outside the allowed list (which defeats DNS
/// rebinding). Probes (`/healthz`, `/readyz`) are answered for any host.
async fn refuse_foreign_targets(
    State(policy): State<HostPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let uri = request.uri();
    if uri.scheme().is_some() || uri.authority().is_some() {
        return GatewayError::ForeignTarget.into_response();
    }
    let probe = matches!(uri.path(), "/healthz" | "/readyz");
    if !probe {
        let allowed = request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|host| host_allowed(&policy.allowed_hosts, host));
        if !allowed {
            let endpoint = uri
                .path()
                .strip_prefix(ROUTE_PREFIX)
                .and_then(|rest| rest.split('/').next())
                .filter(|prefix| policy.gateway.endpoint(prefix).is_some());
            let error = GatewayError::HostNotAllowed;
            policy.gateway.record_denial(
                endpoint,
                None,
                peer_of(&request),
                request.method(),
                None,
                &error,
            );
            return error.into_response();
        }
    }
    next.run(request).await
}

/// `/readyz`: 200 when every endpoint can authenticate upstream (a token
/// endpoint has or can fetch a token; signing endpoints always can) and,
/// in mode `oidc`, the key set is loaded; 503 otherwise.
async fn readyz(State(gateway): State<Arc<Gateway>>) -> Response {
    let mut ready = true;
    let mut endpoints = Map::new();
    for prefix in gateway.prefixes() {
        let Some(endpoint) = gateway.endpoint(prefix) else {
            continue;
        };
        let state = match endpoint.auth.check_ready().await {
            Ok(()) => "ready".to_string(),
            Err(error) => {
                ready = false;
                format!("not ready: {error}")
            }
        };
        endpoints.insert(prefix.clone(), Value::String(state));
    }
    let access = match gateway.access.check_ready().await {
        Ok(()) => "ready".to_string(),
        Err(error) => {
            ready = false;
            format!("not ready: {error}")
        }
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({ "ready": ready, "access": access, "endpoints": endpoints })),
    )
        .into_response()
}

/// `/metrics` in the Prometheus text format.
async fn metrics(State(gateway): State<Arc<Gateway>>) -> Response {
    let text = gateway
        .metrics
        .render(&gateway.token_counts(), gateway.in_flight());
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open
/// connections finish for up to ten seconds. Each request carries its peer
/// address ([`ConnectInfo`]); a client has `client_read_timeout` to send a
/// request head.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    client_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let router = router.clone();
                let service = hyper::service::service_fn(
                    move |mut request: hyper::Request<hyper::body::Incoming>| {
                        request
                            .extensions_mut()
                            .insert(ConnectInfo::<SocketAddr>(peer));
                        router.clone().oneshot(request.map(Body::new))
                    },
                );
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(client_read_timeout);
                let connection = builder
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            _ = &mut shutdown => break,
        }
    }
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(10)) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFormat, ConfigOverrides};
    use std::collections::HashMap;

    #[test]
    fn hosts_match_with_and_without_ports() {
        let defaults: Vec<String> = crate::config::DEFAULT_ALLOWED_HOSTS
            .iter()
            .map(|host| host.to_string())
            .collect();
        for host in [
            "localhost",
            "localhost:8081",
            "127.0.0.1:9",
            "[::1]:8081",
            "[::1]",
            "LOCALHOST:1",
        ] {
            assert!(host_allowed(&defaults, host), "{host}");
        }
        for host in [
            "evil.example",
            "127.0.0.1.evil.example",
            "localhost.evil.example:80",
            "[::2]:8081",
            "",
        ] {
            assert!(!host_allowed(&defaults, host), "{host}");
        }
        let listed = vec!["console.example.com:8443".to_string()];
        assert!(host_allowed(&listed, "console.example.com:8443"));
        assert!(!host_allowed(&listed, "console.example.com"));
        assert!(!host_allowed(&listed, "console.example.com:8444"));
        assert!(host_allowed(&["*".to_string()], "anything:1"));
    }

    /// A handler that panics answers 500, and the server keeps serving.
    #[tokio::test]
    async fn a_panicking_handler_answers_500_and_the_next_request_is_served() {
        let text = r#"
[audit]
path = "-"
[[endpoints]]
prefix = "dsw"
provider = "pai-dsw"
upstream = "http://127.0.0.1:9"
auth = { method = "none" }
"#;
        let config = GatewayConfig::from_text(
            text,
            ConfigFormat::Toml,
            &ConfigOverrides::default(),
            &HashMap::<String, String>::new(),
        )
        .expect("config");
        let router = build_router(&config).expect("router");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(serve(
            listener,
            router,
            Duration::from_secs(5),
            std::future::pending(),
        ));
        let http = reqwest::Client::new();
        let answer = http
            .get(format!("http://{address}/_test/panic"))
            .send()
            .await
            .expect("answered");
        assert_eq!(answer.status(), 500);
        assert_eq!(
            answer
                .headers()
                .get("x-devenv-gateway-error")
                .and_then(|value| value.to_str().ok()),
            Some("Gateway.Internal")
        );
        assert_eq!(
            answer
                .headers()
                .get("x-content-type-options")
                .and_then(|value| value.to_str().ok()),
            Some("nosniff")
        );
        for _ in 0..3 {
            let answer = http
                .get(format!("http://{address}/healthz"))
                .send()
                .await
                .expect("still serving");
            assert_eq!(answer.status(), 200);
            assert_eq!(answer.text().await.expect("body"), "ok");
        }
        // And the panic route again, on the same server.
        let answer = http
            .get(format!("http://{address}/_test/panic"))
            .send()
            .await
            .expect("answered again");
        assert_eq!(answer.status(), 500);
    }
}
