//! A frame as an SVG picture: its text in runs (one `<text>` per stretch of
//! one style, each as wide as its cells, so words can be selected and
//! copied and the file stays small), in its colours (the 16 standard
//! colours as a dark terminal shows them), with a font list that falls back
//! to CJK fonts (Noto Sans CJK, Source Han Sans, PingFang, Microsoft YaHei)
//! so 华为 is drawn as text, never as boxes; backgrounds as one rectangle a
//! run, box drawing as strokes so borders join whatever the font. The
//! pictures in the README and docs/ and the tour handouts (`dealscope tour export`) are
//! drawn with it.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const BG: &str = "#1d1f21";
const FG: &str = "#d8d8d8";
/// Monospace fonts first, then fonts with CJK glyphs on each platform.
const FONTS: &str = "'DejaVu Sans Mono', Menlo, Consolas, 'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', \
                     'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', monospace";

/// A terminal palette for the 16 standard colours (dark background).
fn hex(c: Color, fg: bool) -> Option<&'static str> {
    Some(match c {
        Color::Reset => return if fg { Some(FG) } else { None },
        Color::Black => "#1d1f21",
        Color::Red => "#cc6666",
        Color::Green => "#b5bd68",
        Color::Yellow => "#f0c674",
        Color::Blue => "#5f87d7",
        Color::Magenta => "#b294bb",
        Color::Cyan => "#8abeb7",
        Color::Gray => "#c5c8c6",
        Color::DarkGray => "#666666",
        Color::LightRed => "#ff7b7b",
        Color::LightGreen => "#c8e07a",
        Color::LightYellow => "#ffe08a",
        Color::LightBlue => "#81a2be",
        Color::LightMagenta => "#d7a6e0",
        Color::LightCyan => "#9fe3e0",
        Color::White => "#ffffff",
        _ => FG,
    })
}

/// Box-drawing characters as strokes, so borders join whatever the font.
fn box_path(sym: &str, x: f32, y: f32) -> Option<String> {
    let (l, r, t, b) = (x, x + CELL_W, y, y + CELL_H);
    let (cx, cy) = (x + CELL_W / 2.0, y + CELL_H / 2.0);
    Some(match sym {
        "─" => format!("M{l:.1} {cy:.1}H{r:.1}"),
        "│" => format!("M{cx:.1} {t:.1}V{b:.1}"),
        "╭" => format!("M{r:.1} {cy:.1}H{cx:.1}V{b:.1}"),
        "╮" => format!("M{l:.1} {cy:.1}H{cx:.1}V{b:.1}"),
        "╰" => format!("M{r:.1} {cy:.1}H{cx:.1}V{t:.1}"),
        "╯" => format!("M{l:.1} {cy:.1}H{cx:.1}V{t:.1}"),
        _ => return None,
    })
}

