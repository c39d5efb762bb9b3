//! The SSH runtime (`dealscope serve`): serves the explorer to `ssh` clients
//! with russh. Each session gets its own `App` and a ratatui terminal that
//! writes to its channel, sized from the client's pty; all share one dataset.
//! It never touches the process's own terminal. Safe by default: loopback,
//! public keys from authorized_keys, nothing but the explorer (no exec, sftp,
//! forwarding, agent or X11), and bounded sessions, time, input and output.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::ssh_key::{AuthorizedKeys, HashAlg, LineEnding, PublicKey};
use russh::keys::{Algorithm, PrivateKey};
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};
use tokio::sync::{mpsc, watch};
use tracing::{info, warn};

use crate::app::Location;
use crate::model::Dataset;
use crate::theme::ThemeName;
use crate::watch::{Live, Reload, WatchError};

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
    /// Most sessions at once.
    pub max_sessions: usize,
    /// Time allowed to authenticate.
    pub auth_timeout: Duration,
    /// A session with no input for this long is closed.
    pub idle_timeout: Duration,
    /// Input bytes per second a session may send (bursts of four times that).
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
    /// A key file could not be parsed or made.
    #[error("{0}")]
    Key(String),
}

fn io_err(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> ServeError {
    let what = what.into();
    move |source| ServeError::Io { what, source }
}

/// Frames a slow client may have queued before new ones are dropped.
const QUEUED_FRAMES: usize = 4;
/// Bytes of input queued per session before more are dropped.
const QUEUED_INPUT: usize = 64;
/// How long a lone ESC waits to see whether a sequence follows.
const ESC_WAIT: Duration = Duration::from_millis(40);
/// Extra connections allowed beyond the session limit (people still logging in).
const SPARE_CONNECTIONS: usize = 8;

/// Loads the host key, or makes one (Ed25519, mode 0600) on first run.
pub fn host_key(path: &Path) -> Result<PrivateKey, ServeError> {
    if path.exists() {
        return PrivateKey::read_openssh_file(path)
            .map_err(|e| ServeError::Key(format!("{}: not an OpenSSH private key: {e}", path.display())));
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| ServeError::Key(format!("cannot make a host key: {e}")))?;
    let text =
        key.to_openssh(LineEnding::LF).map_err(|e| ServeError::Key(format!("cannot encode the host key: {e}")))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_err(format!("creating {}", dir.display())))?;
    }
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io_err(format!("writing {}", path.display())))?;
    f.write_all(text.as_bytes()).map_err(io_err(format!("writing {}", path.display())))?;
    eprintln!("dealscope: made a new host key at {}", path.display());
    Ok(key)
}

/// The public keys in an authorized_keys file.
pub fn authorized_keys(path: &Path) -> Result<Vec<PublicKey>, ServeError> {
    let entries = AuthorizedKeys::read_file(path)
        .map_err(|e| ServeError::Key(format!("{}: cannot read authorized keys: {e}", path.display())))?;
    Ok(entries.into_iter().map(|e| e.public_key().clone()).collect())
}

mod session;

use session::{SessionSpec, run_session};

/// The data every session shows, and what became of the last reload.
#[derive(Clone)]
struct Data {
    /// Bumped on each successful reload; locations carry it, since entity
    /// handles mean nothing across datasets.
    generation: u64,
    /// The last good data.
    ds: Arc<Dataset>,
    /// The first error of the data on disk, while it is broken.
    problem: Option<String>,
}

/// What all sessions share.
struct Shared {
    data: watch::Sender<Data>,
    opts: ServeOptions,
    keys: Vec<PublicKey>,
    presenter_keys: Vec<PublicKey>,
    sessions: AtomicUsize,
    connections: AtomicUsize,
    next_id: AtomicU64,
    /// The presenting session's id, if any.
    presenter: Mutex<Option<u64>>,
    /// The presenter's place (and the data generation it is in), for followers.
    shown: watch::Sender<Option<(u64, Arc<Location>)>>,
    /// Sessions' count changed: followers redraw their status bar.
    audience: watch::Sender<usize>,
}

