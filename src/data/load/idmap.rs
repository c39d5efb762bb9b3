//! The registry of ids while a load is validated: every id's text once,
//! one after another in one string, and a hash table of where each is
//! and the entity it names, hashed by that text. At 1M entities about 50 MB
//! where a map from owned ids took about 120 (a string for each, and
//! buckets of 32 bytes).

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::data::model::EntityId;

/// A registered id: where its text is, and the entity it names. Kept in
/// the table itself, so that a lookup reads the table and the text, and
/// nothing else (a million lookups into a million ids wait on memory).
#[derive(Clone, Copy)]
struct Slot {
    start: usize,
    len: u32,
    entity: EntityId,
}

/// Ids and the entities they name; see the module's header.
#[derive(Default)]
pub(super) struct IdMap {
    /// Every id registered, one after another (a removed one's text stays).
    text: String,
    /// The ids, hashed by their text.
    table: HashTable<Slot>,
    hasher: std::collections::hash_map::RandomState,
}

/// The text of an id (none if it was too long to be registered whole).
fn text_of(text: &str, slot: Slot) -> Option<&str> {
    text.get(slot.start..slot.start.checked_add(slot.len as usize)?)
}

impl IdMap {
    /// An empty registry with room for `n` ids.
    pub(super) fn with_capacity(n: usize) -> Self {
        Self { text: String::with_capacity(n * 16), table: HashTable::with_capacity(n), hasher: Default::default() }
    }

    fn slot(&self, id: &str) -> Option<Slot> {
        self.table.find(self.hasher.hash_one(id), |&s| text_of(&self.text, s) == Some(id)).copied()
    }

    /// The entity `id` names.
    pub(super) fn get(&self, id: &str) -> Option<EntityId> {
        self.slot(id).map(|s| s.entity)
    }

    /// True when `id` is registered.
    pub(super) fn contains_key(&self, id: &str) -> bool {
        self.slot(id).is_some()
    }

    /// Registers `id` (not registered yet: the caller looked) as naming `entity`.
    pub(super) fn insert_new(&mut self, id: &str, entity: EntityId) {
        // An id of 4 GiB or more (never a valid one) is registered cut short, so it is never found.
        let slot = Slot { start: self.text.len(), len: u32::try_from(id.len()).unwrap_or(0), entity };
        self.text.push_str(id);
        let Self { text, table, hasher } = self;
        table.insert_unique(hasher.hash_one(id), slot, |&s| hasher.hash_one(text_of(text, s).unwrap_or_default()));
    }

    /// Takes `id` out, giving the entity it named.
    pub(super) fn remove(&mut self, id: &str) -> Option<EntityId> {
        let Self { text, table, hasher } = self;
        let entry = table.find_entry(hasher.hash_one(id), |&s| text_of(text, s) == Some(id)).ok()?;
        Some(entry.remove().0.entity)
    }

    /// Every registered id with its entity (in no order).
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, EntityId)> + '_ {
        self.table.iter().filter_map(|&s| Some((text_of(&self.text, s)?, s.entity)))
    }

    /// Every registered id's entity, to be changed in place.
    pub(super) fn values_mut(&mut self) -> impl Iterator<Item = &mut EntityId> {
        self.table.iter_mut().map(|s| &mut s.entity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_registered_and_forgets_what_was_removed() {
        let mut m = IdMap::with_capacity(2);
        for i in 0..1000u32 {
            m.insert_new(&format!("e-{i}"), EntityId(i));
        }
        m.insert_new("", EntityId(1000));
        assert_eq!(m.get("e-0"), Some(EntityId(0)));
        assert_eq!(m.get("e-999"), Some(EntityId(999)));
        assert_eq!(m.get(""), Some(EntityId(1000)));
        assert_eq!(m.get("e-1000"), None);
        assert_eq!(m.remove("e-5"), Some(EntityId(5)));
        assert_eq!(m.remove("e-5"), None);
        assert!(!m.contains_key("e-5") && m.contains_key("e-6"));
        for e in m.values_mut() {
            e.0 += 1;
        }
        assert_eq!(m.get("e-6"), Some(EntityId(7)));
        assert_eq!(m.iter().count(), 1000);
        assert!(m.iter().all(|(id, _)| id != "e-5"));
        assert!(m.iter().any(|e| e == ("e-0", EntityId(1))));
    }
}
