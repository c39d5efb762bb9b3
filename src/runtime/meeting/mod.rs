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

use std::time::{Duration, Instant};

use tokio::sync::{mpsc, oneshot, watch};

pub use state::{
    Answer, Claimed, Command, Meeting, Move, Name, Outline, Presence, RosterRow, Shown, Snapshot, TourNow,
};

/// Commands waiting for the owner; senders wait when it is full.
const QUEUED: usize = 256;

/// A command, and where its answer goes (if anyone waits for it), with
/// the snapshot it brought.
struct Request {
    command: Command,
    reply: Option<oneshot::Sender<(Answer, std::sync::Arc<Snapshot>)>>,
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

    /// Sends a command and waits for its answer (`Stale` if the meeting is
    /// gone), with the meeting as the command left it (published to every
    /// subscriber before the answer is sent).
    pub async fn ask(&self, command: Command) -> (Answer, std::sync::Arc<Snapshot>) {
        let (reply, answer) = oneshot::channel();
        if self.tx.send(Request { command, reply: Some(reply) }).await.is_err() {
            return (Answer::Stale, self.now());
        }
        answer.await.unwrap_or_else(|_| (Answer::Stale, self.now()))
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

/// How long the room waits to see a presenter's move. The presenter's own
/// frame leaves the server about half a millisecond after the key; for this
/// while its client (and, when the server runs on the presenter's laptop,
/// its terminal) has the machine to itself, before a room of followers takes
/// every core to draw theirs. Without it, on two cores with a hundred
/// followers, the presenter's frame waited for a core behind the room's
/// drawing one key in twenty (p95 3.8-4.7 ms for a key and 4.7-5.7 for a
/// tour step, against 0.4-0.7 and 0.6-0.8 with it, in `cargo bench --bench
/// ssh_load`; docs/performance.md). Tokio's timer counts whole
/// milliseconds, so the room sees the move 2-3 ms after it was made.
pub const ROOM_PAUSE: Duration = Duration::from_millis(2);

/// Whether a command is the presenter's move, which the room sees after
/// [`ROOM_PAUSE`]; anything else is published at once, or with the held
/// moves when a pause is on (but a command someone waits on at once: a
/// claim's asker reads the snapshot it brought).
fn held(command: &Command) -> bool {
    matches!(command, Command::Show { .. } | Command::Say { .. } | Command::Tour { .. })
}

/// The owner task: one command at a time, a snapshot after each (after
/// [`ROOM_PAUSE`] for the presenter's moves, several coalesced into one),
/// and a tick when a grace period runs out or the roster is due.
async fn own(mut meeting: Meeting, mut rx: mpsc::Receiver<Request>, snapshot: watch::Sender<std::sync::Arc<Snapshot>>) {
    // When the held moves are published: ROOM_PAUSE after the first of them.
    let mut pause: Option<tokio::time::Instant> = None;
    loop {
        let deadline = meeting.deadline();
        let request = tokio::select! {
            r = rx.recv() => match r {
                Some(r) => Some(r),
                None => {
                    // Every handle is gone; what was held goes out all the same.
                    if pause.is_some() {
                        publish(&snapshot, meeting.snapshot());
                    }
                    return;
                }
            },
            () = until(deadline.map(Into::into)) => Some(Request { command: Command::Tick, reply: None }),
            () = until(pause) => None,
        };
        let Some(request) = request else {
            pause = None;
            publish(&snapshot, meeting.snapshot());
            continue;
        };
        let hold = held(&request.command);
        let answer = meeting.apply(request.command, Instant::now());
        if hold {
            pause.get_or_insert_with(|| tokio::time::Instant::now() + ROOM_PAUSE);
        } else if pause.is_none() || request.reply.is_some() {
            pause = None;
            publish(&snapshot, meeting.snapshot());
        }
        // Else it goes out with the held moves: a follower reporting where
        // it is does not cut the presenter's pause short.
        // After the snapshot: an asker reads what its command brought.
        if let Some(reply) = request.reply {
            let _ = reply.send((answer, std::sync::Arc::clone(&snapshot.borrow())));
        }
    }
}

/// Publishes a snapshot, waking its readers only when it changed.
fn publish(snapshot: &watch::Sender<std::sync::Arc<Snapshot>>, next: Snapshot) {
    snapshot.send_if_modified(|s| {
        let changed = **s != next;
        if changed {
            *s = std::sync::Arc::new(next);
        }
        changed
    });
}

/// Sleeps until `at`; never, without one.
async fn until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Role;

    #[tokio::test(start_paused = true)]
    async fn the_room_sees_a_presenter_s_move_after_a_pause_and_a_claim_at_once() {
        let meeting = Handle::start(Meeting::new(Duration::from_secs(60), false, None, Vec::new()));
        let claim = |session| Command::Claim { session, name: Name::plain("n".into()), key: None, may_present: true };
        let (Answer::Claimed(Claimed::Presents { lease, .. }), brought) = meeting.ask(claim(1)).await else {
            panic!("the first session presents");
        };
        assert_eq!(brought.lease, lease, "an answer comes with the snapshot its command brought");
        assert_eq!(meeting.now().lease, lease, "published before the answer");
        meeting.tell(Command::Say { lease, caption: "first".into() }).await;
        meeting.tell(Command::Say { lease, caption: "second".into() }).await;
        // Time moves on only once the owner has taken both in.
        // A follower saying where it is does not cut the pause short.
        meeting.tell(Command::Seen { session: 7, role: Role::Following, place: "there".into() }).await;
        tokio::time::sleep(ROOM_PAUSE / 2).await;
        assert_eq!(meeting.now().caption, None, "held for the pause");
        tokio::time::sleep(ROOM_PAUSE).await;
        assert_eq!(meeting.now().caption.as_deref(), Some("second"), "published after it, coalesced");
        // A move held, then a newcomer: both seen at once.
        meeting.tell(Command::Say { lease, caption: "third".into() }).await;
        let (_, now) = meeting.ask(claim(2)).await;
        assert_eq!((now.viewers, now.caption.as_deref()), (1, Some("third")));
    }
}
