//! State of the timeline tab: scope, category toggles, filter text, the item
//! cursor, and the time axis window (zoom and pan). Pure; `App` owns one and
//! `ui::timeline` draws it.

use crate::data::date::PartialDate;
use crate::data::model::Dataset;
use crate::text::input::TextInput;
use crate::timeline::{Category, Filter, Row, Scope, Timeline, rows_by_year};

/// How much time one tick of the axis stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Zoom {
    /// Ten years a tick.
    Decade,
    /// A year a tick.
    Year,
    /// Three months a tick.
    Quarter,
    /// A month a tick.
    Month,
}

impl Zoom {
    /// Columns between two ticks of the axis.
    pub const COLS_PER_TICK: f64 = 8.0;

    /// Average days in one tick.
    pub fn tick_days(self) -> f64 {
        match self {
            Zoom::Decade => 3652.4,
            Zoom::Year => 365.24,
            Zoom::Quarter => 91.31,
            Zoom::Month => 30.44,
        }
    }

    /// Days one column of the axis covers.
    pub fn days_per_col(self) -> f64 {
        self.tick_days() / Self::COLS_PER_TICK
    }

    /// Lowercase name for the status bar.
    pub fn name(self) -> &'static str {
        match self {
            Zoom::Decade => "decade",
            Zoom::Year => "year",
            Zoom::Quarter => "quarter",
            Zoom::Month => "month",
        }
    }

    fn finer(self) -> Zoom {
        match self {
            Zoom::Decade => Zoom::Year,
            Zoom::Year => Zoom::Quarter,
            _ => Zoom::Month,
        }
    }

    fn coarser(self) -> Zoom {
        match self {
            Zoom::Month => Zoom::Quarter,
            Zoom::Quarter => Zoom::Year,
            _ => Zoom::Decade,
        }
    }
}

/// The timeline tab's state.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineState {
    /// Whose history.
    pub scope: Scope,
    /// Categories shown.
    pub categories: Vec<Category>,
    /// Fuzzy filter over titles and entity names.
    pub query: TextInput,
    /// Items kept, in time order (indexes into `Timeline::items`).
    pub picked: Vec<usize>,
    /// The list: year headings and items.
    pub rows: Vec<Row>,
    /// The cursor, as an index into `picked`.
    pub selected: usize,
    /// First visible list row.
    pub offset: usize,
    /// Axis zoom.
    pub zoom: Zoom,
    /// First day shown on the axis.
    pub start: f64,
    /// The date lens: items that start after it are left out.
    pub until: Option<PartialDate>,
}

impl Default for TimelineState {
    fn default() -> Self {
        Self {
            scope: Scope::All,
            categories: Category::ALL.to_vec(),
            query: TextInput::default(),
            picked: Vec::new(),
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            zoom: Zoom::Year,
            start: 0.0,
            until: None,
        }
    }
}

impl TimelineState {
    /// Recomputes the kept items after a change of scope, categories or query,
    /// keeping the cursor on the same item where it is still kept.
    pub fn refresh(&mut self, ds: &Dataset, tl: &Timeline) {
        let keep = self.picked.get(self.selected).copied();
        let filter =
            Filter { scope: self.scope.clone(), categories: self.categories.clone(), from: None, to: self.until };
        let picked = tl.select(ds, &filter);
        self.picked = tl.search(ds, &picked, &self.query);
        self.settle(tl, keep);
    }

    /// Recomputes the kept items as `refresh` does, keeping those `kept`
    /// says (a presenter's filter, found on its data) instead of searching
    /// for the query.
    pub fn pick(&mut self, ds: &Dataset, tl: &Timeline, kept: impl Fn(usize) -> bool) {
        let keep = self.picked.get(self.selected).copied();
        let filter =
            Filter { scope: self.scope.clone(), categories: self.categories.clone(), from: None, to: self.until };
        self.picked = tl.select(ds, &filter).into_iter().filter(|&i| kept(i)).collect();
        self.settle(tl, keep);
    }

    /// Rebuilds the rows after `picked` changed and puts the cursor back on
    /// `keep` (or the next kept item).
    pub fn settle(&mut self, tl: &Timeline, keep: Option<usize>) {
        self.rows = rows_by_year(tl, &self.picked);
        self.selected = keep
            .and_then(|k| self.picked.iter().position(|&p| p >= k))
            .unwrap_or(self.picked.len().saturating_sub(1))
            .min(self.picked.len().saturating_sub(1));
    }

    /// The item under the cursor (index into `Timeline::items`).
    pub fn current(&self) -> Option<usize> {
        self.picked.get(self.selected).copied()
    }

    /// Puts the cursor on the latest item on or before a day (the first, if none).
    pub fn select_near(&mut self, tl: &Timeline, day: i64) {
        let items = tl.items();
        let n = self.picked.iter().take_while(|&&i| items[i].start_day().is_some_and(|d| d <= day)).count();
        self.selected = n.saturating_sub(1);
    }

    /// The list row that shows the cursor's item.
    pub fn cursor_row(&self) -> usize {
        let Some(cur) = self.current() else { return 0 };
        self.rows.iter().position(|r| *r == Row::Item(cur)).unwrap_or(0)
    }

    /// Moves the cursor by `delta` items, within bounds.
    pub fn step(&mut self, delta: isize) {
        let last = self.picked.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// Scrolls the list so the cursor's row (and its year heading) is visible.
    pub fn keep_visible(&mut self, rows: usize) {
        let row = self.cursor_row();
        let top = row.saturating_sub(1);
        if top < self.offset {
            self.offset = top;
        } else if row >= self.offset + rows {
            self.offset = row + 1 - rows;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(rows));
    }

    /// Days the axis shows across `cols` columns.
    pub fn window_days(&self, cols: usize) -> f64 {
        cols as f64 * self.zoom.days_per_col()
    }

    /// Moves the axis window so the cursor's item is on it, centring it when it was off.
    pub fn follow(&mut self, tl: &Timeline, cols: usize) {
        // An undated item has no place on the axis: the window stays.
        let Some(day) = self.current().and_then(|cur| tl.items()[cur].start_day()) else { return };
        let day = day as f64;
        let span = self.window_days(cols);
        if day < self.start || day >= self.start + span {
            self.start = day - span / 2.0;
        }
    }

    /// Zooms in or out around the middle of the window; when all the items
    /// fit on the axis, centres them instead.
    pub fn zoom(&mut self, tl: &Timeline, finer: bool, cols: usize) {
        let mid = self.start + self.window_days(cols) / 2.0;
        self.zoom = if finer { self.zoom.finer() } else { self.zoom.coarser() };
        let span = self.window_days(cols);
        self.start = match tl.span(&self.picked) {
            Some((a, b)) if ((b - a) as f64) < span => (a + b) as f64 / 2.0 - span / 2.0,
            _ => mid - span / 2.0,
        };
        self.follow(tl, cols);
    }

    /// Pans the window by one tick.
    pub fn pan(&mut self, later: bool) {
        let d = self.zoom.tick_days();
        self.start += if later { d } else { -d };
    }

    /// Shows or hides a category.
    pub fn toggle(&mut self, c: Category) {
        match self.categories.iter().position(|&x| x == c) {
            Some(i) if self.categories.len() > 1 => {
                self.categories.remove(i);
            }
            Some(_) => {} // never hide the last one: an empty timeline helps nobody
            None => {
                self.categories.push(c);
                self.categories.sort();
            }
        }
    }
}
