//! "As of a date": what existed on a day, and who held which role then.
//! Partial dates follow the timeline's rules: a date covers its whole month
//! or year, and a span counts when it overlaps the day at all. What the data
//! gives no date for is taken to exist (its card says the date is unknown):
//! unknown is not "not yet". An agreement exists once signed (or in effect),
//! and only when every party to it does.
//!
//! [`view`] makes the dataset as of a day (`Dataset::seen`): every list,
//! count, search, card, path and timeline drawn from it shows that day's
//! world and nothing else, by construction.

use std::sync::Arc;

use crate::data::date::PartialDate;
use crate::data::model::{Dataset, Entity, EntityData, EntityId, Kind, Relation, Role};

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

/// True when the entity had begun by the day, by its own dates: a firm
/// founded, a chip announced, a product launched, an agreement signed or in
/// effect, an event happened, a source published, a person in a role. What
/// has no such date had begun.
fn begun(e: &Entity, day: PartialDate) -> bool {
    match &e.data {
        EntityData::Firm(f) => began(f.founded, day),
        EntityData::Person(p) => {
            let dated = || p.roles.iter().filter(|r| r.from.is_some());
            dated().next().is_none() || dated().any(|r| began(r.from, day))
        }
        EntityData::Chipset(c) => began(c.announced, day),
        EntityData::Product(p) => began(p.launched, day),
        EntityData::Agreement(a) => began(a.signed.or(a.effective), day),
        EntityData::Event(ev) => began(ev.date, day),
        EntityData::Source(s) => began(s.date, day),
    }
}

/// True when the entity existed on the day: it had begun, and for an
/// agreement, so had every party to it.
pub fn exists(ds: &Dataset, id: EntityId, day: PartialDate) -> bool {
    let e = ds.get(id);
    begun(e, day)
        && match &e.data {
            EntityData::Agreement(a) => a.parties.iter().all(|p| begun(ds.get(p.firm), day)),
            _ => true,
        }
}

/// What the card of an entity the lens takes to exist says when the data
/// gives no date for its beginning: "founding date unknown".
pub fn unknown_start(e: &Entity) -> Option<&'static str> {
    match &e.data {
        EntityData::Firm(f) if f.founded.is_none() => Some("founding date unknown"),
        EntityData::Person(p) if p.roles.iter().all(|r| r.from.is_none()) => Some("dates of roles unknown"),
        EntityData::Chipset(c) if c.announced.is_none() => Some("announcement date unknown"),
        EntityData::Product(p) if p.launched.is_none() => Some("launch date unknown"),
        EntityData::Agreement(a) if a.signed.or(a.effective).is_none() => Some("signing date unknown"),
        EntityData::Event(ev) if ev.date.is_none() => Some("date unknown"),
        EntityData::Source(s) if s.date.is_none() => Some("publication date unknown"),
        _ => None,
    }
}

/// Why an entity is not in a dataset seen as of a day ("as of 2023-09-13,
/// `pura-70` did not exist yet: launched 2024-04"); none when it is.
pub fn absent(ds: &Dataset, id: EntityId) -> Option<String> {
    let day = ds.as_of().filter(|_| !ds.present(id))?;
    let e = ds.get(id);
    let began = match &e.data {
        EntityData::Firm(f) => f.founded.map(|d| format!("founded {d}")),
        EntityData::Person(p) => p.roles.iter().filter_map(|r| r.from).min().map(|d| format!("first role {d}")),
        EntityData::Chipset(c) => c.announced.map(|d| format!("announced {d}")),
        EntityData::Product(p) => p.launched.map(|d| format!("launched {d}")),
        EntityData::Agreement(a) if begun(e, day) => {
            let later: Vec<&str> =
                a.parties.iter().filter(|p| !ds.present(p.firm)).map(|p| ds.get(p.firm).id.as_str()).collect();
            Some(format!("a party to it did not: {}", later.join(", ")))
        }
        EntityData::Agreement(a) => a.signed.or(a.effective).map(|d| format!("signed {d}")),
        EntityData::Event(ev) => ev.date.map(|d| format!("on {d}")),
        EntityData::Source(s) => s.date.map(|d| format!("published {d}")),
    };
    let began = began.map(|b| format!(": {b}")).unwrap_or_default();
    Some(format!("as of {day}, `{}` did not exist yet{began}", e.id))
}

