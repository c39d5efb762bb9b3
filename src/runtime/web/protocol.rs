//! The web viewer's wire protocol: binary WebSocket messages, each starting
//! with a type byte, integers big-endian. Versioned: the page names the
//! version it speaks in its first message, and a server that does not speak
//! it says goodbye (the page then asks to be reloaded).
//!
//! From the page: [`ClientMsg`] — `Auth` first (the token from the link's
//! fragment, the window's size in cells, its colour scheme, a name), then
//! `Ack` (a frame was painted), `Resize`, `Theme`, `Key` (the bytes a
//! terminal would send for it), `Ping`. Each is small: the server refuses
//! messages over [`MAX_CLIENT_MESSAGE`] bytes.
//!
//! From the server: a full `FRAME` (size and every cell), a `DIFF` (the
//! cells that changed since the frame `base`), `STATUS` (following,
//! roaming, the presenter away, for the page's title and screen readers),
//! `PONG`, and `BYE` (why the server closes). A frame's cells come as runs:
//! a row, a column, a style (an index into the message's style table) and
//! the cells' symbols, one length-prefixed string per cell, where an empty
//! one is the right half of the wide character before it. So the server's
//! widths (unicode-width) are the only widths: the page never measures text.

use ratatui::style::{Color, Modifier};

/// The protocol version this server speaks.
pub const VERSION: u8 = 1;
/// The largest message the page may send (an `Auth` with a long name is the biggest).
pub const MAX_CLIENT_MESSAGE: usize = 512;
/// The longest token accepted in an `Auth` (a longer one is refused like a wrong one).
pub const MAX_TOKEN: usize = 128;
/// The longest name (in bytes) kept from an `Auth`.
pub const MAX_NAME: usize = 64;

/// Message types from the server.
pub mod server {
    /// A whole screen.
    pub const FRAME: u8 = 1;
    /// What changed since a frame.
    pub const DIFF: u8 = 2;
    /// The viewer's part and the presenter's presence, in words.
    pub const STATUS: u8 = 3;
    /// The answer to a ping.
    pub const PONG: u8 = 4;
    /// The server closes, and why.
    pub const BYE: u8 = 5;
}

/// Message types from the page.
mod client {
    pub const AUTH: u8 = 1;
    pub const ACK: u8 = 2;
    pub const RESIZE: u8 = 3;
    pub const THEME: u8 = 4;
    pub const KEY: u8 = 5;
    pub const PING: u8 = 6;
}

/// The colour scheme a page asks for (`prefers-color-scheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Dark background.
    Dark,
    /// Light background.
    Light,
}

/// A message from the page, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientMsg {
    /// The first message: who and how big.
    Auth {
        /// The protocol version the page speaks.
        version: u8,
        /// The token from the link's fragment (raw bytes; compared, never logged).
        token: Vec<u8>,
        /// The window's size in cells.
        cols: u16,
        /// Its rows.
        rows: u16,
        /// Its colour scheme.
        scheme: Scheme,
        /// The name the attendee typed (may be empty).
        name: String,
    },
    /// The frame `seq` (and all before it) is painted.
    Ack(u32),
    /// The window is now this many cells.
    Resize(u16, u16),
    /// The colour scheme changed.
    Theme(Scheme),
    /// A key, as the bytes a terminal sends for it.
    Key(Vec<u8>),
    /// Are you there (answered with `PONG` and the same number).
    Ping(u32),
}

/// Why a message from the page could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadMessage {
    /// Empty, too long, or cut short.
    #[error("a message of the wrong length")]
    Length,
    /// An unknown type byte.
    #[error("an unknown message type {0}")]
    Type(u8),
    /// A field out of range.
    #[error("{0}")]
    Field(&'static str),
}

/// Reads big-endian fields off a message.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], BadMessage> {
        if self.0.len() < n {
            return Err(BadMessage::Length);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, BadMessage> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, BadMessage> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, BadMessage> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn end(&self) -> Result<(), BadMessage> {
        if self.0.is_empty() { Ok(()) } else { Err(BadMessage::Length) }
    }
}

