//! Error decoding of every shape (ModelArts `error_message`/`error_msg`,
//! PAI-DSW gateway and DSW bodies, SCNet `{code, msg}` with HTTP 200, empty,
//! HTML and garbage bodies), `is_not_found`, `field` and explanations.

use devenv_core::error::explanation;
use devenv_core::providers::modelarts::codes::CODES as MA_CODES;
use devenv_core::providers::scnet::error::EXPLANATIONS as SCNET_CODES;
use devenv_core::{ApiError, ErrorKind, ProviderKind};

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[test]
fn modelarts_shapes() {
    let pk = ProviderKind::ModelArts;
    let e = pk.decode_error(
        400,
        r#"{"error_code":"ModelArts.6318","error_message":"The param path needs to end with /."}"#,
    );
    assert_eq!(
        (e.kind, e.code.as_deref(), e.message.as_str()),
        (
            ErrorKind::Provider,
            Some("ModelArts.6318"),
            "The param path needs to end with /."
        )
    );
    assert_eq!(e.short_code(), Some("6318"));
    let e = pk.decode_error(
        401,
        r#"{"error_code":"ModelArts.0202","error_msg":"token expired","request_id":"r-9"}"#,
    );
    assert_eq!(
        (e.message.as_str(), e.request_id.as_deref()),
        ("token expired", Some("r-9"))
    );
    assert_eq!(e.explanation().key, "error.modelarts.0202");
    let e = pk.decode_error(
        403,
        r#"{"error":{"code":"ModelArts.0210","message":"project mismatch"}}"#,
    );
    assert_eq!(e.code.as_deref(), Some("ModelArts.0210"));
}

