//! Gateway configuration: the file format (TOML, or JSON for a `.json` path),
//! environment overrides, credential sources (`env:VAR` or `file:/path`,
//! never literal secrets and never anything from a request) and validation
//! into the typed [`GatewayConfig`] the server runs with.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use url::Url;

use crate::access::config::AccessFile;
use crate::access::AccessConfig;
use crate::audit::AuditTarget;
use crate::secret::Secret;
use crate::sign::acs3::AccessKeyCredentials;
use crate::sign::modelarts::AccessKeyPair;
use crate::sign::scnet::ScnetCredentials;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8081";
pub const DEFAULT_UPSTREAM_TIMEOUT_SECONDS: u64 = 30;
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
pub const DEFAULT_SCNET_TOKEN_TTL_SECONDS: u64 = 12 * 3600;
pub const DEFAULT_CLIENT_READ_TIMEOUT_SECONDS: u64 = 30;
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 256;
pub const DEFAULT_MAX_UPSTREAM_ANSWER_BYTES: usize = 16 * 1024 * 1024;
pub const DEFAULT_TOKEN_MIN_RENEWAL_SECONDS: u64 = 30;
/// `allowed_hosts` when unset: the loopback names, with any port.
pub const DEFAULT_ALLOWED_HOSTS: &[&str] = &["localhost", "127.0.0.1", "[::1]"];

/// Environment variables the gateway reads besides credential variables.
pub const ENV_CONFIG: &str = "DEVENV_GATEWAY_CONFIG";
pub const ENV_LISTEN: &str = "DEVENV_GATEWAY_LISTEN";
pub const ENV_STATIC_DIR: &str = "DEVENV_GATEWAY_STATIC_DIR";
pub const ENV_CORS_ALLOWED_ORIGINS: &str = "DEVENV_GATEWAY_CORS_ALLOWED_ORIGINS";

/// Why a configuration could not be loaded. Messages name files, fields and
/// variables, never a secret's value.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {reason}")]
    ReadFile { path: PathBuf, reason: String },
    #[error("configuration file is not valid {format}: {reason}")]
    Parse {
        format: &'static str,
        reason: String,
    },
    #[error("{field}: credential sources are `env:VARIABLE` or `file:/path`; literal secrets are not accepted")]
    LiteralCredential { field: String },
    #[error("{field}: environment variable {variable} is not set or empty")]
    MissingVariable { field: String, variable: String },
    #[error("{field}: cannot read credential file {path}: {reason}")]
    CredentialFile {
        field: String,
        path: PathBuf,
        reason: String,
    },
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
}

/// Which provider API an endpoint forwards to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Provider {
    #[serde(rename = "modelarts")]
    ModelArts,
    #[serde(rename = "pai-dsw")]
    PaiDsw,
    #[serde(rename = "scnet")]
    Scnet,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::ModelArts => "modelarts",
            Provider::PaiDsw => "pai-dsw",
            Provider::Scnet => "scnet",
        }
    }

    /// Path prefixes forwarded when the endpoint names none.
    pub fn default_path_prefixes(self) -> Vec<String> {
        let prefixes: &[&str] = match self {
            Provider::ModelArts => &["/v1/", "/v2/"],
            Provider::PaiDsw => &["/api/v2/"],
            Provider::Scnet => &["/ai/openapi/"],
        };
        prefixes.iter().map(|prefix| prefix.to_string()).collect()
    }
}

/// The running configuration.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub listen: SocketAddr,
    pub static_dir: Option<PathBuf>,
    /// Origins (`https://console.example.com`) allowed to call the gateway
    /// cross-origin; empty means same-origin only.
    pub cors_allowed_origins: Vec<String>,
    /// `Host` values served (lowercase): `name` admits any port,
    /// `name:port` that port only, `*` any host. Defaults to the loopback
    /// names ([`DEFAULT_ALLOWED_HOSTS`]).
    pub allowed_hosts: Vec<String>,
    pub upstream_timeout: Duration,
    pub max_body_bytes: usize,
    /// How long a client may take to send its request head and its body.
    pub client_read_timeout: Duration,
    /// Requests under `/proxy/` handled at once; more get 503.
    pub max_concurrent_requests: usize,
    /// A larger provider answer gets 502.
    pub max_upstream_answer_bytes: usize,
    /// The least time between token renewals that an upstream rejection
    /// forces, and between attempts after a failed token fetch.
    pub token_min_renewal_interval: Duration,
    /// Origins allowed to frame the console (`frame-ancestors` besides `'self'`).
    pub frame_ancestors: Vec<String>,
    /// Who may call and what each caller may do.
    pub access: AccessConfig,
    pub audit: AuditTarget,
    pub endpoints: Vec<EndpointConfig>,
}

/// One forwarded endpoint: `/proxy/{prefix}/…` → `{upstream}/…`.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    pub prefix: String,
    pub provider: Provider,
    pub region: Option<String>,
    /// Base URL requests are forwarded to. For SCNet it is the cluster's
    /// `aiUrl` and may be left out to discover it.
    pub upstream: Option<Url>,
    /// ModelArts project id: sent as `X-Project-Id`, and paths must name it.
    pub project_id: Option<String>,
    /// Only paths starting with one of these are forwarded.
    pub allowed_path_prefixes: Vec<String>,
    pub auth: EndpointAuth,
}

