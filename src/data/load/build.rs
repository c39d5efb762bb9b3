//! Building each kind of entity from its raw struct, once the ids are
//! known: fields checked and converted, references resolved, links recorded.

use super::issue::{Anchor, Issue, Related, Seg};
use super::raw::{RawConfidential, RawRole};
use super::validate::{Ctx, Pending, RawRef, at};
use crate::data::date::PartialDate;
use crate::data::model::{
    Agreement, Chipset, Claim, Confidential, Dispute, Entity, EntityData, EntityId, Event, Firm, Kind, Links, Party,
    Person, Product, Relation, Role, RoleUnsourced, Source, Statement,
};
use crate::data::suggest;

/// Validates one entity's fields and builds it (with placeholders where fields are bad).
pub(super) fn build(ctx: &mut Ctx, p: &Pending, me: EntityId, links: &mut Links) -> Entity {
    let mut link = |to: EntityId, relation: Relation, note: Option<String>| {
        links.push(me, to, relation, note);
    };
    let whole = || p.whole();
    let (id, name, aliases, tags, summary, sources, extra, data);
    match &p.raw {
        RawRef::Firm(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "firm");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let parent = ctx.opt_ref(p, "parent", &r.parent, Kind::Firm);
            if let Some(to) = parent {
                link(to, Relation::Parent, None);
            }
            let founded = ctx.date(p.file, || p.path("founded"), &r.founded);
            let dissolved = ctx.date(p.file, || p.path("dissolved"), &r.dissolved);
            if let (Some(f), Some(d)) = (founded, dissolved)
                && d.end_day() < f.start_day()
            {
                let msg = format!("dissolved ({d}) before it was founded ({f})");
                ctx.error(p.file, Anchor::Value(p.path("dissolved")), msg);
            }
            data = EntityData::Firm(Box::new(Firm {
                legal_name: Ctx::text(&r.legal_name),
                country: Ctx::text(&r.country),
                hq: Ctx::text(&r.hq),
                founded,
                dissolved,
                parent,
            }));
        }
        RawRef::Person(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "person");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let mut roles = Vec::new();
            for (i, role) in r.roles.iter().flatten().enumerate() {
                let rp = || at(p.path("roles"), &[Seg::Index(i)]);
                let firm = match &role.firm {
                    Some(f) => {
                        ctx.reference(p.file, || at(rp(), &[Seg::Key("firm".into())]), &f.0, Some(Kind::Firm), "firm")
                    }
                    None if p.misspelt("roles", i, "firm") => None,
                    None => {
                        ctx.error(p.file, Anchor::Value(rp()), "this role has no `firm`: name the firm id".into());
                        None
                    }
                };
                let from = ctx.date(p.file, || at(rp(), &[Seg::Key("from".into())]), &role.from);
                let to = ctx.date(p.file, || at(rp(), &[Seg::Key("to".into())]), &role.to);
                if let (Some(f), Some(t)) = (from, to)
                    && t.end_day() < f.start_day()
                {
                    let msg = format!("role ends ({t}) before it starts ({f})");
                    let starts = Anchor::Value(at(rp(), &[Seg::Key("from".into())]));
                    let related = Related { file: p.file, anchor: starts, message: "it starts here".into() };
                    ctx.error(p.file, Anchor::Value(at(rp(), &[Seg::Key("to".into())])), msg).related = Some(related);
                }
                let unsourced = role_unsourced(ctx, p, i, role);
                if let Some(firm) = firm {
                    let title = Ctx::text(&role.title);
                    link(firm, Relation::Role, Some(role_note(title.as_deref(), from, to, unsourced)));
                    roles.push(Role { firm, title, from, to, unsourced });
                }
            }
            data = EntityData::Person(Person { roles });
        }
        RawRef::Chipset(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "chipset");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let designer = ctx.opt_ref(p, "designer", &r.designer, Kind::Firm);
            let foundry = ctx.opt_ref(p, "foundry", &r.foundry, Kind::Firm);
            let predecessor = ctx.opt_ref(p, "predecessor", &r.predecessor, Kind::Chipset);
            for (to, rel) in
                [(designer, Relation::Designer), (foundry, Relation::Foundry), (predecessor, Relation::Predecessor)]
            {
                if let Some(to) = to {
                    link(to, rel, None);
                }
            }
            data = EntityData::Chipset(Chipset {
                designer,
                foundry,
                process: Ctx::text(&r.process),
                announced: ctx.date(p.file, || p.path("announced"), &r.announced),
                predecessor,
                specs: Ctx::map(&r.specs),
            });
        }
        RawRef::Product(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "product");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let maker = ctx.opt_ref(p, "maker", &r.maker, Kind::Firm);
            if let Some(to) = maker {
                link(to, Relation::Maker, None);
            }
            let chipsets = ctx.refs(p, "chipsets", &r.chipsets, Some(Kind::Chipset));
            for &c in &chipsets {
                link(c, Relation::UsesChipset, None);
            }
            data = EntityData::Product(Product {
                maker,
                chipsets,
                category: Ctx::text(&r.category),
                launched: ctx.date(p.file, || p.path("launched"), &r.launched),
            });
        }
        RawRef::Agreement(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.title, "title", "agreement");
            (aliases, tags, summary, extra) =
                (Vec::new(), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let mut parties: Vec<Party> = Vec::new();
            let mut named = 0;
            match &r.parties {
                None if p.reported.iter().any(|f| f == "parties") => {}
                None => {
                    ctx.error(
                        p.file,
                        Anchor::Value(whole()),
                        "this agreement has no `parties`: list two or more firm ids".into(),
                    );
                }
                Some(list) => {
                    for (i, party) in list.iter().enumerate() {
                        let pp = || at(p.path("parties"), &[Seg::Index(i)]);
                        let Some(f) = &party.firm else {
                            if !p.misspelt("parties", i, "firm") {
                                let msg = "this party has no `firm`: name the firm id";
                                ctx.error(p.file, Anchor::Value(pp()), msg.into());
                            }
                            continue;
                        };
                        let target = || if party.role.is_some() { at(pp(), &[Seg::Key("firm".into())]) } else { pp() };
                        named += 1;
                        if let Some(firm) = ctx.reference(p.file, target, &f.0, Some(Kind::Firm), "parties")
                            && !parties.iter().any(|x| x.firm == firm)
                        {
                            parties.push(Party { firm, role: Ctx::text(&party.role) });
                        }
                    }
                    let distinct: std::collections::HashSet<&str> =
                        list.iter().filter_map(|x| x.firm.as_ref().map(|t| t.0.as_str())).collect();
                    if distinct.len() < 2 && named == list.len() {
                        let msg = format!(
                            "an agreement needs at least two distinct parties; this one has {}",
                            distinct.len()
                        );
                        let help = one_party_help(distinct.iter().next().copied(), list.len());
                        ctx.error(p.file, Anchor::Value(p.path("parties")), msg).help = Some(help);
                    }
                }
            }
            for party in &parties {
                link(party.firm, Relation::Party, party.role.clone());
            }
            let people = ctx.refs(p, "people", &r.people, Some(Kind::Person));
            for &person in &people {
                link(person, Relation::Person, None);
            }
            let mut statements = Vec::new();
            for (i, s) in r.statements.iter().flatten().enumerate() {
                let sp = || at(p.path("statements"), &[Seg::Index(i)]);
                let person = match &s.person {
                    Some(t) => ctx.reference(
                        p.file,
                        || at(sp(), &[Seg::Key("person".into())]),
                        &t.0,
                        Some(Kind::Person),
                        "person",
                    ),
                    None if p.misspelt("statements", i, "person") => None,
                    None => {
                        ctx.error(p.file, Anchor::Value(sp()), "this statement has no `person`".into());
                        None
                    }
                };
                let text = if s.text.is_none() && p.misspelt("statements", i, "text") {
                    String::new()
                } else {
                    ctx.required_at(p.file, sp, &s.text, "text", "statement")
                };
                if let Some(person) = person {
                    if !people.contains(&person) && !statements.iter().any(|x: &Statement| x.person == person) {
                        link(person, Relation::Statement, None);
                    }
                    statements.push(Statement { person, text });
                }
            }
            let signed = ctx.date(p.file, || p.path("signed"), &r.signed);
            let effective = ctx.date(p.file, || p.path("effective"), &r.effective);
            let expires = ctx.date(p.file, || p.path("expires"), &r.expires);
            if let (Some(start), Some(end)) = (effective.or(signed), expires)
                && end.end_day() < start.start_day()
            {
                let msg = format!("expires ({end}) before it starts ({start})");
                let field = if effective.is_some() { "effective" } else { "signed" };
                let related =
                    Related { file: p.file, anchor: Anchor::Value(p.path(field)), message: "it starts here".into() };
                ctx.error(p.file, Anchor::Value(p.path("expires")), msg).related = Some(related);
            }
            data = EntityData::Agreement(Box::new(Agreement {
                kind: Ctx::text(&r.kind),
                parties,
                signed,
                effective,
                expires,
                scope: Ctx::list(&r.scope),
                value: Ctx::text(&r.value),
                people,
                statements,
            }));
        }
        RawRef::Event(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.title, "title", "event");
            (aliases, tags, summary, extra) =
                (Vec::new(), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let date = match &r.date {
                None if p.reported.iter().any(|f| f == "date") => None,
                None => {
                    ctx.error(p.file, Anchor::Value(whole()), "this event has no `date`: every event needs one".into());
                    None
                }
                d => ctx.date(p.file, || p.path("date"), d),
            };
            let involves = ctx.refs(p, "involves", &r.involves, None);
            for &i in &involves {
                link(i, Relation::Involves, None);
            }
            data = EntityData::Event(Event { date, kind: Ctx::text(&r.kind), involves });
        }
        RawRef::Source(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.title, "title", "source");
            (aliases, tags, summary, extra) =
                (Vec::new(), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = Vec::new();
            data = EntityData::Source(Source {
                author: Ctx::text(&r.author),
                publisher: Ctx::text(&r.publisher),
                url: Ctx::text(&r.url),
                date: ctx.date(p.file, || p.path("date"), &r.date),
            });
        }
    }
    let disputed = disputes(ctx, p);
    let confidential = confidential(ctx, p, &extra, &data);
    let mut cited = sources.clone();
    for s in disputed.iter().flat_map(|d| &d.claims).flat_map(|c| &c.sources) {
        if !cited.contains(s) {
            cited.push(*s);
        }
    }
    for s in cited {
        link(s, Relation::Cites, None);
    }
    let id = id.map(|t| t.0).unwrap_or_default();
    Entity { id, name, aliases, tags, summary, sources, extra, disputed, confidential, data }
}

