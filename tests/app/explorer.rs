//! The explorer's state driven by keys through the keymap into
//! `App::update`, as a user would, without a terminal.

use std::sync::Arc;

use dealscope::app::doc::Target;
use dealscope::app::input::{Input, Key, KeyCode, MouseKind};
use dealscope::app::keymap::Mode;
use dealscope::app::msg::{Effect, Msg};
use dealscope::app::reload::DataProblem;
use dealscope::app::{App, Focus, Options, View};
use dealscope::data::model::{Dataset, Kind};

use crate::drive::{Last, app, demo, key, keys, selected_id, send};

/// Moves the detail cursor to the link that opens `id` and follows it.
fn follow(app: &mut App, id: &str) {
    if app.focus() != Focus::Detail {
        key(app, KeyCode::Tab);
    }
    let target = app.dataset().lookup(id).unwrap();
    let doc = app.detail_doc().unwrap();
    let n = doc.targets.iter().position(|t| *t == Target::Entity(target)).unwrap_or_else(|| panic!("no link to {id}"));
    key(app, KeyCode::Home);
    for _ in 0..n {
        keys(app, "j");
    }
    assert_eq!(app.detail().cursor, Some(n));
    key(app, KeyCode::Enter);
    assert_eq!(selected_id(app), id);
}

#[test]
fn starts_on_firms_with_huawei_selected() {
    let app = app();
    assert_eq!(app.view(), &View::Kind(Kind::Firm));
    assert_eq!(selected_id(&app), "huawei");
    assert_eq!(app.mode(), Mode::List);
}

#[test]
fn follow_links_then_back_twice_restores_huawei() {
    let mut app = app();
    keys(&mut app, "jjkk"); // wander, then back to Huawei
    assert_eq!(selected_id(&app), "huawei");
    follow(&mut app, "huawei-xiaomi-cross-license");
    assert_eq!(app.view(), &View::Kind(Kind::Agreement));
    follow(&mut app, "xiaomi");
    assert_eq!(app.view(), &View::Kind(Kind::Firm));
    assert_eq!(app.breadcrumb(), ["Huawei", "Huawei-Xiaomi global patent cross-licence", "Xiaomi"]);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(selected_id(&app), "huawei-xiaomi-cross-license");
    let deal_cursor = app.detail().cursor;
    key(&mut app, KeyCode::Backspace);
    assert_eq!(selected_id(&app), "huawei");
    assert_eq!(app.view(), &View::Kind(Kind::Firm));
    assert_eq!(app.focus(), Focus::Detail, "focus restored");
    let doc = app.detail_doc().unwrap();
    let to_deal = doc.targets[app.detail().cursor.unwrap()].clone();
    assert_eq!(
        to_deal,
        Target::Entity(app.dataset().lookup("huawei-xiaomi-cross-license").unwrap()),
        "cursor restored"
    );
    // And forward again, with L (or Alt-→); Ctrl-i, which arrives as Tab, is not history.
    keys(&mut app, "L");
    assert_eq!(selected_id(&app), "huawei-xiaomi-cross-license");
    assert_eq!(app.detail().cursor, deal_cursor);
    send(&mut app, &[Input::Key(Key { code: KeyCode::Right, ctrl: false, alt: true })]);
    assert_eq!(selected_id(&app), "xiaomi");
    assert!(app.forward_stack().is_empty());
}

#[test]
fn filter_as_you_type_keep_and_clear() {
    let mut app = app();
    keys(&mut app, "3/kirin");
    assert_eq!(app.mode(), Mode::Filter);
    assert!(app.list().rows.len() >= 6);
    assert!(app.list().rows.iter().all(|h| app.dataset().get(h.id).name.starts_with("Kirin")));
    keys(&mut app, " 9000s");
    assert_eq!(selected_id(&app), "kirin-9000s", "best match first");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::List);
    assert_eq!(app.list().query, "kirin 9000s", "Enter keeps the filter");
    keys(&mut app, "/");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.list().query, "", "Esc clears");
    assert_eq!(app.list().rows.len(), app.dataset().of_kind(Kind::Chipset).len());
}

#[test]
fn native_alias_finds_the_firm() {
    let mut app = app();
    keys(&mut app, "/小米");
    assert_eq!(selected_id(&app), "xiaomi");
    keys(&mut app, "2");
    assert_eq!(app.list().query, "小米2", "digits type while filtering");
}

