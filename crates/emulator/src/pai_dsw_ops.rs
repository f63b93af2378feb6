//! PAI-DSW, the operator's view of an instance: GetInstanceEvents,
//! GetLifecycle, GetInstanceMetrics, the shutdown timer
//! (Create/Get/DeleteInstanceShutdownTimer) and the idle culler
//! (Create/Get/DeleteIdleInstanceCuller).
//!
//! Every instance keeps its status history (derived from the wire object
//! for seeded, generated and inserted instances until their first change),
//! which the events, the lifecycle sessions and the metrics answer from.
//! Metrics are made up, deterministically: a hash of the instance id makes
//! an instance *idle* (a few percent) or *busy* (tens of percent) while its
//! pod is up (`Running`, `Saving`), and every series is `"0"` otherwise.
//! The timer and the culler really stop a running instance when the
//! emulator's clock reaches their time (taken lazily at the next request).

use std::f64::consts::TAU;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use crate::clock;
use crate::json_response;
use crate::lifecycle::{self, Change, Next, Reason};
use crate::pai_dsw::{self, body_object, not_found, request_id};
use crate::state::{Provider, Stored, World};
use crate::ApiRequest;

const P: Provider = Provider::PaiDsw;
const MINUTE_MS: u64 = 60_000;

/// An event that is not a status change (a timer set, an image saved …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub at_ms: u64,
    pub level: &'static str,
    pub reason: String,
    pub message: String,
}

/// A shutdown timer the emulator enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub due_ms: u64,
    pub created_ms: u64,
    pub modified_ms: u64,
}

/// An idle-culler policy the emulator enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Culler {
    pub cpu_percent: u32,
    /// Applies to GPU instances only.
    pub gpu_percent: Option<u32>,
    pub max_idle_minutes: u32,
    pub created_ms: u64,
    /// Where the current idle run began (the policy's creation, the
    /// instance's latest start, or the end of its latest busy minute).
    pub run_start: u64,
    /// Every whole-minute sample up to here has been looked at.
    pub scanned_to: u64,
}

impl Culler {
    pub fn new(
        cpu_percent: u32,
        gpu_percent: Option<u32>,
        max_idle_minutes: u32,
        now: u64,
    ) -> Self {
        Culler {
            cpu_percent,
            gpu_percent,
            max_idle_minutes,
            created_ms: now,
            run_start: now,
            scanned_to: now,
        }
    }
}

// ---------------------------------------------------------------- metrics

/// How an instance's pod uses its machine while it is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// A few percent CPU and GPU: an idle culler with a threshold above
    /// 5 % (CPU) and 3 % (GPU) finds it idle every minute.
    Idle,
    /// Tens of percent: idle for no threshold of 30 % or less.
    Busy,
}

/// FNV-1a, 64 bits: small, stable across runs and platforms.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Idle or busy, decided by a hash of the instance id.
pub fn load_of(instance_id: &str) -> Load {
    if mix(fnv(instance_id.as_bytes())) & 1 == 0 {
        Load::Idle
    } else {
        Load::Busy
    }
}

/// A metric type of GetInstanceMetrics and the range of its samples.
struct Metric {
    name: &'static str,
    gpu: bool,
    idle: (f64, f64),
    busy: (f64, f64),
}

/// The `MetricType` values (the SDK's `GetInstanceMetricsRequest`). Usage
/// types are percentages; rates are bytes per second.
const METRICS: &[Metric] = &[
    Metric {
        name: "CpuCoreUsage",
        gpu: false,
        idle: (0.5, 5.0),
        busy: (30.0, 90.0),
    },
    Metric {
        name: "MemoryUsage",
        gpu: false,
        idle: (8.0, 16.0),
        busy: (40.0, 75.0),
    },
    Metric {
        name: "GpuCoreUsage",
        gpu: true,
        idle: (0.0, 3.0),
        busy: (35.0, 98.0),
    },
    Metric {
        name: "GpuMemoryUsage",
        gpu: true,
        idle: (1.0, 6.0),
        busy: (50.0, 90.0),
    },
    Metric {
        name: "NetworkInputRate",
        gpu: false,
        idle: (200.0, 3_000.0),
        busy: (2.0e5, 5.0e6),
    },
    Metric {
        name: "NetworkOutputRate",
        gpu: false,
        idle: (100.0, 2_000.0),
        busy: (1.0e5, 2.0e6),
    },
    Metric {
        name: "DiskReadRate",
        gpu: false,
        idle: (0.0, 4_096.0),
        busy: (1.0e6, 5.0e7),
    },
    Metric {
        name: "DiskWriteRate",
        gpu: false,
        idle: (0.0, 8_192.0),
        busy: (5.0e5, 2.0e7),
    },
];

fn metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

fn range(m: &Metric, load: Load) -> (f64, f64) {
    match load {
        Load::Idle => m.idle,
        Load::Busy => m.busy,
    }
}

/// The sample of minute `bucket` (epoch minutes) of a running pod: a slow
/// wave plus noise inside the metric's range for the instance's load.
fn sample(instance_id: &str, m: &Metric, bucket: u64) -> f64 {
    let (lo, hi) = range(m, load_of(instance_id));
    let seed = mix(fnv(instance_id.as_bytes()) ^ fnv(m.name.as_bytes()));
    let period = 45.0 + (seed % 90) as f64;
    let phase = ((seed >> 8) % 1000) as f64 / 1000.0 * TAU;
    let wave = ((bucket % 1_000_000) as f64 * TAU / period + phase).sin();
    let noise = (mix(seed ^ bucket) % 10_000) as f64 / 10_000.0 * 2.0 - 1.0;
    let u = (0.5 + 0.3 * wave + 0.19 * noise).clamp(0.0, 0.999);
    lo + (hi - lo) * u
}

