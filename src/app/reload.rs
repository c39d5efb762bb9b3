//! Swapping in reloaded data (live reload) without losing the user's place:
//! entity handles are re-resolved by their ids in the new dataset. And when
//! the data on disk breaks instead: every error, for the banner's count and
//! the error list (`E`), while the last good data stays.

use std::sync::Arc;

use super::msg::Outcome;
use super::{App, Location, View};
use crate::app::action::Action;
use crate::app::indexed::Indexed;
use crate::app::input::MouseKind;
use crate::data::load::Report;
use crate::data::load::Severity;
use crate::data::model::{Dataset, EntityId, Kind};
use crate::search::Hit;
use crate::search::worker::SearchTarget;
use crate::timeline::view::TimelineState;
use crate::timeline::{Scope, Timeline};

/// One error in the data on disk: where it is and what is wrong, made inert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// `file:line:col`, or empty when the error is not in one place (a
    /// directory that cannot be read).
    pub at: String,
    /// The file (as the data names it) and line, when in one place.
    pub place: Option<(String, usize)>,
    /// What is wrong, with its help when it has some.
    pub message: String,
}

/// Why the data on disk did not load: every error, in file and line order,
/// and the one most likely just made (the first in a file that changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProblem {
    /// Every error, in order.
    pub errors: Vec<DataError>,
    /// Which of them the banner names first.
    pub first: usize,
}

impl DataProblem {
    /// Every error of a report; the first in a file that `prefer` picks (by
    /// name) is the one named first, else the first of all.
    pub fn from_report(report: &Report, prefer: impl Fn(&str) -> bool) -> Self {
        let errors: Vec<(&str, DataError)> = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| {
                let message = match &i.help {
                    Some(help) => format!("{} ({})", i.message, help),
                    None => i.message.clone(),
                };
                let message = crate::text::sanitize::inert(&message).into_owned();
                let name = report.files[i.file].name.as_str();
                let place = Some((name.to_string(), i.pos().line));
                (name, DataError { at: report.location(i), place, message })
            })
            .collect();
        let first = errors.iter().position(|(name, _)| prefer(name)).unwrap_or(0);
        let mut errors: Vec<DataError> = errors.into_iter().map(|(_, e)| e).collect();
        if errors.is_empty() {
            errors.push(DataError { at: String::new(), place: None, message: "the data has errors".into() });
        }
        Self { errors, first }
    }

    /// One error that has no place in a file (the data could not be read).
    pub fn unreadable(message: &str) -> Self {
        let message = crate::text::sanitize::inert(message).into_owned();
        Self { errors: vec![DataError { at: String::new(), place: None, message }], first: 0 }
    }

    /// "1 error", "3 errors".
    pub fn count(&self) -> String {
        match self.errors.len() {
            1 => "1 error".to_string(),
            n => format!("{n} errors"),
        }
    }

    /// The error named first, as one line: `file:line:col: message`.
    pub fn headline(&self) -> String {
        self.errors.get(self.first).map(DataError::line).unwrap_or_default()
    }
}

impl DataError {
    /// `file:line:col: message`, or the message alone.
    pub fn line(&self) -> String {
        if self.at.is_empty() { self.message.clone() } else { format!("{}: {}", self.at, self.message) }
    }
}

/// Maps handles of one dataset to the same ids in another.
struct Remap<'a> {
    old: &'a Dataset,
    new: &'a Dataset,
    /// True when every handle names the same id in both (an edit that kept
    /// the ids in place): nothing to look up.
    same: bool,
}

impl Remap<'_> {
    fn id(&self, id: EntityId) -> Option<EntityId> {
        if self.same {
            return Some(id);
        }
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
    /// Returns what the app held before, to be let go of off the UI thread
    /// (freeing a million entities' index takes tens of milliseconds).
    pub(super) fn reload(&mut self, data: Indexed) -> Indexed {
        let old = std::mem::replace(&mut self.unlensed, data.ds);
        // Seen as of the same day, if a lens is set.
        self.ds = crate::data::lens::view(&self.unlensed, self.ds.as_of());
        let new = Arc::clone(&self.ds);
        let map = Remap { old: &old, new: &new, same: self.unlensed.changed_since(&old).is_some() };
        let old_tl = std::mem::replace(&mut self.timeline, data.timeline);
        let old_searcher = std::mem::replace(&mut self.searcher, data.searcher);
        let old_docs = std::mem::replace(&mut self.docs, data.docs);
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
        // rows over (until they are searched again), forget the rest. With
        // the same handles, the rows stand as they are.
        let carry = |hits: &mut Vec<Hit>| {
            if !map.same {
                *hits = hits.iter().filter_map(|h| map.id(h.id).map(|id| Hit { id, ..*h })).collect();
            }
        };
        // An unfiltered kind list, with no date lens, lists its kind's handles
        // in order: with the same handles, its rows are the new data's too.
        // (A tag list's rows depend on the tags, which may have changed.)
        let unfiltered_stands = map.same && self.ds.as_of().is_none();
        for (l, is_kind_list) in self.kind_lists.iter_mut().map(|l| (l, true)).chain([(&mut self.tag_list, false)]) {
            carry(&mut l.rows);
            l.selected = l.selected.min(l.rows.len().saturating_sub(1));
            if !(unfiltered_stands && is_kind_list && l.query.trim().is_empty()) {
                l.search.forget();
            }
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
        self.connections = None;
        self.refind(|e| map.id(e));
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
        }
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
        self.set_data_problem(None);
        Indexed { ds: old, searcher: old_searcher, timeline: old_tl, docs: old_docs }
    }

    /// Why the data on disk did not load, while the last good data is shown.
    pub fn data_problem(&self) -> Option<&DataProblem> {
        self.data_problem.as_deref()
    }

    /// The error list's scroll (the first row shown), while it is open.
    pub fn errors_scroll(&self) -> Option<usize> {
        self.errors_open
    }

    /// Takes in the state of the data on disk: broken (the status bar says
    /// so, in step with the banner) or fine again (the error list closes).
    pub(super) fn set_data_problem(&mut self, problem: Option<Arc<DataProblem>>) {
        match &problem {
            Some(p) => {
                if self.data_problem.as_ref() != Some(p) {
                    self.message = Some(format!("data not reloaded: {} (E lists them)", p.count()));
                }
                if let Some(scroll) = self.errors_open.as_mut() {
                    *scroll = (*scroll).min(p.errors.len().saturating_sub(1));
                }
            }
            None => self.errors_open = None,
        }
        self.data_problem = problem;
    }

    /// Opens the error list, or says there is nothing to list.
    pub(super) fn open_errors(&mut self) {
        if self.data_problem.is_some() {
            self.errors_open = Some(0);
            self.help = None;
        } else {
            self.message = Some("the data on disk has no errors".into());
        }
    }

    /// Scrolls or closes the error list.
    pub(super) fn update_errors(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let len = self.data_problem.as_ref().map_or(0, |p| p.errors.len());
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let last = len.saturating_sub(1);
        let Some(scroll) = self.errors_open.as_mut() else { return Outcome::None };
        match action {
            Action::Down | Action::Mouse(MouseKind::ScrollDown, ..) => *scroll = (*scroll + 1).min(last),
            Action::Up | Action::Mouse(MouseKind::ScrollUp, ..) => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = (*scroll + page).min(last),
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::Cancel | Action::ShowErrors => self.errors_open = None,
            Action::Edit => return self.edit(),
            _ => {}
        }
        Outcome::None
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
