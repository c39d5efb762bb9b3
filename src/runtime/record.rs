//! Recording what a presenter shows as an asciicast v2 file (asciinema's
//! format: a JSON header, then one JSON array per event), playable with
//! `asciinema play` and embeddable with asciinema-player.
//!
//! A recording is drawn by an app of its own that mirrors the recorded one:
//! it goes where that app goes (`Msg::Mirror`), shows its captions, key
//! casts and notices, at its size, and is drawn by the same code into bytes.
//! It holds the data *as viewers may see it*: redacted, unless the recording
//! is cleared. So a cleared presenter's confidential values are never in the
//! file, by construction. Overlays (help, the palette, notes) are the
//! presenter's own and are not recorded. Each tour step is a marker.
//! A served presentation is recorded the same way by a follower of the
//! meeting (`runtime::meeting::recorder`), told what followers are told.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Instant;

use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::indexed::Indexed;
use crate::app::msg::{Effect, Msg};
use crate::app::place::Found;
use crate::app::theme::ThemeName;
use crate::app::{App, Location, Options};
use crate::data::model::Dataset;
use crate::data::redact::{Secrets, view};
use crate::runtime::frame::{self, FrameBytes};
use ratatui::backend::CrosstermBackend;

/// The xterm palette a recording's header gives players.
const PALETTE: &str = "#000000:#cd0000:#00cd00:#cdcd00:#0000ee:#cd00cd:#00cdcd:#e5e5e5:\
#7f7f7f:#ff0000:#00ff00:#ffff00:#5c5cff:#ff00ff:#00ffff:#ffffff";

/// What the mirror is told.
enum Rec {
    Place(Box<Location>, Option<Found>),
    Caption(String),
    KeyCast(String),
    Notice(String),
    Resize(u16, u16),
    Marker(String),
    Tour(Option<crate::app::TourRun>),
    History(Vec<Location>),
    /// New data to show.
    Data(Shown),
    /// Anything else for the mirror's app to take in (a recording of a
    /// presentation follows it as a follower does).
    App(Box<Msg>),
}

/// The data a recording shows: the recorded app's, indexed, or a redacted
/// view of it, to be indexed on the recording's thread.
struct Shown {
    ds: Arc<Dataset>,
    indexed: Option<Indexed>,
}

impl Shown {
    /// Indexed, from `before`'s index where that can be patched.
    fn indexed(self, before: Option<&Indexed>) -> Indexed {
        match (self.indexed, before) {
            (Some(indexed), _) => indexed,
            (None, Some(before)) => Indexed::again(before, self.ds),
            (None, None) => Indexed::new(self.ds),
        }
    }
}

/// What was last told, so that only changes are sent.
#[derive(Default)]
struct Told {
    place: Option<(Location, Option<Found>)>,
    caption: Option<String>,
    notice: Option<String>,
    size: (u16, u16),
    step: Option<(String, usize)>,
    data: Option<std::sync::Weak<Dataset>>,
    history: Vec<Location>,
    /// Keys pressed since the last frame: sent with the next one, so a key
    /// that ends the app (`q`) is not recorded.
    keys: Vec<String>,
}

/// A recording in progress; [`Recording::finish`] ends it.
pub struct Recording {
    tx: mpsc::Sender<Rec>,
    thread: JoinHandle<io::Result<()>>,
    told: Told,
    cleared: bool,
    /// What the recorded app's words must not carry into the file (a
    /// recording without clearance of data with something confidential).
    secrets: Option<Arc<Secrets>>,
}

/// The data a recording of `app` holds (as viewers without clearance see
/// it, unless `cleared`): the app's own, indexed, when that is the same, else
/// the redacted view (for the recording's thread to index); and what to keep
/// out of the words it is told, if anything.
fn for_recording(app: &App, cleared: bool) -> (Shown, Option<Arc<Secrets>>) {
    let ds = app.shared_dataset();
    let shown = view(&ds, cleared);
    if Arc::ptr_eq(&shown, &ds) {
        return (Shown { ds: shown, indexed: Some(app.indexed()) }, None);
    }
    (Shown { ds: shown, indexed: None }, Some(Arc::new(Secrets::of(&ds))))
}

/// A place as shown to someone not cleared: a typed filter that could name
/// something confidential reads [`MASK`](crate::data::redact::MASK) instead.
pub fn conceal(secrets: &Secrets, loc: &mut Location) {
    let mask = || crate::text::input::TextInput::new(crate::data::redact::MASK);
    if secrets.hinted_by(loc.query.as_str()) {
        loc.query = mask();
    }
    if let Some(tl) = loc.timeline.as_mut().filter(|tl| secrets.hinted_by(tl.query.as_str())) {
        tl.query = mask();
    }
}

