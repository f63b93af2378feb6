//! The forwarding handler: `/proxy/{prefix}/{provider path}` → the
//! endpoint's configured upstream, and nowhere else.
//!
//! In order, it refuses malformed paths (empty or dot segments, encoded
//! slashes) and unknown prefixes, answers `_session` itself, identifies the
//! caller ([`crate::access`]; 401), refuses writes that do not come from the
//! console (403), refuses routes the console does not use (404) and calls
//! the caller's role does not cover (403), bounds the body size and the time
//! to receive it, drops the client's credentials and hop-by-hop headers,
//! adds the provider's authentication ([`crate::upstream_auth`]), bounds the
//! upstream time and answer size, and passes the provider's answer back
//! unchanged (status and body). Changes and refusals are audited.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use percent_encoding::percent_decode_str;
use serde_json::Value;
use tokio::sync::Semaphore;
use url::Url;

use crate::access::{Access, Caller, Role};
use crate::audit::{now_rfc3339, AuditLog, AuditRecord, Outcome};
use crate::config::{EndpointConfig, GatewayConfig};
use crate::error::GatewayError;
use crate::metrics::{Metrics, TokenCounts};
use crate::routes::{action_gerund, classify, Route, RouteClass};
use crate::server::BuildError;
use crate::session;
use crate::sign::percent_encode;
use crate::upstream_auth::{AuthOutcome, UpstreamAuth};

/// The header the console sends on every request; writes without it are
/// refused.
pub const CONSOLE_HEADER: &str = "x-devenv-console";

/// Where the proxied routes live.
pub const ROUTE_PREFIX: &str = "/proxy/";

/// Hop-by-hop headers (RFC 9110 §7.6.1), never forwarded either way.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Client headers that are dropped: credentials, signing headers the
/// gateway sets itself, and anything that names a host or the client.
const DROPPED_REQUEST_HEADERS: &[&str] = &[
    "authorization",
    "x-auth-token",
    "token",
    "cookie",
    "x-sdk-date",
    "x-project-id",
    "x-security-token",
    "x-subject-token",
    "accesskey",
    "signature",
    "host",
    "content-length",
    "expect",
    "origin",
    "referer",
    "forwarded",
    "x-real-ip",
    "accept-encoding",
    CONSOLE_HEADER,
    "sec-fetch-site",
    "sec-fetch-mode",
    "sec-fetch-dest",
    "sec-fetch-user",
];

/// Upstream answer headers that are not passed back. Besides these, every
/// `access-control-*` header of the provider is dropped: which origins may
/// read an answer is the gateway's decision ([`crate::cors`]), not the
/// provider's.
const DROPPED_RESPONSE_HEADERS: &[&str] = &["content-length", "set-cookie", "x-subject-token"];

/// The providers' request-id answer headers (ModelArts and its API gateway:
/// `X-Request-Id`; PAI-DSW: `x-acs-request-id`). They pass through, and
/// cross-origin consoles may read them (`Access-Control-Expose-Headers`).
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-acs-request-id"];

/// A configured endpoint and its upstream authentication.
#[derive(Debug)]
pub struct Endpoint {
    pub config: EndpointConfig,
    pub auth: UpstreamAuth,
}

/// Shared state of the gateway's handlers.
#[derive(Debug)]
pub struct Gateway {
    endpoints: HashMap<String, Arc<Endpoint>>,
    /// Endpoint prefixes in configuration order.
    prefixes: Vec<String>,
    http: reqwest::Client,
    max_body_bytes: usize,
    max_upstream_answer_bytes: usize,
    client_read_timeout: Duration,
    cors_allowed_origins: Vec<String>,
    identity_headers: Vec<HeaderName>,
    max_concurrent_requests: usize,
    pub access: Access,
    pub audit: AuditLog,
    pub metrics: Metrics,
    /// Permits for requests under `/proxy/`.
    pub limiter: Arc<Semaphore>,
}

