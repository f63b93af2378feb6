//! What a user types to create an SCNet container instance: plain strings and
//! booleans the UI binds directly, and a prefill from an existing instance
//! (for "Clone").

use super::validate;
use crate::model::Instance;
use serde::{Deserialize, Serialize};

/// The create form. Numbers stay text until validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    pub instance_service_name: String,
    /// `ssh`, `jupyter`, `codeserver` or `rstudio`.
    pub task_type: String,
    /// e.g. `gpu`, `dcu`.
    pub accelerator_type: String,
    pub cpu_number: String,
    /// Empty means 0.
    pub gpu_number: String,
    pub ram_size_mb: String,
    pub resource_group: String,
    /// Full image path, e.g. `10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0`.
    pub image_path: String,
    /// Image name and tag; empty means the last part of `image_path`.
    pub version: String,
    /// `unlimited` (blank means the same) or `HH:MM:SS`, e.g. `01:00:00`
    /// (SCNet "Open API 2.0 — container: create").
    pub timeout_limit: String,
    pub use_start_script: bool,
    pub start_script: String,
    /// e.g. `all`.
    pub start_script_action_scope: String,
    /// Empty means 1.
    pub task_number: String,
}

impl Default for CreateForm {
    fn default() -> Self {
        CreateForm {
            instance_service_name: String::new(),
            task_type: "jupyter".into(),
            accelerator_type: "gpu".into(),
            cpu_number: "1".into(),
            gpu_number: "0".into(),
            ram_size_mb: String::new(),
            resource_group: String::new(),
            image_path: String::new(),
            version: String::new(),
            timeout_limit: "unlimited".into(),
            use_start_script: false,
            start_script: String::new(),
            start_script_action_scope: "all".into(),
            task_number: "1".into(),
        }
    }
}

/// The image name and tag at the end of an image path.
pub fn version_of_image_path(image_path: &str) -> &str {
    let path = image_path.trim();
    path.rsplit('/').next().unwrap_or(path)
}

/// A create form filled from an existing instance (for "Clone"); the name
/// gets a `-copy` suffix, and a time limit SCNet answered in another form
/// (`2h`) is put as `HH:MM:SS`.
pub fn form_from_instance(instance: &Instance) -> CreateForm {
    let task = super::item::of(instance);
    let defaults = CreateForm::default();
    let base = task.instance_service_name.unwrap_or_default();
    let number = |n: Option<i64>, default: String| n.map(|n| n.to_string()).unwrap_or(default);
    CreateForm {
        instance_service_name: if base.is_empty() {
            String::new()
        } else {
            format!("{base}-copy")
        },
        task_type: task.task_type.unwrap_or(defaults.task_type),
        accelerator_type: task.accelerator_type.unwrap_or(defaults.accelerator_type),
        cpu_number: task
            .cpu_number
            .map(|c| c.to_string())
            .unwrap_or(defaults.cpu_number),
        gpu_number: number(task.gpu_number, defaults.gpu_number),
        ram_size_mb: number(task.ram_size, defaults.ram_size_mb),
        resource_group: task.resource_group.unwrap_or_default(),
        image_path: task.image_path.unwrap_or_default(),
        version: task.version.unwrap_or_default(),
        timeout_limit: task
            .timeout_limit
            .map(|t| timeout_as_typed(&t))
            .filter(|t| !t.is_empty())
            .unwrap_or(defaults.timeout_limit),
        use_start_script: task.use_start_script.unwrap_or(false),
        start_script: task.start_script_content.unwrap_or_default(),
        start_script_action_scope: task
            .start_script_action_scope
            .filter(|s| !s.is_empty())
            .unwrap_or(defaults.start_script_action_scope),
        task_number: number(task.task_number, defaults.task_number),
    }
}

/// A received `timeoutLimit` as the form takes it: `unlimited` and
/// `HH:MM:SS` as they are, another readable duration as `HH:MM:SS`, and
/// anything else unchanged (validation then names it).
fn timeout_as_typed(received: &str) -> String {
    let t = received.trim();
    if validate::timeout_limit(t).is_ok() {
        return t.to_string();
    }
    match validate::duration_secs(t) {
        Some(secs) if secs > 0 => validate::format_hh_mm_ss(secs),
        _ => t.to_string(),
    }
}