fn is_gpu(value: &Value) -> bool {
    value.get("AcceleratorType").and_then(Value::as_str) == Some("GPU")
}

/// Statuses in which the instance's pod is up and reports usage.
fn pod_up(status: &str) -> bool {
    matches!(status, "Running" | "Saving")
}

/// The pod of an instance, named the way a deployment names its pods.
pub fn pod_id(instance_id: &str) -> String {
    let h = mix(fnv(instance_id.as_bytes()));
    let letters: String = (0..5)
        .map(|i| {
            let n = ((h >> (40 + i * 4)) % 36) as u8;
            if n < 10 {
                (b'0' + n) as char
            } else {
                (b'a' + n - 10) as char
            }
        })
        .collect();
    format!("{instance_id}-{:08x}-{letters}", h as u32)
}

// ---------------------------------------------------------------- history

/// The status history of an instance: what was recorded, or (before any
/// change) a plausible one derived from its wire object.
pub fn history_of(stored: &Stored, now: u64) -> Vec<Change> {
    if stored.history.is_empty() {
        synthesize(&stored.value, now)
    } else {
        stored.history.clone()
    }
}

/// The path an instance took to its current status, from its creation
/// (`GmtCreateTime`) to its last change (`GmtModifiedTime`, or later).
fn synthesize(value: &Value, now: u64) -> Vec<Change> {
    let status = value.get("Status").and_then(Value::as_str).unwrap_or("");
    let time = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .and_then(clock::parse_rfc3339)
    };
    let created = time("GmtCreateTime").unwrap_or(now);
    let modified = time("GmtModifiedTime").unwrap_or(created).max(created);
    const UP: &[&str] = &["Creating", "EnvPreparing", "Running"];
    let path: Vec<&str> = match status {
        "" => vec!["Creating"],
        "Creating" => vec!["Creating"],
        "ResourceAllocating" | "Queuing" | "EnvPreparing" => vec!["Creating", status],
        "Running" => UP.to_vec(),
        "Failed" => vec!["Creating", "EnvPreparing", "Failed"],
        "Stopping" | "Saving" | "Updating" | "Recovering" => [UP, &[status]].concat(),
        "Stopped" => [UP, &["Stopping", "Stopped"]].concat(),
        "Saved" => [UP, &["Saving", "Saved"]].concat(),
        "SaveFailed" => [UP, &["Saving", "SaveFailed"]].concat(),
        "Starting" => [UP, &["Stopping", "Stopped", "Starting"]].concat(),
        "Deleting" => [UP, &["Stopping", "Stopped", "Deleting"]].concat(),
        other => vec!["Creating", other],
    };
    // The way up takes half a minute a step from the creation; what came
    // after Running lands, half a minute apart, on the last modification.
    let up_to = path
        .iter()
        .position(|s| *s == "Running")
        .unwrap_or(path.len() - 1);
    let last = path.len() - 1;
    let mut at = Vec::with_capacity(path.len());
    for i in 0..path.len() {
        let t = if i <= up_to {
            created + i as u64 * 30_000
        } else {
            modified.saturating_sub((last - i) as u64 * 30_000)
        };
        let floor = at.last().map_or(created, |p: &u64| p + 1_000);
        at.push(t.max(floor));
    }
    let reason_code = value
        .get("ReasonCode")
        .and_then(Value::as_str)
        .unwrap_or("");
    let reason_message = value
        .get("ReasonMessage")
        .and_then(Value::as_str)
        .unwrap_or("");
    path.iter()
        .zip(at)
        .enumerate()
        .map(|(i, (status, at_ms))| {
            // The instance's reason belongs to a failure it ended in.
            let last_one = i == last && matches!(*status, "Failed" | "SaveFailed");
            Change {
                at_ms,
                status: status.to_string(),
                reason_code: if last_one {
                    reason_code.into()
                } else {
                    String::new()
                },
                reason_message: if last_one {
                    reason_message.into()
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

/// Records a status change (called by [`lifecycle::change`] before the
/// status field changes): the history, the instance's `ReasonCode` and
/// `ReasonMessage`, a fresh idle run when it starts running, and a
/// pending image that is saved once the instance stops.
pub fn record(stored: &mut Stored, status: &str, at: u64, reason: Reason<'_>) {
    if stored.history.is_empty() {
        stored.history = synthesize(&stored.value, at);
    }
    // A change to the status the (derived) history already ends in, such
    // as the `Creating` of a new instance, is not a second entry.
    if reason.is_none() && stored.history.last().is_some_and(|c| c.status == status) {
        return;
    }
    let at = stored.history.last().map_or(at, |c| c.at_ms.max(at));
    // A stop that had a reason (the timer, the culler) keeps it once stopped.
    let inherited = match (reason, stored.history.last()) {
        (None, Some(last)) if status == "Stopped" && last.status == "Stopping" => {
            Some((last.reason_code.clone(), last.reason_message.clone()))
        }
        _ => None,
    };
    let (code, message) = match (&inherited, reason) {
        (Some((c, m)), _) => (c.as_str(), m.as_str()),
        (None, r) => r.unwrap_or(("", "")),
    };
    stored.history.push(Change {
        at_ms: at,
        status: status.to_string(),
        reason_code: code.to_string(),
        reason_message: message.to_string(),
    });
    if let Some(obj) = stored.value.as_object_mut() {
        obj.insert("ReasonCode".into(), json!(code));
        obj.insert("ReasonMessage".into(), json!(message));
    }
    if status == "Running" {
        if let Some(c) = stored.culler.as_mut() {
            c.run_start = at;
            c.scanned_to = at;
        }
    }
    if status == "Stopping" || status == "Stopped" {
        save_pending_image(stored, at);
    }
}

fn save_pending_image(stored: &mut Stored, at: u64) {
    let Some(snapshot) = stored
        .value
        .get_mut("LatestSnapshot")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    if snapshot.get("Status").and_then(Value::as_str) != Some("Committing") {
        return;
    }
    snapshot.insert("Status".into(), json!("Saved"));
    snapshot.insert("GmtModifiedTime".into(), json!(clock::rfc3339(at)));
    let url = snapshot
        .get("ImageUrl")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let saved = Value::Object(snapshot.clone());
    if let Some(obj) = stored.value.as_object_mut() {
        match obj
            .get_mut("InstanceSnapshotList")
            .and_then(Value::as_array_mut)
        {
            Some(list) => list.insert(0, saved),
            None => {
                obj.insert("InstanceSnapshotList".into(), json!([saved]));
            }
        }
    }
    note(
        stored,
        at,
        "Normal",
        "ImageSaved",
        format!("The environment is saved as image {url}"),
    );
}

fn note(stored: &mut Stored, at: u64, level: &'static str, reason: &str, message: String) {
    stored.notes.push(Note {
        at_ms: at,
        level,
        reason: reason.to_string(),
        message,
    });
}

/// `StopInstance?SaveImage=true` on a running instance: a new
/// `LatestSnapshot` (status `Committing`, `Saved` once the instance
/// stops) and an event.
pub fn start_saving_image(stored: &mut Stored, now: u64, image_id: String) {
    let name = stored.str_field("InstanceName").to_string();
    let id = stored.str_field("InstanceId").to_string();
    let tag: String = clock::rfc3339(now)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let url = format!(
        "registry.cn-shanghai.aliyuncs.com/pai_dsw_snapshots/{}:{tag}",
        name.to_lowercase()
    );
    let time = clock::rfc3339(now);
    let snapshot = json!({
        "ImageId": image_id,
        "ImageName": format!("{name}_{tag}"),
        "ImageUrl": url,
        "RepositoryUrl": "https://cr.console.aliyun.com/repository/cn-shanghai/pai_dsw_snapshots/images",
        "GmtCreateTime": time,
        "GmtModifiedTime": time,
        "ReasonCode": "",
        "ReasonMessage": "",
        "Status": "Committing"
    });
    if let Some(obj) = stored.value.as_object_mut() {
        obj.insert("LatestSnapshot".into(), snapshot);
    }
    note(
        stored,
        now,
        "Normal",
        "SavingImage",
        format!("Saving the environment of {id} as image {url} before stopping"),
    );
}

// ---------------------------------------------------------------- clock

/// Takes what is due by `now` for one instance, in time order: planned
/// steps, the shutdown timer, the idle culler. Answers whether the
/// instance is gone (its wire value is then `Null`).
pub fn advance(stored: &mut Stored, now: u64, transition_ms: u64) -> bool {
    loop {
        let step_at = stored.plan.first().map(|s| s.at_ms).filter(|&t| t <= now);
        let timer_at = stored
            .timer
            .as_ref()
            .map(|t| t.due_ms)
            .filter(|&t| t <= now);
        let cull_at = if stored.plan.is_empty() && stored.str_field("Status") == "Running" {
            cull_due(stored, now)
        } else {
            None
        };
        let first = [step_at, timer_at, cull_at].into_iter().flatten().min();
        let Some(at) = first else {
            break;
        };
        if step_at == Some(at) {
            let step = stored.plan.remove(0);
            match step.next {
                Next::Status(status) => lifecycle::change(P, stored, status, step.at_ms, None),
                Next::Remove => {
                    stored.plan.clear();
                    stored.value = Value::Null;
                    return true;
                }
            }
        } else if timer_at == Some(at) {
            fire_timer(stored, at, transition_ms);
        } else {
            cull(stored, at, transition_ms);
        }
    }
    render(stored, now);
    false
}

fn fire_timer(stored: &mut Stored, at: u64, transition_ms: u64) {
    stored.timer = None;
    if let Some(obj) = stored.value.as_object_mut() {
        obj.remove("InstanceShutdownTimer");
    }
    let status = stored.str_field("Status").to_string();
    if status == "Running" && stored.plan.is_empty() {
        let due = clock::rfc3339(at);
        let message = format!("Stopped by the shutdown timer due at {due}.");
        stop_now(stored, at, transition_ms, ("ShutdownTimer", &message));
    } else {
        note(
            stored,
            at,
            "Normal",
            "ShutdownTimer",
            format!("The shutdown timer is due; the instance is {status}, nothing to stop"),
        );
    }
}

fn cull(stored: &mut Stored, at: u64, transition_ms: u64) {
    let Some(c) = stored.culler.clone() else {
        return;
    };
    let gpu = match c.gpu_percent.filter(|_| is_gpu(&stored.value)) {
        Some(g) => format!(", GPU below {g}%"),
        None => String::new(),
    };
    let message = format!(
        "Idle for {} (CPU below {}%{gpu}): stopped by the idle culler.",
        minutes(c.max_idle_minutes),
        c.cpu_percent
    );
    stop_now(stored, at, transition_ms, ("IdleInstanceCuller", &message));
}

fn minutes(n: u32) -> String {
    if n == 1 {
        "1 minute".to_string()
    } else {
        format!("{n} minutes")
    }
}

fn stop_now(stored: &mut Stored, at: u64, transition_ms: u64, reason: (&str, &str)) {
    lifecycle::begin_because(
        P,
        stored,
        at,
        transition_ms,
        "Stopping",
        &[Next::Status("Stopped")],
        Some(reason),
    );
}

/// Most whole-minute samples looked at in one request per instance.
const SCAN_LIMIT: u64 = 200_000;

/// When the culler stops the (running) instance, if by `until`; moves the
/// culler's idle run forward to `until` otherwise.
fn cull_due(stored: &mut Stored, until: u64) -> Option<u64> {
    let gpu_instance = is_gpu(&stored.value);
    let id = stored.str_field("InstanceId").to_string();
    let c = stored.culler.as_mut()?;
    let max_ms = u64::from(c.max_idle_minutes) * MINUTE_MS;
    let cpu = metric("CpuCoreUsage")?;
    let gpu = metric("GpuCoreUsage")?;
    let gpu_threshold = c.gpu_percent.filter(|_| gpu_instance).map(f64::from);
    let cpu_threshold = f64::from(c.cpu_percent);
    let load = load_of(&id);
    let (cpu_lo, cpu_hi) = range(cpu, load);
    let (gpu_lo, gpu_hi) = range(gpu, load);
    let always = cpu_hi <= cpu_threshold && gpu_threshold.is_none_or(|g| gpu_hi <= g);
    let never = cpu_lo >= cpu_threshold || gpu_threshold.is_some_and(|g| gpu_lo >= g);
    if never {
        let last_minute = until / MINUTE_MS * MINUTE_MS;
        c.run_start = c.run_start.max(last_minute);
        c.scanned_to = c.scanned_to.max(until);
        return None;
    }
    if !always {
        let idle = |t: u64| {
            let bucket = t / MINUTE_MS - 1;
            sample(&id, cpu, bucket) < cpu_threshold
                && gpu_threshold.is_none_or(|g| sample(&id, gpu, bucket) < g)
        };
        let mut t = (c.scanned_to / MINUTE_MS + 1) * MINUTE_MS;
        let mut budget = SCAN_LIMIT;
        while t <= until && budget > 0 {
            if c.run_start + max_ms < t {
                return Some(c.run_start + max_ms);
            }
            if !idle(t) {
                c.run_start = t;
            }
            c.scanned_to = t;
            t += MINUTE_MS;
            budget -= 1;
        }
        if budget > 0 {
            c.scanned_to = c.scanned_to.max(until);
        }
    } else {
        c.scanned_to = c.scanned_to.max(until);
    }
    let fire = c.run_start + max_ms;
    (fire <= c.scanned_to).then_some(fire)
}

/// Whole minutes the running instance has been idle for.
fn idle_minutes(stored: &Stored, now: u64) -> u64 {
    match &stored.culler {
        Some(c) if stored.str_field("Status") == "Running" && stored.plan.is_empty() => {
            now.saturating_sub(c.run_start) / MINUTE_MS
        }
        _ => 0,
    }
}

fn timer_json(id: &str, t: &Timer, now: u64) -> Value {
    json!({
        "InstanceId": id,
        "DueTime": clock::rfc3339(t.due_ms),
        "RemainingTimeInMs": t.due_ms.saturating_sub(now),
        "GmtCreateTime": clock::rfc3339(t.created_ms),
        "GmtModifiedTime": clock::rfc3339(t.modified_ms)
    })
}

fn culler_json(id: &str, c: &Culler, idle: u64) -> Value {
    let mut v = json!({
        "InstanceId": id,
        "CpuPercentThreshold": c.cpu_percent,
        "MaxIdleTimeInMinutes": c.max_idle_minutes,
        "IdleTimeInMinutes": idle
    });
    if let Some(g) = c.gpu_percent {
        v["GpuPercentThreshold"] = json!(g);
    }
    v
}

/// Writes the enforced timer and culler into the instance object (as
/// `InstanceShutdownTimer` and `IdleInstanceCuller`), counted down to now.
/// Objects the emulator does not enforce (the seed's documented example)
/// are left as they are.
fn render(stored: &mut Stored, now: u64) {
    let id = stored.str_field("InstanceId").to_string();
    let idle = idle_minutes(stored, now);
    let timer = stored.timer.as_ref().map(|t| timer_json(&id, t, now));
    let culler = stored.culler.as_ref().map(|c| culler_json(&id, c, idle));
    if let Some(obj) = stored.value.as_object_mut() {
        if let Some(t) = timer {
            obj.insert("InstanceShutdownTimer".into(), t);
        }
        if let Some(c) = culler {
            obj.insert("IdleInstanceCuller".into(), c);
        }
    }
}

// ---------------------------------------------------------------- answers

fn validation(message: impl Into<String>) -> Response {
    pai_dsw::error(StatusCode::BAD_REQUEST, "ValidationError", &message.into())
}

fn envelope(fields: Value) -> Value {
    let mut answer = Map::new();
    answer.insert("RequestId".into(), json!(request_id()));
    if let Value::Object(m) = fields {
        answer.extend(m);
    }
    answer.insert("Success".into(), json!(true));
    answer.insert("Code".into(), Value::Null);
    answer.entry("Message").or_insert(json!(""));
    answer.insert("HttpStatusCode".into(), json!(200));
    Value::Object(answer)
}

fn ok(fields: Value) -> Response {
    json_response(StatusCode::OK, &envelope(fields))
}

fn time_param(req: &ApiRequest, key: &str) -> Result<Option<u64>, String> {
    match req.q(key).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => clock::parse_rfc3339(v)
            .map(Some)
            .ok_or_else(|| format!("The parameter {key} is not an ISO-8601 UTC time: {v}.")),
    }
}

fn int_param(req: &ApiRequest, key: &str, min: i64, max: i64) -> Result<Option<i64>, String> {
    match req.q(key).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => match v.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(format!(
                "The parameter {key} must be an integer from {min} to {max}: {v}."
            )),
        },
    }
}

fn find<'a>(world: &'a mut World, id: &str) -> Option<&'a mut Stored> {
    let i = world.find(P, id)?;
    world.pai_dsw.get_mut(i)
}

