//! Issue 27's corpus: a copy of the demo data with twelve mistakes planted
//! across five files, as a maintainer editing several files makes them
//! (a tab, a Latin-1 byte, a duplicate key, a duplicate id across files,
//! bad dates, a missing id, a one-party deal, a deal signed before a party
//! was founded, an unknown id, a misspelt field, a role that ends before it
//! starts), and a blank line holding a tab, which YAML allows. `check`
//! reports every mistake at its own place, with a hint where a fix is
//! knowable (else a note naming what it was compared with), the blank line
//! not at all, and at most a handful of problems beyond them.

use dealscope::data::load::{CheckJson, Problem};

use crate::common::run;

/// One exact edit of a demo file: `find` (which must occur exactly once) becomes `plant`.
struct Edit {
    file: &'static str,
    find: &'static [u8],
    plant: &'static [u8],
}

/// A problem `check` must report: in `file`, at the first character of
/// `target` inside `context` (which must occur exactly once in the planted
/// file), with this severity and message, this help, and a note saying this.
struct Expect {
    file: &'static str,
    context: &'static [u8],
    target: &'static [u8],
    severity: &'static str,
    message: &'static str,
    help: Option<&'static str>,
    note: Option<&'static str>,
}

/// The help of both places of a duplicate id.
const DUPLICATE_HELP: &str =
    "give one of them another id; references to `xiaomi` are not checked while two entries claim it";

/// The blank line holding only a tab: valid YAML, which must give no problem.
const TAB_LINE: (&str, &[u8], &[u8]) = ("people.yaml", b"\n\t\n  - id: lei-jun\n", b"\t\n");

/// The twelve mistakes, and the valid blank line holding a tab (the second edit).
const EDITS: [Edit; 13] = [
    // people.yaml: a tab before a key inside an entry; a blank line holding a tab; `to` before `from`.
    Edit { file: "people.yaml", find: b"    aliases: [Ran Xu]\n", plant: b"\taliases: [Ran Xu]\n" },
    Edit { file: "people.yaml", find: b"\n  - id: lei-jun\n", plant: b"\n\t\n  - id: lei-jun\n" },
    Edit {
        file: "people.yaml",
        find: b"        from: 2019\n        to: 2024\n",
        plant: b"        from: 2019\n        to: 2018\n",
    },
    // firms.yaml: a Latin-1 byte; a key given twice in one entry.
    Edit { file: "firms.yaml", find: b"    hq: Shanghai\n", plant: b"    hq: Shangh\xE9i\n" },
    Edit {
        file: "firms.yaml",
        find: b"    parent: huawei\n    country: CN\n    founded: 2004\n",
        plant: b"    parent: huawei\n    country: CN\n    founded: 2004\n    country: CN\n",
    },
    // events.yaml: a new event that takes the firm's id; a date written without its zeros.
    Edit {
        file: "events.yaml",
        find: b"  - id: huawei-founded\n",
        plant: b"  - id: xiaomi\n    date: 2024-01-01\n    title: Xiaomi opens a store\n    sources: [seed-article]\n\n  - id: huawei-founded\n",
    },
    Edit { file: "events.yaml", find: b"    date: 2004\n", plant: b"    date: 2020-9-1\n" },
    // agreements.yaml: an entry with no id; a deal with one party; a deal signed before a party was founded.
    Edit {
        file: "agreements.yaml",
        find: b"  - id: huawei-samsung-cross-license-2019\n    title:",
        plant: b"  - title:",
    },
    Edit { file: "agreements.yaml", find: b"    parties: [huawei, oppo]\n", plant: b"    parties: [huawei]\n" },
    Edit {
        file: "agreements.yaml",
        find: b"    parties: [huawei, vivo]\n    signed: 2024-03-05\n",
        plant: b"    parties: [huawei, vivo]\n    signed: 1986-03-05\n",
    },
    // products.yaml: a misspelt id; a date written day first; a misspelt field.
    Edit {
        file: "products.yaml",
        find: b"    maker: huawei\n    chipsets: [kirin-9000]\n",
        plant: b"    maker: huawie\n    chipsets: [kirin-9000]\n",
    },
    Edit {
        file: "products.yaml",
        find: b"    chipsets: [kirin-9000s1]\n    category: smartphone\n    launched: 2024-04\n",
        plant: b"    chipsets: [kirin-9000s1]\n    category: smartphone\n    launched: 29.04.2024\n",
    },
    Edit {
        file: "products.yaml",
        find: b"    chipsets: [kirin-9000s]\n    category: smartphone\n",
        plant: b"    chipsets: [kirin-9000s]\n    categroy: smartphone\n",
    },
];

