//! Captions: what the app just did, in words rather than keys ("opened
//! Kirin 9000s", "filtered Chipsets: kirin", "timeline of Huawei + Xiaomi,
//! year zoom"), or the tour step's own caption. A presenter's captions go to
//! its followers; `--captions` shows them locally, with the keys pressed.
//! Shown, a caption has a band of its own above the status bar, one row or
//! two when it is longer than the screen is wide (then cut).

use super::*;
use crate::app::action::Action;
use crate::data::tour::Step;
use crate::timeline::Scope;

/// Where the app was before an action, as much as a caption needs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Brief {
    view: View,
    query: TextInput,
    entity: Option<crate::data::model::EntityId>,
    timeline: Option<(Scope, crate::timeline::view::Zoom, TextInput)>,
}

/// Keys kept for the key cast.
const KEYCAST: usize = 6;

/// Most rows a caption takes.
pub const CAPTION_ROWS: usize = 2;

/// Columns of the caption band that are not the caption: ` ▶ ` before it.
const CAPTION_MARGIN: u16 = 3;

impl App {
    /// The caption line, while captions are shown: the last caption and, with
    /// the key cast on, the last keys pressed (newest last).
    pub fn caption_line(&self) -> Option<(&str, &[String])> {
        self.captions.then(|| (self.caption.as_deref().unwrap_or(""), self.keycast.as_slice()))
    }

    /// What this app last did, in words.
    pub fn caption(&self) -> Option<&str> {
        self.caption.as_deref()
    }

    /// The caption band's lines at this width: the caption wrapped, at most
    /// [`CAPTION_ROWS`] (the last cut), or one empty line while captions are
    /// on and nothing was said yet; none while captions are off.
    pub fn caption_lines(&self) -> Vec<String> {
        let Some((caption, _)) = self.caption_line() else { return Vec::new() };
        // The band starts with a pointer and a space on each side.
        let cols = usize::from(self.size.0.saturating_sub(CAPTION_MARGIN)).max(1);
        let mut lines = crate::text::wrap(&crate::text::sanitize::inert(caption), cols);
        if lines.len() > CAPTION_ROWS {
            let rest = lines.split_off(CAPTION_ROWS - 1).join(" ");
            lines.push(crate::text::fit(&rest, cols, self.glyphs.ellipsis));
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }

    /// Rows the caption band takes.
    pub(super) fn caption_rows(&self) -> u16 {
        self.caption_lines().len() as u16
    }

    /// Keeps the selection and the card's cursor in view after the panes
    /// changed size (a resize, or a caption band that grew or shrank).
    pub(super) fn relayout(&mut self) {
        if self.view == View::Timeline {
            self.tl_after_move();
        } else {
            self.keep_visible();
            self.clamp_detail();
        }
    }

    /// Records a key for the key cast (the runtime sends each key's label).
    pub(super) fn cast_key(&mut self, label: String) {
        if self.keycasting {
            self.keycast.push(label);
            if self.keycast.len() > KEYCAST {
                self.keycast.remove(0);
            }
        }
    }

    /// The caption for a tour step: its own, else its number and title.
    pub(super) fn step_caption(&self, step: &Step) -> String {
        match (&step.caption, self.tour()) {
            (Some(c), _) => c.clone(),
            (None, Some((tour, i))) => format!("step {}/{}: {}", i + 1, tour.steps.len(), step.title),
            (None, None) => step.title.clone(),
        }
    }

    /// Where the app is, in the few things a caption tells (cheap to take
    /// before every action, unlike a whole `Location`).
    pub(super) fn brief(&self) -> Brief {
        Brief {
            view: self.view.clone(),
            query: self.list().query.clone(),
            entity: self.selected(),
            timeline: (self.view == View::Timeline)
                .then(|| (self.tl.scope.clone(), self.tl.zoom, self.tl.query.clone())),
        }
    }

    /// Describes a move from `before` to where the app is now, if it moved.
    pub(super) fn describe_move(&self, before: &Brief, here: &Brief, action: &Action) -> Option<String> {
        if let Some((scope, zoom, query)) = &here.timeline {
            let name = self.scope_name(scope);
            let name = name
                .strip_prefix("Timeline: ")
                .map_or("timeline of everything".to_string(), |s| format!("timeline of {s}"));
            return match &before.timeline {
                Some((s, z, _)) if s == scope && z != zoom => Some(format!("{} zoom", zoom.name())),
                Some((s, _, q)) if s == scope && q != query => Some(if query.is_empty() {
                    "cleared the timeline filter".into()
                } else {
                    format!("filtered the timeline: {query}")
                }),
                Some((s, ..)) if s == scope => None,
                _ => Some(format!("{name}, {} zoom", zoom.name())),
            };
        }
        let list_name = match &here.view {
            View::Kind(k) => k.title().to_string(),
            View::Tag(t) => format!("#{t}"),
            View::Timeline => String::new(),
            View::Paths => "paths".to_string(),
            View::Neighbourhood => "neighbourhood".to_string(),
        };
        if here.view != before.view {
            return Some(match here.entity {
                Some(e) if matches!(action, Action::Open | Action::Accept | Action::Back | Action::Forward) => {
                    format!("opened {}", self.ds.get(e).name)
                }
                _ => list_name,
            });
        }
        if here.query != before.query {
            return Some(if here.query.is_empty() {
                format!("cleared the {list_name} filter")
            } else {
                format!("filtered {list_name}: {}", here.query)
            });
        }
        match (here.entity, before.entity) {
            (Some(e), old) if old != Some(e) => Some(match action {
                Action::Open | Action::Accept | Action::Back | Action::Forward => {
                    format!("opened {}", self.ds.get(e).name)
                }
                _ => format!("on {}", self.ds.get(e).name),
            }),
            _ => None,
        }
    }
}
