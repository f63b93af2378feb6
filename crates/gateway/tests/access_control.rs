//! Who may use the gateway and what each caller may do, end to end on
//! loopback ports: access modes (none, trusted-header, oidc), roles per
//! endpoint, writes only from the console, allowed hosts, the routes the
//! console uses, the session route, the audit log, metrics, readiness,
//! security headers and the limits.

mod support;

use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use support::*;

// ---- configurations ----

const TRUSTED: &str = r#"
[access]
mode = "trusted-header"
trusted_proxies = ["127.0.0.1/32"]
login_url = "/oauth2/sign_in"

[[access.grants]]
endpoints = ["*"]
users = ["viewer-user"]
role = "viewer"

[[access.grants]]
endpoints = ["*"]
groups = ["ops"]
role = "operator"

[[access.grants]]
endpoints = ["modelarts", "scnet"]
users = ["admin-user"]
role = "admin"

[[access.grants]]
endpoints = ["pai-dsw"]
users = ["admin-user"]
role = "viewer"
"#;

fn oidc_access(jwks: &str) -> String {
    format!(
        r#"
[access]
mode = "oidc"
issuer = "{ISSUER}"
audience = ["{AUDIENCE}", "another-client"]
{jwks}
cookie = "devenv_token"
login_url = "https://sso.example.test/login"

[[access.grants]]
endpoints = ["*"]
groups = ["ml-viewers"]
role = "viewer"

[[access.grants]]
endpoints = ["*"]
users = ["admin-user"]
role = "admin"
"#
    )
}

fn jwks_file() -> String {
    format!("jwks_file = \"{OIDC_DIR}/jwks.json\"")
}

// ---- tokens ----

fn claims() -> Value {
    json!({
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": now() + 600,
        "iat": now(),
        "sub": "subject-1",
        "preferred_username": "admin-user",
        "email": "admin-user@example.test",
        "groups": ["ml-viewers"],
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn sign(key_file: &str, algorithm: Algorithm, kid: Option<&str>, claims: &Value) -> String {
    let pem = std::fs::read(format!("{OIDC_DIR}/{key_file}")).expect("test key");
    let key = match algorithm {
        Algorithm::ES256 => EncodingKey::from_ec_pem(&pem).expect("EC key"),
        _ => EncodingKey::from_rsa_pem(&pem).expect("RSA key"),
    };
    let mut header = Header::new(algorithm);
    header.kid = kid.map(str::to_string);
    jsonwebtoken::encode(&header, claims, &key).expect("signed")
}

fn good_token() -> String {
    sign(
        "signing-key.pem",
        Algorithm::RS256,
        Some("test-rsa-1"),
        &claims(),
    )
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, byte)| n | u32::from(*byte) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

// ---- who ----

#[test]
fn no_auth_mode_refuses_a_non_loopback_listen() {
    let text = |listen: &str| {
        format!(
            "listen = \"{listen}\"\n[[endpoints]]\nprefix = \"dsw\"\nprovider = \"pai-dsw\"\nupstream = \"http://127.0.0.1:9\"\nauth = {{ method = \"none\" }}\n"
        )
    };
    let load = |listen: &str| {
        devenv_gateway::GatewayConfig::from_text(
            &text(listen),
            devenv_gateway::config::ConfigFormat::Toml,
            &devenv_gateway::config::ConfigOverrides::default(),
            &std::collections::HashMap::<String, String>::new(),
        )
    };
    assert!(load("127.0.0.1:8081").is_ok());
    assert!(load("[::1]:8081").is_ok());
    for listen in ["0.0.0.0:8081", "192.0.2.7:8081", "[::]:8081"] {
        let error = load(listen).expect_err("refused").to_string();
        let address: std::net::SocketAddr = listen.parse().expect("address");
        assert!(error.contains(&address.to_string()), "{error}");
        assert!(error.contains("trusted-header"), "{error}");
        assert!(error.contains("oidc"), "{error}");
    }

    // The binary refuses to start, and says why.
    let dir = TempDir::new("no-auth");
    let path = dir.path.join("gateway.toml");
    std::fs::write(&path, text("127.0.0.1:8081")).expect("write");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_devenv-gateway"))
        .arg("--config")
        .arg(&path)
        .args(["--listen", "0.0.0.0:0"])
        .env_remove("DEVENV_GATEWAY_LISTEN")
        .output()
        .expect("gateway binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("0.0.0.0:0"), "{stderr}");
    assert!(
        stderr.contains("trusted-header") && stderr.contains("oidc"),
        "{stderr}"
    );
}

#[tokio::test]
async fn trusted_headers_from_an_unlisted_address_are_ignored() {
    let upstreams = Upstreams::start().await;
    // The proxy is said to be at 192.0.2.1: a request from 127.0.0.1 with
    // identity headers is not believed.
    let elsewhere = TRUSTED.replace("127.0.0.1/32", "192.0.2.1/32");
    let gateway = Gateway::start("", &elsewhere, &upstreams.emulator_endpoints()).await;
    let answer = gateway
        .http
        .get(gateway.url(&format!("{}?de_type=Notebook", instances())))
        .header("x-forwarded-user", "admin-user")
        .header("x-forwarded-groups", "ops")
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 401);
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.Unauthenticated"
    );
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["error_code"], "Gateway.Unauthenticated");
    assert_eq!(body["login_url"], "/oauth2/sign_in");
    let session = gateway
        .http
        .get(gateway.url("/proxy/modelarts/_session"))
        .header("x-forwarded-user", "admin-user")
        .send()
        .await
        .expect("session");
    assert_eq!(session.status(), 401);
    assert!(upstreams.recorder.all().is_empty(), "nothing went upstream");

    // From the listed proxy address the same headers are believed; without
    // a user header the request is refused.
    let gateway = Gateway::start("", TRUSTED, &upstreams.emulator_endpoints()).await;
    let answer = gateway
        .http
        .get(gateway.url(&format!("{}?de_type=Notebook", instances())))
        .header("x-forwarded-user", "admin-user")
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 200);
    let answer = gateway
        .http
        .get(gateway.url(&format!("{}?de_type=Notebook", instances())))
        .header("x-forwarded-groups", "ops")
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 401);
    assert_eq!(upstreams.recorder.all().len(), 1);
}

