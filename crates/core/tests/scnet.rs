//! SCNet fixtures (seed 003 list request, headers and response) parse and map
//! to the expected neutral values; detail envelope, code errors, create body.

use devenv_core::providers::scnet::{self, form::CreateForm, request, status, wire};
use devenv_core::{
    AcceleratorKind, Action, ApiError, EndpointCtx, ErrorKind, ProviderKind, StatusClass,
};
use serde_json::{json, Value};

/// Seed 003_43320ac517831025.txt (list, response example).
const LIST: &str = include_str!("../fixtures/scnet_list_response.json");
/// Seed 003_43320ac517831025.txt (list, cURL request body).
const LIST_REQUEST: &str = include_str!("../fixtures/scnet_list_request.json");
/// Seed 003_43320ac517831025.txt (list, Python request headers).
const LIST_HEADERS: &str = include_str!("../fixtures/scnet_list_headers.json");

fn ctx() -> EndpointCtx {
    EndpointCtx {
        endpoint_id: "scnet".into(),
        ..EndpointCtx::default()
    }
}

fn first_item() -> Value {
    let v: Value = serde_json::from_str(LIST).unwrap();
    v["data"][0].clone()
}

#[test]
fn every_fixture_parses_into_wire_types() {
    let list: wire::ListEnvelope = serde_json::from_str(LIST).unwrap();
    assert_eq!((list.code.as_deref(), list.total), (Some("0"), Some(4)));
    let task = &list.data.unwrap()[0];
    assert_eq!(
        task.task_number,
        Some(1),
        "documented string, example number"
    );
    assert_eq!(task.mount_info_list, None);
    let body: wire::ListRequestBody = serde_json::from_str(LIST_REQUEST).unwrap();
    assert_eq!(
        (
            body.task_type.as_deref(),
            body.start,
            body.limit,
            body.sort.as_deref()
        ),
        (Some("ssh"), Some(0), Some(20), Some("desc"))
    );
    assert_eq!(body.status, None);
    assert_eq!(body.instance_service_name, None, "the example sends null");
    let names: wire::ListRequestBody =
        serde_json::from_value(json!({"instanceServiceName": ["a", "b"]})).unwrap();
    assert_eq!(
        names.instance_service_name,
        Some(vec!["a".to_string(), "b".to_string()]),
        "documented as an array"
    );
    let headers: Value = serde_json::from_str(LIST_HEADERS).unwrap();
    assert_eq!(headers["Content-Type"], "application/json");
}

#[test]
fn list_maps_instances_2204208761() {
    let page = scnet::decode_list(&ctx(), 0, 200, LIST).unwrap();
    assert_eq!(page.total, Some(4));
    assert_eq!(page.next_page, Some(1), "total 4, one seen");
    // The list item is what the list keeps of the task the same object maps
    // to on its own (as the detail answer's `data`).
    let listed = &page.instances[0];
    let whole = scnet::parse_instance(&ctx(), &first_item().to_string(), 200).unwrap();
    assert_eq!(listed, &whole.clone().into_list_item());
    let d = &whole;
    assert_eq!(d.provider, ProviderKind::Scnet);
    assert_eq!(d.endpoint_id, "scnet");
    assert_eq!(d.id, "530491fa7c8e47348f01de73e627a6a7");
    assert_eq!(d.name, "Instances_2204208761");
    assert_eq!(d.detail().description, None);
    assert_eq!(d.status, "Waiting");
    assert_eq!(d.status_class, StatusClass::Queued);
    assert_eq!(d.hardware.cpu, Some(6.0));
    assert_eq!(d.hardware.accelerators, Some(2));
    assert_eq!(d.hardware.accelerator_model.as_deref(), Some("TeslaM40"));
    assert_eq!(d.hardware.accelerator_kind, AcceleratorKind::Gpu);
    assert_eq!(d.hardware.memory_mib, Some(30720));
    assert_eq!(d.hardware.memory.as_deref(), Some("30 GiB"));
    assert_eq!(d.flavor.as_deref(), Some("6 核心; 2 加速器; 30.0G 内存"));
    assert_eq!(d.image.as_deref(), Some("pytorch:1.2-py3.6-CUDA10.0"));
    // 2022-04-20 16:16:14 Beijing time = 08:16:14 UTC
    assert_eq!(d.created, Some(1_650_442_574_000));
    assert_eq!(d.detail().owner.as_deref(), Some("demo"));
    assert_eq!(d.auto_stop, None, "unlimited");
    // A list item keeps no raw JSON; parsed on its own (as the detail answer
    // is), the task keeps it whole.
    assert_eq!(listed.raw.text(), "");
    assert_eq!(whole.raw, first_item());
}