/// `(time, level, line)` of every event, oldest first.
fn events_of(stored: &Stored, now: u64) -> Vec<(u64, &'static str, String)> {
    let id = stored.str_field("InstanceId");
    let pod = pod_id(id);
    let image = match stored.str_field("ImageUrl") {
        "" => stored.str_field("ImageName"),
        url => url,
    };
    let spec = match stored.str_field("EcsSpec") {
        "" => "the requested resources",
        s => s,
    };
    let mut out: Vec<(u64, &'static str, String, String)> = Vec::new();
    for c in history_of(stored, now) {
        let (level, reason, message) = match c.status.as_str() {
            "Creating" => (
                "Normal",
                "Creating",
                format!("Creating instance {id} on {spec}"),
            ),
            "ResourceAllocating" => (
                "Normal",
                "Scheduling",
                format!("Allocating resources ({spec})"),
            ),
            "Queuing" => (
                "Normal",
                "Queuing",
                "Waiting in the queue for resources".to_string(),
            ),
            "EnvPreparing" => ("Normal", "Pulling", format!("Pulling image \"{image}\"")),
            "Starting" => ("Normal", "Starting", format!("Starting instance {id}")),
            "Running" => ("Normal", "Started", format!("Pod {pod} is running")),
            "Stopping" => ("Normal", "Killing", format!("Stopping pod {pod}")),
            "Stopped" => ("Normal", "Stopped", format!("Instance {id} is stopped")),
            "Saving" => (
                "Normal",
                "Saving",
                "Saving the environment as an image".to_string(),
            ),
            "Saved" => (
                "Normal",
                "Saved",
                "The environment image is saved".to_string(),
            ),
            "SaveFailed" => (
                "Warning",
                "SaveFailed",
                "Saving the environment image failed".to_string(),
            ),
            "Failed" => ("Warning", "Failed", format!("Instance {id} failed")),
            "Deleting" => ("Normal", "Deleting", format!("Deleting instance {id}")),
            "Updating" => ("Normal", "Updating", format!("Updating instance {id}")),
            "Recovering" => ("Warning", "Recovering", format!("Recovering pod {pod}")),
            other => (
                "Normal",
                "StatusChanged",
                format!("Status changed to {other}"),
            ),
        };
        let message = match (c.reason_code.as_str(), c.reason_message.as_str()) {
            ("", "") => message,
            (code, "") => format!("{message}: {code}"),
            ("", text) => format!("{message}: {text}"),
            (code, text) => format!("{message}: {code}: {text}"),
        };
        out.push((c.at_ms, level, reason.to_string(), message));
    }
    for n in &stored.notes {
        out.push((n.at_ms, n.level, n.reason.clone(), n.message.clone()));
    }
    out.sort_by_key(|e| e.0);
    out.into_iter()
        .map(|(at, level, reason, message)| {
            (
                at,
                level,
                format!("{} {level} {reason} {message}", clock::rfc3339(at)),
            )
        })
        .collect()
}

/// `GET /api/v2/instances/{id}/events`: `StartTime`, `EndTime`,
/// `EventLevel` (`Normal`, `Warning`), `MaxEventsNum` (default 2000),
/// `Offset`, `Reverse` (newest first).
pub fn events(world: &mut World, req: &ApiRequest, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let params = (|| {
        let start = time_param(req, "StartTime")?;
        let end = time_param(req, "EndTime")?;
        let max = int_param(req, "MaxEventsNum", 1, i64::from(i32::MAX))?.unwrap_or(2000);
        let offset = int_param(req, "Offset", 0, i64::from(i32::MAX))?.unwrap_or(0);
        let reverse = match req.q("Reverse").filter(|v| !v.is_empty()) {
            None => false,
            Some(v) if v.eq_ignore_ascii_case("true") => true,
            Some(v) if v.eq_ignore_ascii_case("false") => false,
            Some(v) => return Err(format!("The parameter Reverse must be true or false: {v}.")),
        };
        let level = match req.q("EventLevel").filter(|v| !v.is_empty()) {
            None => None,
            Some(l) if l.eq_ignore_ascii_case("Normal") => Some("Normal"),
            Some(l) if l.eq_ignore_ascii_case("Warning") => Some("Warning"),
            Some(l) => {
                return Err(format!(
                    "The parameter EventLevel must be Normal or Warning: {l}."
                ))
            }
        };
        Ok((start, end, max, offset, reverse, level))
    })();
    let (start, end, max, offset, reverse, level) = match params {
        Ok(p) => p,
        Err(m) => return validation(m),
    };
    let mut lines: Vec<String> = events_of(stored, now)
        .into_iter()
        .filter(|(at, l, _)| {
            start.is_none_or(|s| *at >= s)
                && end.is_none_or(|e| *at <= e)
                && level.is_none_or(|w| w == *l)
        })
        .map(|(_, _, line)| line)
        .collect();
    let total = lines.len();
    if reverse {
        lines.reverse();
    }
    let page: Vec<String> = lines
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(max).unwrap_or(usize::MAX))
        .collect();
    ok(json!({ "InstanceId": id, "Events": page, "TotalCount": total }))
}