#[tokio::test]
async fn oidc_tokens_are_checked_for_signature_issuer_audience_and_expiry() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start(
        "",
        &oidc_access(&jwks_file()),
        &upstreams.emulator_endpoints(),
    )
    .await;
    let list = gateway.url(&format!("{}?de_type=Notebook", instances()));
    let refused = [
        (
            "expired",
            sign(
                "signing-key.pem",
                Algorithm::RS256,
                Some("test-rsa-1"),
                &with(claims(), "exp", json!(now() - 3600)),
            ),
        ),
        (
            "wrong issuer",
            sign(
                "signing-key.pem",
                Algorithm::RS256,
                Some("test-rsa-1"),
                &with(claims(), "iss", json!("https://other.example.test")),
            ),
        ),
        (
            "wrong audience",
            sign(
                "signing-key.pem",
                Algorithm::RS256,
                Some("test-rsa-1"),
                &with(claims(), "aud", json!("someone-else")),
            ),
        ),
        (
            "not yet valid",
            sign(
                "signing-key.pem",
                Algorithm::RS256,
                Some("test-rsa-1"),
                &with(claims(), "nbf", json!(now() + 3600)),
            ),
        ),
        (
            "signed by another key under a known key id",
            sign(
                "other-key.pem",
                Algorithm::RS256,
                Some("test-rsa-1"),
                &claims(),
            ),
        ),
        (
            "signed by another key without key id",
            sign("other-key.pem", Algorithm::RS256, None, &claims()),
        ),
        (
            "unknown key id",
            sign(
                "other-key.pem",
                Algorithm::RS256,
                Some("rotated-away"),
                &claims(),
            ),
        ),
        ("no expiry", {
            let mut claims = claims();
            claims.as_object_mut().expect("object").remove("exp");
            sign(
                "signing-key.pem",
                Algorithm::RS256,
                Some("test-rsa-1"),
                &claims,
            )
        }),
        (
            "HMAC with a guessable secret",
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &claims(),
                &EncodingKey::from_secret(b"secret"),
            )
            .expect("hs256"),
        ),
        (
            "alg none",
            format!(
                "{}.{}.",
                base64url(br#"{"alg":"none","typ":"JWT"}"#),
                base64url(claims().to_string().as_bytes())
            ),
        ),
        ("tampered payload", {
            let good = good_token();
            let parts: Vec<&str> = good.split('.').collect();
            let forged = base64url(
                with(claims(), "preferred_username", json!("someone-else"))
                    .to_string()
                    .as_bytes(),
            );
            format!("{}.{forged}.{}", parts[0], parts[2])
        }),
        ("not a token", "garbage".to_string()),
    ];
    for (case, token) in &refused {
        let answer = gateway
            .http
            .get(&list)
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 401, "{case}");
        assert_eq!(
            header(&answer, "x-devenv-gateway-error"),
            "Gateway.Unauthenticated",
            "{case}"
        );
        assert!(header(&answer, "www-authenticate").starts_with("Bearer"));
        let body: Value = answer.json().await.expect("json");
        assert_eq!(
            body["login_url"], "https://sso.example.test/login",
            "{case}"
        );
    }
    // No token at all.
    let answer = gateway.http.get(&list).send().await.expect("request");
    assert_eq!(answer.status(), 401);
    assert!(upstreams.recorder.all().is_empty(), "nothing went upstream");

    // Good tokens pass: RS256 in the header, ES256, and in the cookie.
    let ec = sign("ec-key.pem", Algorithm::ES256, Some("test-ec-1"), &claims());
    for (case, request) in [
        (
            "RS256 bearer",
            gateway.http.get(&list).bearer_auth(good_token()),
        ),
        ("ES256 bearer", gateway.http.get(&list).bearer_auth(&ec)),
        (
            "cookie",
            gateway.http.get(&list).header(
                "cookie",
                format!("theme=dark; devenv_token={}", good_token()),
            ),
        ),
        (
            "second audience",
            gateway.http.get(&list).bearer_auth(sign(
                "signing-key.pem",
                Algorithm::RS256,
                Some("test-rsa-1"),
                &with(claims(), "aud", json!(["another-client"])),
            )),
        ),
    ] {
        let answer = request.send().await.expect("request");
        assert_eq!(answer.status(), 200, "{case}");
    }
    assert_eq!(upstreams.recorder.all().len(), 4);

    // The token names the caller; its groups give the role.
    let viewer = sign(
        "signing-key.pem",
        Algorithm::RS256,
        Some("test-rsa-1"),
        &with(claims(), "preferred_username", json!("someone")),
    );
    let answer = gateway
        .http
        .get(gateway.url("/proxy/modelarts/_session"))
        .bearer_auth(&viewer)
        .send()
        .await
        .expect("session");
    let session: Value = answer.json().await.expect("json");
    assert_eq!(session["user"]["name"], "someone");
    assert_eq!(session["role"], "viewer");
}

