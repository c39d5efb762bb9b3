//! Redaction, tried as a hostile viewer would: a fixture with a confidential
//! firm named with a word found nowhere else (Quorvex) and confidential
//! fields; every screen of every tab at two sizes, every card, the
//! neighbourhood, the Paths view (`P` between every two entities, and the
//! palette's `path A to B`), the timelines and the tour, searches for the
//! word and its prefixes and `path` commands naming it (answers compared with
//! the data without it), and the copy buffer must hold none of it. Each key
//! is checked to have opened the view it is for, so a walk that stops short
//! fails instead of looking at the same screen again. The same data
//! unredacted shows it all, marked, in the same views. A follower without
//! clearance takes a cleared presenter's place in each view (the Paths
//! view and the timeline worked out on data it may not see) and shows none
//! of it.

use std::sync::Arc;

use dealscope::app::action::Action;
use dealscope::app::input::KeyCode;
use dealscope::app::msg::{Effect, Msg};
use dealscope::app::{App, Focus, Options, Presence, Role, View};
use dealscope::data::load::{DataSource, load, load_texts};
use dealscope::data::model::{Dataset, EntityId, Kind};
use dealscope::data::redact::redact;

use crate::drive::{key, keys};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/redact/data.yaml");

use crate::common::REDACTED_SECRETS as SECRETS;

fn fixture() -> Dataset {
    load(&DataSource::Path(FIXTURE.into()), Default::default()).unwrap().dataset.expect("the fixture is valid")
}

fn app_of(ds: Dataset, w: u16, h: u16) -> App {
    App::new(Arc::new(ds), Options::default(), w, h)
}

fn screen(app: &App) -> String {
    let (w, h) = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    dealscope::ui::draw(app, buf.area, &mut buf);
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
}

fn assert_clean(what: &str, text: &str) {
    let low = text.to_lowercase();
    for s in SECRETS {
        assert!(!low.contains(s), "{what} shows `{s}`:\n{text}");
    }
}

/// Selects row `row` of tab `tab` (1-based, as typed); returns the entity.
fn select(app: &mut App, tab: usize, row: usize) -> EntityId {
    keys(app, &tab.to_string());
    assert_eq!(app.view(), &View::Kind(Kind::ALL[tab - 1]), "tab {tab}");
    keys(app, "g");
    for _ in 0..row {
        keys(app, "j");
    }
    assert_eq!(app.list().selected, row, "row {row} of tab {tab}");
    app.selected().unwrap_or_else(|| panic!("row {row} of tab {tab} selects an entity"))
}

/// What [`every_screen`] looked at, view by view.
#[derive(Default, Debug)]
struct Walked {
    lists: usize,
    cards: usize,
    hoods: usize,
    timelines: usize,
    paths: usize,
    typed_paths: usize,
    tours: usize,
}

