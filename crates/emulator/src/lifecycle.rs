//! The lifecycle that moves by itself: an action sets a transitional status
//! now and plans the next ones with deadlines; the plan is applied lazily at
//! the start of every provider request. Status changes also update the
//! provider's timestamps (and ModelArts auto-stop times and queue
//! positions). PAI-DSW instances also keep their status history, shutdown
//! timer and idle culler ([`crate::pai_dsw_ops`]).

use serde_json::{json, Value};

use crate::clock;
use crate::pai_dsw_ops;
use crate::state::{Provider, Stored, World};

/// One status change of an instance, with the reason the provider gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at_ms: u64,
    pub status: String,
    pub reason_code: String,
    pub reason_message: String,
}

/// Why a status changed: `(ReasonCode, ReasonMessage)`.
pub type Reason<'a> = Option<(&'a str, &'a str)>;

/// What a planned step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Status(&'static str),
    Remove,
}

/// A step due at `at_ms` (epoch milliseconds).
#[derive(Debug, Clone)]
pub struct Step {
    pub at_ms: u64,
    pub next: Next,
}

/// Sets `status` now and plans `later`, spread evenly over `transition_ms`
/// (the last one lands at `now + transition_ms`). Replaces any earlier plan.
pub fn begin(
    provider: Provider,
    stored: &mut Stored,
    now: u64,
    transition_ms: u64,
    status: &'static str,
    later: &[Next],
) {
    begin_because(provider, stored, now, transition_ms, status, later, None);
}

/// [`begin`], with the reason the new status gets.
pub fn begin_because(
    provider: Provider,
    stored: &mut Stored,
    now: u64,
    transition_ms: u64,
    status: &'static str,
    later: &[Next],
    reason: Reason<'_>,
) {
    stored.managed = true;
    change(provider, stored, status, now, reason);
    let n = later.len() as u64;
    stored.plan = later
        .iter()
        .enumerate()
        .map(|(i, next)| Step {
            at_ms: now + transition_ms * (i as u64 + 1) / n.max(1),
            next: next.clone(),
        })
        .collect();
}

/// Changes an instance's status at `at`: the status field, what changes
/// with it, and (PAI-DSW) the history the events and lifecycle answer from.
pub fn change(provider: Provider, stored: &mut Stored, status: &str, at: u64, reason: Reason<'_>) {
    if provider == Provider::PaiDsw {
        pai_dsw_ops::record(stored, status, at, reason);
    }
    set_status(provider, &mut stored.value, status, at);
}

/// Sets the status field and what changes with it.
pub fn set_status(provider: Provider, value: &mut Value, status: &str, now: u64) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    obj.insert(provider.status_field().to_string(), json!(status));
    match provider {
        Provider::ModelArts => {
            obj.insert("latest_update_timestamp".into(), json!(now.to_string()));
            match status {
                "RUNNING" => refresh_auto_stop(value, now),
                "STOPPED" | "STOPPING" => clear_auto_stop_times(value),
                _ => {}
            }
            queue_and_failure(value, status, now);
        }
        Provider::PaiDsw => {
            obj.insert("GmtModifiedTime".into(), json!(clock::rfc3339(now)));
        }
        Provider::Scnet => match status {
            "Running" => {
                obj.insert("startTime".into(), json!(clock::scnet_time(now)));
                obj.insert("endTime".into(), Value::Null);
            }
            "Terminated" | "Failed" | "Completed" => {
                obj.insert("endTime".into(), json!(clock::scnet_time(now)));
            }
            _ => {}
        },
    }
}

