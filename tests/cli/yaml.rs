//! Issue 15: nothing silently changed or accepted, every error at its place
//! in one run. One fixture per case under `tests/fixtures/yaml/`, each with
//! the exact `file:line:col: severity: message` lines of `check`.

use crate::common::run;

/// The headline and help lines of a check report, and the exit status.
fn check(fixture: &str) -> (i32, Vec<String>, String) {
    let path = format!("tests/fixtures/yaml/{fixture}");
    let (code, out, err) = run(&["check", "--data", &path]);
    assert!(err.is_empty(), "stderr: {err}");
    let lines = out
        .lines()
        .filter(|l| l.starts_with("tests/fixtures/") || l.starts_with("      = "))
        .map(|l| l.replace("tests/fixtures/yaml/", ""))
        .collect();
    (code, lines, out)
}

#[track_caller]
fn expect(fixture: &str, code: i32, lines: &[&str]) {
    let (got_code, got, out) = check(fixture);
    assert_eq!(got, lines, "report for {fixture}:\n{out}");
    assert_eq!(got_code, code, "exit status for {fixture}:\n{out}");
}

const NOT_YAML: &str =
    "      = help: this is not valid YAML (see https://yaml.org/spec/1.2.2/); quote the value if it is text";
const TAG_HELP: &str = "      = help: remove the tag; quote the value if it should stay text exactly as written";

#[test]
fn invalid_yaml_that_libyaml_accepts_is_rejected_where_it_goes_wrong() {
    expect(
        "comment-no-space.yaml",
        1,
        &[
            "comment-no-space.yaml:2:26: error: YAML: comments must be separated from other tokens by whitespace",
            NOT_YAML,
        ],
    );
}

#[test]
fn numbers_keep_their_spelling_and_references_do_not_resolve_to_a_converted_value() {
    expect(
        "numbers-keep-spelling.yaml",
        1,
        &[
            "numbers-keep-spelling.yaml:10:13: error: unknown firm id `31` in `parent`",
            "      = help: did you mean `b` or `c`?",
            "numbers-keep-spelling.yaml:17:13: error: unknown firm id `0o10` in `parent`",
            "      = help: did you mean `0x1f`?",
        ],
    );
    // A bare party written as a number is kept as written too, and resolves.
    let (code, lines, out) = check("hex-party.yaml");
    assert_eq!((code, lines.len()), (0, 0), "{out}");
}

#[test]
fn a_year_spelt_as_another_number_is_not_that_year() {
    let hint = "is not a date: write YYYY, YYYY-MM or YYYY-MM-DD";
    expect(
        "years.yaml",
        1,
        &[
            &format!("years.yaml:4:31: error: `0x7E7` {hint}"),
            &format!("years.yaml:5:31: error: `2023.0` {hint}"),
            &format!("years.yaml:6:31: error: `+2023` {hint}"),
            &format!("years.yaml:7:31: error: `2023e0` {hint}"),
        ],
    );
}