#[tokio::test]
async fn the_oidc_key_set_from_a_url_is_cached_and_refreshed_at_most_once_per_interval() {
    let upstreams = Upstreams::start().await;
    let jwks = format!(
        "jwks_url = \"http://{}/jwks.json\"\njwks_min_refresh_seconds = 60",
        upstreams.fake
    );
    let gateway = Gateway::start("", &oidc_access(&jwks), &upstreams.emulator_endpoints()).await;
    let list = gateway.url(&format!("{}?de_type=Notebook", instances()));
    for _ in 0..5 {
        let answer = gateway
            .http
            .get(&list)
            .bearer_auth(good_token())
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 200);
    }
    // Unknown key ids ask for an early reload, at most once per minimum
    // interval.
    for _ in 0..5 {
        let token = sign(
            "other-key.pem",
            Algorithm::RS256,
            Some("rotated-in"),
            &claims(),
        );
        let answer = gateway
            .http
            .get(&list)
            .bearer_auth(token)
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 401);
    }
    assert_eq!(
        upstreams
            .counters
            .jwks_calls
            .load(std::sync::atomic::Ordering::SeqCst),
        1
    );
    let ready = gateway
        .http
        .get(gateway.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 200);
}

// ---- what ----

#[tokio::test]
async fn a_viewers_delete_gets_403_and_the_upstream_receives_nothing() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start("", TRUSTED, &upstreams.emulator_endpoints()).await;
    let as_user = |request: reqwest::RequestBuilder, user: &str, groups: &str| {
        request
            .header("x-forwarded-user", user)
            .header("x-forwarded-groups", groups)
    };
    let delete = gateway.url(&format!("{}/notebook-1", instances()));
    let answer = as_user(gateway.http.delete(&delete), "viewer-user", "")
        .send()
        .await
        .expect("delete");
    assert_eq!(answer.status(), 403);
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.Forbidden"
    );
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["error_code"], "Gateway.Forbidden");
    assert_eq!(
        body["error_msg"],
        "Your role on modelarts is viewer; deleting needs admin."
    );
    assert!(upstreams.recorder.all().is_empty(), "nothing went upstream");

    let action = gateway.url(&format!("{}/notebook-1/action", instances()));
    let refusals = [
        // (request, user, groups, message)
        (
            gateway.http.post(&action).json(&json!({"action": "stop"})),
            "viewer-user",
            "",
            "Your role on modelarts is viewer; stopping needs operator.",
        ),
        (
            gateway.http.delete(&delete),
            "operator-user",
            "ops",
            "Your role on modelarts is operator; deleting needs admin.",
        ),
        (
            gateway
                .http
                .post(gateway.url(&instances()))
                .json(&json!({"name": "x"})),
            "operator-user",
            "ops",
            "Your role on modelarts is operator; creating needs admin.",
        ),
        (
            gateway
                .http
                .get(gateway.url(&format!("{}?de_type=Notebook", instances()))),
            "outsider",
            "",
            "You have no role on modelarts; listing instances needs viewer.",
        ),
    ];
    for (request, user, groups, message) in refusals {
        let answer = as_user(request, user, groups)
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 403, "{message}");
        let body: Value = answer.json().await.expect("json");
        assert_eq!(body["error_msg"], message);
    }
    // Per endpoint, in each provider's error shape.
    let answer = as_user(
        gateway
            .http
            .put(gateway.url("/proxy/pai-dsw/api/v2/instances/dsw-1/start")),
        "viewer-user",
        "",
    )
    .send()
    .await
    .expect("start");
    assert_eq!(answer.status(), 403);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(
        body["Message"],
        "Your role on pai-dsw is viewer; starting needs operator."
    );
    let answer = as_user(
        gateway
            .http
            .delete(gateway.url("/proxy/pai-dsw/api/v2/instances/dsw-1")),
        "admin-user",
        "",
    )
    .send()
    .await
    .expect("delete");
    assert_eq!(
        answer.status(),
        403,
        "admin-user is only a viewer on pai-dsw"
    );
    let answer = as_user(
        gateway
            .http
            .delete(gateway.url("/proxy/scnet/ai/openapi/v2/instance-service/task?ids=s-1")),
        "operator-user",
        "ops",
    )
    .send()
    .await
    .expect("delete");
    assert_eq!(answer.status(), 403);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["code"], "Gateway.Forbidden");
    assert!(upstreams.recorder.all().is_empty(), "nothing went upstream");

    // What the roles allow goes through.
    let allowed =
        [
            (
                as_user(gateway.http.post(&action), "operator-user", "ops")
                    .json(&json!({"action": "stop"})),
                "POST",
            ),
            (
                as_user(gateway.http.delete(&delete), "admin-user", ""),
                "DELETE",
            ),
            (
                as_user(
                    gateway
                        .http
                        .get(gateway.url(&format!("{}?de_type=Notebook", instances()))),
                    "viewer-user",
                    "",
                ),
                "GET",
            ),
            (
                as_user(
                    gateway.http.post(gateway.url(
                        "/proxy/scnet/ai/openapi/v2/instance-service/task/actions/stop?ids=s-1",
                    )),
                    "operator-user",
                    "ops",
                ),
                "POST",
            ),
        ];
    for (request, method) in allowed {
        let answer = request.send().await.expect("request");
        assert!(
            answer.headers().get("x-devenv-gateway-error").is_none(),
            "{method}: the provider's answer"
        );
        assert_eq!(
            upstreams.recorder.all().last().expect("forwarded").0,
            method
        );
    }
    assert_eq!(upstreams.recorder.all().len(), 4);
}

