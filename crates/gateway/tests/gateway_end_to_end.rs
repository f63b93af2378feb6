//! End to end, in process, on ephemeral ports: the gateway in front of the
//! emulator (acting as the three providers' upstream, wrapped in a layer
//! that records what it receives and answers), plus a fake identity server
//! for the IAM and SCNet token flows.
//!
//! Checks that requests arrive signed (and that the signature covers what
//! arrived) or with the right token, that client credentials never reach
//! upstream, that answers pass through unchanged (request-id headers
//! included, the provider's own CORS headers excluded), and that requests
//! naming another host or a path outside the endpoint's API, oversized
//! bodies, slow upstreams and unknown origins are refused — with no secret
//! in any answer.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use devenv_gateway::config::{ConfigFormat, ConfigOverrides, GatewayConfig};
use devenv_gateway::secret::Secret;
use devenv_gateway::sign::modelarts::{self, AccessKeyPair, SdkHmacRequest};
use devenv_gateway::sign::{acs3, hex_lower, hmac_sha256, scnet, sha256_hex};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PROJECT: &str = "0b1c2d3e4f5a";
const HUAWEI_AK: &str = "E2E-HUAWEI-ACCESS-KEY";
const HUAWEI_SK: &str = "E2E-HUAWEI-SECRET-KEY-5f1c";
const IAM_PASSWORD: &str = "E2E-IAM-PASSWORD-9d2e";
const ALIBABA_AK: &str = "E2E-ALIBABA-ACCESS-KEY-ID";
const ALIBABA_SK: &str = "E2E-ALIBABA-SECRET-7a3b";
const ALIBABA_STS: &str = "E2E-ALIBABA-STS-TOKEN-4c8d";
const SCNET_USER: &str = "e2e-user";
const SCNET_AK: &str = "E2E-SCNET-ACCESS-KEY";
const SCNET_SK: &str = "E2E-SCNET-SECRET-KEY-1e6f";
const SECRETS: &[&str] = &[
    HUAWEI_AK,
    HUAWEI_SK,
    IAM_PASSWORD,
    ALIBABA_AK,
    ALIBABA_SK,
    ALIBABA_STS,
    SCNET_AK,
    SCNET_SK,
];
const CLIENT_SECRET: &str = "client-supplied-credential";
const ALLOWED_ORIGIN: &str = "https://console.example.com";

// ---- recording upstream ----

/// One request the upstream received, and what it answered.
#[derive(Debug, Clone)]
struct Exchange {
    method: String,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Bytes,
    status: StatusCode,
    response_body: Bytes,
}

#[derive(Clone, Default)]
struct Recorder {
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Recorder {
    fn all(&self) -> Vec<Exchange> {
        self.exchanges.lock().expect("recorder lock").clone()
    }

    fn last(&self) -> Exchange {
        self.all()
            .last()
            .cloned()
            .expect("upstream received a request")
    }

    fn clear(&self) {
        self.exchanges.lock().expect("recorder lock").clear();
    }
}

async fn record(State(recorder): State<Recorder>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let method = parts.method.to_string();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let headers = parts.headers.clone();
    let response = next
        .run(Request::from_parts(parts, Body::from(body.clone())))
        .await;
    let (response_parts, response_body) = response.into_parts();
    let response_body = to_bytes(response_body, usize::MAX)
        .await
        .unwrap_or_default();
    recorder
        .exchanges
        .lock()
        .expect("recorder lock")
        .push(Exchange {
            method,
            path,
            query,
            headers,
            body,
            status: response_parts.status,
            response_body: response_body.clone(),
        });
    Response::from_parts(response_parts, Body::from(response_body))
}

// ---- fake identity server (IAM, SCNet tokens and center) ----

#[derive(Clone, Default)]
struct FakeIdentity {
    iam_calls: Arc<AtomicUsize>,
    scnet_token_calls: Arc<AtomicUsize>,
    center_calls: Arc<AtomicUsize>,
    slow_calls: Arc<AtomicUsize>,
    ai_url: Arc<Mutex<String>>,
}

async fn iam_tokens(State(identity): State<FakeIdentity>, Json(body): Json<Value>) -> Response {
    let password = body
        .pointer("/auth/identity/password/user/password")
        .and_then(Value::as_str);
    let project = body
        .pointer("/auth/scope/project/id")
        .and_then(Value::as_str);
    if password != Some(IAM_PASSWORD) || project != Some(PROJECT) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": {"code": 401, "message": "wrong"}})),
        )
            .into_response();
    }
    let call = identity.iam_calls.fetch_add(1, Ordering::SeqCst) + 1;
    let mut response = (
        StatusCode::CREATED,
        Json(json!({"token": {"expires_at": "2099-01-01T00:00:00.000000Z"}})),
    )
        .into_response();
    response.headers_mut().insert(
        "x-subject-token",
        format!("iam-token-{call}").parse().expect("header"),
    );
    response
}

