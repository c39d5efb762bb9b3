//! The JSON forms of a search's hits, a timeline's items and the paths
//! between two entities: one object per row, every key always there, what
//! a row lacks `null`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::data::date::Precision;
use crate::data::model::{Dataset, EntityId, Kind};
use crate::graph::paths::Path;
use crate::search::{Field, Hit, field_text};
use crate::timeline::{Category, Item, ItemKind};

/// One search hit (`search --json`), best first.
#[derive(Serialize, JsonSchema)]
pub(crate) struct HitJson<'a> {
    id: &'a str,
    kind: Kind,
    name: &'a str,
    /// The match's score: higher is better (tiers first: exact, prefix,
    /// word prefix, fuzzy).
    score: i64,
    /// The text that matched: the name, an alias, the id or a tag.
    matched: &'a str,
    /// Which of the entity's texts matched.
    field: MatchedField,
    /// Which alias or tag matched, from 0; `null` for the name or the id.
    index: Option<usize>,
}

/// Which of an entity's texts a query matched.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum MatchedField {
    Name,
    Alias,
    Id,
    Tag,
}

/// The hits as JSON rows.
pub(crate) fn hits<'a>(ds: &'a Dataset, hits: &[Hit]) -> Vec<HitJson<'a>> {
    hits.iter()
        .map(|h| {
            let e = ds.get(h.id);
            let (field, index) = match h.field {
                Field::Name => (MatchedField::Name, None),
                Field::Alias(i) => (MatchedField::Alias, Some(i)),
                Field::Id => (MatchedField::Id, None),
                Field::Tag(i) => (MatchedField::Tag, Some(i)),
            };
            HitJson {
                id: &e.id,
                kind: e.kind(),
                name: &e.name,
                score: h.score,
                matched: field_text(ds, h.id, h.field),
                field,
                index,
            }
        })
        .collect()
}

/// One timeline item (`timeline --json`), in time order.
#[derive(Serialize, JsonSchema)]
pub(crate) struct ItemJson<'a> {
    /// When it happened or began, as written; `null` for an undated
    /// agreement or role.
    date: Option<String>,
    /// How much of `date` is known; `null` when undated.
    precision: Option<Precision>,
    /// True for an item that began before `--from` and still runs then.
    ongoing: bool,
    /// Where a span ends, as written; `null` for a single day or an open span.
    end: Option<String>,
    kind: ItemKind,
    category: Category,
    title: &'a str,
    /// The id of the entity whose field gives the date.
    subject: &'a str,
    /// The ids of every entity it concerns, the subject first.
    entities: Vec<&'a str>,
}

/// The items picked (indexes into `items`) as JSON rows; `ongoing` says
/// which began before the filter's start and still run.
pub(crate) fn items<'a>(
    ds: &'a Dataset,
    items: &'a [Item],
    picked: &[usize],
    ongoing: impl Fn(&Item) -> bool,
) -> Vec<ItemJson<'a>> {
    picked
        .iter()
        .map(|&i| {
            let it = &items[i];
            ItemJson {
                date: it.date.map(|d| d.to_string()),
                precision: it.date.map(|d| d.precision()),
                ongoing: ongoing(it),
                end: it.end.map(|d| d.to_string()),
                kind: it.kind,
                category: it.kind.category(),
                title: &it.title,
                subject: &ds.get(it.subject).id,
                entities: it.entities.iter().map(|&e| ds.get(e).id.as_str()).collect(),
            }
        })
        .collect()
}

/// One hop of a path.
#[derive(Serialize, JsonSchema)]
struct HopJson<'a> {
    /// The id it starts from.
    from: &'a str,
    /// The id it leads to.
    to: &'a str,
    /// The name of the entity it leads to.
    to_name: &'a str,
    /// The links between the two, each worded from `from`'s side, with
    /// the link's note where it has one.
    relations: &'a [String],
    /// The date of the agreement, event, product or chip it goes through;
    /// `null` when none is dated.
    date: Option<String>,
    /// The ids of the sources of the entries that state its links.
    sources: Vec<&'a str>,
}

/// One path between two entities (`path --json`), best first.
#[derive(Serialize, JsonSchema)]
pub(crate) struct PathJson<'a> {
    /// How many hops it takes.
    hops: usize,
    /// The newest date on it; `null` when no hop is dated.
    newest: Option<String>,
    /// The ids along it, from start to goal.
    entities: Vec<&'a str>,
    steps: Vec<HopJson<'a>>,
}

/// The paths as JSON rows.
pub(crate) fn paths<'a>(ds: &'a Dataset, found: &'a [Path]) -> Vec<PathJson<'a>> {
    let id = |e: EntityId| ds.get(e).id.as_str();
    found
        .iter()
        .map(|p| PathJson {
            hops: p.hops.len(),
            newest: p.newest().map(|d| d.to_string()),
            entities: p.entities().into_iter().map(id).collect(),
            steps: p
                .hops
                .iter()
                .map(|h| HopJson {
                    from: id(h.from),
                    to: id(h.to),
                    to_name: &ds.get(h.to).name,
                    relations: &h.relations,
                    date: h.date.map(|d| d.to_string()),
                    sources: h.sources.iter().map(|&s| id(s)).collect(),
                })
                .collect(),
        })
        .collect()
}

/// One tour (`tour list --json`), in the data's order.
#[derive(Serialize, JsonSchema)]
pub(crate) struct TourJson<'a> {
    /// What `--tour ID` and `tour export ID` take.
    id: &'a str,
    title: &'a str,
    /// How many steps it has.
    steps: usize,
}

/// The tours of a dataset, for `tour list --json`.
pub(crate) fn tours(ds: &Dataset) -> Vec<TourJson<'_>> {
    ds.tours().iter().map(|t| TourJson { id: &t.id, title: &t.title, steps: t.steps.len() }).collect()
}
