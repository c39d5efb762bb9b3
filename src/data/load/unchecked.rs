//! Ids whose references are not checked, so that one mistake gives one
//! error: ids written where a YAML error stopped a file being read (a
//! reference to one is counted, and said once per file), and ids two
//! entries claim (both are reported; neither gets the id), one of them
//! possibly an entry that did not parse.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::idmap::IdMap;
use super::issue::{Anchor, Issue, Pos};
use super::register::{Entry, a_noun, duplicate};
use super::validate::Place;
use crate::data::model::EntityId;

/// An id written in what a YAML error kept from being read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LostId {
    pub(super) id: String,
    pub(super) at: Pos,
}

/// See the module's header.
#[derive(Default)]
pub(crate) struct Unchecked {
    /// Ids written where a YAML error stopped a file being read, by file.
    lost: HashMap<String, usize>,
    /// Of those, the ids of entries (not of tours, which have their own):
    /// file and place, in file order.
    lost_entries: Vec<(usize, LostId)>,
    /// Ids claimed by two entries or more.
    pub(super) taken_twice: HashSet<String>,
    /// References not checked, per file they point into.
    counts: Vec<AtomicUsize>,
    /// Per file: where its first YAML error stands, and whether none of its
    /// data could be read.
    causes: Vec<Option<(Anchor, bool)>>,
}

