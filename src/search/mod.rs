//! Fuzzy search over every entity's name, aliases, id and tags, ranked best
//! first. One code path for the CLI's `search`, the list filter and the
//! palette (the app runs big searches on a worker: see `search_worker`).
//!
//! Scoring uses skim's algorithm (fuzzy-matcher), under a [`Tier`]: a name,
//! alias or id that equals the query ranks above one that starts with it,
//! which ranks above one whose words start with the query's words, which
//! ranks above any other fuzzy match; within a tier, sources (whose long
//! titles match almost anything) come after every other kind.
//!
//! At scale three things keep
//! it fast: a 64-bit mask of the characters each entity holds rejects most
//! entities without scoring them, a longer query only re-scores the hits of
//! the shorter one it extends, and big sets are scored on every core.

pub mod query;
pub mod worker;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::data::model::{Dataset, EntityId, Kind};
use crate::text::find::fold;

/// Below this many candidates a search runs on one thread.
const PARALLEL_MIN: usize = 20_000;
/// Queries this short or shorter are scored by the quick scorer (see [`Searcher`]).
const QUICK_UP_TO: usize = 3;

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

/// How closely a text matches a query, above what the fuzzy score says.
/// Compared before the score, so `huawei` finds the firm Huawei before a
/// source whose title mentions huaweiupdate.com.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Matched fuzzily, no better.
    Fuzzy,
    /// Each of the query's words starts a word of the text, in order
    /// (`xiaomi cross` in "Huawei–Xiaomi patent cross-licence").
    WordPrefix,
    /// The text starts with the query.
    Prefix,
    /// The text is the query (ignoring case).
    Exact,
}

impl Tier {
    /// What a tier adds to a fuzzy score: more than any fuzzy score can reach.
    const WEIGHT: i64 = 1 << 40;
    /// What a source loses within its tier.
    const SOURCE_PENALTY: i64 = 1 << 39;

    /// The tier of a text (a name, alias or id) for a query.
    pub fn of(text: &str, q: &Query) -> Tier {
        let mut text_chars = text.chars().map(fold);
        let whole = q.chars.iter().map(|&c| fold(c));
        if whole.clone().all(|c| text_chars.next() == Some(c)) {
            return if text_chars.next().is_none() { Tier::Exact } else { Tier::Prefix };
        }
        // Each query word must start a text word, the words in order.
        let mut words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
        let starts = |word: &str, want: &str| {
            let mut w = word.chars().map(fold);
            want.chars().map(fold).all(|c| w.next() == Some(c))
        };
        let all = q.text.split_whitespace().all(|want| words.by_ref().any(|w| starts(w, want)));
        if all && !q.text.is_empty() { Tier::WordPrefix } else { Tier::Fuzzy }
    }

    /// The score a hit gets: tier first, sources last within a tier, then the fuzzy score.
    fn score(self, kind: Kind, fuzzy: i64) -> i64 {
        let penalty = if kind == Kind::Source { Self::SOURCE_PENALTY } else { 0 };
        self as i64 * Self::WEIGHT - penalty + fuzzy
    }
}

/// A query ready for many calls: its qualifiers read, its words apart.
#[derive(Debug, Clone)]
pub struct Prepared {
    parsed: Option<query::Parsed>,
    words: String,
}

impl Prepared {
    /// The first qualifier not understood, in words.
    pub fn problem(&self) -> Option<&str> {
        self.parsed.as_ref().and_then(|p| p.problems.first()).map(String::as_str)
    }
}

/// One ranked result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The entity.
    pub id: EntityId,
    /// Higher is better.
    pub score: i64,
    /// Which text matched best.
    pub field: Field,
}

