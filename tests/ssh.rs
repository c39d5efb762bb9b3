//! `dealscope serve` end to end, with the system's own OpenSSH client: each
//! test starts the server on a free loopback port with a temporary host key
//! and authorized_keys, connects `ssh` in a pseudo-terminal and reads the
//! screen with vt100; refusals use `ssh`/`sftp` in batch mode.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

#[path = "common/escapes.rs"]
mod escapes;

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
const TIMEOUT: Duration = Duration::from_secs(15);

/// A running server with its keys in a temporary directory.
struct Server {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
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

fn start(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    keygen(&dir.path().join("id"));
    keygen(&dir.path().join("stranger"));
    std::fs::copy(dir.path().join("id.pub"), dir.path().join("authorized_keys")).unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(dir.path().join("host_key"))
        .arg("--authorized-keys")
        .arg(dir.path().join("authorized_keys"))
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut port = 0;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(addr) = line.strip_prefix("dealscope: serving the explorer on ") {
            port = addr.rsplit(':').next().unwrap().parse().unwrap();
            break;
        }
    }
    assert!(port > 0, "the server announced its port");
    // Keep draining the log so the server never blocks on a full pipe.
    thread::spawn(move || for _ in lines {});
    let mode = std::fs::metadata(dir.path().join("host_key")).unwrap();
    assert_eq!(std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o777, 0o600, "host key is 0600");
    Server { child, port, dir }
}

fn ssh_args(server: &Server, key: &str) -> Vec<String> {
    let key = server.dir.path().join(key);
    vec![
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
struct Client {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte the client's terminal received.
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn connect(server: &Server, rows: u16, cols: u16, read: bool) -> Client {
    let pair = native_pty_system().openpty(PtySize { rows, cols, ..PtySize::default() }).unwrap();
    let mut cmd = CommandBuilder::new("ssh");
    cmd.args(ssh_args(server, "id"));
    cmd.args(["-tt", "127.0.0.1"]);
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
    if read {
        let (s, r) = (Arc::clone(&screen), Arc::clone(&raw));
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
    }
    Client { master: pair.master, writer, child, screen, raw }
}

impl Client {
    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str) {
        let start = Instant::now();
        while !self.text().contains(what) {
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what:?}; screen:\n{}", self.text());
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn row(&self, n: u16) -> String {
        let p = self.screen.lock().unwrap();
        p.screen().rows(0, p.screen().size().1.get()).nth(usize::from(n)).unwrap_or_default()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> bool {
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
    a.send("\x1b");
    thread::sleep(Duration::from_millis(100));
    a.send("q");
    assert!(a.wait_exit(), "ssh exits 0 after q");
    assert!(!a.screen.lock().unwrap().screen().alternate_screen(), "the client left the alternate screen");
    // The other session is untouched.
    b.send("5");
    b.wait_for("Agreements 11");
}

#[test]
fn refuses_strangers_passwords_commands_sftp_and_forwarding() {
    let server = start(&[]);
    let run = |args: Vec<String>| {
        let out = Command::new("ssh").args(args).stdin(Stdio::null()).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let mut stranger = ssh_args(&server, "stranger");
    stranger.extend(["-o".into(), "BatchMode=yes".into(), "127.0.0.1".into(), "true".into()]);
    let (code, err) = run(stranger);
    assert_eq!(code, Some(255));
    assert!(err.contains("Permission denied"), "{err}");

    let mut password = ssh_args(&server, "stranger");
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

    let key = server.dir.path().join("id");
    let out = Command::new("sftp")
        .args(["-b", "-", "-P", &server.port.to_string(), "-i"])
        .arg(&key)
        .args(["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes"])
        .arg("127.0.0.1")
        .stdin(Stdio::null())
        .output();
    if let Ok(out) = out {
        assert!(!out.status.success(), "sftp is refused");
    }
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
    presenter.send("5");
    presenter.wait_for("Agreements 11");
    thread::sleep(Duration::from_millis(300));
    assert!(!follower.text().contains("Agreements 11 "), "a roaming viewer stays where it is:\n{}", follower.text());
    follower.send("f");
    follower.wait_for("Agreements 11");
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
    for (name, text) in dealscope::load::DEMO_FILES {
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
    let follower = connect(&server, 30, 100, true);
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

    // A broken edit: the last good data stays, with a banner naming the error.
    std::fs::write(data.path().join("broken.yaml"), "firms:\n  - id: acme\n    nme: Acme\n").unwrap();
    for client in [&presenter, &follower] {
        client.wait_for("data not reloaded");
        client.wait_for("broken.yaml:3:5");
        client.wait_for("firm · hisilicon");
    }
    // Fixed again: the banner goes.
    std::fs::remove_file(data.path().join("broken.yaml")).unwrap();
    for client in [&presenter, &follower] {
        let start = Instant::now();
        while client.text().contains("data not reloaded") {
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
    // Walk the screens: cards, links, the palette, the timeline, help.
    for keys in ["j", "k", "\t", "jjjj", "\t", "2", "3", "4", "5", "6", "7", ":evil", "\x1b", "T", "?", "\x1b", "1"] {
        client.send(keys);
        thread::sleep(Duration::from_millis(60));
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
