//! ModelArts fixtures (seeds 000 list, 001 update, 004 create) parse and map
//! to the expected neutral values; create/update bodies equal the seeds'.

use devenv_core::providers::modelarts::{
    self, form::CreateForm, form::UpdateForm, request, status, wire,
};
use devenv_core::{AcceleratorKind, Action, EndpointCtx, ErrorKind, ProviderKind, StatusClass};
use serde_json::{json, Value};

/// Seed 000_04e525fc33bdc62b.txt (list, response example).
const LIST: &str = include_str!("../fixtures/modelarts_list_response.json");
/// Seed 001_0443097262033d58.txt (update, request example).
const UPDATE_REQUEST: &str = include_str!("../fixtures/modelarts_update_request.json");
/// Seed 001_0443097262033d58.txt (update, success response).
const UPDATE_RESPONSE: &str = include_str!("../fixtures/modelarts_update_response.json");
/// Seed 001_0443097262033d58.txt (update, failure response).
const UPDATE_ERROR: &str = include_str!("../fixtures/modelarts_update_error.json");
/// Seed 004_d2860ef43560f34a.txt (create, sample request).
const CREATE_REQUEST: &str = include_str!("../fixtures/modelarts_create_request.json");
/// Seed 004_d2860ef43560f34a.txt (create, successful response).
const CREATE_RESPONSE: &str = include_str!("../fixtures/modelarts_create_response.json");
/// Seed 004_d2860ef43560f34a.txt (create, failed response).
const CREATE_ERROR: &str = include_str!("../fixtures/modelarts_create_error.json");

fn ctx() -> EndpointCtx {
    EndpointCtx {
        endpoint_id: "ma-bj4".into(),
        project_id: Some("proj-1".into()),
        workspace_id: None,
    }
}

#[test]
fn every_fixture_parses_into_wire_types() {
    let list: wire::ListResponse = serde_json::from_str(LIST).unwrap();
    assert_eq!(list.total_count, Some(2));
    assert_eq!(list.instances.as_ref().map(Vec::len), Some(2));
    let first = &list.instances.unwrap()[0];
    let params = first
        .profile
        .as_ref()
        .and_then(|p| p.provision.as_ref())
        .and_then(|p| p.spec.as_ref())
        .and_then(|s| s.params.as_ref())
        .unwrap();
    assert_eq!(
        params.image_name.as_deref(),
        Some("mul-kernel-gpu-cuda-cp36")
    );
    assert_eq!(params.annotations, None);
    let _: wire::UpdateRequest = serde_json::from_str(UPDATE_REQUEST).unwrap();
    let _: wire::Instance = serde_json::from_str(UPDATE_RESPONSE).unwrap();
    let created: wire::CreateRequest = serde_json::from_str(CREATE_REQUEST).unwrap();
    assert_eq!(created.name, "notebook-d115");
    let _: wire::Instance = serde_json::from_str(CREATE_RESPONSE).unwrap();
    let err: wire::ErrorBody = serde_json::from_str(CREATE_ERROR).unwrap();
    assert_eq!(err.error_code.as_deref(), Some("ModelArts.6318"));
    let err: wire::ErrorBody = serde_json::from_str(UPDATE_ERROR).unwrap();
    assert_eq!(
        err.error_message.as_deref(),
        Some("The instance does not exist.")
    );
}

