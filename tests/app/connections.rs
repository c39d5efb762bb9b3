//! Connections in the explorer: the paths view (`P`) between two entities,
//! walked by keys, opened and come back to.

use dealscope::app::input::KeyCode;
use dealscope::app::{PathRow, View};

use crate::drive::{app, key, keys, selected_id};

#[test]
fn p_shows_the_paths_between_the_marked_and_the_selected_and_back_returns_to_them() {
    let mut app = app();
    keys(&mut app, "P");
    assert!(app.message().unwrap().starts_with("paths need two entities"));
    keys(&mut app, "m"); // Huawei
    keys(&mut app, ":smic");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "P");
    assert_eq!(app.view(), &View::Paths);
    let p = app.paths_view().unwrap().clone();
    assert!(p.found() >= 2 && p.found() <= 5, "{}", p.found());
    assert!(app.message().unwrap().contains("paths from Huawei to SMIC"));
    // The cursor starts on the first path's first entity and passes over headings.
    assert_eq!(selected_id(&app), "huawei");
    let steps = p.rows.iter().filter(|r| matches!(r, PathRow::Step { .. })).count();
    for _ in 0..steps + 3 {
        keys(&mut app, "j");
        assert!(matches!(app.paths_view().unwrap().rows[app.paths_view().unwrap().selected], PathRow::Step { .. }));
    }
    assert_eq!(selected_id(&app), "smic", "the last path ends at SMIC");
    // Every path runs from Huawei to SMIC, and one goes through the Kirin 9000s.
    let ids: Vec<String> = p
        .rows
        .iter()
        .filter_map(|r| match r {
            PathRow::Step { entity, .. } => Some(app.dataset().get(*entity).id.clone()),
            PathRow::Heading { .. } => None,
        })
        .collect();
    assert!(ids.contains(&"kirin-9000s".to_string()), "{ids:?}");
    // Open a hop's entity, then come back to the paths where we were.
    keys(&mut app, "gj");
    let there = selected_id(&app);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.view(), View::Kind(_)));
    assert_eq!(selected_id(&app), there);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.view(), &View::Paths);
    assert_eq!(selected_id(&app), there);
    let crumbs = app.breadcrumb();
    assert!(crumbs.last().unwrap().starts_with("Paths: Huawei → SMIC"), "{crumbs:?}");
}

#[test]
fn two_marks_give_their_paths_and_a_reload_finds_them_again() {
    let mut app = app();
    keys(&mut app, ":lei jun");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "m");
    keys(&mut app, ":alan fan");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "m");
    keys(&mut app, "P");
    let p = app.paths_view().unwrap();
    let through: Vec<String> = p
        .rows
        .iter()
        .filter_map(|r| match r {
            PathRow::Step { entity, .. } => Some(app.dataset().get(*entity).id.clone()),
            PathRow::Heading { .. } => None,
        })
        .collect();
    assert!(through.contains(&"huawei-xiaomi-cross-license".to_string()), "{through:?}");
    let before = p.rows.len();
    let _ = app.update(dealscope::app::msg::Msg::Reloaded(crate::drive::demo()));
    assert_eq!(app.view(), &View::Paths);
    assert_eq!(app.paths_view().unwrap().rows.len(), before, "the same paths in the reloaded data");
    // The view's screen names both ends and draws every path.
    let (w, h) = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    dealscope::ui::draw(&app, buf.area, &mut buf);
    let screen: String =
        (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect();
    assert!(screen.contains("Paths: Lei Jun → Al"), "{screen}");
    assert!(screen.contains("1. 3 hops"), "{screen}");
}