#[tokio::test]
async fn cross_site_writes_and_writes_without_the_console_header_are_refused() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start(
        "cors_allowed_origins = [\"https://console.example.test\"]",
        "",
        &upstreams.emulator_endpoints(),
    )
    .await;
    let create = gateway.url(&instances());
    let body = json!({"name": "from-elsewhere"});
    let answer = gateway
        .http
        .post(&create)
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .expect("cross-site");
    assert_eq!(answer.status(), 403);
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.CrossSite"
    );
    let answer = gateway
        .bare
        .post(&create)
        .json(&body)
        .send()
        .await
        .expect("no console header");
    assert_eq!(answer.status(), 403);
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.ConsoleHeaderMissing"
    );
    let answer = gateway
        .bare
        .delete(gateway.url(&format!("{}/notebook-1", instances())))
        .header("x-devenv-console", "0")
        .send()
        .await
        .expect("wrong console header");
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.ConsoleHeaderMissing"
    );
    assert!(upstreams.recorder.all().is_empty(), "nothing went upstream");

    // Same-origin, same-site, no Sec-Fetch-Site, and a listed CORS origin
    // are fine; reads need no header.
    for (site, origin) in [
        (Some("same-origin"), None),
        (Some("same-site"), None),
        (Some("none"), None),
        (None, None),
        (Some("cross-site"), Some("https://console.example.test")),
    ] {
        let mut request = gateway
            .http
            .put(gateway.url(&format!("{}/notebook-1", instances())))
            .json(&json!({"description": "x"}));
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let answer = request.send().await.expect("write");
        assert!(
            answer.headers().get("x-devenv-gateway-error").is_none(),
            "{site:?} {origin:?}"
        );
    }
    let answer = gateway
        .bare
        .get(gateway.url(&format!("{}?de_type=Notebook", instances())))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("read");
    assert_eq!(answer.status(), 200);
    assert_eq!(upstreams.recorder.all().len(), 6);
}

