//! One connection's SSH handler: logging in (keys with their options,
//! the password), what a failed or abandoned login costs its source
//! (`penalties.rs`), the channel requests it allows, and the
//! hand-over of input, size changes and the end of the channel to its
//! session task.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use russh::keys::ssh_key::{HashAlg, PublicKey};
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, Pty};
use subtle::ConstantTimeEq as _;
use tokio::sync::{mpsc, watch};
use tracing::{info, warn};

use super::keys::KeyDenied;
use super::limits::{Refusal, Startup};
use super::penalties::{Offence, Outcome};
use super::session::{Link, SessionSpec, run_session};
use super::{SPEAKER_USER, Shared, Stage, clamp_size, log_text, source_of, theme_for};
use crate::runtime::meeting::Name;

/// Chunks of input queued for a session; a full queue holds the client back
/// (the handler waits, so the SSH window closes) instead of dropping bytes.
const QUEUED_INPUT: usize = 16;

/// The sending ends of a session's [`Link`].
struct LinkTx {
    input: mpsc::Sender<Vec<u8>>,
    size: watch::Sender<(u16, u16)>,
    closed: watch::Sender<bool>,
}

/// How the connection logged in.
#[derive(Debug, Clone)]
enum Login {
    /// Not (yet).
    No,
    /// With this key (its SHA-256 fingerprint).
    Key(String),
    /// With the password, or by `--open`.
    Keyless,
}

/// One connection's handler.
pub(super) struct Conn {
    shared: Arc<Shared>,
    peer: SocketAddr,
    source: IpAddr,
    /// Its place in the login budget, until its session starts.
    startup: Option<Startup>,
    /// Where the connection is: the login grace time stops when its session
    /// starts, and the connection is closed when the session is over.
    stage: Arc<watch::Sender<Stage>>,
    /// When the login grace time runs out.
    deadline: Instant,
    /// The client asked to log in at least once (any method).
    tried: bool,
    login: Login,
    may_present: bool,
    /// Logged in with a key in `--cleared-keys`: sees what is confidential.
    cleared: bool,
    /// How the roster names this viewer: as its authorized_keys line
    /// gives (`dealscope-name=`, else its comment's part before `@`; the
    /// whole comment in full), else by the key's fingerprint; a keyless
    /// login is user@address here, `ssh N` once its session has a number
    /// (`Name::typed`).
    name: Name,
    /// The user name the client gave (`notes` asks for the speaker view).
    user: String,
    /// A key or password was refused on this connection.
    failed: bool,
    /// A wrong password was counted against the source already.
    penalised: bool,
    channel: Option<ChannelId>,
    write: Option<russh::ChannelWriteHalf<Msg>>,
    term: String,
    /// The client asked for a terminal (a pty); the explorer needs one.
    has_pty: bool,
    env: Vec<(String, String)>,
    size: (u16, u16),
    /// Window changes received, for the log.
    resizes: u64,
    link: Option<LinkTx>,
}

impl Conn {
    pub(super) fn new(
        shared: Arc<Shared>,
        peer: SocketAddr,
        startup: Startup,
        stage: Arc<watch::Sender<Stage>>,
        deadline: Instant,
    ) -> Self {
        Self {
            shared,
            peer,
            source: source_of(peer),
            startup: Some(startup),
            stage,
            deadline,
            tried: false,
            login: Login::No,
            may_present: false,
            cleared: false,
            name: Name::default(),
            user: String::new(),
            failed: false,
            penalised: false,
            channel: None,
            write: None,
            term: String::new(),
            has_pty: false,
            env: Vec::new(),
            size: (80, 24),
            resizes: 0,
            link: None,
        }
    }

