//! Load test of `dealscope serve` on loopback: the presenter is the system's
//! OpenSSH client in a pseudo-terminal (as a person presents), every viewer
//! is russh's client, scripted, many to one tokio runtime in this process
//! (so the figures measure the server, not a hundred `ssh` processes).
//!
//! Five phases, each a bounded loop, each keystroke's response timed from the
//! write to the end of the frame it caused (the end-of-synchronized-update
//! sequence every frame closes with), as seen by the client:
//!
//! 1. `alone`: one presenter, no viewers.
//! 2. `followed`: the same presenter with N followers; also the time until
//!    every follower has drawn the presenter's move, the server's CPU time
//!    per presenter key (from /proc), and the bytes each follower was sent
//!    per key against the floor: the cells that differ between its screens
//!    before and after (read back with a terminal emulator).
//! 3. `tour`: a presenter clicks through the demo tour (PgDn, PgUp) with N
//!    followers, whose caption lines show each step's caption; the same figures.
//! 4. `concurrent`: N independent sessions typing at once, each key followed
//!    by a short think time.
//! 5. `resize flood`: 4 sessions send window changes as fast as they can,
//!    alternating 500x200 and 499x199 (the largest size served, so each
//!    redraw is the dearest there is), for 5 s, while a fifth session types;
//!    its key-to-frame time must stay under 50 ms at p95.
//!
//! Run: `cargo bench --bench ssh_load` (needs `ssh`; about a minute). Set
//! `SSH_LOAD_SESSIONS` and `SSH_LOAD_KEYS` to change the 30 sessions and 100
//! keys; `SSH_LOAD_SESSIONS=100` is the webinar the README's budgets are for
//! (the server is started with every cap at 256, so no cap is in the way).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};

#[path = "common/server_cpu.rs"]
mod server_cpu;
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
    /// The log lines of sessions that ended.
    ended: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every cap high enough for the largest room measured (the flags a
/// webinar's server is started with; see the README).
const CAPS: [&str; 10] = [
    "--max-sessions",
    "256",
    "--max-sessions-per-source",
    "256",
    "--max-sessions-per-key",
    "256",
    "--max-startups",
    "256",
    "--max-startups-per-source",
    "256",
];

fn start(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().expect("temporary directory");
    // A theme given: no session waits for its terminal to say its background.
    let mut child = Command::new(BIN)
        .args(["--theme", "dark", "serve", "--open", "--listen", "127.0.0.1:0"])
        .args(CAPS)
        .arg("--host-key")
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
    let ended = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&ended);
    thread::spawn(move || {
        for line in lines.map_while(Result::ok).filter(|l| l.contains(" ended (")) {
            log.lock().expect("lock").push(line);
        }
    });
    Server { child, port, _dir: dir, ended }
}

impl Server {
    /// What the last of `sessions` sessions to end logged of the room's
    /// follower frames (`room frames: N drawn, M shared`), once they all ended.
    fn room_frames(&self, sessions: usize) -> String {
        let start = Instant::now();
        while self.ended.lock().expect("lock").len() < sessions && start.elapsed() < WAIT {
            thread::sleep(Duration::from_millis(50));
        }
        let ended = self.ended.lock().expect("lock");
        let last = ended.iter().filter_map(|l| l.split("room frames: ").nth(1)).next_back().unwrap_or("?)");
        format!("room frames: {}", last.trim_end_matches(')'))
    }

    fn addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// The server's CPU time so far.
    fn cpu(&self) -> Duration {
        server_cpu::of(self.child.id())
    }
}

/// Many viewers, russh's client each, on one tokio runtime of this process.
struct Viewers {
    // Sessions go before the runtime they run on.
    sessions: Vec<ssh_client::Session>,
    rt: tokio::runtime::Runtime,
}

impl Viewers {
    /// `n` sessions of 80x24, logged in at once, each with its first frame drawn.
    fn open(server: &Server, n: usize) -> Viewers {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let addr = server.addr();
        let sessions = rt.block_on(async move {
            let opening: Vec<_> =
                (0..n).map(|_| tokio::spawn(ssh_client::Session::open(addr, [127, 0, 0, 1].into(), 80, 24))).collect();
            let mut sessions = Vec::new();
            for o in opening {
                let mut s = o.await.expect("a viewer logs in");
                assert!(s.wait_until(WAIT, |s| !s.frames.is_empty()).await, "a viewer's first frame");
                sessions.push(s);
            }
            sessions
        });
        Viewers { sessions, rt }
    }

