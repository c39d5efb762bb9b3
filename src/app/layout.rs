//! Where each pane goes for a terminal size. Shared by the views (to draw)
//! and by `App::update` (page sizes, mouse hit-testing), so they always agree.

use ratatui::layout::Rect;

use crate::app::{App, View};
use crate::data::model::{Dataset, Kind};
use crate::text::sanitize::inert;
use crate::text::{fit, width};

/// The smallest size the explorer is drawn at; below it a notice asks for more room.
pub const MIN_WIDTH: u16 = 60;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 15;

/// The areas of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Title and breadcrumb.
    pub header: Rect,
    /// Kind tabs.
    pub tabs: Rect,
    /// The list pane, borders included.
    pub list: Rect,
    /// The detail pane, borders included.
    pub detail: Rect,
    /// The timeline tab's time axis, borders included.
    pub timeline_axis: Rect,
    /// The timeline tab's chronological list, borders included.
    pub timeline_list: Rect,
    /// The caption band above the status bar (no rows when captions are off).
    pub caption: Rect,
    /// The status bar.
    pub status: Rect,
    /// True when the terminal is too small to draw the panes.
    pub too_small: bool,
}

impl Layout {
    /// The layout for a terminal of `w` columns and `h` rows.
    pub fn of(w: u16, h: u16) -> Self {
        Self::with_caption(w, h, 0)
    }

    /// The layout with a caption band of `caption` rows (at most
    /// [`CAPTION_ROWS`](super::CAPTION_ROWS)) above
    /// the status bar, taken from the panes.
    pub fn with_caption(w: u16, h: u16, caption: u16) -> Self {
        let too_small = w < MIN_WIDTH || h < MIN_HEIGHT;
        let h = h.max(4);
        let caption = caption.min(super::CAPTION_ROWS as u16).min(h.saturating_sub(4));
        let body_h = h.saturating_sub(3 + caption);
        let list_w = (u32::from(w) * 2 / 5).clamp(28, 100) as u16;
        let list_w = list_w.min(w);
        let axis_h = (body_h / 3).clamp(5, 16).min(body_h);
        Self {
            header: Rect::new(0, 0, w, 1),
            tabs: Rect::new(0, 1, w, 1),
            list: Rect::new(0, 2, list_w, body_h),
            detail: Rect::new(list_w, 2, w - list_w, body_h),
            timeline_axis: Rect::new(0, 2, w, axis_h),
            timeline_list: Rect::new(0, 2 + axis_h, w, body_h - axis_h),
            caption: Rect::new(0, h - 1 - caption, w, caption),
            status: Rect::new(0, h - 1, w, 1),
            too_small,
        }
    }

    /// Rows of list content (inside the borders).
    pub fn list_rows(&self) -> usize {
        usize::from(self.list.height.saturating_sub(2)).max(1)
    }

    /// Rows of detail content (inside the borders).
    pub fn detail_rows(&self) -> usize {
        usize::from(self.detail.height.saturating_sub(2)).max(1)
    }

    /// Rows of the timeline's list (inside the borders).
    pub fn timeline_rows(&self) -> usize {
        usize::from(self.timeline_list.height.saturating_sub(2)).max(1)
    }

    /// Columns of the axis track: inside the borders, right of the lane labels.
    pub fn axis_cols(&self) -> usize {
        usize::from(self.timeline_axis.width.saturating_sub(2)).saturating_sub(self.lane_label_cols()).max(8)
    }

    /// Columns of the lane labels left of the axis track.
    pub fn lane_label_cols(&self) -> usize {
        if self.timeline_axis.width >= 120 { 18 } else { 12 }
    }

    /// Lanes the axis has room for (one row is the tick labels).
    pub fn lanes(&self) -> usize {
        usize::from(self.timeline_axis.height.saturating_sub(3))
    }

    /// Columns of detail content (inside the borders and a margin).
    pub fn detail_cols(&self) -> usize {
        usize::from(self.detail.width.saturating_sub(4)).max(10)
    }
}