impl Recording {
    /// Starts recording `app` into a new file at `path` (an existing file is
    /// never overwritten). With `cleared`, confidential values are recorded.
    pub fn start(path: &Path, app: &App, options: Options, cleared: bool) -> io::Result<Recording> {
        // Only its owner may read it: it may hold what viewers saw, or more.
        let file = crate::private::create_file(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot start a recording: {e}", path.display())))?;
        let (data, secrets) = for_recording(app, cleared);
        let size = app.size();
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("dealscope-record".into())
            .spawn(move || mirror(BufWriter::new(file), data, options, size, rx))?;
        let mut r = Recording { tx, thread, told: Told { size, ..Told::default() }, cleared, secrets };
        r.observe(app);
        Ok(r)
    }

    /// Tells the recording what changed in `app` since the last call (call
    /// it after each frame the app draws).
    pub fn observe(&mut self, app: &App) {
        let shared = app.shared_dataset();
        if self.told.data.as_ref().is_some_and(|w| !std::ptr::eq(w.as_ptr(), Arc::as_ptr(&shared))) {
            let (data, secrets) = for_recording(app, self.cleared);
            self.secrets = secrets;
            self.send(Rec::Data(data));
        }
        self.told.data = Some(Arc::downgrade(&shared));
        if app.size() != self.told.size {
            self.told.size = app.size();
            self.send(Rec::Resize(app.size().0, app.size().1));
        }
        let step = app.tour().map(|(t, i)| (t.id.clone(), i));
        if step != self.told.step {
            if let Some((t, i)) = app.tour() {
                // A player shows a marker's label as it is: inert, as the screen shows it.
                let title = t.steps.get(i).map(|s| s.title.as_str()).unwrap_or("");
                let label = format!("{} {}/{}: {title}", t.id, i + 1, t.steps.len());
                self.send(Rec::Marker(crate::text::sanitize::inert(&self.scrub(label)).into_owned()));
            }
            self.send(Rec::Tour(app.tour_run()));
            self.told.step = step;
        }
        // Keys typed could spell something confidential: without clearance, none.
        for label in std::mem::take(&mut self.told.keys).into_iter().filter(|_| self.secrets.is_none()) {
            self.send(Rec::KeyCast(label));
        }
        if app.history() != self.told.history.as_slice() {
            self.told.history = app.history().to_vec();
            // The breadcrumb names places, but the places hold their filters.
            let mut history = self.told.history.clone();
            if let Some(s) = &self.secrets {
                history.iter_mut().for_each(|loc| conceal(s, loc));
            }
            self.send(Rec::History(history));
        }
        let mut here = app.location();
        // Without clearance the mirror's copy of a filter may be masked: it
        // shows the rows the filter found here, not what it finds itself.
        let mut found = None;
        if let Some(s) = &self.secrets {
            conceal(s, &mut here);
            found = app.snapshot().found;
        }
        let told = (here, found);
        if self.told.place.as_ref() != Some(&told) {
            self.send(Rec::Place(Box::new(told.0.clone()), told.1.clone()));
            self.told.place = Some(told);
        }
        if app.caption() != self.told.caption.as_deref() {
            self.told.caption = app.caption().map(str::to_string);
            let caption = self.told.caption.clone().unwrap_or_default();
            self.send(Rec::Caption(self.scrub(caption)));
        }
        if app.message() != self.told.notice.as_deref() {
            self.told.notice = app.message().map(str::to_string);
            if let Some(n) = self.told.notice.clone() {
                self.send(Rec::Notice(self.scrub(n)));
            }
        }
    }

    /// Starts recording a presentation as its followers see it, into a new
    /// file at `path`: the recording's app is told what followers are told
    /// ([`Recording::tell`]), and drawn at the size it is given.
    pub fn follower(path: &Path, data: Indexed, options: Options, size: (u16, u16)) -> io::Result<Recording> {
        // Only its owner may read it, whatever the umask (as `start`'s).
        let file = crate::private::create_file(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot start a recording: {e}", path.display())))?;
        let shown = Shown { ds: Arc::clone(&data.ds), indexed: Some(data) };
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("dealscope-record".into())
            .spawn(move || mirror(BufWriter::new(file), shown, options, size, rx))?;
        Ok(Recording { tx, thread, told: Told { size, ..Told::default() }, cleared: true, secrets: None })
    }

    /// Tells the recording's app something (a recording made by
    /// [`Recording::follower`]); a frame is drawn after it.
    pub fn tell(&self, msg: Msg) {
        self.send(Rec::App(Box::new(msg)));
    }

    /// Marks a moment (a tour step) with a label.
    pub fn marker(&self, label: String) {
        // A player shows a marker's label as it is: inert, as the screen shows it.
        self.send(Rec::Marker(crate::text::sanitize::inert(&self.scrub(label)).into_owned()));
    }

    /// Draws from now on at this size.
    pub fn resize(&mut self, (w, h): (u16, u16)) {
        if (w, h) != self.told.size {
            self.told.size = (w, h);
            self.send(Rec::Resize(w, h));
        }
    }

    /// Shows this data from now on (the data was reloaded).
    pub fn show_data(&self, data: Indexed) {
        self.send(Rec::Data(Shown { ds: Arc::clone(&data.ds), indexed: Some(data) }));
    }

    /// A key was pressed, as the key cast shows it.
    pub fn key_cast(&mut self, label: &str) {
        self.told.keys.push(label.to_string());
    }

    /// Ends the recording and waits for the file to be written.
    pub fn finish(self) -> io::Result<()> {
        drop(self.tx);
        self.thread.join().unwrap_or_else(|_| Err(io::Error::other("the recording thread panicked")))
    }

    fn scrub(&self, text: String) -> String {
        match &self.secrets {
            Some(s) => s.scrub(&text),
            None => text,
        }
    }

    fn send(&self, r: Rec) {
        let _ = self.tx.send(r);
    }
}

/// The header line: size, start time, terminal and theme.
fn header(w: u16, h: u16, theme: ThemeName) -> String {
    let (fg, bg) = match theme {
        ThemeName::Light => ("#1c1c1c", "#fafafa"),
        _ => ("#d0d0d0", "#1c1c1c"),
    };
    let timestamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    serde_json::json!({
        "version": 2,
        "width": w,
        "height": h,
        "timestamp": timestamp,
        "title": "dealscope",
        "env": { "TERM": "xterm-256color" },
        "theme": { "fg": fg, "bg": bg, "palette": PALETTE },
    })
    .to_string()
}

/// One event line: `[seconds, code, data]`.
fn event(out: &mut impl Write, at: Instant, code: &str, data: &str) -> io::Result<()> {
    let line = serde_json::json!([(at.elapsed().as_secs_f64() * 1e6).round() / 1e6, code, data]);
    writeln!(out, "{line}")
}

type Mirror = Terminal<CrosstermBackend<FrameBytes>>;

fn terminal(bytes: &FrameBytes, w: u16, h: u16) -> io::Result<Mirror> {
    let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, w, h)) };
    Terminal::with_options(CrosstermBackend::new(bytes.clone()), options)
}

