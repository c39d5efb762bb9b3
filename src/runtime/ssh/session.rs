//! One SSH session: its own `App` and ratatui terminal, fed by the
//! connection's input bytes (through the session's input budget), drawing
//! frames into a bounded queue for the channel, redrawing for the latest
//! window size at most once per [`RESIZE_INTERVAL`], taking its seat in the
//! meeting (presenting or following: `seat`), picking up reloaded data, and
//! saying goodbye the same way however it ends (`channel`).

use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Instant;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::{mpsc, watch};
use tracing::{info, warn};

use super::channel::{ENTER, Ending, finish, output};
use super::limits::InputBudget;
use super::seat::{Seat, data_changed};
use super::{BACKGROUND_WAIT, ESC_WAIT, RESIZE_INTERVAL, Shared};
use crate::app::input::Input;
use crate::app::keymap;
use crate::app::msg::Msg;
use crate::app::theme::ThemeName;
use crate::app::{App, Options};
use crate::runtime::background;
use crate::runtime::effects::{self, Flow};
use crate::runtime::frame::{self, FrameBytes};
use crate::runtime::input_bytes::ByteParser;
use crate::runtime::meeting::frames::{FollowerFrames, FrameKey};
use crate::search::worker::SearchWorker;

/// What the connection's handler hands a session: its input bytes, its
/// window size (only the latest counts), and whether the channel has closed.
pub(super) struct Link {
    pub(super) input: mpsc::Receiver<Vec<u8>>,
    pub(super) size: watch::Receiver<(u16, u16)>,
    pub(super) closed: watch::Receiver<bool>,
}

/// Who a new session is for.
pub(super) struct SessionSpec {
    pub(super) id: u64,
    pub(super) peer: SocketAddr,
    /// The theme chosen; `None`: ask the client's terminal for its background.
    pub(super) theme: Option<ThemeName>,
    pub(super) size: (u16, u16),
    /// It may present (a presented demo, and its key may).
    pub(super) may_present: bool,
    /// How the roster names it.
    pub(super) name: crate::runtime::meeting::Name,
    /// The fingerprint of the key it logged in with.
    pub(super) key: Option<String>,
    /// Sees what the data marks confidential (its key is in `--cleared-keys`).
    pub(super) cleared: bool,
}

type SshTerminal = Terminal<CrosstermBackend<FrameBytes>>;

/// Draws a frame and returns its bytes; a panic in the view is caught. A
/// follower showing nothing of its own (`shared`) takes the room's frame for
/// its view, drawn once for every follower of that view.
fn frame(
    term: &mut SshTerminal,
    bytes: &FrameBytes,
    app: &App,
    shared: Option<(&FollowerFrames, u64, bool)>,
) -> Option<Vec<u8>> {
    let drawn = catch_unwind(AssertUnwindSafe(|| {
        let key = shared
            .and_then(|(frames, data, cleared)| Some((frames, FrameKey { data, cleared, view: app.follower_view()? })));
        match key {
            Some((frames, key)) => frame::draw_buffer(term, &frames.get(key, || frame::render_app(app))),
            None => frame::draw_app(term, app),
        }
    }));
    match drawn {
        Ok(Ok(())) => Some(bytes.take()),
        _ => None,
    }
}

