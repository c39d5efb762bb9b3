//! The date lens (`@`, or `--as-of DATE`): the whole app as of a day. The
//! app shows the dataset seen as of that day (`data::lens::view`): lists,
//! counts, search, cards, paths, the neighbourhood and the timeline hold
//! that day's world and nothing else, by construction; cards show roles as
//! held that day and, on an agreement's card, who held office at each
//! party; the status bar says "as of DAY" whatever else it shows.

use super::msg::Outcome;
use super::*;
use crate::app::action::Action;
use crate::data::card::date_of;

impl App {
    /// The day the app is seen as of, if a lens is set.
    pub fn as_of(&self) -> Option<PartialDate> {
        self.ds.as_of()
    }

    /// The date being typed for the lens, while it is.
    pub fn as_of_input(&self) -> Option<&TextInput> {
        self.as_of_input.as_ref()
    }

    /// `@`: starts typing a day, filled in with the date of what is selected
    /// (a timeline item's, or an agreement's signing, an event's, a launch),
    /// else the lens's own day.
    pub(super) fn start_as_of(&mut self) {
        let from_view = if self.view == View::Timeline {
            self.tl.current().and_then(|i| self.timeline.items()[i].date)
        } else {
            self.selected().and_then(|id| date_of(self.ds.get(id)))
        };
        let day = from_view.or(self.as_of()).map(|d| d.to_string()).unwrap_or_default();
        self.as_of_input = Some(TextInput::new(&day));
    }

    /// Handles a key while the lens's day is typed.
    pub(super) fn update_as_of(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let Some(input) = self.as_of_input.as_mut() else { return Outcome::None };
        if let Some(edit) = edit_of(&action) {
            input.edit(edit);
            return Outcome::None;
        }
        match action {
            Action::Cancel => self.as_of_input = None,
            Action::Accept => {
                let text = input.trim().to_string();
                if text.is_empty() {
                    self.as_of_input = None;
                    self.set_as_of(None);
                    return Outcome::None;
                }
                match PartialDate::parse(&text) {
                    Ok(day) => {
                        self.as_of_input = None;
                        self.set_as_of(Some(day));
                    }
                    Err(_) => self.message = Some(format!("`{text}` is not a date: YYYY, YYYY-MM or YYYY-MM-DD")),
                }
            }
            _ => {}
        }
        Outcome::None
    }

    /// Sets (or clears) the lens: the app shows the data as of that day.
    pub fn set_as_of(&mut self, day: Option<PartialDate>) {
        if day == self.as_of() {
            return;
        }
        self.ds = crate::data::lens::view(&self.unlensed, day);
        self.connections = None;
        let view = self.view.clone();
        for k in Kind::ALL {
            let keep = self.kind_lists[k.index()].rows.get(self.kind_lists[k.index()].selected).map(|h| h.id);
            self.kind_lists[k.index()].search.forget();
            self.view = View::Kind(k);
            self.refresh_rows();
            let l = &mut self.kind_lists[k.index()];
            l.selected = keep.and_then(|id| l.rows.iter().position(|h| h.id == id)).unwrap_or(0);
        }
        if let View::Tag(_) = &view {
            self.tag_list.search.forget();
            self.view = view.clone();
            self.refresh_rows();
        }
        self.view = view;
        self.refind(Some);
        if matches!(self.view, View::Kind(_) | View::Tag(_)) {
            self.keep_visible();
        }
        self.elsewhere = Elsewhere::default();
        self.refresh_elsewhere();
        if let Some(p) = self.palette.as_mut() {
            p.search.forget();
            self.refresh_palette();
        }
        self.tl.until = day;
        self.tl.refresh(&self.ds, &self.timeline);
        self.tl_work = None;
        if self.view == View::Timeline {
            self.tl_after_move();
        }
        self.detail = DetailState::default();
        self.message = Some(match day {
            Some(d) => format!("seen as of {d}: only what existed then (@ then an empty date shows all)"),
            None => "no date lens: everything is shown".to_string(),
        });
    }
}
