//! SCNet error answers (`{code, msg}` with `code` not `"0"`, also with HTTP
//! 200; bare statuses, empty, non-JSON and HTML bodies) → [`ApiError`], and
//! what each documented code means for the user.

use crate::error::{ApiError, ErrorKind, Explanation};
use crate::json;
use crate::model::ProviderKind;
use crate::providers::lenient::{non_empty, string_of, string_of_json};
use serde_json::Value;

const PROVIDER: ProviderKind = ProviderKind::Scnet;

/// The success code.
pub const OK_CODE: &str = "0";

/// The envelope's `code` as text, if the value is an object that has one.
pub fn code_of(value: &Value) -> Option<String> {
    value
        .as_object()?
        .get("code")
        .and_then(string_of)
        .map(|c| c.trim().to_string())
}

/// Whether a JSON answer carries a code other than `"0"`.
pub fn is_error_body(value: &Value) -> bool {
    code_of(value).is_some_and(|c| c != OK_CODE)
}

/// Any answer treated as an error → [`ApiError`].
pub fn decode(http_status: u16, body: &str) -> ApiError {
    if let Ok(value @ json::Value::Object(_)) = json::parse_value(body.trim()) {
        let msg = value
            .get("msg")
            .or_else(|| value.get("message"))
            .and_then(string_of_json);
        let code = value
            .get("code")
            .and_then(string_of_json)
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if let Some(code) = code.filter(|c| c != OK_CODE) {
            return ApiError {
                provider: PROVIDER,
                kind: ErrorKind::Provider,
                http_status: Some(http_status),
                message: non_empty(msg.as_deref()).unwrap_or_else(|| format!("code {code}")),
                code: Some(code),
                request_id: None,
            };
        }
    }
    ApiError::unrecognised(PROVIDER, http_status, body)
}

/// Whether an SCNet message says the thing asked for does not exist.
pub fn is_not_found_message(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    [
        "not found",
        "not exist",
        "no such",
        "不存在",
        "未找到",
        "找不到",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

/// Codes whose message may name the parameter at fault: `10003` missing
/// parameters, `10004` invalid parameters.
pub const PARAMETER_CODES: [&str; 2] = ["10003", "10004"];

/// The create form field a `10003`/`10004` answer is about: the first
/// create-body field name its message contains as a whole word (ASCII letters
/// and digits; any case), e.g. `invalid parameter timeoutLimit: …` →
/// `timeoutLimit`. `None` for other codes and for messages that name no
/// field (`参数无效`).
pub fn field_of(code: &str, message: &str) -> Option<&'static str> {
    if !PARAMETER_CODES.contains(&code.trim()) {
        return None;
    }
    message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .find_map(|word| {
            super::validate::FIELDS
                .iter()
                .find(|field| field.eq_ignore_ascii_case(word))
                .copied()
        })
}

const fn e(key: &'static str, en: &'static str, zh: &'static str) -> Explanation {
    Explanation::new(key, en, zh)
}

/// Every code seed 003 lists (besides `0`).
pub const EXPLANATIONS: [(&str, Explanation); 9] = [
    (
        "10001",
        e(
            "error.scnet.10001",
            "SCNet had an internal error. Try again later.",
            "SCNet 内部异常,请稍后重试。",
        ),
    ),
    (
        "10003",
        e(
            "error.scnet.10003",
            "Some required parameters are missing. Fill in every required field.",
            "参数不全,请填写所有必填项。",
        ),
    ),
    (
        "10004",
        e(
            "error.scnet.10004",
            "A parameter is invalid. Check the values entered (resource group, image, sizes).",
            "参数无效,请检查填写的内容(资源分组、镜像、规格)。",
        ),
    ),
    (
        "10007",
        e(
            "error.scnet.10007",
            "The SCNet user is frozen. Contact the SCNet administrator.",
            "SCNet 用户已被冻结,请联系 SCNet 管理员。",
        ),
    ),
    (
        "10008",
        e(
            "error.scnet.10008",
            "Not enough permission for this operation.",
            "权限不足,无法执行该操作。",
        ),
    ),
    (
        "10009",
        e(
            "error.scnet.10009",
            "No permission to call this API. The gateway's token for this endpoint may be wrong.",
            "没有权限访问该接口,网关上该端点的 token 可能有误。",
        ),
    ),
    (
        "10010",
        e(
            "error.scnet.10010",
            "A file failed its check.",
            "文件校验失败。",
        ),
    ),
    (
        "10011",
        e("error.scnet.10011", "A file is too large.", "文件过大。"),
    ),
    (
        "10012",
        e(
            "error.scnet.10012",
            "The connection was broken. Try again.",
            "连接中断,请重试。",
        ),
    ),
];

/// What a documented SCNet code means.
pub fn explain(err: &ApiError) -> Option<Explanation> {
    let code = err.code.as_deref()?.trim();
    EXPLANATIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, e)| *e)
}
