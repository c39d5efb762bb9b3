//! The tour picker: every tour of the data with its number of steps, the
//! running one marked, and a row to end it; and the running tour's step
//! list, to jump to a step.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::pick::{self, Row};
use crate::app::App;
use crate::text::sanitize::inert;

/// Draws the picker or the step list over the screen, while one is open.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let style = (app.theme(), app.glyphs());
    if let Some(selected) = app.step_list()
        && let Some((tour, current)) = app.tour()
    {
        let rows = pick::step_rows(tour.steps.iter().map(|s| s.title.as_str()), current);
        pick::draw(style, area, "Steps (Enter jumps, Esc closes)", &rows, selected, buf);
        return;
    }
    let Some(selected) = app.tour_picker() else { return };
    let running = app.tour().map(|(tour, _)| tour.id.as_str());
    let mut rows: Vec<Row> = app
        .dataset()
        .tours()
        .iter()
        .map(|tour| {
            let on = if running == Some(tour.id.as_str()) { "  (running)" } else { "" };
            Row { text: format!("{}  · {} steps{on}", inert(&tour.title), tour.steps.len()), quiet: false }
        })
        .collect();
    if running.is_some() {
        rows.push(Row { text: "End the tour".to_string(), quiet: true });
    }
    pick::draw(style, area, "Present a tour (Enter starts, Esc closes)", &rows, selected, buf);
}
