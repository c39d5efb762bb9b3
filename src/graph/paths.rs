//! The shortest few distinct paths between two entities, each hop with its
//! evidence: the links that join the two entities (worded from the first's
//! side), the date of the agreement, event, product or chip it goes
//! through, and the sources of the entries that state the links.
//!
//! How: one breadth-first pass from the goal, bounded at the most hops
//! asked for, gives every entity's distance to it; a depth-first walk from
//! the start then follows only links that keep a path within the length
//! sought, so it never wanders. Paths of the shortest length come first;
//! if they are fewer than asked, paths one hop longer fill in. Both passes
//! run over petgraph's adjacency; petgraph's own `dijkstra` would explore
//! the whole graph (it has no bound), which at 100k entities costs more
//! than the whole answer may.

use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::{Connections, node};
use crate::data::card::date_of;
use crate::data::date::PartialDate;
use crate::data::model::{Dataset, EntityId};

/// Most paths of one length looked at before ranking them.
const CANDIDATES: usize = 64;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Where it starts.
    #[serde(skip)]
    pub from: EntityId,
    /// Where it leads.
    #[serde(skip)]
    pub to: EntityId,
    /// The links between the two, each worded from `from`'s side
    /// (`parties`, `designed`), with the link's note where it has one.
    pub relations: Vec<String>,
    /// When: the date of the agreement, event, product or chip it goes through.
    pub date: Option<PartialDate>,
    /// The sources of the entries that state the links.
    #[serde(skip)]
    pub sources: Vec<EntityId>,
}

/// A path: hops from the start to the goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The hops, in order.
    pub hops: Vec<Hop>,
}

impl Path {
    /// The newest date on the path.
    pub fn newest(&self) -> Option<PartialDate> {
        self.hops.iter().filter_map(|h| h.date).max()
    }

    /// Distinct sources behind its hops.
    pub fn sources(&self) -> Vec<EntityId> {
        let mut all: Vec<EntityId> = self.hops.iter().flat_map(|h| h.sources.iter().copied()).collect();
        all.sort();
        all.dedup();
        all
    }

    /// The entities it passes through, start and goal included.
    pub fn entities(&self) -> Vec<EntityId> {
        self.hops.first().map(|h| h.from).into_iter().chain(self.hops.iter().map(|h| h.to)).collect()
    }
}

/// The shortest few distinct paths from `a` to `b` of at most `max_hops`
/// hops, at most `limit` of them: shortest first, then the newest, then
/// the best sourced.
pub fn paths(ds: &Dataset, conn: &Connections, a: EntityId, b: EntityId, max_hops: usize, limit: usize) -> Vec<Path> {
    if a == b || limit == 0 || max_hops == 0 {
        return Vec::new();
    }
    let dist = distances(conn, b, max_hops);
    let Some(shortest) = dist[a.index()] else { return Vec::new() };
    let mut found: Vec<Vec<NodeIndex>> = Vec::new();
    for len in [shortest, shortest + 1] {
        if len > max_hops || found.len() >= limit {
            break;
        }
        walk(conn, &dist, node(a), node(b), len, &mut found);
    }
    let mut paths: Vec<Path> = found.iter().map(|nodes| evidence(ds, conn, nodes)).collect();
    paths.sort_by(|x, y| {
        x.hops
            .len()
            .cmp(&y.hops.len())
            .then(y.newest().cmp(&x.newest()))
            .then(y.sources().len().cmp(&x.sources().len()))
    });
    diverse(paths, limit)
}

/// Up to `limit` of the ranked paths, preferring ones that pass through
/// none of the entities a better path already passes through (five paths
/// through the same chip say less than five through different ones); the
/// rest fill any places left, in rank order.
fn diverse(ranked: Vec<Path>, limit: usize) -> Vec<Path> {
    let inner = |p: &Path| -> Vec<EntityId> { p.hops.iter().skip(1).map(|h| h.from).collect() };
    let mut used: Vec<EntityId> = Vec::new();
    // (rank, path): chosen for going through new entities, and the rest.
    let mut chosen: Vec<(usize, Path)> = Vec::new();
    let mut rest: Vec<(usize, Path)> = Vec::new();
    for (rank, p) in ranked.into_iter().enumerate() {
        let through = inner(&p);
        if chosen.len() < limit && !through.iter().any(|e| used.contains(e)) {
            used.extend(through);
            chosen.push((rank, p));
        } else {
            rest.push((rank, p));
        }
    }
    let room = limit.saturating_sub(chosen.len());
    chosen.extend(rest.into_iter().take(room));
    // Back in rank order: shortest, newest, best sourced.
    chosen.sort_by_key(|(rank, _)| *rank);
    chosen.into_iter().map(|(_, p)| p).collect()
}

