//! The detail page's history: one timeline of what the provider's history
//! requests answer, what the instance itself says (failure reasons, queue,
//! times) and the status changes seen while the page is open, newest first
//! ([`HistoryCard`]); and the header's notice when the instance has been
//! in a moving status for too long ([`StuckNotice`]).

use crate::app::use_app;
use crate::components::copy_button::CopyButton;
use crate::components::error_banner::ErrorBanner;
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::i18n::{t, tr, trf, Key, Locale};
use devenv_core::history::{self, HistoryEntry, HistorySource};
use devenv_core::model::Millis;
use devenv_core::{stuck, ApiError, Instance};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// What the provider's history requests brought.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Loading,
    Loaded(Vec<HistoryEntry>),
    Failed(ApiError),
}

/// The page's history state, shared by the card and the header's notice.
#[derive(Clone, Copy)]
pub struct Timeline {
    pub fetched: RwSignal<Fetched>,
    /// Status changes seen while the page is open.
    pub observed: RwSignal<Vec<HistoryEntry>>,
    /// When the page first saw the current status.
    pub observed_since: RwSignal<Option<Millis>>,
    /// Every entry, newest first.
    pub entries: Memo<Vec<HistoryEntry>>,
    /// Asks the provider again.
    pub reload: Callback<()>,
}

/// Sends the provider's history requests for one instance and decodes
/// them into one list; the first failure wins.
async fn fetch_history(
    endpoint: &Endpoint,
    id: &str,
    scope: &RequestScope,
) -> Result<Vec<HistoryEntry>, ApiError> {
    let ctx = endpoint.ctx();
    let mut lists = Vec::new();
    for (kind, spec) in endpoint.provider.history_requests(&ctx, id) {
        let answer = fetch::send(endpoint, &spec, scope).await?;
        lists.push(answer.stamp(history::decode_history(kind, answer.status, &answer.body))?);
    }
    Ok(history::merge(lists))
}

/// The history of the instance the page shows (`instance`, once known,
/// on `endpoint`): loads it, records status changes, and asks again when
/// the status changes. Provided as context for [`StuckNotice`].
pub fn use_timeline(
    endpoint: Memo<Option<Endpoint>>,
    instance: Memo<Option<Instance>>,
) -> Timeline {
    let fetched = RwSignal::new(Fetched::Loading);
    let observed = RwSignal::new(Vec::<HistoryEntry>::new());
    let observed_since = RwSignal::new(None::<Millis>);
    let scope = RequestScope::new();
    let cleanup_scope = SendWrapper::new(scope.clone());
    on_cleanup(move || cleanup_scope.cancel());
    let scope = SendWrapper::new(scope);
    let seen =
        Memo::new(move |_| instance.with(|i| i.as_ref().map(|i| (i.id.clone(), i.status.clone()))));
    let reload = Callback::new(move |_: ()| {
        let (Some(endpoint), Some((id, _))) = (endpoint.get_untracked(), seen.get_untracked())
        else {
            return;
        };
        let scope = (*scope).clone();
        leptos::task::spawn_local(async move {
            let outcome = fetch_history(&endpoint, &id, &scope).await;
            if scope.is_gone() || !seen.with_untracked(|s| s.as_ref().is_some_and(|s| s.0 == id)) {
                return;
            }
            fetched.set(match outcome {
                Ok(entries) => Fetched::Loaded(entries),
                Err(e) => Fetched::Failed(e),
            });
        });
    });
    // The status as the page sees it: a change is recorded and the history
    // asked for again (a new status usually comes with a new event); another
    // instance starts over.
    Effect::new(move |previous: Option<Option<(String, String)>>| {
        let now = js_sys::Date::now() as Millis;
        let current = seen.get();
        match (previous.flatten(), &current) {
            (Some((id, before)), Some((now_id, status))) if id == *now_id => {
                if before != *status {
                    observed.update(|o| o.push(HistoryEntry::observed(status, now)));
                    observed_since.set(Some(now));
                    reload.run(());
                }
            }
            (_, Some(_)) => {
                observed.set(Vec::new());
                fetched.set(Fetched::Loading);
                observed_since.set(Some(now));
                reload.run(());
            }
            (_, None) => {}
        }
        current
    });
    let entries = Memo::new(move |_| {
        let own = instance.with(|i| i.as_ref().map(history::of_instance).unwrap_or_default());
        let asked = fetched.with(|f| match f {
            Fetched::Loaded(e) => e.clone(),
            _ => Vec::new(),
        });
        history::merge([asked, own, observed.get()])
    });
    let timeline = Timeline {
        fetched,
        observed,
        observed_since,
        entries,
        reload,
    };
    provide_context(timeline);
    timeline
}

