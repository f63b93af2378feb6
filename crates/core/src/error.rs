//! [`ApiError`]: every failure talking to a provider, normalised to one shape
//! (provider, HTTP status, code, message, request id) whatever the provider's
//! own error body looked like.

use crate::model::ProviderKind;
use serde::{Deserialize, Serialize};

/// Where a failure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorKind {
    /// The provider answered with its own error body.
    Provider,
    /// An HTTP error status without a provider error body.
    Http,
    /// The request never got an answer (connection refused, reset, CORS …).
    Network,
    /// No answer within the endpoint's timeout.
    Timeout,
    /// The answer was not what the provider's document describes.
    Decode,
}

/// One provider failure, whatever its origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{} {}: {}", provider.display_name(), code.as_deref().unwrap_or("error"), message)]
pub struct ApiError {
    pub provider: ProviderKind,
    pub kind: ErrorKind,
    pub http_status: Option<u16>,
    /// The provider's error code (`ModelArts.6309`, `InstanceNotFound`, `10004` …).
    pub code: Option<String>,
    /// The provider's message, or ours where it gave none.
    pub message: String,
    pub request_id: Option<String>,
}

impl ApiError {
    pub fn new(provider: ProviderKind, kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            provider,
            kind,
            http_status: None,
            code: None,
            message: message.into(),
            request_id: None,
        }
    }

    pub fn network(provider: ProviderKind, message: impl Into<String>) -> Self {
        ApiError::new(provider, ErrorKind::Network, message)
    }

    pub fn timeout(provider: ProviderKind, seconds: u32) -> Self {
        ApiError::new(
            provider,
            ErrorKind::Timeout,
            format!("no answer within {seconds} s"),
        )
    }

    pub fn decode(provider: ProviderKind, http_status: u16, message: impl Into<String>) -> Self {
        ApiError {
            http_status: Some(http_status),
            ..ApiError::new(provider, ErrorKind::Decode, message)
        }
    }

    /// Whether a retry of the same request may succeed (network, timeout, 5xx).
    pub fn is_transient(&self) -> bool {
        matches!(self.kind, ErrorKind::Network | ErrorKind::Timeout)
            || self.http_status.is_some_and(|s| s >= 500)
    }

    /// The bare code without the provider prefix (`6309` for `ModelArts.6309`).
    pub fn short_code(&self) -> Option<&str> {
        self.code
            .as_deref()
            .map(|c| c.rsplit_once('.').map(|(_, n)| n).unwrap_or(c))
    }
}

/// A translatable "what happened / what to do" for one failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// Names the explanation, e.g. `error.modelarts.6309`, for tests and
    /// tools. Native builds only: the console shows the text, so its wasm
    /// does not carry the keys.
    #[cfg(not(target_family = "wasm"))]
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Explanation {
    pub const fn new(key: &'static str, en: &'static str, zh: &'static str) -> Self {
        #[cfg(target_family = "wasm")]
        let _ = key;
        Explanation {
            #[cfg(not(target_family = "wasm"))]
            key,
            en,
            zh,
        }
    }

    /// The text for a locale tag (`zh…` gets Chinese, anything else English).
    pub fn text(&self, locale: &str) -> &'static str {
        if locale.starts_with("zh") {
            self.zh
        } else {
            self.en
        }
    }
}

impl ApiError {
    /// An error answer without a usable provider body: `HTTP 502 Bad Gateway`
    /// plus a short excerpt of the body, if it had one.
    /// An answer that is not the provider's error shape: a decode error when
    /// the status says success, the bare HTTP status otherwise.
    pub fn unrecognised(provider: ProviderKind, http_status: u16, body: &str) -> Self {
        if (200..300).contains(&http_status) {
            ApiError::decode(
                provider,
                http_status,
                format!("unexpected answer: {}", body_excerpt(body, 120)),
            )
        } else {
            ApiError::http(provider, http_status, body)
        }
    }

