//! Hostile input, one test per case: the files in `tests/fixtures/hostile/`,
//! and cases made at run time (a 100 MB line, 10,000 files, a symlink loop, a
//! FIFO). Each gets a clear, located error or is handled, in bounded time.
//! The bounds: files up to `--max-file-mb` (64 MiB by default), nesting up to
//! 255 levels and alias expansion up to ten times the file's size in nodes.

use std::io::Write;
use std::time::Duration;

use crate::common::run_within;

/// Runs `check` on a path; returns exit status and stdout + stderr. A run
/// still going after `limit` is killed and fails the test: the limits catch
/// a hang (or a blow-up by orders of magnitude), not a slow machine. How
/// fast `check` is belongs to the benches.
fn check(path: &str, extra: &[&str], limit: Duration) -> (i32, String) {
    let mut args = vec!["check", "--data", path];
    args.extend_from_slice(extra);
    let (code, out, err) = run_within(&args, limit);
    (code, format!("{out}{err}"))
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/hostile/{name}")
}

/// For a small file: it takes milliseconds, so a minute is a hang.
const QUICK: Duration = Duration::from_secs(60);
/// For 100 MB (about a minute in a debug build on a busy machine) or 10,000
/// files (about 15 s): ten minutes is a hang.
const BIG: Duration = Duration::from_secs(600);

#[test]
fn alias_bomb() {
    let (code, out) = check(&fixture("alias-bomb.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("alias-bomb.yaml:1:1: error: YAML: repetition limit exceeded"), "{out}");
    assert!(out.contains("aliases (`*name`) expand to too much data"), "{out}");
}

#[test]
fn one_long_text_repeated_by_aliases_is_refused_and_said_once() {
    // 200 KB of text, repeated 4,000 times by aliases in flow entries: 800 MB
    // once expanded, from a 300 KB file (it took 1.6 GB of memory to say
    // nothing was wrong). The limit is crossed where an entry closes.
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!("firms:\n  - id: a\n    name: &n {}\n", "x".repeat(200_000));
    for n in 0..4000 {
        text.push_str(&format!("  - {{id: b{n}, name: *n}}\n"));
    }
    let path = dir.path().join("repeat.yaml");
    std::fs::write(&path, text).unwrap();
    let (code, out) = check(path.to_str().unwrap(), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("repeat.yaml:1:1: error: YAML: repetition limit exceeded").count(), 1, "{out}");
    assert!(out.contains("invalid: 1 error"), "{out}");
}

#[test]
fn nested_lists_10000_levels() {
    let (code, out) = check(&fixture("nested-10000.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("nested-10000.yaml:1:"), "{out}");
    assert!(out.contains("error: YAML: the data nests deeper than 255 levels here"), "{out}");
}

#[test]
fn invalid_utf8() {
    let (code, out) = check(&fixture("invalid-utf8.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("invalid-utf8.yaml:5:25: error: not valid UTF-8: byte 0xFF"), "{out}");
}

#[test]
fn nul_byte() {
    let (code, out) = check(&fixture("nul.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("nul.yaml:6:13: error: YAML: control character U+0000 is not allowed"), "{out}");
    assert!(out.contains("Ac␀me"), "the NUL is shown as a visible stand-in: {out}");
    assert!(!out.contains('\0'), "no raw NUL in the report");
}

#[test]
fn byte_order_mark() {
    let (code, out) = check(&fixture("bom.yaml"), &[], QUICK);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok: 1 file, 2 entities"), "{out}");
}

#[test]
fn crlf_line_ends() {
    let (code, out) = check(&fixture("crlf.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("crlf.yaml:6:5: error: unknown field `nmae`"), "lines counted right: {out}");
    assert!(out.contains("did you mean `name`?"), "{out}");
    assert!(!out.contains('\r'), "no raw carriage return in the report");
}

#[test]
fn mixed_tabs() {
    let (code, out) = check(&fixture("mixed-tabs.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("mixed-tabs.yaml:6:1: error: YAML: found a tab character"), "{out}");
    assert!(out.contains("YAML does not allow tabs for indentation: use spaces"), "{out}");
}

#[test]
fn duplicate_keys() {
    let (code, out) = check(&fixture("duplicate-keys.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("duplicate-keys.yaml:7:5: error: YAML: duplicate entry with key \"name\""), "{out}");
}

#[test]
fn ids_that_differ_by_a_confusable() {
    let (code, out) = check(&fixture("confusable-ids.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("confusable-ids.yaml:6:10: error: malformed id `huаwei`: it holds `а` (U+0430)"), "{out}");
    assert!(out.contains("such as `huawei`"), "the lookalike is folded in the suggestion: {out}");
    assert!(out.contains("confusable-ids.yaml:9:47: error: unknown firm id `huаwei` in `parties`"), "{out}");
    assert!(out.contains("did you mean `huawei`?"), "{out}");
}

#[test]
fn chipset_that_is_its_own_predecessor() {
    let (code, out) = check(&fixture("self-predecessor.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("self-predecessor.yaml:7:18: error: `predecessor` forms a loop: kirin → kirin"), "{out}");
}

#[test]
fn firm_that_is_its_own_parent() {
    let (code, out) = check(&fixture("self-parent.yaml"), &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("self-parent.yaml:7:13: error: `parent` forms a loop: acme → acme"), "{out}");
}

#[test]
fn a_100_mb_single_line_string() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.yaml");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    write!(f, "sources:\n  - id: s\n    title: \"").unwrap();
    let chunk = "x".repeat(1 << 20);
    for _ in 0..100 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(f, "\"").unwrap();
    drop(f);
    let p = path.to_str().unwrap();
    // Over the default limit: refused before it is read, at once.
    let (code, out) = check(p, &[], QUICK);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("long.yaml:1:1: error: file is 101 MiB, over the limit of 64 MiB"), "{out}");
    // With the limit raised it is read and checked; the report never quotes the line whole.
    let (code, out) = check(p, &["--max-file-mb", "128"], BIG);
    assert_eq!(code, 0, "{}", &out[..out.len().min(2000)]);
    assert!(out.contains("ok: 1 file, 1 entities") || out.contains("ok: 1 file, 1 entity"), "{out}");
    assert!(out.len() < 10_000, "the output stays short: {} bytes", out.len());
}

#[test]
fn ten_thousand_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sources.yaml"), "sources:\n  - {id: s, title: S}\n").unwrap();
    for i in 0..10_000 {
        let text = format!("firms:\n  - {{id: firm-{i}, name: Firm {i}, sources: [s]}}\n");
        std::fs::write(dir.path().join(format!("firm-{i:05}.yaml")), text).unwrap();
    }
    let (code, out) = check(dir.path().to_str().unwrap(), &[], BIG);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok: 10001 files, 10001 entities"), "{out}");
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(
        data.join("firms.yaml"),
        "sources:\n  - {id: s, title: S}\nfirms:\n  - {id: a, name: A, sources: [s]}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&data, data.join("again")).unwrap(); // data/again -> data
    std::os::unix::fs::symlink(data.join("nowhere"), data.join("dangling.yaml")).unwrap();
    let (code, out) = check(data.to_str().unwrap(), &[], QUICK);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok: 1 file, 2 entities"), "each file read once: {out}");
}

#[cfg(unix)]
#[test]
fn fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    // Named directly, and met inside a directory: refused, never opened (which would block).
    let (code, out) = check(fifo.to_str().unwrap(), &[], QUICK);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("pipe.yaml: not a regular file or directory"), "{out}");
    let (code, out) = check(dir.path().to_str().unwrap(), &[], QUICK);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("pipe.yaml: not a regular file or directory"), "{out}");
}
