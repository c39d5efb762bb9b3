//! Check output for machines and editors: `check --format json` carries
//! every item of the text report; `dealscope schema` is the published
//! schema, and the demo data validates against it.

use std::path::Path;

use dealscope::data::load::CheckJson;

use crate::common::run;
use crate::jsonschema::{data_schema, validate};

#[test]
fn json_report_round_trips_every_problem_of_the_text_report() {
    let (text_code, text, _) = run(&["check", "--data", "tests/fixtures/bad"]);
    let (json_code, json, err) = run(&["check", "--data", "tests/fixtures/bad", "--format", "json"]);
    assert!(err.is_empty(), "{err}");
    assert_eq!((text_code, json_code), (1, 1));
    let doc: CheckJson = serde_json::from_str(&json).expect("one JSON document");
    assert!(!doc.valid);
    assert!(doc.problems.len() > 20, "a multi-error fixture: {}", doc.problems.len());
    assert_eq!(doc.problems.len(), doc.errors + doc.warnings);
    assert!(
        text.ends_with(&format!(
            "invalid: {} errors and {} warnings in {} files\n",
            doc.errors, doc.warnings, doc.files
        ))
    );
    // The text report's items, rebuilt from the JSON, line for line.
    let mut rebuilt = Vec::new();
    for p in &doc.problems {
        rebuilt.push(format!("{}:{}:{}: {}: {}", p.file, p.line, p.column, p.severity, p.message));
        if let Some(h) = &p.help {
            rebuilt.push(format!("      = help: {h}"));
        }
        if let Some(n) = &p.note {
            rebuilt.push(format!("      = note: {}:{}:{}: {}", n.file, n.line, n.column, n.message));
        }
    }
    let items: Vec<&str> =
        text.lines().filter(|l| l.starts_with("tests/fixtures/") || l.starts_with("      = ")).collect();
    assert_eq!(items, rebuilt);
    // Valid data: valid, and only its warnings.
    let (code, json, _) = run(&["check", "--format", "json"]);
    let doc: CheckJson = serde_json::from_str(&json).unwrap();
    assert_eq!((code, doc.valid, doc.errors), (0, true, 0));
}

#[test]
fn published_schema_is_the_schema_command_output() {
    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let published = std::fs::read_to_string("docs/dealscope.schema.json").unwrap();
    assert!(
        out == published,
        "docs/dealscope.schema.json is stale: run `dealscope schema > docs/dealscope.schema.json`"
    );
}

/// A YAML file as the JSON an editor's YAML server checks against the schema.
fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn demo_data_validates_against_the_schema_and_a_misspelt_field_does_not() {
    let mut instances = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir("data").unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    for p in &names {
        let name = p.file_name().unwrap().to_string_lossy().replace(".yaml", ".json");
        instances.push((name, as_json(p)));
    }
    let mut misspelt = as_json(Path::new("data/firms.yaml"));
    let firm = misspelt["firms"][0].as_object_mut().unwrap();
    let name = firm.remove("name").unwrap();
    firm.insert("nmae".into(), name);
    instances.push(("misspelt.json".into(), misspelt));
    let Some(lines) = validate(&data_schema(), &instances) else { return };
    let (last, data) = lines.split_last().unwrap();
    assert_eq!(data.len(), names.len(), "{lines:?}");
    for line in data {
        assert!(line.starts_with("ok "), "{line}");
    }
    assert!(
        last.starts_with(
            "invalid misspelt.json: firms/0: Additional properties are not allowed ('nmae' was unexpected)"
        ),
        "{last}"
    );
}

#[test]
fn pre_commit_hooks_run_check_on_the_data_folder() {
    let text = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let hooks: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    assert_eq!(hooks.len(), 2);
    for hook in &hooks {
        assert_eq!(hook["entry"].as_str(), Some("dealscope check"));
        assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
        let args: Vec<&str> = hook["args"].as_sequence().unwrap().iter().filter_map(|a| a.as_str()).collect();
        let (code, out, _) = run(&[&["check"][..], &args].concat());
        assert_eq!(code, 0, "{out}");
    }
}