/// Walks every screen a viewer can reach, checking that each key opened the
/// view it is for: every tab, every row with its card (scrolled to its end),
/// its neighbourhood at depths 1 and 2 with the cursor on each neighbour, its
/// timeline; the Paths view (`m`, then `P`) between every two entities with
/// the cursor on each row, and as the palette's `path A to B` opens it; the
/// timeline tab; the tour picker and every step of the tour. Calls `seen`
/// with each screen.
fn every_screen(app: &mut App, mut seen: impl FnMut(&str, String)) -> Walked {
    let mut walked = Walked::default();
    let mut all = Vec::new();
    for (i, kind) in Kind::ALL.iter().enumerate() {
        let tab = i + 1;
        keys(app, &tab.to_string());
        for r in 0..app.list().rows.len() {
            let id = select(app, tab, r);
            all.push((tab, r, id));
            let what = format!("{kind:?} row {r}");
            seen(&what, screen(app));
            walked.lists += 1;
            key(app, KeyCode::Tab);
            assert_eq!(app.focus(), Focus::Detail, "{what}: Tab focuses the card");
            for _ in 0..40 {
                keys(app, "j");
            }
            seen(&format!("{what}, card"), screen(app));
            walked.cards += 1;
            key(app, KeyCode::Tab);
            keys(app, "v");
            assert_eq!(app.view(), &View::Neighbourhood, "{what}: v opens the neighbourhood");
            for depth in [1, 2] {
                assert_eq!(app.hood_view().map(|h| h.hood.depth), Some(depth), "{what}");
                for n in 0..12 {
                    seen(&format!("{what}, neighbourhood at depth {depth}, cursor {n}"), screen(app));
                    walked.hoods += 1;
                    keys(app, "j");
                }
                keys(app, "g");
                keys(app, "d");
            }
            key(app, KeyCode::Esc);
            assert_eq!(app.view(), &View::Kind(*kind), "{what}: Esc closes the neighbourhood");
            select(app, tab, r);
            keys(app, "t");
            assert_eq!(app.view(), &View::Timeline, "{what}: t opens its timeline");
            seen(&format!("{what}, timeline"), screen(app));
            walked.timelines += 1;
            key(app, KeyCode::Backspace);
            assert_eq!(app.view(), &View::Kind(*kind), "{what}: Backspace leaves the timeline");
        }
    }
    // The Paths view between every two entities, marked and selected.
    for &(ta, ra, a) in &all {
        for &(tb, rb, b) in &all {
            if a == b {
                continue;
            }
            select(app, ta, ra);
            keys(app, "m");
            select(app, tb, rb);
            keys(app, "P");
            let what = format!("paths from tab {ta} row {ra} to tab {tb} row {rb}");
            assert_eq!(app.view(), &View::Paths, "{what}: P opens the Paths view");
            let p = app.paths_view().expect("the Paths view");
            assert_eq!((p.from, p.to), (a, b), "{what}");
            for n in 0..p.rows.len().max(1) {
                seen(&format!("{what}, cursor {n}"), screen(app));
                walked.paths += 1;
                keys(app, "j");
            }
            key(app, KeyCode::Backspace);
            select(app, ta, ra);
            keys(app, "m");
            assert!(app.marks().is_empty(), "{what}: unmarked");
        }
    }
    // The palette's `path A to B`, by the names a viewer sees.
    let names: Vec<String> = all.iter().map(|&(_, _, id)| app.dataset().get(id).name.clone()).collect();
    for (a, b) in names.iter().zip(names.iter().skip(1)) {
        keys(app, ":");
        let _ = app.update(Action::ClearInput);
        keys(app, &format!("path {a} to {b}"));
        seen(&format!("the palette typing `path {a} to {b}`"), screen(app));
        key(app, KeyCode::Enter);
        assert_eq!(app.view(), &View::Paths, "`path {a} to {b}` opens the Paths view");
        seen(&format!("`path {a} to {b}`"), screen(app));
        walked.typed_paths += 1;
        key(app, KeyCode::Backspace);
    }
    keys(app, "8");
    assert_eq!(app.view(), &View::Timeline, "8 opens the timeline tab");
    for n in 0..12 {
        seen(&format!("timeline tab, item {n}"), screen(app));
        walked.timelines += 1;
        keys(app, "k");
    }
    // The tours: the picker, then every step of each.
    keys(app, "1");
    keys(app, "p");
    seen("the tour picker", screen(app));
    key(app, KeyCode::Esc);
    for tour in app.dataset().tours().to_vec() {
        let _ = app.update(Msg::StartTour(tour.id.clone()));
        for step in 0..tour.steps.len() {
            assert_eq!(app.tour().map(|(t, s)| (t.id.clone(), s)), Some((tour.id.clone(), step)), "the tour's step");
            seen(&format!("tour {} step {step}", tour.id), screen(app));
            walked.tours += 1;
            key(app, KeyCode::PageDown);
        }
    }
    walked
}

#[test]
fn no_screen_of_any_tab_shows_what_is_confidential() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = app_of(redact(&fixture()), w, h);
        let walked = every_screen(&mut app, |what, text| assert_clean(&format!("{what} at {w}x{h}"), &text));
        // 7 entities: 7 lists, cards and timelines, 2 x 12 neighbourhood
        // screens each, paths between 42 pairs, 6 typed, 2 tour steps.
        assert!(
            walked.lists == 7
                && walked.cards == 7
                && walked.hoods == 7 * 24
                && walked.timelines == 7 + 12
                && walked.paths >= 42
                && walked.typed_paths == 6
                && walked.tours == 2,
            "{walked:?}"
        );
        // The redacted firm is there, as what it is, and the deal still has two parties.
        keys(&mut app, "1");
        let names: Vec<&str> = app.list().rows.iter().map(|h| app.dataset().get(h.id).name.as_str()).collect();
        assert_eq!(names, ["Acme", "redacted firm"]);
        assert!(screen(&app).contains("redacted"), "the status bar says redaction is on");
    }
}

