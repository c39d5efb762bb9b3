//! End-to-end tests of the real `dealscope` binary in a pseudo-terminal.
//!
//! Each test starts the binary (built by Cargo, `CARGO_BIN_EXE_dealscope`) on
//! the slave side of a fresh PTY (portable-pty). A reader thread feeds
//! everything the program writes into a `vt100::Parser`, which plays the part
//! of the terminal emulator, and keeps a raw transcript. The tests type keys
//! into the master side and read the emulated screen: its text, the cell
//! attributes (the selected link is drawn in reverse video by the mono theme
//! that `NO_COLOR=1` selects), and the terminal modes (alternate screen,
//! hidden cursor, mouse reporting, bracketed paste).
//!
//! What is covered:
//! * `kirin_to_mate_and_back`: the explorer on the demo data: Chipsets tab, a
//!   kept fuzzy filter, following the "used in" link from Kirin 9000s to the
//!   Mate 60 Pro (breadcrumb grows), Backspace back, `q`; then the terminal is
//!   fully restored: main screen, cursor shown, mouse and paste modes off,
//!   and cooked mode (`stty -a` run after the app shows `icanon` and `echo`).
//! * `sigterm_restores_the_terminal`, `sighup_restores_the_terminal`: the same
//!   restoration when the app is killed by SIGTERM, or by SIGHUP (a dropped SSH
//!   connection), first for the app alone (screen modes), then under `sh` so
//!   `stty -a` can look at the terminal once the app is gone.
//! * `closing_the_terminal_ends_the_app`: the real hang-up: the PTY master is
//!   closed under the running app, which must exit with 129 (128 + SIGHUP,
//!   as the user guide's exit statuses promise) rather than linger.
//! * `invalid_data_prints_report_and_leaves_terminal_alone`: bad data makes
//!   the app print the full report once (what `dealscope check` prints) on
//!   the normal screen and exit 1 without ever switching to the alternate
//!   screen.
//! * `resize_redraws_at_new_size`: the UI follows SIGWINCH to 120x40, shows
//!   the "too small" notice at 50x14 and comes back at 80x24.
//! * `commands_print_section_headers_on_a_terminal`: `show` and `timeline`
//!   print section headers when stdout is a terminal, unless `--no-headers`.
//! * `huawei_timeline_to_the_cross_licence`: Huawei's timeline (`t`), down to
//!   the 2023 cross-licence, `Enter` opens the agreement's card.
//! * `broken_data_counts_its_errors_and_e_lists_them`: a save with three
//!   errors: the banner counts them, the status bar agrees, `E` lists each
//!   with its file:line:col, and fixing the file reloads.
//! * `a_white_terminal_gets_the_light_theme`, `a_silent_terminal_gets_the_dark_theme_without_a_stall`,
//!   `dealscope_theme_beats_the_background`: with no theme chosen the app
//!   asks the terminal for its background (OSC 11); this test's terminal
//!   answers white (light theme), or not at all (dark, with no stall).
//!
//! Nothing sleeps blindly: every wait polls the emulated screen (or the child)
//! every 20 ms up to `TIMEOUT`, and a timeout panics with the screen contents.
//! The emulator is fed whole frames, as a terminal that honours synchronized
//! output shows them, so a wait never passes on half a frame.
//! A test that fails kills its child (see `Drop for Session`).
//!
//! Unix only: it drives a PTY, `sh`, `stty` and `kill`.
#![cfg(unix)]

use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any single wait may take before the test fails: a hang
/// detector, generous for a loaded 2-core machine (a pass never waits it out).
const TIMEOUT: Duration = Duration::from_secs(30);
/// How long a test on generated data waits for its load.
const BIG_TIMEOUT: Duration = Duration::from_secs(60);
/// How often waits look again.
const POLL: Duration = Duration::from_millis(20);

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

const ENTER: &str = "\r";
const BACKSPACE: &str = "\x7f";

/// `sh` script that runs the app in the foreground (`$0` is the binary), then
/// shows the terminal settings it left behind, then the app's exit status.
const RUN_THEN_STTY: &str = r#""$0"; s=$?; stty -a; echo "END status=$s""#;

/// `sh` script that runs the app in the background (stdin from the terminal,
/// as a non-interactive shell would give it /dev/null), prints its pid for the
/// test to signal it, waits for it, then shows the terminal settings.
const BACKGROUND_THEN_STTY: &str = r#""$0" </dev/tty & echo "PID=$!"; wait $!; s=$?; stty -a; echo "END status=$s""#;

/// What the reader thread shares with the test.
struct Term {
    parser: vt100::Parser,
    /// Every byte the program wrote, unparsed.
    transcript: Vec<u8>,
    /// The reader saw end of file: every process holding the slave side is gone.
    eof: bool,
}

/// A program running in a PTY, with an emulated screen.
pub(crate) struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    term: Arc<Mutex<Term>>,
    exited: bool,
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize { rows, cols, ..PtySize::default() }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("terminal sizes are not zero")
}

/// The app itself, with the mono theme and a common `TERM`.
pub(crate) fn app_command(args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    cmd.env("NO_COLOR", "1");
    cmd.env("TERM", "xterm-256color");
    // What the explorer keeps between runs on --data goes nowhere it is
    // read again: a directory of its own for each session.
    static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let state = std::env::temp_dir().join(format!("dealscope-test-state-{}-{n}", std::process::id()));
    cmd.env("XDG_STATE_HOME", state);
    cmd.cwd(MANIFEST_DIR);
    cmd
}

