//! What the console reads of a ModelArts instance object, decoded straight
//! from the answer's text: the fields the neutral [`crate::model::Instance`]
//! and the clone and edit forms use, under the document's names. Everything
//! else in the object is skipped while parsing, so the list holds no copy of
//! it; the full mirror is [`super::wire::Instance`].

use super::wire::{AutoStop, FlavorParams, Location, Storage};
use crate::json::{self, opt_list, opt_object, Reader};
use crate::providers::lenient::{
    read_bool, read_f64, read_i64, read_plain_string as text, read_string, read_string_map, Pairs,
};

/// One development-environment instance (list item, detail answer).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Instance {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    pub creation_timestamp: Option<i64>,
    pub latest_update_timestamp: Option<i64>,
    pub profile: Option<Profile>,
    pub flavor: Option<String>,
    pub flavor_details: Option<FlavorDetails>,
    pub pool: Option<Named>,
    pub spec: Option<Spec>,
    pub workspace: Option<Named>,
    pub ai_project: Option<Named>,
    pub error_code: Option<String>,
    pub queuing_info: Option<QueuingInfo>,
    pub user: Option<Named>,
}

impl Instance {
    /// The instance object the reader is at. Members are matched by their
    /// document names; others are skipped; a member given twice keeps its
    /// last value; a value of a type the field cannot take is `None`.
    pub fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        let mut i = Instance::default();
        r.object(&mut |key, r| {
            match key {
                "spec" => i.spec = opt_object(r, Spec::read)?,
                "description" => i.description = text(r)?,
                "pool" => i.pool = opt_object(r, Named::read)?,
                "workspace" => i.workspace = opt_object(r, Named::read)?,
                "ai_project" => i.ai_project = opt_object(r, Named::read)?,
                "error_code" => i.error_code = text(r)?,
                "user" => i.user = opt_object(r, Named::read)?,
                _ if i.list_member(key, r)? => {}
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(i)
    }

    /// What a list shows, and nothing else: no description, pool, workspace,
    /// user, storage, failure reasons or annotations (the detail page's
    /// [`Instance::read`] reads those), so the first download carries no
    /// code to read them.
    pub fn read_listed(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        let mut i = Instance::default();
        r.object(&mut |key, r| {
            match key {
                "spec" => i.spec = opt_object(r, Spec::read_listed)?,
                _ if i.list_member(key, r)? => {}
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(i)
    }

    /// Reads `key` if the list needs it (`spec` aside); `false` (nothing
    /// read) otherwise.
    fn list_member(&mut self, key: &str, r: &mut Reader<'_>) -> Result<bool, json::Error> {
        let i = self;
        match key {
            "id" => i.id = text(r)?,
            "name" => i.name = text(r)?,
            "status" => i.status = text(r)?,
            "creation_timestamp" => i.creation_timestamp = read_i64(r)?,
            "latest_update_timestamp" => i.latest_update_timestamp = read_i64(r)?,
            "profile" => i.profile = opt_object(r, Profile::read)?,
            "flavor" => i.flavor = text(r)?,
            "flavor_details" => i.flavor_details = opt_object(r, FlavorDetails::read)?,
            "queuing_info" => i.queuing_info = opt_object(r, QueuingInfo::read)?,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// `profile`: the image configuration's id, name and flavor type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    pub id: Option<String>,
    pub name: Option<String>,
    pub flavor_type: Option<String>,
}

impl Profile {
    fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, Profile {
            "id" => id: text,
            "name" => name: text,
            "flavor_type" => flavor_type: text,
        })
    }
}

/// `pool`, `workspace`, `ai_project`, `user`: an id and a name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Named {
    pub id: Option<String>,
    pub name: Option<String>,
}

impl Named {
    fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, Named {
            "id" => id: text,
            "name" => name: text,
        })
    }
}

/// `flavor_details`: the flavor's type, its hardware and whether it is free.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlavorDetails {
    /// `type`.
    pub flavor_type: Option<String>,
    pub params: Option<FlavorParams>,
    pub promo_type: Option<String>,
}

impl FlavorDetails {
    fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, FlavorDetails {
            "type" => flavor_type: text,
            "params" => params: |r| opt_object(r, read_flavor_params),
            "promo_type" => promo_type: text,
        })
    }
}