#[test]
fn palette_jumps_across_kinds() {
    let mut app = app();
    send(&mut app, &[Input::Key(Key::ctrl('p'))]);
    assert_eq!(app.mode(), Mode::Palette);
    keys(&mut app, "mate 60");
    let p = app.palette().unwrap();
    assert_eq!(app.dataset().get(p.hits[0].id).id, "mate-60-pro");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view(), &View::Kind(Kind::Product));
    assert_eq!(selected_id(&app), "mate-60-pro");
    key(&mut app, KeyCode::Backspace);
    assert_eq!(selected_id(&app), "huawei");
    keys(&mut app, ":");
    assert_eq!(app.mode(), Mode::Palette, "`:` opens it too");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::List);
}

#[test]
fn a_tag_lists_everything_with_it() {
    let mut app = app();
    key(&mut app, KeyCode::Tab);
    let doc = app.detail_doc().unwrap();
    let five_g = doc.targets.iter().position(|t| *t == Target::Tag("5G".into())).unwrap();
    for _ in 0..five_g {
        keys(&mut app, "j");
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view(), &View::Tag("5G".into()));
    let kinds: std::collections::HashSet<Kind> =
        app.list().rows.iter().map(|h| app.dataset().get(h.id).kind()).collect();
    assert!(kinds.len() >= 3, "mixed kinds: {kinds:?}");
    assert_eq!(app.list().rows.len(), app.dataset().tagged("5G").len());
    key(&mut app, KeyCode::Backspace);
    assert_eq!(selected_id(&app), "huawei");
}

#[test]
fn moving_keys_and_tabs() {
    let mut app = app();
    keys(&mut app, "G");
    assert_eq!(app.list().selected, app.list().rows.len() - 1);
    keys(&mut app, "g");
    assert_eq!(app.list().selected, 0);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.list().selected, 18.min(app.list().rows.len() - 1));
    send(&mut app, &[Input::Key(Key::ctrl('u'))]);
    assert_eq!(app.list().selected, 9);
    keys(&mut app, "6");
    assert_eq!(app.view(), &View::Kind(Kind::Event));
    keys(&mut app, "]");
    assert_eq!(app.view(), &View::Kind(Kind::Source));
    keys(&mut app, "]");
    assert_eq!(app.view(), &View::Kind(Kind::Firm));
    assert_eq!(app.list().selected, 9, "each tab keeps its selection");
    keys(&mut app, "[");
    assert_eq!(app.view(), &View::Kind(Kind::Source));
}

#[test]
fn copy_yields_osc52_effect_and_quit_keys() {
    let mut app = app();
    assert_eq!(keys(&mut app, "y"), Effect::Copy("huawei".into()));
    assert_eq!(app.message(), Some("copied huawei"));
    assert_eq!(keys(&mut app, "q"), Effect::Quit);
    assert_eq!(send(&mut app, &[Input::Key(Key::ctrl('c'))]), Effect::Quit);
}

#[test]
fn help_overlay_opens_scrolls_and_closes() {
    let mut app = app();
    keys(&mut app, "?");
    assert_eq!(app.mode(), Mode::Help);
    keys(&mut app, "jj");
    assert_eq!(app.help_scroll(), Some(2));
    assert_eq!(keys(&mut app, "q"), Last(Vec::new()), "q closes help first");
    assert_eq!(app.mode(), Mode::List);
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut app = app();
    // Rows start below the list's top border at y = 3.
    send(&mut app, &[Input::Mouse { kind: MouseKind::Click, x: 5, y: 5 }]);
    assert_eq!(app.list().selected, 2);
    send(&mut app, &[Input::Mouse { kind: MouseKind::ScrollDown, x: 5, y: 5 }]);
    assert_eq!(app.list().selected, 5);
    send(&mut app, &[Input::Mouse { kind: MouseKind::ScrollDown, x: 60, y: 10 }]);
    assert_eq!(app.detail().scroll, 3);
    let lay = app.layout();
    let cells = dealscope::app::layout::tab_cells(app.dataset(), lay.tabs.width);
    send(&mut app, &[Input::Mouse { kind: MouseKind::Click, x: cells[4].x + 1, y: 1 }]);
    assert_eq!(app.view(), &View::Kind(Kind::Agreement));
}

#[test]
fn resize_keeps_selection_visible() {
    let mut app = app();
    keys(&mut app, "G");
    send(&mut app, &[Input::Resize(60, 15)]);
    let l = app.list();
    let rows = app.layout().list_rows();
    assert!(l.selected >= l.offset && l.selected < l.offset + rows);
    send(&mut app, &[Input::Resize(200, 60)]);
    assert_eq!(app.list().offset, 0);
}

