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
use crate::app::keymap::Mode;
use crate::app::layout::Layout;
use crate::app::theme::{Glyphs, Theme, ThemeName};
use crate::data::date::PartialDate;
use crate::data::model::{Dataset, EntityId, Kind};
use crate::search::worker::SearchJob;
use crate::search::{Hit, Searcher};
use crate::text::input::{Edit, TextInput};
use crate::timeline::Timeline;
use crate::timeline::view::TimelineState;

mod caption;
mod derived;
mod detail;
mod edit;
mod export;
mod filter_work;
mod find;
pub mod follower_view;
pub mod help;
mod history;
pub mod indexed;
mod lens;
mod lists;
mod mouse;
mod neighbourhood;
mod paths;
pub mod place;
pub mod reload;
pub mod resume;
mod search;
mod steps;
mod timeline_tab;
mod tour;
mod update;

pub use caption::CAPTION_ROWS;
pub use detail::line_shown;
pub use edit::{EditAt, Editing};
pub use filter_work::SLICED_ABOVE;
pub use find::{Find, line_text, matching_lines};
pub use neighbourhood::{CENTRE_ROWS, HoodRow, HoodState, Placed, TRUNK};
pub use paths::{MAX_HOPS, MAX_PATHS, PathRow, PathsState};
pub use search::{BACKGROUND_MIN, Elsewhere, SearchState};
pub use tour::TourRun;

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
    /// Show the caption line (what was just done, in words).
    pub captions: bool,
    /// With captions, also show the last keys pressed (the runtime sends them).
    pub keycast: bool,
    /// See the data as of this day (`--as-of`).
    pub as_of: Option<PartialDate>,
    /// Mask what the data marks confidential (`--redact`): read by the
    /// runtime, which loads (and reloads) the data redacted.
    pub redact: bool,
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
    /// How two entities are connected (`P`).
    Paths,
    /// The picture of an entity's neighbourhood (`v`).
    Neighbourhood,
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
    pub query: TextInput,
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
    pub query: TextInput,
    /// Matches over every kind.
    pub hits: Vec<Hit>,
    /// Selected match.
    pub selected: usize,
    /// How a search for the query is going.
    pub search: SearchState,
    /// What a `path A B` typed names (worked out when the query changes,
    /// not per frame: it may scan every name).
    pub path: Option<Result<(EntityId, EntityId), String>>,
}

/// The help overlay: its scroll and its filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpView {
    /// First line shown.
    pub scroll: usize,
    /// Only rows holding this text are shown (any case).
    pub filter: TextInput,
    /// True while the filter is typed.
    pub typing: bool,
    /// The mode it was opened from (its section is marked).
    pub from: Mode,
}

