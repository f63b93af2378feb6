//! The lifecycle that moves by itself: an action sets a transitional status
//! now and plans the next ones with deadlines; the plan is applied lazily at
//! the start of every provider request. Status changes also update the
//! provider's timestamps (and ModelArts auto-stop times).

use serde_json::{json, Value};

use crate::clock;
use crate::state::{Provider, Stored, World};

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
    stored.managed = true;
    set_status(provider, &mut stored.value, status, now);
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
/// managed instances, and stops those whose time is up.
pub fn advance(world: &mut World, provider: Provider, now: u64) {
    let list = world.list_mut(provider);
    let mut removed = false;
    for stored in list.iter_mut() {
        while stored.plan.first().is_some_and(|s| s.at_ms <= now) {
            let step = stored.plan.remove(0);
            match step.next {
                Next::Status(status) => set_status(provider, &mut stored.value, status, step.at_ms),
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
