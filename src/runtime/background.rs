//! Asking a terminal for its background colour (OSC 11), to pick the light
//! or the dark theme: the query, the reply's colour, and the local query.
//!
//! Locally, terminal-colorsaurus asks the controlling terminal (`/dev/tty`,
//! so it works whatever stdin is) before the explorer takes the terminal
//! over: it sets raw mode for the query only and restores it on every way
//! out, follows the query with a device-attributes request (DA1) so that a
//! terminal which does not know OSC 11 answers at once and costs no wait,
//! stays silent for `TERM=dumb` and GNU screen, and waits at most [`WAIT`].
//! Over SSH the session sends [`QUERY`] itself and the input decoder
//! (`input_bytes.rs`) picks the reply out of the client's bytes.

use std::time::{Duration, Instant};

use crate::app::input::{Input, Key, KeyCode};
use crate::app::theme::ThemeName;

/// The query: "what is your background colour?", ended by ST.
pub const QUERY: &[u8] = b"\x1b]11;?\x1b\\";

/// How long a terminal may take to answer before the theme stays dark.
pub const WAIT: Duration = Duration::from_millis(150);

/// The longest colour reply taken in (after `ESC ]`): `11;rgb:` and three
/// four-digit components take 25 bytes.
pub const MAX_REPLY: usize = 64;

/// The theme for the colour in an OSC 11 reply's text (what follows `ESC ]`,
/// less the terminator): `11;rgb:RRRR/GGGG/BBBB`, each component one to four
/// hex digits (xterm's forms). `None` for anything else.
pub fn theme_of_reply(text: &[u8]) -> Option<ThemeName> {
    let spec = text.strip_prefix(b"11;")?;
    let (r, g, b) = parse_rgb(spec)?;
    Some(ThemeName::for_background(r, g, b))
}

/// `rgb:R/G/B` with one to four hex digits each, scaled to 0..=1.
fn parse_rgb(spec: &[u8]) -> Option<(f64, f64, f64)> {
    if spec.len() > MAX_REPLY {
        return None;
    }
    let rest = spec.strip_prefix(b"rgb:")?;
    let mut parts = rest.split(|&b| b == b'/');
    let mut one = || -> Option<f64> {
        let digits = parts.next()?;
        if digits.is_empty() || digits.len() > 4 || !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        let max = (1u32 << (4 * digits.len())) - 1;
        Some(f64::from(value) / f64::from(max))
    };
    let rgb = (one()?, one()?, one()?);
    parts.next().is_none().then_some(rgb)
}

/// The theme that suits the local terminal's background, or `None` when it
/// did not say within [`WAIT`] (or cannot be asked). Call it before the
/// explorer sets raw mode: the query sets and restores raw mode itself.
pub fn detect_local() -> Option<ThemeName> {
    let mut options = terminal_colorsaurus::QueryOptions::default();
    options.timeout = WAIT;
    let c = terminal_colorsaurus::background_color(options).ok()?;
    let scale = |v: u16| f64::from(v) / f64::from(u16::MAX);
    Some(ThemeName::for_background(scale(c.r), scale(c.g), scale(c.b)))
}

/// Drops a colour reply that reached the local terminal's key reader after
/// [`WAIT`]: crossterm decodes `ESC ] 11 ; rgb:… ESC \` as Alt-`]`, the
/// reply's characters as keys, then Alt-`\` (or Ctrl-G for BEL). From an
/// Alt-`]` (bound to nothing), keys are dropped up to the end of the reply,
/// at most [`MAX_REPLY`] of them and for at most [`LATE_REPLY`]: a reply
/// arrives in one piece.
#[derive(Debug, Default)]
pub struct LateReply {
    /// Since when keys are dropped, and how many were.
    dropping: Option<(Instant, usize)>,
}

/// How long after an Alt-`]` keys may still be part of a reply.
const LATE_REPLY: Duration = Duration::from_millis(100);