/// A place in the app, for back and forward.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The list shown.
    pub view: View,
    /// Its filter.
    pub query: TextInput,
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
    /// The paths view's state, when the place is the paths view.
    pub paths: Option<Box<PathsState>>,
    /// The neighbourhood view's state, when the place is that view.
    pub hood: Option<Box<HoodState>>,
    /// The date lens. A follower takes it from the presenter; going back
    /// and forward keeps the lens as it is now.
    pub as_of: Option<PartialDate>,
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
    /// The cards' documents, shared with every app of the same data.
    docs: Arc<derived::Docs>,
    theme: Theme,
    glyphs: Glyphs,
    /// What views read, made after each update.
    derived: derived::Derived,
    size: (u16, u16),
    view: View,
    kind_lists: Vec<ListState>,
    tag_list: ListState,
    /// The current kind list's filter, counted in every kind.
    elsewhere: Elsewhere,
    focus: Focus,
    detail: DetailState,
    filtering: bool,
    palette: Option<Palette>,
    /// The search in the detail card.
    find: Option<Find>,
    /// The data as loaded (or redacted), before any date lens: `ds` is it
    /// seen as of the lens's day.
    unlensed: Arc<Dataset>,
    /// The lens's day while it is typed.
    as_of_input: Option<TextInput>,
    /// The paths view's state (kept while other views are shown).
    paths: Option<PathsState>,
    /// The dataset's links as a graph, made when paths are first asked for.
    connections: Option<Arc<crate::graph::Connections>>,
    /// The neighbourhood view's state (kept while other views are shown).
    hood: Option<HoodState>,
    help: Option<HelpView>,
    back: Vec<Location>,
    forward: Vec<Location>,
    message: Option<String>,
    data_problem: Option<std::sync::Arc<reload::DataProblem>>,
    /// The error list's scroll, when open.
    errors_open: Option<usize>,
    /// True right after `Y` copied a table as Markdown (`Y` again: TSV).
    copied_markdown: bool,
    /// Whether `e` opens an editor here.
    editing: Editing,
    /// The last search ticket issued.
    ticket: u64,
    /// Searches for the runtime's worker, handed over with the next effect.
    jobs: Vec<SearchJob>,
    /// The timeline filter, when it runs in slices.
    tl_work: Option<filter_work::FilterWork>,
    /// The tour being presented.
    tour: Option<tour::TourRun>,
    /// The tour picker's selected row, while it is open.
    picker: Option<usize>,
    /// The step list's selected row, while it is open.
    steps: Option<usize>,
    /// `q` was pressed once while a tour runs: the next one quits.
    quit_asked: bool,
    /// Where the presenter is (a session in a presented demo), followed or not.
    presenter_at: Option<Arc<place::Place>>,
    /// The presenter's connection dropped and the presentation waits for it.
    presenter_away: bool,
    /// Who joined or left the audience last (for the presenter).
    audience_note: Option<String>,
    /// What was last done, in words (or the presenter's, for a follower).
    caption: Option<String>,
    /// Whether the caption line is shown.
    captions: bool,
    /// Whether the tour step's notes are shown on this screen.
    notes: bool,
    /// Whether keys are cast on the caption line, and the last ones.
    keycasting: bool,
    keycast: Vec<String>,
}

impl App {
    /// A new explorer on a dataset (with its index and timeline, built
    /// here when given a bare dataset), sized for a terminal of `w`×`h`.
    pub fn new(data: impl Into<indexed::Indexed>, options: Options, w: u16, h: u16) -> Self {
        let indexed::Indexed { ds, searcher, timeline, docs } = data.into();
        let mut app = Self {
            searcher,
            theme: Theme::new(options.theme),
            glyphs: if options.ascii { Glyphs::ASCII } else { Glyphs::UNICODE },
            size: (w, h),
            view: View::Kind(Kind::Firm),
            kind_lists: vec![ListState::default(); Kind::ALL.len()],
            tag_list: ListState::default(),
            elsewhere: Elsewhere::default(),
            focus: Focus::List,
            detail: DetailState::default(),
            filtering: false,
            palette: None,
            find: None,
            unlensed: Arc::clone(&ds),
            as_of_input: None,
            paths: None,
            connections: None,
            hood: None,
            help: None,
            back: Vec::new(),
            forward: Vec::new(),
            message: None,
            data_problem: None,
            errors_open: None,
            copied_markdown: false,
            editing: Editing::default(),
            ticket: 0,
            jobs: Vec::new(),
            tl_work: None,
            tour: None,
            picker: None,
            steps: None,
            quit_asked: false,
            presenter_at: None,
            presenter_away: false,
            audience_note: None,
            caption: None,
            captions: options.captions,
            notes: false,
            keycasting: options.keycast,
            keycast: Vec::new(),
            derived: derived::Derived::default(),
            timeline,
            docs,
            tl: TimelineState::default(),
            marks: Vec::new(),
            today: options.today,
            presence: None,
            ds,
        };
        app.ds = crate::data::lens::view(&app.unlensed, options.as_of);
        app.tl.until = options.as_of;
        app.tl.refresh(&app.ds, &app.timeline);
        // The tab opens on the latest dated item up to today (the undated,
        // listed last, have no place on the axis).
        let day = app.today.map_or(i64::MAX, |t| t.end_day());
        app.tl.select_near(&app.timeline, day);
        app.tl.follow(&app.timeline, app.layout().axis_cols());
        for k in Kind::ALL {
            app.view = View::Kind(k);
            app.refresh_rows();
        }
        app.view = View::Kind(Kind::Firm);
        app.refresh_derived();
        app
    }

    // ----- reading state (for views and tests) -----

    /// Styles in use.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Border and marker characters in use.
    pub fn glyphs(&self) -> &Glyphs {
        &self.glyphs
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.ds
    }

    /// Terminal size (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Pane areas for the current size (and caption).
    pub fn layout(&self) -> Layout {
        Layout::with_caption(self.size.0, self.size.1, self.caption_rows())
    }

