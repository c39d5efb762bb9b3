//! A drawn screen (a ratatui `Buffer`) as the page's messages: a whole
//! `FRAME`, or a `DIFF` of the cells that changed since the last frame sent.
//! Cells go as runs of one style; a wide character's right half goes as an
//! empty cell, so the page lays out exactly the widths the server drew with.

use std::collections::HashMap;

use ratatui::buffer::{Buffer, Cell};
use unicode_width::UnicodeWidthStr;

use super::protocol::{CellStyle, Writer, color_bytes, server};

/// Columns a cell's symbol takes (a wide character two).
fn width(cell: &Cell) -> usize {
    cell.symbol().width().clamp(1, 2)
}

fn style_of(cell: &Cell) -> CellStyle {
    CellStyle { fg: cell.fg, bg: cell.bg, modifier: cell.modifier }
}

/// Which cells of row `y` are the right half of the wide character before them.
fn right_halves(buf: &Buffer, y: u16) -> Vec<bool> {
    let mut halves = vec![false; usize::from(buf.area.width)];
    let mut prev_wide = false;
    for x in 0..buf.area.width {
        halves[usize::from(x)] = prev_wide;
        prev_wide = !prev_wide && width(&buf[(x, y)]) == 2;
    }
    halves
}

/// Which cells of row `y` go: every one (`base` = `None`) or those that
/// differ from `base`, widened so that a wide character, in the new screen
/// or the old, always goes whole (the page then never keeps half of one).
fn marked(buf: &Buffer, base: Option<&Buffer>, y: u16, halves: &[bool]) -> Vec<bool> {
    let mut marks: Vec<bool> = (0..buf.area.width).map(|x| base.is_none_or(|b| b[(x, y)] != buf[(x, y)])).collect();
    let old_halves = base.map(|b| right_halves(b, y)).unwrap_or_default();
    for x in 1..marks.len() {
        let half = halves[x] || old_halves.get(x).copied().unwrap_or(false);
        if half && (marks[x] || marks[x - 1]) {
            marks[x] = true;
            marks[x - 1] = true;
        }
    }
    marks
}

/// The runs of one message: styles numbered in the order first met.
#[derive(Default)]
struct Runs {
    styles: Vec<CellStyle>,
    index: HashMap<CellStyle, u16>,
    body: Vec<u8>,
    count: u32,
}

impl Runs {
    fn style(&mut self, s: CellStyle) -> u16 {
        if let Some(i) = self.index.get(&s) {
            return *i;
        }
        let i = u16::try_from(self.styles.len()).unwrap_or(u16::MAX);
        self.styles.push(s);
        self.index.insert(s, i);
        i
    }

    /// Adds the marked cells of row `y`, a run per stretch of one style.
    fn row(&mut self, buf: &Buffer, y: u16, marks: &[bool], wide_at: &[bool]) {
        let w = buf.area.width;
        let mut x = 0u16;
        while x < w {
            if !marks[usize::from(x)] {
                x += 1;
                continue;
            }
            let style = style_of(&buf[(x, y)]);
            let start = x;
            let mut cells = Vec::new();
            while x < w
                && marks[usize::from(x)]
                && (x == start || wide_at[usize::from(x)] || style_of(&buf[(x, y)]) == style)
            {
                if wide_at[usize::from(x)] {
                    cells.push(0u8);
                } else {
                    let sym = buf[(x, y)].symbol();
                    let mut end = sym.len().min(255);
                    while !sym.is_char_boundary(end) {
                        end -= 1;
                    }
                    let sym = if end == 0 { " " } else { &sym[..end] };
                    cells.push(sym.len() as u8);
                    cells.extend(sym.as_bytes());
                }
                x += 1;
            }
            let index = self.style(style);
            self.body.extend(y.to_be_bytes());
            self.body.extend(start.to_be_bytes());
            self.body.extend(index.to_be_bytes());
            self.body.extend((x - start).to_be_bytes());
            self.body.extend(cells);
            self.count += 1;
        }
    }

    fn finish(self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(self.styles.len() * 10 + 6 + self.body.len()));
        w.u16(u16::try_from(self.styles.len()).unwrap_or(u16::MAX));
        for s in &self.styles {
            w.0.extend(color_bytes(s.fg));
            w.0.extend(color_bytes(s.bg));
            w.u16(s.modifier.bits());
        }
        w.u32(self.count);
        w.0.extend(self.body);
        w.0
    }
}

/// A `FRAME`: the whole screen, numbered `seq`.
#[cfg(test)]
pub fn full(seq: u32, buf: &Buffer) -> Vec<u8> {
    message(seq, None, buf, &full_body(buf))
}

/// A `DIFF` from frame `base` (drawn as `old`) to `new`, numbered `seq`;
/// `None` when nothing changed. Both must be the same size.
#[cfg(test)]
pub fn diff(seq: u32, base: u32, old: &Buffer, new: &Buffer) -> Option<Vec<u8>> {
    diff_body(old, new).map(|body| message(seq, Some(base), new, &body))
}

