//! The list of every error in the data on disk (`E`, while live reload keeps
//! the last good data): each error's `file:line:col`, then its message
//! wrapped, scrolled an error at a time, the top one (which `e` opens in
//! the editor) marked. Drawn like the help overlay.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::App;
use crate::text::{fit, wrap};

/// Draws the error list, when it is open and there are errors.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let (Some(scroll), Some(problem)) = (app.errors_scroll(), app.data_problem()) else {
        return;
    };
    let t = &app.theme();
    let g = app.glyphs();
    let w = area.width.saturating_sub(4).min(100);
    let h = area.height.saturating_sub(2);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    // Inside the border: the rows, one column of margin on the left.
    let (room_w, room_h) = (usize::from(w.saturating_sub(3)), usize::from(h.saturating_sub(2)));
    let n = problem.errors.len();
    let first = scroll.min(n.saturating_sub(1));
    let mut rows = Vec::new();
    let mut last = first;
    for (i, e) in problem.errors.iter().enumerate().skip(first) {
        if rows.len() >= room_h {
            break;
        }
        if !e.at.is_empty() {
            // The top one is what `e` opens.
            let lead = if i == first { g.pointer } else { " " };
            rows.push(Span::styled(fit(&format!("{lead} {}", e.at), room_w, g.ellipsis), t.label));
        }
        for line in wrap(&e.message, room_w.saturating_sub(2)) {
            rows.push(Span::styled(format!("  {line}"), t.text));
        }
        rows.push(Span::raw(""));
        last = i;
    }
    let title = format!("{}: {}-{last_shown} of {n}, Esc closes", problem.count(), first + 1, last_shown = last + 1);
    let title = fit(&title, usize::from(w.saturating_sub(4)), g.ellipsis);
    let inner = super::popup(app, rect, &title, buf);
    for (y, row) in (inner.y..inner.y + inner.height).zip(rows) {
        super::put_line(buf, inner.x + 1, y, vec![row], inner.width.saturating_sub(1));
    }
}
