//! `dealscope check` on one bad fixture per rule: the exact file, line,
//! column and reason of every issue, and the exit status.

use crate::common::run;

/// The `file:line:col: severity: reason` lines of a check report.
fn headlines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| l.starts_with("tests/fixtures/")).collect()
}

fn check(path: &str) -> (i32, Vec<String>, String) {
    let (code, out, err) = run(&["check", "--data", path]);
    assert!(err.is_empty(), "stderr: {err}");
    (code, headlines(&out).into_iter().map(String::from).collect(), out)
}

#[track_caller]
fn expect(fixture: &str, code: i32, lines: &[&str]) {
    let path = format!("tests/fixtures/{fixture}");
    let (got_code, got, out) = check(&path);
    assert_eq!(got, lines, "report for {fixture}:\n{out}");
    assert_eq!(got_code, code, "exit status for {fixture}:\n{out}");
}

#[test]
fn yaml_syntax() {
    expect(
        "bad/syntax.yaml",
        1,
        &[
            "tests/fixtures/bad/syntax.yaml:3:11: error: YAML: this `[` is never closed: expected ',' or ']' after its items",
        ],
    );
}

#[test]
fn unknown_top_level_key_suggests() {
    let (_, _, out) = check("tests/fixtures/bad/unknown-top-key.yaml");
    assert!(out.contains("tests/fixtures/bad/unknown-top-key.yaml:3:1: error: unknown top-level key `firm`"), "{out}");
    assert!(out.contains("= help: did you mean `firms`?"), "{out}");
}

#[test]
fn unknown_field_suggests_with_excerpt_and_caret() {
    let (code, lines, out) = check("tests/fixtures/bad/unknown-field.yaml");
    assert_eq!(code, 1);
    assert_eq!(lines, ["tests/fixtures/bad/unknown-field.yaml:10:5: error: unknown field `partys`"]);
    assert!(
        out.contains("   10 |     partys: [huawei]\n      |     ^^^^^^\n      = help: did you mean `parties`?"),
        "{out}"
    );
}

#[test]
fn missing_required_fields() {
    expect(
        "bad/missing-id.yaml",
        1,
        &["tests/fixtures/bad/missing-id.yaml:4:5: error: this firm has no `id`: every entity needs one"],
    );
    expect(
        "bad/missing-name.yaml",
        1,
        &["tests/fixtures/bad/missing-name.yaml:4:5: error: this person has no `name`: every person needs one"],
    );
    expect(
        "bad/missing-event-date.yaml",
        1,
        &["tests/fixtures/bad/missing-event-date.yaml:4:5: error: this event has no `date`: every event needs one"],
    );
    expect(
        "bad/missing-parties.yaml",
        1,
        &[
            "tests/fixtures/bad/missing-parties.yaml:4:5: error: this agreement has no `parties`: list two or more firm ids",
        ],
    );
}

#[test]
fn malformed_id_suggests_a_slug() {
    let (_, lines, out) = check("tests/fixtures/bad/malformed-id.yaml");
    assert_eq!(
        lines,
        [
            "tests/fixtures/bad/malformed-id.yaml:4:9: error: malformed id `Huawei_Tech`: it holds the capital `H`; ids must match [a-z0-9][a-z0-9-]*"
        ]
    );
    assert!(out.contains("such as `huawei-tech`"), "{out}");
}

#[test]
fn duplicate_id_names_both_places() {
    // Both entries are reported, each naming the other; neither gets the id.
    let (_, lines, out) = check("tests/fixtures/bad/duplicate-id.yaml");
    assert_eq!(
        lines,
        [
            "tests/fixtures/bad/duplicate-id.yaml:4:9: error: duplicate id `kirin`: ids must be unique across all kinds and files",
            "tests/fixtures/bad/duplicate-id.yaml:8:9: error: duplicate id `kirin`: ids must be unique across all kinds and files"
        ]
    );
    assert!(out.contains("= note: tests/fixtures/bad/duplicate-id.yaml:8:9: also used here, by a chipset"), "{out}");
    assert!(out.contains("= note: tests/fixtures/bad/duplicate-id.yaml:4:9: first used here, by a firm"), "{out}");
}

#[test]
fn unknown_reference_suggests_nearest_ids() {
    let (_, lines, out) = check("tests/fixtures/bad/unknown-ref.yaml");
    assert_eq!(lines, ["tests/fixtures/bad/unknown-ref.yaml:9:13: error: unknown firm id `huawai` in `parent`"]);
    assert!(out.contains("= help: did you mean `huawei`?"), "{out}");
}

#[test]
fn reference_of_the_wrong_kind() {
    expect(
        "bad/wrong-kind-ref.yaml",
        1,
        &[
            "tests/fixtures/bad/wrong-kind-ref.yaml:9:18: error: `predecessor` must name a chipset, but `huawei` is a firm",
        ],
    );
}

#[test]
fn agreement_needs_two_distinct_parties() {
    expect(
        "bad/one-party.yaml",
        1,
        &[
            "tests/fixtures/bad/one-party.yaml:8:14: error: an agreement needs at least two distinct parties; this one has 1",
        ],
    );
}

