//! PAI-DSW request builders (API-NOTES paths under `/api/v2/instances`):
//! ListInstances with every query parameter of seed 002, GetInstance,
//! CreateInstance, UpdateInstance, DeleteInstance, Start/StopInstance and
//! ListEcsSpecs.

use super::form::{is_dataset_uri, is_image_url, CreateForm};
use super::{validate, wire, PAGE_SIZE};
use crate::model::{Action, Instance};
use crate::providers::{to_json, EndpointCtx};
use crate::request::{encode_segment, Method, RequestSpec};
use crate::validate::FieldError;
use serde_json::{json, Map, Value};

pub const INSTANCES_PATH: &str = "/api/v2/instances";
pub const ECS_SPECS_PATH: &str = "/api/v2/ecsspecs";

/// Every ListInstances query parameter of seed 002.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// `ALL` for every workspace.
    pub workspace_id: Option<String>,
    pub instance_name: Option<String>,
    /// `ALL` for every resource group.
    pub resource_id: Option<String>,
    /// One or more statuses, comma-separated.
    pub status: Option<String>,
    pub payment_type: Option<String>,
    pub accessibility: Option<String>,
    pub accelerator_type: Option<String>,
    /// 1-based.
    pub page_number: Option<u32>,
    pub page_size: Option<u32>,
    /// e.g. `GmtCreateTime`.
    pub sort_by: Option<String>,
    /// `ASC` or `DESC`.
    pub order: Option<String>,
    /// One or more ids, comma-separated.
    pub instance_id: Option<String>,
    /// At most 4; sent as a JSON object.
    pub labels: Vec<(String, String)>,
    pub create_user_id: Option<String>,
    pub gpu_type: Option<String>,
    /// Thousandths of a CPU (`2000` = 2 CPUs).
    pub min_cpu: Option<String>,
    pub max_cpu: Option<String>,
    /// Thousandths of a GPU.
    pub min_gpu: Option<String>,
    pub max_gpu: Option<String>,
    /// GB.
    pub min_memory: Option<String>,
    pub max_memory: Option<String>,
    /// GB per card.
    pub min_gpu_memory: Option<String>,
    pub max_gpu_memory: Option<String>,
    pub image_name: Option<String>,
    /// Tag filter; sent as a JSON array of `{Key, Value}`.
    pub tag: Vec<(String, String)>,
    pub oversold_info: Option<String>,
    pub oversold_type: Option<String>,
    /// RFC 3339.
    pub create_time_after: Option<String>,
    pub create_time_before: Option<String>,
}

fn instance_path(id: &str) -> String {
    format!("{INSTANCES_PATH}/{}", encode_segment(id))
}

/// `GET /api/v2/instances?…`.
pub fn list(_ctx: &EndpointCtx, query: &ListQuery) -> RequestSpec {
    let labels = (!query.labels.is_empty()).then(|| {
        let map: Map<String, Value> = query
            .labels
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        Value::Object(map).to_string()
    });
    let tag = (!query.tag.is_empty()).then(|| {
        let tags: Vec<Value> = query
            .tag
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        Value::Array(tags).to_string()
    });
    let q = query.clone();
    let pairs = [
        ("WorkspaceId", q.workspace_id),
        ("InstanceName", q.instance_name),
        ("ResourceId", q.resource_id),
        ("Status", q.status),
        ("PaymentType", q.payment_type),
        ("Accessibility", q.accessibility),
        ("AcceleratorType", q.accelerator_type),
        ("PageNumber", q.page_number.map(|n| n.to_string())),
        ("PageSize", q.page_size.map(|n| n.to_string())),
        ("SortBy", q.sort_by),
        ("Order", q.order),
        ("InstanceId", q.instance_id),
        ("Labels", labels),
        ("CreateUserId", q.create_user_id),
        ("GpuType", q.gpu_type),
        ("MinCpu", q.min_cpu),
        ("MaxCpu", q.max_cpu),
        ("MinGpu", q.min_gpu),
        ("MaxGpu", q.max_gpu),
        ("MinMemory", q.min_memory),
        ("MaxMemory", q.max_memory),
        ("MinGpuMemory", q.min_gpu_memory),
        ("MaxGpuMemory", q.max_gpu_memory),
        ("ImageName", q.image_name),
        ("Tag", tag),
        ("OversoldInfo", q.oversold_info),
        ("OversoldType", q.oversold_type),
        ("CreateTimeAfter", q.create_time_after),
        ("CreateTimeBefore", q.create_time_before),
    ];
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .fold(
            RequestSpec::new(Method::Get, INSTANCES_PATH),
            |spec, (k, v)| spec.query(k, v),
        )
}

