//! Files → raw structs → validated `Dataset`, with every problem reported at
//! its file, line and column. Reads only; never writes to the data.

mod diagnose;
pub mod issue;
mod locate;
mod raw;
pub mod report;
mod validate;

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use issue::{Anchor, Issue, Pos, Severity};
pub use report::{Report, SourceFile};
pub use validate::is_valid_id;

use crate::model::Dataset;

/// Bounds that keep hostile input from costing unbounded time or memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest data file read, in bytes.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_file_bytes: 64 * 1024 * 1024 }
    }
}

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The demo dataset compiled into the binary.
    Demo,
    /// A YAML file, or a directory searched recursively for `*.yaml` / `*.yml`.
    Path(PathBuf),
}

/// Problems that stop the data from being read at all (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The path does not exist.
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    /// The OS refused to read it.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A directory holding no data files.
    #[error("{0}: no *.yaml or *.yml files in this directory or below it")]
    NoYaml(PathBuf),
    /// A FIFO, socket or device.
    #[error("{0}: not a regular file or directory")]
    NotAFile(PathBuf),
}

/// The outcome of a load: the dataset when there were no errors, and the report.
#[derive(Debug)]
pub struct Loaded {
    /// Present when the data has no errors.
    pub dataset: Option<Dataset>,
    /// Every issue found, errors and warnings.
    pub report: Report,
}

/// The demo dataset's files, compiled in. `tests/embedded.rs` checks they equal `data/`.
pub const DEMO_FILES: &[(&str, &str)] = &[
    ("agreements.yaml", include_str!("../../data/agreements.yaml")),
    ("chipsets.yaml", include_str!("../../data/chipsets.yaml")),
    ("dataset.yaml", include_str!("../../data/dataset.yaml")),
    ("events.yaml", include_str!("../../data/events.yaml")),
    ("firms.yaml", include_str!("../../data/firms.yaml")),
    ("people.yaml", include_str!("../../data/people.yaml")),
    ("products.yaml", include_str!("../../data/products.yaml")),
    ("sources.yaml", include_str!("../../data/sources.yaml")),
];

/// Reads and validates data from a source.
pub fn load(source: &DataSource, limits: Limits) -> Result<Loaded, LoadError> {
    let files = match source {
        DataSource::Demo => {
            DEMO_FILES.iter().map(|(name, text)| RawInput::Text(format!("<demo>/{name}"), text.to_string())).collect()
        }
        DataSource::Path(p) => read_inputs(p, limits)?,
    };
    Ok(load_inputs(files))
}

/// Validates in-memory files (name, text): for tests and embedders.
pub fn load_texts(files: Vec<(String, String)>) -> Loaded {
    load_inputs(files.into_iter().map(|(n, t)| RawInput::Text(n, t)).collect())
}

/// A file as it came off the disk.
enum RawInput {
    Text(String, String),
    Bytes(String, Vec<u8>),
    TooLarge(String, u64, u64),
}

