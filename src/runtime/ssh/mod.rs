//! The SSH runtime (`dealscope serve`): serves the explorer to `ssh` clients
//! with russh. Each session gets its own `App` and a ratatui terminal that
//! writes to its channel, sized from the client's pty; all share one dataset.
//! It never touches the process's own terminal. Safe by default, with
//! OpenSSH's server as the reference: loopback, public keys from
//! authorized_keys with their options honoured, nothing but the explorer (no
//! exec, sftp, forwarding, agent or X11), a login grace time counted from
//! accept, a budget for connections still logging in, penalties for failed
//! and abandoned logins, one session per connection (closed with it), and
//! bounded sessions, sizes, time, input and output.
//!
//! - `host_key`: the host key; `keys`: authorized_keys lines; `key_file`:
//!   key files as held while serving; `strict`: StrictModes on them.
//! - `limits`: what one client may cost (login budget, session caps);
//!   `penalties`: per-source penalties for failed and abandoned logins.
//! - `turn_away`: refusing a connection with a reason before SSH starts.
//! - `conn`: one connection's handler (login, channel requests).
//! - `session`: one session's explorer.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::ssh_key::HashAlg;
use russh::{MethodKind, MethodSet};
use tokio::sync::{Semaphore, watch};
use tracing::warn;

use crate::app::Location;
use crate::app::indexed::Indexed;
use crate::app::theme::ThemeName;
use crate::data::model::Dataset;
use crate::runtime::watch::{Live, WatchError};

mod conn;
mod host_key;
mod key_file;
pub mod keys;
pub mod limits;
mod penalties;
mod presenting;
mod served;
use served::Data;
mod session;
mod speaker;
mod strict;
mod turn_away;

pub use host_key::host_key;
pub use keys::KeyList;
pub use limits::{Caps, MaxStartups};
pub use penalties::{Exempt, PenaltyConfig};
pub use strict::Owner;

use conn::Conn;
use key_file::{KeyFile, Role};
use limits::{Gate, Startup, Summary};
use penalties::Penalties;

/// How `dealscope serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Host key file (made on first run).
    pub host_key: PathBuf,
    /// Public keys allowed in (OpenSSH authorized_keys format).
    pub authorized_keys: PathBuf,
    /// Let anyone in, without a key.
    pub open: bool,
    /// A password that also lets people in.
    pub password: Option<String>,
    /// Headless presenter mode: one session drives, the others follow.
    pub present: bool,
    /// Keys whose sessions may present (default: the first session presents).
    pub presenter_keys: Option<PathBuf>,
    /// Keys whose sessions see what the data marks confidential (marked);
    /// every other session sees it masked.
    pub cleared_keys: Option<PathBuf>,
    /// Record what each presenting session shows into this directory.
    pub record: Option<PathBuf>,
    /// Record confidential values as the presenter saw them (else masked).
    pub record_cleared: bool,
    /// The tour a presenting session starts.
    pub tour: Option<String>,
    /// Connection and session caps.
    pub caps: Caps,
    /// Per-source penalties for failed and abandoned logins.
    pub penalties: PenaltyConfig,
    /// Addresses never penalised.
    pub penalty_exempt: Exempt,
    /// Time from accepting a connection to its session starting; then it is closed.
    pub login_grace: Duration,
    /// A session with no input that does something for this long is closed.
    pub idle_timeout: Duration,
    /// Keys (and clicks) a session may send per second, with bursts of four times that.
    pub key_rate: u32,
    /// Pasted bytes a session may send per second, with bursts of four times that.
    pub input_rate: u32,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Reading or writing a key file, or binding the address, failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A key file could not be parsed or made, or is not safe to use.
    #[error("{0}")]
    Key(String),
    /// The directory to record into is not safe to use.
    #[error("--record: {0}")]
    Record(String),
}

