//! The JSON Schema of a data file (`dealscope schema`, published as
//! docs/dealscope.schema.json), for editors (through yaml-language-server)
//! to complete and check files as they are typed, and for any tool that
//! checks JSON. It says everything JSON Schema can say of what `check`
//! accepts: the fields of each mapping and which are required, ids, dates
//! (the calendar included), the words a tour step takes, the fields a
//! dispute or `confidential` may name, how many parties, claims and steps,
//! exactly one place per tour step. What it cannot say (whether an id
//! names an entry, and of what kind; uniqueness across files; dates
//! compared with each other; what `extra` keys an entry has) is `check`'s.
//!
//! Built from the loader's own field lists (serde's, so a field the loader
//! does not read is not in the schema) and from docs/data-format.md's
//! tables (`doc`): each field's type, whether it is required, and its
//! description are the page's, and its example is the page's example's.

mod doc;
mod values;

use serde_json::{Map, Value, json};

use super::raw::{
    RawAgreement, RawChipset, RawClaim, RawDatasetInfo, RawDispute, RawEvent, RawFile, RawFirm, RawPartyMap, RawPerson,
    RawProduct, RawRole, RawSource, RawStatement, RawStep, RawTour, field_names,
};
use crate::data::model::{Kind, RoleUnsourced};
use crate::data::tour::TourZoom;
use doc::Row;

/// The schema's address: a name, not a place to fetch.
const ID: &str = "urn:dealscope:schema:data-file";

/// Each mapping the format has: its name (as the page marks its table),
/// and the fields the loader reads in it.
fn mappings() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("file", field_names::<RawFile>()),
        ("dataset", field_names::<RawDatasetInfo>()),
        ("firm", field_names::<RawFirm>()),
        ("person", field_names::<RawPerson>()),
        ("role", field_names::<RawRole>()),
        ("chipset", field_names::<RawChipset>()),
        ("product", field_names::<RawProduct>()),
        ("agreement", field_names::<RawAgreement>()),
        ("party", field_names::<RawPartyMap>()),
        ("statement", field_names::<RawStatement>()),
        ("event", field_names::<RawEvent>()),
        ("source", field_names::<RawSource>()),
        ("dispute", field_names::<RawDispute>()),
        ("claim", field_names::<RawClaim>()),
        ("tour", field_names::<RawTour>()),
        ("step", field_names::<RawStep>()),
    ]
}

/// The entity kinds, by the name of their mapping.
const KINDS: [(&str, Kind); 7] = [
    ("firm", Kind::Firm),
    ("person", Kind::Person),
    ("chipset", Kind::Chipset),
    ("product", Kind::Product),
    ("agreement", Kind::Agreement),
    ("event", Kind::Event),
    ("source", Kind::Source),
];

/// The schema, as pretty JSON with a final line break: what `dealscope
/// schema` prints and `docs/dealscope.schema.json` holds.
pub fn json() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a schema serializes");
    text.push('\n');
    text
}

/// The schema as a JSON value.
fn schema() -> Value {
    let tables = doc::tables();
    let example = doc::example();
    let tour_example = doc::tour_example();
    let mut definitions = Map::new();
    for (name, fields) in mappings().into_iter().filter(|(n, _)| *n != "file") {
        let rows = &tables[name];
        // A dispute's fields depend on the kind of its entry: one per kind, below.
        if name != "dispute" {
            let sample = sample_of(name, &example, &tour_example);
            definitions.insert(name.into(), mapping(name, fields, rows, &tables, sample.as_ref()));
        }
    }
    for (name, kind) in KINDS.into_iter().filter(|(n, _)| *n != "source") {
        let fields = field_names_of(name);
        let mut dispute = mapping("dispute", field_names::<RawDispute>(), &tables["dispute"], &tables, None);
        let allowed: Vec<&str> =
            fields.iter().copied().filter(|f| !["id", "sources", "disputed"].contains(f)).collect();
        dispute["properties"]["field"]["enum"] = json!(allowed);
        dispute["description"] = format!("A fact the sources disagree on, about a {}.", kind.noun()).into();
        definitions.insert(format!("{name}-dispute"), dispute);
    }
    let file_rows = &tables["file"];
    let mut properties = Map::new();
    for field in field_names::<RawFile>() {
        let row = find(file_rows, "file", field);
        let value = match *field {
            "dataset" => values::or_null(json!({ "$ref": "#/definitions/dataset" })),
            key => {
                let kind = KINDS.iter().find(|(_, k)| k.key() == key).map(|(n, _)| *n).unwrap_or("tour");
                json!({ "type": ["array", "null"], "items": { "$ref": format!("#/definitions/{kind}") } })
            }
        };
        properties.insert(field.to_string(), described(value, &row.meaning, None));
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": ID,
        "title": "dealscope data file",
        "description": "One dealscope YAML data file, as docs/data-format.md describes it. An empty file (null) is a file with no data. Whether ids name entries, and of which kind, and the rules across entries and files, are `dealscope check`'s.",
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": false,
        "examples": [example],
        "definitions": definitions,
    })
}

