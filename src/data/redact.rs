//! Redaction: the dataset as someone not cleared may see it. What the data
//! marks `confidential` is taken out of the data itself, not hidden by each
//! view, so no surface (lists, cards, search, timelines, the CLI, a copy, a
//! recording) can show what is not there. A confidential entity keeps its
//! place and its links (a deal still has two parties) but becomes "redacted
//! firm", with no id, name, aliases, tags, dates or sources that could say who
//! it is; a confidential field's value becomes [`MASK`], the same width
//! whatever it hid. Entity handles stay the same, so a follower without
//! clearance can follow a cleared presenter.
//!
//! Free text is masked too, in the same step: wherever another text names a
//! confidential entry or states a confidential value (`terms.rs` says which
//! words those are and finds them; `freetext.rs` masks them; `texts.rs`
//! names every text an entry, a tour and the header have).

mod amounts;
mod freetext;
pub mod terms;
pub mod texts;

use std::sync::Arc;

use super::model::{Confidential, Dataset, Entity, EntityData, EntityId, Links, Relation};
use terms::{Purpose, Terms};
use texts::TextAt;

/// What a masked value reads: one width for every value, so its length says
/// nothing; plain ASCII, so it reads the same in every terminal and file.
pub const MASK: &str = "[redacted]";

/// The data as someone is to see it: `ds` itself when they are `cleared`,
/// when it is already redacted, or when nothing in it is confidential (no
/// copy made); else [`redact`]ed. The one rule every runtime and command
/// applies where data is loaded or reloaded.
pub fn view(ds: &Arc<Dataset>, cleared: bool) -> Arc<Dataset> {
    if cleared || ds.is_redacted() || !ds.entities().iter().any(|e| e.confidential.any()) {
        Arc::clone(ds)
    } else {
        Arc::new(redact(ds))
    }
}

/// The dataset with every confidential entity and field masked, and every
/// other text that names or states one of them (see `freetext.rs`).
pub fn redact(ds: &Dataset) -> Dataset {
    // Only what changes is copied: the rest is shared with `ds`.
    let mut entities: Vec<Arc<Entity>> = ds.entities().to_vec();
    let mut n = 0;
    for e in entities.iter_mut() {
        match e.confidential.clone() {
            Confidential::Nothing => {}
            Confidential::Whole => {
                n += 1;
                mask_whole(Arc::make_mut(e), n);
            }
            Confidential::Fields(fields) => {
                let e = Arc::make_mut(e);
                for f in &fields {
                    mask_field(e, f);
                }
            }
        }
    }
    let whole = |id: EntityId| ds.get(id).confidential == Confidential::Whole;
    // The links kept, with their notes alone: what is left out takes its note with it.
    let mut links = Links::default();
    let kept = ds.links().iter().filter(|l| {
        let from = &ds.get(l.from).confidential;
        // A hidden field's links go with it; a hidden entity's citations
        // could say who it is. Its other links stay: it is still a party.
        match from {
            Confidential::Whole => l.relation != Relation::Cites,
            c => !c.covers(link_field(l.relation)),
        }
    });
    for l in kept {
        let note = ds.note(l).map(|n| if whole(l.from) || whole(l.to) { MASK.to_string() } else { n.to_string() });
        links.push(l.from, l.to, l.relation, note);
    }
    let (mut tours, mut info) = (ds.tours().to_vec(), ds.info().clone());
    freetext::mask(&Terms::of(ds, Purpose::Data), &mut entities, &mut links, &mut tours, &mut info);
    Dataset::new(info, entities, links, ds.files().to_vec()).with_tours(tours).written_as(ds).marked_redacted()
}

/// The field in the data that makes links of this relation.
fn link_field(r: Relation) -> &'static str {
    match r {
        Relation::Statement => "statements",
        r => r.outward(),
    }
}

fn mask(v: &mut Option<String>) {
    if v.is_some() {
        *v = Some(MASK.to_string());
    }
}

/// A whole confidential entity: the `n`th of the dataset.
fn mask_whole(e: &mut Entity, n: usize) {
    let noun = e.kind().noun();
    e.id = format!("redacted-{n}");
    e.name = format!("redacted {noun}");
    e.aliases.clear();
    e.tags.clear();
    e.summary = None;
    e.sources.clear();
    e.extra.clear();
    e.disputed.clear();
    match &mut e.data {
        EntityData::Firm(f) => {
            mask(&mut f.legal_name);
            mask(&mut f.country);
            mask(&mut f.hq);
            (f.founded, f.dissolved) = (None, None);
        }
        EntityData::Person(p) => {
            for r in &mut p.roles {
                mask(&mut r.title);
                (r.from, r.to) = (None, None);
            }
        }
        EntityData::Chipset(c) => {
            mask(&mut c.process);
            c.announced = None;
            c.specs.clear();
        }
        EntityData::Product(p) => {
            mask(&mut p.category);
            p.launched = None;
        }
        EntityData::Agreement(a) => {
            mask(&mut a.kind);
            mask(&mut a.value);
            (a.signed, a.effective, a.expires) = (None, None, None);
            a.scope.clear();
            for p in &mut a.parties {
                mask(&mut p.role);
            }
            for s in &mut a.statements {
                s.text = MASK.to_string();
            }
        }
        EntityData::Event(ev) => {
            mask(&mut ev.kind);
            ev.date = None;
        }
        EntityData::Source(s) => {
            mask(&mut s.author);
            mask(&mut s.publisher);
            mask(&mut s.url);
            s.date = None;
        }
    }
}

