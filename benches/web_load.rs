//! Load test of the web viewer (`serve --present --web`) on loopback: a
//! presenter over SSH (russh's client, scripted, in this process) steps
//! through the demo tour (PgDn, PgUp, …) while 100 web viewers (a scripted
//! WebSocket client that does what the page does: applies each frame and
//! acknowledges it) and 30 SSH followers (russh's client) watch. In a
//! meeting the attendees' machines are their own; here they share two
//! cores with the server and the presenter's client, so the audience (a
//! second process of this bench, 130 clients on two threads) runs at
//! `nice 15`: its decoding never delays the server or the presenter's
//! client. The server and the presenter's client run at the same priority
//! (`WEB_LOAD_SERVER_NICE` lowers the server's, for comparison). For each
//! key it times:
//!
//! - the presenter's own key to the end of its next frame;
//! - the key to the moment every web viewer's screen shows the new step
//!   (its caption), and every SSH follower's;
//! - the key to all of them (web and SSH) drawn;
//!
//! and the server's CPU time per key.
//!
//! Run: `cargo bench --bench web_load`. `WEB_LOAD_VIEWERS`, `WEB_LOAD_SSH`
//! and `WEB_LOAD_KEYS` change the 100 web viewers, 30 SSH followers and 60
//! keys; `WEB_LOAD_SERVER_NICE` the server's nice value (0).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use dealscope::runtime::web::cells::Model;
use dealscope::runtime::web::protocol::{ClientMsg, Scheme, VERSION};
use futures_util::{SinkExt as _, StreamExt as _};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;

#[path = "common/server_cpu.rs"]
mod server_cpu;
#[path = "../tests/common/ssh_client.rs"]
mod ssh_client;

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
const WAIT: Duration = Duration::from_secs(20);
/// What each step's caption says (the tour's first two steps).
const MARKS: [&str; 2] = ["Shenzhen in 1987", "Beijing in 2010"];
/// What ends every frame a terminal is sent (a synchronized update's end).
const FRAME_END: &[u8] = b"\x1b[?2026l";
/// The server's nice value (0: the presenter's client's priority) and the
/// audience's (see the module's comment).
const SERVER_NICE: usize = 0;
const AUDIENCE_NICE: usize = 15;
/// The sizes web viewers come in, in turn.
const SIZES: [(u16, u16); 4] = [(80, 24), (100, 30), (120, 40), (200, 60)];

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Server {
    child: Child,
    ssh: SocketAddr,
    link: String,
    _dir: tempfile::TempDir,
}

