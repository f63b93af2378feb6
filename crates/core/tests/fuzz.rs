//! Property-based checks of every answer decoder of the three providers
//! (`decode_list`, `decode_detail`, `decode_ack`, `decode_created` and
//! `decode_error`), with shrinking to a minimal counterexample:
//!
//! 1. A non-2xx answer (any status in 100..=599 outside 200..=299) is never a
//!    success, whatever the body; every decoder hands it to the provider's
//!    error decoder and reports an HTTP or provider error.
//! 2. Every error names the provider it was decoded with, carries the
//!    answer's HTTP status and a non-empty message.
//! 3. Every success answer among the fixtures decodes to success with any
//!    2xx status (HTTP 200 included), with as many instances as the fixture
//!    has items; the list's items, wrapped as each provider's detail answer,
//!    decode to the same instances; the error fixtures decode to their
//!    provider error at any status.
//! 4. No input panics: arbitrary text and bytes, HTML, random JSON, and the
//!    fixtures mutated (bit flips, truncation, deleted keys, values replaced
//!    by other JSON types, deep nesting, long strings and arrays), at any
//!    status; (1) and (2) hold for every outcome. Single changes are also
//!    tried exhaustively: every member of every success answer deleted and
//!    every node replaced by a value of each JSON type.
//! 5. A 2xx answer that is not JSON is a decode error in every decoder (a
//!    blank 2xx answer is an empty acknowledgement, as for `204 No Content`).
//!
//! Runs are deterministic: a fixed RNG seed unless `PROPTEST_RNG_SEED` is
//! set, 256 cases per property unless `PROPTEST_CASES` is set, and no
//! regression files are written.

use devenv_core::{ApiError, EndpointCtx, ErrorKind, Instance, ListPage, ProviderKind};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{RngSeed, TestCaseError};
use serde_json::{json, Value};
use std::sync::LazyLock;

type Check = Result<(), TestCaseError>;

const CASES: u32 = 256;
const SEED: u64 = 0x00DE_C0DE_5EED_2024;

fn config() -> ProptestConfig {
    let base = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            base.cases
        } else {
            CASES
        },
        rng_seed: match base.rng_seed {
            RngSeed::Random => RngSeed::Fixed(SEED),
            fixed => fixed,
        },
        failure_persistence: None,
        ..base
    }
}

// ---------------------------------------------------------------- fixtures

const MA_LIST: &str = include_str!("../fixtures/modelarts_list_response.json");
const MA_CREATE: &str = include_str!("../fixtures/modelarts_create_response.json");
const MA_UPDATE: &str = include_str!("../fixtures/modelarts_update_response.json");
const MA_CREATE_ERROR: &str = include_str!("../fixtures/modelarts_create_error.json");
const MA_UPDATE_ERROR: &str = include_str!("../fixtures/modelarts_update_error.json");
const DSW_LIST: &str = include_str!("../fixtures/pai_dsw_list_response.json");
const SCNET_LIST: &str = include_str!("../fixtures/scnet_list_response.json");

/// Every fixture, as printed in the provider documents.
const FIXTURES: [(&str, &str); 15] = [
    ("modelarts_list_response", MA_LIST),
    ("modelarts_create_response", MA_CREATE),
    ("modelarts_update_response", MA_UPDATE),
    ("modelarts_create_error", MA_CREATE_ERROR),
    ("modelarts_update_error", MA_UPDATE_ERROR),
    ("pai_dsw_list_response", DSW_LIST),
    ("scnet_list_response", SCNET_LIST),
    (
        "modelarts_create_request",
        include_str!("../fixtures/modelarts_create_request.json"),
    ),
    (
        "modelarts_update_request",
        include_str!("../fixtures/modelarts_update_request.json"),
    ),
    (
        "pai_dsw_list_labels_filter",
        include_str!("../fixtures/pai_dsw_list_labels_filter.json"),
    ),
    (
        "pai_dsw_dataset_options",
        include_str!("../fixtures/pai_dsw_dataset_options.json"),
    ),
    (
        "pai_dsw_requested_resource",
        include_str!("../fixtures/pai_dsw_requested_resource.json"),
    ),
    (
        "pai_dsw_idle_culler",
        include_str!("../fixtures/pai_dsw_idle_culler.json"),
    ),
    (
        "scnet_list_request",
        include_str!("../fixtures/scnet_list_request.json"),
    ),
    (
        "scnet_list_headers",
        include_str!("../fixtures/scnet_list_headers.json"),
    ),
];

/// A list answer fixture: its provider, text, and the keys of its items,
/// their ids and its total.
struct ListFixture {
    provider: ProviderKind,
    name: &'static str,
    text: &'static str,
    items_key: &'static str,
    id_key: &'static str,
    total_key: &'static str,
}

