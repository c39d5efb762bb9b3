//! The help overlay's content and paging: the keymap table as rows grouped
//! under headings, filtered by a word, laid out (wrapped) for the overlay's
//! width; where the overlay goes; and moving through it as through any
//! pane (`g`, `G`, PgDn, PgUp, Space). It opens at the section of the pane
//! it was opened from. `ui::help` draws what this lays out.

use ratatui::layout::Rect;

use super::msg::Outcome;
use super::*;
use crate::app::action::Action;
use crate::app::input::MouseKind;
use crate::app::keymap::{BINDINGS, Mode, group_title, home_group};
use crate::text::find::occurrences;
use crate::text::{width, wrap};

/// Widest the overlay is drawn, in columns.
const MAX_WIDTH: u16 = 96;

/// One row of the help: a heading (no keys) or keys with what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    /// The keys, as help writes them (empty for a heading).
    pub keys: String,
    /// What they do, or the heading's title.
    pub text: String,
    /// For a heading, the modes its keys work in.
    pub modes: Option<&'static [Mode]>,
}

/// The help text as rows, grouped by where the keys work, each group under
/// a heading row (keys empty). Drawn from the keymap.
pub fn rows() -> Vec<HelpRow> {
    type Group = (&'static [Mode], Vec<HelpRow>);
    let mut groups: Vec<Group> = Vec::new();
    for b in BINDINGS.iter() {
        let row = HelpRow { keys: b.keys_text(), text: b.help.to_string(), modes: None };
        match groups.iter_mut().find(|(m, _)| *m == b.modes) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((b.modes, vec![row])),
        }
    }
    let mut out = Vec::new();
    for (modes, rows) in groups {
        out.push(HelpRow { keys: String::new(), text: group_title(modes).to_string(), modes: Some(modes) });
        out.extend(rows);
    }
    let row = |keys: &str, text: &str| HelpRow { keys: keys.into(), text: text.into(), modes: None };
    out.push(row("", "Mouse"));
    out.push(row("click", "select a row, a link or a tab; click it again to open it"));
    out.push(row("wheel", "scroll the pane under the pointer"));
    out
}

/// The rows whose keys or text hold `filter` (any case), each under its
/// group's heading.
pub fn filtered(rows: Vec<HelpRow>, filter: &str) -> Vec<HelpRow> {
    let filter = filter.trim();
    if filter.is_empty() {
        return rows;
    }
    let has = |t: &str| !occurrences(t, filter).is_empty();
    let mut out = Vec::new();
    let mut heading: Option<HelpRow> = None;
    for row in rows {
        if row.keys.is_empty() {
            heading = Some(row);
        } else if has(&row.keys) || has(&row.text) {
            out.extend(heading.take());
            out.push(row);
        }
    }
    out
}

/// One screen line of the help, laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A group's heading; `home` for the group of the pane help was opened from.
    Heading {
        /// Its title.
        title: String,
        /// True for the section help opened at.
        home: bool,
    },
    /// A piece of a binding's row: its keys (on the first line) and text.
    Keys {
        /// The keys (or the rest of them, wrapped).
        keys: String,
        /// What they do (or the rest of it, wrapped).
        text: String,
    },
}

/// The overlay's box for a screen of `w`×`h`, borders included.
pub fn help_box(w: u16, h: u16) -> Rect {
    let bw = w.saturating_sub(4).min(MAX_WIDTH);
    Rect::new((w - bw) / 2, 1, bw, h.saturating_sub(2))
}

/// The help laid out for the inside of the overlay, `cols` wide: every
/// row whole, long keys and long text wrapped onto more lines; and the width
/// of the keys column.
pub fn lines(filter: &str, home: Mode, cols: usize) -> (Vec<HelpLine>, usize) {
    let rows = filtered(rows(), filter);
    let widest = rows.iter().map(|r| width(&r.keys)).max().unwrap_or(0) + 2;
    let key_w = widest.min(cols / 3);
    let text_w = cols.saturating_sub(key_w + 3).max(8);
    let mut out = Vec::new();
    for r in &rows {
        if r.keys.is_empty() {
            let home = r.modes.is_some_and(|m| m == home_group(home));
            out.push(HelpLine::Heading { title: r.text.clone(), home });
            continue;
        }
        let key_lines = wrap(&r.keys, key_w.saturating_sub(1).max(4));
        let text_lines = wrap(&r.text, text_w);
        for i in 0..key_lines.len().max(text_lines.len()) {
            let keys = key_lines.get(i).cloned().unwrap_or_default();
            let text = text_lines.get(i).cloned().unwrap_or_default();
            out.push(HelpLine::Keys { keys, text });
        }
    }
    (out, key_w)
}

impl App {
    /// The help as laid out for this screen, and the keys column's width.
    pub fn help_lines(&self) -> (Vec<HelpLine>, usize) {
        let view = self.help.clone().unwrap_or_default();
        let inner = help_box(self.size.0, self.size.1);
        lines(&view.filter, view.from, usize::from(inner.width.saturating_sub(2)))
    }

    /// Lines of help the overlay shows at once.
    pub fn help_page(&self) -> usize {
        usize::from(help_box(self.size.0, self.size.1).height.saturating_sub(2)).max(1)
    }

    /// Opens the help at the section of the pane it is opened from.
    pub(super) fn open_help(&mut self) {
        let from = self.mode();
        self.help = Some(HelpView { from, ..HelpView::default() });
        let (lines, _) = self.help_lines();
        let at = lines.iter().position(|l| matches!(l, HelpLine::Heading { home: true, .. })).unwrap_or(0);
        let last = lines.len().saturating_sub(self.help_page());
        if let Some(h) = self.help.as_mut() {
            h.scroll = at.min(last);
        }
    }

    pub(super) fn update_help(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            if matches!(action, Action::Resize(..)) {
                let last = self.help_lines().0.len().saturating_sub(self.help_page());
                if let Some(h) = self.help.as_mut() {
                    h.scroll = h.scroll.min(last);
                }
            }
            return e;
        }
        let page = self.help_page();
        let last = self.help_lines().0.len().saturating_sub(page);
        let help = self.help.get_or_insert_default();
        if help.typing
            && let Some(edit) = edit_of(&action)
        {
            help.filter.edit(edit);
            help.scroll = 0;
            return Outcome::None;
        }
        let s = help.scroll;
        match action {
            Action::Down => help.scroll = (s + 1).min(last),
            Action::Up => help.scroll = s.saturating_sub(1),
            Action::Mouse(MouseKind::ScrollDown, ..) => help.scroll = (s + WHEEL_ROWS).min(last),
            Action::Mouse(MouseKind::ScrollUp, ..) => help.scroll = s.saturating_sub(WHEEL_ROWS),
            Action::Top => help.scroll = 0,
            Action::Bottom => help.scroll = last,
            Action::PageDown => help.scroll = (s + page).min(last),
            Action::PageUp => help.scroll = s.saturating_sub(page),
            Action::HalfPageDown => help.scroll = (s + page / 2).min(last),
            Action::HalfPageUp => help.scroll = s.saturating_sub(page / 2),
            Action::StartFilter => help.typing = true,
            Action::Accept => help.typing = false,
            // Esc clears a filter first, then closes.
            Action::Cancel if help.typing || !help.filter.is_empty() => {
                *help = HelpView { from: help.from, ..HelpView::default() };
            }
            Action::Cancel | Action::ToggleHelp => self.help = None,
            _ => {}
        }
        Outcome::None
    }
}
