//! The ids besides the instance id that the detail view offers to copy, from
//! each seed's example (files named beside each fixture), as the detail
//! answer for the list's first item brings them (list items keep none).

use devenv_core::{EndpointCtx, ProviderKind};

fn ctx() -> EndpointCtx {
    EndpointCtx {
        endpoint_id: "e".into(),
        project_id: Some("p".into()),
        workspace_id: None,
    }
}

/// The first item of a list answer's `key` array, as JSON text.
fn first_item(body: &str, key: &str) -> serde_json::Value {
    let list: serde_json::Value = serde_json::from_str(body).unwrap();
    list[key][0].clone()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, i)| (k.to_string(), i.to_string()))
        .collect()
}

#[test]
fn modelarts_seed_000() {
    let body = include_str!("../fixtures/modelarts_list_response.json");
    let item = first_item(body, "instances").to_string();
    let detail = ProviderKind::ModelArts
        .decode_detail(&ctx(), 200, &item)
        .unwrap();
    assert_eq!(
        detail.detail().other_ids,
        pairs(&[
            ("workspace", "0"),
            ("user", "15dda26361214ca2a5953917d2f48ffb"),
            ("ai_project", "default-ai-project"),
        ])
    );
}

#[test]
fn pai_dsw_seed_002() {
    let body = include_str!("../fixtures/pai_dsw_list_response.json");
    let item = first_item(body, "Instances").to_string();
    let detail = ProviderKind::PaiDsw
        .decode_detail(&ctx(), 200, &item)
        .unwrap();
    assert_eq!(
        detail.detail().other_ids,
        pairs(&[
            ("workspace", "40823"),
            ("user", "1612285282502324"),
            ("resource", "dsw-123456789"),
            ("image", "image-05cefd0be2exxxx"),
        ])
    );
}

#[test]
fn scnet_seed_003() {
    let body = include_str!("../fixtures/scnet_list_response.json");
    let answer =
        serde_json::json!({"code": "0", "msg": "success", "data": first_item(body, "data")});
    let detail = ProviderKind::Scnet
        .decode_detail(&ctx(), 200, &answer.to_string())
        .unwrap();
    assert_eq!(
        detail.detail().other_ids,
        pairs(&[("notebook", "b54439dc621a434a88e8ab37d1897241")])
    );
}
