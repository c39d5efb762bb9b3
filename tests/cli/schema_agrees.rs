//! The schema says what `check` says. Every file of tests/fixtures/schema/
//! is a small case, valid or invalid, one rule each, that says what `check`
//! makes of it (`# check: valid|invalid`) and whether the schema can tell
//! the same (`# schema: agrees`, or `# schema: cannot: <why>` for what only
//! the whole dataset shows). Both are run over each case, `check` as the
//! binary and the schema with Python's jsonschema over the file as JSON (as
//! an editor's YAML server sees it); any disagreement the schema could have
//! avoided fails. The page's complete example and every date of a few years
//! are held to the same.

use std::path::{Path, PathBuf};

use crate::common::run;
use crate::jsonschema::{data_schema, validate};
use dealscope::data::date::PartialDate;

/// A corpus case: its file, what `check` must say, and why the schema
/// cannot tell (`None`: it must agree).
struct Case {
    path: PathBuf,
    valid: bool,
    cannot: Option<String>,
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir("tests/fixtures/schema").unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let header = |key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("# {key}: ")))
                    .unwrap_or_else(|| panic!("{} says `# {key}: …`", path.display()))
                    .to_string()
            };
            let valid = match header("check").as_str() {
                "valid" => true,
                "invalid" => false,
                other => panic!("{}: check: {other}", path.display()),
            };
            let schema = header("schema");
            let cannot = match schema.as_str() {
                "agrees" => None,
                s => Some(s.strip_prefix("cannot: ").unwrap_or_else(|| panic!("{}: {s}", path.display())).to_string()),
            };
            Case { path, valid, cannot }
        })
        .collect()
}

/// A YAML file as the JSON an editor's YAML server checks against the schema.
fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    serde_json::to_value(value).unwrap()
}

/// What `check` says of a file: valid (warnings allowed) or not.
fn check_says_valid(path: &Path) -> bool {
    let (code, out, err) = run(&["check", "--data", path.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "{}: {out}{err}", path.display());
    code == 0
}

#[test]
fn the_schema_and_check_agree_on_every_case_a_schema_can_see() {
    let cases = cases();
    assert!(cases.len() >= 70, "one case per rule: {}", cases.len());
    let instances: Vec<(String, serde_json::Value)> = cases
        .iter()
        .map(|c| (c.path.file_name().unwrap().to_string_lossy().replace(".yaml", ".json"), as_json(&c.path)))
        .collect();
    let Some(lines) = validate(&data_schema(), &instances) else { return };
    assert_eq!(lines.len(), cases.len());
    let mut wrong = Vec::new();
    for (case, line) in cases.iter().zip(&lines) {
        let name = case.path.display();
        let checked = check_says_valid(&case.path);
        assert_eq!(checked, case.valid, "{name}: check says {}", if checked { "valid" } else { "invalid" });
        let schema_valid = line.starts_with("ok ");
        match &case.cannot {
            None if schema_valid != checked => wrong.push(format!("{name}: check {checked}, schema {line}")),
            // What only check can tell: the schema lets it through, and says so.
            Some(why) if !schema_valid => {
                wrong.push(format!("{name}: marked `cannot: {why}`, but the schema tells: {line}; mark it `agrees`"))
            }
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "the schema and check disagree:\n{}", wrong.join("\n"));
}

#[test]
fn the_pages_complete_example_is_valid_to_both() {
    let page = std::fs::read_to_string("docs/data-format.md").unwrap();
    let start = page.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + page[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.yaml");
    std::fs::write(&path, &page[start..end]).unwrap();
    let (code, out, _) = run(&["check", "--data", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("0 errors and 0 warnings\n"), "{out}");
    let Some(lines) = validate(&data_schema(), &[("example.json".into(), as_json(&path))]) else { return };
    assert_eq!(lines, ["ok example.json"]);
}

#[test]
fn every_date_the_loader_takes_the_schema_takes_and_no_other() {
    // Every year/month/day spelling around leap years and month ends.
    let mut texts = Vec::new();
    for year in ["1900", "2000", "2023", "2024", "0999"] {
        texts.push(year.to_string());
        for month in 0..=13 {
            texts.push(format!("{year}-{month:02}"));
            texts.push(format!("{year}-{month}"));
            for day in [0, 1, 9, 28, 29, 30, 31, 32] {
                texts.push(format!("{year}-{month:02}-{day:02}"));
            }
        }
    }
    let instances: Vec<(String, serde_json::Value)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("d{i}.json"), serde_json::json!({ "events": [{ "id": "e", "title": "E", "date": t }] })))
        .collect();
    let Some(lines) = validate(&data_schema(), &instances) else { return };
    for (text, line) in texts.iter().zip(&lines) {
        let loader = PartialDate::parse(text).is_ok();
        assert_eq!(line.starts_with("ok "), loader, "{text}: the loader says {loader}, the schema: {line}");
    }
}
