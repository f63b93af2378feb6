//! The create and edit forms as data: for each provider, its fields in
//! order, with the form key they bind (a key of core's JSON form), the
//! request path core's validation names, the control, the label and when the
//! field shows. The create page renders every provider's create and edit
//! form from these tables; list fields are rows of two texts in core's form,
//! read and written here. Pure, tested natively.

use crate::i18n::Key;
use devenv_core::{FieldError, ProviderKind};
use serde_json::Value;

/// Where a picker's choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalog {
    Profiles,
    Flavors,
    Images,
    ResourceGroups,
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Text,
    Number,
    TextArea,
    Checkbox,
    /// A fixed list: (value, label; the value itself where no label).
    Choice(&'static [(&'static str, Option<Key>)]),
    /// A list from the endpoint's config catalog; free text when it is empty.
    Catalog(Catalog),
    /// Free text with the catalog as suggestions.
    Suggest(Catalog),
    /// Rows of two texts (key–value pairs, dataset mounts).
    Rows(RowColumns),
    /// Machine types from the provider's listing (PAI-DSW ListEcsSpecs), in
    /// CPU and GPU tabs.
    MachineType,
}

/// The two columns of a [`Control::Rows`] field: their labels and what a new
/// row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowColumns {
    pub labels: [Key; 2],
    pub new_row: [&'static str; 2],
}

/// Key–value rows (labels, environment variables).
const KEY_VALUE: RowColumns = RowColumns {
    labels: [Key::KeyLabel, Key::ValueLabel],
    new_row: ["", ""],
};

/// Dataset rows: a dataset id (or storage URI) and where it is mounted.
const DATASET_MOUNTS: RowColumns = RowColumns {
    labels: [Key::FDatasetId, Key::FMountPath],
    new_row: ["", "/mnt/data"],
};

