//! `InstanceActions`: start, stop, restart and delete, offered only where the
//! provider allows them in the instance's state; stop and delete ask first
//! (delete wants the instance name typed). After an accepted action the
//! status shows its pending state at once and the instance is followed until
//! it settles; a toast says how it ended.

use crate::app::{use_app, AppCtx};
use crate::components::dialog::Dialog;
use crate::components::error_banner::explain;
use crate::components::status_badge::class_key;
use crate::components::toast::ToastKind;
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::i18n::{t, tr, trf, Key};
use devenv_core::access::Change;
use devenv_core::{Action, ApiError, Instance};
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// How often a followed instance is polled.
const FOLLOW_EVERY_MS: u32 = 1500;
/// Give up following after this many polls (about ten minutes).
const FOLLOW_MAX_POLLS: u32 = 400;

pub fn action_key(action: Action) -> Key {
    match action {
        Action::Start => Key::ActionStart,
        Action::Stop => Key::ActionStop,
        Action::Restart => Key::ActionRestart,
        Action::Delete => Key::ActionDelete,
        Action::Dequeue => Key::ActionDequeue,
    }
}

/// `ModelArts.6304: … — what to do`.
pub fn error_detail(app: &AppCtx, error: &ApiError) -> String {
    let locale = app.locale.get_untracked();
    let code = error
        .code
        .clone()
        .or_else(|| error.http_status.map(|s| format!("HTTP {s}")))
        .unwrap_or_default();
    format!(
        "{} {}: {} — {}",
        error.provider.display_name(),
        code,
        error.message,
        explain(locale, error)
    )
}

/// Sends `action` for `instance`; on success shows the pending status and
/// starts following the instance.
pub async fn perform(
    app: AppCtx,
    endpoint: Endpoint,
    instance: Instance,
    action: Action,
) -> Result<(), ApiError> {
    let provider = endpoint.provider;
    let spec = provider
        .action_request(&endpoint.ctx(), &instance.id, action)
        .ok_or_else(|| ApiError::network(provider, "this provider has no such action"))?;
    let scope = RequestScope::new();
    let answer = fetch::send(&endpoint, &spec, &scope).await?;
    answer.stamp(provider.decode_ack(answer.status, &answer.body))?;
    let pending = provider.pending_status(action);
    app.store.set_status(
        &endpoint.id,
        &instance.id,
        pending,
        provider.status_class(pending),
    );
    let locale = app.locale.get_untracked();
    app.toasts.push(
        ToastKind::Info,
        trf(
            locale,
            Key::ToastRequested,
            &[
                ("action", tr(locale, action_key(action))),
                ("name", &instance.name),
            ],
        ),
        None,
    );
    leptos::task::spawn_local(follow(app, endpoint, instance, action));
    Ok(())
}

/// Polls the instance until it settles (or is gone after a delete).
async fn follow(app: AppCtx, endpoint: Endpoint, instance: Instance, action: Action) {
    let provider = endpoint.provider;
    let ctx = endpoint.ctx();
    let scope = RequestScope::new();
    let mut failures = 0;
    for _ in 0..FOLLOW_MAX_POLLS {
        gloo_timers::future::sleep(Duration::from_millis(FOLLOW_EVERY_MS as u64)).await;
        let spec = provider.detail_request(&ctx, &instance.id);
        let outcome = match fetch::send(&endpoint, &spec, &scope).await {
            Ok(answer) => answer.stamp(provider.decode_detail(&ctx, answer.status, &answer.body)),
            Err(e) => Err(e),
        };
        let locale = app.locale.get_untracked();
        match outcome {
            Err(e) if e.is_not_found() && action == Action::Delete => {
                app.store.remove(&endpoint.id, &instance.id);
                app.toasts.push(
                    ToastKind::Success,
                    trf(locale, Key::ToastDeleted, &[("name", &instance.name)]),
                    None,
                );
                return;
            }
            Ok(current)
                if action == Action::Delete
                    && current.status_class == devenv_core::StatusClass::Deleted =>
            {
                app.store.remove(&endpoint.id, &instance.id);
                app.toasts.push(
                    ToastKind::Success,
                    trf(locale, Key::ToastDeleted, &[("name", &instance.name)]),
                    None,
                );
                return;
            }
            Ok(current) => {
                let settled = !current.status_class.is_moving() && action != Action::Delete;
                let class = current.status_class;
                let status = current.status.clone();
                app.store.upsert(current);
                if settled {
                    let kind = if class == devenv_core::StatusClass::Failed {
                        ToastKind::Error
                    } else {
                        ToastKind::Success
                    };
                    let word = format!("{} ({status})", tr(locale, class_key(class)));
                    app.toasts.push(
                        kind,
                        trf(
                            locale,
                            Key::ToastSettled,
                            &[("name", &instance.name), ("status", &word)],
                        ),
                        None,
                    );
                    return;
                }
            }
            Err(_) => {
                failures += 1;
                if failures >= 5 {
                    break;
                }
            }
        }
    }
    let locale = app.locale.get_untracked();
    app.toasts.push(
        ToastKind::Error,
        trf(locale, Key::ToastGaveUp, &[("name", &instance.name)]),
        None,
    );
}

