//! `/instances/new`: choose an endpoint, then that provider's create form,
//! rendered from the field table in `forms`. Fields are checked with core's
//! rules on blur and on submit; nothing is sent while one is wrong; submit is
//! disabled while the request is in flight; what the user typed survives a
//! failed submit and a reload (session storage) and is cleared after success;
//! `?clone=ENDPOINT/ID` starts from an existing instance. The same form, in
//! edit mode, edits an instance with the provider's edit fields (`forms`):
//! it starts from core's edit form of the instance, checks with core's edit
//! rules and sends only what changed.

use crate::app::{use_app, AppCtx};
use crate::components::actions::error_detail;
use crate::components::field::{
    field_dom_id, focus_id, ErrorSummary, FieldKind, SummaryEntry, TextField,
};
use crate::components::toast::ToastKind;
use crate::config::Endpoint;
use crate::fetch::{self, RequestScope};
use crate::forms::{self, Catalog, Control, FieldSpec, RowColumns};
use crate::i18n::{t, tr, trf, validation_message, Key, Locale};
use crate::pages::detail::fetch_detail;
use crate::router::{use_navigate, use_query_map, NavigateOptions, A};
use devenv_core::access::Change;
use devenv_core::{AcceleratorKind, ApiError, FieldError, Instance, MachineType, StatusClass};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde_json::Value;

const FORM: &str = "create";
const SUMMARY_ID: &str = "create-summary";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn draft_key(endpoint_id: &str) -> String {
    format!("devenv.create-draft.{endpoint_id}")
}

fn load_draft(endpoint_id: &str) -> Option<Value> {
    let text = session_storage()?
        .get_item(&draft_key(endpoint_id))
        .ok()??;
    serde_json::from_str::<Value>(&text)
        .ok()
        .filter(Value::is_object)
}

fn save_draft(endpoint_id: &str, values: &Value) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(&draft_key(endpoint_id), &values.to_string());
    }
}

fn clear_draft(endpoint_id: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(&draft_key(endpoint_id));
    }
}

/// The form a user starts from on an endpoint, with a suggested name.
fn fresh_form(endpoint: &Endpoint) -> Value {
    let provider = endpoint.provider;
    let mut values = provider.fresh_form(&endpoint.ctx());
    let random = (js_sys::Math::random() * 65536.0) as u16;
    values[forms::name_key(provider)] = forms::suggested_name(provider, random).into();
    values
}

