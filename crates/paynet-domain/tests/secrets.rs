//! No credential in any `Debug` or `Display` output: of the credential types themselves, of the
//! values that hold them, and of every outcome and error decoded from an answer that echoes them
//! back. The answers are decoded with a [`Secrets`] registry that holds the secret key and a
//! session key, as a client's does; a key is scrubbed whichever call's answer echoes it.

#![allow(clippy::unwrap_used)]

use paynet_domain::{
    Answer, CaptureRequest, CheckSaleRequest, CloseSessionRequest, EncryptionKey, Error,
    InitReversalRequest, InitSaleRequest, OpenSessionRequest, Request, SecretKey, Secrets,
    SessionKey, TransactionRef, decode, outcome_unknown,
};
use serde::Serialize;

const SECRET: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
const SESSION: &str = "ssk_5f3c2a1+0b9e/4c7d8e6f1a2b3c4d5e6f==";
const ENCRYPTION: &str = "enc_q8Xv+0aZ/1b2c3d4e5f6g7h8i9j0==";
const KEYS: [&str; 3] = [SECRET, SESSION, ENCRYPTION];

/// The secret key as a .NET server (System.Text.Json) writes it: `/` as `\/`, `+` as `\u002B`.
const SECRET_ESCAPED: &str = r"sck_pcs_jECRyoZq0khnsV9elaF\/SIBVvxQI\u002BbIW";
/// The session key, escaped the same way.
const SESSION_ESCAPED: &str = r"ssk_5f3c2a1\u002B0b9e\/4c7d8e6f1a2b3c4d5e6f==";