/// `sh -c SCRIPT BIN`: the script refers to the app as `"$0"`.
fn sh_command(script: &str) -> CommandBuilder {
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script, BIN]);
    cmd.env("NO_COLOR", "1");
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(MANIFEST_DIR);
    cmd
}

impl Session {
    pub(crate) fn spawn(cmd: CommandBuilder, rows: u16, cols: u16) -> Session {
        let pair = native_pty_system().openpty(size(rows, cols)).expect("open a pty");
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        // Only the child may hold the slave side, so the reader sees EOF once
        // the child (and anything it started) is gone.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let term = Arc::new(Mutex::new(Term {
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            transcript: Vec::new(),
            eof: false,
        }));
        let shared = Arc::clone(&term);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // What was read but is not shown yet: the rest of a frame still arriving.
            let mut unshown = Vec::new();
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break, // EIO on Linux once the slave is closed
                    Ok(n) => {
                        unshown.extend_from_slice(&buf[..n]);
                        let shown = crate::common::shown_now(&unshown);
                        let mut t = shared.lock().unwrap_or_else(|e| e.into_inner());
                        t.parser.process(&unshown[..shown]);
                        t.transcript.extend_from_slice(&buf[..n]);
                        unshown.drain(..shown);
                    }
                }
            }
            let mut t = shared.lock().unwrap_or_else(|e| e.into_inner());
            t.parser.process(&unshown);
            t.eof = true;
        });
        Session { master: pair.master, writer, child, term, exited: false }
    }

    fn lock(&self) -> MutexGuard<'_, Term> {
        self.term.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Types `keys` (raw bytes as a terminal would send them).
    pub(crate) fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    /// Reads the screen (and the rest of the emulated terminal) now.
    fn screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.lock().parser.screen())
    }

    pub(crate) fn contents(&self) -> String {
        self.screen(|s| s.contents())
    }

    pub(crate) fn transcript(&self) -> String {
        String::from_utf8_lossy(&self.lock().transcript).into_owned()
    }

    /// The screen as text, with the modes that matter here, for failure messages.
    pub(crate) fn dump(&self) -> String {
        self.screen(dump_of)
    }

    /// Polls the terminal every 20 ms until `probe` returns something; panics
    /// with the screen after `TIMEOUT`.
    fn poll<T>(&self, what: &str, probe: impl FnMut(&Term) -> Option<T>) -> T {
        self.poll_within(TIMEOUT, what, probe)
    }

    /// Like `poll`, for at most `limit`.
    fn poll_within<T>(&self, limit: Duration, what: &str, mut probe: impl FnMut(&Term) -> Option<T>) -> T {
        let start = Instant::now();
        loop {
            if let Some(found) = probe(&self.lock()) {
                return found;
            }
            if start.elapsed() > limit {
                panic!("timed out after {limit:?} waiting for {what}\n{}", self.dump());
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until `cond` holds on the screen.
    fn wait_until(&self, what: &str, mut cond: impl FnMut(&vt100::Screen) -> bool) {
        self.poll(what, |t| cond(t.parser.screen()).then_some(()));
    }

    /// Waits for `text` as long as loading a big dataset (twice: the first
    /// load and a reload) takes in a debug build on a busy machine.
    fn wait_for_big(&self, text: &str) {
        self.poll_within(BIG_TIMEOUT, &format!("{text:?} on the screen"), |t| {
            t.parser.screen().contents().contains(text).then_some(())
        });
    }

    /// Waits until `text` is on the screen.
    pub(crate) fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} on the screen"), |s| s.contents().contains(text));
    }

    /// Waits for the child to exit and for its last output to be parsed.
    pub(crate) fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                panic!("the child did not exit within {TIMEOUT:?}\n{}", self.dump());
            }
            thread::sleep(POLL);
        };
        self.exited = true;
        while !self.lock().eof {
            if start.elapsed() > TIMEOUT {
                panic!("no end of output within {TIMEOUT:?} of exit\n{}", self.dump());
            }
            thread::sleep(POLL);
        }
        status
    }

    /// Resizes the PTY (the kernel sends SIGWINCH) and the emulated screen,
    /// atomically with respect to the reader, so every byte drawn for the new
    /// size is parsed at the new size.
    fn resize(&self, rows: u16, cols: u16) {
        let mut t = self.lock();
        t.parser.screen_mut().set_size(nz(rows), nz(cols));
        self.master.resize(size(rows, cols)).expect("resize the pty");
    }

    /// The terminal's local flags as `stty` would name them (`icanon`,
    /// `echo`, ...), read from the PTY while the program runs.
    fn local_flags(&self) -> Vec<String> {
        let termios = self.master.get_termios().expect("termios of the pty");
        // `LocalFlags(ISIG | ICANON | ECHO | ...)`: the crate that names the
        // flags (nix) is not ours to depend on, so read its Debug output.
        format!("{:?}", termios.local_flags)
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed test must not leave its app running: SIGHUP, then SIGKILL.
        if !self.exited && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Row `row` of the screen as text.
fn row_text(s: &vt100::Screen, row: u16) -> String {
    s.rows(0, s.size().1.get()).nth(usize::from(row)).unwrap_or_default()
}

/// The first column inside the detail pane (just right of its left border),
/// found from its title " Detail " on row 2.
fn detail_left(s: &vt100::Screen) -> Option<u16> {
    let top = row_text(s, 2);
    let at = top.find("╭ Detail ")?;
    let col = top[..at].chars().count() + 1;
    u16::try_from(col).ok()
}

/// The lines inside the detail pane, borders excluded.
fn detail_lines(s: &vt100::Screen) -> Vec<String> {
    let Some(left) = detail_left(s) else { return Vec::new() };
    let (rows, cols) = s.size();
    let width = cols.get().saturating_sub(left + 1);
    s.rows(left, width).skip(3).take(usize::from(rows.get().saturating_sub(5))).map(|l| l.trim().to_string()).collect()
}

/// The detail pane's first line: the card's title when it is scrolled to the top.
fn detail_title(s: &vt100::Screen) -> String {
    detail_lines(s).into_iter().next().unwrap_or_default()
}

/// The reverse-video runs of text inside the detail pane, as (row, col, text):
/// the mono theme draws the selected link that way (the list's selected row
/// is reverse video too, but it is outside the detail pane).
fn detail_highlights(s: &vt100::Screen) -> Vec<(u16, u16, String)> {
    let Some(left) = detail_left(s) else { return Vec::new() };
    let (rows, cols) = s.size();
    let mut runs = Vec::new();
    for row in 3..rows.get().saturating_sub(2) {
        let mut run: Option<(u16, String)> = None;
        for col in left..cols.get().saturating_sub(1) {
            let cell = s.cell(row, col);
            match cell.filter(|c| c.inverse()) {
                Some(c) => run.get_or_insert((col, String::new())).1.push_str(c.contents()),
                None => {
                    if let Some((start, text)) = run.take() {
                        runs.push((row, start, text.trim().to_string()));
                    }
                }
            }
        }
        if let Some((start, text)) = run {
            runs.push((row, start, text.trim().to_string()));
        }
    }
    runs
}

/// Asserts the terminal is back to normal after the app: main screen, cursor
/// shown, no mouse reporting, no bracketed paste.
fn assert_screen_restored(s: &Session) {
    s.screen(|screen| {
        assert!(!screen.alternate_screen(), "still on the alternate screen\n{}", dump_of(screen));
        assert!(!screen.hide_cursor(), "the cursor is still hidden\n{}", dump_of(screen));
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting is still on\n{}",
            dump_of(screen)
        );
        assert!(!screen.bracketed_paste(), "bracketed paste is still on\n{}", dump_of(screen));
    });
}

