//! Huawei Cloud ModelArts DevEnviron (`demanager` v1): wire types, mapping,
//! status table, forms, validation, request building and error decoding, and
//! the decoders the dispatch in [`crate::providers`] calls.

pub mod codes;
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

const PROVIDER: ProviderKind = ProviderKind::ModelArts;

/// One instance object, as received, → [`Instance`].
pub fn parse_instance(
    ctx: &EndpointCtx,
    raw: Value,
    http_status: u16,
) -> Result<Instance, ApiError> {
    let item: wire::Instance = typed(PROVIDER, http_status, &raw, "instance")?;
    Ok(map::to_instance(ctx, &item, raw))
}

/// The answer to `request::list_page(ctx, page)`.
pub fn decode_list(
    ctx: &EndpointCtx,
    page: u32,
    http_status: u16,
    body: &str,
) -> Result<ListPage, ApiError> {
    let value = parse_success(
        PROVIDER,
        http_status,
        body,
        error::decode,
        error::is_error_body,
    )?;
    let list: wire::ListResponse<Value> = typed(PROVIDER, http_status, &value, "list")?;
    list_page(
        ctx,
        page,
        PAGE_SIZE,
        http_status,
        list.instances.unwrap_or_default(),
        list.total_count,
        parse_instance,
    )
}

/// The answer to `request::detail` (also create and update answers).
pub fn decode_detail(
    ctx: &EndpointCtx,
    http_status: u16,
    body: &str,
) -> Result<Instance, ApiError> {
    let value = parse_success(
        PROVIDER,
        http_status,
        body,
        error::decode,
        error::is_error_body,
    )?;
    parse_instance(ctx, value, http_status)
}

/// The answer to an action, update, create or delete.
pub fn decode_ack(http_status: u16, body: &str) -> Result<Value, ApiError> {
    if body.trim().is_empty() && (200..300).contains(&http_status) {
        return Ok(Value::Null);
    }
    let value = parse_success(
        PROVIDER,
        http_status,
        body,
        error::decode,
        error::is_error_body,
    )?;
    Ok(value)
}
