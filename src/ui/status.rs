//! The status bar: the keys that matter in the current mode (from the keymap
//! table), the position in the list, and one-off notices.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::App;
use crate::keymap::{Mode, for_mode};
use crate::sanitize::inert;
use crate::text::width;

/// Draws the status bar.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    buf.set_style(area, t.status);
    let right = match app.message() {
        Some(m) => Span::styled(format!(" {} ", inert(m)), t.notice),
        None => {
            let l = app.list();
            let pos =
                if l.rows.is_empty() { "0/0".to_string() } else { format!("{}/{}", l.selected + 1, l.rows.len()) };
            Span::styled(format!(" {pos} "), t.dim)
        }
    };
    let right_w = width(&right.content) as u16;
    let room = area.width.saturating_sub(right_w + 1);
    let mut spans = Vec::new();
    if app.mode() == Mode::Filter {
        spans.push(Span::styled(" filter ", t.tab_active));
    }
    for b in for_mode(app.mode()).filter(|b| b.hint.is_some()) {
        let keys = b.keys.first().map(|k| k.to_string()).unwrap_or_default();
        let keys = b.label.map(str::to_string).unwrap_or(keys);
        spans.push(Span::styled(format!(" {keys}"), t.key));
        spans.push(Span::styled(format!(" {}", b.hint.unwrap_or_default()), t.status));
    }
    // Drop hints from the end until they fit.
    while spans.iter().map(|s| width(&s.content)).sum::<usize>() > usize::from(room) && spans.len() > 2 {
        spans.truncate(spans.len() - 2);
    }
    super::put_line(buf, area.x, area.y, spans, room);
    buf.set_span(area.x + area.width - right_w, area.y, &right, right_w);
}
