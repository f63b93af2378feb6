//! Embedding in a portal's iframe: `?embed=1` drops the header and navigation
//! for the rest of the browser tab's session, and the console tells its parent
//! window its height and route with `postMessage`, only to the origins listed
//! in `config.json`'s `embed.allowed_origins`.
//!
//! Messages: `{type: "devenv:height", height}` (CSS pixels, whole number) and
//! `{type: "devenv:route", path}` (the path inside the console, with query).
//! The pure parts (origin checks, the `embed` parameter) are natively tested.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Session-storage key that keeps embed mode across in-app navigation and reloads.
const EMBED_KEY: &str = "devenv.embed";

/// What the `embed` URL parameter asks for: `Some(true)` for `1`/`true`,
/// `Some(false)` for `0`/`false`, none when absent or anything else.
pub fn embed_param(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// An origin as `postMessage` wants it (`scheme://host[:port]`, lower case,
/// no path), or none when `text` is not an http(s) origin. `*` is refused:
/// the console never broadcasts to whoever embeds it.
pub fn normalize_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if rest.is_empty()
        || rest
            .chars()
            .any(|c| matches!(c, '/' | '?' | '#' | '@' | '*' | ' ' | '\\'))
    {
        return None;
    }
    // `[v6]:port` or `host:port`: the port is what follows the last `:`
    // after the closing bracket, if any.
    let split = match rest.rfind(']') {
        Some(close) => rest[close..].find(':').map(|i| close + i),
        None => rest.rfind(':'),
    };
    let (host, port) = match split {
        Some(i) => {
            let p = &rest[i + 1..];
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let port: u16 = p.parse().ok()?;
            let default = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
            (&rest[..i], (!default).then_some(port))
        }
        None => (rest, None),
    };
    if host.is_empty() || host.contains(':') && !host.starts_with('[') {
        return None;
    }
    let host = host.to_ascii_lowercase();
    Some(match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    })
}

/// The origins messages go to: each valid entry of `embed.allowed_origins`
/// once, in the order given; invalid entries are dropped.
pub fn target_origins(allowed: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for origin in allowed.iter().filter_map(|o| normalize_origin(o)) {
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    out
}

/// The origins to post to, given the embedding page's origin where the
/// browser tells it (`location.ancestorOrigins`): that origin alone when
/// `targets` lists it, none when it does not; every target when the
/// browser does not tell (it then delivers only to a matching parent).
pub fn origins_for_parent(targets: &[String], parent: Option<&str>) -> Vec<String> {
    match parent.map(normalize_origin) {
        Some(Some(parent)) if targets.contains(&parent) => vec![parent],
        // Known and not listed, or opaque (`null`): nothing.
        Some(_) => Vec::new(),
        None => targets.to_vec(),
    }
}

/// The path inside the console: `pathname` without the router base
/// (`/console` at `/console/`), always starting with `/`, plus the query
/// (`search` with or without its `?`).
pub fn app_path(pathname: &str, search: &str, base: Option<&str>) -> String {
    let base = base.unwrap_or("").trim_end_matches('/');
    let inner = pathname.strip_prefix(base).unwrap_or(pathname);
    let inner = if inner.starts_with('/') {
        inner.to_string()
    } else {
        format!("/{inner}")
    };
    let query = search.trim_start_matches('?');
    if query.is_empty() {
        inner
    } else {
        format!("{inner}?{query}")
    }
}

/// Whether to run embedded, decided from what is known: the URL's `embed`
/// parameter wins; then the choice remembered for the session; where the
/// browser gives the page no session storage (a cross-site frame with
/// third-party storage blocked, so nothing can be remembered), being in a
/// frame at all.
pub fn decide_embedded(
    param: Option<bool>,
    remembered: Option<bool>,
    storage_available: bool,
    in_frame: bool,
) -> bool {
    match param {
        Some(on) => on,
        None if storage_available => remembered.unwrap_or(false),
        None => in_frame,
    }
}

/// Session storage, or none where the browser denies it (third-party frames).
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn url_params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

/// Whether the console runs embedded: `?embed=1` turns it on (and `?embed=0`
/// off) for the tab's session, so links inside the console and reloads stay
/// embedded.
pub fn embed_mode() -> bool {
    let param = embed_param(url_params().and_then(|p| p.get("embed")).as_deref());
    let storage = session_storage();
    if let (Some(on), Some(s)) = (param, &storage) {
        let _ = if on {
            s.set_item(EMBED_KEY, "1")
        } else {
            s.remove_item(EMBED_KEY)
        };
    }
    let remembered = storage
        .as_ref()
        .and_then(|s| s.get_item(EMBED_KEY).ok().flatten())
        .map(|v| v == "1");
    decide_embedded(
        param,
        remembered,
        storage.is_some(),
        parent_window().is_some(),
    )
}

/// A preference from the page's URL (`theme`, `lang`). When embedded, one
/// given in the URL is kept for the session (where the browser allows the
/// frame storage), so a reload of a deep link inside the frame, whose URL no
/// longer carries it, keeps the host's choice.
pub fn url_param_for_session(name: &str) -> Option<String> {
    let from_url = url_params().and_then(|p| p.get(name));
    if !embed_mode() {
        return from_url;
    }
    let key = format!("{EMBED_KEY}.{name}");
    let storage = session_storage();
    match from_url {
        Some(value) => {
            if let Some(s) = &storage {
                let _ = s.set_item(&key, &value);
            }
            Some(value)
        }
        None => storage.and_then(|s| s.get_item(&key).ok().flatten()),
    }
}

/// Marks the document so the stylesheet can drop what only a full page needs
/// (`html[data-embed]`).
pub fn mark_document(embedded: bool) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = if embedded {
            el.set_attribute("data-embed", "")
        } else {
            el.remove_attribute("data-embed")
        };
    }
}