#[test]
fn list_maps_notebook_c6fd_and_b1b8() {
    let page = modelarts::decode_list(&ctx(), 0, 200, LIST).unwrap();
    assert_eq!(page.total, Some(2));
    assert_eq!(page.next_page, None);
    let [a, b] = &page.instances[..] else {
        panic!("two instances expected")
    };
    assert_eq!(a.endpoint_id, "ma-bj4");
    assert_eq!(a.provider, ProviderKind::ModelArts);
    assert_eq!(a.id, "DE-7d558ef8-c73d-11ea-964c-0255ac100033");
    assert_eq!(a.name, "notebook-c6fd");
    assert_eq!(a.detail().description, None);
    assert_eq!(a.status, "RUNNING");
    assert_eq!(a.status_class, StatusClass::Running);
    assert_eq!(a.hardware.cpu, Some(8.0));
    assert_eq!(a.hardware.accelerators, Some(1));
    assert_eq!(a.hardware.accelerator_model.as_deref(), Some("v100NV32"));
    assert_eq!(a.hardware.accelerator_kind, AcceleratorKind::Gpu);
    assert_eq!(a.hardware.memory.as_deref(), Some("64GiB"));
    assert_eq!(a.hardware.memory_mib, Some(64 * 1024));
    assert_eq!(a.flavor.as_deref(), Some("modelarts.bm.gpu.v100NV32"));
    assert_eq!(a.image.as_deref(), Some("Multi-Engine 1.0 (python3)-gpu"));
    let auto_stop = a.auto_stop.as_ref().unwrap();
    assert!(auto_stop.enabled);
    assert_eq!(auto_stop.duration_secs, Some(3600));
    assert_eq!(auto_stop.remaining_secs, Some(3450));
    assert_eq!(auto_stop.stop_at, Some(1_594_891_408_723));
    assert_eq!(a.created, Some(1_594_887_749_962));
    assert_eq!(a.updated, Some(1_594_887_749_962));
    // A list item keeps no copy of the provider's object and none of the
    // detail view's parts (the detail answer brings them); the same object
    // parsed on its own has them, and its raw JSON is the item as received.
    let items: Value = serde_json::from_str(LIST).unwrap();
    assert_eq!(a.raw.text(), "");
    assert_eq!(
        (
            &a.detail().owner,
            a.detail().connect.is_empty(),
            a.detail().storage.len()
        ),
        (&None, true, 0)
    );
    let a = &devenv_core::providers::modelarts::parse_instance(
        &ctx(),
        &items["instances"][0].to_string(),
        200,
    )
    .unwrap();
    assert_eq!(a.raw, items["instances"][0]);
    assert_eq!(a.detail().owner.as_deref(), Some("ops_dev_env"));
    assert_eq!(
        a.detail().connect.console.as_deref(),
        Some("https://modelarts-lvs-common-lb.xxxxxx.com:32000/modelarts/hubv100/notebook/user/DE-7d558ef8-c73d-11ea-964c-0255ac100033")
    );
    assert_eq!(a.detail().failure, None);
    assert_eq!(a.queue, None);
    assert_eq!(a.detail().storage.len(), 1);
    assert_eq!(a.detail().storage[0].kind, "evs");
    assert_eq!(a.detail().storage[0].size.as_deref(), Some("5 GB"));
    assert_eq!(
        a.detail().storage[0].mount_path.as_deref(),
        Some("/home/ma-user/work")
    );

    assert_eq!(b.name, "notebook-b1b8");
    assert_eq!(b.status, "STOPPED");
    assert_eq!(b.status_class, StatusClass::Stopped);
    assert_eq!(b.hardware.cpu, Some(2.0));
    assert_eq!(b.hardware.accelerators, Some(0));
    assert_eq!(b.hardware.accelerator_kind, AcceleratorKind::Cpu);
    assert_eq!(b.hardware.memory_mib, Some(8 * 1024));
    assert_eq!(b.detail().connect.console, None, "empty url is no link");
    assert!(b.detail().connect.is_empty());
    let auto_stop = b.auto_stop.as_ref().unwrap();
    assert_eq!((auto_stop.stop_at, auto_stop.remaining_secs), (None, None));
}

