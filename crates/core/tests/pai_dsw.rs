//! PAI-DSW fixtures (seed 002 ListInstances and its small examples) parse and
//! map to the expected neutral values; GetInstance, acks, create body.

use devenv_core::providers::pai_dsw::{
    self, form::CreateForm, form::DatasetMount, request, status, wire,
};
use devenv_core::{AcceleratorKind, Action, EndpointCtx, ErrorKind, ProviderKind, StatusClass};
use serde_json::{json, Value};

/// Seed 002_e643fdf273b49d5c.txt (ListInstances, success response).
const LIST: &str = include_str!("../fixtures/pai_dsw_list_response.json");
/// Seed 002_e643fdf273b49d5c.txt (`Labels` filter example).
const LABELS_FILTER: &str = include_str!("../fixtures/pai_dsw_list_labels_filter.json");
/// Seed 002_e643fdf273b49d5c.txt (dataset `Options` example).
const DATASET_OPTIONS: &str = include_str!("../fixtures/pai_dsw_dataset_options.json");
/// Seed 002_e643fdf273b49d5c.txt (`RequestedResource` example).
const REQUESTED_RESOURCE: &str = include_str!("../fixtures/pai_dsw_requested_resource.json");
/// Seed 002_e643fdf273b49d5c.txt (`IdleInstanceCuller` example).
const IDLE_CULLER: &str = include_str!("../fixtures/pai_dsw_idle_culler.json");

fn ctx() -> EndpointCtx {
    EndpointCtx {
        endpoint_id: "dsw-sh".into(),
        project_id: None,
        workspace_id: Some("40823".into()),
    }
}

fn first_item() -> Value {
    let v: Value = serde_json::from_str(LIST).unwrap();
    v["Instances"][0].clone()
}

#[test]
fn every_fixture_parses_into_wire_types() {
    let list: wire::ListResponse = serde_json::from_str(LIST).unwrap();
    assert_eq!(list.total_count, Some(35));
    assert_eq!(list.code.as_deref(), Some("null"));
    let item = &list.instances.unwrap()[0];
    let vpc = item.user_vpc.as_ref().unwrap();
    assert_eq!(
        vpc.extended_cidrs.as_deref(),
        Some(&["192.168.0.1/24".to_string()][..])
    );
    let fwd = &vpc.forward_infos.as_ref().unwrap()[0];
    assert_eq!(fwd.ssh_public_key.as_deref(), Some(""));
    let connect = fwd.connect_info.as_ref().unwrap();
    assert_eq!(
        connect.internet.as_ref().unwrap().endpoint.as_deref(),
        Some("47.111.119.114")
    );
    assert_eq!(
        connect.intranet.as_ref().unwrap().port.as_deref(),
        Some("22")
    );
    assert_eq!(
        fwd.access_type.as_deref(),
        Some(&["intranet".to_string()][..])
    );
    assert!(vpc.bandwidth_limit.is_some());
    assert_eq!(
        item.web_ide_url.as_deref(),
        Some("https://dsw-gateway-cn-shanghai.aliyun.com/dsw-39772/ide/")
    );
    let cred = item.credential_config.as_ref().unwrap();
    let role = &cred.configs.as_ref().unwrap()[0].roles.as_ref().unwrap()[0];
    assert_eq!(
        role.user_info.as_ref().unwrap().access_key_id.as_deref(),
        Some("LT********")
    );
    assert_eq!(
        item.affinity.as_ref().unwrap().cpu.as_ref().unwrap().enable,
        Some(true)
    );
    assert_eq!(
        item.tags.as_ref().unwrap()[0].tag_key.as_deref(),
        Some("tag1")
    );
    assert_eq!(
        item.dynamic_mount
            .as_ref()
            .unwrap()
            .mount_points
            .as_ref()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        item.labels.as_ref().unwrap()[0].key.as_deref(),
        Some("stsTokenOwner")
    );
    assert_eq!(
        item.latest_snapshot.as_ref().unwrap().status.as_deref(),
        Some("Pushing")
    );
    assert_eq!(item.instance_snapshot_list.as_ref().unwrap().len(), 1);
    assert_eq!(
        item.idle_instance_culler
            .as_ref()
            .unwrap()
            .max_idle_time_in_minutes,
        Some(60)
    );
    assert!(item.datasets.as_ref().unwrap()[0]
        .options
        .as_deref()
        .unwrap()
        .contains("fs.jindo.args"));

    let rr: wire::RequestedResource = serde_json::from_str(REQUESTED_RESOURCE).unwrap();
    assert_eq!(
        (
            rr.cpu.as_deref(),
            rr.memory.as_deref(),
            rr.gpu_type.as_deref()
        ),
        (Some("4"), Some("8Gi"), Some("Tesla-V100-16G"))
    );
    let culler: wire::IdleInstanceCuller = serde_json::from_str(IDLE_CULLER).unwrap();
    assert_eq!(culler.max_idle_time_in_minutes, Some(120));
    // Dataset Options may arrive as the object itself; it is kept as JSON text.
    let options: Value = serde_json::from_str(DATASET_OPTIONS).unwrap();
    let ds: wire::Dataset =
        serde_json::from_value(json!({"DatasetId": "d-1", "Options": options})).unwrap();
    let back: Value = serde_json::from_str(ds.options.as_deref().unwrap()).unwrap();
    assert_eq!(back["fs.oss.download.thread.concurrency"], "10");
    // Labels may arrive as a plain object, as the filter example prints them.
    let labels: Value = serde_json::from_str(LABELS_FILTER).unwrap();
    let inst: wire::Instance = serde_json::from_value(json!({"Labels": labels})).unwrap();
    assert_eq!(inst.labels.unwrap().len(), 3);
}

