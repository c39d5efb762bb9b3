//! Reloading only what changed (`load_again`) gives exactly what a full load
//! gives: the same entities, links, tours and report, after an edit, a new
//! file, a deleted one, a renamed one, and a file made invalid and fixed;
//! and an edit that keeps every id in place, validated only where it was
//! made, gives a dataset whose patched index and timeline find what fresh
//! ones find.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dealscope::app::indexed::Indexed;
use dealscope::data::load::{DEMO_FILES, DataSource, Kept, Limits, Reused, load, load_again};
use dealscope::data::model::Dataset;

/// Loads `dir` again through `kept`, and in full; asserts they agree;
/// returns how many files were parsed again.
fn same_as_full(dir: &Path, kept: &mut Kept, changed: &[PathBuf]) -> usize {
    again_as_full(dir, kept, changed).1.parsed
}

/// Like [`same_as_full`]; returns the reloaded dataset (if valid) and what the reload did.
fn again_as_full(dir: &Path, kept: &mut Kept, changed: &[PathBuf]) -> (Option<Dataset>, Reused) {
    let changed: Vec<PathBuf> = changed.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let (again, reused) = load_again(dir, Limits::default(), kept, &changed).expect("loads");
    let full = load(&DataSource::Path(dir.to_path_buf()), Limits::default()).expect("loads");
    assert_eq!(again.report.render(), full.report.render(), "the same report");
    match (&again.dataset, &full.dataset) {
        (Some(a), Some(f)) => {
            assert_eq!(a.entities(), f.entities(), "the same entities");
            assert_eq!(a.links(), f.links(), "the same links");
            assert_eq!(a.tours(), f.tours(), "the same tours");
            assert_eq!(a.files(), f.files());
        }
        (None, None) => {}
        _ => panic!("one load is valid and the other is not"),
    }
    assert_eq!(kept.len(), reused.parsed + reused.kept);
    (again.dataset, reused)
}

/// Asserts an index and timeline patched from `prev` find and show what
/// ones built afresh on the same data do.
fn patched_as_fresh(prev: &Indexed, ds: Dataset) -> Indexed {
    let ds = Arc::new(ds);
    let patched = Indexed::again(prev, Arc::clone(&ds));
    let fresh = Indexed::new(ds);
    assert_eq!(patched.timeline.items(), fresh.timeline.items(), "the same timeline");
    let all: Vec<usize> = (0..fresh.timeline.items().len()).collect();
    let ds = &fresh.ds;
    for q in ["", "x", "xia", "Xi", "huawei", "licen", "cross", "patent", "2023", "雷", "kirin", "zz", "q"] {
        assert_eq!(patched.timeline.search(ds, &all, q), fresh.timeline.search(ds, &all, q), "timeline `{q}`");
        let (a, b) = (patched.searcher.search(ds, q, None, 10_000), fresh.searcher.search(ds, q, None, 10_000));
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "search `{q}`");
    }
    patched
}

/// Writes `file` with its first `from` replaced by `to`.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} holds {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_that_keeps_the_ids_is_validated_where_it_was_made() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (name, text) in DEMO_FILES {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let mut kept = Kept::default();
    let (ds, reused) = again_as_full(dir, &mut kept, &[]);
    assert!(!reused.in_place, "a first load validates everything");
    let mut shown = Indexed::new(Arc::new(ds.expect("the demo data is valid")));
    let firms = dir.join("firms.yaml");
    let people = dir.join("people.yaml");
    let tours = dir.join("tours.yaml");
    let agreements = dir.join("agreements.yaml");
    // Each edit, and whether it keeps every id in place.
    let edits: Vec<(&Path, &str, &str, bool)> = vec![
        // A name: the firm's own items and every item naming it change.
        (&firms, "name: Xiaomi\n", "name: Xiaomi Corporation\n", true),
        // A name that sorts the firm's items elsewhere in the timeline.
        (&firms, "name: Xiaomi Corporation\n", "name: AAA Xiaomi\n", true),
        // A tour's words (a file with no entities).
        (&tours, "title: \"Huawei and Xiaomi", "title: \"Retitled: Huawei and Xiaomi", true),
        // A role's firm, in another file: links move between entities.
        (&people, "firm: xiaomi", "firm: huawei", true),
        // No sources: warnings of the edited file's own (and a source no longer cited).
        (
            &agreements,
            "sources: [mwl-huawei-oppo, daoinsights-huawei-oppo, itweb-huawei-oppo-samsung]",
            "sources: []",
            true,
        ),
        (
            &agreements,
            "sources: []",
            "sources: [mwl-huawei-oppo, daoinsights-huawei-oppo, itweb-huawei-oppo-samsung]",
            true,
        ),
        // A field the format does not know: an error, reported in full.
        (&agreements, "sources: [", "sourcs: [", false),
        (&agreements, "sourcs: [", "sources: [", false),
        // An id renamed: handles move, so everything is validated.
        (&firms, "id: xiaomi\n", "id: xiaomi-corp\n", false),
        (&firms, "id: xiaomi-corp\n", "id: xiaomi\n", false),
    ];
    for (file, from, to, in_place) in edits {
        edit(file, from, to);
        let (ds, reused) = again_as_full(dir, &mut kept, &[file.to_path_buf()]);
        assert_eq!(reused.in_place, in_place, "{from:?} → {to:?}");
        if let Some(ds) = ds {
            assert_eq!(ds.changed_since(&shown.ds).is_some(), in_place, "{from:?} → {to:?}");
            shown = patched_as_fresh(&shown, ds);
        }
    }
    // A loop made by an edit that keeps the ids: an error, reported in full.
    edit(&firms, "id: huawei\n", "id: huawei\n    parent: huawei\n");
    let (ds, reused) = again_as_full(dir, &mut kept, std::slice::from_ref(&firms));
    assert!(ds.is_none() && !reused.in_place);
}

