//! Tours: scripted walks through the data for a presenter. Each step says
//! where to stand (an entity's card, a kind's tab, or a timeline), what to
//! filter and which link to point at, a note only the presenter sees, a
//! one-line caption for the audience, and the sources behind its claims.

use std::time::Duration;

use crate::data::date::PartialDate;
use crate::data::model::{EntityId, Kind};

/// A tour, validated: every id in it names an entity of the dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    /// Its id (`--tour ID`).
    pub id: String,
    /// Shown in the picker and the status bar.
    pub title: String,
    /// The time the whole tour should take (`minutes:`), if given.
    pub minutes: Option<f64>,
    /// At least one.
    pub steps: Vec<Step>,
}

/// One step of a tour.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Shown in the status bar: `step 3/9: <title>`.
    pub title: String,
    /// Where to stand.
    pub place: Place,
    /// The list's or the timeline's filter.
    pub filter: Option<String>,
    /// The link of the entity's card to put the cursor on.
    pub link: Option<EntityId>,
    /// For the presenter only; several lines.
    pub note: Option<String>,
    /// One line for the audience.
    pub caption: Option<String>,
    /// The time this step should take (`minutes:`), if given.
    pub minutes: Option<f64>,
    /// Where the step's claims come from.
    pub sources: Vec<EntityId>,
}

impl Tour {
    /// Each step's time budget: its own `minutes`, else an even share of
    /// what the tour's `minutes` leave over the steps that give none (none
    /// left: no budget). `None` for every step when neither is given.
    pub fn budgets(&self) -> Vec<Option<Duration>> {
        let given: f64 = self.steps.iter().filter_map(|s| s.minutes).sum();
        let without = self.steps.iter().filter(|s| s.minutes.is_none()).count();
        let share = match self.minutes {
            Some(total) if without > 0 && total > given => Some((total - given) / without as f64),
            _ => None,
        };
        self.steps.iter().map(|s| s.minutes.or(share).map(|m| Duration::from_secs_f64(m * 60.0))).collect()
    }
}

/// Where a step stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// An entity's card, in its kind's tab.
    Entity(EntityId),
    /// A kind's tab.
    Tab(Kind),
    /// The timeline tab: of these entities (none: of everything; one: it and
    /// what is linked to it; several: what they share), at a zoom, with the
    /// cursor on the item nearest a date.
    Timeline {
        /// The scope.
        entities: Vec<EntityId>,
        /// The axis zoom.
        zoom: Option<TourZoom>,
        /// Where the cursor stands.
        date: Option<PartialDate>,
    },
}

/// Every step's note, by tour and step, once taken out of a dataset that
/// is shown to an audience.
pub type Notes = Vec<Vec<Option<String>>>;

/// A timeline zoom a step may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourZoom {
    /// Ten years a tick.
    Decade,
    /// A year a tick.
    Year,
    /// Three months a tick.
    Quarter,
    /// A month a tick.
    Month,
}

impl TourZoom {
    /// Every zoom, with its word in the data.
    pub const ALL: [(&'static str, TourZoom); 4] =
        [("decade", Self::Decade), ("year", Self::Year), ("quarter", Self::Quarter), ("month", Self::Month)];

    /// The zoom a word names.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|&(_, z)| z)
    }
}

/// The tour with this id, or a message naming the tours there are (with the
/// nearest id suggested), for `--tour ID`.
pub fn find<'a>(ds: &'a crate::data::model::Dataset, id: &str) -> Result<&'a Tour, String> {
    ds.tour(id).ok_or_else(|| {
        let ids: Vec<&str> = ds.tours().iter().map(|t| t.id.as_str()).collect();
        let shown = crate::text::sanitize::inert(id);
        match ids.as_slice() {
            [] => format!("--tour {shown}: this data has no tours"),
            _ => {
                let help =
                    crate::data::suggest::did_you_mean(&crate::data::suggest::nearest(id, ids.iter().copied(), 1))
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                format!("--tour {shown}: no tour has this id{help}; the tours are {}", ids.join(", "))
            }
        }
    })
}