#[test]
fn unredacted_the_same_screens_show_it_marked() {
    let mut app = app_of(fixture(), 160, 48);
    let (mut all, mut paths, mut hoods) = (String::new(), String::new(), String::new());
    every_screen(&mut app, |what, text| {
        if what.contains("path") {
            paths.push_str(&text);
        } else if what.contains("neighbourhood") {
            hoods.push_str(&text);
        }
        all.push_str(&text);
    });
    let low = all.to_lowercase();
    for s in ["quorvex", "odalys", "777", "premium of 31", "(confidential)", "masked for viewers without clearance"] {
        assert!(low.contains(s), "a cleared screen shows `{s}`");
    }
    // The walk's Paths and neighbourhood screens are where the name would show.
    assert!(paths.contains("Quorvex Holdings") && paths.contains("Paths: "), "the Paths view names Quorvex");
    assert!(hoods.contains("Around Quorvex Holdings"), "the neighbourhood names Quorvex");
}

/// Everything the palette finds for `query`, by id.
fn found(app: &mut App, query: &str) -> Vec<String> {
    keys(app, ":");
    let _ = app.update(Action::ClearInput);
    keys(app, query);
    let ids = app.palette().unwrap().hits.iter().map(|h| app.dataset().get(h.id).id.clone()).collect();
    let _ = app.update(Action::Cancel);
    ids
}

#[test]
fn searching_for_the_word_finds_nothing_and_counts_as_if_it_were_not_there() {
    // The same data without the confidential firm and its chair (Zed, a
    // firm no query below finds, is the deal's other party).
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let without = text
        .split("\n  - id: quorvex\n")
        .next()
        .map(|head| {
            let rest = &text[text.find("people:").unwrap()..text.find("\ntours:").unwrap()];
            let rest = rest.replace("  - id: vex-chair\n    name: Odalys Quorvex-Baird\n    roles: [{firm: quorvex, title: Chair, from: 2015-06}]\n    confidential: true\n", "");
            // The deal keeps a second party, one no query below finds.
            let zed = "  - id: zed\n    name: Zed\n";
            format!("{head}\n{zed}{}", rest.replace("{firm: quorvex, role: supplier}", "zed"))
        })
        .unwrap();
    let bare = load_texts(vec![("bare.yaml".into(), without)]);
    let bare = bare.dataset.unwrap_or_else(|| panic!("{}", bare.report.render()));
    assert_eq!(bare.len() + 1, fixture().len(), "the firm and its chair out, Zed in");
    let mut redacted = app_of(redact(&fixture()), 80, 24);
    let mut plain = app_of(bare, 80, 24);
    for word in ["Quorvex", "QVX", "Odalys", "George Town", "KY-88213", "quorvexnet", "777", "premium"] {
        for end in 1..=word.len() {
            let q = &word[..end];
            assert_eq!(found(&mut redacted, q), found(&mut plain, q), "the palette for `{q}`");
            // The list filter of each kind, too.
            for tab in ["1", "2", "5"] {
                keys(&mut redacted, tab);
                keys(&mut plain, tab);
                for app in [&mut redacted, &mut plain] {
                    keys(app, "/");
                    keys(app, q);
                    key(app, KeyCode::Enter);
                }
                let ids = |app: &App| -> Vec<String> {
                    app.list().rows.iter().map(|h| app.dataset().get(h.id).id.clone()).collect()
                };
                let (r, p) = (ids(&redacted), ids(&plain));
                assert_eq!(r, p, "`/{q}` on tab {tab}");
                for app in [&mut redacted, &mut plain] {
                    let _ = app.update(Action::Cancel);
                }
            }
        }
    }
    // A `path` command that names it is answered as if it were not there.
    for words in
        ["quorvex to acme", "Quorvex Holdings to Acme", "acme qvx", "odalys to jane doe", "acme to george town"]
    {
        let answer = typed_path(&mut redacted, words);
        assert!(answer.is_err(), "`path {words}`: {answer:?}");
        assert_eq!(answer, typed_path(&mut plain, words), "`path {words}`");
    }
    // Unredacted, the word is found at once.
    let mut cleared = app_of(fixture(), 80, 24);
    assert_eq!(found(&mut cleared, "quorvex").first().map(String::as_str), Some("quorvex"));
    assert_eq!(typed_path(&mut cleared, "quorvex to acme"), Ok(("quorvex".into(), "acme".into())));
}