#[tokio::test]
async fn a_host_that_is_not_allowed_is_refused() {
    let upstreams = Upstreams::start().await;
    // allowed_hosts unset: the loopback names, any port.
    let gateway = Gateway::start("", "", &upstreams.emulator_endpoints()).await;
    let path = format!("{}?de_type=Notebook", instances());
    let port = gateway.address.port();
    for (host, expected) in [
        ("evil.example".to_string(), 400),
        (format!("evil.example:{port}"), 400),
        (format!("127.0.0.1.evil.example:{port}"), 400),
        (format!("127.0.0.1:{port}"), 200),
        (format!("localhost:{port}"), 200),
        ("localhost".to_string(), 200),
    ] {
        let answer = raw(
            gateway.address,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert_eq!(raw_status(&answer), expected, "{host}");
        if expected == 400 {
            assert!(
                answer
                    .to_ascii_lowercase()
                    .contains("x-devenv-gateway-error: gateway.hostnotallowed"),
                "{answer}"
            );
        }
    }
    // Probes answer whatever the host.
    let answer = raw(
        gateway.address,
        "GET /healthz HTTP/1.1\r\nHost: 10.0.0.5:8081\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(raw_status(&answer), 200);
    assert_eq!(upstreams.recorder.all().len(), 3);
    // Refusals are audited.
    let lines = gateway.audit_lines();
    assert_eq!(lines.len(), 3);
    assert!(lines
        .iter()
        .all(|line| line["code"] == "Gateway.HostNotAllowed" && line["outcome"] == "denied"));

    // A listed name with a port admits only that port.
    let gateway = Gateway::start(
        "allowed_hosts = [\"console.example.test:8443\"]",
        "",
        &upstreams.emulator_endpoints(),
    )
    .await;
    for (host, expected) in [
        ("console.example.test:8443", 200),
        ("console.example.test:8444", 400),
        ("console.example.test", 400),
        ("127.0.0.1", 400),
    ] {
        let answer = raw(
            gateway.address,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert_eq!(raw_status(&answer), expected, "{host}");
    }
}

#[tokio::test]
async fn a_providers_access_control_allow_origin_does_not_reach_the_client() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start("", "", &upstreams.fake_endpoints()).await;
    let answer = gateway
        .http
        .get(gateway.url(&format!("/proxy/cors/v1/{PROJECT}/demanager/instances")))
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 200);
    assert_eq!(header(&answer, "x-request-id"), "cors-req-1");
    for name in answer.headers().keys() {
        assert!(
            !name.as_str().starts_with("access-control-"),
            "{name} reached the client"
        );
    }
}

#[tokio::test]
async fn only_the_routes_the_console_uses_are_forwarded() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start("", "", &upstreams.emulator_endpoints()).await;
    let refused = [
        ("GET", format!("/proxy/modelarts/v1/{PROJECT}/trainingjobs")),
        (
            "POST",
            format!("/proxy/modelarts/v1/{PROJECT}/trainingjobs"),
        ),
        (
            "GET",
            format!("/proxy/modelarts/v2/{PROJECT}/demanager/instances"),
        ),
        (
            "GET",
            "/proxy/modelarts/v1/another-project/demanager/instances".to_string(),
        ),
        ("PATCH", format!("{}/notebook-1", instances())),
        ("GET", format!("{}/notebook-1/extra", instances())),
        ("POST", format!("{}/notebook-1/action", instances())),
        ("GET", "/proxy/pai-dsw/api/v2/workspaces".to_string()),
        (
            "PUT",
            "/proxy/scnet/ai/openapi/v2/instance-service/task".to_string(),
        ),
        ("GET", "/proxy/scnet/ai/openapi/v2/image/images".to_string()),
    ];
    for (method, path) in &refused {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = gateway.http.request(method.clone(), gateway.url(path));
        if path.ends_with("/action") {
            request = request.json(&json!({"action": "delete"}));
        }
        let answer = request.send().await.expect("request");
        assert_eq!(answer.status(), 404, "{method} {path}");
        assert_eq!(
            header(&answer, "x-devenv-gateway-error"),
            "Gateway.PathNotForwarded",
            "{method} {path}"
        );
    }
    assert!(upstreams.recorder.all().is_empty(), "nothing went upstream");
}

// ---- session ----

#[tokio::test]
async fn the_session_route_answers_in_each_mode() {
    let upstreams = Upstreams::start().await;
    let endpoints = upstreams.emulator_endpoints();

    // none: everyone is admin, nobody is named.
    let gateway = Gateway::start("", "", &endpoints).await;
    let answer = gateway
        .bare
        .get(gateway.url("/proxy/modelarts/_session"))
        .send()
        .await
        .expect("session");
    assert_eq!(answer.status(), 200);
    assert_eq!(header(&answer, "cache-control"), "no-store");
    let body: Value = answer.json().await.expect("json");
    assert_eq!(
        body,
        json!({"user": {"name": null, "groups": []}, "endpoint": "modelarts", "role": "admin", "login_url": null})
    );
    let body: Value = gateway
        .bare
        .get(gateway.url("/_session"))
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    assert_eq!(
        body,
        json!({"user": {"name": null, "groups": []},
            "endpoints": {"modelarts": "admin", "pai-dsw": "admin", "scnet": "admin"},
            "login_url": null})
    );
    let answer = gateway
        .bare
        .get(gateway.url("/proxy/nowhere/_session"))
        .send()
        .await
        .expect("session");
    assert_eq!(answer.status(), 404);

    // trusted-header: the proxy's user and groups, a role per endpoint.
    let gateway = Gateway::start("", TRUSTED, &endpoints).await;
    let session = |user: Option<&'static str>, groups: &'static str, path: &'static str| {
        let mut request = gateway.bare.get(gateway.url(path));
        if let Some(user) = user {
            request = request
                .header("x-forwarded-user", user)
                .header("x-forwarded-groups", groups);
        }
        request.send()
    };
    let body: Value = session(Some("viewer-user"), "ml, ops", "/proxy/modelarts/_session")
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    assert_eq!(
        body,
        json!({"user": {"name": "viewer-user", "groups": ["ml", "ops"]}, "endpoint": "modelarts", "role": "operator", "login_url": "/oauth2/sign_in"})
    );
    let body: Value = session(Some("outsider"), "", "/proxy/scnet/_session")
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    assert_eq!(body["role"], Value::Null);
    assert_eq!(body["endpoint"], "scnet");
    let body: Value = session(Some("admin-user"), "", "/_session")
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    assert_eq!(
        body["endpoints"],
        json!({"modelarts": "admin", "pai-dsw": "viewer", "scnet": "admin"})
    );
    let answer = session(None, "", "/proxy/modelarts/_session")
        .await
        .expect("session");
    assert_eq!(answer.status(), 401);
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.Unauthenticated"
    );
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["error"]["code"], "Gateway.Unauthenticated");
    assert_eq!(body["error"]["login_url"], "/oauth2/sign_in");
    assert!(body["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let answer = session(None, "", "/_session").await.expect("session");
    assert_eq!(answer.status(), 401);

    // oidc: the token's user and groups.
    let gateway = Gateway::start("", &oidc_access(&jwks_file()), &endpoints).await;
    let body: Value = gateway
        .bare
        .get(gateway.url("/proxy/pai-dsw/_session"))
        .bearer_auth(good_token())
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("json");
    assert_eq!(
        body,
        json!({"user": {"name": "admin-user", "groups": ["ml-viewers"]}, "endpoint": "pai-dsw", "role": "admin", "login_url": "https://sso.example.test/login"})
    );
    let answer = gateway
        .bare
        .get(gateway.url("/proxy/pai-dsw/_session"))
        .send()
        .await
        .expect("session");
    assert_eq!(answer.status(), 401);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["error"]["login_url"], "https://sso.example.test/login");

    assert!(
        upstreams.recorder.all().is_empty(),
        "_session never goes upstream"
    );
}

