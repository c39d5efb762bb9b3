//! Live reload's fast path: validating an edit that keeps every id in
//! place only in the edited files, from what the last load left.

use std::sync::Arc;

use super::build::build;
use super::cycles::check_cycles;
use super::issue::Issue;
use super::raw::RawFile;
use super::validate::{Ctx, Ids, Place, Registry, dataset_info, entries, warn_unsourced};
use crate::data::model::{Dataset, EntityId};

/// What a load that found no errors leaves for the next one (live reload),
/// so that an edit which keeps every id in place is validated only where it
/// was made ([`revalidate`]).
#[derive(Clone)]
pub(crate) struct Basis {
    /// The dataset it gave.
    pub(super) ds: Dataset,
    /// Where each of its entities is written.
    pub(super) places: Vec<Place>,
    /// The issues found while building each file's entities (warnings: it
    /// had no errors), which an unchanged file gives again.
    pub(super) built: Vec<Issue>,
}

/// Validates parsed files again after some of them (`changed`, by index)
/// were edited, from the last load's [`Basis`], when every edited file
/// still has the same entries with the same ids, in the same places, and
/// the same files are there: only the edited files' entities are built
/// (the others would come out the same, since the ids they name are where
/// they were), then the rules across entities (loops, tours, citations) are
/// checked over everything. Gives what `validate` gives, or `None` when
/// the edit is not of that sort or finds an error: then `validate` runs,
/// and reports every error as it always does.
pub(crate) fn revalidate(
    files: &[(usize, Arc<RawFile>)],
    changed: &[usize],
    names: &[String],
    basis: &Basis,
) -> Option<(Dataset, Vec<Issue>, Basis)> {
    if names != basis.ds.files() {
        return None;
    }
    let mut issues = Vec::new();
    let info = dataset_info(files, &mut issues);
    let none = super::unchecked::Unchecked::default();
    let said = super::validate::Said::default();
    let ids = Ids { by_id: Registry::Data(&basis.ds), places: &basis.places, unchecked: &none, said: &said };
    let mut ctx = Ctx { issues, ids };
    let mut rebuilt = Vec::with_capacity(changed.len());
    let mut changed = changed.to_vec();
    changed.sort_unstable();
    for &f in &changed {
        let (_, raw) = files.iter().find(|(i, _)| *i == f)?;
        let first = basis.places.partition_point(|p| (p.file as usize) < f);
        let end = basis.places.partition_point(|p| (p.file as usize) <= f);
        let entries = entries(f, raw);
        if entries.len() != end - first {
            return None;
        }
        let mut entities = Vec::with_capacity(entries.len());
        let mut links = crate::data::model::Links::default();
        for (n, p) in entries.iter().enumerate() {
            let (me, place) = (first + n, &basis.places[first + n]);
            let in_place = p.reported.is_empty()
                && p.raw.kind() == place.kind
                && p.index == place.index as usize
                && p.raw.id().is_some_and(|id| id.0 == basis.ds.get(EntityId(me as u32)).id);
            if !in_place {
                return None;
            }
            entities.push(build(&mut ctx, p, EntityId(me as u32), &mut links));
        }
        rebuilt.push((first as u32..end as u32, entities, links));
    }
    let has_errors = |issues: &[Issue]| issues.iter().any(|i| i.severity == super::Severity::Error);
    if has_errors(&ctx.issues) {
        return None;
    }
    // The unchanged files' building issues are as they were; the edited files' are new.
    let edited = ctx.issues.len();
    let ds = basis.ds.edited(info, names.to_vec(), rebuilt);
    let get = |i: usize| ds.get(EntityId(i as u32));
    check_cycles(&mut ctx, &basis.places, get);
    super::plausible::check(&mut ctx.issues, &basis.places, get);
    let tour_files: Vec<(usize, Arc<RawFile>)> =
        files.iter().filter(|(_, raw)| raw.tours.is_some()).map(|(f, raw)| (*f, Arc::clone(raw))).collect();
    let (tours, tour_sources) = super::tours::validate(&mut ctx, &tour_files, ds.links());
    // With no errors, every source an entry lists or a claim names was
    // found, so the built entities say who cites what.
    let mut cited = vec![false; ds.len()];
    for e in ds.entities() {
        let claimed = e.disputed.iter().flat_map(|d| &d.claims).flat_map(|c| &c.sources);
        for s in e.sources.iter().chain(claimed) {
            cited[s.index()] = true;
        }
    }
    for s in &tour_sources {
        cited[s.index()] = true;
    }
    let lists_sources: Vec<bool> = ds.entities().iter().map(|e| !e.sources.is_empty()).collect();
    warn_unsourced(&mut ctx.issues, &basis.places, get, &cited, &lists_sources);
    if has_errors(&ctx.issues) {
        return None;
    }
    let mut built: Vec<Issue> =
        basis.built.iter().filter(|i| changed.binary_search(&i.file).is_err()).cloned().collect();
    let mut issues = built.clone();
    built.extend_from_slice(&ctx.issues[..edited]);
    issues.append(&mut ctx.issues);
    let ds = ds.with_tours(tours);
    super::leaks::warn(&mut issues, &ds, &basis.places, &super::leaks::Written::of(files));
    let basis = Basis { ds: ds.clone(), places: basis.places.clone(), built };
    Some((ds, issues, basis))
}
