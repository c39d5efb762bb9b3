//! The go-to-anything palette: one input, matches from every kind with a
//! kind badge per row.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Span;

use crate::app::App;
use crate::search::{Field, field_text};
use crate::text::sanitize::inert;
use crate::text::{fit, width};

/// Draws the palette over the screen.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(p) = app.palette() else { return };
    let t = &app.theme();
    let g = &app.glyphs();
    let w = area.width.saturating_sub(4).min(90);
    let h = area.height.saturating_sub(4).min(22);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 2, w, h);
    let inner = super::popup(app, rect, "Go to anything", buf);
    if inner.height < 2 {
        return;
    }
    let q = fit(&inert(&p.query), usize::from(inner.width.saturating_sub(4)), g.ellipsis);
    super::put_line(
        buf,
        inner.x,
        inner.y,
        vec![Span::styled(format!("{} ", g.pointer), t.key), Span::styled(format!("{q}▏"), t.text)],
        inner.width,
    );
    let ds = app.dataset();
    let rows = usize::from(inner.height - 1);
    let offset = p.selected.saturating_sub(rows.saturating_sub(1));
    if p.search.awaited(&p.query) {
        let note = " searching… ";
        let x = inner.right().saturating_sub(width(note) as u16);
        buf.set_stringn(x, inner.y, note, usize::from(inner.width), t.dim);
    } else if p.hits.is_empty() {
        buf.set_stringn(inner.x + 2, inner.y + 1, "no match", usize::from(inner.width), t.dim);
    }
    // A qualifier not understood is said on the input's line, never ignored;
    // so is what `path A B` will do.
    let note = match app.palette_path() {
        Some(Ok((a, b))) => Some((format!("Enter: paths from {} to {}", ds.get(*a).name, ds.get(*b).name), t.dim)),
        Some(Err(problem)) => Some((format!("! {problem}"), t.notice)),
        None => app.query_problem(&p.query).map(|problem| (format!("! {problem}"), t.notice)),
    };
    if let Some((text, style)) = note {
        let used = 3 + width(&q);
        let room = usize::from(inner.width).saturating_sub(used + 2);
        let note = fit(&inert(&text), room, g.ellipsis);
        buf.set_stringn(inner.x + (used + 1) as u16, inner.y, note, room, style);
    }
    let cols = usize::from(inner.width);
    for (i, hit) in p.hits.iter().enumerate().skip(offset).take(rows) {
        let y = inner.y + 1 + (i - offset) as u16;
        let selected = i == p.selected;
        let base = if selected { t.selected } else { t.text };
        let hl = if selected { base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED) } else { t.matched };
        let e = ds.get(hit.id);
        let mut spans = vec![Span::styled(format!(" {:<4} ", e.kind().badge()), if selected { base } else { t.badge })];
        let name = inert(&e.name);
        let id_text = format!("  {}", inert(&e.id));
        let room = cols.saturating_sub(7 + width(&id_text).min(cols / 3));
        let shown = fit(&name, room, g.ellipsis);
        if hit.field == Field::Name && shown == name.as_ref() {
            spans.extend(super::highlighted(&shown, &app.matched(hit, &p.query), base, hl));
        } else {
            spans.push(Span::styled(shown.clone(), base));
        }
        let mut used = 6 + width(&shown);
        if hit.field != Field::Name && hit.field != Field::Id {
            let via = fit(
                &format!(" ({})", inert(field_text(ds, hit.id, hit.field))),
                room.saturating_sub(width(&shown)),
                g.ellipsis,
            );
            used += width(&via);
            spans.push(Span::styled(via, if selected { base } else { t.dim }));
        }
        let id_shown = fit(&id_text, cols.saturating_sub(used), g.ellipsis);
        let gap = cols.saturating_sub(used + width(&id_shown));
        spans.push(Span::styled(" ".repeat(gap), base));
        spans.push(Span::styled(id_shown, if selected { base } else { t.dim }));
        super::put_line(buf, inner.x, y, spans, inner.width);
    }
}
