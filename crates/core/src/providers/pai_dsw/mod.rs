//! Alibaba Cloud PAI-DSW (API 2022-01-01): wire types, mapping, status table,
//! create form, validation, request building and error decoding, and the
//! decoders the dispatch in [`crate::providers`] calls.

pub mod error;
pub mod form;
pub mod history;
pub mod item;
pub mod map;
pub mod metrics;
pub mod policy;
pub mod request;
pub mod status;
pub mod validate;
pub mod wire;

use crate::error::ApiError;
use crate::json::{self, Reader};
use crate::model::{Instance, ProviderKind};
use crate::providers::lenient::{read_bool, read_i64, read_string_list, read_string_map, Pairs};
use crate::providers::{
    detail_of, from_text, from_text_serde, list_page, parse_success, success_text, EndpointCtx,
    ListPage,
};
use serde_json::Value;

/// Instances requested per list page.
pub const PAGE_SIZE: u32 = 100;

const PROVIDER: ProviderKind = ProviderKind::PaiDsw;

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

/// The GetInstance answer (instance fields at top level). The envelope
/// fields (`RequestId`, `Success`, …) are removed from the raw JSON.
pub fn decode_detail(
    ctx: &EndpointCtx,
    http_status: u16,
    body: &str,
) -> Result<Instance, ApiError> {
    let mut value = parse_success(
        PROVIDER,
        http_status,
        body,
        error::decode,
        error::is_error_body,
    )?;
    if let Some(map) = value.as_object_mut() {
        for key in ["RequestId", "Success", "Code", "Message", "HttpStatusCode"] {
            map.remove(key);
        }
    }
    let (item, raw) = detail_of(PROVIDER, http_status, value, item::Instance::read)?;
    Ok(map::to_instance(ctx, &item, raw))
}

/// The answer to Create/Update/Delete/Start/StopInstance.
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

/// The ListEcsSpecs answer.
pub fn decode_ecs_specs(
    http_status: u16,
    body: &str,
) -> Result<wire::ListEcsSpecsResponse, ApiError> {
    let text = success_text(http_status, body, error::decode)?;
    let answer: wire::ListEcsSpecsResponse =
        from_text_serde(PROVIDER, http_status, text, "ECS spec list")?;
    if answer.success == Some(false) {
        return Err(error::decode(http_status, body));
    }
    Ok(answer)
}

/// The envelope fields every DSW answer carries beside its own.
#[derive(Debug, Default)]
struct Envelope {
    success: Option<bool>,
    http_status_code: Option<i64>,
}

/// An operation's answer as `read` makes it, after its envelope is checked:
/// a non-2xx status, `Success: false` or an `HttpStatusCode` of 400 or more
/// is DSW's error (decoded by [`error::decode`]).
pub(crate) fn answer<T>(
    http_status: u16,
    body: &str,
    what: &str,
    read: fn(&mut Reader<'_>) -> Result<T, json::Error>,
) -> Result<T, ApiError> {
    let text = success_text(http_status, body, error::decode)?;
    let envelope = from_text(PROVIDER, http_status, text, what, |r| {
        json::read_fields!(r, Envelope {
            "Success" => success: read_bool,
            "HttpStatusCode" => http_status_code: read_i64,
        })
    })?;
    if envelope.success == Some(false) || envelope.http_status_code.is_some_and(|s| s >= 400) {
        return Err(error::decode(http_status, body));
    }
    from_text(PROVIDER, http_status, text, what, read)
}

/// The StopInstances or DeleteInstances answer: the ids DSW took
/// (`InstanceIds`) and, if access was denied, why (`AccessDeniedDetail`).
pub fn decode_batch(http_status: u16, body: &str) -> Result<crate::batch::BatchOutcome, ApiError> {
    #[derive(Default)]
    struct Answer {
        ids: Option<Vec<String>>,
        denied: Option<Pairs>,
    }
    let a = answer(http_status, body, "batch answer", |r| {
        json::read_fields!(r, Answer {
            "InstanceIds" => ids: read_string_list,
            "AccessDeniedDetail" => denied: read_string_map,
        })
    })?;
    Ok(crate::batch::BatchOutcome {
        accepted: a.ids.unwrap_or_default(),
        denied: a.denied.and_then(denial),
    })
}

/// `AccessDeniedDetail` as one line (`NoPermissionType`, `PolicyType` and
/// `AuthAction` first, as Alibaba Cloud names them, then any other member);
/// `None` when it says nothing (empty, or only empty values and `{}`).
fn denial(detail: Pairs) -> Option<String> {
    let said = |v: &String| !matches!(v.trim(), "" | "{}" | "null");
    let first = ["NoPermissionType", "PolicyType", "AuthAction"];
    let mut parts: Vec<String> = first
        .iter()
        .filter_map(|k| {
            detail
                .get(k)
                .filter(|v| said(v))
                .map(|v| format!("{k}: {v}"))
        })
        .collect();
    parts.extend(
        detail
            .iter()
            .filter(|(k, v)| !first.contains(&k.as_str()) && said(v))
            .map(|(k, v)| format!("{k}: {v}")),
    );
    (!parts.is_empty()).then(|| parts.join("; "))
}
