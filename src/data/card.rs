//! An entity's card: its fields, sources and links both ways, as plain data.
//! The CLI's `show` prints it; the app's detail pane draws it.

use serde::Serialize;

use crate::data::model::{Dataset, Entity, EntityData, EntityId, Kind, Relation};

/// A linked entity on a card, with context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkItem {
    /// The other entity.
    #[serde(skip)]
    pub target: EntityId,
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its name or title.
    pub name: String,
    /// Role, counterparty, date: whatever says why it is linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Links of one relation, in one direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkGroup {
    /// The relation, worded from this card's side.
    pub relation: String,
    /// True for links other entities make to this one.
    pub incoming: bool,
    /// The linked entities.
    pub items: Vec<LinkItem>,
}

/// A source as listed on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLine {
    /// The source entity.
    #[serde(skip)]
    pub target: EntityId,
    /// Its id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Date as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One side of a disputed fact on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimLine {
    /// What this side says.
    pub value: String,
    /// The sources that say it.
    pub sources: Vec<SourceLine>,
}

/// A fact the sources disagree on, as listed on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisputeLine {
    /// The field in question, as named in the data.
    pub field: String,
    /// What is in doubt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// What each side says.
    pub claims: Vec<ClaimLine>,
}

/// Beside a field whose value the sources disagree on.
pub const DISPUTED: &str = "(disputed)";
/// In place of a disputed field that states no value.
pub const DISPUTED_ONLY: &str = "disputed (see below)";

/// Everything there is to say about one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Name or title.
    pub name: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Plain fields of its kind, as (label, value), in a fixed order.
    pub fields: Vec<(String, String)>,
    /// Tags.
    pub tags: Vec<String>,
    /// Summary paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// A chipset's specs, in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub specs: Vec<(String, String)>,
    /// Statements: on an agreement's card (who, text); on a person's card
    /// (`on <agreement>`, text), from every agreement that quotes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<(String, String)>,
    /// Free extra fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<(String, String)>,
    /// Facts its sources disagree on; their fields are marked in `fields`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputed: Vec<DisputeLine>,
    /// Sources it cites.
    pub sources: Vec<SourceLine>,
    /// Links out then in, grouped by relation.
    pub links: Vec<LinkGroup>,
}

impl Card {
    /// Builds the card of one entity.
    pub fn of(ds: &Dataset, id: EntityId) -> Card {
        let e = ds.get(id);
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut field = |label: &str, value: Option<String>| {
            if let Some(v) = value {
                fields.push((label.to_string(), v));
            }
        };
        let date = |d: Option<crate::data::date::PartialDate>| d.map(|d| d.to_string());
        let mut specs = Vec::new();
        let mut statements = Vec::new();
        match &e.data {
            EntityData::Firm(f) => {
                field("legal name", f.legal_name.clone());
                field("country", f.country.clone());
                field("hq", f.hq.clone());
                field("founded", date(f.founded));
            }
            EntityData::Person(_) => {
                // What they said, from the agreements that quote them.
                let mut quoting: Vec<EntityId> = ds.links_to(id).map(|l| l.from).collect();
                quoting.sort();
                quoting.dedup();
                for from in quoting {
                    if let EntityData::Agreement(a) = &ds.get(from).data {
                        let on = format!("on {}", ds.get(from).name);
                        statements.extend(
                            a.statements.iter().filter(|s| s.person == id).map(|s| (on.clone(), s.text.clone())),
                        );
                    }
                }
            }
            EntityData::Chipset(c) => {
                field("process", c.process.clone());
                field("announced", date(c.announced));
                specs = c.specs.clone();
            }
            EntityData::Product(p) => {
                field("category", p.category.clone());
                field("launched", date(p.launched));
            }
            EntityData::Agreement(a) => {
                field("kind", a.kind.clone());
                field("signed", date(a.signed));
                field("effective", date(a.effective));
                field("expires", date(a.expires));
                field("value", a.value.clone());
                field("scope", (!a.scope.is_empty()).then(|| a.scope.join(", ")));
                statements = a.statements.iter().map(|s| (ds.get(s.person).name.clone(), s.text.clone())).collect();
            }
            EntityData::Event(ev) => {
                field("date", Some(ev.date.to_string()));
                field("kind", ev.kind.clone());
            }
            EntityData::Source(s) => {
                field("author", s.author.clone());
                field("publisher", s.publisher.clone());
                field("date", date(s.date));
                field("url", s.url.clone());
            }
        }
        let sources = e.sources.iter().map(|&s| source_line(ds, s)).collect();
        let disputed: Vec<DisputeLine> = e
            .disputed
            .iter()
            .map(|d| DisputeLine {
                field: d.field.clone(),
                note: d.note.clone(),
                claims: d
                    .claims
                    .iter()
                    .map(|c| ClaimLine {
                        value: c.value.clone(),
                        sources: c.sources.iter().map(|&s| source_line(ds, s)).collect(),
                    })
                    .collect(),
            })
            .collect();
        // Mark each disputed field where it is shown; one that states no
        // value (or is shown as links) gets a row saying it is disputed.
        for d in &disputed {
            let label = d.field.replace('_', " ");
            match fields.iter_mut().find(|(k, _)| *k == label) {
                Some((_, v)) if !v.ends_with(DISPUTED) => *v = format!("{v} {DISPUTED}"),
                Some(_) => {}
                None => fields.push((label, DISPUTED_ONLY.to_string())),
            }
        }
        Card {
            id: e.id.clone(),
            kind: e.kind(),
            name: e.name.clone(),
            aliases: e.aliases.clone(),
            fields,
            tags: e.tags.clone(),
            summary: e.summary.clone(),
            specs,
            statements,
            extra: e.extra.clone(),
            disputed,
            sources,
            links: link_groups(ds, id),
        }
    }
}

