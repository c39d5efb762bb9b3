//! The registry of ids while a load is validated: every id's text once,
//! one after another in one string, and a hash table of their numbers,
//! hashed by that text. At 1M entities about 40 MB where a map from owned
//! ids took about 120 (a string for each, and buckets of 32 bytes).

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::data::model::EntityId;

/// An entity of this number is no longer registered (see [`IdMap::remove`]).
const GONE: EntityId = EntityId(u32::MAX);

/// Ids and the entities they name; see the module's header.
#[derive(Default)]
pub(super) struct IdMap {
    /// Every id registered, one after another.
    text: String,
    /// Where each id ends in `text` (the `n`th starts where the one before ends).
    ends: Vec<usize>,
    /// The entity each id names ([`GONE`] once removed).
    values: Vec<EntityId>,
    /// Ids by number, hashed by their text.
    table: HashTable<u32>,
    hasher: std::collections::hash_map::RandomState,
}

impl IdMap {
    /// An empty registry with room for `n` ids.
    pub(super) fn with_capacity(n: usize) -> Self {
        Self {
            text: String::with_capacity(n * 16),
            ends: Vec::with_capacity(n),
            values: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
            hasher: Default::default(),
        }
    }

    /// The text of the `n`th id.
    fn id(&self, n: u32) -> &str {
        id_at(&self.text, &self.ends, n)
    }

    fn find(&self, id: &str) -> Option<u32> {
        self.table.find(self.hasher.hash_one(id), |&n| self.id(n) == id).copied()
    }

    /// The entity `id` names.
    pub(super) fn get(&self, id: &str) -> Option<EntityId> {
        self.find(id).map(|n| self.values[n as usize])
    }

    /// True when `id` is registered.
    pub(super) fn contains_key(&self, id: &str) -> bool {
        self.find(id).is_some()
    }

    /// Registers `id` (not registered yet: the caller looked) as naming `entity`.
    pub(super) fn insert_new(&mut self, id: &str, entity: EntityId) {
        let n = self.values.len() as u32;
        self.text.push_str(id);
        self.ends.push(self.text.len());
        self.values.push(entity);
        let Self { text, ends, table, hasher, .. } = self;
        table.insert_unique(hasher.hash_one(id), n, |&m| hasher.hash_one(id_at(text, ends, m)));
    }

    /// Takes `id` out, giving the entity it named.
    pub(super) fn remove(&mut self, id: &str) -> Option<EntityId> {
        let Self { text, ends, table, hasher, values } = self;
        let entry = table.find_entry(hasher.hash_one(id), |&n| id_at(text, ends, n) == id).ok()?;
        let n = entry.remove().0;
        Some(std::mem::replace(&mut values[n as usize], GONE))
    }

    /// Every registered id with its entity, in the order registered.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, EntityId)> + '_ {
        (0..self.values.len() as u32)
            .filter(|&n| self.values[n as usize] != GONE)
            .map(|n| (self.id(n), self.values[n as usize]))
    }

    /// Every registered id's entity, to be changed in place.
    pub(super) fn values_mut(&mut self) -> impl Iterator<Item = &mut EntityId> {
        self.values.iter_mut().filter(|e| **e != GONE)
    }
}

/// The text of the `n`th id of `text`, whose ids end at `ends`.
fn id_at<'t>(text: &'t str, ends: &[usize], n: u32) -> &'t str {
    let n = n as usize;
    let start = if n == 0 { 0 } else { ends[n - 1] };
    &text[start..ends[n]]
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
        assert_eq!(m.iter().next(), Some(("e-0", EntityId(1))));
    }
}