// ---- tokens, audit, metrics ----

#[tokio::test]
async fn a_hundred_upstream_401s_cause_only_a_handful_of_logins() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start("", "", &upstreams.fake_endpoints()).await;
    let url = gateway.url(&format!(
        "/proxy/modelarts-401/v1/{PROJECT}/demanager/instances"
    ));
    for _ in 0..100 {
        let answer = gateway.http.get(&url).send().await.expect("request");
        assert_eq!(answer.status(), 401, "the provider's answer passes through");
        assert!(answer.headers().get("x-devenv-gateway-error").is_none());
    }
    // And 20 at once.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let request = gateway.http.get(&url);
        tasks.spawn(async move { request.send().await.expect("request").status() });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.expect("task"), 401);
    }
    let logins = upstreams
        .counters
        .iam_calls
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!((1..=3).contains(&logins), "{logins} logins");

    // A token service that fails is not asked again on every request.
    let url = gateway.url(&format!(
        "/proxy/modelarts-iam-down/v1/{PROJECT}/demanager/instances"
    ));
    for _ in 0..50 {
        let answer = gateway.http.get(&url).send().await.expect("request");
        assert_eq!(answer.status(), 502);
        assert_eq!(
            header(&answer, "x-devenv-gateway-error"),
            "Gateway.Credentials"
        );
    }
    let attempts = upstreams
        .counters
        .iam_down_calls
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!((1..=3).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn an_audit_line_is_written_per_change_and_holds_no_secret() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start("", TRUSTED, &upstreams.emulator_endpoints()).await;
    const BODY_MARKER: &str = "request-body-marker-6d2f";
    const CLIENT_TOKEN: &str = "client-bearer-token-18ae";
    const COOKIE: &str = "session-cookie-value-40b7";
    let as_user = |request: reqwest::RequestBuilder, user: &str, groups: &str| {
        request
            .header("x-forwarded-user", user)
            .header("x-forwarded-groups", groups)
            .header("authorization", format!("Bearer {CLIENT_TOKEN}"))
            .header("cookie", format!("session={COOKIE}"))
    };
    // Reads are not audited.
    let answer = as_user(
        gateway
            .http
            .get(gateway.url(&format!("{}?de_type=Notebook", instances()))),
        "viewer-user",
        "",
    )
    .send()
    .await
    .expect("list");
    assert_eq!(answer.status(), 200);
    assert!(gateway.audit_lines().is_empty());

    // A create, its stop, its delete.
    let create = json!({"name": "audit-notebook", "description": BODY_MARKER,
        "flavor": "modelarts.vm.cpu.2u", "profile_id": "Multi-Engine 1.0 (python3)-cpu",
        "spec": {"storage": {"type": "evs", "location": {"volume_size": 5}}}});
    let answer = as_user(
        gateway.http.post(gateway.url(&instances())).json(&create),
        "admin-user",
        "",
    )
    .send()
    .await
    .expect("create");
    let status = answer.status().as_u16();
    assert_eq!(status, 200, "the emulator creates the instance");
    let request_id = header(&answer, "x-request-id");
    let created: Value = answer.json().await.expect("json");
    let id = created["id"].as_str().expect("new instance id").to_string();
    let answer = as_user(
        gateway
            .http
            .post(gateway.url(&format!("{}/{id}/action", instances())))
            .json(&json!({"action": "stop"})),
        "operator-user",
        "ops",
    )
    .send()
    .await
    .expect("stop");
    let stop_status = answer.status().as_u16();
    let answer = as_user(
        gateway
            .http
            .delete(gateway.url(&format!("{}/{id}", instances()))),
        "admin-user",
        "",
    )
    .send()
    .await
    .expect("delete");
    let delete_status = answer.status().as_u16();
    // Refused: a viewer's delete, an unidentified create, a cross-site write.
    as_user(
        gateway
            .http
            .delete(gateway.url(&format!("{}/{id}", instances()))),
        "viewer-user",
        "",
    )
    .send()
    .await
    .expect("refused delete");
    gateway
        .http
        .post(gateway.url(&instances()))
        .json(&create)
        .send()
        .await
        .expect("unidentified create");
    as_user(
        gateway
            .http
            .post(gateway.url(&instances()))
            .header("sec-fetch-site", "cross-site")
            .json(&create),
        "admin-user",
        "",
    )
    .send()
    .await
    .expect("cross-site create");

    let lines = gateway.audit_lines();
    assert_eq!(lines.len(), 6, "{lines:#?}");
    for line in &lines {
        let time = line["time"].as_str().expect("time");
        assert!(
            time.len() == 24 && time.ends_with('Z') && time.as_bytes()[10] == b'T',
            "{time}"
        );
        assert_eq!(line["endpoint"], "modelarts");
        assert_eq!(line["client"], "127.0.0.1");
    }
    let expect = |index: usize, user: Value, action: &str, outcome: &str| {
        let line = &lines[index];
        assert_eq!(line["user"], user, "{line}");
        assert_eq!(line["action"], action, "{line}");
        assert_eq!(line["outcome"], outcome, "{line}");
        line.clone()
    };
    let line = expect(0, json!("admin-user"), "create", "forwarded");
    assert_eq!(line["upstream_status"], status);
    assert_eq!(line["request_id"], request_id.as_str());
    assert!(!request_id.is_empty());
    assert_eq!(line["instance_id"], id.as_str());
    assert_eq!(line["method"], "POST");
    let line = expect(1, json!("operator-user"), "stop", "forwarded");
    assert_eq!(line["upstream_status"], stop_status);
    assert_eq!(line["instance_id"], id.as_str());
    let line = expect(2, json!("admin-user"), "delete", "forwarded");
    assert_eq!(line["upstream_status"], delete_status);
    let line = expect(3, json!("viewer-user"), "delete", "denied");
    assert_eq!(line["code"], "Gateway.Forbidden");
    assert_eq!(line["upstream_status"], Value::Null);
    let line = expect(4, Value::Null, "POST", "denied");
    assert_eq!(line["code"], "Gateway.Unauthenticated");
    let line = expect(5, json!("admin-user"), "POST", "denied");
    assert_eq!(line["code"], "Gateway.CrossSite");

    let text = gateway.audit_text();
    assert_no_secret(&text);
    for leaked in [
        BODY_MARKER,
        CLIENT_TOKEN,
        COOKIE,
        "SDK-HMAC",
        "audit-notebook",
    ] {
        assert!(!text.contains(leaked), "{leaked} in the audit log: {text}");
    }
}

