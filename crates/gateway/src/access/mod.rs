//! Who may use the gateway and what each caller may do.
//!
//! **Who**: `mode = "none"` (nobody is asked; only on loopback),
//! `"trusted-header"` (identity headers from an SSO proxy, believed only
//! from the proxy's addresses) or `"oidc"` (a bearer token verified against
//! the identity provider's keys).
//!
//! **What**: a role per endpoint — `viewer` reads, `operator` also starts,
//! stops and restarts, `admin` also creates, edits and deletes — granted to
//! users and groups; the highest matching grant wins.

pub mod cidr;
pub mod config;
pub mod oidc;

use std::net::SocketAddr;

use axum::http::{HeaderMap, HeaderName};
use serde::{Deserialize, Serialize};

pub use config::{AccessConfig, AccessMode, Grant};
use oidc::OidcVerifier;

/// Longest user name accepted from a proxy header.
const MAX_NAME_CHARS: usize = 256;
/// At most this many groups are taken from a proxy header.
const MAX_GROUPS: usize = 256;

/// What a caller may do on an endpoint; each role includes the ones before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Lists and reads instances.
    Viewer,
    /// Also starts, stops, restarts (and queues) them.
    Operator,
    /// Also creates, edits and deletes them.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }
}

/// An identified caller. In mode `none` the name is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Caller {
    pub name: Option<String>,
    pub groups: Vec<String>,
}

/// Why a caller is not identified (shown to the caller; never a token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unauthenticated {
    pub reason: String,
}

/// The access policy the server runs with.
#[derive(Debug)]
pub struct Access {
    config: AccessConfig,
    oidc: Option<OidcVerifier>,
}

impl Access {
    /// `http` loads the OIDC key set when it is a URL.
    pub fn new(config: &AccessConfig, http: reqwest::Client) -> Self {
        let oidc = match &config.mode {
            AccessMode::Oidc(oidc) => Some(OidcVerifier::new(oidc.clone(), http)),
            _ => None,
        };
        Access {
            config: config.clone(),
            oidc,
        }
    }

    pub fn mode(&self) -> &AccessMode {
        &self.config.mode
    }

    pub fn login_url(&self) -> Option<&str> {
        self.config.login_url.as_deref()
    }

    /// Request headers that carry identity to the gateway and must not go
    /// upstream (besides `Authorization`, `Cookie` and `X-Forwarded-*`,
    /// which never do).
    pub fn identity_headers(&self) -> Vec<HeaderName> {
        match &self.config.mode {
            AccessMode::TrustedHeader(trusted) => {
                vec![trusted.user_header.clone(), trusted.groups_header.clone()]
            }
            _ => Vec::new(),
        }
    }

    /// Identifies the caller of a request that came from `peer`.
    pub async fn authenticate(
        &self,
        headers: &HeaderMap,
        peer: Option<SocketAddr>,
    ) -> Result<Caller, Unauthenticated> {
        let refuse = |reason: &str| Unauthenticated {
            reason: reason.to_string(),
        };
        match &self.config.mode {
            AccessMode::None => Ok(Caller::default()),
            AccessMode::TrustedHeader(trusted) => {
                let from_proxy = peer.is_some_and(|peer| {
                    trusted
                        .trusted_proxies
                        .iter()
                        .any(|network| network.contains(peer.ip()))
                });
                if !from_proxy {
                    // Identity headers from anyone else are ignored.
                    return Err(refuse(
                        "sign in through the single sign-on proxy: this request did not come from it",
                    ));
                }
                let name = headers
                    .get(&trusted.user_header)
                    .and_then(|value| std::str::from_utf8(value.as_bytes()).ok())
                    .map(str::trim)
                    .filter(|name| !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS)
                    .ok_or_else(|| refuse("the single sign-on proxy named no user"))?;
                let groups = headers
                    .get_all(&trusted.groups_header)
                    .iter()
                    .filter_map(|value| std::str::from_utf8(value.as_bytes()).ok())
                    .flat_map(|value| value.split(','))
                    .map(str::trim)
                    .filter(|group| !group.is_empty())
                    .take(MAX_GROUPS)
                    .map(str::to_string)
                    .collect();
                Ok(Caller {
                    name: Some(name.to_string()),
                    groups,
                })
            }
            AccessMode::Oidc(_) => {
                let Some(verifier) = &self.oidc else {
                    return Err(refuse("token verification is not set up"));
                };
                let token = verifier
                    .token_of(headers)
                    .ok_or_else(|| refuse("sign in first: the request carries no token"))?;
                verifier
                    .verify(token)
                    .await
                    .map_err(|reason| Unauthenticated { reason })
            }
        }
    }

    /// The caller's role on the endpoint `prefix`, `None` for no access.
    /// In mode `none` everyone is `admin`.
    pub fn role_for(&self, caller: &Caller, prefix: &str) -> Option<Role> {
        if matches!(self.config.mode, AccessMode::None) {
            return Some(Role::Admin);
        }
        self.config
            .grants
            .iter()
            .filter(|grant| grant.covers_endpoint(prefix))
            .filter(|grant| grant.covers_caller(caller.name.as_deref(), &caller.groups))
            .map(|grant| grant.role)
            .max()
    }

