//! The neighbourhood view (`v`): opened on the selection, the cursor moved
//! over the centre and its neighbours, Enter walking to a neighbour and
//! Backspace coming back, depth 2 and back, a reload, and the ASCII picture.

use dealscope::app::input::KeyCode;
use dealscope::app::{HoodRow, View};

use crate::drive::{app, key, keys, selected_id};

/// Moves the cursor down until it is on `id`; panics if it never gets there.
fn cursor_to(app: &mut dealscope::app::App, id: &str) {
    for _ in 0..200 {
        if selected_id(app) == id {
            return;
        }
        keys(app, "j");
    }
    panic!("{id} is not in the picture");
}

#[test]
fn v_draws_the_neighbourhood_and_enter_walks_to_a_neighbour_and_back_returns() {
    let mut app = app();
    assert_eq!(selected_id(&app), "huawei");
    keys(&mut app, "v");
    assert_eq!(app.view(), &View::Neighbourhood);
    let h = app.hood_view().unwrap().clone();
    assert_eq!(app.dataset().get(h.hood.centre).id, "huawei");
    assert!(h.groups.len() >= 3, "{:?}", h.groups.iter().map(|g| g.0).collect::<Vec<_>>());
    assert!(app.message().unwrap().contains("around Huawei"), "{:?}", app.message());
    // The cursor starts on the centre; j goes to the first group's first neighbour.
    assert_eq!(selected_id(&app), "huawei");
    keys(&mut app, "j");
    let first = h.groups[0].1[0].entity().unwrap();
    assert_eq!(app.selected(), Some(first));
    // l goes to the next group's first, h back to the group before, then the centre.
    keys(&mut app, "l");
    assert_eq!(app.selected(), h.groups[1].1[0].entity());
    keys(&mut app, "h");
    assert_eq!(app.selected(), Some(first));
    keys(&mut app, "h");
    assert_eq!(selected_id(&app), "huawei");
    // Walk to HiSilicon: the picture centres on it.
    cursor_to(&mut app, "hisilicon");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view(), &View::Neighbourhood);
    let k = app.hood_view().unwrap();
    assert_eq!(app.dataset().get(k.hood.centre).id, "hisilicon");
    assert_eq!(selected_id(&app), "hisilicon", "the cursor is on the new centre");
    assert!(k.groups.iter().any(|g| g.0 == "designed"), "{:?}", k.groups.iter().map(|g| g.0).collect::<Vec<_>>());
    assert_eq!(app.breadcrumb().last().unwrap(), "Around HiSilicon");
    // Backspace comes back to Huawei's picture, the cursor where it was.
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.dataset().get(app.hood_view().unwrap().hood.centre).id, "huawei");
    assert_eq!(selected_id(&app), "hisilicon");
    // Esc closes the picture: back to the firms, Huawei selected.
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.view(), View::Kind(_)));
    assert_eq!(selected_id(&app), "huawei");
}

#[test]
fn enter_on_the_centre_opens_its_card() {
    let mut app = app();
    keys(&mut app, ":hisilicon");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "v");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.view(), View::Kind(_)));
    assert_eq!(selected_id(&app), "hisilicon");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.view(), &View::Neighbourhood);
}

#[test]
fn d_shows_depth_two_keeping_the_cursor_and_back_to_one() {
    let mut app = app();
    keys(&mut app, "v");
    cursor_to(&mut app, "hisilicon");
    keys(&mut app, "d");
    let h = app.hood_view().unwrap();
    assert_eq!(h.hood.depth, 2);
    assert_eq!(selected_id(&app), "hisilicon", "the cursor stays on the same neighbour");
    assert!(app.message().unwrap().starts_with("depth 2"));
    let far: Vec<HoodRow> =
        h.groups.iter().flat_map(|g| g.1.iter().copied()).filter(|r| matches!(r, HoodRow::Far(..))).collect();
    assert!(!far.is_empty(), "depth 2 shows entities beyond the neighbours");
    // The cursor reaches an entity two hops away, and Enter walks there at depth 2.
    let HoodRow::Far(beyond, _) = far[0] else { unreachable!() };
    let id = app.dataset().get(beyond).id.clone();
    keys(&mut app, "g");
    cursor_to(&mut app, &id);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.hood_view().unwrap().hood.centre, beyond);
    assert_eq!(app.hood_view().unwrap().hood.depth, 2, "walking keeps the depth");
    keys(&mut app, "d");
    let h = app.hood_view().unwrap();
    assert_eq!(h.hood.depth, 1);
    assert!(!h.groups.is_empty());
    assert!(h.groups.iter().all(|g| g.1.iter().all(|r| matches!(r, HoodRow::Near(_) | HoodRow::More(_)))));
}