/// "Stop notebook-1 failed", with why and what to do.
fn failed(app: &AppCtx, action: Action, name: &str, detail: String) {
    let locale = app.locale.get_untracked();
    app.toasts.push(
        ToastKind::Error,
        trf(
            locale,
            Key::ToastFailed,
            &[("action", tr(locale, action_key(action))), ("name", name)],
        ),
        Some(detail),
    );
}

/// The actions' code could not be fetched: an error toast says so.
pub fn unavailable(app: &AppCtx, action: Action, name: &str) {
    let hint = tr(app.locale.get_untracked(), Key::PageUnavailableHint);
    failed(app, action, name, hint.to_string());
}

/// Fetches the actions' code when `ev` happened in a group of action
/// buttons: for `on:pointerover` and `on:focusin` on what holds them (one
/// listener for a whole table, not two per row).
pub fn warm_over_actions(ev: impl AsRef<web_sys::Event>) {
    use wasm_bindgen::JsCast;
    let in_actions = ev
        .as_ref()
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(".actions").ok().flatten())
        .is_some();
    if in_actions {
        crate::lazy::warm_actions();
    }
}

/// Action buttons for one instance (list row or detail header); what holds
/// them fetches their code ahead with [`warm_over_actions`].
#[component]
pub fn InstanceActions(
    instance: Arc<Instance>,
    /// Smaller buttons for table rows.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let allowed = instance.provider.allowed_actions_for(&instance);
    let pending = RwSignal::new(None::<Action>);
    let confirming = RwSignal::new(None::<Action>);
    let dialog_error = RwSignal::new(None::<ApiError>);
    let name = instance.name.clone();
    let run = {
        let app = app.clone();
        let instance = instance.clone();
        move |action: Action| {
            let Some(endpoint) = app.config.endpoint(&instance.endpoint_id).cloned() else {
                return;
            };
            pending.set(Some(action));
            dialog_error.set(None);
            let app = app.clone();
            let instance = instance.clone();
            leptos::task::spawn_local(async move {
                let outcome =
                    crate::lazy::perform(app.clone(), endpoint, (*instance).clone(), action).await;
                pending.set(None);
                let outcome = match outcome {
                    Ok(outcome) => outcome,
                    Err(crate::lazy::Unavailable) => {
                        confirming.set(None);
                        unavailable(&app, action, &instance.name);
                        return;
                    }
                };
                match outcome {
                    Ok(()) => confirming.set(None),
                    Err(error) if confirming.get_untracked().is_some() => {
                        dialog_error.set(Some(error))
                    }
                    Err(error) => failed(&app, action, &instance.name, error_detail(&app, &error)),
                }
            });
        }
    };
    let run = StoredValue::new_local(run);
    let class = if compact {
        "actions actions-compact"
    } else {
        "actions"
    };
    let dialog_id = format!("confirm-{}-{}", instance.endpoint_id, instance.id)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect::<String>();
    view! {
        <div
            class=class
            role="group"
            aria-label=move || format!("{} {}", tr(locale.get(), Key::ColActions), name)
        >
            {allowed
                .into_iter()
                .map(|action| {
                    let label_name = instance.name.clone();
                    let danger = matches!(action, Action::Delete);
                    // What the caller's role on the endpoint does not allow
                    // is not offered (the detail page says why).
                    let access_app = app.clone();
                    let endpoint_id = instance.endpoint_id.clone();
                    let permitted = move || access_app.allows(&endpoint_id, Change::Action(action));
                    view! {
                        <Show when=permitted>
                        <button
                            type="button"
                            class=if danger { "button button-small button-danger-outline" } else { "button button-small" }
                            prop:disabled=move || pending.get().is_some()
                            aria-label={
                                let label_name = label_name.clone();
                                move || format!("{} {}", tr(locale.get(), action_key(action)), label_name)
                            }
                            on:click=move |_| {
                                if matches!(action, Action::Stop | Action::Delete | Action::Dequeue) {
                                    dialog_error.set(None);
                                    confirming.set(Some(action));
                                } else {
                                    run.with_value(|r| r(action));
                                }
                            }
                        >
                            {move || {
                                if pending.get() == Some(action) {
                                    tr(locale.get(), Key::Working)
                                } else {
                                    tr(locale.get(), action_key(action))
                                }
                            }}
                        </button>
                        </Show>
                    }
                })
                .collect_view()}
            {
                let instance_name = instance.name.clone();
                let dialog_id = dialog_id.clone();
                let app = app.clone();
                move || {
                    confirming.get().map(|action| {
                        let app = app.clone();
                        let name = instance_name.clone();
                        let args = crate::lazy::ConfirmArgs {
                            action,
                            name: instance_name.clone(),
                            title_id: dialog_id.clone(),
                            pending,
                            error: dialog_error,
                            on_confirm: Callback::new(move |_| run.with_value(|r| r(action))),
                            on_close: Callback::new(move |_| confirming.set(None)),
                        };
                        Suspend::new(async move {
                            match crate::lazy::confirm(args).await {
                                Ok(view) => view,
                                Err(crate::lazy::Unavailable) => {
                                    confirming.set(None);
                                    unavailable(&app, action, &name);
                                    ().into_any()
                                }
                            }
                        })
                    })
                }
            }
        </div>
    }
}

