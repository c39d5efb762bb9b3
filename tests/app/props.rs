//! Property tests (proptest):
//!
//! - random inputs (bound keys, any other key with any modifiers, mouse
//!   events anywhere, resizes from 1x1 to 500x200, pastes of long text)
//!   through the keymap into `App::update`, the screen drawn after every
//!   step: no panic, every cursor in range, history pointing at real entities;
//! - random mutations of the demo YAML (lines deleted, duplicated or swapped,
//!   values swapped, truncation, random bytes): `check` never panics, ends in
//!   bounded time, and every problem it reports lies inside its file.
//!
//! `PROPTEST_CASES` sets the number of cases (default: 64 and 256).

use std::sync::Arc;
use std::time::{Duration, Instant};

use dealscope::app::action::Action;
use dealscope::app::input::{Input, Key, KeyCode, MouseKind};
use dealscope::app::keymap::{self, BINDINGS};
use dealscope::app::{App, Options, View};
use dealscope::data::load::{DEMO_FILES, DataSource, Severity, load, load_bytes};
use dealscope::data::model::Dataset;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn demo() -> Arc<Dataset> {
    Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap())
}

/// Every key the keymap binds.
fn bound_keys() -> Vec<Key> {
    BINDINGS.iter().flat_map(|b| b.keys.iter().copied()).collect()
}

fn any_key() -> impl Strategy<Value = Key> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]),
    ];
    (code, any::<bool>(), any::<bool>()).prop_map(|(code, ctrl, alt)| Key { code, ctrl, alt })
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        12 => prop::sample::select(bound_keys()).prop_map(Input::Key),
        3 => any_key().prop_map(Input::Key),
        2 => (prop::sample::select(vec![MouseKind::Click, MouseKind::ScrollUp, MouseKind::ScrollDown]), 0..520u16, 0..220u16)
            .prop_map(|(kind, x, y)| Input::Mouse { kind, x, y }),
        1 => (1..=500u16, 1..=200u16).prop_map(|(w, h)| Input::Resize(w, h)),
        1 => prop::collection::vec(any::<char>(), 0..3000).prop_map(|c| Input::Paste(c.into_iter().collect())),
    ]
}

/// What must hold after every step.
fn check_invariants(app: &App) -> Result<(), TestCaseError> {
    let ds = app.dataset();
    let l = app.list();
    prop_assert!(
        l.rows.is_empty() && l.selected == 0 || l.selected < l.rows.len(),
        "list cursor {} of {}",
        l.selected,
        l.rows.len()
    );
    prop_assert!(l.offset <= l.selected || l.rows.is_empty(), "list offset {} past cursor {}", l.offset, l.selected);
    if let Some(doc) = app.detail_doc()
        && let Some(c) = app.detail().cursor
    {
        prop_assert!(c < doc.targets.len(), "link cursor {c} of {}", doc.targets.len());
    }
    if let Some(p) = app.palette() {
        prop_assert!(p.hits.is_empty() && p.selected == 0 || p.selected < p.hits.len());
    }
    if *app.view() == View::Timeline {
        let t = app.timeline_state();
        prop_assert!(t.picked.is_empty() && t.selected == 0 || t.selected < t.picked.len());
    }
    prop_assert!(app.back_stack().len() <= 200 && app.forward_stack().len() <= 200, "history is bounded");
    for loc in app.back_stack().iter().chain(app.forward_stack()) {
        if let Some(e) = loc.entity {
            prop_assert!(e.index() < ds.len(), "history names a real entity");
        }
    }
    if let Some(id) = app.selected() {
        prop_assert!(id.index() < ds.len());
    }
    Ok(())
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_inputs_keep_the_app_whole(inputs in prop::collection::vec(input(), 1..60)) {
        let ds = demo();
        let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
        for i in &inputs {
            if let Some(action) = keymap::dispatch(app.mode(), i) {
                let _ = app.update(action);
            }
            let (w, h) = app.size();
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            dealscope::ui::draw(&app, area, &mut buf);
            check_invariants(&app)?;
        }
        // Back as far as it goes, then forward again: every place still draws.
        for a in [Action::Back, Action::Forward] {
            for _ in 0..app.back_stack().len().max(app.forward_stack().len()) {
                let _ = app.update(a.clone());
                check_invariants(&app)?;
            }
        }
    }
}

/// One change to a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    /// Swaps what follows the first `:` on two lines.
    SwapValues(usize, usize),
    Truncate(usize),
    Insert(usize, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapValues(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..12)).prop_map(|(at, b)| Mutation::Insert(at, b)),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len().max(1);
    match m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
        }
        Mutation::DuplicateLine(i) => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
        Mutation::SwapValues(a, b) => {
            let split = |l: &[u8]| l.iter().position(|&c| c == b':').map(|p| (l[..=p].to_vec(), l[p + 1..].to_vec()));
            if let (Some((ka, va)), Some((kb, vb))) = (split(&lines[a % n]), split(&lines[b % n])) {
                lines[a % n] = [ka, vb].concat();
                lines[b % n] = [kb, va].concat();
            }
        }
        Mutation::Truncate(at) => return bytes[..at % (bytes.len() + 1)].to_vec(),
        Mutation::Insert(at, extra) => {
            let at = at % (bytes.len() + 1);
            return [&bytes[..at], extra.as_slice(), &bytes[at..]].concat();
        }
    }
    lines.join(&b'\n')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_yaml_gets_located_errors(file in 0..DEMO_FILES.len(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let mut files: Vec<(String, Vec<u8>)> =
            DEMO_FILES.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
        for m in &mutations {
            files[file].1 = apply(&files[file].1, m);
        }
        let start = Instant::now();
        let loaded = load_bytes(files);
        prop_assert!(start.elapsed() < Duration::from_secs(10), "check took {:?}", start.elapsed());
        let report = &loaded.report;
        prop_assert_eq!(loaded.dataset.is_some(), report.errors() == 0);
        for issue in &report.issues {
            let text = &report.files[issue.file].text;
            // Lines as YAML counts them, and the report with it: CR LF, CR or LF ends one.
            let lines: Vec<&str> = text.split("\r\n").flat_map(|l| l.split(['\r', '\n'])).collect();
            let pos = issue.pos();
            prop_assert!(pos.line >= 1 && pos.line <= lines.len().max(1), "{issue:?}: line {} of {}", pos.line, lines.len());
            let len = lines.get(pos.line - 1).map_or(0, |l| l.chars().count());
            prop_assert!(pos.col >= 1 && pos.col <= len + 1, "{issue:?}: column {} of a {len}-char line", pos.col);
            if issue.severity == Severity::Error {
                prop_assert!(!issue.message.is_empty());
            }
        }
        // The report renders, whatever it holds.
        prop_assert!(!report.render().is_empty() || report.issues.is_empty());
    }
}