/// `flavor_details.params`.
fn read_flavor_params(r: &mut Reader<'_>) -> Result<FlavorParams, json::Error> {
    json::read_fields!(r, FlavorParams {
        "CPU" => cpu: read_f64,
        "GPU" => gpu: read_i64,
        "NPU" => npu: read_i64,
        "gpu_type" => gpu_type: read_string,
        "memory" => memory: read_string,
        "graphics_memory" => graphics_memory: read_string,
        "type" => accelerator_type: read_string,
    })
}

/// `spec`: storage, auto-stop, failure reasons and the annotations that hold
/// the instance's own page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spec {
    pub extend_storage: Option<Vec<Storage>>,
    pub storage: Option<Storage>,
    pub auto_stop: Option<AutoStop>,
    pub failed_reasons: Option<FailedReasons>,
    pub annotations: Option<Pairs>,
}

impl Spec {
    fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, Spec {
            "extend_storage" => extend_storage: |r| opt_list(r, read_storage),
            "storage" => storage: |r| opt_object(r, read_storage),
            "auto_stop" => auto_stop: |r| opt_object(r, read_auto_stop),
            "failed_reasons" => failed_reasons: |r| opt_object(r, read_failed_reasons),
            "annotations" => annotations: read_string_map,
        })
    }

    /// `spec` as a list needs it: the auto-stop alone.
    fn read_listed(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, Spec {
            "auto_stop" => auto_stop: |r| opt_object(r, read_auto_stop),
        })
    }
}

/// `spec.storage` and `spec.extend_storage[]`.
fn read_storage(r: &mut Reader<'_>) -> Result<Storage, json::Error> {
    json::read_fields!(r, Storage {
        "type" => storage_type: text,
        "location" => location: |r| opt_object(r, read_location),
    })
}

/// `spec.storage.location`.
fn read_location(r: &mut Reader<'_>) -> Result<Location, json::Error> {
    json::read_fields!(r, Location {
        "path" => path: text,
        "volume_size" => volume_size: read_i64,
        "mount_path" => mount_path: text,
        "access_modes" => access_modes: text,
    })
}

/// `spec.auto_stop`.
fn read_auto_stop(r: &mut Reader<'_>) -> Result<AutoStop, json::Error> {
    json::read_fields!(r, AutoStop {
        "enable" => enable: read_bool,
        "duration" => duration: read_i64,
        "prompt" => prompt: read_bool,
        "stop_timestamp" => stop_timestamp: read_i64,
        "remain_time" => remain_time: read_i64,
    })
}

/// `spec.failed_reasons`, as the slim reader keeps it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FailedReasons {
    pub code: Option<String>,
    pub message: Option<String>,
    pub detail: Option<Pairs>,
}

/// `spec.failed_reasons`.
fn read_failed_reasons(r: &mut Reader<'_>) -> Result<FailedReasons, json::Error> {
    json::read_fields!(r, FailedReasons {
        "code" => code: read_string,
        "message" => message: read_string,
        "detail" => detail: read_string_map,
    })
}

/// `queuing_info`: the queue position and the expected wait.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueuingInfo {
    pub begin_timestamp: Option<i64>,
    pub remain_time: Option<i64>,
    pub end_timestamp: Option<i64>,
    pub rank: Option<i64>,
}

impl QueuingInfo {
    fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        json::read_fields!(r, QueuingInfo {
            "begin_timestamp" => begin_timestamp: read_i64,
            "remain_time" => remain_time: read_i64,
            "end_timestamp" => end_timestamp: read_i64,
            "rank" => rank: read_i64,
        })
    }
}

/// The list answer `{total_count, instances}`, with the error fields that
/// make it an error answer after all.
#[derive(Debug, Default)]
pub struct ListPage {
    pub total_count: Option<i64>,
    pub instances: Option<Vec<Instance>>,
    pub error_code: Option<String>,
    /// Whether there is an `error_message` member, whatever it holds.
    pub error_message: bool,
    /// Whether there is an `error_msg` member, whatever it holds.
    pub error_msg: bool,
}