    /// Whether identification works (the OIDC key set can be had).
    pub async fn check_ready(&self) -> Result<(), String> {
        match &self.oidc {
            Some(verifier) => verifier.check_ready().await,
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::config::AccessFile;
    use axum::http::HeaderValue;

    fn access(text: &str, listen: &str) -> Result<Access, crate::config::ConfigError> {
        let file: AccessFile = toml::from_str(text).expect("toml");
        let config = file.resolve(&["modelarts", "pai-dsw"], listen.parse().expect("addr"))?;
        Ok(Access::new(&config, reqwest::Client::new()))
    }

    const TRUSTED: &str = r#"
mode = "trusted-header"
trusted_proxies = ["127.0.0.1/32", "10.1.0.0/16"]
[[grants]]
endpoints = ["*"]
groups = ["ml"]
role = "viewer"
[[grants]]
endpoints = ["modelarts"]
users = ["admin-user"]
role = "admin"
[[grants]]
endpoints = "pai-dsw"
users = ["*"]
role = "operator"
"#;

    fn headers(user: &str, groups: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-user", HeaderValue::from_str(user).expect("v"));
        headers.insert(
            "x-forwarded-groups",
            HeaderValue::from_str(groups).expect("v"),
        );
        headers
    }

    #[tokio::test]
    async fn trusted_headers_count_only_from_listed_proxies() {
        let access = access(TRUSTED, "0.0.0.0:8081").expect("valid");
        let from_proxy = Some("10.1.2.3:5555".parse().expect("addr"));
        let caller = access
            .authenticate(&headers("admin-user", "ml, ops"), from_proxy)
            .await
            .expect("identified");
        assert_eq!(caller.name.as_deref(), Some("admin-user"));
        assert_eq!(caller.groups, vec!["ml", "ops"]);
        for peer in [Some("10.2.0.1:1".parse().expect("addr")), None] {
            assert!(access
                .authenticate(&headers("admin-user", "ml"), peer)
                .await
                .is_err());
        }
        assert!(access
            .authenticate(&HeaderMap::new(), from_proxy)
            .await
            .is_err());
    }

    #[test]
    fn highest_matching_grant_wins() {
        let access = access(TRUSTED, "0.0.0.0:8081").expect("valid");
        let admin_user = Caller {
            name: Some("admin-user".into()),
            groups: vec!["ml".into()],
        };
        let group_viewer = Caller {
            name: Some("group-viewer".into()),
            groups: vec!["ml".into()],
        };
        let anyone = Caller {
            name: Some("anyone".into()),
            groups: vec![],
        };
        assert_eq!(access.role_for(&admin_user, "modelarts"), Some(Role::Admin));
        assert_eq!(
            access.role_for(&group_viewer, "modelarts"),
            Some(Role::Viewer)
        );
        assert_eq!(
            access.role_for(&group_viewer, "pai-dsw"),
            Some(Role::Operator)
        );
        assert_eq!(access.role_for(&anyone, "modelarts"), None);
        assert_eq!(access.role_for(&anyone, "pai-dsw"), Some(Role::Operator));
    }

    #[test]
    fn mode_none_only_on_loopback() {
        for listen in ["127.0.0.1:8081", "[::1]:8081"] {
            let access = access("mode = \"none\"", listen).expect("loopback is fine");
            assert_eq!(
                access.role_for(&Caller::default(), "modelarts"),
                Some(Role::Admin)
            );
        }
        for listen in ["0.0.0.0:8081", "192.0.2.10:8081", "[::]:8081"] {
            let error = access("mode = \"none\"", listen)
                .expect_err("non-loopback refused")
                .to_string();
            let address: std::net::SocketAddr = listen.parse().expect("addr");
            assert!(error.contains(&address.to_string()), "{error}");
            assert!(
                error.contains("trusted-header") && error.contains("oidc"),
                "{error}"
            );
        }
    }

    #[test]
    fn grants_must_name_known_endpoints_and_someone() {
        let unknown = "mode = \"trusted-header\"\ntrusted_proxies = [\"127.0.0.1\"]\n[[grants]]\nendpoints = [\"nowhere\"]\nusers = [\"a\"]\nrole = \"admin\"";
        assert!(access(unknown, "127.0.0.1:1").is_err());
        let nobody = "mode = \"trusted-header\"\ntrusted_proxies = [\"127.0.0.1\"]\n[[grants]]\nendpoints = [\"*\"]\nrole = \"admin\"";
        assert!(access(nobody, "127.0.0.1:1").is_err());
        let bad_role = "mode = \"trusted-header\"\ntrusted_proxies = [\"127.0.0.1\"]\n[[grants]]\nendpoints = [\"*\"]\nusers = [\"a\"]\nrole = \"owner\"";
        assert!(toml::from_str::<AccessFile>(bad_role).is_err());
        let mixed =
            "mode = \"trusted-header\"\ntrusted_proxies = [\"127.0.0.1\"]\nissuer = \"https://x\"";
        assert!(access(mixed, "127.0.0.1:1").is_err());
        let no_proxies = "mode = \"trusted-header\"";
        assert!(access(no_proxies, "127.0.0.1:1").is_err());
    }
}
