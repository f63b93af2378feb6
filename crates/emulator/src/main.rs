//! `devenv-emulator`: parses the options and runs the emulator until Ctrl-C.

use std::process::ExitCode;

use clap::Parser;
use devenv_emulator::Options;

#[tokio::main]
async fn main() -> ExitCode {
    let options = Options::parse();
    match devenv_emulator::run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devenv-emulator: {e}");
            ExitCode::FAILURE
        }
    }
}
