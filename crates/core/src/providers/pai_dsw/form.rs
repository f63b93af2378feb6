//! What a user types to create or edit a PAI-DSW instance: plain strings,
//! booleans and two-column rows (labels, environment variables, datasets)
//! the UI binds directly, and prefills from an existing instance (for
//! "Clone" and "Edit").

use crate::model::Instance;
use serde::{Deserialize, Serialize};

/// One dataset to mount. In the form's JSON it is a row of two texts,
/// `[dataset, mount path]`, like the key/value rows, so one two-column
/// control edits all three lists; an object
/// `{"dataset_id": …, "mount_path": …}` (a draft kept by an earlier console)
/// is read too.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "DatasetRow", into = "(String, String)")]
pub struct DatasetMount {
    /// A dataset id, or (edit) a storage URI such as `oss://bucket/dir/`.
    pub dataset_id: String,
    /// Path inside the container, e.g. `/mnt/data`.
    pub mount_path: String,
}

/// A dataset row as the form's JSON may hold it.
#[derive(Deserialize)]
#[serde(untagged)]
enum DatasetRow {
    Row(String, String),
    Fields {
        #[serde(default)]
        dataset_id: String,
        #[serde(default)]
        mount_path: String,
    },
}

impl From<DatasetRow> for DatasetMount {
    fn from(row: DatasetRow) -> Self {
        match row {
            DatasetRow::Row(dataset_id, mount_path)
            | DatasetRow::Fields {
                dataset_id,
                mount_path,
            } => DatasetMount {
                dataset_id,
                mount_path,
            },
        }
    }
}

impl From<DatasetMount> for (String, String) {
    fn from(mount: DatasetMount) -> Self {
        (mount.dataset_id, mount.mount_path)
    }
}

/// The create form. Numbers stay text until validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    pub instance_name: String,
    /// Empty means the endpoint's workspace.
    pub workspace_id: String,
    /// e.g. `ecs.c6.large`.
    pub ecs_spec: String,
    /// An image id (`image-…`) or an image URL (`registry…/repo:tag`).
    pub image_id_or_url: String,
    /// `PRIVATE` or `PUBLIC`; empty leaves the service default.
    pub accessibility: String,
    pub labels: Vec<(String, String)>,
    pub env: Vec<(String, String)>,
    pub datasets: Vec<DatasetMount>,
    /// System (rootfs) cloud disk in GB; empty for none.
    pub cloud_disk_gb: String,
    /// 1–9; empty leaves the service default.
    pub priority: String,
}

impl Default for CreateForm {
    fn default() -> Self {
        CreateForm {
            instance_name: String::new(),
            workspace_id: String::new(),
            ecs_spec: String::new(),
            image_id_or_url: String::new(),
            accessibility: "PRIVATE".into(),
            labels: Vec::new(),
            env: Vec::new(),
            datasets: Vec::new(),
            cloud_disk_gb: String::new(),
            priority: String::new(),
        }
    }
}

/// Whether the image field holds a URL (it has `/` or `:`) rather than an id.
pub fn is_image_url(value: &str) -> bool {
    value.contains('/') || value.contains(':')
}

/// A create form filled from an existing instance (for "Clone"); the name
/// gets a `_copy` suffix within the 27-character limit.
pub fn form_from_instance(instance: &Instance) -> CreateForm {
    let item = super::item::of(instance);
    let base: String = item
        .instance_name
        .unwrap_or_default()
        .chars()
        .take(22)
        .collect();
    let image = item
        .image_url
        .filter(|s| !s.is_empty())
        .or(item.image_id)
        .unwrap_or_default();
    let rootfs_gb = item
        .cloud_disks
        .iter()
        .flatten()
        .find(|d| d.sub_type.as_deref() == Some("rootfs"))
        .and_then(|d| d.capacity.as_deref())
        .and_then(|c| crate::providers::lenient::memory_mib(c, 1024.0))
        .map(|mib| (mib / 1024).to_string())
        .unwrap_or_default();
    CreateForm {
        instance_name: if base.is_empty() {
            String::new()
        } else {
            format!("{base}_copy")
        },
        workspace_id: item.workspace_id.unwrap_or_default(),
        ecs_spec: item.ecs_spec.unwrap_or_default(),
        image_id_or_url: image,
        accessibility: item.accessibility.unwrap_or_else(|| "PRIVATE".into()),
        labels: item
            .labels
            .unwrap_or_default()
            .into_iter()
            .map(|l| (l.key.unwrap_or_default(), l.value.unwrap_or_default()))
            .collect(),
        env: item
            .environment_variables
            .unwrap_or_default()
            .into_iter()
            .collect(),
        datasets: item
            .datasets
            .unwrap_or_default()
            .into_iter()
            .map(|d| DatasetMount {
                dataset_id: d.dataset_id.unwrap_or_default(),
                mount_path: d.mount_path.unwrap_or_default(),
            })
            .collect(),
        cloud_disk_gb: rootfs_gb,
        priority: item.priority.map(|p| p.to_string()).unwrap_or_default(),
    }
}

/// The edit form of an existing instance: the create form's shape, filled
/// with what the instance has now (name unchanged). Only the fields
/// UpdateInstance changes are edited: name, machine type, image,
/// visibility, datasets and environment variables. A dataset mounted by
/// `Uri` shows its URI in the dataset column.
pub fn edit_form_from_instance(instance: &Instance) -> CreateForm {
    let item = super::item::of(instance);
    let mut form = form_from_instance(instance);
    form.instance_name = item.instance_name.unwrap_or_default();
    form.datasets = item
        .datasets
        .unwrap_or_default()
        .into_iter()
        .map(|d| DatasetMount {
            dataset_id: d
                .dataset_id
                .filter(|s| !s.is_empty())
                .or(d.uri)
                .unwrap_or_default(),
            mount_path: d.mount_path.unwrap_or_default(),
        })
        .collect();
    form
}

/// Whether a dataset cell holds a storage URI (`oss://…`, `nas://…`) rather
/// than a dataset id.
pub fn is_dataset_uri(value: &str) -> bool {
    value.contains("://")
}
