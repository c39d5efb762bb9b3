//! `dealscope timeline`: every dated fact in order, as text, JSON, or a table.

use crate::cli::args::OutputFormat;
use crate::cli::json;
use crate::cli::output::out;
use crate::data::model::Dataset;
use crate::exit::EXIT_OK;
use crate::text::sanitize::inert;
use crate::timeline::{Filter, Timeline};

pub(super) fn timeline(ds: &Dataset, filter: &Filter, format: OutputFormat, headers: bool) -> i32 {
    let tl = Timeline::build(ds);
    let picked = tl.select(ds, filter);
    if let Some(table) = format.table() {
        if picked.is_empty() {
            eprintln!("no items match");
        }
        out(&crate::export::timeline(ds, &tl, &picked).write(table));
        return EXIT_OK;
    }
    let json = format == OutputFormat::Json;
    // Kept by `--from` though it began before: it is ongoing then.
    let ongoing = |it: &crate::timeline::Item| {
        filter.from.is_some_and(|from| it.start_day().is_some_and(|d| d < from.start_day()))
    };
    if json {
        out(&json::timeline(ds, tl.items(), &picked, ongoing));
        return EXIT_OK;
    }
    let mut s = String::new();
    let mut group = None;
    for &i in &picked {
        let it = &tl.items()[i];
        // Every line has its date: the group's heading is for the eye only.
        // Items that began before --from are "ongoing", not under old years.
        let heading = match (it.date, filter.from) {
            (None, _) => "undated".to_string(),
            (Some(_), Some(from)) if ongoing(it) => format!("ongoing on {from}"),
            (Some(d), _) => d.year_part().to_string(),
        };
        if headers && group.as_ref() != Some(&heading) {
            s.push_str(&format!("── {heading} ──\n"));
            group = Some(heading);
        }
        let end = it.end.map(|e| format!(" → {e}")).unwrap_or_default();
        s.push_str(&format!("{:<10}{end} {:<8} {}\n", it.date_text(), it.kind.badge(), inert(&it.title)));
    }
    if picked.is_empty() {
        eprintln!("no items match");
    }
    out(&s);
    EXIT_OK
}
