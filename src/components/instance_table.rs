//! `InstanceTable`: the one table every instance list renders with: name
//! (link to detail), endpoint, status, hardware, flavor, image or profile,
//! created, auto-stop remaining and row actions. Each optional cell carries
//! its column's `col-…` class: the style sheet hides the columns the user
//! chose to hide (the column chooser) and, by priority, those a narrow width
//! has no room for, and turns rows into cards on small screens; a row's name
//! cell shows every value as a tooltip. A checkbox per row (shift-click for
//! a range) and one for the page pick instances for an action on many at
//! once; a row in a moving status for longer than the configuration's
//! `stuck_after_minutes` (15 by default) says it is stuck.

use crate::app::use_app;
use crate::components::actions::{warm_over_actions, InstanceActions};
use crate::components::breakable_text::breakable;
use crate::components::status_badge::StatusBadge;
use crate::i18n::format::{duration, exact_time, hardware, relative_time};
use crate::i18n::{tr, trf, Key};
use devenv_core::paging::Gathered;
use devenv_core::stuck::stuck_since;
use devenv_core::Instance;
use leptos::prelude::*;
use std::sync::Arc;

/// The instances picked for an action on many at once (copies of them as
/// they were when picked, shared by the bar, the rows and the dialog).
pub type Picked = RwSignal<Arc<Vec<Arc<Instance>>>>;

fn same(a: &Instance, b: &Instance) -> bool {
    a.key() == b.key()
}

pub fn is_picked(picked: Picked, instance: &Instance) -> bool {
    picked.with(|p| p.iter().any(|i| same(i, instance)))
}

/// Picks (`on`) or drops each of `instances`; the last one picked is the
/// anchor of the next shift-click. One pass over each list, so picking all
/// 10,000 matches at once costs no more than walking them.
pub fn pick_all(picked: Picked, instances: &[Arc<Instance>], on: bool) {
    // The actions' code, ahead of a click on the selection bar.
    crate::lazy::warm_actions();
    // `try_`: a batch still running may drop what it took after the list
    // page is gone.
    picked.try_update(|p| {
        let list = Arc::make_mut(p);
        if on {
            // One already picked keeps its place (with what it is now).
            let mut all: Gathered<Arc<Instance>> = Gathered::new(|i| i.key());
            for i in list.drain(..).chain(instances.iter().cloned()) {
                all.add(i);
            }
            *list = all.into_items();
        } else {
            let mut gone: Gathered<Arc<Instance>> = Gathered::new(|i| i.key());
            for i in instances {
                gone.add(i.clone());
            }
            list.retain(|i| gone.get(i.key()).is_none());
        }
    });
}

/// A row's checkbox changed to `on`; with shift, every row of the page from
/// the anchor (the last one picked) to this one is picked.
fn pick_row(
    picked: Picked,
    page: Signal<Vec<Arc<Instance>>>,
    row: &Arc<Instance>,
    on: bool,
    shift: bool,
) {
    let anchor = picked.with_untracked(|p| p.last().cloned());
    let range: Vec<Arc<Instance>> = page.with_untracked(|rows| {
        let at = |i: &Instance| rows.iter().position(|r| same(r, i));
        match (shift && on, anchor.and_then(|a| at(&a)), at(row)) {
            (true, Some(from), Some(to)) if from <= to => rows[from..=to].to_vec(),
            (true, Some(from), Some(to)) => rows[to..=from].iter().rev().cloned().collect(),
            _ => vec![row.clone()],
        }
    });
    pick_all(picked, &range, on);
}

/// The console path of an instance's detail page.
pub fn detail_path(endpoint_id: &str, id: &str) -> String {
    format!(
        "/instances/{}/{}",
        js_sys::encode_uri_component(endpoint_id),
        js_sys::encode_uri_component(id)
    )
}

/// Seconds of auto-stop left at `now`, if the instance will stop by itself.
pub fn auto_stop_left(instance: &Instance, now_ms: f64) -> Option<i64> {
    let a = instance.auto_stop.as_ref().filter(|a| a.enabled)?;
    if instance.status_class != devenv_core::StatusClass::Running {
        return None;
    }
    match (a.stop_at, a.remaining_secs) {
        (Some(at), _) => Some(((at as f64 - now_ms) / 1000.0).max(0.0) as i64),
        (None, Some(left)) => Some(left.max(0)),
        _ => None,
    }
}

/// A running instance's idle policy, when no countdown applies: how long
/// it has idled of the minutes that stop it.
fn idle_stop_text(locale: crate::i18n::Locale, instance: &Instance) -> String {
    let idle = instance
        .auto_stop
        .as_ref()
        .and_then(|a| a.idle.as_ref())
        .filter(|_| instance.status_class == devenv_core::StatusClass::Running);
    match idle.and_then(|i| Some((i.idle_minutes.unwrap_or(0), i.max_idle_minutes?))) {
        Some((idle, max)) => trf(
            locale,
            Key::AutoStopIdle,
            &[("idle", &idle.to_string()), ("max", &max.to_string())],
        ),
        None => String::new(),
    }
}

