//! Serde over the parsed nodes: the raw structs are read from a file's
//! `Doc` with their derived `Deserialize`, every scalar handed over as the
//! text it was written as (never converted to a number), a plain null as
//! nothing. An error carries the node it stands at, so it is reported there.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::doc::{Doc, NodeKind};

/// Why a node could not be read, and which node.
#[derive(Debug)]
pub(super) struct Error {
    pub(super) message: String,
    pub(super) node: Option<u32>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { message: msg.to_string(), node: None }
    }
}

/// Places an error that has no node yet at `node`.
fn at<T>(r: Result<T, Error>, node: u32) -> Result<T, Error> {
    r.map_err(|mut e| {
        e.node.get_or_insert(node);
        e
    })
}

/// Reads a node (and what it holds). Keys in `skip` are read as absent,
/// with their values.
#[derive(Clone, Copy)]
pub(super) struct De<'d, 'a> {
    doc: &'d Doc<'a>,
    node: u32,
    skip: &'d [u32],
}

impl<'d, 'a> De<'d, 'a> {
    pub(super) fn new(doc: &'d Doc<'a>, node: u32, skip: &'d [u32]) -> Self {
        De { doc, node: doc.resolved(node), skip }
    }

    fn kind(&self) -> &'d NodeKind<'a> {
        &self.doc.node(self.node).kind
    }

    fn unexpected(&self) -> de::Unexpected<'d> {
        match self.kind() {
            NodeKind::Scalar(s) => de::Unexpected::Str(s),
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
            _ => de::Unexpected::Unit,
        }
    }
}

impl<'de, 'd, 'a> de::Deserializer<'de> for De<'d, 'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let r = match self.kind() {
            NodeKind::Scalar(s) => visitor.visit_str(s),
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Seq(_) => visitor.visit_seq(Items { de: self, items: self.doc.children(self.node) }),
            NodeKind::Map(_) => visitor.visit_map(Pairs { de: self, pairs: self.doc.children(self.node), value: 0 }),
            NodeKind::Alias(_) | NodeKind::Broken(_) => {
                Err(Error { message: "this entry holds a YAML error".into(), node: None })
            }
        };
        at(r, self.node)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind() {
            NodeKind::Null => at(visitor.visit_none(), self.node),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind() {
            NodeKind::Scalar(s) => at(visitor.visit_str(s), self.node),
            _ => at(Err(de::Error::invalid_type(self.unexpected(), &visitor)), self.node),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.kind() {
            NodeKind::Scalar(s) => at(visitor.visit_enum(s.as_ref().into_deserializer()), self.node),
            _ => at(Err(de::Error::invalid_type(self.unexpected(), &visitor)), self.node),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
    }
}

/// A list's items.
struct Items<'d, 'a> {
    de: De<'d, 'a>,
    items: super::doc::Children<'d, 'a>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(i) => seed.deserialize(De::new(self.de.doc, i, self.de.skip)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.clone().count())
    }
}

/// A mapping's keys and values, but the keys to skip.
struct Pairs<'d, 'a> {
    de: De<'d, 'a>,
    pairs: super::doc::Children<'d, 'a>,
    value: u32,
}

impl<'de> MapAccess<'de> for Pairs<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        loop {
            let Some(k) = self.pairs.next() else { return Ok(None) };
            let Some(v) = self.pairs.next() else { return Ok(None) };
            if self.de.skip.contains(&k) {
                continue;
            }
            self.value = v;
            return seed.deserialize(De::new(self.de.doc, k, self.de.skip)).map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(De::new(self.de.doc, self.value, self.de.skip))
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc::parse;
    use super::super::raw::{RawAgreement, RawFirm, Text, TextList};
    use super::*;
    use serde::Deserialize;

    fn read<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, Error> {
        let p = parse(0, text);
        T::deserialize(De::new(&p.doc, 0, &[]))
    }

    #[test]
    fn scalars_read_as_text_as_written() {
        let f: RawFirm = read(
            "id: 0x1f\nfounded: 2023.0\nname: 3Com\nextra: {a: 1.50, b: true, 0o10: 123456789012345678901234567890}",
        )
        .unwrap();
        assert_eq!(f.id, Some(Text("0x1f".into())));
        assert_eq!(f.founded, Some(Text("2023.0".into())));
        assert_eq!(
            f.extra.0,
            vec![
                ("a".into(), "1.50".into()),
                ("b".into(), "true".into()),
                ("0o10".into(), "123456789012345678901234567890".into())
            ]
        );
        let err = read::<RawFirm>("aliases: [~]").unwrap_err().to_string();
        assert!(err.contains("invalid type: unit value, expected text"), "{err}");
        let f: RawFirm = read("name: ~\naliases: ~").unwrap();
        assert_eq!((f.name, f.aliases), (None, TextList::default()));
    }

    #[test]
    fn parties_take_both_shapes_and_aliases_repeat() {
        let a: RawAgreement = read("parties: [&h huawei, {firm: xiaomi, role: licensee}, *h]").unwrap();
        let p = a.parties.unwrap();
        assert_eq!(p[0].firm, Some(Text("huawei".into())));
        assert_eq!(p[1].role, Some(Text("licensee".into())));
        assert_eq!(p[2].firm, Some(Text("huawei".into())));
    }

    #[test]
    fn errors_stand_at_their_node() {
        let text = "id: a\nname: [x]\n";
        let p = parse(0, text);
        let e = RawFirm::deserialize(De::new(&p.doc, 0, &[])).unwrap_err();
        assert_eq!(p.doc.node(e.node.unwrap()).pos().line, 2);
        let e = read::<RawFirm>("id: a\nnmae: x\n").unwrap_err();
        assert!(e.message.starts_with("unknown field `nmae`"), "{}", e.message);
    }
}