#[test]
fn dcu_is_gpu_class_cpu_only_is_cpu_and_timeouts_map() {
    let mut item = first_item();
    item["acceleratorType"] = json!("dcu");
    item["timeoutLimit"] = json!("02:00:00");
    item["remainingTime"] = json!("01:30:00");
    let body = json!({"code": 0, "data": item.clone()}).to_string();
    let d = scnet::decode_detail(&ctx(), 200, &body).unwrap();
    assert_eq!(d.hardware.accelerator_kind, AcceleratorKind::Gpu);
    let a = d.auto_stop.unwrap();
    assert_eq!(
        (a.duration_secs, a.remaining_secs),
        (Some(7200), Some(5400))
    );
    // Answers are read leniently: a limit in another form still shows.
    for (limit, secs) in [("2h", Some(7200)), ("00:00:00", None), ("Unlimited", None)] {
        item["timeoutLimit"] = json!(limit);
        let body = json!({"code": "0", "data": item.clone()}).to_string();
        let d = scnet::decode_detail(&ctx(), 200, &body).unwrap();
        assert_eq!(d.auto_stop.and_then(|a| a.duration_secs), secs, "{limit}");
    }
    let mut item = first_item();
    item["gpuNumber"] = json!("0");
    let body = json!({"code": "0", "msg": "success", "data": item}).to_string();
    let d = scnet::decode_detail(&ctx(), 200, &body).unwrap();
    assert_eq!(d.hardware.accelerator_kind, AcceleratorKind::Cpu);
    assert_eq!(d.hardware.accelerator_model, None);
}