fn io_err(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> ServeError {
    let what = what.into();
    move |source| ServeError::Io { what, source }
}

/// Frames a slow client may have queued before new ones are dropped.
const QUEUED_FRAMES: usize = 4;
/// How long a lone ESC waits to see whether a sequence follows.
const ESC_WAIT: Duration = Duration::from_millis(40);
/// How long a new session waits for its client's terminal to say what its
/// background is (the reply crosses the network, so a little longer than
/// locally); then it goes on with the dark theme.
const BACKGROUND_WAIT: Duration = Duration::from_millis(200);
/// The widest terminal served: wider sizes are drawn at this width. No real
/// screen is wider (a 4K display in a 6-pixel font is 640 columns; 500 is
/// what a projector or a tiled 4K window shows at a readable size).
pub const MAX_COLS: u16 = 500;
/// The tallest terminal served.
pub const MAX_ROWS: u16 = 200;
/// A session redraws for a new size at most this often.
const RESIZE_INTERVAL: Duration = Duration::from_millis(50);
/// Turned-away sockets drained at once (the rest are closed at once).
const LINGERING: usize = 64;
/// How long a client has to close its connection after its session ended.
const CLIENT_CLOSES: Duration = Duration::from_secs(2);
/// The user name that asks for the speaker view (`ssh notes@host`).
const SPEAKER_USER: &str = "notes";
/// One log line of each kind a client can cause per this long; the rest are counted.
const SUMMARY_EVERY: Duration = Duration::from_secs(10);

/// What all sessions share.
struct Shared {
    data: watch::Sender<Data>,
    opts: ServeOptions,
    keys: KeyFile,
    presenter_keys: KeyFile,
    cleared_keys: KeyFile,
    gate: Arc<Gate>,
    penalties: Penalties,
    summaries: Summary,
    next_id: AtomicU64,
    /// The presenting session's id, if any.
    presenter: Mutex<Option<u64>>,
    /// The presenter's place (and the data generation it is in), for followers.
    shown: watch::Sender<Option<(u64, Arc<Location>)>>,
    /// Sessions' count changed: followers redraw their status bar.
    audience: watch::Sender<usize>,
    /// Every explorer session: who, following or roaming, and where.
    roster: Mutex<std::collections::BTreeMap<u64, Viewer>>,
    /// Bumped when the roster changes.
    roster_changed: watch::Sender<u64>,
    /// The presenter's tour and step, for the speaker view.
    speaking: watch::Sender<Option<Speaking>>,
    /// What the presenter last did, in words, for followers' captions.
    captioned: watch::Sender<Option<String>>,
    /// The port it listens on, for the hints it gives clients.
    port: u16,
}

/// One explorer session, as the presenter's roster shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Viewer {
    name: String,
    role: Option<crate::app::Role>,
    place: String,
}

/// What the presenting session is showing, for its speaker view.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Speaking {
    /// The presenter's key (a speaker view with the same key may see it).
    key: Option<String>,
    /// The data generation the tour index is in.
    generation: u64,
    /// Which tour of the data (its index, in `generation`'s data), and which step, if one runs.
    tour: Option<(usize, usize)>,
    /// That tour's id, which a reload keeps.
    tour_id: Option<String>,
    /// When the tour started, and when its step did.
    tour_since: Instant,
    step_since: Instant,
}

impl Shared {
    /// Explorer sessions that watch the presenter (speaker views are not viewers).
    fn viewers(&self) -> usize {
        let roster = self.roster.lock().unwrap_or_else(|e| e.into_inner());
        roster.values().filter(|v| v.role != Some(crate::app::Role::Presenter)).count()
    }

    /// Adds or updates a session's roster entry; true when it changed.
    fn update_roster(&self, id: u64, viewer: Viewer) -> bool {
        let mut roster = self.roster.lock().unwrap_or_else(|e| e.into_inner());
        let changed = roster.get(&id) != Some(&viewer);
        if changed {
            let new = roster.insert(id, viewer).is_none();
            drop(roster);
            self.roster_changed.send_modify(|n| *n += 1);
            if new {
                let _ = self.audience.send(self.viewers());
            }
        }
        changed
    }

    fn leave_roster(&self, id: u64) {
        let removed = self.roster.lock().unwrap_or_else(|e| e.into_inner()).remove(&id).is_some();
        if removed {
            self.roster_changed.send_modify(|n| *n += 1);
            let _ = self.audience.send(self.viewers());
        }
    }

    /// Logs a line of a kind that a client can cause at will, summarising
    /// floods: one line of each kind per interval at most, with how many were
    /// held back since the last.
    fn log_summarised(&self, kind: &'static str, line: impl FnOnce() -> String) {
        if let Some(held) = self.summaries.note(kind, Instant::now()) {
            if held > 0 {
                warn!("{} ({held} more like it since the last such line)", line());
            } else {
                warn!("{}", line());
            }
        }
    }
}

/// Runs the server until it is stopped (Ctrl-C, SIGTERM). With `live` (a
/// watch started before the data was loaded), every session picks up each
/// valid change.
pub fn serve(ds: Arc<Dataset>, opts: ServeOptions, live: Option<Result<Live, WatchError>>) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(io_err("starting the async runtime"))?;
    runtime.block_on(serve_async(ds, opts, live))
}

