//! DevEnv Console gateway: serves the same `/proxy/{prefix}/…` routes as the
//! emulator, but forwards them to the real ModelArts, PAI-DSW and SCNet
//! services, adding each provider's authentication from credentials it
//! holds. The browser never sees a key or a token. It asks who is calling
//! ([`access`]), allows each caller what their role on the endpoint covers
//! ([`routes`]), accepts writes only from the console, and audits every
//! change ([`audit`]).

pub mod access;
pub mod audit;
pub mod clock;
pub mod config;
pub mod cors;
pub mod error;
pub mod metrics;
pub mod proxy;
pub mod routes;
pub mod secret;
pub mod server;
pub mod session;
pub mod sign;
pub mod token;
pub mod upstream_auth;

pub use config::GatewayConfig;
pub use server::{build_router, serve};
