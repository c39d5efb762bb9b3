//! `dealscope path A B`: how two entities are connected, as text, JSON, or
//! a table.

use crate::cli::args::OutputFormat;
use crate::cli::json;
use crate::cli::output::out;
use crate::data::model::{Dataset, EntityId};
use crate::exit::{EXIT_INVALID, EXIT_OK};
use crate::graph::Connections;
use crate::graph::paths::{Path, paths};
use crate::text::sanitize::inert;

pub(super) fn path(
    ds: &Dataset,
    (a, b): (EntityId, EntityId),
    max_hops: usize,
    limit: usize,
    format: OutputFormat,
) -> i32 {
    let found = paths(ds, &Connections::new(ds), a, b, max_hops, limit);
    if let Some(table) = format.table() {
        out(&crate::export::paths(ds, &found).write(table));
    } else if format == OutputFormat::Json {
        // No path is an empty list, and status 1 as in text.
        out(&json::paths(ds, &found));
    } else {
        out(&paths_text(ds, &found));
    }
    if found.is_empty() {
        if format == OutputFormat::Json {
            // An empty list says it: a command asked for JSON says nothing on stderr.
            return EXIT_INVALID;
        }
        let id = |e: EntityId| ds.get(e).id.as_str();
        let hops = if max_hops == 1 { "1 hop".to_string() } else { format!("{max_hops} hops") };
        eprintln!("no path from {} to {} within {hops} (tags and citations are not links)", inert(id(a)), inert(id(b)));
        return EXIT_INVALID;
    }
    EXIT_OK
}

/// Each path as a line of names, then a line per hop: the relation, its
/// date and the ids of its sources.
pub fn paths_text(ds: &Dataset, found: &[Path]) -> String {
    let name = |e: EntityId| inert(&ds.get(e).name).into_owned();
    let mut s = String::new();
    for (n, p) in found.iter().enumerate() {
        let names: Vec<String> = p.entities().into_iter().map(name).collect();
        let hops = if p.hops.len() == 1 { "1 hop".to_string() } else { format!("{} hops", p.hops.len()) };
        s.push_str(&format!("{}. {}  ({hops})\n", n + 1, names.join(" → ")));
        for h in &p.hops {
            let date = h.date.map(|d| format!("  {d}")).unwrap_or_default();
            let sources: Vec<String> = h.sources.iter().map(|&x| inert(&ds.get(x).id).into_owned()).collect();
            s.push_str(&format!(
                "   {} —{}→ {}{date}  [{}]\n",
                name(h.from),
                inert(&h.relations.join("; ")),
                name(h.to),
                sources.join(", ")
            ));
        }
    }
    s
}
