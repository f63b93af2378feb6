//! `BatchAction`: one action on many picked instances. One confirmation
//! lists them (delete wants their count typed; a stop may first save each
//! environment as an image where the provider offers it), then each row
//! shows its progress and result: core's [`batch::plan`] decides which go in
//! one batch request and which one by one, at most [`AT_ONCE`] requests are
//! in flight, instances the action is not allowed for say why. Successes
//! show their pending status and leave the selection; failures stay picked
//! with the provider's reason, listed after the dialog closes. Fetched with
//! the actions' code (`crate::lazy`), never in the first load.

use crate::app::{use_app, AppCtx};
use crate::components::actions::{action_key, error_detail};
use crate::components::dialog::Dialog;
use crate::components::instance_table::Picked;
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::i18n::format::integer;
use crate::i18n::{t, tr, trf, Key, Locale};
use devenv_core::batch::{self, PlannedRequest, Refusal};
use devenv_core::{Action, ApiError, Instance, RequestSpec};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

/// Requests in flight at once.
pub const AT_ONCE: usize = 4;

/// Where one picked instance is.
#[derive(Debug, Clone, PartialEq)]
enum RowState {
    /// Not sent yet (or not confirmed yet).
    Waiting,
    Sending,
    /// The provider took the action.
    Done,
    /// Left out by the plan: why, in the reader's language.
    Refused(String),
    /// The provider said no: provider, code, message and what to do.
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Confirm,
    Running,
    Finished,
}

/// One request to send and the rows it answers for.
struct Step {
    endpoint: Endpoint,
    ids: Vec<String>,
    batch: bool,
    request: RequestSpec,
}

fn refusal_text(locale: Locale, why: &Refusal) -> String {
    match why {
        Refusal::NotAllowed { status } => trf(locale, Key::BatchNotAllowed, &[("status", status)]),
        Refusal::NoEndpoint => tr(locale, Key::BatchNoEndpoint).to_string(),
    }
}

/// The plan's requests as steps; with `save_image`, each instance of a
/// provider that can save its environment first is stopped on its own with
/// that option.
fn steps(app: &AppCtx, planned: &[PlannedRequest], save_image: bool) -> Vec<Step> {
    let mut out = Vec::new();
    for p in planned {
        let Some(endpoint) = app.config.endpoint(&p.endpoint_id).cloned() else {
            continue;
        };
        if save_image && p.provider.capabilities().supports_save_image {
            let ctx = endpoint.ctx();
            for id in &p.ids {
                if let Some(request) = p.provider.stop_request(&ctx, id, true) {
                    out.push(Step {
                        endpoint: endpoint.clone(),
                        ids: vec![id.clone()],
                        batch: false,
                        request,
                    });
                }
            }
        } else {
            out.push(Step {
                endpoint,
                ids: p.ids.clone(),
                batch: p.batch,
                request: p.request.clone(),
            });
        }
    }
    out
}

/// Sends one step; per id, `Ok` or why not.
async fn send(app: &AppCtx, step: &Step, scope: &RequestScope) -> Vec<Result<(), String>> {
    let provider = step.endpoint.provider;
    let failed = |e: ApiError| vec![Err(error_detail(app, &e)); step.ids.len()];
    let answer = match fetch::send(&step.endpoint, &step.request, scope).await {
        Ok(answer) => answer,
        Err(e) => return failed(e),
    };
    if !step.batch {
        return match answer.stamp(provider.decode_ack(answer.status, &answer.body)) {
            Ok(_) => vec![Ok(())],
            Err(e) => failed(e),
        };
    }
    match answer.stamp(provider.decode_batch(answer.status, &answer.body)) {
        Ok(outcome) => step
            .ids
            .iter()
            .map(|id| {
                if outcome.accepts(id) {
                    Ok(())
                } else {
                    Err(format!(
                        "{}: {}",
                        provider.display_name(),
                        outcome.denied.clone().unwrap_or_default()
                    ))
                }
            })
            .collect(),
        Err(e) => failed(e),
    }
}

/// The picked instances, one line each with its state (only those that did
/// not go well with `only_left`).
fn batch_rows(
    names: &[(String, String)],
    states: RwSignal<Vec<RowState>>,
    locale: RwSignal<Locale>,
    only_left: bool,
) -> impl IntoView {
    names
        .iter()
        .enumerate()
        .map(|(i, (id, name))| {
            let state = move || states.with(|s| s.get(i).cloned().unwrap_or(RowState::Waiting));
            let shown =
                move || !only_left || matches!(state(), RowState::Failed(_) | RowState::Refused(_));
            view! {
                <li class="batch-row" class:hidden=move || !shown() data-state=move || match state() {
                    RowState::Waiting => "waiting",
                    RowState::Sending => "sending",
                    RowState::Done => "done",
                    RowState::Refused(_) => "refused",
                    RowState::Failed(_) => "failed",
                }>
                    <span class="batch-name">{name.clone()}</span>
                    <span class="batch-id mono">{id.clone()}</span>
                    <span class="batch-state">
                        {move || {
                            let l = locale.get();
                            match state() {
                                RowState::Waiting => tr(l, Key::BatchWaiting).to_string(),
                                RowState::Sending => tr(l, Key::Working).to_string(),
                                RowState::Done => tr(l, Key::BatchDone).to_string(),
                                RowState::Refused(why) => why,
                                RowState::Failed(_) => tr(l, Key::BatchFailed).to_string(),
                            }
                        }}
                    </span>
                    {move || match state() {
                        RowState::Failed(why) => Some(view! { <span class="batch-reason">{why}</span> }),
                        _ => None,
                    }}
                </li>
            }
        })
        .collect_view()
}

