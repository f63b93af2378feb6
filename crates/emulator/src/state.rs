//! The emulator's in-memory world: instances of each provider in their wire
//! shape (serde_json objects), armed faults, the request log, and the seeds
//! the world starts from (the providers' documented examples, embedded).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::cli::{normalize_base, Options, RequiredHeader};
use crate::clock::Clock;
use crate::faults::Fault;
use crate::generate::{self, Xorshift};
use crate::lifecycle::{Change, Step};
use crate::pai_dsw_ops::{Culler, Note, Timer};
use crate::{modelarts, pai_dsw, scnet};

const MODELARTS_LIST: &str = include_str!("../../core/fixtures/modelarts_list_response.json");
const MODELARTS_CREATE: &str = include_str!("../../core/fixtures/modelarts_create_response.json");
const PAI_DSW_LIST: &str = include_str!("../../core/fixtures/pai_dsw_list_response.json");
const SCNET_LIST: &str = include_str!("../../core/fixtures/scnet_list_response.json");

/// At most this many entries are kept in the request log (oldest dropped).
const LOG_CAP: usize = 50_000;

/// One of the three emulated providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    ModelArts,
    PaiDsw,
    Scnet,
}

impl Provider {
    pub const ALL: [Provider; 3] = [Provider::ModelArts, Provider::PaiDsw, Provider::Scnet];

    /// `modelarts`, `pai-dsw` or `scnet` (the `/proxy/…` segment).
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::ModelArts => "modelarts",
            Provider::PaiDsw => "pai-dsw",
            Provider::Scnet => "scnet",
        }
    }

    pub fn parse(text: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The field holding an instance's id.
    pub fn id_field(self) -> &'static str {
        match self {
            Provider::ModelArts | Provider::Scnet => "id",
            Provider::PaiDsw => "InstanceId",
        }
    }

    /// The field holding an instance's status.
    pub fn status_field(self) -> &'static str {
        match self {
            Provider::ModelArts | Provider::Scnet => "status",
            Provider::PaiDsw => "Status",
        }
    }

    /// An error answer in this provider's shape.
    pub fn error(self, status: StatusCode, kind: ErrorKind, message: &str) -> Response {
        match self {
            Provider::ModelArts => modelarts::error(status, kind.modelarts_code(), message),
            Provider::PaiDsw => pai_dsw::error(status, kind.pai_dsw_code(), message),
            Provider::Scnet => scnet::error(status, kind.scnet_code(), message),
        }
    }
}

/// Errors every provider can answer, outside its own operations.
#[derive(Debug, Clone, Copy)]
pub enum ErrorKind {
    Unauthorized,
    NotFound,
    TooLarge,
    Internal,
}

impl ErrorKind {
    fn modelarts_code(self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "ModelArts.0201",
            ErrorKind::NotFound => "ModelArts.0105",
            ErrorKind::TooLarge => "ModelArts.0104",
            ErrorKind::Internal => "ModelArts.6361",
        }
    }
    fn pai_dsw_code(self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "InvalidAccessKeyId.NotFound",
            ErrorKind::NotFound => "InvalidAction.NotFound",
            ErrorKind::TooLarge => "RequestEntityTooLarge",
            ErrorKind::Internal => "InternalError",
        }
    }
    fn scnet_code(self) -> &'static str {
        match self {
            ErrorKind::Unauthorized => "10009",
            ErrorKind::NotFound => "10004",
            ErrorKind::TooLarge => "10011",
            ErrorKind::Internal => "10001",
        }
    }
}

/// One stored instance: its wire object, the steps it still has to take,
/// and whether the emulator manages it (created or acted upon; seeded and
/// generated instances keep their status until then). PAI-DSW instances
/// also keep their status history (empty until the first change: it is
/// then derived from the wire object), other events, and the shutdown
/// timer and idle culler the emulator enforces.
#[derive(Debug, Clone)]
pub struct Stored {
    pub value: Value,
    pub plan: Vec<Step>,
    pub managed: bool,
    pub history: Vec<Change>,
    pub notes: Vec<Note>,
    pub timer: Option<Timer>,
    pub culler: Option<Culler>,
}

