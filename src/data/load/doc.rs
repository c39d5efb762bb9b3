//! The one parse of a data file. saphyr-parser, which follows the YAML 1.2
//! spec, reads the text into events, which are gathered once into a flat
//! tree of nodes (`Doc`), each with its line and column; the syntax rules
//! are checked on the way: what dealscope refuses although YAML allows it (a
//! tag, a second document, a key given twice, a key that is not text,
//! nesting deeper than [`MAX_DEPTH`], aliases that expand too far). Serde
//! reads the raw structs from the nodes (`de.rs`), and every report points
//! at a node. A YAML error ends the parse where it stands, and the parse
//! resumes after it (`recover.rs`), so the file's other entries are still
//! read: an entry holding an error is left out whole ([`NodeKind::Broken`]).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::issue::{Anchor, Issue, Pos, Related};
pub(super) use super::tree::{Children, Doc, Node, NodeKind};
use super::unchecked::LostId;

/// The deepest nesting read: deeper is an error, found before the parser
/// has read more than the first [`MAX_DEPTH`] levels.
pub(super) const MAX_DEPTH: usize = 255;

/// Help for text the YAML spec rejects.
pub(super) const NOT_YAML: &str =
    "this is not valid YAML (see https://yaml.org/spec/1.2.2/); quote the value if it is text";

/// What the parse of one file gives.
pub(super) struct Parsed<'a> {
    pub(super) doc: Doc<'a>,
    /// YAML problems, each at its place.
    pub(super) issues: Vec<Issue>,
    /// The file holds only a tag or an anchor: no data.
    pub(super) empty: bool,
    /// Nothing of the file's data can be read (its root is not a mapping,
    /// or an error stands outside any entry and nothing after it was found).
    pub(super) unreadable: bool,
    /// Ids written in the parts of the file that could not be read, so that
    /// references to them are not reported as unknown.
    pub(super) lost_ids: Vec<LostId>,
    /// Some of the file could not be read for a YAML error.
    pub(super) cut: bool,
}

/// An error that ends the parse (boxed: it is rare, and an `Issue` is big).
pub(super) type Stop = Box<Issue>;

/// An open list or mapping.
struct Frame {
    node: u32,
    map: bool,
    /// In a mapping: the next node is a key.
    want_key: bool,
    /// Where this mapping's keys start in `Builder::keys`.
    keys_from: usize,
    /// A big mapping's keys, by text, for finding one given twice.
    index: Option<HashMap<String, u32>>,
    /// What it holds with aliases expanded (itself included): a node and
    /// its text's bytes each count one.
    size: u64,
    anchor: usize,
}

/// Mappings with more keys than this look a key up in a hash map.
const SMALL_MAP: usize = 16;

pub(super) struct Builder<'a> {
    file: usize,
    pub(super) text: &'a str,
    /// Lines before `text` in the file (it is a part of the file's text).
    pub(super) line_offset: u32,
    /// How deep an entry of a top-level list stands: 2 in a file (the root
    /// mapping, the list), 1 in a part that is the rest of a list.
    entry_level: usize,
    pub(super) nodes: Vec<Node<'a>>,
    frames: Vec<Frame>,
    keys: Vec<u32>,
    anchors: HashMap<usize, (u32, u64)>,
    /// How far aliases may expand the file, in nodes and bytes of text
    /// (see `Frame::size`).
    expand_limit: u64,
    pub(super) issues: Vec<Issue>,
    /// Entries holding an error, to leave out.
    pub(super) broken: Vec<u32>,
    /// An error stands outside every entry: the file's data is not read.
    pub(super) unreadable: bool,
    pub(super) lost_ids: Vec<LostId>,
    /// Some of the text could not be read for a YAML error.
    pub(super) cut: bool,
    documents: usize,
    /// Aliases expanded past `expand_limit`: reported once, nothing more read.
    over: bool,
}

fn is_str_tag(tag: &Tag) -> bool {
    format!("{}{}", tag.handle, tag.suffix) == "tag:yaml.org,2002:str"
}

impl<'a> Builder<'a> {
    pub(super) fn new(file: usize, text: &'a str, line_offset: u32, entry_level: usize) -> Self {
        Self {
            file,
            text,
            line_offset,
            entry_level,
            nodes: Vec::with_capacity(text.len() / 8 + 4),
            frames: Vec::new(),
            keys: Vec::new(),
            anchors: HashMap::new(),
            expand_limit: (text.len() as u64).max(100_000) * 10,
            issues: Vec::new(),
            broken: Vec::new(),
            unreadable: false,
            lost_ids: Vec::new(),
            cut: false,
            documents: 0,
            over: false,
        }
    }

