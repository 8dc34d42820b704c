//! How a generated command (`generated.rs`) runs: its credential from the environment, its secret
//! fields from `PAYNET_<FIELD>`, its flags' JSON values, and its answer printed: with `--json`,
//! the answer with Paynet's field names (secrets as `"[redacted]"`); else one `field: value` line
//! each, lists as indented rows. Failures are the tool's one contract (exit 2 invalid input,
//! nothing sent; 3 refused; 4 transport failure or unknown outcome; 5 an unreadable answer).

use std::fmt::Write as _;

use paynet::{Auth, Client, Operation, Outcome, PublishableKey, SecretKey};
use serde::Serialize;
use serde_json::Value;

use crate::context::{Global, PUBLISHABLE_KEY_VAR, SECRET_KEY_VAR, client_with, credential, out};
use crate::failure::Failure;
use crate::json;

/// The client `operation` needs: under the secret key, the publishable key or none, from the
/// environment.
pub(crate) fn client(global: &Global, operation: Operation) -> Result<Client, Failure> {
    let command = operation.command();
    match operation.auth() {
        Auth::SecretKey => {
            let key = credential(SECRET_KEY_VAR, &command, SecretKey::new)?;
            client_with(global, Some(key), None, None)
        }
        Auth::PublishableKey => {
            let key = credential(PUBLISHABLE_KEY_VAR, &command, PublishableKey::new)?;
            client_with(global, None, Some(key), None)
        }
        _ => client_with(global, None, None, None),
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
    match std::env::var(var) {
        Ok(value) if value.is_empty() && !required => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) if !required => Ok(None),
        Err(std::env::VarError::NotPresent) => Err(Failure::Usage(format!(
            "{var} is not set: {command} reads this secret from the environment only (never from a flag)"
        ))),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Usage(format!(
            "the {var} environment variable is not valid UTF-8"
        ))),
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
    let value = serde_json::to_value(&answer)
        .map_err(|e| Failure::Internal(format!("the answer could not be shown: {e}")))?;
    out(&text(operation, answer.kind(), &value));
    Ok(())
}

/// The text form of an answer: a summary line, then `field: value` lines (blank and absent
/// fields left out; a list as its rows, each indented).
fn text(operation: Operation, kind: &str, value: &Value) -> String {
    let mut s = format!("{}: {kind}\n", operation.name());
    match value {
        Value::Object(map) => fields(&mut s, map, 1),
        other => {
            let _ = writeln!(s, "  {}", scalar(other));
        }
    }
    s.trim_end().to_owned()
}

fn fields(s: &mut String, map: &serde_json::Map<String, Value>, depth: usize) {
    let indent = "  ".repeat(depth);
    let width = map.keys().map(String::len).max().unwrap_or(0);
    for (key, value) in map {
        match value {
            Value::Null => {}
            Value::String(t) if t.trim().is_empty() => {}
            Value::Array(items) => {
                let _ = writeln!(
                    s,
                    "{indent}{key}: {} item{}",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" }
                );
                for item in items {
                    match item {
                        Value::Object(row) => {
                            let _ = writeln!(s, "{indent}  -");
                            fields(s, row, depth + 2);
                        }
                        other => {
                            let _ = writeln!(s, "{indent}  - {}", scalar(other));
                        }
                    }
                }
            }
            Value::Object(inner) => {
                let _ = writeln!(s, "{indent}{key}:");
                fields(s, inner, depth + 1);
            }
            other => {
                let _ = writeln!(s, "{indent}{key:<width$}  {}", scalar(other));
            }
        }
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(t) => t.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_lines_and_rows() {
        let value = serde_json::json!({
            "code": 0, "message": "Başarılı İşlem", "object_name": "", "url": null,
            "Data": [{"xact_id": "xk_1", "amount": 120.0}],
            "total": 120.0
        });
        let t = text(Operation::CHECK_PAYMENT, "done", &value);
        assert!(t.starts_with("check_payment: done"), "{t}");
        assert!(
            t.contains("Data: 1 item") && t.contains("xact_id  xk_1"),
            "{t}"
        );
        assert!(!t.contains("object_name") && !t.contains("url"), "{t}");
    }
}
