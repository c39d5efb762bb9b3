//! A command that was asked for JSON and fails says why in JSON too: one
//! document with an `error` object and the exit status, on standard output
//! in place of the result, so that a script reads JSON on every path.

use schemars::JsonSchema;
use serde::Serialize;

use crate::data::load::CheckJson;

/// What kind of failure it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ErrorKind {
    /// The command line is wrong: an unknown flag, flags that contradict
    /// each other, a search qualifier that is not understood (exit status 2).
    Usage,
    /// The data cannot be read at all: no such path, not readable, not a
    /// regular file or directory, a directory with no data files (exit status 2).
    Path,
    /// The data has errors; `report` holds every problem, as `check
    /// --format json` gives them (exit status 1).
    InvalidData,
    /// No entity has the id given (exit status 2).
    UnknownId,
    /// Seen as of a day (`--as-of`), the entity given did not exist yet;
    /// the message says when it began (exit status 1).
    NotYet,
}

/// Why a command failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub(crate) struct ErrorBody {
    pub(crate) kind: ErrorKind,
    /// One line, as the text form prints it after `dealscope: `.
    pub(crate) message: String,
    /// A suggestion, such as "did you mean `huawei`?", or `null`.
    pub(crate) help: Option<String>,
    /// For `invalid-data`, the full report; else `null`.
    pub(crate) report: Option<CheckJson>,
}

/// The document a failing command prints when asked for JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub(crate) struct ErrorJson {
    pub(crate) error: ErrorBody,
    /// The process's exit status: 1 when the data has errors, 2 for wrong
    /// usage or data that cannot be read.
    #[schemars(range(min = 1, max = 2))]
    pub(crate) exit_status: i32,
}
