//! PAI-DSW error answers (`{Code, Message, RequestId, HostId, Recommend}` from
//! the API gateway, `{Success: false, Code, Message, HttpStatusCode}` from
//! DSW, bare statuses, empty, non-JSON and HTML bodies) → [`ApiError`], and
//! what they mean for the user (by code family, else by HTTP status).

use crate::error::{ApiError, ErrorKind, Explanation};
use crate::json;
use crate::model::ProviderKind;
use crate::providers::lenient::{
    bool_of, bool_of_json, int_of, int_of_json, non_empty, string_of_json,
};
use serde_json::Value;

const PROVIDER: ProviderKind = ProviderKind::PaiDsw;

fn text(map: &json::Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| non_empty(map.get(k).and_then(string_of_json).as_deref()))
        .filter(|s| s != "null")
}

/// Any answer treated as an error → [`ApiError`].
pub fn decode(http_status: u16, body: &str) -> ApiError {
    if let Ok(map @ json::Value::Object(_)) = json::parse_value(body.trim()) {
        let code = text(&map, &["Code", "code"]);
        let message = text(&map, &["Message", "message"]);
        let failed = map.get("Success").and_then(bool_of_json) == Some(false);
        let is_error = !(200..300).contains(&http_status)
            || failed
            || map
                .get("HttpStatusCode")
                .and_then(int_of_json)
                .is_some_and(|s| s >= 400);
        if is_error && (code.is_some() || message.is_some()) {
            return ApiError {
                provider: PROVIDER,
                kind: ErrorKind::Provider,
                http_status: Some(http_status),
                message: message.unwrap_or_else(|| code.clone().unwrap_or_default()),
                code,
                request_id: text(&map, &["RequestId", "requestId"]),
            };
        }
    }
    ApiError::unrecognised(PROVIDER, http_status, body)
}

/// Whether a 2xx JSON value is in fact an error: `Success: false`, or an
/// `HttpStatusCode` of 400 or more.
pub fn is_error_body(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    map.get("Success").and_then(bool_of) == Some(false)
        || map
            .get("HttpStatusCode")
            .and_then(int_of)
            .is_some_and(|s| s >= 400)
}

/// The CreateInstance body field a code names, if any.
pub fn field_of_code(code: &str) -> Option<&'static str> {
    use super::validate::*;
    let pairs = [
        ("InstanceName", INSTANCE_NAME),
        ("EcsSpec", ECS_SPEC),
        ("Image", IMAGE),
        ("Priority", PRIORITY),
        ("Accessibility", ACCESSIBILITY),
    ];
    pairs
        .iter()
        .find(|(needle, _)| code.contains(needle))
        .map(|(_, field)| *field)
}

const fn e(key: &'static str, en: &'static str, zh: &'static str) -> Explanation {
    Explanation::new(key, en, zh)
}

/// Code families, matched as substrings of `Code`, in order.
pub const EXPLANATIONS: [(&str, Explanation); 8] = [
    ("NotFound", e("error.pai_dsw.not_found", "The instance (or what it refers to) does not exist. It may have been deleted; refresh the list.", "实例或其引用的资源不存在,可能已被删除,请刷新列表。")),
    ("Throttling", e("error.pai_dsw.throttling", "Too many requests. PAI-DSW is throttling; wait a little and try again.", "请求过于频繁,PAI-DSW 已限流,请稍候重试。")),
    ("Signature", e("error.pai_dsw.signature", "The request signature was rejected. Check the gateway's AccessKey for this endpoint.", "请求签名被拒绝,请检查网关上该端点的 AccessKey。")),
    ("AccessKey", e("error.pai_dsw.access_key", "The AccessKey is invalid or disabled. Check the gateway's credentials for this endpoint.", "AccessKey 无效或已禁用,请检查网关上该端点的凭证。")),
    ("Forbidden", e("error.pai_dsw.forbidden", "Access denied. The RAM user behind this endpoint lacks permission for this operation.", "没有权限,该端点所用 RAM 用户无权执行此操作。")),
    ("Quota", e("error.pai_dsw.quota", "A quota is exhausted. Release instances or resources, or ask for a higher quota.", "配额已用完,请释放实例或资源,或申请提高配额。")),
    ("Insufficient", e("error.pai_dsw.insufficient", "Not enough resources for this spec right now. Try another spec or try again later.", "该规格当前资源不足,请换一个规格或稍后重试。")),
    ("Invalid", e("error.pai_dsw.invalid", "A parameter was rejected as invalid. Check the values entered.", "有参数被判定为无效,请检查填写的内容。")),
];

/// What a DSW error means: by code family where it has one, else `None`
/// (the caller falls back to the HTTP status).
pub fn explain(err: &ApiError) -> Option<Explanation> {
    let code = err.code.as_deref()?;
    EXPLANATIONS
        .iter()
        .find(|(needle, _)| code.contains(needle))
        .map(|(_, e)| *e)
}
