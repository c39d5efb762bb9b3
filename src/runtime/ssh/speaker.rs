//! The speaker view over SSH (`ssh notes@host`, with the presenter's key):
//! a session of its own that draws the presenter's tour step, note, next
//! step, time and roster, redrawn when they change and every second. It
//! reads only what the presenting session with the same key publishes, so
//! notes reach no other session.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use tracing::info;

use super::session::{ENTER, Link, finish, output};
use super::{Shared, Speaking};
use crate::app::Role;
use crate::app::input::{Input, KeyCode};
use crate::app::theme::{Glyphs, Theme, ThemeName};
use crate::runtime::frame::{FrameBytes, synchronized};
use crate::runtime::input_bytes::ByteParser;
use crate::ui::speaker::{RosterRow, SpeakerView, StepView};

/// Runs a speaker view until its user quits or its client goes.
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
    let mut speaking = shared.speaking.subscribe();
    let mut roster = shared.roster_changed.subscribe();
    let mut parser = ByteParser::new();
    let _ = out_tx.send(ENTER.to_vec()).await;
    loop {
        let view = view(&shared, &key, Instant::now());
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
            break;
        }
        tokio::select! {
            changed = link.closed.changed() => if changed.is_err() { break },
            input = link.input.recv() => {
                let Some(input) = input else { break };
                let quit = parser.feed(&input).iter().any(|i| matches!(i, Input::Key(k)
                    if k.code == KeyCode::Char('q') || k.code == KeyCode::Esc || (k.ctrl && k.code == KeyCode::Char('c'))));
                if quit {
                    break;
                }
            }
            _ = tokio::time::sleep(Duration::from_millis(40)), if parser.pending() => {
                if parser.flush().iter().any(|i| matches!(i, Input::Key(k) if k.code == KeyCode::Esc)) {
                    break;
                }
            }
            changed = link.size.changed() => {
                if changed.is_err() {
                    break;
                }
                let (w, h) = *link.size.borrow_and_update();
                let _ = term.resize(Rect::new(0, 0, w, h));
            }
            _ = speaking.changed() => {}
            _ = roster.changed() => {}
            // The clocks tick.
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
    drop(link);
    finish(out_tx, writer, &handle, channel, "").await;
    info!("{peer}: speaker view ended");
}

/// What the speaker with `key` sees now.
fn view(shared: &Shared, key: &str, now: Instant) -> SpeakerView {
    let speaking: Option<Speaking> = shared.speaking.borrow().clone();
    let data = shared.data.borrow().clone();
    let roster = {
        let roster = shared.roster.lock().unwrap_or_else(|e| e.into_inner());
        roster
            .values()
            .filter(|v| v.role != Some(Role::Presenter))
            .map(|v| RosterRow {
                name: v.name.clone(),
                status: match v.role {
                    Some(Role::Roaming) => "roaming",
                    _ => "following",
                }
                .to_string(),
                place: v.place.clone(),
            })
            .collect()
    };
    // The roster names and places viewers: it too is for the presenter's key only.
    let mine = speaking.as_ref().is_some_and(|s| s.key.as_deref() == Some(key));
    let mut out = SpeakerView { roster: if mine { roster } else { Vec::new() }, ..SpeakerView::default() };
    match speaking {
        None => out.waiting = Some("waiting for the presenting session (log in with the same key)".into()),
        Some(s) if s.key.as_deref() != Some(key) => {
            out.waiting = Some("the presenting session logged in with another key: its notes are not shown".into());
        }
        Some(s) if s.generation != data.generation => {
            out.waiting = Some("the data changed: waiting for the presenter".into())
        }
        Some(Speaking { tour: None, .. }) => {
            out.waiting = Some("the presenter runs no tour: p picks one, --tour ID starts one".into());
        }
        Some(Speaking { tour: Some((t, i)), tour_since, step_since, .. }) => {
            if let Some(tour) = data.full.ds.tours().get(t)
                && let Some(step) = tour.steps.get(i)
            {
                out.step = Some(StepView {
                    tour: tour.title.clone(),
                    number: i + 1,
                    steps: tour.steps.len(),
                    title: step.title.clone(),
                    note: data.notes.get(t).and_then(|n| n.get(i)).cloned().flatten(),
                    caption: step.caption.clone(),
                    next: tour.steps.get(i + 1).map(|s| s.title.clone()),
                    on_step: now.saturating_duration_since(step_since),
                    in_all: now.saturating_duration_since(tour_since),
                });
            }
        }
    }
    out
}
