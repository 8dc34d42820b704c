//! No credential ever shows: with a realistic secret key, a session key and the encryption key
//! that init_sale returns, the fault cases of the suite are run for every operation (capture,
//! init_sale, get_auth_key, logout, check_transaction, init_reversal_transaction) against
//! servers that echo the credential they received (in messages, HTML pages, JSON fields, raw
//! JSON-escaped as .NET and PHP write `+` and `/`, cut in the middle, in the whole request head),
//! while every line of `tracing` output (TRACE level: the SDK, hyper, and reqwest's `log` records)
//! is captured. The `Debug` and `Display` of the builder, the client, the PayPOS handle, every
//! result and every error (with its source chain), and the captured output must contain none of
//! the three keys, nor a recognisable piece of one.
//!
//! The servers echo the credential of the call they serve (the secret key to a capture,
//! get_auth_key and logout, the session key to the PayPOS calls) anywhere, and the encryption key
//! in JSON fields and in messages. The session key is a secret wherever it travels: logout sends
//! it in its body, and get_auth_key returns it (`AgentSession` must not show it); those servers
//! echo it too. An encryption key, or the session key that get_auth_key issues, in the free text
//! of an unreadable answer (an HTML page) is not covered: the SDK cannot tell it from other text.

mod common;

use std::fmt::{Debug, Write as _};

use common::*;
use httpmock::{HttpMockRequest, HttpMockResponse, MockServer};
use paynet::raw::paypos_agent::types::{
    CloseSessionPaynetMobile, LogoutRequest, OpenSessionPaynetMobile,
};
use paynet::{CallOptions, Client, Error, RetryPolicy, ReversalRequest, error_kind};
use paynet_httpmock::paynet_transaction::MockServerExt as _;
use paynet_httpmock::paypos_agent::MockServerExt as _;
use paynet_httpmock::paypos_app2app::MockServerExt as _;
use paynet_httpmock::paypos_softpos::MockServerExt as _;
use serde_json::json;

/// How one case answers.
#[derive(Clone, Debug)]
enum Answer {
    /// httpmock answers with this status, content type (none if empty) and body template.
    Http(u16, &'static str, String),
    /// As `Http`, but later than the attempt timeout.
    Slow(String),
    /// A raw TCP server.
    Raw(Behaviour),
    /// Nothing listens.
    Refused,
}

/// One fault case: what the server does, and what the SDK makes of it ([`error_kind`] or "ok").
#[derive(Clone, Debug)]
struct Case {
    name: &'static str,
    answer: Answer,
    body_limit: Option<usize>,
    expect: &'static str,
}

fn case(name: &'static str, answer: Answer, expect: &'static str) -> Case {
    Case {
        name,
        answer,
        body_limit: None,
        expect,
    }
}

fn http(status: u16, content_type: &'static str, body: impl Into<String>) -> Answer {
    Answer::Http(status, content_type, body.into())
}

fn json_answer(status: u16, body: &serde_json::Value) -> Answer {
    Answer::Http(status, "application/json", body.to_string())
}

/// Fills a body template with what the server received: `{KEY}` the credential as is,
/// `{KEY_ESC}` JSON-escaped the way .NET and PHP encoders write it (`\/`, `\u002B`),
/// `{KEY_HALF}` its first half (a body cut inside the key), `{ENC}` the encryption key, `{SESS}`
/// the session key (the one get_auth_key issues, logout receives in its body, and the PayPOS
/// calls receive as their credential).
fn fill(template: &str, key: &str) -> String {
    let escaped = key.replace('/', "\\/").replace('+', "\\u002B");
    template
        .replace("{KEY}", key)
        .replace("{KEY_ESC}", &escaped)
        .replace("{KEY_HALF}", &key[..key.len() / 2])
        .replace("{ENC}", ENCRYPTION)
        .replace("{SESS}", SESSION)
}

/// An httpmock responder that echoes the credential it received.
fn echo(
    status: u16,
    content_type: &'static str,
    template: String,
) -> impl Fn(&HttpMockRequest) -> HttpMockResponse + Send + Sync + 'static {
    move |request| {
        let headers = request.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let authorization = header("authorization");
        let key = match authorization.strip_prefix("Basic ") {
            Some(secret) => secret.to_owned(),
            None => header("session-key"),
        };
        assert!(!key.is_empty(), "the request carried no credential");
        let mut response = HttpMockResponse::builder().status(status);
        if !content_type.is_empty() {
            response = response.header("content-type", content_type);
        }
        response.body(fill(&template, &key)).build()
    }
}

const LIMIT: usize = 256;

const HTML_ECHO: &str = "<!DOCTYPE html>\n<html><body><h1>500</h1><pre>Authorization: Basic {KEY}\n\
                         Session-Key: {KEY}\nescaped: {KEY_ESC}</pre></body></html>";