#[component]
pub fn InstanceTable(
    /// The rows of the current page, in order.
    rows: Signal<Vec<Arc<Instance>>>,
    caption: Signal<String>,
    picked: Picked,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let t = move |k: Key| crate::i18n::t(locale, k);
    let page_picked =
        move || rows.with(|r| (r.iter().filter(|i| is_picked(picked, i)).count(), r.len()));
    view! {
        <div class="table-wrap">
            // The actions' code is fetched when a row's buttons are pointed
            // at or focused: one listener for the table, not two per row.
            <table class="instance-table" on:pointerover=warm_over_actions on:focusin=warm_over_actions>
                <caption class="visually-hidden">{move || caption.get()}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="cell-pick">
                            <label class="pick-all">
                                <input
                                    type="checkbox"
                                    prop:checked=move || { let (n, all) = page_picked(); n > 0 && n == all }
                                    prop:indeterminate=move || { let (n, all) = page_picked(); n > 0 && n < all }
                                    on:change=move |ev| rows.with_untracked(|r| pick_all(picked, r, event_target_checked(&ev)))
                                />
                                <span class="pick-all-label">{t(Key::SelectPage)}</span>
                            </label>
                        </th>
                        <th scope="col">{t(Key::ColName)}</th>
                        <th scope="col" class="col-endpoint">{t(Key::ColEndpoint)}</th>
                        <th scope="col">{t(Key::ColStatus)}</th>
                        <th scope="col" class="col-hardware">{t(Key::ColHardware)}</th>
                        <th scope="col" class="col-flavor">{t(Key::ColFlavor)}</th>
                        <th scope="col" class="col-image">{t(Key::ColImage)}</th>
                        <th scope="col" class="col-created">{t(Key::ColCreated)}</th>
                        <th scope="col" class="col-auto-stop">{t(Key::ColAutoStop)}</th>
                        <th scope="col"><span class="visually-hidden">{t(Key::ColActions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|i| (i.endpoint_id.clone(), i.id.clone(), i.status.clone(), i.updated, i.name.clone())
                        let(instance)
                    >
                        <InstanceRow instance picked page=rows/>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn InstanceRow(
    instance: Arc<Instance>,
    picked: Picked,
    page: Signal<Vec<Arc<Instance>>>,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let clock = app.clock;
    let stuck_after_ms = app.config.stuck_after_ms;
    let endpoint_label = app
        .config
        .endpoint(&instance.endpoint_id)
        .map(|e| e.label.clone())
        .unwrap_or_else(|| instance.endpoint_id.clone());
    let href = detail_path(&instance.endpoint_id, &instance.id);
    let hw = instance.hardware.clone();
    let created = instance.created;
    let flavor = instance.flavor.clone().unwrap_or_default();
    let image = instance.image.clone().unwrap_or_default();
    // Every value of the row, one per line, for whoever's width hides some.
    let summary = {
        let (endpoint_label, hw, flavor, image) = (
            endpoint_label.clone(),
            hw.clone(),
            flavor.clone(),
            image.clone(),
        );
        move || {
            let l = locale.get();
            [
                (Key::ColEndpoint, endpoint_label.clone()),
                (Key::ColHardware, hardware(l, &hw)),
                (Key::ColFlavor, flavor.clone()),
                (Key::ColImage, image.clone()),
                (Key::ColCreated, created.map(exact_time).unwrap_or_default()),
            ]
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(k, value)| format!("{}: {value}", tr(l, k)))
            .collect::<Vec<_>>()
            .join("\n")
        }
    };
    let for_stop = instance.clone();
    let for_actions = instance.clone();
    let for_pick = instance.clone();
    let for_check = instance.clone();
    // Only a moving instance can be stuck: its marker shows once it is.
    let stuck = instance.status_class.is_moving().then(|| {
        let since = {
            let instance = instance.clone();
            move || stuck_since(&instance, clock.get() as i64, stuck_after_ms, None)
        };
        let shown = since.clone();
        let title = move || {
            since()
                .map(|at| {
                    trf(
                        locale.get(),
                        Key::StuckRowSince,
                        &[("time", &exact_time(at))],
                    )
                })
                .unwrap_or_default()
        };
        view! {
            <span class="stuck" class:hidden=move || shown().is_none() title=title>
                {crate::i18n::t(locale, Key::Stuck)}
            </span>
        }
    });
    view! {
        <tr>
            <td class="cell-pick">
                <input
                    type="checkbox"
                    class="pick"
                    aria-label=instance.name.clone()
                    prop:checked=move || is_picked(picked, &for_check)
                    on:click=move |ev| pick_row(picked, page, &for_pick, event_target_checked(&ev), ev.shift_key())
                />
            </td>
            <th scope="row" class="cell-name" title=summary>
                // A plain link: the router follows it; it is never the page shown.
                <a href=crate::app::href(&href) class="instance-link" use:breakable=instance.name.clone()></a>
                <div class="cell-sub mono" use:breakable=instance.id.clone()></div>
            </th>
            <td class="col-endpoint">{endpoint_label}</td>
            <td class="col-status"><StatusBadge class=instance.status_class status=instance.status.clone()/>{stuck}</td>
            <td class="col-hardware">{move || hardware(locale.get(), &hw)}</td>
            <td class="col-flavor mono" use:breakable=flavor></td>
            <td class="col-image" use:breakable=image></td>
            <td class="col-created">
                {created.map(|ms| view! {
                    <time datetime=devenv_core::time::format_rfc3339(ms) title=exact_time(ms)>
                        {move || relative_time(locale.get(), ms, clock.get() as i64)}
                    </time>
                })}
            </td>
            <td class="col-auto-stop">
                {move || match auto_stop_left(&for_stop, clock.get()) {
                    Some(left) => duration(locale.get(), left),
                    None => idle_stop_text(locale.get(), &for_stop),
                }}
            </td>
            <td class="cell-actions"><InstanceActions instance=for_actions compact=true/></td>
        </tr>
    }
}
