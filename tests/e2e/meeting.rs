//! A presentation that survives the accidents of a real meeting, end to
//! end with the system's `ssh` client in pseudo-terminals (the helpers of
//! `ssh.rs`): a presenter whose client is killed comes back at its step
//! with nobody moved; `q` asks first; the speaker view drives; a jump from
//! the step list lands everyone on the step; a server stopped by a signal,
//! and a session closed for idling, leave every client's terminal as the
//! viewer's own `q` does (read from the emulated terminal's modes); long
//! captions wrap; recordings carry the captions.
#![cfg(unix)]

use std::time::{Duration, Instant};

use crate::ssh::{BIN, Client, Server, TIMEOUT, connect, connect_as, connect_with, recordings, start_with};

/// The bytes that restore a client's terminal, whoever ends the session.
const RESTORE: &str = "\x1b[?2026l\x1b[?2004l\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

/// A presented demo of the tour: the key `id` presents, `stranger` may
/// only watch.
fn meeting(extra: &[&str]) -> Server {
    let mut args = vec!["--present", "--tour", "cross-licence", "--presenter-keys", "{dir}/id.pub"];
    args.extend_from_slice(extra);
    start_with(&args, &[], |dir| {
        let mut keys = std::fs::read_to_string(dir.join("authorized_keys")).unwrap();
        keys.push_str(&std::fs::read_to_string(dir.join("stranger.pub")).unwrap());
        std::fs::write(dir.join("authorized_keys"), keys).unwrap();
    })
}

fn viewer(server: &Server, rows: u16, cols: u16) -> Client {
    connect_with(server, rows, cols, true, "root", "stranger")
}

