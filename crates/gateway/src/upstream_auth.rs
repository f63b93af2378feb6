//! Per-provider authentication of a forwarded request: ModelArts AK/SK
//! signing or IAM token, PAI-DSW ACS3 signing with the action the route
//! names, SCNet cluster token (and the list filters turned into the JSON
//! body the upstream documents). Credentials come only from configuration.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime};
use url::Url;

use crate::clock::UtcDateTime;
use crate::config::{EndpointAuth, EndpointConfig};
use crate::error::GatewayError;
use crate::proxy::{host_header, ClientRequest, UpstreamRequest};
use crate::secret::Secret;
use crate::sign::acs3::{self, AccessKeyCredentials, Acs3Request, PAI_DSW_VERSION};
use crate::sign::canonical_query;
use crate::sign::modelarts::{self, AccessKeyPair, SdkHmacRequest};
use crate::token::{IamTokenCache, ScnetSessionCache, TokenError, TokenStats};

/// SCNet answer codes that mean the token was not accepted.
const SCNET_AUTH_ERROR_CODES: &[&str] = &["10008", "10009", "401"];
/// The SCNet list route whose filters go into a JSON body.
const SCNET_LIST_PATH: &[&str] = &["ai", "openapi", "v2", "instance-service", "task"];

/// How one endpoint authenticates.
#[derive(Debug)]
pub enum UpstreamAuth {
    ModelArtsAkSk(AccessKeyPair),
    ModelArtsIam(IamTokenCache),
    PaiDsw(AccessKeyCredentials),
    Scnet(ScnetSessionCache),
    /// No authentication: only for a loopback upstream (a local emulator).
    Unsigned,
}

/// Whether a prepared request carries a token that may be renewed.
#[derive(Debug)]
pub enum AuthOutcome {
    Signed,
    Token(Secret),
}

/// A request with its authentication added.
#[derive(Debug)]
pub struct PreparedRequest {
    pub request: UpstreamRequest,
    pub outcome: AuthOutcome,
}

impl UpstreamAuth {
    /// The authentication of one endpoint; token caches fetch again after
    /// a rejection or a failure no sooner than `min_renewal_interval`.
    pub fn new(http: reqwest::Client, auth: &EndpointAuth, min_renewal_interval: Duration) -> Self {
        match auth {
            EndpointAuth::ModelArtsAkSk(keys) => UpstreamAuth::ModelArtsAkSk(keys.clone()),
            EndpointAuth::ModelArtsIamPassword(iam) => UpstreamAuth::ModelArtsIam(
                IamTokenCache::new(http, iam.clone(), min_renewal_interval),
            ),
            EndpointAuth::Acs3(credentials) => UpstreamAuth::PaiDsw(credentials.clone()),
            EndpointAuth::ScnetToken(scnet) => UpstreamAuth::Scnet(ScnetSessionCache::new(
                http,
                scnet.clone(),
                min_renewal_interval,
            )),
            EndpointAuth::Unsigned => UpstreamAuth::Unsigned,
        }
    }

    /// Token fetches of a token-based endpoint; `None` for signing.
    pub fn token_stats(&self) -> Option<&TokenStats> {
        match self {
            UpstreamAuth::ModelArtsIam(cache) => Some(cache.stats()),
            UpstreamAuth::Scnet(cache) => Some(cache.stats()),
            UpstreamAuth::ModelArtsAkSk(_) | UpstreamAuth::PaiDsw(_) | UpstreamAuth::Unsigned => {
                None
            }
        }
    }

    /// Whether the endpoint can authenticate: a token-based endpoint has
    /// (or can fetch) a token; signing needs nothing more.
    pub async fn check_ready(&self) -> Result<(), TokenError> {
        match self {
            UpstreamAuth::ModelArtsIam(cache) => cache.token().await.map(|_| ()),
            UpstreamAuth::Scnet(cache) => cache.session().await.map(|_| ()),
            UpstreamAuth::ModelArtsAkSk(_) | UpstreamAuth::PaiDsw(_) | UpstreamAuth::Unsigned => {
                Ok(())
            }
        }
    }

