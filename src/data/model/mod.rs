//! The typed, validated, immutable dataset and its relation index (each
//! kind's own fields are in `kinds.rs`). Built only by `load`; everything
//! downstream reads it. No IO here.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

mod ids;
mod kinds;
mod lensed;
mod links;
pub mod written;
pub use kinds::{Agreement, Chipset, Event, Firm, Party, Person, Product, Role, RoleUnsourced, Source, Statement};
pub use lensed::Lens;
pub use links::Links;
use links::adjacency;

/// An entity's handle: its position in the dataset. Cheap to copy, valid only
/// for the dataset that issued it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub(crate) u32);

impl EntityId {
    /// Position in `Dataset::entities()`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The seven kinds of entity, in the order the app shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A company, regulator or other organisation.
    Firm,
    /// An executive, spokesperson or other named person.
    Person,
    /// A system-on-chip or other chip.
    Chipset,
    /// A device or other product.
    Product,
    /// A licence, settlement, supply deal or similar.
    Agreement,
    /// A dated happening.
    Event,
    /// A cited article or document.
    Source,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 7] =
        [Kind::Firm, Kind::Person, Kind::Chipset, Kind::Product, Kind::Agreement, Kind::Event, Kind::Source];

    /// The top-level YAML key that holds this kind (`firms`, `people`, …).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Firm => "firms",
            Kind::Person => "people",
            Kind::Chipset => "chipsets",
            Kind::Product => "products",
            Kind::Agreement => "agreements",
            Kind::Event => "events",
            Kind::Source => "sources",
        }
    }

    /// Singular lowercase noun: `firm`, `person`, …
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Firm => "firm",
            Kind::Person => "person",
            Kind::Chipset => "chipset",
            Kind::Product => "product",
            Kind::Agreement => "agreement",
            Kind::Event => "event",
            Kind::Source => "source",
        }
    }

    /// Plural title for tabs and headings: `Firms`, `People`, …
    pub fn title(self) -> &'static str {
        match self {
            Kind::Firm => "Firms",
            Kind::Person => "People",
            Kind::Chipset => "Chipsets",
            Kind::Product => "Products",
            Kind::Agreement => "Agreements",
            Kind::Event => "Events",
            Kind::Source => "Sources",
        }
    }

    /// A short badge for mixed lists: `FIRM`, `PERS`, …
    pub fn badge(self) -> &'static str {
        match self {
            Kind::Firm => "firm",
            Kind::Person => "pers",
            Kind::Chipset => "chip",
            Kind::Product => "prod",
            Kind::Agreement => "deal",
            Kind::Event => "evnt",
            Kind::Source => "src",
        }
    }

    /// Parses a kind from any name the program prints for it: its noun or
    /// key (`firm`, `firms`, `people`), its badge (`chip`, `deal`, `evnt`) or
    /// a plural of either (`chips`, `deals`).
    pub fn parse(text: &str) -> Option<Kind> {
        let t = text.to_ascii_lowercase();
        let one = t.strip_suffix('s').unwrap_or(&t);
        Kind::ALL.into_iter().find(|k| {
            let names = [k.noun(), k.key(), k.badge()];
            names.contains(&t.as_str())
                || names.contains(&one)
                || (*k == Kind::Agreement && matches!(one, "deal"))
                || (*k == Kind::Event && one == "event")
        })
    }

    /// Position in `Kind::ALL`.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// What one relation between two entities means, read from its source side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Firm → its parent firm.
    Parent,
    /// Person → a firm they hold a role at.
    Role,
    /// Chipset → the firm that designed it.
    Designer,
    /// Chipset → the firm that manufactures it.
    Foundry,
    /// Chipset → the chipset it follows.
    Predecessor,
    /// Product → the firm that makes it.
    Maker,
    /// Product → a chipset inside it.
    UsesChipset,
    /// Agreement → a firm that is party to it.
    Party,
    /// Agreement → a person who signed or spoke for it.
    Person,
    /// Agreement → a person quoted on it.
    Statement,
    /// Event → anything it involves.
    Involves,
    /// Entity → a source that backs it.
    Cites,
}

