//! `dealscope serve --web` end to end: the page in a real browser (headless
//! chromium over the DevTools protocol, `common/cdp.rs`), and the server's
//! answers to what a browser never sends (wrong tokens, other origins,
//! floods) from a scripted WebSocket client.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use dealscope::runtime::web::cells::Model;
use dealscope::runtime::web::protocol::{ClientMsg, Scheme, VERSION};
use tungstenite::Message;
use tungstenite::client::IntoClientRequest as _;

use crate::cdp;

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
const TIMEOUT: Duration = Duration::from_secs(20);

/// A server with the web viewer, and its link.
struct Server {
    child: Child,
    ssh: std::net::SocketAddr,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    origin: String,
    token: String,
    log: Arc<Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn link(&self) -> String {
        format!("{}/#{}", self.origin, self.token)
    }

    fn web_addr(&self) -> String {
        self.origin.trim_start_matches("http://").trim_start_matches("https://").to_string()
    }

    /// Waits until a logged line contains `what`.
    fn logged(&self, what: &str) -> String {
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

/// Starts `serve --open --web 127.0.0.1:0` with `extra` flags.
fn start(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--open", "--listen", "127.0.0.1:0", "--web", "127.0.0.1:0", "--host-key"])
        .arg(dir.path().join("host_key"))
        .args(extra)
        .env_remove("DEALSCOPE_WEB_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let log = Arc::new(Mutex::new(Vec::new()));
    let (mut ssh, mut link) = (None, None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        log.lock().unwrap().push(line.clone());
        if let Some(addr) = line.strip_prefix("dealscope: serving the explorer on ") {
            ssh = Some(addr.trim().parse().unwrap());
        }
        if let Some(l) = line.strip_prefix("dealscope: web link: ")
            && link.is_none()
        {
            link = Some(l.trim().to_string());
        }
        if ssh.is_some() && link.is_some() {
            break;
        }
    }
    let link = link.expect("the server printed the web link");
    let (origin, token) = link.split_once("/#").expect("a link with a token in its fragment");
    let kept = Arc::clone(&log);
    thread::spawn(move || lines.map_while(Result::ok).for_each(|l| kept.lock().unwrap().push(l)));
    Server {
        child,
        ssh: ssh.expect("the SSH address"),
        origin: origin.to_string(),
        token: token.to_string(),
        log,
        _dir: dir,
    }
}

/// A raw HTTP/1.1 GET; the status line and headers, and the body.
fn get(server: &Server, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(server.web_addr()).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.web_addr()).unwrap();
    let mut all = String::new();
    s.read_to_string(&mut all).unwrap();
    let (head, body) = all.split_once("\r\n\r\n").unwrap_or((&all, ""));
    (head.to_ascii_lowercase(), body.to_string())
}

/// A scripted page: a WebSocket from `origin` that sends `auth` first.
struct Page {
    ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
}

impl Page {
    fn open(server: &Server, origin: &str) -> Result<Page, tungstenite::Error> {
        let mut req = format!("ws://{}/ws", server.web_addr()).into_client_request().unwrap();
        req.headers_mut().insert("origin", origin.parse().unwrap());
        let (ws, _) = tungstenite::connect(req)?;
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(TIMEOUT)).unwrap();
        }
        Ok(Page { ws })
    }

    fn auth(&mut self, token: &str, cols: u16, rows: u16) {
        self.auth_as(token, cols, rows, "");
    }

    /// The first message, with the name typed in the page's bar.
    fn auth_as(&mut self, token: &str, cols: u16, rows: u16, name: &str) {
        let msg = ClientMsg::Auth {
            version: VERSION,
            token: token.as_bytes().to_vec(),
            cols,
            rows,
            scheme: Scheme::Dark,
            name: name.into(),
        };
        self.ws.send(Message::Binary(msg.encode().into())).unwrap();
    }