/// How an endpoint authenticates upstream.
#[derive(Debug, Clone)]
pub enum EndpointAuth {
    /// Huawei AK/SK request signing (`SDK-HMAC-SHA256`).
    ModelArtsAkSk(AccessKeyPair),
    /// Huawei IAM token from a user name and password (`X-Auth-Token`).
    ModelArtsIamPassword(IamPasswordAuth),
    /// Alibaba Cloud `ACS3-HMAC-SHA256` signing.
    Acs3(AccessKeyCredentials),
    /// SCNet user token and cluster discovery.
    ScnetToken(ScnetTokenAuth),
    /// Nothing added: only for a loopback upstream (a local emulator).
    Unsigned,
}

/// Settings of the IAM password flow (`POST {iam_url}/v3/auth/tokens`).
#[derive(Debug, Clone)]
pub struct IamPasswordAuth {
    pub iam_url: Url,
    pub user_name: String,
    pub domain_name: String,
    pub password: Secret,
    pub project_name: Option<String>,
    pub project_id: Option<String>,
    /// How long before its expiry a token is replaced.
    pub refresh_before_expiry: Duration,
}

/// Settings of the SCNet token flow.
#[derive(Debug, Clone)]
pub struct ScnetTokenAuth {
    pub auth_url: Url,
    /// A fixed cluster `aiUrl`; skips discovery.
    pub ai_url: Option<Url>,
    pub cluster_id: Option<String>,
    pub cluster_name: Option<String>,
    pub credentials: ScnetCredentials,
    /// How long a token is used before it is renewed.
    pub token_ttl: Duration,
}

/// Values given on the command line or in `DEVENV_GATEWAY_*` variables; they
/// win over the file.
#[derive(Debug, Clone, Default)]
pub struct ConfigOverrides {
    pub listen: Option<String>,
    pub static_dir: Option<PathBuf>,
    pub cors_allowed_origins: Option<Vec<String>>,
}

/// Where credential `env:` references are looked up; the process
/// environment in production, a map in tests.
pub trait EnvironmentLookup {
    fn get(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnvironment;

impl EnvironmentLookup for ProcessEnvironment {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl EnvironmentLookup for std::collections::HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        std::collections::HashMap::get(self, name).cloned()
    }
}

/// File formats the configuration can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFormat {
    Toml,
    Json,
}

impl ConfigFormat {
    /// JSON for a `.json` file, TOML otherwise.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|extension| extension.to_str()) {
            Some(extension) if extension.eq_ignore_ascii_case("json") => ConfigFormat::Json,
            _ => ConfigFormat::Toml,
        }
    }
}

impl GatewayConfig {
    /// Reads and validates the file at `path`, then applies `overrides`.
    pub fn load(
        path: &Path,
        overrides: &ConfigOverrides,
        env: &dyn EnvironmentLookup,
    ) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::ReadFile {
            path: path.to_path_buf(),
            reason: error.to_string(),
        })?;
        Self::from_text(&text, ConfigFormat::from_path(path), overrides, env)
    }

    /// Parses and validates configuration text.
    pub fn from_text(
        text: &str,
        format: ConfigFormat,
        overrides: &ConfigOverrides,
        env: &dyn EnvironmentLookup,
    ) -> Result<Self, ConfigError> {
        let file: ConfigFile = match format {
            ConfigFormat::Toml => toml::from_str(text).map_err(|error| ConfigError::Parse {
                format: "TOML",
                reason: error.message().to_string(),
            })?,
            ConfigFormat::Json => {
                serde_json::from_str(text).map_err(|error| ConfigError::Parse {
                    format: "JSON",
                    reason: error.to_string(),
                })?
            }
        };
        file.resolve(overrides, env)
    }

    pub fn endpoint(&self, prefix: &str) -> Option<&EndpointConfig> {
        self.endpoints
            .iter()
            .find(|endpoint| endpoint.prefix == prefix)
    }
}

impl EndpointConfig {
    /// Whether the provider path may be forwarded by this endpoint:
    /// `decoded_segments` (the path after the prefix) must begin with all
    /// the segments of one allowed prefix, so a prefix matches only at a
    /// segment boundary (`/ai/openapi` admits `/ai/openapi` and
    /// `/ai/openapi/…`, never `/ai/openapiX`). For ModelArts with a
    /// `project_id`, the second segment must name that project.
    pub fn allows_path(&self, decoded_segments: &[String]) -> bool {
        let allowed = self
            .allowed_path_prefixes
            .iter()
            .any(|prefix| path_has_prefix(decoded_segments, prefix));
        if !allowed {
            return false;
        }
        match (&self.project_id, self.provider) {
            // `/v1/{project_id}/…`: the project must be the configured one.
            (Some(project_id), Provider::ModelArts) => decoded_segments.get(1) == Some(project_id),
            _ => true,
        }
    }
}