/// Hops from every entity to `goal`, up to `max` (further: `None`).
fn distances(conn: &Connections, goal: EntityId, max: usize) -> Vec<Option<usize>> {
    let g = conn.graph();
    let mut dist = vec![None; g.node_count()];
    dist[goal.index()] = Some(0);
    let mut level = vec![node(goal)];
    for d in 1..=max {
        let mut next = Vec::new();
        for &n in &level {
            for m in g.neighbors(n) {
                if dist[m.index()].is_none() {
                    dist[m.index()] = Some(d);
                    next.push(m);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    dist
}

/// Adds to `found` the simple paths from `start` to `goal` of exactly `len`
/// hops (up to [`CANDIDATES`] of that length), leaving out any already found.
fn walk(
    conn: &Connections,
    dist: &[Option<usize>],
    start: NodeIndex,
    goal: NodeIndex,
    len: usize,
    found: &mut Vec<Vec<NodeIndex>>,
) {
    let before = found.len();
    // Each frame: a node on the path and the neighbours still to try from it.
    let mut path = vec![start];
    let mut todo: Vec<Vec<NodeIndex>> = vec![next_steps(conn, dist, start, 0, len)];
    while let Some(options) = todo.last_mut() {
        if found.len() - before >= CANDIDATES {
            break;
        }
        let Some(n) = options.pop() else {
            todo.pop();
            path.pop();
            continue;
        };
        if path.contains(&n) {
            continue;
        }
        path.push(n);
        if n == goal {
            if path.len() == len + 1 && !found.contains(&path) {
                found.push(path.clone());
            }
            path.pop();
            continue;
        }
        todo.push(next_steps(conn, dist, n, path.len() - 1, len));
    }
}

/// The neighbours of `n` (at `depth` hops from the start) from which the
/// goal is still reachable within `len` hops, nearest to the goal tried first.
fn next_steps(conn: &Connections, dist: &[Option<usize>], n: NodeIndex, depth: usize, len: usize) -> Vec<NodeIndex> {
    let mut next: Vec<NodeIndex> =
        conn.graph().neighbors(n).filter(|m| dist[m.index()].is_some_and(|d| depth + 1 + d <= len)).collect();
    // Popped from the end: the nearest last, so tried first.
    next.sort_by_key(|m| (std::cmp::Reverse(dist[m.index()]), std::cmp::Reverse(m.index())));
    next.dedup();
    next
}

/// The evidence for each hop of a path of nodes.
fn evidence(ds: &Dataset, conn: &Connections, nodes: &[NodeIndex]) -> Path {
    let links = ds.links();
    let hops = nodes
        .windows(2)
        .map(|w| {
            let (from, to) = (EntityId(w[0].index() as u32), EntityId(w[1].index() as u32));
            let mut relations = Vec::new();
            let mut sources = Vec::new();
            for e in conn.graph().edges_connecting(w[0], w[1]) {
                let l = &links[*e.weight() as usize];
                let words = if l.from == from { l.relation.outward() } else { l.relation.inward() };
                let text = match ds.note(l) {
                    Some(n) => format!("{words} ({n})"),
                    None => words.to_string(),
                };
                if !relations.contains(&text) {
                    relations.push(text);
                }
                sources.extend(ds.get(l.from).sources.iter().copied());
            }
            sources.sort();
            sources.dedup();
            let date = [to, from].into_iter().find_map(|e| date_of(ds.get(e)));
            Hop { from, to, relations, date, sources }
        })
        .collect();
    Path { hops }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load::{DataSource, load};

    fn demo() -> Dataset {
        load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap()
    }

    fn ids(ds: &Dataset, p: &Path) -> Vec<String> {
        p.entities().iter().map(|&e| ds.get(e).id.clone()).collect()
    }

    #[test]
    fn huawei_reaches_smic_through_the_kirin_9000s_with_dates_and_sources() {
        let ds = demo();
        let conn = Connections::new(&ds);
        let (a, b) = (ds.lookup("huawei").unwrap(), ds.lookup("smic").unwrap());
        let found = paths(&ds, &conn, a, b, 6, 5);
        assert!(!found.is_empty() && found.len() <= 5);
        let via = found.iter().find(|p| ids(&ds, p).contains(&"kirin-9000s".to_string()));
        let via = via.unwrap_or_else(|| panic!("{:?}", found.iter().map(|p| ids(&ds, p)).collect::<Vec<_>>()));
        for h in &via.hops {
            assert!(!h.relations.is_empty() && !h.sources.is_empty(), "{h:?}");
        }
        assert!(via.hops.iter().any(|h| h.date.is_some()), "{via:?}");
        // Shortest first; every path distinct; each within 6 hops and simple.
        let lens: Vec<usize> = found.iter().map(|p| p.hops.len()).collect();
        assert!(lens.windows(2).all(|w| w[0] <= w[1]), "{lens:?}");
        let mut seen: Vec<Vec<String>> = found.iter().map(|p| ids(&ds, p)).collect();
        for p in &seen {
            assert_eq!(p.first().map(String::as_str), Some("huawei"));
            assert_eq!(p.last().map(String::as_str), Some("smic"));
            let mut u = p.clone();
            u.sort();
            u.dedup();
            assert_eq!(u.len(), p.len(), "no entity twice: {p:?}");
        }
        seen.dedup();
        assert_eq!(seen.len(), found.len());
    }

    #[test]
    fn lei_jun_reaches_alan_fan_through_the_cross_licence() {
        let ds = demo();
        let conn = Connections::new(&ds);
        let (a, b) = (ds.lookup("lei-jun").unwrap(), ds.lookup("alan-fan").unwrap());
        let found = paths(&ds, &conn, a, b, 6, 5);
        assert!(
            found.iter().any(|p| ids(&ds, p).contains(&"huawei-xiaomi-cross-license".to_string())),
            "{:?}",
            found.iter().map(|p| ids(&ds, p)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn tags_and_citations_are_no_links() {
        let text = "sources:\n  - {id: s, title: S}\nfirms:\n  - {id: a, name: A, tags: [5G], sources: [s]}\n  - {id: b, name: B, tags: [5G], sources: [s]}\n";
        let ds = crate::data::load::load_texts(vec![("t.yaml".into(), text.into())]).dataset.unwrap();
        let conn = Connections::new(&ds);
        let (a, b) = (ds.lookup("a").unwrap(), ds.lookup("b").unwrap());
        assert!(paths(&ds, &conn, a, b, 6, 5).is_empty(), "a shared tag or source joins nothing");
        assert!(paths(&ds, &conn, a, a, 6, 5).is_empty());
    }
}
