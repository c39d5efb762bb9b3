//! The position pass: finds the line and column of YAML paths with an event
//! parser. Runs only for files that have issues, so valid data pays nothing.

use std::collections::{HashMap, HashSet};

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::issue::{Anchor, Issue, Pos, Seg, YamlPath};

/// Where one node stands: its key (in a mapping) and its value.
#[derive(Debug, Clone, Copy)]
struct Place {
    key: Option<(Pos, usize)>,
    value: (Pos, usize),
}

enum Frame {
    Map {
        key: Option<(String, Marker, usize)>,
        pushed: bool,
        /// The map's own place was recorded at its start marker, which for a
        /// block mapping is not where its first key stands: move it there.
        fix: bool,
    },
    Seq {
        next: usize,
        pushed: bool,
        /// The line of its first item, 1-based.
        line: usize,
    },
}

fn pos(m: &Marker) -> Pos {
    Pos { line: m.line().max(1), col: m.col() + 1 }
}

pub(super) fn scalar_width(s: &str, style: TScalarStyle) -> usize {
    match style {
        TScalarStyle::Plain => s.chars().count().max(1),
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => s.chars().count() + 2,
        _ => 1,
    }
}

/// Positions of the wanted paths (and their prefixes) in one YAML text.
fn find(text: &str, wanted: &HashSet<YamlPath>) -> HashMap<YamlPath, Place> {
    let mut found: HashMap<YamlPath, Place> = HashMap::new();
    let lines = super::text::lines(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: YamlPath = Vec::new();
    let mut skip_depth = 0usize;
    let mut started = false;
    while let Ok((event, mark)) = parser.next_token() {
        let (is_start, is_end, width) = match &event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Scalar(s, style, ..) => (false, false, scalar_width(s, *style)),
            Event::Alias(_) => (false, false, 1),
            Event::SequenceStart(..) | Event::MappingStart(..) => (true, false, 1),
            Event::SequenceEnd | Event::MappingEnd => (false, true, 0),
            _ => continue,
        };
        if skip_depth > 0 {
            if is_start {
                skip_depth += 1;
            } else if is_end {
                skip_depth -= 1;
            }
            continue;
        }
        if is_end {
            match stack.pop() {
                Some(Frame::Map { pushed: true, .. } | Frame::Seq { pushed: true, .. }) => {
                    path.pop();
                }
                Some(_) => {}
                None => break,
            }
            continue;
        }
        if started && stack.is_empty() {
            break;
        }
        started = true;
        // Is this node a mapping key?
        if let Some(Frame::Map { key: key @ None, fix, .. }) = stack.last_mut() {
            if std::mem::take(fix)
                && let Some(place) = found.get_mut(&path)
            {
                place.value = (pos(&mark), 1);
            }
            match &event {
                Event::Scalar(s, style, ..) => *key = Some((s.clone(), mark, scalar_width(s, *style))),
                _ => {
                    *key = Some(("?".into(), mark, 1));
                    if is_start {
                        skip_depth = 1;
                    }
                }
            }
            continue;
        }
        let mut at = pos(&mark);
        let (seg, key_place) = match stack.last_mut() {
            Some(Frame::Map { key, .. }) => {
                let (k, m, w) = key.take().expect("key set above");
                (Some(Seg::Key(k)), Some((pos(&m), w)))
            }
            Some(Frame::Seq { next, line, .. }) => {
                *next += 1;
                // The parser places an empty item (`-` alone) at the token
                // after it, often the next item: find its own `-`.
                if let Event::Scalar(s, TScalarStyle::Plain, ..) = &event
                    && s.is_empty()
                    && let Some(p) = empty_item(&lines, *line, at)
                {
                    at = p;
                }
                (Some(Seg::Index(*next - 1)), None)
            }
            None => (None, None),
        };
        let pushed = seg.is_some();
        if let Some(seg) = seg {
            path.push(seg);
        }
        let recorded = wanted.contains(&path);
        if recorded {
            found.insert(path.clone(), Place { key: key_place, value: (at, width) });
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { key: None, pushed, fix: recorded }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { next: 0, pushed, line: pos(&mark).line }),
            _ => {
                if pushed {
                    path.pop();
                }
            }
        }
    }
    found
}

/// Where an empty block-sequence item's `-` stands: the last line, from the
/// sequence's first line up to the parser's mark, whose content is only a
/// `-` (and maybe a comment), not counting a `-` that opens the marked token's line.
fn empty_item(lines: &[&str], first: usize, mark: Pos) -> Option<Pos> {
    let lone_dash = |line: &str| -> Option<usize> {
        let body = match line.find(" #") {
            Some(i) => &line[..i],
            None => line,
        };
        let t = body.trim_end();
        let lead = t.len() - t.trim_start().len();
        (t.trim_start() == "-").then(|| line[..lead].chars().count() + 1)
    };
    let marked = lines.get(mark.line.checked_sub(1)?)?;
    let before: String = marked.chars().take(mark.col - 1).collect();
    let mut line = mark.line;
    // The mark at the start of its line, or after a `-` that begins its line
    // (the next item's), does not stand on the empty item's line.
    if before.trim().is_empty() || before.trim() == "-" {
        line -= 1;
    }
    while line >= first.max(1) {
        if let Some(col) = lone_dash(lines[line - 1]) {
            return Some(Pos { line, col });
        }
        if line == mark.line {
            line -= 1;
            continue;
        }
        return None;
    }
    None
}

/// Turns the path anchors that point into this file (an issue's own, or its
/// related place's) into positions. A path that cannot be found falls back to
/// its nearest ancestor that can.
pub fn resolve_for_file(text: &str, file: usize, issues: &mut [&mut Issue]) {
    let mut wanted = HashSet::new();
    let own = issues.iter().filter(|i| i.file == file).map(|i| &i.anchor);
    let related = issues.iter().filter_map(|i| i.related.as_ref()).filter(|r| r.file == file).map(|r| &r.anchor);
    for p in own.chain(related).filter_map(Anchor::path) {
        for n in 0..=p.len() {
            wanted.insert(p[..n].to_vec());
        }
    }
    if wanted.is_empty() {
        return;
    }
    let found = find(text, &wanted);
    // Where lines start, once, if a word inside a value is to be found.
    let starts = std::cell::OnceCell::new();
    let place_of = |anchor: &Anchor| -> Option<Anchor> {
        let (p, want_key) = match anchor {
            Anchor::Key(p) => (p, true),
            Anchor::Value(p) | Anchor::Within(p, _) => (p, false),
            _ => return None,
        };
        for n in (0..=p.len()).rev() {
            if let Some(place) = found.get(&p[..n]) {
                let (at, w) = match (want_key && n == p.len(), place.key) {
                    (true, Some(k)) => k,
                    _ => place.value,
                };
                if let (Anchor::Within(_, word), true) = (anchor, n == p.len()) {
                    let starts = starts.get_or_init(|| super::text::line_starts(text));
                    return Some(super::leaks::pinpoint(text, starts, at, word).unwrap_or(Anchor::At(at, w)));
                }
                return Some(Anchor::At(at, w));
            }
        }
        Some(Anchor::At(Pos { line: 1, col: 1 }, 1))
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

#[cfg(test)]
mod tests {
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
}
