//! Timeline items from every dated field, their order with mixed precision,
//! spans, and the filters by scope, category and range; then the timeline tab
//! driven by keys.

use std::sync::Arc;

use dealscope::app::input::{Input, Key, KeyCode};
use dealscope::app::keymap::{self, Mode};
use dealscope::app::{App, Options, View};
use dealscope::data::date::PartialDate;
use dealscope::data::load::{DataSource, load, load_texts};
use dealscope::data::model::{Dataset, Kind};
use dealscope::timeline::view::Zoom;
use dealscope::timeline::{Category, Filter, ItemKind, Scope, Timeline};

const DATA: &str = r#"
sources:
  - {id: s, title: S}
firms:
  - {id: a, name: Alpha, founded: 1990, sources: [s]}
  - {id: b, name: Beta, founded: 2001-05-02, sources: [s]}
  - {id: c, name: Gamma, sources: [s]}
people:
  - id: p
    name: Pat
    roles:
      - {firm: a, title: CEO, from: 2010, to: 2015-06}
      - {firm: b, title: Chair, from: 2016}
      - {firm: c, title: Advisor, to: 2019}
      - {firm: c, title: Board}
    sources: [s]
chipsets:
  - {id: chip, name: Chip, designer: a, foundry: c, announced: 2023-03, sources: [s]}
products:
  - {id: phone, name: Phone, maker: b, chipsets: [chip], launched: 2023, sources: [s]}
agreements:
  - {id: deal, title: Deal, parties: [a, b], signed: 2023-03-05, effective: 2023-04, expires: 2028, sources: [s]}
  - {id: deal2, title: Deal Two, parties: [b, c], signed: 2020-01-01, expires: 2022-12-31, sources: [s]}
  - {id: deal3, title: Deal Three, parties: [a, c], expires: 2030, sources: [s]}
events:
  - {id: e1, title: Big news, date: 2023-03-05, involves: [a, c], sources: [s]}
  - {id: e2, title: Small news, date: 2023, involves: [b], sources: [s]}
"#;

fn data() -> Dataset {
    let loaded = load_texts(vec![("t.yaml".into(), DATA.into())]);
    assert_eq!(loaded.report.errors(), 0, "{}", loaded.report.render());
    loaded.dataset.unwrap()
}

fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn titles(ds: &Dataset, tl: &Timeline, f: &Filter) -> Vec<String> {
    tl.select(ds, f).into_iter().map(|i| tl.items()[i].title.clone()).collect()
}

#[test]
fn every_dated_field_becomes_an_item() {
    let ds = data();
    let tl = Timeline::build(&ds);
    let kinds: Vec<(String, ItemKind, Option<String>)> =
        tl.items().iter().map(|i| (i.date_text(), i.kind, i.end.map(|e| e.to_string()))).collect();
    let has = |date: &str, kind: ItemKind, end: Option<&str>| {
        assert!(
            kinds.contains(&(date.to_string(), kind, end.map(String::from))),
            "missing {date} {kind:?} {end:?} in {kinds:#?}"
        );
    };
    has("1990", ItemKind::Founded, None);
    has("2001-05-02", ItemKind::Founded, None);
    has("2010", ItemKind::Role, Some("2015-06"));
    has("2016", ItemKind::Role, None);
    has("2019", ItemKind::RoleEnd, None); // only an end: an item at the end
    has("2023-03", ItemKind::Announced, None);
    has("2023", ItemKind::Launched, None);
    has("2023-03-05", ItemKind::Signed, None);
    has("2023-04", ItemKind::Effective, Some("2028"));
    has("2020-01-01", ItemKind::Signed, Some("2022-12-31")); // signed and expiring: one span
    has("2030", ItemKind::Expires, None);
    has("2023-03-05", ItemKind::Event, None);
    has("2023", ItemKind::Event, None);
    has("undated", ItemKind::UndatedRole, None);
    assert_eq!(tl.items().len(), 14, "a role with no dates is an undated item");
    assert!(tl.items().last().unwrap().date.is_none(), "undated items come last");
    let ending = tl.items().iter().find(|i| i.date == Some(d("2019"))).unwrap();
    assert!(ending.title.ends_with("(ends)"));
}

#[test]
fn mixed_precision_sorts_less_precise_first() {
    let ds = data();
    let tl = Timeline::build(&ds);
    let dates: Vec<String> = tl.items().iter().map(|i| i.date_text()).collect();
    let y2023 = dates.iter().position(|x| x == "2023").unwrap();
    let m2023 = dates.iter().position(|x| x == "2023-03").unwrap();
    let d2023 = dates.iter().position(|x| x == "2023-03-05").unwrap();
    assert!(y2023 < m2023 && m2023 < d2023, "{dates:?}");
    let mut sorted = tl.items().to_vec();
    sorted.sort_by_key(|i| (i.date.is_none(), i.date));
    assert_eq!(
        sorted.iter().map(|i| i.date).collect::<Vec<_>>(),
        tl.items().iter().map(|i| i.date).collect::<Vec<_>>()
    );
}

