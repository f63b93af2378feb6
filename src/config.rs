//! Runtime configuration: `config.json` beside `index.html`, parsed and
//! validated here (pure, natively tested) and loaded by the app at start.

use devenv_core::json::{self, Kind, Reader};
use devenv_core::{EndpointCtx, ProviderKind};

/// The file the console reads its configuration from, relative to the document base.
pub const CONFIG_FILE: &str = "config.json";

/// What went wrong with `config.json`, in words a deployer can act on.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The URL or name of the file.
    pub file: String,
    pub message: String,
}

/// `credentials` passed to fetch for an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Credentials {
    Omit,
    #[default]
    SameOrigin,
    Include,
}

/// One provider endpoint the console talks to.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub id: String,
    pub provider: ProviderKind,
    pub label: String,
    /// As written in the file: relative (to the document base) or absolute.
    pub base_url: String,
    pub project_id: Option<String>,
    pub workspace_id: Option<String>,
    pub headers: Vec<(String, String)>,
    pub credentials: Credentials,
    pub timeout_seconds: u32,
    /// Create-form catalogs where the provider has no listing call.
    pub flavors: Vec<String>,
    pub profiles: Vec<String>,
    pub images: Vec<String>,
    pub resource_groups: Vec<String>,
}

impl Endpoint {
    /// What core's request builders need to know.
    pub fn ctx(&self) -> EndpointCtx {
        EndpointCtx {
            endpoint_id: self.id.clone(),
            project_id: self.project_id.clone(),
            workspace_id: self.workspace_id.clone(),
        }
    }
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub title: String,
    pub refresh_seconds: u32,
    /// How long an instance may stay in a moving status (creating,
    /// starting, queued …) before the list marks it and its detail page
    /// says it is stuck (`stuck_after_minutes`, in milliseconds).
    pub stuck_after_ms: i64,
    pub endpoints: Vec<Endpoint>,
    /// Origins an embedding parent may have (`embed.allowed_origins`).
    pub embed_allowed_origins: Vec<String>,
}

impl Config {
    pub fn endpoint(&self, id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.id == id)
    }
}

/// `config.json` as written, before validation.
#[derive(Default)]
struct RawConfig {
    title: Option<String>,
    refresh_seconds: Option<f64>,
    request_timeout_seconds: Option<f64>,
    stuck_after_minutes: Option<f64>,
    endpoints: Option<Vec<RawEndpoint>>,
    /// `embed.allowed_origins`; `None` without `embed`.
    embed_allowed_origins: Option<Vec<String>>,
}

#[derive(Default)]
struct RawEndpoint {
    id: Option<String>,
    provider: Option<String>,
    label: Option<String>,
    base_url: Option<String>,
    project_id: Option<String>,
    workspace_id: Option<String>,
    headers: Vec<(String, String)>,
    credentials: Option<String>,
    timeout_seconds: Option<f64>,
    flavors: Vec<String>,
    profiles: Vec<String>,
    images: Vec<String>,
    resource_groups: Vec<String>,
}

/// What a member's value must be; the messages a wrong type gets.
const NOT_OBJECT: &str = "must be an object";
const NOT_STRING: &str = "must be a string";
const NOT_NUMBER: &str = "must be a number";
const NOT_LIST: &str = "must be a list";
const NOT_STRING_LIST: &str = "must be a list of strings";
const NOT_STRING_MAP: &str = "must be an object whose values are strings";
const TWICE: &str = "is given twice";
const TYPE_ERRORS: [&str; 8] = [
    NOT_OBJECT,
    NOT_STRING,
    NOT_NUMBER,
    NOT_LIST,
    NOT_STRING_LIST,
    NOT_STRING_MAP,
    TWICE,
    "number out of range",
];

fn wrong(r: &Reader<'_>, message: &'static str) -> json::Error {
    json::Error {
        offset: r.offset(),
        message,
    }
}

/// `text` in double quotes, escaped as JSON escapes it.
fn quoted(text: &str) -> String {
    let mut out = String::new();
    json::write_string(&mut out, text);
    out
}

/// `None` for `null`, else the value must be a string.
fn opt_string(r: &mut Reader<'_>) -> Result<Option<String>, json::Error> {
    match r.kind()? {
        Kind::Null => r.null().map(|()| None),
        Kind::String => r.string().map(Some),
        _ => Err(wrong(r, NOT_STRING)),
    }
}

