//! SCNet: list (query and GET body), detail, create, restart, stop, delete.

use devenv_emulator::clock::scnet_time;
use serde_json::{json, Value};

use crate::support::*;

const SEED_ID: &str = "530491fa7c8e47348f01de73e627a6a7";

#[tokio::test]
async fn list_answers_the_seed_verbatim() {
    let emu = Emu::start().await;
    let list = emu.get(&format!("{SC}/task")).await;
    assert_eq!(list.status, 200);
    let seed = fixture(SC_LIST);
    assert_eq!(list.json["code"], "0");
    assert_eq!(list.json["msg"], "success");
    assert_eq!(list.json["total"], 1);
    assert_eq!(list.json["data"][0], seed["data"][0]);
}

#[tokio::test]
async fn list_accepts_the_official_get_body() {
    let emu = Emu::start().await;
    let body = emu
        .send_raw(
            reqwest::Method::GET,
            &format!("{SC}/task"),
            Some(SC_LIST_REQ.to_string()),
            &[("token", "<Token>")],
        )
        .await;
    assert_eq!(body.json["total"], 1);
    assert_eq!(
        body.json["data"][0]["instanceServiceName"],
        "Instances_2204208761"
    );
    // The documented array in the body, and a lone string.
    for names in [
        json!(["nope", "Instances_2204208761"]),
        json!("Instances_2204208761"),
    ] {
        let body = json!({ "instanceServiceName": names, "start": 0, "limit": 20 });
        let a = emu
            .send_raw(
                reqwest::Method::GET,
                &format!("{SC}/task"),
                Some(body.to_string()),
                &[],
            )
            .await;
        assert_eq!(a.json["total"], 1, "{names}");
    }
    let body = json!({ "instanceServiceName": ["nope"] });
    let a = emu
        .send_raw(
            reqwest::Method::GET,
            &format!("{SC}/task"),
            Some(body.to_string()),
            &[],
        )
        .await;
    assert_eq!(a.json["total"], 0);
    // Query parameters win over the body.
    let query_wins = emu
        .send_raw(
            reqwest::Method::GET,
            &format!("{SC}/task?taskType=jupyter"),
            Some(SC_LIST_REQ.to_string()),
            &[],
        )
        .await;
    assert_eq!(query_wins.json["total"], 0);
    let bad_body = emu
        .send_raw(
            reqwest::Method::GET,
            &format!("{SC}/task"),
            Some("{not json".to_string()),
            &[],
        )
        .await;
    assert_eq!(bad_body.status, 200);
    assert_eq!(bad_body.json["code"], "10004");
}

