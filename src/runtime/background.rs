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

use std::time::Duration;

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

#[cfg(test)]
mod tests {
    use super::*;

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
