//! Render tests: every pane and overlay drawn into a buffer at 80x24 and
//! 160x48, compared with reviewed snapshots (text), plus style checks the
//! text cannot show: mono has no colour and keeps the selection visible.

use std::sync::Arc;

use dealscope::app::input::{Input, Key, KeyCode};
use dealscope::app::keymap;
use dealscope::app::theme::ThemeName;
use dealscope::app::{App, Options};
use dealscope::data::load::{DataSource, load};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

fn app(w: u16, h: u16, theme: ThemeName, ascii: bool) -> App {
    let ds = Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap());
    let today = Some(dealscope::data::date::PartialDate::parse("2026-11-25").unwrap());
    App::new(ds, Options { theme, ascii, today, ..Options::default() }, w, h)
}

fn type_keys(app: &mut App, keys: &[Key]) {
    for k in keys {
        if let Some(a) = keymap::dispatch(app.mode(), &Input::Key(*k)) {
            let _ = app.update(a);
        }
    }
}

fn chars(s: &str) -> Vec<Key> {
    s.chars().map(Key::ch).collect()
}

fn render(app: &App) -> Buffer {
    let (w, h) = app.size();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    dealscope::ui::draw(app, area, &mut buf);
    buf
}

/// The buffer as text, one line per row, wide characters once.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let s = buf[(x, y)].symbol();
            out.push_str(s);
            x += (s.width() as u16).max(1);
        }
        out.push('\n');
    }
    out
}

fn snap(name: &str, app: &App) -> Buffer {
    let buf = render(app);
    let t = text(&buf);
    for (i, line) in t.lines().enumerate() {
        assert_eq!(line.width(), usize::from(app.size().0), "row {i} keeps its width: {line}");
    }
    insta::assert_snapshot!(name, t);
    buf
}

/// Screens reachable by keys, at a size and theme.
fn screens(w: u16, h: u16, theme: ThemeName) -> Vec<(String, App)> {
    let tag = format!("{w}x{h}");
    let mut out = Vec::new();
    let main = app(w, h, theme, false);
    out.push((format!("main_{tag}"), main));
    let mut detail = app(w, h, theme, false);
    type_keys(&mut detail, &[Key::plain(KeyCode::Tab)]);
    type_keys(&mut detail, &chars("jjjjjjjjjjjj"));
    out.push((format!("detail_focus_{tag}"), detail));
    let mut filter = app(w, h, theme, false);
    type_keys(&mut filter, &chars("3/kirin"));
    out.push((format!("filter_{tag}"), filter));
    let mut palette = app(w, h, theme, false);
    type_keys(&mut palette, &[Key::ctrl('p')]);
    type_keys(&mut palette, &chars("xiaomi"));
    out.push((format!("palette_{tag}"), palette));
    let mut help = app(w, h, theme, false);
    type_keys(&mut help, &chars("?"));
    out.push((format!("help_{tag}"), help));
    let mut deal = app(w, h, theme, false);
    type_keys(&mut deal, &chars("5"));
    out.push((format!("agreement_{tag}"), deal));
    let mut around = app(w, h, theme, false);
    type_keys(&mut around, &chars("t"));
    out.push((format!("timeline_huawei_year_{tag}"), around));
    let mut shared = app(w, h, theme, false);
    type_keys(&mut shared, &chars("mjmt+"));
    out.push((format!("timeline_shared_quarter_{tag}"), shared));
    let mut all = app(w, h, theme, false);
    type_keys(&mut all, &chars("8-"));
    out.push((format!("timeline_all_decade_{tag}"), all));
    let mut hood = app(w, h, theme, false);
    type_keys(&mut hood, &chars("vjjl"));
    out.push((format!("neighbourhood_{tag}"), hood));
    let mut deep = app(w, h, theme, false);
    type_keys(&mut deep, &chars("vjdj"));
    out.push((format!("neighbourhood_depth2_{tag}"), deep));
    out
}

