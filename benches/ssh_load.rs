//! Load test of `dealscope serve` with the system's OpenSSH client, on loopback.
//!
//! Five phases, each a bounded loop, each keystroke's response timed from the
//! write to the end of the frame it caused (the end-of-synchronized-update
//! sequence every frame closes with), as seen by the `ssh` client's terminal:
//!
//! 1. `alone`: one presenter, no viewers.
//! 2. `followed`: the same presenter with 30 followers; also the time until
//!    every follower has drawn the presenter's move.
//! 3. `tour`: a presenter clicks through the demo tour (PgDn, PgUp) with 30
//!    followers, whose caption lines show each step's caption.
//! 4. `concurrent`: 30 independent sessions typing at once, each key followed
//!    by a short think time.
//! 5. `resize flood`: 4 sessions (russh's client, scripted) send window
//!    changes as fast as they can, alternating 500x200 and 499x199 (the largest
//!    size served, so each redraw is the dearest there is), for 5 s, while a
//!    fifth session types; its key-to-frame time must stay under 50 ms at p95.
//!
//! Run: `cargo bench --bench ssh_load` (needs `ssh`; about a minute). Set
//! `SSH_LOAD_SESSIONS` and `SSH_LOAD_KEYS` to change the 30 sessions and 100 keys.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

#[path = "../tests/common/ssh_client.rs"]
mod ssh_client;

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
use ssh_client::FRAME_END;
const WAIT: Duration = Duration::from_secs(10);

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A running server; killed on drop.
struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut child = Command::new(BIN)
        .args(["serve", "--open", "--listen", "127.0.0.1:0", "--max-sessions", "64"])
        .args(["--max-sessions-per-source", "64", "--host-key"])
        .arg(dir.path().join("host_key"))
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let mut port = 0;
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(addr) = line.strip_prefix("dealscope: serving the explorer on ") {
            port = addr.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or(0);
            break;
        }
    }
    assert!(port > 0, "the server announced its port");
    thread::spawn(move || for _ in lines {});
    Server { child, port, _dir: dir }
}

/// Frames seen by one client: how many, and when the last ended.
#[derive(Default)]
struct Frames {
    count: Mutex<(u64, Option<Instant>)>,
    changed: Condvar,
}

impl Frames {
    fn count(&self) -> u64 {
        self.count.lock().expect("lock").0
    }

    /// Waits for a frame after the `seen`th; returns when it ended.
    fn after(&self, seen: u64) -> Option<Instant> {
        let guard = self.count.lock().expect("lock");
        let (guard, timeout) = self.changed.wait_timeout_while(guard, WAIT, |(n, _)| *n <= seen).expect("lock");
        if timeout.timed_out() { None } else { guard.1 }
    }
}

/// An `ssh` client in a pseudo-terminal, its output scanned for frame ends.
struct Client {
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    frames: Arc<Frames>,
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn connect(server: &Server) -> Client {
    let pair = native_pty_system().openpty(PtySize { rows: 24, cols: 80, ..PtySize::default() }).expect("pty");
    let mut cmd = CommandBuilder::new("ssh");
    let port = server.port.to_string();
    cmd.args(["-p", &port, "-tt", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]);
    cmd.args(["-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "127.0.0.1"]);
    cmd.env("TERM", "xterm-256color");
    let child = pair.slave.spawn_command(cmd).expect("ssh runs");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let writer = pair.master.take_writer().expect("writer");
    let frames = Arc::new(Frames::default());
    let f = Arc::clone(&frames);
    thread::spawn(move || {
        let mut buf = [0u8; 16384];
        let mut tail: Vec<u8> = Vec::new();
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            tail.extend_from_slice(&buf[..n]);
            let ends = tail.windows(FRAME_END.len()).filter(|w| *w == FRAME_END).count() as u64;
            let keep = tail.len().saturating_sub(FRAME_END.len() - 1);
            tail.drain(..keep);
            if ends > 0 {
                let mut c = f.count.lock().expect("lock");
                c.0 += ends;
                c.1 = Some(Instant::now());
                f.changed.notify_all();
            }
        }
    });
    let client = Client { _master: pair.master, writer, child, frames };
    assert!(client.frames.after(0).is_some(), "the first frame arrived");
    client
}

impl Client {
    fn send(&mut self, key: &[u8]) {
        self.writer.write_all(key).expect("write");
        self.writer.flush().expect("flush");
    }

    /// Sends a key and times the frame it causes.
    fn key(&mut self, key: &[u8]) -> Option<Duration> {
        // Let the previous frame settle so its bytes are not taken for this one.
        let seen = self.frames.count();
        let sent = Instant::now();
        self.send(key);
        self.frames.after(seen).map(|end| end.saturating_duration_since(sent))
    }
}

/// Percentiles of a set of times, as a table row.
fn row(name: &str, mut times: Vec<Duration>, missed: usize) -> String {
    times.sort();
    let pick = |p: f64| {
        if times.is_empty() {
            return "-".to_string();
        }
        let i = ((times.len() - 1) as f64 * p).round() as usize;
        format!("{:.1}", times[i].as_secs_f64() * 1000.0)
    };
    format!(
        "| {name:<46} | {:>6} | {:>6} | {:>6} | {:>6} | {:>6} | {missed:>6} |",
        times.len(),
        pick(0.5),
        pick(0.95),
        pick(0.99),
        pick(1.0)
    )
}

/// Alternating down and up, so every key changes the screen.
fn nth_key(i: usize) -> &'static [u8] {
    if i.is_multiple_of(2) { b"j" } else { b"k" }
}

/// PgDn through the demo tour's nine steps and PgUp back, so every key is a new step.
fn tour_key(i: usize) -> &'static [u8] {
    if (i / 8).is_multiple_of(2) { b"\x1b[6~" } else { b"\x1b[5~" }
}

