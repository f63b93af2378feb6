//! Upstream tokens: the Huawei IAM token (`POST {iam}/v3/auth/tokens`,
//! read from `X-Subject-Token`) and the SCNet user token plus the cluster's
//! `aiUrl`. Each is cached, renewed before it expires and dropped when the
//! upstream rejects it, so the next call fetches a fresh one. Renewals that
//! a rejection forces, and new attempts after a failed fetch, are at least
//! the configured minimum interval apart: a provider that keeps answering
//! 401 causes a handful of logins, not one per request.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};
use tokio::sync::Mutex;
use url::Url;

use crate::clock::parse_rfc3339;
use crate::config::{IamPasswordAuth, ScnetTokenAuth};
use crate::secret::Secret;
use crate::sign::scnet::{timestamp_seconds, token_request_headers};

/// IAM tokens last 24 hours.
const IAM_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);
/// SCNet tokens are renewed this long before their configured lifetime ends.
const SCNET_RENEW_MARGIN: Duration = Duration::from_secs(300);
/// How much of a failed token answer is logged.
const LOGGED_BODY_CHARS: usize = 300;

/// Why a token could not be had. Messages never carry a secret.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TokenError {
    #[error("token service could not be reached: {0}")]
    Transport(String),
    #[error("token service answered HTTP {status}")]
    Rejected { status: u16 },
    #[error("token service answered code {code}")]
    ProviderCode { code: String },
    #[error("token answer is not usable: {0}")]
    Malformed(&'static str),
}

fn transport_error(error: &reqwest::Error) -> TokenError {
    // Without the URL: it names only configured hosts, but keep it short.
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    TokenError::Transport(kind.to_string())
}

fn truncated(text: &str) -> String {
    text.chars().take(LOGGED_BODY_CHARS).collect()
}

/// How many token fetches an endpoint made, for `/metrics`.
#[derive(Debug, Default)]
pub struct TokenStats {
    /// Fetches that gave a token.
    pub renewals: AtomicU64,
    /// Fetches that failed.
    pub failures: AtomicU64,
}

/// A cached value plus what limits fetching it again.
struct CacheState<T> {
    current: Option<T>,
    /// When a rejection last dropped the token.
    last_forced: Option<Instant>,
    /// The last failed fetch and its error, repeated to callers until the
    /// minimum interval has passed.
    failure: Option<(Instant, TokenError)>,
}

impl<T> Default for CacheState<T> {
    fn default() -> Self {
        CacheState {
            current: None,
            last_forced: None,
            failure: None,
        }
    }
}

impl<T> CacheState<T> {
    /// The error of a failed fetch less than `min_interval` ago.
    fn recent_failure(&self, min_interval: Duration) -> Option<TokenError> {
        self.failure
            .as_ref()
            .filter(|(at, _)| at.elapsed() < min_interval)
            .map(|(_, error)| error.clone())
    }

