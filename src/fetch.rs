//! The proxy-aware fetch layer: runs a core [`RequestSpec`] against a
//! configured endpoint (base URL resolved against the document base, extra
//! headers, credentials), with a timeout, one jittered retry for reads, and
//! cancellation when the page that asked has gone. Every failure becomes a
//! core [`ApiError`].

use crate::config::{Credentials, Endpoint};
use devenv_core::{ApiError, ErrorKind, Method, ProviderKind, RequestSpec};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A provider's answer: HTTP status, body text and the provider's request
/// id header (if it sent one), before decoding.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub request_id: Option<String>,
}

impl Answer {
    /// A decoded answer whose error carries the request id from the
    /// provider's header when its body named none.
    pub fn stamp<T>(&self, decoded: Result<T, ApiError>) -> Result<T, ApiError> {
        decoded.map_err(|e| e.or_request_id(self.request_id.clone()))
    }
}

/// Whether `url` names its own origin (`https://…`, `//host/…`).
pub fn is_absolute(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        })
}

/// Resolves an endpoint `base_url` against the document base URI
/// (`https://host/console/`) the way a browser resolves a relative link, and
/// returns it without a trailing slash.
pub fn resolve_base(document_base: &str, base_url: &str) -> String {
    let resolved = if is_absolute(base_url) {
        if let Some(rest) = base_url.strip_prefix("//") {
            let scheme = document_base
                .split_once("://")
                .map(|(s, _)| s)
                .unwrap_or("https");
            format!("{scheme}://{rest}")
        } else {
            base_url.to_string()
        }
    } else {
        let (origin, path) = split_origin(document_base);
        let joined = if base_url.starts_with('/') {
            base_url.to_string()
        } else {
            // Directory of the base document, then the relative URL.
            let dir = match path.rfind('/') {
                Some(i) => &path[..=i],
                None => "/",
            };
            format!("{dir}{base_url}")
        };
        format!("{origin}{}", normalize_dots(&joined))
    };
    resolved.trim_end_matches('/').to_string()
}

/// The URL of a request: resolved base plus the provider's path and query
/// (percent-encoded by core; an empty query adds nothing).
pub fn request_url(document_base: &str, endpoint: &Endpoint, spec: &RequestSpec) -> String {
    format!(
        "{}{}",
        resolve_base(document_base, &endpoint.base_url),
        spec.path_and_query()
    )
}

fn split_origin(url: &str) -> (&str, &str) {
    match url.find("://") {
        Some(i) => {
            let after = i + 3;
            match url[after..].find('/') {
                Some(j) => url.split_at(after + j),
                None => (url, "/"),
            }
        }
        None => ("", url),
    }
}

fn normalize_dots(path: &str) -> String {
    let (path, query) = match path.find(['?', '#']) {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    format!("/{}{query}", out.join("/"))
}

/// Milliseconds to wait before the one retry of a read: 300–800 ms.
pub fn retry_delay_ms(random: f64) -> u32 {
    300 + (random.clamp(0.0, 1.0) * 500.0) as u32
}

/// Whether an attempt's outcome deserves the one retry.
pub fn should_retry(method: Method, outcome: &Result<Answer, ApiError>) -> bool {
    if !method.is_idempotent_read() {
        return false;
    }
    match outcome {
        Ok(answer) => answer.status >= 500,
        Err(e) => e.kind == ErrorKind::Network,
    }
}

/// The requests of one page. Dropping the page (its `on_cleanup`) calls
/// [`RequestScope::cancel`], which aborts whatever is still in flight.
#[derive(Clone, Default)]
pub struct RequestScope {
    inner: Rc<ScopeInner>,
}

#[derive(Default)]
struct ScopeInner {
    gone: Cell<bool>,
    controllers: RefCell<Vec<web_sys::AbortController>>,
}

impl RequestScope {
    pub fn new() -> Self {
        Self::default()
    }

    /// Aborts every request of this scope and refuses new ones.
    pub fn cancel(&self) {
        self.inner.gone.set(true);
        for c in self.inner.controllers.borrow_mut().drain(..) {
            c.abort();
        }
    }

    pub fn is_gone(&self) -> bool {
        self.inner.gone.get()
    }
}

/// The document's base URI (honours `<base href>`).
pub fn document_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_string())
}

/// Runs `spec` against `endpoint`; a GET that meets a network error or a 5xx
/// is tried once more after a short random delay.
pub async fn send(
    endpoint: &Endpoint,
    spec: &RequestSpec,
    scope: &RequestScope,
) -> Result<Answer, ApiError> {
    let url = request_url(&document_base(), endpoint, spec);
    let first = attempt(endpoint, spec, &url, scope).await;
    if should_retry(spec.method, &first) && !scope.is_gone() {
        gloo_timers::future::TimeoutFuture::new(retry_delay_ms(js_sys::Math::random())).await;
        if !scope.is_gone() {
            return attempt(endpoint, spec, &url, scope).await;
        }
    }
    first
}

