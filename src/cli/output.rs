//! What every command shares: printing to stdout (stopping quietly when the
//! reader has gone), JSON with terminal-active characters escaped, the data
//! or its report, ids resolved with suggestions, and counts by kind.

use std::io::Write as _;
use std::sync::Arc;

use crate::data::load::Loaded;
use crate::data::model::{Dataset, EntityId, Kind};
use crate::data::suggest;
use crate::exit::EXIT_USAGE;
use crate::text::sanitize::inert;

pub(super) fn out_line(text: &str) {
    out(&format!("{text}\n"));
}

/// Writes to stdout, quietly stopping when the reader has gone (`| head`).
pub(super) fn out(text: &str) {
    out_bytes(text.as_bytes());
}

/// [`out`] for bytes.
pub(super) fn out_bytes(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(bytes).and_then(|_| stdout.flush());
}

/// Whether text output gets section headers: as the flags say, else only
/// on a terminal (piped, each line stands alone).
pub(super) fn headers(flags: crate::cli::args::Headers) -> bool {
    flags.choice().unwrap_or_else(|| std::io::IsTerminal::is_terminal(&std::io::stdout()))
}

/// The dataset, or the full report on stderr (as `check` prints it) when the
/// data is invalid.
pub(super) fn usable(loaded: Loaded) -> Option<Arc<Dataset>> {
    if loaded.dataset.is_none() {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}{}", loaded.report.render(), loaded.report.invalid_line());
    }
    loaded.dataset.map(Arc::new)
}

/// A one-line count of a dataset: "19 firms, 18 people, …".
pub fn counts(ds: &Dataset) -> String {
    Kind::ALL
        .iter()
        .map(|&k| match ds.of_kind(k).len() {
            1 => format!("1 {}", k.noun()),
            n => format!("{n} {}", k.title().to_lowercase()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds an entity by id, or prints suggestions and returns the usage
/// status; as of a day, one that did not exist yet is not found (status 1).
pub(super) fn resolve(ds: &Dataset, id: &str) -> Result<EntityId, i32> {
    let found = resolve_any(ds, id)?;
    match crate::data::lens::absent(ds, found) {
        Some(why) => {
            eprintln!("dealscope: {}", inert(&why));
            Err(crate::exit::EXIT_INVALID)
        }
        None => Ok(found),
    }
}

fn resolve_any(ds: &Dataset, id: &str) -> Result<EntityId, i32> {
    ds.lookup(id).ok_or_else(|| {
        let all: Vec<&str> = ds.entities().iter().map(|e| e.id.as_str()).collect();
        let near = suggest::nearest(id, all, 3);
        let help = suggest::did_you_mean(&near).map(|h| format!(" ({h})")).unwrap_or_default();
        eprintln!("dealscope: no entity has the id `{}`{help}; try `dealscope search {}`", inert(id), inert(id));
        EXIT_USAGE
    })
}

/// JSON text with every character that could act on a terminal escaped.
pub fn json_safe(value: &impl serde::Serialize) -> String {
    let raw = serde_json::to_string_pretty(value).expect("plain data serializes");
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c != '\n' && crate::text::sanitize::is_unsafe(c) {
            // Inside JSON strings these can only be string content: escape them.
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}