impl Relation {
    /// Heading for the link seen from the entity that holds the field.
    pub fn outward(self) -> &'static str {
        match self {
            Relation::Parent => "parent",
            Relation::Role => "roles",
            Relation::Designer => "designer",
            Relation::Foundry => "foundry",
            Relation::Predecessor => "predecessor",
            Relation::Maker => "maker",
            Relation::UsesChipset => "chipsets",
            Relation::Party => "parties",
            Relation::Person => "people",
            Relation::Statement => "quoted",
            Relation::Involves => "involves",
            Relation::Cites => "sources",
        }
    }

    /// Heading for the link seen from the entity it points at.
    pub fn inward(self) -> &'static str {
        match self {
            Relation::Parent => "subsidiaries",
            Relation::Role => "people",
            Relation::Designer => "designed",
            Relation::Foundry => "manufactured",
            Relation::Predecessor => "successors",
            Relation::Maker => "products",
            Relation::UsesChipset => "used in",
            Relation::Party => "agreements",
            Relation::Person => "agreements (people)",
            Relation::Statement => "quoted in",
            Relation::Involves => "events",
            Relation::Cites => "cited by",
        }
    }
}

/// One directed, named relation between two entities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The entity whose field names the other.
    pub from: EntityId,
    /// The entity named.
    pub to: EntityId,
    /// What the field means.
    pub relation: Relation,
    /// Its note, by number in its [`Links`] (see [`Dataset::note`]).
    note: Option<std::num::NonZeroU32>,
}

/// Title and description of the whole dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetInfo {
    /// Shown in the header.
    pub title: Option<String>,
    /// One paragraph about the data.
    pub description: Option<String>,
}

/// One entity of any kind: the fields all kinds share, plus its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// The id from the data.
    pub id: String,
    /// Its name (firms, people, chipsets, products) or title (the rest).
    pub name: String,
    /// Other names it is searched by.
    pub aliases: Vec<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Plain-text paragraph.
    pub summary: Option<String>,
    /// Sources backing it.
    pub sources: Vec<EntityId>,
    /// Free fields the format does not name, in file order.
    pub extra: Vec<(String, String)>,
    /// Facts its sources disagree on, in file order.
    pub disputed: Vec<Dispute>,
    /// What `--redact` masks of it.
    pub confidential: Confidential,
    /// The fields of its kind.
    pub data: EntityData,
}

/// What of an entity is confidential: shown to those cleared (marked as
/// such), masked for everyone else (see `data::redact`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Confidential {
    /// Nothing.
    #[default]
    Nothing,
    /// The whole entity: who it is, its dates and every field.
    Whole,
    /// These fields, as named in the data (`value`, `extra.price`).
    Fields(Vec<String>),
}

impl Confidential {
    /// Whether the field named (`value`, `extra.price`) is confidential.
    pub fn covers(&self, field: &str) -> bool {
        match self {
            Confidential::Nothing => false,
            Confidential::Whole => true,
            Confidential::Fields(f) => {
                f.iter().any(|x| x == field || field.strip_prefix(x.as_str()).is_some_and(|rest| rest.starts_with('.')))
            }
        }
    }

    /// Whether anything of it is.
    pub fn any(&self) -> bool {
        *self != Confidential::Nothing
    }
}

/// A fact the sources disagree on: which field, and what each side says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    /// The field in question, as named in the data (`chipsets`, `process`).
    pub field: String,
    /// What is in doubt, in a sentence.
    pub note: Option<String>,
    /// What each side says, with the sources that say it.
    pub claims: Vec<Claim>,
}

/// One side of a dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// What it says the value is.
    pub value: String,
    /// The sources that say it.
    pub sources: Vec<EntityId>,
}

impl Entity {
    /// Which kind it is.
    pub fn kind(&self) -> Kind {
        match self.data {
            EntityData::Firm(_) => Kind::Firm,
            EntityData::Person(_) => Kind::Person,
            EntityData::Chipset(_) => Kind::Chipset,
            EntityData::Product(_) => Kind::Product,
            EntityData::Agreement(_) => Kind::Agreement,
            EntityData::Event(_) => Kind::Event,
            EntityData::Source(_) => Kind::Source,
        }
    }
}

/// The kind-specific part of an entity.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityData {
    /// A firm's fields (boxed, for the entity's size: see `kinds.rs`'s test).
    Firm(Box<Firm>),
    /// A person's fields.
    Person(Person),
    /// A chipset's fields.
    Chipset(Chipset),
    /// A product's fields.
    Product(Product),
    /// An agreement's fields (boxed: the biggest kind would make every
    /// entity as big as an agreement).
    Agreement(Box<Agreement>),
    /// An event's fields.
    Event(Event),
    /// A source's fields.
    Source(Source),
}

