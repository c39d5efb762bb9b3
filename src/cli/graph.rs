//! `dealscope graph ID`: an entity's neighbourhood (the one the explorer's
//! neighbourhood view draws) as a Graphviz digraph or a Mermaid flowchart.
//!
//! Ids and names come from data files, so nothing from them is written
//! raw: every string is made inert (control characters, newlines included,
//! as the screen shows them) and then escaped for the format; Mermaid nodes
//! are named by position (`n0`, `n1`) because its node names allow only
//! plain characters.

use crate::cli::args::GraphFormat;
use crate::cli::output::out;
use crate::data::model::{Dataset, EntityId};
use crate::exit::EXIT_OK;
use crate::graph::Connections;
use crate::graph::neighbourhood::Neighbourhood;
use crate::text::sanitize::inert;

/// An edge of the drawing: from, to, label.
type Edge = (Node, Node, &'static str);

/// A node of the drawing: an entity, or the count of those left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Entity(EntityId),
    /// `+N more`: the number left out, and which such node it is (from 0).
    More(usize, usize),
}

pub(super) fn graph(ds: &Dataset, centre: EntityId, depth: u8, format: GraphFormat) -> i32 {
    let n = Neighbourhood::new(ds, &Connections::new(ds), centre, depth);
    out(&match format {
        GraphFormat::Dot => dot(ds, &n),
        GraphFormat::Mermaid => mermaid(ds, &n),
    });
    EXIT_OK
}

/// The nodes (each once, centre first) and edges of a neighbourhood.
fn parts(n: &Neighbourhood) -> (Vec<Node>, Vec<Edge>) {
    let mut nodes = vec![Node::Entity(n.centre)];
    let mut edges = Vec::new();
    let mut mores = 0;
    let add = |nodes: &mut Vec<Node>, node: Node| {
        if !nodes.contains(&node) {
            nodes.push(node);
        }
    };
    let mut more = |nodes: &mut Vec<Node>, count: usize| {
        let node = Node::More(count, mores);
        mores += 1;
        nodes.push(node);
        node
    };
    for g in &n.groups {
        for m in &g.members {
            let near = Node::Entity(m.entity);
            add(&mut nodes, near);
            edges.push((Node::Entity(n.centre), near, g.relation));
            for b in &m.beyond {
                add(&mut nodes, Node::Entity(b.entity));
                edges.push((near, Node::Entity(b.entity), b.relation));
            }
            if m.beyond_more > 0 {
                edges.push((near, more(&mut nodes, m.beyond_more), "more"));
            }
        }
        if g.more > 0 {
            edges.push((Node::Entity(n.centre), more(&mut nodes, g.more), g.relation));
        }
    }
    (nodes, edges)
}

/// The neighbourhood as a Graphviz digraph: nodes named by their ids,
/// labelled with their names; edges labelled with the relation.
pub fn dot(ds: &Dataset, n: &Neighbourhood) -> String {
    let name = |node: Node| match node {
        Node::Entity(e) => dot_quote(&ds.get(e).id),
        // Ids are lowercase letters, digits and hyphens: these never clash with one.
        Node::More(_, i) => format!("\"+more {i}\""),
    };
    let (nodes, edges) = parts(n);
    let mut s = format!("digraph {} {{\n", dot_quote(&format!("neighbourhood of {}", ds.get(n.centre).id)));
    s.push_str(
        "  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for &node in &nodes {
        let attrs = match node {
            Node::Entity(e) if e == n.centre => format!("label={}, style=bold", dot_quote(&label(ds, e))),
            Node::Entity(e) => format!("label={}", dot_quote(&label(ds, e))),
            Node::More(count, _) => format!("label=\"+{count} more\", shape=plaintext"),
        };
        s.push_str(&format!("  {} [{attrs}];\n", name(node)));
    }
    for (a, b, rel) in edges {
        s.push_str(&format!("  {} -> {} [label={}];\n", name(a), name(b), dot_quote(rel)));
    }
    s.push_str("}\n");
    s
}

/// The neighbourhood as a Mermaid flowchart (`graph LR`), for Markdown.
pub fn mermaid(ds: &Dataset, n: &Neighbourhood) -> String {
    let (nodes, edges) = parts(n);
    let name = |node: Node| format!("n{}", nodes.iter().position(|x| *x == node).unwrap_or(0));
    let mut s = String::from("graph LR\n");
    for &node in &nodes {
        let text = match node {
            Node::Entity(e) => label(ds, e),
            Node::More(count, _) => format!("+{count} more"),
        };
        s.push_str(&format!("  {}[\"{}\"]\n", name(node), mermaid_escape(&text)));
    }
    for (a, b, rel) in edges {
        s.push_str(&format!("  {} -->|\"{}\"| {}\n", name(a), mermaid_escape(rel), name(b)));
    }
    s.push_str("  style n0 stroke-width:3px\n");
    s
}

/// A node's label: its name and kind.
fn label(ds: &Dataset, e: EntityId) -> String {
    let x = ds.get(e);
    format!("{} ({})", x.name, x.kind().badge())
}

/// A DOT quoted string: inert, backslashes and quotes escaped (so no label
/// escape such as `\N` or `\l` is left to act).
fn dot_quote(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in inert(text).chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Text safe inside a Mermaid quoted label: inert, its markup characters
/// as Mermaid's entity codes.
fn mermaid_escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in inert(text).chars() {
        match c {
            '"' => s.push_str("#quot;"),
            '#' => s.push_str("#35;"),
            '&' => s.push_str("#amp;"),
            '<' => s.push_str("#lt;"),
            '>' => s.push_str("#gt;"),
            '`' => s.push_str("#96;"),
            '|' => s.push_str("#124;"),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_cannot_end_a_dot_string() {
        assert_eq!(dot_quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(dot_quote("x\\"), r#""x\\""#);
        assert_eq!(dot_quote("l\nr\x1b]8;;x\x07"), "\"l␊r␛]8;;x␇\"");
        assert_eq!(mermaid_escape(r#"a"b]c#d<e>|`"#), "a#quot;b]c#35;d#lt;e#gt;#124;#96;");
        assert_eq!(mermaid_escape("x\ny\u{202e}"), "x␊y#lt;U+202E#gt;");
    }
}
