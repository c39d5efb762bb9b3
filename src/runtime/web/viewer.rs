//! One web viewer's session: its own `App` (without clearance, without
//! speaker notes) with a seat in the meeting when there is one (it follows
//! the presenter's place, captions and presence as an SSH follower does,
//! and never presents), fed the keys the page sends (within the same key
//! budget as an SSH session), drawn into a `Buffer` and sent as cells: a whole
//! frame first and after a resize or a change of colour scheme, else the
//! cells that changed. Latest wins: at most [`IN_FLIGHT`] frames are
//! unacknowledged by the page at once; while it is behind, changes build up
//! in the app and go as one diff when it catches up, so no queue grows.

use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures_util::stream::SplitSink;
use futures_util::{SinkExt as _, StreamExt as _};
use ratatui::buffer::Buffer;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tracing::{info, warn};

use super::Web;
use super::cells;
use super::encodings::{self, Encodings};
use super::protocol::{self, ClientMsg, Scheme};
use super::socket::{Hello, Socket, close};
use crate::app::input::Input;
use crate::app::keymap;
use crate::app::msg::Msg;
use crate::app::theme::ThemeName;
use crate::app::{App, Options};
use crate::runtime::effects::{self, Flow};
use crate::runtime::input_bytes::ByteParser;
use crate::runtime::meeting::Name;
use crate::runtime::meeting::Presence;
use crate::runtime::meeting::frames::{FollowerFrames, FrameKey};
use crate::runtime::ssh::limits::InputBudget;
use crate::runtime::ssh::seat::{Seat, data_changed};
use crate::runtime::ssh::{MAX_COLS, MAX_ROWS};
use crate::search::worker::SearchWorker;

/// Frames sent and not yet painted, at most.
pub const IN_FLIGHT: u32 = 2;
/// Messages a page may send per second (bursts of four times that); past
/// it the page is closed: a page sends a few a second at most.
const MESSAGE_RATE: u32 = 50;
/// A page that sends nothing (not even its ping, every 25 s; a hidden tab's
/// timers run once a minute) for this long is gone.
const PAGE_SILENT: Duration = Duration::from_secs(150);
/// What the writer may hold: a frame or two, a pong, a status, the goodbye.
const QUEUED: usize = 8;

/// What goes out to the page.
enum Out {
    Bytes(Vec<u8>),
    Close(u16, String),
}

fn theme(scheme: Scheme) -> ThemeName {
    match scheme {
        Scheme::Dark => ThemeName::Dark,
        Scheme::Light => ThemeName::Light,
    }
}

/// How the roster names a web viewer: the name typed (made inert, cut to
/// 32 characters), else `web N`.
fn roster_name(typed: &str, id: u64) -> String {
    let typed: String = typed.trim().chars().take(32).collect();
    let typed = crate::text::sanitize::inert(&typed).into_owned();
    if typed.is_empty() { format!("web {id}") } else { typed }
}

/// Writes what the session queues to the page, then closes.
async fn write(mut sink: SplitSink<Socket, Message>, mut rx: mpsc::Receiver<Out>) {
    while let Some(out) = rx.recv().await {
        match out {
            Out::Bytes(b) => {
                if sink.send(Message::Binary(b.into())).await.is_err() {
                    return;
                }
            }
            Out::Close(code, why) => {
                let frame =
                    tokio_tungstenite::tungstenite::protocol::CloseFrame { code: code.into(), reason: why.into() };
                let _ = tokio::time::timeout(Duration::from_secs(2), sink.send(Message::Close(Some(frame)))).await;
                return;
            }
        }
    }
}

/// The screen sent last, and the frames the page has not painted yet.
struct Screen {
    sent: Option<Arc<Buffer>>,
    /// Whether `sent` is one of the room's frames (others' changes from it
    /// are worth sharing) or this viewer's own.
    sent_shared: bool,
    seq: u32,
    acked: u32,
    /// The next frame must be whole (a new size or theme).
    whole: bool,
}

/// Where a viewer's frames come from while it follows and shows nothing of
/// its own: the room's frames (SSH followers' too) and their encodings.
#[derive(Clone, Copy)]
struct Room<'a> {
    frames: &'a FollowerFrames,
    encodings: &'a Encodings,
    /// The data's generation.
    data: u64,
}

impl Screen {
    fn in_flight(&self) -> u32 {
        self.seq.wrapping_sub(self.acked)
    }

