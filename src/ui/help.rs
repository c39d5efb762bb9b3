//! The help overlay: the keymap table itself (laid out by `app::help`), so
//! it lists exactly what the keys do; paged like any pane, with where it is
//! (`12-35/110`) on its bottom border, and the section of the pane it was
//! opened from marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::help::{HelpLine, help_box};
use crate::text::sanitize::inert;
use crate::text::{fit, pad, width};

/// Draws the help overlay.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let g = app.glyphs();
    let rect = help_box(area.width, area.height);
    let rect = Rect { x: area.x + rect.x, y: area.y + rect.y, ..rect };
    let view = app.help().cloned().unwrap_or_default();
    let title = if view.typing || !view.filter.is_empty() {
        let cursor = if view.typing { "▏" } else { "" };
        format!("Keys: /{}{cursor} (Esc clears)", fit(&inert(&view.filter), usize::from(rect.width / 2), g.ellipsis))
    } else {
        "Keys (/ filters, Esc closes)".to_string()
    };
    let inner = super::popup(app, rect, &title, buf);
    let (mut lines, key_w) = app.help_lines();
    let total = lines.len();
    if lines.is_empty() {
        lines.push(HelpLine::Heading { title: "no key's help has that: Esc clears the filter".into(), home: false });
    }
    let page = usize::from(inner.height);
    let scroll = view.scroll.min(lines.len().saturating_sub(page));
    for (i, line) in lines.iter().skip(scroll).take(page).enumerate() {
        let spans = match line {
            HelpLine::Heading { title, home: true } => {
                vec![Span::styled(format!(" {title} "), t.tab_active), Span::styled(" (where you were)", t.dim)]
            }
            HelpLine::Heading { title, .. } if total == 0 => vec![Span::styled(format!(" {title}"), t.dim)],
            HelpLine::Heading { title, .. } => vec![Span::styled(format!(" {title}"), t.title)],
            HelpLine::Keys { keys, text } => vec![
                Span::styled(format!("  {}", pad(keys, key_w, g.ellipsis)), t.key),
                Span::styled(text.clone(), t.text),
            ],
        };
        super::put_line(buf, inner.x, inner.y + i as u16, spans, inner.width);
    }
    // Where the page is, as the detail pane says it: first-last/all.
    if total > 0 {
        let end = (scroll + page).min(total);
        let pos = format!(" {}-{end}/{total} ", scroll + 1);
        let x = rect.x + rect.width.saturating_sub(width(&pos) as u16 + 2);
        buf.set_line(x, rect.y + rect.height - 1, &Line::from(Span::styled(pos, t.dim)), rect.width);
    }
}
