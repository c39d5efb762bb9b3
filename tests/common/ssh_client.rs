//! A scripted SSH client built on russh's own client, for what the system
//! `ssh` cannot be made to do: resize floods, exact bytes, odd user names,
//! chosen source addresses, and timing each key to the frame it caused.

#![allow(dead_code)]

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::client::{self, AuthResult, Handle};
use russh::keys::PublicKeyOrCertificate;
use russh::{ChannelMsg, ChannelWriteHalf};
use tokio::sync::watch;

/// Every frame the server draws ends with this (DEC mode 2026 off).
pub const FRAME_END: &[u8] = b"\x1b[?2026l";

/// Trusts any host key (the tests make a new one each run).
pub struct Trust;

impl client::Handler for Trust {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// Connects from `source` (any address of the loopback range) and does the
/// key exchange.
pub async fn connect(server: SocketAddr, source: IpAddr) -> Result<Handle<Trust>, russh::Error> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(source, 0))?;
    let stream = socket.connect(server).await?;
    // `connect_stream` leaves the socket as it is given (russh sets it only on
    // sockets it opens): a viewer's window adjustments are not held back.
    stream.set_nodelay(true)?;
    let config = Arc::new(client::Config { nodelay: true, ..Default::default() });
    client::connect_stream(config, stream, Trust).await
}

/// What a session's channel brought back.
#[derive(Default)]
pub struct Seen {
    /// Every byte of output.
    pub bytes: Vec<u8>,
    /// When each frame ended.
    pub frames: Vec<Instant>,
    /// The channel closed (or the connection ended).
    pub closed: bool,
    /// The exit status the server sent.
    pub exit: Option<u32>,
}

/// An interactive session: a pty of a given size and the explorer in it.
pub struct Session {
    pub handle: Handle<Trust>,
    pub write: Arc<ChannelWriteHalf<client::Msg>>,
    pub seen: Arc<Mutex<Seen>>,
    /// Bumped on every change to `seen`.
    pub changed: watch::Receiver<u64>,
}

impl Session {
    /// Logs in with `none` (a server run with `--open`) and starts the explorer.
    pub async fn open(server: SocketAddr, source: IpAddr, cols: u32, rows: u32) -> Self {
        let mut handle = connect(server, source).await.expect("connects");
        let auth = handle.authenticate_none("viewer").await.expect("auth answered");
        assert!(matches!(auth, AuthResult::Success), "an --open server lets `none` in");
        Self::start(handle, cols, rows).await
    }

    /// Starts the explorer on a logged-in connection.
    pub async fn start(handle: Handle<Trust>, cols: u32, rows: u32) -> Self {
        let channel = handle.channel_open_session().await.expect("a session channel");
        channel.request_pty(false, "xterm-256color", cols, rows, 0, 0, &[]).await.expect("pty");
        channel.request_shell(false).await.expect("shell");
        let (mut read, write) = channel.split();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let (tx, changed) = watch::channel(0u64);
        let s = Arc::clone(&seen);
        tokio::spawn(async move {
            let mut tail = Vec::new();
            loop {
                let msg = read.wait().await;
                {
                    let mut seen = s.lock().unwrap();
                    match msg {
                        Some(ChannelMsg::Data { data }) => {
                            let now = Instant::now();
                            // Count frame ends, also one split across two messages.
                            tail.extend_from_slice(&data);
                            let ends = tail.windows(FRAME_END.len()).filter(|w| *w == FRAME_END).count();
                            seen.frames.extend(std::iter::repeat_n(now, ends));
                            let keep = tail.len().min(FRAME_END.len() - 1);
                            tail.drain(..tail.len() - keep);
                            seen.bytes.extend_from_slice(&data);
                        }
                        Some(ChannelMsg::ExitStatus { exit_status }) => seen.exit = Some(exit_status),
                        Some(ChannelMsg::Close) | None => seen.closed = true,
                        Some(_) => {}
                    }
                }
                tx.send_modify(|n| *n += 1);
                if s.lock().unwrap().closed {
                    break;
                }
            }
        });
        Self { handle, write: Arc::new(write), seen, changed }
    }

    /// Frames seen so far.
    pub fn frames(&self) -> usize {
        self.seen.lock().unwrap().frames.len()
    }

    /// Waits until `done` holds of what was seen, or `limit` passes; true when it held.
    pub async fn wait_until(&mut self, limit: Duration, done: impl Fn(&Seen) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if done(&self.seen.lock().unwrap()) {
                return true;
            }
            if tokio::time::timeout_at(deadline, self.changed.changed()).await.is_err() {
                return done(&self.seen.lock().unwrap());
            }
        }
    }

    /// Sends bytes as typed.
    pub async fn send(&self, bytes: &[u8]) {
        self.write.data_bytes(bytes.to_vec()).await.expect("sent");
    }

    /// Sends a key and times it to the end of the next frame; `None` when no
    /// frame came within `limit`.
    pub async fn time_key(&mut self, key: &[u8], limit: Duration) -> Option<Duration> {
        let before = self.frames();
        let sent = Instant::now();
        self.send(key).await;
        if self.wait_until(limit, |s| s.frames.len() > before).await {
            Some(self.seen.lock().unwrap().frames[before].duration_since(sent))
        } else {
            None
        }
    }
}

impl Session {
    /// Starts sending window changes as fast as the connection takes them
    /// for `time`, alternating the largest size served (500x200) and one
    /// less, so each is a full redraw; the task returns how many it sent.
    pub fn flood_window_changes(&self, time: Duration) -> tokio::task::JoinHandle<u32> {
        let write = Arc::clone(&self.write);
        tokio::spawn(async move {
            let (start, mut sent) = (Instant::now(), 0u32);
            while start.elapsed() < time {
                let (w, h) = if sent.is_multiple_of(2) { (500, 200) } else { (499, 199) };
                if write.window_change(w, h, 0, 0).await.is_err() {
                    break;
                }
                sent += 1;
                if sent.is_multiple_of(64) {
                    tokio::task::yield_now().await;
                }
            }
            sent
        })
    }
}
