//! What the program writes into files is private and inert: a handout made
//! under umask 000 is 0600 in a directory made 0700; hostile text in source
//! URLs, step titles and names leaves no control character in handout
//! Markdown, SVG or graph output; `serve --record` refuses a directory
//! others can write. (Recordings: `tests/e2e/files.rs`.)

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{data_file, run};

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Every character of `text` a terminal, a Markdown viewer or an XML
/// reader could act on: controls but the line break, C1, bidi and
/// zero-width characters.
fn live_characters(text: &str) -> Vec<String> {
    text.char_indices()
        .filter(|&(_, c)| c != '\n' && dealscope::text::sanitize::is_unsafe(c))
        .map(|(i, c)| format!("{:?} at {i}: {:?}", c, &text[i.saturating_sub(30)..(i + 10).min(text.len())]))
        .collect()
}

#[test]
fn a_handout_made_under_umask_000_is_private() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("made/here");
    let status = Command::new("sh")
        .args(["-c", r#"umask 000 && exec "$0" tour export cross-licence --out "$1""#, BIN])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!((mode(&tmp.path().join("made")), mode(&out)), (0o700, 0o700), "the directories it made");
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(files.len() > 5, "{files:?}");
    for f in files {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
}

const HOSTILE: &str = concat!(
    "sources:\n",
    "  - id: s\n",
    "    title: \"Report\\e]8;;http://evil.example\\e\\\\click\\e]8;;\\e\\\\\"\n",
    "    url: \"https://example.com/\\e]8;;http://evil.example\\aX\\e]8;;\\a\\x9b2J\\u202Eok\"\n",
    "firms:\n",
    "  - {id: f, name: \"Firm\\e[2J\\x9b31m\\u202Eyes\", sources: [s]}\n",
    "  - {id: g, name: \"Other\\a\\u200B Corp\", sources: [s]}\n",
    "agreements:\n",
    "  - {id: d, title: \"Deal\\e]0;owned\\a\", kind: licence, parties: [f, g], sources: [s]}\n",
    "tours:\n",
    "  - id: t\n",
    "    title: \"Tour\\e[31m\\r\\b\"\n",
    "    steps:\n",
    "      - {title: \"Step\\e]52;c;cm0gLXJm\\a\\x9b2J\\u202E\", entity: f, caption: \"Cap\\e[5m\", sources: [s]}\n",
    "      - {title: \"Two\\x7f\\x85\", entity: d, sources: [s]}\n",
);

#[test]
fn hostile_urls_and_titles_leave_no_control_character_in_a_handout_or_a_graph() {
    let (_dir, path) = data_file(HOSTILE);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("handout");
    let (code, _, err) = run(&["--data", &path, "tour", "export", "t", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(out.join("handout.md")).unwrap();
    let url = "(<https://example.com/␛]8;;http://evil.example␇X␛]8;;␇%3CU+009B%3E2J%3CU+202E%3Eok>)";
    assert!(md.contains(url), "the URL, inert: {md}");
    assert!(md.contains("Step␛\\]52;c;cm0gLXJm␇&lt;U+009B&gt;2J&lt;U+202E&gt;"), "the step title, inert: {md}");
    let mut written = vec![("handout.md".to_string(), md)];
    for step in ["step-01.svg", "step-02.svg"] {
        written.push((step.into(), std::fs::read_to_string(out.join(step)).unwrap()));
    }
    assert!(written[1].1.contains("Firm␛[2J"), "the picture shows the name inert");
    for format in ["dot", "mermaid"] {
        for id in ["f", "d"] {
            let (code, text, err) = run(&["--data", &path, "graph", id, "--format", format]);
            assert_eq!(code, 0, "{err}");
            assert!(text.contains("Firm␛[2J"), "{format}: {text}");
            written.push((format!("graph {id} --format {format}"), text));
        }
    }
    for (what, text) in written {
        let live = live_characters(&text);
        assert!(live.is_empty(), "{what}: {}", live.join("\n"));
    }
}

#[test]
fn serve_refuses_to_record_into_a_directory_others_can_write() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--open", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(tmp.path().join("hk"))
        .arg("--record")
        .arg(&shared)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("serve --record into a shared directory did not stop");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("--record: {} is writable by others (mode 0777)", shared.display()))
            && err.contains("chmod go-w"),
        "{err}"
    );
    assert!(!err.contains("serving the explorer"), "{err}");
}
