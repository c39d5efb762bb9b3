//! The local runtime: owns the terminal (raw mode, alternate screen, mouse,
//! bracketed paste), turns crossterm events into `Input`, runs the
//! input → update → draw loop, and always restores the terminal: on quit, on
//! error, on panic, and on SIGTERM, SIGHUP or SIGINT. For `e` it gives the
//! terminal to the user's editor (restored for it, a Ctrl-C there the
//! editor's own), then takes it back and draws the whole screen again.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyCode as CtKey, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{self, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

use super::background::LateReply;
use super::effects::{self, Flow};
use super::frame;
use crate::app::action::Action;
use crate::app::input::{Input, Key, KeyCode, MouseKind};
use crate::app::keymap;
use crate::app::msg::{Effect, Msg};
use crate::app::theme::{Glyphs, Theme};
use crate::app::{App, Options};
use crate::data::progress::Status;
use crate::runtime::record::Recording;
use crate::runtime::watch::Live;
use crate::search::worker::SearchWorker;

/// How often the idle loop looks for a pending signal. Nothing is redrawn then.
const SIGNAL_CHECK: Duration = Duration::from_millis(150);
/// How often the loop looks for search results while a search runs.
const RESULTS_CHECK: Duration = Duration::from_millis(10);

/// True while the terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// True while the user's editor has the terminal: a SIGINT is the editor's.
static EDITING: AtomicBool = AtomicBool::new(false);

/// Undoes everything `enter` did. Safe to call more than once, from any path.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = execute!(
            out,
            EndSynchronizedUpdate,
            DisableMouseCapture,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
        let _ = out.flush();
    }
}

fn enter(mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    let entered = execute!(out, EnterAlternateScreen, EnableBracketedPaste, cursor::Hide)
        .and_then(|_| if mouse { execute!(out, EnableMouseCapture) } else { Ok(()) });
    if entered.is_err() {
        restore(); // never leave a half-set-up terminal behind
    }
    entered
}

/// Restores the terminal when dropped, so `?` and early returns are safe too.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Converts a crossterm event into the app's input, if it is one the app uses.
pub fn convert(ev: Event) -> Option<Input> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let code = match k.code {
                CtKey::Char(c) => KeyCode::Char(c),
                CtKey::Enter => KeyCode::Enter,
                CtKey::Esc => KeyCode::Esc,
                CtKey::Backspace => KeyCode::Backspace,
                CtKey::Delete => KeyCode::Delete,
                CtKey::Tab => KeyCode::Tab,
                CtKey::BackTab => KeyCode::BackTab,
                CtKey::Up => KeyCode::Up,
                CtKey::Down => KeyCode::Down,
                CtKey::Left => KeyCode::Left,
                CtKey::Right => KeyCode::Right,
                CtKey::Home => KeyCode::Home,
                CtKey::End => KeyCode::End,
                CtKey::PageUp => KeyCode::PageUp,
                CtKey::PageDown => KeyCode::PageDown,
                _ => return None,
            };
            let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
            let alt = k.modifiers.contains(KeyModifiers::ALT);
            Some(Input::Key(Key { code, ctrl, alt }))
        }
        Event::Mouse(m) => {
            let kind = match m.kind {
                MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
                MouseEventKind::ScrollUp => MouseKind::ScrollUp,
                MouseEventKind::ScrollDown => MouseKind::ScrollDown,
                _ => return None,
            };
            Some(Input::Mouse { kind, x: m.column, y: m.row })
        }
        Event::Resize(w, h) => Some(Input::Resize(w, h)),
        Event::Paste(s) => Some(Input::Paste(s)),
        _ => None,
    }
}

type Term = super::frame::Term<BufWriter<Stdout>>;

/// How a run of the explorer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// This signal (SIGTERM, SIGHUP or SIGINT) arrived.
    Signal(i32),
}

impl Ended {
    /// The process exit status for it: 0, or 128 + the signal as shells report it.
    pub fn status(self) -> i32 {
        match self {
            Ended::Quit => 0,
            Ended::Signal(sig) => 128 + sig,
        }
    }
}

/// How often the loading screen redraws its bar.
const LOADING_TICK: Duration = Duration::from_millis(100);

