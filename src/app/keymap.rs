//! The one table of key bindings: (mode, key) → action, with help text. It
//! drives dispatch, the help overlay and the status-bar hints alike, so what
//! the help says is what the keys do.

use std::sync::LazyLock;

use crate::app::action::Action;
use crate::app::input::{Input, Key, KeyCode};
use crate::timeline::Category;

/// Which set of bindings applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    /// Moving in the list.
    #[default]
    List,
    /// Moving over the links of the detail pane.
    Detail,
    /// Typing a list filter.
    Filter,
    /// Typing in the go-to-anything palette.
    Palette,
    /// On the timeline tab.
    Timeline,
    /// Reading the help overlay.
    Help,
    /// Picking a tour to present.
    Tours,
    /// Typing a search inside the detail card.
    Find,
    /// Typing a filter for the help.
    HelpFilter,
    /// Reading the errors of the data on disk.
    Errors,
    /// Typing the day of the date lens.
    AsOf,
    /// In the neighbourhood view.
    Neighbourhood,
    /// The running tour's step list.
    Steps,
    /// The speaker view (`ssh notes@host`).
    Speaker,
}

impl Mode {
    /// Title for the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::List => "List",
            Mode::Detail => "Detail pane",
            Mode::Filter => "Filtering",
            Mode::Palette => "Go to anything",
            Mode::Timeline => "Timeline",
            Mode::Help => "Help",
            Mode::Tours => "Tours",
            Mode::Find => "Searching the card",
            Mode::HelpFilter => "Filtering the help",
            Mode::Errors => "Errors in the data",
            Mode::AsOf => "Typing the date lens's day",
            Mode::Neighbourhood => "Neighbourhood",
            Mode::Steps => "The tour's steps",
            Mode::Speaker => "The speaker view",
        }
    }

    /// True when printable keys type text.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Filter | Mode::Palette | Mode::Find | Mode::HelpFilter | Mode::AsOf)
    }
}

/// One row of the table.
pub struct Binding {
    /// Where it applies.
    pub modes: &'static [Mode],
    /// The keys that trigger it.
    pub keys: Vec<Key>,
    /// How the keys are written in help, when not simply listed (`1…7`).
    pub label: Option<&'static str>,
    /// What it does, given the key pressed.
    pub action: fn(&Key) -> Action,
    /// One line of help.
    pub help: &'static str,
    /// Short hint for the status bar, if it earns a place there.
    pub hint: Option<&'static str>,
}

impl Binding {
    /// How its keys read in help: `j ↓`, or the label.
    pub fn keys_text(&self) -> String {
        match self.label {
            Some(l) => l.to_string(),
            None => self.keys.iter().map(Key::to_string).collect::<Vec<_>>().join(" "),
        }
    }
}

const NAV: &[Mode] = &[Mode::List, Mode::Detail, Mode::Timeline, Mode::Neighbourhood];
const BROWSE: &[Mode] = &[Mode::List, Mode::Detail];
const LISTS: &[Mode] = &[Mode::List, Mode::Timeline];
const TIMELINE: &[Mode] = &[Mode::Timeline];
const LIST: &[Mode] = &[Mode::List];
const DETAIL: &[Mode] = &[Mode::Detail];
const TEXT: &[Mode] = &[Mode::Filter, Mode::Palette, Mode::Find, Mode::HelpFilter, Mode::AsOf];
const AS_OF: &[Mode] = &[Mode::AsOf];
const FILTER: &[Mode] = &[Mode::Filter];
const PALETTE: &[Mode] = &[Mode::Palette];
const FIND: &[Mode] = &[Mode::Find];
const HELP_FILTER: &[Mode] = &[Mode::HelpFilter];
const HELP: &[Mode] = &[Mode::Help];
const TOURS: &[Mode] = &[Mode::Tours];
const ERRORS: &[Mode] = &[Mode::Errors];
const HOOD: &[Mode] = &[Mode::Neighbourhood];
const STEPS: &[Mode] = &[Mode::Steps];
const SPEAKER: &[Mode] = &[Mode::Speaker];
const ALL: &[Mode] = &[
    Mode::List,
    Mode::Detail,
    Mode::Filter,
    Mode::Palette,
    Mode::Timeline,
    Mode::Help,
    Mode::Tours,
    Mode::Find,
    Mode::HelpFilter,
    Mode::Errors,
    Mode::AsOf,
    Mode::Neighbourhood,
    Mode::Steps,
    Mode::Speaker,
];

