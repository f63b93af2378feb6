//! `/instances/new`: choose an endpoint, then that provider's create form.

use crate::app::use_app;
use crate::i18n::{tr, Key};
use leptos::prelude::*;

#[component]
pub fn CreatePage() -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    view! {
        <div class="create-page">
            <h1>{move || tr(locale.get(), Key::NavCreate)}</h1>
        </div>
    }
}
