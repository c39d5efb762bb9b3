//! The detail pane: the selected entity's card, scrolled, with the link
//! cursor shown when the pane has focus.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::doc::Tone;
use crate::app::theme::Theme;
use crate::app::{App, Focus};

fn style(t: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Text => t.text,
        Tone::Dim => t.dim,
        Tone::Title => t.title,
        Tone::Heading => t.label.patch(t.title),
        Tone::Label => t.label,
        Tone::Link => t.link,
        Tone::Badge => t.badge,
    }
}

/// Draws the detail pane.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let focused = app.focus() == Focus::Detail && app.palette().is_none();
    let doc = app.detail_doc();
    let state = app.detail();
    let rows = usize::from(area.height.saturating_sub(2));
    let mut block = super::pane(app, Line::from(Span::styled(" Detail ", t.title)), focused);
    if let Some(doc) = &doc
        && doc.lines.len() > rows
    {
        let end = (state.scroll + rows).min(doc.lines.len());
        let pos = format!(" {}-{}/{} ", state.scroll + 1, end, doc.lines.len());
        block = block.title_bottom(Line::from(Span::styled(pos, t.dim)).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(doc) = doc else {
        buf.set_stringn(inner.x + 1, inner.y, "nothing selected", usize::from(inner.width), t.dim);
        return;
    };
    let x = inner.x + 1;
    let max = inner.width.saturating_sub(2);
    for (i, line) in doc.lines.iter().skip(state.scroll).take(usize::from(inner.height)).enumerate() {
        let spans: Vec<Span> = line
            .iter()
            .map(|p| {
                let on_cursor = focused && p.target.is_some() && p.target == state.cursor;
                let s = if on_cursor { t.selected } else { style(t, p.tone) };
                Span::styled(p.text.as_str(), s)
            })
            .collect();
        super::put_line(buf, x, inner.y + i as u16, spans, max);
    }
}
