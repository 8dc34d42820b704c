//! JSON output with Paynet's own field names, fields in Paynet's order, and amounts as exact JSON
//! numbers (the decimal's digits, never through a float).

use paynet::{AgentSession, Decimal, ReportedAmount, SaleCheck, SaleSession, Transaction};
use serde::ser::{Error as _, Serialize, SerializeMap as _, SerializeSeq as _, Serializer};
use serde_json::value::RawValue;

/// A JSON value that keeps its keys in order and writes decimals exactly.
#[derive(Debug, Clone)]
pub(crate) enum J {
    Null,
    Bool(bool),
    Int(i64),
    /// An exact decimal, written with its digits as they are (`56.55`, `0.2000`).
    Decimal(Decimal),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    pub(crate) fn str(s: impl Into<String>) -> J {
        J::Str(s.into())
    }

    pub(crate) fn opt_str(s: Option<&str>) -> J {
        s.map_or(J::Null, J::str)
    }

    pub(crate) fn obj<K: Into<String>>(fields: impl IntoIterator<Item = (K, J)>) -> J {
        J::Obj(fields.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> J) -> J {
        v.map_or(J::Null, f)
    }
}

impl Serialize for J {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            J::Null => serializer.serialize_unit(),
            J::Bool(b) => serializer.serialize_bool(*b),
            J::Int(n) => serializer.serialize_i64(*n),
            J::Decimal(d) => {
                // The decimal's own text ("56.55"), checked to be a JSON number and written as
                // is: no float ever holds the value.
                let raw = RawValue::from_string(d.to_string()).map_err(S::Error::custom)?;
                raw.serialize(serializer)
            }
            J::Str(s) => serializer.serialize_str(s),
            J::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            J::Obj(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// One line of JSON.
pub(crate) fn to_string(value: &J) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| {
        // Only a decimal that is not a JSON number could fail; rust_decimal never writes one.
        format!(
            "{{\"error\":{{\"kind\":\"internal\",\"message\":{},\"http_status\":null,\"code\":null}}}}",
            serde_json::Value::String(format!("JSON output failed: {e}"))
        )
    })
}

fn amount(a: Option<ReportedAmount>) -> J {
    J::opt(a, |a| J::Decimal(a.value()))
}

fn text(s: &Option<String>) -> J {
    J::opt_str(s.as_deref())
}

/// A transaction with Paynet's field names (`comission` as Paynet spells it), `null` for what
/// Paynet did not send (or sent blank); `code`, `transaction_type` and `pos_type` as numbers.
pub(crate) fn transaction(t: &Transaction) -> J {
    let currency = [t.amount, t.net_amount, t.commission, t.commission_tax]
        .into_iter()
        .flatten()
        .map(|a| a.currency().code())
        .next();
    let paynet_error = t.paynet_error.clone().unwrap_or_default();
    let bank_error = t.bank_error.clone().unwrap_or_default();
    let mut fields: Vec<(&str, J)> = vec![
        ("xact_id", text(&t.xact_id)),
        (
            "xact_date",
            J::opt(t.date_text.as_deref(), |d| J::Str(dotnet_fraction(d))),
        ),
        (
            "transaction_type",
            J::opt(t.transaction_type, |v| J::Int(v.as_i64())),
        ),
        ("pos_type", J::opt(t.pos_type, |v| J::Int(v.as_i64()))),
        ("is_tds", J::opt(t.is_tds, J::Bool)),
        ("agent_id", text(&t.agent_id)),
        ("user_id", text(&t.user_id)),
        ("email", text(&t.email)),
        ("phone", text(&t.phone)),
        (
            "bank_id",
            J::opt(t.bank_id.as_ref(), |b| J::str(b.as_str())),
        ),
        ("instalment", J::opt(t.instalment, J::Int)),
        ("ratio", J::opt(t.ratio, J::Decimal)),
        ("card_no_masked", text(&t.card_number_masked)),
        ("card_holder", text(&t.card_holder)),
    ];
    if let Some(card_type) = &t.card_type {
        fields.push(("card_type", J::str(card_type.as_str())));
    }
    fields.extend([
        ("amount", amount(t.amount)),
        ("net_amount", amount(t.net_amount)),
        ("comission", amount(t.commission)),
        ("comission_tax", amount(t.commission_tax)),
        ("currency", J::opt_str(currency)),
        ("authorization_code", text(&t.authorization_code)),
        ("reference_code", text(&t.reference_code)),
        ("order_id", text(&t.order_id)),
        ("is_succeed", J::opt(t.is_succeed, J::Bool)),
        ("paynet_error_id", text(&paynet_error.id)),
        ("paynet_error_message", text(&paynet_error.message)),
        ("bank_error_id", text(&bank_error.id)),
        ("bank_error_message", text(&bank_error.message)),
        ("bank_error_short_desc", text(&bank_error.short_desc)),
        ("bank_error_long_desc", text(&bank_error.long_desc)),
        ("code", J::opt(t.result_code, |c| J::Int(c.as_i64()))),
        ("message", text(&t.message)),
    ]);
    J::obj(fields)
}

/// Paynet (.NET) writes 7 fraction digits (`2016-04-08T10:27:22.0296925+03:00`); the SDK's text
/// has 3, 6 or 9 (`…22.029692500+03:00`). When the two extra digits are zeros, .NET's form is
/// given back, so the date reads as Paynet sent it.
pub(crate) fn dotnet_fraction(text: &str) -> String {
    if let Some(dot) = text.find('.') {
        let start = dot + 1;
        let end = text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(text.len(), |i| start + i);
        if end - start == 9 && text[start..end].ends_with("00") {
            return format!("{}{}", &text[..end - 2], &text[end..]);
        }
    }
    text.to_owned()
}

/// A started sale. `encryption_key` is never written: `"[redacted]"` when Paynet sent one,
/// `null` otherwise.
pub(crate) fn sale_session(s: &SaleSession) -> J {
    J::obj([
        ("payment_session_id", J::str(&s.payment_session_id)),
        ("deeplink_url", J::str(&s.deeplink_url)),
        (
            "encryption_key",
            J::opt(s.encryption_key.as_ref(), |_| J::str("[redacted]")),
        ),
        ("code", J::Int(s.result_code.as_i64())),
        ("message", text(&s.message)),
    ])
}

/// Whether [`agent_session`] writes the session key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SessionKeyShown {
    /// The key itself: only `paynet session open`, on stdout, as its result.
    Revealed,
    /// `"[redacted]"` (the demo).
    Redacted,
}

