//! Files → raw structs → validated `Dataset`, with every problem reported at
//! its file, line and column. Reads only; never writes to the data.

mod build;
mod cycles;
mod de;
mod diagnose;
mod doc;
mod files;
mod idmap;
pub mod ids;
pub mod issue;
pub mod leaks;
mod locate;
mod plausible;
mod raw;
mod recover;
mod register;
pub mod report;
mod revalidate;
mod runs;
pub mod schema;
mod text;
mod tours;
mod tree;
mod unchecked;
mod validate;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use ids::is_valid_id;
pub use issue::{Anchor, Issue, Pos, Severity, Stage};
pub use locate::line_of;
pub use report::{CheckJson, Problem, Report, SourceFile};

use crate::data::model::Dataset;
use files::{RawInput, decode, list_paths, read_one};

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
    ("agreements.yaml", include_str!("../../../data/agreements.yaml")),
    ("chipsets.yaml", include_str!("../../../data/chipsets.yaml")),
    ("dataset.yaml", include_str!("../../../data/dataset.yaml")),
    ("events.yaml", include_str!("../../../data/events.yaml")),
    ("firms.yaml", include_str!("../../../data/firms.yaml")),
    ("people.yaml", include_str!("../../../data/people.yaml")),
    ("products.yaml", include_str!("../../../data/products.yaml")),
    ("sources.yaml", include_str!("../../../data/sources.yaml")),
    ("tours.yaml", include_str!("../../../data/tours.yaml")),
];

/// Reads and validates data from a source.
pub fn load(source: &DataSource, limits: Limits) -> Result<Loaded, LoadError> {
    load_with_progress(source, limits, &|_, _| {})
}

/// Like [`load`], telling `progress` (bytes parsed, bytes in all) as files are
/// parsed; it is called from the worker threads.
pub fn load_with_progress(source: &DataSource, limits: Limits, progress: &Progress<'_>) -> Result<Loaded, LoadError> {
    match source {
        DataSource::Demo => {
            let texts =
                DEMO_FILES.iter().map(|(name, text)| RawInput::Text(format!("<demo>/{name}"), text.to_string()));
            Ok(load_ready(texts.collect(), progress))
        }
        // Each file is read by the thread that parses it.
        DataSource::Path(p) => {
            load_inputs(files::on_disk(p)?, |(_, size)| *size as usize, |(p, _)| read_one(&p, limits), progress)
        }
    }
}

/// What a file on disk looked like when it was parsed: its size and when it
/// was last written.
type Stamp = (u64, Option<std::time::SystemTime>);

/// The files an earlier load of a path parsed, by path, for
/// [`load_again`]: a file whose size and time are the same, and that the
/// watcher did not report changed, is not parsed again.
#[derive(Default)]
pub struct Kept {
    files: std::collections::HashMap<PathBuf, (Stamp, Parsed)>,
    /// What the last load left for validating an edit where it was made,
    /// when that load had no errors.
    basis: Option<revalidate::Basis>,
}

impl Kept {
    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when it holds none (the next [`load_again`] parses everything).
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// What one [`load_again`] did, besides loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reused {
    /// Files parsed again.
    pub parsed: usize,
    /// Files taken as they were.
    pub kept: usize,
    /// True when only the files parsed again were validated again (an edit
    /// that kept every id in place; see `revalidate::revalidate`).
    pub in_place: bool,
}

/// Loads `path` again as [`load`] would, parsing only the files that are new
/// or changed since `kept` was filled (by size and time, or named in
/// `changed`, canonical paths); the others' parsed form is reused, then
/// everything is validated and indexed again. Gives exactly what [`load`]
/// gives for the same files, and leaves `kept` ready for the next time.
pub fn load_again(
    path: &Path,
    limits: Limits,
    kept: &mut Kept,
    changed: &[PathBuf],
) -> Result<(Loaded, Reused), LoadError> {
    load_again_with_progress(path, limits, kept, changed, &|_, _| {})
}