impl ListPage {
    /// The list answer the reader is at.
    pub fn read(r: &mut Reader<'_>) -> Result<Self, json::Error> {
        let mut l = ListPage::default();
        r.object(&mut |key, r| {
            match key {
                "total_count" => l.total_count = read_i64(r)?,
                "instances" => l.instances = opt_list(r, Instance::read_listed)?,
                "error_code" => l.error_code = read_string(r)?,
                "error_message" => {
                    r.skip()?;
                    l.error_message = true;
                }
                "error_msg" => {
                    r.skip()?;
                    l.error_msg = true;
                }
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(l)
    }

    /// An `error_code` with an `error_message` or `error_msg` (see
    /// [`super::error::is_error_body`]).
    pub fn is_error(&self) -> bool {
        self.error_code.is_some() && (self.error_message || self.error_msg)
    }
}

/// The Instance an instance's raw JSON holds (the detail answer's object), for
/// the clone and edit forms; empty for a list item, which keeps none.
pub fn of(instance: &crate::model::Instance) -> Instance {
    json::parse(instance.raw.text(), Instance::read).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(text: &str) -> Instance {
        json::parse(text, Instance::read).unwrap()
    }

    #[test]
    fn members_by_document_name() {
        let i = instance(
            r#"{"id":"DE-1","creation_timestamp":"1594887749962","profile":{"flavor_type":"GPU","x":[1]},
            "flavor_details":{"type":"GPU","params":{"CPU":"8","GPU":1,"memory":"64GiB","type":"Ascend 910"}},
            "spec":{"extend_storage":[{"type":"obs","location":{"path":"/p","volume_size":"5"}}],
            "auto_stop":{"enable":"true","duration":3600},"failed_reasons":{"code":7,"detail":{"a":{"b":1}}}},
            "queuing_info":{"rank":"2"},"user":{"id":"u"}}"#,
        );
        assert_eq!(i.id.as_deref(), Some("DE-1"));
        assert_eq!(i.creation_timestamp, Some(1_594_887_749_962));
        assert_eq!(i.profile.unwrap().flavor_type.as_deref(), Some("GPU"));
        let details = i.flavor_details.unwrap();
        assert_eq!(details.flavor_type.as_deref(), Some("GPU"));
        let params = details.params.unwrap();
        assert_eq!((params.cpu, params.gpu), (Some(8.0), Some(1)));
        assert_eq!(params.accelerator_type.as_deref(), Some("Ascend 910"));
        let spec = i.spec.unwrap();
        let extend = spec.extend_storage.unwrap();
        assert_eq!(extend[0].location.as_ref().unwrap().volume_size, Some(5));
        assert_eq!(spec.auto_stop.unwrap().enable, Some(true));
        let reasons = spec.failed_reasons.unwrap();
        assert_eq!(reasons.code.as_deref(), Some("7"));
        assert_eq!(reasons.detail.unwrap()["a"], r#"{"b":1}"#);
        assert_eq!(i.queuing_info.unwrap().rank, Some(2));
        assert_eq!(i.user.unwrap().id.as_deref(), Some("u"));
    }

    #[test]
    fn repeated_members_keep_the_last_and_odd_types_are_none() {
        let i = instance(
            r#"{"id":"a","id":"b","name":5,"status":["x"],"profile":"p","pool":null,
            "spec":{"extend_storage":[{"type":"obs"},null,3,[]],"storage":[],"annotations":{"url":"u","url":null,"k":1}}}"#,
        );
        assert_eq!(i.id.as_deref(), Some("b"));
        assert_eq!(
            (i.name, i.status, i.profile, i.pool),
            (None, None, None, None)
        );
        let spec = i.spec.unwrap();
        assert_eq!(spec.extend_storage.unwrap().len(), 1);
        assert_eq!(spec.storage, None);
        let annotations = spec.annotations.unwrap();
        assert_eq!(annotations.get("url"), None);
        assert_eq!(annotations["k"], "1");
    }

    #[test]
    fn the_list_and_its_error_fields() {
        let list = json::parse(
            r#"{"total_count":"2","instances":[{"id":"a"},7,{"id":"b"}],"error_code":null}"#,
            ListPage::read,
        )
        .unwrap();
        assert_eq!(list.total_count, Some(2));
        assert!(!list.is_error());
        assert_eq!(list.instances.unwrap().len(), 2);
        let error = r#"{"error_code":"ModelArts.6309","error_msg":null}"#;
        assert!(json::parse(error, ListPage::read).unwrap().is_error());
    }
}
