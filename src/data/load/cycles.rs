//! Chains that loop: a firm that is its own (grand)parent, a chipset its
//! own predecessor; found in linear time after every entity is built.

use super::issue::Anchor;
use super::validate::{Ctx, Place};
use crate::data::model::{Entity, EntityData};

/// Reports chains that loop: a firm that is its own (grand)parent, a chipset its own predecessor.
/// Linear time: each entity is walked once.
pub(super) fn check_cycles<'e>(ctx: &mut Ctx, places: &[Place], entity: impl Fn(usize) -> &'e Entity) {
    let next = |i: usize| match &entity(i).data {
        EntityData::Firm(f) => f.parent.map(|p| (p.index(), "parent")),
        EntityData::Chipset(c) => c.predecessor.map(|p| (p.index(), "predecessor")),
        _ => None,
    };
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; places.len()];
    for start in 0..places.len() {
        let mut path = Vec::new();
        let mut cur = start;
        while state[cur] == NEW {
            state[cur] = ON_PATH;
            path.push(cur);
            let Some((to, field)) = next(cur) else { break };
            if state[to] == ON_PATH {
                let from = path.iter().position(|&x| x == to).unwrap_or(0);
                let chain: Vec<&str> = path[from..].iter().chain([&to]).map(|&i| entity(i).id.as_str()).collect();
                let p = &places[to];
                let msg = format!("`{field}` forms a loop: {}", chain.join(" → "));
                ctx.error(p.file as usize, Anchor::Value(p.path(field)), msg);
                break;
            }
            cur = to;
        }
        for i in path {
            state[i] = DONE;
        }
    }
}
