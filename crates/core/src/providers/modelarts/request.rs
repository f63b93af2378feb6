//! ModelArts request builders (API-NOTES paths under
//! `/v1/{project_id}/demanager/instances`): list with every documented
//! filter, detail, create, update (and the console's edit of description and
//! auto-stop), delete and the lifecycle actions.

use super::form::{CreateForm, UpdateForm};
use super::{validate, wire, PAGE_SIZE};
use crate::model::{Action, Instance};
use crate::providers::{to_json, EndpointCtx};
use crate::request::{encode_segment, Method, RequestSpec};
use crate::validate::FieldError;

/// `de_type` is required and case-sensitive.
pub const DE_TYPE: &str = "Notebook";

/// Every list query parameter of seed 000 (`de_type=Notebook` is always sent).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// One status word, e.g. `RUNNING`.
    pub status: Option<String>,
    /// `name` or `creation_timestamp`.
    pub sortby: Option<String>,
    /// `asc` or `desc`.
    pub order: Option<String>,
    pub offset: Option<u32>,
    /// `0` means all.
    pub limit: Option<u32>,
    pub workspace_id: Option<String>,
    pub show_self: Option<bool>,
    pub pool_id: Option<String>,
    /// `Docker`.
    pub provision_type: Option<String>,
    pub ai_project: Option<String>,
}

/// `/v1/{project_id}/demanager/instances`.
pub fn instances_path(ctx: &EndpointCtx) -> String {
    format!(
        "/v1/{}/demanager/instances",
        encode_segment(ctx.project_id.as_deref().unwrap_or_default())
    )
}

fn instance_path(ctx: &EndpointCtx, id: &str) -> String {
    format!("{}/{}", instances_path(ctx), encode_segment(id))
}

/// `GET …/instances?de_type=Notebook&…`.
pub fn list(ctx: &EndpointCtx, query: &ListQuery) -> RequestSpec {
    let mut spec = RequestSpec::new(Method::Get, instances_path(ctx)).query("de_type", DE_TYPE);
    let pairs = [
        ("provision_type", query.provision_type.clone()),
        ("status", query.status.clone()),
        ("sortby", query.sortby.clone()),
        ("order", query.order.clone()),
        ("offset", query.offset.map(|n| n.to_string())),
        ("limit", query.limit.map(|n| n.to_string())),
        ("workspace_id", query.workspace_id.clone()),
        ("show_self", query.show_self.map(|b| b.to_string())),
        ("pool_id", query.pool_id.clone()),
        ("ai_project", query.ai_project.clone()),
    ];
    for (key, value) in pairs {
        if let Some(value) = value {
            spec = spec.query(key, value);
        }
    }
    spec
}

/// The console's list request for 0-based `page`: newest first, [`PAGE_SIZE`]
/// per page, the endpoint's workspace if it has one.
pub fn list_page(ctx: &EndpointCtx, page: u32) -> RequestSpec {
    list(
        ctx,
        &ListQuery {
            sortby: Some("creation_timestamp".into()),
            order: Some("desc".into()),
            offset: Some(page.saturating_mul(PAGE_SIZE)),
            limit: Some(PAGE_SIZE),
            workspace_id: ctx.workspace_id.clone(),
            ..ListQuery::default()
        },
    )
}

/// `GET …/instances/{id}`.
pub fn detail(ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Get, instance_path(ctx, id))
}

/// The create body for a valid form.
pub fn create_body(
    ctx: &EndpointCtx,
    form: &CreateForm,
) -> Result<wire::CreateRequest, Vec<FieldError>> {
    let errors = validate::create(form);
    if !errors.is_empty() {
        return Err(errors);
    }
    let storage_type = form.storage_type.trim().to_string();
    let location = if storage_type == "evs" {
        wire::Location {
            volume_size: Some(validate::evs_size_gb(&form.evs_size_gb).map_err(|e| vec![e])?),
            ..wire::Location::default()
        }
    } else {
        wire::Location {
            path: Some(form.obs_path.trim().to_string()),
            ..wire::Location::default()
        }
    };
    let auto_stop = if form.auto_stop_enabled {
        wire::AutoStop {
            enable: Some(true),
            duration: Some(
                validate::auto_stop_seconds(&form.auto_stop_hours).map_err(|e| vec![e])?,
            ),
            ..wire::AutoStop::default()
        }
    } else {
        wire::AutoStop {
            enable: Some(false),
            ..wire::AutoStop::default()
        }
    };
    let workspace_id = Some(form.workspace_id.trim())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .or_else(|| ctx.workspace_id.clone().filter(|w| !w.is_empty()))
        .unwrap_or_else(|| "0".into());
    let pool_id = form.pool_id.trim();
    Ok(wire::CreateRequest {
        name: form.name.clone(),
        description: Some(form.description.clone()),
        profile_id: form.profile_id.trim().to_string(),
        flavor: form.flavor.trim().to_string(),
        spec: wire::CreateSpec {
            storage: wire::Storage {
                storage_type: Some(storage_type),
                location: Some(location),
            },
            auto_stop: Some(auto_stop),
            ..wire::CreateSpec::default()
        },
        workspace: Some(wire::Workspace {
            id: Some(workspace_id),
        }),
        pool: (!pool_id.is_empty()).then(|| wire::Pool {
            id: Some(pool_id.to_string()),
            ..wire::Pool::default()
        }),
        ai_project: None,
    })
}

