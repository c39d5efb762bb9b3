//! A dataset seen as of a day: the same entities under the same handles,
//! but what did not exist that day is out of every list (by kind, by tag,
//! `ids`), search never finds it (`hidden`), and the links to and from it
//! are gone from `links_from` and `links_to` (and `has_link`), with any
//! other link the day had not made yet. The entities and links are shared
//! with the dataset it is a view of: only the lists and the adjacency are
//! made anew. What exists on a day is worked out in `data::lens`; this
//! builds the view from its answer.

use std::sync::Arc;

use super::{Dataset, EntityId, Link, adjacency, new_stamp};
use crate::data::date::PartialDate;

/// What existed on a day.
#[derive(Debug)]
pub struct Lens {
    day: PartialDate,
    /// By handle.
    present: Vec<bool>,
    /// By index into `Dataset::links`.
    links: Vec<bool>,
}

impl Dataset {
    /// The day this dataset is seen as of, if it is.
    pub fn as_of(&self) -> Option<PartialDate> {
        self.lens.as_ref().map(|l| l.day)
    }

    /// Whether an entity existed on the lens's day (always, with no lens).
    pub fn present(&self, id: EntityId) -> bool {
        self.lens.as_ref().is_none_or(|l| l.present[id.index()])
    }

    /// Whether the day had the link at this index of [`Dataset::links`]
    /// (always, with no lens).
    pub fn has_link(&self, index: usize) -> bool {
        self.lens.as_ref().is_none_or(|l| l.links[index])
    }

    /// How many entities it has (seen as of a day, how many existed then).
    pub fn count(&self) -> usize {
        self.by_kind.iter().map(Vec::len).sum()
    }

    /// This dataset as of `day`: `present` says, by handle, which entities
    /// existed; a link stays when both its ends did and `keep` says so.
    pub(crate) fn seen(&self, day: PartialDate, present: Vec<bool>, keep: impl Fn(&Link) -> bool) -> Dataset {
        debug_assert_eq!(present.len(), self.entities.len());
        let kept: Vec<bool> = (self.links.list().iter().enumerate())
            .map(|(i, l)| self.has_link(i) && present[l.from.index()] && present[l.to.index()] && keep(l))
            .collect();
        let by_kind = (*self.by_kind).clone().map(|mut ids| {
            ids.retain(|id| present[id.index()]);
            ids
        });
        let n = self.entities.len();
        let ends = |end: fn(&Link) -> usize| {
            let links = self.links.list();
            kept.iter().enumerate().filter(|(_, k)| **k).map(move |(i, _)| (end(&links[i]), i as u32))
        };
        let (out_start, out_links) = adjacency(n, ends(|l| l.from.index()));
        let (in_start, in_links) = adjacency(n, ends(|l| l.to.index()));
        Dataset {
            info: self.info.clone(),
            entities: self.entities.clone(),
            by_id: Arc::clone(&self.by_id),
            by_kind: Arc::new(by_kind),
            links: Arc::clone(&self.links),
            out_start,
            out_links,
            in_start,
            in_links,
            files: self.files.clone(),
            tours: self.tours.clone(),
            redacted: self.redacted,
            stamp: new_stamp(),
            edit: None,
            lens: Some(Arc::new(Lens { day, present, links: kept })),
            file_ends: Arc::clone(&self.file_ends),
        }
    }
}
