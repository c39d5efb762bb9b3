//! The web viewer (`dealscope serve --web ADDR`): a link anyone in the
//! meeting opens in a browser to follow the demo. Beside the SSH server, in
//! the same process: the same data, the same presentation, the same
//! penalties for the same sources. A web viewer is a follower whose terminal
//! is a page: its own explorer session with a seat in the meeting (keys in
//! the page roam, `f` follows again), never presenting and never cleared,
//! drawn as cells the page lays out as text. Without `--present` there is
//! no presentation to follow: each web viewer browses on its own, as an SSH
//! session then does.
//!
//! The transport is thin: hyper serves HTTP/1.1 from our own accept loop
//! (caps per source, TLS handshakes under a timeout), tokio-tungstenite the
//! WebSocket; bytes of keys go in, frames of cells come out.
//!
//! - `token`: the link's secret; `tls`: HTTPS; `http`: the answers and the
//!   upgrade; `socket`: one WebSocket, from its first message to its close;
//!   `viewer`: one viewer's session; `protocol` and `cells`: the bytes.

pub mod cells;
pub(crate) mod encodings;
mod http;
pub mod protocol;
mod socket;
mod tls;
pub mod token;
mod viewer;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tracing::warn;

use crate::runtime::ssh::limits::{Caps, Gate, MaxStartups, Startup, Summary};
use crate::runtime::ssh::penalties::Penalties;
use token::Token;

/// How the web viewer is served.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// TLS certificate chain and key (PEM), for HTTPS without a proxy.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// The token, when given (else a new one each start).
    pub token: Option<String>,
    /// The origin browsers reach the page at, behind a reverse proxy
    /// (`https://meet.example.com`); else the listening address's.
    pub origin: Option<String>,
    /// Most web viewers at once.
    pub max_viewers: usize,
    /// Most web viewers from one source address.
    pub max_viewers_per_source: usize,
}

/// Connections not yet a viewer (page loads, handshakes, sockets before
/// their first message), as sshd's MaxStartups: random early drop from the
/// first number, all refused at the last. A room loading the page at once
/// fits: each browser holds one or two connections for a moment.
const STARTUPS: MaxStartups = MaxStartups { start: 128, rate: 30, full: 256 };
/// The same, from one source address (a room behind one address).
const STARTUPS_PER_SOURCE: usize = 64;
/// A TLS handshake, and a request's headers, must arrive within this.
const HANDSHAKE: Duration = Duration::from_secs(10);
/// A connection that never upgrades is closed after this (a page loads in
/// well under a second).
const HTTP_LIFETIME: Duration = Duration::from_secs(60);
/// One log line of each kind a client can cause per this long.
const SUMMARY_EVERY: Duration = Duration::from_secs(10);

/// What the server shares with its web viewers.
#[derive(Clone)]
pub(crate) struct Host {
    /// The data served (the viewer takes the view without clearance).
    pub(crate) data: watch::Receiver<crate::runtime::served::Data>,
    /// Why the server stops, once it does.
    pub(crate) stop: watch::Receiver<Option<String>>,
    /// Session numbers, shared with SSH sessions.
    pub(crate) next_id: Arc<AtomicU64>,
    /// Per-source penalties, shared with SSH.
    pub(crate) penalties: Arc<Penalties>,
    /// The presentation, when the server presents (`--present`): web
    /// viewers follow it; without it each browses on their own.
    pub(crate) meeting: Option<crate::runtime::meeting::Handle>,
    /// Keys per second (bursts of four times that), as an SSH session's.
    pub(crate) key_rate: u32,
    /// Time without a key that does something before a viewer is closed.
    pub(crate) idle_timeout: Duration,
    /// The frames followers share, with SSH followers.
    pub(crate) follower_frames: Arc<crate::runtime::meeting::frames::FollowerFrames>,
    /// The changes between those frames, encoded once for all web viewers.
    pub(crate) encodings: Arc<encodings::Encodings>,
}