use KeyCode as K;

fn p(code: KeyCode) -> Key {
    Key::plain(code)
}

fn alt(code: KeyCode) -> Key {
    Key { code, ctrl: false, alt: true }
}

fn bind(
    modes: &'static [Mode],
    keys: Vec<Key>,
    action: fn(&Key) -> Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding { modes, keys, label: None, action, help, hint }
}

/// Every binding, in the order help shows them.
pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    let mut b = vec![
        bind(NAV, vec![Key::ch('j'), p(K::Down)], |_| Action::Down, "move down (detail pane: next link)", None),
        bind(NAV, vec![Key::ch('k'), p(K::Up)], |_| Action::Up, "move up (detail pane: previous link)", None),
        bind(NAV, vec![Key::ch('g'), p(K::Home)], |_| Action::Top, "first row", None),
        bind(NAV, vec![Key::ch('G'), p(K::End)], |_| Action::Bottom, "last row", None),
        bind(
            NAV,
            vec![Key::ctrl('d'), p(K::PageDown)],
            |k| half_or_page(k, true),
            "half page / page down (while a tour runs, PgDn is its next step)",
            None,
        ),
        bind(
            NAV,
            vec![Key::ctrl('u'), p(K::PageUp)],
            |k| half_or_page(k, false),
            "half page / page up (while a tour runs, PgUp is its previous step)",
            None,
        ),
        bind(NAV, vec![p(K::Enter)], |_| Action::Open, "open the selection / follow the link", Some("open")),
        // H and L as in vim-like browsers; Ctrl-i is not offered: most terminals send it as Tab.
        bind(
            NAV,
            vec![p(K::Backspace), Key::ch('H'), Key::ctrl('o'), alt(K::Left)],
            |_| Action::Back,
            "back in history",
            None,
        ),
        bind(NAV, vec![Key::ch('L'), alt(K::Right)], |_| Action::Forward, "forward in history", None),
        bind(LISTS, vec![Key::ch('/')], |_| Action::StartFilter, "filter this list (fuzzy)", Some("filter")),
        bind(DETAIL, vec![Key::ch('/')], |_| Action::StartFind, "search this card (words, any case)", Some("find")),
        bind(
            NAV,
            vec![Key::ch('n')],
            |_| Action::NextMatch,
            "next match of the filter or card search (no match here: the next kind with some)",
            None,
        ),
        bind(NAV, vec![Key::ch('N')], |_| Action::PrevMatch, "previous match", None),
        bind(NAV, vec![Key::ctrl('p'), Key::ch(':')], |_| Action::OpenPalette, "go to anything", Some("go to")),
        bind(NAV, vec![Key::ch('y')], |_| Action::Copy, "copy the selected id (OSC 52)", None),
        bind(
            NAV,
            vec![Key::ch('Y')],
            |_| Action::CopyTable,
            "copy this list, card (from the detail pane), paths, timeline or neighbourhood as a Markdown table; Y again at once: as TSV, for a spreadsheet",
            None,
        ),
        bind(NAV, vec![Key::ch('?')], |_| Action::ToggleHelp, "show this help", Some("help")),
        bind(NAV, vec![Key::ch('q')], |_| Action::Quit, "quit", Some("quit")),
        bind(BROWSE, vec![p(K::Tab)], |_| Action::FocusNext, "next pane", Some("focus")),
        bind(BROWSE, vec![p(K::BackTab)], |_| Action::FocusPrev, "previous pane", None),
        bind(BROWSE, vec![Key::ch(']')], |_| Action::NextTab, "next kind", None),
        bind(BROWSE, vec![Key::ch('[')], |_| Action::PrevTab, "previous kind", None),
        bind(
            BROWSE,
            vec![Key::ch('t')],
            |_| Action::TimelineOfSelection,
            "timeline of the selection (or of the marked)",
            Some("timeline"),
        ),
        bind(
            BROWSE,
            vec![Key::ch('m')],
            |_| Action::ToggleMark,
            "mark for a shared timeline (two marks, then t) or for paths (then P)",
            None,
        ),
        bind(
            BROWSE,
            vec![Key::ch('P')],
            |_| Action::ShowPaths,
            "paths: how the two marked (or the marked and the selected) are connected",
            None,
        ),
        bind(
            BROWSE,
            vec![Key::ch('v')],
            |_| Action::ShowNeighbourhood,
            "view the selection's neighbourhood: its neighbours by relation, as boxes",
            None,
        ),
        bind(
            BROWSE,
            vec![p(K::Esc)],
            |_| Action::Cancel,
            "clear the card search or the filter, leave the detail pane, clear marks",
            None,
        ),
        bind(LIST, vec![Key::ch('l'), p(K::Right)], |_| Action::FocusDetail, "focus the detail pane", None),
        bind(DETAIL, vec![Key::ch('h'), p(K::Left)], |_| Action::FocusList, "focus the list", Some("list")),
        bind(DETAIL, vec![Key::ch('}')], |_| Action::NextSection, "next section of the card", Some("section")),
        bind(DETAIL, vec![Key::ch('{')], |_| Action::PrevSection, "previous section of the card", None),
        bind(NAV, vec![Key::ch('T')], |_| Action::TimelineAll, "timeline of everything", None),
        bind(
            NAV,
            vec![Key::ch('@')],
            |_| Action::StartAsOf,
            "see everything as of a day (filled with the selection's date; empty clears)",
            None,
        ),
        bind(
            NAV,
            vec![Key::ch('f')],
            |_| Action::ToggleFollow,
            "follow the presenter, or roam alone (dealscope serve --present)",
            None,
        ),
        bind(NAV, vec![Key::ctrl('t')], |_| Action::CycleTheme, "next colour theme: dark, light, mono", None),
        bind(NAV, vec![Key::ch('E')], |_| Action::ShowErrors, "every error in the data on disk (live reload)", None),
        bind(
            NAV,
            vec![Key::ch('e')],
            |_| Action::Edit,
            "edit the selection's entry in $VISUAL or $EDITOR, at its file and line (live reload shows it)",
            None,
        ),
        // Presenting: a USB presentation remote sends PgDn and PgUp.
        bind(NAV, vec![Key::ch('p')], |_| Action::OpenTours, "present a tour: pick one", Some("tour")),
        bind(NAV, vec![Key::ch(' '), Key::ch('.')], |_| Action::NextStep, "next step of the tour (PgDn too)", None),
        bind(NAV, vec![Key::ch(',')], |_| Action::PrevStep, "previous step of the tour (PgUp too)", None),
        bind(NAV, vec![Key::ch('s')], |_| Action::OpenSteps, "the tour's steps: pick one to jump to", None),
        bind(NAV, vec![Key::ch('c')], |_| Action::ToggleCaptions, "show or hide captions (what was just done)", None),
        bind(
            NAV,
            vec![Key::ch('S')],
            |_| Action::ToggleNotes,
            "show or hide the step's speaker notes on this screen",
            None,
        ),
        // The timeline tab.
        bind(
            TIMELINE,
            vec![Key::ch('v')],
            |_| Action::ToggleCategory(Category::Events),
            "show or hide events",
            Some("events"),
        ),
        bind(
            TIMELINE,
            vec![Key::ch('a')],
            |_| Action::ToggleCategory(Category::Agreements),
            "show or hide agreements",
            Some("deals"),
        ),
        bind(
            TIMELINE,
            vec![Key::ch('o')],
            |_| Action::ToggleCategory(Category::Launches),
            "show or hide launches and foundings (origins)",
            Some("launches"),
        ),
        bind(
            TIMELINE,
            vec![Key::ch('r')],
            |_| Action::ToggleCategory(Category::Roles),
            "show or hide people's roles",
            Some("roles"),
        ),
        bind(TIMELINE, vec![p(K::Esc)], |_| Action::Cancel, "clear the filter, then show everything", None),
        // The neighbourhood view.
        bind(HOOD, vec![Key::ch('l'), p(K::Right)], |_| Action::NextGroup, "next group of neighbours", None),
        bind(HOOD, vec![Key::ch('h'), p(K::Left)], |_| Action::PrevGroup, "previous group (or the centre)", None),
        bind(HOOD, vec![Key::ch('d')], |_| Action::ToggleDepth, "depth 2 (their neighbours too) or 1", Some("depth")),
        bind(HOOD, vec![p(K::Esc)], |_| Action::Cancel, "close the picture (back where you were)", None),
        // Typing.
        bind(FILTER, vec![p(K::Enter)], |_| Action::Accept, "keep the filter", Some("keep")),
        bind(PALETTE, vec![p(K::Enter)], |_| Action::Accept, "go to the choice", Some("go")),
        bind(FIND, vec![p(K::Enter)], |_| Action::Accept, "keep the search (n and N step through it)", Some("keep")),
        bind(
            AS_OF,
            vec![p(K::Enter)],
            |_| Action::Accept,
            "see everything as of that day (empty: no lens)",
            Some("set"),
        ),
        bind(
            FILTER,
            vec![p(K::Tab)],
            |_| Action::NextKindWithMatches,
            "go to the next kind with matches, keeping the filter",
            Some("other kinds"),
        ),
        bind(TEXT, vec![p(K::Esc)], |_| Action::Cancel, "cancel", Some("cancel")),
        bind(TEXT, vec![p(K::Down), Key::ctrl('n')], |_| Action::Down, "next match", None),
        bind(TEXT, vec![p(K::Up), Key::ctrl('p')], |_| Action::Up, "previous match", None),
        bind(TEXT, vec![p(K::Backspace)], |_| Action::DeleteBack, "delete a character", None),
        bind(TEXT, vec![Key::ctrl('u')], |_| Action::ClearInput, "clear the input", None),
        bind(FILTER, vec![p(K::PageDown)], |_| Action::PageDown, "page down", None),
        bind(FILTER, vec![p(K::PageUp)], |_| Action::PageUp, "page up", None),
        bind(PALETTE, vec![p(K::Tab)], |_| Action::Down, "next match", None),
        // Help.
        bind(HELP, vec![Key::ch('j'), p(K::Down)], |_| Action::Down, "scroll down", None),
        bind(HELP, vec![Key::ch('k'), p(K::Up)], |_| Action::Up, "scroll up", None),
        bind(HELP, vec![p(K::PageDown), Key::ch(' ')], |_| Action::PageDown, "page down", Some("page")),
        bind(HELP, vec![p(K::PageUp), Key::ch('b')], |_| Action::PageUp, "page up", None),
        bind(HELP, vec![Key::ctrl('d')], |_| Action::HalfPageDown, "half a page down", None),
        bind(HELP, vec![Key::ctrl('u')], |_| Action::HalfPageUp, "half a page up", None),
        bind(HELP, vec![Key::ch('g'), p(K::Home)], |_| Action::Top, "the top", None),
        bind(HELP, vec![Key::ch('G'), p(K::End)], |_| Action::Bottom, "the end", None),
        bind(
            HELP,
            vec![Key::ch('/')],
            |_| Action::StartFilter,
            "show only the keys whose help has a word",
            Some("filter"),
        ),
        bind(HELP_FILTER, vec![p(K::Enter)], |_| Action::Accept, "keep the filter", Some("keep")),
        bind(
            HELP,
            vec![p(K::Esc), Key::ch('?'), Key::ch('q')],
            |_| Action::Cancel,
            "clear the filter, or close help",
            Some("close"),
        ),
        // The tour picker.
        bind(TOURS, vec![Key::ch('j'), p(K::Down)], |_| Action::Down, "next tour", None),
        bind(TOURS, vec![Key::ch('k'), p(K::Up)], |_| Action::Up, "previous tour", None),
        bind(TOURS, vec![p(K::Enter)], |_| Action::Accept, "start it (or end the running one)", Some("start")),
        bind(TOURS, vec![p(K::Esc), Key::ch('p'), Key::ch('q')], |_| Action::Cancel, "close", Some("close")),
        // The tour's step list.
        bind(STEPS, vec![Key::ch('j'), p(K::Down)], |_| Action::Down, "next step", None),
        bind(STEPS, vec![Key::ch('k'), p(K::Up)], |_| Action::Up, "previous step", None),
        bind(STEPS, vec![Key::ch('g'), p(K::Home)], |_| Action::Top, "first step", None),
        bind(STEPS, vec![Key::ch('G'), p(K::End)], |_| Action::Bottom, "last step", None),
        bind(STEPS, vec![p(K::Enter)], |_| Action::Accept, "jump to it (followers too)", Some("jump")),
        bind(STEPS, vec![p(K::Esc), Key::ch('s'), Key::ch('q')], |_| Action::Cancel, "close", Some("close")),
        // The speaker view: a clicker plugged into the laptop that shows it drives.
        bind(
            SPEAKER,
            vec![p(K::PageDown), Key::ch(' '), Key::ch('.')],
            |_| Action::NextStep,
            "next step, for the presenter and every follower",
            Some("next"),
        ),
        bind(SPEAKER, vec![p(K::PageUp), Key::ch(',')], |_| Action::PrevStep, "previous step", Some("back")),
        bind(SPEAKER, vec![Key::ch('s')], |_| Action::OpenSteps, "the step list: jump to any step", Some("steps")),
        bind(
            SPEAKER,
            vec![Key::ch('q'), p(K::Esc)],
            |_| Action::Quit,
            "close the speaker view (the presentation goes on)",
            Some("quit"),
        ),
        // The errors of the data on disk.
        bind(ERRORS, vec![Key::ch('j'), p(K::Down)], |_| Action::Down, "scroll down", None),
        bind(ERRORS, vec![Key::ch('k'), p(K::Up)], |_| Action::Up, "scroll up", None),
        bind(ERRORS, vec![p(K::PageDown), Key::ctrl('d')], |_| Action::PageDown, "page down", None),
        bind(ERRORS, vec![p(K::PageUp), Key::ctrl('u')], |_| Action::PageUp, "page up", None),
        bind(ERRORS, vec![Key::ch('e')], |_| Action::Edit, "edit the file at the top error's line", Some("edit")),
        bind(ERRORS, vec![p(K::Esc), Key::ch('E'), Key::ch('q')], |_| Action::Cancel, "close", Some("close")),
        // Everywhere.
        bind(ALL, vec![Key::ctrl('c')], |_| Action::Quit, "quit", None),
    ];
    let digits = Binding {
        modes: NAV,
        keys: ('1'..='8').map(Key::ch).collect(),
        label: Some("1…8"),
        action: |k| match k.code {
            KeyCode::Char(c) => Action::GoTab(c as usize - '1' as usize),
            _ => Action::GoTab(0),
        },
        help: "switch tab: firms, people, chipsets, products, agreements, events, sources, timeline",
        hint: None,
    };
    let help = b.iter().position(|x| x.keys.contains(&Key::ch('?'))).unwrap_or(b.len());
    b.insert(help, digits);
    let at = b.iter().position(|x| x.modes == TIMELINE).unwrap_or(b.len());
    b.insert(
        at,
        Binding {
            modes: TIMELINE,
            keys: vec![Key::ch('+'), Key::ch('='), Key::ch('-')],
            label: Some("+ -"),
            action: |k| if k.code == KeyCode::Char('-') { Action::ZoomOut } else { Action::ZoomIn },
            help: "zoom in (+) or out (-): decade, year, quarter, month",
            hint: Some("zoom"),
        },
    );
    b.insert(
        at + 1,
        Binding {
            modes: TIMELINE,
            keys: vec![Key::ch('h'), p(K::Left), Key::ch('l'), p(K::Right)],
            label: Some("h l"),
            action: |k| match k.code {
                KeyCode::Char('h') | KeyCode::Left => Action::PanEarlier,
                _ => Action::PanLater,
            },
            help: "pan to earlier (h ←) or later (l →) dates",
            hint: Some("pan"),
        },
    );
    b
});

