//! Runs the loader over a corpus of YAML it was not written for, such as the
//! yaml-test-suite's `data` branch (one directory per case, `in.yaml`, and an
//! `error` file when the spec rejects the input), and counts the outcomes:
//! no panic, no hang, no invalid YAML read as valid.
//!
//! Run: `cargo run --example yaml_corpus -- DIR` (exit status 1 if any input
//! panicked, took over a second, or was invalid YAML read as valid).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dealscope::data::load::{Anchor, Severity, load_bytes};

fn inputs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        // `name/` and `tags/` only link to the cases again.
        if p.is_dir() && !p.file_name().is_some_and(|n| n == "name" || n == "tags") {
            inputs(&p, out);
        } else if p.file_name().is_some_and(|n| n == "in.yaml") {
            out.push(p);
        }
    }
}

/// A problem with the YAML itself, as opposed to the data in it.
fn yaml_level(message: &str) -> bool {
    message.starts_with("YAML") || message.starts_with("not valid UTF-8") || message.starts_with("a key must be text")
}

/// Valid YAML that dealscope refuses on purpose.
fn refused_on_purpose(message: &str) -> bool {
    message.starts_with("YAML tag")
        || message.starts_with("YAML: a second document")
        || message.starts_with("a key must be text")
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: yaml_corpus DIR");
        std::process::exit(2);
    };
    let mut paths = Vec::new();
    inputs(Path::new(&dir), &mut paths);
    let (mut valid, mut invalid) = (0, 0);
    let (mut ok, mut data_errors, mut by_design, mut ours) = (0, 0, 0, 0);
    let (mut invalid_located, mut invalid_accepted, mut unlocated, mut panics, mut slow) = (0, 0, 0, 0, 0);
    let mut worst = Duration::ZERO;
    let mut libyaml_only = 0;
    let mut notes = Vec::new();
    for p in &paths {
        let bytes = std::fs::read(p).unwrap_or_default();
        let libyaml_accepts =
            std::str::from_utf8(&bytes).is_ok_and(|t| serde_yaml::from_str::<serde_yaml::Value>(t).is_ok());
        let is_invalid = p.with_file_name("error").exists();
        let name =
            p.parent().and_then(|d| d.strip_prefix(&dir).ok()).map_or(String::new(), |d| d.display().to_string());
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| load_bytes(vec![("in.yaml".into(), bytes)]));
        let took = start.elapsed();
        worst = worst.max(took);
        if took > Duration::from_secs(1) {
            slow += 1;
            notes.push(format!("{name}: took {took:?}"));
        }
        let Ok(loaded) = result else {
            panics += 1;
            notes.push(format!("{name}: PANIC"));
            continue;
        };
        let errors: Vec<_> = loaded.report.issues.iter().filter(|i| i.severity == Severity::Error).collect();
        if errors.iter().any(|i| !matches!(i.anchor, Anchor::At(..))) {
            unlocated += 1;
            let what: Vec<_> =
                errors.iter().filter(|i| !matches!(i.anchor, Anchor::At(..))).map(|i| &i.message).collect();
            notes.push(format!("{name}: an error without a position: {what:?}"));
        }
        let yaml_error = errors.iter().find(|i| yaml_level(&i.message));
        if is_invalid {
            invalid += 1;
            if libyaml_accepts {
                libyaml_only += 1;
                notes.push(format!("{name}: invalid, accepted by libyaml alone"));
            }
            if yaml_error.is_some() {
                invalid_located += 1;
            } else {
                invalid_accepted += 1;
                let what = errors.first().map_or("no error".to_string(), |i| i.message.clone());
                notes.push(format!("{name}: INVALID YAML READ AS VALID ({what})"));
            }
        } else {
            valid += 1;
            match yaml_error {
                None if errors.is_empty() => ok += 1,
                None => data_errors += 1,
                Some(i) if refused_on_purpose(&i.message) => by_design += 1,
                Some(i) => {
                    ours += 1;
                    notes.push(format!("{name}: VALID YAML REJECTED by the parser: {}", i.message));
                }
            }
        }
    }
    for n in &notes {
        println!("{n}");
    }
    println!("{} inputs: {valid} valid YAML, {invalid} invalid YAML (marked `error`)", paths.len());
    println!(
        "valid: {ok} accepted as data, {data_errors} rejected with a located data error (not a dealscope file), \
         {by_design} rejected by design (a tag, a second document, a key that is not text), \
         {ours} rejected as YAML"
    );
    println!(
        "invalid: {invalid_located} rejected with a located YAML error, {invalid_accepted} read as valid \
         ({libyaml_only} of them libyaml alone accepts)"
    );
    println!("{panics} panics, {slow} over 1 s (slowest {worst:?}), {unlocated} with an error without a position");
    if panics + slow + invalid_accepted + ours > 0 {
        std::process::exit(1);
    }
}
