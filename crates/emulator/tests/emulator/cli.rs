//! Command-line options and help.

use clap::{CommandFactory, Parser};
use devenv_emulator::cli::{normalize_base, parse_required_header, Options};
use devenv_emulator::state::Provider;

#[test]
fn every_flag_parses_and_defaults_hold() {
    let defaults = Options::try_parse_from(["devenv-emulator"]).expect("defaults");
    assert_eq!(defaults.port, 8080);
    assert_eq!(defaults.host, "127.0.0.1");
    assert_eq!(defaults.transition_ms, 3000);
    assert_eq!(defaults.instances, 0);
    assert!(defaults.dist.is_none());
    let all = Options::try_parse_from([
        "devenv-emulator",
        "--port",
        "9000",
        "--host",
        "0.0.0.0",
        "--dist",
        "dist",
        "--base",
        "/console/",
        "--instances",
        "10000",
        "--seed",
        "3",
        "--transition-ms",
        "50",
        "--require-header",
        "modelarts=X-Auth-Token",
        "--require-header",
        "scnet=token:abc",
    ])
    .expect("all flags");
    assert_eq!(all.port, 9000);
    assert_eq!(all.instances, 10000);
    assert_eq!(all.require_header.len(), 2);
    assert_eq!(all.require_header[1].value.as_deref(), Some("abc"));
    assert!(Options::try_parse_from(["devenv-emulator", "--require-header", "aws=X"]).is_err());
    assert!(Options::try_parse_from(["devenv-emulator", "--port", "http"]).is_err());
}

#[test]
fn help_documents_flags_and_control_routes() {
    let help = Options::command().render_long_help().to_string();
    for needle in [
        "--port",
        "--host",
        "--dist",
        "--base",
        "--instances",
        "--seed",
        "--transition-ms",
        "--require-header",
        "/__emulator/faults",
        "/__emulator/reset",
        "/__emulator/requests",
        "/__emulator/instances/{provider}",
        "/__emulator/clock",
    ] {
        assert!(help.contains(needle), "help lacks {needle}");
    }
}

#[test]
fn required_header_and_base_parsing() {
    let rule = parse_required_header("pai-dsw=Authorization").expect("rule");
    assert_eq!(rule.provider, Provider::PaiDsw);
    assert_eq!(rule.header, "authorization");
    assert_eq!(rule.value, None);
    assert!(parse_required_header("modelarts").is_err());
    assert!(parse_required_header("modelarts=").is_err());
    assert!(parse_required_header("modelarts=bad header").is_err());
    assert_eq!(normalize_base("/"), "/");
    assert_eq!(normalize_base(""), "/");
    assert_eq!(normalize_base("console"), "/console/");
    assert_eq!(normalize_base("/a/b"), "/a/b/");
}
