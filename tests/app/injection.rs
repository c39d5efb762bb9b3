//! Terminal injection: a dataset whose every free-text field carries escape
//! sequences (CSI, OSC titles, OSC 52 clipboard writes, hyperlinks), BEL,
//! backspace, carriage returns, C1 controls, bidi overrides and zero-width
//! characters (`tests/fixtures/hostile/injection.yaml`). Every byte the app
//! writes, on every screen, is scanned for any escape sequence the renderer
//! did not make; the CLI's text output gets the same scan, and `--json`
//! output must escape them all.

use crate::common;
use crate::escapes;

use std::sync::Arc;

use dealscope::app::action::Action;
use dealscope::app::theme::ThemeName;
use dealscope::app::{App, Options};
use dealscope::data::load::{DataSource, load};
use dealscope::runtime::frame::{self, FrameBytes};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

const DATA: &str = "tests/fixtures/hostile/injection.yaml";

fn hostile() -> Arc<dealscope::data::model::Dataset> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA);
    let loaded = load(&DataSource::Path(path), Default::default()).expect("readable");
    Arc::new(loaded.dataset.unwrap_or_else(|| panic!("valid:\n{}", loaded.report.render())))
}

/// Every screen a user can reach, as actions from the start.
fn tour() -> Vec<Vec<Action>> {
    let mut screens = Vec::new();
    for tab in 0..7 {
        for row in 0..3 {
            let mut steps = vec![Action::GoTab(tab)];
            steps.extend(std::iter::repeat_n(Action::Down, row));
            screens.push(steps.clone());
            // The card with its link cursor walking through it.
            steps.push(Action::FocusDetail);
            for _ in 0..12 {
                steps.push(Action::Down);
                screens.push(steps.clone());
            }
        }
    }
    let typed = |s: &str| s.chars().map(Action::Insert).collect::<Vec<_>>();
    screens.push([vec![Action::OpenPalette], typed("e")].concat());
    screens.push([vec![Action::OpenPalette], typed("evil")].concat());
    screens.push([vec![Action::StartFilter], typed("e")].concat());
    screens.push(vec![Action::TimelineAll]);
    screens.push(vec![Action::TimelineAll, Action::Up, Action::Up, Action::ZoomIn]);
    screens.push(vec![Action::TimelineOfSelection]);
    screens.push(vec![Action::ToggleHelp]);
    // The neighbourhood of each firm, at depth 2, the cursor walking over it.
    for row in 0..3 {
        let mut steps = vec![Action::GoTab(0)];
        steps.extend(std::iter::repeat_n(Action::Down, row));
        steps.extend([Action::ShowNeighbourhood, Action::ToggleDepth]);
        steps.extend(std::iter::repeat_n(Action::Down, 8));
        screens.push(steps);
    }
    screens
}

#[test]
fn no_screen_sends_an_escape_sequence_from_the_data() {
    let ds = hostile();
    let mut seen_stand_ins = false;
    for (w, h) in [(80, 24), (200, 60), (60, 15)] {
        for theme in [ThemeName::Dark, ThemeName::Mono] {
            for steps in tour() {
                let mut app = App::new(Arc::clone(&ds), Options { theme, ..Options::default() }, w, h);
                let out = FrameBytes::default();
                let backend = CrosstermBackend::new(out.clone());
                let rect = Rect::new(0, 0, w, h);
                let mut term = Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(rect) })
                    .expect("a fixed viewport");
                for a in steps.iter().cloned() {
                    let _ = app.update(a);
                    frame::draw_app(&mut term, &app).unwrap();
                }
                let bytes = out.bytes();
                let problems = escapes::foreign_sequences(&bytes, false);
                assert!(problems.is_empty(), "{w}x{h} {theme:?} after {steps:?}:\n{}", problems.join("\n"));
                let text = String::from_utf8_lossy(&bytes);
                seen_stand_ins |= text.contains("␛[2J") && text.contains("<U+202E>");
            }
        }
    }
    assert!(seen_stand_ins, "the hostile text reached the screen, as stand-ins");
}

#[test]
fn cli_text_output_is_inert() {
    let data = format!("{}/{DATA}", env!("CARGO_MANIFEST_DIR"));
    for args in [
        vec!["show", "evil"],
        vec!["show", "deal"],
        vec!["show", "src"],
        vec!["show", "chip"],
        vec!["search", "e"],
        vec!["timeline"],
        vec!["check"],
        vec![],
    ] {
        let mut all = vec!["--data", data.as_str()];
        all.extend(args.iter().copied());
        let (code, out, err) = common::run(&all);
        assert_eq!(code, 0, "{args:?}: {err}");
        let problems = escapes::foreign_sequences(format!("{out}{err}").as_bytes(), true);
        assert!(problems.is_empty(), "{args:?}:\n{}", problems.join("\n"));
    }
}

#[test]
fn json_output_escapes_everything() {
    let data = format!("{}/{DATA}", env!("CARGO_MANIFEST_DIR"));
    for args in [vec!["show", "evil", "--json"], vec!["search", "e", "--json"], vec!["timeline", "--json"]] {
        let mut all = vec!["--data", data.as_str()];
        all.extend(args.iter().copied());
        let (code, out, err) = common::run(&all);
        assert_eq!(code, 0, "{args:?}: {err}");
        let problems = escapes::foreign_sequences(out.as_bytes(), true);
        assert!(problems.is_empty(), "{args:?}:\n{}", problems.join("\n"));
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert!(holds(&v, '\u{1b}'), "{args:?}: the data is escaped, not altered");
    }
}

/// True when a string anywhere in a JSON value holds `c`.
fn holds(v: &serde_json::Value, c: char) -> bool {
    match v {
        serde_json::Value::String(s) => s.contains(c),
        serde_json::Value::Array(a) => a.iter().any(|x| holds(x, c)),
        serde_json::Value::Object(o) => o.values().any(|x| holds(x, c)),
        _ => false,
    }
}

#[test]
fn the_scanner_catches_what_it_must() {
    let bad: [&[u8]; 8] = [
        b"title\x1b]0;pwned\x07",
        b"\x1b]52;c;ZXZpbA==\x07",
        b"\x1bP+q\x1b\\",
        "C1 \u{9b}2J".as_bytes(),
        "bidi \u{202E}".as_bytes(),
        "zero\u{200B}width".as_bytes(),
        b"bell\x07",
        b"\x1b[?1049l\x1b[6n",
    ];
    for b in bad {
        assert!(!escapes::foreign_sequences(b, false).is_empty(), "{:?}", String::from_utf8_lossy(b));
    }
    let fine = "\x1b[?2026h\x1b[1;1H\x1b[38;5;4mHuawei 华为 ␛[2J <U+202E>\x1b[0m\x1b[?2026l".as_bytes();
    assert_eq!(escapes::foreign_sequences(fine, false), Vec::<String>::new());
}
