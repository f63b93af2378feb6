//! SCNet request builders (API-NOTES paths under
//! `/ai/openapi/v2/instance-service`): list with the seed's filters as query
//! parameters, detail, create, start (restart), stop and delete.

use super::form::{version_of_image_path, CreateForm};
use super::{validate, wire, PAGE_SIZE};
use crate::model::Action;
use crate::providers::{to_json, EndpointCtx};
use crate::request::{encode_segment, Method, RequestSpec};
use crate::validate::FieldError;

pub const TASK_PATH: &str = "/ai/openapi/v2/instance-service/task";

/// The list filters of seed 003, sent as query parameters (a browser cannot
/// send a body on GET; a gateway may turn them into the body).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// Instance names; the documented filter is an array, so each name goes
    /// as its own repeated `instanceServiceName` parameter (blank ones are
    /// left out).
    pub instance_service_name: Vec<String>,
    /// `Running`, `Deploying`, `Waiting`, `Terminated`, `Failed`, `Completed`.
    pub status: Option<String>,
    /// `ssh`, `jupyter`, `codeserver`, `rstudio`.
    pub task_type: Option<String>,
    /// Offset, from 0.
    pub start: Option<u32>,
    pub limit: Option<u32>,
    /// `desc` or `asc`.
    pub sort: Option<String>,
}

/// `GET …/instance-service/task?…`, e.g.
/// `?instanceServiceName=a&instanceServiceName=b&start=0&limit=20&sort=desc`.
pub fn list(_ctx: &EndpointCtx, query: &ListQuery) -> RequestSpec {
    let q = query.clone();
    let names = q
        .instance_service_name
        .into_iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| ("instanceServiceName", n));
    let pairs = [
        ("status", q.status),
        ("taskType", q.task_type),
        ("start", q.start.map(|n| n.to_string())),
        ("limit", q.limit.map(|n| n.to_string())),
        ("sort", q.sort),
    ];
    names
        .chain(pairs.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))))
        .fold(RequestSpec::new(Method::Get, TASK_PATH), |spec, (k, v)| {
            spec.query(k, v)
        })
}

/// The console's list request for 0-based `page`: `start = page × PAGE_SIZE`,
/// `limit = PAGE_SIZE`, newest first.
pub fn list_page(ctx: &EndpointCtx, page: u32) -> RequestSpec {
    list(
        ctx,
        &ListQuery {
            start: Some(page.saturating_mul(PAGE_SIZE)),
            limit: Some(PAGE_SIZE),
            sort: Some("desc".into()),
            ..ListQuery::default()
        },
    )
}

/// `GET …/instance-service/{id}/detail`.
pub fn detail(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(
        Method::Get,
        format!(
            "/ai/openapi/v2/instance-service/{}/detail",
            encode_segment(id)
        ),
    )
}

/// The create body for a valid form.
pub fn create_body(form: &CreateForm) -> Result<wire::CreateRequest, Vec<FieldError>> {
    let errors = validate::create(form);
    if !errors.is_empty() {
        return Err(errors);
    }
    let one = |e: FieldError| vec![e];
    let image_path = form.image_path.trim().to_string();
    let version = match form.version.trim() {
        "" => version_of_image_path(&image_path).to_string(),
        v => v.to_string(),
    };
    Ok(wire::CreateRequest {
        accelerator_type: form.accelerator_type.trim().to_string(),
        cpu_number: validate::count(validate::CPU_NUMBER, &form.cpu_number, None, 1)
            .map_err(one)?,
        gpu_number: validate::count(validate::GPU_NUMBER, &form.gpu_number, Some(0), 0)
            .map_err(one)?,
        ram_size: validate::count(validate::RAM_SIZE, &form.ram_size_mb, None, 1).map_err(one)?,
        image_path,
        version,
        instance_service_name: form.instance_service_name.clone(),
        resource_group: form.resource_group.trim().to_string(),
        task_number: validate::count(validate::TASK_NUMBER, &form.task_number, Some(1), 1)
            .map_err(one)?,
        task_type: form.task_type.trim().to_string(),
        timeout_limit: validate::timeout_limit_text(&form.timeout_limit).map_err(one)?,
        use_start_script: form.use_start_script,
        start_script_action_scope: Some(form.start_script_action_scope.trim().to_string())
            .filter(|s| !s.is_empty()),
        start_script_content: form.use_start_script.then(|| form.start_script.clone()),
    })
}

/// `POST …/instance-service/task` from a form, or the form's errors.
pub fn create(_ctx: &EndpointCtx, form: &CreateForm) -> Result<RequestSpec, Vec<FieldError>> {
    let body = create_body(form)?;
    Ok(RequestSpec::new(Method::Post, TASK_PATH).body(to_json(&body)))
}

/// `POST …/task/actions/restart?instanceServiceId=ID` (starts a stopped instance).
pub fn start(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Post, format!("{TASK_PATH}/actions/restart"))
        .query("instanceServiceId", id)
}

/// `POST …/task/actions/stop?ids=ID`.
pub fn stop(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Post, format!("{TASK_PATH}/actions/stop")).query("ids", id)
}

/// `DELETE …/task?ids=ID`.
pub fn delete(_ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Delete, TASK_PATH).query("ids", id)
}

/// The request for a lifecycle action; SCNet has no restart of a running instance.
pub fn action(ctx: &EndpointCtx, id: &str, action: Action) -> Option<RequestSpec> {
    match action {
        Action::Start => Some(start(ctx, id)),
        Action::Stop => Some(stop(ctx, id)),
        Action::Delete => Some(delete(ctx, id)),
        Action::Restart | Action::Dequeue => None,
    }
}