#[test]
fn create_response_maps_notebook_d115() {
    let d = modelarts::decode_detail(&ctx(), 200, CREATE_RESPONSE).unwrap();
    assert_eq!(d.name, "notebook-d115");
    assert_eq!(d.status, "CREATING");
    assert_eq!(d.status_class, StatusClass::Transitional);
    assert_eq!(d.hardware.cpu, Some(24.0));
    assert_eq!(d.hardware.accelerators, Some(1));
    assert_eq!(d.hardware.accelerator_model.as_deref(), Some("Ascend 910"));
    assert_eq!(d.hardware.accelerator_kind, AcceleratorKind::Npu);
    assert_eq!(d.hardware.memory.as_deref(), Some("96GiB"));
    assert_eq!(
        d.image.as_deref(),
        Some("Ascend-Powered-Engine 1.0 (python3)")
    );
    assert_eq!(d.detail().owner.as_deref(), Some("modelarts_manage_admin"));
    assert_eq!(d.created, Some(1_614_669_154_682));
    assert_eq!(d.detail().storage[0].kind, "obs");
    assert_eq!(
        d.detail().storage[0].path.as_deref(),
        Some("/aaaaaaaaa/output/")
    );
    assert_eq!(d.detail().storage[0].size, None);
}

#[test]
fn update_response_maps() {
    let d = modelarts::decode_detail(&ctx(), 200, UPDATE_RESPONSE).unwrap();
    assert_eq!(d.detail().description.as_deref(), Some("update notebook"));
    assert_eq!(d.image.as_deref(), Some("Python3"));
    assert_eq!(d.updated, Some(1_594_888_143_062));
    assert_eq!(d.auto_stop, None, "no spec in this answer");
    assert!(d.detail().storage.is_empty());
}

#[test]
fn error_fixtures_decode() {
    let e = modelarts::decode_detail(&ctx(), 404, UPDATE_ERROR).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Provider);
    assert_eq!(e.code.as_deref(), Some("ModelArts.6309"));
    assert_eq!(e.message, "The instance does not exist.");
    assert!(e.is_not_found());
    let e = modelarts::decode_ack(400, CREATE_ERROR).unwrap_err();
    assert_eq!(e.field(), Some("spec.storage.location.path"));
    assert_eq!(e.explanation().key, "error.modelarts.6318");
    // Also when a gateway answers an error body with 200.
    let e = modelarts::decode_ack(200, CREATE_ERROR).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ModelArts.6318"));
}

fn seed_create_form() -> CreateForm {
    CreateForm {
        name: "notebook-d115".into(),
        description: String::new(),
        profile_id: "Ascend-Power-Engine 1.0(python3)".into(),
        flavor: "modelarts.kat1.xlarge".into(),
        storage_type: "obs".into(),
        obs_path: "/aaaaaaaaa/output/".into(),
        evs_size_gb: String::new(),
        auto_stop_enabled: true,
        auto_stop_hours: "1".into(),
        workspace_id: "0".into(),
        pool_id: String::new(),
    }
}

#[test]
fn create_body_equals_seed_004_request() {
    let spec = request::create(&ctx(), &seed_create_form()).unwrap();
    assert_eq!(spec.method.as_str(), "POST");
    assert_eq!(spec.path, "/v1/proj-1/demanager/instances");
    let expected: Value = serde_json::from_str(CREATE_REQUEST).unwrap();
    assert_eq!(spec.body_json().unwrap(), expected);
}

#[test]
fn create_body_for_evs_and_without_auto_stop() {
    let form = CreateForm {
        storage_type: "evs".into(),
        evs_size_gb: "10".into(),
        obs_path: String::new(),
        auto_stop_enabled: false,
        pool_id: "pool-1".into(),
        ..seed_create_form()
    };
    let body = request::create(&ctx(), &form).unwrap().body_json().unwrap();
    assert_eq!(
        body["spec"]["storage"],
        json!({"type": "evs", "location": {"volume_size": 10}})
    );
    assert_eq!(body["spec"]["auto_stop"], json!({"enable": false}));
    assert_eq!(body["pool"], json!({"id": "pool-1"}));
}

