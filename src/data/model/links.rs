//! The dataset's links, with the notes of the few that have one kept
//! apart; and each entity's links as counting-sorted arrays: the dataset's
//! adjacency, made when a dataset is assembled or seen as of a day.

use std::num::NonZeroU32;

use super::{EntityId, Link, Relation};

/// Links in order, and their notes. A link names its note by number: 16
/// bytes a link where an optional note in each took 40 (at 1M entities,
/// 3.4M links of which about one in nine has a note).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    list: Vec<Link>,
    notes: Vec<String>,
}

impl Links {
    /// No links, with room for `n`.
    pub fn with_capacity(n: usize) -> Self {
        Self { list: Vec::with_capacity(n), notes: Vec::new() }
    }

    /// Adds a link, with its note if it has one.
    pub fn push(&mut self, from: EntityId, to: EntityId, relation: Relation, note: Option<String>) {
        // Numbered from one, so that a link without one costs no more room.
        let note = note.and_then(|n| {
            self.notes.push(n);
            u32::try_from(self.notes.len()).ok().and_then(NonZeroU32::new)
        });
        self.list.push(Link { from, to, relation, note });
    }

    /// Adds a link of `other`'s (with its note).
    pub fn push_from(&mut self, other: &Links, l: &Link) {
        self.push(l.from, l.to, l.relation, other.note(l).map(str::to_string));
    }

    /// Moves every link of `other` (and its notes) after these.
    pub fn append(&mut self, other: Links) {
        let base = self.notes.len() as u32;
        self.list.extend(other.list.into_iter().map(|l| Link { note: l.note.map(|n| n.saturating_add(base)), ..l }));
        self.notes.extend(other.notes);
    }

    /// The links, in order.
    pub fn list(&self) -> &[Link] {
        &self.list
    }

    /// A link's note (context from the data: a party's role, a person's title and dates).
    pub fn note(&self, l: &Link) -> Option<&str> {
        l.note.and_then(|n| self.notes.get(n.get() as usize - 1)).map(String::as_str)
    }

    /// Every note, to be rewritten where it stands.
    pub fn notes_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.notes.iter_mut()
    }

    /// How many links there are.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Lets go of the room left for more.
    pub fn shrink_to_fit(&mut self) {
        self.list.shrink_to_fit();
        self.notes.shrink_to_fit();
    }
}

/// Each entity's links, by a counting sort of `ends` (an end and its link's
/// index, a pair per link): `(start, links)`, the links of entity `i` being
/// `links[start[i]..start[i + 1]]`, in link order.
pub(super) fn adjacency(n: usize, ends: impl Iterator<Item = (usize, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for (e, _) in ends.clone() {
        start[e + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut links = vec![0u32; start[n] as usize];
    for (e, l) in ends {
        links[fill[e] as usize] = l;
        fill[e] += 1;
    }
    (start, links)
}
