//! Free text about a confidential firm and value (`tests/fixtures/redact-freetext`)
//! on the surfaces a room watches: the explorer under `--redact`, a local
//! recording, and over SSH a follower without clearance of a cleared
//! presenter running the tour, and the server's recording of it. Each
//! screen, every byte a follower receives and each `.cast` (its marker
//! labels too) hold none of it.
#![cfg(unix)]

use std::thread;
use std::time::{Duration, Instant};

use crate::pty::{Session, app_command, replay};
use crate::ssh::{connect, connect_with, recordings, start_with};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/redact-freetext/data.yaml");

/// What the fixture's free text says that a room must not see, lowercase.
const SECRETS: [&str; 5] = ["qorvath", "qvh", "科瓦", "77123", "77,123"];

fn clean(what: &str, text: &str) {
    let low = text.to_lowercase();
    for s in SECRETS {
        assert!(!low.contains(s), "{what} holds `{s}`:\n{text}");
    }
}

const NEXT: &str = "\x1b[6~";

#[test]
fn the_explorer_redacted_and_a_recording_show_none_of_it() {
    // Redacted: every step of the tour, and the card of the source it cites.
    let mut s = Session::spawn(app_command(&["--data", DATA, "--redact", "--tour", "drill", "--captions"]), 24, 100);
    s.wait_for("step 1/2");
    s.wait_for("Acme pays [redacted] to [redacted]");
    let mut screens = vec![s.contents()];
    s.send(NEXT);
    s.wait_for("step 2/2: Acme signs with [redacted]");
    s.wait_for("Acme and [redacted] sign the licence");
    screens.push(s.contents());
    s.send("7");
    s.wait_for("[redacted] quietly licenses");
    screens.push(s.contents());
    // Quitting a running tour takes a second q.
    s.send("q");
    s.wait_for("q again quits");
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
    for screen in &screens {
        clean("the redacted explorer's screen", screen);
    }
    clean("every byte the redacted explorer wrote", &s.transcript());

    // Not redacted, recording: the screen has it all, the recording none.
    let dir = tempfile::tempdir().unwrap();
    let cast = dir.path().join("drill.cast");
    let args = ["--data", DATA, "--record", cast.to_str().unwrap(), "--tour", "drill", "--captions"];
    let mut s = Session::spawn(app_command(&args), 24, 100);
    s.wait_for("Acme pays $77,123mn to QVH");
    s.send(NEXT);
    s.wait_for("step 2/2: Acme signs with QVH");
    // Quitting a running tour takes a second q.
    s.send("q");
    s.wait_for("q again quits");
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
    let text = std::fs::read_to_string(&cast).expect("the recording was written");
    clean("the recording", &text);
    let (_, screen, markers) = replay(&text);
    assert_eq!(markers, ["drill 1/2: Who licenses", "drill 2/2: Acme signs with [redacted]"]);
    assert!(screen.contains("Acme and [redacted] sign the licence"), "{screen}");
}

#[test]
fn a_follower_and_the_server_recording_see_none_of_it() {
    let args = ["--present", "--tour", "drill", "--data", DATA, "--cleared-keys", "{dir}/id.pub", "--record", "{dir}"];
    let server = start_with(&args, &[], |dir| {
        // The viewer's key may log in, but is not cleared.
        let mut keys = std::fs::read_to_string(dir.join("authorized_keys")).unwrap();
        keys.push_str(&std::fs::read_to_string(dir.join("stranger.pub")).unwrap());
        std::fs::write(dir.join("authorized_keys"), keys).unwrap();
    });
    let mut presenter = connect(&server, 24, 100, true);
    presenter.wait_for("step 1/2");
    presenter.wait_for("Qorvath");
    let follower = connect_with(&server, 24, 100, true, "root", "stranger");
    follower.wait_for("following");
    follower.wait_for("Acme licenses from [redacted] ([redacted])");
    follower.wait_for("Acme pays [redacted] to [redacted]");
    presenter.send(NEXT);
    presenter.wait_for("step 2/2: Acme signs with QVH");
    follower.wait_for("Acme and [redacted] sign the licence");
    follower.wait_for("Signed on the first of March");
    presenter.send("7");
    presenter.wait_for("Qorvath quietly licenses");
    follower.wait_for("[redacted] quietly licenses");
    // Esc alone, then q: sent together they would read as Alt-q.
    presenter.send("\x1b");
    thread::sleep(Duration::from_millis(300));
    presenter.send("q");
    presenter.wait_for("q again quits");
    presenter.send("q");
    clean("what the follower received", &String::from_utf8_lossy(&follower.raw.lock().unwrap()));
    // A recording takes its `.cast` name only once it is complete.
    let t0 = Instant::now();
    while recordings(server.dir.path()).is_empty() && t0.elapsed() < Duration::from_secs(20) {
        thread::sleep(Duration::from_millis(100));
    }
    let all = recordings(server.dir.path());
    assert_eq!(all.len(), 1, "one recording of the presenter");
    clean("the server's recording", &all[0]);
    assert!(all[0].contains("drill 2/2: Acme signs with [redacted]"), "its marker is masked");
}
