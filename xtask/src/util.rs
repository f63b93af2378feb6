//! Running commands: cargo, trunk, the component and end-to-end suites, with
//! each long step announced.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Announces a step.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// `PATH` with the npm tools (wasm-opt from binaryen, Playwright) and cargo's bin first.
pub fn tool_path() -> String {
    let mut parts = vec![
        root().join("node_modules/.bin").display().to_string(),
        crate::setup::cargo_bin().display().to_string(),
    ];
    if let Ok(p) = std::env::var("PATH") {
        parts.push(p);
    }
    parts.join(":")
}

/// Runs a command in the workspace root; fails on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .current_dir(root())
        .env("PATH", tool_path())
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

pub fn cargo(args: &[&str]) -> Result<(), String> {
    run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())).args(args))
}

/// `trunk build --release --offline`, optionally for a sub-path.
pub fn build_app(public_url: Option<&str>) -> Result<(), String> {
    step(&format!(
        "Building the console in release mode (trunk){}",
        public_url.map(|u| format!(" for {u}")).unwrap_or_default()
    ));
    let mut cmd = Command::new("trunk");
    cmd.args(["build", "--release", "--offline"]);
    if let Some(url) = public_url {
        cmd.args(["--public-url", url, "--dist", "dist-subpath"]);
    }
    // trunk reads these and must not try to download anything.
    cmd.env("NO_COLOR", "true");
    run(&mut cmd)
}

/// The wasm component tests in headless Chromium through chromedriver.
pub fn component_tests() -> Result<(), String> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args([
        "test",
        "-p",
        "devenv-console",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "components",
    ])
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", "/usr/bin/chromedriver")
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    run(&mut cmd)
}

/// TypeScript's checker over `tests/e2e/` (strict, no output): a spec that
/// does not type-check fails the run before any browser starts.
pub fn typecheck_e2e() -> Result<(), String> {
    run(Command::new("npx").args(["tsc", "--noEmit", "--project", "tests/e2e/tsconfig.json"]))
}

/// The Playwright suite in `tests/e2e/` against the release build.
pub fn e2e(extra: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new("npx");
    cmd.args([
        "playwright",
        "test",
        "--config",
        "tests/e2e/playwright.config.ts",
    ])
    .args(extra)
    .env(
        "DEVENV_EMULATOR",
        root().join("target/debug/devenv-emulator"),
    )
    .env("DEVENV_DIST", root().join("dist"));
    run(&mut cmd)
}

/// Alibaba Cloud's official PAI-DSW Python SDK against the emulator
/// (`tests/sdk/pai_dsw_official_sdk.py`).
pub fn official_sdk_tests() -> Result<(), String> {
    run(Command::new("python3")
        .arg(root().join("tests/sdk/pai_dsw_official_sdk.py"))
        .arg(root().join("target/debug/devenv-emulator"))
        .env("PYTHONPATH", crate::setup::python_sdk_dir()))
}

/// The access suite (`tests/e2e/gateway.config.ts`): the release build served
/// by the gateway in trusted-header mode, the emulator as every upstream.
pub fn e2e_gateway() -> Result<(), String> {
    let mut cmd = Command::new("npx");
    cmd.args([
        "playwright",
        "test",
        "--config",
        "tests/e2e/gateway.config.ts",
    ])
    .env(
        "DEVENV_EMULATOR",
        root().join("target/debug/devenv-emulator"),
    )
    .env("DEVENV_GATEWAY", root().join("target/debug/devenv-gateway"))
    .env("DEVENV_DIST", root().join("dist"));
    run(&mut cmd)
}

/// The deployment suite (`tests/e2e/nginx.config.ts`): the sub-path build in
/// `dist-subpath/` behind Debian's nginx with `deploy/nginx.conf`, the
/// emulator as its upstream.
pub fn e2e_nginx() -> Result<(), String> {
    let mut cmd = Command::new("npx");
    cmd.args([
        "playwright",
        "test",
        "--config",
        "tests/e2e/nginx.config.ts",
    ])
    .env(
        "DEVENV_EMULATOR",
        root().join("target/debug/devenv-emulator"),
    )
    .env("DEVENV_DIST_SUBPATH", root().join("dist-subpath"));
    run(&mut cmd)
}
