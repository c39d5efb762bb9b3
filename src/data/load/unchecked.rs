//! Ids whose references are not checked, so that one mistake gives one
//! error: ids written where a YAML error stopped a file being read (a
//! reference to one is counted, and said once per file), and ids two
//! entries claim (both are reported; neither gets the id).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::issue::{Anchor, Issue};
use super::validate::{Entry, Place};
use crate::data::model::EntityId;

/// See the module's header.
#[derive(Default)]
pub(crate) struct Unchecked {
    /// Ids written where a YAML error stopped a file being read, by file.
    lost: HashMap<String, usize>,
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
    /// and where its first YAML error stands.
    pub(super) fn new(lost: Vec<(Vec<String>, bool, Option<Anchor>)>) -> Self {
        let mut out =
            Unchecked { counts: (0..lost.len()).map(|_| AtomicUsize::new(0)).collect(), ..Unchecked::default() };
        for (file, (ids, whole, at)) in lost.into_iter().enumerate() {
            for id in ids {
                out.lost.entry(id).or_insert(file);
            }
            out.causes.push(at.map(|a| (a, whole)));
        }
        out
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
    pub(super) fn untake(&self, by_id: &mut HashMap<String, EntityId>, places: &mut Vec<Place>, handles: &mut [Entry]) {
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

#[cfg(test)]
mod tests {
    use super::super::issue::Pos;
    use super::*;

    #[test]
    fn counts_references_into_what_did_not_parse() {
        let at = Anchor::At(Pos { line: 3, col: 1 }, 1);
        let u = Unchecked::new(vec![(vec![], false, None), (vec!["ana".into(), "bo".into()], true, Some(at))]);
        assert!(u.skips("ana") && u.skips("ana") && u.skips("bo"));
        assert!(!u.skips("cy"));
        let notes = u.notes(&["a.yaml".into(), "data/people.yaml".into()]);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].file, 1);
        assert_eq!(notes[0].message, "3 references into people.yaml not checked: it did not parse");
    }
}
