//! The speaker view: what a presenter reads on a second screen (`ssh
//! notes@host`): the wall clock, the tour's step with the time on it and in
//! all against the tour's budget, the step's note, what the audience reads
//! now and will read next, who is watching from where, and the step list
//! to jump from. Drawn from a plain [`SpeakerView`], which the SSH runtime
//! fills in; nothing here is ever drawn in another session.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use crate::app::action::Action;
use crate::app::keymap::{Mode, key_for};
use crate::app::theme::{Glyphs, Theme};
use crate::data::pace::{Pace, clock};
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
    /// The wall clock (`14:05`).
    pub clock: String,
    /// The step being presented, if a tour runs.
    pub step: Option<StepView>,
    /// Why there is nothing to show yet (no presenter with this key, no tour).
    pub waiting: Option<String>,
    /// A line to tell the speaker (a move refused, the presenter away).
    pub notice: Option<String>,
    /// The step list, while it is open.
    pub list: Option<StepList>,
    /// The viewers, one row per person.
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
    /// What the audience will read at the next step.
    pub next_caption: Option<String>,
    /// Time on this step.
    pub on_step: Duration,
    /// Time since the tour started.
    pub in_all: Duration,
    /// The time against the tour's budget.
    pub pace: Pace,
}

/// The step list: every step's title, the current one marked, one chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepList {
    /// Each step's title.
    pub titles: Vec<String>,
    /// The step the tour stands on.
    pub current: usize,
    /// The chosen row.
    pub selected: usize,
}

/// One person in the roster.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterRow {
    /// From the key's comment, else a fingerprint prefix.
    pub name: String,
    /// How many sessions they have open.
    pub sessions: usize,
    /// "following", "roaming", or a mix.
    pub status: String,
    /// Where they are.
    pub place: String,
}

fn boxed<'a>(title: String, theme: &Theme, glyphs: &Glyphs) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Plain)
        .border_set(glyphs.border)
        .border_style(theme.border_focus)
        .title(Line::from(Span::styled(title, theme.title)))
}

/// `01:23`, or `01:23 of 03:00` against a budget.
fn against(d: Duration, budget: Option<Duration>) -> String {
    match budget {
        Some(b) => format!("{} of {}", clock(d), clock(b)),
        None => clock(d),
    }
}

/// The keys the view's title names, from the keymap.
fn keys_title() -> String {
    let k = |a: Action| key_for(Mode::Speaker, &a).unwrap_or_default();
    format!(
        " Speaker view · {} next · {} back · {} steps · {} quits ",
        k(Action::NextStep),
        k(Action::PrevStep),
        k(Action::OpenSteps),
        k(Action::Quit)
    )
}

/// The lines of the notes box for a step.
fn step_lines(s: &StepView, clock_now: &str, cols: usize, theme: &Theme, glyphs: &Glyphs) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    let wrapped = |lines: &mut Vec<Line<'static>>, text: String, style| {
        lines.extend(wrap(&text, cols.max(1)).into_iter().map(|l| Line::from(Span::styled(l, style))));
    };
    // The clocks first, then the pace, wrapped rather than cut.
    let pace = s.pace.words().map(|p| format!(" · {p}")).unwrap_or_default();
    let head = format!(
        "{clock_now} · step {}/{}{pace} · {} on this step · {} in all · {}",
        s.number,
        s.steps,
        against(s.on_step, s.pace.step),
        against(s.in_all, s.pace.tour),
        inert(&s.tour)
    );
    wrapped(&mut lines, head, theme.dim);
    lines.push(Line::from(Span::styled(
        fit(&format!("{} {}", glyphs.pointer, inert(&s.title)), cols, glyphs.ellipsis),
        theme.title,
    )));
    if let Some(c) = &s.caption {
        wrapped(&mut lines, format!("audience reads: {}", inert(c)), theme.key);
    }
    lines.push(Line::default());
    lines.extend(note_lines(s.note.as_deref(), cols, theme));
    lines.push(Line::default());
    match &s.next {
        Some(n) => {
            lines.push(Line::from(Span::styled(fit(&format!("next: {}", inert(n)), cols, glyphs.ellipsis), theme.dim)));
            if let Some(c) = &s.next_caption {
                wrapped(&mut lines, format!("then the audience reads: {}", inert(c)), theme.dim);
            }
        }
        None => lines.push(Line::from(Span::styled("the last step", theme.dim))),
    }
    lines
}

