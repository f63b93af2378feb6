//! `cargo xtask bench`: builds the release console and emulator, then prints
//! shipped asset sizes (raw, gzip, brotli) and load, filter and memory
//! figures from headless Chromium (`tests/bench/bench.mjs`), also written to
//! `target/bench.json`. A benchmark: it reports, it does not fail on figures.

use crate::{setup, util};
use std::process::Command;

pub fn bench(_args: &[String]) -> Result<(), String> {
    setup::all(setup::Needs::everything())?;
    util::build_app(None)?;
    util::step("Building the provider emulator (release)");
    util::cargo(&["build", "--release", "-p", "devenv-emulator"])?;
    util::step("Measuring in headless Chromium (median of 5 runs each)");
    util::run(
        Command::new("node")
            .arg("tests/bench/bench.mjs")
            .env("DEVENV_DIST", util::root().join("dist"))
            .env(
                "DEVENV_EMULATOR",
                util::root().join("target/release/devenv-emulator"),
            ),
    )
}
