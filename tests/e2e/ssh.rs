//! `dealscope serve` end to end, with the system's own OpenSSH client: each
//! test starts the server on a free loopback port with a temporary host key
//! and authorized_keys, connects `ssh` in a pseudo-terminal and reads the
//! screen with vt100; refusals use `ssh`/`sftp` in batch mode. Abuse that
//! `ssh` cannot be made to commit (resize floods, stalled handshakes, odd
//! user names) is scripted with russh's own client (`common/ssh_client.rs`).
//!
//! Failed logins penalise their source address, so each test that fails a
//! login on purpose does it from an address of its own in 127.0.0.0/8.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

use crate::common::tool;
use crate::escapes;
use crate::ssh_client;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
pub(crate) const TIMEOUT: Duration = Duration::from_secs(30);

/// A running server with its keys in a temporary directory (shared with
/// the `meeting` tests).
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) port: u16,
    pub(crate) dir: tempfile::TempDir,
    /// Every line the server logged.
    pub(crate) log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// Waits for a line holding `who` and `what`; returns the number just before `what`.
    fn logged_number(&self, who: &str, what: &str) -> u64 {
        let start = Instant::now();
        loop {
            let line = self.log.lock().unwrap().iter().find(|l| l.contains(who) && l.contains(what)).cloned();
            if let Some(line) = line {
                let before = line.split(what).next().unwrap_or_default();
                let digits = before.rsplit(|c: char| !c.is_ascii_digit()).next().unwrap_or_default();
                return digits.parse().unwrap_or_else(|_| panic!("no number before {what:?} in {line}"));
            }
            assert!(start.elapsed() < TIMEOUT, "no log line with {who:?} and {what:?}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until a logged line contains `what`; returns it.
    pub(crate) fn logged(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = self.log.lock().unwrap().iter().find(|l| l.contains(what)) {
                return line.clone();
            }
            assert!(start.elapsed() < TIMEOUT, "no log line with {what:?}:\n{}", self.log.lock().unwrap().join("\n"));
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &std::path::Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .expect("ssh-keygen runs (openssh-client)");
    assert!(ok.success());
}

pub(crate) fn start(extra: &[&str]) -> Server {
    start_with(extra, &[], |_| {})
}

/// Starts a server after `prepare` had its say on the temporary directory
/// (which holds the keys `id` and `stranger`, and `authorized_keys` with `id`).
pub(crate) fn start_with(extra: &[&str], env: &[(&str, &str)], prepare: impl FnOnce(&std::path::Path)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    keygen(&dir.path().join("id"));
    keygen(&dir.path().join("stranger"));
    std::fs::copy(dir.path().join("id.pub"), dir.path().join("authorized_keys")).unwrap();
    prepare(dir.path());
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(dir.path().join("host_key"))
        .arg("--authorized-keys")
        .arg(dir.path().join("authorized_keys"))
        // `{dir}` in an argument stands for the temporary directory.
        .args(extra.iter().map(|a| a.replace("{dir}", &dir.path().display().to_string())))
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut port = 0;
    let log = Arc::new(Mutex::new(Vec::new()));
    for line in lines.by_ref() {
        let line = line.unwrap();
        log.lock().unwrap().push(line.clone());
        if let Some(addr) = line.strip_prefix("dealscope: serving the explorer on ") {
            port = addr.rsplit(':').next().unwrap().parse().unwrap();
            break;
        }
    }
    assert!(port > 0, "the server announced its port");
    // Keep draining the log so the server never blocks on a full pipe.
    let kept = Arc::clone(&log);
    thread::spawn(move || lines.map_while(Result::ok).for_each(|l| kept.lock().unwrap().push(l)));
    let mode = std::fs::metadata(dir.path().join("host_key")).unwrap();
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o777, 0o600, "host key is 0600");
    Server { child, port, dir, log }
}

pub(crate) fn ssh_args(server: &Server, key: &str) -> Vec<String> {
    ssh_args_from(server, key, "127.0.0.1")
}

/// `ssh` arguments for logging in with `key` from the loopback address `source`.
pub(crate) fn ssh_args_from(server: &Server, key: &str, source: &str) -> Vec<String> {
    let key = server.dir.path().join(key);
    vec![
        "-b".into(),
        source.into(),
        "-p".into(),
        server.port.to_string(),
        "-i".into(),
        key.display().to_string(),
        "-o".into(),
        "IdentitiesOnly=yes".into(),
        "-o".into(),
        "StrictHostKeyChecking=no".into(),
        "-o".into(),
        "UserKnownHostsFile=/dev/null".into(),
        "-o".into(),
        "LogLevel=ERROR".into(),
    ]
}

/// An interactive `ssh` client in a pty, with an emulated screen.
pub(crate) struct Client {
    pub(crate) master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub(crate) child: Box<dyn portable_pty::Child + Send + Sync>,
    pub(crate) screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the client's terminal received.
    pub(crate) raw: Arc<Mutex<Vec<u8>>>,
    /// Every screen the client's terminal showed (after each read), for
    /// what was drawn a cell at a time: the raw bytes need not hold a word
    /// whole when only some of its cells changed.
    screens: Arc<Mutex<Vec<String>>>,
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub(crate) fn connect(server: &Server, rows: u16, cols: u16, read: bool) -> Client {
    connect_as(server, rows, cols, read, "root")
}

/// An interactive `ssh` as `user` (`notes` asks for the speaker view).
pub(crate) fn connect_as(server: &Server, rows: u16, cols: u16, read: bool, user: &str) -> Client {
    connect_with(server, rows, cols, read, user, "id")
}

/// An interactive `ssh` as `user`, logged in with the key file `key`.
pub(crate) fn connect_with(server: &Server, rows: u16, cols: u16, read: bool, user: &str, key: &str) -> Client {
    let pair = native_pty_system().openpty(PtySize { rows, cols, ..PtySize::default() }).unwrap();
    let mut cmd = CommandBuilder::new("ssh");
    cmd.args(ssh_args(server, key));
    cmd.args(["-tt", "-l", user, "127.0.0.1"]);
    cmd.env("TERM", "xterm-256color");
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(rows).unwrap(),
        std::num::NonZeroU16::new(cols).unwrap(),
        0,
    )));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let writer = pair.master.take_writer().unwrap();
    let raw = Arc::new(Mutex::new(Vec::new()));
    let screens = Arc::new(Mutex::new(Vec::<String>::new()));
    if read {
        let (s, r, all) = (Arc::clone(&screen), Arc::clone(&raw), Arc::clone(&screens));
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Whole frames only, as a terminal that honours synchronized output shows them.
            let mut unshown = Vec::new();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                unshown.extend_from_slice(&buf[..n]);
                let shown = crate::common::shown_now(&unshown);
                let mut parser = s.lock().unwrap();
                parser.process(&unshown[..shown]);
                unshown.drain(..shown);
                let now = parser.screen().contents();
                let mut all = all.lock().unwrap();
                if all.last() != Some(&now) {
                    all.push(now);
                }
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
            s.lock().unwrap().process(&unshown);
        });
    }
    Client { master: pair.master, writer, child, screen, raw, screens }
}

