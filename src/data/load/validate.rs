//! The validation pass: raw structs → typed `Dataset`, collecting every problem
//! with the path where it stands. Positions are filled in later by `locate`.

use std::collections::HashMap;

use super::issue::{Anchor, Issue, Related, Seg, YamlPath};
use super::raw::{
    RawAgreement, RawChipset, RawEvent, RawFile, RawFirm, RawPerson, RawProduct, RawSource, Text, TextList, TextMap,
};
use crate::data::date::PartialDate;
use crate::data::model::{
    Agreement, Chipset, Dataset, DatasetInfo, Entity, EntityData, EntityId, Event, Firm, Kind, Link, Party, Person,
    Product, Relation, Role, Source, Statement,
};
use crate::data::suggest;

/// A raw entity of any kind, borrowed from its file.
enum RawRef<'a> {
    Firm(&'a RawFirm),
    Person(&'a RawPerson),
    Chipset(&'a RawChipset),
    Product(&'a RawProduct),
    Agreement(&'a RawAgreement),
    Event(&'a RawEvent),
    Source(&'a RawSource),
}

impl RawRef<'_> {
    fn kind(&self) -> Kind {
        match self {
            RawRef::Firm(_) => Kind::Firm,
            RawRef::Person(_) => Kind::Person,
            RawRef::Chipset(_) => Kind::Chipset,
            RawRef::Product(_) => Kind::Product,
            RawRef::Agreement(_) => Kind::Agreement,
            RawRef::Event(_) => Kind::Event,
            RawRef::Source(_) => Kind::Source,
        }
    }

    fn sources(&self) -> Option<&TextList> {
        match self {
            RawRef::Firm(r) => Some(&r.sources),
            RawRef::Person(r) => Some(&r.sources),
            RawRef::Chipset(r) => Some(&r.sources),
            RawRef::Product(r) => Some(&r.sources),
            RawRef::Agreement(r) => Some(&r.sources),
            RawRef::Event(r) => Some(&r.sources),
            RawRef::Source(_) => None,
        }
    }

    fn id(&self) -> Option<&Text> {
        match self {
            RawRef::Firm(r) => r.id.as_ref(),
            RawRef::Person(r) => r.id.as_ref(),
            RawRef::Chipset(r) => r.id.as_ref(),
            RawRef::Product(r) => r.id.as_ref(),
            RawRef::Agreement(r) => r.id.as_ref(),
            RawRef::Event(r) => r.id.as_ref(),
            RawRef::Source(r) => r.id.as_ref(),
        }
    }
}

/// One raw entity and where it stands.
struct Pending<'a> {
    file: usize,
    index: usize,
    raw: RawRef<'a>,
    /// Fields already reported by the diagnosis pass.
    reported: &'a [String],
}

impl Pending<'_> {
    fn path(&self, field: &str) -> YamlPath {
        vec![Seg::Key(self.raw.kind().key().into()), Seg::Index(self.index), Seg::Key(field.into())]
    }

    fn whole(&self) -> YamlPath {
        vec![Seg::Key(self.raw.kind().key().into()), Seg::Index(self.index)]
    }
}

fn at(mut path: YamlPath, more: &[Seg]) -> YamlPath {
    path.extend_from_slice(more);
    path
}

/// True for ids of the form `[a-z0-9][a-z0-9-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// The ASCII letter a Cyrillic or Greek letter is easily mistaken for.
fn lookalike(c: char) -> char {
    match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'п' | 'η' => 'n',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'ԝ' | 'ω' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => c,
    }
}

/// A well-formed id that looks like the text, for suggestions.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase).map(lookalike) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

struct Registered {
    id: EntityId,
    kind: Kind,
    file: usize,
    /// Position in its file's list of its kind.
    index: usize,
}

impl Registered {
    /// Where its id is, for reports.
    fn id_path(&self) -> YamlPath {
        vec![Seg::Key(self.kind.key().into()), Seg::Index(self.index), Seg::Key("id".into())]
    }
}

struct Ctx {
    issues: Vec<Issue>,
    ids: HashMap<String, Registered>,
}

impl Ctx {
    fn error(&mut self, file: usize, anchor: Anchor, message: String) -> &mut Issue {
        self.issues.push(Issue::error(file, anchor, message));
        self.issues.last_mut().expect("just pushed")
    }

    fn text(t: &Option<Text>) -> Option<String> {
        t.as_ref().map(|t| t.0.clone())
    }

    fn list(l: &TextList) -> Vec<String> {
        l.0.iter().map(|t| t.0.clone()).collect()
    }

    fn map(m: &TextMap) -> Vec<(String, String)> {
        m.0.clone()
    }

    fn required(&mut self, p: &Pending, t: &Option<Text>, field: &str, noun: &str) -> String {
        if p.reported.iter().any(|f| f == field) {
            return String::new();
        }
        self.required_at(p.file, || p.whole(), t, field, noun)
    }

    /// A required text; `whole` names the entity (or part) it belongs to,
    /// built only when there is something to report.
    fn required_at(
        &mut self,
        file: usize,
        whole: impl FnOnce() -> YamlPath,
        t: &Option<Text>,
        field: &str,
        noun: &str,
    ) -> String {
        match t {
            Some(t) if !t.0.trim().is_empty() => t.0.clone(),
            Some(_) => {
                let mut p = whole();
                p.push(Seg::Key(field.into()));
                self.error(file, Anchor::Value(p), format!("`{field}` is empty: every {noun} needs one"));
                String::new()
            }
            None => {
                self.error(
                    file,
                    Anchor::Value(whole()),
                    format!("this {noun} has no `{field}`: every {noun} needs one"),
                );
                String::new()
            }
        }
    }

    /// A date field; `path` (built only for a report) says where it is.
    fn date(&mut self, file: usize, path: impl FnOnce() -> YamlPath, t: &Option<Text>) -> Option<PartialDate> {
        let t = t.as_ref()?;
        match PartialDate::parse(t.0.trim()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(file, Anchor::Value(path()), e.to_string());
                None
            }
        }
    }

    /// Resolves a reference, reporting unknown ids and wrong kinds at `path`
    /// (built only for a report).
    fn reference(
        &mut self,
        file: usize,
        path: impl FnOnce() -> YamlPath,
        id: &str,
        want: Option<Kind>,
        field: &str,
    ) -> Option<EntityId> {
        match self.ids.get(id) {
            Some(r) => match want {
                Some(k) if k != r.kind => {
                    let msg = format!("`{field}` must name a {}, but `{id}` is a {}", k.noun(), r.kind.noun());
                    let related = Related {
                        file: r.file,
                        anchor: Anchor::Value(r.id_path()),
                        message: format!("`{id}` is defined here"),
                    };
                    self.error(file, Anchor::Value(path()), msg).related = Some(related);
                    None
                }
                _ => Some(r.id),
            },
            None => {
                let candidates: Vec<&str> = self
                    .ids
                    .iter()
                    .filter(|(_, r)| want.is_none_or(|k| k == r.kind))
                    .map(|(k, _)| k.as_str())
                    .collect();
                let near = suggest::nearest(id, candidates, 3);
                let noun = want.map(|k| format!("{} ", k.noun())).unwrap_or_default();
                let help = suggest::did_you_mean(&near);
                let msg = format!("unknown {noun}id `{id}` in `{field}`");
                self.error(file, Anchor::Value(path()), msg).help = help;
                None
            }
        }
    }

    fn opt_ref(&mut self, p: &Pending, field: &str, t: &Option<Text>, want: Kind) -> Option<EntityId> {
        let t = t.as_ref()?;
        self.reference(p.file, || p.path(field), &t.0, Some(want), field)
    }

    fn refs(&mut self, p: &Pending, field: &str, list: &TextList, want: Option<Kind>) -> Vec<EntityId> {
        let mut out = Vec::new();
        for (i, t) in list.0.iter().enumerate() {
            if let Some(id) = self.reference(p.file, || at(p.path(field), &[Seg::Index(i)]), &t.0, want, field)
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
        out
    }
}

/// Validates parsed files into a dataset. Returns the dataset only when there
/// are no errors; warnings come back either way.
pub(crate) fn validate(files: &[(usize, RawFile)], names: &[String]) -> (Option<Dataset>, Vec<Issue>) {
    let mut ctx = Ctx { issues: Vec::new(), ids: HashMap::new() };

    // The dataset header: at most once.
    let mut info = DatasetInfo::default();
    let mut info_at: Option<usize> = None;
    for (file, raw) in files {
        if let Some(d) = &raw.dataset {
            if let Some(first) = info_at {
                let related = Related {
                    file: first,
                    anchor: Anchor::Key(vec![Seg::Key("dataset".into())]),
                    message: "first given here".into(),
                };
                let msg = "`dataset` is given twice: give it in one file only".to_string();
                ctx.error(*file, Anchor::Key(vec![Seg::Key("dataset".into())]), msg).related = Some(related);
            } else {
                info_at = Some(*file);
                info = DatasetInfo { title: Ctx::text(&d.title), description: Ctx::text(&d.description) };
            }
        }
    }

    // Flatten every entity, in file order, kinds in file-key order.
    let mut pending: Vec<Pending> = Vec::new();
    for (file, raw) in files {
        let file = *file;
        macro_rules! push {
            ($field:ident, $variant:ident) => {
                for (index, r) in raw.$field.iter().flatten().enumerate() {
                    if r.reported.iter().any(|f| f == "*") {
                        continue;
                    }
                    pending.push(Pending { file, index, raw: RawRef::$variant(r), reported: &r.reported });
                }
            };
        }
        push!(firms, Firm);
        push!(people, Person);
        push!(chipsets, Chipset);
        push!(products, Product);
        push!(agreements, Agreement);
        push!(events, Event);
        push!(sources, Source);
    }

    // Register ids: well-formed and unique across every kind and file.
    let mut accepted: Vec<&Pending> = Vec::new();
    let mut rejected: Vec<&Pending> = Vec::new();
    for p in &pending {
        let kind = p.raw.kind();
        let Some(id) = p.raw.id() else {
            if p.reported.iter().any(|f| f == "id") {
                continue;
            }
            ctx.error(
                p.file,
                Anchor::Value(p.whole()),
                format!("this {} has no `id`: every entity needs one", kind.noun()),
            );
            rejected.push(p);
            continue;
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
            ctx.error(p.file, Anchor::Value(p.path("id")), msg).help = help;
            rejected.push(p);
            continue;
        }
        if let Some(first) = ctx.ids.get(id) {
            let related = Related {
                file: first.file,
                anchor: Anchor::Value(first.id_path()),
                message: format!("first used here, by a {}", first.kind.noun()),
            };
            let msg = format!("duplicate id `{id}`: ids must be unique across all kinds and files");
            ctx.error(p.file, Anchor::Value(p.path("id")), msg).related = Some(related);
            rejected.push(p);
            continue;
        }
        let handle = EntityId(accepted.len() as u32);
        ctx.ids.insert(id.to_string(), Registered { id: handle, kind, file: p.file, index: p.index });
        accepted.push(p);
    }

    // Build every accepted entity, resolving references.
    let mut entities = Vec::with_capacity(accepted.len());
    let mut links = Vec::new();
    let mut cited = vec![false; accepted.len()];
    for (n, p) in accepted.iter().enumerate() {
        let me = EntityId(n as u32);
        entities.push(build(&mut ctx, p, me, &mut links));
    }
    // Entries whose id was rejected still get their other fields checked,
    // so one run reports everything; what they build is thrown away.
    for p in &rejected {
        build(&mut ctx, p, EntityId(u32::MAX), &mut Vec::new());
    }
    check_cycles(&mut ctx, &accepted, &entities);

    // Warnings: unsourced entities, uncited sources. An entry rejected above
    // (say, for a malformed id) still counts as citing its sources.
    for p in &pending {
        for t in p.raw.sources().map(|l| l.0.as_slice()).unwrap_or_default() {
            if let Some(r) = ctx.ids.get(&t.0) {
                cited[r.id.index()] = true;
            }
        }
    }
    for (n, p) in accepted.iter().enumerate() {
        let e = &entities[n];
        let kind = e.kind();
        if kind == Kind::Source {
            if !cited[n] {
                let msg = format!("source `{}` is not cited by any entity", e.id);
                ctx.issues.push(Issue::warning(p.file, Anchor::Value(p.path("id")), msg));
            }
        } else if e.sources.is_empty() {
            let msg = format!("{} `{}` cites no sources", kind.noun(), e.id);
            ctx.issues.push(
                Issue::warning(p.file, Anchor::Value(p.path("id")), msg)
                    .with_help(Some("add `sources: [source-id]` naming where the facts come from".into())),
            );
        }
    }

    let ok = !ctx.issues.iter().any(|i| i.severity == super::Severity::Error);
    let dataset = ok.then(|| {
        // The registry's keys become the dataset's index: no second copy of every id.
        let by_id = ctx.ids.drain().map(|(k, r)| (k, r.id)).collect();
        Dataset::new(info, entities, links, names.to_vec(), by_id)
    });
    (dataset, ctx.issues)
}

/// Validates one entity's fields and builds it (with placeholders where fields are bad).
fn build(ctx: &mut Ctx, p: &Pending, me: EntityId, links: &mut Vec<Link>) -> Entity {
    let mut link = |to: EntityId, relation: Relation, note: Option<String>| {
        links.push(Link { from: me, to, relation, note });
    };
    let whole = || p.whole();
    let (id, name, aliases, tags, summary, sources, extra, data);
    match &p.raw {
        RawRef::Firm(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "firm");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let parent = ctx.opt_ref(p, "parent", &r.parent, Kind::Firm);
            if let Some(to) = parent {
                link(to, Relation::Parent, None);
            }
            data = EntityData::Firm(Firm {
                legal_name: Ctx::text(&r.legal_name),
                country: Ctx::text(&r.country),
                hq: Ctx::text(&r.hq),
                founded: ctx.date(p.file, || p.path("founded"), &r.founded),
                parent,
            });
        }
        RawRef::Person(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "person");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let mut roles = Vec::new();
            for (i, role) in r.roles.iter().flatten().enumerate() {
                let rp = || at(p.path("roles"), &[Seg::Index(i)]);
                let firm = match &role.firm {
                    Some(f) => {
                        ctx.reference(p.file, || at(rp(), &[Seg::Key("firm".into())]), &f.0, Some(Kind::Firm), "firm")
                    }
                    None => {
                        ctx.error(p.file, Anchor::Value(rp()), "this role has no `firm`: name the firm id".into());
                        None
                    }
                };
                let from = ctx.date(p.file, || at(rp(), &[Seg::Key("from".into())]), &role.from);
                let to = ctx.date(p.file, || at(rp(), &[Seg::Key("to".into())]), &role.to);
                if let (Some(f), Some(t)) = (from, to)
                    && t.end_day() < f.start_day()
                {
                    ctx.error(
                        p.file,
                        Anchor::Value(at(rp(), &[Seg::Key("to".into())])),
                        format!("role ends ({t}) before it starts ({f})"),
                    );
                }
                if let Some(firm) = firm {
                    let title = Ctx::text(&role.title);
                    link(firm, Relation::Role, Some(role_note(title.as_deref(), from, to)));
                    roles.push(Role { firm, title, from, to });
                }
            }
            data = EntityData::Person(Person { roles });
        }
        RawRef::Chipset(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "chipset");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let designer = ctx.opt_ref(p, "designer", &r.designer, Kind::Firm);
            let foundry = ctx.opt_ref(p, "foundry", &r.foundry, Kind::Firm);
            let predecessor = ctx.opt_ref(p, "predecessor", &r.predecessor, Kind::Chipset);
            for (to, rel) in
                [(designer, Relation::Designer), (foundry, Relation::Foundry), (predecessor, Relation::Predecessor)]
            {
                if let Some(to) = to {
                    link(to, rel, None);
                }
            }
            data = EntityData::Chipset(Chipset {
                designer,
                foundry,
                process: Ctx::text(&r.process),
                announced: ctx.date(p.file, || p.path("announced"), &r.announced),
                predecessor,
                specs: Ctx::map(&r.specs),
            });
        }
        RawRef::Product(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.name, "name", "product");
            (aliases, tags, summary, extra) =
                (Ctx::list(&r.aliases), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let maker = ctx.opt_ref(p, "maker", &r.maker, Kind::Firm);
            if let Some(to) = maker {
                link(to, Relation::Maker, None);
            }
            let chipsets = ctx.refs(p, "chipsets", &r.chipsets, Some(Kind::Chipset));
            for &c in &chipsets {
                link(c, Relation::UsesChipset, None);
            }
            data = EntityData::Product(Product {
                maker,
                chipsets,
                category: Ctx::text(&r.category),
                launched: ctx.date(p.file, || p.path("launched"), &r.launched),
            });
        }
        RawRef::Agreement(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.title, "title", "agreement");
            (aliases, tags, summary, extra) =
                (Vec::new(), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let mut parties: Vec<Party> = Vec::new();
            let mut named = 0;
            match &r.parties {
                None if p.reported.iter().any(|f| f == "parties") => {}
                None => {
                    ctx.error(
                        p.file,
                        Anchor::Value(whole()),
                        "this agreement has no `parties`: list two or more firm ids".into(),
                    );
                }
                Some(list) => {
                    for (i, party) in list.iter().enumerate() {
                        let pp = || at(p.path("parties"), &[Seg::Index(i)]);
                        let Some(f) = &party.firm else {
                            ctx.error(p.file, Anchor::Value(pp()), "this party has no `firm`: name the firm id".into());
                            continue;
                        };
                        let target = || if party.role.is_some() { at(pp(), &[Seg::Key("firm".into())]) } else { pp() };
                        named += 1;
                        if let Some(firm) = ctx.reference(p.file, target, &f.0, Some(Kind::Firm), "parties")
                            && !parties.iter().any(|x| x.firm == firm)
                        {
                            parties.push(Party { firm, role: Ctx::text(&party.role) });
                        }
                    }
                    let distinct: std::collections::HashSet<&str> =
                        list.iter().filter_map(|x| x.firm.as_ref().map(|t| t.0.as_str())).collect();
                    if distinct.len() < 2 && named == list.len() {
                        let msg = format!(
                            "an agreement needs at least two distinct parties; this one has {}",
                            distinct.len()
                        );
                        ctx.error(p.file, Anchor::Value(p.path("parties")), msg);
                    }
                }
            }
            for party in &parties {
                link(party.firm, Relation::Party, party.role.clone());
            }
            let people = ctx.refs(p, "people", &r.people, Some(Kind::Person));
            for &person in &people {
                link(person, Relation::Person, None);
            }
            let mut statements = Vec::new();
            for (i, s) in r.statements.iter().flatten().enumerate() {
                let sp = || at(p.path("statements"), &[Seg::Index(i)]);
                let person = match &s.person {
                    Some(t) => ctx.reference(
                        p.file,
                        || at(sp(), &[Seg::Key("person".into())]),
                        &t.0,
                        Some(Kind::Person),
                        "person",
                    ),
                    None => {
                        ctx.error(p.file, Anchor::Value(sp()), "this statement has no `person`".into());
                        None
                    }
                };
                let text = ctx.required_at(p.file, sp, &s.text, "text", "statement");
                if let Some(person) = person {
                    if !people.contains(&person) && !statements.iter().any(|x: &Statement| x.person == person) {
                        link(person, Relation::Statement, None);
                    }
                    statements.push(Statement { person, text });
                }
            }
            let signed = ctx.date(p.file, || p.path("signed"), &r.signed);
            let effective = ctx.date(p.file, || p.path("effective"), &r.effective);
            let expires = ctx.date(p.file, || p.path("expires"), &r.expires);
            if let (Some(start), Some(end)) = (effective.or(signed), expires)
                && end.end_day() < start.start_day()
            {
                ctx.error(
                    p.file,
                    Anchor::Value(p.path("expires")),
                    format!("expires ({end}) before it starts ({start})"),
                );
            }
            data = EntityData::Agreement(Agreement {
                kind: Ctx::text(&r.kind),
                parties,
                signed,
                effective,
                expires,
                scope: Ctx::list(&r.scope),
                value: Ctx::text(&r.value),
                people,
                statements,
            });
        }
        RawRef::Event(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.title, "title", "event");
            (aliases, tags, summary, extra) =
                (Vec::new(), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = ctx.refs(p, "sources", &r.sources, Some(Kind::Source));
            let date = match &r.date {
                None if p.reported.iter().any(|f| f == "date") => None,
                None => {
                    ctx.error(p.file, Anchor::Value(whole()), "this event has no `date`: every event needs one".into());
                    None
                }
                d => ctx.date(p.file, || p.path("date"), d),
            };
            let involves = ctx.refs(p, "involves", &r.involves, None);
            for &i in &involves {
                link(i, Relation::Involves, None);
            }
            data = EntityData::Event(Event {
                date: date.unwrap_or(PartialDate::year(0)),
                kind: Ctx::text(&r.kind),
                involves,
            });
        }
        RawRef::Source(r) => {
            id = r.id.clone();
            name = ctx.required(p, &r.title, "title", "source");
            (aliases, tags, summary, extra) =
                (Vec::new(), Ctx::list(&r.tags), Ctx::text(&r.summary), Ctx::map(&r.extra));
            sources = Vec::new();
            data = EntityData::Source(Source {
                author: Ctx::text(&r.author),
                publisher: Ctx::text(&r.publisher),
                url: Ctx::text(&r.url),
                date: ctx.date(p.file, || p.path("date"), &r.date),
            });
        }
    }
    for &s in &sources {
        link(s, Relation::Cites, None);
    }
    Entity { id: id.map(|t| t.0).unwrap_or_default(), name, aliases, tags, summary, sources, extra, data }
}

