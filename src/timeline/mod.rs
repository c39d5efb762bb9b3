//! Every dated fact of a dataset as timeline items, built once, ordered, and
//! filtered by scope (everything, one entity and its links, or what several
//! share), category and date range. Shared by the app and the CLI.
//!
//! Ordering of partial dates: items sort by the first day they could cover,
//! and a less precise date comes before a more precise one that starts on the
//! same day, so `2023` < `2023-03` < `2023-03-05`. A year-only item is never
//! shown as 1 January: lists print the date as written, and the axis draws it
//! over the whole year (or month) it covers.

pub mod view;

use crate::data::date::PartialDate;

use crate::data::model::{Dataset, EntityData, EntityId, Relation};
use crate::search::mask;

/// What kind of dated fact an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
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
    /// A role ended (known only by its end).
    RoleEnd,
    /// An agreement the data gives no date for.
    UndatedAgreement,
    /// A role the data gives no dates for.
    UndatedRole,
}

/// Groups of item kinds that the filters toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
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
            ItemKind::Signed | ItemKind::Effective | ItemKind::Expires | ItemKind::UndatedAgreement => {
                Category::Agreements
            }
            ItemKind::Founded | ItemKind::Announced | ItemKind::Launched => Category::Launches,
            ItemKind::Role | ItemKind::RoleEnd | ItemKind::UndatedRole => Category::Roles,
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
            ItemKind::RoleEnd => "role end",
            ItemKind::UndatedAgreement => "deal",
            ItemKind::UndatedRole => "role",
        }
    }
}

/// One dated fact, or an agreement or role the data gives no date for
/// (listed last, under "undated", never drawn on the axis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// When it happened or began; `None` for an undated item.
    pub date: Option<PartialDate>,
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

impl Item {
    /// The first day the item covers, if it is dated.
    pub fn start_day(&self) -> Option<i64> {
        self.date.map(|d| d.start_day())
    }

    /// The last day the item covers, if it is dated; a role with no end is open-ended.
    pub fn last_day(&self) -> Option<i64> {
        let date = self.date?;
        Some(match (self.end, self.kind) {
            (Some(e), _) => e.end_day(),
            (None, ItemKind::Role) => i64::MAX,
            (None, _) => date.end_day(),
        })
    }

    /// The date as the lists print it: as written, or `undated`.
    pub fn date_text(&self) -> String {
        self.date.map_or_else(|| "undated".to_string(), |d| d.to_string())
    }
}

/// Every dated item of a dataset, in time order.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    items: Vec<Item>,
    /// Per item, the characters of its title and its entities' names and
    /// aliases: the filter skips an item whose mask lacks the query's.
    masks: Vec<u64>,
}

/// Whose history to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Everything.
    #[default]
    All,
    /// One entity and everything directly linked to it (the `t` key).
    Around(EntityId),
    /// What two or more entities share: items that concern at least two of them.
    Shared(Vec<EntityId>),
}

impl Scope {
    /// The scope for a set of chosen entities: one is `Around`, more are `Shared`.
    pub fn of(mut chosen: Vec<EntityId>) -> Scope {
        chosen.dedup();
        match chosen.len() {
            0 => Scope::All,
            1 => Scope::Around(chosen[0]),
            _ => Scope::Shared(chosen),
        }
    }
}

/// Which items to keep.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Whose history.
    pub scope: Scope,
    /// Keep items of these categories (empty: all).
    pub categories: Vec<Category>,
    /// Keep items that end on or after this date.
    pub from: Option<PartialDate>,
    /// Keep items that start on or before this date.
    pub to: Option<PartialDate>,
}

/// A filter made ready for one dataset: `Around` expanded to the entity's neighbours.
struct Prepared<'f> {
    filter: &'f Filter,
    around: Vec<bool>,
}

impl Prepared<'_> {
    fn new<'f>(ds: &Dataset, filter: &'f Filter) -> Prepared<'f> {
        let mut around = Vec::new();
        if let Scope::Around(id) = filter.scope {
            around = vec![false; ds.len()];
            around[id.index()] = true;
            for l in ds.links_from(id).filter(|l| l.relation != Relation::Cites) {
                around[l.to.index()] = true;
            }
            for l in ds.links_to(id).filter(|l| l.relation != Relation::Cites) {
                around[l.from.index()] = true;
            }
        }
        Prepared { filter, around }
    }

    fn keeps(&self, ds: &Dataset, item: &Item) -> bool {
        let f = self.filter;
        // Seen as of a day, an entity that did not exist yet has no items.
        if !ds.present(item.subject) {
            return false;
        }
        let in_scope = match &f.scope {
            Scope::All => true,
            Scope::Around(_) => item.entities.iter().any(|e| self.around[e.index()]),
            Scope::Shared(ids) => ids.iter().filter(|id| item.entities.contains(id)).count() >= 2,
        };
        in_scope
            && (f.categories.is_empty() || f.categories.contains(&item.kind.category()))
            // An undated item cannot be placed in a range: a range leaves it out.
            && f.from.is_none_or(|from| item.last_day().is_some_and(|d| d >= from.start_day()))
            && f.to.is_none_or(|to| item.start_day().is_some_and(|d| d <= to.end_day()))
    }
}

