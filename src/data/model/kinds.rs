//! The fields of each kind of entity, as validated: what a firm, person,
//! chipset, product, agreement, event or source holds beyond the fields all
//! entities share.

use super::EntityId;
use crate::data::date::PartialDate;

/// A firm or other organisation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Firm {
    /// Registered name.
    pub legal_name: Option<String>,
    /// Country code or name.
    pub country: Option<String>,
    /// Headquarters.
    pub hq: Option<String>,
    /// Founding date.
    pub founded: Option<PartialDate>,
    /// When it ceased to exist (dissolved, merged away, closed).
    pub dissolved: Option<PartialDate>,
    /// Parent firm.
    pub parent: Option<EntityId>,
}

/// A person's position at a firm over a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The firm.
    pub firm: EntityId,
    /// Job title.
    pub title: Option<String>,
    /// Start.
    pub from: Option<PartialDate>,
    /// End (none: still holds it, or unknown).
    pub to: Option<PartialDate>,
    /// Which of its fields no source gives: the data's own reading.
    pub unsourced: RoleUnsourced,
}

/// Which of a role's fields (`title`, `from`, `to`) the data gives with no
/// source saying so, such as an end year read from a later launch: shown as
/// unsourced wherever the role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoleUnsourced {
    /// The title.
    pub title: bool,
    /// The start.
    pub from: bool,
    /// The end.
    pub to: bool,
}

impl RoleUnsourced {
    /// The role fields that can be marked, in the order written.
    pub const FIELDS: [&'static str; 3] = ["title", "from", "to"];

    /// Marks one field by name; false for a name that is not a role's field.
    pub fn mark(&mut self, field: &str) -> bool {
        match field {
            "title" => self.title = true,
            "from" => self.from = true,
            "to" => self.to = true,
            _ => return false,
        }
        true
    }

    /// The fields marked, by name.
    pub fn names(&self) -> Vec<&'static str> {
        let marked = [self.title, self.from, self.to];
        Self::FIELDS.iter().zip(marked).filter_map(|(n, m)| m.then_some(*n)).collect()
    }

    /// Whether any field is marked.
    pub fn any(&self) -> bool {
        self.title || self.from || self.to
    }

    /// The marks in words, for a role's note: `end unsourced`, `start and
    /// end unsourced`; `None` when nothing is marked.
    pub fn words(&self) -> Option<String> {
        let marked: Vec<&str> = [(self.from, "start"), (self.to, "end"), (self.title, "title")]
            .into_iter()
            .filter_map(|(m, word)| m.then_some(word))
            .collect();
        (!marked.is_empty()).then(|| format!("{} unsourced", marked.join(" and ")))
    }
}

/// A person.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Person {
    /// Dated roles at firms.
    pub roles: Vec<Role>,
}

/// A chip.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chipset {
    /// Firm that designed it.
    pub designer: Option<EntityId>,
    /// Firm that makes it.
    pub foundry: Option<EntityId>,
    /// Process node as written.
    pub process: Option<String>,
    /// Announcement date.
    pub announced: Option<PartialDate>,
    /// The chip it follows.
    pub predecessor: Option<EntityId>,
    /// Free specs, in file order.
    pub specs: Vec<(String, String)>,
}

/// A product.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Product {
    /// The firm that makes it.
    pub maker: Option<EntityId>,
    /// Chips inside it.
    pub chipsets: Vec<EntityId>,
    /// Free category text.
    pub category: Option<String>,
    /// Launch date.
    pub launched: Option<PartialDate>,
}

/// A party to an agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// The firm.
    pub firm: EntityId,
    /// Its role in the deal, if given.
    pub role: Option<String>,
}

/// What a person said about an agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Who said it.
    pub person: EntityId,
    /// Quote or paraphrase.
    pub text: String,
}

/// A deal between firms.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agreement {
    /// Free kind text (see the data format's known kinds).
    pub kind: Option<String>,
    /// Two or more distinct firms.
    pub parties: Vec<Party>,
    /// Signing date.
    pub signed: Option<PartialDate>,
    /// Start of effect.
    pub effective: Option<PartialDate>,
    /// End of effect.
    pub expires: Option<PartialDate>,
    /// Technologies and fields covered.
    pub scope: Vec<String>,
    /// Free value text.
    pub value: Option<String>,
    /// Signatories and spokespeople.
    pub people: Vec<EntityId>,
    /// What people said.
    pub statements: Vec<Statement>,
}

/// A dated happening.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When: always given in the data (`check` requires it); only a
    /// redacted view has none.
    pub date: Option<PartialDate>,
    /// Free kind text.
    pub kind: Option<String>,
    /// Entities of any kind it involves.
    pub involves: Vec<EntityId>,
}

/// A cited document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Source {
    /// Author.
    pub author: Option<String>,
    /// Publisher or site.
    pub publisher: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date.
    pub date: Option<PartialDate>,
}

#[cfg(test)]
mod tests {
    use crate::data::model::Entity;

    /// An entity lives in an `Arc` (two counters before it). mimalloc gives
    /// each allocation the next of its size classes (…, 256, 320, 384, …
    /// bytes): at 328 bytes an entity took 384. Boxing the firm's fields, as
    /// the agreement's are (the two biggest kinds), brings it into 320: 64
    /// bytes less for each entity (61 MB at 1M) for one 96-byte box per firm.
    #[test]
    fn an_entity_in_its_arc_fits_the_320_byte_size_class() {
        let in_arc = std::mem::size_of::<Entity>() + 2 * std::mem::size_of::<usize>();
        assert!(in_arc <= 320, "{in_arc} bytes: the next size class is 384");
    }
}
