//! The provider-neutral model the UI renders: [`Instance`], its status class,
//! hardware, auto-stop, queue, failure and connect information.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

/// The three provider APIs the console speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProviderKind {
    /// Huawei Cloud ModelArts DevEnviron (`demanager` v1).
    #[serde(rename = "modelarts")]
    ModelArts,
    /// Alibaba Cloud PAI-DSW (API 2022-01-01).
    #[serde(rename = "pai-dsw")]
    PaiDsw,
    /// SCNet AI openapi v2 container instances.
    #[serde(rename = "scnet")]
    Scnet,
}

impl ProviderKind {
    /// The identifier used in `config.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::ModelArts => "modelarts",
            ProviderKind::PaiDsw => "pai-dsw",
            ProviderKind::Scnet => "scnet",
        }
    }

    /// The provider's product name, as users know it.
    pub fn display_name(self) -> &'static str {
        match self {
            ProviderKind::ModelArts => "ModelArts",
            ProviderKind::PaiDsw => "PAI-DSW",
            ProviderKind::Scnet => "SCNet",
        }
    }

    /// Parses the `config.json` identifier.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "modelarts" => Some(ProviderKind::ModelArts),
            "pai-dsw" => Some(ProviderKind::PaiDsw),
            "scnet" => Some(ProviderKind::Scnet),
            _ => None,
        }
    }

    /// Every provider, in display order.
    pub const ALL: [ProviderKind; 3] = [
        ProviderKind::ModelArts,
        ProviderKind::PaiDsw,
        ProviderKind::Scnet,
    ];
}

/// The neutral class every provider status maps onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusClass {
    Running,
    Transitional,
    Queued,
    Stopped,
    Failed,
    Deleted,
    Unknown,
}

impl StatusClass {
    pub const ALL: [StatusClass; 7] = [
        StatusClass::Running,
        StatusClass::Transitional,
        StatusClass::Queued,
        StatusClass::Stopped,
        StatusClass::Failed,
        StatusClass::Deleted,
        StatusClass::Unknown,
    ];

    /// Stable identifier (URL query values, CSS classes, message keys).
    pub fn as_str(self) -> &'static str {
        match self {
            StatusClass::Running => "running",
            StatusClass::Transitional => "transitional",
            StatusClass::Queued => "queued",
            StatusClass::Stopped => "stopped",
            StatusClass::Failed => "failed",
            StatusClass::Deleted => "deleted",
            StatusClass::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        StatusClass::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether the instance is expected to change state by itself soon
    /// (the console polls faster while any instance is in such a class).
    pub fn is_moving(self) -> bool {
        matches!(self, StatusClass::Transitional | StatusClass::Queued)
    }
}

/// The class of `status` in a provider's status table (compared without
/// case or surrounding blanks); a word the table lacks is `Unknown`.
pub fn class_in(table: &[(&str, StatusClass)], status: &str) -> StatusClass {
    let status = status.trim();
    table
        .iter()
        .find(|(word, _)| word.eq_ignore_ascii_case(status))
        .map(|(_, class)| *class)
        .unwrap_or(StatusClass::Unknown)
}

/// What kind of accelerator an instance has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AcceleratorKind {
    /// CPU only.
    Cpu,
    Gpu,
    /// Ascend and other NPUs.
    Npu,
    #[default]
    Unknown,
}

/// Hardware of an instance, as far as the provider tells it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Hardware {
    /// CPU cores (may be fractional on PAI-DSW).
    pub cpu: Option<f64>,
    /// Number of GPUs or NPUs.
    pub accelerators: Option<u32>,
    /// Accelerator model, e.g. `v100NV32`, `NVIDIA A10`, `Ascend 910`.
    pub accelerator_model: Option<String>,
    pub accelerator_kind: AcceleratorKind,
    /// Memory as the provider printed it, e.g. `64GiB`.
    pub memory: Option<String>,
    /// Memory in MiB where it could be computed.
    pub memory_mib: Option<u64>,
}

