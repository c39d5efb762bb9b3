//! An entity's card: its fields, sources and links both ways, as plain data.
//! The CLI's `show` prints it (as text or JSON); the app's detail pane draws it.

use serde::Serialize;

use crate::data::model::{Confidential, Dataset, Entity, EntityData, EntityId, Kind, Relation};

/// A field's value: text, or a list (an agreement's `scope`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum FieldValue {
    /// One piece of text (dates as written).
    Text(String),
    /// A list, in file order.
    List(Vec<String>),
}

impl std::fmt::Display for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::Text(t) => f.write_str(t),
            FieldValue::List(items) => f.write_str(&items.join(", ")),
        }
    }
}

/// What a person said about an agreement, as a card lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// Who said it.
    pub person: EntityId,
    /// The agreement that quotes it.
    pub agreement: EntityId,
    /// How the card introduces it: the person's name on an agreement's
    /// card, `on <agreement>` on a person's.
    pub label: String,
    /// The words.
    pub text: String,
}

/// A linked entity on a card, with context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkItem {
    /// The other entity.
    pub target: EntityId,
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Its name or title.
    pub name: String,
    /// Role, counterparty, date: whatever says why it is linked.
    pub note: Option<String>,
}

/// Links of one relation, in one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkGroup {
    /// The relation.
    pub link: Relation,
    /// The relation, worded from this card's side.
    pub relation: String,
    /// True for links other entities make to this one.
    pub incoming: bool,
    /// The linked entities.
    pub items: Vec<LinkItem>,
}

/// A source as listed on a card (in JSON, what it lacks is `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SourceLine {
    /// The source entity.
    #[serde(skip)]
    pub target: EntityId,
    /// Its id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: Option<String>,
    /// Date as written.
    pub date: Option<String>,
    /// Address.
    pub url: Option<String>,
}

/// One side of a disputed fact on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ClaimLine {
    /// What this side says.
    pub value: String,
    /// The sources that say it.
    pub sources: Vec<SourceLine>,
}

/// A fact the sources disagree on, as listed on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DisputeLine {
    /// The field in question, as named in the data.
    pub field: String,
    /// What is in doubt.
    pub note: Option<String>,
    /// What each side says.
    pub claims: Vec<ClaimLine>,
}

/// Beside a field whose value the sources disagree on.
pub const DISPUTED: &str = "(disputed)";
/// In place of a disputed field that states no value.
pub const DISPUTED_ONLY: &str = "disputed (see below)";
/// Beside a confidential value shown to someone cleared: viewers see a mask.
pub const CONFIDENTIAL: &str = "(confidential)";

/// Everything there is to say about one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Its id.
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// Name or title.
    pub name: String,
    /// Aliases.
    pub aliases: Vec<String>,
    /// Plain fields of its kind, as (label, value), in a fixed order; a
    /// label is the field's name in the data format, with spaces for `_`.
    pub fields: Vec<(String, FieldValue)>,
    /// Tags.
    pub tags: Vec<String>,
    /// Summary paragraph.
    pub summary: Option<String>,
    /// A chipset's specs, in file order.
    pub specs: Vec<(String, String)>,
    /// Statements: on an agreement's card, what it quotes; on a person's
    /// card, what they said, from every agreement that quotes them.
    pub statements: Vec<StatementLine>,
    /// Free extra fields.
    pub extra: Vec<(String, String)>,
    /// Facts its sources disagree on (`fields` keeps the values as
    /// written; `field_rows` marks them).
    pub disputed: Vec<DisputeLine>,
    /// Sources it cites.
    pub sources: Vec<SourceLine>,
    /// Links out then in, grouped by relation.
    pub links: Vec<LinkGroup>,
    /// Seen as of a day, an agreement's card: who held office at each party
    /// that day (the note says where and as what).
    pub in_office: Option<(crate::data::date::PartialDate, Vec<LinkItem>)>,
    /// Seen as of a day that its data gives no date of beginning for: it
    /// is taken to exist, and this says so ("founding date unknown: …").
    pub lens_note: Option<String>,
    /// What of it is confidential (see `data::redact`).
    pub confidential: Confidential,
    /// True when the card is of a redacted view: what is confidential is
    /// masked. False: it is shown, and marked.
    pub redacted: bool,
}

