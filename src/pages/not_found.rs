//! `NotFound`: an address with nothing behind it, and the way back.

use crate::app::use_app;
use crate::i18n::{t, Key};
use crate::router::A;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let app = use_app();
    let locale = app.locale;
    view! {
        <section class="empty-state">
            <h1>{t(locale, Key::NotFoundTitle)}</h1>
            <p>{t(locale, Key::NotFoundBody)}</p>
            <A href=crate::app::href("/instances") class="button button-primary">{t(locale, Key::BackToList)}</A>
        </section>
    }
}
