//! `dealscope show ID`: an entity's card, as text, JSON, or a table.

use crate::cli::args::OutputFormat;
use crate::cli::json;
use crate::cli::output::{out, resolve};
use crate::data::card::Card;
use crate::data::model::Dataset;
use crate::exit::EXIT_OK;
use crate::text::sanitize::{inert, inert_multiline};

pub(super) fn show(ds: &Dataset, id: &str, format: OutputFormat, headers: bool) -> i32 {
    let target = match resolve(ds, id) {
        Ok(t) => t,
        Err(failure) => return failure.report(format == OutputFormat::Json),
    };
    let card = Card::of(ds, target);
    match (format, format.table()) {
        (OutputFormat::Json, _) => out(&json::card(ds, target, &card)),
        (_, Some(table)) => out(&crate::export::card(&card).write(table)),
        _ => out(&card_text(&card, headers)),
    }
    EXIT_OK
}

/// The card as plain text. With `headers`, each section is a heading over
/// indented rows, sections apart; without, every row starts with its
/// section's name (`sources: [id] …`, `← agreements: deal [id] …`): one
/// self-contained line per row, for `grep` and `cut`.
pub fn card_text(card: &Card, headers: bool) -> String {
    let mut t = Text { s: String::new(), headers };
    t.line(&format!("{} ({}, id {})", inert(&card.name), card.kind.noun(), inert(&card.id)));
    // The fields sit right under the title, with no heading.
    let indent = if headers { "  " } else { "" };
    if let Some(note) = card.confidential_note() {
        t.line(&format!("{indent}{note}"));
    }
    if let Some(note) = &card.lens_note {
        t.line(&format!("{indent}{note}"));
    }
    if !card.aliases.is_empty() {
        t.line(&format!("{indent}aliases: {}", inert(&card.aliases.join(", "))));
    }
    for (k, v) in card.field_rows(|_| false) {
        t.line(&format!("{indent}{k}: {}", inert(&v)));
    }
    if !card.tags.is_empty() {
        t.line(&format!("{indent}tags: {}", inert(&card.tags.join(", "))));
    }
    if let Some(summary) = &card.summary {
        let text = inert_multiline(summary);
        if headers {
            // A paragraph set apart, with no heading.
            t.line("");
        }
        for l in text.lines() {
            t.line(&if headers { format!("  {l}") } else { format!("summary: {l}") });
        }
    }
    if let Some((day, people)) = &card.in_office {
        let rows: Vec<String> = people
            .iter()
            .map(|i| format!("[{}] {} — {}", inert(&i.id), inert(&i.name), inert(i.note.as_deref().unwrap_or(""))))
            .collect();
        t.section(&format!("in office at the parties on {day}"), &rows);
    }
    t.section("disputed", &disputed_rows(card));
    t.section("specs", &pairs(card.specs.iter().map(|(k, v)| (k, v))));
    t.section("statements", &pairs(card.statements.iter().map(|s| (&s.label, &s.text))));
    t.section("extra", &pairs(card.extra.iter().map(|(k, v)| (k, v))));
    let mut sources = Vec::new();
    for src in &card.sources {
        let meta: Vec<String> =
            [&src.publisher, &src.date].into_iter().flatten().map(|x| inert(x).into_owned()).collect();
        let meta = if meta.is_empty() { String::new() } else { format!(" ({})", meta.join(", ")) };
        let row = format!("[{}] {}{meta}", inert(&src.id), inert(&src.title));
        match &src.url {
            // On its own line under a heading; on the same line when each row stands alone.
            Some(url) if headers => sources.extend([row, format!("    {}", inert(url))]),
            Some(url) => sources.push(format!("{row} {}", inert(url))),
            None => sources.push(row),
        }
    }
    t.section("sources", &sources);
    for g in &card.links {
        let rows: Vec<String> = g
            .items
            .iter()
            .map(|i| {
                let note = i.note.as_ref().map(|n| format!(" — {}", inert(n))).unwrap_or_default();
                format!("{} [{}] {}{note}", i.kind.badge(), inert(&i.id), inert(&i.name))
            })
            .collect();
        t.section(&format!("{} {}", if g.incoming { "←" } else { "→" }, g.relation), &rows);
    }
    t.s
}

/// What each side of each dispute says, one row per claim with its sources
/// (`chipsets: Kirin 9020 — [udn-8984644] …`), after the dispute's note.
fn disputed_rows(card: &Card) -> Vec<String> {
    let mut rows = Vec::new();
    for d in &card.disputed {
        let field = inert(&d.field);
        if let Some(n) = &d.note {
            rows.push(format!("{field}: {}", inert(n)));
        }
        for c in &d.claims {
            let sources: Vec<String> =
                c.sources.iter().map(|s| format!("[{}] {}", inert(&s.id), inert(&s.title))).collect();
            rows.push(format!("{field}: {} — {}", inert(&c.value), sources.join("; ")));
        }
    }
    rows
}

/// `key: value` rows.
fn pairs<'a>(rows: impl Iterator<Item = (&'a String, &'a String)>) -> Vec<String> {
    rows.map(|(k, v)| format!("{}: {}", inert(k), inert(v))).collect()
}

/// Text being written, with or without section headers.
struct Text {
    s: String,
    headers: bool,
}

impl Text {
    fn line(&mut self, l: &str) {
        self.s.push_str(l);
        self.s.push('\n');
    }

    /// A titled section: a blank line, `title:` and the rows indented, or
    /// each row behind `title: `.
    fn section(&mut self, title: &str, rows: &[String]) {
        if rows.is_empty() {
            return;
        }
        if self.headers {
            self.line("");
            self.line(&format!("{title}:"));
        }
        for row in rows {
            let l = if self.headers { format!("  {row}") } else { format!("{title}: {row}") };
            self.line(&l);
        }
    }
}