async fn serve_async(
    ds: Arc<Dataset>,
    opts: ServeOptions,
    live: Option<Result<Live, WatchError>>,
) -> Result<(), ServeError> {
    let owner = Owner::me();
    let key = host_key(&opts.host_key, &owner)?;
    let keys = if opts.open {
        KeyFile::default()
    } else {
        match KeyFile::open(&opts.authorized_keys, Role::Authorized, &owner) {
            Ok(k) => k,
            Err(e @ ServeError::Io { .. }) if opts.password.is_some() => {
                warn!("{e}; only the password lets people in");
                KeyFile::default()
            }
            Err(e) => return Err(e),
        }
    };
    let presenter_keys = match &opts.presenter_keys {
        Some(p) => KeyFile::open(p, Role::Presenter, &owner)?,
        None => KeyFile::default(),
    };
    if let Some(dir) = &opts.record {
        crate::private::own_dir(dir).map_err(ServeError::Record)?;
    }
    let cleared_keys = match &opts.cleared_keys {
        Some(p) => KeyFile::open(p, Role::Cleared, &owner)?,
        None => KeyFile::default(),
    };
    let listener =
        tokio::net::TcpListener::bind(opts.listen).await.map_err(io_err(format!("listening on {}", opts.listen)))?;
    let addr = listener.local_addr().map_err(io_err("reading the bound address"))?;
    eprintln!("dealscope: serving the explorer on {addr}");
    eprintln!("dealscope: host key {}", key.public_key().fingerprint(HashAlg::Sha256));
    if !addr.ip().is_loopback() {
        eprintln!("dealscope: WARNING: {addr} is reachable from other machines; only trusted keys get in");
    }
    if opts.open {
        eprintln!("dealscope: WARNING: --open lets anyone who can reach {addr} in, with no key or password");
    } else {
        eprintln!("dealscope: {} authorized key(s) from {}", keys.current().len(), opts.authorized_keys.display());
    }
    if opts.present {
        eprintln!("dealscope: presenter mode: the first session to connect presents; others follow (f toggles)");
    }
    for hint in connect_hints(addr) {
        eprintln!("dealscope: connect with: {hint}");
    }

    let mut methods = MethodSet::empty();
    if opts.open {
        methods.push(MethodKind::None);
    }
    methods.push(MethodKind::PublicKey);
    if opts.password.is_some() {
        methods.push(MethodKind::Password);
    }
    let config = Arc::new(russh::server::Config {
        methods,
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        // The login grace time (from accept) bounds a connection until its
        // session starts; after that the session's idle timeout does, and the
        // connection is closed when its session ends. russh's own timer
        // restarts on any packet (keepalive replies too): a last backstop only.
        inactivity_timeout: Some(opts.idle_timeout.saturating_add(Duration::from_secs(60))),
        keepalive_interval: Some(Duration::from_secs(30)),
        // Each key refused counts, and so does the first `none`: an agent
        // holding several keys before the right one still gets in.
        max_auth_attempts: 10,
        nodelay: true,
        ..Default::default()
    });
    let server_id = match &config.server_id {
        russh::SshId::Standard(id) => id.to_string(),
        russh::SshId::Raw(id) => id.trim_end().to_string(),
    };
    let (shown, _) = watch::channel(None);
    let (audience, _) = watch::channel(0);
    let first = Indexed::new(ds);
    if let Some(Ok(live)) = &live {
        live.shown(first.clone());
    }
    let (data, _) = watch::channel(Data::new(0, first, None));
    let penalties = Penalties::new(opts.penalties, opts.penalty_exempt.clone());
    let shared = Arc::new(Shared {
        data,
        gate: Gate::new(opts.caps),
        opts,
        keys,
        presenter_keys,
        cleared_keys,
        penalties,
        summaries: Summary::new(SUMMARY_EVERY),
        next_id: AtomicU64::new(1),
        presenter: Mutex::new(None),
        shown,
        audience,
        roster: Mutex::new(std::collections::BTreeMap::new()),
        roster_changed: watch::channel(0).0,
        speaking: watch::channel(None).0,
        captioned: watch::channel(None).0,
        port: addr.port(),
    });

    match live {
        None => {}
        Some(Err(e)) => eprintln!("dealscope: WARNING: {e}; live reload is off"),
        Some(Ok(live)) => {
            eprintln!("dealscope: watching {} for changes", live.path().display());
            let shared = Arc::clone(&shared);
            let spawned = std::thread::Builder::new().name("dealscope-reload".into()).spawn(move || {
                while let Some(reload) = live.wait() {
                    served::take_in(&shared.data, reload);
                }
            });
            if let Err(e) = spawned {
                eprintln!("dealscope: WARNING: cannot start the reload thread ({e}); live reload is off");
            }
        }
    }

    let stop = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
        }
    };
    tokio::pin!(stop);
    let lingering = Arc::new(Semaphore::new(LINGERING));
    loop {
        let (socket, peer) = tokio::select! {
            _ = &mut stop => {
                eprintln!("dealscope: stopping");
                return Ok(());
            }
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    warn!("accept failed: {e}");
                    // Out of file descriptors, say: do not spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let source = source_of(peer);
        let admitted = match shared.penalties.check(peer.ip(), source, Instant::now()) {
            Err(refusal) => Err((turn_away::HOST_NOT_ALLOWED, refusal)),
            Ok(()) => shared
                .gate
                .startup(source, rand::random_range(0..100))
                .map_err(|r| (turn_away::TOO_MANY_CONNECTIONS, r)),
        };
        match admitted {
            Ok(startup) => {
                tokio::spawn(connection(Arc::clone(&shared), Arc::clone(&config), socket, peer, startup));
            }
            Err((code, refusal)) => {
                let why = refusal.to_string();
                shared.log_summarised("turned away", || format!("{peer}: refused: {why}"));
                let bytes = turn_away::disconnect_bytes(&server_id, code, &format!("dealscope: {why}"));
                turn_away::turn_away(socket, bytes, &lingering);
            }
        }
    }
}

