//! No credential in any `Debug` or `Display` output: of the credential types themselves, of the
//! values that hold them, and of every error made from a server answer that echoes them back.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use httpmock::{Method::POST, MockServer};
use paynet_domain::{
    CaptureRequest, EncryptionKey, Endpoint, Error, InitSaleRequest, SecretKey, SessionKey,
    TransactionRef,
};

const SECRET: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
const SESSION: &str = "ssk_5f3c2a1+0b9e/4c7d8e6f1a2b3c4d5e6f==";
const ENCRYPTION: &str = "enc_q8Xv+0aZ/1b2c3d4e5f6g7h8i9j0==";
const KEYS: [&str; 3] = [SECRET, SESSION, ENCRYPTION];

const CAPTURE_PATH: &str = "/v1/transaction/capture";
const INIT_SALE_PATH: &str = "/v1/softpos/init_sale_transaction";

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

fn secret() -> SecretKey {
    SecretKey::new(SECRET).unwrap()
}

fn session() -> SessionKey {
    SessionKey::new(SESSION).unwrap()
}

fn endpoint(server: &MockServer) -> Endpoint {
    Endpoint::new(server.base_url(), paynet_api::reqwest::Client::new())
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

async fn serve(server: &MockServer, path: &str, status: u16, body: &str) {
    let body = body.to_owned();
    server
        .mock_async(|when, then| {
            when.method(POST).path(path);
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await;
}

async fn capture_error(status: u16, body: &str) -> Error {
    let server = MockServer::start_async().await;
    serve(&server, CAPTURE_PATH, status, body).await;
    endpoint(&server)
        .capture(&secret(), &capture_request())
        .await
        .unwrap_err()
}

async fn init_sale_error(status: u16, body: &str) -> Error {
    let server = MockServer::start_async().await;
    serve(&server, INIT_SALE_PATH, status, body).await;
    endpoint(&server)
        .init_sale(&session(), &sale_request())
        .await
        .unwrap_err()
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

#[tokio::test]
async fn an_endpoint_and_a_sale_session_are_redacted() {
    let server = MockServer::start_async().await;
    let body = format!(
        r#"{{"payment_session_id":"ps_1","deeplink_url":"paypos://sale?session=ps_1","encryption_key":"{ENCRYPTION}","code":0,"message":"Oturum {SESSION} için anahtar {ENCRYPTION}"}}"#
    );
    serve(&server, INIT_SALE_PATH, 200, &body).await;
    let endpoint = endpoint(&server).with_timeout(Duration::from_secs(10));
    let sale = endpoint
        .init_sale(&session(), &sale_request())
        .await
        .unwrap();
    assert_eq!(
        sale.encryption_key.as_ref().unwrap().expose_secret(),
        ENCRYPTION
    );
    assert_no_key("Endpoint Debug", &format!("{endpoint:?} {endpoint:#?}"));
    assert_no_key("SaleSession Debug", &format!("{sale:?} {sale:#?}"));
    let message = sale.message.as_deref().unwrap();
    assert!(message.starts_with("Oturum [redacted]"), "{message}");
}

#[tokio::test]
async fn a_401_message_echoing_the_secret_key() {
    let body = format!(
        r#"{{"type":"authorization_error","message":"Invalid header: Authorization: Basic {SECRET}","code":401,"result_code":7}}"#
    );
    let e = capture_error(401, &body).await;
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert!(e.to_string().contains("Basic [redacted]"), "{e}");
    assert_no_key_in_error("401 echoing the secret key", &e);
}

#[tokio::test]
async fn a_401_type_echoing_the_secret_key() {
    let body =
        format!(r#"{{"type":"bad key {SECRET}","message":"no","code":401,"result_code":7}}"#);
    let e = capture_error(401, &body).await;
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("401 type echoing the secret key", &e);
}

#[tokio::test]
async fn a_200_refusal_echoing_the_secret_key() {
    let body = format!(
        r#"{{"is_succeed":false,"code":12,"message":"Kayıt yok ({SECRET})","bank_error_id":""}}"#
    );
    let e = capture_error(200, &body).await;
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("200 refusal echoing the secret key", &e);
}

#[tokio::test]
async fn a_500_html_page_echoing_the_secret_key() {
    let body = format!(
        "<html><body><h1>500</h1><pre>Authorization: Basic {SECRET}\nSession-Key: {SESSION}</pre></body></html>"
    );
    let e = capture_error(500, &body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    // The session key is not a capture credential, so only the secret key is known here; it is
    // the one that must not show.
    let text = format!("{e:?} {e}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("Basic [redacted]"), "{text}");
}

#[tokio::test]
async fn a_500_html_page_echoing_the_session_key() {
    let body = format!("<html><body><pre>Session-Key: {SESSION}</pre></body></html>");
    let e = init_sale_error(500, &body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("500 HTML echoing the session key", &e);
}

#[tokio::test]
async fn softpos_errors_echoing_the_session_key() {
    let body =
        format!(r#"{{"object_name":"error","code":13,"message":"Oturum {SESSION} geçersiz"}}"#);
    let e = init_sale_error(400, &body).await;
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("softpos 400", &e);

    let body = format!(
        r#"{{"type":"authorization_error","message":"Session-Key {SESSION}","code":403,"result_code":13}}"#
    );
    let e = init_sale_error(403, &body).await;
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("softpos 403", &e);

    let body = format!(r#"{{"code":7,"message":"Yetkisiz: {SESSION}"}}"#);
    let e = init_sale_error(200, &body).await;
    assert!(matches!(e, Error::Rejected(_)), "{e:?}");
    assert_no_key_in_error("init_sale 200 code 7", &e);
}

#[tokio::test]
async fn an_undecodable_init_sale_answer_holding_the_encryption_key() {
    // `code` of the wrong type: the body is not decoded, and becomes an excerpt.
    let body = format!(
        r#"{{"payment_session_id":"ps_1","encryption_key":"{ENCRYPTION}","code":"zero","session":"{SESSION}"}}"#
    );
    let e = init_sale_error(200, &body).await;
    let Error::InvalidResponse { excerpt, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(excerpt.contains("payment_session_id"), "{excerpt}");
    assert_no_key_in_error("init_sale 200 of a bad type", &e);

    // Spaces around the colon and a key with escapes in it.
    let body = r#"{"encryption_key" : "enc_q8Xv+0aZ\/1b2c3d4e5f6g7h8i9j0==", "code": []}"#;
    let e = init_sale_error(200, body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("init_sale 200 of a bad type, escaped key", &e);
}

#[tokio::test]
async fn an_undecodable_body_with_the_key_json_escaped() {
    // A .NET server (System.Text.Json) writes `+` as `\u002B`; some writers escape `/` as `\/`.
    let body = r#"{"type":"authorization_error","message":["bad key sck_pcs_jECRyoZq0khnsV9elaF\/SIBVvxQI\u002BbIW"]}"#;
    let e = capture_error(401, body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("escaped secret key in an excerpt", &e);

    let body =
        r#"<html><body>Session-Key: ssk_5f3c2a1\u002B0b9e\/4c7d8e6f1a2b3c4d5e6f==</body></html>"#;
    let e = init_sale_error(502, body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("escaped session key in an excerpt", &e);
}

#[tokio::test]
async fn a_truncated_body_cut_inside_the_key() {
    let cut = &SECRET[..30];
    let body = format!(r#"{{"type":"authorization_error","message":"bad key {cut}"#);
    let e = capture_error(401, &body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("a body cut inside the secret key", &e);
}

#[tokio::test]
async fn an_over_limit_body_echoing_the_key() {
    let server = MockServer::start_async().await;
    let body = format!(
        "<html><body>{}Authorization: Basic {SECRET}{}</body></html>",
        "x".repeat(60),
        "y".repeat(5000)
    );
    serve(&server, CAPTURE_PATH, 500, &body).await;
    let e = endpoint(&server)
        .with_body_limit(1000)
        .capture(&secret(), &capture_request())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("an over-limit body", &e);
}

#[tokio::test]
async fn transaction_fields_echoing_the_secret_key() {
    // A 200 answer whose fields cannot be read, with the key in them.
    let body = format!(r#"{{"is_succeed":true,"code":"{SECRET}"}}"#);
    let e = capture_error(200, &body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("a code echoing the secret key", &e);

    let body = format!(r#"{{"is_succeed":true,"code":0,"currency":"{SECRET}"}}"#);
    let e = capture_error(200, &body).await;
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
    assert_no_key_in_error("a currency echoing the secret key", &e);
}

#[tokio::test]
async fn errors_without_an_answer() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let endpoint = Endpoint::new(
        format!("http://127.0.0.1:{port}"),
        paynet_api::reqwest::Client::new(),
    );
    let e = endpoint
        .capture(&secret(), &capture_request())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert_no_key_in_error("a transport error", &e);
    let e = endpoint
        .init_sale(&session(), &sale_request())
        .await
        .unwrap_err();
    assert_no_key_in_error("a transport error", &e);

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(200).body("{}").delay(Duration::from_secs(5));
        })
        .await;
    let endpoint = endpoint_with_timeout(&server);
    let e = endpoint
        .capture(&secret(), &capture_request())
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_no_key_in_error("an unknown outcome", &e);
    let e = endpoint
        .init_sale(&session(), &sale_request())
        .await
        .unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    assert_no_key_in_error("an unknown outcome", &e);
}

fn endpoint_with_timeout(server: &MockServer) -> Endpoint {
    endpoint(server).with_timeout(Duration::from_secs(1))
}
