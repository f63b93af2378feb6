//! The `[access]` section: how callers are identified (`mode`) and which
//! role each user or group has on each endpoint (`[[access.grants]]`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use axum::http::HeaderName;
use jsonwebtoken::Algorithm;
use serde::Deserialize;
use url::Url;

use super::cidr::IpNet;
use super::Role;
use crate::config::ConfigError;

pub const DEFAULT_USER_HEADER: &str = "x-forwarded-user";
pub const DEFAULT_GROUPS_HEADER: &str = "x-forwarded-groups";
pub const DEFAULT_GROUPS_CLAIM: &str = "groups";
pub const DEFAULT_JWKS_REFRESH_SECONDS: u64 = 3600;
pub const DEFAULT_JWKS_MIN_REFRESH_SECONDS: u64 = 60;
pub const DEFAULT_LEEWAY_SECONDS: u64 = 60;

/// Who may call, and what each caller may do.
#[derive(Debug, Clone)]
pub struct AccessConfig {
    pub mode: AccessMode,
    /// Where an unauthenticated caller signs in (returned in 401 answers
    /// and by `_session`).
    pub login_url: Option<String>,
    pub grants: Vec<Grant>,
}

impl Default for AccessConfig {
    fn default() -> Self {
        AccessConfig {
            mode: AccessMode::None,
            login_url: None,
            grants: Vec::new(),
        }
    }
}

/// How callers are identified.
#[derive(Debug, Clone)]
pub enum AccessMode {
    /// Nobody is asked; everyone is `admin`. Only on loopback listen
    /// addresses.
    None,
    /// Identity headers set by an SSO proxy, believed only from its
    /// addresses.
    TrustedHeader(TrustedHeaderConfig),
    /// A bearer token (header or cookie) verified against a JWKS.
    Oidc(OidcConfig),
}

impl AccessMode {
    pub fn as_str(&self) -> &'static str {
        match self {
            AccessMode::None => "none",
            AccessMode::TrustedHeader(_) => "trusted-header",
            AccessMode::Oidc(_) => "oidc",
        }
    }
}

/// Settings of `mode = "trusted-header"`.
#[derive(Debug, Clone)]
pub struct TrustedHeaderConfig {
    /// Peers whose identity headers are believed.
    pub trusted_proxies: Vec<IpNet>,
    pub user_header: HeaderName,
    pub groups_header: HeaderName,
}

/// Where the JSON Web Key Set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwksSource {
    Url(Url),
    File(PathBuf),
}

/// Settings of `mode = "oidc"`.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    pub issuer: String,
    /// The token's `aud` must name one of these.
    pub audience: Vec<String>,
    pub jwks: JwksSource,
    /// How long a loaded key set is used before it is loaded again.
    pub jwks_refresh: Duration,
    /// The least time between two loads (a token with an unknown key id
    /// triggers one, at most this often).
    pub jwks_min_refresh: Duration,
    /// A cookie that may carry the token instead of `Authorization: Bearer`.
    pub cookie: Option<String>,
    /// The claim holding the caller's groups (a dotted path reads nested
    /// objects, e.g. `realm_access.roles`).
    pub groups_claim: String,
    pub algorithms: Vec<Algorithm>,
    /// Clock skew allowed on `exp` and `nbf`.
    pub leeway: Duration,
}

/// A role on some endpoints for some users and groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Endpoint prefixes, or `*` for all.
    pub endpoints: Vec<String>,
    /// User names, or `*` for every authenticated caller.
    pub users: Vec<String>,
    pub groups: Vec<String>,
    pub role: Role,
}

impl Grant {
    pub fn covers_endpoint(&self, prefix: &str) -> bool {
        self.endpoints
            .iter()
            .any(|endpoint| endpoint == "*" || endpoint == prefix)
    }

