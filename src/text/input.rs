//! One line of typed text: the list filter, the palette's query and the
//! timeline filter all edit theirs through this, so each is capped, keeps
//! only the first line of a paste, and never holds a control character.

use std::ops::Deref;

use super::sanitize::is_unsafe;

/// Longest input accepted, in characters.
pub const MAX_CHARS: usize = 200;

/// One edit of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit<'a> {
    /// Type a character at the end.
    Insert(char),
    /// Paste text at the end (its first line, within the cap).
    Paste(&'a str),
    /// Delete the last character.
    DeleteBack,
    /// Empty the line.
    Clear,
}

/// A line of typed text; reads as a `&str`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TextInput(String);

impl TextInput {
    /// An input holding `text`, with what an edit would refuse left out.
    pub fn new(text: &str) -> Self {
        let mut input = Self::default();
        input.edit(Edit::Paste(text));
        input
    }

    /// Applies an edit.
    pub fn edit(&mut self, edit: Edit<'_>) {
        match edit {
            Edit::Insert(c) => self.push(c),
            Edit::Paste(text) => text.lines().next().unwrap_or("").chars().for_each(|c| self.push(c)),
            Edit::DeleteBack => {
                self.0.pop();
            }
            Edit::Clear => self.0.clear(),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn push(&mut self, c: char) {
        if !is_unsafe(c) && self.0.chars().count() < MAX_CHARS {
            self.0.push(c);
        }
    }
}

impl Deref for TextInput {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for TextInput {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for TextInput {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for TextInput {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

impl std::fmt::Display for TextInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_capped_and_inert() {
        let mut t = TextInput::default();
        t.edit(Edit::Insert('华'));
        t.edit(Edit::Insert('\u{1b}'));
        t.edit(Edit::Paste("为 x\nsecond line"));
        assert_eq!(t, "华为 x");
        t.edit(Edit::DeleteBack);
        assert_eq!(t.as_str(), "华为 ");
        t.edit(Edit::Paste(&"y".repeat(500)));
        assert_eq!(t.chars().count(), MAX_CHARS);
        t.edit(Edit::Clear);
        assert!(t.is_empty());
        assert_eq!(TextInput::new("a\u{7}b"), "ab");
    }
}
