//! Fuzzes the loader on the stable toolchain (see `fuzz/engine.rs`).
//!
//! Run: `cargo run --release --example fuzz_load -- [SECONDS] [SEED]`
//! (default 60 seconds, seed from the clock). Inputs that crash or take over
//! two seconds are written to `fuzz/artifacts/` (not committed); the run
//! exits with status 1 if there were any.

#[path = "../fuzz/engine.rs"]
mod engine;

use std::path::Path;
use std::time::Duration;

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    });
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = engine::seeds(&root.join("corpus/load"));
    eprintln!("fuzz_load: {} seeds, {seconds} s, seed {seed}", seeds.len());
    let out = engine::fuzz(seed, seeds, usize::MAX, Duration::from_secs(seconds), Duration::from_secs(2));
    println!(
        "fuzz_load: {} inputs in {seconds} s ({:.0}/s), {} distinct outcomes, corpus {} inputs, {} crashes, {} slow",
        out.runs,
        out.runs as f64 / seconds.max(1) as f64,
        out.signatures,
        out.corpus.len(),
        out.crashes.len(),
        out.slow.len()
    );
    if out.crashes.is_empty() && out.slow.is_empty() {
        return;
    }
    let artifacts = root.join("artifacts");
    std::fs::create_dir_all(&artifacts).expect("create fuzz/artifacts");
    for (i, (input, msg)) in out.crashes.iter().enumerate() {
        let path = artifacts.join(format!("crash-{seed}-{i}.yaml"));
        std::fs::write(&path, input).expect("write artifact");
        println!("crash: {} ({msg})", path.display());
    }
    for (i, (input, took)) in out.slow.iter().enumerate() {
        let path = artifacts.join(format!("slow-{seed}-{i}.yaml"));
        std::fs::write(&path, input).expect("write artifact");
        println!("slow: {} ({took:?})", path.display());
    }
    std::process::exit(1);
}