/// One kind tab as drawn: its label and the columns it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabCell {
    /// The kind, or none for the timeline tab.
    pub kind: Option<Kind>,
    /// The text drawn.
    pub label: String,
    /// First column.
    pub x: u16,
}

/// Formats a tab label from (position, kind, short name, count).
type LabelStyle = fn(usize, Kind, &'static str, usize) -> String;

/// The kind tabs for a width: long labels when they fit, short ones when not.
pub fn tab_cells(ds: &Dataset, w: u16) -> Vec<TabCell> {
    let short = |k: Kind| match k {
        Kind::Firm => "Firms",
        Kind::Person => "People",
        Kind::Chipset => "Chips",
        Kind::Product => "Prods",
        Kind::Agreement => "Deals",
        Kind::Event => "Events",
        Kind::Source => "Srcs",
    };
    // From roomiest to tightest: the first that fits the width is used.
    let styles: [LabelStyle; 4] = [
        |i, k, _, n| format!(" {} {} {n} ", i + 1, k.title()),
        |i, _, s, n| format!(" {} {s} {n} ", i + 1),
        |_, _, s, n| format!(" {s} {n} "),
        |_, _, s, _| format!(" {s} "),
    ];
    let timeline = [" 8 Timeline ", " 8 Time ", " Time ", " Time "];
    let mut cells = Vec::new();
    for (n, (style, tl)) in styles.into_iter().zip(timeline).enumerate() {
        // The tight styles drop the gap between tabs; the labels' own spaces separate them.
        let gap = u16::from(n < 2);
        let mut x = 0u16;
        cells = Kind::ALL
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let cell = TabCell { kind: Some(k), label: style(i, k, short(k), ds.of_kind(k).len()), x };
                x += width(&cell.label) as u16 + gap;
                cell
            })
            .collect();
        cells.push(TabCell { kind: None, label: tl.to_string(), x });
        x += width(tl) as u16;
        if usize::from(x) <= usize::from(w) {
            break;
        }
    }
    cells
}

/// The tab bar as drawn: the kind tabs and, right-aligned, the label of a
/// view that is no tab (` paths `, ` #5g `), which never covers a tab: the
/// tabs take a shorter style to leave it room, and it is cut (or left out)
/// when even the shortest leaves too little.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabBar {
    /// The kind tabs and the timeline tab.
    pub cells: Vec<TabCell>,
    /// The view's label and its first column.
    pub label: Option<(u16, String)>,
}

/// Fewest columns a view's label is drawn in.
const LABEL_MIN: usize = 6;

/// The tab bar for a width, with a view's label (see [`TabBar`]), cut with
/// `ellipsis` where it must be.
pub fn tab_bar(ds: &Dataset, w: u16, label: Option<&str>, ellipsis: &str) -> TabBar {
    let Some(label) = label else { return TabBar { cells: tab_cells(ds, w), label: None } };
    let tightest = tab_cells(ds, 0).last().map_or(0, |c| usize::from(c.x) + width(&c.label));
    let room = usize::from(w).saturating_sub(tightest);
    let label = fit(label, width(label).min(room), ellipsis);
    if width(&label) < LABEL_MIN {
        return TabBar { cells: tab_cells(ds, w), label: None };
    }
    let at = w - width(&label) as u16;
    TabBar { cells: tab_cells(ds, at), label: Some((at, label)) }
}

impl App {
    /// The tab bar for the current view and width.
    pub fn tab_bar(&self) -> TabBar {
        let label = match self.view() {
            View::Tag(tag) => Some(format!(" #{} ", inert(tag))),
            View::Paths => Some(" paths ".to_string()),
            View::Neighbourhood => Some(" neighbourhood ".to_string()),
            View::Kind(_) | View::Timeline => None,
        };
        tab_bar(self.dataset(), self.layout().tabs.width, label.as_deref(), self.glyphs().ellipsis)
    }
}
