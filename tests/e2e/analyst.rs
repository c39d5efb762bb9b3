//! The analyst's daily tool, end to end: the real binary in a pseudo-terminal
//! (portable-pty), its screen read back through a terminal emulator (vt100).
//!
//! * `the_lens_agrees_with_itself`: under `--as-of 2023-09-13`, each tab's
//!   count is its list's count, and Qualcomm (no founding date) is there
//!   with its 2020 deal.
//! * `help_pages_to_its_end_and_says_where_it_is`: `?` then `G` at 80x24.
//! * `e_opens_the_editor_at_the_entitys_line_and_comes_back`: `EDITOR` is a
//!   script that records its arguments and the terminal's modes.
//! * `y_copies_the_list_as_a_markdown_table`: the OSC 52 payload, decoded.
//! * `marks_survive_a_restart`: kept in a throwaway `XDG_STATE_HOME`.
//! * `no_view_label_covers_a_tab_at_80_columns`: the paths and
//!   neighbourhood views' labels beside every tab name.
//!
//! Every wait polls the emulated screen (or a file) every 20 ms; the long
//! timeout only catches a hang.
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
/// Only a hang takes this long.
const HANG: Duration = Duration::from_secs(30);

/// The app in a PTY, with the screen it draws and every byte it wrote.
struct Run {
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    seen: Arc<Mutex<(vt100::Parser, Vec<u8>)>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Run {
    fn start(args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Run {
        let pair = native_pty_system().openpty(PtySize { rows, cols, ..PtySize::default() }).expect("a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.cwd(MANIFEST_DIR);
        cmd.env("NO_COLOR", "1");
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("the app starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let size = (std::num::NonZeroU16::new(rows).unwrap(), std::num::NonZeroU16::new(cols).unwrap());
        let seen = Arc::new(Mutex::new((vt100::Parser::new(size.0, size.1, 0), Vec::new())));
        let shared = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
                s.0.process(&buf[..n]);
                s.1.extend_from_slice(&buf[..n]);
            }
        });
        Run { writer, child, seen, _master: pair.master }
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn rows(&self) -> Vec<String> {
        let s = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let cols = s.0.screen().size().1.get();
        s.0.screen().rows(0, cols).collect()
    }

    fn bytes(&self) -> Vec<u8> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).1.clone()
    }

