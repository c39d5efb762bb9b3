//! The timeline tab: opening a scope, moving, zooming, panning, filtering.

use super::msg::Outcome;
use super::*;
use crate::app::action::Action;
use crate::app::input::MouseKind;
use crate::data::model::Kind;
use crate::timeline::Scope;

impl App {
    pub(super) fn go_tab(&mut self, i: usize) {
        match Kind::ALL.get(i) {
            Some(&k) => self.switch_view(View::Kind(k)),
            None if i == Kind::ALL.len() && self.view != View::Timeline => {
                self.push_back();
                self.view = View::Timeline;
                self.filtering = false;
                self.tl_after_move();
            }
            None => {}
        }
    }

    /// Shows the timeline for a scope, the cursor on the latest item up to today.
    pub(super) fn open_timeline(&mut self, scope: Scope) {
        self.push_back();
        self.view = View::Timeline;
        self.filtering = false;
        self.tl.scope = scope;
        self.tl.query.edit(Edit::Clear);
        self.tl_work = None;
        self.tl.refresh(&self.ds, &self.timeline);
        let day = self.today().map_or(i64::MAX, |t| t.end_day());
        self.tl.select_near(&self.timeline, day);
        self.tl.start = f64::MIN;
        self.tl_after_move();
    }

    /// After the cursor moved: scroll the list and the axis to it.
    pub(super) fn tl_after_move(&mut self) {
        let lay = self.layout();
        self.tl.keep_visible(lay.timeline_rows());
        self.tl.follow(&self.timeline, lay.axis_cols());
    }

    pub(super) fn update_timeline(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let page = self.layout().timeline_rows() as isize;
        match action {
            Action::Down => self.tl.step(1),
            Action::Up => self.tl.step(-1),
            Action::PageDown => self.tl.step(page),
            Action::PageUp => self.tl.step(-page),
            Action::HalfPageDown => self.tl.step(page / 2),
            Action::HalfPageUp => self.tl.step(-page / 2),
            Action::Top => self.tl.selected = 0,
            Action::Bottom => self.tl.step(isize::MAX / 2),
            Action::ZoomIn | Action::ZoomOut => {
                let cols = self.layout().axis_cols();
                self.tl.zoom(&self.timeline, action == Action::ZoomIn, cols);
                return Outcome::None;
            }
            Action::PanEarlier | Action::PanLater => {
                self.tl.pan(action == Action::PanLater);
                return Outcome::None;
            }
            Action::ToggleCategory(c) => {
                self.tl.toggle(c);
                self.tl_work = None;
                self.tl.refresh(&self.ds, &self.timeline);
            }
            Action::StartFilter => self.filtering = true,
            Action::NextMatch | Action::PrevMatch => {
                let n = self.tl.picked.len() as isize;
                if self.tl.query.is_empty() {
                    self.message = Some("no filter: / filters the timeline, then n and N step through it".into());
                } else if n > 0 {
                    let step = if action == Action::NextMatch { 1 } else { -1 };
                    self.tl.selected = (self.tl.selected as isize + step).rem_euclid(n) as usize;
                }
            }
            Action::Open => {
                if let Some(id) = self.selected() {
                    self.open_entity(id);
                }
                return Outcome::None;
            }
            Action::TimelineAll => self.open_timeline(Scope::All),
            Action::Cancel => {
                if !self.tl.query.is_empty() {
                    self.tl.query.edit(Edit::Clear);
                    self.tl_work = None;
                    self.tl.refresh(&self.ds, &self.timeline);
                } else if self.tl.scope != Scope::All {
                    self.open_timeline(Scope::All);
                }
            }
            Action::Mouse(kind, x, y) => self.timeline_mouse(kind, x, y),
            other => return self.update_browse(other),
        }
        self.tl_after_move();
        Outcome::None
    }

    pub(super) fn update_timeline_filter(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let before = self.tl.query.trim().to_string();
        if let Some(edit) = edit_of(&action) {
            self.tl.query.edit(edit);
        }
        match action {
            Action::Cancel => {
                self.filtering = false;
                self.tl.query.edit(Edit::Clear);
            }
            Action::Accept => self.filtering = false,
            Action::Insert(_) | Action::Paste(_) | Action::DeleteBack | Action::ClearInput => {}
            Action::Up => self.tl.step(-1),
            Action::Down => self.tl.step(1),
            _ => return Outcome::None,
        }
        let now = self.tl.query.trim();
        if now != before {
            // A longer query keeps a subset of what the shorter one kept.
            self.filter_timeline(!before.is_empty() && now.starts_with(before.as_str()));
        }
        self.tl_after_move();
        Outcome::None
    }

    pub(super) fn timeline_mouse(&mut self, kind: MouseKind, _x: u16, y: u16) {
        let lay = self.layout();
        let list = lay.timeline_list;
        match kind {
            MouseKind::ScrollUp => self.tl.step(-(WHEEL_ROWS as isize)),
            MouseKind::ScrollDown => self.tl.step(WHEEL_ROWS as isize),
            MouseKind::Click if y == lay.tabs.y => self.mouse(kind, _x, y),
            MouseKind::Click if y > list.y && y + 1 < list.y + list.height => {
                let row = self.tl.offset + usize::from(y - list.y - 1);
                if let Some(crate::timeline::Row::Item(i)) = self.tl.rows.get(row)
                    && let Some(n) = self.tl.picked.iter().position(|p| p == i)
                {
                    self.tl.selected = n;
                }
            }
            MouseKind::Click => {}
        }
    }

    /// "Timeline", "Timeline: Huawei" or "Timeline: Huawei + Xiaomi".
    pub fn scope_name(&self, scope: &Scope) -> String {
        match scope {
            Scope::All => "Timeline".to_string(),
            Scope::Around(id) => format!("Timeline: {}", self.ds.get(*id).name),
            Scope::Shared(ids) => {
                let names: Vec<&str> = ids.iter().map(|&i| self.ds.get(i).name.as_str()).collect();
                format!("Timeline: {}", names.join(" + "))
            }
        }
    }
}
