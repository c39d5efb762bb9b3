//! Drawing a frame, the one way every runtime does it: inside a
//! synchronized update (DEC mode 2026), so a terminal shows each frame whole
//! and never a half-drawn one; and [`FrameBytes`], the output that keeps
//! what a frame wrote for whoever holds a clone (an SSH session's channel,
//! or a test or bench counting bytes).

use std::io::{self, Write};
use std::sync::{Arc, Mutex, MutexGuard};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::layout::Rect;

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

/// The app's screen drawn into a buffer of its size, as [`draw_app`] draws it.
pub fn render_app(app: &App) -> Buffer {
    let (w, h) = app.size();
    let area = Rect::new(0, 0, w, h);
    let mut buffer = Buffer::empty(area);
    crate::ui::draw(app, area, &mut buffer);
    buffer
}

/// Shows a screen drawn already (by [`render_app`], perhaps for another
/// terminal of this size) as one frame: only what differs from what this
/// terminal shows is sent, as [`draw_app`] would have sent it. A screen of
/// another size is refused, with nothing sent.
pub fn draw_buffer<W: Write>(term: &mut Term<W>, screen: &Buffer) -> io::Result<()> {
    if term.current_buffer_mut().area != screen.area {
        return Err(io::Error::other("a screen drawn for another size"));
    }
    synchronized(term, |t| t.draw(|f| f.buffer_mut().content.clone_from_slice(&screen.content)).map(|_| ()))
}

/// The bytes a terminal was sent, shared between the writer the terminal
/// owns and its clones, which read and clear them. The writer gathers a
/// frame's many small writes on its own and hands them over when flushed
/// (every frame ends with a flush), so a frame costs one lock, not thousands.
#[derive(Debug, Default)]
pub struct FrameBytes {
    shared: Arc<Mutex<Vec<u8>>>,
    /// Written but not yet flushed (this handle's own).
    pending: Vec<u8>,
}

impl Clone for FrameBytes {
    /// Another handle on the same bytes (with nothing pending of its own).
    fn clone(&self) -> Self {
        Self { shared: Arc::clone(&self.shared), pending: Vec::new() }
    }
}

impl FrameBytes {
    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes what was flushed so far, leaving nothing.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.lock())
    }

    /// How many bytes were flushed since the last `take` or `clear`.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing was flushed since the last `take` or `clear`.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// A copy of what was flushed.
    pub fn bytes(&self) -> Vec<u8> {
        self.lock().clone()
    }

    /// Forgets what was flushed.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

impl Write for FrameBytes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
            shared.append(&mut self.pending);
        }
        Ok(())
    }
}
