//! `dealscope graph`: the neighbourhood as Graphviz DOT (parsed by the real
//! `dot`, which `.ci/run` installs; without it, outside CI, the tests say so
//! and check the text alone) and as Mermaid (checked for structure),
//! on the demo data and on names built to break either format.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{data_file, run, tool};

/// Lays out DOT text with Graphviz's `dot -Tplain`; returns its output, or
/// `None` (said on stderr) where Graphviz is not installed outside CI.
fn graphviz(text: &str) -> Option<String> {
    let dot = tool("dot", "graphviz")?;
    let mut child = Command::new(dot)
        .arg("-Tplain")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz's `dot` runs");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.is_empty(), "dot refused it: {err}\n{text}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The `node` lines of `dot -Tplain` output.
fn laid_out_nodes(plain: &str) -> usize {
    plain.lines().filter(|l| l.starts_with("node ")).count()
}

#[test]
fn graph_writes_huawei_neighbourhood_as_dot_that_graphviz_lays_out() {
    let (code, out, err) = run(&["graph", "huawei"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("digraph \"neighbourhood of huawei\" {"), "{out}");
    assert!(out.contains("\"huawei\" [label=\"Huawei (firm)\", style=bold];"), "{out}");
    assert!(out.contains("\"huawei\" -> \"hisilicon\" [label=\"subsidiaries\"];"), "{out}");
    // Eleven agreements: the eight newest drawn, three counted.
    assert!(out.contains("\"huawei\" -> \"huawei-xiaomi-cross-license\" [label=\"agreements\"];"), "{out}");
    assert!(out.contains("[label=\"+3 more\", shape=plaintext];"), "{out}");
    let declared = out.lines().filter(|l| l.contains(" [label=") && !l.contains(" -> ")).count();
    if let Some(plain) = graphviz(&out) {
        assert_eq!(laid_out_nodes(&plain), declared, "every node declared is laid out, and no other");
    }
    // Depth 2 reaches further, and still parses.
    let (code, two, _) = run(&["graph", "huawei", "--depth", "2"]);
    assert_eq!(code, 0);
    assert!(two.lines().count() > out.lines().count());
    graphviz(&two);
}

const HOSTILE: &str = r#"firms:
  - id: quote
    name: 'Say "hi" \ there'
  - id: brace
    name: "Close } and ] and ; -> \"x\""
  - id: lines
    name: "One\nTwo\r\nThree \\N \\G \\"
agreements:
  - id: deal
    title: "Deal ]\"]; node [shape=star"
    parties: [quote, brace, lines]
"#;

#[test]
fn hostile_names_stay_labels_in_dot() {
    let (_dir, path) = data_file(HOSTILE);
    for id in ["deal", "quote", "lines"] {
        for depth in ["1", "2"] {
            let (code, out, err) = run(&["--data", &path, "graph", id, "--depth", depth]);
            assert_eq!(code, 0, "{err}");
            let Some(plain) = graphviz(&out) else { return };
            let expected = if id == "deal" || depth == "2" { 4 } else { 2 };
            assert_eq!(laid_out_nodes(&plain), expected, "{out}\n{plain}");
            assert!(!plain.contains(" star "), "no attribute escaped its label: {plain}");
        }
    }
}

#[test]
fn mermaid_declares_each_node_once_and_escapes_its_labels() {
    let (_dir, path) = data_file(HOSTILE);
    let (code, out, err) = run(&["--data", &path, "graph", "deal", "--format", "mermaid"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("graph LR"));
    let mut declared: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim();
        if let Some((name, rest)) = line.split_once("[\"") {
            assert!(!name.contains(' '), "{line}");
            let label = rest.strip_suffix("\"]").unwrap_or_else(|| panic!("a quoted label: {line}"));
            assert!(!label.contains('"') && !label.contains('\n'), "escaped: {line}");
            assert!(!declared.contains(&name.to_string()), "{name} declared twice");
            declared.push(name.to_string());
        } else if let Some((from, rest)) = line.split_once(" -->|\"") {
            let (_, to) = rest.split_once("\"| ").unwrap_or_else(|| panic!("a labelled edge: {line}"));
            assert!(declared.contains(&from.to_string()) && declared.contains(&to.to_string()), "{line}");
        } else {
            assert!(line.starts_with("style n0 "), "only nodes, edges and the centre's style: {line}");
        }
    }
    assert_eq!(declared.len(), 4, "{out}");
    assert!(out.contains("n0[\"Deal ]#quot;]; node [shape=star (deal)\"]"), "{out}");
    assert!(out.contains("n0 -->|\"parties\"| n"), "{out}");
}

#[test]
fn graph_refuses_an_unknown_id_and_a_depth_beyond_two() {
    let (code, _, err) = run(&["graph", "huawai"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `huawei`"), "{err}");
    let (code, _, err) = run(&["graph", "huawei", "--depth", "3"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["graph", "huawei", "--format", "svg"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("dot") && err.contains("mermaid"), "{err}");
}
