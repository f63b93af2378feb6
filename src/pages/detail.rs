//! `/instances/{endpoint}/{id}`: everything the provider says about one
//! instance, readable: header with status and actions, overview, hardware,
//! image, storage, auto-stop countdown, queue, failure, connect links and the
//! raw answer; its history, resource use and auto-stop policies where the
//! provider has them (`history`, `usage`, `auto_stop`). Polls while the
//! instance is changing state.

mod auto_stop;
mod history;
mod usage;

use crate::app::use_app;
use crate::components::actions::{warm_over_actions, InstanceActions};
use crate::components::breakable_text::breakable;
use crate::components::copy_button::CopyButton;
use crate::components::error_banner::ErrorBanner;
use crate::components::instance_table::auto_stop_left;
use crate::components::skeleton::TableSkeleton;
use crate::components::status_badge::StatusBadge;
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::i18n::format::{duration, exact_time, relative_time};
use crate::i18n::{t, tr, trf, Key};
use crate::router::{use_params_map, A};
use devenv_core::access::{Access, Change, Role};
use devenv_core::{ApiError, Instance};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::time::Duration;

/// How often a changing instance is polled on its page.
const POLL_MOVING_MS: u64 = 2000;

#[derive(Debug, Clone, PartialEq)]
enum Load {
    Loading,
    Loaded,
    NotFound,
    UnknownEndpoint,
    Failed(ApiError),
}

pub async fn fetch_detail(
    endpoint: &Endpoint,
    id: &str,
    scope: &RequestScope,
) -> Result<Instance, ApiError> {
    let ctx = endpoint.ctx();
    let spec = endpoint.provider.detail_request(&ctx, id);
    let answer = fetch::send(endpoint, &spec, scope).await?;
    answer.stamp(
        endpoint
            .provider
            .decode_detail(&ctx, answer.status, &answer.body),
    )
}

