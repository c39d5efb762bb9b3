//! The slow path for a file that serde rejected: walks the generic YAML value
//! to report every structural problem in it (unknown keys, wrong shapes, wrong
//! types), not only the first, and keeps what is usable for validation.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use super::issue::{Anchor, Issue, Pos, Seg, YamlPath, path_text};
use super::raw::{
    RawAgreement, RawChipset, RawDatasetInfo, RawEntity, RawEvent, RawFile, RawFirm, RawPerson, RawProduct, RawSource,
    RawTour, field_names,
};
use crate::data::suggest;

/// How many problems one entity may report before the rest are skipped.
const MAX_PER_ENTITY: usize = 32;

/// A serde_yaml error as an issue at its own position, with help for the
/// errors people meet most (tabs, duplicate keys, alias bombs, deep nesting).
pub(super) fn yaml_error(file: usize, text: &str, err: &serde_yaml::Error) -> Issue {
    let pos = err.location().map(|l| Pos { line: l.line().max(1), col: l.column().max(1) });
    // serde_yaml words it as "path: message at line X column Y"; we show the position ourselves.
    let mut message = without_positions(&err.to_string());
    let mut path = None;
    if let Some((p, rest)) = message.split_once(": ")
        && !p.contains(' ')
        && let Some(parsed) = parse_path(p)
    {
        path = Some(parsed);
        message = rest.to_string();
    }
    // libyaml names a control character by offset only: find it, and say which.
    if message.contains("control characters are not allowed")
        && let Some((pos, c)) = first_control_char(text)
    {
        let message = format!("YAML: control character U+{:04X} is not allowed in a YAML file", c as u32);
        let help =
            format!("remove it, or write it as the escape \"\\u{:04X}\" inside a double-quoted string", c as u32);
        return Issue::error(file, Anchor::At(pos, 1), message).with_help(Some(help));
    }
    let line_has_tab = pos.and_then(|p| text.lines().nth(p.line - 1)).is_some_and(|l| l.contains('\t'));
    let help = if message.contains("repetition limit exceeded") {
        Some("aliases (`*name`) expand to too much data here; write the values out instead")
    } else if message.contains("recursion limit exceeded") {
        Some("the data nests deeper than 128 levels")
    } else if message.starts_with("duplicate entry") {
        Some("a key may appear only once in a mapping")
    } else if line_has_tab {
        Some("YAML does not allow tabs for indentation: use spaces")
    } else {
        None
    };
    // A duplicate key: point at the second occurrence, which the position pass finds.
    let anchor = match (&path, message.strip_prefix("duplicate entry with key \"").and_then(|r| r.strip_suffix('"'))) {
        (Some(p), Some(key)) => {
            let mut p = p.clone();
            p.push(Seg::Key(key.to_string()));
            Anchor::Key(p)
        }
        _ => pos.map_or(Anchor::File, |p| Anchor::At(p, 1)),
    };
    Issue::error(file, anchor, format!("YAML: {message}")).with_help(help.map(String::from))
}

/// The first character YAML does not allow in a file (C0 controls but tab,
/// line feed and carriage return; DEL; C1 controls but NEL; U+FFFE, U+FFFF),
/// with its position.
fn first_control_char(text: &str) -> Option<(Pos, char)> {
    let (mut line, mut col) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}')
            || (c >= '\u{A0}' && c != '\u{FFFE}' && c != '\u{FFFF}');
        if !allowed {
            return Some((Pos { line, col }, c));
        }
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            (line, col) = (line + 1, 1);
        } else {
            col += 1;
        }
    }
    None
}

