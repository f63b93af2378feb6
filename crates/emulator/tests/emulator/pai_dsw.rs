//! PAI-DSW: ListInstances filters, sort and paging, GetInstance, create,
//! update, start, stop, delete, ListEcsSpecs.

use devenv_emulator::clock::rfc3339;
use serde_json::{json, Value};

use crate::support::*;

#[tokio::test]
async fn list_answers_the_seed_verbatim() {
    let emu = Emu::start().await;
    let list = emu.get(DSW).await;
    assert_eq!(list.status, 200);
    let v = &list.json;
    assert_eq!(v["Success"], true);
    assert_eq!(v["TotalCount"], 1);
    assert!(v["RequestId"].as_str().is_some_and(|r| r.len() == 36));
    assert_eq!(v["HttpStatusCode"], 200);
    assert!(v.get("Code").is_some() && v.get("Message").is_some());
    assert_eq!(v["Instances"][0], fixture(DSW_LIST)["Instances"][0]);
}

async fn generated() -> Emu {
    Emu::with(|o| o.instances = 300).await
}

fn all_of(list: &Value, field: &str) -> Vec<String> {
    names(list, "Instances", field)
}

#[tokio::test]
async fn list_pages_and_sorts() {
    let emu = generated().await;
    let first = emu.get(DSW).await.json;
    assert_eq!(first["TotalCount"], 61);
    assert_eq!(first["Instances"].as_array().map(Vec::len), Some(10));
    // default GmtCreateTime DESC
    let times = all_of(&first, "GmtCreateTime");
    let mut sorted = times.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(times, sorted);
    let asc = emu
        .get(&format!(
            "{DSW}?SortBy=GmtCreateTime&Order=ASC&PageSize=100"
        ))
        .await
        .json;
    assert_eq!(asc["Instances"][0]["InstanceName"], "training_data");
    let asc_times = all_of(&asc, "GmtCreateTime");
    let mut asc_sorted = asc_times.clone();
    asc_sorted.sort();
    assert_eq!(asc_times, asc_sorted);
    let page2 = emu
        .get(&format!("{DSW}?PageNumber=2&PageSize=10"))
        .await
        .json;
    let big = emu.get(&format!("{DSW}?PageSize=20")).await.json;
    assert_eq!(
        all_of(&page2, "InstanceId"),
        all_of(&big, "InstanceId")[10..20].to_vec()
    );
    let last = emu
        .get(&format!("{DSW}?PageNumber=7&PageSize=10"))
        .await
        .json;
    assert_eq!(last["Instances"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["TotalCount"], 61);
    let by_priority = emu
        .get(&format!("{DSW}?SortBy=Priority&Order=DESC&PageSize=100"))
        .await
        .json;
    let prios: Vec<i64> = by_priority["Instances"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["Priority"].as_i64()).collect())
        .unwrap_or_default();
    assert!(prios.windows(2).all(|w| w[0] >= w[1]));
    for bad in [
        "PageSize=101",
        "PageSize=0",
        "PageNumber=0",
        "PageNumber=x",
        "SortBy=Color",
        "Order=SIDEWAYS",
        "MinCpu=lots",
        "CreateTimeAfter=yesterday",
        "Labels=notjson",
    ] {
        let a = emu.get(&format!("{DSW}?{bad}")).await;
        assert_eq!(a.status, 400, "{bad}");
        assert_eq!(a.json["Code"], "InvalidParameter", "{bad}");
        assert_eq!(a.json["Success"], false);
        assert_eq!(a.json["HttpStatusCode"], 400);
        assert!(a.json["HostId"].is_string() && a.json["Recommend"].is_string());
    }
}

