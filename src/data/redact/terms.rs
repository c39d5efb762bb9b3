//! The words of what is confidential, and finding them in any text.
//!
//! A *term* is a text a redacted view must not show anywhere: a name of a
//! whole confidential entry (its id, name, aliases, legal name, and its
//! name written as an id, for addresses), the value of a confidential field
//! (and a whole confidential agreement's value), with each amount of money
//! in a value in its other common spellings (`amounts.rs`).
//!
//! All terms are found at once by one Aho-Corasick automaton, on whole
//! words, in any case: a match must not have a letter or digit right before
//! or after it, and whitespace matches any run of whitespace. Chinese,
//! Japanese and Korean do not space their words, so a term's CJK edge
//! needs no boundary (`华为` is found in `华为技术`). Text with only
//! ASCII and single spaces (most of it) is searched as it is; other text is
//! folded first (lowercased, whitespace runs made one space), with a map
//! back to the original's bytes.
//!
//! The term rule: a term narrower than three columns (`HW`, `KY`; one CJK
//! character) is not used, since it would mask half the data; `check` warns
//! of each. A value that states no figure (`undisclosed`, `royalty-free`)
//! is not a term either: it tells a room nothing.

use aho_corasick::{AhoCorasick, MatchKind};
use unicode_width::UnicodeWidthStr;

use super::amounts::{CURRENCY, amounts};
use super::texts::{TextAt, dates, listed_dates};
use crate::data::model::{Confidential, Dataset, EntityId};
use crate::text::find::fold;

/// Narrowest term used, in columns.
pub const NARROWEST: usize = 3;

/// Values that say nothing a room should not hear: never terms.
const SAYS_NOTHING: [&str; 9] =
    ["undisclosed", "not disclosed", "unknown", "n/a", "none", "tbd", "confidential", "royalty-free", "free"];

/// What terms are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Masking a dataset's free text: names and values, under the term rule.
    Data,
    /// Masking a report that quotes the files (`check --redact`): every text
    /// of what is confidential, its dates, each line of a long text; no rule
    /// but a length of two, since masking too much of a report costs nothing.
    Report,
}

/// Whether a term is masked in other text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// It is.
    Used,
    /// It is too narrow: it would mask half the data.
    TooShort,
}

/// One term: what it is, and where it is written.
#[derive(Debug, Clone)]
pub struct Term {
    /// The confidential entry it belongs to.
    pub entity: EntityId,
    /// Where in that entry (none: a date).
    pub at: Option<TextAt>,
    /// The text, as written.
    pub text: String,
    /// Whether it is used.
    pub rule: Rule,
}

impl Term {
    /// True for a name of the entry (id, name, alias, legal name), false for a value.
    pub fn is_name(&self) -> bool {
        self.at.is_some_and(TextAt::is_name)
    }
}

/// One place a term was found in a text: a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// First byte.
    pub start: usize,
    /// Past the last byte.
    pub end: usize,
    /// Which term (index into [`Terms::all`]).
    pub term: usize,
}

/// Every term of a dataset, and the automaton that finds them.
#[derive(Debug, Default)]
pub struct Terms {
    terms: Vec<Term>,
    /// The term each pattern of the automaton stands for.
    pattern_term: Vec<usize>,
    finder: Option<AhoCorasick>,
}

impl Terms {
    /// The terms of `ds` (not redacted) for a purpose.
    pub fn of(ds: &Dataset, purpose: Purpose) -> Self {
        let mut terms = Vec::new();
        for id in ds.ids() {
            let e = ds.get(id);
            let mut push = |at: Option<TextAt>, text: &str| {
                for line in text.lines().filter(|_| purpose == Purpose::Report).chain([text]) {
                    let text = line.trim();
                    if !text.is_empty() {
                        terms.push(Term { entity: id, at, text: text.to_string(), rule: Rule::Used });
                    }
                }
            };
            match &e.confidential {
                Confidential::Nothing => continue,
                Confidential::Whole => {
                    // Its names, and its value (with what disputes over it claim).
                    let value = |at: TextAt| match at {
                        TextAt::Value => true,
                        TextAt::Claim(n, _) => e.disputed.get(n as usize).is_some_and(|d| d.field == "value"),
                        _ => false,
                    };
                    for at in TextAt::all(e) {
                        if purpose == Purpose::Report || at.is_name() || value(at) {
                            push(Some(at), at.get(e).unwrap_or_default());
                        }
                    }
                    // Its name as an id, as in addresses: `quorvex-holdings`.
                    let slug = crate::data::load::ids::slug(&e.name);
                    if slug.contains('-') {
                        push(Some(TextAt::Name), &slug);
                    }
                    if purpose == Purpose::Report {
                        dates(e).iter().for_each(|d| push(None, d));
                    }
                }
                c @ Confidential::Fields(_) => {
                    for at in TextAt::all(e).into_iter().filter(|at| *at != TextAt::Id && at.hidden(e)) {
                        push(Some(at), at.get(e).unwrap_or_default());
                    }
                    for d in listed_dates(e, c) {
                        // A year or a month would mask every date within it.
                        if purpose == Purpose::Report || d.len() == 10 {
                            push(None, &d);
                        }
                    }
                }
            }
        }
        Self::from_terms(terms, purpose)
    }

