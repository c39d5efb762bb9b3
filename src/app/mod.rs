//! The explorer's state and its only mutator, `App::update(action)`. No IO and
//! no terminal here: every screen is reachable from a test by actions alone.

pub mod action;
pub mod doc;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod theme;

use std::sync::Arc;

use crate::app::action::Action;
use crate::app::doc::{Doc, Target, document};
use crate::app::input::MouseKind;
use crate::app::keymap::Mode;
use crate::app::layout::{Layout, tab_cells};
use crate::app::theme::{Glyphs, Theme, ThemeName};
use crate::data::date::PartialDate;
use crate::data::model::{Dataset, EntityId, Kind};
use crate::search::worker::SearchJob;
use crate::search::{Hit, Searcher};
use crate::timeline::view::TimelineState;
use crate::timeline::{Scope, Timeline};
use msg::{Effect, Msg, Outcome};

mod filter_work;
mod reload;
mod search;

pub use filter_work::SLICED_ABOVE;
pub use search::{BACKGROUND_MIN, SearchState};

/// Longest input accepted in the filter or the palette.
const MAX_QUERY: usize = 200;
/// Most rows the palette shows.
const PALETTE_LIMIT: usize = 500;
/// History entries kept in each direction.
const MAX_HISTORY: usize = 200;
/// Rows the mouse wheel moves.
const WHEEL_ROWS: usize = 3;

/// How the app looks and behaves, from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Colour theme.
    pub theme: ThemeName,
    /// Borders and markers in plain ASCII.
    pub ascii: bool,
    /// Today's date, for the timeline's marker (none: no marker).
    pub today: Option<PartialDate>,
}

/// This session's part in a presented demo (SSH with `--present`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Drives the demo; others follow.
    Presenter,
    /// Shows what the presenter shows.
    Following,
    /// Browses alone; `f` follows again.
    Roaming,
}

/// What the status bar says about a presented demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// This session's part.
    pub role: Role,
    /// Sessions watching the presenter.
    pub viewers: usize,
}

/// What the list pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Every entity of one kind.
    Kind(Kind),
    /// Every entity with a tag.
    Tag(String),
    /// The timeline tab.
    Timeline,
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The list.
    List,
    /// The detail pane's links.
    Detail,
}

/// A list's filter, rows and selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    /// The filter text.
    pub query: String,
    /// Matching entities, best first (load order with no filter).
    pub rows: Vec<Hit>,
    /// Selected row.
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
    /// How a search for the query is going (results may still be coming).
    pub search: SearchState,
}

/// The detail pane's link cursor and scroll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DetailState {
    /// The selected link, if any.
    pub cursor: Option<usize>,
    /// First visible line.
    pub scroll: usize,
}

/// The go-to-anything palette.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    /// What was typed.
    pub query: String,
    /// Matches over every kind.
    pub hits: Vec<Hit>,
    /// Selected match.
    pub selected: usize,
    /// How a search for the query is going.
    pub search: SearchState,
}

/// A place in the app, for back and forward.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The list shown.
    pub view: View,
    /// Its filter.
    pub query: String,
    /// The selected entity.
    pub entity: Option<EntityId>,
    /// The selected row and first visible row.
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
    /// Detail cursor and scroll.
    pub detail: DetailState,
    /// Focused pane.
    pub focus: Focus,
    /// The timeline tab's state, when the place is the timeline.
    pub timeline: Option<Box<TimelineState>>,
}

/// The explorer.
pub struct App {
    ds: Arc<Dataset>,
    timeline: Arc<Timeline>,
    tl: TimelineState,
    marks: Vec<EntityId>,
    today: Option<PartialDate>,
    presence: Option<Presence>,
    searcher: Arc<Searcher>,
    /// Styles in use.
    pub theme: Theme,
    /// Border and marker characters in use.
    pub glyphs: Glyphs,
    size: (u16, u16),
    view: View,
    kind_lists: Vec<ListState>,
    tag_list: ListState,
    focus: Focus,
    detail: DetailState,
    filtering: bool,
    palette: Option<Palette>,
    help: Option<usize>,
    back: Vec<Location>,
    forward: Vec<Location>,
    message: Option<String>,
    data_problem: Option<String>,
    /// The last search ticket issued.
    ticket: u64,
    /// Searches for the runtime's worker, handed over with the next effect.
    jobs: Vec<SearchJob>,
    /// The timeline filter, when it runs in slices.
    tl_work: Option<filter_work::FilterWork>,
}

