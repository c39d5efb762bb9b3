//! Presenting a tour: the picker, which tour and step is running, and going
//! to a step. Between steps the presenter may roam freely; the next step
//! picks up from the step the tour is on, not from where the presenter went.

use super::msg::Outcome;
use super::*;
use crate::app::action::Action;
use crate::app::place::{Place, TimelinePlace};
use crate::data::tour::{Place as StepPlace, Step, Tour, TourZoom};
use crate::timeline::view::Zoom;
use crate::timeline::{Category, Scope};

/// A tour being presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TourRun {
    /// Which of the dataset's tours.
    pub tour: usize,
    /// Which step it stands on (0-based).
    pub step: usize,
}

impl App {
    /// The tour being presented and the step it is on, if any.
    pub fn tour(&self) -> Option<(&Tour, usize)> {
        let run = self.tour?;
        self.ds.tours().get(run.tour).map(|t| (t, run.step))
    }

    /// Which tour is presented and its step, as handles a mirror takes.
    pub fn tour_run(&self) -> Option<TourRun> {
        self.tour
    }

    /// The current step of the tour being presented.
    pub fn tour_step(&self) -> Option<&Step> {
        self.tour().and_then(|(t, i)| t.steps.get(i))
    }

    /// The current step and the next one's title, while the notes panel is open.
    pub fn notes_panel(&self) -> Option<(&Step, Option<&str>)> {
        if !self.notes {
            return None;
        }
        let (tour, i) = self.tour()?;
        Some((tour.steps.get(i)?, tour.steps.get(i + 1).map(|s| s.title.as_str())))
    }

    /// The tour picker's selected row, while it is open.
    pub fn tour_picker(&self) -> Option<usize> {
        self.picker
    }

    /// Starts the tour with this id at its first step; false if there is none.
    pub(super) fn start_tour_id(&mut self, id: &str) -> bool {
        match self.ds.tours().iter().position(|t| t.id == id) {
            Some(i) => {
                self.start_tour(i);
                true
            }
            None => false,
        }
    }

    pub(super) fn start_tour(&mut self, tour: usize) {
        if tour < self.ds.tours().len() {
            self.tour = Some(TourRun { tour, step: 0 });
            self.go_to_step();
        }
    }

    /// Moves the tour on by `delta` steps, staying within it.
    pub(super) fn step_tour(&mut self, delta: isize) {
        let Some((tour, step)) = self.tour().map(|(t, s)| (t.steps.len(), s)) else {
            self.message = Some("no tour is running: p picks one".into());
            return;
        };
        let next = step.saturating_add_signed(delta).min(tour.saturating_sub(1));
        if next == step {
            self.message =
                Some(if delta > 0 { "the last step of the tour" } else { "the first step of the tour" }.into());
            return;
        }
        self.jump_to_step(next);
    }

    /// Goes to a step of the running tour (0-based; past the end: the last).
    pub(super) fn jump_to_step(&mut self, step: usize) {
        let Some(run) = self.tour.as_mut() else { return };
        let steps = self.ds.tours().get(run.tour).map_or(0, |t| t.steps.len());
        run.step = step.min(steps.saturating_sub(1));
        self.go_to_step();
    }

    pub(super) fn end_tour(&mut self) {
        if self.tour.take().is_some() {
            self.message = Some("tour ended".into());
        }
    }

    /// Stands where the current step says, the whole place rebuilt from the
    /// tour (whichever way the step was reached: forwards, backwards or by a
    /// jump), laid out for this screen; as a user would get there, so
    /// history and back work as usual.
    pub(super) fn go_to_step(&mut self) {
        let Some(step) = self.tour_step().cloned() else { return };
        self.caption = Some(self.step_caption(&step));
        self.help = None;
        self.palette = None;
        self.picker = None;
        self.steps = None;
        self.push_back();
        let mut place = Place {
            view: View::Kind(Kind::Firm),
            query: TextInput::new(step.filter.as_deref().unwrap_or("")),
            entity: None,
            focus: Focus::List,
            link: None,
            timeline: None,
            paths: None,
            hood: None,
            as_of: self.as_of(),
            found: None,
        };
        match &step.place {
            StepPlace::Entity(id) => {
                place.view = View::Kind(self.ds.get(*id).kind());
                place.entity = Some(*id);
                if let Some(link) = step.link {
                    place.focus = Focus::Detail;
                    place.link = Some((usize::MAX, crate::app::doc::Target::Entity(link)));
                }
                self.lay_out(&place);
            }
            StepPlace::Tab(kind) => {
                place.view = View::Kind(*kind);
                self.lay_out(&place);
            }
            StepPlace::Timeline { entities, zoom, date } => {
                place.view = View::Timeline;
                place.timeline = Some(TimelinePlace {
                    scope: if entities.is_empty() { Scope::All } else { Scope::of(entities.clone()) },
                    categories: Category::ALL.to_vec(),
                    query: place.query.clone(),
                    zoom: match zoom {
                        Some(TourZoom::Decade) => Zoom::Decade,
                        None | Some(TourZoom::Year) => Zoom::Year,
                        Some(TourZoom::Quarter) => Zoom::Quarter,
                        Some(TourZoom::Month) => Zoom::Month,
                    },
                    item: None,
                    items: None,
                });
                place.query = TextInput::default();
                self.lay_out(&place);
                let day = date.map(|d| d.start_day()).or(self.today.map(|t| t.end_day())).unwrap_or(i64::MAX);
                self.tl.select_near(&self.timeline, day);
                self.tl.start = f64::MIN;
                self.tl_after_move();
            }
        }
    }

    pub(super) fn update_tours(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let n = self.ds.tours().len();
        let Some(sel) = self.picker else { return Outcome::None };
        // The rows: every tour, then "end the tour" while one runs.
        let rows = n + usize::from(self.tour.is_some());
        match action {
            Action::Cancel | Action::OpenTours => self.picker = None,
            Action::Down => self.picker = Some((sel + 1).min(rows.saturating_sub(1))),
            Action::Up => self.picker = Some(sel.saturating_sub(1)),
            Action::Accept | Action::Open => {
                self.picker = None;
                if sel < n {
                    self.start_tour(sel);
                } else {
                    self.end_tour();
                }
            }
            _ => {}
        }
        Outcome::None
    }

    pub(super) fn open_tours(&mut self) {
        if self.ds.tours().is_empty() {
            self.message = Some("this data has no tours (see `tours` in docs/data-format.md)".into());
            return;
        }
        self.picker = Some(self.tour.map_or(0, |r| r.tour));
    }
}
