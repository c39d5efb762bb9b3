//! `dealscope timeline`: every dated fact in order, as text, JSON, or a table.

use crate::cli::args::OutputFormat;
use crate::cli::output::{json_safe, out};
use crate::data::model::Dataset;
use crate::exit::EXIT_OK;
use crate::text::sanitize::inert;
use crate::timeline::{Filter, Timeline};

#[derive(serde::Serialize)]
struct ItemJson<'a> {
    /// `null` for an undated agreement or role.
    date: Option<String>,
    precision: Option<crate::data::date::Precision>,
    /// True for an item that began before `--from` and still runs then.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    ongoing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    kind: crate::timeline::ItemKind,
    category: crate::timeline::Category,
    title: &'a str,
    subject: &'a str,
    entities: Vec<&'a str>,
}

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
        let rows: Vec<ItemJson> = picked
            .iter()
            .map(|&i| {
                let it = &tl.items()[i];
                ItemJson {
                    date: it.date.map(|d| d.to_string()),
                    precision: it.date.map(|d| d.precision()),
                    ongoing: ongoing(it),
                    end: it.end.map(|d| d.to_string()),
                    kind: it.kind,
                    category: it.kind.category(),
                    title: &it.title,
                    subject: &ds.get(it.subject).id,
                    entities: it.entities.iter().map(|&e| ds.get(e).id.as_str()).collect(),
                }
            })
            .collect();
        out(&json_safe(&rows));
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
