//! Load test of the web viewer (`serve --present --web`) on loopback: a
//! presenter over SSH (russh's client, scripted) steps through the demo tour
//! (PgDn, PgUp, …) while 100 web viewers (a scripted WebSocket client that
//! does what the page does: applies each frame and acknowledges it) and 30
//! SSH followers watch, all in this one process. For each key it times:
//!
//! - the presenter's own key to the end of its next frame;
//! - the key to the moment every web viewer's screen shows the new step
//!   (its caption), and every SSH follower's;
//! - the key to all of them (web and SSH) drawn.
//!
//! Run: `cargo bench --bench web_load`. `WEB_LOAD_VIEWERS`, `WEB_LOAD_SSH`
//! and `WEB_LOAD_KEYS` change the 100 web viewers, 30 SSH followers and 60 keys.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dealscope::runtime::web::cells::Model;
use dealscope::runtime::web::protocol::{ClientMsg, Scheme, VERSION};
use futures_util::{SinkExt as _, StreamExt as _};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;

#[path = "../tests/common/ssh_client.rs"]
mod ssh_client;

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
const WAIT: Duration = Duration::from_secs(20);
/// What each step's caption says (the tour's first two steps).
const MARKS: [&str; 2] = ["Shenzhen in 1987", "Beijing in 2010"];
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

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(viewers: usize, ssh: usize) -> Server {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (viewers, ssh) = ((viewers + 8).to_string(), (ssh + 8).to_string());
    let mut child = Command::new(BIN)
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

/// One scripted page: applies every frame, acknowledges it as the page does
/// after painting, and reports when its screen first shows what is expected.
async fn web_viewer(
    link: String,
    size: (u16, u16),
    mut expect: watch::Receiver<Expect>,
    report: mpsc::UnboundedSender<(bool, usize, Instant)>,
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
                let at = Instant::now();
                let _ = ws.send(Message::Binary(ClientMsg::Ack(model.seq).encode().into())).await;
                if !said_ready {
                    said_ready = true;
                    let _ = ready.send(());
                }
                let (n, mark) = *expect.borrow();
                if n != reported && model.text().contains(mark) {
                    reported = n;
                    let _ = report.send((true, n, at));
                }
            }
            changed = expect.changed() => {
                if changed.is_err() {
                    return;
                }
                let (n, mark) = *expect.borrow_and_update();
                if n != reported && model.text().contains(mark) {
                    reported = n;
                    let _ = report.send((true, n, Instant::now()));
                }
            }
        }
    }
}

/// One SSH follower: reports when its terminal first received the expected caption.
async fn ssh_follower(
    mut s: ssh_client::Session,
    mut expect: watch::Receiver<Expect>,
    report: mpsc::UnboundedSender<(bool, usize, Instant)>,
) {
    loop {
        if expect.changed().await.is_err() {
            return;
        }
        let (n, mark) = *expect.borrow_and_update();
        let from = s.seen.lock().expect("lock").bytes.len();
        let drawn = |seen: &ssh_client::Seen| {
            let tail = &seen.bytes[from.min(seen.bytes.len())..];
            let text = String::from_utf8_lossy(tail);
            text.find(mark).is_some_and(|at| text[at..].contains("\u{1b}[?2026l"))
        };
        if s.wait_until(WAIT, drawn).await {
            let _ = report.send((false, n, Instant::now()));
        }
    }
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

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let (viewers, followers, keys) =
        (env_or("WEB_LOAD_VIEWERS", 100), env_or("WEB_LOAD_SSH", 30), env_or("WEB_LOAD_KEYS", 60));
    let server = start(viewers, followers);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        let source = [127, 0, 0, 1].into();
        let mut presenter = ssh_client::Session::open(server.ssh, source, 100, 30).await;
        assert!(presenter.wait_until(WAIT, |s| String::from_utf8_lossy(&s.bytes).contains("presenting")).await);
        let (expect_tx, expect) = watch::channel((usize::MAX, MARKS[0]));
        let (report_tx, mut reports) = mpsc::unbounded_channel();
        let (ready_tx, mut ready) = mpsc::unbounded_channel();
        // They join 32 at a time: the server takes at most 64 connections
        // from one address that are not viewers yet (all of these are on
        // 127.0.0.1), as a room joining over a few seconds would.
        for batch in (0..viewers).collect::<Vec<_>>().chunks(32) {
            for &i in batch {
                let size = SIZES[i % SIZES.len()];
                let (link, expect, report, ready) =
                    (server.link.clone(), expect.clone(), report_tx.clone(), ready_tx.clone());
                tokio::spawn(web_viewer(link, size, expect, report, ready));
            }
            for _ in batch {
                tokio::time::timeout(WAIT, ready.recv()).await.expect("every web viewer got its first frame");
            }
        }
        for i in 0..followers {
            let source = [127, 0, 1, (i % 250) as u8 + 1].into();
            let s = ssh_client::Session::open(server.ssh, source, 100, 30).await;
            tokio::spawn(ssh_follower(s, expect.clone(), report_tx.clone()));
        }
        // Let the last joins settle (the roster line on the presenter's screen).
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (mut own, mut web_all, mut ssh_all, mut all) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut missed = 0;
        for n in 0..keys {
            let (key, mark): (&[u8], _) = if n % 2 == 0 { (b"\x1b[6~", MARKS[1]) } else { (b"\x1b[5~", MARKS[0]) };
            expect_tx.send_replace((n, mark));
            let sent = Instant::now();
            if let Some(t) = presenter.time_key(key, WAIT).await {
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
            web_all.push(web_last.duration_since(sent));
            ssh_all.push(ssh_last.duration_since(sent));
            all.push(web_last.max(ssh_last).duration_since(sent));
            // Quiet before the next key, as a presenter talks between steps.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        println!(
            "web_load: {viewers} web viewers, {followers} SSH followers, {keys} keys (PgDn/PgUp through the tour)"
        );
        println!("  presenter's key to its own frame    {}", percentiles(&own));
        println!("  presenter's key to every web viewer {}", percentiles(&web_all));
        println!("  presenter's key to every SSH one    {}", percentiles(&ssh_all));
        println!("  presenter's key to all drawn        {}  ({missed} keys missed)", percentiles(&all));
    });
}
