//! One lens: under `--as-of`, every count, list, card section, path,
//! timeline and search of the app shows that day's world and nothing else,
//! and the status bar says the lens is on whatever else it says.

use std::sync::Arc;

use dealscope::app::input::KeyCode;
use dealscope::app::msg::Msg;
use dealscope::app::{App, Options, View};
use dealscope::data::date::PartialDate;
use dealscope::data::load::load_texts;
use dealscope::data::model::{Dataset, Kind};

use crate::drive::{demo, key, keys, selected_id};

fn day(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn lensed(ds: Arc<Dataset>, on: &str, w: u16, h: u16) -> App {
    App::new(ds, Options { as_of: Some(day(on)), ..Options::default() }, w, h)
}

/// The ids of the current list's rows.
fn rows(app: &App) -> Vec<String> {
    app.list().rows.iter().map(|h| app.dataset().get(h.id).id.clone()).collect()
}

/// The screen as text, and its last row.
fn screen(app: &App) -> (String, String) {
    let (w, h) = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    dealscope::ui::draw(app, buf.area, &mut buf);
    let row = |y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>();
    ((0..h).map(|y| row(y) + "\n").collect(), row(h - 1))
}

#[test]
fn every_tab_counts_what_its_list_shows() {
    let all = App::new(demo(), Options::default(), 160, 48);
    let mut app = lensed(demo(), "2023-09-13", 160, 48);
    let cells = app.tab_bar().cells;
    let mut fewer = 0;
    for (i, k) in Kind::ALL.into_iter().enumerate() {
        keys(&mut app, &(i + 1).to_string());
        let label = &cells.iter().find(|c| c.kind == Some(k)).unwrap().label;
        let count: usize = label.split_whitespace().last().unwrap().parse().unwrap();
        assert_eq!(count, app.list().rows.len(), "{label}");
        assert!(count <= all.kind_list(k).rows.len());
        fewer += usize::from(count < all.kind_list(k).rows.len());
    }
    assert!(fewer >= 4, "the lens hides things in most kinds");
    // The list's own title says the same.
    keys(&mut app, "6");
    let (text, _) = screen(&app);
    assert!(text.contains(&format!("Events {} ", app.list().rows.len())), "{text}");
}

#[test]
fn an_undated_firm_exists_and_so_does_its_deal() {
    let mut app = lensed(demo(), "2023-09-13", 120, 35);
    assert!(rows(&app).contains(&"qualcomm".to_string()), "no founding date: taken to exist");
    keys(&mut app, "5");
    assert!(rows(&app).contains(&"qualcomm-huawei-license".to_string()));
    // Qualcomm's card says why it is there.
    keys(&mut app, ":qualcomm");
    key(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), "qualcomm");
    let doc = app.detail_doc().unwrap();
    let text: Vec<String> = (0..doc.lines.len()).map(|i| dealscope::app::line_text(&doc, i)).collect();
    assert!(text.iter().any(|l| l.contains("founding date unknown: taken to exist on 2023-09-13")), "{text:#?}");
    assert!(text.iter().any(|l| l.contains("Qualcomm-Huawei settlement")), "its 2020 deal is on its card");
    assert!(!text.iter().any(|l| l.contains("US revokes")), "nothing from 2024 on its card: {text:#?}");
}

#[test]
fn a_deal_is_there_only_when_every_party_is() {
    let yaml = "firms:\n  - {id: old, name: Old, founded: 1990}\n  - {id: young, name: Young, founded: 2021}\n\
                agreements:\n  - {id: early, title: Early deal, parties: [old, young], signed: 2019}\n";
    let ds = Arc::new(load_texts(vec![("d.yaml".into(), yaml.into())]).dataset.expect("valid"));
    let mut app = lensed(Arc::clone(&ds), "2020", 80, 24);
    assert_eq!(rows(&app), ["old"]);
    keys(&mut app, "5");
    assert!(rows(&app).is_empty(), "Young was founded in 2021: the deal was not there in 2020");
    keys(&mut app, "8");
    let titles: Vec<&str> =
        app.timeline_state().picked.iter().map(|&i| app.timeline().items()[i].title.as_str()).collect();
    assert_eq!(titles, ["Old founded"], "nor on the timeline");
    let app = lensed(ds, "2022", 80, 24);
    assert_eq!(app.kind_list(Kind::Agreement).rows.len(), 1);
}

