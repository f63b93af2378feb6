//! The detail page's resource use: CPU, memory and (on GPU instances) GPU
//! core and GPU memory over 1 h, 6 h or 24 h, as one inline SVG line chart
//! laid out by core ([`devenv_core::chart::layout`]), with the values under
//! the pointer or keyboard cursor, an "Idle" label when core says the
//! instance idled over the whole window, and the same numbers as a table
//! for screen readers.

use crate::app::use_app;
use crate::components::error_banner::ErrorBanner;
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::i18n::{t, tr, Key, Locale};
use devenv_core::chart::{self, ChartLayout, YMax};
use devenv_core::metrics::{self, MetricKind, MetricRange, Series};
use devenv_core::model::Millis;
use devenv_core::ApiError;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

/// The SVG's coordinate system: the plot area plus room for the labels.
const VIEW_W: f64 = 640.0;
const VIEW_H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;
const PLOT_W: f64 = VIEW_W - LEFT - RIGHT;
const PLOT_H: f64 = VIEW_H - TOP - BOTTOM;

#[derive(Debug, Clone, PartialEq)]
enum Usage {
    Loading,
    Loaded {
        window: (Millis, Millis),
        series: Vec<(MetricKind, Series)>,
    },
    Failed(ApiError),
}

fn metric_key(kind: MetricKind) -> Key {
    match kind {
        MetricKind::Cpu => Key::FieldCpu,
        MetricKind::Memory => Key::FieldMemory,
        MetricKind::GpuCore => Key::MetricGpu,
        MetricKind::GpuMemory => Key::MetricGpuMemory,
    }
}

fn range_key(range: MetricRange) -> Key {
    match range {
        MetricRange::Hour => Key::Range1h,
        MetricRange::SixHours => Key::Range6h,
        MetricRange::Day => Key::Range24h,
    }
}

/// Asks for every kind over `range` ending now, one line per kind.
async fn fetch_usage(
    endpoint: &Endpoint,
    id: &str,
    gpu: bool,
    range: MetricRange,
    scope: &RequestScope,
) -> Result<Usage, ApiError> {
    let ctx = endpoint.ctx();
    let now = js_sys::Date::now() as Millis;
    let kinds = MetricKind::ALL
        .into_iter()
        .filter(|k| gpu || !k.needs_gpu());
    let window = range.window(now);
    let mut series = Vec::new();
    for kind in kinds {
        let Some(spec) = endpoint
            .provider
            .metrics_request(&ctx, id, kind, range, now)
        else {
            continue;
        };
        let answer = fetch::send(endpoint, &spec, scope).await?;
        let pods = answer.stamp(metrics::decode_metrics(answer.status, &answer.body))?;
        series.push((kind, Series::merge(&pods).within(window)));
    }
    Ok(Usage::Loaded { window, series })
}

/// A time as hours and minutes in the reader's language and zone.
fn clock_time(locale: Locale, ms: Millis) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_locale_time_string_with_options(locale.tag(), &options)
        .into()
}

fn percent(v: f64) -> String {
    format!("{v:.1}%")
}

