//! The meeting as plain data: who presents (by a lease with a generation
//! number), whether the presenter is here or away (and until when), the
//! running tour (its id, the step, when the tour and the step began), the
//! presenter's place and size, what the audience last read, and the roster.
//! [`Meeting::apply`] takes one command and says what came of it; the
//! owner task (`super`) publishes [`Meeting::snapshot`] after each. No
//! channels, clocks or transports here: tests drive it with commands and
//! instants of their own.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::app::Role;
use crate::app::place::Place;

/// A tour of the data as the meeting needs it: its id and how many steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The tour's id.
    pub id: String,
    /// Its number of steps (at least one).
    pub steps: usize,
}

/// The tour being presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourNow {
    /// The tour's id.
    pub id: String,
    /// The step it stands on (0-based).
    pub step: usize,
    /// Its number of steps.
    pub steps: usize,
    /// When the tour began.
    pub since: Instant,
    /// When the step began.
    pub step_since: Instant,
    /// Bumped at every move of the tour, whoever made it: a presenter
    /// session goes to the step when this moved and its app is elsewhere.
    pub rev: u64,
}

/// Whether the presentation has its presenter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// No presentation runs (none started yet, or the last one ended).
    Idle,
    /// The presenter is connected.
    Here,
    /// The presenter's connection dropped at `since`; the presentation
    /// waits for it until `until`, then ends.
    Away {
        /// When it dropped.
        since: Instant,
        /// When the presentation ends unless it is back.
        until: Instant,
    },
}

/// The presenter's place, in the data generation it was taken in.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The data generation (entity handles mean nothing across datasets).
    pub data: u64,
    /// Where the presenter is, as it typed it (for viewers with clearance).
    pub place: Arc<Place>,
    /// The same place for viewers without clearance, when it differs: what
    /// the presenter typed that could name something confidential reads
    /// `[redacted]`, and the rows its filters found come with it.
    pub concealed: Option<Arc<Place>>,
}

impl Shown {
    /// The place a viewer shows: as typed if it is `cleared`, else concealed.
    pub fn for_viewer(&self, cleared: bool) -> &Arc<Place> {
        match &self.concealed {
            Some(c) if !cleared => c,
            _ => &self.place,
        }
    }
}

/// How a person is named: on screens others watch, and in full.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    /// For the roster and the presenter's join and leave notices: a key's
    /// `dealscope-name=` or its comment's part before `@`, a fingerprint
    /// prefix, or `ssh N` and `web N` for those who typed their own name
    /// (a keyless login's user name, a web viewer's name).
    pub shown: String,
    /// For the speaker view (and the log): a key's whole comment, the
    /// same as `shown`, or `ssh N: USER@ADDRESS` and `web N: NAME` (a row
    /// each: a typed name is nobody's). One person per full name.
    pub full: String,
}

impl Name {
    /// A name that is the same in full.
    pub fn plain(name: String) -> Name {
        Name { full: name.clone(), shown: name }
    }

    /// The name of a session that named itself (a keyless login's user
    /// name, a web page's name box), numbered `id` and come `by` a way
    /// (`ssh`, `web`): `BY N` on the projected screen, since whoever
    /// connects may type anything and the room reads the presenter's join
    /// and leave notices; `BY N: TYPED` in full, for the speaker view's
    /// roster and the log, a row of its own (a typed name is nobody's).
    pub fn typed(by: &str, id: u64, typed: &str) -> Name {
        let shown = format!("{by} {id}");
        let full = if typed.is_empty() || typed == shown { shown.clone() } else { format!("{shown}: {typed}") };
        Name { shown, full }
    }
}

/// One person in the roster: every session logged in under one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// How screens others watch name them (see [`Name`]).
    pub name: String,
    /// Their whole key comment, for the speaker view alone.
    pub full: String,
    /// How many sessions they have open.
    pub sessions: usize,
    /// `following`, `roaming`, or a mix (`1 following, 1 roaming`).
    pub status: String,
    /// Where their latest moved session is.
    pub place: String,
}

/// What every subscriber reads: the meeting after the last command.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Presentations started so far (a new one after one ended is another).
    pub presentation: u64,
    /// The current lease: commands from an older one are refused.
    pub lease: u64,
    /// The presenter's key, while a presentation runs (`None`: logged in
    /// without one).
    pub key: Option<String>,
    /// Here, away, or no presentation.
    pub presence: Presence,
    /// The running tour.
    pub tour: Option<TourNow>,
    /// The presenter's place.
    pub shown: Option<Shown>,
    /// The presenter's terminal size (a recording is drawn at it).
    pub size: (u16, u16),
    /// What the audience last read.
    pub caption: Option<Arc<str>>,
    /// One row per person watching (the presenter's session left out).
    pub roster: Arc<Vec<RosterRow>>,
    /// Sessions watching (following or roaming).
    pub viewers: usize,
    /// How long the presentation waits for a presenter who dropped.
    pub grace: Duration,
    /// The presenter's last place when the presentation ended (`None`
    /// while one runs): the end may come in the snapshot that brings the
    /// last move (a subscriber reads the latest snapshot only), and a
    /// recording ends on it all the same.
    pub ended_on: Option<Shown>,
}