#[tokio::test]
async fn list_filters() {
    let emu = generated().await;
    // Every workspace and resource group, so that each filter below is
    // seen on its own; the blank defaults are checked at the end.
    let get = |q: String| {
        let emu = &emu;
        async move {
            emu.get(&format!(
                "{DSW}?PageSize=100&WorkspaceId=ALL&ResourceId=ALL&{q}"
            ))
            .await
            .json
        }
    };
    let raw = |q: String| {
        let emu = &emu;
        async move { emu.get(&format!("{DSW}?PageSize=100&{q}")).await.json }
    };
    let multi = get("Status=Running,Stopped".into()).await;
    let statuses = all_of(&multi, "Status");
    assert!(!statuses.is_empty());
    assert!(statuses.iter().all(|s| s == "Running" || s == "Stopped"));
    assert!(statuses.iter().any(|s| s == "Stopped"));
    let only_running = get("Status=Running".into()).await;
    assert!(all_of(&only_running, "Status")
        .iter()
        .all(|s| s == "Running"));

    let gpu = get("AcceleratorType=GPU".into()).await;
    assert!(all_of(&gpu, "AcceleratorType").iter().all(|s| s == "GPU"));
    assert!(gpu["TotalCount"].as_u64().is_some_and(|n| n > 0));

    let a10 = get("GpuType=NVIDIA%20A10".into()).await;
    assert!(all_of(&a10, "EcsSpec")
        .iter()
        .all(|s| s.starts_with("ecs.gn7i")));

    let big_cpu = get("MinCpu=16000".into()).await;
    assert!(all_of(&big_cpu, "EcsSpec")
        .iter()
        .all(|s| s == "ecs.g6.4xlarge" || s == "ecs.gn7i-c32g1.32xlarge"));
    let small_cpu = get("MaxCpu=2000".into()).await;
    assert!(all_of(&small_cpu, "EcsSpec")
        .iter()
        .all(|s| s == "ecs.c6.large"));
    assert!(small_cpu["TotalCount"].as_u64().is_some_and(|n| n > 0));

    let ids = all_of(&get(String::new()).await, "InstanceId");
    let two = get(format!("InstanceId={},{}", ids[0], ids[5])).await;
    assert_eq!(two["TotalCount"], 2);

    let named = get("InstanceName=training".into()).await;
    assert_eq!(all_of(&named, "InstanceName"), ["training_data"]);
    let image = get("ImageName=py36_cpu_tf1.12_ubuntu".into()).await;
    assert!(all_of(&image, "ImageName")
        .iter()
        .all(|s| s.contains("py36_cpu_tf1.12_ubuntu")));

    let old = get("CreateTimeBefore=2022-01-01T00:00:00Z".into()).await;
    assert_eq!(all_of(&old, "InstanceName"), ["training_data"]);
    let new = get("CreateTimeAfter=2022-01-01T00:00:00Z".into()).await;
    assert_eq!(new["TotalCount"], 100);

    // 100 generated instances and the seed: 20 in a second workspace, 25 on
    // a subscription resource group, 5 of them both.
    assert_eq!(get(String::new()).await["TotalCount"], 101);
    // Seed 002: a blank WorkspaceId is the caller's default workspace only,
    // a blank ResourceId pay-as-you-go instances only.
    let blank = raw(String::new()).await;
    assert_eq!(blank["TotalCount"], 61);
    assert!(all_of(&blank, "WorkspaceId").iter().all(|w| w == "40823"));
    assert!(all_of(&blank, "PaymentType")
        .iter()
        .all(|p| p == "PayAsYouGo"));
    let ws = raw("WorkspaceId=40823".into()).await;
    assert_eq!(ws["TotalCount"], 61);
    let all_ws = raw("WorkspaceId=ALL".into()).await;
    assert_eq!(all_ws["TotalCount"], 76);
    let second = raw("WorkspaceId=52011&ResourceId=ALL".into()).await;
    assert_eq!(second["TotalCount"], 20);
    let other = raw("WorkspaceId=1&ResourceId=ALL".into()).await;
    assert_eq!(other["TotalCount"], 0);

    let res = raw("WorkspaceId=ALL&ResourceId=dsw-123456789".into()).await;
    assert_eq!(all_of(&res, "InstanceName"), ["training_data"]);
    let hidden = raw("PaymentType=Subscription".into()).await;
    assert_eq!(hidden["TotalCount"], 0);
    let payment = get("PaymentType=Subscription".into()).await;
    assert_eq!(payment["TotalCount"], 25);
    let public = get("Accessibility=PUBLIC".into()).await;
    assert!(all_of(&public, "Accessibility")
        .iter()
        .all(|s| s == "PUBLIC"));

    let labels = get("Labels=%7B%22stsTokenOwner%22%3A%22123xxxxxxxx%22%7D".into()).await;
    assert_eq!(all_of(&labels, "InstanceName"), ["training_data"]);
}