    fn accept(&mut self, user: &str, key: Option<&PublicKey>) -> Auth {
        let presenters = self.shared.presenter_keys.current();
        self.may_present = match key {
            Some(k) => presenters.is_empty() || presenters.knows(k),
            None => presenters.is_empty(),
        };
        self.cleared = key.is_some_and(|k| self.shared.cleared_keys.current().knows(k));
        self.user = user.chars().take(64).collect();
        self.login = match key {
            Some(k) => Login::Key(k.fingerprint(HashAlg::Sha256).to_string()),
            None => Login::Keyless,
        };
        self.name = match key {
            Some(k) => {
                let keys = self.shared.keys.current();
                let line = keys.admit(k, self.source, jiff::Timestamp::now()).ok();
                let comment =
                    line.map(|l| AsRef::<str>::as_ref(l.key.comment()).trim().to_string()).unwrap_or_default();
                let fp: String = k.fingerprint(HashAlg::Sha256).to_string().chars().take(15).collect();
                let full = if comment.is_empty() { fp.clone() } else { log_text(&comment) };
                let shown = line.and_then(|l| l.shown_name()).map_or(fp, |n| log_text(&n));
                if full != shown {
                    info!("{}: {} is named {shown} in join and leave notices", self.peer, log_text(&comment));
                }
                Name { shown, full }
            }
            None => Name::plain(format!("{}@{}", log_text(user), self.source)),
        };
        Auth::Accept
    }

    fn reject(&mut self) -> Auth {
        self.failed = true;
        Auth::Reject { proceed_with_methods: None, partial_success: false }
    }

    /// Whether `key` may log in now; logs why not.
    fn key_allowed(&self, user: &str, key: &PublicKey) -> bool {
        if self.shared.opts.open {
            return true;
        }
        match self.shared.keys.current().admit(key, self.source, jiff::Timestamp::now()) {
            Ok(_) => true,
            Err(KeyDenied::Unknown) => false,
            Err(KeyDenied::Refused(why)) => {
                warn!(
                    "{}: key {} for {} refused by its authorized_keys options: {why}",
                    self.peer,
                    key.fingerprint(HashAlg::Sha256),
                    log_text(user)
                );
                false
            }
        }
    }

    async fn refuse(&mut self, channel: ChannelId, session: &mut Session, why: &str) -> Result<(), russh::Error> {
        self.shared.log_summarised("refused in session", || format!("{}: refused: {why}", self.peer));
        // The request "succeeds" and the channel says why and ends with status
        // 1, as a forced command would: OpenSSH's client exits at once on a
        // failed shell or exec request, before it prints what came with it.
        session.channel_success(channel)?;
        session.extended_data(channel, 1, format!("dealscope: {why}\r\n").into_bytes())?;
        session.exit_status_request(channel, 1)?;
        session.eof(channel)?;
        session.close(channel)?;
        Ok(())
    }

    /// For a login's log line: the penalty its address has, if any.
    fn penalty_note(&self) -> String {
        match self.shared.penalties.state(self.peer.ip(), self.source, Instant::now()) {
            Some((left, enforced)) => {
                let state = if enforced { "enforced" } else { "not enforced" };
                format!(" (its address's penalty: {:.1} s, {state})", left.as_secs_f64())
            }
            None => String::new(),
        }
    }

    /// Adds `offence` to the source's penalty, and logs what it is now.
    fn penalise(&self, offence: Offence, why: &str) {
        let outcome = self.shared.penalties.offend(self.peer.ip(), self.source, offence, Instant::now());
        let (peer, source) = (self.peer, self.source);
        let config = self.shared.penalties.config();
        let amount = super::penalties::time_text(config.amount(offence));
        // Summarised by kind of offence, so that a flood of one kind hides no other.
        let kind = match offence {
            Offence::AuthFail => "penalty authfail",
            Offence::NoAuth => "penalty noauth",
            Offence::GraceExceeded => "penalty grace-exceeded",
        };
        match outcome {
            Outcome::Penalised { left, enforced, now_enforced } => {
                let state = match (enforced, now_enforced) {
                    (_, true) => "enforced from now: new connections from it are turned away",
                    (true, false) => "enforced",
                    (false, _) => "not enforced until over min",
                };
                let kind = if now_enforced { "penalty enforced" } else { kind };
                self.shared.log_summarised(kind, || {
                    format!(
                        "{peer}: {why} ({} +{amount}); {source}'s penalty is now {:.1} s, {state} ({})",
                        offence.keyword(),
                        left.as_secs_f64(),
                        super::penalties::time_text(config.min)
                    )
                });
            }
            Outcome::Exempt => self.shared.log_summarised(kind, || format!("{peer}: {why}; exempt from penalties")),
            Outcome::TableFull => self.shared.log_summarised("penalty table full", || {
                format!("{peer}: {why}; not penalised: the table of penalised addresses is full")
            }),
            Outcome::Off => self.shared.log_summarised(kind, || format!("{peer}: {why}")),
        }
    }