/// What a session that may present is told when it asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Claimed {
    /// It presents, under this lease; with `resume`, it takes a running
    /// presentation up where it was.
    Presents {
        /// Its lease.
        lease: u64,
        /// Whether it takes up a presentation that was running.
        resumed: bool,
    },
    /// It follows: someone else presents, or may come back to.
    Follows,
}

/// How the speaker view moves the tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// One step on.
    Next,
    /// One step back.
    Prev,
    /// To this step (0-based).
    To(usize),
}

/// One thing for the meeting to take in.
#[derive(Debug, Clone)]
pub enum Command {
    /// A session's part and place, in words, for the roster.
    Seen { session: u64, role: Role, place: String },
    /// A session left.
    Leave { session: u64 },
    /// A session joins under a name and asks to present when it may
    /// (`may_present`); `key` is the key it logged in with.
    Claim { session: u64, name: Name, key: Option<String>, may_present: bool },
    /// The presenter's session ended: by a deliberate quit (`quit`: the
    /// presentation ends), or its connection dropped or idled out (it
    /// waits for the presenter to come back).
    Release { lease: u64, quit: bool },
    /// The presenter is here now, on a screen of this size.
    Show { lease: u64, shown: Shown, size: (u16, u16) },
    /// The presenter's words for the audience.
    Say { lease: u64, caption: String },
    /// The presenter's app moved the tour (started, stepped, ended).
    Tour { lease: u64, at: Option<(String, usize)> },
    /// The speaker view, logged in with `key`, moves the tour.
    Step { key: String, to: Move },
    /// The data changed: these are its tours now.
    Tours(Vec<Outline>),
    /// Time passed (the owner's timer): a presenter away too long ends
    /// the presentation, and the roster takes in the moves made since it
    /// was last made.
    Tick,
}

/// What a command came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Nothing to say.
    Done,
    /// Answer to a claim.
    Claimed(Claimed),
    /// A command from a lease that is no longer the current one.
    Stale,
    /// The speaker view's move, refused and why.
    Refused(String),
}

/// One session in the audience.
#[derive(Debug, Clone)]
struct Member {
    name: Name,
    role: Option<Role>,
    place: String,
    /// When its place last changed, to say where a person with several is.
    moved: u64,
}

/// The meeting (see the module's comment).
#[derive(Debug)]
pub struct Meeting {
    grace: Duration,
    /// Keys name presenters (`--presenter-keys`): a presenter's key takes
    /// its presentation over from a session that seems connected still.
    takeover: bool,
    /// The tour and step a new presentation starts on (`--tour`, `--step`).
    opening: Option<(String, usize)>,
    tours: Vec<Outline>,
    presentation: u64,
    lease: u64,
    key: Option<String>,
    presence: Presence,
    tour: Option<TourNow>,
    shown: Option<Shown>,
    /// Where the last presentation ended (see [`Snapshot::ended_on`]).
    ended_on: Option<Shown>,
    size: (u16, u16),
    caption: Option<Arc<str>>,
    members: BTreeMap<u64, Member>,
    /// The presenter's session, left out of the roster.
    presenter_session: Option<u64>,
    moves: u64,
    roster: Arc<Vec<RosterRow>>,
    /// When the roster shows the places sessions moved to since it was made.
    roster_due: Option<Instant>,
}

/// How often the roster takes in where sessions moved: it is read by
/// people, and a hundred followers each moving on every step of the
/// presenter's would otherwise make a hundred rosters per step, each waking
/// every session that watches the meeting.
pub const ROSTER_EVERY: Duration = Duration::from_millis(250);

impl Meeting {
    /// A meeting with no presentation yet, whose presentations start on
    /// `opening` (a tour id and step), waiting `grace` for a presenter who
    /// dropped; with `takeover`, a presenter's key takes its presentation
    /// over from another session.
    pub fn new(grace: Duration, takeover: bool, opening: Option<(String, usize)>, tours: Vec<Outline>) -> Self {
        Meeting {
            grace,
            takeover,
            opening,
            tours,
            presentation: 0,
            lease: 0,
            key: None,
            presence: Presence::Idle,
            tour: None,
            shown: None,
            ended_on: None,
            size: (80, 24),
            caption: None,
            members: BTreeMap::new(),
            presenter_session: None,
            moves: 0,
            roster: Arc::new(Vec::new()),
            roster_due: None,
        }
    }

