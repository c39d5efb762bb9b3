//! Starting the interactive explorer: the data loads (and the app is built)
//! on a background thread. A load that ends quickly goes straight to the
//! explorer, or to the full `check` report (printed once) without ever touching the terminal; a
//! longer one shows a loading screen with a bar, which `q` quits.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crate::app::msg::Msg;
use crate::app::theme::ThemeName;
use crate::app::{App, Editing, Options};
use crate::data::load::{self, DataSource, Limits, Report};
use crate::data::progress::{Phase, Status};
use crate::exit::{EXIT_INVALID, EXIT_USAGE};
use crate::runtime::record::Recording;
use crate::runtime::tty::Tty;
use crate::runtime::watch::Live;
use crate::runtime::{background, state};
use crate::text::sanitize::inert;

/// A load that takes longer than this gets the loading screen.
const LOADING_SCREEN_AFTER: Duration = Duration::from_millis(300);

/// Why there is no app to show.
enum Failed {
    /// The data could not be read (exit status 2).
    Unreadable(String),
    /// The data has errors: the report (exit status 1).
    Invalid(Box<Report>),
}

/// What the explorer does besides showing the data.
#[derive(Debug, Default)]
pub struct Extras {
    /// Reload the data at this path when it changes.
    pub live: Option<PathBuf>,
    /// Start presenting this tour.
    pub tour: Option<String>,
    /// Record what is shown into this new asciicast file.
    pub record: Option<PathBuf>,
    /// Record confidential values too (else the recording is redacted).
    pub record_cleared: bool,
    /// Leave out what was kept from the last run (`--fresh`).
    pub fresh: bool,
    /// Keep state for the demo data too (`--keep-state`).
    pub keep_state: bool,
}

