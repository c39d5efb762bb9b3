//! Everything a user can ask the app to do. Keys map to these through the
//! keymap; `App::update` carries them out.

use crate::app::input::MouseKind;

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Move the cursor up one row.
    Up,
    /// Move the cursor down one row.
    Down,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Move up a page.
    PageUp,
    /// Move down a page.
    PageDown,
    /// Move up half a page.
    HalfPageUp,
    /// Move down half a page.
    HalfPageDown,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the list pane.
    FocusList,
    /// Focus the detail pane.
    FocusDetail,
    /// Show the kind tab with this index (0 = Firms).
    GoTab(usize),
    /// Next kind tab.
    NextTab,
    /// Previous kind tab.
    PrevTab,
    /// Start typing a filter for the list.
    StartFilter,
    /// Open the selected entity, or follow the selected link.
    Open,
    /// Go back in history.
    Back,
    /// Go forward in history.
    Forward,
    /// Open the go-to-anything palette.
    OpenPalette,
    /// Show or hide the key help.
    ToggleHelp,
    /// Copy the selected id to the clipboard (OSC 52).
    Copy,
    /// Copy what the screen shows (list, card, paths, timeline,
    /// neighbourhood) as a Markdown table; again at once, as TSV.
    CopyTable,
    /// Close what is open (palette, help, filter).
    Cancel,
    /// Accept the typed text (keep the filter, jump to the palette's choice).
    Accept,
    /// Type a character into the open input.
    Insert(char),
    /// Delete the character before the input cursor.
    DeleteBack,
    /// Clear the open input.
    ClearInput,
    /// Paste text into the open input.
    Paste(String),
    /// A mouse event at a cell.
    Mouse(MouseKind, u16, u16),
    /// The terminal was resized.
    Resize(u16, u16),
    /// Zoom the time axis in (finer ticks).
    ZoomIn,
    /// Zoom the time axis out.
    ZoomOut,
    /// Pan the time axis to earlier dates.
    PanEarlier,
    /// Pan the time axis to later dates.
    PanLater,
    /// Show or hide one category of timeline items.
    ToggleCategory(crate::timeline::Category),
    /// Open the timeline of the selection (or of the marked entities).
    TimelineOfSelection,
    /// Open the timeline of everything.
    TimelineAll,
    /// Mark or unmark the selected entity, to see what marked ones share.
    ToggleMark,
    /// Switch between following the presenter and roaming alone (over SSH).
    ToggleFollow,
    /// Switch to the next colour theme: dark, light, mono.
    CycleTheme,
    /// Show or hide the caption line.
    ToggleCaptions,
    /// Show or hide the tour step's speaker notes (on this screen).
    ToggleNotes,
    /// Open the tour picker (or close it).
    OpenTours,
    /// Open (or close) the list of every error in the data on disk, while
    /// live reload keeps the last good data.
    ShowErrors,
    /// Open (or close) the running tour's step list, to jump to a step.
    OpenSteps,
    /// Go to the next step of the tour being presented.
    NextStep,
    /// Go to the previous step of the tour being presented.
    PrevStep,
    /// Next match of the filter (or of the card search in the detail
    /// pane); from a list with none, the next kind that has some.
    NextMatch,
    /// Previous match, likewise.
    PrevMatch,
    /// Start typing a search inside the detail card.
    StartFind,
    /// Scroll the card to its next section.
    NextSection,
    /// Scroll the card to its previous section.
    PrevSection,
    /// Show the next kind whose list has matches for the filter, with it.
    NextKindWithMatches,
    /// Show how the two marked entities (or the marked one and the
    /// selection) are connected.
    ShowPaths,
    /// Start typing the day the app is seen as of (the date lens).
    StartAsOf,
    /// Draw the selection's neighbourhood.
    ShowNeighbourhood,
    /// In the neighbourhood view: depth 1 or 2.
    ToggleDepth,
    /// In the neighbourhood view: the next group of neighbours.
    NextGroup,
    /// In the neighbourhood view: the previous group of neighbours.
    PrevGroup,
    /// Open the selection (or the error at the top of the error list) in
    /// the user's editor, at its file and line.
    Edit,
    /// Leave the app.
    Quit,
}
