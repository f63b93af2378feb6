//! The detail page's auto-stop policies, where the provider has them: the
//! shutdown timer (a live countdown, cancel, set in N minutes or hours or
//! at a time) and the idle policy (thresholds, idle time so far, set or
//! replace, delete). Core checks the forms and builds the requests; its
//! field errors show at the fields, a provider's error above the forms,
//! and what the user typed stays until it is sent successfully.

use crate::app::use_app;
use crate::components::error_banner::ErrorBanner;
use crate::components::instance_table::auto_stop_left;
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::i18n::format::duration;
use crate::i18n::{t, tr, validation_message, Key, Locale};
use devenv_core::model::Millis;
use devenv_core::policy::{self, IdleForm, TimerSetting};
use devenv_core::request::{Method, RequestSpec};
use devenv_core::{AcceleratorKind, ApiError, FieldError, Instance};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// What a button asked for (kept for the retry after a failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    SetTimer,
    CancelTimer,
    SetIdle,
    DeleteIdle,
}

/// The message of a policy field error.
fn message(locale: Locale, e: &FieldError) -> String {
    match e.key.as_str() {
        "validation.future" => tr(locale, Key::ValidationFuture).to_string(),
        "validation.unsupported" => tr(locale, Key::ValidationUnsupported).to_string(),
        _ => validation_message(locale, e),
    }
}

/// Sends `specs` in order, stopping at the first failure.
async fn send_all(
    endpoint: &Endpoint,
    specs: Vec<RequestSpec>,
    scope: &RequestScope,
) -> Result<(), ApiError> {
    for spec in specs {
        let answer = fetch::send(endpoint, &spec, scope).await?;
        answer.stamp(endpoint.provider.decode_ack(answer.status, &answer.body))?;
    }
    Ok(())
}

/// One labelled input with its error (the first for `field`).
#[component]
fn PolicyField(
    id: &'static str,
    label: Key,
    /// The request body's field name the errors use.
    field: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(default = "number")] kind: &'static str,
) -> impl IntoView {
    let locale = use_app().locale;
    let error =
        Memo::new(move |_| errors.with(|all| all.iter().find(|e| e.field == field).cloned()));
    let error_id = format!("{id}-error");
    view! {
        <div class="field policy-field">
            <label class="field-label" for=id>{t(locale, label)}</label>
            <input
                id=id
                type=kind
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby=error_id.clone()
            />
            <p class="field-error" id=error_id>{move || error.get().map(|e| message(locale.get(), &e))}</p>
        </div>
    }
}

