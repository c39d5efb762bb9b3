//! Where each entity is written: its file. Entities are registered file by
//! file, so each file's handles are one run; the dataset keeps where each
//! run ends. (The line is found when asked, by `data::load::line_of`.)

use std::sync::Arc;

use super::{Dataset, EntityId};

impl Dataset {
    /// The same dataset, told how many entities each of its files holds,
    /// in file order.
    pub(crate) fn with_file_counts(mut self, counts: &[usize]) -> Self {
        let mut end = 0u32;
        self.file_ends = counts
            .iter()
            .map(|&n| {
                end += n as u32;
                end
            })
            .collect();
        debug_assert!(self.file_ends.is_empty() || end as usize == self.entities.len());
        self
    }

    /// The same dataset, told that its entities are written where `other`'s
    /// are (a view of it: redacted, say).
    pub(crate) fn written_as(mut self, other: &Dataset) -> Self {
        self.file_ends = Arc::clone(&other.file_ends);
        self
    }

    /// The name of the file an entity is written in, when known.
    pub fn file_of(&self, id: EntityId) -> Option<&str> {
        let file = self.file_ends.partition_point(|&end| end <= id.0);
        (file < self.file_ends.len()).then(|| self.files.get(file).map(String::as_str)).flatten()
    }
}
