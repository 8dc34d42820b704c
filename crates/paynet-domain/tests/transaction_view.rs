//! Reading Paynet transaction JSON into the typed [`Transaction`] view, through [`decode`] of a
//! capture answer: the seed's capture example and the variants seen on the wire.

#![allow(clippy::unwrap_used)]

use chrono::{Datelike, Timelike};
use paynet_domain::{
    Answer, BankId, CaptureOutcome, CaptureRequest, Currency, Error, Operation, PosType,
    ReportedAmount, ResultCode, Secrets, Transaction, TransactionRef, TransactionType,
};
use rust_decimal::Decimal;
use serde_json::Value;

/// The response example of Paynet's "Finansallaştırma" page, verbatim.
const SEED_CAPTURE: &str = r#"{
"xact_id": "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG",
"xact_date": "2016-04-08T10:27:22.0296925+03:00",
"transaction_type": 4,
"pos_type": 5,
"is_tds": true,
"agent_id": "20005",
"user_id": "cardholder",
"email": "",
"phone": "",
"bank_id": "AXSS",
"instalment": 3,
"ratio": 0.04,
"card_no_masked": "435508******4358",
"card_holder": "GJH",
"amount": 0,
"net_amount": 56.55,
"comission": 2.37,
"comission_tax": 0.43,
"currency": "TRY",
"authorization_code": "aut-8229",
"reference_code": "ref-8229",
"order_id": "order-8229",
"is_succeed": true,
"paynet_error_id": "",
"paynet_error_message": "",
"bank_error_id": "",
"bank_error_message": "",
"bank_error_short_desc": "",
"bank_error_long_desc": "",
"object_name": "transaction",
"code": 0,
"message": "Başarılı İşlem"
}"#;

fn capture_request() -> CaptureRequest {
    CaptureRequest::partial(
        TransactionRef::reference_no("ORDER-1").unwrap(),
        "10.50".parse().unwrap(),
    )
}

/// What `decode` makes of `json` as the HTTP 200 answer to a capture.
fn capture_outcome(json: &str) -> Result<CaptureOutcome, Error> {
    paynet_domain::decode(
        &capture_request(),
        Answer::new(200, json.as_bytes()),
        &Secrets::new(),
    )
}

/// The transaction of a capture answer, approved or declined; or the error it decodes to.
fn decode(json: &str) -> Result<Transaction, Error> {
    capture_outcome(json).map(|outcome| match outcome {
        CaptureOutcome::Approved { transaction, .. }
        | CaptureOutcome::Declined { transaction, .. } => *transaction,
    })
}

/// The transaction of a declined capture (`is_succeed: false` with a bank error): the way to
/// read a transaction whose result code is not a success.
fn decode_declined(json: &str) -> Transaction {
    match capture_outcome(json).unwrap() {
        CaptureOutcome::Declined { transaction, .. } => *transaction,
        other => panic!("expected a decline, got {other:?}"),
    }
}