impl Client {
    pub(crate) fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub(crate) fn wait_for(&self, what: &str) {
        self.wait_until(&format!("{what:?}"), |text| text.contains(what));
    }

    /// Waits until the screen's text satisfies `done`.
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !done(&self.text()) {
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; screen:\n{}", self.text());
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Frames drawn so far: each ends with the end of a synchronized update.
    fn frames(&self) -> usize {
        self.raw.lock().unwrap().windows(ssh_client::FRAME_END.len()).filter(|w| *w == ssh_client::FRAME_END).count()
    }

    /// Types `keys` and waits for a frame drawn after them that shows `text`.
    fn type_until(&mut self, keys: &str, text: &str) {
        let before = self.frames();
        self.send(keys);
        let start = Instant::now();
        while self.frames() <= before || !self.text().contains(text) {
            assert!(start.elapsed() < TIMEOUT, "no frame with {text:?} after {keys:?}; screen:\n{}", self.text());
            thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn row(&self, n: u16) -> String {
        let p = self.screen.lock().unwrap();
        p.screen().rows(0, p.screen().size().1.get()).nth(usize::from(n)).unwrap_or_default()
    }

    pub(crate) fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub(crate) fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(start.elapsed() < TIMEOUT, "ssh did not exit; screen:\n{}", self.text());
            thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn explorer_arrives_keys_work_resize_redraws_quit_ends_one_session() {
    let server = start(&[]);
    let mut a = connect(&server, 24, 80, true);
    let mut b = connect(&server, 30, 100, true);
    a.wait_for("Huawei 华为");
    b.wait_for("Huawei 华为");
    assert!(a.screen.lock().unwrap().screen().alternate_screen());
    a.send("j");
    a.wait_for("firm · xiaomi");
    a.send("3/kirin");
    a.wait_for("Chipsets 6/11");
    a.master.resize(PtySize { rows: 40, cols: 120, ..PtySize::default() }).unwrap();
    a.screen
        .lock()
        .unwrap()
        .screen_mut()
        .set_size(std::num::NonZeroU16::new(40).unwrap(), std::num::NonZeroU16::new(120).unwrap());
    let start = Instant::now();
    while !a.row(39).contains("/6") {
        assert!(start.elapsed() < TIMEOUT, "no redraw at 120x40:\n{}", a.text());
        thread::sleep(Duration::from_millis(20));
    }
    // Esc alone, drawn, then q: sent together they would read as Alt-q.
    a.type_until("\x1b", "╭ Chipsets 11 ");
    a.send("q");
    assert!(a.wait_exit(), "ssh exits 0 after q");
    let start = Instant::now();
    while a.screen.lock().unwrap().screen().alternate_screen() {
        assert!(start.elapsed() < TIMEOUT, "the client did not leave the alternate screen:\n{}", a.text());
        thread::sleep(Duration::from_millis(20));
    }
    // The other session is untouched.
    b.send("5");
    b.wait_for("Agreements 13");
}

#[test]
fn refuses_strangers_passwords_commands_sftp_and_forwarding() {
    // min:0: one refused login is enforced at once (the defaults forgive a few).
    let server = start(&["--per-source-penalties", "min:0"]);
    let run = |args: Vec<String>| {
        let out = Command::new("ssh").args(args).stdin(Stdio::null()).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let mut stranger = ssh_args_from(&server, "stranger", "127.0.0.2");
    stranger.extend(["-o".into(), "BatchMode=yes".into(), "127.0.0.1".into(), "true".into()]);
    let (code, err) = run(stranger.clone());
    assert_eq!(code, Some(255));
    assert!(err.contains("Permission denied"), "{err}");
    // That failure penalises its address: the next try is turned away with a reason.
    let (code, err) = run(stranger);
    assert_eq!(code, Some(255));
    assert!(err.contains("too many failed or abandoned logins from your address"), "{err}");

    let mut password = ssh_args_from(&server, "stranger", "127.0.0.3");
    password.extend([
        "-o".into(),
        "PreferredAuthentications=password,keyboard-interactive".into(),
        "-o".into(),
        "BatchMode=yes".into(),
        "127.0.0.1".into(),
    ]);
    let (code, err) = run(password);
    assert_eq!(code, Some(255));
    assert!(err.contains("Permission denied (publickey)"), "no password method is offered: {err}");

    let mut exec = ssh_args(&server, "id");
    exec.extend(["127.0.0.1".into(), "cat /etc/passwd".into()]);
    let (code, err) = run(exec);
    assert_ne!(code, Some(0));
    assert!(err.contains("exec request failed") || err.contains("only the interactive explorer"), "{err}");

    let mut forward = ssh_args(&server, "id");
    forward.extend(["-W".into(), "127.0.0.1:22".into(), "127.0.0.1".into()]);
    let (code, err) = run(forward);
    assert_eq!(code, Some(255), "{err}");
    assert!(err.contains("open failed") || err.contains("forwarding") || err.contains("prohibited"), "{err}");

    // sftp logs in and asks for its subsystem, which is refused in the
    // server's own words: not sftp missing, nor failing to connect or log in.
    let Some(sftp) = tool("sftp", "openssh-client") else { return };
    let key = server.dir.path().join("id");
    let out = Command::new(sftp)
        .args(["-b", "-", "-P", &server.port.to_string(), "-i"])
        .arg(&key)
        .args(["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes"])
        .arg("127.0.0.1")
        .stdin(Stdio::null())
        .output()
        .expect("sftp runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(255), "sftp is refused: {err}");
    assert!(err.contains("dealscope: subsystem sftp refused: only the interactive explorer is served here"), "{err}");
}

#[test]
fn followers_follow_the_presenter_until_f() {
    let server = start(&["--present"]);
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("presenting");
    let mut follower = connect(&server, 30, 100, true);
    follower.wait_for("following · 1 viewer");
    presenter.wait_for("presenting · 1 viewer");
    presenter.send("3");
    follower.wait_for("Chipsets 11 ");
    presenter.send("j");
    follower.wait_for("chipset · ");
    follower.send("f");
    follower.wait_for("roaming");
    follower.send("j");
    follower.wait_for("roaming · presenter: Kirin 9000s");
    presenter.send("5");
    presenter.wait_for("Agreements 13");
    // The roaming viewer learnt where the presenter went, and stays where it is.
    follower.wait_for("roaming · presenter: Huawei-Xiaomi");
    assert!(!follower.text().contains("Agreements 13 "), "a roaming viewer stays where it is:\n{}", follower.text());
    assert!(follower.text().contains("Chipsets 11 "), "{}", follower.text());
    follower.send("f");
    follower.wait_for("Agreements 13");
}

#[test]
fn the_speaker_view_shows_notes_that_no_viewer_ever_receives() {
    // The viewer's key may log in but not present: the presenter's own key
    // would take the presentation over (a presenter reconnecting).
    let args = ["--present", "--tour", "cross-licence", "--presenter-keys", "{dir}/id.pub"];
    let server = start_with(&args, &[], |dir| {
        let mut keys = std::fs::read_to_string(dir.join("authorized_keys")).unwrap();
        keys.push_str(&std::fs::read_to_string(dir.join("stranger.pub")).unwrap());
        std::fs::write(dir.join("authorized_keys"), keys).unwrap();
    });
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 1/9: Huawei");
    let mut follower = connect_with(&server, 24, 80, true, "root", "stranger");
    follower.wait_for("following · 1 viewer");
    presenter.wait_for("presenting · 1 viewer (joined: ");
    let speaker = connect_as(&server, 30, 100, true, "notes");
    speaker.wait_for("Start on Huawei's card.");
    speaker.wait_for("step 1/9");
    speaker.wait_for("next: Xiaomi");
    speaker.wait_for("Viewers (1)");
    speaker.wait_for("following");
    presenter.send("\x1b[6~");
    presenter.wait_for("step 2/9: Xiaomi");
    speaker.wait_for("founded 2010-04-06 in Beijing");
    speaker.wait_for("audience reads: Xiaomi: founded in Beijing in 2010");
    follower.wait_for("Xiaomi");
    // A follower that runs the tour itself and opens the notes panel finds
    // no note: the served data has none.
    follower.send("p");
    follower.wait_for("Present a tour");
    follower.send("\r");
    follower.wait_for("step 1/9");
    follower.send("S");
    follower.wait_for("(no note for this step)");
    // Not a byte of any note reached the follower or the presenter's own screen.
    for note_text in ["Start on Huawei", "founded 2010-04-06", "Mention the Surge chips"] {
        let raw = String::from_utf8_lossy(&follower.raw.lock().unwrap()).into_owned();
        assert!(!raw.contains(note_text), "the follower received a note: {note_text}");
        let raw = String::from_utf8_lossy(&presenter.raw.lock().unwrap()).into_owned();
        assert!(!raw.contains(note_text), "the presenter's screen drew a note: {note_text}");
    }
    // Only a key that may present gets the speaker view: the viewer's key
    // logs in, and is refused it.
    let mut args = ssh_args_from(&server, "stranger", "127.0.0.60");
    args.extend(["-tt".into(), "-l".into(), "notes".into(), "127.0.0.1".into()]);
    let (code, err) = run_ssh(&args);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("this key may not present, so it may not see the speaker notes"), "{err}");
}

#[test]
fn viewers_never_get_lost() {
    let server = start(&["--present"]);
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("presenting");
    let mut follower = connect(&server, 24, 120, true);
    follower.wait_for("following · 1 viewer");
    presenter.send("3");
    follower.wait_for("Chipsets 11 ");
    // A follower that moves says it roams, and where the presenter is.
    follower.send("j");
    follower.wait_for("roaming · presenter: Kirin 9000");
    presenter.send("t");
    follower.wait_for("presenter: Timeline: Kirin 9000");
    assert!(!follower.text().contains("Time axis"), "a roaming viewer stays where it is");
    follower.send("f");
    follower.wait_for("Time axis");
    // The presenter quits: the presentation ends, and the viewer is told.
    presenter.send("q");
    assert!(presenter.wait_exit());
    follower.wait_for("the presentation has ended");
    // The next presenter's place reaches the follower before its first key.
    let next = connect(&server, 24, 80, true);
    next.wait_for("presenting");
    follower.wait_for("Firms 19 ");
}

#[test]
fn a_presenter_clicks_through_a_tour_and_followers_see_each_step() {
    let server = start(&["--present", "--tour", "cross-licence"]);
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("step 1/9: Huawei");
    // A follower arriving now lands on the presenter's step at once.
    let mut follower = connect(&server, 30, 100, true);
    follower.wait_for("following · 1 viewer");
    let on = |c: &Client, name: &str| c.row(0).trim_end().ends_with(name);
    let wait_on = |c: &Client, name: &str| {
        let start = Instant::now();
        while !on(c, name) {
            assert!(start.elapsed() < TIMEOUT, "not on {name}:\n{}", c.text());
            thread::sleep(Duration::from_millis(20));
        }
    };
    wait_on(&follower, "Huawei");
    follower.wait_for("Huawei: founded in Shenzhen in 1987");
    // The clicker's PgDn: the next step, for the presenter and the follower,
    // whose caption line gives the step's caption.
    presenter.send("\x1b[6~");
    presenter.wait_for("step 2/9: Xiaomi");
    wait_on(&follower, "Xiaomi");
    follower.wait_for("Xiaomi: founded in Beijing in 2010");
    // A follower can turn captions off.
    follower.send("c");
    follower.wait_for("captions off");
    presenter.send("\x1b[6~");
    presenter.wait_for("step 3/9");
    follower.wait_for("month zoom");
    presenter.send("\x1b[5~");
    presenter.wait_for("step 2/9: Xiaomi");
    wait_on(&follower, "Xiaomi");
    // Without --presenter-keys anyone may present, so nobody gets the notes.
    let mut args = ssh_args(&server, "id");
    args.extend(["-tt".into(), "-l".into(), "notes".into(), "127.0.0.1".into()]);
    let (code, err) = run_ssh(&args);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("the speaker view needs --presenter-keys"), "{err}");
}

#[test]
fn a_killed_client_and_a_client_that_stops_reading_harm_no_one() {
    let server = start(&[]);
    // A client whose terminal is never read: its output backs up to the server.
    let mut stuck = connect(&server, 60, 200, false);
    for _ in 0..200 {
        stuck.send("jjjjGg");
    }
    let mut killed = connect(&server, 24, 80, true);
    killed.wait_for("Huawei 华为");
    killed.child.kill().unwrap();
    let mut fine = connect(&server, 24, 80, true);
    fine.wait_for("Huawei 华为");
    for _ in 0..20 {
        fine.send("j");
    }
    fine.wait_for("firm · xiaomi-xuanjie");
    fine.send("q");
    assert!(fine.wait_exit());
}

/// A copy of the demo data in a temporary directory, to edit while served.
fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in dealscope::data::load::DEMO_FILES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_data_change_reloads_every_session_in_place() {
    let data = data_copy();
    let server = start(&["--present", "--data", data.path().to_str().unwrap()]);
    let mut presenter = connect(&server, 24, 80, true);
    presenter.wait_for("presenting");
    let mut follower = connect(&server, 30, 100, true);
    follower.wait_for("following · 1 viewer");
    presenter.send("j");
    follower.wait_for("firm · xiaomi");

    // A valid edit: both sessions show it, and stay on Xiaomi.
    let firms = data.path().join("firms.yaml");
    let text = std::fs::read_to_string(&firms).unwrap();
    std::fs::write(&firms, text.replacen("name: Xiaomi\n", "name: Xiaomi Corporation\n", 1)).unwrap();
    for client in [&presenter, &follower] {
        client.wait_for("data reloaded");
        client.wait_for("Xiaomi Corporation");
        client.wait_for("firm · xiaomi");
    }
    // The follower still follows after the reload.
    presenter.send("j");
    follower.wait_for("firm · hisilicon");

    // A broken edit: the last good data stays, with a banner counting the
    // errors; E lists them, each with its place.
    std::fs::write(data.path().join("broken.yaml"), "firms:\n  - id: acme\n    nme: Acme\n").unwrap();
    for client in [&mut presenter, &mut follower] {
        client.wait_for("data invalid: 1 error");
        client.wait_for("data not reloaded: 1 error");
        client.send("E");
        client.wait_for("broken.yaml:3:5");
        client.send("\x1b");
        client.wait_for("firm · hisilicon");
    }
    // Fixed again: the banner goes.
    std::fs::remove_file(data.path().join("broken.yaml")).unwrap();
    for client in [&presenter, &follower] {
        let start = Instant::now();
        while client.text().contains("data invalid") {
            assert!(start.elapsed() < TIMEOUT, "the banner stayed:\n{}", client.text());
            thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn hostile_text_reaches_a_viewer_inert() {
    let data = format!("{}/tests/fixtures/hostile/injection.yaml", env!("CARGO_MANIFEST_DIR"));
    let server = start(&["--data", &data]);
    let mut client = connect(&server, 24, 80, true);
    client.wait_for("Evil␛[2J");
    // Walk the screens: cards, links, the palette, the timeline, help; each
    // key's frame drawn before the next key.
    let walk = [
        ("j", "firm · good"),
        ("k", "firm · evil"),
        ("\t", "/ find"),
        ("jjjj", "/ find"),
        ("\t", "/ filter"),
        ("2", "person · mallory"),
        ("3", "chipset · chip"),
        ("4", "product · phone"),
        ("5", "agreement · deal"),
        ("6", "event · event"),
        ("7", "source · src"),
        (":evil", "Go to anything"),
        ("\x1b", "╭ Sources 1 "),
        ("T", "Time axis"),
        ("?", "Keys ("),
        ("\x1b", "Time axis"),
        ("1", "╭ Firms 2 "),
    ];
    for (keys, shown) in walk {
        client.type_until(keys, shown);
    }
    client.wait_for("Evil␛[2J");
    client.send("q");
    assert!(client.wait_exit());
    let raw = client.raw.lock().unwrap().clone();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("<U+202E>"), "the hostile text was on screen, inert");
    let problems = escapes::foreign_sequences(&raw, true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Runs `ssh` to its end without a terminal; returns its status and stderr.
pub(crate) fn run_ssh(args: &[String]) -> (Option<i32>, String) {
    let out = Command::new("ssh").args(args).stdin(Stdio::null()).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A batch-mode `ssh` from `source` with `key` that asks for a command: a
/// login that works ends in the server refusing the command.
fn try_login(server: &Server, key: &str, source: &str) -> (bool, String) {
    let mut args = ssh_args_from(server, key, source);
    args.extend(["-o".into(), "BatchMode=yes".into(), "127.0.0.1".into(), "true".into()]);
    let (_, err) = run_ssh(&args);
    (err.contains("only the interactive explorer"), err)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Opens `n` TCP connections from `source`; with `banner`, each sends an SSH
/// version line and then nothing more (a client stalled in key exchange).
fn stalled(server: &Server, source: [u8; 4], n: usize, banner: bool) -> Vec<std::net::TcpStream> {
    (0..n)
        .map(|_| {
            let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
            socket.bind(&std::net::SocketAddr::from((source, 0)).into()).unwrap();
            socket.connect(&server.addr().into()).unwrap();
            let mut s: std::net::TcpStream = socket.into();
            if banner {
                s.write_all(b"SSH-2.0-stalled\r\n").unwrap();
            }
            s
        })
        .collect()
}

/// Reads a socket until the server closes it; returns what it sent and when it closed.
fn read_to_close(mut s: std::net::TcpStream, limit: Duration) -> (Vec<u8>, Option<Instant>) {
    s.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return (got, Some(Instant::now())),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return (got, Some(Instant::now())),
        }
    }
    (got, None)
}

#[test]
fn silent_and_stalled_connections_cannot_lock_out_a_login() {
    let grace = Duration::from_secs(10);
    let server = start(&["--login-grace-time", &grace.as_secs().to_string()]);
    let opened = Instant::now();
    // 40 sockets that send nothing, and 40 that send a version line and
    // stall; each read on a thread of its own, so its close is seen when it comes.
    let readers: Vec<_> = stalled(&server, [127, 0, 0, 2], 40, false)
        .into_iter()
        .chain(stalled(&server, [127, 0, 0, 3], 40, true))
        .map(|s| thread::spawn(move || read_to_close(s, Duration::from_secs(60))))
        .collect();
    // A real login from elsewhere gets in while the held ones stall.
    let mut c = connect(&server, 24, 80, true);
    c.wait_for("Huawei 华为");
    let logged_in = Instant::now();
    c.send("q");
    assert!(c.wait_exit());
    // Each source keeps its 4 connections (--max-startups-per-source); every
    // other one was told why before it was closed.
    let mut held = 0;
    for reader in readers {
        let (got, closed) = reader.join().unwrap();
        let closed = closed.expect("every stalled connection is closed within a minute");
        let text = String::from_utf8_lossy(&got);
        if text.contains("too many connections from your address") {
            assert!(text.starts_with("SSH-2.0-"), "a disconnect after the version line: {text:?}");
        } else {
            held += 1;
            assert!(closed > logged_in, "the login got in while this connection was still held");
            let after = closed.duration_since(opened);
            assert!(after >= grace, "closed by the grace time, not before: {after:?}");
            assert!(after < Duration::from_secs(25), "closed by the grace time, not the default 30 s: {after:?}");
        }
    }
    assert_eq!(held, 8, "4 connections held per source");
    // Held past the grace time, they cost their sources a penalty: the next
    // connection from one is turned away at once, with the reason.
    let (got, _) = read_to_close(stalled(&server, [127, 0, 0, 2], 1, true).remove(0), TIMEOUT);
    let text = String::from_utf8_lossy(&got);
    assert!(text.contains("too many failed or abandoned logins from your address"), "{text:?}");
    server.logged("no SSH version line within the login grace time");
    server.logged("not logged in within the login grace time");
    // A flood of refusals is summarised, not logged line by line.
    let refusals = server.log.lock().unwrap().iter().filter(|l| l.contains("refused: too many")).count();
    assert!(refusals <= 2, "{refusals} refusal lines for 72 refusals");
}

#[test]
fn a_finished_session_closes_its_connection() {
    let server = start(&["--open"]);
    let addr = server.addr();
    runtime().block_on(async move {
        let mut s = ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24).await;
        assert!(s.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await);
        s.send(b"q").await;
        assert!(s.wait_until(TIMEOUT, |seen| seen.closed).await, "q ends the session");
        // The connection goes too: a second explorer is never served on it.
        let start = Instant::now();
        while !s.handle.is_closed() {
            assert!(start.elapsed() < TIMEOUT, "the connection was left open");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
}

#[test]
fn sessions_per_key_are_capped_with_a_message() {
    let server = start(&["--max-sessions-per-key", "1"]);
    let mut a = connect(&server, 24, 80, true);
    a.wait_for("Huawei 华为");
    let mut args = ssh_args(&server, "id");
    args.extend(["-tt".into(), "127.0.0.1".into()]);
    let (code, err) = run_ssh(&args);
    assert_ne!(code, Some(0));
    assert!(err.contains("this key already has 1 sessions open"), "{err}");
    a.send("q");
    assert!(a.wait_exit());
}

#[test]
fn a_resize_flood_is_coalesced_and_harms_no_other_session() {
    let server = start(&["--open"]);
    let addr = server.addr();
    let flooded = Instant::now();
    let rt = runtime();
    let mut probe = rt.block_on(async {
        let mut probe = ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24).await;
        assert!(probe.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await, "the first frame");
        let mut flooders = Vec::new();
        for i in 0..4u8 {
            flooders.push(ssh_client::Session::open(addr, [127, 0, 0, 10 + i].into(), 80, 24).await);
        }
        let flood = Duration::from_secs(3);
        let floods: Vec<_> = flooders.iter().map(|f| f.flood_window_changes(flood)).collect();
        // Every key of the other session is answered during the flood. How
        // fast is `cargo bench --bench ssh_load`'s to say, in release and
        // alone on the machine; here a key unanswered for `TIMEOUT` is a stall.
        let mut keys = 0;
        let start = Instant::now();
        while start.elapsed() < flood {
            let key: &[u8] = if keys % 2 == 0 { b"j" } else { b"k" };
            probe.time_key(key, TIMEOUT).await.expect("every key is answered during the flood");
            keys += 1;
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        let mut sent = 0;
        for f in floods {
            sent += f.await.unwrap();
        }
        let frames: usize = flooders.iter().map(|f| f.frames()).sum();
        eprintln!("{keys} keys answered during the flood; {sent} window changes, {frames} frames");
        assert!(keys > 0 && sent > 400, "the flood sent {sent} window changes");
        for f in flooders {
            let _ = f.handle.disconnect(russh::Disconnect::ByApplication, "", "").await;
        }
        probe
    });
    // The server saw the flood, and redrew each flooder at most once per 50 ms
    // of the time it ran (however long a busy machine made that).
    for i in 10..14 {
        let source = format!("127.0.0.{i}:");
        let changes = server.logged_number(&source, " window changes received");
        let redraws = server.logged_number(&source, " redraws for a new size");
        let most = flooded.elapsed().as_millis() / 50 + 10;
        eprintln!("flooder {i}: {changes} window changes, {redraws} redraws (at most {most})");
        assert!(changes > 100, "flooder {i}: {changes} window changes reached the server");
        assert!(u128::from(redraws) <= most, "flooder {i}: {redraws} redraws for {changes} window changes");
    }
    // Nothing of the flood is left running once its clients are gone (their
    // sessions logged their end above): the other session still answers.
    rt.block_on(async {
        for i in 0..10 {
            let key: &[u8] = if i % 2 == 0 { b"j" } else { b"k" };
            probe.time_key(key, TIMEOUT).await.expect("every key is answered after the flood");
        }
    });
}

#[test]
fn a_long_paste_is_cut_and_the_keys_after_it_work() {
    let server = start(&["--open"]);
    let addr = server.addr();
    runtime().block_on(async move {
        let mut s = ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24).await;
        assert!(s.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await);
        // Into the filter: a 100 KB paste, in the chunks a terminal sends.
        s.send(b"/").await;
        let mut paste = b"\x1b[200~".to_vec();
        paste.extend(std::iter::repeat_n(b'x', 100 * 1024));
        paste.extend_from_slice(b"\x1b[201~");
        for chunk in paste.chunks(4096) {
            s.send(chunk).await;
        }
        // The filter got what fit (16 KB at the default rate), then Esc and q act at once.
        let xs = "x".repeat(20);
        let filtered = |seen: &ssh_client::Seen| drawn(&seen.bytes).screen().contents().contains(&xs);
        assert!(s.wait_until(TIMEOUT, filtered).await, "the pasted filter drawn");
        // Esc alone, drawn, then q: sent together they would read as Alt-q.
        s.send(b"\x1b").await;
        assert!(s.wait_until(TIMEOUT, |seen| !filtered(seen)).await, "Esc closed the filter");
        s.send(b"q").await;
        assert!(s.wait_until(TIMEOUT, |seen| seen.closed).await, "q ended the session");
        assert_eq!(s.seen.lock().unwrap().exit, Some(0));
        // A paste outside the filter, then q straight after it in the same write.
        let mut s = ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24).await;
        assert!(s.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await);
        let mut both = paste.clone();
        both.push(b'q');
        for chunk in both.chunks(32 * 1024) {
            s.send(chunk).await;
        }
        assert!(s.wait_until(TIMEOUT, |seen| seen.closed).await, "q after a paste quits");
    });
    server.logged("over the input rate and dropped");
}

#[test]
fn authorized_keys_options_are_honoured() {
    let server = start_with(&[], &[], |dir| {
        let mut lines = String::from("# options as OpenSSH reads them\nthis line is not a key\n");
        for (name, opts) in [
            ("from_ok", "from=\"127.0.0.20,10.0.0.0/8\""),
            ("from_bad", "from=\"10.0.0.1\""),
            ("expired", "expiry-time=\"20200101\""),
            ("future", "expiry-time=\"20990101\""),
            ("command", "command=\"/bin/sh -c 'echo hi'\""),
            ("nopty", "no-pty"),
            ("restrict", "restrict"),
            ("restrict_pty", "restrict,pty"),
        ] {
            keygen(&dir.join(name));
            let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
            lines.push_str(&format!("{opts} {public}"));
        }
        std::fs::write(dir.join("authorized_keys"), lines).unwrap();
    });
    server.logged("authorized_keys:2: skipped");
    let allowed = [("from_ok", "127.0.0.20"), ("future", "127.0.0.21"), ("restrict_pty", "127.0.0.22")];
    for (key, source) in allowed {
        let (ok, err) = try_login(&server, key, source);
        assert!(ok, "{key} logs in: {err}");
    }
    let refused = [
        ("from_bad", "127.0.0.30", "not in its from= list"),
        ("expired", "127.0.0.31", "expired"),
        ("command", "127.0.0.32", "command="),
        ("nopty", "127.0.0.33", "no-pty or restrict"),
        ("restrict", "127.0.0.34", "no-pty or restrict"),
    ];
    for (key, source, why) in refused {
        let (ok, err) = try_login(&server, key, source);
        assert!(!ok && err.contains("Permission denied"), "{key} is refused: {err}");
        let line = server.logged(&format!("{source}:"));
        assert!(server.log.lock().unwrap().iter().any(|l| l.contains(source) && l.contains(why)), "{line}");
    }
}

#[test]
fn a_wrong_password_is_logged_with_its_address_and_penalised() {
    let server = start_with(
        &["--password-env", "DS_TEST_PASSWORD", "--per-source-penalties", "authfail:1s min:0"],
        &[("DS_TEST_PASSWORD", "correct horse")],
        |_| {},
    );
    let addr = server.addr();
    runtime().block_on(async move {
        let mut h = ssh_client::connect(addr, [127, 0, 0, 40].into()).await.unwrap();
        // A user name that tries to forge a log line.
        let auth = h.authenticate_password("mallory\r\n2026-01-01T00:00:00Z  INFO forged", "wrong").await.unwrap();
        assert!(!auth.success());
        // The source is penalised: its next try waits, and a new connection is turned away.
        let t = Instant::now();
        let auth = h.authenticate_password("mallory", "correct horse").await.unwrap();
        assert!(auth.success(), "the right password still works, once the penalty is over");
        // The 1 s penalty, less the 300 ms russh waits before answering a failure.
        assert!(t.elapsed() >= Duration::from_millis(500), "the second try waited out the penalty: {:?}", t.elapsed());
        let mut h2 = ssh_client::connect(addr, [127, 0, 0, 41].into()).await.unwrap();
        assert!(h2.authenticate_password("mallory", "correct horse").await.unwrap().success());
    });
    let line = server.logged("wrong password for");
    assert!(line.contains("127.0.0.40:"), "the address is logged: {line}");
    assert!(line.contains(r"mallory\r\n2026"), "the name is logged inert: {line}");
    assert!(!server.log.lock().unwrap().iter().any(|l| l.starts_with("2026-01-01")), "no forged line");
    server.logged("127.0.0.41:");
    assert!(server.logged("logged in with the password").contains("127.0.0."));
}

#[test]
fn unsafe_host_keys_are_refused_at_start() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("hk");
    let out = Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(&key).output().unwrap();
    assert!(out.status.success());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let serve = |key: &std::path::Path| {
        Command::new(BIN)
            .args(["serve", "--open", "--listen", "127.0.0.1:0", "--host-key"])
            .arg(key)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = serve(&key);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("too open") && err.contains(&format!("chmod 600 {}", key.display())), "{err}");
    // A key with a passphrase is refused at start, not at the first handshake.
    let locked = dir.path().join("locked");
    let out =
        Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "secret", "-f"]).arg(&locked).output().unwrap();
    assert!(out.status.success());
    let out = serve(&locked);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("passphrase"), "{err}");
}

#[test]
fn a_wildcard_address_gets_usable_connect_hints() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--open", "--listen", "0.0.0.0:0", "--host-key"])
        .arg(dir.path().join("hk"))
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut port = None;
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(addr) = line.strip_prefix("dealscope: serving the explorer on ") {
            port = addr.rsplit(':').next().and_then(|p| p.parse::<u16>().ok());
        }
        seen.push(line);
        if port.is_some() {
            break;
        }
    }
    let port = port.unwrap_or_else(|| panic!("no port announced:\n{}", seen.join("\n")));
    // The server accepts connections only after it has written every hint:
    // its version line to one means all of them are in the pipe.
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    socket.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut greeting = [0u8; 8];
    socket.read_exact(&mut greeting).expect("the server's version line");
    assert_eq!(&greeting, b"SSH-2.0-");
    let _ = child.kill();
    let _ = child.wait();
    seen.extend(lines.map_while(Result::ok)); // to the end: the server is gone
    let hints: Vec<&str> = seen.iter().filter_map(|l| l.strip_prefix("dealscope: connect with: ")).collect();
    assert!(!hints.is_empty(), "{seen:?}");
    for hint in &hints {
        assert!(hint.starts_with(&format!("ssh -p {port} ")), "{hint}");
        assert!(!hint.contains("0.0.0.0"), "a usable address: {hint}");
    }
}

#[test]
fn input_that_does_nothing_does_not_keep_a_session_alive() {
    let server = start(&["--open", "--idle-timeout", "2s"]);
    let addr = server.addr();
    runtime().block_on(async move {
        // Before the session starts, so its idle time is within what is measured.
        let start = Instant::now();
        let mut s = ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24).await;
        assert!(s.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await);
        // A NUL every half second does nothing: the session idles out while
        // they keep coming (were they input, it never would).
        while !s.seen.lock().unwrap().closed {
            assert!(start.elapsed() < TIMEOUT, "still open after {TIMEOUT:?} of NULs");
            let _ = s.write.data_bytes(b"\0".to_vec()).await; // fails once it closed
            s.wait_until(Duration::from_millis(500), |seen| seen.closed).await;
        }
        let took = start.elapsed();
        assert!(took >= Duration::from_millis(1900), "closed by the 2 s idle timeout, not before: {took:?}");
        let text = String::from_utf8_lossy(&s.seen.lock().unwrap().bytes).into_owned();
        assert!(text.contains("closed after 2 s without input"), "the farewell says why");
    });
}

#[test]
fn a_client_without_a_terminal_is_told_how_to_connect() {
    let server = start(&[]);
    let mut args = ssh_args(&server, "id");
    args.extend(["-T".into(), "127.0.0.1".into()]);
    let out = Command::new("ssh").args(&args).stdin(Stdio::null()).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("connect with `ssh -t -p {} HOST` (not -T)", server.port)), "{stderr}");
    assert!(!stdout.contains('\x1b') && !stderr.contains('\x1b'), "no escape codes dumped: {stdout:?}");
    let mut args = ssh_args(&server, "id");
    args.extend(["127.0.0.1".into(), "ls".into()]);
    let (code, err) = run_ssh(&args);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("connect without a command"), "{err}");
}

