//! A list to pick from, over the screen: rows, the chosen one highlighted
//! with a pointer, quiet rows dimmed, scrolled to keep the choice in view.
//! The tour picker, the step list and the speaker view's step list are
//! drawn with it. It needs only a theme and glyphs, not an app.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::app::theme::{Glyphs, Theme};
use crate::text::fit;

/// One row: its text, and whether it is drawn dimmed.
pub(super) struct Row {
    pub(super) text: String,
    pub(super) quiet: bool,
}

/// Draws the rows in a box titled `title`, centred near the top of `area`,
/// with `selected` chosen.
pub(super) fn draw(
    (t, g): (&Theme, &Glyphs),
    area: Rect,
    title: &str,
    rows: &[Row],
    selected: usize,
    buf: &mut Buffer,
) {
    let w = area.width.saturating_sub(4).min(80);
    let h = (rows.len() as u16 + 2).min(area.height.saturating_sub(2)).max(3);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 2.min(area.height - h), w, h);
    Clear.render(rect, buf);
    buf.set_style(rect, t.text);
    let title = fit(&format!(" {title} "), usize::from(w.saturating_sub(2)), g.ellipsis);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(g.border)
        .border_style(t.border_focus)
        .title(Line::from(Span::styled(title, t.title)));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let offset = selected.saturating_sub(usize::from(inner.height).saturating_sub(1));
    for (i, row) in rows.iter().enumerate().skip(offset).take(usize::from(inner.height)) {
        let y = inner.y + (i - offset) as u16;
        let chosen = i == selected;
        let style = match (chosen, row.quiet) {
            (true, _) => t.selected,
            (false, true) => t.dim,
            (false, false) => t.text,
        };
        let pointer = if chosen { g.pointer } else { " " };
        let line = fit(&format!("{pointer} {}", row.text), usize::from(inner.width), g.ellipsis);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        buf.set_stringn(inner.x, y, line, usize::from(inner.width), style);
    }
}

/// A tour's steps as rows: `3. The title`, the one the tour stands on
/// marked `(now)`.
pub(super) fn step_rows<'a>(titles: impl Iterator<Item = &'a str>, current: usize) -> Vec<Row> {
    titles
        .enumerate()
        .map(|(i, title)| {
            let now = if i == current { "  (now)" } else { "" };
            Row { text: format!("{:>2}. {}{now}", i + 1, crate::text::sanitize::inert(title)), quiet: false }
        })
        .collect()
}
