//! Carrying out what the app asks of its runtime, the same way for the local
//! terminal and for every SSH session: each runtime hands over where its
//! terminal's bytes go and its search worker.

use std::io;

use crate::app::msg::Effect;
use crate::search::worker::SearchWorker;

/// Whether the runtime goes on after a batch of effects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Flow {
    /// Keep running.
    Go,
    /// The user quit.
    Quit,
}

/// Carries out `effects` in order: a copy goes to the terminal as OSC 52,
/// a search to the worker (replacing any still running for its input),
/// data let go of is freed on a thread of its own, and a quit ends the run
/// once the rest are done.
pub fn apply(
    effects: Vec<Effect>,
    terminal: &mut dyn FnMut(&[u8]) -> io::Result<()>,
    worker: &SearchWorker,
) -> io::Result<Flow> {
    let mut flow = Flow::Go;
    for effect in effects {
        match effect {
            Effect::Quit => flow = Flow::Quit,
            Effect::Copy(text) => terminal(osc52(&text).as_bytes())?,
            Effect::Search(job) => worker.submit(job),
            Effect::Release(old) => release(old),
            // Only the local terminal runs an editor (`tty.rs` takes these
            // out first); the app asks for none where editing is not offered.
            Effect::Edit(at) => tracing::warn!("no editor here for {}", at.file),
        }
    }
    Ok(flow)
}

/// Frees data away from the UI thread; on this one if no thread can start.
fn release(old: crate::app::indexed::Indexed) {
    // A thread that cannot start drops what it was given, here.
    if let Err(e) = std::thread::Builder::new().name("dealscope-release".into()).spawn(move || drop(old)) {
        tracing::debug!("freeing the old data here: {e}");
    }
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"huawei"), "aHVhd2Vp");
        assert_eq!(osc52("huawei"), "\x1b]52;c;aHVhd2Vp\x07");
    }
}