/// Where a connection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Handshake and login, within the login grace time.
    LoggingIn,
    /// Its session runs.
    Running,
    /// Its session is over: the connection is closed.
    Over,
}

/// Runs one connection: the SSH handshake and login within the login grace
/// time counted from accept (whatever the client sends or does not send),
/// then its one session; the connection is closed when the session ends.
async fn connection(
    shared: Arc<Shared>,
    config: Arc<russh::server::Config>,
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    startup: Startup,
) {
    let grace = shared.opts.login_grace;
    let deadline = tokio::time::Instant::now() + grace;
    // A second handle on the socket, to close it whatever state russh's task
    // is in (mid key exchange, or blocked writing to a client that stopped reading).
    let (socket, killer) = match socket.into_std().and_then(|s| Ok((s.try_clone()?, s))) {
        Ok((killer, s)) => match tokio::net::TcpStream::from_std(s) {
            Ok(s) => (s, killer),
            Err(e) => return warn!("{peer}: cannot register the connection: {e}"),
        },
        Err(e) => return warn!("{peer}: cannot take the connection: {e}"),
    };
    let stage_tx = Arc::new(watch::channel(Stage::LoggingIn).0);
    let mut stage = stage_tx.subscribe();
    let conn = Conn::new(Arc::clone(&shared), peer, startup, stage_tx, deadline.into_std());
    // Until the client's version line arrives, russh holds the socket in this
    // future: dropping it closes the socket (and the handler, which counts it).
    let running = match tokio::time::timeout_at(deadline, russh::server::run_stream(config, socket, conn)).await {
        Err(_) => {
            let why = format!("no SSH version line within the login grace time ({} s); closed", grace.as_secs());
            return shared.log_summarised("no version line", || format!("{peer}: {why}"));
        }
        Ok(Err(e)) => return shared.log_summarised("handshake", || format!("{peer}: handshake failed: {e}")),
        Ok(Ok(running)) => running,
    };
    let handle = running.handle();
    tokio::pin!(running);
    let close = |why: String| {
        let handle = handle.clone();
        let killer = &killer;
        async move {
            let _ = tokio::time::timeout(
                Duration::from_millis(500),
                handle.disconnect(russh::Disconnect::ByApplication, why, String::new()),
            )
            .await;
            let _ = killer.shutdown(std::net::Shutdown::Both);
        }
    };
    let in_time = tokio::select! {
        ended = &mut running => return ended_with(&shared, peer, ended),
        started = tokio::time::timeout_at(deadline, async {
            stage.wait_for(|s| *s != Stage::LoggingIn).await.map(|_| ())
        }) => started.is_ok(),
    };
    if !in_time {
        let secs = grace.as_secs();
        shared.log_summarised("grace", || {
            format!("{peer}: not logged in within the login grace time ({secs} s); closed")
        });
        close(format!("dealscope: login grace time ({secs} s) over")).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), &mut running).await;
        return;
    }
    tokio::select! {
        ended = &mut running => ended_with(&shared, peer, ended),
        // The session is over (quit, idle, an error): so is the connection,
        // which would otherwise hold its socket with nothing left to serve. A
        // client closes it itself once its channel has closed (and then sees
        // the session's exit status); one that does not is closed shortly after.
        _ = async { stage.wait_for(|s| *s == Stage::Over).await.map(|_| ()) } => {
            if tokio::time::timeout(CLIENT_CLOSES, &mut running).await.is_err() {
                close("dealscope: session over".into()).await;
                let _ = tokio::time::timeout(Duration::from_secs(5), &mut running).await;
            }
        }
    }
}

