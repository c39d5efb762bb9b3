//! The neighbourhood view (`v`): a picture of the selected entity with its
//! neighbours grouped by relation (`graph::neighbourhood`), a box per
//! group. The cursor moves over the centre and the neighbours (`j`/`k`,
//! `h`/`l` between groups); `Enter` on a neighbour walks there (the picture
//! re-centres on it, and `Backspace` comes back), on the centre it opens
//! the centre's card; `d` shows depth 2 or back to 1. A click puts the
//! cursor on a neighbour, a second click does what `Enter` does.
//!
//! Where the boxes go is worked out here (`HoodState::boxes`), from the
//! width alone, so the view draws what the keys move over.

use std::sync::Arc;

use super::msg::Outcome;
use super::*;
use crate::app::action::Action;
use crate::app::input::MouseKind;
use crate::graph::Connections;
use crate::graph::neighbourhood::Neighbourhood;

/// Narrowest a group's box is drawn, borders included.
pub const MIN_BOX: u16 = 22;
/// Widest a group's box is drawn, borders included.
pub const MAX_BOX: u16 = 44;
/// Columns left of the boxes for the trunk line.
pub const TRUNK: u16 = 3;

/// One row inside a group's box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoodRow {
    /// A neighbour of the centre.
    Near(EntityId),
    /// At depth 2, an entity beyond the neighbour above, with the link to it
    /// worded from that neighbour's side.
    Far(EntityId, &'static str),
    /// How many neighbours of the group are not listed.
    More(usize),
    /// How many entities beyond the neighbour above are not listed.
    FarMore(usize),
}

impl HoodRow {
    /// The entity on the row, if it has one.
    pub fn entity(self) -> Option<EntityId> {
        match self {
            HoodRow::Near(e) | HoodRow::Far(e, _) => Some(e),
            HoodRow::More(_) | HoodRow::FarMore(_) => None,
        }
    }
}

/// Where a group's box goes: relative to the top left of the picture,
/// below the centre's box (rows grow downward without bound; the view scrolls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// The group.
    pub group: usize,
    /// Left column.
    pub x: u16,
    /// Top row.
    pub y: usize,
    /// Width, borders included.
    pub w: u16,
    /// Height, borders included.
    pub h: usize,
}

/// Rows the centre's box takes, with the gap under it.
pub const CENTRE_ROWS: usize = 3;

/// What the neighbourhood view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoodState {
    /// The neighbourhood drawn.
    pub hood: Neighbourhood,
    /// Each group's title and rows, in the neighbourhood's order.
    pub groups: Vec<(&'static str, Vec<HoodRow>)>,
    /// Where the cursor is: `None` on the centre, else (group, row).
    pub cursor: Option<(usize, usize)>,
}

impl HoodState {
    /// The picture of `centre`'s neighbourhood at `depth`, the cursor on the centre.
    pub(super) fn new_in(ds: &Dataset, conn: &Connections, centre: EntityId, depth: u8) -> Self {
        let hood = Neighbourhood::new(ds, conn, centre, depth);
        let groups = hood
            .groups
            .iter()
            .map(|g| {
                let mut rows = Vec::new();
                for m in &g.members {
                    rows.push(HoodRow::Near(m.entity));
                    rows.extend(m.beyond.iter().map(|b| HoodRow::Far(b.entity, b.relation)));
                    if m.beyond_more > 0 {
                        rows.push(HoodRow::FarMore(m.beyond_more));
                    }
                }
                if g.more > 0 {
                    rows.push(HoodRow::More(g.more));
                }
                (g.relation, rows)
            })
            .collect();
        Self { hood, groups, cursor: None }
    }

    /// The entity under the cursor.
    pub fn entity(&self) -> EntityId {
        match self.cursor {
            Some((g, r)) => self.groups[g].1[r].entity().unwrap_or(self.hood.centre),
            None => self.hood.centre,
        }
    }

    /// Where the cursor shows `e`, if it does.
    fn find(&self, e: Option<EntityId>) -> Option<(usize, usize)> {
        self.stops().into_iter().flatten().find(|&(g, r)| self.groups[g].1[r].entity() == e)
    }

    /// The same picture in other data, where `moved` finds each entity:
    /// around the same centre, the cursor on the same entity if it is shown.
    fn again(&self, ds: &Dataset, conn: &Connections, moved: &impl Fn(EntityId) -> Option<EntityId>) -> Option<Self> {
        let mut s = Self::new_in(ds, conn, moved(self.hood.centre)?, self.hood.depth);
        s.cursor = s.find(moved(self.entity()));
        Some(s)
    }

    /// Where the cursor is among the places it can be, and how many there are.
    pub fn position(&self) -> (usize, usize) {
        let stops = self.stops();
        (stops.iter().position(|s| *s == self.cursor).unwrap_or(0), stops.len())
    }