/// `None` for `null`, else the value must be a number within `f64`.
fn opt_number(r: &mut Reader<'_>) -> Result<Option<f64>, json::Error> {
    match r.kind()? {
        Kind::Null => r.null().map(|()| None),
        Kind::Number => {
            let at = r.offset();
            match devenv_core::num::parse_f64(r.number()?) {
                Some(v) if v.is_finite() => Ok(Some(v)),
                _ => Err(json::Error {
                    offset: at,
                    message: "number out of range",
                }),
            }
        }
        _ => Err(wrong(r, NOT_NUMBER)),
    }
}

/// A list of strings (not `null`).
fn string_list(r: &mut Reader<'_>) -> Result<Vec<String>, json::Error> {
    if r.kind()? != Kind::Array {
        return Err(wrong(r, NOT_STRING_LIST));
    }
    let mut list = Vec::new();
    r.array(&mut |r| {
        if r.kind()? != Kind::String {
            return Err(wrong(r, NOT_STRING_LIST));
        }
        list.push(r.string()?);
        Ok(())
    })?;
    Ok(list)
}

/// An object of strings (not `null`); a name given twice keeps its last value.
/// The pairs come ordered by name.
fn string_map(r: &mut Reader<'_>) -> Result<Vec<(String, String)>, json::Error> {
    if r.kind()? != Kind::Object {
        return Err(wrong(r, NOT_STRING_MAP));
    }
    let mut entries = Vec::new();
    r.object(&mut |key, r| {
        if r.kind()? != Kind::String {
            return Err(wrong(r, NOT_STRING_MAP));
        }
        entries.push((key.to_string(), Some(r.string()?)));
        Ok(())
    })?;
    Ok(devenv_core::providers::lenient::Pairs::from_entries(entries).0)
}