#[test]
fn filters_by_scope_category_and_range() {
    let ds = data();
    let tl = Timeline::build(&ds);
    let id = |s: &str| ds.lookup(s).unwrap();
    // Shared: items concerning at least two of the chosen.
    let shared = Filter { scope: Scope::of(vec![id("a"), id("b")]), ..Filter::default() };
    assert_eq!(titles(&ds, &tl, &shared), ["Deal signed", "Deal in force"]);
    // Around: the entity and everything linked to it (Gamma: its chip, deals, person, event).
    let around = Filter { scope: Scope::of(vec![id("c")]), ..Filter::default() };
    let t = titles(&ds, &tl, &around);
    assert!(t.contains(&"Chip announced".to_string()) && t.contains(&"Big news".to_string()), "{t:?}");
    assert!(t.contains(&"Deal Three expires".to_string()), "{t:?}");
    assert!(!t.contains(&"Alpha founded".to_string()), "Alpha is two links away: {t:?}");
    // Categories.
    let roles = Filter { categories: vec![Category::Roles], ..Filter::default() };
    assert_eq!(titles(&ds, &tl, &roles).len(), 4, "three dated roles and an undated one");
    // Range: spans overlapping the range count.
    let range = Filter { from: Some(d("2021")), to: Some(d("2021-12")), ..Filter::default() };
    assert_eq!(titles(&ds, &tl, &range), ["Pat: Chair, Beta", "Deal Two signed"]);
}

fn demo_app() -> App {
    let ds = Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap());
    App::new(ds, Options { today: Some(d("2026-11-25")), ..Options::default() }, 80, 24)
}

fn send(app: &mut App, keys: &[Key]) {
    for k in keys {
        if let Some(a) = keymap::dispatch(app.mode(), &Input::Key(*k)) {
            let _ = app.update(a);
        }
    }
}

fn chars(s: &str) -> Vec<Key> {
    s.chars().map(Key::ch).collect()
}

#[test]
fn t_on_huawei_then_enter_opens_the_cross_licence() {
    let mut app = demo_app();
    send(&mut app, &chars("t"));
    assert_eq!(app.view(), &View::Timeline);
    assert_eq!(app.mode(), Mode::Timeline);
    let ds = app.dataset();
    let huawei = ds.lookup("huawei").unwrap();
    assert_eq!(app.timeline_state().scope, Scope::Around(huawei));
    let target = app
        .timeline()
        .items()
        .iter()
        .position(|i| i.title == "Huawei-Xiaomi global patent cross-licence signed")
        .unwrap();
    let at = app.timeline_state().picked.iter().position(|&i| i == target).expect("the deal is in Huawei's timeline");
    send(&mut app, &[Key::plain(KeyCode::Home)]);
    for _ in 0..at {
        send(&mut app, &chars("j"));
    }
    send(&mut app, &[Key::plain(KeyCode::Enter)]);
    assert_eq!(app.view(), &View::Kind(Kind::Agreement));
    assert_eq!(app.dataset().get(app.selected().unwrap()).id, "huawei-xiaomi-cross-license");
    send(&mut app, &[Key::plain(KeyCode::Backspace)]);
    assert_eq!(app.view(), &View::Timeline, "back to the timeline");
    assert_eq!(app.timeline_state().current(), Some(target), "with the cursor where it was");
}

#[test]
fn marks_give_the_shared_history() {
    let mut app = demo_app();
    send(&mut app, &chars("mjm")); // Huawei, then Xiaomi
    assert_eq!(app.marks().len(), 2);
    send(&mut app, &chars("t"));
    let st = app.timeline_state();
    assert!(matches!(st.scope, Scope::Shared(ref ids) if ids.len() == 2));
    let titles: Vec<&str> = st.picked.iter().map(|&i| app.timeline().items()[i].title.as_str()).collect();
    assert!(titles.contains(&"Huawei-Xiaomi global patent cross-licence signed"), "{titles:?}");
    assert!(titles.len() >= 4 && titles.len() < 12, "{titles:?}");
    assert_eq!(app.breadcrumb().last().unwrap(), "Timeline: Huawei + Xiaomi");
}

