//! Lenient field readers for the providers' wire types: integers and
//! timestamps that arrive as numbers or strings, strings that arrive as
//! numbers, string maps with odd values, memory sizes with or without units.
//! Every reader turns what it cannot use into `None` instead of failing, as
//! the services themselves do. The `opt_*` functions serve serde's derives
//! (`deserialize_with`); the `read_*` functions make the same conversions
//! from a [`json::Reader`], for the types read without serde.

use crate::json::{self, Kind, Reader};
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
        Value::String(s) => int_text(s),
        _ => None,
    }
}

/// An integer written as a string (`"32"`, `" 1594887749962 "`, `"2.0"`).
fn int_text(s: &str) -> Option<i64> {
    let t = s.trim();
    t.parse::<i64>()
        .ok()
        .or_else(|| crate::num::parse_f64(t).and_then(integral))
}

/// A boolean written as a string: `"true"`/`"false"` (any case), `"1"`/`"0"`.
fn bool_text(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
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
        Value::String(s) => crate::num::parse_f64(s.trim()),
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
        Value::String(s) => bool_text(s),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        _ => None,
    }
}

/// A number's text as `serde_json`'s `as_i64` reads it: an integer within
/// `i64` written without fraction or exponent (`-0` is a float there).
fn exact_i64(text: &str) -> Option<i64> {
    if text.contains(['.', 'e', 'E']) {
        return None;
    }
    match text.parse::<u64>() {
        Ok(u) => i64::try_from(u).ok(),
        Err(_) => text.parse::<i64>().ok().filter(|i| *i < 0),
    }
}

/// [`int_of`] for a [`json::Value`].
pub fn int_of_json(value: &json::Value) -> Option<i64> {
    match value {
        json::Value::Number(n) => exact_i64(n)
            .or_else(|| {
                (!n.contains(['.', 'e', 'E']) && !n.starts_with('-'))
                    .then(|| n.parse::<u64>().ok().map(|_| i64::MAX))
                    .flatten()
            })
            .or_else(|| crate::num::parse_f64(n).and_then(integral)),
        json::Value::String(s) => int_text(s),
        _ => None,
    }
}

