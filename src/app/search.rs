//! The list filter's and the palette's searches. A small search runs at once;
//! a big one becomes a `SearchJob` that the runtime runs on its worker, and
//! its results come back as `Action::SearchDone`, applied only if their ticket
//! is still the latest for that input. A query that extends the last one
//! searches only the last one's matches.

use std::sync::Arc;

use super::{App, DetailState, Focus, PALETTE_LIMIT, View};
use crate::data::model::{Dataset, EntityId, Kind};
use crate::search::worker::{SearchJob, SearchResult, SearchTarget};
use crate::search::{Field, Hit, rank};

/// Candidates above which a search goes to the worker (about 3 ms of work).
pub const BACKGROUND_MIN: usize = 10_000;

/// Where a list's (or the palette's) search stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchState {
    /// The ticket of the search still running, if one is.
    pub ticket: Option<u64>,
    /// The query that search answers.
    pub running_query: Option<String>,
    /// The query whose matches are known and whose first rows are shown
    /// (all of them once no search runs).
    pub done_for: Option<String>,
    /// That query's every match: how many there are, and all a longer query
    /// needs to look at.
    pub matched: Option<Arc<Vec<EntityId>>>,
    /// An entity to select once the results are in (back in history).
    pub select: Option<EntityId>,
    /// How many the presenter's filter matched, when the rows are the
    /// presenter's (a follower's list: its matches are not searched here).
    pub presented: Option<usize>,
}

impl SearchState {
    /// True while results are still coming.
    pub fn running(&self) -> bool {
        self.ticket.is_some()
    }

    /// How many entities match `query`, once known (the rows in view are
    /// then ranked, though more may still be on their way).
    pub fn count(&self, query: &str) -> Option<usize> {
        let count = self.presented.or_else(|| self.matched.as_ref().map(|m| m.len()));
        count.filter(|_| self.done_for.as_deref() == Some(query.trim()))
    }

    /// True while `query`'s first answer is awaited: the view says
    /// "searching…" rather than a count.
    pub fn awaited(&self, query: &str) -> bool {
        self.running() && self.count(query).is_none()
    }

    /// The candidates for `query`: the last matches when it extends their
    /// query, else `all`.
    fn narrowed(&self, query: &str, all: impl FnOnce() -> Vec<EntityId>) -> Arc<Vec<EntityId>> {
        match (&self.done_for, &self.matched) {
            (Some(last), Some(m)) if narrows(last, query) => Arc::clone(m),
            _ => Arc::new(all()),
        }
    }

    /// Takes in a worker's result for the running search: its matches now,
    /// and the end of the search once the ranking is complete.
    fn answered(&mut self, r: &SearchResult) {
        (self.done_for, self.matched) = (Some(r.query.clone()), Some(Arc::clone(&r.matched)));
        if r.complete {
            (self.ticket, self.running_query, self.select) = (None, None, None);
        }
    }

    /// Forgets results that belong to another dataset (after a reload).
    pub(super) fn forget(&mut self) {
        *self = SearchState::default();
    }
}

/// How many entities of each kind match the current kind list's filter, so
/// a list with no match can say where the matches are (and `n` go there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Elsewhere {
    /// The query counted.
    pub query: String,
    /// Matches per kind, in `Kind::ALL` order, once counted.
    pub counts: Option<[usize; Kind::ALL.len()]>,
    /// Every entity that matches `query`, once counted: a longer query
    /// counts among these only.
    matched: Option<Arc<Vec<EntityId>>>,
    /// The worker's ticket while a big count runs.
    ticket: Option<u64>,
}

impl Elsewhere {
    fn counted(ds: &Dataset, query: String, matched: Arc<Vec<EntityId>>) -> Self {
        let mut counts = [0; Kind::ALL.len()];
        for &id in matched.iter() {
            counts[ds.get(id).kind().index()] += 1;
        }
        Self { query, counts: Some(counts), matched: Some(matched), ticket: None }
    }

