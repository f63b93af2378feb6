//! Installing what the project needs on a fresh machine: the wasm32 target,
//! trunk, wasm-bindgen-cli (the pinned version), the wasm splitter
//! (`wasm-split-cli`, from the crate `wasm_split_cli_support`), binaryen's wasm-opt and
//! Playwright from the npm registry, Debian's chromium, chromedriver, a CJK
//! font and nginx, and for the tests Python 3 with Alibaba Cloud's official
//! PAI-DSW SDK from PyPI.
//! Each is skipped when already there at the right version.

use crate::util::{root, step};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `=` pin of the wasm-bindgen crate in Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// The crate whose `wasm-split-cli` moves the release build's on-demand pages
/// into chunks (`tools/build-wasm.mjs`). It must understand the split points
/// of the `wasm_split_helpers` version Leptos links (0.2.x).
pub const WASM_SPLIT_CRATE: &str = "wasm_split_cli_support";
pub const WASM_SPLIT_VERSION: &str = "0.2.4";
/// Alibaba Cloud's official PAI-DSW Python SDK, which drives the emulator.
pub const PAI_DSW_SDK: &str = "alibabacloud_pai_dsw20220101";
pub const PAI_DSW_SDK_VERSION: &str = "2.4.0";
/// The wasm code-size profiler `cargo xtask bench` runs on the console's wasm.
pub const TWIGGY_VERSION: &str = "0.8.0";

/// Where the Python SDK is installed (`PYTHONPATH` for the SDK test).
pub fn python_sdk_dir() -> PathBuf {
    root().join("target/python-sdk")
}

/// What a command needs installed.
#[derive(Clone, Copy)]
pub struct Needs {
    pub build: bool,
    pub browser: bool,
}

impl Needs {
    pub fn build() -> Self {
        Needs {
            build: true,
            browser: false,
        }
    }

    pub fn everything() -> Self {
        Needs {
            build: true,
            browser: true,
        }
    }
}

/// `$CARGO_HOME/bin`.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .env("PATH", crate::util::tool_path())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn has_version(program: &str, version: &str) -> bool {
    output(program, &["--version"]).is_some_and(|v| v.split_whitespace().any(|w| w == version))
}

/// Builds tools with a light release profile: they run for seconds, so
/// full optimisation is not worth minutes of compile time on a small machine.
fn cargo_install(args: &[&str]) -> Result<(), String> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.arg("install")
        .args(args)
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
        .env("CARGO_PROFILE_RELEASE_STRIP", "true");
    crate::util::run(&mut cmd)
}

fn is_root() -> bool {
    output("id", &["-u"]).as_deref() == Some("0")
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo"] };
    let mut update = Command::new(sudo.first().copied().unwrap_or("apt-get"));
    if !sudo.is_empty() {
        update.arg("apt-get");
    }
    crate::util::run(update.arg("update").arg("-q"))?;
    let mut install = Command::new(sudo.first().copied().unwrap_or("apt-get"));
    if !sudo.is_empty() {
        install.arg("apt-get");
    }
    install
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive");
    crate::util::run(&mut install)
}

/// Installs whatever `needs` asks for and is missing.
pub fn all(needs: Needs) -> Result<(), String> {
    if needs.build {
        wasm_target()?;
        npm_packages()?;
        trunk()?;
        wasm_bindgen()?;
        wasm_split()?;
    }
    if needs.browser {
        chromium()?;
        python_sdk()?;
    }
    Ok(())
}

fn wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    step("Installing the wasm32-unknown-unknown target");
    crate::util::run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<(), String> {
    if has_version("trunk", TRUNK_VERSION) {
        return Ok(());
    }
    step(&format!(
        "Installing trunk {TRUNK_VERSION} (cargo install, several minutes on a small machine)"
    ));
    cargo_install(&["--locked", &format!("trunk@{TRUNK_VERSION}")])
}

