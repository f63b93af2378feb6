//! Bearer tokens (JWT) checked against the identity provider's JSON Web Key
//! Set: signature, issuer, audience, expiry and not-before. The key set is
//! loaded from a URL or a file, kept, loaded again after its refresh
//! interval, and loaded early (at most once per minimum interval) when a
//! token names a key id it does not hold.

use std::time::Instant;

use axum::http::{header, HeaderMap};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde_json::Value;
use tokio::sync::Mutex;

use super::config::{JwksSource, OidcConfig};
use super::Caller;

/// Largest key set read.
const MAX_JWKS_BYTES: usize = 1024 * 1024;
/// Claims a user name is read from, in order.
const NAME_CLAIMS: &[&str] = &["preferred_username", "email", "sub"];
/// At most this many groups are taken from a token.
const MAX_GROUPS: usize = 256;

#[derive(Default)]
struct KeyState {
    keys: Vec<Jwk>,
    loaded_at: Option<Instant>,
    last_attempt: Option<Instant>,
    last_error: Option<String>,
}

/// Verifies bearer tokens for `mode = "oidc"`.
pub struct OidcVerifier {
    config: OidcConfig,
    http: reqwest::Client,
    state: Mutex<KeyState>,
}

impl std::fmt::Debug for OidcVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcVerifier")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl OidcVerifier {
    pub fn new(config: OidcConfig, http: reqwest::Client) -> Self {
        OidcVerifier {
            config,
            http,
            state: Mutex::new(KeyState::default()),
        }
    }

    /// The token of a request: `Authorization: Bearer …`, or the configured
    /// cookie.
    pub fn token_of<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        let bearer = headers
            .get_all(header::AUTHORIZATION)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme
                    .eq_ignore_ascii_case("bearer")
                    .then(|| token.trim())
                    .filter(|token| !token.is_empty())
            });
        bearer.or_else(|| {
            let name = self.config.cookie.as_deref()?;
            headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(';'))
                .find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    (key.trim() == name)
                        .then(|| value.trim().trim_matches('"'))
                        .filter(|value| !value.is_empty())
                })
        })
    }

    /// The caller a token names, or why it is not accepted (a reason fit to
    /// show the caller; never the token).
    pub async fn verify(&self, token: &str) -> Result<Caller, String> {
        let header = decode_header(token).map_err(|_| "the token is not a JWT".to_string())?;
        if !self.config.algorithms.contains(&header.alg) {
            return Err(format!(
                "the token's algorithm {:?} is not accepted",
                header.alg
            ));
        }
        let keys = self.keys(false).await?;
        let mut candidates = matching_keys(&keys, header.kid.as_deref(), header.alg);
        if candidates.is_empty() {
            // A key the set did not have when it was loaded: the provider
            // may have rotated its keys.
            let keys = self.keys(true).await?;
            candidates = matching_keys(&keys, header.kid.as_deref(), header.alg);
        }
        if candidates.is_empty() {
            return Err("the token is signed with an unknown key".to_string());
        }
        let mut validation = Validation::new(header.alg);
        validation.algorithms = vec![header.alg];
        validation.set_issuer(&[self.config.issuer.as_str()]);
        validation.set_audience(&self.config.audience);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = self.config.leeway.as_secs();
        let mut last = "the token's signature does not verify".to_string();
        for jwk in candidates {
            let Ok(key) = DecodingKey::from_jwk(&jwk) else {
                continue;
            };
            match decode::<Value>(token, &key, &validation) {
                Ok(data) => return self.caller_from_claims(&data.claims),
                Err(error) => match error.kind() {
                    ErrorKind::InvalidSignature | ErrorKind::InvalidAlgorithm => {
                        last = describe(error.kind());
                    }
                    kind => return Err(describe(kind)),
                },
            }
        }
        Err(last)
    }

    fn caller_from_claims(&self, claims: &Value) -> Result<Caller, String> {
        let name = NAME_CLAIMS
            .iter()
            .find_map(|claim| {
                claims
                    .get(*claim)
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
            })
            .ok_or_else(|| "the token names no user".to_string())?;
        let groups = match claim_at(claims, &self.config.groups_claim) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|group| !group.is_empty())
                .take(MAX_GROUPS)
                .map(str::to_string)
                .collect(),
            Some(Value::String(group)) if !group.trim().is_empty() => {
                vec![group.trim().to_string()]
            }
            _ => Vec::new(),
        };
        Ok(Caller {
            name: Some(name.to_string()),
            groups,
        })
    }

    /// Whether the key set can be had (for `/readyz`).
    pub async fn check_ready(&self) -> Result<(), String> {
        self.keys(false).await.map(|_| ())
    }

    /// The key set, loading it when there is none, when it is older than
    /// the refresh interval, or when `early` asks (a token named an unknown
    /// key) — never twice within the minimum interval.
    async fn keys(&self, early: bool) -> Result<Vec<Jwk>, String> {
        let mut state = self.state.lock().await;
        let stale = state
            .loaded_at
            .is_none_or(|at| at.elapsed() >= self.config.jwks_refresh);
        let recently_tried = state
            .last_attempt
            .is_some_and(|at| at.elapsed() < self.config.jwks_min_refresh);
        if (stale || early) && !recently_tried {
            state.last_attempt = Some(Instant::now());
            match self.load().await {
                Ok(keys) => {
                    tracing::info!(keys = keys.len(), "loaded the OIDC key set");
                    state.keys = keys;
                    state.loaded_at = Some(Instant::now());
                    state.last_error = None;
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot load the OIDC key set");
                    state.last_error = Some(error);
                }
            }
        }
        if state.keys.is_empty() {
            return Err(format!(
                "the identity provider's keys are not available ({})",
                state.last_error.as_deref().unwrap_or("not loaded yet")
            ));
        }
        Ok(state.keys.clone())
    }

    async fn load(&self) -> Result<Vec<Jwk>, String> {
        let text = match &self.config.jwks {
            JwksSource::File(path) => tokio::fs::read_to_string(path)
                .await
                .map_err(|error| format!("cannot read {}: {}", path.display(), error.kind()))?,
            JwksSource::Url(url) => {
                let mut answer = self
                    .http
                    .get(url.clone())
                    .header("accept", "application/json")
                    .send()
                    .await
                    .map_err(|_| format!("{url} could not be reached"))?;
                if !answer.status().is_success() {
                    return Err(format!("{url} answered HTTP {}", answer.status().as_u16()));
                }
                let mut body = Vec::new();
                while let Some(chunk) = answer
                    .chunk()
                    .await
                    .map_err(|_| format!("{url}: the answer was cut off"))?
                {
                    if body.len() + chunk.len() > MAX_JWKS_BYTES {
                        return Err(format!("{url}: the key set is larger than 1 MiB"));
                    }
                    body.extend_from_slice(&chunk);
                }
                String::from_utf8(body).map_err(|_| format!("{url}: the key set is not UTF-8"))?
            }
        };
        parse_key_set(&text)
    }
}

