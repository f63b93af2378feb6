//! The shell: loads `config.json`, provides the app context (config, store,
//! locale, theme, clock), renders the header and the router.

use crate::components::toast::{ToastRegion, Toasts};
use crate::config::{self, Config, ConfigError, CONFIG_FILE};
use crate::embed::EmbedBridge;
use crate::fetch::document_base;
use crate::i18n::{t, tr, trf, Key, Locale};
use crate::lazy::{LazyPage, Page};
use crate::pages::list::ListPage;
use crate::pages::not_found::NotFound;
use crate::router::{provide_router, use_navigate, use_route, NavigateOptions, Route, A};
use crate::store::{now_ms, Store};
use devenv_core::access::{decode_session, Access, Change, Session};
use devenv_core::{Method, RequestSpec};
use leptos::prelude::*;
use std::sync::Arc;

/// The user's theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemePref {
    System,
    Light,
    Dark,
}

impl ThemePref {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemePref::System => "system",
            ThemePref::Light => "light",
            ThemePref::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "system" => Some(ThemePref::System),
            "light" => Some(ThemePref::Light),
            "dark" => Some(ThemePref::Dark),
            _ => None,
        }
    }
}

/// Everything pages share.
#[derive(Clone)]
pub struct AppCtx {
    pub config: Arc<Config>,
    pub store: Store,
    pub locale: RwSignal<Locale>,
    pub theme: RwSignal<ThemePref>,
    /// `Date.now()`, ticking every second, for countdowns and relative times.
    pub clock: RwSignal<f64>,
    pub toasts: Toasts,
    /// Each endpoint's access, as its gateway's session route says
    /// (unrestricted where there is none).
    pub access: RwSignal<Vec<(String, Access)>>,
    /// The signed-in name, where a gateway names one.
    pub user: RwSignal<Option<String>>,
    /// Set when a gateway asks the caller to sign in first (with its login
    /// URL, if it gave a safe one).
    pub sign_in: RwSignal<Option<Option<String>>>,
}

impl AppCtx {
    /// The access on one endpoint (tracked).
    pub fn access_on(&self, endpoint_id: &str) -> Access {
        self.access.with(|all| {
            all.iter()
                .find(|(id, _)| id == endpoint_id)
                .map(|(_, a)| a.clone())
                .unwrap_or_default()
        })
    }

    /// Whether `change` is allowed on an endpoint (tracked).
    pub fn allows(&self, endpoint_id: &str, change: Change) -> bool {
        self.access_on(endpoint_id).allows(change)
    }

    /// Whether some endpoint lets the caller create an instance (tracked).
    pub fn can_create_somewhere(&self) -> bool {
        self.config
            .endpoints
            .iter()
            .any(|e| self.allows(&e.id, Change::Create))
    }
}

/// What the shell shares that the first requests fill: made before the
/// config is known, so those requests leave before the page is built.
#[derive(Clone, Copy)]
struct Early {
    store: Store,
    access: RwSignal<Vec<(String, Access)>>,
    user: RwSignal<Option<String>>,
    sign_in: RwSignal<Option<Option<String>>>,
}

/// Asks each endpoint's gateway who the caller is (`{base_url}/_session`).
fn load_sessions(config: &Config, early: Early) {
    for endpoint in config.endpoints.iter().cloned() {
        crate::fetch::start_now(async move {
            let spec = RequestSpec::new(Method::Get, "/_session");
            let scope = crate::fetch::RequestScope::new();
            let session = match crate::fetch::send(&endpoint, &spec, &scope).await {
                Ok(answer) => decode_session(answer.status, &answer.body),
                Err(_) => Session::Absent,
            };
            match session {
                Session::Absent => {}
                Session::SignedIn { user, access } => {
                    if user.is_some() {
                        early.user.set(user);
                    }
                    early
                        .access
                        .update(|all| all.push((endpoint.id.clone(), access)));
                }
                Session::SignInRequired { login_url } => early.sign_in.set(Some(login_url)),
            }
        });
    }
}

/// The app context; pages only render inside the shell that provides it
/// (a page outside it is a bug, caught by any test that renders the page).
pub fn use_app() -> AppCtx {
    use_context::<AppCtx>().unwrap_or_else(|| unreachable!())
}

const LOCALE_KEY: &str = "devenv.locale";
const THEME_KEY: &str = "devenv.theme";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A remembered preference from `localStorage` (none where storage is denied).
pub(crate) fn stored(key: &str) -> Option<String> {
    local_storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Remembers a preference in `localStorage` (quietly not, where it is denied).
pub(crate) fn store_value(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, value);
    }
}