/// The whole validated dataset: entities, their ids, and links both ways.
///
/// Cheap to derive from another by an edit that keeps every id in place
/// ([`Dataset::edited`]): entities are shared, one by one, and so is the id
/// index; such a dataset says which of its entities differ from the one it
/// came from ([`Dataset::changed_since`]), so that what is built over it
/// (search index, timeline) can be patched instead of rebuilt.
#[derive(Debug, Clone)]
pub struct Dataset {
    info: DatasetInfo,
    entities: Vec<Arc<Entity>>,
    by_id: Arc<ids::IdIndex>,
    by_kind: Arc<[Vec<EntityId>; 7]>,
    links: Arc<Links>,
    /// The links each entity makes: `out_links[out_start[i]..out_start[i + 1]]`.
    out_start: Vec<u32>,
    out_links: Vec<u32>,
    /// The links made to each entity, the same way.
    in_start: Vec<u32>,
    in_links: Vec<u32>,
    files: Vec<String>,
    tours: Vec<crate::data::tour::Tour>,
    redacted: bool,
    /// Which dataset this is (clones share it: they hold the same entities).
    stamp: u64,
    /// The dataset this one was edited from, and its entities that changed.
    edit: Option<(u64, Arc<[Range<u32>]>)>,
    /// Seen as of a day (`lensed.rs`): what existed then; none: everything.
    lens: Option<Arc<Lens>>,
    /// Where each file's entities end (handles are in file order; `written.rs`).
    file_ends: Arc<[u32]>,
}