    /// A position in the file from a parser's span start (lines from 1, columns from 0).
    pub(super) fn pos(&self, line: usize, col: usize) -> Pos {
        Pos { line: line.max(1) + self.line_offset as usize, col: col + 1 }
    }

    fn width(span: &Span) -> u32 {
        if span.end.line() == span.start.line() { (span.end.col() - span.start.col()) as u32 } else { 1 }
    }

    /// The entry (an item of a top-level list) the next node stands in, or
    /// is, if any.
    fn entry(&self) -> Option<u32> {
        let lvl = self.entry_level;
        let shaped = match lvl {
            2 => self.frames.len() >= 2 && self.frames[0].map && !self.frames[1].map,
            _ => !self.frames.is_empty() && !self.frames[0].map,
        };
        if !shaped {
            return None;
        }
        match self.frames.get(lvl) {
            Some(f) => Some(f.node),
            None if self.frames.len() == lvl => Some(self.nodes.len() as u32),
            None => None,
        }
    }

    /// Reports a YAML problem: the entry it stands in is left out, or, outside
    /// every entry, the file's data.
    fn fail(&mut self, issue: Issue) {
        self.issues.push(issue);
        self.cut = true;
        match self.entry() {
            Some(e) => self.broken.push(e),
            None => self.unreadable = true,
        }
    }

