//! The provider routes the console uses, and nothing else: each allowed
//! (method, path) is classified as a read, a lifecycle action or a change,
//! which decides the role it needs, and named for the audit log.

use axum::http::Method;
use serde_json::Value;

use crate::access::Role;
use crate::config::{EndpointConfig, Provider};
use crate::upstream_auth::pai_dsw_action;

/// What a route does to instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteClass {
    /// Lists, details, specs: `viewer`.
    Read,
    /// Start, stop, restart, queue, dequeue: `operator`.
    Lifecycle,
    /// Create, edit, delete: `admin`.
    Change,
}

impl RouteClass {
    pub fn required_role(self) -> Role {
        match self {
            RouteClass::Read => Role::Viewer,
            RouteClass::Lifecycle => Role::Operator,
            RouteClass::Change => Role::Admin,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RouteClass::Read => "read",
            RouteClass::Lifecycle => "lifecycle",
            RouteClass::Change => "change",
        }
    }
}

/// An allowed route of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub class: RouteClass,
    /// `list`, `detail`, `specs`, `create`, `edit`, `delete`, `start`,
    /// `stop`, `restart`, `queue` or `dequeue`; for PAI-DSW also `events`,
    /// `lifecycle`, `metrics`, `timer`, `set-timer`, `delete-timer`,
    /// `culler`, `set-culler`, `delete-culler`, `batch-stop` and
    /// `batch-delete`.
    pub action: &'static str,
    /// The instance the route names, when it names one; for a batch route,
    /// the ids of its body joined with `,`.
    pub instance_id: Option<String>,
}

impl Route {
    fn new(class: RouteClass, action: &'static str, instance_id: Option<&str>) -> Self {
        Route {
            class,
            action,
            instance_id: instance_id.map(str::to_string),
        }
    }
}

/// The `-ing` form of an action, for refusal messages.
pub fn action_gerund(action: &str) -> &'static str {
    match action {
        "list" => "listing instances",
        "detail" => "reading an instance",
        "specs" => "listing machine types",
        "create" => "creating",
        "edit" => "editing",
        "delete" => "deleting",
        "start" => "starting",
        "stop" => "stopping",
        "restart" => "restarting",
        "queue" => "queuing",
        "dequeue" => "dequeuing",
        "events" => "reading events",
        "lifecycle" => "reading the lifecycle",
        "metrics" => "reading metrics",
        "timer" => "reading the shutdown timer",
        "set-timer" => "setting a shutdown timer",
        "delete-timer" => "deleting the shutdown timer",
        "culler" => "reading the idle culler",
        "set-culler" => "setting an idle culler",
        "delete-culler" => "deleting the idle culler",
        "batch-stop" => "stopping several instances",
        "batch-delete" => "deleting several instances",
        _ => "this",
    }
}

/// ModelArts lifecycle actions (`POST …/instances/{id}/action`,
/// `{"action": …}`).
const MODELARTS_ACTIONS: &[&str] = &["start", "stop", "restart", "queue", "dequeue"];

/// The route of a request to `endpoint`, or `None` when the console does not
/// use it (the gateway then refuses it). `body` is read only for the
/// ModelArts action name.
pub fn classify(
    endpoint: &EndpointConfig,
    method: &Method,
    segments: &[String],
    query: &[(String, String)],
    body: &[u8],
) -> Option<Route> {
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match endpoint.provider {
        Provider::ModelArts => modelarts(endpoint.project_id.as_deref()?, method, &segments, body),
        Provider::PaiDsw => pai_dsw(method, &segments, body),
        Provider::Scnet => scnet(method, &segments, query),
    }
}

fn modelarts(project_id: &str, method: &Method, segments: &[&str], body: &[u8]) -> Option<Route> {
    use RouteClass::{Change, Lifecycle, Read};
    let rest = match segments {
        ["v1", project, "demanager", "instances", rest @ ..] if *project == project_id => rest,
        _ => return None,
    };
    Some(match (method.as_str(), rest) {
        ("GET", []) => Route::new(Read, "list", None),
        ("POST", []) => Route::new(Change, "create", None),
        ("GET", [id]) => Route::new(Read, "detail", Some(id)),
        ("PUT", [id]) => Route::new(Change, "edit", Some(id)),
        ("DELETE", [id]) => Route::new(Change, "delete", Some(id)),
        ("POST", [id, "action"]) => {
            let named = serde_json::from_slice::<Value>(body)
                .ok()
                .and_then(|value| value.get("action")?.as_str().map(str::to_string))?;
            let action = MODELARTS_ACTIONS
                .iter()
                .copied()
                .find(|action| *action == named)?;
            Route::new(Lifecycle, action, Some(id))
        }
        _ => return None,
    })
}