/// A matcher with an index over one dataset's searchable text. Build it once
/// per dataset (it is cheap to share behind an `Arc`).
pub struct Searcher {
    matcher: SkimMatcherV2,
    /// Skim's own cheaper mode (its `element_limit`): it scores the greedy
    /// alignment instead of the best one. Used for queries of up to three
    /// characters, which match much of a big dataset and whose ranking is
    /// coarse anyway. Chosen by the query alone, so a query ranks the same
    /// whether it was searched whole, narrowed, or in chunks.
    quick: SkimMatcherV2,
    /// Per entity, the characters (folded to lowercase) of all its fields.
    masks: Vec<u64>,
    /// Every distinct tag once: many entities share each tag, so a query
    /// scores each tag once, not once per entity.
    tags: Vec<String>,
    /// Per entity, its tags as indexes into `tags`: entity `i`'s are
    /// `tag_of[tag_start[i]..tag_start[i + 1]]`, in its own order.
    tag_of: Vec<u32>,
    tag_start: Vec<u32>,
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

/// One bit per letter and digit, the rest folded onto the remaining bits.
fn char_bit(c: char) -> u64 {
    let c = c.to_lowercase().next().unwrap_or(c);
    let n = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + c as u32 - '0' as u32,
        _ => 36 + (c as u32 % 28),
    };
    1 << n
}

/// The mask of every character in some texts (folded to lowercase): a text
/// can match a query only if its mask holds all of the query's bits.
pub fn mask<'a>(texts: impl IntoIterator<Item = &'a str>) -> u64 {
    texts.into_iter().flat_map(str::chars).fold(0, |m, c| m | char_bit(c))
}

/// A query prepared for many tests.
pub struct Query {
    text: String,
    chars: Vec<char>,
    /// Smart case, as the scorer has it: an uppercase letter makes the query exact.
    exact_case: bool,
    /// The query's characters as a [`mask`].
    pub mask: u64,
}

impl Query {
    /// Prepares a query (trimmed, as every search trims it).
    pub fn new(query: &str) -> Self {
        let text = query.trim().to_string();
        // Skim's smart case looks at ASCII capitals only.
        let exact_case = text.chars().any(|c| c.is_ascii_uppercase());
        let chars = text.chars().map(|c| if exact_case { c } else { fold(c) }).collect();
        Self { mask: mask([text.as_str()]), text, chars, exact_case }
    }

    /// True when the query's chars appear in `text` in order: what any fuzzy
    /// match needs, tested without allocating. (Skim folds only ASCII case,
    /// so for other scripts this may say yes where skim says no.)
    pub fn in_order(&self, text: &str) -> bool {
        let mut want = self.chars.iter();
        let Some(mut next) = want.next() else { return true };
        for c in text.chars() {
            if c == *next || (!self.exact_case && fold(c) == *next) {
                match want.next() {
                    Some(n) => next = n,
                    None => return true,
                }
            }
        }
        false
    }
}

impl Searcher {
    /// A searcher for one dataset.
    pub fn new(ds: &Dataset) -> Self {
        let masks = ds
            .entities()
            .iter()
            .map(|e| {
                let fields = [e.name.as_str(), e.id.as_str()].into_iter();
                mask(fields.chain(e.aliases.iter().map(String::as_str)).chain(e.tags.iter().map(String::as_str)))
            })
            .collect();
        let mut tags: Vec<String> = Vec::new();
        let mut seen: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut tag_of = Vec::new();
        let mut tag_start = Vec::with_capacity(ds.len() + 1);
        for e in ds.entities() {
            tag_start.push(tag_of.len() as u32);
            for t in &e.tags {
                let n = *seen.entry(t.as_str()).or_insert_with(|| {
                    tags.push(t.clone());
                    (tags.len() - 1) as u32
                });
                tag_of.push(n);
            }
        }
        tag_start.push(tag_of.len() as u32);
        Self {
            matcher: SkimMatcherV2::default().smart_case(),
            quick: SkimMatcherV2::default().smart_case().element_limit(1),
            masks,
            tags,
            tag_of,
            tag_start,
        }
    }

    /// Each distinct tag's score for a query (`None`: no match).
    fn tag_scores(&self, q: &Query, matcher: &SkimMatcherV2) -> Vec<Option<i64>> {
        self.tags.iter().map(|t| if q.in_order(t) { matcher.fuzzy_match(t, &q.text) } else { None }).collect()
    }

