//! ModelArts instance → neutral [`Instance`]: hardware from `flavor_details`,
//! image from the profile, auto-stop, queue position, failure reasons,
//! connect URL and storage from `spec`.

use super::{item, status, wire};
use crate::history::{HistoryEntry, HistorySource};
use crate::model::{
    AcceleratorKind, AutoStop, ConnectUrls, Detail, Failure, Hardware, Instance, ProviderKind,
    QueueInfo, RawJson, StatusClass, StorageInfo,
};
use crate::providers::lenient::{memory_mib, non_empty};
use crate::providers::EndpointCtx;

/// A list item: what the list shows (no detail parts, no raw JSON).
pub fn to_list_item(ctx: &EndpointCtx, item: &item::Instance) -> Instance {
    let status_text = item.status.clone().unwrap_or_default();
    let status_class = status::class(&status_text);
    Instance {
        endpoint_id: ctx.endpoint_id.clone(),
        provider: ProviderKind::ModelArts,
        id: item.id.clone().unwrap_or_default(),
        name: item.name.clone().unwrap_or_default(),
        status: status_text,
        status_class,
        hardware: hardware(item),
        flavor: non_empty(item.flavor.as_deref()),
        image: item
            .profile
            .as_ref()
            .and_then(|p| non_empty(p.name.as_deref()).or_else(|| non_empty(p.id.as_deref()))),
        created: item.creation_timestamp,
        updated: item.latest_update_timestamp,
        auto_stop: item
            .spec
            .as_ref()
            .and_then(|s| s.auto_stop.as_ref())
            .map(auto_stop),
        queue: queue(item).map(Box::new),
        detail: None,
        raw: RawJson::default(),
    }
}

/// A detail answer's instance: the list item's parts plus the detail parts;
/// `raw` is the instance object's text.
pub fn to_instance(ctx: &EndpointCtx, item: &item::Instance, raw: RawJson) -> Instance {
    let status_class = status::class(item.status.as_deref().unwrap_or_default());
    let spec = item.spec.as_ref();
    Instance {
        detail: Some(Box::new(Detail {
            description: non_empty(item.description.as_deref()),
            owner: item
                .user
                .as_ref()
                .and_then(|u| non_empty(u.name.as_deref())),
            failure: failure(item, status_class),
            connect: ConnectUrls {
                console: spec
                    .and_then(|s| s.annotations.as_ref())
                    .and_then(|a| non_empty(a.get("url").map(String::as_str))),
                ..ConnectUrls::default()
            },
            storage: spec.map(storage).unwrap_or_default(),
            history: failed_reasons(item),
            other_ids: crate::model::ids(&[
                (
                    "workspace",
                    item.workspace.as_ref().and_then(|w| w.id.as_deref()),
                ),
                ("user", item.user.as_ref().and_then(|u| u.id.as_deref())),
                ("pool", item.pool.as_ref().and_then(|p| p.id.as_deref())),
                (
                    "ai_project",
                    item.ai_project.as_ref().and_then(|a| a.id.as_deref()),
                ),
            ]),
        })),
        raw,
        ..to_list_item(ctx, item)
    }
}

/// Queue position from `queuing_info`; a queued instance of a free flavor
/// may leave the queue (`dequeue`).
fn queue(item: &item::Instance) -> Option<QueueInfo> {
    let status_text = item.status.as_deref().unwrap_or_default();
    let free = status::is_free_flavor(
        item.flavor.as_deref().unwrap_or_default(),
        item.flavor_details
            .as_ref()
            .and_then(|d| d.promo_type.as_deref()),
    );
    let can_leave = free && status::is_queued(status_text);
    match item.queuing_info.as_ref() {
        Some(q) => Some(QueueInfo {
            position: q.rank.and_then(|r| u32::try_from(r).ok()),
            remaining_secs: q.remain_time.and_then(|r| u64::try_from(r).ok()),
            expected_end: q.end_timestamp,
            since: q.begin_timestamp,
            can_leave,
        }),
        None if can_leave => Some(QueueInfo {
            can_leave,
            ..QueueInfo::default()
        }),
        None => None,
    }
}

