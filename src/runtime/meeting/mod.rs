//! The meeting: one presentation that outlives the connections of those in
//! it. Its state is a plain struct ([`state::Meeting`]) behind one owner
//! task: sessions send it commands ([`Handle`]) and read the latest
//! [`Snapshot`] from a `watch`, each laying the presenter's place out for
//! its own screen. The presenter drives it through a lease (a presenter key
//! that reconnects takes the next one; the old one's commands are refused);
//! a presenter whose connection drops is waited for a grace period, then
//! the presentation ends. Transports (SSH today) only carry bytes: they
//! know nothing of tours, leases or grace periods beyond asking this.

pub mod frames;
pub mod recorder;
pub mod state;

use std::time::Instant;

use tokio::sync::{mpsc, oneshot, watch};

pub use state::{
    Answer, Claimed, Command, Meeting, Move, Name, Outline, Presence, RosterRow, Shown, Snapshot, TourNow,
};

/// Commands waiting for the owner; senders wait when it is full.
const QUEUED: usize = 256;

/// A command, and where its answer goes (if anyone waits for it).
struct Request {
    command: Command,
    reply: Option<oneshot::Sender<Answer>>,
}

/// What sessions hold of the meeting: a way to send it commands, and its
/// latest snapshot.
#[derive(Clone)]
pub struct Handle {
    tx: mpsc::Sender<Request>,
    snapshot: watch::Receiver<std::sync::Arc<Snapshot>>,
}

impl Handle {
    /// Starts the owner task on the current tokio runtime; it runs until
    /// every handle is dropped.
    pub fn start(meeting: Meeting) -> Handle {
        let (tx, rx) = mpsc::channel(QUEUED);
        let (snap_tx, snapshot) = watch::channel(std::sync::Arc::new(meeting.snapshot()));
        tokio::spawn(own(meeting, rx, snap_tx));
        Handle { tx, snapshot }
    }

    /// Sends a command; its answer is dropped.
    pub async fn tell(&self, command: Command) {
        let _ = self.tx.send(Request { command, reply: None }).await;
    }

    /// Sends a command from a thread outside the runtime (the reload thread).
    pub fn tell_blocking(&self, command: Command) {
        let _ = self.tx.blocking_send(Request { command, reply: None });
    }

    /// Sends a command and waits for its answer (`Stale` if the meeting is gone).
    pub async fn ask(&self, command: Command) -> Answer {
        let (reply, answer) = oneshot::channel();
        if self.tx.send(Request { command, reply: Some(reply) }).await.is_err() {
            return Answer::Stale;
        }
        answer.await.unwrap_or(Answer::Stale)
    }

    /// A receiver of the latest snapshot.
    pub fn subscribe(&self) -> watch::Receiver<std::sync::Arc<Snapshot>> {
        self.snapshot.clone()
    }

    /// The latest snapshot.
    pub fn now(&self) -> std::sync::Arc<Snapshot> {
        std::sync::Arc::clone(&self.snapshot.borrow())
    }
}

/// The owner task: one command at a time, a snapshot after each, and a
/// tick when a grace period runs out or the roster is due.
async fn own(mut meeting: Meeting, mut rx: mpsc::Receiver<Request>, snapshot: watch::Sender<std::sync::Arc<Snapshot>>) {
    loop {
        let deadline = meeting.deadline();
        let request = tokio::select! {
            r = rx.recv() => match r {
                Some(r) => r,
                None => return,
            },
            _ = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d.into()).await,
                    None => std::future::pending().await,
                }
            } => Request { command: Command::Tick, reply: None },
        };
        let answer = meeting.apply(request.command, Instant::now());
        if let Some(reply) = request.reply {
            let _ = reply.send(answer);
        }
        let next = meeting.snapshot();
        snapshot.send_if_modified(|s| {
            let changed = **s != next;
            if changed {
                *s = std::sync::Arc::new(next);
            }
            changed
        });
    }
}