/// Asserts `stty -a` output on the screen shows cooked mode: `icanon` and
/// `echo`, not `-icanon` / `-echo` (raw mode). Words, not substrings, since
/// `-echonl` and friends contain `-echo`.
fn assert_cooked(s: &Session) {
    let text = s.contents();
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ';').collect();
    for flag in ["icanon", "echo"] {
        assert!(
            words.contains(&flag) && !words.contains(&format!("-{flag}").as_str()),
            "stty does not show `{flag}`: the terminal was left in raw mode\n{}",
            s.dump()
        );
    }
}

/// Waits for the "END status=N" line the `sh` wrappers print; returns N.
fn app_status_from_sh(s: &Session) -> i32 {
    s.wait_until("the END line after stty", |screen| {
        !screen.alternate_screen() && screen.contents().contains("END status=")
    });
    let text = s.contents();
    let rest = &text[text.find("END status=").unwrap() + "END status=".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or_else(|_| panic!("no status after END\n{}", s.dump()))
}

/// Waits until the explorer is up and its first frame complete: the kind tabs
/// on the alternate screen, down to the status bar on the last row.
fn wait_for_ui(s: &Session) {
    s.wait_until("the explorer on the alternate screen", ui_drawn);
}

fn ui_drawn(screen: &vt100::Screen) -> bool {
    let last = screen.size().0.get() - 1;
    screen.alternate_screen() && row_text(screen, 1).contains("Firms") && row_text(screen, last).contains("quit")
}

/// A screen as text, with the modes that matter here, for failure messages.
/// Inside `Session::screen`, which holds the screen's lock, use this and not
/// `Session::dump`, which would wait for that lock forever.
fn dump_of(s: &vt100::Screen) -> String {
    let (rows, cols) = s.size();
    let mut out = format!(
        "--- screen {rows}x{cols}, alternate={}, cursor hidden={} ---\n",
        s.alternate_screen(),
        s.hide_cursor()
    );
    for (i, row) in s.rows(0, cols.get()).enumerate() {
        out.push_str(&format!("{i:2}|{row}\n"));
    }
    out.push_str("---");
    out
}

/// The status bar's last word: the list position, such as "1/19".
fn list_position(screen: &vt100::Screen) -> String {
    let last = screen.size().0.get() - 1;
    row_text(screen, last).split_whitespace().last().unwrap_or_default().to_string()
}

/// While the explorer runs, the terminal is in raw mode: this makes the
/// cooked-mode checks after it meaningful.
fn assert_raw_while_running(s: &Session) {
    let flags = s.local_flags();
    assert!(
        !flags.iter().any(|f| f == "icanon" || f == "echo"),
        "the explorer runs but the terminal is not raw: {flags:?}"
    );
}

fn kill(signal: &str, pid: u32) {
    let status = Command::new("kill").args([format!("-{signal}"), pid.to_string()]).status().expect("run kill");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

#[test]
fn kirin_to_mate_and_back() {
    let mut s = Session::spawn(sh_command(RUN_THEN_STTY), 24, 80);
    wait_for_ui(&s);
    s.screen(|screen| {
        assert!(screen.alternate_screen(), "the explorer is not on the alternate screen\n{}", dump_of(screen));
        assert!(screen.hide_cursor(), "the cursor is not hidden\n{}", dump_of(screen));
        assert!(screen.bracketed_paste(), "bracketed paste is not on\n{}", dump_of(screen));
        assert_ne!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "no mouse capture");
    });
    assert_raw_while_running(&s);

    // Chipsets, then a fuzzy filter typed in two goes.
    s.send("3");
    s.wait_for("╭ Chipsets");
    s.send("/kirin");
    s.wait_until("the /kirin filter with Kirin 9000s listed", |screen| {
        let text = screen.contents();
        text.contains("/kirin") && text.contains("Kirin 9000s")
    });
    s.send(" 9000s");
    s.wait_for("/kirin 9000s");
    s.send(ENTER); // keep the filter
    s.wait_until("Kirin 9000s in the detail pane, the filter kept", |screen| {
        detail_title(screen) == "Kirin 9000s"
            && screen.contents().contains("/kirin 9000s")
            && !row_text(screen, 23).contains("keep")
    });
    s.screen(|screen| assert!(row_text(screen, 0).trim_end().ends_with("Kirin 9000s"), "{}", dump_of(screen)));

    // Focus the detail pane: the link cursor is on its first link.
    s.send(ENTER);
    s.wait_until("a highlighted link in the detail pane", |screen| !detail_highlights(screen).is_empty());

    // Walk the links until Mate 60 Pro's is the highlighted one.
    let mut tries = 0;
    loop {
        let now = s.screen(detail_highlights);
        if now.iter().any(|(_, _, text)| text == "Mate 60 Pro") {
            break;
        }
        tries += 1;
        assert!(tries <= 40, "no Mate 60 Pro link after 40 presses of j\n{}", s.dump());
        s.send("j");
        s.wait_until("the link cursor to move", |screen| {
            let next = detail_highlights(screen);
            !next.is_empty() && next != now
        });
    }

    // Follow it: the product's card, its list, a longer breadcrumb.
    s.send(ENTER);
    s.wait_until("the Mate 60 Pro card", |screen| detail_title(screen) == "Mate 60 Pro");
    s.screen(|screen| {
        let header = row_text(screen, 0);
        assert!(header.contains("Kirin 9000s › Mate 60 Pro"), "breadcrumb: {header:?}\n{}", dump_of(screen));
        assert!(screen.contents().contains("▶ Mate 60 Pro"), "Mate 60 Pro not selected\n{}", dump_of(screen));
    });

    // Back: Kirin 9000s again, where we left it (filter, selection, link cursor).
    s.send(BACKSPACE);
    s.wait_until("back on Kirin 9000s", |screen| {
        let header = row_text(screen, 0);
        header.trim_end().ends_with("Kirin 9000s") && !header.contains('›')
    });
    s.screen(|screen| {
        let text = screen.contents();
        assert!(text.contains("▶ Kirin 9000s"), "Kirin 9000s not selected\n{}", dump_of(screen));
        assert!(text.contains("/kirin 9000s"), "the kept filter is gone\n{}", dump_of(screen));
        let highlighted = detail_highlights(screen);
        assert!(
            highlighted.iter().any(|(_, _, t)| t == "Mate 60 Pro"),
            "the link cursor was not restored: {highlighted:?}\n{}",
            dump_of(screen)
        );
    });
    // Back restores the detail's scroll; `g` shows the card from its title.
    s.send("g");
    s.wait_until("the Kirin 9000s card from the top", |screen| detail_title(screen) == "Kirin 9000s");

    s.send("q");
    let app_status = app_status_from_sh(&s);
    let sh_status = s.wait_exit();
    assert_eq!(app_status, 0, "the app's exit status\n{}", s.dump());
    assert!(sh_status.success(), "sh: {sh_status:?}");
    assert_screen_restored(&s);
    assert_cooked(&s);
}

/// Sends `signal` to the running explorer; checks it exits and restores the
/// terminal: first the app alone (screen modes), then under `sh` (`stty -a`).
fn signal_restores_the_terminal(signal: &str) {
    // The app alone: its pid is the child's.
    let mut s = Session::spawn(app_command(&[]), 24, 80);
    wait_for_ui(&s);
    assert_raw_while_running(&s);
    kill(signal, s.pid());
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 128 + signal_number(signal), "SIG{signal}: exit status\n{}", s.dump());
    assert_screen_restored(&s);

    // Under sh, so stty can run once the app is gone; sh prints the app's pid.
    let s = Session::spawn(sh_command(BACKGROUND_THEN_STTY), 24, 80);
    wait_for_ui(&s);
    assert_raw_while_running(&s);
    let pid: u32 = s.poll("sh to print the app's pid", |t| {
        let text = String::from_utf8_lossy(&t.transcript);
        let rest = &text[text.find("PID=")? + "PID=".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        // Complete only once something follows the digits.
        if digits.len() == rest.len() { None } else { digits.parse().ok() }
    });
    kill(signal, pid);
    let app_status = app_status_from_sh(&s);
    assert_eq!(app_status, 128 + signal_number(signal) as i32, "SIG{signal} under sh: exit status\n{}", s.dump());
    let mut s = s;
    assert!(s.wait_exit().success());
    assert_screen_restored(&s);
    assert_cooked(&s);
}

fn signal_number(name: &str) -> u32 {
    match name {
        "HUP" => 1,
        "INT" => 2,
        "TERM" => 15,
        _ => panic!("unknown signal {name}"),
    }
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("TERM");
}

#[test]
fn sighup_restores_the_terminal() {
    signal_restores_the_terminal("HUP");
}

#[test]
fn sigint_restores_the_terminal() {
    signal_restores_the_terminal("INT");
}

/// Once the terminal is gone, crossterm 0.29's event source can loop without
/// returning (it retries a tty read that keeps failing), so the app's own
/// signal check is never reached; `term::run` has a watchdog thread for that
/// case, which this test holds to its word.
#[test]
fn closing_the_terminal_ends_the_app() {
    // A real hang-up (terminal window closed, SSH connection dropped): every
    // master descriptor is closed under the idle app, so the kernel sends it
    // SIGHUP and its reads and writes fail. It must exit, not hang or spin.
    // No `Session` here: its reader thread would keep a master descriptor open.
    let pair = native_pty_system().openpty(size(24, 80)).expect("open a pty");
    let mut child = pair.slave.spawn_command(app_command(&[])).expect("spawn in the pty");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    // Reads until the first frame is complete, then stops reading and closes
    // its descriptor (the idle app draws nothing more without input).
    thread::spawn(move || {
        let mut parser = vt100::Parser::new(nz(24), nz(80), 0);
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            parser.process(&buf[..n]);
            if ui_drawn(parser.screen()) {
                let _ = ready_tx.send(());
                return;
            }
        }
    });
    if ready_rx.recv_timeout(TIMEOUT).is_err() {
        let _ = child.kill();
        panic!("the explorer did not come up within {TIMEOUT:?}");
    }
    drop(pair.master); // the last master descriptor: hang up
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill(); // SIGHUP, then SIGKILL
            let _ = child.wait();
            panic!("dealscope still runs {TIMEOUT:?} after its terminal closed");
        }
        thread::sleep(POLL);
    };
    // 128 + SIGHUP, as the user guide's exit statuses promise (101 would be a panic, such as
    // `eprintln!` to the dead terminal; 1 an I/O error taken for the cause).
    assert_eq!(status.exit_code(), 129, "dealscope's exit status after its terminal closed");
}

