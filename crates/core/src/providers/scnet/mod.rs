//! SCNet (Sugon AC) AI openapi v2 container instances: wire types, mapping,
//! status table, create form, validation, request building and error
//! decoding, and the decoders the dispatch in [`crate::providers`] calls.

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

/// Tasks requested per list page.
pub const PAGE_SIZE: u32 = 100;

const PROVIDER: ProviderKind = ProviderKind::Scnet;

/// One task object's text, as received, → [`Instance`] (with the text kept
/// as its raw JSON).
pub fn parse_instance(
    ctx: &EndpointCtx,
    raw: &str,
    http_status: u16,
) -> Result<Instance, ApiError> {
    let task = from_text(PROVIDER, http_status, raw, "instance", item::Task::read)?;
    Ok(map::to_instance(
        ctx,
        &task,
        crate::model::RawJson::from_text(raw),
    ))
}

fn success_value(http_status: u16, body: &str) -> Result<Value, ApiError> {
    parse_success(
        PROVIDER,
        http_status,
        body,
        error::decode,
        error::is_error_body,
    )
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
        list.data.unwrap_or_default(),
        list.total,
        map::to_list_item,
    ))
}

/// The detail answer `{code, msg, data}`: `data` is the task.
pub fn decode_detail(
    ctx: &EndpointCtx,
    http_status: u16,
    body: &str,
) -> Result<Instance, ApiError> {
    let mut value = success_value(http_status, body)?;
    match value.get_mut("data").map(Value::take) {
        Some(raw @ Value::Object(_)) => {
            let (task, raw) = detail_of(PROVIDER, http_status, raw, item::Task::read)?;
            Ok(map::to_instance(ctx, &task, raw))
        }
        _ => Err(ApiError::decode(
            PROVIDER,
            http_status,
            "the answer holds no instance",
        )),
    }
}

/// The answer to create, restart or delete.
pub fn decode_ack(http_status: u16, body: &str) -> Result<Value, ApiError> {
    if body.trim().is_empty() && (200..300).contains(&http_status) {
        return Ok(Value::Null);
    }
    success_value(http_status, body)
}