    /// The app drawn, as the message that brings the page to it (`None`:
    /// nothing changed); `Err` when the view panicked. A follower showing
    /// nothing of its own (`room`) takes the frame drawn once for every
    /// follower of its view, and the change to it encoded once for every
    /// web viewer taking the same change.
    fn next(&mut self, app: &App, room: Option<Room>) -> Result<Option<Vec<u8>>, ()> {
        let (buf, encodings) = catch_unwind(AssertUnwindSafe(|| {
            let shared =
                room.and_then(|r| Some((r, FrameKey { data: r.data, cleared: false, view: app.follower_view()? })));
            match shared {
                Some((r, key)) => (r.frames.get(key, || crate::runtime::frame::render_app(app)), Some(r.encodings)),
                None => (Arc::new(crate::runtime::frame::render_app(app)), None),
            }
        }))
        .map_err(|_| ())?;
        let from = self.sent.as_ref().filter(|old| !self.whole && old.area == buf.area);
        // A change is shared between two of the room's frames only: from
        // a frame of its own, this viewer is alone.
        let body = match encodings {
            Some(encodings) if from.is_none() || self.sent_shared => encodings.body(from, &buf),
            _ => encodings::encode(from, &buf),
        };
        let base = from.map(|_| self.seq);
        // Equal cells: nothing to send, but the new frame is the one the
        // page shows (and the one other viewers' changes start from).
        self.sent = Some(Arc::clone(&buf));
        self.sent_shared = encodings.is_some();
        let Some(body) = body else { return Ok(None) };
        self.seq += 1;
        self.whole = false;
        Ok(Some(cells::message(self.seq, base, &buf, &body)))
    }
}

