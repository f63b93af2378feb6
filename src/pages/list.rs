//! `/instances`: every endpoint's instances in one live table, with filters,
//! sort and paging kept in the URL query, a banner per failing endpoint, and
//! the refresh schedule (paused while the tab is hidden); above it the
//! accelerators the fleet holds, and the bar of what is picked for an action
//! on many at once (the confirmation and the work are in the `actions`
//! chunk, see [`crate::lazy::open_batch`]).

use crate::app::{use_app, AppCtx};
use crate::components::actions::{action_key, unavailable};
use crate::components::column_chooser::column_chooser;
use crate::components::error_banner::ErrorBanner;
use crate::components::instance_table::{pick_all, InstanceTable, Picked};
use crate::components::skeleton::TableSkeleton;
use crate::components::status_badge::class_key;
use crate::fetch::RequestScope;
use crate::i18n::format::integer;
use crate::i18n::{tr, trf, Key};
use crate::listing::{apply, ListQuery, PAGE_SIZES};
use crate::router::{use_navigate, use_query_map, NavigateOptions};
use devenv_core::fleet::accelerators_in_use;
use devenv_core::{Action, StatusClass};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::sync::Arc;
use std::time::Duration;

/// How long typing pauses before the search applies.
const SEARCH_DEBOUNCE_MS: u64 = 150;

/// `/instances?…` for a query.
pub fn list_href(q: &ListQuery) -> String {
    let pairs = q.to_pairs();
    if pairs.is_empty() {
        return "/instances".to_string();
    }
    let qs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    format!("/instances?{}", qs.join("&"))
}

/// What the list shows below its filters.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// The first answers are still on their way.
    Loading,
    /// Every endpoint failed.
    Failed,
    /// No instances anywhere (`partial`: some endpoints failed).
    Empty {
        partial: bool,
    },
    /// None matches the filters.
    NoMatch,
    Table,
}

