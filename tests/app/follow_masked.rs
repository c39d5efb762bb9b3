//! A follower without clearance of a cleared presenter, as the meeting
//! hands the place on (concealed): the presenter's filter decides which
//! rows the follower shows and which is selected, the follower's data how
//! they read. Typed text that could name something confidential reads
//! `[redacted]`, and a row found by a field the follower's data does not
//! have (a confidential firm's alias) shows its masked name. The same for
//! the items a masked timeline filter keeps.

use std::sync::Arc;

use dealscope::app::input::KeyCode;
use dealscope::app::msg::Msg;
use dealscope::app::{App, Options, Presence, Role, View};
use dealscope::data::load::{DataSource, load};
use dealscope::data::model::{Dataset, Kind};
use dealscope::data::redact::{MASK, Secrets, redact};

use crate::common::REDACTED_SECRETS as SECRETS;
use crate::drive::{key, keys};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/redact/data.yaml");

fn fixture() -> Dataset {
    load(&DataSource::Path(FIXTURE.into()), Default::default()).unwrap().dataset.expect("the fixture is valid")
}

fn screen(app: &App) -> String {
    let (w, h) = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    dealscope::ui::draw(app, buf.area, &mut buf);
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
}

/// The list's count as its title shows it: matches once known, else rows.
fn count(app: &App) -> usize {
    let l = app.list();
    l.search.count(&l.query).unwrap_or(l.rows.len())
}

/// The fixture's secrets, a presenter on the whole data at 120x30 and a
/// follower without clearance at 80x24.
fn room() -> (Secrets, App, App) {
    let ds = fixture();
    let presenter = App::new(Arc::new(fixture()), Options::default(), 120, 30);
    let mut viewer = App::new(Arc::new(redact(&ds)), Options::default(), 80, 24);
    let _ = viewer.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 1 })));
    (Secrets::of(&ds), presenter, viewer)
}

/// The follower takes the presenter's place as a viewer without clearance
/// is handed it; it shows the same rows, count and selection, and nothing
/// confidential (nor what was typed, when that could name it).
fn follow(viewer: &mut App, presenter: &App, secrets: &Secrets, typed: &str) {
    let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot().concealed(secrets))));
    assert_eq!(viewer.view(), presenter.view());
    let ids = |a: &App| a.list().rows.iter().map(|h| h.id).collect::<Vec<_>>();
    assert_eq!(ids(viewer), ids(presenter), "`{typed}`: the presenter's rows");
    assert_eq!(count(viewer), count(presenter), "`{typed}`: the presenter's count");
    assert_eq!(viewer.selected(), presenter.selected(), "`{typed}`: the presenter's selection");
    let shown = screen(viewer).to_lowercase();
    // A word of two letters is on every screen; a longer one only if typed.
    let typed_word = Some(&typed).filter(|t| t.len() > 2);
    for s in SECRETS.iter().chain(typed_word) {
        assert!(!shown.contains(s), "`{typed}`: the follower shows `{s}`:\n{shown}");
    }
    assert!(shown.contains(&format!("/{MASK}")), "`{typed}`: the filter reads masked:\n{shown}");
    assert!(!shown.contains("nothing selected") && !shown.contains("no match"), "{shown}");
}

#[test]
fn a_follower_shows_the_rows_a_masked_filter_found_on_the_presenters_data() {
    let (secrets, mut presenter, mut viewer) = room();
    // The firm's name, then its alias (the follower's firm has none), a
    // fuzzy query that is no word of any secret yet finds the firm, then a
    // letter of the confidential chair's name among the people.
    for (tab, typed) in [("1", "quor"), ("1", "qvx"), ("1", "qrvx"), ("2", "odal")] {
        keys(&mut presenter, tab);
        keys(&mut presenter, &format!("/{typed}"));
        key(&mut presenter, KeyCode::Enter);
        assert!(presenter.list().query.as_str() == typed && !presenter.list().rows.is_empty(), "`{typed}`");
        follow(&mut viewer, &presenter, &secrets, typed);
        key(&mut presenter, KeyCode::Esc);
    }
    // A word the statements hold: the deal it matches by title is shown,
    // and selected, on the follower as on the presenter.
    keys(&mut presenter, "5");
    assert_eq!(presenter.view(), &View::Kind(Kind::Agreement));
    keys(&mut presenter, "/pa");
    key(&mut presenter, KeyCode::Enter);
    assert_eq!(presenter.list().rows.len(), 1, "`pa` finds the deal by its title");
    follow(&mut viewer, &presenter, &secrets, "pa");
}

#[test]
fn a_follower_shows_the_timeline_items_a_masked_filter_kept() {
    let (secrets, mut presenter, mut viewer) = room();
    keys(&mut presenter, "8/pa");
    key(&mut presenter, KeyCode::Enter);
    assert_eq!(presenter.view(), &View::Timeline);
    let kept = presenter.timeline_state().picked.len();
    assert!(kept > 0, "`pa` keeps the deal's items:\n{}", screen(&presenter));
    let _ = viewer.update(Msg::Follow(Arc::new(presenter.snapshot().concealed(&secrets))));
    assert_eq!(viewer.view(), &View::Timeline);
    assert_eq!(viewer.timeline_state().picked.len(), kept, "the presenter's items:\n{}", screen(&viewer));
    assert_eq!(viewer.selected(), presenter.selected());
    let shown = screen(&viewer);
    assert!(shown.contains(&format!("/{MASK}")), "{shown}");
}
