//! Live reload: watches the data files and loads them again after each change.
//! A valid change yields a new dataset; an invalid one yields the first error,
//! and whoever listens keeps the last good data. Used by the local app and by
//! `dealscope serve`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use tracing::{info, warn};

use crate::load::{self, DataSource, Limits};
use crate::model::Dataset;

/// How long the files must be quiet before they are read again: an editor's
/// save (write, rename, chmod) becomes one reload.
pub const QUIET: Duration = Duration::from_millis(200);

/// The result of reading the files again.
#[derive(Debug, Clone)]
pub enum Reload {
    /// The files are valid: show this.
    Data(Arc<Dataset>),
    /// The files are not valid (or not readable): keep the last good data and
    /// show this, the first error, in a banner.
    Invalid(String),
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
    _debouncer: Debouncer<RecommendedWatcher>,
}

/// Reads `path` again, as the app first did.
pub fn reload(path: &Path, limits: Limits) -> Reload {
    match load::load(&DataSource::Path(path.to_path_buf()), limits) {
        Err(e) => Reload::Invalid(e.to_string()),
        Ok(loaded) => match loaded.dataset {
            Some(ds) => Reload::Data(Arc::new(ds)),
            None => {
                let first = loaded.report.first_error().unwrap_or_else(|| "the data has errors".into());
                Reload::Invalid(first)
            }
        },
    }
}

/// Watches `path` (a file or a directory) and calls `on_reload` after each
/// change to a data file, from the watcher's own thread.
///
/// A file is watched through its directory, so that editors which save by
/// writing a new file and renaming it over the old one are seen too.
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
    let handler = move |res: DebounceEventResult| match res {
        Ok(events) => {
            if events.iter().any(|e| concerns(&root, &e.path)) {
                info!("data changed; reloading {}", given.display());
                on_reload(reload(&given, limits));
            }
        }
        Err(e) => warn!("watching {}: {e}", given.display()),
    };
    let mut debouncer = new_debouncer(QUIET, handler).map_err(|e| fail(e.to_string()))?;
    debouncer.watcher().watch(&target, mode).map_err(|e| fail(e.to_string()))?;
    Ok(Watch { _debouncer: debouncer })
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
    fn only_the_file_concerns_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data.yaml");
        std::fs::write(&file, "").unwrap();
        assert!(concerns(&file, &file));
        assert!(!concerns(&file, &dir.path().join("other.yaml")));
    }
}
