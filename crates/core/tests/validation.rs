//! Table-driven form validation: every rule of every provider gets an
//! accepted boundary value and a rejected one, with the field path and
//! message key the UI shows. Limits from API-NOTES and seeds 001/004.

use devenv_core::providers::{modelarts, pai_dsw, scnet};
use devenv_core::FieldError;

/// One case: a form change, and `None` (accepted) or the expected (field, key).
type Case<F> = (
    &'static str,
    fn(&mut F),
    Option<(&'static str, &'static str)>,
);

fn run<F: Clone>(base: F, cases: &[Case<F>], validate: fn(&F) -> Vec<FieldError>) {
    assert!(
        validate(&base).is_empty(),
        "base form must be valid: {:?}",
        validate(&base)
    );
    for (label, change, expected) in cases {
        let mut form = base.clone();
        change(&mut form);
        let errors = validate(&form);
        match expected {
            None => assert!(
                errors.is_empty(),
                "{label}: expected accepted, got {errors:?}"
            ),
            Some((field, key)) => assert!(
                errors.iter().any(|e| e.field == *field && e.key == *key),
                "{label}: expected {field} {key}, got {errors:?}"
            ),
        }
    }
}

fn ma_base() -> modelarts::form::CreateForm {
    modelarts::form::CreateForm {
        name: "notebook-d115".into(),
        description: String::new(),
        profile_id: "Ascend-Power-Engine 1.0(python3)".into(),
        flavor: "modelarts.kat1.xlarge".into(),
        storage_type: "obs".into(),
        obs_path: "/aaaaaaaaa/output/".into(),
        evs_size_gb: "5".into(),
        auto_stop_enabled: true,
        auto_stop_hours: "1".into(),
        workspace_id: "0".into(),
        pool_id: String::new(),
    }
}