/// `WorkspaceId` and `ResourceId` value for "every one": a blank
/// `WorkspaceId` lists only the caller's default workspace, a blank
/// `ResourceId` only pay-as-you-go instances (ListInstances, seed 002).
pub const ALL: &str = "ALL";

/// The console's list request for 0-based `page`: `PageNumber = page + 1`,
/// [`PAGE_SIZE`] per page, newest first; the endpoint's workspace if it names
/// one, else every workspace; subscription and pay-as-you-go instances alike.
pub fn list_page(ctx: &EndpointCtx, page: u32) -> RequestSpec {
    let workspace = ctx
        .workspace_id
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .unwrap_or(ALL);
    list(
        ctx,
        &ListQuery {
            workspace_id: Some(workspace.to_string()),
            resource_id: Some(ALL.to_string()),
            page_number: Some(page.saturating_add(1)),
            page_size: Some(PAGE_SIZE),
            sort_by: Some("GmtCreateTime".into()),
            order: Some("DESC".into()),
            ..ListQuery::default()
        },
    )
}

/// `GET /api/v2/instances/{id}`.
pub fn detail(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Get, instance_path(id))
}

/// The CreateInstance body for a valid form.
pub fn create_body(
    ctx: &EndpointCtx,
    form: &CreateForm,
) -> Result<wire::CreateInstanceRequest, Vec<FieldError>> {
    let errors = validate::create(form);
    if !errors.is_empty() {
        return Err(errors);
    }
    let one = |e: FieldError| vec![e];
    let priority = validate::priority(&form.priority).map_err(one)?;
    let disk_gb = validate::cloud_disk_gb(&form.cloud_disk_gb).map_err(one)?;
    let image = form.image_id_or_url.trim().to_string();
    let (image_id, image_url) = if is_image_url(&image) {
        (None, Some(image))
    } else {
        (Some(image), None)
    };
    let trimmed = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(wire::CreateInstanceRequest {
        workspace_id: trimmed(&form.workspace_id)
            .or_else(|| ctx.workspace_id.clone().filter(|w| !w.is_empty())),
        instance_name: form.instance_name.clone(),
        ecs_spec: trimmed(&form.ecs_spec),
        image_id,
        image_url,
        accessibility: trimmed(&form.accessibility),
        labels: form
            .labels
            .iter()
            .map(|(k, v)| wire::Label {
                key: Some(k.trim().to_string()),
                value: Some(v.clone()),
            })
            .collect(),
        environment_variables: form
            .env
            .iter()
            .map(|(k, v)| (k.trim().to_string(), v.clone()))
            .collect(),
        datasets: form
            .datasets
            .iter()
            .map(|d| wire::Dataset {
                dataset_id: Some(d.dataset_id.trim().to_string()),
                mount_path: Some(d.mount_path.trim().to_string()),
                ..wire::Dataset::default()
            })
            .collect(),
        cloud_disks: disk_gb
            .map(|gb| wire::CloudDisk {
                capacity: Some(format!("{gb}Gi")),
                sub_type: Some("rootfs".into()),
                ..wire::CloudDisk::default()
            })
            .into_iter()
            .collect(),
        priority,
        ..wire::CreateInstanceRequest::default()
    })
}

/// `POST /api/v2/instances` from a form, or the form's errors.
pub fn create(ctx: &EndpointCtx, form: &CreateForm) -> Result<RequestSpec, Vec<FieldError>> {
    let body = create_body(ctx, form)?;
    Ok(RequestSpec::new(Method::Post, INSTANCES_PATH).body(to_json(&body)))
}

