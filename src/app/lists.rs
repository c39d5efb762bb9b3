//! The list pane: the filter, moving the cursor, keeping it in view,
//! switching views and focus.

use super::*;
use crate::app::action::Action;

impl App {
    pub(super) fn set_query(&mut self, q: TextInput) {
        let before = self.selected();
        self.list_mut().query = q;
        self.list_mut().selected = 0;
        self.list_mut().offset = 0;
        self.list_mut().search.select = None;
        self.refresh_rows();
        self.refresh_elsewhere();
        if self.selected() != before {
            self.detail = DetailState::default();
        }
    }

    /// Scrolls the list so the selected row is on screen.
    pub(super) fn keep_visible(&mut self) {
        let rows = self.layout().list_rows();
        let l = self.list_mut();
        if l.selected < l.offset {
            l.offset = l.selected;
        } else if l.selected >= l.offset + rows {
            l.offset = l.selected + 1 - rows;
        }
        l.offset = l.offset.min(l.rows.len().saturating_sub(rows));
    }

    pub(super) fn move_list(&mut self, action: &Action) {
        let page = self.layout().list_rows();
        let l = self.list_mut();
        let last = l.rows.len().saturating_sub(1);
        let before = l.selected;
        l.selected = match action {
            Action::Up => l.selected.saturating_sub(1),
            Action::Down => (l.selected + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageUp => l.selected.saturating_sub(page),
            Action::PageDown => (l.selected + page).min(last),
            Action::HalfPageUp => l.selected.saturating_sub(page / 2),
            Action::HalfPageDown => (l.selected + page / 2).min(last),
            _ => l.selected,
        };
        if l.selected != before {
            self.detail = DetailState::default();
        }
        self.keep_visible();
    }

    /// `n` and `N` in a filtered list: the next or previous match, wrapping;
    /// from a list with no match, the next kind that has some.
    pub(super) fn step_list_match(&mut self, step: isize) {
        if self.list().query.is_empty() {
            self.message = Some("no filter: / filters this list, then n and N step through it".into());
            return;
        }
        let n = self.list().rows.len();
        if n == 0 {
            self.next_kind_with_matches(step);
            return;
        }
        let l = self.list_mut();
        l.selected = (l.selected as isize + step).rem_euclid(n as isize) as usize;
        self.detail = DetailState::default();
        self.keep_visible();
    }

    pub(super) fn switch_view(&mut self, view: View) {
        if self.view != view {
            self.view = view;
            self.detail = DetailState::default();
            self.filtering = false;
            self.keep_visible();
            self.refresh_elsewhere();
        }
    }

    pub(super) fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus == Focus::Detail && self.detail.cursor.is_none() {
            let first = self.detail_doc().and_then(|d| (!d.targets.is_empty()).then_some(0));
            self.detail.cursor = first;
            self.scroll_to_cursor();
        }
    }
}
