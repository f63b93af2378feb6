//! [`FieldError`]: one validation failure, naming the field by its path in the
//! provider's request body and a message key for translation.

use serde::{Deserialize, Serialize};

/// A rejected field value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's path in the provider's request body, e.g. `spec.storage.location.path`.
    pub field: String,
    /// Message key, e.g. `validation.too_long`.
    pub key: String,
    /// Values for the message's placeholders, e.g. `("max", "64")`.
    pub params: Vec<(String, String)>,
}

impl FieldError {
    pub fn new(field: &str, key: &str) -> Self {
        FieldError {
            field: field.to_string(),
            key: key.to_string(),
            params: Vec::new(),
        }
    }

    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.push((name.to_string(), value.to_string()));
        self
    }

    /// The value of one placeholder.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Rejects an empty (or whitespace-only) value: `validation.required`.
pub fn required(field: &str, value: &str) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        Err(FieldError::new(field, "validation.required"))
    } else {
        Ok(())
    }
}

/// Rejects more than `max` characters: `validation.too_long` (param `max`).
pub fn max_chars(field: &str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.chars().count() > max {
        Err(FieldError::new(field, "validation.too_long").with("max", max))
    } else {
        Ok(())
    }
}

/// Rejects characters outside `allowed`: `validation.bad_chars` (param
/// `chars`: the offending characters, each once; `allowed`: a description of
/// what is allowed).
pub fn allowed_chars(
    field: &str,
    value: &str,
    allowed: impl Fn(char) -> bool,
    allowed_text: &str,
) -> Result<(), FieldError> {
    let bad = distinct(value.chars().filter(|c| !allowed(*c)));
    if bad.is_empty() {
        Ok(())
    } else {
        Err(FieldError::new(field, "validation.bad_chars")
            .with("chars", bad)
            .with("allowed", allowed_text))
    }
}

/// Rejects any of the characters in `forbidden`: `validation.bad_chars`
/// (param `chars`: the offending characters, each once).
pub fn forbidden_chars(field: &str, value: &str, forbidden: &str) -> Result<(), FieldError> {
    let bad = distinct(value.chars().filter(|c| forbidden.contains(*c)));
    if bad.is_empty() {
        Ok(())
    } else {
        Err(FieldError::new(field, "validation.bad_chars").with("chars", bad))
    }
}

fn distinct(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for c in chars {
        if !out.contains(c) {
            out.push(c);
        }
    }
    out
}

/// A whole number typed by a user (surrounding spaces allowed):
/// `validation.integer` otherwise.
pub fn integer(field: &str, value: &str) -> Result<i64, FieldError> {
    let t = value.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(field, "validation.integer"));
    }
    t.parse::<i64>()
        .map_err(|_| FieldError::new(field, "validation.integer"))
}

/// A decimal number typed by a user (`0.5`, `1,5`): `validation.number` otherwise.
pub fn number(field: &str, value: &str) -> Result<f64, FieldError> {
    let t = value.trim().replace(',', ".");
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    match crate::num::parse_f64(&t) {
        Some(n) if ok && n.is_finite() => Ok(n),
        _ => Err(FieldError::new(field, "validation.number")),
    }
}

/// Rejects a negative value: `validation.not_negative`.
pub fn not_negative(field: &str, value: f64) -> Result<(), FieldError> {
    if value < 0.0 {
        Err(FieldError::new(field, "validation.not_negative"))
    } else {
        Ok(())
    }
}

/// Rejects a value outside `min..=max`: `validation.range` (params `min`,
/// `max`, `unit`; `max` is empty when there is no upper bound).
pub fn range<T: PartialOrd + ToString + Copy>(
    field: &str,
    value: T,
    min: T,
    max: Option<T>,
    unit: &str,
) -> Result<(), FieldError> {
    if value < min || max.is_some_and(|m| value > m) {
        Err(FieldError::new(field, "validation.range")
            .with("min", min.to_string())
            .with("max", max.map(|m| m.to_string()).unwrap_or_default())
            .with("unit", unit))
    } else {
        Ok(())
    }
}

/// Rejects a value that is not one of `options`: `validation.one_of` (param
/// `options`, comma-separated).
pub fn one_of(field: &str, value: &str, options: &[&str]) -> Result<(), FieldError> {
    if options.contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(field, "validation.one_of").with("options", options.join(", ")))
    }
}

/// Collects the errors of several independent field checks.
pub fn collect<const N: usize>(checks: [Result<(), FieldError>; N]) -> Vec<FieldError> {
    checks.into_iter().filter_map(Result::err).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(required("f", " ").is_err());
        assert!(max_chars("f", "äää", 3).is_ok());
        assert_eq!(
            forbidden_chars("f", "a&b&/", "&/")
                .unwrap_err()
                .param("chars"),
            Some("&/")
        );
        assert_eq!(integer("f", " 12 "), Ok(12));
        assert!(integer("f", "1.5").is_err());
        assert_eq!(number("f", "0,5"), Ok(0.5));
        assert!(number("f", "inf").is_err());
        assert!(range("f", 4, 5, Some(10), "GB").is_err());
        assert!(range("f", 11, 5, None, "").is_ok());
    }
}