#[test]
fn detail_envelope_and_code_errors() {
    let body = json!({"code": "0", "msg": "success", "data": first_item()}).to_string();
    let d = scnet::decode_detail(&ctx(), 200, &body).unwrap();
    assert_eq!(d.name, "Instances_2204208761");
    let e = scnet::decode_detail(
        &ctx(),
        200,
        r#"{"code":"10004","msg":"参数无效","data":null}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Provider);
    assert_eq!(e.code.as_deref(), Some("10004"));
    assert_eq!(e.http_status, Some(200));
    assert_eq!(e.field(), None);
    let e = scnet::decode_list(&ctx(), 0, 200, r#"{"code":10001,"msg":"内部异常"}"#).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("10001"));
    let e = scnet::decode_ack(200, r#"{"code":"10003","msg":"参数不全"}"#).unwrap_err();
    assert_eq!(e.explanation().key, "error.scnet.10003");
    let e = scnet::decode_detail(&ctx(), 200, r#"{"code":"0","msg":"success","data":null}"#)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    let e =
        scnet::decode_detail(&ctx(), 200, r#"{"code":"10001","msg":"实例不存在"}"#).unwrap_err();
    assert!(e.is_not_found());
    assert!(scnet::decode_ack(200, r#"{"code":"0","msg":"success","data":"ok"}"#).is_ok());
}

#[test]
fn status_table_and_actions() {
    assert_eq!(status::TABLE.len(), 6);
    let expected = [
        ("Running", StatusClass::Running),
        ("Deploying", StatusClass::Transitional),
        ("Waiting", StatusClass::Queued),
        ("Terminated", StatusClass::Stopped),
        ("Failed", StatusClass::Failed),
        ("Completed", StatusClass::Stopped),
        ("Paused", StatusClass::Unknown),
    ];
    for (word, class) in expected {
        assert_eq!(ProviderKind::Scnet.status_class(word), class, "{word}");
    }
    let pk = ProviderKind::Scnet;
    for word in ["Running", "Waiting", "Deploying"] {
        assert_eq!(pk.allowed_actions(word), vec![Action::Stop], "{word}");
    }
    for word in ["Terminated", "Failed", "Completed"] {
        assert_eq!(
            pk.allowed_actions(word),
            vec![Action::Start, Action::Delete],
            "{word}"
        );
    }
    assert!(pk.allowed_actions("Paused").is_empty());
    assert_eq!(pk.pending_status(Action::Start), "Deploying");
    assert_eq!(pk.pending_status(Action::Stop), "Terminated");
    assert_eq!(pk.pending_status(Action::Delete), "Terminated");
}

#[test]
fn unknown_fields_ignored_nulls_accepted() {
    let mut item = first_item();
    item["brandNew"] = json!(true);
    for key in [
        "cpuNumber",
        "gpuNumber",
        "ramSize",
        "version",
        "createTime",
        "timeoutLimit",
        "userName",
        "acceleratorType",
    ] {
        item[key] = Value::Null;
    }
    item["status"] = json!("Paused");
    let body = json!({"code": "0", "total": "1", "data": [item], "extra": {}}).to_string();
    let page = scnet::decode_list(&ctx(), 0, 200, &body).unwrap();
    let d = &page.instances[0];
    assert_eq!(
        (d.status.as_str(), d.status_class),
        ("Paused", StatusClass::Unknown)
    );
    assert_eq!(
        d.image.as_deref(),
        Some("10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0")
    );
    assert_eq!(d.hardware.accelerator_kind, AcceleratorKind::Unknown);
    assert_eq!(d.created, None);
}

fn seed_form() -> CreateForm {
    CreateForm {
        instance_service_name: "Instances_2204208761".into(),
        task_type: "ssh".into(),
        accelerator_type: "gpu".into(),
        cpu_number: "6".into(),
        gpu_number: "2".into(),
        ram_size_mb: "30720".into(),
        resource_group: "TeslaM40".into(),
        image_path: "10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0".into(),
        version: String::new(),
        timeout_limit: "unlimited".into(),
        use_start_script: false,
        start_script: String::new(),
        start_script_action_scope: "all".into(),
        task_number: "1".into(),
    }
}

#[test]
fn create_body_from_form() {
    let form = seed_form();
    let spec = request::create(&ctx(), &form).unwrap();
    assert_eq!(
        (spec.method.as_str(), spec.path.as_str()),
        ("POST", "/ai/openapi/v2/instance-service/task")
    );
    assert_eq!(
        spec.body_json().unwrap(),
        json!({
            "acceleratorType": "gpu", "cpuNumber": 6, "gpuNumber": 2, "ramSize": 30720,
            "imagePath": "10.0.35.26:5000/gpu/admin/base/pytorch:1.2-py3.6-CUDA10.0",
            "version": "pytorch:1.2-py3.6-CUDA10.0",
            "instanceServiceName": "Instances_2204208761", "resourceGroup": "TeslaM40",
            "taskNumber": 1, "taskType": "ssh", "timeoutLimit": "unlimited",
            "useStartScript": false, "startScriptActionScope": "all"
        })
    );
    // Clone starts from the detail answer, which carries the whole task.
    let whole = scnet::parse_instance(&ctx(), &first_item().to_string(), 200).unwrap();
    let clone = scnet::form::form_from_instance(&whole);
    assert_eq!(clone.instance_service_name, "Instances_2204208761-copy");
    assert_eq!(
        (
            clone.cpu_number.as_str(),
            clone.gpu_number.as_str(),
            clone.ram_size_mb.as_str()
        ),
        ("6", "2", "30720")
    );
    assert!(scnet::validate::create(&clone).is_empty());
}

/// The body's `timeoutLimit` for a typed value.
fn sent_timeout(typed: &str) -> Result<Value, Vec<devenv_core::FieldError>> {
    let form = CreateForm {
        timeout_limit: typed.into(),
        ..seed_form()
    };
    request::create(&ctx(), &form).map(|spec| spec.body_json().unwrap()["timeoutLimit"].clone())
}

#[test]
fn timeout_limit_is_sent_as_hh_mm_ss_or_unlimited() {
    // SCNet "Open API 2.0 — container: create": `HH:MM:SS` (example
    // `01:00:00`), and the request example sends `unlimited`.
    for (typed, sent) in [
        ("unlimited", "unlimited"),
        ("", "unlimited"),
        ("  ", "unlimited"),
        ("Unlimited", "unlimited"),
        ("01:00:00", "01:00:00"),
        (" 12:30:05 ", "12:30:05"),
        ("1:30:00", "01:30:00"),
        ("100:00:00", "100:00:00"),
    ] {
        assert_eq!(sent_timeout(typed).unwrap(), json!(sent), "{typed:?}");
    }
    for typed in [
        "2h", "30m", "12", "1d", "01:00", "00:00:00", "01:00:60", "soon",
    ] {
        let errors = sent_timeout(typed).unwrap_err();
        assert_eq!(errors.len(), 1, "{typed:?}: {errors:?}");
        assert_eq!(errors[0].field, scnet::validate::TIMEOUT_LIMIT, "{typed:?}");
    }
    let pattern = &sent_timeout("2h").unwrap_err()[0];
    assert_eq!(
        (pattern.key.as_str(), pattern.param("pattern")),
        ("validation.pattern", Some("HH:MM:SS | unlimited"))
    );
    let zero = &sent_timeout("00:00:00").unwrap_err()[0];
    assert_eq!(
        (zero.key.as_str(), zero.param("min")),
        ("validation.range", Some("00:00:01"))
    );
}

#[test]
fn the_name_is_sent_as_typed_without_a_console_rule() {
    // The create page gives no length or character rule for the name; SCNet
    // itself refuses what it does not take.
    for name in ["a".repeat(65), "a b".into(), "实例 1".into()] {
        let form = CreateForm {
            instance_service_name: name.clone(),
            ..seed_form()
        };
        let body = request::create(&ctx(), &form).unwrap().body_json().unwrap();
        assert_eq!(body["instanceServiceName"], json!(name));
    }
    let blank = CreateForm {
        instance_service_name: " ".into(),
        ..seed_form()
    };
    let errors = request::create(&ctx(), &blank).unwrap_err();
    assert_eq!(
        (errors[0].field.as_str(), errors[0].key.as_str()),
        ("instanceServiceName", "validation.required")
    );
}

#[test]
fn clone_keeps_long_names_and_puts_timeouts_as_hh_mm_ss() {
    let clone_of = |name: &str, limit: &str| {
        let mut item = first_item();
        item["instanceServiceName"] = json!(name);
        item["timeoutLimit"] = json!(limit);
        let body = json!({"code": "0", "data": item}).to_string();
        scnet::form::form_from_instance(&scnet::decode_detail(&ctx(), 200, &body).unwrap())
    };
    let long = "n".repeat(64);
    let clone = clone_of(&long, "2h");
    assert_eq!(clone.instance_service_name, format!("{long}-copy"));
    assert_eq!(clone.timeout_limit, "02:00:00");
    assert!(scnet::validate::create(&clone).is_empty());
    for (received, form) in [
        ("unlimited", "unlimited"),
        ("01:00:00", "01:00:00"),
        ("", "unlimited"),
        ("90m", "01:30:00"),
        ("whenever", "whenever"),
    ] {
        assert_eq!(clone_of("x", received).timeout_limit, form, "{received:?}");
    }
}

fn provider_error(code: &str, msg: &str) -> ApiError {
    scnet::decode_ack(
        200,
        &json!({"code": code, "msg": msg, "data": null}).to_string(),
    )
    .unwrap_err()
}

#[test]
fn scnet_parameter_errors_name_the_form_field() {
    use scnet::validate::*;
    for (code, msg, field) in [
        (
            "10004",
            "invalid parameter instanceServiceName: only letters, digits, _ and - are allowed",
            Some(INSTANCE_SERVICE_NAME),
        ),
        (
            "10004",
            "invalid parameter timeoutLimit: \"2h\" (HH:MM:SS or unlimited)",
            Some(TIMEOUT_LIMIT),
        ),
        ("10003", "missing parameter imagePath", Some(IMAGE_PATH)),
        (
            "10003",
            "missing parameter resourceGroup",
            Some(RESOURCE_GROUP),
        ),
        (
            "10004",
            "invalid parameter cpuNumber: an integer of at least 1 expected",
            Some(CPU_NUMBER),
        ),
        ("10004", "gpuNumber must not be negative", Some(GPU_NUMBER)),
        ("10004", "invalid parameter ramSize", Some(RAM_SIZE)),
        ("10004", "invalid parameter taskNumber", Some(TASK_NUMBER)),
        ("10004", "invalid parameter taskType: vnc", Some(TASK_TYPE)),
        ("10004", "acceleratorType 无效", Some(ACCELERATOR_TYPE)),
        ("10003", "参数不全:startScriptContent", Some(START_SCRIPT)),
        ("10004", "参数timeoutLimit无效", Some(TIMEOUT_LIMIT)),
        (
            "10004",
            "Invalid InstanceServiceName",
            Some(INSTANCE_SERVICE_NAME),
        ),
        (" 10004 ", "invalid parameter ramSize", Some(RAM_SIZE)),
        // The first field named wins.
        (
            "10004",
            "cpuNumber exceeds what resourceGroup offers",
            Some(CPU_NUMBER),
        ),
        // No field named, a part of a name only, or another code.
        ("10004", "参数无效", None),
        ("10004", "instance service not found", None),
        ("10004", "invalid parameter sort: sideways", None),
        ("10004", "invalid parameter startScript", None),
        ("10001", "invalid parameter timeoutLimit", None),
        ("716865", "create task error: instanceServiceName", None),
    ] {
        assert_eq!(scnet::error::field_of(code, msg), field, "{code} {msg}");
        if code.trim() == code {
            assert_eq!(provider_error(code, msg).field(), field, "{code} {msg}");
        }
    }
    // Every form field key is reachable, and each is a key validation uses.
    for key in FIELDS {
        assert_eq!(
            scnet::error::field_of("10004", &format!("invalid parameter {key}")),
            Some(key)
        );
    }
    let mut empty = CreateForm {
        use_start_script: true,
        ..CreateForm::default()
    };
    empty.task_type.clear();
    empty.accelerator_type.clear();
    empty.cpu_number.clear();
    empty.start_script_action_scope.clear();
    for e in scnet::validate::create(&empty) {
        assert!(FIELDS.contains(&e.field.as_str()), "{}", e.field);
    }
}
