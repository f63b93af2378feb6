//! `cargo xtask run | test | bench`: the project's one command to run and one
//! to test, on a fresh machine. Installs what is missing (skipping what is
//! already there at the right version), builds, and runs.

mod bench;
mod setup;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  run [--port N] [--instances N]   Install what is missing, build the console in release
                                   mode and serve it with the provider emulator on
                                   http://127.0.0.1:8080/ (Ctrl-C stops)
  test                             Every check: fmt, clippy, native tests, component
                                   tests and end-to-end tests in headless Chromium,
                                   also of the /console/ build behind nginx
  bench                            Build release and print size and speed figures
                                   (also written to target/bench.json)
  setup                            Only install the tools the other commands need
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("setup") => setup::all(setup::Needs::everything()),
        Some("-h") | Some("--help") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn flag_value(args: &[String], name: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .cloned()
            .map(Some)
            .ok_or_else(|| format!("{name} needs a value")),
        None => Ok(None),
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let port: u16 = match flag_value(args, "--port")? {
        Some(p) => p
            .parse()
            .map_err(|_| format!("--port {p}: not a port number"))?,
        None => 8080,
    };
    let instances = flag_value(args, "--instances")?.unwrap_or_else(|| "0".into());
    setup::all(setup::Needs::build())?;
    util::build_app(None)?;
    util::step("Building the provider emulator (release)");
    util::cargo(&["build", "--release", "-p", "devenv-emulator"])?;
    let bin = util::root().join("target/release/devenv-emulator");
    let dist = util::root().join("dist");
    util::step(&format!(
        "Serving the console on http://127.0.0.1:{port}/ (Ctrl-C stops)"
    ));
    let status = std::process::Command::new(bin)
        .args([
            "--port",
            &port.to_string(),
            "--instances",
            &instances,
            "--dist",
        ])
        .arg(dist)
        .status()
        .map_err(|e| format!("could not start the emulator: {e}"))?;
    if status.success() || status.code().is_none() {
        Ok(())
    } else {
        Err(format!("the emulator stopped: {status}"))
    }
}

fn test(_args: &[String]) -> Result<(), String> {
    let started = std::time::Instant::now();
    setup::all(setup::Needs::everything())?;
    util::step("cargo fmt --check");
    util::cargo(&["fmt", "--all", "--", "--check"])?;
    util::step("cargo clippy --workspace -- -D warnings");
    util::cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    util::step("Type-checking the end-to-end tests: tsc --noEmit");
    util::typecheck_e2e()?;
    util::step("Native tests: cargo test --workspace");
    util::cargo(&["test", "--workspace"])?;
    util::step("Component tests in headless Chromium (wasm-bindgen-test-runner)");
    util::component_tests()?;
    util::build_app(None)?;
    // The same source for a sub-path: cargo has nothing to do; the split,
    // wasm-bindgen and wasm-opt run again.
    util::build_app(Some("/console/"))?;
    util::step("Building the provider emulator and the gateway");
    util::cargo(&["build", "-p", "devenv-emulator", "-p", "devenv-gateway"])?;
    util::step("Alibaba Cloud's official PAI-DSW SDK against the emulator");
    util::official_sdk_tests()?;
    util::step("End-to-end tests in headless Chromium (Playwright)");
    util::e2e(&[])?;
    util::step("Deployment tests: the /console/ build behind nginx with deploy/nginx.conf");
    util::e2e_nginx()?;
    util::step(
        "Access tests: the console through the gateway (trusted-header mode, emulator upstream)",
    );
    util::e2e_gateway()?;
    util::step(&format!(
        "All checks passed in {:.1} min",
        started.elapsed().as_secs_f64() / 60.0
    ));
    Ok(())
}
