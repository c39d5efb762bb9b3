//! A viewer of a presented demo (the SSH runtime's messages, without SSH):
//! following, roaming explicitly when it moves, always knowing where the
//! presenter is, snapping back with `f`, and being told when the presenter
//! leaves.

use std::sync::Arc;

use dealscope::app::input::{Input, Key};
use dealscope::app::keymap;
use dealscope::app::msg::Msg;
use dealscope::app::{App, Options, Presence, Role};
use dealscope::data::load::{DataSource, load};
use dealscope::data::model::Dataset;

fn demo() -> Arc<Dataset> {
    Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap())
}

fn press(app: &mut App, c: char) {
    if let Some(a) = keymap::dispatch(app.mode(), &Input::Key(Key::ch(c))) {
        let _ = app.update(a);
    }
}

fn selected_id(app: &App) -> String {
    app.dataset().get(app.selected().unwrap()).id.clone()
}

#[test]
fn a_follower_that_moves_roams_and_still_sees_the_presenter() {
    let ds = demo();
    let mut presenter = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let mut viewer = App::new(ds, Options::default(), 100, 30);
    let _ = viewer.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 1 })));
    press(&mut presenter, 'j'); // Xiaomi
    let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot())));
    assert_eq!(selected_id(&viewer), "xiaomi", "a follower goes where the presenter is");
    // The viewer presses j: it roams, says so, and keeps the presenter's place in view.
    press(&mut viewer, 'j');
    assert_eq!(viewer.presence().unwrap().role, Role::Roaming);
    assert_eq!(viewer.presenter_place().as_deref(), Some("Xiaomi"));
    assert_eq!(selected_id(&viewer), "hisilicon");
    press(&mut presenter, 't'); // Xiaomi's timeline
    let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot())));
    assert_eq!(selected_id(&viewer), "hisilicon", "a roaming viewer stays put");
    assert_eq!(viewer.presenter_place().as_deref(), Some("Timeline: Xiaomi"));
    // Theme, help and copy do not count as moving away.
    press(&mut viewer, 'f');
    assert_eq!(viewer.presence().unwrap().role, Role::Following);
    assert_eq!(*viewer.view(), dealscope::app::View::Timeline, "f snaps back to the presenter at once");
    press(&mut viewer, '?');
    assert_eq!(viewer.presence().unwrap().role, Role::Following);
    // The presenter drops: the viewer is told, and told again when it is back.
    let _ = viewer.update(Msg::PresenterAway(std::time::Duration::from_secs(600)));
    assert_eq!(viewer.message(), Some("the presenter dropped: the presentation waits 10 min"));
    assert!(viewer.presenter_away());
    let _ = viewer.update(Msg::PresenterBack);
    assert_eq!(viewer.message(), Some("the presenter reconnected"));
    assert!(!viewer.presenter_away());
    // The presentation ends: the viewer is told, and browses on its own.
    let _ = viewer.update(Msg::PresenterGone);
    assert_eq!(viewer.message(), Some("the presentation has ended: browse on your own"));
    assert_eq!(viewer.presenter_place(), None);
}

#[test]
fn captions_say_what_was_done_in_words() {
    let options = Options { captions: true, keycast: true, ..Options::default() };
    let mut app = App::new(demo(), options, 100, 30);
    press(&mut app, '3');
    assert_eq!(app.caption(), Some("Chipsets"));
    for c in "/kirin".chars() {
        press(&mut app, c);
    }
    assert_eq!(app.caption(), Some("filtered Chipsets: kirin"));
    let _ = app.update(dealscope::app::action::Action::Accept);
    press(&mut app, 't');
    assert_eq!(app.caption(), Some("timeline of Kirin 9000, year zoom"));
    press(&mut app, '+');
    assert_eq!(app.caption(), Some("quarter zoom"));
    // A tour step says its own caption.
    let _ = app.update(Msg::StartTour("cross-licence".into()));
    press(&mut app, ' ');
    assert_eq!(app.caption(), Some("Xiaomi: founded in Beijing in 2010"));
    // Keys are cast, the last few only.
    for label in ["a", "b", "c", "d", "e", "f", "g"] {
        let _ = app.update(Msg::KeyCast(label.into()));
    }
    let (_, keys) = app.caption_line().unwrap();
    assert_eq!(keys, ["b", "c", "d", "e", "f", "g"]);
    // `c` turns the line off (and on).
    press(&mut app, 'c');
    assert!(app.caption_line().is_none());
    // A follower shows the presenter's caption as it comes.
    let mut viewer = App::new(demo(), Options { captions: true, ..Options::default() }, 80, 24);
    let _ = viewer.update(Msg::Caption("opened Kirin 9000s".into()));
    assert_eq!(viewer.caption_line().map(|(c, _)| c), Some("opened Kirin 9000s"));
}
