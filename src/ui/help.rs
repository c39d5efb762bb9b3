//! The help overlay, drawn from the keymap table itself, so it lists exactly
//! what the keys do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::App;
use crate::app::keymap::{BINDINGS, Mode, group_title};
use crate::text::find::occurrences;
use crate::text::sanitize::inert;
use crate::text::{fit, pad, width, wrap};

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
    out.push(("click".into(), "select a row, a link or a tab; click it again to open it".into()));
    out.push(("wheel".into(), "scroll the pane under the pointer".into()));
    out
}

/// The rows whose keys or text hold `filter` (any case), each under its
/// group's heading.
pub fn filtered(rows: Vec<(String, String)>, filter: &str) -> Vec<(String, String)> {
    let filter = filter.trim();
    if filter.is_empty() {
        return rows;
    }
    let has = |t: &str| !occurrences(t, filter).is_empty();
    let mut out = Vec::new();
    let mut heading: Option<(String, String)> = None;
    for row in rows {
        if row.0.is_empty() {
            heading = Some(row);
        } else if has(&row.0) || has(&row.1) {
            out.extend(heading.take());
            out.push(row);
        }
    }
    out
}

/// Draws the help overlay.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let g = app.glyphs();
    let w = area.width.saturating_sub(4).min(96);
    let h = area.height.saturating_sub(2);
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + 1, w, h);
    let view = app.help().cloned().unwrap_or_default();
    let title = if view.typing || !view.filter.is_empty() {
        let cursor = if view.typing { "▏" } else { "" };
        format!("Keys: /{}{cursor} (Esc clears)", fit(&inert(&view.filter), usize::from(w / 2), g.ellipsis))
    } else {
        "Keys (/ filters, Esc closes)".to_string()
    };
    let inner = super::popup(app, rect, &title, buf);
    let rows = filtered(rows(), &view.filter);
    let widest = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0) + 2;
    let key_w = widest.min(usize::from(inner.width) / 3);
    let text_w = usize::from(inner.width).saturating_sub(key_w + 3).max(8);
    // Every row whole: long keys and long help wrap onto more lines.
    let mut lines: Vec<Vec<Span>> = Vec::new();
    for (keys, text) in &rows {
        if keys.is_empty() {
            lines.push(vec![Span::styled(format!(" {text}"), t.title)]);
            continue;
        }
        let key_lines = wrap(keys, key_w.saturating_sub(1).max(4));
        let text_lines = wrap(text, text_w);
        for i in 0..key_lines.len().max(text_lines.len()) {
            let k = key_lines.get(i).map_or("", String::as_str);
            let d = text_lines.get(i).map_or(String::new(), Clone::clone);
            lines.push(vec![Span::styled(format!("  {}", pad(k, key_w, g.ellipsis)), t.key), Span::styled(d, t.text)]);
        }
    }
    if lines.is_empty() {
        lines.push(vec![Span::styled(" no key's help has that: Esc clears the filter", t.dim)]);
    }
    let max_scroll = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = view.scroll.min(max_scroll);
    for (i, spans) in lines.into_iter().skip(scroll).take(usize::from(inner.height)).enumerate() {
        super::put_line(buf, inner.x, inner.y + i as u16, spans, inner.width);
    }
}