/// The data as seen on a day (`ds` itself with no day): what did not exist
/// yet is out of it, with its links, and so are the roles not yet taken up.
pub fn view(ds: &Arc<Dataset>, day: Option<PartialDate>) -> Arc<Dataset> {
    match day {
        None => Arc::clone(ds),
        Some(day) => Arc::new(seen(ds, day)),
    }
}

/// `ds` as of `day` (see [`view`]).
pub fn seen(ds: &Dataset, day: PartialDate) -> Dataset {
    let mut present: Vec<bool> =
        crate::cores::parts_on_all_cores(ds.entities(), 50_000, |part| part.iter().map(|e| begun(e, day)).collect());
    // A deal is there only when every party to it is.
    for &id in ds.of_kind(Kind::Agreement) {
        if let EntityData::Agreement(a) = &ds.get(id).data
            && a.parties.iter().any(|p| !present[p.firm.index()])
        {
            present[id.index()] = false;
        }
    }
    ds.seen(day, present, |l| match (&ds.get(l.from).data, l.relation) {
        // A role link stands for the roles at that firm: there once one began.
        (EntityData::Person(p), Relation::Role) => p.roles.iter().any(|r| r.firm == l.to && began(r.from, day)),
        _ => true,
    })
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
        assert!(!exists(&ds, id("pura-70"), d("2023-09-13")), "the Pura 70 launched in 2024");
        assert!(exists(&ds, id("mate-70"), d("2023-09-13")), "no launch date: taken to exist");
        assert!(exists(&ds, id("mate-60-pro"), d("2023-09-13")));
        assert!(!exists(&ds, id("huawei-xiaomi-cross-license"), d("2019")), "not in force in 2019");
        assert!(exists(&ds, id("huawei-xiaomi-cross-license"), d("2023-09-13")));
        assert!(exists(&ds, id("huawei"), d("2019")) && !exists(&ds, id("huawei"), d("1980")));
    }

    #[test]
    fn an_undated_firm_exists_and_a_deal_needs_every_party() {
        let ds = demo();
        let id = |s: &str| ds.lookup(s).unwrap();
        let qualcomm = ds.get(id("qualcomm"));
        assert_eq!(unknown_start(qualcomm), Some("founding date unknown"), "Qualcomm has no founding date");
        let then = seen(&ds, d("2023-09-13"));
        assert!(then.present(id("qualcomm")) && then.present(id("qualcomm-huawei-license")));
        assert!(!then.present(id("pura-70")), "launched in 2024");
        assert_eq!(then.as_of(), Some(d("2023-09-13")));
        // Before Xiaomi was founded (2010), its deals were not either.
        let early = seen(&ds, d("2005"));
        assert!(!early.present(id("xiaomi")));
        for &a in ds.of_kind(Kind::Agreement) {
            let EntityData::Agreement(ag) = &ds.get(a).data else { unreachable!() };
            if ag.parties.iter().any(|p| p.firm == id("xiaomi")) {
                assert!(!early.present(a), "{} lists a party that did not exist", ds.get(a).id);
            }
        }
        // Nothing gone is linked to, and no list or search holds it.
        for (i, l) in then.links().iter().enumerate().filter(|&(i, _)| then.has_link(i)) {
            assert!(then.present(l.from) && then.present(l.to), "link {i}");
        }
        for id in then.ids() {
            assert!(then.links_from(id).chain(then.links_to(id)).all(|l| then.present(l.from) && then.present(l.to)));
        }
        assert!(then.ids().all(|i| then.present(i)));
        assert!(!then.of_kind(Kind::Product).contains(&id("pura-70")));
        assert!(then.hidden(id("pura-70")));
        assert_eq!(
            absent(&then, id("pura-70")).unwrap(),
            "as of 2023-09-13, `pura-70` did not exist yet: launched 2024-04"
        );
    }
}