#[tokio::test]
async fn list_filters_sorts_and_pages() {
    let emu = Emu::with(|o| o.instances = 300).await;
    let all = emu.get(&format!("{SC}/task?limit=1000")).await.json;
    assert_eq!(all["total"], 101);
    let times = names(&all, "data", "createTime");
    let mut desc = times.clone();
    desc.sort();
    desc.reverse();
    assert_eq!(times, desc, "default sort is desc by createTime");
    let asc = emu
        .get(&format!("{SC}/task?limit=1000&sort=asc"))
        .await
        .json;
    assert_eq!(
        asc["data"][0]["instanceServiceName"],
        "Instances_2204208761"
    );
    let default_page = emu.get(&format!("{SC}/task")).await.json;
    assert_eq!(default_page["data"].as_array().map(Vec::len), Some(20));
    let page = emu.get(&format!("{SC}/task?start=10&limit=5")).await.json;
    assert_eq!(page["total"], 101);
    assert_eq!(
        names(&page, "data", "id"),
        names(&all, "data", "id")[10..15].to_vec()
    );
    let running = emu
        .get(&format!("{SC}/task?status=Running&limit=1000"))
        .await
        .json;
    assert!(names(&running, "data", "status")
        .iter()
        .all(|s| s == "Running"));
    assert!(running["total"].as_u64().is_some_and(|n| n > 0));
    let ssh = emu
        .get(&format!("{SC}/task?taskType=ssh&limit=1000"))
        .await
        .json;
    assert!(names(&ssh, "data", "taskType").iter().all(|s| s == "ssh"));
    let named = emu
        .get(&format!("{SC}/task?instanceServiceName=gen-00003"))
        .await
        .json;
    assert_eq!(names(&named, "data", "instanceServiceName"), ["gen-00003"]);
    // `instanceServiceName` is an array: repeated parameters match any name.
    let two = emu
        .get(&format!(
            "{SC}/task?instanceServiceName=gen-00003&instanceServiceName=gen-00006&sort=asc"
        ))
        .await
        .json;
    assert_eq!(
        names(&two, "data", "instanceServiceName"),
        ["gen-00003", "gen-00006"]
    );
    assert_eq!(two["total"], 2);
    let with_unknown = emu
        .get(&format!(
            "{SC}/task?instanceServiceName=nope&instanceServiceName=gen-00006&instanceServiceName="
        ))
        .await
        .json;
    assert_eq!(
        names(&with_unknown, "data", "instanceServiceName"),
        ["gen-00006"]
    );
    let none = emu
        .get(&format!("{SC}/task?instanceServiceName=nope"))
        .await
        .json;
    assert_eq!(none["total"], 0);
    for bad in ["limit=-1", "start=x", "sort=sideways"] {
        let a = emu.get(&format!("{SC}/task?{bad}")).await;
        assert_eq!(a.status, 200, "{bad}");
        assert_eq!(a.json["code"], "10004", "{bad}");
        assert_eq!(a.json["data"], Value::Null);
    }
}

#[tokio::test]
async fn detail_and_not_found() {
    let emu = Emu::start().await;
    let one = emu.get(&format!("{SC}/{SEED_ID}/detail")).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json["code"], "0");
    assert_eq!(one.json["msg"], "success");
    assert_eq!(one.json["data"], fixture(SC_LIST)["data"][0]);
    let none = emu.get(&format!("{SC}/nope/detail")).await;
    assert_eq!(none.status, 404);
    assert_eq!(
        none.json,
        json!({ "code": "10004", "msg": "instance service not found", "data": null })
    );
}

fn create_body() -> Value {
    json!({
        "acceleratorType": "gpu",
        "cpuNumber": 6,
        "gpuNumber": 2,
        "ramSize": 30720,
        "imagePath": "10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0",
        "version": "pytorch:1.2-py3.6-CUDA10.0",
        "instanceServiceName": "my-instance",
        "resourceGroup": "TeslaM40",
        "taskNumber": 1,
        "taskType": "jupyter",
        "timeoutLimit": "unlimited",
        "useStartScript": false,
        "startScriptActionScope": "all"
    })
}

#[tokio::test]
async fn create_then_lifecycle() {
    let emu = Emu::start().await;
    let created = emu.post(&format!("{SC}/task"), create_body()).await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(created.json["code"], "0");
    let created_ms = emu.last_request_ms().await;
    // "container: create" answers the new instance's ID as a plain string.
    let id = created.json["data"].as_str().expect("id").to_string();
    let detail = format!("{SC}/{id}/detail");
    let item = &emu.get(&detail).await.json["data"];
    assert_eq!(item["id"], json!(id));
    assert_eq!(item["status"], "Waiting");
    assert_eq!(item["createTime"], scnet_time(created_ms));
    assert_eq!(item["resourceSpec"], "6 核心; 2 加速器; 30.0G 内存");
    // Waiting → Deploying halfway through the transition → Running at its end.
    assert_eq!(emu.get(&detail).await.json["data"]["status"], "Waiting");
    emu.advance(TRANSITION_MS / 2).await;
    assert_eq!(emu.get(&detail).await.json["data"]["status"], "Deploying");
    emu.advance(TRANSITION_MS / 2).await;
    let running = emu.get(&detail).await.json;
    assert_eq!(running["data"]["status"], "Running");
    assert_eq!(
        running["data"]["startTime"],
        scnet_time(created_ms + TRANSITION_MS)
    );
    assert_eq!(running["data"]["endTime"], Value::Null);
}

