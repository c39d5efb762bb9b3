//! One SSH session: its own `App` and ratatui terminal, fed by the
//! connection's input bytes (through the session's input budget), drawing
//! frames into a bounded queue for the channel, redrawing for the latest
//! window size at most once per [`RESIZE_INTERVAL`], following the presenter
//! and picking up reloaded data.

use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc, watch};
use tracing::{info, warn};

use super::limits::InputBudget;
use super::presenting::{publish, roster_notice, tell_speaker};
use super::{BACKGROUND_WAIT, ESC_WAIT, QUEUED_FRAMES, RESIZE_INTERVAL, Shared, Speaking, Viewer};
use crate::app::input::Input;
use crate::app::keymap;
use crate::app::msg::Msg;
use crate::app::theme::ThemeName;
use crate::app::{App, Options, Presence, Role};
use crate::runtime::background;
use crate::runtime::effects::{self, Flow};
use crate::runtime::frame::{self, FrameBytes};
use crate::runtime::input_bytes::ByteParser;
use crate::runtime::record::Recording;
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
    pub(super) presenting: bool,
    /// How the roster names it.
    pub(super) name: String,
    /// The fingerprint of the key it logged in with.
    pub(super) key: Option<String>,
    /// Sees what the data marks confidential (its key is in `--cleared-keys`).
    pub(super) cleared: bool,
}

type SshTerminal = Terminal<CrosstermBackend<FrameBytes>>;

