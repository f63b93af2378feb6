//! Control routes: faults of every kind, request log, reset, raw inserts,
//! the clock, and the optional header check.

use std::time::Instant;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::*;

async fn arm(emu: &Emu, fault: Value) {
    let a = emu.post("/__emulator/faults", fault).await;
    assert_eq!(a.status, 200, "{}", a.text);
}

#[tokio::test]
async fn status_fault_fails_the_next_n_matching_requests() {
    let emu = Emu::start().await;
    arm(
        &emu,
        json!({ "provider": "modelarts", "count": 2, "kind": "status", "status": 503,
                "body": { "error_code": "ModelArts.6361", "error_message": "busy" } }),
    )
    .await;
    let list = format!("{MA}?de_type=Notebook");
    // Other providers are not touched.
    assert_eq!(emu.get(DSW).await.status, 200);
    for _ in 0..2 {
        let a = emu.get(&list).await;
        assert_eq!(a.status, 503);
        assert_eq!(a.json["error_message"], "busy");
    }
    assert_eq!(emu.get(&list).await.status, 200);
    assert_eq!(emu.get("/__emulator/faults").await.json, json!([]));
}

#[tokio::test]
async fn status_fault_defaults_to_the_providers_internal_error() {
    let emu = Emu::start().await;
    for p in ["modelarts", "pai-dsw", "scnet"] {
        arm(&emu, json!({ "provider": p, "kind": "status" })).await;
    }
    let ma = emu.get(&format!("{MA}?de_type=Notebook")).await;
    assert_eq!(ma.status, 500);
    assert_eq!(ma.json["error_code"], "ModelArts.6361");
    let dsw = emu.get(DSW).await;
    assert_eq!(dsw.status, 500);
    assert_eq!(dsw.json["Code"], "InternalError");
    assert_eq!(dsw.json["HttpStatusCode"], 500);
    let sc = emu.get(&format!("{SC}/task")).await;
    assert_eq!(sc.status, 500);
    assert_eq!(sc.json["code"], "10001");
}

#[tokio::test]
async fn faults_match_method_and_path() {
    let emu = Emu::start().await;
    arm(
        &emu,
        json!({ "provider": "modelarts", "kind": "status", "status": 418, "method": "post",
                "path_contains": "/action", "body": "not json at all" }),
    )
    .await;
    assert_eq!(emu.get(&format!("{MA}?de_type=Notebook")).await.status, 200);
    let c6fd = format!("{MA}/DE-7d558ef8-c73d-11ea-964c-0255ac100033");
    assert_eq!(emu.get(&c6fd).await.status, 200);
    let hit = emu
        .post(&format!("{c6fd}/action"), json!({"action": "stop"}))
        .await;
    assert_eq!(hit.status, 418);
    assert_eq!(hit.text, "not json at all");
    // The faulty request changed nothing.
    assert_eq!(emu.get(&c6fd).await.json["status"], "RUNNING");
}

#[tokio::test]
async fn slow_fault_answers_normally_after_the_delay() {
    let emu = Emu::start().await;
    arm(
        &emu,
        json!({ "provider": "scnet", "kind": "slow", "delay_ms": 300 }),
    )
    .await;
    let started = Instant::now();
    let a = emu.get(&format!("{SC}/task")).await;
    assert!(started.elapsed().as_millis() >= 300);
    assert_eq!(a.status, 200);
    assert_eq!(a.json["total"], 1);
    // The fault was used up by that request: the next one meets none.
    assert_eq!(emu.get("/__emulator/faults").await.json, json!([]));
    let b = emu.get(&format!("{SC}/task")).await;
    assert_eq!(b.status, 200);
    assert_eq!(b.json, a.json);
}

#[tokio::test]
async fn malformed_fault_answers_broken_json() {
    let emu = Emu::start().await;
    arm(&emu, json!({ "provider": "pai-dsw", "kind": "malformed" })).await;
    let a = emu.get(DSW).await;
    assert_eq!(a.status, 200);
    assert!(serde_json::from_str::<Value>(&a.text).is_err());
    assert!(a
        .headers
        .get("content-type")
        .is_some_and(|v| v == "application/json"));
}

