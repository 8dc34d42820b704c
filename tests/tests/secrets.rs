//! No key ever shows, for any operation of the generated table (`paynet::Operation::ALL`): a
//! client holding the secret key (from its builder), a session key (through `Client::paypos`)
//! and an encryption key (pinned with `ClientBuilder::redact`) calls every operation against
//! servers that echo all three keys
//! - in every string field of the operation's canned success answer (the whole value, or inside
//!   it), plainly or JSON-escaped (`\/`, `\u002B`, as .NET and PHP encoders write them);
//! - in 4xx and 5xx error bodies of both of Paynet's shapes (`{type, code, result_code,
//!   message}` and PayPOS's `{object_name, code, message}`), and in a refusal on HTTP 200;
//! - in HTML pages, truncated JSON cut inside a key, JSON of the wrong shape, bodies over the
//!   limit, and the whole request echoed back (credential header included);
//!
//! while every line of `tracing` output (TRACE: the SDK, hyper, and reqwest's `log` records) is
//! captured. The `Debug` (plain and pretty) of every outcome, the `Display` and `Debug` of every
//! error and of its source chain, and the captured output must hold none of the keys, nor a
//! recognisable piece of one. Every operation is echoed every key, so each is also checked with
//! keys its own call does not send (a capture answer echoing the session key): the client scrubs
//! every secret it holds from every answer.
//!
//! An operation added to a spec is secret-tested here with no new test code.

#[macro_use]
mod common;

use std::fmt::Debug;
use std::sync::{Arc, Mutex, PoisonError};

use common::*;
use httpmock::{HttpMockResponse, Method, MockServer};
use paynet::testing::Example;
use paynet::{Auth, Client, Operation, PayPos, Request};
use serde_json::Value;

/// One answer a server gives, and what the SDK may make of it ([`Error::kind`], or "ok").
#[derive(Clone, Debug)]
struct Case {
    name: String,
    /// The name of the key it echoes.
    key: &'static str,
    status: u16,
    content_type: &'static str,
    body: String,
    expect: &'static [&'static str],
}

const OK_OR_INVALID: &[&str] = &["ok", "invalid_response"];
const REJECTED: &[&str] = &["rejected"];
const INVALID: &[&str] = &["invalid_response"];

/// The canned answer with every string value replaced by `f(value)`.
fn with_every_string(canned: &str, f: &dyn Fn(&str) -> String) -> String {
    fn walk(value: &mut Value, f: &dyn Fn(&str) -> String) {
        match value {
            Value::String(s) => *s = f(s),
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, f)),
            Value::Object(map) => map.values_mut().for_each(|v| walk(v, f)),
            _ => {}
        }
    }
    let mut value: Value = serde_json::from_str(canned).expect("a JSON canned answer");
    walk(&mut value, f);
    value.to_string()
}

/// The JSON pointers of every string value of the canned answer.
fn string_fields(canned: &str) -> Vec<String> {
    fn walk(value: &Value, at: String, found: &mut Vec<String>) {
        match value {
            Value::String(_) => found.push(at),
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, format!("{at}/{i}"), found);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    walk(
                        v,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        found,
                    );
                }
            }
            _ => {}
        }
    }
    let value: Value = serde_json::from_str(canned).expect("a JSON canned answer");
    let mut found = Vec::new();
    walk(&value, String::new(), &mut found);
    found
}

/// The canned answer with the string at `pointer` replaced by `f(value)`.
fn with_string(canned: &str, pointer: &str, f: &dyn Fn(&str) -> String) -> String {
    let mut value: Value = serde_json::from_str(canned).expect("a JSON canned answer");
    if let Some(Value::String(s)) = value.pointer_mut(pointer) {
        *s = f(s);
    }
    value.to_string()
}

/// Stands for a JSON-escaped key in a template, until the JSON is written.
const ESCAPED: &str = "@@ESCAPED@@";