    /// Every place the cursor can be, in reading order: the centre, then
    /// each group's rows that hold an entity.
    fn stops(&self) -> Vec<Option<(usize, usize)>> {
        let mut all = vec![None];
        for (g, (_, rows)) in self.groups.iter().enumerate() {
            all.extend(rows.iter().enumerate().filter(|(_, r)| r.entity().is_some()).map(|(i, _)| Some((g, i))));
        }
        all
    }

    /// Moves the cursor `delta` stops in reading order, within bounds.
    fn step(&mut self, delta: isize) {
        let stops = self.stops();
        let at = stops.iter().position(|s| *s == self.cursor).unwrap_or(0);
        self.cursor = stops[(at as isize + delta).clamp(0, stops.len() as isize - 1) as usize];
    }

    /// Moves the cursor to the first entity of the next (or previous) group;
    /// before the first group is the centre.
    fn step_group(&mut self, forward: bool) {
        let firsts: Vec<Option<(usize, usize)>> = std::iter::once(None)
            .chain(
                self.groups
                    .iter()
                    .enumerate()
                    .filter_map(|(g, (_, rows))| rows.iter().position(|r| r.entity().is_some()).map(|i| Some((g, i)))),
            )
            .collect();
        let at = match self.cursor {
            None => 0,
            Some((g, _)) => firsts.iter().position(|f| f.is_some_and(|(fg, _)| fg == g)).unwrap_or(0),
        };
        let to = if forward {
            (at + 1).min(firsts.len() - 1)
        } else if self.cursor != firsts[at] {
            at // back from inside a group goes first to that group's top
        } else {
            at.saturating_sub(1)
        };
        self.cursor = firsts[to];
    }

    /// Where each group's box goes in a picture `width` columns wide: as
    /// many columns as fit (each at least [`MIN_BOX`] wide), row by row
    /// under the centre's box; a row is as tall as its tallest box.
    pub fn boxes(&self, width: u16) -> Vec<Placed> {
        let room = width.saturating_sub(TRUNK);
        let cols = usize::from((room / (MIN_BOX + 1)).max(1)).min(self.groups.len().max(1));
        let w = (room.saturating_sub(cols as u16 - 1) / cols as u16).clamp(MIN_BOX.min(room), MAX_BOX);
        let mut placed = Vec::new();
        // The row above each box row is for the line that joins it to the trunk.
        let mut y = CENTRE_ROWS + 1;
        for (row, chunk) in self.groups.chunks(cols).enumerate() {
            let h = chunk.iter().map(|(_, rows)| rows.len()).max().unwrap_or(0) + 2;
            for (c, _) in chunk.iter().enumerate() {
                let x = TRUNK + c as u16 * (w + 1);
                placed.push(Placed { group: row * cols + c, x, y, w, h });
            }
            y += h + 1;
        }
        placed
    }
}

impl HoodState {
    /// The first picture row shown in `rows` rows: just enough scrolled to
    /// show the cursor's row (and the one under it).
    pub fn scroll(&self, boxes: &[Placed], rows: usize) -> usize {
        let total = boxes.iter().map(|b| b.y + b.h).max().unwrap_or(CENTRE_ROWS);
        let at = match self.cursor {
            None => 1,
            Some((g, r)) => boxes.iter().find(|b| b.group == g).map_or(1, |b| b.y + 1 + r),
        };
        (at + 2).saturating_sub(rows).min(total.saturating_sub(rows))
    }

    /// The place under picture column `x`, row `y` (scrolling counted in):
    /// the centre anywhere on its rows, or a row of a box holding an entity.
    fn hit(&self, boxes: &[Placed], x: u16, y: usize) -> Option<Option<(usize, usize)>> {
        if y < CENTRE_ROWS {
            return Some(None);
        }
        let b = boxes.iter().find(|b| x > b.x && x + 1 < b.x + b.w && y > b.y && y + 1 < b.y + b.h)?;
        let r = y - b.y - 1;
        self.groups[b.group].1.get(r)?.entity().map(|_| Some((b.group, r)))
    }
}

impl App {
    /// The neighbourhood view's area inside its border: the list and detail panes' room.
    fn hood_area(&self) -> ratatui::layout::Rect {
        let lay = self.layout();
        let all = lay.list.union(lay.detail);
        ratatui::layout::Rect::new(all.x + 1, all.y + 1, all.width.saturating_sub(2), all.height.saturating_sub(2))
    }