/// The signing keys of a JWKS document. Keys of types this gateway cannot
/// use, and keys marked `"use": "enc"`, are skipped rather than failing the
/// whole set.
pub fn parse_key_set(text: &str) -> Result<Vec<Jwk>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|_| "the key set is not JSON".to_string())?;
    let items = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| "the key set has no `keys` array".to_string())?;
    let keys: Vec<Jwk> = items
        .iter()
        .filter(|item| item.get("use").and_then(Value::as_str) != Some("enc"))
        .filter_map(|item| serde_json::from_value::<Jwk>(item.clone()).ok())
        .filter(|jwk| {
            matches!(
                jwk.algorithm,
                AlgorithmParameters::RSA(_) | AlgorithmParameters::EllipticCurve(_)
            )
        })
        .collect();
    if keys.is_empty() {
        return Err("the key set holds no RSA or EC signing key".to_string());
    }
    Ok(keys)
}

/// Keys that may have signed a token with `kid` and `alg`: the key with
/// that id (any key, without one) whose type fits the algorithm and whose
/// own `alg`, when it names one, is the token's.
fn matching_keys(keys: &[Jwk], kid: Option<&str>, alg: Algorithm) -> Vec<Jwk> {
    let alg_name = serde_json::to_value(alg).ok();
    keys.iter()
        .filter(|jwk| kid.is_none_or(|kid| jwk.common.key_id.as_deref() == Some(kid)))
        .filter(|jwk| {
            matches!(
                (&jwk.algorithm, alg),
                (
                    AlgorithmParameters::RSA(_),
                    Algorithm::RS256
                        | Algorithm::RS384
                        | Algorithm::RS512
                        | Algorithm::PS256
                        | Algorithm::PS384
                        | Algorithm::PS512,
                ) | (
                    AlgorithmParameters::EllipticCurve(_),
                    Algorithm::ES256 | Algorithm::ES384
                )
            )
        })
        .filter(|jwk| match &jwk.common.key_algorithm {
            None => true,
            Some(key_alg) => serde_json::to_value(key_alg).ok() == alg_name,
        })
        .cloned()
        .collect()
}

/// `claims` at a dotted path (`realm_access.roles`); a key holding the
/// whole path (dots included) wins.
fn claim_at<'a>(claims: &'a Value, path: &str) -> Option<&'a Value> {
    if let Some(value) = claims.get(path) {
        return Some(value);
    }
    path.split('.')
        .try_fold(claims, |value, segment| value.get(segment))
}

fn describe(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::ExpiredSignature => "the token has expired",
        ErrorKind::ImmatureSignature => "the token is not valid yet",
        ErrorKind::InvalidIssuer => "the token was issued by another issuer",
        ErrorKind::InvalidAudience => "the token is meant for another audience",
        ErrorKind::InvalidSignature => "the token's signature does not verify",
        ErrorKind::InvalidAlgorithm => "the token's algorithm does not fit its key",
        ErrorKind::MissingRequiredClaim(_) => "the token lacks a required claim (exp, iss, aud)",
        _ => "the token is not valid",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_nested_group_claims() {
        let claims = json!({"realm_access": {"roles": ["a", "b"]}, "x.y": "flat"});
        assert_eq!(
            claim_at(&claims, "realm_access.roles"),
            Some(&json!(["a", "b"]))
        );
        assert_eq!(claim_at(&claims, "x.y"), Some(&json!("flat")));
        assert_eq!(claim_at(&claims, "missing.path"), None);
    }

    #[test]
    fn key_set_skips_unusable_keys() {
        let text = json!({"keys": [
            {"kty": "OKP", "crv": "X25519", "use": "enc", "x": "AAAA"},
            {"kty": "oct", "k": "c2VjcmV0"},
            {"kty": "RSA", "kid": "r1", "n": "sXch", "e": "AQAB"}
        ]})
        .to_string();
        let keys = parse_key_set(&text).expect("one usable key");
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].common.key_id.as_deref(), Some("r1"));
        assert!(parse_key_set("{\"keys\": []}").is_err());
        assert!(parse_key_set("not json").is_err());
    }
}
