//! What a presented demo asks of the app, without any transport: a step is
//! the same place however it is reached, a place is laid out for each
//! screen (the card's title and the step's link in view at 80x24 and
//! 200x60), captions wrap instead of being cut, `q` asks before leaving a
//! running tour, the step list jumps, the timeline tab opens on dated
//! items, and the notes panel names the key that hides it.

use std::sync::Arc;

use dealscope::app::input::{Input, Key, KeyCode};
use dealscope::app::keymap::{self, Mode};
use dealscope::app::msg::{Effect, Msg};
use dealscope::app::{App, Focus, Options, Presence, Role, View, line_shown};
use dealscope::data::load::{DataSource, load};
use dealscope::data::model::Dataset;

fn demo() -> Arc<Dataset> {
    Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap())
}

fn press(app: &mut App, key: Key) -> Vec<Effect> {
    match keymap::dispatch(app.mode(), &Input::Key(key)) {
        Some(a) => app.update(a),
        None => Vec::new(),
    }
}

fn ch(app: &mut App, c: char) -> Vec<Effect> {
    press(app, Key::ch(c))
}

fn code(app: &mut App, code: KeyCode) -> Vec<Effect> {
    press(app, Key::plain(code))
}

/// The screen as text, one line per row.
fn screen(app: &App) -> String {
    let (w, h) = app.size();
    let area = ratatui::layout::Rect::new(0, 0, w, h);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    dealscope::ui::draw(app, area, &mut buf);
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
}

fn presenting(w: u16, h: u16) -> App {
    let mut app = App::new(demo(), Options::default(), w, h);
    let _ = app.update(Msg::StartTour("cross-licence".into()));
    app
}

#[test]
fn a_step_reached_backwards_or_by_a_jump_is_the_step_reached_forwards() {
    let tour_len = 9;
    // Forwards, each step's place.
    let mut forwards = presenting(80, 24);
    let mut places = vec![forwards.snapshot()];
    for _ in 1..tour_len {
        code(&mut forwards, KeyCode::PageDown);
        places.push(forwards.snapshot());
    }
    // Step 9 filters the agreements by `huawei`: step 7, reached back from
    // it, is the cross-licence's card with no filter, as it was going forwards.
    let mut back = presenting(80, 24);
    for _ in 1..tour_len {
        code(&mut back, KeyCode::PageDown);
    }
    assert_eq!(back.list().query, "huawei");
    for n in (0..tour_len - 1).rev() {
        code(&mut back, KeyCode::PageUp);
        assert_eq!(back.tour().unwrap().1, n);
        assert_eq!(back.snapshot(), places[n], "step {} backwards", n + 1);
    }
    assert_eq!(places[6].query, "", "step 7 has no filter");
    // Roaming between steps changes nothing of the step: a jump from
    // anywhere lands on the same place.
    let mut jumper = presenting(80, 24);
    for n in [8, 3, 6, 0, 2, 7, 1, 5, 4] {
        ch(&mut jumper, 'j');
        ch(&mut jumper, '2');
        ch(&mut jumper, 's');
        assert_eq!(jumper.mode(), Mode::Steps);
        ch(&mut jumper, 'g');
        for _ in 0..n {
            ch(&mut jumper, 'j');
        }
        code(&mut jumper, KeyCode::Enter);
        assert_eq!(jumper.tour().unwrap().1, n);
        assert_eq!(jumper.snapshot(), places[n], "step {} by a jump", n + 1);
    }
}

