//! ModelArts error answers (`{error_code, error_message | error_msg}`, plus
//! bare HTTP statuses, empty, non-JSON and HTML bodies) → [`ApiError`], and
//! what each documented `ModelArts.NNNN` code means for the user.

use crate::error::{ApiError, ErrorKind, Explanation};
use crate::json;
use crate::model::ProviderKind;
use crate::providers::lenient::{non_empty, string_of_json};
use serde_json::Value;

const PROVIDER: ProviderKind = ProviderKind::ModelArts;

/// Any answer treated as an error → [`ApiError`].
pub fn decode(http_status: u16, body: &str) -> ApiError {
    if let Ok(map @ json::Value::Object(_)) = json::parse_value(body.trim()) {
        let text = |key: &str| non_empty(map.get(key).and_then(string_of_json).as_deref());
        let nested = map.get("error").filter(|n| n.is_object());
        let nested_text = |key: &str| {
            non_empty(
                nested
                    .and_then(|n| n.get(key))
                    .and_then(string_of_json)
                    .as_deref(),
            )
        };
        let code = text("error_code").or_else(|| nested_text("code"));
        let message = text("error_message")
            .or_else(|| text("error_msg"))
            .or_else(|| nested_text("message"));
        if code.is_some() || message.is_some() {
            return ApiError {
                provider: PROVIDER,
                kind: ErrorKind::Provider,
                http_status: Some(http_status),
                message: message.unwrap_or_else(|| code.clone().unwrap_or_default()),
                code,
                request_id: text("request_id").or_else(|| text("X-Request-Id")),
            };
        }
    }
    ApiError::unrecognised(PROVIDER, http_status, body)
}

/// Whether a 2xx JSON value is in fact an error body (it has `error_code` and
/// an error message, and no instance `id`).
pub fn is_error_body(value: &Value) -> bool {
    value.as_object().is_some_and(|m| {
        m.get("error_code").is_some_and(|c| !c.is_null())
            && (m.contains_key("error_message") || m.contains_key("error_msg"))
            && !m.contains_key("id")
    })
}

/// `6309` for `ModelArts.6309` (or a bare `6309`); `None` for other codes.
pub fn number_of(code: &str) -> Option<&str> {
    let code = code.trim();
    let number = match code.get(..10) {
        Some(prefix) if prefix.eq_ignore_ascii_case("modelarts.") => &code[10..],
        _ => code,
    };
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(number)
}

/// `ModelArts.6309`: the instance does not exist.
pub fn is_not_found_code(code: Option<&str>) -> bool {
    code.and_then(number_of) == Some("6309")
}

/// The create/update body field an error is about: the parameter its
/// message names (`'duration' …`, `'name' is a required property.`), and for
/// `6334` ("The character `{}` is not allowed.") the field whose rule forbids
/// that character: one of `& < > " ' /` is the description's rule, any other
/// the name's.
pub fn field_of(code: &str, message: &str) -> Option<&'static str> {
    use super::validate::*;
    let number = number_of(code)?;
    let named = quoted_parameters(message)
        .into_iter()
        .rev()
        .find_map(field_of_parameter);
    Some(match number {
        "6301" => NAME,
        "6316" | "6324" => STORAGE_TYPE,
        "6317" | "6318" | "6358" => STORAGE_PATH,
        "6331" => VOLUME_SIZE,
        "6323" | "6329" => FLAVOR,
        "6346" | "6348" | "6349" => AUTO_STOP_DURATION,
        "6334" => match between(message, '`', '`').and_then(|c| c.chars().next()) {
            Some(c) if DESCRIPTION_FORBIDDEN.contains(c) => DESCRIPTION,
            Some(_) => NAME,
            None => named?,
        },
        "6332" | "6335" | "6336" | "6347" => named?,
        _ => return None,
    })
}

/// The `'…'`-quoted words of a message, in order.
fn quoted_parameters(message: &str) -> Vec<&str> {
    message.split('\'').skip(1).step_by(2).collect()
}

fn between(text: &str, open: char, close: char) -> Option<&str> {
    let start = text.find(open)? + open.len_utf8();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// The form field of a request parameter the service names in a message.
fn field_of_parameter(parameter: &str) -> Option<&'static str> {
    use super::validate::*;
    let last = parameter.rsplit('.').next().unwrap_or(parameter);
    Some(match last {
        "name" => NAME,
        "description" => DESCRIPTION,
        "profile_id" => PROFILE_ID,
        "flavor" => FLAVOR,
        "storage" | "type" => STORAGE_TYPE,
        "path" | "location" => STORAGE_PATH,
        "volume_size" => VOLUME_SIZE,
        "duration" | "auto_stop" | "enable" => AUTO_STOP_DURATION,
        _ => return None,
    })
}

/// What a documented ModelArts code means and what to do.
pub fn explain(err: &ApiError) -> Option<Explanation> {
    err.code.as_deref().and_then(super::codes::lookup).copied()
}