/// The web server, shared by its connections.
pub(crate) struct Web {
    host: Host,
    token: Token,
    /// Origins the page is served at (lowercase, no trailing slash).
    origins: Vec<String>,
    gate: Arc<Gate>,
    summaries: Summary,
}

impl Web {
    fn origin_allowed(&self, origin: &str) -> bool {
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        self.origins.contains(&origin)
    }

    /// Logs a line of a kind a client can cause at will, one per interval.
    fn log_summarised(&self, kind: &'static str, line: impl FnOnce() -> String) {
        self.summaries.warn(kind, || format!("web: {}", line()));
    }
}

/// A web server bound to its address, its link printed, not yet serving.
pub(crate) struct Bound {
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    web: Arc<Web>,
}

/// Binds the address, reads the TLS files, makes (or checks) the token and
/// prints the link; fails before anything is served.
pub(crate) async fn bind(opts: WebOptions, host: Host) -> Result<Bound, String> {
    let tls = match &opts.tls {
        Some((cert, key)) => Some(tls::acceptor(cert, key)?),
        None => None,
    };
    let token = match &opts.token {
        Some(t) => Token::given(t)?,
        None => Token::new()?,
    };
    let listener =
        TcpListener::bind(opts.listen).await.map_err(|e| format!("--web: listening on {}: {e}", opts.listen))?;
    let addr = listener.local_addr().map_err(|e| format!("--web: reading the bound address: {e}"))?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let origins = match &opts.origin {
        Some(o) => vec![o.trim_end_matches('/').to_ascii_lowercase()],
        None => hosts(addr).iter().map(|h| origin(scheme, h, addr.port())).collect(),
    };
    eprintln!("dealscope: serving the web viewer on {addr} ({})", if tls.is_some() { "HTTPS" } else { "HTTP" });
    if !addr.ip().is_loopback() {
        eprintln!(
            "dealscope: WARNING: the web viewer at {addr} is reachable from other machines; the link's token is what keeps it private"
        );
        if tls.is_none() && opts.origin.is_none() {
            eprintln!("dealscope: WARNING: without --web-cert the link and the screen cross the network unencrypted");
        }
    }
    for o in &origins {
        // The only place the token is ever written: the link to paste.
        eprintln!("dealscope: web link: {o}/#{}", token.reveal());
    }
    let caps = Caps {
        startups: STARTUPS,
        startups_per_source: STARTUPS_PER_SOURCE,
        sessions: opts.max_viewers.max(1),
        sessions_per_key: usize::MAX,
        sessions_per_source: opts.max_viewers_per_source.max(1),
    };
    let web = Arc::new(Web { host, token, origins, gate: Gate::new(caps), summaries: Summary::new(SUMMARY_EVERY) });
    Ok(Bound { listener, tls, web })
}

/// How many web viewers are open (to wait for their goodbyes).
pub(crate) struct Viewers(Arc<Gate>);

/// Waits (up to two seconds) for every web viewer to say goodbye, once the
/// server told them it stops.
pub(crate) async fn said_goodbye(viewers: &Viewers) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while viewers.0.sessions() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Binds (see [`bind`]), then serves in a task of its own until the server
/// stops; returns what to wait on for the viewers' goodbyes.
pub(crate) async fn start(opts: WebOptions, host: Host) -> Result<Viewers, String> {
    let bound = bind(opts, host).await?;
    let viewers = Viewers(Arc::clone(&bound.web.gate));
    tokio::spawn(bound.run());
    Ok(viewers)
}

