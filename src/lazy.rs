//! Code loaded on demand. In the release build (`--features split`, see
//! `tools/build-wasm.mjs`) the create and edit forms, the detail page and the
//! actions' confirmation and follow-up live in wasm chunks of their own,
//! fetched the first time a user needs one (or ahead of it, on pointing or
//! focus), so the first load carries the list and the shell only. Elsewhere
//! (component tests, debug builds) the same functions are plain calls.

use crate::app::AppCtx;
use crate::components::instance_table::Picked;
use crate::config::Endpoint;
use crate::i18n::{t, Key};
use devenv_core::{Action, ApiError, Instance};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A page kept out of the first load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Create,
    Detail,
    Edit,
}

/// The page's chunk could not be fetched (offline, or the deployment
/// changed under an open console).
#[derive(Debug, Clone, Copy)]
pub struct Unavailable;

impl From<leptos::wasm_split::SplitLoaderError> for Unavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unavailable
    }
}

/// A `fn` whose code goes into the chunk `$chunk` in the release build
/// (`fallible`: a failed fetch is an `Err`, not a panic, and the next call
/// fetches again; `preload(name)` also makes `name()` fetch it ahead).
/// Without the `split` feature it stays a plain function.
macro_rules! in_chunk {
    ($chunk:ident $(, preload($preload:ident))?; $item:item) => {
        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split(
                $chunk,
                wasm_split_path = ::leptos::wasm_split,
                fallible
                $(, preload($preload))?
            )
        )]
        $item
    };
}

/// Calls a function of [`in_chunk!`]: awaits its chunk in the release
/// build, a plain call elsewhere.
macro_rules! from_chunk {
    ($call:expr) => {{
        #[cfg(feature = "split")]
        let out = $call.await;
        #[cfg(not(feature = "split"))]
        let out = $call;
        out
    }};
}

// The create and edit forms share one chunk (the same form code); the
// detail page has its own.
in_chunk! {
    forms, preload(preload_forms);
    fn create_view(_: ()) -> Result<AnyView, Unavailable> {
        Ok(view! { <crate::pages::create::CreatePage/> }.into_any())
    }
}

in_chunk! {
    forms;
    fn edit_view(_: ()) -> Result<AnyView, Unavailable> {
        Ok(view! { <crate::pages::edit::EditPage/> }.into_any())
    }
}

in_chunk! {
    detail, preload(preload_detail);
    fn detail_view(_: ()) -> Result<AnyView, Unavailable> {
        Ok(view! { <crate::pages::detail::DetailPage/> }.into_any())
    }
}

/// What the confirmation dialog of an action needs.
pub struct ConfirmArgs {
    pub action: Action,
    pub name: String,
    pub title_id: String,
    pub pending: RwSignal<Option<Action>>,
    pub error: RwSignal<Option<ApiError>>,
    pub on_confirm: Callback<()>,
    pub on_close: Callback<()>,
}

// The actions' own code (the confirmation, the request and following the
// instance until it settles) is fetched the first time a user points at or
// focuses an instance's buttons, or clicks one.
in_chunk! {
    actions, preload(preload_actions);
    fn confirm_view(args: ConfirmArgs) -> Result<AnyView, Unavailable> {
        use crate::components::actions::ConfirmAction;
        let ConfirmArgs {
            action,
            name,
            title_id,
            pending,
            error,
            on_confirm,
            on_close,
        } = args;
        Ok(
            view! { <ConfirmAction action name title_id pending error on_confirm on_close/> }
                .into_any(),
        )
    }
}

// One action on many picked instances: its confirmation, progress and
// results, drawn into the list page's slot for them.
in_chunk! {
    actions;
    fn open_batch_in(args: (AppCtx, Action, Picked)) -> Result<(), Unavailable> {
        let (app, action, picked) = args;
        crate::components::batch::open(app, action, picked);
        Ok(())
    }
}

/// Opens the confirmation of `action` on the picked instances (see
/// [`crate::components::batch::BatchAction`]), once the actions' code is here.
pub async fn open_batch(app: AppCtx, action: Action, picked: Picked) -> Result<(), Unavailable> {
    enable_page_styles();
    from_chunk!(open_batch_in((app, action, picked)))
}

/// An action under way: sent, then followed.
pub type Performing = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