impl Gateway {
    pub fn new(config: &GatewayConfig) -> Result<Self, BuildError> {
        let http = reqwest::Client::builder()
            .timeout(config.upstream_timeout)
            .connect_timeout(config.upstream_timeout)
            // A redirect must not carry signed requests to another host.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let endpoints = config
            .endpoints
            .iter()
            .map(|endpoint| {
                let auth = UpstreamAuth::new(
                    http.clone(),
                    &endpoint.auth,
                    config.token_min_renewal_interval,
                );
                (
                    endpoint.prefix.clone(),
                    Arc::new(Endpoint {
                        config: endpoint.clone(),
                        auth,
                    }),
                )
            })
            .collect();
        let access = Access::new(&config.access, http.clone());
        let audit = AuditLog::open(&config.audit).map_err(BuildError::Audit)?;
        Ok(Gateway {
            endpoints,
            prefixes: config
                .endpoints
                .iter()
                .map(|endpoint| endpoint.prefix.clone())
                .collect(),
            http,
            max_body_bytes: config.max_body_bytes,
            max_upstream_answer_bytes: config.max_upstream_answer_bytes,
            client_read_timeout: config.client_read_timeout,
            cors_allowed_origins: config.cors_allowed_origins.clone(),
            identity_headers: access.identity_headers(),
            max_concurrent_requests: config.max_concurrent_requests,
            access,
            audit,
            metrics: Metrics::default(),
            limiter: Arc::new(Semaphore::new(config.max_concurrent_requests)),
        })
    }

    /// The endpoint under `prefix`.
    pub fn endpoint(&self, prefix: &str) -> Option<&Arc<Endpoint>> {
        self.endpoints.get(prefix)
    }

    /// Endpoint prefixes, in configuration order.
    pub fn prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// Requests under `/proxy/` being handled now.
    pub fn in_flight(&self) -> usize {
        self.max_concurrent_requests
            .saturating_sub(self.limiter.available_permits())
    }

    /// Token fetch counts of the token-based endpoints.
    pub fn token_counts(&self) -> Vec<TokenCounts> {
        self.prefixes
            .iter()
            .filter_map(|prefix| {
                let stats = self.endpoints.get(prefix)?.auth.token_stats()?;
                Some(TokenCounts {
                    endpoint: prefix.clone(),
                    renewals: stats.renewals.load(std::sync::atomic::Ordering::Relaxed),
                    failures: stats.failures.load(std::sync::atomic::Ordering::Relaxed),
                })
            })
            .collect()
    }

    /// Records a refusal: a metrics count and an audit line.
    pub fn record_denial(
        &self,
        endpoint: Option<&str>,
        caller: Option<&Caller>,
        peer: Option<SocketAddr>,
        method: &Method,
        route: Option<&Route>,
        error: &GatewayError,
    ) {
        self.metrics.denial(endpoint.unwrap_or("-"), error.code());
        self.audit.write(&AuditRecord {
            time: now_rfc3339(),
            user: caller.and_then(|caller| caller.name.clone()),
            client: peer.map(|peer| peer.ip().to_canonical().to_string()),
            endpoint: endpoint.map(str::to_string),
            action: route.map_or_else(
                || method.as_str().to_string(),
                |route| route.action.to_string(),
            ),
            instance_id: route.and_then(|route| route.instance_id.clone()),
            method: method.as_str().to_string(),
            outcome: Outcome::Denied,
            code: Some(error.code().to_string()),
            upstream_status: None,
            request_id: None,
        });
    }
}

/// The peer address of a request, when the server recorded it.
pub fn peer_of(request: &Request) -> Option<SocketAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| *peer)
}

/// The provider path of a request after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderPath {
    /// Decoded path segments, e.g. `["api", "v2", "instances"]`.
    pub segments: Vec<String>,
    /// `/` + segments re-encoded (RFC 3986), as sent upstream and signed.
    pub encoded: String,
}

/// Splits `/proxy/{prefix}/{rest}` into the prefix and the checked rest.
pub fn parse_proxy_path(path: &str) -> Result<(&str, ProviderPath), GatewayError> {
    let rest = path
        .strip_prefix(ROUTE_PREFIX)
        .ok_or(GatewayError::UnknownEndpoint)?;
    let (prefix, provider_path) = match rest.split_once('/') {
        Some((prefix, provider_path)) => (prefix, provider_path),
        None => (rest, ""),
    };
    if prefix.is_empty() {
        return Err(GatewayError::UnknownEndpoint);
    }
    if provider_path.is_empty() {
        return Err(GatewayError::PathNotForwarded);
    }
    let mut segments = Vec::new();
    for raw in provider_path.split('/') {
        if raw.is_empty() {
            return Err(GatewayError::BadPath("empty path segment"));
        }
        let decoded = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| GatewayError::BadPath("path is not UTF-8"))?;
        if decoded == "." || decoded == ".." {
            return Err(GatewayError::BadPath("dot segment"));
        }
        if decoded
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return Err(GatewayError::BadPath("encoded slash or control character"));
        }
        segments.push(decoded.into_owned());
    }
    let encoded = segments
        .iter()
        .map(|segment| format!("/{}", percent_encode(segment)))
        .collect::<String>();
    Ok((prefix, ProviderPath { segments, encoded }))
}

