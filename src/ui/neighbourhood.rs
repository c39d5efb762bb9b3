//! The neighbourhood view across the whole body (list and detail panes):
//! the centre's box at the top left, a trunk line down from it, and a box
//! per relation group joined to the trunk, as many boxes to a row as the
//! width holds (`HoodState::boxes`). Names are cut with the ellipsis to
//! their box; when the boxes are taller than the screen the picture
//! scrolls to keep the cursor in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{App, CENTRE_ROWS, HoodRow, HoodState, TRUNK};
use crate::data::model::Dataset;
use crate::text::sanitize::inert;
use crate::text::{fit, width};

/// The trunk's column, relative to the picture.
const TRUNK_X: u16 = 1;

/// Draws the neighbourhood view into `area` (the list and detail panes' room).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme();
    let ds = app.dataset();
    let Some(h) = app.hood_view() else { return };
    let centre = ds.get(h.hood.centre);
    let head = format!(" Around {} · depth {} ", inert(&centre.name), h.hood.depth);
    let title = Line::from(vec![
        Span::styled(fit(&head, usize::from(area.width.saturating_sub(8)), app.glyphs().ellipsis), t.title),
        Span::styled(format!(" {} ", h.hood.shown), t.dim),
    ]);
    let block = super::pane(app, title, app.palette().is_none());
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let boxes = h.boxes(inner.width);
    let scroll = h.scroll(&boxes, usize::from(inner.height));
    let mut pen = Pen { buf, area: inner, scroll };
    draw_centre(app, h, &mut pen);
    if h.groups.is_empty() {
        let text = "no links: tags and citations connect nothing. Backspace goes back";
        pen.text(TRUNK, CENTRE_ROWS, text, usize::from(inner.width.saturating_sub(TRUNK)), t.dim);
        return;
    }
    draw_lines(app, &boxes, &mut pen);
    for b in &boxes {
        draw_box(app, ds, h, b, &mut pen);
    }
}

/// Writes into the picture at picture coordinates, skipping what is
/// scrolled away or beyond the area.
struct Pen<'a> {
    buf: &'a mut Buffer,
    area: Rect,
    scroll: usize,
}

impl Pen<'_> {
    /// Writes `text` cut to `max` columns at column `x` of picture row `y`.
    fn text(&mut self, x: u16, y: usize, text: &str, max: usize, style: Style) {
        if y < self.scroll || y - self.scroll >= usize::from(self.area.height) || x >= self.area.width {
            return;
        }
        let max = max.min(usize::from(self.area.width - x));
        let row = self.area.y + (y - self.scroll) as u16;
        self.buf.set_stringn(self.area.x + x, row, text, max, style);
    }
}

/// The centre's box: its kind and name, highlighted when the cursor is on it.
fn draw_centre(app: &App, h: &HoodState, pen: &mut Pen) {
    let (t, g) = (app.theme(), app.glyphs());
    let e = app.dataset().get(h.hood.centre);
    let room = usize::from(pen.area.width).saturating_sub(4).max(1);
    let name = fit(&inert(&e.name), room.saturating_sub(width(e.kind().badge()) + 1), g.ellipsis);
    let label = format!("{} {name}", e.kind().badge());
    let w = width(&label) + 4;
    let style = if h.cursor.is_none() { t.selected } else { t.title };
    let rule = g.rule.repeat(w.saturating_sub(2));
    pen.text(0, 0, &format!("{}{rule}{}", g.border.top_left, g.border.top_right), w, t.border_focus);
    pen.text(0, 1, g.border.vertical_left, 1, t.border_focus);
    pen.text(1, 1, &format!(" {label} "), w - 2, style);
    pen.text(w as u16 - 1, 1, g.border.vertical_right, 1, t.border_focus);
    pen.text(0, 2, &format!("{}{rule}{}", g.border.bottom_left, g.border.bottom_right), w, t.border_focus);
    if !h.groups.is_empty() {
        pen.text(TRUNK_X, 2, g.joints[0], 1, t.border_focus);
    }
}

