//! Free text that names a confidential firm or states a confidential value
//! (`tests/fixtures/redact-freetext`: a summary, an event's title and id, a
//! source's title and address, a CJK alias, a tour's title, step title,
//! caption and note): under `--redact`, no command's text or JSON, no
//! handout file, no graph and no shell completion holds any of it; `check` lists each place as
//! a warning at its file, line and column, and `check --redact` shows the
//! same warnings as a room would see them.

use crate::common::{data_file, run};

const DATA: &str = "tests/fixtures/redact-freetext/data.yaml";

/// What the fixture's free text says that a room must not see, lowercase:
/// the firm's id and name (as in `qorvath-holdings`), its aliases, the
/// value in any of its spellings.
const SECRETS: [&str; 5] = ["qorvath", "qvh", "科瓦", "77123", "77,123"];

fn clean(what: &str, out: &str) {
    let low = out.to_lowercase();
    for s in SECRETS {
        assert!(!low.contains(s), "{what} shows `{s}`:\n{out}");
    }
}

fn redacted(args: &[&str]) -> (i32, String) {
    let mut all = vec!["--data", DATA, "--redact"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    clean(&format!("{args:?} (stderr)"), &err);
    clean(&format!("{args:?}"), &out);
    (code, out)
}

#[test]
fn no_command_shows_the_free_text_that_names_what_is_confidential() {
    // The ids as a room sees them: the event's id held the firm's.
    for id in ["acme", "redacted-1", "zenlo", "acme-licence", "redacted-signing", "wire"] {
        for json in [false, true] {
            let mut args = vec!["show", id];
            if json {
                args.push("--json");
            }
            assert_eq!(redacted(&args).0, 0, "show {id}");
        }
    }
    let (_, card) = redacted(&["show", "acme"]);
    assert!(card.contains("summary: Acme licenses from [redacted] ([redacted]) for [redacted]."), "{card}");
    assert!(card.contains("https://news.example.com/2024/[redacted]-acme"), "{card}");
    let (_, card) = redacted(&["show", "zenlo"]);
    assert!(card.contains("summary: [redacted]的竞争对手。"), "{card}");
    for (args, code) in [
        (vec!["timeline"], 0),
        (vec!["timeline", "--json"], 0),
        (vec!["search", "acme"], 0),
        (vec!["search", "licenses", "--json"], 0),
        (vec!["search", "redacted", "--json"], 0),
        (vec!["path", "acme", "redacted-1", "--json"], 0),
        (vec!["path", "redacted-signing", "acme"], 0),
        (vec!["graph", "acme", "--depth", "2"], 0),
        (vec!["graph", "acme", "--depth", "2", "--format", "mermaid"], 0),
        (vec!["graph", "wire", "--format", "dot"], 0),
        (vec![], 0),
    ] {
        let (got, out) = redacted(&args);
        assert_eq!(got, code, "{args:?}: {out}");
    }
    // The event is found by its new id only; the old one is no id any more
    // (the refusal echoes what was typed, which tells the room nothing new).
    assert_eq!(run(&["--data", DATA, "--redact", "show", "qorvath-signing"]).0, 2);
    // Without --redact it is all there: the fixture does say it.
    let (_, card, _) = run(&["--data", DATA, "show", "acme"]);
    assert!(card.contains("Qorvath Holdings (QVH) for $77,123 million"), "{card}");
}

/// The text of a handout's files: the Markdown, and each picture's text
/// (an SVG draws a screen's text as many pieces: joined per row, without
/// the spaces between them).
fn handout_text(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for f in std::fs::read_dir(dir).unwrap() {
        let path = f.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if path.extension().is_some_and(|e| e == "svg") {
            let mut rows: std::collections::BTreeMap<String, String> = Default::default();
            for piece in text.split("<text ").skip(1) {
                let y = piece.split("y=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
                let body = piece.split_once('>').map(|(_, b)| b).unwrap_or_default();
                let body = body.split("</text>").next().unwrap_or_default();
                rows.entry(format!("{y:>10}")).or_default().push_str(body);
            }
            for row in rows.values() {
                all.push_str(&row.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace(' ', ""));
                all.push('\n');
            }
        } else {
            all.push_str(&text);
        }
    }
    all
}

#[test]
fn a_handout_holds_none_of_it_unless_cleared() {
    for (extra, cleared) in [(vec!["--notes"], false), (vec!["--redact"], false), (vec!["--cleared"], true)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("handout");
        let mut args = vec!["--data", DATA, "tour", "export", "drill", "--out", out.to_str().unwrap()];
        args.extend(extra.iter().copied());
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        let text = handout_text(&out);
        assert!(text.contains("Acmelicensesfrom"), "the pictures are read: {text}");
        if cleared {
            assert!(text.contains("Qorvath") && text.contains("$77,123"), "cleared, it is all there:\n{text}");
        } else {
            clean(&format!("the handout {extra:?}"), &text);
            assert!(text.contains("[redacted]"), "{text}");
        }
    }
}

/// Where each warning of `check` stands (`line:column`) and what it says.
fn warnings(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter_map(|l| l.strip_prefix(&format!("{DATA}:")))
        .filter_map(|l| l.split_once(": warning: "))
        .map(|(at, msg)| (at.to_string(), msg.to_string()))
        .collect()
}

#[test]
fn check_warns_at_each_place_and_redacted_shows_what_a_room_sees() {
    let (code, out, err) = run(&["--data", DATA, "check"]);
    assert_eq!(code, 0, "{err}");
    let found = warnings(&out);
    let at: Vec<&str> = found.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        at,
        [
            "12:33", "12:51", "12:60", // the firm's summary: name, alias, value with its `$`
            "23:14", // a CJK alias inside a CJK sentence
            "32:24", // the agreement's own summary states its confidential value
            "36:9",  // an id
            "37:21", // an event's title
            "43:12", "46:40", // a source's title and address
            "49:16", // the tour's title
            "53:28", "53:41", "54:27", // a step's caption (the value spelt another way) and note
            "56:32", // a step's title
        ],
        "{out}"
    );
    assert_eq!(found[0].1, "this firm's summary names the confidential firm `qorvath` (as `Qorvath Holdings`)");
    assert_eq!(
        found[2].1,
        "this firm's summary states the confidential value of agreement `acme-licence` (as `$77,123 million`)"
    );
    assert_eq!(found[8].1, "this source's URL names the confidential firm `qorvath` (as `qorvath-holdings`)");
    assert!(
        out.contains("      |                                 ^^^^^^^^^^^^^^^^\n"),
        "the caret under the name: {out}"
    );
    assert!(out.contains("add `summary` to this firm's `confidential` list"), "{out}");
    assert!(out.ends_with("0 errors and 14 warnings\n"), "{out}");
    // The JSON report has the same places.
    let (_, json, _) = run(&["--data", DATA, "check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let places: Vec<String> =
        doc["problems"].as_array().unwrap().iter().map(|p| format!("{}:{}", p["line"], p["column"])).collect();
    assert_eq!(places, at);

    // Redacted: the same warnings, nothing of what they point at.
    let (code, out) = redacted(&["check"]);
    assert_eq!(code, 0);
    assert_eq!(warnings(&out).len(), 14, "{out}");
    assert!(out.contains("   12 |     summary: Acme licenses from [redacted] ([redacted]) for [redacted].\n"), "{out}");
    // The caret moves with the masks before it, and spans the mask.
    assert!(out.contains(&format!("{DATA}:12:45: warning:")), "{out}");
    assert!(out.contains("      |                                             ^^^^^^^^^^\n"), "{out}");
    let (code, json) = redacted(&["check", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["warnings"], 14);
}

#[test]
fn check_redacted_shows_nothing_of_data_with_errors() {
    let (_dir, path) = data_file(
        "firms:\n  - id: qorvath\n    name: Qorvath\n    confidential: true\n  - id: acme\n    name: Acme\n    parent: qorvath-x\n    summary: Qorvath owns it\n",
    );
    let (code, out, err) = run(&["--data", &path, "--redact", "check"]);
    assert_eq!(code, 1);
    assert!(!out.to_lowercase().contains("qorvath") && !err.to_lowercase().contains("qorvath"), "{out}{err}");
    assert!(out.starts_with("invalid: 1 error"), "{out}");
    assert!(err.contains("run check without --redact"), "{err}");
    let (code, out, _) = run(&["--data", &path, "--redact", "check", "--format", "json"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((doc["valid"].as_bool(), doc["errors"].as_u64()), (Some(false), Some(1)), "{out}");
    assert!(!out.to_lowercase().contains("qorvath"), "{out}");
}

#[test]
fn the_term_rule_is_told_short_names_and_common_words_alike() {
    // A two-letter alias is not masked elsewhere: check says so, at the alias.
    let (_dir, path) = data_file(
        "firms:\n  - id: qorvath\n    name: Qorvath\n    aliases: [QV]\n    confidential: true\n  - id: acme\n    name: Acme\n    summary: QV owns it\n",
    );
    let (code, out, _) = run(&["--data", &path, "check"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("data.yaml:4:15: warning: `QV`, a name of the confidential firm `qorvath`, is too short to be masked in other text"),
        "{out}"
    );
    let (_, card, _) = run(&["--data", &path, "--redact", "show", "acme"]);
    assert!(card.contains("summary: QV owns it"), "what the rule leaves is left: {card}");
    // An alias found in more texts than one in a hundred (and 50) masks them all; check says so once.
    let mut yaml =
        String::from("firms:\n  - id: qorvath\n    name: Qorvath\n    aliases: [Group]\n    confidential: true\n");
    for i in 0..60 {
        yaml.push_str(&format!("  - id: f{i}\n    name: F{i}\n    summary: A group company.\n"));
    }
    let (_dir, path) = data_file(&yaml);
    let (_, out, _) = run(&["--data", &path, "check"]);
    assert!(
        out.contains("data.yaml:4:15: warning: `Group`, a name of the confidential firm `qorvath`, is in 60 other texts: under --redact each reads [redacted]"),
        "{out}"
    );
    let (_, card, _) = run(&["--data", &path, "--redact", "show", "f7"]);
    assert!(card.contains("summary: A [redacted] company."), "{card}");
}

#[test]
fn completions_with_redact_on_the_line_offer_what_a_room_may_see() {
    let complete = |words: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
            .arg("--")
            .args(words)
            .env("DEALSCOPE_COMPLETE", "fish")
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let shown = complete(&["dealscope", "--data", DATA, "--redact", "show", ""]);
    clean("completions with --redact", &shown);
    assert!(shown.contains("redacted-signing\tAcme and [redacted] sign the licence"), "{shown}");
    let tours = complete(&["dealscope", "--data", DATA, "--redact", "--tour", ""]);
    assert!(tours.contains("drill\tThe [redacted] licence"), "{tours}");
    // Without it, the author's own shell offers the data as written.
    assert!(complete(&["dealscope", "--data", DATA, "show", ""]).contains("qorvath-signing"));
}
