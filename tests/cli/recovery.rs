//! Issue 27: one mistake, one error. A YAML error loses only the entry it
//! stands in (the file's other entries are still read and checked), the
//! references into what did not parse are said once, causes come before
//! consequences, a duplicate id is reported at both places with no knock-on,
//! YAML the spec allows loads, and nesting too deep is refused at once.
//! Each test plants its mistakes in a copy of the demo data or a small file.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::run;

/// An edit of one file's text.
type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// A copy of the demo data, with `edit` applied to the text of some files.
fn demo_with(edit: &[Edit]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir("data").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = edit.iter().find(|(n, _)| *n == name).map_or(text.clone(), |(_, f)| f(&text));
        std::fs::write(dir.path().join(&name), text).unwrap();
    }
    dir
}

/// `check` on a directory: exit status, the headlines (`file:line:col:
/// severity: message`, file names without the directory), and the whole report.
fn check(dir: &Path) -> (i32, Vec<String>, String) {
    let (code, out, err) = run(&["check", "--data", dir.to_str().unwrap()]);
    assert!(err.is_empty(), "stderr: {err}");
    let prefix = format!("{}/", dir.display());
    let lines = out.lines().filter(|l| l.starts_with(&prefix)).map(|l| l.replacen(&prefix, "", 1)).collect();
    (code, lines, out)
}

/// The line number (from 1) of the first line of `text` holding `what`.
fn line_of(text: &str, what: &str) -> usize {
    text.lines().position(|l| l.contains(what)).expect("the line is there") + 1
}

