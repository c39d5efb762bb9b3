//! Ranking the rows a person sees first, without scoring the rest.
//!
//! A hit's score starts with its [`Tier`] and whether it is a source (see
//! `Tier::score`): every hit of a better tier, or of the same tier and not a
//! source, outranks every hit of a worse one, whatever skim says. Both are
//! found by cheap tests (skim's own in-order test and the tier's prefix
//! tests), so a search first sorts its matches into these classes, which
//! also counts them exactly; then it scores the best classes until they hold
//! the rows wanted. The classes left are scored only for the complete
//! ranking, which a person needs only to scroll past those rows.

use super::{Hit, PARALLEL_MIN, Prepared, QUICK_UP_TO, Query, Searcher, Tier};
use crate::data::model::{Dataset, EntityId, Kind};

/// How many classes there are: each tier, for sources and for the rest.
const CLASSES: usize = 8;

/// A search's matches sorted into classes, best first: a hit in class `i`
/// outranks every hit in class `j > i`.
#[derive(Debug, Default)]
pub struct Classes {
    classes: [Vec<EntityId>; CLASSES],
}

/// The class of a match: by tier (best first), then sources after the rest.
fn class(tier: Tier, kind: Kind) -> usize {
    (Tier::Exact as usize - tier as usize) * 2 + usize::from(kind == Kind::Source)
}

/// The tier of a class's hits.
fn tier(class: usize) -> Tier {
    [Tier::Exact, Tier::Prefix, Tier::WordPrefix, Tier::Fuzzy][class / 2]
}

impl Classes {
    /// How many candidates matched.
    pub fn len(&self) -> usize {
        self.classes.iter().map(Vec::len).sum()
    }

    /// True when nothing matched.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every match, best class first.
    pub fn matched(&self) -> Vec<EntityId> {
        self.classes.concat()
    }

    /// Adds the matches among more candidates (the next chunk).
    pub fn add(&mut self, more: Classes) {
        for (mine, theirs) in self.classes.iter_mut().zip(more.classes) {
            mine.extend(theirs);
        }
    }

    /// Scores the best classes until they hold at least `rows` hits (or
    /// none are left), and returns those hits (all of them, unranked) and
    /// the matches of the classes not scored.
    pub fn score_best(
        &self,
        searcher: &Searcher,
        ds: &Dataset,
        prepared: &Prepared,
        rows: usize,
    ) -> (Vec<Hit>, Vec<EntityId>) {
        let mut hits = Vec::new();
        let mut next = 0;
        while next < CLASSES && hits.len() < rows {
            hits.extend(searcher.scored(ds, prepared, &self.classes[next], Some(tier(next))));
            next += 1;
        }
        (hits, self.classes[next..].concat())
    }
}

impl Searcher {
    /// Sorts the candidates that match a prepared query into [`Classes`],
    /// without scoring any (on all cores for big sets).
    pub fn classify(&self, ds: &Dataset, prepared: &Prepared, candidates: &[EntityId]) -> Classes {
        let parsed = prepared.parsed.as_ref();
        let q = Query::new(&prepared.words);
        let matcher = if q.chars.len() <= QUICK_UP_TO { &self.quick } else { &self.matcher };
        let tag_scores = self.tag_scores(&q, matcher);
        let one = |part: &[EntityId]| -> Vec<(EntityId, u8)> {
            part.iter()
                .filter(|&&id| !ds.hidden(id) && parsed.is_none_or(|p| p.admits(ds, id)))
                .filter_map(|&id| {
                    if q.text.is_empty() {
                        // Every hit scores 0: one class, ranked by the tie-breaks.
                        return Some((id, 0));
                    }
                    let tier = self.best_tier(id, &q, &tag_scores)?;
                    Some((id, class(tier, self.kinds[id.index()]) as u8))
                })
                .collect()
        };
        let mut classes = Classes::default();
        for (id, c) in crate::cores::parts_on_all_cores(candidates, PARALLEL_MIN, one) {
            classes.classes[c as usize].push(id);
        }
        classes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_better_class_always_outranks_a_worse_one() {
        let order = [
            (Tier::Exact, Kind::Firm),
            (Tier::Exact, Kind::Source),
            (Tier::Prefix, Kind::Chipset),
            (Tier::Prefix, Kind::Source),
            (Tier::WordPrefix, Kind::Agreement),
            (Tier::WordPrefix, Kind::Source),
            (Tier::Fuzzy, Kind::Person),
            (Tier::Fuzzy, Kind::Source),
        ];
        for (i, w) in order.windows(2).enumerate() {
            let ((better, bk), (worse, wk)) = (w[0], w[1]);
            assert_eq!((class(better, bk), class(worse, wk)), (i, i + 1));
            assert_eq!((tier(i), tier(i + 1)), (better, worse));
            // The worst score of the better class beats the best of the worse.
            assert!(better.score(bk, -10_000) > worse.score(wk, 10_000));
        }
    }
}