#[test]
fn a_reload_draws_the_picture_again_and_history_keeps_it() {
    let mut app = app();
    keys(&mut app, "v");
    cursor_to(&mut app, "hisilicon");
    key(&mut app, KeyCode::Enter);
    let before = app.hood_view().unwrap().clone();
    let _ = app.update(dealscope::app::msg::Msg::Reloaded(crate::drive::demo().into()));
    assert_eq!(app.view(), &View::Neighbourhood);
    assert_eq!(app.hood_view().unwrap(), &before, "the same picture in the reloaded data");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.dataset().get(app.hood_view().unwrap().hood.centre).id, "huawei");
    assert_eq!(selected_id(&app), "hisilicon");
}

#[test]
fn the_picture_is_drawn_in_ascii_and_fits_every_size() {
    use dealscope::app::{App, Options};
    for ascii in [false, true] {
        for (w, h) in [(60, 15), (80, 24), (100, 30), (160, 48), (250, 60)] {
            let mut app = App::new(crate::drive::demo(), Options { ascii, ..Options::default() }, w, h);
            keys(&mut app, "vd");
            for _ in 0..40 {
                keys(&mut app, "j");
                let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
                dealscope::ui::draw(&app, buf.area, &mut buf);
                let text = crate::render::text(&buf);
                let name = app.dataset().get(app.selected().unwrap()).name.clone();
                let short: String = name.chars().take(6).collect();
                assert!(text.contains(&short), "{w}x{h}: the entity under the cursor ({name}) is in view");
                if ascii {
                    assert!(!text.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c)), "box drawing in ascii");
                }
            }
        }
    }
}

#[test]
fn a_click_puts_the_cursor_on_a_neighbour_and_a_second_click_walks_there() {
    use dealscope::app::action::Action;
    use dealscope::app::input::MouseKind;
    let mut app = app();
    keys(&mut app, "v");
    // At 80x24 the first box's first row (HiSilicon) is at column 6, row 8;
    // the centre's box at rows 3 to 5.
    let _ = app.update(Action::Mouse(MouseKind::Click, 6, 8));
    assert_eq!(selected_id(&app), "hisilicon");
    assert_eq!(app.dataset().get(app.hood_view().unwrap().hood.centre).id, "huawei", "one click only selects");
    // A click on a border or an empty row does nothing.
    let _ = app.update(Action::Mouse(MouseKind::Click, 4, 8));
    let _ = app.update(Action::Mouse(MouseKind::Click, 6, 10));
    assert_eq!(selected_id(&app), "hisilicon");
    let _ = app.update(Action::Mouse(MouseKind::Click, 6, 8));
    assert_eq!(app.dataset().get(app.hood_view().unwrap().hood.centre).id, "hisilicon");
    // The wheel moves the cursor; a click on the centre selects it.
    let _ = app.update(Action::Mouse(MouseKind::ScrollDown, 40, 12));
    assert_ne!(selected_id(&app), "hisilicon");
    let _ = app.update(Action::Mouse(MouseKind::Click, 3, 4));
    assert_eq!(selected_id(&app), "hisilicon");
    assert_eq!(app.hood_view().unwrap().cursor, None);
}

#[test]
fn under_a_date_lens_what_came_later_is_not_there() {
    let mut app = app();
    keys(&mut app, "@");
    let _ = app.update(dealscope::app::action::Action::ClearInput);
    keys(&mut app, "2023-09-13");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "v");
    let (w, h) = (80u16, 24u16);
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    dealscope::ui::draw(&app, buf.area, &mut buf);
    let screen: String = (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>()).collect();
    assert!(screen.contains(" HiSilicon "), "founded in 2004: there\n{screen}");
    assert!(!screen.contains("Pura 70"), "launched in 2024: not yet\n{screen}");
}
