//! The speaker notes panel on this screen (`S`): the tour step's note and
//! the next step's title, over the lower part of the screen. Over SSH the
//! speaker view (`ssh notes@host`) shows them on a second screen instead.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::action::Action;
use crate::app::keymap::{self, Mode};
use crate::text::fit;
use crate::text::sanitize::inert;

/// Draws the panel, while it is open and a tour runs.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let Some((step, next)) = app.notes_panel() else { return };
    let t = app.theme();
    let g = app.glyphs();
    let h = (area.height / 3).max(6).min(area.height.saturating_sub(2));
    let rect = Rect::new(area.x, area.y + area.height.saturating_sub(h + 1), area.width, h);
    let key = keymap::key_for(Mode::List, &Action::ToggleNotes).unwrap_or_default();
    let inner = super::popup(app, rect, &format!("Notes: {} ({key} hides)", inert(&step.title)), buf);
    let cols = usize::from(inner.width).max(1);
    let mut lines = super::speaker::note_lines(step.note.as_deref(), cols, t);
    let next = next.map_or("the last step".to_string(), |n| format!("next: {}", inert(n)));
    let room = usize::from(inner.height);
    lines.truncate(room.saturating_sub(1));
    lines.push(Line::from(Span::styled(fit(&next, cols, g.ellipsis), t.dim)));
    for (i, line) in lines.iter().enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}
