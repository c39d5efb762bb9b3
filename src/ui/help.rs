//! The help overlay, drawn from the keymap table itself, so it lists exactly
//! what the keys do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::App;
use crate::app::keymap::{BINDINGS, Mode, group_title};
use crate::text::{fit, pad};

/// The help text as (keys, description) rows, grouped by where the keys
/// work, each group under a heading row (keys empty). Drawn from the keymap.
pub fn rows() -> Vec<(String, String)> {
    type Group = (&'static [Mode], Vec<(String, String)>);
    let mut groups: Vec<Group> = Vec::new();
    for b in BINDINGS.iter() {
        let row = (b.keys_text(), b.help.to_string());
        match groups.iter_mut().find(|(m, _)| *m == b.modes) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((b.modes, vec![row])),
        }
    }
    let mut out = Vec::new();
    for (modes, rows) in groups {
        out.push((String::new(), group_title(modes).to_string()));
        out.extend(rows);
    }
    out.push((String::new(), "Mouse".into()));
    out.push(("click".into(), "select a row, a link or a tab".into()));
    out.push(("wheel".into(), "scroll the pane under the pointer".into()));
    out
}

/// Draws the help overlay.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let w = area.width.saturating_sub(4).min(76);
    let h = area.height.saturating_sub(2);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let inner = super::popup(app, rect, "Keys (Esc closes)", buf);
    let rows = rows();
    let max_scroll = rows.len().saturating_sub(usize::from(inner.height));
    let scroll = app.help_scroll().unwrap_or(0).min(max_scroll);
    let widest = rows.iter().map(|(k, _)| crate::text::width(k)).max().unwrap_or(0) + 2;
    let key_w = widest.min(usize::from(inner.width) / 2);
    for (i, (keys, text)) in rows.iter().skip(scroll).take(usize::from(inner.height)).enumerate() {
        let y = inner.y + i as u16;
        let spans = if keys.is_empty() {
            vec![Span::styled(format!(" {text}"), t.title)]
        } else {
            vec![
                Span::styled(format!("  {}", pad(keys, key_w, app.glyphs().ellipsis)), t.key),
                Span::styled(
                    fit(text, usize::from(inner.width).saturating_sub(key_w + 3), app.glyphs().ellipsis),
                    t.text,
                ),
            ]
        };
        super::put_line(buf, inner.x, y, spans, inner.width);
    }
}
