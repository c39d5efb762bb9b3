//! Qualifiers in a search: `kind:agreement`, `party:huawei`, `with:xiaomi`,
//! `tag:5G` or `#5G`, `year:2023`, `after:2022`, `before:2024`, mixed with
//! the fuzzy words (`kind:agreement with:xiaomi cross`). Every qualifier
//! must hold; the words rank what is left. A qualifier that is unknown or
//! whose value names nothing is a problem, reported to the user and not
//! applied (so a half-typed one never empties the list).
//!
//! Dates: `year:2023` keeps what is dated in 2023; `after:2022` what is
//! dated after 2022 ends; `before:2024` what is dated before 2024 begins.
//! An entity's date is its founding, announcement, launch, signing (or
//! taking effect), event or publication date; an undated entity never
//! passes a date qualifier.

use crate::data::date::PartialDate;
use crate::data::model::{Dataset, Entity, EntityData, EntityId, Kind, Relation};

/// The qualifiers a search understands, as typed.
pub const QUALIFIERS: [&str; 7] = ["kind", "party", "with", "tag", "year", "after", "before"];

/// One condition on an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// Of this kind.
    Kind(Kind),
    /// An agreement with this firm among its parties.
    Party(EntityId),
    /// Linked to this entity, either way (citations aside).
    With(EntityId),
    /// Tagged so (any case).
    Tag(String),
    /// Dated within this year.
    Year(i32),
    /// Dated after this date ends.
    After(PartialDate),
    /// Dated before this date begins.
    Before(PartialDate),
}

/// A search split into its qualifiers and its fuzzy words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The words left for the fuzzy matcher, in order.
    pub words: String,
    /// What every match must satisfy.
    pub conditions: Vec<Condition>,
    /// Qualifiers that were not understood, in words, for the user.
    pub problems: Vec<String>,
}

/// True when a query has anything that reads as a qualifier (so a longer
/// query is not a narrowing of a shorter one: `after:2023` then
/// `after:2023-01` widens).
pub fn has_qualifiers(query: &str) -> bool {
    query.split_whitespace().any(|t| qualifier(t).is_some())
}

/// A token read as a qualifier: `#tag`, or `key:value` with a key of
/// letters (a known key with nothing after its colon yet is one being
/// typed; an unknown one with nothing after it is text, as in `Re:`).
fn qualifier(token: &str) -> Option<(&str, &str)> {
    if let Some(tag) = token.strip_prefix('#') {
        return (!tag.is_empty()).then_some(("tag", tag));
    }
    let (key, value) = token.split_once(':')?;
    let letters = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphabetic());
    let known = QUALIFIERS.iter().any(|q| q.eq_ignore_ascii_case(key));
    (letters && (known || !value.is_empty())).then_some((key, value))
}

/// Splits a query into qualifiers and words; `known_tag` says whether any
/// entity carries a tag (the searcher knows every distinct tag).
pub fn parse(ds: &Dataset, query: &str, known_tag: &dyn Fn(&str) -> bool) -> Parsed {
    let mut p = Parsed::default();
    let mut words = Vec::new();
    for token in query.split_whitespace() {
        let Some((key, value)) = qualifier(token) else {
            words.push(token);
            continue;
        };
        if value.is_empty() {
            // Still being typed: nothing to apply yet, nothing to complain of.
            continue;
        }
        match condition(ds, &key.to_ascii_lowercase(), value, known_tag) {
            Ok(c) => p.conditions.push(c),
            Err(problem) => p.problems.push(problem),
        }
    }
    p.words = words.join(" ");
    p
}

fn condition(ds: &Dataset, key: &str, value: &str, known_tag: &dyn Fn(&str) -> bool) -> Result<Condition, String> {
    let date =
        |v: &str| PartialDate::parse(v).map_err(|_| format!("`{key}:{v}`: a date is YYYY, YYYY-MM or YYYY-MM-DD"));
    match key {
        "kind" => Kind::parse(value).map(Condition::Kind).ok_or_else(|| {
            format!("`kind:{value}`: kinds are firm, person, chipset, product, agreement, event, source")
        }),
        "party" => entity(ds, value).map(Condition::Party).map_err(|e| format!("`party:{value}`: {e}")),
        "with" => entity(ds, value).map(Condition::With).map_err(|e| format!("`with:{value}`: {e}")),
        "tag" => {
            if known_tag(value) {
                Ok(Condition::Tag(value.to_string()))
            } else {
                Err(format!("no entity is tagged #{value}"))
            }
        }
        "year" => match value.parse::<i32>() {
            Ok(y) if value.len() == 4 => Ok(Condition::Year(y)),
            _ => Err(format!("`year:{value}`: a year has four digits")),
        },
        "after" => date(value).map(Condition::After),
        "before" => date(value).map(Condition::Before),
        other => Err(format!("unknown qualifier `{other}:` (known: {})", QUALIFIERS.join(", "))),
    }
}

