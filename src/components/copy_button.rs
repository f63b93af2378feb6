//! `CopyButton`: copies a value (an id, an error, the raw JSON) to the
//! clipboard and says so.

use crate::app::use_app;
use crate::i18n::{tr, trf, Key};
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn CopyButton(
    /// What is copied.
    value: String,
    /// What the value is, for the button's accessible name ("ID", "JSON").
    what: Key,
) -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    let copied = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="button button-small button-ghost copy-button"
            aria-label=move || trf(locale.get(), Key::CopyValue, &[("what", tr(locale.get(), what))])
            on:click=move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.navigator().clipboard().write_text(&value);
                    copied.set(true);
                    set_timeout(move || copied.set(false), Duration::from_secs(2));
                }
            }
        >
            {move || if copied.get() { tr(locale.get(), Key::Copied) } else { tr(locale.get(), Key::Copy) }}
        </button>
    }
}