/// What `check` must say of each mistake (the duplicate id at both places).
const EXPECTED: [Expect; 13] = [
    Expect {
        file: "people.yaml",
        context: b"\taliases: [Ran Xu]",
        target: b"\t",
        severity: "error",
        message: "YAML: found a tab character where YAML allows only spaces",
        help: Some("YAML does not allow tabs for indentation: use spaces"),
        note: None,
    },
    Expect {
        file: "people.yaml",
        context: b"        from: 2019\n        to: 2018\n",
        target: b"2018",
        severity: "error",
        message: "role ends (2018) before it starts (2019)",
        help: None,
        note: Some("it starts here"),
    },
    Expect {
        file: "firms.yaml",
        context: b"    hq: Shangh\xE9i\n",
        target: b"\xE9",
        severity: "error",
        message: "not valid UTF-8: byte 0xE9 cannot start a character (save the file as UTF-8)",
        help: Some("in Latin-1 (ISO 8859-1), 0xE9 is `é`: if the file was saved so, save it as UTF-8"),
        note: None,
    },
    Expect {
        file: "firms.yaml",
        context: b"    founded: 2004\n    country: CN\n",
        target: b"country",
        severity: "error",
        message: "YAML: duplicate entry with key \"country\"",
        help: Some("a key may appear only once in a mapping"),
        note: Some("`country` is first given here"),
    },
    Expect {
        file: "events.yaml",
        context: b"  - id: xiaomi\n",
        target: b"xiaomi",
        severity: "error",
        message: "duplicate id `xiaomi`: ids must be unique across all kinds and files",
        help: Some(DUPLICATE_HELP),
        note: Some("also used here, by a firm"),
    },
    Expect {
        file: "firms.yaml",
        context: b"  - id: xiaomi\n",
        target: b"xiaomi",
        severity: "error",
        message: "duplicate id `xiaomi`: ids must be unique across all kinds and files",
        help: Some(DUPLICATE_HELP),
        note: Some("first used here, by an event"),
    },
    Expect {
        file: "events.yaml",
        context: b"    date: 2020-9-1\n",
        target: b"2020",
        severity: "error",
        message: "`2020-9-1` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        help: Some("did you mean `2020-09-01`?"),
        note: None,
    },
    Expect {
        file: "agreements.yaml",
        context: b"  - title: Huawei-Samsung patent cross-licence (2019)\n",
        target: b"title",
        severity: "error",
        message: "this agreement has no `id`: every entity needs one",
        help: Some("give it an id, such as `id: huawei-samsung-patent-cross-licence-2019`"),
        note: None,
    },
    Expect {
        file: "agreements.yaml",
        context: b"    parties: [huawei]\n",
        target: b"[",
        severity: "error",
        message: "an agreement needs at least two distinct parties; this one has 1",
        help: Some("a deal needs two parties: add the firm on the other side, as in `parties: [huawei, other-firm]`"),
        note: None,
    },
    Expect {
        file: "agreements.yaml",
        context: b"    signed: 1986-03-05\n",
        target: b"1986",
        severity: "warning",
        message: "signed (1986-03-05) before party `huawei` was founded (1987-09-15)",
        help: None,
        note: Some("`huawei` founded here"),
    },
    Expect {
        file: "products.yaml",
        context: b"    maker: huawie\n",
        target: b"huawie",
        severity: "error",
        message: "unknown firm id `huawie` in `maker`",
        help: Some("did you mean `huawei`?"),
        note: None,
    },
    Expect {
        file: "products.yaml",
        context: b"    launched: 29.04.2024\n",
        target: b"29",
        severity: "error",
        message: "`29.04.2024` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD",
        help: Some("did you mean `2024-04-29`?"),
        note: None,
    },
    Expect {
        file: "products.yaml",
        context: b"    categroy: smartphone\n",
        target: b"categroy",
        severity: "error",
        message: "unknown field `categroy`",
        help: Some("did you mean `category`?"),
        note: None,
    },
];

/// Where `needle` occurs in `hay`, asserting it occurs exactly once.
fn only(hay: &[u8], needle: &[u8], what: &str) -> usize {
    let found: Vec<usize> =
        hay.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect();
    assert_eq!(found.len(), 1, "{what}: `{}` occurs {} times", String::from_utf8_lossy(needle), found.len());
    found[0]
}

/// The line and column (characters, from 1) of byte `at` of `text`, a bad byte counting as one character.
fn line_col(text: &[u8], at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, String::from_utf8_lossy(&text[line_start..at]).chars().count() + 1)
}

