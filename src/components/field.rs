//! The shared form-field set: a labelled input (text, number, textarea,
//! select) whose error sits under it (`aria-invalid`, `aria-describedby`),
//! and the error summary whose entries move focus to their field.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The DOM id of the input for a core field path (`spec.storage.location.path`).
pub fn field_dom_id(form: &str, path: &str) -> String {
    let clean: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{form}-{clean}")
}

/// Moves focus to an element by id (and scrolls it into view).
pub fn focus_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// What kind of control a field is.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldKind {
    #[default]
    Text,
    Number,
    TextArea,
}

#[component]
pub fn TextField(
    id: String,
    label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] kind: FieldKind,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] list: Option<String>,
    #[prop(optional, into)] step: Option<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(|e| e.is_some()) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let blur = move |_| {
        if let Some(cb) = on_blur {
            cb.run(());
        }
    };
    let control = match kind {
        FieldKind::TextArea => view! {
            <textarea
                id=id.clone()
                rows="3"
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby=described.clone()
                aria-required=required.to_string()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=blur
            ></textarea>
        }
        .into_any(),
        _ => view! {
            <input
                id=id.clone()
                type=if kind == FieldKind::Number { "number" } else { "text" }
                step=step
                list=list
                autocomplete="off"
                spellcheck="false"
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby=described
                aria-required=required.to_string()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=blur
            />
        }
        .into_any(),
    };
    view! {
        <div class="form-field" class:has-error=move || error.with(|e| e.is_some())>
            <label for=id.clone() class="field-label">
                {move || label.get()}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {control}
            {hint.map(|h| view! { <p class="field-hint" id=hint_id.clone()>{move || h.get()}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// One entry of an error summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryEntry {
    pub dom_id: String,
    pub label: String,
    pub message: String,
}

#[component]
pub fn ErrorSummary(
    id: String,
    title: Signal<String>,
    entries: Signal<Vec<SummaryEntry>>,
) -> impl IntoView {
    view! {
        <Show when=move || entries.with(|e| !e.is_empty())>
            <div class="error-summary" id=id.clone() role="alert" tabindex="-1">
                <p class="error-summary-title">{move || title.get()}</p>
                <ul>
                    {move || entries.get().into_iter().map(|e| {
                        let target = e.dom_id.clone();
                        let href = format!("#{}", e.dom_id);
                        view! {
                            <li>
                                <a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_id(&target);
                                }>{e.label} ": " {e.message}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
