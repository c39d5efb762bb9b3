//! Renders the explorer's own frames to SVG pictures for the README:
//! `cargo run --example screenshot -- docs/` writes `main.svg`, `search.svg`,
//! and, for a presented demo, `follower.svg` (a viewer following the demo
//! tour's third step, with its caption) and `speaker.svg` (the presenter's
//! speaker view of that step). Rerun it whenever the UI changes.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use dealscope::app::input::{Input, Key};
use dealscope::app::keymap;
use dealscope::app::msg::Msg;
use dealscope::app::theme::{Glyphs, Theme, ThemeName};
use dealscope::app::{App, Options, Presence, Role};
use dealscope::data::load::{DataSource, load};
use dealscope::ui::speaker::{RosterRow, SpeakerView, StepView, draw as draw_speaker};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
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

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn svg(buf: &Buffer) -> String {
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

fn frame(app: &App) -> Buffer {
    let (w, h) = app.size();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    dealscope::ui::draw(app, area, &mut buf);
    buf
}

fn press(app: &mut App, text: &str) {
    for c in text.chars() {
        if let Some(a) = keymap::dispatch(app.mode(), &Input::Key(Key::ch(c))) {
            let _ = app.update(a);
        }
    }
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "docs".into());
    std::fs::create_dir_all(&dir)?;
    let ds = Arc::new(load(&DataSource::Demo, Default::default()).expect("demo data").dataset.expect("valid"));
    let main = App::new(Arc::clone(&ds), Options::default(), 100, 30);
    std::fs::write(format!("{dir}/main.svg"), svg(&frame(&main)))?;
    let mut search = App::new(Arc::clone(&ds), Options::default(), 100, 30);
    press(&mut search, "3/kirin");
    std::fs::write(format!("{dir}/search.svg"), svg(&frame(&search)))?;
    // A presented demo: the presenter on the tour's third step, a follower.
    let mut presenter = App::new(Arc::clone(&ds), Options::default(), 100, 30);
    let _ = presenter.update(Msg::StartTour("cross-licence".into()));
    press(&mut presenter, "  ");
    let mut follower = App::new(Arc::clone(&ds), Options { captions: true, ..Options::default() }, 100, 30);
    let _ = follower.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 2 })));
    let _ = follower.update(Msg::Follow(Arc::new(presenter.snapshot())));
    let _ = follower.update(Msg::Caption(presenter.caption().unwrap_or_default().to_string()));
    std::fs::write(format!("{dir}/follower.svg"), svg(&frame(&follower)))?;
    let (tour, i) = presenter.tour().expect("the tour runs");
    let step = &tour.steps[i];
    let view = SpeakerView {
        step: Some(StepView {
            tour: tour.title.clone(),
            number: i + 1,
            steps: tour.steps.len(),
            title: step.title.clone(),
            note: step.note.clone(),
            caption: step.caption.clone(),
            next: tour.steps.get(i + 1).map(|s| s.title.clone()),
            on_step: Duration::from_secs(74),
            in_all: Duration::from_secs(262),
        }),
        waiting: None,
        roster: vec![
            RosterRow { name: "alice@laptop".into(), status: "following".into(), place: follower.place() },
            RosterRow { name: "SHA256:Xb3dG1q".into(), status: "roaming".into(), place: "Kirin 9000s".into() },
        ],
    };
    let area = Rect::new(0, 0, 100, 24);
    let mut buf = Buffer::empty(area);
    draw_speaker(&view, &Theme::new(ThemeName::Dark), &Glyphs::UNICODE, area, &mut buf);
    std::fs::write(format!("{dir}/speaker.svg"), svg(&buf))?;
    println!("wrote main.svg, search.svg, follower.svg and speaker.svg to {dir}");
    Ok(())
}
