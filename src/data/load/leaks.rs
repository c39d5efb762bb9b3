//! Warnings about free text that gives away what is confidential: each
//! place another text names a confidential entry or states a confidential
//! value, at the word's file, line and column, so its author can reword it
//! (redaction masks it, `data/redact/freetext.rs`, but the sentence is
//! theirs to fix); each name or value too short to be masked; each one so
//! common that masking it masks far more than it. Run once the data is
//! valid, and only when something in it is confidential. Also the report
//! as a room without clearance sees it (`check --redact`).

use std::sync::Arc;

use super::issue::{Anchor, Issue, Pos, Related, Seg, Word, YamlPath};
use super::raw::RawFile;
use super::report::{Report, SourceFile};
use super::validate::Place;
use crate::data::model::{Dataset, Entity, EntityId};
use crate::data::redact::MASK;
use crate::data::redact::terms::{Hit, Purpose, Rule, Term, Terms, replaced};
use crate::data::redact::texts::{TextAt, TourText};

/// Where the texts that are not an entry's are written: the dataset's
/// header, and each tour (file, index in its file's `tours`), in the
/// dataset's order.
pub(super) struct Written {
    info: Option<usize>,
    tours: Vec<(usize, usize)>,
}

impl Written {
    /// Read from the parsed files of a load that found no errors (every
    /// tour of them is the dataset's, in this order).
    pub(super) fn of(files: &[(usize, Arc<RawFile>)]) -> Self {
        let info = files.iter().find(|(_, raw)| raw.dataset.is_some()).map(|(f, _)| *f);
        let tours = files
            .iter()
            .flat_map(|(f, raw)| {
                let kept = raw.tours.iter().flatten().enumerate().filter(|(_, t)| !t.reported.iter().any(|r| r == "*"));
                kept.map(move |(i, _)| (*f, i))
            })
            .collect();
        Self { info, tours }
    }
}

/// A term found more often than this share of the texts (and at least
/// [`COMMON_AT_LEAST`] times) is said to be common.
const COMMON_SHARE: usize = 100;
/// See [`COMMON_SHARE`].
const COMMON_AT_LEAST: usize = 50;

/// Entities scanned on one thread, below which threads are not worth it.
const PER_THREAD: usize = 4096;

/// Adds the warnings about `ds`'s free text to `issues`; `places` says
/// where each entity is written.
pub(super) fn warn(issues: &mut Vec<Issue>, ds: &Dataset, places: &[Place], written: &Written) {
    if !ds.entities().iter().any(|e| e.confidential.any()) {
        return;
    }
    let terms = Terms::of(ds, Purpose::Data);
    let entry = |id: EntityId| {
        let p = &places[id.index()];
        (p.file as usize, vec![Seg::Key(p.kind.key().into()), Seg::Index(p.index as usize)])
    };
    for t in terms.all().iter().filter(|t| t.rule == Rule::TooShort) {
        let (file, mut path) = entry(t.entity);
        path.extend(t.at.map(|at| at.path(ds.get(t.entity))).unwrap_or_default());
        let msg = format!("`{}`, {}, is too short to be masked in other text", t.text, said(ds, t));
        let help = format!(
            "under --redact, other text that says `{}` shows it as written (a name or value is masked when it is {} columns or wider): make it longer, or reword that text",
            t.text,
            crate::data::redact::terms::NARROWEST
        );
        issues.push(Issue::warning(file, Anchor::Value(path), msg).with_help(Some(help)));
    }
    if terms.is_empty() {
        return;
    }
    let all: Vec<EntityId> = ds.ids().collect();
    let mut found: Vec<(Issue, usize)> = crate::cores::parts_on_all_cores(&all, PER_THREAD, |part| {
        let mut out = Vec::new();
        for &id in part {
            let e = ds.get(id);
            let (file, at) = entry(id);
            for text_at in TextAt::all(e).into_iter().filter(|at| !at.hidden(e)) {
                let Some(text) = text_at.get(e) else { continue };
                let hits = terms.find(text);
                if !hits.is_empty() {
                    let whose = format!("this {}'s {}", e.kind().noun(), text_at.noun(e));
                    let place = TextPlace {
                        file,
                        path: [at.as_slice(), &text_at.path(e)].concat(),
                        whose,
                        help: help_for(e, text_at),
                    };
                    found_in(&terms, ds, text, hits, &place, &mut out);
                }
            }
        }
        out
    });
    for (t, tour) in ds.tours().iter().enumerate() {
        let Some(&(file, index)) = written.tours.get(t) else { continue };
        for at in TourText::all(tour) {
            let Some(text) = at.get(tour) else { continue };
            let hits = terms.find(text);
            if hits.is_empty() {
                continue;
            }
            let help = match at {
                TourText::Id => {
                    "tour ids are shown as written (they are what a presenter types): give it one that does not name it"
                        .to_string()
                }
                _ => format!("under --redact it reads {MASK}: reword it"),
            };
            let path = [vec![Seg::Key("tours".into()), Seg::Index(index)], at.path()].concat();
            let place = TextPlace { file, path, whose: format!("this {}", at.noun()), help };
            found_in(&terms, ds, text, hits, &place, &mut found);
        }
    }
    if let Some(file) = written.info {
        for (key, text) in [("title", &ds.info().title), ("description", &ds.info().description)] {
            let Some(text) = text else { continue };
            let path = vec![Seg::Key("dataset".into()), Seg::Key(key.into())];
            let help = format!("under --redact it reads {MASK}: reword it");
            let place = TextPlace { file, path, whose: format!("the dataset's {key}"), help };
            found_in(&terms, ds, text, terms.find(text), &place, &mut found);
        }
    }
    warn_common(issues, ds, &terms, &found, entry);
    issues.extend(found.into_iter().map(|(i, _)| i));
}