/// A cell's text for the picture: inert (as on screen), then escaped for XML.
fn esc(s: &str) -> String {
    crate::text::sanitize::inert(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// How one cell is drawn: its colours (reverse video applied) and its
/// text's attributes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: &'static str,
    bg: Option<&'static str>,
    bold: bool,
    underlined: bool,
    dim: bool,
}

fn look(cell: &Cell) -> Look {
    let (mut fg, mut bg) = (hex(cell.fg, true), hex(cell.bg, false));
    if cell.modifier.contains(Modifier::REVERSED) {
        (fg, bg) = (Some(bg.unwrap_or(BG)), fg);
    }
    Look {
        fg: fg.unwrap_or(FG),
        bg,
        bold: cell.modifier.contains(Modifier::BOLD),
        underlined: cell.modifier.contains(Modifier::UNDERLINED),
        dim: cell.modifier.contains(Modifier::DIM),
    }
}

/// A stretch of one row drawn one way: from column `x`, `cols` wide; of
/// wide (CJK) characters or of narrow ones, never both, as a fallback
/// font's glyphs have widths of their own.
struct Run {
    x: u16,
    cols: u16,
    text: String,
    look: Look,
    wide: bool,
}

/// The buffer as an SVG document.
pub fn svg(buf: &Buffer) -> String {
    picture(buf, buf.area.height)
}

/// The first `rows` rows of the buffer as an SVG document (a handout's
/// picture leaves the status bar's key hints out).
pub fn picture(buf: &Buffer, rows: u16) -> String {
    let (w, h) = (buf.area.width, rows.min(buf.area.height));
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="{:.0}" font-family="{FONTS}" font-size="14" xml:space="preserve" style="white-space:pre">"#,
        f32::from(w) * CELL_W + 16.0,
        f32::from(h) * CELL_H + 16.0
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" rx="6" fill="{BG}"/>"#);
    for y in 0..h {
        let py = 8.0 + f32::from(y) * CELL_H;
        let (texts, paths) = row_runs(buf, y);
        // Backgrounds: one rectangle for each stretch of one colour (a wide
        // character's colour covers both its cells).
        let width_at = |x: u16| (buf[(x, y)].symbol().width() as u16).max(1);
        let mut x = 0;
        while x < w {
            let bg = look(&buf[(x, y)]).bg;
            let start = x;
            while x < w && look(&buf[(x, y)]).bg == bg {
                x += width_at(x);
            }
            let x = x.min(w);
            if let Some(bg) = bg {
                let px = 8.0 + f32::from(start) * CELL_W;
                let width = f32::from(x - start) * CELL_W + 0.5;
                let _ = writeln!(
                    out,
                    r#"<rect x="{px:.1}" y="{py:.1}" width="{width:.1}" height="{CELL_H:.1}" fill="{bg}"/>"#
                );
            }
        }
        for (stroke, d) in paths {
            let _ = writeln!(out, r#"<path d="{d}" stroke="{stroke}" fill="none" stroke-width="1.2"/>"#);
        }
        for r in texts {
            let px = 8.0 + f32::from(r.x) * CELL_W;
            let weight = if r.look.bold { r#" font-weight="bold""# } else { "" };
            let deco = if r.look.underlined { r#" text-decoration="underline""# } else { "" };
            let opacity = if r.look.dim { r#" opacity="0.7""# } else { "" };
            let _ = writeln!(
                out,
                r#"<text x="{px:.1}" y="{:.1}" textLength="{:.1}" lengthAdjust="spacingAndGlyphs" fill="{}"{weight}{deco}{opacity}>{}</text>"#,
                py + CELL_H - 4.0,
                f32::from(r.cols) * CELL_W,
                r.look.fg,
                esc(&r.text)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// One row's text as runs of one look (without the spaces at their ends),
/// and its box drawing as one path per colour.
fn row_runs(buf: &Buffer, y: u16) -> (Vec<Run>, Vec<(&'static str, String)>) {
    let w = buf.area.width;
    let mut runs: Vec<Run> = Vec::new();
    let mut paths: Vec<(&'static str, String)> = Vec::new();
    let mut open: Option<Run> = None;
    let mut x = 0;
    while x < w {
        let cell = &buf[(x, y)];
        let sym = cell.symbol();
        let cols = (sym.width() as u16).max(1);
        let lk = look(cell);
        let px = 8.0 + f32::from(x) * CELL_W;
        let py = 8.0 + f32::from(y) * CELL_H;
        if let Some(d) = box_path(sym, px, py) {
            runs.extend(open.take());
            match paths.iter_mut().find(|(s, _)| *s == lk.fg) {
                Some((_, all)) => all.push_str(&d),
                None => paths.push((lk.fg, d)),
            }
        } else {
            // A space joins a narrow run whatever its colour (only a
            // background shows there); text of another look or width starts a run.
            let blank = sym.trim().is_empty();
            let wide = cols > 1;
            match open.as_mut() {
                Some(r) if (r.look == lk && r.wide == wide) || (blank && !r.wide) => {
                    r.text.push_str(if blank { " " } else { sym });
                    r.cols += cols;
                }
                _ if blank => runs.extend(open.take()),
                _ => {
                    runs.extend(open.take());
                    open = Some(Run { x, cols, text: sym.to_string(), look: lk, wide });
                }
            }
        }
        x += cols;
    }
    runs.extend(open);
    for r in &mut runs {
        let trimmed = r.text.trim_end().len();
        r.cols -= (r.text.len() - trimmed) as u16;
        r.text.truncate(trimmed);
    }
    (runs, paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn words_are_runs_of_text_as_wide_as_their_cells() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 2));
        buf.set_string(0, 0, "╭ Huawei 华为 ─╮", Style::default());
        buf.set_string(2, 1, "bold", Style::default().add_modifier(Modifier::BOLD));
        buf.set_string(7, 1, "<plain>", Style::default());
        let svg = picture(&buf, 2);
        let run = |x: &str, len: &str, text: &str| {
            format!(
                r##"<text x="{x}" y="21.0" textLength="{len}" lengthAdjust="spacingAndGlyphs" fill="#d8d8d8">{text}</text>"##
            )
        };
        assert!(svg.contains(&run("24.8", "50.4", "Huawei")), "{svg}");
        assert!(svg.contains(&run("83.6", "33.6", "华为")), "a wide run of its own: {svg}");
        assert!(svg.contains(r#"font-weight="bold">bold</text>"#), "{svg}");
        assert!(svg.contains(">&lt;plain&gt;</text>"), "{svg}");
        assert_eq!(svg.matches("<text").count(), 4, "{svg}");
        assert!(svg.contains("'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei'"));
        assert_eq!(picture(&buf, 1).matches("<text").count(), 2, "only the rows asked for");
    }
}
