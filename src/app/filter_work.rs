//! The timeline tab's filter over a big timeline, done a slice at a time on
//! the UI thread: each `Action::Tick` from the runtime filters for a few
//! milliseconds and shows what is kept so far, so a key never waits for the
//! whole timeline to be filtered.

use std::time::{Duration, Instant};

use super::App;
use crate::timeline::Filter;

/// Items above which the filter runs in slices.
pub const SLICED_ABOVE: usize = 50_000;
/// Work done per tick, at most (a little more for the last chunk).
const SLICE: Duration = Duration::from_millis(12);
/// Items filtered between two looks at the clock.
const CHUNK: usize = 4096;

/// A filter being applied a slice at a time.
#[derive(Debug, Clone, Default)]
pub(super) struct FilterWork {
    /// The items to filter, in time order.
    source: Vec<usize>,
    /// How far it got.
    next: usize,
    /// The items kept so far.
    kept: Vec<usize>,
    /// The item the cursor was on, to put it back on.
    keep: Option<usize>,
}

impl App {
    /// True while the timeline filter is still being applied (the runtime
    /// then sends `Action::Tick` whenever it has no input to handle).
    pub fn ticking(&self) -> bool {
        self.tl_work.is_some()
    }

    /// How far the timeline filter got: items filtered, of how many.
    pub fn filter_progress(&self) -> Option<(usize, usize)> {
        self.tl_work.as_ref().map(|w| (w.next, w.source.len()))
    }

    /// Applies the timeline filter after its text changed: at once for a
    /// small timeline, else in slices. `narrower` says the text only grew, so
    /// only the items kept so far need looking at.
    pub(super) fn filter_timeline(&mut self, narrower: bool) {
        let keep = self.tl.current();
        let source = match (self.tl_work.take(), narrower) {
            // A slice-filter was under way: what it was filtering holds all
            // that a longer text can keep.
            (Some(w), true) => w.source,
            (None, true) => std::mem::take(&mut self.tl.picked),
            (_, false) => {
                let st = &self.tl;
                let f = Filter { scope: st.scope.clone(), categories: st.categories.clone(), from: None, to: None };
                self.timeline.select(&self.ds, &f)
            }
        };
        // No text keeps everything: nothing to filter, in slices or not.
        if source.len() <= SLICED_ABOVE || self.tl.query.trim().is_empty() {
            self.tl.picked = self.timeline.search(&self.ds, &source, &self.tl.query);
            self.tl.settle(&self.timeline, keep);
            return;
        }
        self.tl_work = Some(FilterWork { source, next: 0, kept: Vec::new(), keep });
        self.tick_filter();
    }

    /// One slice of the timeline filter.
    pub(super) fn tick_filter(&mut self) {
        let Some(mut w) = self.tl_work.take() else { return };
        let start = Instant::now();
        while w.next < w.source.len() && start.elapsed() < SLICE {
            let end = (w.next + CHUNK).min(w.source.len());
            w.kept.extend(self.timeline.search(&self.ds, &w.source[w.next..end], &self.tl.query));
            w.next = end;
        }
        self.tl.picked = w.kept.clone();
        self.tl.settle(&self.timeline, w.keep);
        if w.next < w.source.len() {
            self.tl_work = Some(w);
        }
    }
}