#[test]
fn update_body_equals_seed_001_request() {
    let form = UpdateForm {
        description: "machine learning python2.7 notebook".into(),
        auto_stop_enabled: None,
        auto_stop_hours: String::new(),
    };
    let spec = request::update(&ctx(), "6fa459ea-ee8a-3ca4-894e-db77e160355e", &form).unwrap();
    assert_eq!(spec.method.as_str(), "PUT");
    assert_eq!(
        spec.path,
        "/v1/proj-1/demanager/instances/6fa459ea-ee8a-3ca4-894e-db77e160355e"
    );
    let expected: Value = serde_json::from_str(UPDATE_REQUEST).unwrap();
    assert_eq!(spec.body_json().unwrap(), expected);

    let with_auto_stop = UpdateForm {
        auto_stop_enabled: Some(true),
        auto_stop_hours: "2".into(),
        ..form
    };
    let body = request::update(&ctx(), "x", &with_auto_stop)
        .unwrap()
        .body_json()
        .unwrap();
    assert_eq!(
        body,
        json!({"description": "machine learning python2.7 notebook",
               "spec": {"auto_stop": {"enable": true, "duration": 7200}}})
    );
}

#[test]
fn clone_and_edit_forms_prefill_from_an_instance() {
    let d = modelarts::decode_detail(&ctx(), 200, CREATE_RESPONSE).unwrap();
    let form = modelarts::form::form_from_instance(&d);
    assert_eq!(form.name, "notebook-d115-copy");
    assert_eq!(form.profile_id, "efa847c0-7359-11eb-b34f-0255ac100057");
    assert_eq!(form.flavor, "modelarts.kat1.xlarge");
    assert_eq!(form.storage_type, "obs");
    assert_eq!(form.obs_path, "/aaaaaaaaa/output/");
    assert!(form.auto_stop_enabled);
    assert_eq!(form.auto_stop_hours, "1");
    assert_eq!(form.workspace_id, "0");
    assert!(modelarts::validate::create(&form).is_empty());
    let edit = modelarts::form::update_form_from_instance(&d);
    assert_eq!(edit.auto_stop_enabled, None);
    assert_eq!(edit.auto_stop_hours, "1");
}

#[test]
fn status_table_covers_all_fifteen() {
    assert_eq!(status::TABLE.len(), 15);
    for word in ["CREATE_QUEUING", "START_QUEUING", "READY_TO_START"] {
        assert_eq!(status::class(word), StatusClass::Queued, "{word}");
    }
    for word in ["CREATING", "STARTING", "RESTARTING", "STOPPING", "RESIZING"] {
        assert_eq!(status::class(word), StatusClass::Transitional, "{word}");
    }
    for word in [
        "CREATE_FAILED",
        "START_FAILED",
        "RESIZE_FAILED",
        "UNAVAILABLE",
    ] {
        assert_eq!(status::class(word), StatusClass::Failed, "{word}");
    }
    assert_eq!(status::class("RUNNING"), StatusClass::Running);
    assert_eq!(status::class("STOPPED"), StatusClass::Stopped);
    assert_eq!(status::class("DELETED"), StatusClass::Deleted);
    assert_eq!(status::class("HIBERNATING"), StatusClass::Unknown);

    let pk = ProviderKind::ModelArts;
    assert_eq!(
        pk.allowed_actions("RUNNING"),
        vec![Action::Stop, Action::Restart]
    );
    assert_eq!(
        pk.allowed_actions("STOPPED"),
        vec![Action::Start, Action::Delete]
    );
    assert_eq!(
        pk.allowed_actions("START_FAILED"),
        vec![Action::Start, Action::Delete]
    );
    for word in ["CREATE_FAILED", "UNAVAILABLE", "RESIZE_FAILED"] {
        assert_eq!(pk.allowed_actions(word), vec![Action::Delete], "{word}");
    }
    for word in ["CREATING", "CREATE_QUEUING", "STOPPING", "DELETED", "??"] {
        assert!(pk.allowed_actions(word).is_empty(), "{word}");
    }
    assert_eq!(pk.pending_status(Action::Start), "STARTING");
    assert_eq!(pk.pending_status(Action::Stop), "STOPPING");
    assert_eq!(pk.pending_status(Action::Restart), "RESTARTING");
    assert_eq!(pk.pending_status(Action::Delete), "DELETED");
}

