//! Answers damaged at random, for every operation of the generated table (issue "Read whatever
//! Paynet sends"): each operation's canned answer is changed by random mutations (a field's type
//! changed, fields dropped, the keys the client holds put into text fields, plainly or
//! JSON-escaped, odd spellings of lira and decimals, the body truncated, other statuses and
//! content types), served, and read through the facade. Whatever the damage:
//! - the call returns (no panic) a typed result: an outcome for a 2xx answer it could read, else
//!   `Rejected` or `InvalidResponse` (never a transport error: every answer arrives whole);
//! - the request was sent exactly once (a money call is never re-sent; nothing is re-sent after a
//!   whole answer);
//! - nothing printed of the result (`Debug`, `Display`, the error's sources) holds a key.
//!
//! The mutations come from proptest strategies with a fixed seed, so a failure repeats; the
//! failing body is in the message.

#[macro_use]
mod common;

use common::*;
use paynet::testing::Example;
use paynet::{Error, Request};
use proptest::prelude::*;
use proptest::strategy::ValueTree as _;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

/// Damaged answers tried per operation.
const CASES: usize = 48;

/// One change to an answer.
#[derive(Clone, Debug)]
enum Mutation {
    /// Field `n` (of every field, nested ones included) gets this JSON value.
    Retype(usize, &'static str),
    /// Field `n` is dropped.
    Drop(usize),
    /// Field `n` becomes a text holding key `k`, JSON-escaped or not.
    Key(usize, usize, bool),
}

/// Values a field may turn into: other types, blanks, odd spellings Paynet's pages suggest.
const ODD_VALUES: &[&str] = &[
    "null",
    "true",
    "\"false\"",
    "\"TRUE\"",
    "1",
    "0",
    "\"1\"",
    "\" 3 \"",
    "3.0",
    "-1",
    "\"\"",
    "\" \"",
    "{}",
    "[]",
    "[1]",
    "\"TL\"",
    "\"949\"",
    "\"TRY\"",
    "\"20,50\"",
    "\"1.234,56\"",
    "\"1.234\"",
    "\"56.55\"",
    "12345678901234567890123",
    "1e400",
    "\"x\"",
    "\"0001-01-01T00:00:00\"",
    "\"2016-04-08T10:27:22.0296925+03:00\"",
    "\"yarın\"",
];

/// The statuses and content types an answer may come with.
const STATUSES: &[&str] = &[
    "200 OK",
    "200 OK",
    "200 OK",
    "201 Created",
    "400 Bad Request",
    "401 Unauthorized",
    "404 Not Found",
    "500 Internal Server Error",
    "502 Bad Gateway",
    "503 Service Unavailable",
];
const CONTENT_TYPES: &[&str] = &["application/json", "text/plain", "text/html; charset=utf-8"];

/// The paths to every field of `value`: an object's keys, and those of objects in arrays.
fn field_paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                out.push(prefix.clone());
                field_paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                prefix.push(i.to_string());
                field_paths(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// The parent of the field at `path`, and the field's key.
fn parent<'a>(root: &'a mut Value, path: &[String]) -> Option<(&'a mut Value, String)> {
    let (last, init) = path.split_last()?;
    let mut node = root;
    for key in init {
        node = match node {
            Value::Object(map) => map.get_mut(key)?,
            Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some((node, last.clone()))
}

fn apply(root: &mut Value, paths: &[Vec<String>], mutation: &Mutation) {
    let index = match mutation {
        Mutation::Retype(n, _) | Mutation::Drop(n) | Mutation::Key(n, _, _) => *n,
    };
    let Some(path) = paths.get(index % paths.len().max(1)) else {
        return;
    };
    let Some((Value::Object(map), key)) = parent(root, path) else {
        return;
    };
    match mutation {
        Mutation::Drop(_) => {
            map.remove(&key);
        }
        Mutation::Retype(_, raw) => {
            // Numbers too large for a `Value` stay out: the raw text is patched in below.
            if let Ok(v) = serde_json::from_str::<Value>(raw) {
                map.insert(key, v);
            } else {
                map.insert(key, Value::String(format!("@@RAW@@{raw}@@")));
            }
        }
        Mutation::Key(_, k, escaped) => {
            let secret = KEYS[k % KEYS.len()].1;
            let text = if *escaped {
                format!("@@RAW@@\"echo {}\"@@", json_escaped(secret))
            } else {
                format!("echo {secret} echo")
            };
            map.insert(key, Value::String(text));
        }
    }
}

/// Writes `value`, putting raw JSON text where a mutation asked for it.
fn render(value: &Value) -> String {
    let text = serde_json::to_string(value).expect("json");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("\"@@RAW@@") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "\"@@RAW@@".len()..];
        let Some(end) = after.find("@@\"") else {
            out.push_str(&rest[at..]);
            rest = "";
            break;
        };
        // The raw text went through a JSON string: undo its escaping.
        let raw: String =
            serde_json::from_str(&format!("\"{}\"", &after[..end])).unwrap_or_default();
        out.push_str(&raw);
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0usize..64, proptest::sample::select(ODD_VALUES))
            .prop_map(|(n, v)| Mutation::Retype(n, v)),
        (0usize..64).prop_map(Mutation::Drop),
        (0usize..64, 0usize..3, any::<bool>()).prop_map(|(n, k, e)| Mutation::Key(n, k, e)),
    ]
}