fn presenter_run(
    presenter: &mut Client,
    followers: &[Client],
    keys: usize,
    key_of: fn(usize) -> &'static [u8],
) -> (Vec<Duration>, Vec<Duration>, usize) {
    let (mut own, mut all, mut missed) = (Vec::new(), Vec::new(), 0);
    for i in 0..keys {
        let seen: Vec<u64> = followers.iter().map(|f| f.frames.count()).collect();
        let sent = Instant::now();
        match presenter.key(key_of(i)) {
            Some(t) => own.push(t),
            None => missed += 1,
        }
        let mut last = None;
        for (f, &n) in followers.iter().zip(&seen) {
            match f.frames.after(n) {
                Some(end) => last = last.max(Some(end)),
                None => missed += 1,
            }
        }
        if let Some(end) = last {
            all.push(end.saturating_duration_since(sent));
        }
    }
    (own, all, missed)
}

fn main() {
    if Command::new("ssh").arg("-V").output().is_err() {
        eprintln!("ssh_load: no `ssh` client on this machine; skipped");
        return;
    }
    let sessions = env_or("SSH_LOAD_SESSIONS", 30);
    let keys = env_or("SSH_LOAD_KEYS", 100);
    let cores = thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("ssh_load: {sessions} sessions, {keys} keys each, {cores} cores, loopback, OpenSSH client in a pty");
    println!();
    println!(
        "| {:<46} | {:>6} | {:>6} | {:>6} | {:>6} | {:>6} | {:>6} |",
        "what (ms)", "keys", "p50", "p95", "p99", "max", "missed"
    );
    println!("|{}|--------|--------|--------|--------|--------|--------|", "-".repeat(48));

    let server = start(&["--present"]);
    let mut presenter = connect(&server);
    let (alone, _, missed) = presenter_run(&mut presenter, &[], keys, nth_key);
    println!("{}", row("presenter alone: key to own frame", alone, missed));
    let followers: Vec<Client> = (0..sessions).map(|_| connect(&server)).collect();
    // Let the followers' first frames and viewer-count updates settle.
    thread::sleep(Duration::from_millis(500));
    let (own, all, missed) = presenter_run(&mut presenter, &followers, keys, nth_key);
    println!("{}", row(&format!("presenter with {sessions} followers: own frame"), own, missed));
    println!("{}", row(&format!("presenter key to all {sessions} followers drawn"), all, 0));
    drop(followers);
    drop(presenter);
    drop(server);

    // A tour clicked through: every key a new step, followers with captions on.
    let server = start(&["--present", "--tour", "cross-licence"]);
    let mut presenter = connect(&server);
    let followers: Vec<Client> = (0..sessions).map(|_| connect(&server)).collect();
    thread::sleep(Duration::from_millis(500));
    let (own, all, missed) = presenter_run(&mut presenter, &followers, keys, tour_key);
    println!("{}", row(&format!("tour step (PgDn/PgUp) with {sessions} followers: own frame"), own, missed));
    println!("{}", row(&format!("tour step to all {sessions} followers drawn, captions on"), all, 0));
    drop(followers);
    drop(presenter);
    drop(server);

    let server = start(&[]);
    let clients: Vec<Client> = (0..sessions).map(|_| connect(&server)).collect();
    let barrier = Arc::new(std::sync::Barrier::new(sessions));
    let handles: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(n, mut c)| {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                barrier.wait();
                let (mut times, mut missed) = (Vec::new(), 0);
                for i in 0..keys {
                    match c.key(nth_key(i)) {
                        Some(t) => times.push(t),
                        None => missed += 1,
                    }
                    // A person's pace, staggered so the sessions do not type in lockstep.
                    thread::sleep(Duration::from_millis(20 + (n as u64 * 7 + i as u64 * 13) % 40));
                }
                (times, missed)
            })
        })
        .collect();
    let (mut times, mut missed) = (Vec::new(), 0);
    for h in handles {
        let (t, m) = h.join().expect("a session thread");
        times.extend(t);
        missed += m;
    }
    println!("{}", row(&format!("{sessions} sessions typing at once: key to frame"), times, missed));
    drop(server);

    let server = start(&[]);
    let (during, sent, frames) = resize_flood(&server, keys);
    println!("{}", row("a 5th session's keys while 4 flood resizes", during, 0));
    println!();
    println!("resize flood: {sent} window changes sent in 5 s, {frames} frames drawn for them");
}

/// Phase 4: four sessions flood window changes while a fifth types.
fn resize_flood(server: &Server, keys: usize) -> (Vec<Duration>, u32, usize) {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], server.port));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    rt.block_on(async move {
        let mut probe = ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24).await;
        assert!(probe.wait_until(WAIT, |s| !s.frames.is_empty()).await, "the first frame");
        let mut flooders = Vec::new();
        for i in 0..4u8 {
            flooders.push(ssh_client::Session::open(addr, [127, 0, 0, 10 + i].into(), 80, 24).await);
        }
        let flood = Duration::from_secs(5);
        let floods: Vec<_> = flooders.iter().map(|f| f.flood_window_changes(flood)).collect();
        let (start, mut times, mut i) = (Instant::now(), Vec::new(), 0);
        while start.elapsed() < flood && times.len() < keys {
            times.extend(probe.time_key(nth_key(i), WAIT).await);
            i += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let mut sent = 0;
        for f in floods {
            sent += f.await.unwrap_or(0);
        }
        let frames = flooders.iter().map(|f| f.frames()).sum();
        (times, sent, frames)
    })
}
