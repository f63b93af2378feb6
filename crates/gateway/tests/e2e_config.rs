//! `tests/e2e-gateway.toml`, the configuration the console's end-to-end
//! suite starts the gateway binary with, works as documented: the binary in
//! trusted-header mode in front of the emulator, serving a static build.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use support::{header, serve_plain, TempDir};

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e-gateway.toml");
const PROJECT: &str = "0b1c2d3e4f5a46b7a8c9d0e1f2a3b4c5";

/// The gateway process; killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("free port")
}

#[tokio::test]
async fn the_e2e_configuration_runs_the_binary_in_front_of_the_emulator() {
    let emulator = serve_plain(devenv_emulator::app(devenv_emulator::Options::default())).await;
    let dir = TempDir::new("e2e-config");
    let text = std::fs::read_to_string(CONFIG)
        .expect("e2e configuration")
        .replace("{EMULATOR}", &format!("http://{emulator}"));
    let config = dir.path.join("gateway.toml");
    std::fs::write(&config, text).expect("write configuration");
    let dist = dir.path.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .expect("index");

    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_devenv-gateway"))
        .arg("--config")
        .arg(&config)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .arg("--static-dir")
        .arg(&dist)
        .env("E2E_FAKE_KEY", "emulator-ignores-it")
        .env_remove("DEVENV_GATEWAY_LISTEN")
        .env_remove("DEVENV_GATEWAY_STATIC_DIR")
        .env_remove("DEVENV_GATEWAY_CORS_ALLOWED_ORIGINS")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gateway starts");
    let _running = Running(child);
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut up = false;
    for _ in 0..100 {
        if http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|answer| answer.status() == 200)
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the gateway answers /healthz");

    let as_user = |request: reqwest::RequestBuilder, user: &str| {
        request
            .header("x-forwarded-user", user)
            .header("x-devenv-console", "1")
    };
    // The static build.
    let page = http.get(format!("{base}/")).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.expect("text").contains("console"));

    // Each provider, read by the viewer.
    for path in [
        format!("/proxy/modelarts/v1/{PROJECT}/demanager/instances?de_type=Notebook"),
        "/proxy/pai-dsw/api/v2/instances".to_string(),
        "/proxy/scnet/ai/openapi/v2/instance-service/task?start=0&limit=20".to_string(),
    ] {
        let answer = as_user(http.get(format!("{base}{path}")), "viewer-user")
            .send()
            .await
            .expect("list");
        assert_eq!(answer.status(), 200, "{path}");
    }
    let session: Value = as_user(
        http.get(format!("{base}/proxy/modelarts/_session")),
        "viewer-user",
    )
    .send()
    .await
    .expect("session")
    .json()
    .await
    .expect("json");
    assert_eq!(
        session,
        json!({"user": {"name": "viewer-user", "groups": []}, "endpoint": "modelarts", "role": "viewer", "login_url": null})
    );
    let session: Value = as_user(http.get(format!("{base}/_session")), "admin-user")
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    assert_eq!(
        session["endpoints"],
        json!({"modelarts": "admin", "pai-dsw": "admin", "scnet": "admin"})
    );

    // The viewer's delete is refused; the admin's reaches the emulator.
    let delete = format!("{base}/proxy/pai-dsw/api/v2/instances/dsw-missing");
    let answer = as_user(http.delete(&delete), "viewer-user")
        .send()
        .await
        .expect("delete");
    assert_eq!(answer.status(), 403);
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.Forbidden"
    );
    let answer = as_user(http.delete(&delete), "admin-user")
        .send()
        .await
        .expect("delete");
    assert!(answer.headers().get("x-devenv-gateway-error").is_none());
    // Without a user: 401.
    let answer = http
        .get(format!("{base}/proxy/pai-dsw/api/v2/instances"))
        .send()
        .await
        .expect("anonymous");
    assert_eq!(answer.status(), 401);
}