#[test]
fn modelarts_create_rules() {
    use modelarts::form::CreateForm as F;
    let cases: &[Case<F>] = &[
        ("name 64", |f| f.name = "a".repeat(64), None),
        (
            "name 65",
            |f| f.name = "a".repeat(65),
            Some(("name", "validation.too_long")),
        ),
        (
            "name empty",
            |f| f.name.clear(),
            Some(("name", "validation.required")),
        ),
        ("name - _", |f| f.name = "a-b_C9".into(), None),
        (
            "name space",
            |f| f.name = "a b".into(),
            Some(("name", "validation.bad_chars")),
        ),
        (
            "name dot",
            |f| f.name = "a.b".into(),
            Some(("name", "validation.bad_chars")),
        ),
        ("description 512", |f| f.description = "d".repeat(512), None),
        (
            "description 513",
            |f| f.description = "d".repeat(513),
            Some(("description", "validation.too_long")),
        ),
        (
            "description &",
            |f| f.description = "a&b".into(),
            Some(("description", "validation.bad_chars")),
        ),
        (
            "description <",
            |f| f.description = "<b>".into(),
            Some(("description", "validation.bad_chars")),
        ),
        (
            "description quote",
            |f| f.description = "it's".into(),
            Some(("description", "validation.bad_chars")),
        ),
        (
            "description slash",
            |f| f.description = "a/b".into(),
            Some(("description", "validation.bad_chars")),
        ),
        (
            "description \"",
            |f| f.description = "\"x\"".into(),
            Some(("description", "validation.bad_chars")),
        ),
        (
            "description plain",
            |f| f.description = "machine learning python2.7 notebook".into(),
            None,
        ),
        (
            "profile empty",
            |f| f.profile_id.clear(),
            Some(("profile_id", "validation.required")),
        ),
        (
            "flavor empty",
            |f| f.flavor = "  ".into(),
            Some(("flavor", "validation.required")),
        ),
        (
            "storage empty",
            |f| f.storage_type.clear(),
            Some(("spec.storage.type", "validation.required")),
        ),
        (
            "storage nfs",
            |f| f.storage_type = "nfs".into(),
            Some(("spec.storage.type", "validation.one_of")),
        ),
        (
            "obs no slash",
            |f| f.obs_path = "/bucket/dir".into(),
            Some((
                "spec.storage.location.path",
                "validation.obs_trailing_slash",
            )),
        ),
        (
            "obs bucket root",
            |f| f.obs_path = "/bucket/".into(),
            Some(("spec.storage.location.path", "validation.obs_bucket_root")),
        ),
        (
            "obs scheme root",
            |f| f.obs_path = "obs://bucket/".into(),
            Some(("spec.storage.location.path", "validation.obs_bucket_root")),
        ),
        (
            "obs scheme dir",
            |f| f.obs_path = "obs://bucket/dir/".into(),
            None,
        ),
        ("obs deep dir", |f| f.obs_path = "/bucket/a/b/".into(), None),
        (
            "obs empty",
            |f| f.obs_path.clear(),
            Some(("spec.storage.location.path", "validation.required")),
        ),
        (
            "obsfs bucket",
            |f| {
                f.storage_type = "obsfs".into();
                f.obs_path = "bucket".into()
            },
            None,
        ),
        (
            "obsfs empty",
            |f| {
                f.storage_type = "obsfs".into();
                f.obs_path.clear()
            },
            Some(("spec.storage.location.path", "validation.required")),
        ),
        (
            "evs 5",
            |f| {
                f.storage_type = "evs".into();
                f.evs_size_gb = "5".into()
            },
            None,
        ),
        (
            "evs 4096",
            |f| {
                f.storage_type = "evs".into();
                f.evs_size_gb = "4096".into()
            },
            None,
        ),
        (
            "evs default",
            |f| {
                f.storage_type = "evs".into();
                f.evs_size_gb.clear()
            },
            None,
        ),
        (
            "evs 4",
            |f| {
                f.storage_type = "evs".into();
                f.evs_size_gb = "4".into()
            },
            Some(("spec.storage.location.volume_size", "validation.range")),
        ),
        (
            "evs 4097",
            |f| {
                f.storage_type = "evs".into();
                f.evs_size_gb = "4097".into()
            },
            Some(("spec.storage.location.volume_size", "validation.range")),
        ),
        (
            "evs 5.5",
            |f| {
                f.storage_type = "evs".into();
                f.evs_size_gb = "5.5".into()
            },
            Some(("spec.storage.location.volume_size", "validation.integer")),
        ),
        (
            "evs abc",
            |f| {
                f.storage_type = "evs".into();
                f.evs_size_gb = "abc".into()
            },
            Some(("spec.storage.location.volume_size", "validation.integer")),
        ),
        ("auto-stop 1 h", |f| f.auto_stop_hours = "1".into(), None),
        ("auto-stop 24 h", |f| f.auto_stop_hours = "24".into(), None),
        (
            "auto-stop 1.5 h",
            |f| f.auto_stop_hours = "1.5".into(),
            None,
        ),
        (
            "auto-stop 0.5 h",
            |f| f.auto_stop_hours = "0.5".into(),
            Some(("spec.auto_stop.duration", "validation.range")),
        ),
        (
            "auto-stop 25 h",
            |f| f.auto_stop_hours = "25".into(),
            Some(("spec.auto_stop.duration", "validation.range")),
        ),
        (
            "auto-stop empty",
            |f| f.auto_stop_hours.clear(),
            Some(("spec.auto_stop.duration", "validation.required")),
        ),
        (
            "auto-stop text",
            |f| f.auto_stop_hours = "soon".into(),
            Some(("spec.auto_stop.duration", "validation.number")),
        ),
        (
            "auto-stop off ignores hours",
            |f| {
                f.auto_stop_enabled = false;
                f.auto_stop_hours = "99".into()
            },
            None,
        ),
    ];
    run(ma_base(), cases, modelarts::validate::create);
}

#[test]
fn modelarts_range_error_names_hours() {
    let mut form = ma_base();
    form.auto_stop_hours = "25".into();
    let errors = modelarts::validate::create(&form);
    let e = &errors[0];
    assert_eq!(
        (e.param("min"), e.param("max"), e.param("unit")),
        (Some("1"), Some("24"), Some("h"))
    );
    let mut form = ma_base();
    form.name = "a".repeat(65);
    assert_eq!(
        modelarts::validate::create(&form)[0].param("max"),
        Some("64")
    );
    let mut form = ma_base();
    form.description = "a&b/c&".into();
    assert_eq!(
        modelarts::validate::create(&form)[0].param("chars"),
        Some("&/")
    );
}