fn scheme(b: u8) -> Result<Scheme, BadMessage> {
    match b {
        0 => Ok(Scheme::Dark),
        1 => Ok(Scheme::Light),
        _ => Err(BadMessage::Field("an unknown colour scheme")),
    }
}

impl ClientMsg {
    /// Decodes one message from the page.
    pub fn decode(bytes: &[u8]) -> Result<Self, BadMessage> {
        if bytes.is_empty() || bytes.len() > MAX_CLIENT_MESSAGE {
            return Err(BadMessage::Length);
        }
        let mut r = Reader(&bytes[1..]);
        let msg = match bytes[0] {
            client::AUTH => {
                let version = r.u8()?;
                let cols = r.u16()?;
                let rows = r.u16()?;
                let scheme = scheme(r.u8()?)?;
                let len = usize::from(r.u8()?);
                if len > MAX_TOKEN {
                    return Err(BadMessage::Field("a token too long"));
                }
                let token = r.take(len)?.to_vec();
                let rest = r.take(r.0.len())?;
                let name = String::from_utf8_lossy(rest);
                let name: String = name
                    .chars()
                    .scan(0, |n, c| {
                        *n += c.len_utf8();
                        (*n <= MAX_NAME).then_some(c)
                    })
                    .collect();
                ClientMsg::Auth { version, token, cols, rows, scheme, name }
            }
            client::ACK => ClientMsg::Ack(r.u32()?),
            client::RESIZE => ClientMsg::Resize(r.u16()?, r.u16()?),
            client::THEME => ClientMsg::Theme(scheme(r.u8()?)?),
            client::KEY => {
                let key = r.take(r.0.len())?;
                if key.is_empty() || key.len() > 16 {
                    return Err(BadMessage::Field("a key of no bytes, or of too many"));
                }
                ClientMsg::Key(key.to_vec())
            }
            client::PING => ClientMsg::Ping(r.u32()?),
            t => return Err(BadMessage::Type(t)),
        };
        r.end()?;
        Ok(msg)
    }

    /// Encodes a message as the page does (for tests and the load bench).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let scheme_byte = |s: &Scheme| match s {
            Scheme::Dark => 0u8,
            Scheme::Light => 1,
        };
        match self {
            ClientMsg::Auth { version, token, cols, rows, scheme, name } => {
                out.push(client::AUTH);
                out.push(*version);
                out.extend(cols.to_be_bytes());
                out.extend(rows.to_be_bytes());
                out.push(scheme_byte(scheme));
                out.push(u8::try_from(token.len()).unwrap_or(u8::MAX));
                out.extend(token);
                out.extend(name.as_bytes());
            }
            ClientMsg::Ack(seq) => {
                out.push(client::ACK);
                out.extend(seq.to_be_bytes());
            }
            ClientMsg::Resize(c, r) => {
                out.push(client::RESIZE);
                out.extend(c.to_be_bytes());
                out.extend(r.to_be_bytes());
            }
            ClientMsg::Theme(s) => {
                out.push(client::THEME);
                out.push(scheme_byte(s));
            }
            ClientMsg::Key(bytes) => {
                out.push(client::KEY);
                out.extend(bytes);
            }
            ClientMsg::Ping(n) => {
                out.push(client::PING);
                out.extend(n.to_be_bytes());
            }
        }
        out
    }
}

/// A style as the page draws it: foreground, background, modifiers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CellStyle {
    /// Text colour.
    pub fg: Color,
    /// Background colour.
    pub bg: Color,
    /// Bold, italic, reversed, …
    pub modifier: Modifier,
}