/// The parent window when the console is inside a frame.
fn parent_window() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// Sends `message` to the parent, once per allowed origin (the browser
/// delivers it only where the parent's origin matches).
fn post(origins: &[String], message: &JsValue) {
    if origins.is_empty() {
        return;
    }
    if let Some(parent) = parent_window() {
        for origin in origins {
            let _ = parent.post_message(message, origin);
        }
    }
}

fn message(kind: &str, key: &str, value: JsValue) -> JsValue {
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"type".into(), &kind.into());
    let _ = js_sys::Reflect::set(&obj, &key.into(), &value);
    obj.into()
}

fn document_height() -> Option<f64> {
    let el = web_sys::window()?.document()?.document_element()?;
    Some(el.get_bounding_client_rect().height().ceil())
}

/// The embedding page's origin, where the browser tells it.
fn parent_origin() -> Option<String> {
    let location = web_sys::window()?.location();
    let list = js_sys::Reflect::get(&location, &"ancestorOrigins".into()).ok()?;
    js_sys::Reflect::get(&list, &0.into()).ok()?.as_string()
}

/// Posts the height on every size change of the document and the route on
/// every navigation. Renders nothing; place it inside the router. Does
/// nothing outside a frame or when no origin is allowed; its code is fetched
/// only inside a frame (`crate::lazy`).
#[component]
pub fn EmbedBridge(allowed_origins: Vec<String>) -> impl IntoView {
    if allowed_origins.is_empty() || parent_window().is_none() {
        return None;
    }
    Some(Suspend::new(async move {
        match crate::lazy::embed_bridge(allowed_origins).await {
            Ok(view) => view,
            Err(crate::lazy::Unavailable) => {
                web_sys::console::warn_1(
                    &"DevEnv Console: the embedding code could not be fetched; no height or route messages are posted."
                        .into(),
                );
                ().into_any()
            }
        }
    }))
}

