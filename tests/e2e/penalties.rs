//! Per-source penalties and StrictModes, with the system's `ssh`,
//! `ssh-keyscan` and `ssh-keygen` from 127.0.0.x (a child of `ssh.rs`, whose
//! server and client helpers it uses). Where a test needs the defaults'
//! shape quickly it scales their amounts down; no test reads the clock for
//! an upper bound: a slow machine only spaces tries further apart.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::{BIN, Server, TIMEOUT, keygen, run_ssh, ssh_args_from, start, try_login};

/// The seconds a refusal tells the client to wait.
fn wait_told(err: &str) -> u64 {
    let rest = err.split("try again in ").nth(1).unwrap_or_else(|| panic!("not refused for a penalty: {err}"));
    rest.split(' ').next().unwrap().parse().unwrap()
}

/// The penalty the last login's log line gave its address: seconds, enforced.
fn login_note(server: &Server) -> Option<(f64, bool)> {
    let log = server.log.lock().unwrap();
    let line = log.iter().rev().find(|l| l.contains(" logged in with "))?;
    let note = line.split("its address's penalty: ").nth(1)?;
    let secs = note.split(' ').next()?.parse().ok()?;
    Some((secs, !note.contains("not enforced")))
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_wrong_key_retried_at_a_person_s_pace_never_locks_out_a_good_one() {
    // The defaults' shape (authfail 5 s, min 15 s, a retry every 10 s) at a fifth of the size.
    let server = start(&["--per-source-penalties", "authfail:1s min:3s"]);
    let source = "127.0.0.20";
    for i in 1..=5 {
        let (ok, err) = try_login(&server, "stranger", source);
        assert!(!ok && err.contains("Permission denied"), "wrong key, try {i}: {err}");
        let (ok, err) = try_login(&server, "id", source);
        assert!(ok, "the good key after the wrong one, try {i}: {err}");
        if i < 5 {
            // The attendee's pace: two authfails between tries.
            thread::sleep(Duration::from_secs(2));
        }
    }
    let log = server.log.lock().unwrap().join("\n");
    assert!(log.contains("(authfail +1s); 127.0.0.20's penalty is now"), "{log}");
    assert!(!log.contains("enforced from now"), "{log}");
}

#[test]
fn a_rapid_flood_is_refused_past_the_minimum_and_refusals_never_add_to_it() {
    // Enforced once more than min has built up: the fourth authfail, however slow the machine.
    let server = start(&["--per-source-penalties", "authfail:1m min:3m"]);
    let source = "127.0.0.21";
    for i in 1..=4 {
        let (ok, err) = try_login(&server, "stranger", source);
        assert!(!ok && err.contains("Permission denied"), "try {i} is let in to fail: {err}");
    }
    let line = server.logged("enforced from now");
    assert!(line.contains("127.0.0.21") && line.contains("(authfail +1m)"), "{line}");
    let logged: f64 = line.split("penalty is now ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(logged > 180.0 && logged <= 240.0, "the true length, four authfails less the time taken: {line}");
    // Turned away before the key exchange, with the time left; never more.
    let mut told = Vec::new();
    for _ in 0..4 {
        let (ok, err) = try_login(&server, "stranger", source);
        assert!(!ok && err.contains("too many failed or abandoned logins from your address"), "{err}");
        told.push(wait_told(&err));
    }
    assert!(told[0] <= 240, "{told:?}");
    assert!(told.windows(2).all(|w| w[1] <= w[0]), "refusals never add to the penalty: {told:?}");
    // A good key from that address waits too (see penalties.rs); elsewhere it logs in.
    let (ok, err) = try_login(&server, "id", source);
    assert!(!ok && err.contains("try again in"), "{err}");
    let (ok, err) = try_login(&server, "id", "127.0.0.22");
    assert!(ok, "{err}");
}

#[test]
fn an_exempt_address_is_never_refused() {
    let server = start(&["--per-source-penalties", "authfail:1m min:0", "--penalty-exempt", "10.1.0.0/16,127.0.0.30"]);
    for i in 1..=5 {
        let (ok, err) = try_login(&server, "stranger", "127.0.0.30");
        assert!(!ok && err.contains("Permission denied") && !err.contains("try again"), "try {i}: {err}");
    }
    let (ok, err) = try_login(&server, "id", "127.0.0.30");
    assert!(ok, "{err}");
    server.logged("127.0.0.30:");
    assert!(server.logged("exempt from penalties").contains("127.0.0.30"));
    // The same from an address not in the list: refused after one.
    let (ok, _) = try_login(&server, "stranger", "127.0.0.31");
    assert!(!ok);
    let (ok, err) = try_login(&server, "id", "127.0.0.31");
    assert!(!ok && err.contains("try again in"), "{err}");
}

/// `ssh` in a pseudo-terminal that stops at the host-key prompt, and what it printed.
fn at_the_host_key_prompt(
    server: &Server,
) -> (Box<dyn portable_pty::Child + Send + Sync>, std::sync::mpsc::Receiver<u8>) {
    let pair = native_pty_system().openpty(PtySize { rows: 24, cols: 100, ..PtySize::default() }).unwrap();
    let mut cmd = CommandBuilder::new("ssh");
    // The first value of an option counts: ask, with no host known.
    cmd.args(["-o", "StrictHostKeyChecking=ask"]);
    cmd.args(ssh_args_from(server, "id", "127.0.0.1"));
    cmd.args(["-tt", "127.0.0.1"]);
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _master = pair.master;
        let mut buf = [0u8; 1024];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || buf[..n].iter().any(|b| tx.send(*b).is_err()) {
                break;
            }
        }
    });
    (child, rx)
}