#[component]
pub fn ListPage() -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let store = app.store;
    let config = app.config.clone();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| ListQuery::from_pairs(m.iter())));
    let navigate = use_navigate();
    let set_query = {
        let navigate = navigate.clone();
        move |q: ListQuery| {
            navigate(
                &list_href(&q),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                },
            )
        }
    };

    // Refresh schedule: a tick every second starts whatever is due.
    let scope = RequestScope::new();
    app.store.refresh_due(&app.config, &scope, false);
    let tick_scope = SendWrapper::new(scope.clone());
    let app_for_tick = app.clone();
    if let Ok(handle) = set_interval_with_handle(
        move || {
            app_for_tick
                .store
                .refresh_due(&app_for_tick.config, &tick_scope, false);
        },
        Duration::from_secs(1),
    ) {
        let scope = SendWrapper::new(scope.clone());
        on_cleanup(move || {
            handle.clear();
            scope.cancel();
        });
    }
    let refresh_scope = SendWrapper::new(scope.clone());
    let app_for_refresh = app.clone();
    let refresh_now = Callback::new(move |force: bool| {
        app_for_refresh
            .store
            .refresh_due(&app_for_refresh.config, &refresh_scope, force);
    });

    let view_state = Memo::new(move |_| store.all.with(|all| query.with(|q| apply(all, q))));
    let rows = Signal::derive(move || {
        let v = view_state.get();
        store
            .all
            .with(|all| v.rows.iter().map(|&i| all[i].clone()).collect::<Vec<_>>())
    });
    let shown = Memo::new(move |_| {
        let none = store.all.with(|all| all.is_empty());
        if none && !store.settled() {
            Shown::Loading
        } else if none {
            let (failed, all) = store
                .lists
                .with(|ls| (ls.iter().filter(|l| l.error.is_some()).count(), ls.len()));
            if failed > 0 && failed == all {
                Shown::Failed
            } else {
                Shown::Empty {
                    partial: failed > 0,
                }
            }
        } else if view_state.with(|v| v.matching == 0) {
            Shown::NoMatch
        } else {
            Shown::Table
        }
    });
    let any_in_flight =
        Signal::derive(move || store.lists.with(|ls| ls.iter().any(|l| l.in_flight)));

    // Search box: typed text shows at once, the filter applies after a pause.
    let search_text = RwSignal::new(query.get_untracked().text.clone());
    let pending_search = StoredValue::new(None::<TimeoutHandle>);
    let on_search = {
        let set_query = set_query.clone();
        move |text: String| {
            search_text.set(text.clone());
            if let Some(h) = pending_search.get_value() {
                h.clear();
            }
            let set_query = set_query.clone();
            let handle = set_timeout_with_handle(
                move || {
                    let mut q = query.get_untracked();
                    if q.text != text {
                        q.text = text.clone();
                        q.page = 1;
                        set_query(q);
                    }
                },
                Duration::from_millis(SEARCH_DEBOUNCE_MS),
            )
            .ok();
            pending_search.set_value(handle);
        }
    };

    let endpoints_for_select = config.endpoints.clone();
    let banners_config = config.clone();
    let t = move |k: Key| crate::i18n::t(locale, k);
    let update = {
        let set_query = set_query.clone();
        move |f: &dyn Fn(&mut ListQuery)| {
            let mut q = query.get_untracked();
            f(&mut q);
            set_query(q);
        }
    };
    let update = StoredValue::new_local(update);
    let change = move |f: &dyn Fn(&mut ListQuery)| update.with_value(|u| u(f));

    // Picked for an action on many at once.
    let picked = RwSignal::new(Arc::new(Vec::new()));
    let picked_count = move || picked.with(|p| p.len());
    let select_matching = move || {
        let matching = store.all.with(|all| {
            let q = ListQuery {
                page: 1,
                per_page: usize::MAX,
                ..query.get_untracked()
            };
            apply(all, &q)
                .rows
                .iter()
                .map(|&i| all[i].clone())
                .collect::<Vec<_>>()
        });
        pick_all(picked, &matching, true);
    };

    view! {
        <div class="list-page">
            <div class="page-head">
                <div>
                    <h1>{t(Key::ListTitle)}</h1>
                    <p class="page-sub">{t(Key::ListSubtitle)}</p>
                </div>
                <div class="page-head-actions">
                    <span class="refresh-state" role="status" aria-live="polite">
                        {move || if any_in_flight.get() { tr(locale.get(), Key::Refreshing) } else { "" }}
                    </span>
                    {column_chooser()}
                    <button type="button" class="button" on:click=move |_| refresh_now.run(true)>
                        <span class="icon-refresh" aria-hidden="true"></span>
                        {t(Key::Refresh)}
                    </button>
                </div>
            </div>

            <ul class="status-counts" aria-label=t(Key::CountsLabel)>
                // One chip per status class, then "running without auto-stop".
                {(0..=StatusClass::ALL.len())
                    .map(|i| {
                        let class = StatusClass::ALL.get(i).copied();
                        let count = move || view_state.with(|v| v.counts.get(i).copied().unwrap_or(v.no_auto_stop));
                        let pressed = move || query.with(|q| match class {
                            Some(_) => q.class == class,
                            None => q.no_auto_stop,
                        });
                        view! {
                            <li class:hidden=move || count() == 0 && !pressed()>
                                <button
                                    type="button"
                                    class=format!("count-chip chip-{}", class.map_or("no-auto-stop", |c| c.as_str()))
                                    aria-pressed=move || pressed().to_string()
                                    on:click=move |_| change(&|q| {
                                        match class {
                                            Some(_) => q.class = if q.class == class { None } else { class },
                                            None => q.no_auto_stop = !q.no_auto_stop,
                                        }
                                        q.page = 1;
                                    })
                                >
                                    <span class="chip-label">{t(class.map_or(Key::NoAutoStop, class_key))}</span>
                                    <span class="chip-count">{move || integer(locale.get(), count() as u64)}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>

            // Accelerators held by running instances, by model (hidden when none).
            {move || store.all.with(|all| {
                let counts = accelerators_in_use(all.iter().map(|i| &**i));
                let max = counts.first().map_or(1, |c| c.1);
                (!counts.is_empty()).then(|| view! {
                    <section class="fleet" aria-labelledby="fleet-title">
                        <h2 id="fleet-title" class="fleet-title">{t(Key::FleetTitle)}</h2>
                        <ul class="fleet-bars">
                            {counts
                                .into_iter()
                                .map(|(model, n)| view! {
                                    <li class="fleet-bar">
                                        <span class="fleet-model">{model}</span>
                                        <meter min="0" max=max value=n aria-hidden="true"></meter>
                                        <span class="fleet-count">{n}</span>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    </section>
                })
            })}

            // Narrow widths fold the filters behind their summary (in CSS).
            <details class="filters">
                <summary class="button filters-toggle">{t(Key::Filters)}</summary>
                <div class="filter-bar" role="search">
                    <div class="field field-grow">
                        <label class="field-label" for="filter-text">{t(Key::FilterText)}</label>
                        <input
                            id="filter-text"
                            type="search"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || search_text.get()
                            on:input=move |ev| on_search(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label class="field-label" for="filter-endpoint">{t(Key::FilterEndpoint)}</label>
                        <select
                            id="filter-endpoint"
                            prop:value=move || query.with(|q| q.endpoint.clone().unwrap_or_default())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                change(&|q| {
                                    q.endpoint = (!v.is_empty()).then(|| v.clone());
                                    q.page = 1;
                                })
                            }
                        >
                            <option value="">{t(Key::AllEndpoints)}</option>
                            {endpoints_for_select
                                .iter()
                                .map(|e| view! { <option value=e.id.clone()>{e.label.clone()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="field-label" for="filter-status">{t(Key::FilterStatus)}</label>
                        <select
                            id="filter-status"
                            prop:value=move || query.with(|q| q.class.map(|c| c.as_str()).unwrap_or("").to_string())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                change(&|q| {
                                    q.class = StatusClass::parse(&v);
                                    q.page = 1;
                                })
                            }
                        >
                            <option value="">{t(Key::AllStatuses)}</option>
                            {StatusClass::ALL
                                .into_iter()
                                .map(|c| view! { <option value=c.as_str()>{t(class_key(c))}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label class="field-label" for="filter-sort">{t(Key::SortBy)}</label>
                        <select
                            id="filter-sort"
                            prop:value=move || query.with(|q| q.sort_value())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                change(&|q| {
                                    let parsed = ListQuery::from_pairs([("sort", v.as_str())]);
                                    q.sort = parsed.sort;
                                    q.descending = parsed.descending;
                                })
                            }
                        >
                            {[
                                ("-created", Key::SortNewest),
                                ("created", Key::SortOldest),
                                ("name", Key::SortNameAsc),
                                ("-name", Key::SortNameDesc),
                                ("status", Key::SortStatus),
                            ]
                                .into_iter()
                                .map(|(v, k)| view! { <option value=v>{t(k)}</option> })
                                .collect_view()}
                        </select>
                    </div>
                </div>
            </details>

            <div class="banners">
                {move || {
                    store
                        .lists
                        .get()
                        .into_iter()
                        .filter_map(|l| {
                            let error = l.error?;
                            let endpoint = banners_config.endpoint(&l.endpoint_id)?;
                            let id = endpoint.id.clone();
                            let retry = Callback::new(move |_: ()| {
                                store.due_now(&id);
                                refresh_now.run(false);
                            });
                            Some(view! { <ErrorBanner label=endpoint.label.clone() error on_retry=retry/> })
                        })
                        .collect_view()
                }}
            </div>

            <div class="selection-bar" class:hidden=move || picked_count() == 0 role="group" aria-label=t(Key::SelectionBar)>
                <span class="selection-count" aria-live="polite">
                    {move || { let l = locale.get(); trf(l, Key::SelectedCount, &[("count", &integer(l, picked_count() as u64))]) }}
                </span>
                <button
                    type="button"
                    class="button button-small"
                    class:hidden=move || view_state.with(|v| v.matching) <= picked_count()
                    on:click=move |_| select_matching()
                >
                    {move || { let l = locale.get(); trf(l, Key::SelectMatching, &[("count", &integer(l, view_state.with(|v| v.matching) as u64))]) }}
                </button>
                {bar_button(&app, Action::Start, picked)}
                {bar_button(&app, Action::Stop, picked)}
                {bar_button(&app, Action::Delete, picked)}
                <button type="button" class="button button-small" on:click=move |_| picked.set(Arc::new(Vec::new()))>
                    {t(Key::ClearSelection)}
                </button>
            </div>
            // The confirmation and results of an action on the picked
            // instances are drawn here by the actions' code.
            <div id="batch-slot"></div>

            // Built again only when what is shown changes: a keystroke or a
            // page of a refresh updates the table's rows, not the table.
            {move || match shown.get() {
                Shown::Loading => {
                    view! {
                        <TableSkeleton rows=6 label=Signal::derive(move || tr(locale.get(), Key::Loading).to_string())/>
                    }
                    .into_any()
                }
                Shown::Failed => {
                    view! {
                        <section class="empty-state" data-empty="failed">
                            <h2>{t(Key::ListFailedTitle)}</h2>
                            <p>{t(Key::ListFailedBody)}</p>
                        </section>
                    }
                    .into_any()
                }
                Shown::Empty { partial } => {
                    let body = if partial { Key::EmptyPartialBody } else { Key::EmptyBody };
                    view! {
                        <section class="empty-state" data-empty="none">
                            <h2>{t(Key::EmptyTitle)}</h2>
                            <p>{t(body)}</p>
                            <a class="button button-primary" href="instances/new">{t(Key::NavCreate)}</a>
                        </section>
                    }
                    .into_any()
                }
                Shown::NoMatch => {
                    view! {
                        <section class="empty-state">
                            <h2>{t(Key::NoMatchTitle)}</h2>
                            <button type="button" class="button" on:click=move |_| {
                                search_text.set(String::new());
                                change(&|q| *q = ListQuery { sort: q.sort, descending: q.descending, per_page: q.per_page, ..ListQuery::default() });
                            }>{t(Key::ClearFilters)}</button>
                        </section>
                    }
                    .into_any()
                }
                Shown::Table => {
                    view! {
                        <InstanceTable rows picked caption=Signal::derive(move || tr(locale.get(), Key::ListTitle).to_string())/>
                        <Pager view_state query change=Callback::new(move |f: PagerChange| change(&|q| f.apply(q)))/>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

/// A button of the selection bar: opens the confirmation of `action` on
/// the picked instances (the actions' code; a toast if it cannot be fetched).
fn bar_button(app: &AppCtx, action: Action, picked: Picked) -> impl IntoView {
    let app = app.clone();
    let locale = app.locale;
    let open = move |_| {
        let app = app.clone();
        leptos::task::spawn_local(async move {
            if crate::lazy::open_batch(app.clone(), action, picked)
                .await
                .is_err()
            {
                let l = locale.get_untracked();
                let what = trf(
                    l,
                    Key::SelectedCount,
                    &[(
                        "count",
                        &integer(l, picked.with_untracked(|p| p.len()) as u64),
                    )],
                );
                unavailable(&app, action, &what);
            }
        });
    };
    view! {
        <button
            type="button"
            class=if action == Action::Delete { "button button-small button-danger-outline" } else { "button button-small" }
            on:click=open
        >
            {crate::i18n::t(locale, action_key(action))}
        </button>
    }
}

/// A paging change from the pager.
#[derive(Clone, Copy)]
pub enum PagerChange {
    Page(usize),
    PerPage(usize),
}

impl PagerChange {
    fn apply(self, q: &mut ListQuery) {
        match self {
            PagerChange::Page(p) => q.page = p,
            PagerChange::PerPage(n) => {
                q.per_page = n;
                q.page = 1;
            }
        }
    }
}

#[component]
fn Pager(
    view_state: Memo<crate::listing::ListView>,
    query: Memo<ListQuery>,
    change: Callback<PagerChange>,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let t = move |k: Key| crate::i18n::t(locale, k);
    let range = move || {
        let v = view_state.get();
        let per = query.with(|q| q.per_page);
        let from = (v.page - 1) * per + 1;
        let to = from + v.rows.len() - 1;
        let l = locale.get();
        trf(
            l,
            Key::ShowingRange,
            &[
                ("from", &integer(l, from as u64)),
                ("to", &integer(l, to as u64)),
                ("total", &integer(l, v.matching as u64)),
            ],
        )
    };
    let page = move || view_state.with(|v| v.page);
    let pages = move || view_state.with(|v| v.pages);
    view! {
        <nav class="pager" aria-label=t(Key::Pagination)>
            <span class="pager-range" aria-live="polite">{range}</span>
            <div class="field field-inline">
                <label class="field-label" for="page-size">{t(Key::PageSize)}</label>
                <select
                    id="page-size"
                    prop:value=move || query.with(|q| q.per_page.to_string())
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse() {
                            change.run(PagerChange::PerPage(n));
                        }
                    }
                >
                    {PAGE_SIZES.into_iter().map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                </select>
            </div>
            <span class="pager-pages">
                {move || trf(locale.get(), Key::PageOf, &[("page", &page().to_string()), ("pages", &pages().to_string())])}
            </span>
            <button
                type="button"
                class="button"
                prop:disabled=move || { page() <= 1 }
                on:click=move |_| change.run(PagerChange::Page(page() - 1))
            >
                {t(Key::PrevPage)}
            </button>
            <button
                type="button"
                class="button"
                prop:disabled=move || { page() >= pages() }
                on:click=move |_| change.run(PagerChange::Page(page() + 1))
            >
                {t(Key::NextPage)}
            </button>
        </nav>
    }
}
