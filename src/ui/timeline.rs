//! The timeline tab: a time axis with one lane per firm (events as marks,
//! agreements and roles as bars, the cursor's item highlighted, a "today"
//! marker) above the chronological list grouped by year.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::theme::Theme;
use crate::data::date::{PartialDate, Precision, day_number};
use crate::data::model::{EntityId, Kind};
use crate::text::sanitize::inert;
use crate::text::{fit, pad, width};
use crate::timeline::view::Zoom;
use crate::timeline::{Category, Item, ItemKind, Row, Scope};

/// Draws the timeline tab's axis and list.
pub fn draw(app: &App, buf: &mut Buffer) {
    let lay = app.layout();
    axis(app, lay.timeline_axis, buf);
    list(app, lay.timeline_list, buf);
}

fn category_style(t: &Theme, c: Category) -> Style {
    match c {
        Category::Events => t.link,
        Category::Agreements => t.badge,
        Category::Launches => t.label,
        Category::Roles => t.dim,
    }
}

/// The firms that get a lane: those in the scope first, then the busiest.
fn lanes(app: &App, n: usize) -> Vec<EntityId> {
    let ds = app.dataset();
    let tl = app.timeline();
    let st = app.timeline_state();
    let mut counts = vec![0usize; ds.len()];
    for &i in &st.picked {
        for &e in &tl.items()[i].entities {
            counts[e.index()] += 1;
        }
    }
    let first: Vec<EntityId> = match &st.scope {
        Scope::All => Vec::new(),
        Scope::Around(id) => vec![*id],
        Scope::Shared(ids) => ids.clone(),
    };
    let mut firms: Vec<EntityId> =
        ds.of_kind(Kind::Firm).iter().copied().filter(|f| counts[f.index()] > 0 && !first.contains(f)).collect();
    firms.sort_by_key(|f| std::cmp::Reverse(counts[f.index()]));
    let mut out: Vec<EntityId> = first.into_iter().filter(|f| ds.get(*f).kind() == Kind::Firm).collect();
    out.extend(firms);
    out.truncate(n);
    out
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Tick boundaries (day number, label) from `start` to `end` for a zoom.
fn ticks(zoom: Zoom, start: f64, end: f64) -> Vec<(i64, String)> {
    let first = crate::data::date::civil(start.floor() as i64);
    let (mut y, mut m) = (first.year_part(), first.month_part().unwrap_or(1));
    let step_months = match zoom {
        Zoom::Decade => 120,
        Zoom::Year => 12,
        Zoom::Quarter => 3,
        Zoom::Month => 1,
    };
    // Align to the tick unit.
    match zoom {
        Zoom::Decade => (y, m) = (y - y.rem_euclid(10), 1),
        Zoom::Year => m = 1,
        Zoom::Quarter => m -= (m - 1) % 3,
        Zoom::Month => {}
    }
    let mut out = Vec::new();
    loop {
        let day = day_number(y, m, 1);
        if day as f64 > end {
            break;
        }
        if day as f64 >= start {
            let label = match zoom {
                Zoom::Decade | Zoom::Year => format!("{y}"),
                Zoom::Quarter => format!("{y}Q{}", (m - 1) / 3 + 1),
                Zoom::Month => format!("{} {:02}", MONTHS[usize::from(m) - 1], y.rem_euclid(100)),
            };
            out.push((day, label));
        }
        let months = i32::from(m) - 1 + step_months;
        y += months.div_euclid(12);
        m = (months.rem_euclid(12) + 1) as u8;
    }
    out
}

/// An item's end as the app sees it: seen as of a day, an end after that
/// day is not known yet (the item is ongoing then).
fn end_seen(app: &App, item: &Item) -> Option<PartialDate> {
    item.end.filter(|e| app.as_of().is_none_or(|day| e.start_day() <= day.end_day()))
}

/// True for an item drawn as a span: with an end, or ongoing.
fn spans(item: &Item) -> bool {
    item.end.is_some() || item.kind == ItemKind::Role
}

/// The columns an item covers on the track, before clipping (none when undated).
fn columns(app: &App, item: &Item, start: f64, per_col: f64) -> Option<(i64, i64)> {
    let col = |day: i64| ((day as f64 - start) / per_col).floor() as i64;
    let date = item.date?;
    let from = date.start_day();
    let to = match end_seen(app, item) {
        Some(e) => e.end_day(),
        // A span with no end (yet, as of the lens's day): held until now, as far as the data says.
        None if spans(item) => app.today().map_or(date.end_day(), |t| t.end_day()),
        None => date.end_day(),
    };
    Some((col(from), col(to.max(from))))
}

fn axis(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let g = &app.glyphs();
    let st = app.timeline_state();
    let lay = app.layout();
    let ascii = g.pointer == ">";
    let per_col = st.zoom.days_per_col();
    let cols = lay.axis_cols();
    let end = st.start + cols as f64 * per_col;
    let (from, to) = (crate::data::date::civil(st.start as i64), crate::data::date::civil(end as i64));
    let title = Line::from(vec![
        Span::styled(" Time axis ", t.title),
        Span::styled(format!("{} zoom, {} to {} ", st.zoom.name(), from.human(), to.human()), t.dim),
    ]);
    let (dot, hollow, bar, open, partial) =
        if ascii { ("o", "*", "=", "-", "~") } else { ("●", "○", "━", "╌", "┄") };
    let legend = format!(" {dot} day  {hollow}{partial} month or year  {bar} span  {open} ongoing ");
    let block = super::pane(app, title, false).title_bottom(Line::from(Span::styled(legend, t.dim)).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 2 {
        return;
    }
    let label_w = lay.lane_label_cols();
    let x0 = inner.x + label_w as u16;
    let track_w = usize::from(inner.width).saturating_sub(label_w);
    let today_col = app.today().map(|d| ((d.start_day() as f64 - st.start) / per_col).floor() as i64);
    // Ticks, then "today" where it does not cover a tick's label.
    let mut taken: Vec<(i64, i64)> = Vec::new();
    for (day, label) in ticks(st.zoom, st.start, end) {
        let c = ((day as f64 - st.start) / per_col).floor() as i64;
        let clear = taken.last().is_none_or(|&(_, b)| c >= b);
        if c >= 0 && (c as usize) < track_w && clear {
            let room = track_w - c as usize;
            let text = format!("{}{label}", if ascii { "|" } else { "╷" });
            taken.push((c, c + width(&text) as i64));
            buf.set_stringn(x0 + c as u16, inner.y, text, room, t.dim);
        }
    }
    if let Some(c) = today_col.filter(|c| *c >= 0 && (*c as usize) < track_w) {
        let label = if (c as usize) + 6 <= track_w && !taken.iter().any(|&(a, b)| a < c + 6 && c < b) {
            if app.as_of().is_some() { "as of" } else { "today" }
        } else if ascii {
            "v"
        } else {
            "▼"
        };
        buf.set_stringn(x0 + c as u16, inner.y, label, track_w - c as usize, t.notice);
    }
    let lanes = lanes(app, usize::from(inner.height - 1));
    let ds = app.dataset();
    let tl = app.timeline();
    let current = st.current();
    for (n, firm) in lanes.iter().enumerate() {
        let y = inner.y + 1 + n as u16;
        let name = fit(&inert(&ds.get(*firm).name), label_w - 1, g.ellipsis);
        buf.set_string(inner.x, y, pad(&name, label_w, ""), t.label);
        if let Some(c) = today_col.filter(|c| *c >= 0 && (*c as usize) < track_w) {
            buf.set_string(x0 + c as u16, y, if ascii { ":" } else { "┊" }, t.notice);
        }
        // Bars first, then marks over them, the cursor's item last, so it is on top.
        let is_span = |i: usize| spans(&tl.items()[i]);
        let others = st.picked.iter().copied().filter(|&i| Some(i) != current);
        let items = others.clone().filter(|&i| is_span(i)).chain(others.filter(|&i| !is_span(i))).chain(current);
        for i in items {
            let item = &tl.items()[i];
            if !item.entities.contains(firm) {
                continue;
            }
            let Some((a, b)) = columns(app, item, st.start, per_col) else { continue };
            if b < 0 || a >= track_w as i64 {
                continue;
            }
            let precision = item.date.map(|d| d.precision());
            let style = if Some(i) == current { t.selected } else { category_style(t, item.kind.category()) };
            let span = is_span(i);
            let glyph = match (span, end_seen(app, item).is_none(), precision, b > a) {
                (true, false, ..) => bar,
                (true, true, ..) => open,
                (false, _, Some(Precision::Day), _) => dot,
                (false, _, _, true) => partial,
                (false, _, _, false) => hollow,
            };
            let (a, b) = (a.max(0) as usize, (b as usize).min(track_w - 1));
            for c in a..=b {
                buf.set_string(x0 + c as u16, y, glyph, style);
            }
            if !span && precision != Some(Precision::Day) && b > a {
                // A partial date covers its whole month or year: mark its start hollow.
                buf.set_string(x0 + a as u16, y, hollow, style);
            }
        }
    }
    if lanes.is_empty() {
        buf.set_stringn(x0, inner.y + 1, "no firm in these items", track_w, t.dim);
    }
}

fn list(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let g = &app.glyphs();
    let st = app.timeline_state();
    let ds = app.dataset();
    let tl = app.timeline();
    let shown: Vec<&str> = st.categories.iter().map(|c| c.name()).collect();
    let title = Line::from(vec![
        Span::styled(format!(" {} ", inert(&app.scope_name(&st.scope))), t.title),
        Span::styled(
            match app.filter_progress() {
                Some(p) => {
                    format!("{} so far, {}: {} ", count(st.picked.len()), searching(p), shown.join(", "))
                }
                None => format!("{}: {} ", count(st.picked.len()), shown.join(", ")),
            },
            t.dim,
        ),
    ]);
    let mut block = super::pane(app, title, true);
    // The timeline's filter is plain words: it has no qualifiers to get wrong.
    block = super::with_filter_line(app, block, &st.query, None, area.width);
    let inner = block.inner(area);
    block.render(area, buf);
    if st.picked.is_empty() {
        let msg = "no dated items here: Esc shows everything, e a n r show hidden kinds";
        buf.set_stringn(inner.x + 1, inner.y, msg, usize::from(inner.width.saturating_sub(1)), t.dim);
        return;
    }
    let cols = usize::from(inner.width);
    let current = st.current();
    for (n, row) in st.rows.iter().skip(st.offset).take(usize::from(inner.height)).enumerate() {
        let y = inner.y + n as u16;
        match *row {
            Row::Year(year) => {
                let text = format!("{} {year} {}", g.rule.repeat(2), g.rule.repeat(cols.saturating_sub(10)));
                buf.set_stringn(inner.x, y, text, cols, t.title);
            }
            Row::Undated => {
                let text = format!("{} undated {}", g.rule.repeat(2), g.rule.repeat(cols.saturating_sub(13)));
                buf.set_stringn(inner.x, y, text, cols, t.title);
            }
            Row::Item(i) => {
                let item = &tl.items()[i];
                let selected = Some(i) == current;
                let base = if selected { t.selected } else { t.text };
                let dim = if selected { base } else { t.dim };
                let pointer = if selected { g.pointer } else { " " };
                let end = end_seen(app, item).map(|e| format!(" {} {e}", g.out)).unwrap_or_default();
                let mut spans = vec![
                    Span::styled(format!("{} {:<10} ", pad(pointer, 1, ""), item.date_text()), base),
                    Span::styled(
                        format!("{:<8} ", item.kind.badge()),
                        if selected { base } else { category_style(t, item.kind.category()) },
                    ),
                ];
                let others: Vec<String> =
                    item.entities.iter().skip(1).take(4).map(|&e| inert(&ds.get(e).name).into_owned()).collect();
                let who = if cols >= 100 && !others.is_empty() { others.join(", ") } else { String::new() };
                let who_w = width(&who).min(cols / 3);
                let room = cols.saturating_sub(22 + who_w + usize::from(who_w > 0));
                let title = fit(&format!("{}{end}", inert(&item.title)), room, g.ellipsis);
                let gap = room.saturating_sub(width(&title));
                spans.push(Span::styled(format!("{title}{}", " ".repeat(gap)), base));
                if who_w > 0 {
                    spans.push(Span::styled(format!(" {}", fit(&who, who_w, g.ellipsis)), dim));
                }
                super::put_line(buf, inner.x, y, spans, inner.width);
            }
        }
    }
}

/// "1 item", "5 items".
fn count(n: usize) -> String {
    if n == 1 { "1 item".to_string() } else { format!("{n} items") }
}

/// "searching 40%": the filter's results are still coming.
fn searching((done, total): (usize, usize)) -> String {
    format!("searching {}%", (done * 100).checked_div(total).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1), "1 item");
        assert_eq!(count(0), "0 items");
        assert_eq!(count(5), "5 items");
    }

    #[test]
    fn ticks_align_to_their_unit() {
        let start = day_number(2019, 5, 17) as f64;
        let end = day_number(2024, 2, 1) as f64;
        let years: Vec<String> = ticks(Zoom::Year, start, end).into_iter().map(|t| t.1).collect();
        assert_eq!(years, ["2020", "2021", "2022", "2023", "2024"]);
        let q: Vec<String> =
            ticks(Zoom::Quarter, start, day_number(2020, 1, 1) as f64).into_iter().map(|t| t.1).collect();
        assert_eq!(q, ["2019Q3", "2019Q4", "2020Q1"]);
        let d: Vec<String> = ticks(Zoom::Decade, day_number(1985, 1, 1) as f64, end).into_iter().map(|t| t.1).collect();
        assert_eq!(d, ["1990", "2000", "2010", "2020"]);
        let m = ticks(Zoom::Month, day_number(2023, 11, 3) as f64, day_number(2024, 2, 1) as f64);
        assert_eq!(m.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(), ["Dec 23", "Jan 24", "Feb 24"]);
    }
}
