//! Command-line options of the emulator (clap derive) and the parsing of
//! `--require-header` and `--base` values.

use std::path::PathBuf;

use clap::Parser;

use crate::state::Provider;

const AFTER_HELP: &str = "\
Provider routes (relative to --base):
  /proxy/modelarts/v1/{project_id}/demanager/instances[...]   Huawei ModelArts demanager v1
  /proxy/pai-dsw/api/v2/instances[...], /api/v2/instance/{id}/metrics,
    /api/v2/batch/instances/{stop,delete}, /api/v2/ecsspecs    Alibaba PAI-DSW 2022-01-01
  /proxy/scnet/ai/openapi/v2/instance-service/...             SCNet AI openapi v2

Control routes (JSON; served at /__emulator/ and also under --base):
  POST   /__emulator/faults       {\"provider\": \"modelarts\"|\"pai-dsw\"|\"scnet\", \"count\": N,
                                   \"kind\": \"status\"|\"slow\"|\"close\"|\"malformed\",
                                   \"status\"?: 503, \"body\"?: <json or string>, \"delay_ms\"?: 2000,
                                   \"method\"?: \"POST\", \"path_contains\"?: \"/action\",
                                   \"action\"?: \"StopInstances\"}
                                  the next N matching requests of that provider fail; action is the
                                  operation's name: PAI-DSW's API names (StopInstance, StopInstances,
                                  GetInstanceMetrics ...), ModelArts list|create|detail|update|delete|action,
                                  SCNet list|create|detail|restart|stop|delete
  GET    /__emulator/faults       faults still armed
  DELETE /__emulator/faults       disarm every fault
  POST   /__emulator/reset        back to the seeds and generated instances; clears faults and log,
                                  puts the clock back to wall-clock time
  GET    /__emulator/requests     [{provider, method, action, path, query, body, time_ms}] of provider
                                  requests (action: the operation's name, as for faults)
                                  (time_ms: the emulator's clock when the request arrived)
  DELETE /__emulator/requests     clear that log
  POST   /__emulator/instances/{provider}   insert a raw provider-shaped instance object as is
  POST   /__emulator/clock        {\"advance_ms\": N} moves the emulator's clock N ms ahead (it keeps
                                  running with wall-clock time): transitions due by then are taken at
                                  the next request, auto-stop countdowns shrink by N ms;
                                  answers {\"ok\": true, \"now_ms\", \"offset_ms\"}
  GET    /__emulator/clock        {\"ok\": true, \"now_ms\", \"offset_ms\"}
  GET    /__emulator/health       {\"ok\": true}

Everything else under --base is the app from --dist (unknown paths fall back to index.html).";

/// The three provider APIs of DevEnv Console in memory, and the built app.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "devenv-emulator",
    version,
    about = "The three provider APIs of DevEnv Console (ModelArts, PAI-DSW, SCNet) in memory, serving the built app",
    long_about = "The three provider APIs of DevEnv Console (Huawei ModelArts demanager v1, Alibaba PAI-DSW \
2022-01-01, SCNet AI openapi v2) in memory, seeded with every instance of the providers' documented \
examples, with a lifecycle that moves by itself, the providers' server-side rules and error shapes, \
fault injection through control routes, and the built app served from --dist.",
    after_help = AFTER_HELP
)]
pub struct Options {
    /// TCP port to listen on.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Directory of the built app (trunk's dist/) to serve; without it only the APIs are served.
    #[arg(long, value_name = "DIR")]
    pub dist: Option<PathBuf>,

    /// Base path the app and the /proxy/ routes live under, e.g. /console/.
    #[arg(long, default_value = "/", value_name = "PATH")]
    pub base: String,

    /// Number of generated instances added to the seeds, spread across providers and statuses.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub instances: usize,

    /// Seed of the generator, so generated instances and ids are the same on every run.
    #[arg(long, default_value_t = 42, value_name = "S")]
    pub seed: u64,

    /// Milliseconds a lifecycle transition (creating, starting, stopping …) takes.
    #[arg(long, default_value_t = 3000, value_name = "MS")]
    pub transition_ms: u64,

    /// Require a header on a provider's requests, answered with that provider's 401 otherwise:
    /// `modelarts=X-Auth-Token` (present) or `scnet=token:secret` (exact value). Repeatable.
    #[arg(long = "require-header", value_name = "PROVIDER=HEADER[:VALUE]", value_parser = parse_required_header)]
    pub require_header: Vec<RequiredHeader>,

    /// Also serve PAI-DSW's API at the server root (`/api/v2/…`), where
    /// Alibaba Cloud's official SDKs address it, so they can drive the emulator.
    #[arg(long)]
    pub pai_dsw_at_root: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 8080,
            host: "127.0.0.1".to_string(),
            dist: None,
            base: "/".to_string(),
            instances: 0,
            seed: 42,
            transition_ms: 3000,
            require_header: Vec::new(),
            pai_dsw_at_root: false,
        }
    }
}

/// One `--require-header` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredHeader {
    pub provider: Provider,
    /// Header name, lower case.
    pub header: String,
    /// Exact value required, or any value when `None`.
    pub value: Option<String>,
}

/// Parses `provider=Header` or `provider=Header:value`.
pub fn parse_required_header(text: &str) -> Result<RequiredHeader, String> {
    let (provider, rest) = text
        .split_once('=')
        .ok_or_else(|| format!("expected PROVIDER=HEADER[:VALUE], got {text:?}"))?;
    let provider = Provider::parse(provider.trim()).ok_or_else(|| {
        format!("unknown provider {provider:?} (modelarts, pai-dsw or scnet expected)")
    })?;
    let (header, value) = match rest.split_once(':') {
        Some((h, v)) => (h.trim(), Some(v.trim().to_string())),
        None => (rest.trim(), None),
    };
    if header.is_empty()
        || !header
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!("invalid header name {header:?}"));
    }
    Ok(RequiredHeader {
        provider,
        header: header.to_ascii_lowercase(),
        value,
    })
}

/// Normalises a base path to start and end with `/` (`console` → `/console/`).
pub fn normalize_base(base: &str) -> String {
    let trimmed = base.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}
