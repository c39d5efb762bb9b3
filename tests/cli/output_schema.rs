//! Machine output is a contract: every `--json` / `--format json` output is
//! one JSON document on every path, errors included (an `error` object and
//! the exit status), every key present (`null` for what is absent), and it
//! validates against its own schema (`dealscope schema --output NAME`).

use crate::common::run;
use crate::jsonschema::validate;

/// Runs a command that was asked for JSON: its exit status and its stdout as
/// JSON (which must be all of stdout), with stderr empty.
fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let (code, out, err) = run(args);
    assert!(err.is_empty(), "{args:?}: a command asked for JSON says nothing on stderr, but: {err}");
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: stdout is not one JSON document ({e}): {out}"));
    (code, v)
}

/// The schema `dealscope schema --output NAME` prints.
fn schema(name: &str) -> String {
    let (code, out, err) = run(&["schema", "--output", name]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#", "{name}");
    assert_eq!(v["$id"], format!("urn:dealscope:schema:output:{name}"));
    out
}

/// An error document: its kind, and the exit status it states is the process's.
fn error_kind(code: i32, v: &serde_json::Value) -> &str {
    assert_eq!(v["exit_status"], code, "{v}");
    assert!(v["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    v["error"]["kind"].as_str().unwrap()
}

/// Each output's cases: (name, args, exit status, error kind when it fails).
const CASES: &[(&str, &[&str], i32, Option<&str>)] = &[
    ("check", &["check", "--format", "json"], 0, None),
    ("check", &["check", "--data", "tests/fixtures/bad", "--format", "json"], 1, None),
    ("check", &["check", "--data", "/nonexistent/data", "--format", "json"], 2, Some("path")),
    ("check", &["check", "--format", "json", "--no-such-flag"], 2, Some("usage")),
    ("card", &["show", "huawei", "--json"], 0, None),
    ("card", &["show", "kirin-9000s", "--json"], 0, None),
    ("card", &["show", "mate-70", "--json"], 0, None),
    ("card", &["show", "lu-weibing", "--json"], 0, None),
    ("card", &["show", "huawei-xiaomi-cross-license", "--json", "--as-of", "2023-09-13"], 0, None),
    ("card", &["show", "quorvex", "--json", "--data", "tests/fixtures/redact"], 0, None),
    ("card", &["show", "acme-supply", "--json", "--data", "tests/fixtures/redact", "--redact"], 0, None),
    ("card", &["show", "huawai", "--json"], 2, Some("unknown-id")),
    ("card", &["show", "huawei", "--json", "--data", "tests/fixtures/bad"], 1, Some("invalid-data")),
    ("card", &["show", "--json"], 2, Some("usage")),
    ("search", &["search", "kirin", "--json"], 0, None),
    ("search", &["search", "雷军", "--json"], 0, None),
    ("search", &["search", "zzqqxxjj", "--json"], 1, None),
    ("search", &["search", "kind:planet", "--json"], 2, Some("usage")),
    ("search", &["search", "kirin", "--json", "--data", "/nonexistent"], 2, Some("path")),
    ("timeline", &["timeline", "--json"], 0, None),
    ("timeline", &["timeline", "--entity", "samsung", "--from", "2022", "--json"], 0, None),
    ("timeline", &["timeline", "--from", "2024", "--to", "2023", "--json"], 2, Some("usage")),
    ("timeline", &["timeline", "--entity", "nope", "--json"], 2, Some("unknown-id")),
    ("path", &["path", "lei-jun", "alan-fan", "--json"], 0, None),
    ("path", &["path", "huawei", "smic", "--json", "--max-hops", "1"], 1, None),
    ("path", &["path", "huawei", "nope", "--json"], 2, Some("unknown-id")),
    ("path", &["path", "huawei", "pura-70", "--format", "json", "--as-of", "2023-09-13"], 1, Some("not-yet")),
    ("card", &["show", "pura-70", "--json", "--as-of", "2023-09-13"], 1, Some("not-yet")),
    ("tours", &["tour", "list", "--json"], 0, None),
    ("tours", &["tour", "list", "--json", "--data", "/nonexistent"], 2, Some("path")),
];

#[test]
fn every_output_validates_against_its_schema_errors_included() {
    for name in ["check", "card", "search", "timeline", "path", "tours"] {
        let mut instances = Vec::new();
        for (n, (_, args, status, kind)) in CASES.iter().enumerate().filter(|(_, c)| c.0 == name) {
            let (code, v) = json(args);
            assert_eq!(code, *status, "{args:?}: {v}");
            if let Some(kind) = kind {
                assert_eq!(error_kind(code, &v), *kind, "{args:?}");
            }
            instances.push((format!("{name}-{n}.json"), v));
        }
        let Some(lines) = validate(&schema(name), &instances) else { return };
        assert_eq!(lines.len(), instances.len());
        for line in &lines {
            assert!(line.starts_with("ok "), "{name}: {line}");
        }
    }
}

#[test]
fn the_schemas_are_strict_enough_to_fail() {
    // A key left out, a key added, a wrong type: each fails, so a pass above means something.
    let (_, card) = json(&["show", "huawei", "--json"]);
    let mut missing = card.clone();
    missing.as_object_mut().unwrap().remove("summary");
    let mut extra = card.clone();
    extra["surprise"] = 1.into();
    let mut wrong = card.clone();
    wrong["links"][0]["direction"] = "sideways".into();
    let (_, hits) = json(&["search", "kirin", "--json"]);
    let mut no_index = hits.clone();
    no_index[0].as_object_mut().unwrap().remove("index");
    let card_lines = validate(
        &schema("card"),
        &[("missing.json".into(), missing), ("extra.json".into(), extra), ("wrong.json".into(), wrong)],
    );
    let Some(card_lines) = card_lines else { return };
    for line in &card_lines {
        assert!(line.starts_with("invalid "), "{line}");
    }
    let hit_lines = validate(&schema("search"), &[("no-index.json".into(), no_index)]).unwrap();
    assert!(hit_lines[0].starts_with("invalid "), "{hit_lines:?}");
}

#[test]
fn absent_values_are_null_not_missing() {
    let (_, v) = json(&["show", "huawei", "--json"]);
    for key in ["specs", "in_office", "confidential"] {
        assert!(v.get(key).is_some_and(serde_json::Value::is_null), "{key}: {v}");
    }
    assert_eq!(v["redacted"], false);
    let subsidiary = v["links"].as_array().unwrap().iter().find(|l| l["id"] == "hisilicon").unwrap();
    assert!(subsidiary["date"].is_null() && subsidiary["role"].is_null(), "{subsidiary}");
    assert_eq!(subsidiary["with"], serde_json::json!([]));
    let (_, src) = json(&["show", "huaweicentral-iplytics", "--json"]);
    assert!(src["fields"].get("url").is_none(), "fields hold what the data gives: {src}");
    let (_, yu) = json(&["show", "richard-yu", "--json"]);
    let role = &yu["links"][0]["roles"][0];
    assert!(role["from"].is_null() && role["to"] == "2024-04-30", "{role}");
    let (_, lu) = json(&["show", "lu-weibing", "--json"]);
    let redmi = lu["links"][0]["roles"].as_array().unwrap().iter().find(|r| r["title"] == "Head of Redmi").unwrap();
    assert_eq!(redmi["unsourced"], serde_json::json!(["to"]));
    let (_, hits) = json(&["search", "huawei", "--json"]);
    assert!(hits[0]["index"].is_null() && hits[0]["field"] == "name", "{}", hits[0]);
    let (_, items) = json(&["timeline", "--entity", "huawei", "--json"]);
    let founded = items.as_array().unwrap().iter().find(|i| i["kind"] == "founded").unwrap();
    assert!(founded["end"].is_null() && founded["ongoing"] == false, "{founded}");
}

#[test]
fn a_failure_in_json_carries_what_the_text_says() {
    let (code, v) = json(&["show", "huawai", "--json"]);
    assert_eq!(code, 2);
    assert_eq!(v["error"]["message"], "no entity has the id `huawai`");
    assert_eq!(v["error"]["help"], "did you mean `huawei`?");
    let (code, v) = json(&["show", "huawei", "--json", "--data", "tests/fixtures/bad"]);
    assert_eq!(code, 1);
    let report = &v["error"]["report"];
    assert_eq!(report["valid"], false);
    let (_, check) = json(&["check", "--data", "tests/fixtures/bad", "--format", "json"]);
    assert_eq!(*report, check, "the report is check's");
    assert!(v["error"]["message"].as_str().unwrap().starts_with("invalid: "), "{v}");
    // The text form is unchanged: the report on stderr.
    let (code, out, err) = run(&["show", "huawei", "--data", "tests/fixtures/bad"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.ends_with(&format!("{}\n", v["error"]["message"].as_str().unwrap())), "{err}");
    // clap's refusal, as JSON when JSON was asked for, as text otherwise.
    let (code, v) = json(&["search", "--json"]);
    assert_eq!(error_kind(code, &v), "usage");
    let (code, out, err) = run(&["search"]);
    assert_eq!(code, 2);
    assert!(out.is_empty() && err.starts_with("error: "), "{err}");
}
