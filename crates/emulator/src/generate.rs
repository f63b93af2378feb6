//! Generated instances for `--instances N`: a tiny xorshift generator (so a
//! `--seed` gives the same world every run) and realistic instances named
//! `gen-00042`, spread across the three providers and their statuses.
//!
//! The first generated ModelArts instance has failed (`CREATE_FAILED`, with
//! `spec.failed_reasons`) and the second waits in the queue
//! (`START_QUEUING`, with `queuing_info`); every queued one has its place.
//! Every third running PAI-DSW instance has an idle culler armed when the
//! world is made.

use serde_json::{json, Value};

use crate::catalog;
use crate::lifecycle;
use crate::pai_dsw_ops::Culler;
use crate::state::{Stored, World};
use crate::{modelarts, pai_dsw, scnet};

/// xorshift64* — small, fast, deterministic; not for secrets.
#[derive(Debug, Clone)]
pub struct Xorshift(u64);

impl Xorshift {
    pub fn new(seed: u64) -> Self {
        let mixed = seed ^ 0x9E37_79B9_7F4A_7C15;
        Xorshift(if mixed == 0 {
            0x2545_F491_4F6C_DD1D
        } else {
            mixed
        })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` lower-case hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        (0..n)
            .map(|_| DIGITS[(self.next_u64() >> 60) as usize] as char)
            .collect()
    }
}

/// Statuses generated instances take, weighted toward settled ones.
const MODELARTS_STATUSES: &[&str] = &[
    "RUNNING",
    "RUNNING",
    "RUNNING",
    "STOPPED",
    "STOPPED",
    "STOPPED",
    "CREATING",
    "STARTING",
    "STOPPING",
    "RESTARTING",
    "CREATE_QUEUING",
    "START_QUEUING",
    "CREATE_FAILED",
    "START_FAILED",
    "UNAVAILABLE",
];
const DSW_STATUSES: &[&str] = &[
    "Running",
    "Running",
    "Running",
    "Stopped",
    "Stopped",
    "Stopped",
    "Creating",
    "EnvPreparing",
    "Queuing",
    "Starting",
    "Stopping",
    "Saving",
    "Failed",
];
const SCNET_STATUSES: &[&str] = &[
    "Running",
    "Running",
    "Running",
    "Terminated",
    "Terminated",
    "Waiting",
    "Deploying",
    "Failed",
    "Completed",
];

/// 2024-01-01T00:00:00Z.
const BASE_MS: u64 = 1_704_067_200_000;

/// Adds `n` generated instances to the world, made at `now`.
pub fn populate(world: &mut World, n: usize, now: u64) {
    let width = n.to_string().len().max(5);
    let mut created = BASE_MS;
    for i in 0..n {
        let name = format!("gen-{:0width$}", i + 1);
        created += 60_000 + (world.rng.below(3_600) as u64) * 1000;
        match i % 3 {
            0 => add_modelarts(world, &name, created, i / 3),
            1 => add_dsw(world, &name, created, i / 3, now),
            _ => add_scnet(world, &name, created),
        }
    }
}

/// Statuses the first generated ModelArts instances take, whatever the
/// generator picked: one failed, one queued.
const MODELARTS_FIRST: &[&str] = &["CREATE_FAILED", "START_QUEUING"];

fn add_modelarts(world: &mut World, name: &str, created: u64, nth: usize) {
    let flavor = world.rng.pick(catalog::MODELARTS_FLAVORS).name;
    let profile = match flavor {
        "modelarts.kat1.xlarge" => "Ascend-Power-Engine 1.0(python3)",
        "modelarts.vm.cpu.2u" | "modelarts.vm.cpu.8u" => "Multi-Engine 1.0 (python3)-cpu",
        _ => *world
            .rng
            .pick(&["Multi-Engine 1.0 (python3)-gpu", "Python3-gpu"]),
    };
    let storage = if world.rng.below(2) == 0 {
        json!({ "type": "evs", "location": { "volume_size": 5 + world.rng.below(96) } })
    } else {
        json!({ "type": "obs", "location": { "path": format!("/devenv-bucket/work/{name}/") } })
    };
    let enable = world.rng.below(3) != 0;
    let duration = 3600 * (1 + world.rng.below(24));
    let status = *world.rng.pick(MODELARTS_STATUSES);
    let body = json!({
        "name": name,
        "description": if world.rng.below(2) == 0 { "generated instance" } else { "" },
        "profile_id": profile,
        "flavor": flavor,
        "spec": { "storage": storage, "auto_stop": { "enable": enable, "duration": duration } },
        "workspace": { "id": "0" }
    });
    let id = modelarts::new_id(world);
    if let Some(mut value) = modelarts::build(&body, &id, created, status) {
        if status == "RUNNING" && enable {
            if let Some(a) = value
                .pointer_mut("/spec/auto_stop")
                .and_then(Value::as_object_mut)
            {
                let remain = world.rng.below(duration) as u64;
                a.insert("remain_time".into(), json!(remain));
                a.insert("stop_timestamp".into(), json!(BASE_MS + remain * 1000));
            }
        }
        // Chosen after the generator's picks, so that every later instance
        // stays what it was.
        let status = match MODELARTS_FIRST.get(nth) {
            Some(first) => {
                value["status"] = json!(first);
                if let Some(a) = value
                    .pointer_mut("/spec/auto_stop")
                    .and_then(Value::as_object_mut)
                {
                    a.remove("remain_time");
                    a.remove("stop_timestamp");
                }
                *first
            }
            None => status,
        };
        if status.ends_with("FAILED") || status == "UNAVAILABLE" {
            value["spec"]["failed_reasons"] = json!({
                "code": "ModelArts.6360",
                "message": "Insufficient resources, please try again later.",
                "detail": {}
            });
        }
        if status.ends_with("_QUEUING") {
            let queued = world
                .modelarts
                .iter()
                .filter(|s| s.str_field("status").ends_with("_QUEUING"))
                .count() as u64;
            let info = lifecycle::queuing_info(
                value["id"].clone(),
                value["name"].clone(),
                value["flavor"].clone(),
                status,
                created,
                queued + 1,
            );
            value["queuing_info"] = info;
        }
        world.modelarts.push(Stored::new(value));
    }
}

/// Every this-many generated PAI-DSW instance runs on a subscription
/// (prepaid) resource group, which ListInstances hides unless asked for
/// `ResourceId=ALL`.
const DSW_SUBSCRIPTION_EVERY: usize = 4;
/// Every this-many generated PAI-DSW instance lives in a workspace other
/// than the caller's default one.
const DSW_OTHER_WORKSPACE_EVERY: usize = 5;

/// Every this-many running generated PAI-DSW instance has an idle culler.
const DSW_CULLER_EVERY: usize = 3;

fn add_dsw(world: &mut World, name: &str, created: u64, nth: usize, now: u64) {
    let spec = world.rng.pick(catalog::DSW_ECS_SPECS);
    let image = *world.rng.pick(catalog::DSW_IMAGES);
    let status = *world.rng.pick(DSW_STATUSES);
    let workspace = if nth % DSW_OTHER_WORKSPACE_EVERY == DSW_OTHER_WORKSPACE_EVERY - 1 {
        pai_dsw::OTHER_WORKSPACE
    } else {
        pai_dsw::DEFAULT_WORKSPACE
    };
    let body = json!({
        "WorkspaceId": workspace,
        // The generated name has a `-`, which create would refuse: it is
        // set after building, as an instance made outside the console.
        "InstanceName": "generated",
        "EcsSpec": spec.instance_type,
        "ImageUrl": image,
        "ImageId": format!("image-{}", world.hex(12)),
        "Accessibility": if world.rng.below(4) == 0 { "PUBLIC" } else { "PRIVATE" },
        "Priority": 1 + world.rng.below(9),
        "Labels": [{ "Key": "team", "Value": *world.rng.pick(&["vision", "nlp", "speech"]) }]
    });
    let id = pai_dsw::new_id(world);
    if let Some(mut value) = pai_dsw::build(&body, &id, created, status) {
        value["InstanceName"] = json!(name);
        if nth % DSW_SUBSCRIPTION_EVERY == DSW_SUBSCRIPTION_EVERY - 1 {
            value["PaymentType"] = json!("Subscription");
            value["ResourceId"] = json!(pai_dsw::SUBSCRIPTION_RESOURCE);
            value["ResourceName"] = json!("prepaid_group");
        }
        if status == "Failed" {
            value["ReasonCode"] = json!("ImagePullBackOff");
            value["ReasonMessage"] = json!("Failed to pull the image.");
        }
        if status == "Running" {
            value["AccumulatedRunningTimeInMs"] = json!(world.rng.below(86_400) as u64 * 1000);
        }
        let gpu = (value["AcceleratorType"] == "GPU").then_some(10);
        let mut stored = Stored::new(value);
        if status == "Running" && nth.is_multiple_of(DSW_CULLER_EVERY) {
            // Thresholds of 10 % find an idle instance idle and a busy one
            // busy; two to eight hours of idleness stop it.
            let max_minutes = 120 * (1 + (nth / DSW_CULLER_EVERY) % 4) as u32;
            stored.culler = Some(Culler::new(10, gpu, max_minutes, now));
        }
        world.pai_dsw.push(stored);
    }
}

fn add_scnet(world: &mut World, name: &str, created: u64) {
    let group = *world.rng.pick(catalog::SCNET_RESOURCE_GROUPS);
    let gpu = if group == "CPU" {
        0
    } else {
        1 + world.rng.below(4)
    };
    let cpu = *world.rng.pick(&[2, 4, 6, 8, 16]);
    let image = *world.rng.pick(catalog::SCNET_IMAGES);
    let status = *world.rng.pick(SCNET_STATUSES);
    let body = json!({
        "instanceServiceName": name,
        "taskType": *world.rng.pick(scnet::TASK_TYPES),
        "cpuNumber": cpu,
        "gpuNumber": gpu,
        "ramSize": cpu * 5120,
        "imagePath": image,
        "resourceGroup": group,
        "acceleratorType": if gpu > 0 { "gpu" } else { "cpu" }
    });
    if let Some(mut value) = scnet::build(world, &body, created, status) {
        if status == "Running" {
            value["startTime"] = value["createTime"].clone();
        }
        world.scnet.push(Stored::new(value));
    }
}
