//! A short, fixed-seed run of the loader fuzzer (`fuzz/engine.rs`) in every
//! `cargo test`: the seed corpus and a few thousand mutations of it must
//! neither panic nor take longer than a second each. Longer runs:
//! `cargo run --release --example fuzz_load -- 60`.

use crate::engine;

use std::path::Path;
use std::time::Duration;

#[test]
fn the_loader_survives_a_short_fuzz_run() {
    let seeds = engine::seeds(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/load"));
    assert!(seeds.len() >= 10, "the seed corpus is checked in");
    let out = engine::fuzz(20261125, seeds, 3000, Duration::from_secs(90), Duration::from_secs(1));
    let crashes: Vec<String> = out
        .crashes
        .iter()
        .map(|(input, msg)| format!("{msg}\n  input: {:?}", String::from_utf8_lossy(input)))
        .collect();
    assert!(crashes.is_empty(), "{} crashes:\n{}", crashes.len(), crashes.join("\n"));
    assert!(out.slow.is_empty(), "slow inputs: {:?}", out.slow.iter().map(|(_, t)| t).collect::<Vec<_>>());
    assert!(out.signatures > 20, "the run reached many outcomes: {}", out.signatures);
}