/// Runs one viewer until the page goes, the viewer quits, idles out, or
/// the server stops.
pub(super) async fn run(web: Arc<Web>, peer: SocketAddr, ws: Socket, hello: Hello) {
    let host = web.host.clone();
    let id = host.next_id.fetch_add(1, Ordering::Relaxed);
    let name = roster_name(&hello.name, id);
    let (sink, mut stream) = ws.split();
    let (out, rx) = mpsc::channel(QUEUED);
    let writer = tokio::spawn(write(sink, rx));
    let mut data = host.data.clone();
    let (mut generation, ds, problem, mut secrets) = {
        let d = data.borrow_and_update();
        (d.generation, d.for_session(false), d.problem.clone(), Arc::clone(&d.secrets))
    };
    let mut meeting = host.meeting.as_ref().map(|m| m.subscribe());
    if let Some(m) = meeting.as_mut() {
        m.borrow_and_update();
    }
    // In a presentation the viewer takes a seat: it follows, never presents.
    let (mut seat, first) = match &host.meeting {
        Some(m) => {
            let (seat, first) =
                Seat::take(m.clone(), (id, Name::typed("web", id, &name)), None, (false, false), generation).await;
            (Some(seat), first)
        }
        None => (None, Vec::new()),
    };
    let (w, h) = (hello.cols.clamp(1, MAX_COLS), hello.rows.clamp(1, MAX_ROWS));
    let today = Some(crate::data::date::today());
    let options = Options {
        theme: theme(hello.scheme),
        ascii: false,
        today,
        captions: true,
        keycast: false,
        as_of: None,
        redact: false,
    };
    let mut app = App::new(ds, options, w, h);
    let _ = app.update(Msg::DataProblem(problem));
    let (found_tx, mut found) = mpsc::unbounded_channel();
    let Ok(worker) = SearchWorker::new(move |r| {
        let _ = found_tx.send(Arc::new(r));
    }) else {
        warn!("{peer}: cannot start a search thread; closing this web viewer");
        let _ = out.send(Out::Close(close::ENDED, "the server cannot take another viewer now".into())).await;
        return;
    };
    info!("{peer}: web viewer {id} ({name}) started ({w}x{h})");
    for msg in first {
        let _ = step(&mut app, &worker, msg);
    }
    let mut screen = Screen { sent: None, sent_shared: false, seq: 0, acked: 0, whole: true };
    // A key that did something makes this viewer draw its own frames from
    // then on, never the room's (as an SSH session).
    let mut typed = false;
    // A window size the page sent, taken when `resize_due` comes.
    let (mut resize, mut resize_due): (Option<(u16, u16)>, _) = (None, tokio::time::Instant::now());
    let mut parser = ByteParser::new();
    let mut keys = InputBudget::new(host.key_rate, Instant::now());
    let mut messages = InputBudget::new(MESSAGE_RATE, Instant::now());
    let (mut over_budget, mut last_key, mut last_heard) = (0u64, Instant::now(), Instant::now());
    let mut stop = host.stop.clone();
    let mut status = String::new();
    let mut dirty = true;
    // The title's words may have changed: the app took something, or a
    // meeting snapshot came (one that draws nothing may still say the
    // presenter is away).
    let mut words_due = true;
    let ending: (u16, String) = 'session: loop {
        // The meeting learns of every change of this viewer (its roster line).
        if let Some(seat) = seat.as_mut() {
            seat.publish(&app, generation, &secrets).await;
        }
        words_due |= dirty;
        if dirty && screen.in_flight() < IN_FLIGHT {
            // A frame is drawn only when there is room to queue it: one
            // counted in flight but never sent would hold the page still.
            match out.try_reserve() {
                // The writer is stuck: start afresh when it is not (the
                // page's pings wake this loop at least every 25 s).
                Err(_) => screen.whole = true,
                Ok(room) => {
                    // Keys that did something make this page's screen its own.
                    let shared = (!typed).then_some(Room {
                        frames: &host.follower_frames,
                        encodings: &host.encodings,
                        data: generation,
                    });
                    match screen.next(&app, shared) {
                        Ok(Some(frame)) => room.send(Out::Bytes(frame)),
                        Ok(None) => {}
                        Err(()) => {
                            break 'session (close::ENDED, "this viewer hit an internal error and was closed".into());
                        }
                    }
                    dirty = false;
                }
            }
        }
        if words_due {
            let now = words(&app, meeting.as_ref().map(|m| m.borrow().presence));
            words_due = now != status && out.try_send(Out::Bytes(protocol::status(&now))).is_err();
            if !words_due {
                status = now;
            }
        }
        let idle = host.idle_timeout.saturating_sub(last_key.elapsed());
        let silent = PAGE_SILENT.saturating_sub(last_heard.elapsed());
        tokio::select! {
            msg = stream.next() => {
                let bytes = match msg {
                    Some(Ok(Message::Binary(b))) => b,
                    Some(Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_))) => continue,
                    Some(Ok(Message::Text(_))) => break 'session (close::PROTOCOL, "text messages are not spoken here".into()),
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break 'session (0, String::new()),
                };
                last_heard = Instant::now();
                if messages.take(1, last_heard) == 0 {
                    break 'session (close::PROTOCOL, "too many messages".into());
                }
                let msg = match ClientMsg::decode(&bytes) {
                    Ok(m) => m,
                    Err(e) => break 'session (close::PROTOCOL, format!("the page sent {e}")),
                };
                match msg {
                    ClientMsg::Auth { .. } => break 'session (close::PROTOCOL, "a second token".into()),
                    ClientMsg::Ack(seq) => {
                        if seq.wrapping_sub(screen.acked) <= screen.in_flight() {
                            screen.acked = seq;
                        }
                    }
                    ClientMsg::Ping(n) => {
                        let _ = out.try_send(Out::Bytes(protocol::pong(n)));
                    }
                    ClientMsg::Resize(c, r) => {
                        // Taken at most once per RESIZE_INTERVAL, the latest
                        // size winning, as an SSH session's window changes.
                        resize = Some((c.clamp(1, MAX_COLS), r.clamp(1, MAX_ROWS)));
                    }
                    ClientMsg::Theme(s) => {
                        // A theme the page already has draws nothing again.
                        if app.theme().name != theme(s) {
                            let _ = app.update(Msg::Theme(theme(s)));
                            screen.whole = true;
                            dirty = true;
                        }
                    }
                    ClientMsg::Key(bytes) => {
                        // One message is one key: a lone ESC is final.
                        let mut inputs = parser.feed(&bytes);
                        inputs.extend(parser.flush());
                        for input in inputs {
                            if matches!(input, Input::Paste(_)) {
                                continue; // the page sends keys, never pastes
                            }
                            if keys.take(1, Instant::now()) == 0 {
                                over_budget += 1;
                                continue;
                            }
                            let Some(action) = keymap::dispatch(app.mode(), &input) else { continue };
                            last_key = Instant::now();
                            typed = true;
                            match step(&mut app, &worker, action) {
                                Next::Go => dirty = true,
                                Next::Quit => break 'session (close::ENDED, "you left; reload the page to come back".into()),
                                Next::Broken => break 'session (close::ENDED, "this viewer hit an internal error and was closed".into()),
                            }
                        }
                    }
                }
            }
            changed = data.changed() => {
                if changed.is_err() {
                    continue;
                }
                let d = data.borrow_and_update().clone();
                let snap = meeting.as_ref().map(|m| Arc::clone(&m.borrow()));
                for msg in data_changed(&d, false, (&mut generation, &mut secrets), seat.as_mut(), snap) {
                    if let Next::Broken = step(&mut app, &worker, msg) {
                        break 'session (close::ENDED, "this viewer hit an internal error and was closed".into());
                    }
                }
                dirty = true;
            }
            changed = async { meeting.as_mut().expect("a seat has a meeting").changed().await }, if meeting.is_some() => {
                if changed.is_err() {
                    meeting = None;
                    continue;
                }
                let snap = meeting.as_mut().map(|m| Arc::clone(&m.borrow_and_update()));
                // A snapshot that brings this viewer nothing (the roster
                // changed, say) draws nothing.
                words_due = true;
                if let (Some(seat), Some(snap)) = (seat.as_mut(), snap) {
                    for msg in seat.take_in(&snap, generation) {
                        if let Next::Broken = step(&mut app, &worker, msg) {
                            break 'session (close::ENDED, "this viewer hit an internal error and was closed".into());
                        }
                        dirty = true;
                    }
                }
            }
            Some(result) = found.recv() => {
                let _ = step(&mut app, &worker, Msg::SearchDone(result));
                dirty = true;
            }
            _ = std::future::ready(()), if app.ticking() => {
                let _ = step(&mut app, &worker, Msg::Tick);
                dirty = true;
            }
            _ = async { stop.wait_for(Option::is_some).await.map(|_| ()) } => {
                let why = stop.borrow().clone().unwrap_or_default();
                break 'session (close::ENDED, why);
            }
            _ = tokio::time::sleep(idle) => {
                let secs = host.idle_timeout.as_secs();
                let idle = if secs.is_multiple_of(60) { format!("{} minutes", secs / 60) } else { format!("{secs} s") };
                break 'session (close::ENDED, format!("closed after {idle} without a key"));
            }
            _ = tokio::time::sleep_until(resize_due), if resize.is_some() => {
                if let Some((c, r)) = resize.take()
                    && (c, r) != app.size()
                {
                    let _ = app.update(crate::app::action::Action::Resize(c, r));
                    screen.whole = true;
                    dirty = true;
                }
                resize_due = tokio::time::Instant::now() + crate::runtime::ssh::RESIZE_INTERVAL;
            }
            _ = tokio::time::sleep(silent) => break 'session (0, String::new()),
        }
    };
    if over_budget > 0 {
        info!("{peer}: web viewer {id}: {over_budget} keys were over the key rate and dropped");
    }
    let (code, why) = ending;
    if code != 0 {
        let _ = out.try_send(Out::Bytes(protocol::bye(&why)));
        let _ = out.send(Out::Close(code, why)).await;
        // The closing handshake: what the page still sends is read (and
        // dropped) until it closes too, for at most 2 s, so the socket is
        // not torn down with unread bytes in it (a reset the page would get
        // instead of the close and its reason).
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(msg)) = stream.next().await {
                if matches!(msg, Message::Close(_)) {
                    break;
                }
            }
        })
        .await;
    }
    drop(seat); // leaves the audience
    drop(out);
    let _ = tokio::time::timeout(Duration::from_secs(3), writer).await;
    let (encoded, reused) = (host.encodings.encoded(), host.encodings.reused());
    info!("{peer}: web viewer {id} ended (room changes: {encoded} encoded, {reused} shared)");
}

