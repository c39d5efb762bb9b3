//! The syntax pass: every file is read once by a second, spec-conforming YAML
//! parser (yaml-rust2) before serde_yaml sees it. It rejects what the YAML
//! spec rejects but libyaml lets through (`"Acme"# x`), and what serde_yaml
//! would silently change or misreport: a second document, tags, a key given
//! twice, a key that is not text. It also builds, on request, a tree whose
//! scalars keep their spelling, for the diagnosis pass.

use std::collections::{HashMap, HashSet};

use serde_yaml::{Mapping, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::issue::{Anchor, Issue, Pos};
use super::locate::scalar_width;
use super::text::line_starts;

/// What the syntax pass found in one file.
pub(super) struct Syntax {
    /// Problems, each at its place.
    pub(super) issues: Vec<Issue>,
    /// The file holds only a tag or an anchor: it is empty, in effect.
    pub(super) empty: bool,
    /// A list of entries has an empty item (`-` alone).
    pub(super) empty_entry: bool,
}

impl Syntax {
    /// True when serde should not read the file: its YAML itself is wrong.
    pub(super) fn fatal(&self) -> bool {
        self.empty || !self.issues.is_empty()
    }
}

fn pos(m: &Marker) -> Pos {
    Pos { line: m.line().max(1), col: m.col() + 1 }
}

/// The one tag a data file may carry, on a single value: `!!str`, which only says "text".
fn allowed(tag: &Tag) -> bool {
    tag.handle == "tag:yaml.org,2002:" && tag.suffix == "str"
}

/// True for the plain scalars YAML 1.2 (and serde_yaml) read as null.
fn plain_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// A tag as it was written, read back from the text before the node it is on.
fn written_tag(text: &str, starts: &[usize], mark: &Marker, tag: &Tag) -> (Pos, String) {
    let fallback = if tag.handle == "tag:yaml.org,2002:" {
        format!("!!{}", tag.suffix)
    } else if tag.handle == "!" || tag.handle == "!!" {
        format!("{}{}", tag.handle, tag.suffix)
    } else {
        format!("!<{}{}>", tag.handle, tag.suffix)
    };
    // The node's marker stands after its tag: look back for the `!` that starts it.
    let end = super::text::offset(text, starts, pos(mark)).unwrap_or(text.len());
    let before = &text[..end];
    let mut search = before.len();
    while let Some(i) = before[..search].rfind('!') {
        let starts_token = i == 0 || before[..i].ends_with(|c: char| c.is_whitespace() || "[{,:-?".contains(c));
        if starts_token {
            let word: String = before[i..].chars().take_while(|c| !c.is_whitespace()).collect();
            let p = super::text::pos_of(text, starts, i);
            return (p, word);
        }
        search = i;
    }
    (pos(mark), fallback)
}

enum Frame {
    Map { keys: HashSet<String>, want_key: bool },
    Seq,
}

/// Checks one file's YAML. Cheap: one event pass, no tree, aliases not expanded.
pub(super) fn check(file: usize, text: &str) -> Syntax {
    let mut issues = Vec::new();
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut skip = 0usize;
    let mut documents = 0usize;
    let mut root_empty = false;
    let mut empty_entry = false;
    let mut wrong_root = None;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(e) => e,
            Err(e) => {
                // libyaml, serde_yaml's parser, words the errors it also finds
                // the way this project's users know: leave those it can
                // place to it.
                if serde_yaml::from_str::<Value>(text).is_err_and(|e| e.location().is_some()) {
                    return Syntax { issues: Vec::new(), empty: false, empty_entry: false };
                }
                let message = format!("YAML: {}", e.info());
                issues.push(
                    Issue::error(file, Anchor::At(pos(e.marker()), 1), message).with_help(Some(
                        "this is not valid YAML (see https://yaml.org/spec/1.2.2/); quote the value if it is text"
                            .to_string(),
                    )),
                );
                return Syntax { issues, empty: false, empty_entry: false };
            }
        };
        let (tag, node, opens, closes) = match &event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents == 2 {
                    let msg = "YAML: a second document starts here, but a data file holds one document";
                    let help = "put each document in a file of its own, or remove this `---` line";
                    issues.push(Issue::error(file, Anchor::At(pos(&mark), 3), msg).with_help(Some(help.into())));
                    break;
                }
                continue;
            }
            Event::Scalar(_, _, _, tag) => (tag.clone(), true, false, false),
            Event::Alias(_) => (None, true, false, false),
            Event::SequenceStart(_, tag) | Event::MappingStart(_, tag) => (tag.clone(), true, true, false),
            Event::SequenceEnd | Event::MappingEnd => (None, false, false, true),
            _ => continue,
        };
        if skip > 0 {
            skip = skip + usize::from(opens) - usize::from(closes);
            continue;
        }
        if closes {
            stack.pop();
            if let Some(Frame::Map { want_key, .. }) = stack.last_mut() {
                *want_key = true;
            }
            continue;
        }
        if !node {
            continue;
        }
        if stack.is_empty() {
            // The root: a file of only a tag or an anchor holds no data.
            if let Event::Scalar(v, TScalarStyle::Plain, ..) = &event
                && v.is_empty()
            {
                root_empty = true;
                continue;
            }
            let holds = match &event {
                Event::MappingStart(..) => None,
                Event::SequenceStart(..) => Some("a list"),
                Event::Scalar(v, TScalarStyle::Plain, ..) => match serde_yaml::from_str::<Value>(v) {
                    Ok(Value::Number(_)) => Some("a number"),
                    Ok(Value::Bool(_)) => Some("a boolean"),
                    Ok(Value::Null) => Some("nothing"),
                    _ => Some("text"),
                },
                _ => Some("text"),
            };
            if let Some(holds) = holds {
                let msg = format!(
                    "a data file must be a mapping with keys such as `firms:` and `events:`, but this file holds {holds}"
                );
                // Reported once the whole file has been read: a syntax error comes first.
                wrong_root = Some(Issue::error(file, Anchor::At(Pos { line: 1, col: 1 }, 1), msg));
            }
        }
        if stack.len() == 2
            && matches!(stack.last(), Some(Frame::Seq))
            && matches!(&event, Event::Scalar(v, TScalarStyle::Plain, ..) if v.is_empty())
        {
            empty_entry = true;
        }
        let scalar = matches!(event, Event::Scalar(..));
        if let Some(tag) = tag.as_ref().filter(|t| !(scalar && allowed(t))) {
            let (at, written) = written_tag(text, &line_starts(text), &mark, tag);
            let msg = format!("YAML tag `{written}` is not supported: dealscope reads plain values only");
            let help = "remove the tag; quote the value if it should stay text exactly as written";
            issues.push(Issue::error(file, Anchor::At(at, written.chars().count()), msg).with_help(Some(help.into())));
        }
        if let Some(Frame::Map { keys, want_key }) = stack.last_mut() {
            let is_key = *want_key;
            *want_key = !is_key;
            if is_key {
                match &event {
                    Event::Scalar(k, TScalarStyle::Plain, ..) if plain_null(k) => {
                        let msg = "a key must be text, found nothing (null)";
                        let help = "write a single value before the `:`";
                        issues.push(
                            Issue::error(file, Anchor::At(pos(&mark), k.chars().count().max(1)), msg)
                                .with_help(Some(help.into())),
                        );
                    }
                    Event::Scalar(k, style, ..) => {
                        if !keys.insert(k.clone()) {
                            let msg = format!("YAML: duplicate entry with key \"{k}\"");
                            let at = Anchor::At(pos(&mark), scalar_width(k, *style));
                            let help = "a key may appear only once in a mapping";
                            issues.push(Issue::error(file, at, msg).with_help(Some(help.into())));
                        }
                    }
                    Event::Alias(_) => {}
                    _ => {
                        let what = if matches!(event, Event::SequenceStart(..)) { "a list" } else { "a mapping" };
                        let msg = format!("a key must be text, found {what}");
                        let help = "write a single value before the `:`";
                        issues.push(Issue::error(file, Anchor::At(pos(&mark), 1), msg).with_help(Some(help.into())));
                        skip = 1;
                        continue;
                    }
                }
            }
        }
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { keys: HashSet::new(), want_key: true }),
            Event::SequenceStart(..) => stack.push(Frame::Seq),
            _ => {}
        }
    }
    issues.extend(wrong_root);
    let empty = root_empty && issues.is_empty();
    Syntax { issues, empty, empty_entry }
}

