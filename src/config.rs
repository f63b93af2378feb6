//! Runtime configuration: `config.json` beside `index.html`, parsed and
//! validated here (pure, natively tested) and loaded by the app at start.

use devenv_core::{EndpointCtx, ProviderKind};
use serde::Deserialize;
use std::collections::BTreeMap;

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
    pub endpoints: Vec<Endpoint>,
    /// Origins an embedding parent may have (`embed.allowed_origins`).
    pub embed_allowed_origins: Vec<String>,
}

impl Config {
    pub fn endpoint(&self, id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.id == id)
    }
}

#[derive(Deserialize)]
struct RawConfig {
    title: Option<String>,
    refresh_seconds: Option<f64>,
    request_timeout_seconds: Option<f64>,
    endpoints: Option<Vec<RawEndpoint>>,
    #[serde(default)]
    embed: Option<RawEmbed>,
}

#[derive(Deserialize)]
struct RawEmbed {
    #[serde(default)]
    allowed_origins: Vec<String>,
}

#[derive(Deserialize)]
struct RawEndpoint {
    id: Option<String>,
    provider: Option<String>,
    label: Option<String>,
    base_url: Option<String>,
    project_id: Option<String>,
    workspace_id: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    credentials: Option<String>,
    timeout_seconds: Option<f64>,
    #[serde(default)]
    flavors: Vec<String>,
    #[serde(default)]
    profiles: Vec<String>,
    #[serde(default)]
    images: Vec<String>,
    #[serde(default)]
    resource_groups: Vec<String>,
}

const DEFAULT_REFRESH_SECONDS: u32 = 30;
const DEFAULT_TIMEOUT_SECONDS: u32 = 15;

fn seconds(value: Option<f64>, default: u32, min: u32, field: &str) -> Result<u32, String> {
    match value {
        None => Ok(default),
        Some(v) if v.is_finite() && v >= min as f64 && v <= 86_400.0 => Ok(v as u32),
        Some(v) => Err(format!(
            "`{field}` must be a number of seconds from {min} to 86400, not {v}"
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
    let raw: RawConfig = serde_json::from_str(text)
        .map_err(|e| fail(format!("it is not valid configuration JSON: {e}")))?;
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
                "`{}` must be 1–64 letters, digits, `-`, `_` or `.`, not {:?}",
                at("id"),
                id
            )));
        }
        if endpoints.iter().any(|other| other.id == id) {
            return Err(fail(format!("`{}` {:?} is used twice", at("id"), id)));
        }
        let provider_text = e.provider.unwrap_or_default();
        let provider = ProviderKind::parse(&provider_text).ok_or_else(|| {
            fail(format!(
                "`{}` must be one of \"modelarts\", \"pai-dsw\", \"scnet\", not {:?}",
                at("provider"),
                provider_text
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
                    "`{}` must be \"omit\", \"same-origin\" or \"include\", not {other:?}",
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
            headers: e.headers.into_iter().collect(),
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
        endpoints,
        embed_allowed_origins: raw.embed.map(|e| e.allowed_origins).unwrap_or_default(),
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