/// A message from its header and a body made by [`full_body`] (`base`
/// `None`: a `FRAME` of `buf`) or [`diff_body`] (a `DIFF` from `base`): the
/// body does not depend on the numbers, so viewers that take the same
/// change share one.
pub fn message(seq: u32, base: Option<u32>, buf: &Buffer, body: &[u8]) -> Vec<u8> {
    let mut w = Writer::new(if base.is_some() { server::DIFF } else { server::FRAME });
    w.0.reserve(12 + body.len());
    w.u32(seq);
    match base {
        Some(base) => w.u32(base),
        None => {
            w.u16(buf.area.width);
            w.u16(buf.area.height);
        }
    }
    w.0.extend_from_slice(body);
    w.0
}

/// The cells of a whole screen: a `FRAME`'s body.
pub fn full_body(buf: &Buffer) -> Vec<u8> {
    let mut runs = Runs::default();
    for y in 0..buf.area.height {
        let halves = right_halves(buf, y);
        let marks = marked(buf, None, y, &halves);
        runs.row(buf, y, &marks, &halves);
    }
    runs.finish()
}

/// The cells that changed from `old` to `new`: a `DIFF`'s body; `None`
/// when nothing changed. Both must be the same size.
pub fn diff_body(old: &Buffer, new: &Buffer) -> Option<Vec<u8>> {
    debug_assert_eq!(old.area, new.area);
    let width = usize::from(new.area.width);
    let mut runs = Runs::default();
    for y in 0..new.area.height {
        let row = usize::from(y) * width..usize::from(y + 1) * width;
        if old.content[row.clone()] == new.content[row] {
            continue;
        }
        let halves = right_halves(new, y);
        let marks = marked(new, Some(old), y, &halves);
        runs.row(new, y, &marks, &halves);
    }
    (runs.count > 0).then(|| runs.finish())
}

/// The screen as the page would show it after applying a message: the
/// decoder the tests and the load bench read frames with (the page's own
/// is `page.js`). Rows of cells, each cell its symbol ("" for a wide
/// character's right half) and its style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    /// Width in cells.
    pub cols: u16,
    /// Height in cells.
    pub rows: u16,
    /// Row-major cells: symbol and style.
    pub cells: Vec<(String, CellStyle)>,
    /// The last frame applied.
    pub seq: u32,
}

