//! `ErrorBanner`: one provider failure, saying which provider, its code and
//! message, what to do, and offering a retry.

use crate::app::use_app;
use crate::i18n::{t, tr, trf, Key, Locale};
use devenv_core::ApiError;
use leptos::prelude::*;

/// The explanation of an error in the current language.
pub fn explain(locale: Locale, error: &ApiError) -> &'static str {
    let e = devenv_core::error::explanation(error);
    match locale {
        Locale::En => e.en,
        Locale::ZhCn => e.zh,
    }
}

#[component]
pub fn ErrorBanner(
    /// The endpoint's label, e.g. `ModelArts · cn-north-4`.
    label: String,
    error: ApiError,
    /// Called by the retry button.
    on_retry: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let provider = error.provider.display_name();
    let code = error
        .code
        .clone()
        .or_else(|| error.http_status.map(|s| format!("HTTP {s}")));
    let request_id = error.request_id.clone();
    let message = error.message.clone();
    let title_label = label.clone();
    let retry_label = label.clone();
    view! {
        <section class="banner banner-error" role="alert" aria-label=label.clone()>
            <div class="banner-body">
                <h2 class="banner-title">
                    {move || trf(app.locale.get(), Key::EndpointFailed, &[("endpoint", &title_label)])}
                </h2>
                <p class="banner-message">
                    <span class="provider-name">{provider}</span>
                    {code.map(|c| view! { " · " <code class="error-code">{c}</code> })}
                    ": "
                    <span class="error-message">{message}</span>
                </p>
                <p class="banner-hint">{
                    let error = error.clone();
                    move || explain(app.locale.get(), &error)
                }</p>
                {request_id.map(|id| view! {
                    <p class="banner-meta">{t(app.locale, Key::RequestId)} ": " <code>{id.clone()}</code></p>
                })}
            </div>
            <button
                type="button"
                class="button"
                aria-label=move || format!("{} {}", tr(app.locale.get(), Key::Retry), retry_label)
                on:click=move |_| on_retry.run(())
            >
                {t(app.locale, Key::Retry)}
            </button>
        </section>
    }
}