impl App {
    /// A new explorer on a dataset, sized for a terminal of `w`×`h`.
    pub fn new(ds: Arc<Dataset>, options: Options, w: u16, h: u16) -> Self {
        let mut app = Self {
            searcher: Arc::new(Searcher::new(&ds)),
            theme: Theme::new(options.theme),
            glyphs: if options.ascii { Glyphs::ASCII } else { Glyphs::UNICODE },
            size: (w, h),
            view: View::Kind(Kind::Firm),
            kind_lists: vec![ListState::default(); Kind::ALL.len()],
            tag_list: ListState::default(),
            focus: Focus::List,
            detail: DetailState::default(),
            filtering: false,
            palette: None,
            help: None,
            back: Vec::new(),
            forward: Vec::new(),
            message: None,
            data_problem: None,
            ticket: 0,
            jobs: Vec::new(),
            tl_work: None,
            timeline: Arc::new(Timeline::build(&ds)),
            tl: TimelineState::default(),
            marks: Vec::new(),
            today: options.today,
            presence: None,
            ds,
        };
        app.tl.refresh(&app.ds, &app.timeline);
        let last = app.tl.picked.len().saturating_sub(1);
        app.tl.selected = last;
        app.tl.follow(&app.timeline, app.layout().axis_cols());
        for k in Kind::ALL {
            app.view = View::Kind(k);
            app.refresh_rows();
        }
        app.view = View::Kind(Kind::Firm);
        app
    }

