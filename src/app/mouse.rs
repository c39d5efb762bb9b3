//! Clicks and the wheel.

use super::*;
use crate::app::action::Action;
use crate::app::input::MouseKind;
use crate::data::model::Kind;

/// The link drawn at a column of a card's line: the one under the pointer,
/// else the line's first.
fn link_at(doc: &crate::app::doc::Doc, line: usize, col: usize) -> Option<usize> {
    let pieces = doc.lines.get(line)?;
    let mut x = 0;
    for p in pieces {
        let w = crate::text::width(&p.text);
        if p.target.is_some() && (x..x + w).contains(&col) {
            return p.target;
        }
        x += w;
    }
    pieces.iter().find_map(|p| p.target)
}

impl App {
    pub(super) fn mouse(&mut self, kind: MouseKind, x: u16, y: u16) {
        let lay = self.layout();
        let inside = |r: ratatui::layout::Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
        match kind {
            MouseKind::ScrollUp | MouseKind::ScrollDown => {
                let action = if kind == MouseKind::ScrollUp { Action::Up } else { Action::Down };
                if inside(lay.detail) {
                    let lines = self.detail_doc().map_or(0, |doc| doc.lines.len());
                    let d = &mut self.detail;
                    let max = lines.saturating_sub(lay.detail_rows());
                    d.scroll = if kind == MouseKind::ScrollUp {
                        d.scroll.saturating_sub(WHEEL_ROWS)
                    } else {
                        (d.scroll + WHEEL_ROWS).min(max)
                    };
                } else if inside(lay.list) {
                    for _ in 0..WHEEL_ROWS {
                        if self.view == View::Paths {
                            self.move_paths(&action);
                        } else {
                            self.move_list(&action);
                        }
                    }
                }
            }
            MouseKind::Click => {
                if y == lay.tabs.y {
                    let cells = self.tab_bar().cells;
                    if let Some(c) = cells.iter().find(|c| x >= c.x && x < c.x + crate::text::width(&c.label) as u16) {
                        match c.kind {
                            Some(k) => self.switch_view(View::Kind(k)),
                            None => self.go_tab(Kind::ALL.len()),
                        }
                    }
                } else if self.view == View::Paths
                    && inside(lay.list)
                    && y > lay.list.y
                    && y + 1 < lay.list.y + lay.list.height
                {
                    self.click_paths(usize::from(y - lay.list.y - 1));
                } else if inside(lay.list) && y > lay.list.y && y + 1 < lay.list.y + lay.list.height {
                    let row = self.list().offset + usize::from(y - lay.list.y - 1);
                    if row < self.list().rows.len() {
                        // A click on the row already selected opens it.
                        if row == self.list().selected && self.focus == Focus::List {
                            self.open_selection();
                            return;
                        }
                        if row != self.list().selected {
                            self.detail = DetailState::default();
                        }
                        self.list_mut().selected = row;
                    }
                    self.focus = Focus::List;
                } else if inside(lay.detail) && y > lay.detail.y {
                    let was_focused = self.focus == Focus::Detail;
                    self.focus = Focus::Detail;
                    // The top row is the card's pinned title.
                    let row = usize::from(y - lay.detail.y - 1);
                    let line = if row == 0 { 0 } else { self.detail.scroll + row };
                    // The link under the pointer (the content starts two columns in).
                    let col = usize::from(x.saturating_sub(lay.detail.x + 2));
                    if let Some(doc) = self.detail_doc()
                        && let Some(t) = link_at(&doc, line, col)
                    {
                        // A click on the link already chosen follows it.
                        if was_focused && self.detail.cursor == Some(t) {
                            self.open_selection();
                            return;
                        }
                        self.detail.cursor = Some(t);
                    }
                }
            }
        }
    }
}
