//! Languages: the typed zh-CN / en message catalog ([`Key`]), the current
//! [`Locale`], and locale-aware formatting of numbers, dates and durations.

mod catalog;
pub mod format;

pub use catalog::Key;

/// A language the console speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    ZhCn,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhCn => "简体中文",
        }
    }

    /// Best match for a browser language tag (`zh`, `zh-Hans-CN`, `en-GB` …).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let lower = tag.trim().to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Locale::ZhCn)
        } else if lower.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// The first supported language in the browser's preference list.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(Locale::from_tag)
            .unwrap_or(Locale::En)
    }
}

/// The text of `key` in `locale`.
pub fn tr(locale: Locale, key: Key) -> &'static str {
    key.text(locale)
}

/// The text of `key`, following the language as it changes. Every
/// translated text in a view is this one closure type, so its rendering code
/// is compiled once; a closure written at each call site would bring its own.
pub fn t(
    locale: leptos::prelude::RwSignal<Locale>,
    key: Key,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    use leptos::prelude::Get;
    move || tr(locale.get(), key)
}

/// `tr` with `{name}` placeholders filled in.
pub fn trf(locale: Locale, key: Key, args: &[(&str, &str)]) -> String {
    let mut s = tr(locale, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// The message for a core validation failure, placeholders filled in.
pub fn validation_message(locale: Locale, error: &devenv_core::FieldError) -> String {
    let has = |name: &str| error.param(name).is_some_and(|v| !v.is_empty());
    let key = match error.key.as_str() {
        "validation.bad_chars" if has("allowed") => Key::ValidationAllowedChars,
        "validation.range" if !has("max") => Key::ValidationAtLeast,
        "validation.required" => Key::ValidationRequired,
        "validation.too_long" => Key::ValidationTooLong,
        "validation.bad_chars" => Key::ValidationBadChars,
        "validation.pattern" => Key::ValidationPattern,
        "validation.range" => Key::ValidationRange,
        "validation.integer" => Key::ValidationInteger,
        "validation.number" => Key::ValidationNumber,
        "validation.not_negative" => Key::ValidationNotNegative,
        "validation.obs_trailing_slash" => Key::ValidationObsTrailingSlash,
        "validation.obs_bucket_root" => Key::ValidationObsBucketRoot,
        "validation.one_of" => Key::ValidationOneOf,
        "validation.duplicate" => Key::ValidationDuplicate,
        _ => Key::ValidationInvalid,
    };
    // Characters are quoted so that a space or a quote mark can be seen.
    let quoted: Vec<(String, String)> = error
        .params
        .iter()
        .map(|(k, v)| {
            let v = if k == "chars" {
                v.chars()
                    .map(|c| format!("“{c}”"))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    let args: Vec<(&str, &str)> = quoted
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let text = trf(locale, key, &args);
    // A placeholder the rule did not fill reads better as nothing.
    text.replace(" {unit}", "").replace("{unit}", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages_fill_their_placeholders() {
        let e = devenv_core::FieldError::new("spec.auto_stop.duration", "validation.range")
            .with("min", 1)
            .with("max", 24)
            .with("unit", "h");
        assert_eq!(
            validation_message(Locale::En, &e),
            "Must be from 1 to 24 h."
        );
        assert_eq!(validation_message(Locale::ZhCn, &e), "取值范围为 1–24 h。");
        let e = devenv_core::FieldError::new("name", "validation.too_long").with("max", 64);
        assert_eq!(validation_message(Locale::En, &e), "At most 64 characters.");
        let e = devenv_core::FieldError::new("name", "validation.bad_chars")
            .with("chars", " !")
            .with("allowed", "A-Z a-z 0-9 - _");
        assert_eq!(
            validation_message(Locale::En, &e),
            "Use only A-Z a-z 0-9 - _ (not “ ” “!”)."
        );
        let e = devenv_core::FieldError::new("cpuNumber", "validation.range")
            .with("min", 1)
            .with("max", "")
            .with("unit", "");
        assert_eq!(validation_message(Locale::En, &e), "Must be at least 1.");
        let e = devenv_core::FieldError::new("x", "validation.something_new");
        assert_eq!(
            validation_message(Locale::En, &e),
            "This value is not accepted."
        );
    }

    #[test]
    fn negotiation_prefers_the_first_supported_language() {
        assert_eq!(Locale::negotiate(["fr-FR", "zh-TW", "en"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(["de", "en-GB"]), Locale::En);
        assert_eq!(Locale::negotiate([]), Locale::En);
    }

    #[test]
    fn every_key_has_both_languages() {
        for key in Key::ALL {
            assert!(!key.text(Locale::En).is_empty(), "{key:?} en");
            assert!(!key.text(Locale::ZhCn).is_empty(), "{key:?} zh");
        }
    }

    #[test]
    fn each_key_reads_its_own_string() {
        // The tables are split from one text: a string holding the separator
        // would shift every later key.
        assert_eq!(Key::AppName.text(Locale::En), "DevEnv Console");
        assert_eq!(Key::AppName.text(Locale::ZhCn), "DevEnv 控制台");
        let last = *Key::ALL.last().unwrap();
        assert_ne!(last.text(Locale::En), "");
        for key in Key::ALL {
            for locale in [Locale::En, Locale::ZhCn] {
                assert!(!key.text(locale).contains('\u{1}'), "{key:?}");
            }
        }
        assert_eq!(Key::ShowingRange.text(Locale::En), "{from}–{to} of {total}");
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            trf(
                Locale::En,
                Key::ShowingRange,
                &[("from", "1"), ("to", "50"), ("total", "120")]
            ),
            "1–50 of 120"
        );
    }
}