/// One confidential field (`value`, `extra.price`, `statements`), as the
/// loader checked it: values masked, dates and lists emptied (the card says
/// they are masked), links dropped with their field.
fn mask_field(e: &mut Entity, field: &str) {
    let masked = |pairs: &mut Vec<(String, String)>, key: Option<&str>| {
        for (k, v) in pairs.iter_mut() {
            if key.is_none_or(|key| key == k) {
                *v = MASK.to_string();
            }
        }
    };
    match field.split_once('.') {
        Some(("extra", key)) => return masked(&mut e.extra, Some(key)),
        Some(("specs", key)) => {
            if let EntityData::Chipset(c) = &mut e.data {
                masked(&mut c.specs, Some(key));
            }
            return;
        }
        _ => {}
    }
    match field {
        "aliases" => e.aliases.clear(),
        "tags" => e.tags.clear(),
        "summary" => mask(&mut e.summary),
        "sources" => e.sources.clear(),
        "extra" => masked(&mut e.extra, None),
        "disputed" => e.disputed.clear(),
        _ => {}
    }
    // What the sources disagree on would tell the value.
    e.disputed.retain(|d| d.field != field);
    match (&mut e.data, field) {
        (EntityData::Firm(f), "legal_name") => mask(&mut f.legal_name),
        (EntityData::Firm(f), "country") => mask(&mut f.country),
        (EntityData::Firm(f), "hq") => mask(&mut f.hq),
        (EntityData::Firm(f), "founded") => f.founded = None,
        (EntityData::Firm(f), "dissolved") => f.dissolved = None,
        (EntityData::Firm(f), "parent") => f.parent = None,
        (EntityData::Person(p), "roles") => p.roles.clear(),
        (EntityData::Chipset(c), "designer") => c.designer = None,
        (EntityData::Chipset(c), "foundry") => c.foundry = None,
        (EntityData::Chipset(c), "process") => mask(&mut c.process),
        (EntityData::Chipset(c), "announced") => c.announced = None,
        (EntityData::Chipset(c), "predecessor") => c.predecessor = None,
        (EntityData::Chipset(c), "specs") => masked(&mut c.specs, None),
        (EntityData::Product(p), "maker") => p.maker = None,
        (EntityData::Product(p), "chipsets") => p.chipsets.clear(),
        (EntityData::Product(p), "category") => mask(&mut p.category),
        (EntityData::Product(p), "launched") => p.launched = None,
        (EntityData::Agreement(a), "kind") => mask(&mut a.kind),
        (EntityData::Agreement(a), "parties") => a.parties.clear(),
        (EntityData::Agreement(a), "signed") => a.signed = None,
        (EntityData::Agreement(a), "effective") => a.effective = None,
        (EntityData::Agreement(a), "expires") => a.expires = None,
        (EntityData::Agreement(a), "scope") => a.scope.clear(),
        (EntityData::Agreement(a), "value") => mask(&mut a.value),
        (EntityData::Agreement(a), "people") => a.people.clear(),
        (EntityData::Agreement(a), "statements") => a.statements.clear(),
        (EntityData::Event(ev), "date") => ev.date = None,
        (EntityData::Event(ev), "kind") => mask(&mut ev.kind),
        (EntityData::Event(ev), "involves") => ev.involves.clear(),
        (EntityData::Source(s), "author") => mask(&mut s.author),
        (EntityData::Source(s), "publisher") => mask(&mut s.publisher),
        (EntityData::Source(s), "url") => mask(&mut s.url),
        (EntityData::Source(s), "date") => s.date = None,
        _ => {}
    }
}

/// What of a dataset is confidential, in words (lowercased): each text a
/// redacted view leaves out. A presenter who is cleared publishes captions
/// and typed filters to followers who may not be; these keep them clean.
#[derive(Debug, Default)]
pub struct Secrets {
    words: Vec<String>,
    /// The entities with something confidential: true for a whole one.
    marked: std::collections::HashMap<EntityId, bool>,
    /// The names and values masked in the redacted view's free text.
    terms: Terms,
}