/// Fields `confidential:` cannot list: who the entity is (mark it
/// `confidential: true` to hide that) and the list itself.
const NOT_CONFIDENTIAL: [&str; 4] = ["id", "name", "title", "confidential"];

/// An entity's `confidential:`: `true`, or fields of its kind, each once,
/// `extra.KEY` (and a chipset's `specs.KEY`) naming a key it has.
fn confidential(ctx: &mut Ctx, p: &Pending, extra: &[(String, String)], data: &EntityData) -> Confidential {
    let Some(raw) = p.raw.confidential() else { return Confidential::Nothing };
    let noun = p.raw.kind().noun();
    let cp = || p.path("confidential");
    let list = match raw {
        RawConfidential::Whole(t) if t.0 == "true" => return Confidential::Whole,
        RawConfidential::Whole(t) if t.0 == "false" => return Confidential::Nothing,
        RawConfidential::Whole(t) => {
            let msg = format!("`confidential: {}` is neither `true` nor a list of fields", t.0);
            let help =
                format!("write `confidential: true` to mask the whole {noun}, or `confidential: [value, extra.price]`");
            ctx.error(p.file, Anchor::Value(cp()), msg).help = Some(help);
            return Confidential::Nothing;
        }
        RawConfidential::Fields(list) => list,
    };
    let allowed: Vec<&str> = p.raw.field_names().iter().copied().filter(|f| !NOT_CONFIDENTIAL.contains(f)).collect();
    let specs: &[(String, String)] = match data {
        EntityData::Chipset(c) => &c.specs,
        _ => &[],
    };
    let mut out: Vec<String> = Vec::new();
    for (i, t) in list.0.iter().enumerate() {
        let ip = || at(cp(), &[Seg::Index(i)]);
        let name = t.0.as_str();
        let known = match name.split_once('.') {
            Some(("extra", key)) => extra.iter().any(|(k, _)| k == key),
            Some(("specs", key)) => specs.iter().any(|(k, _)| k == key),
            Some(_) => false,
            None => allowed.contains(&name),
        };
        if !known {
            let (msg, help) = match name.split_once('.') {
                Some((map @ ("extra" | "specs"), key)) => (
                    format!("this {noun} has no `{map}` key `{key}` to keep confidential"),
                    format!("name a key it has under `{map}:`, or `{map}` for all of them"),
                ),
                _ if NOT_CONFIDENTIAL.contains(&name) => (
                    format!("`{name}` cannot be listed in `confidential`"),
                    format!("to hide who it is, mark the whole {noun}: `confidential: true`"),
                ),
                _ => {
                    let near = suggest::nearest(name, allowed.iter().copied(), 1);
                    let list = allowed.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                    (
                        format!("`{name}` is not a field of a {noun}"),
                        suggest::did_you_mean(&near).unwrap_or_else(|| format!("a {noun}'s fields are {list}")),
                    )
                }
            };
            ctx.error(p.file, Anchor::Value(ip()), msg).help = Some(help);
        } else if out.iter().any(|x| x == name) {
            ctx.issues.push(Issue::warning(p.file, Anchor::Value(ip()), format!("`{name}` is listed twice")));
        } else {
            out.push(name.to_string());
        }
    }
    if out.is_empty() { Confidential::Nothing } else { Confidential::Fields(out) }
}

