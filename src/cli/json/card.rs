//! The JSON form of a card (`show --json`), for scripts: fields, specs and
//! `extra` as objects (file order kept), lists as lists, and every entity it
//! names by id, kind and date rather than in words. Every key is always
//! there: what an entity lacks is `null` (or an empty list or object).
//! docs/guide.md, "JSON output", shows it.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::ser::SerializeMap as _;

use crate::data::card::{Card, DisputeLine, FieldValue, SourceLine, counterparties, date_of};
use crate::data::model::{Confidential, Dataset, EntityData, EntityId, Kind, Relation};

/// One card as JSON.
#[derive(Serialize, JsonSchema)]
pub(crate) struct CardJson<'a> {
    /// The entity's id.
    id: &'a str,
    kind: Kind,
    /// Its name, or title.
    name: &'a str,
    aliases: &'a [String],
    tags: &'a [String],
    summary: Option<&'a str>,
    /// Its plain fields, keyed by the data format's field names
    /// (`legal_name`, `scope`), as written.
    fields: Object<'a, FieldValue>,
    /// A chipset's specs, in file order; `null` for other kinds.
    specs: Option<Object<'a, String>>,
    /// Free fields, in file order.
    extra: Object<'a, String>,
    statements: Vec<StatementJson<'a>>,
    /// Facts the sources disagree on: each names a key of `fields` (or a
    /// field shown as links), with each side's claim and its sources.
    disputed: &'a [DisputeLine],
    sources: &'a [SourceLine],
    links: Vec<LinkJson<'a>>,
    /// With `--as-of`, on an agreement: who held office at each party then;
    /// else `null`.
    in_office: Option<InOfficeJson<'a>>,
    /// What is confidential: `true` (all of it), the fields, or `null`
    /// (nothing). Masked with `--redact`, shown without.
    #[schemars(schema_with = "confidential_schema")]
    confidential: Option<serde_json::Value>,
    /// True with `--redact`: what is confidential is masked.
    redacted: bool,
}

fn confidential_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [{ "const": true }, { "type": "array", "items": { "type": "string" } }, { "type": "null" }]
    })
}

/// Who held office at an agreement's parties on a day.
#[derive(Serialize, JsonSchema)]
struct InOfficeJson<'a> {
    date: String,
    people: Vec<InOfficePerson<'a>>,
}

/// One person in office: their id and where, as what (`Xiaomi: President`).
#[derive(Serialize, JsonSchema)]
struct InOfficePerson<'a> {
    person: &'a str,
    at: &'a str,
}

/// (key, value) pairs written as a JSON object, in their order.
struct Object<'a, V>(Vec<(String, &'a V)>);

impl<V: JsonSchema> JsonSchema for Object<'_, V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Object_of_{}", V::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<V>();
        json_schema!({ "type": "object", "additionalProperties": value })
    }
}

impl<V: Serialize> Serialize for Object<'_, V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'a, V> Object<'a, V> {
    fn of(pairs: &'a [(String, V)]) -> Self {
        Object(pairs.iter().map(|(k, v)| (k.clone(), v)).collect())
    }
}

#[derive(Serialize, JsonSchema)]
struct StatementJson<'a> {
    /// The person's id.
    person: &'a str,
    /// The agreement's id.
    agreement: &'a str,
    text: &'a str,
}

/// One linked entity: the relation as the card words it, then the other
/// entity and what the data says about the link.
#[derive(Serialize, JsonSchema)]
struct LinkJson<'a> {
    relation: &'a str,
    direction: Direction,
    id: &'a str,
    kind: Kind,
    name: &'a str,
    /// The other entity's date: an agreement's signing (or start), an
    /// event's date, a chip's announcement, a product's launch; else `null`.
    date: Option<String>,
    /// On an agreement a firm is party to, the other parties' ids (else empty).
    with: Vec<&'a str>,
    /// A party's role in the agreement, where the data gives one; else `null`.
    role: Option<&'a str>,
    /// A person's roles at a firm, in file order (else empty).
    roles: Vec<RoleJson<'a>>,
}

