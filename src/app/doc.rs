//! The detail pane's content for one entity: its card laid out as lines of
//! toned pieces, wrapped to a width, with every followable link numbered.
//! Pure data; `ui::detail` gives the tones their styles.

use crate::app::theme::Glyphs;
use crate::data::card::{Card, DISPUTED, LinkGroup};
use crate::data::model::{Dataset, EntityId, Relation};
use crate::text::sanitize::{inert, inert_multiline};
use crate::text::{fit, width, wrap};
use crate::timeline::Timeline;

/// Relations out of an entity that are fields of it: shown with its fields.
const FIELD_RELATIONS: [Relation; 5] =
    [Relation::Designer, Relation::Foundry, Relation::Maker, Relation::Parent, Relation::Predecessor];

/// Dated items shown on a card.
const RECENT_ITEMS: usize = 5;

/// The role of a piece of text, mapped to a style by the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Body text.
    Text,
    /// Secondary text.
    Dim,
    /// The entity's name.
    Title,
    /// Section headings.
    Heading,
    /// Field labels.
    Label,
    /// A followable link.
    Link,
    /// A kind badge.
    Badge,
}

/// What a link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another entity.
    Entity(EntityId),
    /// Every entity with this tag.
    Tag(String),
}

/// A run of text with one tone, possibly a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Safe text (already made inert).
    pub text: String,
    /// How it looks.
    pub tone: Tone,
    /// Index into `Doc::targets` when it is a link.
    pub target: Option<usize>,
}

/// One screen line.
pub type DocLine = Vec<Piece>;

/// The laid-out content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// Lines, top to bottom.
    pub lines: Vec<DocLine>,
    /// Followable links, in reading order.
    pub targets: Vec<Target>,
    /// The line each target stands on.
    pub target_lines: Vec<usize>,
}

fn piece(text: impl Into<String>, tone: Tone) -> Piece {
    Piece { text: text.into(), tone, target: None }
}

struct Builder<'g> {
    doc: Doc,
    width: usize,
    g: &'g Glyphs,
}

impl Builder<'_> {
    fn line(&mut self, pieces: DocLine) {
        self.doc.lines.push(pieces);
    }

    fn blank(&mut self) {
        if self.doc.lines.last().is_some_and(|l| !l.is_empty()) {
            self.line(Vec::new());
        }
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        self.line(vec![piece(text, Tone::Heading)]);
    }

    fn target(&mut self, t: Target) -> usize {
        self.doc.targets.push(t);
        self.doc.target_lines.push(self.doc.lines.len());
        self.doc.targets.len() - 1
    }

    /// `label  value`, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str, label_w: usize) {
        let value = inert_multiline(value);
        let room = self.width.saturating_sub(label_w + 1).max(8);
        for (i, l) in wrap(&value, room).into_iter().enumerate() {
            let head = if i == 0 { format!("{:<label_w$} ", inert(label)) } else { " ".repeat(label_w + 1) };
            self.line(vec![piece(head, Tone::Label), piece(l, Tone::Text)]);
        }
    }

    fn paragraph(&mut self, text: &str, indent: usize, tone: Tone) {
        let text = inert_multiline(text);
        for l in wrap(&text, self.width.saturating_sub(indent).max(8)) {
            self.line(vec![piece(format!("{}{l}", " ".repeat(indent)), tone)]);
        }
    }

    /// Rows of `key  value`, keys aligned.
    fn table(&mut self, rows: &[(String, String)]) {
        let w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0).clamp(4, 16);
        for (k, v) in rows {
            let k = fit(k, w, self.g.ellipsis);
            self.field(&k, v, w);
        }
    }

    /// One link line: `  ▸ badge Name — note`, cut to the width.
    fn link(&mut self, t: Target, badge: &str, name: &str, note: Option<&str>) {
        self.link_at(2, t, badge, name, note);
    }

    /// A link line indented by `indent` columns.
    fn link_at(&mut self, indent: usize, t: Target, badge: &str, name: &str, note: Option<&str>) {
        let idx = self.target(t);
        let lead = format!("{}{} ", " ".repeat(indent), self.g.bullet);
        let badge = format!("{badge:<4} ");
        let room = self.width.saturating_sub(width(&lead) + width(&badge));
        // With a note, the name leaves it some room: the note says why the link is here.
        let name_room = match note {
            Some(n) if width(n) + 3 + width(name) > room => room.saturating_sub((width(n) + 3).min(room * 2 / 5)),
            _ => room,
        };
        let name = fit(&inert(name), name_room, self.g.ellipsis);
        let mut pieces = vec![piece(lead, Tone::Dim), piece(badge, Tone::Badge)];
        let left = room.saturating_sub(width(&name));
        pieces.push(Piece { text: name, tone: Tone::Link, target: Some(idx) });
        if let Some(n) = note.filter(|_| left > 4) {
            pieces.push(piece(fit(&format!(" — {}", inert(n)), left, self.g.ellipsis), Tone::Dim));
        }
        self.line(pieces);
    }
}

