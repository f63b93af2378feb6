//! SCNet create form checks. The seed gives no limits for the name; the
//! console's rule is at most 64 of letters, digits, `_` and `-`. Task type
//! from the seed's list; counts are whole numbers (CPU ≥ 1, GPU ≥ 0, memory
//! ≥ 1 MB, tasks ≥ 1); resource group and image are required; the timeout is
//! `unlimited` or a positive duration.

use super::form::CreateForm;
use crate::validate::{self as rules, FieldError};

pub const INSTANCE_SERVICE_NAME: &str = "instanceServiceName";
pub const TASK_TYPE: &str = "taskType";
pub const ACCELERATOR_TYPE: &str = "acceleratorType";
pub const CPU_NUMBER: &str = "cpuNumber";
pub const GPU_NUMBER: &str = "gpuNumber";
pub const RAM_SIZE: &str = "ramSize";
pub const RESOURCE_GROUP: &str = "resourceGroup";
pub const IMAGE_PATH: &str = "imagePath";
pub const TIMEOUT_LIMIT: &str = "timeoutLimit";
pub const START_SCRIPT: &str = "startScriptContent";
pub const START_SCRIPT_ACTION_SCOPE: &str = "startScriptActionScope";
pub const TASK_NUMBER: &str = "taskNumber";

pub const NAME_MAX: usize = 64;
pub const TASK_TYPES: [&str; 4] = ["ssh", "jupyter", "codeserver", "rstudio"];
/// The timeout word for "no limit".
pub const UNLIMITED: &str = "unlimited";

/// Every problem in a create form (empty when it can be sent).
pub fn create(form: &CreateForm) -> Vec<FieldError> {
    let mut errors = rules::collect([
        instance_service_name(&form.instance_service_name),
        rules::required(TASK_TYPE, &form.task_type)
            .and_then(|_| rules::one_of(TASK_TYPE, form.task_type.trim(), &TASK_TYPES)),
        rules::required(ACCELERATOR_TYPE, &form.accelerator_type),
        count(CPU_NUMBER, &form.cpu_number, None, 1).map(|_| ()),
        count(GPU_NUMBER, &form.gpu_number, Some(0), 0).map(|_| ()),
        count(RAM_SIZE, &form.ram_size_mb, None, 1).map(|_| ()),
        rules::required(RESOURCE_GROUP, &form.resource_group),
        rules::required(IMAGE_PATH, &form.image_path),
        timeout_limit(&form.timeout_limit).map(|_| ()),
        count(TASK_NUMBER, &form.task_number, Some(1), 1).map(|_| ()),
    ]);
    if form.use_start_script {
        errors.extend(rules::required(START_SCRIPT, &form.start_script).err());
        errors.extend(
            rules::required(START_SCRIPT_ACTION_SCOPE, &form.start_script_action_scope).err(),
        );
    }
    errors
}

/// Required, at most 64 of letters, digits, `_`, `-`.
pub fn instance_service_name(value: &str) -> Result<(), FieldError> {
    rules::required(INSTANCE_SERVICE_NAME, value)?;
    rules::max_chars(INSTANCE_SERVICE_NAME, value, NAME_MAX)?;
    rules::allowed_chars(
        INSTANCE_SERVICE_NAME,
        value,
        |c| c.is_ascii_alphanumeric() || c == '_' || c == '-',
        "A-Z a-z 0-9 _ -",
    )
}

/// A whole number ≥ `min`; empty is `default` when there is one, else required.
/// Negative numbers get `validation.not_negative`.
pub fn count(field: &str, value: &str, default: Option<i64>, min: i64) -> Result<i64, FieldError> {
    if value.trim().is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(FieldError::new(field, "validation.required")),
        };
    }
    let n = rules::integer(field, value)?;
    rules::not_negative(field, n as f64)?;
    rules::range(field, n, min, None, "")?;
    Ok(n)
}

/// `unlimited` (also when empty) → `None`; a positive duration → its seconds.
pub fn timeout_limit(value: &str) -> Result<Option<u64>, FieldError> {
    let t = value.trim();
    if t.is_empty() || t.eq_ignore_ascii_case(UNLIMITED) {
        return Ok(None);
    }
    match duration_secs(t) {
        Some(secs) if secs > 0 => Ok(Some(secs)),
        _ => Err(FieldError::new(TIMEOUT_LIMIT, "validation.pattern")
            .with("pattern", "unlimited | 12 | 30m | 2h | 1d | HH:MM:SS")),
    }
}

/// Seconds in `12` (hours), `30s`, `30m`, `2h`, `1d` or `HH:MM[:SS]`.
pub fn duration_secs(text: &str) -> Option<u64> {
    let t = text.trim();
    if t.contains(':') {
        let parts: Vec<u64> = t
            .split(':')
            .map(|p| {
                (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse::<u64>().ok())
                    .flatten()
            })
            .collect::<Option<_>>()?;
        return match parts[..] {
            [h, m] if m < 60 => h.checked_mul(3600)?.checked_add(m * 60),
            [h, m, s] if m < 60 && s < 60 => h.checked_mul(3600)?.checked_add(m * 60 + s),
            _ => None,
        };
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let per_unit = match unit.trim().to_ascii_lowercase().as_str() {
        "s" => 1,
        "m" | "min" => 60,
        "" | "h" => 3600,
        "d" => 86400,
        _ => return None,
    };
    n.checked_mul(per_unit)
}