/// `None` for `null`, what `read` makes of a value of `kind`, else `message`.
fn nullable<T>(
    r: &mut Reader<'_>,
    kind: Kind,
    message: &'static str,
    read: impl FnOnce(&mut Reader<'_>) -> Result<T, json::Error>,
) -> Result<Option<T>, json::Error> {
    match r.kind()? {
        Kind::Null => r.null().map(|()| None),
        k if k == kind => read(r).map(Some),
        _ => Err(wrong(r, message)),
    }
}

/// Marks member `index` of an object as read; an error the second time.
fn once(seen: &mut u32, index: u32, r: &Reader<'_>) -> Result<(), json::Error> {
    if *seen & (1 << index) != 0 {
        return Err(wrong(r, TWICE));
    }
    *seen |= 1 << index;
    Ok(())
}

/// Reads the whole text; `path` names the member being read when it fails.
/// Members the console does not know are skipped.
fn read_raw(text: &str, path: &mut String) -> Result<RawConfig, json::Error> {
    let mut raw = RawConfig::default();
    let mut reader = Reader::new(text);
    let mut seen = 0;
    reader.object(&mut |key, r| {
        path.clear();
        path.push_str(key);
        match key {
            "title" => {
                once(&mut seen, 0, r)?;
                raw.title = opt_string(r)?;
            }
            "refresh_seconds" => {
                once(&mut seen, 1, r)?;
                raw.refresh_seconds = opt_number(r)?;
            }
            "request_timeout_seconds" => {
                once(&mut seen, 2, r)?;
                raw.request_timeout_seconds = opt_number(r)?;
            }
            "endpoints" => {
                once(&mut seen, 3, r)?;
                raw.endpoints = nullable(r, Kind::Array, NOT_LIST, |r| read_endpoints(r, path))?;
            }
            "stuck_after_minutes" => {
                once(&mut seen, 5, r)?;
                raw.stuck_after_minutes = opt_number(r)?;
            }
            "embed" => {
                once(&mut seen, 4, r)?;
                raw.embed_allowed_origins =
                    nullable(r, Kind::Object, NOT_OBJECT, |r| read_embed(r, path))?;
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    reader.end()?;
    Ok(raw)
}

fn read_embed(r: &mut Reader<'_>, path: &mut String) -> Result<Vec<String>, json::Error> {
    let mut origins = Vec::new();
    let mut seen = 0;
    r.object(&mut |key, r| {
        path.clear();
        path.push_str("embed.");
        path.push_str(key);
        if key == "allowed_origins" {
            once(&mut seen, 0, r)?;
            origins = string_list(r)?;
        } else {
            r.skip()?;
        }
        Ok(())
    })?;
    Ok(origins)
}

fn read_endpoints(r: &mut Reader<'_>, path: &mut String) -> Result<Vec<RawEndpoint>, json::Error> {
    let mut endpoints = Vec::new();
    r.array(&mut |r| {
        path.clear();
        path.push_str(&format!("endpoints[{}]", endpoints.len()));
        if r.kind()? != Kind::Object {
            return Err(wrong(r, NOT_OBJECT));
        }
        let at = endpoints.len();
        let mut e = RawEndpoint::default();
        let mut seen = 0;
        r.object(&mut |key, r| {
            path.clear();
            path.push_str(&format!("endpoints[{at}].{key}"));
            let index = match key {
                "id" => 0,
                "provider" => 1,
                "label" => 2,
                "base_url" => 3,
                "project_id" => 4,
                "workspace_id" => 5,
                "headers" => 6,
                "credentials" => 7,
                "timeout_seconds" => 8,
                "flavors" => 9,
                "profiles" => 10,
                "images" => 11,
                "resource_groups" => 12,
                _ => return r.skip(),
            };
            once(&mut seen, index, r)?;
            match index {
                0 => e.id = opt_string(r)?,
                1 => e.provider = opt_string(r)?,
                2 => e.label = opt_string(r)?,
                3 => e.base_url = opt_string(r)?,
                4 => e.project_id = opt_string(r)?,
                5 => e.workspace_id = opt_string(r)?,
                6 => e.headers = string_map(r)?,
                7 => e.credentials = opt_string(r)?,
                8 => e.timeout_seconds = opt_number(r)?,
                9 => e.flavors = string_list(r)?,
                10 => e.profiles = string_list(r)?,
                11 => e.images = string_list(r)?,
                _ => e.resource_groups = string_list(r)?,
            }
            Ok(())
        })?;
        endpoints.push(e);
        Ok(())
    })?;
    Ok(endpoints)
}

const DEFAULT_REFRESH_SECONDS: u32 = 30;
const DEFAULT_TIMEOUT_SECONDS: u32 = 15;
const DEFAULT_STUCK_AFTER_MINUTES: u32 = 15;

/// `stuck_after_minutes`: a whole number of minutes from 1 to 1440 (a day).
fn minutes(value: Option<f64>, default: u32, field: &str) -> Result<u32, String> {
    match value {
        None => Ok(default),
        Some(v) if v.fract() == 0.0 && (1.0..=1440.0).contains(&v) => Ok(v as u32),
        Some(v) => Err(format!(
            "`{field}` must be a whole number of minutes from 1 to 1440, not {}",
            devenv_core::num::decimal(v, 3)
        )),
    }
}

fn seconds(value: Option<f64>, default: u32, min: u32, field: &str) -> Result<u32, String> {
    match value {
        None => Ok(default),
        Some(v) if v.is_finite() && v >= min as f64 && v <= 86_400.0 => Ok(v as u32),
        Some(v) => Err(format!(
            "`{field}` must be a number of seconds from {min} to 86400, not {}",
            devenv_core::num::decimal(v, 3)
        )),
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// Parses and validates the text of `config.json`.
pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
    let fail = |message: String| ConfigError {
        file: file.to_string(),
        message,
    };
    let mut path = String::new();
    let raw = read_raw(text, &mut path).map_err(|e| {
        if TYPE_ERRORS.contains(&e.message) && !path.is_empty() {
            fail(format!(
                "it is not valid configuration JSON: `{path}` {} (at byte {})",
                e.message, e.offset
            ))
        } else {
            fail(format!("it is not valid configuration JSON: {e}"))
        }
    })?;
    let refresh_seconds = seconds(
        raw.refresh_seconds,
        DEFAULT_REFRESH_SECONDS,
        5,
        "refresh_seconds",
    )
    .map_err(fail)?;
    let default_timeout = seconds(
        raw.request_timeout_seconds,
        DEFAULT_TIMEOUT_SECONDS,
        1,
        "request_timeout_seconds",
    )
    .map_err(fail)?;
    let stuck_after_minutes = minutes(
        raw.stuck_after_minutes,
        DEFAULT_STUCK_AFTER_MINUTES,
        "stuck_after_minutes",
    )
    .map_err(fail)?;
    let raw_endpoints = raw.endpoints.ok_or_else(|| {
        fail("`endpoints` is missing: list at least one provider endpoint".into())
    })?;
    if raw_endpoints.is_empty() {
        return Err(fail(
            "`endpoints` is empty: list at least one provider endpoint".into(),
        ));
    }
    let mut endpoints: Vec<Endpoint> = Vec::with_capacity(raw_endpoints.len());
    for (i, e) in raw_endpoints.into_iter().enumerate() {
        let at = |field: &str| format!("endpoints[{i}].{field}");
        let id = e.id.unwrap_or_default();
        if !valid_id(&id) {
            return Err(fail(format!(
                "`{}` must be 1–64 letters, digits, `-`, `_` or `.`, not {}",
                at("id"),
                quoted(&id)
            )));
        }
        if endpoints.iter().any(|other| other.id == id) {
            return Err(fail(format!(
                "`{}` {} is used twice",
                at("id"),
                quoted(&id)
            )));
        }
        let provider_text = e.provider.unwrap_or_default();
        let provider = ProviderKind::parse(&provider_text).ok_or_else(|| {
            fail(format!(
                "`{}` must be one of \"modelarts\", \"pai-dsw\", \"scnet\", not {}",
                at("provider"),
                quoted(&provider_text)
            ))
        })?;
        let base_url = e.base_url.unwrap_or_default().trim().to_string();
        if base_url.is_empty() {
            return Err(fail(format!(
                "`{}` is missing: the gateway URL for this endpoint, e.g. \"proxy/{}\"",
                at("base_url"),
                provider.as_str()
            )));
        }
        if provider == ProviderKind::ModelArts
            && e.project_id.as_deref().is_none_or(|p| p.trim().is_empty())
        {
            return Err(fail(format!(
                "`{}` is required for a ModelArts endpoint",
                at("project_id")
            )));
        }
        let credentials = match e.credentials.as_deref() {
            None | Some("same-origin") => Credentials::SameOrigin,
            Some("omit") => Credentials::Omit,
            Some("include") => Credentials::Include,
            Some(other) => {
                return Err(fail(format!(
                    "`{}` must be \"omit\", \"same-origin\" or \"include\", not \"{other}\"",
                    at("credentials")
                )))
            }
        };
        let timeout_seconds = seconds(
            e.timeout_seconds,
            default_timeout,
            1,
            &at("timeout_seconds"),
        )
        .map_err(fail)?;
        endpoints.push(Endpoint {
            label: e
                .label
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| id.clone()),
            id,
            provider,
            base_url,
            project_id: e.project_id,
            workspace_id: e.workspace_id,
            headers: e.headers,
            credentials,
            timeout_seconds,
            flavors: e.flavors,
            profiles: e.profiles,
            images: e.images,
            resource_groups: e.resource_groups,
        });
    }
    Ok(Config {
        title: raw
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "DevEnv Console".to_string()),
        refresh_seconds,
        stuck_after_ms: i64::from(stuck_after_minutes) * 60_000,
        endpoints,
        embed_allowed_origins: raw.embed_allowed_origins.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../public/config.json");

    #[test]
    fn shipped_config_is_valid() {
        let c = parse("config.json", SHIPPED).expect("public/config.json parses");
        assert_eq!(c.endpoints.len(), 3);
        assert_eq!(c.endpoints[0].provider, ProviderKind::ModelArts);
        assert_eq!(c.endpoints[1].provider, ProviderKind::PaiDsw);
        assert_eq!(c.endpoints[2].provider, ProviderKind::Scnet);
        assert_eq!(c.refresh_seconds, 30);
        assert_eq!(c.endpoints[0].timeout_seconds, 15);
    }

    fn err(text: &str) -> String {
        parse("config.json", text).unwrap_err().message
    }

    #[test]
    fn stuck_after_minutes_is_a_whole_number_of_minutes_up_to_a_day() {
        let with = |v: &str| {
            format!(
                r#"{{"stuck_after_minutes":{v},"endpoints":[{{"id":"a","provider":"scnet","base_url":"x"}}]}}"#
            )
        };
        let stuck_after = |v: &str| parse("config.json", &with(v)).map(|c| c.stuck_after_ms);
        // Unset or null: 15 minutes.
        assert_eq!(stuck_after("null"), Ok(15 * 60_000));
        assert_eq!(
            parse(
                "config.json",
                r#"{"endpoints":[{"id":"a","provider":"scnet","base_url":"x"}]}"#
            )
            .map(|c| c.stuck_after_ms),
            Ok(15 * 60_000)
        );
        assert_eq!(stuck_after("5"), Ok(5 * 60_000));
        assert_eq!(stuck_after("1440"), Ok(1440 * 60_000));
        for bad in ["0", "1441", "2.5", "-3"] {
            let message = stuck_after(bad).unwrap_err().message;
            assert_eq!(
                message,
                format!("`stuck_after_minutes` must be a whole number of minutes from 1 to 1440, not {bad}")
            );
        }
        assert!(stuck_after(r#""5""#)
            .unwrap_err()
            .message
            .contains("`stuck_after_minutes`"));
    }

    #[test]
    fn errors_name_the_field() {
        assert!(err("{").contains("not valid configuration JSON"));
        assert!(err("[]").contains("not valid configuration JSON"));
        assert!(err("{}").contains("`endpoints` is missing"));
        assert!(err(r#"{"endpoints":[]}"#).contains("`endpoints` is empty"));
        assert!(
            err(r#"{"endpoints":[{"id":"a","provider":"aws","base_url":"x"}]}"#)
                .contains("endpoints[0].provider")
        );
        assert!(err(r#"{"endpoints":[{"id":"a","provider":"scnet"}]}"#)
            .contains("endpoints[0].base_url"));
        assert!(
            err(r#"{"endpoints":[{"id":"a","provider":"modelarts","base_url":"x"}]}"#)
                .contains("endpoints[0].project_id")
        );
        assert!(err(
            r#"{"endpoints":[{"id":"a","provider":"scnet","base_url":"x"},{"id":"a","provider":"scnet","base_url":"y"}]}"#
        )
        .contains("used twice"));
        assert!(err(
            r#"{"refresh_seconds":1,"endpoints":[{"id":"a","provider":"scnet","base_url":"x"}]}"#
        )
        .contains("refresh_seconds"));
        assert!(err(
            r#"{"endpoints":[{"id":"a","provider":"scnet","base_url":"x","credentials":"all"}]}"#
        )
        .contains("endpoints[0].credentials"));
    }

    #[test]
    fn wrong_types_name_the_field() {
        let base = r#""id":"a","provider":"scnet","base_url":"x""#;
        let endpoint = |member: &str| err(&format!(r#"{{"endpoints":[{{{base},{member}}}]}}"#));
        for (member, field, what) in [
            (r#""label":true"#, "endpoints[0].label", "must be a string"),
            (
                r#""timeout_seconds":"5""#,
                "endpoints[0].timeout_seconds",
                "must be a number",
            ),
            (
                r#""timeout_seconds":1e400"#,
                "endpoints[0].timeout_seconds",
                "number out of range",
            ),
            (
                r#""headers":null"#,
                "endpoints[0].headers",
                "must be an object whose values are strings",
            ),
            (
                r#""headers":{"a":1}"#,
                "endpoints[0].headers",
                "must be an object whose values are strings",
            ),
            (
                r#""images":"x""#,
                "endpoints[0].images",
                "must be a list of strings",
            ),
            (
                r#""flavors":["a",null]"#,
                "endpoints[0].flavors",
                "must be a list of strings",
            ),
            (
                r#""profiles":null"#,
                "endpoints[0].profiles",
                "must be a list of strings",
            ),
            (r#""id":"b""#, "endpoints[0].id", "is given twice"),
        ] {
            let message = endpoint(member);
            assert!(
                message.starts_with("it is not valid configuration JSON: "),
                "{member}: {message}"
            );
            assert!(
                message.contains(&format!("`{field}` {what}")),
                "{member}: {message}"
            );
        }
        for (text, field, what) in [
            (r#"{"title":["x"]}"#, "title", "must be a string"),
            (
                r#"{"endpoints":[{"id":1}]}"#,
                "endpoints[0].id",
                "must be a string",
            ),
            (
                r#"{"refresh_seconds":"30"}"#,
                "refresh_seconds",
                "must be a number",
            ),
            (r#"{"endpoints":{}}"#, "endpoints", "must be a list"),
            (
                r#"{"endpoints":["a"]}"#,
                "endpoints[0]",
                "must be an object",
            ),
            (r#"{"embed":[]}"#, "embed", "must be an object"),
            (
                r#"{"embed":{"allowed_origins":[1]}}"#,
                "embed.allowed_origins",
                "must be a list of strings",
            ),
            (r#"{"title":"a","title":"b"}"#, "title", "is given twice"),
        ] {
            let message = err(text);
            assert!(
                message.contains(&format!("`{field}` {what}")),
                "{text}: {message}"
            );
        }
    }

    #[test]
    fn hostile_texts_are_config_errors() {
        let deep = format!(
            r#"{{"x":{}{}, "endpoints":[]}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        // An unknown member is skipped however deep it nests.
        assert!(err(&deep).contains("`endpoints` is empty"));
        let deep_known = format!(r#"{{"endpoints":{}}}"#, "[".repeat(200));
        assert!(err(&deep_known).contains("not valid configuration JSON"));
        for text in [
            "",
            "null",
            "[]",
            "\"x\"",
            r#"{"title":"a\qb"}"#,
            r#"{"title":"\ud800"}"#,
            r#"{"title":"a"} x"#,
            r#"{"title":"a",}"#,
            r#"{"endpoints":[{"id":"a\u00"}]}"#,
            "{\"title\":\"tab\there\"}",
            r#"{"endpoints":[{"id":"a","provider":"scnet","base_url":"x"}"#,
        ] {
            assert!(
                err(text).starts_with("it is not valid configuration JSON: "),
                "{text}"
            );
        }
        // Null is the same as leaving an optional member out.
        let c = parse(
            "config.json",
            r#"{"title":null,"refresh_seconds":null,"embed":null,"x":{"y":[1,"\ud800"]},
                "endpoints":[{"id":"s","provider":"scnet","base_url":"x","label":null,"extra":1}]}"#,
        )
        .unwrap();
        assert_eq!(c.title, "DevEnv Console");
        assert_eq!(c.refresh_seconds, 30);
        assert!(c.embed_allowed_origins.is_empty());
        assert_eq!(c.endpoints[0].label, "s");
    }

    #[test]
    fn every_member_is_read() {
        let c = parse(
            "config.json",
            r#"{"title":" T ","refresh_seconds":12.0,"request_timeout_seconds":7,
                "embed":{"allowed_origins":["https://a.example","https://b.example"],"other":true},
                "endpoints":[{"id":"m","provider":"modelarts","label":"M","base_url":" /gw/m ",
                  "project_id":"p","workspace_id":"w","headers":{"X-B":"2","X-A":"1","X-B":"3"},
                  "credentials":"omit","flavors":["f"],"profiles":["p1","p2"],"images":["i"],
                  "resource_groups":["g"]}]}"#,
        )
        .unwrap();
        assert_eq!(c.title, " T ");
        assert_eq!(c.refresh_seconds, 12);
        assert_eq!(
            c.embed_allowed_origins,
            ["https://a.example", "https://b.example"]
        );
        let e = &c.endpoints[0];
        assert_eq!(e.timeout_seconds, 7);
        assert_eq!(e.base_url, "/gw/m");
        assert_eq!(e.project_id.as_deref(), Some("p"));
        assert_eq!(e.workspace_id.as_deref(), Some("w"));
        assert_eq!(
            e.headers,
            [
                ("X-A".to_string(), "1".to_string()),
                ("X-B".into(), "3".into())
            ]
        );
        assert_eq!(e.credentials, Credentials::Omit);
        assert_eq!(
            (e.flavors.len(), e.profiles.len(), e.images.len()),
            (1, 2, 1)
        );
        assert_eq!(e.resource_groups, ["g"]);
    }

    #[test]
    fn defaults_apply() {
        let c = parse(
            "config.json",
            r#"{"endpoints":[{"id":"s","provider":"scnet","base_url":"https://gw.example.com/scnet","credentials":"include","timeout_seconds":5}]}"#,
        )
        .unwrap();
        assert_eq!(c.title, "DevEnv Console");
        assert_eq!(c.endpoints[0].label, "s");
        assert_eq!(c.endpoints[0].credentials, Credentials::Include);
        assert_eq!(c.endpoints[0].timeout_seconds, 5);
    }
}