#[test]
fn free_form_values_keep_any_scalar_as_written() {
    let (code, out, _) = run(&["show", "s", "--json", "--data", "tests/fixtures/yaml/free-form.yaml"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"], "1.50");
    assert_eq!(
        v["extra"],
        serde_json::json!({
            "big": "123456789012345678901234567890",
            "hex": "0x1F",
            "float": "1.0",
            "inf": ".inf"
        })
    );
}

#[test]
fn tags_are_named() {
    expect(
        "tags.yaml",
        1,
        &[
            "tags.yaml:3:12: error: YAML tag `!foo` is not supported: dealscope reads plain values only",
            TAG_HELP,
            "tags.yaml:5:13: error: YAML tag `!!binary` is not supported: dealscope reads plain values only",
            TAG_HELP,
        ],
    );
}

#[test]
fn a_file_of_only_a_tag_or_an_anchor_is_empty() {
    for f in ["only-tag.yaml", "only-anchor.yaml"] {
        expect(f, 0, &[&format!("{f}:1:1: warning: file holds no data (it is empty or only comments)")]);
    }
}

#[test]
fn every_problem_of_a_role_is_reported() {
    expect(
        "role-errors.yaml",
        1,
        &[
            "role-errors.yaml:10:16: error: unknown firm id `nope` in `firm`",
            "      = help: no firm id is close to `nope`; firm ids look like `nokia`",
            "role-errors.yaml:10:34: error: unknown field `form`",
            "      = help: did you mean `from`?",
        ],
    );
}

#[test]
fn every_problem_of_a_party_and_a_statement_is_reported_once() {
    // `txt` is reported as misspelt, not again as a missing `text`.
    expect(
        "party-statement-errors.yaml",
        1,
        &[
            "party-statement-errors.yaml:11:19: error: unknown firm id `nope` in `parties`",
            "      = help: no firm id is close to `nope`; firm ids look like `a`, `b`",
            "party-statement-errors.yaml:11:31: error: unknown field `rol`",
            "      = help: did you mean `role`?",
            "party-statement-errors.yaml:13:18: error: unknown person id `nobody` in `person`",
            "      = help: no person id is close to `nobody`; person ids look like `p`",
            "party-statement-errors.yaml:13:26: error: unknown field `txt`",
            "      = help: did you mean `text`?",
        ],
    );
}

#[test]
fn a_second_document_is_reported_at_its_marker() {
    expect(
        "two-documents.yaml",
        1,
        &[
            "two-documents.yaml:3:1: error: YAML: a second document starts here, but a data file holds one document",
            "      = help: put each document in a file of its own, or remove this `---` line",
        ],
    );
}

#[test]
fn an_empty_list_item_is_reported_on_its_own_line() {
    expect(
        "empty-item.yaml",
        1,
        &[
            "empty-item.yaml:4:3: error: this list item is empty: write the entry's fields (`- id: …`) or remove the `-`",
        ],
    );
}

#[test]
fn duplicate_and_non_text_keys_are_reported_at_the_key() {
    // Each names the other occurrence.
    let dup = "      = help: a key may appear only once in a mapping";
    expect(
        "duplicate-top-key.yaml",
        1,
        &[
            "duplicate-top-key.yaml:5:1: error: YAML: duplicate entry with key \"sources\"",
            dup,
            "      = note: duplicate-top-key.yaml:1:1: `sources` is first given here",
        ],
    );
    expect(
        "extra-duplicate-key.yaml",
        1,
        &[
            "extra-duplicate-key.yaml:6:7: error: YAML: duplicate entry with key \"note\"",
            dup,
            "      = note: extra-duplicate-key.yaml:5:7: `note` is first given here",
        ],
    );
    expect(
        "extra-list-key.yaml",
        1,
        &[
            "extra-list-key.yaml:5:9: error: a key must be text, found a list",
            "      = help: write a single value before the `:`",
        ],
    );
}

#[test]
fn old_mac_line_ends_are_located_by_line() {
    let (code, lines, out) = check("cr-only.yaml");
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        ["cr-only.yaml:4:36: error: unknown field `nmae`", "      = help: did you mean `name`?"],
        "{out}"
    );
    assert!(
        out.contains(
            "    4 |   - {id: a, name: A, sources: [s], nmae: x}\n      |                                    ^^^^"
        ),
        "{out}"
    );
}

#[test]
fn an_unknown_source_is_not_also_a_missing_one() {
    expect(
        "unknown-source.yaml",
        1,
        &[
            "unknown-source.yaml:2:10: warning: source `s` is not cited by any entity",
            "unknown-source.yaml:4:45: error: unknown source id `nope` in `sources`",
            "      = help: no source id is close to `nope`; source ids look like `s`",
        ],
    );
}

#[test]
fn contradictory_timeline_dates_are_a_usage_error() {
    let (code, out, err) = run(&["timeline", "--from", "2024", "--to", "2023-06"]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(err, "dealscope: timeline: --from 2024 is later than --to 2023-06: no item can be in both; swap them\n");
    // Overlapping precisions are not a contradiction: May 2023 lies inside 2023.
    let (code, _, err) = run(&["timeline", "--from", "2023-05", "--to", "2023"]);
    assert_eq!(code, 0, "{err}");
    // A limit of nothing is not "no match".
    let (code, out, err) = run(&["search", "huawei", "--limit", "0"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "dealscope: search: --limit 0 would show nothing, whatever matches; give 1 or more\n");
}

#[test]
fn spec_examples_libyaml_accepts_are_rejected_where_they_go_wrong() {
    let comment = "YAML: comments must be separated from other tokens by whitespace";
    for (id, at, message) in [
        ("9JBA", "2:13", comment),
        ("SU5Z", "1:13", comment),
        ("CVW2", "2:11", comment),
        ("9C9N", "3:1", "YAML: invalid indentation in flow construct"),
        ("G5U8", "2:4", "YAML: plain scalar cannot start with '-' followed by ,[]{}"),
    ] {
        expect(&format!("spec/{id}.yaml"), 1, &[&format!("spec/{id}.yaml:{at}: error: {message}"), NOT_YAML]);
    }
}
