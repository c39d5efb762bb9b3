//! The tree a file is parsed into (`doc.rs` builds it): nodes in document
//! order, a list's or mapping's children right after it, each node with its
//! line, column and width, so every report points at the node it is about.

use std::borrow::Cow;

use super::issue::{Anchor, Pos};

/// One node of the tree: a scalar, a collection (whose children follow it,
/// up to `end`), an alias or an entry left out.
#[derive(Debug, Clone)]
pub(super) struct Node<'a> {
    pub(super) kind: NodeKind<'a>,
    pub(super) line: u32,
    pub(super) col: u32,
    /// Characters it takes on its first line.
    pub(super) width: u32,
}

/// What a node is.
#[derive(Debug, Clone)]
pub(super) enum NodeKind<'a> {
    /// Text, exactly as written (quotes and escapes resolved).
    Scalar(Cow<'a, str>),
    /// A plain `~`, `null`, or nothing at all.
    Null,
    /// A list: its items are the nodes up to `end` (exclusive).
    Seq(u32),
    /// A mapping: keys and values alternate up to `end` (exclusive).
    Map(u32),
    /// An alias: the node it repeats.
    Alias(u32),
    /// An entry that holds a YAML error (reported), left out whole: the
    /// nodes up to `end` are what was read of it.
    Broken(u32),
}

impl Node<'_> {
    /// Where it starts.
    pub(super) fn pos(&self) -> Pos {
        Pos { line: self.line as usize, col: self.col as usize }
    }

    /// Where it starts, with the width of its text on that line.
    pub(super) fn anchor(&self) -> Anchor {
        Anchor::At(self.pos(), self.width.max(1) as usize)
    }
}

/// A file's nodes; the root is the first.
pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) nodes: Vec<Node<'a>>,
}

impl<'a> Doc<'a> {
    /// The index just past a node and everything in it.
    pub(super) fn next(&self, i: u32) -> u32 {
        match self.nodes[i as usize].kind {
            NodeKind::Seq(end) | NodeKind::Map(end) | NodeKind::Broken(end) => end,
            _ => i + 1,
        }
    }

    /// The children of a list or mapping (for a mapping, keys and values alternately).
    pub(super) fn children(&self, i: u32) -> Children<'_, 'a> {
        let end = match self.nodes[i as usize].kind {
            NodeKind::Seq(end) | NodeKind::Map(end) => end,
            _ => i + 1,
        };
        Children { doc: self, at: i + 1, end }
    }

    /// The node an alias repeats (or the node itself).
    pub(super) fn resolved(&self, mut i: u32) -> u32 {
        // An alias names a node before it, so this ends.
        while let NodeKind::Alias(t) = self.nodes[i as usize].kind {
            i = t;
        }
        i
    }

    pub(super) fn node(&self, i: u32) -> &Node<'a> {
        &self.nodes[i as usize]
    }

    /// The text of a scalar (after aliases), or `None`.
    pub(super) fn text_of(&self, i: u32) -> Option<&str> {
        match &self.nodes[self.resolved(i) as usize].kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The value under `key` in a mapping, with the key's node.
    pub(super) fn get(&self, map: u32, key: &str) -> Option<(u32, u32)> {
        let mut it = self.children(self.resolved(map));
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            if self.text_of(k) == Some(key) {
                return Some((k, v));
            }
        }
        None
    }
}

/// The children of a node, in order.
#[derive(Clone)]
pub(super) struct Children<'d, 'a> {
    doc: &'d Doc<'a>,
    at: u32,
    end: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        (self.at < self.end).then(|| {
            let i = self.at;
            self.at = self.doc.next(i);
            i
        })
    }
}
