//! Strict decoding helpers for request schemas. serde's derived structs also accept a JSON
//! array (fields by position), so `{"since": [1]}` would decode as `{"since": {"offset": 1}}`;
//! Centrifugo refuses it (a Go struct only decodes from an object). Fields whose type is a
//! struct use [`object`] or [`object_opt`] to take an object only.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

struct ObjectOnly<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

/// A struct field that must be a JSON object.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectOnly(PhantomData))
}

struct MaybeObject<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for MaybeObject<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        object(d).map(Some)
    }
}

/// An optional struct field: a JSON object, null or absent (use with `#[serde(default)]`).
pub fn object_opt<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    d.deserialize_option(MaybeObject(PhantomData))
}

/// Decodes a request body strictly: a JSON object in UTF-8 (an empty body, an array, a
/// string or a number is refused, and so is invalid UTF-8, also in the values of fields the
/// decoder would skip). The error says why.
pub fn from_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err("empty body".into()),
        Some(b'{') => {}
        Some(_) => return Err("the body is not a JSON object".into()),
    }
    let body = std::str::from_utf8(body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
    serde_json::from_str(body).map_err(|e| e.to_string())
}

/// One element that must be a JSON object.
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(Obj)
    }
}

struct Objects<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for Objects<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(Obj(v)) = seq.next_element::<Obj<T>>()? {
            out.push(v);
        }
        Ok(out)
    }
}

/// A list field whose elements are structs: each must be a JSON object.
pub fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(Objects(PhantomData))
}

struct ObjectMap<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectMap<T> {
    type Value = HashMap<String, T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of objects")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(HashMap::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = HashMap::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some((k, Obj(v))) = map.next_entry::<String, Obj<T>>()? {
            out.insert(k, v);
        }
        Ok(out)
    }
}

/// A map field whose values are structs: each must be a JSON object (`null` is empty, as a
/// Go map decodes it).
pub fn object_map<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<HashMap<String, T>, D::Error> {
    d.deserialize_any(ObjectMap(PhantomData))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Pos {
        offset: u64,
        epoch: String,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Req {
        #[serde(deserialize_with = "super::object_opt")]
        since: Option<Pos>,
        #[serde(deserialize_with = "super::object")]
        at: Pos,
        #[serde(deserialize_with = "super::objects")]
        all: Vec<Pos>,
        #[serde(deserialize_with = "super::object_map")]
        by: std::collections::HashMap<String, Pos>,
    }

    #[test]
    fn objects_pass_and_arrays_do_not() {
        let r: Req = serde_json::from_str(r#"{"since":{"offset":2,"epoch":"e"},"at":{}}"#).unwrap();
        assert_eq!(r.since.unwrap().offset, 2);
        let r: Req = serde_json::from_str(r#"{"since":null}"#).unwrap();
        assert_eq!(r.since, None);
        let r: Req = serde_json::from_str(r#"{"all":[{"offset":1},{}]}"#).unwrap();
        assert_eq!(r.all.len(), 2);
        let r: Req = serde_json::from_str(r#"{"by":{"a":{"offset":3},"b":{}}}"#).unwrap();
        assert_eq!((r.by.len(), r.by["a"].offset), (2, 3));
        let r: Req = serde_json::from_str(r#"{"by":null}"#).unwrap();
        assert!(r.by.is_empty());
        for bad in [
            r#"{"since":[1]}"#,
            r#"{"since":[]}"#,
            r#"{"since":"x"}"#,
            r#"{"at":[1,"e"]}"#,
            r#"{"since":{"offset":-1}}"#,
            r#"{"all":[{}, [2]]}"#,
            r#"{"by":{"a":[3]}}"#,
            r#"{"by":{"a":"x"}}"#,
            r#"{"by":[{}]}"#,
            r#"{"by":7}"#,
        ] {
            let e = serde_json::from_str::<Req>(bad).unwrap_err();
            assert!(e.is_data(), "{bad}: {e}");
        }
        for bad in [
            &b""[..],
            b" ",
            b"[]",
            b"\"x\"",
            b"7",
            b"{\"at\":{}, \"x\":\"\xff\"}",
        ] {
            assert!(super::from_body::<Req>(bad).is_err(), "{bad:?}");
        }
        assert!(super::from_body::<Req>(b" {\"at\":{}}").is_ok());
        // the derived struct alone takes the array: what this module exists to refuse
        assert_eq!(
            serde_json::from_str::<Pos>("[1]").unwrap(),
            Pos {
                offset: 1,
                epoch: String::new()
            }
        );
    }
}