in_chunk! {
    actions;
    fn perform_boxed(args: (AppCtx, Endpoint, Instance, Action)) -> Result<Performing, Unavailable> {
        let (app, endpoint, instance, action) = args;
        Ok(Box::pin(crate::components::actions::perform(
            app, endpoint, instance, action,
        )))
    }
}

/// The confirmation dialog of an action, once its code is here.
pub async fn confirm(args: ConfirmArgs) -> Result<AnyView, Unavailable> {
    enable_page_styles();
    from_chunk!(confirm_view(args))
}

/// Sends `action` for `instance` and follows it (see
/// [`crate::components::actions::perform`]), once the code is here.
pub async fn perform(
    app: AppCtx,
    endpoint: Endpoint,
    instance: Instance,
    action: Action,
) -> Result<Result<(), ApiError>, Unavailable> {
    enable_page_styles();
    let performing = from_chunk!(perform_boxed((app, endpoint, instance, action)))?;
    Ok(performing.await)
}

// Posting the height and the route to an embedding portal: fetched only
// when the console runs in a frame.
in_chunk! {
    embed;
    fn embed_view(allowed_origins: Vec<String>) -> Result<AnyView, Unavailable> {
        Ok(view! { <crate::embed::Bridge allowed_origins/> }.into_any())
    }
}

/// The embedding bridge (see [`crate::embed::EmbedBridge`]), once its code is here.
pub async fn embed_bridge(allowed_origins: Vec<String>) -> Result<AnyView, Unavailable> {
    from_chunk!(embed_view(allowed_origins))
}

/// Fetches the actions' code ahead of a click.
pub fn warm_actions() {
    enable_page_styles();
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_actions().await;
    });
}

/// Enables the on-demand pages' style sheet (`style/pages.css`, linked
/// disabled so that the list page's first load does not fetch it): the
/// browser fetches it now, alongside the chunk being fetched. Once is enough;
/// later calls find nothing to enable.
pub fn enable_page_styles() {
    let link = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector("link[data-on-demand][disabled]")
            .ok()
            .flatten()
    });
    if let Some(link) = link {
        let _ = link.remove_attribute("disabled");
    }
}

/// Fetches the chunk of the page `route` shows, ahead of a click on a link
/// to it (the router calls this when a link is pointed at or focused). A
/// chunk is fetched once; a failed fetch is tried again on the next call.
pub fn warm(route: crate::router::Route) {
    if !matches!(
        route,
        crate::router::Route::Root | crate::router::Route::List | crate::router::Route::NotFound
    ) {
        enable_page_styles();
    }
    #[cfg(feature = "split")]
    {
        use crate::router::Route;
        match route {
            Route::Create | Route::Edit => leptos::task::spawn_local(async {
                let _ = preload_forms().await;
            }),
            Route::Detail => leptos::task::spawn_local(async {
                let _ = preload_detail().await;
            }),
            Route::Root | Route::List | Route::NotFound => {}
        }
    }
    #[cfg(not(feature = "split"))]
    let _ = route;
}

async fn load(page: Page) -> Result<AnyView, Unavailable> {
    enable_page_styles();
    match page {
        Page::Create => from_chunk!(create_view(())),
        Page::Detail => from_chunk!(detail_view(())),
        Page::Edit => from_chunk!(edit_view(())),
    }
}

/// Renders `page` once its code is here: "Loading…" while the chunk is
/// fetched, and if the fetch fails, what happened and a retry. (No
/// `<Suspense>`: the pages' own resources must not blank the page while they
/// load; each page shows its own loading state.)
#[component]
pub fn LazyPage(page: Page) -> impl IntoView {
    let locale = crate::app::use_app().locale;
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let loading = RwSignal::new(true);
        view! {
            <Show when=move || loading.get()>
                <p class="page-loading" role="status">{t(locale, Key::Loading)}</p>
            </Show>
            {Suspend::new(async move {
                let loaded = load(page).await;
                loading.set(false);
                match loaded {
                    Ok(view) => view,
                    Err(Unavailable) => view! {
                        <div class="banner banner-error" role="alert">
                            <div class="banner-body">
                                <p class="banner-title">{t(locale, Key::PageUnavailable)}</p>
                                <p class="banner-hint">{t(locale, Key::PageUnavailableHint)}</p>
                            </div>
                            <button type="button" class="button button-small" on:click=move |_| attempt.update(|n| *n += 1)>
                                {t(locale, Key::Retry)}
                            </button>
                        </div>
                    }
                    .into_any(),
                }
            })}
        }
    }
}
