//! The detail pane: the selected entity's card, scrolled, with the link
//! cursor shown when the pane has focus.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::doc::Tone;
use crate::app::theme::Theme;
use crate::app::{App, Focus};
use crate::text::find::occurrences;
use crate::text::fit;
use crate::text::sanitize::inert;

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
    if let Some(f) = app.find() {
        let typing = if f.typing { "▏" } else { "" };
        let found = app.find_count().unwrap_or(0);
        let room = usize::from(area.width.saturating_sub(20));
        let q = fit(&inert(&f.query), room, app.glyphs().ellipsis);
        let count = if f.query.trim().is_empty() { String::new() } else { format!(" {found} lines") };
        block = block.title_bottom(Line::from(Span::styled(format!(" /{q}{typing}{count} "), t.key)));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(doc) = doc else {
        buf.set_stringn(inner.x + 1, inner.y, "nothing selected", usize::from(inner.width), t.dim);
        return;
    };
    let x = inner.x + 1;
    let max = inner.width.saturating_sub(2);
    let phrase = app.find().map(|f| f.query.trim().to_string()).unwrap_or_default();
    // The title first, whatever the scroll, then the lines under it.
    let shown = doc.lines.iter().take(1).chain(doc.lines.iter().skip(state.scroll + 1));
    for (i, line) in shown.take(usize::from(inner.height)).enumerate() {
        let mut spans: Vec<Span> = Vec::new();
        for p in line {
            let on_cursor = focused && p.target.is_some() && p.target == state.cursor;
            let s = if on_cursor { t.selected } else { style(t, p.tone) };
            let found = occurrences(&p.text, &phrase);
            if found.is_empty() {
                spans.push(Span::styled(p.text.as_str(), s));
            } else {
                spans.extend(super::highlighted(&p.text, &found, s, t.matched.add_modifier(Modifier::REVERSED)));
            }
        }
        super::put_line(buf, x, inner.y + i as u16, spans, max);
    }
}