#[test]
fn paste_types_into_the_filter_without_control_characters() {
    let mut app = app();
    keys(&mut app, "/");
    send(&mut app, &[Input::Paste("hua\x1b[31mwei\nsecond line".into())]);
    assert_eq!(app.list().query, "hua[31mwei");
    assert_eq!(send(&mut app, &[Input::Paste("x".repeat(10_000))]), Last(Vec::new()));
    assert_eq!(app.list().query.chars().count(), 200);
}

/// The demo files, with `edit` applied to one of them.
fn demo_texts_with(file: &str, edit: impl Fn(&str) -> String) -> Arc<Dataset> {
    let files = dealscope::data::load::DEMO_FILES
        .iter()
        .map(|(name, text)| (name.to_string(), if *name == file { edit(text) } else { text.to_string() }))
        .collect();
    let loaded = dealscope::data::load::load_texts(files);
    Arc::new(loaded.dataset.unwrap_or_else(|| panic!("edited data is valid:\n{}", loaded.report.render())))
}

#[test]
fn reload_keeps_the_selection_history_and_marks_by_id() {
    let mut app = app();
    keys(&mut app, "3jj"); // a chipset
    let chip = app.dataset().get(app.selected().unwrap()).id.clone();
    keys(&mut app, "1jm"); // Xiaomi, marked
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "j");
    key(&mut app, KeyCode::Enter); // follow a link from Xiaomi's card
    let away = app.dataset().get(app.selected().unwrap()).id.clone();
    assert_ne!(away, "xiaomi");
    // A new firm at the top shifts every firm's position; Xiaomi is renamed.
    let ds = demo_texts_with("firms.yaml", |t| {
        t.replacen("firms:\n", "firms:\n  - id: acme\n    name: Acme\n    sources: [seed-article]\n", 1).replacen(
            "name: Xiaomi\n",
            "name: Xiaomi Corporation\n",
            1,
        )
    });
    let _ = app.update(Msg::Reloaded(ds.into()));
    assert_eq!(app.dataset().get(app.selected().unwrap()).id, away, "the shown entity stays");
    let chips = app.kind_list(Kind::Chipset);
    assert_eq!(app.dataset().get(chips.rows[chips.selected].id).id, chip, "other lists keep their selection");
    let marked: Vec<&str> = app.marks().iter().map(|&m| app.dataset().get(m).id.as_str()).collect();
    assert_eq!(marked, ["xiaomi"], "marks follow their entity");
    // History made before the reload leads back to the same entity, renamed.
    key(&mut app, KeyCode::Backspace);
    let back = app.dataset().get(app.selected().unwrap());
    assert_eq!((back.id.as_str(), back.name.as_str()), ("xiaomi", "Xiaomi Corporation"));

    // An entity that goes away leaves every cursor on a valid row.
    let before = app.dataset().len();
    assert_eq!(app.focus(), Focus::Detail, "focus came back too");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "g"); // Acme, now the first firm
    assert_eq!(app.dataset().get(app.selected().unwrap()).id, "acme");
    let _ = app.update(Msg::Reloaded(demo().into()));
    assert_eq!(app.dataset().len(), before - 1);
    let l = app.list();
    assert!(l.selected < l.rows.len());
    assert!(app.selected().is_some());
}