    fn counts(&self) -> Vec<usize> {
        self.sessions.iter().map(|s| s.frames()).collect()
    }

    /// Waits until no viewer has drawn anything for 300 ms (joins change
    /// every viewer's count of viewers).
    fn settle(&self) {
        let mut before = self.counts();
        loop {
            thread::sleep(Duration::from_millis(300));
            let now = self.counts();
            if now == before {
                return;
            }
            before = now;
        }
    }

    /// When the last viewer ended a frame after the ones counted in `seen`;
    /// and how many drew none in time.
    fn drawn_after(&mut self, seen: &[usize]) -> (Option<Instant>, usize) {
        let sessions = &mut self.sessions;
        self.rt.block_on(async move {
            let (mut last, mut missed) = (None, 0);
            for (s, &n) in sessions.iter_mut().zip(seen) {
                if s.wait_until(WAIT, |x| x.frames.len() > n).await {
                    last = last.max(Some(s.seen.lock().expect("lock").frames[n]));
                } else {
                    missed += 1;
                }
            }
            (last, missed)
        })
    }

    /// Bytes each viewer has been sent so far.
    fn bytes(&self) -> Vec<usize> {
        self.sessions.iter().map(|s| s.seen.lock().expect("lock").bytes.len()).collect()
    }
}

/// What a phase cost the link: bytes sent per key and viewer, and the
/// floor, the cells that differ between a viewer's screens before and
/// after each frame (read back with a terminal emulator, first viewer).
fn traffic(viewers: &Viewers, from: &[usize], keys: usize) -> (f64, f64) {
    let now = viewers.bytes();
    let sent: usize = now.iter().zip(from).map(|(n, f)| n - f).sum();
    let per_viewer = sent as f64 / viewers.sessions.len().max(1) as f64 / keys.max(1) as f64;
    let bytes = viewers.sessions[0].seen.lock().expect("lock").bytes.clone();
    let mut term = vt100::Parser::new(24.try_into().expect("rows"), 80.try_into().expect("cols"), 0);
    term.process(&bytes[..from[0]]);
    let mut before = term.screen().clone();
    let (mut changed, mut at) = (0usize, from[0]);
    while let Some(end) = bytes[at..].windows(FRAME_END.len()).position(|w| w == FRAME_END) {
        let end = at + end + FRAME_END.len();
        term.process(&bytes[at..end]);
        let screen = term.screen();
        for row in 0..24 {
            for col in 0..80 {
                changed += usize::from(screen.cell(row, col) != before.cell(row, col));
            }
        }
        before = screen.clone();
        at = end;
    }
    (per_viewer, changed as f64 / keys.max(1) as f64)
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
    mut viewers: Option<&mut Viewers>,
    keys: usize,
    key_of: fn(usize) -> &'static [u8],
) -> (Vec<Duration>, Vec<Duration>, usize) {
    let (mut own, mut all, mut missed) = (Vec::new(), Vec::new(), 0);
    for i in 0..keys {
        let seen = viewers.as_ref().map(|v| v.counts()).unwrap_or_default();
        let sent = Instant::now();
        match presenter.key(key_of(i)) {
            Some(t) => own.push(t),
            None => missed += 1,
        }
        if let Some(v) = viewers.as_deref_mut() {
            let (last, late) = v.drawn_after(&seen);
            missed += late;
            if let Some(end) = last {
                all.push(end.saturating_duration_since(sent));
            }
        }
    }
    (own, all, missed)
}

fn p95(times: &[Duration]) -> String {
    let mut t = times.to_vec();
    t.sort();
    match t.len() {
        0 => "-".into(),
        n => format!("{:.1} ms", t[((n - 1) as f64 * 0.95).round() as usize].as_secs_f64() * 1000.0),
    }
}