/// The value of a sample line `name{labels} value` (0 when absent).
fn sample(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map(|value| value.trim().parse().expect("number"))
        .unwrap_or(0.0)
}

#[tokio::test]
async fn metrics_are_scraped_and_the_counters_move() {
    let upstreams = Upstreams::start().await;
    let endpoints = format!(
        "{}{}",
        upstreams.emulator_endpoints(),
        upstreams.fake_endpoints()
    );
    let gateway = Gateway::start("", "", &endpoints).await;
    let scrape = || async {
        let answer = gateway
            .bare
            .get(gateway.url("/metrics"))
            .send()
            .await
            .expect("scrape");
        assert_eq!(answer.status(), 200);
        assert!(header(&answer, "content-type").starts_with("text/plain"));
        answer.text().await.expect("text")
    };
    let reads =
        "devenv_gateway_requests_total{endpoint=\"modelarts\",class=\"read\",status=\"200\"}";
    let refused =
        "devenv_gateway_requests_total{endpoint=\"modelarts\",class=\"refused\",status=\"403\"}";
    let denials =
        "devenv_gateway_denials_total{endpoint=\"modelarts\",code=\"Gateway.ConsoleHeaderMissing\"}";
    let latency = "devenv_gateway_upstream_duration_seconds_count{endpoint=\"modelarts\"}";
    let renewals = "devenv_gateway_token_renewals_total{endpoint=\"modelarts-401\",result=\"ok\"}";
    let before = scrape().await;
    assert!(before.contains("# TYPE devenv_gateway_requests_total counter"));
    assert!(before.contains("# TYPE devenv_gateway_upstream_duration_seconds histogram"));

    for _ in 0..2 {
        let answer = gateway
            .http
            .get(gateway.url(&format!("{}?de_type=Notebook", instances())))
            .send()
            .await
            .expect("list");
        assert_eq!(answer.status(), 200);
    }
    let answer = gateway
        .bare
        .post(gateway.url(&instances()))
        .json(&json!({}))
        .send()
        .await
        .expect("refused");
    assert_eq!(answer.status(), 403);
    gateway
        .http
        .get(gateway.url(&format!(
            "/proxy/modelarts-401/v1/{PROJECT}/demanager/instances"
        )))
        .send()
        .await
        .expect("token endpoint");

    let after = scrape().await;
    assert_eq!(sample(&after, reads) - sample(&before, reads), 2.0);
    assert_eq!(sample(&after, refused) - sample(&before, refused), 1.0);
    assert_eq!(sample(&after, denials) - sample(&before, denials), 1.0);
    assert_eq!(sample(&after, latency) - sample(&before, latency), 2.0);
    assert!(sample(&after, renewals) >= 1.0, "{after}");
    assert!(after.contains(
        "devenv_gateway_upstream_duration_seconds_bucket{endpoint=\"modelarts\",le=\"+Inf\"}"
    ));
    assert_no_secret(&after);
}

