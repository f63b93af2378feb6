//! Lenient field readers for the providers' wire types: integers and
//! timestamps that arrive as numbers or strings, strings that arrive as
//! numbers, string maps with odd values, memory sizes with or without units.
//! Every reader turns what it cannot use into `None` instead of failing, as
//! the services themselves do.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// A string-to-string map as the documents print them (`Map<String,String>`).
pub type StringMap = BTreeMap<String, String>;

/// An integer from a JSON number or a string of digits (`"1594887749962"`, `"32"`).
pub fn int_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
            .or_else(|| n.as_f64().and_then(integral)),
        Value::String(s) => {
            let t = s.trim();
            t.parse::<i64>()
                .ok()
                .or_else(|| t.parse::<f64>().ok().and_then(integral))
        }
        _ => None,
    }
}

fn integral(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e18).then_some(f as i64)
}

/// A number from a JSON number or a numeric string (`"0.5"`, `"32"`).
pub fn float_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

/// A string from a JSON string, number or boolean.
pub fn string_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A boolean from `true`/`false`, `"true"`/`"false"` or `1`/`0`.
pub fn bool_of(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        _ => None,
    }
}

/// `Option<i64>` from a number or a string of digits; anything else is `None`.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.as_ref().and_then(int_of))
}

/// `Option<f64>` from a number or a numeric string; anything else is `None`.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.as_ref().and_then(float_of))
}

/// `Option<String>` from a string, number or boolean; anything else is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?
        .as_ref()
        .and_then(string_of))
}

/// `Option<String>` from a string, number or boolean, or the JSON text of an
/// object or array (PAI-DSW dataset `Options` is documented as a string that
/// holds JSON, and may come as the object itself).
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.and_then(|v| match v {
        Value::Null => None,
        Value::Object(_) | Value::Array(_) => Some(v.to_string()),
        other => string_of(&other),
    }))
}

/// `Option<bool>` from a boolean, `"true"`/`"false"` or `1`/`0`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.as_ref().and_then(bool_of))
}

/// A `Map<String,String>`: values that are not strings are kept as their JSON
/// text; a value that is not an object is `None`.
pub fn opt_string_map<'de, D: Deserializer<'de>>(d: D) -> Result<Option<StringMap>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Object(map)) => Some(
            map.into_iter()
                .filter_map(|(k, v)| match v {
                    Value::Null => None,
                    other => Some((k, string_of(&other).unwrap_or_else(|| other.to_string()))),
                })
                .collect(),
        ),
        _ => None,
    })
}

/// A list of strings; a lone string becomes a one-element list, entries that
/// are not strings are dropped.
pub fn opt_string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Array(items)) => Some(items.iter().filter_map(string_of).collect()),
        Some(Value::String(s)) => Some(vec![s]),
        _ => None,
    })
}

/// `Some(s)` for a string with something other than whitespace in it.
pub fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// MiB in a memory size such as `64GiB`, `8Gi`, `96GiB`, `512MiB`, `30.0G`;
/// a bare number is read in `bare_unit_mib` MiB per unit.
pub fn memory_mib(text: &str, bare_unit_mib: f64) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let value: f64 = number.parse().ok()?;
    let per_unit = match unit.trim().to_ascii_lowercase().as_str() {
        "" => bare_unit_mib,
        "k" | "ki" | "kib" | "kb" => 1.0 / 1024.0,
        "m" | "mi" | "mib" | "mb" => 1.0,
        "g" | "gi" | "gib" | "gb" => 1024.0,
        "t" | "ti" | "tib" | "tb" => 1024.0 * 1024.0,
        _ => return None,
    };
    let mib = value * per_unit;
    (0.0..1.0e15).contains(&mib).then(|| mib.round() as u64)
}

/// `30 GiB` for 30720, `512 MiB` for 512.
pub fn format_mib(mib: u64) -> String {
    if mib >= 1024 && (mib / 1024) * 1024 == mib {
        format!("{} GiB", mib / 1024)
    } else {
        format!("{mib} MiB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_strings() {
        assert_eq!(int_of(&json!("1594887749962")), Some(1_594_887_749_962));
        assert_eq!(int_of(&json!(1594891408723_i64)), Some(1_594_891_408_723));
        assert_eq!(int_of(&json!("--")), None);
        assert_eq!(int_of(&json!(2.0)), Some(2));
        assert_eq!(float_of(&json!("0.5")), Some(0.5));
        assert_eq!(string_of(&json!(1)), Some("1".into()));
    }

    #[test]
    fn memory_sizes() {
        assert_eq!(memory_mib("64GiB", 1.0), Some(65536));
        assert_eq!(memory_mib("8Gi", 1.0), Some(8192));
        assert_eq!(memory_mib("32", 1024.0), Some(32768));
        assert_eq!(memory_mib("30.0G", 1.0), Some(30720));
        assert_eq!(memory_mib("lots", 1.0), None);
        assert_eq!(format_mib(30720), "30 GiB");
        assert_eq!(format_mib(1000), "1000 MiB");
    }
}
