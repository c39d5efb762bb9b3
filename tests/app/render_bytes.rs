//! Bytes written to the terminal per cursor move, on the demo data.
//!
//! Draws through a `Terminal<CrosstermBackend<_>>` over a byte buffer with a fixed viewport
//! (no tty), each frame wrapped in synchronized update begin/end as in
//! `term.rs`, so the bytes counted are the bytes the runtime would send.
//! Deterministic: nothing here is timed.
//!
//! Each move is measured against its floor: the bytes of just the cells that
//! changed, as the backend encodes them.
//!
//! `cargo test --test app render_bytes -- --nocapture` prints the min/median/max.

use std::sync::Arc;

use dealscope::app::action::Action;
use dealscope::app::layout::Layout;
use dealscope::app::{App, Options};
use dealscope::data::load::{DataSource, load};
use dealscope::data::model::Dataset;
use dealscope::ui;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Moves each way.
const MOVES: usize = 20;

type Term = Terminal<CrosstermBackend<FrameBytes>>;

use dealscope::runtime::frame::{self, FrameBytes};

fn demo() -> Arc<Dataset> {
    let loaded = load(&DataSource::Demo, Default::default()).expect("demo data loads");
    Arc::new(loaded.dataset.expect("demo data has no errors"))
}

/// Draws one frame as the runtime does; returns the bytes it wrote and the frame.
fn draw(term: &mut Term, out: &FrameBytes, app: &App) -> (usize, Buffer) {
    out.clear();
    let frame =
        frame::synchronized(term, |t| Ok(t.draw(|f| ui::draw(app, f.area(), f.buffer_mut()))?.buffer.clone())).unwrap();
    (out.len(), frame)
}

/// One cursor move: what was pressed, the bytes written, and the frames around it.
struct Move {
    n: usize,
    action: Action,
    from: usize,
    to: usize,
    bytes: usize,
    before: Buffer,
    after: Buffer,
    layout: Layout,
    /// The detail pane scrolled: its lines are all rewritten.
    scrolled: bool,
}

struct Run {
    first_frame: usize,
    /// What a frame in which nothing changed writes: the synchronized-update
    /// markers, hiding the cursor, the closing style reset.
    idle: usize,
    moves: Vec<Move>,
}

fn run(w: u16, h: u16, in_detail: bool) -> Run {
    let rect = Rect::new(0, 0, w, h);
    let out = FrameBytes::default();
    let backend = CrosstermBackend::new(out.clone());
    let mut term = Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(rect) })
        .expect("a fixed viewport needs no tty");
    let mut app = App::new(demo(), Options::default(), w, h);
    if in_detail {
        let _ = app.update(Action::FocusDetail);
    }
    let (first_frame, mut before) = draw(&mut term, &out, &app);
    let (idle, _) = draw(&mut term, &out, &app);
    let actions = std::iter::repeat_n(Action::Down, MOVES).chain(std::iter::repeat_n(Action::Up, MOVES));
    let mut moves = Vec::new();
    for (n, action) in actions.enumerate() {
        let pos = |app: &App| if in_detail { app.detail().cursor.unwrap_or(0) } else { app.list().selected };
        let from = pos(&app);
        let scroll = app.detail().scroll;
        let _ = app.update(action.clone());
        let to = pos(&app);
        let scrolled = app.detail().scroll != scroll;
        let (bytes, after) = draw(&mut term, &out, &app);
        moves.push(Move {
            n: n + 1,
            action,
            from,
            to,
            bytes,
            before: std::mem::replace(&mut before, after.clone()),
            after,
            layout: app.layout(),
            scrolled,
        });
    }
    Run { first_frame, idle, moves }
}

fn median(sorted: &[usize]) -> usize {
    let n = sorted.len();
    if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2 }
}

fn stats(bytes: impl Iterator<Item = usize>) -> String {
    let mut v: Vec<usize> = bytes.collect();
    if v.is_empty() {
        return "none".into();
    }
    v.sort_unstable();
    format!("n={} min={} median={} max={}", v.len(), v[0], median(&v), v[v.len() - 1])
}

