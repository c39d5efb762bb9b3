//! A frame as an SVG picture: each cell's text in its colours (the 16
//! standard colours as a dark terminal shows them), box drawing as strokes
//! so borders join whatever the font. The README's pictures and the tour
//! handouts (`dealscope tour export`) are drawn with it.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const BG: &str = "#1d1f21";
const FG: &str = "#d8d8d8";

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

/// The buffer as an SVG document.
pub fn svg(buf: &Buffer) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="{:.0}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">"#,
        f32::from(w) * CELL_W + 16.0,
        f32::from(h) * CELL_H + 16.0
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" rx="6" fill="{BG}"/>"#);
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let cell = &buf[(x, y)];
            let sym = cell.symbol();
            let cols = (sym.width() as u16).max(1);
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (hex(cell.fg, true), hex(cell.bg, false));
            if reversed {
                (fg, bg) = (Some(bg.unwrap_or(BG)), fg);
            }
            let px = 8.0 + f32::from(x) * CELL_W;
            let py = 8.0 + f32::from(y) * CELL_H;
            if let Some(bg) = bg {
                let _ = writeln!(
                    out,
                    r#"<rect x="{px:.1}" y="{py:.1}" width="{:.1}" height="{CELL_H:.1}" fill="{bg}"/>"#,
                    f32::from(cols) * CELL_W + 0.5
                );
            }
            if let Some(path) = box_path(sym, px, py) {
                let _ =
                    writeln!(out, r#"<path d="{path}" stroke="{}" fill="none" stroke-width="1.2"/>"#, fg.unwrap_or(FG));
            } else if sym != " " {
                let weight = if cell.modifier.contains(Modifier::BOLD) { r#" font-weight="bold""# } else { "" };
                let deco =
                    if cell.modifier.contains(Modifier::UNDERLINED) { r#" text-decoration="underline""# } else { "" };
                let opacity = if cell.modifier.contains(Modifier::DIM) { r#" opacity="0.7""# } else { "" };
                let _ = writeln!(
                    out,
                    r#"<text x="{px:.1}" y="{:.1}" fill="{}"{weight}{deco}{opacity}>{}</text>"#,
                    py + CELL_H - 4.0,
                    fg.unwrap_or(FG),
                    esc(sym)
                );
            }
            x += cols;
        }
    }
    out.push_str("</svg>\n");
    out
}