fn initial_locale() -> Locale {
    if let Some(l) = crate::embed::url_param_for_session("lang").and_then(|t| Locale::from_tag(&t))
    {
        return l;
    }
    if let Some(l) = stored(LOCALE_KEY).and_then(|t| Locale::from_tag(&t)) {
        return l;
    }
    let langs: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    Locale::negotiate(langs.iter().map(String::as_str))
}

fn initial_theme() -> ThemePref {
    crate::embed::url_param_for_session("theme")
        .and_then(|t| ThemePref::parse(&t))
        .or_else(|| stored(THEME_KEY).and_then(|t| ThemePref::parse(&t)))
        .unwrap_or(ThemePref::System)
}

/// The router base: the path of the document base URI without its trailing
/// slash (`/console` when served at `/console/`), or none at the root.
pub fn router_base() -> Option<String> {
    let url = web_sys::Url::new(&document_base()).ok()?;
    let path = url.pathname();
    let trimmed = path.trim_end_matches('/');
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A link target inside the console: `path` (from the app's root, e.g.
/// `/instances`) under the router base, for `<A href>`, which takes absolute
/// paths as they are. `use_navigate` adds the base itself: give it the bare path.
pub fn href(path: &str) -> String {
    format!("{}{path}", router_base().unwrap_or_default())
}

async fn load_config() -> Result<Config, ConfigError> {
    let url = format!(
        "{}{}",
        document_base().trim_end_matches(|c| c != '/'),
        CONFIG_FILE
    );
    let unreachable = |reason: String| ConfigError {
        file: url.clone(),
        message: trf(Locale::En, Key::ConfigUnreachable, &[("reason", &reason)]),
    };
    let init = web_sys::RequestInit::new();
    if let Ok(headers) = web_sys::Headers::new() {
        let _ = headers.set("Accept", "application/json");
        init.set_headers(&headers);
    }
    let response = crate::fetch::fetch(&url, &init)
        .await
        .map_err(unreachable)?;
    if !response.ok() {
        return Err(unreachable(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let text = crate::fetch::text_of(&response)
        .await
        .map_err(unreachable)?;
    config::parse(&url, &text)
}

/// How long the list waits for its first rows before it shows the page
/// without them: a provider that answers sooner is painted with the page,
/// in one go; a slower one fills the table's placeholder when it answers.
/// The page is built while the first requests are on their way.
const FIRST_ROWS_WAIT_MS: u32 = 150;

/// What the console knows when it builds its page.
#[derive(Clone)]
struct Boot {
    config: Arc<Config>,
    locale: Locale,
    theme: ThemePref,
    /// `Date.now()` when the list's first requests left, if they did: the
    /// page is then built out of sight and shown with its first rows.
    listing_since: Option<f64>,
}

/// Loads the config; when the page is the list, sends every endpoint's
/// first list request at once, then reads the preferences while they are
/// on their way.
async fn boot(early: Early) -> Result<Boot, ConfigError> {
    let config = Arc::new(load_config().await?);
    early.store.track(&config);
    let base = router_base().unwrap_or_default();
    let path = crate::router::window_location(&base).path;
    let list = matches!(crate::router::route_of(&path).0, Route::Root | Route::List)
        && early
            .store
            .refresh_due(&config, &crate::fetch::RequestScope::new(), false);
    let listing_since = list.then(now_ms);
    let (locale, theme) = (initial_locale(), initial_theme());
    Ok(Boot {
        config,
        locale,
        theme,
        listing_since,
    })
}

/// Hides the page being built (`body[data-building]` in the style sheet:
/// everything but the loading note), so the browser neither lays it out nor
/// paints it before its first rows are in; `false` shows it.
fn set_building(on: bool) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = if on {
            body.set_attribute("data-building", "")
        } else {
            body.remove_attribute("data-building")
        };
    }
}

/// Removes `index.html`'s loading note.
fn remove_loading_note() {
    if let Some(note) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        note.remove();
    }
}

/// Shows the page in place of the loading note; once, then the gateways'
/// session requests leave: their answers decide what the page's actions
/// allow, and would otherwise compete with the first rows.
fn show_page(config: &Config, early: Early) {
    thread_local! {
        static SHOWN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if SHOWN.with(|shown| shown.replace(true)) {
        return;
    }
    remove_loading_note();
    set_building(false);
    let config = config.clone();
    set_timeout(
        move || load_sessions(&config, early),
        std::time::Duration::ZERO,
    );
}

/// The root component: config first, then the shell. Until the page is
/// shown, its own loading note (`index.html`) stands in for it.
#[component]
pub fn App() -> impl IntoView {
    let early = Early {
        store: Store::empty(),
        access: RwSignal::new(Vec::new()),
        user: RwSignal::new(None),
        sign_in: RwSignal::new(None),
    };
    // Loads once: `boot` reads no signal where it would be tracked.
    let boot = LocalResource::new(move || boot(early));
    view! {
        {move || match boot.get() {
            None => ().into_any(),
            Some(Ok(boot)) => view! { <Shell boot early/> }.into_any(),
            Some(Err(error)) => {
                remove_loading_note();
                view! { <ConfigErrorPage error/> }.into_any()
            }
        }}
    }
}

/// Shown instead of the console when `config.json` is missing or wrong.
#[component]
pub fn ConfigErrorPage(error: ConfigError) -> impl IntoView {
    let locale = initial_locale();
    set_html_lang(locale);
    view! {
        <main class="config-error" id="main">
            <h1>{tr(locale, Key::ConfigErrorTitle)}</h1>
            <section class="banner banner-error" role="alert">
                <p>
                    <strong>{trf(locale, Key::ConfigErrorFile, &[("file", &error.file)])}</strong>
                </p>
                <p class="config-error-message">{error.message.clone()}</p>
            </section>
            <p>{tr(locale, Key::ConfigErrorHint)}</p>
        </main>
    }
}

fn set_html_lang(locale: Locale) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", locale.tag());
    }
}

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// Whether the operating system asks for dark colours.
fn system_prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(DARK_QUERY).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sets `data-theme` to the theme in effect: "System" resolves to the OS's
/// choice, so a portal's `:root[data-theme="dark"]` rules apply either way.
fn apply_theme(theme: ThemePref) {
    let resolved = match theme {
        ThemePref::System if system_prefers_dark() => ThemePref::Dark,
        ThemePref::System => ThemePref::Light,
        other => other,
    };
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("data-theme", resolved.as_str());
    }
}

