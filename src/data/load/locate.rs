//! Places for the problems validation finds, which name a path into a file
//! (`agreements[1].parties[0]`): the file, read by the same parse as at
//! load (`doc.rs`), is walked along each path. Runs only for files that
//! have such problems, so valid data pays nothing.

use super::doc::{Doc, NodeKind, parse};
use super::issue::{Anchor, Issue, Pos, Seg};

/// The items of the sequences walked so far, by sequence: a path's index
/// is then found at once, not by stepping over every item before it (a
/// list of 60,000 unknown ids has 60,000 problems).
type Items = std::cell::RefCell<std::collections::HashMap<u32, Vec<u32>>>;

/// Where a path stands: the key it is under (if any), and its value; as
/// far down the path as it goes.
fn find(doc: &Doc, path: &[Seg], items: &Items) -> (usize, Option<Anchor>, Anchor) {
    let Some(root) = doc.nodes.first() else { return (0, None, Anchor::At(Pos { line: 1, col: 1 }, 1)) };
    let mut at = (None, 0u32);
    let mut depth = 0;
    for seg in path {
        let node = doc.resolved(at.1);
        let next = match seg {
            Seg::Key(k) => doc.get(node, k).map(|(k, v)| (Some(k), v)),
            Seg::Index(i) => match doc.node(node).kind {
                NodeKind::Seq(_) => {
                    let mut items = items.borrow_mut();
                    let of = items.entry(node).or_insert_with(|| doc.children(node).collect());
                    of.get(*i).map(|&v| (None, v))
                }
                _ => None,
            },
        };
        match next {
            Some(n) => at = n,
            None => break,
        }
        depth += 1;
    }
    let node = doc.resolved(at.1);
    let value = match (depth, &doc.node(node).kind) {
        (0, _) => Anchor::At(root.pos(), 1),
        (_, NodeKind::Null) if at.0.is_none() => empty_item(doc, node),
        // A mapping (`{firm: x}` too) stands where its first key does.
        (_, NodeKind::Map(_)) => doc.children(node).next().map_or(doc.node(node).anchor(), |k| {
            let p = doc.node(k).pos();
            Anchor::At(p, 1)
        }),
        _ => doc.node(at.1).anchor(),
    };
    (depth, at.0.map(|k| doc.node(k).anchor()), value)
}

/// Where an empty list item (`-` alone) stands: at its `-`, which the
/// parser places its empty value after.
pub(super) fn empty_item(doc: &Doc, item: u32) -> Anchor {
    let p = doc.node(item).pos();
    let starts = super::text::line_starts(doc.text);
    let Some(o) = super::text::offset(doc.text, &starts, p) else { return doc.node(item).anchor() };
    // The line up to the empty value, less a comment.
    let from = starts[p.line - 1];
    let line = &doc.text[from..o];
    let line = line.find(" #").map_or(line, |i| &line[..i]).trim_end_matches([' ', '\t']);
    if line.ends_with('-') {
        Anchor::At(super::text::pos_of(doc.text, &starts, from + line.len() - 1), 1)
    } else {
        doc.node(item).anchor()
    }
}

/// Turns the path anchors that point into this file (an issue's own, or its
/// related place's) into positions. A path that cannot be found falls back to
/// its nearest ancestor that can.
pub fn resolve_for_file(text: &str, file: usize, issues: &mut [&mut Issue]) {
    let own = issues.iter().filter(|i| i.file == file).map(|i| &i.anchor);
    let related = issues.iter().filter_map(|i| i.related.as_ref()).filter(|r| r.file == file).map(|r| &r.anchor);
    if !own.chain(related).any(|a| matches!(a, Anchor::Key(_) | Anchor::Value(_) | Anchor::Within(..))) {
        return;
    }
    let parsed = parse(file, text);
    let items = Items::default();
    // Where lines start, once, if a word inside a value is to be found.
    let starts = std::cell::OnceCell::new();
    let place_of = |anchor: &Anchor| -> Option<Anchor> {
        let (p, want_key) = match anchor {
            Anchor::Key(p) => (p, true),
            Anchor::Value(p) | Anchor::Within(p, _) => (p, false),
            _ => return None,
        };
        let (depth, key, value) = find(&parsed.doc, p, &items);
        if let (Anchor::Within(_, word), true, Anchor::At(at, _)) = (anchor, depth == p.len(), &value) {
            let starts = starts.get_or_init(|| super::text::line_starts(text));
            if let Some(found) = super::leaks::pinpoint(text, starts, *at, word) {
                return Some(found);
            }
        }
        Some(match key {
            Some(k) if want_key && depth == p.len() => k,
            _ => value,
        })
    };
    for issue in issues.iter_mut() {
        if issue.file == file
            && let Some(a) = place_of(&issue.anchor)
        {
            issue.anchor = a;
        }
        if let Some(r) = issue.related.as_mut()
            && r.file == file
            && let Some(a) = place_of(&r.anchor)
        {
            r.anchor = a;
        }
    }
}