    /// Every message until the socket closes: binary messages, and the close code.
    fn until_closed(&mut self) -> (Vec<Vec<u8>>, Option<u16>) {
        let mut got = Vec::new();
        loop {
            match self.ws.read() {
                Ok(Message::Binary(b)) => got.push(b.to_vec()),
                Ok(Message::Close(frame)) => return (got, frame.map(|f| u16::from(f.code))),
                Ok(_) => {}
                Err(_) => return (got, None),
            }
        }
    }
}

#[test]
fn the_page_and_its_files_carry_strict_headers_and_anything_else_is_not_found() {
    let server = start(&[]);
    for path in ["/", "/page.js", "/page.css", "/nothing", "/../etc/passwd", "/ws"] {
        let (head, _) = get(&server, path);
        for header in [
            "content-security-policy: default-src 'none'; script-src 'self'; style-src 'self'",
            "frame-ancestors 'none'",
            "x-content-type-options: nosniff",
            "referrer-policy: no-referrer",
        ] {
            assert!(head.contains(header), "{path}: no `{header}` in\n{head}");
        }
    }
    let (head, body) = get(&server, "/");
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(body.contains("<script src=\"page.js\" defer></script>"), "the script is a file of its own");
    assert!(!body.contains("<script>") && !body.contains("style=\""), "no inline script or style:\n{body}");
    assert!(!body.contains("http://") && !body.contains("https://"), "nothing loads from elsewhere");
    let (head, _) = get(&server, "/nothing");
    assert!(head.starts_with("http/1.1 404"), "{head}");
    // A GET of the socket's path without the upgrade is a missing page too.
    let (head, _) = get(&server, "/ws");
    assert!(head.starts_with("http/1.1 404"), "{head}");
}

#[test]
fn a_wrong_token_gets_nothing_and_the_right_one_a_screen() {
    let server = start(&[]);
    // Wrong, missing, and a first message that is no token: closed as not
    // found, not one byte of the screen.
    for token in ["0123456789abcdef0123456789abcdef", "", &server.token[..31]] {
        let mut page = Page::open(&server, &server.origin).unwrap();
        page.auth(token, 80, 24);
        let (got, code) = page.until_closed();
        assert!(got.is_empty(), "a wrong token got {} messages", got.len());
        assert_eq!(code, Some(4404), "closed as a missing page");
    }
    server.logged("a wrong token (authfail +");
    // The printed link is the one place the token is written.
    let log = server.log.lock().unwrap().clone();
    let logged = log.iter().filter(|l| !l.starts_with("dealscope: web link: ")).any(|l| l.contains(&server.token));
    assert!(!logged, "the token is never logged:\n{}", log.join("\n"));
    // The right token: a whole frame first, with the demo on it.
    let mut page = Page::open(&server, &server.origin).unwrap();
    page.auth(&server.token, 80, 24);
    let first = loop {
        match page.ws.read().unwrap() {
            Message::Binary(b) => break b.to_vec(),
            _ => continue,
        }
    };
    let mut model = Model::default();
    assert_eq!(model.apply(&first), Ok(true), "the first message is a frame");
    assert_eq!((model.cols, model.rows), (80, 24));
    assert!(model.text().contains("Huawei"), "{}", model.text());
}

#[test]
fn a_socket_from_another_origin_is_refused_before_the_upgrade() {
    let server = start(&[]);
    for origin in ["http://evil.example", "null", "http://127.0.0.1:1"] {
        match Page::open(&server, origin) {
            Err(tungstenite::Error::Http(r)) => assert_eq!(r.status(), 403, "{origin}"),
            Err(e) => panic!("{origin}: {e}"),
            Ok(_) => panic!("{origin}: upgraded"),
        }
    }
    // `localhost` is the same machine's own name for loopback.
    let localhost = server.origin.replace("127.0.0.1", "localhost");
    assert!(Page::open(&server, &localhost).is_ok());
}