/// An entity named by id, or by its name or an alias (any case).
fn entity(ds: &Dataset, value: &str) -> Result<EntityId, String> {
    ds.named(value).ok_or_else(|| "no entity has that id or name".to_string())
}

/// The date an entity is known by, for the date qualifiers.
fn date_of(e: &Entity) -> Option<PartialDate> {
    match &e.data {
        EntityData::Firm(f) => f.founded,
        EntityData::Person(_) => None,
        EntityData::Chipset(c) => c.announced,
        EntityData::Product(p) => p.launched,
        EntityData::Agreement(a) => a.signed.or(a.effective),
        EntityData::Event(ev) => ev.date,
        EntityData::Source(s) => s.date,
    }
}

impl Condition {
    /// True when the entity satisfies it.
    pub fn holds(&self, ds: &Dataset, id: EntityId) -> bool {
        let e = ds.get(id);
        match self {
            Condition::Kind(k) => e.kind() == *k,
            Condition::Party(x) => ds.links_from(id).any(|l| l.relation == Relation::Party && l.to == *x),
            Condition::With(x) => {
                ds.links_from(id).any(|l| l.to == *x && l.relation != Relation::Cites)
                    || ds.links_to(id).any(|l| l.from == *x && l.relation != Relation::Cites)
            }
            Condition::Tag(t) => e.tags.iter().any(|x| x.eq_ignore_ascii_case(t)),
            Condition::Year(y) => date_of(e).is_some_and(|d| d.year_part() == *y),
            Condition::After(d) => date_of(e).is_some_and(|x| x.start_day() > d.end_day()),
            Condition::Before(d) => date_of(e).is_some_and(|x| x.end_day() < d.start_day()),
        }
    }
}

impl Parsed {
    /// True when the entity satisfies every condition.
    pub fn admits(&self, ds: &Dataset, id: EntityId) -> bool {
        self.conditions.iter().all(|c| c.holds(ds, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load::{DataSource, load};

    fn demo() -> Dataset {
        load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap()
    }

    fn parse_demo(ds: &Dataset, query: &str) -> Parsed {
        let searcher = crate::search::Searcher::new(ds);
        parse(ds, query, &|t| searcher.knows_tag(t))
    }

    #[test]
    fn qualifiers_and_words_are_told_apart() {
        let ds = demo();
        let p = parse_demo(&ds, "kind:agreement with:xiaomi cross #5G year:2023");
        assert_eq!(p.words, "cross");
        assert_eq!(p.conditions.len(), 4, "{p:?}");
        assert!(p.problems.is_empty());
        let p = parse_demo(&ds, "colour:red after:2023-13 party:nobody kind:planet #nope year:23 Re: x");
        assert_eq!(p.words, "Re: x", "a colon after no letters, or nothing after it, is text");
        assert_eq!(p.problems.len(), 6, "{:#?}", p.problems);
        assert!(p.problems[0].starts_with("unknown qualifier `colour:`"));
        assert!(p.conditions.is_empty());
        assert!(has_qualifiers("x #5G") && has_qualifiers("kind:firm") && !has_qualifiers("Re: x"));
    }

    #[test]
    fn each_qualifier_keeps_what_it_says() {
        let ds = demo();
        let keeps = |q: &str, id: &str| parse_demo(&ds, q).admits(&ds, ds.lookup(id).unwrap());
        assert!(keeps("kind:deal", "huawei-xiaomi-cross-license") && !keeps("kind:deal", "huawei"));
        assert!(keeps("party:huawei", "huawei-xiaomi-cross-license") && !keeps("party:huawei", "xu-ran"));
        assert!(keeps("with:xiaomi", "xu-ran") && keeps("with:Xiaomi", "huawei-xiaomi-cross-license"));
        assert!(keeps("#5G", "huawei") && keeps("tag:5g", "huawei") && !keeps("#5G", "xu-ran"));
        assert!(
            keeps("year:2023", "huawei-xiaomi-cross-license") && !keeps("year:2022", "huawei-xiaomi-cross-license")
        );
        assert!(keeps("after:2022 before:2024", "huawei-xiaomi-cross-license"));
        assert!(
            !keeps("after:2023", "huawei-xiaomi-cross-license") && !keeps("before:2023", "huawei-xiaomi-cross-license")
        );
        assert!(!keeps("year:2023", "xu-ran"), "undated never passes a date qualifier");
    }
}