#[test]
fn invalid_dates() {
    expect(
        "bad/bad-date.yaml",
        1,
        &[
            "tests/fixtures/bad/bad-date.yaml:2:34: error: `2023-13` has no month 13: months run from 01 to 12",
            "tests/fixtures/bad/bad-date.yaml:6:11: error: `2023-02-30` is not a calendar date: February 2023 has 28 days",
        ],
    );
}

#[test]
fn wrong_types_and_shapes() {
    expect(
        "bad/wrong-type.yaml",
        1,
        &[
            "tests/fixtures/bad/wrong-type.yaml:5:11: error: `name`: wrong type: found a list, expected text (a single value)",
        ],
    );
    expect(
        "bad/not-a-mapping.yaml",
        1,
        &[
            "tests/fixtures/bad/not-a-mapping.yaml:1:1: error: a data file must be a mapping with keys such as `firms:` and `events:`, but this file holds a list",
        ],
    );
    expect(
        "bad/scalar.yaml",
        1,
        &[
            "tests/fixtures/bad/scalar.yaml:1:1: error: a data file must be a mapping with keys such as `firms:` and `events:`, but this file holds text",
        ],
    );
}

#[test]
fn loops_in_chains() {
    expect(
        "bad/cycle.yaml",
        1,
        &[
            "tests/fixtures/bad/cycle.yaml:4:30: error: `parent` forms a loop: a → b → a",
            "tests/fixtures/bad/cycle.yaml:7:35: error: `predecessor` forms a loop: c → c",
        ],
    );
}

#[test]
fn warnings_do_not_fail_the_check() {
    expect(
        "bad/warnings.yaml",
        0,
        &[
            "tests/fixtures/bad/warnings.yaml:3:10: warning: source `lonely` is not cited by any entity",
            "tests/fixtures/bad/warnings.yaml:5:10: warning: firm `huawei` cites no sources",
        ],
    );
}

#[test]
fn dataset_header_at_most_once() {
    expect(
        "dataset-twice",
        1,
        &["tests/fixtures/dataset-twice/b.yaml:1:1: error: `dataset` is given twice: give it in one file only"],
    );
}

#[test]
fn hostile_yaml_gets_located_errors() {
    expect(
        "bad/tabs.yaml",
        1,
        &["tests/fixtures/bad/tabs.yaml:2:1: error: YAML: found a tab character where YAML allows only spaces"],
    );
    expect(
        "bad/duplicate-key.yaml",
        1,
        &["tests/fixtures/bad/duplicate-key.yaml:6:5: error: YAML: duplicate entry with key \"name\""],
    );
    expect(
        "bad/alias-bomb.yaml",
        1,
        &["tests/fixtures/bad/alias-bomb.yaml:1:1: error: YAML: repetition limit exceeded"],
    );
    // The rest of a file that is not UTF-8 is still read and checked.
    expect(
        "bad/non-utf8.yaml",
        1,
        &[
            "tests/fixtures/bad/non-utf8.yaml:3:14: error: not valid UTF-8: byte 0xFF cannot start a character (save the file as UTF-8)",
            "tests/fixtures/bad/non-utf8.yaml:2:9: warning: firm `huawei` cites no sources",
        ],
    );
}

#[test]
fn whole_directory_reports_every_file_sorted() {
    let (code, lines, _) = check("tests/fixtures/bad");
    assert_eq!(code, 1);
    // Problems with a file's text (YAML, encoding) come first: causes before consequences.
    let about_text = |l: &String| {
        l.contains(": error: YAML")
            || l.contains("not valid UTF-8")
            || l.contains("must be a mapping")
            || l.contains(" not checked: ")
    };
    let k = lines.iter().take_while(|l| about_text(l)).count();
    assert!(k > 0 && lines[k..].iter().all(|l| !about_text(l)), "the YAML first: {lines:#?}");
    for part in [&lines[..k], &lines[k..]] {
        let mut sorted = part.to_vec();
        sorted.sort_by_key(|l| {
            let mut parts = l.splitn(4, ':');
            let file = parts.next().unwrap_or("").to_string();
            let line: usize = parts.next().unwrap_or("0").parse().unwrap_or(0);
            let col: usize = parts.next().unwrap_or("0").parse().unwrap_or(0);
            (file, line, col)
        });
        assert_eq!(part, sorted, "issues are sorted by file, line and column");
    }
    assert!(lines.len() >= 25, "every problem in one run: {}", lines.len());
}

#[test]
fn good_inputs_bom_crlf_anchors_and_empty_files() {
    let (code, lines, out) = check("tests/fixtures/good");
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        lines,
        ["tests/fixtures/good/empty.yaml:1:1: warning: file holds no data (it is empty or only comments)"]
    );
    assert!(out.contains("ok: 3 files, 5 entities"), "{out}");
}

