//! Raw terminal input bytes → the app's own [`Input`]s, for the SSH runtime.
//!
//! An SSH server receives exactly the bytes the client's terminal writes, so
//! this module owns decoding them: UTF-8 text, control keys, the CSI and SS3
//! escape sequences of the cursor and editing keys, Alt as an ESC prefix, SGR,
//! urxvt and X10 mouse reports, and bracketed paste. Every other escape
//! sequence or control string (unknown CSI, OSC, DCS, focus reports, replies
//! to queries) is consumed and dropped, never leaked to the app as typed text.
//! One reply is read, not dropped: the terminal's background colour (OSC 11,
//! `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` then BEL or ST), which picks the theme
//! ([`ByteParser::take_theme`]); it is never typed, however late it comes.
//!
//! The decoder is a byte-at-a-time state machine: any sequence may be split
//! across [`ByteParser::feed`] calls, memory stays bounded whatever a client
//! sends (sequences are capped at [`MAX_SEQ`] bytes, pastes at [`MAX_PASTE`]),
//! and no input can make it panic. A lone ESC is ambiguous (the Esc key, or
//! the start of a sequence whose rest is still on the wire), so it waits until
//! more bytes arrive or the caller, after a short pause, calls
//! [`ByteParser::flush`].
//!
//! Window size changes do not travel in the byte stream (SSH has its own
//! `window-change` request), so [`Input::Resize`] never comes from here.

use super::background::{MAX_REPLY, theme_of_reply};
use crate::app::input::{Input, Key, KeyCode, MouseKind};
use crate::app::theme::ThemeName;

/// The escape byte.
const ESC: u8 = 0x1b;
/// The bell byte, which ends an OSC string.
const BEL: u8 = 0x07;
/// The most parameter bytes kept for one CSI or SS3 sequence; the rest of a
/// longer one is skipped and the whole sequence ignored.
pub const MAX_SEQ: usize = 64;
/// The most bytes kept from one bracketed paste (1 MiB); the rest, up to the
/// end marker, is dropped.
pub const MAX_PASTE: usize = 1 << 20;
/// The bracketed-paste end marker.
const PASTE_END: &[u8] = b"\x1b[201~";

/// Where the decoder is between bytes.
#[derive(Debug)]
enum State {
    /// Nothing pending.
    Ground,
    /// Inside a multi-byte UTF-8 character (preceded by ESC when `alt`).
    Utf8 { buf: [u8; 4], len: usize, need: usize, alt: bool },
    /// After a lone ESC.
    Esc,
    /// Inside `ESC [` (CSI) or `ESC O` (SS3, when `ss3`): parameter and
    /// intermediate bytes so far; `overflow` once more than [`MAX_SEQ`] came.
    Seq { ss3: bool, params: Vec<u8>, overflow: bool },
    /// After `ESC [ M`: the three raw bytes of an X10 mouse report.
    X10 { buf: [u8; 3], len: usize },
    /// Inside a control string (OSC, DCS, SOS, PM, APC) opened by `ESC intro`;
    /// `any` once it has content, `esc` right after an ESC inside it. An OSC's
    /// first [`MAX_REPLY`] bytes are kept in `text` (a colour reply is read
    /// from them); `long` once more came.
    Str { intro: u8, any: bool, esc: bool, text: Vec<u8>, long: bool },
    /// Inside a bracketed paste: the text so far (capped) and how many bytes
    /// of the end marker have matched.
    Paste { buf: Vec<u8>, matched: usize },
}

/// Incremental decoder of raw terminal input bytes into `Input`s; keeps an
/// incomplete sequence between calls.
///
/// Feed it every chunk of bytes as it arrives. When [`pending`](Self::pending)
/// is true after a chunk, call [`flush`](Self::flush) if no more bytes arrive
/// within a short pause (~50 ms): that is how a lone Esc key press is told
/// apart from the start of an escape sequence.
#[derive(Debug)]
pub struct ByteParser {
    state: State,
    /// The theme the last background colour reply asked for, until taken.
    theme: Option<ThemeName>,
}

impl ByteParser {
    /// A decoder with nothing pending.
    pub fn new() -> Self {
        Self { state: State::Ground, theme: None }
    }

    /// The theme that suits the background colour the terminal reported
    /// (OSC 11) since the last call, if it did.
    pub fn take_theme(&mut self) -> Option<ThemeName> {
        self.theme.take()
    }