#[test]
fn repeated_wrong_tokens_penalise_the_address_as_failed_ssh_logins_do() {
    let server = start(&["--per-source-penalties", "authfail:10s min:15s max:60s"]);
    for _ in 0..2 {
        let mut page = Page::open(&server, &server.origin).unwrap();
        page.auth("0123456789abcdef0123456789abcdef", 80, 24);
        assert_eq!(page.until_closed().1, Some(4404));
    }
    // Past min: even the right token is turned away now, with when to retry...
    let mut page = Page::open(&server, &server.origin).unwrap();
    page.auth(&server.token, 80, 24);
    let (got, code) = page.until_closed();
    assert_eq!(code, Some(4429));
    assert!(got.is_empty());
    // ...and so is an SSH connection from the same address: one penalty table.
    let mut ssh = TcpStream::connect(server.ssh).unwrap();
    ssh.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut banner = Vec::new();
    let _ = ssh.read_to_end(&mut banner);
    let banner = String::from_utf8_lossy(&banner);
    assert!(banner.contains("try again in"), "SSH turned away too: {banner:?}");
}

#[test]
fn a_page_that_floods_or_breaks_the_protocol_is_closed() {
    let server = start(&[]);
    let mut page = Page::open(&server, &server.origin).unwrap();
    page.auth(&server.token, 80, 24);
    for _ in 0..400 {
        if page.ws.send(Message::Binary(ClientMsg::Ping(1).encode().into())).is_err() {
            break;
        }
    }
    assert_eq!(page.until_closed().1, Some(4400), "closed for too many messages");
    let mut page = Page::open(&server, &server.origin).unwrap();
    page.auth(&server.token, 80, 24);
    page.ws.send(Message::Binary(vec![5; 600].into())).unwrap();
    let (_, code) = page.until_closed();
    assert!(code.is_none() || code == Some(1009), "an oversized message ends the socket: {code:?}");
}

// ---- in the browser ----------------------------------------------------------

/// Opens the link in a browser sized `w`x`h` CSS pixels; waits for the first frame.
fn browse(server: &Server, w: u32, h: u32, test: &str) -> Option<cdp::Browser> {
    let mut b = cdp::browser_or_skip(test)?;
    b.viewport(w, h);
    b.open(&server.link());
    b.wait_for("document.querySelectorAll('#screen .row').length > 0", "the first frame");
    Some(b)
}

/// The page's size in cells.
fn cells(b: &mut cdp::Browser) -> (u64, u64) {
    let rows = b.eval("document.querySelectorAll('#screen .row').length").as_u64().unwrap();
    let cols = b.eval(
        "[...document.querySelector('#screen .row').children].reduce((n, s) => n + parseFloat(s.style.width), 0)",
    );
    (cols.as_f64().unwrap() as u64, rows)
}