    /// Which bindings apply now.
    pub fn mode(&self) -> Mode {
        if self.help.as_ref().is_some_and(|h| h.typing) {
            Mode::HelpFilter
        } else if self.help.is_some() {
            Mode::Help
        } else if self.errors_open.is_some() {
            Mode::Errors
        } else if self.picker.is_some() {
            Mode::Tours
        } else if self.steps.is_some() {
            Mode::Steps
        } else if self.palette.is_some() {
            Mode::Palette
        } else if self.as_of_input.is_some() {
            Mode::AsOf
        } else if self.filtering {
            Mode::Filter
        } else if self.find.as_ref().is_some_and(|f| f.typing) {
            Mode::Find
        } else if self.view == View::Timeline {
            Mode::Timeline
        } else if self.view == View::Neighbourhood {
            Mode::Neighbourhood
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
            View::Tag(_) | View::Timeline | View::Paths | View::Neighbourhood => &self.tag_list,
        }
    }

    fn list_mut(&mut self) -> &mut ListState {
        match self.view {
            View::Kind(k) => &mut self.kind_lists[k.index()],
            View::Tag(_) | View::Timeline | View::Paths | View::Neighbourhood => &mut self.tag_list,
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

    /// Today's date, if the runtime gave one; seen as of a day, that day
    /// (the timeline's "now").
    pub fn today(&self) -> Option<PartialDate> {
        self.as_of().or(self.today)
    }

    /// This session's part in a presented demo, if any.
    pub fn presence(&self) -> Option<Presence> {
        self.presence
    }

    /// The data shown, shared (before any date lens: see [`App::as_of`]).
    pub fn shared_dataset(&self) -> Arc<Dataset> {
        Arc::clone(&self.unlensed)
    }

    /// The dataset with the index and timeline built over it, to share
    /// (before any date lens).
    pub fn indexed(&self) -> indexed::Indexed {
        indexed::Indexed {
            ds: Arc::clone(&self.unlensed),
            searcher: Arc::clone(&self.searcher),
            timeline: Arc::clone(&self.timeline),
            docs: Arc::clone(&self.docs),
        }
    }

    /// Where the app is now, with its scroll offsets: a recording mirrors it.
    pub fn location(&self) -> Location {
        self.here()
    }

    /// Who joined or left the audience last, for a presenter.
    pub fn audience_note(&self) -> Option<&str> {
        self.audience_note.as_deref()
    }

    /// Where this app is, in words ("Xiaomi", "Timeline: Huawei + Xiaomi").
    /// Cheap enough for every loop of a session (no `Location` is made).
    pub fn place(&self) -> String {
        self.name_of(&self.view, self.selected(), &self.tl.scope)
    }

    /// Whether the presenter's connection dropped and the presentation waits.
    pub fn presenter_away(&self) -> bool {
        self.presenter_away
    }

    /// Where the presenter is, in words ("Xiaomi", "Timeline: Huawei + Xiaomi"),
    /// while a presenter is known.
    pub fn presenter_place(&self) -> Option<String> {
        self.presenter_at.as_deref().map(|place| self.place_words(place))
    }

    /// Entities marked for a shared timeline.
    pub fn marks(&self) -> &[EntityId] {
        &self.marks
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
        if self.view == View::Paths {
            return self.paths.as_ref().and_then(PathsState::entity);
        }
        if self.view == View::Neighbourhood {
            return self.hood.as_ref().map(HoodState::entity);
        }
        let l = self.list();
        l.rows.get(l.selected).map(|h| h.id)
    }

    /// The detail pane's state.
    pub fn detail(&self) -> DetailState {
        self.detail
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
        self.help.as_ref().map(|h| h.scroll)
    }

    /// The help overlay, when open.
    pub fn help(&self) -> Option<&HelpView> {
        self.help.as_ref()
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
}

/// The edit an action makes to a line of text, if it is one.
fn edit_of(action: &Action) -> Option<Edit<'_>> {
    Some(match action {
        Action::Insert(c) => Edit::Insert(*c),
        Action::Paste(text) => Edit::Paste(text),
        Action::DeleteBack => Edit::DeleteBack,
        Action::ClearInput => Edit::Clear,
        _ => return None,
    })
}