impl Shared {
    fn knows(list: &[PublicKey], key: &PublicKey) -> bool {
        list.iter().any(|k| k.key_data() == key.key_data())
    }

    fn viewers(&self) -> usize {
        let presenting = usize::from(self.presenter.lock().map(|p| p.is_some()).unwrap_or(false));
        self.sessions.load(Ordering::SeqCst).saturating_sub(presenting)
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
    let key = host_key(&opts.host_key)?;
    let keys = if opts.open {
        Vec::new()
    } else {
        match authorized_keys(&opts.authorized_keys) {
            Ok(k) => k,
            Err(e) if opts.password.is_some() => {
                warn!("{e}; only the password lets people in");
                Vec::new()
            }
            Err(e) => return Err(e),
        }
    };
    let presenter_keys = match &opts.presenter_keys {
        Some(p) => authorized_keys(p)?,
        None => Vec::new(),
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
        eprintln!("dealscope: {} authorized key(s) from {}", keys.len(), opts.authorized_keys.display());
    }
    if opts.present {
        eprintln!("dealscope: presenter mode: the first session to connect presents; others follow (f toggles)");
    }
    eprintln!("dealscope: connect with: ssh -p {} {}", addr.port(), addr.ip());

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
        inactivity_timeout: Some(opts.idle_timeout + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        max_auth_attempts: 6,
        nodelay: true,
        ..Default::default()
    });
    let (shown, _) = watch::channel(None);
    let (audience, _) = watch::channel(0);
    let (data, _) = watch::channel(Data { generation: 0, ds, problem: None });
    let shared = Arc::new(Shared {
        data,
        opts,
        keys,
        presenter_keys,
        sessions: AtomicUsize::new(0),
        connections: AtomicUsize::new(0),
        next_id: AtomicU64::new(1),
        presenter: Mutex::new(None),
        shown,
        audience,
    });

