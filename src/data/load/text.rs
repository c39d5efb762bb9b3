//! Lines as an editor shows them: a line ends at `\n`, `\r\n` or a lone `\r`
//! (old Mac files), as the YAML parsers count them. Columns count characters.

use super::issue::Pos;

/// Byte offsets where each line starts (the first is 0).
pub(super) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                starts.push(i + 2);
                i += 1;
            }
            b'\r' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// The text of each line, without its line end.
pub(super) fn lines(text: &str) -> Vec<&str> {
    let starts = line_starts(text);
    starts
        .iter()
        .enumerate()
        .map(|(n, &s)| {
            let end = starts.get(n + 1).copied().unwrap_or(text.len());
            text[s..end].trim_end_matches(['\n', '\r'])
        })
        .collect()
}

/// The byte offset of a position, if the line exists (a column past the end
/// of its line gives the line's end).
pub(super) fn offset(text: &str, starts: &[usize], pos: Pos) -> Option<usize> {
    let start = *starts.get(pos.line.checked_sub(1)?)?;
    let end = starts.get(pos.line).copied().unwrap_or(text.len());
    let line = &text[start..end];
    let within = line.char_indices().nth(pos.col.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    Some(start + within)
}

/// The position of a byte offset.
pub(super) fn pos_of(text: &str, starts: &[usize], byte: usize) -> Pos {
    let line = starts.partition_point(|&s| s <= byte).max(1);
    let col = text[starts[line - 1]..byte].chars().count() + 1;
    Pos { line, col }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_counts() {
        assert_eq!(lines("a\rb\r\nc\nd"), ["a", "b", "c", "d"]);
        let t = "a: 1\rb: 華x\r";
        let s = line_starts(t);
        assert_eq!(pos_of(t, &s, t.find('x').unwrap()), Pos { line: 2, col: 5 });
        assert_eq!(offset(t, &s, Pos { line: 2, col: 5 }), t.find('x'));
    }
}
