//! Swapping in reloaded data (live reload) without losing the user's place:
//! entity handles are re-resolved by their ids in the new dataset.

use std::sync::Arc;

use super::{App, Location, View};
use crate::data::model::{Dataset, EntityId, Kind};
use crate::graph::Connections;
use crate::search::worker::SearchTarget;
use crate::search::{Hit, Searcher};
use crate::timeline::view::TimelineState;
use crate::timeline::{Scope, Timeline};

/// Maps handles of one dataset to the same ids in another.
struct Remap<'a> {
    old: &'a Dataset,
    new: &'a Dataset,
}

impl Remap<'_> {
    fn id(&self, id: EntityId) -> Option<EntityId> {
        self.new.lookup(&self.old.get(id).id)
    }

    fn scope(&self, scope: &Scope) -> Scope {
        match scope {
            Scope::All => Scope::All,
            Scope::Around(id) => Scope::of(self.id(*id).into_iter().collect()),
            Scope::Shared(ids) => Scope::of(ids.iter().filter_map(|&id| self.id(id)).collect()),
        }
    }

    /// Carries a timeline tab's state over: same scope, categories, filter and
    /// zoom; the cursor on the latest item on or before the day it was on.
    fn timeline(&self, st: &mut TimelineState, old_tl: &Timeline, new_tl: &Timeline) {
        let day = st.current().and_then(|i| old_tl.items()[i].start_day());
        st.scope = self.scope(&st.scope);
        st.picked.clear();
        st.refresh(self.new, new_tl);
        if let Some(day) = day {
            st.select_near(new_tl, day);
        }
    }

    fn location(&self, loc: &mut Location, old_tl: &Timeline, new_tl: &Timeline) {
        loc.entity = loc.entity.and_then(|id| self.id(id));
        if let Some(st) = loc.timeline.as_mut() {
            self.timeline(st, old_tl, new_tl);
        }
    }
}

impl App {
    /// Shows reloaded data in place. Each list keeps its filter and its
    /// selected entity where that entity still exists; history, marks and the
    /// timeline's scope are carried over the same way. Clears the data banner.
    pub(super) fn reload(&mut self, ds: Arc<Dataset>) {
        let old = std::mem::replace(&mut self.ds, ds);
        let new = Arc::clone(&self.ds);
        let map = Remap { old: &old, new: &new };
        let old_tl = std::mem::replace(&mut self.timeline, Arc::new(Timeline::build(&new)));
        self.searcher = Arc::new(Searcher::new(&new));
        let new_tl = Arc::clone(&self.timeline);

        let kept: Vec<Option<EntityId>> =
            self.kind_lists.iter().map(|l| l.rows.get(l.selected).and_then(|h| map.id(h.id))).collect();
        let tag_kept = self.tag_list.rows.get(self.tag_list.selected).and_then(|h| map.id(h.id));
        let view = self.view.clone();
        // Searches of the old data still running are called off.
        let mut running: Vec<SearchTarget> = Kind::ALL
            .iter()
            .filter(|k| self.kind_lists[k.index()].search.running())
            .map(|&k| SearchTarget::Kind(k))
            .collect();
        if let View::Tag(tag) = &view
            && self.tag_list.search.running()
        {
            running.push(SearchTarget::Tag(tag.clone()));
        }
        if self.palette.as_ref().is_some_and(|p| p.search.running()) {
            running.push(SearchTarget::Palette);
        }
        if self.elsewhere.counts.is_none() && !self.elsewhere.query.is_empty() {
            running.push(SearchTarget::Elsewhere);
        }
        self.elsewhere = super::Elsewhere::default();
        for target in running {
            self.cancel(target);
        }
        // Rows, results and matches name the old dataset's entities: carry the
        // rows over (until they are searched again), forget the rest.
        let carry = |hits: &mut Vec<Hit>| {
            *hits = hits.iter().filter_map(|h| map.id(h.id).map(|id| Hit { id, ..*h })).collect();
        };
        for l in self.kind_lists.iter_mut().chain([&mut self.tag_list]) {
            carry(&mut l.rows);
            l.selected = l.selected.min(l.rows.len().saturating_sub(1));
            l.search.forget();
        }
        if let Some(p) = self.palette.as_mut() {
            carry(&mut p.hits);
            p.selected = p.selected.min(p.hits.len().saturating_sub(1));
            p.search.forget();
        }
        for k in Kind::ALL {
            self.view = View::Kind(k);
            self.refresh_rows();
            self.select_entity(kept[k.index()]);
        }
        if let View::Tag(_) = view {
            self.view = view.clone();
            self.refresh_rows();
            self.select_entity(tag_kept);
        }
        self.view = view;
        self.refresh_elsewhere();
        // Paths are found again in the new data, between the same two
        // entities if both are still there; else the view gives way.
        self.connections = None;
        let ends = self.paths.as_ref().and_then(|p| Some((map.id(p.from)?, map.id(p.to)?)));
        self.paths = ends.map(|(a, b)| {
            let conn = self.connections.get_or_insert_with(|| Arc::new(Connections::new(&new)));
            super::PathsState::new_in(&new, conn, a, b)
        });
        if self.view == View::Paths && self.paths.is_none() {
            self.view = View::Kind(Kind::Firm);
        }

        self.marks = self.marks.iter().filter_map(|&id| map.id(id)).collect();
        // A running tour goes on at the same step of the tour with its id,
        // if the new data still has it (and that step).
        self.tour = self.tour.and_then(|run| {
            let id = &old.tours().get(run.tour)?.id;
            let tour = new.tours().iter().position(|t| &t.id == id)?;
            let steps = new.tours()[tour].steps.len();
            Some(super::tour::TourRun { tour, step: run.step.min(steps.saturating_sub(1)) })
        });
        self.picker = None;
        // The presenter's place named the old data's entities: it comes again
        // with the presenter's next place in the new data.
        self.presenter_at = None;
        self.tl_work = None;
        map.timeline(&mut self.tl, &old_tl, &new_tl);
        for loc in self.back.iter_mut().chain(self.forward.iter_mut()) {
            map.location(loc, &old_tl, &new_tl);
            // Paths in history are found again in the new data, or give way.
            if let Some(p) = loc.paths.take() {
                match (map.id(p.from), map.id(p.to)) {
                    (Some(a), Some(b)) => {
                        let conn = self.connections.get_or_insert_with(|| Arc::new(Connections::new(&new)));
                        loc.paths = Some(Box::new(super::PathsState::new_in(&new, conn, a, b)));
                    }
                    _ => loc.view = View::Kind(Kind::Firm),
                }
            }
        }
        self.hood_reload(&new, |e| map.id(e));
        if self.view == View::Timeline {
            self.tl_after_move();
        }
        if let Some(p) = self.palette.as_mut() {
            let selected = p.hits.get(p.selected).and_then(|h| map.id(h.id));
            self.refresh_palette();
            if let Some(p) = self.palette.as_mut() {
                p.selected = selected.and_then(|id| p.hits.iter().position(|h| h.id == id)).unwrap_or(0);
            }
        }
        self.clamp_detail();
        self.data_problem = None;
    }

    /// The first error in the data on disk, while the last good data is shown.
    pub fn data_problem(&self) -> Option<&str> {
        self.data_problem.as_deref()
    }

    /// Puts the current list's cursor on an entity, if it is listed.
    fn select_entity(&mut self, id: Option<EntityId>) {
        let Some(id) = id else { return };
        let l = self.list_mut();
        if let Some(i) = l.rows.iter().position(|h| h.id == id) {
            l.selected = i;
        }
        self.keep_visible();
    }
}