#[component]
pub fn DetailPage() -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let store = app.store;
    let params = use_params_map();
    let endpoint_id = Memo::new(move |_| params.with(|p| p.get("endpoint").unwrap_or_default()));
    let instance_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let load = RwSignal::new(Load::Loading);
    // The detail view's parts (provider object, connect links, storage …)
    // come with the detail answer only (list items keep none): the last one
    // is kept here while the list refreshes the status.
    let detail = RwSignal::new(None::<Instance>);
    let instance = Memo::new(move |_| {
        let (e, i) = (endpoint_id.get(), instance_id.get());
        let found = store.all.with(|all| {
            all.iter()
                .find(|x| x.endpoint_id == e && x.id == i)
                .map(|x| (**x).clone())
        })?;
        Some(detail.with(|d| match d {
            Some(d) => found.with_detail_of(d),
            None => found,
        }))
    });

    let endpoint = Memo::new({
        let config = app.config.clone();
        move |_| config.endpoint(&endpoint_id.get()).cloned()
    });
    let timeline = history::use_timeline(endpoint, instance);

    let scope = RequestScope::new();
    let cleanup_scope = SendWrapper::new(scope.clone());
    on_cleanup(move || cleanup_scope.cancel());
    let scope = SendWrapper::new(scope);
    let config = app.config.clone();
    let reload = Callback::new(move |_: ()| {
        let Some(endpoint) = config.endpoint(&endpoint_id.get_untracked()).cloned() else {
            load.set(Load::UnknownEndpoint);
            return;
        };
        let id = instance_id.get_untracked();
        let scope = (*scope).clone();
        leptos::task::spawn_local(async move {
            let outcome = fetch_detail(&endpoint, &id, &scope).await;
            if scope.is_gone() {
                return;
            }
            match outcome {
                Ok(found) => {
                    detail.set(Some(found.clone()));
                    store.upsert(found);
                    load.set(Load::Loaded);
                }
                Err(e) if e.is_not_found() => {
                    store.remove(&endpoint.id, &id);
                    load.set(Load::NotFound);
                }
                Err(e) => {
                    // Keep showing what we had; say the refresh failed.
                    load.set(Load::Failed(e));
                }
            }
        });
    });
    Effect::new(move |_| {
        endpoint_id.track();
        instance_id.track();
        load.set(Load::Loading);
        reload.run(());
    });
    // Poll while the instance is changing state.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let moving =
                instance.with_untracked(|i| i.as_ref().is_some_and(|i| i.status_class.is_moving()));
            if moving && !crate::store::tab_hidden() {
                reload.run(());
            }
        },
        Duration::from_millis(POLL_MOVING_MS),
    ) {
        on_cleanup(move || handle.clear());
    }

    // The parts with state of their own (forms, the chosen range, what was
    // fetched) are made once per instance, not again at each refresh.
    let shown = Memo::new(move |_| {
        if matches!(load.get(), Load::NotFound | Load::UnknownEndpoint) {
            return None;
        }
        let endpoint = endpoint.get()?;
        instance.with(|i| {
            i.as_ref().map(|i| {
                let gpu = i.hardware.accelerator_kind == devenv_core::AcceleratorKind::Gpu;
                (endpoint, i.id.clone(), gpu)
            })
        })
    });
    let app_for_view = app.clone();
    view! {
        <div class="detail-page">
            <nav class="breadcrumbs" aria-label=t(locale, Key::Breadcrumb)>
                <A href=crate::app::href("/instances")>{t(locale, Key::NavInstances)}</A>
                <span aria-hidden="true">" / "</span>
                <span aria-current="page">{move || instance.with(|i| i.as_ref().map(|i| i.name.clone()).unwrap_or_else(|| instance_id.get()))}</span>
            </nav>
            {move || {
                let app = app_for_view.clone();
                match (load.get(), instance.get()) {
                    (Load::UnknownEndpoint, _) => view! {
                        <NotFoundInstance body=trf(locale.get(), Key::UnknownEndpointBody, &[("endpoint", &endpoint_id.get())])/>
                    }.into_any(),
                    (Load::NotFound, _) => {
                        let label = app.config.endpoint(&endpoint_id.get()).map(|e| e.label.clone()).unwrap_or_default();
                        view! {
                            <NotFoundInstance body=trf(locale.get(), Key::InstanceNotFoundBody, &[("endpoint", &label), ("id", &instance_id.get())])/>
                        }.into_any()
                    }
                    (state, Some(inst)) => {
                        let failed = match state { Load::Failed(e) => Some(e), _ => None };
                        view! { <InstanceDetail instance=inst refresh_error=failed on_retry=reload/> }.into_any()
                    }
                    (Load::Failed(error), None) => {
                        let label = app.config.endpoint(&endpoint_id.get()).map(|e| e.label.clone()).unwrap_or_default();
                        view! {
                            <h1>{t(locale, Key::DetailLoadFailed)}</h1>
                            <ErrorBanner label error on_retry=reload/>
                        }.into_any()
                    }
                    (_, None) => view! {
                        <TableSkeleton rows=8 label=Signal::derive(move || tr(locale.get(), Key::Loading).to_string())/>
                    }.into_any(),
                }
            }}
            {move || shown.get().map(|(endpoint, id, gpu)| view! {
                <OperatorCards endpoint id gpu instance timeline on_changed=reload/>
            })}
            {move || shown.with(|s| s.is_some()).then(|| instance.with(|i| i.as_ref().map(raw_json)))}
        </div>
    }
}

/// The provider's answer as it came, collapsed.
fn raw_json(instance: &Instance) -> impl IntoView {
    let locale = use_app().locale;
    // Empty until the detail answer arrives (list items keep no raw JSON).
    let raw = if instance.raw.text().is_empty() {
        String::new()
    } else {
        instance.raw.pretty()
    };
    view! {
        <details class="card raw-json">
            <summary>{t(locale, Key::DetailRaw)}</summary>
            <CopyButton value=raw.clone() what=Key::WhatJson/>
            <pre class="mono"><code>{raw}</code></pre>
        </details>
    }
}

