//! Help pages like every other pane (`g`, `G`, PgDn, PgUp, Space), says
//! where it is (`12-35/110`), and opens at the section of the pane it was
//! opened from.

use dealscope::app::App;
use dealscope::app::help::HelpLine;
use dealscope::app::input::KeyCode;

use crate::drive::{app, key, keys};

/// The screen's rows as text.
fn screen(app: &App) -> Vec<String> {
    let (w, h) = app.size();
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, h));
    dealscope::ui::draw(app, buf.area, &mut buf);
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect()).collect()
}

/// The first heading on screen: the section the help shows first.
fn first_heading(app: &App) -> String {
    let (lines, _) = app.help_lines();
    let scroll = app.help_scroll().unwrap();
    lines[scroll..]
        .iter()
        .find_map(|l| match l {
            HelpLine::Heading { title, .. } => Some(title.clone()),
            HelpLine::Keys { .. } => None,
        })
        .unwrap()
}

#[test]
fn g_and_capital_g_and_pages_move_through_the_help_and_it_says_where() {
    let mut app = app();
    keys(&mut app, "?");
    let total = app.help_lines().0.len();
    let page = app.help_page();
    assert!(total > 2 * page, "the help is longer than two screens at 80x24: {total} lines, {page} a page");
    assert!(screen(&app)[22].contains(&format!(" 1-{page}/{total} ")), "{}", screen(&app)[22]);
    key(&mut app, KeyCode::PageDown);
    assert_eq!(app.help_scroll(), Some(page));
    keys(&mut app, " ");
    assert_eq!(app.help_scroll(), Some(2 * page), "Space pages down as in less");
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.help_scroll(), Some(page));
    keys(&mut app, "G");
    assert_eq!(app.help_scroll(), Some(total - page), "G shows the last page");
    let bottom = &screen(&app)[22];
    assert!(bottom.contains(&format!(" {}-{total}/{total} ", total - page + 1)), "{bottom}");
    assert!(screen(&app)[21].contains("scroll the pane under the pointer"), "the last row is in view");
    assert!(screen(&app).iter().any(|r| r.contains(" Mouse ")), "so is the last section");
    keys(&mut app, "j");
    assert_eq!(app.help_scroll(), Some(total - page), "no scrolling past the end");
    keys(&mut app, "g");
    assert_eq!(app.help_scroll(), Some(0));
    keys(&mut app, "k");
    assert_eq!(app.help_scroll(), Some(0));
}

#[test]
fn help_opens_at_the_section_of_the_pane_it_was_opened_from() {
    let mut app = app();
    keys(&mut app, "8?");
    assert_eq!(first_heading(&app), "On the timeline");
    let shown = screen(&app).join("\n");
    assert!(shown.contains("On the timeline  (where you were)"), "{shown}");
    keys(&mut app, "q");
    keys(&mut app, "1");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "?");
    assert_eq!(first_heading(&app), "In the detail pane");
    keys(&mut app, "q");
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "v?");
    assert!(first_heading(&app).starts_with("In the neighbourhood"), "{}", first_heading(&app));
    keys(&mut app, "q");
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "?");
    assert_eq!(app.help_scroll(), Some(0), "from a list, the browsing keys, first");
}

#[test]
fn the_filter_still_narrows_and_the_position_follows_it() {
    let mut app = app();
    keys(&mut app, "8?/zoom");
    key(&mut app, KeyCode::Enter);
    let (lines, _) = app.help_lines();
    assert_eq!(lines.len(), 2, "a heading and the zoom row: {lines:?}");
    assert!(screen(&app)[22].contains(" 1-2/2 "), "{}", screen(&app)[22]);
    keys(&mut app, "G");
    assert_eq!(app.help_scroll(), Some(0), "it all fits: nothing to page");
}