const LIST_FIXTURES: [ListFixture; 3] = [
    ListFixture {
        provider: ProviderKind::ModelArts,
        name: "modelarts_list_response",
        text: MA_LIST,
        items_key: "instances",
        id_key: "id",
        total_key: "total_count",
    },
    ListFixture {
        provider: ProviderKind::PaiDsw,
        name: "pai_dsw_list_response",
        text: DSW_LIST,
        items_key: "Instances",
        id_key: "InstanceId",
        total_key: "TotalCount",
    },
    ListFixture {
        provider: ProviderKind::Scnet,
        name: "scnet_list_response",
        text: SCNET_LIST,
        items_key: "data",
        id_key: "id",
        total_key: "total",
    },
];

/// ModelArts create and update answers: one instance each (detail and ack
/// decoders; the create answer also names the new instance's id).
const DETAIL_FIXTURES: [(&str, &str, bool); 2] = [
    ("modelarts_create_response", MA_CREATE, true),
    ("modelarts_update_response", MA_UPDATE, false),
];

/// Provider error bodies: the ModelArts error fixtures and the documented
/// error shapes of the other two providers, with whether a 2xx status makes
/// them an error too (the PAI-DSW gateway shape comes with error statuses
/// only).
const ERROR_BODIES: [(ProviderKind, &str, &str, bool); 5] = [
    (
        ProviderKind::ModelArts,
        "modelarts_create_error",
        MA_CREATE_ERROR,
        true,
    ),
    (
        ProviderKind::ModelArts,
        "modelarts_update_error",
        MA_UPDATE_ERROR,
        true,
    ),
    (
        ProviderKind::PaiDsw,
        "pai-dsw DSW error",
        r#"{"RequestId":"R","Success":false,"Code":"InvalidParameter.InstanceName","Message":"bad name","HttpStatusCode":400}"#,
        true,
    ),
    (
        ProviderKind::PaiDsw,
        "pai-dsw gateway error",
        r#"{"RequestId":"A1B2","HostId":"pai-dsw.cn-shanghai.aliyuncs.com","Code":"InstanceNotFound","Message":"The instance does not exist.","Recommend":"https://api.aliyun.com/troubleshoot?q=InstanceNotFound"}"#,
        false,
    ),
    (
        ProviderKind::Scnet,
        "scnet error",
        r#"{"code":"10004","msg":"参数无效","data":null}"#,
        true,
    ),
];

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

/// One list item as the provider's detail answer: the ModelArts instance
/// itself, the PAI-DSW GetInstance envelope, the SCNet `{code, msg, data}`.
fn detail_body(provider: ProviderKind, item: &Value) -> String {
    match provider {
        ProviderKind::ModelArts => item.to_string(),
        ProviderKind::PaiDsw => {
            let mut v = item.clone();
            v["RequestId"] = json!("R-1");
            v["Success"] = json!(true);
            v["Code"] = Value::Null;
            v["Message"] = Value::Null;
            v["HttpStatusCode"] = json!(200);
            v.to_string()
        }
        ProviderKind::Scnet => json!({"code": "0", "msg": "success", "data": item}).to_string(),
    }
}

/// A body with a name; a counterexample shows the name only.
struct Named {
    name: String,
    text: String,
}

impl std::fmt::Debug for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

fn named(name: impl Into<String>, text: impl Into<String>) -> Named {
    Named {
        name: name.into(),
        text: text.into(),
    }
}

/// Every unmutated answer that decodes to success with a 2xx status: the
/// list, create and update fixtures, each list item as its provider's
/// detail answer, the acknowledgement shapes. Shortest first, so that a
/// counterexample shrinks to the shortest body that shows it.
static SUCCESS_BODIES: LazyLock<Vec<Named>> = LazyLock::new(|| {
    let mut bodies: Vec<Named> = LIST_FIXTURES
        .iter()
        .map(|f| named(f.name, f.text))
        .collect();
    bodies.extend(DETAIL_FIXTURES.iter().map(|(n, t, _)| named(*n, *t)));
    for f in &LIST_FIXTURES {
        let fixture = parse(f.text);
        for (i, item) in fixture[f.items_key]
            .as_array()
            .expect("items")
            .iter()
            .enumerate()
        {
            bodies.push(named(
                format!("{} item {i} as a detail answer", f.name),
                detail_body(f.provider, item),
            ));
        }
    }
    bodies.extend([
        named(
            "pai-dsw create answer",
            r#"{"RequestId":"R","InstanceId":"dsw-1","Success":true,"Code":null,"Message":null,"HttpStatusCode":200}"#,
        ),
        named(
            "scnet create answer",
            r#"{"code":"0","msg":"success","data":{"id":"abc"}}"#,
        ),
        named(
            "scnet bare create answer",
            r#"{"code":"0","msg":"success","data":"abc"}"#,
        ),
        named(
            "modelarts action answer",
            r#"{"current_status":"STARTING","previous_state":"STOPPED"}"#,
        ),
    ]);
    bodies.sort_by_key(|b| b.text.len());
    bodies
});

