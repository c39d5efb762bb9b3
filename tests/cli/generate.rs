//! `dealscope gen`: valid, deterministic data at any size.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::run;

/// Every file of a directory, by name, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_thousand_entities_pass_check_and_the_same_seed_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    for (dir, seed) in [(&a, "42"), (&b, "42"), (&c, "43")] {
        let (code, out, err) = run(&["gen", "--entities", "1000", "--seed", seed, "--out", dir.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("wrote 1000 entities in "), "{out}");
    }
    let (code, out, err) = run(&["--data", a.to_str().unwrap(), "check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1000 entities"), "{out}");
    assert!(out.contains("0 errors and 0 warnings"), "{out}");
    for kind in ["firms", "people", "chipsets", "products", "agreements", "events", "sources"] {
        assert!(!out.contains(&format!(" 0 {kind}")), "every kind is present: {out}");
    }
    assert_eq!(files(&a), files(&b), "same seed, same bytes");
    assert_ne!(files(&a), files(&c), "another seed, other data");
}

#[test]
fn the_data_has_the_shape_of_real_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (code, _, err) = run(&["gen", "--entities", "2000", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let loaded =
        dealscope::data::load::load(&dealscope::data::load::DataSource::Path(dir), Default::default()).unwrap();
    let ds = loaded.dataset.expect("valid");
    let cjk = ds.entities().iter().filter(|e| e.aliases.iter().any(|a| a.chars().any(|c| c > '\u{2E80}'))).count();
    assert!(cjk > 100, "CJK aliases: {cjk}");
    assert!(ds.links().len() > 3 * ds.len(), "dense links: {} for {}", ds.links().len(), ds.len());
    let timeline = dealscope::timeline::Timeline::build(&ds);
    let years: std::collections::BTreeSet<i32> =
        timeline.items().iter().filter_map(|i| i.date.map(|d| d.year_part())).collect();
    assert!(years.len() >= 25, "dates spread over the years: {years:?}");
}

#[test]
fn gen_refuses_a_directory_that_holds_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("mine.yaml"), "firms: []\n").unwrap();
    let (code, _, err) = run(&["gen", "--entities", "10", "--out", tmp.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(std::fs::read_to_string(tmp.path().join("mine.yaml")).unwrap(), "firms: []\n", "untouched");
    let (code, _, err) = run(&["gen", "--entities", "0", "--out", tmp.path().join("new").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
}