/// A stamp no dataset had before.
fn new_stamp() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Dataset {
    /// Builds the indexes over already-validated entities (ids unique) and links.
    pub(crate) fn new(info: DatasetInfo, entities: Vec<Arc<Entity>>, links: Links, files: Vec<String>) -> Self {
        let by_id = ids::IdIndex::build(&entities);
        let mut by_kind: [Vec<EntityId>; 7] = Default::default();
        for (i, e) in entities.iter().enumerate() {
            by_kind[e.kind().index()].push(EntityId(i as u32));
        }
        Self::assemble(info, entities, Arc::new(by_id), Arc::new(by_kind), links, files, None)
    }

    fn assemble(
        info: DatasetInfo,
        entities: Vec<Arc<Entity>>,
        by_id: Arc<ids::IdIndex>,
        by_kind: Arc<[Vec<EntityId>; 7]>,
        links: Links,
        files: Vec<String>,
        edit: Option<(u64, Arc<[Range<u32>]>)>,
    ) -> Self {
        let n = entities.len();
        let list = links.list();
        let (out_start, out_links) = adjacency(n, list.iter().enumerate().map(|(i, l)| (l.from.index(), i as u32)));
        let (in_start, in_links) = adjacency(n, list.iter().enumerate().map(|(i, l)| (l.to.index(), i as u32)));
        Self {
            info,
            entities,
            by_id,
            by_kind,
            links: Arc::new(links),
            out_start,
            out_links,
            in_start,
            in_links,
            files,
            tours: Vec::new(),
            redacted: false,
            stamp: new_stamp(),
            edit,
            lens: None,
            file_ends: Arc::from([]),
        }
    }

    /// This dataset with the entities of some ranges built again, each
    /// keeping its id and kind (the caller checked), with the links they
    /// make: the rest is shared with it. The ranges are in order and apart.
    pub(crate) fn edited(
        &self,
        info: DatasetInfo,
        files: Vec<String>,
        rebuilt: Vec<(Range<u32>, Vec<Entity>, Links)>,
    ) -> Self {
        let mut entities = self.entities.clone();
        let mut links = Links::with_capacity(self.links.len());
        let copy = |links: &mut Links, range: &[Link]| range.iter().for_each(|l| links.push_from(&self.links, l));
        let mut kept_to = 0; // links before this index are copied
        let mut ranges = Vec::with_capacity(rebuilt.len());
        for (range, built, made) in rebuilt {
            debug_assert_eq!(range.len(), built.len());
            for (slot, e) in entities[range.start as usize..range.end as usize].iter_mut().zip(built) {
                debug_assert_eq!((slot.id.as_str(), slot.kind()), (e.id.as_str(), e.kind()));
                *slot = Arc::new(e);
            }
            let (from, to) = (self.out_start[range.start as usize], self.out_start[range.end as usize]);
            copy(&mut links, &self.links.list()[kept_to..from as usize]);
            links.append(made);
            kept_to = to as usize;
            ranges.push(range);
        }
        copy(&mut links, &self.links.list()[kept_to..]);
        let by_id = Arc::clone(&self.by_id);
        let by_kind = Arc::clone(&self.by_kind);
        let edited = Self::assemble(info, entities, by_id, by_kind, links, files, Some((self.stamp, ranges.into())));
        Self { file_ends: Arc::clone(&self.file_ends), ..edited }
    }

    /// The entities (as ranges of handles) in which this dataset differs
    /// from `other`, when it was made from `other` by [`Dataset::edited`]:
    /// every other entity, and every handle, is the same in both. `None`
    /// when it was not (handles may mean other entities).
    pub fn changed_since(&self, other: &Dataset) -> Option<&[Range<u32>]> {
        match &self.edit {
            Some((base, ranges)) if *base == other.stamp => Some(ranges),
            _ => None,
        }
    }

    /// Title and description.
    pub fn info(&self) -> &DatasetInfo {
        &self.info
    }

    /// A title for headers: the dataset's own, or a neutral one.
    pub fn title(&self) -> &str {
        self.info.title.as_deref().unwrap_or("dealscope")
    }

    /// Every entity, in load order.
    pub fn entities(&self) -> &[Arc<Entity>] {
        &self.entities
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// One entity.
    pub fn get(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }

    /// Looks an entity up by its textual id.
    pub fn lookup(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(&self.entities, id)
    }

    /// The entity with this id, else the first whose name or an alias is
    /// this text in any case (a scan of every entity); seen as of a day, of
    /// those that existed then.
    pub fn named(&self, text: &str) -> Option<EntityId> {
        let same = |a: &str| a.eq_ignore_ascii_case(text) || (!a.is_ascii() && a.to_lowercase() == text.to_lowercase());
        self.lookup(text).filter(|&id| self.present(id)).or_else(|| {
            self.ids().find(|&id| {
                let e = self.get(id);
                same(&e.name) || e.aliases.iter().any(|a| same(a))
            })
        })
    }

    /// All entities of one kind, in load order.
    pub fn of_kind(&self, kind: Kind) -> &[EntityId] {
        &self.by_kind[kind.index()]
    }

    /// All entity handles (seen as of a day, those that existed then).
    pub fn ids(&self) -> impl Iterator<Item = EntityId> + '_ {
        (0..self.entities.len() as u32).map(EntityId).filter(|&id| self.present(id))
    }

    /// Links this entity's fields make, in field order.
    pub fn links_from(&self, id: EntityId) -> impl Iterator<Item = &Link> + '_ {
        let (from, to) = (self.out_start[id.index()] as usize, self.out_start[id.index() + 1] as usize);
        self.out_links[from..to].iter().map(|&i| &self.links.list()[i as usize])
    }

    /// Links other entities make to this one.
    pub fn links_to(&self, id: EntityId) -> impl Iterator<Item = &Link> + '_ {
        let (from, to) = (self.in_start[id.index()] as usize, self.in_start[id.index() + 1] as usize);
        self.in_links[from..to].iter().map(|&i| &self.links.list()[i as usize])
    }

    /// Every link of the data as loaded (seen as of a day, [`Dataset::has_link`]
    /// says which of them the day had; `links_from` and `links_to` give only those).
    pub fn links(&self) -> &[Link] {
        self.links.list()
    }

    /// A link's note: context from the data (a party's role, a person's title and dates).
    pub fn note(&self, l: &Link) -> Option<&str> {
        self.links.note(l)
    }

    /// The files it was read from (display names).
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// The tours, in file order.
    pub fn tours(&self) -> &[crate::data::tour::Tour] {
        &self.tours
    }

    /// The tour with this id.
    pub fn tour(&self, id: &str) -> Option<&crate::data::tour::Tour> {
        self.tours.iter().find(|t| t.id == id)
    }

    /// Takes every tour step's note out, for a dataset an audience is shown;
    /// returns them by tour and step.
    pub fn take_notes(&mut self) -> crate::data::tour::Notes {
        self.tours.iter_mut().map(|t| t.steps.iter_mut().map(|s| s.note.take()).collect()).collect()
    }

    /// True for the view of someone not cleared (`data::redact`): what is
    /// confidential is masked. False: it is all there, and marked.
    pub fn is_redacted(&self) -> bool {
        self.redacted
    }

    /// The same dataset, said to be redacted: a dataset of its own (its
    /// entities are masked), so never `changed_since` the one it came from.
    pub(crate) fn marked_redacted(mut self) -> Self {
        self.redacted = true;
        self.stamp = new_stamp();
        self.edit = None;
        self
    }

    /// Whether a whole entity is hidden in this view: a redacted view's
    /// confidential entity, or one that did not exist on the lens's day,
    /// which search never finds.
    pub fn hidden(&self, id: EntityId) -> bool {
        (self.redacted && self.get(id).confidential == Confidential::Whole) || !self.present(id)
    }

    /// The same dataset with these (validated) tours.
    pub(crate) fn with_tours(mut self, tours: Vec<crate::data::tour::Tour>) -> Self {
        self.tours = tours;
        self
    }

    /// Entities that carry this tag (exact, case-insensitive).
    pub fn tagged(&self, tag: &str) -> Vec<EntityId> {
        self.ids().filter(|&id| self.get(id).tags.iter().any(|t| t.eq_ignore_ascii_case(tag))).collect()
    }
}