/// `GET /api/v2/instances/{id}/lifecycle`: one inner array per session (a
/// session begins at the creation and at every start), `StartTime` and
/// `EndTime` keep the sessions that overlap them, `Order` (`ASC` default,
/// `DESC`), `SessionNumber` (how many sessions to skip), `Limit`.
pub fn lifecycle_sessions(world: &mut World, req: &ApiRequest, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let params = (|| {
        let start = time_param(req, "StartTime")?;
        let end = time_param(req, "EndTime")?;
        let limit = int_param(req, "Limit", 1, i64::from(i32::MAX))?;
        let skip = int_param(req, "SessionNumber", 0, i64::from(i32::MAX))?.unwrap_or(0);
        let descending = match req.q("Order").filter(|v| !v.is_empty()) {
            None => false,
            Some(o) if o.eq_ignore_ascii_case("asc") => false,
            Some(o) if o.eq_ignore_ascii_case("desc") => true,
            Some(o) => return Err(format!("The parameter Order must be ASC or DESC: {o}.")),
        };
        Ok((start, end, limit, skip, descending))
    })();
    let (start, end, limit, skip, descending) = match params {
        Ok(p) => p,
        Err(m) => return validation(m),
    };
    let history = history_of(stored, now);
    let mut sessions: Vec<Vec<Value>> = Vec::new();
    let mut bounds: Vec<(u64, Option<u64>)> = Vec::new();
    for (i, c) in history.iter().enumerate() {
        let next = history.get(i + 1).map(|n| n.at_ms);
        if c.status == "Starting" || sessions.is_empty() {
            sessions.push(Vec::new());
            bounds.push((c.at_ms, None));
        }
        let lifecycle_id = format!(
            "{:016x}",
            mix(fnv(format!("{id}/{}/{}", c.at_ms, c.status).as_bytes()))
        );
        if let (Some(session), Some(b)) = (sessions.last_mut(), bounds.last_mut()) {
            session.push(json!({
                "Status": c.status,
                "ReasonCode": c.reason_code,
                "ReasonMessage": c.reason_message,
                "GmtCreateTime": clock::rfc3339(c.at_ms),
                "GmtEndTime": next.map(clock::rfc3339),
                "LifecycleId": lifecycle_id
            }));
            b.1 = next;
        }
    }
    let mut kept: Vec<Vec<Value>> = sessions
        .into_iter()
        .zip(bounds)
        .filter(|(_, (from, to))| {
            end.is_none_or(|e| *from <= e) && start.is_none_or(|s| to.is_none_or(|t| t >= s))
        })
        .map(|(s, _)| s)
        .collect();
    let total = kept.len();
    if descending {
        kept.reverse();
    }
    let page: Vec<Value> = kept
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX)))
        .map(Value::Array)
        .collect();
    let mut answer = envelope(json!({ "Lifecycle": page, "TotalCount": total }));
    // The SDK's GetLifecycleResponseBody has no HttpStatusCode.
    if let Some(m) = answer.as_object_mut() {
        m.remove("HttpStatusCode");
    }
    json_response(StatusCode::OK, &answer)
}