/// PAI-DSW routes. Reading events, lifecycle, metrics, the shutdown timer
/// and the idle culler is a read. Setting or deleting a timer or a culler
/// only decides when a running instance stops, which is the operator's
/// right (as stopping it now is), so it is a lifecycle action, like the
/// batch stop; the batch delete is a change.
fn pai_dsw(method: &Method, segments: &[&str], body: &[u8]) -> Option<Route> {
    use RouteClass::{Change, Lifecycle, Read};
    let owned: Vec<String> = segments.iter().map(|segment| segment.to_string()).collect();
    let id = segments.get(3).copied();
    Some(match pai_dsw_action(method, &owned)? {
        "ListInstances" => Route::new(Read, "list", None),
        "GetInstance" => Route::new(Read, "detail", id),
        "ListEcsSpecs" => Route::new(Read, "specs", None),
        "CreateInstance" => Route::new(Change, "create", None),
        "UpdateInstance" => Route::new(Change, "edit", id),
        "DeleteInstance" => Route::new(Change, "delete", id),
        "StartInstance" => Route::new(Lifecycle, "start", id),
        "StopInstance" => Route::new(Lifecycle, "stop", id),
        "GetInstanceEvents" => Route::new(Read, "events", id),
        "GetLifecycle" => Route::new(Read, "lifecycle", id),
        "GetInstanceMetrics" => Route::new(Read, "metrics", id),
        "GetInstanceShutdownTimer" => Route::new(Read, "timer", id),
        "CreateInstanceShutdownTimer" => Route::new(Lifecycle, "set-timer", id),
        "DeleteInstanceShutdownTimer" => Route::new(Lifecycle, "delete-timer", id),
        "GetIdleInstanceCuller" => Route::new(Read, "culler", id),
        "CreateIdleInstanceCuller" => Route::new(Lifecycle, "set-culler", id),
        "DeleteIdleInstanceCuller" => Route::new(Lifecycle, "delete-culler", id),
        "StopInstances" => Route::new(Lifecycle, "batch-stop", batch_ids(body).as_deref()),
        "DeleteInstances" => Route::new(Change, "batch-delete", batch_ids(body).as_deref()),
        _ => return None,
    })
}

/// The `InstanceIds` of a batch body joined with `,` (for the audit log).
fn batch_ids(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let ids: Vec<&str> = value
        .get("InstanceIds")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    (!ids.is_empty()).then(|| ids.join(","))
}

