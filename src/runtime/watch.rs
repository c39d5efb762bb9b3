//! Live reload: watches the data files and loads them again after each change.
//! A valid change yields a new dataset; an invalid one yields every error,
//! and whoever listens keeps the last good data. Used by the local app and by
//! `dealscope serve`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use std::sync::mpsc;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tracing::{info, warn};

use crate::app::indexed::Indexed;
use crate::app::reload::DataProblem;
use crate::data::load::{self, Limits};
use crate::data::model::Dataset;

/// How long the files must be quiet before they are read again: an editor's
/// save (write, rename, chmod) becomes one reload.
pub const QUIET: Duration = Duration::from_millis(200);

/// The result of reading the files again.
#[derive(Debug, Clone)]
pub enum Reload {
    /// The files are valid: show this.
    Data(Arc<Dataset>),
    /// The files are not valid (or not readable): keep the last good data and
    /// show these errors.
    Invalid(Arc<DataProblem>),
}

/// A reload as an explorer takes it: the data indexed (off the UI thread),
/// or every error.
#[derive(Debug, Clone)]
pub enum Reloaded {
    /// The files are valid: show this.
    Data(Indexed),
    /// The files are not valid: keep the last good data and show these errors.
    Invalid(Arc<DataProblem>),
}

impl From<Reloaded> for crate::app::msg::Msg {
    fn from(reload: Reloaded) -> Self {
        match reload {
            Reloaded::Data(data) => Self::Reloaded(data),
            Reloaded::Invalid(problem) => Self::DataProblem(Some(problem)),
        }
    }
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot watch for changes: {reason}")]
pub struct WatchError {
    /// What was to be watched.
    pub path: PathBuf,
    /// What the OS said.
    pub reason: String,
}

/// Keeps the watch alive; dropping it stops watching.
pub struct Watch {
    _watcher: RecommendedWatcher,
    kept: Arc<Mutex<load::Kept>>,
}

/// A watch whose reloads wait in a queue until the runtime takes them: it
/// can start before the data has finished loading, so no edit is missed.
/// Each reload is indexed on the reload thread, from the last one's index
/// where the edit allows (see [`Indexed::again`]).
pub struct Live {
    watch: Watch,
    reloads: mpsc::Receiver<Reloaded>,
    path: PathBuf,
    /// What the last reload (or the first load) showed, indexed.
    last: Arc<Mutex<Option<Indexed>>>,
}

impl Live {
    /// Starts watching `path`. With `redact` (`--redact`), each reload is
    /// redacted on the reload thread, before the app sees it.
    pub fn start(path: &Path, limits: Limits, redact: bool) -> Result<Live, WatchError> {
        let (tx, reloads) = mpsc::channel();
        let last: Arc<Mutex<Option<Indexed>>> = Arc::default();
        let mine = Arc::clone(&last);
        let watch = watch(path, limits, move |r| {
            let r = match r {
                Reload::Data(ds) => {
                    let mut last = mine.lock().unwrap_or_else(|e| e.into_inner());
                    // A bug in indexing must not end live reload for good.
                    let index = std::panic::AssertUnwindSafe(|| {
                        let ds = crate::data::redact::view(&ds, !redact);
                        match last.as_ref() {
                            Some(prev) => Indexed::again(prev, ds),
                            None => Indexed::new(ds),
                        }
                    });
                    match std::panic::catch_unwind(index) {
                        Ok(data) => {
                            *last = Some(data.clone());
                            Reloaded::Data(data)
                        }
                        Err(_) => {
                            *last = None;
                            let problem =
                                DataProblem::unreadable("indexing hit an internal error; save again to retry");
                            Reloaded::Invalid(Arc::new(problem))
                        }
                    }
                }
                Reload::Invalid(problem) => Reloaded::Invalid(problem),
            };
            let _ = tx.send(r);
        })?;
        Ok(Live { watch, reloads, path: path.to_path_buf(), last })
    }

