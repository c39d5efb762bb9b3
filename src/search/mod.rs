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
pub mod top;
pub mod worker;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::data::model::{Dataset, Entity, EntityId, Kind};
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
        if q.ascii.is_some() && text.is_ascii() {
            return Self::of_ascii(text.as_bytes(), q.text.as_bytes());
        }
        Self::of_chars(text, q)
    }

    /// [`Tier::of`] for any text, char by char.
    fn of_chars(text: &str, q: &Query) -> Tier {
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

    /// [`Tier::of`] for ASCII text and query, on bytes: the same answer
    /// (ASCII letters fold as `fold` folds them), without decoding chars.
    fn of_ascii(text: &[u8], query: &[u8]) -> Tier {
        if text.len() >= query.len() && text[..query.len()].eq_ignore_ascii_case(query) {
            return if text.len() == query.len() { Tier::Exact } else { Tier::Prefix };
        }
        let mut words = text.split(|b| !b.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
        let starts =
            |word: &[u8], want: &[u8]| word.len() >= want.len() && word[..want.len()].eq_ignore_ascii_case(want);
        let mut wanted = query.split(|&b| char::from(b).is_whitespace()).filter(|w| !w.is_empty()).peekable();
        let some = wanted.peek().is_some();
        if some && wanted.all(|want| words.by_ref().any(|w| starts(w, want))) { Tier::WordPrefix } else { Tier::Fuzzy }
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
    /// Every entity's name, aliases and id, one after another, so the tests
    /// that need no scorer read memory in order (not each entity's strings
    /// wherever they lie). Field `j` is `texts[bounds[j]..bounds[j + 1]]`;
    /// entity `i`'s are fields `fields[i]..fields[i + 1]`: its name, its
    /// aliases, its id.
    texts: String,
    bounds: Vec<u32>,
    fields: Vec<u32>,
    /// Per entity, the chars (as a [`mask`]) that begin one of those fields
    /// or a word in one: a field can be of a tier above [`Tier::Fuzzy`] only
    /// if the query's first char is among them.
    word_starts: Vec<u64>,
    /// Per entity, its kind (a source ranks after the rest within a tier).
    kinds: Vec<Kind>,
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
    /// Its chars as typed: compared the way skim compares them (see [`Query::in_order`]).
    chars: Vec<char>,
    /// Smart case, as the scorer has it: an uppercase letter makes the query exact.
    exact_case: bool,
    /// For an ASCII query, its bytes: each with the other case of a letter
    /// too unless `exact_case` (the in-order test then runs on bytes).
    ascii: Option<Vec<(u8, u8)>>,
    /// The query's characters as a [`mask`].
    pub mask: u64,
    /// Its first char's bit (0 for an empty query).
    first: u64,
    /// True for one ASCII letter or digit, any case: an entity matches
    /// exactly when its mask holds that char's bit (which no other char shares).
    mask_decides: bool,
}

impl Query {
    /// Prepares a query (trimmed, as every search trims it).
    pub fn new(query: &str) -> Self {
        let text = query.trim().to_string();
        // Skim's smart case looks at ASCII capitals only.
        let exact_case = text.chars().any(|c| c.is_ascii_uppercase());
        let chars: Vec<char> = text.chars().collect();
        let ascii = text.is_ascii().then(|| {
            let other = |b: u8| if b.is_ascii_lowercase() { b.to_ascii_uppercase() } else { b.to_ascii_lowercase() };
            text.bytes().map(|b| (b, if exact_case { b } else { other(b) })).collect()
        });
        let first = text.chars().next().map_or(0, char_bit);
        let mask_decides = !exact_case && matches!(chars.as_slice(), [c] if c.is_ascii_alphanumeric());
        Self { mask: mask([text.as_str()]), text, chars, exact_case, ascii, first, mask_decides }
    }

    /// True when the query's chars appear in `text` in order, compared as
    /// skim compares them (ASCII case folded unless the query has a capital):
    /// exactly when skim finds a match, tested without allocating.
    pub fn in_order(&self, text: &str) -> bool {
        if let Some(bytes) = &self.ascii {
            // An ASCII byte never occurs inside a multi-byte char, so bytes
            // compare as skim's chars do.
            let mut want = bytes.iter();
            let Some(mut next) = want.next() else { return true };
            for &c in text.as_bytes() {
                if c == next.0 || c == next.1 {
                    match want.next() {
                        Some(n) => next = n,
                        None => return true,
                    }
                }
            }
            return false;
        }
        let mut want = self.chars.iter();
        let Some(mut next) = want.next() else { return true };
        for c in text.chars() {
            if c == *next || (!self.exact_case && c.eq_ignore_ascii_case(next)) {
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
        let mut b = Builder::new(ds.len(), Vec::new());
        for e in ds.entities() {
            b.push(e);
        }
        b.finish()
    }

    /// The searcher of `ds`, made from this one (the searcher of the dataset
    /// `ds` was edited from): the entities in `changed` (ranges of handles,
    /// in order) are indexed again, every other one is copied as it is.
    /// Finds what [`Searcher::new`] on `ds` would find.
    pub fn patched(&self, ds: &Dataset, changed: &[std::ops::Range<u32>]) -> Self {
        let mut b = Builder::new(ds.len(), self.tags.clone());
        let mut next = 0;
        for r in changed {
            let (start, end) = (r.start as usize, r.end as usize);
            b.copy(self, next..start);
            for e in &ds.entities()[start..end] {
                b.push(e);
            }
            next = end;
        }
        b.copy(self, next..ds.len());
        b.finish()
    }

    /// Each distinct tag's score for a query (`None`: no match).
    fn tag_scores(&self, q: &Query, matcher: &SkimMatcherV2) -> Vec<Option<i64>> {
        self.tags.iter().map(|t| if q.in_order(t) { matcher.fuzzy_match(t, &q.text) } else { None }).collect()
    }

    /// The best tier among an entity's fields that match the query (a tag
    /// match is [`Tier::Fuzzy`]), or `None` when nothing matches: what its
    /// hit would rank by first, found without scoring.
    fn best_tier(&self, id: EntityId, q: &Query, tag_scores: &[Option<i64>]) -> Option<Tier> {
        if self.masks.get(id.index()).is_none_or(|m| m & q.mask != q.mask) {
            return None;
        }
        let n = id.index();
        let fields = self.fields[n] as usize..self.fields[n + 1] as usize;
        let mut texts = fields.map(|j| &self.texts[self.bounds[j] as usize..self.bounds[j + 1] as usize]);
        if self.word_starts[n] & q.first != q.first {
            // No field starts a word with the query's first char: a match is
            // fuzzy, and for one letter or digit the mask already said so.
            return (q.mask_decides || texts.any(|t| q.in_order(t)) || self.tagged(n, tag_scores))
                .then_some(Tier::Fuzzy);
        }
        let best = texts.filter(|t| q.in_order(t)).map(|t| Tier::of(t, q)).max();
        best.or_else(|| self.tagged(n, tag_scores).then_some(Tier::Fuzzy))
    }

    /// True when one of entity `n`'s tags matches (by the tags' scores).
    fn tagged(&self, n: usize, tag_scores: &[Option<i64>]) -> bool {
        let mine = &self.tag_of[self.tag_start[n] as usize..self.tag_start[n + 1] as usize];
        mine.iter().any(|&t| tag_scores[t as usize].is_some())
    }

    /// Entity `n`'s searched fields in `texts`: its name, aliases and id,
    /// each with what it is and the bonus its match gets (names weigh most,
    /// so a match in a name outranks the same match in an alias or id).
    fn texts_of(&self, n: usize) -> impl Iterator<Item = (&str, Field, i64)> {
        let (first, end) = (self.fields[n] as usize, self.fields[n + 1] as usize);
        (first..end).map(move |j| {
            let text = &self.texts[self.bounds[j] as usize..self.bounds[j + 1] as usize];
            match j - first {
                0 => (text, Field::Name, 20),
                _ if j + 1 == end => (text, Field::Id, 10),
                k => (text, Field::Alias(k - 1), 15),
            }
        })
    }

    /// Best match of a query against one entity, if any. With `only`, the
    /// fields of other tiers are not scored: the caller knows the hit's tier
    /// (see [`top`]), and a field of a lower tier can never be the best.
    fn score_prepared(
        &self,
        id: EntityId,
        q: &Query,
        matcher: &SkimMatcherV2,
        tag_scores: &[Option<i64>],
        only: Option<Tier>,
    ) -> Option<Hit> {
        let n = id.index();
        if self.masks.get(n).is_none_or(|m| m & q.mask != q.mask) {
            return None;
        }
        let kind = self.kinds[n];
        let mut best: Option<Hit> = None;
        let mut keep = |score: i64, field: Field| {
            if best.is_none_or(|b| score > b.score) {
                best = Some(Hit { id, score, field });
            }
        };
        for (text, field, bonus) in self.texts_of(n) {
            // In order first: the scorer would say no, at much greater cost.
            if !q.in_order(text) {
                continue;
            }
            let tier = Tier::of(text, q);
            if only.is_none_or(|t| t == tier)
                && let Some(score) = matcher.fuzzy_match(text, &q.text)
            {
                keep(tier.score(kind, score + bonus), field);
            }
        }
        // Tags weigh least, so a tag match never outranks a name.
        if only.is_none_or(|t| t == Tier::Fuzzy) {
            let mine = &self.tag_of[self.tag_start[n] as usize..self.tag_start[n + 1] as usize];
            for (i, &t) in mine.iter().enumerate() {
                if let Some(score) = tag_scores[t as usize] {
                    keep(Tier::Fuzzy.score(kind, score), Field::Tag(i));
                }
            }
        }
        best
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
        // Only the classes the best `limit` come from are scored (see [`top`]).
        let prepared = self.prepare(ds, query);
        let (mut hits, _) = self.classify(ds, &prepared, candidates).score_best(self, ds, &prepared, limit);
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
        self.scored(ds, prepared, candidates, None)
    }

    /// [`Searcher::matches_prepared`], scoring only the fields of one tier
    /// when the hits' tier is known.
    fn scored(&self, ds: &Dataset, prepared: &Prepared, candidates: &[EntityId], only: Option<Tier>) -> Vec<Hit> {
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
                    self.score_prepared(id, &q, matcher, &tag_scores, only)
                })
                .collect()
        };
        crate::cores::parts_on_all_cores(candidates, PARALLEL_MIN, one)
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

/// Puts a [`Searcher`] together, an entity at a time or a run of another
/// searcher's entities at a time.
struct Builder {
    s: Searcher,
    /// Each tag's place in `s.tags`.
    seen: std::collections::HashMap<String, u32>,
}

impl Builder {
    /// For `n` entities, starting from these distinct tags.
    fn new(n: usize, tags: Vec<String>) -> Self {
        let seen = tags.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect();
        let s = Searcher {
            matcher: SkimMatcherV2::default().smart_case(),
            quick: SkimMatcherV2::default().smart_case().element_limit(1),
            masks: Vec::with_capacity(n),
            texts: String::new(),
            bounds: vec![0],
            fields: Vec::with_capacity(n + 1),
            word_starts: Vec::with_capacity(n),
            kinds: Vec::with_capacity(n),
            tags,
            tag_of: Vec::new(),
            tag_start: Vec::with_capacity(n + 1),
        };
        Self { s, seen }
    }

    /// Indexes one entity, the next.
    fn push(&mut self, e: &Entity) {
        let s = &mut self.s;
        let fields = [e.name.as_str(), e.id.as_str()].into_iter();
        s.masks.push(mask(fields.chain(e.aliases.iter().map(String::as_str)).chain(e.tags.iter().map(String::as_str))));
        s.fields.push(s.bounds.len() as u32 - 1);
        let mut starts = 0;
        for text in std::iter::once(&e.name).chain(&e.aliases).chain([&e.id]) {
            s.texts.push_str(text);
            s.bounds.push(s.texts.len() as u32);
            let words = text.split(|c: char| !c.is_alphanumeric()).filter_map(|w| w.chars().next());
            starts |= text.chars().next().into_iter().chain(words).fold(0, |m, c| m | char_bit(c));
        }
        s.word_starts.push(starts);
        s.kinds.push(e.kind());
        s.tag_start.push(s.tag_of.len() as u32);
        for t in &e.tags {
            let n = match self.seen.get(t.as_str()) {
                Some(&n) => n,
                None => {
                    s.tags.push(t.clone());
                    let n = (s.tags.len() - 1) as u32;
                    self.seen.insert(t.clone(), n);
                    n
                }
            };
            s.tag_of.push(n);
        }
    }

    /// Copies entities `range` of `old`, whose tags are the first of this
    /// builder's (it started from `old`'s).
    fn copy(&mut self, old: &Searcher, range: std::ops::Range<usize>) {
        if range.is_empty() {
            return;
        }
        let s = &mut self.s;
        s.masks.extend_from_slice(&old.masks[range.clone()]);
        s.word_starts.extend_from_slice(&old.word_starts[range.clone()]);
        s.kinds.extend_from_slice(&old.kinds[range.clone()]);
        // Fields and their texts: one run of each, moved by the difference in where they start.
        let (f0, f1) = (old.fields[range.start] as usize, old.fields[range.end] as usize);
        let field_shift = (s.bounds.len() - 1) as i64 - f0 as i64;
        s.fields.extend(old.fields[range.clone()].iter().map(|&f| (f as i64 + field_shift) as u32));
        let (t0, t1) = (old.bounds[f0] as usize, old.bounds[f1] as usize);
        let text_shift = s.texts.len() as i64 - t0 as i64;
        s.texts.push_str(&old.texts[t0..t1]);
        s.bounds.extend(old.bounds[f0 + 1..=f1].iter().map(|&b| (b as i64 + text_shift) as u32));
        let (g0, g1) = (old.tag_start[range.start] as usize, old.tag_start[range.end] as usize);
        let tag_shift = s.tag_of.len() as i64 - g0 as i64;
        s.tag_start.extend(old.tag_start[range.clone()].iter().map(|&g| (g as i64 + tag_shift) as u32));
        s.tag_of.extend_from_slice(&old.tag_of[g0..g1]);
    }

    fn finish(mut self) -> Searcher {
        let s = &mut self.s;
        s.fields.push(s.bounds.len() as u32 - 1);
        s.tag_start.push(s.tag_of.len() as u32);
        self.s
    }
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
            ("Österreich", "öst"),
            ("élan", "ÉL"),
            ("Xiaomi 小米", "xm"),
            ("Xiaomi 小米", "Xm"),
            ("Xiaomi 小米", "XM"),
            ("xiaomi mi", "i m"),
            ("xiaomimi", "i m"),
            ("Kirin-9000s", "n-9"),
            ("", "a"),
        ] {
            // The test before the scorer says yes exactly when the scorer
            // finds a match, so counting by it counts the scorer's matches.
            let q = Query::new(query);
            assert_eq!(q.in_order(text), m.fuzzy_match(text, query).is_some(), "{text:?} {query:?}");
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
    fn tiers_on_bytes_are_tiers_on_chars() {
        let texts =
            ["Huawei", "huawei technologies", "Huawei-Xiaomi patent cross-licence", "Kirin 9000s", "a b", "", "x"];
        let queries =
            ["huawei", "HUAWEI", "hu", "xiaomi cross", "cross xiaomi", "k9", "kirin 9", "a  b", "x", "X", "a-b", "ab"];
        for text in texts {
            for query in queries {
                let q = Query::new(query);
                assert_eq!(
                    Tier::of_ascii(text.as_bytes(), q.text.as_bytes()),
                    Tier::of_chars(text, &q),
                    "{text:?} {query:?}"
                );
            }
        }
    }

    #[test]
    fn masks_fold_case_and_keep_every_char() {
        assert_eq!(mask(["Ab"]), mask(["aB"]));
        assert_eq!(mask(["abc"]) & mask(["ca"]), mask(["ca"]));
        assert_ne!(mask(["华为"]), 0, "CJK chars have bits too");
    }
}
