//! The loading screen: shown while a big dataset loads, with a bar, the step
//! under way and how to quit. It draws from a `progress::Status` alone, since
//! there is no app yet.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::theme::{Glyphs, Theme};
use crate::data::progress::{Phase, Status, megabytes};
use crate::text::sanitize::inert;
use crate::text::{fit, width};

/// Draws the loading screen for `what` (the data path).
pub fn draw(what: &str, status: &Status, theme: &Theme, glyphs: &Glyphs, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.text);
    if area.width < 10 || area.height < 3 {
        buf.set_stringn(area.x, area.y, "loading…", usize::from(area.width), theme.text);
        return;
    }
    let cols = usize::from(area.width.saturating_sub(4)).min(70);
    let (phase, done, total) = status.get();
    let step = match phase {
        Phase::Parsing => format!("{} {} of {}", phase.label(), megabytes(done), megabytes(total)),
        p => p.label().to_string(),
    };
    let filled = ((status.fraction() * cols as f64).round() as usize).min(cols);
    let (full, empty) = if glyphs.ellipsis == "..." { ("#", "-") } else { ("█", "░") };
    let lines = [
        (fit(&format!("Loading {}", inert(what)), cols, glyphs.ellipsis), theme.title),
        (String::new(), theme.text),
        (format!("{}{}", full.repeat(filled), empty.repeat(cols - filled)), theme.key),
        (fit(&step, cols, glyphs.ellipsis), theme.dim),
        (String::new(), theme.text),
        ("q quits".to_string(), theme.dim),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    let left = area.x + area.width.saturating_sub(cols as u16) / 2;
    for (i, (text, style)) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let x = if i == 2 { left } else { area.x + area.width.saturating_sub(width(text) as u16) / 2 };
        buf.set_stringn(x, y, text, cols, *style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::theme::ThemeName;

    fn screen(status: &Status, w: u16, h: u16) -> String {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        draw("/data/big\x1b[2J", status, &Theme::new(ThemeName::Dark), &Glyphs::UNICODE, area, &mut buf);
        (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n").collect()
    }

    #[test]
    fn shows_the_path_the_step_and_a_bar() {
        let s = Status::default();
        s.parsed(17_000_000, 34_000_000);
        let text = screen(&s, 80, 24);
        assert!(text.contains("Loading /data/big␛[2J"), "{text}");
        assert!(text.contains("parsing 17.0 MB of 34.0 MB"), "{text}");
        assert!(text.contains("q quits"), "{text}");
        let bar = text.lines().find(|l| l.contains('█')).expect("a bar");
        assert_eq!(bar.matches('█').count(), 25, "35% of 70 columns: {bar}");
        // Any size, even tiny, draws without panicking.
        for (w, h) in [(1, 1), (9, 2), (10, 3), (200, 60)] {
            screen(&s, w, h);
        }
    }
}