    /// Builds the upstream request for `client`.
    pub async fn prepare(
        &self,
        endpoint: &EndpointConfig,
        client: &ClientRequest,
    ) -> Result<PreparedRequest, GatewayError> {
        let mut headers = client.headers.clone();
        let mut body = client.body.clone();
        match self {
            UpstreamAuth::ModelArtsAkSk(keys) => {
                default_content_type(&mut headers, &body);
                let (url, full_path) = upstream_url(
                    configured_upstream(endpoint)?,
                    &client.path.encoded,
                    &client.query,
                );
                let host = host_header(&url);
                let sdk_date = UtcDateTime::from_system_time(SystemTime::now()).to_basic_format();
                if let Some(project_id) = &endpoint.project_id {
                    headers.insert("x-project-id", header_value(project_id)?);
                }
                let mut extra_headers = Vec::new();
                for name in ["content-type", "x-project-id"] {
                    if let Some(value) = headers.get(name).and_then(|value| value.to_str().ok()) {
                        extra_headers.push((name.to_string(), value.to_string()));
                    }
                }
                let authorization = modelarts::authorization(
                    keys,
                    &SdkHmacRequest {
                        method: client.method.as_str(),
                        encoded_path: &full_path,
                        query: &client.query,
                        host: &host,
                        sdk_date: &sdk_date,
                        extra_headers: &extra_headers,
                        body: &body,
                    },
                );
                headers.insert(header::HOST, header_value(&host)?);
                headers.insert("x-sdk-date", header_value(&sdk_date)?);
                headers.insert(header::AUTHORIZATION, header_value(&authorization)?);
                Ok(prepared(client, url, headers, body, AuthOutcome::Signed))
            }
            UpstreamAuth::ModelArtsIam(cache) => {
                default_content_type(&mut headers, &body);
                let (url, _) = upstream_url(
                    configured_upstream(endpoint)?,
                    &client.path.encoded,
                    &client.query,
                );
                let token = cache.token().await?;
                headers.insert("x-auth-token", header_value(token.expose())?);
                if let Some(project_id) = &endpoint.project_id {
                    headers.insert("x-project-id", header_value(project_id)?);
                }
                Ok(prepared(
                    client,
                    url,
                    headers,
                    body,
                    AuthOutcome::Token(token),
                ))
            }
            UpstreamAuth::PaiDsw(credentials) => {
                let action = pai_dsw_action(&client.method, &client.path.segments)
                    .ok_or(GatewayError::PathNotForwarded)?;
                default_content_type(&mut headers, &body);
                let (url, full_path) = upstream_url(
                    configured_upstream(endpoint)?,
                    &client.path.encoded,
                    &client.query,
                );
                let host = host_header(&url);
                let date = UtcDateTime::from_system_time(SystemTime::now()).to_iso8601();
                let nonce = uuid::Uuid::new_v4().to_string();
                let content_type = headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_string);
                let signed = acs3::signed_headers(
                    credentials,
                    &Acs3Request {
                        method: client.method.as_str(),
                        encoded_path: &full_path,
                        query: &client.query,
                        host: &host,
                        content_type: content_type.as_deref(),
                        body: &body,
                        action,
                        version: PAI_DSW_VERSION,
                        date: &date,
                        nonce: &nonce,
                    },
                );
                for (name, value) in signed {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        GatewayError::Credentials(TokenError::Malformed("header name"))
                    })?;
                    headers.insert(name, header_value(&value)?);
                }
                Ok(prepared(client, url, headers, body, AuthOutcome::Signed))
            }
            UpstreamAuth::Unsigned => {
                if endpoint.provider == crate::config::Provider::Scnet {
                    scnet_list_body_for(client, &mut body);
                }
                default_content_type(&mut headers, &body);
                let (url, _) = upstream_url(
                    configured_upstream(endpoint)?,
                    &client.path.encoded,
                    &client.query,
                );
                if let (Some(project_id), crate::config::Provider::ModelArts) =
                    (&endpoint.project_id, endpoint.provider)
                {
                    headers.insert("x-project-id", header_value(project_id)?);
                }
                Ok(prepared(client, url, headers, body, AuthOutcome::Signed))
            }
            UpstreamAuth::Scnet(cache) => {
                let session = cache.session().await?;
                scnet_list_body_for(client, &mut body);
                default_content_type(&mut headers, &body);
                let (url, _) = upstream_url(&session.ai_url, &client.path.encoded, &client.query);
                headers.insert("token", header_value(session.token.expose())?);
                Ok(prepared(
                    client,
                    url,
                    headers,
                    body,
                    AuthOutcome::Token(session.token),
                ))
            }
        }
    }

    /// Whether an answer says the token was refused, so one renewal and
    /// retry is worth it.
    pub fn is_auth_rejection(&self, status: StatusCode, body: &[u8]) -> bool {
        match self {
            UpstreamAuth::ModelArtsIam(_) => status == StatusCode::UNAUTHORIZED,
            UpstreamAuth::Scnet(_) => {
                status == StatusCode::UNAUTHORIZED
                    || serde_json::from_slice::<Value>(body)
                        .ok()
                        .is_some_and(|value| {
                            let code = match value.get("code") {
                                Some(Value::String(code)) => code.clone(),
                                Some(Value::Number(code)) => code.to_string(),
                                _ => return false,
                            };
                            SCNET_AUTH_ERROR_CODES.contains(&code.as_str())
                        })
            }
            UpstreamAuth::ModelArtsAkSk(_) | UpstreamAuth::PaiDsw(_) | UpstreamAuth::Unsigned => {
                false
            }
        }
    }

    /// Drops a refused token; returns whether a retry may use a new one
    /// (not when a rejection already forced a renewal within the minimum
    /// interval).
    pub async fn invalidate(&self, token: &Secret) -> bool {
        match self {
            UpstreamAuth::ModelArtsIam(cache) => cache.invalidate(token).await,
            UpstreamAuth::Scnet(cache) => cache.invalidate(token).await,
            UpstreamAuth::ModelArtsAkSk(_) | UpstreamAuth::PaiDsw(_) | UpstreamAuth::Unsigned => {
                false
            }
        }
    }
}

