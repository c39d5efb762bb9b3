//! `e`: the app asks its runtime to open the selection's file at its line
//! (`Effect::Edit`), from a list, a card, a timeline item or the error
//! list; never over SSH or on the demo data, and it says why.

use std::sync::Arc;

use dealscope::app::input::KeyCode;
use dealscope::app::msg::{Effect, Msg};
use dealscope::app::reload::DataProblem;
use dealscope::app::{App, EditAt, Editing, Options};
use dealscope::data::load::{DataSource, load};

use crate::drive::{app, key, keys};

/// An app on a copy of the demo data's files, where editing is offered.
fn on_files() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "firms.yaml",
        "people.yaml",
        "agreements.yaml",
        "sources.yaml",
        "events.yaml",
        "chipsets.yaml",
        "products.yaml",
    ] {
        std::fs::copy(format!("{}/data/{f}", env!("CARGO_MANIFEST_DIR")), dir.path().join(f)).unwrap();
    }
    let ds = load(&DataSource::Path(dir.path().to_path_buf()), Default::default()).unwrap().dataset.unwrap();
    let mut app = App::new(Arc::new(ds), Options::default(), 80, 24);
    let _ = app.update(Msg::Editing(Editing::Here));
    (dir, app)
}

fn edit_of(effects: &[Effect]) -> EditAt {
    match effects {
        [Effect::Edit(at)] => at.clone(),
        other => panic!("no edit: {other:?}"),
    }
}

#[test]
fn e_asks_to_edit_the_selection_where_it_is_written() {
    let (dir, mut app) = on_files();
    keys(&mut app, "j");
    let at = edit_of(&keys(&mut app, "e").0);
    let file = dir.path().join("firms.yaml");
    assert_eq!(at, EditAt { file: file.display().to_string(), line: None, id: Some("xiaomi".into()) });
    assert!(app.message().unwrap().starts_with("editing "), "{:?}", app.message());
    // From the card: the card's entity.
    keys(&mut app, "5");
    key(&mut app, KeyCode::Tab);
    let at = edit_of(&keys(&mut app, "e").0);
    assert!(at.file.ends_with("agreements.yaml") && at.id.as_deref() == Some("huawei-xiaomi-cross-license"));
    // From a timeline item: its subject.
    keys(&mut app, "T");
    let subject = app.dataset().get(app.selected().unwrap()).id.clone();
    let at = edit_of(&keys(&mut app, "e").0);
    assert_eq!(at.id, Some(subject));
}

#[test]
fn e_on_the_error_list_opens_the_top_errors_line() {
    let (_dir, mut app) = on_files();
    let (_d, path) = crate::common::data_file("firms:\n  - id: a\n    name: A\n  - id: b\n    nmae: B\n");
    let loaded = load(&DataSource::Path(path.clone().into()), Default::default()).unwrap();
    let problem = DataProblem::from_report(&loaded.report, |_| true);
    let _ = app.update(Msg::DataProblem(Some(Arc::new(problem))));
    keys(&mut app, "E");
    let at = edit_of(&keys(&mut app, "e").0);
    assert_eq!((at.file.as_str(), at.line, at.id), (path.as_str(), Some(5), None));
}

#[test]
fn e_is_never_offered_over_ssh_or_on_the_demo_data_and_says_why() {
    let mut app = app();
    assert_eq!(keys(&mut app, "e").0, Vec::new());
    assert!(app.message().unwrap().contains("not over SSH"), "{:?}", app.message());
    let _ = app.update(Msg::Editing(Editing::NoFiles));
    assert_eq!(keys(&mut app, "e").0, Vec::new());
    assert!(app.message().unwrap().contains("the demo data has none"), "{:?}", app.message());
    // On the timeline, `v` shows or hides events now that `e` edits.
    keys(&mut app, "8");
    let before = app.timeline_state().picked.len();
    keys(&mut app, "v");
    assert!(app.timeline_state().picked.len() < before);
}