    /// Reads the parser's events up to the end of the first document, or
    /// an error. `Err` carries the error (as an issue, at its place).
    pub(super) fn run(&mut self) -> Result<(), Stop> {
        let mut parser = Parser::new_from_str(self.text);
        for next in &mut parser {
            if self.over {
                // Found while closing a collection, and reported there.
                return Ok(());
            }
            let (event, span) = next.map_err(|e| Box::new(super::recover::scan_error(self, &e)))?;
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    self.documents += 1;
                    if self.documents == 2 {
                        let msg = "YAML: a second document starts here, but a data file holds one document";
                        let help = "put each document in a file of its own, or remove this `---` line";
                        let at = Anchor::At(self.pos(span.start.line(), span.start.col()), 3);
                        self.issues.push(Issue::error(self.file, at, msg).with_help(Some(help.into())));
                        self.cut = true;
                        break;
                    }
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let plain = style == ScalarStyle::Plain;
                    let kind = match &tag {
                        Some(t) if is_str_tag(t) => NodeKind::Scalar(text),
                        _ if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") => NodeKind::Null,
                        _ => NodeKind::Scalar(text),
                    };
                    self.add(kind, &span, anchor, tag.as_deref())?;
                }
                Event::SequenceStart(anchor, tag) => self.add(NodeKind::Seq(0), &span, anchor, tag.as_deref())?,
                Event::MappingStart(anchor, tag) => self.add(NodeKind::Map(0), &span, anchor, tag.as_deref())?,
                Event::SequenceEnd | Event::MappingEnd => self.close(),
                Event::Alias(id) => {
                    let (target, size) = self.anchors.get(&id).copied().unwrap_or((0, 1));
                    self.add_sized(NodeKind::Alias(target), &span, 0, None, size)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Adds a node where the parse stands, checking the rules.
    fn add(&mut self, kind: NodeKind<'a>, span: &Span, anchor: usize, tag: Option<&Tag>) -> Result<(), Stop> {
        // A value's text counts: one alias of a long text repeated ten
        // thousand times is as much data as ten thousand values.
        let size = match &kind {
            NodeKind::Scalar(text) => 1 + text.len() as u64,
            _ => 1,
        };
        self.add_sized(kind, span, anchor, tag, size)
    }

    /// Adds a node that stands for `size` (an alias, for its target's).
    fn add_sized(
        &mut self,
        kind: NodeKind<'a>,
        span: &Span,
        anchor: usize,
        tag: Option<&Tag>,
        size: u64,
    ) -> Result<(), Stop> {
        let me = self.nodes.len() as u32;
        let at = self.pos(span.start.line(), span.start.col());
        let collection = matches!(kind, NodeKind::Seq(_) | NodeKind::Map(_));
        if collection && self.frames.len() >= MAX_DEPTH {
            let msg = format!("YAML: the data nests deeper than {MAX_DEPTH} levels here");
            let help = "a data file nests a few levels deep: look for brackets that are never closed";
            return Err(Box::new(Issue::error(self.file, Anchor::At(at, 1), msg).with_help(Some(help.into()))));
        }
        // A lone tag (or anchor) with nothing after it is an empty file, not a tag to report.
        let lone = self.frames.is_empty() && matches!(kind, NodeKind::Null);
        if let Some(tag) = tag.filter(|t| (collection || !is_str_tag(t)) && !lone) {
            let written = self.written_tag(at, tag);
            let msg = format!("YAML tag `{written}` is not supported: dealscope reads plain values only");
            let help = "remove the tag; quote the value if it should stay text exactly as written";
            let issue = Issue::error(self.file, Anchor::At(at, written.chars().count()), msg);
            self.fail(issue.with_help(Some(help.into())));
        }
        let width = Self::width(span);
        self.nodes.push(Node { kind, line: at.line as u32, col: at.col as u32, width });
        let is_key = match self.frames.last_mut() {
            Some(f) if f.map => {
                let key = f.want_key;
                f.want_key = !key;
                key
            }
            _ => false,
        };
        if is_key && self.key_is_text(me) {
            self.key_once(me);
        }
        if collection {
            let map = matches!(self.nodes[me as usize].kind, NodeKind::Map(_));
            let keys_from = self.keys.len();
            self.frames.push(Frame { node: me, map, want_key: map, keys_from, index: None, size: 1, anchor });
        } else {
            if anchor > 0 {
                self.anchors.insert(anchor, (me, size));
            }
            self.grow(size)?;
        }
        Ok(())
    }

    /// Counts nodes into the open collection, aliases expanded; too many is an error.
    fn grow(&mut self, size: u64) -> Result<(), Stop> {
        if self.over {
            // Said once already; nothing more is read.
            return Ok(());
        }
        if let Some(f) = self.frames.last_mut() {
            f.size = f.size.saturating_add(size);
            if f.size > self.expand_limit {
                self.unreadable = true;
                self.over = true;
                let help = "aliases (`*name`) expand to too much data here; write the values out instead";
                let at = Anchor::At(Pos { line: 1 + self.line_offset as usize, col: 1 }, 1);
                let issue = Issue::error(self.file, at, "YAML: repetition limit exceeded");
                return Err(Box::new(issue.with_help(Some(help.into()))));
            }
        }
        Ok(())
    }

    /// Checks that a mapping's key (the node just added) is text.
    fn key_is_text(&mut self, me: u32) -> bool {
        let node = &self.nodes[me as usize];
        let what = match &node.kind {
            NodeKind::Null => Some("nothing (null)"),
            NodeKind::Seq(_) => Some("a list"),
            NodeKind::Map(_) => Some("a mapping"),
            _ => None,
        };
        if let Some(what) = what {
            let msg = format!("a key must be text, found {what}");
            let issue = Issue::error(self.file, node.anchor(), msg);
            self.fail(issue.with_help(Some("write a single value before the `:`".into())));
            return false;
        }
        true
    }

    /// Checks that a mapping's key (a node added to the innermost open
    /// mapping) was not given before in it.
    fn key_once(&mut self, me: u32) {
        let nodes = &self.nodes;
        let text_at = |i: u32| match &nodes[i as usize].kind {
            NodeKind::Scalar(s) => Some(&**s),
            NodeKind::Alias(t) => match &nodes[*t as usize].kind {
                NodeKind::Scalar(s) => Some(&**s),
                _ => None,
            },
            _ => None,
        };
        let Some(text) = text_at(me) else { return };
        let frame = self.frames.last_mut().expect("a key is in a mapping");
        let mine = &self.keys[frame.keys_from..];
        let first = match &frame.index {
            Some(index) => index.get(text).copied(),
            None => mine.iter().copied().find(|&k| text_at(k) == Some(text)),
        };
        if first.is_none() {
            if frame.index.is_none() && mine.len() >= SMALL_MAP {
                frame.index = Some(mine.iter().filter_map(|&k| Some((text_at(k)?.to_string(), k))).collect());
            }
            if let Some(index) = &mut frame.index {
                index.insert(text.to_string(), me);
            }
        }
        self.keys.push(me);
        let Some(first) = first else { return };
        let text = text.to_string();
        let other = self.nodes[first as usize].anchor();
        let msg = format!("YAML: duplicate entry with key \"{text}\"");
        let related = Related { file: self.file, anchor: other, message: format!("`{text}` is first given here") };
        let issue = Issue::error(self.file, self.nodes[me as usize].anchor(), msg)
            .with_help(Some("a key may appear only once in a mapping".into()))
            .with_related(related);
        self.fail(issue);
    }

    /// Closes the innermost open collection.
    pub(super) fn close(&mut self) {
        let Some(f) = self.frames.pop() else { return };
        let end = self.nodes.len() as u32;
        match &mut self.nodes[f.node as usize].kind {
            NodeKind::Seq(e) | NodeKind::Map(e) => *e = end,
            _ => {}
        }
        self.keys.truncate(f.keys_from);
        if f.anchor > 0 {
            self.anchors.insert(f.anchor, (f.node, f.size));
        }
        // Past the limit here: said now, and the parse reads no more.
        if let Err(issue) = self.grow(f.size) {
            self.issues.push(*issue);
            self.cut = true;
        }
    }

    /// Leaves out a top-level key and its value (an open collection, at
    /// `value`), closing everything in it.
    pub(super) fn drop_pair(&mut self, value: u32) {
        self.close_to(1);
        let key = value - 1;
        self.nodes.truncate(key as usize);
        self.keys.retain(|&k| k < key);
        self.anchors.retain(|_, a| a.0 < key);
        self.broken.retain(|&e| e < key);
        if let Some(root) = self.frames.first_mut() {
            root.want_key = true;
        }
    }

    /// Closes every open collection down to `depth` open ones.
    pub(super) fn close_to(&mut self, depth: usize) {
        while self.frames.len() > depth {
            self.close();
        }
    }

    pub(super) fn file(&self) -> usize {
        self.file
    }

    pub(super) fn entry_level(&self) -> usize {
        self.entry_level
    }

    pub(super) fn depth(&self) -> usize {
        self.frames.len()
    }

    /// The open collections' nodes, outermost first.
    pub(super) fn open(&self) -> impl Iterator<Item = (u32, bool)> + '_ {
        self.frames.iter().map(|f| (f.node, f.map))
    }

    /// Takes a part parsed on its own (the rest of a list, or of the root
    /// mapping) into the open collection: its root's children become this
    /// collection's.
    pub(super) fn adopt(&mut self, mut part: Builder<'a>) {
        part.close_to(0);
        self.issues.append(&mut part.issues);
        self.lost_ids.append(&mut part.lost_ids);
        self.unreadable |= part.unreadable;
        self.cut |= part.cut;
        let base = self.nodes.len() as u32;
        let Some(root) = part.nodes.first() else { return };
        let end = match root.kind {
            NodeKind::Seq(e) | NodeKind::Map(e) => e as usize,
            _ => return,
        };
        let shift = |i: u32| i - 1 + base;
        let map = matches!(root.kind, NodeKind::Map(_));
        for node in part.nodes.into_iter().take(end).skip(1) {
            let kind = match node.kind {
                NodeKind::Seq(e) => NodeKind::Seq(shift(e)),
                NodeKind::Map(e) => NodeKind::Map(shift(e)),
                NodeKind::Broken(e) => NodeKind::Broken(shift(e)),
                NodeKind::Alias(t) => NodeKind::Alias(shift(t)),
                k => k,
            };
            self.nodes.push(Node { kind, ..node });
        }
        // The root mapping's keys are checked against those read before.
        if map {
            let mut i = base;
            while i < self.nodes.len() as u32 {
                self.key_once(i);
                let value = self.next_index(i);
                if value >= self.nodes.len() as u32 {
                    break; // a key the error left without its value
                }
                i = self.next_index(value);
            }
        }
        self.broken.extend(part.broken.into_iter().map(shift));
    }

    fn next_index(&self, i: u32) -> u32 {
        match self.nodes[i as usize].kind {
            NodeKind::Seq(end) | NodeKind::Map(end) | NodeKind::Broken(end) => end,
            _ => i + 1,
        }
    }

    /// A tag as it was written (read back from the text at the node), or as the parser gives it.
    fn written_tag(&self, at: Pos, tag: &Tag) -> String {
        let local = Pos { line: at.line - self.line_offset as usize, col: at.col };
        let starts = super::text::line_starts(self.text);
        if let Some(off) = super::text::offset(self.text, &starts, local)
            && self.text[off..].starts_with('!')
        {
            return self.text[off..].chars().take_while(|c| !c.is_whitespace()).collect();
        }
        if tag.handle == "tag:yaml.org,2002:" {
            format!("!!{}", tag.suffix)
        } else if tag.handle.starts_with('!') {
            format!("{}{}", tag.handle, tag.suffix)
        } else {
            format!("!<{}{}>", tag.handle, tag.suffix)
        }
    }

    /// Leaves out the entries that hold errors, noting their ids.
    pub(super) fn finish(mut self) -> Parsed<'a> {
        self.close_to(0);
        for b in std::mem::take(&mut self.broken) {
            let end = self.next_index(b);
            if let NodeKind::Map(_) = self.nodes[b as usize].kind {
                let doc = Doc { text: self.text, nodes: std::mem::take(&mut self.nodes) };
                if let Some((v, id)) = doc.get(b, "id").and_then(|(_, v)| Some((v, doc.text_of(v)?))) {
                    self.lost_ids.push(LostId { id: id.to_string(), at: doc.node(v).pos() });
                }
                self.nodes = doc.nodes;
            }
            if (b as usize) < self.nodes.len() {
                self.nodes[b as usize].kind = NodeKind::Broken(end);
            }
        }
        let mut empty = false;
        match self.nodes.first().map(|n| &n.kind) {
            None | Some(NodeKind::Map(_)) => {}
            Some(NodeKind::Null) if self.issues.is_empty() => empty = true,
            Some(other) => {
                let holds = match other {
                    NodeKind::Seq(_) => "a list",
                    NodeKind::Null => "nothing",
                    _ => "text",
                };
                let msg = format!(
                    "a data file must be a mapping with keys such as `firms:` and `events:`, but this file holds {holds}"
                );
                // After a YAML error, the shape of what was read is not news.
                if self.issues.is_empty() {
                    let at = Anchor::At(Pos { line: 1, col: 1 }, 1);
                    self.issues.push(Issue::error(self.file, at, msg));
                }
                self.unreadable = true;
            }
        }
        // An error, and nothing read before or after it: none of the data.
        if self.cut && matches!(self.nodes.first().map(|n| &n.kind), Some(NodeKind::Map(1))) {
            self.unreadable = true;
        }
        Parsed {
            doc: Doc { text: self.text, nodes: self.nodes },
            issues: self.issues,
            empty,
            unreadable: self.unreadable,
            cut: self.cut || self.unreadable,
            lost_ids: self.lost_ids,
        }
    }
}

