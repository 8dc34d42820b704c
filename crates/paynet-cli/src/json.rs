//! `--json` output: one line of JSON, written by serde_json from `Serialize` values (the SDK's
//! typed responses carry Paynet's field names and order, and exact decimals as JSON numbers). The
//! one deliberate key, `session open`'s new session key, comes from the SDK's own
//! `AgentSession::with_key_revealed`.

use paynet::Decimal;
use serde::ser::{Error as _, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::failure::Failure;

/// One line of JSON. A value that cannot be written (none of the tool's can) becomes an
/// `internal` failure object instead, so stdout is still one JSON object.
pub(crate) fn line<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        let failure = Failure::Internal(format!("JSON output failed: {e}"));
        // Strings, numbers and nulls only: it cannot fail.
        serde_json::to_string(&failure.to_json()).unwrap_or_default()
    })
}

/// An exact decimal written as a JSON number with its own digits (`0.2`, `239.50`), never
/// through a float.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exact(pub(crate) Decimal);

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The decimal's own text, checked to be a JSON number and written as is.
        RawValue::from_string(self.0.to_string())
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn decimals_are_written_exactly() {
        #[derive(serde::Serialize)]
        struct Numbers {
            a: Exact,
            b: Exact,
            c: Exact,
            d: Exact,
        }
        let numbers = Numbers {
            a: Exact(Decimal::new(5655, 2)),
            b: Exact(Decimal::new(2000, 4)),
            c: Exact(Decimal::new(-300, 2)),
            d: Exact(Decimal::ZERO),
        };
        assert_eq!(line(&numbers), r#"{"a":56.55,"b":0.2000,"c":-3.00,"d":0}"#);
    }
}
