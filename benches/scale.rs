//! Benchmarks at scale, on data from `dealscope gen` (made in memory, seed 1):
//!
//! - criterion: `load` (parse + validate) at 10k and 100k entities;
//!   `timeline_build` at 100k; `frame` (one full frame into a buffer) at
//!   80x24 and 200x60 on 100k; `keystroke` (each key of a 6-character query
//!   typed into the palette's search over all 100k on the worker, narrowing
//!   as the app does);
//! - then printed tables: per-keystroke search times over six queries at 100k
//!   and 1M (p50, p95, max; on the worker as the app runs it: until the rows
//!   a screen shows are ranked and every match counted, and until the
//!   palette's 500 are), the time the UI thread spends on each key while a
//!   1M search streams from the worker, each key of the timeline filter at
//!   100k and 1M, bytes written per list move at 100k, and live reload after
//!   a one-file edit at 100k and 1M against a full load, and the binary's
//!   `check` at 100k (wall time and peak memory) beside a bare
//!   single-thread serde_yaml parse of the same files (the check/parse
//!   ratio), and at 1M; beside dealscope's
//!   per-keystroke times at 100k, nucleo-matcher's over the same entities,
//!   fields and queries (the reference, a dev-dependency only).
//!
//! Run: `cargo bench --bench scale` (several minutes; about 3 GB of memory for
//! the 1M dataset). `SCALE_SKIP_1M=1` leaves the 1M part out;
//! `SCALE_ONLY=reload` runs the reload table alone, `SCALE_ONLY=keys` the
//! per-keystroke table at 100k alone, `SCALE_ONLY=memory` the `check` table
//! alone (100k with the check/parse ratio, and 1M), `SCALE_ONLY=timeline` the timeline filter's steps at 100k and 1M
//! alone, and `SCALE_ONLY=phases` prints where a search's time goes. The
//! bench allocates with the binary's allocator (`dealscope::memory`).

use std::hint::black_box;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use dealscope::app::action::Action;
use dealscope::app::msg::{Effect, Msg};
use dealscope::app::{App, Options};
use dealscope::data::model::{Dataset, EntityId};
use dealscope::search::Searcher;
use dealscope::search::worker::{SearchJob, SearchTarget, SearchWorker};
use dealscope::timeline::Timeline;
use dealscope::ui;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use dealscope::runtime::frame::{self, FrameBytes};

// The binary's allocator, so that what is timed here allocates as it does.
#[global_allocator]
static ALLOC: dealscope::memory::Allocator = mimalloc::MiMalloc;

/// Six-character queries a user might type into this data.
const QUERIES: [&str; 6] = ["kovlab", "zentra", "mate 1", "snapli", "anna m", "helix "];

fn files(n: usize) -> Vec<(String, String)> {
    dealscope::data::generate::render(n, 1, &mut |_, _| {})
}

fn dataset(n: usize) -> Arc<Dataset> {
    Arc::new(dealscope::data::load::load_texts(files(n)).dataset.expect("generated data is valid"))
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let texts = files(n);
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| dealscope::data::load::load_texts(black_box(texts.clone())).dataset.expect("valid"))
        });
    }
    group.finish();
}

fn timeline_build(c: &mut Criterion, ds: &Dataset) {
    let mut group = c.benchmark_group("timeline_build");
    group.sample_size(10);
    group.bench_function(BenchmarkId::from_parameter(ds.len()), |b| b.iter(|| Timeline::build(black_box(ds))));
    group.finish();
}

fn frame(c: &mut Criterion, ds: &Arc<Dataset>) {
    let mut group = c.benchmark_group("frame");
    for (w, h) in [(80, 24), (200, 60)] {
        let rect = Rect::new(0, 0, w, h);
        let app = App::new(Arc::clone(ds), Options::default(), w, h);
        group.bench_function(BenchmarkId::from_parameter(format!("{}k/{w}x{h}", ds.len() / 1000)), |b| {
            b.iter(|| {
                let mut buf = Buffer::empty(rect);
                ui::draw(black_box(&app), rect, &mut buf);
                buf
            })
        });
    }
    group.finish();
}