/// The trunk down from the centre and, above each row of boxes, the line
/// from the trunk to each box of the row.
fn draw_lines(app: &App, boxes: &[crate::app::Placed], pen: &mut Pen) {
    let (t, g) = (app.theme(), app.glyphs());
    let style = t.border_focus;
    let mut tops: Vec<usize> = boxes.iter().map(|b| b.y).collect();
    tops.dedup();
    let last = tops.last().copied().unwrap_or(CENTRE_ROWS + 1);
    for y in CENTRE_ROWS..last - 1 {
        pen.text(TRUNK_X, y, g.border.vertical_left, 1, style);
    }
    for &top in &tops {
        let bus = top - 1;
        let row: Vec<&crate::app::Placed> = boxes.iter().filter(|b| b.y == top).collect();
        let end = row.last().map_or(TRUNK, |b| b.x + 1);
        pen.text(TRUNK_X, bus, if top == last { g.joints[3] } else { g.joints[2] }, 1, style);
        let rule = g.rule.repeat(usize::from(end.saturating_sub(TRUNK_X + 1)));
        pen.text(TRUNK_X + 1, bus, &rule, width(&rule), style);
        for b in &row {
            let joint = if b.x + 1 == end { g.border.top_right } else { g.joints[0] };
            pen.text(b.x + 1, bus, joint, 1, style);
        }
    }
}

/// One group's box: its relation and size as the title, a row per entry.
fn draw_box(app: &App, ds: &Dataset, h: &HoodState, b: &crate::app::Placed, pen: &mut Pen) {
    let (t, g) = (app.theme(), app.glyphs());
    let (relation, rows) = &h.groups[b.group];
    let group = &h.hood.groups[b.group];
    let w = usize::from(b.w);
    let inner = w.saturating_sub(2);
    // Top border: a joint where the line comes in, then the title.
    let count = group.members.len() + group.more;
    let title = fit(&format!(" {relation} {count} "), inner.saturating_sub(3), g.ellipsis);
    let fill = g.rule.repeat(inner.saturating_sub(2 + width(&title)));
    let top = format!("{}{}{}{title}{fill}{}", g.border.top_left, g.joints[1], g.rule, g.border.top_right);
    pen.text(b.x, b.y, &top, w, t.border_focus);
    let bottom = format!("{}{}{}", g.border.bottom_left, g.rule.repeat(inner), g.border.bottom_right);
    pen.text(b.x, b.y + b.h - 1, &bottom, w, t.border_focus);
    for y in b.y + 1..b.y + b.h - 1 {
        pen.text(b.x, y, g.border.vertical_left, 1, t.border_focus);
        pen.text(b.x + b.w - 1, y, g.border.vertical_right, 1, t.border_focus);
    }
    let room = inner.saturating_sub(2);
    for (i, row) in rows.iter().enumerate() {
        let y = b.y + 1 + i;
        let selected = h.cursor == Some((b.group, i));
        let base = if selected { t.selected } else { t.text };
        let dim = if selected { t.selected } else { t.dim };
        let spans: Vec<(String, Style)> = match *row {
            HoodRow::Near(e) => {
                let x = ds.get(e);
                let badge = format!("{} ", x.kind().badge());
                let name = fit(&inert(&x.name), room.saturating_sub(width(&badge)), g.ellipsis);
                vec![(badge, dim), (name, base)]
            }
            HoodRow::Far(e, relation) => {
                let lead = format!(" {} ", g.joints[4]);
                let name = inert(&ds.get(e).name).into_owned();
                // The relation only where the whole name still fits beside it.
                let rel = format!("  {relation}");
                let rel = if width(&lead) + width(&name) + width(&rel) <= room { rel } else { String::new() };
                let name = fit(&name, room.saturating_sub(width(&lead) + width(&rel)), g.ellipsis);
                vec![(lead, dim), (name, base), (rel, dim)]
            }
            HoodRow::More(n) => vec![(format!("+{n} more"), dim)],
            HoodRow::FarMore(n) => vec![(format!("   +{n} more"), dim)],
        };
        // The whole row takes the cursor's colour, so the cursor reads as a bar.
        pen.text(b.x + 1, y, &" ".repeat(inner), inner, base);
        let mut x = b.x + 2;
        for (text, style) in spans {
            let used = width(&text).min(room);
            pen.text(x, y, &text, room.saturating_sub(usize::from(x - b.x - 2)), style);
            x += used as u16;
        }
    }
}
