//! The forwarding handler: `/proxy/{prefix}/{provider path}` → the
//! endpoint's configured upstream, and nowhere else.
//!
//! It refuses malformed paths (empty or dot segments, encoded slashes) and
//! paths outside the endpoint's API, drops the client's credentials and
//! hop-by-hop headers, bounds the body size and the upstream time, adds the
//! provider's authentication ([`crate::upstream_auth`]) and passes the
//! provider's answer back unchanged (status and body).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use percent_encoding::percent_decode_str;
use url::Url;

use crate::config::{EndpointConfig, GatewayConfig, Provider};
use crate::error::GatewayError;
use crate::sign::percent_encode;
use crate::upstream_auth::{AuthOutcome, UpstreamAuth};

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

/// Shared state of the forwarding handler.
#[derive(Debug)]
pub struct Gateway {
    endpoints: HashMap<String, Arc<Endpoint>>,
    http: reqwest::Client,
    max_body_bytes: usize,
}

impl Gateway {
    pub fn new(config: &GatewayConfig) -> Result<Self, reqwest::Error> {
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
                let auth = UpstreamAuth::new(http.clone(), &endpoint.auth);
                (
                    endpoint.prefix.clone(),
                    Arc::new(Endpoint {
                        config: endpoint.clone(),
                        auth,
                    }),
                )
            })
            .collect();
        Ok(Gateway {
            endpoints,
            http,
            max_body_bytes: config.max_body_bytes,
        })
    }
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

/// The `/proxy/…` handler.
pub async fn forward(State(gateway): State<Arc<Gateway>>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path_for_log = request.uri().path().to_string();
    let (provider, result) = forward_checked(&gateway, request).await;
    let response = result.unwrap_or_else(|error| {
        tracing::info!(method = %method, path = %path_for_log, code = error.code(), "refused or failed");
        error.to_response(provider)
    });
    tracing::info!(
        method = %method,
        path = %path_for_log,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "forwarded"
    );
    response
}

async fn forward_checked(
    gateway: &Gateway,
    request: Request,
) -> (Option<Provider>, Result<Response, GatewayError>) {
    let (prefix, path) = match parse_proxy_path(request.uri().path()) {
        Ok(parsed) => parsed,
        Err(error) => {
            // A bad path under a known prefix still answers in that
            // provider's shape.
            let provider = request
                .uri()
                .path()
                .strip_prefix(ROUTE_PREFIX)
                .and_then(|rest| rest.split('/').next())
                .and_then(|prefix| gateway.endpoints.get(prefix))
                .map(|endpoint| endpoint.config.provider);
            return (provider, Err(error));
        }
    };
    let Some(endpoint) = gateway.endpoints.get(prefix).cloned() else {
        return (None, Err(GatewayError::UnknownEndpoint));
    };
    let provider = Some(endpoint.config.provider);
    (
        provider,
        forward_to_endpoint(gateway, &endpoint, path, request).await,
    )
}

async fn forward_to_endpoint(
    gateway: &Gateway,
    endpoint: &Endpoint,
    path: ProviderPath,
    request: Request,
) -> Result<Response, GatewayError> {
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
    let body = to_bytes(body, gateway.max_body_bytes)
        .await
        .map_err(|error| {
            let too_large = std::error::Error::source(&error)
                .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            if too_large {
                GatewayError::BodyTooLarge {
                    limit: gateway.max_body_bytes,
                }
            } else {
                GatewayError::BadBody
            }
        })?;
    let client_request = ClientRequest {
        method: parts.method,
        path,
        query: parse_query(parts.uri.query()),
        headers: forwardable_request_headers(&parts.headers),
        body,
    };

    let mut retried = false;
    loop {
        let prepared = endpoint
            .auth
            .prepare(&endpoint.config, &client_request)
            .await?;
        let answer = send(gateway, prepared.request).await?;
        if !retried && endpoint.auth.is_auth_rejection(answer.status, &answer.body) {
            if let AuthOutcome::Token(token) = &prepared.outcome {
                tracing::info!(endpoint = %endpoint.config.prefix, "upstream rejected the token; renewing once");
                endpoint.auth.invalidate(token).await;
                retried = true;
                continue;
            }
        }
        return Ok(answer.into_response());
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
    let answer = builder
        .send()
        .await
        .map_err(|error| classify_send_error(&error))?;
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers = forwardable_response_headers(answer.headers());
    let body = answer
        .bytes()
        .await
        .map_err(|error| classify_send_error(&error))?;
    Ok(UpstreamAnswer {
        status,
        headers,
        body,
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
