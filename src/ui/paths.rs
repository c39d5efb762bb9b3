//! The paths view in the list pane: a heading per path (its number, hops
//! and newest date), then a row per entity on it with its kind, and between
//! two entities a row for the hop: its relation, date and sources, as
//! `dealscope path` prints them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, Focus, MAX_HOPS, PathRow};
use crate::text::sanitize::inert;
use crate::text::{fit, width};

/// Draws the paths view into the list pane's area.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme();
    let g = app.glyphs();
    let ds = app.dataset();
    let Some(p) = app.paths_view() else { return };
    let focused = app.focus() == Focus::List && app.palette().is_none();
    let ends = format!(" Paths: {} {} {} ", inert(&ds.get(p.from).name), g.out, inert(&ds.get(p.to).name));
    let title = Line::from(vec![
        Span::styled(fit(&ends, usize::from(area.width.saturating_sub(8)), g.ellipsis), t.title),
        Span::styled(format!(" {} ", p.found()), t.dim),
    ]);
    let block = super::pane(app, title, focused);
    let inner = block.inner(area);
    block.render(area, buf);
    let cols = usize::from(inner.width);
    if p.rows.is_empty() {
        let text = format!("no path within {MAX_HOPS} hops: tags and citations are not links. Backspace goes back");
        for (y, line) in (inner.y..inner.bottom()).zip(crate::text::wrap(&text, cols.saturating_sub(2).max(8))) {
            buf.set_stringn(inner.x + 1, y, line, cols, t.dim);
        }
        return;
    }
    for (n, row) in p.rows.iter().enumerate().skip(p.offset).take(usize::from(inner.height)) {
        let y = inner.y + (n - p.offset) as u16;
        let spans = match row {
            PathRow::Heading { number, hops, newest } => {
                let hops = if *hops == 1 { "1 hop".to_string() } else { format!("{hops} hops") };
                let newest = newest.map(|d| format!(" · newest {d}")).unwrap_or_default();
                vec![Span::styled(format!("{number}. {hops}{newest}"), t.label.patch(t.title))]
            }
            PathRow::Step { entity } => {
                let selected = n == p.selected;
                let base = match (selected, focused) {
                    (true, true) => t.selected,
                    (true, false) => t.selected_blur,
                    _ => t.text,
                };
                let dim = if selected { base } else { t.dim };
                let e = ds.get(*entity);
                let lead = format!("{} ", if selected { g.pointer } else { " " });
                let badge = format!("{} ", e.kind().badge());
                let room = cols.saturating_sub(width(&lead) + width(&badge));
                let name = fit(&inert(&e.name), room, g.ellipsis);
                let gap = room.saturating_sub(width(&name));
                vec![
                    Span::styled(lead, base),
                    Span::styled(badge, dim),
                    Span::styled(name, base),
                    Span::styled(" ".repeat(gap), base),
                ]
            }
            PathRow::Hop { relation, date, sources } => {
                // The date stays whole; the count of sources only beside the
                // whole relation, which gives way last.
                let date = date.map(|d| format!(" {d}")).unwrap_or_default();
                let sources = match sources {
                    0 => String::new(),
                    1 => " · 1 src".to_string(),
                    n => format!(" · {n} src"),
                };
                let lead = format!("   {} ", g.out);
                let whole = width(&lead) + width(relation) + width(&date) + width(&sources) <= cols;
                let tail = if whole { sources } else { String::new() };
                let room = cols.saturating_sub(width(&lead) + width(&date) + width(&tail));
                let rel = fit(&inert(relation), room, g.ellipsis);
                vec![
                    Span::styled(lead, t.dim),
                    Span::styled(rel, t.label),
                    Span::styled(date, t.dim),
                    Span::styled(tail, t.dim),
                ]
            }
        };
        super::put_line(buf, inner.x, y, spans, inner.width);
    }
}