/// The serde field names of an entity kind's mapping.
fn field_names_of(name: &str) -> &'static [&'static str] {
    mappings().into_iter().find(|(n, _)| *n == name).map(|(_, f)| f).unwrap_or_default()
}

/// The page's row for a field; the tables are held to the loader's fields by a test.
fn find<'r>(rows: &'r [Row], mapping: &str, field: &str) -> &'r Row {
    rows.iter()
        .find(|r| r.field == field)
        .unwrap_or_else(|| panic!("docs/data-format.md's `{mapping}` table has no row for `{field}`"))
}

/// One mapping's schema: its fields (in the loader's order), each typed and
/// described as the page says, the required ones required (and not null),
/// no other field allowed; and the rules across its fields JSON Schema can say.
fn mapping(
    name: &str,
    fields: &[&str],
    rows: &[Row],
    tables: &std::collections::BTreeMap<String, Vec<Row>>,
    sample: Option<&Value>,
) -> Value {
    let kind = KINDS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k);
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let row = find(rows, name, field);
        // A meaning the page leaves empty is the firm's (the fields all kinds share).
        let meaning = match row.meaning.as_str() {
            "" => tables["firm"].iter().find(|r| r.field == *field).map(|r| r.meaning.clone()).unwrap_or_default(),
            m => m.to_string(),
        };
        let mut value = typed(name, kind, row);
        if row.is_required() {
            required.push(field.to_string());
        } else {
            value = values::or_null(value);
        }
        let example = sample.and_then(|s| s.get(*field)).filter(|v| !v.is_null());
        let words = format!("{meaning} {}", phrase(row)).trim().to_string();
        properties.insert(field.to_string(), described(value, &words, example));
    }
    let description = match name {
        "role" => "A person's position at a firm, over a time.".to_string(),
        "party" => "A party to an agreement, written as a mapping (a bare firm id is a party too).".to_string(),
        "statement" => "What a person said about an agreement.".to_string(),
        "claim" => "One side of a dispute: what it says, and the sources that say it.".to_string(),
        "tour" => "A scripted walk through the data for a presenter.".to_string(),
        "step" => "One step of a tour: where to stand (exactly one of `entity`, `tab` and `timeline`) and what to say."
            .to_string(),
        _ => tables["file"]
            .iter()
            .find(|r| r.field == name || kind.is_some_and(|k| r.field == k.key()))
            .map(|r| r.meaning.clone())
            .unwrap_or_default(),
    };
    let mut schema = json!({
        "description": description,
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    across_fields(name, &mut schema);
    schema
}

/// The type of a field in words, for its description: `A date: YYYY,
/// YYYY-MM or YYYY-MM-DD. Required.`
fn phrase(row: &Row) -> String {
    let of = |what: &str| match what {
        "any kind" => "an entry of any kind".to_string(),
        w if w.ends_with('s') && w != "chipsets" && w != "sources" => w.to_string(),
        w => format!("a {w}"),
    };
    let ty = match row.ty.as_str() {
        "text" => "Text: any single value (a number or a boolean is kept as written).".to_string(),
        "date" => "A date: YYYY, YYYY-MM or YYYY-MM-DD.".to_string(),
        "id" => "An id: lowercase letters, digits and hyphens, starting with a letter or a digit.".to_string(),
        "list" => "A list of single values (`[a, b]` or `- a` lines).".to_string(),
        "map" => "A map of text to text, kept in order.".to_string(),
        "`true` or list of fields" => "`true`, or a list of the fields to mask.".to_string(),
        ty if ty.starts_with("id → ") => format!("The id of {}.", of(&ty["id → ".len()..])),
        ty if ty.starts_with("ids → ") => format!("A list of ids of {}.", &ty["ids → ".len()..]),
        ty => format!("A {ty}."),
    };
    let required = match row.required.as_str() {
        "**yes**" => " Required.",
        "one of three" => " A step gives exactly one of `entity`, `tab` and `timeline`.",
        _ => "",
    };
    format!("{ty}{required}")
}

/// The schema of a field's value, from its type as the page words it.
fn typed(mapping: &str, kind: Option<Kind>, row: &Row) -> Value {
    let nonempty = row.is_required();
    match (mapping, row.field.as_str(), row.ty.as_str()) {
        ("step", "tab", _) => values::word(&Kind::ALL.map(Kind::key)),
        ("step", "zoom", _) => values::word(&TourZoom::ALL.map(|(w, _)| w)),
        ("step", "timeline", _) => json!({ "type": "array", "items": values::id(), "uniqueItems": true }),
        ("step", "caption", _) => {
            // One line once trimmed: no line break between two characters.
            json!({ "allOf": [values::text(), { "not": { "type": "string", "pattern": r"\S[\s\S]*\n[\s\S]*\S" } }] })
        }
        ("role", "unsourced", _) => {
            json!({ "type": ["array", "null"], "items": values::word(&RoleUnsourced::FIELDS) })
        }
        (_, _, "text") if nonempty => values::nonempty_text(),
        (_, _, "text") => values::text(),
        (_, _, "date") => values::date(),
        // A time budget in minutes (`minutes:`): positive, at most a day.
        (_, _, "number") => json!({ "type": "number", "exclusiveMinimum": 0, "maximum": 1440 }),
        (_, _, "id") => values::id(),
        (_, _, "list") => values::list(),
        (_, _, "map") => values::map(),
        (_, _, ty) if ty.starts_with("id → ") => values::id(),
        (_, _, ty) if ty.starts_with("ids → ") => values::ids(),
        (_, _, "`true` or list of fields") => confidential(kind.expect("an entity kind takes `confidential`")),
        (_, "parties", _) => json!({
            "type": "array",
            "minItems": 2,
            "items": { "anyOf": [values::id(), { "$ref": "#/definitions/party" }] }
        }),
        (_, "roles", _) => json!({ "type": ["array", "null"], "items": { "$ref": "#/definitions/role" } }),
        (_, "statements", _) => json!({ "type": ["array", "null"], "items": { "$ref": "#/definitions/statement" } }),
        (_, "disputed", _) => {
            json!({ "type": ["array", "null"], "items": { "$ref": format!("#/definitions/{mapping}-dispute") } })
        }
        (_, "claims", _) => json!({ "type": "array", "minItems": 2, "items": { "$ref": "#/definitions/claim" } }),
        (_, "steps", _) => json!({ "type": "array", "minItems": 1, "items": { "$ref": "#/definitions/step" } }),
        (_, field, ty) => panic!("docs/data-format.md: `{mapping}.{field}` has a type the schema does not know: {ty}"),
    }
}

/// `confidential:` of a kind: `true` (or `false`), or fields of the kind but
/// its id, name or title and `confidential` itself, `extra.KEY` (and a
/// chipset's `specs.KEY`).
fn confidential(kind: Kind) -> Value {
    let name = KINDS.iter().find(|(_, k)| *k == kind).map(|(n, _)| *n).unwrap_or_default();
    let fields: Vec<&str> =
        field_names_of(name).iter().copied().filter(|f| !["id", "name", "title", "confidential"].contains(f)).collect();
    let maps = if kind == Kind::Chipset { "(?:extra|specs)" } else { "extra" };
    json!({
        "anyOf": [
            { "type": "boolean" },
            { "enum": ["true", "false"] },
            {
                "type": "array",
                "items": { "anyOf": [{ "enum": fields }, { "type": "string", "pattern": format!(r"^{maps}\.[\s\S]+") }] }
            }
        ]
    })
}

/// The rules across a mapping's fields: a tour step stands in exactly one
/// place, with the fields that go with it; a role's `unsourced` names only
/// fields the role gives.
fn across_fields(name: &str, schema: &mut Value) {
    let rules = match name {
        "step" => {
            let given = |f: &str| json!({ "required": [f], "properties": { f: values::not_null() } });
            let absent = |fields: &[&str]| {
                let props: Map<String, Value> = fields.iter().map(|f| (f.to_string(), values::null())).collect();
                Value::Object(props)
            };
            json!({ "oneOf": [
                { "allOf": [given("entity")], "properties": absent(&["tab", "timeline", "zoom", "date", "filter"]) },
                { "allOf": [given("tab")], "properties": absent(&["entity", "timeline", "zoom", "date", "link"]) },
                { "allOf": [given("timeline")], "properties": absent(&["entity", "tab", "link"]) },
            ] })
        }
        "role" => {
            let marks: Vec<Value> = RoleUnsourced::FIELDS
                .iter()
                .map(|f| {
                    json!({
                        "if": {
                            "required": ["unsourced"],
                            "properties": { "unsourced": { "type": "array", "contains": values::word(&[*f]) } }
                        },
                        "then": { "required": [f], "properties": { *f: values::not_null() } }
                    })
                })
                .collect();
            json!({ "allOf": marks })
        }
        _ => return,
    };
    if let (Value::Object(schema), Value::Object(rules)) = (schema, rules) {
        schema.extend(rules);
    }
}

/// A value's schema with the page's words for it, and an example when the
/// page's example has one.
fn described(mut value: Value, meaning: &str, example: Option<&Value>) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert("description".into(), meaning.into());
        if let Some(example) = example {
            map.insert("examples".into(), json!([example]));
        }
    }
    value
}

