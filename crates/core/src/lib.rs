//! DevEnv Console core: everything about the providers that can be decided
//! without a browser. The provider-neutral [`Instance`] model, the three
//! providers' wire types, their mapping, validation, request building and
//! error decoding. No web or async dependency: it is tested natively.

pub mod access;
pub mod batch;
pub mod chart;
pub mod error;
pub mod fleet;
pub mod history;
pub mod json;
pub mod metrics;
pub mod model;
pub mod num;
pub mod order;
pub mod paging;
pub mod policy;
pub mod providers;
pub mod request;
pub mod stuck;
pub mod time;
pub mod validate;

pub use error::{ApiError, ErrorKind};
pub use model::{
    AcceleratorKind, Action, AutoStop, ConnectUrls, Detail, Failure, Hardware, IdleStop, Instance,
    ProviderKind, QueueInfo, RawJson, StatusClass, StorageInfo,
};
pub use providers::forms::MachineType;
pub use providers::{Capabilities, EndpointCtx, ListPage};
pub use request::{Method, RequestSpec};
pub use validate::FieldError;