    // ----- reading state (for views and tests) -----

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }

    /// Terminal size (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Pane areas for the current size.
    pub fn layout(&self) -> Layout {
        Layout::of(self.size.0, self.size.1)
    }

    /// Which bindings apply now.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if self.palette.is_some() {
            Mode::Palette
        } else if self.filtering {
            Mode::Filter
        } else if self.view == View::Timeline {
            Mode::Timeline
        } else if self.focus == Focus::Detail {
            Mode::Detail
        } else {
            Mode::List
        }
    }

    /// The list shown.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// The focused pane.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The current list's state.
    /// The current list's state (the tag list's while the timeline is shown;
    /// the timeline has its own, see [`App::timeline_state`]).
    pub fn list(&self) -> &ListState {
        match self.view {
            View::Kind(k) => &self.kind_lists[k.index()],
            View::Tag(_) | View::Timeline => &self.tag_list,
        }
    }

    fn list_mut(&mut self) -> &mut ListState {
        match self.view {
            View::Kind(k) => &mut self.kind_lists[k.index()],
            View::Tag(_) | View::Timeline => &mut self.tag_list,
        }
    }

    /// Every dated item of the dataset.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The timeline tab's state.
    pub fn timeline_state(&self) -> &TimelineState {
        &self.tl
    }

    /// Today's date, if the runtime gave one.
    pub fn today(&self) -> Option<PartialDate> {
        self.today
    }

    /// This session's part in a presented demo, if any.
    pub fn presence(&self) -> Option<Presence> {
        self.presence
    }

    /// Where the app is now, for a follower to copy.
    pub fn snapshot(&self) -> Location {
        self.here()
    }

    /// Shows what a presenter's snapshot shows, keeping this app's own history.
    fn follow_to(&mut self, loc: &Location) {
        if self.here() != *loc {
            self.help = None;
            self.palette = None;
            self.restore(loc.clone());
        }
    }

    /// Entities marked for a shared timeline.
    pub fn marks(&self) -> &[EntityId] {
        &self.marks
    }

    /// Char positions of a hit's matched text that a query matched, for highlighting.
    pub fn matched(&self, hit: &Hit, query: &str) -> Vec<usize> {
        self.searcher.indices(&self.ds, hit, query)
    }

    /// The list state of one kind's tab.
    pub fn kind_list(&self, kind: Kind) -> &ListState {
        &self.kind_lists[kind.index()]
    }

    /// The entity the detail pane shows.
    pub fn selected(&self) -> Option<EntityId> {
        if self.view == View::Timeline {
            return self.tl.current().map(|i| self.timeline.items()[i].subject);
        }
        let l = self.list();
        l.rows.get(l.selected).map(|h| h.id)
    }

    /// The detail pane's state.
    pub fn detail(&self) -> DetailState {
        self.detail
    }

    /// The detail document for the current selection and width.
    pub fn detail_doc(&self) -> Option<Doc> {
        if self.view == View::Timeline {
            return None;
        }
        self.selected().map(|id| document(&self.ds, &self.timeline, id, self.layout().detail_cols(), &self.glyphs))
    }

    /// True while a filter is being typed.
    pub fn filtering(&self) -> bool {
        self.filtering
    }

    /// The palette, when open.
    pub fn palette(&self) -> Option<&Palette> {
        self.palette.as_ref()
    }

    /// The help overlay's scroll, when open.
    pub fn help_scroll(&self) -> Option<usize> {
        self.help
    }

    /// Places behind, oldest first.
    pub fn back_stack(&self) -> &[Location] {
        &self.back
    }

    /// Places ahead, nearest last.
    pub fn forward_stack(&self) -> &[Location] {
        &self.forward
    }

    /// A one-off notice for the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    // ----- the one mutator -----

    /// Takes in a message (a key's action, or what the runtime has for the
    /// app); returns what the runtime must do besides redrawing. Searches to
    /// run on the worker leave here too, after any other effect.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
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
            Msg::Reloaded(ds) => {
                let n = ds.len();
                self.reload(ds);
                self.message = Some(format!("data reloaded: {n} entities"));
                Outcome::None
            }
            Msg::DataProblem(problem) => {
                self.data_problem = problem;
                Outcome::None
            }
            Msg::Open(id) => {
                self.open_entity(id);
                Outcome::None
            }
            Msg::Follow(loc) => {
                self.follow_to(&loc);
                Outcome::None
            }
            Msg::Presence(presence) => {
                self.presence = presence;
                Outcome::None
            }
            Msg::Notice(text) => {
                self.message = Some(text);
                Outcome::None
            }
        };
        let mut effects = match outcome {
            Outcome::None => Vec::new(),
            Outcome::Quit => vec![Effect::Quit],
            Outcome::Copy(text) => vec![Effect::Copy(text)],
        };
        effects.extend(self.jobs.drain(..).map(Effect::Search));
        effects
    }

    /// Carries out what a key or click asked for.
    fn act(&mut self, action: Action) -> Outcome {
        if !matches!(action, Action::Resize(..) | Action::Mouse(..)) {
            self.message = None;
        }
        self.update_mode(action)
    }

    fn update_mode(&mut self, action: Action) -> Outcome {
        match self.mode() {
            Mode::Help => self.update_help(action),
            Mode::Palette => self.update_palette(action),
            Mode::Filter if self.view == View::Timeline => self.update_timeline_filter(action),
            Mode::Filter => self.update_filter(action),
            Mode::Timeline => self.update_timeline(action),
            Mode::List | Mode::Detail => self.update_browse(action),
        }
    }

    fn update_common(&mut self, action: &Action) -> Option<Outcome> {
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
                        "following the presenter".to_string()
                    }
                    Some(_) => "you are presenting: the others follow you".to_string(),
                    None => "nobody to follow: that needs dealscope serve --present".to_string(),
                });
                Some(Outcome::None)
            }
            Action::Resize(w, h) => {
                self.size = (*w, *h);
                if self.view == View::Timeline {
                    self.tl_after_move();
                } else {
                    self.keep_visible();
                    self.clamp_detail();
                }
                Some(Outcome::None)
            }
            _ => None,
        }
    }

    fn update_help(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let scroll = self.help.get_or_insert(0);
        match action {
            Action::Down | Action::Mouse(MouseKind::ScrollDown, ..) => *scroll += 1,
            Action::Up | Action::Mouse(MouseKind::ScrollUp, ..) => *scroll = scroll.saturating_sub(1),
            Action::Cancel | Action::ToggleHelp => self.help = None,
            _ => {}
        }
        Outcome::None
    }

    fn update_palette(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let Some(p) = self.palette.as_mut() else {
            return Outcome::None;
        };
        match action {
            Action::Cancel => self.palette = None,
            Action::Down => p.selected = (p.selected + 1).min(p.hits.len().saturating_sub(1)),
            Action::Up => p.selected = p.selected.saturating_sub(1),
            Action::Insert(c) => {
                if p.query.chars().count() < MAX_QUERY {
                    p.query.push(c);
                }
                self.refresh_palette();
            }
            Action::Paste(text) => {
                push_pasted(&mut p.query, &text);
                self.refresh_palette();
            }
            Action::DeleteBack => {
                p.query.pop();
                self.refresh_palette();
            }
            Action::ClearInput => {
                p.query.clear();
                self.refresh_palette();
            }
            Action::Accept => {
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

    fn update_filter(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        match action {
            Action::Cancel => {
                self.filtering = false;
                self.set_query(String::new());
            }
            Action::Accept => self.filtering = false,
            Action::Insert(c) => {
                let mut q = self.list().query.clone();
                if q.chars().count() < MAX_QUERY {
                    q.push(c);
                }
                self.set_query(q);
            }
            Action::Paste(text) => {
                let mut q = self.list().query.clone();
                push_pasted(&mut q, &text);
                self.set_query(q);
            }
            Action::DeleteBack => {
                let mut q = self.list().query.clone();
                q.pop();
                self.set_query(q);
            }
            Action::ClearInput => self.set_query(String::new()),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => self.move_list(&action),
            Action::Mouse(..) => return self.update_browse(action),
            _ => {}
        }
        Outcome::None
    }

    fn update_browse(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        match action {
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown
            | Action::HalfPageUp
            | Action::HalfPageDown => match self.focus {
                Focus::List => self.move_list(&action),
                Focus::Detail => self.move_detail(&action),
            },
            Action::FocusNext | Action::FocusPrev => {
                let next = if self.focus == Focus::List { Focus::Detail } else { Focus::List };
                self.set_focus(next);
            }
            Action::FocusList => self.set_focus(Focus::List),
            Action::FocusDetail => self.set_focus(Focus::Detail),
            Action::GoTab(i) => self.go_tab(i),
            Action::NextTab | Action::PrevTab => {
                let cur = match self.view {
                    View::Kind(k) => k.index(),
                    View::Tag(_) | View::Timeline => 0,
                };
                let n = Kind::ALL.len();
                let next = if action == Action::NextTab { (cur + 1) % n } else { (cur + n - 1) % n };
                self.switch_view(View::Kind(Kind::ALL[next]));
            }
            Action::StartFilter => {
                self.filtering = true;
                self.focus = Focus::List;
            }
            Action::Open => self.open_selection(),
            Action::Back => self.go_back(),
            Action::Forward => self.go_forward(),
            Action::OpenPalette => {
                self.palette = Some(Palette::default());
                self.refresh_palette();
            }
            Action::ToggleHelp => self.help = Some(0),
            Action::Copy => return self.copy(),
            Action::Cancel => {
                if !self.list().query.is_empty() {
                    self.set_query(String::new());
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

    // ----- lists -----

    fn set_query(&mut self, q: String) {
        let before = self.selected();
        self.list_mut().query = q;
        self.list_mut().selected = 0;
        self.list_mut().offset = 0;
        self.list_mut().search.select = None;
        self.refresh_rows();
        if self.selected() != before {
            self.detail = DetailState::default();
        }
    }

    /// Scrolls the list so the selected row is on screen.
    fn keep_visible(&mut self) {
        let rows = self.layout().list_rows();
        let l = self.list_mut();
        if l.selected < l.offset {
            l.offset = l.selected;
        } else if l.selected >= l.offset + rows {
            l.offset = l.selected + 1 - rows;
        }
        l.offset = l.offset.min(l.rows.len().saturating_sub(rows));
    }

    fn move_list(&mut self, action: &Action) {
        let page = self.layout().list_rows();
        let l = self.list_mut();
        let last = l.rows.len().saturating_sub(1);
        let before = l.selected;
        l.selected = match action {
            Action::Up => l.selected.saturating_sub(1),
            Action::Down => (l.selected + 1).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::PageUp => l.selected.saturating_sub(page),
            Action::PageDown => (l.selected + page).min(last),
            Action::HalfPageUp => l.selected.saturating_sub(page / 2),
            Action::HalfPageDown => (l.selected + page / 2).min(last),
            _ => l.selected,
        };
        if l.selected != before {
            self.detail = DetailState::default();
        }
        self.keep_visible();
    }

    fn switch_view(&mut self, view: View) {
        if self.view != view {
            self.view = view;
            self.detail = DetailState::default();
            self.filtering = false;
            self.keep_visible();
        }
    }

    fn set_focus(&mut self, focus: Focus) {
        self.focus = focus;
        if focus == Focus::Detail && self.detail.cursor.is_none() {
            let first = self.detail_doc().and_then(|d| (!d.targets.is_empty()).then_some(0));
            self.detail.cursor = first;
            self.scroll_to_cursor();
        }
    }

    // ----- detail pane -----

    fn move_detail(&mut self, action: &Action) {
        let Some(doc) = self.detail_doc() else { return };
        let page = self.layout().detail_rows();
        let n = doc.targets.len();
        let max_scroll = doc.lines.len().saturating_sub(page);
        let d = &mut self.detail;
        match action {
            Action::Down if n > 0 => match d.cursor {
                Some(c) if c + 1 < n => d.cursor = Some(c + 1),
                Some(_) => d.scroll = max_scroll,
                None => d.cursor = Some(0),
            },
            Action::Up if n > 0 => match d.cursor {
                Some(c) if c > 0 => d.cursor = Some(c - 1),
                _ => {
                    d.cursor = Some(0);
                    d.scroll = 0;
                }
            },
            Action::Down => d.scroll = (d.scroll + 1).min(max_scroll),
            Action::Up => d.scroll = d.scroll.saturating_sub(1),
            Action::Top => {
                d.scroll = 0;
                d.cursor = (n > 0).then_some(0);
            }
            Action::Bottom => {
                d.scroll = max_scroll;
                d.cursor = n.checked_sub(1);
            }
            Action::PageDown | Action::HalfPageDown | Action::PageUp | Action::HalfPageUp => {
                let step = if matches!(action, Action::PageDown | Action::PageUp) { page } else { page / 2 };
                let down = matches!(action, Action::PageDown | Action::HalfPageDown);
                d.scroll = if down { (d.scroll + step).min(max_scroll) } else { d.scroll.saturating_sub(step) };
                // Keep the cursor on a link that is on screen, if there is one.
                let visible = d.scroll..d.scroll + page;
                if d.cursor.is_none_or(|c| !visible.contains(&doc.target_lines[c])) {
                    let on_screen = doc.target_lines.iter().position(|l| visible.contains(l));
                    d.cursor = on_screen.or(d.cursor);
                }
                return;
            }
            _ => {}
        }
        self.scroll_to_cursor();
    }

    /// Scrolls the detail pane so the link cursor's line is on screen.
    fn scroll_to_cursor(&mut self) {
        let Some(doc) = self.detail_doc() else { return };
        let page = self.layout().detail_rows();
        let d = &mut self.detail;
        if let Some(line) = d.cursor.and_then(|c| doc.target_lines.get(c)) {
            if *line < d.scroll {
                d.scroll = *line;
            } else if *line >= d.scroll + page {
                d.scroll = line + 1 - page;
            }
        }
        d.scroll = d.scroll.min(doc.lines.len().saturating_sub(page));
    }

    /// Keeps the detail state valid after a resize changed the layout.
    fn clamp_detail(&mut self) {
        if let Some(doc) = self.detail_doc() {
            if self.detail.cursor.is_some_and(|c| c >= doc.targets.len()) {
                self.detail.cursor = doc.targets.len().checked_sub(1);
            }
            self.scroll_to_cursor();
        }
    }

    // ----- navigation and history -----

    fn here(&self) -> Location {
        let l = self.list();
        Location {
            view: self.view.clone(),
            query: l.query.clone(),
            entity: self.selected(),
            selected: l.selected,
            offset: l.offset,
            detail: self.detail,
            focus: self.focus,
            timeline: (self.view == View::Timeline).then(|| Box::new(self.tl.clone())),
        }
    }

    fn restore(&mut self, loc: Location) {
        if matches!(loc.view, View::Tag(_)) && loc.view != self.view {
            self.tag_list = ListState::default(); // another tag's rows and matches are no use
        }
        self.view = loc.view;
        self.filtering = false;
        if let Some(tl) = loc.timeline {
            self.tl = *tl;
            self.tl_work = None;
            self.tl_after_move();
            return;
        }
        self.list_mut().query = loc.query;
        self.refresh_rows();
        let l = self.list_mut();
        if l.search.running() {
            l.search.select = loc.entity; // once the results are in
        }
        let by_entity = loc.entity.and_then(|e| l.rows.iter().position(|h| h.id == e));
        l.selected = by_entity.unwrap_or(loc.selected).min(l.rows.len().saturating_sub(1));
        l.offset = loc.offset;
        self.keep_visible();
        self.focus = loc.focus;
        self.detail = loc.detail;
        self.clamp_detail();
    }

    fn push_back(&mut self) {
        let here = self.here();
        self.back.push(here);
        if self.back.len() > MAX_HISTORY {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Shows an entity in its kind's list, remembering where we were.
    fn open_entity(&mut self, id: EntityId) {
        self.push_back();
        self.show_entity(id);
    }

    fn show_entity(&mut self, id: EntityId) {
        let kind = self.ds.get(id).kind();
        self.view = View::Kind(kind);
        self.filtering = false;
        if !self.list().rows.iter().any(|h| h.id == id) {
            self.list_mut().query.clear();
            self.refresh_rows();
        }
        let l = self.list_mut();
        l.selected = l.rows.iter().position(|h| h.id == id).unwrap_or(0);
        self.keep_visible();
        self.detail = DetailState::default();
        if self.focus == Focus::Detail {
            self.set_focus(Focus::Detail);
        }
    }

    fn open_tag(&mut self, tag: String) {
        self.push_back();
        self.view = View::Tag(tag);
        self.filtering = false;
        self.tag_list = ListState::default();
        self.refresh_rows();
        self.detail = DetailState::default();
        self.focus = Focus::List;
    }

    fn open_selection(&mut self) {
        match self.focus {
            Focus::List => self.set_focus(Focus::Detail),
            Focus::Detail => {
                let Some(doc) = self.detail_doc() else { return };
                match self.detail.cursor.and_then(|c| doc.targets.get(c)).cloned() {
                    Some(Target::Entity(id)) => self.open_entity(id),
                    Some(Target::Tag(t)) => self.open_tag(t),
                    None => {}
                }
            }
        }
    }

    fn go_back(&mut self) {
        match self.back.pop() {
            Some(loc) => {
                let here = self.here();
                self.forward.push(here);
                self.restore(loc);
            }
            None => self.message = Some("nothing to go back to".into()),
        }
    }

    fn go_forward(&mut self) {
        match self.forward.pop() {
            Some(loc) => {
                let here = self.here();
                self.back.push(here);
                self.restore(loc);
            }
            None => self.message = Some("nothing to go forward to".into()),
        }
    }

    /// Names along the trail behind the current place, oldest first.
    pub fn breadcrumb(&self) -> Vec<String> {
        let name = |loc: &Location| match (&loc.view, loc.entity) {
            (View::Timeline, _) => self.scope_name(loc.timeline.as_ref().map_or(&self.tl.scope, |t| &t.scope)),
            (View::Tag(t), _) => format!("#{t}"),
            (_, Some(e)) => self.ds.get(e).name.clone(),
            (View::Kind(k), None) => k.title().to_string(),
        };
        let mut trail: Vec<String> = self.back.iter().map(name).collect();
        trail.push(name(&self.here()));
        trail
    }

    // ----- the timeline tab -----

    fn go_tab(&mut self, i: usize) {
        match Kind::ALL.get(i) {
            Some(&k) => self.switch_view(View::Kind(k)),
            None if i == Kind::ALL.len() && self.view != View::Timeline => {
                self.push_back();
                self.view = View::Timeline;
                self.filtering = false;
                self.tl_after_move();
            }
            None => {}
        }
    }

    /// Shows the timeline for a scope, the cursor on the latest item up to today.
    fn open_timeline(&mut self, scope: Scope) {
        self.push_back();
        self.view = View::Timeline;
        self.filtering = false;
        self.tl.scope = scope;
        self.tl.query.clear();
        self.tl_work = None;
        self.tl.refresh(&self.ds, &self.timeline);
        let day = self.today.map_or(i64::MAX, |t| t.end_day());
        self.tl.select_near(&self.timeline, day);
        self.tl.start = f64::MIN;
        self.tl_after_move();
    }

    /// After the cursor moved: scroll the list and the axis to it.
    fn tl_after_move(&mut self) {
        let lay = self.layout();
        self.tl.keep_visible(lay.timeline_rows());
        self.tl.follow(&self.timeline, lay.axis_cols());
    }

    fn update_timeline(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let page = self.layout().timeline_rows() as isize;
        match action {
            Action::Down => self.tl.step(1),
            Action::Up => self.tl.step(-1),
            Action::PageDown => self.tl.step(page),
            Action::PageUp => self.tl.step(-page),
            Action::HalfPageDown => self.tl.step(page / 2),
            Action::HalfPageUp => self.tl.step(-page / 2),
            Action::Top => self.tl.selected = 0,
            Action::Bottom => self.tl.step(isize::MAX / 2),
            Action::ZoomIn | Action::ZoomOut => {
                let cols = self.layout().axis_cols();
                self.tl.zoom(&self.timeline, action == Action::ZoomIn, cols);
                return Outcome::None;
            }
            Action::PanEarlier | Action::PanLater => {
                self.tl.pan(action == Action::PanLater);
                return Outcome::None;
            }
            Action::ToggleCategory(c) => {
                self.tl.toggle(c);
                self.tl_work = None;
                self.tl.refresh(&self.ds, &self.timeline);
            }
            Action::StartFilter => self.filtering = true,
            Action::Open => {
                if let Some(id) = self.selected() {
                    self.open_entity(id);
                }
                return Outcome::None;
            }
            Action::TimelineAll => self.open_timeline(Scope::All),
            Action::Cancel => {
                if !self.tl.query.is_empty() {
                    self.tl.query.clear();
                    self.tl_work = None;
                    self.tl.refresh(&self.ds, &self.timeline);
                } else if self.tl.scope != Scope::All {
                    self.open_timeline(Scope::All);
                }
            }
            Action::Mouse(kind, x, y) => self.timeline_mouse(kind, x, y),
            other => return self.update_browse(other),
        }
        self.tl_after_move();
        Outcome::None
    }

    fn update_timeline_filter(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let before = self.tl.query.trim().to_string();
        match action {
            Action::Cancel => {
                self.filtering = false;
                self.tl.query.clear();
            }
            Action::Accept => self.filtering = false,
            Action::Insert(c) if self.tl.query.chars().count() < MAX_QUERY => self.tl.query.push(c),
            Action::Paste(text) => push_pasted(&mut self.tl.query, &text),
            Action::DeleteBack => {
                self.tl.query.pop();
            }
            Action::ClearInput => self.tl.query.clear(),
            Action::Up => self.tl.step(-1),
            Action::Down => self.tl.step(1),
            _ => return Outcome::None,
        }
        let now = self.tl.query.trim();
        if now != before {
            // A longer query keeps a subset of what the shorter one kept.
            self.filter_timeline(!before.is_empty() && now.starts_with(before.as_str()));
        }
        self.tl_after_move();
        Outcome::None
    }

    fn timeline_mouse(&mut self, kind: MouseKind, _x: u16, y: u16) {
        let lay = self.layout();
        let list = lay.timeline_list;
        match kind {
            MouseKind::ScrollUp => self.tl.step(-(WHEEL_ROWS as isize)),
            MouseKind::ScrollDown => self.tl.step(WHEEL_ROWS as isize),
            MouseKind::Click if y == lay.tabs.y => self.mouse(kind, _x, y),
            MouseKind::Click if y > list.y && y + 1 < list.y + list.height => {
                let row = self.tl.offset + usize::from(y - list.y - 1);
                if let Some(crate::timeline::Row::Item(i)) = self.tl.rows.get(row)
                    && let Some(n) = self.tl.picked.iter().position(|p| p == i)
                {
                    self.tl.selected = n;
                }
            }
            MouseKind::Click => {}
        }
    }

    /// "Timeline", "Timeline: Huawei" or "Timeline: Huawei + Xiaomi".
    pub fn scope_name(&self, scope: &Scope) -> String {
        match scope {
            Scope::All => "Timeline".to_string(),
            Scope::Around(id) => format!("Timeline: {}", self.ds.get(*id).name),
            Scope::Shared(ids) => {
                let names: Vec<&str> = ids.iter().map(|&i| self.ds.get(i).name.as_str()).collect();
                format!("Timeline: {}", names.join(" + "))
            }
        }
    }

    // ----- palette, clipboard, mouse -----

    fn copy(&mut self) -> Outcome {
        let from_link = match (self.focus, self.detail_doc()) {
            (Focus::Detail, Some(doc)) => self.detail.cursor.and_then(|c| doc.targets.get(c).cloned()),
            _ => None,
        };
        let text = match from_link {
            Some(Target::Entity(id)) => Some(self.ds.get(id).id.clone()),
            Some(Target::Tag(t)) => Some(t),
            None => self.selected().map(|id| self.ds.get(id).id.clone()),
        };
        match text {
            Some(t) => {
                self.message = Some(format!("copied {t}"));
                Outcome::Copy(t)
            }
            None => Outcome::None,
        }
    }

    fn mouse(&mut self, kind: MouseKind, x: u16, y: u16) {
        let lay = self.layout();
        let inside = |r: ratatui::layout::Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
        match kind {
            MouseKind::ScrollUp | MouseKind::ScrollDown => {
                let action = if kind == MouseKind::ScrollUp { Action::Up } else { Action::Down };
                if inside(lay.detail) {
                    let lines = self.detail_doc().map_or(0, |doc| doc.lines.len());
                    let d = &mut self.detail;
                    let max = lines.saturating_sub(lay.detail_rows());
                    d.scroll = if kind == MouseKind::ScrollUp {
                        d.scroll.saturating_sub(WHEEL_ROWS)
                    } else {
                        (d.scroll + WHEEL_ROWS).min(max)
                    };
                } else if inside(lay.list) {
                    for _ in 0..WHEEL_ROWS {
                        self.move_list(&action);
                    }
                }
            }
            MouseKind::Click => {
                if y == lay.tabs.y {
                    let cells = tab_cells(&self.ds, lay.tabs.width);
                    if let Some(c) = cells.iter().find(|c| x >= c.x && x < c.x + crate::text::width(&c.label) as u16) {
                        match c.kind {
                            Some(k) => self.switch_view(View::Kind(k)),
                            None => self.go_tab(Kind::ALL.len()),
                        }
                    }
                } else if inside(lay.list) && y > lay.list.y && y + 1 < lay.list.y + lay.list.height {
                    let row = self.list().offset + usize::from(y - lay.list.y - 1);
                    if row < self.list().rows.len() {
                        if row != self.list().selected {
                            self.detail = DetailState::default();
                        }
                        self.list_mut().selected = row;
                    }
                    self.focus = Focus::List;
                } else if inside(lay.detail) && y > lay.detail.y {
                    self.focus = Focus::Detail;
                    let line = self.detail.scroll + usize::from(y - lay.detail.y - 1);
                    if let Some(doc) = self.detail_doc()
                        && let Some(t) = doc.target_lines.iter().position(|&l| l == line)
                    {
                        self.detail.cursor = Some(t);
                    }
                }
            }
        }
    }
}

/// Appends pasted text to an input: first line only, control characters
/// dropped, length capped.
fn push_pasted(query: &mut String, text: &str) {
    let line = text.lines().next().unwrap_or("");
    for c in line.chars().filter(|c| !crate::text::sanitize::is_unsafe(*c)) {
        if query.chars().count() >= MAX_QUERY {
            break;
        }
        query.push(c);
    }
}
