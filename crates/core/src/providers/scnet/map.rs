//! SCNet task → neutral [`Instance`]: CPU/GPU counts and memory in MB, the
//! resource group as accelerator model, Beijing-time creation, the timeout
//! as auto-stop.

use super::{item, status, validate};
use crate::history::{HistoryEntry, HistorySource};
use crate::model::{AcceleratorKind, AutoStop, Detail, Hardware, Instance, ProviderKind, RawJson};
use crate::providers::lenient::{format_mib, non_empty};
use crate::providers::EndpointCtx;
use crate::time::parse_datetime;

/// Minutes east of UTC of the times SCNet prints without a zone (Beijing).
pub const LOCAL_OFFSET_MINUTES: i32 = 8 * 60;

/// A list item: [`to_instance`] without raw JSON, so no detail parts.
pub fn to_list_item(ctx: &EndpointCtx, task: &item::Task) -> Instance {
    to_instance(ctx, task, RawJson::default())
}

/// Maps one task; `raw` is the task object exactly as received.
pub fn to_instance(ctx: &EndpointCtx, task: &item::Task, raw: RawJson) -> Instance {
    let status_text = task.status.clone().unwrap_or_default();
    Instance {
        endpoint_id: ctx.endpoint_id.clone(),
        provider: ProviderKind::Scnet,
        id: task.id.clone().unwrap_or_default(),
        name: task.instance_service_name.clone().unwrap_or_default(),
        status_class: status::class(&status_text),
        status: status_text,
        hardware: hardware(task),
        flavor: non_empty(task.resource_spec.as_deref()),
        image: non_empty(task.version.as_deref()).or_else(|| non_empty(task.image_path.as_deref())),
        created: task
            .create_time
            .as_deref()
            .and_then(|t| parse_datetime(t, LOCAL_OFFSET_MINUTES)),
        updated: None,
        auto_stop: auto_stop(task),
        queue: None,
        // A list item (no raw JSON) carries no detail parts: none are built.
        detail: (!raw.text().is_empty()).then(|| {
            Box::new(Detail {
                description: non_empty(task.description.as_deref()),
                owner: non_empty(task.user_name.as_deref()),
                failure: None,
                connect: Default::default(),
                storage: Vec::new(),
                other_ids: crate::model::ids(&[("notebook", task.header_notebook_id.as_deref())]),
                history: span(task),
            })
        }),
        raw,
    }
}

/// SCNet has no event or reason: its current status with `startTime` (or
/// `createTime`) and `endTime`, Beijing time, is the one history entry.
fn span(task: &item::Task) -> Vec<HistoryEntry> {
    let time = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| parse_datetime(t, LOCAL_OFFSET_MINUTES))
    };
    let Some(status) = non_empty(task.status.as_deref()) else {
        return Vec::new();
    };
    vec![HistoryEntry {
        at: time(&task.start_time).or_else(|| time(&task.create_time)),
        until: time(&task.end_time),
        status: Some(status),
        code: None,
        message: String::new(),
        source: HistorySource::Lifecycle,
    }]
}

fn hardware(task: &item::Task) -> Hardware {
    let gpus = task.gpu_number.filter(|n| *n >= 0);
    let accelerator_type = task
        .accelerator_type
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let kind = match (gpus, accelerator_type.as_str()) {
        (_, "cpu") | (Some(0), _) => AcceleratorKind::Cpu,
        (Some(_), _) => AcceleratorKind::Gpu,
        (None, "") => AcceleratorKind::Unknown,
        (None, _) => AcceleratorKind::Gpu,
    };
    let memory_mib = task.ram_size.and_then(|m| u64::try_from(m).ok());
    Hardware {
        cpu: task.cpu_number,
        accelerators: gpus.and_then(|n| u32::try_from(n).ok()),
        accelerator_model: if kind == AcceleratorKind::Gpu {
            non_empty(task.resource_group.as_deref())
        } else {
            None
        },
        accelerator_kind: kind,
        memory: memory_mib.map(format_mib),
        memory_mib,
    }
}

/// `timeoutLimit` `unlimited` (or absent, or unreadable) means no
/// auto-stop; a limit is read leniently (`01:00:00`, also `2h`).
fn auto_stop(task: &item::Task) -> Option<AutoStop> {
    let limit = task.timeout_limit.as_deref()?.trim();
    if limit.eq_ignore_ascii_case(validate::UNLIMITED) {
        return None;
    }
    let secs = validate::duration_secs(limit).filter(|s| *s > 0)?;
    Some(AutoStop {
        enabled: true,
        duration_secs: Some(secs),
        stop_at: None,
        remaining_secs: task
            .remaining_time
            .as_deref()
            .and_then(validate::duration_secs)
            .and_then(|s| i64::try_from(s).ok()),
        idle: None,
    })
}
