//! Progress of long work: a [`Status`] that a loading thread updates and a
//! loading screen reads, and a progress [`Line`] on stderr for the CLI, drawn
//! only when stderr is a terminal, at most ten times a second, and cleared
//! when the work is done, so logs and pipes never see it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The steps of loading a dataset for the explorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the files.
    Reading,
    /// Parsing the YAML (progress in bytes).
    Parsing,
    /// Checking ids, references and dates.
    Checking,
    /// Building the timeline and search index.
    Indexing,
}

impl Phase {
    /// What the loading screen says.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Reading => "reading files",
            Phase::Parsing => "parsing",
            Phase::Checking => "checking references and dates",
            Phase::Indexing => "building the timeline and search index",
        }
    }
}

/// Where loading stands, shared between the loading thread and the screen.
#[derive(Debug, Default)]
pub struct Status {
    phase: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Status {
    /// Moves to a phase.
    pub fn phase(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    /// Bytes parsed of how many; parsing all of them moves on to checking.
    pub fn parsed(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        // Threads report out of order: the furthest report decides.
        let done = self.done.fetch_max(done, Ordering::Relaxed).max(done);
        self.phase(if done >= total { Phase::Checking } else { Phase::Parsing });
    }

    /// The phase, and bytes parsed of how many.
    pub fn get(&self) -> (Phase, usize, usize) {
        let phase = match self.phase.load(Ordering::Relaxed) {
            0 => Phase::Reading,
            1 => Phase::Parsing,
            2 => Phase::Checking,
            _ => Phase::Indexing,
        };
        (phase, self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }

    /// The share of the whole load done, 0 to 1, for a bar: parsing is most
    /// of it; checking and indexing take the rest.
    pub fn fraction(&self) -> f64 {
        let (phase, done, total) = self.get();
        let parsed = if total == 0 { 0.0 } else { done as f64 / total as f64 };
        match phase {
            Phase::Reading => 0.0,
            Phase::Parsing => 0.7 * parsed,
            Phase::Checking => 0.7,
            Phase::Indexing => 0.85,
        }
    }
}

/// Least time between two redraws of the line.
const EVERY: Duration = Duration::from_millis(100);

/// One progress line.
pub struct Line {
    label: &'static str,
    /// Counts are bytes: shown in megabytes.
    bytes: bool,
    shown: bool,
    enabled: bool,
    last: Option<Instant>,
}

impl Line {
    /// A line on stderr, silent unless stderr is a terminal.
    pub fn stderr(label: &'static str) -> Self {
        Self { label, bytes: false, shown: false, enabled: std::io::stderr().is_terminal(), last: None }
    }

    /// A line whose counts are bytes.
    pub fn stderr_bytes(label: &'static str) -> Self {
        Self { bytes: true, ..Self::stderr(label) }
    }

    /// Shows `done` of `total`; cheap when called often.
    pub fn show(&mut self, done: usize, total: usize) {
        if !self.enabled || self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        self.shown = true;
        let line = if !self.bytes {
            text(self.label, done, total)
        } else if done >= total {
            "dealscope: checking references and dates".to_string()
        } else {
            let pct = (done * 100).checked_div(total).unwrap_or(100);
            format!("dealscope: {} {pct:>3}% ({} of {})", self.label, megabytes(done), megabytes(total))
        };
        let _ = write!(std::io::stderr(), "\r\x1b[2K{line}");
    }

    /// Clears the line, if it was drawn.
    pub fn finish(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr(), "\r\x1b[2K");
            self.shown = false;
        }
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        self.finish();
    }
}

/// "dealscope: generating  42% (21 of 50)": `done` of `total`.
pub fn text(label: &str, done: usize, total: usize) -> String {
    let pct = (done * 100).checked_div(total).unwrap_or(100).min(100);
    format!("dealscope: {label} {pct:>3}% ({done} of {total})")
}

/// Megabytes, for progress in bytes: "14.2 MB".
pub fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_moves_through_the_phases() {
        let s = Status::default();
        assert_eq!(s.get().0, Phase::Reading);
        s.parsed(10, 40);
        assert_eq!(s.get(), (Phase::Parsing, 10, 40));
        assert!((s.fraction() - 0.175).abs() < 1e-9);
        s.parsed(5, 40); // a slower thread reporting late never goes back
        assert_eq!(s.get().1, 10);
        s.parsed(40, 40);
        assert_eq!(s.get().0, Phase::Checking);
        s.parsed(30, 40);
        assert_eq!(s.get().0, Phase::Checking, "nor back to parsing");
        s.phase(Phase::Indexing);
        assert!(s.fraction() > 0.8);
    }

    #[test]
    fn text_shows_the_share_done() {
        assert_eq!(text("loading", 21, 50), "dealscope: loading  42% (21 of 50)");
        assert_eq!(text("loading", 0, 0), "dealscope: loading 100% (0 of 0)");
    }
}
