//! A YAML error, reported at the token that is wrong, and the parse resumed
//! past it: the entry it stands in is left out, and the parse starts again
//! at the next entry of the same list, or else at the next top-level key, so
//! the file's other entries are still read and checked. The ids written in
//! what could not be read are noted, so that references to them are not
//! reported as unknown (a consequence, not a cause).

use saphyr_parser::ScanError;

use super::doc::{Builder, MAX_DEPTH, NOT_YAML};
use super::issue::{Anchor, Issue, Pos};
use super::text::{line_starts, lines, offset, pos_of};
use super::unchecked::LostId;

/// Parses `b`'s text, resuming after each YAML error.
pub(super) fn run(b: &mut Builder<'_>) {
    let Err(issue) = b.run() else { return };
    let local_line = issue.pos().line - b.line_offset as usize;
    let at_line_start = issue.pos().col == 1;
    let depth = b.depth();
    let entry_level = b.entry_level();
    // The open collections (node, is a mapping), outermost first; the
    // entry holding the error, if it is in one.
    let open: Vec<(u32, bool)> = b.open().collect();
    let shaped = match entry_level {
        2 => open.len() >= 2 && open[0].1 && !open[1].1,
        _ => open.first().is_some_and(|&(_, map)| !map),
    };
    let list = shaped.then(|| open[entry_level - 1].0);
    let entry = if shaped { open.get(entry_level).map(|e| e.0) } else { None };
    b.issues.push(*issue);
    b.cut = true;
    let text = b.text;
    let all = lines(text);
    let lost_from = entry.map_or(local_line, |e| b.nodes[e as usize].pos().line - b.line_offset as usize);
    if let Some(e) = entry {
        b.broken.push(e);
    }
    let mut lost_from_pair = None;
    if depth == 0 || b.unreadable || (entry_level == 2 && !open[0].1) {
        // Nothing was read before the error: nothing to resume into.
        b.unreadable = true;
        b.lost_ids.extend(ids_in(&all, 1, all.len() + 1, b.line_offset as usize));
        return;
    }
    // The column an item's `-` stands in, for a block list.
    let item_indent = list.and_then(|l| {
        let p = b.nodes[l as usize].pos();
        let line = all.get(p.line - b.line_offset as usize - 1)?;
        (line.chars().nth(p.col - 1) == Some('-')).then_some(p.col - 1)
    });
    if entry.is_none() && entry_level == 2 && open.len() >= 2 && item_indent.is_none() {
        // The error is in a top-level value but in no entry of a block list
        // (a flow list, `dataset:`): what was read of it is not kept.
        let lost_at = b.nodes[open[1].0 as usize - 1].pos().line - b.line_offset as usize;
        b.drop_pair(open[1].0);
        lost_from_pair = Some(lost_at);
    }
    let lost_from = lost_from_pair.unwrap_or(lost_from);
    let first = if at_line_start && local_line > 1 { local_line } else { local_line + 1 };
    // A top-level key: at the start of its line, a key then `: ` or `:` at the end.
    let is_top = |l: &str| {
        let c = l.chars().next();
        entry_level == 2
            && c.is_some_and(|c| !c.is_whitespace() && c != '#' && c != '-')
            && (l.contains(": ") || l.trim_end().ends_with(':'))
            && !l.starts_with("---")
            && !l.starts_with("...")
    };
    let is_item = |l: &str| {
        item_indent.is_some_and(|n| {
            // `n` spaces (so `n` is a character boundary), then the `-`.
            l.len() > n && l.as_bytes()[..n].iter().all(|&c| c == b' ') && {
                let rest = &l[n..];
                rest == "-" || rest.starts_with("- ")
            }
        })
    };
    let found = (first..=all.len()).find(|&n| is_top(all[n - 1]) || is_item(all[n - 1]));
    let lost_to = found.unwrap_or(all.len() + 1);
    b.lost_ids.extend(ids_in(&all, lost_from, lost_to, b.line_offset as usize));
    let Some(resume) = found else {
        b.close_to(0);
        return;
    };
    let starts = line_starts(text);
    let from_line = |n: usize| starts.get(n - 1).copied().unwrap_or(text.len());
    let mut top = resume;
    if is_item(all[resume - 1]) {
        b.close_to(entry_level);
        top = (resume + 1..=all.len()).find(|&n| is_top(all[n - 1])).unwrap_or(all.len() + 1);
        let slice = &text[from_line(resume)..from_line(top)];
        let mut part = Builder::new(b.file(), slice, b.line_offset + resume as u32 - 1, 1);
        run(&mut part);
        b.adopt(part);
    }
    b.close_to(1);
    if top <= all.len() && entry_level == 2 {
        let slice = &text[from_line(top)..];
        let mut part = Builder::new(b.file(), slice, b.line_offset + top as u32 - 1, 2);
        run(&mut part);
        b.adopt(part);
    }
}

/// The ids written in lines `from` up to `to` (from 1, `to` not included;
/// `id: x`, `{id: x, …}`), for references into what could not be read,
/// each where it stands in the file (whose line 1 is after `line_offset`).
fn ids_in(lines: &[&str], from: usize, to: usize, line_offset: usize) -> Vec<LostId> {
    let mut out = Vec::new();
    let to = to.saturating_sub(1).min(lines.len());
    let from = from.saturating_sub(1).min(to);
    for (n, line) in lines[from..to].iter().enumerate() {
        let mut rest = *line;
        while let Some(i) = rest.find("id:") {
            let before = rest[..i].chars().next_back();
            let after = &rest[i + 3..];
            rest = after;
            if !before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ',' || c == '-') {
                continue;
            }
            let value = after.trim_start();
            if value.len() == after.len() && !after.is_empty() {
                continue; // `id:x` is not a key
            }
            let end = value.find(|c: char| c.is_whitespace() || ",}]#".contains(c)).unwrap_or(value.len());
            let id = value[..end].trim_matches(|c| c == '"' || c == '\'');
            if !id.is_empty() {
                let col = line[..line.len() - value.len()].chars().count() + 1;
                let at = Pos { line: line_offset + from + n + 1, col };
                out.push(LostId { id: id.to_string(), at });
            }
        }
    }
    out
}

