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
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use russh::keys::ssh_key::HashAlg;
use russh::{MethodKind, MethodSet};
use tokio::sync::{Semaphore, watch};
use tracing::warn;

use crate::app::indexed::Indexed;
use crate::app::theme::ThemeName;
use crate::data::model::Dataset;
use crate::runtime::watch::{Live, WatchError};

mod banner;
mod channel;
mod conn;
mod host_key;
mod key_file;
pub mod keys;
pub mod limits;
pub(crate) mod penalties;
use crate::runtime::meeting;
use crate::runtime::served::{self, Data};
pub(crate) mod seat;
mod session;
mod socket;
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
    /// The tour (its id) and step (0-based) a presentation starts on.
    pub opening: Option<(String, usize)>,
    /// How long a presentation waits for a presenter whose connection dropped.
    pub grace: Duration,
    /// Keys whose sessions see what the data marks confidential (marked);
    /// every other session sees it masked.
    pub cleared_keys: Option<PathBuf>,
    /// Record each presentation into this directory (made and checked already).
    pub record: Option<PathBuf>,
    /// Record confidential values (else masked).
    pub record_cleared: bool,
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
    /// The web viewer beside SSH (`--web`), if asked for.
    pub web: Option<crate::runtime::web::WebOptions>,
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
    /// The web viewer could not start.
    #[error("{0}")]
    Web(String),
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
pub(crate) const RESIZE_INTERVAL: Duration = Duration::from_millis(50);
/// Turned-away sockets drained at once (the rest are closed at once).
const LINGERING: usize = 64;
/// How long a client has to close its connection after its session ended.
const CLIENT_CLOSES: Duration = Duration::from_secs(2);
/// The user name that asks for the speaker view (`ssh notes@host`).
const SPEAKER_USER: &str = "notes";
/// How long a stopping server waits for its sessions' goodbyes.
const STOP_WAIT: Duration = Duration::from_secs(5);
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
    penalties: Arc<Penalties>,
    summaries: Summary,
    next_id: Arc<AtomicU64>,
    /// The presentation: who presents, the tour, the presenter's place,
    /// what was said, who watches.
    meeting: meeting::Handle,
    /// Followers' frames, drawn once per view for the whole room.
    follower_frames: Arc<meeting::frames::FollowerFrames>,
    /// Why the server stops, once it does: every session says so and closes.
    stop: watch::Sender<Option<String>>,
    /// Connections with a session started and not yet closed: a stopping
    /// server waits for their goodbyes.
    open: watch::Sender<usize>,
    /// The port it listens on, for the hints it gives clients.
    port: u16,
}