#[test]
fn pai_dsw_shapes() {
    let pk = ProviderKind::PaiDsw;
    let gw = r#"{"RequestId":"A1B2","HostId":"pai-dsw.cn-shanghai.aliyuncs.com","Code":"InstanceNotFound","Message":"The instance does not exist.","Recommend":"https://api.aliyun.com/troubleshoot?q=InstanceNotFound"}"#;
    let e = pk.decode_error(404, gw);
    assert_eq!(
        (e.kind, e.code.as_deref(), e.request_id.as_deref()),
        (ErrorKind::Provider, Some("InstanceNotFound"), Some("A1B2"))
    );
    assert!(e.is_not_found());
    let e = pk.decode_error(200, r#"{"RequestId":"R","Success":false,"Code":"InvalidParameter.InstanceName","Message":"bad name","HttpStatusCode":400}"#);
    assert_eq!(e.kind, ErrorKind::Provider);
    assert_eq!(e.field(), Some("InstanceName"));
    assert_eq!(e.explanation().key, "error.pai_dsw.invalid");
    let e = pk.decode_error(
        429,
        r#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#,
    );
    assert_eq!(e.explanation().key, "error.pai_dsw.throttling");
    let e = pk.decode_error(500, r#"{"Code":"InternalError","Message":"oops"}"#);
    assert_eq!(
        e.explanation().key,
        "error.http.5xx",
        "generic by HTTP status"
    );
    assert!(e.is_transient());
}

#[test]
fn scnet_shapes() {
    let pk = ProviderKind::Scnet;
    let e = pk.decode_error(200, r#"{"code":"10004","msg":"参数无效","data":null}"#);
    assert_eq!(
        (e.kind, e.code.as_deref(), e.message.as_str(), e.http_status),
        (ErrorKind::Provider, Some("10004"), "参数无效", Some(200))
    );
    assert_eq!(e.field(), None);
    let e = pk.decode_error(200, r#"{"code":10007,"msg":"用户已被冻结"}"#);
    assert_eq!(e.code.as_deref(), Some("10007"));
    let e = pk.decode_error(401, r#"{"code":"0","msg":"success"}"#);
    assert_eq!(e.kind, ErrorKind::Http);
}

#[test]
fn bare_empty_html_and_garbage_bodies() {
    for pk in ProviderKind::ALL {
        let e = pk.decode_error(502, "");
        assert_eq!(
            (e.kind, e.message.as_str(), e.http_status),
            (ErrorKind::Http, "HTTP 502 Bad Gateway", Some(502)),
            "{pk:?}"
        );
        let e = pk.decode_error(502, HTML_502);
        assert_eq!(e.message, "HTTP 502 Bad Gateway: 502 Bad Gateway", "{pk:?}");
        let long_html = format!("<html><body>{}</body></html>", "x ".repeat(5000));
        let e = pk.decode_error(503, &long_html);
        assert!(e.message.starts_with("HTTP 503 Service Unavailable: x x"));
        assert!(e.message.chars().count() < 200, "never the whole body");
        let e = pk.decode_error(500, "\u{0}\u{1}garbage{{{");
        assert_eq!(e.kind, ErrorKind::Http);
        let e = pk.decode_error(404, "   ");
        assert!(e.is_not_found());
        assert_eq!(e.explanation().key, "error.http.404");
        let e = pk.decode_error(418, "[1,2]");
        assert_eq!(e.message, "HTTP 418: [1,2]");
        // 2xx bodies that do not parse are decode errors in every decoder.
        let ctx = devenv_core::EndpointCtx::default();
        assert_eq!(
            pk.decode_list(&ctx, 0, 200, "<html>").unwrap_err().kind,
            ErrorKind::Decode
        );
        assert_eq!(
            pk.decode_detail(&ctx, 200, "").unwrap_err().kind,
            ErrorKind::Decode
        );
        assert_eq!(
            pk.decode_detail(&ctx, 200, "[]").unwrap_err().kind,
            ErrorKind::Decode
        );
        assert_eq!(
            pk.decode_ack(200, "not json").unwrap_err().kind,
            ErrorKind::Decode
        );
        assert!(pk.decode_ack(204, "").is_ok());
        // Non-2xx bodies go to the error decoder.
        assert_eq!(
            pk.decode_list(&ctx, 0, 503, "").unwrap_err().kind,
            ErrorKind::Http
        );
    }
}

#[test]
fn every_listed_code_has_an_explanation() {
    let ma = [
        "6301", "6302", "6304", "6305", "6306", "6307", "6308", "6309", "6316", "6317", "6318",
        "6323", "6324", "6327", "6329", "6331", "6334", "6335", "6336", "6346", "6347", "6348",
        "6349", "6357", "6358", "6360", "6361", "0201", "0202", "0203", "0210",
    ];
    assert_eq!(MA_CODES.len(), ma.len());
    for code in ma {
        let e = ProviderKind::ModelArts.decode_error(
            400,
            &format!(r#"{{"error_code":"ModelArts.{code}","error_msg":"m"}}"#),
        );
        let x = explanation(&e);
        assert_eq!(x.key, format!("error.modelarts.{code}"));
        assert!(!x.en.is_empty() && !x.zh.is_empty());
    }
    let sc = [
        "10001", "10003", "10004", "10007", "10008", "10009", "10010", "10011", "10012",
    ];
    assert_eq!(SCNET_CODES.len(), sc.len());
    for code in sc {
        let e = ProviderKind::Scnet.decode_error(200, &format!(r#"{{"code":"{code}","msg":"m"}}"#));
        assert_eq!(explanation(&e).key, format!("error.scnet.{code}"));
    }
    let generic = [
        (
            ApiError::network(ProviderKind::Scnet, "refused"),
            "error.network",
        ),
        (ApiError::timeout(ProviderKind::PaiDsw, 20), "error.timeout"),
        (
            ApiError::decode(ProviderKind::ModelArts, 200, "x"),
            "error.decode",
        ),
        (ProviderKind::PaiDsw.decode_error(401, ""), "error.http.401"),
        (ProviderKind::PaiDsw.decode_error(403, ""), "error.http.403"),
        (ProviderKind::PaiDsw.decode_error(404, ""), "error.http.404"),
        (ProviderKind::PaiDsw.decode_error(429, ""), "error.http.429"),
        (ProviderKind::PaiDsw.decode_error(504, ""), "error.http.5xx"),
        (ProviderKind::PaiDsw.decode_error(400, ""), "error.http.400"),
        (
            ProviderKind::ModelArts
                .decode_error(400, r#"{"error_code":"ModelArts.9999","error_msg":"?"}"#),
            "error.http.400",
        ),
    ];
    for (e, key) in generic {
        assert_eq!(explanation(&e).key, key, "{e:?}");
        assert!(explanation(&e).text("zh-CN") != explanation(&e).text("en"));
    }
}

#[test]
fn fields_named_by_codes() {
    let field = |code: &str| {
        ProviderKind::ModelArts
            .decode_error(
                400,
                &format!(r#"{{"error_code":"ModelArts.{code}","error_message":"m"}}"#),
            )
            .field()
    };
    for code in ["6318", "6358", "6317"] {
        assert_eq!(field(code), Some("spec.storage.location.path"), "{code}");
    }
    assert_eq!(field("6331"), Some("spec.storage.location.volume_size"));
    assert_eq!(field("6301"), Some("name"));
    for code in ["6346", "6348", "6349"] {
        assert_eq!(field(code), Some("spec.auto_stop.duration"), "{code}");
    }
    // Codes whose documented message names the parameter or the character
    // (错误码): the field is the one the message names.
    let named = |code: &str, message: &str| {
        ProviderKind::ModelArts
            .decode_error(
                400,
                &serde_json::json!({"error_code": format!("ModelArts.{code}"), "error_message": message})
                    .to_string(),
            )
            .field()
    };
    let bad_char = "Invalid value for name or description. The character `{}` is not allowed.";
    assert_eq!(
        named("6334", &bad_char.replace("{}", "<")),
        Some("description")
    );
    assert_eq!(
        named("6334", &bad_char.replace("{}", "/")),
        Some("description")
    );
    assert_eq!(named("6334", &bad_char.replace("{}", " ")), Some("name"));
    assert_eq!(named("6334", &bad_char.replace("{}", "!")), Some("name"));
    assert_eq!(
        named("6335", "'profile_id' is a required property."),
        Some("profile_id")
    );
    assert_eq!(
        named("6336", "'description' property value is incorrect."),
        Some("description")
    );
    assert_eq!(
        named("6336", "'name' property value is incorrect."),
        Some("name")
    );
    assert_eq!(
        named("6336", "'pool_id' property value is incorrect."),
        None
    );
    assert_eq!(
        named("6347", "When the instance is in the 'STARTING' status, the 'auto_stop' parameter cannot be modified."),
        Some("spec.auto_stop.duration")
    );
    assert_eq!(field("6323"), Some("flavor"));
    assert_eq!(field("6324"), Some("spec.storage.type"));
    assert_eq!(field("6316"), Some("spec.storage.type"));
    assert_eq!(field("6309"), None);
}

#[test]
fn not_found_detection() {
    assert!(ProviderKind::ModelArts
        .decode_error(
            400,
            r#"{"error_code":"ModelArts.6309","error_message":"The instance does not exist."}"#
        )
        .is_not_found());
    assert!(!ProviderKind::ModelArts
        .decode_error(
            400,
            r#"{"error_code":"ModelArts.6308","error_message":"x"}"#
        )
        .is_not_found());
    assert!(ProviderKind::PaiDsw
        .decode_error(400, r#"{"Code":"Instance.NotFound","Message":"x"}"#)
        .is_not_found());
    assert!(ProviderKind::Scnet
        .decode_error(200, r#"{"code":"10001","msg":"instance not found"}"#)
        .is_not_found());
    assert!(!ProviderKind::Scnet
        .decode_error(200, r#"{"code":"10004","msg":"参数无效"}"#)
        .is_not_found());
}
