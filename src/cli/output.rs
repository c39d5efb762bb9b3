//! What every command shares: printing to stdout (stopping quietly when the
//! reader has gone), failing (as text on stderr, or as JSON for a command
//! asked for JSON), the data or its report, ids resolved with suggestions,
//! and counts by kind.

use std::io::Write as _;
use std::sync::Arc;

use crate::cli::json::{self, ErrorBody, ErrorJson, ErrorKind};
use crate::data::load::Loaded;
use crate::data::model::{Dataset, EntityId, Kind};
use crate::data::suggest;
use crate::exit::{EXIT_INVALID, EXIT_USAGE};
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

/// Why a command failed: what it prints on stderr, or, asked for JSON, the
/// error document it prints instead of its result; and its exit status.
pub struct Failure {
    /// The text form, as printed to stderr.
    text: String,
    /// The JSON form.
    json: Box<ErrorJson>,
}

impl Failure {
    /// A failure whose text is `dealscope: MESSAGE`, and `(HELP)` after it when given.
    pub(super) fn new(kind: ErrorKind, message: String, help: Option<String>, status: i32) -> Self {
        let with_help = help.as_ref().map(|h| format!(" ({})", inert(h))).unwrap_or_default();
        let text = format!("dealscope: {}{with_help}\n", inert(&message));
        let json = Box::new(ErrorJson { error: ErrorBody { kind, message, help, report: None }, exit_status: status });
        Self { text, json }
    }

    /// Wrong usage (exit status 2).
    pub(super) fn usage(message: String) -> Self {
        Self::new(ErrorKind::Usage, message, None, EXIT_USAGE)
    }

    /// Wrong usage for several reasons: a line each in text, one message in JSON.
    pub(super) fn usage_lines(reasons: &[String]) -> Self {
        let mut failure = Self::usage(reasons.join("; "));
        failure.text = reasons.iter().map(|r| format!("dealscope: {}\n", inert(r))).collect();
        failure
    }

    /// A command line clap refused (exit status 2): its first line is the
    /// message, the rest (usage, a tip) the help; the text is clap's own.
    pub fn command_line(error: &clap::Error) -> Self {
        let rendered = error.render().to_string();
        let first = rendered.lines().next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first).to_string();
        let rest = rendered.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
        let mut failure = Self::new(ErrorKind::Usage, message, (!rest.is_empty()).then_some(rest), error.exit_code());
        failure.text = rendered;
        failure
    }

    /// Says so, on stderr or (`json`) as the JSON error document on stdout;
    /// returns the exit status.
    pub fn report(self, json: bool) -> i32 {
        if json {
            out(&json::error(&self.json));
        } else {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(self.text.as_bytes());
        }
        self.json.exit_status
    }
}

/// The dataset, or the failure to report when the data is invalid: the full
/// report (as `check` prints it) on stderr, or in the JSON error document.
pub(super) fn usable(loaded: Loaded) -> Result<Arc<Dataset>, Failure> {
    match loaded.dataset {
        Some(ds) => Ok(Arc::new(ds)),
        None => {
            let report = &loaded.report;
            let message = report.invalid_line();
            let text = format!("{}{message}\n", report.render());
            let body = ErrorBody {
                kind: ErrorKind::InvalidData,
                message,
                help: Some("`dealscope check` lists the same problems".into()),
                report: Some(report.to_json(false)),
            };
            Err(Failure { text, json: Box::new(ErrorJson { error: body, exit_status: EXIT_INVALID }) })
        }
    }
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

/// Finds an entity by id, or says which ids are close (or what ids look
/// like, when none is); as of a day, one that did not exist yet is not
/// found, saying when it began (status 1).
pub(super) fn resolve(ds: &Dataset, id: &str) -> Result<EntityId, Failure> {
    let found = resolve_any(ds, id)?;
    match crate::data::lens::absent(ds, found) {
        Some(why) => {
            let mut failure = Failure::new(ErrorKind::NotYet, why.clone(), None, crate::exit::EXIT_INVALID);
            failure.text = format!(
                "dealscope: {}
",
                inert(&why)
            );
            Err(failure)
        }
        None => Ok(found),
    }
}

fn resolve_any(ds: &Dataset, id: &str) -> Result<EntityId, Failure> {
    ds.lookup(id).ok_or_else(|| {
        let all: Vec<&str> = ds.entities().iter().map(|e| e.id.as_str()).collect();
        let near = suggest::nearest(id, all.iter().copied(), 3);
        let help = suggest::did_you_mean(&near).unwrap_or_else(|| {
            let examples: Vec<String> = all.iter().take(3).map(|e| format!("`{e}`")).collect();
            format!("no id is close to `{id}`; ids look like {}", examples.join(", "))
        });
        let message = format!("no entity has the id `{id}`");
        let mut failure = Failure::new(ErrorKind::UnknownId, message, Some(help.clone()), EXIT_USAGE);
        failure.text = format!(
            "dealscope: no entity has the id `{}` ({}); try `dealscope search {}`\n",
            inert(id),
            inert(&help),
            inert(id)
        );
        failure
    })
}