async fn scnet_tokens(State(identity): State<FakeIdentity>, headers: HeaderMap) -> Json<Value> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let credentials = scnet::ScnetCredentials {
        user: header("user"),
        access_key: Secret::new(header("accessKey")),
        secret_key: Secret::new(SCNET_SK),
    };
    let expected = scnet::signature(&credentials, &header("timestamp"));
    if header("user") != SCNET_USER
        || header("accessKey") != SCNET_AK
        || header("signature") != expected
    {
        return Json(json!({"code": "10002", "msg": "signature mismatch", "data": null}));
    }
    // The timestamp is Unix seconds (10 digits), close to now.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    let timestamp = header("timestamp");
    let fresh = timestamp.len() == 10
        && timestamp
            .parse::<u64>()
            .is_ok_and(|seconds| seconds.abs_diff(now) <= 300);
    if !fresh {
        return Json(
            json!({"code": "10004", "msg": "timestamp is not Unix seconds", "data": null}),
        );
    }
    let call = identity.scnet_token_calls.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({"code": "0", "msg": "success", "data": [
        {"clusterId": "2", "clusterName": "west", "token": "other-cluster-token"},
        {"clusterId": 11250, "clusterName": "east", "token": format!("scnet-token-{call}")}
    ]}))
}

async fn scnet_center(State(identity): State<FakeIdentity>, headers: HeaderMap) -> Json<Value> {
    let token = headers
        .get("token")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if !token.starts_with("scnet-token-") {
        return Json(json!({"code": "10009", "msg": "no permission"}));
    }
    identity.center_calls.fetch_add(1, Ordering::SeqCst);
    let ai_url = identity.ai_url.lock().expect("lock").clone();
    // A disabled entry first: choosing it would fail (nothing listens on
    // port 9).
    Json(json!({"code": "0", "msg": "success", "data": {"aiUrls": [
        {"url": "http://127.0.0.1:9", "enable": "false"},
        {"url": ai_url, "enable": "true"}
    ]}}))
}

async fn broken_tokens() -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, "token service down").into_response()
}

async fn slow_upstream(State(identity): State<FakeIdentity>) -> &'static str {
    identity.slow_calls.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(3)).await;
    "{}"
}

/// An upstream that answers with request ids and CORS headers of its own.
async fn headers_upstream() -> Response {
    let mut response = (
        StatusCode::OK,
        Json(json!({"RequestId": "dsw-req-7", "Instances": [], "TotalCount": 0})),
    )
        .into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-request-id", "ma-req-7"),
        ("x-acs-request-id", "dsw-req-7"),
        ("access-control-allow-origin", "*"),
        ("access-control-allow-credentials", "true"),
        ("access-control-allow-methods", "GET, POST, DELETE"),
        ("access-control-expose-headers", "x-provider-internal"),
        ("access-control-max-age", "86400"),
    ] {
        headers.insert(name, value.parse().expect("header"));
    }
    response
}

// ---- harness ----

/// A directory removed when dropped.
struct TempDir {
    path: std::path::PathBuf,
}

