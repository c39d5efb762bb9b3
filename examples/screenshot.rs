//! Renders the explorer's own frames to SVG pictures for the README and docs/:
//! `cargo run --example screenshot -- docs/` writes `main.svg`, `search.svg`,
//! and, for a presented demo, `follower.svg` (a viewer following the demo
//! tour's third step, with its caption) and `speaker.svg` (the presenter's
//! speaker view of that step). Rerun it whenever the UI changes.

use std::sync::Arc;
use std::time::Duration;

use dealscope::app::input::{Input, Key};
use dealscope::app::keymap;
use dealscope::app::msg::Msg;
use dealscope::app::theme::{Glyphs, Theme, ThemeName};
use dealscope::app::{App, Options, Presence, Role};
use dealscope::data::load::{DataSource, load};
use dealscope::data::pace::Pace;
use dealscope::ui::speaker::{RosterRow, SpeakerView, StepView, draw as draw_speaker};
use dealscope::ui::svg::svg;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn frame(app: &App) -> Buffer {
    let (w, h) = app.size();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    dealscope::ui::draw(app, area, &mut buf);
    buf
}

fn press(app: &mut App, text: &str) {
    for c in text.chars() {
        if let Some(a) = keymap::dispatch(app.mode(), &Input::Key(Key::ch(c))) {
            let _ = app.update(a);
        }
    }
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "docs".into());
    std::fs::create_dir_all(&dir)?;
    let ds = Arc::new(load(&DataSource::Demo, Default::default()).expect("demo data").dataset.expect("valid"));
    let main = App::new(Arc::clone(&ds), Options::default(), 100, 30);
    std::fs::write(format!("{dir}/main.svg"), svg(&frame(&main)))?;
    let mut search = App::new(Arc::clone(&ds), Options::default(), 100, 30);
    press(&mut search, "3/kirin");
    std::fs::write(format!("{dir}/search.svg"), svg(&frame(&search)))?;
    // A presented demo: the presenter on the tour's third step, a follower.
    let mut presenter = App::new(Arc::clone(&ds), Options::default(), 100, 30);
    let _ = presenter.update(Msg::StartTour("cross-licence".into()));
    press(&mut presenter, "  ");
    let mut follower = App::new(Arc::clone(&ds), Options { captions: true, ..Options::default() }, 100, 30);
    let _ = follower.update(Msg::Presence(Some(Presence { role: Role::Following, viewers: 2 })));
    let _ = follower.update(Msg::Follow(Arc::new(presenter.snapshot())));
    let _ = follower.update(Msg::Caption(presenter.caption().unwrap_or_default().to_string()));
    std::fs::write(format!("{dir}/follower.svg"), svg(&frame(&follower)))?;
    let (tour, i) = presenter.tour().expect("the tour runs");
    let step = &tour.steps[i];
    let (on_step, in_all) = (Duration::from_secs(74), Duration::from_secs(262));
    let view = SpeakerView {
        clock: "14:05".into(),
        step: Some(StepView {
            tour: tour.title.clone(),
            number: i + 1,
            steps: tour.steps.len(),
            title: step.title.clone(),
            note: step.note.clone(),
            caption: step.caption.clone(),
            next: tour.steps.get(i + 1).map(|s| s.title.clone()),
            next_caption: tour.steps.get(i + 1).and_then(|s| s.caption.clone()),
            on_step,
            in_all,
            pace: Pace::at(&tour.budgets(), i, on_step, in_all),
        }),
        roster: vec![
            RosterRow { name: "alice@laptop".into(), sessions: 2, status: "following".into(), place: follower.place() },
            RosterRow {
                name: "SHA256:Xb3dG1q".into(),
                sessions: 1,
                status: "roaming".into(),
                place: "Kirin 9000s".into(),
            },
        ],
        ..SpeakerView::default()
    };
    let area = Rect::new(0, 0, 100, 24);
    let mut buf = Buffer::empty(area);
    draw_speaker(&view, &Theme::new(ThemeName::Dark), &Glyphs::UNICODE, area, &mut buf);
    std::fs::write(format!("{dir}/speaker.svg"), svg(&buf))?;
    println!("wrote main.svg, search.svg, follower.svg and speaker.svg to {dir}");
    Ok(())
}