    /// Gives the files the first load parsed to the reloads, so that even the
    /// first one parses only what changed. Never waits: a reload that
    /// runs meanwhile keeps what it parsed instead.
    pub fn prime(&self, kept: load::Kept) {
        if let Ok(mut mine) = self.watch.kept.try_lock()
            && mine.is_empty()
        {
            *mine = kept;
        }
    }

    /// Tells the reloads what the first load shows, indexed, so that even
    /// the first one patches that index. Never waits, as [`Live::prime`].
    pub fn shown(&self, data: Indexed) {
        if let Ok(mut last) = self.last.try_lock()
            && last.is_none()
        {
            *last = Some(data);
        }
    }

    /// The path watched.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Waits for the next reload (for a thread of its own).
    pub fn wait(&self) -> Option<Reloaded> {
        self.reloads.recv().ok()
    }

    /// The reloads that happened since the last call.
    pub fn take(&self) -> impl Iterator<Item = Reloaded> + '_ {
        self.reloads.try_iter()
    }
}

/// Reads `path` again, as the app first did, parsing only the files that
/// changed since `kept` was filled (see [`load::load_again`]). When the data
/// has errors, all are reported, and the one named first is the first in a
/// file among `changed` (canonical paths), since that is most likely what
/// the user just broke.
pub fn reload(path: &Path, limits: Limits, changed: &[PathBuf], kept: &mut load::Kept) -> Reload {
    match load::load_again(path, limits, kept, changed) {
        Err(e) => Reload::Invalid(Arc::new(DataProblem::unreadable(&e.to_string()))),
        Ok((loaded, reused)) => {
            let how = if reused.in_place { "only they validated again" } else { "all validated again" };
            info!("reloaded {}: {} files parsed again ({how}), {} kept", path.display(), reused.parsed, reused.kept);
            reloaded(loaded, changed)
        }
    }
}

/// What a load came to, as a reload: the data, or every error (the first in
/// a file among `changed` named first).
fn reloaded(loaded: load::Loaded, changed: &[PathBuf]) -> Reload {
    match loaded.dataset {
        Some(ds) => Reload::Data(Arc::new(ds)),
        None => {
            let was_changed = |name: &str| Path::new(name).canonicalize().is_ok_and(|p| changed.contains(&p));
            Reload::Invalid(Arc::new(DataProblem::from_report(&loaded.report, was_changed)))
        }
    }
}

