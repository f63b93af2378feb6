//! Shared harness of the access-control tests: the emulator as upstream
//! (recording what reaches it), fake identity and misbehaving upstreams,
//! and a gateway on an ephemeral loopback port with its audit log in a
//! temporary directory.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use devenv_gateway::config::{ConfigFormat, ConfigOverrides, GatewayConfig};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const PROJECT: &str = "0b1c2d3e4f5a46b7a8c9d0e1f2a3b4c5";
pub const AK: &str = "ACCESS-TEST-AK-7c1d";
pub const SK: &str = "ACCESS-TEST-SK-93fa";
pub const IAM_PASSWORD: &str = "ACCESS-TEST-IAM-PASSWORD-5e0b";
pub const SECRETS: &[&str] = &[AK, SK, IAM_PASSWORD];
pub const ISSUER: &str = "https://sso.example.test/realms/main";
pub const AUDIENCE: &str = "devenv-console";
pub const OIDC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc");

/// A directory removed when dropped.
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
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

/// Requests that reached the emulator: `(method, path?query)`.
#[derive(Clone, Default)]
pub struct Recorder {
    requests: Arc<Mutex<Vec<(String, String)>>>,
}

impl Recorder {
    pub fn all(&self) -> Vec<(String, String)> {
        self.requests.lock().expect("lock").clone()
    }

    pub fn clear(&self) {
        self.requests.lock().expect("lock").clear();
    }
}

async fn record(State(recorder): State<Recorder>, request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map(|target| target.to_string())
        .unwrap_or_default();
    recorder
        .requests
        .lock()
        .expect("lock")
        .push((request.method().to_string(), target));
    next.run(request).await
}

/// Counters of the fake services.
#[derive(Clone, Default)]
pub struct Fake {
    pub iam_calls: Arc<AtomicUsize>,
    pub iam_down_calls: Arc<AtomicUsize>,
    pub always_401_calls: Arc<AtomicUsize>,
    pub jwks_calls: Arc<AtomicUsize>,
}

async fn iam_tokens(State(fake): State<Fake>, Json(body): Json<Value>) -> Response {
    let password = body
        .pointer("/auth/identity/password/user/password")
        .and_then(Value::as_str);
    if password != Some(IAM_PASSWORD) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let call = fake.iam_calls.fetch_add(1, Ordering::SeqCst) + 1;
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

async fn iam_down(State(fake): State<Fake>) -> Response {
    fake.iam_down_calls.fetch_add(1, Ordering::SeqCst);
    (StatusCode::INTERNAL_SERVER_ERROR, "down").into_response()
}

async fn always_401(State(fake): State<Fake>) -> Response {
    fake.always_401_calls.fetch_add(1, Ordering::SeqCst);
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"})),
    )
        .into_response()
}

async fn jwks(State(fake): State<Fake>) -> Response {
    fake.jwks_calls.fetch_add(1, Ordering::SeqCst);
    let text = std::fs::read_to_string(Path::new(OIDC_DIR).join("jwks.json")).expect("jwks");
    ([("content-type", "application/json")], text).into_response()
}

async fn slow() -> Json<Value> {
    tokio::time::sleep(Duration::from_millis(1500)).await;
    Json(json!({"instances": [], "total": 0}))
}

async fn big() -> String {
    format!("{{\"padding\": \"{}\"}}", "x".repeat(10_000))
}

async fn with_cors() -> Response {
    let mut response = Json(json!({"instances": [], "total": 0})).into_response();
    for (name, value) in [
        ("access-control-allow-origin", "*"),
        ("access-control-allow-credentials", "true"),
        ("x-request-id", "cors-req-1"),
    ] {
        response
            .headers_mut()
            .insert(name, value.parse().expect("header"));
    }
    response
}

pub async fn serve_plain(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    address
}

/// The upstreams: the emulator (recorded) and the fake services.
pub struct Upstreams {
    pub emulator: SocketAddr,
    pub fake: SocketAddr,
    pub recorder: Recorder,
    pub counters: Fake,
}

impl Upstreams {
    pub async fn start() -> Upstreams {
        let recorder = Recorder::default();
        let emulator = devenv_emulator::app(devenv_emulator::Options::default())
            .layer(middleware::from_fn_with_state(recorder.clone(), record));
        let emulator = serve_plain(emulator).await;
        let counters = Fake::default();
        let fake = Router::new()
            .route("/iam/v3/auth/tokens", post(iam_tokens))
            .route("/iam-down/v3/auth/tokens", post(iam_down))
            .route("/always401/{*rest}", any(always_401))
            .route("/jwks.json", get(jwks))
            .route("/slow/{*rest}", any(slow))
            .route("/big/{*rest}", any(big))
            .route("/cors/{*rest}", any(with_cors))
            .with_state(counters.clone());
        let fake = serve_plain(fake).await;
        Upstreams {
            emulator,
            fake,
            recorder,
            counters,
        }
    }

