//! Editing in place (`e`): the app asks its runtime to open the file and
//! line an entity is written at (or an error in the data is at) in the
//! user's editor; the runtime runs the editor, with the terminal given
//! back to it meanwhile, and live reload shows the edit. Only a local
//! explorer on files offers it: over SSH the files are the server's, and
//! the built-in demo data has none; the status bar says so.

use super::msg::Outcome;
use super::*;

/// Whether `e` may open the data's files in an editor here; if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Editing {
    /// A local explorer on files.
    Here,
    /// A session over SSH: the files are on the server.
    #[default]
    NotOverSsh,
    /// The built-in demo data, which no file holds.
    NoFiles,
}

/// Where to open an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditAt {
    /// The file, as the data names it (the path it was read from).
    pub file: String,
    /// The line, when known; else the runtime finds `id`'s line in the file.
    pub line: Option<usize>,
    /// The id of the entity to open at.
    pub id: Option<String>,
}

impl App {
    /// `e`: asks the runtime to open the entity under the cursor (or, in
    /// the error list, the error at its top) in the user's editor.
    pub(super) fn edit(&mut self) -> Outcome {
        let why = match self.editing {
            Editing::Here => None,
            Editing::NotOverSsh => Some("e edits the data's files: not over SSH (they are on the server)"),
            Editing::NoFiles => Some("e edits the data's files: the demo data has none (dealscope --data DIR)"),
        };
        if let Some(why) = why {
            self.message = Some(why.into());
            return Outcome::None;
        }
        let at = if let Some(top) = self.errors_open {
            let error = self.data_problem.as_ref().and_then(|p| p.errors.get(top));
            match error.and_then(|e| e.place.clone()) {
                Some((file, line)) => EditAt { file, line: Some(line), id: None },
                None => {
                    self.message = Some("this error is in no one file".into());
                    return Outcome::None;
                }
            }
        } else {
            let Some(id) = self.selected() else {
                self.message = Some("select an entity first, then e opens it in your editor".into());
                return Outcome::None;
            };
            let Some(file) = self.ds.file_of(id) else {
                self.message = Some("no file holds this entity".into());
                return Outcome::None;
            };
            EditAt { file: file.to_string(), line: None, id: Some(self.ds.get(id).id.clone()) }
        };
        self.message = Some(format!("editing {}: save, and live reload shows it", at.file));
        Outcome::Edit(at)
    }
}
