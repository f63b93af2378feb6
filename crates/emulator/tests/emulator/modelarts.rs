//! ModelArts demanager v1: list, detail, create, update, delete, actions.

use serde_json::{json, Value};

use crate::support::*;

fn list_path(query: &str) -> String {
    format!("{MA}?de_type=Notebook{query}")
}

#[tokio::test]
async fn list_requires_de_type_exactly() {
    let emu = Emu::start().await;
    let missing = emu.get(MA).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json["error_code"], "ModelArts.6335");
    let wrong = emu.get(&format!("{MA}?de_type=notebook")).await;
    assert_eq!(wrong.status, 400);
    assert_eq!(wrong.json["error_code"], "ModelArts.6336");
    assert!(wrong.json["error_message"].is_string());
}

#[tokio::test]
async fn list_answers_the_seeds_verbatim_sorted_by_name() {
    let emu = Emu::start().await;
    let list = emu.get(&list_path("")).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json["total_count"], 3);
    assert_eq!(
        names(&list.json, "instances", "name"),
        ["notebook-b1b8", "notebook-c6fd", "notebook-d115"]
    );
    let seed = fixture(MA_LIST);
    assert_eq!(list.json["instances"][0], seed["instances"][1]);
    assert_eq!(list.json["instances"][1], seed["instances"][0]);
    assert_eq!(list.json["instances"][2], fixture(MA_CREATE_RESP));
}

#[tokio::test]
async fn list_sorts_by_creation_time_and_order() {
    let emu = Emu::start().await;
    let desc = emu
        .get(&list_path("&sortby=creation_timestamp&order=desc"))
        .await;
    assert_eq!(
        names(&desc.json, "instances", "name"),
        ["notebook-d115", "notebook-c6fd", "notebook-b1b8"]
    );
    let asc = emu.get(&list_path("&sortby=creation_timestamp")).await;
    assert_eq!(
        names(&asc.json, "instances", "name"),
        ["notebook-b1b8", "notebook-c6fd", "notebook-d115"]
    );
    let name_desc = emu.get(&list_path("&sortby=name&order=desc")).await;
    assert_eq!(
        names(&name_desc.json, "instances", "name"),
        ["notebook-d115", "notebook-c6fd", "notebook-b1b8"]
    );
    for bad in ["&sortby=status", "&order=up", "&offset=-1", "&limit=x"] {
        let a = emu.get(&list_path(bad)).await;
        assert_eq!(a.status, 400, "{bad}");
        assert_eq!(a.json["error_code"], "ModelArts.6336", "{bad}");
    }
}

#[tokio::test]
async fn list_filters_and_pages() {
    let emu = Emu::start().await;
    let running = emu.get(&list_path("&status=RUNNING")).await;
    assert_eq!(running.json["total_count"], 1);
    assert_eq!(names(&running.json, "instances", "name"), ["notebook-c6fd"]);
    let page = emu.get(&list_path("&offset=1&limit=1")).await;
    assert_eq!(page.json["total_count"], 3);
    assert_eq!(names(&page.json, "instances", "name"), ["notebook-c6fd"]);
    let all = emu.get(&list_path("&limit=0")).await;
    assert_eq!(all.json["instances"].as_array().map(Vec::len), Some(3));
    let past = emu.get(&list_path("&offset=5")).await;
    assert_eq!(past.json["total_count"], 3);
    assert_eq!(past.json["instances"], json!([]));
    let ws = emu.get(&list_path("&workspace_id=0")).await;
    assert_eq!(ws.json["total_count"], 3);
    let other_ws = emu.get(&list_path("&workspace_id=7")).await;
    assert_eq!(other_ws.json["total_count"], 0);
    let pool = emu.get(&list_path("&pool_id=pool-1")).await;
    assert_eq!(pool.json["total_count"], 0);
    let show_self = emu.get(&list_path("&show_self=true")).await;
    assert_eq!(show_self.json["total_count"], 3);
    let bad_self = emu.get(&list_path("&show_self=maybe")).await;
    assert_eq!(bad_self.status, 400);
}