impl LateReply {
    /// True when `input` is the user's, false when it is part of a reply.
    pub fn pass(&mut self, input: &Input, now: Instant) -> bool {
        let Input::Key(key) = input else { return true };
        let is = |c: char, alt: bool, ctrl: bool| *key == Key { code: KeyCode::Char(c), alt, ctrl };
        match self.dropping {
            None if is(']', true, false) => {
                self.dropping = Some((now, 0));
                false
            }
            None => true,
            Some((since, n)) if now.duration_since(since) > LATE_REPLY || n >= MAX_REPLY => {
                self.dropping = None;
                self.pass(input, now)
            }
            Some((since, n)) => {
                self.dropping = if is('\\', true, false) || is('g', false, true) { None } else { Some((since, n + 1)) };
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_late_reply_decoded_as_keys_is_dropped() {
        let keys = |s: &str| -> Vec<Input> { s.chars().map(|c| Input::Key(Key::ch(c))).collect() };
        let alt = |c: char| Input::Key(Key { code: KeyCode::Char(c), ctrl: false, alt: true });
        let t = Instant::now();
        let mut f = LateReply::default();
        let mut reply = vec![alt(']')];
        reply.extend(keys("11;rgb:ffff/ffff/ffff"));
        reply.push(alt('\\'));
        reply.extend(keys("j"));
        let passed: Vec<&Input> = reply.iter().filter(|i| f.pass(i, t)).collect();
        assert_eq!(passed, vec![&Input::Key(Key::ch('j'))]);
        // BEL (Ctrl-G) ends one too.
        let mut f = LateReply::default();
        assert!(!f.pass(&alt(']'), t));
        assert!(!f.pass(&Input::Key(Key::ch('1')), t));
        assert!(!f.pass(&Input::Key(Key::ctrl('g')), t));
        assert!(f.pass(&Input::Key(Key::ch('q')), t));
        // A lone Alt-] costs at most a moment or MAX_REPLY keys.
        let mut f = LateReply::default();
        assert!(!f.pass(&alt(']'), t));
        assert!(f.pass(&Input::Key(Key::ch('q')), t + LATE_REPLY * 2));
        let mut f = LateReply::default();
        assert!(!f.pass(&alt(']'), t));
        let passed = (0..MAX_REPLY + 3).filter(|_| f.pass(&Input::Key(Key::ch('j')), t)).count();
        assert_eq!(passed, 3);
        // Other keys, clicks and resizes pass.
        let mut f = LateReply::default();
        assert!(f.pass(&Input::Key(Key::ch(']')), t));
        assert!(f.pass(&Input::Resize(80, 24), t));
    }

    #[test]
    fn replies_of_every_width_are_read() {
        assert_eq!(theme_of_reply(b"11;rgb:ffff/ffff/ffff"), Some(ThemeName::Light));
        assert_eq!(theme_of_reply(b"11;rgb:0000/0000/0000"), Some(ThemeName::Dark));
        assert_eq!(theme_of_reply(b"11;rgb:fd/f6/e3"), Some(ThemeName::Light));
        assert_eq!(theme_of_reply(b"11;rgb:00/2b/36"), Some(ThemeName::Dark));
        assert_eq!(theme_of_reply(b"11;rgb:f/f/f"), Some(ThemeName::Light));
        assert_eq!(theme_of_reply(b"11;rgb:FFF/FFF/FFF"), Some(ThemeName::Light));
        assert_eq!(parse_rgb(b"rgb:8080/8080/8080").map(|c| (c.0 * 100.0).round()), Some(50.0));
    }

    #[test]
    fn garbage_is_no_colour() {
        for bad in [
            &b""[..],
            b"11;",
            b"11;?",
            b"10;rgb:ffff/ffff/ffff", // the foreground, not the background
            b"11;rgb:ffff/ffff",
            b"11;rgb:ffff/ffff/ffff/ffff",
            b"11;rgb:fffff/ffff/ffff",
            b"11;rgb:gggg/ffff/ffff",
            b"11;rgb://",
            b"11;#ffffff",
            b"11;rgb:ff\xff/ff/ff",
        ] {
            assert_eq!(theme_of_reply(bad), None, "{bad:?}");
        }
        let long = [b"11;rgb:f/f/f".as_slice(), &[b'f'; 100]].concat();
        assert_eq!(theme_of_reply(&long), None);
    }
}