impl Card {
    /// The card as of a day (see `data::lens`): roles only as held that day,
    /// and on an agreement's card, who held office at each party that day.
    fn seen_on(mut self, ds: &Dataset, id: EntityId, day: crate::data::date::PartialDate) -> Card {
        use crate::data::lens::{in_office, titles_held, unknown_start};
        self.lens_note = unknown_start(ds.get(id)).map(|u| format!("{u}: taken to exist on {day}"));
        for g in self.links.iter_mut().filter(|g| g.link == Relation::Role) {
            // Outgoing: this person's firms; incoming: this firm's people. Each
            // says the titles held that day.
            for i in &mut g.items {
                let (person, firm) = if g.incoming { (i.target, id) } else { (id, i.target) };
                let titles = titles_held(ds, person, firm, day);
                i.note = (!titles.is_empty()).then(|| titles.join("; "));
            }
            g.items.retain(|i| i.note.is_some());
            g.relation = format!("{} on {day}", g.relation);
        }
        self.links.retain(|g| !g.items.is_empty());
        if let EntityData::Agreement(a) = &ds.get(id).data {
            let mut items = Vec::new();
            for party in &a.parties {
                for (person, titles) in in_office(ds, party.firm, day) {
                    let p = ds.get(person);
                    let note = Some(format!("{}: {}", ds.get(party.firm).name, titles.join("; ")));
                    items.push(LinkItem {
                        target: person,
                        id: p.id.clone(),
                        kind: p.kind(),
                        name: p.name.clone(),
                        note,
                    });
                }
            }
            self.in_office = Some((day, items));
        }
        self
    }

    /// Builds the card of one entity; of a dataset seen as of a day
    /// (`data::lens`), as of that day: what came later is not on it.
    pub fn of(ds: &Dataset, id: EntityId) -> Card {
        let card = Card::as_written(ds, id);
        match ds.as_of() {
            Some(day) => card.seen_on(ds, id, day),
            None => card,
        }
    }

    fn as_written(ds: &Dataset, id: EntityId) -> Card {
        let e = ds.get(id);
        let mut fields: Vec<(String, FieldValue)> = Vec::new();
        let mut field = |label: &str, value: Option<String>| {
            if let Some(v) = value {
                fields.push((label.to_string(), FieldValue::Text(v)));
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
                field("dissolved", date(f.dissolved));
            }
            EntityData::Person(_) => {
                // What they said, from the agreements that quote them.
                let mut quoting: Vec<EntityId> = ds.links_to(id).map(|l| l.from).collect();
                quoting.sort();
                quoting.dedup();
                for from in quoting {
                    if let EntityData::Agreement(a) = &ds.get(from).data {
                        let label = format!("on {}", ds.get(from).name);
                        statements.extend(a.statements.iter().filter(|s| s.person == id).map(|s| StatementLine {
                            person: id,
                            agreement: from,
                            label: label.clone(),
                            text: s.text.clone(),
                        }));
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
                if !a.scope.is_empty() {
                    fields.push(("scope".to_string(), FieldValue::List(a.scope.clone())));
                }
                statements = a
                    .statements
                    .iter()
                    .map(|s| StatementLine {
                        person: s.person,
                        agreement: id,
                        label: ds.get(s.person).name.clone(),
                        text: s.text.clone(),
                    })
                    .collect();
            }
            EntityData::Event(ev) => {
                field("date", date(ev.date));
                field("kind", ev.kind.clone());
            }
            EntityData::Source(s) => {
                field("author", s.author.clone());
                field("publisher", s.publisher.clone());
                field("date", date(s.date));
                field("url", s.url.clone());
            }
        }
        // Only sources there are (as of a day, those published by then).
        let cited = |ids: &[EntityId]| ids.iter().filter(|&&s| ds.present(s)).map(|&s| source_line(ds, s)).collect();
        let sources = cited(&e.sources);
        let disputed: Vec<DisputeLine> = e
            .disputed
            .iter()
            .map(|d| DisputeLine {
                field: d.field.clone(),
                note: d.note.clone(),
                claims: d
                    .claims
                    .iter()
                    .map(|c| ClaimLine { value: c.value.clone(), sources: cited(&c.sources) })
                    .collect(),
            })
            .collect();
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
            in_office: None,
            lens_note: None,
            confidential: e.confidential.clone(),
            redacted: ds.is_redacted(),
        }
    }
}

impl Card {
    /// True when the sources disagree on the field with this label (or
    /// data-format name: `legal_name` and `legal name` are the same field).
    /// The fields a redacted card says are masked: those listed (not keys
    /// of `extra` or `specs`, whose rows stay with their mask), or for a
    /// whole entity its dates.
    pub fn masked_fields(&self) -> Vec<&str> {
        match &self.confidential {
            Confidential::Nothing => Vec::new(),
            Confidential::Whole => match self.kind {
                Kind::Firm => vec!["founded"],
                Kind::Chipset => vec!["announced"],
                Kind::Product => vec!["launched"],
                Kind::Agreement => vec!["signed"],
                Kind::Event | Kind::Source => vec!["date"],
                Kind::Person => Vec::new(),
            },
            Confidential::Fields(f) => f
                .iter()
                .map(String::as_str)
                .filter(|f| !f.contains('.') && !matches!(*f, "summary" | "extra" | "specs" | "disputed"))
                .collect(),
        }
    }

