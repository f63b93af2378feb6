//! SCNet create form checks, from SCNet "Open API 2.0 — container: create".
//! The name is only required: the page gives no length or character rule,
//! so a name the service refuses comes back as its own error (code `10004`),
//! which [`super::error::field_of`] puts on this field. Task type from the
//! documented list; counts are whole numbers (CPU ≥ 1, GPU ≥ 0, memory ≥ 1 MB,
//! tasks ≥ 1); resource group and image are required; the timeout is typed
//! in the documented form, `HH:MM:SS` (e.g. `01:00:00`) or `unlimited`
//! (blank means `unlimited`), and sent as [`timeout_limit_text`] makes it.

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
/// Image name and tag (the form fills it from the image path when blank).
pub const VERSION: &str = "version";
pub const USE_START_SCRIPT: &str = "useStartScript";

/// Every create-body field the form has, by its key (the body's field name).
pub const FIELDS: [&str; 14] = [
    INSTANCE_SERVICE_NAME,
    TASK_TYPE,
    ACCELERATOR_TYPE,
    CPU_NUMBER,
    GPU_NUMBER,
    RAM_SIZE,
    RESOURCE_GROUP,
    IMAGE_PATH,
    VERSION,
    TIMEOUT_LIMIT,
    USE_START_SCRIPT,
    START_SCRIPT,
    START_SCRIPT_ACTION_SCOPE,
    TASK_NUMBER,
];

pub const TASK_TYPES: [&str; 4] = ["ssh", "jupyter", "codeserver", "rstudio"];
/// The timeout word for "no limit".
pub const UNLIMITED: &str = "unlimited";
/// The documented forms of `timeoutLimit`, shown with a refused value.
pub const TIMEOUT_PATTERN: &str = "HH:MM:SS | unlimited";
/// The shortest time limit, shown when `00:00:00` is typed.
pub const TIMEOUT_MIN: &str = "00:00:01";

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

/// Required; no other rule is documented.
pub fn instance_service_name(value: &str) -> Result<(), FieldError> {
    rules::required(INSTANCE_SERVICE_NAME, value)
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

/// A time limit as typed: blank or `unlimited` (any case) → `None`;
/// `HH:MM:SS` → its seconds (hours may have one digit or more than two,
/// minutes and seconds are two digits below 60; at least one second).
/// Anything else (`2h`, `30m`, `12`, `01:00`) is `validation.pattern`.
pub fn timeout_limit(value: &str) -> Result<Option<u64>, FieldError> {
    let t = value.trim();
    if t.is_empty() || t.eq_ignore_ascii_case(UNLIMITED) {
        return Ok(None);
    }
    match hh_mm_ss(t) {
        Some(0) => Err(FieldError::new(TIMEOUT_LIMIT, "validation.range")
            .with("min", TIMEOUT_MIN)
            .with("max", "")
            .with("unit", "")),
        Some(secs) => Ok(Some(secs)),
        None => {
            Err(FieldError::new(TIMEOUT_LIMIT, "validation.pattern")
                .with("pattern", TIMEOUT_PATTERN))
        }
    }
}

/// The `timeoutLimit` a valid typed value is sent as: `unlimited`, or
/// `HH:MM:SS` with at least two hour digits (`1:30:00` → `01:30:00`).
pub fn timeout_limit_text(value: &str) -> Result<String, FieldError> {
    Ok(match timeout_limit(value)? {
        None => UNLIMITED.to_string(),
        Some(secs) => format_hh_mm_ss(secs),
    })
}

/// `HH:MM:SS` for a number of seconds (hours not capped at 99).
pub fn format_hh_mm_ss(secs: u64) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Seconds in `H…H:MM:SS`, the documented form only.
fn hh_mm_ss(text: &str) -> Option<u64> {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = text.split(':').collect();
    let [h, m, s] = parts[..] else {
        return None;
    };
    if !digits(h) || m.len() != 2 || s.len() != 2 || !digits(m) || !digits(s) {
        return None;
    }
    let (h, m, s): (u64, u64, u64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
    (m < 60 && s < 60)
        .then(|| h.checked_mul(3600)?.checked_add(m * 60 + s))
        .flatten()
}

/// Seconds in a duration SCNet answers with (`timeoutLimit`,
/// `remainingTime`): `HH:MM[:SS]`, and leniently `12` (hours), `30s`, `30m`,
/// `2h`, `1d`. For reading answers only; a typed limit goes through
/// [`timeout_limit`].
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