/// The viewer's part and the presenter's presence, in words, for the
/// page's title and screen readers.
fn words(app: &App, presence: Option<Presence>) -> String {
    let part = match app.presence().map(|p| p.role) {
        Some(crate::app::Role::Following) => "following",
        Some(crate::app::Role::Roaming) => "roaming (f follows again)",
        Some(crate::app::Role::Presenter) => "presenting",
        None => "exploring",
    };
    match presence {
        Some(Presence::Away { .. }) => format!("{part}; the presenter is away"),
        Some(Presence::Idle) => format!("{part}; no presentation now"),
        _ => part.to_string(),
    }
}

/// What the session does after the app took a message.
enum Next {
    Go,
    Quit,
    Broken,
}

/// Takes a message into the app with a panic caught, then carries out its
/// effects (a copy to the clipboard has nowhere to go on a page: dropped).
fn step(app: &mut App, worker: &SearchWorker, msg: impl Into<Msg>) -> Next {
    let msg = msg.into();
    let Ok(effects) = catch_unwind(AssertUnwindSafe(|| app.update(msg))) else {
        return Next::Broken;
    };
    match effects::apply(effects, &mut |_: &[u8]| Ok(()), worker) {
        Ok(Flow::Quit) => Next::Quit,
        _ => Next::Go,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_name_is_read_in_the_speaker_view_and_the_room_reads_web_n() {
        let name = Name::typed("web", 4, &roster_name("  Ann\u{1b}[2J Lee  ", 4));
        assert_eq!(name.shown, "web 4", "the projected notices");
        assert!(name.full.starts_with("web 4: Ann") && !name.full.contains('\u{1b}'), "{:?}", name.full);
        let unnamed = Name::typed("web", 5, &roster_name("", 5));
        assert_eq!((unnamed.shown.as_str(), unnamed.full.as_str()), ("web 5", "web 5"));
        assert_eq!(roster_name(&"x".repeat(100), 1).chars().count(), 32, "cut to 32 characters");
    }
}
