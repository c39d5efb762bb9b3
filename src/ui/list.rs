//! The list pane: the current kind's (or tag's) entities, filter matches
//! highlighted, with a kind-specific detail column where there is room.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, Focus, View};
use crate::data::model::{Dataset, EntityData, EntityId, Kind};
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
        EntityData::Event(ev) => ev.date.map(|d| d.to_string()),
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

/// Columns the list must have before it shows the second detail column.
const WIDE_LIST: usize = 56;
/// Columns a name keeps before a detail column may take more.
const NAME_MIN: usize = 14;
/// Most columns the short detail column (a date, a country) takes.
const META_MAX: usize = 18;
/// Fewest columns worth showing the second detail column in.
const WIDE_MIN: usize = 8;

/// The widths of the short and the wide detail column in a row of `avail`
/// columns whose names need `names`: short fields (dates) whole before
/// titles get more than [`NAME_MIN`]; then names whole; then the wide
/// column whatever is left. A column that does not fit gets 0.
fn share(avail: usize, names: usize, meta_need: usize, wide_need: usize) -> (usize, usize) {
    let name_min = names.min(NAME_MIN);
    let meta_w = meta_need.min(META_MAX).min(avail.saturating_sub(name_min + 1));
    let meta_w = if meta_w < 4.min(meta_need) || meta_need == 0 { 0 } else { meta_w };
    let rest = avail.saturating_sub(meta_w + usize::from(meta_w > 0));
    // Names give up to two fifths of the rest to a wide column that needs it.
    let name_w = names.min(rest).min((rest * 3 / 5).max(rest.saturating_sub(wide_need + 1)));
    let left = rest.saturating_sub(name_w + 1);
    let wide_w = if wide_need == 0 || left < WIDE_MIN.min(wide_need) { 0 } else { wide_need.min(left) };
    (meta_w, wide_w)
}

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
        View::Paths => "Paths".to_string(),
        View::Neighbourhood => "Neighbourhood".to_string(),
    };
    let total = match app.view() {
        View::Kind(k) => ds.of_kind(*k).len(),
        View::Tag(tag) => ds.tagged(tag).len(),
        View::Timeline | View::Paths | View::Neighbourhood => 0,
    };
    // Matches of the filter in the other kinds, once counted.
    let elsewhere: Vec<(Kind, usize)> = match (app.view(), app.elsewhere()) {
        (View::Kind(here), Some(counts)) => {
            Kind::ALL.iter().map(|&k| (k, counts[k.index()])).filter(|&(k, n)| k != *here && n > 0).collect()
        }
        _ => Vec::new(),
    };
    let others: usize = elsewhere.iter().map(|(_, n)| n).sum();
    // Once the matches are known their count is, though the ranking of
    // rows beyond the screen may still be on its way.
    let waiting = list.search.awaited(&list.query);
    let matched = list.search.count(&list.query).unwrap_or(list.rows.len());
    let count = if waiting {
        "searching…".to_string()
    } else if list.query.is_empty() {
        format!("{total}")
    } else if others > 0 && area.width >= 36 {
        format!("{matched}/{total} · {others} in other kinds")
    } else {
        format!("{matched}/{total}")
    };
    let title = Line::from(vec![Span::styled(format!(" {name} "), t.title), Span::styled(format!("{count} "), t.dim)]);
    let mut block = super::pane(app, title, focused);
    block = super::with_filter_line(app, block, &list.query, app.query_problem(&list.query), area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    if list.rows.is_empty() {
        let mut lines = vec![match (waiting, list.query.is_empty()) {
            (true, _) => "searching…".to_string(),
            (false, true) => "nothing here".to_string(),
            (false, false) => format!("no match in {}", name),
        }];
        if !list.search.running() && !list.query.is_empty() {
            if let Some(&(first, _)) = elsewhere.first() {
                let counts: Vec<String> = elsewhere.iter().map(|(k, n)| format!("{} {n}", k.title())).collect();
                lines.push(format!("but: {}", counts.join(", ")));
                let key = if app.filtering() { "Tab" } else { "n" };
                lines.push(format!("{key} goes to {}", first.title()));
            } else if app.elsewhere().is_some() {
                lines.push("nor in any other kind".to_string());
            }
            lines.push("Esc clears the filter".to_string());
        }
        // Wrapped, so nothing is cut in a narrow pane.
        let room = usize::from(inner.width.saturating_sub(2)).max(8);
        let styled = lines.iter().enumerate().flat_map(|(i, line)| {
            let style = if i > 0 && i < 3 && !elsewhere.is_empty() { t.key } else { t.dim };
            crate::text::wrap(line, room).into_iter().map(move |l| (l, style))
        });
        for (y, (line, style)) in (inner.y..inner.bottom()).zip(styled) {
            buf.set_stringn(inner.x + 1, y, line, room, style);
        }
        return;
    }
    let cols = usize::from(inner.width);
    let visible: Vec<(usize, &crate::search::Hit)> =
        list.rows.iter().enumerate().skip(list.offset).take(usize::from(inner.height)).collect();
    // Detail columns, as wide as their widest visible value, so they line up.
    let column = |f: &dyn Fn(EntityId) -> String| -> (Vec<String>, usize) {
        let vals: Vec<String> = visible.iter().map(|(_, h)| f(h.id)).collect();
        let w = vals.iter().map(|v| width(v)).max().unwrap_or(0);
        (vals, w)
    };
    let names = visible.iter().map(|(_, h)| width(&inert(&ds.get(h.id).name))).max().unwrap_or(0);
    let (metas, meta_need) = column(&|id| meta(ds, id));
    let (wides, wide_need) = if cols >= WIDE_LIST { column(&|id| meta_wide(ds, id)) } else { (Vec::new(), 0) };
    let (meta_w, wide_w) = share(cols.saturating_sub(2), names, meta_need, wide_need);
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

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn short_fields_stay_whole_while_names_have_room() {
        // 80x24: a 30-column list of agreements with dates.
        assert_eq!(share(28, 41, 10, 0), (10, 0));
        // Names that fit leave the rest to the wide column.
        assert_eq!(share(60, 20, 10, 40), (10, 28));
        // Long names share with a wide column that needs room (200 columns).
        assert_eq!(share(78, 55, 10, 17), (10, 17));
        // Too narrow for both: the name keeps its minimum, the date is cut.
        assert_eq!(share(20, 30, 10, 0), (5, 0));
        // Nothing to show: no column.
        assert_eq!(share(40, 10, 0, 0), (0, 0));
        // The wide column is dropped rather than shown in a sliver.
        assert_eq!(share(30, 14, 10, 30), (10, 0));
    }
}