/// The screen some bytes draw (80x24).
fn drawn(bytes: &[u8]) -> vt100::Parser {
    let nz = |n| std::num::NonZeroU16::new(n).expect("not zero");
    let mut p = vt100::Parser::new(nz(24), nz(80), 0);
    p.process(bytes);
    p
}

/// The screen a session's bytes draw.
fn screen_of(s: &ssh_client::Session) -> vt100::Parser {
    drawn(&s.seen.lock().unwrap().bytes)
}

/// The colour of the title's first letter: the light theme's titles are blue
/// (colour 4), the dark theme's light cyan (14).
fn title_colour(s: &ssh_client::Session) -> vt100::Color {
    screen_of(s).screen().cell(0, 1).map(|c| c.fgcolor()).unwrap_or_default()
}

#[test]
fn each_session_gets_the_theme_that_suits_its_own_terminal() {
    let server = start(&["--open"]);
    let addr = server.addr();
    runtime().block_on(async move {
        let asked = |seen: &ssh_client::Seen| seen.bytes.windows(6).any(|w| w == b"\x1b]11;?");
        // A white terminal answers (with BEL, as some do): light.
        let mut light = ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24).await;
        assert!(light.wait_until(TIMEOUT, asked).await, "the client's terminal was asked");
        light.send(b"\x1b]11;rgb:ffff/ffff/ffff\x07").await;
        assert!(light.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await, "the first frame");
        assert_eq!(title_colour(&light), vt100::Color::Idx(4), "{}", screen_of(&light).screen().contents());
        // A terminal that never answers: dark, once the wait (200 ms) is over.
        let mut dark = ssh_client::Session::open(addr, [127, 0, 0, 2].into(), 80, 24).await;
        assert!(dark.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await, "the first frame, never answered");
        assert_eq!(title_colour(&dark), vt100::Color::Idx(14), "{}", screen_of(&dark).screen().contents());
        // Its answer arriving late is not typed (it has `1` and `;` in it): only the `j` after it moves.
        dark.send(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\j").await;
        let at =
            |pos: &'static str| move |seen: &ssh_client::Seen| drawn(&seen.bytes).screen().contents().contains(pos);
        assert!(dark.wait_until(TIMEOUT, at("2/19")).await, "{}", screen_of(&dark).screen().contents());
        let screen = screen_of(&dark);
        assert!(screen.screen().contents().contains("Firms 19"), "still on the firms tab");
        assert_eq!(title_colour(&dark), vt100::Color::Idx(14), "a late answer changes nothing");
        // Keys typed before the answer are kept, and the answer is not typed.
        let mut typed = ssh_client::Session::open(addr, [127, 0, 0, 3].into(), 80, 24).await;
        assert!(typed.wait_until(TIMEOUT, asked).await);
        typed.send(b"jj\x1b]11;rgb:00/00/00\x1b\\").await;
        assert!(typed.wait_until(TIMEOUT, |s| !s.frames.is_empty()).await);
        assert!(typed.wait_until(TIMEOUT, at("3/19")).await, "{}", screen_of(&typed).screen().contents());
        assert_eq!(title_colour(&typed), vt100::Color::Idx(14));
    });
}

