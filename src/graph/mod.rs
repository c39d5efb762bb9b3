//! Connections between entities: the links of a dataset as an undirected
//! graph (petgraph), and what is asked of it: the shortest few paths
//! between two entities with each hop's evidence (`paths`).
//!
//! Only links count: tags are not links (everything tagged #5G would
//! connect everything), and a source's citations are evidence, not
//! connections, so sources stand apart.

pub mod neighbourhood;
pub mod paths;

use petgraph::graph::{NodeIndex, UnGraph};

use crate::data::model::{Dataset, EntityId, Relation};

/// The links of one dataset as a graph: node `i` is entity `i`, and each
/// edge carries the index of its link in `Dataset::links`.
pub struct Connections {
    graph: UnGraph<(), u32>,
}

impl Connections {
    /// The graph of a dataset's links (citations left out).
    pub fn new(ds: &Dataset) -> Self {
        let links = ds.links();
        let mut graph = UnGraph::with_capacity(ds.len(), links.len());
        for _ in 0..ds.len() {
            graph.add_node(());
        }
        for (i, l) in links.iter().enumerate() {
            // Seen as of a day, only the links the day had.
            if l.relation != Relation::Cites && l.from != l.to && ds.has_link(i) {
                graph.add_edge(node(l.from), node(l.to), i as u32);
            }
        }
        Self { graph }
    }

    /// The graph itself.
    pub fn graph(&self) -> &UnGraph<(), u32> {
        &self.graph
    }
}

/// The node of an entity.
fn node(id: EntityId) -> NodeIndex {
    NodeIndex::new(id.index())
}
