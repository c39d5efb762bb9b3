//! The running tour's step list (`s`): every step's title, the current one
//! marked, and a key to jump to any of them; and what the runtime asks of
//! a tour from outside the keys: go to a step (the speaker view drove), or
//! take up a tour where a presenter who dropped left it.

use super::msg::Outcome;
use super::*;
use crate::app::action::Action;
use crate::app::place::Place;

impl App {
    /// The step list's selected row, while it is open.
    pub fn step_list(&self) -> Option<usize> {
        self.steps
    }

    /// Whether `q` asks before quitting: while this session presents a tour
    /// (locally, or as a demo's presenter; never a viewer).
    pub(super) fn asks_before_quitting(&self) -> bool {
        self.tour.is_some() && self.presence.is_none_or(|p| p.role == Role::Presenter)
    }

    pub(super) fn open_steps(&mut self) {
        match self.tour {
            Some(run) => self.steps = Some(run.step),
            None => self.message = Some("no tour is running: p picks one, then s lists its steps".into()),
        }
    }

    pub(super) fn update_steps(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let n = self.tour().map_or(0, |(t, _)| t.steps.len());
        let Some(sel) = self.steps.filter(|_| n > 0) else {
            self.steps = None;
            return Outcome::None;
        };
        match action {
            Action::Cancel | Action::OpenSteps => self.steps = None,
            Action::Down => self.steps = Some((sel + 1).min(n - 1)),
            Action::Up => self.steps = Some(sel.saturating_sub(1)),
            Action::Top => self.steps = Some(0),
            Action::Bottom => self.steps = Some(n - 1),
            Action::Accept | Action::Open => {
                self.steps = None;
                self.jump_to_step(sel);
            }
            _ => {}
        }
        Outcome::None
    }

    /// Goes to a step of the tour with this id (starting it if another or
    /// none runs): what the speaker view's keys ask. False if the data has
    /// no such tour.
    pub(super) fn go_to_tour_step(&mut self, id: &str, step: usize) -> bool {
        let Some(tour) = self.ds.tours().iter().position(|t| t.id == id) else { return false };
        if self.tour.is_none_or(|run| run.tour != tour) {
            self.tour = Some(TourRun { tour, step: 0 });
        }
        self.jump_to_step(step);
        true
    }

    /// Takes a presentation up where it was: its tour at its step (not gone
    /// to again: the presenter may have roamed from it), its place laid out
    /// for this screen (its filters searched again), and what the audience
    /// last read.
    pub(super) fn resume(&mut self, tour: Option<(String, usize)>, place: &Place, caption: Option<String>) {
        self.tour = tour.and_then(|(id, step)| {
            let tour = self.ds.tours().iter().position(|t| t.id == id)?;
            let steps = self.ds.tours()[tour].steps.len();
            Some(TourRun { tour, step: step.min(steps.saturating_sub(1)) })
        });
        self.push_back();
        // Its own filters are searched again: the rows a place carries are
        // a window, for followers.
        self.lay_out(&place.searched());
        if caption.is_some() {
            self.caption = caption;
        }
    }
}
