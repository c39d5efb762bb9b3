//! Driving the app as a user would: inputs through the keymap into
//! `App::update`, on the demo data.

use std::sync::Arc;

use dealscope::app::input::{Input, Key, KeyCode};
use dealscope::app::keymap;
use dealscope::app::msg::Effect;
use dealscope::app::{App, Options};
use dealscope::data::load::{DataSource, load};
use dealscope::data::model::Dataset;

pub fn demo() -> Arc<Dataset> {
    Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap())
}

pub fn app() -> App {
    App::new(demo(), Options::default(), 80, 24)
}

/// The effects of the last of some inputs, for the tests that look at them
/// (the demo data is small, so no search ever goes to a worker here).
#[derive(Debug, PartialEq)]
pub struct Last(pub Vec<Effect>);

impl PartialEq<Effect> for Last {
    fn eq(&self, other: &Effect) -> bool {
        self.0.as_slice() == std::slice::from_ref(other)
    }
}

/// Sends inputs through the keymap, as the runtime does; returns the last effects.
pub fn send(app: &mut App, inputs: &[Input]) -> Last {
    let mut last = Vec::new();
    for i in inputs {
        if let Some(a) = keymap::dispatch(app.mode(), i) {
            last = app.update(a);
        }
    }
    Last(last)
}

pub fn keys(app: &mut App, text: &str) -> Last {
    let inputs: Vec<Input> = text.chars().map(|c| Input::Key(Key::ch(c))).collect();
    send(app, &inputs)
}

pub fn key(app: &mut App, code: KeyCode) -> Last {
    send(app, &[Input::Key(Key::plain(code))])
}

pub fn selected_id(app: &App) -> String {
    app.dataset().get(app.selected().unwrap()).id.clone()
}
