//! The status bar: the keys that matter in the current mode (from the keymap
//! table), the position in the list, and one-off notices. On the timeline the
//! category toggles show whether each kind of item is on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Span;

use crate::app::action::Action;
use crate::app::keymap::{Binding, Mode, for_mode};
use crate::app::{App, Role, View};
use crate::text::sanitize::inert;
use crate::text::{fit, width};

/// Draws the caption band: what was just done (or what the presenter did),
/// wrapped to its rows, after a pointer.
pub fn draw_caption(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme();
    buf.set_style(area, t.status);
    for (i, line) in app.caption_lines().iter().take(usize::from(area.height)).enumerate() {
        let lead = if i == 0 { app.glyphs().pointer } else { " " };
        let spans = vec![Span::styled(format!(" {lead} "), t.key), Span::styled(line.clone(), t.status)];
        super::put_line(buf, area.x, area.y + i as u16, spans, area.width);
    }
}

/// Draws the status bar.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme();
    buf.set_style(area, t.status);
    let right = match app.message() {
        Some(m) => Span::styled(format!(" {} ", inert(m)), t.notice),
        None => {
            let (n, total) = if *app.view() == View::Timeline {
                let st = app.timeline_state();
                (st.selected, st.picked.len())
            } else if let Some(h) = app.hood_view() {
                h.position()
            } else {
                (app.list().selected, app.list().rows.len())
            };
            let pos = if total == 0 { "0/0".to_string() } else { format!("{}/{total}", n + 1) };
            let marks = match app.marks().len() {
                0 => String::new(),
                k => format!("{k} marked  "),
            };
            let demo = match app.presence() {
                None => String::new(),
                Some(p) => {
                    let who = match (p.role, app.presenter_place()) {
                        (Role::Presenter, _) => "presenting".to_string(),
                        (Role::Following, _) => "following".to_string(),
                        // Cut to a share of the bar, so "(f follows)" and the count stay in view.
                        (Role::Roaming, Some(place)) => {
                            let room = usize::from(area.width / 4).max(12);
                            format!(
                                "roaming · presenter: {} (f follows)",
                                fit(&inert(&place), room, app.glyphs().ellipsis)
                            )
                        }
                        (Role::Roaming, None) => "roaming (f follows)".to_string(),
                    };
                    let who = if app.presenter_away() && p.role != Role::Presenter {
                        format!("{who} · presenter away")
                    } else {
                        who
                    };
                    let v = if p.viewers == 1 { "viewer" } else { "viewers" };
                    let note = match (p.role, app.audience_note()) {
                        (Role::Presenter, Some(n)) => {
                            let room = usize::from(area.width / 4).max(12);
                            format!(" ({})", fit(&inert(n), room, app.glyphs().ellipsis))
                        }
                        _ => String::new(),
                    };
                    format!("{who} · {} {v}{note}  ", p.viewers)
                }
            };
            let style = if app.presence().is_some_and(|p| p.role == Role::Following) { t.key } else { t.dim };
            // The tour's step first; its title too on a wide screen; cut to half the bar.
            let tour = match app.tour() {
                Some((tour, step)) => {
                    let title = tour.steps.get(step).map(|s| inert(&s.title).into_owned()).unwrap_or_default();
                    let mut text = format!("step {}/{}: {title}", step + 1, tour.steps.len());
                    if area.width >= 140 {
                        text = format!("{} · {text}", inert(&tour.title));
                    }
                    format!("{}  ", fit(&text, usize::from(area.width / 2), app.glyphs().ellipsis))
                }
                None => String::new(),
            };
            // Redaction is always said: what is masked is masked on purpose.
            let redacted = if app.dataset().is_redacted() { "redacted  " } else { "" };
            Span::styled(format!(" {redacted}{tour}{demo}{marks}{pos} "), style)
        }
    };
    // The date lens is said whatever else is: everything on screen is as of that day.
    let lens = app.as_of().map(|d| Span::styled(format!(" as of {d} "), t.tab_active));
    let lens_w = lens.as_ref().map_or(0, |l| width(&l.content) as u16).min(area.width);
    if let Some(lens) = &lens {
        buf.set_span(area.x + area.width - lens_w, area.y, lens, lens_w);
    }
    let area = Rect { width: area.width - lens_w, ..area };
    // A long notice on a narrow screen is cut, never drawn past the edge.
    let right_w = u16::try_from(width(&right.content)).unwrap_or(u16::MAX).min(area.width);
    let room = area.width.saturating_sub(right_w + 1);
    let mode = app.mode();
    let mut spans = Vec::new();
    // With the key cast on, the left shows the last keys pressed, not the hints.
    if let Some((_, keys)) = app.caption_line().filter(|(_, keys)| !keys.is_empty())
        && matches!(mode, Mode::List | Mode::Detail | Mode::Timeline)
    {
        let n = keys.len();
        for (i, k) in keys.iter().enumerate() {
            // Older keys fade: only the newest is bright.
            let style = if i + 1 == n { t.key } else { t.dim };
            spans.push(Span::styled(format!(" {k} "), style));
        }
        super::put_line(buf, area.x, area.y, spans, room);
        buf.set_span(area.x + area.width - right_w, area.y, &right, right_w);
        return;
    }
    if mode == Mode::Filter {
        spans.push(Span::styled(" filter ", t.tab_active));
    }
    if let Some(input) = app.as_of_input() {
        spans.push(Span::styled(" as of ", t.tab_active));
        spans.push(Span::styled(format!(" {}▏ ", inert(input)), t.key));
    }
    // The mode's own keys first, then those shared with other modes.
    let mut hinted: Vec<&Binding> = for_mode(mode).filter(|b| b.hint.is_some()).collect();
    hinted.sort_by_key(|b| b.modes.len());
    for b in hinted {
        let keys =
            b.label.map(str::to_string).unwrap_or_else(|| b.keys.first().map(|k| k.to_string()).unwrap_or_default());
        let mut key_style = t.key;
        let mut text_style = t.status;
        if let Action::ToggleCategory(c) = (b.action)(&b.keys[0])
            && !app.timeline_state().categories.contains(&c)
        {
            key_style = t.dim.add_modifier(Modifier::CROSSED_OUT);
            text_style = key_style;
        }
        spans.push(Span::styled(format!(" {keys}"), key_style));
        spans.push(Span::styled(format!(" {}", b.hint.unwrap_or_default()), text_style));
    }
    // Drop hints from the end until they fit.
    while spans.iter().map(|s| width(&s.content)).sum::<usize>() > usize::from(room) && spans.len() > 2 {
        spans.truncate(spans.len() - 2);
    }
    super::put_line(buf, area.x, area.y, spans, room);
    buf.set_span(area.x + area.width - right_w, area.y, &right, right_w);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::app::Options;
    use crate::app::msg::Msg;
    use crate::data::load::{DataSource, load};

    #[test]
    fn a_notice_wider_than_the_screen_is_cut() {
        let ds = Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap());
        let mut app = App::new(ds, Options::default(), 12, 24);
        let _ = app.update(Msg::Notice("copied a-very-long-entity-id-indeed".into()));
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        draw(&app, area, &mut buf);
        let row: String = (0..12).map(|x| buf[(x, 0)].symbol().to_string()).collect();
        assert!(row.contains("copied"), "{row:?}");
    }
}