#[test]
fn a_follower_without_clearance_never_receives_what_is_confidential() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/redact/data.yaml");
    let server = start_with(&["--present", "--data", data, "--cleared-keys", "{dir}/id.pub"], &[], |dir| {
        // The viewer's key may log in, but is not cleared.
        let mut keys = std::fs::read_to_string(dir.join("authorized_keys")).unwrap();
        keys.push_str(&std::fs::read_to_string(dir.join("stranger.pub")).unwrap());
        std::fs::write(dir.join("authorized_keys"), keys).unwrap();
    });
    // Both wide enough for every hop's words in the Paths view.
    let mut presenter = connect(&server, 40, 160, true);
    presenter.wait_for("presenting");
    let mut follower = connect_with(&server, 40, 160, true, "root", "stranger");
    follower.wait_for("following · 1 viewer");
    // Each step waits until the follower has drawn where the cleared
    // presenter went, so every view below was on the follower's screen.
    // The confidential firm: the presenter sees it, marked.
    presenter.send("j");
    presenter.wait_for("Quorvex Holdings");
    presenter.wait_for("masked for viewers");
    follower.wait_for("firm · redacted-1");
    // Its neighbourhood, at depths 1 and 2, and closed with Esc.
    presenter.send("v");
    follower.wait_for("Around redacted firm · depth 1");
    presenter.send("d");
    follower.wait_for("Around redacted firm · depth 2");
    presenter.send("\x1b");
    follower.wait_until("the firms again", |t| t.contains("╭ Firms 2 ") && !t.contains("Around"));
    // The Paths view (m, P) from Acme to the confidential chair: its hops
    // carry the chair's title and dates, which the follower must not get.
    presenter.send("k");
    follower.wait_for("firm · acme");
    presenter.send("m2j");
    presenter.wait_for("Odalys Quorvex-Baird");
    presenter.send("P");
    presenter.wait_for("→ people (Chair (2015-06–))");
    follower.wait_for("Paths: Acme → redacted person");
    follower.wait_for("3. 4 hops");
    presenter.send("jjj");
    follower.wait_for("person · redacted-2");
    // The palette's `path A to B`, naming it.
    presenter.send("\x7f");
    follower.wait_until("the people list", |t| t.contains("╭ People 2 ") && !t.contains("Paths:"));
    presenter.send(":path quorvex to acme\r");
    follower.wait_for("Paths: redacted firm → Acme");
    // The deal's confidential fields.
    presenter.send("\x7f5");
    presenter.wait_for("$777 million (confidential)");
    follower.wait_for("statements [redacted]");
    // A filter for the word: the follower has the presenter's row and
    // count, the word masked.
    presenter.send("1/quor\r");
    presenter.wait_for("Quorvex Holdings");
    follower.wait_until("the presenter's row under a masked filter", |t| {
        t.contains("╭ Firms 1/2") && t.contains("/[redacted]") && t.contains("▶ redacted firm")
    });
    presenter.send("\x1b");
    follower.wait_until("the filter cleared", |t| t.contains("╭ Firms 2 "));
    // The timeline tab (items dated by the confidential firm and its chair).
    presenter.send("8");
    follower.wait_for("timeline of everything");
    follower.wait_for("redacted person: [redacted], redacted firm");
    // The tour, whose first step is the confidential firm.
    presenter.send("p\r");
    follower.wait_for("Who supplies Acme");
    follower.wait_for("firm · redacted-1");
    presenter.send("\x1b[6~");
    follower.wait_for("What Acme signed");
    // Roaming, the follower asks for itself: the paths to the chair, and
    // the palette for the word.
    follower.send("f");
    follower.wait_for("roaming");
    follower.send(":path acme to redacted person\r");
    follower.wait_for("3 paths from Acme to redacted person");
    follower.send(":quor");
    follower.wait_for("▶ quor");
    assert_never_shown(&follower);
}

