//! Reading data files: the file, or every `*.yaml`/`*.yml` below a
//! directory, in sorted path order, each read (and decoded from UTF-8) by
//! the thread that parses it, so that a load never holds every file's text
//! at once and reading goes on beside parsing.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::issue::{Anchor, Issue, Pos};
use super::{Limits, LoadError};

/// A file as it came off the disk.
pub(super) enum RawInput {
    Text(String, String),
    /// Raw bytes; when read from a path, its text can be read again for a report.
    Bytes(String, Vec<u8>, Option<PathBuf>),
    TooLarge(String, u64, u64),
}

impl RawInput {
    pub(super) fn len(&self) -> usize {
        match self {
            RawInput::Text(_, t) => t.len(),
            RawInput::Bytes(_, b, _) => b.len(),
            RawInput::TooLarge(..) => 0,
        }
    }
}

/// The file, or every `*.yaml`/`*.yml` below the directory, in sorted path
/// order, each with its size (for progress; it is read later).
pub(super) fn on_disk(path: &Path) -> Result<Vec<(PathBuf, u64)>, LoadError> {
    Ok(list_paths(path)?.into_iter().map(|(p, meta)| (p, meta.len())).collect())
}

/// The file, or every `*.yaml`/`*.yml` below the directory, in sorted path
/// order, with what the listing learnt of each (one `stat` a file).
pub(super) fn list_paths(path: &Path) -> Result<Vec<(PathBuf, std::fs::Metadata)>, LoadError> {
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
        paths.sort_by(|a, b| a.0.cmp(&b.0));
    } else if meta.is_file() {
        paths.push((path.to_path_buf(), meta));
    } else {
        return Err(LoadError::NotAFile(path.to_path_buf()));
    }
    Ok(paths)
}

pub(super) fn read_one(path: &Path, limits: Limits) -> Result<RawInput, LoadError> {
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
    // One byte past the limit tells a file over it (saturating: the limit may be u64::MAX).
    std::fs::File::open(path)
        .map_err(io)?
        .take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Ok(RawInput::TooLarge(name, bytes.len() as u64, limits.max_file_bytes));
    }
    Ok(RawInput::Bytes(name, bytes, Some(path.to_path_buf())))
}

/// Collects data files below a directory, following links but never a loop.
fn walk(dir: &Path, out: &mut Vec<(PathBuf, std::fs::Metadata)>, seen: &mut HashSet<PathBuf>) -> Result<(), LoadError> {
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
            out.push((path, meta));
        }
    }
    Ok(())
}

/// UTF-8 text from bytes, or a located error and a lossy text to show.
pub(super) fn decode(file: usize, bytes: Vec<u8>) -> Result<String, Box<(String, Issue)>> {
    match String::from_utf8(bytes) {
        Ok(t) => Ok(t),
        Err(e) => {
            let bytes = e.into_bytes();
            let bad = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
            let before = String::from_utf8_lossy(&bytes[..bad]);
            let Pos { line, col } = super::text::pos_of(&before, &super::text::line_starts(&before), before.len());
            let msg =
                format!("not valid UTF-8: byte 0x{:02X} cannot start a character (save the file as UTF-8)", bytes[bad]);
            // Latin-1 (ISO 8859-1) is the common cause, and its bytes are the
            // characters U+0080–U+00FF: name the one meant, when it is printable.
            let help = (bytes[bad] >= 0xA0).then(|| {
                let c = char::from(bytes[bad]);
                format!(
                    "in Latin-1 (ISO 8859-1), 0x{:02X} is `{c}`: if the file was saved so, save it as UTF-8",
                    bytes[bad]
                )
            });
            let issue = Issue::error(file, Anchor::At(Pos { line, col }, 1), msg).with_help(help);
            Err(Box::new((String::from_utf8_lossy(&bytes).into_owned(), issue)))
        }
    }
}