#[tokio::test]
async fn stop_restart_delete() {
    let emu = Emu::start().await;
    let created = emu.post(&format!("{SC}/task"), create_body()).await;
    let id = created.json["data"].as_str().expect("id").to_string();
    let detail = format!("{SC}/{id}/detail");
    let restart_waiting = emu
        .post(
            &format!("{SC}/task/actions/restart?instanceServiceId={SEED_ID}"),
            json!(null),
        )
        .await;
    assert_eq!(restart_waiting.status, 200);
    assert_eq!(restart_waiting.json["code"], "10004");

    let stop = emu
        .post(
            &format!("{SC}/task/actions/stop?ids={id},{SEED_ID}"),
            json!(null),
        )
        .await;
    assert_eq!(
        stop.json,
        json!({ "code": "0", "msg": "success", "data": null })
    );
    assert_eq!(emu.get(&detail).await.json["data"]["status"], "Terminated");
    let seed_now = emu.get(&format!("{SC}/{SEED_ID}/detail")).await.json;
    assert_eq!(seed_now["data"]["status"], "Terminated");
    assert!(seed_now["data"]["endTime"].is_string());
    let stop_again = emu
        .post(&format!("{SC}/task/actions/stop?ids={id}"), json!(null))
        .await;
    assert_eq!(stop_again.json["code"], "10004");
    let no_ids = emu
        .post(&format!("{SC}/task/actions/stop"), json!(null))
        .await;
    assert_eq!(no_ids.json["code"], "10003");
    let unknown = emu
        .post(&format!("{SC}/task/actions/stop?ids=nope"), json!(null))
        .await;
    assert_eq!(unknown.status, 404);

    let restart = emu
        .post(
            &format!("{SC}/task/actions/restart?instanceServiceId={id}"),
            json!(null),
        )
        .await;
    assert_eq!(restart.json["code"], "0");
    let restarted_ms = emu.last_request_ms().await;
    assert_eq!(emu.get(&detail).await.json["data"]["status"], "Deploying");
    emu.advance(TRANSITION_MS).await;
    let running = emu.get(&detail).await.json;
    assert_eq!(running["data"]["status"], "Running");
    assert_eq!(
        running["data"]["startTime"],
        scnet_time(restarted_ms + TRANSITION_MS)
    );

    let del_unknown = emu.delete(&format!("{SC}/task?ids={id},nope")).await;
    assert_eq!(del_unknown.status, 404);
    assert_eq!(emu.get(&detail).await.status, 200, "nothing deleted");
    let del = emu.delete(&format!("{SC}/task?ids={id},{SEED_ID}")).await;
    assert_eq!(del.json["code"], "0");
    assert_eq!(emu.get(&detail).await.status, 404);
    assert_eq!(emu.get(&format!("{SC}/task")).await.json["total"], 0);
    assert_eq!(
        emu.delete(&format!("{SC}/task")).await.json["code"],
        "10003"
    );
}