/// Bodies to start mutations from: the success answers, every other
/// fixture, the error shapes. Shortest first.
static SEEDS: LazyLock<Vec<Named>> = LazyLock::new(|| {
    let mut seeds: Vec<Named> = SUCCESS_BODIES
        .iter()
        .map(|b| named(b.name.clone(), b.text.clone()))
        .collect();
    seeds.extend(
        FIXTURES
            .iter()
            .filter(|(name, _)| !seeds.iter().any(|s| s.name == *name))
            .filter(|(name, _)| !ERROR_BODIES.iter().any(|(_, n, _, _)| n == name))
            .map(|(name, text)| named(*name, *text))
            .collect::<Vec<_>>(),
    );
    seeds.extend(ERROR_BODIES.iter().map(|(_, n, b, _)| named(*n, *b)));
    seeds.sort_by_key(|s| s.text.len());
    seeds
});

// ---------------------------------------------------------------- strategies

/// The error statuses providers and gateways answer most.
const COMMON_ERRORS: &[u16] = &[400, 401, 403, 404, 409, 429, 500, 502, 503, 504];

/// Any status in 100..=599 outside 200..=299, the common ones often.
fn non_2xx() -> impl Strategy<Value = u16> {
    prop_oneof![
        2 => select(COMMON_ERRORS),
        1 => 100u16..=199,
        2 => 300u16..=599,
    ]
}

fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => 200u16..=299,
        3 => non_2xx(),
        1 => any::<u16>(),
    ]
}

fn page() -> impl Strategy<Value = u32> {
    prop_oneof![3 => 0u32..4, 1 => any::<u32>()]
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "status",
    "instances",
    "total_count",
    "flavor_details",
    "params",
    "spec",
    "error_code",
    "error_message",
    "error_msg",
    "error",
    "Instances",
    "TotalCount",
    "InstanceId",
    "Status",
    "Success",
    "Code",
    "Message",
    "HttpStatusCode",
    "RequestId",
    "code",
    "msg",
    "message",
    "data",
    "total",
];

const STRINGS: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "null",
    "true",
    "false",
    "1594887749962",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "RUNNING",
    "Running",
    "STOPPED",
    "Failed",
    "2024-02-30 25:61:61",
    "02:00:00",
    "unlimited",
    "64GiB",
    "-5GiB",
    "ModelArts.6309",
    "10004",
    "实例不存在",
    "\u{0}",
    "\u{feff}",
    "\u{a0}",
    "💥",
];

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "0.5",
    "1e308",
    "-1e308",
    "1e-320",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "123456789012345678901234567890",
];

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        select(NUMBERS).prop_map(|t| serde_json::from_str(t).unwrap_or(Value::Null)),
        select(STRINGS).prop_map(Value::from),
        "(?s).{0,24}".prop_map(Value::from),
    ]
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![select(KEYS).prop_map(String::from), "[A-Za-z_]{0,8}"]
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((json_key(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A change to a seed's JSON at one of its nodes, picked uniformly among
/// all its nodes (among all members and elements, for a deletion).
#[derive(Debug, Clone)]
enum ValueOp {
    /// Delete a member of an object (an element of an array).
    Delete(Index),
    /// Replace the node with any JSON value (of another type, mostly).
    Replace(Index, Value),
    /// Wrap the node in `n` arrays or objects.
    Nest(Index, usize, bool),
    /// Replace the node with a long string.
    LongString(Index, char, usize),
    /// Replace the node with an array of `n` copies of it.
    Repeat(Index, usize),
}

/// A change to a body's bytes.
#[derive(Debug, Clone)]
enum TextOp {
    Flip(Index, u8),
    Truncate(Index),
    Insert(Index, &'static str),
    Cut(Index, usize),
}

const SNIPPETS: &[&str] = &[
    "\"", "{", "}", "[", "]", ",", ":", "null", "\\", "\\u0000", "\\ud800", "1e400", "-", "NaN",
    "\u{0}", "\u{a0}", "\u{feff}", "<html>", "\"\":", "{}", "[]", "💥",
];

fn value_op() -> impl Strategy<Value = ValueOp> {
    prop_oneof![
        3 => any::<Index>().prop_map(ValueOp::Delete),
        4 => (any::<Index>(), json_value()).prop_map(|(at, v)| ValueOp::Replace(at, v)),
        1 => (any::<Index>(), 1usize..=160, any::<bool>())
            .prop_map(|(at, n, o)| ValueOp::Nest(at, n, o)),
        1 => (any::<Index>(), any::<char>(), 0usize..=65_536)
            .prop_map(|(at, c, n)| ValueOp::LongString(at, c, n)),
        1 => (any::<Index>(), 0usize..=64).prop_map(|(at, n)| ValueOp::Repeat(at, n)),
    ]
}

fn text_op() -> impl Strategy<Value = TextOp> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| TextOp::Flip(i, b)),
        2 => any::<Index>().prop_map(TextOp::Truncate),
        2 => (any::<Index>(), select(SNIPPETS)).prop_map(|(i, s)| TextOp::Insert(i, s)),
        1 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| TextOp::Cut(i, n)),
    ]
}