/// Waits until `cond` holds of the client's screen's text.
fn wait_until(c: &Client, what: &str, cond: impl Fn(&str) -> bool) {
    let start = Instant::now();
    while !cond(&c.text()) {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; screen:\n{}", c.text());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The screen without its last (status) row: what a follower shows.
fn body(c: &Client) -> String {
    let p = c.screen.lock().unwrap();
    let rows: Vec<String> = p.screen().rows(0, p.screen().size().1.get()).collect();
    rows[..rows.len() - 1].join("\n")
}

/// The speaker view's seconds in all: the first clock of the part that
/// ends ` in all` (`… · 00:12 of 15:00 in all`); 0 while it shows none.
fn seconds_in_all(text: &str) -> u64 {
    let Some(before) = text.split(" in all").next().filter(|b| b.len() < text.len()) else { return 0 };
    let part = before.rsplit('·').next().unwrap_or_default();
    let clock = part.split_whitespace().next().unwrap_or_default();
    match clock.split_once(':').map(|(m, s)| (m.parse::<u64>(), s.parse::<u64>())) {
        Some((Ok(m), Ok(s))) => m * 60 + s,
        _ => panic!("no clock before `in all` in {part:?}"),
    }
}

/// Waits for the client's `ssh` to exit; its exit status.
fn exit_code(c: &mut Client) -> u32 {
    let start = Instant::now();
    loop {
        if let Some(status) = c.child.try_wait().unwrap() {
            return status.exit_code();
        }
        assert!(start.elapsed() < TIMEOUT, "ssh did not exit; screen:\n{}", c.text());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The client's terminal is as the session found it: main screen, cursor
/// shown, mouse and bracketed paste off, attributes reset; and the restore
/// bytes were the last thing before any notice.
#[track_caller]
fn restored(c: &Client, who: &str) {
    let p = c.screen.lock().unwrap();
    let s = p.screen();
    assert!(!s.alternate_screen(), "{who}: still on the alternate screen");
    assert!(!s.hide_cursor(), "{who}: the cursor is hidden");
    assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "{who}: mouse reporting is on");
    assert!(!s.bracketed_paste(), "{who}: bracketed paste is on");
    assert_eq!(
        (s.fgcolor(), s.bgcolor(), s.bold(), s.inverse()),
        (vt100::Color::Default, vt100::Color::Default, false, false)
    );
    let raw = String::from_utf8_lossy(&c.raw.lock().unwrap()).into_owned();
    let last = raw.rfind(RESTORE).unwrap_or_else(|| panic!("{who}: no restore sequence"));
    assert!(!raw[last + RESTORE.len()..].contains('\x1b'), "{who}: escape codes after the restore");
}

const STEP_7: &str = "13 September 2023: a global patent cross-licence, 5G included; terms not disclosed";

#[test]
fn a_presenter_whose_client_is_killed_comes_back_at_its_step_and_nobody_moves() {
    let server = meeting(&["--step", "7"]);
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 7/9: The cross-licence");
    let follower = viewer(&server, 45, 160);
    follower.wait_for("following · 1 viewer");
    follower.wait_for(STEP_7);
    let small = viewer(&server, 24, 80);
    small.wait_for("13 September 2023: a global patent cross-licence");
    let speaker = connect_as(&server, 30, 100, true, "notes");
    speaker.wait_for("step 7/9");
    wait_until(&speaker, "two seconds in all", |text| seconds_in_all(text) >= 2);
    let (big_before, small_before) = (body(&follower), body(&small));
    let clock_before = seconds_in_all(&speaker.text());
    // The presenter's client dies (a dropped link, a closed lid).
    presenter.child.kill().unwrap();
    follower.wait_for("the presenter dropped: the presentation waits 10 min");
    small.wait_for("the presenter dropped");
    speaker.wait_for("the presenting session dropped");
    assert_eq!(body(&follower), big_before, "the follower stays on step 7 while the presenter is away");
    // It reconnects with its key: the same step and place; nobody moved.
    let again = connect(&server, 24, 80, true);
    again.wait_for("step 7/9: The cross-licence");
    again.wait_for("presenting");
    follower.wait_for("the presenter reconnected");
    assert!(!follower.text().contains("dropped") && !follower.text().contains("away"), "{}", follower.text());
    assert_eq!(body(&follower), big_before, "the follower never left step 7");
    assert_eq!(body(&small), small_before, "nor did the small one");
    // The speaker view's clocks went on.
    wait_until(&speaker, "the presenter back on the speaker view", |text| !text.contains("dropped"));
    assert!(seconds_in_all(&speaker.text()) >= clock_before, "the tour's clock was not reset");
    assert!(speaker.text().contains("step 7/9"), "{}", speaker.text());
}

#[test]
fn q_during_a_tour_asks_first_then_ends_the_presentation() {
    let server = meeting(&[]);
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 1/9: Huawei");
    let follower = viewer(&server, 24, 80);
    follower.wait_for("following · 1 viewer");
    presenter.send("q");
    presenter.wait_for("q again quits");
    assert!(presenter.child.try_wait().unwrap().is_none(), "one q does not quit");
    // Any other key stays.
    presenter.send("j");
    wait_until(&presenter, "the question gone", |text| !text.contains("q again quits"));
    presenter.send("q");
    presenter.wait_for("q again quits");
    presenter.send("q");
    assert_eq!(exit_code(&mut presenter), 0);
    restored(&presenter, "the presenter");
    follower.wait_for("the presentation has ended: browse on your own");
}

#[test]
fn the_speaker_view_drives_and_a_jump_lands_everyone_on_the_step() {
    let server = meeting(&[]);
    let presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 1/9: Huawei");
    let follower = viewer(&server, 24, 80);
    follower.wait_for("following · 1 viewer");
    let mut speaker = connect_as(&server, 30, 100, true, "notes");
    speaker.wait_for("Start on Huawei's card.");
    // PgDn on the speaker view (a clicker on the laptop that shows it).
    speaker.send("\x1b[6~");
    presenter.wait_for("step 2/9: Xiaomi");
    follower.wait_for("Xiaomi: founded in Beijing in 2010");
    speaker.wait_for("founded 2010-04-06 in Beijing");
    speaker.send(" ");
    follower.wait_for("17 January 2023: China's patent office");
    speaker.send("\x1b[5~");
    presenter.wait_for("step 2/9: Xiaomi");
    // What the audience reads next, and the time against the tour's 15 minutes.
    speaker.wait_for("then the audience reads: 17 January 2023");
    speaker.wait_for("of 15:00 in all");
    // The speaker view's step list: the last step.
    speaker.send("s");
    speaker.wait_for("Jump to a step");
    speaker.wait_for(" 2. Xiaomi  (now)");
    speaker.send("G\r");
    presenter.wait_for("step 9/9");
    follower.wait_for("Huawei's other licences");
    // The presenter's own step list: step 4, for everyone.
    let mut presenter = presenter;
    presenter.send("s");
    presenter.wait_for("Steps (Enter jumps, Esc closes)");
    presenter.wait_for(" 9. Huawei's other cross-licences  (now)");
    presenter.send("gjjj\r");
    presenter.wait_for("step 4/9: The case becomes public");
    follower.wait_for("March 2023: the case is public");
    speaker.wait_for("step 4/9");
    // Step 4's card, with no filter left from step 9.
    assert!(!follower.text().contains("/huawei"), "{}", follower.text());
}

#[test]
fn a_signal_stops_the_server_and_every_terminal_is_restored() {
    for signal in ["TERM", "INT", "HUP"] {
        let mut server = meeting(&[]);
        let mut presenter = connect(&server, 24, 80, true);
        presenter.wait_for("step 1/9: Huawei");
        let mut follower = viewer(&server, 45, 160);
        follower.wait_for("following · 1 viewer");
        let mut speaker = connect_as(&server, 30, 100, true, "notes");
        speaker.wait_for("Start on Huawei's card.");
        for c in [&presenter, &follower, &speaker] {
            let p = c.screen.lock().unwrap();
            assert!(p.screen().alternate_screen() && p.screen().hide_cursor());
        }
        let pid = server.child.id().to_string();
        let sent = std::process::Command::new("kill").args([&format!("-{signal}"), &pid]).status().unwrap();
        assert!(sent.success());
        for (c, who) in [(&mut presenter, "presenter"), (&mut follower, "follower"), (&mut speaker, "speaker")] {
            c.wait_for("dealscope: the server is stopping");
            assert_eq!(exit_code(c), 1, "{who} after SIG{signal}");
            restored(c, who);
        }
        let status = server.child.wait().unwrap();
        assert!(status.success(), "the server exits 0 after SIG{signal}: {status:?}");
        server.logged(&format!("SIG{signal}: stopping"));
    }
}

#[test]
fn an_idle_session_is_closed_as_cleanly_as_a_quit() {
    let server = meeting(&["--idle-timeout", "2s"]);
    let mut follower = viewer(&server, 24, 80);
    follower.wait_for("Huawei");
    follower.wait_for("dealscope: closed after 2 s without input");
    assert_eq!(exit_code(&mut follower), 1);
    restored(&follower, "the idle follower");
    // The same restore as a viewer's own q.
    let mut quitter = viewer(&server, 24, 80);
    quitter.wait_for("Huawei");
    quitter.send("q");
    assert_eq!(exit_code(&mut quitter), 0);
    restored(&quitter, "a viewer that quit");
}

#[test]
fn a_follower_at_80x24_reads_every_word_of_a_long_caption() {
    let server = meeting(&["--step", "6"]);
    let presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 6/9: The Kirin 9000s");
    let follower = viewer(&server, 24, 80);
    let caption = "August 2023: Mate 60 Pro presales open; a teardown finds its Kirin 9000s made by SMIC on 7 nm";
    follower.wait_for("August 2023: Mate 60 Pro");
    let rows: Vec<String> = (21..23).map(|n| follower.row(n)).collect();
    let words: Vec<&str> = rows.iter().flat_map(|r| r.split_whitespace()).collect();
    for word in caption.split(' ') {
        assert!(words.contains(&word), "{word:?} is not in the caption band: {rows:#?}");
    }
    // The card under it has its title at the top.
    assert!(follower.row(3).contains("Kirin 9000s"), "{}", follower.text());
}

#[test]
fn the_presenters_own_key_takes_a_presentation_over() {
    let server = meeting(&[]);
    let old = connect(&server, 24, 80, true);
    old.wait_for("step 1/9: Huawei");
    let mut follower = viewer(&server, 24, 80);
    follower.wait_for("following · 1 viewer");
    follower.send("q");
    assert_eq!(exit_code(&mut follower), 0);
    // A second session with the presenter's key (the first's link died
    // unnoticed): it presents now, and the first follows it.
    let mut new = connect(&server, 24, 80, true);
    new.wait_for("step 1/9: Huawei");
    new.wait_for("presenting");
    old.wait_for("a newer session with your key presents now");
    new.send("\x1b[6~");
    new.wait_for("step 2/9: Xiaomi");
    old.wait_for("Xiaomi: founded in Beijing in 2010");
}

#[test]
fn the_banner_says_what_is_on_and_the_roster_has_a_row_per_person() {
    let server = meeting(&["--record", "{dir}/casts"]);
    for line in [
        "presenting: a session with one of the 1 key(s) in",
        "speaker view: ssh -p",
        "tour: cross-licence, from step 1",
        "has 10 min to reconnect",
        "recording each presentation into",
        "connect with: ssh -p",
    ] {
        server.logged(line);
    }
    let log = server.log.lock().unwrap().join("\n");
    assert!(!log.contains("the first session to connect presents"), "{log}");
    drop(log);
    let presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 1/9");
    let a = viewer(&server, 24, 80);
    let b = viewer(&server, 30, 100);
    a.wait_for("following · 2 viewers");
    b.wait_for("following · 2 viewers");
    let speaker = connect_as(&server, 30, 100, true, "notes");
    speaker.wait_for("Viewers (1, 2 sessions)");
    speaker.wait_for("×2");
}

#[test]
fn record_dir_is_made_or_refused_before_anything_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--open", "--listen", "127.0.0.1:0", "--record"])
        .arg(&file)
        .arg("--host-key")
        .arg(dir.path().join("hk"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot record there"), "{err}");
    assert!(!err.contains("serving") && !dir.path().join("hk").exists(), "refused before anything else: {err}");
}

/// Every screen a recording shows, one per output event.
fn screens(cast: &str) -> Vec<String> {
    let mut lines = cast.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let nz = |n: u64| std::num::NonZeroU16::new(n as u16).unwrap();
    let mut p = vt100::Parser::new(nz(header["height"].as_u64().unwrap()), nz(header["width"].as_u64().unwrap()), 0);
    let mut out = Vec::new();
    for line in lines {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        if e[1] == "o" {
            p.process(e[2].as_str().unwrap().as_bytes());
            out.push(p.screen().contents());
        }
    }
    out
}

#[test]
fn a_recording_carries_the_captions_and_goes_on_past_a_drop() {
    let server = meeting(&["--record", "{dir}/casts"]);
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 1/9: Huawei");
    let follower = viewer(&server, 24, 80);
    follower.wait_for("Huawei: founded in Shenzhen in 1987");
    presenter.send("\x1b[6~");
    follower.wait_for("Xiaomi: founded in Beijing in 2010");
    // A drop and a return: the same recording goes on.
    presenter.child.kill().unwrap();
    follower.wait_for("the presenter dropped");
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 2/9");
    presenter.send(" ");
    follower.wait_for("17 January 2023: China's patent office");
    presenter.send("q");
    presenter.wait_for("q again quits");
    presenter.send("q");
    assert_eq!(exit_code(&mut presenter), 0);
    let dir = server.dir.path().join("casts");
    let start = Instant::now();
    while recordings(&dir).is_empty() {
        assert!(start.elapsed() < TIMEOUT, "no recording; log:\n{}", server.log.lock().unwrap().join("\n"));
        std::thread::sleep(Duration::from_millis(50));
    }
    let all = recordings(&dir);
    assert_eq!(all.len(), 1, "one recording for the one presentation");
    let shown = screens(&all[0]).join("\n");
    for caption in [
        "Huawei: founded in Shenzhen in 1987; 642.3bn yuan of revenue in 2022",
        "Xiaomi: founded in Beijing in 2010",
        "the presenter dropped",
        "the presenter reconnected",
        "17 January 2023: China's patent office (CNIPA) accepts",
    ] {
        assert!(shown.contains(caption), "the recording never shows {caption:?}");
    }
    let mode = std::fs::metadata(&dir).unwrap();
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o777, 0o700, "made 0700");
    for cast in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        let mode = std::fs::metadata(&cast).unwrap();
        assert_eq!(std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o777, 0o600, "{cast:?} is 0600");
    }
}