/// One damaged answer: the status line, content type and body.
#[derive(Clone, Debug)]
struct Damaged {
    status: &'static str,
    content_type: &'static str,
    body: String,
}

/// `count` damaged versions of `canned`, from a fixed seed.
fn damaged(canned: &str, count: usize) -> Vec<Damaged> {
    let original: Value = serde_json::from_str(canned).expect("the canned answer is JSON");
    let mut paths = Vec::new();
    field_paths(&original, &mut Vec::new(), &mut paths);
    let strategy = (
        proptest::collection::vec(mutation(), 0..5),
        proptest::option::weighted(0.2, 0usize..1000),
        proptest::sample::select(STATUSES),
        proptest::sample::select(CONTENT_TYPES),
    );
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    (0..count)
        .map(|_| {
            let (mutations, truncate, status, content_type) =
                strategy.new_tree(&mut runner).expect("a value").current();
            let mut value = original.clone();
            for m in &mutations {
                apply(&mut value, &paths, m);
            }
            let mut body = render(&value);
            if let Some(permille) = truncate {
                let mut at = body.len() * permille / 1000;
                while !body.is_char_boundary(at) {
                    at -= 1;
                }
                body.truncate(at);
            }
            Damaged {
                status,
                content_type,
                body,
            }
        })
        .collect()
}

async fn damaged_answers<R: Request + Example + 'static>() {
    let op = R::OPERATION;
    let server = RawServer::start(Behaviour::Drop).await;
    let client = builder(&server.base_url)
        .redact(ENCRYPTION)
        .build()
        .expect("client");
    let paypos = client.paypos(session_key());
    let request = R::example();
    for (i, answer) in damaged(canned(op), CASES).into_iter().enumerate() {
        server.set(Behaviour::Answer(http_answer(
            answer.status,
            answer.content_type,
            &answer.body,
        )));
        let before = server.requests();
        // The money call alone: a lost answer's lookup (reconciliation) has tests of its own.
        let result = call(&client, &paypos, &request).reconcile(false).await;
        let sent = server.requests() - before;
        let text = printed(&result);
        let leaked = leaks(&text);
        let context = format!(
            "case {i}: HTTP {} {}\n{}\n-> {text}",
            answer.status, answer.content_type, answer.body
        );
        assert!(leaked.is_empty(), "{op}: {leaked:?} leaked\n{context}");
        assert_eq!(sent, 1, "{op}: sent {sent} times\n{context}");
        match &result {
            Ok(_) => assert!(
                answer.status.starts_with('2'),
                "{op}: read a non-2xx answer\n{context}"
            ),
            Err(Error::Rejected(_) | Error::InvalidResponse { .. }) => {}
            Err(other) => panic!("{op}: not an answer's error: {other:?}\n{context}"),
        }
    }
}

#[test]
fn every_operation_survives_damaged_answers() {
    every_operation!(damaged_answers);
}

#[test]
fn the_damage_is_varied() {
    // The generator itself: bodies differ, and keys, truncation and odd statuses all occur.
    let answers = damaged(canned(paynet::Operation::CAPTURE), CASES);
    let bodies: std::collections::BTreeSet<&str> =
        answers.iter().map(|a| a.body.as_str()).collect();
    assert!(bodies.len() > CASES / 2, "{bodies:?}");
    assert!(answers.iter().any(|a| !a.status.starts_with('2')));
    assert!(
        answers
            .iter()
            .any(|a| serde_json::from_str::<Value>(&a.body).is_err())
    );
    assert!(
        answers
            .iter()
            .any(|a| !leaks(&a.body).is_empty() || a.body.contains("\\u002B"))
    );
}