/// Lays out an entity's card for a pane `width` columns wide (of a dataset
/// seen as of a day, as of that day: see `data::lens`).
pub fn document(ds: &Dataset, tl: &Timeline, id: EntityId, cols: usize, glyphs: &Glyphs) -> Doc {
    let card = Card::of(ds, id);
    let mut b = Builder { doc: Doc::default(), width: cols.max(10), g: glyphs };
    b.line(vec![piece(fit(&inert(&card.name), b.width, glyphs.ellipsis), Tone::Title)]);
    let mut sub = format!("{} · {}", card.kind.noun(), inert(&card.id));
    if !card.aliases.is_empty() {
        sub.push_str(&format!(" · {}", inert(&card.aliases.join(", "))));
    }
    b.paragraph(&sub, 0, Tone::Dim);
    if let Some(note) = card.confidential_note() {
        b.paragraph(&note, 0, Tone::Label);
    }
    if let Some(note) = &card.lens_note {
        b.paragraph(note, 0, Tone::Label);
    }
    b.line(vec![piece(glyphs.rule.repeat(b.width.min(60)), Tone::Dim)]);

    // Links that are fields of the entity (a chip's designer and foundry, a
    // product's maker, a firm's parent) sit with its fields, as links.
    let (field_links, groups): (Vec<&LinkGroup>, Vec<&LinkGroup>) =
        card.links.iter().partition(|g| !g.incoming && FIELD_RELATIONS.iter().any(|r| r.outward() == g.relation));
    let rows = card.field_rows(|l| field_links.iter().any(|g| g.relation == l));
    let labels = rows.iter().map(|(k, _)| width(k)).chain(field_links.iter().map(|g| width(&g.relation)));
    let label_w = labels.max().unwrap_or(0).clamp(6, 12);
    for (k, v) in rows {
        b.field(&k, &v, label_w);
    }
    for g in field_links {
        // A disputed one says so beside the link, as a field does beside its value.
        let mark = if card.is_disputed(&g.relation) { format!(" {DISPUTED}") } else { String::new() };
        for (i, item) in g.items.iter().enumerate() {
            let head = if i == 0 { format!("{:<label_w$} ", inert(&g.relation)) } else { " ".repeat(label_w + 1) };
            let idx = b.target(Target::Entity(item.target));
            let room = b.width.saturating_sub(label_w + 1 + width(&mark));
            let name = fit(&inert(&item.name), room, glyphs.ellipsis);
            let mut line = vec![piece(head, Tone::Label), Piece { text: name, tone: Tone::Link, target: Some(idx) }];
            if !mark.is_empty() {
                line.push(piece(mark.clone(), Tone::Dim));
            }
            b.line(line);
        }
    }
    if !card.tags.is_empty() {
        // Tags are links: each opens the list of everything with that tag.
        let mut line = vec![piece(format!("{:<label_w$} ", "tags"), Tone::Label)];
        let mut used = label_w + 1;
        for t in &card.tags {
            let text = format!("#{}", inert(t));
            let w = width(&text) + 1;
            if used + w > b.width && line.len() > 1 {
                b.line(std::mem::take(&mut line));
                line.push(piece(" ".repeat(label_w + 1), Tone::Label));
                used = label_w + 1;
            }
            let idx = b.target(Target::Tag(t.clone()));
            line.push(Piece { text, tone: Tone::Link, target: Some(idx) });
            line.push(piece(" ", Tone::Text));
            used += w;
        }
        b.line(line);
    }
    if let Some(s) = &card.summary {
        b.blank();
        b.paragraph(s, 0, Tone::Text);
    }
    if !card.disputed.is_empty() {
        // Sides the sources take, each with its sources; the field is marked above.
        b.heading("Disputed (sources disagree)");
        for d in &card.disputed {
            b.line(vec![piece(format!("{}:", inert(&d.field)), Tone::Label)]);
            if let Some(note) = &d.note {
                b.paragraph(note, 2, Tone::Text);
            }
            for c in &d.claims {
                // `  • claim`, wrapped under itself.
                let value = inert_multiline(&c.value);
                for (i, l) in wrap(&value, b.width.saturating_sub(4).max(8)).into_iter().enumerate() {
                    let lead = if i == 0 { format!("  {} ", glyphs.bullet) } else { "    ".to_string() };
                    b.line(vec![piece(lead, Tone::Dim), piece(l, Tone::Text)]);
                }
                for s in &c.sources {
                    b.link_at(4, Target::Entity(s.target), "src", &s.title, s.publisher.as_deref());
                }
            }
        }
    }
    if let Some((day, people)) = &card.in_office {
        b.heading(&format!("In office at the parties on {day}"));
        for i in people {
            b.link(Target::Entity(i.target), i.kind.badge(), &i.name, i.note.as_deref());
        }
    }
    if !card.specs.is_empty() {
        b.heading("Specs");
        b.table(&card.specs);
    }
    let recent = tl.latest_for(ds, id, RECENT_ITEMS);
    if !recent.is_empty() {
        b.heading("Timeline (latest; t shows it all)");
        for item in recent {
            let date = format!("  {:<10} ", item.date_text());
            let badge = format!("{:<8} ", item.kind.badge());
            let room = b.width.saturating_sub(width(&date) + width(&badge));
            let title = fit(&inert(&item.title), room, glyphs.ellipsis);
            let mut line = vec![piece(date, Tone::Dim), piece(badge, Tone::Badge)];
            if item.subject == id {
                line.push(piece(title, Tone::Text));
            } else {
                let idx = b.target(Target::Entity(item.subject));
                line.push(Piece { text: title, tone: Tone::Link, target: Some(idx) });
            }
            b.line(line);
        }
    }
    if !card.statements.is_empty() {
        b.heading("Statements");
        for s in &card.statements {
            b.line(vec![piece(format!("{}:", inert(&s.label)), Tone::Label)]);
            b.paragraph(&s.text, 2, Tone::Text);
        }
    }
    for g in groups {
        let arrow = if g.incoming { glyphs.inward } else { glyphs.out };
        b.heading(&format!("{arrow} {} ({})", g.relation, g.items.len()));
        for i in &g.items {
            b.link(Target::Entity(i.target), i.kind.badge(), &i.name, i.note.as_deref());
        }
    }
    if !card.extra.is_empty() {
        b.heading("Extra");
        b.table(&card.extra);
    }
    if !card.sources.is_empty() {
        b.heading("Sources");
        for s in &card.sources {
            let meta: Vec<&str> = [s.publisher.as_deref(), s.date.as_deref()].into_iter().flatten().collect();
            let note = (!meta.is_empty()).then(|| meta.join(", "));
            b.link(Target::Entity(s.target), "src", &s.title, note.as_deref());
            if let Some(url) = &s.url {
                let line = fit(&inert(url), b.width.saturating_sub(7), glyphs.ellipsis);
                b.line(vec![piece(format!("       {line}"), Tone::Dim)]);
            }
        }
    }
    b.doc
}