/// When a field shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Always,
    /// While another key holds one of these values.
    When(&'static str, &'static [&'static str]),
    /// While another (checkbox) key is true.
    WhenOn(&'static str),
}

/// One field of a create form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Key in core's JSON form.
    pub key: &'static str,
    /// The request path core's validation and the provider's errors name.
    pub path: &'static str,
    pub label: Key,
    pub hint: Option<Key>,
    /// A note shown under the field while the instance being edited runs.
    pub running_hint: Option<Key>,
    pub control: Control,
    pub required: bool,
    pub advanced: bool,
    pub shown: Shown,
}

const fn field(key: &'static str, path: &'static str, label: Key, control: Control) -> FieldSpec {
    FieldSpec {
        key,
        path,
        label,
        hint: None,
        running_hint: None,
        control,
        required: false,
        advanced: false,
        shown: Shown::Always,
    }
}

const fn required(mut f: FieldSpec) -> FieldSpec {
    f.required = true;
    f
}

const fn advanced(mut f: FieldSpec) -> FieldSpec {
    f.advanced = true;
    f
}

const fn hint(mut f: FieldSpec, key: Key) -> FieldSpec {
    f.hint = Some(key);
    f
}

const fn running_hint(mut f: FieldSpec, key: Key) -> FieldSpec {
    f.running_hint = Some(key);
    f
}

const fn shown(mut f: FieldSpec, when: Shown) -> FieldSpec {
    f.shown = when;
    f
}

const STORAGE_TYPES: &[(&str, Option<Key>)] = &[
    ("evs", Some(Key::FStorageEvs)),
    ("obs", Some(Key::FStorageObs)),
    ("obsfs", Some(Key::FStorageObsfs)),
];
const ACCESSIBILITY: &[(&str, Option<Key>)] = &[
    ("PRIVATE", Some(Key::FPrivate)),
    ("PUBLIC", Some(Key::FPublic)),
];
const TASK_TYPES: &[(&str, Option<Key>)] = &[
    ("jupyter", None),
    ("ssh", None),
    ("codeserver", None),
    ("rstudio", None),
];
/// "container: create" `acceleratorType`.
const ACCELERATORS: &[(&str, Option<Key>)] =
    &[("gpu", None), ("dcu", None), ("mlu", None), ("cpu", None)];

const MODELARTS: &[FieldSpec] = &[
    required(hint(
        field("name", "name", Key::FName, Control::Text),
        Key::FNameHintModelArts,
    )),
    hint(
        field(
            "description",
            "description",
            Key::FDescription,
            Control::TextArea,
        ),
        Key::FDescriptionHint,
    ),
    required(field(
        "profile_id",
        "profile_id",
        Key::FProfile,
        Control::Catalog(Catalog::Profiles),
    )),
    required(field(
        "flavor",
        "flavor",
        Key::FFlavor,
        Control::Catalog(Catalog::Flavors),
    )),
    required(field(
        "storage_type",
        "spec.storage.type",
        Key::FStorageType,
        Control::Choice(STORAGE_TYPES),
    )),
    required(shown(
        hint(
            field(
                "obs_path",
                "spec.storage.location.path",
                Key::FObsPath,
                Control::Text,
            ),
            Key::FObsPathHint,
        ),
        Shown::When("storage_type", &["obs", "obsfs"]),
    )),
    shown(
        field(
            "evs_size_gb",
            "spec.storage.location.volume_size",
            Key::FEvsSize,
            Control::Number,
        ),
        Shown::When("storage_type", &["evs"]),
    ),
    field(
        "auto_stop_enabled",
        "spec.auto_stop.enable",
        Key::FAutoStop,
        Control::Checkbox,
    ),
    required(shown(
        field(
            "auto_stop_hours",
            "spec.auto_stop.duration",
            Key::FAutoStopHours,
            Control::Number,
        ),
        Shown::WhenOn("auto_stop_enabled"),
    )),
    advanced(field(
        "workspace_id",
        "workspace.id",
        Key::FWorkspace,
        Control::Text,
    )),
    advanced(field("pool_id", "pool.id", Key::FPool, Control::Text)),
];

const PAI_DSW: &[FieldSpec] = &[
    required(hint(
        field("instance_name", "InstanceName", Key::FName, Control::Text),
        Key::FNameHintDsw,
    )),
    field(
        "workspace_id",
        "WorkspaceId",
        Key::FWorkspace,
        Control::Text,
    ),
    required(field(
        "ecs_spec",
        "EcsSpec",
        Key::FEcsSpec,
        Control::MachineType,
    )),
    required(hint(
        field(
            "image_id_or_url",
            "ImageId",
            Key::FImage,
            Control::Suggest(Catalog::Images),
        ),
        Key::FImageHint,
    )),
    field(
        "accessibility",
        "Accessibility",
        Key::FAccessibility,
        Control::Choice(ACCESSIBILITY),
    ),
    advanced(field(
        "labels",
        "Labels",
        Key::FLabels,
        Control::Rows(KEY_VALUE),
    )),
    advanced(field(
        "env",
        "EnvironmentVariables",
        Key::FEnv,
        Control::Rows(KEY_VALUE),
    )),
    advanced(field(
        "datasets",
        "Datasets",
        Key::FDatasets,
        Control::Rows(DATASET_MOUNTS),
    )),
    advanced(field(
        "cloud_disk_gb",
        "CloudDisks[0].Capacity",
        Key::FCloudDisk,
        Control::Number,
    )),
    advanced(field(
        "priority",
        "Priority",
        Key::FPriority,
        Control::Number,
    )),
];

const SCNET: &[FieldSpec] = &[
    required(hint(
        field(
            "instance_service_name",
            "instanceServiceName",
            Key::FServiceName,
            Control::Text,
        ),
        Key::FNameHintScnet,
    )),
    required(field(
        "task_type",
        "taskType",
        Key::FTaskType,
        Control::Choice(TASK_TYPES),
    )),
    required(field(
        "accelerator_type",
        "acceleratorType",
        Key::FAccelerator,
        Control::Choice(ACCELERATORS),
    )),
    required(field("cpu_number", "cpuNumber", Key::FCpu, Control::Number)),
    field("gpu_number", "gpuNumber", Key::FGpu, Control::Number),
    required(field("ram_size_mb", "ramSize", Key::FRam, Control::Number)),
    required(field(
        "resource_group",
        "resourceGroup",
        Key::FResourceGroup,
        Control::Catalog(Catalog::ResourceGroups),
    )),
    required(field(
        "image_path",
        "imagePath",
        Key::FImagePath,
        Control::Suggest(Catalog::Images),
    )),
    hint(
        field("version", "version", Key::FVersion, Control::Text),
        Key::FVersionHint,
    ),
    hint(
        field(
            "timeout_limit",
            "timeoutLimit",
            Key::FTimeout,
            Control::Text,
        ),
        Key::FTimeoutHint,
    ),
    advanced(field(
        "use_start_script",
        "useStartScript",
        Key::FUseStartScript,
        Control::Checkbox,
    )),
    advanced(required(shown(
        field(
            "start_script",
            "startScriptContent",
            Key::FStartScript,
            Control::TextArea,
        ),
        Shown::WhenOn("use_start_script"),
    ))),
    advanced(shown(
        field(
            "start_script_action_scope",
            "startScriptActionScope",
            Key::FStartScope,
            Control::Text,
        ),
        Shown::WhenOn("use_start_script"),
    )),
    advanced(field(
        "task_number",
        "taskNumber",
        Key::FTaskNumber,
        Control::Number,
    )),
];

/// The create form of a provider, field by field.
pub fn fields(provider: ProviderKind) -> &'static [FieldSpec] {
    match provider {
        ProviderKind::ModelArts => MODELARTS,
        ProviderKind::PaiDsw => PAI_DSW,
        ProviderKind::Scnet => SCNET,
    }
}