/// [`string_of`] for a [`json::Value`].
pub fn string_of_json(value: &json::Value) -> Option<String> {
    match value {
        json::Value::String(s) => Some(s.clone()),
        json::Value::Number(n) => json::number_text(n),
        json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// [`bool_of`] for a [`json::Value`].
pub fn bool_of_json(value: &json::Value) -> Option<bool> {
    match value {
        json::Value::Bool(b) => Some(*b),
        json::Value::String(s) => bool_text(s),
        json::Value::Number(n) => exact_i64(n).map(|i| i != 0),
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

/// One value as a field read as `Option<serde_json::Value>` holds it:
/// strings, numbers and booleans as such, `null` as `Null`. An array or
/// object is checked as a parsed value would be and is `Null` unless
/// `whole`, when it is read.
fn read_value(r: &mut Reader<'_>, whole: bool) -> Result<json::Value, json::Error> {
    match r.kind()? {
        Kind::Array | Kind::Object if !whole => r.raw_value().map(|_| json::Value::Null),
        _ => json::read_value(r),
    }
}

/// [`opt_i64`] from a reader.
pub fn read_i64(r: &mut Reader<'_>) -> Result<Option<i64>, json::Error> {
    Ok(int_of_json(&read_value(r, false)?))
}

/// [`opt_f64`] from a reader.
pub fn read_f64(r: &mut Reader<'_>) -> Result<Option<f64>, json::Error> {
    Ok(match read_value(r, false)? {
        json::Value::Number(n) | json::Value::String(n) => crate::num::parse_f64(n.trim()),
        _ => None,
    }
    .filter(|f| f.is_finite()))
}

/// [`opt_string`] from a reader.
pub fn read_string(r: &mut Reader<'_>) -> Result<Option<String>, json::Error> {
    Ok(string_of_json(&read_value(r, false)?))
}

/// [`opt_bool`] from a reader.
pub fn read_bool(r: &mut Reader<'_>) -> Result<Option<bool>, json::Error> {
    Ok(bool_of_json(&read_value(r, false)?))
}

/// [`opt_text`] from a reader.
pub fn read_text(r: &mut Reader<'_>) -> Result<Option<String>, json::Error> {
    Ok(match read_value(r, true)? {
        json::Value::Null => None,
        v @ (json::Value::Object(_) | json::Value::Array(_)) => Some(v.to_json()),
        other => string_of_json(&other),
    })
}

/// A string map read by the slim readers: pairs ordered by key, each key
/// once. (The serde wire types keep [`StringMap`]; this one costs the
/// first download no B-tree code.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    pub fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// From pairs in the order given: a key given twice keeps its last
    /// value, and a last value of `None` (JSON `null`) removes the key.
    pub fn from_entries(entries: Vec<(String, Option<String>)>) -> Pairs {
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        let keep = crate::order::last_of_each_key(&keys);
        let mut slots: Vec<Option<(String, Option<String>)>> =
            entries.into_iter().map(Some).collect();
        Pairs(
            keep.into_iter()
                .filter_map(|at| match slots[at].take() {
                    Some((k, Some(v))) => Some((k, v)),
                    _ => None,
                })
                .collect(),
        )
    }
}

impl std::ops::Index<&str> for Pairs {
    type Output = String;
    fn index(&self, key: &str) -> &String {
        self.get(key).expect("no such key")
    }
}

impl<'a> IntoIterator for &'a Pairs {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl IntoIterator for Pairs {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// [`opt_string_map`] from a reader (a key given twice keeps its last value).
pub fn read_string_map(r: &mut Reader<'_>) -> Result<Option<Pairs>, json::Error> {
    if r.kind()? != Kind::Object {
        read_value(r, false)?;
        return Ok(None);
    }
    let mut entries = Vec::new();
    r.object(&mut |key, r| {
        let text = match read_value(r, true)? {
            json::Value::Null => None,
            other => Some(string_of_json(&other).unwrap_or_else(|| other.to_json())),
        };
        entries.push((key.to_string(), text));
        Ok(())
    })?;
    Ok(Some(Pairs::from_entries(entries)))
}

/// [`opt_string_list`] from a reader.
pub fn read_string_list(r: &mut Reader<'_>) -> Result<Option<Vec<String>>, json::Error> {
    match r.kind()? {
        Kind::Array => {
            let mut list = Vec::new();
            r.array(&mut |r| {
                list.extend(string_of_json(&read_value(r, false)?));
                Ok(())
            })?;
            Ok(Some(list))
        }
        Kind::String => Ok(Some(vec![r.string()?])),
        _ => {
            read_value(r, false)?;
            Ok(None)
        }
    }
}

/// A field documented as a string: `Some` for a string, `None` for `null`
/// or a value of any other type (skipped).
pub fn read_plain_string(r: &mut Reader<'_>) -> Result<Option<String>, json::Error> {
    if r.kind()? == Kind::String {
        r.string().map(Some)
    } else {
        r.skip().map(|()| None)
    }
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
    let value = crate::num::parse_f64(number)?;
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

    /// Every field of this struct through serde's readers.
    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Fields {
        #[serde(default, deserialize_with = "opt_i64")]
        i: Option<i64>,
        #[serde(default, deserialize_with = "opt_f64")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "opt_string")]
        s: Option<String>,
        #[serde(default, deserialize_with = "opt_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_text")]
        t: Option<String>,
        #[serde(default, deserialize_with = "opt_string_map")]
        m: Option<StringMap>,
        #[serde(default, deserialize_with = "opt_string_list")]
        l: Option<Vec<String>>,
    }

    /// The same through the `read_*` readers.
    fn read_fields(r: &mut Reader<'_>) -> Result<Fields, json::Error> {
        let mut f = Fields::default();
        r.object(&mut |key, r| {
            match key {
                "i" => f.i = read_i64(r)?,
                "f" => f.f = read_f64(r)?,
                "s" => f.s = read_string(r)?,
                "b" => f.b = read_bool(r)?,
                "t" => f.t = read_text(r)?,
                "m" => f.m = read_string_map(r)?.map(|p| p.into_iter().collect()),
                "l" => f.l = read_string_list(r)?,
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(f)
    }

    /// JSON values of every kind and edge the readers meet, as text.
    const VALUES: &[&str] = &[
        "null",
        "true",
        "false",
        "0",
        "-0",
        "-1",
        "1.5",
        "2.0",
        "1e3",
        "-2.5E-1",
        "1e308",
        "18446744073709551615",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        r#""""#,
        r#"" 42 ""#,
        r#""1.5""#,
        r#""1e400""#,
        r#""TRUE""#,
        r#""0""#,
        r#""x""#,
        r#""\u00e9\ud83d\ude00""#,
        "[]",
        r#"[1, "a", null, true, [2], {"x": 1}, 2.50]"#,
        "{}",
        r#"{"b": 1, "a": "x", "n": null, "o": {"z": [1.0, "\u00e9"]}, "a": "y", "f": 1E2}"#,
        r#"{"k": "v", "k": null}"#,
        "9223372036854775807",
        r#""1""#,
        r#""\u00e9""#,
        "[1]",
        r#"{"a":1}"#,
    ];

    #[test]
    fn readers_convert_as_the_serde_readers_do() {
        for value in VALUES {
            let text = ["i", "f", "s", "b", "t", "m", "l"]
                .map(|key| format!(r#""{key}": {value}"#))
                .join(", ");
            let text = format!("{{{text}}}");
            let serde: Fields = serde_json::from_str(&text).unwrap();
            assert_eq!(json::parse(&text, read_fields), Ok(serde), "{value}");
        }
        // Where serde's readers fail, these fail too.
        for value in ["1e400", r#""\ud800""#, r#"["\udc00"]"#, r#"{"a": -1e999}"#] {
            let text = format!(r#"{{"s": {value}}}"#);
            assert!(serde_json::from_str::<Fields>(&text).is_err(), "{value}");
            assert!(json::parse(&text, read_fields).is_err(), "{value}");
        }
    }

    #[test]
    fn tree_readers_convert_as_the_value_readers_do() {
        for value in VALUES
            .iter()
            .copied()
            .filter(|v| json::parse_value(v).is_ok())
        {
            let ours = json::parse_value(value).unwrap();
            let theirs: Value = serde_json::from_str(value).unwrap();
            assert_eq!(int_of_json(&ours), int_of(&theirs), "{value}");
            assert_eq!(string_of_json(&ours), string_of(&theirs), "{value}");
            assert_eq!(bool_of_json(&ours), bool_of(&theirs), "{value}");
        }
    }

    #[test]
    fn plain_strings_take_strings_only() {
        let plain = |text: &str| json::parse(text, read_plain_string);
        assert_eq!(plain(r#""a\tb""#), Ok(Some("a\tb".into())));
        assert_eq!(plain("null"), Ok(None));
        assert_eq!(plain("12"), Ok(None));
        assert_eq!(plain(r#"{"a": ["\ud800"]}"#), Ok(None));
        assert!(plain(r#""\ud800""#).is_err());
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
