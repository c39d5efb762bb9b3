//! The data a server serves: the last good dataset with its speaker notes
//! split out, the view of it for sessions without clearance, and the errors
//! of the data on disk while it is broken.

use std::sync::Arc;

use crate::data::model::Dataset;

/// The data every session shows, and what became of the last reload.
#[derive(Clone)]
pub(super) struct Data {
    /// Bumped on each successful reload; locations carry it, since entity
    /// handles mean nothing across datasets.
    pub(super) generation: u64,
    /// The last good data.
    pub(super) ds: Arc<Dataset>,
    /// The errors of the data on disk, while it is broken.
    pub(super) problem: Option<Arc<crate::app::reload::DataProblem>>,
    /// The tours' notes, taken out of `ds`: only the speaker view reads them,
    /// so no explorer session holds a note to show or send.
    pub(super) notes: Arc<crate::data::tour::Notes>,
    /// `ds` redacted, for sessions without clearance (`ds` itself when
    /// nothing is confidential).
    pub(super) redacted: Arc<Dataset>,
    /// What of `ds` is confidential, in words, to keep out of what a
    /// presenter publishes to followers (captions, typed filters).
    pub(super) secrets: Arc<crate::data::redact::Secrets>,
}

impl Data {
    /// Data about to be served: the speaker notes split out, and the view
    /// of those without clearance made.
    pub(super) fn new(generation: u64, ds: Arc<Dataset>) -> Self {
        let mut ds = Arc::unwrap_or_clone(ds);
        let notes = Arc::new(ds.take_notes());
        let ds = Arc::new(ds);
        let secrets = crate::data::redact::Secrets::of(&ds);
        let redacted = crate::data::redact::view(&ds, false);
        Data { generation, ds, problem: None, notes, redacted, secrets: Arc::new(secrets) }
    }

    /// The data a session sees.
    pub(super) fn for_session(&self, cleared: bool) -> Arc<Dataset> {
        Arc::clone(if cleared { &self.ds } else { &self.redacted })
    }
}