fn half_or_page(k: &Key, down: bool) -> Action {
    match (k.ctrl, down) {
        (true, true) => Action::HalfPageDown,
        (true, false) => Action::HalfPageUp,
        (false, true) => Action::PageDown,
        (false, false) => Action::PageUp,
    }
}

/// The heading help shows over bindings that apply in these modes.
pub fn group_title(modes: &[Mode]) -> &'static str {
    match modes {
        m if m == NAV => "Browsing (lists, detail pane, timeline, neighbourhood)",
        m if m == BROWSE => "In the list and the detail pane",
        m if m == TIMELINE => "On the timeline",
        m if m == LIST => "In the list",
        m if m == LISTS => "In the list and on the timeline",
        m if m == FIND => "Searching the card",
        m if m == AS_OF => "Typing the date lens's day",
        m if m == DETAIL => "In the detail pane",
        m if m == TEXT => "Typing (a filter, a card search, go to anything, the help's filter, a date)",
        m if m == HELP_FILTER => "Filtering the help",
        m if m == FILTER => "Typing a filter",
        m if m == PALETTE => "Go to anything",
        m if m == HELP => "In this help",
        m if m == TOURS => "Picking a tour",
        m if m == ERRORS => "In the list of errors",
        m if m == HOOD => "In the neighbourhood (Enter walks to a neighbour; on the centre, opens its card)",
        m if m == STEPS => "In the tour's step list",
        m if m == SPEAKER => "In the speaker view (ssh notes@host)",
        _ => "Everywhere",
    }
}