/// Most points one series may hold.
const MAX_POINTS: u64 = 11_000;

/// `5m`, `30s`, `1h`, `1d`, or a bare number of minutes (the SDK
/// documents the unit as minutes).
fn parse_step(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, "m"),
    };
    let n: u64 = digits.parse().ok().filter(|n| *n > 0)?;
    let unit_ms = match unit {
        "s" => 1_000,
        "m" => MINUTE_MS,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    n.checked_mul(unit_ms)
}

/// `GET /api/v2/instance/{id}/metrics?MetricType=&StartTime=&EndTime=&TimeStep=`.
/// The window defaults to the hour before now and ends at now at the
/// latest; the step defaults to a minute (or more, to keep 300 points).
/// A CPU instance answers GPU types with its pod and no points.
pub fn metrics(world: &mut World, req: &ApiRequest, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let m = match req.q("MetricType").filter(|v| !v.is_empty()) {
        None => return validation("The parameter MetricType is required."),
        Some(name) => match metric(name) {
            Some(m) => m,
            None => {
                let known: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
                return validation(format!(
                    "The MetricType {name} is invalid, one of {} expected.",
                    known.join(", ")
                ));
            }
        },
    };
    let (start, end) = match (time_param(req, "StartTime"), time_param(req, "EndTime")) {
        (Ok(s), Ok(e)) => (s, e),
        (Err(m), _) | (_, Err(m)) => return validation(m),
    };
    let end = end.unwrap_or(now).min(now);
    let start = start.unwrap_or(end.saturating_sub(3_600_000));
    if start > end {
        return validation("The StartTime must not be later than the EndTime.");
    }
    let step = match req.q("TimeStep").filter(|v| !v.is_empty()) {
        None => ((end - start) / 300).div_ceil(MINUTE_MS).max(1) * MINUTE_MS,
        Some(text) => match parse_step(text) {
            Some(ms) => ms,
            None => {
                return validation(format!(
                    "The TimeStep {text} is invalid: a number of minutes, or a number with s, m, h or d."
                ))
            }
        },
    };
    let first = start.div_ceil(step) * step;
    if first <= end && (end - first) / step + 1 > MAX_POINTS {
        return validation(format!(
            "The time range holds more than {MAX_POINTS} points of TimeStep; choose a larger step."
        ));
    }
    let pod = pod_id(id);
    if m.gpu && !is_gpu(&stored.value) {
        return ok(json!({ "InstanceId": id, "PodMetrics": [{ "PodId": pod, "Metrics": [] }] }));
    }
    let history = history_of(stored, now);
    let born = history.first().map_or(0, |c| c.at_ms);
    let mut points = Vec::new();
    let mut t = first;
    let mut h = 0;
    while t <= end {
        if t >= born {
            while h + 1 < history.len() && history[h + 1].at_ms <= t {
                h += 1;
            }
            let value = match history.get(h) {
                Some(c) if pod_up(&c.status) => format!("{}", sample(id, m, t / MINUTE_MS)),
                _ => "0".to_string(),
            };
            points.push(json!({ "Time": t.to_string(), "Value": value }));
        }
        t += step;
    }
    ok(json!({ "InstanceId": id, "PodMetrics": [{ "PodId": pod, "Metrics": points }] }))
}