/// This process's terminal, set up for the explorer (raw mode, alternate
/// screen, mouse, bracketed paste), with signals watched. Dropping it
/// restores the terminal.
pub struct Tty {
    // Never dropped: ratatui's `Drop` shows the cursor and `eprintln!`s when
    // that fails, which panics once the terminal is gone (a hang-up).
    // `restore` (through `_guard`) shows the cursor instead, quietly.
    term: std::mem::ManuallyDrop<Term>,
    /// The signal that arrived, if any (0: none).
    stop: Arc<AtomicUsize>,
    /// Whether the mouse is captured (set again after an editor ran).
    mouse: bool,
    _guard: Guard,
}

impl Tty {
    /// Takes over the terminal; from here on it is restored on every way out.
    pub fn open(mouse: bool) -> io::Result<Tty> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The UI thread's panic ends the app: give the terminal back first.
            // Other threads catch their own (a search, a reload) and go on.
            if std::thread::current().name() == Some("main") {
                restore();
            }
            previous(info);
        }));
        let stop = Arc::new(AtomicUsize::new(0));
        let signals = [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT];
        for sig in signals {
            signal_hook::flag::register_usize(sig, Arc::clone(&stop), sig as usize)?;
        }
        // The loops notice the flag within SIGNAL_CHECK. But once the terminal
        // is gone (a hang-up), crossterm's reader can spin without returning;
        // then this watchdog restores what it can and ends the process itself.
        let mut watch = signal_hook::iterator::Signals::new(signals)?;
        std::thread::spawn(move || {
            // Ctrl-C in the editor `e` runs reaches this process too: it is the editor's.
            if let Some(sig) =
                watch.forever().find(|&s| !(s == signal_hook::consts::SIGINT && EDITING.load(Ordering::SeqCst)))
            {
                std::thread::sleep(SIGNAL_CHECK * 4);
                restore();
                std::process::exit(128 + sig);
            }
        });
        enter(mouse)?;
        let guard = Guard;
        let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
        let term = std::mem::ManuallyDrop::new(Terminal::new(backend)?);
        Ok(Tty { term, stop, mouse, _guard: guard })
    }

    /// The terminal's size (columns, rows).
    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.term.size()?;
        Ok((s.width, s.height))
    }

    fn signalled(&self) -> Option<Ended> {
        match self.stop.load(Ordering::SeqCst) {
            0 => None,
            sig => Some(Ended::Signal(sig as i32)),
        }
    }

    /// Shows the loading screen for `what` until `done` yields its value;
    /// `Err` with how it ended if the user quit (q, Esc, Ctrl-C) or a signal came first.
    pub fn loading<T>(
        &mut self,
        what: &str,
        status: &Status,
        options: Options,
        done: &mpsc::Receiver<T>,
    ) -> io::Result<Result<T, Ended>> {
        let theme = Theme::new(options.theme);
        let glyphs = if options.ascii { Glyphs::ASCII } else { Glyphs::UNICODE };
        loop {
            if let Some(ended) = self.signalled() {
                return Ok(Err(ended));
            }
            match done.try_recv() {
                Ok(value) => return Ok(Ok(value)),
                Err(mpsc::TryRecvError::Disconnected) => {
                    return Err(io::Error::other("loading stopped with an internal error"));
                }
                Err(mpsc::TryRecvError::Empty) => {}
            }
            frame::synchronized(&mut self.term, |t| {
                t.draw(|f| {
                    let area = f.area();
                    crate::ui::loading::draw(what, status, &theme, &glyphs, area, f.buffer_mut());
                })
                .map(|_| ())
            })?;
            if event::poll(LOADING_TICK)?
                && let Some(Input::Key(k)) = convert(event::read()?)
                && (k.code == KeyCode::Esc || k.code == KeyCode::Char('q') || (k.ctrl && k.code == KeyCode::Char('c')))
            {
                return Ok(Err(Ended::Quit));
            }
        }
    }

    /// Runs the explorer until the user quits or a signal arrives; with
    /// `live`, each change to the data files is shown as it comes.
    /// `start` is taken in first (a tour to present, say).
    /// With a `recording`, each frame drawn is recorded too.
    pub fn explore(
        &mut self,
        app: &mut App,
        live: Option<Live>,
        start: Vec<Msg>,
        recording: &mut Option<Recording>,
    ) -> io::Result<Ended> {
        let (found_tx, found) = mpsc::channel();
        let worker = SearchWorker::new(move |r| {
            let _ = found_tx.send(Arc::new(r));
        })?;
        let (w, h) = self.size()?;
        let mut run = Runner { worker: &worker, stop: Arc::clone(&self.stop), mouse: self.mouse };
        if app.size() != (w, h) && run.update(&mut self.term, app, Action::Resize(w, h))? == Flow::Quit {
            return Ok(Ended::Quit);
        }
        for msg in start {
            if run.update(&mut self.term, app, msg)? == Flow::Quit {
                return Ok(Ended::Quit);
            }
        }
        let stop = Arc::clone(&self.stop);
        let term = &mut *self.term;
        let mut dirty = true;
        // A background colour reply that came too late must not be typed.
        let mut late = LateReply::default();
        loop {
            let sig = stop.load(Ordering::SeqCst);
            if sig != 0 {
                return Ok(Ended::Signal(sig as i32));
            }
            // Everything but keys: reloads, search results, slices of long work.
            let mut msgs: Vec<Msg> = live.iter().flat_map(Live::take).map(Msg::from).collect();
            msgs.extend(found.try_iter().map(Msg::SearchDone));
            // Long work on the UI thread goes a slice at a time, between keys.
            if app.ticking() && !event::poll(Duration::ZERO)? {
                msgs.push(Msg::Tick);
            }
            for msg in msgs {
                dirty = true;
                if run.update(term, app, msg)? == Flow::Quit {
                    return Ok(Ended::Quit);
                }
            }
            // Draw once the pending input is drained, so a burst of keys costs one frame.
            if dirty && !event::poll(Duration::ZERO)? {
                frame::draw_app(term, app)?;
                if let Some(r) = recording.as_mut() {
                    r.observe(app);
                }
                dirty = false;
            }
            // While a search runs, look for its results often; while slices
            // remain, do not wait at all; else rest.
            let wait = if app.ticking() {
                Duration::ZERO
            } else if app.searching() {
                RESULTS_CHECK
            } else {
                SIGNAL_CHECK
            };
            if !event::poll(wait)? {
                continue; // idle: nothing changed, nothing is redrawn
            }
            let Some(input) = convert(event::read()?) else { continue };
            if !late.pass(&input, std::time::Instant::now()) {
                continue;
            }
            if let Input::Key(key) = &input
                && app.caption_line().is_some()
            {
                let _ = app.update(Msg::KeyCast(key.to_string())); // only recorded
                if let Some(r) = recording.as_mut() {
                    r.key_cast(&key.to_string());
                }
            }
            let Some(action) = keymap::dispatch(app.mode(), &input) else {
                continue;
            };
            dirty = true;
            if run.update(term, app, action)? == Flow::Quit {
                return Ok(Ended::Quit);
            }
        }
    }
}

