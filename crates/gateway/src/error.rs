//! Answers the gateway gives itself (refusals, token failures, upstream
//! timeouts), shaped like the provider's own error body so the console's
//! decoders read them, and marked with `x-devenv-gateway-error`. They never
//! carry a secret.

use axum::http::{HeaderValue, StatusCode};
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
            GatewayError::OriginNotAllowed => StatusCode::FORBIDDEN,
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
        }
    }

    /// The answer, in `provider`'s error shape when known.
    pub fn to_response(&self, provider: Option<Provider>) -> Response {
        let status = self.status();
        let code = self.code();
        let message = self.to_string();
        let body = match provider {
            Some(Provider::ModelArts) => json!({ "error_code": code, "error_msg": message }),
            Some(Provider::PaiDsw) => json!({
                "RequestId": "", "Code": code, "Message": message,
                "Success": false, "HttpStatusCode": status.as_u16()
            }),
            Some(Provider::Scnet) => json!({ "code": code, "msg": message, "data": null }),
            None => json!({ "code": code, "message": message }),
        };
        let mut response = (status, Json(body)).into_response();
        response
            .headers_mut()
            .insert(GATEWAY_ERROR_HEADER, HeaderValue::from_static(code));
        response
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        self.to_response(None)
    }
}