/// A time in the reader's language and zone (`2024/3/1 16:00:00`).
pub fn local_time(locale: Locale, ms: Millis) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_locale_string(locale.tag(), &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

fn source_key(source: HistorySource) -> Key {
    match source {
        HistorySource::ProviderEvent => Key::SourceEvent,
        HistorySource::Lifecycle => Key::SourceLifecycle,
        HistorySource::Failure => Key::DetailFailure,
        HistorySource::Queue => Key::DetailQueue,
        HistorySource::Observed => Key::SourceObserved,
    }
}

/// `<time>` for a moment, in the reader's language.
#[component]
fn When(at: Millis) -> impl IntoView {
    let locale = use_app().locale;
    view! {
        <time datetime=devenv_core::time::format_rfc3339(at)>{move || local_time(locale.get(), at)}</time>
    }
}

#[component]
fn Entry(entry: HistoryEntry) -> impl IntoView {
    let locale = use_app().locale;
    let copy = entry.copy_text();
    let HistoryEntry {
        at,
        until,
        status,
        code,
        message,
        source,
    } = entry;
    view! {
        <li class="history-entry">
            <div class="history-meta">
                {match at {
                    Some(at) => view! { <When at/> }.into_any(),
                    None => "—".into_any(),
                }}
                {until.map(|u| view! { " – " <When at=u/> })}
                <span class="history-source">{t(locale, source_key(source))}</span>
                {status.map(|s| view! { <span class="history-status">{s}</span> })}
                {code.map(|c| view! { <code class="history-code">{c}</code> })}
                <CopyButton value=copy what=Key::WhatHistoryEntry/>
            </div>
            {(!message.is_empty()).then(|| view! { <p class="history-message">{message}</p> })}
        </li>
    }
}

/// The history card: loading, the provider's error (with a retry), the
/// entries, or that there are none.
#[component]
pub fn HistoryCard(timeline: Timeline, endpoint_label: String) -> impl IntoView {
    let locale = use_app().locale;
    let Timeline {
        fetched,
        entries,
        reload,
        ..
    } = timeline;
    let failed = Memo::new(move |_| match fetched.get() {
        Fetched::Failed(e) => Some(e),
        _ => None,
    });
    let loading = Memo::new(move |_| matches!(fetched.get(), Fetched::Loading));
    view! {
        <section class="card history-card" aria-labelledby="history-title">
            <h2 id="history-title" class="card-title">{t(locale, Key::DetailHistory)}</h2>
            {move || failed.get().map(|error| view! {
                <ErrorBanner label=endpoint_label.clone() error on_retry=reload/>
            })}
            {move || {
                let all = entries.get();
                if all.is_empty() {
                    let key = if loading.get() { Key::Loading } else { Key::HistoryEmpty };
                    return view! { <p class="muted" role="status">{t(locale, key)}</p> }.into_any();
                }
                view! {
                    <ol class="history-list">
                        {all.into_iter().map(|entry| view! { <Entry entry/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// The header's notice when the instance has been in a moving status
/// longer than the configuration's `stuck_after_minutes`: since when, and
/// the provider's latest reason.
#[component]
pub fn StuckNotice(instance: Instance) -> impl IntoView {
    let app = use_app();
    let (locale, clock) = (app.locale, app.clock);
    let stuck_after_ms = app.config.stuck_after_ms;
    let timeline = use_context::<Timeline>();
    let since = Memo::new({
        let instance = instance.clone();
        move |_| {
            let observed = timeline.and_then(|t| t.observed_since.get());
            stuck::stuck_since(&instance, clock.get() as Millis, stuck_after_ms, observed)
        }
    });
    let reason = Memo::new(move |_| {
        timeline.and_then(|t| t.entries.with(|e| stuck::latest_reason(e).cloned()))
    });
    let status = instance.status.clone();
    move || {
        let since = since.get()?;
        let l = locale.get();
        let ago = crate::i18n::format::relative_time(l, since, clock.get() as Millis);
        let text = trf(
            l,
            Key::StuckSince,
            &[
                ("status", &status),
                ("since", &local_time(l, since)),
                ("ago", &ago),
            ],
        );
        let why = reason.get().map(|r| {
            let line = [r.code.clone().unwrap_or_default(), r.message.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(": ");
            view! {
                <span class="stuck-reason">
                    <strong>{tr(l, Key::StuckReason)} ": "</strong>
                    {line}
                </span>
            }
        });
        Some(view! {
            <p class="notice stuck-notice" role="status">
                <span>{text}</span>
                " "
                {why}
            </p>
        })
    }
}