async fn attempt(
    endpoint: &Endpoint,
    spec: &RequestSpec,
    url: &str,
    scope: &RequestScope,
) -> Result<Answer, ApiError> {
    let provider: ProviderKind = endpoint.provider;
    if scope.is_gone() {
        return Err(ApiError::network(provider, "cancelled"));
    }
    let controller = web_sys::AbortController::new()
        .map_err(|_| ApiError::network(provider, "this browser cannot cancel requests"))?;
    scope
        .inner
        .controllers
        .borrow_mut()
        .push(controller.clone());
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(endpoint.timeout_seconds * 1000, move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let signal = controller.signal();
    let headers = web_sys::Headers::new()
        .map_err(|_| ApiError::network(provider, "this browser cannot build a request"))?;
    let _ = headers.set("Accept", "application/json");
    // The gateway accepts changes only with this header: a page on
    // another site cannot send it without the gateway's consent (CORS).
    let _ = headers.set("X-DevEnv-Console", "1");
    for (name, value) in &endpoint.headers {
        let _ = headers.set(name, value);
    }
    let init = web_sys::RequestInit::new();
    init.set_method(match spec.method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Delete => "DELETE",
    });
    init.set_signal(Some(&signal));
    init.set_credentials(match endpoint.credentials {
        Credentials::Omit => web_sys::RequestCredentials::Omit,
        Credentials::SameOrigin => web_sys::RequestCredentials::SameOrigin,
        Credentials::Include => web_sys::RequestCredentials::Include,
    });
    if let Some(body) = &spec.body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&body.as_str().into());
    }
    init.set_headers(&headers);
    let sent = fetch(url, &init).await;
    let outcome = match sent {
        Ok(response) => {
            let status = response.status();
            let request_id = provider
                .request_id_header()
                .and_then(|name| response.headers().get(name).ok().flatten())
                .filter(|id| !id.trim().is_empty());
            match text_of(&response).await {
                Ok(body) => Ok(Answer {
                    status,
                    body,
                    request_id,
                }),
                Err(_) if timed_out.get() => {
                    Err(ApiError::timeout(provider, endpoint.timeout_seconds))
                }
                Err(e) => Err(ApiError {
                    http_status: Some(status),
                    ..ApiError::network(provider, format!("the answer broke off: {e}"))
                }),
            }
        }
        Err(_) if timed_out.get() => Err(ApiError::timeout(provider, endpoint.timeout_seconds)),
        Err(_) if scope.is_gone() => Err(ApiError::network(provider, "cancelled")),
        Err(e) => Err(ApiError::network(
            provider,
            format!("the gateway could not be reached ({})", short_reason(&e)),
        )),
    };
    timer.cancel();
    scope
        .inner
        .controllers
        .borrow_mut()
        .retain(|c| c != &controller);
    outcome
}

/// What a browser error says: `TypeError: Failed to fetch`.
fn js_reason(value: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    match value.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => value.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// Runs `work` here until it first waits, then on the executor. A request
/// it sends leaves at once, while the page is still being built, instead of
/// after: the answer is on its way during the rendering that would
/// otherwise come first. (Every future the console awaits takes the waker
/// of its latest poll, so the executor's first poll takes over.)
pub fn start_now(work: impl std::future::Future<Output = ()> + 'static) {
    let mut work = Box::pin(work);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    if work.as_mut().poll(&mut cx).is_pending() {
        leptos::task::spawn_local(work);
    }
}

/// `fetch(url, init)`: the response, or why there is none.
pub async fn fetch(url: &str, init: &web_sys::RequestInit) -> Result<web_sys::Response, String> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or("no window")?;
    let promise = window.fetch_with_str_and_init(url, init);
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| js_reason(&e))?;
    value.dyn_into().map_err(|_| "not a response".to_string())
}

/// The response's body as text.
pub async fn text_of(response: &web_sys::Response) -> Result<String, String> {
    let promise = response.text().map_err(|e| js_reason(&e))?;
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| js_reason(&e))?;
    Ok(value.as_string().unwrap_or_default())
}

fn short_reason(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(120).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_base_resolves_against_document_directory() {
        assert_eq!(
            resolve_base("http://h:8080/", "proxy/modelarts"),
            "http://h:8080/proxy/modelarts"
        );
        assert_eq!(
            resolve_base("https://portal.example.com/console/", "proxy/scnet/"),
            "https://portal.example.com/console/proxy/scnet"
        );
        assert_eq!(
            resolve_base(
                "https://portal.example.com/console/instances/x",
                "../proxy/pai-dsw"
            ),
            "https://portal.example.com/console/proxy/pai-dsw"
        );
        assert_eq!(
            resolve_base("https://portal.example.com/console/", "/gw/ma"),
            "https://portal.example.com/gw/ma"
        );
    }

    #[test]
    fn absolute_base_is_used_as_is() {
        assert_eq!(
            resolve_base("http://h/", "https://gw.example.com/ma/"),
            "https://gw.example.com/ma"
        );
        assert_eq!(
            resolve_base("https://h/console/", "//gw.example.com/ma"),
            "https://gw.example.com/ma"
        );
        assert!(!is_absolute("proxy/modelarts"));
        assert!(!is_absolute("/proxy/x?u=http://a"));
    }

    #[test]
    fn only_reads_are_retried_and_only_on_network_or_5xx() {
        let net = Err(ApiError::network(ProviderKind::Scnet, "reset"));
        let five = Ok(Answer {
            status: 502,
            ..Answer::default()
        });
        let four = Ok(Answer {
            status: 404,
            ..Answer::default()
        });
        let timeout = Err(ApiError::timeout(ProviderKind::Scnet, 15));
        assert!(should_retry(Method::Get, &net));
        assert!(should_retry(Method::Get, &five));
        assert!(!should_retry(Method::Get, &four));
        assert!(!should_retry(Method::Get, &timeout));
        for m in [Method::Post, Method::Put, Method::Delete] {
            assert!(!should_retry(m, &net));
            assert!(!should_retry(m, &five));
        }
        assert_eq!(retry_delay_ms(0.0), 300);
        assert_eq!(retry_delay_ms(1.0), 800);
    }
}