/// The text of row `y` from column `x0` to `x1` (inclusive).
fn row_text(buf: &Buffer, y: u16, x0: u16, x1: u16) -> String {
    (x0..=x1).map(|x| buf[(x, y)].symbol()).collect()
}

/// Where the bytes of a move went, pane by pane: cells changed, and the bytes
/// those cells alone encode to (each pane's diff drawn on its own backend, less
/// the style reset every draw ends with; the sum differs a little from the
/// frame's total, as cursor moves and colours are not shared across panes and
/// the frame adds the sync, hide-cursor and reset sequences).
fn by_pane(m: &Move) -> String {
    let l = m.layout;
    let panes = [("header", l.header), ("tabs", l.tabs), ("list", l.list), ("detail", l.detail), ("status", l.status)];
    let diff = m.before.diff(&m.after);
    let reset = encoded(Vec::new());
    let mut parts = Vec::new();
    for (name, rect) in panes {
        let cells: Vec<_> = diff.iter().copied().filter(|&(x, y, _)| rect.contains((x, y).into())).collect();
        if cells.is_empty() {
            continue;
        }
        let n = cells.len();
        let bytes = encoded(cells) - reset;
        parts.push(format!("{name} {n} cells ~{bytes} B"));
    }
    parts.join(", ")
}

/// The bytes the terminal backend writes for these cells alone (with the
/// cursor moves between them and the colours they need, and the style reset
/// every draw ends with).
fn encoded(cells: Vec<(u16, u16, &Cell)>) -> usize {
    let out = FrameBytes::default();
    let mut backend = CrosstermBackend::new(out.clone());
    backend.draw(cells.into_iter()).unwrap();
    Backend::flush(&mut backend).unwrap();
    out.len()
}

/// The floor for a move: the bytes of the cells that actually changed
/// between the two frames, with the cursor moves between them and their
/// colours, as the backend encodes them. No renderer that sends only what
/// changed on screen can write less (a scroll region could, for a pane
/// whose lines all move).
fn floor(m: &Move) -> usize {
    encoded(m.before.diff(&m.after)) - encoded(Vec::new())
}

/// The largest share of the floor a list move may write: the frame's
/// synchronized-update markers and cursor handling are all it may add.
const MAX_OVER_FLOOR: f64 = 1.2;

/// min/median/max of bytes over the floor, as ratios.
fn ratios(moves: &[&Move]) -> String {
    let mut r: Vec<f64> = moves.iter().map(|m| m.bytes as f64 / floor(m).max(1) as f64).collect();
    if r.is_empty() {
        return "none".into();
    }
    r.sort_by(f64::total_cmp);
    format!("n={} min={:.2}x median={:.2}x max={:.2}x", r.len(), r[0], r[r.len() / 2], r[r.len() - 1])
}

/// Which cells differ between the frames around a move, row by row.
fn dump(m: &Move) -> String {
    let mut out = String::new();
    let area = m.after.area;
    for y in area.top()..area.bottom() {
        let changed: Vec<u16> = (area.left()..area.right()).filter(|&x| m.before[(x, y)] != m.after[(x, y)]).collect();
        let (Some(&x0), Some(&x1)) = (changed.first(), changed.last()) else {
            continue;
        };
        let styles_only = changed.iter().filter(|&&x| m.before[(x, y)].symbol() == m.after[(x, y)].symbol()).count();
        out += &format!(
            "  y={y:>2} x={x0}..={x1} {} cells ({styles_only} style only)\n    before: {:?}\n    after:  {:?}\n",
            changed.len(),
            row_text(&m.before, y, x0, x1),
            row_text(&m.after, y, x0, x1),
        );
        if styles_only > 0 {
            let x = changed.iter().copied().find(|&x| m.before[(x, y)].symbol() == m.after[(x, y)].symbol()).unwrap();
            let (b, a) = (&m.before[(x, y)], &m.after[(x, y)]);
            out += &format!(
                "    e.g. x={x} {:?}: fg {:?}->{:?} bg {:?}->{:?} mod {:?}->{:?}\n",
                a.symbol(),
                b.fg,
                a.fg,
                b.bg,
                a.bg,
                b.modifier,
                a.modifier
            );
        }
    }
    out
}

