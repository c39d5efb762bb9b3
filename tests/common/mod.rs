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

/// True under CI (`CI` set, as `.ci/run` and CI runners do), where every
/// tool a test needs has been installed and a missing one is a failure.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The path of `program` on PATH, for a test that needs a program this
/// machine kind does not ship. Missing, it is a failure under CI (`.ci/run`
/// installs `package`); elsewhere the test says on stderr that it did not
/// run, and the caller returns.
pub fn tool(program: &str, package: &str) -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|d| d.join(program)).find(|p| p.is_file()));
    if found.is_none() {
        let why = format!("`{program}` is not installed (apt-get install {package}; .ci/run installs it)");
        assert!(!in_ci(), "{why}");
        eprintln!("NOT RUN: {why}");
    }
    found
}

/// Runs `dealscope` with arguments from the crate root like [`run`], but
/// kills it once `limit` has passed and fails: a hang ends the test at the
/// limit instead of stalling the run.
pub fn run_within(args: &[&str], limit: std::time::Duration) -> (i32, String, String) {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dealscope {args:?} still ran after {limit:?}: killed");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    (status.code().unwrap_or(-1), out.join().expect("stdout read"), err.join().expect("stderr read"))
}

/// How many of `bytes`, the output read so far and not yet shown, a
/// terminal that honours synchronized output (DEC mode 2026, which wraps
/// each of the app's frames) shows now: all but a frame still arriving
/// (from its opening `CSI ? 2026 h`) or an opening cut by the read. Fed to
/// an emulator this way, a test never sees half a frame.
pub fn shown_now(bytes: &[u8]) -> usize {
    const BEGIN: &[u8] = b"\x1b[?2026h";
    const END: &[u8] = b"\x1b[?2026l";
    if let Some(at) = bytes.windows(BEGIN.len()).rposition(|w| w == BEGIN)
        && !bytes[at..].windows(END.len()).any(|w| w == END)
    {
        return at;
    }
    let cut = (1..BEGIN.len()).rev().find(|&k| bytes.ends_with(&BEGIN[..k])).unwrap_or(0);
    bytes.len() - cut
}