impl Secrets {
    /// The texts of `ds` (not redacted) that its redacted view leaves out.
    pub fn of(ds: &Dataset) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut n = 0;
        let mut marked = std::collections::HashMap::new();
        for (id, e) in ds.entities().iter().enumerate().filter(|(_, e)| e.confidential.any()) {
            marked.insert(EntityId(id as u32), e.confidential == Confidential::Whole);
            let mut masked = Entity::clone(e);
            match &e.confidential {
                Confidential::Whole => {
                    n += 1;
                    mask_whole(&mut masked, n);
                }
                Confidential::Fields(fields) => fields.iter().for_each(|f| mask_field(&mut masked, f)),
                Confidential::Nothing => {}
            }
            let kept: std::collections::HashSet<String> =
                texts(&masked).iter().map(|k| k.trim().to_lowercase()).collect();
            for t in texts(e) {
                let t = t.trim().to_lowercase();
                if !t.is_empty() && !kept.contains(&t) && seen.insert(t.clone()) {
                    words.push(t);
                }
            }
        }
        // Longest first, so a name is replaced before a word inside it.
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        Self { words, marked, terms: Terms::of(ds, Purpose::Data) }
    }

    /// True when nothing is confidential.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `text` with each secret of three or more characters in it (any
    /// case) replaced by [`MASK`], and each name and value the redacted
    /// view's free text masks (an amount in its other spellings too).
    pub fn scrub(&self, text: &str) -> String {
        let mut out = self.terms.replace(text, MASK).unwrap_or_else(|| text.to_string());
        for w in self.words.iter().filter(|w| w.chars().count() >= 3) {
            if out.to_lowercase().contains(w.as_str()) {
                out = masked_word(&out, w);
            }
        }
        out
    }

    /// Whether the entity has something confidential: `Some(true)` when
    /// it is confidential whole, `Some(false)` for some of its fields.
    pub fn marked(&self, id: EntityId) -> Option<bool> {
        self.marked.get(&id).copied()
    }

    /// Whether a typed filter could be looking for a secret: one of its
    /// words is inside a secret, or (a single letter) begins one.
    pub fn hinted_by(&self, query: &str) -> bool {
        let query = query.to_lowercase();
        query.split_whitespace().any(|q| {
            self.words.iter().any(|w| {
                if q.chars().count() >= 2 { w.contains(q) } else { w.split_whitespace().any(|x| x.starts_with(q)) }
            })
        })
    }
}

/// `text` with each occurrence of `word` (lowercase), in any case, replaced
/// by [`MASK`]: one pass from left to right that never looks inside a mask
/// (its own or one already there), so a secret that is part of the mask's
/// own text (`red`, `act`) cannot make it loop. Compared a character at a
/// time, lowercased, so letters whose lowercase is longer (`İ`) line up too.
fn masked_word(text: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if text[i..].starts_with(MASK) {
            out.push_str(MASK);
            i += MASK.len();
        } else if let Some(len) = match_at(&text[i..], word) {
            out.push_str(MASK);
            i += len;
        } else {
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length in bytes of the start of `text` that reads `word`
/// (lowercase) once lowercased, if it does.
fn match_at(text: &str, word: &str) -> Option<usize> {
    let mut want = word.chars().peekable();
    for (at, c) in text.char_indices() {
        for l in c.to_lowercase() {
            if want.next() != Some(l) {
                return None;
            }
        }
        if want.peek().is_none() {
            return Some(at + c.len_utf8());
        }
    }
    None
}

/// Every text an entity shows, and its dates, for [`Secrets`].
fn texts(e: &Entity) -> Vec<String> {
    let mut t: Vec<String> = TextAt::all(e).into_iter().filter_map(|at| at.get(e).map(str::to_string)).collect();
    t.extend(texts::dates(e));
    t
}

#[cfg(test)]
mod tests {
    use super::{MASK, masked_word};

    #[test]
    fn a_secret_inside_the_mask_is_masked_once_and_never_loops() {
        // `red`, `act` and `ted` are in `[redacted]` itself.
        for word in ["red", "act", "ted", "redact"] {
            let text = format!("Red team, REDACTED act, {MASK}");
            let out = masked_word(&text, word);
            assert!(out.len() < 200, "{word}: {out}");
            assert!(!out.to_lowercase().replace(&MASK.to_lowercase(), "").contains(word), "{word}: {out}");
        }
        assert_eq!(masked_word("Red team", "red"), format!("{MASK} team"));
    }

    #[test]
    fn letters_whose_lowercase_is_longer_do_not_stop_the_masking() {
        // `İ` lowercases to two characters: the word after it is still found.
        assert_eq!(masked_word("İstanbul falcon deal", "falcon"), format!("İstanbul {MASK} deal"));
        assert_eq!(masked_word("the KELVIN deal", "kelvin"), format!("the {MASK} deal"));
        assert_eq!(masked_word("İst", "ist"), "İst", "İ reads i̇, not i");
    }
}
