//! A progress line on stderr for long work in the CLI (loading, generating):
//! drawn only when stderr is a terminal, at most ten times a second, and
//! cleared when the work is done, so logs and pipes never see it.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Least time between two redraws of the line.
const EVERY: Duration = Duration::from_millis(100);

/// One progress line.
pub struct Line {
    label: &'static str,
    shown: bool,
    enabled: bool,
    last: Option<Instant>,
}

impl Line {
    /// A line on stderr, silent unless stderr is a terminal.
    pub fn stderr(label: &'static str) -> Self {
        Self { label, shown: false, enabled: std::io::stderr().is_terminal(), last: None }
    }

    /// Shows `done` of `total`; cheap when called often.
    pub fn show(&mut self, done: usize, total: usize) {
        if !self.enabled || self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        self.shown = true;
        let _ = write!(std::io::stderr(), "\r\x1b[2K{}", text(self.label, done, total));
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

/// "loading: 42% (21 of 50 MB)"-style text for `done` of `total`.
pub fn text(label: &str, done: usize, total: usize) -> String {
    let pct = (done * 100).checked_div(total).unwrap_or(100).min(100);
    format!("dealscope: {label} {pct:>3}% ({done} of {total})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_shows_the_share_done() {
        assert_eq!(text("loading", 21, 50), "dealscope: loading  42% (21 of 50)");
        assert_eq!(text("loading", 0, 0), "dealscope: loading 100% (0 of 0)");
    }
}
