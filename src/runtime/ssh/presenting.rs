//! What a presenting session tells everyone else: the speaker view its tour
//! and step, its own status line who joined or left, and followers where it
//! is (with anything confidential it typed masked).

use std::sync::Arc;
use std::time::Instant;

use super::session::SessionSpec;
use super::{Shared, Speaking};
use crate::app::App;

/// Tells the speaker view the presenter's tour and step, if they changed.
pub(super) fn tell_speaker(
    shared: &Shared,
    spec: &SessionSpec,
    generation: u64,
    app: &App,
    told: &mut Option<Speaking>,
) {
    let tour = app.tour().and_then(|(t, step)| {
        let index = app.dataset().tours().iter().position(|x| x.id == t.id)?;
        Some((index, step))
    });
    let tour_id = app.tour().map(|(t, _)| t.id.clone());
    let step = tour.map(|t| t.1);
    let now = Instant::now();
    let key = spec.key.clone();
    let next = match told.as_ref() {
        Some(s) if s.tour == tour && s.generation == generation => return,
        // The same tour and step (after a reload, say): the clocks go on.
        Some(s) if s.tour_id == tour_id && s.tour.map(|t| t.1) == step => {
            Speaking { key, generation, tour, tour_id, tour_since: s.tour_since, step_since: s.step_since }
        }
        Some(s) if s.tour_id == tour_id => {
            Speaking { key, generation, tour, tour_id, tour_since: s.tour_since, step_since: now }
        }
        _ => Speaking { key, generation, tour, tour_id, tour_since: now, step_since: now },
    };
    shared.speaking.send_replace(Some(next.clone()));
    *told = Some(next);
}

/// Who joined or left since the presenter last looked, as a notice.
pub(super) fn roster_notice(
    shared: &Shared,
    me: u64,
    known: &mut std::collections::BTreeMap<u64, String>,
) -> Option<String> {
    let now: std::collections::BTreeMap<u64, String> = {
        let roster = shared.roster.lock().unwrap_or_else(|e| e.into_inner());
        roster.iter().filter(|(id, _)| **id != me).map(|(id, v)| (*id, v.name.clone())).collect()
    };
    let joined: Vec<&str> = now.iter().filter(|(id, _)| !known.contains_key(id)).map(|(_, n)| n.as_str()).collect();
    let left: Vec<&str> = known.iter().filter(|(id, _)| !now.contains_key(id)).map(|(_, n)| n.as_str()).collect();
    // Names when they are few, a count when they are many: the line stays short.
    let say = |what: &str, names: &[&str]| match names.len() {
        1 | 2 => format!("{what}: {}", names.join(", ")),
        n => format!("{n} {what}"),
    };
    let mut parts = Vec::new();
    if !joined.is_empty() {
        parts.push(say("joined", &joined));
    }
    if !left.is_empty() {
        parts.push(say("left", &left));
    }
    let notice = (!parts.is_empty()).then(|| parts.join("; "));
    *known = now;
    notice
}

/// Tells followers where the presenter is now, if that changed.
/// What the presenter typed is kept from them where it could name something
/// confidential: followers may not be cleared.
pub(super) fn publish(shared: &Shared, generation: u64, app: &App) {
    let secrets = Arc::clone(&shared.data.borrow().secrets);
    let here = app.snapshot().concealed(&secrets);
    shared.shown.send_if_modified(|cur| {
        if cur.as_ref().is_some_and(|(g, loc)| *g == generation && **loc == here) {
            false
        } else {
            *cur = Some((generation, Arc::new(here)));
            true
        }
    });
}