#[test]
fn an_edit_that_keeps_the_ids_is_taken_in_place_and_the_old_data_is_handed_back() {
    use dealscope::app::indexed::Indexed;
    use dealscope::data::load::{DEMO_FILES, Kept, Limits, load_again};
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in DEMO_FILES {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let mut kept = Kept::default();
    let (first, _) = load_again(tmp.path(), Limits::default(), &mut kept, &[]).unwrap();
    let mut app = App::new(Arc::new(first.dataset.unwrap()), Options::default(), 100, 30);
    keys(&mut app, "/xiao");
    key(&mut app, KeyCode::Enter);
    assert_eq!(selected_id(&app), "xiaomi");
    let rows_before = app.list().rows.len();
    // Xiaomi renamed: every id stays where it was.
    let firms = tmp.path().join("firms.yaml");
    let text = std::fs::read_to_string(&firms).unwrap();
    std::fs::write(&firms, text.replacen("name: Xiaomi\n", "name: Xiaomi Corporation\n", 1)).unwrap();
    let (again, reused) =
        load_again(tmp.path(), Limits::default(), &mut kept, &[firms.canonicalize().unwrap()]).unwrap();
    assert!(reused.in_place);
    let before = app.indexed();
    let data = Indexed::again(&before, Arc::new(again.dataset.unwrap()));
    assert!(data.ds.changed_since(&before.ds).is_some());
    let effects = app.update(Msg::Reloaded(data));
    assert!(effects.contains(&Effect::Release(before)), "the old data goes back to be freed: {effects:?}");
    assert_eq!(selected_id(&app), "xiaomi", "the selection stays");
    assert_eq!(app.dataset().get(app.selected().unwrap()).name, "Xiaomi Corporation");
    assert_eq!(app.list().query.as_str(), "xiao", "the filter stays");
    assert_eq!(app.list().rows.len(), rows_before);
    // An unfiltered list lists the new data's entities of its kind.
    let people: Vec<_> = app.kind_list(Kind::Person).rows.iter().map(|h| h.id).collect();
    assert_eq!(people, app.dataset().of_kind(Kind::Person));
}

/// The problem of the demo data with three errors in firms.yaml, as if that
/// file had just been saved.
pub(crate) fn three_errors() -> Arc<DataProblem> {
    let files = dealscope::data::load::DEMO_FILES
        .iter()
        .map(|(name, text)| {
            let text = match *name {
                "firms.yaml" => text
                    .replacen("    name: Huawei\n", "    nme: Huawei\n", 1)
                    .replacen("    founded: 1987-09-15\n", "    founded: someday\n", 1)
                    .replacen("    hq: Beijing\n", "    hq: Beijing\n    colour: orange\n", 1),
                _ => text.to_string(),
            };
            (name.to_string(), text)
        })
        .collect();
    let loaded = dealscope::data::load::load_texts(files);
    assert!(loaded.dataset.is_none());
    Arc::new(DataProblem::from_report(&loaded.report, |name| name.ends_with("firms.yaml")))
}

#[test]
fn an_invalid_reload_keeps_the_data_and_counts_every_error() {
    let mut app = app();
    keys(&mut app, "j");
    let before = app.dataset().len();
    let _ = app.update(Msg::Reloaded(demo().into()));
    assert!(app.message().unwrap().starts_with("data reloaded"));
    let problem = three_errors();
    assert_eq!(problem.errors.len(), 3, "{problem:?}");
    let _ = app.update(Msg::DataProblem(Some(Arc::clone(&problem))));
    assert_eq!(app.dataset().len(), before);
    assert_eq!(app.data_problem(), Some(&*problem));
    assert_eq!(app.dataset().get(app.selected().unwrap()).id, "xiaomi");
    // The status bar no longer says the data reloaded: it says it did not.
    let n = problem.errors.len();
    assert!(n > 0, "{problem:?}");
    assert_eq!(app.message(), Some(format!("data not reloaded: {n} errors (E lists them)").as_str()));
    // Every error has its place.
    assert!(problem.errors.iter().all(|e| e.at.starts_with("firms.yaml:")), "{problem:?}");
    // The next good data clears the banner and says so.
    let _ = app.update(Msg::Reloaded(demo().into()));
    assert_eq!(app.data_problem(), None);
    assert!(app.message().unwrap().starts_with("data reloaded"));
}

#[test]
fn e_lists_the_errors_scrolls_and_closes() {
    let mut app = app();
    keys(&mut app, "E");
    assert_eq!(app.errors_scroll(), None, "nothing to list");
    assert_eq!(app.message(), Some("the data on disk has no errors"));
    let problem = three_errors();
    let n = problem.errors.len();
    let _ = app.update(Msg::DataProblem(Some(problem)));
    keys(&mut app, "E");
    assert_eq!(app.mode(), Mode::Errors);
    assert_eq!(app.errors_scroll(), Some(0));
    keys(&mut app, "jjjjjjjjjj");
    assert_eq!(app.errors_scroll(), Some(n - 1), "scrolls no further than the last error");
    keys(&mut app, "k");
    assert_eq!(app.errors_scroll(), Some(n - 2));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.errors_scroll(), None);
    assert_eq!(app.mode(), Mode::List);
    keys(&mut app, "E");
    keys(&mut app, "q"); // closes; does not quit
    assert_eq!(app.mode(), Mode::List);
    // On the timeline too; and valid data closes the list.
    keys(&mut app, "TE");
    assert_eq!(app.mode(), Mode::Errors);
    let _ = app.update(Msg::Reloaded(demo().into()));
    assert_eq!(app.errors_scroll(), None);
    assert_eq!(app.mode(), Mode::Timeline);
}

