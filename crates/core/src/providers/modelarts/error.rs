//! ModelArts error answers (`{error_code, error_message | error_msg}`, plus
//! bare HTTP statuses, empty, non-JSON and HTML bodies) → [`ApiError`], and
//! what each documented `ModelArts.NNNN` code means for the user.

use crate::error::{ApiError, ErrorKind, Explanation};
use crate::model::ProviderKind;
use crate::providers::lenient::{non_empty, string_of};
use serde_json::Value;

const PROVIDER: ProviderKind = ProviderKind::ModelArts;

/// Any answer treated as an error → [`ApiError`].
pub fn decode(http_status: u16, body: &str) -> ApiError {
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body.trim()) {
        let text = |key: &str| non_empty(map.get(key).and_then(string_of).as_deref());
        let nested = map.get("error").and_then(Value::as_object);
        let nested_text = |key: &str| {
            non_empty(
                nested
                    .and_then(|n| n.get(key))
                    .and_then(string_of)
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

/// The create/update body field a code is about.
pub fn field_of_code(code: &str) -> Option<&'static str> {
    use super::validate::*;
    Some(match number_of(code)? {
        "6301" | "6334" => NAME,
        "6316" | "6324" => STORAGE_TYPE,
        "6317" | "6318" | "6358" => STORAGE_PATH,
        "6331" => VOLUME_SIZE,
        "6323" | "6329" => FLAVOR,
        "6346" | "6347" | "6348" | "6349" => AUTO_STOP_DURATION,
        _ => return None,
    })
}

/// What a documented ModelArts code means and what to do.
pub fn explain(err: &ApiError) -> Option<Explanation> {
    let number = err.code.as_deref().and_then(number_of)?;
    EXPLANATIONS
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, e)| *e)
}

const fn e(key: &'static str, en: &'static str, zh: &'static str) -> Explanation {
    Explanation::new(key, en, zh)
}

/// Every code API-NOTES lists.
pub const EXPLANATIONS: [(&str, Explanation); 31] = [
    ("6301", e("error.modelarts.6301", "An instance with this name already exists. Choose another name.", "同名实例已存在,请换一个名称。")),
    ("6302", e("error.modelarts.6302", "The instance quota is reached. Delete instances you no longer need, or ask for a higher quota.", "实例数量已达配额上限。请删除不再需要的实例,或申请提高配额。")),
    ("6304", e("error.modelarts.6304", "A running instance cannot be deleted. Stop it first, then delete it.", "运行中的实例不能删除,请先停止再删除。")),
    ("6305", e("error.modelarts.6305", "The instance is already running.", "实例已在运行中。")),
    ("6306", e("error.modelarts.6306", "The instance is already starting. Wait for it to finish.", "实例正在启动,请等待完成。")),
    ("6307", e("error.modelarts.6307", "The instance is already stopped.", "实例已停止。")),
    ("6308", e("error.modelarts.6308", "The instance is already stopping. Wait for it to finish.", "实例正在停止,请等待完成。")),
    ("6309", e("error.modelarts.6309", "The instance does not exist. It may have been deleted; refresh the list.", "实例不存在,可能已被删除,请刷新列表。")),
    ("6316", e("error.modelarts.6316", "Storage is required. Choose a storage type.", "必须指定存储,请选择存储类型。")),
    ("6317", e("error.modelarts.6317", "The storage path is required. Enter an OBS directory.", "必须填写存储路径,请输入 OBS 目录。")),
    ("6318", e("error.modelarts.6318", "The storage path must end with \"/\".", "存储路径必须以“/”结尾。")),
    ("6323", e("error.modelarts.6323", "This flavor is not supported here. Choose another flavor.", "不支持该规格,请选择其他规格。")),
    ("6324", e("error.modelarts.6324", "This storage type is not supported for the chosen flavor or pool. Choose another storage type.", "所选规格或资源池不支持该存储类型,请选择其他存储类型。")),
    ("6327", e("error.modelarts.6327", "The instance is not running, so this cannot be done now. Start it first.", "实例未在运行,当前无法执行该操作,请先启动实例。")),
    ("6329", e("error.modelarts.6329", "This flavor is sold out. Choose another flavor or try again later.", "该规格已售罄,请选择其他规格或稍后重试。")),
    ("6331", e("error.modelarts.6331", "The EVS disk size must be between 5 and 4096 GB.", "EVS 磁盘大小必须在 5 到 4096 GB 之间。")),
    ("6334", e("error.modelarts.6334", "The name or description contains characters that are not allowed.", "名称或描述中包含不允许的字符。")),
    ("6335", e("error.modelarts.6335", "A required property is missing. Fill in every required field.", "缺少必填属性,请填写所有必填项。")),
    ("6336", e("error.modelarts.6336", "A property has a wrong value. Check the values entered.", "某个属性的取值不正确,请检查填写的内容。")),
    ("6346", e("error.modelarts.6346", "The auto-stop setting is invalid. Set a running time between 1 and 24 hours.", "自动停止设置无效,请设置 1 到 24 小时之间的运行时长。")),
    ("6347", e("error.modelarts.6347", "The auto-stop running time is required when auto-stop is on.", "开启自动停止时必须填写运行时长。")),
    ("6348", e("error.modelarts.6348", "The auto-stop running time must be between 1 and 24 hours.", "自动停止运行时长必须在 1 到 24 小时之间。")),
    ("6349", e("error.modelarts.6349", "Auto-stop cannot be changed for this instance now. Try again when it is running or stopped.", "当前无法修改该实例的自动停止设置,请在实例运行或停止后重试。")),
    ("6357", e("error.modelarts.6357", "Another operation on this instance is in progress. Wait for it to finish.", "该实例有其他操作正在进行,请等待完成。")),
    ("6358", e("error.modelarts.6358", "The OBS path is a bucket root. Choose a directory inside the bucket, e.g. /bucket/dir/.", "OBS 路径不能是桶的根目录,请选择桶内的目录,例如 /bucket/dir/。")),
    ("6360", e("error.modelarts.6360", "Not enough resources for this flavor right now. Try again later or choose another flavor.", "该规格当前资源不足,请稍后重试或选择其他规格。")),
    ("6361", e("error.modelarts.6361", "ModelArts had an internal error. Try again later.", "ModelArts 内部错误,请稍后重试。")),
    ("0201", e("error.modelarts.0201", "No IAM token was sent. The gateway for this endpoint must add X-Auth-Token.", "请求未携带 IAM 令牌,该端点的网关需要添加 X-Auth-Token。")),
    ("0202", e("error.modelarts.0202", "The IAM token has expired. The gateway must fetch a new token.", "IAM 令牌已过期,网关需要重新获取令牌。")),
    ("0203", e("error.modelarts.0203", "The IAM token is invalid. Check the gateway's credentials for this endpoint.", "IAM 令牌无效,请检查网关上该端点的凭证。")),
    ("0210", e("error.modelarts.0210", "The project in the URL does not match the token. Check the endpoint's project_id.", "URL 中的项目与令牌不匹配,请检查端点的 project_id。")),
];
