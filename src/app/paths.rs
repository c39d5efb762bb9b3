//! The paths view (`P`): how two entities are connected. The list pane
//! shows the shortest few paths, a heading per path and a row per entity
//! on it with the hop that reached it; the detail pane shows the card of
//! the entity under the cursor, and `Enter` opens it (`Backspace` comes
//! back to the paths).

use std::sync::Arc;

use super::*;
use crate::app::action::Action;
use crate::graph::Connections;
use crate::graph::paths::{Path, paths};

/// Longest path looked for, in hops.
pub const MAX_HOPS: usize = 6;
/// Most paths shown.
pub const MAX_PATHS: usize = 5;

/// One row of the paths view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathRow {
    /// A path's first row: its number (from 1), length and newest date.
    Heading {
        /// Its place in the ranking, from 1.
        number: usize,
        /// Its hops.
        hops: usize,
        /// The newest date on it.
        newest: Option<PartialDate>,
    },
    /// An entity on a path.
    Step {
        /// The entity.
        entity: EntityId,
    },
    /// The hop between the entities above and below it, as `dealscope path`
    /// prints it.
    Hop {
        /// Its links, worded from the entity above.
        relation: String,
        /// Its date.
        date: Option<PartialDate>,
        /// How many sources back it.
        sources: usize,
    },
}

/// What the paths view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathsState {
    /// Where the paths start.
    pub from: EntityId,
    /// Where they lead.
    pub to: EntityId,
    /// Every row, path by path.
    pub rows: Vec<PathRow>,
    /// The paths themselves (for taking them out: `crate::export::paths`).
    pub found: Vec<Path>,
    /// The row under the cursor (always a step, when there is one).
    pub selected: usize,
    /// The first row shown.
    pub offset: usize,
}

impl PathsState {
    /// The paths from `from` to `to` in a dataset.
    pub(super) fn new_in(ds: &Dataset, conn: &Connections, from: EntityId, to: EntityId) -> Self {
        let mut rows = Vec::new();
        let found = paths(ds, conn, from, to, MAX_HOPS, MAX_PATHS);
        for (n, p) in found.iter().enumerate() {
            rows.push(PathRow::Heading { number: n + 1, hops: p.hops.len(), newest: p.newest() });
            rows.push(PathRow::Step { entity: from });
            for h in &p.hops {
                let relation = h.relations.join("; ");
                rows.push(PathRow::Hop { relation, date: h.date, sources: h.sources.len() });
                rows.push(PathRow::Step { entity: h.to });
            }
        }
        let selected = rows.iter().position(|r| matches!(r, PathRow::Step { .. })).unwrap_or(0);
        Self { from, to, rows, found, selected, offset: 0 }
    }

    /// The number of paths found.
    pub fn found(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r, PathRow::Heading { .. })).count()
    }

    /// The entity under the cursor.
    pub fn entity(&self) -> Option<EntityId> {
        match self.rows.get(self.selected) {
            Some(PathRow::Step { entity, .. }) => Some(*entity),
            _ => None,
        }
    }

    /// Moves the cursor `delta` steps (headings are passed over), within bounds.
    fn step(&mut self, delta: isize) {
        let steps: Vec<usize> =
            (0..self.rows.len()).filter(|&i| matches!(self.rows[i], PathRow::Step { .. })).collect();
        let Some(at) = steps.iter().position(|&i| i == self.selected) else { return };
        let to = (at as isize + delta).clamp(0, steps.len() as isize - 1) as usize;
        self.selected = steps[to];
    }

    /// Scrolls so the cursor (and its path's heading above it) is in view.
    pub(super) fn keep_visible(&mut self, rows: usize) {
        let top = self.selected.saturating_sub(1);
        if top < self.offset {
            self.offset = top;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(rows));
    }
}

/// What the palette's `path A B` (or `path A to B`) names: `None` when the
/// query is no such command, else the two ends, or why they are not known.
/// An end is an id, or a name or alias in any case; without `to`, the words
/// are split where both sides name something (`path lei jun alan fan`).
/// An end of `path A B`: none for blank text.
fn named(ds: &Dataset, text: &str) -> Option<EntityId> {
    let text = text.trim();
    if text.is_empty() { None } else { ds.named(text) }
}