/// Whether `segments` begin with the segments of `prefix` (`/a/b/` and
/// `/a/b` both mean the segments `a`, `b`; `/` admits every path). Prefix
/// segments are compared decoded, like the path's.
pub fn path_has_prefix(segments: &[String], prefix: &str) -> bool {
    let wanted: Vec<std::borrow::Cow<'_, str>> = prefix
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| percent_encoding::percent_decode_str(segment).decode_utf8_lossy())
        .collect();
    wanted.len() <= segments.len()
        && wanted
            .iter()
            .zip(segments)
            .all(|(wanted, segment)| wanted.as_ref() == segment.as_str())
}

// ---- file format ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    listen: Option<String>,
    static_dir: Option<PathBuf>,
    cors_allowed_origins: Option<Vec<String>>,
    allowed_hosts: Option<Vec<String>>,
    upstream_timeout_seconds: Option<u64>,
    max_body_bytes: Option<usize>,
    client_read_timeout_seconds: Option<u64>,
    max_concurrent_requests: Option<usize>,
    max_upstream_answer_bytes: Option<usize>,
    token_min_renewal_seconds: Option<u64>,
    #[serde(default)]
    frame_ancestors: Vec<String>,
    access: Option<AccessFile>,
    audit: Option<AuditFile>,
    #[serde(default)]
    endpoints: Vec<EndpointFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditFile {
    /// A file to append to, or `-` for standard output.
    path: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointFile {
    /// Route prefix: `/proxy/{prefix}/…`.
    #[serde(alias = "id")]
    prefix: String,
    provider: Provider,
    region: Option<String>,
    upstream: Option<String>,
    project_id: Option<String>,
    allowed_path_prefixes: Option<Vec<String>>,
    auth: AuthFile,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "method")]
enum AuthFile {
    #[serde(rename = "sdk-hmac-sha256")]
    SdkHmacSha256 {
        #[serde(default = "default_huawei_access_key")]
        access_key: String,
        #[serde(default = "default_huawei_secret_key")]
        secret_key: String,
    },
    #[serde(rename = "iam-password")]
    IamPassword {
        iam_url: String,
        user_name: String,
        domain_name: String,
        #[serde(default = "default_huawei_password")]
        password: String,
        project_name: Option<String>,
        project_id: Option<String>,
        refresh_before_expiry_seconds: Option<u64>,
    },
    #[serde(rename = "acs3-hmac-sha256")]
    Acs3HmacSha256 {
        #[serde(default = "default_alibaba_access_key_id")]
        access_key_id: String,
        #[serde(default = "default_alibaba_access_key_secret")]
        access_key_secret: String,
        security_token: Option<String>,
    },
    #[serde(rename = "scnet-token")]
    ScnetToken {
        auth_url: String,
        ai_url: Option<String>,
        cluster_id: Option<String>,
        cluster_name: Option<String>,
        user: String,
        #[serde(default = "default_scnet_access_key")]
        access_key: String,
        #[serde(default = "default_scnet_secret_key")]
        secret_key: String,
        token_ttl_seconds: Option<u64>,
    },
    /// No upstream authentication; only for a loopback upstream.
    #[serde(rename = "none")]
    Unsigned,
}

fn default_huawei_access_key() -> String {
    "env:HUAWEICLOUD_SDK_AK".to_string()
}
fn default_huawei_secret_key() -> String {
    "env:HUAWEICLOUD_SDK_SK".to_string()
}
fn default_huawei_password() -> String {
    "env:HUAWEICLOUD_PASSWORD".to_string()
}
fn default_alibaba_access_key_id() -> String {
    "env:ALIBABA_CLOUD_ACCESS_KEY_ID".to_string()
}
fn default_alibaba_access_key_secret() -> String {
    "env:ALIBABA_CLOUD_ACCESS_KEY_SECRET".to_string()
}
fn default_scnet_access_key() -> String {
    "env:SCNET_ACCESS_KEY".to_string()
}
fn default_scnet_secret_key() -> String {
    "env:SCNET_SECRET_KEY".to_string()
}