impl Bound {
    /// Serves until the server stops.
    pub(crate) async fn run(self) {
        let Bound { listener, tls, web } = self;
        let mut stop = web.host.stop.clone();
        loop {
            let (socket, peer) = tokio::select! {
                _ = async { stop.wait_for(Option::is_some).await.map(|_| ()) } => return,
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        warn!("web: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
            };
            let source = crate::runtime::ssh::source_of(peer);
            match web.gate.startup(source, rand::random_range(0..100)) {
                Ok(startup) => {
                    tokio::spawn(connection(Arc::clone(&web), tls.clone(), socket, peer, startup));
                }
                Err(refusal) => {
                    let why = refusal.to_string();
                    web.log_summarised("turned away", || format!("{peer}: refused: {why}"));
                }
            }
        }
    }
}

/// Serves one connection: its TLS handshake (if any) and its requests,
/// within [`HTTP_LIFETIME`] unless one of them upgrades to a WebSocket.
async fn connection(
    web: Arc<Web>,
    tls: Option<tokio_rustls::TlsAcceptor>,
    socket: TcpStream,
    peer: SocketAddr,
    startup: Startup,
) {
    let _ = socket.set_nodelay(true);
    let svc = {
        let web = Arc::clone(&web);
        hyper::service::service_fn(move |req| http::handle(Arc::clone(&web), peer, req))
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(HANDSHAKE).max_buf_size(16 * 1024);
    let served = async {
        match tls {
            Some(acceptor) => match tokio::time::timeout(HANDSHAKE, acceptor.accept(socket)).await {
                Ok(Ok(stream)) => http.serve_connection(TokioIo::new(stream), svc).with_upgrades().await,
                Ok(Err(e)) => {
                    web.log_summarised("tls", || format!("{peer}: TLS handshake failed: {e}"));
                    Ok(())
                }
                Err(_) => {
                    web.log_summarised("tls", || format!("{peer}: no TLS handshake within {} s", HANDSHAKE.as_secs()));
                    Ok(())
                }
            },
            None => http.serve_connection(TokioIo::new(socket), svc).with_upgrades().await,
        }
    };
    if let Ok(Err(e)) = tokio::time::timeout(HTTP_LIFETIME, served).await {
        tracing::debug!("{peer}: HTTP connection ended: {e}");
    }
    drop(startup);
}

/// `scheme://host[:port]`, the port left out where it is the scheme's own.
fn origin(scheme: &str, host: &str, port: u16) -> String {
    let default = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
    if default { format!("{scheme}://{host}") } else { format!("{scheme}://{host}:{port}") }
}

/// The names a browser may reach `addr` by: its address (and `localhost`
/// for loopback), or for a wildcard address this host's name and each of
/// its addresses.
fn hosts(addr: SocketAddr) -> Vec<String> {
    let ip = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        v4 => v4.to_string(),
    };
    if addr.ip().is_loopback() {
        return vec![ip(addr.ip()), "localhost".into()];
    }
    if !addr.ip().is_unspecified() {
        return vec![ip(addr.ip())];
    }
    let mut hosts = Vec::new();
    let name =
        std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_ascii_lowercase()).unwrap_or_default();
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.')) {
        hosts.push(name);
    }
    if let Ok(ifaces) = if_addrs::get_if_addrs() {
        for iface in ifaces.into_iter().filter(|i| !i.is_loopback() && i.ip().is_ipv6() == addr.is_ipv6()) {
            hosts.push(ip(iface.ip()));
        }
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_leaves_out_its_scheme_s_own_port() {
        assert_eq!(origin("https", "meet.example.com", 443), "https://meet.example.com");
        assert_eq!(origin("http", "127.0.0.1", 8022), "http://127.0.0.1:8022");
        assert_eq!(origin("http", "[::1]", 80), "http://[::1]");
    }

    #[test]
    fn loopback_is_reached_by_its_address_and_by_localhost() {
        assert_eq!(hosts("127.0.0.1:1".parse().unwrap()), ["127.0.0.1", "localhost"]);
        assert_eq!(hosts("[::1]:1".parse().unwrap()), ["[::1]", "localhost"]);
        assert_eq!(hosts("10.1.2.3:1".parse().unwrap()), ["10.1.2.3"]);
    }
}
