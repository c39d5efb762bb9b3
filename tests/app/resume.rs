//! Picking up where you left off: what an app keeps (marks, history, the
//! lens, the place), put back into a new app on the same data, as far as
//! the data still has what it names.

use dealscope::app::input::KeyCode;
use dealscope::app::msg::Msg;
use dealscope::app::resume::{Place, SAVED_VERSION, Saved};
use dealscope::app::{App, View};

use crate::drive::{app, key, keys, selected_id};

fn resumed(saved: Saved) -> App {
    let mut fresh = app();
    let _ = fresh.update(Msg::Restore(Box::new(saved)));
    fresh
}

#[test]
fn marks_lens_place_and_history_come_back() {
    let mut a = app();
    keys(&mut a, "mjm"); // Huawei and Xiaomi marked
    keys(&mut a, "5");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Enter); // follows the deal's first link
    keys(&mut a, "@");
    let _ = a.update(dealscope::app::action::Action::ClearInput);
    keys(&mut a, "2023-09-13");
    key(&mut a, KeyCode::Enter);
    let saved = a.saved();
    assert_eq!(saved.version, SAVED_VERSION);
    assert_eq!(saved.marks, ["huawei", "xiaomi"]);
    assert_eq!(saved.as_of.as_deref(), Some("2023-09-13"));
    let b = resumed(saved.clone());
    assert_eq!(b.as_of(), a.as_of());
    assert_eq!(b.marks(), a.marks());
    assert_eq!(b.view(), a.view());
    assert_eq!(selected_id(&b), selected_id(&a));
    assert_eq!(b.focus(), a.focus());
    assert_eq!(b.breadcrumb(), a.breadcrumb(), "the history too");
    assert!(b.message().unwrap().contains("back where you left off"));
    // Backspace goes where it went before.
    let (mut a, mut b) = (a, b);
    key(&mut a, KeyCode::Backspace);
    key(&mut b, KeyCode::Backspace);
    assert_eq!(selected_id(&b), selected_id(&a));
    assert_eq!(b.saved(), a.saved(), "and the two agree from then on");
}

#[test]
fn the_timeline_the_paths_and_the_neighbourhood_come_back() {
    let mut a = app();
    keys(&mut a, "t");
    keys(&mut a, "k");
    let b = resumed(a.saved());
    assert_eq!(b.view(), &View::Timeline);
    assert_eq!(b.timeline_state().scope, a.timeline_state().scope);
    assert_eq!(b.selected(), a.selected());
    let mut a = app();
    keys(&mut a, "m:smic");
    key(&mut a, KeyCode::Enter);
    keys(&mut a, "P");
    let b = resumed(a.saved());
    assert_eq!(b.view(), &View::Paths);
    assert_eq!(b.paths_view().unwrap().rows, a.paths_view().unwrap().rows);
    keys(&mut a, "v");
    let b = resumed(a.saved());
    assert_eq!(b.view(), &View::Neighbourhood);
    assert_eq!(b.hood_view().unwrap().hood, a.hood_view().unwrap().hood);
}

#[test]
fn what_the_data_no_longer_has_is_left_out() {
    let place = |view: &str, entity: Option<&str>| Place {
        view: view.into(),
        entity: entity.map(str::to_string),
        ..Place::default()
    };
    let saved = Saved {
        version: SAVED_VERSION,
        as_of: Some("not a date".into()),
        marks: vec!["huawei".into(), "gone-firm".into()],
        place: Some(place("people", Some("lei-jun"))),
        back: vec![place("planets", None), place("paths", Some("gone-firm")), place("firms", Some("xiaomi"))],
        forward: Vec::new(),
    };
    let b = resumed(saved);
    assert!(b.as_of().is_none());
    assert_eq!(b.marks().len(), 1);
    assert_eq!(selected_id(&b), "lei-jun");
    assert_eq!(b.back_stack().len(), 1, "only the place the data still has");
}

#[test]
fn without_a_place_kept_the_marks_come_back_and_the_status_bar_is_left_alone() {
    // What `--tour` on the command line asks: its first step is the place.
    let mut a = app();
    keys(&mut a, "mjm");
    let mut saved = a.saved();
    saved.place = None;
    let b = resumed(saved);
    assert_eq!(b.marks(), a.marks());
    assert_eq!(b.message(), None, "no 'back where you left off' over the tour's step");
}