/// `POST …/instances` from a form, or the form's errors.
pub fn create(ctx: &EndpointCtx, form: &CreateForm) -> Result<RequestSpec, Vec<FieldError>> {
    let body = create_body(ctx, form)?;
    Ok(RequestSpec::new(Method::Post, instances_path(ctx)).body(to_json(&body)))
}

/// The update body for a valid form; `spec` only when auto-stop changes.
pub fn update_body(form: &UpdateForm) -> Result<wire::UpdateRequest, Vec<FieldError>> {
    let errors = validate::update(form);
    if !errors.is_empty() {
        return Err(errors);
    }
    let auto_stop = match form.auto_stop_enabled {
        None => None,
        Some(false) => Some(wire::AutoStop {
            enable: Some(false),
            ..wire::AutoStop::default()
        }),
        Some(true) => Some(wire::AutoStop {
            enable: Some(true),
            duration: Some(
                validate::auto_stop_seconds(&form.auto_stop_hours).map_err(|e| vec![e])?,
            ),
            ..wire::AutoStop::default()
        }),
    };
    Ok(wire::UpdateRequest {
        description: Some(form.description.clone()),
        spec: auto_stop.map(|a| wire::UpdateSpec { auto_stop: Some(a) }),
    })
}

/// `PUT …/instances/{id}` from an edit form, or the form's errors.
pub fn update(
    ctx: &EndpointCtx,
    id: &str,
    form: &UpdateForm,
) -> Result<RequestSpec, Vec<FieldError>> {
    let body = update_body(form)?;
    Ok(RequestSpec::new(Method::Put, instance_path(ctx, id)).body(to_json(&body)))
}

/// The update request for an edit (更新开发环境实例信息): `before` is the
/// instance's edit form as loaded, `after` the edited one; `Ok(None)` when
/// neither the description nor auto-stop changed. The body always carries the
/// description, and `spec.auto_stop` only when auto-stop was switched or its
/// duration changed while on.
pub fn edit(
    ctx: &EndpointCtx,
    instance: &Instance,
    before: &UpdateForm,
    after: &UpdateForm,
) -> Result<Option<RequestSpec>, Vec<FieldError>> {
    let errors = validate::update(after);
    if !errors.is_empty() {
        return Err(errors);
    }
    let auto_stop_changed = before.auto_stop_enabled != after.auto_stop_enabled
        || (after.auto_stop_enabled == Some(true)
            && before.auto_stop_hours.trim() != after.auto_stop_hours.trim());
    if !auto_stop_changed && before.description == after.description {
        return Ok(None);
    }
    let sent = UpdateForm {
        auto_stop_enabled: after.auto_stop_enabled.filter(|_| auto_stop_changed),
        ..after.clone()
    };
    update(ctx, &instance.id, &sent).map(Some)
}

/// `DELETE …/instances/{id}`.
pub fn delete(ctx: &EndpointCtx, id: &str) -> RequestSpec {
    RequestSpec::new(Method::Delete, instance_path(ctx, id))
}

/// `POST …/instances/{id}/action` with `{"action": name}` (`start`, `stop`,
/// `restart`, `queue`, `dequeue`).
pub fn action_named(ctx: &EndpointCtx, id: &str, name: &str) -> RequestSpec {
    let body = wire::ActionRequest {
        action: name.to_string(),
    };
    RequestSpec::new(Method::Post, format!("{}/action", instance_path(ctx, id)))
        .body(to_json(&body))
}

/// The request for a lifecycle action (ModelArts has every one).
pub fn action(ctx: &EndpointCtx, id: &str, action: Action) -> Option<RequestSpec> {
    Some(match action {
        Action::Delete => delete(ctx, id),
        other => action_named(ctx, id, other.as_str()),
    })
}