    /// Best match of a query against one entity, if any.
    fn score_prepared(
        &self,
        ds: &Dataset,
        id: EntityId,
        q: &Query,
        matcher: &SkimMatcherV2,
        tag_scores: &[Option<i64>],
    ) -> Option<Hit> {
        if self.masks.get(id.index()).is_none_or(|m| m & q.mask != q.mask) {
            return None;
        }
        let e = ds.get(id);
        let kind = e.kind();
        let mut best: Option<Hit> = None;
        let mut keep = |score: i64, field: Field| {
            if best.is_none_or(|b| score > b.score) {
                best = Some(Hit { id, score, field });
            }
        };
        let mut consider = |text: &str, field: Field, bonus: i64| {
            // In order first: the scorer would say no, at much greater cost.
            if q.in_order(text)
                && let Some(score) = matcher.fuzzy_match(text, &q.text)
            {
                keep(Tier::of(text, q).score(kind, score + bonus), field);
            }
        };
        // Names weigh most; tags least, so a tag match never outranks a name.
        consider(&e.name, Field::Name, 20);
        for (i, a) in e.aliases.iter().enumerate() {
            consider(a, Field::Alias(i), 15);
        }
        consider(&e.id, Field::Id, 10);
        let n = id.index();
        let mine = &self.tag_of[self.tag_start[n] as usize..self.tag_start[n + 1] as usize];
        for (i, &t) in mine.iter().enumerate() {
            if let Some(score) = tag_scores[t as usize] {
                keep(Tier::Fuzzy.score(kind, score), Field::Tag(i));
            }
        }
        best
    }

    /// Best match of a query against one entity, if any.
    pub fn score(&self, ds: &Dataset, id: EntityId, query: &str) -> Option<Hit> {
        let q = Query::new(query);
        self.score_prepared(ds, id, &q, &self.matcher, &self.tag_scores(&q, &self.matcher))
    }

    /// Char positions in the hit's matched text that the query matched, for
    /// highlighting (computed for the rows on screen only).
    pub fn indices(&self, ds: &Dataset, hit: &Hit, query: &str) -> Vec<usize> {
        let text = field_text(ds, hit.id, hit.field);
        let words = self.prepare(ds, query.trim()).words;
        if words.is_empty() {
            return Vec::new();
        }
        self.matcher.fuzzy_indices(text, &words).map(|(_, i)| i).unwrap_or_default()
    }

    /// Entities matching the query, best first; all (in load order) for an empty query.
    pub fn search(&self, ds: &Dataset, query: &str, kind: Option<Kind>, limit: usize) -> Vec<Hit> {
        match kind {
            Some(k) => self.search_among(ds, query, ds.of_kind(k), limit),
            None => {
                let all: Vec<EntityId> = ds.ids().collect();
                self.search_among(ds, query, &all, limit)
            }
        }
    }

    /// Like [`Searcher::search`], over a given set of entities.
    pub fn search_among(&self, ds: &Dataset, query: &str, candidates: &[EntityId], limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return candidates.iter().take(limit).map(|&id| Hit { id, score: 0, field: Field::Name }).collect();
        }
        let mut hits = self.matches(ds, query, candidates);
        rank(ds, &mut hits, limit);
        hits
    }

    /// True when some entity carries the tag (any case).
    pub fn knows_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }

    /// A query's qualifiers read once (see [`query`]), for many calls of
    /// [`Searcher::matches_prepared`] (a big search runs in chunks).
    pub fn prepare(&self, ds: &Dataset, query: &str) -> Prepared {
        let parsed = query::has_qualifiers(query).then(|| query::parse(ds, query, &|t| self.knows_tag(t)));
        let words = parsed.as_ref().map_or_else(|| query.to_string(), |p| p.words.clone());
        Prepared { parsed, words }
    }

    /// Every candidate that matches, unranked; on all cores for big sets.
    /// Qualifiers (`kind:agreement`, `#5G`, see [`query`]) must hold; the
    /// words are matched fuzzily (none: every candidate that qualifies).
    pub fn matches(&self, ds: &Dataset, query: &str, candidates: &[EntityId]) -> Vec<Hit> {
        self.matches_prepared(ds, &self.prepare(ds, query), candidates)
    }

    /// Like [`Searcher::matches`], for a query prepared once.
    pub fn matches_prepared(&self, ds: &Dataset, prepared: &Prepared, candidates: &[EntityId]) -> Vec<Hit> {
        let parsed = prepared.parsed.as_ref();
        let q = Query::new(&prepared.words);
        let matcher = if q.chars.len() <= QUICK_UP_TO { &self.quick } else { &self.matcher };
        let tag_scores = self.tag_scores(&q, matcher);
        let one = |part: &[EntityId]| -> Vec<Hit> {
            part.iter()
                // A redacted view's confidential entity is never found.
                .filter(|&&id| !ds.hidden(id) && parsed.is_none_or(|p| p.admits(ds, id)))
                .filter_map(|&id| {
                    if q.text.is_empty() {
                        return Some(Hit { id, score: 0, field: Field::Name });
                    }
                    self.score_prepared(ds, id, &q, matcher, &tag_scores)
                })
                .collect()
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if candidates.len() < PARALLEL_MIN || threads < 2 {
            return one(candidates);
        }
        let chunk = candidates.len().div_ceil(threads);
        std::thread::scope(|s| {
            let parts: Vec<_> = candidates.chunks(chunk).map(|part| s.spawn(move || one(part))).collect();
            parts.into_iter().flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        })
    }
}

