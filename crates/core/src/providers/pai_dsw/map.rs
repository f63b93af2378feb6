//! PAI-DSW instance → neutral [`Instance`]: hardware from `RequestedResource`,
//! connect links, shutdown timer as auto-stop, failure reasons only for
//! failed statuses, storage from datasets and cloud disks.

use super::{item, policy, status};
use crate::history::{HistoryEntry, HistorySource};
use crate::model::{
    AcceleratorKind, ConnectUrls, Detail, Failure, Hardware, Instance, ProviderKind, RawJson,
    StatusClass, StorageInfo,
};
use crate::providers::lenient::{memory_mib, non_empty};
use crate::providers::EndpointCtx;
use crate::time::parse_datetime;

/// A list item: what the list shows (no detail parts, no raw JSON).
pub fn to_list_item(ctx: &EndpointCtx, item: &item::Instance) -> Instance {
    let status_text = item.status.clone().unwrap_or_default();
    let status_class = status::class(&status_text);
    let time = |t: &Option<String>| t.as_deref().and_then(|s| parse_datetime(s, 0));
    Instance {
        endpoint_id: ctx.endpoint_id.clone(),
        provider: ProviderKind::PaiDsw,
        id: item.instance_id.clone().unwrap_or_default(),
        name: item.instance_name.clone().unwrap_or_default(),
        status: status_text,
        status_class,
        hardware: hardware(item),
        flavor: non_empty(item.ecs_spec.as_deref())
            .or_else(|| non_empty(item.resource_name.as_deref())),
        image: non_empty(item.image_name.as_deref())
            .or_else(|| non_empty(item.image_url.as_deref()))
            .or_else(|| non_empty(item.image_id.as_deref())),
        created: time(&item.gmt_create_time),
        updated: time(&item.gmt_modified_time),
        auto_stop: policy::auto_stop(
            item.instance_shutdown_timer.as_ref(),
            item.idle_instance_culler.as_ref(),
        ),
        queue: None,
        detail: None,
        raw: RawJson::default(),
    }
}

/// A detail answer's instance: the list item's parts plus the detail parts;
/// `raw` is the instance object's text.
pub fn to_instance(ctx: &EndpointCtx, item: &item::Instance, raw: RawJson) -> Instance {
    let status_class = status::class(item.status.as_deref().unwrap_or_default());
    let time = |t: &Option<String>| t.as_deref().and_then(|s| parse_datetime(s, 0));
    Instance {
        detail: Some(Box::new(Detail {
            description: None,
            owner: non_empty(item.user_name.as_deref())
                .or_else(|| non_empty(item.user_id.as_deref())),
            failure: failure(item, status_class),
            connect: ConnectUrls {
                jupyterlab: non_empty(item.jupyterlab_url.as_deref()),
                web_ide: non_empty(item.web_ide_url.as_deref()),
                terminal: non_empty(item.terminal_url.as_deref()),
                console: non_empty(item.instance_url.as_deref()),
            },
            storage: storage(item),
            history: reason(item, time(&item.gmt_modified_time)),
            other_ids: crate::model::ids(&[
                ("workspace", item.workspace_id.as_deref()),
                ("user", item.user_id.as_deref()),
                ("resource", item.resource_id.as_deref()),
                ("image", item.image_id.as_deref()),
            ]),
        })),
        raw,
        ..to_list_item(ctx, item)
    }
}

fn hardware(item: &item::Instance) -> Hardware {
    let resource = item.requested_resource.clone().unwrap_or_default();
    let gpus = resource
        .gpu
        .as_deref()
        .and_then(|g| crate::num::parse_f64(g.trim()))
        .filter(|g| g.is_finite() && *g >= 0.0);
    let accelerator_type = item
        .accelerator_type
        .as_deref()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let kind = match gpus {
        Some(g) if g > 0.0 => AcceleratorKind::Gpu,
        Some(_) => AcceleratorKind::Cpu,
        None => match accelerator_type.as_str() {
            "GPU" => AcceleratorKind::Gpu,
            "CPU" => AcceleratorKind::Cpu,
            _ => AcceleratorKind::Unknown,
        },
    };
    // A bare number is GiB (the document's `"Memory": "32"`); say so.
    let memory = non_empty(resource.memory.as_deref()).map(|m| {
        if crate::num::parse_f64(m.trim()).is_some() {
            format!("{} GiB", m.trim())
        } else {
            m
        }
    });
    Hardware {
        cpu: resource
            .cpu
            .as_deref()
            .and_then(|c| crate::num::parse_f64(c.trim()))
            .filter(|c| c.is_finite()),
        accelerators: gpus.map(|g| g.ceil().min(f64::from(u32::MAX)) as u32),
        accelerator_model: if kind == AcceleratorKind::Gpu {
            non_empty(resource.gpu_type.as_deref())
        } else {
            None
        },
        accelerator_kind: kind,
        // A bare number is GiB on DSW.
        memory_mib: memory.as_deref().and_then(|m| memory_mib(m, 1024.0)),
        memory,
    }
}

/// `ReasonCode`/`ReasonMessage` describe a failure only when the status is a
/// failed one; otherwise they stay visible in the raw JSON only.
fn failure(item: &item::Instance, class: StatusClass) -> Option<Failure> {
    if class != StatusClass::Failed {
        return None;
    }
    let code = non_empty(item.reason_code.as_deref());
    let message = non_empty(item.reason_message.as_deref());
    (code.is_some() || message.is_some()).then(|| Failure {
        code,
        message: message.unwrap_or_default(),
    })
}

/// `ReasonCode`/`ReasonMessage`, whatever the status, as the current
/// step's reason (a failure's when the status is a failed one).
fn reason(item: &item::Instance, at: Option<crate::model::Millis>) -> Vec<HistoryEntry> {
    let code = non_empty(item.reason_code.as_deref());
    let message = non_empty(item.reason_message.as_deref());
    if code.is_none() && message.is_none() {
        return Vec::new();
    }
    let status = item.status.clone().unwrap_or_default();
    let source = match status::class(&status) {
        StatusClass::Failed => HistorySource::Failure,
        _ => HistorySource::Lifecycle,
    };
    vec![HistoryEntry {
        at,
        until: None,
        status: non_empty(Some(&status)),
        code,
        message: message.unwrap_or_default(),
        source,
    }]
}

fn storage(item: &item::Instance) -> Vec<StorageInfo> {
    let datasets = item.datasets.iter().flatten().map(|d| StorageInfo {
        kind: "dataset".into(),
        path: non_empty(d.uri.as_deref()).or_else(|| non_empty(d.dataset_id.as_deref())),
        size: None,
        mount_path: non_empty(d.mount_path.as_deref()),
    });
    let disks = item.cloud_disks.iter().flatten().map(|c| StorageInfo {
        kind: "cloud-disk".into(),
        path: non_empty(c.path.as_deref()),
        size: non_empty(c.capacity.as_deref()),
        mount_path: non_empty(c.mount_path.as_deref()),
    });
    datasets.chain(disks).collect()
}
