//! The neighbourhood of an entity: its neighbours over the same links as
//! [`Connections`] (tags and citations left out, sources too), grouped by
//! relation worded from the centre's side ("designed", "agreements"),
//! each group capped so a hub stays readable; at depth 2, each neighbour's
//! own neighbours two hops from the centre, capped too. Pure data: the
//! neighbourhood view (`N`) and `dealscope graph` both draw it.

use super::{Connections, node};
use crate::data::card::date_of;
use crate::data::date::PartialDate;
use crate::data::model::{Dataset, EntityId, Kind, Relation};

/// Most neighbours a group shows; the rest are counted.
pub const GROUP_CAP: usize = 8;
/// Most entities shown beyond one neighbour at depth 2; the rest are counted.
pub const BEYOND_CAP: usize = 4;

/// An entity two hops from the centre, reached through a neighbour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beyond {
    /// The entity.
    pub entity: EntityId,
    /// The link from the neighbour to it, worded from the neighbour's side.
    pub relation: &'static str,
}

/// A neighbour of the centre, with (at depth 2) what lies beyond it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    /// The entity.
    pub entity: EntityId,
    /// At depth 2, its neighbours two hops from the centre (at most
    /// [`BEYOND_CAP`]; given only where it first appears, so no entity's
    /// surroundings are listed twice).
    pub beyond: Vec<Beyond>,
    /// How many more there are beyond it than listed.
    pub beyond_more: usize,
}

/// The neighbours joined to the centre by one relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The relation, worded from the centre's side (`parties`, `designed`).
    pub relation: &'static str,
    /// Its neighbours, newest first (undated last, by name), at most [`GROUP_CAP`].
    pub members: Vec<Neighbour>,
    /// How many more it has than listed.
    pub more: usize,
}

/// An entity and what surrounds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The entity in the middle.
    pub centre: EntityId,
    /// 1: its neighbours; 2: their neighbours as well.
    pub depth: u8,
    /// Its neighbours by relation: the relations the centre holds first,
    /// then those held on it, each in the data model's order.
    pub groups: Vec<Group>,
    /// How many entities the picture shows besides the centre (the length
    /// of [`Neighbourhood::entities`]), counted once.
    pub shown: usize,
}

impl Neighbourhood {
    /// The neighbourhood of `centre` at `depth` (1, or 2 for anything more).
    pub fn new(ds: &Dataset, conn: &Connections, centre: EntityId, depth: u8) -> Self {
        let depth = depth.clamp(1, 2);
        // (relation, held by the centre?) → neighbours.
        let mut by: Vec<((Relation, bool), Vec<EntityId>)> = Vec::new();
        for (entity, relation, held) in links_of(ds, conn, centre) {
            match by.iter_mut().find(|(k, _)| *k == (relation, held)) {
                Some((_, v)) => v.push(entity),
                None => by.push(((relation, held), vec![entity])),
            }
        }
        by.sort_by_key(|&((r, held), _)| (!held, r));
        // Sorted, to look up in (a hub has thousands).
        let mut near: Vec<EntityId> = by.iter().flat_map(|(_, v)| v.iter().copied()).collect();
        near.sort();
        near.dedup();
        let mut described: Vec<EntityId> = Vec::new();
        let groups = by
            .into_iter()
            .map(|((relation, held), mut all)| {
                sort_newest_first(ds, &mut all);
                all.dedup();
                let more = all.len().saturating_sub(GROUP_CAP);
                let members = all
                    .into_iter()
                    .take(GROUP_CAP)
                    .map(|entity| {
                        let mut n = Neighbour { entity, beyond: Vec::new(), beyond_more: 0 };
                        if depth == 2 && !described.contains(&entity) {
                            described.push(entity);
                            let mut far = beyond(ds, conn, centre, entity, &near);
                            n.beyond_more = far.len().saturating_sub(BEYOND_CAP);
                            far.truncate(BEYOND_CAP);
                            n.beyond = far;
                        }
                        n
                    })
                    .collect();
                Group { relation: if held { relation.outward() } else { relation.inward() }, members, more }
            })
            .collect();
        let mut hood = Self { centre, depth, groups, shown: 0 };
        hood.shown = hood.entities().len();
        hood
    }

    /// Every neighbour listed (each once), then every entity beyond them
    /// (each once): the entities a picture of it shows besides the centre.
    pub fn entities(&self) -> Vec<EntityId> {
        let mut seen = std::collections::HashSet::from([self.centre]);
        let near = self.groups.iter().flat_map(|g| g.members.iter().map(|m| m.entity));
        let far = self.groups.iter().flat_map(|g| g.members.iter().flat_map(|m| m.beyond.iter().map(|b| b.entity)));
        near.chain(far).filter(|&e| seen.insert(e)).collect()
    }
}

