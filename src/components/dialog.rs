//! `Dialog`: a modal built on the native `<dialog>` (the page behind it is
//! inert, so focus stays inside), closed by Escape, giving focus back to
//! whatever had it before it opened.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn active_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

#[component]
pub fn Dialog(
    /// Id of the element holding the dialog's title.
    labelled_by: String,
    /// Called when the user closes it (Escape, cancel).
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<html::Dialog>::new();
    let opener = send_wrapper::SendWrapper::new(active_element());
    let shown = StoredValue::new_local(None::<web_sys::HtmlDialogElement>);
    Effect::new(move |_| {
        if let Some(dialog) = node.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            shown.set_value(Some(dialog));
        }
    });
    on_cleanup(move || {
        // Leave modal mode first: while it lasts the page behind is inert
        // and cannot take focus.
        if let Some(dialog) = shown.try_get_value().flatten() {
            dialog.close();
        }
        if let Some(el) = opener.take() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <dialog
            node_ref=node
            class="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                on_close.run(());
            }
        >
            {children()}
        </dialog>
    }
}
