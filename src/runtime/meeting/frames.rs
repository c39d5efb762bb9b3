//! Follower frames drawn once for the room: a following app's screen is a
//! value ([`FollowerView`]), so the first follower to need a frame draws it
//! into a ratatui `Buffer` and every follower with the same view, data and
//! clearance takes the same `Arc<Buffer>`, leaving each session only the
//! diff against what its own terminal shows. A room has few sizes, so a
//! presenter's move costs one drawing per distinct (size, theme, captions,
//! clearance), not one per viewer. Kept: the latest [`KEPT`] frames, the
//! least recently used going first.

use std::sync::Arc;

use ratatui::buffer::Buffer;

use crate::app::follower_view::FollowerView;
use crate::memo::Memo;

/// Frames kept at once (a room's sizes, themes and clearances, times a
/// step or two while followers catch up).
pub const KEPT: usize = 32;

/// What a follower frame is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameKey {
    /// The data generation.
    pub data: u64,
    /// Drawn from the data as cleared viewers see it.
    pub cleared: bool,
    /// The app's screen as a value.
    pub view: FollowerView,
}

/// The meeting's follower frames.
pub struct FollowerFrames(Memo<FrameKey, Arc<Buffer>>);

impl Default for FollowerFrames {
    fn default() -> Self {
        Self(Memo::new(KEPT))
    }
}

impl FollowerFrames {
    /// The frame for `key`: the one drawn already, or `draw`'s (one caller
    /// draws; others asking for the same key meanwhile wait for it).
    pub fn get(&self, key: FrameKey, draw: impl FnOnce() -> Buffer) -> Arc<Buffer> {
        self.0.get(key, || Arc::new(draw()))
    }

    /// Follower frames drawn so far.
    pub fn drawn(&self) -> u64 {
        self.0.made()
    }

    /// Follower frames taken from one drawn for another session.
    pub fn shared(&self) -> u64 {
        self.0.reused()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::app::action::Action;
    use crate::app::msg::Msg;
    use crate::app::{App, Options, Presence, Role};
    use crate::data::load::{DataSource, load};
    use crate::data::model::Dataset;
    use crate::runtime::frame::render_app;

    fn demo() -> Arc<Dataset> {
        Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap())
    }

    /// A follower of `w`x`h` standing where the presenter is.
    fn follower(ds: &Arc<Dataset>, place: &Arc<crate::app::place::Place>, (w, h): (u16, u16)) -> App {
        let options = Options { captions: true, ..Options::default() };
        let mut app = App::new(Arc::clone(ds), options, w, h);
        let _ = app.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 7 })));
        let _ = app.update(Msg::Follow(Arc::clone(place)));
        let _ = app.update(Msg::Caption("Opened Xiaomi".into()));
        app
    }

    fn presenter_place(ds: &Arc<Dataset>) -> Arc<crate::app::place::Place> {
        let mut presenter = App::new(Arc::clone(ds), Options::default(), 100, 30);
        for _ in 0..3 {
            let _ = presenter.update(Action::Down);
        }
        Arc::new(presenter.snapshot())
    }

    /// Every app's frame through the room's frames; each is what the app draws itself.
    fn through(frames: &FollowerFrames, apps: &[App]) {
        for app in apps {
            let key = FrameKey { data: 1, cleared: false, view: app.follower_view().expect("a pure follower") };
            let frame = frames.get(key, || render_app(app));
            assert_eq!(*frame, render_app(app), "the shared frame is the one the app draws");
        }
    }

    #[test]
    fn followers_of_one_size_cost_one_drawing_and_of_two_sizes_two() {
        let ds = demo();
        let place = presenter_place(&ds);
        let frames = FollowerFrames::default();
        let room: Vec<App> = (0..5).map(|_| follower(&ds, &place, (80, 24))).collect();
        through(&frames, &room);
        assert_eq!((frames.drawn(), frames.shared()), (1, 4));

        let frames = FollowerFrames::default();
        let mut room: Vec<App> = (0..3).map(|_| follower(&ds, &place, (80, 24))).collect();
        room.extend((0..3).map(|_| follower(&ds, &place, (120, 40))));
        through(&frames, &room);
        assert_eq!((frames.drawn(), frames.shared()), (2, 4));
    }

    #[test]
    fn a_follower_with_something_of_its_own_draws_its_own_frame() {
        let ds = demo();
        let place = presenter_place(&ds);
        let frames = FollowerFrames::default();
        let mut noticed = follower(&ds, &place, (80, 24));
        let _ = noticed.update(Msg::Notice("a new presentation started: f follows it".into()));
        through(&frames, &[follower(&ds, &place, (80, 24)), noticed]);
        assert_eq!(frames.drawn(), 2, "a notice of its own is another frame");

        let mut helped = follower(&ds, &place, (80, 24));
        let _ = helped.update(Action::ToggleHelp);
        assert!(helped.follower_view().is_none(), "help open: its own frame");
        let mut roaming = follower(&ds, &place, (80, 24));
        let _ = roaming.update(Action::ToggleFollow);
        assert!(roaming.follower_view().is_none(), "roaming: its own frame");
    }

    #[test]
    fn the_least_recently_used_frame_goes_first() {
        let frames = FollowerFrames::default();
        let ds = demo();
        let place = presenter_place(&ds);
        let app = follower(&ds, &place, (80, 24));
        let view = app.follower_view().unwrap();
        for data in 0..=KEPT as u64 {
            let _ = frames.get(FrameKey { data, cleared: false, view: view.clone() }, || render_app(&app));
        }
        assert_eq!(frames.0.len(), KEPT);
        let _ = frames.get(FrameKey { data: 0, cleared: false, view }, || render_app(&app));
        assert_eq!(frames.drawn(), KEPT as u64 + 2, "the oldest was let go and drawn again");
    }
}