/// Why a server message could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a malformed frame: {0}")]
pub struct BadFrame(pub &'static str);

impl Model {
    /// Applies a `FRAME` or `DIFF`; other messages are left alone (false).
    pub fn apply(&mut self, msg: &[u8]) -> Result<bool, BadFrame> {
        let mut r = Cursor(msg);
        let kind = r.u8()?;
        match kind {
            server::FRAME => {
                self.seq = r.u32()?;
                self.cols = r.u16()?;
                self.rows = r.u16()?;
                // Blank cells (reset colours), blanked in place: their
                // strings keep their room.
                self.cells.resize_with(usize::from(self.cols) * usize::from(self.rows), Default::default);
                for (sym, style) in &mut self.cells {
                    sym.clear();
                    sym.push(' ');
                    *style = CellStyle::default();
                }
            }
            server::DIFF => {
                let seq = r.u32()?;
                let base = r.u32()?;
                if base != self.seq {
                    return Err(BadFrame("a diff from a frame this screen does not show"));
                }
                self.seq = seq;
            }
            _ => return Ok(false),
        }
        let nstyles = r.u16()?;
        let mut styles = Vec::new();
        for _ in 0..nstyles {
            let fg = color(r.take(4)?)?;
            let bg = color(r.take(4)?)?;
            let modifier = ratatui::style::Modifier::from_bits_truncate(r.u16()?);
            styles.push(CellStyle { fg, bg, modifier });
        }
        let nruns = r.u32()?;
        for _ in 0..nruns {
            let (y, x, s, n) = (r.u16()?, r.u16()?, r.u16()?, r.u16()?);
            let style = *styles.get(usize::from(s)).ok_or(BadFrame("a style not in the table"))?;
            for i in 0..n {
                let len = usize::from(r.u8()?);
                let sym = std::str::from_utf8(r.take(len)?).map_err(|_| BadFrame("a symbol not UTF-8"))?;
                let (cx, cy) = (usize::from(x) + usize::from(i), usize::from(y));
                if cx >= usize::from(self.cols) || cy >= usize::from(self.rows) {
                    return Err(BadFrame("a cell off the screen"));
                }
                let cell = &mut self.cells[cy * usize::from(self.cols) + cx];
                cell.0.clear();
                cell.0.push_str(sym);
                cell.1 = style;
            }
        }
        if !r.0.is_empty() {
            return Err(BadFrame("bytes after the last run"));
        }
        Ok(true)
    }

    /// Row `y` as text (a wide character's right half adds nothing).
    pub fn row_text(&self, y: u16) -> String {
        let start = usize::from(y) * usize::from(self.cols);
        self.cells[start..start + usize::from(self.cols)].iter().map(|(s, _)| s.as_str()).collect()
    }

    /// Whether some row holds `needle` (no row is built but one at a time).
    pub fn contains(&self, needle: &str) -> bool {
        let mut row = String::new();
        self.cells.chunks(usize::from(self.cols).max(1)).any(|cells| {
            row.clear();
            cells.iter().for_each(|(s, _)| row.push_str(s));
            row.contains(needle)
        })
    }

    /// Every row as text, one line each.
    pub fn text(&self) -> String {
        (0..self.rows).map(|y| self.row_text(y)).collect::<Vec<_>>().join("\n")
    }
}

fn color(b: &[u8]) -> Result<ratatui::style::Color, BadFrame> {
    use ratatui::style::Color::*;
    const NAMED: [ratatui::style::Color; 16] = [
        Black,
        Red,
        Green,
        Yellow,
        Blue,
        Magenta,
        Cyan,
        Gray,
        DarkGray,
        LightRed,
        LightGreen,
        LightYellow,
        LightBlue,
        LightMagenta,
        LightCyan,
        White,
    ];
    Ok(match b[0] {
        0 => Reset,
        n @ 1..=16 => NAMED[usize::from(n) - 1],
        17 => Indexed(b[1]),
        18 => Rgb(b[1], b[2], b[3]),
        _ => return Err(BadFrame("an unknown colour")),
    })
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], BadFrame> {
        if self.0.len() < n {
            return Err(BadFrame("cut short"));
        }
        let (h, t) = self.0.split_at(n);
        self.0 = t;
        Ok(h)
    }
    fn u8(&mut self) -> Result<u8, BadFrame> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, BadFrame> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, BadFrame> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    use super::*;

    fn screen(lines: &[(&str, Style)]) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 12, lines.len() as u16));
        for (y, (text, style)) in lines.iter().enumerate() {
            b.set_string(0, y as u16, text, *style);
        }
        b
    }

    #[test]
    fn a_frame_then_its_diffs_rebuild_the_screen_cell_for_cell() {
        let a = screen(&[("Huawei", Style::new().fg(Color::Yellow)), ("小米 Xiaomi", Style::new())]);
        let b = screen(&[("Huawei", Style::new().fg(Color::Yellow)), ("小米科技 MI", Style::new().bg(Color::Blue))]);
        let c = screen(&[("華為 Huawei", Style::new().fg(Color::Rgb(1, 2, 3))), ("Xiaomi", Style::new())]);
        let mut page = Model::default();
        assert_eq!(page.apply(&full(1, &a)), Ok(true));
        assert_eq!(page.row_text(1), "小米 Xiaomi ");
        for (seq, (old, new)) in [(2, (&a, &b)), (3, (&b, &c))] {
            let msg = diff(seq, seq - 1, old, new).expect("a change");
            assert_eq!(page.apply(&msg), Ok(true));
            for y in 0..new.area.height {
                for x in 0..new.area.width {
                    let (sym, style) = &page.cells[usize::from(y) * 12 + usize::from(x)];
                    let cell = &new[(x, y)];
                    let right_half = x > 0 && width(&new[(x - 1, y)]) == 2 && sym.is_empty();
                    assert!(right_half || sym == cell.symbol(), "({x},{y}): {sym:?} against {:?}", cell.symbol());
                    // A right half is drawn with its character's style.
                    assert!(right_half || *style == style_of(cell), "({x},{y})");
                }
            }
        }
        assert_eq!(page.row_text(0), "華為 Huawei ");
        assert!(page.contains("華為 Hua") && page.contains("Xiaomi") && !page.contains("小米"));
    }

    #[test]
    fn an_unchanged_screen_sends_nothing_and_a_small_change_little() {
        let a = screen(&[("Huawei", Style::new()), ("Xiaomi", Style::new())]);
        assert_eq!(diff(2, 1, &a, &a), None);
        let b = screen(&[("Huawei", Style::new()), ("Xiaoma", Style::new())]);
        let msg = diff(2, 1, &a, &b).expect("a change");
        // One style, one run of one cell.
        assert!(msg.len() < 40, "{} bytes", msg.len());
    }

    #[test]
    fn a_wide_character_changed_in_either_half_goes_whole() {
        let a = screen(&[("ab", Style::new())]);
        let b = screen(&[("a小", Style::new())]);
        let mut page = Model::default();
        page.apply(&full(1, &a)).unwrap();
        page.apply(&diff(2, 1, &a, &b).unwrap()).unwrap();
        assert_eq!(page.row_text(0), "a小         "); // the right half adds nothing
        page.apply(&diff(3, 2, &b, &a).unwrap()).unwrap();
        assert_eq!(page.row_text(0), "ab          ");
    }

    #[test]
    fn a_diff_from_another_base_is_refused() {
        let a = screen(&[("x", Style::new())]);
        let b = screen(&[("y", Style::new())]);
        let mut page = Model::default();
        page.apply(&full(5, &a)).unwrap();
        assert!(page.apply(&diff(7, 6, &a, &b).unwrap()).is_err());
    }
}
