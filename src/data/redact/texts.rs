//! Every text an entry, a tour or the dataset's header shows, each named
//! by where it stands: the field as `confidential:` lists it, and its path in
//! the entry as the data writes it. Redaction reads and masks texts through
//! these; `check` locates what it finds in them by their paths.

use std::borrow::Cow;

use crate::data::load::issue::Seg;
use crate::data::model::{Confidential, Entity, EntityData};
use crate::data::tour::Tour;

/// One text of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextAt {
    /// Its id.
    Id,
    /// Its name (title for agreements, events and sources).
    Name,
    /// An alias.
    Alias(u32),
    /// A tag.
    Tag(u32),
    /// Its summary.
    Summary,
    /// The value of an `extra` key (by position).
    Extra(u32),
    /// The note of a dispute.
    DisputeNote(u32),
    /// What one side of a dispute claims: dispute, claim.
    Claim(u32, u32),
    /// A firm's legal name.
    LegalName,
    /// A firm's country.
    Country,
    /// A firm's headquarters.
    Hq,
    /// The title of a person's role.
    RoleTitle(u32),
    /// A chipset's process.
    Process,
    /// The value of a chipset's `specs` key (by position).
    Spec(u32),
    /// A product's category.
    Category,
    /// An agreement's or event's kind.
    Kind,
    /// An agreement's value.
    Value,
    /// An item of an agreement's scope.
    Scope(u32),
    /// A party's role in an agreement.
    PartyRole(u32),
    /// The text of a statement.
    Statement(u32),
    /// A source's author.
    Author,
    /// A source's publisher.
    Publisher,
    /// A source's address.
    Url,
}

impl TextAt {
    /// Every text `e` has, in a fixed order, its id first.
    pub fn all(e: &Entity) -> Vec<TextAt> {
        let n = |len: usize| 0..len as u32;
        let mut all = vec![TextAt::Id, TextAt::Name];
        all.extend(n(e.aliases.len()).map(TextAt::Alias));
        all.extend(n(e.tags.len()).map(TextAt::Tag));
        all.extend(e.summary.as_ref().map(|_| TextAt::Summary));
        all.extend(n(e.extra.len()).map(TextAt::Extra));
        for (i, d) in e.disputed.iter().enumerate() {
            all.extend(d.note.as_ref().map(|_| TextAt::DisputeNote(i as u32)));
            all.extend(n(d.claims.len()).map(|j| TextAt::Claim(i as u32, j)));
        }
        let mut some = |at: TextAt, v: &Option<String>| all.extend(v.as_ref().map(|_| at));
        match &e.data {
            EntityData::Firm(f) => {
                some(TextAt::LegalName, &f.legal_name);
                some(TextAt::Country, &f.country);
                some(TextAt::Hq, &f.hq);
            }
            EntityData::Person(p) => {
                for (i, r) in p.roles.iter().enumerate() {
                    some(TextAt::RoleTitle(i as u32), &r.title);
                }
            }
            EntityData::Chipset(c) => {
                some(TextAt::Process, &c.process);
                all.extend(n(c.specs.len()).map(TextAt::Spec));
            }
            EntityData::Product(p) => some(TextAt::Category, &p.category),
            EntityData::Agreement(a) => {
                some(TextAt::Kind, &a.kind);
                some(TextAt::Value, &a.value);
                all.extend(n(a.scope.len()).map(TextAt::Scope));
                for (i, p) in a.parties.iter().enumerate() {
                    all.extend(p.role.as_ref().map(|_| TextAt::PartyRole(i as u32)));
                }
                all.extend(n(a.statements.len()).map(TextAt::Statement));
            }
            EntityData::Event(ev) => some(TextAt::Kind, &ev.kind),
            EntityData::Source(s) => {
                some(TextAt::Author, &s.author);
                some(TextAt::Publisher, &s.publisher);
                some(TextAt::Url, &s.url);
            }
        }
        all
    }

    /// One of a whole confidential entry's names: what says who it is.
    pub fn is_name(self) -> bool {
        matches!(self, TextAt::Id | TextAt::Name | TextAt::Alias(_) | TextAt::LegalName)
    }

