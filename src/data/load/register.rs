//! Registering each entry's id as an entity's, or saying why it cannot
//! be: missing (with an id made from its name), malformed (naming the
//! character), or taken (both places reported, neither given the id).

use std::collections::HashSet;

use super::idmap::IdMap;
use super::ids::{is_valid_id, slug};
use super::issue::{Anchor, Issue, Related};
use super::validate::{Pending, Place, RawRef};
use crate::data::model::{EntityId, Kind};

/// What became of an entry when ids were registered.
pub(super) enum Entry {
    /// Its id is this entity's.
    Accepted(EntityId),
    /// Its id was refused (and said so): its other fields are still checked.
    Rejected,
    /// The diagnosis pass already reported its missing id: nothing more.
    Skipped,
}

/// Registers an entry's id as the next entity's, with where it is written,
/// or reports why it cannot be: missing, malformed, or taken.
pub(super) fn register(
    issues: &mut Vec<Issue>,
    ids: &mut IdMap,
    places: &mut Vec<Place>,
    p: &Pending,
    taken_twice: &mut HashSet<String>,
) -> Entry {
    let kind = p.raw.kind();
    let Some(id) = p.raw.id() else {
        if p.reported.iter().any(|f| f == "id") {
            return Entry::Skipped;
        }
        let msg = format!("this {} has no `id`: every entity needs one", kind.noun());
        let help = label(&p.raw).map(|l| slug(&l.0)).filter(|s| !s.is_empty() && !ids.contains_key(s));
        let help = help.map(|s| format!("give it an id, such as `id: {s}`"));
        issues.push(Issue::error(p.file, Anchor::Value(p.whole()), msg).with_help(help));
        return Entry::Rejected;
    };
    let id = id.0.as_str();
    if !is_valid_id(id) {
        let s = slug(id);
        let help = (!s.is_empty()).then(|| format!("ids use lowercase letters, digits and hyphens, such as `{s}`"));
        // Name the character: a lookalike (Cyrillic а for a) is invisible in the id itself.
        let odd = id
            .chars()
            .enumerate()
            .find(|&(i, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || (i > 0 && c == '-')));
        let why = match odd {
            Some((_, c)) if !c.is_ascii() => format!("it holds `{c}` (U+{:04X}), which is not ASCII", c as u32),
            Some((_, c)) if c.is_ascii_uppercase() => format!("it holds the capital `{c}`"),
            Some((_, c)) => format!("it holds `{}`", c.escape_default()),
            None => "it is empty".to_string(),
        };
        let msg = format!("malformed id `{id}`: {why}; ids must match [a-z0-9][a-z0-9-]*");
        issues.push(Issue::error(p.file, Anchor::Value(p.path("id")), msg).with_help(help));
        return Entry::Rejected;
    }
    if let Some(first) = ids.get(id).map(|first| &places[first.index()]) {
        // Both places are reported, and neither entity gets the id
        // (`untake`), so nothing is blamed on the one written first.
        let (here, there) =
            ((p.file, Anchor::Value(p.path("id"))), (first.file as usize, Anchor::Value(first.path("id"))));
        if taken_twice.insert(id.to_string()) {
            issues.push(duplicate(id, there.clone(), here.clone(), format!("also used here, by {}", a_noun(kind))));
        }
        issues.push(duplicate(id, here, there, format!("first used here, by {}", a_noun(first.kind))));
        return Entry::Rejected;
    }
    let next = EntityId(places.len() as u32);
    ids.insert_new(id, next);
    places.push(Place { file: p.file as u32, kind, index: p.index as u32 });
    Entry::Accepted(next)
}

/// The kind's noun after "a" or "an": `an event`.
pub(super) fn a_noun(k: Kind) -> String {
    format!("{} {}", if k.noun().starts_with(['a', 'e']) { "an" } else { "a" }, k.noun())
}

/// The error at one place (file, anchor) that writes `id`, with a note at
/// the other place that does, saying `what` is there; and the help, which
/// says what to do and why nothing refers to the id meanwhile.
pub(super) fn duplicate(id: &str, at: (usize, Anchor), other: (usize, Anchor), what: String) -> Issue {
    let msg = format!("duplicate id `{id}`: ids must be unique across all kinds and files");
    let help = format!("give one of them another id; references to `{id}` are not checked while two entries claim it");
    let related = Related { file: other.0, anchor: other.1, message: what };
    Issue::error(at.0, at.1, msg).with_related(related).with_help(Some(help))
}

/// The name or title an entry is known by, as written.
fn label<'a>(raw: &RawRef<'a>) -> Option<&'a super::raw::Text> {
    match raw {
        RawRef::Firm(r) => r.name.as_ref(),
        RawRef::Person(r) => r.name.as_ref(),
        RawRef::Chipset(r) => r.name.as_ref(),
        RawRef::Product(r) => r.name.as_ref(),
        RawRef::Agreement(r) => r.title.as_ref(),
        RawRef::Event(r) => r.title.as_ref(),
        RawRef::Source(r) => r.title.as_ref(),
    }
}

#[cfg(test)]
mod tests {
    use crate::data::load::load_texts;

    /// The help given with each error whose message starts so.
    fn helps(yaml: &str, message: &str) -> Vec<Option<String>> {
        let loaded = load_texts(vec![("d.yaml".into(), yaml.into())]);
        loaded.report.issues.iter().filter(|i| i.message.starts_with(message)).map(|i| i.help.clone()).collect()
    }

    #[test]
    fn a_missing_id_is_offered_one_made_from_the_name_when_free() {
        let yaml = "firms:\n  - {name: Acme Corp}\n  - {id: bolt, name: B}\n  - {name: Bolt}\n  - {name: 华为}\n";
        assert_eq!(
            helps(yaml, "this firm has no `id`"),
            [Some("give it an id, such as `id: acme-corp`".to_string()), None, None],
            "none for a name whose id is taken, or that gives no id"
        );
    }
}