#[test]
fn reloading_what_changed_gives_what_a_full_load_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (name, text) in DEMO_FILES {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let n = DEMO_FILES.len();
    let mut kept = Kept::default();
    assert_eq!(same_as_full(dir, &mut kept, &[]), n, "the first time, everything is parsed");
    assert_eq!(same_as_full(dir, &mut kept, &[]), 0, "nothing changed: nothing parsed");
    // An edit, as the watcher reports it (the same length: only the report of it tells).
    let firms = dir.join("firms.yaml");
    let text = std::fs::read_to_string(&firms).unwrap();
    std::fs::write(&firms, text.replacen("name: Xiaomi\n", "name: Xiaomo\n", 1)).unwrap();
    assert_eq!(same_as_full(dir, &mut kept, std::slice::from_ref(&firms)), 1);
    // A new file, with an entity that links into the rest.
    let extra = dir.join("more.yaml");
    std::fs::write(&extra, "firms:\n  - {id: newco, name: NewCo, parent: huawei, sources: [seed-article]}\n").unwrap();
    assert_eq!(same_as_full(dir, &mut kept, &[]), 1, "a new file: by its size and time, unreported");
    // Renamed: the same text under another name.
    let renamed = dir.join("zz-more.yaml");
    std::fs::rename(&extra, &renamed).unwrap();
    assert_eq!(same_as_full(dir, &mut kept, std::slice::from_ref(&renamed)), 1);
    // Made invalid (an error in another file points into it), then fixed.
    std::fs::write(&renamed, "firms:\n  - {id: newco, name: NewCo, parent: nobody}\n  - {id: huawei, name: Dup}\n")
        .unwrap();
    assert_eq!(same_as_full(dir, &mut kept, std::slice::from_ref(&renamed)), 1);
    std::fs::write(&renamed, "firms:\n  - {id: newco, name: NewCo, sources: [seed-article]}\n").unwrap();
    assert_eq!(same_as_full(dir, &mut kept, std::slice::from_ref(&renamed)), 1);
    // A file kept with a warning of its own moves down when one sorts before
    // it: its warning follows it.
    std::fs::write(dir.join("b-empty.yaml"), "# nothing yet\n").unwrap();
    assert_eq!(same_as_full(dir, &mut kept, &[]), 1);
    std::fs::write(dir.join("a-first.yaml"), "firms:\n  - {id: first, name: First, sources: [seed-article]}\n")
        .unwrap();
    assert_eq!(same_as_full(dir, &mut kept, &[]), 1);
    std::fs::remove_file(dir.join("a-first.yaml")).unwrap();
    std::fs::remove_file(dir.join("b-empty.yaml")).unwrap();
    assert_eq!(same_as_full(dir, &mut kept, &[]), 0);
    // Broken YAML, then deleted.
    std::fs::write(&renamed, "firms: [\n").unwrap();
    assert_eq!(same_as_full(dir, &mut kept, std::slice::from_ref(&renamed)), 1);
    std::fs::remove_file(&renamed).unwrap();
    assert_eq!(same_as_full(dir, &mut kept, &[renamed]), 0, "a deleted file: nothing to parse");
    assert_eq!(kept.len(), n);
}
