//! One action on many selected instances: [`plan`] groups them into batch
//! requests where the provider has one (PAI-DSW stop and delete) and single
//! requests elsewhere, and names the instances the action is not allowed
//! for, with why. The UI sends the steps (at most four at once), decodes a
//! batch step with [`ProviderKind::decode_batch`] and a single one with
//! [`ProviderKind::decode_ack`], and shows a result per row.

use crate::model::{Action, Instance, ProviderKind};
use crate::providers::EndpointCtx;
use crate::request::RequestSpec;

/// Ids in one batch request at most. PAI-DSW documents no limit; this one
/// is the console's (its list page size).
pub const BATCH_MAX: usize = 100;

/// What a batch answer says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchOutcome {
    /// The ids the provider took (`InstanceIds`).
    pub accepted: Vec<String>,
    /// Why access was denied (`AccessDeniedDetail`), if it was.
    pub denied: Option<String>,
}

impl BatchOutcome {
    /// Whether the action was taken for `id`: not denied, and listed (an
    /// answer that lists no ids took them all).
    pub fn accepts(&self, id: &str) -> bool {
        self.denied.is_none() && (self.accepted.is_empty() || self.accepted.iter().any(|a| a == id))
    }
}

/// One request of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRequest {
    pub endpoint_id: String,
    pub provider: ProviderKind,
    /// The instances it acts on (one for a single request).
    pub ids: Vec<String>,
    /// A batch request: decode with [`ProviderKind::decode_batch`].
    pub batch: bool,
    pub request: RequestSpec,
}

/// Why an instance is left out of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The action is not allowed in the instance's status (shown as it came).
    NotAllowed { status: String },
    /// The instance's endpoint is not configured.
    NoEndpoint,
}

impl Refusal {
    /// Message key: `batch.not_allowed` (param `status`), `batch.no_endpoint`.
    pub fn key(&self) -> &'static str {
        match self {
            Refusal::NotAllowed { .. } => "batch.not_allowed",
            Refusal::NoEndpoint => "batch.no_endpoint",
        }
    }
}

/// A plan for one action on the selected instances.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchPlan {
    pub requests: Vec<PlannedRequest>,
    /// `(endpoint_id, instance id, why)` for each instance left out.
    pub refused: Vec<(String, String, Refusal)>,
}

impl BatchPlan {
    /// How many of the planned instances `action` can first save as an
    /// image: for a stop, those of a provider that
    /// `supports_save_image` (see [`plan`]'s `save_image`).
    pub fn savable(&self, action: Action) -> usize {
        if action != Action::Stop {
            return 0;
        }
        self.requests
            .iter()
            .filter(|r| r.provider.capabilities().supports_save_image)
            .map(|r| r.ids.len())
            .sum()
    }
}