#[test]
fn list_maps_training_data() {
    let page = pai_dsw::decode_list(&ctx(), 0, 200, LIST).unwrap();
    assert_eq!(page.total, Some(35));
    assert_eq!(page.next_page, Some(1), "TotalCount 35, one seen");
    // The list item is what the list keeps of the instance the same object
    // maps to on its own (as a detail answer): the detail view's parts and
    // the raw JSON come with the detail answer.
    let listed = &page.instances[0];
    let d = &pai_dsw::parse_instance(&ctx(), &first_item().to_string(), 200).unwrap();
    assert_eq!(listed, &d.clone().into_list_item());
    assert_eq!(d.endpoint_id, "dsw-sh");
    assert_eq!(d.provider, ProviderKind::PaiDsw);
    assert_eq!(d.id, "dsw-730xxxxxxxxxx");
    assert_eq!(d.name, "training_data");
    assert_eq!(d.status, "Running");
    assert_eq!(d.status_class, StatusClass::Running);
    assert_eq!(d.flavor.as_deref(), Some("ecs.c6.large"));
    assert_eq!(d.hardware.cpu, Some(32.0));
    assert_eq!(d.hardware.accelerators, Some(4));
    assert_eq!(d.hardware.accelerator_model.as_deref(), Some("NVIDIA A10"));
    assert_eq!(d.hardware.accelerator_kind, AcceleratorKind::Gpu);
    assert_eq!(d.hardware.memory.as_deref(), Some("32 GiB"));
    assert_eq!(d.hardware.memory_mib, Some(32 * 1024));
    assert_eq!(d.image.as_deref(), Some("py36_cpu_tf1.12_ubuntu"));
    assert_eq!(
        d.detail().connect.jupyterlab.as_deref(),
        Some("https://dsw-gateway-cn-shanghai.aliyun.com/dsw-39772/lab/")
    );
    assert_eq!(
        d.detail().connect.web_ide.as_deref(),
        Some("https://dsw-gateway-cn-shanghai.aliyun.com/dsw-39772/ide/")
    );
    assert_eq!(
        d.detail().connect.terminal.as_deref(),
        Some("https://dsw-gateway-cn-shanghai.aliyun.com/dsw-39772/tty/")
    );
    assert_eq!(
        d.detail().connect.console.as_deref(),
        Some("https://dsw-cn-shanghai.data.aliyun.com/notebook.htm?instance=39772#/")
    );
    assert_eq!(d.created, Some(1_610_462_161_000), "2021-01-12T14:36:01Z");
    assert_eq!(d.updated, Some(1_610_462_161_000));
    assert_eq!(d.detail().owner.as_deref(), Some("測試使用者"));
    let auto_stop = d.auto_stop.as_ref().unwrap();
    assert!(auto_stop.enabled);
    assert_eq!(auto_stop.stop_at, Some(1_610_462_161_000));
    assert_eq!(auto_stop.remaining_secs, Some(3600));
    assert_eq!(
        d.detail().failure,
        None,
        "ReasonCode of a running instance is not a failure"
    );
    // A list item keeps no raw JSON; the same object parsed on its own (as a
    // detail answer is) keeps it whole, the ReasonCode too.
    assert_eq!(listed.raw.text(), "");
    let whole = d;
    assert_eq!(
        whole.raw.value()["ReasonCode"],
        "Internal Error",
        "but stays in raw"
    );
    assert_eq!(whole.raw, first_item());
    assert_eq!(d.detail().storage.len(), 2);
    assert_eq!(d.detail().storage[0].kind, "dataset");
    assert_eq!(
        d.detail().storage[0].mount_path.as_deref(),
        Some("/mnt/data")
    );
    assert_eq!(
        d.detail().storage[0].path.as_deref(),
        Some("oss://bucket-name.oss-cn-shanghai-internal.aliyuncs.com/data/path/")
    );
    assert_eq!(d.detail().storage[1].kind, "cloud-disk");
    assert_eq!(d.detail().storage[1].size.as_deref(), Some("30Gi"));
    assert_eq!(
        d.detail().storage[1].mount_path.as_deref(),
        Some("/mmt/workspace")
    );
}