#[tokio::test]
async fn detail_and_not_found() {
    let emu = Emu::start().await;
    let seed = fixture(MA_LIST);
    let one = emu
        .get(&format!("{MA}/DE-7d558ef8-c73d-11ea-964c-0255ac100033"))
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json, seed["instances"][0]);
    // 错误码: every ModelArts.63xx is HTTP 400, "does not exist" included.
    let none = emu.get(&format!("{MA}/DE-nope")).await;
    assert_eq!(none.status, 400);
    assert_eq!(none.json["error_code"], "ModelArts.6309");
    assert_eq!(none.json["error_message"], "The instance does not exist.");
    assert!(none
        .headers
        .get("x-request-id")
        .is_some_and(|v| v.len() == 32));
}

fn create_body(name: &str) -> Value {
    let mut body = fixture(MA_CREATE_REQ);
    body["name"] = json!(name);
    body
}

#[tokio::test]
async fn create_moves_from_creating_to_running_with_auto_stop() {
    let emu = Emu::start().await;
    let created = emu.post(MA, create_body("notebook-new")).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let v = &created.json;
    assert_eq!(v["status"], "CREATING");
    assert_eq!(v["name"], "notebook-new");
    assert_eq!(v["flavor"], "modelarts.kat1.xlarge");
    assert_eq!(v["flavor_details"]["params"]["NPU"], 1);
    assert_eq!(v["flavor_details"]["type"], "Ascend");
    assert_eq!(v["profile"]["flavor_type"], "Ascend");
    assert_eq!(
        v["spec"]["storage"]["location"]["path"],
        "/aaaaaaaaa/output/"
    );
    assert_eq!(v["workspace"]["id"], "0");
    let id = v["id"].as_str().expect("id").to_string();
    assert!(id.starts_with("DE-"));
    let created_ms = emu.last_request_ms().await;
    assert_eq!(v["creation_timestamp"], created_ms.to_string());
    // No countdown before the instance runs.
    assert!(v["spec"]["auto_stop"].get("stop_timestamp").is_none());
    emu.advance(TRANSITION_MS).await;
    let after = emu.get(&format!("{MA}/{id}")).await.json;
    let read_ms = emu.last_request_ms().await;
    assert_eq!(after["status"], "RUNNING");
    // Running since the transition ended; auto-stop counts its 3600 s from
    // then, and remain_time is what is left of them when the answer is made.
    let running_ms = created_ms + TRANSITION_MS;
    assert_eq!(after["creation_timestamp"], created_ms.to_string());
    assert_eq!(after["latest_update_timestamp"], running_ms.to_string());
    let auto = &after["spec"]["auto_stop"];
    let stop_ms = running_ms + 3_600_000;
    assert_eq!(auto["stop_timestamp"], stop_ms);
    assert_eq!(auto["remain_time"], (stop_ms - read_ms) / 1000);
    // The seeds stayed where they were.
    let c6fd = emu
        .get(&format!("{MA}/DE-7d558ef8-c73d-11ea-964c-0255ac100033"))
        .await;
    assert_eq!(c6fd.json["status"], "RUNNING");
    let d115 = emu
        .get(&format!("{MA}/DE-a970f5d4-7b26-11eb-91ca-0255ac10003b"))
        .await;
    assert_eq!(d115.json["status"], "CREATING");
}