    fn from_terms(mut terms: Vec<Term>, purpose: Purpose) -> Self {
        let narrowest = if purpose == Purpose::Data { NARROWEST } else { 2 };
        terms
            .retain(|t| purpose == Purpose::Report || t.is_name() || !SAYS_NOTHING.contains(&folded(&t.text).as_str()));
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_term = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, t) in terms.iter_mut().enumerate() {
            if t.text.width() < narrowest {
                t.rule = Rule::TooShort;
                continue;
            }
            // A value's amounts in their other spellings; a name is only itself
            // (an id such as `acme-3b1` holds no amount of 3 billion).
            let forms = match t.is_name() {
                true => Vec::new(),
                false => amounts(&t.text).iter().flat_map(|a| a.forms()).collect::<Vec<_>>(),
            };
            for p in std::iter::once(folded(&t.text)).chain(forms.iter().map(|f| folded(f))) {
                if seen.insert(p.clone()) {
                    patterns.push(p);
                    pattern_term.push(i);
                }
            }
        }
        let finder = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .expect("the patterns are few and small enough to build")
        });
        Self { terms, pattern_term, finder }
    }

    /// Every term, used or not.
    pub fn all(&self) -> &[Term] {
        &self.terms
    }

    /// True when nothing would be masked.
    pub fn is_empty(&self) -> bool {
        self.finder.is_none()
    }

    /// Where terms stand in `text`: whole words, any case, apart and in
    /// order, the longest where two start at one place. An amount's
    /// currency sign (and a country's letters before it, `US$`) goes with it.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(finder) = &self.finder else { return Vec::new() };
        let mut hits = if plain(text) {
            self.matches(finder, text)
        } else {
            let (hay, map) = fold_mapped(text);
            let mut hits = self.matches(finder, &hay);
            for h in &mut hits {
                (h.start, h.end) = (map[h.start], map[h.end]);
            }
            hits
        };
        let mut end = 0;
        for h in &mut hits {
            h.start = with_currency(text, h.start).max(end);
            end = h.end;
        }
        hits
    }

    fn matches(&self, finder: &AhoCorasick, hay: &str) -> Vec<Hit> {
        let mut found: Vec<(usize, usize, usize)> = finder
            .find_overlapping_iter(hay)
            .filter(|m| whole_word(hay, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut hits: Vec<Hit> = Vec::new();
        for (start, end, p) in found {
            if hits.last().is_none_or(|h| start >= h.end) {
                hits.push(Hit { start, end, term: self.pattern_term[p] });
            }
        }
        hits
    }

    /// `text` with every term in it replaced by `mask`, or `None` when it has none.
    pub fn replace(&self, text: &str, mask: &str) -> Option<String> {
        let hits = self.find(text);
        if hits.is_empty() {
            return None;
        }
        Some(replaced(text, &hits, mask))
    }
}

/// `text` with each hit replaced by `mask`.
pub fn replaced(text: &str, hits: &[Hit], mask: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for h in hits {
        out.push_str(&text[from..h.start]);
        out.push_str(mask);
        from = h.end;
    }
    out.push_str(&text[from..]);
    out
}

/// A term as the automaton holds it: folded, whitespace runs one space.
fn folded(text: &str) -> String {
    fold_mapped(text.trim()).0
}

/// True when `text` can be searched as it is: ASCII, no whitespace but
/// single spaces.
fn plain(text: &str) -> bool {
    let mut space = false;
    text.bytes().all(|b| {
        let ok = b.is_ascii() && b != b'\n' && b != b'\r' && b != b'\t' && !(space && b == b' ');
        space = b == b' ';
        ok
    })
}

/// `text` folded (each char lowercased, each whitespace run one space),
/// and for each byte of the folded text, and one past its end, the byte of
/// `text` it came from.
fn fold_mapped(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                map.push(i);
            }
            space = true;
            continue;
        }
        space = false;
        let before = out.len();
        out.push(fold(c));
        map.extend(std::iter::repeat_n(i, out.len() - before));
    }
    map.push(text.len());
    (out, map)
}

/// Chinese, Japanese and Korean script, whose words are not spaced.
fn cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// A char that continues a word: a letter or digit of a spaced script.
fn wordy(c: char) -> bool {
    c.is_alphanumeric() && !cjk(c)
}