/// The parser's error as an issue at the token that is wrong: a control
/// character or a tab named where it stands, a flow collection that is
/// never closed at its opening bracket, never past the end of the text.
pub(super) fn scan_error(b: &Builder<'_>, e: &ScanError) -> Issue {
    let text = b.text;
    let starts = line_starts(text);
    let info = e.info();
    let m = e.marker();
    let raw_line = m.line().max(1);
    let local = within(text, &starts, Pos { line: raw_line, col: m.col() + 1 });
    let global = |p: Pos| Pos { line: p.line + b.line_offset as usize, col: p.col };
    let file = b.file();
    if info.contains("recursion limit") {
        let msg = format!("YAML: the data nests deeper than {MAX_DEPTH} levels here");
        let help = "a data file nests a few levels deep: look for brackets that are never closed";
        return Issue::error(file, Anchor::At(global(local), 1), msg).with_help(Some(help.into()));
    }
    if let Some((p, c)) = first_control_char(text).filter(|(p, _)| p.line <= local.line) {
        let msg = format!("YAML: control character U+{:04X} is not allowed in a YAML file", c as u32);
        let help =
            format!("remove it, or write it as the escape \"\\u{:04X}\" inside a double-quoted string", c as u32);
        return Issue::error(file, Anchor::At(global(p), 1), msg).with_help(Some(help));
    }
    if info.contains("tab") {
        // The parser may stop before the tab (at the token it was reading): name the tab.
        let from = starts.get(local.line - 1).copied().unwrap_or(0);
        let at = text[from..].find('\t').map(|i| pos_of(text, &starts, from + i)).filter(|p| p.line <= local.line + 1);
        let msg = "YAML: found a tab character where YAML allows only spaces";
        let help = "YAML does not allow tabs for indentation: use spaces";
        return Issue::error(file, Anchor::At(global(at.unwrap_or(local)), 1), msg).with_help(Some(help.into()));
    }
    if info.contains("expected ',' or ']'") || info.contains("expected ',' or '}'") {
        // An unclosed `[` or `{`: at the bracket, when the parser has gone past its line.
        let open = b.open().map(|(n, _)| b.nodes[n as usize].pos()).filter(|p| {
            let local = Pos { line: p.line - b.line_offset as usize, col: p.col };
            offset(text, &starts, local).is_some_and(|o| text[o..].starts_with(['[', '{']))
        });
        if let Some(p) = open.last().filter(|p| p.line - (b.line_offset as usize) < raw_line) {
            let (bracket, close) = if info.contains(']') { ("[", "]") } else { ("{", "}") };
            let msg = format!("YAML: this `{bracket}` is never closed: expected ',' or '{close}' after its items");
            return Issue::error(file, Anchor::At(p, 1), msg).with_help(Some(NOT_YAML.into()));
        }
    }
    Issue::error(file, Anchor::At(global(local), 1), format!("YAML: {info}")).with_help(Some(NOT_YAML.into()))
}

/// A position moved inside the text: not past the end of its line, nor on
/// the empty line after the text's last line break.
pub(super) fn within(text: &str, starts: &[usize], pos: Pos) -> Pos {
    let ends_with_break = text.ends_with(['\n', '\r']);
    let count = starts.len() - usize::from(ends_with_break && starts.len() > 1);
    let line = pos.line.clamp(1, count.max(1));
    let start = starts.get(line - 1).copied().unwrap_or(0);
    let end = starts.get(line).copied().unwrap_or(text.len());
    let len = text[start..end].trim_end_matches(['\n', '\r']).chars().count();
    let col = if line < pos.line { len + 1 } else { pos.col.clamp(1, len + 1) };
    Pos { line, col }
}

/// The first character YAML does not allow in a file (C0 controls but tab,
/// line feed and carriage return; DEL; C1 controls but NEL; U+FFFE, U+FFFF),
/// with its position.
fn first_control_char(text: &str) -> Option<(Pos, char)> {
    let (i, c) = text.char_indices().find(|&(_, c)| {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}')
            || (c >= '\u{A0}' && c != '\u{FFFE}' && c != '\u{FFFF}');
        !allowed
    })?;
    Some((pos_of(text, &line_starts(text), i), c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_written_in_lost_lines() {
        let lines = ["  - id: a", "    name: x", "  - {id: \"b\", name: y}", "    grid: z", "    id:c"];
        let ids = |from, to| -> Vec<(String, usize, usize)> {
            ids_in(&lines, from, to, 10).into_iter().map(|l| (l.id, l.at.line, l.at.col)).collect()
        };
        assert_eq!(ids(1, 6), [("a".into(), 11, 9), ("b".into(), 13, 10)]);
        assert_eq!(ids(2, 6), [("b".into(), 13, 10)]);
        assert!(ids(6, 2).is_empty());
    }

    #[test]
    fn positions_stay_inside_the_text() {
        let t = "a: [1\n";
        let s = line_starts(t);
        assert_eq!(within(t, &s, Pos { line: 2, col: 1 }), Pos { line: 1, col: 6 });
        assert_eq!(within(t, &s, Pos { line: 1, col: 40 }), Pos { line: 1, col: 6 });
        assert_eq!(within("", &line_starts(""), Pos { line: 3, col: 2 }), Pos { line: 1, col: 1 });
    }
}
