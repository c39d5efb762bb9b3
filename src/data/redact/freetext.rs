//! Free text under redaction: in the redacted dataset, every text that is
//! not masked already (another entry's summary, title, statements, a link's
//! note, a tour's title, caption, note and filter, the dataset's title)
//! has each confidential term in it replaced by [`MASK`]; an entry's id
//! that holds one reads `redacted` there instead, kept unique. Done once,
//! when the redacted dataset is made, so every view of it is clean.

use std::collections::HashSet;
use std::sync::Arc;

use super::MASK;
use super::terms::Terms;
use super::texts::{TextAt, TourText};
use crate::data::model::{Confidential, DatasetInfo, Entity, Links};
use crate::data::tour::Tour;

/// What an id reads where it held a term (ids are `[a-z0-9-]`).
const ID_MASK: &str = "redacted";

/// Entities scanned on one thread, below which threads are not worth it.
const PER_THREAD: usize = 4096;

/// Masks the free text of a redacted dataset's parts: `entities` (an entity
/// is copied only when something in it is masked), links, tours and header.
pub(super) fn mask(
    terms: &Terms,
    entities: &mut [Arc<Entity>],
    links: &mut Links,
    tours: &mut [Tour],
    info: &mut DatasetInfo,
) {
    if terms.is_empty() {
        return;
    }
    let all: Vec<u32> = (0..entities.len() as u32).collect();
    let shown: &[Arc<Entity>] = entities;
    let found = crate::cores::parts_on_all_cores(&all, PER_THREAD, |part| {
        part.iter().filter_map(|&i| masked(terms, &shown[i as usize]).map(|m| (i as usize, m))).collect::<Vec<_>>()
    });
    for (i, texts) in found {
        let e = Arc::make_mut(&mut entities[i]);
        for (at, text) in texts {
            if let Some(t) = at.get_mut(e) {
                *t = text;
            }
        }
    }
    rename_ids(terms, entities);
    for note in links.notes_mut() {
        if let Some(masked) = terms.replace(note, MASK) {
            *note = masked;
        }
    }
    for t in tours.iter_mut() {
        for at in TourText::all(t).into_iter().filter(|at| *at != TourText::Id) {
            if let Some(text) = at.get_mut(t)
                && let Some(m) = terms.replace(text, MASK)
            {
                *text = m;
            }
        }
    }
    for text in [&mut info.title, &mut info.description].into_iter().flatten() {
        if let Some(m) = terms.replace(text, MASK) {
            *text = m;
        }
    }
}

/// The texts of `e` that name or state something confidential, masked;
/// `None` when there are none. A whole confidential entry is masked already.
fn masked(terms: &Terms, e: &Entity) -> Option<Vec<(TextAt, String)>> {
    if e.confidential == Confidential::Whole {
        return None;
    }
    let found: Vec<(TextAt, String)> = TextAt::all(e)
        .into_iter()
        .filter(|at| *at != TextAt::Id && !at.hidden(e))
        .filter_map(|at| Some((at, terms.replace(at.get(e)?, MASK)?)))
        .collect();
    (!found.is_empty()).then_some(found)
}

/// Each id that holds a term reads `redacted` in its place, made unique
/// (`-2`, `-3`, … after it) among every id there is.
fn rename_ids(terms: &Terms, entities: &mut [Arc<Entity>]) {
    let renamed: Vec<(usize, String)> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.confidential != Confidential::Whole)
        .filter_map(|(i, e)| Some((i, terms.replace(&e.id, ID_MASK)?)))
        .collect();
    if renamed.is_empty() {
        return;
    }
    let mut taken: HashSet<String> = entities.iter().map(|e| e.id.clone()).collect();
    for (i, base) in renamed {
        let mut id = base.clone();
        let mut n = 1;
        while taken.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        taken.insert(id.clone());
        Arc::make_mut(&mut entities[i]).id = id;
    }
}

#[cfg(test)]
mod tests {
    use crate::data::redact::redact;

    #[test]
    fn ids_that_name_it_read_redacted_and_stay_unique() {
        let yaml = "firms:\n  - {id: qorvath, name: Qorvath, confidential: true}\n  - {id: redacted-deal, name: A}\n  - {id: qorvath-deal, name: B}\n  - {id: deal-qorvath, name: C, summary: C buys QORVATH.}\n";
        let ds = crate::data::load::load_texts(vec![("d.yaml".into(), yaml.into())]).dataset.expect("valid");
        let shown = redact(&ds);
        let ids: Vec<&str> = shown.entities().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["redacted-1", "redacted-deal", "redacted-deal-2", "deal-redacted"]);
        assert_eq!(shown.lookup("redacted-deal-2").map(|id| id.index()), Some(2));
        assert_eq!(shown.get(shown.lookup("deal-redacted").unwrap()).summary.as_deref(), Some("C buys [redacted]."));
        // What did not change is shared, not copied.
        assert!(std::sync::Arc::ptr_eq(&ds.entities()[1], &shown.entities()[1]));
    }
}