#[test]
fn a_tab_loses_one_entry_and_the_rest_of_the_file_is_still_checked() {
    let people = std::fs::read_to_string("data/people.yaml").unwrap();
    let tab_at = line_of(&people, "aliases: [Ran Xu]");
    let dir = demo_with(&[("people.yaml", &|t: &str| {
        // A tab before `aliases:` in one entry, and a misspelt field in a later one.
        t.replacen("    aliases: [Ran Xu]", "\taliases: [Ran Xu]", 1).replacen(
            "    name: Lu Weibing",
            "    nmae: Lu Weibing",
            1,
        )
    })]);
    let (code, lines, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    // The cause first, at the tab; then what the rest of the file still shows.
    assert_eq!(
        lines[0],
        format!("people.yaml:{tab_at}:1: error: YAML: found a tab character where YAML allows only spaces"),
        "{out}"
    );
    assert!(lines.iter().any(|l| l.contains("unknown field `nmae`")), "a later entry is still checked:\n{out}");
    assert!(!out.contains("unknown person id"), "references to the lost entry are not errors:\n{out}");
    assert!(lines.iter().all(|l| l.contains("people.yaml")), "nothing in another file is blamed on the tab:\n{out}");
    assert!(out.contains("invalid: 2 errors"), "{out}");
    assert!(out.contains("in 1 of 9 files"), "the summary counts the files with problems:\n{out}");
}

#[test]
fn references_into_a_file_that_did_not_parse_are_said_once() {
    let dir = demo_with(&[("people.yaml", &|t: &str| t.replacen("people:", "people: [", 1))]);
    let (code, lines, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    // In a flow list, the first `- ` is where the YAML goes wrong.
    assert!(lines[0].starts_with("people.yaml:2:3: error: YAML: "), "{out}");
    let note: Vec<&String> = lines.iter().filter(|l| l.contains("not checked")).collect();
    assert_eq!(note.len(), 1, "said once:\n{out}");
    assert!(note[0].starts_with("people.yaml:2:3: warning: "), "{out}");
    assert!(note[0].ends_with("references into people.yaml not checked: it did not parse"), "{out}");
    assert!(!out.contains("unknown person id"), "{out}");
    assert_eq!(lines.len(), 2, "nothing else:\n{out}");
}

#[test]
fn the_rest_of_a_file_that_is_not_utf8_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"firms:\n  - id: acme\n    name: Caf".to_vec();
    bytes.push(0xE9); // Latin-1 é
    bytes.extend_from_slice(
        b"\n    sources: [s]\n  - id: b\n    nmae: B\n    sources: [s]\nsources:\n  - {id: s, title: S}\n",
    );
    std::fs::write(dir.path().join("firms.yaml"), bytes).unwrap();
    let (code, lines, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        lines,
        [
            "firms.yaml:3:14: error: not valid UTF-8: byte 0xE9 cannot start a character (save the file as UTF-8)",
            "firms.yaml:6:5: error: unknown field `nmae`",
        ],
        "{out}"
    );
}

#[test]
fn causes_come_before_consequences() {
    let dir = tempfile::tempdir().unwrap();
    // `a.yaml` sorts first, but its problem is in the data; `b.yaml`'s is in its YAML.
    std::fs::write(dir.path().join("a.yaml"), "firms:\n  - {id: a, name: A, sources: [s], nmae: x}\n").unwrap();
    std::fs::write(dir.path().join("b.yaml"), "sources:\n  - id: s\n    title: \"S\"x\n").unwrap();
    let (code, lines, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        lines,
        [
            "b.yaml:3:15: error: YAML: invalid trailing content after double-quoted scalar",
            "b.yaml:3:15: warning: 1 reference into b.yaml not checked: the entries they name did not parse",
            "a.yaml:2:36: error: unknown field `nmae`",
        ],
        "the YAML error first, then what follows from it, then the rest:\n{out}"
    );
}

#[test]
fn a_duplicate_id_is_reported_at_both_places_and_nothing_else() {
    let firms = std::fs::read_to_string("data/firms.yaml").unwrap();
    let first = line_of(&firms, "id: xiaomi");
    let dir = demo_with(&[("events.yaml", &|t: &str| {
        format!("{t}\n  - id: xiaomi\n    date: 2024-01-01\n    title: A new event\n    sources: [seed-article]\n")
    })]);
    let events = std::fs::read_to_string(dir.path().join("events.yaml")).unwrap();
    let second = events.lines().count() - 3;
    let (code, lines, out) = check(dir.path());
    assert_eq!(code, 1, "{out}");
    let msg = "error: duplicate id `xiaomi`: ids must be unique across all kinds and files";
    assert_eq!(lines, [format!("events.yaml:{second}:9: {msg}"), format!("firms.yaml:{first}:9: {msg}")], "{out}");
    // Each names the other (events.yaml is read first).
    assert!(out.contains(&format!("firms.yaml:{first}:9: also used here, by a firm")), "{out}");
    assert!(out.contains(&format!("events.yaml:{second}:9: first used here, by an event")), "{out}");
}

#[test]
fn yaml_the_spec_allows_loads() {
    let dir = tempfile::tempdir().unwrap();
    // The yaml-test-suite's valid uses of tabs, in a data file: after `-`
    // (A2M4, 6BCT), after `:` before a space (6BCT), a blank line holding a
    // tab (DK95), a tab in a block scalar's text (96NN), a line holding a tab
    // in a flow list (Y79Y); a multi-line flow key; the verbatim form of `!!str`.
    let text = "sources:\n  -\tid: s\n    title:\t A source\n\t\n    summary: |-\n      \tindented\n    tags: [\n\t\n      a]\n    extra: {\"two\n      lines\": x}\n    url: !<tag:yaml.org,2002:str> 0x1F\n";
    std::fs::write(dir.path().join("s.yaml"), text).unwrap();
    let (code, out, err) = run(&["show", "s", "--json", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["name"], "A source");
    assert_eq!(v["summary"], "\tindented");
    assert_eq!(v["tags"], serde_json::json!(["a"]));
    assert_eq!(v["extra"], serde_json::json!({"two lines": "x"}));
    assert_eq!(v["fields"]["url"], "0x1F");
}

#[test]
fn nesting_too_deep_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("lists.yaml", "[".repeat(100_000)), ("maps.yaml", "{a: ".repeat(100_000))] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let start = Instant::now();
        let (code, out, _) = run(&["check", "--data", path.to_str().unwrap()]);
        // A generous bound that only a hang misses (it takes milliseconds).
        assert!(start.elapsed() < Duration::from_secs(60), "{name}: {:?}", start.elapsed());
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("error: YAML: the data nests deeper than 255 levels here"), "{name}: {out}");
        assert_eq!(out.lines().filter(|l| l.contains(": error: ")).count(), 1, "{name}: {out}");
    }
}