#[test]
fn modelarts_update_rules() {
    use modelarts::form::UpdateForm as F;
    let base = F {
        description: "machine learning python2.7 notebook".into(),
        auto_stop_enabled: None,
        auto_stop_hours: String::new(),
    };
    let cases: &[Case<F>] = &[
        ("description 512", |f| f.description = "d".repeat(512), None),
        (
            "description 513",
            |f| f.description = "d".repeat(513),
            Some(("description", "validation.too_long")),
        ),
        (
            "description /",
            |f| f.description = "a/b".into(),
            Some(("description", "validation.bad_chars")),
        ),
        (
            "auto-stop untouched",
            |f| f.auto_stop_hours = "garbage".into(),
            None,
        ),
        ("auto-stop off", |f| f.auto_stop_enabled = Some(false), None),
        (
            "auto-stop 1 h",
            |f| {
                f.auto_stop_enabled = Some(true);
                f.auto_stop_hours = "1".into()
            },
            None,
        ),
        (
            "auto-stop 24 h",
            |f| {
                f.auto_stop_enabled = Some(true);
                f.auto_stop_hours = "24".into()
            },
            None,
        ),
        (
            "auto-stop 0.5 h",
            |f| {
                f.auto_stop_enabled = Some(true);
                f.auto_stop_hours = "0.5".into()
            },
            Some(("spec.auto_stop.duration", "validation.range")),
        ),
        (
            "auto-stop 25 h",
            |f| {
                f.auto_stop_enabled = Some(true);
                f.auto_stop_hours = "25".into()
            },
            Some(("spec.auto_stop.duration", "validation.range")),
        ),
        (
            "auto-stop on, empty",
            |f| f.auto_stop_enabled = Some(true),
            Some(("spec.auto_stop.duration", "validation.required")),
        ),
    ];
    run(base, cases, modelarts::validate::update);
}

fn dsw_base() -> pai_dsw::form::CreateForm {
    pai_dsw::form::CreateForm {
        instance_name: "training_data".into(),
        ecs_spec: "ecs.c6.large".into(),
        image_id_or_url: "image-05cefd0be2exxxx".into(),
        ..pai_dsw::form::CreateForm::default()
    }
}

#[test]
fn pai_dsw_create_rules() {
    use pai_dsw::form::{CreateForm as F, DatasetMount};
    let cases: &[Case<F>] = &[
        ("name 27", |f| f.instance_name = "a".repeat(27), None),
        (
            "name 28",
            |f| f.instance_name = "a".repeat(28),
            Some(("InstanceName", "validation.too_long")),
        ),
        (
            "name empty",
            |f| f.instance_name.clear(),
            Some(("InstanceName", "validation.required")),
        ),
        ("name _ digits", |f| f.instance_name = "A_1".into(), None),
        (
            "name -",
            |f| f.instance_name = "a-b".into(),
            Some(("InstanceName", "validation.bad_chars")),
        ),
        (
            "name CJK",
            |f| f.instance_name = "測試".into(),
            Some(("InstanceName", "validation.bad_chars")),
        ),
        (
            "ecs empty",
            |f| f.ecs_spec.clear(),
            Some(("EcsSpec", "validation.required")),
        ),
        (
            "image empty",
            |f| f.image_id_or_url.clear(),
            Some(("ImageId", "validation.required")),
        ),
        (
            "image url",
            |f| f.image_id_or_url = "registry.cn-shanghai.aliyuncs.com/pai/tf:1".into(),
            None,
        ),
        (
            "accessibility PUBLIC",
            |f| f.accessibility = "PUBLIC".into(),
            None,
        ),
        ("accessibility empty", |f| f.accessibility.clear(), None),
        (
            "accessibility other",
            |f| f.accessibility = "SHARED".into(),
            Some(("Accessibility", "validation.one_of")),
        ),
        ("priority 1", |f| f.priority = "1".into(), None),
        ("priority 9", |f| f.priority = "9".into(), None),
        ("priority empty", |f| f.priority.clear(), None),
        (
            "priority 0",
            |f| f.priority = "0".into(),
            Some(("Priority", "validation.range")),
        ),
        (
            "priority 10",
            |f| f.priority = "10".into(),
            Some(("Priority", "validation.range")),
        ),
        (
            "priority x",
            |f| f.priority = "x".into(),
            Some(("Priority", "validation.integer")),
        ),
        (
            "label ok",
            |f| f.labels = vec![("k".into(), "".into())],
            None,
        ),
        (
            "label empty key",
            |f| f.labels = vec![(" ".into(), "v".into())],
            Some(("Labels[0].Key", "validation.required")),
        ),
        (
            "label duplicate",
            |f| f.labels = vec![("k".into(), "1".into()), ("k".into(), "2".into())],
            Some(("Labels[1].Key", "validation.duplicate")),
        ),
        ("env ok", |f| f.env = vec![("A".into(), "1".into())], None),
        (
            "env empty key",
            |f| f.env = vec![("".into(), "1".into())],
            Some(("EnvironmentVariables[0].Key", "validation.required")),
        ),
        (
            "dataset ok",
            |f| {
                f.datasets = vec![DatasetMount {
                    dataset_id: "d-1".into(),
                    mount_path: "/mnt/data".into(),
                }]
            },
            None,
        ),
        (
            "dataset no id",
            |f| {
                f.datasets = vec![DatasetMount {
                    dataset_id: "".into(),
                    mount_path: "/mnt".into(),
                }]
            },
            Some(("Datasets[0].DatasetId", "validation.required")),
        ),
        (
            "dataset relative",
            |f| {
                f.datasets = vec![DatasetMount {
                    dataset_id: "d".into(),
                    mount_path: "mnt".into(),
                }]
            },
            Some(("Datasets[0].MountPath", "validation.pattern")),
        ),
        ("disk 1", |f| f.cloud_disk_gb = "1".into(), None),
        (
            "disk 0",
            |f| f.cloud_disk_gb = "0".into(),
            Some(("CloudDisks[0].Capacity", "validation.range")),
        ),
        (
            "disk x",
            |f| f.cloud_disk_gb = "30Gi".into(),
            Some(("CloudDisks[0].Capacity", "validation.integer")),
        ),
    ];
    run(dsw_base(), cases, pai_dsw::validate::create);
}