/// A problem as one line, for failure messages.
fn show(p: &Problem) -> String {
    let note = p.note.as_ref().map(|n| format!(" (note {}:{}: {})", n.line, n.column, n.message)).unwrap_or_default();
    let help = p.help.as_ref().map(|h| format!(" (help: {h})")).unwrap_or_default();
    format!("{}:{}:{}: {}: {}{help}{note}", p.file, p.line, p.column, p.severity, p.message)
}

#[test]
fn twelve_planted_mistakes_are_each_reported_where_they_stand_and_little_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir("data").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            files.push((name, std::fs::read(&path).unwrap()));
        }
    }
    files.sort();
    let text = |files: &[(String, Vec<u8>)], name: &str| -> Vec<u8> {
        files.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("data/{name} is there")).1.clone()
    };
    // Plant each mistake by an exact edit, each one asserted to apply.
    for e in &EDITS {
        let slot = files.iter_mut().find(|(n, _)| n == e.file).expect("the file is there");
        let at = only(&slot.1, e.find, &format!("planting in {}", e.file));
        slot.1.splice(at..at + e.find.len(), e.plant.iter().copied());
    }
    let touched: std::collections::BTreeSet<&str> = EDITS.iter().map(|e| e.file).collect();
    assert_eq!(touched.len(), 5, "five files: {touched:?}");
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }

    let data = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["check", "--data", data, "--format", "json"]);
    assert!(err.is_empty(), "stderr: {err}");
    assert_eq!(code, 1, "{out}");
    let mut doc: CheckJson = serde_json::from_str(&out).expect("one JSON document");
    let prefix = format!("{data}/");
    for p in &mut doc.problems {
        p.file = p.file.replacen(&prefix, "", 1);
        if let Some(n) = &mut p.note {
            n.file = n.file.replacen(&prefix, "", 1);
        }
    }
    let all: Vec<String> = doc.problems.iter().map(show).collect();
    let all = all.join("\n");

    // Every mistake at its own place, with its hint or its note.
    let mut matched = vec![false; doc.problems.len()];
    for x in &EXPECTED {
        let planted = text(&files, x.file);
        let at = only(&planted, x.context, &format!("locating in {}", x.file)) + only(x.context, x.target, "target");
        let (line, column) = line_col(&planted, at);
        let found = doc
            .problems
            .iter()
            .position(|p| (p.file.as_str(), p.line, p.column, p.message.as_str()) == (x.file, line, column, x.message));
        let Some(i) = found else {
            panic!("not reported: {}:{line}:{column}: {}: {}\nall problems:\n{all}", x.file, x.severity, x.message);
        };
        let p = &doc.problems[i];
        matched[i] = true;
        assert_eq!(p.severity.to_string(), x.severity, "{}\n{all}", show(p));
        assert_eq!(p.help.as_deref(), x.help, "{}\n{all}", show(p));
        assert_eq!(p.note.as_ref().map(|n| n.message.as_str()), x.note, "{}\n{all}", show(p));
        if let Some(n) = &p.note {
            // The note points into the data, not past the end of its file.
            let lines = text(&files, &n.file).split(|&b| b == b'\n').count();
            assert!(n.line >= 1 && n.line < lines, "{}\n{all}", show(p));
        }
    }
    // A fix is knowable for all but the two that compare dates: each says which date it compared.
    let with_help = EXPECTED.iter().filter(|x| x.help.is_some()).count();
    assert_eq!(with_help, 11, "ten mistakes have a hint (the duplicate id at both places)");

    // The blank line holding a tab is valid YAML: nothing is reported on it.
    let (file, context, target) = TAB_LINE;
    let people = text(&files, file);
    let (tab_line, _) = line_col(&people, only(&people, context, "the tab line") + only(context, target, "tab"));
    let on_it: Vec<String> = doc.problems.iter().filter(|p| p.file == file && p.line == tab_line).map(show).collect();
    assert!(on_it.is_empty(), "a blank line holding a tab is valid YAML: {on_it:?}");

    // Beyond the mistakes, at most a handful.
    let extra: Vec<String> = doc.problems.iter().zip(&matched).filter(|(_, m)| !**m).map(|(p, _)| show(p)).collect();
    assert!(extra.len() <= 4, "{} problems beyond the planted ones:\n{}", extra.len(), extra.join("\n"));
    assert_eq!(doc.problems.len(), EXPECTED.len() + extra.len());

    // The summary counts the files with problems, not every file read.
    let (_, text_report, _) = run(&["check", "--data", data]);
    let last = text_report.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!("invalid: {} errors and {} warnings in 5 of {} files", doc.errors, doc.warnings, files.len()),
        "{text_report}"
    );
}
