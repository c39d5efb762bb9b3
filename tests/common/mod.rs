//! Helpers shared by the integration tests: run the built binary.

#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `dealscope` with arguments from the crate root; returns status, stdout, stderr.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A data file holding `yaml`, in a directory that lives as long as the
/// returned guard; and its path as text, for `--data`.
pub fn data_file(yaml: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("data.yaml");
    std::fs::write(&path, yaml).expect("the data file is written");
    let path = path.to_str().expect("a UTF-8 temporary path").to_string();
    (dir, path)
}

/// What the redaction fixture (`tests/fixtures/redact`) holds that must never
/// be seen redacted, lowercase: the confidential firm's name, alias, tag,
/// registry and town, its chair, its dates, and the deal's confidential fields.
pub const REDACTED_SECRETS: [&str; 11] = [
    "quorvex",
    "qvx",
    "george town",
    "ky-88213",
    "odalys",
    "777",
    "$12 per unit",
    "premium of 31",
    "2011-04",
    "2015-06",
    "shell",
];
