//! The list pane: the current kind's (or tag's) entities, filter matches
//! highlighted, with a kind-specific detail column where there is room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, Focus, View};
use crate::model::{Dataset, EntityData, EntityId};
use crate::sanitize::inert;
use crate::search::Field;
use crate::text::{fit, pad, width};

/// Short facts shown beside a name: a date, a country, a maker.
fn meta(ds: &Dataset, id: EntityId) -> String {
    let e = ds.get(id);
    let name = |x: Option<EntityId>| x.map(|x| ds.get(x).name.clone());
    let s = match &e.data {
        EntityData::Firm(f) => f.country.clone(),
        EntityData::Person(p) => p.roles.first().map(|r| ds.get(r.firm).name.clone()),
        EntityData::Chipset(c) => name(c.designer),
        EntityData::Product(p) => p.launched.map(|d| d.to_string()).or_else(|| name(p.maker)),
        EntityData::Agreement(a) => a.signed.or(a.effective).map(|d| d.to_string()),
        EntityData::Event(ev) => Some(ev.date.to_string()),
        EntityData::Source(s) => s.publisher.clone(),
    };
    inert(&s.unwrap_or_default()).into_owned()
}

/// Draws the list pane.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let g = &app.glyphs;
    let ds = app.dataset();
    let list = app.list();
    let focused = app.focus() == Focus::List && app.palette().is_none();
    let name = match app.view() {
        View::Kind(k) => k.title().to_string(),
        View::Tag(tag) => format!("#{}", inert(tag)),
    };
    let total = match app.view() {
        View::Kind(k) => ds.of_kind(*k).len(),
        View::Tag(tag) => ds.tagged(tag).len(),
    };
    let count = if list.query.is_empty() { format!("{total}") } else { format!("{}/{total}", list.rows.len()) };
    let title = Line::from(vec![Span::styled(format!(" {name} "), t.title), Span::styled(format!("{count} "), t.dim)]);
    let mut block = super::pane(app, title, focused);
    if !list.query.is_empty() || app.filtering() {
        let cursor = if app.filtering() { "▏" } else { "" };
        let q = fit(&inert(&list.query), usize::from(area.width.saturating_sub(8)), g.ellipsis);
        block = block.title_bottom(Line::from(Span::styled(format!(" /{q}{cursor} "), t.key)));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    if list.rows.is_empty() {
        let msg = if list.query.is_empty() { "nothing here" } else { "no match: Esc clears the filter" };
        buf.set_stringn(inner.x + 1, inner.y, msg, usize::from(inner.width.saturating_sub(1)), t.dim);
        return;
    }
    let cols = usize::from(inner.width);
    for (row, hit) in list.rows.iter().enumerate().skip(list.offset).take(usize::from(inner.height)) {
        let y = inner.y + (row - list.offset) as u16;
        let selected = row == list.selected;
        let base = match (selected, focused) {
            (true, true) => t.selected,
            (true, false) => t.selected_blur,
            _ => t.text,
        };
        let e = ds.get(hit.id);
        let pointer = if selected { g.pointer } else { " " };
        let mut spans = vec![Span::styled(format!("{} ", pad(pointer, 1, "")), base)];
        let meta = meta(ds, hit.id);
        let meta_w = if cols >= 30 { width(&meta).min(cols / 3) } else { 0 };
        let name_room = cols.saturating_sub(2 + meta_w + usize::from(meta_w > 0));
        let clean = inert(&e.name);
        let shown = fit(&clean, name_room, g.ellipsis);
        // On the selected row keep its colours and mark matches by weight and underline.
        let hl = if selected { base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED) } else { t.matched };
        let exact = shown == clean.as_ref();
        match hit.field {
            Field::Name if exact && !hit.indices.is_empty() => {
                spans.extend(super::highlighted(&shown, &hit.indices, base, hl));
            }
            _ => spans.push(Span::styled(shown.clone(), base)),
        }
        let mut used = 2 + width(&shown);
        // Show the alias that matched, or the first alias when there is room.
        let alias = match hit.field {
            Field::Alias(i) => Some((i, hit.indices.as_slice())),
            _ if !e.aliases.is_empty() && name_room > 24 => Some((0, &[][..])),
            _ => None,
        };
        if let Some((i, idx)) = alias {
            let room = name_room.saturating_sub(width(&shown) + 1);
            let a = inert(&e.aliases[i]);
            if room >= 3 {
                let a_fit = fit(&a, room, g.ellipsis);
                let dim = if selected { base } else { t.dim };
                spans.push(Span::styled(" ", base));
                if a_fit == a.as_ref() && !idx.is_empty() {
                    spans.extend(super::highlighted(&a_fit, idx, dim, hl));
                } else {
                    spans.push(Span::styled(a_fit.clone(), dim));
                }
                used += 1 + width(&a_fit);
            }
        }
        let gap = cols.saturating_sub(used + meta_w);
        spans.push(Span::styled(" ".repeat(gap), base));
        if meta_w > 0 {
            spans.push(Span::styled(fit(&meta, meta_w, g.ellipsis), if selected { base } else { t.dim }));
        }
        super::put_line(buf, inner.x, y, spans, inner.width);
    }
}