#[test]
fn invalid_data_prints_report_and_leaves_terminal_alone() {
    let data = format!("{MANIFEST_DIR}/tests/fixtures/bad/unknown-field.yaml");
    let mut s = Session::spawn(app_command(&["--data", &data]), 24, 80);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 1, "exit status {status:?}\n{}", s.dump());
    let text = s.contents();
    assert!(text.contains("unknown field `partys`"), "no report\n{}", s.dump());
    assert!(text.contains("did you mean `parties`?"), "no hint\n{}", s.dump());
    assert!(!s.screen(|screen| screen.alternate_screen()), "{}", s.dump());
    // Not even briefly: the program never asked for the alternate screen.
    assert!(!s.transcript().contains("\x1b[?1049h"), "the alternate screen was entered");
    // The full report, once, exactly as `check` prints it; no "run check" after it.
    let check = Command::new(BIN).args(["check", "--data", &data]).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    let report = String::from_utf8(check.stdout).unwrap();
    assert!(report.contains("invalid: 1 error"), "{report}");
    let shown = s.transcript().replace("\r\n", "\n");
    assert_eq!(shown.matches(report.as_str()).count(), 1, "not the check report, once:\n{shown}\n---\n{report}");
    assert!(!shown.contains("full report"), "{shown}");
}

