//! The one mutator, `App::update`, and how each mode handles an action:
//! help, palette, filter, and browsing the lists and the detail pane.

use super::msg::{Effect, Msg, Outcome};
use super::*;
use crate::app::action::Action;
use crate::app::input::MouseKind;
use crate::app::keymap::Mode;
use crate::app::theme::{Theme, ThemeName};
use crate::data::model::Kind;
use crate::timeline::Scope;

impl App {
    /// Takes in a message (a key's action, or what the runtime has for the
    /// app); returns what the runtime must do besides redrawing. Searches to
    /// run on the worker leave here too, after any other effect.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        let caption_rows = self.caption_rows();
        let outcome = match msg.into() {
            Msg::Action(action) => self.act(action),
            Msg::Tick => {
                self.tick_filter();
                Outcome::None
            }
            Msg::SearchDone(result) => {
                self.apply_search(&result);
                Outcome::None
            }
            Msg::Reloaded(data) => {
                let n = data.ds.len();
                let old = self.reload(data);
                self.message = Some(format!("data reloaded: {n} entities"));
                Outcome::Release(old)
            }
            Msg::DataProblem(problem) => {
                self.set_data_problem(problem);
                Outcome::None
            }
            Msg::Open(id) => {
                self.open_entity(id);
                Outcome::None
            }
            Msg::Follow(place) => {
                if self.presence.is_some_and(|p| p.role == Role::Following) {
                    self.show_place(&place);
                }
                self.presenter_at = Some(place);
                Outcome::None
            }
            Msg::Caption(text) => {
                self.caption = Some(text);
                Outcome::None
            }
            Msg::KeyCast(label) => {
                self.cast_key(label);
                Outcome::None
            }
            Msg::AudienceNote(note) => {
                self.audience_note = Some(note);
                Outcome::None
            }
            Msg::Mirror(loc, found) => {
                self.mirror_to(&loc);
                if let Some(found) = found {
                    self.mirror_found(&loc, &found);
                }
                Outcome::None
            }
            Msg::MirrorHistory(back) => {
                self.back = back;
                Outcome::None
            }
            Msg::TourAt(run) => {
                self.tour = run.filter(|r| r.tour < self.ds.tours().len());
                Outcome::None
            }
            Msg::PresenterGone => {
                self.presenter_away = false;
                if self.presenter_at.take().is_some() {
                    self.message = Some("the presentation has ended: browse on your own".into());
                }
                Outcome::None
            }
            Msg::PresenterAway(grace) => {
                self.presenter_away = true;
                let minutes = grace.as_secs().div_ceil(60);
                self.message = Some(format!("the presenter dropped: the presentation waits {minutes} min"));
                Outcome::None
            }
            Msg::PresenterBack => {
                if std::mem::take(&mut self.presenter_away) {
                    self.message = Some("the presenter reconnected".into());
                }
                Outcome::None
            }
            Msg::Presence(presence) => {
                self.presence = presence;
                Outcome::None
            }
            Msg::Captions(on) => {
                self.captions = on;
                Outcome::None
            }
            Msg::Viewers(n) => {
                if let Some(p) = self.presence.as_mut() {
                    p.viewers = n;
                }
                Outcome::None
            }
            Msg::Notice(text) => {
                self.message = Some(text);
                Outcome::None
            }
            Msg::Restore(saved) => {
                self.restore_saved(*saved);
                Outcome::None
            }
            Msg::Editing(editing) => {
                self.editing = editing;
                Outcome::None
            }
            Msg::StartTour(id) => {
                if !self.start_tour_id(&id) {
                    self.message = Some(format!("no tour has the id `{id}`"));
                }
                Outcome::None
            }
            Msg::GoToStep(id, step) => {
                if !self.go_to_tour_step(&id, step) {
                    self.message = Some(format!("no tour has the id `{id}`"));
                }
                Outcome::None
            }
            Msg::Resume { tour, place, caption } => {
                self.resume(tour, &place, caption);
                Outcome::None
            }
            Msg::Theme(name) => {
                self.theme = crate::app::theme::Theme::new(name);
                Outcome::None
            }
        };
        let mut effects = match outcome {
            Outcome::None => Vec::new(),
            Outcome::Quit => vec![Effect::Quit],
            Outcome::Copy(text) => vec![Effect::Copy(text)],
            Outcome::Release(old) => vec![Effect::Release(old)],
            Outcome::Edit(at) => vec![Effect::Edit(at)],
        };
        effects.extend(self.jobs.drain(..).map(Effect::Search));
        // A caption band that grew or shrank resized the panes.
        if self.caption_rows() != caption_rows {
            self.relayout();
        }
        self.refresh_derived();
        effects
    }

    /// Carries out what a key or click asked for, and says what it did.
    pub(super) fn act(&mut self, action: Action) -> Outcome {
        if matches!(action, Action::Resize(..)) {
            return self.update_mode(action);
        }
        if !matches!(action, Action::Mouse(..)) {
            self.message = None;
        }
        if action != Action::CopyTable {
            self.copied_markdown = false;
        }
        // Quitting while a tour is presented takes a second `q` (or Ctrl-C):
        // one pressed by mistake loses nobody's place.
        let asked = std::mem::take(&mut self.quit_asked);
        if action == Action::Quit && !asked && self.asks_before_quitting() {
            self.quit_asked = true;
            self.message = Some("a tour is running: q again quits (and ends it), any other key stays".into());
            return Outcome::None;
        }
        let browsing = matches!(self.mode(), Mode::List | Mode::Detail | Mode::Timeline | Mode::Neighbourhood);
        let following = self.presence.is_some_and(|p| p.role == Role::Following);
        let (before, tour) = (self.brief(), self.tour);
        let what = action.clone();
        // A presentation remote's PgDn and PgUp step the tour while one runs.
        let action = match action {
            Action::PageDown if browsing && tour.is_some() => Action::NextStep,
            Action::PageUp if browsing && tour.is_some() => Action::PrevStep,
            other => other,
        };
        let outcome = self.update_mode(action);
        let after = self.brief();
        // A follower whose place changed is roaming from then on (a theme, the
        // help or a click on a header is no move); the status bar says so,
        // where the presenter is, and that f follows again.
        if following
            && browsing
            && after != before
            && let Some(p) = self.presence.as_mut().filter(|p| p.role == Role::Following)
        {
            p.role = Role::Roaming;
        }
        // A viewer's caption line says what the presenter did, not what it did itself.
        let viewer = self.presence.is_some_and(|p| p.role != Role::Presenter);
        let caption = if viewer {
            None
        } else if self.tour.is_some() && self.tour != tour {
            self.tour_step().cloned().map(|s| self.step_caption(&s))
        } else {
            self.describe_move(&before, &after, &what)
        };
        if caption.is_some() {
            self.caption = caption;
        }
        outcome
    }

    pub(super) fn update_mode(&mut self, action: Action) -> Outcome {
        match self.mode() {
            Mode::Help | Mode::HelpFilter => self.update_help(action),
            Mode::Tours => self.update_tours(action),
            Mode::Steps => self.update_steps(action),
            Mode::Find => self.update_find(action),
            Mode::AsOf => self.update_as_of(action),
            Mode::Errors => self.update_errors(action),
            Mode::Palette => self.update_palette(action),
            Mode::Filter if self.view == View::Timeline => self.update_timeline_filter(action),
            Mode::Filter => self.update_filter(action),
            Mode::Timeline => self.update_timeline(action),
            Mode::Neighbourhood => self.update_hood(action),
            // The speaker view is no mode of the app: it has keys of its own.
            Mode::List | Mode::Detail | Mode::Speaker => self.update_browse(action),
        }
    }

    pub(super) fn update_common(&mut self, action: &Action) -> Option<Outcome> {
        match action {
            Action::Quit => Some(Outcome::Quit),
            Action::CycleTheme => {
                let next = match self.theme.name {
                    ThemeName::Dark => ThemeName::Light,
                    ThemeName::Light => ThemeName::Mono,
                    ThemeName::Mono => ThemeName::Dark,
                };
                self.theme = Theme::new(next);
                self.message = Some(format!("theme: {}", next.label()));
                Some(Outcome::None)
            }
            Action::ToggleFollow => {
                self.message = Some(match self.presence.as_mut() {
                    Some(p) if p.role == Role::Following => {
                        p.role = Role::Roaming;
                        "roaming on your own: f follows the presenter again".to_string()
                    }
                    Some(p) if p.role == Role::Roaming => {
                        p.role = Role::Following;
                        if let Some(place) = self.presenter_at.clone() {
                            self.show_place(&place);
                        }
                        "following the presenter".to_string()
                    }
                    Some(_) => "you are presenting: the others follow you".to_string(),
                    None => "nobody to follow: that needs dealscope serve --present".to_string(),
                });
                Some(Outcome::None)
            }
            Action::OpenTours if matches!(self.mode(), Mode::List | Mode::Detail | Mode::Timeline) => {
                self.open_tours();
                Some(Outcome::None)
            }
            Action::OpenSteps if matches!(self.mode(), Mode::List | Mode::Detail | Mode::Timeline) => {
                self.open_steps();
                Some(Outcome::None)
            }
            Action::ShowErrors if matches!(self.mode(), Mode::List | Mode::Detail | Mode::Timeline) => {
                self.open_errors();
                Some(Outcome::None)
            }
            Action::ToggleNotes => {
                if self.tour.is_none() && !self.notes {
                    self.message = Some("no tour is running: p picks one, and S shows its notes".into());
                } else {
                    self.notes = !self.notes;
                }
                Some(Outcome::None)
            }
            Action::ToggleCaptions => {
                self.captions = !self.captions;
                self.message = Some(if self.captions { "captions on" } else { "captions off" }.into());
                Some(Outcome::None)
            }
            Action::NextStep => {
                self.step_tour(1);
                Some(Outcome::None)
            }
            Action::PrevStep => {
                self.step_tour(-1);
                Some(Outcome::None)
            }
            Action::Resize(w, h) => {
                self.size = (*w, *h);
                self.relayout();
                Some(Outcome::None)
            }
            _ => None,
        }
    }

    pub(super) fn update_palette(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let Some(p) = self.palette.as_mut() else {
            return Outcome::None;
        };
        if let Some(edit) = edit_of(&action) {
            p.query.edit(edit);
            self.refresh_palette();
            return Outcome::None;
        }
        match action {
            Action::Cancel => self.palette = None,
            Action::Down => p.selected = (p.selected + 1).min(p.hits.len().saturating_sub(1)),
            Action::Up => p.selected = p.selected.saturating_sub(1),
            Action::Accept => {
                match p.path.clone() {
                    Some(Ok((a, b))) => {
                        self.palette = None;
                        self.open_paths(a, b);
                        return Outcome::None;
                    }
                    Some(Err(problem)) => {
                        self.message = Some(problem);
                        return Outcome::None;
                    }
                    None => {}
                }
                let choice = p.hits.get(p.selected).map(|h| h.id);
                self.palette = None;
                if let Some(id) = choice {
                    self.open_entity(id);
                }
            }
            Action::Mouse(MouseKind::ScrollDown, ..) => {
                p.selected = (p.selected + 1).min(p.hits.len().saturating_sub(1));
            }
            Action::Mouse(MouseKind::ScrollUp, ..) => p.selected = p.selected.saturating_sub(1),
            _ => {}
        }
        Outcome::None
    }

    pub(super) fn update_filter(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        if let Some(edit) = edit_of(&action) {
            let mut q = self.list().query.clone();
            q.edit(edit);
            self.set_query(q);
            return Outcome::None;
        }
        match action {
            Action::Cancel => {
                self.filtering = false;
                self.set_query(TextInput::default());
            }
            Action::Accept => self.filtering = false,
            Action::NextKindWithMatches => self.next_kind_with_matches(1),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => self.move_list(&action),
            Action::Mouse(..) => return self.update_browse(action),
            _ => {}
        }
        Outcome::None
    }

    pub(super) fn update_browse(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let paths = self.view == View::Paths && self.focus == Focus::List;
        match action {
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown
            | Action::HalfPageUp
            | Action::HalfPageDown => match self.focus {
                Focus::List if paths => self.move_paths(&action),
                Focus::List => self.move_list(&action),
                Focus::Detail => self.move_detail(&action),
            },
            Action::Open if paths => {
                if let Some(id) = self.selected() {
                    self.open_entity(id);
                }
            }
            Action::StartFilter | Action::NextMatch | Action::PrevMatch if self.view == View::Paths => {
                self.message = Some("the paths view has no filter: Backspace goes back".into());
            }
            Action::ShowPaths => self.show_paths(),
            Action::StartAsOf => self.start_as_of(),
            Action::ShowNeighbourhood => self.show_hood(),
            Action::FocusNext | Action::FocusPrev => {
                let next = if self.focus == Focus::List { Focus::Detail } else { Focus::List };
                self.set_focus(next);
            }
            Action::FocusList => self.set_focus(Focus::List),
            Action::FocusDetail => self.set_focus(Focus::Detail),
            // A new tab puts the keyboard on its list.
            Action::GoTab(i) => {
                self.go_tab(i);
                self.focus = Focus::List;
            }
            Action::NextTab | Action::PrevTab => {
                let cur = match self.view {
                    View::Kind(k) => k.index(),
                    View::Tag(_) | View::Timeline | View::Paths | View::Neighbourhood => 0,
                };
                let n = Kind::ALL.len();
                let next = if action == Action::NextTab { (cur + 1) % n } else { (cur + n - 1) % n };
                self.switch_view(View::Kind(Kind::ALL[next]));
                self.focus = Focus::List;
            }
            Action::StartFilter => {
                self.filtering = true;
                self.focus = Focus::List;
            }
            Action::StartFind => {
                self.start_find();
            }
            Action::NextMatch | Action::PrevMatch => {
                let step = if action == Action::NextMatch { 1 } else { -1 };
                match self.focus {
                    Focus::Detail => self.step_find(step),
                    Focus::List => self.step_list_match(step),
                }
            }
            Action::NextSection => self.step_section(1),
            Action::PrevSection => self.step_section(-1),
            Action::Open => self.open_selection(),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::OpenPalette => {
                self.palette = Some(Palette::default());
                self.refresh_palette();
            }
            Action::ToggleHelp => self.open_help(),
            Action::Copy => return self.copy(),
            Action::CopyTable => return self.copy_table(),
            Action::Edit => return self.edit(),
            Action::Cancel => {
                if self.focus == Focus::Detail && self.find.is_some() {
                    self.find = None;
                } else if !self.list().query.is_empty() {
                    self.set_query(TextInput::default());
                } else if self.focus == Focus::Detail {
                    self.set_focus(Focus::List);
                } else if !self.marks.is_empty() {
                    self.marks.clear();
                    self.message = Some("marks cleared".into());
                }
            }
            Action::ToggleMark => {
                if let Some(id) = self.selected() {
                    match self.marks.iter().position(|&m| m == id) {
                        Some(i) => {
                            self.marks.remove(i);
                        }
                        None => self.marks.push(id),
                    }
                    self.message = Some(match self.marks.len() {
                        0 => "no marks".to_string(),
                        1 => "1 marked: t shows its timeline, mark more to see what they share".to_string(),
                        n => format!("{n} marked: t shows what they share"),
                    });
                }
            }
            Action::TimelineOfSelection => {
                let chosen =
                    if self.marks.is_empty() { self.selected().into_iter().collect() } else { self.marks.clone() };
                self.open_timeline(Scope::of(chosen));
            }
            Action::TimelineAll => self.open_timeline(Scope::All),
            Action::Mouse(kind, x, y) => self.mouse(kind, x, y),
            _ => {}
        }
        Outcome::None
    }
}