fn text_of(values: &Value, key: &str) -> String {
    match values.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn catalog_of(endpoint: &Endpoint, catalog: Catalog) -> Vec<String> {
    match catalog {
        Catalog::Profiles => endpoint.profiles.clone(),
        Catalog::Flavors => endpoint.flavors.clone(),
        Catalog::Images => endpoint.images.clone(),
        Catalog::ResourceGroups => endpoint.resource_groups.clone(),
    }
}

#[component]
pub fn CreatePage() -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let query = use_query_map();
    let clone = Memo::new(move |_| query.with(|q| q.get("clone")));
    let endpoint_id = Memo::new(move |_| {
        query.with(|q| {
            q.get("endpoint").or_else(|| {
                q.get("clone")
                    .and_then(|c| c.split_once('/').map(|(e, _)| e.to_string()))
            })
        })
    });
    let navigate = use_navigate();
    let config = app.config.clone();
    view! {
        <div class="create-page">
            <h1>{t(locale, Key::NavCreate)}</h1>
            <fieldset class="endpoint-choice">
                <legend>{t(locale, Key::CreateChooseEndpoint)}</legend>
                {config
                    .endpoints
                    .iter()
                    .map(|e| {
                        let id = e.id.clone();
                        let checked_id = e.id.clone();
                        let navigate = navigate.clone();
                        let refused = {
                            let app = use_app();
                            let id = e.id.clone();
                            move || !app.allows(&id, Change::Create)
                        };
                        let refused_note = refused.clone();
                        view! {
                            <label class="endpoint-option">
                                <input
                                    type="radio"
                                    name="endpoint"
                                    value=id.clone()
                                    prop:checked=move || endpoint_id.get().as_deref() == Some(checked_id.as_str())
                                    prop:disabled=refused
                                    on:change=move |_| {
                                        navigate(
                                            &format!("/instances/new?endpoint={}", js_sys::encode_uri_component(&id)),
                                            Default::default(),
                                        )
                                    }
                                />
                                <span class="endpoint-option-label">{e.label.clone()}</span>
                                <span class="endpoint-option-provider">{e.provider.display_name()}</span>
                                {move || refused_note().then(|| view! {
                                    <span class="endpoint-option-note">{tr(locale.get(), Key::CreateNeedsAdminShort)}</span>
                                })}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {move || {
                let id = endpoint_id.get()?;
                let endpoint = use_app().config.endpoint(&id).cloned()?;
                let clone_id = clone
                    .get()
                    .and_then(|c| c.split_once('/').map(|(_, i)| i.to_string()));
                let access = use_app().access_on(&endpoint.id);
                if !access.allows(Change::Create) {
                    let role = access.role_name();
                    return Some(view! {
                        <p class="notice" role="alert">{trf(locale.get(), Key::CreateNeedsAdmin, &[("role", role)])}</p>
                    }
                    .into_any());
                }
                Some(view! { <InstanceForm endpoint mode=FormMode::Create { clone_id }/> }.into_any())
            }}
        </div>
    }
}

/// What a submitted form's request is for.
enum Sent {
    /// Create an instance with this name.
    Create(String),
    /// Save an edit of this instance, then go back to this page.
    Edit(Box<Instance>, String),
}

/// What the instance form does.
#[derive(Clone)]
pub enum FormMode {
    /// Create an instance, from scratch or cloned from `clone_id`.
    Create { clone_id: Option<String> },
    /// Edit `instance`; `back` is its detail page.
    Edit {
        instance: Box<Instance>,
        back: String,
    },
}

#[component]
pub fn InstanceForm(endpoint: Endpoint, mode: FormMode) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let provider = endpoint.provider;
    let (clone_id, editing) = match mode {
        FormMode::Create { clone_id } => (clone_id, None),
        FormMode::Edit { instance, back } => (None, Some((*instance, back))),
    };
    let is_edit = editing.is_some();
    // The fields of this form: the provider's edit fields, or its create form.
    let form_fields: Vec<&'static FieldSpec> = if is_edit {
        forms::edit_fields(provider)
    } else {
        forms::fields(provider).iter().collect()
    };
    let running = editing
        .as_ref()
        .is_some_and(|(instance, _)| instance.status_class == StatusClass::Running);
    let draft = if clone_id.is_none() && !is_edit {
        load_draft(&endpoint.id)
    } else {
        None
    };
    let restored = draft.is_some();
    let before = editing
        .as_ref()
        .and_then(|(instance, _)| provider.edit_form(instance));
    let values = RwSignal::new(
        draft
            .or_else(|| before.clone())
            .unwrap_or_else(|| fresh_form(&endpoint)),
    );
    let before = StoredValue::new(before.unwrap_or(Value::Null));
    let editing = StoredValue::new(editing);
    let unchanged = RwSignal::new(false);
    let cloned_from = RwSignal::new(None::<String>);
    let loading_clone = RwSignal::new(clone_id.is_some());
    let scope = RequestScope::new();
    let cleanup = SendWrapper::new(scope.clone());
    on_cleanup(move || cleanup.cancel());
    if let Some(id) = clone_id {
        let endpoint = endpoint.clone();
        let store = app.store;
        let scope = scope.clone();
        leptos::task::spawn_local(async move {
            // The detail answer carries the provider's object the form is
            // filled from (list items keep none).
            let instance = match fetch_detail(&endpoint, &id, &scope).await {
                Ok(i) => Some(i),
                Err(_) => store.all.with_untracked(|all| {
                    all.iter()
                        .find(|i| i.endpoint_id == endpoint.id && i.id == id)
                        .map(|i| (**i).clone())
                        .filter(|i| !i.raw.text().is_empty())
                }),
            };
            if let Some(instance) = instance {
                values.set(endpoint.provider.clone_form(&instance));
                cloned_from.set(Some(instance.name));
            }
            loading_clone.set(false);
        });
    }
    let endpoint_id = endpoint.id.clone();
    let saving_enabled = StoredValue::new(!is_edit);
    // Only what the user typed is a draft: a fresh, cloned or discarded form
    // is not saved until a field changes.
    let dirty = StoredValue::new(restored);
    let show_restored = RwSignal::new(restored);
    Effect::new(move |_| {
        let v = values.get();
        if saving_enabled.get_value() && dirty.get_value() && !loading_clone.get_untracked() {
            save_draft(&endpoint_id, &v);
        }
    });

    let check_errors = Memo::new(move |_| {
        values.with(|v| {
            if is_edit {
                provider.validate_edit(v)
            } else {
                provider.validate_form(v)
            }
        })
    });
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let touched = RwSignal::new(Vec::<&'static str>::new());
    let submitted = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let provider_error = RwSignal::new(None::<ApiError>);
    let errors_for = move |spec: &'static FieldSpec| {
        Signal::derive(move || {
            if let Some(e) = server_errors.with(|es| {
                es.iter()
                    .find(|e| forms::names_field(&e.field, spec.path))
                    .cloned()
            }) {
                return Some(validation_message(locale.get(), &e));
            }
            let shown = submitted.get() || touched.with(|t| t.contains(&spec.key));
            if !shown {
                return None;
            }
            check_errors.with(|es| {
                es.iter()
                    .find(|e| forms::names_field(&e.field, spec.path))
                    .map(|e| validation_message(locale.get(), e))
            })
        })
    };
    let set_value = move |key: &'static str, value: Value| {
        server_errors.update(|es| es.clear());
        unchanged.set(false);
        dirty.set_value(true);
        values.update(|v| v[key] = value);
    };
    let blur = move |key: &'static str| {
        touched.update(|t| {
            if !t.contains(&key) {
                t.push(key)
            }
        })
    };
    let summary_fields = form_fields.clone();
    let summary = Signal::derive(move || {
        if !submitted.get() {
            return Vec::new();
        }
        let l = locale.get();
        let vs = values.get();
        let mut entries: Vec<SummaryEntry> = Vec::new();
        for e in check_errors.get().iter().chain(server_errors.get().iter()) {
            let (dom_id, label) = match forms::field_of(&summary_fields, &vs, e) {
                Some(f) => (field_dom_id(FORM, f.key), tr(l, f.label).to_string()),
                None => (
                    SUMMARY_ID.to_string(),
                    tr(l, Key::FormLevelError).to_string(),
                ),
            };
            if !entries.iter().any(|x| x.dom_id == dom_id) {
                entries.push(SummaryEntry {
                    dom_id,
                    label,
                    message: validation_message(l, e),
                });
            }
        }
        entries
    });

    let navigate = use_navigate();
    let submit_endpoint = endpoint.clone();
    let app_submit = app.clone();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        // One request at a time: a second click while sending does nothing.
        if sending.get_untracked() {
            return;
        }
        submitted.set(true);
        provider_error.set(None);
        server_errors.set(Vec::new());
        let form = values.get_untracked();
        let endpoint = submit_endpoint.clone();
        // What the request is for: a new instance (its name), or the saved
        // edit of one (and the page to go back to).
        let (spec, purpose) = match editing.get_value() {
            Some((instance, back)) => {
                match provider.edit_request(&endpoint.ctx(), &instance, &before.get_value(), &form)
                {
                    Ok(Some(spec)) => (spec, Sent::Edit(Box::new(instance), back)),
                    Ok(None) => {
                        unchanged.set(true);
                        return;
                    }
                    Err(_) => {
                        request_animation_frame(|| focus_id(SUMMARY_ID));
                        return;
                    }
                }
            }
            None => match provider.create_request(&endpoint.ctx(), &form) {
                Ok(spec) => (
                    spec,
                    Sent::Create(text_of(&form, forms::name_key(provider))),
                ),
                Err(_) => {
                    request_animation_frame(|| focus_id(SUMMARY_ID));
                    return;
                }
            },
        };
        sending.set(true);
        let app = app_submit.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let scope = RequestScope::new();
            let outcome = match fetch::send(&endpoint, &spec, &scope).await {
                Ok(answer) => answer.stamp(match &purpose {
                    Sent::Create(_) => provider.decode_created(answer.status, &answer.body),
                    Sent::Edit(..) => provider
                        .decode_ack(answer.status, &answer.body)
                        .map(|_| String::new()),
                }),
                Err(e) => Err(e),
            };
            sending.set(false);
            match (outcome, purpose) {
                (Ok(id), Sent::Create(name)) => {
                    created(&app, &endpoint, &id, &name, saving_enabled, &navigate)
                }
                (Ok(_), Sent::Edit(instance, back)) => {
                    app.store.due_now(&endpoint.id);
                    let locale = app.locale.get_untracked();
                    app.toasts.push(
                        ToastKind::Success,
                        trf(locale, Key::SavedToast, &[("name", &instance.name)]),
                        None,
                    );
                    navigate(&back, Default::default());
                }
                (Err(error), _) => {
                    if let Some(field) = error.field() {
                        server_errors.set(vec![FieldError::new(field, "validation.invalid")]);
                    }
                    provider_error.set(Some(error));
                    request_animation_frame(|| focus_id("create-provider-error"));
                }
            }
        });
    };

    // Editing shows every field the provider updates, none tucked away.
    let (fields_advanced, fields_main): (Vec<&'static FieldSpec>, Vec<&'static FieldSpec>) =
        form_fields
            .into_iter()
            .partition(|f| f.advanced && !is_edit);
    let has_advanced = !fields_advanced.is_empty();
    let render = {
        let endpoint = endpoint.clone();
        move |spec: &'static FieldSpec| {
            let endpoint = endpoint.clone();
            let error = errors_for(spec);
            view! {
                <Show when=move || values.with(|v| forms::is_shown(spec, v))>
                    <FormField spec endpoint=endpoint.clone() values error running set_value=Callback::new(move |(k, v)| set_value(k, v)) on_blur=Callback::new(blur)/>
                </Show>
            }
        }
    };
    let endpoint_label = endpoint.label.clone();
    let app_err = app.clone();
    let reset_endpoint = endpoint.clone();
    let edit_back = editing.with_value(|e| e.as_ref().map(|(_, back)| back.clone()));
    // Editing: the page's heading names the instance; the form its endpoint.
    let heading = move || {
        if is_edit {
            endpoint_label.clone()
        } else {
            trf(
                locale.get(),
                Key::CreateFormTitle,
                &[("endpoint", &endpoint_label)],
            )
        }
    };
    view! {
        <form class="form card create-form" novalidate on:submit=on_submit>
            <h2>{heading}</h2>
            {move || show_restored.get().then(|| {
                let reset_endpoint = reset_endpoint.clone();
                view! {
                <p class="notice" role="status">
                    {t(locale, Key::CreateDraftRestored)} " "
                    <button type="button" class="button button-small" on:click=move |_| {
                        clear_draft(&reset_endpoint.id);
                        dirty.set_value(false);
                        show_restored.set(false);
                        values.set(fresh_form(&reset_endpoint));
                        touched.set(Vec::new());
                        submitted.set(false);
                    }>{t(locale, Key::CreateDiscardDraft)}</button>
                </p>
                }
            })}
            {move || cloned_from.get().map(|n| view! {
                <p class="notice" role="status">{trf(locale.get(), Key::CreateCloneOf, &[("name", &n)])}</p>
            })}
            <ErrorSummary
                id=SUMMARY_ID.to_string()
                title=Signal::derive(move || tr(locale.get(), Key::FixProblems).to_string())
                entries=summary
            />
            {move || provider_error.get().map(|e| view! {
                <div class="banner banner-error" role="alert" id="create-provider-error" tabindex="-1">
                    <div class="banner-body">
                        <h3 class="banner-title">{tr(locale.get(), Key::CreateFailed)}</h3>
                        <p>{error_detail(&app_err, &e)}</p>
                    </div>
                </div>
            })}
            {move || unchanged.get().then(|| view! {
                <p class="notice" role="status">{tr(locale.get(), Key::EditNothingChanged)}</p>
            })}
            {fields_main.into_iter().map(render.clone()).collect_view()}
            {has_advanced.then(|| view! {
                <details class="advanced">
                    <summary>{t(locale, Key::CreateAdvanced)}</summary>
                    <div class="advanced-fields">
                        {fields_advanced.into_iter().map(render).collect_view()}
                    </div>
                </details>
            })}
            <div class="form-buttons">
                {edit_back.map(|back| view! {
                    <A href=crate::app::href(&back) class="button">{t(locale, Key::Cancel)}</A>
                })}
                <button
                    type="submit"
                    class="button button-primary"
                    prop:disabled=move || sending.get() || loading_clone.get()
                    aria-disabled=move || sending.get().to_string()
                >
                    {move || match (sending.get(), is_edit) {
                        (true, true) => tr(locale.get(), Key::Saving),
                        (false, true) => tr(locale.get(), Key::Save),
                        (true, false) => tr(locale.get(), Key::CreateSending),
                        (false, false) => tr(locale.get(), Key::CreateSubmit),
                    }}
                </button>
            </div>
        </form>
    }
}

