//! A small mutation fuzzer for the loader that runs on the stable toolchain
//! (cargo-fuzz needs nightly). It starts from the seed files in
//! `fuzz/corpus/load/`, mutates them (bit flips, interesting bytes, YAML
//! tokens from a dictionary, deletions, duplications, splices), and feeds
//! each input to [`target`]. An input whose report differs in kind from all
//! before it joins the corpus, so the search spreads over the error paths.
//! Shared by `examples/fuzz_load.rs` (long runs) and `tests/cli/fuzz.rs` (a short,
//! fixed-seed run in `cargo test`).

#![allow(dead_code)]

use std::cell::Cell;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

/// YAML and dealscope tokens that mutations insert.
const DICTIONARY: &[&str] = &[
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "\n",
    "\n  ",
    "\n    ",
    "\t",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!binary ",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">-\n",
    "'",
    "\"",
    "\\u202E",
    "\\e[2J",
    "#",
    "null",
    "~",
    "2023-02-30",
    "2023",
    "2023-09",
    "1e9999",
    "id: ",
    "name: ",
    "firms:\n",
    "sources:\n",
    "agreements:\n",
    "parties: ",
    "predecessor: ",
    "parent: ",
    "involves: ",
    "roles:\n",
    "from: ",
    "to: ",
    "statements:\n",
    "extra:\n",
    "specs:\n",
    "华为",
    "\u{FEFF}",
];

/// The pseudo-random source (SplitMix64): runs repeat from their seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Splits an input into up to three files at `\0\0` markers, so inputs can
/// hold references across files.
fn files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = data;
    while out.len() < 2 {
        match rest.windows(2).position(|w| w == b"\0\0") {
            Some(i) => {
                out.push(rest[..i].to_vec());
                rest = &rest[i + 2..];
            }
            None => break,
        }
    }
    out.push(rest.to_vec());
    out.into_iter().enumerate().map(|(i, b)| (format!("fuzz-{i}.yaml"), b)).collect()
}

/// The code under test: load and validate the input, render the report, and
/// when the data is valid build the app and draw a frame. Returns a
/// signature of what happened (valid or not, and the kinds of problem).
pub fn target(data: &[u8]) -> String {
    let loaded = dealscope::data::load::load_bytes(files(data));
    let report = loaded.report.render();
    let mut kinds: Vec<String> = loaded
        .report
        .issues
        .iter()
        .map(|i| i.message.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    kinds.sort();
    kinds.dedup();
    if let Some(ds) = loaded.dataset {
        let app = dealscope::app::App::new(Arc::new(ds), Default::default(), 80, 24);
        let area = ratatui::layout::Rect::new(0, 0, 80, 24);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        dealscope::ui::draw(&app, area, &mut buf);
        kinds.push("valid".into());
    }
    assert!(loaded.report.issues.is_empty() || !report.is_empty());
    kinds.join("|")
}

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = [0, 0x7f, 0x80, 0xff, b'\n', b'\t', b':', b'-', b' ', 0x1b][rng.below(10)];
            }
            2 | 3 => {
                let token = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            4 if !out.is_empty() => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                out.drain(at.min(end)..end);
            }
            5 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(64)).min(out.len());
                let piece = out[start..end].to_vec();
                out.splice(at..at, piece);
            }
            6 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let cut = rng.below(other.len() + 1);
                out.truncate(at);
                out.extend_from_slice(&other[cut..]);
            }
            _ => {
                let n = 1 + rng.below(8);
                out.splice(at..at, (0..n).map(|_| rng.next() as u8));
            }
        }
    }
    out.truncate(64 * 1024); // inputs stay small: the point is shape, not size
    out
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Inputs run.
    pub runs: usize,
    /// Distinct signatures seen (a rough measure of paths reached).
    pub signatures: usize,
    /// Inputs that panicked, with the panic message.
    pub crashes: Vec<(Vec<u8>, String)>,
    /// Inputs that took longer than the slow limit, with how long.
    pub slow: Vec<(Vec<u8>, Duration)>,
    /// The corpus at the end (seeds and the inputs added).
    pub corpus: Vec<Vec<u8>>,
}

/// Reads the seed corpus: every file in `dir`.
pub fn seeds(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

thread_local! {
    /// This thread's panics are the fuzzer's to report: they print nothing.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching its panic without the panic message: a crash is
/// collected and reported with its input. Only this thread is quieted: the
/// panic hook, shared by the whole process, prints every other thread's
/// panic as before (in `cargo test`, a test running beside the fuzzer keeps
/// its failure message).
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

/// Fuzzes until `runs` inputs or `time` have passed, whichever is first.
pub fn fuzz(seed: u64, mut corpus: Vec<Vec<u8>>, runs: usize, time: Duration, slow_limit: Duration) -> Outcome {
    let mut rng = Rng(seed);
    let mut seen = HashSet::new();
    let mut out = Outcome::default();
    let start = Instant::now();
    let mut queue: Vec<Vec<u8>> = corpus.clone();
    while out.runs < runs && start.elapsed() < time {
        let input = match queue.pop() {
            Some(seed_input) => seed_input,
            None => {
                let base = &corpus[rng.below(corpus.len())];
                mutate(&mut rng, base, &corpus)
            }
        };
        let began = Instant::now();
        let result = quietly(|| target(&input));
        let took = began.elapsed();
        out.runs += 1;
        if took > slow_limit {
            out.slow.push((input.clone(), took));
        }
        match result {
            Ok(signature) => {
                if seen.insert(signature) {
                    corpus.push(input);
                }
            }
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                out.crashes.push((input, msg));
            }
        }
    }
    out.signatures = seen.len();
    out.corpus = corpus;
    out
}
