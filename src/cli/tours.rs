//! `dealscope tour list`: the tours of the data, to find the id that
//! `--tour ID` and `tour export ID` take without reading YAML.

use crate::cli::json;
use crate::cli::output::out;
use crate::data::model::Dataset;
use crate::exit::EXIT_OK;
use crate::text::sanitize::inert;

/// Lists the tours: `id<TAB>N steps<TAB>title` a line (tab-separated, so
/// `cut -f1` gives the ids), or JSON.
pub(super) fn list(ds: &Dataset, json: bool) -> i32 {
    let tours = ds.tours();
    if json {
        out(&json::tours(ds));
        return EXIT_OK;
    }
    if tours.is_empty() {
        eprintln!("no tours in this data (a `tours:` list in a data file makes one; see docs/data-format.md)");
        return EXIT_OK;
    }
    let mut s = String::new();
    for t in tours {
        let steps = if t.steps.len() == 1 { "1 step".to_string() } else { format!("{} steps", t.steps.len()) };
        s.push_str(&format!("{}\t{steps}\t{}\n", inert(&t.id), inert(&t.title)));
    }
    out(&s);
    EXIT_OK
}
