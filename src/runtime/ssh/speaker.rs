//! The speaker view over SSH (`ssh notes@host`, with the presenter's key):
//! a session of its own that draws the presentation's step, its note, what
//! the audience reads now and next, the wall clock, the time on the step
//! and in all against the tour's budget, and the roster; redrawn when the
//! meeting changes and every second. Its keys (from the keymap's speaker
//! and step-list modes) drive the meeting: a clicker plugged into the
//! laptop that shows it steps the tour for everyone. It reads notes only
//! for the presenter's own key, and nothing of it reaches another session.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use tracing::info;

use super::Shared;
use super::channel::{ENTER, Ending, finish, output};
use super::session::Link;
use crate::app::action::Action;
use crate::app::input::Input;
use crate::app::keymap::{self, Mode};
use crate::app::theme::{Glyphs, Theme, ThemeName};
use crate::data::pace::Pace;
use crate::runtime::frame::{FrameBytes, synchronized};
use crate::runtime::input_bytes::ByteParser;
use crate::runtime::meeting::{Answer, Command, Move, Presence, Snapshot};
use crate::runtime::served::Data;
use crate::ui::speaker::{RosterRow, SpeakerView, StepList, StepView};

/// What the speaker view keeps of its own: the step list, while open, and
/// the last thing it has to say (a move the meeting refused).
#[derive(Default)]
struct Own {
    list: Option<usize>,
    notice: Option<String>,
}

/// Runs a speaker view until its user quits, its client goes, or the server stops.
#[allow(clippy::too_many_arguments)]
pub(super) async fn run(
    shared: Arc<Shared>,
    peer: SocketAddr,
    key: String,
    theme: ThemeName,
    handle: Handle,
    channel: ChannelId,
    write: russh::ChannelWriteHalf<russh::server::Msg>,
    mut link: Link,
) {
    info!("{peer}: speaker view started");
    let (out_tx, writer) = output(write);
    let (theme, glyphs) = (Theme::new(theme), Glyphs::UNICODE);
    let (w, h) = *link.size.borrow_and_update();
    let bytes = FrameBytes::default();
    let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, w, h)) };
    let Ok(mut term) = Terminal::with_options(CrosstermBackend::new(bytes.clone()), options) else { return };
    let mut meeting = shared.meeting.subscribe();
    let mut stop = shared.stop.subscribe();
    let mut parser = ByteParser::new();
    let mut own = Own::default();
    let _ = out_tx.send(ENTER.to_vec()).await;
    let ending = loop {
        let snap = Arc::clone(&meeting.borrow_and_update());
        let view = view(&snap, &shared.data.borrow(), &key, &own, Instant::now());
        let drawn = synchronized(&mut term, |t| {
            t.draw(|f| {
                let area = f.area();
                crate::ui::speaker::draw(&view, &theme, &glyphs, area, f.buffer_mut());
            })
            .map(|_| ())
        });
        if drawn.is_ok() {
            let _ = out_tx.try_send(bytes.take());
        }
        if *link.closed.borrow() {
            break Ending::Gone;
        }
        let inputs = tokio::select! {
            changed = link.closed.changed() => if changed.is_err() { break Ending::Gone } else { continue },
            input = link.input.recv() => match input {
                Some(bytes) => parser.feed(&bytes),
                None => break Ending::Gone,
            },
            _ = tokio::time::sleep(Duration::from_millis(40)), if parser.pending() => parser.flush(),
            changed = link.size.changed() => {
                if changed.is_err() {
                    break Ending::Gone;
                }
                let (w, h) = *link.size.borrow_and_update();
                let _ = term.resize(Rect::new(0, 0, w, h));
                continue;
            }
            _ = meeting.changed() => continue,
            why = stop.wait_for(Option::is_some) => {
                break Ending::Closed(why.map(|w| w.clone().unwrap_or_default()).unwrap_or_default());
            }
            // The clocks tick.
            _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
        };
        if keyed(&shared, &key, &mut own, &snap, &inputs).await {
            break Ending::Quit;
        }
    };
    drop(link);
    finish(out_tx, writer, &handle, channel, &ending).await;
    info!("{peer}: speaker view ended");
}