/// Decoded query pairs (`+` read as a space, as browsers encode forms).
pub fn parse_query(query: Option<&str>) -> Vec<(String, String)> {
    query
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

/// The client headers that may go upstream.
pub fn forwardable_request_headers(headers: &HeaderMap) -> HeaderMap {
    let named_by_connection: Vec<String> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let mut forwarded = HeaderMap::new();
    for (name, value) in headers {
        let lower = name.as_str();
        let dropped = HOP_BY_HOP.contains(&lower)
            || DROPPED_REQUEST_HEADERS.contains(&lower)
            || lower.starts_with("x-acs-")
            || lower.starts_with("x-forwarded-")
            || lower.starts_with("proxy-")
            || named_by_connection.iter().any(|named| named == lower);
        if !dropped {
            forwarded.append(name.clone(), value.clone());
        }
    }
    forwarded
}

/// The upstream answer headers that are passed back to the client.
pub fn forwardable_response_headers(headers: &reqwest::header::HeaderMap) -> HeaderMap {
    let named_by_connection: Vec<String> = headers
        .get_all(reqwest::header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    let mut passed = HeaderMap::new();
    for (name, value) in headers {
        let lower = name.as_str();
        if HOP_BY_HOP.contains(&lower)
            || DROPPED_RESPONSE_HEADERS.contains(&lower)
            || lower.starts_with("proxy-")
            || lower.starts_with("access-control-")
            || named_by_connection.iter().any(|named| named == lower)
        {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            passed.append(name, value);
        }
    }
    passed
}

/// `host[:port]` as the `Host` header of a request to `url`.
pub fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// A request ready to go upstream.
#[derive(Debug)]
pub struct UpstreamRequest {
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// What a request to an endpoint consists of before authentication.
#[derive(Debug)]
pub struct ClientRequest {
    pub method: Method,
    pub path: ProviderPath,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

const FORWARDED_METHODS: &[Method] = &[
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// What is known about a request as it is handled, for the answer's shape,
/// metrics and the audit log.
struct Context {
    endpoint: Option<Arc<Endpoint>>,
    caller: Option<Caller>,
    peer: Option<SocketAddr>,
    method: Method,
    route: Option<Route>,
    /// The metrics class: a route class, `session`, or `refused`.
    class: &'static str,
}

impl Context {
    fn prefix(&self) -> Option<&str> {
        self.endpoint
            .as_ref()
            .map(|endpoint| endpoint.config.prefix.as_str())
    }
}

/// Whether an error is the gateway refusing the request (audited always),
/// rather than failing to complete an allowed one.
fn is_refusal(error: &GatewayError) -> bool {
    !matches!(
        error,
        GatewayError::Credentials(_)
            | GatewayError::UpstreamTimeout
            | GatewayError::UpstreamUnreachable(_)
            | GatewayError::UpstreamTooLarge { .. }
            | GatewayError::ClientTimeout
            | GatewayError::BadBody
            | GatewayError::Busy
            | GatewayError::Internal
    )
}

/// The `/proxy/…` handler.
pub async fn forward(State(gateway): State<Arc<Gateway>>, request: Request) -> Response {
    let started = Instant::now();
    let path_for_log = request.uri().path().to_string();
    let mut context = Context {
        endpoint: None,
        caller: None,
        peer: peer_of(&request),
        method: request.method().clone(),
        route: None,
        class: "refused",
    };
    let result = handle(&gateway, &mut context, request).await;
    let response = result.unwrap_or_else(|error| {
        tracing::info!(method = %context.method, path = %path_for_log, code = error.code(), "refused or failed");
        if is_refusal(&error) {
            gateway.record_denial(
                context.prefix(),
                context.caller.as_ref(),
                context.peer,
                &context.method,
                context.route.as_ref(),
                &error,
            );
        } else if let Some(route) = context
            .route
            .as_ref()
            .filter(|route| route.class != RouteClass::Read)
        {
            audit_change(&gateway, &context, route, Outcome::Failed, Some(error.code()), None);
        }
        error.to_response(
            context
                .endpoint
                .as_ref()
                .map(|endpoint| endpoint.config.provider),
        )
    });
    gateway.metrics.request(
        context.prefix().unwrap_or("-"),
        context.class,
        response.status().as_u16(),
    );
    tracing::info!(
        method = %context.method,
        path = %path_for_log,
        user = context.caller.as_ref().and_then(|caller| caller.name.as_deref()).unwrap_or("-"),
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "forwarded"
    );
    response
}

/// Writes the audit line of a change or lifecycle call that was allowed.
fn audit_change(
    gateway: &Gateway,
    context: &Context,
    route: &Route,
    outcome: Outcome,
    code: Option<&str>,
    answer: Option<&UpstreamAnswer>,
) {
    let request_id = answer.and_then(|answer| {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| {
                answer
                    .headers
                    .get(*name)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_string)
            })
            // PAI-DSW also names it in the body.
            .or_else(|| {
                serde_json::from_slice::<Value>(&answer.body)
                    .ok()?
                    .get("RequestId")?
                    .as_str()
                    .filter(|id| !id.is_empty())
                    .map(str::to_string)
            })
    });
    let instance_id = route.instance_id.clone().or_else(|| {
        answer
            .filter(|answer| route.action == "create" && answer.status.is_success())
            .and_then(|answer| created_instance_id(&answer.body))
    });
    gateway.audit.write(&AuditRecord {
        time: now_rfc3339(),
        user: context
            .caller
            .as_ref()
            .and_then(|caller| caller.name.clone()),
        client: context
            .peer
            .map(|peer| peer.ip().to_canonical().to_string()),
        endpoint: context.prefix().map(str::to_string),
        action: route.action.to_string(),
        instance_id,
        method: context.method.as_str().to_string(),
        outcome,
        code: code.map(str::to_string),
        upstream_status: answer.map(|answer| answer.status.as_u16()),
        request_id,
    });
}

/// The new instance's id from a create answer: ModelArts `id`, PAI-DSW
/// `InstanceId`, SCNet `data.id`.
fn created_instance_id(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let id = value
        .get("id")
        .or_else(|| value.get("InstanceId"))
        .or_else(|| value.pointer("/data/id"))?;
    match id {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

async fn handle(
    gateway: &Gateway,
    context: &mut Context,
    request: Request,
) -> Result<Response, GatewayError> {
    let (prefix, path) = match parse_proxy_path(request.uri().path()) {
        Ok(parsed) => parsed,
        Err(error) => {
            // A bad path under a known prefix still answers in that
            // provider's shape.
            context.endpoint = request
                .uri()
                .path()
                .strip_prefix(ROUTE_PREFIX)
                .and_then(|rest| rest.split('/').next())
                .and_then(|prefix| gateway.endpoints.get(prefix))
                .cloned();
            return Err(error);
        }
    };
    let endpoint = gateway
        .endpoints
        .get(prefix)
        .cloned()
        .ok_or(GatewayError::UnknownEndpoint)?;
    let prefix = endpoint.config.prefix.as_str();
    context.endpoint = Some(endpoint.clone());
    if path.segments == [session::SESSION_SEGMENT] {
        context.class = "session";
        return Ok(session::endpoint_session(
            gateway,
            &endpoint,
            request.method(),
            request.headers(),
            context.peer,
        )
        .await);
    }

    let caller = gateway
        .access
        .authenticate(request.headers(), context.peer)
        .await
        .map_err(|refusal| session::unauthenticated(gateway, refusal))?;
    context.caller = Some(caller.clone());
    check_write_source(gateway, request.method(), request.headers())?;
    if !endpoint.config.allows_path(&path.segments) {
        return Err(GatewayError::PathNotForwarded);
    }
    if !FORWARDED_METHODS.contains(request.method()) {
        return Err(GatewayError::MethodNotAllowed);
    }
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > gateway.max_body_bytes as u64) {
        return Err(GatewayError::BodyTooLarge {
            limit: gateway.max_body_bytes,
        });
    }
    let (parts, body) = request.into_parts();
    let body = match tokio::time::timeout(
        gateway.client_read_timeout,
        to_bytes(body, gateway.max_body_bytes),
    )
    .await
    {
        Err(_) => return Err(GatewayError::ClientTimeout),
        Ok(read) => read.map_err(|error| {
            let too_large = std::error::Error::source(&error)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            if too_large {
                GatewayError::BodyTooLarge {
                    limit: gateway.max_body_bytes,
                }
            } else {
                GatewayError::BadBody
            }
        })?,
    };
    let query = parse_query(parts.uri.query());
    let route = classify(
        &endpoint.config,
        &parts.method,
        &path.segments,
        &query,
        &body,
    )
    .ok_or(GatewayError::PathNotForwarded)?;
    context.class = route.class.as_str();
    context.route = Some(route.clone());
    let role = gateway.access.role_for(&caller, prefix);
    let needed = route.class.required_role();
    if role < Some(needed) {
        return Err(GatewayError::Forbidden(forbidden_message(
            prefix,
            role,
            route.action,
            needed,
        )));
    }

    let mut headers = forwardable_request_headers(&parts.headers);
    for name in &gateway.identity_headers {
        headers.remove(name);
    }
    let client_request = ClientRequest {
        method: parts.method,
        path,
        query,
        headers,
        body,
    };
    let answer = exchange(gateway, &endpoint, &client_request).await;
    match &answer {
        Ok(answer) if route.class != RouteClass::Read => {
            audit_change(
                gateway,
                context,
                &route,
                Outcome::Forwarded,
                None,
                Some(answer),
            );
        }
        _ => {}
    }
    Ok(answer?.into_response())
}

/// "Your role on modelarts is viewer; deleting needs admin."
fn forbidden_message(prefix: &str, role: Option<Role>, action: &str, needed: Role) -> String {
    let gerund = action_gerund(action);
    match role {
        Some(role) => format!(
            "Your role on {prefix} is {}; {gerund} needs {}.",
            role.as_str(),
            needed.as_str()
        ),
        None => format!(
            "You have no role on {prefix}; {gerund} needs {}.",
            needed.as_str()
        ),
    }
}

/// Writes (anything but GET and HEAD) must come from the console: the
/// `X-DevEnv-Console: 1` header, which a cross-origin page can only send
/// after a CORS preflight the gateway refuses, and no
/// `Sec-Fetch-Site: cross-site` unless the origin is a listed CORS origin.
fn check_write_source(
    gateway: &Gateway,
    method: &Method,
    headers: &HeaderMap,
) -> Result<(), GatewayError> {
    if *method == Method::GET || *method == Method::HEAD {
        return Ok(());
    }
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    };
    let cross_site =
        text("sec-fetch-site").is_some_and(|site| site.eq_ignore_ascii_case("cross-site"));
    let listed_origin = text(header::ORIGIN.as_str()).is_some_and(|origin| {
        gateway
            .cors_allowed_origins
            .iter()
            .any(|allowed| allowed == origin)
    });
    if cross_site && !listed_origin {
        return Err(GatewayError::CrossSite);
    }
    if text(CONSOLE_HEADER) != Some("1") {
        return Err(GatewayError::ConsoleHeaderMissing);
    }
    Ok(())
}

/// Sends the request, renewing a rejected token once (at most once per
/// minimum interval).
async fn exchange(
    gateway: &Gateway,
    endpoint: &Endpoint,
    client_request: &ClientRequest,
) -> Result<UpstreamAnswer, GatewayError> {
    let mut retried = false;
    loop {
        let prepared = endpoint
            .auth
            .prepare(&endpoint.config, client_request)
            .await?;
        let started = Instant::now();
        let answer = send(gateway, prepared.request).await;
        gateway
            .metrics
            .upstream(&endpoint.config.prefix, started.elapsed());
        let answer = answer?;
        if !retried && endpoint.auth.is_auth_rejection(answer.status, &answer.body) {
            if let AuthOutcome::Token(token) = &prepared.outcome {
                if endpoint.auth.invalidate(token).await {
                    tracing::info!(endpoint = %endpoint.config.prefix, "upstream rejected the token; renewing once");
                    retried = true;
                    continue;
                }
                tracing::warn!(endpoint = %endpoint.config.prefix, "upstream rejected the token again soon after a renewal; not renewing yet");
            }
        }
        return Ok(answer);
    }
}

struct UpstreamAnswer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl UpstreamAnswer {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

async fn send(gateway: &Gateway, request: UpstreamRequest) -> Result<UpstreamAnswer, GatewayError> {
    let method = reqwest::Method::from_bytes(request.method.as_str().as_bytes())
        .map_err(|_| GatewayError::MethodNotAllowed)?;
    let mut builder = gateway.http.request(method, request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_bytes());
    }
    if !request.body.is_empty() {
        builder = builder.body(request.body);
    }
    let mut answer = builder
        .send()
        .await
        .map_err(|error| classify_send_error(&error))?;
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers = forwardable_response_headers(answer.headers());
    let limit = gateway.max_upstream_answer_bytes;
    let too_large = GatewayError::UpstreamTooLarge { limit };
    if answer
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = answer
        .chunk()
        .await
        .map_err(|error| classify_send_error(&error))?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(UpstreamAnswer {
        status,
        headers,
        body: Bytes::from(body),
    })
}

fn classify_send_error(error: &reqwest::Error) -> GatewayError {
    if error.is_timeout() {
        GatewayError::UpstreamTimeout
    } else if error.is_connect() {
        GatewayError::UpstreamUnreachable("connection failed")
    } else {
        GatewayError::UpstreamUnreachable("request failed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_paths() {
        let (prefix, path) =
            parse_proxy_path("/proxy/modelarts/v1/p1/demanager/instances").expect("valid");
        assert_eq!(prefix, "modelarts");
        assert_eq!(path.encoded, "/v1/p1/demanager/instances");
        let (_, path) = parse_proxy_path("/proxy/x/a%20b/c~d").expect("valid");
        assert_eq!(path.segments, vec!["a b", "c~d"]);
        assert_eq!(path.encoded, "/a%20b/c~d");
    }

    #[test]
    fn refuses_tricky_paths() {
        for path in [
            "/proxy/modelarts//evil.com/v1",
            "/proxy/modelarts/v1/../../x",
            "/proxy/modelarts/v1/%2e%2e/x",
            "/proxy/modelarts/v1/a%2Fb",
            "/proxy/modelarts/v1/a%5Cb",
            "/proxy/modelarts/v1/",
            "/proxy/modelarts/v1/%00",
        ] {
            assert!(
                matches!(parse_proxy_path(path), Err(GatewayError::BadPath(_))),
                "{path} should be refused"
            );
        }
        assert!(matches!(
            parse_proxy_path("/proxy/modelarts"),
            Err(GatewayError::PathNotForwarded)
        ));
        assert!(matches!(
            parse_proxy_path("/proxy//x"),
            Err(GatewayError::UnknownEndpoint)
        ));
    }

    #[test]
    fn drops_credentials_and_hop_by_hop_headers() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer client"),
            ("x-auth-token", "t"),
            ("token", "t"),
            ("cookie", "c=1"),
            ("x-acs-action", "DeleteInstance"),
            ("x-sdk-date", "20200101T000000Z"),
            ("connection", "close, x-custom-hop"),
            ("x-custom-hop", "1"),
            ("keep-alive", "timeout=5"),
            ("proxy-authorization", "Basic x"),
            ("te", "trailers"),
            ("trailer", "x"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "websocket"),
            ("x-forwarded-host", "evil.com"),
            ("host", "evil.com"),
            ("content-type", "application/json"),
            ("accept", "application/json"),
        ] {
            headers.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        let forwarded = forwardable_request_headers(&headers);
        let names: Vec<&str> = forwarded.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, vec!["content-type", "accept"]);
    }

    #[test]
    fn passes_request_ids_and_drops_provider_cors_headers() {
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in [
            ("x-request-id", "ma-req-1"),
            ("x-acs-request-id", "dsw-req-1"),
            ("content-type", "application/json"),
            ("access-control-allow-origin", "*"),
            ("access-control-allow-credentials", "true"),
            ("access-control-expose-headers", "x-internal"),
            ("access-control-allow-methods", "GET, DELETE"),
            ("set-cookie", "s=1"),
            ("x-subject-token", "t"),
            ("connection", "x-hop"),
            ("x-hop", "1"),
            ("transfer-encoding", "chunked"),
        ] {
            headers.append(
                reqwest::header::HeaderName::from_static(name),
                reqwest::header::HeaderValue::from_static(value),
            );
        }
        let passed = forwardable_response_headers(&headers);
        let names: Vec<&str> = passed.keys().map(HeaderName::as_str).collect();
        assert_eq!(
            names,
            vec!["x-request-id", "x-acs-request-id", "content-type"]
        );
        for name in REQUEST_ID_HEADERS {
            assert!(passed.contains_key(*name), "{name}");
        }
    }

    #[test]
    fn host_header_keeps_non_default_port() {
        let url = Url::parse("http://127.0.0.1:8080/x").expect("url");
        assert_eq!(host_header(&url), "127.0.0.1:8080");
        let url = Url::parse("https://pai-dsw.cn-hangzhou.aliyuncs.com/").expect("url");
        assert_eq!(host_header(&url), "pai-dsw.cn-hangzhou.aliyuncs.com");
    }
}
