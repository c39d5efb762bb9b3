//! What docs/data-format.md says of each field, read from the page itself
//! (compiled in): every table that follows a `<!-- schema: NAME -->` marker
//! lists one mapping's fields (`| Field | Type | Required | Meaning |`), and
//! the page's first YAML block is a complete, valid example. The schema
//! takes its types, required fields, descriptions and examples from here,
//! so that the page and the schema say the same; a test holds the tables
//! to the fields the loader reads.

use std::collections::BTreeMap;

/// The data format's page.
pub(super) const PAGE: &str = include_str!("../../../../docs/data-format.md");

/// One row of a field table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    /// The field's name.
    pub(super) field: String,
    /// Its type, as the page words it: `text`, `date`, `id → firm`, `list of roles`.
    pub(super) ty: String,
    /// `**yes**`, `no`, or another word (`one of three`).
    pub(super) required: String,
    /// What it means, in the page's words (links reduced to their text).
    pub(super) meaning: String,
}

impl Row {
    /// True when `check` requires it.
    pub(super) fn is_required(&self) -> bool {
        self.required == "**yes**"
    }
}

/// Every marked table, by name (`firm`, `role`, `step`), in page order.
pub(super) fn tables() -> BTreeMap<String, Vec<Row>> {
    let mut out = BTreeMap::new();
    let mut lines = PAGE.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("<!-- schema: ").and_then(|l| l.strip_suffix(" -->")) else {
            continue;
        };
        let rows: Vec<Row> = lines
            .by_ref()
            .skip(2) // the header and the rule under it
            .take_while(|l| l.starts_with('|'))
            .filter_map(row)
            .collect();
        out.insert(name.to_string(), rows);
    }
    out
}

/// A table row: `` | `name` | text | **yes** | Display name. | ``.
fn row(line: &str) -> Option<Row> {
    let cells: Vec<&str> = line.trim().trim_matches('|').split(" | ").map(str::trim).collect();
    let [field, ty, required, meaning] = cells.as_slice() else { return None };
    Some(Row {
        field: field.trim_matches('`').to_string(),
        ty: ty.to_string(),
        required: required.to_string(),
        meaning: plain(meaning),
    })
}

/// Markdown links reduced to their text: `See [Ids](#3-ids).` → `See Ids.`
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| open + m) else { break };
        let Some(close) = rest[mid..].find(')').map(|c| mid + c) else { break };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..mid]);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The page's complete example (its first YAML block), as JSON.
pub(super) fn example() -> serde_json::Value {
    let start = PAGE.find("```yaml\n").expect("the page has a YAML example") + "```yaml\n".len();
    let end = start + PAGE[start..].find("```").expect("the example ends");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&PAGE[start..end]).expect("the example is YAML");
    serde_json::to_value(yaml).expect("the example is JSON")
}

/// The page's example tour (the YAML block that starts with `tours:`), as JSON.
pub(super) fn tour_example() -> serde_json::Value {
    let start = PAGE.find("```yaml\ntours:\n").expect("the page has an example tour") + "```yaml\n".len();
    let end = start + PAGE[start..].find("```").expect("the example ends");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&PAGE[start..end]).expect("the example is YAML");
    serde_json::to_value(yaml).expect("the example is JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_links_read_as_written() {
        let r = row("| `founded` | date | no | Founding date, see [Dates](#4-dates). |").unwrap();
        assert_eq!((r.field.as_str(), r.ty.as_str(), r.is_required()), ("founded", "date", false));
        assert_eq!(r.meaning, "Founding date, see Dates.");
        assert!(row("|---|---|---|---|").is_none_or(|r| r.field.starts_with('-')));
        let t = tables();
        assert!(t["firm"].iter().any(|r| r.field == "name" && r.is_required()));
        assert_eq!(example()["firms"][0]["id"], "huawei");
        assert_eq!(tour_example()["tours"][0]["id"], "cross-licence");
    }
}