#[component]
pub fn AutoStopCard(
    endpoint: Endpoint,
    instance: Memo<Option<Instance>>,
    /// Called after a policy changed: the page asks for the instance again.
    on_changed: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let (locale, clock) = (app.locale, app.clock);
    let caps = endpoint.provider.capabilities();
    let label = endpoint.label.clone();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<(Op, ApiError)>);
    // The timer form.
    let at_time = RwSignal::new(false);
    let amount = RwSignal::new("60".to_string());
    let hours = RwSignal::new(false);
    let due = RwSignal::new(String::new());
    let timer_errors = RwSignal::new(Vec::<FieldError>::new());
    // The idle form, from the instance's policy (or the provider's example).
    let start = instance
        .get_untracked()
        .map(|i| IdleForm::for_instance(&i))
        .unwrap_or_default();
    let cpu = RwSignal::new(start.cpu_percent);
    let gpu = RwSignal::new(start.gpu_percent);
    let minutes = RwSignal::new(start.max_idle_minutes);
    let idle_errors = RwSignal::new(Vec::<FieldError>::new());

    let scope = RequestScope::new();
    let cleanup_scope = SendWrapper::new(scope.clone());
    on_cleanup(move || cleanup_scope.cancel());
    let scope = SendWrapper::new(scope);
    let perform = Callback::new(move |op: Op| {
        let Some(inst) = instance.get_untracked() else {
            return;
        };
        let provider = endpoint.provider;
        let ctx = endpoint.ctx();
        let now = js_sys::Date::now() as Millis;
        let planned: Result<Vec<RequestSpec>, Vec<FieldError>> = match op {
            Op::SetTimer => {
                let setting = if at_time.get_untracked() {
                    let text = due.get_untracked();
                    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&text)).get_time();
                    TimerSetting::At((!text.is_empty() && at.is_finite()).then_some(at as Millis))
                } else {
                    let text = amount.get_untracked();
                    let in_minutes = match text.trim().parse::<f64>() {
                        Ok(h) if hours.get_untracked() && h.is_finite() => {
                            format!("{}", (h * 60.0).round() as i64)
                        }
                        _ => text,
                    };
                    TimerSetting::AfterMinutes(in_minutes)
                };
                provider.set_shutdown_timer(&ctx, &inst, &setting, now)
            }
            Op::SetIdle => {
                let form = IdleForm {
                    cpu_percent: cpu.get_untracked(),
                    gpu_percent: gpu.get_untracked(),
                    max_idle_minutes: minutes.get_untracked(),
                };
                provider.set_idle_culler(&ctx, &inst, &form)
            }
            Op::CancelTimer => Ok(provider
                .shutdown_timer_request(&ctx, &inst.id, Method::Delete)
                .into_iter()
                .collect()),
            Op::DeleteIdle => Ok(provider
                .idle_culler_request(&ctx, &inst.id, Method::Delete)
                .into_iter()
                .collect()),
        };
        let field_errors = if matches!(op, Op::SetTimer) {
            timer_errors
        } else {
            idle_errors
        };
        let specs = match planned {
            Ok(specs) => {
                field_errors.set(Vec::new());
                specs
            }
            Err(errors) => {
                field_errors.set(errors);
                return;
            }
        };
        let (endpoint, scope) = (endpoint.clone(), (*scope).clone());
        busy.set(true);
        failed.set(None);
        leptos::task::spawn_local(async move {
            let outcome = send_all(&endpoint, specs, &scope).await;
            if scope.is_gone() {
                return;
            }
            busy.set(false);
            match outcome {
                Ok(()) => on_changed.run(()),
                Err(e) => failed.set(Some((op, e))),
            }
        });
    });
    let retry = Callback::new(move |_: ()| {
        if let Some((op, _)) = failed.get_untracked() {
            perform.run(op);
        }
    });
    let is_gpu = move || {
        instance.with(|i| {
            i.as_ref()
                .is_some_and(|i| i.hardware.accelerator_kind == AcceleratorKind::Gpu)
        })
    };
    let timer = Memo::new(move |_| {
        instance.with(|i| {
            i.as_ref()
                .and_then(|i| i.auto_stop.clone())
                .filter(|a| a.has_timer())
        })
    });
    let idle = Memo::new(move |_| {
        instance.with(|i| i.as_ref().and_then(|i| i.auto_stop.as_ref()?.idle.clone()))
    });
    let countdown = move || {
        instance
            .with(|i| i.as_ref().and_then(|i| auto_stop_left(i, clock.get())))
            .map(|left| duration(locale.get(), left))
            .unwrap_or_else(|| "—".into())
    };
    let form_error = move |errors: RwSignal<Vec<FieldError>>| {
        move || {
            errors.with(|all| {
                all.iter()
                    .find(|e| e.field.is_empty())
                    .map(|e| view! { <p class="field-error" role="alert">{message(locale.get(), e)}</p> })
            })
        }
    };
    let timer_section = caps.supports_shutdown_timer.then(|| view! {
        <div class="policy" role="group" aria-labelledby="timer-title">
            <h3 id="timer-title" class="policy-title">{t(locale, Key::TimerTitle)}</h3>
            {move || match timer.get() {
                Some(a) => view! {
                    <dl class="dl">
                        <div class="dl-item">
                            <dt>{t(locale, Key::AutoStopStopsIn)}</dt>
                            <dd><span class="countdown timer-countdown" aria-live="off">{countdown}</span></dd>
                        </div>
                        {a.stop_at.map(|at| view! {
                            <div class="dl-item">
                                <dt>{t(locale, Key::AutoStopStopsAt)}</dt>
                                <dd>{move || super::history::local_time(locale.get(), at)}</dd>
                            </div>
                        })}
                    </dl>
                    <button type="button" class="button button-small" disabled=move || busy.get() on:click=move |_| perform.run(Op::CancelTimer)>
                        {t(locale, Key::TimerCancel)}
                    </button>
                }.into_any(),
                None => view! { <p class="muted">{t(locale, Key::TimerNone)}</p> }.into_any(),
            }}
            <form class="policy-form" novalidate on:submit=move |ev| { ev.prevent_default(); perform.run(Op::SetTimer); }>
                <div class="segmented" role="group" aria-label=t(locale, Key::TimerTitle)>
                    <button type="button" class="segmented-option" aria-pressed=move || (!at_time.get()).to_string() on:click=move |_| at_time.set(false)>{t(locale, Key::TimerIn)}</button>
                    <button type="button" class="segmented-option" aria-pressed=move || at_time.get().to_string() on:click=move |_| at_time.set(true)>{t(locale, Key::TimerAt)}</button>
                </div>
                <div class="policy-fields">
                    <Show
                        when=move || at_time.get()
                        fallback=move || view! {
                            <PolicyField id="timer-amount" label=Key::TimerAmount field=policy::REMAINING value=amount errors=timer_errors/>
                            <div class="field policy-field">
                                <label class="field-label" for="timer-unit">{t(locale, Key::TimerIn)}</label>
                                <select id="timer-unit" on:change=move |ev| hours.set(event_target_value(&ev) == "h")>
                                    <option value="m" selected=move || !hours.get()>{t(locale, Key::UnitMinutes)}</option>
                                    <option value="h" selected=move || hours.get()>{t(locale, Key::UnitHours)}</option>
                                </select>
                            </div>
                        }
                    >
                        <PolicyField id="timer-due" label=Key::TimerAtLabel field=policy::DUE_TIME value=due errors=timer_errors kind="datetime-local"/>
                    </Show>
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>{t(locale, Key::TimerSet)}</button>
                </div>
                {form_error(timer_errors)}
            </form>
        </div>
    });
    let idle_section = caps.supports_idle_culler.then(|| view! {
        <div class="policy" role="group" aria-labelledby="idle-title">
            <h3 id="idle-title" class="policy-title">{t(locale, Key::IdleTitle)}</h3>
            {move || match idle.get() {
                Some(p) => {
                    let text = |v: Option<u32>, unit: &str| v.map(|v| format!("{v}{unit}")).unwrap_or_else(|| "—".into());
                    view! {
                        <dl class="dl idle-current">
                            <div class="dl-item"><dt>{t(locale, Key::IdleCpu)}</dt><dd>{text(p.cpu_percent, "%")}</dd></div>
                            {p.gpu_percent.map(|g| view! {
                                <div class="dl-item"><dt>{t(locale, Key::IdleGpu)}</dt><dd>{format!("{g}%")}</dd></div>
                            })}
                            <div class="dl-item"><dt>{t(locale, Key::IdleMinutes)}</dt><dd>{text(p.max_idle_minutes, "")}</dd></div>
                            <div class="dl-item"><dt>{t(locale, Key::IdleSoFar)}</dt><dd>{move || p.idle_minutes.map(|m| duration(locale.get(), i64::from(m) * 60)).unwrap_or_else(|| "—".into())}</dd></div>
                        </dl>
                        <button type="button" class="button button-small" disabled=move || busy.get() on:click=move |_| perform.run(Op::DeleteIdle)>
                            {t(locale, Key::IdleDelete)}
                        </button>
                    }.into_any()
                }
                None => view! { <p class="muted">{t(locale, Key::IdleNone)}</p> }.into_any(),
            }}
            <form class="policy-form" novalidate on:submit=move |ev| { ev.prevent_default(); perform.run(Op::SetIdle); }>
                <div class="policy-fields">
                    <PolicyField id="idle-cpu" label=Key::IdleCpu field=policy::CPU_PERCENT value=cpu errors=idle_errors/>
                    <Show when=is_gpu>
                        <PolicyField id="idle-gpu" label=Key::IdleGpu field=policy::GPU_PERCENT value=gpu errors=idle_errors/>
                    </Show>
                    <PolicyField id="idle-minutes" label=Key::IdleMinutes field=policy::MAX_IDLE value=minutes errors=idle_errors/>
                    <button type="submit" class="button button-primary" disabled=move || busy.get()>
                        {move || tr(locale.get(), if idle.with(|p| p.is_some()) { Key::IdleReplace } else { Key::IdleSet })}
                    </button>
                </div>
                {form_error(idle_errors)}
            </form>
        </div>
    });
    view! {
        <section class="card auto-stop-card" aria-labelledby="auto-stop-title">
            <h2 id="auto-stop-title" class="card-title">{t(locale, Key::DetailAutoStop)}</h2>
            {move || failed.get().map(|(_, error)| view! { <ErrorBanner label=label.clone() error on_retry=retry/> })}
            {timer_section}
            {idle_section}
        </section>
    }
}
