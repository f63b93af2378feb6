//! `NotFound`: an address with nothing behind it, and the way back.

use crate::app::use_app;
use crate::i18n::{tr, Key};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    view! {
        <section class="empty-state">
            <h1>{move || tr(locale.get(), Key::NotFoundTitle)}</h1>
            <p>{move || tr(locale.get(), Key::NotFoundBody)}</p>
            <A href=crate::app::href("/instances") attr:class="button button-primary">{move || tr(locale.get(), Key::BackToList)}</A>
        </section>
    }
}