/// The recording's own app: told what the recorded one shows, it draws the
/// same screens into the file until the sender is dropped.
fn mirror(
    mut out: BufWriter<File>,
    data: Shown,
    options: Options,
    (w, h): (u16, u16),
    rx: mpsc::Receiver<Rec>,
) -> io::Result<()> {
    let start = Instant::now();
    writeln!(out, "{}", header(w, h, options.theme))?;
    let mut app = App::new(data.indexed(None), options, w, h);
    let bytes = FrameBytes::default();
    let mut term = terminal(&bytes, w, h)?;
    // A clean screen with the cursor hidden, as the explorer starts.
    event(&mut out, start, "o", "\x1b[?25l\x1b[2J\x1b[H")?;
    let mut drawn = false;
    while let Ok(first) = rx.recv() {
        for r in std::iter::once(first).chain(rx.try_iter()) {
            let msg = match r {
                Rec::Place(loc, found) => Msg::Mirror(Arc::new(*loc), found),
                Rec::Caption(text) => Msg::Caption(text),
                Rec::KeyCast(label) => Msg::KeyCast(label),
                Rec::Notice(text) => Msg::Notice(text),
                Rec::Data(data) => Msg::Reloaded(data.indexed(Some(&app.indexed()))),
                Rec::Tour(run) => Msg::TourAt(run),
                Rec::App(msg) => *msg,
                Rec::History(back) => Msg::MirrorHistory(back),
                Rec::Marker(label) => {
                    event(&mut out, start, "m", &label)?;
                    continue;
                }
                Rec::Resize(w, h) => {
                    event(&mut out, start, "r", &format!("{w}x{h}"))?;
                    term = terminal(&bytes, w, h)?;
                    event(&mut out, start, "o", "\x1b[2J\x1b[H")?;
                    crate::app::action::Action::Resize(w, h).into()
                }
            };
            settle(&mut app, msg);
        }
        frame::draw_app(&mut term, &app)?;
        let frame = bytes.take();
        if !frame.is_empty() || !drawn {
            event(&mut out, start, "o", &String::from_utf8_lossy(&frame))?;
            drawn = true;
        }
    }
    out.flush()
}

/// Updates the mirror and carries out at once the searches and slices of
/// work the update asks for, so it draws what the recorded app drew.
fn settle(app: &mut App, msg: Msg) {
    let mut effects = app.update(msg);
    loop {
        let mut more = Vec::new();
        for e in effects {
            if let Effect::Search(job) = e {
                let mut results = Vec::new();
                job.run(&|| false, &mut |r| results.push(r));
                for r in results {
                    more.extend(app.update(Msg::SearchDone(Arc::new(r))));
                }
            }
        }
        while app.ticking() {
            more.extend(app.update(Msg::Tick));
        }
        if more.is_empty() {
            return;
        }
        effects = more;
    }
}