    fn note_result<U>(&mut self, result: &Result<U, TokenError>, stats: &TokenStats) {
        match result {
            Ok(_) => {
                self.failure = None;
                stats.renewals.fetch_add(1, Ordering::Relaxed);
            }
            Err(error) => {
                self.failure = Some((Instant::now(), error.clone()));
                stats.failures.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Drops the current value when `is_rejected` says it is the refused
    /// one, unless a rejection already forced a renewal less than
    /// `min_interval` ago. Returns whether a retry may use a new value.
    fn invalidate(&mut self, min_interval: Duration, is_rejected: impl Fn(&T) -> bool) -> bool {
        match self.current.as_ref() {
            Some(current) if is_rejected(current) => {
                if self
                    .last_forced
                    .is_some_and(|at| at.elapsed() < min_interval)
                {
                    return false;
                }
                self.current = None;
                self.last_forced = Some(Instant::now());
                true
            }
            // Another request already renewed it (or is about to).
            _ => true,
        }
    }
}

struct CachedToken {
    token: Secret,
    renew_after: SystemTime,
}

/// A cached Huawei IAM token scoped to one project.
pub struct IamTokenCache {
    http: reqwest::Client,
    auth: IamPasswordAuth,
    min_renewal_interval: Duration,
    stats: TokenStats,
    cached: Mutex<CacheState<CachedToken>>,
}

impl std::fmt::Debug for IamTokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IamTokenCache")
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl IamTokenCache {
    /// A cache that fetches again after a rejection or a failure no sooner
    /// than `min_renewal_interval`.
    pub fn new(
        http: reqwest::Client,
        auth: IamPasswordAuth,
        min_renewal_interval: Duration,
    ) -> Self {
        IamTokenCache {
            http,
            auth,
            min_renewal_interval,
            stats: TokenStats::default(),
            cached: Mutex::new(CacheState::default()),
        }
    }

    /// Token fetches so far.
    pub fn stats(&self) -> &TokenStats {
        &self.stats
    }

    /// The current token, fetching a new one when there is none or it is
    /// about to expire.
    pub async fn token(&self) -> Result<Secret, TokenError> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.current.as_ref() {
            if SystemTime::now() < current.renew_after {
                return Ok(current.token.clone());
            }
        }
        if let Some(error) = cached.recent_failure(self.min_renewal_interval) {
            return Err(error);
        }
        let fresh = self.fetch().await;
        cached.note_result(&fresh, &self.stats);
        let fresh = fresh?;
        let token = fresh.token.clone();
        cached.current = Some(fresh);
        Ok(token)
    }

    /// Forgets `rejected` so the next call fetches a new token, unless a
    /// rejection already forced a renewal within the minimum interval.
    /// Returns whether retrying with a new token makes sense.
    pub async fn invalidate(&self, rejected: &Secret) -> bool {
        let mut cached = self.cached.lock().await;
        cached.invalidate(self.min_renewal_interval, |current| {
            &current.token == rejected
        })
    }

    /// The JSON body of the password flow.
    pub fn request_body(&self) -> Value {
        let scope = match (&self.auth.project_id, &self.auth.project_name) {
            (Some(id), _) => json!({ "project": { "id": id } }),
            (None, Some(name)) => json!({ "project": { "name": name } }),
            (None, None) => json!({ "domain": { "name": self.auth.domain_name } }),
        };
        json!({
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.auth.user_name,
                            "password": self.auth.password.expose(),
                            "domain": { "name": self.auth.domain_name }
                        }
                    }
                },
                "scope": scope
            }
        })
    }

    async fn fetch(&self) -> Result<CachedToken, TokenError> {
        let url = join_url(&self.auth.iam_url, "/v3/auth/tokens");
        let answer = self
            .http
            .post(url)
            .json(&self.request_body())
            .send()
            .await
            .map_err(|error| transport_error(&error))?;
        let status = answer.status();
        let token = answer
            .headers()
            .get("x-subject-token")
            .and_then(|value| value.to_str().ok())
            .map(|value| Secret::new(value.trim()));
        let body = answer.text().await.unwrap_or_default();
        if !status.is_success() {
            tracing::warn!(status = status.as_u16(), body = %truncated(&body), "IAM token request refused");
            return Err(TokenError::Rejected {
                status: status.as_u16(),
            });
        }
        let token = token
            .filter(|token| !token.expose().is_empty())
            .ok_or(TokenError::Malformed("no X-Subject-Token header"))?;
        let now = SystemTime::now();
        let expires_at = serde_json::from_str::<Value>(&body)
            .ok()
            .and_then(|value| {
                value
                    .pointer("/token/expires_at")
                    .and_then(Value::as_str)
                    .and_then(parse_rfc3339)
            })
            .filter(|expires_at| *expires_at > now)
            .unwrap_or(now + IAM_TOKEN_LIFETIME);
        let lifetime = expires_at.duration_since(now).unwrap_or_default();
        // Renew an hour early, or halfway through a short-lived token.
        let margin = self.auth.refresh_before_expiry.min(lifetime / 2);
        tracing::info!(lifetime_seconds = lifetime.as_secs(), "obtained IAM token");
        Ok(CachedToken {
            token,
            renew_after: expires_at - margin,
        })
    }
}

/// A usable SCNet session: the token of one cluster and where its AI API is.
#[derive(Clone)]
pub struct ScnetSession {
    pub token: Secret,
    pub cluster_id: String,
    pub ai_url: Url,
}

impl std::fmt::Debug for ScnetSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScnetSession")
            .field("token", &self.token)
            .field("cluster_id", &self.cluster_id)
            .field("ai_url", &self.ai_url.as_str())
            .finish()
    }
}

struct CachedScnetSession {
    session: ScnetSession,
    renew_after: SystemTime,
}