/// A presenter's keys with `sessions` followers: the table's rows, and the
/// summary's lines (`what: followers=N own p95=… all-drawn p95=…`, then the
/// server's CPU and the bytes against the floor).
fn followed(
    extra: &[&str],
    sessions: usize,
    keys: usize,
    what: &str,
    key_of: fn(usize) -> &'static [u8],
) -> Vec<String> {
    let server = start(extra);
    let mut presenter = connect(&server);
    let mut viewers = Viewers::open(&server, sessions);
    viewers.settle();
    let (cpu, bytes) = (server.cpu(), viewers.bytes());
    let (own, all, missed) = presenter_run(&mut presenter, Some(&mut viewers), keys, key_of);
    let cpu = server.cpu().saturating_sub(cpu);
    viewers.settle();
    let (sent, floor) = traffic(&viewers, &bytes, keys);
    drop(viewers);
    drop(presenter);
    let room = server.room_frames(sessions + 1);
    println!("{}", row(&format!("{what}, {sessions} followers: own frame"), own.clone(), missed));
    println!("{}", row(&format!("{what}, {sessions} followers: all drawn"), all.clone(), 0));
    let per_key = cpu.as_secs_f64() * 1000.0 / keys.max(1) as f64;
    vec![
        format!("{what}: followers={sessions} own p95={} all-drawn p95={}", p95(&own), p95(&all)),
        format!(
            "{what}: server CPU {per_key:.2} ms per key; {sent:.0} bytes per key per follower, \
             floor {floor:.0} changed cells ({:.1} bytes per changed cell)",
            sent / floor.max(1.0)
        ),
        format!("{what}: {room} (whole run, joins included; each follower frame is drawn or shared)"),
    ]
}

fn main() {
    if Command::new("ssh").arg("-V").output().is_err() {
        eprintln!("ssh_load: no `ssh` client on this machine; skipped");
        return;
    }
    let sessions = env_or("SSH_LOAD_SESSIONS", 30);
    let keys = env_or("SSH_LOAD_KEYS", 100);
    let cores = thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "ssh_load: {sessions} sessions, {keys} keys each, {cores} cores, loopback, presenter: OpenSSH client in a pty, others: russh clients in this process"
    );
    println!();
    println!(
        "| {:<46} | {:>6} | {:>6} | {:>6} | {:>6} | {:>6} | {:>6} |",
        "what (ms)", "keys", "p50", "p95", "p99", "max", "missed"
    );
    println!("|{}|--------|--------|--------|--------|--------|--------|", "-".repeat(48));

    let mut summary = Vec::new();
    let server = start(&["--present"]);
    let mut presenter = connect(&server);
    let (alone, _, missed) = presenter_run(&mut presenter, None, keys, nth_key);
    println!("{}", row("presenter alone: key to own frame", alone.clone(), missed));
    summary.push(format!("presenter alone: own p95={}", p95(&alone)));
    drop(presenter);
    drop(server);
    summary.extend(followed(&["--present"], sessions, keys, "presenter key (j/k)", nth_key));
    // A tour clicked through: every key a new step, followers with captions on.
    let tour = ["--present", "--tour", "cross-licence"];
    summary.extend(followed(&tour, sessions, keys, "tour step (PgDn/PgUp)", tour_key));

    let server = start(&[]);
    let (times, missed) = concurrent(&server, sessions, keys);
    println!("{}", row(&format!("{sessions} sessions typing at once: key to frame"), times, missed));
    drop(server);

    let server = start(&[]);
    let (during, sent, frames) = resize_flood(&server, keys);
    println!("{}", row("a 5th session's keys while 4 flood resizes", during, 0));
    println!();
    println!("resize flood: {sent} window changes sent in 5 s, {frames} frames drawn for them");
    println!();
    for line in summary {
        println!("{line}");
    }
}
/// Phase 4: `sessions` russh sessions type at once, each at a person's pace.
fn concurrent(server: &Server, sessions: usize, keys: usize) -> (Vec<Duration>, usize) {
    let viewers = Viewers::open(server, sessions);
    let Viewers { sessions: clients, rt } = viewers;
    rt.block_on(async move {
        let barrier = Arc::new(tokio::sync::Barrier::new(clients.len()));
        let typing: Vec<_> = clients
            .into_iter()
            .enumerate()
            .map(|(n, mut c)| {
                let barrier = Arc::clone(&barrier);
                tokio::spawn(async move {
                    barrier.wait().await;
                    let (mut times, mut missed) = (Vec::new(), 0);
                    for i in 0..keys {
                        match c.time_key(nth_key(i), WAIT).await {
                            Some(t) => times.push(t),
                            None => missed += 1,
                        }
                        // A person's pace, staggered so the sessions do not type in lockstep.
                        let think = 20 + (n as u64 * 7 + i as u64 * 13) % 40;
                        tokio::time::sleep(Duration::from_millis(think)).await;
                    }
                    (times, missed)
                })
            })
            .collect();
        let (mut times, mut missed) = (Vec::new(), 0);
        for t in typing {
            let (t, m) = t.await.expect("a session's task");
            times.extend(t);
            missed += m;
        }
        (times, missed)
    })
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