/// Watches `path` (a file or a directory) and calls `on_reload` after each
/// change to a data file, from a thread of its own.
///
/// A file is watched through its directory, so that editors which save by
/// writing a new file and renaming it over the old one are seen too. Only
/// changes count: reading the files (as a reload does) is not one.
pub fn watch(path: &Path, limits: Limits, on_reload: impl Fn(Reload) + Send + 'static) -> Result<Watch, WatchError> {
    let fail = |reason: String| WatchError { path: path.to_path_buf(), reason };
    // Events name canonical paths; reports keep the path as the user gave it.
    let given = path.to_path_buf();
    let root = path.canonicalize().map_err(|e| fail(e.to_string()))?;
    let (target, mode) = if root.is_dir() {
        (root.clone(), RecursiveMode::Recursive)
    } else {
        (root.parent().map(Path::to_path_buf).unwrap_or_else(|| root.clone()), RecursiveMode::NonRecursive)
    };
    let (changed, changes) = mpsc::channel::<Vec<PathBuf>>();
    let watched = root.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| match res {
        Ok(event) if is_change(&event.kind) && event.paths.iter().any(|p| concerns(&watched, p)) => {
            let _ = changed.send(event.paths);
        }
        Ok(_) => {}
        Err(e) => warn!("watching {}: {e}", watched.display()),
    })
    .map_err(|e| fail(e.to_string()))?;
    watcher.watch(&target, mode).map_err(|e| fail(e.to_string()))?;
    let kept = Arc::new(Mutex::new(load::Kept::default()));
    let reload_kept = Arc::clone(&kept);
    std::thread::Builder::new()
        .name("dealscope-reload".into())
        .spawn(move || {
            // One reload per burst: wait for QUIET without a change. Ends when
            // the watcher (and so the sender) is dropped. The files parsed
            // last time are kept: a save parses only what it changed.
            while let Ok(mut paths) = changes.recv() {
                loop {
                    match changes.recv_timeout(QUIET) {
                        Ok(more) => paths.extend(more),
                        Err(mpsc::RecvTimeoutError::Timeout) => break,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
                info!("data changed; reloading {}", given.display());
                // The kept files are taken out for the reload (so that priming
                // never waits on one) and put back after. A bug in loading must
                // not end live reload for good, nor leave half-kept files behind.
                let mut kept = std::mem::take(&mut *reload_kept.lock().unwrap_or_else(|e| e.into_inner()));
                let run = std::panic::AssertUnwindSafe(|| reload(&given, limits, &paths, &mut kept));
                let loaded = std::panic::catch_unwind(run).unwrap_or_else(|_| {
                    kept = load::Kept::default();
                    let problem = DataProblem::unreadable("reloading hit an internal error; save again to retry");
                    Reload::Invalid(Arc::new(problem))
                });
                *reload_kept.lock().unwrap_or_else(|e| e.into_inner()) = kept;
                on_reload(loaded);
            }
        })
        .map_err(|e| fail(e.to_string()))?;
    Ok(Watch { _watcher: watcher, kept })
}

/// True for events that change what a file holds or whether it exists; not
/// for opening or reading one, nor for metadata such as access times.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        _ => false,
    }
}

/// True when a changed path is part of the data at `root`: the file itself,
/// or a `*.yaml` / `*.yml` file (or a directory, which may hold some) below it.
fn concerns(root: &Path, changed: &Path) -> bool {
    if root.is_file() || !root.exists() {
        return changed == root;
    }
    if !changed.starts_with(root) {
        return false;
    }
    let yaml = changed.extension().is_some_and(|e| e == "yaml" || e == "yml");
    yaml || changed.is_dir() || changed == root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_data_files_concern_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        assert!(concerns(root, &root.join("firms.yaml")));
        assert!(concerns(root, &root.join("sub/deals.yml")));
        assert!(concerns(root, &root.join("sub")));
        assert!(!concerns(root, &root.join(".firms.yaml.swp")));
        assert!(!concerns(root, &root.join("notes.txt")));
        assert!(!concerns(root, Path::new("/elsewhere/firms.yaml")));
    }

    #[test]
    fn one_change_is_one_reload_and_reading_is_none() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in crate::data::load::DEMO_FILES {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let (tx, rx) = mpsc::channel();
        let _watch = watch(dir.path(), Limits::default(), move |r| {
            let _ = tx.send(r);
        })
        .unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let firms = dir.path().join("firms.yaml");
        let text = std::fs::read_to_string(&firms).unwrap();
        std::fs::write(&firms, text.replacen("name: Xiaomi\n", "name: Xiaomi Corporation\n", 1)).unwrap();
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Reload::Data(ds)) => {
                let xiaomi = ds.lookup("xiaomi").unwrap();
                assert_eq!(ds.get(xiaomi).name, "Xiaomi Corporation");
            }
            other => panic!("expected new data, got {other:?}"),
        }
        // The reload read every file; that must not count as a change.
        assert!(rx.recv_timeout(QUIET * 5).is_err(), "a reload without a change");
        std::fs::write(&firms, "firms: [").unwrap();
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Reload::Invalid(e)) => assert!(e.headline().contains("firms.yaml"), "{e:?}"),
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn only_the_file_concerns_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.yaml");
        std::fs::write(&file, "").unwrap();
        assert!(concerns(&file, &file));
        assert!(!concerns(&file, &dir.path().join("other.yaml")));
    }
}
