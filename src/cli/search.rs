//! `dealscope search QUERY`: ranked matches, as text, JSON, or a table.

use crate::cli::args::OutputFormat;
use crate::cli::json;
use crate::cli::output::{Failure, out};
use crate::data::model::{Dataset, Kind};
use crate::exit::{EXIT_INVALID, EXIT_OK};
use crate::search::{Searcher, field_text};
use crate::text::sanitize::inert;

pub(super) fn search(ds: &Dataset, query: &str, kind: Option<Kind>, limit: usize, format: OutputFormat) -> i32 {
    // A qualifier that is not understood is a usage error: a script must not
    // read "no match" for "not asked".
    let searcher = Searcher::new(ds);
    let problems = crate::search::query::parse(ds, query, &|t| searcher.knows_tag(t)).problems;
    if !problems.is_empty() {
        return Failure::usage_lines(&problems).report(format == OutputFormat::Json);
    }
    let candidates: Vec<_> = match kind {
        Some(k) => ds.of_kind(k).to_vec(),
        None => ds.ids().collect(),
    };
    let hits = searcher.search_among(ds, query, &candidates, limit);
    if let Some(table) = format.table() {
        out(&crate::export::hits(ds, &hits).write(table));
        if hits.is_empty() {
            eprintln!("no match for `{}`", inert(query));
            return EXIT_INVALID;
        }
        return EXIT_OK;
    }
    if format == OutputFormat::Json {
        // Nothing found is an empty list, and status 1 as in text.
        out(&json::hits(ds, &hits));
        return if hits.is_empty() { EXIT_INVALID } else { EXIT_OK };
    }
    if hits.is_empty() {
        // As grep does: nothing found is status 1, so scripts can test it.
        eprintln!("no match for `{}`", inert(query));
        return EXIT_INVALID;
    }
    let mut s = String::new();
    for h in &hits {
        let e = ds.get(h.id);
        let via = match h.field {
            crate::search::Field::Name => String::new(),
            f => format!("  (matched {})", inert(field_text(ds, h.id, f))),
        };
        s.push_str(&format!("{:<5} {:<28} {}{via}\n", e.kind().badge(), inert(&e.id), inert(&e.name)));
    }
    out(&s);
    EXIT_OK
}