/// Asserts that no confidential text of the redaction fixture reached
/// `viewer`: not in the bytes its terminal received, nor on any screen it
/// showed.
fn assert_never_shown(viewer: &Client) {
    let raw = String::from_utf8_lossy(&viewer.raw.lock().unwrap()).to_lowercase();
    let screens = viewer.screens.lock().unwrap().clone();
    for secret in crate::common::REDACTED_SECRETS {
        if let Some(screen) = screens.iter().find(|s| s.to_lowercase().contains(secret)) {
            panic!("the viewer's screen showed `{secret}`:\n{screen}");
        }
        assert!(!raw.contains(secret), "the viewer received `{secret}`; its screen now:\n{}", viewer.text());
    }
    assert!(raw.contains("[redacted]"), "the viewer saw masks");
}

/// The recordings `serve --record` wrote into `dir`, as text.
pub(crate) fn recordings(dir: &std::path::Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "cast"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    found.sort();
    found
}

/// Every screen a recording replays to, an output event at a time (each
/// fed to a terminal emulator, resizes followed).
fn replayed_screens(cast: &str) -> Vec<String> {
    let nz = |n: u64| std::num::NonZeroU16::new(n as u16).expect("not zero");
    let mut lines = cast.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().expect("a header")).unwrap();
    let size = |key: &str| header[key].as_u64().expect("a size");
    let mut parser = vt100::Parser::new(nz(size("height")), nz(size("width")), 0);
    let mut screens = Vec::new();
    for line in lines {
        let event: serde_json::Value = serde_json::from_str(line).expect("a JSON event");
        let data = event[2].as_str().expect("event data");
        match event[1].as_str() {
            Some("o") => parser.process(data.as_bytes()),
            Some("r") => {
                let (w, h) = data.split_once('x').expect("WxH");
                parser.screen_mut().set_size(nz(h.parse().unwrap()), nz(w.parse().unwrap()));
            }
            _ => continue,
        }
        screens.push(parser.screen().contents());
    }
    screens
}

