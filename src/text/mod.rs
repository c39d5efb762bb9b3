//! Width-aware text helpers: display width, cutting to a width with an
//! ellipsis, and word wrapping that also breaks CJK text. Wide characters
//! count as two columns, so Chinese names never break alignment.

pub mod find;
pub mod input;
pub mod sanitize;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns a text takes on screen.
pub fn width(s: &str) -> usize {
    s.width()
}

/// The text cut to at most `max` columns, ending in `ellipsis` when cut.
pub fn fit(s: &str, max: usize, ellipsis: &str) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let room = max.saturating_sub(ellipsis.width());
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    if max >= ellipsis.width() {
        out.push_str(ellipsis);
    }
    out
}

/// The text padded with spaces (or cut) to exactly `cols` columns.
pub fn pad(s: &str, cols: usize, ellipsis: &str) -> String {
    let mut out = fit(s, cols, ellipsis);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Wraps text into lines of at most `max` columns, breaking at spaces where
/// it can and anywhere inside words longer than a line (CJK text included).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ') {
            let w = word.width();
            let gap = usize::from(!line.is_empty());
            if used + gap + w <= max {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            // The word alone: split it if it is wider than a line.
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > max {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_wide_text() {
        assert_eq!(fit("华为技术有限公司", 7, "…"), "华为技…");
        assert_eq!(width(&fit("华为技术有限公司", 7, "…")), 7);
        assert_eq!(fit("Huawei", 6, "…"), "Huawei");
        assert_eq!(pad("华为", 5, "…"), "华为 ");
        assert_eq!(fit("abc", 0, "…"), "");
    }

    #[test]
    fn wraps_words_and_cjk() {
        assert_eq!(wrap("the quick brown fox", 9), ["the quick", "brown fox"]);
        assert_eq!(wrap("华为与小米签署专利交叉许可", 8), ["华为与小", "米签署专", "利交叉许", "可"]);
        assert_eq!(wrap("a\nb", 5), ["a", "b"]);
        assert!(wrap("supercalifragilistic", 5).iter().all(|l| width(l) <= 5));
    }
}
