//! `dealscope show ID`: an entity's card, as text or JSON.

use crate::cli::output::{json_safe, out, resolve};
use crate::data::card::Card;
use crate::data::model::Dataset;
use crate::exit::EXIT_OK;
use crate::text::sanitize::{inert, inert_multiline};

pub(super) fn show(ds: &Dataset, id: &str, json: bool) -> i32 {
    let target = match resolve(ds, id) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let card = Card::of(ds, target);
    if json {
        out(&json_safe(&card));
    } else {
        out(&card_text(&card));
    }
    EXIT_OK
}

/// The card as plain text for the terminal.
pub fn card_text(card: &Card) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    line(format!("{} ({}, id {})", inert(&card.name), card.kind.noun(), inert(&card.id)));
    if !card.aliases.is_empty() {
        line(format!("  aliases: {}", inert(&card.aliases.join(", "))));
    }
    for (k, v) in &card.fields {
        line(format!("  {k}: {}", inert(v)));
    }
    if !card.tags.is_empty() {
        line(format!("  tags: {}", inert(&card.tags.join(", "))));
    }
    if let Some(summary) = &card.summary {
        line(String::new());
        for l in inert_multiline(summary).lines() {
            line(format!("  {l}"));
        }
    }
    if !card.disputed.is_empty() {
        line(String::new());
        line("disputed (sources disagree):".into());
        for d in &card.disputed {
            let note = d.note.as_ref().map(|n| format!(" {}", inert(n))).unwrap_or_default();
            line(format!("  {}:{note}", inert(&d.field)));
            for c in &d.claims {
                line(format!("    - {}", inert(&c.value)));
                for src in &c.sources {
                    line(format!("        [{}] {}", inert(&src.id), inert(&src.title)));
                }
            }
        }
    }
    let mut section = |title: &str, rows: &[(String, String)]| {
        if !rows.is_empty() {
            line(String::new());
            line(format!("{title}:"));
            for (k, v) in rows {
                line(format!("  {}: {}", inert(k), inert(v)));
            }
        }
    };
    section("specs", &card.specs);
    section("statements", &card.statements);
    section("extra", &card.extra);
    if !card.sources.is_empty() {
        line(String::new());
        line("sources:".into());
        for src in &card.sources {
            let meta: Vec<String> =
                [&src.publisher, &src.date].into_iter().flatten().map(|x| inert(x).into_owned()).collect();
            let meta = if meta.is_empty() { String::new() } else { format!(" ({})", meta.join(", ")) };
            line(format!("  [{}] {}{meta}", inert(&src.id), inert(&src.title)));
            if let Some(url) = &src.url {
                line(format!("      {}", inert(url)));
            }
        }
    }
    for g in &card.links {
        line(String::new());
        line(format!("{} {}:", if g.incoming { "←" } else { "→" }, g.relation));
        for i in &g.items {
            let note = i.note.as_ref().map(|n| format!(" — {}", inert(n))).unwrap_or_default();
            line(format!("  {} [{}] {}{note}", i.kind.badge(), inert(&i.id), inert(&i.name)));
        }
    }
    s
}