/// Undoes the escapes a key can hide behind in printed text: `Debug`'s doubled backslashes, then
/// JSON's `\/` and `\uXXXX` (a .NET server writes `+` as `\u002B`).
fn unescaped(text: &str) -> String {
    let mut text = text.to_owned();
    while text.contains("\\\\") {
        text = text.replace("\\\\", "\\");
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('/') {
            out.push('/');
            rest = tail;
        } else if let Some(c) = after
            .strip_prefix('u')
            .and_then(|h| h.get(..4))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32)
        {
            out.push(c);
            rest = &after[5..];
        } else {
            out.push('\\');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Panics when `text` shows any key, whole, escaped, or as any 12-character piece of it.
fn assert_no_key(what: &str, text: &str) {
    let plain = unescaped(text);
    for key in KEYS {
        let chars: Vec<char> = key.chars().collect();
        for window in chars.windows(12) {
            let piece: String = window.iter().collect();
            assert!(
                !text.contains(&piece) && !plain.contains(&piece),
                "{what} shows part of a key ({piece:?}): {text}"
            );
        }
    }
}

fn assert_no_key_in_error(what: &str, e: &Error) {
    assert_no_key(&format!("{what} (Debug)"), &format!("{e:?}"));
    assert_no_key(&format!("{what} (Display)"), &format!("{e}"));
    assert_no_key(&format!("{what} (alternate Debug)"), &format!("{e:#?}"));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        assert_no_key(&format!("{what} (source)"), &format!("{s} / {s:?}"));
        source = s.source();
    }
}

/// Panics when the outcome's `Debug` (plain or alternate) or its JSON shows any key.
fn assert_no_key_in_outcome<T: std::fmt::Debug + Serialize>(what: &str, outcome: &T) {
    assert_no_key(&format!("{what} (Debug)"), &format!("{outcome:?}"));
    assert_no_key(
        &format!("{what} (alternate Debug)"),
        &format!("{outcome:#?}"),
    );
    assert_no_key(
        &format!("{what} (JSON)"),
        &serde_json::to_string(outcome).unwrap(),
    );
}

fn secret() -> SecretKey {
    SecretKey::new(SECRET).unwrap()
}

fn session() -> SessionKey {
    SessionKey::new(SESSION).unwrap()
}

/// A client's registry: its secret key (pinned) and a session key it handed over.
fn registry() -> Secrets {
    let secrets = Secrets::new();
    secrets.pin(secret().expose_secret());
    secrets.remember(session().expose_secret());
    secrets
}

fn capture_request() -> CaptureRequest {
    CaptureRequest::partial(
        TransactionRef::reference_no("ORDER-1").unwrap(),
        "10.00".parse().unwrap(),
    )
}

fn sale_request() -> InitSaleRequest {
    InitSaleRequest::builder("149.90".parse().unwrap())
        .reference_no("ORDER-7")
        .build()
        .unwrap()
}

/// `decode` of `body` with `status` as the answer to `request`, with a client's registry.
fn answer<R: Request>(request: &R, status: u16, body: &str) -> Result<R::Output, Error> {
    decode(request, Answer::new(status, body.as_bytes()), &registry())
}

fn capture_error(status: u16, body: &str) -> Error {
    answer(&capture_request(), status, body).unwrap_err()
}

fn init_sale_error(status: u16, body: &str) -> Error {
    answer(&sale_request(), status, body).unwrap_err()
}

#[test]
fn the_checker_finds_keys_in_every_form() {
    // The checks below are only worth something if this one catches leaks.
    let caught = |text: &str| std::panic::catch_unwind(|| assert_no_key("probe", text)).is_err();
    assert!(caught(SECRET));
    assert!(caught(&format!("Basic {SECRET}")));
    let all_escaped: String = SECRET
        .chars()
        .map(|c| format!("\\u{:04X}", u32::from(c)))
        .collect();
    assert!(!all_escaped.contains("sck"));
    assert!(caught(&all_escaped), "JSON-escaped");
    assert!(
        caught(&format!("{all_escaped:?}")),
        "JSON-escaped, then Debug"
    );
    assert!(caught("…key sck_pcs_jECRyoZq"), "a 12-character piece");
    assert!(caught(ENCRYPTION));
    assert!(caught(&SESSION[10..]));
    assert!(!caught("[redacted] sck_pcs_ Basic"));
}

#[test]
fn credential_types_are_redacted() {
    let secret = secret();
    let session = session();
    let encryption = EncryptionKey::new(ENCRYPTION);
    for (what, text) in [
        ("SecretKey Debug", format!("{secret:?}")),
        ("SecretKey Display", format!("{secret}")),
        ("SecretKey alternate Debug", format!("{secret:#?}")),
        ("SessionKey Debug", format!("{session:?}")),
        ("SessionKey Display", format!("{session}")),
        ("EncryptionKey Debug", format!("{encryption:?}")),
        ("EncryptionKey Display", format!("{encryption}")),
        (
            "Authorization header Debug",
            format!("{:?}", secret.authorization_header()),
        ),
        (
            "Session-Key header Debug",
            format!("{:?}", session.header_value()),
        ),
    ] {
        assert_no_key(what, &text);
    }
    assert_eq!(format!("{secret:?}"), "SecretKey([redacted])");
    assert_eq!(format!("{session}"), "[redacted]");
    assert_eq!(format!("{encryption:?}"), "EncryptionKey([redacted])");
    // The keys are still there for the one place that sends them.
    assert_eq!(secret.expose_secret(), SECRET);
    assert_eq!(session.expose_secret(), SESSION);
    assert_eq!(encryption.expose_secret(), ENCRYPTION);
}

#[test]
fn refused_credentials_do_not_echo_the_key() {
    for bad in [
        format!("{SECRET}\n"),
        format!("{SECRET} x"),
        format!("{SECRET}ı"),
    ] {
        let e = SecretKey::new(bad.clone()).unwrap_err();
        assert_no_key("CredentialError", &format!("{e} {e:?}"));
        let e = SessionKey::new(bad).unwrap_err();
        assert_no_key("CredentialError", &format!("{e} {e:?}"));
    }
}

#[test]
fn the_registry_and_requests_are_redacted() {
    let secrets = registry();
    assert_no_key("Secrets Debug", &format!("{secrets:?} {secrets:#?}"));
    assert_eq!(format!("{secrets:?}"), "Secrets { pinned: 1, recent: 1 }");
    let close = CloseSessionRequest::new(session());
    assert_no_key(
        "CloseSessionRequest Debug",
        &format!("{close:?} {close:#?}"),
    );
}

#[test]
fn a_sale_session_is_redacted() {
    let body = format!(
        r#"{{"payment_session_id":"ps_1","deeplink_url":"paypos://sale?session=ps_1","encryption_key":"{ENCRYPTION}","code":0,"message":"Oturum {SESSION} için anahtar {ENCRYPTION}"}}"#
    );
    let secrets = registry();
    let sale = decode(&sale_request(), Answer::new(200, body.as_bytes()), &secrets).unwrap();
    assert_eq!(
        sale.encryption_key.as_ref().unwrap().expose_secret(),
        ENCRYPTION
    );
    assert_no_key_in_outcome("SaleSession", &sale);
    let message = sale.message.as_deref().unwrap();
    assert_eq!(message, "Oturum [redacted] için anahtar [redacted]");

    // The issued encryption key is remembered: a later answer to another call that echoes it
    // is scrubbed.
    assert_eq!(secrets.len(), 3);
    let echo = format!(
        r#"{{"type":"api_error","message":"key {ENCRYPTION}","code":500,"result_code":8}}"#
    );
    let e = decode(
        &capture_request(),
        Answer::new(500, echo.as_bytes()),
        &secrets,
    )
    .unwrap_err();
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("a capture error echoing an issued encryption key", &e);
}

#[test]
fn a_reversal_session_is_redacted() {
    let request = InitReversalRequest::builder("xk_1").build().unwrap();
    let body = format!(
        r#"{{"payment_session_id":"ps_2","deeplink_url":"paypos://reversal?session=ps_2","encryption_key":"{ENCRYPTION}","code":0,"message":"{SECRET_ESCAPED} {SESSION_ESCAPED} {ENCRYPTION}"}}"#
    );
    let reversal = answer(&request, 200, &body).unwrap();
    assert_eq!(
        reversal.encryption_key.as_ref().unwrap().expose_secret(),
        ENCRYPTION
    );
    assert_no_key_in_outcome("SaleSession of a reversal", &reversal);
}

#[test]
fn an_approved_capture_echoing_the_keys_in_any_field() {
    // The session key is not a capture credential: the registry knows it, so it is scrubbed too.
    let body = format!(
        r#"{{
"xact_id": "xk_1",
"agent_id": "{SECRET}",
"user_id": "{SESSION}",
"email": "{SECRET_ESCAPED}",
"phone": "{SESSION_ESCAPED}",
"card_holder": "AYSE {SECRET} YILMAZ",
"authorization_code": "{SESSION}",
"reference_code": "{SECRET_ESCAPED}",
"order_id": "x{SESSION_ESCAPED}x",
"bank_id": "{SECRET}",
"xact_date": "{SECRET}",
"currency": "TRY",
"net_amount": 56.55,
"is_succeed": true,
"paynet_error_id": "{SESSION}",
"paynet_error_message": "{SECRET}",
"object_name": "{SECRET}",
"unknown_field": "{SECRET}",
"code": 0,
"message": "Başarılı İşlem: Authorization: Basic {SECRET_ESCAPED}, Session-Key: {SESSION}"
}}"#
    );
    let outcome = answer(&capture_request(), 200, &body).unwrap();
    assert!(outcome.is_approved(), "{outcome:?}");
    assert_no_key_in_outcome("an approved capture", &outcome);
    let t = outcome.transaction();
    assert_eq!(t.agent_id.as_deref(), Some("[redacted]"));
    assert_eq!(t.card_holder.as_deref(), Some("AYSE [redacted] YILMAZ"));
    assert_eq!(t.date, None);
    assert_eq!(
        t.message.as_deref(),
        Some("Başarılı İşlem: Authorization: Basic [redacted], Session-Key: [redacted]")
    );
    assert_eq!(t.net_amount.unwrap().to_string(), "56.55 TRY");
}

