//! Toasts: short notices of how an action ended, in a polite live region,
//! dismissed by the user or after a while.

use crate::i18n::{t, Key, Locale};
use leptos::prelude::*;
use std::time::Duration;

/// How long a toast stays.
const TOAST_SECONDS: u64 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Info,
    Success,
    Error,
}

impl ToastKind {
    /// The toast's classes (colour of its edge).
    pub fn class(self) -> &'static str {
        match self {
            ToastKind::Info => "toast toast-info",
            ToastKind::Success => "toast toast-success",
            ToastKind::Error => "toast toast-error",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
    /// Second line: a provider's code and what to do.
    pub detail: Option<String>,
}

/// The shared list of toasts.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: RwSignal<u64>,
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

impl Toasts {
    pub fn new() -> Self {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(1),
        }
    }

    pub fn push(&self, kind: ToastKind, text: String, detail: Option<String>) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.items.update(|v| {
            v.push(Toast {
                id,
                kind,
                text,
                detail,
            });
            let excess = v.len().saturating_sub(4);
            v.drain(..excess);
        });
        let items = self.items;
        // Errors stay until dismissed: they carry what to do.
        if kind != ToastKind::Error {
            set_timeout(
                move || items.update(|v| v.retain(|t| t.id != id)),
                Duration::from_secs(TOAST_SECONDS),
            );
        }
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }

    pub fn items(&self) -> Vec<Toast> {
        self.items.get()
    }
}

#[component]
pub fn ToastRegion(toasts: Toasts, locale: RwSignal<Locale>) -> impl IntoView {
    view! {
        <section class="toasts" aria-label=t(locale, Key::Notifications)>
            <div role="status" aria-live="polite" class="toast-list">
                <For each=move || toasts.items() key=|t| t.id let(toast)>
                    <div class=toast.kind.class()>
                        <div class="toast-body">
                            <p class="toast-text">{toast.text.clone()}</p>
                            {toast.detail.clone().map(|d| view! { <p class="toast-detail">{d}</p> })}
                        </div>
                        <button
                            type="button"
                            class="toast-close"
                            aria-label=t(locale, Key::Dismiss)
                            on:click=move |_| toasts.dismiss(toast.id)
                        >
                            "×"
                        </button>
                    </div>
                </For>
            </div>
        </section>
    }
}