fn headline(m: &Move) -> String {
    format!("move {:>2} ({:?}, row {} -> {}): {} B; {}", m.n, m.action, m.from, m.to, m.bytes, by_pane(m))
}

/// Moves of the link cursor in the detail pane: each writes its floor (the
/// cells that changed) plus a frame's fixed cost, no more.
fn check(w: u16, h: u16) {
    let r = run(w, h, true);
    eprintln!("{w}x{h}: first frame {} bytes; a frame with no change {} bytes", r.first_frame, r.idle);
    assert!(
        r.first_frame > 1000,
        "{w}x{h}: the first frame wrote only {} bytes: nothing is being measured",
        r.first_frame
    );
    eprintln!(
        "{w}x{h}: bytes per link-cursor move: {}",
        stats(r.moves.iter().filter(|m| !m.scrolled).map(|m| m.bytes))
    );
    eprintln!(
        "{w}x{h}: bytes per link-cursor move that scrolls the pane (its lines rewritten): {}",
        stats(r.moves.iter().filter(|m| m.scrolled).map(|m| m.bytes))
    );
    let moved: Vec<&Move> = r.moves.iter().filter(|m| m.from != m.to).collect();
    eprintln!("{w}x{h}: link-cursor move bytes over the floor: {}", ratios(&moved));
    // Every move writes what changed and the frame's fixed cost, no more.
    let over: Vec<&Move> = r.moves.iter().filter(|m| m.bytes > floor(m) + r.idle).collect();
    if !over.is_empty() {
        // Every offending move in one line each; the cells of the first and the
        // largest in full (all of them with RENDER_BYTES_DUMP=all).
        let all = std::env::var("RENDER_BYTES_DUMP").is_ok_and(|v| v == "all");
        let largest = over.iter().max_by_key(|m| m.bytes).map(|m| m.n);
        let mut report = String::new();
        for m in &over {
            report += &format!("{} (floor {} B)\n", headline(m), floor(m));
        }
        for m in &over {
            if all || m.n == over[0].n || Some(m.n) == largest {
                report += &format!("cells that differ in move {}:\n{}", m.n, dump(m));
            }
        }
        panic!(
            "{w}x{h}: {} of {} cursor moves wrote more than the changed cells and a frame's {} B\n{report}",
            over.len(),
            r.moves.len(),
            r.idle
        );
    }
}

/// Moves in the list show another entity's card, so most of the detail pane
/// changes; each move must stay within 1.2x its floor (and well under a full
/// repaint), and a move that changed nothing writes an idle frame.
fn list_moves(w: u16, h: u16) {
    let r = run(w, h, false);
    let changed: Vec<&Move> = r.moves.iter().filter(|m| m.from != m.to).collect();
    eprintln!("{w}x{h}: bytes per list move (card redrawn): {}", stats(changed.iter().map(|m| m.bytes)));
    eprintln!("{w}x{h}: floor per list move: {}", stats(changed.iter().map(|m| floor(m))));
    eprintln!("{w}x{h}: list move bytes over the floor: {}", ratios(&changed));
    for m in &changed {
        let f = floor(m);
        assert!(
            m.bytes as f64 <= f as f64 * MAX_OVER_FLOOR,
            "{w}x{h}: {} wrote {} B against a floor of {f} B\n{}",
            headline(m),
            m.bytes,
            dump(m)
        );
        assert!(
            m.bytes < r.first_frame * 3 / 4,
            "{w}x{h}: {} is a full repaint ({} B of {})",
            headline(m),
            m.bytes,
            r.first_frame
        );
    }
    for m in r.moves.iter().filter(|m| m.from == m.to) {
        assert_eq!(m.bytes, r.idle, "{w}x{h}: a move that changed nothing wrote more than an idle frame");
    }
}

#[test]
fn list_moves_are_diffs_at_80x24_and_200x60() {
    list_moves(80, 24);
    list_moves(200, 60);
}

#[test]
fn cursor_moves_write_little_at_80x24() {
    check(80, 24);
}

#[test]
fn cursor_moves_write_little_at_200x60() {
    check(200, 60);
}