/// The SCNet list call's filters as the JSON body of the GET (when the
/// client sent none).
fn scnet_list_body_for(client: &ClientRequest, body: &mut Bytes) {
    if client.method == Method::GET && body.is_empty() && client.path.segments == SCNET_LIST_PATH {
        *body = Bytes::from(scnet_list_body(&client.query).to_string());
    }
}

fn prepared(
    client: &ClientRequest,
    url: Url,
    headers: HeaderMap,
    body: Bytes,
    outcome: AuthOutcome,
) -> PreparedRequest {
    PreparedRequest {
        request: UpstreamRequest {
            method: client.method.clone(),
            url,
            headers,
            body,
        },
        outcome,
    }
}

fn configured_upstream(endpoint: &EndpointConfig) -> Result<&Url, GatewayError> {
    endpoint
        .upstream
        .as_ref()
        .ok_or(GatewayError::UpstreamUnreachable("no upstream configured"))
}

fn default_content_type(headers: &mut HeaderMap, body: &Bytes) {
    if !body.is_empty() && !headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
}

fn header_value(text: &str) -> Result<HeaderValue, GatewayError> {
    HeaderValue::from_str(text).map_err(|_| {
        GatewayError::Credentials(TokenError::Malformed("value is not a valid header"))
    })
}

/// The upstream URL (`base` path + provider path, canonical query) and its
/// full path as signed.
pub fn upstream_url(base: &Url, encoded_path: &str, query: &[(String, String)]) -> (Url, String) {
    let mut url = base.clone();
    let full_path = format!("{}{}", base.path().trim_end_matches('/'), encoded_path);
    url.set_path(&full_path);
    let query = canonical_query(query);
    url.set_query(if query.is_empty() { None } else { Some(&query) });
    (url, full_path)
}

