//! Problems found in the data, where they are, and how bad they are.

use std::fmt;

/// A line and column in a file, both from 1; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path into a YAML document, like `agreements[1].parties`.
pub type YamlPath = Vec<Seg>;

/// Renders a path the way users write it: `agreements[1].parties[0]`.
pub fn path_text(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Whether an issue stops the data from loading.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data is invalid.
    Error,
    /// Worth fixing; the data still loads.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Where an issue points before positions are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// A known position, with the width of the offending text.
    At(Pos, usize),
    /// The key of the node at this path (for unknown fields).
    Key(YamlPath),
    /// The value at this path.
    Value(YamlPath),
    /// A word inside the text value at this path.
    Within(YamlPath, Word),
    /// The whole file.
    File,
}

impl Anchor {
    /// The path it points at, while its position is not known yet.
    pub fn path(&self) -> Option<&YamlPath> {
        match self {
            Anchor::Key(p) | Anchor::Value(p) | Anchor::Within(p, _) => Some(p),
            Anchor::At(..) | Anchor::File => None,
        }
    }
}

/// A word inside a text value: the `nth` (from 0) place the value holds
/// this text, as the value reads once parsed (found in the file as written
/// where it is written the same, else at the value's start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text.
    pub text: String,
    /// Which of its places in the value.
    pub nth: usize,
    /// The value's length in bytes, which bounds the search in the file.
    pub span: usize,
}

/// A second place an issue refers to, such as the first of two duplicate ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// File index.
    pub file: usize,
    /// Where in it.
    pub anchor: Anchor,
    /// What is there.
    pub message: String,
}

/// What an issue is about: a file's text (its encoding, its YAML), which is
/// reported first, being the cause of what follows, or the data in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Stage {
    /// The text itself: encoding, size, YAML.
    Text,
    /// The data read from it.
    #[default]
    Data,
}

/// One problem in the data, with a place and a reason a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// About the file's text or its data (text first in a report).
    pub stage: Stage,
    /// Index into the loaded files.
    pub file: usize,
    /// Where.
    pub anchor: Anchor,
    /// One-line reason.
    pub message: String,
    /// A suggestion, such as "did you mean `parties`?".
    pub help: Option<String>,
    /// Another place involved.
    pub related: Option<Related>,
}

impl Issue {
    /// An error at an anchor.
    pub fn error(file: usize, anchor: Anchor, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            stage: Stage::Data,
            file,
            anchor,
            message: message.into(),
            help: None,
            related: None,
        }
    }

    /// A warning at an anchor.
    pub fn warning(file: usize, anchor: Anchor, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, anchor, message) }
    }

    /// Marks it as about the file's text (encoding, YAML), reported first.
    pub fn about_text(mut self) -> Self {
        self.stage = Stage::Text;
        self
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Adds a second place.
    pub fn with_related(mut self, related: Related) -> Self {
        self.related = Some(related);
        self
    }

    /// The resolved position, once `locate` has run (1:1 for whole-file issues).
    pub fn pos(&self) -> Pos {
        match self.anchor {
            Anchor::At(p, _) => p,
            _ => Pos { line: 1, col: 1 },
        }
    }
}
