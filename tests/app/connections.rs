//! Connections in the explorer: the paths view (`P`) between two entities,
//! walked by keys, opened and come back to.

use dealscope::app::input::KeyCode;
use dealscope::app::{PathRow, View};

use crate::drive::{app, key, keys, selected_id};

/// The ids of the entities on the paths, path after path.
fn step_ids(app: &dealscope::app::App, p: &dealscope::app::PathsState) -> Vec<String> {
    p.rows
        .iter()
        .filter_map(|r| match r {
            PathRow::Step { entity, .. } => Some(app.dataset().get(*entity).id.clone()),
            PathRow::Heading { .. } | PathRow::Hop { .. } => None,
        })
        .collect()
}

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
    let ids = step_ids(&app, &p);
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
    let through = step_ids(&app, p);
    assert!(through.contains(&"huawei-xiaomi-cross-license".to_string()), "{through:?}");
    let before = p.rows.len();
    let _ = app.update(dealscope::app::msg::Msg::Reloaded(crate::drive::demo().into()));
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

#[test]
fn at_sets_a_date_lens_from_the_deal_and_answers_who_was_in_office() {
    let mut app = app();
    keys(&mut app, "5");
    assert_eq!(selected_id(&app), "huawei-xiaomi-cross-license");
    let all = app.list().rows.len();
    // Two keys from the deal: @ (filled with its signing date) and Enter.
    keys(&mut app, "@");
    assert_eq!(app.as_of_input().unwrap().as_str(), "2023-09-13");
    key(&mut app, KeyCode::Enter);
    let day = app.as_of().expect("the lens is set");
    assert_eq!(day.to_string(), "2023-09-13");
    assert!(app.list().rows.len() < all, "agreements not in force that day are hidden");
    assert_eq!(selected_id(&app), "huawei-xiaomi-cross-license", "the selection stays");
    let doc = app.detail_doc().unwrap();
    let text: Vec<String> = (0..doc.lines.len()).map(|i| dealscope::app::line_text(&doc, i)).collect();
    let heading = text.iter().position(|l| l == "In office at the parties on 2023-09-13").expect("the section");
    let lu = text.iter().position(|l| l.contains("Lu Weibing") && l.contains("Xiaomi:")).expect("Lu Weibing listed");
    assert!(lu > heading && text[lu].contains("Pres"), "{}", text[lu]);
    assert!(!text.iter().any(|l| l.contains("Wang Xiang")), "Xiaomi's president until 2022 is not in office");
    // What did not exist yet is hidden everywhere: lists and the palette.
    keys(&mut app, "4");
    let products: Vec<String> = app.list().rows.iter().map(|h| app.dataset().get(h.id).id.clone()).collect();
    assert!(!products.contains(&"pura-70".to_string()) && products.contains(&"mate-60-pro".to_string()));
    assert!(products.contains(&"mate-70".to_string()), "no launch date: taken to exist");
    keys(&mut app, ":pura 70");
    assert!(!app.palette().unwrap().hits.iter().any(|h| app.dataset().get(h.id).id == "pura-70"));
    key(&mut app, KeyCode::Esc);
    // The status bar says so; @ with an empty day clears the lens.
    let (w, h) = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    dealscope::ui::draw(&app, buf.area, &mut buf);
    let status: String = (0..w).map(|x| buf[(x, h - 1)].symbol().to_string()).collect();
    assert!(status.contains("as of 2023-09-13"), "{status}");
    keys(&mut app, "@");
    let _ = app.update(dealscope::app::action::Action::ClearInput);
    key(&mut app, KeyCode::Enter);
    assert!(app.as_of().is_none());
    assert!(app.list().rows.iter().any(|h| app.dataset().get(h.id).id == "pura-70"));
    // A bad day is said, and the prompt stays for a fix.
    keys(&mut app, "@");
    let _ = app.update(dealscope::app::action::Action::ClearInput);
    keys(&mut app, "2023-13");
    key(&mut app, KeyCode::Enter);
    assert!(app.message().unwrap().contains("is not a date"));
    assert!(app.as_of_input().is_some());
}

