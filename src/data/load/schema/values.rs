//! The schemas of single values as `dealscope check` reads them, once a
//! YAML file is seen as JSON (as an editor's YAML server sees it): text,
//! ids, dates, lists and maps. A field that is not required may be `null`,
//! which `check` reads as absent.
//!
//! Patterns end with `(?![\s\S])` rather than `$`: in Python's and some
//! other engines' regular expressions `$` also matches before a final line
//! break, which no id or date holds.

use serde_json::{Value, json};

/// End of the text, in every engine.
const END: &str = r"(?![\s\S])";

/// Any single YAML value but null: `check` keeps it as text, as written.
pub(super) fn text() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

/// Text that is not empty or only spaces (a name, a title, a quote).
pub(super) fn nonempty_text() -> Value {
    json!({ "anyOf": [{ "type": "string", "pattern": r"\S" }, { "type": ["number", "boolean"] }] })
}

/// An id: `[a-z0-9][a-z0-9-]*`. An unquoted number or boolean is read as
/// its text (`2023`, `true`), so those are ids too, but a negative number.
pub(super) fn id() -> Value {
    json!({
        "anyOf": [
            { "type": "string", "pattern": format!("^[a-z0-9][a-z0-9-]*{END}") },
            { "type": "integer", "minimum": 0 },
            { "type": "boolean" }
        ]
    })
}

/// A list of ids (null: none).
pub(super) fn ids() -> Value {
    json!({ "type": ["array", "null"], "items": id() })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a calendar date (leap years by the
/// Gregorian rules), spaces around it allowed; an unquoted year is a number.
pub(super) fn date() -> Value {
    let d = "[0-9]";
    let month = "(?:0[1-9]|1[0-2])";
    let day = format!(
        "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]{d}|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]{d}|30)|02-(?:0[1-9]|1{d}|2[0-8]))"
    );
    let leap = format!("(?:{d}{{2}}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29");
    let pattern = format!(r"^\s*(?:{d}{{4}}(?:-{month})?|{d}{{4}}-{day}|{leap})\s*{END}");
    json!({
        "anyOf": [
            { "type": "string", "pattern": pattern },
            { "type": "integer", "minimum": 1000, "maximum": 9999 }
        ]
    })
}

/// A list of single values (null: empty).
pub(super) fn list() -> Value {
    json!({ "type": ["array", "null"], "items": text() })
}

/// A map of text to text, kept in order (null: empty; an empty value is empty text).
pub(super) fn map() -> Value {
    json!({ "type": ["object", "null"], "additionalProperties": { "type": ["string", "number", "boolean", "null"] } })
}

/// One of some words, as text, spaces around it allowed (`tab`, `zoom`).
pub(super) fn word(words: &[&str]) -> Value {
    json!({ "type": "string", "pattern": format!(r"^\s*(?:{})\s*{END}", words.join("|")) })
}

/// `value`, or null (absent).
pub(super) fn or_null(value: Value) -> Value {
    json!({ "anyOf": [value, { "type": "null" }] })
}

/// A schema that only null (or no key at all) satisfies.
pub(super) fn null() -> Value {
    json!({ "type": "null" })
}

/// Anything but null.
pub(super) fn not_null() -> Value {
    json!({ "not": { "type": "null" } })
}