    /// What the card's marker line says, if anything of it is confidential:
    /// to someone cleared, what viewers see masked; to a viewer, that masks are masks.
    pub fn confidential_note(&self) -> Option<String> {
        let what = match &self.confidential {
            Confidential::Nothing => return None,
            Confidential::Whole => "all of it".to_string(),
            Confidential::Fields(f) => f.join(", "),
        };
        Some(if self.redacted {
            format!("confidential: {what} masked")
        } else {
            format!("confidential: {what} (masked for viewers without clearance)")
        })
    }

    pub fn is_disputed(&self, label: &str) -> bool {
        self.disputed.iter().any(|d| d.field.replace('_', " ") == label.replace('_', " "))
    }

    /// The fields as text rows, a disputed one marked beside its value; then
    /// a row `disputed (see below)` for each disputed field that has no
    /// value here and that `shown_elsewhere` (say, as a link) does not show.
    pub fn field_rows(&self, shown_elsewhere: impl Fn(&str) -> bool) -> Vec<(String, String)> {
        let secret = |label: &str| !self.redacted && self.confidential.covers(&label.replace(' ', "_"));
        let mut rows: Vec<(String, String)> = self
            .fields
            .iter()
            .map(|(k, v)| {
                let mut v = if self.is_disputed(k) { format!("{v} {DISPUTED}") } else { v.to_string() };
                if secret(k) {
                    v = format!("{v} {CONFIDENTIAL}");
                }
                (k.clone(), v)
            })
            .collect();
        // A masked date, list or link has no value left: say it is masked.
        if self.redacted {
            for name in self.masked_fields() {
                let label = name.replace('_', " ");
                if !rows.iter().any(|(k, _)| *k == label) && !shown_elsewhere(&label) {
                    rows.push((label, crate::data::redact::MASK.to_string()));
                }
            }
        }
        for d in &self.disputed {
            let label = d.field.replace('_', " ");
            if !rows.iter().any(|(k, _)| *k == label) && !shown_elsewhere(&label) {
                rows.push((label, DISPUTED_ONLY.to_string()));
            }
        }
        rows
    }
}

/// A source as listed on a card: title, publisher, date and address.
/// A source as a card lists it.
pub fn source_line(ds: &Dataset, s: EntityId) -> SourceLine {
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
    let mut add = |link: Relation, relation: &str, incoming: bool, item: LinkItem| match groups
        .iter_mut()
        .find(|g| g.link == link && g.incoming == incoming)
    {
        Some(g) => {
            if !g.items.iter().any(|i| i.target == item.target) {
                g.items.push(item);
            }
        }
        None => groups.push(LinkGroup { link, relation: relation.to_string(), incoming, items: vec![item] }),
    };
    for l in ds.links_from(id).filter(|l| l.relation != Relation::Cites) {
        add(l.relation, l.relation.outward(), false, item(ds, id, l.to, ds.note(l).map(str::to_string)));
    }
    let mut incoming: Vec<_> = ds.links_to(id).collect();
    incoming.sort_by_key(|l| l.relation);
    for l in incoming {
        add(l.relation, l.relation.inward(), true, item(ds, id, l.from, ds.note(l).map(str::to_string)));
    }
    // Dated groups read best newest first.
    for g in &mut groups {
        if g.items.iter().all(|i| matches!(i.kind, Kind::Agreement | Kind::Event)) {
            g.items.sort_by_key(|i| std::cmp::Reverse(date_of(ds.get(i.target))));
        }
    }
    groups
}

/// The date a link to `e` is shown with: an agreement's signing (or start),
/// an event's date, a chip's announcement, a product's launch.
pub fn date_of(e: &Entity) -> Option<crate::data::date::PartialDate> {
    match &e.data {
        EntityData::Agreement(a) => a.signed.or(a.effective),
        EntityData::Event(ev) => ev.date,
        EntityData::Chipset(c) => c.announced,
        EntityData::Product(p) => p.launched,
        _ => None,
    }
}

/// The other parties to `agreement` when `me` is one of them (none otherwise).
pub fn counterparties(ds: &Dataset, me: EntityId, agreement: EntityId) -> Vec<EntityId> {
    match &ds.get(agreement).data {
        EntityData::Agreement(a) if a.parties.iter().any(|p| p.firm == me) => {
            a.parties.iter().map(|p| p.firm).filter(|&f| f != me).collect()
        }
        _ => Vec::new(),
    }
}

/// A linked entity with the context that says why it matters from `me`'s side:
/// the link's own note (a role), then the target's counterparties and date.
fn item(ds: &Dataset, me: EntityId, target: EntityId, note: Option<String>) -> LinkItem {
    let t = ds.get(target);
    let others: Vec<&str> = counterparties(ds, me, target).into_iter().map(|f| ds.get(f).name.as_str()).collect();
    let with = (!others.is_empty()).then(|| format!("with {}", others.join(", ")));
    let when = date_of(t).map(|d| d.to_string());
    let parts: Vec<String> = note.into_iter().chain(with).chain(when).collect();
    let note = (!parts.is_empty()).then(|| parts.join(", "));
    LinkItem { target, id: t.id.clone(), kind: t.kind(), name: t.name.clone(), note }
}