/// A colour in four bytes: a tag (0 the default, 1–16 the named colours in
/// ANSI order, 17 an indexed colour, 18 RGB) and up to three values.
pub fn color_bytes(c: Color) -> [u8; 4] {
    match c {
        Color::Reset => [0, 0, 0, 0],
        Color::Black => [1, 0, 0, 0],
        Color::Red => [2, 0, 0, 0],
        Color::Green => [3, 0, 0, 0],
        Color::Yellow => [4, 0, 0, 0],
        Color::Blue => [5, 0, 0, 0],
        Color::Magenta => [6, 0, 0, 0],
        Color::Cyan => [7, 0, 0, 0],
        Color::Gray => [8, 0, 0, 0],
        Color::DarkGray => [9, 0, 0, 0],
        Color::LightRed => [10, 0, 0, 0],
        Color::LightGreen => [11, 0, 0, 0],
        Color::LightYellow => [12, 0, 0, 0],
        Color::LightBlue => [13, 0, 0, 0],
        Color::LightMagenta => [14, 0, 0, 0],
        Color::LightCyan => [15, 0, 0, 0],
        Color::White => [16, 0, 0, 0],
        Color::Indexed(i) => [17, i, 0, 0],
        Color::Rgb(r, g, b) => [18, r, g, b],
    }
}

/// A server message being written.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// A message of this type.
    pub fn new(kind: u8) -> Self {
        Writer(vec![kind])
    }
    /// A byte.
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    /// Two bytes.
    pub fn u16(&mut self, v: u16) {
        self.0.extend(v.to_be_bytes());
    }
    /// Four bytes.
    pub fn u32(&mut self, v: u32) {
        self.0.extend(v.to_be_bytes());
    }
    /// Text, to the end of the message.
    pub fn text(&mut self, t: &str) {
        self.0.extend(t.as_bytes());
    }
}

/// `STATUS`: the viewer's part and the presenter's presence, in words.
pub fn status(text: &str) -> Vec<u8> {
    let mut w = Writer::new(server::STATUS);
    w.text(text);
    w.0
}

/// `PONG` with the ping's number.
pub fn pong(n: u32) -> Vec<u8> {
    let mut w = Writer::new(server::PONG);
    w.u32(n);
    w.0
}

/// `BYE`: why the server closes.
pub fn bye(why: &str) -> Vec<u8> {
    let mut w = Writer::new(server::BYE);
    w.text(why);
    w.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_message_reads_back_as_written() {
        let msgs = [
            ClientMsg::Auth {
                version: VERSION,
                token: b"abc".to_vec(),
                cols: 80,
                rows: 24,
                scheme: Scheme::Light,
                name: "Zoë".into(),
            },
            ClientMsg::Ack(7),
            ClientMsg::Resize(200, 60),
            ClientMsg::Theme(Scheme::Dark),
            ClientMsg::Key(b"\x1b[B".to_vec()),
            ClientMsg::Ping(u32::MAX),
        ];
        for m in msgs {
            assert_eq!(ClientMsg::decode(&m.encode()), Ok(m));
        }
    }

    #[test]
    fn short_long_and_unknown_messages_are_refused() {
        assert_eq!(ClientMsg::decode(&[]), Err(BadMessage::Length));
        assert_eq!(ClientMsg::decode(&[2, 0, 0]), Err(BadMessage::Length));
        assert_eq!(ClientMsg::decode(&[2, 0, 0, 0, 1, 9]), Err(BadMessage::Length));
        assert_eq!(ClientMsg::decode(&[99]), Err(BadMessage::Type(99)));
        assert_eq!(ClientMsg::decode(&vec![5; MAX_CLIENT_MESSAGE + 1]), Err(BadMessage::Length));
        assert!(matches!(ClientMsg::decode(&[5]), Err(BadMessage::Field(_))));
        assert!(matches!(ClientMsg::decode(&[4, 7]), Err(BadMessage::Field(_))));
    }

    #[test]
    fn a_name_is_cut_to_its_limit_at_a_character_boundary() {
        let name = "é".repeat(100);
        let msg = ClientMsg::Auth { version: 1, token: vec![], cols: 1, rows: 1, scheme: Scheme::Dark, name };
        let Ok(ClientMsg::Auth { name, .. }) = ClientMsg::decode(&msg.encode()) else { panic!() };
        assert_eq!(name, "é".repeat(MAX_NAME / 2));
    }
}