#[tokio::test]
async fn ecs_specs_answer_the_catalog() {
    let emu = Emu::start().await;
    let all = emu.get("/proxy/pai-dsw/api/v2/ecsspecs").await.json;
    assert_eq!(all["Success"], true);
    assert_eq!(all["TotalCount"], 6);
    let gpu = emu
        .get("/proxy/pai-dsw/api/v2/ecsspecs?AcceleratorType=GPU")
        .await
        .json;
    assert_eq!(gpu["TotalCount"], 3);
    let big = gpu["EcsSpecs"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|s| s["InstanceType"] == "ecs.gn7i-c32g1.32xlarge")
        })
        .cloned()
        .expect("spec");
    assert_eq!(
        big,
        json!({"InstanceType": "ecs.gn7i-c32g1.32xlarge", "CPU": 128, "Memory": 752, "GPU": 4,
               "GPUType": "NVIDIA A10", "AcceleratorType": "GPU", "IsAvailable": true})
    );
    let cpu = emu
        .get("/proxy/pai-dsw/api/v2/ecsspecs?AcceleratorType=CPU")
        .await
        .json;
    assert_eq!(cpu["TotalCount"], 3);
    assert_eq!(cpu["EcsSpecs"][0]["InstanceType"], "ecs.c6.large");
    assert_eq!(cpu["EcsSpecs"][0]["Memory"], 4);
    let bad = emu
        .get("/proxy/pai-dsw/api/v2/ecsspecs?AcceleratorType=TPU")
        .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn get_instance_has_fields_at_top_level() {
    let emu = Emu::start().await;
    let one = emu.get(&format!("{DSW}/dsw-730xxxxxxxxxx")).await;
    assert_eq!(one.status, 200);
    let seed = &fixture(DSW_LIST)["Instances"][0];
    assert_eq!(one.json["InstanceName"], "training_data");
    assert_eq!(one.json["UserVpc"], seed["UserVpc"]);
    assert_eq!(one.json["Success"], true);
    assert_eq!(one.json["HttpStatusCode"], 200);
    assert!(one.json["RequestId"].is_string());
    let none = emu.get(&format!("{DSW}/dsw-missing")).await;
    assert_eq!(none.status, 404);
    assert_eq!(none.json["Code"], "InstanceNotFound");
    assert_eq!(none.json["Success"], false);
}

fn create_body(name: &str) -> Value {
    json!({
        "WorkspaceId": "40823",
        "InstanceName": name,
        "EcsSpec": "ecs.gn7i-c8g1.2xlarge",
        "ImageUrl": "registry.cn-shanghai.aliyuncs.com/pai_product/pytorch:2.1-gpu-py310-cu121-ubuntu22.04",
        "Accessibility": "PRIVATE",
        "Priority": 3,
        "Labels": [{ "Key": "team", "Value": "nlp" }]
    })
}

#[tokio::test]
async fn create_then_lifecycle() {
    let emu = Emu::start().await;
    let created = emu.post(DSW, create_body("my_notebook")).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let created_ms = emu.last_request_ms().await;
    assert_eq!(created.json["Success"], true);
    assert_eq!(created.json["HttpStatusCode"], 200);
    assert!(created.json["RequestId"].is_string());
    let id = created.json["InstanceId"].as_str().expect("id").to_string();
    let path = format!("{DSW}/{id}");
    let fresh = emu.get(&path).await.json;
    assert_eq!(fresh["Status"], "Creating");
    assert_eq!(fresh["GmtCreateTime"], rfc3339(created_ms));
    assert_eq!(fresh["AcceleratorType"], "GPU");
    assert_eq!(fresh["RequestedResource"]["GPUType"], "NVIDIA A10");
    assert_eq!(fresh["ImageName"], "2.1-gpu-py310-cu121-ubuntu22.04");
    // Creating → EnvPreparing halfway through the transition → Running at
    // its end, each change stamped with the time it was due.
    emu.advance(TRANSITION_MS / 2).await;
    let preparing = emu.get(&path).await.json;
    assert_eq!(preparing["Status"], "EnvPreparing");
    assert_eq!(
        preparing["GmtModifiedTime"],
        rfc3339(created_ms + TRANSITION_MS / 2)
    );
    emu.advance(TRANSITION_MS / 2).await;
    let running = emu.get(&path).await.json;
    assert_eq!(running["Status"], "Running");
    assert_eq!(
        running["GmtModifiedTime"],
        rfc3339(created_ms + TRANSITION_MS)
    );

    let again = emu
        .send(reqwest::Method::PUT, &format!("{path}/start"), None)
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(again.json["Code"], "InvalidInstanceStatus");
}