impl ConfigFile {
    fn resolve(
        self,
        overrides: &ConfigOverrides,
        env: &dyn EnvironmentLookup,
    ) -> Result<GatewayConfig, ConfigError> {
        let listen_text = overrides
            .listen
            .clone()
            .or(self.listen)
            .unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        let listen = listen_text
            .parse::<SocketAddr>()
            .map_err(|_| ConfigError::Invalid {
                field: "listen".to_string(),
                reason: format!("`{listen_text}` is not an address like 127.0.0.1:8081"),
            })?;
        let cors_allowed_origins = overrides
            .cors_allowed_origins
            .clone()
            .or(self.cors_allowed_origins)
            .unwrap_or_default();
        for origin in &cors_allowed_origins {
            validate_origin(origin)?;
        }
        let upstream_timeout_seconds = self
            .upstream_timeout_seconds
            .unwrap_or(DEFAULT_UPSTREAM_TIMEOUT_SECONDS);
        if upstream_timeout_seconds == 0 {
            return Err(invalid("upstream_timeout_seconds", "must be at least 1"));
        }
        let max_body_bytes = self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES);
        let client_read_timeout_seconds = self
            .client_read_timeout_seconds
            .unwrap_or(DEFAULT_CLIENT_READ_TIMEOUT_SECONDS);
        if client_read_timeout_seconds == 0 {
            return Err(invalid("client_read_timeout_seconds", "must be at least 1"));
        }
        let max_concurrent_requests = self
            .max_concurrent_requests
            .unwrap_or(DEFAULT_MAX_CONCURRENT_REQUESTS);
        if max_concurrent_requests == 0 {
            return Err(invalid("max_concurrent_requests", "must be at least 1"));
        }
        let max_upstream_answer_bytes = self
            .max_upstream_answer_bytes
            .unwrap_or(DEFAULT_MAX_UPSTREAM_ANSWER_BYTES);
        if max_upstream_answer_bytes == 0 {
            return Err(invalid("max_upstream_answer_bytes", "must be at least 1"));
        }
        let token_min_renewal_seconds = self
            .token_min_renewal_seconds
            .unwrap_or(DEFAULT_TOKEN_MIN_RENEWAL_SECONDS);
        for origin in &self.frame_ancestors {
            validate_origin(origin).map_err(|_| {
                invalid(
                    "frame_ancestors",
                    &format!("`{origin}` must be scheme://host[:port] with no path"),
                )
            })?;
        }
        let allowed_hosts = match self.allowed_hosts {
            None => DEFAULT_ALLOWED_HOSTS
                .iter()
                .map(|host| host.to_string())
                .collect(),
            Some(hosts) if hosts.is_empty() => {
                return Err(invalid(
                    "allowed_hosts",
                    "list the host names the gateway is reached by (or leave it out for the loopback names)",
                ))
            }
            Some(hosts) => {
                let mut lowered = Vec::with_capacity(hosts.len());
                for host in hosts {
                    let host = host.trim().to_ascii_lowercase();
                    let valid = host == "*"
                        || (!host.is_empty()
                            && host.bytes().all(|byte| {
                                byte.is_ascii_alphanumeric() || b"-.:[]_".contains(&byte)
                            }));
                    if !valid {
                        return Err(invalid(
                            "allowed_hosts",
                            &format!("`{host}` is not a host name, host:port or `*`"),
                        ));
                    }
                    lowered.push(host);
                }
                lowered
            }
        };
        let audit = match self.audit.as_ref().map(|audit| audit.path.trim()) {
            None | Some("-") => AuditTarget::Stdout,
            Some("") => {
                return Err(invalid(
                    "audit.path",
                    "give a file, or `-` for standard output",
                ))
            }
            Some(path) => AuditTarget::File(PathBuf::from(path)),
        };

        let mut seen = HashSet::new();
        let mut endpoints = Vec::with_capacity(self.endpoints.len());
        for (index, endpoint) in self.endpoints.into_iter().enumerate() {
            let resolved = endpoint.resolve(index, env)?;
            if !seen.insert(resolved.prefix.clone()) {
                return Err(invalid(
                    &format!("endpoints[{index}].prefix"),
                    &format!("`{}` is used twice", resolved.prefix),
                ));
            }
            endpoints.push(resolved);
        }
        if endpoints.is_empty() {
            return Err(invalid("endpoints", "at least one endpoint is needed"));
        }
        let prefixes: Vec<&str> = endpoints
            .iter()
            .map(|endpoint| endpoint.prefix.as_str())
            .collect();
        let access = self.access.unwrap_or_default().resolve(&prefixes, listen)?;
        Ok(GatewayConfig {
            listen,
            static_dir: overrides.static_dir.clone().or(self.static_dir),
            cors_allowed_origins,
            allowed_hosts,
            upstream_timeout: Duration::from_secs(upstream_timeout_seconds),
            max_body_bytes,
            client_read_timeout: Duration::from_secs(client_read_timeout_seconds),
            max_concurrent_requests,
            max_upstream_answer_bytes,
            token_min_renewal_interval: Duration::from_secs(token_min_renewal_seconds),
            frame_ancestors: self.frame_ancestors,
            access,
            audit,
            endpoints,
        })
    }
}