thread_local! {
    /// The batch view drawn last; replacing it removes it.
    static SHOWN: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

/// Draws the confirmation of `action` on the picked instances into the list
/// page's slot (`#batch-slot`), replacing the one drawn before.
pub fn open(app: AppCtx, action: Action, picked: Picked) {
    use wasm_bindgen::JsCast;
    let Some(slot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("batch-slot"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    SHOWN.with(|shown| {
        shown.replace(None);
        let handle = leptos::mount::mount_to(slot, move || {
            provide_context(app);
            view! { <BatchAction action picked/> }
        });
        shown.replace(Some(Box::new(handle)));
    });
}

#[component]
pub fn BatchAction(action: Action, picked: Picked) -> impl IntoView {
    let app = use_app();
    // Closed: nothing is shown until the next action replaces this view.
    let closed = RwSignal::new(false);
    let on_close = Callback::new(move |_| closed.set(true));
    let locale = app.locale;
    // The picked instances as the store has them now (their status may have
    // moved since they were picked).
    let instances: Vec<Instance> = app.store.all.with_untracked(|all| {
        picked.with_untracked(|p| {
            p.iter()
                .map(|i| {
                    all.iter()
                        .find(|a| a.id == i.id && a.endpoint_id == i.endpoint_id)
                        .unwrap_or(i)
                })
                .map(|i| (**i).clone())
                .collect()
        })
    });
    let ctxs: Vec<_> = app.config.endpoints.iter().map(|e| e.ctx()).collect();
    let plan = batch::plan(action, &instances.iter().collect::<Vec<_>>(), &ctxs);
    let at = {
        let keys: Vec<(String, String)> = instances
            .iter()
            .map(|i| (i.endpoint_id.clone(), i.id.clone()))
            .collect();
        move |endpoint_id: &str, id: &str| {
            keys.iter().position(|(e, i)| e == endpoint_id && i == id)
        }
    };
    let l = locale.get_untracked();
    let mut initial = vec![RowState::Waiting; instances.len()];
    for (endpoint_id, id, why) in &plan.refused {
        if let Some(i) = at(endpoint_id, id) {
            initial[i] = RowState::Refused(refusal_text(l, why));
        }
    }
    let states = RwSignal::new(initial);
    let phase = RwSignal::new(Phase::Confirm);
    let dialog_open = RwSignal::new(true);
    let typed = RwSignal::new(String::new());
    let save_image = RwSignal::new(false);
    let count = instances.len();
    let save_image_count: usize = if action == Action::Stop {
        plan.requests
            .iter()
            .filter(|p| p.provider.capabilities().supports_save_image)
            .map(|p| p.ids.len())
            .sum()
    } else {
        0
    };
    let needs_count = action == Action::Delete;
    let can_confirm = move || {
        phase.get() == Phase::Confirm && (!needs_count || typed.get().trim() == count.to_string())
    };

    let planned = StoredValue::new(plan.requests);
    let names: Vec<(String, String)> = instances
        .iter()
        .map(|i| (i.id.clone(), i.name.clone()))
        .collect();
    let names = StoredValue::new(names);
    let at = StoredValue::new_local(at);
    let run = {
        let app = app.clone();
        move || {
            phase.set(Phase::Running);
            let steps = Rc::new(steps(
                &app,
                &planned.get_value(),
                save_image.get_untracked(),
            ));
            let next = Rc::new(Cell::new(0usize));
            let running = Rc::new(Cell::new(AT_ONCE.min(steps.len())));
            if steps.is_empty() {
                phase.set(Phase::Finished);
            }
            let scope = RequestScope::new();
            for _ in 0..AT_ONCE.min(steps.len()) {
                let (app, steps, next, running, scope) = (
                    app.clone(),
                    steps.clone(),
                    next.clone(),
                    running.clone(),
                    scope.clone(),
                );
                leptos::task::spawn_local(async move {
                    loop {
                        let n = next.get();
                        let Some(step) = steps.get(n) else { break };
                        next.set(n + 1);
                        let rows: Vec<Option<usize>> = step
                            .ids
                            .iter()
                            .map(|id| at.try_with_value(|at| at(&step.endpoint.id, id)).flatten())
                            .collect();
                        states.try_update(|s| {
                            for i in rows.iter().flatten() {
                                s[*i] = RowState::Sending;
                            }
                        });
                        let results = send(&app, step, &scope).await;
                        let provider = step.endpoint.provider;
                        let pending = provider.pending_status(action);
                        for ((id, row), result) in step.ids.iter().zip(&rows).zip(results) {
                            let state = match result {
                                Ok(()) => {
                                    app.store.set_status(
                                        &step.endpoint.id,
                                        id,
                                        pending,
                                        provider.status_class(pending),
                                    );
                                    picked.try_update(|p| {
                                        Arc::make_mut(p).retain(|i| {
                                            !(i.id == *id && i.endpoint_id == step.endpoint.id)
                                        })
                                    });
                                    RowState::Done
                                }
                                Err(why) => RowState::Failed(why),
                            };
                            if let Some(i) = row {
                                states.try_update(|s| s[*i] = state);
                            }
                        }
                    }
                    running.set(running.get() - 1);
                    if running.get() == 0 {
                        phase.try_set(Phase::Finished);
                    }
                });
            }
        }
    };
    let run = StoredValue::new_local(run);
    // Closing before confirming cancels; afterwards what did not go well
    // stays listed below the selection bar until dismissed.
    let close = move |_: ()| {
        let left = states.with_untracked(|s| {
            s.iter()
                .any(|r| matches!(r, RowState::Failed(_) | RowState::Refused(_)))
        });
        if phase.get_untracked() == Phase::Confirm || !left {
            on_close.run(());
        } else {
            dialog_open.set(false);
        }
    };
    let summary = move || {
        let l = locale.get();
        states.with(|s| {
            let n = |f: fn(&RowState) -> bool| integer(l, s.iter().filter(|r| f(r)).count() as u64);
            trf(
                l,
                Key::BatchSummary,
                &[
                    ("done", &n(|r| *r == RowState::Done)),
                    ("failed", &n(|r| matches!(r, RowState::Failed(_)))),
                    ("refused", &n(|r| matches!(r, RowState::Refused(_)))),
                ],
            )
        })
    };
    let title = move || {
        let l = locale.get();
        trf(
            l,
            Key::BatchTitle,
            &[
                ("action", tr(l, action_key(action))),
                ("count", &integer(l, count as u64)),
            ],
        )
    };
    let save_hint = move || {
        let l = locale.get();
        trf(
            l,
            Key::SaveImageHint,
            &[("count", &integer(l, save_image_count as u64))],
        )
    };
    let type_hint = move || {
        let l = locale.get();
        trf(l, Key::BatchTypeCount, &[("count", &count.to_string())])
    };
    view! {
        <Show when=move || dialog_open.get() && !closed.get()>
            <Dialog labelled_by="batch-title".to_string() on_close=Callback::new(close)>
                <form
                    class="dialog-form batch-form"
                    method="dialog"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        if can_confirm() {
                            run.with_value(|r| r());
                        }
                    }
                >
                    <h2 id="batch-title" class="dialog-title">{title}</h2>
                    <ul class="batch-rows">{names.with_value(|n| batch_rows(n, states, locale, false))}</ul>
                    <p class="batch-summary" role="status" class:hidden=move || phase.get() == Phase::Confirm>
                        {summary}
                    </p>
                    {(save_image_count > 0).then(|| view! {
                        <div class="batch-option" class:hidden=move || phase.get() != Phase::Confirm>
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    prop:checked=move || save_image.get()
                                    on:change=move |ev| save_image.set(event_target_checked(&ev))
                                />
                                <span>{t(locale, Key::SaveImage)}</span>
                            </label>
                            <p class="field-hint">{save_hint}</p>
                        </div>
                    })}
                    {needs_count.then(|| view! {
                        <label class="field" for="batch-count" class:hidden=move || phase.get() != Phase::Confirm>
                            <span class="field-label">{type_hint}</span>
                            <input
                                id="batch-count"
                                type="text"
                                inputmode="numeric"
                                autocomplete="off"
                                prop:value=move || typed.get()
                                on:input=move |ev| typed.set(event_target_value(&ev))
                            />
                        </label>
                    })}
                    <div class="dialog-buttons">
                        <button type="button" class="button" on:click=move |_| close(())>
                            {move || {
                                let l = locale.get();
                                tr(l, if phase.get() == Phase::Confirm { Key::Cancel } else { Key::Close })
                            }}
                        </button>
                        <button
                            type="submit"
                            class=if needs_count { "button button-danger" } else { "button button-primary" }
                            class:hidden=move || phase.get() != Phase::Confirm
                            prop:disabled=move || !can_confirm()
                        >
                            {move || tr(locale.get(), action_key(action))}
                        </button>
                    </div>
                </form>
            </Dialog>
        </Show>
        <Show when=move || !dialog_open.get() && !closed.get()>
            <section class="batch-result" aria-labelledby="batch-result-title">
                <h2 id="batch-result-title" class="batch-result-title">{title}</h2>
                <p role="status">{summary}</p>
                <ul class="batch-rows">{names.with_value(|n| batch_rows(n, states, locale, true))}</ul>
                <button type="button" class="button button-small" on:click=move |_| on_close.run(())>
                    {t(locale, Key::Close)}
                </button>
            </section>
        </Show>
    }
}
