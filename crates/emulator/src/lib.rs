//! DevEnv emulator: the three provider APIs of DevEnv Console (Huawei
//! ModelArts `demanager` v1, Alibaba PAI-DSW 2022-01-01, SCNet AI openapi
//! v2) in memory, behind the `/proxy/…` routes of the default
//! `public/config.json`, plus control routes for tests and the built app.
//!
//! [`app`] builds the whole service as an axum [`Router`]; [`serve`] runs it
//! on a listener (needed for the `close` fault, which drops connections);
//! [`run`] is what the binary does.

pub mod catalog;
pub mod cli;
pub mod clock;
pub mod control;
pub mod faults;
pub mod generate;
pub mod lifecycle;
pub mod modelarts;
pub mod pai_dsw;
pub mod pai_dsw_ops;
pub mod scnet;
pub mod state;
pub mod static_files;

use std::future::Future;
use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Map, Value};
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;

pub use cli::Options;
use faults::{CloseConnection, Outcome};
use state::{AppState, ErrorKind, Provider, Settings};

/// Largest request body accepted; larger ones get the provider's 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The emulator as a router, with a fresh world built from `options`.
pub fn app(options: Options) -> Router {
    let settings = Settings::from(&options);
    if let Some(dist) = &settings.dist {
        static_files::warm(dist);
    }
    router(AppState::new(settings))
}

/// The emulator's router over an existing state.
pub fn router(state: AppState) -> Router {
    Router::new()
        .fallback(dispatch)
        .with_state(state)
        .layer(CompressionLayer::new())
}

/// A JSON answer.
pub(crate) fn json_response(status: StatusCode, value: &Value) -> Response {
    let mut r = Response::new(Body::from(value.to_string()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// A string field of a JSON object, or `""`.
pub(crate) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A provider request, as the provider modules see it.
pub struct ApiRequest {
    pub method: Method,
    /// Decoded path segments after `/proxy/{provider}`, empty ones dropped.
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub body: Bytes,
}

impl ApiRequest {
    /// The first value of a query parameter.
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON: `Ok(None)` when empty, `Err` when it does not parse.
    pub fn json_body(&self) -> Result<Option<Value>, serde_json::Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(&self.body).map(Some)
    }
}

fn redirect(to: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

async fn dispatch(State(app): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    let base = app.settings.base.clone();

    if let Some(rest) = control_rest(&path) {
        return control_request(&app, &parts.method, rest, body).await;
    }
    let rel: &str = if base == "/" {
        &path
    } else if let Some(r) = path.strip_prefix(base.trim_end_matches('/')) {
        if r.is_empty() {
            return redirect(&base);
        }
        if !r.starts_with('/') {
            return not_found_outside(&path);
        }
        r
    } else if path == "/" {
        return redirect(&base);
    } else {
        return not_found_outside(&path);
    };
    if let Some(rest) = control_rest(rel) {
        return control_request(&app, &parts.method, rest, body).await;
    }
    if let Some(after) = rel.strip_prefix("/proxy/") {
        let (name, rest) = after.split_once('/').unwrap_or((after, ""));
        return match Provider::parse(name) {
            Some(provider) => {
                provider_request(
                    &app,
                    provider,
                    parts.method,
                    &parts.headers,
                    &path,
                    rest,
                    query.as_deref(),
                    body,
                )
                .await
            }
            None => json_response(
                StatusCode::NOT_FOUND,
                &json!({ "error": format!("unknown provider {name:?}: modelarts, pai-dsw or scnet expected") }),
            ),
        };
    }
    if app.settings.pai_dsw_at_root && rel.starts_with("/api/v2/") {
        return provider_request(
            &app,
            Provider::PaiDsw,
            parts.method,
            &parts.headers,
            &path,
            rel,
            query.as_deref(),
            body,
        )
        .await;
    }
    static_files::serve(&app.settings, &parts.method, &parts.headers, rel).await
}

fn not_found_outside(path: &str) -> Response {
    let mut r = Response::new(Body::from(format!(
        "not found: {path} is outside the base path"
    )));
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

fn control_rest(path: &str) -> Option<&str> {
    if path == "/__emulator" {
        Some("")
    } else {
        path.strip_prefix("/__emulator/")
    }
}

async fn control_request(app: &AppState, method: &Method, rest: &str, body: Body) -> Response {
    match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => control::handle(app, method, rest, &bytes),
        Err(_) => json_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            &json!({ "error": "request body too large" }),
        ),
    }
}

fn query_object(pairs: &[(String, String)]) -> Value {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k.clone(), Value::String(v.clone()));
    }
    Value::Object(map)
}

/// Whether a request lacks a header `--require-header` asks for.
fn unauthorized(settings: &Settings, provider: Provider, headers: &HeaderMap) -> Option<String> {
    settings
        .require_header
        .iter()
        .filter(|r| r.provider == provider)
        .find(|r| {
            let got = headers.get(r.header.as_str()).and_then(|v| v.to_str().ok());
            match (&r.value, got) {
                (_, None) => true,
                (Some(want), Some(got)) => want != got,
                (None, Some(got)) => got.trim().is_empty(),
            }
        })
        .map(|r| r.header.clone())
}