/// The cases both operations share: error answers, broken bodies, broken connections.
fn common_cases() -> Vec<Case> {
    let padding = "x".repeat(8 * LIMIT);
    vec![
        case(
            "401 with {type, message, code, result_code}",
            json_answer(
                401,
                &json!({"type": "authorization_error", "message": "Geçersiz anahtar: {KEY}",
                        "code": 401, "result_code": 7}),
            ),
            "rejected",
        ),
        case(
            "403 with the key as its type",
            json_answer(
                403,
                &json!({"type": "{KEY}", "message": "Yetkisiz {KEY_ESC}", "code": 403,
                        "result_code": 2}),
            ),
            "rejected",
        ),
        case(
            "404 HTML page",
            http(
                404,
                "text/html",
                "<html><body>No route for Basic {KEY}</body></html>",
            ),
            "invalid_response",
        ),
        case(
            "500 HTML page",
            http(500, "text/html", HTML_ECHO),
            "invalid_response",
        ),
        case("502 empty body", http(502, "", ""), "invalid_response"),
        case(
            "truncated JSON cut inside the key",
            http(
                200,
                "application/json",
                "{\"message\":\"anahtar {KEY_ESC} ve {KEY_HALF}",
            ),
            "invalid_response",
        ),
        case(
            "JSON array with key fields",
            http(
                200,
                "application/json",
                "[{\"authorization\":\"Basic {KEY}\",\"secret_key\":\"{KEY}\",\
                 \"session_key\":\"{KEY}\",\"encryption_key\":\"{ENC}\",\"echo\":\"{KEY_ESC}\"}]",
            ),
            "invalid_response",
        ),
        case(
            "JSON string",
            http(200, "application/json", "\"{KEY_ESC}\""),
            "invalid_response",
        ),
        case(
            "HTML page as text/html with HTTP 200",
            http(200, "text/html", HTML_ECHO),
            "invalid_response",
        ),
        Case {
            body_limit: Some(LIMIT),
            ..case(
                "body over the limit",
                http(
                    200,
                    "application/json",
                    format!(
                        "{{\"encryption_key\":\"{{ENC}}\",\"message\":\"{{KEY}} {{KEY_ESC}} \
                         {padding}\"}}"
                    ),
                ),
                "invalid_response",
            )
        },
        Case {
            body_limit: Some(LIMIT),
            ..case(
                "error page over the limit",
                http(
                    503,
                    "text/html",
                    format!("<html><pre>{{KEY}}</pre>{padding}</html>"),
                ),
                "invalid_response",
            )
        },
        case(
            "slower than the timeout",
            Answer::Slow("{\"message\":\"{KEY}\"}".into()),
            "outcome_unknown",
        ),
        case(
            "connection closed before any response",
            Answer::Raw(Behaviour::Drop),
            "outcome_unknown",
        ),
        case(
            "request echoed in a 500",
            Answer::Raw(Behaviour::Echo("500 Internal Server Error")),
            "invalid_response",
        ),
        case(
            "request echoed in a 200",
            Answer::Raw(Behaviour::Echo("200 OK")),
            "invalid_response",
        ),
        case("connection refused", Answer::Refused, "transport"),
    ]
}

fn capture_cases() -> Vec<Case> {
    let tx = |changes: serde_json::Value| {
        let mut map = seed_transaction_json();
        if let serde_json::Value::Object(changes) = changes {
            map.extend(changes);
        }
        serde_json::Value::Object(map)
    };
    let mut cases = vec![
        case(
            "success echoing the key in text fields",
            json_answer(
                200,
                &tx(json!({"message": "Başarılı İşlem ({KEY})", "card_holder": "{KEY}"})),
            ),
            "ok",
        ),
        case(
            "result code 100",
            json_answer(200, &tx(json!({"code": 100, "message": "Tekrar: {KEY}"}))),
            "ok",
        ),
        case(
            "HTTP 200 with a non-zero code",
            json_answer(
                200,
                &json!({"code": 12, "is_succeed": false, "message": "{KEY} için kayıt yok",
                        "paynet_error_message": "{KEY}"}),
            ),
            "rejected",
        ),
        case(
            "HTTP 200 with a non-zero code and only Paynet's error",
            json_answer(
                200,
                &json!({"code": 1, "is_succeed": false, "paynet_error_id": "E1",
                        "paynet_error_message": "Anahtar {KEY} geçersiz"}),
            ),
            "rejected",
        ),
        case(
            "bank decline",
            json_answer(
                200,
                &tx(
                    json!({"is_succeed": false, "code": 1, "bank_error_id": "05",
                           "bank_error_message": "Red {KEY}", "bank_error_short_desc": "{KEY}",
                           "bank_error_long_desc": "{KEY}", "paynet_error_message": "{KEY}"}),
                ),
            ),
            "ok",
        ),
        case(
            "400 with the PayPOS error body",
            json_answer(
                400,
                &json!({"object_name": "error", "code": 11,
                        "message": "Geçersiz istek: Authorization=Basic {KEY}"}),
            ),
            "rejected",
        ),
        case(
            "valid JSON as text/plain",
            http(
                200,
                "text/plain",
                tx(json!({"message": "{KEY}"})).to_string(),
            ),
            "ok",
        ),
        case(
            "unknown extra fields",
            json_answer(
                200,
                &tx(json!({"echo_authorization": "Basic {KEY}",
                           "debug": {"secret_key": "{KEY}", "raw": "{KEY_ESC}"}})),
            ),
            "ok",
        ),
        case(
            "unknown values carrying the key",
            json_answer(
                200,
                &tx(
                    json!({"bank_id": "{KEY}", "xact_date": "{KEY}", "email": "{KEY}",
                           "phone": "{KEY_HALF}", "order_id": "order-{KEY}"}),
                ),
            ),
            "ok",
        ),
        case(
            "a transaction type that is the key",
            json_answer(200, &tx(json!({"transaction_type": "{KEY}"}))),
            "invalid_response",
        ),
        case(
            "unknown result code",
            json_answer(
                200,
                &json!({"code": 999, "is_succeed": false, "message": "Yeni hata {KEY}"}),
            ),
            "rejected",
        ),
    ];
    cases.extend(common_cases());
    cases
}

