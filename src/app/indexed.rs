//! A dataset with what the explorer builds over it: the search index and
//! the timeline. They are built once per dataset, off the UI thread (by the
//! loader, by the reload thread, by the server for all its sessions), and
//! shared: an explorer takes them ready-made, so a reload of a million
//! entities never stalls the keys, and a hundred sessions hold one index.

use std::fmt;
use std::sync::Arc;

use super::derived::Docs;
use crate::data::model::Dataset;
use crate::search::Searcher;
use crate::timeline::Timeline;

/// A dataset, its search index and its timeline.
#[derive(Clone)]
pub struct Indexed {
    /// The data.
    pub ds: Arc<Dataset>,
    /// Its search index.
    pub searcher: Arc<Searcher>,
    /// Its timeline.
    pub timeline: Arc<Timeline>,
    /// Its cards' documents, made once for every app showing them.
    pub docs: Arc<Docs>,
}

impl Indexed {
    /// Builds the index and the timeline of a dataset, side by side on two
    /// threads when the machine has them.
    pub fn new(ds: Arc<Dataset>) -> Self {
        let (searcher, timeline) = both(|| Searcher::new(&ds), || Timeline::build(&ds));
        Self { ds, searcher: Arc::new(searcher), timeline: Arc::new(timeline), docs: Arc::default() }
    }

    /// The index and timeline of `ds`, reusing `prev`'s where `ds` says it
    /// differs from `prev.ds` only in some entities (an edit that kept every
    /// id in place, see [`Dataset::changed_since`]); else built anew.
    pub fn again(prev: &Indexed, ds: Arc<Dataset>) -> Self {
        let Some(changed) = ds.changed_since(&prev.ds) else { return Self::new(ds) };
        let (searcher, timeline) = both(|| prev.searcher.patched(&ds, changed), || prev.timeline.patched(&ds, changed));
        Self { ds, searcher: Arc::new(searcher), timeline: Arc::new(timeline), docs: Arc::default() }
    }
}

/// Runs `a` on a thread of its own and `b` on this one.
fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if crate::cores::count() < 2 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let first = s.spawn(a);
        let second = b();
        (first.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), second)
    })
}

impl From<Arc<Dataset>> for Indexed {
    fn from(ds: Arc<Dataset>) -> Self {
        Self::new(ds)
    }
}

/// The same data: the same dataset, index and timeline (not equal copies).
impl PartialEq for Indexed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.ds, &other.ds)
            && Arc::ptr_eq(&self.searcher, &other.searcher)
            && Arc::ptr_eq(&self.timeline, &other.timeline)
    }
}

impl Eq for Indexed {}

impl fmt::Debug for Indexed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Indexed").field("entities", &self.ds.len()).finish_non_exhaustive()
    }
}