    /// Feeds bytes; returns the complete inputs they finish, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut out = Vec::new();
        for &byte in bytes {
            let mut next = Some(byte);
            while let Some(b) = next {
                next = self.step(b, &mut out);
            }
        }
        out
    }

    /// True when a lone ESC (or an unfinished sequence) is waiting: the caller
    /// should call `flush` after a short pause (~50 ms) if no more bytes arrive.
    ///
    /// An unfinished bracketed paste is not pending: a large paste may arrive
    /// slowly, so it only ends with its end marker.
    pub fn pending(&self) -> bool {
        !matches!(self.state, State::Ground | State::Paste { .. })
    }

    /// Resolves what is pending: a lone ESC becomes the Esc key; an unfinished
    /// sequence is dropped (or turned into keys sensibly).
    ///
    /// `ESC [`, `ESC O` and the openers of control strings with nothing after
    /// them become Alt-`[`, Alt-`O` and so on, since that is what the user
    /// typed; anything longer is dropped, as is a partial UTF-8 character. An
    /// unfinished bracketed paste is left alone.
    pub fn flush(&mut self) -> Vec<Input> {
        let mut out = Vec::new();
        match std::mem::replace(&mut self.state, State::Ground) {
            State::Esc => out.push(key(KeyCode::Esc)),
            State::Seq { ss3, params, overflow: false } if params.is_empty() => {
                out.push(alt_char(if ss3 { 'O' } else { '[' }));
            }
            State::Str { intro, any: false, esc, .. } => {
                out.push(alt_char(char::from(intro)));
                if esc {
                    out.push(key(KeyCode::Esc));
                }
            }
            paste @ State::Paste { .. } => self.state = paste,
            _ => {}
        }
        out
    }

    /// Handles one byte; returns it again when it ended a malformed sequence
    /// and must be decoded afresh in the state that sequence left behind.
    fn step(&mut self, b: u8, out: &mut Vec<Input>) -> Option<u8> {
        match std::mem::replace(&mut self.state, State::Ground) {
            State::Ground => self.ground(b, false, out),
            State::Esc => match b {
                ESC => {
                    out.push(key(KeyCode::Esc));
                    self.state = State::Esc;
                }
                b'[' => self.state = State::Seq { ss3: false, params: Vec::new(), overflow: false },
                b'O' => self.state = State::Seq { ss3: true, params: Vec::new(), overflow: false },
                b']' | b'P' | b'X' | b'^' | b'_' => {
                    self.state = State::Str { intro: b, any: false, esc: false, text: Vec::new(), long: false }
                }
                _ => self.ground(b, true, out),
            },
            State::Utf8 { mut buf, mut len, need, alt } => {
                if b & 0xc0 != 0x80 {
                    return Some(b); // the character was cut short: drop it
                }
                buf[len] = b;
                len += 1;
                if len < need {
                    self.state = State::Utf8 { buf, len, need, alt };
                } else if let Some(c) = std::str::from_utf8(&buf[..len]).ok().and_then(|s| s.chars().next()) {
                    out.push(Input::Key(Key { code: KeyCode::Char(c), ctrl: false, alt }));
                }
            }
            State::Seq { ss3, mut params, mut overflow } => {
                // `ESC [ [` starts a Linux console function key: keep the `[` as a parameter.
                let linux = b == b'[' && !ss3 && params.is_empty();
                if matches!(b, 0x20..=0x3f) || linux {
                    if params.len() < MAX_SEQ {
                        params.push(b);
                    } else {
                        overflow = true;
                    }
                    self.state = State::Seq { ss3, params, overflow };
                } else if matches!(b, 0x40..=0x7e) {
                    if !overflow {
                        self.dispatch(ss3, &params, b, out);
                    }
                } else {
                    if params.is_empty() && !overflow {
                        out.push(alt_char(if ss3 { 'O' } else { '[' }));
                    }
                    return Some(b);
                }
            }
            State::X10 { mut buf, mut len } => {
                buf[len] = b;
                len += 1;
                if len < buf.len() {
                    self.state = State::X10 { buf, len };
                } else if let Some(button) = buf[0].checked_sub(32) {
                    let coord = |c: u8| u32::from(c.saturating_sub(32));
                    out.extend(mouse(u32::from(button), coord(buf[1]), coord(buf[2]), true));
                }
            }
            State::Str { intro, any, esc, mut text, mut long } => {
                if esc {
                    if b == b'\\' {
                        self.ended(intro, &text, long); // string terminator: done
                        return None;
                    }
                    // An ESC that does not end the string aborts it and starts anew.
                    if !any {
                        out.push(alt_char(char::from(intro)));
                    }
                    self.state = State::Esc;
                    return Some(b);
                }
                match b {
                    BEL => self.ended(intro, &text, long),
                    ESC => self.state = State::Str { intro, any, esc: true, text, long },
                    _ => {
                        if intro == b']' && !long {
                            if text.len() < MAX_REPLY {
                                text.push(b);
                            } else {
                                (text, long) = (Vec::new(), true);
                            }
                        }
                        self.state = State::Str { intro, any: true, esc: false, text, long };
                    }
                }
            }
            State::Paste { mut buf, mut matched } => {
                if b == PASTE_END[matched] {
                    matched += 1;
                    if matched == PASTE_END.len() {
                        out.push(Input::Paste(paste_text(buf)));
                        return None;
                    }
                } else {
                    push_capped(&mut buf, &PASTE_END[..matched]);
                    // ESC occurs only at the start of the marker, so a mismatch
                    // can only restart the match at this very byte.
                    if b == ESC {
                        matched = 1;
                    } else {
                        matched = 0;
                        push_capped(&mut buf, &[b]);
                    }
                }
                self.state = State::Paste { buf, matched };
            }
        }
        None
    }

    /// A control string ended: an OSC that reports the background colour
    /// sets the theme; anything else is dropped.
    fn ended(&mut self, intro: u8, text: &[u8], long: bool) {
        if intro == b']'
            && !long
            && let Some(theme) = theme_of_reply(text)
        {
            self.theme = Some(theme);
        }
    }

    /// Decodes a byte outside any sequence, or right after an ESC (`alt`).
    fn ground(&mut self, b: u8, alt: bool, out: &mut Vec<Input>) {
        let (code, ctrl) = match b {
            0x00 => return, // Ctrl-Space: unused
            b'\r' | b'\n' => (KeyCode::Enter, false),
            b'\t' => (KeyCode::Tab, false),
            0x08 | 0x7f => (KeyCode::Backspace, false),
            0x01..=0x1a => (KeyCode::Char(char::from(b'a' + b - 1)), true),
            ESC => {
                self.state = State::Esc;
                return;
            }
            0x1c => (KeyCode::Char('\\'), true),
            0x1d => (KeyCode::Char(']'), true),
            0x1e => (KeyCode::Char('^'), true),
            0x1f => (KeyCode::Char('_'), true),
            0x20..=0x7e => (KeyCode::Char(char::from(b)), false),
            0x80..=0xff => {
                let need = match b {
                    0xc2..=0xdf => 2,
                    0xe0..=0xef => 3,
                    0xf0..=0xf4 => 4,
                    _ => return, // never starts a valid character
                };
                let mut buf = [0; 4];
                buf[0] = b;
                self.state = State::Utf8 { buf, len: 1, need, alt };
                return;
            }
        };
        out.push(Input::Key(Key { code, ctrl, alt }));
    }

    /// Acts on a complete CSI or SS3 sequence with parameter bytes `params`
    /// and final byte `fin`.
    fn dispatch(&mut self, ss3: bool, params: &[u8], fin: u8, out: &mut Vec<Input>) {
        if ss3 {
            let Some([a, b]) = numbers::<2>(params) else { return };
            // Old xterms put the modifier alone: `ESC O 5 A`.
            let mods = b.or(a);
            let code = match fin {
                b'M' => KeyCode::Enter,
                b'X' => KeyCode::Char('='),
                b'j'..=b'y' => KeyCode::Char(char::from(b"*+,-./0123456789"[usize::from(fin - b'j')])),
                _ => match cursor_key(fin) {
                    Some(code) => code,
                    None => return,
                },
            };
            out.push(with_mods(code, mods));
            return;
        }
        if let Some(sgr) = params.strip_prefix(b"<") {
            if let (b'M' | b'm', Some([Some(b), Some(x), Some(y)])) = (fin, numbers::<3>(sgr)) {
                out.extend(mouse(b, x, y, fin == b'M'));
            }
            return;
        }
        if fin == b'M' && params.is_empty() {
            self.state = State::X10 { buf: [0; 3], len: 0 };
            return;
        }
        let Some([a, b, c]) = numbers::<3>(params) else { return };
        let code = match (fin, a) {
            (b'~', Some(1 | 7)) => KeyCode::Home,
            (b'~', Some(4 | 8)) => KeyCode::End,
            (b'~', Some(3)) => KeyCode::Delete,
            (b'~', Some(5)) => KeyCode::PageUp,
            (b'~', Some(6)) => KeyCode::PageDown,
            (b'~', Some(200)) => {
                self.state = State::Paste { buf: Vec::new(), matched: 0 };
                return;
            }
            (b'Z', _) => KeyCode::BackTab,
            // urxvt (1015) mouse: `ESC [ b+32 ; x ; y M`, all decimal.
            (b'M', Some(button)) => {
                if let (Some(button), Some(x), Some(y)) = (button.checked_sub(32), b, c) {
                    out.extend(mouse(button, x, y, true));
                }
                return;
            }
            _ => match cursor_key(fin) {
                Some(code) if c.is_none() => code,
                _ => return, // focus, function keys, replies to queries, …
            },
        };
        out.push(with_mods(code, b));
    }
}

