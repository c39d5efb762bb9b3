//! A headless Chromium driven over the DevTools protocol (CDP): the system's
//! `chromium` (Debian's; `.ci/run` installs it), started with a fresh
//! profile, spoken to as JSON over a WebSocket (tungstenite). Only what the
//! web viewer's tests use: open a page, evaluate script, size the viewport,
//! press keys, take a screenshot, and read the WebSocket frames the page
//! received.
//!
//! Without a browser the tests that need one say so loudly on the
//! terminal (past cargo's capture of test output) and pass; with `CI` set
//! they fail instead.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// How long any one wait lasts before the test fails (a hang, not a race).
pub const WAIT: Duration = Duration::from_secs(20);

/// The browser to drive: `DEALSCOPE_CHROMIUM`, else Debian's `chromium`.
fn browser_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DEALSCOPE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(PathBuf::from).find(|p| p.exists())
}

static SAID: Once = Once::new();

/// A browser, or `None` after saying loudly that the test did not run
/// (which fails the test when `CI` is set).
pub fn browser_or_skip(test: &str) -> Option<Browser> {
    let Some(path) = browser_path() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: no chromium (apt-get install chromium; .ci/run does): browser tests must run in CI"
        );
        SAID.call_once(|| {
            // Straight to the terminal: cargo's test harness captures `eprintln!`.
            let _ = std::io::stderr().write_all(
                b"\n\n*** THE WEB VIEWER'S BROWSER TESTS DID NOT RUN: no chromium found \
                  (apt-get install chromium, or set DEALSCOPE_CHROMIUM) ***\n\n",
            );
        });
        let _ = std::io::stderr().write_all(format!("*** {test}: NOT RUN (no browser)\n").as_bytes());
        return None;
    };
    Some(Browser::launch(&path))
}

/// A running headless browser with one page attached.
pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    /// Events read while waiting for answers.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    fn launch(path: &std::path::Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-port=0",
                "--window-size=1024,768",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("chromium says where DevTools listen").unwrap();
            if let Some(u) = line.strip_prefix("DevTools listening on ") {
                break u.trim().to_string();
            }
        };
        // Keep draining chromium's log so it never blocks on a full pipe.
        std::thread::spawn(move || lines.map_while(Result::ok).for_each(drop));
        let (ws, _) = tungstenite::connect(url.as_str()).expect("DevTools WebSocket");
        if let MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(WAIT)).unwrap();
        }
        let mut b = Browser { child, ws, session: String::new(), next_id: 1, events: Vec::new(), _profile: profile };
        let target = b.call_browser("Target.createTarget", json!({ "url": "about:blank" }));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = b.call_browser("Target.attachToTarget", json!({ "targetId": target, "flatten": true }));
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        b.call("Page.enable", json!({}));
        b.call("Runtime.enable", json!({}));
        b.call("Network.enable", json!({}));
        b
    }

    fn send(&mut self, method: &str, params: Value, session: bool) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if session {
            msg["sessionId"] = json!(self.session);
        }
        self.ws.send(Message::Text(msg.to_string().into())).unwrap();
        let start = Instant::now();
        loop {
            assert!(start.elapsed() < WAIT, "no answer to {method}");
            let text = match self.ws.read().unwrap_or_else(|e| panic!("DevTools read during {method}: {e}")) {
                Message::Text(t) => t.to_string(),
                _ => continue,
            };
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["id"] == json!(id) {
                assert!(v.get("error").is_none(), "{method}: {}", v["error"]);
                return v["result"].clone();
            }
            if v.get("method").is_some() {
                self.events.push(v);
            }
        }
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, false)
    }

    /// Calls a method on the page.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
    }

    /// Sizes the page's viewport in CSS pixels.
    pub fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// Opens `url`.
    pub fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
    }

    /// Evaluates `expr` in the page and returns its value.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({ "expression": expr, "returnByValue": true }));
        assert!(r.get("exceptionDetails").is_none(), "{expr}: {}", r["exceptionDetails"]);
        r["result"]["value"].clone()
    }

    /// Waits until `expr` is true in the page; returns how long it took.
    pub fn wait_for(&mut self, expr: &str, what: &str) -> Duration {
        let start = Instant::now();
        loop {
            if self.eval(expr) == json!(true) {
                return start.elapsed();
            }
            assert!(start.elapsed() < WAIT, "waited {WAIT:?} for {what}; the page shows:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The text of the screen, row by row, as the DOM has it.
    pub fn text(&mut self) -> String {
        self.eval("[...document.querySelectorAll('#screen .row')].map(r => r.textContent).join('\\n')")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The whole page's HTML.
    pub fn html(&mut self) -> String {
        self.eval("document.documentElement.outerHTML").as_str().unwrap_or_default().to_string()
    }

    /// Presses a key (`"f"`, `"ArrowDown"`, …) as a user does.
    pub fn key(&mut self, key: &str) {
        let (code, vk, text) = match key {
            "ArrowDown" => ("ArrowDown", 40, ""),
            "ArrowUp" => ("ArrowUp", 38, ""),
            "Enter" => ("Enter", 13, "\r"),
            "Escape" => ("Escape", 27, ""),
            k => ("", k.to_ascii_uppercase().chars().next().map_or(0, |c| c as u32), k),
        };
        let code = if code.is_empty() { format!("Key{}", key.to_ascii_uppercase()) } else { code.to_string() };
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk, "text": text }),
        );
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk }),
        );
    }

    /// A PNG of the page.
    pub fn screenshot(&mut self) -> Vec<u8> {
        let r = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        base64::engine::general_purpose::STANDARD.decode(r["data"].as_str().unwrap()).unwrap()
    }

    /// Every WebSocket message the page received so far, as bytes.
    pub fn socket_frames(&mut self) -> Vec<Vec<u8>> {
        // A cheap call reads the events that came meanwhile.
        self.eval("1");
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.webSocketFrameReceived")
            .map(|e| {
                let r = &e["params"]["response"];
                let data = r["payloadData"].as_str().unwrap_or_default();
                if r["opcode"] == json!(2) {
                    base64::engine::general_purpose::STANDARD.decode(data).unwrap_or_default()
                } else {
                    data.as_bytes().to_vec()
                }
            })
            .collect()
    }
}