/// Carries out the keys pressed; true when one quits.
async fn keyed(shared: &Shared, key: &str, own: &mut Own, snap: &Snapshot, inputs: &[Input]) -> bool {
    let steps = snap.tour.as_ref().map_or(0, |t| t.steps);
    for input in inputs {
        let mode = if own.list.is_some() { Mode::Steps } else { Mode::Speaker };
        let Some(action) = keymap::dispatch(mode, input) else { continue };
        let to = match (action, own.list) {
            (Action::Quit, _) => return true,
            (Action::NextStep, _) => Some(Move::Next),
            (Action::PrevStep, _) => Some(Move::Prev),
            (Action::OpenSteps, None) => {
                own.list = snap.tour.as_ref().map(|t| t.step);
                if own.list.is_none() {
                    own.notice = Some("no tour is running: the presenter starts one with p".into());
                }
                None
            }
            (Action::Cancel, Some(_)) => {
                own.list = None;
                None
            }
            (Action::Down, Some(n)) => {
                own.list = Some((n + 1).min(steps.saturating_sub(1)));
                None
            }
            (Action::Up, Some(n)) => {
                own.list = Some(n.saturating_sub(1));
                None
            }
            (Action::Top, Some(_)) => {
                own.list = Some(0);
                None
            }
            (Action::Bottom, Some(_)) => {
                own.list = Some(steps.saturating_sub(1));
                None
            }
            (Action::Accept, Some(n)) => {
                own.list = None;
                Some(Move::To(n))
            }
            _ => None,
        };
        if let Some(to) = to {
            own.notice = match shared.meeting.ask(Command::Step { key: key.to_string(), to }).await.0 {
                Answer::Refused(why) => Some(why),
                _ => None,
            };
        }
    }
    false
}

/// The time of day on this machine, `14:05` (UTC when its zone is unknown).
fn wall_clock() -> String {
    let zone = jiff::tz::TimeZone::system();
    let now = zone.to_datetime(jiff::Timestamp::now());
    format!("{:02}:{:02}", now.hour(), now.minute())
}

/// What the speaker with `key` sees now.
fn view(snap: &Snapshot, data: &Data, key: &str, own: &Own, now: Instant) -> SpeakerView {
    let mine = snap.key.as_deref() == Some(key);
    let mut out = SpeakerView { clock: wall_clock(), notice: own.notice.clone(), ..SpeakerView::default() };
    // The roster names and places viewers: it too is for the presenter's key only.
    if mine {
        out.roster = snap
            .roster
            .iter()
            .map(|r| RosterRow {
                name: r.full.clone(),
                sessions: r.sessions,
                status: r.status.clone(),
                place: r.place.clone(),
            })
            .collect();
    }
    let tour = match (&snap.presence, mine, &snap.tour) {
        (Presence::Idle, ..) => {
            out.waiting = Some("waiting for the presenting session (log in with the same key)".into());
            return out;
        }
        (_, false, _) => {
            out.waiting = Some("the presenting session logged in with another key: its notes are not shown".into());
            return out;
        }
        (_, true, None) => {
            out.waiting = Some("the presenter runs no tour: p picks one, --tour ID starts one".into());
            return out;
        }
        (_, true, Some(t)) => t,
    };
    if let Presence::Away { until, .. } = snap.presence {
        let left = until.saturating_duration_since(now).as_secs().div_ceil(60);
        out.notice = Some(format!("the presenting session dropped: the presentation waits {left} min for it"));
    }
    let (Some((index, t)), notes) =
        (data.full.ds.tours().iter().enumerate().find(|(_, t)| t.id == tour.id), &data.notes)
    else {
        out.waiting = Some("the data changed: waiting for the presenter".into());
        return out;
    };
    let Some(step) = t.steps.get(tour.step) else { return out };
    let on_step = now.saturating_duration_since(tour.step_since);
    let in_all = now.saturating_duration_since(tour.since);
    let next = t.steps.get(tour.step + 1);
    out.step = Some(StepView {
        tour: t.title.clone(),
        number: tour.step + 1,
        steps: t.steps.len(),
        title: step.title.clone(),
        note: notes.get(index).and_then(|n| n.get(tour.step)).cloned().flatten(),
        caption: step.caption.clone(),
        next: next.map(|s| s.title.clone()),
        next_caption: next.and_then(|s| s.caption.clone()),
        on_step,
        in_all,
        pace: Pace::at(&t.budgets(), tour.step, on_step, in_all),
    });
    out.list = own.list.map(|selected| StepList {
        titles: t.steps.iter().map(|s| s.title.clone()).collect(),
        current: tour.step,
        selected,
    });
    out
}
