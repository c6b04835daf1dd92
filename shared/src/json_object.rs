//! Request bodies' objects read only from JSON objects. serde's derive also
//! reads a struct from an array of its fields in order (`[]` for a body
//! whose fields are all optional, `["alice@demo.example", "x"]` for a
//! sign-in), a form the OpenAPI document does not allow and no client
//! means: the worker reads every object of a request body through here.

use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// What the error says when an array (or anything else) comes instead.
pub const EXPECTED: &str = "a JSON object";

/// `T`, read from a JSON object only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        one(deserializer).map(Object)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

/// One object, as a field's `deserialize_with`.
pub fn one<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// A list of objects, as a field's `deserialize_with`.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<Object<T>>::deserialize(deserializer)?
        .into_iter()
        .map(|object| object.0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::Object;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct SignIn {
        email: String,
        #[serde(default)]
        remember: Option<bool>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Matches(#[serde(deserialize_with = "super::list")] Vec<SignIn>);

    #[test]
    fn an_object_is_read_as_its_struct_with_the_structs_own_rules() {
        let read: Object<SignIn> = serde_json::from_str(r#"{"email": "a@b.example"}"#).unwrap();
        assert_eq!(
            read.0,
            SignIn {
                email: "a@b.example".into(),
                remember: None
            }
        );
        let unknown = serde_json::from_str::<Object<SignIn>>(r#"{"email": "a", "admin": true}"#);
        assert!(
            unknown
                .unwrap_err()
                .to_string()
                .contains("unknown field `admin`")
        );
        let missing = serde_json::from_str::<Object<SignIn>>("{}");
        assert!(
            missing
                .unwrap_err()
                .to_string()
                .contains("missing field `email`")
        );
    }

    #[test]
    fn an_array_of_the_fields_is_refused_where_the_derive_alone_takes_it() {
        assert!(serde_json::from_str::<SignIn>(r#"["a@b.example", true]"#).is_ok());
        for json in [r#"["a@b.example", true]"#, "[]", r#""a@b.example""#, "null"] {
            let error = serde_json::from_str::<Object<SignIn>>(json).unwrap_err();
            assert!(
                error.to_string().contains(super::EXPECTED),
                "{json}: {error}"
            );
        }
        assert!(serde_json::from_str::<Matches>(r#"[{"email": "a"}, ["b"]]"#).is_err());
        assert_eq!(
            serde_json::from_str::<Matches>(r#"[{"email": "a"}]"#)
                .unwrap()
                .0
                .len(),
            1
        );
    }
}
