//! The console's router: five routes, one location signal, links that
//! navigate in place. The console needs a base path (a sub-path of a portal),
//! path parameters, the query string as state, push and replace, the back
//! button and `aria-current` on links; a general-purpose router costs more in
//! the first load than the whole of this.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the console is: the path under the base (always starting with
/// `/`) and the query string (with its `?`, or empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub path: String,
    pub search: String,
}

/// Decoded `name=value` pairs: the query string's, or a route's parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// How [`navigate`] moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavigateOptions {
    /// Replace the history entry instead of adding one.
    pub replace: bool,
    /// Scroll to the top afterwards.
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            replace: false,
            scroll: true,
        }
    }
}

#[derive(Clone, Copy)]
struct RouterCtx {
    location: RwSignal<Location>,
    base: StoredValue<String>,
}

fn ctx() -> RouterCtx {
    // The shell provides it before any page renders.
    use_context::<RouterCtx>().unwrap_or_else(|| unreachable!())
}

/// The browser's location under `base`.
pub fn window_location(base: &str) -> Location {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return Location::default();
    };
    let pathname = loc.pathname().unwrap_or_default();
    let path = pathname.strip_prefix(base).unwrap_or(&pathname);
    Location {
        path: if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        },
        search: loc.search().unwrap_or_default(),
    }
}

/// Provides the location under `base` (e.g. `/console`, or empty at the
/// root) and follows the back and forward buttons and clicks on links that
/// stay inside the console. `intent` hears of the route a link leads to when
/// the pointer rests on it or it gets the focus, before any click (to fetch
/// what that page needs ahead).
pub fn provide_router(base: String, intent: fn(Route)) {
    let location = RwSignal::new(window_location(&base));
    let base = StoredValue::new(base);
    provide_context(RouterCtx { location, base });
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_pop = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        location.set(window_location(&base.get_value()));
    });
    let on_click =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev| {
            if let Some(path) = link_target(&ev, &base.get_value()) {
                ev.prevent_default();
                go(
                    location,
                    &base.get_value(),
                    &path,
                    NavigateOptions::default(),
                );
            }
        });
    let on_intent = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
        move |ev: web_sys::Event| {
            if let Some(path) = anchor_of(&ev).and_then(|a| in_console(&a, &base.get_value())) {
                intent(route_of(path.split('?').next().unwrap_or_default()).0);
            }
        },
    );
    for (event, f) in [
        ("popstate", on_pop.as_ref()),
        ("click", on_click.as_ref()),
        ("pointerover", on_intent.as_ref()),
        ("focusin", on_intent.as_ref()),
    ] {
        let _ = window.add_event_listener_with_callback(event, f.unchecked_ref());
    }
    let listeners = send_wrapper::SendWrapper::new((window, on_pop, on_click, on_intent));
    on_cleanup(move || {
        let (window, on_pop, on_click, on_intent) = &*listeners;
        for (event, f) in [
            ("popstate", on_pop.as_ref()),
            ("click", on_click.as_ref()),
            ("pointerover", on_intent.as_ref()),
            ("focusin", on_intent.as_ref()),
        ] {
            let _ = window.remove_event_listener_with_callback(event, f.unchecked_ref());
        }
    });
}

/// The path (with query) under `base` a plain left click on an in-console
/// link goes to; `None` for everything the browser should handle itself
/// (other origins, new tabs, downloads, modified clicks, in-page anchors).
fn link_target(ev: &web_sys::MouseEvent, base: &str) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    in_console(&anchor_of(ev)?, base)
}

/// The link the event happened in, if any.
fn anchor_of(ev: &web_sys::Event) -> Option<web_sys::HtmlAnchorElement> {
    let mut node = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    loop {
        let el = node?;
        if el.tag_name().eq_ignore_ascii_case("a") {
            return el.dyn_into::<web_sys::HtmlAnchorElement>().ok();
        }
        node = el.parent_element();
    }
}

/// Where `anchor` goes under `base` (path and query), if it stays in the
/// console and in this tab and is not an anchor on the same page.
fn in_console(anchor: &web_sys::HtmlAnchorElement, base: &str) -> Option<String> {
    if anchor.has_attribute("download")
        || !matches!(anchor.target().as_str(), "" | "_self")
        || anchor.get_attribute("href").is_none()
    {
        return None;
    }
    let here = web_sys::window()?.location();
    if anchor.origin() != here.origin().ok()? {
        return None;
    }
    let pathname = anchor.pathname();
    if !anchor.hash().is_empty()
        && pathname == here.pathname().ok()?
        && anchor.search() == here.search().ok()?
    {
        return None;
    }
    let rest = pathname.strip_prefix(base)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some(format!(
        "{}{}",
        if rest.is_empty() { "/" } else { rest },
        anchor.search()
    ))
}