fn sale_cases() -> Vec<Case> {
    let sale = |changes: serde_json::Value| {
        let mut value = serde_json::to_value(sale_response(0)).expect("json");
        if let (Some(map), serde_json::Value::Object(changes)) = (value.as_object_mut(), changes) {
            map.extend(changes);
        }
        value
    };
    let mut cases = vec![
        case(
            "success echoing both keys in the message",
            json_answer(200, &sale(json!({"message": "Başarılı {KEY} {ENC}"}))),
            "ok",
        ),
        case(
            "result code 100",
            json_answer(200, &sale(json!({"code": 100, "message": "{KEY_ESC}"}))),
            "ok",
        ),
        case(
            "HTTP 200 with a non-zero code",
            json_answer(
                200,
                &json!({"object_name": "error", "code": 13, "encryption_key": "{ENC}",
                        "message": "Oturum {KEY} yok; anahtar {ENC}"}),
            ),
            "rejected",
        ),
        case(
            "400 with the PayPOS error body",
            json_answer(
                400,
                &json!({"object_name": "error", "code": 7,
                        "message": "Session-Key {KEY} geçersiz"}),
            ),
            "rejected",
        ),
        case(
            "valid JSON as text/plain",
            http(
                200,
                "text/plain",
                sale(json!({"message": "{KEY}"})).to_string(),
            ),
            "ok",
        ),
        case(
            "unknown extra fields",
            json_answer(
                200,
                &sale(json!({"session_key": "{KEY}", "authorization": "{KEY}",
                             "debug": {"key": "{KEY_ESC}"}})),
            ),
            "ok",
        ),
        case(
            "a successful code without a session id",
            json_answer(
                200,
                &json!({"code": 0, "encryption_key": "{ENC}", "message": "{KEY}"}),
            ),
            "invalid_response",
        ),
        case(
            "unknown result code",
            json_answer(
                200,
                &sale(json!({"code": 999, "message": "Yeni hata {KEY} {ENC}"})),
            ),
            "rejected",
        ),
    ];
    cases.extend(common_cases());
    cases
}

/// A get_auth_key answer issuing the session key, with some fields replaced.
fn agent_session(changes: serde_json::Value) -> serde_json::Value {
    let mut value = json!({
        "session_key": "{SESS}", "expired_date": "2024-05-01T18:30:00", "agent_id": "20005",
        "company_code": "1001", "user_id": "cashier-1", "user_unique_id": "u-42",
        "is_okc_inquiry": false, "object_name": "agent_session", "code": 0, "message": "Başarılı",
    });
    if let (Some(map), serde_json::Value::Object(changes)) = (value.as_object_mut(), changes) {
        map.extend(changes);
    }
    value
}

/// get_auth_key: the server receives the secret key (`{KEY}`) and issues the session key
/// (`{SESS}`), which it echoes where the SDK can know it for a key: in `session_key` fields, and
/// in the text of an answer that carries one.
fn auth_key_cases() -> Vec<Case> {
    let mut cases = vec![
        case(
            "success echoing both keys in text fields",
            json_answer(
                200,
                &agent_session(json!({
                    "message": "Başarılı {KEY} {SESS}", "company_code": "{KEY}",
                    "user_unique_id": "{KEY_ESC}", "expired_date": "{KEY}",
                    "agent_id": "20005 {SESS}", "user_id": "{SESS}",
                })),
            ),
            "ok",
        ),
        case(
            "result code 100",
            json_answer(
                200,
                &agent_session(json!({"code": 100, "message": "{KEY_ESC}"})),
            ),
            "ok",
        ),
        case(
            "HTTP 200 with a non-zero code and a session key",
            json_answer(
                200,
                &json!({"object_name": "error", "code": 4, "session_key": "{SESS}",
                        "message": "Bayi {KEY} yok; oturum {SESS}"}),
            ),
            "rejected",
        ),
        case(
            "400 with the PayPOS error body",
            json_answer(
                400,
                &json!({"object_name": "error", "code": 11,
                        "message": "Geçersiz istek: Authorization=Basic {KEY}"}),
            ),
            "rejected",
        ),
        case(
            "valid JSON as text/plain",
            http(
                200,
                "text/plain",
                agent_session(json!({"company_code": "{KEY}"})).to_string(),
            ),
            "ok",
        ),
        case(
            "unknown extra fields",
            json_answer(
                200,
                &agent_session(json!({"echo_authorization": "Basic {KEY}",
                                      "debug": {"secret_key": "{KEY}", "raw": "{KEY_ESC}",
                                                "session_key": "{SESS}"}})),
            ),
            "ok",
        ),
        case(
            "a successful code without a session key",
            json_answer(
                200,
                &json!({"code": 0, "message": "{KEY}", "company_code": "{KEY}"}),
            ),
            "invalid_response",
        ),
        case(
            "an unusable session key",
            json_answer(200, &agent_session(json!({"session_key": "{SESS} {KEY}"}))),
            "invalid_response",
        ),
        case(
            "unknown result code",
            json_answer(
                200,
                &json!({"code": 999, "session_key": "{SESS}",
                        "message": "Yeni hata {KEY} {SESS}"}),
            ),
            "rejected",
        ),
    ];
    cases.extend(common_cases());
    cases
}