#[tokio::test]
async fn close_fault_drops_the_connection_unanswered() {
    let emu = Emu::start().await;
    arm(&emu, json!({ "provider": "modelarts", "kind": "close" })).await;
    let mut stream = tokio::net::TcpStream::connect(emu.addr)
        .await
        .expect("connect");
    let request = format!(
        "GET {MA}?de_type=Notebook HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut buf = Vec::new();
    let read = stream.read_to_end(&mut buf).await;
    assert!(
        read.is_err() || buf.is_empty(),
        "got an answer: {}",
        String::from_utf8_lossy(&buf)
    );
    // A client sees a connection error, and the next request works.
    arm(&emu, json!({ "provider": "modelarts", "kind": "close" })).await;
    let fresh = reqwest::Client::new();
    let err = fresh
        .get(emu.url(&format!("{MA}?de_type=Notebook")))
        .send()
        .await;
    assert!(err.is_err());
    assert_eq!(emu.get(&format!("{MA}?de_type=Notebook")).await.status, 200);
}

#[tokio::test]
async fn faults_are_checked_listed_and_cleared() {
    let emu = Emu::start().await;
    for bad in [
        json!({ "provider": "aws", "kind": "status" }),
        json!({ "provider": "scnet", "kind": "explode" }),
        json!({ "provider": "scnet", "kind": "status", "count": 0 }),
        json!({ "provider": "scnet", "kind": "status", "status": 42 }),
        json!({ "provider": "scnet", "kind": "status", "colour": "red" }),
        json!("status"),
    ] {
        let a = emu.post("/__emulator/faults", bad.clone()).await;
        assert_eq!(a.status, 400, "{bad}");
        assert!(a.json["error"].is_string());
    }
    let not_json = emu
        .send_raw(
            reqwest::Method::POST,
            "/__emulator/faults",
            Some("{".into()),
            &[],
        )
        .await;
    assert_eq!(not_json.status, 400);
    arm(
        &emu,
        json!([{ "provider": "scnet", "kind": "status", "count": 5 },
               { "provider": "pai-dsw", "kind": "malformed" }]),
    )
    .await;
    let listed = emu.get("/__emulator/faults").await.json;
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    assert_eq!(listed[0]["count"], 5);
    assert_eq!(emu.delete("/__emulator/faults").await.status, 200);
    assert_eq!(emu.get(&format!("{SC}/task")).await.json["code"], "0");
    assert_eq!(emu.get(DSW).await.json["Success"], true);
}

#[tokio::test]
async fn request_log_records_provider_requests_only() {
    let emu = Emu::start().await;
    emu.get(&format!("{MA}?de_type=Notebook&limit=2")).await;
    emu.post(
        &format!("{SC}/task"),
        json!({ "instanceServiceName": "x", "taskType": "ssh", "cpuNumber": 1, "ramSize": 1, "imagePath": "i" }),
    )
    .await;
    emu.get("/__emulator/health").await;
    let log = emu.get("/__emulator/requests").await.json;
    let entries = log.as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2, "{log}");
    assert_eq!(entries[0]["provider"], "modelarts");
    assert_eq!(entries[0]["method"], "GET");
    assert_eq!(entries[0]["path"], MA);
    assert_eq!(
        entries[0]["query"],
        json!({ "de_type": "Notebook", "limit": "2" })
    );
    assert_eq!(entries[0]["body"], Value::Null);
    assert!(entries[0]["time_ms"].as_u64().is_some());
    assert_eq!(entries[1]["provider"], "scnet");
    assert_eq!(entries[1]["method"], "POST");
    assert_eq!(entries[1]["body"]["instanceServiceName"], "x");
    // "The console sent no create request" is a filter away.
    let modelarts_posts = entries
        .iter()
        .filter(|e| e["provider"] == "modelarts" && e["method"] == "POST")
        .count();
    assert_eq!(modelarts_posts, 0);
    assert_eq!(emu.delete("/__emulator/requests").await.status, 200);
    assert_eq!(emu.get("/__emulator/requests").await.json, json!([]));
}

#[tokio::test]
async fn reset_restores_the_seeds_and_clears_faults_and_log() {
    let emu = Emu::with(|o| o.instances = 30).await;
    let before = emu.snapshot().await;
    let del = emu
        .delete(&format!("{MA}/DE-7936a360-c734-11ea-a72b-0255ac100033"))
        .await;
    assert_eq!(del.status, 200);
    emu.post(
        &format!("{SC}/task/actions/stop?ids=530491fa7c8e47348f01de73e627a6a7"),
        json!(null),
    )
    .await;
    arm(
        &emu,
        json!({ "provider": "pai-dsw", "kind": "status", "count": 100 }),
    )
    .await;
    emu.advance(86_400_000).await;
    assert_eq!(emu.post("/__emulator/reset", json!(null)).await.status, 200);
    assert_eq!(emu.get("/__emulator/clock").await.json["offset_ms"], 0);
    assert_eq!(emu.get("/__emulator/faults").await.json, json!([]));
    assert_eq!(emu.get("/__emulator/requests").await.json, json!([]));
    assert_eq!(emu.snapshot().await, before);
}