/// The usage card. `idle_thresholds`: CPU and GPU percent under which the
/// instance counts as idle (its idle policy's, else the provider's
/// documented example).
#[component]
pub fn UsageCard(
    endpoint: Endpoint,
    id: String,
    gpu: bool,
    idle_thresholds: Signal<(f64, f64)>,
) -> impl IntoView {
    let locale = use_app().locale;
    let range = RwSignal::new(MetricRange::Hour);
    let usage = RwSignal::new(Usage::Loading);
    let scope = RequestScope::new();
    let cleanup_scope = SendWrapper::new(scope.clone());
    on_cleanup(move || cleanup_scope.cancel());
    let scope = SendWrapper::new(scope);
    let label = endpoint.label.clone();
    let load = Callback::new(move |_: ()| {
        let (endpoint, id, scope) = (endpoint.clone(), id.clone(), (*scope).clone());
        let asked = range.get_untracked();
        usage.set(Usage::Loading);
        leptos::task::spawn_local(async move {
            let outcome = fetch_usage(&endpoint, &id, gpu, asked, &scope).await;
            // A later choice of range wins.
            if scope.is_gone() || asked != range.get_untracked() {
                return;
            }
            usage.set(outcome.unwrap_or_else(Usage::Failed));
        });
    });
    Effect::new(move |_| {
        range.track();
        load.run(());
    });
    let idle = Memo::new(move |_| {
        usage.with(|u| match u {
            Usage::Loaded { series, .. } => {
                let find = |k: MetricKind| series.iter().find(|(kind, _)| *kind == k).map(|s| &s.1);
                let (cpu_t, gpu_t) = idle_thresholds.get();
                find(MetricKind::Cpu).is_some_and(|cpu| {
                    metrics::is_idle(cpu, find(MetricKind::GpuCore), cpu_t, gpu_t)
                })
            }
            _ => false,
        })
    });
    view! {
        <section class="card usage-card" aria-labelledby="usage-title">
            <div class="usage-head">
                <h2 id="usage-title" class="card-title">{t(locale, Key::DetailUsage)}</h2>
                <Show when=move || idle.get()>
                    <span class="usage-idle badge badge-stopped">{t(locale, Key::UsageIdle)}</span>
                </Show>
                <div class="segmented" role="group" aria-label=t(locale, Key::UsageRange)>
                    {MetricRange::ALL.into_iter().map(|r| view! {
                        <button
                            type="button"
                            class="segmented-option"
                            aria-pressed=move || (range.get() == r).to_string()
                            on:click=move |_| range.set(r)
                        >
                            {t(locale, range_key(r))}
                        </button>
                    }).collect_view()}
                </div>
            </div>
            {move || match usage.get() {
                Usage::Loading => view! { <p class="muted usage-loading" role="status">{t(locale, Key::Loading)}</p> }.into_any(),
                Usage::Failed(error) => view! { <ErrorBanner label=label.clone() error on_retry=load/> }.into_any(),
                Usage::Loaded { window, series } if series.iter().all(|s| s.1.is_empty()) => {
                    let _ = window;
                    view! { <p class="muted">{t(locale, Key::UsageNoData)}</p> }.into_any()
                }
                Usage::Loaded { window, series } => view! { <UsageChart window series/> }.into_any(),
            }}
        </section>
    }
}

