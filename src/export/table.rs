//! A table of text (a header row and rows) written as Markdown or as
//! tab-separated values, each cell made safe for where it goes: inert text
//! (`text::sanitize`), on one line (tabs and line breaks become spaces),
//! and then Markdown that reads as the text it is (nothing becomes a link,
//! emphasis, HTML or a cell border), or TSV that a spreadsheet and
//! Python's `csv` read back as written (a quote is quoted, and a cell a
//! spreadsheet would take for a formula starts with `'`).

use crate::text::sanitize::inert;

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// Tab-separated values, for a spreadsheet.
    Tsv,
}

impl Format {
    /// Its name in a notice: `Markdown`, `TSV`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Tsv => "TSV",
        }
    }
}

/// A header row and rows of cells (each row as long as the header).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The column names.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(header: &[&str]) -> Self {
        Self { header: header.iter().map(|h| (*h).to_string()).collect(), rows: Vec::new() }
    }

    /// Adds a row; cells past the header's are dropped, missing ones are empty.
    pub fn push(&mut self, cells: Vec<String>) {
        let mut cells = cells;
        cells.resize(self.header.len(), String::new());
        self.rows.push(cells);
    }

    /// The table as text: a header row, then one line per row.
    pub fn write(&self, format: Format) -> String {
        let mut out = String::new();
        match format {
            Format::Markdown => {
                markdown_row(&mut out, &self.header);
                out.push('|');
                out.push_str(&" --- |".repeat(self.header.len()));
                out.push('\n');
                for row in &self.rows {
                    markdown_row(&mut out, row);
                }
            }
            Format::Tsv => {
                for row in std::iter::once(&self.header).chain(&self.rows) {
                    let cells: Vec<String> = row.iter().map(|c| tsv_cell(c)).collect();
                    out.push_str(&cells.join("\t"));
                    out.push('\n');
                }
            }
        }
        out
    }
}

fn markdown_row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(&markdown_text(c));
        out.push_str(" |");
    }
    out.push('\n');
}

/// Text on one line, inert: tabs and line breaks become spaces.
fn one_line(t: &str) -> String {
    let flat: String = t.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
    inert(&flat).into_owned()
}

/// Text from the data as Markdown that reads as that text: inert, on one
/// line, with what Markdown or HTML would act on escaped.
pub fn markdown_text(t: &str) -> String {
    let mut out = String::new();
    for c in one_line(t).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// One TSV cell: inert, on one line; quoted (quotes doubled) when it holds
/// a quote; a leading `=`, `+`, `-` or `@` (a formula to a spreadsheet)
/// behind a `'`.
fn tsv_cell(t: &str) -> String {
    let mut c = one_line(t);
    if c.starts_with(['=', '+', '-', '@']) {
        c.insert(0, '\'');
    }
    if c.contains('"') { format!("\"{}\"", c.replace('"', "\"\"")) } else { c }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(&["id", "name"]);
        t.push(vec!["a|b".into(), "tab\there\nnew line".into()]);
        t.push(vec!["=1+1".into(), "say \"hi\" <b>[x](y)</b>".into()]);
        t.push(vec!["esc".into(), "\u{1b}[31mred".into()]);
        t
    }

    #[test]
    fn markdown_has_a_header_and_one_line_a_row_and_nothing_acts() {
        let md = table().write(Format::Markdown);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 5, "{md}");
        assert_eq!(lines[0], "| id | name |");
        assert_eq!(lines[1], "| --- | --- |");
        assert_eq!(lines[2], "| a\\|b | tab here new line |");
        assert_eq!(lines[3], "| =1+1 | say \"hi\" &lt;b&gt;\\[x\\]\\(y\\)&lt;/b&gt; |");
        assert!(!md.contains('\u{1b}') && lines[4].contains("␛"), "{md}");
    }

    #[test]
    fn tsv_reads_back_cell_for_cell() {
        let tsv = table().write(Format::Tsv);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], "id\tname");
        assert_eq!(lines[1], "a|b\ttab here new line");
        assert_eq!(lines[2], "'=1+1\t\"say \"\"hi\"\" <b>[x](y)</b>\"");
        assert!(lines.iter().all(|l| l.split('\t').count() == 2));
    }
}
