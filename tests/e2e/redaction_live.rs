//! Redaction while presenting, end to end with the system's `ssh` client:
//! a cleared presenter and a follower without clearance, on a copy of the
//! demo data whose cross-licence has its value and statements marked
//! confidential. The presenter's filters decide which rows the follower
//! sees (the same count, the same selected row), its typed text is masked
//! on the follower's filter box and caption, and nothing confidential
//! reaches the follower's screen or bytes: for a typed filter word found
//! in the statements, and at every step of the demo tour. And names on the
//! projector: join notices name a key by its login or its
//! `dealscope-name=`, never by the host in its comment; the speaker view
//! has the whole comment. A local recording without clearance shows the
//! rows of a filter it has masked, as a follower does.
#![cfg(unix)]

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use crate::pty::{Session, app_command, replay};
use crate::ssh::{Client, Server, TIMEOUT, connect, connect_as, connect_with, start_with};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

/// What the marked statements say that no follower may read (lowercase).
const SECRETS: [&str; 4] = ["recognition of huawei", "intellectual property", "will help us", "respect each other"];

/// The filter word the presenter types: in the statements, and in no text
/// of a firm or an agreement, yet it matches deals (fuzzily) by their titles.
const TYPED: &str = "will";

const NEXT: &str = "\x1b[6~";

/// Copies data/ into `dir/data` with the cross-licence's value and
/// statements confidential, and lets the `stranger` key log in (not cleared).
fn marked(dir: &Path) {
    copy_marked(dir);
    let mut keys = std::fs::read_to_string(dir.join("authorized_keys")).unwrap();
    keys.push_str(&std::fs::read_to_string(dir.join("stranger.pub")).unwrap());
    std::fs::write(dir.join("authorized_keys"), keys).unwrap();
}

/// Copies data/ into `dir/data` with the cross-licence's value and
/// statements confidential.
fn copy_marked(dir: &Path) {
    let to = dir.join("data");
    std::fs::create_dir(&to).unwrap();
    for entry in std::fs::read_dir(DATA).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    let deals = std::fs::read_to_string(to.join("agreements.yaml")).unwrap();
    let first = "  - id: huawei-xiaomi-cross-license\n";
    assert!(deals.contains(first), "the cross-licence comes first");
    let marked = deals.replacen(
        "    value: undisclosed\n",
        "    value: undisclosed\n    confidential: [value, statements]\n",
        1,
    );
    assert_ne!(marked, deals);
    std::fs::write(to.join("agreements.yaml"), marked).unwrap();
}

/// A server of the marked data where the `id` key presents, cleared.
fn serve(extra: &[&str]) -> Server {
    let mut args = vec!["--present", "--cleared-keys", "{dir}/id.pub", "--data", "{dir}/data"];
    args.extend_from_slice(extra);
    start_with(&args, &[], marked)
}

/// Waits until `cond` holds of the client's screen.
fn wait_until(c: &Client, what: &str, cond: impl Fn(&str) -> bool) {
    let start = Instant::now();
    while !cond(&c.text()) {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; screen:\n{}", c.text());
        thread::sleep(Duration::from_millis(20));
    }
}

/// The list pane's title count (`Agreements 7/13`), if a list is shown.
fn count(screen: &str) -> Option<String> {
    let kinds = ["Firms", "People", "Chipsets", "Products", "Agreements", "Events", "Sources"];
    screen.lines().find_map(|line| {
        let title = line.strip_prefix("╭ ")?;
        let k = kinds.iter().find(|k| title.starts_with(&format!("{k} ")))?;
        let n: String = title[k.len() + 1..].chars().take_while(|c| c.is_ascii_digit() || *c == '/').collect();
        (!n.is_empty()).then(|| format!("{k} {n}"))
    })
}

/// The selected row of the list: the text after its pointer.
fn selected(screen: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let (_, rest) = line.split_once("│▶ ")?;
        Some(rest.split('│').next().unwrap_or_default().trim().to_string())
    })
}

/// Neither the statements nor (when given) the typed word, in any case.
#[track_caller]
fn clean(what: &str, text: &str, typed: Option<&str>) {
    let low = text.to_lowercase();
    for s in SECRETS.iter().chain(typed.as_slice()) {
        assert!(!low.contains(s), "{what} holds `{s}`:\n{text}");
    }
}

/// The follower shows the presenter's list: the same count and selected row.
#[track_caller]
fn same_rows(presenter: &Client, follower: &Client, what: &str) {
    let want = (count(&presenter.text()), selected(&presenter.text()));
    assert!(want.0.is_some(), "{what}: the presenter shows a list:\n{}", presenter.text());
    wait_until(follower, &format!("{what}: {want:?}"), |s| (count(s), selected(s)) == want);
}

