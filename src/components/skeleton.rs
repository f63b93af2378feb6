//! `TableSkeleton`: grey placeholder rows while the first answers load.

use leptos::prelude::*;

#[component]
pub fn TableSkeleton(rows: usize, label: Signal<String>) -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">{move || label.get()}</span>
            {(0..rows)
                .map(|_| view! { <div class="skeleton-row" aria-hidden="true"></div> })
                .collect_view()}
        </div>
    }
}