#[test]
fn commands_print_section_headers_on_a_terminal() {
    // Piped output has none (tests/cli/scripting.rs); a terminal gets them by default.
    let mut s = Session::spawn(app_command(&["show", "kirin-9000s"]), 60, 120);
    assert_eq!(s.wait_exit().exit_code(), 0, "{}", s.dump());
    let card = s.transcript();
    assert!(card.contains("\r\n  process: 7 nm (N+2)\r\n"), "{card}");
    assert!(card.contains("\r\n\r\n→ designer:\r\n  firm [hisilicon] HiSilicon\r\n"), "{card}");
    let mut s = Session::spawn(app_command(&["timeline", "--entity", "xiaomi"]), 60, 120);
    assert_eq!(s.wait_exit().exit_code(), 0, "{}", s.dump());
    assert!(s.transcript().contains("── 2023 ──\r\n"), "{}", s.transcript());
    let mut s = Session::spawn(app_command(&["show", "kirin-9000s", "--no-headers"]), 60, 120);
    assert_eq!(s.wait_exit().exit_code(), 0, "{}", s.dump());
    assert!(s.transcript().contains("\r\n→ designer: firm [hisilicon] HiSilicon\r\n"), "{}", s.transcript());
}

#[test]
fn resize_redraws_at_new_size() {
    let mut s = Session::spawn(app_command(&[]), 24, 80);
    wait_for_ui(&s);
    let position = s.screen(list_position);
    assert!(position.contains('/'), "no list position in the status bar\n{}", s.dump());

    s.resize(40, 120);
    s.wait_until(&format!("{position:?} at the end of row 39 of 120x40"), |screen| {
        ui_drawn(screen) && list_position(screen) == position
    });
    s.screen(|screen| {
        // The panes fill the new width: the detail pane's corner is on the last column.
        assert_eq!(row_text(screen, 2).chars().nth(119), Some('╮'), "{}", dump_of(screen));
    });

    s.resize(14, 50); // below the 60x15 minimum
    s.wait_for("Make the terminal larger");

    s.resize(24, 80);
    s.wait_until("the explorer back at 80x24", |screen| {
        ui_drawn(screen) && list_position(screen) == position && !screen.contents().contains("Make the terminal")
    });

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}\n{}", s.dump());
    assert_screen_restored(&s);
}

