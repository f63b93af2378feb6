//! Create forms behind one provider-neutral face: a form is a JSON object of
//! what the user typed (the provider's `form::CreateForm`, serialised), so
//! the UI binds fields by key, keeps drafts in session storage and prefills
//! clones without naming a provider's field. Validation, the create request
//! and the answer's new instance id are decided here.

use super::{modelarts, pai_dsw, scnet, EndpointCtx};
use crate::error::{ApiError, ErrorKind};
use crate::model::{Instance, ProviderKind};
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

impl ProviderKind {
    /// The empty create form, with the provider's defaults filled in.
    pub fn default_form(self) -> Value {
        match self {
            ProviderKind::ModelArts => to_value(&modelarts::form::CreateForm::default()),
            ProviderKind::PaiDsw => to_value(&pai_dsw::form::CreateForm::default()),
            ProviderKind::Scnet => to_value(&scnet::form::CreateForm::default()),
        }
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

    /// The edit form of an instance, where the console edits this
    /// provider's instances with the create form's fields (PAI-DSW
    /// UpdateInstance); `None` elsewhere.
    pub fn edit_form(self, instance: &Instance) -> Option<Value> {
        match self {
            ProviderKind::PaiDsw => {
                Some(to_value(&pai_dsw::form::edit_form_from_instance(instance)))
            }
            ProviderKind::ModelArts | ProviderKind::Scnet => None,
        }
    }

    /// Whether the console edits this provider's instances (ModelArts
    /// UpdateInstance of description and auto-stop; PAI-DSW UpdateInstance).
    pub fn can_edit(self) -> bool {
        matches!(self, ProviderKind::ModelArts | ProviderKind::PaiDsw)
    }

    /// Every problem in an edit form (see [`ProviderKind::edit_form`]).
    pub fn validate_edit(self, values: &Value) -> Vec<FieldError> {
        match self {
            ProviderKind::PaiDsw => form_of(values)
                .map(|f| pai_dsw::validate::edit(&f))
                .unwrap_or_else(|errors| errors),
            ProviderKind::ModelArts | ProviderKind::Scnet => Vec::new(),
        }
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
            ProviderKind::PaiDsw => {
                pai_dsw::request::edit(ctx, instance, &form_of(before)?, &form_of(after)?)
            }
            ProviderKind::ModelArts | ProviderKind::Scnet => Ok(None),
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
        assert_eq!(spec.body.unwrap(), documented);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_reported() {
        let mut v = ProviderKind::ModelArts.default_form();
        v["name"] = Value::Bool(true);
        let errors = ProviderKind::ModelArts.validate_form(&v);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].key, "validation.invalid");
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