#[test]
fn snapshots_dark() {
    for (w, h) in [(80, 24), (160, 48)] {
        for (name, app) in screens(w, h, ThemeName::Dark) {
            snap(&name, &app);
        }
    }
}

#[test]
fn mono_has_no_colour_and_a_visible_selection() {
    for (w, h) in [(80, 24), (160, 48)] {
        for (name, app) in screens(w, h, ThemeName::Mono) {
            let buf = render(&app);
            // Same layout as dark: the text matches the dark snapshot.
            let dark = screens(w, h, ThemeName::Dark).into_iter().find(|(n, _)| *n == name).unwrap().1;
            assert_eq!(text(&buf), text(&render(&dark)), "{name}: mono draws the same text");
            for cell in buf.content() {
                assert!(cell.fg == Color::Reset && cell.bg == Color::Reset, "{name}: colour in mono at {cell:?}");
            }
        }
        let buf = render(&app(w, h, ThemeName::Mono, false));
        let pointer = (0..h).find(|&y| buf[(1, y)].symbol() == "▶").expect("a selected row");
        assert!(buf[(3, pointer)].modifier.contains(Modifier::REVERSED), "selection in reverse video");
    }
}

#[test]
fn light_theme_draws_dark_text() {
    let buf = render(&app(80, 24, ThemeName::Light, false));
    let name_cell = &buf[(3, 3)];
    assert_eq!(name_cell.symbol(), "H");
    assert_eq!(name_cell.bg, Color::Blue, "selected row on blue");
    assert_eq!(buf[(3, 4)].fg, Color::Black, "body text is black");
}

#[test]
fn ascii_mode_uses_no_box_drawing() {
    let a = app(80, 24, ThemeName::Dark, true);
    let mut hood = app(80, 24, ThemeName::Dark, true);
    type_keys(&mut hood, &chars("vdj"));
    for t in [snap("ascii_80x24", &a), snap("ascii_neighbourhood_80x24", &hood)] {
        for cell in t.content() {
            let s = cell.symbol();
            assert!(
                !s.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c) || c == '▶'),
                "box drawing in ascii mode: {s}"
            );
        }
    }
}

#[test]
fn too_small_asks_for_more_room() {
    let a = app(50, 12, ThemeName::Dark, false);
    let t = text(&render(&a));
    assert!(t.contains("Make the terminal larger"), "{t}");
    assert!(t.contains("needs 60x15; this one is 50x12"), "{t}");
    // Tiny sizes never panic.
    for (w, h) in [(1, 1), (2, 1), (1, 5), (59, 15), (60, 14), (60, 15)] {
        render(&app(w, h, ThemeName::Dark, false));
    }
}

#[test]
fn wide_names_keep_columns_aligned() {
    let buf = render(&app(80, 24, ThemeName::Dark, false));
    let t = text(&buf);
    let rows: Vec<&str> =
        t.lines().filter(|l| l.contains("华为") || l.contains("小米") || l.contains("中芯国际")).collect();
    assert_eq!(rows.len(), 3, "{t}");
    let border = |l: &str| l.char_indices().filter(|(_, c)| *c == '│').map(|(i, _)| l[..i].width()).collect::<Vec<_>>();
    for r in &rows {
        assert_eq!(border(r), border(rows[0]), "borders line up: {r}");
    }
}