/// A builder for a node being read.
enum Building {
    Seq(Vec<Value>, usize),
    Map(Mapping, Option<Value>, usize),
}

/// The file as a `Value` whose scalars are all text, spelt as written (or
/// null): unlike serde_yaml's own `Value`, `0x1f` stays `0x1f`. `None` if the
/// text does not parse. Only for files the syntax pass and libyaml accepted.
pub(super) fn spelled_value(text: &str) -> Option<Value> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Building> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    loop {
        let (event, _) = parser.next_token().ok()?;
        let (value, anchor) = match event {
            Event::StreamEnd | Event::DocumentEnd => return None,
            Event::Scalar(s, style, anchor, _) => {
                let null = style == TScalarStyle::Plain && plain_null(&s);
                (if null { Value::Null } else { Value::String(s) }, anchor)
            }
            Event::Alias(id) => (anchors.get(&id)?.clone(), 0),
            Event::SequenceStart(anchor, _) => {
                stack.push(Building::Seq(Vec::new(), anchor));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Building::Map(Mapping::new(), None, anchor));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop()? {
                Building::Seq(items, anchor) => (Value::Sequence(items), anchor),
                Building::Map(map, _, anchor) => (Value::Mapping(map), anchor),
            },
            _ => continue,
        };
        if anchor > 0 {
            anchors.insert(anchor, value.clone());
        }
        match stack.last_mut() {
            None => return Some(value),
            Some(Building::Seq(items, _)) => items.push(value),
            Some(Building::Map(map, key, _)) => match key.take() {
                None => *key = Some(value),
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        check(0, text)
            .issues
            .iter()
            .map(|i| {
                let p = i.pos();
                format!("{}:{}: {}", p.line, p.col, i.message)
            })
            .collect()
    }

    #[test]
    fn rejects_what_the_spec_rejects() {
        assert_eq!(
            lines("name: \"Acme\"# not a comment\n"),
            ["1:13: YAML: comments must be separated from other tokens by whitespace"]
        );
    }

    #[test]
    fn names_tags_and_finds_duplicates_and_second_documents() {
        assert_eq!(
            lines("a: !foo x\nb: !!binary aGk=\nc: !!str 0x1f\n"),
            [
                "1:4: YAML tag `!foo` is not supported: dealscope reads plain values only",
                "2:4: YAML tag `!!binary` is not supported: dealscope reads plain values only"
            ]
        );
        assert_eq!(lines("a: 1\nb: 2\na: 3\n"), ["3:1: YAML: duplicate entry with key \"a\""]);
        assert_eq!(
            lines("a: 1\n---\nb: 2\n"),
            ["2:1: YAML: a second document starts here, but a data file holds one document"]
        );
        assert_eq!(lines("a:\n  ? [x]\n  : 1\nb: 2\n"), ["2:5: a key must be text, found a list"]);
        assert_eq!(lines("~: 1\n"), ["1:1: a key must be text, found nothing (null)"]);
        assert_eq!(
            lines("a: !!str [x]\n"),
            ["1:4: YAML tag `!!str` is not supported: dealscope reads plain values only"]
        );
    }

    #[test]
    fn a_lone_tag_or_anchor_is_empty() {
        assert!(check(0, "!foo\n").empty);
        assert!(check(0, "&a\n").empty);
        assert!(!check(0, "a: 1\n").empty);
    }

    #[test]
    fn spelled_values_keep_their_spelling() {
        let v = spelled_value("a: 0x1f\nb: [1e3, ~, '']\nc: &x {d: +2023}\ne: *x\n").unwrap();
        let y: Value =
            serde_yaml::from_str("a: '0x1f'\nb: ['1e3', null, '']\nc: {d: '+2023'}\ne: {d: '+2023'}").unwrap();
        assert_eq!(v, y);
    }
}