// ---------------------------------------------------------------- timer

fn timer_not_found(id: &str) -> Response {
    pai_dsw::error(
        StatusCode::NOT_FOUND,
        "ShutdownTimerNotFound",
        &format!("The instance {id} has no shutdown timer."),
    )
}

fn culler_not_found(id: &str) -> Response {
    pai_dsw::error(
        StatusCode::NOT_FOUND,
        "IdleInstanceCullerNotFound",
        &format!("The instance {id} has no idle instance culler."),
    )
}

/// `POST …/shutdowntimer` with `DueTime` (ISO-8601, in the future) or
/// `RemainingTimeInMs` (> 0); `DueTime` wins when both come. A second
/// timer replaces the first (its `GmtCreateTime` stays).
pub fn create_timer(world: &mut World, req: &ApiRequest, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let body = match body_object(req) {
        Ok(b) => b,
        Err(m) => return validation(m),
    };
    let due = match (
        body.get("DueTime").filter(|v| !v.is_null()),
        body.get("RemainingTimeInMs").filter(|v| !v.is_null()),
    ) {
        (Some(Value::String(text)), _) => match clock::parse_rfc3339(text) {
            Some(t) => t,
            None => return validation(format!("The DueTime is not an ISO-8601 UTC time: {text}.")),
        },
        (Some(_), _) => return validation("The DueTime must be a string."),
        (None, Some(ms)) => match ms.as_u64().filter(|ms| *ms > 0) {
            Some(ms) => now.saturating_add(ms),
            None => {
                return validation(
                    "The RemainingTimeInMs must be a positive whole number of milliseconds.",
                )
            }
        },
        (None, None) => {
            return validation("The parameter DueTime or RemainingTimeInMs is required.")
        }
    };
    if due <= now {
        return validation(format!(
            "The DueTime {} is not in the future.",
            clock::rfc3339(due)
        ));
    }
    if stored.str_field("Status") == "Deleting" {
        return pai_dsw::wrong_status(id, "Deleting", "get a shutdown timer");
    }
    let created = stored.timer.as_ref().map_or(now, |t| t.created_ms);
    stored.timer = Some(Timer {
        due_ms: due,
        created_ms: created,
        modified_ms: now,
    });
    note(
        stored,
        now,
        "Normal",
        "ShutdownTimerSet",
        format!("The instance stops at {}", clock::rfc3339(due)),
    );
    render(stored, now);
    ok(json!({ "InstanceId": id, "Message": "The shutdown timer is set." }))
}

