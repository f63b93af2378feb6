//! Answers the gateway gives itself (refusals, token failures, upstream
//! timeouts), shaped like the provider's own error body so the console's
//! decoders read them, and marked with `x-devenv-gateway-error`. They never
//! carry a secret.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::config::Provider;
use crate::token::TokenError;

/// Header naming the gateway's own error code on answers it made itself.
pub const GATEWAY_ERROR_HEADER: &str = "x-devenv-gateway-error";

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("no endpoint is configured under this prefix")]
    UnknownEndpoint,
    #[error("this path is not forwarded by the endpoint")]
    PathNotForwarded,
    #[error("refused path: {0}")]
    BadPath(&'static str),
    #[error("requests may not name another host")]
    ForeignTarget,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("request body is larger than {limit} bytes")]
    BodyTooLarge { limit: usize },
    #[error("request body could not be read")]
    BadBody,
    #[error("could not authenticate with the provider: {0}")]
    Credentials(#[from] TokenError),
    #[error("the provider did not answer in time")]
    UpstreamTimeout,
    #[error("the provider could not be reached: {0}")]
    UpstreamUnreachable(&'static str),
    #[error("origin not allowed")]
    OriginNotAllowed,
    #[error("not signed in: {reason}")]
    Unauthenticated {
        reason: String,
        login_url: Option<String>,
        /// Whether to answer `WWW-Authenticate: Bearer` (mode `oidc`).
        bearer: bool,
    },
    #[error("{0}")]
    Forbidden(String),
    #[error("changes are accepted only from the console's own site, not from another site's page")]
    CrossSite,
    #[error("changes are accepted only from the console: the X-DevEnv-Console header is missing")]
    ConsoleHeaderMissing,
    #[error("this host name is not served by the gateway (see allowed_hosts)")]
    HostNotAllowed,
    #[error("the provider's answer is larger than {limit} bytes")]
    UpstreamTooLarge { limit: usize },
    #[error("the request was not received in time")]
    ClientTimeout,
    #[error("the gateway is busy; try again")]
    Busy,
    #[error("the gateway failed while handling this request")]
    Internal,
}

impl GatewayError {
    pub fn status(&self) -> StatusCode {
        match self {
            GatewayError::UnknownEndpoint | GatewayError::PathNotForwarded => StatusCode::NOT_FOUND,
            GatewayError::BadPath(_) | GatewayError::ForeignTarget | GatewayError::BadBody => {
                StatusCode::BAD_REQUEST
            }
            GatewayError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            GatewayError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            GatewayError::Credentials(_) | GatewayError::UpstreamUnreachable(_) => {
                StatusCode::BAD_GATEWAY
            }
            GatewayError::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
            GatewayError::OriginNotAllowed
            | GatewayError::Forbidden(_)
            | GatewayError::CrossSite
            | GatewayError::ConsoleHeaderMissing => StatusCode::FORBIDDEN,
            GatewayError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            GatewayError::HostNotAllowed => StatusCode::BAD_REQUEST,
            GatewayError::UpstreamTooLarge { .. } => StatusCode::BAD_GATEWAY,
            GatewayError::ClientTimeout => StatusCode::REQUEST_TIMEOUT,
            GatewayError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            GatewayError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            GatewayError::UnknownEndpoint => "Gateway.UnknownEndpoint",
            GatewayError::PathNotForwarded => "Gateway.PathNotForwarded",
            GatewayError::BadPath(_) => "Gateway.BadPath",
            GatewayError::ForeignTarget => "Gateway.ForeignTarget",
            GatewayError::MethodNotAllowed => "Gateway.MethodNotAllowed",
            GatewayError::BodyTooLarge { .. } => "Gateway.BodyTooLarge",
            GatewayError::BadBody => "Gateway.BadBody",
            GatewayError::Credentials(_) => "Gateway.Credentials",
            GatewayError::UpstreamTimeout => "Gateway.UpstreamTimeout",
            GatewayError::UpstreamUnreachable(_) => "Gateway.UpstreamUnreachable",
            GatewayError::OriginNotAllowed => "Gateway.OriginNotAllowed",
            GatewayError::Unauthenticated { .. } => "Gateway.Unauthenticated",
            GatewayError::Forbidden(_) => "Gateway.Forbidden",
            GatewayError::CrossSite => "Gateway.CrossSite",
            GatewayError::ConsoleHeaderMissing => "Gateway.ConsoleHeaderMissing",
            GatewayError::HostNotAllowed => "Gateway.HostNotAllowed",
            GatewayError::UpstreamTooLarge { .. } => "Gateway.UpstreamTooLarge",
            GatewayError::ClientTimeout => "Gateway.ClientTimeout",
            GatewayError::Busy => "Gateway.Busy",
            GatewayError::Internal => "Gateway.Internal",
        }
    }

    /// The sign-in address of an `Unauthenticated` error.
    pub fn login_url(&self) -> Option<&str> {
        match self {
            GatewayError::Unauthenticated { login_url, .. } => login_url.as_deref(),
            _ => None,
        }
    }

    /// The answer of the gateway's own routes (`_session`):
    /// `{"error": {"code", "message", "login_url"}}`.
    pub fn to_session_response(&self) -> Response {
        let body = json!({ "error": {
            "code": self.code(),
            "message": self.to_string(),
            "login_url": self.login_url(),
        }});
        self.finish((self.status(), Json(body)).into_response())
    }

    /// Adds the error header (and `WWW-Authenticate` for bearer tokens).
    fn finish(&self, mut response: Response) -> Response {
        response
            .headers_mut()
            .insert(GATEWAY_ERROR_HEADER, HeaderValue::from_static(self.code()));
        if let GatewayError::Unauthenticated { bearer: true, .. } = self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"devenv-gateway\""),
            );
        }
        response
    }

    /// The answer, in `provider`'s error shape when known.
    pub fn to_response(&self, provider: Option<Provider>) -> Response {
        let status = self.status();
        let code = self.code();
        let message = self.to_string();
        let mut body = match provider {
            Some(Provider::ModelArts) => json!({ "error_code": code, "error_msg": message }),
            Some(Provider::PaiDsw) => json!({
                "RequestId": "", "Code": code, "Message": message,
                "Success": false, "HttpStatusCode": status.as_u16()
            }),
            Some(Provider::Scnet) => json!({ "code": code, "msg": message, "data": null }),
            None => json!({ "code": code, "message": message }),
        };
        if let (GatewayError::Unauthenticated { login_url, .. }, Some(fields)) =
            (self, body.as_object_mut())
        {
            fields.insert("login_url".to_string(), json!(login_url));
        }
        self.finish((status, Json(body)).into_response())
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        self.to_response(None)
    }
}
