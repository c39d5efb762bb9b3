//! The title line with the breadcrumb, and the kind tabs with counts.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::{App, View};
use crate::text::sanitize::inert;
use crate::text::{fit, width};

/// Draws the header row and the tabs row.
pub fn draw(app: &App, header: Rect, tabs: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let g = &app.glyphs();
    draw_tabs(app, tabs, buf);
    if let Some(problem) = app.data_problem() {
        // The data on disk broke: say so where every viewer looks first, with
        // how to see why; the first error follows where the width allows.
        let text = format!(
            " ! data invalid: {} {} E lists them (showing the last good data) {} {}",
            problem.count(),
            g.rule,
            g.sep,
            inert(&problem.headline())
        );
        buf.set_style(header, t.notice);
        buf.set_string(header.x, header.y, fit(&text, usize::from(header.width), g.ellipsis), t.notice);
        return;
    }
    let title = format!(" dealscope {} {} ", g.sep, inert(app.dataset().title()));
    let title = fit(&title, usize::from(header.width) / 2, g.ellipsis);
    let used = super::put_line(buf, header.x, header.y, vec![Span::styled(title, t.title)], header.width);

    // The breadcrumb, right-aligned; the oldest steps give way first.
    let room = usize::from(header.width.saturating_sub(used + 1));
    let steps: Vec<String> = app.breadcrumb().iter().map(|s| inert(s).into_owned()).collect();
    let mut shown: Vec<String> = Vec::new();
    let mut total = 0;
    for (i, s) in steps.iter().rev().enumerate() {
        let s = fit(s, 28, g.ellipsis);
        let w = width(&s) + if i == 0 { 0 } else { width(g.crumb) };
        if total + w + 2 > room {
            if i > 0 {
                shown.push(g.ellipsis.to_string());
            }
            break;
        }
        total += w;
        shown.push(s);
    }
    shown.reverse();
    let crumb = shown.join(g.crumb);
    let crumb = fit(&crumb, room.saturating_sub(1), g.ellipsis);
    let x = header.x + header.width.saturating_sub(width(&crumb) as u16 + 1);
    buf.set_string(x, header.y, &crumb, t.dim);
}

/// Draws the kind tabs with their counts, the timeline tab, and the label
/// of a view that is no tab.
fn draw_tabs(app: &App, tabs: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    let bar = app.tab_bar();
    for cell in &bar.cells {
        let active = match (app.view(), cell.kind) {
            (View::Kind(k), Some(c)) => *k == c,
            (View::Timeline, None) => true,
            _ => false,
        };
        let style = if active { t.tab_active } else { t.dim };
        if cell.x < tabs.width {
            buf.set_stringn(tabs.x + cell.x, tabs.y, &cell.label, usize::from(tabs.width - cell.x), style);
        }
    }
    if let Some((x, label)) = bar.label {
        buf.set_string(tabs.x + x, tabs.y, label, t.tab_active);
    }
}