/// What the palette makes of `path WORDS`: the two ends' ids, or why not.
fn typed_path(app: &mut App, words: &str) -> Result<(String, String), String> {
    keys(app, ":");
    let _ = app.update(Action::ClearInput);
    keys(app, &format!("path {words}"));
    let id = |e| app.dataset().get(e).id.clone();
    let answer = app.palette_path().expect("a `path` command").clone().map(|(a, b)| (id(a), id(b)));
    let _ = app.update(Action::Cancel);
    answer
}

#[test]
fn the_copy_buffer_holds_no_confidential_id() {
    let mut app = app_of(redact(&fixture()), 80, 24);
    keys(&mut app, "1j");
    let copied: Vec<String> = app
        .update(Msg::Action(Action::Copy))
        .into_iter()
        .filter_map(|e| match e {
            Effect::Copy(text) => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(copied, ["redacted-1"]);
    assert_clean("the copy", &copied.join("\n"));
}

/// The viewer takes the presenter's place, as the SSH runtime hands it on;
/// it must be in the same view, and show nothing confidential.
fn follow(viewer: &mut App, presenter: &App, what: &str) {
    let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot())));
    assert_eq!(viewer.view(), presenter.view(), "{what}: the viewer follows");
    assert_clean(&format!("following the presenter: {what}"), &screen(viewer));
}

#[test]
fn a_follower_without_clearance_sees_a_cleared_presenters_every_view_redacted() {
    let mut presenter = app_of(fixture(), 160, 48);
    let mut viewer = app_of(redact(&fixture()), 160, 48);
    let _ = viewer.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 1 })));
    keys(&mut presenter, "1j");
    follow(&mut viewer, &presenter, "the confidential firm");
    assert_eq!(viewer.selected(), presenter.selected());
    keys(&mut presenter, "v");
    follow(&mut viewer, &presenter, "its neighbourhood");
    keys(&mut presenter, "d");
    follow(&mut viewer, &presenter, "its neighbourhood at depth 2");
    key(&mut presenter, KeyCode::Esc);
    follow(&mut viewer, &presenter, "the firms again");
    // The Paths view from Acme to the confidential chair: the presenter's
    // hops carry the chair's title and dates.
    keys(&mut presenter, "km2jP");
    let shown = screen(&presenter);
    assert!(shown.contains("→ people (Chair (2015-06–))") && shown.contains("pers Odalys Quorvex-Baird"), "{shown}");
    let rows = presenter.paths_view().unwrap().rows.len();
    for n in 0..rows {
        follow(&mut viewer, &presenter, &format!("the Paths view, cursor {n}"));
        keys(&mut presenter, "j");
    }
    key(&mut presenter, KeyCode::Backspace);
    keys(&mut presenter, ":path quorvex to acme");
    key(&mut presenter, KeyCode::Enter);
    follow(&mut viewer, &presenter, "`path quorvex to acme`");
    // The timeline tab, item by item: the viewer's cursor on the presenter's
    // subject wherever its own timeline has the item.
    keys(&mut presenter, "8");
    let items = presenter.timeline_state().picked.len();
    assert!(items > viewer.timeline_state().picked.len().max(1), "the presenter sees more items");
    let mut same = 0;
    for n in 0..items {
        follow(&mut viewer, &presenter, &format!("the timeline tab, item {n}"));
        same += usize::from(viewer.selected() == presenter.selected());
        keys(&mut presenter, "k");
    }
    assert!(same >= items - 2, "the viewer's cursor on the presenter's item: {same} of {items}");
}
