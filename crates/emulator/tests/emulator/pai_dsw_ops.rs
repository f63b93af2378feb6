//! PAI-DSW, the operator's view: events, lifecycle, metrics, the shutdown
//! timer, the idle culler, batch stop and delete, stop with SaveImage, and
//! the generated instances the console shows them on.

use devenv_emulator::pai_dsw_ops::{load_of, Load};
use serde_json::{json, Value};

use crate::support::*;

const BATCH: &str = "/proxy/pai-dsw/api/v2/batch/instances";
const METRICS: &str = "/proxy/pai-dsw/api/v2/instance";

/// Creates an instance (`gpu`: on an A10 machine) whose id has the wanted
/// load, brings it to Running, and answers its id.
async fn running(emu: &Emu, gpu: bool, load: Load) -> String {
    for n in 0..64 {
        let spec = if gpu {
            "ecs.gn7i-c8g1.2xlarge"
        } else {
            "ecs.g6.xlarge"
        };
        let created = emu
            .post(
                DSW,
                json!({ "InstanceName": format!("ops_{n}"), "EcsSpec": spec,
                        "ImageUrl": "registry.example/pai/image:1" }),
            )
            .await;
        assert_eq!(created.status, 200, "{}", created.text);
        let id = created.json["InstanceId"].as_str().expect("id").to_string();
        if load_of(&id) == load {
            emu.advance(TRANSITION_MS).await;
            assert_eq!(
                emu.get(&format!("{DSW}/{id}")).await.json["Status"],
                "Running"
            );
            return id;
        }
        emu.delete(&format!("{DSW}/{id}")).await;
    }
    panic!("no instance with that load in 64 tries");
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn envelope_ok(v: &Value) {
    assert_eq!(v["Success"], true, "{v}");
    assert!(v["Code"].is_null(), "{v}");
    assert!(
        v["RequestId"].as_str().is_some_and(|r| r.len() == 36),
        "{v}"
    );
}

#[tokio::test]
async fn events_record_every_status_change() {
    let emu = Emu::start().await;
    let id = running(&emu, false, Load::Idle).await;
    let stopped = emu.put(&format!("{DSW}/{id}/stop"), json!({})).await;
    assert_eq!(stopped.status, 200);
    emu.advance(TRANSITION_MS).await;
    let events = emu.get(&format!("{DSW}/{id}/events")).await;
    assert_eq!(events.status, 200, "{}", events.text);
    envelope_ok(&events.json);
    assert_eq!(events.json["HttpStatusCode"], 200);
    assert_eq!(events.json["InstanceId"], id.as_str());
    let lines = strings(&events.json["Events"]);
    assert_eq!(events.json["TotalCount"], lines.len());
    let reasons: Vec<&str> = lines
        .iter()
        .map(|l| l.split(' ').nth(2).unwrap_or(""))
        .collect();
    assert_eq!(
        reasons,
        ["Creating", "Pulling", "Started", "Killing", "Stopped"]
    );
    for line in &lines {
        let time = line.split(' ').next().unwrap_or("");
        assert!(
            devenv_emulator::clock::parse_rfc3339(time).is_some(),
            "{line}"
        );
        assert_eq!(line.split(' ').nth(1), Some("Normal"), "{line}");
    }
    let two = emu
        .get(&format!("{DSW}/{id}/events?MaxEventsNum=2"))
        .await
        .json;
    assert_eq!(strings(&two["Events"]), lines[..2].to_vec());
    assert_eq!(two["TotalCount"], 5);
    let newest = emu
        .get(&format!("{DSW}/{id}/events?MaxEventsNum=1&Reverse=true"))
        .await
        .json;
    assert_eq!(strings(&newest["Events"]), [lines[4].clone()]);
    let since = lines[4].split(' ').next().unwrap_or("").to_string();
    let late = emu
        .get(&format!("{DSW}/{id}/events?StartTime={since}"))
        .await
        .json;
    assert_eq!(strings(&late["Events"]), lines[4..].to_vec());
    let early = emu
        .get(&format!("{DSW}/{id}/events?EndTime=2000-01-01T00:00:00Z"))
        .await
        .json;
    assert_eq!(early["TotalCount"], 0);
    for bad in [
        "MaxEventsNum=0",
        "MaxEventsNum=x",
        "StartTime=yesterday",
        "EventLevel=Loud",
    ] {
        let a = emu.get(&format!("{DSW}/{id}/events?{bad}")).await;
        assert_eq!(a.status, 400, "{bad}");
        assert_eq!(a.json["Code"], "ValidationError", "{bad}");
    }
    assert_eq!(emu.get(&format!("{DSW}/dsw-none/events")).await.status, 404);
}

#[tokio::test]
async fn a_failed_instance_tells_why_in_a_warning() {
    let emu = Emu::start().await;
    let added = emu
        .post(
            "/__emulator/instances/pai-dsw",
            json!({ "InstanceId": "dsw-failed0001", "InstanceName": "broken", "Status": "Failed",
                    "WorkspaceId": "40823", "PaymentType": "PayAsYouGo",
                    "ReasonCode": "ImagePullBackOff", "ReasonMessage": "Failed to pull the image.",
                    "GmtCreateTime": "2024-03-01T08:00:00Z", "GmtModifiedTime": "2024-03-01T08:01:00Z" }),
        )
        .await;
    assert_eq!(added.status, 200);
    let warnings = emu
        .get(&format!("{DSW}/dsw-failed0001/events?EventLevel=Warning"))
        .await
        .json;
    let lines = strings(&warnings["Events"]);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("2024-03-01T08:"), "{}", lines[0]);
    assert!(
        lines[0].contains("Warning Failed")
            && lines[0].contains("ImagePullBackOff: Failed to pull the image.")
    );
    let life = emu
        .get(&format!("{DSW}/dsw-failed0001/lifecycle"))
        .await
        .json;
    let last = &life["Lifecycle"][0]
        .as_array()
        .and_then(|s| s.last().cloned())
        .unwrap_or_default();
    assert_eq!(last["Status"], "Failed");
    assert_eq!(last["ReasonCode"], "ImagePullBackOff");
}