/// `GET …/shutdowntimer`: the enforced timer, or the instance object's own
/// `InstanceShutdownTimer` (the seed's documented example); 404 without.
pub fn get_timer(world: &mut World, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let timer = match &stored.timer {
        Some(t) => timer_json(id, t, now),
        None => match stored
            .value
            .get("InstanceShutdownTimer")
            .filter(|v| v.is_object())
        {
            Some(v) => v.clone(),
            None => return timer_not_found(id),
        },
    };
    ok(timer)
}

/// `DELETE …/shutdowntimer`.
pub fn delete_timer(world: &mut World, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let had = stored.timer.take().is_some();
    let shown = stored
        .value
        .as_object_mut()
        .and_then(|o| o.remove("InstanceShutdownTimer"))
        .is_some_and(|v| v.is_object());
    if !had && !shown {
        return timer_not_found(id);
    }
    note(
        stored,
        now,
        "Normal",
        "ShutdownTimerDeleted",
        "The shutdown timer is deleted".to_string(),
    );
    ok(json!({ "InstanceId": id, "Message": "The shutdown timer is deleted." }))
}

// ---------------------------------------------------------------- culler

fn percent(body: &Map<String, Value>, key: &str) -> Result<Option<u32>, String> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64().filter(|n| (1..=100).contains(n)) {
            Some(n) => Ok(Some(n as u32)),
            None => Err(format!("The {key} must be an integer from 1 to 100.")),
        },
    }
}