/// Fields a dispute cannot name: who the entity is and where its facts come from.
const NOT_DISPUTABLE: [&str; 3] = ["id", "sources", "disputed"];

/// An entity's `disputed` entries: each names a field of its kind and gives
/// two or more claims, each with the sources that make it.
fn disputes(ctx: &mut Ctx, p: &Pending) -> Vec<Dispute> {
    let (list, names) = p.raw.disputed();
    let noun = p.raw.kind().noun();
    let allowed: Vec<&str> = names.iter().copied().filter(|f| !NOT_DISPUTABLE.contains(f)).collect();
    let mut out = Vec::new();
    for (i, d) in list.iter().enumerate() {
        let dp = || at(p.path("disputed"), &[Seg::Index(i)]);
        let field = match &d.field {
            Some(f) if allowed.contains(&f.0.as_str()) => Some(f.0.clone()),
            Some(f) => {
                let near = suggest::nearest(&f.0, allowed.iter().copied(), 1);
                let list = allowed.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
                let help = suggest::did_you_mean(&near).unwrap_or_else(|| format!("a {noun}'s fields are {list}"));
                let msg = format!("`{}` is not a field of a {noun}: a dispute names the field in question", f.0);
                ctx.error(p.file, Anchor::Value(at(dp(), &[Seg::Key("field".into())])), msg).help = Some(help);
                None
            }
            None => {
                let msg = "this dispute has no `field`: name the field the sources disagree on".to_string();
                ctx.error(p.file, Anchor::Value(dp()), msg);
                None
            }
        };
        let raw_claims = d.claims.as_deref().unwrap_or_default();
        if raw_claims.len() < 2 {
            let anchor = if d.claims.is_some() { at(dp(), &[Seg::Key("claims".into())]) } else { dp() };
            let msg = format!("a dispute needs at least two `claims`, one per side; this one has {}", raw_claims.len());
            ctx.error(p.file, Anchor::Value(anchor), msg);
        }
        let mut claims = Vec::new();
        for (j, c) in raw_claims.iter().enumerate() {
            let cp = || at(dp(), &[Seg::Key("claims".into()), Seg::Index(j)]);
            let value = ctx.required_at(p.file, cp, &c.value, "value", "claim");
            let mut sources = Vec::new();
            for (k, s) in c.sources.0.iter().enumerate() {
                let sp = || at(cp(), &[Seg::Key("sources".into()), Seg::Index(k)]);
                if let Some(id) = ctx.reference(p.file, sp, &s.0, Some(Kind::Source), "sources")
                    && !sources.contains(&id)
                {
                    sources.push(id);
                }
            }
            if c.sources.0.is_empty() {
                let help = "add `sources: [source-id]` naming who makes this claim".to_string();
                ctx.issues.push(
                    Issue::warning(p.file, Anchor::Value(cp()), "this claim cites no sources").with_help(Some(help)),
                );
            }
            claims.push(Claim { value, sources });
        }
        if let Some(field) = field {
            out.push(Dispute { field, note: Ctx::text(&d.note), claims });
        }
    }
    out
}

