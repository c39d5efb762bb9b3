//! The slow path for a file whose raw structs serde could not read at once:
//! reads each entry on its own from the same parsed nodes, reporting every
//! structural problem (unknown keys, wrong shapes, wrong types) at its node,
//! not only the first, and keeps what is usable for validation.

use serde::Deserialize;

use super::de::De;
use super::doc::{Doc, NodeKind};
use super::issue::{Issue, Seg, YamlPath, path_text};
use super::raw::{
    RawAgreement, RawChipset, RawDatasetInfo, RawEntity, RawEvent, RawFile, RawFirm, RawPerson, RawProduct, RawSource,
    RawTour, field_names,
};
use crate::data::suggest;

/// How many problems one entity may report before the rest are skipped.
const MAX_PER_ENTITY: usize = 32;

fn shape(doc: &Doc, node: u32) -> &'static str {
    match doc.node(doc.resolved(node)).kind {
        NodeKind::Null => "nothing",
        NodeKind::Scalar(_) => "text",
        NodeKind::Seq(_) => "a list",
        NodeKind::Map(_) => "a mapping",
        NodeKind::Alias(_) | NodeKind::Broken(_) => "a broken entry",
    }
}

/// Reads a file's raw structs entry by entry from its parsed nodes,
/// reporting every problem it finds, and returns the parts that read, so
/// validation can still check them. Entries that hold a YAML error (left
/// out by the parse, and reported there) are placeholders.
pub(super) fn diagnose(file: usize, doc: &Doc) -> (RawFile, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut raw = RawFile::default();
    if !matches!(doc.nodes.first().map(|n| &n.kind), Some(NodeKind::Map(_))) {
        return (raw, issues);
    }
    let known = field_names::<RawFile>();
    let mut pairs = doc.children(0);
    while let (Some(k), Some(v)) = (pairs.next(), pairs.next()) {
        // A key that is not text has been reported by the parse.
        let Some(key) = doc.text_of(k) else { continue };
        match key {
            "dataset" => raw.dataset = entity::<RawDatasetInfo>(file, doc, v, &mut issues, &mut Vec::new()),
            "firms" => raw.firms = list::<RawFirm>(file, doc, key, v, &mut issues),
            "people" => raw.people = list::<RawPerson>(file, doc, key, v, &mut issues),
            "chipsets" => raw.chipsets = list::<RawChipset>(file, doc, key, v, &mut issues),
            "products" => raw.products = list::<RawProduct>(file, doc, key, v, &mut issues),
            "agreements" => raw.agreements = list::<RawAgreement>(file, doc, key, v, &mut issues),
            "events" => raw.events = list::<RawEvent>(file, doc, key, v, &mut issues),
            "sources" => raw.sources = list::<RawSource>(file, doc, key, v, &mut issues),
            "tours" => raw.tours = list::<RawTour>(file, doc, key, v, &mut issues),
            _ => {
                let help = suggest::did_you_mean(&suggest::nearest(key, known.iter().copied(), 1))
                    .or_else(|| Some(format!("the top-level keys are {}", quoted(known))));
                let msg = format!("unknown top-level key `{key}`");
                issues.push(Issue::error(file, doc.node(k).anchor(), msg).with_help(help));
            }
        }
    }
    (raw, issues)
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// A list of entities: each item checked on its own. Items keep their index,
/// so positions stay right; an item too broken to read is left out (and reported).
fn list<T: for<'de> Deserialize<'de> + RawEntity>(
    file: usize,
    doc: &Doc,
    key: &str,
    v: u32,
    issues: &mut Vec<Issue>,
) -> Option<Vec<T>> {
    let v = doc.resolved(v);
    match doc.node(v).kind {
        NodeKind::Null => return None,
        NodeKind::Seq(_) => {}
        _ => {
            let msg = format!("`{key}` must be a list of entries (`- id: …`), but it holds {}", shape(doc, v));
            issues.push(Issue::error(file, doc.node(v).anchor(), msg));
            return None;
        }
    }
    let mut out = Vec::with_capacity(doc.children(v).count());
    for item in doc.children(v) {
        // Keep indexes aligned with the file; an unreadable entry stays as a
        // placeholder that validation skips (it has been reported).
        let mut dropped = Vec::new();
        let item = doc.resolved(item);
        match doc.node(item).kind {
            NodeKind::Broken(_) => {}
            NodeKind::Null => {
                let msg = "this list item is empty: write the entry's fields (`- id: …`) or remove the `-`";
                issues.push(Issue::error(file, super::locate::empty_item(doc, item), msg));
            }
            _ => {
                if let Some(mut t) = entity::<T>(file, doc, item, issues, &mut dropped) {
                    t.set_reported(dropped);
                    out.push(t);
                    continue;
                }
            }
        }
        let mut t = T::default();
        t.set_reported(vec!["*".to_string()]);
        out.push(t);
    }
    Some(out)
}

/// The node at `path` below `node`, with the key it stands under, if any.
fn walk(doc: &Doc, node: u32, path: &[Seg]) -> Option<(Option<u32>, u32)> {
    let mut at = (None, doc.resolved(node));
    for seg in path {
        at = match seg {
            Seg::Key(k) => doc.get(at.1, k).map(|(k, v)| (Some(k), doc.resolved(v)))?,
            Seg::Index(i) => match doc.node(at.1).kind {
                NodeKind::Seq(_) => (None, doc.resolved(doc.children(at.1).nth(*i)?)),
                _ => return None,
            },
        };
    }
    Some(at)
}

/// One mapping read as `T`, reporting each problem at its node and reading
/// it again without the offending key, so every bad field of the entity is
/// reported.
fn entity<T: for<'de> Deserialize<'de>>(
    file: usize,
    doc: &Doc,
    node: u32,
    issues: &mut Vec<Issue>,
    dropped: &mut Vec<String>,
) -> Option<T> {
    let node = doc.resolved(node);
    match doc.node(node).kind {
        NodeKind::Map(_) | NodeKind::Null => {}
        _ => {
            let msg = format!(
                "each entry must be a mapping of fields (`id: …`, `name: …`), but this is {}",
                shape(doc, node)
            );
            issues.push(Issue::error(file, doc.node(node).anchor(), msg));
            return None;
        }
    }
    let fields = field_names::<T>();
    let mut skip: Vec<u32> = Vec::new();
    for _ in 0..MAX_PER_ENTITY {
        match serde_path_to_error::deserialize::<_, T>(De::new(doc, node, &skip)) {
            Ok(t) => return Some(t),
            Err(e) => {
                let mut inner: YamlPath = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                        serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                        _ => None,
                    })
                    .collect();
                let err = e.into_inner();
                let place = err.node.map_or_else(|| doc.node(node).anchor(), |n| doc.node(n).anchor());
                let issue = match unknown_field(&err.message) {
                    Some((name, expected)) => {
                        if inner.last() != Some(&Seg::Key(name.clone())) {
                            inner.push(Seg::Key(name.clone()));
                        }
                        let nested = inner.len() > 1;
                        let candidates: Vec<&str> =
                            if nested { expected.iter().map(String::as_str).collect() } else { fields.to_vec() };
                        // The field meant is one not already given.
                        let present = keys_at(doc, node, &inner[..inner.len() - 1], &skip);
                        let open: Vec<&str> =
                            candidates.iter().copied().filter(|c| !present.iter().any(|p| p == c)).collect();
                        let mut nearest = suggest::nearest(&name, open.iter().copied(), 1);
                        if nearest.is_empty() {
                            nearest = suggest::nearest(&name, candidates.iter().copied(), 1);
                        }
                        // A misspelt required field is reported once, not again as missing.
                        // Inside a role, party or statement it is named by its
                        // path (`statements[0].text`).
                        if let Some(&meant) = nearest.first()
                            && !present.iter().any(|p| p == meant)
                        {
                            let mut at = inner[..inner.len() - 1].to_vec();
                            at.push(Seg::Key(meant.to_string()));
                            dropped.push(path_text(&at));
                        }
                        let help = suggest::did_you_mean(&nearest)
                            .unwrap_or_else(|| format!("the fields here are {}", quoted(&candidates)));
                        Issue::error(file, place, format!("unknown field `{name}`")).with_help(Some(help))
                    }
                    None => {
                        let field = inner.first().map(|s| match s {
                            Seg::Key(k) => format!("`{k}`: "),
                            Seg::Index(_) => String::new(),
                        });
                        Issue::error(file, place, format!("{}{}", field.unwrap_or_default(), tidy(&err.message)))
                    }
                };
                issues.push(issue);
                // Read it again without the offending key (inside a party, role
                // or statement, only that key, so the rest of it is still checked).
                if inner.len() > 1
                    && matches!(inner.last(), Some(Seg::Key(_)))
                    && let Some((Some(k), _)) = walk(doc, node, &inner)
                {
                    skip.push(k);
                    continue;
                }
                match inner.first() {
                    Some(Seg::Key(k)) => match doc.get(node, k) {
                        Some((key, _)) if !skip.contains(&key) => {
                            skip.push(key);
                            dropped.push(k.clone());
                        }
                        _ => return None,
                    },
                    _ => return None,
                }
            }
        }
    }
    None
}