#[tokio::test]
async fn lifecycle_has_one_session_per_start() {
    let emu = Emu::start().await;
    let id = running(&emu, false, Load::Busy).await;
    emu.put(&format!("{DSW}/{id}/stop"), json!({})).await;
    emu.advance(TRANSITION_MS).await;
    emu.put(&format!("{DSW}/{id}/start"), json!({})).await;
    emu.advance(TRANSITION_MS).await;
    let life = emu.get(&format!("{DSW}/{id}/lifecycle")).await;
    assert_eq!(life.status, 200, "{}", life.text);
    envelope_ok(&life.json);
    assert_eq!(life.json["TotalCount"], 2);
    let statuses = |session: &Value| -> Vec<String> {
        session
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["Status"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let sessions = &life.json["Lifecycle"];
    assert_eq!(
        statuses(&sessions[0]),
        ["Creating", "EnvPreparing", "Running", "Stopping", "Stopped"]
    );
    assert_eq!(statuses(&sessions[1]), ["Starting", "Running"]);
    let entry = &sessions[0][0];
    for key in [
        "Status",
        "ReasonCode",
        "ReasonMessage",
        "GmtCreateTime",
        "GmtEndTime",
        "LifecycleId",
    ] {
        assert!(entry.get(key).is_some(), "{key} in {entry}");
    }
    assert_eq!(sessions[0][1]["GmtCreateTime"], entry["GmtEndTime"]);
    assert!(sessions[1][1]["GmtEndTime"].is_null());
    let newest = emu
        .get(&format!("{DSW}/{id}/lifecycle?Order=DESC&Limit=1"))
        .await
        .json;
    assert_eq!(newest["Lifecycle"].as_array().map(Vec::len), Some(1));
    assert_eq!(statuses(&newest["Lifecycle"][0]), ["Starting", "Running"]);
    let second = emu
        .get(&format!("{DSW}/{id}/lifecycle?Order=asc&SessionNumber=1"))
        .await
        .json;
    assert_eq!(statuses(&second["Lifecycle"][0]), ["Starting", "Running"]);
    assert_eq!(second["TotalCount"], 2);
    for bad in ["Order=sideways", "Limit=0", "SessionNumber=-1"] {
        let a = emu.get(&format!("{DSW}/{id}/lifecycle?{bad}")).await;
        assert_eq!(a.status, 400, "{bad}");
        assert_eq!(a.json["Code"], "ValidationError");
    }
}

fn values(answer: &Value) -> Vec<f64> {
    answer["PodMetrics"][0]["Metrics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    p["Value"]
                        .as_str()
                        .and_then(|v| v.parse().ok())
                        .expect("Value is a number as a string")
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn metrics_follow_the_state_and_the_load() {
    let emu = Emu::start().await;
    let busy = running(&emu, true, Load::Busy).await;
    let idle = running(&emu, false, Load::Idle).await;
    emu.advance(30 * 60_000).await;
    let cpu = emu
        .get(&format!(
            "{METRICS}/{busy}/metrics?MetricType=CpuCoreUsage&TimeStep=5m"
        ))
        .await;
    assert_eq!(cpu.status, 200, "{}", cpu.text);
    envelope_ok(&cpu.json);
    assert_eq!(cpu.json["InstanceId"], busy.as_str());
    let pod = &cpu.json["PodMetrics"][0];
    assert!(pod["PodId"].as_str().is_some_and(|p| p.starts_with(&busy)));
    let point = &pod["Metrics"][0];
    assert!(
        point["Time"]
            .as_str()
            .is_some_and(|t| t.parse::<u64>().is_ok()),
        "{point}"
    );
    // Zero until the pod ran, then busy.
    let busy_cpu: Vec<f64> = values(&cpu.json)
        .into_iter()
        .filter(|v| *v != 0.0)
        .collect();
    assert!(busy_cpu.len() >= 5, "{busy_cpu:?}");
    assert!(
        busy_cpu.iter().all(|v| (30.0..90.0).contains(v)),
        "{busy_cpu:?}"
    );
    let gpu = emu
        .get(&format!(
            "{METRICS}/{busy}/metrics?MetricType=GpuCoreUsage&TimeStep=5m"
        ))
        .await
        .json;
    assert!(
        values(&gpu).iter().all(|v| *v == 0.0 || *v >= 35.0),
        "{gpu}"
    );
    let idle_cpu = emu
        .get(&format!(
            "{METRICS}/{idle}/metrics?MetricType=CpuCoreUsage&TimeStep=1"
        ))
        .await
        .json;
    let idle_values = values(&idle_cpu);
    assert!(
        idle_values.iter().filter(|v| **v > 0.0).count() >= 25,
        "{idle_cpu}"
    );
    assert!(idle_values.iter().all(|v| *v < 5.0), "{idle_cpu}");
    // No GPU on a CPU instance: the pod, no points.
    let none = emu
        .get(&format!(
            "{METRICS}/{idle}/metrics?MetricType=GpuMemoryUsage"
        ))
        .await
        .json;
    assert_eq!(none["PodMetrics"][0]["Metrics"], json!([]));
    // Stopped: flat zero.
    emu.put(&format!("{DSW}/{busy}/stop"), json!({})).await;
    emu.advance(TRANSITION_MS).await;
    let now = emu.advance(40 * 60_000).await;
    let start = devenv_emulator::clock::rfc3339(now - 30 * 60_000);
    let flat = emu
        .get(&format!(
            "{METRICS}/{busy}/metrics?MetricType=CpuCoreUsage&StartTime={start}&TimeStep=1m"
        ))
        .await
        .json;
    let zeros = flat["PodMetrics"][0]["Metrics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(zeros.len() >= 29, "{flat}");
    assert!(zeros.iter().all(|p| p["Value"] == "0"), "{flat}");
    for bad in [
        "MetricType=Temperature",
        "",
        "MetricType=CpuCoreUsage&TimeStep=5x",
        "MetricType=CpuCoreUsage&StartTime=2030-01-02T00:00:00Z&EndTime=2030-01-01T00:00:00Z",
        "MetricType=CpuCoreUsage&StartTime=2000-01-01T00:00:00Z&TimeStep=1s",
    ] {
        let a = emu.get(&format!("{METRICS}/{busy}/metrics?{bad}")).await;
        assert_eq!(a.status, 400, "{bad}: {}", a.text);
        assert_eq!(a.json["Code"], "ValidationError", "{bad}");
        assert_eq!(a.json["HttpStatusCode"], 400);
    }
    assert_eq!(
        emu.get(&format!(
            "{METRICS}/dsw-none/metrics?MetricType=CpuCoreUsage"
        ))
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn a_shutdown_timer_stops_at_its_time_and_can_be_deleted() {
    let emu = Emu::start().await;
    let id = running(&emu, false, Load::Busy).await;
    let timer = format!("{DSW}/{id}/shutdowntimer");
    let none = emu.get(&timer).await;
    assert_eq!(none.status, 404);
    assert_eq!(none.json["Code"], "ShutdownTimerNotFound");
    let set = emu
        .post(&timer, json!({ "RemainingTimeInMs": 120_000 }))
        .await;
    assert_eq!(set.status, 200, "{}", set.text);
    envelope_ok(&set.json);
    assert_eq!(set.json["InstanceId"], id.as_str());
    let got = emu.get(&timer).await.json;
    envelope_ok(&got);
    let remaining = got["RemainingTimeInMs"].as_u64().expect("remaining");
    assert!(remaining <= 120_000 && remaining > 100_000, "{got}");
    for key in ["InstanceId", "DueTime", "GmtCreateTime", "GmtModifiedTime"] {
        assert!(got[key].is_string(), "{key}: {got}");
    }
    let shown = emu.get(&format!("{DSW}/{id}")).await.json;
    assert_eq!(shown["InstanceShutdownTimer"]["DueTime"], got["DueTime"]);
    emu.advance(60_000).await;
    assert_eq!(
        emu.get(&format!("{DSW}/{id}")).await.json["Status"],
        "Running"
    );
    emu.advance(61_000).await;
    let stopping = emu.get(&format!("{DSW}/{id}")).await.json;
    assert_eq!(stopping["Status"], "Stopping");
    assert_eq!(stopping["ReasonCode"], "ShutdownTimer");
    assert!(
        stopping.get("InstanceShutdownTimer").is_none(),
        "{stopping}"
    );
    assert_eq!(emu.get(&timer).await.status, 404);
    emu.advance(TRANSITION_MS).await;
    let stopped = emu.get(&format!("{DSW}/{id}")).await.json;
    assert_eq!(stopped["Status"], "Stopped");
    assert_eq!(stopped["ReasonCode"], "ShutdownTimer");

    // Set, then deleted: nothing happens at the time.
    emu.put(&format!("{DSW}/{id}/start"), json!({})).await;
    emu.advance(TRANSITION_MS).await;
    let due = devenv_emulator::clock::rfc3339(emu.advance(0).await + 3_600_000);
    let set = emu.post(&timer, json!({ "DueTime": due })).await;
    assert_eq!(set.status, 200, "{}", set.text);
    assert_eq!(emu.get(&timer).await.json["DueTime"], due.as_str());
    let deleted = emu.delete(&timer).await;
    assert_eq!(deleted.status, 200);
    envelope_ok(&deleted.json);
    assert_eq!(emu.get(&timer).await.status, 404);
    assert_eq!(emu.delete(&timer).await.status, 404);
    emu.advance(2 * 3_600_000).await;
    assert_eq!(
        emu.get(&format!("{DSW}/{id}")).await.json["Status"],
        "Running"
    );

    for bad in [
        json!({}),
        json!({ "DueTime": "2000-01-01T00:00:00Z" }),
        json!({ "DueTime": "tomorrow" }),
        json!({ "RemainingTimeInMs": 0 }),
        json!({ "RemainingTimeInMs": "soon" }),
    ] {
        let a = emu.post(&timer, bad.clone()).await;
        assert_eq!(a.status, 400, "{bad}");
        assert_eq!(a.json["Code"], "ValidationError", "{bad}");
    }
    assert_eq!(
        emu.get(&format!("{DSW}/dsw-none/shutdowntimer"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn an_idle_culler_of_one_minute_stops_an_idle_running_instance() {
    let emu = Emu::start().await;
    let idle = running(&emu, true, Load::Idle).await;
    let busy = running(&emu, false, Load::Busy).await;
    for id in [&idle, &busy] {
        let culler = format!("{DSW}/{id}/idleinstanceculler");
        assert_eq!(
            emu.get(&culler).await.json["Code"],
            "IdleInstanceCullerNotFound"
        );
        let set = emu
            .post(
                &culler,
                json!({ "CpuPercentThreshold": 10, "GpuPercentThreshold": 10, "MaxIdleTimeInMinutes": 1 }),
            )
            .await;
        assert_eq!(set.status, 200, "{}", set.text);
        assert_eq!(set.json["Success"], true);
        assert_eq!(set.json["InstanceId"], id.as_str());
        let again = emu
            .post(
                &culler,
                json!({ "CpuPercentThreshold": 20, "MaxIdleTimeInMinutes": 5 }),
            )
            .await;
        assert_eq!(again.status, 400, "one policy per instance");
        assert_eq!(again.json["Code"], "ValidationError");
    }
    let got = emu
        .get(&format!("{DSW}/{idle}/idleinstanceculler"))
        .await
        .json;
    envelope_ok(&got);
    assert_eq!(got["CpuPercentThreshold"], 10);
    assert_eq!(got["GpuPercentThreshold"], 10);
    assert_eq!(got["MaxIdleTimeInMinutes"], 1);
    assert_eq!(got["IdleTimeInMinutes"], 0);
    let shown = emu.get(&format!("{DSW}/{idle}")).await.json;
    assert_eq!(shown["IdleInstanceCuller"]["MaxIdleTimeInMinutes"], 1);

    emu.advance(61_000).await;
    let culled = emu.get(&format!("{DSW}/{idle}")).await.json;
    assert_eq!(culled["Status"], "Stopping", "{culled}");
    assert_eq!(culled["ReasonCode"], "IdleInstanceCuller");
    assert_eq!(
        emu.get(&format!("{DSW}/{busy}")).await.json["Status"],
        "Running"
    );
    emu.advance(TRANSITION_MS).await;
    assert_eq!(
        emu.get(&format!("{DSW}/{idle}")).await.json["Status"],
        "Stopped"
    );
    assert_eq!(
        emu.get(&format!("{DSW}/{busy}")).await.json["Status"],
        "Running"
    );
    let events = strings(&emu.get(&format!("{DSW}/{idle}/events")).await.json["Events"]);
    assert!(
        events.iter().any(|e| e.contains("IdleInstanceCuller")),
        "{events:?}"
    );
    // The policy stays; the idle time counts while running only.
    let after = emu
        .get(&format!("{DSW}/{idle}/idleinstanceculler"))
        .await
        .json;
    assert_eq!(after["IdleTimeInMinutes"], 0);

    // Delete, then create anew: a threshold above anything the busy
    // instance uses makes it idle too.
    let culler = format!("{DSW}/{busy}/idleinstanceculler");
    let deleted = emu.delete(&culler).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(emu.get(&culler).await.status, 404);
    let set = emu
        .post(
            &culler,
            json!({ "CpuPercentThreshold": 100, "MaxIdleTimeInMinutes": 3 }),
        )
        .await;
    assert_eq!(set.status, 200);
    emu.advance(2 * 60_000 + 1_000).await;
    assert_eq!(emu.get(&culler).await.json["IdleTimeInMinutes"], 2);
    emu.advance(60_000).await;
    assert_eq!(
        emu.get(&format!("{DSW}/{busy}")).await.json["Status"],
        "Stopping"
    );

    for bad in [
        json!({ "MaxIdleTimeInMinutes": 5 }),
        json!({ "CpuPercentThreshold": 0, "MaxIdleTimeInMinutes": 5 }),
        json!({ "CpuPercentThreshold": 101, "MaxIdleTimeInMinutes": 5 }),
        json!({ "CpuPercentThreshold": 20, "GpuPercentThreshold": 200, "MaxIdleTimeInMinutes": 5 }),
        json!({ "CpuPercentThreshold": 20 }),
        json!({ "CpuPercentThreshold": 20, "MaxIdleTimeInMinutes": 0 }),
    ] {
        let a = emu
            .post(
                &format!("{DSW}/dsw-730xxxxxxxxxx/idleinstanceculler"),
                bad.clone(),
            )
            .await;
        assert_eq!(a.status, 400, "{bad}");
        assert_eq!(a.json["Code"], "ValidationError", "{bad}");
    }
}

#[tokio::test]
async fn batch_stop_and_delete_with_an_injected_fault() {
    let emu = Emu::start().await;
    let a = running(&emu, false, Load::Idle).await;
    let b = running(&emu, false, Load::Busy).await;
    let fault = emu
        .post(
            "/__emulator/faults",
            json!({ "provider": "pai-dsw", "kind": "status", "status": 503, "action": "StopInstances" }),
        )
        .await;
    assert_eq!(fault.status, 200, "{}", fault.text);
    // The single StopInstance is another action: not caught.
    let ids = json!({ "InstanceIds": [a, b, "dsw-none", a] });
    let failed = emu.put(&format!("{BATCH}/stop"), ids.clone()).await;
    assert_eq!(failed.status, 503);
    assert_eq!(failed.json["Success"], false);
    assert_eq!(
        emu.get(&format!("{DSW}/{a}")).await.json["Status"],
        "Running"
    );
    let stopped = emu.put(&format!("{BATCH}/stop"), ids.clone()).await;
    assert_eq!(stopped.status, 200, "{}", stopped.text);
    envelope_ok(&stopped.json);
    assert_eq!(stopped.json["InstanceIds"], json!([a, b]));
    assert!(stopped.json.get("AccessDeniedDetail").is_some());
    assert!(stopped.json["Message"]
        .as_str()
        .is_some_and(|m| m.contains("dsw-none (not found)")));
    for id in [&a, &b] {
        assert_eq!(
            emu.get(&format!("{DSW}/{id}")).await.json["Status"],
            "Stopping"
        );
    }
    let log = emu.get("/__emulator/requests").await.json;
    let actions: Vec<&str> = log
        .as_array()
        .map(|l| l.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(actions.iter().filter(|a| **a == "StopInstances").count(), 2);
    // Stopping instances cannot stop again.
    let again = emu
        .put(&format!("{BATCH}/stop"), json!({ "InstanceIds": [a] }))
        .await;
    assert_eq!(again.json["InstanceIds"], json!([]));
    assert!(again.json["Message"]
        .as_str()
        .is_some_and(|m| m.contains("in status Stopping")));
    emu.advance(TRANSITION_MS).await;
    let deleted = emu
        .put(&format!("{BATCH}/delete"), json!({ "InstanceIds": [a, b] }))
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    assert_eq!(deleted.json["InstanceIds"], json!([a, b]));
    emu.advance(TRANSITION_MS).await;
    assert_eq!(emu.get(&format!("{DSW}/{a}")).await.status, 404);
    for bad in [
        json!({}),
        json!({ "InstanceIds": [] }),
        json!({ "InstanceIds": [1] }),
        json!({ "InstanceIds": "x" }),
    ] {
        let r = emu.put(&format!("{BATCH}/stop"), bad.clone()).await;
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.json["Code"], "ValidationError");
    }
    let unknown = emu
        .post(
            "/__emulator/faults",
            json!({ "provider": "pai-dsw", "kind": "status", "action": "Reboot" }),
        )
        .await;
    assert_eq!(unknown.status, 400);
}

#[tokio::test]
async fn stop_with_save_image_saves_then_stops_more_slowly() {
    let emu = Emu::start().await;
    let id = running(&emu, false, Load::Idle).await;
    let stop = emu
        .put(&format!("{DSW}/{id}/stop?SaveImage=true"), json!({}))
        .await;
    assert_eq!(stop.status, 200, "{}", stop.text);
    let saving = emu.get(&format!("{DSW}/{id}")).await.json;
    assert_eq!(saving["Status"], "Saving");
    assert_eq!(saving["LatestSnapshot"]["Status"], "Committing");
    assert!(saving["LatestSnapshot"]["ImageUrl"].is_string());
    emu.advance(TRANSITION_MS).await;
    let stopping = emu.get(&format!("{DSW}/{id}")).await.json;
    assert_eq!(
        stopping["Status"], "Stopping",
        "a plain stop would be over by now"
    );
    assert_eq!(stopping["LatestSnapshot"]["Status"], "Saved");
    assert_eq!(stopping["InstanceSnapshotList"][0]["Status"], "Saved");
    emu.advance(TRANSITION_MS / 2).await;
    assert_eq!(
        emu.get(&format!("{DSW}/{id}")).await.json["Status"],
        "Stopped"
    );
    let events = strings(&emu.get(&format!("{DSW}/{id}/events")).await.json["Events"]);
    assert!(
        events.iter().any(|e| e.contains("ImageSaved")),
        "{events:?}"
    );
    let bad = emu
        .put(&format!("{DSW}/{id}/stop?SaveImage=perhaps"), json!({}))
        .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn generated_instances_show_failures_queues_loads_and_cullers() {
    let emu = Emu::with(|o| o.instances = 300).await;
    let ma = emu
        .get(&format!("{MA}?de_type=Notebook&limit=0"))
        .await
        .json;
    let by_name = |name: &str| {
        ma["instances"]
            .as_array()
            .and_then(|l| l.iter().find(|i| i["name"] == name).cloned())
            .unwrap_or_default()
    };
    let failed = by_name("gen-00001");
    assert_eq!(failed["status"], "CREATE_FAILED");
    assert_eq!(failed["spec"]["failed_reasons"]["code"], "ModelArts.6360");
    let queued = by_name("gen-00004");
    assert_eq!(queued["status"], "START_QUEUING");
    assert_eq!(queued["queuing_info"]["status"], "START_QUEUING");
    assert!(queued["queuing_info"]["rank"]
        .as_u64()
        .is_some_and(|r| r >= 1));
    let all_queued = ma["instances"].as_array().map_or(0, |l| {
        l.iter()
            .filter(|i| {
                i["status"]
                    .as_str()
                    .is_some_and(|s| s.ends_with("_QUEUING"))
            })
            .filter(|i| i["queuing_info"]["rank"].is_u64())
            .count()
    });
    assert!(all_queued >= 2);

    let dsw = emu
        .get(&format!(
            "{DSW}?WorkspaceId=ALL&ResourceId=ALL&Status=Running&PageSize=100"
        ))
        .await
        .json;
    let running: Vec<Value> = dsw["Instances"].as_array().cloned().unwrap_or_default();
    let kinds: std::collections::HashSet<(bool, bool)> = running
        .iter()
        .map(|i| {
            let id = i["InstanceId"].as_str().unwrap_or("");
            (i["AcceleratorType"] == "GPU", load_of(id) == Load::Idle)
        })
        .collect();
    assert_eq!(kinds.len(), 4, "idle and busy, GPU and CPU: {kinds:?}");
    assert!(running
        .iter()
        .any(|i| i["IdleInstanceCuller"]["MaxIdleTimeInMinutes"].is_u64()));
}
