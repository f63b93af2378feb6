//! Placeholder while the provider is written.
pub mod error {
    use crate::error::{ApiError, Explanation};
    pub fn decode(s: u16, b: &str) -> ApiError {
        ApiError::http(crate::model::ProviderKind::Scnet, s, b)
    }
    pub fn field_of_code(_c: &str) -> Option<&'static str> {
        None
    }
    pub fn explain(_e: &ApiError) -> Option<Explanation> {
        None
    }
    pub fn is_not_found_message(_m: &str) -> bool {
        false
    }
}
pub mod status {
    use crate::model::{Action, StatusClass};
    pub fn class(_s: &str) -> StatusClass {
        StatusClass::Unknown
    }
    pub fn allowed_actions(_s: &str) -> Vec<Action> {
        Vec::new()
    }
    pub fn pending(_a: Action) -> &'static str {
        ""
    }
}
pub mod request {
    use crate::providers::EndpointCtx;
    use crate::request::{Method, RequestSpec};
    pub fn list_page(_c: &EndpointCtx, _p: u32) -> RequestSpec {
        RequestSpec::new(Method::Get, "/")
    }
    pub fn detail(_c: &EndpointCtx, _i: &str) -> RequestSpec {
        RequestSpec::new(Method::Get, "/")
    }
    pub fn action(_c: &EndpointCtx, _i: &str, _a: crate::model::Action) -> Option<RequestSpec> {
        None
    }
}
use crate::error::ApiError;
use crate::providers::{EndpointCtx, ListPage};
pub const PAGE_SIZE: u32 = 100;
pub fn decode_list(_c: &EndpointCtx, _p: u32, s: u16, b: &str) -> Result<ListPage, ApiError> {
    Err(error::decode(s, b))
}
pub fn decode_detail(
    _c: &EndpointCtx,
    s: u16,
    b: &str,
) -> Result<crate::model::Instance, ApiError> {
    Err(error::decode(s, b))
}
pub fn decode_ack(s: u16, b: &str) -> Result<serde_json::Value, ApiError> {
    Err(error::decode(s, b))
}