/// Plans `action` on `selected`: instances whose status does not allow it
/// are refused; the rest go, per endpoint, into batch requests of at most
/// [`BATCH_MAX`] where the provider has one and there are two or more, else
/// one request each. `ctxs` are the configured endpoints. With
/// `save_image`, a stop of an instance whose provider can save its
/// environment first is its own request with that option (the batch
/// operation has none).
pub fn plan(
    action: Action,
    selected: &[&Instance],
    ctxs: &[EndpointCtx],
    save_image: bool,
) -> BatchPlan {
    let mut out = BatchPlan::default();
    // (endpoint, provider, ids) in the order first met.
    let mut groups: Vec<(&EndpointCtx, ProviderKind, Vec<String>)> = Vec::new();
    for i in selected {
        let refuse = |why| (i.endpoint_id.clone(), i.id.clone(), why);
        let Some(ctx) = ctxs.iter().find(|c| c.endpoint_id == i.endpoint_id) else {
            out.refused.push(refuse(Refusal::NoEndpoint));
            continue;
        };
        if !i.provider.allowed_actions_for(i).contains(&action) {
            out.refused.push(refuse(Refusal::NotAllowed {
                status: i.status.clone(),
            }));
            continue;
        }
        match groups
            .iter_mut()
            .find(|g| g.0.endpoint_id == ctx.endpoint_id)
        {
            Some(g) => g.2.push(i.id.clone()),
            None => groups.push((ctx, i.provider, vec![i.id.clone()])),
        }
    }
    let save_image = save_image && action == Action::Stop;
    for (ctx, provider, ids) in groups {
        let saving = save_image && provider.capabilities().supports_save_image;
        let single = |id: &String| {
            let request = if saving {
                provider.stop_request(ctx, id, true)?
            } else {
                provider.action_request(ctx, id, action)?
            };
            Some(PlannedRequest {
                endpoint_id: ctx.endpoint_id.clone(),
                provider,
                ids: vec![id.clone()],
                batch: false,
                request,
            })
        };
        for chunk in ids.chunks(BATCH_MAX) {
            match provider
                .batch_request(ctx, action, chunk)
                .filter(|_| chunk.len() > 1 && !saving)
            {
                Some(request) => out.requests.push(PlannedRequest {
                    endpoint_id: ctx.endpoint_id.clone(),
                    provider,
                    ids: chunk.to_vec(),
                    batch: true,
                    request,
                }),
                None => out.requests.extend(chunk.iter().filter_map(single)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hardware, RawJson};
    use crate::request::Method;
    use serde_json::json;

    fn instance(endpoint: &str, provider: ProviderKind, id: &str, status: &str) -> Instance {
        Instance {
            endpoint_id: endpoint.into(),
            provider,
            id: id.into(),
            name: id.into(),
            status: status.into(),
            status_class: provider.status_class(status),
            hardware: Hardware::default(),
            flavor: None,
            image: None,
            created: None,
            updated: None,
            auto_stop: None,
            queue: None,
            detail: None,
            raw: RawJson::default(),
        }
    }

    fn ctx(id: &str) -> EndpointCtx {
        EndpointCtx {
            endpoint_id: id.into(),
            project_id: Some("p".into()),
            ..EndpointCtx::default()
        }
    }

    #[test]
    fn groups_into_batches_and_refuses_what_is_not_allowed() {
        let all = [
            instance("dsw", ProviderKind::PaiDsw, "dsw-1", "Running"),
            instance("ma", ProviderKind::ModelArts, "ma-1", "RUNNING"),
            instance("dsw", ProviderKind::PaiDsw, "dsw-2", "Running"),
            instance("dsw", ProviderKind::PaiDsw, "dsw-3", "Stopped"),
            instance("gone", ProviderKind::Scnet, "s-1", "Running"),
            instance("ma", ProviderKind::ModelArts, "ma-2", "RUNNING"),
        ];
        let selected: Vec<&Instance> = all.iter().collect();
        let p = plan(Action::Stop, &selected, &[ctx("dsw"), ctx("ma")], false);
        let shown: Vec<_> = p
            .requests
            .iter()
            .map(|r| (r.batch, r.ids.join(","), r.request.path.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    true,
                    "dsw-1,dsw-2".to_string(),
                    "/api/v2/batch/instances/stop".to_string()
                ),
                (
                    false,
                    "ma-1".to_string(),
                    "/v1/p/demanager/instances/ma-1/action".to_string()
                ),
                (
                    false,
                    "ma-2".to_string(),
                    "/v1/p/demanager/instances/ma-2/action".to_string()
                ),
            ]
        );
        // "PAI-DSW API 2022-01-01: StopInstances": PUT, body InstanceIds.
        assert_eq!(p.requests[0].request.method, Method::Put);
        assert_eq!(
            p.requests[0].request.body_json(),
            Some(json!({"InstanceIds": ["dsw-1", "dsw-2"]}))
        );
        assert_eq!(
            p.refused,
            [
                (
                    "dsw".into(),
                    "dsw-3".into(),
                    Refusal::NotAllowed {
                        status: "Stopped".into()
                    }
                ),
                ("gone".into(), "s-1".into(), Refusal::NoEndpoint),
            ]
        );
        // One DSW instance: the single StopInstance request.
        let one = plan(Action::Stop, &[&all[0]], &[ctx("dsw")], false);
        assert_eq!(one.requests[0].request.path, "/api/v2/instances/dsw-1/stop");
        assert!(!one.requests[0].batch);
        // Start has no batch operation.
        let starts = plan(Action::Start, &[&all[3], &all[3]], &[ctx("dsw")], true);
        assert!(starts.requests.iter().all(|r| !r.batch));
        assert_eq!(
            ProviderKind::PaiDsw
                .batch_request(&ctx("dsw"), Action::Delete, &["a".into()])
                .unwrap()
                .path,
            "/api/v2/batch/instances/delete"
        );
    }

    #[test]
    fn saving_images_first_stops_each_of_those_instances_on_its_own() {
        let all = [
            instance("dsw", ProviderKind::PaiDsw, "dsw-1", "Running"),
            instance("ma", ProviderKind::ModelArts, "ma-1", "RUNNING"),
            instance("dsw", ProviderKind::PaiDsw, "dsw-2", "Running"),
        ];
        let selected: Vec<&Instance> = all.iter().collect();
        let ctxs = [ctx("dsw"), ctx("ma")];
        let plain = plan(Action::Stop, &selected, &ctxs, false);
        // Only PAI-DSW saves an environment as an image.
        assert_eq!(plain.savable(Action::Stop), 2);
        assert_eq!(plain.savable(Action::Delete), 0);
        let saving = plan(Action::Stop, &selected, &ctxs, true);
        let shown: Vec<_> = saving
            .requests
            .iter()
            .map(|r| (r.batch, r.ids.join(","), r.request.path_and_query()))
            .collect();
        // "PAI-DSW API 2022-01-01: StopInstance": SaveImage, a query
        // parameter; StopInstances has no such option.
        assert_eq!(
            shown,
            [
                (
                    false,
                    "dsw-1".to_string(),
                    "/api/v2/instances/dsw-1/stop?SaveImage=true".to_string()
                ),
                (
                    false,
                    "dsw-2".to_string(),
                    "/api/v2/instances/dsw-2/stop?SaveImage=true".to_string()
                ),
                (
                    false,
                    "ma-1".to_string(),
                    "/v1/p/demanager/instances/ma-1/action".to_string()
                ),
            ]
        );
        // Not a stop: the option changes nothing.
        let stopped = [
            instance("dsw", ProviderKind::PaiDsw, "dsw-1", "Stopped"),
            instance("dsw", ProviderKind::PaiDsw, "dsw-2", "Stopped"),
        ];
        let stopped: Vec<&Instance> = stopped.iter().collect();
        let deletes = plan(Action::Delete, &stopped, &ctxs, true);
        assert_eq!(deletes, plan(Action::Delete, &stopped, &ctxs, false));
        assert!(deletes.requests[0].batch);
    }

    #[test]
    fn batch_answers_as_documented() {
        // "PAI-DSW API 2022-01-01: StopInstances", response example (its
        // `AccessDeniedDetail` holds only the placeholder `{}`).
        let body = r#"{
  "RequestId": "E7D55162-4489-1619-AAF5-3F97D5FCA948",
  "Success": true,
  "Message": "\"XXX\"",
  "Code": "PermissionError",
  "HttpStatusCode": 200,
  "AccessDeniedDetail": {
    "key": "{}"
  },
  "InstanceIds": [
    "['dsw-fcbhy7b9nseilom7fw']"
  ]
}"#;
        let o = ProviderKind::PaiDsw.decode_batch(200, body).unwrap();
        assert_eq!(o.accepted, ["['dsw-fcbhy7b9nseilom7fw']"]);
        assert_eq!(o.denied, None);
        // Alibaba Cloud's AccessDeniedDetail members.
        let denied = r#"{"Success":true,"InstanceIds":[],"AccessDeniedDetail":{"AuthAction":"paidsw:StopInstance",
            "NoPermissionType":"ImplicitDeny","PolicyType":"AccountLevelIdentityBasedPolicy","AuthPrincipalType":"SubUser"}}"#;
        let o = ProviderKind::PaiDsw.decode_batch(200, denied).unwrap();
        assert_eq!(
            o.denied.as_deref(),
            Some("NoPermissionType: ImplicitDeny; PolicyType: AccountLevelIdentityBasedPolicy; AuthAction: paidsw:StopInstance; AuthPrincipalType: SubUser")
        );
        assert!(!o.accepts("dsw-1"));
        let all = BatchOutcome::default();
        assert!(all.accepts("dsw-1"));
        assert!(ProviderKind::PaiDsw
            .decode_batch(400, r#"{"Code":"ValidationError","Message":"x"}"#)
            .is_err());
    }
}