/// The entity's links in the graph, but none to a source or to itself:
/// (the other entity, the relation, whether the entity holds it).
fn links_of(ds: &Dataset, conn: &Connections, e: EntityId) -> Vec<(EntityId, Relation, bool)> {
    let links = ds.links();
    let mut out = Vec::new();
    for edge in conn.graph().edges(node(e)) {
        let l = &links[*edge.weight() as usize];
        let (other, held) = if l.from == e { (l.to, true) } else { (l.from, false) };
        if other != e && ds.get(other).kind() != Kind::Source {
            out.push((other, l.relation, held));
        }
    }
    out
}

/// The neighbours of `via` two hops from `centre` (not the centre, not one
/// of its neighbours `near`, which is sorted), newest first, each once with its
/// first relation.
fn beyond(ds: &Dataset, conn: &Connections, centre: EntityId, via: EntityId, near: &[EntityId]) -> Vec<Beyond> {
    let mut found: Vec<(EntityId, Relation, bool)> = links_of(ds, conn, via)
        .into_iter()
        .filter(|(e, _, _)| *e != centre && near.binary_search(e).is_err())
        .collect();
    // Each entity once, with the first of its relations in the model's order.
    found.sort_by_key(|&(e, r, held)| (e, !held, r));
    found.dedup_by_key(|(e, _, _)| *e);
    let mut out: Vec<Beyond> = found
        .into_iter()
        .map(|(entity, r, held)| Beyond { entity, relation: if held { r.outward() } else { r.inward() } })
        .collect();
    out.sort_by_cached_key(|b| order_key(ds, b.entity));
    out
}

/// Newest first (so a capped hub keeps what is current), the undated after
/// them, each by name.
fn sort_newest_first(ds: &Dataset, v: &mut [EntityId]) {
    v.sort_by_cached_key(|&e| order_key(ds, e));
}