/// A pause between two keys a person could not type faster than: the room
/// (and a recording) sees a presenter's move 2-3 ms after it is made
/// (`ROOM_PAUSE`), and a move made sooner than that after another takes
/// its place, so a view a test wants recorded must stand that long.
fn at_a_person_s_pace() {
    thread::sleep(dealscope::runtime::meeting::ROOM_PAUSE * 15);
}

#[test]
fn a_recording_of_a_cleared_presenter_holds_no_confidential_value_unless_cleared() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/redact/data.yaml");
    for cleared in [false, true] {
        let mut args = vec!["--present", "--data", data, "--cleared-keys", "{dir}/id.pub", "--record", "{dir}"];
        if cleared {
            args.push("--record-cleared");
        }
        let server = start(&args);
        let mut presenter = connect(&server, 40, 160, true);
        presenter.wait_for("presenting");
        // The confidential firm, its neighbourhood, the deal's fields, a
        // filter for the word, the Paths view to its chair, the timeline.
        presenter.send("j");
        presenter.wait_for("Quorvex Holdings");
        presenter.type_until("v", "Around Quorvex Holdings · depth 1");
        at_a_person_s_pace();
        presenter.type_until("\x1b", "╭ Firms 2 ");
        presenter.send("5");
        presenter.wait_for("$777 million (confidential)");
        presenter.send("1/quor");
        presenter.wait_for("Quorvex Holdings");
        // Esc alone, drawn, then the next key: sent together they would read as Alt-key.
        presenter.type_until("\x1b", "╭ Firms 2 ");
        presenter.send("gm2jP");
        presenter.wait_for("→ people (Chair (2015-06–))");
        at_a_person_s_pace();
        presenter.send("8");
        presenter.wait_for("Odalys Quorvex-Baird: Chair, Quorvex Holdings");
        presenter.send("q");
        // A recording takes its `.cast` name only once it is complete.
        let t0 = Instant::now();
        while recordings(server.dir.path()).is_empty() && t0.elapsed() < TIMEOUT {
            thread::sleep(Duration::from_millis(100));
        }
        let all = recordings(server.dir.path());
        let parts = std::fs::read_dir(server.dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "part"));
        assert_eq!(parts.count(), 0, "the working name is gone");
        assert_eq!(
            all.len(),
            1,
            "one recording for the one presenter; log:\n{}",
            server.log.lock().unwrap().join("\n")
        );
        let header: serde_json::Value = serde_json::from_str(all[0].lines().next().unwrap()).unwrap();
        assert_eq!((header["version"].as_u64(), header["width"].as_u64()), (Some(2), Some(160)));
        let screens = replayed_screens(&all[0]);
        // The recording reached every view, the last one included.
        let name = if cleared { "Quorvex Holdings" } else { "redacted firm" };
        let chair = if cleared { "Odalys Quorvex-Baird" } else { "redacted person" };
        for view in [format!("Around {name} · depth 1"), format!("Paths: Acme → {chair}"), "Time axis".into()] {
            assert!(screens.iter().any(|s| s.contains(&view)), "the recording shows {view:?}");
        }
        assert!(screens.last().is_some_and(|s| s.contains("Time axis")), "the recording ends on the timeline");
        let low = all[0].to_lowercase();
        if cleared {
            assert!(low.contains("quorvex") && low.contains("777"), "a cleared recording keeps what was shown");
        } else {
            for secret in crate::common::REDACTED_SECRETS {
                if let Some(screen) = screens.iter().find(|s| s.to_lowercase().contains(secret)) {
                    panic!("the recording shows `{secret}`:\n{screen}");
                }
                assert!(!low.contains(secret), "the recording holds `{secret}`");
            }
            assert!(low.contains("[redacted]"), "it shows the masks");
        }
    }
}

/// Per-source penalties and StrictModes on key files.
#[path = "penalties.rs"]
mod penalties;
