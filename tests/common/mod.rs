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
