//! The tour picker: every tour of the data with its number of steps, the
//! running one marked, and a row to end it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::App;
use crate::text::fit;
use crate::text::sanitize::inert;

/// Draws the picker over the screen, while it is open.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(selected) = app.tour_picker() else { return };
    let t = app.theme();
    let g = app.glyphs();
    let tours = app.dataset().tours();
    let running = app.tour().map(|(tour, _)| tour.id.as_str());
    let mut rows: Vec<(String, bool)> = tours
        .iter()
        .map(|tour| {
            let on = if running == Some(tour.id.as_str()) { "  (running)" } else { "" };
            (format!("{}  · {} steps{on}", inert(&tour.title), tour.steps.len()), false)
        })
        .collect();
    if running.is_some() {
        rows.push(("End the tour".to_string(), true));
    }
    let w = area.width.saturating_sub(4).min(80);
    let h = (rows.len() as u16 + 2).min(area.height.saturating_sub(2)).max(3);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 2, w, h);
    let inner = super::popup(app, rect, "Present a tour (Enter starts, Esc closes)", buf);
    let offset = selected.saturating_sub(usize::from(inner.height).saturating_sub(1));
    for (i, (text, quiet)) in rows.iter().enumerate().skip(offset).take(usize::from(inner.height)) {
        let y = inner.y + (i - offset) as u16;
        let chosen = i == selected;
        let style = match (chosen, quiet) {
            (true, _) => t.selected,
            (false, true) => t.dim,
            (false, false) => t.text,
        };
        let pointer = if chosen { g.pointer } else { " " };
        let line = fit(&format!("{pointer} {text}"), usize::from(inner.width), g.ellipsis);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        super::put_line(buf, inner.x, y, vec![Span::styled(line, style)], inner.width);
    }
}