/// Auto-stop (ModelArts `auto_stop`, PAI-DSW shutdown timer and idle
/// culler, SCNet timeout). `enabled` says whether any of them is on; the
/// times describe a stop at a moment (a timer), `idle` a stop after idling.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AutoStop {
    pub enabled: bool,
    /// Running time before the stop, in seconds.
    pub duration_secs: Option<u64>,
    /// When the instance will stop.
    pub stop_at: Option<Millis>,
    /// Seconds left before the stop, as the provider computed it.
    pub remaining_secs: Option<i64>,
    /// A stop after idling (PAI-DSW `IdleInstanceCuller`).
    #[serde(default)]
    pub idle: Option<IdleStop>,
}

impl AutoStop {
    /// Whether a stop at a moment is set (a countdown can be shown).
    pub fn has_timer(&self) -> bool {
        self.enabled && (self.stop_at.is_some() || self.remaining_secs.is_some())
    }
}

/// A stop after idling: the instance counts as idle while its CPU (and, on
/// a GPU instance, its GPU) use is below the thresholds, and stops once it
/// has idled `max_idle_minutes`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IdleStop {
    /// Percent, 1–100.
    pub cpu_percent: Option<u32>,
    /// Percent, 1–100; GPU instances only.
    pub gpu_percent: Option<u32>,
    pub max_idle_minutes: Option<u32>,
    /// How long the instance has idled so far, as the provider computed it.
    pub idle_minutes: Option<u32>,
}

/// Queue information for instances waiting for resources.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QueueInfo {
    /// 1-based rank in the queue.
    pub position: Option<u32>,
    /// Expected wait, in seconds.
    pub remaining_secs: Option<u64>,
    pub expected_end: Option<Millis>,
    /// When the instance started waiting (ModelArts `begin_timestamp`).
    #[serde(default)]
    pub since: Option<Millis>,
    /// The provider lets the instance leave the queue (ModelArts `dequeue`,
    /// free flavors only).
    #[serde(default)]
    pub can_leave: bool,
}

/// Why an instance failed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Failure {
    pub code: Option<String>,
    pub message: String,
}

/// Links to reach a running instance.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ConnectUrls {
    pub jupyterlab: Option<String>,
    pub web_ide: Option<String>,
    pub terminal: Option<String>,
    /// The provider's own page for the instance (ModelArts `url`, PAI-DSW `InstanceUrl`).
    pub console: Option<String>,
}

impl ConnectUrls {
    pub fn is_empty(&self) -> bool {
        self.jupyterlab.is_none()
            && self.web_ide.is_none()
            && self.terminal.is_none()
            && self.console.is_none()
    }
}

/// One storage attached to an instance.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StorageInfo {
    /// `evs`, `obs`, `obsfs`, `dataset`, `cloud-disk`, `mount` …
    pub kind: String,
    pub path: Option<String>,
    pub size: Option<String>,
    pub mount_path: Option<String>,
}

/// `(kind, id)` pairs for the ids that are present and not empty.
pub fn ids(pairs: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .filter_map(|(kind, id)| {
            let id = id.map(str::trim).filter(|s| !s.is_empty())?;
            Some((kind.to_string(), id.to_string()))
        })
        .collect()
}

/// A lifecycle action on an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Start,
    Stop,
    Restart,
    Delete,
    /// Leave the queue (ModelArts free flavors).
    Dequeue,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Restart => "restart",
            Action::Delete => "delete",
            Action::Dequeue => "dequeue",
        }
    }
}

/// One instance, provider-neutral. The UI renders only this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    /// The `config.json` endpoint this instance came from.
    pub endpoint_id: String,
    pub provider: ProviderKind,
    pub id: String,
    pub name: String,
    /// The provider's own status word, as it came.
    pub status: String,
    pub status_class: StatusClass,
    pub hardware: Hardware,
    pub flavor: Option<String>,
    /// Image (PAI-DSW, SCNet) or profile (ModelArts).
    pub image: Option<String>,
    pub created: Option<Millis>,
    pub updated: Option<Millis>,
    pub auto_stop: Option<AutoStop>,
    /// Boxed: most instances wait in no queue, and a list holds thousands.
    pub queue: Option<Box<QueueInfo>>,
    /// What only the detail view shows (see [`Instance::detail`]); a list
    /// item has none, so 10,000 of them stay small.
    #[serde(default)]
    pub detail: Option<Box<Detail>>,
    /// The provider's object, for the detail view.
    pub raw: RawJson,
}