impl TempDir {
    fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "devenv-gateway-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir { path }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

async fn serve(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    address
}

struct Harness {
    /// Keeps the audit log's directory until the test ends.
    _audit_dir: TempDir,
    gateway: String,
    gateway_address: SocketAddr,
    config: GatewayConfig,
    recorder: Recorder,
    identity: FakeIdentity,
    http: reqwest::Client,
}

impl Harness {
    async fn start() -> Harness {
        let recorder = Recorder::default();
        let options = devenv_emulator::Options {
            require_header: vec![devenv_emulator::cli::parse_required_header(
                "scnet=token:scnet-token-2",
            )
            .expect("rule")],
            ..devenv_emulator::Options::default()
        };
        let upstream = devenv_emulator::app(options)
            .layer(middleware::from_fn_with_state(recorder.clone(), record));
        let upstream_address = serve(upstream).await;

        let identity = FakeIdentity::default();
        *identity.ai_url.lock().expect("lock") = format!("http://{upstream_address}/proxy/scnet");
        let identity_router = Router::new()
            .route("/iam/v3/auth/tokens", post(iam_tokens))
            .route("/scnet/api/user/v3/tokens", post(scnet_tokens))
            .route("/scnet/ac/openapi/v2/center", get(scnet_center))
            .route("/broken/api/user/v3/tokens", post(broken_tokens))
            .route("/slow/{*rest}", any(slow_upstream))
            .route("/headers/{*rest}", any(headers_upstream))
            .with_state(identity.clone());
        let identity_address = serve(identity_router).await;

        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway");
        let gateway_address = listener.local_addr().expect("address");
        let audit_dir = TempDir::new("e2e-audit");
        let audit_path = audit_dir.path.join("audit.jsonl");
        let audit_path = audit_path.display();
        let config_text = format!(
            r#"
listen = "{gateway_address}"
cors_allowed_origins = ["{ALLOWED_ORIGIN}"]
allowed_hosts = ["{gateway_address}"]
upstream_timeout_seconds = 1
max_body_bytes = 4096

[access]
mode = "none"

[audit]
path = "{audit_path}"

[[endpoints]]
prefix = "modelarts"
provider = "modelarts"
region = "cn-north-4"
upstream = "http://{upstream_address}/proxy/modelarts"
project_id = "{PROJECT}"
auth = {{ method = "sdk-hmac-sha256", access_key = "env:E2E_HUAWEI_AK", secret_key = "env:E2E_HUAWEI_SK" }}

[[endpoints]]
prefix = "modelarts-iam"
provider = "modelarts"
upstream = "http://{upstream_address}/proxy/modelarts"
project_id = "{PROJECT}"
auth = {{ method = "iam-password", iam_url = "http://{identity_address}/iam", user_name = "e2e", domain_name = "e2e-domain", password = "env:E2E_IAM_PASSWORD" }}

[[endpoints]]
prefix = "pai-dsw"
provider = "pai-dsw"
region = "cn-hangzhou"
upstream = "http://{upstream_address}/proxy/pai-dsw"
auth = {{ method = "acs3-hmac-sha256", access_key_id = "env:E2E_ALIBABA_AK", access_key_secret = "env:E2E_ALIBABA_SK", security_token = "env:E2E_ALIBABA_STS" }}

[[endpoints]]
prefix = "scnet"
provider = "scnet"
auth = {{ method = "scnet-token", auth_url = "http://{identity_address}/scnet", cluster_id = "11250", user = "{SCNET_USER}", access_key = "env:E2E_SCNET_AK", secret_key = "env:E2E_SCNET_SK" }}

[[endpoints]]
prefix = "scnet-broken"
provider = "scnet"
auth = {{ method = "scnet-token", auth_url = "http://{identity_address}/broken", user = "{SCNET_USER}", access_key = "env:E2E_SCNET_AK", secret_key = "env:E2E_SCNET_SK" }}

[[endpoints]]
prefix = "slow"
provider = "modelarts"
upstream = "http://{identity_address}/slow"
project_id = "{PROJECT}"
auth = {{ method = "sdk-hmac-sha256", access_key = "env:E2E_HUAWEI_AK", secret_key = "env:E2E_HUAWEI_SK" }}

[[endpoints]]
prefix = "modelarts-headers"
provider = "modelarts"
upstream = "http://{identity_address}/headers"
project_id = "p1"
auth = {{ method = "sdk-hmac-sha256", access_key = "env:E2E_HUAWEI_AK", secret_key = "env:E2E_HUAWEI_SK" }}

[[endpoints]]
prefix = "pai-dsw-headers"
provider = "pai-dsw"
upstream = "http://{identity_address}/headers"
auth = {{ method = "acs3-hmac-sha256", access_key_id = "env:E2E_ALIBABA_AK", access_key_secret = "env:E2E_ALIBABA_SK" }}

[[endpoints]]
prefix = "scnet-narrow"
provider = "scnet"
allowed_path_prefixes = ["/ai/openapi/v2/instance-service/task"]
auth = {{ method = "scnet-token", auth_url = "http://{identity_address}/scnet", cluster_id = "11250", user = "{SCNET_USER}", access_key = "env:E2E_SCNET_AK", secret_key = "env:E2E_SCNET_SK" }}
"#
        );
        let env: HashMap<String, String> = [
            ("E2E_HUAWEI_AK", HUAWEI_AK),
            ("E2E_HUAWEI_SK", HUAWEI_SK),
            ("E2E_IAM_PASSWORD", IAM_PASSWORD),
            ("E2E_ALIBABA_AK", ALIBABA_AK),
            ("E2E_ALIBABA_SK", ALIBABA_SK),
            ("E2E_ALIBABA_STS", ALIBABA_STS),
            ("E2E_SCNET_AK", SCNET_AK),
            ("E2E_SCNET_SK", SCNET_SK),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
        let config = GatewayConfig::from_text(
            &config_text,
            ConfigFormat::Toml,
            &ConfigOverrides::default(),
            &env,
        )
        .expect("test configuration is valid");
        let router = devenv_gateway::build_router(&config).expect("gateway builds");
        tokio::spawn(devenv_gateway::serve(
            listener,
            router,
            Duration::from_secs(5),
            std::future::pending(),
        ));
        // The console sends this header on every request; writes without it
        // are refused.
        let mut console_headers = reqwest::header::HeaderMap::new();
        console_headers.insert("x-devenv-console", "1".parse().expect("header"));
        Harness {
            _audit_dir: audit_dir,
            gateway: format!("http://{gateway_address}"),
            gateway_address,
            config,
            recorder,
            identity,
            http: reqwest::Client::builder()
                .default_headers(console_headers)
                .build()
                .expect("client"),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.gateway)
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

/// `(name, value)` of the headers an `Authorization` says it signed.
fn signed_header_values(headers: &HeaderMap, signed: &str) -> Vec<(String, String)> {
    signed
        .split(';')
        .map(|name| (name.to_string(), header(headers, name).to_string()))
        .collect()
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

/// Recomputes the SDK-HMAC-SHA256 signature over what the upstream received.
fn assert_modelarts_signature_covers(exchange: &Exchange) {
    let authorization = header(&exchange.headers, "authorization");
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("SignedHeaders");
    let extra: Vec<(String, String)> = signed_header_values(&exchange.headers, signed)
        .into_iter()
        .filter(|(name, _)| name != "host" && name != "x-sdk-date")
        .collect();
    let query = query_pairs(&exchange.query);
    let recomputed = modelarts::authorization(
        &AccessKeyPair {
            access_key: Secret::new(HUAWEI_AK),
            secret_key: Secret::new(HUAWEI_SK),
        },
        &SdkHmacRequest {
            method: &exchange.method,
            encoded_path: &exchange.path,
            query: &query,
            host: header(&exchange.headers, "host"),
            sdk_date: header(&exchange.headers, "x-sdk-date"),
            extra_headers: &extra,
            body: &exchange.body,
        },
    );
    assert_eq!(
        authorization, recomputed,
        "signature covers the received request"
    );
}

/// Recomputes the ACS3 signature over what the upstream received.
fn assert_acs3_signature_covers(exchange: &Exchange) {
    let authorization = header(&exchange.headers, "authorization");
    let rest = authorization
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .expect("ACS3 authorization");
    let mut fields = HashMap::new();
    for part in rest.split(',') {
        if let Some((key, value)) = part.split_once('=') {
            fields.insert(key.trim(), value.trim());
        }
    }
    assert_eq!(fields.get("Credential"), Some(&ALIBABA_AK));
    let signed = fields.get("SignedHeaders").expect("SignedHeaders");
    let signed_names: Vec<&str> = signed.split(';').collect();
    for name in ["host", "x-acs-accesskey-id", "x-acs-security-token"] {
        assert!(signed_names.contains(&name), "{name} is signed: {signed}");
    }
    let headers = signed_header_values(&exchange.headers, signed);
    let (canonical, _) = acs3::canonical_request(
        &exchange.method,
        &exchange.path,
        &query_pairs(&exchange.query),
        &headers,
        &exchange.body,
    );
    let signature = hex_lower(&hmac_sha256(
        ALIBABA_SK.as_bytes(),
        acs3::string_to_sign(&canonical).as_bytes(),
    ));
    assert_eq!(fields.get("Signature"), Some(&signature.as_str()));
    assert_eq!(
        header(&exchange.headers, "x-acs-content-sha256"),
        sha256_hex(&exchange.body)
    );
}

fn assert_no_client_credentials(exchange: &Exchange) {
    // x-auth-token and token may be the gateway's own; their values are
    // checked below.
    for name in [
        "cookie",
        "x-forwarded-host",
        "proxy-authorization",
        "x-custom-hop",
    ] {
        assert!(
            exchange.headers.get(name).is_none(),
            "{name} reached upstream"
        );
    }
    for (name, value) in &exchange.headers {
        let value = value.to_str().unwrap_or_default();
        assert!(
            !value.contains(CLIENT_SECRET),
            "client credential reached upstream in {name}"
        );
        assert!(
            !value.contains("evil.example"),
            "client host reached upstream in {name}"
        );
    }
}

/// A request carrying every credential a client might try to pass along.
fn with_client_credentials(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
        .header("authorization", format!("Bearer {CLIENT_SECRET}"))
        .header("x-auth-token", CLIENT_SECRET)
        .header("token", CLIENT_SECRET)
        .header("cookie", format!("session={CLIENT_SECRET}"))
        .header("x-acs-action", "DeleteInstance")
        .header("x-acs-security-token", CLIENT_SECRET)
        .header("x-sdk-date", "20000101T000000Z")
        .header("x-forwarded-host", "evil.example")
        .header("proxy-authorization", format!("Basic {CLIENT_SECRET}"))
        .header("connection", "x-custom-hop")
        .header("x-custom-hop", CLIENT_SECRET)
}

fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "secret leaked: {text}");
    }
}

// ---- tests ----

#[tokio::test]
async fn modelarts_requests_arrive_signed_without_client_credentials() {
    let harness = Harness::start().await;
    let list_path = format!(
        "/proxy/modelarts/v1/{PROJECT}/demanager/instances?de_type=Notebook&limit=10&offset=0"
    );
    let answer = with_client_credentials(harness.http.get(harness.url(&list_path)))
        .send()
        .await
        .expect("list");
    let status = answer.status().as_u16();
    let body = answer.bytes().await.expect("body");
    let exchange = harness.recorder.last();
    assert_eq!(
        exchange.path,
        format!("/proxy/modelarts/v1/{PROJECT}/demanager/instances")
    );
    let authorization = header(&exchange.headers, "authorization");
    assert!(
        authorization.starts_with(&format!("SDK-HMAC-SHA256 Access={HUAWEI_AK}, SignedHeaders=host;x-project-id;x-sdk-date, Signature=")),
        "{authorization}"
    );
    let sdk_date = header(&exchange.headers, "x-sdk-date");
    assert_eq!(sdk_date.len(), 16);
    assert!(
        sdk_date.as_bytes()[8] == b'T' && sdk_date.ends_with('Z') && !sdk_date.starts_with("2000")
    );
    assert_eq!(header(&exchange.headers, "x-project-id"), PROJECT);
    assert_modelarts_signature_covers(&exchange);
    assert_no_client_credentials(&exchange);
    // The answer is the upstream's, unchanged.
    assert_eq!(status, exchange.status.as_u16());
    assert_eq!(body, exchange.response_body);
    assert_eq!(status, 200);

    // A create with a body is signed over that body and its content type.
    let create = json!({"name": "e2e-notebook", "description": "from the gateway test",
        "flavor": "modelarts.vm.cpu.2u", "profile_id": "Python3-ubuntu18.04-x86_64-cpu",
        "spec": {"storage": {"type": "evs", "size": 5}}});
    let answer = with_client_credentials(
        harness
            .http
            .post(harness.url(&format!(
                "/proxy/modelarts/v1/{PROJECT}/demanager/instances"
            )))
            .json(&create),
    )
    .send()
    .await
    .expect("create");
    let status = answer.status().as_u16();
    let body = answer.bytes().await.expect("body");
    let exchange = harness.recorder.last();
    assert_eq!(exchange.method, "POST");
    assert!(header(&exchange.headers, "authorization")
        .contains("SignedHeaders=content-type;host;x-project-id;x-sdk-date"));
    assert_eq!(
        serde_json::from_slice::<Value>(&exchange.body).expect("json body"),
        create
    );
    assert_modelarts_signature_covers(&exchange);
    assert_no_client_credentials(&exchange);
    assert_eq!(
        (status, body),
        (exchange.status.as_u16(), exchange.response_body)
    );
}

#[tokio::test]
async fn modelarts_iam_token_is_fetched_once_and_sent() {
    let harness = Harness::start().await;
    for _ in 0..2 {
        let answer = with_client_credentials(harness.http.get(harness.url(&format!(
            "/proxy/modelarts-iam/v1/{PROJECT}/demanager/instances?de_type=Notebook"
        ))))
        .send()
        .await
        .expect("list");
        assert_eq!(answer.status(), 200);
        assert!(answer.headers().get("x-subject-token").is_none());
        let exchange = harness.recorder.last();
        assert_eq!(header(&exchange.headers, "x-auth-token"), "iam-token-1");
        assert_eq!(header(&exchange.headers, "x-project-id"), PROJECT);
        assert!(exchange.headers.get("authorization").is_none());
        assert_no_client_credentials(&exchange);
    }
    assert_eq!(
        harness.identity.iam_calls.load(Ordering::SeqCst),
        1,
        "token is cached"
    );
}

#[tokio::test]
async fn pai_dsw_requests_carry_acs3_signature_with_the_route_action() {
    let harness = Harness::start().await;
    let routes = [
        (
            "GET",
            "/api/v2/instances?WorkspaceId=40823&PageSize=10",
            "ListInstances",
        ),
        ("POST", "/api/v2/instances", "CreateInstance"),
        ("GET", "/api/v2/instances/dsw-missing", "GetInstance"),
        ("PUT", "/api/v2/instances/dsw-missing", "UpdateInstance"),
        (
            "PUT",
            "/api/v2/instances/dsw-missing/start",
            "StartInstance",
        ),
        (
            "PUT",
            "/api/v2/instances/dsw-missing/stop?SaveImage=false",
            "StopInstance",
        ),
        ("DELETE", "/api/v2/instances/dsw-missing", "DeleteInstance"),
        (
            "GET",
            "/api/v2/ecsspecs?AcceleratorType=CPU",
            "ListEcsSpecs",
        ),
        (
            "GET",
            "/api/v2/instances/dsw-missing/events?StartTime=2026-01-01T00%3A00%3A00Z&MaxEventsNum=50",
            "GetInstanceEvents",
        ),
        (
            "GET",
            "/api/v2/instances/dsw-missing/lifecycle?Order=DESC&Limit=5",
            "GetLifecycle",
        ),
        (
            "GET",
            "/api/v2/instance/dsw-missing/metrics?MetricType=CpuCoreUsage&StartTime=2026-01-01T00%3A00%3A00Z&EndTime=2026-01-01T01%3A00%3A00Z&TimeStep=5m",
            "GetInstanceMetrics",
        ),
        (
            "POST",
            "/api/v2/instances/dsw-missing/shutdowntimer",
            "CreateInstanceShutdownTimer",
        ),
        (
            "GET",
            "/api/v2/instances/dsw-missing/shutdowntimer",
            "GetInstanceShutdownTimer",
        ),
        (
            "DELETE",
            "/api/v2/instances/dsw-missing/shutdowntimer",
            "DeleteInstanceShutdownTimer",
        ),
        (
            "POST",
            "/api/v2/instances/dsw-missing/idleinstanceculler",
            "CreateIdleInstanceCuller",
        ),
        (
            "GET",
            "/api/v2/instances/dsw-missing/idleinstanceculler",
            "GetIdleInstanceCuller",
        ),
        (
            "DELETE",
            "/api/v2/instances/dsw-missing/idleinstanceculler",
            "DeleteIdleInstanceCuller",
        ),
        ("PUT", "/api/v2/batch/instances/stop", "StopInstances"),
        ("PUT", "/api/v2/batch/instances/delete", "DeleteInstances"),
    ];
    for (method, path, action) in routes {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = with_client_credentials(harness.http.request(
            method.clone(),
            harness.url(&format!("/proxy/pai-dsw{path}")),
        ));
        if path.contains("/shutdowntimer") && method == reqwest::Method::POST {
            request = request.json(&json!({"RemainingTimeInMs": 3_600_000}));
        } else if path.contains("/idleinstanceculler") && method == reqwest::Method::POST {
            request = request.json(&json!({"CpuPercentThreshold": 20, "MaxIdleTimeInMinutes": 60}));
        } else if path.starts_with("/api/v2/batch/") {
            request = request.json(&json!({"InstanceIds": ["dsw-missing"]}));
        } else if method == reqwest::Method::POST {
            request = request.json(&json!({"WorkspaceId": "40823", "InstanceName": "e2e_dsw",
                "EcsSpec": "ecs.g6.large", "ImageUrl": "registry.example/image:1"}));
        }
        let answer = request.send().await.expect("dsw request");
        let status = answer.status().as_u16();
        let body = answer.bytes().await.expect("body");
        let exchange = harness.recorder.last();
        assert_eq!(
            header(&exchange.headers, "x-acs-action"),
            action,
            "{method} {path}"
        );
        assert_eq!(header(&exchange.headers, "x-acs-version"), "2022-01-01");
        // STS: both the security token and the AccessKey id are sent.
        assert_eq!(
            header(&exchange.headers, "x-acs-security-token"),
            ALIBABA_STS
        );
        assert_eq!(header(&exchange.headers, "x-acs-accesskey-id"), ALIBABA_AK);
        assert!(header(&exchange.headers, "x-acs-date").ends_with('Z'));
        assert!(!header(&exchange.headers, "x-acs-signature-nonce").is_empty());
        assert_acs3_signature_covers(&exchange);
        assert_no_client_credentials(&exchange);
        assert_eq!(
            (status, body),
            (exchange.status.as_u16(), exchange.response_body.clone()),
            "{method} {path}"
        );
    }
    // A route with no documented action is not forwarded.
    harness.recorder.clear();
    let answer = harness
        .http
        .get(harness.url("/proxy/pai-dsw/api/v2/workspaces"))
        .send()
        .await
        .expect("unknown route");
    assert_eq!(answer.status(), 404);
    assert!(harness.recorder.all().is_empty());
}

#[tokio::test]
async fn scnet_requests_carry_the_cluster_token_renewed_once_on_rejection() {
    let harness = Harness::start().await;
    let answer = with_client_credentials(harness.http.get(harness.url(
        "/proxy/scnet/ai/openapi/v2/instance-service/task?taskType=jupyter&start=0&limit=20&sort=desc",
    )))
    .send()
    .await
    .expect("list");
    let status = answer.status().as_u16();
    let body = answer.bytes().await.expect("body");
    let exchanges = harness.recorder.all();
    assert_eq!(exchanges.len(), 2, "first token rejected, one retry");
    assert_eq!(header(&exchanges[0].headers, "token"), "scnet-token-1");
    assert_eq!(exchanges[0].status, StatusCode::UNAUTHORIZED);
    let exchange = &exchanges[1];
    assert_eq!(header(&exchange.headers, "token"), "scnet-token-2");
    assert_eq!(status, 200);
    assert_eq!(body, exchange.response_body);
    assert_eq!(harness.identity.scnet_token_calls.load(Ordering::SeqCst), 2);
    assert_eq!(harness.identity.center_calls.load(Ordering::SeqCst), 2);
    assert!(exchange.headers.get("authorization").is_none());
    assert_no_client_credentials(exchange);
    // The filters also travel as the JSON body of the GET.
    let sent: Value = serde_json::from_slice(&exchange.body).expect("JSON body");
    assert_eq!(
        sent,
        json!({"instanceServiceName": null, "status": null, "taskType": "jupyter", "start": 0, "limit": 20, "sort": "desc"})
    );
    let answer_json: Value = serde_json::from_slice(&body).expect("JSON answer");
    assert_eq!(answer_json["code"], "0");

    // The session is reused.
    harness
        .http
        .get(harness.url("/proxy/scnet/ai/openapi/v2/instance-service/task"))
        .send()
        .await
        .expect("second list");
    assert_eq!(harness.identity.scnet_token_calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn provider_errors_pass_through_unchanged() {
    let harness = Harness::start().await;
    let cases = [
        format!("/proxy/modelarts/v1/{PROJECT}/demanager/instances/no-such-instance"),
        format!("/proxy/modelarts/v1/{PROJECT}/demanager/instances"), // de_type missing: 400
        "/proxy/pai-dsw/api/v2/instances/dsw-no-such-instance".to_string(),
        "/proxy/scnet/ai/openapi/v2/instance-service/no-such-instance/detail".to_string(),
    ];
    for path in cases {
        let answer = harness
            .http
            .get(harness.url(&path))
            .send()
            .await
            .expect("request");
        let status = answer.status();
        let content_type = answer.headers().get("content-type").cloned();
        let body = answer.bytes().await.expect("body");
        let exchange = harness.recorder.last();
        assert!(
            status.is_client_error(),
            "{path}: {status} is a provider error"
        );
        assert_eq!(status, exchange.status, "{path}");
        assert_eq!(body, exchange.response_body, "{path}");
        assert!(content_type.is_some());
    }
    let answer = harness
        .http
        .get(harness.url(&format!(
            "/proxy/modelarts/v1/{PROJECT}/demanager/instances/no-such-instance"
        )))
        .send()
        .await
        .expect("request");
    // Whatever status the provider gives a missing instance (ModelArts
    // documents 400 for ModelArts.6309), it is the provider's answer, not
    // the gateway's 404 for a path it does not forward.
    assert_eq!(answer.status(), harness.recorder.last().status);
    assert!(
        answer.headers().get("x-devenv-gateway-error").is_none(),
        "the provider's own answer"
    );
}

/// Sends raw HTTP/1.1 and returns the status code.
async fn raw_status(address: SocketAddr, request: &str) -> u16 {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn requests_naming_another_host_or_path_are_refused() {
    let harness = Harness::start().await;
    let host = harness.gateway_address;
    let list = format!("v1/{PROJECT}/demanager/instances?de_type=Notebook");
    let cases = [
        // absolute-form target
        (format!("GET http://evil.example/proxy/modelarts/{list} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"), 400),
        // a Host that is not the gateway's
        (format!("GET /proxy/modelarts/{list} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"), 400),
        // a protocol-relative path after the prefix
        (format!("GET /proxy/modelarts//evil.example/{list} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 400),
        // dot segments, plain and encoded
        (format!("GET /proxy/modelarts/v1/{PROJECT}/../../../evil HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 400),
        (format!("GET /proxy/modelarts/v1/%2e%2e/%2E%2E/evil HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 400),
        // an encoded slash
        (format!("GET /proxy/modelarts/v1/{PROJECT}/demanager%2F..%2Fevil HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 400),
        // unknown prefix, and a URL as the prefix
        (format!("GET /proxy/evil.example/{list} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 404),
        (format!("GET /proxy/http:%2F%2Fevil.example/{list} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 404),
        // another project, or an API outside the endpoint's
        (format!("GET /proxy/modelarts/v1/other-project/demanager/instances HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 404),
        (format!("GET /proxy/modelarts/v3/auth/tokens HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"), 404),
    ];
    for (request, expected) in cases {
        assert_eq!(raw_status(host, &request).await, expected, "{request}");
    }
    assert!(
        harness.recorder.all().is_empty(),
        "nothing reached the upstream"
    );
    // X-Forwarded-Host does not choose the upstream either.
    let answer = harness
        .http
        .get(harness.url(&format!("/proxy/modelarts/{list}")))
        .header("x-forwarded-host", "evil.example")
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 200);
    let exchange = harness.recorder.last();
    assert!(exchange.headers.get("x-forwarded-host").is_none());
}

#[tokio::test]
async fn body_size_and_upstream_time_are_bounded() {
    let harness = Harness::start().await;
    let big = "x".repeat(5000);
    let answer = harness
        .http
        .post(harness.url(&format!(
            "/proxy/modelarts/v1/{PROJECT}/demanager/instances"
        )))
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .expect("big body");
    assert_eq!(answer.status(), 413);
    // Without Content-Length (chunked), the limit holds while reading.
    let chunked = format!(
        "POST /proxy/modelarts/v1/{PROJECT}/demanager/instances HTTP/1.1\r\nHost: {}\r\nX-DevEnv-Console: 1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
        harness.gateway_address,
        big.len()
    );
    assert_eq!(raw_status(harness.gateway_address, &chunked).await, 413);
    assert!(harness.recorder.all().is_empty());

    // A slow upstream: the request reached it, and the answer is the
    // gateway's own timeout error.
    let answer = harness
        .http
        .get(harness.url(&format!("/proxy/slow/v1/{PROJECT}/demanager/instances")))
        .send()
        .await
        .expect("slow");
    assert_eq!(answer.status(), 504);
    assert_eq!(
        header_of(&answer, "x-devenv-gateway-error"),
        "Gateway.UpstreamTimeout"
    );
    let body: Value = answer.json().await.expect("JSON error body");
    assert_eq!(body["error_code"], "Gateway.UpstreamTimeout");
    assert_eq!(harness.identity.slow_calls.load(Ordering::SeqCst), 1);
}

fn header_of(answer: &reqwest::Response, name: &str) -> String {
    answer
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn no_secret_in_debug_output_or_error_answers() {
    let harness = Harness::start().await;
    assert_no_secret(&format!("{:?}", harness.config));
    assert_no_secret(&format!("{:#?}", harness.config));
    let requests = [
        (
            "GET",
            "/proxy/scnet-broken/ai/openapi/v2/instance-service/task",
            502,
        ),
        ("GET", "/proxy/nowhere/v1/x", 404),
        (
            "GET",
            "/proxy/slow/v1/0b1c2d3e4f5a/demanager/instances",
            504,
        ),
        ("GET", "/proxy/modelarts/v1/a%2Fb", 400),
        ("PATCH", "/proxy/pai-dsw/api/v2/instances", 404),
    ];
    for (method, path, expected) in requests {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let answer = harness
            .http
            .request(method, harness.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status().as_u16(), expected, "{path}");
        let headers = format!("{:?}", answer.headers());
        let body = answer.text().await.expect("body");
        assert_no_secret(&headers);
        assert_no_secret(&body);
        assert!(!body.is_empty());
    }
    // A gateway error keeps the provider's error shape.
    let answer = harness
        .http
        .get(harness.url("/proxy/scnet-broken/ai/openapi/v2/instance-service/task"))
        .send()
        .await
        .expect("request");
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["code"], "Gateway.Credentials");
}

#[tokio::test]
async fn cors_preflights_are_answered_only_for_listed_origins() {
    let harness = Harness::start().await;
    let path = format!("/proxy/modelarts/v1/{PROJECT}/demanager/instances");
    let preflight = |origin: &'static str| {
        harness
            .http
            .request(reqwest::Method::OPTIONS, harness.url(&path))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight(ALLOWED_ORIGIN).await.expect("preflight");
    assert_eq!(allowed.status(), 204);
    assert_eq!(
        header_of(&allowed, "access-control-allow-origin"),
        ALLOWED_ORIGIN
    );
    assert!(header_of(&allowed, "access-control-allow-methods").contains("POST"));
    assert_eq!(
        header_of(&allowed, "access-control-allow-headers"),
        "content-type"
    );

    let refused = preflight("https://evil.example").await.expect("preflight");
    assert_eq!(refused.status(), 403);
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    let simple = harness
        .http
        .get(harness.url(&format!("{path}?de_type=Notebook")))
        .header("origin", ALLOWED_ORIGIN)
        .send()
        .await
        .expect("get");
    assert_eq!(simple.status(), 200);
    assert_eq!(
        header_of(&simple, "access-control-allow-origin"),
        ALLOWED_ORIGIN
    );
    let exposed = exposed_headers(&simple);
    for name in ["x-request-id", "x-acs-request-id", "x-devenv-gateway-error"] {
        assert!(
            exposed.iter().any(|exposed| exposed == name),
            "{name}: {exposed:?}"
        );
    }
    let other = harness
        .http
        .get(harness.url(&format!("{path}?de_type=Notebook")))
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("get");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

/// The lowercased names of `Access-Control-Expose-Headers`.
fn exposed_headers(answer: &reqwest::Response) -> Vec<String> {
    header_of(answer, "access-control-expose-headers")
        .split(',')
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect()
}

fn assert_no_cors_header(answer: &reqwest::Response, context: &str) {
    for name in answer.headers().keys() {
        assert!(
            !name.as_str().starts_with("access-control-"),
            "{context}: {name} reached the browser"
        );
    }
}

#[tokio::test]
async fn request_ids_reach_the_browser_and_provider_cors_headers_do_not() {
    let harness = Harness::start().await;
    let cases = [
        (
            "/proxy/modelarts-headers/v1/p1/demanager/instances",
            "x-request-id",
            "ma-req-7",
        ),
        (
            "/proxy/pai-dsw-headers/api/v2/instances",
            "x-acs-request-id",
            "dsw-req-7",
        ),
    ];
    for (path, id_header, id) in cases {
        // Same origin: the request id passes; the provider's
        // `Access-Control-*` headers (`*`, credentials …) do not.
        let answer = harness
            .http
            .get(harness.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 200, "{path}");
        assert_eq!(header_of(&answer, id_header), id, "{path}");
        assert_no_cors_header(&answer, path);

        // A listed origin: only the gateway's CORS headers, which expose
        // the request-id headers.
        let answer = harness
            .http
            .get(harness.url(path))
            .header("origin", ALLOWED_ORIGIN)
            .send()
            .await
            .expect("request");
        assert_eq!(header_of(&answer, id_header), id, "{path}");
        let allow_origin: Vec<_> = answer
            .headers()
            .get_all("access-control-allow-origin")
            .iter()
            .collect();
        assert_eq!(allow_origin.len(), 1, "{path}");
        assert_eq!(allow_origin[0], ALLOWED_ORIGIN, "{path}");
        for dropped in [
            "access-control-allow-credentials",
            "access-control-allow-methods",
            "access-control-max-age",
        ] {
            assert!(answer.headers().get(dropped).is_none(), "{path}: {dropped}");
        }
        let exposed = exposed_headers(&answer);
        assert!(
            exposed.iter().any(|name| name == id_header),
            "{path}: {exposed:?}"
        );
        assert!(
            !exposed.iter().any(|name| name == "x-provider-internal"),
            "{path}: {exposed:?}"
        );

        // An unlisted origin: no CORS header at all.
        let answer = harness
            .http
            .get(harness.url(path))
            .header("origin", "https://evil.example")
            .send()
            .await
            .expect("request");
        assert_eq!(header_of(&answer, id_header), id, "{path}");
        assert_no_cors_header(&answer, path);
    }
}

#[tokio::test]
async fn paths_outside_the_allowlist_are_refused_at_segment_boundaries() {
    let harness = Harness::start().await;
    for path in [
        // SCNet paths outside the default `/ai/openapi/` prefix
        "/proxy/scnet/ac/openapi/v2/center",
        "/proxy/scnet/api/user/v3/tokens",
        "/proxy/scnet/hpc/openapi/v2/cluster",
        // a prefix is matched whole segments at a time
        "/proxy/scnet/ai/openapiX",
        "/proxy/scnet/ai/openapiX/v2/instance-service/task",
        "/proxy/pai-dsw/api/v2X/instances",
        // a custom prefix from the configuration
        "/proxy/scnet-narrow/ai/openapi/v2/image/images",
        "/proxy/scnet-narrow/ai/openapi/v2/instance-service/taskX",
        "/proxy/scnet-narrow/ai/openapi/v2/instance-service/abc/detail",
    ] {
        let answer = harness
            .http
            .get(harness.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 404, "{path}");
        assert_eq!(
            header_of(&answer, "x-devenv-gateway-error"),
            "Gateway.PathNotForwarded",
            "{path}"
        );
    }
    assert!(
        harness.recorder.all().is_empty(),
        "nothing reached the upstream"
    );
    assert_eq!(
        harness.identity.scnet_token_calls.load(Ordering::SeqCst),
        0,
        "refused before any token was fetched"
    );

    // The custom prefix admits the paths under it.
    let answer = harness
        .http
        .get(harness.url("/proxy/scnet-narrow/ai/openapi/v2/instance-service/task?start=0&limit=5"))
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 200);
    assert_eq!(
        harness.recorder.last().path,
        "/proxy/scnet/ai/openapi/v2/instance-service/task"
    );
}