/// Enter the alternate screen, hide the cursor, mouse and bracketed paste on.
pub(super) const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1002h\x1b[?1006h\x1b[?2004h\x1b[2J";
/// Undo `ENTER`, in reverse.
const LEAVE: &[u8] = b"\x1b[?2026l\x1b[?2004l\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

/// Draws a frame and returns its bytes; a panic in the view is caught.
fn frame(term: &mut SshTerminal, bytes: &FrameBytes, app: &App) -> Option<Vec<u8>> {
    match catch_unwind(AssertUnwindSafe(|| frame::draw_app(term, app))) {
        Ok(Ok(())) => Some(bytes.take()),
        _ => None,
    }
}

/// Runs one session until its user quits, its client goes, or it idles out.
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
    let (mut generation, ds, problem) = {
        let d = data.borrow_and_update();
        (d.generation, d.for_session(spec.cleared), d.problem.clone())
    };
    let demo = shared.opts.present;
    // Followers see what the presenter does, in words; `c` turns that off.
    let captions = demo && !spec.presenting;
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
    let mut shown = shared.shown.subscribe();
    let mut captioned = shared.captioned.subscribe();
    let mut said: Option<String> = None;
    // A follower arriving mid-demo sees the presenter's last caption at once.
    if let Some(text) = captioned.borrow_and_update().clone().filter(|_| captions) {
        let _ = app.update(Msg::Caption(text)); // only shown
    }
    let mut recording = match (&shared.opts.record, spec.presenting) {
        (Some(dir), true) => {
            let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
            let path = dir.join(format!("dealscope-{stamp}-{}.cast", spec.id));
            // Written under a working name, so a `.cast` in the directory is
            // always a finished recording.
            let part = path.with_extension("cast.part");
            match Recording::start(&part, &app, options, shared.opts.record_cleared) {
                Ok(r) => {
                    info!("{peer}: recording the presenter to {}", part.display());
                    Some((r, part, path))
                }
                Err(e) => {
                    warn!("{peer}: {e}");
                    None
                }
            }
        }
        _ => None,
    };
    let mut audience = shared.audience.subscribe();
    let role = if spec.presenting { Role::Presenter } else { Role::Following };
    if demo {
        let _ = app.update(Msg::Presence(Some(Presence { role, viewers: shared.viewers() })));
        if role == Role::Presenter
            && let Some(id) = shared.opts.tour.clone()
            && let Next::Broken = step(&mut app, &worker, &out_tx, Msg::StartTour(id))
        {
            warn!("{peer}: starting the tour panicked");
        }
        if role == Role::Presenter {
            // Followers jump to a new presenter at once, not at its first key.
            publish(&shared, generation, &app);
        }
        if role == Role::Following
            && let Some((g, loc)) = shown.borrow_and_update().clone()
            && g == generation
            && let Next::Broken = step(&mut app, &worker, &out_tx, Msg::Follow(loc))
        {
            warn!("{peer}: following panicked; this session roams");
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
    let mut farewell = String::new();
    // Carries on after `step`, or leaves the session loop.
    macro_rules! go {
        ($out:lifetime, $next:expr) => {
            match $next {
                Next::Go => {}
                Next::Quit => break $out,
                Next::Broken => {
                    warn!("{peer}: the app panicked; closing this session");
                    farewell = "dealscope: this session hit an internal error and was closed\r\n".into();
                    break $out;
                }
            }
        };
    }
    // What was typed while the terminal was asked, first (`q` among it ends the session).
    let mut ended = false;
    'early: for input in early {
        ended = true;
        go!('early, keyed(&mut app, &worker, &out_tx, &input));
        ended = false;
    }
    // Whether this session followed, and on which data, when it last caught up.
    let mut synced = (role == Role::Following && demo, generation);
    // The presenter's tour and step as last told to the speaker view, and the
    // viewers it last knew of (for join and leave notices).
    let mut told: Option<Speaking> = None;
    let mut roster_seen = shared.roster_changed.subscribe();
    // A presenter starts knowing who already watches: no notice lists them all.
    let mut known: std::collections::BTreeMap<u64, String> = std::collections::BTreeMap::new();
    if spec.presenting {
        let _ = roster_notice(&shared, spec.id, &mut known);
    }
    'session: loop {
        if ended {
            break 'session;
        }
        // The roster and the speaker view learn of every change, the first included.
        if demo {
            let viewer = Viewer { name: spec.name.clone(), role: app.presence().map(|p| p.role), place: app.place() };
            shared.update_roster(spec.id, viewer);
        }
        if spec.presenting {
            tell_speaker(&shared, &spec, generation, &app, &mut told);
            if app.caption() != said.as_deref() {
                said = app.caption().map(str::to_string);
                // Captions name what was opened: nothing confidential reaches followers.
                let secrets = Arc::clone(&shared.data.borrow().secrets);
                shared.captioned.send_replace(said.as_deref().map(|c| secrets.scrub(c)));
            }
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
                if spec.presenting {
                    publish(&shared, generation, &app); // a new size can move the list's window
                }
            }
        }
        if dirty {
            if stale {
                let (w, h) = app.size();
                let _ = term.resize(Rect::new(0, 0, w, h));
                stale = false;
            }
            match frame(&mut term, &bytes, &app) {
                Some(bytes) => {
                    if out_tx.try_send(bytes).is_err() {
                        stale = true; // the client is not keeping up: drop, repaint later
                    }
                    if let Some((r, ..)) = recording.as_mut() {
                        r.observe(&app);
                    }
                }
                None => {
                    warn!("{peer}: drawing panicked; closing this session");
                    farewell = "dealscope: this session hit an internal error and was closed\r\n".into();
                    break;
                }
            }
            dirty = false;
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
                    }
                    go!('session, keyed(&mut app, &worker, &out_tx, &input));
                    dirty = true;
                }
                if spec.presenting {
                    publish(&shared, generation, &app);
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
                if d.generation != generation {
                    generation = d.generation;
                    go!('session, step(&mut app, &worker, &out_tx, Msg::Reloaded(d.for_session(spec.cleared))));
                    if spec.presenting {
                        publish(&shared, generation, &app);
                    }
                }
                go!('session, step(&mut app, &worker, &out_tx, Msg::DataProblem(d.problem)));
                dirty = true;
            }
            Some(result) = found.recv() => {
                go!('session, step(&mut app, &worker, &out_tx, Msg::SearchDone(result)));
                dirty = true;
                if spec.presenting {
                    publish(&shared, generation, &app);
                }
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
                    }
                    go!('session, keyed(&mut app, &worker, &out_tx, &input));
                    dirty = true;
                }
                // A lone Esc moves the presenter too (closing a view, say).
                if spec.presenting {
                    publish(&shared, generation, &app);
                }
            }
            changed = shown.changed(), if demo && !spec.presenting => {
                if changed.is_err() {
                    continue;
                }
                // Followers go there; roaming viewers are told where the presenter is.
                match shown.borrow_and_update().clone() {
                    Some((g, loc)) if g == generation => {
                        go!('session, step(&mut app, &worker, &out_tx, Msg::Follow(loc)));
                        dirty = true;
                    }
                    None => {
                        go!('session, step(&mut app, &worker, &out_tx, Msg::PresenterGone));
                        dirty = true;
                    }
                    Some(_) => {}
                }
            }
            changed = roster_seen.changed(), if spec.presenting => {
                if changed.is_err() {
                    continue;
                }
                roster_seen.borrow_and_update();
                if let Some(note) = roster_notice(&shared, spec.id, &mut known) {
                    go!('session, step(&mut app, &worker, &out_tx, Msg::AudienceNote(note)));
                    dirty = true;
                }
            }
            changed = captioned.changed(), if demo && !spec.presenting => {
                if changed.is_err() {
                    continue;
                }
                let caption = captioned.borrow_and_update().clone();
                if let Some(text) = caption {
                    go!('session, step(&mut app, &worker, &out_tx, Msg::Caption(text)));
                    dirty = true;
                }
            }
            changed = audience.changed(), if demo => {
                if changed.is_ok() {
                    let viewers = *audience.borrow_and_update();
                    if let Some(mut p) = app.presence() {
                        p.viewers = viewers;
                        go!('session, step(&mut app, &worker, &out_tx, Msg::Presence(Some(p))));
                        dirty = true;
                    }
                }
            }
            _ = tokio::time::sleep(idle.saturating_sub(last_input.elapsed())) => {
                let idle = match idle.as_secs() {
                    s if s % 60 == 0 => format!("{} minutes", s / 60),
                    s => format!("{s} s"),
                };
                info!("{peer}: closed after {idle} without input");
                farewell = format!("dealscope: closed after {idle} without input\r\n");
                break;
            }
        }
        // A follower catches up at once when it starts following again, or
        // when its data changed (a location shown meanwhile was for other
        // data). Only then: a snapshot copies the timeline's state.
        let following = demo && !spec.presenting && app.presence().is_some_and(|p| p.role == Role::Following);
        if following
            && (following, generation) != synced
            && let Some((g, loc)) = shown.borrow().clone()
            && g == generation
        {
            go!('session, step(&mut app, &worker, &out_tx, Msg::Follow(loc)));
            dirty = true;
        }
        synced = (following, generation);
    }
    // Nothing queued for this session runs any more, and the handler never
    // waits on a queue nobody reads.
    drop(link);
    if over_budget > 0 {
        info!("{peer}: {over_budget} keys or pasted bytes were over the input rate and dropped");
    }
    finish(out_tx, writer, &handle, channel, &farewell).await;
    if let Some((r, part, path)) = recording.take() {
        let saved = path.display().to_string();
        match tokio::task::spawn_blocking(move || r.finish().and_then(|()| save_recording(&part, &path))).await {
            Ok(Ok(())) => info!("{peer}: recording saved as {saved}"),
            Ok(Err(e)) => warn!("{peer}: the recording is incomplete: {e}"),
            Err(e) => warn!("{peer}: the recording is incomplete: {e}"),
        }
    }
    info!("{peer}: session {} ended ({resized} redraws for a new size)", spec.id);
}

/// Gives a finished recording its final name, never replacing a file that
/// is already there (a hard link fails if `path` exists; the working name
/// stays for a person to look at if it does).
fn save_recording(part: &std::path::Path, path: &std::path::Path) -> std::io::Result<()> {
    std::fs::hard_link(part, path).map_err(|e| {
        std::io::Error::new(e.kind(), format!("{} cannot become {}: {e}", part.display(), path.display()))
    })?;
    std::fs::remove_file(part)
}

/// A channel's output: a small queue to a writer task that waits for the
/// client (so a slow client cannot make the server buffer).
pub(super) fn output(
    write: russh::ChannelWriteHalf<russh::server::Msg>,
) -> (mpsc::Sender<Vec<u8>>, tokio::task::JoinHandle<()>) {
    let (out_tx, mut out_rx) = mpsc::channel::<Vec<u8>>(QUEUED_FRAMES);
    let writer = tokio::spawn(async move {
        let mut w = write.make_writer();
        while let Some(bytes) = out_rx.recv().await {
            if w.write_all(&bytes).await.is_err() || w.flush().await.is_err() {
                break;
            }
        }
    });
    (out_tx, writer)
}

/// Leaves the alternate screen, says goodbye, then closes the channel: in
/// this order, and never waiting long on a client that stopped reading.
pub(super) async fn finish(
    out_tx: mpsc::Sender<Vec<u8>>,
    writer: tokio::task::JoinHandle<()>,
    handle: &Handle,
    channel: ChannelId,
    farewell: &str,
) {
    let mut last = LEAVE.to_vec();
    last.extend_from_slice(farewell.as_bytes());
    let _ = tokio::time::timeout(Duration::from_secs(2), out_tx.send(last)).await;
    drop(out_tx);
    let _ = tokio::time::timeout(Duration::from_secs(2), writer).await;
    let _ = handle.exit_status_request(channel, 0).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
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
