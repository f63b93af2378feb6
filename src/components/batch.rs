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
use crate::components::instance_table::{pick_all, Picked};
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::i18n::format::integer;
use crate::i18n::{t, tr, trf, Key, Locale};
use devenv_core::batch::{self, PlannedRequest, Refusal};
use devenv_core::paging::Gathered;
use devenv_core::ProviderKind;
use devenv_core::{Action, ApiError, Instance, RequestSpec};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

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

/// A state's place in [`Rows`]' counts.
const DONE: usize = 2;
const REFUSED: usize = 3;
const FAILED: usize = 4;

impl RowState {
    fn kind(&self) -> usize {
        match self {
            RowState::Waiting => 0,
            RowState::Sending => 1,
            RowState::Done => DONE,
            RowState::Refused(_) => REFUSED,
            RowState::Failed(_) => FAILED,
        }
    }
}

/// Each row's state, a signal per row so that a result redraws its row
/// alone, and how many rows are in each state (for the summary), kept as
/// rows change: with 10,000 rows, neither walks them all.
#[derive(Clone, Copy)]
struct Rows {
    states: StoredValue<Vec<RwSignal<RowState>>>,
    counts: RwSignal<[usize; 5]>,
    /// The rows the plan left out, in order.
    refused: StoredValue<Vec<usize>>,
    /// The rows the provider said no to, in the order the answers came.
    failed: RwSignal<Vec<usize>>,
}

impl Rows {
    fn new(initial: Vec<RowState>) -> Self {
        let mut counts = [0; 5];
        let mut refused = Vec::new();
        for (i, state) in initial.iter().enumerate() {
            counts[state.kind()] += 1;
            if state.kind() == REFUSED {
                refused.push(i);
            }
        }
        Rows {
            states: StoredValue::new(initial.into_iter().map(RwSignal::new).collect()),
            counts: RwSignal::new(counts),
            refused: StoredValue::new(refused),
            failed: RwSignal::new(Vec::new()),
        }
    }

    /// Row `i`'s state (tracked).
    fn state(self, i: usize) -> RowState {
        self.states
            .try_with_value(|s| s.get(i).and_then(|r| r.try_get()))
            .flatten()
            .unwrap_or(RowState::Waiting)
    }

    fn set(self, i: usize, state: RowState) {
        let Some(row) = self.states.try_with_value(|s| s.get(i).copied()).flatten() else {
            return;
        };
        let Some(old) = row.try_get_untracked() else {
            return;
        };
        self.counts.try_update(|c| {
            c[old.kind()] -= 1;
            c[state.kind()] += 1;
        });
        if state.kind() == FAILED && old.kind() != FAILED {
            self.failed.try_update(|f| f.push(i));
        }
        row.try_set(state);
    }

    /// How many rows are in the state of `kind` (tracked).
    fn count(self, kind: usize) -> usize {
        self.counts.with(|c| c[kind])
    }
}

/// How often instances the provider took the action for reach the list
/// and leave the selection while a batch runs.
const SHOW_TAKEN_EVERY_MS: u64 = 250;

/// Instances the provider took the action for, not shown yet. They reach
/// the list (their pending status) and leave the selection together, a few
/// times a second and when the batch ends, not one by one: each showing
/// re-sorts and re-filters every instance the console holds.
#[derive(Default)]
struct Taken {
    waiting: RefCell<Vec<Arc<Instance>>>,
    /// A showing is scheduled.
    scheduled: Cell<bool>,
    /// Every endpoint with an instance taken, refreshed when the batch ends.
    endpoints: RefCell<Vec<String>>,
}

impl Taken {
    /// Shows every instance taken so far with the action's pending status,
    /// and drops them from the selection.
    fn show(&self, app: &AppCtx, picked: Picked, action: Action) {
        self.scheduled.set(false);
        let taken = self.waiting.take();
        if taken.is_empty() {
            return;
        }
        // Each endpoint's list is gone through once, for all of its ids.
        let mut by_endpoint: Vec<(&str, ProviderKind, Vec<String>)> = Vec::new();
        for i in &taken {
            match by_endpoint.iter_mut().find(|e| e.0 == i.endpoint_id) {
                Some(e) => e.2.push(i.id.clone()),
                None => by_endpoint.push((&i.endpoint_id, i.provider, vec![i.id.clone()])),
            }
        }
        let mut endpoints = self.endpoints.borrow_mut();
        for (endpoint_id, provider, ids) in by_endpoint {
            let pending = provider.pending_status(action);
            app.store
                .set_statuses(endpoint_id, &ids, pending, provider.status_class(pending));
            if !endpoints.iter().any(|e| e == endpoint_id) {
                endpoints.push(endpoint_id.to_string());
            }
        }
        pick_all(picked, &taken, false);
    }