#[test]
fn unlisted_status_is_unknown_and_kept() {
    let mut v: Value = serde_json::from_str(LIST).unwrap();
    v["instances"][0]["status"] = json!("FROZEN");
    let page = modelarts::decode_list(&ctx(), 0, 200, &v.to_string()).unwrap();
    assert_eq!(page.instances[0].status, "FROZEN");
    assert_eq!(page.instances[0].status_class, StatusClass::Unknown);
}

#[test]
fn unknown_fields_ignored_and_nulls_accepted() {
    let mut v: Value = serde_json::from_str(LIST).unwrap();
    v["surprise"] = json!({"a": 1});
    let item = &mut v["instances"][0];
    item["brand_new_field"] = json!([1, 2, 3]);
    for key in [
        "description",
        "profile",
        "flavor_details",
        "pool",
        "workspace",
        "user",
        "queuing_info",
        "repository",
        "ai_project",
    ] {
        item[key] = Value::Null;
    }
    item["spec"]["auto_stop"]["duration"] = json!("3600");
    item["spec"]["storage"]["location"] = Value::Null;
    let page = modelarts::decode_list(&ctx(), 0, 200, &v.to_string()).unwrap();
    let a = &page.instances[0];
    assert_eq!(a.image, None);
    assert_eq!(a.hardware.accelerator_kind, AcceleratorKind::Unknown);
    assert_eq!(a.auto_stop.as_ref().unwrap().duration_secs, Some(3600));
    let minimal = modelarts::decode_detail(&ctx(), 200, r#"{"id":"x","name":null}"#).unwrap();
    assert_eq!(minimal.id, "x");
    assert_eq!(minimal.status_class, StatusClass::Unknown);
}

#[test]
fn queuing_info_maps_to_queue() {
    let mut v: Value = serde_json::from_str(CREATE_RESPONSE).unwrap();
    v["status"] = json!("CREATE_QUEUING");
    v["queuing_info"] = json!({"rank": 3, "remain_time": 120, "end_timestamp": 1614669999000_i64, "begin_timestamp": "1614669154682"});
    let d = modelarts::decode_detail(&ctx(), 200, &v.to_string()).unwrap();
    assert_eq!(d.status_class, StatusClass::Queued);
    let q = *d.queue.unwrap();
    assert_eq!(
        (q.position, q.remaining_secs, q.expected_end),
        (Some(3), Some(120), Some(1_614_669_999_000))
    );
}

#[test]
fn failed_reasons_map_to_failure() {
    let mut v: Value = serde_json::from_str(CREATE_RESPONSE).unwrap();
    v["status"] = json!("CREATE_FAILED");
    v["spec"]["failed_reasons"] = json!({"code": "ModelArts.6360", "message": "insufficient resources", "detail": {"k": "v"}});
    let d = modelarts::decode_detail(&ctx(), 200, &v.to_string()).unwrap();
    let f = d.detail().failure.clone().unwrap();
    assert_eq!(f.code.as_deref(), Some("ModelArts.6360"));
    assert_eq!(f.message, "insufficient resources");
}

#[test]
fn paging_asks_for_the_next_page_while_more_remain() {
    let items: Vec<Value> = (0..100)
        .map(|i| json!({"id": format!("DE-{i}"), "status": "RUNNING"}))
        .collect();
    let body = json!({"total_count": 150, "instances": items}).to_string();
    let page = modelarts::decode_list(&ctx(), 0, 200, &body).unwrap();
    assert_eq!(page.next_page, Some(1));
    let page = modelarts::decode_list(&ctx(), 1, 200, &body).unwrap();
    assert_eq!(page.next_page, None);
}