/// One row of the chronological list: a year heading or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The items below happened in this year.
    Year(i32),
    /// The items below have no date.
    Undated,
    /// An item, by index into `Timeline::items`.
    Item(usize),
}

/// The chronological list of picked items with a heading before each year.
pub fn rows_by_year(tl: &Timeline, picked: &[usize]) -> Vec<Row> {
    let mut rows = Vec::with_capacity(picked.len() + picked.len() / 4 + 1);
    let mut group = None;
    for &i in picked {
        let g = tl.items[i].date.map_or(Row::Undated, |d| Row::Year(d.year_part()));
        if group != Some(g) {
            rows.push(g);
            group = Some(g);
        }
        rows.push(Row::Item(i));
    }
    rows
}

impl Timeline {
    /// Builds the items from every dated field of the dataset.
    pub fn build(ds: &Dataset) -> Self {
        let mut items = Vec::new();
        for id in ds.ids() {
            items_of(ds, id, &mut items);
        }
        // Dated items in time order, then the undated ones (a stable sort:
        // ties stay in entity order, which `patched` relies on).
        items.sort_by(order);
        let names: Vec<u64> = ds.entities().iter().map(|e| names_mask(e)).collect();
        let masks = items.iter().map(|it| item_mask(it, |e| names[e.index()])).collect();
        Self { items, masks }
    }

    /// The timeline of `ds`, made from this one (the timeline of the
    /// dataset `ds` was edited from, see `Dataset::changed_since`): the items
    /// of the entities in `changed` (ranges of handles), and of every entity
    /// with an item that names one of them, are made again and merged into
    /// the rest, which is kept. Gives what [`Timeline::build`] on `ds` gives.
    pub fn patched(&self, ds: &Dataset, changed: &[std::ops::Range<u32>]) -> Self {
        let mut dirty = vec![false; ds.len()];
        for r in changed {
            dirty[r.start as usize..r.end as usize].fill(true);
        }
        // An item's title and mask hold the names of the entities it names.
        let mut redo = dirty.clone();
        for it in &self.items {
            if it.entities.iter().any(|e| dirty[e.index()]) {
                redo[it.subject.index()] = true;
            }
        }
        let mut fresh = Vec::new();
        for (i, _) in redo.iter().enumerate().filter(|(_, r)| **r) {
            items_of(ds, EntityId(i as u32), &mut fresh);
        }
        fresh.sort_by(order);
        let fresh_masks: Vec<u64> = fresh.iter().map(|it| item_mask(it, |e| names_mask(ds.get(e)))).collect();
        let kept = self.items.iter().zip(&self.masks).filter(|(it, _)| !redo[it.subject.index()]);
        // Merged in order; on a tie, by subject, as the full build's stable sort leaves them.
        let mut items = Vec::with_capacity(self.items.len());
        let mut masks = Vec::with_capacity(self.items.len());
        let mut fresh = fresh.into_iter().zip(fresh_masks).peekable();
        for (it, &m) in kept {
            while let Some((f, _)) = fresh.peek()
                && order(f, it).then(f.subject.cmp(&it.subject)).is_lt()
            {
                let (f, fm) = fresh.next().expect("peeked");
                items.push(f);
                masks.push(fm);
            }
            items.push(it.clone());
            masks.push(m);
        }
        for (f, fm) in fresh {
            items.push(f);
            masks.push(fm);
        }
        Self { items, masks }
    }

    /// Every item, in order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Indexes of the items a filter keeps, in order.
    pub fn select(&self, ds: &Dataset, filter: &Filter) -> Vec<usize> {
        let everything = filter.scope == Scope::All
            && filter.categories.is_empty()
            && filter.from.is_none()
            && filter.to.is_none()
            && ds.as_of().is_none();
        if everything {
            return (0..self.items.len()).collect();
        }
        let prepared = Prepared::new(ds, filter);
        (0..self.items.len()).filter(|&i| prepared.keeps(ds, &self.items[i])).collect()
    }

    /// Of the picked items, those whose title or entity names fuzzy-match the query.
    pub fn search(&self, ds: &Dataset, picked: &[usize], query: &str) -> Vec<usize> {
        let query = query.trim();
        if query.is_empty() {
            return picked.to_vec();
        }
        // Keeping or not needs no score: a fuzzy match exists when the query's
        // characters appear in order (smart case; beyond ASCII, any case).
        let q = crate::search::Query::new(query);
        let keeps = |i: usize| {
            if self.masks[i] & q.mask != q.mask {
                return false;
            }
            let it = &self.items[i];
            q.in_order(&it.title)
                || it.entities.iter().any(|&e| {
                    let e = ds.get(e);
                    q.in_order(&e.name) || e.aliases.iter().any(|a| q.in_order(a))
                })
        };
        crate::cores::parts_on_all_cores(picked, 20_000, |part| part.iter().copied().filter(|&i| keeps(i)).collect())
    }