    /// Makes every endpoint with an instance taken due for refresh.
    fn refresh(&self, app: &AppCtx) {
        for endpoint_id in self.endpoints.borrow().iter() {
            app.store.due_now(endpoint_id);
        }
    }
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

/// The plan's requests as steps, each with its configured endpoint.
fn steps(app: &AppCtx, planned: Vec<PlannedRequest>) -> Vec<Step> {
    planned
        .into_iter()
        .filter_map(|p| {
            Some(Step {
                endpoint: app.config.endpoint(&p.endpoint_id)?.clone(),
                ids: p.ids,
                batch: p.batch,
                request: p.request,
            })
        })
        .collect()
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

/// Rows the dialog lists first, and at most how many more it lists as they
/// fail; the rest are counted. A batch of 10,000 opens at once, and the
/// failures of one that fails everywhere are not a wall.
const ROWS_LISTED: usize = 100;

/// One picked instance's line: its name, id and state.
fn batch_row(
    i: usize,
    id: String,
    name: String,
    rows: Rows,
    locale: RwSignal<Locale>,
) -> impl IntoView {
    let state = move || rows.state(i);
    view! {
        <li class="batch-row" data-state=move || match state() {
            RowState::Waiting => "waiting",
            RowState::Sending => "sending",
            RowState::Done => "done",
            RowState::Refused(_) => "refused",
            RowState::Failed(_) => "failed",
        }>
            <span class="batch-name">{name}</span>
            <span class="batch-id mono">{id}</span>
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
}

/// The picked instances with their states: the first [`ROWS_LISTED`], then
/// up to as many others as fail, then how many more there are. With
/// `only_left`, those that did not go well: failures first, then those
/// left out, up to [`ROWS_LISTED`], then how many more.
fn batch_rows(
    names: StoredValue<Vec<(String, String)>>,
    rows: Rows,
    locale: RwSignal<Locale>,
    only_left: bool,
) -> impl IntoView {
    let row = move |i: usize| {
        names
            .with_value(|n| n.get(i).cloned())
            .map(|(id, name)| batch_row(i, id, name, rows, locale))
    };
    let total = names.with_value(Vec::len);
    let first = if only_left { 0 } else { total.min(ROWS_LISTED) };
    // Listed as they come, and how many rows that leaves out.
    let listed = Memo::new(move |_| {
        let mut shown: Vec<usize> = rows.failed.with(|f| {
            f.iter()
                .copied()
                .filter(|i| *i >= first)
                .take(ROWS_LISTED)
                .collect()
        });
        let out_of = if only_left {
            let room = ROWS_LISTED - shown.len();
            rows.refused
                .with_value(|r| shown.extend(r.iter().copied().take(room)));
            rows.count(FAILED) + rows.count(REFUSED)
        } else {
            total - first
        };
        let more = out_of - shown.len();
        (shown, more)
    });
    let more = move || {
        let n = listed.with(|l| l.1);
        (n > 0).then(|| {
            let l = locale.get();
            view! { <li class="batch-more">{trf(l, Key::BatchMore, &[("count", &integer(l, n as u64))])}</li> }
        })
    };
    view! {
        {(0..first).map(row).collect_view()}
        <For each=move || listed.with(|l| l.0.clone()) key=|i| *i let(i)>{row(i)}</For>
        {more}
    }
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
    let instances: Vec<Arc<Instance>> = app.store.all.with_untracked(|all| {
        let mut now: Gathered<Arc<Instance>> = Gathered::new(|i| i.key());
        for i in all.iter() {
            now.add(i.clone());
        }
        picked.with_untracked(|p| {
            p.iter()
                .map(|i| now.get(i.key()).unwrap_or(i).clone())
                .collect()
        })
    });
    let ctxs: Vec<_> = app.config.endpoints.iter().map(|e| e.ctx()).collect();
    // Planned without saving images; planned again at the confirmation if
    // the user asks for that.
    let replan = {
        let instances = instances.clone();
        move |save_image: bool| {
            batch::plan(
                action,
                &instances.iter().map(|i| &**i).collect::<Vec<_>>(),
                &ctxs,
                save_image,
            )
        }
    };
    let plan = replan(false);
    // The rows by key: which row an instance is.
    let index = {
        let mut index: Gathered<Arc<Instance>> = Gathered::new(|i| i.key());
        for i in &instances {
            index.add(i.clone());
        }
        index
    };
    let l = locale.get_untracked();
    let mut initial = vec![RowState::Waiting; instances.len()];
    for (endpoint_id, id, why) in &plan.refused {
        if let Some(i) = index.position((endpoint_id, id)) {
            initial[i] = RowState::Refused(refusal_text(l, why));
        }
    }
    let rows = Rows::new(initial);
    let phase = RwSignal::new(Phase::Confirm);
    let dialog_open = RwSignal::new(true);
    let typed = RwSignal::new(String::new());
    let save_image = RwSignal::new(false);
    let count = instances.len();
    let save_image_count = plan.savable(action);
    let needs_count = action == Action::Delete;
    let can_confirm = move || {
        phase.get() == Phase::Confirm && (!needs_count || typed.get().trim() == count.to_string())
    };

    let planned = StoredValue::new(plan.requests);
    let replan = StoredValue::new_local(replan);
    let names: Vec<(String, String)> = instances
        .iter()
        .map(|i| (i.id.clone(), i.name.clone()))
        .collect();
    let names = StoredValue::new(names);
    let index = StoredValue::new(index);
    let run = {
        let app = app.clone();
        move || {
            phase.set(Phase::Running);
            let planned = if save_image.get_untracked() {
                replan.with_value(|p| p(true)).requests
            } else {
                planned.get_value()
            };
            let steps = Rc::new(steps(&app, planned));
            let next = Rc::new(Cell::new(0usize));
            let running = Rc::new(Cell::new(AT_ONCE.min(steps.len())));
            if steps.is_empty() {
                phase.set(Phase::Finished);
            }
            let scope = RequestScope::new();
            let taken = Rc::new(Taken::default());
            for _ in 0..AT_ONCE.min(steps.len()) {
                let (app, steps, next, running, scope, taken) = (
                    app.clone(),
                    steps.clone(),
                    next.clone(),
                    running.clone(),
                    scope.clone(),
                    taken.clone(),
                );
                leptos::task::spawn_local(async move {
                    loop {
                        let n = next.get();
                        let Some(step) = steps.get(n) else { break };
                        next.set(n + 1);
                        let at_rows: Vec<Option<usize>> = step
                            .ids
                            .iter()
                            .map(|id| {
                                index
                                    .try_with_value(|x| x.position((&step.endpoint.id, id)))
                                    .flatten()
                            })
                            .collect();
                        for i in at_rows.iter().flatten() {
                            rows.set(*i, RowState::Sending);
                        }
                        let results = send(&app, step, &scope).await;
                        for (row, result) in at_rows.iter().zip(results) {
                            let Some(i) = *row else { continue };
                            let state = match result {
                                Ok(()) => {
                                    if let Some(done) = index
                                        .try_with_value(|x| x.items().get(i).cloned())
                                        .flatten()
                                    {
                                        taken.waiting.borrow_mut().push(done);
                                    }
                                    RowState::Done
                                }
                                Err(why) => RowState::Failed(why),
                            };
                            rows.set(i, state);
                        }
                        if !taken.scheduled.replace(true) {
                            let (app, taken) = (app.clone(), taken.clone());
                            set_timeout(
                                move || taken.show(&app, picked, action),
                                Duration::from_millis(SHOW_TAKEN_EVERY_MS),
                            );
                        }
                    }
                    running.set(running.get() - 1);
                    if running.get() == 0 {
                        taken.show(&app, picked, action);
                        taken.refresh(&app);
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
        let left = rows.counts.with_untracked(|c| c[FAILED] + c[REFUSED] > 0);
        if phase.get_untracked() == Phase::Confirm || !left {
            on_close.run(());
        } else {
            dialog_open.set(false);
        }
    };
    let summary = move || {
        let l = locale.get();
        let n = |kind| integer(l, rows.count(kind) as u64);
        trf(
            l,
            Key::BatchSummary,
            &[
                ("done", &n(DONE)),
                ("failed", &n(FAILED)),
                ("refused", &n(REFUSED)),
            ],
        )
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
                    <ul class="batch-rows">{batch_rows(names, rows, locale, false)}</ul>
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
                <ul class="batch-rows">{batch_rows(names, rows, locale, true)}</ul>
                <button type="button" class="button button-small" on:click=move |_| on_close.run(())>
                    {t(locale, Key::Close)}
                </button>
            </section>
        </Show>
    }
}
