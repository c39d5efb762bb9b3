//! `--redact` on every command: the text and JSON of `show` for every
//! entity, `search` for the confidential word and its prefixes, `timeline`,
//! `path`, `graph` and the summary hold nothing confidential; without it,
//! the same commands show it, and `check` refuses a bad `confidential:`.

use crate::common::{data_file, run};

const DATA: &str = "tests/fixtures/redact/data.yaml";

use crate::common::REDACTED_SECRETS as SECRETS;

fn clean(what: &str, out: &str) {
    let low = out.to_lowercase();
    for s in SECRETS {
        assert!(!low.contains(s), "{what} prints `{s}`:\n{out}");
    }
}

fn redacted(args: &[&str]) -> (i32, String) {
    let mut all = vec!["--data", DATA, "--redact"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    clean(&format!("{args:?} (stderr)"), &err);
    (code, out)
}

#[test]
fn every_command_redacted_prints_nothing_confidential() {
    let ids = ["acme", "redacted-1", "jane", "redacted-2", "acme-supply", "supply-signed"];
    for id in ids {
        for json in [false, true] {
            let mut args = vec!["show", id];
            if json {
                args.push("--json");
            }
            let (code, out) = redacted(&args);
            assert_eq!(code, 0, "show {id}");
            clean(&format!("show {id} (json {json})"), &out);
        }
    }
    // The real ids are not ids any more.
    // (The error echoes what was typed, which is no leak.)
    assert_eq!(run(&["--data", DATA, "--redact", "show", "quorvex"]).0, 2);
    for (args, code) in [
        (vec!["timeline"], 0),
        (vec!["timeline", "--json"], 0),
        (vec!["timeline", "--entity", "redacted-1", "--json"], 0),
        (vec!["path", "acme", "redacted-1"], 0),
        (vec!["path", "acme", "redacted-2", "--json"], 0),
        (vec!["graph", "acme", "--depth", "2"], 0),
        (vec!["graph", "redacted-1", "--format", "mermaid"], 0),
        (vec!["search", "redacted", "--json"], 1),
        (vec![], 0),
    ] {
        let (got, out) = redacted(&args);
        assert_eq!(got, code, "{args:?}: {out}");
        clean(&format!("{args:?}"), &out);
    }
    // Every prefix of the word finds nothing that the word could name.
    for word in ["Quorvex", "Odalys", "QVX"] {
        for end in 1..=word.len() {
            let (_, out) = redacted(&["search", &word[..end], "--json"]);
            clean(&format!("search {}", &word[..end]), &out);
            assert!(!out.contains("redacted-"), "search {} finds the hidden: {out}", &word[..end]);
        }
    }
    let (_, card) = redacted(&["show", "acme-supply", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&card).unwrap();
    assert_eq!(v["fields"]["value"], "[redacted]");
    assert_eq!(v["extra"]["price"], "[redacted]");
    assert_eq!(v["extra"]["region"], "EMEA", "what is not confidential stays");
    assert_eq!(v["redacted"], true);
    assert_eq!(v["confidential"], serde_json::json!(["value", "extra.price", "statements"]));
}

#[test]
fn without_redact_it_is_all_there_and_marked() {
    let (code, out, _) = run(&["--data", DATA, "show", "acme-supply"]);
    assert_eq!(code, 0);
    assert!(out.contains("value: $777 million (confidential)"), "{out}");
    assert!(out.contains("masked for viewers without clearance"), "{out}");
    let (_, out, _) = run(&["--data", DATA, "search", "quorvex"]);
    assert!(out.contains("quorvex"), "{out}");
}

#[test]
fn check_reports_a_confidential_list_it_cannot_honour() {
    let (_dir, path) = data_file(
        "firms:\n  - id: a\n    name: A\n    extra: {price: 1}\n    confidential: [valeu, extra.cost, name]\n  - id: b\n    name: B\n    confidential: maybe\n",
    );
    let (code, out, err) = run(&["--data", &path, "check"]);
    let err = format!("{out}{err}");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("5:20: error: `valeu` is not a field of a firm"), "{err}");
    assert!(err.contains("this firm has no `extra` key `cost` to keep confidential"), "{err}");
    assert!(err.contains("`name` cannot be listed in `confidential`"), "{err}");
    assert!(err.contains("`confidential: maybe` is neither `true` nor a list of fields"), "{err}");
    let (code, _, err) = run(&["--data", DATA, "check"]);
    assert_eq!(code, 0, "{err}");
    // Redacted, its report is what a room would see, the lines it quotes included.
    let (code, out, err) = run(&["--data", DATA, "--redact", "check"]);
    assert_eq!(code, 0, "{err}");
    clean("check --redact", &out);
    assert!(out.contains("warning: firm `[redacted]` cites no sources"), "{out}");
}