/// Takes messages into the app and carries out its effects on the local
/// terminal: an editor to run here, the rest as every runtime does.
struct Runner<'w> {
    worker: &'w SearchWorker,
    stop: Arc<AtomicUsize>,
    mouse: bool,
}

impl Runner<'_> {
    fn update(&mut self, term: &mut Term, app: &mut App, msg: impl Into<Msg>) -> io::Result<Flow> {
        let effects = app.update(msg);
        let (edits, rest): (Vec<Effect>, Vec<Effect>) = effects.into_iter().partition(|e| matches!(e, Effect::Edit(_)));
        let flow = effects::apply(rest, &mut |bytes| term.backend_mut().write_all(bytes), self.worker)?;
        for edit in edits {
            if let Effect::Edit(at) = edit
                && let Err(why) = self.edit(term, &at)?
            {
                // A notice changes nothing but the status bar: no effects.
                let _ = app.update(Msg::Notice(why));
            }
        }
        Ok(flow)
    }

    /// Gives the terminal to the user's editor until it ends, then takes it
    /// back and has the whole screen drawn again.
    fn edit(&mut self, term: &mut Term, at: &crate::app::EditAt) -> io::Result<Result<(), String>> {
        term.backend_mut().flush()?;
        EDITING.store(true, Ordering::SeqCst);
        restore();
        let ran = super::editor::open(at);
        let back = enter(self.mouse);
        EDITING.store(false, Ordering::SeqCst);
        // A Ctrl-C typed in the editor was the editor's, not a request to quit.
        let _ = self.stop.compare_exchange(signal_hook::consts::SIGINT as usize, 0, Ordering::SeqCst, Ordering::SeqCst);
        back?;
        // The whole screen drawn again: a resize to its size clears it and
        // forgets the last frame (`clear` would ask the terminal where its
        // cursor is, and wait for the answer).
        let size = term.size()?;
        term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        Ok(ran)
    }
}