fn auth_error(provider: Provider, header: &str) -> Response {
    let message = match provider {
        Provider::ModelArts => format!("The token is missing or invalid (header {header})."),
        Provider::PaiDsw => format!("Specified access key is not found (header {header})."),
        Provider::Scnet => format!("no permission: token missing or invalid (header {header})"),
    };
    provider.error(StatusCode::UNAUTHORIZED, ErrorKind::Unauthorized, &message)
}

#[allow(clippy::too_many_arguments)]
async fn provider_request(
    app: &AppState,
    provider: Provider,
    method: Method,
    headers: &HeaderMap,
    path: &str,
    rest: &str,
    query: Option<&str>,
    body: Body,
) -> Response {
    // The emulator is no gateway: it knows no session, and says so with an
    // empty answer (the console reads that as "no gateway here", without a
    // failed load in the browser's log); the question is not a provider
    // request (so not in the log).
    if rest.trim_matches('/') == "_session" {
        let mut answer = Response::new(Body::empty());
        *answer.status_mut() = StatusCode::NO_CONTENT;
        return answer;
    }
    let (bytes, too_large) = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => (b, false),
        Err(_) => (Bytes::new(), true),
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let target = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    let logged_body = serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null);
    let segments: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(static_files::percent_decode)
        .collect();
    let action = {
        let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
        faults::operation(provider, &method, &segs)
    };
    // One reading of the emulator's clock per request: the logged time is
    // the "now" the request is answered at (later only after a slow fault).
    let mut now = app.clock.now_ms();
    let outcome = {
        let mut world = app.world();
        world.record(json!({
            "provider": provider.as_str(),
            "method": method.as_str(),
            "action": action,
            "path": path,
            "query": query_object(&pairs),
            "body": logged_body,
            "time_ms": now,
        }));
        faults::take(&mut world, provider, &method, &target, action)
    };
    match outcome {
        Some(Outcome::Answer(r)) => return r,
        Some(Outcome::Delay(d)) => {
            tokio::time::sleep(d).await;
            now = app.clock.now_ms();
        }
        Some(Outcome::Shift) => faults::add_newest(&mut app.world(), provider, now),
        None => {}
    }
    if too_large {
        return provider.error(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::TooLarge,
            "The request body exceeds 1 MiB.",
        );
    }
    if let Some(header) = unauthorized(&app.settings, provider, headers) {
        return auth_error(provider, &header);
    }
    let request = ApiRequest {
        method,
        segments,
        query: pairs,
        body: bytes,
    };
    let transition_ms = app.settings.transition_ms;
    let mut world = app.world();
    lifecycle::advance(&mut world, provider, now, transition_ms);
    match provider {
        Provider::ModelArts => {
            let mut answer = modelarts::handle(&mut world, &request, now, transition_ms);
            // ModelArts names its request id in this header only (Huawei's
            // SDKs read it from there).
            let id = format!("{}{}", world.hex(16), world.hex(16));
            if let Ok(value) = HeaderValue::from_str(&id) {
                answer.headers_mut().insert("x-request-id", value);
            }
            answer
        }
        Provider::PaiDsw => pai_dsw::handle(&mut world, &request, now, transition_ms),
        Provider::Scnet => scnet::handle(&mut world, &request, now, transition_ms),
    }
}

/// The error a service returns to make hyper drop the connection unanswered.
#[derive(Debug)]
struct DroppedConnection;

impl std::fmt::Display for DroppedConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedConnection {}

/// Serves `router` on `listener` until `shutdown` completes, then lets open
/// connections finish for up to two seconds. Responses marked by the
/// `close` fault are never written: their connection is dropped.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let router = router.clone();
                let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let router = router.clone();
                    async move {
                        let response = match router.oneshot(req.map(Body::new)).await {
                            Ok(r) => r,
                            Err(never) => match never {},
                        };
                        if response.extensions().get::<CloseConnection>().is_some() {
                            Err(DroppedConnection)
                        } else {
                            Ok(response)
                        }
                    }
                });
                let connection = hyper::server::conn::http1::Builder::new()
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
        _ = tokio::time::sleep(Duration::from_secs(2)) => {}
    }
    Ok(())
}

/// Binds `--host`:`--port`, prints the URL, serves until Ctrl-C.
pub async fn run(options: Options) -> std::io::Result<()> {
    let base = cli::normalize_base(&options.base);
    let host_port = (options.host.clone(), options.port);
    let router = app(options);
    let listener = TcpListener::bind((host_port.0.as_str(), host_port.1)).await?;
    let addr = listener.local_addr()?;
    let host = if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    println!(
        "DevEnv emulator listening on http://{host}:{}{base}",
        addr.port()
    );
    serve(listener, router, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    println!("DevEnv emulator stopped");
    Ok(())
}