/// An opened session with get_auth_key's field names and order. `session_key` is written only
/// when `shown` says so.
pub(crate) fn agent_session(s: &AgentSession, shown: SessionKeyShown) -> J {
    let key = match shown {
        SessionKeyShown::Revealed => J::str(s.session_key.expose_secret()),
        SessionKeyShown::Redacted => J::str("[redacted]"),
    };
    J::obj([
        ("session_key", key),
        ("expired_date", text(&s.expired_date)),
        ("agent_id", text(&s.agent_id)),
        ("company_code", text(&s.company_code)),
        ("user_id", text(&s.user_id)),
        ("user_unique_id", text(&s.user_unique_id)),
        ("is_okc_inquiry", J::opt(s.is_okc_inquiry, J::Bool)),
        ("code", J::Int(s.result_code.as_i64())),
    ])
}

/// A transaction as check_transaction reports it: its field names and order (`card_no`,
/// `card_type`, `netAmount` in camelCase, `xact_transaction_id`, `note`, `agent_reference`),
/// `null` for what Paynet did not send.
pub(crate) fn checked_transaction(t: &Transaction) -> J {
    let currency = [t.amount, t.net_amount, t.commission, t.commission_tax]
        .into_iter()
        .flatten()
        .map(|a| a.currency().code())
        .next();
    J::obj([
        ("xact_id", text(&t.xact_id)),
        (
            "xact_date",
            J::opt(t.date_text.as_deref(), |d| J::Str(dotnet_fraction(d))),
        ),
        (
            "transaction_type",
            J::opt(t.transaction_type, |v| J::Int(v.as_i64())),
        ),
        ("pos_type", J::opt(t.pos_type, |v| J::Int(v.as_i64()))),
        ("agent_id", text(&t.agent_id)),
        ("is_tds", J::opt(t.is_tds, J::Bool)),
        (
            "bank_id",
            J::opt(t.bank_id.as_ref(), |b| J::str(b.as_str())),
        ),
        ("instalment", J::opt(t.instalment, J::Int)),
        ("card_no", text(&t.card_number_masked)),
        ("card_holder", text(&t.card_holder)),
        (
            "card_type",
            J::opt(t.card_type.as_ref(), |c| J::str(c.as_str())),
        ),
        ("ratio", J::opt(t.ratio, J::Decimal)),
        ("amount", amount(t.amount)),
        ("netAmount", amount(t.net_amount)),
        ("comission", amount(t.commission)),
        ("comission_tax", amount(t.commission_tax)),
        ("currency", J::opt_str(currency)),
        ("authorization_code", text(&t.authorization_code)),
        ("reference_code", text(&t.reference_code)),
        ("order_id", text(&t.order_id)),
        ("is_succeed", J::opt(t.is_succeed, J::Bool)),
        ("xact_transaction_id", text(&t.plain_id)),
        ("email", text(&t.email)),
        ("phone", text(&t.phone)),
        ("note", text(&t.note)),
        ("agent_reference", text(&t.agent_reference)),
    ])
}

/// check_transaction's answer: `{"Data": [...], "code", "message"}`. A pending sale is
/// `"Data": []` with `"code": 12`.
pub(crate) fn sale_check(c: &SaleCheck) -> J {
    J::obj([
        (
            "Data",
            J::Arr(c.transactions.iter().map(checked_transaction).collect()),
        ),
        ("code", J::Int(c.result_code.as_i64())),
        ("message", text(&c.message)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_the_dotnet_form() {
        for (sdk, shown) in [
            (
                "2016-04-08T10:27:22.029692500+03:00",
                "2016-04-08T10:27:22.0296925+03:00",
            ),
            (
                "2016-04-08T10:27:22.123456789+03:00",
                "2016-04-08T10:27:22.123456789+03:00",
            ),
            ("2015-12-04T18:14:28.377", "2015-12-04T18:14:28.377"),
            (
                "2015-12-04T18:14:28.377000000",
                "2015-12-04T18:14:28.3770000",
            ),
            ("0001-01-01T00:00:00", "0001-01-01T00:00:00"),
            ("08.04.2016 10:27", "08.04.2016 10:27"),
        ] {
            assert_eq!(dotnet_fraction(sdk), shown);
        }
    }

    #[test]
    fn decimals_are_written_exactly() {
        let value = J::obj([
            ("a", J::Decimal(Decimal::new(5655, 2))),
            ("b", J::Decimal(Decimal::new(2000, 4))),
            ("c", J::Decimal(Decimal::new(-300, 2))),
            ("d", J::Decimal(Decimal::ZERO)),
            ("e", J::str("\"quoted\"")),
            ("f", J::Arr(vec![J::Null, J::Bool(true), J::Int(100)])),
        ]);
        assert_eq!(
            to_string(&value),
            r#"{"a":56.55,"b":0.2000,"c":-3.00,"d":0,"e":"\"quoted\"","f":[null,true,100]}"#
        );
    }
}