pub(super) fn path_command(ds: &Dataset, query: &str) -> Option<Result<(EntityId, EntityId), String>> {
    let rest = query.trim_start().strip_prefix("path ")?.trim();
    let usage = "path A B: two ids or names (path lei jun to alan fan)";
    if let Some((a, b)) = rest.split_once(" to ") {
        return Some(match (named(ds, a), named(ds, b)) {
            (Some(a), Some(b)) => Ok((a, b)),
            (None, _) => Err(format!("path: no entity is called `{}` ({usage})", a.trim())),
            (_, None) => Err(format!("path: no entity is called `{}` ({usage})", b.trim())),
        });
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let found = (1..words.len()).find_map(|cut| {
        let (a, b) = (words[..cut].join(" "), words[cut..].join(" "));
        Some((named(ds, &a)?, named(ds, &b)?))
    });
    Some(found.ok_or_else(|| usage.to_string()))
}

impl App {
    /// The palette's `path A B`, while one is typed: its two ends, or why
    /// they are not known.
    pub fn palette_path(&self) -> Option<&Result<(EntityId, EntityId), String>> {
        self.palette.as_ref()?.path.as_ref()
    }

    /// The paths view's state, while it is shown.
    pub fn paths_view(&self) -> Option<&PathsState> {
        self.paths.as_ref().filter(|_| self.view == View::Paths)
    }

    /// `P`: the paths between the two marked entities, or between the
    /// marked one and the selection.
    pub(super) fn show_paths(&mut self) {
        let ends = match (self.marks.as_slice(), self.selected()) {
            ([a, b], _) => Some((*a, *b)),
            ([a], Some(b)) if *a != b => Some((*a, b)),
            _ => None,
        };
        let Some((a, b)) = ends else {
            self.message = Some("paths need two entities: mark one (m), select another (or mark it), then P".into());
            return;
        };
        self.open_paths(a, b);
    }

    /// Finds again, in the data shown now (reloaded, or seen as of another
    /// day), the paths and neighbourhoods shown and in history, each entity
    /// `moved` to its handle there; those whose ends are gone give way.
    pub(super) fn refind(&mut self, moved: impl Fn(EntityId) -> Option<EntityId>) {
        let ds = Arc::clone(&self.ds);
        let there = |e| moved(e).filter(|&e| ds.present(e));
        let held = self.paths.is_some() || self.back.iter().chain(&self.forward).any(|l| l.paths.is_some());
        if held {
            let conn = self.connections();
            let again = |p: &PathsState| Some(PathsState::new_in(&ds, &conn, there(p.from)?, there(p.to)?));
            self.paths = self.paths.as_ref().and_then(again);
            for loc in self.back.iter_mut().chain(self.forward.iter_mut()) {
                if let Some(p) = loc.paths.take() {
                    match again(&p) {
                        Some(found) => loc.paths = Some(Box::new(found)),
                        None => loc.view = View::Kind(Kind::Firm),
                    }
                }
            }
        }
        if self.view == View::Paths && self.paths.is_none() {
            self.view = View::Kind(Kind::Firm);
        }
        self.hood_reload(&ds, there);
    }

    /// The dataset's links as a graph, made the first time it is asked for.
    pub(super) fn connections(&mut self) -> Arc<Connections> {
        match &self.connections {
            Some(c) => Arc::clone(c),
            None => {
                let c = Arc::new(Connections::new(&self.ds));
                self.connections = Some(Arc::clone(&c));
                c
            }
        }
    }

    /// Shows the paths from `a` to `b`, remembering where we were.
    pub(super) fn open_paths(&mut self, a: EntityId, b: EntityId) {
        let conn = self.connections();
        let state = PathsState::new_in(&self.ds, &conn, a, b);
        let found = state.found();
        self.push_back();
        self.paths = Some(state);
        self.view = View::Paths;
        self.filtering = false;
        self.focus = Focus::List;
        self.detail = DetailState::default();
        let (an, bn) = (&self.ds.get(a).name, &self.ds.get(b).name);
        self.message = Some(match found {
            0 => format!("no path from {an} to {bn} within {MAX_HOPS} hops (tags are not links)"),
            1 => format!("1 path from {an} to {bn}: Enter opens an entity, Backspace comes back"),
            n => format!("{n} paths from {an} to {bn}: Enter opens an entity, Backspace comes back"),
        });
    }

    /// Moves the paths view's cursor.
    pub(super) fn move_paths(&mut self, action: &Action) {
        let page = self.layout().list_rows() as isize;
        let Some(p) = self.paths.as_mut() else { return };
        let before = p.selected;
        match action {
            Action::Up => p.step(-1),
            Action::Down => p.step(1),
            Action::Top => p.step(-(p.rows.len() as isize)),
            Action::Bottom => p.step(p.rows.len() as isize),
            Action::PageUp => p.step(-page),
            Action::PageDown => p.step(page),
            Action::HalfPageUp => p.step(-page / 2),
            Action::HalfPageDown => p.step(page / 2),
            _ => {}
        }
        p.keep_visible(page as usize);
        if p.selected != before {
            self.detail = DetailState::default();
        }
    }

    /// A click on a row of the paths view: selects it; on the selected one, opens it.
    pub(super) fn click_paths(&mut self, row: usize) {
        let Some(p) = self.paths.as_mut() else { return };
        let Some(PathRow::Step { entity, .. }) = p.rows.get(p.offset + row) else { return };
        let entity = *entity;
        if p.offset + row == p.selected && self.focus == Focus::List {
            self.open_entity(entity);
            return;
        }
        p.selected = p.offset + row;
        self.focus = Focus::List;
        self.detail = DetailState::default();
    }
}