fn ended_with(shared: &Shared, peer: SocketAddr, ended: Result<(), russh::Error>) {
    if let Err(e) = ended {
        shared.log_summarised("ended", || format!("{peer}: connection ended: {e}"));
    }
}

/// The address penalties and per-source caps count by: an IPv4 address (one
/// mapped into IPv6 included), or an IPv6 address's /64 network, which is
/// what one site or host usually holds.
fn source_of(peer: SocketAddr) -> IpAddr {
    match peer.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
        v4 => v4,
    }
}

/// What to tell viewers to type: for a wildcard address, this host's name
/// and each of its addresses.
fn connect_hints(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let ssh = |host: &str| format!("ssh -p {port} {host}");
    if !addr.ip().is_unspecified() {
        return vec![ssh(&addr.ip().to_string())];
    }
    let mut hints = Vec::new();
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.')) {
        hints.push(ssh(&name));
    }
    let v6 = addr.is_ipv6();
    if let Ok(ifaces) = if_addrs::get_if_addrs() {
        for iface in ifaces.into_iter().filter(|i| !i.is_loopback() && i.ip().is_ipv6() == v6) {
            hints.push(ssh(&iface.ip().to_string()));
        }
    }
    if hints.is_empty() {
        hints.push(ssh("<this-host>"));
    }
    hints
}

/// A client's text (a user name, a subsystem, a key's comment) as a log
/// line or the roster shows it: Rust-escaped (`\r\n`, `\u{1b}`), so a CR or
/// LF cannot forge a line, and cut to 64 characters. Not `text::sanitize::inert`:
/// its control pictures are for a screen, while a log wants what a reader can
/// grep and copy back.
fn log_text(text: &str) -> String {
    let mut out: String = text.chars().take(64).flat_map(char::escape_debug).collect();
    if text.chars().nth(64).is_some() {
        out.push('…');
    }
    out
}

fn clamp_size(n: u32, max: u16) -> u16 {
    n.clamp(1, u32::from(max)) as u16
}

/// The theme a client chose or its terminal needs: `DEALSCOPE_THEME`, then
/// `NO_COLOR`, then mono for a TERM without colour; `None`: ask its terminal
/// for its background (OSC 11), as the local explorer does.
fn theme_for(term: &str, env: &[(String, String)]) -> Option<ThemeName> {
    let var = |n: &str| env.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    if let Some(t) = ThemeName::chosen(None, var("DEALSCOPE_THEME"), var("NO_COLOR")) {
        return Some(t);
    }
    let t = term.to_ascii_lowercase();
    let mono = t.is_empty() || t == "dumb" || t.starts_with("vt") || t.ends_with("-m") || t.contains("mono");
    mono.then_some(ThemeName::Mono)
}

#[cfg(test)]
mod theme_tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_client_s_choice_beats_its_terminal_which_is_asked_last() {
        assert_eq!(
            theme_for("xterm-256color", &env(&[("DEALSCOPE_THEME", "light"), ("NO_COLOR", "1")])),
            Some(ThemeName::Light)
        );
        assert_eq!(theme_for("xterm-256color", &env(&[("NO_COLOR", "1")])), Some(ThemeName::Mono));
        assert_eq!(theme_for("dumb", &env(&[])), Some(ThemeName::Mono));
        assert_eq!(theme_for("vt100", &env(&[])), Some(ThemeName::Mono));
        // Nothing chosen, a colour terminal: ask it.
        assert_eq!(theme_for("xterm-256color", &env(&[("DEALSCOPE_THEME", "purple")])), None);
        assert_eq!(theme_for("tmux-256color", &env(&[])), None);
    }
}
