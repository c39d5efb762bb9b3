//! `Y` copies what the screen shows as a Markdown table (the list, the
//! card, the paths, the timeline, the neighbourhood), and `Y` again at once
//! as TSV: the same tables `--format md|tsv` prints.

use dealscope::app::App;
use dealscope::app::input::KeyCode;
use dealscope::app::msg::Effect;

use crate::drive::{app, key, keys};

/// The text of the copy the last keys asked for.
fn copied(app: &mut App, text: &str) -> String {
    match keys(app, text).0.as_slice() {
        [Effect::Copy(t)] => t.clone(),
        other => panic!("no copy: {other:?} ({:?})", app.message()),
    }
}

#[test]
fn y_copies_the_list_as_markdown_and_again_as_tsv() {
    let mut app = app();
    let md = copied(&mut app, "Y");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "| kind | id | name | date | matched |");
    assert_eq!(lines[1], "| --- | --- | --- | --- | --- |");
    assert_eq!(lines.len(), 2 + app.list().rows.len());
    assert_eq!(lines[2], "| firm | huawei | Huawei | 1987-09-15 |  |");
    assert!(app.message().unwrap().contains("copied firms as Markdown (19 rows): Y again: TSV"));
    let tsv = copied(&mut app, "Y");
    assert!(tsv.starts_with("kind\tid\tname\tdate\tmatched\nfirm\thuawei\tHuawei\t1987-09-15\t\n"), "{tsv}");
    assert!(app.message().unwrap().contains("as TSV"));
    // Any other key between: Markdown again.
    keys(&mut app, "j");
    assert!(copied(&mut app, "Y").starts_with("| kind "));
    // A filtered list: its rows, with what matched.
    keys(&mut app, "/华为");
    key(&mut app, KeyCode::Enter);
    let md = copied(&mut app, "Y");
    assert_eq!(md.lines().nth(2), Some("| firm | huawei | Huawei | 1987-09-15 | 华为 |"), "{md}");
}

#[test]
fn from_the_detail_pane_y_copies_the_card() {
    let mut app = app();
    keys(&mut app, "5");
    key(&mut app, KeyCode::Tab);
    let md = copied(&mut app, "Y");
    assert!(md.starts_with("| section | field | id | value |\n"), "{md}");
    assert!(md.contains("| → parties | firm | xiaomi | Xiaomi"), "{md}");
    assert!(app.message().unwrap().contains("the card of Huawei-Xiaomi global patent cross-licence"));
}

#[test]
fn y_copies_the_timeline_the_paths_and_the_neighbourhood() {
    let mut app = app();
    keys(&mut app, "t");
    let md = copied(&mut app, "Y");
    assert!(md.starts_with("| date | end | kind | category | title | subject | entities |\n"), "{md}");
    assert_eq!(md.lines().count(), 2 + app.timeline_state().picked.len());
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "m");
    keys(&mut app, ":smic");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "P");
    let md = copied(&mut app, "Y");
    assert!(md.starts_with("| path | hop | from | relation | to | name | kind | date | sources |\n"), "{md}");
    assert!(md.lines().nth(2).unwrap().starts_with("| 1 | 1 | huawei | "), "{md}");
    assert!(app.message().unwrap().contains("the paths from Huawei to SMIC"));
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "v");
    let md = copied(&mut app, "Y");
    assert!(md.starts_with("| relation | id | name | kind | through | link |\n"), "{md}");
    assert!(md.contains("| manufactured | kirin-9000s | Kirin 9000s | chipset |"), "{md}");
    assert!(app.message().unwrap().contains("the neighbourhood of SMIC"));
}