#[test]
fn a_filter_word_from_confidential_text_shows_the_presenters_rows_and_not_the_word() {
    let server = serve(&[]);
    // Tall enough to show the deal's statements on its card.
    let mut presenter = connect(&server, 60, 100, true);
    presenter.wait_for("presenting");
    let follower = connect_with(&server, 24, 100, true, "root", "stranger");
    follower.wait_for("following");
    presenter.send("5");
    presenter.wait_for("Agreements 13");
    presenter.send(&format!("/{TYPED}"));
    presenter.wait_for(&format!("/{TYPED}"));
    presenter.send("\r");
    // The word matches deals by their titles: more than none, fewer than all.
    wait_until(&presenter, "the filter's count", |s| {
        count(s).is_some_and(|c| c != "Agreements 0/13" && c != "Agreements 13/13" && c.contains('/'))
    });
    // The caption quotes the filter, masked (the next move says `on …`).
    follower.wait_for("filtered Agreements: [redacted]");
    same_rows(&presenter, &follower, "the typed filter");
    let first = selected(&presenter.text());
    presenter.send("jj");
    wait_until(&presenter, "the third row", |s| selected(s).is_some() && selected(s) != first);
    same_rows(&presenter, &follower, "the third row");
    follower.wait_for("/[redacted]");
    assert!(!follower.text().contains("nothing selected"), "{}", follower.text());
    clean("the follower's screen", &follower.text(), Some(TYPED));
    clean("the follower's bytes", &String::from_utf8_lossy(&follower.raw.lock().unwrap()), Some(TYPED));
    // The presenter sees the word and the statements of the deal it opens.
    presenter.send("/\x15xiaomi\r");
    wait_until(&presenter, "the cross-licence", |s| selected(s).is_some_and(|r| r.contains("Huawei-Xiaomi")));
    presenter.wait_for("recognition");
    same_rows(&presenter, &follower, "the cross-licence");
    clean("the follower's bytes", &String::from_utf8_lossy(&follower.raw.lock().unwrap()), Some(TYPED));
}

#[test]
fn a_recording_without_clearance_shows_the_rows_of_a_masked_filter() {
    let dir = tempfile::tempdir().unwrap();
    copy_marked(dir.path());
    let (data, cast) = (dir.path().join("data"), dir.path().join("typed.cast"));
    let args = ["--data", data.to_str().unwrap(), "--record", cast.to_str().unwrap()];
    let mut s = Session::spawn(app_command(&args), 24, 100);
    s.wait_for("Firms 19");
    s.send("5");
    s.wait_for("Agreements 13");
    s.send(&format!("/{TYPED}\r"));
    s.wait_for(&format!("/{TYPED}"));
    let want = count(&s.contents());
    assert!(want.as_ref().is_some_and(|c| c.contains('/')), "{}", s.contents());
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
    let text = std::fs::read_to_string(&cast).expect("the recording was written");
    clean("the recording", &text, Some(TYPED));
    let (_, screen, _) = replay(&text);
    assert_eq!(count(&screen), want, "the recording's last screen:\n{screen}");
    assert!(screen.contains("/[redacted]") && !screen.contains("nothing selected"), "{screen}");
}

#[test]
fn every_step_of_the_demo_tour_shows_the_follower_the_presenters_place_masked() {
    let server = serve(&["--tour", "cross-licence"]);
    let mut presenter = connect(&server, 24, 100, true);
    presenter.wait_for("step 1/9");
    let follower = connect_with(&server, 24, 100, true, "root", "stranger");
    follower.wait_for("following");
    for step in 1..=9 {
        if step > 1 {
            presenter.send(NEXT);
        }
        presenter.wait_for(&format!("step {step}/9"));
        let screen = presenter.text();
        if count(&screen).is_some() {
            same_rows(&presenter, &follower, &format!("step {step}"));
        } else {
            wait_until(&follower, &format!("step {step}: the timeline"), |s| count(s).is_none());
        }
        clean(&format!("the follower's screen at step {step}"), &follower.text(), None);
    }
    // The last step filters the deals for `huawei`, a word of the
    // statements: the follower has the presenter's 11 of 13, the word masked.
    assert_eq!(count(&presenter.text()).as_deref(), Some("Agreements 11/13"), "{}", presenter.text());
    presenter.wait_for("/huawei");
    follower.wait_for("/[redacted]");
    let screen = follower.text();
    assert!(!screen.contains("/huawei") && !screen.contains("no match"), "{screen}");
    assert!(!screen.contains("nothing selected"), "{screen}");
    clean("the follower's bytes", &String::from_utf8_lossy(&follower.raw.lock().unwrap()), None);
}

#[test]
fn join_notices_name_a_key_by_its_login_or_its_given_name_the_speaker_view_in_full() {
    let server = start_with(&["--present", "--presenter-keys", "{dir}/id.pub"], &[], |dir| {
        let keygen = |name: &str, comment: &str| {
            let ok = std::process::Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
                .arg(dir.join(name))
                .status()
                .expect("ssh-keygen runs");
            assert!(ok.success());
            std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap()
        };
        let mut keys = std::fs::read_to_string(dir.join("authorized_keys")).unwrap();
        keys.push_str(&keygen("ann", "ann@ann-laptop.corp.example"));
        keys.push_str(&format!("dealscope-name=\"Bo Viewer\" {}", keygen("bo", "bo@bos-desktop.example")));
        std::fs::write(dir.join("authorized_keys"), keys).unwrap();
    });
    let presenter = connect(&server, 24, 100, true);
    presenter.wait_for("presenting");
    let ann = connect_with(&server, 24, 100, true, "root", "ann");
    ann.wait_for("following");
    presenter.wait_for("joined: ann");
    let bo = connect_with(&server, 24, 100, true, "root", "bo");
    bo.wait_for("following");
    presenter.wait_for("joined: Bo Viewer");
    let speaker = connect_as(&server, 30, 120, true, "notes");
    speaker.wait_for("ann@ann-laptop.corp.example");
    speaker.wait_for("bo@bos-desktop.example");
    drop(ann);
    presenter.wait_for("left: ann");
    for (who, c) in [("the presenter", &presenter), ("a follower", &bo)] {
        let bytes = String::from_utf8_lossy(&c.raw.lock().unwrap()).into_owned();
        for host in ["ann-laptop", "bos-desktop"] {
            assert!(!bytes.contains(host), "{who}'s terminal was sent `{host}`:\n{}", c.text());
        }
    }
    server.logged("ann@ann-laptop.corp.example");
}
