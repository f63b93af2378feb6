//! Create and edit forms behind one provider-neutral face: a form is a JSON
//! object of what the user typed (the provider's `form::CreateForm` or edit
//! form, serialised; list fields as rows of two texts), so the UI binds
//! fields by key, keeps drafts in session storage and prefills clones and
//! edits without naming a provider's field. Validation, the create and edit
//! requests, the answer's new instance id and the machine types a create
//! form offers are decided here.

use super::{modelarts, pai_dsw, scnet, EndpointCtx};
use crate::error::{ApiError, ErrorKind};
use crate::model::{AcceleratorKind, Instance, ProviderKind};
use crate::request::RequestSpec;
use crate::validate::FieldError;
use serde_json::Value;

fn to_value<T: serde::Serialize>(form: &T) -> Value {
    serde_json::to_value(form).unwrap_or(Value::Null)
}

/// A form value that does not fit the provider's form (a bool where text
/// belongs …) is reported on the whole form rather than dropped silently.
fn form_of<T: serde::de::DeserializeOwned + Default>(values: &Value) -> Result<T, Vec<FieldError>> {
    serde_json::from_value(values.clone())
        .map_err(|e| vec![FieldError::new("", "validation.invalid").with("detail", e.to_string())])
}

/// One machine type a create form offers: what the picker shows and the
/// value the form takes (`name`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MachineType {
    /// The machine type's name, the form's value (e.g. `ecs.c6.large`).
    pub name: String,
    pub cpus: Option<f64>,
    pub memory_gib: Option<f64>,
    /// Accelerator cards (GPUs), where the type has any.
    pub accelerators: Option<i64>,
    /// e.g. `NVIDIA T4`.
    pub accelerator_model: Option<String>,
    /// `false` when the provider has none left to give (sold out).
    pub available: bool,
}

impl ProviderKind {
    /// The empty create form, with the provider's defaults filled in.
    pub fn default_form(self) -> Value {
        match self {
            ProviderKind::ModelArts => to_value(&modelarts::form::CreateForm::default()),
            ProviderKind::PaiDsw => to_value(&pai_dsw::form::CreateForm::default()),
            ProviderKind::Scnet => to_value(&scnet::form::CreateForm::default()),
        }
    }

    /// The create form a user starts from on an endpoint: the provider's
    /// defaults and the endpoint's own settings (its ModelArts or PAI-DSW
    /// workspace).
    pub fn fresh_form(self, ctx: &EndpointCtx) -> Value {
        let mut form = self.default_form();
        if let (ProviderKind::ModelArts | ProviderKind::PaiDsw, Some(workspace)) =
            (self, &ctx.workspace_id)
        {
            form["workspace_id"] = Value::String(workspace.clone());
        }
        form
    }

    /// A create form filled from an existing instance ("Clone").
    pub fn clone_form(self, instance: &Instance) -> Value {
        match self {
            ProviderKind::ModelArts => to_value(&modelarts::form::form_from_instance(instance)),
            ProviderKind::PaiDsw => to_value(&pai_dsw::form::form_from_instance(instance)),
            ProviderKind::Scnet => to_value(&scnet::form::form_from_instance(instance)),
        }
    }

    /// Every problem in a create form.
    pub fn validate_form(self, values: &Value) -> Vec<FieldError> {
        let outcome = match self {
            ProviderKind::ModelArts => form_of(values).map(|f| modelarts::validate::create(&f)),
            ProviderKind::PaiDsw => form_of(values).map(|f| pai_dsw::validate::create(&f)),
            ProviderKind::Scnet => form_of(values).map(|f| scnet::validate::create(&f)),
        };
        outcome.unwrap_or_else(|errors| errors)
    }

    /// The create request for a valid form, or its problems.
    pub fn create_request(
        self,
        ctx: &EndpointCtx,
        values: &Value,
    ) -> Result<RequestSpec, Vec<FieldError>> {
        match self {
            ProviderKind::ModelArts => modelarts::request::create(ctx, &form_of(values)?),
            ProviderKind::PaiDsw => pai_dsw::request::create(ctx, &form_of(values)?),
            ProviderKind::Scnet => scnet::request::create(ctx, &form_of(values)?),
        }
    }