#[test]
fn ssh_keyscan_and_abandoned_host_key_prompts_never_lock_out_a_good_key() {
    // The defaults, with a short grace time.
    let server = start(&["--login-grace-time", "2"]);
    let started = Instant::now();
    let out = Command::new("ssh-keyscan").args(["-p", &server.port.to_string(), "127.0.0.1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("ssh-ed25519"), "{out:?}");
    // "no" at the host-key prompt (what StrictHostKeyChecking=yes does unasked).
    let mut no = vec!["-o".to_string(), "StrictHostKeyChecking=yes".to_string()];
    no.extend(ssh_args_from(&server, "id", "127.0.0.1"));
    no.extend(["-o".into(), "BatchMode=yes".into(), "127.0.0.1".into(), "true".into()]);
    let (_, err) = run_ssh(&no);
    assert!(err.contains("Host key verification failed"), "{err}");
    // Someone who sits on the prompt past the login grace time.
    let (mut child, printed) = at_the_host_key_prompt(&server);
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("continue connecting") {
        match printed.recv_timeout(TIMEOUT) {
            Ok(b) => seen.push(b),
            Err(_) => panic!("no host-key prompt: {}", String::from_utf8_lossy(&seen)),
        }
    }
    server.logged("not logged in within the login grace time");
    server.logged("(grace-exceeded +5s)");
    let _ = child.kill();
    // The good key gets in at once: ssh-keyscan's connections (1 s each; it
    // opens 5 at once, and the fifth is turned away by --max-startups-per-source
    // without adding), the "no" (1 s) and the grace time (5 s) are 10 s, under
    // min (15 s).
    let (ok, err) = try_login(&server, "id", "127.0.0.1");
    assert!(ok, "{err}");
    let elapsed = started.elapsed().as_secs_f64();
    let log = server.log.lock().unwrap().join("\n");
    match login_note(&server) {
        Some((left, enforced)) => {
            assert!(!enforced, "the penalty is not enforced:\n{log}");
            // Each offence adds to the penalty's end: the grace time, the
            // "no" and at least one of ssh-keyscan's are on record.
            assert!(left >= 7.0 - elapsed - 0.1, "{left} s left after {elapsed} s:\n{log}");
        }
        None => assert!(elapsed >= 7.0, "the penalty ended only because {elapsed} s have passed:\n{log}"),
    }
}

#[test]
fn honest_clients_never_lock_out_the_room() {
    let server = start(&[]);
    let source = "127.0.0.23";
    // An agent holding six other keys before the right one.
    let mut agent = Vec::new();
    for i in 1..=6 {
        let key = server.dir.path().join(format!("other{i}"));
        keygen(&key);
        agent.extend(["-i".to_string(), key.display().to_string()]);
    }
    agent.extend(ssh_args_from(&server, "id", source));
    agent.extend(["-o".into(), "BatchMode=yes".into(), "127.0.0.1".into(), "true".into()]);
    let (_, err) = run_ssh(&agent);
    assert!(err.contains("only the interactive explorer"), "the seventh key logs in: {err}");
    // A client that only asks which methods are offered.
    let mut ask = vec!["-o".to_string(), "PreferredAuthentications=keyboard-interactive".to_string()];
    ask.extend(ssh_args_from(&server, "id", source));
    ask.extend(["-o".into(), "BatchMode=yes".into(), "127.0.0.1".into(), "true".into()]);
    let (_, err) = run_ssh(&ask);
    assert!(err.contains("Permission denied"), "{err}");
    server.logged("left without trying a key or password (noauth +1s)");
    // A stranger's refused key, then a good login at once.
    let (ok, _) = try_login(&server, "stranger", source);
    assert!(!ok);
    server.logged("left after a refused login (authfail +5s)");
    let (ok, err) = try_login(&server, "id", source);
    assert!(ok, "{err}");
    assert!(login_note(&server).is_some_and(|(_, enforced)| !enforced), "the 6 s on record are not enforced");
}

/// Runs `serve` with `args` until it says where it serves (then stops it:
/// `Ok`) or exits (`Err` with its status and what it printed).
fn serve(args: &[&str]) -> Result<(), (Option<i32>, String)> {
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || lines.map_while(Result::ok).try_for_each(|l| tx.send(l)));
    let mut err = String::new();
    let started = loop {
        match rx.recv_timeout(TIMEOUT) {
            Ok(line) if line.starts_with("dealscope: serving the explorer on ") => break true,
            Ok(line) => err.push_str(&format!("{line}\n")),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break false,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("serve {args:?} neither started nor stopped"),
        }
    };
    let _ = child.kill();
    let status = child.wait().unwrap();
    if started { Ok(()) } else { Err((status.code(), err)) }
}

#[test]
fn key_files_others_can_write_are_refused_at_start_with_the_chmod_that_fixes_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    keygen(&root.join("id"));
    let sub = root.join("keys");
    std::fs::create_dir(&sub).unwrap();
    let file = sub.join("list");
    std::fs::copy(root.join("id.pub"), &file).unwrap();
    std::fs::copy(root.join("id.pub"), root.join("authorized_keys")).unwrap();
    let (list, keys) = (file.to_str().unwrap(), root.join("authorized_keys"));
    let host_key = root.join("host_key");
    for flag in ["--authorized-keys", "--presenter-keys", "--cleared-keys"] {
        let mut args = vec!["--host-key", host_key.to_str().unwrap(), flag, list];
        if flag != "--authorized-keys" {
            args.extend(["--authorized-keys", keys.to_str().unwrap()]);
        }
        for (file_mode, dir_mode, fix) in [
            (0o666, 0o700, format!("chmod 644 {list}")),
            (0o620, 0o700, format!("chmod 600 {list}")),
            (0o644, 0o777, format!("chmod 755 {}", sub.display())),
        ] {
            chmod(&file, file_mode);
            chmod(&sub, dir_mode);
            let (code, err) = serve(&args).expect_err("refused at start");
            assert_eq!(code, Some(2), "{flag} {file_mode:o} in {dir_mode:o}: {err}");
            assert!(err.contains(flag) && err.contains(&format!("fix with: {fix}")), "{flag}: {err}");
        }
        chmod(&sub, 0o700);
        for mode in [0o644, 0o600] {
            chmod(&file, mode);
            serve(&args).unwrap_or_else(|(_, err)| panic!("{flag} at {mode:o} starts: {err}"));
        }
    }
    // The host key, and the directory it would be made in.
    chmod(&sub, 0o777);
    let (code, err) = serve(&["--open", "--host-key", sub.join("hk").to_str().unwrap()]).expect_err("refused");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("pose as this server") && err.contains(&format!("chmod 755 {}", sub.display())), "{err}");
    assert!(!sub.join("hk").exists(), "no key is made there");
    chmod(&sub, 0o700);
}

