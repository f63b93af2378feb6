//! CORS for a console hosted on another origin (a CDN): only origins in
//! `cors_allowed_origins` get preflight answers and `Access-Control-Allow-*`
//! headers; a preflight from any other origin is refused with 403. No
//! credentials (cookies) are ever allowed cross-origin. Answers to listed
//! origins expose the providers' request-id headers and the gateway's own
//! error header. The providers' own `Access-Control-*` headers never reach
//! the browser (the proxy drops them), so these are the only ones.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{GatewayError, GATEWAY_ERROR_HEADER};
use crate::proxy::REQUEST_ID_HEADERS;

const ALLOWED_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE";
const PREFLIGHT_MAX_AGE_SECONDS: &str = "600";

/// The allowed origins, compared exactly (`https://console.example.com`).
#[derive(Debug, Clone, Default)]
pub struct CorsPolicy {
    allowed_origins: Arc<Vec<String>>,
}

impl CorsPolicy {
    pub fn new(allowed_origins: Vec<String>) -> Self {
        CorsPolicy {
            allowed_origins: Arc::new(allowed_origins),
        }
    }

    fn allows(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }
}

fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// Middleware applying [`CorsPolicy`].
pub async fn apply_cors(
    State(policy): State<CorsPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let preflight = is_preflight(request.method(), request.headers());
    let Some(origin) = origin else {
        return next.run(request).await;
    };
    let allowed = origin
        .to_str()
        .map(|text| policy.allows(text))
        .unwrap_or(false);
    if preflight {
        if !allowed {
            return GatewayError::OriginNotAllowed.into_response();
        }
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOWED_METHODS),
        );
        if let Some(requested) = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested.clone());
        }
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(PREFLIGHT_MAX_AGE_SECONDS),
        );
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        return response;
    }
    let mut response = next.run(request).await;
    if allowed {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if let Ok(exposed) = HeaderValue::from_str(&exposed_headers()) {
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, exposed);
        }
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// `Access-Control-Expose-Headers` of answers to allowed origins: the
/// providers' request-id headers and the gateway's error header.
pub fn exposed_headers() -> String {
    REQUEST_ID_HEADERS
        .iter()
        .copied()
        .chain([GATEWAY_ERROR_HEADER])
        .collect::<Vec<_>>()
        .join(", ")
}
