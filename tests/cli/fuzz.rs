//! A short, fixed-seed run of the loader fuzzer (`fuzz/engine.rs`) in every
//! `cargo test`: the seed corpus and mutations of it, 3,000 inputs in all,
//! must all run and none panic. Longer runs:
//! `cargo run --release --example fuzz_load -- 60`.

use crate::engine;

use std::path::Path;
use std::time::Duration;

/// Inputs the run feeds the loader.
const RUNS: usize = 3000;
/// An input this slow is a blow-up, not a busy machine: inputs take
/// milliseconds in a debug build.
const SLOW: Duration = Duration::from_secs(10);
/// The whole run, on its own thread, fails after this: a hang ends the test.
const HANG: Duration = Duration::from_secs(900);

#[test]
fn the_loader_survives_a_short_fuzz_run() {
    let seeds = engine::seeds(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/load"));
    assert!(seeds.len() >= 10, "the seed corpus is checked in");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(engine::fuzz(20261125, seeds, RUNS, Duration::MAX, SLOW));
    });
    let out = match rx.recv_timeout(HANG) {
        Ok(out) => out,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("the fuzz run did not end within {HANG:?}"),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => panic!("the fuzzer itself panicked (above)"),
    };
    assert_eq!(out.runs, RUNS, "every input ran");
    let crashes: Vec<String> = out
        .crashes
        .iter()
        .map(|(input, msg)| format!("{msg}\n  input: {:?}", String::from_utf8_lossy(input)))
        .collect();
    assert!(crashes.is_empty(), "{} crashes:\n{}", crashes.len(), crashes.join("\n"));
    assert!(out.slow.is_empty(), "inputs over {SLOW:?}: {:?}", out.slow.iter().map(|(_, t)| t).collect::<Vec<_>>());
    assert!(out.signatures > 20, "the run reached many outcomes: {}", out.signatures);
}
