//! Presenting a tour through the keymap, as a presenter with a clicker
//! would: starting it, stepping with PgDn and PgUp (and Space, `.`, `,`),
//! roaming between steps, the picker, and a reload under a running tour.

use std::sync::Arc;

use dealscope::app::doc::Target;
use dealscope::app::input::{Input, Key, KeyCode};
use dealscope::app::keymap::{self, Mode};
use dealscope::app::msg::Msg;
use dealscope::app::{App, Focus, Options, View};
use dealscope::data::load::{DataSource, load};
use dealscope::data::model::{Dataset, Kind};
use dealscope::timeline::view::Zoom;

fn demo() -> Arc<Dataset> {
    Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap())
}

fn press(app: &mut App, key: Key) {
    if let Some(a) = keymap::dispatch(app.mode(), &Input::Key(key)) {
        let _ = app.update(a);
    }
}

fn code(app: &mut App, code: KeyCode) {
    press(app, Key::plain(code));
}

fn selected_id(app: &App) -> String {
    app.dataset().get(app.selected().unwrap()).id.clone()
}

fn step(app: &App) -> usize {
    app.tour().expect("a tour runs").1
}

#[test]
fn a_clicker_steps_through_the_demo_tour() {
    let mut app = App::new(demo(), Options::default(), 80, 24);
    let _ = app.update(Msg::StartTour("cross-licence".into()));
    let (tour, at) = app.tour().unwrap();
    assert_eq!((tour.id.as_str(), tour.steps.len(), at), ("cross-licence", 9, 0));
    // Step 1: Huawei's card, the cursor on its link to the Xiaomi deal.
    assert_eq!(selected_id(&app), "huawei");
    assert_eq!(app.focus(), Focus::Detail);
    let deal = app.dataset().lookup("huawei-xiaomi-cross-license").unwrap();
    let doc = app.detail_doc().unwrap();
    assert_eq!(doc.targets[app.detail().cursor.unwrap()], Target::Entity(deal));
    // PgDn: step 2, Xiaomi.
    code(&mut app, KeyCode::PageDown);
    assert_eq!((step(&app), selected_id(&app).as_str()), (1, "xiaomi"));
    // Space: step 3, the timeline of both at month zoom, on 2023-01-17.
    press(&mut app, Key::ch(' '));
    assert_eq!(step(&app), 2);
    assert_eq!(*app.view(), View::Timeline);
    assert_eq!(app.mode(), Mode::Timeline);
    let st = app.timeline_state();
    assert_eq!(st.zoom, Zoom::Month);
    assert_eq!(app.timeline().items()[st.current().unwrap()].date_text(), "2023-01-17");
    assert_eq!(app.scope_name(&st.scope), "Timeline: Huawei + Xiaomi");
    // PgUp on the timeline: back to step 2 (not a page up).
    code(&mut app, KeyCode::PageUp);
    assert_eq!((step(&app), selected_id(&app).as_str()), (1, "xiaomi"));
    // Roam between steps: the next click goes on from the tour's step, not from here.
    press(&mut app, Key::ch('j'));
    press(&mut app, Key::ch('j'));
    assert_ne!(selected_id(&app), "xiaomi");
    press(&mut app, Key::ch('.'));
    assert_eq!(step(&app), 2);
    // Through to the end: the tab step with its filter.
    for _ in 3..9 {
        code(&mut app, KeyCode::PageDown);
    }
    assert_eq!(step(&app), 8);
    assert_eq!(*app.view(), View::Kind(Kind::Agreement));
    assert_eq!(app.list().query, "huawei");
    assert!(app.list().rows.len() >= 5, "Huawei's deals are listed");
    code(&mut app, KeyCode::PageDown);
    assert_eq!(step(&app), 8, "past the last step it stays");
    assert_eq!(app.message(), Some("the last step of the tour"));
    // Back with `,` and the history still works as usual.
    press(&mut app, Key::ch(','));
    assert_eq!(step(&app), 7);
    code(&mut app, KeyCode::Backspace);
    assert_eq!(*app.view(), View::Kind(Kind::Agreement), "Backspace is history, not the tour");
}

#[test]
fn the_picker_starts_and_ends_a_tour() {
    let mut app = App::new(demo(), Options::default(), 80, 24);
    // Without a tour, PgDn pages the list as before.
    code(&mut app, KeyCode::PageDown);
    assert!(app.list().selected > 0);
    assert!(app.tour().is_none());
    press(&mut app, Key::ch('p'));
    assert_eq!(app.mode(), Mode::Tours);
    assert_eq!(app.tour_picker(), Some(0));
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Detail);
    assert_eq!(step(&app), 0);
    // The picker offers to end the running tour, below the tours.
    press(&mut app, Key::ch('p'));
    press(&mut app, Key::ch('j'));
    assert_eq!(app.tour_picker(), Some(1));
    code(&mut app, KeyCode::Enter);
    assert!(app.tour().is_none());
    assert_eq!(app.message(), Some("tour ended"));
    // Esc closes the picker without starting anything.
    press(&mut app, Key::ch('p'));
    code(&mut app, KeyCode::Esc);
    assert!(app.tour().is_none() && app.tour_picker().is_none());
}

#[test]
fn an_unknown_tour_says_so_and_a_reload_keeps_the_step() {
    let mut app = App::new(demo(), Options::default(), 80, 24);
    let _ = app.update(Msg::StartTour("nope".into()));
    assert!(app.tour().is_none());
    assert_eq!(app.message(), Some("no tour has the id `nope`"));
    let _ = app.update(Msg::StartTour("cross-licence".into()));
    code(&mut app, KeyCode::PageDown);
    let _ = app.update(Msg::Reloaded(demo().into()));
    assert_eq!(step(&app), 1, "the same step of the same tour after a reload");
}

#[test]
fn s_shows_the_step_notes_on_this_screen() {
    let mut app = App::new(demo(), Options::default(), 80, 24);
    press(&mut app, Key::ch('S'));
    assert!(app.notes_panel().is_none(), "no tour, no notes");
    assert!(app.message().unwrap().starts_with("no tour is running"));
    let _ = app.update(Msg::StartTour("cross-licence".into()));
    press(&mut app, Key::ch('S'));
    let (step, next) = app.notes_panel().expect("the panel is open");
    assert!(step.note.as_deref().unwrap().starts_with("Start on Huawei's card."));
    assert_eq!(next, Some("Xiaomi"));
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    dealscope::ui::draw(&app, area, &mut buf);
    let screen: String =
        (0..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect();
    assert!(screen.contains("Start on Huawei's card.") && screen.contains("next: Xiaomi"), "{screen}");
    press(&mut app, Key::ch('S'));
    assert!(app.notes_panel().is_none());
}