    /// When the owner must send [`Command::Tick`]: the end of a grace
    /// period, or the roster's next making.
    pub fn deadline(&self) -> Option<Instant> {
        let grace = match self.presence {
            Presence::Away { until, .. } => Some(until),
            _ => None,
        };
        grace.into_iter().chain(self.roster_due).min()
    }

    /// The meeting as subscribers read it.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            presentation: self.presentation,
            lease: self.lease,
            key: self.key.clone(),
            presence: self.presence,
            tour: self.tour.clone(),
            shown: self.shown.clone(),
            size: self.size,
            caption: self.caption.clone(),
            roster: Arc::clone(&self.roster),
            viewers: self.members.keys().filter(|s| Some(**s) != self.presenter_session).count(),
            grace: self.grace,
            ended_on: self.ended_on.clone(),
        }
    }

    /// Takes one command in, at `now`.
    pub fn apply(&mut self, command: Command, now: Instant) -> Answer {
        match command {
            Command::Seen { session, role, place } => {
                let presenter_was = self.presenter_session;
                if role == Role::Presenter {
                    self.presenter_session = Some(session);
                } else if self.presenter_session == Some(session) {
                    self.presenter_session = None;
                }
                self.moves += 1;
                let moves = self.moves;
                let (mut role_was, mut new_here) = (Some(role), false);
                if let Some(m) = self.members.get_mut(&session) {
                    role_was = m.role.replace(role);
                    new_here = m.place.is_empty();
                    if m.place != place {
                        m.moved = moves;
                        m.place = place;
                    }
                }
                // A part changed, or where a session that just came is,
                // shows at once; a move, with the next roster.
                if role_was != Some(role) || new_here || presenter_was != self.presenter_session {
                    self.update_roster();
                } else if self.roster_due.is_none() {
                    self.roster_due = Some(now + ROSTER_EVERY);
                }
            }
            Command::Leave { session } => {
                self.members.remove(&session);
                if self.presenter_session == Some(session) {
                    self.presenter_session = None;
                }
                self.update_roster();
            }
            Command::Claim { session, name, key, may_present } => {
                let claimed = self.claim(key, may_present, now);
                // The presenter's own session is never in its roster, not even for a moment.
                let role = match claimed {
                    Claimed::Presents { .. } => {
                        self.presenter_session = Some(session);
                        Role::Presenter
                    }
                    Claimed::Follows => Role::Following,
                };
                self.members.insert(session, Member { name, role: Some(role), place: String::new(), moved: 0 });
                self.update_roster();
                return Answer::Claimed(claimed);
            }
            Command::Release { lease, quit } => {
                if lease != self.lease || self.presence != Presence::Here {
                    return Answer::Stale;
                }
                if quit {
                    self.end();
                } else {
                    self.presence = Presence::Away { since: now, until: now + self.grace };
                }
            }
            Command::Show { lease, shown, size } => {
                if !self.current(lease) {
                    return Answer::Stale;
                }
                self.shown = Some(shown);
                self.size = size;
            }
            Command::Say { lease, caption } => {
                if !self.current(lease) {
                    return Answer::Stale;
                }
                if self.caption.as_deref() != Some(caption.as_str()) {
                    self.caption = Some(caption.into());
                }
            }
            Command::Tour { lease, at } => {
                if !self.current(lease) {
                    return Answer::Stale;
                }
                self.set_tour(at, now);
            }
            Command::Step { key, to } => return self.step(&key, to, now),
            Command::Tours(tours) => {
                self.tours = tours;
                let at = self.tour.as_ref().map(|t| (t.id.clone(), t.step));
                self.set_tour(at, now);
            }
            Command::Tick => {
                if self.roster_due.is_some_and(|due| now >= due) {
                    self.update_roster();
                }
                if let Presence::Away { until, .. } = self.presence
                    && now >= until
                {
                    self.end();
                }
            }
        }
        Answer::Done
    }

    fn current(&self, lease: u64) -> bool {
        lease == self.lease && self.presence == Presence::Here
    }

    fn claim(&mut self, key: Option<String>, may_present: bool, now: Instant) -> Claimed {
        if !may_present {
            return Claimed::Follows;
        }
        // The same key takes a presentation back once it is away; with keys
        // that name presenters (`takeover`), even from a session that seems
        // connected still (a dropped link the server has not noticed yet).
        // One presented without a key is taken up by whoever may present,
        // once it is away.
        let resumes = match (&self.presence, &self.key) {
            (Presence::Idle, _) => false,
            (Presence::Here, Some(k)) => self.takeover && key.as_ref() == Some(k),
            (Presence::Here, None) => return Claimed::Follows,
            (Presence::Away { .. }, Some(k)) => key.as_ref() == Some(k),
            (Presence::Away { .. }, None) => true,
        };
        if self.presence != Presence::Idle && !resumes {
            return Claimed::Follows;
        }
        self.lease += 1;
        if !resumes {
            self.presentation += 1;
            self.key = key;
            self.shown = None;
            self.ended_on = None;
            self.caption = None;
            self.tour = None;
            let opening = self.opening.clone();
            self.set_tour(opening, now);
        }
        self.presence = Presence::Here;
        Claimed::Presents { lease: self.lease, resumed: resumes }
    }

    /// The speaker view's move: only with the presenter's key, and only
    /// while the presenter is here (its screen works the step out).
    fn step(&mut self, key: &str, to: Move, now: Instant) -> Answer {
        if self.key.as_deref() != Some(key) {
            return Answer::Refused("only the presenter's key moves the tour".into());
        }
        if self.presence != Presence::Here {
            return Answer::Refused("the presenter is away: the tour waits for them".into());
        }
        let Some(t) = &self.tour else {
            return Answer::Refused("no tour is running: the presenter starts one with p".into());
        };
        let step = match to {
            Move::Next if t.step + 1 >= t.steps => return Answer::Refused("the last step of the tour".into()),
            Move::Prev if t.step == 0 => return Answer::Refused("the first step of the tour".into()),
            Move::Next => t.step + 1,
            Move::Prev => t.step - 1,
            Move::To(n) => n.min(t.steps - 1),
        };
        let id = t.id.clone();
        self.set_tour(Some((id, step)), now);
        Answer::Done
    }

    /// Stands the tour on `at` (a tour of the data, its step clamped): its
    /// clock starts when the tour changes, the step's when the step does.
    fn set_tour(&mut self, at: Option<(String, usize)>, now: Instant) {
        let at = at.and_then(|(id, step)| {
            let steps = self.tours.iter().find(|t| t.id == id)?.steps;
            Some((id, step.min(steps.saturating_sub(1)), steps))
        });
        let next = match (at, self.tour.take()) {
            (None, _) => None,
            (Some((id, step, steps)), Some(t)) if t.id == id => {
                if t.step == step {
                    Some(TourNow { steps, ..t })
                } else {
                    Some(TourNow { step, steps, step_since: now, rev: t.rev + 1, ..t })
                }
            }
            (Some((id, step, steps)), old) => {
                let rev = old.map_or(0, |t| t.rev) + 1;
                Some(TourNow { id, step, steps, since: now, step_since: now, rev })
            }
        };
        self.tour = next;
    }

    fn end(&mut self) {
        self.presence = Presence::Idle;
        self.key = None;
        self.tour = None;
        self.ended_on = self.shown.take();
        self.caption = None;
    }

    fn update_roster(&mut self) {
        self.roster_due = None;
        let mut rows: Vec<(RosterRow, u64, BTreeMap<&'static str, usize>)> = Vec::new();
        for (id, m) in &self.members {
            if Some(*id) == self.presenter_session {
                continue;
            }
            let status = match m.role {
                Some(Role::Roaming) => "roaming",
                Some(Role::Presenter) => "presenting",
                _ => "following",
            };
            match rows.iter_mut().find(|(r, ..)| r.full == m.name.full) {
                Some((row, moved, counts)) => {
                    row.sessions += 1;
                    *counts.entry(status).or_default() += 1;
                    if m.moved > *moved {
                        row.place = m.place.clone();
                        *moved = m.moved;
                    }
                }
                None => rows.push((
                    RosterRow {
                        name: m.name.shown.clone(),
                        full: m.name.full.clone(),
                        sessions: 1,
                        status: String::new(),
                        place: m.place.clone(),
                    },
                    m.moved,
                    BTreeMap::from([(status, 1)]),
                )),
            }
        }
        let rows = rows
            .into_iter()
            .map(|(mut row, _, counts)| {
                row.status = match counts.len() {
                    1 => counts.into_keys().next().unwrap_or_default().to_string(),
                    _ => counts.iter().map(|(s, n)| format!("{n} {s}")).collect::<Vec<_>>().join(", "),
                };
                row
            })
            .collect::<Vec<_>>();
        if *self.roster != rows {
            self.roster = Arc::new(rows);
        }
    }
}

#[cfg(test)]
mod tests;