/// One step from a node to a child.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

/// The path of every node of `value`, in pre-order (the root first).
fn node_paths(value: &Value) -> Vec<Vec<Step>> {
    fn walk(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(prefix.clone());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    prefix.push(Step::Key(key.clone()));
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    prefix.push(Step::At(i));
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), &mut out);
    out
}

fn node_mut<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |node, step| {
        match step {
            Step::Key(key) => node.get_mut(key.as_str()),
            Step::At(i) => node.get_mut(*i),
        }
        .expect("the path exists")
    })
}

/// Removes the node at `path` (not the root) from its parent.
fn delete_at(value: &mut Value, path: &[Step]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    match (node_mut(value, parent), last) {
        (Value::Object(map), Step::Key(key)) => {
            map.remove(key.as_str());
        }
        (Value::Array(items), Step::At(i)) => {
            items.remove(*i);
        }
        _ => unreachable!("a path step matches its parent"),
    }
}

fn apply_value_op(value: &mut Value, op: &ValueOp) {
    let paths = node_paths(value);
    let node = |at: &Index| paths[at.index(paths.len())].as_slice();
    match op {
        ValueOp::Delete(at) => {
            let members = &paths[1..];
            if !members.is_empty() {
                delete_at(value, &members[at.index(members.len())]);
            }
        }
        ValueOp::Replace(at, with) => *node_mut(value, node(at)) = with.clone(),
        ValueOp::Nest(at, depth, object) => {
            let node = node_mut(value, node(at));
            let mut nested = node.take();
            for _ in 0..*depth {
                nested = if *object {
                    json!({ "a": nested })
                } else {
                    Value::Array(vec![nested])
                };
            }
            *node = nested;
        }
        ValueOp::LongString(at, c, len) => {
            *node_mut(value, node(at)) = Value::String(c.to_string().repeat(*len));
        }
        ValueOp::Repeat(at, n) => {
            let node = node_mut(value, node(at));
            *node = Value::Array(vec![node.clone(); *n]);
        }
    }
}

fn apply_text_op(bytes: &mut Vec<u8>, op: &TextOp) {
    let len = bytes.len();
    match op {
        TextOp::Flip(at, bit) if len > 0 => bytes[at.index(len)] ^= 1 << bit,
        TextOp::Flip(..) => {}
        TextOp::Truncate(at) => bytes.truncate(at.index(len.max(1))),
        TextOp::Insert(at, snippet) => {
            let at = at.index(len + 1);
            bytes.splice(at..at, snippet.bytes());
        }
        TextOp::Cut(at, n) if len > 0 => {
            let at = at.index(len);
            bytes.drain(at..(at + n).min(len));
        }
        TextOp::Cut(..) => {}
    }
}

