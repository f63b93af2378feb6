//! Huawei Cloud ModelArts DevEnviron (`demanager` v1): wire types, mapping,
//! status table, forms, validation, request building and error decoding, and
//! the decoders the dispatch in [`crate::providers`] calls.

pub mod codes;
pub mod error;
pub mod form;
pub mod item;
pub mod map;
pub mod request;
pub mod status;
pub mod validate;
pub mod wire;

use crate::error::ApiError;
use crate::model::{Instance, ProviderKind};
use crate::providers::{
    detail_of, from_text, list_page, parse_success, success_text, EndpointCtx, ListPage,
};
use serde_json::Value;

/// Instances requested per list page (the API's maximum).
pub const PAGE_SIZE: u32 = 100;

const PROVIDER: ProviderKind = ProviderKind::ModelArts;

/// One instance object's text, as received, → [`Instance`] (with the text
/// kept as its raw JSON).
pub fn parse_instance(
    ctx: &EndpointCtx,
    raw: &str,
    http_status: u16,
) -> Result<Instance, ApiError> {
    let item = from_text(PROVIDER, http_status, raw, "instance", item::Instance::read)?;
    Ok(map::to_instance(
        ctx,
        &item,
        crate::model::RawJson::from_text(raw),
    ))
}

/// The answer to `request::list_page(ctx, page)`, decoded in one pass.
pub fn decode_list(
    ctx: &EndpointCtx,
    page: u32,
    http_status: u16,
    body: &str,
) -> Result<ListPage, ApiError> {
    let text = success_text(http_status, body, error::decode)?;
    let list = from_text(PROVIDER, http_status, text, "list", item::ListPage::read)?;
    if list.is_error() {
        return Err(error::decode(http_status, body));
    }
    Ok(list_page(
        ctx,
        page,
        PAGE_SIZE,
        list.instances.unwrap_or_default(),
        list.total_count,
        map::to_list_item,
    ))
}

/// The detail answer: the instance object itself.
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
    let (item, raw) = detail_of(PROVIDER, http_status, value, item::Instance::read)?;
    Ok(map::to_instance(ctx, &item, raw))
}

/// The answer to an update, action or delete.
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