impl Default for ByteParser {
    fn default() -> Self {
        Self::new()
    }
}

/// A key with no modifiers, as an input.
fn key(code: KeyCode) -> Input {
    Input::Key(Key::plain(code))
}

/// Alt plus a character, as an input.
fn alt_char(c: char) -> Input {
    Input::Key(Key { code: KeyCode::Char(c), ctrl: false, alt: true })
}

/// The key a cursor-key final byte names (`ESC [ A`, `ESC O H`, …).
fn cursor_key(fin: u8) -> Option<KeyCode> {
    Some(match fin {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        _ => return None,
    })
}

/// A key with the xterm modifier parameter `mods` (1 + shift 1, alt 2,
/// ctrl 4, meta 8) applied; shift is implied by the key itself, meta is Alt.
fn with_mods(code: KeyCode, mods: Option<u32>) -> Input {
    let bits = mods.unwrap_or(1).saturating_sub(1);
    Input::Key(Key { code, ctrl: bits & 4 != 0, alt: bits & (2 | 8) != 0 })
}

/// The mouse input for button code `b` at the 1-based cell `x`, `y`, if the
/// app uses it: a left press, or a wheel turn. Shift, Alt and Ctrl (4, 8, 16)
/// are ignored; releases, drags and other buttons are dropped.
fn mouse(b: u32, x: u32, y: u32, press: bool) -> Option<Input> {
    let kind = match b & !(4 | 8 | 16) {
        0 => MouseKind::Click,
        64 => MouseKind::ScrollUp,
        65 => MouseKind::ScrollDown,
        _ => return None,
    };
    if !press {
        return None;
    }
    let cell = |v: u32| u16::try_from(v.saturating_sub(1)).unwrap_or(u16::MAX);
    Some(Input::Mouse { kind, x: cell(x), y: cell(y) })
}

/// The first `N` `;`-separated decimal parameters (an empty one is `None`;
/// `:` sub-parameters are ignored), or `None` when there are more than `N` or
/// one is not a number.
fn numbers<const N: usize>(params: &[u8]) -> Option<[Option<u32>; N]> {
    let mut out = [None; N];
    if params.is_empty() {
        return Some(out);
    }
    for (i, field) in params.split(|&b| b == b';').enumerate() {
        let slot = out.get_mut(i)?;
        let main = field.split(|&b| b == b':').next().unwrap_or_default();
        if main.is_empty() {
            continue;
        }
        let mut n: u32 = 0;
        for &d in main {
            if !d.is_ascii_digit() {
                return None;
            }
            n = n.saturating_mul(10).saturating_add(u32::from(d - b'0'));
        }
        *slot = Some(n);
    }
    Some(out)
}

