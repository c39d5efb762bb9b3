//! Fuzzy search over every entity's name, aliases, id and tags, ranked best
//! first. One code path for the CLI's `search`, the list filter and the palette.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::model::{Dataset, EntityId, Kind};

/// Which text of an entity a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase", tag = "field", content = "index")]
pub enum Field {
    /// Its name or title.
    Name,
    /// One of its aliases.
    Alias(usize),
    /// Its id.
    Id,
    /// One of its tags.
    Tag(usize),
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The entity.
    pub id: EntityId,
    /// Higher is better.
    pub score: i64,
    /// Which text matched best.
    pub field: Field,
    /// Char positions of the matched characters in that text.
    pub indices: Vec<usize>,
}

/// A reusable matcher over a dataset.
pub struct Searcher {
    matcher: SkimMatcherV2,
}

impl Default for Searcher {
    fn default() -> Self {
        Self { matcher: SkimMatcherV2::default().smart_case() }
    }
}

/// The text of an entity that a field names.
pub fn field_text(ds: &Dataset, id: EntityId, field: Field) -> &str {
    let e = ds.get(id);
    match field {
        Field::Name => &e.name,
        Field::Alias(i) => &e.aliases[i],
        Field::Id => &e.id,
        Field::Tag(i) => &e.tags[i],
    }
}

impl Searcher {
    /// Best match of a query against one entity, if any.
    pub fn score(&self, ds: &Dataset, id: EntityId, query: &str) -> Option<Hit> {
        let e = ds.get(id);
        let mut best: Option<Hit> = None;
        let mut consider = |text: &str, field: Field, bonus: i64| {
            if let Some((score, indices)) = self.matcher.fuzzy_indices(text, query) {
                let score = score + bonus;
                if best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(Hit { id, score, field, indices });
                }
            }
        };
        // Names weigh most; tags least, so a tag match never outranks a name.
        consider(&e.name, Field::Name, 20);
        for (i, a) in e.aliases.iter().enumerate() {
            consider(a, Field::Alias(i), 15);
        }
        consider(&e.id, Field::Id, 10);
        for (i, t) in e.tags.iter().enumerate() {
            consider(t, Field::Tag(i), 0);
        }
        best
    }

    /// Entities matching the query, best first; all (in load order) for an empty query.
    pub fn search(&self, ds: &Dataset, query: &str, kind: Option<Kind>, limit: usize) -> Vec<Hit> {
        match kind {
            Some(k) => self.search_among(ds, query, ds.of_kind(k).iter().copied(), limit),
            None => self.search_among(ds, query, ds.ids(), limit),
        }
    }

    /// Like [`Searcher::search`], over a given set of entities.
    pub fn search_among(
        &self,
        ds: &Dataset,
        query: &str,
        candidates: impl Iterator<Item = EntityId>,
        limit: usize,
    ) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return candidates
                .take(limit)
                .map(|id| Hit { id, score: 0, field: Field::Name, indices: Vec::new() })
                .collect();
        }
        let mut hits: Vec<Hit> = candidates.filter_map(|id| self.score(ds, id, query)).collect();
        hits.sort_by(|a, b| {
            let (ea, eb) = (ds.get(a.id), ds.get(b.id));
            b.score
                .cmp(&a.score)
                .then(ea.name.chars().count().cmp(&eb.name.chars().count()))
                .then(ea.kind().cmp(&eb.kind()))
                .then(a.id.cmp(&b.id))
        });
        hits.truncate(limit);
        hits
    }
}