    /// The presenter's counts for `query` (a follower's list), once counted.
    pub(super) fn presented(query: &str, counts: Option<[usize; Kind::ALL.len()]>) -> Self {
        Self { query: query.to_string(), counts, matched: None, ticket: None }
    }
}

impl App {
    /// The first qualifier of a query that is not understood, in words
    /// (`unknown qualifier `colour:``), for the view to show beside it.
    /// Read from what was made after the last update (a name given by value
    /// costs a scan of the data), else worked out now.
    pub fn query_problem(&self, query: &str) -> Option<String> {
        if !crate::search::query::has_qualifiers(query) {
            return None;
        }
        if let Some(known) = self.derived_problem(query) {
            return known;
        }
        self.searcher.prepare(&self.ds, query).problem().map(str::to_string)
    }

    /// The per-kind match counts of the current kind list's filter, once counted.
    pub fn elsewhere(&self) -> Option<&[usize; Kind::ALL.len()]> {
        let counted = matches!(self.view, View::Kind(_)) && self.elsewhere.query == self.list().query.trim();
        self.elsewhere.counts.as_ref().filter(|_| counted)
    }

    /// Counts the current kind list's filter in every kind (on the worker
    /// for big data), unless that query is counted already.
    pub(super) fn refresh_elsewhere(&mut self) {
        let query = self.list().query.trim().to_string();
        if !matches!(self.view, View::Kind(_)) || query.is_empty() || self.elsewhere.query == query {
            return;
        }
        if self.elsewhere.ticket.is_some() {
            self.cancel(SearchTarget::Elsewhere);
        }
        let ds = Arc::clone(&self.ds);
        let candidates = match (&self.elsewhere.matched, self.elsewhere.query.as_str()) {
            (Some(m), last) if narrows(last, &query) => Arc::clone(m),
            _ => Arc::new(ds.ids().collect()),
        };
        if candidates.len() < BACKGROUND_MIN {
            let matched = self.searcher.matches(&ds, &query, &candidates).iter().map(|h| h.id).collect();
            self.elsewhere = Elsewhere::counted(&ds, query, Arc::new(matched));
            return;
        }
        let ticket = self.next_ticket();
        self.jobs.retain(|j| j.target != SearchTarget::Elsewhere);
        self.jobs.push(SearchJob {
            ticket,
            target: SearchTarget::Elsewhere,
            ds,
            searcher: Arc::clone(&self.searcher),
            query: query.clone(),
            candidates,
            limit: 0,
        });
        self.elsewhere = Elsewhere { query, ticket: Some(ticket), ..Elsewhere::default() };
    }

    /// Shows the next kind after this one whose list matches the filter,
    /// carrying the filter there. Says so when no other kind matches.
    pub(super) fn next_kind_with_matches(&mut self, step: isize) {
        let (View::Kind(here), Some(counts)) = (&self.view, self.elsewhere()) else {
            self.message = Some("no filter: / starts one".into());
            return;
        };
        let (here, n) = (here.index() as isize, Kind::ALL.len() as isize);
        let next = (1..n).map(|i| (here + step * i).rem_euclid(n) as usize).find(|&k| counts[k] > 0);
        let Some(k) = next else {
            self.message = Some("no other kind matches".into());
            return;
        };
        let (query, filtering) = (self.list().query.clone(), self.filtering);
        self.switch_view(View::Kind(Kind::ALL[k]));
        self.focus = Focus::List;
        if self.list().query != query {
            self.set_query(query);
        }
        self.filtering = filtering;
    }

    /// True while a search's results are still coming.
    pub fn searching(&self) -> bool {
        let tag = matches!(self.view, View::Tag(_)) && self.tag_list.search.running();
        tag || self.kind_lists.iter().any(|l| l.search.running())
            || self.palette.as_ref().is_some_and(|p| p.search.running())
    }

    fn next_ticket(&mut self) -> u64 {
        self.ticket += 1;
        self.ticket
    }

