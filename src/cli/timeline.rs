//! `dealscope timeline`: every dated fact in order, as text or JSON.

use crate::cli::output::{json_safe, out};
use crate::data::model::Dataset;
use crate::exit::EXIT_OK;
use crate::text::sanitize::inert;
use crate::timeline::{Filter, Timeline};

#[derive(serde::Serialize)]
struct ItemJson<'a> {
    date: String,
    precision: crate::data::date::Precision,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    kind: crate::timeline::ItemKind,
    category: crate::timeline::Category,
    title: &'a str,
    subject: &'a str,
    entities: Vec<&'a str>,
}

pub(super) fn timeline(ds: &Dataset, filter: &Filter, json: bool, headers: bool) -> i32 {
    let tl = Timeline::build(ds);
    let picked = tl.select(ds, filter);
    if json {
        let rows: Vec<ItemJson> = picked
            .iter()
            .map(|&i| {
                let it = &tl.items()[i];
                ItemJson {
                    date: it.date.to_string(),
                    precision: it.date.precision(),
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
    let mut year = None;
    for &i in &picked {
        let it = &tl.items()[i];
        // Every line has its date: the year's heading is for the eye only.
        if headers && year != Some(it.date.year_part()) {
            year = Some(it.date.year_part());
            s.push_str(&format!("── {} ──\n", it.date.year_part()));
        }
        let end = it.end.map(|e| format!(" → {e}")).unwrap_or_default();
        s.push_str(&format!("{:<10}{end} {:<8} {}\n", it.date.to_string(), it.kind.badge(), inert(&it.title)));
    }
    if picked.is_empty() {
        eprintln!("no dated items match");
    }
    out(&s);
    EXIT_OK
}