#[test]
fn cards_timelines_and_paths_hold_nothing_later() {
    let mut app = lensed(demo(), "2023-09-13", 120, 35);
    let last = day("2023-09-13").end_day();
    // Huawei's card: its latest items are of that day or before.
    let doc = app.detail_doc().unwrap();
    let text: Vec<String> = (0..doc.lines.len()).map(|i| dealscope::app::line_text(&doc, i)).collect();
    let at = text.iter().position(|l| l.starts_with("Timeline (latest")).expect("the section");
    for l in text[at + 1..].iter().take_while(|l| !l.is_empty()) {
        let date = day(l.split_whitespace().next().unwrap());
        assert!(date.start_day() <= last, "{l}");
    }
    assert!(!text.iter().any(|l| l.contains("Pura 70")), "launched 2024: not on Huawei's card");
    // The whole timeline: every item by then, of entities there then.
    keys(&mut app, "T");
    let tl = app.timeline();
    let picked = &app.timeline_state().picked;
    assert!(!picked.is_empty());
    for &i in picked {
        let it = &tl.items()[i];
        assert!(it.start_day().is_some_and(|d| d <= last), "{}", it.title);
        assert!(app.dataset().present(it.subject), "{}", it.title);
    }
    // An end after the day is not known yet: the role is ongoing then.
    let (shown, _) = screen(&app);
    assert!(shown.contains("Rotating chair (first term), Huawei") && !shown.contains("2023-09-30"), "{shown}");
    assert!(shown.contains("as of"), "the axis marks the lens's day as its now: {shown}");
    // Paths from Huawei to Xiaomi go through that day's world only.
    keys(&mut app, "1m");
    keys(&mut app, ":xiaomi");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "P");
    assert_eq!(app.view(), &View::Paths);
    let p = app.paths_view().unwrap();
    assert!(p.found() > 0);
    for r in &p.rows {
        if let dealscope::app::PathRow::Step { entity } = r {
            assert!(app.dataset().present(*entity), "{}", app.dataset().get(*entity).id);
        }
        if let dealscope::app::PathRow::Hop { date: Some(d), .. } = r {
            assert!(d.start_day() <= last);
        }
    }
}

#[test]
fn the_status_bar_says_the_lens_is_on_whatever_else_it_says() {
    let mut app = lensed(demo(), "2023-09-13", 80, 24);
    let (_, status) = screen(&app);
    assert!(status.contains("as of 2023-09-13"), "{status}");
    let _ = app.update(Msg::Notice("a long notice that takes the whole bar and more, and then some more still".into()));
    let (_, status) = screen(&app);
    assert!(status.trim_end().ends_with("as of 2023-09-13"), "{status}");
    keys(&mut app, "8");
    let (_, status) = screen(&app);
    assert!(status.contains("as of 2023-09-13"), "on the timeline too: {status}");
    // A search finds nothing that came later; clearing the lens brings it back.
    keys(&mut app, "4/pura");
    key(&mut app, KeyCode::Enter);
    let pura = |app: &App| rows(app).iter().filter(|id| id.starts_with("pura-70")).count();
    assert_eq!(pura(&app), 0);
    keys(&mut app, "@");
    let _ = app.update(dealscope::app::action::Action::ClearInput);
    key(&mut app, KeyCode::Enter);
    assert!(app.as_of().is_none());
    assert_eq!(pura(&app), 4, "the four Pura 70 models");
    let (_, status) = screen(&app);
    assert!(!status.contains("as of 2023"), "{status}");
}