    pub fn http(provider: ProviderKind, http_status: u16, body: &str) -> Self {
        let head = match http_reason(http_status) {
            "" => format!("HTTP {http_status}"),
            reason => format!("HTTP {http_status} {reason}"),
        };
        let excerpt = body_excerpt(body, 120);
        let message = if excerpt.is_empty() {
            head
        } else {
            format!("{head}: {excerpt}")
        };
        ApiError {
            http_status: Some(http_status),
            ..ApiError::new(provider, ErrorKind::Http, message)
        }
    }

    /// Whether the instance (or the thing asked for) does not exist: HTTP 404,
    /// `ModelArts.6309`, a PAI-DSW code containing `NotFound`, an SCNet answer
    /// saying so.
    pub fn is_not_found(&self) -> bool {
        if self.http_status == Some(404) {
            return true;
        }
        match self.provider {
            ProviderKind::ModelArts => {
                crate::providers::modelarts::error::is_not_found_code(self.code.as_deref())
            }
            ProviderKind::PaiDsw => self.code.as_deref().is_some_and(|c| c.contains("NotFound")),
            ProviderKind::Scnet => {
                self.kind == ErrorKind::Provider
                    && crate::providers::scnet::error::is_not_found_message(&self.message)
            }
        }
    }

    /// The request-body field path the provider's code names, so a form can
    /// show the error on that field (`ModelArts.6318` → `spec.storage.location.path`).
    pub fn field(&self) -> Option<&'static str> {
        let code = self.code.as_deref()?;
        match self.provider {
            ProviderKind::ModelArts => {
                crate::providers::modelarts::error::field_of(code, &self.message)
            }
            ProviderKind::PaiDsw => crate::providers::pai_dsw::error::field_of_code(code),
            ProviderKind::Scnet => crate::providers::scnet::error::field_of(code, &self.message),
        }
    }

    /// The error with `request_id` filled in from the answer's header when
    /// the body named none (ModelArts sends it only as `X-Request-Id`).
    pub fn or_request_id(mut self, request_id: Option<String>) -> Self {
        if self.request_id.is_none() {
            self.request_id = request_id;
        }
        self
    }

    /// See [`explanation`].
    pub fn explanation(&self) -> Explanation {
        explanation(self)
    }
}

/// What happened and what to do, for any [`ApiError`]: the provider's own code
/// where it is known, else the HTTP status, else the kind of failure.
pub fn explanation(err: &ApiError) -> Explanation {
    match err.kind {
        ErrorKind::Network => NETWORK,
        ErrorKind::Timeout => TIMEOUT,
        ErrorKind::Decode => DECODE,
        ErrorKind::Provider | ErrorKind::Http if is_gateway_code(err.code.as_deref()) => {
            gateway_explanation(err.code.as_deref().unwrap_or_default())
                .unwrap_or_else(|| explain_http_status(err.http_status))
        }
        ErrorKind::Provider | ErrorKind::Http => {
            let specific = match err.provider {
                ProviderKind::ModelArts => crate::providers::modelarts::error::explain(err),
                ProviderKind::PaiDsw => crate::providers::pai_dsw::error::explain(err),
                ProviderKind::Scnet => crate::providers::scnet::error::explain(err),
            };
            specific.unwrap_or_else(|| explain_http_status(err.http_status))
        }
    }
}

/// Whether a code is the gateway's own (`Gateway.Forbidden` …), not the
/// provider's: the gateway answers in the provider's error shape.
pub fn is_gateway_code(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("Gateway."))
}

/// What the gateway's own refusals mean.
fn gateway_explanation(code: &str) -> Option<Explanation> {
    Some(match code {
        "Gateway.Forbidden" => Explanation::new(
            "error.gateway.forbidden",
            "Your role on this endpoint does not allow this. Ask whoever runs the console's gateway for a role that does.",
            "你在该端点上的角色不允许此操作。请联系控制台网关的管理员授予相应角色。",
        ),
        "Gateway.Unauthenticated" => Explanation::new(
            "error.gateway.unauthenticated",
            "You are not signed in, or your sign-in has expired. Reload the page to sign in again.",
            "你尚未登录或登录已过期。请刷新页面重新登录。",
        ),
        "Gateway.CrossSite" | "Gateway.ConsoleHeaderMissing" => Explanation::new(
            "error.gateway.not_from_console",
            "The gateway only accepts changes sent by the console itself. Open the console's own address and try again.",
            "网关只接受由控制台本身发出的修改请求。请打开控制台自己的地址后重试。",
        ),
        _ => return None,
    })
}