/// Parses one file's text (`file` is its index in the load).
pub(super) fn parse(file: usize, text: &str) -> Parsed<'_> {
    let mut b = Builder::new(file, text, 0, 2);
    super::recover::run(&mut b);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        parse(0, text)
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
            lines("a: !foo x\nb: !!binary aGk=\nc: !!str 0x1f\nd: !<tag:yaml.org,2002:str> 1\n"),
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
    fn a_duplicate_key_names_the_first() {
        let p = parse(0, "a: 1\nb: 2\na: 3\n");
        let r = p.issues[0].related.as_ref().expect("the other place");
        assert_eq!(r.anchor, Anchor::At(Pos { line: 1, col: 1 }, 1));
        // Big mappings find it too.
        let big: String = (0..40).map(|i| format!("k{i}: x\n")).collect::<String>() + "k7: y\n";
        assert_eq!(lines(&big), ["41:1: YAML: duplicate entry with key \"k7\""]);
    }

    #[test]
    fn a_lone_tag_or_anchor_is_empty() {
        assert!(parse(0, "!foo\n").empty);
        assert!(parse(0, "&a\n").empty);
        assert!(!parse(0, "a: 1\n").empty);
    }

    #[test]
    fn nodes_keep_spelling_and_place() {
        let p = parse(0, "a: 0x1f\nb: [1e3, ~, '']\n");
        let d = &p.doc;
        let (_, v) = d.get(0, "a").unwrap();
        assert_eq!(d.text_of(v), Some("0x1f"));
        assert_eq!(d.node(v).pos(), Pos { line: 1, col: 4 });
        let (_, list) = d.get(0, "b").unwrap();
        let items: Vec<_> = d.children(list).map(|i| d.node(i).kind.clone()).collect();
        assert!(
            matches!(&items[..], [NodeKind::Scalar(a), NodeKind::Null, NodeKind::Scalar(b)] if a == "1e3" && b.is_empty())
        );
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_at_once() {
        let deep = "[".repeat(100_000);
        let start = std::time::Instant::now();
        let found = lines(&deep);
        assert!(found[0].starts_with("1:"), "{found:?}");
        assert!(found.iter().any(|l| l.contains("nests deeper than 255 levels")), "{found:?}");
        // Generous: a hang takes minutes.
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }
}
