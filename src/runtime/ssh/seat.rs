//! A session's seat in the meeting: it joins the audience, asks to present
//! when it may, and from then on either drives the meeting (publishing
//! its place, words, tour and size under its lease, and going to the step
//! its speaker view chose) or follows it (taking from each snapshot what
//! changed: the place, the caption, the presenter leaving and coming back,
//! the audience's size). Only messages for the app come out of here: the
//! session carries them in as it does a key.

use std::sync::Arc;
use std::time::Instant;

use crate::app::msg::Msg;
use crate::app::place::Place;
use crate::app::{App, Presence as Part, Role};
use crate::data::redact::{MASK, Secrets};
use crate::runtime::meeting::{self, Answer, Claimed, Command, Name, Presence, RosterRow, Shown, Snapshot};
use crate::runtime::served::Data;

/// What a session was told by the meeting last, and told it last.
pub(crate) struct Seat {
    meeting: meeting::Handle,
    session: u64,
    /// The lease while this session presents.
    lease: Option<u64>,
    /// The user quit (the presentation ends with it), rather than dropped.
    quit: bool,
    /// It sees what is confidential: it follows the place as typed.
    cleared: bool,
    // What this session last told the meeting.
    place: Option<Place>,
    /// `place` as viewers without clearance were told it, when it differs.
    concealed: Option<Arc<Place>>,
    caption: Option<String>,
    tour: Option<(String, usize)>,
    size: (u16, u16),
    /// Its part and place in words as the app says them (before scrubbing:
    /// they are scrubbed only when they change), and the data's generation.
    words: Option<(Role, String, u64)>,
    // What it last took from the meeting.
    seen: Option<Arc<Snapshot>>,
    followed: Option<Arc<Place>>,
}

impl Seat {
    /// Joins the audience under a name, asking to present when the session
    /// may; says what the app takes first: its part, and either the
    /// presentation taken up where it was, the opening step of a new one,
    /// or (following) the presenter's place (concealed unless `cleared`).
    pub(crate) async fn take(
        meeting: meeting::Handle,
        (session, name): (u64, Name),
        key: Option<String>,
        (may_present, cleared): (bool, bool),
        generation: u64,
    ) -> (Seat, Vec<Msg>) {
        let (answer, snap) = meeting.ask(Command::Claim { session, name, key, may_present }).await;
        let mut seat = Seat {
            meeting,
            session,
            lease: None,
            quit: false,
            cleared,
            place: None,
            concealed: None,
            caption: None,
            tour: None,
            size: (0, 0),
            words: None,
            seen: None,
            followed: None,
        };
        let Answer::Claimed(Claimed::Presents { lease, resumed }) = answer else {
            let mut msgs = vec![Msg::Presence(Some(Part { role: Role::Following, viewers: snap.viewers }))];
            msgs.extend(seat.take_in(&snap, generation));
            return (seat, msgs);
        };
        seat.lease = Some(lease);
        let mut msgs = vec![Msg::Presence(Some(Part { role: Role::Presenter, viewers: snap.viewers }))];
        let tour = snap.tour.as_ref().map(|t| (t.id.clone(), t.step));
        match (resumed, snap.shown.as_ref().filter(|s| s.data == generation)) {
            (true, Some(shown)) => msgs.push(Msg::Resume {
                tour: tour.clone(),
                place: Arc::clone(&shown.place),
                caption: snap.caption.as_deref().map(str::to_string),
            }),
            _ => msgs.extend(tour.clone().map(|(id, step)| Msg::GoToStep(id, step))),
        }
        seat.tour = tour;
        seat.caption = snap.caption.as_deref().map(str::to_string);
        seat.seen = Some(snap);
        (seat, msgs)
    }

    /// Whether this session presents.
    pub(crate) fn presents(&self) -> bool {
        self.lease.is_some()
    }

    /// The user quit on purpose: a presentation it leads ends with it.
    pub(crate) fn quitting(&mut self) {
        self.quit = true;
    }