    /// The edit form of an instance as it is now, where the console edits
    /// this provider's instances: ModelArts `form::UpdateForm` (description
    /// and auto-stop), PAI-DSW the create form's fields UpdateInstance
    /// changes; `None` elsewhere.
    pub fn edit_form(self, instance: &Instance) -> Option<Value> {
        match self {
            ProviderKind::ModelArts => Some(to_value(&modelarts::form::edit_form_from_instance(
                instance,
            ))),
            ProviderKind::PaiDsw => {
                Some(to_value(&pai_dsw::form::edit_form_from_instance(instance)))
            }
            ProviderKind::Scnet => None,
        }
    }

    /// Whether the console edits this provider's instances (ModelArts
    /// UpdateInstance of description and auto-stop; PAI-DSW UpdateInstance).
    pub fn can_edit(self) -> bool {
        matches!(self, ProviderKind::ModelArts | ProviderKind::PaiDsw)
    }

    /// Every problem in an edit form (see [`ProviderKind::edit_form`]).
    pub fn validate_edit(self, values: &Value) -> Vec<FieldError> {
        let outcome = match self {
            ProviderKind::ModelArts => form_of(values).map(|f| modelarts::validate::update(&f)),
            ProviderKind::PaiDsw => form_of(values).map(|f| pai_dsw::validate::edit(&f)),
            ProviderKind::Scnet => Ok(Vec::new()),
        };
        outcome.unwrap_or_else(|errors| errors)
    }

    /// The update request for an edit: only what differs between `before`
    /// and `after`; `Ok(None)` when nothing changed.
    pub fn edit_request(
        self,
        ctx: &EndpointCtx,
        instance: &Instance,
        before: &Value,
        after: &Value,
    ) -> Result<Option<RequestSpec>, Vec<FieldError>> {
        match self {
            ProviderKind::ModelArts => {
                modelarts::request::edit(ctx, instance, &form_of(before)?, &form_of(after)?)
            }
            ProviderKind::PaiDsw => {
                pai_dsw::request::edit(ctx, instance, &form_of(before)?, &form_of(after)?)
            }
            ProviderKind::Scnet => Ok(None),
        }
    }

    /// The request listing the machine types a create form offers, for one
    /// kind of accelerator (CPU or GPU; [`AcceleratorKind::Unknown`] for
    /// every kind): PAI-DSW ListEcsSpecs. `None` where the provider has no
    /// such listing or no machine of that kind.
    pub fn machine_types_request(self, kind: AcceleratorKind) -> Option<RequestSpec> {
        match self {
            ProviderKind::PaiDsw => {
                let accelerator_type = match kind {
                    AcceleratorKind::Cpu => "CPU",
                    AcceleratorKind::Gpu => "GPU",
                    AcceleratorKind::Unknown => "",
                    AcceleratorKind::Npu => return None,
                };
                Some(pai_dsw::request::ecs_specs(accelerator_type))
            }
            ProviderKind::ModelArts | ProviderKind::Scnet => None,
        }
    }

