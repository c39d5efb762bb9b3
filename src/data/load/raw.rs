//! Raw structs that mirror the YAML files field for field, as serde reads them.
//! Everything is optional here; `validate` decides what is required. No logic.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Free text: a YAML scalar of any type (string, number, bool), kept as text
/// exactly as written: `0x1f` stays `0x1f`, `1.50` stays `1.50`. `null` is
/// not text (an optional field reads it as absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// Takes the scalar's text as written (the loader's deserializer
        /// gives every scalar as the text it was written as).
        struct Spelt;
        impl Visitor<'_> for Spelt {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
        }
        /// Tells null (not text) from any other value.
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Err(de::Error::invalid_type(de::Unexpected::Unit, &self))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Err(de::Error::invalid_type(de::Unexpected::Unit, &self))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
                d.deserialize_str(Spelt)
            }
        }
        d.deserialize_option(V)
    }
}

/// An ordered map of text to text (`specs`, `extra`), in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextMap(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for TextMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of text to text")
            }
            fn visit_unit<E: de::Error>(self) -> Result<TextMap, E> {
                Ok(TextMap::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Text, Option<Text>>()? {
                    if out.iter().any(|(key, _): &(String, String)| *key == k.0) {
                        return Err(de::Error::custom(format_args!("duplicate key `{}`", k.0)));
                    }
                    out.push((k.0, v.map(|t| t.0).unwrap_or_default()));
                }
                Ok(TextMap(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A list of texts; `null` reads as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextList(pub Vec<Text>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_unit<E: de::Error>(self) -> Result<TextList, E> {
                Ok(TextList::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(t) = seq.next_element::<Text>()? {
                    out.push(t);
                }
                // Most lists hold one or two texts: no room left for more.
                out.shrink_to_fit();
                Ok(TextList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// `confidential:` as written: a single value (`true` for the whole entity;
/// anything else is reported) or a list of field names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawConfidential {
    /// `confidential: true` (or another scalar, kept to be reported).
    Whole(Text),
    /// `confidential: [value, extra.price]`.
    Fields(TextList),
}

impl<'de> Deserialize<'de> for RawConfidential {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawConfidential;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true` or a list of field names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawConfidential::Whole(Text(v.to_string())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                TextList::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawConfidential::Fields)
            }
        }
        d.deserialize_any(V)
    }
}

/// One data file: any of the top-level keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub dataset: Option<RawDatasetInfo>,
    #[serde(default)]
    pub firms: Option<Vec<RawFirm>>,
    #[serde(default)]
    pub people: Option<Vec<RawPerson>>,
    #[serde(default)]
    pub chipsets: Option<Vec<RawChipset>>,
    #[serde(default)]
    pub products: Option<Vec<RawProduct>>,
    #[serde(default)]
    pub agreements: Option<Vec<RawAgreement>>,
    #[serde(default)]
    pub events: Option<Vec<RawEvent>>,
    #[serde(default)]
    pub sources: Option<Vec<RawSource>>,
    #[serde(default)]
    pub tours: Option<Vec<RawTour>>,
}

/// `dataset:`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDatasetInfo {
    pub title: Option<Text>,
    pub description: Option<Text>,
}

/// A firm as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFirm {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub name: Option<Text>,
    pub legal_name: Option<Text>,
    #[serde(default)]
    pub aliases: TextList,
    pub country: Option<Text>,
    pub hq: Option<Text>,
    pub founded: Option<Text>,
    pub dissolved: Option<Text>,
    pub parent: Option<Text>,
    #[serde(default)]
    pub tags: TextList,
    pub summary: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
    #[serde(default)]
    pub extra: TextMap,
    #[serde(default)]
    pub disputed: Option<Vec<RawDispute>>,
    #[serde(default)]
    pub confidential: Option<RawConfidential>,
}

/// A person's role as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub firm: Option<Text>,
    pub title: Option<Text>,
    pub from: Option<Text>,
    pub to: Option<Text>,
    #[serde(default)]
    pub unsourced: TextList,
}

/// A person as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub name: Option<Text>,
    #[serde(default)]
    pub aliases: TextList,
    #[serde(default)]
    pub roles: Option<Vec<RawRole>>,
    #[serde(default)]
    pub tags: TextList,
    pub summary: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
    #[serde(default)]
    pub extra: TextMap,
    #[serde(default)]
    pub disputed: Option<Vec<RawDispute>>,
    #[serde(default)]
    pub confidential: Option<RawConfidential>,
}

/// A chipset as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChipset {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub name: Option<Text>,
    #[serde(default)]
    pub aliases: TextList,
    pub designer: Option<Text>,
    pub foundry: Option<Text>,
    pub process: Option<Text>,
    pub announced: Option<Text>,
    pub predecessor: Option<Text>,
    #[serde(default)]
    pub specs: TextMap,
    #[serde(default)]
    pub tags: TextList,
    pub summary: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
    #[serde(default)]
    pub extra: TextMap,
    #[serde(default)]
    pub disputed: Option<Vec<RawDispute>>,
    #[serde(default)]
    pub confidential: Option<RawConfidential>,
}

/// A product as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProduct {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub name: Option<Text>,
    #[serde(default)]
    pub aliases: TextList,
    pub maker: Option<Text>,
    #[serde(default)]
    pub chipsets: TextList,
    pub category: Option<Text>,
    pub launched: Option<Text>,
    #[serde(default)]
    pub tags: TextList,
    pub summary: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
    #[serde(default)]
    pub extra: TextMap,
    #[serde(default)]
    pub disputed: Option<Vec<RawDispute>>,
    #[serde(default)]
    pub confidential: Option<RawConfidential>,
}

/// A party as written: a bare firm id or `{firm, role}`.
#[derive(Debug, Default)]
pub struct RawParty {
    pub firm: Option<Text>,
    pub role: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPartyMap {
    firm: Option<Text>,
    role: Option<Text>,
}

impl<'de> Deserialize<'de> for RawParty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawParty;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a firm id or a mapping {firm: id, role: text}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawParty, E> {
                Ok(RawParty { firm: Some(Text(v.to_string())), role: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawParty, A::Error> {
                let m = RawPartyMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawParty { firm: m.firm, role: m.role })
            }
        }
        d.deserialize_any(V)
    }
}

/// A statement as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatement {
    pub person: Option<Text>,
    pub text: Option<Text>,
}

/// An agreement as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgreement {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub kind: Option<Text>,
    pub parties: Option<Vec<RawParty>>,
    pub signed: Option<Text>,
    pub effective: Option<Text>,
    pub expires: Option<Text>,
    #[serde(default)]
    pub scope: TextList,
    pub value: Option<Text>,
    #[serde(default)]
    pub people: TextList,
    #[serde(default)]
    pub statements: Option<Vec<RawStatement>>,
    #[serde(default)]
    pub tags: TextList,
    pub summary: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
    #[serde(default)]
    pub extra: TextMap,
    #[serde(default)]
    pub disputed: Option<Vec<RawDispute>>,
    #[serde(default)]
    pub confidential: Option<RawConfidential>,
}

/// An event as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub date: Option<Text>,
    pub title: Option<Text>,
    pub kind: Option<Text>,
    #[serde(default)]
    pub involves: TextList,
    #[serde(default)]
    pub tags: TextList,
    pub summary: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
    #[serde(default)]
    pub extra: TextMap,
    #[serde(default)]
    pub disputed: Option<Vec<RawDispute>>,
    #[serde(default)]
    pub confidential: Option<RawConfidential>,
}

/// One disputed fact as written: the field in question and what each side says.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDispute {
    pub field: Option<Text>,
    pub note: Option<Text>,
    pub claims: Option<Vec<RawClaim>>,
}

/// One side of a dispute as written: what is claimed, and who claims it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    pub value: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
}

/// A source as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub author: Option<Text>,
    pub publisher: Option<Text>,
    pub url: Option<Text>,
    pub date: Option<Text>,
    #[serde(default)]
    pub tags: TextList,
    pub summary: Option<Text>,
    #[serde(default)]
    pub extra: TextMap,
    #[serde(default)]
    pub confidential: Option<RawConfidential>,
}

/// A tour as written: a scripted walk through the data for a presenter.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTour {
    /// Fields the diagnosis pass already reported and dropped (`*`: the whole entry).
    #[serde(skip)]
    pub reported: Vec<String>,
    pub id: Option<Text>,
    pub title: Option<Text>,
    pub steps: Option<Vec<RawStep>>,
}

/// One step of a tour as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub title: Option<Text>,
    pub entity: Option<Text>,
    pub tab: Option<Text>,
    pub timeline: Option<TextList>,
    pub zoom: Option<Text>,
    pub date: Option<Text>,
    pub filter: Option<Text>,
    pub link: Option<Text>,
    pub note: Option<Text>,
    pub caption: Option<Text>,
    #[serde(default)]
    pub sources: TextList,
}

/// Raw entities that the diagnosis pass can mark as unusable.
pub trait RawEntity: Default {
    /// Marks fields as already reported, so validation does not report them again.
    fn set_reported(&mut self, fields: Vec<String>);
}

macro_rules! raw_entity {
    ($($t:ty),*) => {$(
        impl RawEntity for $t {
            fn set_reported(&mut self, fields: Vec<String>) {
                self.reported = fields;
            }
        }
    )*};
}
raw_entity!(RawFirm, RawPerson, RawChipset, RawProduct, RawAgreement, RawEvent, RawSource, RawTour);

/// The field names serde knows for a struct, for "did you mean" suggestions.
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    struct Grab(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl fmt::Display for Stop {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> Deserializer<'de> for &mut Grab {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut g = Grab(None);
    let _ = T::deserialize(&mut g);
    g.0.unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_serde() {
        assert!(field_names::<RawAgreement>().contains(&"parties"));
        assert!(field_names::<RawFile>().contains(&"firms"));
        assert_eq!(field_names::<RawRole>(), ["firm", "title", "from", "to", "unsourced"]);
    }
}