/// logout: the server receives the secret key (`{KEY}`) in the header and the session key
/// (`{SESS}`) in the body, and echoes both anywhere.
fn logout_cases() -> Vec<Case> {
    let mut cases = vec![
        case(
            "success echoing both keys in the message",
            json_answer(
                200,
                &json!({"object_name": "result", "code": 0,
                        "message": "Oturum {SESS} kapatıldı ({KEY})"}),
            ),
            "ok",
        ),
        case(
            "HTTP 200 with a non-zero code",
            json_answer(
                200,
                &json!({"object_name": "error", "code": 13,
                        "message": "Oturum {SESS} yok; anahtar {KEY_ESC}"}),
            ),
            "rejected",
        ),
        case(
            "400 with the PayPOS error body",
            json_answer(
                400,
                &json!({"object_name": "error", "code": 7, "message": "session_key={SESS}"}),
            ),
            "rejected",
        ),
        case(
            "403 with the session key as its type",
            json_answer(
                403,
                &json!({"type": "{SESS}", "message": "{SESS} {KEY}", "code": 403,
                        "result_code": 7}),
            ),
            "rejected",
        ),
        case(
            "500 HTML page with the session key",
            http(
                500,
                "text/html",
                "<html><pre>session_key: {SESS}\nAuthorization: Basic {KEY}</pre></html>",
            ),
            "invalid_response",
        ),
        case(
            "truncated JSON cut inside the session key",
            http(
                200,
                "application/json",
                format!(
                    "{{\"message\":\"oturum {{SESS}} ve {}",
                    &SESSION[..SESSION.len() / 2]
                ),
            ),
            "invalid_response",
        ),
        case(
            "unknown extra fields",
            json_answer(
                200,
                &json!({"code": 0, "session_key": "{SESS}", "echo": "{KEY}",
                        "debug": {"body": "{\"session_key\":\"{SESS}\"}"}}),
            ),
            "ok",
        ),
        case(
            "unknown result code",
            json_answer(200, &json!({"code": 999, "message": "{SESS} {KEY}"})),
            "rejected",
        ),
    ];
    cases.extend(common_cases());
    cases
}

/// A check_transaction answer with one transaction, with some of its fields replaced.
fn checked(changes: serde_json::Value) -> serde_json::Value {
    let mut transaction = json!({
        "xact_id": "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oK", "xact_date": "2024-05-01T14:05:09.377",
        "transaction_type": 1, "pos_type": 5, "agent_id": "20005", "is_tds": false,
        "bank_id": "AXSS", "instalment": 1, "card_no": "435508******4358", "card_holder": "GJH",
        "card_type": "cc", "ratio": 0.0199, "amount": 149.90, "netAmount": 146.9170,
        "comission": 2.9830, "comission_tax": 0, "currency": "TRY", "is_succeed": true,
        "xact_transaction_id": "9001", "note": "Kahve", "agent_reference": "SALE-2002",
    });
    if let (Some(map), serde_json::Value::Object(changes)) = (transaction.as_object_mut(), changes)
    {
        map.extend(changes);
    }
    json!({"Data": [transaction], "object_name": "transaction_list", "code": 0,
           "message": "Başarılı"})
}