    /// The text in `e`, if it has it.
    pub fn get(self, e: &Entity) -> Option<&str> {
        let i = |n: u32| n as usize;
        let text = match (self, &e.data) {
            (TextAt::Id, _) => &e.id,
            (TextAt::Name, _) => &e.name,
            (TextAt::Alias(n), _) => e.aliases.get(i(n))?,
            (TextAt::Tag(n), _) => e.tags.get(i(n))?,
            (TextAt::Summary, _) => e.summary.as_ref()?,
            (TextAt::Extra(n), _) => &e.extra.get(i(n))?.1,
            (TextAt::DisputeNote(n), _) => e.disputed.get(i(n))?.note.as_ref()?,
            (TextAt::Claim(n, m), _) => &e.disputed.get(i(n))?.claims.get(i(m))?.value,
            (TextAt::LegalName, EntityData::Firm(f)) => f.legal_name.as_ref()?,
            (TextAt::Country, EntityData::Firm(f)) => f.country.as_ref()?,
            (TextAt::Hq, EntityData::Firm(f)) => f.hq.as_ref()?,
            (TextAt::RoleTitle(n), EntityData::Person(p)) => p.roles.get(i(n))?.title.as_ref()?,
            (TextAt::Process, EntityData::Chipset(c)) => c.process.as_ref()?,
            (TextAt::Spec(n), EntityData::Chipset(c)) => &c.specs.get(i(n))?.1,
            (TextAt::Category, EntityData::Product(p)) => p.category.as_ref()?,
            (TextAt::Kind, EntityData::Agreement(a)) => a.kind.as_ref()?,
            (TextAt::Kind, EntityData::Event(ev)) => ev.kind.as_ref()?,
            (TextAt::Value, EntityData::Agreement(a)) => a.value.as_ref()?,
            (TextAt::Scope(n), EntityData::Agreement(a)) => a.scope.get(i(n))?,
            (TextAt::PartyRole(n), EntityData::Agreement(a)) => a.parties.get(i(n))?.role.as_ref()?,
            (TextAt::Statement(n), EntityData::Agreement(a)) => &a.statements.get(i(n))?.text,
            (TextAt::Author, EntityData::Source(s)) => s.author.as_ref()?,
            (TextAt::Publisher, EntityData::Source(s)) => s.publisher.as_ref()?,
            (TextAt::Url, EntityData::Source(s)) => s.url.as_ref()?,
            _ => return None,
        };
        Some(text)
    }

    /// The text in `e`, to change, if it has it.
    pub fn get_mut(self, e: &mut Entity) -> Option<&mut String> {
        let i = |n: u32| n as usize;
        let text = match (self, &mut e.data) {
            (TextAt::Id, _) => &mut e.id,
            (TextAt::Name, _) => &mut e.name,
            (TextAt::Alias(n), _) => e.aliases.get_mut(i(n))?,
            (TextAt::Tag(n), _) => e.tags.get_mut(i(n))?,
            (TextAt::Summary, _) => e.summary.as_mut()?,
            (TextAt::Extra(n), _) => &mut e.extra.get_mut(i(n))?.1,
            (TextAt::DisputeNote(n), _) => e.disputed.get_mut(i(n))?.note.as_mut()?,
            (TextAt::Claim(n, m), _) => &mut e.disputed.get_mut(i(n))?.claims.get_mut(i(m))?.value,
            (TextAt::LegalName, EntityData::Firm(f)) => f.legal_name.as_mut()?,
            (TextAt::Country, EntityData::Firm(f)) => f.country.as_mut()?,
            (TextAt::Hq, EntityData::Firm(f)) => f.hq.as_mut()?,
            (TextAt::RoleTitle(n), EntityData::Person(p)) => p.roles.get_mut(i(n))?.title.as_mut()?,
            (TextAt::Process, EntityData::Chipset(c)) => c.process.as_mut()?,
            (TextAt::Spec(n), EntityData::Chipset(c)) => &mut c.specs.get_mut(i(n))?.1,
            (TextAt::Category, EntityData::Product(p)) => p.category.as_mut()?,
            (TextAt::Kind, EntityData::Agreement(a)) => a.kind.as_mut()?,
            (TextAt::Kind, EntityData::Event(ev)) => ev.kind.as_mut()?,
            (TextAt::Value, EntityData::Agreement(a)) => a.value.as_mut()?,
            (TextAt::Scope(n), EntityData::Agreement(a)) => a.scope.get_mut(i(n))?,
            (TextAt::PartyRole(n), EntityData::Agreement(a)) => a.parties.get_mut(i(n))?.role.as_mut()?,
            (TextAt::Statement(n), EntityData::Agreement(a)) => &mut a.statements.get_mut(i(n))?.text,
            (TextAt::Author, EntityData::Source(s)) => s.author.as_mut()?,
            (TextAt::Publisher, EntityData::Source(s)) => s.publisher.as_mut()?,
            (TextAt::Url, EntityData::Source(s)) => s.url.as_mut()?,
            _ => return None,
        };
        Some(text)
    }

