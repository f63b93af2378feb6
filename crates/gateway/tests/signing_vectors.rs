//! Known-answer tests for the signing schemes, using only vectors the
//! providers publish themselves: their SDKs' own unit tests and the worked
//! examples of their signature documents. Each test names its source; the
//! inputs and expected strings are taken from it unchanged (only the
//! vectors, not code).
//!
//! SCNet publishes the signed text of its token request but no complete
//! signature (neither the secret key nor the full signature of its example
//! are given), so only the signed text is checked against it.

use devenv_gateway::proxy::parse_proxy_path;
use devenv_gateway::secret::Secret;
use devenv_gateway::sign::acs3::{self, AccessKeyCredentials, Acs3Request};
use devenv_gateway::sign::modelarts::{self, AccessKeyPair, SdkHmacRequest};
use devenv_gateway::sign::{canonical_query, percent_encode, scnet, sha256_hex};

const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// One request of a vendor test and its expected answer.
struct Case {
    method: &'static str,
    path: &'static str,
    query: &'static [(&'static str, &'static str)],
    host: &'static str,
    body: &'static [u8],
    expected: &'static str,
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(candidate, _)| candidate == name)
        .map(|(_, value)| value.as_str())
}

// ---- Alibaba Cloud ACS3-HMAC-SHA256 ----

/// Alibaba Cloud SDK documentation, "Request syntax and signature method
/// V3" ("V3版本请求体&签名机制",
/// help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature),
/// the worked example with fixed parameters: RunInstances on
/// ecs.cn-shanghai.aliyuncs.com, AccessKey `YourAccessKeyId` /
/// `YourAccessKeySecret`, no body.
#[test]
fn alibaba_v3_document_worked_example() {
    let query = pairs(&[
        ("RegionId", "cn-shanghai"),
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
    ]);
    assert_eq!(
        canonical_query(&query),
        "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai"
    );
    let headers = pairs(&[
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-content-sha256", EMPTY_SHA256),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-version", "2014-05-26"),
    ]);
    let (canonical_headers, signed) = acs3::canonical_headers(&headers);
    assert_eq!(
        canonical_headers,
        "host:ecs.cn-shanghai.aliyuncs.com\n\
         x-acs-action:RunInstances\n\
         x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\
         x-acs-date:2023-10-26T10:22:32Z\n\
         x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
         x-acs-version:2014-05-26\n"
    );
    assert_eq!(
        signed,
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    );
    let (canonical, signed) = acs3::canonical_request("POST", "/", &query, &headers, b"");
    assert_eq!(
        acs3::string_to_sign(&canonical),
        "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    );
    let expected = "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
    assert_eq!(
        acs3::authorization(
            &canonical,
            &signed,
            "YourAccessKeyId",
            "YourAccessKeySecret"
        ),
        expected
    );

    // The same request through the gateway's own header builder.
    let credentials = AccessKeyCredentials {
        access_key_id: Secret::new("YourAccessKeyId"),
        access_key_secret: Secret::new("YourAccessKeySecret"),
        security_token: None,
    };
    let sent = acs3::signed_headers(
        &credentials,
        &Acs3Request {
            method: "POST",
            encoded_path: "/",
            query: &query,
            host: "ecs.cn-shanghai.aliyuncs.com",
            content_type: None,
            body: b"",
            action: "RunInstances",
            version: "2014-05-26",
            date: "2023-10-26T10:22:32Z",
            nonce: "3156853299f313e23d1673dc12e1703d",
        },
    );
    assert_eq!(header(&sent, "authorization"), Some(expected));
    assert_eq!(header(&sent, "x-acs-content-sha256"), Some(EMPTY_SHA256));
}

/// `alibabacloud-go/darabonba-openapi`, `utils/client_test.go`,
/// `Test_GetAuthorization` (the same vector is in `aliyun/darabonba-openapi-util`,
/// `golang/service/service_test.go`): no method, empty pathname, query
/// `{test: ok, empty: ""}`, headers `x-acs-test: http` and
/// `x-acs-TEST: https` (one name in two cases), payload hash given as
/// `55e12e…` (the SM3 digest of `test`, used as an opaque string), key
/// `acesskey` / `secret`.
#[test]
fn alibaba_go_sdk_get_authorization() {
    let query = pairs(&[("test", "ok"), ("empty", "")]);
    let headers = pairs(&[("x-acs-test", "http"), ("x-acs-TEST", "https")]);
    let (canonical, signed) = acs3::canonical_request_with_payload_hash(
        "",
        "",
        &query,
        &headers,
        "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
    );
    assert_eq!(
        acs3::authorization(&canonical, &signed, "acesskey", "secret"),
        "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3"
    );
}

