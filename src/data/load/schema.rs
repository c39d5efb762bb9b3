//! The JSON Schema of the data format (`dealscope schema`), derived from the
//! raw structs serde reads, so that it cannot drift from what is accepted:
//! a field unknown to the loader is unknown to the schema. Editors use it
//! (through yaml-language-server) to complete and check files as they are
//! typed. It checks shapes only; `dealscope check` checks everything.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::raw::{RawConfidential, RawFile, RawParty, RawPartyMap, Text, TextList, TextMap};

/// Any single YAML value but null: it is read as text.
const SCALAR: [&str; 4] = ["string", "number", "integer", "boolean"];

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text: any single value (a number or a boolean is kept as written).",
            "type": SCALAR
        })
    }
}

impl JsonSchema for TextList {
    fn schema_name() -> Cow<'static, str> {
        "TextList".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A list of single values (`[a, b]` or `- a` lines); null means empty.",
            "type": ["array", "null"],
            "items": { "type": SCALAR }
        })
    }
}

impl JsonSchema for TextMap {
    fn schema_name() -> Cow<'static, str> {
        "TextMap".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A map of text to text, in file order; null means empty.",
            "type": ["object", "null"],
            "additionalProperties": { "type": ["string", "number", "integer", "boolean", "null"] }
        })
    }
}

impl JsonSchema for RawConfidential {
    fn schema_name() -> Cow<'static, str> {
        "Confidential".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "What `--redact` masks: `true` for the whole entity, or the fields to mask (`value`, `extra.price`, `statements`).",
            "anyOf": [{ "type": "boolean" }, { "type": "array", "items": { "type": "string" } }]
        })
    }
}

impl JsonSchema for RawParty {
    fn schema_name() -> Cow<'static, str> {
        "Party".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let map = generator.subschema_for::<RawPartyMap>();
        json_schema!({
            "description": "A party: a firm id, or `{firm: id, role: text}`.",
            "anyOf": [{ "type": ["string", "integer"] }, map]
        })
    }
}

/// The schema, as pretty JSON with a final line break: what `dealscope
/// schema` prints and `docs/dealscope.schema.json` holds.
pub fn json() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<RawFile>();
    schema.insert("title".into(), "dealscope data file".into());
    schema.insert(
        "description".into(),
        "One dealscope YAML data file (see docs/data-format.md). Shapes only: `dealscope check` also checks ids, references and dates."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
