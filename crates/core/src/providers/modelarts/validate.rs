//! ModelArts create and update form checks with the provider's own limits
//! (seed 004, seed 001, API-NOTES): name, description, profile, flavor,
//! storage (OBS path rules, EVS size), auto-stop duration.

use super::form::{CreateForm, UpdateForm};
use crate::validate::{self as rules, FieldError};

pub const NAME: &str = "name";
pub const DESCRIPTION: &str = "description";
pub const PROFILE_ID: &str = "profile_id";
pub const FLAVOR: &str = "flavor";
pub const STORAGE_TYPE: &str = "spec.storage.type";
pub const STORAGE_PATH: &str = "spec.storage.location.path";
pub const VOLUME_SIZE: &str = "spec.storage.location.volume_size";
pub const AUTO_STOP_DURATION: &str = "spec.auto_stop.duration";

pub const NAME_MAX: usize = 64;
pub const DESCRIPTION_MAX: usize = 512;
/// Characters a description must not contain.
pub const DESCRIPTION_FORBIDDEN: &str = "&<>\"'/";
pub const STORAGE_TYPES: [&str; 3] = ["obs", "evs", "obsfs"];
pub const EVS_MIN_GB: i64 = 5;
pub const EVS_MAX_GB: i64 = 4096;
pub const EVS_DEFAULT_GB: i64 = 5;
pub const AUTO_STOP_MIN_SECS: i64 = 3600;
pub const AUTO_STOP_MAX_SECS: i64 = 86400;

/// Every problem in a create form (empty when it can be sent).
pub fn create(form: &CreateForm) -> Vec<FieldError> {
    let mut errors = rules::collect([
        name(&form.name),
        description(&form.description),
        rules::required(PROFILE_ID, &form.profile_id),
        rules::required(FLAVOR, &form.flavor),
        storage(form),
    ]);
    if form.auto_stop_enabled {
        errors.extend(auto_stop_seconds(&form.auto_stop_hours).err());
    }
    errors
}

/// Every problem in an edit form.
pub fn update(form: &UpdateForm) -> Vec<FieldError> {
    let mut errors = rules::collect([description(&form.description)]);
    if form.auto_stop_enabled == Some(true) {
        errors.extend(auto_stop_seconds(&form.auto_stop_hours).err());
    }
    errors
}

/// Required, at most 64 of letters, digits, `-`, `_`.
pub fn name(value: &str) -> Result<(), FieldError> {
    rules::required(NAME, value)?;
    rules::max_chars(NAME, value, NAME_MAX)?;
    rules::allowed_chars(
        NAME,
        value,
        |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
        "A-Z a-z 0-9 - _",
    )
}

/// At most 512 characters, none of `& < > " ' /`.
pub fn description(value: &str) -> Result<(), FieldError> {
    rules::max_chars(DESCRIPTION, value, DESCRIPTION_MAX)?;
    rules::forbidden_chars(DESCRIPTION, value, DESCRIPTION_FORBIDDEN)
}

fn storage(form: &CreateForm) -> Result<(), FieldError> {
    let kind = form.storage_type.trim();
    rules::required(STORAGE_TYPE, kind)?;
    rules::one_of(STORAGE_TYPE, kind, &STORAGE_TYPES)?;
    match kind {
        "obs" => obs_path(&form.obs_path),
        "obsfs" => rules::required(STORAGE_PATH, &form.obs_path),
        _ => evs_size_gb(&form.evs_size_gb).map(|_| ()),
    }
}

/// An OBS directory: required, ends with `/`, not a bucket root
/// (`/bucket/` is a root, `/bucket/dir/` and `obs://bucket/dir/` are fine).
pub fn obs_path(value: &str) -> Result<(), FieldError> {
    let path = value.trim();
    rules::required(STORAGE_PATH, path)?;
    if !path.ends_with('/') {
        return Err(FieldError::new(
            STORAGE_PATH,
            "validation.obs_trailing_slash",
        ));
    }
    if obs_path_segments(path).len() < 2 {
        return Err(FieldError::new(STORAGE_PATH, "validation.obs_bucket_root"));
    }
    Ok(())
}

/// The bucket and directories of an OBS path, scheme and empty parts removed.
pub fn obs_path_segments(path: &str) -> Vec<&str> {
    let path = path.trim();
    let rest = match path.get(..6) {
        Some(scheme) if scheme.eq_ignore_ascii_case("obs://") => &path[6..],
        _ => path,
    };
    rest.split('/').filter(|s| !s.is_empty()).collect()
}

/// EVS size in GB, 5–4096; empty means 5.
pub fn evs_size_gb(value: &str) -> Result<i64, FieldError> {
    if value.trim().is_empty() {
        return Ok(EVS_DEFAULT_GB);
    }
    let size = rules::integer(VOLUME_SIZE, value)?;
    rules::range(VOLUME_SIZE, size, EVS_MIN_GB, Some(EVS_MAX_GB), "GB")?;
    Ok(size)
}

/// Auto-stop hours (may be fractional) → seconds, 3600–86400 (1–24 h).
pub fn auto_stop_seconds(hours: &str) -> Result<i64, FieldError> {
    rules::required(AUTO_STOP_DURATION, hours)?;
    let h = rules::number(AUTO_STOP_DURATION, hours)?;
    let seconds = (h * 3600.0).round();
    let out_of_range = || {
        FieldError::new(AUTO_STOP_DURATION, "validation.range")
            .with("min", AUTO_STOP_MIN_SECS / 3600)
            .with("max", AUTO_STOP_MAX_SECS / 3600)
            .with("unit", "h")
    };
    if !(AUTO_STOP_MIN_SECS as f64..=AUTO_STOP_MAX_SECS as f64).contains(&seconds) {
        return Err(out_of_range());
    }
    Ok(seconds as i64)
}