/// Like [`load_again`], telling `progress` (bytes parsed, bytes to parse) as
/// files are parsed; with an empty `kept`, a first load that fills it.
pub fn load_again_with_progress(
    path: &Path,
    limits: Limits,
    kept: &mut Kept,
    changed: &[PathBuf],
    progress: &Progress<'_>,
) -> Result<(Loaded, Reused), LoadError> {
    let paths = list_paths(path)?;
    let mut stamps = Vec::with_capacity(paths.len());
    let mut slots: Vec<Option<Parsed>> = Vec::with_capacity(paths.len());
    // Files to parse again (index in the load, path and size), each read by the thread that parses it.
    let mut todo = Vec::new();
    for (i, (p, meta)) in paths.iter().enumerate() {
        let stamp: Stamp = (meta.len(), meta.modified().ok());
        let touched = || p.canonicalize().is_ok_and(|c| changed.contains(&c));
        match kept.files.get(p) {
            Some((was, parsed)) if *was == stamp && stamp.1.is_some() && !touched() => {
                slots.push(Some(renumbered(parsed.clone(), i)));
            }
            _ => {
                slots.push(None);
                todo.push((i, (p.clone(), meta.len())));
            }
        }
        stamps.push(stamp);
    }
    let mut reused = Reused { parsed: todo.len(), kept: paths.len() - todo.len(), in_place: false };
    let at: Vec<usize> = todo.iter().map(|(i, _)| *i).collect();
    // Parsed in `todo`'s order: each goes back to its own slot.
    let parsed = parse_these(todo, |(_, size)| *size as usize, |(p, _)| read_one(&p, limits), progress)?;
    for (&i, p) in at.iter().zip(parsed) {
        slots[i] = Some(p);
    }
    let all: Vec<Parsed> = slots.into_iter().flatten().collect();
    kept.files =
        paths.into_iter().zip(stamps).zip(all.iter().cloned()).map(|(((p, _), s), parsed)| (p, (s, parsed))).collect();
    let basis = kept.basis.take();
    let (loaded, basis, in_place) = load_parsed_from(all, basis.as_ref().map(|b| (at.as_slice(), b)), true);
    kept.basis = basis;
    reused.in_place = in_place;
    Ok((loaded, reused))
}

/// A file parsed as one index, given another: its problems point at it.
fn renumbered(mut p: Parsed, idx: usize) -> Parsed {
    for issue in &mut p.issues {
        issue.file = idx;
        if let Some(r) = issue.related.as_mut() {
            r.file = idx;
        }
    }
    p
}

/// Validates in-memory files (name, text): for tests and embedders.
pub fn load_texts(files: Vec<(String, String)>) -> Loaded {
    load_ready(files.into_iter().map(|(n, t)| RawInput::Text(n, t)).collect(), &|_, _| {})
}

/// Validates in-memory files given as raw bytes (name, bytes), as if read
/// from disk: for property tests and the fuzz target.
pub fn load_bytes(files: Vec<(String, Vec<u8>)>) -> Loaded {
    load_ready(files.into_iter().map(|(n, b)| RawInput::Bytes(n, b, None)).collect(), &|_, _| {})
}

/// Hears (bytes parsed, bytes in all) while files are parsed.
pub type Progress<'a> = dyn Fn(usize, usize) + Sync + 'a;

/// One file, decoded and parsed, with the problems found so far.
#[derive(Clone)]
struct Parsed {
    file: SourceFile,
    raw: Option<Arc<raw::RawFile>>,
    issues: Vec<Issue>,
    /// A file that parsed cleanly lets its text go, to keep memory low on big
    /// data; a report that needs it reads it again from here.
    reread: Option<(PathBuf, u64)>,
    /// What of the file could not be read for a YAML error.
    lost: Lost,
}

