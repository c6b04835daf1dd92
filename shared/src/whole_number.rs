//! Whole numbers in JSON request bodies, read as JSON Schema counts them:
//! `30` and `30.0` are the same integer. serde reads `30.0` only into a
//! float, so a client (or a generator) writing whole numbers with a
//! fraction of zero would be refused for a number the OpenAPI document
//! allows. Fields of type `i64` in request bodies read through here; the
//! worker's serde_json has `float_roundtrip`, so that `1865472265407597.0`
//! is read as that number and not as the float a tenth beside it.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// Reads a JSON number that is whole, however it is written.
struct Whole;

impl Visitor<'_> for Whole {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<i64, E> {
        Ok(number)
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<i64, E> {
        i64::try_from(number).map_err(|_| E::custom("a whole number"))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<i64, E> {
        // i64's range as floats: both bounds are exact powers of two.
        let in_range = (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&number);
        if number.fract() == 0.0 && in_range {
            Ok(number as i64)
        } else {
            Err(E::custom("a whole number"))
        }
    }
}

/// One whole number, as a field's own `Deserialize`.
struct WholeNumber(i64);

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_f64(Whole).map(WholeNumber)
    }
}

// `deserialize_f64`, not `deserialize_any`: JSON readers hand any number to
// the visitor as it was written (whole or not), and the worker's wasm does
// not carry serde_json's whole `deserialize_any`.
pub fn one<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_f64(Whole)
}

pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<WholeNumber>::deserialize(deserializer)?.map(|number| number.0))
}

pub fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<i64>, D::Error> {
    Ok(Vec::<WholeNumber>::deserialize(deserializer)?
        .into_iter()
        .map(|number| number.0)
        .collect())
}

/// An id as request bodies carry it (a token's, a login's): a whole number from 1 that
/// JavaScript holds exactly (the OpenAPI document only).
#[cfg(feature = "openapi")]
pub struct TokenId;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for TokenId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(1))
            .maximum(Some(MAX_SAFE_INTEGER))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for TokenId {}

/// The largest whole number JavaScript holds exactly: the bound the
/// OpenAPI document gives ids and versions in request bodies.
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(deserialize_with = "super::one")]
        days: i64,
        #[serde(default, deserialize_with = "super::optional")]
        max: Option<i64>,
        #[serde(deserialize_with = "super::list")]
        ids: Vec<i64>,
    }

    fn read(json: &str) -> Result<Body, String> {
        serde_json::from_str(json).map_err(|error| error.to_string())
    }

    #[test]
    fn a_whole_number_may_be_written_with_a_zero_fraction() {
        assert_eq!(
            read(r#"{"days": 30.0, "max": 7.0, "ids": [1, 2.0]}"#),
            Ok(Body {
                days: 30,
                max: Some(7),
                ids: vec![1, 2]
            })
        );
        assert_eq!(
            read(r#"{"days": 30, "max": null, "ids": []}"#).unwrap().max,
            None
        );
        // Past 2^53 / 10 only a correctly rounding reader (serde_json's
        // `float_roundtrip`, as the worker has it) lands on the number.
        assert_eq!(
            read(r#"{"days": 1865472265407597.0, "ids": [9007199254740991.0]}"#),
            Ok(Body {
                days: 1_865_472_265_407_597,
                max: None,
                ids: vec![9_007_199_254_740_991]
            })
        );
    }

    #[test]
    fn fractions_text_and_numbers_beyond_i64_are_refused() {
        for json in [
            r#"{"days": 30.5, "ids": []}"#,
            r#"{"days": "30", "ids": []}"#,
            r#"{"days": 1e19, "ids": []}"#,
            r#"{"days": 9223372036854775808, "ids": []}"#,
            r#"{"days": 1, "ids": [0.5]}"#,
        ] {
            assert!(read(json).is_err(), "{json}");
        }
    }
}