impl Server {
    /// The server's CPU time so far.
    fn cpu(&self) -> Duration {
        server_cpu::of(self.child.id())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(viewers: usize, ssh: usize) -> Server {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (viewers, ssh) = ((viewers + 8).to_string(), (ssh + 8).to_string());
    // At this process's priority unless asked (see the module's comment).
    let nice = env_or("WEB_LOAD_SERVER_NICE", SERVER_NICE).to_string();
    let mut child = Command::new("nice")
        .args(["-n", &nice, BIN])
        .args(["serve", "--open", "--present", "--tour", "cross-licence", "--listen", "127.0.0.1:0"])
        .args(["--web", "127.0.0.1:0", "--web-max-viewers", &viewers, "--web-max-viewers-per-source", &viewers])
        .args(["--max-sessions", &ssh, "--max-sessions-per-source", &ssh, "--host-key"])
        .arg(dir.path().join("host_key"))
        .env_remove("DEALSCOPE_WEB_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let (mut addr, mut link) = (None, None);
    for line in lines.by_ref().map_while(Result::ok) {
        if let Some(a) = line.strip_prefix("dealscope: serving the explorer on ") {
            addr = a.trim().parse().ok();
        }
        if let Some(l) = line.strip_prefix("dealscope: web link: ")
            && link.is_none()
        {
            link = Some(l.trim().to_string());
        }
        if addr.is_some() && link.is_some() {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    Server { child, ssh: addr.expect("the SSH address"), link: link.expect("the web link"), _dir: dir }
}

/// Which key is pressed (its number) and what the screen shows once it is drawn.
type Expect = (usize, &'static str);

/// A viewer drew key N: a web viewer (or an SSH follower), N, when (the
/// wall clock: the audience is another process).
type Drawn = (bool, usize, SystemTime);

/// What key `n` is and what its step's caption says.
fn key(n: usize) -> (&'static [u8], &'static str) {
    if n.is_multiple_of(2) { (b"\x1b[6~", MARKS[1]) } else { (b"\x1b[5~", MARKS[0]) }
}

/// One scripted page: applies every frame, acknowledges it as the page does
/// after painting, and reports when its screen first shows what is expected.
async fn web_viewer(
    link: String,
    size: (u16, u16),
    mut expect: watch::Receiver<Expect>,
    report: mpsc::UnboundedSender<Drawn>,
    ready: mpsc::UnboundedSender<()>,
) {
    let (origin, token) = link.split_once("/#").expect("a link with a token");
    let mut req = format!("{}/ws", origin.replace("http://", "ws://")).into_client_request().expect("a request");
    req.headers_mut().insert("origin", origin.parse().expect("an origin"));
    let addr = origin.trim_start_matches("http://");
    let tcp = tokio::net::TcpStream::connect(addr).await.expect("connects");
    let _ = tcp.set_nodelay(true);
    let (mut ws, _) = tokio_tungstenite::client_async(req, tcp).await.expect("the socket opens");
    let auth = ClientMsg::Auth {
        version: VERSION,
        token: token.as_bytes().to_vec(),
        cols: size.0,
        rows: size.1,
        scheme: Scheme::Dark,
        name: String::new(),
    };
    ws.send(Message::Binary(auth.encode().into())).await.expect("sent");
    let mut model = Model::default();
    let mut reported = usize::MAX;
    let mut said_ready = false;
    loop {
        tokio::select! {
            msg = ws.next() => {
                let Some(Ok(Message::Binary(b))) = msg else {
                    match msg {
                        Some(Ok(_)) => continue,
                        _ => return,
                    }
                };
                if model.apply(&b) != Ok(true) {
                    continue;
                }
                let at = SystemTime::now();
                let _ = ws.send(Message::Binary(ClientMsg::Ack(model.seq).encode().into())).await;
                if !said_ready {
                    said_ready = true;
                    let _ = ready.send(());
                }
                let (n, mark) = *expect.borrow();
                if n != reported && model.contains(mark) {
                    reported = n;
                    let _ = report.send((true, n, at));
                }
            }
            changed = expect.changed() => {
                if changed.is_err() {
                    return;
                }
                let (n, mark) = *expect.borrow_and_update();
                if n != reported && model.contains(mark) {
                    reported = n;
                    let _ = report.send((true, n, SystemTime::now()));
                }
            }
        }
    }
}

/// One SSH follower: reports when its terminal first received the expected
/// caption, looking in what came after the frame it last reported.
async fn ssh_follower(
    mut s: ssh_client::Session,
    mut expect: watch::Receiver<Expect>,
    report: mpsc::UnboundedSender<Drawn>,
) {
    let mut from = s.seen.lock().expect("lock").bytes.len();
    // Where the frame showing `mark` ends, in what came from `from` on.
    let drawn_end = |seen: &ssh_client::Seen, from: usize, mark: &str| {
        let tail = &seen.bytes[from.min(seen.bytes.len())..];
        let at = find(tail, mark.as_bytes())?;
        let end = find(&tail[at..], FRAME_END)?;
        Some(from + at + end + FRAME_END.len())
    };
    loop {
        if expect.changed().await.is_err() {
            return;
        }
        let (n, mark) = *expect.borrow_and_update();
        if s.wait_until(WAIT, |seen| drawn_end(seen, from, mark).is_some()).await {
            let _ = report.send((false, n, SystemTime::now()));
            from = drawn_end(&s.seen.lock().expect("lock"), from, mark).unwrap_or(from);
        }
    }
}

/// Where `needle` first is in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The `p`th percentile (0–100) of some durations.
fn percentile(times: &[Duration], p: usize) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get((sorted.len() * p / 100).min(sorted.len().saturating_sub(1))).copied().unwrap_or_default()
}

fn percentiles(times: &[Duration]) -> String {
    let p = |q| percentile(times, q).as_secs_f64() * 1000.0;
    format!("p50 {:7.2} ms  p95 {:7.2} ms  max {:7.2} ms", p(50), p(95), p(100))
}

/// The audience process: joins the viewers, says `ready`, then takes key
/// numbers on stdin and says `drawn web|ssh N NANOS` for each viewer.
fn audience(link: String, ssh: SocketAddr, viewers: usize, followers: usize) {
    use std::io::Write as _;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        let (expect_tx, expect) = watch::channel((usize::MAX, MARKS[0]));
        let (report_tx, mut reports) = mpsc::unbounded_channel::<Drawn>();
        let (ready_tx, mut ready) = mpsc::unbounded_channel();
        // They join 32 at a time: the server takes at most 64 connections
        // from one address that are not viewers yet (all of these are on
        // 127.0.0.1), as a room joining over a few seconds would.
        for batch in (0..viewers).collect::<Vec<_>>().chunks(32) {
            for &i in batch {
                let size = SIZES[i % SIZES.len()];
                let (link, expect, report, ready) = (link.clone(), expect.clone(), report_tx.clone(), ready_tx.clone());
                tokio::spawn(web_viewer(link, size, expect, report, ready));
            }
            for _ in batch {
                tokio::time::timeout(WAIT, ready.recv()).await.expect("every web viewer got its first frame");
            }
        }
        for i in 0..followers {
            let source = [127, 0, 1, (i % 250) as u8 + 1].into();
            let s = ssh_client::Session::open(ssh, source, 100, 30).await;
            tokio::spawn(ssh_follower(s, expect.clone(), report_tx.clone()));
        }
        println!("ready");
        let _ = std::io::stdout().flush();
        let (keys_tx, mut keys) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in std::io::stdin().lines().map_while(Result::ok) {
                let _ = keys_tx.send(line.trim().parse::<usize>().expect("a key number"));
            }
        });
        loop {
            tokio::select! {
                n = keys.recv() => match n {
                    Some(n) => {
                        expect_tx.send_replace((n, key(n).1));
                    }
                    None => return,
                },
                Some((web, n, at)) = reports.recv() => {
                    let nanos = at.duration_since(SystemTime::UNIX_EPOCH).expect("after 1970").as_nanos();
                    println!("drawn {} {n} {nanos}", if web { "web" } else { "ssh" });
                    let _ = std::io::stdout().flush();
                }
            }
        }
    });
    rt.shutdown_background();
}

/// The audience process, started at a lower priority, with its reports
/// coming in on a channel.
struct Audience {
    child: Child,
    keys: std::process::ChildStdin,
}

impl Audience {
    async fn start(server: &Server, viewers: usize, followers: usize) -> (Self, mpsc::UnboundedReceiver<Drawn>) {
        let me = std::env::current_exe().expect("the bench's own path");
        let mut child = Command::new("nice")
            .args(["-n", &AUDIENCE_NICE.to_string()])
            .arg(me)
            .env("WEB_LOAD_AUDIENCE", format!("{} {} {viewers} {followers}", server.link, server.ssh))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the audience starts");
        let keys = child.stdin.take().expect("stdin");
        let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let (tx, rx) = mpsc::unbounded_channel();
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let mut ready_tx = Some(ready_tx);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let words: Vec<&str> = line.split_whitespace().collect();
                match words.as_slice() {
                    ["ready"] => {
                        if let Some(tx) = ready_tx.take() {
                            let _ = tx.send(());
                        }
                    }
                    ["drawn", kind, n, nanos] => {
                        let at = SystemTime::UNIX_EPOCH + Duration::from_nanos(nanos.parse().expect("nanoseconds"));
                        let _ = tx.send((*kind == "web", n.parse().expect("a key number"), at));
                    }
                    _ => panic!("the audience said {line:?}"),
                }
            }
        });
        // Awaited: the presenter's client goes on being served meanwhile.
        let joined = tokio::time::timeout(WAIT * 4, ready_rx).await;
        assert!(matches!(joined, Ok(Ok(()))), "the audience joined");
        (Self { child, keys }, rx)
    }

    fn expect(&mut self, n: usize) {
        use std::io::Write as _;
        writeln!(self.keys, "{n}").and_then(|()| self.keys.flush()).expect("the audience takes keys");
    }
}

