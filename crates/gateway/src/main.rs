//! `devenv-gateway`: loads the configuration (file, `DEVENV_GATEWAY_*`
//! variables, flags), then serves the console's `/proxy/…` routes against
//! the real providers until interrupted.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use devenv_gateway::config::{ConfigOverrides, GatewayConfig, ProcessEnvironment};
use tracing_subscriber::EnvFilter;

/// Same-origin gateway for DevEnv Console: holds provider credentials,
/// signs requests and forwards `/proxy/{prefix}/…` to the configured
/// ModelArts, PAI-DSW and SCNet endpoints.
///
/// Credentials are read from the environment variables or files the
/// configuration names (`env:VAR`, `file:/path`), never from requests.
/// Log verbosity follows DEVENV_GATEWAY_LOG (e.g. `info`, `debug`).
#[derive(Debug, Parser)]
#[command(name = "devenv-gateway", version)]
struct Flags {
    /// Configuration file: TOML, or JSON when the name ends in `.json`.
    #[arg(long, value_name = "PATH", env = "DEVENV_GATEWAY_CONFIG")]
    config: PathBuf,

    /// Address to listen on [default: 127.0.0.1:8081, or `listen` in the file].
    #[arg(long, value_name = "ADDR", env = "DEVENV_GATEWAY_LISTEN")]
    listen: Option<String>,

    /// Serve the built console (e.g. `dist/`) from this directory.
    #[arg(long, value_name = "DIR", env = "DEVENV_GATEWAY_STATIC_DIR")]
    static_dir: Option<PathBuf>,

    /// Comma-separated origins allowed to call cross-origin
    /// (e.g. `https://console.example.com`).
    #[arg(
        long,
        value_name = "ORIGINS",
        value_delimiter = ',',
        env = "DEVENV_GATEWAY_CORS_ALLOWED_ORIGINS"
    )]
    cors_allowed_origins: Option<Vec<String>>,

    /// Load and check the configuration, print it with secrets redacted, and exit.
    #[arg(long)]
    check_config: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let filter =
        EnvFilter::try_from_env("DEVENV_GATEWAY_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();

    let flags = Flags::parse();
    let overrides = ConfigOverrides {
        listen: flags.listen,
        static_dir: flags.static_dir,
        cors_allowed_origins: flags.cors_allowed_origins,
    };
    let config = match GatewayConfig::load(&flags.config, &overrides, &ProcessEnvironment) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("devenv-gateway: {error}");
            return ExitCode::from(2);
        }
    };
    if flags.check_config {
        println!("{config:#?}");
        return ExitCode::SUCCESS;
    }
    let router = match devenv_gateway::build_router(&config) {
        Ok(router) => router,
        Err(error) => {
            eprintln!("devenv-gateway: {error}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "devenv-gateway: cannot listen on {}: {error}",
                config.listen
            );
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        mode = config.access.mode.as_str(),
        grants = config.access.grants.len(),
        "access"
    );
    for endpoint in &config.endpoints {
        tracing::info!(
            prefix = %endpoint.prefix,
            provider = endpoint.provider.as_str(),
            region = endpoint.region.as_deref().unwrap_or("-"),
            upstream = endpoint.upstream.as_ref().map(|url| url.as_str()).unwrap_or("(discovered)"),
            "endpoint"
        );
    }
    tracing::info!(listen = %config.listen, "devenv-gateway listening");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(error) =
        devenv_gateway::serve(listener, router, config.client_read_timeout, shutdown).await
    {
        eprintln!("devenv-gateway: server stopped: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
