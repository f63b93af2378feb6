//! What a user types to create or edit a ModelArts instance: plain strings
//! and booleans the UI binds directly, and prefills from an existing instance
//! (for "Clone" and "Edit").

use crate::model::Instance;
use serde::{Deserialize, Serialize};

/// The create form. Numbers stay text until validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    pub name: String,
    pub description: String,
    pub profile_id: String,
    pub flavor: String,
    /// `obs`, `evs` or `obsfs`.
    pub storage_type: String,
    /// OBS directory (`/bucket/dir/` or `obs://bucket/dir/`), or the OBS
    /// parallel file system bucket for `obsfs`.
    pub obs_path: String,
    /// EVS size in GB; empty means the default (5).
    pub evs_size_gb: String,
    pub auto_stop_enabled: bool,
    /// Hours, may be fractional (`1.5`); 1–24.
    pub auto_stop_hours: String,
    /// Empty means the endpoint's workspace, else `"0"`.
    pub workspace_id: String,
    /// Dedicated resource pool id; empty for none.
    pub pool_id: String,
}

impl Default for CreateForm {
    fn default() -> Self {
        CreateForm {
            name: String::new(),
            description: String::new(),
            profile_id: String::new(),
            flavor: String::new(),
            storage_type: "evs".into(),
            obs_path: String::new(),
            evs_size_gb: "5".into(),
            auto_stop_enabled: true,
            auto_stop_hours: "1".into(),
            workspace_id: "0".into(),
            pool_id: String::new(),
        }
    }
}

/// The edit form: seed 001 changes only the description and auto-stop.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateForm {
    pub description: String,
    /// `None` leaves auto-stop as it is (no `spec` is sent). The console's
    /// edit form holds the instance's setting here
    /// ([`edit_form_from_instance`]) and sends `spec` only when it changes.
    pub auto_stop_enabled: Option<bool>,
    /// Hours, used when `auto_stop_enabled` is `Some(true)`.
    pub auto_stop_hours: String,
}

/// `3600` → `"1"`, `5400` → `"1.5"`.
pub fn format_hours(seconds: i64) -> String {
    crate::num::decimal(seconds as f64 / 3600.0, 2)
}

fn item_of(instance: &Instance) -> super::item::Instance {
    super::item::of(instance)
}

/// A create form filled from an existing instance (for "Clone"): same profile,
/// flavor, storage, auto-stop and workspace; the name gets a `-copy` suffix.
pub fn form_from_instance(instance: &Instance) -> CreateForm {
    let item = item_of(instance);
    let spec = item.spec.unwrap_or_default();
    let storage = spec.storage.unwrap_or_default();
    let location = storage.location.unwrap_or_default();
    let storage_type = storage.storage_type.unwrap_or_else(|| "evs".into());
    let auto_stop = spec.auto_stop.unwrap_or_default();
    let defaults = CreateForm::default();
    let base: String = item.name.unwrap_or_default().chars().take(59).collect();
    CreateForm {
        name: if base.is_empty() {
            String::new()
        } else {
            format!("{base}-copy")
        },
        description: item.description.unwrap_or_default(),
        profile_id: item.profile.and_then(|p| p.id).unwrap_or_default(),
        flavor: item.flavor.unwrap_or_default(),
        obs_path: if storage_type == "evs" {
            String::new()
        } else {
            location.path.unwrap_or_default()
        },
        evs_size_gb: location
            .volume_size
            .map(|n| n.to_string())
            .unwrap_or(defaults.evs_size_gb),
        storage_type,
        auto_stop_enabled: auto_stop.enable.unwrap_or(false),
        auto_stop_hours: auto_stop
            .duration
            .map(format_hours)
            .unwrap_or(defaults.auto_stop_hours),
        workspace_id: item
            .workspace
            .and_then(|w| w.id)
            .unwrap_or(defaults.workspace_id),
        pool_id: item.pool.and_then(|p| p.id).unwrap_or_default(),
    }
}

/// An edit form filled from an instance: its description and auto-stop
/// duration, with auto-stop untouched until the user changes it.
pub fn update_form_from_instance(instance: &Instance) -> UpdateForm {
    let item = item_of(instance);
    let duration = item.spec.and_then(|s| s.auto_stop).and_then(|a| a.duration);
    UpdateForm {
        description: item.description.unwrap_or_default(),
        auto_stop_enabled: None,
        auto_stop_hours: duration.map(format_hours).unwrap_or_else(|| "1".into()),
    }
}

/// The console's edit form of an instance: its description, whether
/// auto-stop is on and its duration, as they are now. The edit request
/// compares it with the edited copy and sends what changed
/// ([`super::request::edit`]).
pub fn edit_form_from_instance(instance: &Instance) -> UpdateForm {
    UpdateForm {
        auto_stop_enabled: Some(instance.auto_stop.as_ref().is_some_and(|a| a.enabled)),
        ..update_form_from_instance(instance)
    }
}