/// Typing `query` into the palette as the worker answers it: per key, the
/// time until the rows a screen shows are ranked (with every match counted),
/// and until the palette's 500 are; each key searches the previous key's
/// matches.
fn type_query_on_worker(
    ds: &Arc<Dataset>,
    searcher: &Arc<Searcher>,
    all: &[EntityId],
    query: &str,
) -> Vec<(Duration, Duration)> {
    let mut candidates = Arc::new(all.to_vec());
    let mut times = Vec::new();
    for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
        let job = SearchJob {
            ticket: 1,
            target: SearchTarget::Palette,
            ds: Arc::clone(ds),
            searcher: Arc::clone(searcher),
            query: query[..end].to_string(),
            candidates: Arc::clone(&candidates),
            limit: 500,
        };
        let start = Instant::now();
        let mut first = None;
        let mut all_in = Duration::ZERO;
        job.run(&|| false, &mut |r| {
            let at = start.elapsed();
            if first.is_none() {
                first = Some(at);
                candidates = Arc::clone(&r.matched);
            }
            if r.complete {
                all_in = at;
            }
            black_box(&r);
        });
        times.push((first.unwrap_or(all_in), all_in));
    }
    times
}

fn keystroke(c: &mut Criterion, ds: &Arc<Dataset>) {
    let searcher = Arc::new(Searcher::new(ds));
    let all: Vec<EntityId> = ds.ids().collect();
    let mut group = c.benchmark_group("keystroke");
    group.sample_size(20);
    group.bench_function(BenchmarkId::from_parameter(format!("{}k/{}", ds.len() / 1000, QUERIES[0])), |b| {
        b.iter(|| type_query_on_worker(ds, &searcher, &all, QUERIES[0]))
    });
    group.finish();
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Each entity's searched texts (name, aliases, id, tags: the fields
/// dealscope searches), as nucleo-matcher takes them.
fn haystacks(ds: &Dataset) -> Vec<Vec<nucleo_matcher::Utf32String>> {
    ds.entities()
        .iter()
        .map(|e| {
            std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(String::as_str))
                .chain([e.id.as_str()])
                .chain(e.tags.iter().map(String::as_str))
                .map(nucleo_matcher::Utf32String::from)
                .collect()
        })
        .collect()
}

/// The reference: nucleo-matcher typing `query` the same way (each key over
/// the previous key's matches, best field's score, the top 500 sorted).
fn nucleo_type_query(hay: &[Vec<nucleo_matcher::Utf32String>], query: &str) -> Vec<Duration> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
    let mut candidates: Vec<usize> = (0..hay.len()).collect();
    let mut times = Vec::new();
    for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
        let start = Instant::now();
        let pattern = Pattern::parse(&query[..end], CaseMatching::Ignore, Normalization::Smart);
        let mut hits: Vec<(usize, u32)> = candidates
            .iter()
            .filter_map(|&i| {
                hay[i].iter().filter_map(|h| pattern.score(h.slice(..), &mut matcher)).max().map(|s| (i, s))
            })
            .collect();
        candidates = hits.iter().map(|h| h.0).collect();
        let top = hits.len().min(500);
        if top > 0 {
            hits.select_nth_unstable_by(top - 1, |a, b| b.1.cmp(&a.1));
            hits[..top].sort_unstable_by_key(|h| std::cmp::Reverse(h.1));
        }
        black_box(&hits);
        times.push(start.elapsed());
    }
    times
}

/// Per-keystroke times of nucleo-matcher over the same entities, fields and
/// queries as [`keystroke_table`], on one thread; best of three per key.
fn nucleo_table(ds: &Dataset) {
    let hay = haystacks(ds);
    per_key_row(&format!("{:>5}k nucleo", ds.len() / 1000), |q| nucleo_type_query(&hay, q));
}