/// A seed with its JSON changed (re-serialised compactly) and/or its bytes.
fn mutate(seed: &str, value_ops: &[ValueOp], text_ops: &[TextOp]) -> String {
    let mut text = seed.to_string();
    if !value_ops.is_empty() {
        let mut value = parse(seed);
        for op in value_ops {
            apply_value_op(&mut value, op);
        }
        text = value.to_string();
    }
    let mut bytes = text.into_bytes();
    for op in text_ops {
        apply_text_op(&mut bytes, op);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn seed() -> impl Strategy<Value = &'static str> {
    any::<Index>().prop_map(|i| SEEDS[i.index(SEEDS.len())].text.as_str())
}

/// A seed with up to two JSON changes and up to two byte changes.
fn mutated_seed() -> impl Strategy<Value = String> {
    (seed(), vec(value_op(), 0..3), vec(text_op(), 0..3))
        .prop_map(|(seed, value_ops, text_ops)| mutate(seed, &value_ops, &text_ops))
}

/// A seed with its bytes damaged (always cut short, perhaps flipped too).
fn broken_seed() -> impl Strategy<Value = String> {
    (seed(), any::<Index>(), vec(text_op(), 0..3)).prop_map(|(seed, cut, text_ops)| {
        let mut bytes = seed.as_bytes().to_vec();
        bytes.truncate(cut.index(bytes.len()));
        for op in &text_ops {
            apply_text_op(&mut bytes, op);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn success_body() -> impl Strategy<Value = &'static Named> {
    any::<Index>().prop_map(|i| &SUCCESS_BODIES[i.index(SUCCESS_BODIES.len())])
}

fn random_text() -> impl Strategy<Value = String> {
    "(?s).{0,200}"
}

fn random_bytes() -> impl Strategy<Value = String> {
    vec(any::<u8>(), 0..200).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Empty or whitespace only (JSON whitespace and other Unicode spaces).
fn blank() -> impl Strategy<Value = String> {
    vec(
        select(&[' ', '\t', '\r', '\n', '\u{a0}', '\u{2028}', '\u{3000}'][..]),
        0..6,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// An HTML page, as gateways and proxies answer.
fn html() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(HTML_502.to_string()),
        ("[ -~]{0,40}", "(?s).{0,80}").prop_map(|(title, text)| format!(
            "<!DOCTYPE html><html><head><title>{title}</title></head><body><p>{text}</p></body></html>"
        )),
        "(?s).{0,80}".prop_map(|text| format!("<html><body><h1>{text}</h1>")),
    ]
}

/// Any body: mutated and unmutated seeds, the success answers themselves,
/// arbitrary text and bytes, blank, HTML, random JSON.
fn any_body() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => mutated_seed(),
        2 => success_body().prop_map(|b| b.text.clone()),
        1 => seed().prop_map(String::from),
        1 => random_text(),
        1 => random_bytes(),
        1 => blank(),
        1 => html(),
        1 => json_value().prop_map(|v| v.to_string()),
    ]
}

/// Well-formed JSON, at any depth (a value nested deeper than a parsed
/// `Value` may go is still JSON: the list decoders skip what they do not read).
fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// A body that is not JSON, as the decoders read it (also once trimmed),
/// and not blank.
fn non_json_body() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => broken_seed(),
        1 => random_text(),
        1 => random_bytes(),
        1 => html(),
    ]
    .prop_filter("not JSON and not blank", |b| {
        !b.trim().is_empty() && !is_json(b) && !is_json(b.trim())
    })
}

fn json_ws() -> impl Strategy<Value = String> {
    "[ \t\r\n]{0,4}"
}

// ---------------------------------------------------------------- checks

fn ctx() -> EndpointCtx {
    EndpointCtx {
        endpoint_id: "property-endpoint".into(),
        project_id: Some("p".into()),
        workspace_id: Some("0".into()),
    }
}

fn is_2xx(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// What every decoder of one provider makes of one answer.
struct Outcomes {
    list: Result<ListPage, ApiError>,
    detail: Result<Instance, ApiError>,
    ack: Result<Value, ApiError>,
    created: Result<String, ApiError>,
    error: ApiError,
}

impl Outcomes {
    fn of(provider: ProviderKind, status: u16, page: u32, body: &str) -> Self {
        let ctx = ctx();
        Outcomes {
            list: provider.decode_list(&ctx, page, status, body),
            detail: provider.decode_detail(&ctx, status, body),
            ack: provider.decode_ack(status, body),
            created: provider.decode_created(status, body),
            error: provider.decode_error(status, body),
        }
    }

    /// The four decoders that may succeed: (name, error if any).
    fn results(&self) -> [(&'static str, Option<&ApiError>); 4] {
        [
            ("decode_list", self.list.as_ref().err()),
            ("decode_detail", self.detail.as_ref().err()),
            ("decode_ack", self.ack.as_ref().err()),
            ("decode_created", self.created.as_ref().err()),
        ]
    }
}

/// Property 2, and the kinds an answer's status allows.
fn check_error(
    provider: ProviderKind,
    status: u16,
    body: &str,
    decoder: &str,
    err: &ApiError,
) -> Check {
    let p = provider.display_name();
    prop_assert_eq!(
        err.provider,
        provider,
        "{} {}: the error names another provider: {:?}",
        p,
        decoder,
        err
    );
    prop_assert!(
        !err.message.trim().is_empty(),
        "{} {}: empty error message: {:?}",
        p,
        decoder,
        err
    );
    prop_assert_eq!(
        err.http_status,
        Some(status),
        "{} {}: the error lost the HTTP status: {:?}",
        p,
        decoder,
        err
    );
    if is_2xx(status) {
        prop_assert!(
            matches!(err.kind, ErrorKind::Provider | ErrorKind::Decode),
            "{} {}: a 2xx answer gave a {:?} error: {:?}",
            p,
            decoder,
            err.kind,
            err
        );
    } else {
        prop_assert!(
            matches!(err.kind, ErrorKind::Provider | ErrorKind::Http),
            "{} {}: a non-2xx answer gave a {:?} error: {:?}",
            p,
            decoder,
            err.kind,
            err
        );
    }
    if err.kind == ErrorKind::Provider {
        // Only the provider's error decoder reads a provider error body.
        prop_assert_eq!(
            err,
            &provider.decode_error(status, body),
            "{} {}: a provider error unlike decode_error's",
            p,
            decoder
        );
    }
    // The error's derived views never panic and always say something.
    prop_assert!(!err.to_string().trim().is_empty());
    let explanation = err.explanation();
    prop_assert!(!explanation.key.is_empty());
    prop_assert!(!explanation.text("en").is_empty() && !explanation.text("zh-CN").is_empty());
    let _ = (
        err.is_not_found(),
        err.field(),
        err.short_code(),
        err.is_transient(),
    );
    Ok(())
}

fn check_instance(provider: ProviderKind, decoder: &str, inst: &Instance) -> Check {
    let p = provider.display_name();
    prop_assert_eq!(
        inst.provider,
        provider,
        "{} {}: instance provider",
        p,
        decoder
    );
    prop_assert_eq!(
        &inst.endpoint_id,
        &ctx().endpoint_id,
        "{} {}: endpoint",
        p,
        decoder
    );
    prop_assert_eq!(
        inst.status_class,
        provider.status_class(&inst.status),
        "{} {}: status class of {:?}",
        p,
        decoder,
        inst.status
    );
    Ok(())
}

/// Properties 1, 2 and 5 on what one provider's decoders made of one
/// answer, and the consistency of the successes.
fn check_outcomes(provider: ProviderKind, status: u16, page: u32, body: &str) -> Check {
    let out = Outcomes::of(provider, status, page, body);
    let p = provider.display_name();
    if !is_2xx(status) {
        for (decoder, err) in out.results() {
            let Some(err) = err else {
                return Err(TestCaseError::fail(format!(
                    "{p} {decoder}: HTTP {status} decoded to success"
                )));
            };
            prop_assert_eq!(
                err,
                &out.error,
                "{} {}: HTTP {} not handed to the error decoder",
                p,
                decoder,
                status
            );
        }
    }
    check_error(provider, status, body, "decode_error", &out.error)?;
    for (decoder, err) in out.results() {
        if let Some(err) = err {
            check_error(provider, status, body, decoder, err)?;
        }
    }
    let blank = body.trim().is_empty();
    if is_2xx(status) && !blank && !is_json(body) {
        for (decoder, err) in out.results() {
            prop_assert_eq!(
                err.map(|e| e.kind),
                Some(ErrorKind::Decode),
                "{} {}: a 2xx answer that is not JSON",
                p,
                decoder
            );
        }
        if !is_json(body.trim()) {
            prop_assert_eq!(out.error.kind, ErrorKind::Decode, "{} decode_error", p);
        }
    }
    // Successes: well-formed, and consistent with the acknowledgement.
    if let Ok(list) = &out.list {
        for inst in &list.instances {
            check_instance(provider, "decode_list", inst)?;
        }
        let expected = if list.instances.is_empty() {
            None
        } else {
            page.checked_add(1)
        };
        prop_assert!(
            list.next_page.is_none() || list.next_page == expected,
            "{} decode_list: next page {:?} after page {}",
            p,
            list.next_page,
            page
        );
    }
    if let Ok(inst) = &out.detail {
        check_instance(provider, "decode_detail", inst)?;
    }
    if let Ok(id) = &out.created {
        prop_assert!(!id.is_empty(), "{} decode_created: empty id", p);
    }
    // (An answer nested deeper than a parsed `Value` may go can be a list
    // whose deep parts the list decoder skips; the acknowledgement, which
    // parses the whole answer, refuses it.)
    let parses = blank || serde_json::from_str::<Value>(body).is_ok();
    if parses && (out.list.is_ok() || out.detail.is_ok() || out.created.is_ok()) {
        prop_assert!(out.ack.is_ok(), "{} a success that decode_ack refuses", p);
    }
    if let Ok(ack) = &out.ack {
        let expected = if blank {
            Some(Value::Null)
        } else {
            serde_json::from_str(body).ok()
        };
        prop_assert_eq!(
            Some(ack),
            expected.as_ref(),
            "{} decode_ack: not the body's JSON",
            p
        );
    }
    Ok(())
}

fn check_all_providers(status: u16, page: u32, body: &str) -> Check {
    for provider in ProviderKind::ALL {
        check_outcomes(provider, status, page, body)?;
    }
    Ok(())
}

/// Property 3 for one list fixture.
fn check_list_fixture(f: &ListFixture, status: u16, page: u32, body: &str) -> Check {
    let ctx = ctx();
    let p = f.provider.display_name();
    let fixture = parse(f.text);
    let items = fixture[f.items_key].as_array().expect("items");
    let total = fixture[f.total_key].as_u64().expect("total");
    let list = match f.provider.decode_list(&ctx, page, status, body) {
        Ok(list) => list,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "{p} decode_list of {} with HTTP {status}: {e:?}",
                f.name
            )))
        }
    };
    prop_assert_eq!(
        list.instances.len(),
        items.len(),
        "{} {}: instance count",
        p,
        f.name
    );
    prop_assert_eq!(list.total, Some(total), "{} {}: total", p, f.name);
    let seen = u64::from(page) * u64::from(f.provider.page_size()) + items.len() as u64;
    let next = if !items.is_empty() && seen < total {
        page.checked_add(1)
    } else {
        None
    };
    prop_assert_eq!(
        list.next_page,
        next,
        "{} {}: next page after page {}",
        p,
        f.name,
        page
    );
    for (inst, item) in list.instances.iter().zip(items) {
        check_instance(f.provider, "decode_list", inst)?;
        prop_assert_eq!(Some(inst.id.as_str()), item[f.id_key].as_str(), "{} id", p);
        // A list item keeps no copy of the provider's object; the detail
        // answer brings it.
        prop_assert_eq!(
            inst.raw.text(),
            "",
            "{} list item {} keeps no raw JSON",
            p,
            inst.id
        );
        // The same item as the provider's detail answer is the same instance
        // (the list item is what the list keeps of it), with the item as its
        // raw JSON.
        let detail = f
            .provider
            .decode_detail(&ctx, status, &detail_body(f.provider, item))
            .map(|d| {
                let raw = d.raw.value();
                (d.into_list_item(), raw)
            });
        prop_assert_eq!(
            detail.as_ref().map(|(d, raw)| (d, raw)),
            Ok((inst, item)),
            "{} detail of list item {}",
            p,
            inst.id
        );
    }
    prop_assert_eq!(
        f.provider.decode_ack(status, body),
        Ok(fixture),
        "{} ack of {}",
        p,
        f.name
    );
    Ok(())
}