#[test]
fn a_key_file_made_unsafe_while_serving_keeps_its_last_safe_copy() {
    let server = start(&["--per-source-penalties", "no"]);
    let keys = server.dir.path().join("authorized_keys");
    // Others may write it now, and a stranger's key is added.
    chmod(&keys, 0o666);
    let stranger = std::fs::read_to_string(server.dir.path().join("stranger.pub")).unwrap();
    std::fs::OpenOptions::new().append(true).open(&keys).unwrap().write_all(stranger.as_bytes()).unwrap();
    let (ok, _) = try_login(&server, "stranger", "127.0.0.24");
    assert!(!ok, "the unsafe file's new key does not count");
    let line = server.logged("stays in force");
    assert!(line.contains("(1 key(s))") && line.contains("fix with: chmod 644"), "{line}");
    let (ok, err) = try_login(&server, "id", "127.0.0.24");
    assert!(ok, "the last safe copy still lets its keys in: {err}");
    // Made safe again, it is read as it is.
    chmod(&keys, 0o600);
    let (ok, err) = try_login(&server, "stranger", "127.0.0.24");
    assert!(ok, "{err}");
    assert!(server.logged("changed: 2 key(s), 1 before").contains("--authorized-keys"));
    assert!(!server.log.lock().unwrap().iter().any(|l| l.contains("penalty")), "penalties are off");
}
