//! `cargo xtask bench`: builds the release console and emulator, then prints
//! shipped asset sizes (raw, gzip, brotli) and load, filter and memory
//! figures from headless Chromium (`tests/bench/bench.mjs`), each beside the
//! same figure of a plain-JavaScript page doing the list page's work
//! (`tests/bench/baseline/`) with the ratio, and the wasm's largest
//! contributors by twiggy; all also written to `target/bench.json`. A
//! benchmark: it reports, it does not fail on figures.

use crate::{setup, util};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn bench(_args: &[String]) -> Result<(), String> {
    setup::all(setup::Needs::everything())?;
    setup::twiggy()?;
    util::build_app(None)?;
    util::step("Building the provider emulator (release)");
    util::cargo(&["build", "--release", "-p", "devenv-emulator"])?;
    util::step("Profiling the wasm's size with twiggy (before wasm-opt drops the names)");
    let profile = match wasm_profile() {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("xtask: no wasm size profile: {e}");
            None
        }
    };
    util::step("Measuring in headless Chromium (console and plain-JavaScript baseline interleaved, median of 5 runs each)");
    let mut cmd = Command::new("node");
    cmd.arg("tests/bench/bench.mjs")
        .env("DEVENV_DIST", util::root().join("dist"))
        .env(
            "DEVENV_EMULATOR",
            util::root().join("target/release/devenv-emulator"),
        );
    if let Some(p) = &profile {
        cmd.env("DEVENV_WASM_PROFILED", &p.wasm)
            .env("DEVENV_TWIGGY_TOP", &p.top)
            .env("DEVENV_TWIGGY_RETAINED", &p.retained)
            .env("DEVENV_TWIGGY_VERSION", setup::TWIGGY_VERSION);
    }
    util::run(&mut cmd)
}

/// twiggy's answers about one wasm file.
struct WasmProfile {
    /// The wasm profiled.
    wasm: PathBuf,
    /// `twiggy top` (every item, shallow size), JSON.
    top: PathBuf,
    /// `twiggy top --retained`, JSON.
    retained: PathBuf,
}

/// Profiles the console's wasm with its function names: the first load's
/// module as `tools/build-wasm.mjs` gave it to wasm-opt (split, after
/// wasm-bindgen), else cargo's whole module, else a copy built with names
/// kept, when the profile strips them.
fn wasm_profile() -> Result<WasmProfile, String> {
    let root = util::root();
    let cargo_out = root.join("target/wasm32-unknown-unknown/wasm-release/devenv-console.wasm");
    let bindgen_out = root.join("target/wasm-split/release/bindgen/devenv-console_bg.wasm");
    let newer_or_same = |a: &Path, b: &Path| match (modified(a), modified(b)) {
        (Some(a), Some(b)) => a >= b,
        _ => true,
    };
    let wasm = if has_names(&bindgen_out) && newer_or_same(&bindgen_out, &cargo_out) {
        bindgen_out
    } else if has_names(&cargo_out) {
        cargo_out
    } else {
        named_build()?
    };
    let dir = root.join("target/bench-wasm");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let top = dir.join("twiggy-top.json");
    let retained = dir.join("twiggy-retained.json");
    twiggy(&["top"], &wasm, &top)?;
    twiggy(&["top", "--retained", "-n", "60"], &wasm, &retained)?;
    Ok(WasmProfile {
        wasm,
        top,
        retained,
    })
}

fn twiggy(args: &[&str], wasm: &Path, out: &Path) -> Result<(), String> {
    util::run(
        Command::new("twiggy")
            .args(args)
            .args(["-f", "json", "-o"])
            .arg(out)
            .arg(wasm),
    )
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The console's wasm built with the `wasm-release` profile but its names
/// kept, in a target directory of its own so the shipped build stays as is.
fn named_build() -> Result<PathBuf, String> {
    util::step("The wasm-release profile strips the names twiggy needs: building a named copy (target/bench-named)");
    let target_dir = util::root().join("target/bench-named");
    util::run(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "build",
                "-p",
                "devenv-console",
                "--bin",
                "devenv-console",
                "--profile",
                "wasm-release",
                "--target",
                "wasm32-unknown-unknown",
                "--target-dir",
            ])
            .arg(&target_dir)
            .env("CARGO_PROFILE_WASM_RELEASE_STRIP", "none")
            .env("CARGO_PROFILE_WASM_RELEASE_DEBUG", "0"),
    )?;
    let wasm = target_dir.join("wasm32-unknown-unknown/wasm-release/devenv-console.wasm");
    if has_names(&wasm) {
        Ok(wasm)
    } else {
        Err(format!("{} has no name section either", wasm.display()))
    }
}

/// Whether a wasm file has a `name` custom section.
fn has_names(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| has_name_section(&bytes))
}

fn has_name_section(bytes: &[u8]) -> bool {
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return false;
    }
    let mut pos = 8;
    while pos < bytes.len() {
        let id = bytes[pos];
        let Some((len, n)) = leb128(&bytes[pos + 1..]) else {
            return false;
        };
        let start = pos + 1 + n;
        let end = start.saturating_add(len);
        if end > bytes.len() {
            return false;
        }
        if id == 0 {
            if let Some((name_len, m)) = leb128(&bytes[start..end]) {
                let name = start + m;
                if bytes.get(name..name.saturating_add(name_len)) == Some(b"name".as_slice()) {
                    return true;
                }
            }
        }
        pos = end;
    }
    false
}

/// An unsigned LEB128 number (at most 5 bytes, as wasm section sizes are)
/// and how many bytes it took.
fn leb128(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = 0usize;
    for (i, b) in bytes.iter().take(5).enumerate() {
        value |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_name_section() {
        let header = b"\0asm\x01\0\0\0";
        let mut named = header.to_vec();
        named.extend_from_slice(&[1, 1, 0]); // a type section of one byte
        named.extend_from_slice(&[0, 6, 4, b'n', b'a', b'm', b'e', 0]);
        assert!(has_name_section(&named));
        let mut other = header.to_vec();
        other.extend_from_slice(&[0, 10, 9]);
        other.extend_from_slice(b"producers");
        assert!(!has_name_section(&other));
        assert!(!has_name_section(&named[..named.len() - 3]));
        assert!(!has_name_section(b"not wasm"));
        assert_eq!(leb128(&[0xe5, 0x8e, 0x26]), Some((624_485, 3)));
    }
}