/// What to do about an agreement with fewer than two distinct parties:
/// `only` is the one firm named (`times` times), if any.
fn one_party_help(only: Option<&str>, times: usize) -> String {
    match only {
        None => "a deal needs two parties: list the firms on each side, as in `parties: [firm-a, firm-b]`".into(),
        Some(firm) if times > 1 => {
            format!(
                "`{firm}` is listed {times} times; a deal needs two parties: name the firm on the other side instead"
            )
        }
        Some(firm) => {
            format!("a deal needs two parties: add the firm on the other side, as in `parties: [{firm}, other-firm]`")
        }
    }
}

/// A role's `unsourced:` list: each a field of a role that the role gives.
fn role_unsourced(ctx: &mut Ctx, p: &Pending, i: usize, role: &RawRole) -> RoleUnsourced {
    let mut marks = RoleUnsourced::default();
    for (k, t) in role.unsourced.0.iter().enumerate() {
        let ip = || at(p.path("roles"), &[Seg::Index(i), Seg::Key("unsourced".into()), Seg::Index(k)]);
        let name = t.0.trim();
        let given = match name {
            "title" => role.title.is_some(),
            "from" => role.from.is_some(),
            "to" => role.to.is_some(),
            _ => {
                let near = suggest::nearest(name, RoleUnsourced::FIELDS, 1);
                let help = suggest::did_you_mean(&near)
                    .unwrap_or_else(|| "a role's fields are `title`, `from` and `to`".into());
                ctx.error(
                    p.file,
                    Anchor::Value(ip()),
                    format!("`{name}` is not a field of a role that can be unsourced"),
                )
                .help = Some(help);
                continue;
            }
        };
        if given {
            marks.mark(name);
        } else {
            let msg = format!("`unsourced` names `{name}`, which this role does not give");
            ctx.error(p.file, Anchor::Value(ip()), msg);
        }
    }
    marks
}

