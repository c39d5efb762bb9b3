//! Redaction, tried as a hostile viewer would: a fixture with a confidential
//! firm named with a word found nowhere else (Quorvex) and confidential
//! fields; every screen of every tab at two sizes, every card, the
//! neighbourhood, paths and the timeline, searches for the word and its
//! prefixes (counts compared with the data without it), and the copy buffer
//! must hold none of it. The same data unredacted shows it all, marked.

use std::sync::Arc;

use dealscope::app::action::Action;
use dealscope::app::input::KeyCode;
use dealscope::app::msg::{Effect, Msg};
use dealscope::app::{App, Options};
use dealscope::data::load::{DataSource, load, load_texts};
use dealscope::data::model::{Dataset, Kind};
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

/// Walks every tab, every row with its card (scrolled to its end), the
/// neighbourhood and the timeline; calls `seen` with each screen.
fn every_screen(app: &mut App, mut seen: impl FnMut(&str, String)) {
    for (i, kind) in Kind::ALL.iter().enumerate() {
        keys(app, &(i + 1).to_string());
        let rows = app.list().rows.len();
        for r in 0..rows {
            seen(&format!("{kind:?} row {r}"), screen(app));
            key(app, KeyCode::Tab);
            for _ in 0..40 {
                keys(app, "j");
            }
            seen(&format!("{kind:?} row {r}, card"), screen(app));
            key(app, KeyCode::Tab);
            keys(app, "v");
            seen(&format!("{kind:?} row {r}, neighbourhood"), screen(app));
            keys(app, "d");
            seen(&format!("{kind:?} row {r}, neighbourhood at depth 2"), screen(app));
            key(app, KeyCode::Backspace);
            keys(app, "t");
            seen(&format!("{kind:?} row {r}, timeline"), screen(app));
            key(app, KeyCode::Backspace);
            keys(app, &(i + 1).to_string());
            keys(app, "j");
        }
    }
    keys(app, "8");
    for n in 0..12 {
        seen(&format!("timeline tab, item {n}"), screen(app));
        keys(app, "k");
    }
}

#[test]
fn no_screen_of_any_tab_shows_what_is_confidential() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = app_of(redact(&fixture()), w, h);
        let mut screens = 0;
        every_screen(&mut app, |what, text| {
            assert_clean(&format!("{what} at {w}x{h}"), &text);
            screens += 1;
        });
        assert!(screens > 40, "{screens} screens looked at");
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
    let mut all = String::new();
    every_screen(&mut app, |_, text| all.push_str(&text));
    let low = all.to_lowercase();
    for s in ["quorvex", "odalys", "777", "premium of 31", "(confidential)", "masked for viewers without clearance"] {
        assert!(low.contains(s), "a cleared screen shows `{s}`");
    }
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
    // Unredacted, the word is found at once.
    let mut cleared = app_of(fixture(), 80, 24);
    assert_eq!(found(&mut cleared, "quorvex").first().map(String::as_str), Some("quorvex"));
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