    pub fn covers_caller(&self, name: Option<&str>, groups: &[String]) -> bool {
        let by_name = name.is_some_and(|name| {
            self.users
                .iter()
                .any(|user| user == "*" || user.as_str() == name)
        });
        by_name || self.groups.iter().any(|group| groups.contains(group))
    }
}

// ---- file format ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ModeName {
    None,
    TrustedHeader,
    Oidc,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

/// `[access]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessFile {
    mode: Option<ModeName>,
    login_url: Option<String>,
    // trusted-header
    trusted_proxies: Option<Vec<String>>,
    user_header: Option<String>,
    groups_header: Option<String>,
    // oidc
    issuer: Option<String>,
    audience: Option<OneOrMany>,
    jwks_url: Option<String>,
    jwks_file: Option<PathBuf>,
    jwks_refresh_seconds: Option<u64>,
    jwks_min_refresh_seconds: Option<u64>,
    cookie: Option<String>,
    groups_claim: Option<String>,
    algorithms: Option<Vec<String>>,
    leeway_seconds: Option<u64>,
    #[serde(default)]
    grants: Vec<GrantFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GrantFile {
    endpoints: OneOrMany,
    #[serde(default)]
    users: Vec<String>,
    #[serde(default)]
    groups: Vec<String>,
    role: Role,
}

fn invalid(field: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}

/// Signature algorithms accepted by default (asymmetric only: the gateway
/// holds no shared secret, so `HS*` tokens are never accepted).
pub fn default_algorithms() -> Vec<Algorithm> {
    vec![
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
    ]
}