fn scnet_base() -> scnet::form::CreateForm {
    scnet::form::CreateForm {
        instance_service_name: "Instances_2204208761".into(),
        task_type: "ssh".into(),
        ram_size_mb: "30720".into(),
        resource_group: "TeslaM40".into(),
        image_path: "10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0".into(),
        ..scnet::form::CreateForm::default()
    }
}

#[test]
fn scnet_create_rules() {
    use scnet::form::CreateForm as F;
    // The create page ("Open API 2.0 — container: create") gives the name no
    // length or character rule, so the console only requires one: 65
    // characters or a space are left for SCNet to refuse (its 10004 answer is
    // put on the field, see `scnet_parameter_errors_name_the_form_field`).
    let cases: &[Case<F>] = &[
        (
            "name 65",
            |f| f.instance_service_name = "a".repeat(65),
            None,
        ),
        (
            "name empty",
            |f| f.instance_service_name.clear(),
            Some(("instanceServiceName", "validation.required")),
        ),
        (
            "name blank",
            |f| f.instance_service_name = "  ".into(),
            Some(("instanceServiceName", "validation.required")),
        ),
        (
            "name - _",
            |f| f.instance_service_name = "a-b_c".into(),
            None,
        ),
        (
            "name space",
            |f| f.instance_service_name = "a b".into(),
            None,
        ),
        (
            "name 中文",
            |f| f.instance_service_name = "实例1".into(),
            None,
        ),
        ("task rstudio", |f| f.task_type = "rstudio".into(), None),
        (
            "task codeserver",
            |f| f.task_type = "codeserver".into(),
            None,
        ),
        (
            "task vnc",
            |f| f.task_type = "vnc".into(),
            Some(("taskType", "validation.one_of")),
        ),
        (
            "task empty",
            |f| f.task_type.clear(),
            Some(("taskType", "validation.required")),
        ),
        (
            "accelerator empty",
            |f| f.accelerator_type.clear(),
            Some(("acceleratorType", "validation.required")),
        ),
        ("cpu 1", |f| f.cpu_number = "1".into(), None),
        (
            "cpu 0",
            |f| f.cpu_number = "0".into(),
            Some(("cpuNumber", "validation.range")),
        ),
        (
            "cpu -1",
            |f| f.cpu_number = "-1".into(),
            Some(("cpuNumber", "validation.not_negative")),
        ),
        (
            "cpu 1.5",
            |f| f.cpu_number = "1.5".into(),
            Some(("cpuNumber", "validation.integer")),
        ),
        (
            "cpu empty",
            |f| f.cpu_number.clear(),
            Some(("cpuNumber", "validation.required")),
        ),
        ("gpu 0", |f| f.gpu_number = "0".into(), None),
        ("gpu empty", |f| f.gpu_number.clear(), None),
        (
            "gpu -1",
            |f| f.gpu_number = "-1".into(),
            Some(("gpuNumber", "validation.not_negative")),
        ),
        ("ram 1", |f| f.ram_size_mb = "1".into(), None),
        (
            "ram 0",
            |f| f.ram_size_mb = "0".into(),
            Some(("ramSize", "validation.range")),
        ),
        (
            "ram empty",
            |f| f.ram_size_mb.clear(),
            Some(("ramSize", "validation.required")),
        ),
        (
            "resource group empty",
            |f| f.resource_group.clear(),
            Some(("resourceGroup", "validation.required")),
        ),
        (
            "image empty",
            |f| f.image_path.clear(),
            Some(("imagePath", "validation.required")),
        ),
        (
            "timeout unlimited",
            |f| f.timeout_limit = "unlimited".into(),
            None,
        ),
        ("timeout empty", |f| f.timeout_limit.clear(), None),
        (
            "timeout UNLIMITED",
            |f| f.timeout_limit = "UNLIMITED".into(),
            None,
        ),
        (
            "timeout 01:00:00",
            |f| f.timeout_limit = "01:00:00".into(),
            None,
        ),
        (
            "timeout 1:30:00",
            |f| f.timeout_limit = " 1:30:00 ".into(),
            None,
        ),
        (
            "timeout 100:00:00",
            |f| f.timeout_limit = "100:00:00".into(),
            None,
        ),
        (
            "timeout 00:00:01",
            |f| f.timeout_limit = "00:00:01".into(),
            None,
        ),
        (
            "timeout 00:00:00",
            |f| f.timeout_limit = "00:00:00".into(),
            Some(("timeoutLimit", "validation.range")),
        ),
        // Only the documented forms (`HH:MM:SS`, `unlimited`): the shorthand
        // the console used to take (`12` hours, `30m`, `2h`, `1d`, `HH:MM`)
        // is not on the create page, so it is refused rather than guessed.
        (
            "timeout 1",
            |f| f.timeout_limit = "1".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 30m",
            |f| f.timeout_limit = "30m".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 2h",
            |f| f.timeout_limit = "2h".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 1d",
            |f| f.timeout_limit = "1d".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 01:00",
            |f| f.timeout_limit = "01:00".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 01:60:00",
            |f| f.timeout_limit = "01:60:00".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 01:00:60",
            |f| f.timeout_limit = "01:00:60".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 01:0:00",
            |f| f.timeout_limit = "01:0:00".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 01:00:00:00",
            |f| f.timeout_limit = "01:00:00:00".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout 0",
            |f| f.timeout_limit = "0".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout -1",
            |f| f.timeout_limit = "-1".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        (
            "timeout forever",
            |f| f.timeout_limit = "forever".into(),
            Some(("timeoutLimit", "validation.pattern")),
        ),
        ("tasks 1", |f| f.task_number = "1".into(), None),
        (
            "tasks 0",
            |f| f.task_number = "0".into(),
            Some(("taskNumber", "validation.range")),
        ),
        (
            "script on",
            |f| {
                f.use_start_script = true;
                f.start_script = "echo hi".into()
            },
            None,
        ),
        (
            "script on empty",
            |f| f.use_start_script = true,
            Some(("startScriptContent", "validation.required")),
        ),
        (
            "script scope empty",
            |f| {
                f.use_start_script = true;
                f.start_script = "x".into();
                f.start_script_action_scope.clear()
            },
            Some(("startScriptActionScope", "validation.required")),
        ),
    ];
    run(scnet_base(), cases, scnet::validate::create);
}

#[test]
fn invalid_forms_build_no_request() {
    let ctx = devenv_core::EndpointCtx::default();
    let mut form = ma_base();
    form.name.clear();
    let errors = modelarts::request::create(&ctx, &form).unwrap_err();
    assert_eq!(errors[0].field, "name");
    let mut form = dsw_base();
    form.instance_name = "a".repeat(28);
    assert!(pai_dsw::request::create(&ctx, &form).is_err());
    let mut form = scnet_base();
    form.cpu_number = "-1".into();
    assert!(scnet::request::create(&ctx, &form).is_err());
}