const NETWORK: Explanation = Explanation::new(
    "error.network",
    "The endpoint could not be reached. Check the network connection and that the gateway at the endpoint's base URL is running and allows this origin (CORS).",
    "无法连接到该端点。请检查网络连接,并确认端点 base URL 处的网关正在运行且允许当前来源访问(CORS)。",
);
const TIMEOUT: Explanation = Explanation::new(
    "error.timeout",
    "The provider did not answer in time. It may be busy; try again in a moment.",
    "服务在规定时间内没有响应,可能比较繁忙,请稍后重试。",
);
const DECODE: Explanation = Explanation::new(
    "error.decode",
    "The answer could not be read: it is not in the format the provider documents. Try again; if it persists, the gateway or the provider has changed, so report the message above to whoever runs the gateway.",
    "无法读取返回内容:它不符合服务文档描述的格式。请重试;如果问题持续,说明网关或服务已变更,请把上面的信息告知网关的维护者。",
);

/// Generic explanations by HTTP status, for answers without a known code.
pub fn explain_http_status(status: Option<u16>) -> Explanation {
    match status {
        Some(400) => Explanation::new(
            "error.http.400",
            "The provider rejected the request as invalid. Check the values entered and try again.",
            "服务认为请求无效,请检查填写的内容后重试。",
        ),
        Some(401) => Explanation::new(
            "error.http.401",
            "Not signed in, or the credentials expired. The gateway's credentials for this endpoint need renewing.",
            "未认证或凭证已过期,需要更新网关上该端点的凭证。",
        ),
        Some(403) => Explanation::new(
            "error.http.403",
            "Access denied. The account behind this endpoint lacks permission for this operation.",
            "没有权限。该端点所用账号无权执行此操作。",
        ),
        Some(404) => Explanation::new(
            "error.http.404",
            "Not found. The instance may have been deleted, or the endpoint's base URL or project is wrong.",
            "未找到。实例可能已被删除,或端点的 base URL、项目配置有误。",
        ),
        Some(409) => Explanation::new(
            "error.http.409",
            "The request conflicts with the instance's current state. Refresh and try again.",
            "请求与实例当前状态冲突,请刷新后重试。",
        ),
        Some(429) => Explanation::new(
            "error.http.429",
            "Too many requests. The provider is throttling; wait a little and try again.",
            "请求过于频繁,服务已限流,请稍候重试。",
        ),
        Some(s) if (500..600).contains(&s) => Explanation::new(
            "error.http.5xx",
            "The provider or the gateway failed. This is usually temporary; try again later.",
            "服务或网关出现故障,通常是暂时的,请稍后重试。",
        ),
        Some(s) if (400..500).contains(&s) => Explanation::new(
            "error.http.4xx",
            "The provider refused the request. See the message for details.",
            "服务拒绝了该请求,详情请见错误信息。",
        ),
        _ => Explanation::new(
            "error.unknown",
            "The provider reported an error. See the message for details.",
            "服务返回了错误,详情请见错误信息。",
        ),
    }
}

