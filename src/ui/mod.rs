//! Pure views: each draws part of `&App` into a ratatui `Buffer`. Nothing here
//! changes state or touches a terminal.

mod detail;
mod errors;
mod header;
mod help;
mod list;
pub mod loading;
mod neighbourhood;
mod notes;
mod palette;
mod paths;
mod pick;
pub mod speaker;
mod status;
pub mod svg;
mod timeline;
mod tours;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::app::App;
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::text::fit;

/// The help as (keys, what they do) rows, each group under a heading row
/// (keys empty): what the help overlay and the user guide's key table (docs/guide.md) show.
pub fn help_rows() -> Vec<(String, String)> {
    crate::app::help::rows().into_iter().map(|r| (r.keys, r.text)).collect()
}

/// Draws the whole screen for the app's current state.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, app.theme().text);
    let lay = app.layout();
    if lay.too_small {
        too_small(app, area, buf);
        return;
    }
    header::draw(app, lay.header, lay.tabs, buf);
    if *app.view() == crate::app::View::Timeline {
        timeline::draw(app, buf);
    } else if *app.view() == crate::app::View::Neighbourhood {
        neighbourhood::draw(app, lay.list.union(lay.detail), buf);
    } else {
        if *app.view() == crate::app::View::Paths {
            paths::draw(app, lay.list, buf);
        } else {
            list::draw(app, lay.list, buf);
        }
        detail::draw(app, lay.detail, buf);
    }
    status::draw_caption(app, lay.caption, buf);
    status::draw(app, lay.status, buf);
    if app.palette().is_some() {
        palette::draw(app, area, buf);
    }
    notes::draw(app, area, buf);
    tours::draw(app, area, buf);
    errors::draw(app, area, buf);
    if app.help_scroll().is_some() {
        help::draw(app, area, buf);
    }
}

fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let (w, h) = app.size();
    let lines = [
        "Make the terminal larger".to_string(),
        format!("dealscope needs {MIN_WIDTH}x{MIN_HEIGHT}; this one is {w}x{h}."),
        "q quits".to_string(),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let text = fit(l, usize::from(area.width), "");
        let x = area.x + area.width.saturating_sub(crate::text::width(&text) as u16) / 2;
        let style = if i == 0 { app.theme().title } else { app.theme().text };
        buf.set_string(x, y, text, style);
    }
}

/// A bordered pane with a title, its border styled by focus.
fn pane<'a>(app: &App, title: Line<'a>, focused: bool) -> Block<'a> {
    let style = if focused { app.theme().border_focus } else { app.theme().border };
    Block::new().borders(Borders::ALL).border_set(app.glyphs().border).border_style(style).title(title)
}

/// Adds the filter being typed (or kept) to a pane's bottom border: `/query▏`,
/// and beside it the `problem` with its qualifiers, if there is one.
fn with_filter_line<'a>(app: &App, block: Block<'a>, query: &str, problem: Option<String>, width: u16) -> Block<'a> {
    if query.is_empty() && !app.filtering() {
        return block;
    }
    let cursor = if app.filtering() { "▏" } else { "" };
    let q = fit(&crate::text::sanitize::inert(query), usize::from(width.saturating_sub(8)), app.glyphs().ellipsis);
    let mut spans = vec![Span::styled(format!(" /{q}{cursor} "), app.theme().key)];
    // A qualifier not understood is said beside it, never ignored.
    if let Some(problem) = problem {
        let room = usize::from(width).saturating_sub(crate::text::width(&q) + 8);
        let note = fit(&format!("! {}", crate::text::sanitize::inert(&problem)), room, app.glyphs().ellipsis);
        spans.push(Span::styled(format!("{note} "), app.theme().notice));
    }
    block.title_bottom(Line::from(spans))
}

/// Clears an area and draws a bordered box over it; returns the inside.
fn popup(app: &App, area: Rect, title: &str, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    buf.set_style(area, app.theme().text);
    let block = pane(app, Line::from(Span::styled(format!(" {title} "), app.theme().title)), true);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Writes spans on one row, cut to `max` columns; returns the columns used.
fn put_line(buf: &mut Buffer, x: u16, y: u16, spans: Vec<Span<'_>>, max: u16) -> u16 {
    let (end, _) = buf.set_line(x, y, &Line::from(spans), max);
    end - x
}

/// A span of `text` with each char at `indices` (char positions) highlighted.
fn highlighted<'a>(text: &str, indices: &[usize], base: Style, hl: Style) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    for (i, c) in text.chars().enumerate() {
        let h = indices.contains(&i);
        if h != run_hl && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), if run_hl { hl } else { base }));
        }
        run_hl = h;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hl { hl } else { base }));
    }
    spans
}
