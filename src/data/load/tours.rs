//! Validating tours, once every entity is known: ids and titles, where each
//! step stands (exactly one of `entity`, `tab` and `timeline`), the fields
//! that go with each place, references resolved with suggestions, and the
//! sources behind each step's words.

use std::collections::HashMap;

use super::ids::{is_valid_id, slug};
use super::issue::{Anchor, Issue, Related, Seg, YamlPath};
use super::raw::{RawFile, RawStep, RawTour};
use super::validate::Ctx;
use crate::data::model::{EntityId, Kind, Link};
use crate::data::suggest;
use crate::data::tour::{Place, Step, Tour, TourZoom};

fn path(tour: usize, rest: &[Seg]) -> YamlPath {
    let mut p = vec![Seg::Key("tours".into()), Seg::Index(tour)];
    p.extend_from_slice(rest);
    p
}

fn step_path(tour: usize, step: usize, field: &str) -> YamlPath {
    path(tour, &[Seg::Key("steps".into()), Seg::Index(step), Seg::Key(field.into())])
}

/// True when a link joins `a` and `b`, either way. Links come in the order
/// of the entities they start from (each entity's links are made together,
/// entities in order), so each end's links are found by binary search:
/// a tour's `link` costs no pass over a million entities' links.
fn linked(links: &[Link], a: EntityId, b: EntityId) -> bool {
    let from = |x: EntityId| &links[links.partition_point(|l| l.from < x)..links.partition_point(|l| l.from <= x)];
    from(a).iter().any(|l| l.to == b) || from(b).iter().any(|l| l.to == a)
}

/// Validates every file's tours; returns the good ones, and the sources they cite.
pub(super) fn validate(
    ctx: &mut Ctx,
    files: &[(usize, std::sync::Arc<RawFile>)],
    links: &[Link],
) -> (Vec<Tour>, Vec<EntityId>) {
    debug_assert!(links.is_sorted_by_key(|l| l.from), "links come in the order of the entities they start from");
    let mut tours = Vec::new();
    let mut cited = Vec::new();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (file, raw) in files {
        for (t, rt) in raw.tours.iter().flatten().enumerate() {
            if rt.reported.iter().any(|f| f == "*") {
                continue;
            }
            if let Some(tour) = tour(ctx, *file, t, rt, links, &mut seen, &mut cited) {
                tours.push(tour);
            }
        }
    }
    (tours, cited)
}

fn tour(
    ctx: &mut Ctx,
    file: usize,
    t: usize,
    raw: &RawTour,
    links: &[Link],
    seen: &mut HashMap<String, (usize, usize)>,
    cited: &mut Vec<EntityId>,
) -> Option<Tour> {
    let reported = |f: &str| raw.reported.iter().any(|r| r == f);
    let mut ok = true;
    let id = match &raw.id {
        None if reported("id") => None,
        None => {
            ctx.error(file, Anchor::Value(path(t, &[])), "this tour has no `id`: every tour needs one".into());
            None
        }
        Some(id) if !is_valid_id(&id.0) => {
            let s = slug(&id.0);
            let help = (!s.is_empty()).then(|| format!("ids use lowercase letters, digits and hyphens, such as `{s}`"));
            let msg = format!("malformed tour id `{}`: ids must match [a-z0-9][a-z0-9-]*", id.0);
            ctx.error(file, Anchor::Value(path(t, &[Seg::Key("id".into())])), msg).help = help;
            None
        }
        Some(id) => match seen.get(&id.0) {
            Some(&(first_file, first)) => {
                let related = Related {
                    file: first_file,
                    anchor: Anchor::Value(path(first, &[Seg::Key("id".into())])),
                    message: "first used here".into(),
                };
                let msg = format!("duplicate tour id `{}`: tour ids must be unique", id.0);
                ctx.error(file, Anchor::Value(path(t, &[Seg::Key("id".into())])), msg).related = Some(related);
                None
            }
            None => {
                seen.insert(id.0.clone(), (file, t));
                Some(id.0.clone())
            }
        },
    };
    let title = match &raw.title {
        Some(title) if !title.0.trim().is_empty() => Some(title.0.trim().to_string()),
        _ if reported("title") => None,
        _ => {
            ctx.error(file, Anchor::Value(path(t, &[])), "this tour has no `title`".into());
            None
        }
    };
    let mut steps = Vec::new();
    match &raw.steps {
        Some(list) if !list.is_empty() => {
            for (s, rs) in list.iter().enumerate() {
                match step(ctx, file, t, s, rs, links, cited) {
                    Some(step) => steps.push(step),
                    None => ok = false,
                }
            }
        }
        _ if reported("steps") => ok = false,
        _ => {
            let msg = "this tour has no `steps`: give at least one (`steps: [{title: …, entity: …}]`)";
            ctx.error(file, Anchor::Value(path(t, &[])), msg.into());
            ok = false;
        }
    }
    Some(Tour { id: id?, title: title?, steps }).filter(|_| ok)
}

