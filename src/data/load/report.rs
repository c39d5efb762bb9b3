//! Renders issues the way compilers do: `file:line:col: reason`, the source
//! line under it with a caret, then help. Sorting and counting live here too.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::issue::{Anchor, Issue, Pos, Severity};
use crate::text::sanitize::inert;

/// A data file as read: its display name and its text (lossy if not UTF-8).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as given by the user, or `<demo>/name.yaml` for the built-in data.
    pub name: String,
    /// The text, BOM removed.
    pub text: String,
}

/// Every issue of one load: those about the files' text (YAML) first, then
/// the rest, each sorted by file, line and column.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The files read, in load order.
    pub files: Vec<SourceFile>,
    /// Issues, sorted.
    pub issues: Vec<Issue>,
}

/// A position of `file` moved inside its text: the parser may place the
/// end of a file that lacks a final line break on the line after it.
fn within<'a>(files: &'a [SourceFile], lines: &mut Lines<'a>, file: usize, pos: Pos) -> Pos {
    let Some(f) = files.get(file) else { return pos };
    if f.text.is_empty() {
        return pos;
    }
    let line = pos.line.clamp(1, lines.of(files, file).len());
    let len = lines.chars(files, file, line);
    let col = if line < pos.line { len + 1 } else { pos.col.clamp(1, len + 1) };
    Pos { line, col }
}

/// `check --format json`: the verdict, the counts and every problem.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct CheckJson {
    /// True when the data loads (warnings allowed).
    pub valid: bool,
    /// Files read.
    pub files: usize,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every problem, sorted by file, line and column.
    pub problems: Vec<Problem>,
}

/// One problem of `check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Problem {
    /// The file, as named in the text report.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// `error` or `warning`.
    pub severity: Severity,
    /// One-line reason.
    pub message: String,
    /// A suggestion, or null.
    pub help: Option<String>,
    /// A second place involved (the first of two duplicates), or null.
    pub note: Option<Note>,
}

/// A second place a problem refers to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Note {
    /// The file.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// What is there.
    pub message: String,
}

/// Longest stretch of a source line shown under an issue.
const MAX_SHOWN: usize = 120;

impl Report {
    /// Builds a report, sorting issues by file name, line and column.
    pub fn new(files: Vec<SourceFile>, mut issues: Vec<Issue>) -> Self {
        // Each file's lines, split once however many issues it has.
        let mut lines = Lines::default();
        for issue in &mut issues {
            if let Anchor::At(pos, _) = &mut issue.anchor {
                *pos = within(&files, &mut lines, issue.file, *pos);
            }
        }
        // Causes first: every file's YAML before what is found in the data.
        issues.sort_by(|a, b| {
            (a.stage, &files[a.file].name, a.pos(), a.severity, &a.message).cmp(&(
                b.stage,
                &files[b.file].name,
                b.pos(),
                b.severity,
                &b.message,
            ))
        });
        issues.dedup();
        Self { files, issues }
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.issues.iter().filter(|i| i.severity == Severity::Warning).count()
    }

    /// `file:line:col` of an issue.
    pub fn location(&self, issue: &Issue) -> String {
        let p = issue.pos();
        format!("{}:{}:{}", inert(&self.files[issue.file].name), p.line, p.col)
    }

    /// One line for a banner: `file:line:col: error: reason`.
    pub fn headline(&self, issue: &Issue) -> String {
        format!("{}: {}: {}", self.location(issue), issue.severity, inert(&issue.message))
    }

    /// "2 errors and 1 warning".
    pub fn counts(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!("{} and {}", plural(self.errors(), "error"), plural(self.warnings(), "warning"))
    }

    /// The closing line of an invalid load's report: "invalid: 2 errors and
    /// 0 warnings in 1 of 3 files" (the files that have problems, of those
    /// read), as `check` and the explorer print it.
    pub fn invalid_line(&self) -> String {
        let all = self.files.len();
        let mut with: Vec<usize> = self.issues.iter().map(|i| i.file).collect();
        with.sort_unstable();
        with.dedup();
        let n = with.len();
        let of = if n == all { String::new() } else { format!(" of {all}") };
        let files = if n == 1 && all == 1 { "file" } else { "files" };
        format!("invalid: {} in {n}{of} {files}", self.counts())
    }

    /// Every issue as data, for `check --format json`: the same items as
    /// [`render`](Self::render), in the same order. Names and messages are
    /// kept as they are (JSON escapes what needs it).
    pub fn to_json(&self, valid: bool) -> CheckJson {
        let problems = self
            .issues
            .iter()
            .map(|i| {
                let p = i.pos();
                Problem {
                    file: self.files[i.file].name.clone(),
                    line: p.line,
                    column: p.col,
                    severity: i.severity,
                    message: i.message.clone(),
                    help: i.help.clone(),
                    note: i.related.as_ref().map(|r| {
                        let p = match r.anchor {
                            Anchor::At(p, _) => p,
                            _ => Pos { line: 1, col: 1 },
                        };
                        Note {
                            file: self.files[r.file].name.clone(),
                            line: p.line,
                            column: p.col,
                            message: r.message.clone(),
                        }
                    }),
                }
            })
            .collect();
        CheckJson { valid, files: self.files.len(), errors: self.errors(), warnings: self.warnings(), problems }
    }

