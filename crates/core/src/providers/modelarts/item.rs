//! What the console reads of a ModelArts instance object, decoded straight
//! from the answer's text: the fields the neutral [`crate::model::Instance`]
//! and the clone and edit forms use, under the document's names. Everything
//! else in the object is skipped while parsing, so the list holds no copy of
//! it; the full mirror is [`super::wire::Instance`].

use super::wire::{AutoStop, FailedReasons, FlavorParams, Storage};
use crate::providers::lenient::{self, StringMap};
use serde::Deserialize;

/// One development-environment instance (list item, detail answer).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Instance {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub status: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub creation_timestamp: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
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

/// `profile`: the image configuration's id, name and flavor type.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub id: Option<String>,
    pub name: Option<String>,
    pub flavor_type: Option<String>,
}

/// `pool`, `workspace`, `ai_project`, `user`: an id and a name.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Named {
    pub id: Option<String>,
    pub name: Option<String>,
}

/// `flavor_details`: the flavor's type, its hardware and whether it is free.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct FlavorDetails {
    #[serde(rename = "type")]
    pub flavor_type: Option<String>,
    pub params: Option<FlavorParams>,
    pub promo_type: Option<String>,
}

/// `spec`: storage, auto-stop, failure reasons and the annotations that hold
/// the instance's own page.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct Spec {
    pub extend_storage: Option<Vec<Storage>>,
    pub storage: Option<Storage>,
    pub auto_stop: Option<AutoStop>,
    pub failed_reasons: Option<FailedReasons>,
    #[serde(deserialize_with = "lenient::opt_string_map")]
    pub annotations: Option<StringMap>,
}

/// `queuing_info`: the queue position and the expected wait.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct QueuingInfo {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub remain_time: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub end_timestamp: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub rank: Option<i64>,
}

/// The list answer `{total_count, instances}`, with the error fields that
/// make it an error answer after all.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListPage {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub total_count: Option<i64>,
    pub instances: Option<Vec<Instance>>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub error_code: Option<String>,
    #[serde(deserialize_with = "present")]
    pub error_message: bool,
    #[serde(deserialize_with = "present")]
    pub error_msg: bool,
}

impl ListPage {
    /// An `error_code` with an `error_message` or `error_msg` (see
    /// [`super::error::is_error_body`]).
    pub fn is_error(&self) -> bool {
        self.error_code.is_some() && (self.error_message || self.error_msg)
    }
}

/// `true` for a field that is there, whatever it holds.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    serde::de::IgnoredAny::deserialize(d).map(|_| true)
}

/// The Instance an instance's raw JSON holds (the detail answer's object), for
/// the clone and edit forms; empty for a list item, which keeps none.
pub fn of(instance: &crate::model::Instance) -> Instance {
    serde_json::from_str(instance.raw.text()).unwrap_or_default()
}