    /// Waits until `cond` holds on the screen's rows.
    fn until(&self, what: &str, cond: impl Fn(&[String]) -> bool) {
        let start = Instant::now();
        while !cond(&self.rows()) {
            assert!(start.elapsed() < HANG, "no {what} after {HANG:?}:\n{}", self.rows().join("\n"));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, text: &str) {
        self.until(&format!("{text:?}"), |rows| rows.iter().any(|r| r.contains(text)));
    }

    fn quit(&mut self) {
        self.keys("q");
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            assert!(start.elapsed() < HANG, "the app did not quit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A copy of the demo data's files in a new directory.
fn demo_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in dealscope::data::load::DEMO_FILES {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// The number at the end of a label such as ` 5 Deals 8 `.
fn count_in(label: &str) -> usize {
    label.split_whitespace().last().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no count in {label:?}"))
}

#[test]
fn the_lens_agrees_with_itself() {
    let mut run = Run::start(&["--as-of", "2023-09-13"], &[], 35, 120);
    run.wait_for("as of 2023-09-13");
    for (i, title) in ["Firms", "People", "Chipsets", "Products", "Agreements", "Events", "Sources"].iter().enumerate()
    {
        run.keys(&(i + 1).to_string());
        let head = format!("╭ {title} ");
        run.until(&head, |rows| rows[2].starts_with(&head));
        let rows = run.rows();
        let listed = count_in(&rows[2][..rows[2].find(" ─").unwrap()]);
        let tab = format!(" {} ", i + 1);
        let at = rows[1].find(&tab).unwrap();
        let label: String = rows[1][at..].split("  ").next().unwrap().to_string();
        assert_eq!(count_in(&label), listed, "tab {label:?} against the list's {listed}\n{}", rows.join("\n"));
    }
    run.keys("1");
    run.wait_for("Qualcomm");
    run.keys("5");
    run.wait_for("Qualcomm-Huawei");
    run.keys(":pura 70");
    run.wait_for("pura 70▏");
    assert!(!run.rows().iter().any(|r| r.contains("prod Pura 70")), "{}", run.rows().join("\n"));
    run.keys("\x1b");
    run.until("the palette closed", |rows| !rows.iter().any(|r| r.contains("Go to anything")));
    run.quit();
}

#[test]
fn help_pages_to_its_end_and_says_where_it_is() {
    let mut run = Run::start(&[], &[], 24, 80);
    run.wait_for("Firms 19");
    run.keys("?");
    run.until("the help's first page", |rows| rows[22].contains(" 1-20/"));
    run.keys("G");
    run.until("the help's last page", |rows| {
        let pos = rows[22].split_whitespace().find(|w| w.contains('/') && w.contains('-')).unwrap_or("");
        pos.split_once('/').is_some_and(|(range, total)| range.ends_with(&format!("-{total}")))
    });
    run.wait_for(" Mouse");
    run.wait_for("scroll the pane under the pointer");
    run.keys("q");
    run.until("help closed", |rows| !rows.iter().any(|r| r.contains("Keys (/ filters")));
    run.quit();
}

#[test]
fn e_opens_the_editor_at_the_entitys_line_and_comes_back() {
    let data = demo_files();
    let state = tempfile::tempdir().unwrap();
    let log = data.path().join("editor.log");
    let script = data.path().join("editor.sh");
    // Records its arguments and whether the terminal was given back (cooked).
    std::fs::write(&script, format!("#!/bin/sh\nstty -a > '{0}.stty'\necho \"$@\" > '{0}'\n", log.display())).unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let dir = data.path().to_str().unwrap();
    let env =
        [("EDITOR", script.to_str().unwrap()), ("VISUAL", ""), ("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let mut run = Run::start(&["--data", dir], &env, 24, 80);
    run.wait_for("Firms 19");
    run.keys("je");
    let start = Instant::now();
    while !log.exists() {
        assert!(start.elapsed() < HANG, "the editor never ran\n{}", run.rows().join("\n"));
        std::thread::sleep(Duration::from_millis(20));
    }
    let firms = data.path().join("firms.yaml");
    let line = std::fs::read_to_string(&firms).unwrap().lines().position(|l| l.trim() == "- id: xiaomi").unwrap() + 1;
    let wait_for_file = |path: &Path| {
        let start = Instant::now();
        while std::fs::read_to_string(path).map_or(true, |t| !t.ends_with('\n')) {
            assert!(start.elapsed() < HANG);
            std::thread::sleep(Duration::from_millis(20));
        }
        std::fs::read_to_string(path).unwrap()
    };
    assert_eq!(wait_for_file(&log), format!("+{line} {}\n", firms.display()));
    let stty = wait_for_file(&data.path().join("editor.log.stty"));
    let flags: Vec<&str> = stty.split([' ', '\n', ';']).collect();
    assert!(flags.contains(&"icanon") && flags.contains(&"echo"), "the editor got a cooked terminal: {stty}");
    // The explorer is back, at the same place, drawn whole again.
    run.wait_for("editing ");
    run.until("the explorer back on its screen", |rows| rows[3].contains("Huawei") && rows[0].contains("Xiaomi"));
    let screen = run.seen.lock().unwrap().0.screen().alternate_screen();
    assert!(screen, "back on the alternate screen");
    run.quit();
}

/// The text an OSC 52 clipboard write carries, decoded.
fn clipboard(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let start = text.rfind("\x1b]52;c;")? + "\x1b]52;c;".len();
    let end = start + text[start..].find('\x07')?;
    let abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text[start..end].chars().filter(|&c| c != '=') {
        bits = (bits << 6) | abc.find(c)? as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    String::from_utf8(out).ok()
}

#[test]
fn y_copies_the_list_as_a_markdown_table() {
    let mut run = Run::start(&[], &[], 24, 80);
    run.wait_for("Firms 19");
    run.keys("Y");
    run.wait_for("copied firms as Markdown (19 rows)");
    let md = clipboard(&run.bytes()).expect("an OSC 52 write");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "| kind | id | name | date | matched |");
    assert_eq!(lines[1], "| --- | --- | --- | --- | --- |");
    assert_eq!(lines.len(), 21, "{md}");
    assert_eq!(lines[2], "| firm | huawei | Huawei | 1987-09-15 |  |");
    run.keys("Y");
    run.wait_for("as TSV");
    assert!(clipboard(&run.bytes()).unwrap().starts_with("kind\tid\tname\tdate\tmatched\n"));
    run.quit();
}

#[test]
fn marks_survive_a_restart() {
    let data = demo_files();
    let state = tempfile::tempdir().unwrap();
    let env = [("XDG_STATE_HOME", state.path().to_str().unwrap())];
    let dir = data.path().to_str().unwrap();
    let mut run = Run::start(&["--data", dir], &env, 24, 80);
    run.wait_for("Firms 19");
    run.keys("mjm");
    run.wait_for("2 marked");
    run.quit();
    let mut again = Run::start(&["--data", dir], &env, 24, 80);
    again.wait_for("back where you left off");
    again.keys("k");
    again.wait_for("2 marked");
    again.quit();
    let mut fresh = Run::start(&["--data", dir, "--fresh"], &env, 24, 80);
    fresh.wait_for("Firms 19");
    fresh.keys("j");
    fresh.until("no marks", |rows| rows[23].contains("2/19") && !rows[23].contains("marked"));
    fresh.quit();
}

#[test]
fn no_view_label_covers_a_tab_at_80_columns() {
    let tabs = ["Firms", "People", "Chips", "Prods", "Deals", "Events", "Srcs", "Time"];
    let mut run = Run::start(&[], &[], 24, 80);
    run.wait_for("Firms 19");
    run.keys("mjP");
    run.wait_for("Paths: Huawei");
    let whole = |rows: &[String], label: &str| {
        let words: Vec<&str> = rows[1].split_whitespace().collect();
        tabs.iter().all(|t| words.contains(t)) && words.last() == Some(&label)
    };
    run.until("every tab and the paths label", |rows| whole(rows, "paths"));
    run.keys("v");
    run.until("every tab and the neighbourhood label", |rows| whole(rows, "neighbourhood"));
    run.quit();
}