/// Removes serde_yaml's " at line X column Y" phrases: the report shows positions itself.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let n = digits(after);
        match after[n..].strip_prefix(" column ") {
            Some(col) if n > 0 => rest = &col[digits(col)..],
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses serde_yaml's path text (`firms[0].extra`) into segments.
fn parse_path(text: &str) -> Option<YamlPath> {
    let mut out = Vec::new();
    for part in text.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Seg::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

fn shape(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Re-reads a file serde rejected, reporting every problem it can find, and
/// returns the parts that deserialize so validation can still check them.
///
/// `first` is serde's own error, if serde was tried. When the walk finds
/// nothing wrong, its reading stands: it reads every value as written, where
/// serde can refuse a value only because it lost its spelling (a party
/// written `0x1f`).
pub(super) fn diagnose(file: usize, text: &str, first: Option<&serde_yaml::Error>) -> (RawFile, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut raw = RawFile::default();
    // libyaml's own limits (aliases, depth) and checks first, then the tree
    // again with every scalar spelt as written.
    if let Err(e) = serde_yaml::from_str::<Value>(text) {
        return (raw, vec![yaml_error(file, text, &e)]);
    }
    let Some(value) = super::syntax::spelled_value(text) else {
        return (raw, first.map(|e| yaml_error(file, text, e)).into_iter().collect());
    };
    let top = match value {
        Value::Mapping(m) => m,
        other => {
            let msg = format!(
                "a data file must be a mapping with keys such as `firms:` and `events:`, but this file holds {}",
                shape(&other)
            );
            return (raw, vec![Issue::error(file, Anchor::At(Pos { line: 1, col: 1 }, 1), msg)]);
        }
    };
    let known = field_names::<RawFile>();
    for (k, v) in top {
        let Value::String(key) = k else {
            issues.push(Issue::error(file, Anchor::File, format!("a top-level key must be text, found {}", shape(&k))));
            continue;
        };
        let path = vec![Seg::Key(key.clone())];
        match key.as_str() {
            "dataset" => raw.dataset = entity::<RawDatasetInfo>(file, path, v, &mut issues, &mut Vec::new()),
            "firms" => raw.firms = list::<RawFirm>(file, path, v, &mut issues),
            "people" => raw.people = list::<RawPerson>(file, path, v, &mut issues),
            "chipsets" => raw.chipsets = list::<RawChipset>(file, path, v, &mut issues),
            "products" => raw.products = list::<RawProduct>(file, path, v, &mut issues),
            "agreements" => raw.agreements = list::<RawAgreement>(file, path, v, &mut issues),
            "events" => raw.events = list::<RawEvent>(file, path, v, &mut issues),
            "sources" => raw.sources = list::<RawSource>(file, path, v, &mut issues),
            "tours" => raw.tours = list::<RawTour>(file, path, v, &mut issues),
            _ => {
                let help = suggest::did_you_mean(&suggest::nearest(&key, known.iter().copied(), 1))
                    .or_else(|| Some(format!("the top-level keys are {}", quoted(known))));
                issues.push(
                    Issue::error(file, Anchor::Key(path), format!("unknown top-level key `{key}`")).with_help(help),
                );
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
fn list<T: DeserializeOwned + RawEntity>(
    file: usize,
    path: YamlPath,
    v: Value,
    issues: &mut Vec<Issue>,
) -> Option<Vec<T>> {
    let items = match v {
        Value::Null => return None,
        Value::Sequence(items) => items,
        other => {
            let Some(Seg::Key(key)) = path.first() else { return None };
            let msg = format!("`{key}` must be a list of entries (`- id: …`), but it holds {}", shape(&other));
            issues.push(Issue::error(file, Anchor::Value(path), msg));
            return None;
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let mut p = path.clone();
        p.push(Seg::Index(i));
        // Keep indexes aligned with the file; an unreadable entry stays as a
        // placeholder that validation skips (it has been reported here).
        let mut dropped = Vec::new();
        if item.is_null() {
            let msg = "this list item is empty: write the entry's fields (`- id: …`) or remove the `-`";
            issues.push(Issue::error(file, Anchor::Value(p), msg));
            let mut t = T::default();
            t.set_reported(vec!["*".to_string()]);
            out.push(t);
            continue;
        }
        let mut t = entity::<T>(file, p, item, issues, &mut dropped).unwrap_or_else(|| {
            dropped = vec!["*".to_string()];
            T::default()
        });
        t.set_reported(dropped);
        out.push(t);
    }
    Some(out)
}

/// One mapping read as `T`, reporting each problem and retrying without the
/// offending key, so every bad field of the entity is reported.
fn entity<T: DeserializeOwned>(
    file: usize,
    path: YamlPath,
    v: Value,
    issues: &mut Vec<Issue>,
    dropped: &mut Vec<String>,
) -> Option<T> {
    let mut map: Mapping = match v {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        other => {
            let msg =
                format!("each entry must be a mapping of fields (`id: …`, `name: …`), but this is {}", shape(&other));
            issues.push(Issue::error(file, Anchor::Value(path), msg));
            return None;
        }
    };
    let fields = field_names::<T>();
    for _ in 0..MAX_PER_ENTITY {
        match serde_path_to_error::deserialize::<_, T>(Value::Mapping(map.clone())) {
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
                let message = e.inner().to_string();
                let issue = match unknown_field(&message) {
                    Some((name, expected)) => {
                        if inner.last() != Some(&Seg::Key(name.clone())) {
                            inner.push(Seg::Key(name.clone()));
                        }
                        let nested = inner.len() > 1;
                        let candidates: Vec<&str> =
                            if nested { expected.iter().map(String::as_str).collect() } else { fields.to_vec() };
                        // The field meant is one not already given.
                        let present = keys_at(&map, &inner[..inner.len() - 1]);
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
                        let mut full = path.clone();
                        full.extend(inner.iter().cloned());
                        Issue::error(file, Anchor::Key(full), format!("unknown field `{name}`")).with_help(Some(help))
                    }
                    None => {
                        let mut full = path.clone();
                        full.extend(inner.iter().cloned());
                        let field = inner.first().map(|s| match s {
                            Seg::Key(k) => format!("`{k}`: "),
                            Seg::Index(_) => String::new(),
                        });
                        Issue::error(
                            file,
                            Anchor::Value(full),
                            format!("{}{}", field.unwrap_or_default(), tidy(&message)),
                        )
                    }
                };
                issues.push(issue);
                // Drop the offending key (inside a party, role or statement,
                // only that key, so the rest of it is still checked) and try again.
                if inner.len() > 1 && remove_at(&mut map, &inner) {
                    continue;
                }
                match inner.first() {
                    Some(Seg::Key(k)) if map.remove(k.as_str()).is_some() => dropped.push(k.clone()),
                    _ => return None,
                }
            }
        }
    }
    None
}

/// The keys of the mapping at `path` inside `map` (empty if there is none).
fn keys_at(map: &Mapping, path: &[Seg]) -> Vec<String> {
    let mut node = map;
    let mut value: Option<&Value> = None;
    for seg in path {
        let next = match (seg, value) {
            (Seg::Key(k), None) => node.get(k.as_str()),
            (Seg::Key(k), Some(Value::Mapping(m))) => m.get(k.as_str()),
            (Seg::Index(i), Some(Value::Sequence(items))) => items.get(*i),
            _ => None,
        };
        match next {
            Some(v) => value = Some(v),
            None => return Vec::new(),
        }
        if let Some(Value::Mapping(m)) = value {
            node = m;
            value = None;
        }
    }
    if value.is_some() {
        return Vec::new();
    }
    node.keys().filter_map(|k| k.as_str().map(String::from)).collect()
}

/// Removes the key at the end of `path` (a key inside nested mappings and
/// lists); false if the path does not end at a key of a mapping.
fn remove_at(map: &mut Mapping, path: &[Seg]) -> bool {
    let Some((Seg::Key(last), parents)) = path.split_last() else { return false };
    let mut node: &mut Value = match parents.first() {
        Some(Seg::Key(k)) => match map.get_mut(k.as_str()) {
            Some(v) => v,
            None => return false,
        },
        _ => return false,
    };
    for seg in &parents[1..] {
        node = match (seg, node) {
            (Seg::Key(k), Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Index(i), Value::Sequence(items)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match node {
        Value::Mapping(m) => m.remove(last.as_str()).is_some(),
        _ => false,
    }
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
    fn strips_serde_positions() {
        assert_eq!(
            without_positions(
                "did not find expected ',' at line 4 column 1, while parsing a flow sequence at line 3 column 11"
            ),
            "did not find expected ',', while parsing a flow sequence"
        );
        assert_eq!(without_positions("at line one"), "at line one");
    }

    #[test]
    fn parses_serde_paths() {
        let p = parse_path("firms[0].extra").unwrap();
        assert_eq!(p, vec![Seg::Key("firms".into()), Seg::Index(0), Seg::Key("extra".into())]);
        assert!(parse_path("a[x]").is_none());
    }

    #[test]
    fn parses_unknown_field_messages() {
        let (n, e) = unknown_field("unknown field `partys`, expected one of `id`, `parties`").unwrap();
        assert_eq!(n, "partys");
        assert_eq!(e, ["id", "parties"]);
    }
}