/// The `x-acs-action` of a PAI-DSW route, `None` for routes not forwarded.
pub fn pai_dsw_action(method: &Method, segments: &[String]) -> Option<&'static str> {
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["api", "v2", "instances"]) => Some("ListInstances"),
        ("POST", ["api", "v2", "instances"]) => Some("CreateInstance"),
        ("GET", ["api", "v2", "instances", _]) => Some("GetInstance"),
        ("PUT", ["api", "v2", "instances", _]) => Some("UpdateInstance"),
        ("DELETE", ["api", "v2", "instances", _]) => Some("DeleteInstance"),
        ("PUT", ["api", "v2", "instances", _, "start"]) => Some("StartInstance"),
        ("PUT", ["api", "v2", "instances", _, "stop"]) => Some("StopInstance"),
        ("GET", ["api", "v2", "instances", _, "events"]) => Some("GetInstanceEvents"),
        ("GET", ["api", "v2", "instances", _, "lifecycle"]) => Some("GetLifecycle"),
        // Singular `instance`, as the SDKs address it.
        ("GET", ["api", "v2", "instance", _, "metrics"]) => Some("GetInstanceMetrics"),
        ("POST", ["api", "v2", "instances", _, "shutdowntimer"]) => {
            Some("CreateInstanceShutdownTimer")
        }
        ("GET", ["api", "v2", "instances", _, "shutdowntimer"]) => Some("GetInstanceShutdownTimer"),
        ("DELETE", ["api", "v2", "instances", _, "shutdowntimer"]) => {
            Some("DeleteInstanceShutdownTimer")
        }
        ("POST", ["api", "v2", "instances", _, "idleinstanceculler"]) => {
            Some("CreateIdleInstanceCuller")
        }
        ("GET", ["api", "v2", "instances", _, "idleinstanceculler"]) => {
            Some("GetIdleInstanceCuller")
        }
        ("DELETE", ["api", "v2", "instances", _, "idleinstanceculler"]) => {
            Some("DeleteIdleInstanceCuller")
        }
        ("PUT", ["api", "v2", "batch", "instances", "stop"]) => Some("StopInstances"),
        ("PUT", ["api", "v2", "batch", "instances", "delete"]) => Some("DeleteInstances"),
        ("GET", ["api", "v2", "ecsspecs"]) => Some("ListEcsSpecs"),
        _ => None,
    }
}