/// Loads the data and runs the explorer on it; returns the exit status.
/// With `detect`, the theme is the one that suits the terminal's background
/// (asked while the data loads), else `options.theme`.
pub fn run(source: DataSource, limits: Limits, mut options: Options, detect: bool, mouse: bool, extras: Extras) -> i32 {
    let Extras { live, tour, record, record_cleared, fresh, keep_state } = extras;
    let live_path = live.is_some();
    // Where what is kept between runs lives: always for files, for the demo if asked.
    let var = |name| std::env::var(name).ok();
    let state_file = (live_path || keep_state)
        .then(|| state::dir(var("XDG_STATE_HOME").as_deref(), var("HOME").as_deref()))
        .flatten()
        .map(|dir| state::file_for(&dir, live.as_deref(), options.redact));
    // Watch before loading, so that an edit made while a big load runs is seen.
    let live = live.map(|p| Live::start(&p, limits, options.redact));
    let status = Arc::new(Status::default());
    let (tx, rx) = mpsc::channel();
    let (w, h) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let what = match &source {
        DataSource::Demo => "the demo data".to_string(),
        DataSource::Path(p) => p.display().to_string(),
    };
    let s = Arc::clone(&status);
    // The theme comes once the terminal has said (or not) what its background is.
    let (theme_tx, theme_rx) = mpsc::channel();
    // Under live reload, the first load keeps what it parsed for the reloads.
    let keep = live.as_ref().is_some_and(Result::is_ok);
    let kept_slot: Arc<std::sync::Mutex<Option<load::Kept>>> = Arc::default();
    let kept_out = Arc::clone(&kept_slot);
    let loader = std::thread::Builder::new().name("dealscope-load".into()).spawn(move || {
        let mut kept = load::Kept::default();
        let progress = |done, total| s.parsed(done, total);
        let loaded = match &source {
            DataSource::Path(p) if keep => {
                load::load_again_with_progress(p, limits, &mut kept, &[], &progress).map(|(l, _)| l)
            }
            _ => load::load_with_progress(&source, limits, &progress),
        };
        let result = match loaded {
            Err(e) => Err(Failed::Unreadable(e.to_string())),
            Ok(loaded) => match loaded.dataset {
                None => Err(Failed::Invalid(Box::new(loaded.report))),
                Some(ds) => {
                    s.phase(Phase::Indexing);
                    let ds = crate::data::redact::view(&Arc::new(ds), !options.redact);
                    let theme = theme_rx.recv().unwrap_or(options.theme);
                    Ok(App::new(ds, Options { theme, ..options }, w, h))
                }
            },
        };
        *kept_out.lock().unwrap_or_else(|e| e.into_inner()) = Some(kept);
        let _ = tx.send(result);
    });
    if let Err(e) = loader {
        eprintln!("dealscope: cannot start loading: {e}");
        return EXIT_USAGE;
    }
    // Asked before the explorer takes the terminal over; at most a moment.
    if detect {
        options.theme = background::detect_local().unwrap_or(ThemeName::Dark);
    }
    let _ = theme_tx.send(options.theme);
    let (tty, result) = match rx.recv_timeout(LOADING_SCREEN_AFTER) {
        Ok(result) => (None, result),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            eprintln!("dealscope: loading stopped with an internal error");
            return EXIT_INVALID;
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let mut tty = match Tty::open(mouse) {
                Ok(t) => t,
                Err(e) => return terminal_error(&e),
            };
            match tty.loading(&what, &status, options, &rx) {
                Ok(Ok(result)) => (Some(tty), result),
                Ok(Err(ended)) => return ended.status(),
                Err(e) => {
                    drop(tty);
                    return terminal_error(&e);
                }
            }
        }
    };
    match result {
        Err(failed) => {
            drop(tty); // the terminal is restored before the report is printed
            let mut err = std::io::stderr().lock();
            match failed {
                Failed::Unreadable(e) => {
                    let _ = writeln!(err, "dealscope: {}", inert(&e));
                    EXIT_USAGE
                }
                Failed::Invalid(report) => {
                    // The full report, once, as `dealscope check` prints it.
                    let _ = writeln!(err, "{}{}", report.render(), report.invalid_line());
                    EXIT_INVALID
                }
            }
        }
        Ok(mut app) => {
            if let Some(id) = &tour
                && let Err(e) = crate::data::tour::find(app.dataset(), id)
            {
                drop(tty);
                let _ = writeln!(std::io::stderr(), "dealscope: {e}");
                return EXIT_USAGE;
            }
            let live = match live {
                Some(Err(e)) => {
                    let _ = app.update(Msg::Notice(format!("live reload is off: {e}")));
                    None
                }
                Some(Ok(l)) => {
                    if let Some(kept) = kept_slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
                        l.prime(kept);
                    }
                    l.shown(app.indexed());
                    Some(l)
                }
                None => None,
            };
            let mut tty = match tty.map_or_else(|| Tty::open(mouse), Ok) {
                Ok(t) => t,
                Err(e) => return terminal_error(&e),
            };
            let mut recording = match record.map(|path| Recording::start(&path, &app, options, record_cleared)) {
                Some(Ok(r)) => Some(r),
                Some(Err(e)) => {
                    drop(tty);
                    let _ = writeln!(std::io::stderr(), "dealscope: {}", inert(&e.to_string()));
                    return EXIT_USAGE;
                }
                None => None,
            };
            // Files to edit (`e`) only with --data: the demo data has none.
            let editing = if live_path { Editing::Here } else { Editing::NoFiles };
            let mut start = vec![Msg::Editing(editing)];
            let given = Given { lens: options.as_of.is_some(), place: tour.is_some() };
            start.extend(state_file.as_deref().and_then(|f| resumed(f, fresh, given)));
            start.extend(tour.map(Msg::StartTour));
            let ended = tty.explore(&mut app, live, start, &mut recording);
            drop(tty);
            if let Some(f) = &state_file
                && let Err(e) = state::write(f, &app.saved())
            {
                let _ = writeln!(std::io::stderr(), "dealscope: could not keep the state in {}: {e}", f.display());
            }
            if let Some(Err(e)) = recording.map(Recording::finish) {
                let _ = writeln!(std::io::stderr(), "dealscope: the recording is incomplete: {e}");
            }
            match ended {
                Ok(ended) => ended.status(),
                Err(e) => terminal_error(&e),
            }
        }
    }
}

/// What the command line sets, which wins over what was kept.
struct Given {
    /// `--as-of`.
    lens: bool,
    /// `--tour`: its first step is where the explorer starts.
    place: bool,
}

/// What to take in of the state kept in `file`: it put back (unless
/// `fresh`; its lens and place left out when the command line sets them),
/// or a notice that it cannot be read (it is replaced when the explorer ends).
fn resumed(file: &std::path::Path, fresh: bool, given: Given) -> Option<Msg> {
    match state::read(file) {
        Ok(Some(_)) if fresh => None,
        Ok(Some(mut saved)) => {
            if given.lens {
                saved.as_of = None;
            }
            if given.place {
                saved.place = None;
            }
            Some(Msg::Restore(Box::new(saved)))
        }
        Ok(None) => None,
        Err(why) => Some(Msg::Notice(format!(
            "the state kept in {} is unreadable ({why}): starting afresh",
            inert(&file.display().to_string())
        ))),
    }
}

/// Reports a terminal failure; the terminal may be gone (a hang-up), so this never panics.
fn terminal_error(e: &std::io::Error) -> i32 {
    let _ = writeln!(std::io::stderr(), "dealscope: terminal error: {e}");
    EXIT_INVALID
}