/// The parts of an instance only its detail view shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Detail {
    pub description: Option<String>,
    pub owner: Option<String>,
    pub failure: Option<Failure>,
    pub connect: ConnectUrls,
    pub storage: Vec<StorageInfo>,
    /// Other identifiers a user may need to copy, as (kind, id): kinds are
    /// `workspace`, `user`, `pool`, `ai_project`, `resource`, `image`,
    /// `notebook`.
    #[serde(default)]
    pub other_ids: Vec<(String, String)>,
    /// What the detail answer itself tells of the instance's history
    /// (failure reasons, the current status's reason and times); see
    /// [`crate::history::of_instance`].
    #[serde(skip)]
    pub history: Vec<crate::history::HistoryEntry>,
}

/// What a list item's [`Instance::detail`] reads as.
static NO_DETAIL: Detail = Detail {
    description: None,
    owner: None,
    failure: None,
    connect: ConnectUrls {
        jupyterlab: None,
        web_ide: None,
        terminal: None,
        console: None,
    },
    storage: Vec::new(),
    other_ids: Vec::new(),
    history: Vec::new(),
};

impl Instance {
    /// What tells it from every other instance: its endpoint and its id.
    pub fn key(&self) -> crate::paging::Key<'_> {
        (&self.endpoint_id, &self.id)
    }

    /// The detail view's parts: description, owner, failure, connect links,
    /// storage and other ids; all empty for a list item.
    pub fn detail(&self) -> &Detail {
        self.detail.as_deref().unwrap_or(&NO_DETAIL)
    }

    /// What the list keeps of an instance: everything its rows, filters and
    /// actions use; the detail view's parts (provider object and
    /// [`Instance::detail`]) come with the detail answer. 10,000 instances
    /// take a fraction of the memory.
    pub fn into_list_item(self) -> Instance {
        Instance {
            raw: RawJson::default(),
            detail: None,
            ..self
        }
    }

    /// Whether any auto-stop (timer, duration or idle policy) is on: the
    /// list's "running without auto-stop" filter.
    pub fn has_auto_stop(&self) -> bool {
        self.auto_stop
            .as_ref()
            .is_some_and(|a| a.enabled || a.idle.is_some())
    }

    /// Whether this is a list item (see [`Instance::into_list_item`]).
    pub fn is_list_item(&self) -> bool {
        self.raw.text().is_empty()
    }

    /// This list item with the detail view's parts taken from `detail`, an
    /// earlier detail answer for the same instance; what the list knows
    /// (status, auto-stop, queue …) stays the list's.
    pub fn with_detail_of(mut self, detail: &Instance) -> Instance {
        if self.is_list_item() && detail.endpoint_id == self.endpoint_id && detail.id == self.id {
            self.raw = detail.raw.clone();
            self.detail = detail.detail.clone();
        }
        self
    }
}

/// A provider's object kept as compact JSON text: a fraction of the memory
/// of a parsed `serde_json::Value`, which matters with 10,000 instances in a
/// browser tab. Parsed again only when needed (detail view, clone).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawJson(Option<std::sync::Arc<str>>);

impl RawJson {
    pub fn from_value(value: &serde_json::Value) -> Self {
        RawJson(Some(value.to_string().into()))
    }

    /// An object's JSON text, kept compact.
    pub fn from_text(text: &str) -> Self {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => RawJson::from_value(&value),
            Err(_) => RawJson(Some(text.into())),
        }
    }

    /// The object, parsed.
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(self.text()).unwrap_or(serde_json::Value::Null)
    }

    /// Compact JSON text; empty for a list item, which keeps none.
    pub fn text(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }

    /// Indented JSON text, for reading.
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(&self.value()).unwrap_or_else(|_| self.text().to_string())
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        RawJson::from_value(&value)
    }
}

impl PartialEq<serde_json::Value> for RawJson {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.value() == *other
    }
}

impl std::fmt::Debug for RawJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text())
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(|v| RawJson::from_value(&v))
    }
}
