//! Runs Python's `jsonschema` (draft 7; `.ci/run` installs it) over JSON
//! instances, for the tests of the data file's schema and of the outputs'.

use std::path::Path;
use std::process::Command;

/// Validates each (name, instance) against the schema in `schema` (JSON
/// text): one line per instance, `ok NAME` or `invalid NAME: path: reason`.
/// `None` when python3 or its `jsonschema` is missing outside CI (said on
/// stderr); in CI that fails the test.
pub fn validate(schema: &str, instances: &[(String, serde_json::Value)]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("schema.json");
    std::fs::write(&schema_path, schema).unwrap();
    let mut args = vec!["tests/schema_validate.py".to_string(), schema_path.display().to_string()];
    for (name, value) in instances {
        let p = dir.path().join(name);
        std::fs::write(&p, serde_json::to_string(value).unwrap()).unwrap();
        args.push(p.display().to_string());
    }
    let out = Command::new("python3").args(&args).current_dir(env!("CARGO_MANIFEST_DIR")).output();
    let in_ci = crate::common::in_ci();
    match out {
        Ok(o) if o.status.code() == Some(0) => Some(
            String::from_utf8(o.stdout)
                .unwrap()
                .lines()
                .map(|l| l.replace(&format!("{}/", dir.path().display()), ""))
                .collect(),
        ),
        Ok(o) if !in_ci && o.status.code() == Some(3) => {
            eprintln!("NOT RUN: python3 has no jsonschema (.ci/run installs it; under CI this fails)");
            None
        }
        Err(e) if !in_ci => {
            eprintln!("NOT RUN: no python3 ({e}; under CI this fails)");
            None
        }
        other => panic!("the schema validator failed: {other:?}"),
    }
}

/// The published data-file schema.
pub fn data_schema() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/dealscope.schema.json")).unwrap()
}