/// A source as listed on a card: title, publisher, date and address.
fn source_line(ds: &Dataset, s: EntityId) -> SourceLine {
    let src = ds.get(s);
    let (publisher, date, url) = match &src.data {
        EntityData::Source(d) => (d.publisher.clone(), d.date.map(|d| d.to_string()), d.url.clone()),
        _ => (None, None, None),
    };
    SourceLine { target: s, id: src.id.clone(), title: src.name.clone(), publisher, date, url }
}

/// Links out (field order), then links in, grouped by relation. Sources are
/// listed on their own, so `Cites` links out are left out here.
fn link_groups(ds: &Dataset, id: EntityId) -> Vec<LinkGroup> {
    let mut groups: Vec<LinkGroup> = Vec::new();
    let mut add = |relation: &str, incoming: bool, item: LinkItem| match groups
        .iter_mut()
        .find(|g| g.relation == relation && g.incoming == incoming)
    {
        Some(g) => {
            if !g.items.iter().any(|i| i.target == item.target) {
                g.items.push(item);
            }
        }
        None => groups.push(LinkGroup { relation: relation.to_string(), incoming, items: vec![item] }),
    };
    for l in ds.links_from(id).filter(|l| l.relation != Relation::Cites) {
        add(l.relation.outward(), false, item(ds, id, l.to, l.note.clone()));
    }
    let mut incoming: Vec<_> = ds.links_to(id).collect();
    incoming.sort_by_key(|l| l.relation);
    for l in incoming {
        add(l.relation.inward(), true, item(ds, id, l.from, l.note.clone()));
    }
    // Dated groups read best newest first.
    for g in &mut groups {
        if g.items.iter().all(|i| matches!(i.kind, Kind::Agreement | Kind::Event)) {
            g.items.sort_by_key(|i| std::cmp::Reverse(sort_date(ds.get(i.target))));
        }
    }
    groups
}

fn sort_date(e: &Entity) -> Option<crate::data::date::PartialDate> {
    match &e.data {
        EntityData::Agreement(a) => a.signed.or(a.effective),
        EntityData::Event(ev) => Some(ev.date),
        _ => None,
    }
}

/// A linked entity with the context that says why it matters from `me`'s side:
/// the link's own note (a role), then the target's counterparties and date.
fn item(ds: &Dataset, me: EntityId, target: EntityId, note: Option<String>) -> LinkItem {
    let t = ds.get(target);
    let context = match &t.data {
        EntityData::Agreement(a) => {
            let others: Vec<&str> =
                a.parties.iter().filter(|p| p.firm != me).map(|p| ds.get(p.firm).name.as_str()).collect();
            let with = (!others.is_empty() && a.parties.iter().any(|p| p.firm == me))
                .then(|| format!("with {}", others.join(", ")));
            let when = a.signed.or(a.effective).map(|d| d.to_string());
            with.into_iter().chain(when).collect()
        }
        EntityData::Event(ev) => vec![ev.date.to_string()],
        EntityData::Chipset(c) => c.announced.map(|d| d.to_string()).into_iter().collect(),
        EntityData::Product(p) => p.launched.map(|d| d.to_string()).into_iter().collect(),
        _ => Vec::new(),
    };
    let parts: Vec<String> = note.into_iter().chain(context).collect();
    let note = (!parts.is_empty()).then(|| parts.join(", "));
    LinkItem { target, id: t.id.clone(), kind: t.kind(), name: t.name.clone(), note }
}