fn scnet(method: &Method, segments: &[&str], query: &[(String, String)]) -> Option<Route> {
    use RouteClass::{Change, Lifecycle, Read};
    let rest = match segments {
        ["ai", "openapi", "v2", "instance-service", rest @ ..] => rest,
        _ => return None,
    };
    let param = |names: &[&str]| {
        names.iter().find_map(|name| {
            query
                .iter()
                .find(|(key, value)| key == name && !value.is_empty())
                .map(|(_, value)| value.as_str())
        })
    };
    Some(match (method.as_str(), rest) {
        ("GET", ["task"]) => Route::new(Read, "list", None),
        ("POST", ["task"]) => Route::new(Change, "create", None),
        ("DELETE", ["task"]) => Route::new(Change, "delete", param(&["ids"])),
        ("GET", [id, "detail"]) => Route::new(Read, "detail", Some(id)),
        ("POST", ["task", "actions", "restart"]) => {
            Route::new(Lifecycle, "restart", param(&["instanceServiceId", "ids"]))
        }
        ("POST", ["task", "actions", "stop"]) => {
            Route::new(Lifecycle, "stop", param(&["ids", "instanceServiceId"]))
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{EndpointAuth, EndpointConfig};

    fn endpoint(provider: Provider) -> EndpointConfig {
        EndpointConfig {
            prefix: provider.as_str().to_string(),
            provider,
            region: None,
            upstream: None,
            project_id: Some("p1".to_string()),
            allowed_path_prefixes: provider.default_path_prefixes(),
            auth: EndpointAuth::Unsigned,
        }
    }

    fn route(provider: Provider, method: Method, path: &str, body: &str) -> Option<Route> {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let segments: Vec<String> = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(str::to_string)
            .collect();
        let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        classify(
            &endpoint(provider),
            &method,
            &segments,
            &query,
            body.as_bytes(),
        )
    }

    fn class(route: Option<Route>) -> Option<(RouteClass, &'static str, Option<String>)> {
        route.map(|route| (route.class, route.action, route.instance_id))
    }

    #[test]
    fn modelarts_routes() {
        use RouteClass::*;
        let base = "/v1/p1/demanager/instances";
        let cases = [
            (
                Method::GET,
                base.to_string(),
                "",
                Some((Read, "list", None)),
            ),
            (
                Method::POST,
                base.to_string(),
                "{}",
                Some((Change, "create", None)),
            ),
            (
                Method::GET,
                format!("{base}/i1"),
                "",
                Some((Read, "detail", Some("i1"))),
            ),
            (
                Method::PUT,
                format!("{base}/i1"),
                "{}",
                Some((Change, "edit", Some("i1"))),
            ),
            (
                Method::DELETE,
                format!("{base}/i1"),
                "",
                Some((Change, "delete", Some("i1"))),
            ),
            (
                Method::POST,
                format!("{base}/i1/action"),
                r#"{"action":"stop"}"#,
                Some((Lifecycle, "stop", Some("i1"))),
            ),
            (
                Method::POST,
                format!("{base}/i1/action"),
                r#"{"action":"dequeue"}"#,
                Some((Lifecycle, "dequeue", Some("i1"))),
            ),
            (
                Method::POST,
                format!("{base}/i1/action"),
                r#"{"action":"delete"}"#,
                None,
            ),
            (Method::POST, format!("{base}/i1/action"), "", None),
            (Method::GET, "/v1/p1/trainingjobs".to_string(), "", None),
            (
                Method::GET,
                "/v1/p2/demanager/instances".to_string(),
                "",
                None,
            ),
            (
                Method::GET,
                "/v2/p1/demanager/instances".to_string(),
                "",
                None,
            ),
            (Method::PATCH, format!("{base}/i1"), "", None),
            (Method::GET, format!("{base}/i1/extra"), "", None),
        ];
        for (method, path, body, expected) in cases {
            let expected = expected
                .map(|(c, a, id): (RouteClass, &str, Option<&str>)| (c, a, id.map(str::to_string)));
            assert_eq!(
                class(route(Provider::ModelArts, method.clone(), &path, body)),
                expected,
                "{method} {path}"
            );
        }
    }

    #[test]
    fn pai_dsw_and_scnet_routes() {
        use RouteClass::*;
        let dsw = [
            (Method::GET, "/api/v2/instances", Some((Read, "list"))),
            (
                Method::PUT,
                "/api/v2/instances/d1/start",
                Some((Lifecycle, "start")),
            ),
            (
                Method::PUT,
                "/api/v2/instances/d1/stop",
                Some((Lifecycle, "stop")),
            ),
            (Method::PUT, "/api/v2/instances/d1", Some((Change, "edit"))),
            (Method::POST, "/api/v2/instances", Some((Change, "create"))),
            (
                Method::DELETE,
                "/api/v2/instances/d1",
                Some((Change, "delete")),
            ),
            (Method::GET, "/api/v2/ecsspecs", Some((Read, "specs"))),
            (Method::GET, "/api/v2/workspaces", None),
            (
                Method::GET,
                "/api/v2/instances/d1/events?MaxEventsNum=100",
                Some((Read, "events")),
            ),
            (
                Method::GET,
                "/api/v2/instances/d1/lifecycle",
                Some((Read, "lifecycle")),
            ),
            (
                Method::GET,
                "/api/v2/instance/d1/metrics?MetricType=CpuCoreUsage",
                Some((Read, "metrics")),
            ),
            (
                Method::GET,
                "/api/v2/instances/d1/shutdowntimer",
                Some((Read, "timer")),
            ),
            (
                Method::POST,
                "/api/v2/instances/d1/shutdowntimer",
                Some((Lifecycle, "set-timer")),
            ),
            (
                Method::DELETE,
                "/api/v2/instances/d1/shutdowntimer",
                Some((Lifecycle, "delete-timer")),
            ),
            (
                Method::GET,
                "/api/v2/instances/d1/idleinstanceculler",
                Some((Read, "culler")),
            ),
            (
                Method::POST,
                "/api/v2/instances/d1/idleinstanceculler",
                Some((Lifecycle, "set-culler")),
            ),
            (
                Method::DELETE,
                "/api/v2/instances/d1/idleinstanceculler",
                Some((Lifecycle, "delete-culler")),
            ),
            (
                Method::PUT,
                "/api/v2/batch/instances/stop",
                Some((Lifecycle, "batch-stop")),
            ),
            (
                Method::PUT,
                "/api/v2/batch/instances/delete",
                Some((Change, "batch-delete")),
            ),
            // Wrong method or an extra segment: refused.
            (Method::DELETE, "/api/v2/instances/d1/events", None),
            (Method::PUT, "/api/v2/instances/d1/lifecycle", None),
            (Method::POST, "/api/v2/instance/d1/metrics", None),
            (Method::GET, "/api/v2/instances/d1/metrics", None),
            (Method::PUT, "/api/v2/instances/d1/shutdowntimer", None),
            (
                Method::PATCH,
                "/api/v2/instances/d1/idleinstanceculler",
                None,
            ),
            (Method::POST, "/api/v2/batch/instances/stop", None),
            (Method::GET, "/api/v2/batch/instances/delete", None),
            (Method::GET, "/api/v2/instances/d1/events/x", None),
            (Method::GET, "/api/v2/instances/d1/lifecycle/x", None),
            (Method::GET, "/api/v2/instance/d1/metrics/x", None),
            (Method::GET, "/api/v2/instances/d1/shutdowntimer/x", None),
            (
                Method::GET,
                "/api/v2/instances/d1/idleinstanceculler/x",
                None,
            ),
            (Method::PUT, "/api/v2/batch/instances/stop/x", None),
            (Method::PUT, "/api/v2/batch/instances/delete/x", None),
            (Method::PUT, "/api/v2/batch/instances/start", None),
        ];
        for (method, path, expected) in dsw {
            let got = route(Provider::PaiDsw, method.clone(), path, "")
                .map(|route| (route.class, route.action));
            assert_eq!(got, expected, "{method} {path}");
        }
        // The instance a route names, and the roles the new classes need.
        let id_of = |method: Method, path: &str, body: &str| {
            route(Provider::PaiDsw, method, path, body).and_then(|route| route.instance_id)
        };
        assert_eq!(
            id_of(Method::GET, "/api/v2/instance/d1/metrics", ""),
            Some("d1".to_string())
        );
        assert_eq!(
            id_of(
                Method::POST,
                "/api/v2/instances/d2/idleinstanceculler",
                "{}"
            ),
            Some("d2".to_string())
        );
        assert_eq!(
            id_of(
                Method::PUT,
                "/api/v2/batch/instances/stop",
                r#"{"InstanceIds":["d1","d2"]}"#
            ),
            Some("d1,d2".to_string())
        );
        assert_eq!(
            id_of(Method::PUT, "/api/v2/batch/instances/delete", "{}"),
            None
        );
        for (method, path, role) in [
            (Method::GET, "/api/v2/instances/d1/events", Role::Viewer),
            (Method::GET, "/api/v2/instances/d1/lifecycle", Role::Viewer),
            (Method::GET, "/api/v2/instance/d1/metrics", Role::Viewer),
            (
                Method::GET,
                "/api/v2/instances/d1/shutdowntimer",
                Role::Viewer,
            ),
            (
                Method::GET,
                "/api/v2/instances/d1/idleinstanceculler",
                Role::Viewer,
            ),
            (
                Method::POST,
                "/api/v2/instances/d1/shutdowntimer",
                Role::Operator,
            ),
            (
                Method::DELETE,
                "/api/v2/instances/d1/shutdowntimer",
                Role::Operator,
            ),
            (
                Method::POST,
                "/api/v2/instances/d1/idleinstanceculler",
                Role::Operator,
            ),
            (
                Method::DELETE,
                "/api/v2/instances/d1/idleinstanceculler",
                Role::Operator,
            ),
            (Method::PUT, "/api/v2/batch/instances/stop", Role::Operator),
            (Method::PUT, "/api/v2/batch/instances/delete", Role::Admin),
        ] {
            let needed = route(Provider::PaiDsw, method.clone(), path, "")
                .map(|route| route.class.required_role());
            assert_eq!(needed, Some(role), "{method} {path}");
        }
        for action in [
            "events",
            "lifecycle",
            "metrics",
            "timer",
            "set-timer",
            "delete-timer",
            "culler",
            "set-culler",
            "delete-culler",
            "batch-stop",
            "batch-delete",
        ] {
            assert_ne!(action_gerund(action), "this", "{action}");
        }
        let scnet = [
            (
                Method::GET,
                "/ai/openapi/v2/instance-service/task",
                Some((Read, "list", None)),
            ),
            (
                Method::POST,
                "/ai/openapi/v2/instance-service/task",
                Some((Change, "create", None)),
            ),
            (
                Method::DELETE,
                "/ai/openapi/v2/instance-service/task?ids=s1",
                Some((Change, "delete", Some("s1"))),
            ),
            (
                Method::GET,
                "/ai/openapi/v2/instance-service/s1/detail",
                Some((Read, "detail", Some("s1"))),
            ),
            (
                Method::POST,
                "/ai/openapi/v2/instance-service/task/actions/restart?instanceServiceId=s1",
                Some((Lifecycle, "restart", Some("s1"))),
            ),
            (
                Method::POST,
                "/ai/openapi/v2/instance-service/task/actions/stop?ids=s1",
                Some((Lifecycle, "stop", Some("s1"))),
            ),
            (Method::PUT, "/ai/openapi/v2/instance-service/task", None),
            (Method::GET, "/ai/openapi/v2/image/images", None),
        ];
        for (method, path, expected) in scnet {
            let expected = expected
                .map(|(c, a, id): (RouteClass, &str, Option<&str>)| (c, a, id.map(str::to_string)));
            assert_eq!(
                class(route(Provider::Scnet, method.clone(), path, "")),
                expected,
                "{method} {path}"
            );
        }
    }
}
