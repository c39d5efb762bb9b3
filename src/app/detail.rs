//! The detail pane: moving between its links and scrolling. The card's
//! title stays at the top of the pane however far it is scrolled, so the
//! pane always says whose card it is: scrolled to `scroll`, the pane shows
//! line 0 (the title), then the lines from `scroll + 1`.

use super::*;
use crate::app::action::Action;

/// Whether a card's line is in a pane of `rows` rows scrolled to `scroll`:
/// the title (line 0) always is, and under it the lines from `scroll + 1`.
pub fn line_shown(line: usize, scroll: usize, rows: usize) -> bool {
    line == 0 || (line > scroll && line < scroll + rows)
}

/// The scroll that puts a card's line just under the pinned title.
pub fn scroll_to_top(line: usize) -> usize {
    line.saturating_sub(1)
}

impl App {
    pub(super) fn move_detail(&mut self, action: &Action) {
        let Some(doc) = self.detail_doc() else { return };
        let page = self.layout().detail_rows();
        let n = doc.targets.len();
        let max_scroll = doc.lines.len().saturating_sub(page);
        let d = &mut self.detail;
        match action {
            Action::Down if n > 0 => match d.cursor {
                Some(c) if c + 1 < n => d.cursor = Some(c + 1),
                Some(_) => d.scroll = max_scroll,
                None => d.cursor = Some(0),
            },
            Action::Up if n > 0 => match d.cursor {
                Some(c) if c > 0 => d.cursor = Some(c - 1),
                _ => {
                    d.cursor = Some(0);
                    d.scroll = 0;
                }
            },
            Action::Down => d.scroll = (d.scroll + 1).min(max_scroll),
            Action::Up => d.scroll = d.scroll.saturating_sub(1),
            Action::Top => {
                d.scroll = 0;
                d.cursor = (n > 0).then_some(0);
            }
            Action::Bottom => {
                d.scroll = max_scroll;
                d.cursor = n.checked_sub(1);
            }
            Action::PageDown | Action::HalfPageDown | Action::PageUp | Action::HalfPageUp => {
                let step = if matches!(action, Action::PageDown | Action::PageUp) { page } else { page / 2 };
                let down = matches!(action, Action::PageDown | Action::HalfPageDown);
                d.scroll = if down { (d.scroll + step).min(max_scroll) } else { d.scroll.saturating_sub(step) };
                // Keep the cursor on a link that is on screen, if there is one.
                let shown = |l: &usize| line_shown(*l, d.scroll, page);
                if d.cursor.is_none_or(|c| !shown(&doc.target_lines[c])) {
                    let on_screen = doc.target_lines.iter().position(shown);
                    d.cursor = on_screen.or(d.cursor);
                }
                return;
            }
            _ => {}
        }
        self.scroll_to_cursor();
    }

    /// Scrolls the detail pane so the link cursor's line is on screen.
    pub(super) fn scroll_to_cursor(&mut self) {
        let Some(doc) = self.detail_doc() else { return };
        let page = self.layout().detail_rows();
        let d = &mut self.detail;
        if let Some(&line) = d.cursor.and_then(|c| doc.target_lines.get(c)) {
            if line > 0 && line <= d.scroll {
                d.scroll = scroll_to_top(line);
            } else if line >= d.scroll + page {
                d.scroll = line + 1 - page;
            }
        }
        d.scroll = d.scroll.min(doc.lines.len().saturating_sub(page));
    }

    /// Keeps the detail state valid after a resize changed the layout.
    pub(super) fn clamp_detail(&mut self) {
        if let Some(doc) = self.detail_doc() {
            if self.detail.cursor.is_some_and(|c| c >= doc.targets.len()) {
                self.detail.cursor = doc.targets.len().checked_sub(1);
            }
            self.scroll_to_cursor();
        }
    }
}