/// `aliyun/darabonba-openapi-util`, `python/tests/test_client.py`,
/// `test_get_authorization`: as the Go vector, with the request's default
/// method `GET`.
#[test]
fn alibaba_python_sdk_get_authorization() {
    let query = pairs(&[("test", "ok"), ("empty", "")]);
    let headers = pairs(&[("x-acs-test", "http"), ("x-acs-TEST", "https")]);
    let (canonical, signed) = acs3::canonical_request_with_payload_hash(
        "GET",
        "",
        &query,
        &headers,
        "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
    );
    assert_eq!(
        acs3::authorization(&canonical, &signed, "acesskey", "secret"),
        "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=d16b30a7699ae9e43875b13195b2f81bcc3ed10c14a9b5eb780e51619aa50be1"
    );
}

/// `aliyun/darabonba-openapi-util`: `python/tests/test_client.py`
/// (`test_get_canonical_query_string`), and `golang/service/service_test.go`
/// (`Test_GetEncodePath`, `Test_GetEncodeParam`).
#[test]
fn alibaba_sdk_encoding_vectors() {
    assert_eq!(
        canonical_query(&pairs(&[("test", " ~/*-+")])),
        "test=%20~%2F%2A-%2B"
    );
    let (_, path) = parse_proxy_path("/proxy/endpoint/path/%20test").expect("valid path");
    assert_eq!(path.encoded, "/path/%20test");
    assert_eq!(percent_encode("a/b/c/ test"), "a%2Fb%2Fc%2F%20test");
}

// ---- Huawei Cloud SDK-HMAC-SHA256 ----

fn huawei_keys(access_key: &str, secret_key: &str) -> AccessKeyPair {
    AccessKeyPair {
        access_key: Secret::new(access_key),
        secret_key: Secret::new(secret_key),
    }
}

/// `huaweicloud/huaweicloud-sdk-go-v3`, `core/auth/signer/signer_test.go`,
/// `TestSigner_canonicalQueryString`, and the same vector in
/// `huaweicloud/huaweicloud-sdk-python-v3`,
/// `huaweicloud-sdk-core/tests/test_signer.py`,
/// `test_process_canonical_query_string`. The list `multi: [1, 2, 3]` is
/// the repeated parameter it expands to.
#[test]
fn huawei_sdk_canonical_query_string() {
    let query = pairs(&[
        ("limit", "1"),
        ("enable", "true"),
        ("test", "一 (&=?!#%.*)"),
        ("path", "/tmp/123"),
        ("multi", "1"),
        ("multi", "2"),
        ("multi", "3"),
    ]);
    assert_eq!(
        canonical_query(&query),
        "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
    );
}

/// `huaweicloud/huaweicloud-sdk-go-v3`, `core/auth/signer/signer_test.go`,
/// `TestSigner_Sign`. That SDK signs only the headers it was given, minus
/// `content-type` and names with `_` (so `TEST_UNDERSCORE` is not signed),
/// hence `SignedHeaders=x-sdk-date`. In `test2` the body is the test's
/// struct as the SDK's JSON encoder writes it, a newline included.
#[test]
fn huawei_go_sdk_signer_test() {
    let keys = huawei_keys("AccessKey", "SecretKey");
    let date = "20060102T150405Z";
    let headers = pairs(&[("x-sdk-date", date)]);
    let cases = [
        Case {
            method: "GET",
            path: "/path",
            query: &[("limit", "1")],
            host: "",
            body: b"",
            expected: "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
        },
        Case {
            method: "POST",
            path: "/path",
            query: &[("key", "value")],
            host: "",
            body: b"{\"Name\":\"test\",\"Id\":1}\n",
            expected: "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
        },
    ];
    for case in cases {
        let (canonical, signed) = modelarts::canonical_request_over(
            case.method,
            case.path,
            &pairs(case.query),
            &headers,
            case.body,
        );
        assert_eq!(
            modelarts::authorization_of(&keys, date, &canonical, &signed),
            case.expected,
            "{}",
            case.method
        );
    }
}

/// `huaweicloud/huaweicloud-sdk-python-v3`,
/// `huaweicloud-sdk-core/tests/test_signer.py`, `test_signer1` and
/// `test_signer2`: host `service.endpoint.myhuaweicloud.com`, path
/// `/resources`, query `size=1`, `X-Sdk-Date: 20200608T023900Z`.
#[test]
fn huawei_python_sdk_signer_test() {
    let keys = huawei_keys("AccessKey", "SecretKey");
    let query = pairs(&[("size", "1")]);
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "GET",
            b"",
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
        ),
        (
            "POST",
            b"{\"name\":\"test\",\"id\":1}",
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
        ),
    ];
    for (method, body, expected) in cases {
        let request = SdkHmacRequest {
            method,
            encoded_path: "/resources",
            query: &query,
            host: "service.endpoint.myhuaweicloud.com",
            sdk_date: "20200608T023900Z",
            extra_headers: &[],
            body,
        };
        assert_eq!(
            modelarts::authorization(&keys, &request),
            expected,
            "{method}"
        );
    }
}