    /// Recomputes the current list's rows from its view and filter.
    pub(super) fn refresh_rows(&mut self) {
        let ds = Arc::clone(&self.ds);
        let view = self.view.clone();
        let query = self.list().query.trim().to_string();
        let s = &self.list().search;
        let answered = match s.ticket {
            Some(_) => s.running_query.as_deref() == Some(query.as_str()), // on its way
            None => s.done_for.as_deref() == Some(query.as_str()),         // shown
        };
        if answered {
            return;
        }
        if s.running()
            && let Some(target) = list_target(&view)
        {
            self.cancel(target);
        }
        let all = || match &view {
            View::Kind(k) => ds.of_kind(*k).to_vec(),
            View::Tag(t) => ds.tagged(t),
            View::Timeline | View::Paths | View::Neighbourhood => Vec::new(),
        };
        if query.is_empty() {
            let rows = all().into_iter().map(|id| Hit { id, score: 0, field: Field::Name }).collect();
            self.set_rows(rows, query, None);
            return;
        }
        let candidates = self.list().search.narrowed(&query, all);
        if candidates.len() < BACKGROUND_MIN {
            let mut hits = self.searcher.matches(&ds, &query, &candidates);
            let matched = Arc::new(hits.iter().map(|h| h.id).collect());
            rank(&ds, &mut hits, usize::MAX);
            self.set_rows(hits, query, Some(matched));
            return;
        }
        let Some(target) = list_target(&view) else { return };
        let ticket = self.next_ticket();
        self.jobs.retain(|j| j.target != target);
        self.jobs.push(SearchJob {
            ticket,
            target,
            ds,
            searcher: Arc::clone(&self.searcher),
            query,
            candidates,
            limit: usize::MAX,
        });
        let running = self.jobs.last().map(|j| j.query.clone());
        let s = &mut self.list_mut().search;
        *s = SearchState { ticket: Some(ticket), running_query: running, ..SearchState::default() };
    }

    /// Tells the worker that the running search for `target` is no longer
    /// wanted (a newer ticket with nothing to search).
    pub(super) fn cancel(&mut self, target: SearchTarget) {
        let ticket = self.next_ticket();
        self.jobs.retain(|j| j.target != target);
        self.jobs.push(SearchJob {
            ticket,
            target,
            ds: Arc::clone(&self.ds),
            searcher: Arc::clone(&self.searcher),
            query: String::new(),
            candidates: Arc::new(Vec::new()),
            limit: 0,
        });
    }

    /// Shows rows that fully answer `query`.
    fn set_rows(&mut self, rows: Vec<Hit>, query: String, matched: Option<Arc<Vec<EntityId>>>) {
        let list = self.list_mut();
        list.rows = rows;
        list.selected = list.selected.min(list.rows.len().saturating_sub(1));
        list.search = SearchState { done_for: Some(query), matched, ..SearchState::default() };
        self.keep_visible();
    }