#[tokio::test]
async fn clock_moves_forward_by_what_is_asked() {
    let emu = Emu::start().await;
    let start = emu.get("/__emulator/clock").await;
    assert_eq!(start.status, 200);
    assert_eq!(start.json["offset_ms"], 0);
    let start_ms = start.json["now_ms"].as_u64().expect("now_ms");

    let moved = emu
        .post("/__emulator/clock", json!({ "advance_ms": 90_000 }))
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.json["ok"], true);
    assert_eq!(moved.json["offset_ms"], 90_000);
    let moved_ms = moved.json["now_ms"].as_u64().expect("now_ms");
    assert!(moved_ms >= start_ms + 90_000, "{start_ms} → {moved_ms}");
    // Advances add up; zero is a plain reading.
    emu.advance(10_000).await;
    let zero = emu
        .post("/__emulator/clock", json!({ "advance_ms": 0 }))
        .await;
    assert_eq!(zero.json["offset_ms"], 100_000);

    // Provider requests are stamped with the emulator's clock.
    emu.get(&format!("{SC}/task")).await;
    let logged = emu.last_request_ms().await;
    assert!(logged >= start_ms + 100_000, "{start_ms} → {logged}");

    for bad in [
        json!({}),
        json!({ "advance_ms": -1 }),
        json!({ "advance_ms": 1.5 }),
        json!({ "advance_ms": "10" }),
        json!({ "advance_ms": 10, "freeze": true }),
        json!({ "advance_ms": u64::MAX }),
        json!(10),
    ] {
        let a = emu.post("/__emulator/clock", bad.clone()).await;
        assert_eq!(a.status, 400, "{bad}");
        assert!(a.json["error"].is_string(), "{bad}");
    }
    // Refused advances changed nothing.
    assert_eq!(
        emu.get("/__emulator/clock").await.json["offset_ms"],
        100_000
    );
}

#[tokio::test]
async fn raw_instances_are_inserted_as_is() {
    let emu = Emu::start().await;
    let hostile = "<img src=x onerror=alert(1)>";
    for (provider, item) in [
        (
            "modelarts",
            json!({ "id": "DE-hostile", "name": hostile, "status": "WEIRD_STATE" }),
        ),
        (
            "pai-dsw",
            json!({ "InstanceId": "dsw-hostile", "InstanceName": hostile, "Status": "Exploding" }),
        ),
        (
            "scnet",
            json!({ "id": "hostile", "instanceServiceName": hostile, "status": 42 }),
        ),
    ] {
        let a = emu
            .post(&format!("/__emulator/instances/{provider}"), item.clone())
            .await;
        assert_eq!(a.status, 200, "{}", a.text);
    }
    let ma = emu.get(&format!("{MA}/DE-hostile")).await.json;
    assert_eq!(
        ma,
        json!({ "id": "DE-hostile", "name": hostile, "status": "WEIRD_STATE" })
    );
    let dsw = emu
        .get(&format!(
            "{DSW}?PageSize=100&WorkspaceId=ALL&ResourceId=ALL"
        ))
        .await
        .json;
    assert!(names(&dsw, "Instances", "InstanceName").contains(&hostile.to_string()));
    let sc = emu.get(&format!("{SC}/hostile/detail")).await.json;
    assert_eq!(sc["data"]["status"], 42);
    let bad = emu.post("/__emulator/instances/aws", json!({})).await;
    assert_eq!(bad.status, 400);
    let not_object = emu.post("/__emulator/instances/scnet", json!([1])).await;
    assert_eq!(not_object.status, 400);
    assert_eq!(emu.get("/__emulator/nothing").await.status, 404);
}

#[tokio::test]
async fn required_headers_get_each_providers_401() {
    let emu = Emu::with(|o| {
        o.require_header = vec![
            devenv_emulator::cli::parse_required_header("modelarts=X-Auth-Token").expect("rule"),
            devenv_emulator::cli::parse_required_header("pai-dsw=Authorization").expect("rule"),
            devenv_emulator::cli::parse_required_header("scnet=token:secret").expect("rule"),
        ]
    })
    .await;
    let list = format!("{MA}?de_type=Notebook");
    let ma = emu.get(&list).await;
    assert_eq!(ma.status, 401);
    assert_eq!(ma.json["error_code"], "ModelArts.0201");
    let ok = emu
        .send_raw(reqwest::Method::GET, &list, None, &[("X-Auth-Token", "t")])
        .await;
    assert_eq!(ok.status, 200);
    let dsw = emu.get(DSW).await;
    assert_eq!(dsw.status, 401);
    assert_eq!(dsw.json["Code"], "InvalidAccessKeyId.NotFound");
    assert_eq!(dsw.json["Success"], false);
    let wrong = emu
        .send_raw(
            reqwest::Method::GET,
            &format!("{SC}/task"),
            None,
            &[("token", "nope")],
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json["code"], "10009");
    let right = emu
        .send_raw(
            reqwest::Method::GET,
            &format!("{SC}/task"),
            None,
            &[("token", "secret")],
        )
        .await;
    assert_eq!(right.status, 200);
    assert_eq!(right.json["code"], "0");
}
