//! Plausibility: facts that each check out alone but contradict each other's
//! dates. An agreement signed before a party was founded or after it was
//! dissolved, a role begun before its firm was founded or after it was
//! dissolved, an event dated before something it involves existed (a firm
//! founded, a chip announced, a product launched), a product launched
//! before its chip was announced. These are warnings, not errors: a date
//! may be right and the other wrong, or both right and the data unusual.
//! Each is reported at the date that looks wrong, names the fact it was
//! compared with, and points at where that fact is written.
//!
//! Dates of different precision compare by what they cover, as the
//! ordering rules do: only when the whole of one lies before the whole of
//! the other (`signed: 2010` and `founded: 2010-04-06` pass).

use std::collections::HashSet;

use super::issue::{Anchor, Issue, Related, Seg, YamlPath};
use super::validate::{Place, at};
use crate::data::date::PartialDate;
use crate::data::model::{Entity, EntityData, EntityId, Kind};

/// The date something began to exist, as the data gives it, with the
/// field it is written in and the verb for it (`founded`).
fn began(e: &Entity) -> Option<(PartialDate, &'static str)> {
    match &e.data {
        EntityData::Firm(f) => f.founded.map(|d| (d, "founded")),
        EntityData::Chipset(c) => c.announced.map(|d| (d, "announced")),
        EntityData::Product(p) => p.launched.map(|d| (d, "launched")),
        _ => None,
    }
}

/// A firm's dissolution, if the data gives one.
fn dissolved(e: &Entity) -> Option<PartialDate> {
    match &e.data {
        EntityData::Firm(f) => f.dissolved,
        _ => None,
    }
}

/// True when all of `a` lies before all of `b`.
fn before(a: PartialDate, b: PartialDate) -> bool {
    a.end_day() < b.start_day()
}

/// Entities checked on one thread, below which threads are not worth it.
const PER_THREAD: usize = 16_384;

/// Adds a warning for every implausible pair of dates, the entities cut
/// into one part per core. `issues` already holds this load's problems: a
/// person whose roles have errors is left out (its roles as built no
/// longer line up with those written).
pub(super) fn check<'e>(issues: &mut Vec<Issue>, places: &[Place], entity: impl Fn(usize) -> &'e Entity + Sync) {
    let broken_roles = people_with_role_errors(issues);
    let all: Vec<u32> = (0..places.len() as u32).collect();
    let found =
        crate::cores::parts_on_all_cores(&all, PER_THREAD, |part| check_part(part, places, &broken_roles, &entity));
    issues.extend(found);
}