    /// Tells the meeting what changed of this session: its roster line
    /// (where it is, nothing confidential named), and, presenting, its
    /// tour, place (as typed, and concealed for viewers without clearance:
    /// what it typed masked where it could name something confidential,
    /// with the rows its filters found), words and size.
    pub(crate) async fn publish(&mut self, app: &App, generation: u64, secrets: &Secrets) {
        let words = app.presence().map(|p| (p.role, app.place(), generation));
        if words.is_some() && words != self.words {
            self.words = words.clone();
            if let Some((role, place, _)) = words {
                let place = secrets.scrub(&place);
                self.meeting.tell(Command::Seen { session: self.session, role, place }).await;
            }
        }
        let Some(lease) = self.lease else { return };
        let tour = app.tour().map(|(t, step)| (t.id.clone(), step));
        if tour != self.tour {
            self.tour = tour.clone();
            self.meeting.tell(Command::Tour { lease, at: tour }).await;
        }
        let place = app.snapshot();
        if self.place.as_ref() != Some(&place) || app.size() != self.size {
            self.size = app.size();
            let concealed = place.clone().concealed(secrets);
            let concealed = (concealed != place).then(|| Arc::new(concealed));
            self.concealed = concealed.clone();
            let shown = Shown { data: generation, place: Arc::new(place.clone()), concealed };
            self.place = Some(place);
            self.meeting.tell(Command::Show { lease, shown, size: self.size }).await;
        }
        if app.caption() != self.caption.as_deref() {
            self.caption = app.caption().map(str::to_string);
            if let (Some(text), Some(place)) = (&self.caption, &self.place) {
                // Captions name what was opened and quote what was typed:
                // nothing confidential reaches followers.
                let caption = conceal_caption(text, place, self.concealed.as_deref().unwrap_or(place), secrets);
                self.meeting.tell(Command::Say { lease, caption }).await;
            }
        }
    }

    /// What the app takes from a new snapshot of the meeting.
    pub(crate) fn take_in(&mut self, snap: &Arc<Snapshot>, generation: u64) -> Vec<Msg> {
        let mut msgs = Vec::new();
        let before = self.seen.replace(Arc::clone(snap));
        // Another session with this key took the presentation over (this
        // one's link seemed to drop): this one follows it now.
        if let Some(lease) = self.lease
            && snap.lease != lease
        {
            self.lease = None;
            msgs.push(Msg::Presence(Some(Part { role: Role::Following, viewers: snap.viewers })));
            msgs.push(Msg::Captions(true));
            msgs.push(Msg::Notice("a newer session with your key presents now: this one follows it".into()));
        }
        if self.lease.is_some() {
            self.presenting(before.as_deref(), snap, &mut msgs);
        } else {
            self.following(before.as_deref(), snap, generation, &mut msgs);
        }
        msgs
    }

    fn presenting(&mut self, before: Option<&Snapshot>, snap: &Snapshot, msgs: &mut Vec<Msg>) {
        // The speaker view moved the tour: the app goes to the step.
        let rev = |s: &Snapshot| s.tour.as_ref().map(|t| t.rev);
        if before.is_none_or(|b| rev(b) != rev(snap))
            && let Some(t) = &snap.tour
            && self.tour.as_ref() != Some(&(t.id.clone(), t.step))
        {
            self.tour = Some((t.id.clone(), t.step));
            msgs.push(Msg::GoToStep(t.id.clone(), t.step));
        }
        if before.is_none_or(|b| b.viewers != snap.viewers) {
            msgs.push(Msg::Presence(Some(Part { role: Role::Presenter, viewers: snap.viewers })));
        }
        if let Some(b) = before
            && let Some(note) = roster_notice(&b.roster, &snap.roster)
        {
            msgs.push(Msg::AudienceNote(note));
        }
    }

    fn following(&mut self, before: Option<&Snapshot>, snap: &Snapshot, generation: u64, msgs: &mut Vec<Msg>) {
        let was = before.map(|b| (b.presentation, b.presence));
        match (was, snap.presence) {
            (Some((n, Presence::Here)), Presence::Away { until, .. }) if n == snap.presentation => {
                msgs.push(Msg::PresenterAway(until.saturating_duration_since(Instant::now())));
            }
            // Arriving while the presenter is away: told as well.
            (None, Presence::Away { until, .. }) => {
                msgs.push(Msg::PresenterAway(until.saturating_duration_since(Instant::now())));
            }
            (Some((n, Presence::Away { .. })), Presence::Here) if n == snap.presentation => {
                msgs.push(Msg::PresenterBack);
            }
            (Some((_, Presence::Here | Presence::Away { .. })), Presence::Idle) => msgs.push(Msg::PresenterGone),
            (Some((n, _)), Presence::Here) if n != snap.presentation => {
                msgs.push(Msg::Notice("a new presentation started: f follows it".into()));
            }
            _ => {}
        }
        // The presenter's place, once it is in this session's data.
        if let Some(shown) = snap.shown.as_ref().filter(|s| s.data == generation)
            && let place = shown.for_viewer(self.cleared)
            && self.followed.as_ref().is_none_or(|p| !Arc::ptr_eq(p, place))
        {
            self.followed = Some(Arc::clone(place));
            msgs.push(Msg::Follow(Arc::clone(place)));
        }
        if before.is_none_or(|b| b.caption != snap.caption)
            && let Some(text) = &snap.caption
        {
            msgs.push(Msg::Caption(text.to_string()));
        }
        if before.is_some_and(|b| b.viewers != snap.viewers) {
            msgs.push(Msg::Viewers(snap.viewers));
        }
    }
}