/// Issue 4's path: open Huawei, `t` for its timeline, move to the cross-licence,
/// `Enter`, and the agreement's card is shown.
#[test]
fn huawei_timeline_to_the_cross_licence() {
    let mut s = Session::spawn(app_command(&[]), 24, 80);
    wait_for_ui(&s);
    s.send("t");
    s.wait_for("Timeline: Huawei");
    s.send("g");
    let target = "Huawei-Xiaomi global patent cross-licence signed";
    let mut tries = 0;
    loop {
        // The selected row carries the pointer.
        let on_it = s.screen(|screen| {
            (0..24).any(|r| row_text(screen, r).contains(&format!("▶ 2023-09-13 signed   {}", &target[..20])))
        });
        if on_it {
            break;
        }
        tries += 1;
        assert!(tries < 200, "never reached the cross-licence\n{}", s.dump());
        // Wait for each move to be drawn: pressing on blindly overshoots the
        // target whenever the app lags behind the keys.
        let before = s.screen(list_position);
        s.send("j");
        s.wait_until("the timeline selection to move", |screen| list_position(screen) != before);
    }
    s.send(ENTER);
    s.wait_until("the agreement's card", |screen| detail_title(screen) == "Huawei-Xiaomi global patent cross-licence");
    s.wait_for("agreement · huawei-xiaomi-cross-license");
    s.send("q");
    assert!(s.wait_exit().success());
}

/// The status line after a reload of the unchanged demo data.
fn demo_reloaded() -> String {
    use dealscope::data::load::{DataSource, load};
    let ds = load(&DataSource::Demo, Default::default()).expect("the demo loads").dataset.expect("the demo is valid");
    format!("data reloaded: {} entities", ds.len())
}

/// The explorer on a copy of the demo data in a temporary directory (kept
/// while the directory lives), once its first frame is drawn.
fn explore_demo_copy() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in dealscope::data::load::DEMO_FILES {
        std::fs::write(dir.path().join(name), text).expect("write demo data");
    }
    let data = dir.path().to_str().expect("a UTF-8 path").to_string();
    let s = Session::spawn(app_command(&["--data", &data]), 24, 80);
    wait_for_ui(&s);
    (dir, s)
}

#[test]
fn editing_the_data_reloads_the_running_app() {
    let (dir, mut s) = explore_demo_copy();
    s.send("j");
    s.wait_for("firm · xiaomi");
    let firms = dir.path().join("firms.yaml");
    let text = std::fs::read_to_string(&firms).expect("read firms.yaml");
    std::fs::write(&firms, text.replacen("name: Xiaomi\n", "name: Xiaomi Corporation\n", 1)).expect("edit");
    s.wait_for(&demo_reloaded());
    s.wait_for("Xiaomi Corporation");
    s.wait_for("firm · xiaomi");
    std::fs::write(&firms, "firms: [").expect("break firms.yaml");
    s.wait_for("data not reloaded");
    s.wait_for("Xiaomi Corporation");
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
}

#[test]
fn broken_data_counts_its_errors_and_e_lists_them() {
    let (dir, mut s) = explore_demo_copy();
    let firms = dir.path().join("firms.yaml");
    let good = std::fs::read_to_string(&firms).expect("read firms.yaml");
    // Three errors: two unknown fields and a bad date.
    let broken = good
        .replacen("    name: Huawei\n", "    nme: Huawei\n", 1)
        .replacen("    founded: 1987-09-15\n", "    founded: someday\n", 1)
        .replacen("    hq: Beijing\n", "    hq: Beijing\n    colour: orange\n", 1);
    std::fs::write(&firms, broken).expect("break firms.yaml");
    s.wait_for("data invalid: 3 errors");
    s.wait_for("E lists them (showing the last good data)");
    s.wait_for("data not reloaded: 3 errors");
    assert!(!s.contents().contains("data reloaded"), "{}", s.dump());
    s.send("E");
    s.wait_for("firms.yaml:31:5");
    s.wait_for("firms.yaml:7:14");
    s.wait_for("unknown field `colour`");
    s.send("\x1b");
    s.wait_until("the list closed", |screen| !screen.contents().contains("firms.yaml:7:14"));
    std::fs::write(&firms, good).expect("fix firms.yaml");
    s.wait_for(&demo_reloaded());
    assert!(!s.contents().contains("data invalid"), "{}", s.dump());
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
}