/// The ModelArts edit form (更新开发环境实例信息): description and
/// auto-stop, keys of core's edit form. An auto-stop change applies from the
/// next start, which a running instance is told.
const MODELARTS_EDIT: &[FieldSpec] = &[
    field(
        "description",
        "description",
        Key::FieldDescription,
        Control::TextArea,
    ),
    running_hint(
        field(
            "auto_stop_enabled",
            "spec.auto_stop.enable",
            Key::EditAutoStopEnable,
            Control::Checkbox,
        ),
        Key::EditAutoStopNextStart,
    ),
    shown(
        field(
            "auto_stop_hours",
            "spec.auto_stop.duration",
            Key::EditAutoStopHours,
            Control::Number,
        ),
        Shown::WhenOn("auto_stop_enabled"),
    ),
];

/// The create-form keys a PAI-DSW edit changes (UpdateInstance: name,
/// machine type, image, visibility, environment variables, datasets).
const PAI_DSW_EDITABLE: &[&str] = &[
    "instance_name",
    "ecs_spec",
    "image_id_or_url",
    "accessibility",
    "env",
    "datasets",
];

/// The edit form of a provider, field by field (none where the console
/// does not edit its instances).
pub fn edit_fields(provider: ProviderKind) -> Vec<&'static FieldSpec> {
    match provider {
        ProviderKind::ModelArts => MODELARTS_EDIT.iter().collect(),
        ProviderKind::PaiDsw => PAI_DSW
            .iter()
            .filter(|f| PAI_DSW_EDITABLE.contains(&f.key))
            .collect(),
        ProviderKind::Scnet => Vec::new(),
    }
}

/// Whether a field shows for the current values.
pub fn is_shown(spec: &FieldSpec, values: &Value) -> bool {
    match spec.shown {
        Shown::Always => true,
        Shown::When(key, options) => values
            .get(key)
            .and_then(Value::as_str)
            .is_some_and(|v| options.contains(&v)),
        Shown::WhenOn(key) => values.get(key).and_then(Value::as_bool).unwrap_or(false),
    }
}