#[tokio::test]
async fn start_stop_delete() {
    let emu = Emu::start().await;
    let seed = format!("{DSW}/dsw-730xxxxxxxxxx");
    let put = |p: String| {
        let emu = &emu;
        async move { emu.send(reqwest::Method::PUT, &p, None).await }
    };
    let start_running = put(format!("{seed}/start")).await;
    assert_eq!(start_running.status, 409);
    assert_eq!(start_running.json["Code"], "InvalidInstanceStatus");

    let stop = put(format!("{seed}/stop")).await;
    assert_eq!(stop.status, 200, "{}", stop.text);
    assert_eq!(stop.json["InstanceId"], "dsw-730xxxxxxxxxx");
    assert_eq!(stop.json["Success"], true);
    let stop_ms = emu.last_request_ms().await;
    assert_eq!(emu.get(&seed).await.json["Status"], "Stopping");
    let stop_again = put(format!("{seed}/stop")).await;
    assert_eq!(stop_again.status, 409);
    emu.advance(TRANSITION_MS).await;
    let stopped = emu.get(&seed).await.json;
    assert_eq!(stopped["Status"], "Stopped");
    assert_eq!(stopped["GmtModifiedTime"], rfc3339(stop_ms + TRANSITION_MS));
    assert_eq!(put(format!("{seed}/stop")).await.status, 409);

    let start = put(format!("{seed}/start")).await;
    assert_eq!(start.status, 200);
    assert_eq!(emu.get(&seed).await.json["Status"], "Starting");
    emu.advance(TRANSITION_MS).await;
    assert_eq!(emu.get(&seed).await.json["Status"], "Running");

    let missing = put(format!("{DSW}/dsw-missing/start")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json["Code"], "InstanceNotFound");

    let delete = emu.delete(&seed).await;
    assert_eq!(delete.status, 200);
    assert_eq!(delete.json["InstanceId"], "dsw-730xxxxxxxxxx");
    assert_eq!(emu.get(&seed).await.json["Status"], "Deleting");
    assert_eq!(emu.delete(&seed).await.status, 409);
    emu.advance(TRANSITION_MS).await;
    assert_eq!(emu.get(&seed).await.status, 404);
    assert_eq!(emu.get(DSW).await.json["TotalCount"], 0);
}

#[tokio::test]
async fn create_and_update_enforce_the_rules() {
    let emu = Emu::start().await;
    let before = emu.snapshot().await;
    let with = |key: &str, value: Value| {
        let mut b = create_body("ok_name");
        b[key] = value;
        b
    };
    let without = |keys: &[&str]| {
        let mut b = create_body("ok_name");
        for k in keys {
            if let Some(o) = b.as_object_mut() {
                o.remove(*k);
            }
        }
        b
    };
    for body in [
        without(&["InstanceName"]),
        with("InstanceName", json!("")),
        with("InstanceName", json!("has-dash")),
        with("InstanceName", json!("a".repeat(28))),
        with("InstanceName", json!(7)),
        without(&["EcsSpec"]),
        with("EcsSpec", json!("ecs.huge")),
        without(&["ImageUrl"]),
        with("Accessibility", json!("SECRET")),
        with("Priority", json!(0)),
        with("Priority", json!(10)),
        with("Priority", json!("high")),
        with("Labels", json!("team=nlp")),
        json!([]),
    ] {
        let a = emu.post(DSW, body.clone()).await;
        assert_eq!(a.status, 400, "{body}");
        assert_eq!(a.json["Code"], "InvalidParameter", "{body}");
        assert_eq!(a.json["Success"], false);
    }
    let seed = format!("{DSW}/dsw-730xxxxxxxxxx");
    for body in [
        json!({ "InstanceName": "bad name" }),
        json!({ "EcsSpec": "ecs.none" }),
        json!({ "Priority": 12 }),
        json!("text"),
    ] {
        let a = emu.put(&seed, body.clone()).await;
        assert_eq!(a.status, 400, "{body}");
        assert_eq!(a.json["Code"], "InvalidParameter", "{body}");
    }
    assert_eq!(emu.snapshot().await, before);

    let edge = emu.post(DSW, create_body(&"a".repeat(27))).await;
    assert_eq!(edge.status, 200, "{}", edge.text);
    let by_image_id = emu
        .post(DSW, {
            let mut b = without(&["ImageUrl"]);
            b["ImageId"] = json!("image-05cefd0be2exxxx");
            b["Priority"] = json!(9);
            b
        })
        .await;
    assert_eq!(by_image_id.status, 200, "{}", by_image_id.text);
    let resource = emu
        .post(DSW, {
            let mut b = without(&["EcsSpec"]);
            b["ResourceId"] = json!("quota-1");
            b["RequestedResource"] = json!({"CPU": "4", "Memory": "8Gi", "SharedMemory": "4Gi", "GPU": "1", "GPUType": "Tesla-V100-16G"});
            b
        })
        .await;
    assert_eq!(resource.status, 200, "{}", resource.text);

    let update = emu
        .put(&seed, json!({ "InstanceName": "renamed_1", "Priority": 5 }))
        .await;
    assert_eq!(update.status, 200, "{}", update.text);
    assert_eq!(update.json["InstanceId"], "dsw-730xxxxxxxxxx");
    let after = emu.get(&seed).await.json;
    assert_eq!(after["InstanceName"], "renamed_1");
    assert_eq!(after["Priority"], 5);
    assert_eq!(
        emu.put(&format!("{DSW}/dsw-missing"), json!({}))
            .await
            .status,
        404
    );
}