/// What of a file could not be read for a YAML error: the ids written
/// there, whether that is all of the file's data, and where the error that
/// first lost some of it stands (not a bad byte before it, which loses nothing).
#[derive(Clone, Default)]
struct Lost {
    ids: Vec<unchecked::LostId>,
    whole: bool,
    cause: Option<Anchor>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Reads a file's text again for a report; `None` if it changed since.
fn reread(path: &Path, hash: u64) -> Option<String> {
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    (text_hash(&text) == hash).then_some(text)
}

/// Decodes and parses one file (the `idx`th).
fn parse(idx: usize, input: RawInput) -> Parsed {
    let mut issues = Vec::new();
    let (name, text, origin) = match input {
        RawInput::Text(name, text) => (name, text, None),
        RawInput::Bytes(name, bytes, path) => match decode(idx, bytes) {
            Ok(text) => (name, text, path),
            Err(bad) => {
                // Reported; the rest of the file is still read and checked,
                // each bad byte read as U+FFFD.
                let (text, issue) = *bad;
                issues.push(issue.about_text());
                (name, text, None)
            }
        },
        RawInput::TooLarge(name, size, limit) => {
            let msg = format!(
                "file is {} MiB, over the limit of {} MiB (raise it with --max-file-mb)",
                size.div_ceil(1 << 20),
                limit >> 20
            );
            issues.push(Issue::error(idx, Anchor::At(Pos { line: 1, col: 1 }, 1), msg).about_text());
            let lost = Lost { ids: Vec::new(), whole: true, cause: issues.first().map(|i| i.anchor.clone()) };
            return Parsed { file: SourceFile { name, text: String::new() }, raw: None, issues, reread: None, lost };
        }
    };
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let mut raw = None;
    let mut lost = Lost::default();
    if is_blank(&text) {
        let msg = "file holds no data (it is empty or only comments)";
        issues.push(Issue::warning(idx, Anchor::At(Pos { line: 1, col: 1 }, 1), msg));
    } else {
        let parsed = doc::parse(idx, &text);
        if parsed.empty {
            let msg = "file holds no data (it is empty or only comments)";
            issues.push(Issue::warning(idx, Anchor::At(Pos { line: 1, col: 1 }, 1), msg));
        }
        let cause = parsed.issues.iter().find(|i| i.severity == Severity::Error).map(|i| i.anchor.clone());
        lost = Lost { ids: parsed.lost_ids, whole: parsed.unreadable, cause: cause.filter(|_| parsed.cut) };
        issues.extend(parsed.issues.into_iter().map(Issue::about_text));
        if !parsed.empty && !parsed.unreadable && !parsed.doc.nodes.is_empty() {
            use serde::Deserialize;
            // The whole file at once; a file that does not read so is read
            // entry by entry, to report every problem in it.
            raw = Some(Arc::new(match raw::RawFile::deserialize(de::De::new(&parsed.doc, 0, &[])) {
                Ok(r) => fitted(r),
                Err(_) => {
                    let (r, found) = diagnose::diagnose(idx, &parsed.doc);
                    issues.extend(found);
                    r
                }
            }));
        }
    }
    match origin {
        Some(path) if issues.is_empty() => {
            let reread = Some((path, text_hash(&text)));
            Parsed { file: SourceFile { name, text: String::new() }, raw, issues, reread, lost }
        }
        _ => Parsed { file: SourceFile { name, text }, raw, issues, reread: None, lost },
    }
}

/// A file's lists without the room serde left for more entries (up to
/// half of each list, which would stay for as long as the file is kept).
fn fitted(mut r: raw::RawFile) -> raw::RawFile {
    fn fit<T>(list: &mut Option<Vec<T>>) {
        if let Some(l) = list {
            l.shrink_to_fit();
        }
    }
    fit(&mut r.firms);
    fit(&mut r.people);
    fit(&mut r.chipsets);
    fit(&mut r.products);
    fit(&mut r.agreements);
    fit(&mut r.events);
    fit(&mut r.sources);
    fit(&mut r.tours);
    r
}

/// Parses each (index in the load, file) on as many threads as there are
/// cores, the biggest files first (by `size`, in bytes, which `progress`
/// hears of), each `open`ed (read from disk) by the thread that parses it;
/// the results keep the inputs' order, or the first file (in that order)
/// that could not be opened says why. Freed memory is kept while files are
/// parsed, so that each thread's next file reuses what its last one freed
/// (`memory::keep_freed_while`).
fn parse_these<I: Send, E: Send>(
    inputs: Vec<(usize, I)>,
    size: impl Fn(&I) -> usize + Sync,
    open: impl Fn(I) -> Result<RawInput, E> + Sync,
    progress: &Progress<'_>,
) -> Result<Vec<Parsed>, E> {
    let total: usize = inputs.iter().map(|(_, i)| size(i)).sum();
    let done = AtomicUsize::new(0);
    let parse_one = |(at, input): (usize, I)| {
        let len = size(&input);
        let parsed = parse(at, open(input)?);
        progress(done.fetch_add(len, Ordering::Relaxed) + len, total);
        Ok(parsed)
    };
    let parsed = crate::memory::keep_freed_while(|| {
        crate::cores::each_biggest_first(inputs, |(_, i)| size(i), |_, job| parse_one(job))
    });
    parsed.into_iter().collect()
}

/// Parses and validates files (the `i`th as file `i`), each `open`ed by
/// the thread that parses it (see [`parse_these`]).
fn load_inputs<I: Send, E: Send>(
    inputs: Vec<I>,
    size: impl Fn(&I) -> usize + Sync,
    open: impl Fn(I) -> Result<RawInput, E> + Sync,
    progress: &Progress<'_>,
) -> Result<Loaded, E> {
    let parsed = parse_these(inputs.into_iter().enumerate().collect(), size, open, progress)?;
    let loaded = load_parsed(parsed);
    crate::memory::give_back_now();
    Ok(loaded)
}

/// [`load_inputs`] for files already in memory.
fn load_ready(inputs: Vec<RawInput>, progress: &Progress<'_>) -> Loaded {
    let Ok(loaded) = load_inputs(inputs, RawInput::len, Ok::<_, std::convert::Infallible>, progress);
    loaded
}

/// Validates parsed files (the `i`th parsed as file `i`) into what a load gives.
fn load_parsed(all: Vec<Parsed>) -> Loaded {
    load_parsed_from(all, None, false).0
}

/// Like [`load_parsed`]; given the last load's basis and the files parsed
/// again since (by index), validates only those where it can (see
/// [`revalidate::revalidate`]). With `keep`, returns the basis for the next
/// load too; and whether only those files were validated.
fn load_parsed_from(
    all: Vec<Parsed>,
    from: Option<(&[usize], &revalidate::Basis)>,
    keep: bool,
) -> (Loaded, Option<revalidate::Basis>, bool) {
    let mut files = Vec::with_capacity(all.len());
    let mut issues = Vec::new();
    let mut parsed = Vec::with_capacity(all.len());
    let mut rereads = Vec::with_capacity(all.len());
    let mut lost = Vec::with_capacity(all.len());
    for (idx, p) in all.into_iter().enumerate() {
        files.push(p.file);
        rereads.push(p.reread);
        lost.push((p.lost.ids, p.lost.whole, p.lost.cause));
        issues.extend(p.issues);
        if let Some(raw) = p.raw {
            parsed.push((idx, raw));
        }
    }
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    let fast = from.and_then(|(changed, basis)| revalidate::revalidate(&parsed, changed, &names, basis));
    let in_place = fast.is_some();
    let mut unchecked = unchecked::Unchecked::new(lost, |f| &files[f].text);
    let (dataset, found, basis) = match fast {
        Some((ds, found, basis)) => (Some(ds), found, Some(basis)),
        None => validate::validate(parsed, &names, keep, &mut unchecked),
    };
    issues.extend(found);
    issues.extend(unchecked.notes(&names));
    // The position pass, only for files that have issues anchored by path.
    let needs: HashSet<usize> = issues
        .iter()
        .filter(|i| i.anchor.path().is_some() || i.related.is_some())
        .flat_map(|i| [Some(i.file), i.related.as_ref().map(|r| r.file)])
        .flatten()
        .collect();
    let mut changed = Vec::new();
    for &f in &needs {
        if let Some((path, hash)) = rereads[f].take() {
            match reread(&path, hash) {
                Some(text) => files[f].text = text,
                None => {
                    let msg = "the file changed while it was being checked: check again for exact positions";
                    changed.push(Issue::warning(f, Anchor::At(Pos { line: 1, col: 1 }, 1), msg));
                }
            }
        }
    }
    for f in needs {
        let mut mine: Vec<&mut Issue> = Vec::new();
        for issue in issues.iter_mut() {
            if issue.file == f || issue.related.as_ref().is_some_and(|r| r.file == f) {
                mine.push(issue);
            }
        }
        locate::resolve_for_file(&files[f].text, f, &mut mine);
    }
    issues.extend(changed);
    // A report quotes only files with issues: let the others' text go.
    let quoted: HashSet<usize> =
        issues.iter().flat_map(|i| [Some(i.file), i.related.as_ref().map(|r| r.file)]).flatten().collect();
    for (i, f) in files.iter_mut().enumerate() {
        if !quoted.contains(&i) {
            f.text = String::new();
        }
    }
    if issues.iter().any(|i| i.severity == Severity::Error) {
        return (Loaded { dataset: None, report: Report::new(files, issues) }, None, false);
    }
    (Loaded { dataset, report: Report::new(files, issues) }, basis, in_place)
}

/// True when a text has nothing but blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}