/// Whether a validation or provider error belongs to the field with `path`
/// (its own path or a row under it, like `Labels[0].Key`).
pub fn names_field(error_path: &str, path: &str) -> bool {
    error_path == path
        || error_path
            .strip_prefix(path)
            .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
}

/// The field an error lands on, among those of a form that are shown.
pub fn field_of(
    form: &[&'static FieldSpec],
    values: &Value,
    error: &FieldError,
) -> Option<&'static FieldSpec> {
    form.iter()
        .copied()
        .filter(|f| is_shown(f, values))
        .find(|f| names_field(&error.field, f.path))
}

/// The rows of a [`Control::Rows`] field in core's form (`[[a, b], …]`);
/// anything else reads as no rows.
pub fn rows_of(value: &Value) -> Vec<(String, String)> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_string();
    value
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(Value::as_array)
                .map(|row| (text(row.first()), text(row.get(1))))
                .collect()
        })
        .unwrap_or_default()
}

/// Rows as core's form holds them (`[[a, b], …]`).
pub fn rows_value(rows: &[(String, String)]) -> Value {
    Value::Array(
        rows.iter()
            .map(|(a, b)| Value::Array(vec![Value::String(a.clone()), Value::String(b.clone())]))
            .collect(),
    )
}

/// A suggested instance name (`notebook-1a2b`) from 16 random bits.
pub fn suggested_name(provider: ProviderKind, random: u16) -> String {
    match provider {
        ProviderKind::PaiDsw => format!("notebook_{random:04x}"),
        _ => format!("notebook-{random:04x}"),
    }
}

/// The key of the name field.
pub fn name_key(provider: ProviderKind) -> &'static str {
    fields(provider)[0].key
}

#[cfg(test)]
mod tests {
    use super::*;
    use devenv_core::{EndpointCtx, Instance};

    #[test]
    fn every_field_binds_a_key_of_cores_form() {
        for p in ProviderKind::ALL {
            let defaults = p.default_form();
            for f in fields(p) {
                assert!(
                    defaults.get(f.key).is_some(),
                    "{p:?} form has no key {}",
                    f.key
                );
            }
        }
    }

    #[test]
    fn every_validation_error_of_an_empty_form_lands_on_a_field() {
        for p in ProviderKind::ALL {
            let mut values = p.default_form();
            // Turn every optional part on so that its rules run too.
            for f in fields(p) {
                if f.control == Control::Checkbox {
                    values[f.key] = true.into();
                }
            }
            values["cpu_number"] = "-1".into();
            let errors = p.validate_form(&values);
            assert!(!errors.is_empty());
            let form: Vec<&'static FieldSpec> = fields(p).iter().collect();
            for e in &errors {
                assert!(
                    field_of(&form, &values, e).is_some(),
                    "{p:?}: {e:?} has no field"
                );
            }
        }
    }