#[test]
fn reload_on_the_timeline_keeps_scope_and_date() {
    let mut app = app();
    keys(&mut app, "t"); // Huawei's timeline
    keys(&mut app, "kk");
    let st = app.timeline_state();
    let item = &app.timeline().items()[st.current().unwrap()];
    let (date, scope) = (item.date, app.scope_name(&st.scope));
    let ds = demo_texts_with("firms.yaml", |t| {
        t.replacen("firms:\n", "firms:\n  - id: acme\n    name: Acme\n    sources: [seed-article]\n", 1)
    });
    let _ = app.update(Msg::Reloaded(ds.into()));
    assert_eq!(*app.view(), View::Timeline);
    let st = app.timeline_state();
    assert_eq!(app.scope_name(&st.scope), scope);
    assert_eq!(app.timeline().items()[st.current().unwrap()].date, date);
}

/// Moves the detail cursor to the link to `tag` and follows it.
fn follow_tag(app: &mut App, tag: &str) {
    let _ = app.update(dealscope::app::action::Action::FocusDetail);
    for _ in 0..200 {
        let doc = app.detail_doc().expect("a card");
        if app.detail().cursor.and_then(|c| doc.targets.get(c).cloned()) == Some(Target::Tag(tag.into())) {
            let _ = key(app, KeyCode::Enter);
            return;
        }
        let _ = keys(app, "j");
    }
    panic!("no link to #{tag}");
}

#[test]
fn back_to_a_tag_shows_that_tags_entities() {
    let mut app = app(); // Huawei
    follow_tag(&mut app, "telecom");
    assert_eq!(*app.view(), View::Tag("telecom".into()));
    let telecom: Vec<String> = app.list().rows.iter().map(|h| app.dataset().get(h.id).id.clone()).collect();
    // From an entity tagged #telecom, on to another of its tags.
    let _ = key(&mut app, KeyCode::Enter);
    let other = app.dataset().get(app.selected().unwrap()).tags.iter().find(|t| *t != "telecom").cloned();
    let other = other.expect("a second tag");
    follow_tag(&mut app, &other);
    assert_eq!(*app.view(), View::Tag(other.clone()));
    // Back: the #telecom list again, with #telecom's entities.
    let _ = key(&mut app, KeyCode::Backspace);
    assert_eq!(*app.view(), View::Tag("telecom".into()));
    let shown: Vec<String> = app.list().rows.iter().map(|h| app.dataset().get(h.id).id.clone()).collect();
    assert_eq!(shown, telecom);
}

#[test]
fn marked_rows_show_a_mark_in_every_theme() {
    use dealscope::app::theme::ThemeName;
    for (theme, ascii, mark) in
        [(ThemeName::Dark, false, "◆"), (ThemeName::Mono, false, "◆"), (ThemeName::Light, true, "+")]
    {
        let mut app = App::new(demo(), Options { theme, ascii, ..Options::default() }, 80, 24);
        keys(&mut app, "mjm"); // Huawei and Xiaomi
        assert_eq!(app.marks().len(), 2);
        let area = ratatui::layout::Rect::new(0, 0, 80, 24);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        dealscope::ui::draw(&app, area, &mut buf);
        let lay = app.layout();
        let row = |i: u16| -> String {
            (lay.list.x + 1..lay.list.x + 4).map(|x| buf[(x, lay.list.y + 1 + i)].symbol().to_string()).collect()
        };
        assert!(row(0).contains(mark), "{theme:?}: Huawei's row {:?}", row(0));
        assert!(row(1).contains(mark), "{theme:?}: Xiaomi's row {:?}", row(1));
        assert!(!row(2).contains(mark), "{theme:?}: HiSilicon is not marked {:?}", row(2));
    }
}

#[test]
fn switching_tabs_puts_focus_on_the_list_and_h_l_walk_history() {
    let mut app = app();
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Detail);
    keys(&mut app, "3");
    assert_eq!((app.view(), app.focus()), (&View::Kind(Kind::Chipset), Focus::List));
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "]");
    assert_eq!((app.view(), app.focus()), (&View::Kind(Kind::Product), Focus::List));
    follow(&mut app, "huawei");
    keys(&mut app, "H");
    assert_ne!(selected_id(&app), "huawei", "H goes back");
    keys(&mut app, "L");
    assert_eq!(selected_id(&app), "huawei", "L goes forward");
}