    /// Every issue, with source excerpts, as plain text.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut lines = Lines::default();
        // The characters of the line last shown: many issues on one long
        // line (a flow list of thousands of ids) split it once, not each time.
        let mut shown: Option<((usize, usize), Vec<char>)> = None;
        for issue in &self.issues {
            let _ = writeln!(out, "{}", self.headline(issue));
            let (pos, width) = match issue.anchor {
                Anchor::At(p, w) => (Some(p), w),
                _ => (None, 0),
            };
            if let Some(pos) = pos {
                let key = (issue.file, pos.line);
                if shown.as_ref().is_none_or(|(at, _)| *at != key) {
                    let line = lines.of(&self.files, issue.file).get(pos.line.wrapping_sub(1)).copied();
                    shown = line.map(|l| (key, l.chars().collect()));
                }
                if let Some((at, chars)) = &shown
                    && *at == key
                {
                    excerpt(&mut out, chars, pos, width);
                }
            }
            if let Some(help) = &issue.help {
                let _ = writeln!(out, "      = help: {}", inert(help));
            }
            if let Some(r) = &issue.related {
                let p = match r.anchor {
                    Anchor::At(p, _) => p,
                    _ => Pos { line: 1, col: 1 },
                };
                let _ = writeln!(
                    out,
                    "      = note: {}:{}:{}: {}",
                    inert(&self.files[r.file].name),
                    p.line,
                    p.col,
                    inert(&r.message)
                );
            }
            out.push('\n');
        }
        out
    }
}

/// Each file's lines, split when first asked for,
/// and each line's length in characters, counted when first asked for
/// (many issues on one long line count it once).
#[derive(Default)]
struct Lines<'a> {
    split: std::collections::HashMap<usize, Vec<&'a str>>,
    lengths: std::collections::HashMap<(usize, usize), usize>,
}

impl<'a> Lines<'a> {
    fn of(&mut self, files: &'a [SourceFile], file: usize) -> &[&'a str] {
        self.split.entry(file).or_insert_with(|| files.get(file).map_or_else(Vec::new, |f| super::text::lines(&f.text)))
    }

    /// Line `line` (from 1) of `file`, in characters; 0 past the end.
    fn chars(&mut self, files: &'a [SourceFile], file: usize, line: usize) -> usize {
        if let Some(&n) = self.lengths.get(&(file, line)) {
            return n;
        }
        let n = self.of(files, file).get(line.wrapping_sub(1)).map_or(0, |l| l.chars().count());
        self.lengths.insert((file, line), n);
        n
    }
}

/// Writes the source line at `pos` (its characters, `chars`) with a caret line under it.
fn excerpt(out: &mut String, chars: &[char], pos: Pos, width: usize) {
    let col = (pos.col - 1).min(chars.len());
    // Show a window of the line around the column when it is long.
    let start = col.saturating_sub(MAX_SHOWN / 2).min(chars.len().saturating_sub(MAX_SHOWN)).min(col);
    let end = (start + MAX_SHOWN).min(chars.len());
    let piece = |a: usize, b: usize| -> String {
        let s: String = chars[a..b].iter().map(|&c| if c == '\t' { ' ' } else { c }).collect();
        inert(&s).into_owned()
    };
    let before = piece(start, col);
    let marked = piece(col, (col + width.max(1)).min(end).max(col));
    let (lead, tail) = (if start > 0 { "…" } else { "" }, if end < chars.len() { "…" } else { "" });
    let shown = format!("{lead}{before}{}{}{tail}", marked, piece((col + width.max(1)).min(end).max(col), end));
    let _ = writeln!(out, "{:>5} | {shown}", pos.line);
    let pad = lead.width() + before.width();
    let carets = marked.width().max(1);
    let _ = writeln!(out, "      | {}{}", " ".repeat(pad), "^".repeat(carets));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_one(text: &str, line: usize, col: usize, width: usize) -> String {
        let mut out = String::new();
        let chars: Vec<char> = super::super::text::lines(text)[line - 1].chars().collect();
        excerpt(&mut out, &chars, Pos { line, col }, width);
        out
    }

    #[test]
    fn caret_under_the_token() {
        let out = render_one("a: 1\n  partys: x\n", 2, 3, 6);
        assert_eq!(out, "    2 |   partys: x\n      |   ^^^^^^\n");
    }

    #[test]
    fn wide_characters_shift_the_caret() {
        let out = render_one("name: 华为, idd: x", 1, 11, 3);
        assert_eq!(out, "    1 | name: 华为, idd: x\n      |             ^^^\n");
    }

    #[test]
    fn control_characters_are_inert_and_long_lines_windowed() {
        let out = render_one("x: \x1b[31mred", 1, 4, 1);
        assert!(out.contains("␛[31mred"), "{out}");
        let long = "a".repeat(10_000) + "BAD" + &"b".repeat(10_000);
        let out = render_one(&long, 1, 10_001, 3);
        let first = out.lines().next().unwrap();
        assert!(first.chars().count() < MAX_SHOWN + 12, "{}", first.len());
        assert!(out.contains("BAD") && out.contains("^^^"));
    }
}