/// The keys of the mapping at `path` below `node`, but those skipped (empty if there is none).
fn keys_at(doc: &Doc, node: u32, path: &[Seg], skip: &[u32]) -> Vec<String> {
    let Some((_, m)) = walk(doc, node, path) else { return Vec::new() };
    if !matches!(doc.node(m).kind, NodeKind::Map(_)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pairs = doc.children(m);
    while let (Some(k), Some(_)) = (pairs.next(), pairs.next()) {
        if let Some(t) = doc.text_of(k).filter(|_| !skip.contains(&k)) {
            out.push(t.to_string());
        }
    }
    out
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" message.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let name = rest[..end].to_string();
    let expected = rest[end..].split('`').skip(2).step_by(2).map(str::to_string).collect();
    Some((name, expected))
}

/// Words serde's type errors the way a data author thinks of them.
fn tidy(message: &str) -> String {
    message
        .replace("invalid type: ", "wrong type: found ")
        .replace("expected text", "expected text (a single value)")
        .replace("sequence", "a list")
        .replace("map,", "a mapping,")
        .replace("expected a list", "expected a list (`[a, b]` or `- a` lines)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_unknown_field_messages() {
        let (n, e) = unknown_field("unknown field `partys`, expected one of `id`, `parties`").unwrap();
        assert_eq!(n, "partys");
        assert_eq!(e, ["id", "parties"]);
    }

    #[test]
    fn reports_every_bad_field_at_its_node() {
        let text = "firms:\n  - id: a\n    nmae: A\n    aliases: [[x]]\n  -\n";
        let p = super::super::doc::parse(0, text);
        let (raw, issues) = diagnose(0, &p.doc);
        let found: Vec<String> = issues.iter().map(|i| format!("{:?} {}", i.pos(), i.message)).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("line: 3, col: 5") && found[0].contains("unknown field `nmae`"), "{found:?}");
        assert!(found[1].contains("line: 4, col: 15") && found[1].contains("`aliases`"), "{found:?}");
        assert!(found[2].contains("line: 5, col: 3") && found[2].contains("empty"), "{found:?}");
        assert_eq!(raw.firms.unwrap().len(), 2);
    }
}