    /// The field as `confidential:` names it: `aliases`, `extra.price`,
    /// `statements`; a dispute's texts are `disputed`.
    pub fn field(self, e: &Entity) -> Cow<'static, str> {
        let key = |pairs: &[(String, String)], n: u32, map: &str| {
            pairs.get(n as usize).map_or(Cow::Borrowed("extra"), |(k, _)| Cow::Owned(format!("{map}.{k}")))
        };
        Cow::Borrowed(match self {
            TextAt::Id => "id",
            TextAt::Name => name_key(e),
            TextAt::Alias(_) => "aliases",
            TextAt::Tag(_) => "tags",
            TextAt::Summary => "summary",
            TextAt::Extra(n) => return key(&e.extra, n, "extra"),
            TextAt::DisputeNote(_) | TextAt::Claim(..) => "disputed",
            TextAt::LegalName => "legal_name",
            TextAt::Country => "country",
            TextAt::Hq => "hq",
            TextAt::RoleTitle(_) => "roles",
            TextAt::Process => "process",
            TextAt::Spec(n) => {
                return match &e.data {
                    EntityData::Chipset(c) => key(&c.specs, n, "specs"),
                    _ => Cow::Borrowed("specs"),
                };
            }
            TextAt::Category => "category",
            TextAt::Kind => "kind",
            TextAt::Value => "value",
            TextAt::Scope(_) => "scope",
            TextAt::PartyRole(_) => "parties",
            TextAt::Statement(_) => "statements",
            TextAt::Author => "author",
            TextAt::Publisher => "publisher",
            TextAt::Url => "url",
        })
    }

    /// Whether redaction masks this text of `e` already: it is in a
    /// confidential field, or in a dispute over one (which redaction drops).
    pub fn hidden(self, e: &Entity) -> bool {
        match &e.confidential {
            Confidential::Nothing => false,
            Confidential::Whole => true,
            c => {
                c.covers(&self.field(e))
                    || match self {
                        TextAt::DisputeNote(n) | TextAt::Claim(n, _) => {
                            e.disputed.get(n as usize).is_some_and(|d| c.covers(&d.field))
                        }
                        _ => false,
                    }
            }
        }
    }

    /// Where it is written inside its entry: `[summary]`, `[roles, 0, title]`.
    pub fn path(self, e: &Entity) -> Vec<Seg> {
        let key = |k: &str| Seg::Key(k.to_string());
        let ix = |n: u32| Seg::Index(n as usize);
        match self {
            TextAt::Alias(n) | TextAt::Tag(n) | TextAt::Scope(n) => vec![key(&self.field(e)), ix(n)],
            TextAt::Extra(_) | TextAt::Spec(_) => {
                let field = self.field(e);
                let (map, k) = field.split_once('.').unwrap_or((&field, ""));
                vec![key(map), key(k)]
            }
            TextAt::DisputeNote(n) => vec![key("disputed"), ix(n), key("note")],
            TextAt::Claim(n, m) => vec![key("disputed"), ix(n), key("claims"), ix(m), key("value")],
            TextAt::RoleTitle(n) => vec![key("roles"), ix(n), key("title")],
            TextAt::PartyRole(n) => vec![key("parties"), ix(n), key("role")],
            TextAt::Statement(n) => vec![key("statements"), ix(n), key("text")],
            _ => vec![key(&self.field(e))],
        }
    }

    /// What to call it in a sentence: `summary`, `alias`, `statement`.
    pub fn noun(self, e: &Entity) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            TextAt::Alias(_) => "alias",
            TextAt::Tag(_) => "tag",
            TextAt::Extra(_) | TextAt::Spec(_) => return self.field(e),
            TextAt::DisputeNote(_) => "dispute's note",
            TextAt::Claim(..) => "dispute's claim",
            TextAt::LegalName => "legal name",
            TextAt::RoleTitle(_) => "role's title",
            TextAt::Scope(_) => "scope",
            TextAt::PartyRole(_) => "party's role",
            TextAt::Url => "URL",
            TextAt::Statement(_) => "statement",
            _ => return self.field(e),
        })
    }
}

/// The key an entry's name is written under: `name`, or `title` for the
/// kinds that have titles.
fn name_key(e: &Entity) -> &'static str {
    match e.data {
        EntityData::Agreement(_) | EntityData::Event(_) | EntityData::Source(_) => "title",
        _ => "name",
    }
}

