//! `dealscope path A B`: how two entities are connected, as text, JSON, or
//! a table.

use serde::Serialize;

use crate::cli::args::OutputFormat;
use crate::cli::output::{json_safe, out};
use crate::data::model::{Dataset, EntityId};
use crate::exit::{EXIT_INVALID, EXIT_OK};
use crate::graph::Connections;
use crate::graph::paths::{Path, paths};
use crate::text::sanitize::inert;

#[derive(Serialize)]
struct HopJson<'a> {
    from: &'a str,
    to: &'a str,
    to_name: &'a str,
    relations: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    sources: Vec<&'a str>,
}

#[derive(Serialize)]
struct PathJson<'a> {
    hops: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    newest: Option<String>,
    entities: Vec<&'a str>,
    steps: Vec<HopJson<'a>>,
}

pub(super) fn path(
    ds: &Dataset,
    (a, b): (EntityId, EntityId),
    max_hops: usize,
    limit: usize,
    format: OutputFormat,
) -> i32 {
    let found = paths(ds, &Connections::new(ds), a, b, max_hops, limit);
    let id = |e: EntityId| ds.get(e).id.as_str();
    if let Some(table) = format.table() {
        out(&crate::export::paths(ds, &found).write(table));
    } else if format == OutputFormat::Json {
        let rows: Vec<PathJson> = found
            .iter()
            .map(|p| PathJson {
                hops: p.hops.len(),
                newest: p.newest().map(|d| d.to_string()),
                entities: p.entities().into_iter().map(id).collect(),
                steps: p
                    .hops
                    .iter()
                    .map(|h| HopJson {
                        from: id(h.from),
                        to: id(h.to),
                        to_name: &ds.get(h.to).name,
                        relations: &h.relations,
                        date: h.date.map(|d| d.to_string()),
                        sources: h.sources.iter().map(|&s| id(s)).collect(),
                    })
                    .collect(),
            })
            .collect();
        out(&json_safe(&rows));
    } else {
        out(&paths_text(ds, &found));
    }
    if found.is_empty() {
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