/// Follows the OS's light/dark switch while "System" is chosen.
fn follow_system_theme(theme: RwSignal<ThemePref>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(query) = web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten())
    else {
        return;
    };
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if theme.get_untracked() == ThemePref::System {
            apply_theme(ThemePref::System);
        }
    });
    let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // Lives as long as the page.
    on_change.forget();
}

/// The skip link's target: with `<base href>` a bare `#main` would resolve to
/// the base URL and leave the page, so focus the main region directly.
fn skip_to_main(ev: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    if let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}

/// The console once its configuration is known.
#[component]
fn Shell(boot: Boot, early: Early) -> impl IntoView {
    let Boot {
        config,
        locale,
        theme,
        listing_since,
    } = boot;
    // The list is built out of sight and shown with its first rows, in the
    // task that writes them (or, when no provider has answered within
    // `FIRST_ROWS_WAIT_MS`, with its placeholder); any other page at once.
    match listing_since {
        Some(since) => {
            set_building(true);
            let store = early.store;
            let shown_for = config.clone();
            // Stops listening once shown: a run that reads nothing.
            Effect::new(move |shown: Option<bool>| {
                if shown == Some(true) {
                    return true;
                }
                let ready = store.first_rows();
                if ready {
                    show_page(&shown_for, early);
                }
                ready
            });
            let late_for = config.clone();
            let left = (f64::from(FIRST_ROWS_WAIT_MS) - (now_ms() - since)).max(0.0);
            set_timeout(
                move || show_page(&late_for, early),
                std::time::Duration::from_millis(left as u64),
            );
        }
        None => show_page(&config, early),
    }
    let ctx = AppCtx {
        store: early.store,
        config: config.clone(),
        locale: RwSignal::new(locale),
        theme: RwSignal::new(theme),
        clock: RwSignal::new(now_ms()),
        toasts: Toasts::new(),
        access: early.access,
        user: early.user,
        sign_in: early.sign_in,
    };
    provide_context(ctx.clone());
    let sign_in = ctx.sign_in;
    let AppCtx {
        locale,
        theme,
        clock,
        toasts,
        ..
    } = ctx;
    Effect::new(move |_| set_html_lang(locale.get()));
    Effect::new(move |_| apply_theme(theme.get()));
    follow_system_theme(theme);
    if let Ok(tick) = set_interval_with_handle(
        move || clock.set(now_ms()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || tick.clear());
    }
    let base = router_base();
    let embedded = crate::embed::embed_mode();
    crate::embed::mark_document(embedded);
    let embed_origins = config.embed_allowed_origins.clone();
    let title = config.title.clone();
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&title);
    }
    provide_router(base.clone().unwrap_or_default(), crate::lazy::warm);
    let route = use_route();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if route.get() == Route::Root {
            navigate(
                "/instances",
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
    view! {
        <>
            <a class="skip-link" href="#main" on:click=skip_to_main>{t(locale, Key::SkipToContent)}</a>
            {(!embedded).then(|| view! { <Header title/> })}
            <EmbedBridge allowed_origins=embed_origins/>
            <main id="main" class="page" tabindex="-1">
                <Show when=move || sign_in.get().is_none() fallback=move || view! { <SignIn login_url=sign_in.get().flatten()/> }>
                    {move || match route.get() {
                        Route::Root => ().into_any(),
                        Route::List => view! { <ListPage/> }.into_any(),
                        Route::Create => view! { <LazyPage page=Page::Create/> }.into_any(),
                        Route::Detail => view! { <LazyPage page=Page::Detail/> }.into_any(),
                        Route::Edit => view! { <LazyPage page=Page::Edit/> }.into_any(),
                        Route::NotFound => view! { <NotFound/> }.into_any(),
                    }}
                </Show>
            </main>
            <ToastRegion toasts locale/>
        </>
    }
}

/// Shown instead of the console when the gateway wants the caller to sign in.
#[component]
fn SignIn(login_url: Option<String>) -> impl IntoView {
    let locale = use_app().locale;
    view! {
        <section class="sign-in card">
            <h1>{t(locale, Key::SignInTitle)}</h1>
            <p>{t(locale, Key::SignInBody)}</p>
            {match login_url {
                Some(url) => view! {
                    <a class="button button-primary" href=url>{t(locale, Key::SignInAction)}</a>
                }
                .into_any(),
                None => view! { <p class="field-hint">{t(locale, Key::SignInNoUrl)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Header(title: String) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let theme = app.theme;
    let user = app.user;
    let can_create = {
        let app = app.clone();
        move || app.sign_in.get().is_none() && app.can_create_somewhere()
    };
    view! {
        <header class="app-header">
            <A href=href("/instances") class="brand">
                <span class="brand-mark" aria-hidden="true"></span>
                <span class="brand-name">{title}</span>
            </A>
            <nav class="app-nav" aria-label=t(locale, Key::NavMain)>
                <A href=href("/instances") exact=true>{t(locale, Key::NavInstances)}</A>
                <Show when=can_create.clone()>
                    <A href=href("/instances/new")>{t(locale, Key::NavCreate)}</A>
                </Show>
            </nav>
            <div class="app-prefs">
                {move || user.get().map(|name| view! {
                    <span class="app-user">{t(locale, Key::SignedInAs)} " " <strong>{name.clone()}</strong></span>
                })}
                <div class="pref">
                    <label class="pref-label" for="pref-language">{t(locale, Key::Language)}</label>
                    <select
                        id="pref-language"
                        on:change=move |ev| {
                            if let Some(l) = Locale::from_tag(&event_target_value(&ev)) {
                                store_value(LOCALE_KEY, l.tag());
                                locale.set(l);
                            }
                        }
                        prop:value=move || locale.get().tag()
                    >
                        {Locale::ALL
                            .into_iter()
                            .map(|l| view! { <option value=l.tag()>{l.native_name()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="pref">
                    <label class="pref-label" for="pref-theme">{t(locale, Key::Theme)}</label>
                    <select
                        id="pref-theme"
                        on:change=move |ev| {
                            if let Some(t) = ThemePref::parse(&event_target_value(&ev)) {
                                store_value(THEME_KEY, t.as_str());
                                theme.set(t);
                            }
                        }
                        prop:value=move || theme.get().as_str()
                    >
                        {[(ThemePref::System, Key::ThemeSystem), (ThemePref::Light, Key::ThemeLight), (ThemePref::Dark, Key::ThemeDark)]
                            .into_iter()
                            .map(|(pref, k)| view! { <option value=pref.as_str()>{t(locale, k)}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
        </header>
    }
}