#[test]
fn failed_status_shows_reason() {
    let mut item = first_item();
    item["Status"] = json!("Failed");
    let d = &pai_dsw::decode_detail(&ctx(), 200, &item.to_string()).unwrap();
    assert_eq!(d.status_class, StatusClass::Failed);
    let f = d.detail().failure.as_ref().unwrap();
    assert_eq!(f.code.as_deref(), Some("Internal Error"));
    assert_eq!(f.message, "ImagePullBackOff");
}

#[test]
fn get_instance_answer_has_fields_at_top_level() {
    let mut v = first_item();
    let obj = v.as_object_mut().unwrap();
    obj.insert("RequestId".into(), json!("R-1"));
    obj.insert("Success".into(), json!(true));
    obj.insert("Code".into(), json!("null"));
    obj.insert("Message".into(), json!(""));
    obj.insert("HttpStatusCode".into(), json!(200));
    let typed: wire::GetInstanceResponse = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(typed.envelope.request_id.as_deref(), Some("R-1"));
    assert_eq!(
        typed.instance.instance_id.as_deref(),
        Some("dsw-730xxxxxxxxxx")
    );
    let d = pai_dsw::decode_detail(&ctx(), 200, &v.to_string()).unwrap();
    assert_eq!(d.id, "dsw-730xxxxxxxxxx");
    assert_eq!(
        d.raw,
        first_item(),
        "envelope fields are not part of the instance"
    );
    // Success false with 200 is an error.
    let e = pai_dsw::decode_detail(&ctx(), 200, r#"{"RequestId":"R-2","Success":false,"Code":"InstanceNotFound","Message":"no such instance","HttpStatusCode":404}"#).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Provider);
    assert!(e.is_not_found());
    assert_eq!(e.request_id.as_deref(), Some("R-2"));
}

#[test]
fn acks_and_ecs_specs_parse() {
    let ack = r#"{"RequestId":"E7D55162","InstanceId":"dsw-1","Success":true,"Code":null,"Message":null,"HttpStatusCode":200}"#;
    let v = pai_dsw::decode_ack(200, ack).unwrap();
    let typed: wire::InstanceAck = serde_json::from_value(v).unwrap();
    assert_eq!(typed.instance_id.as_deref(), Some("dsw-1"));
    let specs = r#"{"RequestId":"R","Success":true,"TotalCount":1,"EcsSpecs":[{"InstanceType":"ecs.gn6i-c4g1.xlarge","CPU":4,"Memory":15,"GPU":1,"GPUType":"NVIDIA T4","AcceleratorType":"GPU","IsAvailable":true,"Price":1.2}]}"#;
    let list = pai_dsw::decode_ecs_specs(200, specs).unwrap();
    let spec = &list.ecs_specs.unwrap()[0];
    assert_eq!(spec.instance_type.as_deref(), Some("ecs.gn6i-c4g1.xlarge"));
    assert_eq!(
        (spec.cpu, spec.memory, spec.gpu),
        (Some(4.0), Some(15.0), Some(1))
    );
    assert_eq!(spec.is_available, Some(true));
    assert_eq!(spec.other["Price"], json!(1.2));
    assert_eq!(
        request::ecs_specs("GPU").path_and_query(),
        "/api/v2/ecsspecs?AcceleratorType=GPU"
    );
}

#[test]
fn status_table_and_actions() {
    assert_eq!(status::TABLE.len(), 15);
    let expected = [
        ("Creating", StatusClass::Transitional),
        ("ResourceAllocating", StatusClass::Queued),
        ("EnvPreparing", StatusClass::Transitional),
        ("Queuing", StatusClass::Queued),
        ("Starting", StatusClass::Transitional),
        ("Running", StatusClass::Running),
        ("Updating", StatusClass::Transitional),
        ("Stopping", StatusClass::Transitional),
        ("Stopped", StatusClass::Stopped),
        ("Saving", StatusClass::Transitional),
        ("Saved", StatusClass::Stopped),
        ("SaveFailed", StatusClass::Failed),
        ("Recovering", StatusClass::Transitional),
        ("Deleting", StatusClass::Transitional),
        ("Failed", StatusClass::Failed),
        ("Hibernating", StatusClass::Unknown),
    ];
    for (word, class) in expected {
        assert_eq!(ProviderKind::PaiDsw.status_class(word), class, "{word}");
    }
    let pk = ProviderKind::PaiDsw;
    assert_eq!(pk.allowed_actions("Running"), vec![Action::Stop]);
    for word in ["Stopped", "Failed", "SaveFailed", "Saved"] {
        assert_eq!(
            pk.allowed_actions(word),
            vec![Action::Start, Action::Delete],
            "{word}"
        );
    }
    assert!(pk.allowed_actions("Creating").is_empty());
    assert_eq!(pk.pending_status(Action::Start), "Starting");
    assert_eq!(pk.pending_status(Action::Stop), "Stopping");
    assert_eq!(pk.pending_status(Action::Delete), "Deleting");
}

#[test]
fn unknown_fields_ignored_nulls_accepted_numbers_as_strings() {
    let mut item = first_item();
    item["SomethingNew"] = json!({"x": [1]});
    for key in [
        "Datasets",
        "UserVpc",
        "InstanceShutdownTimer",
        "LatestSnapshot",
        "Labels",
        "CloudDisks",
        "CredentialConfig",
        "Tags",
        "DynamicMount",
        "RequestedResource",
        "ImageName",
        "UserName",
    ] {
        item[key] = Value::Null;
    }
    item["Priority"] = json!("3");
    item["AccumulatedRunningTimeInMs"] = json!("3600000");
    let body = json!({"Instances": [item.clone()], "TotalCount": "1", "Success": true}).to_string();
    let listed = &pai_dsw::decode_list(&ctx(), 0, 200, &body)
        .unwrap()
        .instances[0];
    let d = &pai_dsw::decode_detail(&ctx(), 200, &item.to_string()).unwrap();
    assert_eq!(listed, &d.clone().into_list_item());
    assert_eq!(
        d.image.as_deref(),
        Some("registry.cn-shanghai.aliyuncs.com/pai_product/tensorflow:py36_cpu_tf1.12_ubuntu")
    );
    assert_eq!(d.detail().owner.as_deref(), Some("1612285282502324"));
    assert_eq!(
        d.hardware.accelerator_kind,
        AcceleratorKind::Cpu,
        "from AcceleratorType"
    );
    assert!(d.detail().storage.is_empty());
    // No timer left; the seed's IdleInstanceCuller (60 minutes) still stops it.
    let auto_stop = d.auto_stop.as_ref().unwrap();
    assert!(!auto_stop.has_timer());
    assert_eq!(auto_stop.idle.as_ref().unwrap().max_idle_minutes, Some(60));
}

#[test]
fn unlisted_status_is_unknown_and_kept() {
    let mut item = first_item();
    item["Status"] = json!("Migrating");
    let body = json!({"Instances": [item]}).to_string();
    let d = &pai_dsw::decode_list(&ctx(), 0, 200, &body)
        .unwrap()
        .instances[0];
    assert_eq!(
        (d.status.as_str(), d.status_class),
        ("Migrating", StatusClass::Unknown)
    );
}

#[test]
fn create_body_from_form() {
    let form = CreateForm {
        instance_name: "training_data".into(),
        workspace_id: String::new(),
        ecs_spec: "ecs.c6.large".into(),
        image_id_or_url:
            "registry.cn-shanghai.aliyuncs.com/pai_product/tensorflow:py36_cpu_tf1.12_ubuntu".into(),
        accessibility: "PRIVATE".into(),
        labels: vec![("team".into(), "ml".into())],
        env: vec![("userName".into(), "Chris".into())],
        datasets: vec![DatasetMount {
            dataset_id: "d-vsqjvsjp4orp5l206u".into(),
            mount_path: "/mnt/data".into(),
        }],
        cloud_disk_gb: "30".into(),
        priority: "1".into(),
    };
    let spec = request::create(&ctx(), &form).unwrap();
    assert_eq!(
        (spec.method.as_str(), spec.path.as_str()),
        ("POST", "/api/v2/instances")
    );
    assert_eq!(
        spec.body_json().unwrap(),
        json!({
            "WorkspaceId": "40823",
            "InstanceName": "training_data",
            "EcsSpec": "ecs.c6.large",
            "ImageUrl": "registry.cn-shanghai.aliyuncs.com/pai_product/tensorflow:py36_cpu_tf1.12_ubuntu",
            "Accessibility": "PRIVATE",
            "Labels": [{"Key": "team", "Value": "ml"}],
            "EnvironmentVariables": {"userName": "Chris"},
            "Datasets": [{"DatasetId": "d-vsqjvsjp4orp5l206u", "MountPath": "/mnt/data"}],
            "CloudDisks": [{"Capacity": "30Gi", "SubType": "rootfs"}],
            "Priority": 1
        })
    );
    let by_id = CreateForm {
        image_id_or_url: "image-05cefd0be2exxxx".into(),
        ..form
    };
    let body = request::create(&ctx(), &by_id)
        .unwrap()
        .body_json()
        .unwrap();
    assert_eq!(body["ImageId"], "image-05cefd0be2exxxx");
    assert!(body.get("ImageUrl").is_none());
}

#[test]
fn clone_form_prefills_from_instance() {
    // Clone starts from the detail answer, which carries the whole object.
    let form = pai_dsw::form::form_from_instance(&seed_instance());
    assert_eq!(form.instance_name, "training_data_copy");
    assert_eq!(form.ecs_spec, "ecs.c6.large");
    assert_eq!(form.workspace_id, "40823");
    assert_eq!(form.datasets[0].mount_path, "/mnt/data");
    assert_eq!(form.env, vec![("key".to_string(), "MAAS".to_string())]);
    assert_eq!(form.cloud_disk_gb, "30");
    assert!(
        pai_dsw::validate::create(&form).is_empty(),
        "{:?}",
        pai_dsw::validate::create(&form)
    );
}

fn seed_instance() -> devenv_core::Instance {
    pai_dsw::parse_instance(&ctx(), &first_item().to_string(), 200).unwrap()
}

#[test]
fn edit_starts_from_the_instance_and_sends_only_what_changed() {
    let instance = seed_instance();
    let before = pai_dsw::form::edit_form_from_instance(&instance);
    assert_eq!(before.instance_name, "training_data");
    assert_eq!(before.ecs_spec, "ecs.c6.large");
    // Nothing changed: nothing to send.
    assert_eq!(
        request::edit(&ctx(), &instance, &before, &before.clone()),
        Ok(None)
    );
    let mut after = before.clone();
    after.instance_name = "renamed_data".into();
    after.ecs_spec = "ecs.g6.xlarge".into();
    let spec = request::edit(&ctx(), &instance, &before, &after)
        .unwrap()
        .expect("a request");
    assert_eq!(spec.method, devenv_core::Method::Put);
    assert_eq!(spec.path, "/api/v2/instances/dsw-730xxxxxxxxxx");
    assert_eq!(
        spec.body_json(),
        Some(json!({"InstanceName": "renamed_data", "EcsSpec": "ecs.g6.xlarge"}))
    );
}

#[test]
fn edit_refuses_a_bad_name_before_anything_is_sent() {
    let instance = seed_instance();
    let before = pai_dsw::form::edit_form_from_instance(&instance);
    for bad in ["has-dash", "", "a_name_that_is_far_too_long_28"] {
        let mut after = before.clone();
        after.instance_name = bad.into();
        let errors = request::edit(&ctx(), &instance, &before, &after).unwrap_err();
        assert!(
            errors.iter().any(|e| e.field == "InstanceName"),
            "{bad:?}: {errors:?}"
        );
    }
}

#[test]
fn edit_keeps_mounted_datasets_whole_and_clears_emptied_lists() {
    let instance = seed_instance();
    let before = pai_dsw::form::edit_form_from_instance(&instance);
    assert_eq!(before.datasets[0].dataset_id, "d-vsqjvsjp4orp5l206u");
    // A second mount added: the first is sent as it was (access, options…),
    // the new one by its URI.
    let mut after = before.clone();
    after.datasets.push(DatasetMount {
        dataset_id: "oss://bucket/more/".into(),
        mount_path: "/mnt/more".into(),
    });
    let body = request::edit(&ctx(), &instance, &before, &after)
        .unwrap()
        .unwrap()
        .body_json()
        .unwrap();
    assert_eq!(body["Datasets"][0], first_item()["Datasets"][0]);
    assert_eq!(
        body["Datasets"][1],
        json!({"Uri": "oss://bucket/more/", "MountPath": "/mnt/more"})
    );
    assert!(body.get("InstanceName").is_none());
    // Every variable removed: cleared with Disassociate, not an empty map.
    let mut cleared = before.clone();
    cleared.env.clear();
    let body = request::edit(&ctx(), &instance, &before, &cleared)
        .unwrap()
        .unwrap()
        .body_json()
        .unwrap();
    assert_eq!(
        body,
        json!({"Disassociate": {"EnvironmentVariables": true}})
    );
    // An unknown URI scheme is refused on its row.
    let mut bad = before.clone();
    bad.datasets[0].dataset_id = "ftp://host/data".into();
    let errors = request::edit(&ctx(), &instance, &before, &bad).unwrap_err();
    assert_eq!(errors[0].field, "Datasets[0].DatasetId");
}

#[test]
fn a_list_item_keeps_what_the_list_shows_and_takes_the_rest_from_a_detail() {
    let detail = seed_instance();
    assert!(!detail.is_list_item());
    let item = detail.clone().into_list_item();
    assert!(item.is_list_item());
    // What rows, filters and actions use stays.
    assert_eq!(
        (
            &item.name,
            &item.id,
            &item.status,
            item.status_class,
            &item.hardware,
            &item.flavor,
            &item.image,
            item.created,
            &item.auto_stop
        ),
        (
            &detail.name,
            &detail.id,
            &detail.status,
            detail.status_class,
            &detail.hardware,
            &detail.flavor,
            &detail.image,
            detail.created,
            &detail.auto_stop
        )
    );
    // The detail view's parts go.
    assert_eq!(item.detail, None, "no detail box is kept");
    let none = item.detail();
    assert!(none.connect.is_empty() && none.storage.is_empty() && none.other_ids.is_empty());
    assert_eq!(
        (none.owner.as_deref(), none.description.as_deref()),
        (None, None)
    );
    // And come back from a detail answer, while the list's status stays.
    let mut moved = item.clone();
    moved.status = "Stopping".into();
    let shown = moved.with_detail_of(&detail);
    assert_eq!(shown.status, "Stopping");
    assert_eq!(shown.raw, detail.raw);
    assert_eq!(shown.detail().connect, detail.detail().connect);
    assert_eq!(shown.detail().storage, detail.detail().storage);
    assert_eq!(shown.detail().owner, detail.detail().owner);
    // Another instance's detail is not taken.
    let mut other = detail.clone();
    other.id = "dsw-other".into();
    assert!(item.with_detail_of(&other).is_list_item());
}
