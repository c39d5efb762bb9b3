//! Every JSON document the commands print, in one place: a card (`show`),
//! search hits, timeline items, paths, the tours, `check`'s report, and the error a
//! command asked for JSON prints instead of its result. Each is made here,
//! as text, by one function, so that every way of asking for it (`--json`,
//! `--format json`) prints exactly the same; and each has a JSON Schema
//! derived from the very structs written (`dealscope schema --output NAME`).
//!
//! The contract: every key is always there, and what a value lacks is
//! `null` (or an empty list or object), never a missing key.

mod card;
mod error;
mod results;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

pub(crate) use error::{ErrorBody, ErrorJson, ErrorKind};

use crate::data::card::Card;
use crate::data::load::Report;
use crate::data::model::{Dataset, EntityId};
use crate::graph::paths::Path;
use crate::search::Hit;
use crate::timeline::Item;

/// JSON text, pretty, with every character that could act on a terminal
/// escaped (`\u001b`): the values are the same, and printing it is safe.
pub(crate) fn text(value: &impl Serialize) -> String {
    let raw = serde_json::to_string_pretty(value).expect("plain data serializes");
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c != '\n' && crate::text::sanitize::is_unsafe(c) {
            // Inside JSON strings these can only be string content: escape them.
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// `show --json`: the card of `me`.
pub(crate) fn card(ds: &Dataset, me: EntityId, card: &Card) -> String {
    text(&card::CardJson::of(ds, me, card))
}

/// `search --json`: the hits, best first.
pub(crate) fn hits(ds: &Dataset, hits: &[Hit]) -> String {
    text(&results::hits(ds, hits))
}

/// `timeline --json`: the items picked (indexes into `items`), with which
/// are `ongoing` (began before the filter's start and still run).
pub(crate) fn timeline(ds: &Dataset, items: &[Item], picked: &[usize], ongoing: impl Fn(&Item) -> bool) -> String {
    text(&results::items(ds, items, picked, ongoing))
}

/// `path --json`: the paths found, best first.
pub(crate) fn paths(ds: &Dataset, found: &[Path]) -> String {
    text(&results::paths(ds, found))
}

/// `tour list --json`: the tours, in the data's order.
pub(crate) fn tours(ds: &Dataset) -> String {
    text(&results::tours(ds))
}

/// `check --format json`: the verdict, the counts and every problem.
pub(crate) fn check(report: &Report, valid: bool) -> String {
    text(&report.to_json(valid))
}

/// `check --redact --format json` on invalid data: the verdict and the
/// counts, and no problem, since what is confidential is not known.
pub(crate) fn check_counts(report: &Report) -> String {
    let mut doc = report.to_json(false);
    doc.problems.clear();
    text(&doc)
}

/// What a command asked for JSON prints when it fails.
pub(crate) fn error(error: &ErrorJson) -> String {
    text(error)
}

/// The outputs that have a JSON Schema (`dealscope schema --output NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// `check --format json`.
    Check,
    /// `show --json`.
    Card,
    /// `search --json`.
    Search,
    /// `timeline --json`.
    Timeline,
    /// `path --json`.
    Path,
    /// `tour list --json`.
    Tours,
}

/// A command's JSON: its result, or the error it printed instead.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // only its schema is used: the two documents are printed apart
enum Either<T> {
    Result(T),
    Error(ErrorJson),
}

/// The JSON Schema (draft 7) of one output, as pretty JSON with a final
/// line break: the result or the error document, every key required, no
/// other key allowed.
pub fn output_schema(which: Output) -> String {
    use crate::data::load::CheckJson;
    let settings = schemars::generate::SchemaSettings::draft07();
    let (name, what, schema) = match which {
        Output::Check => (
            "check",
            "`dealscope check --format json`",
            settings.into_generator().into_root_schema_for::<Either<CheckJson>>(),
        ),
        Output::Card => (
            "card",
            "`dealscope show ID --json`",
            settings.into_generator().into_root_schema_for::<Either<card::CardJson<'static>>>(),
        ),
        Output::Search => (
            "search",
            "`dealscope search QUERY --json`",
            settings.into_generator().into_root_schema_for::<Either<Vec<results::HitJson<'static>>>>(),
        ),
        Output::Timeline => (
            "timeline",
            "`dealscope timeline --json`",
            settings.into_generator().into_root_schema_for::<Either<Vec<results::ItemJson<'static>>>>(),
        ),
        Output::Path => (
            "path",
            "`dealscope path A B --json`",
            settings.into_generator().into_root_schema_for::<Either<Vec<results::PathJson<'static>>>>(),
        ),
        Output::Tours => (
            "tours",
            "`dealscope tour list --json`",
            settings.into_generator().into_root_schema_for::<Either<Vec<results::TourJson<'static>>>>(),
        ),
    };
    let mut value = schema.to_value();
    every_key_required(&mut value);
    if let Value::Object(root) = &mut value {
        root.insert("$id".into(), format!("urn:dealscope:schema:output:{name}").into());
        root.insert("title".into(), format!("dealscope {name} output").into());
        root.insert(
            "description".into(),
            format!(
                "What {what} prints: its result, or, when it fails, an `error` object and the exit status. Every key is always there; what a value lacks is null."
            )
            .into(),
        );
    }
    let mut text = serde_json::to_string_pretty(&value).expect("a schema serializes");
    text.push('\n');
    text
}

/// Makes every object schema that lists properties require all of them
/// and allow no other (the writers always print every key, and nothing else).
fn every_key_required(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let keys = map.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().map(Value::String));
            if let Some(keys) = keys.map(Iterator::collect) {
                map.insert("required".into(), Value::Array(keys));
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for v in map.values_mut() {
                every_key_required(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(every_key_required),
        _ => {}
    }
}