/// Per-keystroke search times over every query, best of three runs each:
/// on the worker until the first rows are ranked, and until all 500 are.
fn keystroke_table(ds: &Arc<Dataset>) {
    let searcher = Arc::new(Searcher::new(ds));
    let all: Vec<EntityId> = ds.ids().collect();
    let k = ds.len() / 1000;
    per_key_row(&format!("{k:>5}k first rows"), |q| {
        type_query_on_worker(ds, &searcher, &all, q).into_iter().map(|t| t.0).collect()
    });
    per_key_row(&format!("{k:>5}k all 500"), |q| {
        type_query_on_worker(ds, &searcher, &all, q).into_iter().map(|t| t.1).collect()
    });
}

/// Types every query three times with `typed` (the time of each key) and
/// prints a table row of the best time per key: p50, p95, max, and the
/// slowest first key.
fn per_key_row(label: &str, mut typed: impl FnMut(&str) -> Vec<Duration>) {
    let mut times = Vec::new();
    let mut first = Vec::new();
    for q in QUERIES {
        let runs: Vec<Vec<Duration>> = (0..3).map(|_| typed(q)).collect();
        for k in 0..runs[0].len() {
            let best = runs.iter().map(|r| r[k]).min().unwrap_or_default();
            times.push(best);
            if k == 0 {
                first.push(best);
            }
        }
    }
    times.sort();
    first.sort();
    println!(
        "| {label} | {:>4} | {:>6} | {:>6} | {:>6} | {:>13} |",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap_or(&Duration::ZERO)),
        ms(*first.last().unwrap_or(&Duration::ZERO)),
    );
}