/// check_transaction: the server receives the session key (`{KEY}`) and echoes it anywhere.
fn check_cases() -> Vec<Case> {
    let mut cases = vec![
        case(
            "success echoing the key in the transaction's text fields",
            json_answer(
                200,
                &checked(json!({
                    "card_holder": "{KEY}", "note": "Not {KEY_ESC}", "agent_reference": "{KEY}",
                    "order_id": "order-{KEY}", "xact_date": "{KEY}", "bank_id": "{KEY}",
                    "email": "{KEY}", "phone": "{KEY_HALF}", "xact_id": "xk_{KEY}",
                    "authorization_code": "{KEY}", "reference_code": "{KEY}",
                    "xact_transaction_id": "{KEY}", "agent_id": "{KEY}",
                })),
            ),
            "ok",
        ),
        case(
            "a card type that is the key",
            json_answer(200, &checked(json!({"card_type": "{KEY}"}))),
            "ok",
        ),
        case(
            "pending (code 12) echoing the key",
            json_answer(
                200,
                &json!({"Data": [], "object_name": "error", "code": 12,
                        "message": "{KEY} için kayıt yok"}),
            ),
            "ok",
        ),
        case(
            "HTTP 200 with a non-zero code",
            json_answer(
                200,
                &json!({"object_name": "error", "code": 13, "message": "Oturum {KEY} yok"}),
            ),
            "rejected",
        ),
        case(
            "400 with the PayPOS error body",
            json_answer(
                400,
                &json!({"object_name": "error", "code": 7,
                        "message": "Session-Key {KEY} geçersiz"}),
            ),
            "rejected",
        ),
        case(
            "valid JSON as text/plain",
            http(
                200,
                "text/plain",
                checked(json!({"note": "{KEY}"})).to_string(),
            ),
            "ok",
        ),
        case(
            "unknown extra fields",
            json_answer(
                200,
                &checked(json!({"session_key": "{KEY}", "authorization": "{KEY}",
                                "debug": {"key": "{KEY_ESC}"}})),
            ),
            "ok",
        ),
        case(
            "a currency that is the key",
            json_answer(200, &checked(json!({"currency": "{KEY}"}))),
            "invalid_response",
        ),
        case(
            "unknown result code",
            json_answer(200, &json!({"code": 999, "message": "Yeni hata {KEY}"})),
            "rejected",
        ),
    ];
    cases.extend(common_cases());
    cases
}

/// init_reversal_transaction: the server receives the session key (`{KEY}`), returns the
/// encryption key (`{ENC}`), and echoes both.
fn reversal_cases() -> Vec<Case> {
    let reversal = |changes: serde_json::Value| {
        let mut value = json!({
            "payment_session_id": "ps_rev_1a2b3c4d",
            "deeplink_url": "paypos://reversal?payment_session_id=ps_rev_1a2b3c4d",
            "encryption_key": "{ENC}", "object_name": "payment_session", "code": 0,
            "message": "Başarılı",
        });
        if let (Some(map), serde_json::Value::Object(changes)) = (value.as_object_mut(), changes) {
            map.extend(changes);
        }
        value
    };
    let mut cases = vec![
        case(
            "success echoing both keys in the message",
            json_answer(200, &reversal(json!({"message": "Başarılı {KEY} {ENC}"}))),
            "ok",
        ),
        case(
            "result code 100",
            json_answer(200, &reversal(json!({"code": 100, "message": "{KEY_ESC}"}))),
            "ok",
        ),
        case(
            "HTTP 200 with a non-zero code",
            json_answer(
                200,
                &json!({"object_name": "error", "code": 15, "encryption_key": "{ENC}",
                        "message": "İşlem {KEY} eşleşmedi; anahtar {ENC}"}),
            ),
            "rejected",
        ),
        case(
            "400 with the PayPOS error body",
            json_answer(
                400,
                &json!({"object_name": "error", "code": 7,
                        "message": "Session-Key {KEY} geçersiz"}),
            ),
            "rejected",
        ),
        case(
            "valid JSON as text/plain",
            http(
                200,
                "text/plain",
                reversal(json!({"message": "{KEY}"})).to_string(),
            ),
            "ok",
        ),
        case(
            "unknown extra fields",
            json_answer(
                200,
                &reversal(json!({"session_key": "{KEY}", "authorization": "{KEY}",
                                 "debug": {"key": "{KEY_ESC}"}})),
            ),
            "ok",
        ),
        case(
            "a successful code without a session id",
            json_answer(
                200,
                &json!({"code": 0, "encryption_key": "{ENC}", "message": "{KEY} {ENC}"}),
            ),
            "invalid_response",
        ),
        case(
            "unknown result code",
            json_answer(
                200,
                &reversal(json!({"code": 999, "message": "Yeni hata {KEY} {ENC}"})),
            ),
            "rejected",
        ),
    ];
    cases.extend(common_cases());
    cases
}

/// Everything a user may print of a result: `Debug`, and for an error its `Display` and the
/// `Display` and `Debug` of its source chain.
fn printed<T: Debug>(result: &Result<T, Error>) -> String {
    match result {
        Ok(value) => format!("{value:?}\n{value:#?}"),
        Err(e) => {
            let mut text = format!("{e}\n{e:?}\n{e:#?}");
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let _ = write!(text, "\n{s}\n{s:?}");
                source = s.source();
            }
            text
        }
    }
}

fn kind<T>(result: &Result<T, Error>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => error_kind(e),
    }
}

/// The keys (or pieces of them) found in `text`.
fn leaks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (name, key) in KEYS {
        if text.contains(key) {
            found.push(format!("the {name}"));
        }
        for piece in key.split(['/', '+']).filter(|p| p.len() >= 8) {
            if text.contains(piece) {
                found.push(format!("a piece of the {name} ({piece})"));
            }
        }
    }
    found
}

/// Collects what was printed, and reports every leak at once.
#[derive(Default)]
struct Printed {
    problems: Vec<String>,
}

impl Printed {
    fn check(&mut self, what: &str, text: &str) {
        let found = leaks(text);
        if !found.is_empty() {
            self.problems
                .push(format!("{what} shows {}:\n{text}\n", found.join(", ")));
        }
    }

