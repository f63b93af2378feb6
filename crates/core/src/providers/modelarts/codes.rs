//! The ModelArts error codes the console meets, in one table shared by the
//! console's explanations and the emulator's answers: the HTTP status the
//! service answers with, the service's own English message (with `{}` where
//! it fills in a value), and what the code means for a console user.
//!
//! Source: Huawei Cloud ModelArts API Reference, "错误码" (Error Codes), and
//! the Open Telekom Cloud ModelArts API Reference, "Error Codes". Every
//! `ModelArts.63xx` code is answered with HTTP 400, `6309` ("The instance does
//! not exist.") included.

use crate::error::Explanation;

/// One documented code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The number without its `ModelArts.` prefix, e.g. `6309`.
    pub number: &'static str,
    /// The HTTP status the service answers this code with.
    pub http_status: u16,
    /// The service's message; `{}` marks a value it fills in.
    pub message: &'static str,
    /// What it means and what to do, for the console's user.
    pub explanation: Explanation,
}

impl Code {
    /// `ModelArts.6309`.
    pub fn error_code(&self) -> String {
        format!("ModelArts.{}", self.number)
    }

    /// The message with each `{}` replaced by the next of `values`.
    pub fn message_with(&self, values: &[&str]) -> String {
        let mut out = String::with_capacity(self.message.len() + 16);
        let mut parts = self.message.split("{}");
        let mut values = values.iter();
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            out.push_str(values.next().copied().unwrap_or(""));
            out.push_str(part);
        }
        out
    }
}

/// Builds [`CODES`] and [`EXPLAINED`] from one list, so both name the
/// same codes in the same order.
macro_rules! codes {
    ($(($number:literal, $status:literal, $message:literal, $key:literal, $en:literal, $zh:literal),)*) => {
        /// Every code the console explains, with the service's status and
        /// message (the emulator answers with these).
        pub const CODES: [Code; 31] = [$(Code {
            number: $number,
            http_status: $status,
            message: $message,
            explanation: Explanation::new($key, $en, $zh),
        },)*];

        /// The explanations alone, by number: what the console looks up. The
        /// service's own messages come with each answer, so the console's
        /// wasm need not carry them.
        pub static EXPLAINED: [(&str, Explanation); 31] =
            [$(($number, Explanation::new($key, $en, $zh)),)*];
    };
}