/// Property 3 for the ModelArts create and update answers.
fn check_detail_fixture(name: &str, text: &str, create: bool, status: u16, body: &str) -> Check {
    let provider = ProviderKind::ModelArts;
    let fixture = parse(text);
    let inst = match provider.decode_detail(&ctx(), status, body) {
        Ok(inst) => inst,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "ModelArts decode_detail of {name} with HTTP {status}: {e:?}"
            )))
        }
    };
    check_instance(provider, "decode_detail", &inst)?;
    prop_assert_eq!(
        Some(inst.id.as_str()),
        fixture["id"].as_str(),
        "{} id",
        name
    );
    prop_assert_eq!(&inst.raw.value(), &fixture, "{} raw JSON", name);
    prop_assert_eq!(
        provider.decode_ack(status, body),
        Ok(fixture.clone()),
        "{} ack",
        name
    );
    if create {
        let created = provider.decode_created(status, body);
        prop_assert_eq!(
            created.as_deref().ok(),
            fixture["id"].as_str(),
            "{} created id",
            name
        );
    }
    Ok(())
}

fn check_success_fixtures(status: u16, page: u32, lead: &str, trail: &str) -> Check {
    for f in &LIST_FIXTURES {
        check_list_fixture(f, status, page, &format!("{lead}{}{trail}", f.text))?;
    }
    for (name, text, create) in DETAIL_FIXTURES {
        check_detail_fixture(name, text, create, status, &format!("{lead}{text}{trail}"))?;
    }
    Ok(())
}

