//! The speaker view: what a presenter reads on a second screen (`ssh
//! notes@host`): the tour's step, its note and caption, what comes next,
//! time on the step and in all, and who is watching from where. Drawn from a
//! plain [`SpeakerView`], which the SSH runtime fills in; nothing here is
//! ever drawn in another session.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use crate::app::theme::{Glyphs, Theme};
use crate::text::sanitize::{inert, inert_multiline};
use crate::text::{fit, wrap};

/// A step's note wrapped to `cols`, made inert, or a line saying there is none
/// (the speaker view and the notes panel draw notes alike).
pub(super) fn note_lines(note: Option<&str>, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    match note {
        Some(note) => inert_multiline(note)
            .lines()
            .flat_map(|para| wrap(para, cols.max(1)))
            .map(|l| Line::from(Span::styled(l, theme.text)))
            .collect(),
        None => vec![Line::from(Span::styled("(no note for this step)", theme.dim))],
    }
}

/// Everything the speaker view shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerView {
    /// The step being presented, if a tour runs.
    pub step: Option<StepView>,
    /// Why there is nothing to show yet (no presenter with this key, no tour).
    pub waiting: Option<String>,
    /// The viewers.
    pub roster: Vec<RosterRow>,
}

/// A tour's current step, for its presenter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepView {
    /// The tour's title.
    pub tour: String,
    /// 1-based.
    pub number: usize,
    /// Steps in all.
    pub steps: usize,
    /// The step's title.
    pub title: String,
    /// The presenter's note.
    pub note: Option<String>,
    /// What the audience reads.
    pub caption: Option<String>,
    /// The next step's title.
    pub next: Option<String>,
    /// Time on this step.
    pub on_step: Duration,
    /// Time since the tour started.
    pub in_all: Duration,
}

/// One viewer in the roster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterRow {
    /// From the key's comment, else a fingerprint prefix.
    pub name: String,
    /// "following", "roaming", "presenting".
    pub status: String,
    /// Where it is.
    pub place: String,
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

fn boxed<'a>(title: String, theme: &Theme, glyphs: &Glyphs) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Plain)
        .border_set(glyphs.border)
        .border_style(theme.border_focus)
        .title(Line::from(Span::styled(title, theme.title)))
}

/// Draws the speaker view.
pub fn draw(view: &SpeakerView, theme: &Theme, glyphs: &Glyphs, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.text);
    let roster_h = (view.roster.len() as u16 + 2).min(area.height / 3).max(3).min(area.height);
    let notes = Rect::new(area.x, area.y, area.width, area.height - roster_h);
    let roster = Rect::new(area.x, area.y + notes.height, area.width, roster_h);
    let block = boxed(" Speaker notes (q quits) ".into(), theme, glyphs);
    let inner = block.inner(notes);
    block.render(notes, buf);
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    match (&view.step, &view.waiting) {
        (Some(s), _) => {
            // The clocks first: the tour's title is what may be cut.
            let head = format!(
                "step {}/{} · {} on this step · {} in all · {}",
                s.number,
                s.steps,
                clock(s.on_step),
                clock(s.in_all),
                inert(&s.tour)
            );
            lines.push(Line::from(Span::styled(fit(&head, cols, glyphs.ellipsis), theme.dim)));
            lines.push(Line::from(Span::styled(
                fit(&format!("{} {}", glyphs.pointer, inert(&s.title)), cols, glyphs.ellipsis),
                theme.title,
            )));
            if let Some(c) = &s.caption {
                lines.push(Line::from(Span::styled(
                    fit(&format!("audience reads: {}", inert(c)), cols, glyphs.ellipsis),
                    theme.key,
                )));
            }
            lines.push(Line::default());
            lines.extend(note_lines(s.note.as_deref(), cols, theme));
            lines.push(Line::default());
            let next = match &s.next {
                Some(n) => format!("next: {}", inert(n)),
                None => "the last step".to_string(),
            };
            lines.push(Line::from(Span::styled(fit(&next, cols, glyphs.ellipsis), theme.dim)));
        }
        (None, Some(why)) => lines.push(Line::from(Span::styled(fit(why, cols, glyphs.ellipsis), theme.dim))),
        (None, None) => {}
    }
    for (i, line) in lines.into_iter().take(usize::from(inner.height)).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
    }
    let block = boxed(format!(" Viewers ({}) ", view.roster.len()), theme, glyphs);
    let inner = block.inner(roster);
    block.render(roster, buf);
    let cols = usize::from(inner.width);
    let name_w = view.roster.iter().map(|r| crate::text::width(&r.name)).max().unwrap_or(0).min(cols / 3);
    for (i, r) in view.roster.iter().take(usize::from(inner.height)).enumerate() {
        let text = format!(
            "{}  {:<10}  {}",
            crate::text::pad(&inert(&r.name), name_w, glyphs.ellipsis),
            r.status,
            inert(&r.place)
        );
        buf.set_stringn(inner.x, inner.y + i as u16, fit(&text, cols, glyphs.ellipsis), cols, theme.text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::theme::ThemeName;

    #[test]
    fn shows_the_step_note_next_and_roster() {
        let view = SpeakerView {
            step: Some(StepView {
                tour: "A tour".into(),
                number: 3,
                steps: 9,
                title: "The case".into(),
                note: Some("Not a lawsuit.\nAn administrative ruling.".into()),
                caption: Some("January 2023".into()),
                next: Some("Made public".into()),
                on_step: Duration::from_secs(83),
                in_all: Duration::from_secs(725),
            }),
            waiting: None,
            roster: vec![RosterRow { name: "alice".into(), status: "roaming".into(), place: "Xiaomi".into() }],
        };
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        draw(&view, &Theme::new(ThemeName::Mono), &Glyphs::UNICODE, area, &mut buf);
        let text: String =
            (0..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect();
        for want in [
            "step 3/9 · 01:23 on this step · 12:05 in all · A tour",
            "The case",
            "audience reads: January 2023",
            "Not a lawsuit.",
            "An administrative ruling.",
            "next: Made public",
            "Viewers (1)",
            "alice",
            "roaming",
            "Xiaomi",
        ] {
            assert!(text.contains(want), "{want:?} missing:\n{text}");
        }
    }
}
