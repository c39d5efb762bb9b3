//! What a session sends its client's terminal besides frames: entering the
//! alternate screen, and on every way out (the user's `q`, the idle
//! timeout, the server stopping, an internal error) the same goodbye:
//! the terminal restored exactly as it was, a one-line notice, an exit
//! status, then the channel closed. Output goes through a small queue to a
//! writer that waits for the client, so a slow client cannot make the
//! server buffer.

use std::time::Duration;

use russh::ChannelId;
use russh::server::Handle;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

use super::QUEUED_FRAMES;

/// Enter the alternate screen, hide the cursor, mouse and bracketed paste on.
pub(super) const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1002h\x1b[?1006h\x1b[?2004h\x1b[2J";
/// Undo `ENTER`, in reverse (and any synchronized update a frame left open):
/// the main screen, mouse and bracketed paste off, attributes reset, the cursor shown.
pub(super) const LEAVE: &[u8] = b"\x1b[?2026l\x1b[?2004l\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

/// How a session ended, for its goodbye and its exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ending {
    /// The user quit (`q`): exit status 0, no notice.
    Quit,
    /// The client went (its channel closed): nothing to say to it.
    Gone,
    /// The server ended it, saying why: exit status 1.
    Closed(String),
}

impl Ending {
    fn status(&self) -> u32 {
        match self {
            Ending::Quit | Ending::Gone => 0,
            Ending::Closed(_) => 1,
        }
    }

    /// The line the client's terminal shows after it is restored.
    fn notice(&self) -> String {
        match self {
            Ending::Closed(why) => format!("dealscope: {why}\r\n"),
            Ending::Quit | Ending::Gone => String::new(),
        }
    }
}

/// A channel's output queue, and the task that writes it to the client.
pub(super) fn output(
    write: russh::ChannelWriteHalf<russh::server::Msg>,
) -> (mpsc::Sender<Vec<u8>>, tokio::task::JoinHandle<()>) {
    let (out_tx, mut out_rx) = mpsc::channel::<Vec<u8>>(QUEUED_FRAMES);
    let writer = tokio::spawn(async move {
        let mut w = write.make_writer();
        while let Some(bytes) = out_rx.recv().await {
            if w.write_all(&bytes).await.is_err() || w.flush().await.is_err() {
                break;
            }
        }
    });
    (out_tx, writer)
}

/// Restores the client's terminal, says why the session ended, sends the
/// exit status, then closes the channel: in this order, and never waiting
/// long on a client that stopped reading.
pub(super) async fn finish(
    out_tx: mpsc::Sender<Vec<u8>>,
    writer: tokio::task::JoinHandle<()>,
    handle: &Handle,
    channel: ChannelId,
    ending: &Ending,
) {
    let mut last = LEAVE.to_vec();
    last.extend_from_slice(ending.notice().as_bytes());
    let _ = tokio::time::timeout(Duration::from_secs(2), out_tx.send(last)).await;
    drop(out_tx);
    let _ = tokio::time::timeout(Duration::from_secs(2), writer).await;
    let _ = handle.exit_status_request(channel, ending.status()).await;
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}