    fn finish(self, logs: &Logs) {
        let mut problems = self.problems;
        let text = logs.text();
        let found = leaks(&text);
        if !found.is_empty() {
            let lines: Vec<&str> = text.lines().filter(|l| !leaks(l).is_empty()).collect();
            problems.push(format!(
                "the tracing output shows {}:\n{}\n",
                found.join(", "),
                lines.join("\n")
            ));
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// A client of `base_url` for `case`.
fn client_for(base_url: &str, case: &Case) -> Client {
    let mut b = builder(base_url).retry_policy(RetryPolicy::default().with_max_attempts(2));
    if let Some(limit) = case.body_limit {
        b = b.body_limit(limit);
    }
    if matches!(case.answer, Answer::Slow(_)) {
        b = b.attempt_timeout(SHORT);
    }
    b.build().expect("client")
}

/// Runs `call` against a server that answers as `case` says (`server` for the httpmock answers,
/// which the caller installed with [`respond`]).
async fn run_case<T, Fut>(
    case: &Case,
    server: &MockServer,
    call: impl Fn(Client) -> Fut,
) -> Result<T, Error>
where
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    match &case.answer {
        Answer::Raw(behaviour) => {
            let raw = RawServer::start(behaviour.clone()).await;
            call(client_for(&raw.base_url, case)).await
        }
        Answer::Refused => {
            let (_socket, base_url) = refusing_socket();
            call(client_for(&base_url, case)).await
        }
        Answer::Http(..) | Answer::Slow(_) => call(client_for(&server.base_url(), case)).await,
    }
}

fn respond(case: &Case, then: httpmock::Then) {
    match &case.answer {
        Answer::Http(status, content_type, body) => {
            then.respond_with(echo(*status, content_type, body.clone()));
        }
        Answer::Slow(body) => {
            then.delay(SERVER_DELAY)
                .respond_with(echo(200, "application/json", body.clone()));
        }
        Answer::Raw(_) | Answer::Refused => {}
    }
}

#[tokio::test]
async fn captures_show_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    let mut kinds = Vec::new();
    for case in capture_cases() {
        let mock = server.capture(|when, then| {
            when.into_inner().header("authorization", AUTHORIZATION);
            respond(&case, then.into_inner());
        });
        let result = run_case(&case, &server, |client| async move {
            client.capture(&capture_request()).await
        })
        .await;
        mock.delete_async().await;
        printed_.check(&format!("capture, {}", case.name), &printed(&result));
        kinds.push((case.name, case.expect, kind(&result)));
    }
    let wrong: Vec<_> = kinds.iter().filter(|(_, e, k)| e != k).collect();
    assert!(
        wrong.is_empty(),
        "unexpected outcomes (case, expected, got): {wrong:?}"
    );
    let text = logs.text();
    assert!(text.contains("operation=\"capture\""), "{text}");
    assert!(text.contains("result_code=0"), "{text}");
    assert!(text.contains("result_code=7"), "{text}");
    printed_.finish(&logs);
}

#[tokio::test]
async fn sales_show_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    let mut kinds = Vec::new();
    let mut encryption_keys = 0;
    for case in sale_cases() {
        let mock = server.init_sale(|when, then| {
            when.session_key(SESSION);
            respond(&case, then.into_inner());
        });
        let result = run_case(&case, &server, |client| async move {
            client
                .paypos(session_key())
                .start_sale(&sale_request())
                .await
        })
        .await;
        mock.delete_async().await;
        if let Ok(session) = &result {
            // The encryption key did come back, readable on purpose only.
            if let Some(key) = &session.encryption_key {
                assert_eq!(key.expose_secret(), ENCRYPTION);
                encryption_keys += 1;
                printed_.check(
                    &format!("init_sale, {}: the encryption key", case.name),
                    &format!("{key} {key:?}"),
                );
            }
        }
        printed_.check(&format!("init_sale, {}", case.name), &printed(&result));
        kinds.push((case.name, case.expect, kind(&result)));
    }
    assert!(encryption_keys >= 4, "{encryption_keys}");
    let wrong: Vec<_> = kinds.iter().filter(|(_, e, k)| e != k).collect();
    assert!(
        wrong.is_empty(),
        "unexpected outcomes (case, expected, got): {wrong:?}"
    );
    let text = logs.text();
    assert!(
        text.contains("operation=\"init_sale_transaction\""),
        "{text}"
    );
    assert!(text.contains("result_code=0"), "{text}");
    assert!(text.contains("result_code=13"), "{text}");
    printed_.finish(&logs);
}

