//! `/instances/{endpoint}/{id}/edit`: the ModelArts edit form (description
//! and auto-stop, hours shown, seconds sent), checked with core's rules on
//! blur and before sending; nothing is sent while a field is wrong. PAI-DSW
//! instances are edited with the create form in edit mode.

use crate::app::use_app;
use crate::components::actions::error_detail;
use crate::components::field::{
    field_dom_id, focus_id, ErrorSummary, FieldKind, SummaryEntry, TextField,
};
use crate::components::toast::ToastKind;
use crate::fetch::{self, RequestScope};
use crate::i18n::{tr, trf, validation_message, Key};
use crate::pages::create::{FormMode, InstanceForm};
use crate::pages::detail::fetch_detail;
use devenv_core::access::Change;
use devenv_core::providers::modelarts::form::{update_form_from_instance, UpdateForm};
use devenv_core::providers::modelarts::{request as ma_request, validate as ma_validate};
use devenv_core::{ApiError, FieldError, Instance, ProviderKind};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use send_wrapper::SendWrapper;

const FORM: &str = "edit";

#[component]
pub fn EditPage() -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let params = use_params_map();
    let endpoint_id = params.with_untracked(|p| p.get("endpoint").unwrap_or_default());
    let instance_id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let endpoint = app.config.endpoint(&endpoint_id).cloned();
    let loaded = RwSignal::new(None::<Result<Instance, ApiError>>);
    let scope = RequestScope::new();
    let cleanup = SendWrapper::new(scope.clone());
    on_cleanup(move || cleanup.cancel());
    if let Some(endpoint) = endpoint.clone() {
        let id = instance_id.clone();
        leptos::task::spawn_local(async move {
            let outcome = fetch_detail(&endpoint, &id, &scope).await;
            if !scope.is_gone() {
                loaded.set(Some(outcome));
            }
        });
    }
    let back = format!(
        "/instances/{}/{}",
        js_sys::encode_uri_component(&endpoint_id),
        js_sys::encode_uri_component(&instance_id)
    );
    view! {
        <div class="edit-page">
            {move || match (endpoint.clone(), loaded.get()) {
                (None, _) => view! { <p role="alert">{trf(locale.get(), Key::UnknownEndpointBody, &[("endpoint", &endpoint_id)])}</p> }.into_any(),
                (Some(e), _) if !e.provider.can_edit() => view! {
                    <p role="alert">{trf(locale.get(), Key::EditNotSupported, &[("provider", e.provider.display_name())])}</p>
                    <A href=crate::app::href(&back) attr:class="button">{move || tr(locale.get(), Key::Cancel)}</A>
                }.into_any(),
                // The gateway would refuse the save: say so before anything is typed.
                (Some(e), _) if !app.allows(&e.id, Change::Edit) => {
                    let role = app.access_on(&e.id).role_name();
                    view! {
                        <p role="alert">{trf(locale.get(), Key::EditNeedsAdmin, &[("role", role)])}</p>
                        <A href=crate::app::href(&back) attr:class="button">{move || tr(locale.get(), Key::Cancel)}</A>
                    }
                    .into_any()
                }
                (Some(_), None) => view! { <p role="status">{move || tr(locale.get(), Key::Loading)}</p> }.into_any(),
                (Some(_), Some(Err(error))) => view! {
                    <p role="alert">{error_detail(&use_app(), &error)}</p>
                }.into_any(),
                (Some(e), Some(Ok(instance))) if e.provider == ProviderKind::ModelArts => {
                    view! { <EditForm instance back=back.clone()/> }.into_any()
                }
                (Some(e), Some(Ok(instance))) => {
                    let name = instance.name.clone();
                    view! {
                        <h1>{move || trf(locale.get(), Key::EditTitle, &[("name", &name)])}</h1>
                        <InstanceForm endpoint=e mode=FormMode::Edit { instance: Box::new(instance), back: back.clone() }/>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

#[component]
fn EditForm(instance: Instance, back: String) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let initial = update_form_from_instance(&instance);
    let was_enabled = instance.auto_stop.as_ref().is_some_and(|a| a.enabled);
    // 更新开发环境实例信息: an auto-stop change applies from the next start.
    let running = instance.status_class == devenv_core::StatusClass::Running;
    let description = RwSignal::new(initial.description.clone());
    let auto_enabled = RwSignal::new(was_enabled);
    let auto_hours = RwSignal::new(initial.auto_stop_hours.clone());
    let auto_touched = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let touched = RwSignal::new(Vec::<String>::new());
    let submitted = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let provider_error = RwSignal::new(None::<ApiError>);

    let form = move || UpdateForm {
        description: description.get_untracked(),
        auto_stop_enabled: auto_touched
            .get_untracked()
            .then(|| auto_enabled.get_untracked()),
        auto_stop_hours: auto_hours.get_untracked(),
    };
    let check = move || errors.set(ma_validate::update(&form()));
    let touch = move |path: &'static str| {
        touched.update(|t| {
            if !t.iter().any(|x| x == path) {
                t.push(path.to_string())
            }
        });
        check();
    };
    let error_for = move |path: &'static str| {
        Signal::derive(move || {
            let shown = submitted.get() || touched.with(|t| t.iter().any(|x| x == path));
            if !shown {
                return None;
            }
            errors.with(|es| {
                es.iter()
                    .find(|e| e.field == path)
                    .map(|e| validation_message(locale.get(), e))
            })
        })
    };
    let label_of = move |path: &str| match path {
        ma_validate::DESCRIPTION => tr(locale.get_untracked(), Key::FieldDescription),
        _ => tr(locale.get_untracked(), Key::EditAutoStopHours),
    };
    let summary = Signal::derive(move || {
        if !submitted.get() {
            return Vec::new();
        }
        errors.with(|es| {
            es.iter()
                .map(|e| SummaryEntry {
                    dom_id: field_dom_id(FORM, &e.field),
                    label: label_of(&e.field).to_string(),
                    message: validation_message(locale.get(), e),
                })
                .collect()
        })
    });
    let navigate = use_navigate();
    let endpoint = app.config.endpoint(&instance.endpoint_id).cloned();
    let id = instance.id.clone();
    let name = instance.name.clone();
    let app_submit = app.clone();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        submitted.set(true);
        provider_error.set(None);
        let Some(endpoint) = endpoint.clone() else {
            return;
        };
        let spec = match ma_request::update(&endpoint.ctx(), &id, &form()) {
            Ok(spec) => spec,
            Err(es) => {
                errors.set(es);
                focus_id("edit-summary");
                return;
            }
        };
        errors.set(Vec::new());
        sending.set(true);
        let app = app_submit.clone();
        let navigate = navigate.clone();
        let back = back.clone();
        let name = name.clone();
        leptos::task::spawn_local(async move {
            let scope = RequestScope::new();
            let outcome = match fetch::send(&endpoint, &spec, &scope).await {
                Ok(answer) => answer.stamp(endpoint.provider.decode_detail(
                    &endpoint.ctx(),
                    answer.status,
                    &answer.body,
                )),
                Err(e) => Err(e),
            };
            sending.set(false);
            match outcome {
                Ok(saved) => {
                    app.store.upsert(saved);
                    let locale = app.locale.get_untracked();
                    app.toasts.push(
                        ToastKind::Success,
                        trf(locale, Key::SavedToast, &[("name", &name)]),
                        None,
                    );
                    navigate(&back, Default::default());
                }
                Err(error) => {
                    if let Some(field) = error.field() {
                        errors.set(vec![FieldError::new(field, "validation.invalid")]);
                    }
                    provider_error.set(Some(error));
                }
            }
        });
    };
    let cancel_href = back_href(&instance);
    let desc_id = field_dom_id(FORM, ma_validate::DESCRIPTION);
    let hours_id = field_dom_id(FORM, ma_validate::AUTO_STOP_DURATION);
    let app_err = app.clone();
    view! {
        <h1>{move || trf(locale.get(), Key::EditTitle, &[("name", &instance.name)])}</h1>
        <form class="form card" novalidate on:submit=on_submit>
            <ErrorSummary
                id="edit-summary".to_string()
                title=Signal::derive(move || tr(locale.get(), Key::FixProblems).to_string())
                entries=summary
            />
            {move || provider_error.get().map(|e| view! {
                <div class="banner banner-error" role="alert">
                    <div class="banner-body">
                        <h2 class="banner-title">{tr(locale.get(), Key::SaveFailed)}</h2>
                        <p>{error_detail(&app_err, &e)}</p>
                    </div>
                </div>
            })}
            <TextField
                id=desc_id
                kind=FieldKind::TextArea
                label=Signal::derive(move || tr(locale.get(), Key::FieldDescription).to_string())
                value=description
                on_input=Callback::new(move |v| description.set(v))
                error=error_for(ma_validate::DESCRIPTION)
                on_blur=Callback::new(move |_| touch(ma_validate::DESCRIPTION))
            />
            <div class="form-field">
                <label class="checkbox">
                    <input
                        type="checkbox"
                        prop:checked=move || auto_enabled.get()
                        on:change=move |ev| {
                            auto_enabled.set(event_target_checked(&ev));
                            auto_touched.set(true);
                            check();
                        }
                    />
                    {move || tr(locale.get(), Key::EditAutoStopEnable)}
                </label>
                {running.then(|| view! {
                    <p class="field-hint" id="edit-auto-stop-next-start">{move || tr(locale.get(), Key::EditAutoStopNextStart)}</p>
                })}
            </div>
            <Show when=move || auto_enabled.get()>
                <TextField
                    id=hours_id.clone()
                    kind=FieldKind::Number
                    step="any"
                    label=Signal::derive(move || tr(locale.get(), Key::EditAutoStopHours).to_string())
                    value=auto_hours
                    on_input=Callback::new(move |v| auto_hours.set(v))
                    error=error_for(ma_validate::AUTO_STOP_DURATION)
                    on_blur=Callback::new(move |_| {
                        auto_touched.set(true);
                        touch(ma_validate::AUTO_STOP_DURATION)
                    })
                />
            </Show>
            <div class="form-buttons">
                <A href=crate::app::href(&cancel_href) attr:class="button">{move || tr(locale.get(), Key::Cancel)}</A>
                <button type="submit" class="button button-primary" prop:disabled=move || sending.get()>
                    {move || if sending.get() { tr(locale.get(), Key::Saving) } else { tr(locale.get(), Key::Save) }}
                </button>
            </div>
        </form>
    }
}

fn back_href(instance: &Instance) -> String {
    format!(
        "/instances/{}/{}",
        js_sys::encode_uri_component(&instance.endpoint_id),
        js_sys::encode_uri_component(&instance.id)
    )
}
