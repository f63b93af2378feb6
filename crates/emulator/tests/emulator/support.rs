//! A running emulator on an ephemeral port and a small client for it.

use std::time::Duration;

use devenv_emulator::Options;
use reqwest::Method;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

pub const MA: &str = "/proxy/modelarts/v1/0b1c2d3e4f5a46b7a8c9d0e1f2a3b4c5/demanager/instances";
pub const DSW: &str = "/proxy/pai-dsw/api/v2/instances";
pub const SC: &str = "/proxy/scnet/ai/openapi/v2/instance-service";

pub const MA_LIST: &str = include_str!("../../../core/fixtures/modelarts_list_response.json");
pub const MA_CREATE_REQ: &str =
    include_str!("../../../core/fixtures/modelarts_create_request.json");
pub const MA_CREATE_RESP: &str =
    include_str!("../../../core/fixtures/modelarts_create_response.json");
pub const MA_UPDATE_REQ: &str =
    include_str!("../../../core/fixtures/modelarts_update_request.json");
pub const DSW_LIST: &str = include_str!("../../../core/fixtures/pai_dsw_list_response.json");
pub const SC_LIST: &str = include_str!("../../../core/fixtures/scnet_list_response.json");
pub const SC_LIST_REQ: &str = include_str!("../../../core/fixtures/scnet_list_request.json");

pub fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture parses")
}

pub struct Emu {
    pub addr: std::net::SocketAddr,
    pub client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

/// The tests' lifecycle transition: far longer than any test runs, so that
/// nothing moves by wall-clock time; a test moves on with [`Emu::advance`].
pub const TRANSITION_MS: u64 = 600_000;

impl Emu {
    /// An emulator with default options and a lifecycle that only moves
    /// when the test advances the clock.
    pub async fn start() -> Emu {
        Emu::with(|_| {}).await
    }

    pub async fn with(change: impl FnOnce(&mut Options)) -> Emu {
        let mut options = Options {
            transition_ms: TRANSITION_MS,
            ..Options::default()
        };
        change(&mut options);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let router = devenv_emulator::app(options);
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(devenv_emulator::serve(listener, router, async {
            let _ = rx.await;
        }));
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        Emu {
            addr,
            client,
            stop: Some(tx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut req = self.client.request(method, self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body read");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            json,
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.send_raw(method, path, body.map(|b| b.to_string()), &[])
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }

    /// Moves the emulator's clock `ms` forward; answers its new reading.
    pub async fn advance(&self, ms: u64) -> u64 {
        let a = self
            .post("/__emulator/clock", serde_json::json!({ "advance_ms": ms }))
            .await;
        assert_eq!(a.status, 200, "{}", a.text);
        a.json["now_ms"].as_u64().expect("now_ms")
    }

    /// The emulator's clock when it received the latest provider request:
    /// the "now" that request was answered at.
    pub async fn last_request_ms(&self) -> u64 {
        let log = self.get("/__emulator/requests").await.json;
        log.as_array()
            .and_then(|entries| entries.last())
            .and_then(|e| e["time_ms"].as_u64())
            .expect("a logged provider request")
    }

    /// Every instance of every provider, to prove a request changed nothing.
    pub async fn snapshot(&self) -> Value {
        let ma = self.get(&format!("{MA}?de_type=Notebook")).await.json["instances"].clone();
        let dsw = self.get(&format!("{DSW}?PageSize=100")).await.json["Instances"].clone();
        let sc = self.get(&format!("{SC}/task?limit=1000")).await.json["data"].clone();
        serde_json::json!([ma, dsw, sc])
    }
}

/// The `name` of each instance in a ModelArts list answer.
pub fn names(list: &Value, field: &str, name: &str) -> Vec<String> {
    list[field]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i[name].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}