// ---------------------------------------------------------------- properties

#[test]
fn success_fixtures_decode_with_http_200() {
    if let Err(e) = check_success_fixtures(200, 0, "", "") {
        panic!("{e}");
    }
}

/// The values a node is swapped for: one of each JSON type, and numbers
/// at the edges of what the wire types hold.
fn swaps() -> [Value; 12] {
    [
        Value::Null,
        json!(false),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1e308),
        json!(u64::MAX),
        json!(""),
        json!("x"),
        json!([]),
        json!({}),
        json!([{}]),
    ]
}

/// The success answers with their provider: the list fixtures, each list
/// item as its provider's detail answer, the ModelArts create and update
/// answers.
fn own_success_answers() -> Vec<(ProviderKind, &'static str, Value)> {
    let mut answers = Vec::new();
    for f in &LIST_FIXTURES {
        let fixture = parse(f.text);
        for item in fixture[f.items_key].as_array().expect("items") {
            answers.push((
                f.provider,
                "list item as a detail answer",
                parse(&detail_body(f.provider, item)),
            ));
        }
        answers.push((f.provider, f.name, fixture));
    }
    for (name, text, _) in DETAIL_FIXTURES {
        answers.push((ProviderKind::ModelArts, name, parse(text)));
    }
    answers
}

/// Properties 4, 1 and 2, exhaustively for single changes: every member of
/// every success answer deleted, and every node of it replaced by each of
/// [`swaps`], decoded by the answer's provider with HTTP 200.
#[test]
fn every_single_deletion_and_type_swap_of_a_success_answer_is_handled() {
    let mut count = 0;
    for (provider, name, value) in own_success_answers() {
        let paths = node_paths(&value);
        let mut variants = Vec::new();
        for path in &paths[1..] {
            let mut v = value.clone();
            delete_at(&mut v, path);
            variants.push((format!("{path:?} deleted"), v));
        }
        for path in &paths {
            for swap in swaps() {
                let mut v = value.clone();
                let what = format!("{path:?} = {swap}");
                *node_mut(&mut v, path) = swap;
                variants.push((what, v));
            }
        }
        for (what, v) in variants {
            if let Err(e) = check_outcomes(provider, 200, 0, &v.to_string()) {
                panic!("{} {name} with {what}: {e}", provider.display_name());
            }
            count += 1;
        }
    }
    println!("{count} single changes");
    assert!(count > 5_000, "only {count} single changes");
}