#[test]
fn every_step_shows_its_heading_and_link_at_80x24_and_200x60() {
    // 100x30 is the size of a handout's pictures (`tour export`), drawn so.
    for (w, h) in [(80, 24), (200, 60), (100, 30)] {
        let mut app = presenting(w, h);
        for n in 0..9 {
            if n > 0 {
                code(&mut app, KeyCode::PageDown);
            }
            let text = screen(&app);
            let step = app.tour_step().unwrap().clone();
            if let dealscope::data::tour::Place::Entity(id) = step.place {
                let name: String = app.dataset().get(id).name.chars().take(24).collect();
                // The detail pane's first row is the card's title (cut on a narrow one).
                let title_row = text.lines().nth(3).unwrap();
                assert!(title_row.contains(&name), "step {} at {w}x{h}: {name} not on top:\n{text}", n + 1);
                if let Some(link) = step.link {
                    // The cursor is on it, its line shown, and its name as far
                    // as a narrow pane shows it before cutting it.
                    let doc = app.detail_doc().unwrap();
                    let cursor = app.detail().cursor.expect("the cursor is on the link");
                    assert_eq!(doc.targets[cursor], dealscope::app::doc::Target::Entity(link));
                    let rows = app.layout().detail_rows();
                    assert!(line_shown(doc.target_lines[cursor], app.detail().scroll, rows), "step {}", n + 1);
                    let linked: String = app.dataset().get(link).name.chars().take(12).collect();
                    assert!(text.contains(&linked), "step {} at {w}x{h}: link {linked} hidden:\n{text}", n + 1);
                    assert_eq!(app.focus(), Focus::Detail);
                }
            }
        }
    }
}

#[test]
fn a_follower_lays_the_presenters_place_out_for_its_own_screen() {
    let ds = demo();
    let mut presenter = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let _ = presenter.update(Msg::StartTour("cross-licence".into()));
    // Step 1: Huawei's card, whose link is far down the card at 80x24.
    assert!(presenter.detail().scroll > 0, "the presenter's card is scrolled to its link");
    for (w, h) in [(80, 24), (160, 45), (200, 60)] {
        let mut viewer = App::new(Arc::clone(&ds), Options { captions: true, ..Options::default() }, w, h);
        let _ = viewer.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 1 })));
        let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot())));
        assert_eq!(viewer.snapshot(), presenter.snapshot(), "the same place at {w}x{h}");
        let text = screen(&viewer);
        assert!(text.lines().nth(3).unwrap().contains("││ Huawei "), "{text}");
        assert!(text.contains("Huawei-Xiaomi global"), "the link at {w}x{h}:\n{text}");
        // Scrolled only as far as the link needs: at 160x45 the card's
        // summary stays in view above it, at 200x60 it is not scrolled at all.
        if h >= 45 {
            assert!(text.contains("founded in Shenzhen by Ren Zhengfei"), "the summary at {w}x{h}:\n{text}");
        }
        if h >= 60 {
            assert_eq!(viewer.detail().scroll, 0);
        }
    }
}

#[test]
fn a_long_caption_wraps_to_two_lines_at_80_columns() {
    let caption = "August 2023: Mate 60 Pro presales open; a teardown finds its Kirin 9000s made by SMIC on 7 nm";
    let mut viewer = App::new(demo(), Options { captions: true, ..Options::default() }, 80, 24);
    let _ = viewer.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 1 })));
    let _ = viewer.update(Msg::Caption(caption.into()));
    let text = screen(&viewer);
    let words: Vec<&str> = text.split_whitespace().collect();
    for word in caption.split(' ') {
        assert!(words.contains(&word), "{word:?} is not on screen:\n{text}");
    }
    assert_eq!(viewer.caption_lines().len(), 2);
    // The band is above the status bar, which still says who follows.
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[21].starts_with(" ▶ August 2023"), "{text}");
    assert!(rows[23].contains("following · 1 viewer"), "{text}");
    // A short one takes one row; so does none said yet.
    let _ = viewer.update(Msg::Caption("opened Xiaomi".into()));
    assert_eq!(viewer.caption_lines(), ["opened Xiaomi"]);
    let rows: Vec<String> = screen(&viewer).lines().map(String::from).collect();
    assert!(rows[22].starts_with(" ▶ opened Xiaomi"), "{rows:?}");
    // One too long for two rows is cut on the second, never past the edge.
    let _ = viewer.update(Msg::Caption("word ".repeat(60)));
    let lines = viewer.caption_lines();
    assert_eq!(lines.len(), 2);
    assert!(lines[1].ends_with('…'), "{lines:?}");
}