/// Types into the palette of an app on `ds` while the worker streams results:
/// the UI thread's time per key (update + frame), and the time until the
/// last key's results are complete.
fn streaming(ds: &Arc<Dataset>) {
    let rect = Rect::new(0, 0, 80, 24);
    let mut app = App::new(Arc::clone(ds), Options::default(), 80, 24);
    let (tx, found) = mpsc::channel();
    let worker = SearchWorker::new(move |r| {
        let _ = tx.send(Arc::new(r));
    })
    .expect("a worker thread");
    let submit = |effects: Vec<Effect>| {
        for e in effects {
            if let Effect::Search(job) = e {
                worker.submit(job);
            }
        }
    };
    let mut ui_times = Vec::new();
    let mut snapshots = 0;
    let on_ui = |app: &mut App, msg: Msg| {
        let start = Instant::now();
        let effect = app.update(msg);
        let mut buf = Buffer::empty(rect);
        ui::draw(app, rect, &mut buf);
        let t = start.elapsed();
        (effect, t)
    };
    let (e, _) = on_ui(&mut app, Action::OpenPalette.into());
    submit(e);
    let mut last_key = Instant::now();
    // Applies the results that have arrived; once none is still coming, how
    // long after the last key that was.
    let apply = |app: &mut App, ui_times: &mut Vec<Duration>, snapshots: &mut usize, last_key: Instant| {
        for r in found.try_iter() {
            let (e, t) = on_ui(app, Msg::SearchDone(r));
            ui_times.push(t);
            *snapshots += 1;
            submit(e);
        }
        (!app.searching()).then(|| last_key.elapsed())
    };
    let mut done = Duration::ZERO;
    for c in QUERIES[0].chars() {
        let (e, t) = on_ui(&mut app, Action::Insert(c).into());
        last_key = Instant::now();
        done = Duration::ZERO;
        ui_times.push(t);
        submit(e);
        // A fast typist: 60 ms between keys, results applied as they come.
        while last_key.elapsed() < Duration::from_millis(60) {
            if let Some(d) = apply(&mut app, &mut ui_times, &mut snapshots, last_key) {
                done = d;
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(60).saturating_sub(last_key.elapsed()));
    }
    while done.is_zero() {
        match apply(&mut app, &mut ui_times, &mut snapshots, last_key) {
            Some(d) => done = d,
            None => std::thread::sleep(Duration::from_millis(1)),
        }
    }
    ui_times.sort();
    println!(
        "{}k, palette, \"{}\" typed 60 ms apart: longest UI-thread step {} ms (p50 {} ms) over {} steps \
         ({} result snapshots); the last key's results were complete {} ms after it",
        ds.len() / 1000,
        QUERIES[0],
        ms(*ui_times.last().unwrap_or(&Duration::ZERO)),
        ms(percentile(&ui_times, 0.5)),
        ui_times.len(),
        snapshots,
        ms(done)
    );
}

/// Types into the timeline tab's filter (which runs on the UI thread, a
/// slice at a time between keys for a big timeline) and times each key and
/// each slice with its frame, and the whole filter until it is complete.
fn timeline_filter(ds: &Arc<Dataset>) {
    let rect = Rect::new(0, 0, 80, 24);
    let mut app = App::new(Arc::clone(ds), Options::default(), 80, 24);
    let _ = app.update(Action::TimelineAll);
    let _ = app.update(Action::StartFilter);
    let mut steps = Vec::new();
    let mut step = |app: &mut App, msg: Msg| {
        let start = Instant::now();
        let _ = app.update(msg);
        let mut buf = Buffer::empty(rect);
        ui::draw(app, rect, &mut buf);
        steps.push(start.elapsed());
    };
    let started = Instant::now();
    for c in QUERIES[0].chars() {
        step(&mut app, Action::Insert(c).into());
        // A fast typist: slices run in the 60 ms until the next key.
        let key = Instant::now();
        while app.ticking() && key.elapsed() < Duration::from_millis(60) {
            step(&mut app, Msg::Tick);
        }
        std::thread::sleep(Duration::from_millis(60).saturating_sub(key.elapsed()));
    }
    while app.ticking() {
        step(&mut app, Msg::Tick);
    }
    let total = started.elapsed();
    steps.sort();
    println!(
        "{}k, timeline filter \"{}\" typed 60 ms apart over {} items: longest UI-thread step {} ms (p50 {} ms) \
         over {} steps; complete {} ms after the first key",
        ds.len() / 1000,
        QUERIES[0],
        app.timeline().items().len(),
        ms(*steps.last().unwrap_or(&Duration::ZERO)),
        ms(percentile(&steps, 0.5)),
        steps.len(),
        ms(total)
    );
}

/// Bytes written to the terminal per list move (Down, Up alternating) at 80x24.
fn bytes_per_move(ds: &Arc<Dataset>) {
    let rect = Rect::new(0, 0, 80, 24);
    let mut app = App::new(Arc::clone(ds), Options::default(), 80, 24);
    let out = FrameBytes::default();
    let backend = CrosstermBackend::new(out.clone());
    let mut term = Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(rect) }).expect("term");
    let draw = |term: &mut Terminal<CrosstermBackend<FrameBytes>>, app: &App| frame::draw_app(term, app).unwrap();
    draw(&mut term, &app);
    let mut sizes = Vec::new();
    for i in 0..200 {
        out.clear();
        let _ = app.update(if i % 4 < 2 { Action::Down } else { Action::Up });
        draw(&mut term, &app);
        sizes.push(out.len());
    }
    sizes.sort();
    println!(
        "{}k at 80x24: bytes per list move: median {} B, max {} B",
        ds.len() / 1000,
        sizes[sizes.len() / 2],
        sizes[sizes.len() - 1]
    );
}

