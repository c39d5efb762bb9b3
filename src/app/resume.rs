//! Picking up where you left off: what of the explorer is kept between runs
//! on one dataset (the marks, the history, the date lens and the place), as
//! plain data naming entities by their ids, so it outlives the handles of
//! one load; and putting it back (`Msg::Restore`), leaving out what the data
//! no longer has. Where it is kept, and when, is the runtime's
//! (`runtime/state.rs`).

use serde::{Deserialize, Serialize};

use super::*;
use crate::timeline::Scope;

/// The format of what is kept; anything else is not read.
pub const SAVED_VERSION: u32 = 1;
/// Most places kept in each direction of the history.
const KEPT_HISTORY: usize = 50;

/// What is kept between runs on one dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// [`SAVED_VERSION`].
    pub version: u32,
    /// The date lens's day.
    pub as_of: Option<String>,
    /// The marked entities' ids.
    pub marks: Vec<String>,
    /// Where the explorer was.
    pub place: Option<Place>,
    /// The places behind it, oldest first.
    pub back: Vec<Place>,
    /// The places ahead of it, nearest last.
    pub forward: Vec<Place>,
}

/// A place, by ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// `firms` … `sources` (a kind's tab), `tag:NAME`, `timeline`, `paths`
    /// or `neighbourhood`.
    pub view: String,
    /// The selected entity (the paths' start, the neighbourhood's centre).
    pub entity: Option<String>,
    /// The list's or the timeline's filter.
    #[serde(default)]
    pub query: String,
    /// `detail` when the detail pane had the keyboard.
    #[serde(default)]
    pub focus: String,
    /// The timeline's scope: the entities whose history it shows.
    #[serde(default)]
    pub scope: Vec<String>,
    /// The paths' end.
    #[serde(default)]
    pub to: Option<String>,
    /// The neighbourhood's depth.
    #[serde(default)]
    pub depth: Option<u8>,
}

impl App {
    /// What to keep of this run.
    pub fn saved(&self) -> Saved {
        let id = |e: EntityId| self.ds.get(e).id.clone();
        let place = |loc: &Location| {
            let (view, scope, to, depth, query) = match &loc.view {
                View::Kind(k) => (k.key().to_string(), Vec::new(), None, None, loc.query.to_string()),
                View::Tag(t) => (format!("tag:{t}"), Vec::new(), None, None, loc.query.to_string()),
                View::Timeline => {
                    let st = loc.timeline.as_deref().unwrap_or(&self.tl);
                    let scope = match &st.scope {
                        Scope::All => Vec::new(),
                        Scope::Around(e) => vec![id(*e)],
                        Scope::Shared(ids) => ids.iter().map(|&e| id(e)).collect(),
                    };
                    ("timeline".to_string(), scope, None, None, st.query.to_string())
                }
                View::Paths => {
                    let to = loc.paths.as_ref().map(|p| id(p.to));
                    ("paths".to_string(), Vec::new(), to, None, String::new())
                }
                View::Neighbourhood => {
                    let depth = loc.hood.as_ref().map(|h| h.hood.depth);
                    ("neighbourhood".to_string(), Vec::new(), None, depth, String::new())
                }
            };
            let entity = match &loc.view {
                View::Paths => loc.paths.as_ref().map(|p| id(p.from)),
                View::Neighbourhood => loc.hood.as_ref().map(|h| id(h.hood.centre)),
                _ => loc.entity.map(id),
            };
            let focus = if loc.focus == Focus::Detail { "detail" } else { "list" }.to_string();
            Place { view, entity, query, focus, scope, to, depth }
        };
        let kept = |locs: &[Location]| locs[locs.len().saturating_sub(KEPT_HISTORY)..].iter().map(place).collect();
        Saved {
            version: SAVED_VERSION,
            as_of: self.as_of().map(|d| d.to_string()),
            marks: self.marks.iter().map(|&m| id(m)).collect(),
            place: Some(place(&self.here())),
            back: kept(&self.back),
            forward: kept(&self.forward),
        }
    }

    /// Puts back what was kept: the lens, the marks, the history and the
    /// place, each as far as the data still has what it names.
    pub(super) fn restore_saved(&mut self, saved: Saved) {
        if let Some(day) = saved.as_of.as_deref().and_then(|d| PartialDate::parse(d).ok()) {
            self.set_as_of(Some(day));
        }
        self.marks = saved.marks.iter().filter_map(|m| self.known(m)).collect();
        let back: Vec<Location> = saved.back.iter().filter_map(|p| self.location_of(p)).collect();
        let forward: Vec<Location> = saved.forward.iter().filter_map(|p| self.location_of(p)).collect();
        let here = saved.place.as_ref().and_then(|p| self.location_of(p));
        let placed = here.is_some();
        if let Some(here) = here {
            self.restore(here);
        }
        self.back = back;
        self.forward = forward;
        // (No place kept, or one given on the command line, such as a tour's
        // first step: the status bar says that instead.)
        if placed {
            self.message = Some("back where you left off (--fresh starts afresh)".into());
        }
    }

    /// The entity with this id, if the data shown has it.
    fn known(&self, id: &str) -> Option<EntityId> {
        self.ds.lookup(id).filter(|&e| self.ds.present(e))
    }

    /// The place a kept one names, made as going there would make it.
    fn location_of(&mut self, p: &Place) -> Option<Location> {
        let entity = p.entity.as_deref().and_then(|e| self.known(e));
        let view = match p.view.as_str() {
            "timeline" => View::Timeline,
            "paths" => View::Paths,
            "neighbourhood" => View::Neighbourhood,
            v => match v.strip_prefix("tag:") {
                Some(tag) => View::Tag(tag.to_string()),
                None => View::Kind(Kind::ALL.into_iter().find(|k| k.key() == v)?),
            },
        };
        let mut loc = Location {
            view: view.clone(),
            query: TextInput::new(&p.query),
            entity,
            selected: 0,
            offset: 0,
            detail: DetailState::default(),
            focus: if p.focus == "detail" { Focus::Detail } else { Focus::List },
            timeline: None,
            paths: None,
            hood: None,
            as_of: self.as_of(),
        };
        match view {
            View::Timeline => {
                let scope = Scope::of(p.scope.iter().filter_map(|e| self.known(e)).collect());
                let mut st = TimelineState { scope, until: self.as_of(), start: f64::MIN, ..TimelineState::default() };
                st.query = TextInput::new(&p.query);
                st.refresh(&self.ds, &self.timeline);
                let items = self.timeline.items();
                if let Some(at) = st.picked.iter().position(|&i| Some(items[i].subject) == entity) {
                    st.selected = at;
                }
                loc.timeline = Some(Box::new(st));
                loc.query = TextInput::default();
            }
            View::Paths => {
                let (from, to) = (entity?, p.to.as_deref().and_then(|e| self.known(e))?);
                let conn = self.connections();
                loc.paths = Some(Box::new(PathsState::new_in(&self.ds, &conn, from, to)));
            }
            View::Neighbourhood => {
                let conn = self.connections();
                loc.hood = Some(Box::new(HoodState::new_in(&self.ds, &conn, entity?, p.depth.unwrap_or(1))));
            }
            View::Kind(_) | View::Tag(_) => {}
        }
        Some(loc)
    }
}