impl AccessFile {
    /// Validates the section against the endpoint prefixes and the listen
    /// address.
    pub fn resolve(
        self,
        endpoint_prefixes: &[&str],
        listen: SocketAddr,
    ) -> Result<AccessConfig, ConfigError> {
        let mode_name = self.mode.unwrap_or(ModeName::None);
        let login_url = self
            .login_url
            .map(|text| validate_login_url(&text).map(|()| text))
            .transpose()?;
        let oidc_keys_given = self.issuer.is_some()
            || self.audience.is_some()
            || self.jwks_url.is_some()
            || self.jwks_file.is_some()
            || self.jwks_refresh_seconds.is_some()
            || self.jwks_min_refresh_seconds.is_some()
            || self.cookie.is_some()
            || self.groups_claim.is_some()
            || self.algorithms.is_some()
            || self.leeway_seconds.is_some();
        let header_keys_given = self.trusted_proxies.is_some()
            || self.user_header.is_some()
            || self.groups_header.is_some();
        if mode_name != ModeName::Oidc && oidc_keys_given {
            return Err(invalid(
                "access",
                "issuer, audience, jwks_*, cookie, groups_claim, algorithms and leeway_seconds belong to mode = \"oidc\"",
            ));
        }
        if mode_name != ModeName::TrustedHeader && header_keys_given {
            return Err(invalid(
                "access",
                "trusted_proxies, user_header and groups_header belong to mode = \"trusted-header\"",
            ));
        }
        let mode = match mode_name {
            ModeName::None => {
                if !listen.ip().to_canonical().is_loopback() {
                    return Err(invalid(
                        "access.mode",
                        format!(
                            "mode \"none\" lets anyone who can reach the gateway use the cloud accounts, so it is allowed only on a loopback address, and the gateway would listen on {listen}. Listen on 127.0.0.1 or [::1], or set [access] mode = \"trusted-header\" (identity from an SSO proxy such as oauth2-proxy) or mode = \"oidc\" (bearer tokens checked against your identity provider's keys)"
                        ),
                    ));
                }
                AccessMode::None
            }
            ModeName::TrustedHeader => {
                let proxies = self.trusted_proxies.unwrap_or_default();
                if proxies.is_empty() {
                    return Err(invalid(
                        "access.trusted_proxies",
                        "list the SSO proxy's addresses (e.g. [\"127.0.0.1/32\"]); identity headers from any other peer are ignored",
                    ));
                }
                let trusted_proxies = proxies
                    .iter()
                    .map(|text| {
                        IpNet::from_str(text)
                            .map_err(|reason| invalid("access.trusted_proxies", reason))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let header = |field: &str, value: Option<String>, default: &str| {
                    let text = value.unwrap_or_else(|| default.to_string());
                    HeaderName::from_bytes(text.trim().to_ascii_lowercase().as_bytes())
                        .map_err(|_| invalid(field, format!("`{text}` is not a header name")))
                };
                let user_header =
                    header("access.user_header", self.user_header, DEFAULT_USER_HEADER)?;
                let groups_header = header(
                    "access.groups_header",
                    self.groups_header,
                    DEFAULT_GROUPS_HEADER,
                )?;
                if user_header == groups_header {
                    return Err(invalid(
                        "access.groups_header",
                        "must differ from user_header",
                    ));
                }
                AccessMode::TrustedHeader(TrustedHeaderConfig {
                    trusted_proxies,
                    user_header,
                    groups_header,
                })
            }
            ModeName::Oidc => AccessMode::Oidc(resolve_oidc(
                self.issuer,
                self.audience,
                self.jwks_url,
                self.jwks_file,
                self.jwks_refresh_seconds,
                self.jwks_min_refresh_seconds,
                self.cookie,
                self.groups_claim,
                self.algorithms,
                self.leeway_seconds,
            )?),
        };
        let mut grants = Vec::with_capacity(self.grants.len());
        for (index, grant) in self.grants.into_iter().enumerate() {
            let field = |name: &str| format!("access.grants[{index}].{name}");
            let endpoints = grant.endpoints.into_vec();
            if endpoints.is_empty() {
                return Err(invalid(
                    &field("endpoints"),
                    "name at least one endpoint, or \"*\"",
                ));
            }
            for endpoint in &endpoints {
                if endpoint != "*" && !endpoint_prefixes.contains(&endpoint.as_str()) {
                    return Err(invalid(
                        &field("endpoints"),
                        format!("`{endpoint}` is not an endpoint prefix of this configuration"),
                    ));
                }
            }
            if grant.users.is_empty() && grant.groups.is_empty() {
                return Err(invalid(
                    &field("users"),
                    "a grant names users, groups or both",
                ));
            }
            if grant
                .users
                .iter()
                .chain(&grant.groups)
                .any(|name| name.trim().is_empty())
            {
                return Err(invalid(&field("users"), "names may not be empty"));
            }
            grants.push(Grant {
                endpoints,
                users: grant.users,
                groups: grant.groups,
                role: grant.role,
            });
        }
        Ok(AccessConfig {
            mode,
            login_url,
            grants,
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve_oidc(
    issuer: Option<String>,
    audience: Option<OneOrMany>,
    jwks_url: Option<String>,
    jwks_file: Option<PathBuf>,
    jwks_refresh_seconds: Option<u64>,
    jwks_min_refresh_seconds: Option<u64>,
    cookie: Option<String>,
    groups_claim: Option<String>,
    algorithms: Option<Vec<String>>,
    leeway_seconds: Option<u64>,
) -> Result<OidcConfig, ConfigError> {
    let issuer = issuer
        .filter(|issuer| !issuer.trim().is_empty())
        .ok_or_else(|| {
            invalid(
                "access.issuer",
                "is required in mode \"oidc\" (the `iss` tokens must carry)",
            )
        })?;
    let audience: Vec<String> = audience
        .map(OneOrMany::into_vec)
        .unwrap_or_default()
        .into_iter()
        .filter(|audience| !audience.trim().is_empty())
        .collect();
    if audience.is_empty() {
        return Err(invalid(
            "access.audience",
            "is required in mode \"oidc\" (the client id tokens are issued for)",
        ));
    }
    let jwks =
        match (jwks_url, jwks_file) {
            (Some(url), None) => {
                let parsed = Url::parse(&url)
                    .map_err(|_| invalid("access.jwks_url", format!("`{url}` is not a URL")))?;
                let loopback = match parsed.host() {
                    Some(url::Host::Ipv4(address)) => address.is_loopback(),
                    Some(url::Host::Ipv6(address)) => address.is_loopback(),
                    Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
                    None => false,
                };
                let secure = parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback);
                if !secure || parsed.host_str().is_none() {
                    return Err(invalid(
                        "access.jwks_url",
                        "must be https:// (plain http:// only for a loopback host)",
                    ));
                }
                if !parsed.username().is_empty() || parsed.password().is_some() {
                    return Err(invalid("access.jwks_url", "must not carry user info"));
                }
                JwksSource::Url(parsed)
            }
            (None, Some(path)) => JwksSource::File(path),
            (Some(_), Some(_)) => {
                return Err(invalid(
                    "access.jwks_url",
                    "give jwks_url or jwks_file, not both",
                ))
            }
            (None, None) => return Err(invalid(
                "access.jwks_url",
                "mode \"oidc\" needs jwks_url (the identity provider's `jwks_uri`) or jwks_file",
            )),
        };
    let refresh = jwks_refresh_seconds.unwrap_or(DEFAULT_JWKS_REFRESH_SECONDS);
    let min_refresh = jwks_min_refresh_seconds.unwrap_or(DEFAULT_JWKS_MIN_REFRESH_SECONDS);
    if refresh == 0 {
        return Err(invalid("access.jwks_refresh_seconds", "must be at least 1"));
    }
    if min_refresh > refresh {
        return Err(invalid(
            "access.jwks_min_refresh_seconds",
            "must not exceed jwks_refresh_seconds",
        ));
    }
    let cookie = cookie
        .map(|name| {
            let valid = !name.is_empty()
                && name
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b"-_.".contains(&byte));
            if valid {
                Ok(name)
            } else {
                Err(invalid(
                    "access.cookie",
                    "a cookie name holds only letters, digits, `-`, `_` and `.`",
                ))
            }
        })
        .transpose()?;
    let algorithms = match algorithms {
        None => default_algorithms(),
        Some(names) => {
            let mut parsed = Vec::new();
            for name in names {
                let algorithm = Algorithm::from_str(name.trim()).map_err(|_| {
                    invalid(
                        "access.algorithms",
                        format!("`{name}` is not a JWS algorithm"),
                    )
                })?;
                if matches!(
                    algorithm,
                    Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512
                ) {
                    return Err(invalid(
                        "access.algorithms",
                        "HMAC algorithms (HS*) are not accepted: tokens are checked against public keys",
                    ));
                }
                parsed.push(algorithm);
            }
            if parsed.is_empty() {
                return Err(invalid("access.algorithms", "name at least one algorithm"));
            }
            parsed
        }
    };
    let groups_claim = groups_claim.unwrap_or_else(|| DEFAULT_GROUPS_CLAIM.to_string());
    if groups_claim.trim().is_empty() {
        return Err(invalid("access.groups_claim", "may not be empty"));
    }
    Ok(OidcConfig {
        issuer,
        audience,
        jwks,
        jwks_refresh: Duration::from_secs(refresh),
        jwks_min_refresh: Duration::from_secs(min_refresh),
        cookie,
        groups_claim,
        algorithms,
        leeway: Duration::from_secs(leeway_seconds.unwrap_or(DEFAULT_LEEWAY_SECONDS)),
    })
}

/// A sign-in address: `https://…`/`http://…`, or a path on this site
/// (`/oauth2/sign_in`).
fn validate_login_url(text: &str) -> Result<(), ConfigError> {
    let is_path = text.starts_with('/') && !text.starts_with("//") && !text.contains('\\');
    let is_url = Url::parse(text)
        .ok()
        .is_some_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some());
    if is_path || is_url {
        Ok(())
    } else {
        Err(invalid(
            "access.login_url",
            format!("`{text}` is neither an http(s) URL nor a path starting with `/`"),
        ))
    }
}