    /// The machine types in the answer to
    /// [`ProviderKind::machine_types_request`], in the provider's order; an
    /// entry without a name is left out.
    pub fn decode_machine_types(
        self,
        http_status: u16,
        body: &str,
    ) -> Result<Vec<MachineType>, ApiError> {
        match self {
            ProviderKind::PaiDsw => {
                let list = pai_dsw::decode_ecs_specs(http_status, body)?;
                Ok(list
                    .ecs_specs
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|spec| {
                        Some(MachineType {
                            name: spec.instance_type.filter(|n| !n.is_empty())?,
                            cpus: spec.cpu,
                            memory_gib: spec.memory,
                            accelerators: spec.gpu,
                            accelerator_model: spec.gpu_type,
                            available: spec.is_available.unwrap_or(true),
                        })
                    })
                    .collect())
            }
            ProviderKind::ModelArts | ProviderKind::Scnet => Ok(Vec::new()),
        }
    }

    /// The new instance's id from a create answer, or the provider's error.
    pub fn decode_created(self, http_status: u16, body: &str) -> Result<String, ApiError> {
        let value = self.decode_ack(http_status, body)?;
        let id = match self {
            ProviderKind::ModelArts => value.get("id"),
            ProviderKind::PaiDsw => value.get("InstanceId"),
            ProviderKind::Scnet => value.get("data").map(|d| d.get("id").unwrap_or(d)),
        };
        match id {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => Err(ApiError {
                http_status: Some(http_status),
                ..ApiError::new(
                    self,
                    ErrorKind::Decode,
                    "the create answer names no instance id",
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_json() {
        for p in ProviderKind::ALL {
            let v = p.default_form();
            assert!(v.is_object(), "{p:?}");
            // A default form is incomplete: the name at least is missing.
            assert!(!p.validate_form(&v).is_empty(), "{p:?}");
        }
    }

    #[test]
    fn form_values_for_seed_004_input_give_its_documented_body() {
        // What a user types in the ModelArts form, held as the UI holds it.
        let mut v = ProviderKind::ModelArts.default_form();
        v["name"] = "notebook-d115".into();
        v["description"] = "".into();
        v["profile_id"] = "Ascend-Power-Engine 1.0(python3)".into();
        v["flavor"] = "modelarts.kat1.xlarge".into();
        v["storage_type"] = "obs".into();
        v["obs_path"] = "/aaaaaaaaa/output/".into();
        v["auto_stop_enabled"] = true.into();
        v["auto_stop_hours"] = "1".into();
        v["workspace_id"] = "0".into();
        let ctx = EndpointCtx {
            endpoint_id: "ma".into(),
            project_id: Some("p".into()),
            workspace_id: None,
        };
        let spec = ProviderKind::ModelArts.create_request(&ctx, &v).unwrap();
        assert_eq!(spec.path, "/v1/p/demanager/instances");
        let documented: Value =
            serde_json::from_str(include_str!("../../fixtures/modelarts_create_request.json"))
                .unwrap();
        assert_eq!(spec.body_json().unwrap(), documented);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_reported() {
        let mut v = ProviderKind::ModelArts.default_form();
        v["name"] = Value::Bool(true);
        let errors = ProviderKind::ModelArts.validate_form(&v);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].key, "validation.invalid");
    }

    fn ctx_with_workspace(workspace_id: Option<&str>) -> EndpointCtx {
        EndpointCtx {
            endpoint_id: "e".into(),
            project_id: Some("p".into()),
            workspace_id: workspace_id.map(str::to_string),
        }
    }

    #[test]
    fn a_fresh_form_takes_the_endpoints_workspace() {
        let ctx = ctx_with_workspace(Some("40823"));
        assert_eq!(
            ProviderKind::PaiDsw.fresh_form(&ctx)["workspace_id"],
            "40823"
        );
        assert_eq!(
            ProviderKind::ModelArts.fresh_form(&ctx)["workspace_id"],
            "40823"
        );
        assert_eq!(
            ProviderKind::Scnet.fresh_form(&ctx),
            ProviderKind::Scnet.default_form()
        );
        let none = ctx_with_workspace(None);
        for p in ProviderKind::ALL {
            assert_eq!(p.fresh_form(&none), p.default_form(), "{p:?}");
        }
    }

    /// The seed 004 create answer as a detail: auto-stop on for an hour.
    fn modelarts_instance() -> Instance {
        let ctx = ctx_with_workspace(None);
        modelarts::decode_detail(
            &ctx,
            200,
            include_str!("../../fixtures/modelarts_create_response.json"),
        )
        .unwrap()
    }

    #[test]
    fn modelarts_edit_sends_the_description_and_only_a_changed_auto_stop() {
        let p = ProviderKind::ModelArts;
        let ctx = ctx_with_workspace(None);
        let instance = modelarts_instance();
        let before = p.edit_form(&instance).unwrap();
        assert_eq!(before["auto_stop_enabled"], true);
        assert_eq!(before["auto_stop_hours"], "1");
        assert!(p.validate_edit(&before).is_empty());
        // Nothing changed: nothing to send.
        assert_eq!(p.edit_request(&ctx, &instance, &before, &before), Ok(None));

        // Seed 001's request: the description alone.
        let mut after = before.clone();
        after["description"] = "machine learning python2.7 notebook".into();
        let spec = p
            .edit_request(&ctx, &instance, &before, &after)
            .unwrap()
            .unwrap();
        assert_eq!(spec.method.as_str(), "PUT");
        assert_eq!(
            spec.path,
            format!("/v1/p/demanager/instances/{}", instance.id)
        );
        let documented: Value =
            serde_json::from_str(include_str!("../../fixtures/modelarts_update_request.json"))
                .unwrap();
        assert_eq!(spec.body_json().unwrap(), documented);

        // A new duration is sent in seconds, with the description.
        after["auto_stop_hours"] = "2".into();
        let body = p
            .edit_request(&ctx, &instance, &before, &after)
            .unwrap()
            .unwrap()
            .body_json()
            .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "machine learning python2.7 notebook",
                               "spec": {"auto_stop": {"enable": true, "duration": 7200}}})
        );

        // Switching auto-stop off sends that alone in `spec`.
        let mut off = before.clone();
        off["auto_stop_enabled"] = false.into();
        let body = p
            .edit_request(&ctx, &instance, &before, &off)
            .unwrap()
            .unwrap()
            .body_json()
            .unwrap();
        assert_eq!(
            body["spec"],
            serde_json::json!({"auto_stop": {"enable": false}})
        );
    }

    #[test]
    fn a_wrong_modelarts_edit_is_refused_on_its_fields() {
        let p = ProviderKind::ModelArts;
        let instance = modelarts_instance();
        let before = p.edit_form(&instance).unwrap();
        let mut after = before.clone();
        after["description"] = "a < b".into();
        after["auto_stop_hours"] = "25".into();
        let fields: Vec<String> = p
            .validate_edit(&after)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                modelarts::validate::DESCRIPTION,
                modelarts::validate::AUTO_STOP_DURATION
            ]
        );
        let refused = p.edit_request(&ctx_with_workspace(None), &instance, &before, &after);
        assert_eq!(refused.unwrap_err().len(), 2);
    }

    #[test]
    fn dataset_rows_are_two_texts_and_give_the_same_body() {
        let p = ProviderKind::PaiDsw;
        let ctx = ctx_with_workspace(Some("40823"));
        let mut v = p.fresh_form(&ctx);
        v["instance_name"] = "train".into();
        v["ecs_spec"] = "ecs.c6.large".into();
        v["image_id_or_url"] = "image-1".into();
        v["datasets"] = serde_json::json!([["d-123", "/mnt/data"]]);
        let body = p.create_request(&ctx, &v).unwrap().body_json().unwrap();
        assert_eq!(
            body["Datasets"],
            serde_json::json!([{"DatasetId": "d-123", "MountPath": "/mnt/data"}])
        );
        // A draft holding the rows as objects gives the same request.
        v["datasets"] = serde_json::json!([{"dataset_id": "d-123", "mount_path": "/mnt/data"}]);
        assert_eq!(
            p.create_request(&ctx, &v).unwrap().body_json().unwrap(),
            body
        );
        // The form core hands out holds them as rows.
        let form = pai_dsw::form::CreateForm {
            datasets: vec![pai_dsw::form::DatasetMount {
                dataset_id: "d-1".into(),
                mount_path: "/mnt/a".into(),
            }],
            ..pai_dsw::form::CreateForm::default()
        };
        assert_eq!(
            to_value(&form)["datasets"],
            serde_json::json!([["d-1", "/mnt/a"]])
        );
    }

    /// A ListEcsSpecs answer with the `EcsSpecs[]` fields the API reference
    /// lists (PAI-DSW 2022-01-01, ListEcsSpecs): one GPU type and one sold
    /// out.
    const ECS_SPECS: &str = r#"{"RequestId":"R","Success":true,"TotalCount":3,"EcsSpecs":[
        {"InstanceType":"ecs.gn6i-c4g1.xlarge","AcceleratorType":"GPU","CPU":4,"Memory":15,"GPU":1,"GPUType":"NVIDIA T4","GPUMemorySize":16,"SystemDiskCapacity":100,"InstanceBandwidthRx":1024,"Price":1.2,"Currency":"CNY","IsAvailable":true,"SpotStockStatus":"WithStock","Labels":[]},
        {"InstanceType":"ecs.gn7i-c8g1.2xlarge","AcceleratorType":"GPU","CPU":8,"Memory":30,"GPU":1,"GPUType":"NVIDIA A10","IsAvailable":false},
        {"AcceleratorType":"GPU","CPU":2}
    ]}"#;

    #[test]
    fn machine_types_come_from_the_providers_listing() {
        let spec = ProviderKind::PaiDsw
            .machine_types_request(AcceleratorKind::Gpu)
            .unwrap();
        assert_eq!(
            spec.path_and_query(),
            "/api/v2/ecsspecs?AcceleratorType=GPU"
        );
        let spec = ProviderKind::PaiDsw
            .machine_types_request(AcceleratorKind::Cpu)
            .unwrap();
        assert_eq!(
            spec.path_and_query(),
            "/api/v2/ecsspecs?AcceleratorType=CPU"
        );
        assert!(ProviderKind::ModelArts
            .machine_types_request(AcceleratorKind::Gpu)
            .is_none());
        assert!(ProviderKind::Scnet
            .machine_types_request(AcceleratorKind::Cpu)
            .is_none());

        let types = ProviderKind::PaiDsw
            .decode_machine_types(200, ECS_SPECS)
            .unwrap();
        assert_eq!(
            types,
            [
                MachineType {
                    name: "ecs.gn6i-c4g1.xlarge".into(),
                    cpus: Some(4.0),
                    memory_gib: Some(15.0),
                    accelerators: Some(1),
                    accelerator_model: Some("NVIDIA T4".into()),
                    available: true,
                },
                MachineType {
                    name: "ecs.gn7i-c8g1.2xlarge".into(),
                    cpus: Some(8.0),
                    memory_gib: Some(30.0),
                    accelerators: Some(1),
                    accelerator_model: Some("NVIDIA A10".into()),
                    available: false,
                },
            ]
        );
        let refused = r#"{"RequestId":"R","Code":"Forbidden.NoPermission","Message":"denied","Success":false,"HttpStatusCode":403}"#;
        assert!(ProviderKind::PaiDsw
            .decode_machine_types(403, refused)
            .is_err());
    }

    #[test]
    fn created_ids_come_from_each_providers_answer() {
        let ma = include_str!("../../fixtures/modelarts_create_response.json");
        assert_eq!(
            ProviderKind::ModelArts.decode_created(200, ma).unwrap(),
            "DE-a970f5d4-7b26-11eb-91ca-0255ac10003b"
        );
        let dsw = r#"{"RequestId":"r","InstanceId":"dsw-123","Success":true,"Code":null,"Message":"","HttpStatusCode":200}"#;
        assert_eq!(
            ProviderKind::PaiDsw.decode_created(200, dsw).unwrap(),
            "dsw-123"
        );
        let sc = r#"{"code":"0","msg":"success","data":{"id":"abc"}}"#;
        assert_eq!(ProviderKind::Scnet.decode_created(200, sc).unwrap(), "abc");
        let sc_bare = r#"{"code":"0","msg":"success","data":"abc"}"#;
        assert_eq!(
            ProviderKind::Scnet.decode_created(200, sc_bare).unwrap(),
            "abc"
        );
        let err = ProviderKind::ModelArts
            .decode_created(
                400,
                include_str!("../../fixtures/modelarts_create_error.json"),
            )
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("ModelArts.6318"));
        assert!(ProviderKind::PaiDsw.decode_created(200, "{}").is_err());
    }
}
