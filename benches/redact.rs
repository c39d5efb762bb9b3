//! What free-text redaction costs at 100k entities with 1% of them
//! confidential, beside the same data with none, in one run: data from
//! `dealscope gen` (seed 1) with `confidential: true` added to every 100th
//! entry of each file (`gen` writes no confidential entries of its own).
//!
//! - loading (parse and validate), where `check`'s warnings about free text
//!   that names a confidential entry are found and located, against the
//!   same data unmarked;
//! - the binary's `check` on the files on disk, marked and unmarked;
//! - making the redacted dataset (`redact`: every confidential entry and
//!   field masked, then the free text), and within it building the terms'
//!   automaton (`Terms::of`) and finding them in every text (one thread;
//!   `redact` and the warnings scan on every core).
//!
//! Each figure is the median of 7 runs; marked and unmarked runs take turns. Run: `cargo bench --bench redact`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use dealscope::data::load::load_texts;
use dealscope::data::redact::redact;
use dealscope::data::redact::terms::{Purpose, Terms};
use dealscope::data::redact::texts::TextAt;

// The binary's allocator, so that what is timed here allocates as it does.
#[global_allocator]
static ALLOC: dealscope::memory::Allocator = mimalloc::MiMalloc;

const N: usize = 100_000;
const RUNS: usize = 7;

/// The generated files with every 100th entry of each marked confidential.
fn marked(files: &[(String, String)]) -> (Vec<(String, String)>, usize) {
    let mut count = 0;
    let files = files
        .iter()
        .map(|(name, text)| {
            let mut out = String::with_capacity(text.len() + text.len() / 500);
            let mut nth = 0;
            for line in text.lines() {
                out.push_str(line);
                out.push('\n');
                if line.starts_with("  - id: ") {
                    nth += 1;
                    if nth % 100 == 1 {
                        out.push_str("    confidential: true\n");
                        count += 1;
                    }
                }
            }
            (name.clone(), out)
        })
        .collect();
    (files, count)
}

/// The median time of `RUNS` runs of `f`.
fn median(mut f: impl FnMut()) -> Duration {
    pair(&mut f, &mut || {}).0
}

/// The median times of `RUNS` runs each of `f` and `g`, taken in turns, so
/// that the machine's load changing meanwhile weighs on both alike.
fn pair(f: &mut dyn FnMut(), g: &mut dyn FnMut()) -> (Duration, Duration) {
    let time = |h: &mut dyn FnMut()| {
        let t = Instant::now();
        h();
        t.elapsed()
    };
    let (mut a, mut b): (Vec<Duration>, Vec<Duration>) = (0..RUNS).map(|_| (time(f), time(g))).unzip();
    a.sort();
    b.sort();
    (a[RUNS / 2], b[RUNS / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

/// A directory holding `files`.
fn on_disk(files: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

/// The binary's `check` on the files in `dir`.
fn check_binary(dir: &std::path::Path) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .arg("--data")
        .arg(dir)
        .arg("check")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("the binary runs");
    assert!(status.success(), "check passes");
}

fn main() {
    dealscope::memory::give_back_soon();
    let plain = dealscope::data::generate::render(N, 1, &mut |_, _| {});
    let (secret, confidential) = marked(&plain);
    let loaded = load_texts(secret.clone());
    let ds = loaded.dataset.expect("the marked data is valid");
    let terms = Terms::of(&ds, Purpose::Data);
    let warnings = loaded.report.warnings();
    let reference = load_texts(plain.clone()).report.warnings();
    let shown = redact(&ds);
    let changed = ds.entities().iter().zip(shown.entities()).filter(|(a, b)| !std::sync::Arc::ptr_eq(a, b)).count();

    println!("Free-text redaction at {N} entities, {confidential} of them confidential (every 100th entry):");
    println!(
        "{} terms ({} used); {changed} entities masked in the redacted view; check: {} warnings more than the unmarked data's {reference}.",
        terms.all().len(),
        terms.all().iter().filter(|t| t.rule == dealscope::data::redact::terms::Rule::Used).count(),
        warnings - reference
    );
    println!();
    println!("| step (median of {RUNS}) | unmarked | 1% confidential |");
    println!("|---|---|---|");
    let (a, b) = pair(&mut || drop(black_box(load_texts(black_box(plain.clone())))), &mut || {
        drop(black_box(load_texts(black_box(secret.clone()))))
    });
    println!("| load (parse, validate, warnings located) | {} | {} |", ms(a), ms(b));
    let (plain_dir, secret_dir) = (on_disk(&plain), on_disk(&secret));
    let (a, b) = pair(&mut || check_binary(plain_dir.path()), &mut || check_binary(secret_dir.path()));
    println!("| `dealscope check` (the binary) | {} | {} |", ms(a), ms(b));
    let t = median(|| drop(black_box(Terms::of(black_box(&ds), Purpose::Data))));
    let mut hits = 0;
    let scan = median(|| {
        hits = 0;
        for e in ds.entities() {
            for at in TextAt::all(e) {
                hits += terms.find(black_box(at.get(e).unwrap_or_default())).len();
            }
        }
    });
    let r = median(|| drop(black_box(redact(black_box(&ds)))));
    println!("| the terms' automaton (`Terms::of`) | - | {} |", ms(t));
    println!("| finding the terms in every text of every entry, one thread ({hits} found) | - | {} |", ms(scan));
    println!("| the redacted dataset (`redact`, free text included) | - | {} |", ms(r));
}