/// `PUT /api/v2/instances/{id}` with the fields to change.
pub fn update(_ctx: &EndpointCtx, id: &str, changes: &wire::UpdateInstanceRequest) -> RequestSpec {
    RequestSpec::new(Method::Put, instance_path(id)).body(to_json(changes))
}

/// The UpdateInstance request for an edit: only the fields that differ
/// between `before` (the instance as loaded) and `after` (the edited form);
/// `Ok(None)` when nothing changed. Emptied dataset or variable lists are
/// cleared with `Disassociate`.
pub fn edit(
    ctx: &EndpointCtx,
    instance: &Instance,
    before: &CreateForm,
    after: &CreateForm,
) -> Result<Option<RequestSpec>, Vec<FieldError>> {
    let errors = validate::edit(after);
    if !errors.is_empty() {
        return Err(errors);
    }
    let item = super::item::of(instance);
    let changes = edit_changes(&item.datasets.unwrap_or_default(), before, after);
    if changes == wire::UpdateInstanceRequest::default() {
        return Ok(None);
    }
    Ok(Some(update(ctx, &instance.id, &changes)))
}

/// The UpdateInstance body holding what differs between two edit forms. A
/// dataset row that names the same source and mount path as one of the
/// instance's `mounted` datasets is sent as that dataset, with its access,
/// version and options.
pub fn edit_changes(
    mounted: &[wire::Dataset],
    before: &CreateForm,
    after: &CreateForm,
) -> wire::UpdateInstanceRequest {
    let changed = |a: &str, b: &str| (a.trim() != b.trim()).then(|| b.trim().to_string());
    let mut changes = wire::UpdateInstanceRequest {
        instance_name: changed(&before.instance_name, &after.instance_name),
        ecs_spec: changed(&before.ecs_spec, &after.ecs_spec),
        accessibility: changed(&before.accessibility, &after.accessibility)
            .filter(|a| !a.is_empty()),
        ..wire::UpdateInstanceRequest::default()
    };
    if let Some(image) = changed(&before.image_id_or_url, &after.image_id_or_url) {
        if is_image_url(&image) {
            changes.image_url = Some(image);
        } else {
            changes.image_id = Some(image);
        }
    }
    let mut clear = wire::Disassociate::default();
    let env = |form: &CreateForm| -> std::collections::BTreeMap<String, String> {
        form.env
            .iter()
            .map(|(k, v)| (k.trim().to_string(), v.clone()))
            .collect()
    };
    if env(before) != env(after) {
        if after.env.is_empty() {
            clear.environment_variables = Some(true);
        } else {
            changes.environment_variables = Some(env(after));
        }
    }
    let trimmed = |form: &CreateForm| -> Vec<(String, String)> {
        form.datasets
            .iter()
            .map(|d| {
                (
                    d.dataset_id.trim().to_string(),
                    d.mount_path.trim().to_string(),
                )
            })
            .collect()
    };
    if trimmed(before) != trimmed(after) {
        if after.datasets.is_empty() {
            clear.datasets = Some(true);
        } else {
            changes.datasets = Some(
                trimmed(after)
                    .into_iter()
                    .map(|(source, mount_path)| {
                        let same = mounted.iter().find(|d| {
                            d.mount_path.as_deref().map(str::trim) == Some(mount_path.as_str())
                                && (d.dataset_id.as_deref().map(str::trim) == Some(source.as_str())
                                    || d.uri.as_deref().map(str::trim) == Some(source.as_str()))
                        });
                        if let Some(d) = same {
                            return d.clone();
                        }
                        let (dataset_id, uri) = if is_dataset_uri(&source) {
                            (None, Some(source))
                        } else {
                            (Some(source), None)
                        };
                        wire::Dataset {
                            dataset_id,
                            uri,
                            mount_path: Some(mount_path),
                            ..wire::Dataset::default()
                        }
                    })
                    .collect(),
            );
        }
    }
    if clear != wire::Disassociate::default() {
        changes.disassociate = Some(clear);
    }
    changes
}

/// `DELETE /api/v2/instances/{id}`.
pub fn delete(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Delete, instance_path(id))
}

/// `PUT /api/v2/instances/{id}/start`.
pub fn start(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Put, format!("{}/start", instance_path(id)))
}

