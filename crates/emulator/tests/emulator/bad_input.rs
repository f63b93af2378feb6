//! Bad input never panics and never changes state: malformed JSON, wrong
//! types, oversized bodies, unknown routes.

use reqwest::Method;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn malformed_json_is_refused_in_each_providers_shape() {
    let emu = Emu::start().await;
    let before = emu.snapshot().await;
    let c6fd = format!("{MA}/DE-7d558ef8-c73d-11ea-964c-0255ac100033");
    for body in ["{", "nul", "{\"name\": }", "\u{0}\u{1}", "[1,2"] {
        let ma = emu.send_raw(Method::POST, MA, Some(body.into()), &[]).await;
        assert_eq!(ma.status, 400, "{body}");
        assert!(ma.json["error_code"]
            .as_str()
            .is_some_and(|c| c.starts_with("ModelArts.")));
        let upd = emu
            .send_raw(Method::PUT, &c6fd, Some(body.into()), &[])
            .await;
        assert_eq!(upd.status, 400);
        let act = emu
            .send_raw(
                Method::POST,
                &format!("{c6fd}/action"),
                Some(body.into()),
                &[],
            )
            .await;
        assert_eq!(act.status, 400);
        let dsw = emu
            .send_raw(Method::POST, DSW, Some(body.into()), &[])
            .await;
        assert_eq!(dsw.status, 400);
        assert_eq!(dsw.json["Code"], "InvalidParameter");
        let sc = emu
            .send_raw(Method::POST, &format!("{SC}/task"), Some(body.into()), &[])
            .await;
        assert_eq!(sc.status, 200);
        assert_eq!(sc.json["code"], "10004");
    }
    let empty = emu.send_raw(Method::POST, MA, None, &[]).await;
    assert_eq!(empty.json["error_code"], "ModelArts.6335");
    assert_eq!(emu.snapshot().await, before);
}

#[tokio::test]
async fn wrong_types_are_refused() {
    let emu = Emu::start().await;
    let before = emu.snapshot().await;
    for body in [
        json!({ "name": ["x"], "profile_id": 1, "flavor": true, "spec": "big" }),
        json!({ "name": "ok", "profile_id": "Python3-gpu", "flavor": "modelarts.vm.gpu.p100", "spec": "big" }),
        json!({ "name": "ok", "profile_id": "Python3-gpu", "flavor": "modelarts.vm.gpu.p100",
                "spec": { "storage": { "type": "evs", "location": { "volume_size": "5" } } } }),
        json!({ "name": "ok", "profile_id": "Python3-gpu", "flavor": "modelarts.vm.gpu.p100",
                "spec": { "storage": { "type": 3 } } }),
        json!(12),
    ] {
        let a = emu.post(MA, body.clone()).await;
        assert_eq!(a.status, 400, "{body}");
    }
    let act = emu
        .post(
            &format!("{MA}/DE-7936a360-c734-11ea-a72b-0255ac100033/action"),
            json!({ "action": 1 }),
        )
        .await;
    assert_eq!(act.status, 400);
    let dsw = emu
        .post(
            DSW,
            json!({ "InstanceName": "ok", "EcsSpec": ["ecs.c6.large"], "ImageUrl": "x" }),
        )
        .await;
    assert_eq!(dsw.status, 400);
    let sc = emu
        .post(
            &format!("{SC}/task"),
            json!({ "instanceServiceName": {}, "taskType": "ssh" }),
        )
        .await;
    assert_eq!(sc.json["code"], "10004");
    assert_eq!(emu.snapshot().await, before);
}

#[tokio::test]
async fn oversized_bodies_get_413_in_each_providers_shape() {
    let emu = Emu::start().await;
    let before = emu.snapshot().await;
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let ma = emu
        .send_raw(Method::POST, MA, Some(huge.clone()), &[])
        .await;
    assert_eq!(ma.status, 413);
    assert!(ma.json["error_code"]
        .as_str()
        .is_some_and(|c| c.starts_with("ModelArts.")));
    let dsw = emu
        .send_raw(Method::POST, DSW, Some(huge.clone()), &[])
        .await;
    assert_eq!(dsw.status, 413);
    assert_eq!(dsw.json["Success"], false);
    assert_eq!(dsw.json["HttpStatusCode"], 413);
    let sc = emu
        .send_raw(Method::POST, &format!("{SC}/task"), Some(huge.clone()), &[])
        .await;
    assert_eq!(sc.status, 413);
    assert!(sc.json["code"].is_string());
    let control = emu
        .send_raw(Method::POST, "/__emulator/faults", Some(huge), &[])
        .await;
    assert_eq!(control.status, 413);
    assert_eq!(emu.snapshot().await, before);
}

#[tokio::test]
async fn unknown_routes_get_404_in_each_providers_shape() {
    let emu = Emu::start().await;
    let ma = emu.get("/proxy/modelarts/v2/x/notebooks").await;
    assert_eq!(ma.status, 404);
    assert!(ma.json["error_code"].is_string());
    let ma_method = emu
        .send(
            Method::PATCH,
            &format!("{MA}/DE-7d558ef8-c73d-11ea-964c-0255ac100033"),
            None,
        )
        .await;
    assert_eq!(ma_method.status, 404);
    let dsw = emu.get("/proxy/pai-dsw/api/v2/workspaces").await;
    assert_eq!(dsw.status, 404);
    assert_eq!(dsw.json["Success"], false);
    let sc = emu.get("/proxy/scnet/ai/openapi/v2/unknown").await;
    assert_eq!(sc.status, 404);
    assert_eq!(sc.json["code"], "10004");
    let provider = emu.get("/proxy/aws/ec2").await;
    assert_eq!(provider.status, 404);
    let bare = emu.get("/proxy/modelarts").await;
    assert_eq!(bare.status, 404);
    assert!(bare.json["error_code"].is_string());
    let odd = emu.get(&format!("{MA}/%ZZ%/action")).await;
    assert_eq!(odd.status, 404);
}
