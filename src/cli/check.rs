//! `dealscope check`: the report, and a one-line verdict; or the same
//! problems as one JSON document for editors and scripts.

use crate::cli::args::CheckFormat;
use crate::cli::json;
use crate::cli::output::{counts, out};
use crate::data::load::Loaded;
use crate::exit::{EXIT_INVALID, EXIT_OK};

pub(super) fn check(loaded: &Loaded, format: CheckFormat) -> i32 {
    let status = if loaded.dataset.is_some() { EXIT_OK } else { EXIT_INVALID };
    if format == CheckFormat::Json {
        out(&json::check(&loaded.report, loaded.dataset.is_some()));
        return status;
    }
    let report = &loaded.report;
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