/// A generated dataset big enough that loading it shows the loading screen
/// (about a second in a debug build).
fn big_data(dir: &std::path::Path) -> String {
    let data = dir.join("big");
    let made =
        Command::new(BIN).args(["gen", "--entities", "40000", "--out"]).arg(&data).output().expect("run dealscope gen");
    assert!(made.status.success(), "gen: {}", String::from_utf8_lossy(&made.stderr));
    data.to_str().expect("a UTF-8 path").to_string()
}

#[test]
fn an_edit_made_while_loading_is_shown() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = big_data(dir.path());
    let mut s = Session::spawn(app_command(&["--data", &data]), 24, 80);
    s.wait_until("the loading screen", |screen| screen.contents().contains("q quits"));
    let sources = std::path::Path::new(&data).join("sources-0001.yaml");
    let text = std::fs::read_to_string(&sources).expect("read sources");
    std::fs::write(&sources, text.replacen("sources:\n", "sources:\n  - {id: late-edit, title: Late}\n", 1))
        .expect("edit while loading");
    s.wait_for_big("Generated: 40000 entities");
    s.wait_for_big("data reloaded: 40001 entities");
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
}

#[test]
fn a_big_load_shows_a_loading_screen_that_q_quits() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data = big_data(dir.path());
    let mut s = Session::spawn(app_command(&["--data", &data]), 24, 80);
    s.wait_until("the loading screen", |screen| {
        screen.alternate_screen() && screen.contents().contains("Loading ") && screen.contents().contains("q quits")
    });
    assert!(s.contents().contains('█') || s.contents().contains('░'), "a bar\n{}", s.dump());
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}\n{}", s.dump());
    assert_screen_restored(&s);
}

/// What a USB presentation remote sends for "next" and "previous".
const PAGE_DOWN: &str = "\x1b[6~";
const PAGE_UP: &str = "\x1b[5~";

#[test]
fn a_presentation_remote_steps_a_tour() {
    let mut s = Session::spawn(app_command(&["--tour", "cross-licence"]), 24, 80);
    s.wait_until("step 1 of the tour on Huawei", |screen| {
        row_text(screen, 23).contains("step 1/9: Huawei") && row_text(screen, 0).trim_end().ends_with("Huawei")
    });
    s.send(PAGE_DOWN);
    s.wait_until("step 2, Xiaomi", |screen| row_text(screen, 23).contains("step 2/9: Xiaomi"));
    s.send(PAGE_DOWN);
    s.wait_until("step 3, the timeline at month zoom", |screen| {
        let text = screen.contents();
        row_text(screen, 23).contains("step 3/9") && text.contains("month zoom") && text.contains("▶ 2023-01-17")
    });
    s.send(PAGE_UP);
    s.wait_until("back to step 2", |screen| row_text(screen, 23).contains("step 2/9: Xiaomi"));
    // Quitting a running tour takes a second q.
    s.send("q");
    s.wait_for("q again quits");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn an_unknown_tour_is_refused_with_a_suggestion() {
    let mut s = Session::spawn(app_command(&["--tour", "cross-license"]), 24, 80);
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", s.transcript());
    let text = s.transcript();
    assert!(text.contains("no tour has this id (did you mean `cross-licence`?)"), "{text}");
}

/// The app with no theme chosen (no `NO_COLOR`, no `DEALSCOPE_THEME`): it
/// asks the terminal for its background.
fn app_command_auto_theme() -> CommandBuilder {
    let mut cmd = app_command(&[]);
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("DEALSCOPE_THEME");
    cmd
}

/// The colour of the title's first letter (" dealscope …" on the top row).
fn title_colour(s: &Session) -> vt100::Color {
    s.screen(|screen| screen.cell(0, 1).map(|c| c.fgcolor()).unwrap_or_default())
}

#[test]
fn a_white_terminal_gets_the_light_theme() {
    let mut s = Session::spawn(app_command_auto_theme(), 24, 80);
    // Answered at once (the app waits 150 ms at most), so not with `poll`'s 20 ms steps.
    let start = Instant::now();
    while !s.transcript().contains("\x1b]11;?") {
        assert!(start.elapsed() < TIMEOUT, "the terminal was never asked\n{}", s.dump());
        thread::sleep(Duration::from_millis(1));
    }
    // What xterm answers: the colour, then the device attributes asked after it.
    s.send("\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c");
    wait_for_ui(&s);
    // The light theme's titles are blue (colour 4); the dark theme's light cyan (14).
    assert_eq!(title_colour(&s), vt100::Color::Idx(4), "{}", s.dump());
    // The reply was not typed: the list is where it started.
    assert_eq!(s.screen(list_position), "1/19", "{}", s.dump());
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
}

#[test]
fn a_silent_terminal_gets_the_dark_theme_without_a_stall() {
    // The app waits 150 ms at most for an answer that never comes: the
    // explorer appearing at all (within `TIMEOUT`) shows it did not wait on.
    let mut s = Session::spawn(app_command_auto_theme(), 24, 80);
    wait_for_ui(&s);
    assert!(s.transcript().contains("\x1b]11;?"), "the terminal was not asked");
    assert_eq!(title_colour(&s), vt100::Color::Idx(14), "{}", s.dump());
    // The answer, too late to count, is not typed: only the `j` after it moves
    // (typed, its `f` would say "nobody to follow", its `g`, `1`… would move).
    // The frame that shows the `j` was drawn after every byte before it was read.
    s.send("\x1b]11;rgb:ffff/ffff/ffff\x1b\\");
    s.send("j");
    s.wait_until("the j", |screen| list_position(screen) == "2/19");
    assert!(!s.contents().contains("nobody to follow"), "{}", s.dump());
    assert_eq!(s.screen(list_position), "2/19", "{}", s.dump());
    assert_eq!(title_colour(&s), vt100::Color::Idx(14), "{}", s.dump());
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
}

#[test]
fn dealscope_theme_beats_the_background() {
    let mut cmd = app_command_auto_theme();
    cmd.env("DEALSCOPE_THEME", "light");
    let mut s = Session::spawn(cmd, 24, 80);
    wait_for_ui(&s);
    assert!(!s.transcript().contains("\x1b]11;?"), "a chosen theme needs no question");
    assert_eq!(title_colour(&s), vt100::Color::Idx(4), "{}", s.dump());
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
}

/// A recording's events: the header's size, the screen it replays to (each
/// output event fed to a terminal emulator, resizes followed), its markers.
pub(crate) fn replay(cast: &str) -> ((u16, u16), String, Vec<String>) {
    let mut lines = cast.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().expect("a header")).expect("a JSON header");
    assert_eq!(header["version"], 2);
    assert!(header["theme"]["palette"].as_str().is_some_and(|p| p.split(':').count() == 16), "{header}");
    let (w, h) = (header["width"].as_u64().unwrap() as u16, header["height"].as_u64().unwrap() as u16);
    let mut parser = vt100::Parser::new(nz(h), nz(w), 0);
    let mut markers = Vec::new();
    let mut last = 0.0;
    for line in lines {
        let e: serde_json::Value = serde_json::from_str(line).expect("a JSON event");
        let at = e[0].as_f64().expect("a time");
        assert!(at >= last, "events in time order");
        last = at;
        let data = e[2].as_str().expect("event data");
        match e[1].as_str() {
            Some("o") => parser.process(data.as_bytes()),
            Some("m") => markers.push(data.to_string()),
            Some("r") => {
                let (cw, ch) = data.split_once('x').expect("WxH");
                parser.screen_mut().set_size(nz(ch.parse().unwrap()), nz(cw.parse().unwrap()));
            }
            other => panic!("an unknown event {other:?}"),
        }
    }
    ((w, h), parser.screen().contents(), markers)
}

