//! Recording a presentation (`serve --record DIR`): one more subscriber of
//! the meeting, which draws what a follower sees (the presenter's place
//! at the presenter's size, the captions, the notices when the presenter
//! drops and comes back) into one asciicast file per presentation, a
//! marker at each tour step. A presenter who reconnects goes on in the
//! same file. The data is as viewers without clearance see it, unless
//! the recording is cleared; captions and typed filters reach the meeting
//! masked already.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::watch;
use tracing::{info, warn};

use super::{Handle, Presence, Snapshot};
use crate::app::msg::Msg;
use crate::app::{Options, Presence as Part, Role};
use crate::runtime::record::Recording;
use crate::runtime::served::Data;

/// Records every presentation of the meeting into `dir` until the server
/// stops (`stop` says so); each file is finished before this returns.
pub async fn record(
    meeting: Handle,
    mut data: watch::Receiver<Data>,
    dir: PathBuf,
    cleared: bool,
    mut stop: watch::Receiver<Option<String>>,
) {
    let mut snapshots = meeting.subscribe();
    let mut now: Option<Presentation> = None;
    loop {
        let snap = Arc::clone(&snapshots.borrow_and_update());
        let d = data.borrow_and_update().clone();
        if now.as_ref().is_some_and(|p| p.number != snap.presentation || snap.presence == Presence::Idle) {
            // The last move may have come with the end: the recording ends on it.
            if let Some(p) = now.as_mut().filter(|p| p.number == snap.presentation)
                && let Some(last) = &snap.ended_on
            {
                let last = Snapshot { shown: Some(last.clone()), presence: p.presence, ..(*snap).clone() };
                p.observe(&last, &d, cleared);
            }
            finish(now.take()).await;
        }
        // Begun once the presenter has shown something, so that its header
        // has the presenter's size rather than a default one.
        if now.is_none() && snap.presence != Presence::Idle && snap.shown.is_some() {
            now = Presentation::start(&dir, &snap, &d, cleared);
        }
        if let Some(p) = now.as_mut() {
            p.observe(&snap, &d, cleared);
        }
        tokio::select! {
            changed = snapshots.changed() => if changed.is_err() { break },
            changed = data.changed() => if changed.is_err() { break },
            _ = stop.wait_for(Option::is_some) => break,
        }
    }
    finish(now.take()).await;
}

/// One presentation being recorded.
struct Presentation {
    number: u64,
    recording: Recording,
    part: PathBuf,
    path: PathBuf,
    /// What the recording was last told.
    generation: u64,
    shown: Option<Arc<crate::app::place::Place>>,
    caption: Option<Arc<str>>,
    step: Option<(String, usize)>,
    presence: Presence,
    viewers: usize,
}

impl Presentation {
    fn start(dir: &Path, snap: &Snapshot, data: &Data, cleared: bool) -> Option<Presentation> {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
        let path = dir.join(format!("dealscope-{stamp}-{}.cast", snap.presentation));
        // Written under a working name, so a `.cast` in the directory is
        // always a finished recording.
        let part = path.with_extension("cast.part");
        // Drawn as a follower sees it: with the captions.
        let options = Options { captions: true, today: Some(crate::data::date::today()), ..Options::default() };
        match Recording::follower(&part, data.for_session(cleared), options, snap.size) {
            Ok(recording) => {
                info!("recording presentation {} to {}", snap.presentation, part.display());
                let viewers = snap.viewers;
                recording.tell(Msg::Presence(Some(Part { role: Role::Following, viewers })));
                Some(Presentation {
                    number: snap.presentation,
                    recording,
                    part,
                    path,
                    generation: data.generation,
                    shown: None,
                    caption: None,
                    step: None,
                    presence: Presence::Here,
                    viewers,
                })
            }
            Err(e) => {
                warn!("presentation {}: {e}", snap.presentation);
                None
            }
        }
    }

    /// Tells the recording what changed since it was last told.
    fn observe(&mut self, snap: &Snapshot, data: &Data, cleared: bool) {
        let r = &mut self.recording;
        if data.generation != self.generation {
            self.generation = data.generation;
            self.shown = None;
            r.show_data(data.for_session(cleared));
        }
        r.resize(snap.size);
        let step = snap.tour.as_ref().map(|t| (t.id.clone(), t.step));
        if step != self.step {
            // The tour as the recording's data has it: a step title that
            // names something confidential is masked unless cleared.
            let shown = data.for_session(cleared);
            if let Some((id, n)) = &step
                && let Some(tour) = shown.ds.tour(id)
            {
                let title = tour.steps.get(*n).map_or("", |s| s.title.as_str());
                r.marker(format!("{id} {}/{}: {title}", n + 1, tour.steps.len()));
            }
            self.step = step;
        }
        if let Some(shown) = snap.shown.as_ref().filter(|s| s.data == self.generation)
            && let place = shown.for_viewer(cleared)
            && self.shown.as_ref().is_none_or(|p| !Arc::ptr_eq(p, place))
        {
            self.shown = Some(Arc::clone(place));
            r.tell(Msg::Follow(Arc::clone(place)));
        }
        if snap.caption != self.caption {
            self.caption = snap.caption.clone();
            r.tell(Msg::Caption(self.caption.as_deref().unwrap_or_default().to_string()));
        }
        match (self.presence, snap.presence) {
            (Presence::Here, Presence::Away { until, .. }) => {
                r.tell(Msg::PresenterAway(until.saturating_duration_since(Instant::now())));
            }
            (Presence::Away { .. }, Presence::Here) => r.tell(Msg::PresenterBack),
            _ => {}
        }
        self.presence = snap.presence;
        if snap.viewers != self.viewers {
            self.viewers = snap.viewers;
            r.tell(Msg::Presence(Some(Part { role: Role::Following, viewers: snap.viewers })));
        }
    }
}

/// Ends a recording and gives it its final name (off the async threads).
async fn finish(presentation: Option<Presentation>) {
    let Some(Presentation { recording, part, path, number, .. }) = presentation else { return };
    let saved = path.display().to_string();
    match tokio::task::spawn_blocking(move || recording.finish().and_then(|()| save(&part, &path))).await {
        Ok(Ok(())) => info!("presentation {number}: recording saved as {saved}"),
        Ok(Err(e)) => warn!("presentation {number}: the recording is incomplete: {e}"),
        Err(e) => warn!("presentation {number}: the recording is incomplete: {e}"),
    }
}

/// Gives a finished recording its final name, never replacing a file that
/// is already there (a hard link fails if `path` exists; the working name
/// stays for a person to look at if it does).
fn save(part: &Path, path: &Path) -> std::io::Result<()> {
    std::fs::hard_link(part, path).map_err(|e| {
        std::io::Error::new(e.kind(), format!("{} cannot become {}: {e}", part.display(), path.display()))
    })?;
    std::fs::remove_file(part)
}