    fn close_link(&mut self) {
        if let Some(link) = self.link.take() {
            link.closed.send_replace(true);
        }
    }
}

impl Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        self.tried = true;
        // Not a failure: every client asks this first to learn the methods.
        Ok(if self.shared.opts.open {
            self.accept(_user, None)
        } else {
            Auth::Reject { proceed_with_methods: None, partial_success: false }
        })
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        self.tried = true;
        // A source whose penalty is enforced waits it out before each try.
        if let Err(Refusal::Penalised(left)) = self.shared.penalties.check(self.peer.ip(), self.source, Instant::now())
        {
            tokio::time::sleep(left.min(self.shared.opts.login_grace)).await;
        }
        let ok = match &self.shared.opts.password {
            Some(p) => bool::from(p.as_bytes().ct_eq(password.as_bytes())),
            None => false,
        };
        if ok || self.shared.opts.open {
            info!("{}: {} logged in with the password{}", self.peer, log_text(user), self.penalty_note());
            return Ok(self.accept(user, None));
        }
        // Each wrong password counts at once: guesses are what penalties slow.
        warn!("{}: wrong password for {}", self.peer, log_text(user));
        self.penalise(Offence::AuthFail, "a wrong password");
        self.penalised = true;
        Ok(self.reject())
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        self.tried = true;
        Ok(if self.key_allowed(user, offer.public_key) { Auth::Accept } else { self.reject() })
    }

    async fn auth_publickey(&mut self, user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        if self.key_allowed(user, key.public_key) {
            let fp = key.public_key.fingerprint(HashAlg::Sha256);
            info!("{}: {} logged in with {fp}{}", self.peer, log_text(user), self.penalty_note());
            Ok(self.accept(user, Some(key.public_key)))
        } else {
            info!("{}: {} offered a key that may not log in", self.peer, log_text(user));
            Ok(self.reject())
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
        self.term = term.chars().take(64).collect();
        self.has_pty = true;
        self.size = (clamp_size(cols, super::MAX_COLS), clamp_size(rows, super::MAX_ROWS));
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
        if self.link.is_some() || self.channel != Some(channel) {
            return self.refuse(channel, session, "one explorer per connection").await;
        }
        let key = match &self.login {
            Login::No => return self.refuse(channel, session, "not logged in").await,
            Login::Key(fp) => Some(fp.clone()),
            Login::Keyless => None,
        };
        // `ssh -T host`, or a client with no terminal: escape codes would
        // only be dumped into it, so it is told how to connect instead.
        if !self.has_pty {
            let port = self.shared.port;
            let why = format!("the explorer needs a terminal: connect with `ssh -t -p {port} HOST` (not -T)");
            return self.refuse(channel, session, &why).await;
        }
        // `ssh notes@host`: the speaker view, for the presenter's own key only.
        let speaker = self.user == SPEAKER_USER;
        if speaker {
            let why = match (
                &key,
                self.shared.opts.present,
                self.shared.presenter_keys.current().is_empty(),
                self.may_present,
            ) {
                (_, false, ..) => Some("the speaker view needs a presented demo (dealscope serve --present)"),
                (_, _, true, _) => Some(
                    "the speaker view needs --presenter-keys: without it anyone may present, and so read the notes",
                ),
                (None, ..) => Some("the speaker view needs a key: log in with the presenter's key"),
                (.., false) => Some("this key may not present, so it may not see the speaker notes"),
                _ => None,
            };
            if let Some(why) = why {
                return self.refuse(channel, session, why).await;
            }
        }
        let slot = match self.shared.gate.session(self.source, key.clone()) {
            Ok(slot) => slot,
            Err(refusal) => return self.refuse(channel, session, &refusal.to_string()).await,
        };
        let Some(write) = self.write.take() else {
            return self.refuse(channel, session, "no session channel").await;
        };
        session.channel_success(channel)?;
        // Logged in with a session: out of the login budget, past the grace time.
        self.startup = None;
        self.stage.send_replace(Stage::Running);
        let (input_tx, input) = mpsc::channel(QUEUED_INPUT);
        let (size_tx, size) = watch::channel(self.size);
        let (closed_tx, closed) = watch::channel(false);
        self.link = Some(LinkTx { input: input_tx, size: size_tx, closed: closed_tx });
        let id = self.shared.next_id.fetch_add(1, Ordering::SeqCst);
        if speaker {
            let shared = Arc::clone(&self.shared);
            let handle = session.handle();
            let stage = Arc::clone(&self.stage);
            // The speaker view is not asked for its background: dark, unless chosen.
            let (theme, peer) = (theme_for(&self.term, &self.env).unwrap_or_default(), self.peer);
            let key = key.unwrap_or_default();
            tokio::spawn(async move {
                let _ending = SessionEnd { slot: Some(slot), stage };
                let link = Link { input, size, closed };
                super::speaker::run(shared, peer, key, theme, handle, channel, write, link).await;
            });
            return Ok(());
        }
        let spec = SessionSpec {
            id,
            peer: self.peer,
            theme: theme_for(&self.term, &self.env),
            size: self.size,
            may_present: self.shared.opts.present && self.may_present,
            name: match self.login {
                // Anyone may log in under any user name: the room reads `ssh N`.
                Login::Keyless => Name::typed("ssh", id, &self.name.full),
                _ => self.name.clone(),
            },
            key,
            cleared: self.cleared,
        };
        let shared = Arc::clone(&self.shared);
        let handle = session.handle();
        let stage = Arc::clone(&self.stage);
        tokio::spawn(async move {
            // Released however the task ends, a panic included.
            let _ending = SessionEnd { slot: Some(slot), stage };
            run_session(Arc::clone(&shared), spec, handle, channel, write, Link { input, size, closed }).await;
        });
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let why = format!(
            "only the interactive explorer is served here: connect without a command (`ssh -p {} HOST`)",
            self.shared.port
        );
        self.refuse(channel, session, &why).await
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let why = format!("subsystem {} refused: only the interactive explorer is served here", log_text(name));
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
        // Every byte reaches the session's decoder (so a sequence or paste is
        // never cut in the middle); its input budget decides what takes effect.
        // A full queue waits here, which holds the client back.
        if let Some(link) = &self.link
            && link.input.send(data.to_vec()).await.is_err()
        {
            self.link = None; // the session has ended
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
        self.size = (clamp_size(cols, super::MAX_COLS), clamp_size(rows, super::MAX_ROWS));
        self.resizes += 1;
        // Only the latest size matters: it replaces any the session has not drawn yet.
        if let Some(link) = &self.link {
            link.size.send_replace(self.size);
        }
        Ok(())
    }

    async fn channel_eof(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.close_link();
        Ok(())
    }

    async fn channel_close(&mut self, _channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.close_link();
        Ok(())
    }
}

/// What a session gives back when its task ends (a panic included): its
/// slot, and the connection, which is closed once its one session is over
/// (a second explorer is never served on it).
struct SessionEnd {
    slot: Option<super::limits::SessionSlot>,
    stage: Arc<watch::Sender<Stage>>,
}

impl Drop for SessionEnd {
    fn drop(&mut self) {
        drop(self.slot.take());
        self.stage.send_replace(Stage::Over);
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.close_link();
        if self.resizes > 0 {
            info!("{}: {} window changes received", self.peer, self.resizes);
        }
        // A connection that ended without logging in counts against its
        // source once, by how it ended, as OpenSSH's `grace-exceeded`,
        // `authfail` and `noauth` do (a wrong password counted already).
        if matches!(self.login, Login::No) && !self.penalised {
            let (offence, why) = if Instant::now() >= self.deadline {
                (Offence::GraceExceeded, "not logged in within the login grace time")
            } else if self.failed {
                (Offence::AuthFail, "left after a refused login")
            } else if self.tried {
                (Offence::NoAuth, "left without trying a key or password")
            } else {
                (Offence::NoAuth, "left without trying to log in")
            };
            self.penalise(offence, why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn a_keyless_login_is_projected_by_number_and_named_in_full_for_the_speaker_view() {
        let name = Name::typed("ssh", 7, "Mallory Shouts@127.0.0.1");
        assert_eq!(name.shown, "ssh 7");
        assert_eq!(name.full, "ssh 7: Mallory Shouts@127.0.0.1");
        // Two sessions under one typed name are two rows, never merged.
        assert_ne!(Name::typed("ssh", 8, "root@10.0.0.1").full, Name::typed("ssh", 9, "root@10.0.0.1").full);
    }
}