    /// The three providers, played by the emulator.
    pub fn emulator_endpoints(&self) -> String {
        let up = self.emulator;
        format!(
            r#"
[[endpoints]]
prefix = "modelarts"
provider = "modelarts"
upstream = "http://{up}/proxy/modelarts"
project_id = "{PROJECT}"
auth = {{ method = "sdk-hmac-sha256", access_key = "env:T_AK", secret_key = "env:T_SK" }}

[[endpoints]]
prefix = "pai-dsw"
provider = "pai-dsw"
upstream = "http://{up}/proxy/pai-dsw"
auth = {{ method = "acs3-hmac-sha256", access_key_id = "env:T_AK", access_key_secret = "env:T_SK" }}

[[endpoints]]
prefix = "scnet"
provider = "scnet"
upstream = "http://{up}/proxy/scnet"
auth = {{ method = "none" }}
"#
        )
    }

    /// ModelArts endpoints in front of the fake services.
    pub fn fake_endpoints(&self) -> String {
        let fake = self.fake;
        let signed = |prefix: &str, path: &str| {
            format!(
                r#"
[[endpoints]]
prefix = "{prefix}"
provider = "modelarts"
upstream = "http://{fake}/{path}"
project_id = "{PROJECT}"
auth = {{ method = "sdk-hmac-sha256", access_key = "env:T_AK", secret_key = "env:T_SK" }}
"#
            )
        };
        let iam = |prefix: &str, iam: &str| {
            format!(
                r#"
[[endpoints]]
prefix = "{prefix}"
provider = "modelarts"
upstream = "http://{fake}/always401"
project_id = "{PROJECT}"
auth = {{ method = "iam-password", iam_url = "http://{fake}/{iam}", user_name = "u", domain_name = "d", password = "env:T_IAM" }}
"#
            )
        };
        [
            iam("modelarts-401", "iam"),
            iam("modelarts-iam-down", "iam-down"),
            signed("slow", "slow"),
            signed("big", "big"),
            signed("cors", "cors"),
        ]
        .concat()
    }
}

/// A running gateway.
pub struct Gateway {
    pub url: String,
    pub address: SocketAddr,
    pub audit_path: PathBuf,
    pub dir: TempDir,
    /// Sends `X-DevEnv-Console: 1`, as the console does.
    pub http: reqwest::Client,
    /// Sends no default header.
    pub bare: reqwest::Client,
}

impl Gateway {
    /// Starts a gateway on 127.0.0.1 with `top` (top-level keys), `access`
    /// (an `[access]` section, may be empty) and `endpoints`.
    pub async fn start(top: &str, access: &str, endpoints: &str) -> Gateway {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let dir = TempDir::new("access");
        let audit_path = dir.path.join("audit.jsonl");
        let text = format!(
            "listen = \"{address}\"\n{top}\n[audit]\npath = \"{}\"\n{access}\n{endpoints}",
            audit_path.display()
        );
        let env: HashMap<String, String> = [("T_AK", AK), ("T_SK", SK), ("T_IAM", IAM_PASSWORD)]
            .into_iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let config =
            GatewayConfig::from_text(&text, ConfigFormat::Toml, &ConfigOverrides::default(), &env)
                .expect("test configuration is valid");
        let router = devenv_gateway::build_router(&config).expect("gateway builds");
        tokio::spawn(devenv_gateway::serve(
            listener,
            router,
            config.client_read_timeout,
            std::future::pending(),
        ));
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-devenv-console", "1".parse().expect("header"));
        Gateway {
            url: format!("http://{address}"),
            address,
            audit_path,
            dir,
            http: reqwest::Client::builder()
                .default_headers(headers)
                .build()
                .expect("client"),
            bare: reqwest::Client::new(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// The audit log's lines, parsed.
    pub fn audit_lines(&self) -> Vec<Value> {
        self.audit_text()
            .lines()
            .map(|line| serde_json::from_str(line).expect("audit line is JSON"))
            .collect()
    }

    pub fn audit_text(&self) -> String {
        std::fs::read_to_string(&self.audit_path).unwrap_or_default()
    }
}

/// The ModelArts instances path of the test project.
pub fn instances() -> String {
    format!("/proxy/modelarts/v1/{PROJECT}/demanager/instances")
}

pub fn header(answer: &reqwest::Response, name: &str) -> String {
    answer
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Sends raw HTTP/1.1 and returns the whole answer.
pub async fn raw(address: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status code of a raw answer.
pub fn raw_status(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

pub fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "secret leaked: {text}");
    }
}