#[test]
fn zoom_pan_categories_and_filter_keys() {
    let mut app = demo_app();
    send(&mut app, &chars("8"));
    assert_eq!(app.view(), &View::Timeline);
    assert_eq!(app.timeline_state().zoom, Zoom::Year);
    send(&mut app, &chars("+"));
    assert_eq!(app.timeline_state().zoom, Zoom::Quarter);
    send(&mut app, &chars("+++"));
    assert_eq!(app.timeline_state().zoom, Zoom::Month, "stops at month");
    send(&mut app, &chars("----"));
    assert_eq!(app.timeline_state().zoom, Zoom::Decade);
    let start = app.timeline_state().start;
    send(&mut app, &chars("l"));
    assert!(app.timeline_state().start > start, "pans later");
    send(&mut app, &chars("hh"));
    assert!(app.timeline_state().start < start, "pans earlier");
    let all = app.timeline_state().picked.len();
    send(&mut app, &chars("r"));
    let without_roles = app.timeline_state().picked.len();
    assert!(without_roles < all);
    assert!(!app.timeline_state().categories.contains(&Category::Roles));
    send(&mut app, &chars("r/mate 60"));
    assert_eq!(app.mode(), Mode::Filter);
    let picked = &app.timeline_state().picked;
    assert!(!picked.is_empty() && picked.len() < 10, "{}", picked.len());
    send(&mut app, &[Key::plain(KeyCode::Enter)]);
    assert_eq!(app.timeline_state().query, "mate 60");
    send(&mut app, &[Key::plain(KeyCode::Esc)]);
    assert_eq!(app.timeline_state().picked.len(), all);
    send(&mut app, &chars("G"));
    assert_eq!(app.timeline_state().selected, all - 1);
    send(&mut app, &chars("g"));
    assert_eq!(app.timeline_state().selected, 0);
}

#[test]
fn detail_card_shows_a_short_timeline() {
    let app = demo_app();
    let doc = app.detail_doc().unwrap();
    let text: Vec<String> = doc.lines.iter().map(|l| l.iter().map(|p| p.text.as_str()).collect()).collect();
    let at = text.iter().position(|l| l.starts_with("Timeline (latest; t shows it all)")).expect("a timeline section");
    assert!(text[at + 1].contains("2024-05-07"), "{}", text[at + 1]);
}

#[test]
fn ten_thousand_items_scroll_and_zoom() {
    // A generated dataset: 10,000 events over 30 years, one firm.
    let mut yaml =
        String::from("sources:\n  - {id: s, title: S}\nfirms:\n  - {id: f, name: F, sources: [s]}\nevents:\n");
    for n in 0..10_000 {
        let day = n * 11 % 10_950;
        let date = dealscope::data::date::civil(dealscope::data::date::day_number(1995, 1, 1) + day as i64);
        yaml.push_str(&format!("  - {{id: e{n}, title: Event {n}, date: {date}, involves: [f], sources: [s]}}\n"));
    }
    let ds = Arc::new(load_texts(vec![("big.yaml".into(), yaml)]).dataset.unwrap());
    let mut app = App::new(ds, Options::default(), 200, 60);
    send(&mut app, &chars("8"));
    assert_eq!(app.timeline_state().picked.len(), 10_000);
    for k in ["G", "g", "+", "+", "-", "l", "h"] {
        send(&mut app, &chars(k));
        let area = ratatui::layout::Rect::new(0, 0, 200, 60);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        dealscope::ui::draw(&app, area, &mut buf);
    }
    send(&mut app, &[Key::plain(KeyCode::PageDown)]);
    assert!(app.timeline_state().selected > 0);
}

#[test]
fn typing_a_longer_filter_keeps_what_a_fresh_filter_keeps() {
    let mut app = demo_app();
    send(&mut app, &chars("T/"));
    for (i, c) in "mate 60".chars().enumerate() {
        send(&mut app, &chars(&c.to_string()));
        let typed: String = "mate 60".chars().take(i + 1).collect();
        let (ds, tl) = (app.dataset(), app.timeline());
        let mut fresh = app.timeline_state().clone();
        fresh.query = dealscope::text::input::TextInput::new(&typed);
        fresh.refresh(ds, tl);
        assert_eq!(app.timeline_state().picked, fresh.picked, "after {typed:?}");
    }
    assert!(!app.timeline_state().picked.is_empty(), "the Mate 60 items are kept");
    // Deleting widens again.
    send(&mut app, &[Key::plain(KeyCode::Backspace); 7]);
    send(&mut app, &[Key::plain(KeyCode::Esc)]);
    let all = app.timeline().select(app.dataset(), &Filter::default());
    assert_eq!(app.timeline_state().picked, all);
}

#[test]
fn the_timeline_tab_lists_undated_items_last_under_their_own_heading() {
    let mut app = App::new(Arc::new(data()), Options::default(), 80, 24);
    let _ = app.update(dealscope::app::action::Action::GoTab(7));
    assert_eq!(app.view(), &View::Timeline);
    let _ = app.update(dealscope::app::action::Action::Bottom);
    let item = &app.timeline().items()[app.timeline_state().current().unwrap()];
    assert_eq!(item.kind, ItemKind::UndatedRole);
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    dealscope::ui::draw(&app, area, &mut buf);
    let rows: Vec<String> = (0..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect()).collect();
    let heading = rows.iter().position(|r| r.contains("── undated ──")).unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(rows[heading + 1].contains("undated    role     Pat: Board, Gamma"), "{rows:#?}");
}