// ---- operations ----

#[tokio::test]
async fn readiness_reflects_whether_each_endpoint_can_authenticate() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start("", "", &upstreams.emulator_endpoints()).await;
    let answer = gateway
        .bare
        .get(gateway.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["ready"], true);
    assert_eq!(body["endpoints"]["modelarts"], "ready");

    let gateway = Gateway::start("", "", &upstreams.fake_endpoints()).await;
    let answer = gateway
        .bare
        .get(gateway.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(answer.status(), 503);
    let body: Value = answer.json().await.expect("json");
    assert_eq!(body["ready"], false);
    assert_eq!(body["endpoints"]["modelarts-401"], "ready");
    assert!(body["endpoints"]["modelarts-iam-down"]
        .as_str()
        .is_some_and(|state| state.starts_with("not ready")));
    assert_no_secret(&body.to_string());
    let answer = gateway
        .bare
        .get(gateway.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(answer.status(), 200);
}

#[tokio::test]
async fn security_headers_are_on_everything_the_gateway_serves() {
    let upstreams = Upstreams::start().await;
    let site = TempDir::new("static");
    std::fs::write(
        site.path.join("index.html"),
        "<!doctype html><title>t</title>",
    )
    .expect("index");
    std::fs::write(site.path.join("app.js"), "console.log(1)").expect("asset");
    let gateway = Gateway::start(
        &format!(
            "static_dir = \"{}\"\nframe_ancestors = [\"https://portal.example.test\"]",
            site.path.display()
        ),
        "",
        &upstreams.emulator_endpoints(),
    )
    .await;
    for path in [
        "/",
        "/app.js",
        "/deep/link",
        "/healthz",
        "/_session",
        "/metrics",
    ] {
        let answer = gateway
            .bare
            .get(gateway.url(path))
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 200, "{path}");
        let csp = header(&answer, "content-security-policy");
        assert!(
            csp.contains("default-src 'self'")
                && csp.contains("script-src 'self' 'wasm-unsafe-eval'")
                && csp.contains("object-src 'none'")
                && csp.contains("frame-ancestors 'self' https://portal.example.test"),
            "{path}: {csp}"
        );
        assert_eq!(
            header(&answer, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(header(&answer, "referrer-policy"), "same-origin", "{path}");
    }
    for path in [
        format!("{}?de_type=Notebook", instances()),
        "/proxy/modelarts/_session".to_string(),
        "/proxy/nowhere/x".to_string(),
    ] {
        let answer = gateway
            .http
            .get(gateway.url(&path))
            .send()
            .await
            .expect("request");
        assert_eq!(
            header(&answer, "content-security-policy"),
            "sandbox",
            "{path}"
        );
        assert_eq!(
            header(&answer, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
    }
}

#[tokio::test]
async fn limits_hold_for_concurrency_answer_size_and_slow_clients() {
    let upstreams = Upstreams::start().await;
    let gateway = Gateway::start(
        "max_concurrent_requests = 1\nmax_upstream_answer_bytes = 1000\nclient_read_timeout_seconds = 1",
        "",
        &upstreams.fake_endpoints(),
    )
    .await;
    // Over the answer size cap: 502.
    let answer = gateway
        .http
        .get(gateway.url(&format!("/proxy/big/v1/{PROJECT}/demanager/instances")))
        .send()
        .await
        .expect("big");
    assert_eq!(answer.status(), 502);
    assert_eq!(
        header(&answer, "x-devenv-gateway-error"),
        "Gateway.UpstreamTooLarge"
    );
    // Two at once with a limit of one: one waits for the slow upstream, the
    // other is turned away.
    let slow = gateway.url(&format!("/proxy/slow/v1/{PROJECT}/demanager/instances"));
    let first = gateway.http.get(&slow).send();
    let second = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        gateway.http.get(&slow).send().await
    };
    let (first, second) = tokio::join!(first, second);
    assert_eq!(first.expect("first").status(), 200);
    let second = second.expect("second");
    assert_eq!(second.status(), 503);
    assert_eq!(header(&second, "x-devenv-gateway-error"), "Gateway.Busy");
    // A client that stops sending its body: 408 after the read timeout.
    let started = std::time::Instant::now();
    let answer = raw(
        gateway.address,
        &format!(
            "POST /proxy/slow/v1/{PROJECT}/demanager/instances HTTP/1.1\r\nHost: 127.0.0.1\r\nX-DevEnv-Console: 1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"a\":"
        ),
    )
    .await;
    assert_eq!(raw_status(&answer), 408, "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // A client that never finishes its request head is disconnected.
    let started = std::time::Instant::now();
    let answer = raw(
        gateway.address,
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    )
    .await;
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5));
}
