//! The index from an entity's id to its handle. It holds no copy of the
//! ids: a hash table of handles, each hashed and compared by the id its
//! entity holds. At 1M entities that is 10 MB where a map from owned ids
//! took about 90 (its buckets, and a second copy of every id).

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;

use super::{Entity, EntityId};

/// See the module's header. Valid for the entities it was built over, and
/// for any with the same ids at the same handles (an edit that keeps them).
#[derive(Debug, Default)]
pub(super) struct IdIndex {
    table: HashTable<EntityId>,
    hasher: std::collections::hash_map::RandomState,
}

impl IdIndex {
    /// Indexes every entity by its id (ids are unique: the loader has seen to it).
    pub(super) fn build(entities: &[Arc<Entity>]) -> Self {
        let hasher = std::collections::hash_map::RandomState::new();
        let mut table = HashTable::with_capacity(entities.len());
        let hash = |e: &EntityId| hasher.hash_one(entities[e.index()].id.as_str());
        for i in 0..entities.len() {
            let e = EntityId(i as u32);
            table.insert_unique(hash(&e), e, hash);
        }
        Self { table, hasher }
    }

    /// The handle of the entity whose id is `id`, among `entities`.
    pub(super) fn get(&self, entities: &[Arc<Entity>], id: &str) -> Option<EntityId> {
        self.table.find(self.hasher.hash_one(id), |e| entities[e.index()].id == id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::{EntityData, Source};

    #[test]
    fn finds_each_id_and_no_other() {
        let entities: Vec<Arc<Entity>> = (0..1000)
            .map(|i| {
                Arc::new(Entity {
                    id: format!("e-{i}"),
                    name: String::new(),
                    aliases: Vec::new(),
                    tags: Vec::new(),
                    summary: None,
                    sources: Vec::new(),
                    extra: Vec::new(),
                    disputed: Vec::new(),
                    confidential: Default::default(),
                    data: EntityData::Source(Source::default()),
                })
            })
            .collect();
        let index = IdIndex::build(&entities);
        for i in [0, 1, 500, 999] {
            assert_eq!(index.get(&entities, &format!("e-{i}")), Some(EntityId(i)));
        }
        assert_eq!(index.get(&entities, "e-1000"), None);
        assert_eq!(index.get(&entities, ""), None);
    }
}