    match live {
        None => {}
        Some(Err(e)) => eprintln!("dealscope: WARNING: {e}; live reload is off"),
        Some(Ok(live)) => {
            eprintln!("dealscope: watching {} for changes", live.path().display());
            let shared = Arc::clone(&shared);
            let spawned = std::thread::Builder::new().name("dealscope-reload".into()).spawn(move || {
                while let Some(reload) = live.wait() {
                    shared.data.send_modify(|d| match reload {
                        Reload::Data(ds) => {
                            info!("data reloaded: {} entities", ds.len());
                            *d = Data { generation: d.generation + 1, ds, problem: None };
                        }
                        Reload::Invalid(problem) => {
                            warn!("data not reloaded: {problem}");
                            d.problem = Some(problem);
                        }
                    })
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
                    continue;
                }
            },
        };
        let limit = shared.opts.max_sessions + SPARE_CONNECTIONS;
        if shared.connections.fetch_add(1, Ordering::SeqCst) >= limit {
            shared.connections.fetch_sub(1, Ordering::SeqCst);
            warn!("{peer}: refused, {limit} connections already open");
            drop(socket);
            continue;
        }
        let shared2 = Arc::clone(&shared);
        let config = Arc::clone(&config);
        tokio::spawn(async move {
            let authed = Arc::new(AtomicBool::new(false));
            let conn = Conn::new(Arc::clone(&shared2), peer, Arc::clone(&authed));
            match russh::server::run_stream(config, socket, conn).await {
                Ok(running) => {
                    let handle = running.handle();
                    let timeout = shared2.opts.auth_timeout;
                    let watchdog = tokio::spawn(async move {
                        tokio::time::sleep(timeout).await;
                        if !authed.load(Ordering::SeqCst) {
                            info!("{peer}: authentication timed out");
                            let _ = handle
                                .disconnect(
                                    russh::Disconnect::ByApplication,
                                    "authentication timed out".into(),
                                    "".into(),
                                )
                                .await;
                        }
                    });
                    if let Err(e) = running.await {
                        info!("{peer}: connection ended: {e}");
                    }
                    watchdog.abort();
                }
                Err(e) => info!("{peer}: handshake failed: {e}"),
            }
            shared2.connections.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// What the handler passes to a session's task.
enum Event {
    Bytes(Vec<u8>),
    Resize(u16, u16),
    Closed,
}

/// One connection's handler: authentication, channel requests, and
/// forwarding input to the session task.
struct Conn {
    shared: Arc<Shared>,
    peer: SocketAddr,
    authed: Arc<AtomicBool>,
    may_present: bool,
    channel: Option<ChannelId>,
    write: Option<russh::ChannelWriteHalf<Msg>>,
    term: String,
    env: Vec<(String, String)>,
    size: (u16, u16),
    tx: Option<mpsc::Sender<Event>>,
    bucket: (f64, Instant),
    dropped: u64,
}

impl Conn {
    fn new(shared: Arc<Shared>, peer: SocketAddr, authed: Arc<AtomicBool>) -> Self {
        let burst = f64::from(shared.opts.input_rate) * 4.0;
        Self {
            shared,
            peer,
            authed,
            may_present: false,
            channel: None,
            write: None,
            term: String::new(),
            env: Vec::new(),
            size: (80, 24),
            tx: None,
            bucket: (burst, Instant::now()),
            dropped: 0,
        }
    }

    fn accept(&mut self, key: Option<&PublicKey>) -> Auth {
        self.authed.store(true, Ordering::SeqCst);
        self.may_present = match key {
            Some(k) => self.shared.presenter_keys.is_empty() || Shared::knows(&self.shared.presenter_keys, k),
            None => self.shared.presenter_keys.is_empty(),
        };
        Auth::Accept
    }

    fn reject() -> Auth {
        Auth::Reject { proceed_with_methods: None, partial_success: false }
    }

    /// Takes `n` bytes from the input budget; false when over the rate.
    fn within_rate(&mut self, n: usize) -> bool {
        let rate = f64::from(self.shared.opts.input_rate);
        let (tokens, last) = &mut self.bucket;
        let now = Instant::now();
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(rate * 4.0);
        *last = now;
        if *tokens >= n as f64 {
            *tokens -= n as f64;
            true
        } else {
            false
        }
    }

    async fn refuse(&mut self, channel: ChannelId, session: &mut Session, why: &str) -> Result<(), russh::Error> {
        warn!("{}: {why}", self.peer);
        session.channel_failure(channel)?;
        session.extended_data(channel, 1, format!("dealscope: {why}\r\n").into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)?;
        Ok(())
    }
}

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(if self.shared.opts.open { self.accept(None) } else { Self::reject() })
    }

    async fn auth_password(&mut self, _user: &str, password: &str) -> Result<Auth, Self::Error> {
        let ok = match &self.shared.opts.password {
            Some(p) => constant_time_eq(p.as_bytes(), password.as_bytes()),
            None => false,
        };
        Ok(if ok || self.shared.opts.open { self.accept(None) } else { Self::reject() })
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        let known = self.shared.opts.open || Shared::knows(&self.shared.keys, offer.public_key);
        Ok(if known { Auth::Accept } else { Self::reject() })
    }

    async fn auth_publickey(&mut self, user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        if self.shared.opts.open || Shared::knows(&self.shared.keys, key.public_key) {
            info!("{}: {user} authenticated with {}", self.peer, key.public_key.fingerprint(HashAlg::Sha256));
            Ok(self.accept(Some(key.public_key)))
        } else {
            info!("{}: {user} offered an unknown key", self.peer);
            Ok(Self::reject())
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            return Ok(()); // one explorer per connection: dropping the reply refuses
        }
        self.channel = Some(channel.id());
        // Input arrives through the handler; the write half gives output
        // that waits for the client's window, so a slow client cannot make us buffer.
        let (read, write) = channel.split();
        drop(read);
        self.write = Some(write);
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.term = term.to_string();
        self.size = (clamp_size(cols), clamp_size(rows));
        session.channel_success(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if matches!(name, "NO_COLOR" | "DEALSCOPE_THEME") && self.env.len() < 16 {
            self.env.push((name.to_string(), value.chars().take(32).collect()));
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        if self.tx.is_some() || self.channel != Some(channel) {
            return self.refuse(channel, session, "one explorer per connection").await;
        }
        let sessions = self.shared.sessions.fetch_add(1, Ordering::SeqCst);
        if sessions >= self.shared.opts.max_sessions {
            self.shared.sessions.fetch_sub(1, Ordering::SeqCst);
            let why = format!("the server is full ({} sessions); try again later", self.shared.opts.max_sessions);
            return self.refuse(channel, session, &why).await;
        }
        let Some(write) = self.write.take() else {
            self.shared.sessions.fetch_sub(1, Ordering::SeqCst);
            return self.refuse(channel, session, "no session channel").await;
        };
        session.channel_success(channel)?;
        let (tx, rx) = mpsc::channel(QUEUED_INPUT);
        self.tx = Some(tx);
        let id = self.shared.next_id.fetch_add(1, Ordering::SeqCst);
        let presenting = self.shared.opts.present && self.may_present && {
            let mut p = self.shared.presenter.lock().unwrap_or_else(|e| e.into_inner());
            if p.is_none() {
                *p = Some(id);
                true
            } else {
                false
            }
        };
        let _ = self.shared.audience.send(self.shared.viewers());
        let spec =
            SessionSpec { id, peer: self.peer, theme: theme_for(&self.term, &self.env), size: self.size, presenting };
        let shared = Arc::clone(&self.shared);
        let handle = session.handle();
        tokio::spawn(async move {
            run_session(Arc::clone(&shared), spec, handle, channel, write, rx).await;
            shared.sessions.fetch_sub(1, Ordering::SeqCst);
            {
                let mut p = shared.presenter.lock().unwrap_or_else(|e| e.into_inner());
                if *p == Some(id) {
                    *p = None;
                }
            }
            let _ = shared.audience.send(shared.viewers());
        });
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(channel, session, "only the interactive explorer is served here: connect without a command").await
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let why = format!("subsystem {} refused: only the interactive explorer is served here", name.escape_debug());
        self.refuse(channel, session, &why).await
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _proto: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn agent_request(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn data(&mut self, _channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        if !self.within_rate(data.len()) {
            self.dropped += data.len() as u64;
            return Ok(());
        }
        if let Some(tx) = &self.tx
            && tx.try_send(Event::Bytes(data.to_vec())).is_err()
        {
            self.dropped += data.len() as u64;
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.size = (clamp_size(cols), clamp_size(rows));
        if let Some(tx) = &self.tx {
            let _ = tx.try_send(Event::Resize(self.size.0, self.size.1));
        }
        Ok(())
    }

    async fn channel_eof(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if let Some(tx) = &self.tx {
            let _ = tx.try_send(Event::Closed);
        }
        Ok(())
    }

    async fn channel_close(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        if let Some(tx) = self.tx.take() {
            let _ = tx.try_send(Event::Closed);
        }
        Ok(())
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if self.dropped > 0 {
            info!("{}: dropped {} input bytes over the rate limit", self.peer, self.dropped);
        }
        if let Some(tx) = self.tx.take() {
            let _ = tx.try_send(Event::Closed);
        }
    }
}

fn clamp_size(n: u32) -> u16 {
    n.clamp(1, 1000) as u16
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The theme a client gets: `DEALSCOPE_THEME`, then `NO_COLOR`, then what its TERM can show.
fn theme_for(term: &str, env: &[(String, String)]) -> ThemeName {
    let var = |n: &str| env.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    if let Some(t) = var("DEALSCOPE_THEME").and_then(ThemeName::parse) {
        return t;
    }
    if var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return ThemeName::Mono;
    }
    let t = term.to_ascii_lowercase();
    if t.is_empty() || t == "dumb" || t.starts_with("vt") || t.ends_with("-m") || t.contains("mono") {
        ThemeName::Mono
    } else {
        ThemeName::Dark
    }
}