#[test]
fn a_declined_capture_echoing_the_session_key() {
    let body = format!(
        r#"{{"is_succeed":false,"code":1,"bank_error_id":"05","bank_error_message":"Red {SESSION}","bank_error_long_desc":"{SESSION_ESCAPED}","message":"Başarısız"}}"#
    );
    let outcome = answer(&capture_request(), 200, &body).unwrap();
    assert!(!outcome.is_approved());
    assert_no_key_in_outcome("a declined capture", &outcome);
}

#[test]
fn a_capture_refusal_echoing_the_session_key() {
    // A key the current request does not use, in a refusal.
    let body = format!(
        r#"{{"is_succeed":false,"code":12,"message":"Kayıt yok","paynet_error_message":"Session-Key {SESSION_ESCAPED}"}}"#
    );
    let e = capture_error(200, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert!(
        e.to_string().ends_with("Kayıt yok: Session-Key [redacted]"),
        "{e}"
    );
    assert_no_key_in_error("a capture refusal echoing the session key", &e);
}

#[test]
fn a_401_message_echoing_the_secret_key() {
    let body = format!(
        r#"{{"type":"authorization_error","message":"Invalid header: Authorization: Basic {SECRET}","code":401,"result_code":7}}"#
    );
    let e = capture_error(401, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert!(e.to_string().contains("Basic [redacted]"), "{e}");
    assert_no_key_in_error("401 echoing the secret key", &e);

    // JSON-escaped.
    let body = format!(
        r#"{{"type":"authorization_error","message":"Invalid header: Authorization: Basic {SECRET_ESCAPED}","code":401,"result_code":7}}"#
    );
    let e = capture_error(401, &body);
    assert!(e.to_string().contains("Basic [redacted]"), "{e}");
    assert_no_key_in_error("401 echoing the escaped secret key", &e);
}

#[test]
fn a_401_type_echoing_the_secret_key() {
    let body =
        format!(r#"{{"type":"bad key {SECRET}","message":"no","code":401,"result_code":7}}"#);
    let e = capture_error(401, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("401 type echoing the secret key", &e);
}

#[test]
fn a_200_refusal_echoing_the_secret_key() {
    let body = format!(
        r#"{{"is_succeed":false,"code":12,"message":"Kayıt yok ({SECRET})","bank_error_id":""}}"#
    );
    let e = capture_error(200, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("200 refusal echoing the secret key", &e);
}

#[test]
fn a_500_html_page_echoing_both_keys() {
    let body = format!(
        "<html><body><h1>500</h1><pre>Authorization: Basic {SECRET}\nSession-Key: {SESSION}</pre></body></html>"
    );
    let e = capture_error(500, &body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    // The session key is not a capture credential; the registry knows it all the same.
    assert_no_key_in_error("500 HTML echoing both keys", &e);
    // A key standing alone between whitespace in a body that is not JSON is currently scrubbed
    // as a bare JSON token, hence quoted (`Basic "[redacted]"`); either form hides it.
    let text = e.to_string();
    let after_basic = text.split("Basic ").nth(1).unwrap();
    assert!(
        after_basic
            .trim_start_matches("\\\"")
            .starts_with("[redacted]"),
        "{text}"
    );
    assert!(text.contains("Session-Key: [redacted]"), "{text}");
}

#[test]
fn a_500_html_page_echoing_the_session_key() {
    let body = format!("<html><body><pre>Session-Key: {SESSION}</pre></body></html>");
    let e = init_sale_error(500, &body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("500 HTML echoing the session key", &e);
}

#[test]
fn softpos_errors_echoing_the_session_key() {
    let body =
        format!(r#"{{"object_name":"error","code":13,"message":"Oturum {SESSION} geçersiz"}}"#);
    let e = init_sale_error(400, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("softpos 400", &e);

    let body = format!(
        r#"{{"type":"authorization_error","message":"Session-Key {SESSION}","code":403,"result_code":13}}"#
    );
    let e = init_sale_error(403, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("softpos 403", &e);

    let body = format!(r#"{{"code":7,"message":"Yetkisiz: {SESSION}"}}"#);
    let e = init_sale_error(200, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("init_sale 200 code 7", &e);

    // The secret key, which init_sale does not use, in the PayPOS shape.
    let body = format!(r#"{{"object_name":"error","code":"11","Message":"{SECRET_ESCAPED}"}}"#);
    let e = init_sale_error(400, &body);
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("softpos 400 echoing the secret key", &e);
}

#[test]
fn an_undecodable_init_sale_answer_holding_the_encryption_key() {
    // `code` of the wrong type: the body is not decoded, and becomes an excerpt.
    let body = format!(
        r#"{{"payment_session_id":"ps_1","encryption_key":"{ENCRYPTION}","code":"zero","session":"{SESSION}"}}"#
    );
    let e = init_sale_error(200, &body);
    let Error::InvalidResponse { reason, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(reason.contains("`code` is \"zero\""), "{reason}");
    assert_no_key_in_error("init_sale 200 of a bad type", &e);

    // Spaces around the colon and a key with escapes in it.
    let body = r#"{"encryption_key" : "enc_q8Xv+0aZ\/1b2c3d4e5f6g7h8i9j0==", "code": []}"#;
    let e = init_sale_error(200, body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("init_sale 200 of a bad type, escaped key", &e);
}

#[test]
fn an_undecodable_body_with_the_key_json_escaped() {
    // A .NET server (System.Text.Json) writes `+` as `\u002B`; some writers escape `/` as `\/`.
    let body =
        format!(r#"{{"type":"authorization_error","message":["bad key {SECRET_ESCAPED}"]}}"#);
    let e = capture_error(401, &body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("escaped secret key in an excerpt", &e);

    let body = format!("<html><body>Session-Key: {SESSION_ESCAPED}</body></html>");
    let e = init_sale_error(502, &body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("escaped session key in an excerpt", &e);

    // As an object's name, in a body that is no error.
    let body = format!(r#"{{"{SECRET_ESCAPED}": true}}"#);
    let e = capture_error(500, &body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("secret key as a field name", &e);
}

#[test]
fn a_truncated_body_cut_inside_the_key() {
    let cut = &SECRET[..30];
    let body = format!(r#"{{"type":"authorization_error","message":"bad key {cut}"#);
    let e = capture_error(401, &body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("a body cut inside the secret key", &e);

    // A 2xx answer cut inside the session key.
    let cut = &SESSION[..20];
    let body = format!(r#"{{"is_succeed":true,"code":0,"message":"Session-Key {cut}"#);
    let e = capture_error(200, &body);
    let Error::InvalidResponse { reason, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(reason.starts_with("truncated JSON"), "{reason}");
    assert_no_key_in_error("a 200 cut inside the session key", &e);
}

#[test]
fn an_over_limit_body_echoing_the_key() {
    let body = format!(
        "<html><body>{}Authorization: Basic {SECRET}{}</body></html>",
        "x".repeat(60),
        "y".repeat(5000)
    );
    let e = decode(
        &capture_request(),
        Answer::over_limit(500, &body.as_bytes()[..1000], 1000),
        &registry(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("an over-limit body", &e);

    // The kept head ends inside the key.
    let at = body.find(SECRET).unwrap() + 20;
    let e = decode(
        &capture_request(),
        Answer::over_limit(500, &body.as_bytes()[..at], at),
        &registry(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("an over-limit head cut inside the key", &e);

    // A JSON head echoing the session key, escaped.
    let body = format!(
        r#"{{"payment_session_id":"ps_1","message":"{SESSION_ESCAPED}","pad":"{}"}}"#,
        "z".repeat(2000)
    );
    let e = decode(
        &sale_request(),
        Answer::over_limit(200, &body.as_bytes()[..500], 500),
        &registry(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("an over-limit JSON head", &e);
}

#[test]
fn transaction_fields_echoing_the_secret_key() {
    // A 200 answer whose fields cannot be read, with the key in them.
    let body = format!(r#"{{"is_succeed":true,"code":"{SECRET}"}}"#);
    let e = capture_error(200, &body);
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("a code echoing the secret key", &e);

    // Fields that carry no money are read leniently: an odd value is kept (scrubbed), and the
    // answer is still read.
    let body = format!(r#"{{"is_succeed":true,"code":0,"net_amount":1.00,"currency":"{SECRET}"}}"#);
    let outcome = answer(&capture_request(), 200, &body).unwrap();
    assert_no_key_in_outcome("a currency echoing the secret key", &outcome);

    let body = format!(r#"{{"is_succeed":true,"code":0,"transaction_type":"{SESSION_ESCAPED}"}}"#);
    let outcome = answer(&capture_request(), 200, &body).unwrap();
    assert_no_key_in_outcome("a type echoing the session key", &outcome);
    assert_eq!(outcome.transaction().transaction_type, None);
}

#[test]
fn session_answers_echoing_the_keys() {
    // open_session, under the secret key: its answer echoes the secret key and the session key
    // handed over earlier; the issued key is its own.
    let issued = "ssk_issued+key/0123456789abcdef";
    let request = OpenSessionRequest::new("20005", "cashier").unwrap();
    let body = format!(
        r#"{{"session_key":"{issued}","agent_id":"{SECRET}","company_code":"{SESSION_ESCAPED}","code":0,"message":"{SECRET_ESCAPED} {issued}"}}"#
    );
    let secrets = registry();
    let opened = decode(&request, Answer::new(200, body.as_bytes()), &secrets).unwrap();
    assert_eq!(opened.session_key.expose_secret(), issued);
    assert_no_key_in_outcome("an opened session", &opened);
    let debug = format!("{opened:?} {}", serde_json::to_string(&opened).unwrap());
    assert!(!debug.contains(issued), "{debug}");

    // A refusal of it.
    let body = format!(r#"{{"code":7,"message":"Authorization: Basic {SECRET}"}}"#);
    let e = answer(&request, 200, &body).unwrap_err();
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("an open_session refusal", &e);

    // close_session sends the session key in its body; a refusal echoing it.
    let close = CloseSessionRequest::new(session());
    let body =
        format!(r#"{{"object_name":"logout","code":12,"message":"Oturum {SESSION_ESCAPED} yok"}}"#);
    let e = decode(&close, Answer::new(200, body.as_bytes()), &Secrets::new()).unwrap_err();
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("a close_session refusal, empty registry", &e);
    let e = answer(&close, 500, &format!("<pre>{SESSION}</pre>")).unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("a close_session HTML page", &e);
}

#[test]
fn a_check_echoing_the_keys() {
    let request = CheckSaleRequest::new("ps_1").unwrap();
    let body = format!(
        r#"{{"Data":[{{"xact_id":"xk_1","card_holder":"{SESSION}","note":"{SECRET_ESCAPED}","agent_reference":"{SESSION_ESCAPED}","card_type":"{SECRET}","netAmount":1.50,"is_succeed":true}}],"code":0,"message":"{SESSION}"}}"#
    );
    let check = answer(&request, 200, &body).unwrap();
    assert_eq!(check.transactions.len(), 1);
    assert_no_key_in_outcome("a check", &check);

    let body = format!(r#"{{"code":13,"message":"Session-Key {SESSION} geçersiz"}}"#);
    let e = answer(&request, 200, &body).unwrap_err();
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("a check_sale refusal", &e);
}

#[test]
fn errors_without_an_answer() {
    let e = outcome_unknown(&capture_request(), "timed out after sending", None);
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_no_key_in_error("an unknown capture outcome", &e);
    let e = outcome_unknown(&sale_request(), "connection reset", None);
    assert_no_key_in_error("an unknown init_sale outcome", &e);
    // close_session carries the session key; its lookup never shows it.
    let e = outcome_unknown(&CloseSessionRequest::new(session()), "timed out", None);
    assert_no_key_in_error("an unknown close_session outcome", &e);
}
