//! `dealscope check`: the report, and a one-line verdict; or the same
//! problems as one JSON document for editors and scripts. With `--redact`,
//! the report as a room without clearance would see it.

use crate::cli::args::CheckFormat;
use crate::cli::json;
use crate::cli::output::{counts, out};
use crate::data::load::Loaded;
use crate::exit::{EXIT_INVALID, EXIT_OK};

pub(super) fn check(loaded: &Loaded, format: CheckFormat, redact: bool) -> i32 {
    let status = if loaded.dataset.is_some() { EXIT_OK } else { EXIT_INVALID };
    let shown;
    let report = match (&loaded.dataset, redact) {
        (_, false) => &loaded.report,
        (Some(ds), true) => {
            shown = crate::data::load::leaks::redacted(&loaded.report, ds);
            &shown
        }
        // What is confidential is known only from valid data: show no line of it.
        (None, true) => {
            eprintln!(
                "dealscope: check --redact: the data has errors, so what it marks confidential is not known and no problem is shown; run check without --redact to see them"
            );
            if format == CheckFormat::Json {
                out(&json::check_counts(&loaded.report));
            } else {
                out(&format!("{}\n", loaded.report.invalid_line()));
            }
            return status;
        }
    };
    if format == CheckFormat::Json {
        out(&json::check(report, loaded.dataset.is_some()));
        return status;
    }
    let mut text = report.render();
    match &loaded.dataset {
        Some(ds) => {
            // Tours are named only when there are some: the line stays as it was for data without them.
            let tours = match ds.tours().len() {
                0 => String::new(),
                1 => ", 1 tour".to_string(),
                n => format!(", {n} tours"),
            };
            text.push_str(&format!(
                "ok: {} file{}, {} entities ({}), {} links{tours}; {}\n",
                ds.files().len(),
                if ds.files().len() == 1 { "" } else { "s" },
                ds.len(),
                counts(ds),
                ds.links().len(),
                report.counts()
            ));
        }
        None => {
            text.push_str(&report.invalid_line());
            text.push('\n');
        }
    }
    out(&text);
    status
}