    /// An instance of each provider the console edits, from a detail answer.
    fn editable_instances() -> Vec<Instance> {
        let ctx = EndpointCtx {
            endpoint_id: "e".into(),
            project_id: Some("p".into()),
            workspace_id: None,
        };
        let modelarts = include_str!("../crates/core/fixtures/modelarts_create_response.json");
        let pai_dsw = r#"{"InstanceId":"dsw-1","InstanceName":"train","Status":"Running",
            "EcsSpec":"ecs.c6.large","ImageId":"image-1","Accessibility":"PRIVATE",
            "EnvironmentVariables":{"A":"1"},
            "Datasets":[{"DatasetId":"d-1","MountPath":"/mnt/data"}]}"#;
        vec![
            ProviderKind::ModelArts
                .decode_detail(&ctx, 200, modelarts)
                .unwrap(),
            ProviderKind::PaiDsw
                .decode_detail(&ctx, 200, pai_dsw)
                .unwrap(),
        ]
    }

    #[test]
    fn every_edit_field_binds_a_key_of_cores_edit_form() {
        for instance in editable_instances() {
            let p = instance.provider;
            let form = p.edit_form(&instance).unwrap();
            assert!(!edit_fields(p).is_empty(), "{p:?}");
            for f in edit_fields(p) {
                assert!(
                    form.get(f.key).is_some(),
                    "{p:?} edit form has no key {}",
                    f.key
                );
            }
        }
        assert!(edit_fields(ProviderKind::Scnet).is_empty());
    }

    #[test]
    fn every_validation_error_of_a_wrong_edit_lands_on_a_field() {
        for instance in editable_instances() {
            let p = instance.provider;
            let mut values = p.edit_form(&instance).unwrap();
            for f in edit_fields(p) {
                match f.control {
                    Control::Checkbox => values[f.key] = true.into(),
                    Control::Rows(_) => values[f.key] = rows_value(&[(String::new(), "x".into())]),
                    _ => values[f.key] = "<-25->".into(),
                }
            }
            let errors = p.validate_edit(&values);
            assert!(!errors.is_empty(), "{p:?}");
            let form = edit_fields(p);
            for e in &errors {
                assert!(
                    field_of(&form, &values, e).is_some(),
                    "{p:?}: {e:?} has no field"
                );
            }
        }
    }

    #[test]
    fn only_the_auto_stop_setting_has_a_note_for_running_instances() {
        let noted: Vec<&str> = ProviderKind::ALL
            .iter()
            .flat_map(|p| fields(*p).iter().chain(edit_fields(*p)))
            .filter(|f| f.running_hint.is_some())
            .map(|f| f.key)
            .collect();
        assert_eq!(noted, ["auto_stop_enabled"]);
    }

    #[test]
    fn rows_read_back_as_written() {
        let rows = vec![
            ("d-1".to_string(), "/mnt/data".to_string()),
            (String::new(), String::new()),
        ];
        assert_eq!(rows_of(&rows_value(&rows)), rows);
        assert_eq!(rows_of(&Value::Null), Vec::new());
        // Core's forms hold every list field as rows.
        let dsw = &editable_instances()[1];
        let form = dsw.provider.edit_form(dsw).unwrap();
        assert_eq!(
            rows_of(&form["datasets"]),
            [("d-1".to_string(), "/mnt/data".to_string())]
        );
        assert_eq!(rows_of(&form["env"]), [("A".to_string(), "1".to_string())]);
    }

    #[test]
    fn rows_belong_to_their_list_field() {
        assert!(names_field("Labels[0].Key", "Labels"));
        assert!(names_field("Labels", "Labels"));
        assert!(!names_field("LabelsX", "Labels"));
        assert!(!names_field("name", "name_x"));
    }

    #[test]
    fn fields_show_only_when_they_apply() {
        let mut v = ProviderKind::ModelArts.default_form();
        let obs = fields(ProviderKind::ModelArts)
            .iter()
            .find(|f| f.key == "obs_path")
            .unwrap();
        let evs = fields(ProviderKind::ModelArts)
            .iter()
            .find(|f| f.key == "evs_size_gb")
            .unwrap();
        v["storage_type"] = "evs".into();
        assert!(!is_shown(obs, &v));
        assert!(is_shown(evs, &v));
        v["storage_type"] = "obs".into();
        assert!(is_shown(obs, &v));
        assert!(!is_shown(evs, &v));
    }

    #[test]
    fn suggested_names_pass_each_providers_rules() {
        for p in ProviderKind::ALL {
            let mut v = p.default_form();
            v[name_key(p)] = suggested_name(p, 0xbeef).into();
            let errors = p.validate_form(&v);
            assert!(
                !errors.iter().any(|e| e.field == fields(p)[0].path),
                "{p:?}: {errors:?}"
            );
        }
    }
}