#[test]
fn as_of_2019_the_licence_is_not_in_force() {
    let mut app = app();
    keys(&mut app, "5@");
    let _ = app.update(dealscope::app::action::Action::ClearInput);
    keys(&mut app, "2019");
    key(&mut app, KeyCode::Enter);
    assert!(!app.list().rows.iter().any(|h| app.dataset().get(h.id).id == "huawei-xiaomi-cross-license"));
}

#[test]
fn the_timeline_ends_at_the_lens_and_a_follower_sees_the_presenters_lens() {
    use dealscope::app::msg::Msg;
    use dealscope::app::{App, Options, Presence, Role};
    use std::sync::Arc;
    let mut presenter = app();
    keys(&mut presenter, "5@");
    key(&mut presenter, KeyCode::Enter);
    let day = presenter.as_of().expect("the lens is set").start_day();
    keys(&mut presenter, "8");
    let tl = presenter.timeline();
    let picked = presenter.timeline_state().picked.clone();
    assert!(!picked.is_empty());
    let latest = picked.iter().filter_map(|&i| tl.items()[i].date).map(|d| d.start_day()).max().unwrap();
    assert!(latest <= day, "nothing on the timeline starts after the lens");
    let mut viewer = App::new(crate::drive::demo(), Options::default(), 80, 24);
    let _ = viewer.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 1 })));
    let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot())));
    assert_eq!(viewer.as_of(), presenter.as_of(), "the follower sees the day the presenter chose");
    assert_eq!(viewer.timeline_state().picked, presenter.timeline_state().picked);
    // The presenter clears the lens: so does the follower.
    keys(&mut presenter, "@");
    let _ = presenter.update(dealscope::app::action::Action::ClearInput);
    key(&mut presenter, KeyCode::Enter);
    assert!(presenter.as_of().is_none());
    let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot())));
    assert!(viewer.as_of().is_none());
    assert_eq!(viewer.timeline_state().picked.len(), presenter.timeline_state().picked.len());
    assert!(viewer.timeline_state().picked.len() > picked.len());
}

#[test]
fn path_in_the_palette_takes_ids_or_names_and_shows_the_paths() {
    let mut app = app();
    // Names with spaces, split where both sides name someone.
    keys(&mut app, ":path lei jun alan fan");
    let (a, b) = app.palette_path().expect("a path command").clone().expect("both ends known");
    assert_eq!((app.dataset().get(a).id.as_str(), app.dataset().get(b).id.as_str()), ("lei-jun", "alan-fan"));
    let ends: Vec<&str> = app.palette().unwrap().hits.iter().map(|h| app.dataset().get(h.id).id.as_str()).collect();
    assert_eq!(ends, ["lei-jun", "alan-fan"], "the two ends are what the palette lists");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view(), &View::Paths);
    let p = app.paths_view().unwrap().clone();
    assert!(step_ids(&app, &p).contains(&"huawei-xiaomi-cross-license".to_string()));
    // Ids and `to` work too; an unknown end is said, and the palette stays.
    keys(&mut app, ":path huawei to smic");
    assert!(app.palette_path().unwrap().is_ok());
    let _ = app.update(dealscope::app::action::Action::Cancel);
    keys(&mut app, ":path huawei nobody-at-all");
    assert!(app.palette_path().unwrap().is_err());
    key(&mut app, KeyCode::Enter);
    assert!(app.palette().is_some(), "the palette stays open for a fix");
    assert!(app.message().unwrap().contains("path A B"), "{:?}", app.message());
    // Anything else in the palette is a search as before.
    let _ = app.update(dealscope::app::action::Action::Cancel);
    keys(&mut app, ":pathway");
    assert!(app.palette_path().is_none());
}