impl Unchecked {
    /// For `files` files: each one's lost ids, whether it lost everything,
    /// and where its first YAML error stands; `text` gives a file's text.
    pub(super) fn new<'t>(lost: Vec<(Vec<LostId>, bool, Option<Anchor>)>, text: impl Fn(usize) -> &'t str) -> Self {
        let mut out =
            Unchecked { counts: (0..lost.len()).map(|_| AtomicUsize::new(0)).collect(), ..Unchecked::default() };
        for (file, (ids, whole, at)) in lost.into_iter().enumerate() {
            if !ids.is_empty() {
                let in_tours = tour_lines(text(file));
                for l in ids {
                    out.lost.entry(l.id.clone()).or_insert(file);
                    if !in_tours(l.at.line) {
                        out.lost_entries.push((file, l));
                    }
                }
            }
            out.causes.push(at.map(|a| (a, whole)));
        }
        out
    }

    /// Reports each id that an entry holds and an entry that did not parse
    /// also holds, at both places, as a duplicate: neither gets the id (see
    /// [`Unchecked::untake`]), so references to it are not checked (the lost
    /// one was likely meant) rather than each called the wrong kind.
    pub(super) fn claim_lost(&mut self, issues: &mut Vec<Issue>, by_id: &IdMap, places: &[Place]) {
        for (file, lost) in &self.lost_entries {
            let Some(taken) = by_id.get(&lost.id) else { continue };
            let first = &places[taken.index()];
            let id = &lost.id;
            let here = (*file, Anchor::At(lost.at, id.chars().count()));
            let there = (first.file as usize, Anchor::Value(first.path("id")));
            if self.taken_twice.insert(id.clone()) {
                let what = "also written here, in an entry that did not parse".to_string();
                issues.push(duplicate(id, there.clone(), here.clone(), what));
            }
            issues.push(duplicate(id, here, there, format!("also used here, by {}", a_noun(first.kind))));
        }
    }

    /// True when references to `id` (which no entity has) are not checked;
    /// counts those into a file that did not parse.
    pub(super) fn skips(&self, id: &str) -> bool {
        if self.taken_twice.contains(id) {
            return true;
        }
        if let Some(&f) = self.lost.get(id) {
            self.counts[f].fetch_add(1, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// Takes the ids claimed twice from the entities that registered them
    /// first: their entries are still checked, as those refused at once are,
    /// and the other entities are numbered again in order.
    pub(super) fn untake(&self, by_id: &mut IdMap, places: &mut Vec<Place>, handles: &mut [Entry]) {
        if self.taken_twice.is_empty() {
            return;
        }
        let gone: std::collections::HashSet<EntityId> =
            self.taken_twice.iter().filter_map(|id| by_id.remove(id)).collect();
        let mut renumbered: Vec<Option<EntityId>> = Vec::with_capacity(places.len());
        let mut kept = 0u32;
        for old in 0..places.len() {
            if gone.contains(&EntityId(old as u32)) {
                renumbered.push(None);
            } else {
                renumbered.push(Some(EntityId(kept)));
                kept += 1;
            }
        }
        let mut n = 0;
        places.retain(|_| {
            n += 1;
            renumbered[n - 1].is_some()
        });
        for h in handles.iter_mut() {
            if let Entry::Accepted(e) = h {
                *h = renumbered[e.index()].map_or(Entry::Rejected, Entry::Accepted);
            }
        }
        for e in by_id.values_mut() {
            *e = renumbered[e.index()].expect("a kept id keeps its entity");
        }
    }

    /// True when a YAML error kept some entry from being read.
    pub(super) fn lost_any(&self) -> bool {
        self.causes.iter().any(Option::is_some)
    }

    /// One note per file into which references were not checked, at its
    /// first YAML error: "12 references into people.yaml not checked: it
    /// did not parse".
    pub(super) fn notes(&self, names: &[String]) -> Vec<Issue> {
        let mut out = Vec::new();
        for (file, count) in self.counts.iter().enumerate() {
            let n = count.load(Ordering::Relaxed);
            let Some((at, whole)) = self.causes.get(file).cloned().flatten() else { continue };
            if n == 0 {
                continue;
            }
            let name = names[file].rsplit('/').next().unwrap_or(&names[file]);
            let why = if whole { "it did not parse" } else { "the entries they name did not parse" };
            let refs = if n == 1 { "reference" } else { "references" };
            let note = Issue::warning(file, at, format!("{n} {refs} into {name} not checked: {why}"));
            out.push(note.about_text());
        }
        out
    }
}

/// Whether a line (from 1) of `text` stands in its `tours:` (whose ids are
/// not entities'): a line is under the last top-level key above it.
fn tour_lines(text: &str) -> impl Fn(usize) -> bool {
    // The lines where a `tours:` section starts and where the next top-level key does.
    let mut bounds: Vec<(usize, bool)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let top = line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-') && line.contains(':');
        if top || line.starts_with("---") {
            bounds.push((n + 1, line.starts_with("tours:")));
        }
    }
    move |line| bounds.partition_point(|&(start, _)| start <= line).checked_sub(1).is_some_and(|i| bounds[i].1)
}

#[cfg(test)]
mod tests {
    use super::super::issue::Pos;
    use super::*;

    #[test]
    fn counts_references_into_what_did_not_parse() {
        let at = Anchor::At(Pos { line: 3, col: 1 }, 1);
        let lost = |id: &str| LostId { id: id.into(), at: Pos { line: 1, col: 1 } };
        let u = Unchecked::new(vec![(vec![], false, None), (vec![lost("ana"), lost("bo")], true, Some(at))], |_| "");
        assert!(u.skips("ana") && u.skips("ana") && u.skips("bo"));
        assert!(!u.skips("cy"));
        let notes = u.notes(&["a.yaml".into(), "data/people.yaml".into()]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].file, 1);
        assert_eq!(notes[0].message, "3 references into people.yaml not checked: it did not parse");
    }

    /// `check --format json`'s problems of in-memory files but missing
    /// sources, as `file:line:col: message | help | note-line:col: note` lines.
    fn problems(files: &[(&str, &[u8])]) -> Vec<String> {
        let files = files.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
        let loaded = crate::data::load::load_bytes(files);
        let json = loaded.report.to_json(loaded.dataset.is_some());
        json.problems
            .iter()
            .filter(|p| !p.message.ends_with("cites no sources"))
            .map(|p| {
                let note = p.note.as_ref().map(|n| format!("{}:{}:{}: {}", n.file, n.line, n.column, n.message));
                let (help, note) = (p.help.as_deref().unwrap_or("-"), note.as_deref().unwrap_or("-"));
                format!("{}:{}:{}: {} | {help} | {note}", p.file, p.line, p.column, p.message)
            })
            .collect()
    }

    const FIRMS: &str = "firms:\n  - id: acme\n    name: Acme\n    name: Acme again\n  - {id: bolt, name: Bolt}\n";

    #[test]
    fn an_id_written_in_an_entry_that_did_not_parse_is_still_taken() {
        // `acme` is lost to a duplicate key; an event then claims the id. The
        // duplicate is said at both places, and the references meant for the
        // firm are neither checked against the event nor called the wrong kind.
        let b: &[u8] = b"events:\n  - {id: acme, title: E, date: 2020}\nproducts:\n  - {id: p, name: P, maker: acme}\n  - {id: q, name: Q, maker: bolt}\n";
        let dup = "duplicate id `acme`: ids must be unique across all kinds and files";
        let help = "give one of them another id; references to `acme` are not checked while two entries claim it";
        assert_eq!(
            problems(&[("a.yaml", FIRMS.as_bytes()), ("b.yaml", b)]),
            [
                "a.yaml:4:5: YAML: duplicate entry with key \"name\" | a key may appear only once in a mapping | a.yaml:3:5: `name` is first given here".to_string(),
                format!("a.yaml:2:9: {dup} | {help} | b.yaml:2:10: also used here, by an event"),
                format!("b.yaml:2:10: {dup} | {help} | a.yaml:2:9: also written here, in an entry that did not parse"),
            ]
        );
    }

    #[test]
    fn a_tour_lost_is_no_duplicate_of_an_entry() {
        // Tours have ids of their own: a lost tour may share one with a firm.
        let tours: &[u8] = b"tours:\n  - id: bolt\n    title: T\n    title: T\n";
        let firms: &[u8] = b"firms:\n  - {id: bolt, name: Bolt}\n";
        let found = problems(&[("a.yaml", firms), ("t.yaml", tours)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("t.yaml:4:5: YAML: duplicate entry with key \"title\""), "{found:?}");
        let lines = tour_lines("firms:\n  - id: a\ntours:\n  - id: b\n---\npeople:\n  - id: c\n");
        assert_eq!((1..=7).map(&lines).collect::<Vec<_>>(), [false, false, true, true, false, false, false]);
    }

    #[test]
    fn what_was_not_checked_is_said_at_the_error_that_lost_it_not_at_a_bad_byte() {
        // A Latin-1 byte first (it loses nothing), then a duplicate key that loses `acme`.
        let mut b = b"firms:\n  - {id: bolt, name: Caf".to_vec();
        b.push(0xE9);
        b.extend_from_slice(b", sources: [s]}\n  - id: acme\n    name: A\n    name: B\nproducts:\n  - {id: p, name: P, maker: acme, sources: [s]}\nsources:\n  - {id: s, title: S}\n");
        assert_eq!(
            problems(&[("a.yaml", &b)]),
            [
                "a.yaml:2:25: not valid UTF-8: byte 0xE9 cannot start a character (save the file as UTF-8) \
                 | in Latin-1 (ISO 8859-1), 0xE9 is `é`: if the file was saved so, save it as UTF-8 | -",
                "a.yaml:5:5: YAML: duplicate entry with key \"name\" | a key may appear only once in a mapping \
                 | a.yaml:4:5: `name` is first given here",
                "a.yaml:5:5: 1 reference into a.yaml not checked: the entries they name did not parse | - | -",
            ]
        );
    }
}