/// History, resource use and auto-stop, each where the provider has it.
#[component]
fn OperatorCards(
    endpoint: Endpoint,
    id: String,
    gpu: bool,
    instance: Memo<Option<Instance>>,
    timeline: history::Timeline,
    on_changed: Callback<()>,
) -> impl IntoView {
    let caps = endpoint.provider.capabilities();
    // Idle means below the idle policy's thresholds, or the provider's
    // documented example where none is set.
    let idle_thresholds = Signal::derive(move || {
        let (cpu, gpu) = instance.with(|i| devenv_core::policy::idle_thresholds(i.as_ref()));
        (f64::from(cpu), f64::from(gpu))
    });
    let label = endpoint.label.clone();
    view! {
        <div class="operator-cards">
            {caps.has_auto_stop_policies().then(|| view! {
                <auto_stop::AutoStopCard endpoint=endpoint.clone() instance on_changed/>
            })}
            {caps.has_metrics.then(|| view! {
                <usage::UsageCard endpoint=endpoint.clone() id gpu idle_thresholds/>
            })}
            <history::HistoryCard timeline endpoint_label=label/>
        </div>
    }
}

#[component]
fn NotFoundInstance(body: String) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    view! {
        <section class="empty-state">
            <h1>{t(locale, Key::InstanceNotFoundTitle)}</h1>
            <p>{body}</p>
            <A href=crate::app::href("/instances") class="button button-primary">{t(locale, Key::BackToList)}</A>
        </section>
    }
}

/// One labelled value of a definition list.
#[component]
fn Item(label: Key, children: Children) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    view! {
        <div class="dl-item">
            <dt>{t(locale, label)}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

#[component]
fn Section(title: Key, children: Children) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    // The key's position, not its name: formatting the name would compile
    // in every key's name.
    let index = Key::ALL
        .iter()
        .position(|k| *k == title)
        .unwrap_or_default();
    let id = format!("section-{index}");
    let labelled_by = id.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=id class="card-title">{t(locale, title)}</h2>
            {children()}
        </section>
    }
}

/// The label of one of core's other-id kinds.
fn id_key(kind: &str) -> Key {
    match kind {
        "workspace" => Key::IdWorkspace,
        "user" => Key::IdUser,
        "pool" => Key::IdPool,
        "ai_project" => Key::IdAiProject,
        "resource" => Key::IdResource,
        "image" => Key::IdImage,
        "notebook" => Key::IdNotebook,
        _ => Key::IdOther,
    }
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".to_string())
}

