//! `cargo xtask bench`: shipped asset sizes and load/filter timings in
//! headless Chromium, printed as a table and written to `target/bench.json`.

pub fn bench(_args: &[String]) -> Result<(), String> {
    Err("bench is not built yet".into())
}