/// Where a text with terms in it is written, what to call it, and what to
/// do about them.
struct TextPlace {
    file: usize,
    path: YamlPath,
    /// "this event's title".
    whose: String,
    help: String,
}

/// A warning for each term found in `text` (`hits`), with the term each is of.
fn found_in(terms: &Terms, ds: &Dataset, text: &str, hits: Vec<Hit>, at: &TextPlace, out: &mut Vec<(Issue, usize)>) {
    let TextPlace { file, path, whose, help } = at;
    for Hit { start, end, term } in hits {
        let t = &terms.all()[term];
        let word = &text[start..end];
        let c = ds.get(t.entity);
        let msg = if t.is_name() {
            let shown = if word.eq_ignore_ascii_case(&c.id) { String::new() } else { format!(" (as `{word}`)") };
            format!("{whose} names the confidential {} `{}`{shown}", c.kind().noun(), c.id)
        } else {
            format!("{whose} states {} (as `{word}`)", said(ds, t))
        };
        let nth = text[..start].matches(word).count();
        let anchor = Anchor::Within(path.clone(), Word { text: word.to_string(), nth, span: text.len() });
        out.push((Issue::warning(*file, anchor, msg).with_help(Some(help.clone())), term));
    }
}

/// What to do about a confidential term in a text of `e`.
fn help_for(e: &Entity, at: TextAt) -> String {
    let noun = e.kind().noun();
    match at {
        TextAt::Id => {
            format!("under --redact this {noun}'s id reads `redacted` there: give it an id that does not name it")
        }
        TextAt::Name => {
            format!("under --redact it reads {MASK}: reword it, or mark this {noun} `confidential: true`")
        }
        _ => format!(
            "under --redact it reads {MASK}: reword it, or add `{}` to this {noun}'s `confidential` list",
            at.field(e)
        ),
    }
}

/// What a term is, in words: "a name of the confidential firm `qorvath`",
/// "the confidential value of agreement `acme-licence`".
fn said(ds: &Dataset, t: &Term) -> String {
    let e = ds.get(t.entity);
    let noun = e.kind().noun();
    match t.at {
        Some(_) if t.is_name() => format!("a name of the confidential {noun} `{}`", e.id),
        Some(at) => format!("the confidential {} of {noun} `{}`", at.field(e), e.id),
        None => format!("a confidential date of {noun} `{}`", e.id),
    }
}

/// One warning for each term found in more than one text in
/// [`COMMON_SHARE`]: it masks far more than what is confidential.
fn warn_common(
    issues: &mut Vec<Issue>,
    ds: &Dataset,
    terms: &Terms,
    found: &[(Issue, usize)],
    entry: impl Fn(EntityId) -> (usize, YamlPath),
) {
    let mut count = vec![0usize; terms.all().len()];
    for (_, t) in found {
        count[*t] += 1;
    }
    let texts: usize = ds.entities().iter().map(|e| TextAt::all(e).len()).sum();
    let common = (texts / COMMON_SHARE).max(COMMON_AT_LEAST);
    for (t, &n) in terms.all().iter().zip(&count).filter(|&(_, &n)| n > common) {
        let (file, mut path) = entry(t.entity);
        path.extend(t.at.map(|at| at.path(ds.get(t.entity))).unwrap_or_default());
        let msg = format!("`{}`, {}, is in {n} other texts: under --redact each reads {MASK}", t.text, said(ds, t));
        let help = "if it is a common word, it masks far more than what is confidential: drop it, or make it longer";
        issues.push(Issue::warning(file, Anchor::Value(path), msg).with_help(Some(help.into())));
    }
}