/// `out`: this entity's field names the other; `in`: the other's names this one.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Direction {
    Out,
    In,
}

/// A role as the data gives it; `null` for what it does not.
#[derive(Serialize, JsonSchema)]
struct RoleJson<'a> {
    title: Option<&'a str>,
    from: Option<String>,
    to: Option<String>,
    /// The fields of the role no source gives (`to`), in the data's words.
    unsourced: Vec<&'static str>,
}

impl<'a> CardJson<'a> {
    /// The JSON form of `card`, the card of `me`.
    pub(super) fn of(ds: &'a Dataset, me: EntityId, card: &'a Card) -> Self {
        let key = |label: &str| label.replace(' ', "_");
        let id_of = |x: EntityId| ds.get(x).id.as_str();
        let mut links = Vec::new();
        for g in &card.links {
            for i in &g.items {
                let (from, to) = if g.incoming { (i.target, me) } else { (me, i.target) };
                links.push(LinkJson {
                    relation: &g.relation,
                    direction: if g.incoming { Direction::In } else { Direction::Out },
                    id: &i.id,
                    kind: i.kind,
                    name: &i.name,
                    date: date_of(ds.get(i.target)).map(|d| d.to_string()),
                    with: counterparties(ds, me, i.target).into_iter().map(id_of).collect(),
                    role: (g.link == Relation::Party).then(|| party_role(ds, from, to)).flatten(),
                    roles: if g.link == Relation::Role { roles(ds, from, to) } else { Vec::new() },
                });
            }
        }
        CardJson {
            id: &card.id,
            kind: card.kind,
            name: &card.name,
            aliases: &card.aliases,
            tags: &card.tags,
            summary: card.summary.as_deref(),
            fields: Object(card.fields.iter().map(|(k, v)| (key(k), v)).collect()),
            specs: (card.kind == Kind::Chipset).then(|| Object::of(&card.specs)),
            extra: Object::of(&card.extra),
            statements: card
                .statements
                .iter()
                .map(|s| StatementJson { person: id_of(s.person), agreement: id_of(s.agreement), text: &s.text })
                .collect(),
            disputed: &card.disputed,
            sources: &card.sources,
            links,
            confidential: match &card.confidential {
                Confidential::Nothing => None,
                Confidential::Whole => Some(serde_json::Value::Bool(true)),
                Confidential::Fields(f) => Some(f.iter().map(|s| serde_json::Value::from(s.as_str())).collect()),
            },
            redacted: card.redacted,
            in_office: card.in_office.as_ref().map(|(day, people)| InOfficeJson {
                date: day.to_string(),
                people: people
                    .iter()
                    .map(|i| InOfficePerson { person: &i.id, at: i.note.as_deref().unwrap_or("") })
                    .collect(),
            }),
        }
    }
}

/// The role `firm` plays in `agreement`, as the data words it.
fn party_role(ds: &Dataset, agreement: EntityId, firm: EntityId) -> Option<&str> {
    match &ds.get(agreement).data {
        EntityData::Agreement(a) => a.parties.iter().find(|p| p.firm == firm).and_then(|p| p.role.as_deref()),
        _ => None,
    }
}

/// Every role `person` held at `firm`, in file order.
fn roles(ds: &Dataset, person: EntityId, firm: EntityId) -> Vec<RoleJson<'_>> {
    match &ds.get(person).data {
        EntityData::Person(p) => p
            .roles
            .iter()
            .filter(|r| r.firm == firm)
            .map(|r| RoleJson {
                title: r.title.as_deref(),
                from: r.from.map(|d| d.to_string()),
                to: r.to.map(|d| d.to_string()),
                unsourced: r.unsourced.names(),
            })
            .collect(),
        _ => Vec::new(),
    }
}
