//! The instance list's "Columns" popover: a toggle button per optional
//! column of the instance table and one for compact rows. The buttons are
//! the state: the style sheet hides the column of a button not pressed and
//! tightens the rows while "Compact rows" is (`:has()`), and each press is
//! remembered in `localStorage` and pressed again on the next visit. Name,
//! status and actions always show; narrow widths hide more columns by
//! themselves.

use crate::app::{store_value, stored, use_app};
use crate::i18n::{t, Key};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The columns the user hid, comma-separated names.
const HIDDEN_KEY: &str = "devenv.columns.hidden";
/// `compact` or `comfortable`.
const DENSITY_KEY: &str = "devenv.density";
/// The value of the "Compact rows" option.
const COMPACT: &str = "compact";

/// An optional column of the instance table, in the order it shows: its name
/// (in storage and in its cells' `col-…` class) and its heading.
const COLUMNS: [(&str, Key); 6] = [
    ("endpoint", Key::ColEndpoint),
    ("hardware", Key::ColHardware),
    ("flavor", Key::ColFlavor),
    ("image", Key::ColImage),
    ("created", Key::ColCreated),
    ("auto-stop", Key::ColAutoStop),
];

/// Flips the option the user pressed and remembers the choice.
fn toggle(ev: web_sys::MouseEvent) {
    let Some(option) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("[aria-pressed]").ok().flatten())
    else {
        return;
    };
    let pressed = option.get_attribute("aria-pressed").as_deref() != Some("true");
    let _ = option.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
    let value = option.get_attribute("value").unwrap_or_default();
    if value == COMPACT {
        store_value(DENSITY_KEY, if pressed { COMPACT } else { "comfortable" });
        return;
    }
    let hidden = stored(HIDDEN_KEY).unwrap_or_default();
    let mut names: Vec<&str> = hidden
        .split(',')
        .filter(|n| !n.is_empty() && *n != value)
        .collect();
    if !pressed {
        names.push(&value);
    }
    store_value(HIDDEN_KEY, &names.join(","));
}

/// One toggle button (one view for all of them, so the wasm holds its
/// rendering code once).
fn option(value: &'static str, label: Key, pressed: bool) -> impl IntoView {
    let locale = use_app().locale;
    view! {
        <button type="button" class="chooser-option" value=value aria-pressed=if pressed { "true" } else { "false" }>
            {t(locale, label)}
        </button>
    }
}

/// The "Columns" button and its popover, pressed as the user left them.
pub fn column_chooser() -> impl IntoView {
    let locale = use_app().locale;
    let hidden = stored(HIDDEN_KEY).unwrap_or_default();
    let compact = stored(DENSITY_KEY).as_deref() == Some(COMPACT);
    view! {
        <button type="button" class="button column-chooser-toggle" popovertarget="column-chooser">
            {t(locale, Key::Columns)}
        </button>
        <div id="column-chooser" class="column-chooser" popover="auto" on:click=toggle>
            <fieldset>
                <legend>{t(locale, Key::ColumnsShown)}</legend>
                {COLUMNS
                    .map(|(name, label)| option(name, label, !hidden.split(',').any(|n| n == name)))
                    .collect_view()}
            </fieldset>
            {option(COMPACT, Key::DensityCompact, compact)}
            <p class="field-hint">{t(locale, Key::ColumnsNote)}</p>
        </div>
    }
}
