//! A recording is private and inert: made under umask 000 it is 0600, and a
//! tour whose step titles carry escape sequences and controls leaves none
//! in it, marker labels included (a child of `pty.rs`, whose session and
//! replay helpers it uses). Handouts and graphs: `tests/cli/files.rs`.

use std::os::unix::fs::PermissionsExt as _;

use super::{Session, replay, sh_command};
use crate::escapes;

const HOSTILE_TOUR: &str = concat!(
    "sources:\n",
    "  - {id: s, title: Report, url: \"https://example.com/\\e]8;;http://evil.example\\a\"}\n",
    "firms:\n",
    "  - {id: f, name: \"Firm\\e[2J\\u202Eyes\", sources: [s]}\n",
    "  - {id: g, name: Other, sources: [s]}\n",
    "tours:\n",
    "  - id: t\n",
    "    title: \"Tour\\e[31m\"\n",
    "    steps:\n",
    "      - {title: \"Step\\e]52;c;cm0gLXJm\\a\\x9b2J\\u202E\", entity: f, caption: \"Cap\\e[5m\\r\", sources: [s]}\n",
    "      - {title: \"Two\\x7f\\b\\e]0;owned\\a\", entity: g, sources: [s]}\n",
);

#[test]
fn a_recording_made_under_umask_000_is_private_and_holds_no_control_character() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = dir.path().join("data.yaml");
    std::fs::write(&data, HOSTILE_TOUR).unwrap();
    let cast = dir.path().join("hostile.cast");
    let script = format!(
        r#"umask 000 && exec "$0" --data '{}' --record '{}' --tour t --captions"#,
        data.display(),
        cast.display()
    );
    let mut s = Session::spawn(sh_command(&script), 24, 80);
    s.wait_for("step 1/2");
    s.send(" ");
    s.wait_for("step 2/2");
    // Quitting a running tour takes a second q.
    s.send("q");
    s.wait_for("q again quits");
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
    let mode = std::fs::metadata(&cast).expect("the recording").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600, "whatever the umask");
    let text = std::fs::read_to_string(&cast).unwrap();
    assert!(!text.bytes().any(|b| b < 0x20 && b != b'\n' || b == 0x7f), "no raw control byte in the file");
    let (_, screen, markers) = replay(&text);
    assert_eq!(markers.len(), 2, "{markers:?}");
    assert!(markers[0].starts_with("t 1/2: Step␛]52;c;cm0gLXJm␇<U+009B>2J<U+202E>"), "{markers:?}");
    for m in &markers {
        assert!(!m.chars().any(dealscope::text::sanitize::is_unsafe), "a live marker label: {m:?}");
    }
    assert!(screen.contains("Two␡␈␛]0;owned␇"), "the step title, inert on the replayed screen:\n{screen}");
    // What a player writes to its terminal: only the renderer's own sequences.
    let mut output = Vec::new();
    for line in text.lines().skip(1) {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        if e[1] == "o" {
            output.extend_from_slice(e[2].as_str().unwrap().as_bytes());
        }
    }
    let problems = escapes::foreign_sequences(&output, true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