/// The cached SCNet session of one endpoint (one cluster).
pub struct ScnetSessionCache {
    http: reqwest::Client,
    auth: ScnetTokenAuth,
    min_renewal_interval: Duration,
    stats: TokenStats,
    cached: Mutex<CacheState<CachedScnetSession>>,
}

impl std::fmt::Debug for ScnetSessionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScnetSessionCache")
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

/// One cluster's entry of the token answer.
#[derive(Debug, Clone)]
pub struct ClusterToken {
    pub cluster_id: String,
    pub cluster_name: String,
    pub token: Secret,
}

impl ScnetSessionCache {
    /// A cache that fetches again after a rejection or a failure no sooner
    /// than `min_renewal_interval`.
    pub fn new(
        http: reqwest::Client,
        auth: ScnetTokenAuth,
        min_renewal_interval: Duration,
    ) -> Self {
        ScnetSessionCache {
            http,
            auth,
            min_renewal_interval,
            stats: TokenStats::default(),
            cached: Mutex::new(CacheState::default()),
        }
    }

    /// Token fetches so far.
    pub fn stats(&self) -> &TokenStats {
        &self.stats
    }

    /// The current session, renewing it when it is about to expire.
    pub async fn session(&self) -> Result<ScnetSession, TokenError> {
        let mut cached = self.cached.lock().await;
        if let Some(current) = cached.current.as_ref() {
            if SystemTime::now() < current.renew_after {
                return Ok(current.session.clone());
            }
        }
        if let Some(error) = cached.recent_failure(self.min_renewal_interval) {
            return Err(error);
        }
        let fetched = self.fetch().await;
        cached.note_result(&fetched, &self.stats);
        let session = fetched?;
        let margin = SCNET_RENEW_MARGIN.min(self.auth.token_ttl / 2);
        cached.current = Some(CachedScnetSession {
            session: session.clone(),
            renew_after: SystemTime::now() + self.auth.token_ttl - margin,
        });
        Ok(session)
    }

    /// Forgets a token the upstream rejected, unless a rejection already
    /// forced a renewal within the minimum interval. Returns whether
    /// retrying with a new token makes sense.
    pub async fn invalidate(&self, rejected: &Secret) -> bool {
        let mut cached = self.cached.lock().await;
        cached.invalidate(self.min_renewal_interval, |current| {
            &current.session.token == rejected
        })
    }

    async fn fetch(&self) -> Result<ScnetSession, TokenError> {
        // Unix seconds, in the header and in the signed text.
        let timestamp = timestamp_seconds(SystemTime::now());
        let mut request = self
            .http
            .post(join_url(&self.auth.auth_url, "/api/user/v3/tokens"));
        for (name, value) in token_request_headers(&self.auth.credentials, &timestamp) {
            request = request.header(name, value);
        }
        let answer = request
            .send()
            .await
            .map_err(|error| transport_error(&error))?;
        let status = answer.status();
        let body = answer.text().await.unwrap_or_default();
        if !status.is_success() {
            tracing::warn!(status = status.as_u16(), body = %truncated(&body), "SCNet token request refused");
            return Err(TokenError::Rejected {
                status: status.as_u16(),
            });
        }
        let value: Value = serde_json::from_str(&body)
            .map_err(|_| TokenError::Malformed("token answer is not JSON"))?;
        check_code(&value)?;
        let clusters = parse_cluster_tokens(&value);
        let chosen = choose_cluster(
            &clusters,
            self.auth.cluster_id.as_deref(),
            self.auth.cluster_name.as_deref(),
        )
        .cloned()
        .ok_or(TokenError::Malformed("no token for the configured cluster"))?;
        let ai_url = match &self.auth.ai_url {
            Some(url) => url.clone(),
            None => {
                self.discover_ai_url(&chosen.token, &chosen.cluster_name)
                    .await?
            }
        };
        tracing::info!(cluster_id = %chosen.cluster_id, ai_url = %ai_url, "obtained SCNet token");
        Ok(ScnetSession {
            token: chosen.token,
            cluster_id: chosen.cluster_id,
            ai_url,
        })
    }