/// The seed example as a bank decline, with `replacements` on top.
fn declined_with(replacements: &[(&str, &str)]) -> String {
    let mut all = vec![
        ("is_succeed", "false"),
        ("bank_error_id", r#""05""#),
        ("bank_error_message", r#""Red - Onaylanmadı""#),
    ];
    all.extend_from_slice(replacements);
    seed_with(&all)
}

/// The seed example with some fields replaced, given as raw JSON text (so that numbers keep their
/// exact text: going through `serde_json::Value` would read them as `f64`).
fn seed_with(replacements: &[(&str, &str)]) -> String {
    let mut text = SEED_CAPTURE.to_owned();
    for (field, raw) in replacements {
        let start = text
            .find(&format!("\"{field}\":"))
            .unwrap_or_else(|| panic!("{field} not in the seed"));
        let end = start + text[start..].find('\n').unwrap();
        let line_end = if text[start..end].ends_with(',') {
            end - 1
        } else {
            end
        };
        text.replace_range(start..line_end, &format!("\"{field}\": {raw}"));
    }
    // Still valid JSON.
    let _: Value = serde_json::from_str(&text).unwrap();
    text
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// Checks value, scale (the reported text) and currency.
fn assert_reported(actual: Option<ReportedAmount>, text: &str) {
    let actual = actual.unwrap_or_else(|| panic!("no amount where {text} was expected"));
    assert_eq!(actual.value(), dec(text));
    assert_eq!(
        actual.value().to_string(),
        text,
        "the reported scale is kept"
    );
    assert_eq!(actual.currency(), Currency::Try);
}

#[test]
fn the_seed_capture_example_decodes_without_loss() {
    let outcome = capture_outcome(SEED_CAPTURE).unwrap();
    assert!(
        matches!(
            outcome,
            CaptureOutcome::Approved {
                replayed: false,
                ..
            }
        ),
        "{outcome:?}"
    );
    let t = outcome.transaction().clone();

    assert_eq!(
        t.xact_id.as_deref(),
        Some("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
    );

    let date = t.date.unwrap();
    assert_eq!(date.offset().local_minus_utc(), 3 * 3600);
    assert_eq!((date.year(), date.month(), date.day()), (2016, 4, 8));
    assert_eq!((date.hour(), date.minute(), date.second()), (10, 27, 22));
    assert_eq!(date.nanosecond(), 29_692_500);
    assert_eq!(date.to_rfc3339(), "2016-04-08T10:27:22.029692500+03:00");
    assert_eq!(date.timestamp(), 1_460_100_442);
    // The text is exactly what Paynet sent (seven fraction digits included); it reads back as
    // the same instant and offset.
    let text = t.date_text.as_deref().unwrap();
    assert_eq!(text, "2016-04-08T10:27:22.0296925+03:00");
    assert_eq!(chrono::DateTime::parse_from_rfc3339(text).unwrap(), date);
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .offset()
            .local_minus_utc(),
        3 * 3600
    );

    assert_eq!(t.transaction_type, Some(TransactionType::Capture));
    assert_eq!(t.pos_type, Some(PosType::PaynetPos));
    assert_eq!(t.is_tds, Some(true));
    assert_eq!(t.agent_id.as_deref(), Some("20005"));
    assert_eq!(t.user_id.as_deref(), Some("cardholder"));
    assert_eq!(t.email, None, "\"\" is no e-mail");
    assert_eq!(t.phone, None, "\"\" is no phone");
    let bank = t.bank_id.clone().unwrap();
    assert_eq!(bank.as_str(), "AXSS");
    assert!(bank.known());
    assert_eq!(t.instalment, Some(3));
    assert_eq!(t.ratio, Some(dec("0.04")));
    assert_eq!(t.ratio.unwrap().to_string(), "0.04");
    assert_eq!(t.card_number_masked.as_deref(), Some("435508******4358"));
    assert_eq!(t.card_holder.as_deref(), Some("GJH"));
    assert_eq!(t.card_type, None);

    // Reported as sent: "amount": 0 beside a non-zero net amount; nothing is derived.
    assert_reported(t.amount, "0");
    assert_reported(t.net_amount, "56.55");
    assert_reported(t.commission, "2.37");
    assert_reported(t.commission_tax, "0.43");
    assert_eq!(t.net_amount.unwrap().to_string(), "56.55 TRY");
    assert_eq!(t.amount.unwrap().to_string(), "0.00 TRY");

    assert_eq!(t.authorization_code.as_deref(), Some("aut-8229"));
    assert_eq!(t.reference_code.as_deref(), Some("ref-8229"));
    assert_eq!(t.order_id.as_deref(), Some("order-8229"));
    assert_eq!(t.is_succeed, Some(true));
    assert_eq!(t.paynet_error, None, "all-empty error fields are no error");
    assert_eq!(t.bank_error, None, "all-empty error fields are no error");
    assert_eq!(t.result_code, Some(ResultCode::Successful));
    assert_eq!(t.message.as_deref(), Some("Başarılı İşlem"));
}

#[test]
fn code_as_a_string_is_read() {
    let t = decode(&seed_with(&[("code", r#""0""#)])).unwrap();
    assert_eq!(t.result_code, Some(ResultCode::Successful));

    let t = decode(&seed_with(&[("code", r#""100""#)])).unwrap();
    assert_eq!(t.result_code, Some(ResultCode::OldSuccessful));

    // A failure code as a string, in a bank decline: the transaction carries it.
    let t = decode_declined(&declined_with(&[("code", r#"" 12 ""#)]));
    assert_eq!(t.result_code, Some(ResultCode::NoData));

    // Without a bank error it is Paynet's refusal, with the code read from the string.
    let e = decode(&seed_with(&[
        ("is_succeed", "false"),
        ("code", r#"" 12 ""#),
    ]))
    .unwrap_err();
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_eq!(e.result_code(), Some(ResultCode::NoData));
}

#[test]
fn types_as_strings_are_read() {
    let t = decode(&seed_with(&[
        ("transaction_type", r#""4""#),
        ("pos_type", r#""5""#),
    ]))
    .unwrap();
    assert_eq!(t.transaction_type, Some(TransactionType::Capture));
    assert_eq!(t.pos_type, Some(PosType::PaynetPos));

    let t = decode(&seed_with(&[
        ("transaction_type", r#""3""#),
        ("pos_type", r#""1""#),
    ]))
    .unwrap();
    assert_eq!(t.transaction_type, Some(TransactionType::PreAuth));
    assert_eq!(t.pos_type, Some(PosType::SwipePos));
}

#[test]
fn a_timestamp_without_offset_is_read_as_turkish_time() {
    let t = decode(&seed_with(&[("xact_date", r#""2015-12-04T18:14:28.377""#)])).unwrap();
    let date = t.date.unwrap();
    assert_eq!(date.offset().local_minus_utc(), 3 * 3600);
    assert_eq!(date.to_rfc3339(), "2015-12-04T18:14:28.377+03:00");
    // 18:14:28 in Turkey is 15:14:28 UTC.
    assert_eq!(
        date.naive_utc().to_string(),
        "2015-12-04 15:14:28.377",
        "local Turkish time, not UTC"
    );
    assert_eq!(t.date_text.as_deref(), Some("2015-12-04T18:14:28.377"));

    // Without a fraction too.
    let t = decode(&seed_with(&[("xact_date", r#""2015-12-04T18:14:28""#)])).unwrap();
    assert_eq!(t.date.unwrap().to_rfc3339(), "2015-12-04T18:14:28+03:00");
}

#[test]
fn the_no_date_sentinel_is_none_and_its_text_is_kept() {
    let t = decode(&seed_with(&[("xact_date", r#""0001-01-01T00:00:00""#)])).unwrap();
    assert_eq!(t.date, None);
    assert_eq!(t.date_text.as_deref(), Some("0001-01-01T00:00:00"));
}

#[test]
fn the_no_date_sentinel_with_an_offset_is_none_too() {
    // .NET's DateTimeOffset.MinValue: the same "no date", written with an offset.
    for text in [
        "0001-01-01T00:00:00.0000000+00:00",
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+03:00",
    ] {
        let t = decode(&seed_with(&[("xact_date", &format!("\"{text}\""))])).unwrap();
        assert_eq!(t.date, None, "{text}");
        assert_eq!(t.date_text.as_deref(), Some(text), "kept exactly as sent");
    }
}

#[test]
fn an_unreadable_timestamp_is_kept_as_text() {
    let t = decode(&seed_with(&[("xact_date", r#""08.04.2016 10:27""#)])).unwrap();
    assert_eq!(t.date, None);
    assert_eq!(t.date_text.as_deref(), Some("08.04.2016 10:27"));
}

#[test]
fn blank_strings_are_none() {
    let t = decode(&seed_with(&[
        ("email", r#"" ""#),
        ("phone", r#""  ""#),
        ("agent_id", r#""""#),
        ("user_id", r#"" ""#),
        ("card_holder", r#""""#),
        ("authorization_code", r#""""#),
        ("message", r#""""#),
    ]))
    .unwrap();
    assert_eq!(t.email, None);
    assert_eq!(t.phone, None);
    assert_eq!(t.agent_id, None);
    assert_eq!(t.user_id, None);
    assert_eq!(t.card_holder, None);
    assert_eq!(t.authorization_code, None);
    assert_eq!(t.message, None);

    // A real value is kept as sent.
    let t = decode(&seed_with(&[("email", r#""ayse@example.com""#)])).unwrap();
    assert_eq!(t.email.as_deref(), Some("ayse@example.com"));
}

#[test]
fn unknown_fields_are_ignored() {
    // Inserted into the raw text (not through serde_json::Value) to keep the numbers' text.
    let extra = r#""obeject_name": "transaction", "xact_transaction_id": 123456, "nested": {"a": [1, 2, {"b": null}]}, "note": null,"#;
    let text = SEED_CAPTURE.replacen('{', &format!("{{{extra}"), 1);
    let with_extra = decode(&text).unwrap();
    assert_eq!(with_extra, decode(SEED_CAPTURE).unwrap());
}

#[test]
fn unknown_enum_values_are_kept() {
    // An unknown result code is not a success: read in a bank decline.
    let t = decode_declined(&declined_with(&[
        ("transaction_type", "42"),
        ("pos_type", "9"),
        ("code", "999"),
        ("bank_id", r#""QQQQ""#),
    ]));
    assert_eq!(t.transaction_type, Some(TransactionType::from_i64(42)));
    assert_eq!(t.transaction_type.unwrap().as_i64(), 42);
    assert_eq!(t.pos_type, Some(PosType::from_i64(9)));
    assert_eq!(t.result_code, Some(ResultCode::from_i64(999)));
    assert!(!t.result_code.unwrap().is_success());
    let bank = t.bank_id.unwrap();
    assert_eq!(bank, BankId::new("QQQQ"));
    assert_eq!(bank.as_str(), "QQQQ");
    assert!(!bank.known());

    // Undocumented type 8 (between documented ones) as a string.
    let t = decode(&seed_with(&[("transaction_type", r#""8""#)])).unwrap();
    assert_eq!(t.transaction_type, Some(TransactionType::from_i64(8)));
}

#[test]
fn amounts_with_four_decimals_are_exact() {
    let t = decode(&seed_with(&[
        ("amount", "1234567890123.45"),
        ("net_amount", "1215.3396"),
        ("comission", "19.2104"),
        ("comission_tax", "3.4578"),
        ("ratio", "0.0158"),
    ]))
    .unwrap();
    assert_reported(t.amount, "1234567890123.45");
    assert_reported(t.net_amount, "1215.3396");
    assert_reported(t.commission, "19.2104");
    assert_reported(t.commission_tax, "3.4578");
    assert_eq!(t.commission.unwrap().to_string(), "19.2104 TRY");
    assert_eq!(t.ratio.unwrap().to_string(), "0.0158");

    // A float would turn 0.1 + 0.2 style values into 0.30000000000000004; these stay exact.
    let t = decode(&seed_with(&[
        ("net_amount", "0.3"),
        ("comission", "\"56.55\""),
    ]))
    .unwrap();
    assert_reported(t.net_amount, "0.3");
    assert_reported(t.commission, "56.55");
}

#[test]
fn a_missing_currency_is_lira_and_its_case_is_ignored() {
    let text = SEED_CAPTURE.replace("\"currency\": \"TRY\",\n", "");
    assert!(!text.contains("currency"));
    let t = decode(&text).unwrap();
    assert_eq!(t.net_amount.unwrap().currency(), Currency::Try);

    let t = decode(&seed_with(&[("currency", r#""try""#)])).unwrap();
    assert_eq!(t.net_amount.unwrap().currency(), Currency::Try);
}

#[test]
fn a_non_numeric_code_is_an_invalid_response() {
    let e = decode(&seed_with(&[("code", r#""ok""#)])).unwrap_err();
    let Error::InvalidResponse {
        operation, reason, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*operation, Operation::CAPTURE);
    assert!(reason.contains("`code`"), "{reason}");
    assert_eq!(e.http_status(), Some(200));
    // A 2xx answer to a capture that cannot be read: whether money moved is unknown.
    assert!(e.needs_reconciliation(), "{e:?}");

    // A type carries no money: an odd one is no reason to drop the answer.
    let t = decode(&seed_with(&[("transaction_type", r#""capture""#)])).unwrap();
    assert_eq!(t.transaction_type, None);
    assert_eq!(t.net_amount.map(|a| a.value()), Some(dec("56.55")));
}

/// "Read whatever Paynet sends": the seed capture answer with booleans and integers as strings,
/// or the lira written `TL`, is an approved capture with its amounts exact.
#[test]
fn the_seed_with_strings_for_booleans_and_integers_is_read_exactly() {
    for changes in [
        &[
            ("is_succeed", r#""true""#),
            ("is_tds", r#""false""#),
            ("instalment", r#""3""#),
        ][..],
        &[("currency", r#""TL""#)][..],
        &[
            ("is_succeed", r#"" TRUE ""#),
            ("is_tds", "0"),
            ("instalment", r#"" 3 ""#),
            ("currency", r#""949""#),
        ][..],
        &[
            ("is_succeed", "1"),
            ("code", r#""0""#),
            ("net_amount", r#""56.55""#),
        ][..],
    ] {
        let t = decode(&seed_with(changes)).unwrap();
        assert_eq!(t.is_succeed, Some(true), "{changes:?}");
        assert_eq!(t.instalment, Some(3), "{changes:?}");
        assert_reported(t.net_amount, "56.55");
        assert_reported(t.commission, "2.37");
        assert_eq!(
            t.net_amount.unwrap().currency(),
            Currency::Try,
            "{changes:?}"
        );
    }
    let t = decode(&seed_with(&[("is_tds", r#""false""#)])).unwrap();
    assert_eq!(t.is_tds, Some(false));
}

/// Capture answers write decimals with a dot: a comma there is refused, never guessed.
#[test]
fn a_comma_decimal_in_a_dot_endpoint_is_refused() {
    let e = decode(&seed_with(&[("net_amount", r#""56,55""#)])).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidResponse { reason, .. } if reason.contains("net_amount") && reason.contains("56,55")),
        "{e:?}"
    );
    // An odd is_succeed says nothing about the money: refused too.
    let e = decode(&seed_with(&[("is_succeed", r#""maybe""#)])).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidResponse { reason, .. } if reason.contains("is_succeed")),
        "{e:?}"
    );
}

#[test]
fn a_foreign_currency_is_kept_as_sent() {
    let t = decode(&seed_with(&[("currency", r#""USD""#)])).unwrap();
    let amount = t.net_amount.unwrap();
    assert!(matches!(amount.currency(), Currency::Unknown(_)));
    assert_eq!(amount.to_string(), "56.55 USD");
}

#[test]
fn bank_and_paynet_errors_are_read() {
    // A bank decline: an outcome carrying the transaction, not an error.
    let t = decode_declined(&seed_with(&[
        ("is_succeed", "false"),
        ("paynet_error_id", r#""P12""#),
        ("bank_error_id", r#""05""#),
        ("bank_error_message", r#""Red - Onaylanmadı""#),
        ("bank_error_short_desc", r#"" ""#),
        ("bank_error_long_desc", r#""Do not honour""#),
    ]));
    assert_eq!(t.is_succeed, Some(false));
    let paynet = t.paynet_error.unwrap();
    assert_eq!(paynet.id.as_deref(), Some("P12"));
    assert_eq!(paynet.message, None);
    let bank = t.bank_error.unwrap();
    assert_eq!(bank.id.as_deref(), Some("05"));
    assert_eq!(bank.message.as_deref(), Some("Red - Onaylanmadı"));
    assert_eq!(bank.short_desc, None);
    assert_eq!(bank.long_desc.as_deref(), Some("Do not honour"));
}

#[test]
fn an_answer_with_only_is_succeed_is_all_none() {
    let t = decode(r#"{"is_succeed": true}"#).unwrap();
    let mut expected = Transaction::default();
    expected.is_succeed = Some(true);
    assert_eq!(t, expected);
}

#[test]
fn an_empty_object_is_an_invalid_response() {
    // Without `is_succeed`, a capture answer does not say whether money moved.
    let e = decode("{}").unwrap_err();
    let Error::InvalidResponse {
        operation,
        status,
        reason,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*operation, Operation::CAPTURE);
    assert_eq!(*status, Some(200));
    assert!(reason.contains("is_succeed"), "{reason}");
    assert!(e.needs_reconciliation(), "{e:?}");
}