/// ModelArts `queuing_info` (only while `CREATE_QUEUING` or
/// `START_QUEUING`, its only documented statuses) and `spec.failed_reasons`
/// (cleared once the instance leaves its failed status).
fn queue_and_failure(value: &mut Value, status: &str, now: u64) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    if matches!(status, "CREATE_QUEUING" | "START_QUEUING") {
        let id = obj.get("id").cloned().unwrap_or(Value::Null);
        let name = obj.get("name").cloned().unwrap_or(Value::Null);
        let flavor = obj.get("flavor").cloned().unwrap_or(Value::Null);
        let entry = obj
            .entry("queuing_info")
            .or_insert_with(|| queuing_info(id, name, flavor, status, now, 1));
        if let Some(info) = entry.as_object_mut() {
            info.insert("status".into(), json!(status));
        } else {
            *entry = Value::Null;
        }
    } else {
        obj.remove("queuing_info");
    }
    let failed = status.ends_with("_FAILED") || status == "UNAVAILABLE";
    if !failed {
        if let Some(reasons) = obj
            .get_mut("spec")
            .and_then(Value::as_object_mut)
            .and_then(|spec| spec.get_mut("failed_reasons"))
        {
            *reasons = Value::Null;
        }
    }
}

/// Seconds a queued ModelArts instance expects to wait per place in the queue.
pub const QUEUE_SECONDS_PER_PLACE: u64 = 300;

/// A ModelArts `queuing_info` object: place `rank` in the queue since `now`.
pub fn queuing_info(
    id: Value,
    name: Value,
    flavor: Value,
    status: &str,
    now: u64,
    rank: u64,
) -> Value {
    let remain = rank * QUEUE_SECONDS_PER_PLACE;
    json!({
        "id": id,
        "name": name,
        "de_type": "Notebook",
        "flavor": flavor,
        "status": status,
        "begin_timestamp": now,
        "remain_time": remain,
        "end_timestamp": now + remain * 1000,
        "rank": rank
    })
}

/// For a ModelArts instance with auto-stop enabled: the stop time counted
/// from now, and the seconds that remain.
pub fn refresh_auto_stop(value: &mut Value, now: u64) {
    let Some(auto_stop) = value
        .pointer_mut("/spec/auto_stop")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let enabled = auto_stop.get("enable").and_then(Value::as_bool) == Some(true);
    let duration = auto_stop.get("duration").and_then(Value::as_u64);
    match (enabled, duration) {
        (true, Some(secs)) => {
            auto_stop.insert("stop_timestamp".into(), json!(now + secs * 1000));
            auto_stop.insert("remain_time".into(), json!(secs));
        }
        _ => {
            auto_stop.remove("stop_timestamp");
            auto_stop.remove("remain_time");
        }
    }
}

fn clear_auto_stop_times(value: &mut Value) {
    if let Some(auto_stop) = value
        .pointer_mut("/spec/auto_stop")
        .and_then(Value::as_object_mut)
    {
        auto_stop.remove("stop_timestamp");
        auto_stop.remove("remain_time");
    }
}

/// Applies every step that is due, counts down ModelArts auto-stop of
/// managed instances, and stops those whose time is up; PAI-DSW instances
/// also answer to their shutdown timer and idle culler.
pub fn advance(world: &mut World, provider: Provider, now: u64, transition_ms: u64) {
    let list = world.list_mut(provider);
    let mut removed = false;
    for stored in list.iter_mut() {
        if provider == Provider::PaiDsw {
            removed |= pai_dsw_ops::advance(stored, now, transition_ms);
            continue;
        }
        while stored.plan.first().is_some_and(|s| s.at_ms <= now) {
            let step = stored.plan.remove(0);
            match step.next {
                Next::Status(status) => change(provider, stored, status, step.at_ms, None),
                Next::Remove => {
                    removed = true;
                    stored.plan.clear();
                    stored.value = Value::Null;
                }
            }
        }
        if provider == Provider::ModelArts && stored.managed && stored.plan.is_empty() {
            count_down(stored, now);
        }
    }
    if removed {
        list.retain(|s| !s.value.is_null());
    }
}

fn count_down(stored: &mut Stored, now: u64) {
    if stored.str_field("status") != "RUNNING" {
        return;
    }
    let Some(stop_at) = stored
        .value
        .pointer("/spec/auto_stop/stop_timestamp")
        .and_then(Value::as_u64)
    else {
        return;
    };
    if now >= stop_at {
        set_status(Provider::ModelArts, &mut stored.value, "STOPPED", stop_at);
    } else if let Some(auto_stop) = stored
        .value
        .pointer_mut("/spec/auto_stop")
        .and_then(Value::as_object_mut)
    {
        auto_stop.insert("remain_time".into(), json!((stop_at - now) / 1000));
    }
}
