//! Big searches off the UI thread. The app hands the runtime a [`SearchJob`];
//! the runtime gives it to its [`SearchWorker`], which keeps only the latest
//! job for each input (a newer one cancels an older one between chunks) and
//! publishes [`SearchResult`]s: first every match and the rows a screen
//! shows, ranked exactly (see [`crate::search::top`]), then, if more rows
//! were asked for, the complete ranking. The app drops any result whose
//! ticket is not its latest for that input, so a stale result never reaches
//! the screen.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex};

use crate::data::model::{Dataset, EntityId, Kind};
use crate::search::top::Classes;
use crate::search::{Hit, Searcher, rank};

/// Candidates looked at between two looks for a newer job.
const CHUNK: usize = 25_000;
/// Rows ranked before the first answer: more than any screen shows.
pub const TOP_ROWS: usize = 300;

/// Which input a search is for: the worker keeps the latest job of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTarget {
    /// The list of a kind's tab.
    Kind(Kind),
    /// The list of the entities with a tag.
    Tag(String),
    /// The go-to-anything palette.
    Palette,
    /// Counting a kind list's matches in every kind.
    Elsewhere,
}

/// One search to run.
#[derive(Clone)]
pub struct SearchJob {
    /// Increases with every job the app makes; results carry it back.
    pub ticket: u64,
    /// What the results are for.
    pub target: SearchTarget,
    /// The data searched.
    pub ds: Arc<Dataset>,
    /// Its searcher.
    pub searcher: Arc<Searcher>,
    /// What was typed.
    pub query: String,
    /// The entities to search among.
    pub candidates: Arc<Vec<EntityId>>,
    /// Most hits kept.
    pub limit: usize,
}

impl std::fmt::Debug for SearchJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchJob")
            .field("ticket", &self.ticket)
            .field("target", &self.target)
            .field("query", &self.query)
            .field("candidates", &self.candidates.len())
            .finish()
    }
}

impl PartialEq for SearchJob {
    fn eq(&self, other: &Self) -> bool {
        self.ticket == other.ticket
    }
}

impl Eq for SearchJob {}

/// What a search found: every match, and its best rows or all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchResult {
    /// The job's ticket.
    pub ticket: u64,
    /// What the results are for.
    pub target: SearchTarget,
    /// The query they answer.
    pub query: String,
    /// Ranked hits: the best [`TOP_ROWS`] at first, then all (up to the
    /// job's limit) once `complete`.
    pub hits: Vec<Hit>,
    /// Every matching entity: how many matched, and all a longer query
    /// needs to search.
    pub matched: Arc<Vec<EntityId>>,
    /// True when `hits` is the whole ranking (the job's last result).
    pub complete: bool,
}

impl SearchJob {
    /// Runs the job, publishing its results; stops early (publishing nothing
    /// more) as soon as `cancelled` says a newer job waits.
    pub fn run(&self, cancelled: &dyn Fn() -> bool, publish: &mut dyn FnMut(SearchResult)) {
        // Qualifiers are read once, not once a chunk.
        let prepared = self.searcher.prepare(&self.ds, &self.query);
        let mut classes = Classes::default();
        for chunk in self.candidates.chunks(CHUNK) {
            if cancelled() {
                return;
            }
            classes.add(self.searcher.classify(&self.ds, &prepared, chunk));
        }
        let matched = Arc::new(classes.matched());
        let rows = self.limit.min(TOP_ROWS);
        let (mut hits, rest) = classes.score_best(&self.searcher, &self.ds, &prepared, rows);
        let result = |hits, complete| SearchResult {
            ticket: self.ticket,
            target: self.target.clone(),
            query: self.query.clone(),
            hits,
            matched: Arc::clone(&matched),
            complete,
        };
        if !rest.is_empty() && hits.len() < self.limit {
            let mut top = hits.clone();
            rank(&self.ds, &mut top, rows);
            publish(result(top, false));
            for chunk in rest.chunks(CHUNK) {
                if cancelled() {
                    return;
                }
                hits.extend(self.searcher.matches_prepared(&self.ds, &prepared, chunk));
            }
        }
        if cancelled() {
            return;
        }
        rank(&self.ds, &mut hits, self.limit);
        publish(result(hits, true));
    }
}

/// The queue between the app's runtime and the worker thread: at most one
/// job waits for each input, and a newer one for the same input replaces it.
#[derive(Default)]
struct Queue {
    /// Waiting jobs, oldest first.
    jobs: Vec<SearchJob>,
    /// The newest ticket submitted for each input: a job older than its
    /// input's newest is stale.
    newest: Vec<(SearchTarget, u64)>,
    closed: bool,
}

impl Queue {
    fn is_newest(&self, job: &SearchJob) -> bool {
        self.newest.iter().any(|(t, n)| *t == job.target && *n == job.ticket)
    }
}

/// A thread that runs search jobs, latest first.
pub struct SearchWorker {
    queue: Arc<(Mutex<Queue>, Condvar)>,
}

impl SearchWorker {
    /// Starts the worker; `publish` gets every snapshot, on the worker thread.
    pub fn new(publish: impl Fn(SearchResult) + Send + 'static) -> std::io::Result<Self> {
        let queue: Arc<(Mutex<Queue>, Condvar)> = Arc::default();
        let q = Arc::clone(&queue);
        std::thread::Builder::new().name("dealscope-search".into()).spawn(move || {
            let (lock, wake) = &*q;
            loop {
                let job = {
                    let mut g = lock.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if g.closed {
                            return;
                        }
                        if !g.jobs.is_empty() {
                            break g.jobs.remove(0);
                        }
                        g = wake.wait(g).unwrap_or_else(|e| e.into_inner());
                    }
                };
                let stale = || {
                    let g = lock.lock().unwrap_or_else(|e| e.into_inner());
                    g.closed || !g.is_newest(&job)
                };
                // A panic in one search must not end the worker (nor, through
                // the runtime's hook, the terminal): that search is dropped.
                let ran = catch_unwind(AssertUnwindSafe(|| job.run(&stale, &mut |r| publish(r))));
                if ran.is_err() {
                    tracing::warn!("a search for {:?} panicked and was dropped", job.query);
                }
            }
        })?;
        Ok(Self { queue })
    }

    /// Queues a job, replacing any for the same input that has not started;
    /// a running older one for that input stops at its next chunk. A job
    /// with no candidates just cancels the older ones.
    pub fn submit(&self, job: SearchJob) {
        let (lock, wake) = &*self.queue;
        let mut g = lock.lock().unwrap_or_else(|e| e.into_inner());
        g.newest.retain(|(t, _)| *t != job.target);
        g.newest.push((job.target.clone(), job.ticket));
        g.jobs.retain(|j| j.target != job.target);
        if !job.candidates.is_empty() {
            g.jobs.push(job);
        }
        wake.notify_one();
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        let (lock, wake) = &*self.queue;
        lock.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        wake.notify_one();
    }
}
