//! Building every file's entities on every core, a file at a time on each
//! (the biggest first), once ids are registered: each file's entities,
//! links and issues come back in file order, and each file's raw structs
//! are dropped once built (unless live reload keeps them).

use std::sync::Arc;

use super::build::build;
use super::issue::Issue;
use super::raw::RawFile;
use super::register::Entry;
use super::validate::{Ctx, Ids, entries};
use crate::data::model::{Entity, EntityId, Links};

/// Builds every file's entities: `per_file` says how many entries each file
/// has, `handles` what became of each entry, in order.
pub(super) fn build_files(
    files: Vec<(usize, Arc<RawFile>)>,
    per_file: &[usize],
    handles: &[Entry],
    ids: Ids<'_>,
) -> Vec<Built> {
    crate::cores::each_biggest_first(runs(files, per_file, handles), |r| r.handles.len(), |_, run| build_run(run, ids))
}

/// A file whose entities one thread builds, with what became of each of its
/// entries when ids were registered.
struct Run<'h> {
    file: usize,
    raw: Arc<RawFile>,
    handles: &'h [Entry],
}

/// What a file's run built: its entities and their links, in order, the issues
/// found, the ids its entries cite, and whether each entity lists sources.
pub(super) struct Built {
    pub(super) entities: Vec<Arc<Entity>>,
    pub(super) links: Links,
    pub(super) issues: Vec<Issue>,
    pub(super) cited: Vec<EntityId>,
    pub(super) lists_sources: Vec<bool>,
}

/// Each file with what became of its entries when ids were registered.
fn runs<'h>(files: Vec<(usize, Arc<RawFile>)>, per_file: &[usize], handles: &'h [Entry]) -> Vec<Run<'h>> {
    let mut from = 0;
    files
        .into_iter()
        .zip(per_file)
        .map(|((file, raw), n)| {
            let run = Run { file, raw, handles: &handles[from..from + n] };
            from += n;
            run
        })
        .collect()
}

/// Builds a file's entities, then drops its raw structs (unless live
/// reload keeps them).
fn build_run(run: Run<'_>, ids: Ids<'_>) -> Built {
    let mut ctx = Ctx { issues: Vec::new(), ids };
    let mut out = Built {
        entities: Vec::new(),
        links: Links::default(),
        issues: Vec::new(),
        cited: Vec::new(),
        lists_sources: Vec::new(),
    };
    let mut handles = run.handles.iter();
    for p in entries(run.file, &run.raw) {
        // An entry rejected for its id still counts as citing its sources.
        let claimed = p.raw.disputed().0.iter().flat_map(|d| d.claims.iter().flatten()).flat_map(|c| &c.sources.0);
        let listed = p.raw.sources().map(|l| l.0.as_slice()).unwrap_or_default();
        for t in listed.iter().chain(claimed) {
            if let Some((id, _)) = ctx.ids.get(&t.0) {
                out.cited.push(id);
            }
        }
        match handles.next() {
            Some(Entry::Accepted(me)) => {
                out.lists_sources.push(!listed.is_empty());
                out.entities.push(Arc::new(build(&mut ctx, &p, *me, &mut out.links)));
            }
            // Still checked, so one run reports everything; what it builds is thrown away.
            Some(Entry::Rejected) => drop(build(&mut ctx, &p, EntityId(u32::MAX), &mut Links::default())),
            Some(Entry::Skipped) | None => {}
        }
    }
    drop(run.raw); // unless live reload keeps it (it re-parses only what changed)
    out.issues = ctx.issues;
    out
}