fn wasm_bindgen() -> Result<(), String> {
    if has_version("wasm-bindgen", WASM_BINDGEN_VERSION)
        && has_version("wasm-bindgen-test-runner", WASM_BINDGEN_VERSION)
    {
        return Ok(());
    }
    step(&format!(
        "Installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (cargo install, several minutes)"
    ));
    // Not `--locked`: its lock file names a crate the registry no longer has.
    cargo_install(&[
        "--force",
        &format!("wasm-bindgen-cli@{WASM_BINDGEN_VERSION}"),
    ])
}

/// `wasm-split-cli` at the pinned version (it prints no version of its own:
/// `cargo install --list` tells).
fn wasm_split() -> Result<(), String> {
    let listed = output(
        &std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
        &["install", "--list"],
    )
    .unwrap_or_default();
    let wanted = format!("{WASM_SPLIT_CRATE} v{WASM_SPLIT_VERSION}:");
    if listed.lines().any(|l| l.trim() == wanted) && cargo_bin().join("wasm-split-cli").exists() {
        return Ok(());
    }
    step(&format!(
        "Installing wasm-split-cli ({WASM_SPLIT_CRATE} {WASM_SPLIT_VERSION}, cargo install, a few minutes)"
    ));
    cargo_install(&[
        "--force",
        "--features",
        "build-binary",
        &format!("{WASM_SPLIT_CRATE}@{WASM_SPLIT_VERSION}"),
    ])
}

/// twiggy, for `cargo xtask bench`'s list of the wasm's largest contributors.
pub fn twiggy() -> Result<(), String> {
    if has_version("twiggy", TWIGGY_VERSION) {
        return Ok(());
    }
    step(&format!(
        "Installing twiggy {TWIGGY_VERSION} (cargo install, a few minutes on a small machine)"
    ));
    cargo_install(&["--locked", &format!("twiggy@{TWIGGY_VERSION}")])
}

fn npm_packages() -> Result<(), String> {
    let root = root();
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(l), Ok(i)) => match (l.modified(), i.modified()) {
            (Ok(l), Ok(i)) => i >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh && root.join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    step("Installing wasm-opt (binaryen), terser, Playwright, axe-core and TypeScript from the npm registry (npm ci)");
    crate::util::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// Python 3 (Debian's, if the machine has none) and the pinned PAI-DSW SDK
/// in `target/python-sdk`.
fn python_sdk() -> Result<(), String> {
    if output("python3", &["--version"]).is_none() {
        step("Installing Debian's python3 and python3-pip (apt-get)");
        apt_install(&["python3", "python3-pip"])?;
    }
    let dir = python_sdk_dir();
    let marker = dir.join(format!("{PAI_DSW_SDK}-{PAI_DSW_SDK_VERSION}.dist-info"));
    if marker.exists() {
        return Ok(());
    }
    step(&format!(
        "Installing {PAI_DSW_SDK} {PAI_DSW_SDK_VERSION} (Alibaba Cloud's PAI-DSW SDK) from PyPI"
    ));
    let _ = std::fs::remove_dir_all(&dir);
    crate::util::run(
        Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                // Into a folder of the project only: Debian's python3 marks
                // its own environment as externally managed, which says
                // nothing about a `--target` folder.
                "--break-system-packages",
                "--target",
            ])
            .arg(&dir)
            .arg("--requirement")
            .arg(root().join("tests/sdk/requirements.txt")),
    )
}

/// What the browser tests need from Debian: the browser and its driver, a CJK
/// font for the zh-CN screenshots, and nginx for the deployment suite.
const BROWSER_PACKAGES: [(&str, &str); 4] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    (
        "fonts-wqy-microhei",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ),
    ("nginx", "/usr/sbin/nginx"),
];

fn chromium() -> Result<(), String> {
    let missing: Vec<&str> = BROWSER_PACKAGES
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!(
        "Installing Debian's {} (apt-get)",
        missing.join(", ")
    ));
    apt_install(&missing)
}
