//! A terminal output that counts bytes: a buffer the test or bench can read
//! and clear while the `Terminal` owns the writer (`CrosstermBackend::writer`
//! is behind an unstable ratatui feature). Shared by `tests/render_bytes.rs`
//! and `benches/render.rs` through `#[path]`.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

/// The bytes a terminal was sent since the last `clear`.
#[derive(Clone, Default)]
pub struct Output(Rc<RefCell<Vec<u8>>>);

impl Output {
    /// Bytes written so far.
    #[allow(dead_code)]
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// A copy of what was written.
    #[allow(dead_code)]
    pub fn bytes(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }

    /// Forgets what was written.
    #[allow(dead_code)]
    pub fn clear(&self) {
        self.0.borrow_mut().clear();
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
