//! The list pane: the current kind's (or tag's) entities, filter matches
//! highlighted, with a kind-specific detail column where there is room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, Focus, View};
use crate::data::model::{Dataset, EntityData, EntityId};
use crate::search::Field;
use crate::text::sanitize::inert;
use crate::text::{fit, pad, width};

/// Short facts shown beside a name: a date, a country, a maker.
fn meta(ds: &Dataset, id: EntityId) -> String {
    let e = ds.get(id);
    let name = |x: Option<EntityId>| x.map(|x| ds.get(x).name.clone());
    let s = match &e.data {
        EntityData::Firm(f) => f.country.clone(),
        EntityData::Person(p) => current_role(p).map(|r| ds.get(r.firm).name.clone()),
        EntityData::Chipset(c) => name(c.designer),
        EntityData::Product(p) => p.launched.map(|d| d.to_string()).or_else(|| name(p.maker)),
        EntityData::Agreement(a) => a.signed.or(a.effective).map(|d| d.to_string()),
        EntityData::Event(ev) => Some(ev.date.to_string()),
        EntityData::Source(s) => s.publisher.clone(),
    };
    inert(&s.unwrap_or_default()).into_owned()
}

/// The role a person holds now, as far as the data says: an open-ended one
/// that started last, else the one that ended last.
fn current_role(p: &crate::data::model::Person) -> Option<&crate::data::model::Role> {
    p.roles.iter().filter(|r| r.to.is_none()).max_by_key(|r| r.from).or_else(|| p.roles.iter().max_by_key(|r| r.to))
}

/// A second column for wide lists: parties, kinds, titles, processes.
fn meta_wide(ds: &Dataset, id: EntityId) -> String {
    let e = ds.get(id);
    let s = match &e.data {
        EntityData::Firm(f) => f.hq.clone(),
        EntityData::Person(p) => current_role(p).and_then(|r| r.title.clone()),
        EntityData::Chipset(c) => c.process.clone(),
        EntityData::Product(p) => p.maker.map(|m| ds.get(m).name.clone()),
        EntityData::Agreement(a) => {
            Some(a.parties.iter().map(|p| ds.get(p.firm).name.as_str()).collect::<Vec<_>>().join(" · "))
        }
        EntityData::Event(ev) => ev.kind.clone(),
        EntityData::Source(s) => s.date.map(|d| d.to_string()),
    };
    inert(&s.unwrap_or_default()).into_owned()
}

/// "searching 40%": results are still coming.
pub(super) fn searching((done, total): (usize, usize)) -> String {
    format!("searching {}%", (done * 100).checked_div(total).unwrap_or(0))
}

/// Columns the list must have before it shows the second detail column.
const WIDE_LIST: usize = 56;

/// Draws the list pane.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let g = &app.glyphs();
    let ds = app.dataset();
    let list = app.list();
    let focused = app.focus() == Focus::List && app.palette().is_none();
    let name = match app.view() {
        View::Kind(k) => k.title().to_string(),
        View::Tag(tag) => format!("#{}", inert(tag)),
        View::Timeline => "Timeline".to_string(),
    };
    let total = match app.view() {
        View::Kind(k) => ds.of_kind(*k).len(),
        View::Tag(tag) => ds.tagged(tag).len(),
        View::Timeline => 0,
    };
    let count = if list.search.running() {
        searching(list.search.progress)
    } else if list.query.is_empty() {
        format!("{total}")
    } else {
        format!("{}/{total}", list.rows.len())
    };
    let title = Line::from(vec![Span::styled(format!(" {name} "), t.title), Span::styled(format!("{count} "), t.dim)]);
    let mut block = super::pane(app, title, focused);
    block = super::with_filter_line(app, block, &list.query, area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    if list.rows.is_empty() {
        let msg = match (list.search.running(), list.query.is_empty()) {
            (true, _) => "searching…",
            (false, true) => "nothing here",
            (false, false) => "no match: Esc clears the filter",
        };
        buf.set_stringn(inner.x + 1, inner.y, msg, usize::from(inner.width.saturating_sub(1)), t.dim);
        return;
    }
    let cols = usize::from(inner.width);
    let visible: Vec<(usize, &crate::search::Hit)> =
        list.rows.iter().enumerate().skip(list.offset).take(usize::from(inner.height)).collect();
    // Detail columns, as wide as their widest visible value (capped), so they line up.
    let column = |f: &dyn Fn(EntityId) -> String, cap: usize| -> (Vec<String>, usize) {
        let vals: Vec<String> = visible.iter().map(|(_, h)| f(h.id)).collect();
        let w = vals.iter().map(|v| width(v)).max().unwrap_or(0).min(cap);
        (vals, w)
    };
    let (metas, meta_w) = if cols >= 30 { column(&|id| meta(ds, id), cols / 4) } else { (Vec::new(), 0) };
    let (wides, wide_w) = if cols >= WIDE_LIST { column(&|id| meta_wide(ds, id), cols / 3) } else { (Vec::new(), 0) };
    let right_w = meta_w + usize::from(meta_w > 0) + wide_w + usize::from(wide_w > 0);
    for (n, &(row, hit)) in visible.iter().enumerate() {
        let y = inner.y + n as u16;
        let selected = row == list.selected;
        let base = match (selected, focused) {
            (true, true) => t.selected,
            (true, false) => t.selected_blur,
            _ => t.text,
        };
        let e = ds.get(hit.id);
        let pointer = if selected { g.pointer } else { " " };
        // A marked row (m) shows its mark beside the pointer, in every theme.
        let mark = if app.marks().contains(&hit.id) { g.mark } else { " " };
        let mut spans = vec![
            Span::styled(pad(pointer, 1, ""), base),
            Span::styled(pad(mark, 1, ""), if selected { base } else { base.add_modifier(Modifier::BOLD) }),
        ];
        let name_room = cols.saturating_sub(2 + right_w);
        let clean = inert(&e.name);
        let shown = fit(&clean, name_room, g.ellipsis);
        // On the selected row keep its colours and mark matches by weight and underline.
        let hl = if selected { base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED) } else { t.matched };
        let exact = shown == clean.as_ref();
        let matched = if list.query.is_empty() { Vec::new() } else { app.matched(hit, &list.query) };
        match hit.field {
            Field::Name if exact && !matched.is_empty() => {
                spans.extend(super::highlighted(&shown, &matched, base, hl));
            }
            _ => spans.push(Span::styled(shown.clone(), base)),
        }
        let mut used = 2 + width(&shown);
        // Show the alias that matched, or the first alias when there is room.
        let alias = match hit.field {
            Field::Alias(i) => Some((i, matched.as_slice())),
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
        let gap = cols.saturating_sub(used + right_w);
        spans.push(Span::styled(" ".repeat(gap), base));
        let dim = if selected { base } else { t.dim };
        if wide_w > 0 {
            spans.push(Span::styled(format!(" {}", pad(&wides[n], wide_w, g.ellipsis)), dim));
        }
        if meta_w > 0 {
            let m = fit(&metas[n], meta_w, g.ellipsis);
            spans.push(Span::styled(format!(" {}{m}", " ".repeat(meta_w - width(&m))), dim));
        }
        super::put_line(buf, inner.x, y, spans, inner.width);
    }
}