/// Live reload after a one-file edit at `n` entities: the generated files on
/// disk, loaded once (as the first load under live reload is), shown in an
/// app; then one file edited (a firm renamed, every id in place) and loaded
/// again, parsing and validating only that file, the index and timeline
/// patched (on the reload thread), and the new data taken in by the app
/// (the UI thread's step). Beside it, a full load of the same files. Best
/// of 3 for each; prints a table row.
fn reload_after_edit(n: usize) {
    use dealscope::app::indexed::Indexed;
    use dealscope::data::load::{DataSource, Kept, Limits, load, load_again};
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files(n) {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let mut kept = Kept::default();
    let (first, _) = load_again(dir.path(), Limits::default(), &mut kept, &[]).expect("loads");
    let mut app = App::new(Indexed::new(Arc::new(first.dataset.expect("valid"))), Options::default(), 80, 24);
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let has_firms = |p: &&std::path::PathBuf| {
        let text = std::fs::read_to_string(p).unwrap();
        text.starts_with("firms:") || text.contains("\nfirms:")
    };
    let edited = names.iter().find(has_firms).expect("a file of firms").clone();
    let [mut again, mut index, mut step, mut total, mut full] = [Duration::MAX; 5];
    let mut parsed = 0;
    for round in 0..3 {
        let text = std::fs::read_to_string(&edited).unwrap();
        std::fs::write(&edited, text.replacen("name: ", &format!("name: R{round} "), 1)).unwrap();
        let changed = [edited.canonicalize().unwrap()];
        let t = Instant::now();
        let (loaded, reused) = load_again(dir.path(), Limits::default(), &mut kept, &changed).expect("loads");
        let loaded_at = t.elapsed();
        assert!(reused.in_place, "a rename keeps every id in place");
        parsed = reused.parsed;
        let data = Indexed::again(&app.indexed(), Arc::new(loaded.dataset.expect("the edit keeps the data valid")));
        let indexed_at = t.elapsed();
        let effects = app.update(Msg::Reloaded(data));
        let done = t.elapsed();
        // The old data is let go of on a thread of its own, as the runtime does.
        std::thread::spawn(move || drop(effects));
        again = again.min(loaded_at);
        index = index.min(indexed_at - loaded_at);
        step = step.min(done - indexed_at);
        total = total.min(done);
        drop(loaded.report);
        let t = Instant::now();
        let loaded = load(&DataSource::Path(dir.path().to_path_buf()), Limits::default()).expect("loads");
        full = full.min(t.elapsed());
        drop(loaded);
    }
    println!(
        "| {n:>9} | {:>5} | {parsed:>6} | {:>9} | {:>6} | {:>5} | {:>7} | {:>10} |",
        names.len(),
        ms(full),
        ms(again),
        ms(index),
        ms(step),
        ms(total)
    );
}

/// The entities' YAML files written to a temporary directory; and their size in bytes.
fn on_disk(n: usize) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut bytes = 0;
    for (name, text) in files(n) {
        bytes += text.len();
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    (dir, bytes)
}

/// Seconds of CPU (user and system) from `/proc/self/stat`: this process's
/// own (`children` false), or that of its children waited for (true).
/// Linux counts in ticks of 1/100 s (`USER_HZ`).
fn cpu_seconds(children: bool) -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("reads /proc/self/stat");
    // Fields after the command's `)`: the third field of the line is the first here.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let (user, system) = if children { (16, 17) } else { (14, 15) };
    let ticks = |n: usize| fields.get(n - 3).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(user) + ticks(system)) / 100.0
}

/// The binary's `check` on the files in `dir`: its wall time, its CPU time
/// (user and system, all threads), and its peak resident memory, with the
/// binary's own allocator (the rest of this bench runs the library). The
/// peak is the child's `VmHWM`, read every 2 ms while it runs (the rusage
/// of a child spawned from this big process would count this process's
/// pages too).
fn check_once(dir: &std::path::Path) -> (f64, f64, f64) {
    let hwm = |pid: u32| -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
    };
    let (t, cpu) = (Instant::now(), cpu_seconds(true));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .arg("--data")
        .arg(dir)
        .arg("check")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut peak: f64 = 0.0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        peak = peak.max(hwm(child.id()).unwrap_or(0.0));
        std::thread::sleep(Duration::from_millis(2));
    };
    assert!(status.success(), "check passes on generated data");
    (t.elapsed().as_secs_f64(), cpu_seconds(true) - cpu, peak)
}

