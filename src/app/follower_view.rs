//! What a following session's screen is made of, as a value: two apps
//! with equal [`FollowerView`]s (and the same data) draw the same frame, so
//! a server draws it once for all of them. Only a follower that shows the
//! presenter's place and nothing of its own has one: an open overlay, a
//! filter being typed, a search still running, a mark, notes or keys cast
//! make the app draw its own frame.

use super::*;
use crate::app::place::Place;

/// Everything a following app's frame is drawn from, beside its data:
/// the place and how this app laid it out (the offsets a place leaves to
/// each viewer), the size, the theme, the words on the caption and status
/// lines and the audience's size.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowerView {
    place: Place,
    size: (u16, u16),
    theme: ThemeName,
    captions: bool,
    caption: Option<String>,
    message: Option<String>,
    presence: Option<Presence>,
    presenter_away: bool,
    elsewhere: Elsewhere,
    /// The list's selected and first visible row.
    list: (usize, usize),
    detail: DetailState,
    /// The timeline's cursor, first visible row and the axis's first day
    /// (its bits: a pan is exact), on the timeline.
    timeline: Option<(usize, usize, u64)>,
    /// The paths view's first visible row, on it.
    paths: Option<usize>,
    breadcrumb: Vec<String>,
    presenter_place: Option<String>,
    audience_note: Option<String>,
    today: Option<PartialDate>,
}

impl App {
    /// This app's frame as a value, while it follows and shows nothing of
    /// its own (see the module's comment); `None` otherwise.
    pub fn follower_view(&self) -> Option<FollowerView> {
        let following = self.presence.is_some_and(|p| p.role == Role::Following);
        let browsing = matches!(self.mode(), Mode::List | Mode::Detail | Mode::Timeline | Mode::Neighbourhood);
        let own = self.find.is_some()
            || self.data_problem.is_some()
            || self.tour.is_some()
            || self.notes
            || self.keycasting
            || !self.marks.is_empty()
            || self.tl_work.is_some()
            || self.list().search.running();
        if !following || !browsing || own {
            return None;
        }
        let list = self.list();
        Some(FollowerView {
            place: self.snapshot(),
            size: self.size,
            theme: self.theme.name,
            captions: self.captions,
            caption: self.caption.clone(),
            message: self.message.clone(),
            presence: self.presence,
            presenter_away: self.presenter_away,
            elsewhere: self.elsewhere.clone(),
            list: (list.selected, list.offset),
            detail: self.detail,
            timeline: (self.view == View::Timeline)
                .then(|| (self.tl.selected, self.tl.offset, self.tl.start.to_bits())),
            paths: self.paths.as_ref().filter(|_| self.view == View::Paths).map(|p| p.offset),
            breadcrumb: self.breadcrumb(),
            presenter_place: self.presenter_place(),
            audience_note: self.audience_note.clone(),
            today: self.today,
        })
    }
}
