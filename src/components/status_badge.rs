//! `StatusBadge`: the neutral class as colour and translated word, with the
//! provider's own status word beside it.

use crate::app::use_app;
use crate::i18n::{t, Key};
use devenv_core::StatusClass;
use leptos::prelude::*;

/// The translated word for a status class.
pub fn class_key(class: StatusClass) -> Key {
    match class {
        StatusClass::Running => Key::ClassRunning,
        StatusClass::Transitional => Key::ClassTransitional,
        StatusClass::Queued => Key::ClassQueued,
        StatusClass::Stopped => Key::ClassStopped,
        StatusClass::Failed => Key::ClassFailed,
        StatusClass::Deleted => Key::ClassDeleted,
        StatusClass::Unknown => Key::ClassUnknown,
    }
}

#[component]
pub fn StatusBadge(class: StatusClass, status: String) -> impl IntoView {
    let app = use_app();
    let css = format!("badge badge-{}", class.as_str());
    view! {
        <span class=css data-status-class=class.as_str()>
            <span class="badge-dot" aria-hidden="true"></span>
            <span class="badge-class">{t(app.locale, class_key(class))}</span>
            <span class="badge-raw">{status}</span>
        </span>
    }
}
