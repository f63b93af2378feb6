//! The committed example configuration parses, and the binary's
//! `--check-config` prints it with every secret redacted.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use devenv_gateway::config::{ConfigOverrides, GatewayConfig, Provider};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/gateway.example.toml");

const VARIABLES: &[(&str, &str)] = &[
    ("HUAWEICLOUD_SDK_AK", "EXAMPLE-HUAWEI-AK-0001"),
    ("HUAWEICLOUD_SDK_SK", "EXAMPLE-HUAWEI-SK-0002"),
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "EXAMPLE-ALIBABA-ID-0003"),
    (
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "EXAMPLE-ALIBABA-SECRET-0004",
    ),
    ("SCNET_ACCESS_KEY", "EXAMPLE-SCNET-AK-0005"),
    ("SCNET_SECRET_KEY", "EXAMPLE-SCNET-SK-0006"),
];

#[test]
fn example_configuration_parses() {
    let env: HashMap<String, String> = VARIABLES
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    let config = GatewayConfig::load(Path::new(EXAMPLE), &ConfigOverrides::default(), &env)
        .expect("example configuration is valid");
    assert_eq!(config.listen.to_string(), "127.0.0.1:8081");
    let providers: Vec<(&str, Provider)> = config
        .endpoints
        .iter()
        .map(|endpoint| (endpoint.prefix.as_str(), endpoint.provider))
        .collect();
    assert_eq!(
        providers,
        vec![
            ("modelarts", Provider::ModelArts),
            ("pai-dsw", Provider::PaiDsw),
            ("scnet", Provider::Scnet)
        ]
    );
}

#[test]
fn check_config_prints_no_secret() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_devenv-gateway"));
    command
        .args(["--config", EXAMPLE, "--check-config"])
        .env("DEVENV_GATEWAY_LISTEN", "127.0.0.1:9099")
        .env_remove("DEVENV_GATEWAY_STATIC_DIR")
        .env_remove("DEVENV_GATEWAY_CORS_ALLOWED_ORIGINS");
    for (name, value) in VARIABLES {
        command.env(name, value);
    }
    let output = command.output().expect("gateway binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains("127.0.0.1:9099"),
        "environment overrides the file"
    );
    assert!(printed.contains("[redacted]"));
    for (_, secret) in VARIABLES {
        assert!(!printed.contains(secret), "--check-config printed a secret");
    }
}

#[test]
fn missing_credential_variable_is_reported_by_name() {
    let output = Command::new(env!("CARGO_BIN_EXE_devenv-gateway"))
        .args(["--config", EXAMPLE, "--check-config"])
        .env_clear()
        .output()
        .expect("gateway binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("HUAWEICLOUD_SDK_AK"));
}