impl Drop for Seat {
    /// Leaves the audience; a presenter's lease goes back to the meeting,
    /// which ends the presentation (a quit) or waits for it (a drop).
    fn drop(&mut self) {
        let meeting = self.meeting.clone();
        let (session, lease, quit) = (self.session, self.lease, self.quit);
        // Told from a task of its own: a drop cannot wait.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Some(lease) = lease {
                    meeting.tell(Command::Release { lease, quit }).await;
                }
                meeting.tell(Command::Leave { session }).await;
            });
        }
    }
}

/// What a session (SSH or web) takes in when the served data changes: the
/// new data when its generation is new, then the place the meeting shows
/// for it (`snap`: one shown meanwhile was for the old data), then the
/// data's problem, if any; `generation` and `secrets` follow the new data.
pub(crate) fn data_changed(
    d: &Data,
    cleared: bool,
    (generation, secrets): (&mut u64, &mut Arc<Secrets>),
    seat: Option<&mut Seat>,
    snap: Option<Arc<Snapshot>>,
) -> Vec<Msg> {
    let mut msgs = Vec::new();
    if d.generation != *generation {
        *generation = d.generation;
        *secrets = Arc::clone(&d.secrets);
        msgs.push(Msg::Reloaded(d.for_session(cleared)));
        if let (Some(seat), Some(snap)) = (seat, snap) {
            msgs.extend(seat.take_in(&snap, *generation));
        }
    }
    msgs.push(Msg::DataProblem(d.problem.clone()));
    msgs
}

/// A presenter's caption as followers read it: the filter it quotes (a
/// caption ends `: <filter>`) masked when it could name something
/// confidential, and every confidential name and value in the rest.
fn conceal_caption(caption: &str, place: &Place, shown: &Place, secrets: &Secrets) -> String {
    // Masked exactly where the place handed to followers (`shown`) masks it
    // (a word of a secret, or a fuzzy query whose rows were found in one).
    let typed = [
        (Some(&place.query), Some(&shown.query)),
        (place.timeline.as_ref().map(|t| &t.query), shown.timeline.as_ref().map(|t| &t.query)),
    ];
    for (q, masked) in typed.into_iter().filter_map(|(q, m)| Some((q?.as_str(), m?.as_str()))) {
        if q.trim().is_empty() || q == masked {
            continue;
        }
        if let Some(head) = caption.strip_suffix(q).filter(|h| h.ends_with(": ")) {
            return secrets.scrub(&format!("{head}{MASK}"));
        }
    }
    secrets.scrub(caption)
}

/// Who joined or left the audience between two rosters, as a notice for
/// the presenter: names (as screens others watch show them) when they are
/// few, a count when they are many.
fn roster_notice(before: &[RosterRow], now: &[RosterRow]) -> Option<String> {
    let has = |rows: &[RosterRow], full: &str| rows.iter().any(|r| r.full == full);
    let joined: Vec<&str> = now.iter().filter(|r| !has(before, &r.full)).map(|r| r.name.as_str()).collect();
    let left: Vec<&str> = before.iter().filter(|r| !has(now, &r.full)).map(|r| r.name.as_str()).collect();
    let say = |what: &str, names: &[&str]| match names.len() {
        1 | 2 => format!("{what}: {}", names.join(", ")),
        n => format!("{n} {what}"),
    };
    let mut parts = Vec::new();
    if !joined.is_empty() {
        parts.push(say("joined", &joined));
    }
    if !left.is_empty() {
        parts.push(say("left", &left));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