/// Where a [`Word`] stands in a file's `text`, given where its value
/// starts: its `nth` place there, as written, within the value's length
/// (twice over, for quotes, escapes and indentation); `None` when it is not
/// written as it reads (split over lines, escaped). `starts`: where the
/// text's lines start.
pub(super) fn pinpoint(text: &str, starts: &[usize], value: Pos, word: &Word) -> Option<Anchor> {
    let from = super::text::offset(text, starts, value)?;
    let end = text.floor_char_boundary(from.saturating_add(word.span.saturating_mul(2)).saturating_add(64));
    let (i, _) = text[from..end].match_indices(word.text.as_str()).nth(word.nth)?;
    Some(Anchor::At(super::text::pos_of(text, starts, from + i), word.text.chars().count()))
}

/// The report as a room without clearance would see it (`check --redact`):
/// every text of what `ds` marks confidential (its names, values, dates,
/// each line of a long one) masked in the lines it quotes, its messages and
/// its file names, positions moved to the masked lines.
pub fn redacted(report: &Report, ds: &Dataset) -> Report {
    let terms = Terms::of(ds, Purpose::Report);
    let mask = |s: &str| terms.replace(s, MASK).unwrap_or_else(|| s.to_string());
    let mut masks: Vec<Vec<Vec<(usize, usize)>>> = Vec::with_capacity(report.files.len());
    let files = report
        .files
        .iter()
        .map(|f| {
            let mut lines = Vec::new();
            let mut moved = Vec::new();
            for line in super::text::lines(&f.text) {
                let hits = terms.find(line);
                let chars = |b: usize| line[..b].chars().count();
                moved.push(hits.iter().map(|h| (chars(h.start), chars(h.end))).collect());
                lines.push(replaced(line, &hits, MASK));
            }
            masks.push(moved);
            SourceFile { name: mask(&f.name), text: if f.text.is_empty() { String::new() } else { lines.join("\n") } }
        })
        .collect();
    let at = |file: usize, anchor: &Anchor| match anchor {
        Anchor::At(p, w) => {
            let none = Vec::new();
            let line = masks.get(file).and_then(|m| m.get(p.line - 1)).unwrap_or(&none);
            let col = moved(line, p.col - 1, false);
            let end = moved(line, p.col - 1 + w, true);
            Anchor::At(Pos { line: p.line, col: col + 1 }, end.saturating_sub(col).max(1))
        }
        other => other.clone(),
    };
    let issues = report
        .issues
        .iter()
        .map(|i| Issue {
            severity: i.severity,
            stage: i.stage,
            file: i.file,
            anchor: at(i.file, &i.anchor),
            message: mask(&i.message),
            help: i.help.as_deref().map(mask),
            related: i.related.as_ref().map(|r| Related {
                file: r.file,
                anchor: at(r.file, &r.anchor),
                message: mask(&r.message),
            }),
        })
        .collect();
    Report { files, issues }
}

/// Where a column (from 0) of a line stands once the masks (char ranges of
/// the line, in order) are put in; `end` for a range's end, which a mask
/// it falls in takes to the mask's end.
fn moved(masks: &[(usize, usize)], col: usize, end: bool) -> usize {
    let width = MASK.chars().count();
    let mut shift = 0isize;
    for &(s, e) in masks {
        if col >= e {
            shift += width as isize - (e - s) as isize;
        } else if col > s || (col == s && !end) {
            return (s as isize + shift) as usize + if end { width } else { 0 };
        } else {
            break;
        }
    }
    (col as isize + shift) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_moves_past_masks() {
        let m = [(4, 11), (20, 23)];
        // Before, inside, after the first mask; after both.
        assert_eq!(moved(&m, 2, false), 2);
        assert_eq!(moved(&m, 4, false), 4);
        assert_eq!(moved(&m, 6, false), 4);
        assert_eq!(moved(&m, 6, true), 14);
        assert_eq!(moved(&m, 11, false), 14);
        assert_eq!(moved(&m, 25, false), 25 + 3 + 7);
    }

    #[test]
    fn a_word_is_found_where_it_is_written() {
        let text = "events:\n  - title: \"QVH and QVH\"\n";
        let word = |nth| Word { text: "QVH".into(), nth, span: 11 };
        let (value, starts) = (Pos { line: 2, col: 12 }, super::super::text::line_starts(text));
        assert_eq!(pinpoint(text, &starts, value, &word(1)), Some(Anchor::At(Pos { line: 2, col: 21 }, 3)));
        assert_eq!(pinpoint(text, &starts, value, &word(2)), None);
    }
}