#[component]
fn InstanceDetail(
    instance: Instance,
    refresh_error: Option<ApiError>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let clock = app.clock;
    let endpoint = app.config.endpoint(&instance.endpoint_id).cloned();
    let endpoint_label = endpoint
        .as_ref()
        .map(|e| e.label.clone())
        .unwrap_or_else(|| instance.endpoint_id.clone());
    let hw = instance.hardware.clone();
    let editable = instance.provider.can_edit();
    let edit_href = format!(
        "/instances/{}/{}/edit",
        js_sys::encode_uri_component(&instance.endpoint_id),
        js_sys::encode_uri_component(&instance.id)
    );
    let clone_href = format!(
        "/instances/new?clone={}",
        js_sys::encode_uri_component(&format!("{}/{}", instance.endpoint_id, instance.id))
    );
    let accel_kind = match hw.accelerator_kind {
        devenv_core::AcceleratorKind::Npu => "NPU",
        _ => "GPU",
    };
    let accelerators = match (hw.accelerators, &hw.accelerator_model) {
        (Some(n), Some(m)) if n > 0 && !m.is_empty() => format!("{n} × {m}"),
        (Some(n), _) if n > 0 => format!("{n} × {accel_kind}"),
        (Some(0), _) => "0".to_string(),
        _ => "—".to_string(),
    };
    let cpu = hw.cpu.map(|c| {
        if c.fract() == 0.0 {
            format!("{}", c as i64)
        } else {
            format!("{c}")
        }
    });
    let memory = hw
        .memory
        .clone()
        .or_else(|| hw.memory_mib.map(|m| format!("{m} MiB")));
    let for_countdown = instance.clone();
    let auto_stop = instance.auto_stop.clone();
    // Where the provider has auto-stop policies, their card shows it.
    let has_policies = instance.provider.capabilities().has_auto_stop_policies();
    let queue = instance.queue.as_deref().cloned();
    let failure = instance.detail().failure.clone();
    let connect = instance.detail().connect.clone();
    let storage = instance.detail().storage.clone();
    let created = instance.created;
    let updated = instance.updated;
    let other_ids = instance.detail().other_ids.clone();
    let owner = instance.detail().owner.clone();
    let description = instance.detail().description.clone();
    let error_label = endpoint_label.clone();
    let can_edit = {
        let app = app.clone();
        let endpoint_id = instance.endpoint_id.clone();
        move || app.allows(&endpoint_id, Change::Edit)
    };
    let can_clone = {
        let app = app.clone();
        let endpoint_id = instance.endpoint_id.clone();
        move || app.allows(&endpoint_id, Change::Create)
    };
    // Why actions are missing, when the gateway's role is the reason.
    let role_note = {
        let app = app.clone();
        let endpoint_id = instance.endpoint_id.clone();
        let label = endpoint_label.clone();
        move || {
            let access = app.access_on(&endpoint_id);
            let what = match access {
                Access::Role(Role::Viewer) => Key::RoleViewerNote,
                Access::Role(Role::Operator) => Key::RoleOperatorNote,
                Access::None => Key::RoleNoneNote,
                Access::Role(Role::Admin) | Access::Unrestricted => return None,
            };
            let role = access.role_name();
            let l = locale.get();
            Some(trf(
                l,
                Key::RoleNote,
                &[("endpoint", &label), ("role", role), ("what", tr(l, what))],
            ))
        }
    };
    view! {
        <header class="detail-head">
            <div class="detail-title">
                <h1 use:breakable=instance.name.clone()></h1>
                <StatusBadge class=instance.status_class status=instance.status.clone()/>
            </div>
            <div class="detail-actions" on:pointerover=warm_over_actions on:focusin=warm_over_actions>
                <InstanceActions instance=std::sync::Arc::new(instance.clone())/>
                <Show when=move || editable && can_edit()>
                    <A href=crate::app::href(&edit_href) class="button button-small">{t(locale, Key::ActionEdit)}</A>
                </Show>
                <Show when=can_clone>
                    <A href=crate::app::href(&clone_href) class="button button-small">{t(locale, Key::ActionClone)}</A>
                </Show>
            </div>
        </header>
        <history::StuckNotice instance=instance.clone()/>
        {move || role_note().map(|note| view! { <p class="notice role-note" role="note">{note}</p> })}
        {description.filter(|d| !d.is_empty()).map(|d| view! { <p class="detail-description">{d}</p> })}
        {refresh_error.map(|error| view! { <ErrorBanner label=error_label error on_retry/> })}
        <div class="detail-grid">
            <Section title=Key::DetailOverview>
                <dl class="dl">
                    <Item label=Key::FieldId>
                        <code class="mono" use:breakable=instance.id.clone()></code>
                        " "
                        <CopyButton value=instance.id.clone() what=Key::WhatId/>
                    </Item>
                    {other_ids.into_iter().map(|(kind, id)| {
                        let label = id_key(&kind);
                        view! {
                            <Item label>
                                <code class="mono" use:breakable=id.clone()></code>
                                " "
                                <CopyButton value=id what=label/>
                            </Item>
                        }
                    }).collect_view()}
                    <Item label=Key::FieldEndpoint>{endpoint_label}</Item>
                    <Item label=Key::FieldProvider>{instance.provider.display_name()}</Item>
                    <Item label=Key::FieldOwner>{or_dash(owner)}</Item>
                    <Item label=Key::FieldCreated>
                        {match created {
                            Some(ms) => view! {
                                <time datetime=devenv_core::time::format_rfc3339(ms)>{exact_time(ms)}</time>
                                " · "
                                {move || relative_time(locale.get(), ms, clock.get() as i64)}
                            }.into_any(),
                            None => "—".into_any(),
                        }}
                    </Item>
                    <Item label=Key::FieldUpdated>
                        {match updated {
                            Some(ms) => view! { <time datetime=devenv_core::time::format_rfc3339(ms)>{exact_time(ms)}</time> }.into_any(),
                            None => "—".into_any(),
                        }}
                    </Item>
                </dl>
            </Section>
            <Section title=Key::DetailHardware>
                <dl class="dl">
                    <Item label=Key::FieldFlavor><span class="mono" use:breakable=or_dash(instance.flavor.clone())></span></Item>
                    <Item label=Key::FieldCpu>{or_dash(cpu)}</Item>
                    <Item label=Key::FieldAccelerators>{accelerators}</Item>
                    <Item label=Key::FieldMemory>{or_dash(memory)}</Item>
                </dl>
            </Section>
            <Section title=Key::DetailImage>
                <p class="mono wrap" use:breakable=or_dash(instance.image.clone())></p>
            </Section>
            {(!has_policies).then(|| view! { <Section title=Key::DetailAutoStop>
                {match auto_stop {
                    Some(a) if a.enabled => view! {
                        <dl class="dl">
                            <Item label=Key::FieldStatus>{t(locale, Key::AutoStopEnabled)}</Item>
                            <Item label=Key::AutoStopDuration>
                                {move || a.duration_secs.map(|d| duration(locale.get(), d as i64)).unwrap_or_else(|| "—".into())}
                            </Item>
                            <Item label=Key::AutoStopStopsIn>
                                <span class="countdown" aria-live="off">
                                    {move || auto_stop_left(&for_countdown, clock.get())
                                        .map(|left| duration(locale.get(), left))
                                        .unwrap_or_else(|| "—".into())}
                                </span>
                            </Item>
                            {a.stop_at.map(|at| view! {
                                <Item label=Key::AutoStopStopsAt>{exact_time(at)}</Item>
                            })}
                        </dl>
                    }.into_any(),
                    _ => view! { <p>{t(locale, Key::AutoStopDisabled)}</p> }.into_any(),
                }}
            </Section> })}
            <Section title=Key::DetailConnect>
                {if connect.is_empty() {
                    view! { <p class="muted">{t(locale, Key::NoConnect)}</p> }.into_any()
                } else {
                    let links = [
                        (Key::OpenJupyter, connect.jupyterlab.clone()),
                        (Key::OpenWebIde, connect.web_ide.clone()),
                        (Key::OpenTerminal, connect.terminal.clone()),
                        (Key::OpenProviderConsole, connect.console.clone()),
                    ];
                    view! {
                        <ul class="connect-links">
                            {links.into_iter().filter_map(|(k, url)| {
                                let url = url.filter(|u| u.starts_with("https://") || u.starts_with("http://"))?;
                                Some(view! {
                                    <li>
                                        <a href=url target="_blank" rel="noopener noreferrer" class="button button-small">
                                            {t(locale, k)}
                                            <span class="visually-hidden">" " {t(locale, Key::OpensInNewTab)}</span>
                                        </a>
                                    </li>
                                })
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Section>
            <Section title=Key::DetailStorage>
                {if storage.is_empty() {
                    view! { <p class="muted">{t(locale, Key::NoStorage)}</p> }.into_any()
                } else {
                    view! {
                        <table class="mini-table">
                            <thead><tr>
                                <th scope="col">{t(locale, Key::StorageType)}</th>
                                <th scope="col">{t(locale, Key::StoragePath)}</th>
                                <th scope="col">{t(locale, Key::StorageSize)}</th>
                                <th scope="col">{t(locale, Key::StorageMount)}</th>
                            </tr></thead>
                            <tbody>
                                {storage.into_iter().map(|s| view! {
                                    <tr>
                                        <td>{s.kind}</td>
                                        <td class="mono wrap" use:breakable=or_dash(s.path)></td>
                                        <td>{or_dash(s.size)}</td>
                                        <td class="mono wrap" use:breakable=or_dash(s.mount_path)></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            </Section>
            {queue.map(|q| view! {
                <Section title=Key::DetailQueue>
                    <dl class="dl">
                        <Item label=Key::QueuePosition>{q.position.map(|p| p.to_string()).unwrap_or_else(|| "—".into())}</Item>
                        <Item label=Key::QueueWait>{move || q.remaining_secs.map(|s| duration(locale.get(), s as i64)).unwrap_or_else(|| "—".into())}</Item>
                    </dl>
                </Section>
            })}
            {failure.map(|f| {
                let copy = format!("{} {}", f.code.clone().unwrap_or_default(), f.message).trim().to_string();
                view! {
                    <Section title=Key::DetailFailure>
                        <dl class="dl">
                            <Item label=Key::FailureCode><code>{or_dash(f.code.clone())}</code></Item>
                            <Item label=Key::FailureMessage>{f.message.clone()}</Item>
                        </dl>
                        <CopyButton value=copy what=Key::WhatError/>
                    </Section>
                }
            })}
        </div>
    }
}