/// `POST …/idleinstanceculler`: `CpuPercentThreshold` (1–100, required),
/// `GpuPercentThreshold` (1–100, GPU instances only), `MaxIdleTimeInMinutes`
/// (≥ 1, required). One policy per instance: delete the old one first.
pub fn create_culler(world: &mut World, req: &ApiRequest, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let body = match body_object(req) {
        Ok(b) => b,
        Err(m) => return validation(m),
    };
    let cpu = match percent(&body, "CpuPercentThreshold") {
        Ok(Some(n)) => n,
        Ok(None) => return validation("The parameter CpuPercentThreshold is required."),
        Err(m) => return validation(m),
    };
    let gpu = match percent(&body, "GpuPercentThreshold") {
        Ok(g) => g,
        Err(m) => return validation(m),
    };
    let max = match body.get("MaxIdleTimeInMinutes") {
        None | Some(Value::Null) => {
            return validation("The parameter MaxIdleTimeInMinutes is required.")
        }
        Some(v) => match v.as_u64().filter(|n| (1..=i32::MAX as u64).contains(n)) {
            Some(n) => n as u32,
            None => return validation("The MaxIdleTimeInMinutes must be a positive integer."),
        },
    };
    if stored.culler.is_some()
        || stored
            .value
            .get("IdleInstanceCuller")
            .is_some_and(Value::is_object)
    {
        return validation(format!(
            "The instance {id} already has an idle instance culler; delete it before creating another."
        ));
    }
    if stored.str_field("Status") == "Deleting" {
        return pai_dsw::wrong_status(id, "Deleting", "get an idle instance culler");
    }
    stored.culler = Some(Culler::new(cpu, gpu, max, now));
    let gpu_text = match gpu.filter(|_| is_gpu(&stored.value)) {
        Some(g) => format!(" and GPU below {g}%"),
        None => String::new(),
    };
    note(
        stored,
        now,
        "Normal",
        "IdleCullerSet",
        format!("The instance stops after {max} idle minutes (CPU below {cpu}%{gpu_text})"),
    );
    render(stored, now);
    // The SDK's CreateIdleInstanceCullerResponseBody has no HttpStatusCode.
    let mut answer =
        envelope(json!({ "InstanceId": id, "Message": "The idle instance culler is set." }));
    if let Some(m) = answer.as_object_mut() {
        m.remove("HttpStatusCode");
    }
    json_response(StatusCode::OK, &answer)
}

/// `GET …/idleinstanceculler`: the policy and `IdleTimeInMinutes`.
pub fn get_culler(world: &mut World, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let culler = match &stored.culler {
        Some(c) => culler_json(id, c, idle_minutes(stored, now)),
        None => match stored
            .value
            .get("IdleInstanceCuller")
            .filter(|v| v.is_object())
        {
            Some(v) => v.clone(),
            None => return culler_not_found(id),
        },
    };
    ok(culler)
}

/// `DELETE …/idleinstanceculler`.
pub fn delete_culler(world: &mut World, id: &str, now: u64) -> Response {
    let Some(stored) = find(world, id) else {
        return not_found(id);
    };
    let had = stored.culler.take().is_some();
    let shown = stored
        .value
        .as_object_mut()
        .and_then(|o| o.remove("IdleInstanceCuller"))
        .is_some_and(|v| v.is_object());
    if !had && !shown {
        return culler_not_found(id);
    }
    note(
        stored,
        now,
        "Normal",
        "IdleCullerDeleted",
        "The idle instance culler is deleted".to_string(),
    );
    ok(json!({ "InstanceId": id, "Message": "The idle instance culler is deleted." }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_stay_inside_their_range() {
        for id in ["dsw-a", "dsw-b", "dsw-730xxxxxxxxxx"] {
            for m in METRICS {
                let (lo, hi) = range(m, load_of(id));
                for bucket in [0, 1, 29_000_000, 29_000_001, 40_000_000] {
                    let v = sample(id, m, bucket);
                    assert!(v >= lo && v < hi, "{id} {} {v}", m.name);
                }
            }
        }
    }

    #[test]
    fn steps_parse() {
        assert_eq!(parse_step("5m"), Some(300_000));
        assert_eq!(parse_step("1"), Some(60_000));
        assert_eq!(parse_step("30s"), Some(30_000));
        assert_eq!(parse_step("2h"), Some(7_200_000));
        assert_eq!(parse_step("0m"), None);
        assert_eq!(parse_step("5w"), None);
        assert_eq!(parse_step(""), None);
    }

    #[test]
    fn synthesized_history_ends_in_the_status() {
        let v = json!({"Status": "Stopped", "GmtCreateTime": "2021-01-12T14:36:01Z", "GmtModifiedTime": "2021-01-13T14:36:01Z"});
        let h = synthesize(&v, 0);
        let statuses: Vec<&str> = h.iter().map(|c| c.status.as_str()).collect();
        assert_eq!(
            statuses,
            ["Creating", "EnvPreparing", "Running", "Stopping", "Stopped"]
        );
        assert!(h.windows(2).all(|w| w[0].at_ms < w[1].at_ms));
        assert_eq!(h[4].at_ms, 1_610_548_561_000);
    }
}
