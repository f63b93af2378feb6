//! SCNet (Sugon AC) AI openapi v2 container instances: wire types, mapping,
//! status table, create form, validation, request building and error
//! decoding, and the decoders the dispatch in [`crate::providers`] calls.

pub mod error;
pub mod form;
pub mod map;
pub mod request;
pub mod status;
pub mod validate;
pub mod wire;

use crate::error::ApiError;
use crate::model::{Instance, ProviderKind};
use crate::providers::{list_page, parse_success, typed, EndpointCtx, ListPage};
use serde_json::Value;

/// Instances requested per list page.
pub const PAGE_SIZE: u32 = 100;

const PROVIDER: ProviderKind = ProviderKind::Scnet;

/// One task object, as received, → [`Instance`].
pub fn parse_instance(
    ctx: &EndpointCtx,
    raw: Value,
    http_status: u16,
) -> Result<Instance, ApiError> {
    let task: wire::Task = typed(PROVIDER, http_status, &raw, "instance")?;
    Ok(map::to_instance(ctx, &task, raw))
}

/// The JSON of a successful answer: 2xx, JSON, and `code` `"0"`.
fn success_value(http_status: u16, body: &str) -> Result<Value, ApiError> {
    let value = parse_success(
        PROVIDER,
        http_status,
        body,
        error::decode,
        error::is_error_body,
    )?;
    Ok(value)
}

/// The answer to `request::list_page(ctx, page)`.
pub fn decode_list(
    ctx: &EndpointCtx,
    page: u32,
    http_status: u16,
    body: &str,
) -> Result<ListPage, ApiError> {
    let value = success_value(http_status, body)?;
    let list: wire::ListEnvelope<Value> = typed(PROVIDER, http_status, &value, "list")?;
    list_page(
        ctx,
        page,
        PAGE_SIZE,
        http_status,
        list.data.unwrap_or_default(),
        list.total,
        parse_instance,
    )
}

/// The answer to `request::detail`: `{code, msg, data: task}`.
pub fn decode_detail(
    ctx: &EndpointCtx,
    http_status: u16,
    body: &str,
) -> Result<Instance, ApiError> {
    let value = success_value(http_status, body)?;
    let envelope: wire::DetailEnvelope<Value> = typed(PROVIDER, http_status, &value, "detail")?;
    match envelope.data {
        Some(raw @ Value::Object(_)) => parse_instance(ctx, raw, http_status),
        _ => Err(ApiError::decode(
            PROVIDER,
            http_status,
            "the answer holds no instance",
        )),
    }
}

/// The answer to create, start, stop or delete: the whole envelope.
pub fn decode_ack(http_status: u16, body: &str) -> Result<Value, ApiError> {
    if body.trim().is_empty() && (200..300).contains(&http_status) {
        return Ok(Value::Null);
    }
    success_value(http_status, body)
}