fn order_key(ds: &Dataset, e: EntityId) -> (std::cmp::Reverse<Option<PartialDate>>, String, String) {
    let x = ds.get(e);
    (std::cmp::Reverse(date_of(x)), x.name.to_lowercase(), x.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load::{DataSource, load, load_texts};

    fn demo() -> Dataset {
        load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap()
    }

    fn ids(ds: &Dataset, g: &Group) -> Vec<String> {
        g.members.iter().map(|m| ds.get(m.entity).id.clone()).collect()
    }

    #[test]
    fn huawei_is_grouped_by_relation_from_its_side_and_capped() {
        let ds = demo();
        let conn = Connections::new(&ds);
        let huawei = ds.lookup("huawei").unwrap();
        let n = Neighbourhood::new(&ds, &conn, huawei, 1);
        assert_eq!(n.depth, 1);
        let subsidiaries = n.groups.iter().find(|g| g.relation == "subsidiaries").expect("huawei owns HiSilicon");
        assert_eq!(ids(&ds, subsidiaries), ["hisilicon"]);
        let agreements = n.groups.iter().find(|g| g.relation == "agreements").expect("huawei is a party");
        assert!(ids(&ds, agreements).contains(&"huawei-xiaomi-cross-license".to_string()));
        assert!(n.groups.iter().any(|g| g.more > 0), "the demo's Huawei has a group over the cap");
        // Every group is within its cap, and what it leaves out is counted.
        let total: usize = n.groups.iter().map(|g| g.members.len() + g.more).sum();
        let linked = links_of(&ds, &conn, huawei);
        let mut distinct: Vec<(EntityId, &str)> =
            linked.iter().map(|&(e, r, held)| (e, if held { r.outward() } else { r.inward() })).collect();
        distinct.sort();
        distinct.dedup();
        assert_eq!(total, distinct.len());
        for g in &n.groups {
            assert!(g.members.len() <= GROUP_CAP, "{}", g.relation);
            assert!(g.more == 0 || g.members.len() == GROUP_CAP, "{}", g.relation);
            let keys: Vec<_> = g.members.iter().map(|m| order_key(&ds, m.entity)).collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]), "newest first, then by name: {keys:?}");
            assert!(g.members.iter().all(|m| m.beyond.is_empty() && m.beyond_more == 0), "depth 1 looks no further");
        }
        // No source, and not the centre itself.
        assert!(n.entities().iter().all(|&e| e != huawei && ds.get(e).kind() != Kind::Source));
    }

    #[test]
    fn a_hub_leaves_the_rest_of_a_big_group_counted() {
        let mut text = String::from("firms:\n  - {id: hub, name: Hub}\n  - {id: o, name: O}\nagreements:\n");
        for i in 0..20 {
            text.push_str(&format!("  - {{id: d{i:02}, title: Deal {i:02}, parties: [hub, o]}}\n"));
        }
        let ds = load_texts(vec![("t.yaml".into(), text)]).dataset.unwrap();
        let conn = Connections::new(&ds);
        let n = Neighbourhood::new(&ds, &conn, ds.lookup("hub").unwrap(), 1);
        assert_eq!(n.groups.len(), 1);
        assert_eq!(n.groups[0].relation, "agreements");
        assert_eq!(n.groups[0].members.len(), GROUP_CAP);
        assert_eq!(n.groups[0].more, 20 - GROUP_CAP);
        assert_eq!(ds.get(n.groups[0].members[0].entity).id, "d00");
        // From a deal's side the hub is one of its parties.
        let d = Neighbourhood::new(&ds, &conn, ds.lookup("d03").unwrap(), 1);
        assert_eq!(d.groups.len(), 1);
        assert_eq!(d.groups[0].relation, "parties");
        assert_eq!(ids(&ds, &d.groups[0]), ["hub", "o"]);
    }

    #[test]
    fn depth_two_lists_what_lies_two_hops_away_once_and_capped() {
        let mut text =
            String::from("firms:\n  - {id: a, name: A}\n  - {id: b, name: B}\n  - {id: c, name: C}\nagreements:\n");
        text.push_str("  - {id: ab, title: AB, parties: [a, b]}\n");
        for i in 0..6 {
            text.push_str(&format!("  - {{id: b{i}, title: B{i}, parties: [b, c]}}\n"));
        }
        let ds = load_texts(vec![("t.yaml".into(), text)]).dataset.unwrap();
        let conn = Connections::new(&ds);
        let a = ds.lookup("a").unwrap();
        let one = Neighbourhood::new(&ds, &conn, a, 1);
        let two = Neighbourhood::new(&ds, &conn, a, 2);
        assert_eq!(two.depth, 2);
        assert_eq!(one.entities().len(), 1, "A's one neighbour: the deal AB");
        let ab = &two.groups[0].members[0];
        assert_eq!(ds.get(ab.entity).id, "ab");
        assert_eq!(ab.beyond.len(), 1);
        assert_eq!(ds.get(ab.beyond[0].entity).id, "b");
        assert_eq!(ab.beyond[0].relation, "parties");
        // B's own deals are three hops from A: not shown.
        assert_eq!(two.entities().len(), 2);
        // From B, depth 2 reaches A through AB, and the cap holds: B0…B5 have nothing beyond.
        let from_b = Neighbourhood::new(&ds, &conn, ds.lookup("b").unwrap(), 2);
        let agreements = &from_b.groups[0];
        assert_eq!(agreements.members.len(), 7);
        let via_ab = agreements.members.iter().find(|m| ds.get(m.entity).id == "ab").unwrap();
        assert_eq!(via_ab.beyond.iter().map(|x| ds.get(x.entity).id.as_str()).collect::<Vec<_>>(), ["a"]);
        // Depth is 1 or 2.
        assert_eq!(Neighbourhood::new(&ds, &conn, a, 0).depth, 1);
        assert_eq!(Neighbourhood::new(&ds, &conn, a, 9).depth, 2);
    }

    #[test]
    fn a_hub_at_depth_two_caps_what_lies_beyond() {
        let mut text = String::from("firms:\n  - {id: c, name: C}\n");
        let mut parties = String::from("c");
        for i in 0..10 {
            text.push_str(&format!("  - {{id: f{i}, name: F{i}}}\n"));
            parties.push_str(&format!(", f{i}"));
        }
        text.push_str(&format!("agreements:\n  - {{id: d, title: D, parties: [{parties}]}}\n"));
        let ds = load_texts(vec![("t.yaml".into(), text)]).dataset.unwrap();
        let conn = Connections::new(&ds);
        let n = Neighbourhood::new(&ds, &conn, ds.lookup("c").unwrap(), 2);
        let d = &n.groups[0].members[0];
        let far: Vec<&str> = d.beyond.iter().map(|b| ds.get(b.entity).id.as_str()).collect();
        assert_eq!(far, ["f0", "f1", "f2", "f3"]);
        assert_eq!(d.beyond_more, 10 - BEYOND_CAP);
        assert!(d.beyond.iter().all(|b| b.relation == "parties"));
        // A source's citations connect nothing: sources are left out.
        let cited = "sources:\n  - {id: s, title: S}\nfirms:\n  - {id: a, name: A, sources: [s]}\n";
        let ds = load_texts(vec![("t.yaml".into(), cited.into())]).dataset.unwrap();
        let conn = Connections::new(&ds);
        assert!(Neighbourhood::new(&ds, &conn, ds.lookup("a").unwrap(), 2).groups.is_empty());
        assert!(Neighbourhood::new(&ds, &conn, ds.lookup("s").unwrap(), 2).groups.is_empty());
    }
}