impl Stored {
    pub fn new(value: Value) -> Self {
        Stored {
            value,
            plan: Vec::new(),
            managed: false,
            history: Vec::new(),
            notes: Vec::new(),
            timer: None,
            culler: None,
        }
    }

    pub fn str_field(&self, field: &str) -> &str {
        self.value.get(field).and_then(Value::as_str).unwrap_or("")
    }
}

/// Settings fixed at start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `/` or `/console/`.
    pub base: String,
    pub dist: Option<PathBuf>,
    pub transition_ms: u64,
    pub instances: usize,
    pub seed: u64,
    pub require_header: Vec<RequiredHeader>,
    pub pai_dsw_at_root: bool,
}

impl From<&Options> for Settings {
    fn from(o: &Options) -> Self {
        Settings {
            base: normalize_base(&o.base),
            dist: o.dist.clone(),
            transition_ms: o.transition_ms,
            instances: o.instances,
            seed: o.seed,
            require_header: o.require_header.clone(),
            pai_dsw_at_root: o.pai_dsw_at_root,
        }
    }
}

/// Everything that changes while the emulator runs.
#[derive(Debug)]
pub struct World {
    pub modelarts: Vec<Stored>,
    pub pai_dsw: Vec<Stored>,
    pub scnet: Vec<Stored>,
    pub faults: Vec<Fault>,
    pub log: Vec<Value>,
    pub rng: Xorshift,
}

impl World {
    /// The seeds plus the generated instances, as of `now` (epoch ms).
    pub fn new(settings: &Settings, now: u64) -> World {
        let mut world = World {
            modelarts: seed_list(MODELARTS_LIST, "instances"),
            pai_dsw: seed_list(PAI_DSW_LIST, "Instances"),
            scnet: seed_list(SCNET_LIST, "data"),
            faults: Vec::new(),
            log: Vec::new(),
            rng: Xorshift::new(settings.seed),
        };
        if let Ok(created) = serde_json::from_str::<Value>(MODELARTS_CREATE) {
            world.modelarts.push(Stored::new(created));
        }
        generate::populate(&mut world, settings.instances, now);
        world
    }

    pub fn list(&self, provider: Provider) -> &Vec<Stored> {
        match provider {
            Provider::ModelArts => &self.modelarts,
            Provider::PaiDsw => &self.pai_dsw,
            Provider::Scnet => &self.scnet,
        }
    }

    pub fn list_mut(&mut self, provider: Provider) -> &mut Vec<Stored> {
        match provider {
            Provider::ModelArts => &mut self.modelarts,
            Provider::PaiDsw => &mut self.pai_dsw,
            Provider::Scnet => &mut self.scnet,
        }
    }

    /// Index of the instance with that id.
    pub fn find(&self, provider: Provider, id: &str) -> Option<usize> {
        let field = provider.id_field();
        self.list(provider)
            .iter()
            .position(|s| s.str_field(field) == id)
    }

    pub fn record(&mut self, entry: Value) {
        if self.log.len() >= LOG_CAP {
            let excess = self.log.len() + 1 - LOG_CAP;
            self.log.drain(..excess);
        }
        self.log.push(entry);
    }

    /// `n` random lower-case hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        self.rng.hex(n)
    }
}

fn seed_list(text: &str, field: &str) -> Vec<Stored> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get(field).and_then(Value::as_array).cloned())
        .unwrap_or_default()
        .into_iter()
        .map(Stored::new)
        .collect()
}

/// The state handlers share.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    /// Where every "now" of the emulator comes from.
    pub clock: Arc<Clock>,
    world: Arc<Mutex<World>>,
}

impl AppState {
    pub fn new(settings: Settings) -> AppState {
        let clock = Clock::new();
        let world = World::new(&settings, clock.now_ms());
        AppState {
            settings: Arc::new(settings),
            clock: Arc::new(clock),
            world: Arc::new(Mutex::new(world)),
        }
    }

    /// The world, locked. A panic elsewhere never poisons it for good.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Back to the seeds and generated instances, no faults, empty log,
    /// and the clock back to wall-clock time.
    pub fn reset(&self) {
        self.clock.reset();
        let fresh = World::new(&self.settings, self.clock.now_ms());
        let mut world = self.world();
        *world = fresh;
    }
}