/// The standard reason phrase for an HTTP status, or `""`.
pub fn http_reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// A short, single-line excerpt of a body for messages: HTML tags are dropped
/// (an HTML `<title>` is preferred), whitespace is collapsed, and the text is
/// cut at `max_chars` characters with `…`.
pub fn body_excerpt(body: &str, max_chars: usize) -> String {
    let source = html_title(body).unwrap_or(body);
    let mut text = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    for c in source.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !last_space {
                    text.push(' ');
                    last_space = true;
                }
            }
            _ if in_tag => {}
            c if c.is_whitespace() || c.is_control() => {
                if !last_space {
                    text.push(' ');
                    last_space = true;
                }
            }
            c => {
                text.push(c);
                last_space = false;
            }
        }
    }
    let text = text.trim();
    if text.chars().count() > max_chars {
        let cut: String = text.chars().take(max_chars).collect();
        format!("{}…", cut.trim_end())
    } else {
        text.to_string()
    }
}

fn html_title(body: &str) -> Option<&str> {
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    body.get(open_end..close).filter(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_of_html_prefers_title() {
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1>nginx</body></html>";
        assert_eq!(body_excerpt(html, 120), "502 Bad Gateway");
        assert_eq!(body_excerpt("<p>a\n\n  b</p>", 120), "a b");
        assert_eq!(body_excerpt("abcdef", 3), "abc…");
    }
}

#[cfg(test)]
mod decode_tests {
    use super::*;

    fn decode(provider: ProviderKind, status: u16, body: &str) -> ApiError {
        provider.decode_error(status, body)
    }

    #[test]
    fn hostile_error_bodies_are_http_errors() {
        let deep = format!(
            r#"{{"error_code":"ModelArts.6309","Code":"X","code":"1","x":{}{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        for provider in [
            ProviderKind::ModelArts,
            ProviderKind::PaiDsw,
            ProviderKind::Scnet,
        ] {
            for body in [
                deep.as_str(),
                r#"{"error_code":"ModelArts.6309","Code":"X","code":"1","msg":"\q"}"#,
                r#"{"error_code":"ModelArts.6309","Code":"X","code":"1","msg":"\ud800"}"#,
                r#"{"error_code":"ModelArts.6309","Code":"X","code":"1","n":1e400}"#,
                r#"{"error_code":"ModelArts.6309","Code":"X","code":"1",}"#,
                r#"["error_code","Code","code"]"#,
                "",
            ] {
                let e = decode(provider, 500, body);
                assert_eq!(e.kind, ErrorKind::Http, "{provider:?} {body}");
                assert_eq!(e.code, None);
            }
        }
    }

    #[test]
    fn error_members_of_other_types() {
        let e = decode(
            ProviderKind::ModelArts,
            400,
            r#"{"error_code":6309,"error_msg":true,"request_id":["r"]}"#,
        );
        assert_eq!(
            (e.code.as_deref(), e.message.as_str(), e.request_id),
            (Some("6309"), "true", None)
        );
        let e = decode(
            ProviderKind::ModelArts,
            400,
            r#"{"error":{"code":"ModelArts.0105","message":"m"},"error_code":null}"#,
        );
        assert_eq!(
            (e.code.as_deref(), e.message.as_str()),
            (Some("ModelArts.0105"), "m")
        );
        let e = decode(
            ProviderKind::Scnet,
            200,
            r#"{"code":10004,"msg":"bad","code":1.50}"#,
        );
        assert_eq!(
            (e.code.as_deref(), e.message.as_str()),
            (Some("1.5"), "bad")
        );
        assert_eq!(
            decode(ProviderKind::Scnet, 200, r#"{"code":"0"}"#).kind,
            ErrorKind::Decode
        );
        let e = decode(
            ProviderKind::PaiDsw,
            200,
            r#"{"Code":"Bad","Message":null,"message":"m","HttpStatusCode":"404"}"#,
        );
        assert_eq!((e.code.as_deref(), e.message.as_str()), (Some("Bad"), "m"));
        let e = decode(ProviderKind::PaiDsw, 200, r#"{"Code":"Bad","Success":1}"#);
        assert_eq!(e.kind, ErrorKind::Decode);
        let e = decode(
            ProviderKind::PaiDsw,
            200,
            r#"{"Code":"Bad","Success":"FALSE"}"#,
        );
        assert_eq!(e.kind, ErrorKind::Provider);
    }
}
