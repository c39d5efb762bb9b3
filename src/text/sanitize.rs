//! Makes untrusted text from data files safe to show in a terminal: control
//! characters, escape sequences, bidi overrides and zero-width characters are
//! replaced by visible, inert stand-ins. Every path from data to a screen or
//! to CLI text output goes through here.

use std::borrow::Cow;

/// True for characters that must never reach a terminal raw.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width space/joiners, LRM, RLM
            | '\u{2028}' | '\u{2029}' // line/paragraph separators
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}'              // BOM / zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        )
}

/// The visible stand-in for an unsafe character: a control picture (␛, ␇, …)
/// for C0 controls, `<U+XXXX>` for the rest.
fn stand_in(c: char, out: &mut String) {
    match c {
        '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\u{7F}' => out.push('␡'),
        _ => out.push_str(&format!("<U+{:04X}>", c as u32)),
    }
}

/// One line of text, safe to draw: every unsafe character (newlines and tabs
/// included) made visible. Borrowed when nothing needed changing.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            stand_in(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Multi-line text, safe to draw: keeps `\n` line breaks, turns tabs into a
/// space, and makes every other unsafe character (`\r` included) visible.
pub fn inert_multiline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if is_unsafe(c) => stand_in(c, &mut out),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(inert("Huawei 华为"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_become_visible() {
        assert_eq!(inert("a\x1b[31mb"), "a␛[31mb");
        assert_eq!(inert("\x1b]52;c;aGk=\x07"), "␛]52;c;aGk=␇");
        assert_eq!(inert("x\u{9b}y"), "x<U+009B>y");
        assert_eq!(inert("evil\u{202E}txt"), "evil<U+202E>txt");
        assert_eq!(inert("zw\u{200B}j"), "zw<U+200B>j");
        assert_eq!(inert("a\rb\x08"), "a␍b␈");
        assert!(!inert("a\x1b\x07\u{9b}\u{202e}").chars().any(|c| c.is_control()));
    }

    #[test]
    fn multiline_keeps_breaks() {
        assert_eq!(inert_multiline("a\r\nb\tc\x1b"), "a␍\nb c␛");
    }
}