#[tokio::test]
async fn the_client_its_builder_and_the_paypos_handle_show_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    server.init_sale(|when, then| {
        when.session_key(SESSION);
        then.ok(&sale_response(0));
    });
    server.capture(|when, then| {
        when.into_inner().header("authorization", AUTHORIZATION);
        then.ok(&seed_transaction());
    });

    let b = builder(&server.base_url());
    printed_.check("the builder", &format!("{b:?}\n{b:#?}"));
    let client = b.build().expect("client");
    printed_.check("the client", &format!("{client:?}\n{client:#?}"));

    let mut paypos = client.paypos(session_key());
    printed_.check("the PayPOS handle", &format!("{paypos:?}\n{paypos:#?}"));
    let session = paypos.start_sale(&sale_request()).await;
    printed_.check("the sale", &printed(&session));
    let encryption_key = session.expect("sale").encryption_key.expect("key");
    printed_.check(
        "the encryption key",
        &format!("{encryption_key} {encryption_key:?}"),
    );

    // A renewed session key is no more visible than the first.
    paypos.set_session_key(session_key());
    printed_.check("the renewed PayPOS handle", &format!("{paypos:?}"));
    printed_.check(
        "the session key",
        &format!("{0} {0:?}", paypos.session_key()),
    );
    printed_.check("the handle's client", &format!("{:?}", paypos.client()));

    let options = CallOptions::new().retry(RetryPolicy::none());
    let outcome = client.capture_with(&capture_request(), &options).await;
    printed_.check("the capture", &printed(&outcome));
    assert!(outcome.expect("capture").is_approved());
    printed_.check("the client after calls", &format!("{client:#?}"));

    let text = logs.text();
    for needle in [
        "operation=\"capture\"",
        "operation=\"init_sale_transaction\"",
        "result_code=0",
        // reqwest's `log` records and hyper's own tracing are captured too.
        "reqwest::",
        "hyper_util::",
    ] {
        assert!(text.contains(needle), "{needle} is missing from:\n{text}");
    }
    printed_.finish(&logs);
}

/// Fails the test when a case ended otherwise than it expects.
fn assert_kinds(kinds: &[(&str, &str, &str)]) {
    let wrong: Vec<_> = kinds.iter().filter(|(_, e, k)| e != k).collect();
    assert!(
        wrong.is_empty(),
        "unexpected outcomes (case, expected, got): {wrong:?}"
    );
}

#[tokio::test]
async fn opened_sessions_show_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    let mut kinds = Vec::new();
    let mut session_keys = 0;
    for case in auth_key_cases() {
        let mock = server.open_session(|when, then| {
            when.paynet_mobile(OpenSessionPaynetMobile::X2)
                .into_inner()
                .header("authorization", AUTHORIZATION);
            respond(&case, then.into_inner());
        });
        let result = run_case(&case, &server, |client| async move {
            client.open_session("20005", "cashier-1").await
        })
        .await;
        mock.delete_async().await;
        if let Ok(session) = &result {
            // The session key did come back, readable on purpose only.
            let key = &session.session_key;
            assert_eq!(key.expose_secret(), SESSION);
            session_keys += 1;
            printed_.check(
                &format!("get_auth_key, {}: the session key", case.name),
                &format!("{key} {key:?}"),
            );
        }
        printed_.check(&format!("get_auth_key, {}", case.name), &printed(&result));
        kinds.push((case.name, case.expect, kind(&result)));
    }
    assert!(session_keys >= 4, "{session_keys}");
    assert_kinds(&kinds);
    let text = logs.text();
    assert!(text.contains("operation=\"get_auth_key\""), "{text}");
    assert!(text.contains("result_code=0"), "{text}");
    assert!(text.contains("result_code=4"), "{text}");
    printed_.finish(&logs);
}

#[tokio::test]
async fn closed_sessions_show_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    let mut kinds = Vec::new();
    for case in logout_cases() {
        let mock = server.close_session(|when, then| {
            when.paynet_mobile(CloseSessionPaynetMobile::X2)
                .body(&LogoutRequest {
                    session_key: SESSION.into(),
                })
                .into_inner()
                .header("authorization", AUTHORIZATION);
            respond(&case, then.into_inner());
        });
        let result = run_case(&case, &server, |client| async move {
            client.close_session(&session_key()).await
        })
        .await;
        mock.delete_async().await;
        printed_.check(&format!("logout, {}", case.name), &printed(&result));
        kinds.push((case.name, case.expect, kind(&result)));
    }
    assert_kinds(&kinds);
    let text = logs.text();
    assert!(text.contains("operation=\"logout\""), "{text}");
    assert!(text.contains("result_code=13"), "{text}");
    printed_.finish(&logs);
}

#[tokio::test]
async fn checks_show_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    let mut kinds = Vec::new();
    let mut transactions = 0;
    for case in check_cases() {
        let mock = server.check_sale(|when, then| {
            when.session_key(SESSION);
            respond(&case, then.into_inner());
        });
        let result = run_case(&case, &server, |client| async move {
            client
                .paypos(session_key())
                .check_sale("ps_9f8e7d6c5b4a")
                .await
        })
        .await;
        mock.delete_async().await;
        if let Ok(check) = &result {
            transactions += check.transactions.len();
        }
        printed_.check(
            &format!("check_transaction, {}", case.name),
            &printed(&result),
        );
        kinds.push((case.name, case.expect, kind(&result)));
    }
    assert!(transactions >= 4, "{transactions}");
    assert_kinds(&kinds);
    let text = logs.text();
    assert!(text.contains("operation=\"check_transaction\""), "{text}");
    assert!(text.contains("result_code=12"), "{text}");
    assert!(text.contains("result_code=13"), "{text}");
    printed_.finish(&logs);
}