#[tokio::test]
async fn create_enforces_the_rules() {
    let emu = Emu::start().await;
    let before = emu.snapshot().await;
    let with = |key: &str, value: Value| {
        let mut b = create_body();
        b[key] = value;
        b
    };
    let without = |key: &str| {
        let mut b = create_body();
        if let Some(o) = b.as_object_mut() {
            o.remove(key);
        }
        b
    };
    for (body, code) in [
        (without("instanceServiceName"), "10003"),
        (with("instanceServiceName", json!("")), "10003"),
        (without("imagePath"), "10003"),
        (without("cpuNumber"), "10003"),
        (without("ramSize"), "10003"),
        (with("taskType", json!("vnc")), "10004"),
        (with("cpuNumber", json!(0)), "10004"),
        (with("cpuNumber", json!("six")), "10004"),
        (with("gpuNumber", json!(-1)), "10004"),
        (with("ramSize", json!(0)), "10004"),
        (json!([1]), "10004"),
    ] {
        let a = emu.post(&format!("{SC}/task"), body.clone()).await;
        assert_eq!(a.status, 200, "{body}");
        assert_eq!(a.json["code"], code, "{body}");
        assert_eq!(a.json["data"], Value::Null);
    }
    // The names SCNet refuses: 10004, the message naming the field.
    for name in [
        json!("a".repeat(65)),
        json!("a b"),
        json!("a.b"),
        json!("实例"),
        json!("a/b"),
    ] {
        let body = with("instanceServiceName", name.clone());
        let a = emu.post(&format!("{SC}/task"), body).await;
        assert_eq!(
            (a.status, &a.json["code"]),
            (200, &json!("10004")),
            "{name}"
        );
        assert_eq!(a.json["data"], Value::Null);
        assert!(
            a.json["msg"]
                .as_str()
                .is_some_and(|m| m.contains("instanceServiceName")),
            "{}",
            a.text
        );
    }
    // `timeoutLimit` is `HH:MM:SS` or `unlimited` (SCNet "Open API 2.0 —
    // container: create"); anything else is 10004 naming the field.
    for limit in [
        json!("2h"),
        json!("30m"),
        json!("12"),
        json!("1d"),
        json!("01:00"),
        json!("1:00:00"),
        json!("01:60:00"),
        json!("01:00:60"),
        json!("01:00:00:00"),
        json!("Unlimited"),
        json!(""),
        json!(3600),
        json!(true),
    ] {
        let a = emu
            .post(&format!("{SC}/task"), with("timeoutLimit", limit.clone()))
            .await;
        assert_eq!(
            (a.status, &a.json["code"]),
            (200, &json!("10004")),
            "{limit}"
        );
        assert!(
            a.json["msg"]
                .as_str()
                .is_some_and(|m| m.contains("timeoutLimit")),
            "{}",
            a.text
        );
    }
    assert_eq!(emu.snapshot().await, before);
    let cpu_only = emu
        .post(&format!("{SC}/task"), with("gpuNumber", json!(0)))
        .await;
    assert_eq!(cpu_only.json["code"], "0", "{}", cpu_only.text);
}

#[tokio::test]
async fn create_takes_the_documented_timeouts_and_names() {
    let emu = Emu::start().await;
    for (limit, kept) in [
        (json!("01:00:00"), "01:00:00"),
        (json!("00:00:00"), "00:00:00"),
        (json!("100:59:59"), "100:59:59"),
        (json!("unlimited"), "unlimited"),
        (Value::Null, "unlimited"),
    ] {
        let mut body = create_body();
        body["timeoutLimit"] = limit.clone();
        let a = emu.post(&format!("{SC}/task"), body).await;
        assert_eq!(a.json["code"], "0", "{limit}: {}", a.text);
        let id = a.json["data"].as_str().expect("id");
        let made = emu.get(&format!("{SC}/{id}/detail")).await.json;
        assert_eq!(made["data"]["timeoutLimit"], kept, "{limit}");
    }
    for name in [
        "a".repeat(64),
        "Instances_2205113838".into(),
        "a-b_C9".into(),
    ] {
        let mut body = create_body();
        body["instanceServiceName"] = json!(name);
        let a = emu.post(&format!("{SC}/task"), body).await;
        assert_eq!(a.json["code"], "0", "{name}: {}", a.text);
        let id = a.json["data"].as_str().expect("id");
        let made = emu.get(&format!("{SC}/{id}/detail")).await.json;
        assert_eq!(made["data"]["instanceServiceName"], json!(name));
    }
}

#[tokio::test]
async fn delete_takes_repeated_ids_as_documented() {
    let emu = Emu::start().await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let created = emu.post(&format!("{SC}/task"), create_body()).await;
        ids.push(created.json["data"].as_str().expect("id").to_string());
    }
    // "container: delete": `ids` repeated, one per instance.
    let gone = emu
        .delete(&format!("{SC}/task?ids={}&ids={}", ids[0], ids[1]))
        .await;
    assert_eq!(gone.json["code"], "0", "{}", gone.text);
    assert_eq!(gone.json["data"], Value::Null);
    for id in &ids {
        let detail = emu.get(&format!("{SC}/{id}/detail")).await.json;
        assert_ne!(detail["code"], "0", "{id} is gone");
    }
}
