//! Render benchmarks on the demo data, at 80x24 and 200x60:
//!
//! - `frame_buffer`: one full frame drawn by `ui::draw` into a fresh `Buffer`;
//! - `first_frame`: `App::new` plus the first draw through a fresh
//!   `Terminal<CrosstermBackend<_>>` over a byte buffer (everything written, as on startup);
//! - `cursor_move`: `update(Down)` / `update(Up)` alternating, then a redraw
//!   through the terminal, which writes only the cells that changed.
//!
//! The terminals use `Viewport::Fixed`, so nothing queries a real tty. Each
//! terminal frame is wrapped in synchronized update begin/end, as in `term.rs`.
//!
//! Run: `cargo bench --bench render` (add `-- --quick` for a short run).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dealscope::app::action::Action;
use dealscope::app::{App, Options};
use dealscope::data::load::{DataSource, load};
use dealscope::data::model::Dataset;
use dealscope::ui;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

type Term = Terminal<CrosstermBackend<FrameBytes>>;

use dealscope::runtime::frame::{self, FrameBytes};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn demo() -> Arc<Dataset> {
    let loaded = load(&DataSource::Demo, Default::default()).expect("demo data loads");
    Arc::new(loaded.dataset.expect("demo data has no errors"))
}

fn terminal(rect: Rect, out: &FrameBytes) -> Term {
    let backend = CrosstermBackend::new(out.clone());
    Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(rect) })
        .expect("a fixed viewport needs no tty")
}

/// One frame as the runtimes draw it.
fn draw(term: &mut Term, app: &App) {
    frame::draw_app(term, app).unwrap();
}

fn frame_buffer(c: &mut Criterion) {
    let ds = demo();
    let mut group = c.benchmark_group("frame_buffer");
    for (w, h) in SIZES {
        let rect = Rect::new(0, 0, w, h);
        let app = App::new(Arc::clone(&ds), Options::default(), w, h);
        group.bench_function(BenchmarkId::from_parameter(format!("{w}x{h}")), |b| {
            b.iter(|| {
                let mut buf = Buffer::empty(rect);
                ui::draw(black_box(&app), rect, &mut buf);
                buf
            })
        });
    }
    group.finish();
}

fn first_frame(c: &mut Criterion) {
    let ds = demo();
    let mut group = c.benchmark_group("first_frame");
    for (w, h) in SIZES {
        let rect = Rect::new(0, 0, w, h);
        group.bench_function(BenchmarkId::from_parameter(format!("{w}x{h}")), |b| {
            b.iter(|| {
                let app = App::new(Arc::clone(&ds), Options::default(), w, h);
                let out = FrameBytes::default();
                let mut term = terminal(rect, &out);
                draw(&mut term, &app);
                (term, out)
            })
        });
    }
    group.finish();
}

fn cursor_move(c: &mut Criterion) {
    let ds = demo();
    let mut group = c.benchmark_group("cursor_move");
    for (w, h) in SIZES {
        let rect = Rect::new(0, 0, w, h);
        let mut app = App::new(Arc::clone(&ds), Options::default(), w, h);
        let out = FrameBytes::default();
        let mut term = terminal(rect, &out);
        draw(&mut term, &app);
        let mut down = true;
        group.bench_function(BenchmarkId::from_parameter(format!("{w}x{h}")), |b| {
            b.iter(|| {
                out.clear();
                let _ = app.update(if down { Action::Down } else { Action::Up });
                down = !down;
                draw(&mut term, &app);
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, frame_buffer, first_frame, cursor_move);
criterion_main!(benches);