/// The JSON body of the SCNet list call, from the console's query
/// parameters: `instanceServiceName` (a list), `status`, `taskType`,
/// `start`, `limit`, `sort`; absent filters are `null`, as in the
/// provider's example.
pub fn scnet_list_body(query: &[(String, String)]) -> Value {
    let values = |key: &str| -> Vec<&str> {
        query
            .iter()
            .filter(|(name, value)| name == key && !value.is_empty())
            .map(|(_, value)| value.as_str())
            .collect()
    };
    let text = |key: &str| -> Value {
        values(key)
            .first()
            .map_or(Value::Null, |value| json!(value))
    };
    let number = |key: &str| -> Value {
        values(key)
            .first()
            .map_or(Value::Null, |value| match value.parse::<i64>() {
                Ok(number) => json!(number),
                Err(_) => json!(value),
            })
    };
    let names = values("instanceServiceName");
    json!({
        "instanceServiceName": if names.is_empty() { Value::Null } else { json!(names) },
        "status": text("status"),
        "taskType": text("taskType"),
        "start": number("start"),
        "limit": number("limit"),
        "sort": text("sort"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(path: &str) -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn maps_dsw_routes_to_actions() {
        let cases = [
            (Method::GET, "/api/v2/instances", Some("ListInstances")),
            (Method::POST, "/api/v2/instances", Some("CreateInstance")),
            (Method::GET, "/api/v2/instances/dsw-1", Some("GetInstance")),
            (
                Method::PUT,
                "/api/v2/instances/dsw-1",
                Some("UpdateInstance"),
            ),
            (
                Method::DELETE,
                "/api/v2/instances/dsw-1",
                Some("DeleteInstance"),
            ),
            (
                Method::PUT,
                "/api/v2/instances/dsw-1/start",
                Some("StartInstance"),
            ),
            (
                Method::PUT,
                "/api/v2/instances/dsw-1/stop",
                Some("StopInstance"),
            ),
            (Method::GET, "/api/v2/ecsspecs", Some("ListEcsSpecs")),
            (
                Method::GET,
                "/api/v2/instances/dsw-1/events",
                Some("GetInstanceEvents"),
            ),
            (
                Method::GET,
                "/api/v2/instances/dsw-1/lifecycle",
                Some("GetLifecycle"),
            ),
            (
                Method::GET,
                "/api/v2/instance/dsw-1/metrics",
                Some("GetInstanceMetrics"),
            ),
            (
                Method::POST,
                "/api/v2/instances/dsw-1/shutdowntimer",
                Some("CreateInstanceShutdownTimer"),
            ),
            (
                Method::GET,
                "/api/v2/instances/dsw-1/shutdowntimer",
                Some("GetInstanceShutdownTimer"),
            ),
            (
                Method::DELETE,
                "/api/v2/instances/dsw-1/shutdowntimer",
                Some("DeleteInstanceShutdownTimer"),
            ),
            (
                Method::POST,
                "/api/v2/instances/dsw-1/idleinstanceculler",
                Some("CreateIdleInstanceCuller"),
            ),
            (
                Method::GET,
                "/api/v2/instances/dsw-1/idleinstanceculler",
                Some("GetIdleInstanceCuller"),
            ),
            (
                Method::DELETE,
                "/api/v2/instances/dsw-1/idleinstanceculler",
                Some("DeleteIdleInstanceCuller"),
            ),
            (
                Method::PUT,
                "/api/v2/batch/instances/stop",
                Some("StopInstances"),
            ),
            (
                Method::PUT,
                "/api/v2/batch/instances/delete",
                Some("DeleteInstances"),
            ),
            (Method::POST, "/api/v2/instances/dsw-1/start", None),
            (Method::GET, "/api/v2/workspaces", None),
            // Wrong method, wrong noun or an extra segment: not forwarded.
            (Method::POST, "/api/v2/instances/dsw-1/events", None),
            (Method::GET, "/api/v2/instances/dsw-1/metrics", None),
            (Method::GET, "/api/v2/instance/dsw-1/events", None),
            (Method::PUT, "/api/v2/instances/dsw-1/shutdowntimer", None),
            (
                Method::PUT,
                "/api/v2/instances/dsw-1/idleinstanceculler",
                None,
            ),
            (Method::POST, "/api/v2/batch/instances/stop", None),
            (Method::DELETE, "/api/v2/batch/instances/delete", None),
            (Method::PUT, "/api/v2/batch/instances/start", None),
            (Method::GET, "/api/v2/instances/dsw-1/events/extra", None),
            (Method::GET, "/api/v2/instance/dsw-1/metrics/extra", None),
            (Method::PUT, "/api/v2/batch/instances/stop/extra", None),
        ];
        for (method, path, action) in cases {
            assert_eq!(
                pai_dsw_action(&method, &segments(path)),
                action,
                "{method} {path}"
            );
        }
    }

    #[test]
    fn builds_scnet_list_body() {
        let query = vec![
            ("taskType".to_string(), "jupyter".to_string()),
            ("start".to_string(), "0".to_string()),
            ("limit".to_string(), "20".to_string()),
            ("sort".to_string(), "desc".to_string()),
            ("instanceServiceName".to_string(), "demo".to_string()),
        ];
        assert_eq!(
            scnet_list_body(&query),
            json!({"instanceServiceName": ["demo"], "status": null, "taskType": "jupyter", "start": 0, "limit": 20, "sort": "desc"})
        );
    }

    #[test]
    fn builds_upstream_url_with_base_path() {
        let base = Url::parse("https://ai.example.com:65011/base").expect("url");
        let query = vec![
            ("b".to_string(), "2".to_string()),
            ("a".to_string(), "x y".to_string()),
        ];
        let (url, path) = upstream_url(&base, "/ai/openapi/v2/instance-service/task", &query);
        assert_eq!(path, "/base/ai/openapi/v2/instance-service/task");
        assert_eq!(
            url.as_str(),
            "https://ai.example.com:65011/base/ai/openapi/v2/instance-service/task?a=x%20y&b=2"
        );
    }
}
