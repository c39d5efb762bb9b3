//! Where each entity is written: its file. Entities are registered file by
//! file, so each file's handles are one run; the dataset keeps where each
//! run ends. (The line is found when asked, in `data::written`.)

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

/// The line (from 1) of the entity with this id in a data file's text: the
/// line of its `id:` in an entry under one of the kinds' keys (`firms:`,
/// `people:`, …); none when no entry there has that id.
pub fn line_of(text: &str, id: &str) -> Option<usize> {
    use yaml_rust2::parser::{Event, Parser};
    let kinds = super::Kind::ALL.map(super::Kind::key);
    let mut parser = Parser::new_from_str(text);
    // Each open node: true for a mapping, with its key while a value is read.
    let mut stack: Vec<(bool, Option<String>)> = Vec::new();
    let mut expecting_key: Vec<bool> = Vec::new();
    while let Ok((event, mark)) = parser.next_token() {
        let value = match event {
            Event::StreamEnd => return None,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                stack.push((is_map, None));
                expecting_key.push(true);
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                expecting_key.pop();
                end_of_value(&mut stack, &mut expecting_key);
                continue;
            }
            Event::Scalar(s, ..) => s,
            Event::Alias(_) => String::new(),
            _ => continue,
        };
        // An entry of a kind's list: root map → list → entry map.
        let in_kind = stack.len() == 3 && stack[0].1.as_deref().is_some_and(|k| kinds.contains(&k));
        let wants_key = expecting_key.last() == Some(&true);
        match stack.last_mut() {
            Some((true, key)) if wants_key => {
                *key = Some(value);
                if let Some(k) = expecting_key.last_mut() {
                    *k = false;
                }
            }
            Some((true, Some(key))) => {
                if in_kind && key == "id" && value == id {
                    return Some(mark.line().max(1));
                }
                end_of_value(&mut stack, &mut expecting_key);
            }
            _ => {}
        }
    }
    None
}

/// A mapping's value was read: its next scalar is a key again.
fn end_of_value(stack: &mut [(bool, Option<String>)], expecting_key: &mut [bool]) {
    if let (Some((true, _)), Some(k)) = (stack.last(), expecting_key.last_mut()) {
        *k = true;
    }
}

#[cfg(test)]
mod tests {
    use super::line_of;

    #[test]
    fn the_line_of_an_entity_in_any_style() {
        let text = "dataset:\n  title: t\nfirms:\n  - id: acme\n    name: Acme\n  - {id: bolt, name: Bolt}\n\
                    tours:\n  - id: walk\n    title: W\npeople:\n  -\n    name: Ann\n    id: \"ann\"\n";
        assert_eq!(line_of(text, "acme"), Some(4));
        assert_eq!(line_of(text, "bolt"), Some(6));
        assert_eq!(line_of(text, "ann"), Some(13));
        assert_eq!(line_of(text, "walk"), None, "a tour is no entity");
        assert_eq!(line_of(text, "nobody"), None);
    }
}