fn go(location: RwSignal<Location>, base: &str, path: &str, options: NavigateOptions) {
    let (path_part, search) = match path.find('?') {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    let next = Location {
        path: path_part.to_string(),
        search: if search == "?" {
            String::new()
        } else {
            search.to_string()
        },
    };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let url = format!("{base}{}{}", next.path, next.search);
        let _ = if options.replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        };
    }
    location.set(next);
    if options.scroll {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// The current location.
pub fn use_location() -> ReadSignal<Location> {
    ctx().location.read_only()
}

/// Navigates to `path` (from the console's root, e.g. `/instances?status=running`).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + Send + Sync + 'static {
    let RouterCtx { location, base } = ctx();
    move |path: &str, options: NavigateOptions| go(location, &base.get_value(), path, options)
}

/// The query string's pairs, decoded.
pub fn use_query_map() -> Memo<ParamsMap> {
    let location = ctx().location;
    Memo::new(move |_| location.with(|l| query_pairs(&l.search)))
}

fn query_pairs(search: &str) -> ParamsMap {
    let mut pairs = Vec::new();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(search) {
        for entry in params.entries().into_iter().flatten() {
            let entry: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    ParamsMap(pairs)
}

/// The console's routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/`: goes to the list.
    Root,
    /// `/instances`
    List,
    /// `/instances/new`
    Create,
    /// `/instances/:endpoint/:id`
    Detail,
    /// `/instances/:endpoint/:id/edit`
    Edit,
    NotFound,
}

/// The route of `path` and its parameters (`endpoint`, `id`), decoded.
pub fn route_of(path: &str) -> (Route, ParamsMap) {
    let trimmed = path.trim_end_matches('/');
    let parts: Vec<&str> = trimmed.split('/').skip(1).collect();
    let decode = |s: &str| {
        js_sys::decode_uri_component(s)
            .ok()
            .and_then(|d| d.as_string())
            .unwrap_or_else(|| s.to_string())
    };
    let params = |endpoint: &str, id: &str| {
        ParamsMap(vec![
            ("endpoint".to_string(), decode(endpoint)),
            ("id".to_string(), decode(id)),
        ])
    };
    match parts.as_slice() {
        [] => (Route::Root, ParamsMap::default()),
        ["instances"] => (Route::List, ParamsMap::default()),
        ["instances", "new"] => (Route::Create, ParamsMap::default()),
        ["instances", e, id] if !e.is_empty() && !id.is_empty() => (Route::Detail, params(e, id)),
        ["instances", e, id, "edit"] if !e.is_empty() && !id.is_empty() => {
            (Route::Edit, params(e, id))
        }
        _ => (Route::NotFound, ParamsMap::default()),
    }
}

/// The current route's parameters.
pub fn use_params_map() -> Memo<ParamsMap> {
    let location = ctx().location;
    Memo::new(move |_| location.with(|l| route_of(&l.path).1))
}

/// The current route (changes only when the route does, not its parameters).
pub fn use_route() -> Memo<Route> {
    let location = ctx().location;
    Memo::new(move |_| location.with(|l| route_of(&l.path).0))
}

/// A link inside the console: `href` is absolute (with the base, see
/// [`crate::app::href`]); `aria-current="page"` while it is where the user
/// is (`exact`: the same path; otherwise that path or one below it).
#[component]
pub fn A(
    href: String,
    #[prop(optional)] exact: bool,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    let RouterCtx { location, base } = ctx();
    let target = href
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .strip_prefix(base.get_value().as_str())
        .map(|p| {
            if p.is_empty() {
                "/".to_string()
            } else {
                p.to_string()
            }
        });
    let current = move || {
        let target = target.as_deref()?;
        location.with(|l| {
            let here = l.path.trim_end_matches('/');
            let there = target.trim_end_matches('/');
            let active = if exact {
                here == there
            } else {
                here == there || here.strip_prefix(there).is_some_and(|r| r.starts_with('/'))
            };
            active.then_some("page")
        })
    };
    let class = (!class.is_empty()).then_some(class);
    view! { <a href=href class=class aria-current=current>{children()}</a> }
}