/// The answers of every case, each echoing `key` (named `name`), for an operation whose canned
/// answer is `canned`.
fn cases(canned: &str, name: &'static str, key: &str) -> Vec<Case> {
    let esc = json_escaped(key);
    let case = |what: &str, status, content_type, body: String, expect| Case {
        name: format!("{what}, echoing the {name}"),
        key: name,
        status,
        content_type,
        body,
        expect,
    };
    let html = format!(
        "<!DOCTYPE html>\n<html><body><h1>Error</h1><pre>Authorization: Basic {key}\n\
         Session-Key: {key}\nescaped: {esc}</pre></body></html>"
    );
    // The canned success answer, one string field at a time echoing the key: the outcome is
    // read, and shows the field.
    let mut cases = Vec::new();
    for field in string_fields(canned) {
        cases.push(case(
            &format!("field {field} holds the key"),
            200,
            "application/json",
            with_string(canned, &field, &|s| format!("{s} {key}")),
            OK_OR_INVALID,
        ));
        cases.push(case(
            &format!("field {field} is the JSON-escaped key"),
            200,
            "application/json",
            with_string(canned, &field, &|_| ESCAPED.to_owned()).replace(ESCAPED, &esc),
            OK_OR_INVALID,
        ));
    }
    cases.extend([
        // The canned success answer, every string field echoing the key.
        case(
            "every string field is the key",
            200,
            "application/json",
            with_every_string(canned, &|_| key.to_owned()),
            OK_OR_INVALID,
        ),
        case(
            "every string field holds the key",
            200,
            "application/json",
            with_every_string(canned, &|s| format!("{s} {key}")),
            OK_OR_INVALID,
        ),
        case(
            "every string field is the JSON-escaped key",
            200,
            "application/json",
            with_every_string(canned, &|_| ESCAPED.to_owned()).replace(ESCAPED, &esc),
            OK_OR_INVALID,
        ),
        case(
            "every string field holds the JSON-escaped key",
            200,
            "text/plain",
            with_every_string(canned, &|s| format!("{s} {ESCAPED}")).replace(ESCAPED, &esc),
            OK_OR_INVALID,
        ),
        // Refusals, in both error shapes.
        case(
            "401 {type, code, result_code, message}",
            401,
            "application/json",
            format!(
                r#"{{"type":"authorization_error","code":401,"result_code":7,"message":"Geçersiz anahtar: {key} ({esc})"}}"#
            ),
            REJECTED,
        ),
        case(
            "403 with the key as its type",
            403,
            "application/json",
            format!(r#"{{"type":"{key}","code":403,"result_code":2,"message":"Yetkisiz {esc}"}}"#),
            REJECTED,
        ),
        case(
            "400 {object_name, code, message}",
            400,
            "application/json",
            format!(
                r#"{{"object_name":"error","code":11,"message":"Geçersiz istek: Authorization=Basic {key} {esc}"}}"#
            ),
            REJECTED,
        ),
        case(
            "500 {object_name, code, message}",
            500,
            "application/json",
            format!(r#"{{"object_name":"{esc}","code":13,"message":"Sistem hatası {key}"}}"#),
            REJECTED,
        ),
        case(
            "HTTP 200 with a non-zero code",
            200,
            "application/json",
            format!(
                r#"{{"object_name":"error","code":13,"is_succeed":false,"message":"{key} için kayıt yok ({esc})","paynet_error_message":"{key}"}}"#
            ),
            REJECTED,
        ),
        // Unreadable answers.
        case("500 HTML page", 500, "text/html", html.clone(), INVALID),
        case("404 HTML page", 404, "text/html", html.clone(), INVALID),
        case("HTML page with HTTP 200", 200, "text/html", html, INVALID),
        case(
            "truncated JSON cut inside the key",
            200,
            "application/json",
            format!(r#"{{"message":"anahtar {esc} ve {}"#, &key[..key.len() / 2]),
            INVALID,
        ),
        case(
            "a JSON array of key fields",
            200,
            "application/json",
            format!(
                r#"[{{"authorization":"Basic {key}","secret_key":"{key}","session_key":"{key}","encryption_key":"{key}","echo":"{esc}"}}]"#
            ),
            INVALID,
        ),
        case(
            "a JSON string",
            200,
            "application/json",
            format!("\"{esc}\""),
            INVALID,
        ),
    ]);
    cases
}

/// The answers over [`LIMIT`] bytes that echo `key`.
fn over_the_limit(name: &'static str, key: &str) -> Vec<Case> {
    let esc = json_escaped(key);
    let padding = "x".repeat(8 * LIMIT);
    vec![
        Case {
            name: format!("a body over the limit, echoing the {name}"),
            key: name,
            status: 200,
            content_type: "application/json",
            body: format!(r#"{{"message":"{key} {esc} {padding}"}}"#),
            expect: INVALID,
        },
        Case {
            name: format!("an error page over the limit, echoing the {name}"),
            key: name,
            status: 503,
            content_type: "text/html",
            body: format!("<html><pre>{key} {esc}</pre>{padding}</html>"),
            expect: INVALID,
        },
    ]
}

const LIMIT: usize = 256;

/// What one operation showed.
struct Report<R> {
    op: Operation,
    request: R,
    problems: Vec<String>,
    /// The names of the keys echoed in an answer read as a success.
    read: Vec<&'static str>,
}

impl<R: Request + Example> Report<R>
where
    R::Output: Debug,
{
    fn new() -> Self {
        Report {
            op: R::OPERATION,
            request: R::example(),
            problems: Vec::new(),
            read: Vec::new(),
        }
    }

    /// Calls the operation (through `paypos` if it needs the session key), and checks what the
    /// result shows.
    async fn run(&mut self, case: &Case, client: &Client, paypos: &PayPos) {
        // No lookups after a lost answer: the reconciliation suite covers them, and every case
        // here would otherwise wait out the lookups' budget.
        let result = call(client, paypos, &self.request).reconcile(false).await;
        let kind = match &result {
            Ok(_) => "ok",
            Err(e) => e.kind(),
        };
        if result.is_ok() {
            self.read.push(case.key);
        }
        let (expect, case) = (case.expect, case.name.as_str());
        if !expect.contains(&kind) {
            self.problems.push(format!(
                "{case}: expected {expect:?}, got {kind}: {}",
                printed(&result)
            ));
        }
        self.check(case, &printed(&result));
    }

    fn check(&mut self, what: &str, text: &str) {
        let found = leaks(text);
        if found.is_empty() {
            return;
        }
        let own = match self.op.auth() {
            Auth::SecretKey => "secret key",
            Auth::SessionKey => "session key",
            _ => "no key",
        };
        self.problems.push(format!(
            "{what}: the result shows {} (this call sends the {own}):\n{text}",
            found.join(", ")
        ));
    }

    #[track_caller]
    fn finish(mut self) {
        for (name, _) in KEYS {
            if !self.read.contains(&name) {
                self.problems.push(format!(
                    "no answer echoing the {name} was read as a success: the outcome's Debug is \
                     not tested with it"
                ));
            }
        }
        assert!(
            self.problems.is_empty(),
            "{} problem(s):\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
    }
}

/// A client of `base_url` holding the secret key, the session key and the encryption key.
fn client_holding_every_key(base_url: &str) -> (Client, PayPos) {
    client_with(builder(base_url))
}

fn client_with(builder: paynet::ClientBuilder) -> (Client, PayPos) {
    let client = builder.redact(ENCRYPTION).build().expect("client");
    let paypos = client.paypos(session_key());
    (client, paypos)
}

async fn shows_no_key<R: Request + Example + 'static>()
where
    R::Output: Debug,
{
    let mut report = Report::<R>::new();
    let op = report.op;

    // One mock answers whatever the current case says, if the request carries op's credential.
    let server = MockServer::start_async().await;
    let answer = Arc::new(Mutex::new(None::<Case>));
    let current = answer.clone();
    let (credential, _) = credential(op);
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(Method::POST).path(op.path());
            if let Some((name, value)) = credential {
                when.header(name, value);
            }
            then.respond_with(move |_| {
                let case = current
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone()
                    .expect("a case");
                let mut response = HttpMockResponse::builder().status(case.status);
                if !case.content_type.is_empty() {
                    response = response.header("content-type", case.content_type);
                }
                response.body(case.body).build()
            });
        })
        .await;
    let set = |case: &Case| {
        *answer.lock().unwrap_or_else(PoisonError::into_inner) = Some(case.clone());
    };

    let (client, paypos) = client_holding_every_key(&server.base_url());
    let (limited, limited_paypos) = client_with(builder(&server.base_url()).body_limit(LIMIT));
    let mut sent = 0;
    for (name, key) in KEYS {
        for case in cases(canned(op), name, key) {
            set(&case);
            report.run(&case, &client, &paypos).await;
            sent += 1;
        }
        for case in over_the_limit(name, key) {
            set(&case);
            report.run(&case, &limited, &limited_paypos).await;
            sent += 1;
        }
    }
    assert_eq!(
        mock.calls_async().await,
        sent,
        "some requests did not reach the echoing mock (wrong path or credential)"
    );

    // The whole request (its credential header included) echoed back, by a debugging proxy.
    let echo = RawServer::start(Behaviour::Drop).await;
    let (client, paypos) = client_holding_every_key(&echo.base_url);
    for status in ["500 Internal Server Error", "200 OK"] {
        echo.set(Behaviour::Echo(status));
        let case = Case {
            name: format!("the request echoed with {status}"),
            key: "credential",
            status: 0,
            content_type: "",
            body: String::new(),
            expect: INVALID,
        };
        report.run(&case, &client, &paypos).await;
        assert_eq!(echo.requests(), 1);
    }

    report.finish();
}

#[test]
fn no_operation_shows_a_key_in_its_results_or_logs() {
    let logs = Logs::default();
    let _capture = logs.install();
    every_operation!(shows_no_key);

    let text = logs.text();
    for op in Operation::ALL {
        let span = format!("paynet.call{{operation=\"{op}\"");
        assert!(text.contains(&span), "no call of {op} was logged");
    }
    for needle in [
        "result_code=7",
        "result_code=11",
        "reqwest::",
        "hyper_util::",
    ] {
        assert!(text.contains(needle), "{needle} is missing from the logs");
    }
    let found = leaks(&text);
    if !found.is_empty() {
        let lines: Vec<&str> = text.lines().filter(|l| !leaks(l).is_empty()).collect();
        panic!(
            "the tracing output shows {}:\n{}",
            found.join(", "),
            lines.join("\n")
        );
    }
}

/// The cases above would prove nothing if their answers did not hold a key.
#[test]
fn every_case_echoes_every_key() {
    for op in Operation::ALL {
        let Ok(canned) = canned_answer(*op) else {
            continue; // The fault suite names the operation and what to add.
        };
        for (name, key) in KEYS {
            let esc = json_escaped(key);
            for case in cases(canned, name, key)
                .into_iter()
                .chain(over_the_limit(name, key))
            {
                assert!(
                    case.body.contains(key)
                        || case.body.contains(&esc)
                        || case.body.contains(&key[..key.len() / 2]),
                    "{op}: {} holds no {name}",
                    case.name
                );
            }
        }
    }
}

/// The builder, the client and the PayPOS handle show no key either.
#[test]
fn the_builder_the_client_and_the_paypos_handle_show_no_key() {
    let b = builder("http://127.0.0.1:1").redact(ENCRYPTION);
    assert_no_keys("the builder", &format!("{b:?}\n{b:#?}"));
    let client = b.build().expect("client");
    assert_no_keys("the client", &format!("{client:?}\n{client:#?}"));
    assert_no_keys("the client's secrets", &format!("{:?}", client.secrets()));
    let mut paypos = client.paypos(session_key());
    assert_no_keys("the PayPOS handle", &format!("{paypos:?}\n{paypos:#?}"));
    paypos.set_session_key(session_key());
    assert_no_keys("the renewed PayPOS handle", &format!("{paypos:?}"));
    let key = paypos.session_key();
    assert_no_keys("the session key", &format!("{key} {key:?}"));
    assert_no_keys("the handle's client", &format!("{:?}", paypos.client()));
}