/// The reference for loading (issue 29): the same files read and parsed by
/// serde_yaml into its `Value`, on one thread, in this process; seconds of
/// wall time and of CPU time.
fn bare_serde_yaml(dir: &std::path::Path) -> (f64, f64) {
    let mut paths: Vec<_> = std::fs::read_dir(dir).expect("reads").map(|e| e.expect("an entry").path()).collect();
    paths.sort();
    let (t, cpu) = (Instant::now(), cpu_seconds(false));
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("reads");
        let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("generated YAML parses");
        black_box(value);
    }
    (t.elapsed().as_secs_f64(), cpu_seconds(false) - cpu)
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn range(v: &[f64]) -> (f64, f64) {
    (v.iter().copied().fold(f64::MAX, f64::min), v.iter().copied().fold(0.0, f64::max))
}

/// `check` at `n` entities, `runs` times, each run beside a bare serde_yaml
/// parse of the same files (interleaved, so both see the same machine):
/// prints a table row, and the ratio of the medians with its budget.
fn check_row(n: usize, runs: usize, with_parse: bool) {
    let (dir, bytes) = on_disk(n);
    let (mut times, mut cpus, mut peaks, mut parses, mut parse_cpus) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let (t, cpu, peak) = check_once(dir.path());
        times.push(t);
        cpus.push(cpu);
        peaks.push(peak);
        if with_parse {
            let (t, cpu) = bare_serde_yaml(dir.path());
            parses.push(t);
            parse_cpus.push(cpu);
        }
    }
    let ((tlo, thi), (clo, chi), (lo, hi)) = (range(&times), range(&cpus), range(&peaks));
    println!(
        "| {n:>9} | {:>7.1} | {tlo:.2}-{thi:.2} s | {clo:.2}-{chi:.2} s | {lo:.0}-{hi:.0} MB | {:>12.0} |",
        bytes as f64 / 1e6,
        hi * 1024.0 * 1024.0 / n as f64
    );
    if with_parse {
        let (check, parse) = (median(&times), median(&parses));
        let ratio = check / parse;
        let (check_cpu, parse_cpu) = (median(&cpus), median(&parse_cpus));
        println!(
            "|           | check/parse {ratio:.2}x: check median {check:.2} s on {} cores against a bare serde_yaml \
             parse of the same files on one thread, median {parse:.2} s (budget 0.6x: {}); in CPU time \
             {:.2}x: {check_cpu:.2} s against {parse_cpu:.2} s (load average {}) |",
            dealscope::cores::count(),
            if ratio <= 0.6 { "met" } else { "MISSED" },
            check_cpu / parse_cpu,
            std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').next().unwrap_or("?"),
        );
    }
    if n >= 1_000_000 {
        let met = thi <= 10.0 && hi <= 1024.0;
        println!("|           | budget 10 s and 1 GB: {} |", if met { "met" } else { "MISSED" });
    }
}

/// The `check` table, with its heading: 100k beside the bare serde_yaml
/// parse, and (unless `SCALE_SKIP_1M`) 1M.
fn memory_table(with_1m: bool) {
    println!();
    println!("dealscope check (the binary): wall time, CPU time (user and system) and peak resident memory;");
    println!("at 100k five runs, each beside a bare serde_yaml parse of the same files on one thread (budget:");
    println!("check <= 0.6x of it, <= 150 MB); at 1M three runs (budget: 10 s, 1 GB).");
    println!();
    println!("|  entities | YAML MB | time | CPU time | peak | bytes/entity |");
    println!("|-----------|---------|------|----------|------|--------------|");
    check_row(100_000, 5, true);
    if with_1m {
        check_row(1_000_000, 3, false);
    }
}