/// Sorts hits best first (ties: shorter name, kind, load order) and keeps `limit`.
pub fn rank(ds: &Dataset, hits: &mut Vec<Hit>, limit: usize) {
    let order = |a: &Hit, b: &Hit| {
        let (ea, eb) = (ds.get(a.id), ds.get(b.id));
        b.score
            .cmp(&a.score)
            .then(ea.name.len().cmp(&eb.name.len()))
            .then(ea.kind().cmp(&eb.kind()))
            .then(a.id.cmp(&b.id))
    };
    if limit < hits.len() {
        hits.select_nth_unstable_by(limit, order);
        hits.truncate(limit);
    }
    hits.sort_unstable_by(order);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_is_what_the_scorer_needs() {
        let m = SkimMatcherV2::default().smart_case();
        for (text, query) in [
            ("Kirin 9000s", "k9s"),
            ("Kirin 9000s", "K9"),
            ("Kirin 9000s", "kirinx"),
            ("华为 Huawei", "华w"),
            ("Xiaomi", "XI"),
            ("Xiaomi", "xI"),
            ("ÉLAN", "él"),
            ("ÖSTERREICH", "Öst"),
            ("Österreich", "ÖST"),
            ("", "a"),
        ] {
            // A filter before the scorer: it may let through what the scorer
            // refuses, never the other way round.
            let q = Query::new(query);
            assert!(q.in_order(text) || m.fuzzy_match(text, query).is_none(), "{text:?} {query:?}");
        }
    }

    #[test]
    fn tiers_put_names_that_equal_or_start_with_the_query_first() {
        let tier = |text: &str, query: &str| Tier::of(text, &Query::new(query));
        assert_eq!(tier("Huawei", "huawei"), Tier::Exact);
        assert_eq!(tier("Huawei Technologies", "HUAWEI"), Tier::Prefix);
        assert_eq!(tier("Huawei–Xiaomi patent cross-licence", "xiaomi cross"), Tier::WordPrefix);
        assert_eq!(tier("Huawei–Xiaomi patent cross-licence", "cross xiaomi"), Tier::Fuzzy);
        assert_eq!(tier("Kirin 9000s", "k9s"), Tier::Fuzzy);
        assert_eq!(tier("华为", "华"), Tier::Prefix);
        assert!(Tier::Fuzzy.score(Kind::Firm, 0) > Tier::Fuzzy.score(Kind::Source, 10_000));
        assert!(Tier::Prefix.score(Kind::Source, 0) > Tier::WordPrefix.score(Kind::Firm, 10_000));
    }

    #[test]
    fn masks_fold_case_and_keep_every_char() {
        assert_eq!(mask(["Ab"]), mask(["aB"]));
        assert_eq!(mask(["abc"]) & mask(["ca"]), mask(["ca"]));
        assert_ne!(mask(["华为"]), 0, "CJK chars have bits too");
    }
}