fn load_inputs(inputs: Vec<RawInput>) -> Loaded {
    let mut files = Vec::with_capacity(inputs.len());
    let mut issues = Vec::new();
    let mut parsed = Vec::with_capacity(inputs.len());
    for (idx, input) in inputs.into_iter().enumerate() {
        let (name, text) = match input {
            RawInput::Text(name, text) => (name, text),
            RawInput::Bytes(name, bytes) => match decode(idx, bytes) {
                Ok(text) => (name, text),
                Err(bad) => {
                    let (text, issue) = *bad;
                    files.push(SourceFile { name, text });
                    issues.push(issue);
                    continue;
                }
            },
            RawInput::TooLarge(name, size, limit) => {
                let msg = format!(
                    "file is {} MiB, over the limit of {} MiB (raise it with --max-file-mb)",
                    size.div_ceil(1 << 20),
                    limit >> 20
                );
                issues.push(Issue::error(idx, Anchor::At(Pos { line: 1, col: 1 }, 1), msg));
                files.push(SourceFile { name, text: String::new() });
                continue;
            }
        };
        let text = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        if is_blank(&text) {
            let msg = "file holds no data (it is empty or only comments)";
            issues.push(Issue::warning(idx, Anchor::At(Pos { line: 1, col: 1 }, 1), msg));
        } else {
            match serde_yaml::from_str::<raw::RawFile>(&text) {
                Ok(raw) => parsed.push((idx, raw)),
                Err(first) => {
                    let (raw, found) = diagnose::diagnose(idx, &text, &first);
                    issues.extend(found);
                    parsed.push((idx, raw));
                }
            }
        }
        files.push(SourceFile { name, text });
    }
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let (dataset, found) = validate::validate(&parsed, &names);
    issues.extend(found);
    // The position pass, only for files that have issues anchored by path.
    let needs: HashSet<usize> = issues
        .iter()
        .filter(|i| matches!(i.anchor, Anchor::Key(_) | Anchor::Value(_)) || i.related.is_some())
        .flat_map(|i| [Some(i.file), i.related.as_ref().map(|r| r.file)])
        .flatten()
        .collect();
    for f in needs {
        let mut mine: Vec<&mut Issue> = Vec::new();
        for issue in issues.iter_mut() {
            if issue.file == f || issue.related.as_ref().is_some_and(|r| r.file == f) {
                mine.push(issue);
            }
        }
        locate::resolve_for_file(&files[f].text, f, &mut mine);
    }
    let dataset = if issues.iter().any(|i| i.severity == Severity::Error) { None } else { dataset };
    Loaded { dataset, report: Report::new(files, issues) }
}

/// True when a text has nothing but blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// UTF-8 text from bytes, or a located error and a lossy text to show.
fn decode(file: usize, bytes: Vec<u8>) -> Result<String, Box<(String, Issue)>> {
    match String::from_utf8(bytes) {
        Ok(t) => Ok(t),
        Err(e) => {
            let bytes = e.into_bytes();
            let bad = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..bad]);
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let msg =
                format!("not valid UTF-8: byte 0x{:02X} cannot start a character (save the file as UTF-8)", bytes[bad]);
            let issue = Issue::error(file, Anchor::At(Pos { line, col }, 1), msg);
            Err(Box::new((String::from_utf8_lossy(&bytes).into_owned(), issue)))
        }
    }
}

/// Reads a file, or every `*.yaml`/`*.yml` below a directory, in sorted path order.
fn read_inputs(path: &Path, limits: Limits) -> Result<Vec<RawInput>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound(path.to_path_buf()),
        _ => LoadError::Io { path: path.to_path_buf(), source: e },
    })?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        let mut seen = HashSet::new();
        walk(path, &mut paths, &mut seen)?;
        if paths.is_empty() {
            return Err(LoadError::NoYaml(path.to_path_buf()));
        }
        paths.sort();
    } else if meta.is_file() {
        paths.push(path.to_path_buf());
    } else {
        return Err(LoadError::NotAFile(path.to_path_buf()));
    }
    paths.into_iter().map(|p| read_one(&p, limits)).collect()
}

fn read_one(path: &Path, limits: Limits) -> Result<RawInput, LoadError> {
    let io = |e| LoadError::Io { path: path.to_path_buf(), source: e };
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile(path.to_path_buf()));
    }
    if meta.len() > limits.max_file_bytes {
        return Ok(RawInput::TooLarge(name, meta.len(), limits.max_file_bytes));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path).map_err(io)?.take(limits.max_file_bytes + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Ok(RawInput::TooLarge(name, bytes.len() as u64, limits.max_file_bytes));
    }
    Ok(RawInput::Bytes(name, bytes))
}

/// Collects data files below a directory, following links but never a loop.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) -> Result<(), LoadError> {
    let io = |e| LoadError::Io { path: dir.to_path_buf(), source: e };
    let canonical = std::fs::canonicalize(dir).map_err(io)?;
    if !seen.insert(canonical) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue; // a dangling link: nothing to read
        };
        if meta.is_dir() {
            walk(&path, out, seen)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
    Ok(())
}