/// The chart of loaded series, with its legend, the values at the cursor
/// and the data table.
#[component]
fn UsageChart(window: (Millis, Millis), series: Vec<(MetricKind, Series)>) -> impl IntoView {
    let locale = use_app().locale;
    let lines: Vec<Series> = series.iter().map(|(_, s)| s.clone()).collect();
    let layout: ChartLayout = chart::layout(&lines, window, PLOT_W, PLOT_H, YMax::Percent);
    // The cursor's x in the plot area, from the pointer or the arrow keys.
    let cursor = RwSignal::new(None::<f64>);
    let kinds: Vec<MetricKind> = series.iter().map(|(k, _)| *k).collect();
    let key_step = lines
        .iter()
        .map(|s| s.points.len())
        .max()
        .filter(|n| *n > 1)
        .map_or(PLOT_W, |n| PLOT_W / (n - 1) as f64);
    let at_cursor = {
        let layout = layout.clone();
        let lines = lines.clone();
        let kinds = kinds.clone();
        Memo::new(move |_| {
            let x = cursor.get()?;
            let near = layout.nearest(x);
            let (_, _, px, _) = *near.first()?;
            let time = near
                .first()
                .and_then(|(s, i, _, _)| lines.get(*s)?.points.get(*i).map(|p| p.0))?;
            let values: Vec<(MetricKind, f64, f64, f64)> = near
                .iter()
                .filter_map(|(s, i, x, y)| {
                    Some((*kinds.get(*s)?, lines.get(*s)?.points.get(*i)?.1, *x, *y))
                })
                .collect();
            Some((px, time, values))
        })
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some(target) = ev.current_target() else {
            return;
        };
        let rect = target
            .unchecked_into::<web_sys::Element>()
            .get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let x = (f64::from(ev.client_x()) - rect.left()) / rect.width() * VIEW_W - LEFT;
        cursor.set(Some(x.clamp(0.0, PLOT_W)));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let x = cursor.get_untracked().unwrap_or(PLOT_W);
        let next = match ev.key().as_str() {
            "ArrowLeft" => x - key_step,
            "ArrowRight" => x + key_step,
            "Home" => 0.0,
            "End" => PLOT_W,
            _ => return,
        };
        ev.prevent_default();
        cursor.set(Some(next.clamp(0.0, PLOT_W)));
    };
    let x_ticks = layout.x_ticks.clone();
    let y_ticks = layout.y_ticks.clone();
    let paths = layout.paths.clone();
    let legend = kinds.clone();
    // The table: one row per time any series has, one column per series.
    let mut times: Vec<Millis> = lines
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    times.sort_unstable();
    times.dedup();
    let table_rows: Vec<(Millis, Vec<Option<f64>>)> = times
        .into_iter()
        .map(|t| {
            let values = lines
                .iter()
                .map(|s| s.points.iter().find(|p| p.0 == t).map(|p| p.1))
                .collect();
            (t, values)
        })
        .collect();
    let table_kinds = kinds.clone();
    view! {
        <ul class="usage-legend">
            {legend.into_iter().enumerate().map(|(i, k)| view! {
                <li><span class=format!("usage-swatch usage-series-{i}") aria-hidden="true"></span>{t(locale, metric_key(k))}</li>
            }).collect_view()}
        </ul>
        <div class="usage-chart">
            <svg
                viewBox=format!("0 0 {VIEW_W} {VIEW_H}")
                role="img"
                tabindex="0"
                aria-label=t(locale, Key::UsageCaption)
                on:pointermove=on_move
                on:pointerleave=move |_| cursor.set(None)
                on:focus=move |_| if cursor.get_untracked().is_none() { cursor.set(Some(PLOT_W)) }
                on:blur=move |_| cursor.set(None)
                on:keydown=on_key
            >
                <g transform=format!("translate({LEFT} {TOP})")>
                    {y_ticks.into_iter().map(|(v, y)| view! {
                        <line class="usage-grid" x1="0" x2=PLOT_W y1=y y2=y></line>
                        <text class="usage-axis" x="-6" y=y + 4.0 text-anchor="end">{format!("{v:.0}%")}</text>
                    }).collect_view()}
                    {x_ticks.into_iter().map(|(ms, x)| view! {
                        <line class="usage-tick" x1=x x2=x y1=PLOT_H y2=PLOT_H + 4.0></line>
                        <text class="usage-axis" x=x y=PLOT_H + 18.0 text-anchor="middle">{move || clock_time(locale.get(), ms)}</text>
                    }).collect_view()}
                    <line class="usage-axis-line" x1="0" x2=PLOT_W y1=PLOT_H y2=PLOT_H></line>
                    {paths.into_iter().enumerate().map(|(i, d)| view! {
                        <path class=format!("usage-line usage-series-{i}") d=d></path>
                    }).collect_view()}
                    {move || at_cursor.get().map(|(px, _, values)| view! {
                        <line class="usage-cursor" x1=px x2=px y1="0" y2=PLOT_H></line>
                        {values.into_iter().enumerate().map(|(i, (_, _, x, y))| view! {
                            <circle class=format!("usage-dot usage-series-{i}") cx=x cy=y r="3.5"></circle>
                        }).collect_view()}
                    })}
                </g>
            </svg>
            <p class="usage-readout" aria-live="polite">
                {move || at_cursor.get().map(|(_, time, values)| {
                    let l = locale.get();
                    let parts: Vec<String> = values.iter().map(|(k, v, _, _)| format!("{} {}", tr(l, metric_key(*k)), percent(*v))).collect();
                    format!("{} · {}", super::history::local_time(l, time), parts.join(" · "))
                })}
            </p>
        </div>
        <table class="visually-hidden">
            <caption>{t(locale, Key::UsageCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(locale, Key::UsageTime)}</th>
                    {table_kinds.into_iter().map(|k| view! { <th scope="col">{t(locale, metric_key(k))}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {table_rows.into_iter().map(|(time, values)| view! {
                    <tr>
                        <th scope="row">{move || super::history::local_time(locale.get(), time)}</th>
                        {values.into_iter().map(|v| view! { <td>{v.map(percent).unwrap_or_default()}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