#[test]
fn hostile_text_is_drawn_inert() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.yaml"),
        "sources:\n  - {id: s, title: \"T\\e]52;c;aGk=\\a\"}\nfirms:\n  - {id: evil, name: \"Evil\\e[2J\\u009b\\u202Eyes\", summary: \"a\\rb\\bc\\u200Bd\", founded: 2020, sources: [s]}\n",
    )
    .unwrap();
    let loaded = load(&DataSource::Path(dir.path().to_path_buf()), Default::default()).unwrap();
    let ds = Arc::new(loaded.dataset.unwrap());
    let mut a = App::new(ds, Options::default(), 100, 30);
    let safe = |buf: &Buffer| {
        for cell in buf.content() {
            let bad = cell.symbol().chars().any(|c| c.is_control() || c == '\u{202e}' || c == '\u{200b}');
            assert!(!bad, "{:?}", cell.symbol());
        }
    };
    let main = render(&a);
    safe(&main);
    let t = text(&main);
    assert!(t.contains("Evil␛[2J<U+009B><U+202E>yes"), "{t}");
    assert!(t.contains("a␍b␈c<U+200B>d"), "{t}");
    type_keys(&mut a, &chars("8"));
    let timeline = render(&a);
    safe(&timeline);
    let t = text(&timeline);
    assert!(t.contains("Evil␛[2J<U+009B><U+202E>yes founded"), "{t}");
}

#[test]
fn a_disputed_fact_is_marked_beside_its_field_and_listed_with_its_sources() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h, ThemeName::Dark, false);
        // The products tab, filtered to the Mate 70, whose chip the sources disagree on.
        type_keys(&mut a, &chars("4/mate 70"));
        type_keys(&mut a, &[Key::plain(KeyCode::Enter)]);
        let t = text(&snap(&format!("disputed_{w}x{h}"), &a));
        assert!(t.contains("chipsets disputed (see below)"), "{t}");
        if h == 48 {
            assert!(t.contains("Disputed (sources disagree)"), "{t}");
            assert!(t.contains("chipsets:"), "{t}");
            assert!(t.contains("Kirin 9010"), "{t}");
            assert!(t.contains("Kirin 9020"), "{t}");
            assert!(t.contains("華為麒麟晶片回歸"), "the Kirin 9020 side's source: {t}");
        }
    }
}

#[test]
fn a_disputed_field_shown_as_a_link_is_marked_beside_it() {
    let mut a = app(160, 48, ThemeName::Dark, false);
    type_keys(&mut a, &chars("3/kirin 9000s"));
    type_keys(&mut a, &[Key::plain(KeyCode::Enter)]);
    let t = text(&render(&a));
    assert!(t.contains("foundry   SMIC (disputed)"), "{t}");
    assert!(t.contains("SMIC, on its 7 nm N+2 process (TechInsights teardown)"), "{t}");
}

#[test]
fn broken_data_on_disk_shows_the_count_and_lists_every_error() {
    let mut app = app(80, 24, ThemeName::Dark, false);
    let ds = Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap());
    let _ = app.update(dealscope::app::msg::Msg::Reloaded(ds.into()));
    let problem = super::explorer::three_errors();
    let n = problem.errors.len();
    let _ = app.update(dealscope::app::msg::Msg::DataProblem(Some(problem.clone())));
    let buf = snap("data_invalid_80x24", &app);
    let t = text(&buf);
    let rows: Vec<&str> = t.lines().collect();
    // The banner's count and key are whole at 80 columns.
    assert!(rows[0].contains(&format!("data invalid: {n} errors")), "{}", rows[0]);
    assert!(rows[0].contains("E lists them"), "{}", rows[0]);
    // The status bar agrees with the banner.
    let status = rows[23];
    assert!(!status.contains("data reloaded"), "{status}");
    assert!(status.contains(&format!("data not reloaded: {n} errors")), "{status}");
    // E lists them, each with its file:line:col.
    type_keys(&mut app, &chars("E"));
    let t = text(&snap("data_errors_80x24", &app));
    assert!(t.contains(&problem.errors[0].at), "{t}");
    assert!(t.contains(&problem.errors[1].at), "{t}");
    // Scrolled to the last, the last is shown.
    type_keys(&mut app, &chars("jjjjjjjjjj"));
    let t = text(&render(&app));
    assert!(t.contains(&problem.errors[n - 1].at), "{t}");
    assert!(!t.contains(&problem.errors[0].at), "{t}");
}