#[test]
fn rejected_entries_still_get_their_fields_checked() {
    // A duplicate id does not hide the entry's other problems; a misspelt
    // required field is reported once; a year-only expiry in the signing year is fine.
    expect(
        "bad/rejected-entry.yaml",
        1,
        &[
            "tests/fixtures/bad/rejected-entry.yaml:4:10: error: duplicate id `huawei`: ids must be unique across all kinds and files",
            "tests/fixtures/bad/rejected-entry.yaml:5:10: error: duplicate id `huawei`: ids must be unique across all kinds and files",
            "tests/fixtures/bad/rejected-entry.yaml:5:37: error: unknown firm id `opo` in `parent`",
            "tests/fixtures/bad/rejected-entry.yaml:7:23: error: unknown field `partys`",
        ],
    );
}

#[test]
fn tours_are_checked_like_everything_else() {
    let (code, lines, out) = check("tests/fixtures/bad/tours.yaml");
    let f = "tests/fixtures/bad/tours.yaml";
    let want = [
        format!("{f}:22:17: error: unknown id `huawai` in `entity`"),
        format!("{f}:25:14: error: unknown tab `chips`"),
        format!("{f}:26:9: error: this step gives `entity` and `tab`: give only one of them"),
        format!("{f}:29:9: error: this step does not say where to stand: give one of `entity`, `tab` or `timeline`"),
        format!("{f}:29:9: warning: this step's note or caption cites no sources"),
        format!("{f}:32:28: error: unknown id `xiomi` in `timeline`"),
        format!("{f}:33:15: error: unknown zoom `weekly`"),
        format!("{f}:34:15: error: `2023-13` has no month 13: months run from 01 to 12"),
        format!("{f}:37:15: error: `link` must name an entity linked to this step's entity, and `xiaomi` is not"),
        format!("{f}:38:9: error: `filter` goes with `tab` or `timeline`: a step on an entity shows its card"),
        format!("{f}:39:9: warning: this step's note or caption cites no sources"),
        format!("{f}:41:9: error: `zoom` goes with `timeline`, which this step does not give"),
        format!("{f}:43:11: error: a `caption` is one line, for the audience; put the rest in `note`"),
        format!("{f}:45:19: error: `sources` must name a source, but `huawei` is a firm"),
        format!("{f}:46:9: error: duplicate tour id `story`: tour ids must be unique"),
        format!("{f}:51:9: error: unknown field `stepz`"),
        format!("{f}:52:5: error: this tour has no `id`: every tour needs one"),
        format!("{f}:52:5: error: this tour has no `steps`: give at least one (`steps: [{{title: …, entity: …}}]`)"),
    ];
    assert_eq!(lines, want, "{out}");
    assert_eq!(code, 1);
    assert!(out.contains("= help: did you mean `huawei`?"), "{out}");
    assert!(out.contains("= help: did you mean `chipsets`?"), "{out}");
    assert!(out.contains("= help: did you mean `xiaomi`?"), "{out}");
}

#[test]
fn disputed_facts_are_checked() {
    // A dispute names a field of its kind, gives two or more claims with a
    // value each, and its claims' sources must be sources.
    let (code, lines, out) = check("tests/fixtures/bad/disputed.yaml");
    let f = "tests/fixtures/bad/disputed.yaml";
    let want = [
        format!("{f}:10:16: error: `chipset` is not a field of a product: a dispute names the field in question"),
        format!("{f}:13:43: error: unknown source id `udm` in `sources`"),
        format!("{f}:16:11: error: a dispute needs at least two `claims`, one per side; this one has 1"),
        format!("{f}:17:9: error: this dispute has no `field`: name the field the sources disagree on"),
        format!("{f}:20:14: error: this claim has no `value`: every claim needs one"),
        format!("{f}:24:14: warning: this claim cites no sources"),
        format!("{f}:25:39: error: `sources` must name a source, but `mate-70` is a product"),
        format!("{f}:26:9: error: a dispute needs at least two `claims`, one per side; this one has 0"),
        format!("{f}:26:16: error: `id` is not a field of a product: a dispute names the field in question"),
        // The claim's misspelt `sources` is dropped (and reported); the rest of
        // the dispute is still checked: one claim is not a dispute.
        format!("{f}:33:11: error: a dispute needs at least two `claims`, one per side; this one has 1"),
        format!("{f}:33:14: warning: this claim cites no sources"),
        format!("{f}:33:33: error: unknown field `sorces`"),
    ];
    assert_eq!(lines, want, "{out}");
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "   10 |       - field: chipset\n      |                ^^^^^^^\n      = help: did you mean `chipsets`?"
        ),
        "{out}"
    );
    assert!(out.contains("      = help: did you mean `udn`?"), "{out}");
    assert!(out.contains("      = help: add `sources: [source-id]` naming who makes this claim"), "{out}");
    assert!(out.contains("      = help: a product's fields are `name`, `aliases`, `maker`, `chipsets`,"), "{out}");
    assert!(out.contains("invalid: 10 errors and 2 warnings in 1 file"), "{out}");
}