/// "Founder, chairman and CEO (2010–)" for a role link; what no source
/// gives is said so: "Head of Redmi (2019–2024, end unsourced)".
fn role_note(
    title: Option<&str>,
    from: Option<PartialDate>,
    to: Option<PartialDate>,
    unsourced: RoleUnsourced,
) -> String {
    let span = match (from, to) {
        (None, None) => String::new(),
        (Some(f), None) => format!("{f}–"),
        (None, Some(t)) => format!("–{t}"),
        (Some(f), Some(t)) => format!("{f}–{t}"),
    };
    let inside: Vec<String> = [(!span.is_empty()).then_some(span), unsourced.words()].into_iter().flatten().collect();
    let inside = if inside.is_empty() { String::new() } else { format!(" ({})", inside.join(", ")) };
    format!("{}{inside}", title.unwrap_or("role")).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_notes() {
        let d = |s| PartialDate::parse(s).ok();
        let none = RoleUnsourced::default();
        assert_eq!(role_note(Some("CEO"), d("2010"), None, none), "CEO (2010–)");
        assert_eq!(role_note(None, None, None, none), "role");
        let end = RoleUnsourced { to: true, ..none };
        assert_eq!(role_note(Some("Head"), d("2019"), d("2024"), end), "Head (2019–2024, end unsourced)");
    }
}