    /// Recomputes the palette's matches.
    pub(super) fn refresh_palette(&mut self) {
        let ds = Arc::clone(&self.ds);
        let searcher = Arc::clone(&self.searcher);
        if self.palette.as_ref().is_some_and(|p| p.search.running()) {
            self.cancel(SearchTarget::Palette);
        }
        let command = self.palette.as_ref().and_then(|p| super::paths::path_command(&ds, &p.query));
        let Some(p) = self.palette.as_mut() else { return };
        p.selected = 0;
        let query = p.query.trim().to_string();
        p.path = command.clone();
        if let Some(ends) = command {
            // `path A B`: the two ends are the hits, and Enter shows the paths.
            p.hits = ends
                .ok()
                .map(|(a, b)| vec![a, b])
                .unwrap_or_default()
                .into_iter()
                .map(|id| Hit { id, score: 0, field: Field::Name })
                .collect();
            p.search = SearchState { done_for: Some(query), ..SearchState::default() };
            return;
        }
        if query.is_empty() {
            p.hits = ds.ids().take(PALETTE_LIMIT).map(|id| Hit { id, score: 0, field: Field::Name }).collect();
            p.search = SearchState { done_for: Some(query), ..SearchState::default() };
            return;
        }
        let candidates = p.search.narrowed(&query, || ds.ids().collect());
        if candidates.len() < BACKGROUND_MIN {
            let mut hits = searcher.matches(&ds, &query, &candidates);
            let matched = Some(Arc::new(hits.iter().map(|h| h.id).collect()));
            rank(&ds, &mut hits, PALETTE_LIMIT);
            p.hits = hits;
            p.search = SearchState { done_for: Some(query), matched, ..SearchState::default() };
            return;
        }
        let ticket = self.next_ticket();
        if let Some(p) = self.palette.as_mut() {
            p.search =
                SearchState { ticket: Some(ticket), running_query: Some(query.clone()), ..SearchState::default() };
        }
        self.jobs.push(SearchJob {
            ticket,
            target: SearchTarget::Palette,
            ds,
            searcher,
            query,
            candidates,
            limit: PALETTE_LIMIT,
        });
    }

    /// Applies a worker's results if they are the latest for their input.
    pub(super) fn apply_search(&mut self, r: &SearchResult) {
        if r.target == SearchTarget::Elsewhere {
            if self.elsewhere.ticket == Some(r.ticket) {
                self.elsewhere = Elsewhere::counted(&self.ds, r.query.clone(), Arc::clone(&r.matched));
            }
            return;
        }
        if r.target == SearchTarget::Palette {
            let Some(p) = self.palette.as_mut() else { return };
            if p.search.ticket != Some(r.ticket) {
                return; // stale: a newer query was typed
            }
            p.hits = r.hits.clone();
            p.selected = p.selected.min(p.hits.len().saturating_sub(1));
            p.search.answered(r);
            return;
        }
        let view = match &r.target {
            SearchTarget::Kind(k) => View::Kind(*k),
            SearchTarget::Tag(t) => View::Tag(t.clone()),
            SearchTarget::Palette | SearchTarget::Elsewhere => return,
        };
        let current = view == self.view;
        let list = match &view {
            View::Kind(k) => &mut self.kind_lists[k.index()],
            View::Tag(_) => &mut self.tag_list,
            View::Timeline | View::Paths | View::Neighbourhood => return,
        };
        if list.search.ticket != Some(r.ticket) {
            return; // stale
        }
        if !current && matches!(view, View::Tag(_)) {
            list.search.ticket = None; // that tag's list was left: its search is moot
            return;
        }
        let before = list.rows.get(list.selected).map(|h| h.id);
        list.rows = r.hits.clone();
        if let Some(want) = list.search.select
            && let Some(i) = list.rows.iter().position(|h| h.id == want)
        {
            list.selected = i;
            list.search.select = None; // found: the cursor is the user's again
        }
        list.selected = list.selected.min(list.rows.len().saturating_sub(1));
        list.search.answered(r);
        let after = list.rows.get(list.selected).map(|h| h.id);
        if current {
            self.keep_visible();
            if before != after {
                self.detail = DetailState::default();
            }
        }
    }
}

/// True when `query`'s matches are among `last`'s: it extends it, and
/// neither has a qualifier (`after:2023` then `after:2023-01` widens).
fn narrows(last: &str, query: &str) -> bool {
    !last.is_empty()
        && query.starts_with(last)
        && !crate::search::query::has_qualifiers(last)
        && !crate::search::query::has_qualifiers(query)
}

/// The worker's name for a view's list (the timeline tab has none).
pub(super) fn list_target(view: &View) -> Option<SearchTarget> {
    match view {
        View::Kind(k) => Some(SearchTarget::Kind(*k)),
        View::Tag(t) => Some(SearchTarget::Tag(t.clone())),
        View::Timeline | View::Paths | View::Neighbourhood => None,
    }
}