    /// The first and last day any item covers, if there are items.
    pub fn span(&self, picked: &[usize]) -> Option<(i64, i64)> {
        let dated = || picked.iter().filter_map(|&i| Some((self.items[i].date?, self.items[i].end)));
        let first = dated().map(|(d, _)| d.start_day()).min()?;
        let last = dated().map(|(d, end)| end.unwrap_or(d).end_day()).max()?;
        Some((first, last))
    }

    /// The latest `n` dated items that concern an entity, newest first (of
    /// a dataset seen as of a day, those of that day's world: by then, of
    /// entities there).
    pub fn latest_for(&self, ds: &Dataset, id: EntityId, n: usize) -> Vec<&Item> {
        let by_then = |i: &Item| ds.as_of().is_none_or(|day| i.start_day().is_some_and(|d| d <= day.end_day()));
        let seen = |i: &Item| i.entities.iter().all(|&e| ds.present(e));
        let concerns = |i: &&Item| i.date.is_some() && i.entities.contains(&id) && by_then(i) && seen(i);
        self.items.iter().rev().filter(concerns).take(n).collect()
    }
}

/// Pushes the items of one entity, in the order its fields give them.
fn items_of(ds: &Dataset, id: EntityId, items: &mut Vec<Item>) {
    let e = ds.get(id);
    // Seen as of a day, an end after it is not known yet: the item is ongoing.
    let by_then = |d: &PartialDate| ds.as_of().is_none_or(|day| d.start_day() <= day.end_day());
    let mut push =
        |date: Option<PartialDate>, end: Option<PartialDate>, kind, title: String, mut entities: Vec<EntityId>| {
            entities.retain(|&x| x != id);
            entities.insert(0, id);
            items.push(Item { date, end: end.filter(by_then), kind, title, subject: id, entities });
        };
    match &e.data {
        EntityData::Firm(f) => {
            if let Some(d) = f.founded {
                push(Some(d), None, ItemKind::Founded, format!("{} founded", e.name), vec![]);
            }
        }
        EntityData::Person(p) => {
            for r in &p.roles {
                let firm = &ds.get(r.firm).name;
                let title = r.title.as_deref().unwrap_or("role");
                let marks = r.unsourced.words().map(|w| format!(" ({w})")).unwrap_or_default();
                let text = format!("{}: {title}, {firm}{marks}", e.name);
                match (r.from, r.to) {
                    (Some(f), to) => push(Some(f), to, ItemKind::Role, text, vec![r.firm]),
                    (None, Some(t)) => push(Some(t), None, ItemKind::RoleEnd, format!("{text} (ends)"), vec![r.firm]),
                    (None, None) => push(None, None, ItemKind::UndatedRole, text, vec![r.firm]),
                }
            }
        }
        EntityData::Chipset(c) => {
            if let Some(d) = c.announced {
                let mut with: Vec<EntityId> = c.designer.into_iter().chain(c.foundry).collect();
                with.dedup();
                push(Some(d), None, ItemKind::Announced, format!("{} announced", e.name), with);
            }
        }
        EntityData::Product(p) => {
            if let Some(d) = p.launched {
                let with = p.maker.into_iter().chain(p.chipsets.iter().copied()).collect();
                push(Some(d), None, ItemKind::Launched, format!("{} launched", e.name), with);
            }
        }
        EntityData::Agreement(a) => {
            let with: Vec<EntityId> = a.parties.iter().map(|p| p.firm).chain(a.people.iter().copied()).collect();
            // Signed and expiring with no separate start: the span runs from the signing.
            let signed_end = if a.effective.is_none() { a.expires } else { None };
            if let Some(d) = a.signed {
                push(Some(d), signed_end, ItemKind::Signed, format!("{} signed", e.name), with.clone());
            }
            match (a.signed, a.effective, a.expires) {
                (_, Some(s), end) => push(Some(s), end, ItemKind::Effective, format!("{} in force", e.name), with),
                (None, None, Some(x)) => push(Some(x), None, ItemKind::Expires, format!("{} expires", e.name), with),
                (None, None, None) => push(None, None, ItemKind::UndatedAgreement, e.name.clone(), with),
                _ => {}
            }
        }
        EntityData::Event(ev) => {
            push(ev.date, None, ItemKind::Event, e.name.clone(), ev.involves.clone());
        }
        EntityData::Source(_) => {}
    }
}

/// The timeline's order: dated items in time order, then the undated ones;
/// by kind and title where the dates are the same.
fn order(a: &Item, b: &Item) -> std::cmp::Ordering {
    (a.date.is_none(), a.date)
        .cmp(&(b.date.is_none(), b.date))
        .then(a.kind.cmp(&b.kind))
        .then_with(|| a.title.cmp(&b.title))
}

/// The characters of an entity's name and aliases, as a search mask.
fn names_mask(e: &crate::data::model::Entity) -> u64 {
    mask([e.name.as_str()].into_iter().chain(e.aliases.iter().map(String::as_str)))
}

/// An item's mask: its title's characters and its entities' names'.
fn item_mask(it: &Item, names: impl Fn(EntityId) -> u64) -> u64 {
    it.entities.iter().fold(mask([it.title.as_str()]), |m, &e| m | names(e))
}
