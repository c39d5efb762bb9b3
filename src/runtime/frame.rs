//! Drawing a frame, the one way every runtime does it: inside a
//! synchronized update (DEC mode 2026), so a terminal shows each frame whole
//! and never a half-drawn one; and [`FrameBytes`], the output that keeps
//! what a frame wrote for whoever holds a clone (an SSH session's channel,
//! or a test or bench counting bytes).

use std::io::{self, Write};
use std::sync::{Arc, Mutex, MutexGuard};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::app::App;

/// A terminal writing to `W` through crossterm.
pub type Term<W> = Terminal<CrosstermBackend<W>>;

/// Runs `draw` (one `Terminal::draw`, or more) inside a synchronized update,
/// then flushes.
pub fn synchronized<W: Write, T>(
    term: &mut Term<W>,
    draw: impl FnOnce(&mut Term<W>) -> io::Result<T>,
) -> io::Result<T> {
    queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    let drawn = draw(term)?;
    queue!(term.backend_mut(), EndSynchronizedUpdate)?;
    term.backend_mut().flush()?;
    Ok(drawn)
}

/// Draws the app's screen as one frame.
pub fn draw_app<W: Write>(term: &mut Term<W>, app: &App) -> io::Result<()> {
    synchronized(term, |t| {
        t.draw(|f| {
            let area = f.area();
            crate::ui::draw(app, area, f.buffer_mut());
        })
        .map(|_| ())
    })
}

/// The bytes a terminal was sent, shared between the writer the terminal
/// owns and its clones, which read and clear them.
#[derive(Debug, Clone, Default)]
pub struct FrameBytes(Arc<Mutex<Vec<u8>>>);

impl FrameBytes {
    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes what was written so far, leaving nothing.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.lock())
    }

    /// How many bytes were written since the last `take` or `clear`.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing was written since the last `take` or `clear`.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// A copy of what was written.
    pub fn bytes(&self) -> Vec<u8> {
        self.lock().clone()
    }

    /// Forgets what was written.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

impl Write for FrameBytes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.lock().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
