//! Plausibility warnings and hints: dates that contradict another entry's
//! are warned of at the date that looks wrong, naming the fact compared and
//! pointing at it; and where a fix is knowable, the help line says it (the
//! date meant, the nearest ids or what ids look like, the other party).

use dealscope::data::load::{Kept, Limits, load_again};

use crate::common::{data_file, run};

/// The headline and note lines of a `check` report, files named by their last part.
fn items(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| l.starts_with("tests/") || l.starts_with('/') || l.starts_with("      = "))
        .map(|l| l.replace("tests/fixtures/plausible/", ""))
        .collect()
}

#[test]
fn implausible_dates_are_warned_of_where_they_stand_with_the_fact_compared() {
    let (code, out, _) = run(&["check", "--data", "tests/fixtures/plausible"]);
    assert_eq!(code, 0, "warnings, not errors: {out}");
    assert_eq!(
        items(&out),
        [
            "data.yaml:9:40: warning: role held (2009) before `acme` was founded (2010-04-06)",
            "      = note: data.yaml:3:37: `acme` founded here",
            "data.yaml:15:71: warning: launched (2020-04-30) before its chip `chip` was announced (2020-05)",
            "      = note: data.yaml:13:55: `chip` announced here",
            "data.yaml:17:67: warning: signed (1999) before party `acme` was founded (2010-04-06)",
            "      = note: data.yaml:3:37: `acme` founded here",
            "data.yaml:18:65: warning: signed (2016-01) after party `acme` was dissolved (2015)",
            "      = note: data.yaml:3:60: `acme` dissolved here",
            "data.yaml:21:40: warning: dated 2008, before firm `acme` was founded (2010-04-06)",
            "      = note: data.yaml:3:37: `acme` founded here",
        ],
        "{out}"
    );
    assert!(out.ends_with("; 0 errors and 5 warnings\n"), "{out}");
}

#[test]
fn a_reload_that_keeps_the_ids_warns_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.yaml");
    let text = std::fs::read_to_string("tests/fixtures/plausible/data.yaml").unwrap();
    std::fs::write(&file, &text).unwrap();
    let mut kept = Kept::default();
    let (first, _) = load_again(dir.path(), Limits::default(), &mut kept, &[]).unwrap();
    assert_eq!(first.report.warnings(), 5, "{}", first.report.render());
    // Fix one date where it stands: only that file is validated again, and
    // the warnings across entries are the new ones.
    std::fs::write(&file, text.replace("signed: 1999", "signed: 2011")).unwrap();
    let changed = [file.canonicalize().unwrap()];
    let (again, reused) = load_again(dir.path(), Limits::default(), &mut kept, &changed).unwrap();
    assert!(reused.in_place, "{reused:?}");
    let warned: Vec<&str> = again.report.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(again.report.warnings(), 4, "{warned:?}");
    assert!(!warned.iter().any(|w| w.starts_with("signed (1999)")), "{warned:?}");
}

#[test]
fn a_fix_that_is_knowable_is_said() {
    let (_dir, path) = data_file(
        "firms:
  - {id: huawei, name: Huawei, founded: 2020-9-1, sources: [s]}
  - {id: xiaomi, name: Xiaomi, founded: 29.08.2010, sources: [s]}
agreements:
  - {id: alone, title: Alone, parties: [huawei], sources: [s]}
  - {id: twice, title: Twice, parties: [huawei, {firm: huawei}], sources: [s]}
  - {id: far, title: Far, parties: [huawei, qqqqqqqqq], sources: [s]}
  - {id: near, title: Near, parties: [huawei, xiaomy], sources: [s]}
sources:
  - {id: s, title: S}
",
    );
    let (code, out, _) = run(&["check", "--data", &path]);
    assert_eq!(code, 1);
    let helps: Vec<&str> = out.lines().filter(|l| l.starts_with("      = help: ")).collect();
    assert_eq!(
        helps,
        [
            "      = help: did you mean `2020-09-01`?",
            "      = help: did you mean `2010-08-29`?",
            "      = help: a deal needs two parties: add the firm on the other side, as in `parties: [huawei, other-firm]`",
            "      = help: `huawei` is listed 2 times; a deal needs two parties: name the firm on the other side instead",
            "      = help: no firm id is close to `qqqqqqqqq`; firm ids look like `huawei`, `xiaomi`",
            "      = help: did you mean `xiaomi`?",
        ],
        "{out}"
    );
    // A command given an id that is far from every one says what ids look like.
    let (code, _, err) = run(&["show", "qqqqqqqqq"]);
    assert_eq!(code, 2);
    assert!(err.contains("(no id is close to `qqqqqqqqq`; ids look like `"), "{err}");
}
