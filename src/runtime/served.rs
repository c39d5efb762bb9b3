//! The data a server serves: the last good dataset with its speaker notes
//! split out, the view of it for sessions without clearance, and the errors
//! of the data on disk while it is broken.

use std::sync::Arc;

use tracing::{info, warn};

use crate::app::indexed::Indexed;
use crate::runtime::watch::Reloaded;

/// The data every session shows, and what became of the last reload.
#[derive(Clone)]
pub struct Data {
    /// Bumped on each successful reload; locations carry it, since entity
    /// handles mean nothing across datasets.
    pub(crate) generation: u64,
    /// The last good data, indexed.
    pub(crate) full: Indexed,
    /// The errors of the data on disk, while it is broken.
    pub(crate) problem: Option<Arc<crate::app::reload::DataProblem>>,
    /// The tours' notes, taken out of `full`: only the speaker view reads them,
    /// so no explorer session holds a note to show or send.
    pub(crate) notes: Arc<crate::data::tour::Notes>,
    /// `full` redacted, for sessions without clearance (`full` itself when
    /// nothing is confidential), indexed.
    pub(crate) redacted: Indexed,
    /// What of `full` is confidential, in words, to keep out of what a
    /// presenter publishes to followers (captions, typed filters).
    pub(crate) secrets: Arc<crate::data::redact::Secrets>,
}

impl Data {
    /// Data about to be served: the speaker notes split out, and the view
    /// of those without clearance made and indexed (from `before`'s where
    /// that can be patched). Built once for every session.
    pub(crate) fn new(generation: u64, data: Indexed, before: Option<&Data>) -> Self {
        let Indexed { ds, searcher, timeline, docs } = data;
        // Notes are not indexed: the index and timeline stay good without
        // them. (A dataset's clone shares its entities and links.)
        let mut ds = Arc::unwrap_or_clone(ds);
        let notes = Arc::new(ds.take_notes());
        let ds = Arc::new(ds);
        let secrets = crate::data::redact::Secrets::of(&ds);
        let shown = crate::data::redact::view(&ds, false);
        let full = Indexed { ds, searcher, timeline, docs };
        let redacted = if Arc::ptr_eq(&shown, &full.ds) {
            full.clone()
        } else {
            match before {
                Some(b) => Indexed::again(&b.redacted, shown),
                None => Indexed::new(shown),
            }
        };
        Data { generation, full, problem: None, notes, redacted, secrets: Arc::new(secrets) }
    }

    /// The data a session sees, indexed.
    pub(crate) fn for_session(&self, cleared: bool) -> Indexed {
        if cleared { self.full.clone() } else { self.redacted.clone() }
    }
}

/// Takes a reload in: new data for every session (made before the swap, so
/// no session waits on it), or the errors of the data on disk.
pub(crate) fn take_in(data: &tokio::sync::watch::Sender<Data>, reload: Reloaded) {
    match reload {
        Reloaded::Data(indexed) => {
            info!("data reloaded: {} entities", indexed.ds.len());
            let before = data.borrow().clone();
            let next = Data::new(before.generation + 1, indexed, Some(&before));
            data.send_modify(|d| *d = next);
        }
        Reloaded::Invalid(problem) => {
            warn!("data not reloaded: {}; the first: {}", problem.count(), problem.headline());
            data.send_modify(|d| d.problem = Some(problem));
        }
    }
}