    async fn discover_ai_url(&self, token: &Secret, cluster_name: &str) -> Result<Url, TokenError> {
        let answer = self
            .http
            .get(join_url(&self.auth.auth_url, "/ac/openapi/v2/center"))
            .header("token", token.expose())
            .send()
            .await
            .map_err(|error| transport_error(&error))?;
        let status = answer.status();
        let body = answer.text().await.unwrap_or_default();
        if !status.is_success() {
            tracing::warn!(status = status.as_u16(), body = %truncated(&body), "SCNet center request refused");
            return Err(TokenError::Rejected {
                status: status.as_u16(),
            });
        }
        let value: Value = serde_json::from_str(&body)
            .map_err(|_| TokenError::Malformed("center answer is not JSON"))?;
        check_code(&value)?;
        let preferred = Some(cluster_name).filter(|name| !name.is_empty());
        parse_ai_url(&value, preferred)
    }
}

/// `base` with `path` appended to its path.
pub fn join_url(base: &Url, path: &str) -> Url {
    let mut url = base.clone();
    let joined = format!("{}{}", base.path().trim_end_matches('/'), path);
    url.set_path(&joined);
    url
}

/// A string or number field as text.
fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Accepts `code` `"0"`, `0`, or no code at all.
fn check_code(value: &Value) -> Result<(), TokenError> {
    match text_of(value.get("code")) {
        None => Ok(()),
        Some(code) if code == "0" => Ok(()),
        Some(code) => Err(TokenError::ProviderCode { code }),
    }
}

/// The token to use: the configured cluster's (by id, else by name); with
/// neither configured, the first region's, never the platform token
/// (`clusterId "0"`, `clusterName "ac"`), which serves platform-level APIs
/// only ("获取访问凭证").
pub fn choose_cluster<'a>(
    clusters: &'a [ClusterToken],
    cluster_id: Option<&str>,
    cluster_name: Option<&str>,
) -> Option<&'a ClusterToken> {
    let is_platform = |c: &ClusterToken| c.cluster_id == "0" || c.cluster_name == "ac";
    clusters.iter().find(|c| match (cluster_id, cluster_name) {
        (Some(id), _) => c.cluster_id == id,
        (None, Some(name)) => c.cluster_name == name,
        (None, None) => !is_platform(c),
    })
}

/// Cluster tokens from `{data: [{clusterId, clusterName, token}]}`, or a
/// single object, or `data` being the token itself.
pub fn parse_cluster_tokens(value: &Value) -> Vec<ClusterToken> {
    let data = value.get("data").unwrap_or(value);
    let entry = |item: &Value| -> Option<ClusterToken> {
        let token = text_of(item.get("token"))?;
        if token.is_empty() {
            return None;
        }
        Some(ClusterToken {
            cluster_id: text_of(item.get("clusterId")).unwrap_or_default(),
            cluster_name: text_of(item.get("clusterName")).unwrap_or_default(),
            token: Secret::new(token),
        })
    };
    match data {
        Value::Array(items) => items.iter().filter_map(entry).collect(),
        Value::Object(_) => entry(data).into_iter().collect(),
        Value::String(token) if !token.is_empty() => vec![ClusterToken {
            cluster_id: String::new(),
            cluster_name: String::new(),
            token: Secret::new(token.clone()),
        }],
        _ => Vec::new(),
    }
}

/// Whether a center entry may be used: `enable` absent, `true` or `"true"`.
fn is_enabled(entry: &serde_json::Map<String, Value>) -> bool {
    match entry.get("enable") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(enabled)) => *enabled,
        Some(Value::String(text)) => text.trim() == "true",
        Some(_) => false,
    }
}

/// The enabled `url`s of one `aiUrls` list, in order.
fn enabled_urls(list: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(items)) = list else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Object(entry) if is_enabled(entry) => entry
                .get("url")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|url| !url.is_empty())
                .map(str::to_string),
            _ => None,
        })
        .collect()
}

