//! Searching inside the detail card (`/` in the detail pane), stepping
//! through its matches (`n`, `N`), and jumping between its sections (`{`,
//! `}`). The matches are lines of the laid-out card, found as `less` finds
//! them: a plain phrase, any case.

use super::msg::Outcome;
use super::*;
use crate::app::action::Action;
use crate::app::doc::{Doc, Tone};
use crate::text::find::occurrences;

/// A search in the detail card.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Find {
    /// What was typed.
    pub query: TextInput,
    /// True while it is being typed.
    pub typing: bool,
    /// The line of the match last stepped to.
    pub current: Option<usize>,
}

/// The text of one laid-out line.
pub fn line_text(doc: &Doc, line: usize) -> String {
    doc.lines.get(line).map(|l| l.iter().map(|p| p.text.as_str()).collect()).unwrap_or_default()
}

/// The lines of a card that hold the phrase.
pub fn matching_lines(doc: &Doc, query: &str) -> Vec<usize> {
    (0..doc.lines.len()).filter(|&i| !occurrences(&line_text(doc, i), query).is_empty()).collect()
}

impl App {
    /// The card search, if one is typed or kept.
    pub fn find(&self) -> Option<&Find> {
        self.find.as_ref()
    }

    /// Handles a key while the card search is typed.
    pub(super) fn update_find(&mut self, action: Action) -> Outcome {
        if let Some(e) = self.update_common(&action) {
            return e;
        }
        let Some(f) = self.find.as_mut() else { return Outcome::None };
        if let Some(edit) = edit_of(&action) {
            f.query.edit(edit);
            f.current = None;
            // As in less, the view goes to the first match as you type.
            self.step_find(0);
            return Outcome::None;
        }
        match action {
            Action::Cancel => self.find = None,
            Action::Accept => {
                f.typing = false;
                if f.query.trim().is_empty() {
                    self.find = None;
                }
            }
            Action::Down => self.step_find(1),
            Action::Up => self.step_find(-1),
            _ => {}
        }
        Outcome::None
    }

    /// Starts typing a card search (keeping the last phrase to edit).
    pub(super) fn start_find(&mut self) {
        let query = self.find.take().map(|f| f.query).unwrap_or_default();
        self.find = Some(Find { query, typing: true, current: None });
    }

    /// Steps to the next (`1`) or previous (`-1`) matching line, wrapping;
    /// `0` goes to the first match at or below the top of the view.
    pub(super) fn step_find(&mut self, step: isize) {
        let Some(doc) = self.detail_doc() else { return };
        let Some(f) = self.find.as_mut() else {
            self.message = Some("no search in this card: / starts one".into());
            return;
        };
        let lines = matching_lines(&doc, f.query.trim());
        if lines.is_empty() {
            f.current = None;
            if !f.query.trim().is_empty() {
                self.message = Some(format!("`{}` is not in this card", crate::text::sanitize::inert(&f.query)));
            }
            return;
        }
        let from = f.current.filter(|c| lines.contains(c));
        let next = match (step, from) {
            (0, _) | (_, None) => {
                let top = self.detail.scroll;
                let at = lines.iter().position(|&l| l >= top).unwrap_or(0);
                if step < 0 && from.is_none() { (at + lines.len() - 1) % lines.len() } else { at }
            }
            (s, Some(c)) => {
                let i = lines.iter().position(|&l| l == c).unwrap_or(0);
                (i as isize + s).rem_euclid(lines.len() as isize) as usize
            }
        };
        let line = lines[next];
        f.current = Some(line);
        self.show_line(&doc, line);
        self.message = Some(format!("match {}/{}", next + 1, lines.len()));
    }

    /// Scrolls the card so a line is on screen, a little below the top, and
    /// puts the link cursor on that line's link (or none).
    fn show_line(&mut self, doc: &Doc, line: usize) {
        let page = self.layout().detail_rows();
        let d = &mut self.detail;
        if !super::detail::line_shown(line, d.scroll, page) {
            d.scroll = line.saturating_sub(2);
        }
        d.scroll = d.scroll.min(doc.lines.len().saturating_sub(page));
        d.cursor = doc.target_lines.iter().position(|&l| l == line);
    }

    /// Scrolls the card to the next (`1`) or previous (`-1`) section heading.
    pub(super) fn step_section(&mut self, step: isize) {
        let Some(doc) = self.detail_doc() else { return };
        let heads: Vec<usize> =
            (0..doc.lines.len()).filter(|&i| doc.lines[i].first().is_some_and(|p| p.tone == Tone::Heading)).collect();
        // The line under the pinned title.
        let top = self.detail.scroll + 1;
        let target = if step > 0 {
            heads.iter().copied().find(|&h| h > top)
        } else {
            heads.iter().copied().rev().find(|&h| h < top).or(Some(0))
        };
        let Some(line) = target else {
            self.message = Some("last section".into());
            return;
        };
        let page = self.layout().detail_rows();
        let d = &mut self.detail;
        d.scroll = super::detail::scroll_to_top(line).min(doc.lines.len().saturating_sub(page));
        // The first link of the section, so Enter follows what is in view.
        let end = heads.iter().copied().find(|&h| h > line).unwrap_or(doc.lines.len());
        d.cursor = doc.target_lines.iter().position(|&l| (line..end).contains(&l) && l > d.scroll);
    }
}
