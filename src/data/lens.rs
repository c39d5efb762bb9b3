//! "As of a date": what existed on a day, and who held which role then.
//! Partial dates follow the timeline's rules: a date covers its whole month
//! or year, and a span counts when it overlaps the day at all. What the data
//! does not date is placed where it was first reported: at its earliest
//! dated source (a phone the sources first name in November 2024 did not
//! exist, as far as the data knows, in 2023); with no dated source either,
//! it is taken to exist.

use crate::data::date::PartialDate;
use crate::data::model::{Agreement, Dataset, EntityData, EntityId, Role};

/// True when `d` is on or before the lens day (`d` began by then).
fn began(d: Option<PartialDate>, day: PartialDate) -> bool {
    d.is_none_or(|d| d.start_day() <= day.end_day())
}

/// True when `d` had not passed by the lens day.
fn not_ended(d: Option<PartialDate>, day: PartialDate) -> bool {
    d.is_none_or(|d| d.end_day() >= day.start_day())
}

/// True when a role was held on the day.
pub fn role_held(r: &Role, day: PartialDate) -> bool {
    began(r.from, day) && not_ended(r.to, day)
}

/// True when an agreement was in force on the day: signed or in effect by
/// then and not expired.
pub fn in_force(a: &Agreement, day: PartialDate) -> bool {
    began(a.effective.or(a.signed), day) && not_ended(a.expires, day)
}

/// True when the entity existed on the day: a firm founded, a chip
/// announced, a product launched, an agreement in force, an event happened,
/// a source published, a person holding a role (or undated).
pub fn exists(ds: &Dataset, id: EntityId, day: PartialDate) -> bool {
    let e = ds.get(id);
    // Undated: from its first report, if any source is dated.
    let reported = || {
        let first = e.sources.iter().filter_map(|&s| match &ds.get(s).data {
            EntityData::Source(s) => s.date,
            _ => None,
        });
        began(first.min(), day)
    };
    match &e.data {
        EntityData::Firm(f) if f.founded.is_some() => began(f.founded, day),
        EntityData::Person(p) if p.roles.iter().any(|r| r.from.is_some()) => {
            p.roles.iter().any(|r| r.from.is_some() && began(r.from, day))
        }
        EntityData::Chipset(c) if c.announced.is_some() => began(c.announced, day),
        EntityData::Product(p) if p.launched.is_some() => began(p.launched, day),
        EntityData::Agreement(a) if a.effective.or(a.signed).is_some() || a.expires.is_some() => in_force(a, day),
        EntityData::Event(ev) if ev.date.is_some() => began(ev.date, day),
        EntityData::Source(s) => began(s.date, day),
        _ => reported(),
    }
}

/// The titles a person held at a firm on the day ("role" for an untitled
/// one), the one taken up last first.
pub fn titles_held(ds: &Dataset, person: EntityId, firm: EntityId, day: PartialDate) -> Vec<String> {
    let EntityData::Person(p) = &ds.get(person).data else { return Vec::new() };
    let mut held: Vec<&Role> = p.roles.iter().filter(|r| r.firm == firm && role_held(r, day)).collect();
    held.sort_by_key(|r| std::cmp::Reverse(r.from));
    held.iter().map(|r| r.title.clone().unwrap_or_else(|| "role".to_string())).collect()
}

/// The people holding a role at a firm on the day, each with the titles held.
pub fn in_office(ds: &Dataset, firm: EntityId, day: PartialDate) -> Vec<(EntityId, Vec<String>)> {
    let mut people: Vec<EntityId> =
        ds.links_to(firm).filter(|l| l.relation == crate::data::model::Relation::Role).map(|l| l.from).collect();
    people.dedup();
    people.into_iter().map(|p| (p, titles_held(ds, p, firm, day))).filter(|(_, titles)| !titles.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load::{DataSource, load};

    fn demo() -> Dataset {
        load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap()
    }

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn xiaomis_president_when_the_cross_licence_was_signed_is_lu_weibing() {
        let ds = demo();
        let xiaomi = ds.lookup("xiaomi").unwrap();
        let office = in_office(&ds, xiaomi, d("2023-09-13"));
        let president: Vec<&str> = office
            .iter()
            .filter(|(_, t)| t.iter().any(|t| t.to_lowercase().contains("president")))
            .map(|(p, _)| ds.get(*p).id.as_str())
            .collect();
        assert_eq!(president, ["lu-weibing"], "{office:?}");
    }

    #[test]
    fn what_did_not_exist_yet_does_not() {
        let ds = demo();
        let id = |s: &str| ds.lookup(s).unwrap();
        assert!(!exists(&ds, id("mate-70"), d("2023-09-13")), "the Mate 70 launched in 2024");
        assert!(exists(&ds, id("mate-60-pro"), d("2023-09-13")));
        assert!(!exists(&ds, id("huawei-xiaomi-cross-license"), d("2019")), "not in force in 2019");
        assert!(exists(&ds, id("huawei-xiaomi-cross-license"), d("2023-09-13")));
        assert!(exists(&ds, id("huawei"), d("2019")) && !exists(&ds, id("huawei"), d("1980")));
    }
}
