//! Taking results out: what the explorer shows (a list, a card, paths, a
//! timeline, a neighbourhood) and what `search`, `show`, `path` and
//! `timeline` print, as one table each, written as Markdown or TSV
//! (`table.rs`). The explorer's copy key (`Y`) and the commands'
//! `--format md|tsv` build the same tables here, so a copy and a command
//! give the same rows.

mod table;

pub use table::{Format, Table, markdown_text};

use crate::data::card::{Card, date_of};
use crate::data::model::{Dataset, EntityData, EntityId};
use crate::graph::neighbourhood::Neighbourhood;
use crate::graph::paths::Path;
use crate::search::{Field, Hit, field_text};
use crate::timeline::{Item, Timeline};

/// The date an entity is listed with: a firm's founding, a deal's signing,
/// an event's day, a chip's announcement, a launch, a source's publication.
fn listed_date(ds: &Dataset, id: EntityId) -> String {
    let e = ds.get(id);
    let d = match &e.data {
        EntityData::Firm(f) => f.founded,
        EntityData::Source(s) => s.date,
        _ => date_of(e),
    };
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Entities found or listed: kind, id, name, date, and what matched when
/// it was not the name.
pub fn hits(ds: &Dataset, hits: &[Hit]) -> Table {
    let mut t = Table::new(&["kind", "id", "name", "date", "matched"]);
    for h in hits {
        let e = ds.get(h.id);
        let matched = if h.field == Field::Name { "" } else { field_text(ds, h.id, h.field) };
        t.push(vec![e.kind().noun().into(), e.id.clone(), e.name.clone(), listed_date(ds, h.id), matched.into()]);
    }
    t
}

/// A card, a row per fact: `section` (empty for its fields), `field` (a
/// field, a relation's kind of entity, a source's publisher), the `id` of
/// what a row links to, and the `value`.
pub fn card(c: &Card) -> Table {
    let mut t = Table::new(&["section", "field", "id", "value"]);
    let mut row = |section: &str, field: &str, id: &str, value: String| {
        t.push(vec![section.into(), field.into(), id.into(), value]);
    };
    row("", "name", &c.id, c.name.clone());
    row("", "kind", "", c.kind.noun().into());
    for note in c.confidential_note().into_iter().chain(c.lens_note.clone()) {
        row("", "note", "", note);
    }
    if !c.aliases.is_empty() {
        row("", "aliases", "", c.aliases.join(", "));
    }
    for (k, v) in c.field_rows(|_| false) {
        row("", &k, "", v);
    }
    if !c.tags.is_empty() {
        row("", "tags", "", c.tags.join(", "));
    }
    if let Some(s) = &c.summary {
        row("", "summary", "", s.clone());
    }
    if let Some((day, people)) = &c.in_office {
        for i in people {
            row(&format!("in office at the parties on {day}"), i.kind.noun(), &i.id, with_note(&i.name, &i.note));
        }
    }
    for d in &c.disputed {
        if let Some(n) = &d.note {
            row("disputed", &d.field, "", n.clone());
        }
        for claim in &d.claims {
            let by: Vec<&str> = claim.sources.iter().map(|s| s.id.as_str()).collect();
            row("disputed", &d.field, &by.join(", "), claim.value.clone());
        }
    }
    for (k, v) in &c.specs {
        row("specs", k, "", v.clone());
    }
    for s in &c.statements {
        row("statements", &s.label, "", s.text.clone());
    }
    for (k, v) in &c.extra {
        row("extra", k, "", v.clone());
    }
    for s in &c.sources {
        let meta: Vec<&str> = [s.publisher.as_deref(), s.date.as_deref()].into_iter().flatten().collect();
        let url = s.url.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
        row("sources", &meta.join(", "), &s.id, format!("{}{url}", s.title));
    }
    for g in &c.links {
        let section = format!("{} {}", if g.incoming { "←" } else { "→" }, g.relation);
        for i in &g.items {
            row(&section, i.kind.noun(), &i.id, with_note(&i.name, &i.note));
        }
    }
    t
}

fn with_note(name: &str, note: &Option<String>) -> String {
    match note {
        Some(n) => format!("{name} — {n}"),
        None => name.to_string(),
    }
}

/// Paths, a row per hop: the path's number, the hop's number, where it
/// starts (id), its relation, where it leads (id, name, kind), its date and
/// the ids of its sources.
pub fn paths(ds: &Dataset, found: &[Path]) -> Table {
    let mut t = Table::new(&["path", "hop", "from", "relation", "to", "name", "kind", "date", "sources"]);
    for (n, p) in found.iter().enumerate() {
        for (i, h) in p.hops.iter().enumerate() {
            let to = ds.get(h.to);
            let sources: Vec<&str> = h.sources.iter().map(|&s| ds.get(s).id.as_str()).collect();
            t.push(vec![
                (n + 1).to_string(),
                (i + 1).to_string(),
                ds.get(h.from).id.clone(),
                h.relations.join("; "),
                to.id.clone(),
                to.name.clone(),
                to.kind().noun().into(),
                h.date.map(|d| d.to_string()).unwrap_or_default(),
                sources.join(", "),
            ]);
        }
    }
    t
}

/// Timeline items, in order: date, end, kind, category, title, the subject's
/// id and the ids of every entity it concerns.
pub fn timeline(ds: &Dataset, tl: &Timeline, picked: &[usize]) -> Table {
    let mut t = Table::new(&["date", "end", "kind", "category", "title", "subject", "entities"]);
    for &i in picked {
        let it: &Item = &tl.items()[i];
        let entities: Vec<&str> = it.entities.iter().map(|&e| ds.get(e).id.as_str()).collect();
        t.push(vec![
            it.date.map(|d| d.to_string()).unwrap_or_default(),
            it.end.map(|d| d.to_string()).unwrap_or_default(),
            it.kind.badge().into(),
            it.kind.category().name().into(),
            it.title.clone(),
            ds.get(it.subject).id.clone(),
            entities.join(", "),
        ]);
    }
    t
}

/// A neighbourhood, a row per entity shown: the relation from the centre,
/// the entity (id, name, kind), and at depth 2 the neighbour it is reached
/// through and that link.
pub fn neighbourhood(ds: &Dataset, n: &Neighbourhood) -> Table {
    let mut t = Table::new(&["relation", "id", "name", "kind", "through", "link"]);
    let mut row = |relation: &str, e: EntityId, through: &str, link: &str| {
        let x = ds.get(e);
        t.push(vec![
            relation.into(),
            x.id.clone(),
            x.name.clone(),
            x.kind().noun().into(),
            through.into(),
            link.into(),
        ]);
    };
    for g in &n.groups {
        for m in &g.members {
            row(g.relation, m.entity, "", "");
            for b in &m.beyond {
                row(g.relation, b.entity, &ds.get(m.entity).id, b.relation);
            }
        }
    }
    t
}
