//! Everything that reaches the app, and everything it asks of its runtime.
//!
//! A key or click becomes an [`Action`] through the keymap; the runtime
//! wraps it, and everything else it has for the app (search results, ticks,
//! reloaded data, the presenter's place, notices), in one [`Msg`].
//! [`App::update`](super::App::update) takes a `Msg` and returns the
//! [`Effect`]s for the runtime to carry out.

use std::sync::Arc;

use super::action::Action;
use super::reload::DataProblem;
use super::{Location, Presence};
use crate::data::model::EntityId;
use crate::search::worker::{SearchJob, SearchResult};

/// One thing for the app to take in.
#[derive(Debug, Clone)]
pub enum Msg {
    /// What a key or click asks for (through the keymap).
    Action(Action),
    /// Time for another slice of long work on the UI thread (the timeline
    /// filter); the runtime sends it when no input waits.
    Tick,
    /// A search the runtime ran on its worker has results.
    SearchDone(Arc<SearchResult>),
    /// The data on disk changed and loaded: show it in place.
    Reloaded(super::indexed::Indexed),
    /// The data on disk is broken (every error), or no longer (`None`): the
    /// last good data stays.
    DataProblem(Option<Arc<DataProblem>>),
    /// Open this entity, as a choice in the palette does.
    Open(EntityId),
    /// The presenter is here now: a following session goes there, a roaming
    /// one keeps it to show where the presenter is.
    Follow(Arc<super::place::Place>),
    /// Show what this place shows, whatever the session's part: a
    /// recording mirrors the app it records this way; with the rows the
    /// recorded app's filter found, for a recording whose copy of the
    /// filter is masked (see `place::Found`).
    Mirror(Arc<Location>, Option<super::place::Found>),
    /// A mirror's history, as the mirrored app's (its breadcrumb is drawn from it).
    MirrorHistory(Vec<Location>),
    /// A mirror's tour and step, as the mirrored app's (the same data's tours).
    TourAt(Option<crate::app::TourRun>),
    /// The presentation has ended (its presenter quit, or did not come
    /// back in time): viewers browse on their own.
    PresenterGone,
    /// The presenter's connection dropped: the presentation waits for it
    /// this long, its place frozen.
    PresenterAway(std::time::Duration),
    /// The presenter is back (reconnected in time).
    PresenterBack,
    /// Who joined or left the audience last (the presenter's status bar shows it).
    AudienceNote(String),
    /// What the presenter just did, in words (a follower shows it).
    Caption(String),
    /// A key was pressed, as its label (for the key cast of `--captions`).
    KeyCast(String),
    /// This session's part in a presented demo, and its viewer count.
    Presence(Option<Presence>),
    /// How many watch the presenter now (the part stays as it is).
    Viewers(usize),
    /// Show the caption line, or not (a presenter that becomes a follower shows it).
    Captions(bool),
    /// A one-off notice for the status bar.
    Notice(String),
    /// Start presenting the tour with this id at its first step.
    StartTour(String),
    /// Go to this step (0-based) of the tour with this id, starting it if
    /// it does not run: the speaker view stepped the presentation.
    GoToStep(String, usize),
    /// Take a presentation up where a presenter who dropped left it: its
    /// tour and step (not gone to again), its place and its last caption.
    Resume {
        /// The tour's id and step, if one runs.
        tour: Option<(String, usize)>,
        /// Where the presenter was.
        place: Arc<super::place::Place>,
        /// What the audience last read.
        caption: Option<String>,
    },
    /// Draw with this theme from now on (a web page's colour scheme changed).
    Theme(crate::app::theme::ThemeName),
    /// Whether `e` may open an editor here (the local runtime says it can).
    Editing(super::Editing),
    /// Put back what was kept of the last run on this data.
    Restore(Box<super::resume::Saved>),
}

impl From<Action> for Msg {
    fn from(action: Action) -> Self {
        Self::Action(action)
    }
}

/// What the runtime must do after an update, besides redrawing.
#[must_use]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the app.
    Quit,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Run this search on the worker and send back [`Msg::SearchDone`]; it
    /// replaces any search still running for the same input.
    Search(SearchJob),
    /// Let go of the data the app showed before a reload, away from the UI
    /// thread (dropping it here is correct too, only slower).
    Release(super::indexed::Indexed),
    /// Open the user's editor there, the terminal given to it meanwhile
    /// (only a local runtime is ever asked: see [`super::Editing`]).
    Edit(super::EditAt),
}

/// What handling an action came to, inside the app (searches to run are
/// queued apart and leave with the effects).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome {
    /// Nothing beyond redrawing.
    None,
    /// Leave the app.
    Quit,
    /// Copy this text.
    Copy(String),
    /// Let go of this data.
    Release(super::indexed::Indexed),
    /// Open an editor there.
    Edit(super::EditAt),
}
