//! Request builders produce the documented paths, methods, queries and
//! bodies (API-NOTES; seeds 000, 002, 003 for the list parameters).

use devenv_core::providers::{modelarts, pai_dsw, scnet};
use devenv_core::{Action, EndpointCtx, Method, ProviderKind};
use serde_json::json;

fn ctx() -> EndpointCtx {
    EndpointCtx {
        endpoint_id: "e".into(),
        project_id: Some("0b1c2d".into()),
        workspace_id: Some("40823".into()),
    }
}

#[test]
fn modelarts_paths() {
    let pk = ProviderKind::ModelArts;
    assert_eq!(pk.page_size(), 100);
    let list = pk.list_request(&ctx(), 2);
    assert_eq!(list.method, Method::Get);
    assert_eq!(
        list.path_and_query(),
        "/v1/0b1c2d/demanager/instances?de_type=Notebook&sortby=creation_timestamp&order=desc&offset=200&limit=100&workspace_id=40823"
    );
    let no_ws = EndpointCtx {
        workspace_id: None,
        ..ctx()
    };
    assert!(!pk
        .list_request(&no_ws, 0)
        .path_and_query()
        .contains("workspace_id"));
    let all = modelarts::request::list(
        &ctx(),
        &modelarts::request::ListQuery {
            status: Some("RUNNING".into()),
            sortby: Some("name".into()),
            order: Some("asc".into()),
            offset: Some(0),
            limit: Some(0),
            workspace_id: Some("0".into()),
            show_self: Some(true),
            pool_id: Some("pool".into()),
            provision_type: Some("Docker".into()),
            ai_project: Some("default-ai-project".into()),
        },
    );
    let keys: Vec<&str> = all.query.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "de_type",
            "provision_type",
            "status",
            "sortby",
            "order",
            "offset",
            "limit",
            "workspace_id",
            "show_self",
            "pool_id",
            "ai_project"
        ]
    );
    let d = pk.detail_request(&ctx(), "DE-7d55 8ef8/x");
    assert_eq!(d.path, "/v1/0b1c2d/demanager/instances/DE-7d55%208ef8%2Fx");
    let start = pk.action_request(&ctx(), "DE-1", Action::Start).unwrap();
    assert_eq!(
        (start.method, start.path.as_str()),
        (Method::Post, "/v1/0b1c2d/demanager/instances/DE-1/action")
    );
    assert_eq!(start.body_json(), Some(json!({"action": "start"})));
    let stop = pk.action_request(&ctx(), "DE-1", Action::Stop).unwrap();
    assert_eq!(stop.body_json(), Some(json!({"action": "stop"})));
    let restart = pk.action_request(&ctx(), "DE-1", Action::Restart).unwrap();
    assert_eq!(restart.body_json(), Some(json!({"action": "restart"})));
    let delete = pk.action_request(&ctx(), "DE-1", Action::Delete).unwrap();
    assert_eq!(
        (delete.method, delete.path.as_str(), delete.body.is_none()),
        (Method::Delete, "/v1/0b1c2d/demanager/instances/DE-1", true)
    );
    let queue = modelarts::request::action_named(&ctx(), "DE-1", "queue");
    assert_eq!(queue.body_json(), Some(json!({"action": "queue"})));
}