/// Appends `bytes` to a paste, keeping at most [`MAX_PASTE`] bytes.
fn push_capped(buf: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_PASTE.saturating_sub(buf.len());
    buf.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

/// The text of a finished paste: lossy UTF-8 (less a character the cap cut in
/// half), with `\r\n` and `\r` line ends made `\n`.
fn paste_text(mut buf: Vec<u8>) -> String {
    if buf.len() >= MAX_PASTE {
        trim_partial_char(&mut buf);
    }
    let text = String::from_utf8_lossy(&buf);
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.into_owned() }
}

/// Drops a UTF-8 character cut short at the end of `buf`.
fn trim_partial_char(buf: &mut Vec<u8>) {
    let len = buf.len();
    for back in 1..=len.min(4) {
        let b = buf[len - back];
        if b & 0xc0 != 0x80 {
            let need = match b {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => 1,
            };
            if need > back {
                buf.truncate(len - back);
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Vec<Input> {
        ByteParser::new().feed(bytes)
    }

    /// Feeds everything, then flushes: what a client sending `bytes` and
    /// pausing would produce.
    fn parse_flushed(bytes: &[u8]) -> Vec<Input> {
        let mut p = ByteParser::new();
        let mut out = p.feed(bytes);
        out.extend(p.flush());
        out
    }

    fn k(code: KeyCode) -> Input {
        Input::Key(Key::plain(code))
    }

    fn ch(c: char) -> Input {
        Input::Key(Key::ch(c))
    }

    fn ctrl(c: char) -> Input {
        Input::Key(Key::ctrl(c))
    }

    fn alt(code: KeyCode) -> Input {
        Input::Key(Key { code, ctrl: false, alt: true })
    }

    fn mods(code: KeyCode, ctrl: bool, alt: bool) -> Input {
        Input::Key(Key { code, ctrl, alt })
    }

    fn click(x: u16, y: u16) -> Input {
        Input::Mouse { kind: MouseKind::Click, x, y }
    }

    fn chars(s: &str) -> Vec<Input> {
        s.chars().map(ch).collect()
    }

    /// Asserts that `bytes` decode to `want` however they are split in two,
    /// and when fed one byte at a time.
    fn assert_any_split(bytes: &[u8], want: &[Input]) {
        assert_eq!(parse(bytes), want, "whole: {bytes:?}");
        for at in 0..=bytes.len() {
            let mut p = ByteParser::new();
            let mut got = p.feed(&bytes[..at]);
            got.extend(p.feed(&bytes[at..]));
            assert_eq!(got, want, "split at {at}: {bytes:?}");
        }
        let mut p = ByteParser::new();
        let got: Vec<Input> = bytes.iter().flat_map(|&b| p.feed(&[b])).collect();
        assert_eq!(got, want, "byte by byte: {bytes:?}");
    }

    #[test]
    fn printable_ascii_is_characters() {
        assert_eq!(parse(b"aZ ?~0"), chars("aZ ?~0"));
        let all: Vec<u8> = (0x20..=0x7e).collect();
        assert_eq!(parse(&all), all.iter().map(|&b| ch(char::from(b))).collect::<Vec<_>>());
    }

    #[test]
    fn utf8_is_characters() {
        assert_eq!(parse("é中文😀ß".as_bytes()), chars("é中文😀ß"));
    }

    #[test]
    fn utf8_split_across_feeds() {
        assert_any_split("中文😀é".as_bytes(), &chars("中文😀é"));
        let mut p = ByteParser::new();
        assert_eq!(p.feed(&[0xe4, 0xb8]), vec![]);
        assert!(p.pending());
        assert_eq!(p.feed(&[0xad, b'a']), vec![ch('中'), ch('a')]);
        assert!(!p.pending());
    }

    #[test]
    fn invalid_utf8_is_dropped() {
        assert_eq!(parse(b"\xffa\x80b\xc3c"), chars("abc"));
        assert_eq!(parse(b"\xc0\xafx"), chars("x")); // overlong
        assert_eq!(parse(b"\xed\xa0\x80y"), chars("y")); // surrogate
        assert_eq!(parse(b"\xf4\x90\x80\x80z"), chars("z")); // above U+10FFFF
        assert_eq!(parse(b"\xe4\xb8\xe4\xb8\xad"), chars("中")); // cut short, then whole
        assert_eq!(parse_flushed(b"\xe4\xb8"), vec![]);
    }

    #[test]
    fn enter_tab_backspace() {
        assert_eq!(
            parse(b"\r\n\t\x7f\x08"),
            vec![k(KeyCode::Enter), k(KeyCode::Enter), k(KeyCode::Tab), k(KeyCode::Backspace), k(KeyCode::Backspace)]
        );
    }

    #[test]
    fn control_bytes_are_ctrl_letters() {
        assert_eq!(parse(b"\x03"), vec![ctrl('c')]);
        assert_eq!(parse(b"\x10"), vec![ctrl('p')]);
        assert_eq!(parse(b"\x0f"), vec![ctrl('o')]);
        assert_eq!(parse(b"\x04\x15\x0e\x17"), vec![ctrl('d'), ctrl('u'), ctrl('n'), ctrl('w')]);
        assert_eq!(parse(b"\x01\x1a\x14"), vec![ctrl('a'), ctrl('z'), ctrl('t')]);
        assert_eq!(parse(b"\x1c\x1d\x1e\x1f"), vec![ctrl('\\'), ctrl(']'), ctrl('^'), ctrl('_')]);
        for b in 0x01..=0x1a_u8 {
            let want = match b {
                0x08 => k(KeyCode::Backspace),
                0x09 => k(KeyCode::Tab),
                0x0a | 0x0d => k(KeyCode::Enter),
                _ => ctrl(char::from(b'a' + b - 1)),
            };
            assert_eq!(parse(&[b]), vec![want], "byte {b:#x}");
        }
    }

    #[test]
    fn nul_is_ignored() {
        assert_eq!(parse(b"\x00a\x00"), chars("a"));
        assert_eq!(parse_flushed(b"\x1b\x00b"), chars("b"));
    }

    #[test]
    fn csi_and_ss3_cursor_keys() {
        let want = [KeyCode::Up, KeyCode::Down, KeyCode::Right, KeyCode::Left, KeyCode::Home, KeyCode::End].map(k);
        assert_eq!(parse(b"\x1b[A\x1b[B\x1b[C\x1b[D\x1b[H\x1b[F"), want);
        assert_eq!(parse(b"\x1bOA\x1bOB\x1bOC\x1bOD\x1bOH\x1bOF"), want);
    }

    #[test]
    fn cursor_keys_with_modifiers() {
        assert_eq!(parse(b"\x1b[1;3C"), vec![alt(KeyCode::Right)]);
        assert_eq!(parse(b"\x1b[1;5C"), vec![mods(KeyCode::Right, true, false)]);
        assert_eq!(parse(b"\x1b[1;7D"), vec![mods(KeyCode::Left, true, true)]);
        assert_eq!(parse(b"\x1b[1;2A"), vec![k(KeyCode::Up)]); // shift alone
        assert_eq!(parse(b"\x1b[1;9B"), vec![alt(KeyCode::Down)]); // meta
        assert_eq!(parse(b"\x1b[1;5H"), vec![mods(KeyCode::Home, true, false)]);
        assert_eq!(parse(b"\x1bO5A"), vec![mods(KeyCode::Up, true, false)]);
        assert_eq!(parse(b"\x1bO1;3D"), vec![alt(KeyCode::Left)]);
        assert_eq!(parse(b"\x1b[1;5:1C"), vec![mods(KeyCode::Right, true, false)]); // kitty event type
    }

    #[test]
    fn tilde_keys() {
        assert_eq!(parse(b"\x1b[1~\x1b[7~"), vec![k(KeyCode::Home); 2]);
        assert_eq!(parse(b"\x1b[4~\x1b[8~"), vec![k(KeyCode::End); 2]);
        assert_eq!(parse(b"\x1b[3~"), vec![k(KeyCode::Delete)]);
        assert_eq!(parse(b"\x1b[5~\x1b[6~"), vec![k(KeyCode::PageUp), k(KeyCode::PageDown)]);
        assert_eq!(parse(b"\x1b[3;5~"), vec![mods(KeyCode::Delete, true, false)]);
        assert_eq!(parse(b"\x1b[6;3~"), vec![alt(KeyCode::PageDown)]);
    }

    #[test]
    fn backtab() {
        assert_eq!(parse(b"\x1b[Z"), vec![k(KeyCode::BackTab)]);
    }

    #[test]
    fn ss3_keypad() {
        assert_eq!(
            parse(b"\x1bOM\x1bOp\x1bOy\x1bOk\x1bOX"),
            vec![k(KeyCode::Enter), ch('0'), ch('9'), ch('+'), ch('=')]
        );
    }

    #[test]
    fn alt_keys() {
        assert_eq!(
            parse(b"\x1ba\x1bA\x1b?"),
            vec![alt(KeyCode::Char('a')), alt(KeyCode::Char('A')), alt(KeyCode::Char('?'))]
        );
        assert_eq!(parse(b"\x1b\r"), vec![alt(KeyCode::Enter)]);
        assert_eq!(parse(b"\x1b\t"), vec![alt(KeyCode::Tab)]);
        assert_eq!(parse(b"\x1b\x7f\x1b\x08"), vec![alt(KeyCode::Backspace); 2]);
        assert_eq!(parse(b"\x1b\x03"), vec![mods(KeyCode::Char('c'), true, true)]);
        assert_eq!(parse("\x1b中".as_bytes()), vec![alt(KeyCode::Char('中'))]);
        assert_any_split(b"\x1bx", &[alt(KeyCode::Char('x'))]);
    }

    #[test]
    fn esc_esc_is_esc_then_more() {
        let mut p = ByteParser::new();
        assert_eq!(p.feed(b"\x1b\x1b"), vec![k(KeyCode::Esc)]);
        assert!(p.pending());
        assert_eq!(p.flush(), vec![k(KeyCode::Esc)]);
        assert_eq!(parse(b"\x1b\x1ba"), vec![k(KeyCode::Esc), alt(KeyCode::Char('a'))]);
        assert_eq!(parse(b"\x1b\x1b[A"), vec![k(KeyCode::Esc), k(KeyCode::Up)]);
    }

    #[test]
    fn lone_esc_waits_for_flush() {
        let mut p = ByteParser::new();
        assert!(!p.pending());
        assert_eq!(p.feed(b"\x1b"), vec![]);
        assert!(p.pending());
        assert_eq!(p.flush(), vec![k(KeyCode::Esc)]);
        assert!(!p.pending());
        assert_eq!(p.flush(), vec![]);
        assert_eq!(p.feed(b"q"), vec![ch('q')]);
        assert_eq!(parse(b"ab\x1b"), chars("ab"));
        assert_eq!(parse_flushed(b"ab\x1b"), vec![ch('a'), ch('b'), k(KeyCode::Esc)]);
    }

    #[test]
    fn esc_and_bracket_in_one_feed_is_a_sequence() {
        assert_eq!(parse(b"\x1b[A"), vec![k(KeyCode::Up)]);
        let mut p = ByteParser::new();
        assert_eq!(p.feed(b"\x1b"), vec![]);
        assert_eq!(p.feed(b"[A"), vec![k(KeyCode::Up)]);
        assert!(!p.pending());
    }

    #[test]
    fn escape_sequences_split_across_feeds() {
        assert_any_split(b"\x1b[A", &[k(KeyCode::Up)]);
        assert_any_split(b"\x1b[1;5C", &[mods(KeyCode::Right, true, false)]);
        assert_any_split(b"\x1bOH", &[k(KeyCode::Home)]);
        assert_any_split(b"\x1b[6~x", &[k(KeyCode::PageDown), ch('x')]);
        assert_any_split(b"\x1b[<0;10;5M", &[click(9, 4)]);
        assert_any_split(b"\x1b[M\x20\x2a\x25", &[click(9, 4)]);
        assert_any_split(b"\x1b]11;rgb:0/0/0\x1b\\a", &[ch('a')]);
        assert_any_split(b"\x1b[200~h\xc3\xa9\x1b[201~", &[Input::Paste("hé".into())]);
    }

    #[test]
    fn unfinished_sequences_on_flush() {
        assert_eq!(parse_flushed(b"\x1b[1;"), vec![]);
        assert_eq!(parse_flushed(b"\x1b[<0;3"), vec![]);
        assert_eq!(parse_flushed(b"\x1b[M\x20"), vec![]);
        assert_eq!(parse_flushed(b"\x1b]0;title"), vec![]);
        assert_eq!(parse_flushed(b"\x1b["), vec![alt(KeyCode::Char('['))]);
        assert_eq!(parse_flushed(b"\x1bO"), vec![alt(KeyCode::Char('O'))]);
        assert_eq!(parse_flushed(b"\x1b]"), vec![alt(KeyCode::Char(']'))]);
        assert_eq!(parse_flushed(b"\x1bP"), vec![alt(KeyCode::Char('P'))]);
        assert_eq!(parse_flushed(b"\x1b]\x1b"), vec![alt(KeyCode::Char(']')), k(KeyCode::Esc)]);
        for partial in [&b"\x1b[1;"[..], b"\x1b[", b"\x1bO", b"\x1b]x", b"\x1bPq", b"\x1b[M", b"\xe4"] {
            let mut p = ByteParser::new();
            p.feed(partial);
            assert!(p.pending(), "{partial:?}");
            p.flush();
            assert!(!p.pending(), "{partial:?}");
            assert_eq!(p.feed(b"z"), vec![ch('z')], "{partial:?}");
        }
    }

    #[test]
    fn malformed_sequence_gives_back_the_byte() {
        assert_eq!(parse(b"\x1b[\x03"), vec![alt(KeyCode::Char('[')), ctrl('c')]);
        assert_eq!(parse(b"\x1b[1\rq"), vec![k(KeyCode::Enter), ch('q')]);
        assert_eq!(parse(b"\x1b[1\x1b[B"), vec![k(KeyCode::Down)]);
        assert_eq!(parse("\x1b[中".as_bytes()), vec![alt(KeyCode::Char('[')), ch('中')]);
        assert_eq!(parse(b"\x1bO\x1b[A"), vec![alt(KeyCode::Char('O')), k(KeyCode::Up)]);
    }

    #[test]
    fn sgr_mouse() {
        assert_eq!(parse(b"\x1b[<0;10;5M"), vec![click(9, 4)]);
        assert_eq!(parse(b"\x1b[<0;1;1M"), vec![click(0, 0)]);
        assert_eq!(parse(b"\x1b[<0;10;5m"), vec![]); // release
        assert_eq!(parse(b"\x1b[<1;10;5M\x1b[<2;10;5M"), vec![]); // middle, right
        assert_eq!(parse(b"\x1b[<32;10;5M"), vec![]); // drag
        assert_eq!(parse(b"\x1b[<35;10;5M"), vec![]); // motion
        assert_eq!(
            parse(b"\x1b[<64;3;4M\x1b[<65;3;4M"),
            vec![
                Input::Mouse { kind: MouseKind::ScrollUp, x: 2, y: 3 },
                Input::Mouse { kind: MouseKind::ScrollDown, x: 2, y: 3 }
            ]
        );
        assert_eq!(parse(b"\x1b[<4;2;2M\x1b[<8;2;2M\x1b[<16;2;2M"), vec![click(1, 1); 3]);
        assert_eq!(parse(b"\x1b[<80;2;2M"), vec![Input::Mouse { kind: MouseKind::ScrollUp, x: 1, y: 1 }]);
        assert_eq!(parse(b"\x1b[<0;99999999999;0M"), vec![click(u16::MAX, 0)]);
        assert_eq!(parse(b"\x1b[<0;1M\x1b[<0;1;2;3M\x1b[<0;;1M\x1b[<0;1;1X"), vec![]);
    }

    #[test]
    fn x10_mouse() {
        assert_eq!(parse(&[ESC, b'[', b'M', 32, 33 + 9, 33 + 4]), vec![click(9, 4)]);
        assert_eq!(parse(&[ESC, b'[', b'M', 32, 33, 33]), vec![click(0, 0)]);
        assert_eq!(parse(&[ESC, b'[', b'M', 32, 33 + 200, 33]), vec![click(200, 0)]);
        assert_eq!(
            parse(&[ESC, b'[', b'M', 96, 35, 36, ESC, b'[', b'M', 97, 35, 36]),
            vec![
                Input::Mouse { kind: MouseKind::ScrollUp, x: 2, y: 3 },
                Input::Mouse { kind: MouseKind::ScrollDown, x: 2, y: 3 }
            ]
        );
        assert_eq!(parse(&[ESC, b'[', b'M', 35, 40, 40]), vec![]); // release
        assert_eq!(parse(&[ESC, b'[', b'M', 64, 40, 40]), vec![]); // drag
        assert_eq!(parse(&[ESC, b'[', b'M', 33, 40, 40]), vec![]); // middle
        assert_eq!(parse(&[ESC, b'[', b'M', 32 + 16, 40, 40]), vec![click(7, 7)]); // ctrl
        assert_eq!(parse(&[ESC, b'[', b'M', 5, 0, 0, b'a']), vec![ch('a')]); // garbage
        assert_any_split(&[ESC, b'[', b'M', 32, 40, 40, b'a'], &[click(7, 7), ch('a')]);
    }

    #[test]
    fn urxvt_mouse() {
        assert_eq!(parse(b"\x1b[32;10;5M"), vec![click(9, 4)]);
        assert_eq!(parse(b"\x1b[96;10;5M"), vec![Input::Mouse { kind: MouseKind::ScrollUp, x: 9, y: 4 }]);
        assert_eq!(parse(b"\x1b[35;10;5M\x1b[5;10;5M"), vec![]);
    }

    #[test]
    fn bracketed_paste() {
        assert_eq!(parse(b"\x1b[200~hello world\x1b[201~"), vec![Input::Paste("hello world".into())]);
        assert_eq!(parse(b"\x1b[200~\x1b[201~"), vec![Input::Paste(String::new())]);
        assert_eq!(parse("x\x1b[200~中文\x1b[201~y".as_bytes()), vec![ch('x'), Input::Paste("中文".into()), ch('y')]);
        assert_eq!(parse(b"\x1b[200~a\r\nb\rc\nd\x1b[201~"), vec![Input::Paste("a\nb\nc\nd".into())]);
        assert_eq!(parse(b"\x1b[200~a\xffb\x1b[201~"), vec![Input::Paste("a\u{fffd}b".into())]);
    }

    #[test]
    fn paste_keeps_lookalikes_of_the_end_marker() {
        let want = [Input::Paste("\x1b[A \x1b[20 \x1b[201x \x1b\x1b[2".into())];
        assert_any_split(b"\x1b[200~\x1b[A \x1b[20 \x1b[201x \x1b\x1b[2\x1b[201~", &want);
        assert_eq!(parse(b"\x1b[200~\x1b\x1b[201~"), vec![Input::Paste("\x1b".into())]);
    }

    #[test]
    fn paste_across_feeds_is_not_pending() {
        let mut p = ByteParser::new();
        assert_eq!(p.feed(b"\x1b[200~first "), vec![]);
        assert!(!p.pending());
        assert_eq!(p.flush(), vec![]);
        assert_eq!(p.feed("第二\x1b[2".as_bytes()), vec![]);
        assert_eq!(p.feed(b"01"), vec![]);
        assert_eq!(p.feed(b"~q"), vec![Input::Paste("first 第二".into()), ch('q')]);
    }

    #[test]
    fn paste_is_capped() {
        let mut p = ByteParser::new();
        p.feed(b"\x1b[200~");
        let chunk = vec![b'a'; 64 * 1024];
        for _ in 0..20 {
            assert_eq!(p.feed(&chunk), vec![]);
        }
        match &p.state {
            State::Paste { buf, .. } => assert_eq!(buf.len(), MAX_PASTE),
            other => panic!("not in a paste: {other:?}"),
        }
        let out = p.feed(b"\x1b[201~b");
        assert_eq!(out.len(), 2);
        assert_eq!(out[0], Input::Paste("a".repeat(MAX_PASTE)));
        assert_eq!(out[1], ch('b'));
    }

    #[test]
    fn paste_cap_does_not_cut_a_character() {
        let text = "中".repeat(MAX_PASTE / 3 + 10);
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(b"\x1b[201~");
        let out = parse(&bytes);
        let [Input::Paste(got)] = &out[..] else { panic!("{} inputs", out.len()) };
        assert_eq!(got.len(), MAX_PASTE / 3 * 3);
        assert!(got.chars().all(|c| c == '中'));
    }

    #[test]
    fn unknown_csi_is_ignored() {
        for seq in [
            &b"\x1b[12;40R"[..], // cursor position report
            b"\x1b[?1;2c",       // device attributes
            b"\x1b[>0;95;0c",
            b"\x1b[I", // focus in
            b"\x1b[O", // focus out
            b"\x1b[2~",
            b"\x1b[15~",
            b"\x1b[201~",
            b"\x1b[1 q",
            b"\x1b[1;2;3A",
            b"\x1b[[A", // Linux console F1
            b"\x1bOP",
            b"\x1b[?u",
            b"\x1b[<1;2;3Q",
        ] {
            assert_eq!(parse(&[seq, &b"x"[..]].concat()), chars("x"), "{seq:?}");
        }
    }

    #[test]
    fn a_background_colour_reply_sets_the_theme_and_is_never_typed() {
        use crate::app::theme::ThemeName::{Dark, Light};
        let mut p = ByteParser::new();
        // ST or BEL ends it; 4, 2 or 1 hex digits a component.
        assert_eq!(p.feed(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"), vec![]);
        assert_eq!(p.take_theme(), Some(Light));
        assert_eq!(p.take_theme(), None, "taken once");
        assert_eq!(p.feed(b"\x1b]11;rgb:00/2b/36\x07j"), chars("j"));
        assert_eq!(p.take_theme(), Some(Dark));
        assert_eq!(p.feed(b"\x1b]11;rgb:f/f/f\x07"), vec![]);
        assert_eq!(p.take_theme(), Some(Light));
        // Split anywhere, keys on either side stay keys.
        let reply = b"q\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\k";
        for cut in 0..reply.len() {
            let mut p = ByteParser::new();
            let mut out = p.feed(&reply[..cut]);
            out.extend(p.feed(&reply[cut..]));
            assert_eq!(out, chars("qk"), "cut at {cut}");
            assert_eq!(p.take_theme(), Some(Light), "cut at {cut}");
        }
        // Garbage and the foreground's reply set nothing and type nothing.
        let mut p = ByteParser::new();
        assert_eq!(p.feed(b"\x1b]11;rgb:zz/zz/zz\x07\x1b]10;rgb:ffff/ffff/ffff\x07\x1b]11;?\x07"), vec![]);
        assert_eq!(p.take_theme(), None);
        // An overlong one is dropped whole, in bounded memory.
        let mut p = ByteParser::new();
        assert_eq!(p.feed(b"\x1b]11;rgb:ffff/ffff/ffff"), vec![]);
        for _ in 0..1000 {
            assert_eq!(p.feed(b"/ffff"), vec![]);
            assert_bounded(&p);
        }
        assert_eq!(p.feed(b"\x07x"), chars("x"));
        assert_eq!(p.take_theme(), None);
    }

    #[test]
    fn control_strings_are_ignored() {
        assert_eq!(parse(b"\x1b]11;rgb:0000/0000/0000\x07x"), chars("x"));
        assert_eq!(parse(b"\x1b]52;c;aGk=\x1b\\y"), chars("y"));
        assert_eq!(parse(b"\x1bP>|xterm(390)\x1b\\z"), chars("z"));
        assert_eq!(parse(b"\x1b_Gi=1;OK\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\w"), chars("w"));
        assert_eq!(parse(b"\x1b]0;a\x1b[B"), vec![k(KeyCode::Down)]); // aborted by a new sequence
        let mut p = ByteParser::new();
        assert_eq!(p.feed(b"\x1b]10;rgb:ffff"), vec![]);
        assert!(p.pending());
        assert_eq!(p.feed(b"/ffff/ffff\x1b"), vec![]);
        assert_eq!(p.feed(b"\\k"), vec![ch('k')]);
    }

    #[test]
    fn endless_csi_is_bounded() {
        let mut p = ByteParser::new();
        p.feed(b"\x1b[");
        for _ in 0..1000 {
            assert_eq!(p.feed(b"1;2;3;4;5;6;7;8;9;"), vec![]);
        }
        match &p.state {
            State::Seq { params, overflow, .. } => assert!(params.len() <= MAX_SEQ && *overflow),
            other => panic!("not in a sequence: {other:?}"),
        }
        assert_eq!(p.feed(b"Ax"), chars("x")); // the overlong sequence is dropped whole
        let mut long = b"\x1b[".to_vec();
        long.extend(std::iter::repeat_n(b'5', 200));
        assert_eq!(parse_flushed(&long), vec![]);
        long.extend_from_slice(b"~y");
        assert_eq!(parse(&long), chars("y"));
    }

    #[test]
    fn default_is_new() {
        let mut p = ByteParser::default();
        assert!(!p.pending());
        assert_eq!(p.feed(b"a"), chars("a"));
    }

    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> usize {
            (self.next() % n) as usize
        }
    }

    /// Checks the decoder's memory bounds hold.
    fn assert_bounded(p: &ByteParser) {
        match &p.state {
            State::Seq { params, .. } => assert!(params.len() <= MAX_SEQ),
            State::Paste { buf, matched } => assert!(buf.len() <= MAX_PASTE && *matched < PASTE_END.len()),
            State::Str { text, .. } => assert!(text.len() <= MAX_REPLY),
            _ => {}
        }
    }

    #[test]
    fn no_panic_on_any_single_byte() {
        for prefix in [&b""[..], b"\x1b", b"\x1b[", b"\x1bO", b"\x1b[<", b"\x1b[M", b"\x1b]", b"\xe4", b"\x1b[200~"] {
            for b in 0..=255u8 {
                let mut p = ByteParser::new();
                p.feed(prefix);
                p.feed(&[b]);
                assert_bounded(&p);
                p.flush();
                p.feed(&[b, b]);
                p.flush();
            }
        }
    }

    #[test]
    fn no_panic_on_random_bytes() {
        const INTERESTING: &[u8] = b"\x1b\x1b\x1b[[[OO<;;;0123456789~MmABCDHFZIPu]\\\x07\r\x7f\xe4\xb8\xad\xff\x80 a";
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for round in 0..4000 {
            let len = rng.below(96);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.below(3) == 0 { rng.next() as u8 } else { INTERESTING[rng.below(INTERESTING.len() as u64)] }
                })
                .collect();
            let mut p = ByteParser::new();
            if round % 7 == 0 {
                p.feed(b"\x1b[200~");
            }
            let mut rest = &bytes[..];
            while !rest.is_empty() {
                let n = 1 + rng.below(rest.len() as u64);
                let (chunk, tail) = rest.split_at(n);
                p.feed(chunk);
                assert_bounded(&p);
                if rng.below(4) == 0 {
                    p.flush();
                    assert!(!p.pending());
                }
                rest = tail;
            }
            p.flush();
            assert!(!p.pending());
            // Whatever came before, the decoder recovers: a paste ends, an ignored CSI is dropped.
            p.feed(b"\x1b[201~");
            assert_eq!(p.feed(b"z"), vec![ch('z')]);
        }
    }
}