/// The confirmation of a stop, dequeue or delete (delete wants the name
/// typed). Fetched with the actions' code on first use (`crate::lazy`).
#[component]
pub fn ConfirmAction(
    action: Action,
    name: String,
    title_id: String,
    pending: RwSignal<Option<Action>>,
    error: RwSignal<Option<ApiError>>,
    on_confirm: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let typed = RwSignal::new(String::new());
    let needs_name = action == Action::Delete;
    let (title_key, body_key) = match action {
        Action::Delete => (Key::ConfirmDeleteTitle, Key::ConfirmDeleteBody),
        Action::Dequeue => (Key::ConfirmDequeueTitle, Key::ConfirmDequeueBody),
        _ => (Key::ConfirmStopTitle, Key::ConfirmStopBody),
    };
    let title_name = name.clone();
    let hint_name = name.clone();
    let match_name = name.clone();
    let can_confirm =
        Memo::new(move |_| pending.get().is_none() && (!needs_name || typed.get() == match_name));
    let input_id = format!("{title_id}-name");
    let app_for_error = app.clone();
    view! {
        <Dialog labelled_by=title_id.clone() on_close>
            <form
                class="dialog-form"
                method="dialog"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if can_confirm.get_untracked() {
                        on_confirm.run(());
                    }
                }
            >
                <h2 id=title_id.clone() class="dialog-title">
                    {move || trf(locale.get(), title_key, &[("name", &title_name)])}
                </h2>
                <p>{t(locale, body_key)}</p>
                {needs_name.then(|| {
                    let for_id = input_id.clone();
                    let input_id = input_id.clone();
                    view! {
                        <label class="field" for=for_id>
                            <span class="field-label">
                                {move || trf(locale.get(), Key::TypeNameToConfirm, &[("name", &hint_name)])}
                            </span>
                            <input
                                id=input_id
                                type="text"
                                autocomplete="off"
                                spellcheck="false"
                                prop:value=move || typed.get()
                                on:input=move |ev| typed.set(event_target_value(&ev))
                            />
                        </label>
                    }
                })}
                {move || error.get().map(|e| {
                    let detail = error_detail(&app_for_error, &e);
                    view! { <p class="dialog-error" role="alert">{detail}</p> }
                })}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| on_close.run(())>
                        {t(locale, Key::Cancel)}
                    </button>
                    <button
                        type="submit"
                        class=if needs_name { "button button-danger" } else { "button button-primary" }
                        prop:disabled=move || !can_confirm.get()
                    >
                        {move || {
                            if pending.get().is_some() {
                                tr(locale.get(), Key::Working)
                            } else {
                                tr(locale.get(), action_key(action))
                            }
                        }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