impl Drop for Audience {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if let Ok(what) = std::env::var("WEB_LOAD_AUDIENCE") {
        let w: Vec<&str> = what.split_whitespace().collect();
        let n = |i: usize| w[i].parse().expect("a count");
        return audience(w[0].to_string(), w[1].parse().expect("an address"), n(2), n(3));
    }
    let (viewers, followers, keys) =
        (env_or("WEB_LOAD_VIEWERS", 100), env_or("WEB_LOAD_SSH", 30), env_or("WEB_LOAD_KEYS", 60));
    let server = start(viewers, followers);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let source = [127, 0, 0, 1].into();
        let mut presenter = ssh_client::Session::open(server.ssh, source, 100, 30).await;
        assert!(presenter.wait_until(WAIT, |s| String::from_utf8_lossy(&s.bytes).contains("presenting")).await);
        let (mut audience, mut reports) = Audience::start(&server, viewers, followers).await;
        // Let the last joins settle (the roster line on the presenter's screen).
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (mut own, mut web_all, mut ssh_all, mut all) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut missed = 0;
        let cpu_before = server.cpu();
        for n in 0..keys {
            audience.expect(n);
            let sent = SystemTime::now();
            if let Some(t) = presenter.time_key(key(n).0, WAIT).await {
                own.push(t);
            }
            let (mut web_last, mut ssh_last, mut got) = (sent, sent, 0);
            let deadline = tokio::time::Instant::now() + WAIT;
            while got < viewers + followers {
                match tokio::time::timeout_at(deadline, reports.recv()).await {
                    Ok(Some((web, k, at))) if k == n => {
                        got += 1;
                        let last = if web { &mut web_last } else { &mut ssh_last };
                        *last = (*last).max(at);
                    }
                    Ok(Some(_)) => {}
                    _ => break,
                }
            }
            if got < viewers + followers {
                missed += 1;
                continue;
            }
            let since = |t: SystemTime| t.duration_since(sent).unwrap_or_default();
            web_all.push(since(web_last));
            ssh_all.push(since(ssh_last));
            all.push(since(web_last.max(ssh_last)));
            // Quiet before the next key, as a presenter talks between steps.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let per_key = (server.cpu() - cpu_before).as_secs_f64() * 1000.0 / keys.max(1) as f64;
        println!(
            "web_load: {viewers} web viewers, {followers} SSH followers, {keys} keys (PgDn/PgUp through the tour)"
        );
        println!("  presenter's key to its own frame    {}", percentiles(&own));
        println!("  presenter's key to every web viewer {}", percentiles(&web_all));
        println!("  presenter's key to every SSH one    {}", percentiles(&ssh_all));
        println!("  presenter's key to all drawn        {}  ({missed} keys missed)", percentiles(&all));
        println!("  server CPU per key                  {per_key:.1} ms (the quiet 50 ms after each included)");
        drop(audience);
    });
}
