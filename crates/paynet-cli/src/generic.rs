//! How a generated command (`generated.rs`) runs: its credential from the environment, its secret
//! fields from `PAYNET_<FIELD>`, its flags' JSON values, and its answer printed: with `--json`,
//! the answer with Paynet's field names (secrets as `"[redacted]"`); else one `field: value` line
//! each, lists as indented rows. Failures are the tool's one contract (exit 2 invalid input,
//! nothing sent; 3 refused; 4 transport failure or unknown outcome; 5 an unreadable answer).

use std::fmt::Write as _;

use paynet::{Auth, Client, Operation, Outcome, PublishableKey};
use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::context::{
    Global, PUBLISHABLE_KEY_VAR, build_client, credential, env_text, out, secret_client,
};
use crate::failure::Failure;
use crate::json;
use crate::text::counted;

/// The client `operation` needs: under the secret key, the publishable key or none, from the
/// environment.
pub(crate) fn client(global: &Global, operation: Operation) -> Result<Client, Failure> {
    let command = operation.command();
    match operation.auth() {
        Auth::SecretKey => secret_client(global, &command, false),
        Auth::PublishableKey => {
            let key = credential(PUBLISHABLE_KEY_VAR, &command, PublishableKey::new)?;
            build_client(global.environment(), global.timeout, None, Some(key), None)
        }
        _ => build_client(global.environment(), global.timeout, None, None, None),
    }
}

/// A secret field's value from its environment variable (`PAYNET_<FIELD>`): `None` when it is not
/// set and the field is optional; a usage error naming the variable (never its value) when a
/// required one is missing or it is not UTF-8.
pub(crate) fn secret_env(
    var: &'static str,
    command: &str,
    required: bool,
) -> Result<Option<String>, Failure> {
    match env_text(var)? {
        Some(value) if value.is_empty() && !required => Ok(None),
        None if required => Err(Failure::Usage(format!(
            "{var} is not set: {command} reads this secret from the environment only (never from a flag)"
        ))),
        value => Ok(value),
    }
}

/// A flag's JSON value (a list or an object, as Paynet takes it), read into its request type.
pub(crate) fn json<T: serde::de::DeserializeOwned>(flag: &str, text: &str) -> Result<T, Failure> {
    serde_json::from_str(text)
        .map_err(|e| Failure::InvalidInput(format!("{flag}: not the JSON this field takes ({e})")))
}

/// Prints a generated operation's answer, or turns its error into the failure.
pub(crate) fn print<T: Serialize + Outcome>(
    global: &Global,
    operation: Operation,
    result: Result<T, paynet::Error>,
) -> Result<(), Failure> {
    let answer = result.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", kind = answer.kind(), "{operation} answered");
    if global.json {
        out(&json::line(&answer));
        return Ok(());
    }
    // Read back as written: a `serde_json::Value` would read the amounts through `f64`
    // (`100.00` shown as `100.0`).
    let value = serde_json::to_string(&answer)
        .and_then(RawValue::from_string)
        .and_then(|raw| Node::of_raw::<serde_json::Error>(&raw))
        .map_err(|e| Failure::Internal(format!("the answer could not be shown: {e}")))?;
    out(&text(operation, answer.kind(), &value));
    Ok(())
}

/// A JSON value with its scalars kept as written: a number's text exactly (`100.00`, never
/// through `f64`), a string unescaped; objects in their order. Read from raw JSON text
/// ([`Node::of_raw`]): objects and arrays through `Deserialize`, scalars from their text.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Null,
    /// A string, unescaped; a number or a boolean, its JSON text.
    Scalar(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The node of one JSON value's raw text.
    fn of_raw<E: de::Error>(raw: &RawValue) -> Result<Node, E> {
        let text = raw.get().trim();
        match text.as_bytes().first() {
            Some(b'{' | b'[') => serde_json::from_str(text).map_err(E::custom),
            Some(b'"') => serde_json::from_str(text)
                .map(Node::Scalar)
                .map_err(E::custom),
            None | Some(b'n') => Ok(Node::Null),
            Some(_) => Ok(Node::Scalar(text.to_owned())),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let raw: Box<RawValue> = map.next_value()?;
                    entries.push((key, Node::of_raw(&raw)?));
                }
                Ok(Node::Object(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
                    items.push(Node::of_raw(&raw)?);
                }
                Ok(Node::Array(items))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// The text form of an answer: a summary line, then `field: value` lines (blank and absent
/// fields left out; a list as its rows, each indented).
fn text(operation: Operation, kind: &str, value: &Node) -> String {
    let mut s = format!("{}: {kind}\n", operation.name());
    match value {
        Node::Object(map) => fields(&mut s, map, 1),
        other => {
            let _ = writeln!(s, "  {}", scalar(other));
        }
    }
    s.trim_end().to_owned()
}

fn fields(s: &mut String, map: &[(String, Node)], depth: usize) {
    let indent = "  ".repeat(depth);
    let width = map.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in map {
        match value {
            Node::Null => {}
            Node::Scalar(t) if t.trim().is_empty() => {}
            Node::Array(items) => {
                let _ = writeln!(s, "{indent}{key}: {}", counted(items.len(), "item"));
                for item in items {
                    match item {
                        Node::Object(row) => {
                            let _ = writeln!(s, "{indent}  -");
                            fields(s, row, depth + 2);
                        }
                        other => {
                            let _ = writeln!(s, "{indent}  - {}", scalar(other));
                        }
                    }
                }
            }
            Node::Object(inner) => {
                let _ = writeln!(s, "{indent}{key}:");
                fields(s, inner, depth + 1);
            }
            other => {
                let _ = writeln!(s, "{indent}{key:<width$}  {}", scalar(other));
            }
        }
    }
}

fn scalar(value: &Node) -> String {
    match value {
        Node::Scalar(t) => t.clone(),
        Node::Null => "null".to_owned(),
        Node::Array(_) | Node::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn answers_read_as_lines_and_rows() {
        let value: Node = serde_json::from_str(
            r#"{"code": 0, "message": "Başarılı İşlem", "object_name": "", "url": null,
                "Data": [{"xact_id": "xk_1", "amount": 120.00}], "total": 120.00}"#,
        )
        .unwrap();
        let t = text(Operation::CHECK_PAYMENT, "done", &value);
        assert!(t.starts_with("check_payment: done"), "{t}");
        assert!(
            t.contains("Data: 1 item") && t.contains("xact_id  xk_1"),
            "{t}"
        );
        assert!(!t.contains("object_name") && !t.contains("url"), "{t}");
        // Amounts exactly as written: never through a float.
        assert!(t.contains("amount   120.00\n"), "{t}");
        assert!(t.ends_with("total        120.00"), "{t}");
    }
}