/// The line (from 1) of the entity with this id in a data file's text: the
/// line of its `id:` value in an entry under one of the kinds' keys
/// (`firms:`, `people:`, …), read by the loader's own parse; none when no
/// entry there has that id. For editing in place.
pub fn line_of(text: &str, id: &str) -> Option<usize> {
    let parsed = parse(0, text);
    let doc = &parsed.doc;
    doc.nodes.first()?;
    crate::data::model::Kind::ALL.into_iter().find_map(|kind| {
        let (_, list) = doc.get(0, kind.key())?;
        let list = doc.resolved(list);
        doc.children(list).find_map(|entry| {
            let (_, value) = doc.get(entry, "id")?;
            (doc.text_of(value) == Some(id)).then(|| doc.node(value).pos().line)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::issue::YamlPath;
    use super::*;

    fn at(text: &str, anchor: Anchor) -> (usize, usize, usize) {
        let mut issue = Issue::error(0, anchor, "x");
        resolve_for_file(text, 0, &mut [&mut issue]);
        match issue.anchor {
            Anchor::At(p, w) => (p.line, p.col, w),
            other => panic!("unresolved {other:?}"),
        }
    }

    fn path(parts: &[&str]) -> YamlPath {
        parts.iter().map(|p| p.parse::<usize>().map(Seg::Index).unwrap_or_else(|_| Seg::Key(p.to_string()))).collect()
    }

    const DOC: &str = "firms:\n  - id: huawei\n    name: Huawei\n  - id: xiaomi\n    partys: [a, \"b\"]\n";

    #[test]
    fn finds_keys_and_values() {
        assert_eq!(at(DOC, Anchor::Value(path(&["firms", "1", "id"]))), (4, 9, 6));
        assert_eq!(at(DOC, Anchor::Key(path(&["firms", "1", "partys"]))), (5, 5, 6));
        assert_eq!(at(DOC, Anchor::Value(path(&["firms", "1", "partys", "1"]))), (5, 17, 3));
        assert_eq!(at(DOC, Anchor::Value(path(&["firms", "0"]))), (2, 5, 1));
    }

    #[test]
    fn missing_paths_fall_back_to_ancestors() {
        assert_eq!(at(DOC, Anchor::Value(path(&["firms", "1", "nope"]))), (4, 5, 1));
    }

    #[test]
    fn an_empty_item_is_found_on_its_own_line() {
        for doc in ["firms:\n  -\n  - id: x\n", "firms:\n  -   # c\n  - id: x\n", "firms:\n  -\n"] {
            assert_eq!(at(doc, Anchor::Value(path(&["firms", "0"]))), (2, 3, 1), "{doc:?}");
        }
        assert_eq!(at("a:\n- id: a\n-\n- id: b\n", Anchor::Value(path(&["a", "1"]))), (3, 1, 1));
    }

    #[test]
    fn counts_columns_in_characters() {
        let doc = "firms:\n  - {name: 华为, id: 错}\n";
        assert_eq!(at(doc, Anchor::Value(path(&["firms", "0", "id"]))), (2, 20, 1));
    }

    #[test]
    fn survives_deep_nesting_and_complex_keys() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        at(&deep, Anchor::Value(path(&["0", "0"])));
        let doc = "? [a, b]\n: 1\nfirms: x\n";
        assert_eq!(at(doc, Anchor::Value(path(&["firms"]))), (3, 8, 1));
    }

    #[test]
    fn the_line_of_an_entity_in_any_style() {
        let text = "dataset:\n  title: t\nfirms:\n  - id: acme\n    name: Acme\n  - {id: bolt, name: Bolt}\n\
                    tours:\n  - id: walk\n    title: W\npeople:\n  -\n    name: Ann\n    id: \"ann\"\n";
        assert_eq!(line_of(text, "acme"), Some(4));
        assert_eq!(line_of(text, "bolt"), Some(6));
        assert_eq!(line_of(text, "ann"), Some(13));
        assert_eq!(line_of(text, "walk"), None, "a tour is no entity");
        assert_eq!(line_of(text, "nobody"), None);
    }
}