#[tokio::test]
async fn create_fills_defaults_for_evs_and_other_flavors() {
    let emu = Emu::start().await;
    let created = emu
        .post(
            MA,
            json!({
                "name": "cpu_box-1",
                "profile_id": "Multi-Engine 1.0 (python3)-cpu",
                "flavor": "modelarts.vm.cpu.8u",
                "spec": { "storage": { "type": "evs" } }
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    assert_eq!(
        created.json["spec"]["storage"]["location"]["volume_size"],
        5
    );
    assert_eq!(created.json["flavor_details"]["params"]["memory"], "32GiB");
    assert_eq!(created.json["spec"]["auto_stop"]["enable"], false);
    let p100 = emu
        .post(
            MA,
            json!({
                "name": "p100",
                "profile_id": "Python3-gpu",
                "flavor": "modelarts.vm.gpu.p100",
                "spec": { "storage": { "type": "evs", "location": { "volume_size": 4096 } } }
            }),
        )
        .await;
    assert_eq!(p100.status, 200, "{}", p100.text);
    assert_eq!(p100.json["flavor_details"]["params"]["gpu_type"], "P100");
}

#[tokio::test]
async fn create_enforces_the_service_rules_and_changes_nothing_when_refused() {
    let emu = Emu::start().await;
    let before = emu.snapshot().await;
    let base = create_body("ok-name");
    let with = |pointer: &str, value: Value| {
        let mut b = base.clone();
        if let Some(slot) = b.pointer_mut(pointer) {
            *slot = value;
        }
        b
    };
    let without = |key: &str| {
        let mut b = base.clone();
        if let Some(o) = b.as_object_mut() {
            o.remove(key);
        }
        b
    };
    let cases: Vec<(Value, &str)> = vec![
        (without("name"), "6335"),
        (with("/name", json!("")), "6335"),
        (with("/name", json!("bad name!")), "6334"),
        (with("/name", json!("a".repeat(65))), "6336"),
        (with("/name", json!("notebook-c6fd")), "6301"),
        (with("/description", json!("a/b")), "6334"),
        (with("/description", json!("<x>")), "6334"),
        (with("/description", json!("x".repeat(513))), "6336"),
        (without("profile_id"), "6335"),
        (with("/profile_id", json!("No Such Profile")), "6336"),
        (without("flavor"), "6335"),
        (with("/flavor", json!("modelarts.vm.cpu.64u")), "6323"),
        (with("/spec", json!({})), "6316"),
        (with("/spec/storage/type", json!("nfs")), "6324"),
        (with("/spec/storage/location", json!({})), "6317"),
        (
            with("/spec/storage/location/path", json!("/bucket/out")),
            "6318",
        ),
        (
            with("/spec/storage/location/path", json!("/bucket/")),
            "6358",
        ),
        (
            with(
                "/spec/storage",
                json!({"type": "evs", "location": {"volume_size": 4}}),
            ),
            "6331",
        ),
        (
            with(
                "/spec/storage",
                json!({"type": "evs", "location": {"volume_size": 4097}}),
            ),
            "6331",
        ),
        (with("/spec/auto_stop", json!({"enable": true})), "6348"),
        (
            with("/spec/auto_stop", json!({"enable": true, "duration": 3599})),
            "6349",
        ),
        (
            with(
                "/spec/auto_stop",
                json!({"enable": true, "duration": 86401}),
            ),
            "6349",
        ),
        (
            with(
                "/spec/auto_stop",
                json!({"enable": "yes", "duration": 3600}),
            ),
            "6336",
        ),
        (with("/name", json!(5)), "6336"),
    ];
    for (body, code) in cases {
        let a = emu.post(MA, body.clone()).await;
        assert_eq!(a.status, 400, "{body} → {}", a.text);
        assert_eq!(
            a.json["error_code"],
            format!("ModelArts.{code}"),
            "{body} → {}",
            a.text
        );
        assert!(a.json["error_message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    let path_error = emu
        .post(MA, with("/spec/storage/location/path", json!("/b/out")))
        .await;
    assert_eq!(
        path_error.json["error_message"],
        "The param 'path' needs to end with /."
    );
    // The documented messages carry their values.
    let evs = emu
        .post(
            MA,
            with(
                "/spec/storage",
                json!({"type": "evs", "location": {"volume_size": 4}}),
            ),
        )
        .await;
    assert_eq!(
        evs.json["error_message"],
        "The evs volume size ranges from 5 GB to 4096 GB."
    );
    let duration = emu
        .post(
            MA,
            with("/spec/auto_stop", json!({"enable": true, "duration": 60})),
        )
        .await;
    assert_eq!(
        duration.json["error_message"],
        "The 'duration' parameter is incorrect. The value ranges from 3600 to 86400."
    );
    let character = emu.post(MA, with("/description", json!("a<b"))).await;
    assert_eq!(
        character.json["error_message"],
        "Invalid value for name or description. The character `<` is not allowed."
    );
    assert_eq!(emu.snapshot().await, before);
    // Limits themselves pass.
    let edge = emu
        .post(
            MA,
            with(
                "/spec/auto_stop",
                json!({"enable": true, "duration": 86400}),
            ),
        )
        .await;
    assert_eq!(edge.status, 200, "{}", edge.text);
    let long_name = emu.post(MA, create_body(&"n".repeat(64))).await;
    assert_eq!(long_name.status, 200, "{}", long_name.text);
}

#[tokio::test]
async fn update_changes_description_and_auto_stop_only() {
    let emu = Emu::start().await;
    let c6fd = format!("{MA}/DE-7d558ef8-c73d-11ea-964c-0255ac100033");
    let updated = emu.put(&c6fd, fixture(MA_UPDATE_REQ)).await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert_eq!(
        updated.json["description"],
        "machine learning python2.7 notebook"
    );
    assert_eq!(updated.json["name"], "notebook-c6fd");
    assert_eq!(updated.json["status"], "RUNNING");
    assert_ne!(updated.json["latest_update_timestamp"], "1594887749962");
    let detail = emu.get(&c6fd).await;
    assert_eq!(
        detail.json["description"],
        "machine learning python2.7 notebook"
    );

    let before = emu.snapshot().await;
    for (body, code) in [
        (json!({ "name": "renamed" }), "ModelArts.6336"),
        (json!({ "spec": { "storage": {} } }), "ModelArts.6336"),
        (json!({ "description": "a&b" }), "ModelArts.6334"),
        (
            json!({ "spec": { "auto_stop": { "enable": true, "duration": 60 } } }),
            "ModelArts.6349",
        ),
        (json!([1, 2]), "ModelArts.6336"),
    ] {
        let a = emu.put(&c6fd, body.clone()).await;
        assert_eq!(a.status, 400, "{body}");
        assert_eq!(a.json["error_code"], code, "{body}");
    }
    assert_eq!(emu.snapshot().await, before);
    let before_auto = emu.get(&c6fd).await.json;
    let auto = emu
        .put(
            &c6fd,
            json!({ "spec": { "auto_stop": { "enable": true, "duration": 7200 } } }),
        )
        .await;
    assert_eq!(auto.status, 200, "{}", auto.text);
    assert_eq!(auto.json["spec"]["auto_stop"]["duration"], 7200);
    // 更新开发环境实例信息: on a running instance the new duration applies
    // from the next start; the countdown in progress is kept.
    assert_eq!(
        auto.json["spec"]["auto_stop"]["remain_time"],
        before_auto["spec"]["auto_stop"]["remain_time"]
    );
    assert_eq!(
        auto.json["spec"]["auto_stop"]["stop_timestamp"],
        before_auto["spec"]["auto_stop"]["stop_timestamp"]
    );

    let missing = emu
        .put(&format!("{MA}/DE-missing"), fixture(MA_UPDATE_REQ))
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json["error_code"], "ModelArts.6309");
}

async fn act(emu: &Emu, id: &str, action: &str) -> crate::support::Answer {
    emu.post(&format!("{MA}/{id}/action"), json!({ "action": action }))
        .await
}

#[tokio::test]
async fn actions_follow_the_lifecycle_and_refuse_what_the_state_forbids() {
    let emu = Emu::start().await;
    let running = "DE-7d558ef8-c73d-11ea-964c-0255ac100033";
    let stopped = "DE-7936a360-c734-11ea-a72b-0255ac100033";
    let creating = "DE-a970f5d4-7b26-11eb-91ca-0255ac10003b";
    let code = |a: &crate::support::Answer| a.json["error_code"].as_str().unwrap_or("").to_string();

    assert_eq!(code(&act(&emu, running, "start").await), "ModelArts.6305");
    assert_eq!(code(&act(&emu, stopped, "stop").await), "ModelArts.6307");
    assert_eq!(code(&act(&emu, stopped, "restart").await), "ModelArts.6327");
    assert_eq!(code(&act(&emu, creating, "start").await), "ModelArts.6357");
    assert_eq!(code(&act(&emu, creating, "stop").await), "ModelArts.6357");
    assert_eq!(code(&act(&emu, running, "jump").await), "ModelArts.6336");
    assert_eq!(code(&act(&emu, running, "queue").await), "ModelArts.6336");
    let missing = act(&emu, "DE-missing", "start").await;
    assert_eq!(missing.status, 400);
    assert_eq!(code(&missing), "ModelArts.6309");
    let no_action = emu.post(&format!("{MA}/{running}/action"), json!({})).await;
    assert_eq!(code(&no_action), "ModelArts.6335");

    // start: STOPPED → STARTING → RUNNING
    let start = act(&emu, stopped, "start").await;
    assert_eq!(start.status, 200, "{}", start.text);
    let started_ms = emu.last_request_ms().await;
    assert_eq!(
        start.json,
        json!({ "current_status": "STARTING", "previous_state": "STOPPED" })
    );
    assert_eq!(code(&act(&emu, stopped, "start").await), "ModelArts.6306");
    assert_eq!(code(&act(&emu, stopped, "stop").await), "ModelArts.6357");
    let del = emu.delete(&format!("{MA}/{stopped}")).await;
    assert_eq!(del.json["error_code"], "ModelArts.6357");
    assert_eq!(
        emu.get(&format!("{MA}/{stopped}")).await.json["status"],
        "STARTING"
    );
    emu.advance(TRANSITION_MS).await;
    let now_running = emu.get(&format!("{MA}/{stopped}")).await.json;
    let read_ms = emu.last_request_ms().await;
    assert_eq!(now_running["status"], "RUNNING");
    // The seed's 3600 s of auto-stop count from the end of the start.
    let stop_ms = started_ms + TRANSITION_MS + 3_600_000;
    let auto = &now_running["spec"]["auto_stop"];
    assert_eq!(auto["stop_timestamp"], stop_ms);
    assert_eq!(auto["remain_time"], (stop_ms - read_ms) / 1000);

    // restart: RUNNING → RESTARTING → RUNNING
    let restart = act(&emu, stopped, "restart").await;
    assert_eq!(
        restart.json,
        json!({ "current_status": "RESTARTING", "previous_state": "RUNNING" })
    );
    assert_eq!(
        emu.get(&format!("{MA}/{stopped}")).await.json["status"],
        "RESTARTING"
    );
    emu.advance(TRANSITION_MS).await;
    assert_eq!(
        emu.get(&format!("{MA}/{stopped}")).await.json["status"],
        "RUNNING"
    );

    // stop: RUNNING → STOPPING → STOPPED
    let stop = act(&emu, stopped, "stop").await;
    assert_eq!(
        stop.json,
        json!({ "current_status": "STOPPING", "previous_state": "RUNNING" })
    );
    assert_eq!(code(&act(&emu, stopped, "stop").await), "ModelArts.6308");
    emu.advance(TRANSITION_MS).await;
    let back = emu.get(&format!("{MA}/{stopped}")).await.json;
    assert_eq!(back["status"], "STOPPED");
    assert!(back["spec"]["auto_stop"].get("stop_timestamp").is_none());
    assert!(back["spec"]["auto_stop"].get("remain_time").is_none());
}

#[tokio::test]
async fn auto_stop_counts_down_with_the_clock_and_stops_the_instance() {
    let emu = Emu::start().await;
    let id = "DE-7936a360-c734-11ea-a72b-0255ac100033";
    let path = format!("{MA}/{id}");
    assert_eq!(act(&emu, id, "start").await.status, 200);
    let started_ms = emu.last_request_ms().await;
    emu.advance(TRANSITION_MS).await;
    let first = emu.get(&path).await.json;
    let first_ms = emu.last_request_ms().await;
    assert_eq!(first["status"], "RUNNING");
    let stop_ms = started_ms + TRANSITION_MS + 3_600_000;
    assert_eq!(first["spec"]["auto_stop"]["stop_timestamp"], stop_ms);
    assert_eq!(
        first["spec"]["auto_stop"]["remain_time"],
        (stop_ms - first_ms) / 1000
    );

    // Ten seconds later by the emulator's clock the stop time is the same
    // and ten more seconds are gone from what remains.
    emu.advance(10_000).await;
    let later = emu.get(&path).await.json;
    let later_ms = emu.last_request_ms().await;
    assert!(later_ms >= first_ms + 10_000, "{first_ms} → {later_ms}");
    assert_eq!(later["status"], "RUNNING");
    assert_eq!(later["spec"]["auto_stop"]["stop_timestamp"], stop_ms);
    assert_eq!(
        later["spec"]["auto_stop"]["remain_time"],
        (stop_ms - later_ms) / 1000
    );

    // Once the stop time has passed, the instance stopped at that time.
    let now = emu.advance(3_600_000).await;
    assert!(now >= stop_ms, "{now} < {stop_ms}");
    let stopped = emu.get(&path).await.json;
    assert_eq!(stopped["status"], "STOPPED");
    assert_eq!(stopped["latest_update_timestamp"], stop_ms.to_string());
    assert!(stopped["spec"]["auto_stop"].get("stop_timestamp").is_none());
    assert!(stopped["spec"]["auto_stop"].get("remain_time").is_none());
}

#[tokio::test]
async fn delete_refuses_running_and_removes_stopped_at_once() {
    let emu = Emu::start().await;
    let running = emu
        .delete(&format!("{MA}/DE-7d558ef8-c73d-11ea-964c-0255ac100033"))
        .await;
    assert_eq!(running.status, 400);
    assert_eq!(running.json["error_code"], "ModelArts.6304");
    let stopped = "DE-7936a360-c734-11ea-a72b-0255ac100033";
    let gone = emu.delete(&format!("{MA}/{stopped}")).await;
    assert_eq!(gone.status, 200);
    assert_eq!(gone.json, json!({ "instance_id": stopped }));
    assert_eq!(emu.get(&format!("{MA}/{stopped}")).await.status, 400);
    let again = emu.delete(&format!("{MA}/{stopped}")).await;
    assert_eq!(again.status, 400);
    assert_eq!(again.json["error_code"], "ModelArts.6309");
    assert_eq!(emu.get(&list_path("")).await.json["total_count"], 2);
}

#[tokio::test]
async fn only_free_flavors_leave_the_queue() {
    let emu = Emu::start().await;
    for (id, flavor, promo) in [
        ("DE-free-q", "modelarts.vm.cpu.free", "Free"),
        ("DE-paid-q", "modelarts.vm.cpu.2u", "NoDiscount"),
    ] {
        let added = emu
            .post(
                "/__emulator/instances/modelarts",
                json!({
                    "id": id, "name": id, "status": "START_QUEUING", "flavor": flavor,
                    "flavor_details": { "name": flavor, "promo_type": promo, "type": "CPU" },
                    "queuing_info": { "id": id, "status": "START_QUEUING", "rank": 3 }
                }),
            )
            .await;
        assert!(added.status < 300, "{}", added.text);
    }
    let paid = act(&emu, "DE-paid-q", "dequeue").await;
    assert_eq!(paid.status, 400);
    assert_eq!(paid.json["error_code"], "ModelArts.6336");
    assert_eq!(
        emu.get(&format!("{MA}/DE-paid-q")).await.json["status"],
        "START_QUEUING"
    );
    let free = act(&emu, "DE-free-q", "dequeue").await;
    assert_eq!(free.status, 200, "{}", free.text);
    assert_eq!(
        free.json,
        json!({ "current_status": "STOPPED", "previous_state": "START_QUEUING" })
    );
    // Out of the queue, no queue place; back in, a place again.
    let left = emu.get(&format!("{MA}/DE-free-q")).await.json;
    assert!(left.get("queuing_info").is_none(), "{left}");
    let queued = act(&emu, "DE-free-q", "queue").await;
    assert_eq!(queued.status, 200, "{}", queued.text);
    let waiting = emu.get(&format!("{MA}/DE-free-q")).await.json;
    assert_eq!(waiting["queuing_info"]["status"], "START_QUEUING");
    assert_eq!(waiting["queuing_info"]["rank"], 1);
}