#[test]
fn a_recording_replays_to_the_screen_the_presenter_had_with_a_marker_per_step() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let cast = dir.path().join("demo.cast");
    let path = cast.to_str().unwrap();
    let mut s = Session::spawn(app_command(&["--record", path, "--tour", "cross-licence", "--captions"]), 24, 80);
    s.wait_for("step 1/9");
    s.send(" ");
    s.wait_for("step 2/9");
    s.send(" ");
    s.wait_for("step 3/9");
    // Roam within a step: the recording follows. The frame with the cursor
    // moved is the last one drawn before `q`.
    s.send("j");
    s.wait_until("the cursor on the second item", |screen| {
        list_position(screen) == "2/5" && screen.contents().contains("▶ 2023-03-01 event")
    });
    // Quitting a running tour takes a second q; the first one's question is recorded.
    s.send("q");
    s.wait_for("q again quits");
    let shown = s.contents();
    s.send("q");
    assert!(s.wait_exit().success(), "{}", s.dump());
    let text = std::fs::read_to_string(&cast).expect("the recording was written");
    let (size, replayed, markers) = replay(&text);
    assert_eq!(size, (80, 24));
    assert_eq!(replayed, shown, "the recording replays to the screen the presenter had");
    assert_eq!(markers.len(), 3, "{markers:?}");
    assert!(
        markers[0].starts_with("cross-licence 1/9: ") && markers[2].starts_with("cross-licence 3/9: "),
        "{markers:?}"
    );
    // An existing file is never overwritten.
    let mut again = Session::spawn(app_command(&["--record", path]), 24, 80);
    assert!(!again.wait_exit().success());
    assert!(again.transcript().contains("cannot start a recording"), "{}", again.transcript());
    assert_eq!(std::fs::read_to_string(&cast).unwrap(), text);
    // asciinema itself reads it (CI installs it).
    let Some(asciinema) = crate::common::tool("asciinema", "asciinema") else { return };
    let mut cat = Session::spawn(
        {
            let mut c = CommandBuilder::new(asciinema);
            c.args(["cat", path]);
            c
        },
        24,
        80,
    );
    assert!(cat.wait_exit().success(), "asciinema cat: {}", cat.transcript());
    assert!(cat.contents().contains("▶ 2023-03-01 event"), "asciinema cat:\n{}", cat.dump());
}

/// Recordings are private and inert.
#[path = "files.rs"]
mod files;