/// `PUT /api/v2/instances/{id}/stop`, optionally saving the image first.
pub fn stop(_ctx: &EndpointCtx, id: &str, save_image: Option<bool>) -> RequestSpec {
    let spec = RequestSpec::new(Method::Put, format!("{}/stop", instance_path(id)));
    match save_image {
        Some(save) => spec.query("SaveImage", save.to_string()),
        None => spec,
    }
}

/// The request for a lifecycle action; DSW has no restart.
pub fn action(ctx: &EndpointCtx, id: &str, action: Action) -> Option<RequestSpec> {
    match action {
        Action::Start => Some(start(ctx, id)),
        Action::Stop => Some(stop(ctx, id, None)),
        Action::Delete => Some(delete(ctx, id)),
        Action::Restart | Action::Dequeue => None,
    }
}

/// `GET /api/v2/instances/{id}/events`: the latest [`EVENTS_MAX`] events
/// (the service's default is 2000).
pub fn events(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Get, format!("{}/events", instance_path(id)))
        .query("MaxEventsNum", EVENTS_MAX.to_string())
}

/// Events asked for at once.
pub const EVENTS_MAX: u32 = 100;

/// `GET /api/v2/instances/{id}/lifecycle`: the last [`LIFECYCLE_SESSIONS`]
/// sessions (start to stop or failure), newest first.
pub fn lifecycle(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Get, format!("{}/lifecycle", instance_path(id)))
        .query("Limit", LIFECYCLE_SESSIONS.to_string())
        .query("Order", "DESC")
}

/// Lifecycle sessions asked for at once.
pub const LIFECYCLE_SESSIONS: u32 = 10;

/// `GET /api/v2/instance/{id}/metrics` (singular `instance`, as documented)
/// for `metric_type` between two times, one point per `time_step`.
pub fn metrics(
    _ctx: &EndpointCtx,
    id: &str,
    metric_type: &str,
    start: crate::model::Millis,
    end: crate::model::Millis,
    time_step: &str,
) -> RequestSpec {
    use crate::time::format_rfc3339;
    RequestSpec::new(
        Method::Get,
        format!("/api/v2/instance/{}/metrics", encode_segment(id)),
    )
    .query("MetricType", metric_type)
    .query("StartTime", format_rfc3339(start))
    .query("EndTime", format_rfc3339(end))
    .query("TimeStep", time_step)
}

/// `…/{id}/shutdowntimer`: `GET`, `DELETE`, or `POST` with `body`.
pub fn shutdown_timer(id: &str, method: Method, body: Option<Value>) -> RequestSpec {
    sub_resource(id, "shutdowntimer", method, body)
}

/// `…/{id}/idleinstanceculler`: `GET`, `DELETE`, or `POST` with `body`.
pub fn idle_culler(id: &str, method: Method, body: Option<Value>) -> RequestSpec {
    sub_resource(id, "idleinstanceculler", method, body)
}

fn sub_resource(id: &str, name: &str, method: Method, body: Option<Value>) -> RequestSpec {
    let spec = RequestSpec::new(method, format!("{}/{name}", instance_path(id)));
    match body {
        Some(body) => spec.body(body),
        None => spec,
    }
}

/// StopInstances (`PUT /api/v2/batch/instances/stop`) or DeleteInstances
/// (`PUT /api/v2/batch/instances/delete`) with body `{"InstanceIds": [...]}`;
/// `None` for other actions.
pub fn batch(_ctx: &EndpointCtx, action: Action, ids: &[String]) -> Option<RequestSpec> {
    let verb = match action {
        Action::Stop => "stop",
        Action::Delete => "delete",
        _ => return None,
    };
    Some(
        RequestSpec::new(Method::Put, format!("/api/v2/batch/instances/{verb}"))
            .body(json!({ "InstanceIds": ids })),
    )
}

/// `GET /api/v2/ecsspecs?AcceleratorType=CPU|GPU` (empty for both).
pub fn ecs_specs(accelerator_type: &str) -> RequestSpec {
    let spec = RequestSpec::new(Method::Get, ECS_SPECS_PATH);
    if accelerator_type.is_empty() {
        spec
    } else {
        spec.query("AcceleratorType", accelerator_type)
    }
}