/// Runs one session until its user quits, its client goes, it idles out,
/// or the server stops.
pub(super) async fn run_session(
    shared: Arc<Shared>,
    spec: SessionSpec,
    handle: Handle,
    channel: ChannelId,
    write: russh::ChannelWriteHalf<russh::server::Msg>,
    mut link: Link,
) {
    let peer = spec.peer;
    // Output goes through a small queue to a writer that waits for the client.
    let (out_tx, writer) = output(write);
    let mut budget = Budgets {
        keys: InputBudget::new(shared.opts.key_rate, Instant::now()),
        paste: InputBudget::new(shared.opts.input_rate, Instant::now()),
    };
    let mut over_budget = 0u64;
    // Keys typed while the terminal is asked for its background wait here
    // (within the input budget, so bounded).
    let mut parser = ByteParser::new();
    let mut early = Early { inputs: Vec::new(), budget: &mut budget, dropped: &mut over_budget };
    let theme = match spec.theme {
        Some(theme) => theme,
        None => ask_theme(&out_tx, &mut link, &mut parser, &mut early).await.unwrap_or(ThemeName::Dark),
    };
    let early = early.inputs;
    info!("{peer}: session {} started ({}x{}, {theme:?})", spec.id, spec.size.0, spec.size.1);
    let (w, h) = spec.size;
    let rect = Rect::new(0, 0, w, h);
    let options = TerminalOptions { viewport: Viewport::Fixed(rect) };
    let bytes = FrameBytes::default();
    let Ok(mut term) = Terminal::with_options(CrosstermBackend::new(bytes.clone()), options) else {
        return;
    };
    let today = Some(crate::data::date::today());
    let mut data = shared.data.subscribe();
    let (mut generation, ds, problem, mut secrets) = {
        let d = data.borrow_and_update();
        (d.generation, d.for_session(spec.cleared), d.problem.clone(), Arc::clone(&d.secrets))
    };
    let demo = shared.opts.present;
    let mut stop = shared.stop.subscribe();
    let mut meeting = shared.meeting.subscribe();
    // In a presented demo, the session takes a seat: it presents if it may
    // and nobody else does (or it takes its own presentation back), else follows.
    meeting.borrow_and_update();
    let (mut seat, first) = match demo {
        true => {
            let who = (spec.id, spec.name.clone());
            let (seat, first) =
                Seat::take(shared.meeting.clone(), who, spec.key.clone(), (spec.may_present, spec.cleared), generation)
                    .await;
            (Some(seat), first)
        }
        false => (None, Vec::new()),
    };
    // Followers see what the presenter does, in words (`c` turns that off);
    // the presenter reads its own words on the speaker view.
    let captions = seat.as_ref().is_some_and(|s| !s.presents());
    let options = Options { theme, ascii: false, today, captions, keycast: false, as_of: None, redact: false };
    let mut app = App::new(ds, options, w, h);
    let _ = app.update(Msg::DataProblem(problem)); // only shows a banner
    // Big searches run on this session's own worker thread.
    let (found_tx, mut found) = mpsc::unbounded_channel();
    let Ok(worker) = SearchWorker::new(move |r| {
        let _ = found_tx.send(Arc::new(r));
    }) else {
        warn!("{peer}: cannot start a search thread; closing this session");
        return;
    };
    let mut ending = None;
    for msg in first {
        if let Next::Broken = step(&mut app, &worker, &out_tx, msg) {
            ending = Some(broken(peer));
        }
    }
    let mut stale = false; // a frame was dropped: repaint everything next time
    let mut last_input = Instant::now();
    let idle = shared.opts.idle_timeout;
    // A new window size waits here until it may be drawn (once per RESIZE_INTERVAL).
    let mut resize: Option<(u16, u16)> = None;
    let mut last_resize = Instant::now() - RESIZE_INTERVAL;
    let mut resized = 0u64;
    let _ = out_tx.send(ENTER.to_vec()).await;
    let mut dirty = true;
    // Keys that did something make this session's screen its own: it draws
    // its own frames from then on, never the room's.
    let mut typed = false;
    // Carries on after `step`, or leaves the session loop.
    macro_rules! go {
        ($out:lifetime, $next:expr) => {
            match $next {
                Next::Go => {}
                Next::Quit => {
                    ending = Some(Ending::Quit);
                    break $out;
                }
                Next::Broken => {
                    ending = Some(broken(peer));
                    break $out;
                }
            }
        };
    }
    // What was typed while the terminal was asked, first (`q` among it ends the session).
    'early: for input in early {
        if ending.is_some() {
            break;
        }
        typed |= keymap::dispatch(app.mode(), &input).is_some();
        go!('early, keyed(&mut app, &worker, &out_tx, &input));
    }
    'session: loop {
        if ending.is_some() {
            break 'session;
        }
        if let Some((w, h)) = resize
            && last_resize.elapsed() >= RESIZE_INTERVAL
        {
            resize = None;
            last_resize = Instant::now();
            if (w, h) != app.size() {
                resized += 1;
                let _ = term.resize(Rect::new(0, 0, w, h));
                go!('session, keyed(&mut app, &worker, &out_tx, &Input::Resize(w, h)));
                dirty = true;
                continue 'session; // drawn and published below
            }
        }
        if dirty {
            if stale {
                let (w, h) = app.size();
                let _ = term.resize(Rect::new(0, 0, w, h));
                stale = false;
            }
            let shared = (!typed).then_some((&*shared.follower_frames, generation, spec.cleared));
            match frame(&mut term, &bytes, &app, shared) {
                Some(bytes) => {
                    if out_tx.try_send(bytes).is_err() {
                        stale = true; // the client is not keeping up: drop, repaint later
                    }
                }
                None => {
                    warn!("{peer}: drawing panicked; closing this session");
                    ending = Some(broken(peer));
                    break;
                }
            }
            dirty = false;
        }
        // The meeting learns of every change: the roster, and the presenter's
        // place. After the frame, so a presenter's own frame is on its way
        // before a room of followers wakes up to draw theirs.
        if let Some(seat) = seat.as_mut() {
            seat.publish(&app, generation, &secrets).await;
        }
        let wait_esc = parser.pending();
        let resize_due = tokio::time::Instant::from_std(last_resize + RESIZE_INTERVAL);
        // A closed channel ends the session before anything still queued.
        if *link.closed.borrow() {
            break 'session;
        }
        tokio::select! {
            changed = link.closed.changed() => {
                if changed.is_err() {
                    break 'session;
                }
            }
            bytes = link.input.recv() => {
                let Some(bytes) = bytes else { break 'session };
                // Every byte goes through the decoder; the budget then drops
                // whole keys or cuts a paste, never a sequence in the middle.
                for input in parser.feed(&bytes) {
                    let Some(input) = within_budget(input, &mut budget, &mut over_budget) else { continue };
                    if keymap::dispatch(app.mode(), &input).is_some() {
                        last_input = Instant::now(); // only input that does something keeps a session alive
                        typed = true;
                    }
                    go!('session, keyed(&mut app, &worker, &out_tx, &input));
                    dirty = true;
                }
            }
            changed = link.size.changed() => {
                if changed.is_err() {
                    break 'session;
                }
                resize = Some(*link.size.borrow_and_update());
            }
            _ = tokio::time::sleep_until(resize_due), if resize.is_some() => {}
            changed = data.changed() => {
                if changed.is_err() {
                    continue;
                }
                let d = data.borrow_and_update().clone();
                let snap = Some(Arc::clone(&meeting.borrow()));
                for msg in data_changed(&d, spec.cleared, (&mut generation, &mut secrets), seat.as_mut(), snap) {
                    go!('session, step(&mut app, &worker, &out_tx, msg));
                }
                dirty = true;
            }
            Some(result) = found.recv() => {
                go!('session, step(&mut app, &worker, &out_tx, Msg::SearchDone(result)));
                dirty = true;
            }
            // Long work on the UI side goes a slice at a time, between inputs.
            _ = std::future::ready(()), if app.ticking() => {
                go!('session, step(&mut app, &worker, &out_tx, Msg::Tick));
                dirty = true;
            }
            // A dropped frame left the client behind: repaint as soon as it has room.
            room = out_tx.reserve(), if stale && !dirty => {
                if room.is_err() {
                    break 'session;
                }
                dirty = true;
            }
            _ = tokio::time::sleep(ESC_WAIT), if wait_esc => {
                for input in parser.flush() {
                    let Some(input) = within_budget(input, &mut budget, &mut over_budget) else { continue };
                    if keymap::dispatch(app.mode(), &input).is_some() {
                        last_input = Instant::now();
                        typed = true;
                    }
                    go!('session, keyed(&mut app, &worker, &out_tx, &input));
                    dirty = true;
                }
                // A lone Esc moves the presenter too (closing a view, say):
                // published after the next frame, as every input is.
            }
            changed = meeting.changed(), if seat.is_some() => {
                if changed.is_err() {
                    continue;
                }
                let snap = Arc::clone(&meeting.borrow_and_update());
                if let Some(seat) = seat.as_mut() {
                    for msg in seat.take_in(&snap, generation) {
                        go!('session, step(&mut app, &worker, &out_tx, msg));
                        dirty = true;
                    }
                }
            }
            why = stop.wait_for(Option::is_some) => {
                ending = Some(Ending::Closed(why.map(|w| w.clone().unwrap_or_default()).unwrap_or_default()));
                break;
            }
            _ = tokio::time::sleep(idle.saturating_sub(last_input.elapsed())) => {
                let idle = match idle.as_secs() {
                    s if s % 60 == 0 => format!("{} minutes", s / 60),
                    s => format!("{s} s"),
                };
                info!("{peer}: closed after {idle} without input");
                ending = Some(Ending::Closed(format!("closed after {idle} without input")));
                break;
            }
        }
    }
    // Nothing queued for this session runs any more, and the handler never
    // waits on a queue nobody reads.
    drop(link);
    if over_budget > 0 {
        info!("{peer}: {over_budget} keys or pasted bytes were over the input rate and dropped");
    }
    let ending = ending.unwrap_or(Ending::Gone);
    // A presenter who quit ends the presentation; one who dropped is waited for.
    if let Some(mut seat) = seat.take() {
        if ending == Ending::Quit {
            seat.quitting();
        }
        drop(seat);
    }
    finish(out_tx, writer, &handle, channel, &ending).await;
    let room = &shared.follower_frames;
    let (drawn, taken) = (room.drawn(), room.shared());
    info!(
        "{peer}: session {} ended ({resized} redraws for a new size; room frames: {drawn} drawn, {taken} shared)",
        spec.id
    );
}

/// The goodbye of a session whose app or view panicked.
fn broken(peer: SocketAddr) -> Ending {
    warn!("{peer}: the app panicked; closing this session");
    Ending::Closed("this session hit an internal error and was closed".into())
}

/// What a client typed before its session's app started: the inputs the
/// budget let through, and the count of those it dropped.
struct Early<'a> {
    inputs: Vec<Input>,
    budget: &'a mut Budgets,
    dropped: &'a mut u64,
}

/// Asks the client's terminal for its background colour (OSC 11) and waits
/// for the reply, at most [`BACKGROUND_WAIT`]; what the client types meanwhile
/// is decoded into `early`. `None` when no reply came in time (a late one is
/// decoded later and dropped like any other reply, never typed).
async fn ask_theme(
    out: &mpsc::Sender<Vec<u8>>,
    link: &mut Link,
    parser: &mut ByteParser,
    early: &mut Early<'_>,
) -> Option<ThemeName> {
    out.send(background::QUERY.to_vec()).await.ok()?;
    let deadline = tokio::time::Instant::now() + BACKGROUND_WAIT;
    loop {
        tokio::select! {
            bytes = link.input.recv() => {
                for input in parser.feed(&bytes?) {
                    early.inputs.extend(within_budget(input, early.budget, early.dropped));
                }
                if let Some(theme) = parser.take_theme() {
                    return Some(theme);
                }
            }
            _ = tokio::time::sleep_until(deadline) => return None,
        }
    }
}

/// What the session loop does after the app handled something.
enum Next {
    /// Carry on.
    Go,
    /// The user quit.
    Quit,
    /// The app panicked: close this session (only).
    Broken,
}

/// Takes a message into the app with a panic caught, then carries out its effects.
fn step(app: &mut App, worker: &SearchWorker, out: &mpsc::Sender<Vec<u8>>, msg: impl Into<Msg>) -> Next {
    let msg = msg.into();
    let Ok(effects) = catch_unwind(AssertUnwindSafe(|| app.update(msg))) else {
        return Next::Broken;
    };
    // A copy the client has no room for is dropped, like a frame.
    let mut to_client = |bytes: &[u8]| {
        let _ = out.try_send(bytes.to_vec());
        Ok(())
    };
    match effects::apply(effects, &mut to_client, worker) {
        Ok(Flow::Quit) => Next::Quit,
        _ => Next::Go,
    }
}

/// A session's input budgets: keys and pasted bytes apart, so that a long
/// paste never leaves the keys after it (Esc, `q`) without budget.
struct Budgets {
    keys: InputBudget,
    paste: InputBudget,
}

/// The input as far as the session's budgets allow: a key costs one, a
/// paste its length, cut at a character boundary to what is left (or dropped
/// when nothing is); what is dropped is counted.
fn within_budget(input: Input, budget: &mut Budgets, dropped: &mut u64) -> Option<Input> {
    let now = Instant::now();
    match input {
        Input::Paste(mut text) => {
            let given = budget.paste.take(text.len(), now);
            if given < text.len() {
                *dropped += (text.len() - given) as u64;
                let mut cut = given;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
            (!text.is_empty()).then_some(Input::Paste(text))
        }
        other => {
            if budget.keys.take(1, now) == 1 {
                Some(other)
            } else {
                *dropped += 1;
                None
            }
        }
    }
}

/// One input through the keymap into the app.
fn keyed(app: &mut App, worker: &SearchWorker, out: &mpsc::Sender<Vec<u8>>, input: &Input) -> Next {
    match keymap::dispatch(app.mode(), input) {
        Some(action) => step(app, worker, out, action),
        None => Next::Go,
    }
}