impl EndpointFile {
    fn resolve(
        self,
        index: usize,
        env: &dyn EnvironmentLookup,
    ) -> Result<EndpointConfig, ConfigError> {
        let field = |name: &str| format!("endpoints[{index}].{name}");
        validate_prefix(&self.prefix).map_err(|reason| invalid(&field("prefix"), reason))?;
        let upstream = self
            .upstream
            .as_deref()
            .map(|text| parse_base_url(&field("upstream"), text))
            .transpose()?;
        let auth = match (self.provider, self.auth) {
            (
                Provider::ModelArts,
                AuthFile::SdkHmacSha256 {
                    access_key,
                    secret_key,
                },
            ) => EndpointAuth::ModelArtsAkSk(AccessKeyPair {
                access_key: resolve_credential(&field("auth.access_key"), &access_key, env)?,
                secret_key: resolve_credential(&field("auth.secret_key"), &secret_key, env)?,
            }),
            (
                Provider::ModelArts,
                AuthFile::IamPassword {
                    iam_url,
                    user_name,
                    domain_name,
                    password,
                    project_name,
                    project_id,
                    refresh_before_expiry_seconds,
                },
            ) => {
                let project_id = project_id.or_else(|| self.project_id.clone());
                if project_name.is_none() && project_id.is_none() {
                    return Err(invalid(
                        &field("auth"),
                        "iam-password needs project_name or project_id to scope the token",
                    ));
                }
                EndpointAuth::ModelArtsIamPassword(IamPasswordAuth {
                    iam_url: parse_base_url(&field("auth.iam_url"), &iam_url)?,
                    user_name,
                    domain_name,
                    password: resolve_credential(&field("auth.password"), &password, env)?,
                    project_name,
                    project_id,
                    refresh_before_expiry: Duration::from_secs(
                        refresh_before_expiry_seconds.unwrap_or(3600),
                    ),
                })
            }
            (
                Provider::PaiDsw,
                AuthFile::Acs3HmacSha256 {
                    access_key_id,
                    access_key_secret,
                    security_token,
                },
            ) => EndpointAuth::Acs3(AccessKeyCredentials {
                access_key_id: resolve_credential(
                    &field("auth.access_key_id"),
                    &access_key_id,
                    env,
                )?,
                access_key_secret: resolve_credential(
                    &field("auth.access_key_secret"),
                    &access_key_secret,
                    env,
                )?,
                security_token: security_token
                    .as_deref()
                    .map(|source| resolve_credential(&field("auth.security_token"), source, env))
                    .transpose()?,
            }),
            (
                Provider::Scnet,
                AuthFile::ScnetToken {
                    auth_url,
                    ai_url,
                    cluster_id,
                    cluster_name,
                    user,
                    access_key,
                    secret_key,
                    token_ttl_seconds,
                },
            ) => {
                let ttl = token_ttl_seconds.unwrap_or(DEFAULT_SCNET_TOKEN_TTL_SECONDS);
                if ttl < 60 {
                    return Err(invalid(
                        &field("auth.token_ttl_seconds"),
                        "must be at least 60",
                    ));
                }
                let ai_url = ai_url
                    .as_deref()
                    .map(|text| parse_base_url(&field("auth.ai_url"), text))
                    .transpose()?
                    .or_else(|| upstream.clone());
                EndpointAuth::ScnetToken(ScnetTokenAuth {
                    auth_url: parse_base_url(&field("auth.auth_url"), &auth_url)?,
                    ai_url,
                    cluster_id,
                    cluster_name,
                    credentials: ScnetCredentials {
                        user,
                        access_key: resolve_credential(
                            &field("auth.access_key"),
                            &access_key,
                            env,
                        )?,
                        secret_key: resolve_credential(
                            &field("auth.secret_key"),
                            &secret_key,
                            env,
                        )?,
                    },
                    token_ttl: Duration::from_secs(ttl),
                })
            }
            (_, AuthFile::Unsigned) => {
                let loopback = upstream.as_ref().is_some_and(is_loopback_url);
                if !loopback {
                    return Err(invalid(
                        &field("auth.method"),
                        "`none` sends requests without credentials and is only for a local emulator: upstream must be a loopback address",
                    ));
                }
                EndpointAuth::Unsigned
            }
            (provider, _) => {
                let expected = match provider {
                    Provider::ModelArts => "`sdk-hmac-sha256` or `iam-password`",
                    Provider::PaiDsw => "`acs3-hmac-sha256`",
                    Provider::Scnet => "`scnet-token`",
                };
                return Err(invalid(
                    &field("auth.method"),
                    &format!("provider `{}` takes {expected}", provider.as_str()),
                ));
            }
        };
        if upstream.is_none() && self.provider != Provider::Scnet {
            return Err(invalid(&field("upstream"), "is required for this provider"));
        }
        if self.provider == Provider::ModelArts
            && self
                .project_id
                .as_deref()
                .is_none_or(|project| project.trim().is_empty())
        {
            return Err(invalid(
                &field("project_id"),
                "is required for ModelArts: only that project's instances are forwarded",
            ));
        }
        if self.provider == Provider::Scnet {
            // The SCNet token goes to the cluster URL: https only (plain
            // http for a loopback emulator).
            let ai_url = match &auth {
                EndpointAuth::ScnetToken(scnet) => scnet.ai_url.as_ref(),
                _ => upstream.as_ref(),
            };
            if let Some(url) = ai_url {
                crate::token::usable_ai_url(url.as_str())
                    .map_err(|error| invalid(&field("upstream"), &format!("{error}")))?;
            }
        }
        let allowed_path_prefixes = self
            .allowed_path_prefixes
            .unwrap_or_else(|| self.provider.default_path_prefixes());
        for prefix in &allowed_path_prefixes {
            if !prefix.starts_with('/') {
                return Err(invalid(
                    &field("allowed_path_prefixes"),
                    "each prefix starts with `/`",
                ));
            }
            if prefix
                .split('/')
                .any(|segment| segment == "." || segment == "..")
            {
                return Err(invalid(
                    &field("allowed_path_prefixes"),
                    "a prefix may not hold `.` or `..` segments",
                ));
            }
        }
        Ok(EndpointConfig {
            prefix: self.prefix,
            provider: self.provider,
            region: self.region,
            upstream,
            project_id: self.project_id,
            allowed_path_prefixes,
            auth,
        })
    }
}

