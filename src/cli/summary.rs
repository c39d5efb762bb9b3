//! `dealscope` without a terminal: what the data holds and what to try.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use crate::cli::output::counts;
use crate::data::model::Dataset;
use crate::text::sanitize::inert;

pub(super) fn summary(ds: &Dataset, data: Option<&PathBuf>) -> String {
    let from = data.map(|p| p.display().to_string()).unwrap_or_else(|| "the built-in demo data".into());
    let mut s = format!("{}\n", inert(ds.title()));
    if let Some(d) = &ds.info().description {
        s.push_str(&format!("{}\n", inert(d)));
    }
    let when = ds.as_of().map(|d| format!(", as of {d}")).unwrap_or_default();
    s.push_str(&format!("\n{} entities from {from}{when}: {}\n", ds.count(), counts(ds)));
    if !std::io::stdout().is_terminal() {
        s.push_str("\n(the interactive explorer needs a terminal)\n");
    }
    s.push_str("\nTry:\n  dealscope show huawei\n  dealscope search kirin\n  dealscope timeline --entity xiaomi\n  dealscope check --data PATH\n  dealscope --help\n");
    s
}