#[tokio::test]
async fn reversals_show_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    let mut kinds = Vec::new();
    let mut encryption_keys = 0;
    let request = ReversalRequest::new("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oK")
        .and_then(|r| r.reference_no("REFUND-3003"))
        .expect("reversal");
    for case in reversal_cases() {
        let mock = server.init_reversal(|when, then| {
            when.session_key(SESSION);
            respond(&case, then.into_inner());
        });
        let request = &request;
        let result = run_case(&case, &server, |client| async move {
            client.paypos(session_key()).start_reversal(request).await
        })
        .await;
        mock.delete_async().await;
        if let Ok(session) = &result
            && let Some(key) = &session.encryption_key
        {
            assert_eq!(key.expose_secret(), ENCRYPTION);
            encryption_keys += 1;
            printed_.check(
                &format!("init_reversal, {}: the encryption key", case.name),
                &format!("{key} {key:?}"),
            );
        }
        printed_.check(&format!("init_reversal, {}", case.name), &printed(&result));
        kinds.push((case.name, case.expect, kind(&result)));
    }
    assert!(encryption_keys >= 4, "{encryption_keys}");
    assert_kinds(&kinds);
    let text = logs.text();
    assert!(
        text.contains("operation=\"init_reversal_transaction\""),
        "{text}"
    );
    assert!(text.contains("result_code=0"), "{text}");
    assert!(text.contains("result_code=15"), "{text}");
    printed_.finish(&logs);
}

/// The whole App2App flow with the session key get_auth_key issues: nothing of it shows.
#[tokio::test]
async fn the_session_lifecycle_shows_no_key() {
    let logs = Logs::default();
    let _capture = logs.install();
    let mut printed_ = Printed::default();
    let server = MockServer::start_async().await;
    server.open_session(|when, then| {
        when.into_inner().header("authorization", AUTHORIZATION);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(fill(&agent_session(json!({})).to_string(), SECRET));
    });
    server.check_sale(|when, then| {
        when.session_key(SESSION);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(checked(json!({})).to_string());
    });
    server.init_reversal(|when, then| {
        when.session_key(SESSION);
        then.ok(&paynet::raw::paypos_app2app::types::InitReversalResponse {
            payment_session_id: Some("ps_rev_1".into()),
            deeplink_url: Some("paypos://reversal?payment_session_id=ps_rev_1".into()),
            encryption_key: Some(ENCRYPTION.into()),
            code: Some(0),
            ..Default::default()
        });
    });
    server.close_session(|when, then| {
        when.body(&LogoutRequest {
            session_key: SESSION.into(),
        })
        .into_inner()
        .header("authorization", AUTHORIZATION);
        then.ok(&Default::default());
    });

    let client = builder(&server.base_url()).build().expect("client");
    let session = client.open_session("20005", "cashier-1").await;
    printed_.check("the session", &printed(&session));
    let session = session.expect("session");
    printed_.check("the session, pretty", &format!("{session:#?}"));
    let key = session.session_key.clone();
    printed_.check("the issued session key", &format!("{key} {key:?}"));

    let paypos = client.paypos(key);
    printed_.check("the PayPOS handle", &format!("{paypos:?}\n{paypos:#?}"));
    let check = paypos.check_sale("ps_9f8e7d6c5b4a").await;
    printed_.check("the check", &printed(&check));
    assert!(!check.expect("check").is_pending());
    let reversal = ReversalRequest::new("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oK").expect("reversal");
    printed_.check("the reversal request", &format!("{reversal:?}"));
    let reversal = paypos.start_reversal(&reversal).await;
    printed_.check("the reversal", &printed(&reversal));
    let closed = client.close_session(paypos.session_key()).await;
    printed_.check("the logout", &printed(&closed));
    closed.expect("logout");
    printed_.check("the client after calls", &format!("{client:#?}"));

    let text = logs.text();
    for needle in [
        "operation=\"get_auth_key\"",
        "operation=\"check_transaction\"",
        "operation=\"init_reversal_transaction\"",
        "operation=\"logout\"",
        "reqwest::",
        "hyper_util::",
    ] {
        assert!(text.contains(needle), "{needle} is missing from:\n{text}");
    }
    printed_.finish(&logs);
}

/// The cases above would prove nothing if their servers did not echo a key.
#[test]
fn every_case_echoes_a_key() {
    let every_case = capture_cases()
        .into_iter()
        .chain(sale_cases())
        .chain(auth_key_cases())
        .chain(logout_cases())
        .chain(check_cases())
        .chain(reversal_cases());
    for case in every_case {
        let echoes = match &case.answer {
            Answer::Http(_, _, body) if body.is_empty() => true,
            Answer::Http(_, _, body) | Answer::Slow(body) => {
                let filled = fill(body, SECRET);
                filled.contains(SECRET)
                    || filled.contains(&SECRET[..SECRET.len() / 2])
                    || filled.contains(ENCRYPTION)
                    || filled.contains(SESSION)
            }
            // The echo servers send the request back, credentials included; the others answer
            // nothing a key could be in.
            Answer::Raw(_) | Answer::Refused => true,
        };
        assert!(echoes, "{} echoes no key", case.name);
    }
}