/// The first entry of a mapping in the page's examples, for its fields'
/// examples: a firm, a role, a party, a step.
fn sample_of(name: &str, example: &Value, tours: &Value) -> Option<Value> {
    let first = |v: &Value| v.as_array().and_then(|a| a.first()).cloned();
    let entry = |key: &str| first(&example[key]);
    match name {
        "dataset" => Some(example["dataset"].clone()),
        "role" => entry("people").and_then(|p| first(&p["roles"])),
        "party" => entry("agreements").and_then(|a| a["parties"].as_array()?.iter().find(|p| p.is_object()).cloned()),
        "statement" => entry("agreements").and_then(|a| first(&a["statements"])),
        "tour" => first(&tours["tours"]),
        "step" => first(&tours["tours"][0]["steps"]),
        _ => KINDS.iter().find(|(n, _)| *n == name).and_then(|(_, k)| entry(k.key())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_lists_every_field_the_loader_reads_and_no_other() {
        let tables = doc::tables();
        for (name, fields) in mappings() {
            let rows = tables.get(name).unwrap_or_else(|| panic!("no `<!-- schema: {name} -->` table"));
            let documented: Vec<&str> = rows.iter().map(|r| r.field.as_str()).collect();
            let mut read = fields.to_vec();
            let mut doc = documented.clone();
            read.sort_unstable();
            doc.sort_unstable();
            assert_eq!(doc, read, "docs/data-format.md's `{name}` table against the loader's fields");
            for r in rows {
                assert!(!r.ty.is_empty() && !r.required.is_empty(), "{name}.{}", r.field);
            }
        }
    }

    #[test]
    fn every_field_has_a_type_and_a_description() {
        let v = schema();
        let mut seen = 0;
        for (name, def) in v["definitions"].as_object().unwrap() {
            for (field, prop) in def["properties"].as_object().unwrap() {
                let d = prop["description"].as_str().unwrap_or_default();
                assert!(!d.trim().is_empty(), "{name}.{field} has no description");
                seen += 1;
            }
        }
        for (field, prop) in v["properties"].as_object().unwrap() {
            assert!(!prop["description"].as_str().unwrap_or_default().is_empty(), "{field}");
        }
        assert!(seen > 100, "{seen}");
        assert_eq!(v["$id"], ID);
        assert_eq!(v["definitions"]["product-dispute"]["properties"]["field"]["enum"][0], "name");
    }
}