/// "Founder, chairman and CEO (2010–)" for a role link.
fn role_note(title: Option<&str>, from: Option<PartialDate>, to: Option<PartialDate>) -> String {
    let span = match (from, to) {
        (None, None) => String::new(),
        (Some(f), None) => format!(" ({f}–)"),
        (None, Some(t)) => format!(" (–{t})"),
        (Some(f), Some(t)) => format!(" ({f}–{t})"),
    };
    format!("{}{span}", title.unwrap_or("role")).trim().to_string()
}

/// Reports chains that loop: a firm that is its own (grand)parent, a chipset its own predecessor.
/// Linear time: each entity is walked once.
fn check_cycles(ctx: &mut Ctx, accepted: &[&Pending], entities: &[Entity]) {
    let next = |i: usize| match &entities[i].data {
        EntityData::Firm(f) => f.parent.map(|p| (p.index(), "parent")),
        EntityData::Chipset(c) => c.predecessor.map(|p| (p.index(), "predecessor")),
        _ => None,
    };
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; entities.len()];
    for start in 0..entities.len() {
        let mut path = Vec::new();
        let mut cur = start;
        while state[cur] == NEW {
            state[cur] = ON_PATH;
            path.push(cur);
            let Some((to, field)) = next(cur) else { break };
            if state[to] == ON_PATH {
                let from = path.iter().position(|&x| x == to).unwrap_or(0);
                let chain: Vec<&str> = path[from..].iter().chain([&to]).map(|&i| entities[i].id.as_str()).collect();
                let p = accepted[to];
                let msg = format!("`{field}` forms a loop: {}", chain.join(" → "));
                ctx.error(p.file, Anchor::Value(p.path(field)), msg);
                break;
            }
            cur = to;
        }
        for i in path {
            state[i] = DONE;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_rules() {
        for ok in ["huawei", "kirin-9000s", "3com", "a"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-x", "Huawei", "kirin_9000", "华为", "a b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(slug("Kirin 9000S!"), "kirin-9000s");
    }

    #[test]
    fn role_notes() {
        let d = |s| PartialDate::parse(s).ok();
        assert_eq!(role_note(Some("CEO"), d("2010"), None), "CEO (2010–)");
        assert_eq!(role_note(None, None, None), "role");
    }
}