proptest! {
    #![proptest_config(config())]

    /// Property 1 (and 2): a non-2xx answer, whatever its body, is an error
    /// in every decoder, the one `decode_error` makes of it.
    #[test]
    fn a_non_2xx_answer_is_never_a_success(
        status in non_2xx(),
        page in page(),
        body in any_body(),
    ) {
        check_all_providers(status, page, &body)?;
    }

    /// Property 1 on the answers that decode to success with a 2xx status:
    /// with any other status no decoder reports success (this one asks
    /// nothing else, so that its counterexample is a success; the other
    /// checks run on these bodies in the properties around it).
    #[test]
    fn a_success_body_with_a_non_2xx_status_is_an_error(
        status in non_2xx(),
        page in page(),
        body in success_body(),
    ) {
        for provider in ProviderKind::ALL {
            let out = Outcomes::of(provider, status, page, &body.text);
            for (decoder, err) in out.results() {
                prop_assert!(
                    err.is_some(),
                    "{} {}: HTTP {} decoded to success",
                    provider.display_name(),
                    decoder,
                    status
                );
            }
        }
    }

    /// Properties 2 and 4: mutated fixtures never panic a decoder, at any
    /// status, and every outcome is well-formed.
    #[test]
    fn mutated_answers_never_panic_and_every_error_is_well_formed(
        status in any_status(),
        page in page(),
        body in mutated_seed(),
    ) {
        check_all_providers(status, page, &body)?;
    }

    /// Properties 2 and 4 on any body: text, bytes, blank, HTML, JSON.
    #[test]
    fn any_answer_never_panics_and_every_error_is_well_formed(
        status in any_status(),
        page in page(),
        body in any_body(),
    ) {
        check_all_providers(status, page, &body)?;
    }

    /// Property 3: the success fixtures decode with any 2xx status, page
    /// and surrounding JSON whitespace.
    #[test]
    fn success_fixtures_decode_with_any_2xx_status(
        status in 200u16..=299,
        page in page(),
        lead in json_ws(),
        trail in json_ws(),
    ) {
        check_success_fixtures(status, page, &lead, &trail)?;
    }

    /// Property 3 for errors: the provider error bodies are that provider's
    /// error, with their code, in every decoder.
    #[test]
    fn provider_error_bodies_are_provider_errors(status in 100u16..=599, page in page()) {
        for (provider, _, body, also_2xx) in ERROR_BODIES {
            if is_2xx(status) && !also_2xx {
                continue;
            }
            let p = provider.display_name();
            let v = parse(body);
            let code = ["error_code", "Code", "code"].iter().find_map(|k| v[*k].as_str());
            let message = ["error_message", "Message", "msg"].iter().find_map(|k| v[*k].as_str());
            let out = Outcomes::of(provider, status, page, body);
            prop_assert_eq!(out.error.kind, ErrorKind::Provider, "{} decode_error of {}", p, body);
            prop_assert_eq!(out.error.code.as_deref(), code, "{} code of {}", p, body);
            prop_assert_eq!(Some(out.error.message.as_str()), message, "{} message of {}", p, body);
            for (decoder, err) in out.results() {
                prop_assert_eq!(err, Some(&out.error), "{} {} of {}", p, decoder, body);
            }
            check_outcomes(provider, status, page, body)?;
        }
    }

    /// Property 5: a 2xx answer that is not JSON is a decode error in every
    /// decoder.
    #[test]
    fn a_2xx_answer_that_is_not_json_is_a_decode_error(
        status in 200u16..=299,
        page in page(),
        body in non_json_body(),
    ) {
        for provider in ProviderKind::ALL {
            let out = Outcomes::of(provider, status, page, &body);
            let p = provider.display_name();
            for (decoder, err) in out.results().into_iter().chain([("decode_error", Some(&out.error))]) {
                prop_assert_eq!(
                    err.map(|e| e.kind),
                    Some(ErrorKind::Decode),
                    "{} {}: a 2xx answer that is not JSON",
                    p,
                    decoder
                );
            }
            check_outcomes(provider, status, page, &body)?;
        }
    }

    /// Property 5 for blank bodies: no list or instance, an empty
    /// acknowledgement (`null`), and a create answer without an id.
    #[test]
    fn a_blank_2xx_answer_is_an_empty_acknowledgement(
        status in 200u16..=299,
        page in page(),
        body in blank(),
    ) {
        for provider in ProviderKind::ALL {
            let out = Outcomes::of(provider, status, page, &body);
            let p = provider.display_name();
            prop_assert_eq!(out.ack.as_ref().ok(), Some(&Value::Null), "{} decode_ack", p);
            for (decoder, err) in [out.results()[0], out.results()[1], out.results()[3]] {
                prop_assert_eq!(err.map(|e| e.kind), Some(ErrorKind::Decode), "{} {}", p, decoder);
            }
            check_outcomes(provider, status, page, &body)?;
        }
    }
}