fn hardware(item: &item::Instance) -> Hardware {
    let details = item.flavor_details.as_ref();
    let params = details.and_then(|d| d.params.as_ref());
    let flavor_type = details
        .and_then(|d| d.flavor_type.clone())
        .or_else(|| item.profile.as_ref().and_then(|p| p.flavor_type.clone()))
        .unwrap_or_default()
        .to_ascii_uppercase();
    let gpus = params.and_then(|p| p.gpu).filter(|n| *n >= 0);
    let npus = params.and_then(|p| p.npu).filter(|n| *n >= 0);
    let (kind, count, model) =
        if npus.is_some_and(|n| n > 0) || (flavor_type == "ASCEND" && npus.is_some()) {
            (
                AcceleratorKind::Npu,
                npus,
                params.and_then(|p| p.accelerator_type.clone()),
            )
        } else if gpus.is_some_and(|n| n > 0) {
            (
                AcceleratorKind::Gpu,
                gpus,
                params.and_then(|p| p.gpu_type.clone()),
            )
        } else {
            let kind = match flavor_type.as_str() {
                _ if gpus == Some(0) => AcceleratorKind::Cpu,
                "CPU" => AcceleratorKind::Cpu,
                "GPU" => AcceleratorKind::Gpu,
                "ASCEND" => AcceleratorKind::Npu,
                _ => AcceleratorKind::Unknown,
            };
            (kind, gpus.or(npus), None)
        };
    let memory = params.and_then(|p| p.memory.clone());
    Hardware {
        cpu: params.and_then(|p| p.cpu),
        accelerators: count.and_then(|n| u32::try_from(n).ok()),
        accelerator_model: model,
        accelerator_kind: kind,
        memory_mib: memory.as_deref().and_then(|m| memory_mib(m, 1024.0)),
        memory,
    }
}

fn auto_stop(a: &wire::AutoStop) -> AutoStop {
    AutoStop {
        enabled: a.enable.unwrap_or(false),
        duration_secs: a.duration.and_then(|d| u64::try_from(d).ok()),
        stop_at: a.stop_timestamp,
        remaining_secs: a.remain_time,
        idle: None,
    }
}

fn failure(item: &item::Instance, class: StatusClass) -> Option<Failure> {
    let reasons = item.spec.as_ref().and_then(|s| s.failed_reasons.as_ref());
    if let Some(r) = reasons {
        let code = non_empty(r.code.as_deref());
        let message = non_empty(r.message.as_deref());
        if code.is_some() || message.is_some() {
            return Some(Failure {
                code,
                message: message.unwrap_or_default(),
            });
        }
    }
    let code = non_empty(item.error_code.as_deref())?;
    (class == StatusClass::Failed).then(|| Failure {
        message: code.clone(),
        code: Some(code),
    })
}

/// Every reason in `spec.failed_reasons`: its `code` and `message`, then
/// each `detail` member (key as code, value as message).
fn failed_reasons(item: &item::Instance) -> Vec<HistoryEntry> {
    let Some(r) = item.spec.as_ref().and_then(|s| s.failed_reasons.as_ref()) else {
        return Vec::new();
    };
    let entry = |code: Option<String>, message: Option<String>| HistoryEntry {
        at: None,
        until: None,
        status: non_empty(item.status.as_deref()),
        code,
        message: message.unwrap_or_default(),
        source: HistorySource::Failure,
    };
    let mut entries = Vec::new();
    let (code, message) = (
        non_empty(r.code.as_deref()),
        non_empty(r.message.as_deref()),
    );
    if code.is_some() || message.is_some() {
        entries.push(entry(code, message));
    }
    for (key, value) in r.detail.iter().flatten() {
        if let Some(value) = non_empty(Some(value)) {
            entries.push(entry(non_empty(Some(key)), Some(value)));
        }
    }
    entries
}

fn storage(spec: &item::Spec) -> Vec<StorageInfo> {
    spec.storage
        .iter()
        .chain(spec.extend_storage.iter().flatten())
        .map(storage_info)
        .collect()
}

fn storage_info(s: &wire::Storage) -> StorageInfo {
    let kind = s.storage_type.clone().unwrap_or_default();
    let location = s.location.as_ref();
    let path = location.and_then(|l| non_empty(l.path.as_deref()));
    let mount_path = location
        .and_then(|l| non_empty(l.mount_path.as_deref()))
        .or_else(|| if kind == "evs" { path.clone() } else { None });
    StorageInfo {
        size: location
            .and_then(|l| l.volume_size)
            .map(|gb| format!("{gb} GB")),
        path,
        mount_path,
        kind,
    }
}