fn created(
    app: &AppCtx,
    endpoint: &Endpoint,
    id: &str,
    name: &str,
    saving_enabled: StoredValue<bool>,
    navigate: &impl Fn(&str, NavigateOptions),
) {
    saving_enabled.set_value(false);
    clear_draft(&endpoint.id);
    app.store.due_now(&endpoint.id);
    let locale: Locale = app.locale.get_untracked();
    app.toasts.push(
        ToastKind::Success,
        trf(locale, Key::CreatedToast, &[("name", name)]),
        None,
    );
    navigate(
        &format!(
            "/instances/{}/{}",
            js_sys::encode_uri_component(&endpoint.id),
            js_sys::encode_uri_component(id)
        ),
        Default::default(),
    );
}

/// One field of the create or edit form, whatever its control. `running`:
/// the instance being edited runs (the field's running hint shows).
#[component]
fn FormField(
    spec: &'static FieldSpec,
    endpoint: Endpoint,
    values: RwSignal<Value>,
    error: Signal<Option<String>>,
    running: bool,
    set_value: Callback<(&'static str, Value)>,
    on_blur: Callback<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let id = field_dom_id(FORM, spec.key);
    let label = Signal::derive(move || tr(locale.get(), spec.label).to_string());
    let hint = spec
        .hint
        .map(|h| Signal::derive(move || tr(locale.get(), h).to_string()));
    let text = Signal::derive(move || values.with(|v| text_of(v, spec.key)));
    let set_text = Callback::new(move |s: String| set_value.run((spec.key, Value::String(s))));
    let blur = Callback::new(move |_| on_blur.run(spec.key));
    let error_id = format!("{id}-error");
    match spec.control {
        Control::Text | Control::Number | Control::TextArea => {
            let kind = match spec.control {
                Control::Number => FieldKind::Number,
                Control::TextArea => FieldKind::TextArea,
                _ => FieldKind::Text,
            };
            match hint {
                Some(hint) => view! {
                    <TextField id kind label value=text on_input=set_text error required=spec.required on_blur=blur hint step="any"/>
                }
                .into_any(),
                None => view! {
                    <TextField id kind label value=text on_input=set_text error required=spec.required on_blur=blur step="any"/>
                }
                .into_any(),
            }
        }
        Control::Suggest(catalog) => {
            let list_id = format!("{id}-list");
            let options = catalog_of(&endpoint, catalog);
            let hint = hint.unwrap_or_else(|| Signal::derive(String::new));
            view! {
                <TextField id kind=FieldKind::Text label value=text on_input=set_text error required=spec.required on_blur=blur hint list=list_id.clone()/>
                <datalist id=list_id>
                    {options.into_iter().map(|o| view! { <option value=o></option> }).collect_view()}
                </datalist>
            }
            .into_any()
        }
        Control::Catalog(catalog) if catalog_of(&endpoint, catalog).is_empty() => view! {
            <TextField id kind=FieldKind::Text label value=text on_input=set_text error required=spec.required on_blur=blur/>
        }
        .into_any(),
        Control::Catalog(catalog) => {
            let options: Vec<(String, String)> = catalog_of(&endpoint, catalog).into_iter().map(|o| (o.clone(), o)).collect();
            view! { <SelectField id label value=text options set=set_text error required=spec.required on_blur=blur/> }.into_any()
        }
        Control::Choice(choices) => {
            let options = Signal::derive(move || {
                choices
                    .iter()
                    .map(|(v, k)| (v.to_string(), k.map(|k| tr(locale.get(), k).to_string()).unwrap_or_else(|| v.to_string())))
                    .collect::<Vec<_>>()
            });
            view! { <SelectField id label value=text options=options.get_untracked() dynamic=options set=set_text error required=spec.required on_blur=blur/> }.into_any()
        }
        Control::Checkbox => {
            let checked = move || values.with(|v| v.get(spec.key).and_then(Value::as_bool).unwrap_or(false));
            // The field's hint, and its note for a running instance.
            let notes: Vec<(String, Key)> = [
                spec.hint.map(|k| (format!("{id}-hint"), k)),
                spec.running_hint.filter(|_| running).map(|k| (format!("{id}-running-hint"), k)),
            ]
            .into_iter()
            .flatten()
            .collect();
            let described = (!notes.is_empty())
                .then(|| notes.iter().map(|(note_id, _)| note_id.as_str()).collect::<Vec<_>>().join(" "));
            view! {
                <div class="form-field">
                    <label class="checkbox" for=id.clone()>
                        <input
                            id=id.clone()
                            type="checkbox"
                            aria-describedby=described
                            prop:checked=checked
                            on:change=move |ev| set_value.run((spec.key, Value::Bool(event_target_checked(&ev))))
                        />
                        {move || label.get()}
                    </label>
                    {notes.into_iter().map(|(note_id, key)| view! {
                        <p class="field-hint" id=note_id>{t(locale, key)}</p>
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        Control::Rows(columns) => view! { <RowsField id spec columns values set_value error/> }.into_any(),
        Control::MachineType => view! { <MachineTypeField id endpoint spec values set_value error error_id/> }.into_any(),
    }
}

#[component]
fn SelectField(
    id: String,
    label: Signal<String>,
    value: Signal<String>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] dynamic: Option<Signal<Vec<(String, String)>>>,
    set: Callback<String>,
    error: Signal<Option<String>>,
    required: bool,
    on_blur: Callback<()>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let options =
        Signal::derive(move || dynamic.map(|d| d.get()).unwrap_or_else(|| options.clone()));
    view! {
        <div class="form-field" class:has-error=move || error.with(|e| e.is_some())>
            <label for=id.clone() class="field-label">
                {move || label.get()}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <select
                id=id.clone()
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby=move || error.with(|e| e.is_some()).then(|| described.clone())
                aria-required=required.to_string()
                prop:value=move || value.get()
                on:change=move |ev| set.run(event_target_value(&ev))
                on:blur=move |_| on_blur.run(())
            >
                <option value="" disabled=true>"—"</option>
                {move || options.get().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// Rows of two text inputs (labels, environment variables, datasets), each
/// removable, and a button adding one.
#[component]
fn RowsField(
    id: String,
    spec: &'static FieldSpec,
    columns: RowColumns,
    values: RwSignal<Value>,
    set_value: Callback<(&'static str, Value)>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let rows = move || values.with(|v| forms::rows_of(v.get(spec.key).unwrap_or(&Value::Null)));
    let write =
        move |rows: Vec<(String, String)>| set_value.run((spec.key, forms::rows_value(&rows)));
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let cell_label = move |column: usize, n: usize| {
        let l = locale.get();
        format!(
            "{} {} {n}",
            tr(l, spec.label),
            tr(l, columns.labels[column])
        )
    };
    view! {
        <fieldset class="form-field rows-field" id=id.clone() tabindex="-1" aria-describedby=described>
            <legend class="field-label">{t(locale, spec.label)}</legend>
            {move || rows().into_iter().enumerate().map(|(i, (first, second))| {
                let n = i + 1;
                view! {
                    <div class="row-inputs">
                        <input
                            type="text"
                            aria-label=move || cell_label(0, n)
                            prop:value=first
                            on:input=move |ev| { let mut r = rows(); r[i].0 = event_target_value(&ev); write(r) }
                        />
                        <input
                            type="text"
                            aria-label=move || cell_label(1, n)
                            prop:value=second
                            on:input=move |ev| { let mut r = rows(); r[i].1 = event_target_value(&ev); write(r) }
                        />
                        <button type="button" class="button button-small" on:click=move |_| { let mut r = rows(); r.remove(i); write(r) }>
                            {t(locale, Key::RemoveRow)}
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button button-small" on:click=move |_| { let mut r = rows(); r.push((columns.new_row[0].to_string(), columns.new_row[1].to_string())); write(r) }>
                {move || format!("{} · {}", tr(locale.get(), Key::AddRow), tr(locale.get(), spec.label))}
            </button>
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </fieldset>
    }
}

/// The machine type picker, fed by the provider's listing, in CPU and GPU
/// tabs.
#[component]
fn MachineTypeField(
    id: String,
    endpoint: Endpoint,
    spec: &'static FieldSpec,
    values: RwSignal<Value>,
    set_value: Callback<(&'static str, Value)>,
    error: Signal<Option<String>>,
    error_id: String,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let tab = RwSignal::new(AcceleratorKind::Cpu);
    let machine_types = LocalResource::new(move || {
        let endpoint = endpoint.clone();
        let kind = tab.get();
        async move {
            let provider = endpoint.provider;
            let Some(request) = provider.machine_types_request(kind) else {
                return Ok(Vec::new());
            };
            let scope = RequestScope::new();
            let answer = fetch::send(&endpoint, &request, &scope).await?;
            answer.stamp(provider.decode_machine_types(answer.status, &answer.body))
        }
    });
    let selected = move || values.with(|v| text_of(v, spec.key));
    let label_id = format!("{id}-label");
    let described = error_id.clone();
    view! {
        <div class="form-field machine-type-field" class:has-error=move || error.with(|e| e.is_some())>
            <span class="field-label" id=label_id.clone()>
                {t(locale, spec.label)}
                <span class="required" aria-hidden="true">" *"</span>
            </span>
            <div class="tabs" role="tablist" aria-labelledby=label_id.clone()>
                {[(AcceleratorKind::Cpu, Key::TabCpu), (AcceleratorKind::Gpu, Key::TabGpu)].into_iter().map(|(kind, key)| view! {
                    <button
                        type="button"
                        role="tab"
                        class="tab"
                        aria-selected=move || (tab.get() == kind).to_string()
                        on:click=move |_| tab.set(kind)
                    >{t(locale, key)}</button>
                }).collect_view()}
            </div>
            <div
                class="spec-list"
                role="radiogroup"
                id=id.clone()
                tabindex="-1"
                aria-labelledby=label_id
                aria-describedby=described
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
            >
                {move || match machine_types.get() {
                    None => view! { <p class="muted" role="status">{tr(locale.get(), Key::CreateLoadingSpecs)}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="field-error" role="alert">{error_detail(&use_app(), &e)}</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{tr(locale.get(), Key::CreateNoSpecs)}</p> }.into_any(),
                    Some(Ok(list)) => list.into_iter().map(|machine| {
                        let detail = machine_type_detail(&machine);
                        let available = machine.available;
                        let name = machine.name;
                        let value = name.clone();
                        let checked_name = name.clone();
                        view! {
                            <label class="spec-option" class:unavailable=!available>
                                <input
                                    type="radio"
                                    name="machine-type"
                                    value=name.clone()
                                    disabled=!available
                                    prop:checked=move || selected() == checked_name
                                    on:change=move |_| set_value.run((spec.key, Value::String(value.clone())))
                                />
                                <span class="mono">{name}</span>
                                <span class="muted">{detail}</span>
                                {(!available).then(|| view! { <span class="badge badge-failed">{tr(locale.get(), Key::SpecSoldOut)}</span> })}
                            </label>
                        }
                    }).collect_view().into_any(),
                }}
            </div>
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// What a machine type has, e.g. `4 vCPU · 15 GiB · 1 × NVIDIA T4`.
fn machine_type_detail(machine: &MachineType) -> String {
    let mut parts = Vec::new();
    if let Some(c) = machine.cpus {
        parts.push(format!("{} vCPU", devenv_core::num::decimal(c, 2)));
    }
    if let Some(m) = machine.memory_gib {
        parts.push(format!("{} GiB", devenv_core::num::decimal(m, 2)));
    }
    if let Some(g) = machine.accelerators.filter(|g| *g > 0) {
        let model = machine.accelerator_model.as_deref().unwrap_or("GPU");
        parts.push(format!("{g} × {model}"));
    }
    parts.join(" · ")
}
