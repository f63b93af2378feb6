//! PAI-DSW create form checks with the limits API-NOTES gives: instance name,
//! ECS spec, image, visibility, priority, labels, environment variables,
//! datasets and cloud disk.

use super::form::CreateForm;
use crate::validate::{self as rules, FieldError};

pub const INSTANCE_NAME: &str = "InstanceName";
pub const ECS_SPEC: &str = "EcsSpec";
pub const IMAGE: &str = "ImageId";
pub const ACCESSIBILITY: &str = "Accessibility";
pub const PRIORITY: &str = "Priority";
pub const CLOUD_DISK_CAPACITY: &str = "CloudDisks[0].Capacity";

pub const INSTANCE_NAME_MAX: usize = 27;
pub const PRIORITY_MIN: i64 = 1;
pub const PRIORITY_MAX: i64 = 9;
pub const ACCESSIBILITIES: [&str; 2] = ["PRIVATE", "PUBLIC"];

/// Every problem in a create form (empty when it can be sent).
pub fn create(form: &CreateForm) -> Vec<FieldError> {
    let mut errors = rules::collect([
        instance_name(&form.instance_name),
        rules::required(ECS_SPEC, &form.ecs_spec),
        rules::required(IMAGE, &form.image_id_or_url),
        accessibility(&form.accessibility),
        priority(&form.priority).map(|_| ()),
        cloud_disk_gb(&form.cloud_disk_gb).map(|_| ()),
    ]);
    errors.extend(key_rows("Labels", "Key", &form.labels));
    errors.extend(key_rows("EnvironmentVariables", "Key", &form.env));
    for (i, d) in form.datasets.iter().enumerate() {
        let id_field = format!("Datasets[{i}].DatasetId");
        let path_field = format!("Datasets[{i}].MountPath");
        errors.extend(rules::required(&id_field, &d.dataset_id).err());
        errors.extend(mount_path(&path_field, &d.mount_path).err());
    }
    errors
}

/// Every problem in an edit form, in the fields UpdateInstance changes
/// (empty when it can be sent).
pub fn edit(form: &CreateForm) -> Vec<FieldError> {
    let mut errors = rules::collect([
        instance_name(&form.instance_name),
        rules::required(ECS_SPEC, &form.ecs_spec),
        rules::required(IMAGE, &form.image_id_or_url),
        accessibility(&form.accessibility),
    ]);
    errors.extend(key_rows("EnvironmentVariables", "Key", &form.env));
    for (i, d) in form.datasets.iter().enumerate() {
        let id_field = format!("Datasets[{i}].DatasetId");
        let path_field = format!("Datasets[{i}].MountPath");
        errors.extend(rules::required(&id_field, &d.dataset_id).err());
        errors.extend(dataset_uri(&id_field, &d.dataset_id).err());
        errors.extend(mount_path(&path_field, &d.mount_path).err());
    }
    errors
}

/// The storage schemes a dataset `Uri` may use (UpdateInstance `Datasets`).
pub const DATASET_URI_SCHEMES: [&str; 4] = ["oss://", "nas://", "cpfs://", "bmcpfs://"];

/// A dataset cell that holds a URI must use one of [`DATASET_URI_SCHEMES`].
pub fn dataset_uri(field: &str, value: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if !super::form::is_dataset_uri(value) {
        return Ok(());
    }
    let known = DATASET_URI_SCHEMES
        .iter()
        .any(|s| value.len() > s.len() && value[..s.len()].eq_ignore_ascii_case(s));
    if known {
        Ok(())
    } else {
        Err(FieldError::new(field, "validation.one_of")
            .with("options", DATASET_URI_SCHEMES.join(", ")))
    }
}

/// Required, at most 27 of letters, digits and `_`.
pub fn instance_name(value: &str) -> Result<(), FieldError> {
    rules::required(INSTANCE_NAME, value)?;
    rules::max_chars(INSTANCE_NAME, value, INSTANCE_NAME_MAX)?;
    rules::allowed_chars(
        INSTANCE_NAME,
        value,
        |c| c.is_ascii_alphanumeric() || c == '_',
        "A-Z a-z 0-9 _",
    )
}

/// Empty, `PRIVATE` or `PUBLIC`.
pub fn accessibility(value: &str) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    rules::one_of(ACCESSIBILITY, value, &ACCESSIBILITIES)
}

/// Empty (service default) or a whole number 1–9.
pub fn priority(value: &str) -> Result<Option<i64>, FieldError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let n = rules::integer(PRIORITY, value)?;
    rules::range(PRIORITY, n, PRIORITY_MIN, Some(PRIORITY_MAX), "")?;
    Ok(Some(n))
}

/// Empty (no disk) or a whole number of GB, at least 1.
pub fn cloud_disk_gb(value: &str) -> Result<Option<i64>, FieldError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    let n = rules::integer(CLOUD_DISK_CAPACITY, value)?;
    rules::range(CLOUD_DISK_CAPACITY, n, 1, None, "GB")?;
    Ok(Some(n))
}

/// A mount path: required, absolute.
fn mount_path(field: &str, value: &str) -> Result<(), FieldError> {
    rules::required(field, value)?;
    if !value.trim().starts_with('/') {
        return Err(FieldError::new(field, "validation.pattern").with("pattern", "/…"));
    }
    Ok(())
}

/// Key/value rows: every key non-empty and unique (`{list}[i].Key`).
fn key_rows(list: &str, key: &str, rows: &[(String, String)]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, (k, _)) in rows.iter().enumerate() {
        let field = format!("{list}[{i}].{key}");
        if k.trim().is_empty() {
            errors.push(FieldError::new(&field, "validation.required"));
        } else if rows[..i]
            .iter()
            .any(|(earlier, _)| earlier.trim() == k.trim())
        {
            errors.push(FieldError::new(&field, "validation.duplicate"));
        }
    }
    errors
}
