//! Taking things out through the clipboard (OSC 52, which works over SSH
//! too): `y` copies the selected id (or the link's under the detail
//! pane's cursor); `Y` copies what the screen shows as a Markdown table: the
//! list, the card (from the detail pane), the paths, the timeline or the
//! neighbourhood, built by `crate::export` as the commands' `--format md`
//! builds it; `Y` again at once copies the same as TSV, for a spreadsheet.

use super::msg::Outcome;
use super::*;
use crate::app::doc::Target;
use crate::data::card::Card;
use crate::export::{Format, Table};

/// Most rows one copy holds: a terminal takes only so much through OSC 52.
pub const COPY_ROWS: usize = 1000;

impl App {
    /// `y`: the selected id, or the link's under the detail pane's cursor.
    pub(super) fn copy(&mut self) -> Outcome {
        let from_link = match (self.focus, self.detail_doc()) {
            (Focus::Detail, Some(doc)) => self.detail.cursor.and_then(|c| doc.targets.get(c).cloned()),
            _ => None,
        };
        let text = match from_link {
            Some(Target::Entity(id)) => Some(self.ds.get(id).id.clone()),
            Some(Target::Tag(t)) => Some(t),
            None => self.selected().map(|id| self.ds.get(id).id.clone()),
        };
        match text {
            Some(t) => {
                self.message = Some(format!("copied {t}"));
                Outcome::Copy(t)
            }
            None => Outcome::None,
        }
    }

    /// `Y`: what the screen shows, as a Markdown table; pressed again at
    /// once, as TSV.
    pub(super) fn copy_table(&mut self) -> Outcome {
        let format = if self.copied_markdown { Format::Tsv } else { Format::Markdown };
        let Some((what, table, total)) = self.shown_table() else {
            self.message = Some("nothing to copy here".into());
            return Outcome::None;
        };
        let rows = table.rows.len();
        let count = match (rows, total) {
            (1, 1) => "1 row".to_string(),
            (n, t) if n == t => format!("{n} rows"),
            (n, t) => format!("the first {n} of {t} rows"),
        };
        let next = match format {
            Format::Markdown => "Y again: TSV, for a spreadsheet",
            Format::Tsv => "paste it into a spreadsheet",
        };
        self.message = Some(format!("copied {what} as {} ({count}): {next}", format.name()));
        self.copied_markdown = format == Format::Markdown;
        Outcome::Copy(table.write(format))
    }

    /// What the screen shows as a table, in words, with its number of rows
    /// before the copy's cap.
    fn shown_table(&self) -> Option<(String, Table, usize)> {
        let ds = &self.ds;
        let card = |id| Some((format!("the card of {}", ds.get(id).name), crate::export::card(&Card::of(ds, id))));
        let (what, table) = match (&self.view, self.focus) {
            (View::Timeline, _) => {
                let picked = &self.tl.picked;
                let shown = &picked[..picked.len().min(COPY_ROWS)];
                let t = crate::export::timeline(ds, &self.timeline, shown);
                return Some(("the timeline".into(), t, picked.len()));
            }
            (View::Neighbourhood, _) => {
                let h = self.hood.as_ref()?;
                let what = format!("the neighbourhood of {}", ds.get(h.hood.centre).name);
                (what, crate::export::neighbourhood(ds, &h.hood))
            }
            (_, Focus::Detail) => card(self.selected()?)?,
            (View::Paths, Focus::List) => {
                let p = self.paths.as_ref()?;
                let what = format!("the paths from {} to {}", ds.get(p.from).name, ds.get(p.to).name);
                (what, crate::export::paths(ds, &p.found))
            }
            (View::Kind(_) | View::Tag(_), Focus::List) => {
                let rows = &self.list().rows;
                let what = match &self.view {
                    View::Kind(k) => k.title().to_lowercase(),
                    _ => "the tag's list".to_string(),
                };
                let t = crate::export::hits(ds, &rows[..rows.len().min(COPY_ROWS)]);
                return Some((what, t, rows.len()));
            }
        };
        let n = table.rows.len();
        Some((what, table, n))
    }
}