/// The warnings about the entities numbered in `part`.
fn check_part<'e>(
    part: &[u32],
    places: &[Place],
    broken_roles: &HashSet<(u32, u32)>,
    entity: &impl Fn(usize) -> &'e Entity,
) -> Vec<Issue> {
    let mut found = Vec::new();
    for &n in part {
        let (n, place) = (n as usize, &places[n as usize]);
        let e = entity(n);
        let mut warn = |field: YamlPath, message: String, other: EntityId, other_field: &str, what: String| {
            let o = &places[other.index()];
            let related = Related { file: o.file as usize, anchor: Anchor::Value(o.path(other_field)), message: what };
            found.push(Issue::warning(place.file as usize, Anchor::Value(field), message).with_related(related));
        };
        match &e.data {
            EntityData::Agreement(a) => {
                let Some((start, field)) = a.signed.map(|d| (d, "signed")).or(a.effective.map(|d| (d, "effective")))
                else {
                    continue;
                };
                for party in &a.parties {
                    let firm = entity(party.firm.index());
                    if let Some((founded, _)) = began(firm).filter(|(d, _)| before(start, *d)) {
                        let msg = format!("{field} ({start}) before party `{}` was founded ({founded})", firm.id);
                        let what = format!("`{}` founded here", firm.id);
                        warn(place.path(field), msg, party.firm, "founded", what);
                    }
                    if let Some(gone) = dissolved(firm).filter(|d| before(*d, start)) {
                        let msg = format!("{field} ({start}) after party `{}` was dissolved ({gone})", firm.id);
                        let what = format!("`{}` dissolved here", firm.id);
                        warn(place.path(field), msg, party.firm, "dissolved", what);
                    }
                }
            }
            EntityData::Person(p) if !broken_roles.contains(&(place.file, place.index)) => {
                for (i, role) in p.roles.iter().enumerate() {
                    let Some((when, field)) = role.from.map(|d| (d, "from")).or(role.to.map(|d| (d, "to"))) else {
                        continue;
                    };
                    let path = || at(place.path("roles"), &[Seg::Index(i), Seg::Key(field.into())]);
                    let firm = entity(role.firm.index());
                    if let Some((founded, _)) = began(firm).filter(|(d, _)| before(when, *d)) {
                        let msg = format!("role held ({when}) before `{}` was founded ({founded})", firm.id);
                        warn(path(), msg, role.firm, "founded", format!("`{}` founded here", firm.id));
                    }
                    if let Some(gone) = dissolved(firm).filter(|d| field == "from" && before(*d, when)) {
                        let msg = format!("role starts ({when}) after `{}` was dissolved ({gone})", firm.id);
                        warn(path(), msg, role.firm, "dissolved", format!("`{}` dissolved here", firm.id));
                    }
                }
            }
            EntityData::Event(ev) => {
                let Some(date) = ev.date else { continue };
                for &other in &ev.involves {
                    let o = entity(other.index());
                    if let Some((since, verb)) = began(o).filter(|(d, _)| before(date, *d)) {
                        let noun = o.kind().noun();
                        let msg = format!("dated {date}, before {noun} `{}` was {verb} ({since})", o.id);
                        warn(place.path("date"), msg, other, verb, format!("`{}` {verb} here", o.id));
                    }
                }
            }
            EntityData::Product(pr) => {
                let Some(launched) = pr.launched else { continue };
                for &chip in &pr.chipsets {
                    let c = entity(chip.index());
                    if let Some((announced, _)) = began(c).filter(|(d, _)| before(launched, *d)) {
                        let msg =
                            format!("launched ({launched}) before its chip `{}` was announced ({announced})", c.id);
                        warn(place.path("launched"), msg, chip, "announced", format!("`{}` announced here", c.id));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The people (file, index in its list) with an error inside `roles`.
fn people_with_role_errors(issues: &[Issue]) -> HashSet<(u32, u32)> {
    let people = Kind::Person.key();
    issues
        .iter()
        .filter(|i| i.severity == super::Severity::Error)
        .filter_map(|i| match &i.anchor {
            Anchor::Value(p) | Anchor::Key(p) => match p.as_slice() {
                [Seg::Key(k), Seg::Index(n), Seg::Key(roles), ..] if k == people && roles == "roles" => {
                    Some((i.file as u32, *n as u32))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::data::load::{Severity, load_texts};

    /// The warnings a file gets, as `message | note` lines.
    fn warnings(yaml: &str) -> Vec<String> {
        let loaded = load_texts(vec![("d.yaml".into(), yaml.into())]);
        let r = &loaded.report;
        assert_eq!(r.errors(), 0, "{}", r.render());
        r.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning && !i.message.contains("sources"))
            .map(|i| {
                let note = i.related.as_ref().map(|n| n.message.clone()).unwrap_or_default();
                format!("{}:{} {} | {note}", i.pos().line, i.pos().col, i.message)
            })
            .collect()
    }

    const FIRMS: &str =
        "firms:\n  - {id: acme, name: Acme, founded: 2010-04-06, dissolved: 2015}\n  - {id: bolt, name: Bolt}\n";

    #[test]
    fn an_agreement_signed_before_a_party_existed_or_after_it_ceased() {
        let w = warnings(&format!(
            "{FIRMS}agreements:\n  - {{id: a, title: A, parties: [acme, bolt], signed: 1999}}\n  - {{id: b, title: B, parties: [acme, bolt], signed: 2016-01}}\n  - {{id: c, title: C, parties: [acme, bolt], signed: 2010}}\n"
        ));
        assert_eq!(
            w,
            [
                "5:54 signed (1999) before party `acme` was founded (2010-04-06) | `acme` founded here",
                "6:54 signed (2016-01) after party `acme` was dissolved (2015) | `acme` dissolved here",
            ]
        );
    }

    #[test]
    fn a_role_before_its_firm_was_founded() {
        let w = warnings(&format!(
            "{FIRMS}people:\n  - id: p\n    name: P\n    roles:\n      - {{firm: acme, from: 2009-12}}\n      - {{firm: acme, to: 2005}}\n      - {{firm: acme, from: 2016}}\n      - {{firm: acme, from: 2010}}\n"
        ));
        assert_eq!(
            w,
            [
                "8:28 role held (2009-12) before `acme` was founded (2010-04-06) | `acme` founded here",
                "9:26 role held (2005) before `acme` was founded (2010-04-06) | `acme` founded here",
                "10:28 role starts (2016) after `acme` was dissolved (2015) | `acme` dissolved here",
            ]
        );
    }

    #[test]
    fn an_event_before_what_it_involves_and_a_product_before_its_chip() {
        let w = warnings(&format!(
            "{FIRMS}chipsets:\n  - {{id: chip, name: Chip, announced: 2020-05}}\nproducts:\n  - {{id: phone, name: Phone, chipsets: [chip], launched: 2020-04-30}}\nevents:\n  - {{id: e, title: E, date: 2009, involves: [acme, bolt, chip]}}\n"
        ));
        assert_eq!(
            w,
            [
                "7:58 launched (2020-04-30) before its chip `chip` was announced (2020-05) | `chip` announced here",
                "9:29 dated 2009, before chipset `chip` was announced (2020-05) | `chip` announced here",
                "9:29 dated 2009, before firm `acme` was founded (2010-04-06) | `acme` founded here",
            ]
        );
    }
}