/// The group of bindings help opens at when opened in a mode: the keys of
/// the pane it was opened from.
pub fn home_group(mode: Mode) -> &'static [Mode] {
    match mode {
        Mode::Detail => DETAIL,
        Mode::Timeline => TIMELINE,
        Mode::Neighbourhood => HOOD,
        _ => NAV,
    }
}

/// The bindings that apply in a mode, in table order.
pub fn for_mode(mode: Mode) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.modes.contains(&mode))
}

/// The first key that asks for `action` in a mode, as help writes it (for
/// text that names a key, so that it names the one the table binds).
pub fn key_for(mode: Mode, action: &Action) -> Option<String> {
    for_mode(mode).find_map(|b| b.keys.iter().find(|k| (b.action)(k) == *action).map(Key::to_string))
}

/// The action an input asks for in a mode, if any.
pub fn dispatch(mode: Mode, input: &Input) -> Option<Action> {
    match input {
        Input::Key(key) => {
            if let Some(b) = for_mode(mode).find(|b| b.keys.contains(key)) {
                return Some((b.action)(key));
            }
            match key.code {
                KeyCode::Char(c) if mode.takes_text() && !key.ctrl && !key.alt => Some(Action::Insert(c)),
                _ => None,
            }
        }
        Input::Mouse { kind, x, y } => Some(Action::Mouse(*kind, *x, *y)),
        Input::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Input::Paste(text) => mode.takes_text().then(|| Action::Paste(text.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in ALL.iter().copied() {
            let mut seen = std::collections::HashSet::new();
            for b in for_mode(mode) {
                for k in &b.keys {
                    assert!(seen.insert(*k), "{k} is bound twice in {mode:?}");
                }
            }
        }
    }

    #[test]
    fn text_names_the_keys_the_table_binds() {
        assert_eq!(key_for(Mode::List, &Action::ToggleNotes).as_deref(), Some("S"));
        assert_eq!(key_for(Mode::Speaker, &Action::NextStep).as_deref(), Some("PgDn"));
        assert_eq!(key_for(Mode::Steps, &Action::NextStep), None);
    }

    #[test]
    fn typing_modes_insert_unbound_characters() {
        assert_eq!(dispatch(Mode::Filter, &Input::Key(Key::ch('q'))), Some(Action::Insert('q')));
        assert_eq!(dispatch(Mode::List, &Input::Key(Key::ch('q'))), Some(Action::Quit));
        assert_eq!(dispatch(Mode::List, &Input::Key(Key::ch('5'))), Some(Action::GoTab(4)));
        assert_eq!(dispatch(Mode::Palette, &Input::Key(Key::ch('华'))), Some(Action::Insert('华')));
        assert_eq!(dispatch(Mode::List, &Input::Key(Key::ch('Z'))), None);
    }
}