#[test]
fn pai_dsw_paths() {
    let pk = ProviderKind::PaiDsw;
    let list = pk.list_request(&ctx(), 0);
    assert_eq!(
        list.path_and_query(),
        "/api/v2/instances?WorkspaceId=40823&ResourceId=ALL&PageNumber=1&PageSize=100&SortBy=GmtCreateTime&Order=DESC"
    );
    // Without a workspace the endpoint lists every workspace, and always
    // subscription as well as pay-as-you-go instances (seed 002: a blank
    // WorkspaceId is the default workspace only, a blank ResourceId is
    // pay-as-you-go only).
    let no_workspace = EndpointCtx {
        workspace_id: None,
        ..ctx()
    };
    let all = pk.list_request(&no_workspace, 0);
    assert!(all.query.contains(&("WorkspaceId".into(), "ALL".into())));
    assert!(all.query.contains(&("ResourceId".into(), "ALL".into())));
    let blank = EndpointCtx {
        workspace_id: Some("  ".into()),
        ..ctx()
    };
    assert!(pk
        .list_request(&blank, 0)
        .query
        .contains(&("WorkspaceId".into(), "ALL".into())));
    assert!(pk
        .list_request(&ctx(), 4)
        .query
        .contains(&("PageNumber".into(), "5".into())));
    let q = pai_dsw::request::ListQuery {
        workspace_id: Some("ALL".into()),
        instance_name: Some("training_data".into()),
        resource_id: Some("ALL".into()),
        status: Some("Running".into()),
        payment_type: Some("PayAsYouGo".into()),
        accessibility: Some("PRIVATE".into()),
        accelerator_type: Some("CPU".into()),
        page_number: Some(1),
        page_size: Some(10),
        sort_by: Some("GmtCreateTime".into()),
        order: Some("DESC".into()),
        instance_id: Some("dsw-730xxxxxxxxxx".into()),
        labels: vec![("key1".into(), "value1".into())],
        create_user_id: Some("12345".into()),
        gpu_type: Some("NVIDIA A10".into()),
        min_cpu: Some("2000".into()),
        max_cpu: Some("30000".into()),
        min_gpu: Some("100".into()),
        max_gpu: Some("8000".into()),
        min_memory: Some("4".into()),
        max_memory: Some("48".into()),
        min_gpu_memory: Some("8".into()),
        max_gpu_memory: Some("16".into()),
        image_name: Some("modelscope".into()),
        tag: vec![("tag1".into(), "value1".into())],
        oversold_info: Some("ForceQuotaOverSold".into()),
        oversold_type: Some("AcceptQuotaOverSold".into()),
        create_time_after: Some("2024-01-12T14:36:01Z".into()),
        create_time_before: Some("2024-01-12T15:36:01Z".into()),
    };
    let spec = pai_dsw::request::list(&ctx(), &q);
    let keys: Vec<&str> = spec.query.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys.len(), 29);
    for key in [
        "WorkspaceId",
        "InstanceName",
        "ResourceId",
        "Status",
        "PaymentType",
        "Accessibility",
        "AcceleratorType",
        "PageNumber",
        "PageSize",
        "SortBy",
        "Order",
        "InstanceId",
        "Labels",
        "CreateUserId",
        "GpuType",
        "MinCpu",
        "MaxCpu",
        "MinGpu",
        "MaxGpu",
        "MinMemory",
        "MaxMemory",
        "MinGpuMemory",
        "MaxGpuMemory",
        "ImageName",
        "Tag",
        "OversoldInfo",
        "OversoldType",
        "CreateTimeAfter",
        "CreateTimeBefore",
    ] {
        assert!(keys.contains(&key), "{key}");
    }
    let labels = &spec.query.iter().find(|(k, _)| k == "Labels").unwrap().1;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(labels).unwrap(),
        json!({"key1": "value1"})
    );
    let d = pk.detail_request(&ctx(), "dsw-1");
    assert_eq!(
        (d.method, d.path.as_str()),
        (Method::Get, "/api/v2/instances/dsw-1")
    );
    let start = pk.action_request(&ctx(), "dsw-1", Action::Start).unwrap();
    assert_eq!(
        (start.method, start.path.as_str()),
        (Method::Put, "/api/v2/instances/dsw-1/start")
    );
    let stop = pk.action_request(&ctx(), "dsw-1", Action::Stop).unwrap();
    assert_eq!(
        (stop.method, stop.path.as_str()),
        (Method::Put, "/api/v2/instances/dsw-1/stop")
    );
    let delete = pk.action_request(&ctx(), "dsw-1", Action::Delete).unwrap();
    assert_eq!(
        (delete.method, delete.path.as_str()),
        (Method::Delete, "/api/v2/instances/dsw-1")
    );
    assert!(pk
        .action_request(&ctx(), "dsw-1", Action::Restart)
        .is_none());
    let saving = pai_dsw::request::stop(&ctx(), "dsw-1", Some(true));
    assert_eq!(
        saving.path_and_query(),
        "/api/v2/instances/dsw-1/stop?SaveImage=true"
    );
    let update = pai_dsw::request::update(
        &ctx(),
        "dsw-1",
        &pai_dsw::wire::UpdateInstanceRequest {
            ecs_spec: Some("ecs.g6.xlarge".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        (update.method, update.path.as_str()),
        (Method::Put, "/api/v2/instances/dsw-1")
    );
    assert_eq!(
        update.body_json(),
        Some(json!({"EcsSpec": "ecs.g6.xlarge"}))
    );
}

#[test]
fn scnet_paths() {
    let pk = ProviderKind::Scnet;
    let list = pk.list_request(&ctx(), 1);
    assert_eq!(list.body, None, "filters travel as query parameters");
    assert_eq!(
        list.path_and_query(),
        "/ai/openapi/v2/instance-service/task?start=100&limit=100&sort=desc"
    );
    let q = scnet::request::ListQuery {
        instance_service_name: vec!["Instances_2204208761".into()],
        status: Some("Waiting".into()),
        task_type: Some("ssh".into()),
        start: Some(0),
        limit: Some(20),
        sort: Some("desc".into()),
    };
    assert_eq!(
        scnet::request::list(&ctx(), &q).path_and_query(),
        "/ai/openapi/v2/instance-service/task?instanceServiceName=Instances_2204208761&status=Waiting&taskType=ssh&start=0&limit=20&sort=desc"
    );
    // `instanceServiceName` is an array in the documented list body: one
    // repeated query parameter per name (the gateway makes the array again);
    // blank names are left out.
    let names = scnet::request::ListQuery {
        instance_service_name: vec!["a b".into(), " ".into(), "Instances_2204208761".into()],
        ..scnet::request::ListQuery::default()
    };
    assert_eq!(
        scnet::request::list(&ctx(), &names).path_and_query(),
        "/ai/openapi/v2/instance-service/task?instanceServiceName=a%20b&instanceServiceName=Instances_2204208761"
    );
    let spec = scnet::request::list(&ctx(), &names);
    assert_eq!(
        spec.query
            .iter()
            .filter(|(k, _)| k == "instanceServiceName")
            .count(),
        2
    );
    let d = pk.detail_request(&ctx(), "530491fa");
    assert_eq!(
        (d.method, d.path.as_str()),
        (
            Method::Get,
            "/ai/openapi/v2/instance-service/530491fa/detail"
        )
    );
    let start = pk
        .action_request(&ctx(), "530491fa", Action::Start)
        .unwrap();
    assert_eq!(
        (start.method, start.path_and_query().as_str()),
        (
            Method::Post,
            "/ai/openapi/v2/instance-service/task/actions/restart?instanceServiceId=530491fa"
        )
    );
    let stop = pk.action_request(&ctx(), "530491fa", Action::Stop).unwrap();
    assert_eq!(
        (stop.method, stop.path_and_query().as_str()),
        (
            Method::Post,
            "/ai/openapi/v2/instance-service/task/actions/stop?ids=530491fa"
        )
    );
    let delete = pk
        .action_request(&ctx(), "530491fa", Action::Delete)
        .unwrap();
    assert_eq!(
        (delete.method, delete.path_and_query().as_str()),
        (
            Method::Delete,
            "/ai/openapi/v2/instance-service/task?ids=530491fa"
        )
    );
    assert!(pk
        .action_request(&ctx(), "530491fa", Action::Restart)
        .is_none());
}