#[test]
fn the_page_shows_the_screen_as_text_and_lays_it_out_again_when_resized() {
    let server = start(&[]);
    let Some(mut b) = browse(&server, 1024, 700, "web::the_page_shows_the_screen_as_text") else { return };
    b.wait_for("document.querySelector('#screen').textContent.includes('Huawei')", "Huawei in the DOM");
    // Sized as an 80x24 terminal's window, then as a 200x60 one.
    for (cols, rows) in [(80u64, 24u64), (200, 60)] {
        let (cw, lh) = {
            let v = b.eval("(() => { const r = document.getElementById('probe').getBoundingClientRect(); return [r.width / 10, r.height]; })()");
            (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
        };
        let bar = b.eval("document.getElementById('bar').getBoundingClientRect().height").as_f64().unwrap();
        let w = (cols as f64 * cw + 8.0).ceil() as u32;
        let h = (rows as f64 * lh + bar + 6.0).ceil() as u32;
        b.viewport(w, h);
        b.wait_for(&format!("document.querySelectorAll('#screen .row').length === {rows}"), &format!("{rows} rows"));
        assert_eq!(cells(&mut b), (cols, rows), "re-laid out for {w}x{h} px");
        let png = b.screenshot();
        assert!(png.starts_with(b"\x89PNG"), "a screenshot of {cols}x{rows}");
    }
    assert!(b.text().contains("Huawei"));
    // Every span starts where its cells do: Chinese names (two cells a
    // character) leave the columns after them aligned.
    let v = b.eval(
        "(() => { const cw = document.getElementById('probe').getBoundingClientRect().width / 10; \
         let worst = 0, wide = 0; \
         for (const row of document.querySelectorAll('#screen .row')) { \
           const x0 = row.getBoundingClientRect().left; let cells = 0; \
           for (const s of row.children) { \
             worst = Math.max(worst, Math.abs(s.getBoundingClientRect().left - x0 - cells * cw)); \
             const n = parseFloat(s.style.width); \
             if (n === 2 && /[\\u3400-\\u9fff]/.test(s.textContent)) wide++; \
             cells += n; } } \
         return [worst, wide]; })()",
    );
    let (worst, wide) = (v[0].as_f64().unwrap(), v[1].as_u64().unwrap());
    assert!(wide > 0, "Chinese characters on the screen");
    assert!(worst < 0.5, "a span {worst} px off its column");
}

/// What the fixture's data marks confidential, in any case.
const SECRETS: [&str; 8] =
    ["quorvex", "qvx", "odalys", "777", "$12 per unit", "premium of 31", "george town", "2011-04"];

#[test]
fn a_web_viewer_never_receives_what_is_confidential_nor_a_speaker_note() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/redact/data.yaml");
    let server = start(&["--data", data]);
    let Some(mut b) = browse(&server, 1100, 700, "web::a_web_viewer_never_receives_what_is_confidential") else {
        return;
    };
    // The page's own keys take it to the confidential firm and around it.
    b.key("j");
    b.wait_for("document.querySelector('#screen').textContent.includes('redacted-1')", "the masked firm");
    b.key("v");
    b.wait_for("document.querySelector('#screen').textContent.includes('Around redacted firm')", "its neighbourhood");
    let html = b.html().to_lowercase();
    let frames = b.socket_frames();
    assert!(frames.len() >= 3, "the frames the page received were read ({})", frames.len());
    let bytes: Vec<u8> = frames.concat().to_ascii_lowercase();
    let bytes = String::from_utf8_lossy(&bytes);
    for secret in SECRETS {
        assert!(!html.contains(secret), "the DOM holds `{secret}`");
        assert!(!bytes.contains(secret), "the WebSocket carried `{secret}`");
    }
    assert!(html.contains("redacted"), "the viewer saw masks");
    // The tour's speaker note is nowhere either.
    assert!(!html.contains("keep to the deal itself") && !bytes.contains("keep to the deal itself"));
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// A server presenting the demo tour, and its presenter over SSH (the
/// first session presents, on the tour's first step, at 100x30).
fn presenting() -> (Server, tokio::runtime::Runtime, crate::ssh_client::Session) {
    let server = start(&["--present", "--tour", "cross-licence"]);
    let rt = runtime();
    let mut presenter = rt.block_on(crate::ssh_client::Session::open(server.ssh, [127, 0, 0, 1].into(), 100, 30));
    let presents =
        rt.block_on(presenter.wait_until(TIMEOUT, |s| String::from_utf8_lossy(&s.bytes).contains("presenting")));
    assert!(presents, "the first session presents");
    (server, rt, presenter)
}

/// The presenter's screen (100x30, as `presenting` opens it), as its terminal shows it.
fn presenter_screen(s: &crate::ssh_client::Seen) -> String {
    let nz = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut term = vt100::Parser::new(nz(30), nz(100), 0);
    term.process(&s.bytes);
    term.screen().contents()
}

/// The page's screen text, read again until `done` holds of it.
fn page_shows(b: &mut cdp::Browser, what: &str) -> Duration {
    let expr = format!("document.querySelector('#screen').textContent.includes({what:?})");
    b.wait_for(&expr, what)
}

#[test]
fn a_browser_follows_the_presenter_roams_with_its_own_keys_and_f_follows_again() {
    let (server, rt, mut presenter) = presenting();
    let Some(mut b) = browse(&server, 1100, 700, "web::a_browser_follows_the_presenter") else { return };
    page_shows(&mut b, "following");
    page_shows(&mut b, "Huawei");
    b.wait_for("document.title.includes('following')", "the title says following");
    // The presenter's PgDn: the next step (Xiaomi's card) reaches the page.
    let before = b.text();
    let sent = Instant::now();
    rt.block_on(presenter.send(b"\x1b[6~"));
    b.wait_for(&format!("document.querySelector('#screen').innerText !== {before:?}"), "the next step");
    let took = sent.elapsed();
    eprintln!("presenter's PgDn to the page's change: {took:?}");
    page_shows(&mut b, "Xiaomi");
    // The page's own key: it roams; the presenter's next step does not move it.
    b.key("j");
    page_shows(&mut b, "roaming");
    b.wait_for("document.title.includes('roaming')", "the title says roaming");
    let roaming = b.text();
    rt.block_on(presenter.send(b"\x1b[6~"));
    rt.block_on(presenter.wait_until(TIMEOUT, |s| String::from_utf8_lossy(&s.bytes).contains("3/")));
    page_shows(&mut b, "presenter:");
    assert!(!roaming.is_empty());
    // `f` follows again: the page shows the presenter's place.
    b.key("f");
    page_shows(&mut b, "following");
    page_shows(&mut b, "patent office");
    // The presenter's roster has the web viewer, by the name it was given.
    assert!(server.log.lock().unwrap().iter().any(|l| l.contains("web viewer") && l.contains("(web ")));
}

#[test]
fn a_name_typed_in_the_page_is_never_projected_the_presenter_reads_web_n() {
    let (server, rt, mut presenter) = presenting();
    let typed = "Mallory Shouts Here";
    let mut page = Page::open(&server, &server.origin).unwrap();
    page.auth_as(&server.token, 80, 24, typed);
    let joined = rt.block_on(presenter.wait_until(TIMEOUT, |s| presenter_screen(s).contains("joined: web ")));
    assert!(
        joined,
        "the presenter is told a web viewer joined:\n{}",
        presenter_screen(&presenter.seen.lock().unwrap())
    );
    // The log (and the speaker view's roster) has the name; the room does not.
    server.logged(&format!("({typed}) started"));
    let seen = String::from_utf8_lossy(&presenter.seen.lock().unwrap().bytes).into_owned();
    assert!(!seen.contains("Mallory"), "the typed name reached the projected screen");
}

#[test]
fn a_user_name_typed_at_an_open_ssh_login_is_never_projected_either() {
    let (server, rt, mut presenter) = presenting();
    let typed = "Mallory Shouts Here";
    let follower = rt.block_on(async {
        let mut handle = crate::ssh_client::connect(server.ssh, [127, 0, 0, 1].into()).await.expect("connects");
        let auth = handle.authenticate_none(typed).await.expect("auth answered");
        assert!(matches!(auth, russh::client::AuthResult::Success), "an --open server lets `none` in");
        crate::ssh_client::Session::start(handle, 80, 24).await
    });
    let joined = rt.block_on(presenter.wait_until(TIMEOUT, |s| presenter_screen(s).contains("joined: ssh ")));
    assert!(
        joined,
        "the presenter is told an SSH viewer joined:\n{}",
        presenter_screen(&presenter.seen.lock().unwrap())
    );
    let seen = String::from_utf8_lossy(&presenter.seen.lock().unwrap().bytes).into_owned();
    assert!(!seen.contains("Mallory"), "the typed user name reached the projected screen");
    drop(follower);
}

#[test]
fn the_presenter_leaving_and_coming_back_is_told_on_the_page() {
    let server = start(&["--present"]);
    let rt = runtime();
    let presenter = rt.block_on(crate::ssh_client::Session::open(server.ssh, [127, 0, 0, 1].into(), 80, 24));
    let Some(mut b) = browse(&server, 900, 600, "web::the_presenter_leaving_and_coming_back") else { return };
    page_shows(&mut b, "following");
    // The presenter's connection drops (no quit): the page is told.
    drop(presenter);
    b.wait_for("document.title.includes('the presenter is away')", "the presenter away");
    let back = rt.block_on(crate::ssh_client::Session::open(server.ssh, [127, 0, 0, 1].into(), 80, 24));
    b.wait_for("!document.title.includes('away')", "the presenter back");
    drop(back);
}

#[test]
fn a_screenshot_of_a_follower_in_a_browser() {
    let (server, rt, presenter) = presenting();
    rt.block_on(presenter.send(b"\x1b[6~"));
    let Some(mut b) = browse(&server, 1000, 560, "web::a_screenshot_of_a_follower") else { return };
    page_shows(&mut b, "Xiaomi");
    page_shows(&mut b, "following");
    let png = b.screenshot();
    assert!(png.starts_with(b"\x89PNG"));
    // `UPDATE_SCREENSHOTS=1` writes the picture in docs/meeting.md.
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
        std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/web-follower.png"), png).unwrap();
    }
}