/// The reload table alone (`SCALE_ONLY=reload`), with its heading.
fn reload_table(with_1m: bool) {
    println!();
    println!("Live reload after a one-file edit that keeps every id in place (files on disk; best of 3;");
    println!("milliseconds): a full load; the reload (parse and validate the edited file, the rules over");
    println!("everything); patching the index and timeline (reload thread); the app taking it in (UI thread);");
    println!("the new data shown, from the save (less the watcher's 200 ms quiet time).");
    println!();
    println!("|  entities | files | parsed | full load | reload | index | UI step | data shown |");
    println!("|-----------|-------|--------|-----------|--------|-------|---------|------------|");
    reload_after_edit(100_000);
    if with_1m {
        reload_after_edit(1_000_000);
    }
}

/// The per-keystroke table at 100k: dealscope's first rows and complete
/// palette, beside nucleo-matcher's, in one run.
fn keys_table(ds: &Arc<Dataset>) {
    println!();
    println!("Per keystroke: each key of six 6-character queries, searching all entities (as the palette does),");
    println!("narrowing from the previous key's matches; best of 3 runs per key; milliseconds.");
    println!();
    println!("| entities | keys |    p50 |    p95 |    max | max first key |");
    println!("|----------|------|--------|--------|--------|---------------|");
    keystroke_table(ds);
    nucleo_table(ds);
}

fn main() {
    dealscope::memory::give_back_soon();
    let with_1m = std::env::var_os("SCALE_SKIP_1M").is_none();
    let only = std::env::var("SCALE_ONLY").unwrap_or_default();
    if only == "reload" {
        return reload_table(with_1m);
    }
    if only == "phases" {
        return phases(&dataset(100_000));
    }
    if only == "memory" {
        return memory_table(with_1m);
    }
    if only == "timeline" {
        timeline_filter(&dataset(100_000));
        if with_1m {
            timeline_filter(&dataset(1_000_000));
        }
        return;
    }
    if only == "keys" {
        let ds100k = dataset(100_000);
        keys_table(&ds100k);
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    load(&mut c);
    let ds100k = dataset(100_000);
    timeline_build(&mut c, &ds100k);
    frame(&mut c, &ds100k);
    keystroke(&mut c, &ds100k);
    c.final_summary();

    keys_table(&ds100k);
    let big = with_1m.then(|| dataset(1_000_000));
    if let Some(ds) = &big {
        keystroke_table(ds);
    }
    println!();
    streaming(&ds100k);
    timeline_filter(&ds100k);
    if let Some(ds) = &big {
        streaming(ds);
        timeline_filter(ds);
    }
    bytes_per_move(&ds100k);
    drop(big);
    reload_table(with_1m);
    memory_table(with_1m);
}
/// Where a search's time goes at 100k, per query over all entities (best of
/// 3): sorting the matches into classes, scoring the best classes for the
/// first rows, and scoring every match as the complete ranking does.
fn phases(ds: &Arc<Dataset>) {
    let searcher = Searcher::new(ds);
    let all: Vec<EntityId> = ds.ids().collect();
    for q in ["k", "ko", "z", "ze", "m", "ma", "s", "sn", "a", "an", "h", "he", "e", "kind:event a"] {
        let p = searcher.prepare(ds, q);
        let mut best = (Duration::MAX, Duration::MAX, Duration::MAX);
        let mut sizes = String::new();
        for _ in 0..3 {
            let t = Instant::now();
            let c = searcher.classify(ds, &p, &all);
            let t1 = t.elapsed();
            let (hits, rest) = c.score_best(&searcher, ds, &p, 300);
            let t2 = t.elapsed();
            let _ = searcher.matches_prepared(ds, &p, &all);
            let t3 = t.elapsed() - t2;
            best = (best.0.min(t1), best.1.min(t2 - t1), best.2.min(t3));
            sizes = format!("matched {} scored {} rest {}", c.len(), hits.len(), rest.len());
        }
        println!(
            "{q:>8}: classify {:.2} ms, score best {:.2} ms, score all {:.2} ms; {sizes}",
            best.0.as_secs_f64() * 1e3,
            best.1.as_secs_f64() * 1e3,
            best.2.as_secs_f64() * 1e3
        );
    }
}