    /// A click in the picture: on a neighbour (or the centre), puts the
    /// cursor there; on the one under the cursor, does what Enter does.
    fn click_hood(&mut self, x: u16, y: u16) -> bool {
        let area = self.hood_area();
        let Some(h) = self.hood.as_ref() else { return false };
        if x < area.x || y < area.y || x >= area.right() || y >= area.bottom() {
            return false;
        }
        let boxes = h.boxes(area.width);
        let row = h.scroll(&boxes, usize::from(area.height)) + usize::from(y - area.y);
        match h.hit(&boxes, x - area.x, row) {
            Some(place) if place == h.cursor => true,
            Some(place) => {
                if let Some(h) = self.hood.as_mut() {
                    h.cursor = place;
                }
                false
            }
            None => false,
        }
    }

    /// The neighbourhood view's state, while it is shown.
    pub fn hood_view(&self) -> Option<&HoodState> {
        self.hood.as_ref().filter(|_| self.view == View::Neighbourhood)
    }

    /// `v`: the picture of the selection's neighbourhood.
    pub(super) fn show_hood(&mut self) {
        let Some(e) = self.selected() else {
            self.message = Some("select an entity first, then v draws its neighbourhood".into());
            return;
        };
        self.open_hood(e, 1);
    }

    /// Shows the neighbourhood of `centre`, remembering where we were.
    pub(super) fn open_hood(&mut self, centre: EntityId, depth: u8) {
        let conn = self.connections();
        let state = HoodState::new_in(&self.ds, &conn, centre, depth);
        let linked = state.hood.shown;
        self.push_back();
        self.hood = Some(state);
        self.view = View::Neighbourhood;
        self.filtering = false;
        self.focus = Focus::List;
        self.detail = DetailState::default();
        let name = &self.ds.get(centre).name;
        self.message = Some(match linked {
            0 => format!("{name} has no links (tags and citations connect nothing): Backspace goes back"),
            _ => format!("around {name}: Enter walks to a neighbour, d shows depth 2, Backspace goes back"),
        });
    }

    /// Keys in the neighbourhood view.
    pub(super) fn update_hood(&mut self, action: Action) -> Outcome {
        let tabs = self.layout().tabs.y;
        let Some(h) = self.hood.as_mut() else {
            return self.update_browse(action);
        };
        match action {
            Action::Up => h.step(-1),
            Action::Down => h.step(1),
            Action::Top => h.cursor = None,
            Action::Bottom => h.step(isize::MAX / 2),
            Action::PageUp | Action::HalfPageUp | Action::PrevGroup => h.step_group(false),
            Action::PageDown | Action::HalfPageDown | Action::NextGroup => h.step_group(true),
            Action::Open => {
                let (e, depth) = (h.entity(), h.hood.depth);
                if h.cursor.is_none() {
                    self.open_entity(e);
                } else {
                    self.open_hood(e, depth);
                }
            }
            Action::ToggleDepth => {
                let (centre, depth, at) = (h.hood.centre, h.hood.depth, h.entity());
                let conn = self.connections();
                let mut state = HoodState::new_in(&self.ds, &conn, centre, 3 - depth);
                // The cursor stays on the same entity where it still is shown.
                state.cursor = state.find(Some(at));
                self.hood = Some(state);
                self.message = Some(if depth == 1 {
                    "depth 2: each neighbour's own neighbours, indented under it".into()
                } else {
                    "depth 1: the neighbours only".into()
                });
            }
            Action::Cancel => self.go_back(),
            Action::StartFilter | Action::NextMatch | Action::PrevMatch => {
                self.message = Some("the neighbourhood has no filter: Backspace goes back".into());
            }
            Action::Mouse(MouseKind::ScrollUp, ..) => h.step(-3),
            Action::Mouse(MouseKind::ScrollDown, ..) => h.step(3),
            Action::Mouse(MouseKind::Click, _, y) if y == tabs => return self.update_browse(action),
            Action::Mouse(MouseKind::Click, x, y) => {
                if self.click_hood(x, y) {
                    return self.update_hood(Action::Open);
                }
            }
            other => return self.update_browse(other),
        }
        Outcome::None
    }

    /// After a reload: the neighbourhood (shown and in history) is drawn
    /// again in the new data around the same entity, or gives way.
    pub(super) fn hood_reload(&mut self, new: &Arc<Dataset>, moved: impl Fn(EntityId) -> Option<EntityId>) {
        let held = self.hood.is_some() || self.back.iter().chain(&self.forward).any(|l| l.hood.is_some());
        if held {
            let conn = self.connections();
            self.hood = self.hood.take().and_then(|h| h.again(new, &conn, &moved));
            for loc in self.back.iter_mut().chain(self.forward.iter_mut()) {
                if let Some(h) = loc.hood.take() {
                    match h.again(new, &conn, &moved) {
                        Some(s) => loc.hood = Some(Box::new(s)),
                        None => loc.view = View::Kind(Kind::Firm),
                    }
                }
            }
        }
        if self.view == View::Neighbourhood && self.hood.is_none() {
            self.view = View::Kind(Kind::Firm);
        }
    }
}