fn step(
    ctx: &mut Ctx,
    file: usize,
    t: usize,
    s: usize,
    raw: &RawStep,
    links: &[Link],
    cited: &mut Vec<EntityId>,
) -> Option<Step> {
    let at = |field: &str| step_path(t, s, field);
    let whole = || path(t, &[Seg::Key("steps".into()), Seg::Index(s)]);
    let before = ctx.issues.len();
    let title = match &raw.title {
        Some(title) if !title.0.trim().is_empty() => title.0.trim().to_string(),
        _ => {
            ctx.error(file, Anchor::Value(whole()), "this step has no `title`".into());
            String::new()
        }
    };
    let given: Vec<&str> =
        [("entity", raw.entity.is_some()), ("tab", raw.tab.is_some()), ("timeline", raw.timeline.is_some())]
            .into_iter()
            .filter_map(|(name, set)| set.then_some(name))
            .collect();
    if given.len() != 1 {
        let msg = match given.len() {
            0 => "this step does not say where to stand: give one of `entity`, `tab` or `timeline`".to_string(),
            _ => format!(
                "this step gives {}: give only one of them",
                given.iter().map(|g| format!("`{g}`")).collect::<Vec<_>>().join(" and ")
            ),
        };
        ctx.error(file, Anchor::Value(whole()), msg);
    }
    let place = if let Some(e) = &raw.entity {
        ctx.reference(file, || at("entity"), &e.0, None, "entity").map(Place::Entity)
    } else if let Some(tab) = &raw.tab {
        let words: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        match Kind::ALL.iter().find(|k| k.key() == tab.0.trim()) {
            Some(&k) => Some(Place::Tab(k)),
            None => {
                let near = suggest::nearest(tab.0.trim(), words.iter().copied(), 1);
                let help = suggest::did_you_mean(&near).or_else(|| {
                    Some(format!("the tabs are {}; for the timeline give `timeline: [ids]`", words.join(", ")))
                });
                ctx.error(file, Anchor::Value(at("tab")), format!("unknown tab `{}`", tab.0)).help = help;
                None
            }
        }
    } else if let Some(list) = &raw.timeline {
        let mut entities = Vec::new();
        for (i, id) in list.0.iter().enumerate() {
            let mut p = at("timeline");
            p.push(Seg::Index(i));
            if let Some(e) = ctx.reference(file, || p.clone(), &id.0, None, "timeline") {
                if entities.contains(&e) {
                    ctx.error(file, Anchor::Value(p), format!("`{}` is given twice in `timeline`", id.0));
                } else {
                    entities.push(e);
                }
            }
        }
        let zoom = raw.zoom.as_ref().and_then(|z| {
            let found = TourZoom::parse(z.0.trim());
            if found.is_none() {
                let words: Vec<&str> = TourZoom::ALL.iter().map(|(w, _)| *w).collect();
                let help = suggest::did_you_mean(&suggest::nearest(z.0.trim(), words.iter().copied(), 1))
                    .or_else(|| Some(format!("the zooms are {}", words.join(", "))));
                ctx.error(file, Anchor::Value(at("zoom")), format!("unknown zoom `{}`", z.0)).help = help;
            }
            found
        });
        let date = ctx.date(file, || at("date"), &raw.date);
        Some(Place::Timeline { entities, zoom, date })
    } else {
        None
    };
    // Fields that only go with one kind of place.
    let only = |field: &str, set: bool, with: &str| {
        (set && !given.contains(&with)).then(|| (field.to_string(), with.to_string()))
    };
    let misplaced: Vec<(String, String)> = [
        only("zoom", raw.zoom.is_some(), "timeline"),
        only("date", raw.date.is_some(), "timeline"),
        only("link", raw.link.is_some(), "entity"),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (field, with) in misplaced {
        ctx.error(
            file,
            Anchor::Key(at(&field)),
            format!("`{field}` goes with `{with}`, which this step does not give"),
        );
    }
    if raw.filter.is_some() && raw.entity.is_some() {
        let msg = "`filter` goes with `tab` or `timeline`: a step on an entity shows its card".to_string();
        ctx.error(file, Anchor::Key(at("filter")), msg);
    }
    let link = match (&raw.link, &place) {
        (Some(l), Some(Place::Entity(me))) => {
            let me = *me;
            ctx.reference(file, || at("link"), &l.0, None, "link").and_then(|to| {
                let linked = linked(links, me, to);
                if !linked {
                    let msg = format!("`link` must name an entity linked to this step's entity, and `{}` is not", l.0);
                    ctx.error(file, Anchor::Value(at("link")), msg);
                }
                linked.then_some(to)
            })
        }
        _ => None,
    };
    let caption = raw.caption.as_ref().map(|c| c.0.trim().to_string());
    if caption.as_ref().is_some_and(|c| c.contains('\n')) {
        let msg = "a `caption` is one line, for the audience; put the rest in `note`".to_string();
        ctx.error(file, Anchor::Value(at("caption")), msg);
    }
    let mut sources = Vec::new();
    for (i, id) in raw.sources.0.iter().enumerate() {
        let mut p = at("sources");
        p.push(Seg::Index(i));
        if let Some(src) = ctx.reference(file, || p, &id.0, Some(Kind::Source), "sources") {
            sources.push(src);
            cited.push(src);
        }
    }
    let note = raw.note.as_ref().map(|n| n.0.trim_end().to_string());
    if sources.is_empty() && (note.is_some() || caption.is_some()) {
        ctx.issues.push(
            Issue::warning(file, Anchor::Value(whole()), "this step's note or caption cites no sources")
                .with_help(Some("add `sources: [source-id]` naming where its claims come from".into())),
        );
    }
    let failed = ctx.issues[before..].iter().any(|i| i.severity == super::Severity::Error);
    let place = place?;
    let filter = raw.filter.as_ref().map(|f| f.0.trim().to_string()).filter(|f| !f.is_empty());
    (!failed).then_some(Step { title, place, filter, link, note, caption, sources })
}