codes! {
    ("6301", 400, "The instance already exists.", "error.modelarts.6301", "An instance with this name already exists. Choose another name.", "同名实例已存在,请换一个名称。"),
    ("6302", 400, "The instance count already reaches the maximum value.", "error.modelarts.6302", "The instance quota is reached. Delete instances you no longer need, or ask for a higher quota.", "实例数量已达配额上限。请删除不再需要的实例,或申请提高配额。"),
    ("6304", 400, "Please stop the instance before deleting.", "error.modelarts.6304", "A running instance cannot be deleted. Stop it first, then delete it.", "运行中的实例不能删除,请先停止再删除。"),
    ("6305", 400, "The instance is already running.", "error.modelarts.6305", "The instance is already running.", "实例已在运行中。"),
    ("6306", 400, "The instance is starting.", "error.modelarts.6306", "The instance is already starting. Wait for it to finish.", "实例正在启动,请等待完成。"),
    ("6307", 400, "The instance has already been stopped.", "error.modelarts.6307", "The instance is already stopped.", "实例已停止。"),
    ("6308", 400, "The instance is stopping.", "error.modelarts.6308", "The instance is already stopping. Wait for it to finish.", "实例正在停止,请等待完成。"),
    ("6309", 400, "The instance does not exist.", "error.modelarts.6309", "The instance does not exist. It may have been deleted; refresh the list.", "实例不存在,可能已被删除,请刷新列表。"),
    ("6316", 400, "The param 'storage' is needed for creating notebook instance.", "error.modelarts.6316", "Storage is required. Choose a storage type.", "必须指定存储,请选择存储类型。"),
    ("6317", 400, "The 'path' parameter is required when the storage type is OBS.", "error.modelarts.6317", "The storage path is required. Enter an OBS directory.", "必须填写存储路径,请输入 OBS 目录。"),
    ("6318", 400, "The param 'path' needs to end with /.", "error.modelarts.6318", "The storage path must end with \"/\".", "存储路径必须以“/”结尾。"),
    ("6323", 400, "The flavor is not supported, please check it.", "error.modelarts.6323", "This flavor is not supported here. Choose another flavor.", "不支持该规格,请选择其他规格。"),
    ("6324", 400, "This location type is not supported. Please check it.", "error.modelarts.6324", "This storage type is not supported for the chosen flavor or pool. Choose another storage type.", "所选规格或资源池不支持该存储类型,请选择其他存储类型。"),
    ("6327", 400, "The instance is not in running. Please refresh the page and start it.", "error.modelarts.6327", "The instance is not running, so this cannot be done now. Start it first.", "实例未在运行,当前无法执行该操作,请先启动实例。"),
    ("6329", 400, "Sorry, this flavor specification is sold out. Please try others.", "error.modelarts.6329", "This flavor is sold out. Choose another flavor or try again later.", "该规格已售罄,请选择其他规格或稍后重试。"),
    ("6331", 400, "The evs volume size ranges from {} GB to {} GB.", "error.modelarts.6331", "The EVS disk size must be between 5 and 4096 GB.", "EVS 磁盘大小必须在 5 到 4096 GB 之间。"),
    ("6334", 400, "Invalid value for name or description. The character `{}` is not allowed.", "error.modelarts.6334", "The name or description contains a character that is not allowed.", "名称或描述中包含不允许的字符。"),
    ("6335", 400, "'{}' is a required property.", "error.modelarts.6335", "A required property is missing. Fill in every required field.", "缺少必填属性,请填写所有必填项。"),
    ("6336", 400, "'{}' property value is incorrect.", "error.modelarts.6336", "A property has a wrong value. Check the values entered.", "某个属性的取值不正确,请检查填写的内容。"),
    ("6346", 400, "The timestamp of auto stop must be later than the current timestamp.", "error.modelarts.6346", "The auto-stop time must be later than now. Choose a later time.", "自动停止时间必须晚于当前时间,请选择更晚的时间。"),
    ("6347", 400, "When the instance is in the '{}' status, the '{}' parameter cannot be modified.", "error.modelarts.6347", "This setting cannot be changed while the instance is in its current status. Try again when it is running or stopped.", "实例处于当前状态时不能修改该参数,请在实例运行或停止后重试。"),
    ("6348", 400, "The 'duration' parameter is mandatory for enabling auto stop.", "error.modelarts.6348", "The auto-stop running time is required when auto-stop is on.", "开启自动停止时必须填写运行时长。"),
    ("6349", 400, "The 'duration' parameter is incorrect. The value ranges from {} to {}.", "error.modelarts.6349", "The auto-stop running time must be between 1 and 24 hours.", "自动停止运行时长必须在 1 到 24 小时之间。"),
    ("6357", 400, "The operation is not allowed because another operation is being performed on the instance or the instance is in the target state.", "error.modelarts.6357", "Another operation on this instance is in progress. Wait for it to finish.", "该实例有其他操作正在进行,请等待完成。"),
    ("6358", 400, "The path parameter is incorrect. It cannot be the root directory of an OBS bucket, but must be a specific directory in the OBS bucket.", "error.modelarts.6358", "The OBS path is a bucket root. Choose a directory inside the bucket, e.g. /bucket/dir/.", "OBS 路径不能是桶的根目录,请选择桶内的目录,例如 /bucket/dir/。"),
    ("6360", 400, "Insufficient background resources. Please try again later.", "error.modelarts.6360", "Not enough resources for this flavor right now. Try again later or choose another flavor.", "该规格当前资源不足,请稍后重试或选择其他规格。"),
    ("6361", 400, "ModelArts internal service or configuration error. Submit a service ticket to get professional technical support.", "error.modelarts.6361", "ModelArts had an internal error. Try again later.", "ModelArts 内部错误,请稍后重试。"),
    ("0201", 401, "The X-Auth-Token is missing in the request header.", "error.modelarts.0201", "No IAM token was sent. The gateway for this endpoint must add X-Auth-Token.", "请求未携带 IAM 令牌,该端点的网关需要添加 X-Auth-Token。"),
    ("0202", 401, "The token has expired.", "error.modelarts.0202", "The IAM token has expired. The gateway must fetch a new token.", "IAM 令牌已过期,网关需要重新获取令牌。"),
    ("0203", 401, "Failed to decode the token.", "error.modelarts.0203", "The IAM token is invalid. Check the gateway's credentials for this endpoint.", "IAM 令牌无效,请检查网关上该端点的凭证。"),
    ("0210", 403, "The project ID in the URL does not match the project in the token.", "error.modelarts.0210", "The project in the URL does not match the token. Check the endpoint's project_id.", "URL 中的项目与令牌不匹配,请检查端点的 project_id。"),
}

/// The explanation for `6309`, `ModelArts.6309` (any case of the prefix).
pub fn lookup(code: &str) -> Option<&'static Explanation> {
    let number = super::error::number_of(code)?;
    EXPLAINED.iter().find(|(n, _)| *n == number).map(|(_, e)| e)
}

/// The entry for a number in [`CODES`] (the emulator answers with its status
/// and message); an unknown number gives `6361`, the internal error.
pub fn get(number: &str) -> &'static Code {
    const INTERNAL: usize = 26;
    CODES
        .iter()
        .find(|c| c.number == number)
        .unwrap_or(&CODES[INTERNAL])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_63xx_code_is_http_400() {
        for code in CODES.iter().filter(|c| c.number.starts_with("63")) {
            assert_eq!(code.http_status, 400, "{}", code.number);
        }
        assert_eq!(get("6309").http_status, 400);
        assert_eq!(get("no such code").number, "6361");
    }

    #[test]
    fn messages_fill_their_values_in_order() {
        assert_eq!(
            get("6331").message_with(&["5", "4096"]),
            "The evs volume size ranges from 5 GB to 4096 GB."
        );
        assert_eq!(
            get("6334").message_with(&["<"]),
            "Invalid value for name or description. The character `<` is not allowed."
        );
        assert_eq!(get("6309").error_code(), "ModelArts.6309");
        assert_eq!(
            lookup("modelarts.6336").map(|e| e.key),
            Some("error.modelarts.6336")
        );
        for (code, (number, explanation)) in CODES.iter().zip(EXPLAINED.iter()) {
            assert_eq!((code.number, code.explanation), (*number, *explanation));
        }
        assert!(lookup("ModelArts.9999").is_none());
    }
}
