//! Running the user's editor for `e` (the app asks, with `Effect::Edit`):
//! `$VISUAL`, else `$EDITOR`, else `vi`, run by `sh` as git runs it (so
//! `EDITOR="emacs -nw"` works), at the file and line asked for:
//!
//! * `+LINE FILE`: vi, vim, nvim, emacs, nano, micro, helix (`hx`), kakoune,
//!   joe, ne, mg, and any editor not named below;
//! * `-g FILE:LINE`: VS Code (`code`, `code-insiders`, `codium`, `cursor`);
//! * `FILE:LINE`: Sublime Text (`subl`) and Zed (`zed`).
//!
//! A graphical editor that returns at once (VS Code without `--wait`) is
//! fine: the explorer is back at once, and live reload shows the save.

use std::path::Path;
use std::process::Command;

use crate::app::EditAt;
use crate::data::load::line_of;

/// The editor command the user chose: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn chosen(visual: Option<&str>, editor: Option<&str>) -> String {
    [visual, editor].into_iter().flatten().map(str::trim).find(|e| !e.is_empty()).unwrap_or("vi").to_string()
}

/// The arguments that open `file` at `line` in `editor` (a command, maybe
/// with its own flags), by the form its program takes.
pub fn arguments(editor: &str, file: &Path, line: usize) -> Vec<String> {
    let program = editor.split_whitespace().next().unwrap_or("").trim_matches(['"', '\'']);
    let name = Path::new(program).file_name().and_then(|n| n.to_str()).unwrap_or(program);
    let name = name.strip_suffix(".exe").unwrap_or(name);
    let at = format!("{}:{line}", file.display());
    match name {
        "code" | "code-insiders" | "codium" | "vscodium" | "cursor" => vec!["-g".into(), at],
        "subl" | "sublime_text" | "zed" => vec![at],
        _ => vec![format!("+{line}"), file.display().to_string()],
    }
}

/// Runs the editor on the place asked for and waits for it; why it could
/// not, if it could not. The terminal is the editor's meanwhile (the caller
/// gives it up first).
pub fn open(at: &EditAt) -> Result<(), String> {
    let file = Path::new(&at.file);
    let line = match (at.line, &at.id) {
        (Some(line), _) => line,
        (None, Some(id)) => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
            line_of(&text, id).unwrap_or(1)
        }
        (None, None) => 1,
    };
    let var = |name| std::env::var(name).ok();
    let editor = chosen(var("VISUAL").as_deref(), var("EDITOR").as_deref());
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .args(arguments(&editor, file, line))
        .status()
        .map_err(|e| format!("cannot start the editor ({editor}): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the editor ({editor}) ended with {status}: set $VISUAL or $EDITOR to yours"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_editor_gets_the_form_it_reads() {
        let f = Path::new("data/firms.yaml");
        assert_eq!(arguments("vim", f, 12), ["+12", "data/firms.yaml"]);
        assert_eq!(arguments("emacs -nw", f, 3), ["+3", "data/firms.yaml"]);
        assert_eq!(arguments("/usr/bin/hx", f, 3), ["+3", "data/firms.yaml"]);
        assert_eq!(arguments("code --wait", f, 7), ["-g", "data/firms.yaml:7"]);
        assert_eq!(arguments("zed", f, 9), ["data/firms.yaml:9"]);
        assert_eq!(chosen(Some(" "), Some("nano")), "nano");
        assert_eq!(chosen(Some("hx"), Some("nano")), "hx");
        assert_eq!(chosen(None, None), "vi");
    }
}