impl Shared {
    /// Logs a line of a kind that a client can cause at will, summarising
    /// floods: one line of each kind per interval at most, with how many were
    /// held back since the last.
    fn log_summarised(&self, kind: &'static str, line: impl FnOnce() -> String) {
        self.summaries.warn(kind, line);
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
    let first = Indexed::new(ds);
    if let Some(Ok(live)) = &live {
        live.shown(first.clone());
    }
    let data = Data::new(0, first, None);
    let (k, p, c) = (keys.current(), presenter_keys.current(), cleared_keys.current());
    let lists = (&*k, &*p, &*c);
    for line in banner::lines(addr, &opts, lists, !data.secrets.is_empty()) {
        eprintln!("dealscope: {line}");
    }
    eprintln!("dealscope: host key {}", key.public_key().fingerprint(HashAlg::Sha256));
    for hint in banner::connect_hints(addr) {
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
    let meeting = meeting::Handle::start(meeting::Meeting::new(
        opts.grace,
        opts.presenter_keys.is_some(),
        opts.opening.clone(),
        outlines(&data.full.ds),
    ));
    let (data, _) = watch::channel(data);
    let penalties = Arc::new(Penalties::new(opts.penalties, opts.penalty_exempt.clone()));
    let shared = Arc::new(Shared {
        data,
        gate: Gate::new(opts.caps),
        opts,
        keys,
        presenter_keys,
        cleared_keys,
        penalties,
        summaries: Summary::new(SUMMARY_EVERY),
        next_id: Arc::new(AtomicU64::new(1)),
        meeting,
        follower_frames: Arc::default(),
        stop: watch::channel(None).0,
        open: watch::channel(0).0,
        port: addr.port(),
    });
    // Each presentation is recorded by one more follower of the meeting.
    let recorder = shared.opts.record.clone().map(|dir| {
        let (meeting, data, stop) = (shared.meeting.clone(), shared.data.subscribe(), shared.stop.subscribe());
        tokio::spawn(meeting::recorder::record(meeting, data, dir, shared.opts.record_cleared, stop))
    });

    let web = match shared.opts.web.clone() {
        Some(o) => Some(crate::runtime::web::start(o, web_host(&shared)).await.map_err(ServeError::Web)?),
        None => None,
    };

    match live {
        None => {}
        Some(Err(e)) => eprintln!("dealscope: WARNING: {e}; live reload is off"),
        Some(Ok(live)) => {
            eprintln!("dealscope: watching {} for changes", live.path().display());
            let shared = Arc::clone(&shared);
            let spawned = std::thread::Builder::new().name("dealscope-reload".into()).spawn(move || {
                while let Some(reload) = live.wait() {
                    served::take_in(&shared.data, reload);
                    // The meeting keeps its tour by id, its step clamped to the new data's.
                    let tours = outlines(&shared.data.borrow().full.ds);
                    shared.meeting.tell_blocking(meeting::Command::Tours(tours));
                }
            });
            if let Err(e) = spawned {
                eprintln!("dealscope: WARNING: cannot start the reload thread ({e}); live reload is off");
            }
        }
    }

    let stop = stopped();
    tokio::pin!(stop);
    let lingering = Arc::new(Semaphore::new(LINGERING));
    loop {
        let (socket, peer) = tokio::select! {
            signal = &mut stop => {
                eprintln!("dealscope: {signal}: stopping; every session is told and closed");
                stop_sessions(&shared).await;
                if let Some(viewers) = &web {
                    crate::runtime::web::said_goodbye(viewers).await;
                }
                if let Some(recorder) = recorder
                    && tokio::time::timeout(STOP_WAIT, recorder).await.is_err()
                {
                    warn!("the recording was not finished in time");
                }
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

/// What the web viewer shares with SSH sessions.
fn web_host(shared: &Shared) -> crate::runtime::web::Host {
    crate::runtime::web::Host {
        data: shared.data.subscribe(),
        stop: shared.stop.subscribe(),
        next_id: Arc::clone(&shared.next_id),
        penalties: Arc::clone(&shared.penalties),
        meeting: shared.opts.present.then(|| shared.meeting.clone()),
        key_rate: shared.opts.key_rate,
        idle_timeout: shared.opts.idle_timeout,
        follower_frames: Arc::clone(&shared.follower_frames),
        encodings: Arc::default(),
    }
}

/// The tours of a dataset as the meeting knows them.
fn outlines(ds: &Dataset) -> Vec<meeting::Outline> {
    ds.tours().iter().map(|t| meeting::Outline { id: t.id.clone(), steps: t.steps.len() }).collect()
}

/// Waits for SIGTERM, SIGINT or SIGHUP; says which came.
async fn stopped() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let wait = |kind: SignalKind| async move {
        match signal(kind) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = wait(SignalKind::terminate()) => "SIGTERM",
        _ = wait(SignalKind::interrupt()) => "SIGINT",
        _ = wait(SignalKind::hangup()) => "SIGHUP",
    }
}

/// Tells every session the server stops and waits (a little) for each to
/// have said goodbye, restored its client's terminal and closed.
async fn stop_sessions(shared: &Shared) {
    shared.stop.send_replace(Some("the server is stopping".into()));
    let mut open = shared.open.subscribe();
    let all_closed = open.wait_for(|n| *n == 0);
    if tokio::time::timeout(STOP_WAIT, all_closed).await.is_err() {
        warn!("{} connection(s) still open after {} s; stopping anyway", *shared.open.borrow(), STOP_WAIT.as_secs());
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
    let (socket, killer) = match socket::take_socket(socket, config.nodelay) {
        Ok(pair) => pair,
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
    // Counted open until it is closed, so a stopping server waits for its goodbye.
    shared.open.send_modify(|n| *n += 1);
    let _open = Counted(&shared.open);
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

/// Counts itself out of a count when dropped.
struct Counted<'a>(&'a watch::Sender<usize>);

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
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
pub(crate) fn source_of(peer: SocketAddr) -> IpAddr {
    match peer.ip() {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
        v4 => v4,
    }
}

/// A client's text (a user name, a subsystem, a key's comment) as a log
/// line or the roster shows it: Rust-escaped (`\r\n`, `\u{1b}`), so a CR or
/// LF cannot forge a line, and cut to 64 characters. Not `text::sanitize::inert`:
/// its control pictures are for a screen, while a log wants what a reader can
/// grep and copy back.
pub(crate) fn log_text(text: &str) -> String {
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
