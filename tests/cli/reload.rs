//! Reloading only what changed (`load_again`) gives exactly what a full load
//! gives: the same entities, links, tours and report, after an edit, a new
//! file, a deleted one, a renamed one, and a file made invalid and fixed.

use std::path::{Path, PathBuf};

use dealscope::data::load::{DEMO_FILES, DataSource, Kept, Limits, load, load_again};

/// Loads `dir` again through `kept`, and in full; asserts they agree;
/// returns how many files were parsed again.
fn same_as_full(dir: &Path, kept: &mut Kept, changed: &[PathBuf]) -> usize {
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
    reused.parsed
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