/// Whether `url`'s host is a loopback address or `localhost`.
pub fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn invalid(field: &str, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

fn validate_prefix(prefix: &str) -> Result<(), &'static str> {
    if prefix.is_empty() || prefix.len() > 64 {
        return Err("must be 1 to 64 characters");
    }
    if prefix == "." || prefix == ".." {
        return Err("must not be `.` or `..`");
    }
    if !prefix
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
    {
        return Err("may hold only letters, digits, `-`, `_` and `.`");
    }
    Ok(())
}

fn validate_origin(origin: &str) -> Result<(), ConfigError> {
    let parsed = Url::parse(origin)
        .map_err(|_| invalid("cors_allowed_origins", &format!("`{origin}` is not a URL")))?;
    let is_bare_origin = matches!(parsed.scheme(), "http" | "https")
        && parsed.host_str().is_some()
        && parsed.path() == "/"
        && parsed.query().is_none()
        && !origin.ends_with('/');
    if !is_bare_origin {
        return Err(invalid(
            "cors_allowed_origins",
            &format!("`{origin}` must be scheme://host[:port] with no path"),
        ));
    }
    Ok(())
}

/// An `http(s)://host[:port][/base]` URL with no user info, query or
/// fragment; the path loses its trailing `/`.
fn parse_base_url(field: &str, text: &str) -> Result<Url, ConfigError> {
    let mut url =
        Url::parse(text).map_err(|error| invalid(field, &format!("not a URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid(
            field,
            "must be an http:// or https:// URL with a host",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            field,
            "must not carry user info; use the auth section",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(field, "must not have a query or fragment"));
    }
    let trimmed = url.path().trim_end_matches('/').to_string();
    url.set_path(&trimmed);
    Ok(url)
}

/// Resolves `env:VAR` or `file:/path` to the secret it names.
fn resolve_credential(
    field: &str,
    source: &str,
    env: &dyn EnvironmentLookup,
) -> Result<Secret, ConfigError> {
    if let Some(variable) = source.strip_prefix("env:") {
        let variable = variable.trim();
        return match env.get(variable) {
            Some(value) if !value.trim().is_empty() => Ok(Secret::new(value.trim())),
            _ => Err(ConfigError::MissingVariable {
                field: field.to_string(),
                variable: variable.to_string(),
            }),
        };
    }
    if let Some(path) = source.strip_prefix("file:") {
        let path = PathBuf::from(path.trim());
        let text = std::fs::read_to_string(&path).map_err(|error| ConfigError::CredentialFile {
            field: field.to_string(),
            path: path.clone(),
            reason: error.kind().to_string(),
        })?;
        let value = text.trim();
        if value.is_empty() {
            return Err(ConfigError::CredentialFile {
                field: field.to_string(),
                path,
                reason: "file is empty".to_string(),
            });
        }
        return Ok(Secret::new(value));
    }
    Err(ConfigError::LiteralCredential {
        field: field.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const SAMPLE: &str = r#"
listen = "127.0.0.1:9000"
cors_allowed_origins = ["https://console.example.com"]

[[endpoints]]
prefix = "modelarts"
provider = "modelarts"
region = "cn-north-4"
upstream = "https://modelarts.cn-north-4.myhuaweicloud.com/"
project_id = "p1"
auth = { method = "sdk-hmac-sha256", access_key = "env:T_AK", secret_key = "env:T_SK" }

[[endpoints]]
prefix = "pai-dsw"
provider = "pai-dsw"
upstream = "https://pai-dsw.cn-hangzhou.aliyuncs.com"
auth = { method = "acs3-hmac-sha256", access_key_id = "env:T_AK", access_key_secret = "env:T_SK", security_token = "env:T_STS" }

[[endpoints]]
prefix = "scnet"
provider = "scnet"
auth = { method = "scnet-token", auth_url = "https://api.scnet.example", user = "alice", access_key = "env:T_AK", secret_key = "env:T_SK" }
"#;

    fn env() -> HashMap<String, String> {
        HashMap::from([
            ("T_AK".to_string(), "AK-VALUE-123".to_string()),
            ("T_SK".to_string(), "SK-VALUE-456".to_string()),
            ("T_STS".to_string(), "STS-VALUE-789".to_string()),
        ])
    }

    #[test]
    fn parses_sample_and_redacts_debug() {
        let config = load(SAMPLE).expect("sample parses");
        assert_eq!(config.listen.to_string(), "127.0.0.1:9000");
        assert_eq!(config.endpoints.len(), 3);
        let modelarts = config.endpoint("modelarts").expect("modelarts endpoint");
        assert_eq!(
            modelarts.upstream.as_ref().map(Url::as_str),
            Some("https://modelarts.cn-north-4.myhuaweicloud.com/")
        );
        let debug = format!("{config:?}");
        for secret in ["AK-VALUE-123", "SK-VALUE-456", "STS-VALUE-789"] {
            assert!(!debug.contains(secret), "Debug output leaks {secret}");
        }
    }

    #[test]
    fn overrides_win() {
        let overrides = ConfigOverrides {
            listen: Some("127.0.0.2:1234".to_string()),
            ..ConfigOverrides::default()
        };
        let config = GatewayConfig::from_text(SAMPLE, ConfigFormat::Toml, &overrides, &env())
            .expect("parses");
        assert_eq!(config.listen.to_string(), "127.0.0.2:1234");
        // Without access control, a non-loopback listen address is refused,
        // also when it comes from an override.
        let overrides = ConfigOverrides {
            listen: Some("0.0.0.0:1234".to_string()),
            ..ConfigOverrides::default()
        };
        let error = GatewayConfig::from_text(SAMPLE, ConfigFormat::Toml, &overrides, &env())
            .expect_err("mode none on 0.0.0.0");
        assert!(error.to_string().contains("0.0.0.0:1234"), "{error}");
    }

    #[test]
    fn refuses_literal_secret_without_echoing_it() {
        let text = SAMPLE.replace(
            "secret_key = \"env:T_SK\" }\n\n[[endpoints]]\nprefix = \"pai-dsw\"",
            "secret_key = \"LITERAL-SECRET\" }\n\n[[endpoints]]\nprefix = \"pai-dsw\"",
        );
        assert!(text.contains("LITERAL-SECRET"));
        let error = load(&text).expect_err("literal refused");
        assert!(matches!(error, ConfigError::LiteralCredential { .. }));
        assert!(!error.to_string().contains("LITERAL-SECRET"));
    }

    #[test]
    fn missing_variable_is_named() {
        let error = GatewayConfig::from_text(
            SAMPLE,
            ConfigFormat::Toml,
            &ConfigOverrides::default(),
            &HashMap::new(),
        )
        .expect_err("variables missing");
        assert!(error.to_string().contains("T_AK"));
    }

    #[test]
    fn reads_credential_file() {
        let dir =
            std::env::temp_dir().join(format!("devenv-gateway-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("sk");
        std::fs::write(&path, "FILE-SECRET\n").expect("write");
        let secret = resolve_credential("x", &format!("file:{}", path.display()), &HashMap::new())
            .expect("read");
        assert_eq!(secret.expose(), "FILE-SECRET");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn rejects_bad_prefix_and_mismatched_auth() {
        let bad_prefix = SAMPLE.replacen("prefix = \"modelarts\"", "prefix = \"../x\"", 1);
        assert!(load(&bad_prefix).is_err());
        let mismatched = SAMPLE.replacen(
            "method = \"acs3-hmac-sha256\"",
            "method = \"sdk-hmac-sha256\"",
            1,
        );
        assert!(load(&mismatched).is_err());
    }

    #[test]
    fn parses_json() {
        let text = r#"{"endpoints":[{"prefix":"dsw","provider":"pai-dsw","upstream":"http://127.0.0.1:1",
            "auth":{"method":"acs3-hmac-sha256","access_key_id":"env:T_AK","access_key_secret":"env:T_SK"}}]}"#;
        let config = GatewayConfig::from_text(
            text,
            ConfigFormat::Json,
            &ConfigOverrides::default(),
            &env(),
        )
        .expect("json");
        assert_eq!(config.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(config.max_body_bytes, DEFAULT_MAX_BODY_BYTES);
    }

    #[test]
    fn project_path_must_match() {
        let config = load(SAMPLE).expect("parses");
        let modelarts = config.endpoint("modelarts").expect("endpoint");
        let path = "/v1/p1/demanager/instances";
        assert!(modelarts.allows_path(&segments(path)));
        let other = "/v1/p2/demanager/instances";
        assert!(!modelarts.allows_path(&segments(other)));
        let outside = "/v3/auth/tokens";
        assert!(!modelarts.allows_path(&segments(outside)));
        let glued = "/v1x/p1/demanager/instances";
        assert!(!modelarts.allows_path(&segments(glued)));
    }

    fn segments(path: &str) -> Vec<String> {
        path.split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| {
                percent_encoding::percent_decode_str(segment)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn scnet_default_prefix_matches_at_segment_boundary() {
        let config = load(SAMPLE).expect("parses");
        let scnet = config.endpoint("scnet").expect("endpoint");
        assert_eq!(scnet.allowed_path_prefixes, vec!["/ai/openapi/"]);
        for allowed in [
            "/ai/openapi/v2/instance-service/task",
            "/ai/openapi/v2/instance-service/abc/detail",
            "/ai/openapi",
        ] {
            assert!(scnet.allows_path(&segments(allowed)), "{allowed}");
        }
        for refused in [
            "/ai/openapiX",
            "/ai/openapiX/v2/instance-service/task",
            "/ai/openapi-internal/v2",
            "/ac/openapi/v2/center",
            "/api/user/v3/tokens",
            "/hpc/openapi/v2/cluster",
            "/ai",
        ] {
            assert!(!scnet.allows_path(&segments(refused)), "{refused}");
        }
    }

    #[test]
    fn custom_prefixes_are_honoured_at_segment_boundaries() {
        // Written with or without the trailing slash, a prefix means the
        // same segments.
        for prefixes in [
            r#"["/ai/openapi/v2/instance-service"]"#,
            r#"["/ai/openapi/v2/instance-service/"]"#,
        ] {
            let text = SAMPLE.replace(
                "auth = { method = \"scnet-token\"",
                &format!("allowed_path_prefixes = {prefixes}\nauth = {{ method = \"scnet-token\""),
            );
            assert!(text.contains("allowed_path_prefixes"));
            let config = load(&text).expect("parses");
            let scnet = config.endpoint("scnet").expect("endpoint");
            for allowed in [
                "/ai/openapi/v2/instance-service/task",
                "/ai/openapi/v2/instance-service",
            ] {
                assert!(scnet.allows_path(&segments(allowed)), "{allowed}");
            }
            for refused in [
                "/ai/openapi/v2/instance-serviceX/task",
                "/ai/openapi/v2/image/images",
                "/ai/openapi/v2",
            ] {
                assert!(!scnet.allows_path(&segments(refused)), "{refused}");
            }
        }
        // A prefix written without a trailing slash still refuses a longer
        // segment.
        let text = SAMPLE.replace(
            "auth = { method = \"scnet-token\"",
            "allowed_path_prefixes = [\"/ai/openapi\"]\nauth = { method = \"scnet-token\"",
        );
        let config = load(&text).expect("parses");
        let scnet = config.endpoint("scnet").expect("endpoint");
        assert!(!scnet.allows_path(&segments("/ai/openapiX")));
        assert!(scnet.allows_path(&segments("/ai/openapi/v2")));
    }

    fn load(text: &str) -> Result<GatewayConfig, ConfigError> {
        GatewayConfig::from_text(
            text,
            ConfigFormat::Toml,
            &ConfigOverrides::default(),
            &env(),
        )
    }

    #[test]
    fn modelarts_needs_a_project_id() {
        let text = SAMPLE.replacen("project_id = \"p1\"\n", "", 1);
        let error = load(&text).expect_err("project_id missing");
        assert!(error.to_string().contains("project_id"), "{error}");
    }

    #[test]
    fn unsigned_upstreams_must_be_loopback() {
        let endpoint = |upstream: &str| {
            format!(
                "[[endpoints]]\nprefix = \"x\"\nprovider = \"scnet\"\nupstream = \"{upstream}\"\nauth = {{ method = \"none\" }}\n"
            )
        };
        assert!(load(&endpoint("http://127.0.0.1:8090/proxy/scnet")).is_ok());
        assert!(load(&endpoint("http://localhost:8090")).is_ok());
        assert!(load(&endpoint("https://ai.example.com")).is_err());
        assert!(load(&endpoint("http://10.0.0.1:8090")).is_err());
    }

    #[test]
    fn scnet_ai_url_is_https_without_user_info() {
        let with_ai_url = |ai_url: &str| {
            SAMPLE.replace(
                "auth = { method = \"scnet-token\", ",
                &format!("auth = {{ method = \"scnet-token\", ai_url = \"{ai_url}\", "),
            )
        };
        assert!(load(&with_ai_url("https://ai.example.com:65011")).is_ok());
        assert!(load(&with_ai_url("http://127.0.0.1:8090")).is_ok());
        assert!(load(&with_ai_url("http://ai.example.com:65011")).is_err());
        assert!(load(&with_ai_url("https://user:secret@ai.example.com")).is_err());
    }

    #[test]
    fn allowed_hosts_default_to_loopback_names() {
        let config = load(SAMPLE).expect("parses");
        assert_eq!(config.allowed_hosts, DEFAULT_ALLOWED_HOSTS);
        let listed = format!("allowed_hosts = [\"Console.Example.com:8443\"]\n{SAMPLE}");
        assert_eq!(
            load(&listed).expect("parses").allowed_hosts,
            vec!["console.example.com:8443"]
        );
        assert!(load(&format!("allowed_hosts = []\n{SAMPLE}")).is_err());
        assert!(load(&format!("allowed_hosts = [\"a b\"]\n{SAMPLE}")).is_err());
    }

    #[test]
    fn refuses_dot_segments_in_prefixes() {
        let text = SAMPLE.replace(
            "auth = { method = \"scnet-token\"",
            "allowed_path_prefixes = [\"/ai/../ac\"]\nauth = { method = \"scnet-token\"",
        );
        assert!(load(&text).is_err());
    }
}