/// Draws the speaker view.
pub fn draw(view: &SpeakerView, theme: &Theme, glyphs: &Glyphs, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.text);
    let roster_h = (view.roster.len() as u16 + 2).min(area.height / 3).max(3).min(area.height);
    let notes = Rect::new(area.x, area.y, area.width, area.height - roster_h);
    let roster = Rect::new(area.x, area.y + notes.height, area.width, roster_h);
    let block = boxed(keys_title(), theme, glyphs);
    let inner = block.inner(notes);
    block.render(notes, buf);
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(n) = &view.notice {
        lines.push(Line::from(Span::styled(fit(&inert(n), cols, glyphs.ellipsis), theme.notice)));
    }
    match (&view.step, &view.waiting) {
        (Some(s), _) => lines.extend(step_lines(s, &view.clock, cols, theme, glyphs)),
        (None, Some(why)) => {
            let text = format!("{} · {why}", view.clock);
            lines.push(Line::from(Span::styled(fit(&text, cols, glyphs.ellipsis), theme.dim)));
        }
        (None, None) => {}
    }
    for (i, line) in lines.into_iter().take(usize::from(inner.height)).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, &line, inner.width);
    }
    let people: usize = view.roster.iter().map(|r| r.sessions).sum();
    // People, and their sessions when some have several.
    let title = match (view.roster.len(), people) {
        (n, s) if n == s => format!(" Viewers ({n}) "),
        (n, s) => format!(" Viewers ({n}, {s} sessions) "),
    };
    let block = boxed(title, theme, glyphs);
    let inner = block.inner(roster);
    block.render(roster, buf);
    let cols = usize::from(inner.width);
    let name_w = view.roster.iter().map(|r| crate::text::width(&r.name)).max().unwrap_or(0).min(cols / 3);
    for (i, r) in view.roster.iter().take(usize::from(inner.height)).enumerate() {
        // A person with several sessions open is one row, with the count.
        let count = if r.sessions > 1 { format!("×{}", r.sessions) } else { String::new() };
        let text = format!(
            "{} {count:<3} {:<10}  {}",
            crate::text::pad(&inert(&r.name), name_w, glyphs.ellipsis),
            r.status,
            inert(&r.place)
        );
        buf.set_stringn(inner.x, inner.y + i as u16, fit(&text, cols, glyphs.ellipsis), cols, theme.text);
    }
    if let Some(list) = &view.list {
        let rows = super::pick::step_rows(list.titles.iter().map(String::as_str), list.current);
        let title = "Jump to a step (Enter jumps, Esc closes)";
        super::pick::draw((theme, glyphs), area, title, &rows, list.selected, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::theme::ThemeName;

    fn text(view: &SpeakerView, w: u16, h: u16) -> String {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        draw(view, &Theme::new(ThemeName::Mono), &Glyphs::UNICODE, area, &mut buf);
        (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>() + "\n").collect()
    }

    fn view() -> SpeakerView {
        let min = |m: u64| Some(Duration::from_secs(m * 60));
        SpeakerView {
            clock: "14:05".into(),
            step: Some(StepView {
                tour: "A tour".into(),
                number: 3,
                steps: 9,
                title: "The case".into(),
                note: Some("Not a lawsuit.\nAn administrative ruling.".into()),
                caption: Some("January 2023: Huawei asks China's patent office (CNIPA) to rule on four patents".into()),
                next: Some("Made public".into()),
                next_caption: Some("March 2023: the case is public".into()),
                on_step: Duration::from_secs(83),
                in_all: Duration::from_secs(725),
                pace: Pace::at(&[min(2), min(3), min(3)], 2, Duration::from_secs(83), Duration::from_secs(725)),
            }),
            roster: vec![
                RosterRow { name: "alice".into(), sessions: 2, status: "roaming".into(), place: "Xiaomi".into() },
                RosterRow { name: "bob".into(), sessions: 1, status: "following".into(), place: "Huawei".into() },
            ],
            ..SpeakerView::default()
        }
    }

    #[test]
    fn shows_the_clocks_the_pace_the_step_what_comes_next_and_the_roster() {
        let text = text(&view(), 80, 24);
        for want in [
            "14:05 · step 3/9 · 05:42 behind · 01:23 of 03:00 on this step · 12:05 of 08:00",
            "in all · A tour",
            "The case",
            "audience reads: January 2023: Huawei asks China's patent office (CNIPA) to",
            "rule on four patents",
            "Not a lawsuit.",
            "An administrative ruling.",
            "next: Made public",
            "then the audience reads: March 2023: the case is public",
            "Viewers (2, 3 sessions)",
            "alice ×2  roaming     Xiaomi",
            "bob       following   Huawei",
            "PgDn next · PgUp back · s steps · q quits",
        ] {
            assert!(text.contains(want), "{want:?} missing:\n{text}");
        }
    }

    #[test]
    fn the_step_list_marks_the_current_step() {
        let mut v = view();
        v.list = Some(StepList { titles: vec!["One".into(), "Two".into(), "Three".into()], current: 2, selected: 0 });
        let text = text(&v, 80, 24);
        assert!(text.contains("▶  1. One"), "{text}");
        assert!(text.contains(" 3. Three  (now)"), "{text}");
    }
}