/// The bridge itself. A page embedding the console from an origin the list
/// lacks gets nothing, and the console says so once in the browser's
/// console for whoever sets the portal up.
#[component]
pub fn Bridge(allowed_origins: Vec<String>) -> impl IntoView {
    let targets = target_origins(&allowed_origins);
    if targets.is_empty() || parent_window().is_none() {
        return;
    }
    let parent = parent_origin();
    let origins = origins_for_parent(&targets, parent.as_deref());
    if origins.is_empty() {
        web_sys::console::warn_1(
            &format!(
                "DevEnv Console: embedded by {}, which embed.allowed_origins in config.json does not list; no height or route messages are posted.",
                parent.as_deref().unwrap_or("an unknown origin")
            )
            .into(),
        );
        return;
    }
    let location = crate::router::use_location();
    let route_origins = origins.clone();
    Effect::new(move |_| {
        // The router's path is already under the base.
        let path = location.with(|l| app_path(&l.path, &l.search, None));
        post(
            &route_origins,
            &message("devenv:route", "path", path.into()),
        );
    });
    let last = std::rc::Rc::new(std::cell::Cell::new(-1.0_f64));
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        if let Some(h) = document_height() {
            if h != last.get() {
                last.set(h);
                post(&origins, &message("devenv:height", "height", h.into()));
            }
        }
    });
    let observed = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let (Ok(observer), Some(el)) = (
        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()),
        observed,
    ) {
        observer.observe(&el);
        let observer = send_wrapper::SendWrapper::new(observer);
        on_cleanup(move || observer.disconnect());
    }
    // Lives as long as the page: the observer calls it until disconnected.
    on_resize.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_parameter() {
        assert_eq!(embed_param(Some("1")), Some(true));
        assert_eq!(embed_param(Some("true")), Some(true));
        assert_eq!(embed_param(Some("0")), Some(false));
        assert_eq!(embed_param(Some("false")), Some(false));
        assert_eq!(embed_param(Some("yes please")), None);
        assert_eq!(embed_param(Some("")), None);
        assert_eq!(embed_param(None), None);
    }

    #[test]
    fn embedded_or_not() {
        // The URL decides, whatever was remembered.
        assert!(decide_embedded(Some(true), Some(false), true, false));
        assert!(!decide_embedded(Some(false), Some(true), true, true));
        // Then the session.
        assert!(decide_embedded(None, Some(true), true, false));
        assert!(!decide_embedded(None, Some(false), true, true));
        assert!(!decide_embedded(None, None, true, true));
        // No storage: a frame stays embedded, a top-level page does not.
        assert!(decide_embedded(None, None, false, true));
        assert!(!decide_embedded(None, None, false, false));
    }

    #[test]
    fn origins_are_normalized() {
        let n = |s: &str| normalize_origin(s);
        assert_eq!(
            n("https://portal.example.com").as_deref(),
            Some("https://portal.example.com")
        );
        assert_eq!(
            n(" HTTPS://Portal.Example.com/ ").as_deref(),
            Some("https://portal.example.com")
        );
        assert_eq!(
            n("http://127.0.0.1:8081").as_deref(),
            Some("http://127.0.0.1:8081")
        );
        assert_eq!(
            n("https://portal.example.com:443").as_deref(),
            Some("https://portal.example.com")
        );
        assert_eq!(
            n("http://a.example:80").as_deref(),
            Some("http://a.example")
        );
        assert_eq!(n("http://[::1]:9000").as_deref(), Some("http://[::1]:9000"));
        assert_eq!(n("http://[::1]").as_deref(), Some("http://[::1]"));
    }

    #[test]
    fn non_origins_are_refused() {
        for bad in [
            "*",
            "",
            "portal.example.com",
            "ftp://portal.example.com",
            "javascript://x",
            "https://",
            "https://portal.example.com/console",
            "https://portal.example.com?x=1",
            "https://user@portal.example.com",
            "https://*.example.com",
            "https://portal.example.com:port",
            "https://portal.example.com:99999",
            "https://:8080",
        ] {
            assert_eq!(normalize_origin(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn targets_drop_invalid_and_repeated_origins() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(target_origins(&[]).is_empty());
        assert!(target_origins(&list(&["*"])).is_empty());
        assert_eq!(
            target_origins(&list(&[
                "https://a.example",
                "*",
                "https://A.example/",
                "http://b.example:8080"
            ])),
            list(&["https://a.example", "http://b.example:8080"])
        );
    }

    #[test]
    fn only_a_listed_embedding_origin_gets_messages() {
        let targets = target_origins(&[
            "https://portal.example.com".to_string(),
            "https://elsewhere.example".to_string(),
        ]);
        assert_eq!(
            origins_for_parent(&targets, Some("https://portal.example.com")),
            ["https://portal.example.com"]
        );
        assert_eq!(
            origins_for_parent(&targets, Some("HTTPS://Portal.Example.com")),
            ["https://portal.example.com"]
        );
        assert!(origins_for_parent(&targets, Some("http://localhost:8000")).is_empty());
        assert!(origins_for_parent(&targets, Some("null")).is_empty());
        assert_eq!(origins_for_parent(&targets, None), targets);
    }

    #[test]
    fn the_route_is_relative_to_the_base() {
        assert_eq!(
            app_path("/console/instances", "?status=running", Some("/console")),
            "/instances?status=running"
        );
        assert_eq!(app_path("/console/", "", Some("/console")), "/");
        assert_eq!(
            app_path("/console/instances", "status=running", Some("/console")),
            "/instances?status=running"
        );
        assert_eq!(app_path("/instances", "?", None), "/instances");
        assert_eq!(app_path("/console", "", Some("/console")), "/");
        assert_eq!(
            app_path("/instances/new", "", None),
            "/instances/new".to_string()
        );
        assert_eq!(app_path("/elsewhere", "", Some("/console")), "/elsewhere");
    }
}
