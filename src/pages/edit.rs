//! `/instances/{endpoint}/{id}/edit`: loads the instance, says so where the
//! provider or the caller's role allows no edit, and otherwise shows the
//! instance form in edit mode (the provider's edit fields from `forms`,
//! checked with core's edit rules; only what changed is sent).

use crate::app::use_app;
use crate::components::actions::error_detail;
use crate::fetch::RequestScope;
use crate::i18n::{t, trf, Key};
use crate::pages::create::{FormMode, InstanceForm};
use crate::pages::detail::fetch_detail;
use crate::router::{use_params_map, A};
use devenv_core::access::Change;
use devenv_core::{ApiError, Instance};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

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
                    <A href=crate::app::href(&back) class="button">{t(locale, Key::Cancel)}</A>
                }.into_any(),
                // The gateway would refuse the save: say so before anything is typed.
                (Some(e), _) if !app.allows(&e.id, Change::Edit) => {
                    let role = app.access_on(&e.id).role_name();
                    view! {
                        <p role="alert">{trf(locale.get(), Key::EditNeedsAdmin, &[("role", role)])}</p>
                        <A href=crate::app::href(&back) class="button">{t(locale, Key::Cancel)}</A>
                    }
                    .into_any()
                }
                (Some(_), None) => view! { <p role="status">{t(locale, Key::Loading)}</p> }.into_any(),
                (Some(_), Some(Err(error))) => view! {
                    <p role="alert">{error_detail(&use_app(), &error)}</p>
                }.into_any(),
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