/// The enabled AI URLs of a center answer (`GET /ac/openapi/v2/center`), in
/// the order to try them. Both documented shapes are read:
///
/// - `data` an object with `aiUrls: [{url, enable}]` (what the clients of
///   the API read);
/// - `data` an array of centres `[{name, aiUrls: [{url, enable}], …}]` (the
///   type the doc page's table gives); centres named `preferred_name` come
///   first.
///
/// An entry (a URL or a centre) carrying `enable` counts only when it is
/// `true` or `"true"` (SCNet Open API 2.0, "获取授权区域": use a URL whose
/// `enable` is true).
pub fn enabled_ai_urls(value: &Value, preferred_name: Option<&str>) -> Vec<String> {
    match value.get("data") {
        Some(Value::Object(data)) if is_enabled(data) => enabled_urls(data.get("aiUrls")),
        Some(Value::Array(centres)) => {
            let mut centres: Vec<&serde_json::Map<String, Value>> = centres
                .iter()
                .filter_map(Value::as_object)
                .filter(|centre| is_enabled(centre))
                .collect();
            if let Some(preferred) = preferred_name {
                // A stable sort keeps the answer's order otherwise.
                centres.sort_by_key(|centre| {
                    centre.get("name").and_then(Value::as_str) != Some(preferred)
                });
            }
            centres
                .into_iter()
                .flat_map(|centre| enabled_urls(centre.get("aiUrls")))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Whether `url`'s host is a loopback address (`127.0.0.0/8`, `::1`,
/// `localhost`).
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(address)) => IpAddr::V4(address).is_loopback(),
        Some(url::Host::Ipv6(address)) => IpAddr::V6(address).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// An AI URL the gateway will send the token to: `https://`, or plain
/// `http://` only to a loopback host (a local emulator). The path loses its
/// trailing `/`; query and fragment are dropped.
pub fn usable_ai_url(text: &str) -> Result<Url, TokenError> {
    let mut url =
        Url::parse(text.trim()).map_err(|_| TokenError::Malformed("aiUrl is not a URL"))?;
    let secure = match url.scheme() {
        "https" => url.host_str().is_some(),
        "http" => is_loopback(&url),
        _ => false,
    };
    if !secure {
        return Err(TokenError::Malformed(
            "aiUrl is not https (plain http is accepted only for a loopback host)",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(TokenError::Malformed("aiUrl carries user info"));
    }
    let trimmed = url.path().trim_end_matches('/').to_string();
    url.set_path(&trimmed);
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// The AI URL to use from a center answer: the first enabled one (see
/// [`enabled_ai_urls`]) that [`usable_ai_url`] accepts.
pub fn parse_ai_url(value: &Value, preferred_name: Option<&str>) -> Result<Url, TokenError> {
    let candidates = enabled_ai_urls(value, preferred_name);
    let mut refusal = TokenError::Malformed("center answer names no enabled aiUrl");
    for candidate in candidates {
        match usable_ai_url(&candidate) {
            Ok(url) => return Ok(url),
            Err(error) => refusal = error,
        }
    }
    Err(refusal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cluster_tokens_leniently() {
        let answer = json!({"code": "0", "msg": "ok", "data": [
            {"clusterId": 11250, "clusterName": "east", "token": "t1"},
            {"clusterId": "11276", "clusterName": "west", "token": "t2"},
            {"clusterId": "x", "token": ""}
        ]});
        let clusters = parse_cluster_tokens(&answer);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters[0].cluster_id, "11250");
        assert_eq!(clusters[1].token.expose(), "t2");
        assert_eq!(
            parse_cluster_tokens(&json!({"code": 0, "data": "only"})).len(),
            1
        );
    }

    #[test]
    fn the_platform_token_is_never_chosen_by_default() {
        let clusters = parse_cluster_tokens(&json!({"code": "0", "data": [
            {"clusterId": "0", "clusterName": "ac", "token": "platform"},
            {"clusterId": "11250", "clusterName": "east", "token": "t1"},
            {"clusterId": "11276", "clusterName": "west", "token": "t2"}
        ]}));
        let pick =
            |id, name| choose_cluster(&clusters, id, name).map(|c| c.token.expose().to_string());
        assert_eq!(pick(None, None).as_deref(), Some("t1"));
        assert_eq!(pick(Some("11276"), None).as_deref(), Some("t2"));
        assert_eq!(pick(None, Some("west")).as_deref(), Some("t2"));
        assert_eq!(pick(Some("0"), None).as_deref(), Some("platform"));
        assert_eq!(pick(Some("99"), None), None);
    }

    fn ai_url(value: &Value) -> Option<String> {
        parse_ai_url(value, None).ok().map(|url| url.to_string())
    }

    #[test]
    fn reads_center_data_as_object() {
        let answer = json!({"code": "0", "data": {"aiUrls": [
            {"url": "https://disabled.example:65011", "enable": "false"},
            {"url": "https://ai1.example:65011/", "enable": "true"}
        ], "hpcUrls": [{"url": "https://hpc.example", "enable": "true"}]}});
        assert_eq!(
            ai_url(&answer).as_deref(),
            Some("https://ai1.example:65011/")
        );
        // A boolean flag and a missing flag are accepted too.
        let answer = json!({"code": "0", "data": {"aiUrls": [{"url": "https://ai2.example", "enable": true}]}});
        assert_eq!(ai_url(&answer).as_deref(), Some("https://ai2.example/"));
        let answer =
            json!({"code": "0", "data": {"aiUrls": [{"url": "https://ai3.example/base/"}]}});
        assert_eq!(ai_url(&answer).as_deref(), Some("https://ai3.example/base"));
    }

    #[test]
    fn reads_center_data_as_array_of_centres() {
        let answer = json!({"code": "0", "msg": "success", "data": [
            {"name": "west", "aiUrls": [{"url": "https://west.example", "enable": "true"}]},
            {"name": "east", "aiUrls": [
                {"url": "https://east-off.example", "enable": "false"},
                {"url": "https://east.example:65011", "enable": "true"}
            ]}
        ]});
        // The answer's order, or the configured cluster's centre first.
        assert_eq!(ai_url(&answer).as_deref(), Some("https://west.example/"));
        assert_eq!(
            parse_ai_url(&answer, Some("east"))
                .map(|url| url.to_string())
                .ok(),
            Some("https://east.example:65011/".to_string())
        );
        // A centre with no aiUrls is skipped.
        let answer = json!({"code": "0", "data": [
            {"name": "hpc-only", "hpcUrls": [{"url": "https://hpc.example", "enable": "true"}]},
            {"name": "ai", "aiUrls": [{"url": "https://ai.example", "enable": "true"}]}
        ]});
        assert_eq!(ai_url(&answer).as_deref(), Some("https://ai.example/"));
    }

    #[test]
    fn refuses_disabled_and_missing_urls() {
        for answer in [
            json!({"code": "0", "data": {"aiUrls": [{"url": "https://a.example", "enable": "false"}]}}),
            json!({"code": "0", "data": {"aiUrls": [{"url": "https://a.example", "enable": false}]}}),
            json!({"code": "0", "data": {"aiUrls": [{"url": "https://a.example", "enable": "yes"}]}}),
            json!({"code": "0", "data": [{"name": "x", "aiUrls": [{"url": "https://a.example", "enable": "0"}]}]}),
            json!({"code": "0", "data": {"aiUrls": []}}),
            json!({"code": "0", "data": {}}),
            json!({"code": "0", "data": null}),
        ] {
            assert!(parse_ai_url(&answer, None).is_err(), "{answer}");
        }
    }

    #[test]
    fn requires_https_except_for_loopback() {
        let only_http = json!({"code": "0", "data": {"aiUrls": [
            {"url": "http://ai.example:65011", "enable": "true"}
        ]}});
        assert!(parse_ai_url(&only_http, None).is_err());
        // An https entry after a plain-http one is taken.
        let mixed = json!({"code": "0", "data": {"aiUrls": [
            {"url": "http://ai.example:65011", "enable": "true"},
            {"url": "https://ai.example:65012", "enable": "true"}
        ]}});
        assert_eq!(ai_url(&mixed).as_deref(), Some("https://ai.example:65012/"));
        for local in [
            "http://127.0.0.1:8080/proxy/scnet",
            "http://[::1]:8080",
            "http://localhost:8080",
        ] {
            assert!(usable_ai_url(local).is_ok(), "{local}");
        }
        for refused in [
            "http://10.0.0.1:8080",
            "http://127.0.0.1.example.com",
            "ftp://ai.example",
            "https://user:pass@ai.example",
            "not a url",
        ] {
            assert!(usable_ai_url(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn code_check() {
        assert!(check_code(&json!({"code": "0"})).is_ok());
        assert!(check_code(&json!({"code": 0})).is_ok());
        assert!(check_code(&json!({"code": "10009"})).is_err());
    }

    #[test]
    fn joins_paths() {
        let base = Url::parse("https://iam.example.com/base").expect("url");
        assert_eq!(
            join_url(&base, "/v3/auth/tokens").as_str(),
            "https://iam.example.com/base/v3/auth/tokens"
        );
    }
}
