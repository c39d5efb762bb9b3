//! Every dated fact of a dataset as timeline items, built once, ordered, and
//! filtered by entity, category and date range. Shared by the app and the CLI.

use crate::date::PartialDate;
use crate::model::{Dataset, EntityData, EntityId};

/// What kind of dated fact an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A firm was founded.
    Founded,
    /// An event.
    Event,
    /// An agreement was signed.
    Signed,
    /// An agreement took effect (a span when it also expires).
    Effective,
    /// An agreement expires (alone, when no start is known).
    Expires,
    /// A chipset was announced.
    Announced,
    /// A product was launched.
    Launched,
    /// A person held a role (a span when both ends are known).
    Role,
}

/// Groups of item kinds that the filters toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Events from the data.
    Events,
    /// Signing, effect and expiry of agreements.
    Agreements,
    /// Chip announcements, product launches and foundings.
    Launches,
    /// People's roles.
    Roles,
}

impl Category {
    /// Every category, in filter-key order.
    pub const ALL: [Category; 4] = [Category::Events, Category::Agreements, Category::Launches, Category::Roles];

    /// Parses `events`, `agreements`, `launches`, `roles` (singular too).
    pub fn parse(text: &str) -> Option<Category> {
        match text.to_ascii_lowercase().trim_end_matches('s') {
            "event" => Some(Category::Events),
            "agreement" | "deal" => Some(Category::Agreements),
            "launche" | "launch" => Some(Category::Launches),
            "role" => Some(Category::Roles),
            _ => None,
        }
    }

    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Category::Events => "events",
            Category::Agreements => "agreements",
            Category::Launches => "launches",
            Category::Roles => "roles",
        }
    }
}

impl ItemKind {
    /// The filter group this kind belongs to.
    pub fn category(self) -> Category {
        match self {
            ItemKind::Event => Category::Events,
            ItemKind::Signed | ItemKind::Effective | ItemKind::Expires => Category::Agreements,
            ItemKind::Founded | ItemKind::Announced | ItemKind::Launched => Category::Launches,
            ItemKind::Role => Category::Roles,
        }
    }

    /// Short badge for lists.
    pub fn badge(self) -> &'static str {
        match self {
            ItemKind::Founded => "founded",
            ItemKind::Event => "event",
            ItemKind::Signed => "signed",
            ItemKind::Effective => "in force",
            ItemKind::Expires => "expires",
            ItemKind::Announced => "chip",
            ItemKind::Launched => "launch",
            ItemKind::Role => "role",
        }
    }
}

/// One dated fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// When it happened or began.
    pub date: PartialDate,
    /// When it ended, for spans.
    pub end: Option<PartialDate>,
    /// What kind of fact.
    pub kind: ItemKind,
    /// A one-line description.
    pub title: String,
    /// The entity to open for this item.
    pub subject: EntityId,
    /// Every entity it concerns (the subject first).
    pub entities: Vec<EntityId>,
}

/// Every dated item of a dataset, in time order.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    items: Vec<Item>,
}

/// Which items to keep.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep items that concern any of these (empty: all).
    pub entities: Vec<EntityId>,
    /// Keep items of these categories (empty: all).
    pub categories: Vec<Category>,
    /// Keep items that end on or after this date.
    pub from: Option<PartialDate>,
    /// Keep items that start on or before this date.
    pub to: Option<PartialDate>,
}

impl Filter {
    /// True when an item passes.
    pub fn keeps(&self, item: &Item) -> bool {
        (self.entities.is_empty() || item.entities.iter().any(|e| self.entities.contains(e)))
            && (self.categories.is_empty() || self.categories.contains(&item.kind.category()))
            && self.from.is_none_or(|f| item.end.unwrap_or(item.date).end_day() >= f.start_day())
            && self.to.is_none_or(|t| item.date.start_day() <= t.end_day())
    }
}

impl Timeline {
    /// Builds the items from every dated field of the dataset.
    pub fn build(ds: &Dataset) -> Self {
        let mut items = Vec::new();
        for id in ds.ids() {
            let e = ds.get(id);
            let mut push = |date, end, kind, title: String, mut entities: Vec<EntityId>| {
                entities.retain(|&x| x != id);
                entities.insert(0, id);
                items.push(Item { date, end, kind, title, subject: id, entities });
            };
            match &e.data {
                EntityData::Firm(f) => {
                    if let Some(d) = f.founded {
                        push(d, None, ItemKind::Founded, format!("{} founded", e.name), vec![]);
                    }
                }
                EntityData::Person(p) => {
                    for r in &p.roles {
                        let firm = &ds.get(r.firm).name;
                        let title = r.title.as_deref().unwrap_or("role");
                        let text = format!("{}: {title}, {firm}", e.name);
                        match (r.from, r.to) {
                            (Some(f), to) => push(f, to, ItemKind::Role, text, vec![r.firm]),
                            (None, Some(t)) => push(t, None, ItemKind::Role, format!("{text} (ends)"), vec![r.firm]),
                            (None, None) => {}
                        }
                    }
                }
                EntityData::Chipset(c) => {
                    if let Some(d) = c.announced {
                        let mut with: Vec<EntityId> = c.designer.into_iter().chain(c.foundry).collect();
                        with.dedup();
                        push(d, None, ItemKind::Announced, format!("{} announced", e.name), with);
                    }
                }
                EntityData::Product(p) => {
                    if let Some(d) = p.launched {
                        let with = p.maker.into_iter().chain(p.chipsets.iter().copied()).collect();
                        push(d, None, ItemKind::Launched, format!("{} launched", e.name), with);
                    }
                }
                EntityData::Agreement(a) => {
                    let with: Vec<EntityId> =
                        a.parties.iter().map(|p| p.firm).chain(a.people.iter().copied()).collect();
                    // Signed and expiring with no separate start: the span runs from the signing.
                    let signed_end = if a.effective.is_none() { a.expires } else { None };
                    if let Some(d) = a.signed {
                        push(d, signed_end, ItemKind::Signed, format!("{} signed", e.name), with.clone());
                    }
                    match (a.effective, a.expires) {
                        (Some(s), end) => push(s, end, ItemKind::Effective, format!("{} in force", e.name), with),
                        (None, Some(x)) if a.signed.is_none() => {
                            push(x, None, ItemKind::Expires, format!("{} expires", e.name), with)
                        }
                        _ => {}
                    }
                }
                EntityData::Event(ev) => {
                    push(ev.date, None, ItemKind::Event, e.name.clone(), ev.involves.clone());
                }
                EntityData::Source(_) => {}
            }
        }
        items.sort_by(|a, b| a.date.cmp(&b.date).then(a.kind.cmp(&b.kind)).then(a.title.cmp(&b.title)));
        Self { items }
    }

    /// Every item, in order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Indexes of the items a filter keeps, in order.
    pub fn select(&self, filter: &Filter) -> Vec<usize> {
        (0..self.items.len()).filter(|&i| filter.keeps(&self.items[i])).collect()
    }

    /// The latest `n` items that concern an entity, newest first.
    pub fn latest_for(&self, id: EntityId, n: usize) -> Vec<&Item> {
        self.items.iter().rev().filter(|i| i.entities.contains(&id)).take(n).collect()
    }
}
