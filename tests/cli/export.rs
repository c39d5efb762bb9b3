//! `--format md|tsv|json` on `search`, `show`, `path` and `timeline`: tables
//! with a header row, one line per row, nothing decorative, each cell safe
//! (pipes, tabs, line breaks, quotes, escape sequences and formulas in the
//! data come out inert); `--format json` is exactly `--json`.

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::common::{data_file, run};

/// Reads TSV with Python's `csv` module, as a spreadsheet script would:
/// the rows, each a list of cells, as JSON.
fn python_csv(tsv: &str) -> Vec<Vec<String>> {
    let script = "import csv, json, sys\nprint(json.dumps(list(csv.reader(sys.stdin, delimiter='\\t'))))";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (the test reads TSV with Python's csv module, as the issue asks)");
    child.stdin.take().unwrap().write_all(tsv.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3 failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn search_as_tsv_loads_in_pythons_csv_module_with_its_header() {
    let (code, out, _) = run(&["search", "kirin", "--kind", "chipset", "--format", "tsv"]);
    assert_eq!(code, 0);
    let rows = python_csv(&out);
    assert_eq!(rows[0], ["kind", "id", "name", "date", "matched"]);
    assert!(rows.len() > 3, "{out}");
    assert!(rows[1..].iter().all(|r| r.len() == 5 && r[0] == "chipset"), "{rows:?}");
    assert!(rows.iter().any(|r| r[1] == "kirin-9000s" && r[2] == "Kirin 9000s" && r[3] == "2023-08-29"), "{rows:?}");
    // Found by an alias: the alias is said.
    let (_, out, _) = run(&["search", "华为", "--format", "tsv", "--limit", "1"]);
    assert_eq!(python_csv(&out)[1], ["firm", "huawei", "Huawei", "1987-09-15", "华为"]);
}

#[test]
fn every_table_has_a_header_row_and_one_line_per_row() {
    for (args, header) in [
        (vec!["search", "mate", "--format", "md"], "| kind | id | name | date | matched |"),
        (vec!["show", "xiaomi", "--format", "md"], "| section | field | id | value |"),
        (
            vec!["path", "huawei", "smic", "--format", "md"],
            "| path | hop | from | relation | to | name | kind | date | sources |",
        ),
        (
            vec!["timeline", "--entity", "xiaomi", "--format", "md"],
            "| date | end | kind | category | title | subject | entities |",
        ),
    ] {
        let (code, out, _) = run(&args);
        assert_eq!(code, 0, "{args:?}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], header, "{args:?}");
        let columns = header.matches(" |").count();
        assert_eq!(lines[1], format!("|{}", " --- |".repeat(columns)));
        assert!(lines.len() > 3, "{args:?}: {out}");
        for l in &lines {
            assert!(l.starts_with("| ") && l.ends_with(" |"), "{args:?}: a row is one line: {l}");
            assert_eq!(l.matches(" |").count() - l.matches("\\|").count(), columns, "{args:?}: {l}");
        }
        assert!(!out.contains("──") && !out.contains('\u{1b}'), "nothing decorative: {out}");
        // The same rows as TSV.
        let tsv_args: Vec<&str> = args.iter().map(|a| if *a == "md" { "tsv" } else { a }).collect();
        let (_, tsv, _) = run(&tsv_args);
        let rows = python_csv(&tsv);
        assert_eq!(rows.len(), lines.len() - 1, "{tsv_args:?}");
        assert!(rows.iter().all(|r| r.len() == columns), "{tsv_args:?}");
    }
    // The timeline's rows are its items: the same count as --json gives.
    let (_, json, _) = run(&["timeline", "--entity", "xiaomi", "--json"]);
    let (_, tsv, _) = run(&["timeline", "--entity", "xiaomi", "--format", "tsv"]);
    let items = serde_json::from_str::<serde_json::Value>(&json).unwrap().as_array().unwrap().len();
    assert_eq!(python_csv(&tsv).len(), items + 1);
}

#[test]
fn format_json_is_exactly_json() {
    for args in [
        vec!["search", "kirin"],
        vec!["show", "huawei-xiaomi-cross-license"],
        vec!["path", "huawei", "smic"],
        vec!["timeline", "--entity", "xiaomi"],
    ] {
        let with = |extra: &[&str]| run(&[args.as_slice(), extra].concat());
        let (a, b) = (with(&["--json"]), with(&["--format", "json"]));
        assert_eq!(a, b, "{args:?}");
        assert!(a.1.starts_with(['[', '{']), "{args:?}: {}", a.1);
    }
    let (code, _, err) = run(&["show", "huawei", "--json", "--format", "md"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn hostile_text_stays_in_its_cell() {
    let yaml = "firms:\n  - id: evil\n    name: \"Evil | Corp\\twith\\ttabs\\nand a \\\"quote\\\" [link](https://x) \\e[31m\"\n    \
                aliases: [\"=HYPERLINK(\\\"http://x\\\")\"]\n";
    let (_dir, path) = data_file(yaml);
    let (code, md, _) = run(&["--data", &path, "search", "evil", "--format", "md"]);
    assert_eq!(code, 0, "{md}");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 3, "{md}");
    assert!(lines[2].contains("Evil \\| Corp with tabs and a \"quote\" \\[link\\]\\(https://x\\) ␛\\[31m"), "{md}");
    let (_, tsv, _) = run(&["--data", &path, "search", "evil", "--format", "tsv"]);
    let rows = python_csv(&tsv);
    assert_eq!(rows.len(), 2, "{tsv}");
    assert_eq!(rows[1][2], "Evil | Corp with tabs and a \"quote\" [link](https://x) ␛[31m");
    assert!(!tsv.contains('\u{1b}'));
    let (_, tsv, _) = run(&["--data", &path, "search", "hyperlink", "--format", "tsv"]);
    let rows = python_csv(&tsv);
    assert_eq!(rows[1][4], "'=HYPERLINK(\"http://x\")", "a formula is not a formula: {tsv}");
}

#[test]
fn tables_see_the_lens_too() {
    let (_, out, _) = run(&["search", "pura", "--kind", "product", "--format", "tsv", "--as-of", "2023-09-13"]);
    assert!(!out.contains("pura-70"), "{out}");
    let (_, out, _) = run(&["show", "qualcomm", "--format", "tsv", "--as-of", "2023-09-13"]);
    let rows = python_csv(&out);
    assert!(rows.iter().any(|r| r[1] == "note" && r[3] == "founding date unknown: taken to exist on 2023-09-13"));
    assert!(!rows.iter().any(|r| r[3].contains("US revokes")), "{out}");
}