/// `huaweicloud/huaweicloud-sdk-java-v3`,
/// `core/src/test/java/com/huaweicloud/sdk/core/TestAKSKSigner.java`
/// (`testAKSKSigner`, an SDK version that signed `content-type`), and the
/// Huawei Cloud "API Request Signing Guide" (devg-apisign, "Constructing a
/// Canonical Request" / "Creating a To-Be-Signed String"), whose worked
/// example is the same VPC list request: its string to sign ends in the
/// hash `b25362e6…`.
#[test]
fn huawei_java_sdk_and_signing_guide_example() {
    let keys = huawei_keys(
        "QTWAOYTTINDUT2QVKYUC",
        "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    );
    let query = pairs(&[
        ("limit", "2"),
        ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
    ]);
    let extra_headers = pairs(&[("content-type", "application/json")]);
    let request = SdkHmacRequest {
        method: "GET",
        encoded_path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        query: &query,
        host: "service.region.example.com",
        sdk_date: "20191115T033655Z",
        extra_headers: &extra_headers,
        body: b"",
    };
    let (canonical, signed) = modelarts::canonical_request(&request);
    assert_eq!(
        canonical,
        format!(
            "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n\
             limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n\
             content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n\
             content-type;host;x-sdk-date\n{EMPTY_SHA256}"
        )
    );
    assert_eq!(signed, "content-type;host;x-sdk-date");
    assert_eq!(
        modelarts::string_to_sign("20191115T033655Z", &canonical),
        "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
    );
    assert_eq!(
        modelarts::authorization(&keys, &request),
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
}

/// `huaweicloud/huaweicloud-sdk-java-v3`,
/// `core/src/test/java/com/huaweicloud/sdk/core/AKSKSignerTest.java`,
/// `testAKSKSigner`, `testAKSKSigner2` and `testAKSKSigner3` (the current
/// SDK signs `host` and `x-sdk-date` only; `testAKSKSigner3` has no path
/// and sets `Host: example.com`).
#[test]
fn huawei_java_sdk_aksk_signer_test() {
    let keys = huawei_keys("AccessKey", "SecretKey");
    let list_query: &[(&str, &str)] = &[
        ("limit", "2"),
        ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
    ];
    let cases = [
        Case {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: list_query,
            host: "service.region.example.com",
            body: b"",
            expected: "fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d",
        },
        Case {
            method: "POST",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123",
            query: &[],
            host: "service.region.example.com",
            body: b"{\"key\":\"value\"}",
            expected: "b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771",
        },
        Case {
            method: "GET",
            path: "",
            query: &[],
            host: "example.com",
            body: b"",
            expected: "919ad8b75d4ad49da0d377e63ee21c4a7a54b752f6bf2878b4adbe9c19927da6",
        },
    ];
    for case in cases {
        let query = pairs(case.query);
        let request = SdkHmacRequest {
            method: case.method,
            encoded_path: case.path,
            query: &query,
            host: case.host,
            sdk_date: "20191115T033655Z",
            extra_headers: &[],
            body: case.body,
        };
        assert_eq!(
            modelarts::authorization(&keys, &request),
            format!(
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature={}",
                case.expected
            ),
            "{} {}",
            case.method,
            case.path
        );
    }
    assert_eq!(sha256_hex(b""), EMPTY_SHA256);
}

// ---- SCNet token request ----

/// SCNet Open API 2.0, "获取访问凭证（推荐）"
/// (scnet.cn/ac/openapi/doc/2.0/api/safecertification/get-user-tokens-aksk.html),
/// section 3 "签名算法": the JSON text to sign for user `bob`, AK
/// `85f96a42b13f4d2c8b760d2775bbcca8` and the seconds timestamp
/// `1764597591`. The page publishes no secret key and only a truncated
/// signature, so the HMAC itself has no published answer.
#[test]
fn scnet_document_signed_text() {
    assert_eq!(
        scnet::string_to_sign("bob", "85f96a42b13f4d2c8b760d2775bbcca8", "1764597591"),
        r#"{"accessKey":"85f96a42b13f4d2c8b760d2775bbcca8","timestamp":"1764597591","user":"bob"}"#
    );
}