#[test]
fn with_a_certificate_the_page_and_its_socket_are_served_over_tls() {
    use tokio_rustls::rustls;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/web");
    let (cert, key) = (format!("{fixtures}/cert.pem"), format!("{fixtures}/key.pem"));
    let server = start(&["--web-cert", &cert, "--web-key", &key]);
    assert!(server.origin.starts_with("https://127.0.0.1:"), "an https link: {}", server.origin);
    // A client that trusts the test certificate alone (rustls with ring).
    let mut roots = rustls::RootCertStore::empty();
    use rustls_pki_types::pem::PemObject as _;
    roots.add(rustls_pki_types::CertificateDer::from_pem_file(format!("{fixtures}/ca.pem")).unwrap()).unwrap();
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = std::sync::Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    );
    let addr = server.origin.trim_start_matches("https://").to_string();
    let tls = || {
        let conn = rustls::ClientConnection::new(config.clone(), "localhost".try_into().unwrap()).unwrap();
        let tcp = TcpStream::connect(&addr).unwrap();
        tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
        rustls::StreamOwned::new(conn, tcp)
    };
    let mut s = tls();
    write!(s, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut page = String::new();
    let _ = s.read_to_string(&mut page);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("page.js"));
    // The socket, over the same TLS, from the page's origin: a frame with the demo.
    let mut req = format!("wss://{addr}/ws").into_client_request().unwrap();
    req.headers_mut().insert("origin", server.origin.parse().unwrap());
    let (mut ws, _) = tungstenite::client(req, tls()).expect("a secure WebSocket");
    let auth = ClientMsg::Auth {
        version: VERSION,
        token: server.token.as_bytes().to_vec(),
        cols: 80,
        rows: 24,
        scheme: Scheme::Light,
        name: "tls".into(),
    };
    ws.send(Message::Binary(auth.encode().into())).unwrap();
    let first = loop {
        if let Message::Binary(b) = ws.read().unwrap() {
            break b.to_vec();
        }
    };
    let mut model = Model::default();
    assert_eq!(model.apply(&first), Ok(true));
    assert!(model.text().contains("Huawei"));
    // Plain HTTP to the TLS port gets no page: a close, or a reset when the
    // server drops the request it could not read as TLS (which may come
    // before the request is even written).
    let mut s = TcpStream::connect(server.web_addr()).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    let _ = write!(s, "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.web_addr());
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(!answer.to_ascii_lowercase().contains("http/1.1 200"), "{answer}");
}
