//! A scanner for the bytes a program sends to a terminal: it accepts only
//! the escape sequences a ratatui/crossterm renderer writes (CSI cursor
//! moves, colours, erases and the private modes the runtimes set) and
//! printable text, and reports anything else: OSC (titles, clipboard,
//! hyperlinks; only the runtimes' own background colour query, `ESC ] 11 ; ?
//! ESC \`, passes), DCS, other ESC sequences, C0 and C1 controls, bidi overrides
//! and zero-width characters. Shared by `tests/injection.rs` and `tests/ssh.rs`.

#![allow(dead_code)]

/// Final bytes of the CSI sequences a renderer may send.
const CSI_FINALS: &[u8] = b"mHJKABCDGfhlrtX";

/// Private modes (`ESC [ ? n h/l`) the runtimes set and reset.
const PRIVATE_MODES: &[&str] = &["25", "1049", "1000", "1002", "1003", "1006", "1015", "2004", "2026"];

/// Characters that must never reach a terminal raw from data.
fn forbidden_char(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
    )
}

/// Every problem in `bytes`, with its offset and a little context.
pub fn foreign_sequences(bytes: &[u8], allow_newlines: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let context =
        |i: usize| String::from_utf8_lossy(&bytes[i.saturating_sub(20)..(i + 20).min(bytes.len())]).into_owned();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0x1b {
            match bytes.get(i + 1) {
                Some(b'[') => {
                    let start = i + 2;
                    let mut j = start;
                    while j < bytes.len() && (0x30..=0x3f).contains(&bytes[j]) {
                        j += 1;
                    }
                    while j < bytes.len() && (0x20..=0x2f).contains(&bytes[j]) {
                        j += 1;
                    }
                    let Some(&fin) = bytes.get(j) else {
                        problems.push(format!("{i}: unterminated CSI: {:?}", context(i)));
                        break;
                    };
                    let params = String::from_utf8_lossy(&bytes[start..j]);
                    let ok = CSI_FINALS.contains(&fin)
                        && match params.strip_prefix('?') {
                            Some(mode) => {
                                matches!(fin, b'h' | b'l') && mode.split(';').all(|m| PRIVATE_MODES.contains(&m))
                            }
                            None => {
                                !matches!(fin, b'h' | b'l') && params.chars().all(|c| c.is_ascii_digit() || c == ';')
                            }
                        };
                    if !ok {
                        problems.push(format!("{i}: unexpected CSI {:?}{}: {:?}", params, fin as char, context(i)));
                    }
                    i = j + 1;
                    continue;
                }
                // The question a session asks its terminal: what is your background?
                Some(b']') if bytes[i..].starts_with(dealscope::runtime::background::QUERY) => {
                    i += dealscope::runtime::background::QUERY.len();
                    continue;
                }
                other => {
                    problems.push(format!("{i}: ESC followed by {other:?} (OSC, DCS or other): {:?}", context(i)));
                    i += 2;
                    continue;
                }
            }
        }
        if b < 0x20 || b == 0x7f {
            let fine = allow_newlines && (b == b'\n' || b == b'\r');
            if !fine {
                problems.push(format!("{i}: control byte 0x{b:02X}: {:?}", context(i)));
            }
            i += 1;
            continue;
        }
        // A UTF-8 character: decode it and look at what it is.
        let len = match b {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
        let end = (i + len).min(bytes.len());
        match std::str::from_utf8(&bytes[i..end]) {
            Ok(s) => {
                if let Some(c) = s.chars().next().filter(|&c| forbidden_char(c)) {
                    problems.push(format!("{i}: raw U+{:04X}: {:?}", c as u32, context(i)));
                }
            }
            Err(_) => problems.push(format!("{i}: invalid UTF-8: {:?}", context(i))),
        }
        i = end;
    }
    problems
}