/// Whether `hay[start..end]` stands as a whole word: no letter or digit
/// touches a spaced-script edge, and a number does not go on (`12` is not
/// in `12.5` or `1,120`).
fn whole_word(hay: &str, start: usize, end: usize) -> bool {
    let (before, inside, after) = (&hay[..start], &hay[start..end], &hay[end..]);
    let (Some(first), Some(last)) = (inside.chars().next(), inside.chars().next_back()) else { return false };
    let mut back = before.chars().rev();
    let mut on = after.chars();
    let (b1, b2, a1, a2) = (back.next(), back.next(), on.next(), on.next());
    let continues = |edge: char, next: Option<char>, then: Option<char>| {
        wordy(edge)
            && (next.is_some_and(wordy)
                || (edge.is_ascii_digit()
                    && matches!(next, Some('.' | ','))
                    && then.is_some_and(|c| c.is_ascii_digit())))
    };
    !continues(first, b1, b2) && !continues(last, a1, a2)
}

/// Where a hit at `start` begins once the currency sign right before it
/// (and up to three capitals before that: `US$`, `HK$`) is taken with it.
fn with_currency(text: &str, start: usize) -> usize {
    let before = &text[..start];
    if !text[start..].starts_with(|c: char| c.is_ascii_digit()) {
        return start;
    }
    let Some(sign) = before.chars().next_back().filter(|c| CURRENCY.contains(c)) else { return start };
    let at = start - sign.len_utf8();
    let caps = before[..at].bytes().rev().take_while(u8::is_ascii_uppercase).count();
    let word_before = before[..at - caps].chars().next_back().is_some_and(wordy);
    if caps <= 3 && !word_before { at - caps } else { at }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(texts: &[&str]) -> Terms {
        let t = texts
            .iter()
            .map(|s| Term { entity: EntityId(0), at: Some(TextAt::Value), text: s.to_string(), rule: Rule::Used })
            .collect();
        Terms::from_terms(t, Purpose::Data)
    }

    fn masked(t: &Terms, text: &str) -> String {
        t.replace(text, "#").unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn whole_words_in_any_case() {
        let t = terms(&["Qorvath Holdings", "QVH", "qorvath", "qorvath-holdings"]);
        assert_eq!(masked(&t, "Acme licenses from Qorvath Holdings (QVH)."), "Acme licenses from # (#).");
        assert_eq!(masked(&t, "QORVATH's deal; qvhx and xqvh stay"), "#'s deal; qvhx and xqvh stay");
        assert_eq!(masked(&t, "https://ex.com/news/qorvath-holdings-acme"), "https://ex.com/news/#-acme");
        assert_eq!(masked(&t, "Qorvath\n   Holdings\tpays"), "#\tpays", "any whitespace between words");
    }

    #[test]
    fn the_longest_that_stands_as_a_word_wins() {
        let t = terms(&["acme", "acme corp"]);
        assert_eq!(masked(&t, "acme corpus"), "# corpus", "the longer one does not end a word");
        assert_eq!(masked(&t, "the acme corp deal"), "the # deal");
    }

    #[test]
    fn amounts_in_their_other_spellings() {
        let t = terms(&["77123 million"]);
        for text in ["for 77123 million", "for $77,123 million", "for US$77,123mn", "for 77,123 MILLION"] {
            assert_eq!(masked(&t, text), "for #", "{text}");
        }
        assert_eq!(masked(&t, "for 177123 million, 77123 millions"), "for 177123 million, 77123 millions");
        let t = terms(&["$12 per unit"]);
        assert_eq!(masked(&t, "at $12 each, not $12.50 or $120"), "at # each, not $12.50 or $120");
    }

    #[test]
    fn a_name_is_only_itself_never_an_amount() {
        // A generated id such as `netiki-lintra-systems-3b1` masked every
        // other `3b` (read as 3 billion) before.
        let name = Term { entity: EntityId(0), at: Some(TextAt::Id), text: "acme-3b1".into(), rule: Rule::Used };
        let t = Terms::from_terms(vec![name], Purpose::Data);
        assert_eq!(masked(&t, "see acme-3b1, kocro-3b and 3 billion"), "see #, kocro-3b and 3 billion");
    }

    #[test]
    fn cjk_needs_no_boundary_and_case_folds_beyond_ascii() {
        let t = terms(&["华为", "Ärzte Bank"]);
        assert_eq!(masked(&t, "华为技术与Acme"), "#技术与Acme");
        assert_eq!(masked(&t, "die ÄRZTE BANK zahlt"), "die # zahlt");
    }

    #[test]
    fn the_term_rule() {
        let t = terms(&["HW", "华", "undisclosed", "QVH"]);
        let rules: Vec<Rule> = t.all().iter().map(|t| t.rule).collect();
        assert_eq!(rules, [Rule::TooShort, Rule::TooShort, Rule::Used], "undisclosed is no term");
        assert_eq!(masked(&t, "HW and 华 and undisclosed and QVH"), "HW and 华 and undisclosed and #");
        assert!(terms(&[]).is_empty());
    }
}