/// Every date of `e` that says something of its own, as written (ISO).
pub fn dates(e: &Entity) -> Vec<String> {
    let mut out = Vec::new();
    let mut some = |d: &Option<crate::data::date::PartialDate>| out.extend(d.map(|d| d.iso()));
    match &e.data {
        EntityData::Firm(f) => {
            some(&f.founded);
            some(&f.dissolved);
        }
        EntityData::Person(p) => {
            for r in &p.roles {
                some(&r.from);
                some(&r.to);
            }
        }
        EntityData::Chipset(c) => some(&c.announced),
        EntityData::Product(p) => some(&p.launched),
        EntityData::Agreement(a) => {
            some(&a.signed);
            some(&a.effective);
            some(&a.expires);
        }
        EntityData::Event(ev) => some(&ev.date),
        EntityData::Source(s) => some(&s.date),
    }
    out
}

/// The dates of the fields `c` lists, as written (ISO).
pub fn listed_dates(e: &Entity, c: &Confidential) -> Vec<String> {
    let d = |name: &str, v: &Option<crate::data::date::PartialDate>| c.covers(name).then_some(*v).flatten();
    let found = match &e.data {
        EntityData::Firm(f) => vec![d("founded", &f.founded)],
        EntityData::Person(p) if c.covers("roles") => p.roles.iter().flat_map(|r| [r.from, r.to]).collect(),
        EntityData::Chipset(ch) => vec![d("announced", &ch.announced)],
        EntityData::Product(p) => vec![d("launched", &p.launched)],
        EntityData::Agreement(a) => {
            vec![d("signed", &a.signed), d("effective", &a.effective), d("expires", &a.expires)]
        }
        EntityData::Event(ev) => vec![d("date", &ev.date)],
        EntityData::Source(s) => vec![d("date", &s.date)],
        _ => Vec::new(),
    };
    found.into_iter().flatten().map(|d| d.iso()).collect()
}

/// One text of a tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TourText {
    /// Its id (never masked: it is what a presenter types).
    Id,
    /// Its title.
    Title,
    /// A step's title.
    StepTitle(u32),
    /// A step's caption.
    Caption(u32),
    /// A step's speaker note.
    Note(u32),
    /// A step's filter.
    Filter(u32),
}

impl TourText {
    /// Every text `t` has, its id first.
    pub fn all(t: &Tour) -> Vec<TourText> {
        let mut all = vec![TourText::Id, TourText::Title];
        for (i, s) in t.steps.iter().enumerate() {
            let i = i as u32;
            all.push(TourText::StepTitle(i));
            all.extend(s.caption.as_ref().map(|_| TourText::Caption(i)));
            all.extend(s.note.as_ref().map(|_| TourText::Note(i)));
            all.extend(s.filter.as_ref().map(|_| TourText::Filter(i)));
        }
        all
    }

    /// The text in `t`.
    pub fn get(self, t: &Tour) -> Option<&str> {
        let step = |n: u32| t.steps.get(n as usize);
        match self {
            TourText::Id => Some(&t.id),
            TourText::Title => Some(&t.title),
            TourText::StepTitle(n) => Some(&step(n)?.title),
            TourText::Caption(n) => step(n)?.caption.as_deref(),
            TourText::Note(n) => step(n)?.note.as_deref(),
            TourText::Filter(n) => step(n)?.filter.as_deref(),
        }
    }

    /// The text in `t`, to change.
    pub fn get_mut(self, t: &mut Tour) -> Option<&mut String> {
        match self {
            TourText::Id => Some(&mut t.id),
            TourText::Title => Some(&mut t.title),
            TourText::StepTitle(n) => Some(&mut t.steps.get_mut(n as usize)?.title),
            TourText::Caption(n) => t.steps.get_mut(n as usize)?.caption.as_mut(),
            TourText::Note(n) => t.steps.get_mut(n as usize)?.note.as_mut(),
            TourText::Filter(n) => t.steps.get_mut(n as usize)?.filter.as_mut(),
        }
    }

    /// Where it is written inside its tour: `[steps, 2, caption]`.
    pub fn path(self) -> Vec<Seg> {
        let step = |n: u32, k: &str| vec![Seg::Key("steps".into()), Seg::Index(n as usize), Seg::Key(k.into())];
        match self {
            TourText::Id => vec![Seg::Key("id".into())],
            TourText::Title => vec![Seg::Key("title".into())],
            TourText::StepTitle(n) => step(n, "title"),
            TourText::Caption(n) => step(n, "caption"),
            TourText::Note(n) => step(n, "note"),
            TourText::Filter(n) => step(n, "filter"),
        }
    }

    /// What to call it in a sentence.
    pub fn noun(self) -> &'static str {
        match self {
            TourText::Id => "tour id",
            TourText::Title => "tour's title",
            TourText::StepTitle(_) => "step's title",
            TourText::Caption(_) => "step's caption",
            TourText::Note(_) => "step's note",
            TourText::Filter(_) => "step's filter",
        }
    }
}