#[test]
fn q_while_a_tour_runs_asks_first() {
    let mut app = presenting(80, 24);
    assert!(ch(&mut app, 'q').is_empty(), "the first q does not quit");
    assert!(app.message().unwrap().contains("q again quits"), "{:?}", app.message());
    // Any other key stays, and the next q asks again.
    ch(&mut app, 'j');
    assert!(ch(&mut app, 'q').is_empty());
    assert_eq!(ch(&mut app, 'q'), [Effect::Quit]);
    // Ctrl-C too.
    let mut app = presenting(80, 24);
    assert!(press(&mut app, Key::ctrl('c')).is_empty());
    assert_eq!(press(&mut app, Key::ctrl('c')), [Effect::Quit]);
    // Without a tour, and for a viewer, q quits at once.
    let mut app = App::new(demo(), Options::default(), 80, 24);
    assert_eq!(ch(&mut app, 'q'), [Effect::Quit]);
    let mut viewer = presenting(80, 24);
    let _ = viewer.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 1 })));
    assert_eq!(ch(&mut viewer, 'q'), [Effect::Quit]);
}

#[test]
fn the_step_list_marks_the_current_step_and_jumps() {
    let mut app = presenting(80, 24);
    ch(&mut app, 's');
    assert_eq!(app.step_list(), Some(0));
    let text = screen(&app);
    assert!(text.contains(" 1. Huawei  (now)"), "{text}");
    assert!(text.contains(" 9. Huawei's other cross-licences"), "{text}");
    for _ in 0..3 {
        ch(&mut app, 'j');
    }
    code(&mut app, KeyCode::Enter);
    assert_eq!(app.tour().unwrap().1, 3);
    assert_eq!(app.step_list(), None);
    assert_eq!(app.caption(), Some("March 2023: the case is public; Xiaomi says the firms are negotiating"));
    // Esc closes it without moving; without a tour it says how to start one.
    ch(&mut app, 's');
    code(&mut app, KeyCode::Esc);
    assert_eq!((app.step_list(), app.tour().unwrap().1), (None, 3));
    let mut idle = App::new(demo(), Options::default(), 80, 24);
    ch(&mut idle, 's');
    assert!(idle.message().unwrap().starts_with("no tour is running"));
}

#[test]
fn the_runtime_can_move_the_tour_or_take_it_up_where_it_was() {
    // The speaker view stepped: the presenter's app goes to the step.
    let mut app = App::new(demo(), Options::default(), 80, 24);
    let _ = app.update(Msg::GoToStep("cross-licence".into(), 6));
    assert_eq!(app.tour().unwrap().1, 6);
    assert_eq!(app.dataset().get(app.selected().unwrap()).id, "huawei-xiaomi-cross-license");
    // A presenter that reconnects takes the tour up at its step and its
    // place (roamed from the step), without going to the step again.
    ch(&mut app, 'h');
    ch(&mut app, 'j');
    let place = Arc::new(app.snapshot());
    let mut again = App::new(demo(), Options::default(), 120, 40);
    let _ = again.update(Msg::Resume {
        tour: Some(("cross-licence".into(), 6)),
        place: Arc::clone(&place),
        caption: Some("said".into()),
    });
    assert_eq!(again.tour().unwrap().1, 6);
    assert_eq!(again.snapshot(), *place);
    assert_eq!(again.caption(), Some("said"));
}

#[test]
fn the_timeline_tab_opens_on_dated_items() {
    let mut app = App::new(demo(), Options::default(), 80, 24);
    ch(&mut app, '8');
    assert_eq!(*app.view(), View::Timeline);
    let st = app.timeline_state();
    let item = &app.timeline().items()[st.current().unwrap()];
    assert!(item.date.is_some(), "the cursor is on a dated item: {item:?}");
    let text = screen(&app);
    assert!(!text.contains("1970"), "no empty 1970 axis:\n{text}");
    assert!(text.contains("2023"), "the axis is on the data's years:\n{text}");
}

#[test]
fn the_notes_panel_names_the_key_that_hides_it() {
    let mut app = presenting(80, 24);
    ch(&mut app, 'S');
    let text = screen(&app);
    assert!(text.contains("(S hides)"), "{text}");
    ch(&mut app, 'S');
    assert!(app.notes_panel().is_none());
}
