//! `InstanceTable`: the one table every instance list renders with: name
//! (link to detail), endpoint, status, hardware, flavor, image or profile,
//! created, auto-stop remaining and row actions.

use crate::app::use_app;
use crate::components::actions::InstanceActions;
use crate::components::status_badge::StatusBadge;
use crate::i18n::format::{duration, exact_time, hardware, relative_time};
use crate::i18n::Key;
use devenv_core::Instance;
use leptos::prelude::*;
use leptos_router::components::A;

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

#[component]
pub fn InstanceTable(
    /// The rows of the current page, in order.
    rows: Signal<Vec<Instance>>,
    caption: Signal<String>,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let t = move |k: Key| crate::i18n::t(locale, k);
    view! {
        <div class="table-wrap">
            <table class="instance-table">
                <caption class="visually-hidden">{move || caption.get()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(Key::ColName)}</th>
                        <th scope="col">{t(Key::ColEndpoint)}</th>
                        <th scope="col">{t(Key::ColStatus)}</th>
                        <th scope="col">{t(Key::ColHardware)}</th>
                        <th scope="col">{t(Key::ColFlavor)}</th>
                        <th scope="col">{t(Key::ColImage)}</th>
                        <th scope="col">{t(Key::ColCreated)}</th>
                        <th scope="col">{t(Key::ColAutoStop)}</th>
                        <th scope="col"><span class="visually-hidden">{t(Key::ColActions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get()
                        key=|i| (i.endpoint_id.clone(), i.id.clone(), i.status.clone(), i.updated, i.name.clone())
                        let(instance)
                    >
                        <InstanceRow instance/>
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn InstanceRow(instance: Instance) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let clock = app.clock;
    let endpoint_label = app
        .config
        .endpoint(&instance.endpoint_id)
        .map(|e| e.label.clone())
        .unwrap_or_else(|| instance.endpoint_id.clone());
    let href = detail_path(&instance.endpoint_id, &instance.id);
    let hw = instance.hardware.clone();
    let created = instance.created;
    let for_stop = instance.clone();
    let for_actions = instance.clone();
    view! {
        <tr>
            <th scope="row" class="cell-name">
                <A href=crate::app::href(&href) attr:class="instance-link">{instance.name.clone()}</A>
                <div class="cell-sub mono">{instance.id.clone()}</div>
            </th>
            <td>{endpoint_label}</td>
            <td><StatusBadge class=instance.status_class status=instance.status.clone()/></td>
            <td>{move || hardware(locale.get(), &hw)}</td>
            <td class="mono">{instance.flavor.clone().unwrap_or_default()}</td>
            <td class="cell-image">{instance.image.clone().unwrap_or_default()}</td>
            <td>
                {created.map(|ms| view! {
                    <time datetime=devenv_core::time::format_rfc3339(ms) title=exact_time(ms)>
                        {move || relative_time(locale.get(), ms, clock.get() as i64)}
                    </time>
                })}
            </td>
            <td>
                {move || match auto_stop_left(&for_stop, clock.get()) {
                    Some(left) => duration(locale.get(), left),
                    None => String::new(),
                }}
            </td>
            <td class="cell-actions"><InstanceActions instance=for_actions compact=true/></td>
        </tr>
    }
}
