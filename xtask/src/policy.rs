//! Each operation's policy, declared in its spec (or in the overlay beside a verbatim spec), read
//! and validated.
//!
//! Every operation must carry:
//! - `x-paynet-auth`: `secret-key`, `publishable-key`, `session-key` or `none`: which credential,
//!   hence which header;
//! - `x-paynet-moves-money`: `true` or `false`: whether a sent request may have moved money (never
//!   re-sent; an unknown outcome must be reconciled);
//!
//! and may carry `x-paynet-idempotent: true` (a read: safe to send again after an unknown
//! outcome; never with `x-paynet-moves-money: true`), `x-paynet-request-type: <Type>` (the
//! hand-written request type of `paynet-domain` that stands for the generated one, for an
//! operation whose rules need code) and `x-paynet-success: <field>` (the answer's boolean that
//! says success, read with the operation's model).
//!
//! A provider's document kept verbatim cannot carry them: its policy lives in an overlay beside
//! it, `<stem>.policy.yaml` (e.g. `paypos-softpos.policy.yaml` for `paypos-softpos.json`), whose
//! `paths` name the spec's operations and give each its `operationId` and `x-paynet-*` keys, and
//! whose `components.schemas` may give the spec's schema fields their `x-paynet-*` keys
//! (`x-paynet-secret`, `x-paynet-amount`). The overlay is merged into the parsed document; the
//! provider's file is never changed.

use anyhow::{Result, bail};
use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use serde_json::Value;

/// The suffix of an overlay file's stem: `paypos-softpos.policy.yaml`.
pub const OVERLAY_MARK: &str = ".policy.";

/// The extensions an operation may carry.
const AUTH: &str = "x-paynet-auth";
const MOVES_MONEY: &str = "x-paynet-moves-money";
const IDEMPOTENT: &str = "x-paynet-idempotent";
const REQUEST_TYPE: &str = "x-paynet-request-type";
/// `x-paynet-success: <field>`: the answer's top-level boolean that says whether it succeeded,
/// whatever its result code says (read and checked with the operation's model).
pub const SUCCESS: &str = "x-paynet-success";
/// Every `x-paynet-*` key an operation may carry.
pub const OPERATION_KEYS: [&str; 5] = [AUTH, MOVES_MONEY, IDEMPOTENT, REQUEST_TYPE, SUCCESS];

/// The credential headers: sent by the runtime from `x-paynet-auth`, never fixed in the table.
const SESSION_KEY_HEADER: &str = "session-key";
const AUTHORIZATION_HEADER: &str = "authorization";

/// `x-paynet-auth`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    SecretKey,
    PublishableKey,
    SessionKey,
    None,
}

impl Auth {
    /// The Rust path of the runtime's value.
    pub fn rust(self) -> &'static str {
        match self {
            Auth::SecretKey => "Auth::SecretKey",
            Auth::PublishableKey => "Auth::PublishableKey",
            Auth::SessionKey => "Auth::SessionKey",
            Auth::None => "Auth::None",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Auth::SecretKey => "under the secret key",
            Auth::PublishableKey => "under the publishable key",
            Auth::SessionKey => "under a session key",
            Auth::None => "without a credential",
        }
    }
}

/// One operation as the table describes it.
#[derive(Clone, Debug)]
pub struct OperationPolicy {
    /// The `operationId`.
    pub name: String,
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    pub summary: String,
    pub auth: Auth,
    pub moves_money: bool,
    pub idempotent: bool,
    /// Fixed headers (a required header parameter with a one-value enum): name, value.
    pub headers: Vec<(String, String)>,
    /// The example of the 2xx JSON answer, when the spec gives one (compact JSON).
    pub answer_example: Option<String>,
}

/// Merges an overlay into the parsed spec. Only `operationId` and `x-paynet-*` keys may be set,
/// only on operations the spec has, and never to a value the spec already gives differently.
pub fn merge_overlay(
    spec_file: &str,
    overlay_file: &str,
    doc: &mut Value,
    overlay: &Value,
) -> Result<()> {
    let Some(top) = overlay.as_object() else {
        bail!("{overlay_file}: $: an overlay is an object with `paths`");
    };
    for key in top.keys() {
        if key != "paths" && key != "components" {
            bail!(
                "{overlay_file}: $.{key}: an overlay holds only `paths` (operationId and x-paynet-* keys of {spec_file}'s operations) and `components.schemas` (x-paynet-* keys of its schemas)"
            );
        }
    }
    if let Some(components) = top.get("components") {
        merge_schema_keys(spec_file, overlay_file, doc, components)?;
    }
    let Some(paths) = top.get("paths").and_then(Value::as_object) else {
        bail!("{overlay_file}: $.paths: missing or not an object");
    };
    for (path, methods) in paths {
        let Some(methods) = methods.as_object() else {
            bail!("{overlay_file}: $.paths['{path}']: not an object");
        };
        for (method, keys) in methods {
            let at = format!("$.paths['{path}'].{method}");
            let Some(keys) = keys.as_object() else {
                bail!("{overlay_file}: {at}: not an object");
            };
            let Some(op) = doc
                .get_mut("paths")
                .and_then(|p| p.get_mut(path))
                .and_then(|item| item.get_mut(method))
                .and_then(Value::as_object_mut)
            else {
                bail!("{overlay_file}: {at}: {spec_file} has no such operation");
            };
            for (key, value) in keys {
                if key != "operationId" && !key.starts_with("x-paynet-") {
                    bail!(
                        "{overlay_file}: {at}.{key}: an overlay sets only operationId and x-paynet-* keys; the provider's document is not patched"
                    );
                }
                if let Some(existing) = op.get(key)
                    && existing != value
                {
                    bail!(
                        "{overlay_file}: {at}.{key}: {spec_file} already gives {existing}; the overlay says {value}"
                    );
                }
                op.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

/// Merges an overlay's `components.schemas`: only `x-paynet-*` keys, each on a schema (or a
/// property of one) that the spec has, never contradicting it.
fn merge_schema_keys(
    spec_file: &str,
    overlay_file: &str,
    doc: &mut Value,
    components: &Value,
) -> Result<()> {
    let Some(top) = components.as_object() else {
        bail!("{overlay_file}: $.components: not an object");
    };
    for key in top.keys() {
        if key != "schemas" {
            bail!("{overlay_file}: $.components.{key}: an overlay sets keys of schemas only");
        }
    }
    fn walk(
        spec_file: &str,
        overlay_file: &str,
        at: &str,
        target: &mut Value,
        overlay: &Value,
    ) -> Result<()> {
        let Some(keys) = overlay.as_object() else {
            bail!("{overlay_file}: {at}: not an object");
        };
        let Some(target) = target.as_object_mut() else {
            bail!("{overlay_file}: {at}: {spec_file} has no such schema");
        };
        for (key, value) in keys {
            let here = format!("{at}.{key}");
            if key.starts_with("x-paynet-") {
                if let Some(existing) = target.get(key)
                    && existing != value
                {
                    bail!(
                        "{overlay_file}: {here}: {spec_file} already gives {existing}; the overlay says {value}"
                    );
                }
                target.insert(key.clone(), value.clone());
            } else if value.is_object() {
                let Some(child) = target.get_mut(key) else {
                    bail!("{overlay_file}: {here}: {spec_file} has no such schema or property");
                };
                walk(spec_file, overlay_file, &here, child, value)?;
            } else {
                bail!(
                    "{overlay_file}: {here}: an overlay sets only x-paynet-* keys of schemas; the provider's document is not patched"
                );
            }
        }
        Ok(())
    }
    let Some(schemas) = top.get("schemas") else {
        return Ok(());
    };
    let Some(target) = doc.pointer_mut("/components/schemas") else {
        bail!("{overlay_file}: $.components.schemas: {spec_file} has no schemas");
    };
    walk(
        spec_file,
        overlay_file,
        "$.components.schemas",
        target,
        schemas,
    )
}

/// Reads and checks every operation's policy.
pub fn collect(file_name: &str, spec: &OpenAPI) -> Result<Vec<OperationPolicy>> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue; // refused by spec::validate
        };
        for (method, op) in item.iter() {
            let at = format!("$.paths['{path}'].{method}");
            let name = op.operation_id.clone().unwrap_or_default();
            for key in op.extensions.keys() {
                if key.starts_with("x-paynet-") && !OPERATION_KEYS.contains(&key.as_str()) {
                    bail!(
                        "{file_name}: {at}.{key}: unknown policy key (known: {})",
                        OPERATION_KEYS.join(", ")
                    );
                }
            }
            let auth = match op.extensions.get(AUTH) {
                None => bail!(
                    "{file_name}: {at}: no {AUTH} (secret-key, publishable-key, session-key or none): every operation declares its credential"
                ),
                Some(Value::String(s)) if s == "secret-key" => Auth::SecretKey,
                Some(Value::String(s)) if s == "publishable-key" => Auth::PublishableKey,
                Some(Value::String(s)) if s == "session-key" => Auth::SessionKey,
                Some(Value::String(s)) if s == "none" => Auth::None,
                Some(other) => bail!(
                    "{file_name}: {at}.{AUTH}: {other} is not one of secret-key, publishable-key, session-key, none"
                ),
            };
            let flag = |key: &str, required: bool| -> Result<bool> {
                match op.extensions.get(key) {
                    None if required => bail!(
                        "{file_name}: {at}: no {key} (true or false): every operation declares whether it may move money"
                    ),
                    None => Ok(false),
                    Some(Value::Bool(b)) => Ok(*b),
                    Some(other) => bail!("{file_name}: {at}.{key}: {other} is not true or false"),
                }
            };
            let moves_money = flag(MOVES_MONEY, true)?;
            let idempotent = flag(IDEMPOTENT, false)?;
            if moves_money && idempotent {
                bail!(
                    "{file_name}: {at}: {IDEMPOTENT} and {MOVES_MONEY} are both true: an operation that may move money is never sent again after it may have left"
                );
            }
            let headers = fixed_headers(file_name, &at, spec, item, op, auth)?;
            out.push(OperationPolicy {
                name,
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                summary: op
                    .summary
                    .clone()
                    .unwrap_or_default()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                auth,
                moves_money,
                idempotent,
                headers,
                answer_example: answer_example(op),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn resolve<'a>(spec: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match p {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            match spec.components.as_ref()?.parameters.get(name)? {
                ReferenceOr::Item(p) => Some(p),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// The parameters the runtime must send: the credential header its auth implies, and fixed
/// headers (required, with a one-value enum). Anything else cannot be filled by the generic call
/// path and is refused.
fn fixed_headers(
    file_name: &str,
    at: &str,
    spec: &OpenAPI,
    item: &openapiv3::PathItem,
    op: &openapiv3::Operation,
    auth: Auth,
) -> Result<Vec<(String, String)>> {
    let mut headers = Vec::new();
    let mut has_session_header = false;
    for p in item.parameters.iter().chain(&op.parameters) {
        let Some(p) = resolve(spec, p) else {
            continue; // refused by spec::validate
        };
        let (data, kind) = match p {
            Parameter::Header { parameter_data, .. } => (parameter_data, "header"),
            Parameter::Query { parameter_data, .. } => (parameter_data, "query"),
            Parameter::Path { parameter_data, .. } => (parameter_data, "path"),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, "cookie"),
        };
        if kind != "header" {
            bail!(
                "{file_name}: {at}: {kind} parameter `{}` is not supported: Paynet's operations take a JSON body",
                data.name
            );
        }
        let lower = data.name.to_ascii_lowercase();
        if lower == SESSION_KEY_HEADER {
            if auth != Auth::SessionKey {
                bail!(
                    "{file_name}: {at}: a `{}` header parameter on an operation with x-paynet-auth: {}",
                    data.name,
                    match auth {
                        Auth::SecretKey => "secret-key",
                        Auth::PublishableKey => "publishable-key",
                        _ => "none",
                    }
                );
            }
            has_session_header = true;
            continue;
        }
        if lower == AUTHORIZATION_HEADER {
            bail!(
                "{file_name}: {at}: an `{}` header parameter: the key is sent from x-paynet-auth (secret-key, publishable-key), not as an argument",
                data.name
            );
        }
        let one_value = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                match &schema.schema_kind {
                    openapiv3::SchemaKind::Type(openapiv3::Type::String(s))
                        if s.enumeration.len() == 1 =>
                    {
                        s.enumeration[0].clone()
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match one_value {
            Some(value) if data.required => headers.push((data.name.clone(), value)),
            _ => bail!(
                "{file_name}: {at}: header parameter `{}` is neither the credential nor fixed (required, with a one-value enum): the generic call path cannot fill it",
                data.name
            ),
        }
    }
    if auth == Auth::SessionKey && !has_session_header {
        bail!(
            "{file_name}: {at}: x-paynet-auth: session-key, but no required `Session-Key` header parameter (the generated client needs it)"
        );
    }
    Ok(headers)
}

/// The example of the operation's 2xx JSON answer: the media type's `example`, else its first
/// `examples` value.
fn answer_example(op: &openapiv3::Operation) -> Option<String> {
    use openapiv3::StatusCode;
    op.responses
        .responses
        .iter()
        .find_map(|(status, response)| {
            let success = match status {
                StatusCode::Code(c) => (200..300).contains(c),
                StatusCode::Range(r) => *r == 2,
            };
            let ReferenceOr::Item(response) = response else {
                return None;
            };
            let media = response
                .content
                .get("application/json")
                .filter(|_| success)?;
            let value = media.example.clone().or_else(|| {
                media.examples.values().find_map(|e| match e {
                    ReferenceOr::Item(e) => e.value.clone(),
                    ReferenceOr::Reference { .. } => None,
                })
            })?;
            serde_json::to_string(&value).ok()
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn doc(op: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/v1/x/thing": {"post": op}},
            "components": {"parameters": {
                "Mobile": {"name": "PaynetMobile", "in": "header", "required": true, "schema": {"type": "string", "enum": ["2"]}}
            }}
        })
    }

    fn op(extra: Value) -> Value {
        let mut base = json!({"operationId": "thing", "responses": {"200": {"description": "ok"}}});
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        base
    }

    fn policies(d: Value) -> Result<Vec<OperationPolicy>> {
        let spec: OpenAPI = serde_json::from_value(d).unwrap();
        collect("t.yaml", &spec)
    }

    fn err(d: Value) -> String {
        format!("{:#}", policies(d).err().unwrap())
    }

    #[test]
    fn a_missing_policy_is_refused_with_the_file_and_path() {
        let e = err(doc(op(json!({"x-paynet-moves-money": false}))));
        assert!(
            e.contains("t.yaml")
                && e.contains("$.paths['/v1/x/thing'].post")
                && e.contains("x-paynet-auth"),
            "{e}"
        );
        let e = err(doc(op(json!({"x-paynet-auth": "secret-key"}))));
        assert!(
            e.contains("$.paths['/v1/x/thing'].post") && e.contains("x-paynet-moves-money"),
            "{e}"
        );
    }

    #[test]
    fn unknown_values_and_keys_are_refused() {
        let e = err(doc(op(
            json!({"x-paynet-auth": "api-key", "x-paynet-moves-money": false}),
        )));
        assert!(e.contains("x-paynet-auth") && e.contains("api-key"), "{e}");
        let e = err(doc(op(
            json!({"x-paynet-auth": "none", "x-paynet-moves-money": "no"}),
        )));
        assert!(
            e.contains("x-paynet-moves-money") && e.contains("\"no\""),
            "{e}"
        );
        let e = err(doc(op(
            json!({"x-paynet-auth": "none", "x-paynet-moves-money": false, "x-paynet-retry": true}),
        )));
        assert!(
            e.contains("x-paynet-retry") && e.contains("unknown policy key"),
            "{e}"
        );
        let e = err(doc(op(
            json!({"x-paynet-auth": "none", "x-paynet-moves-money": true, "x-paynet-idempotent": true}),
        )));
        assert!(e.contains("never sent again"), "{e}");
    }

    #[test]
    fn fixed_headers_are_kept_and_credentials_checked() {
        let p = policies(doc(op(json!({
            "x-paynet-auth": "secret-key", "x-paynet-moves-money": false,
            "parameters": [{"$ref": "#/components/parameters/Mobile"}]
        }))))
        .unwrap();
        assert_eq!(
            p[0].headers,
            vec![("PaynetMobile".to_owned(), "2".to_owned())]
        );
        assert_eq!(p[0].auth, Auth::SecretKey);

        let e = err(doc(op(
            json!({"x-paynet-auth": "session-key", "x-paynet-moves-money": false}),
        )));
        assert!(e.contains("Session-Key"), "{e}");
        let e = err(doc(op(json!({
            "x-paynet-auth": "secret-key", "x-paynet-moves-money": false,
            "parameters": [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}]
        }))));
        assert!(e.contains("X-Trace") && e.contains("cannot fill"), "{e}");
        let e = err(doc(op(json!({
            "x-paynet-auth": "secret-key", "x-paynet-moves-money": false,
            "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}]
        }))));
        assert!(e.contains("query parameter `page`"), "{e}");
    }

    #[test]
    fn overlays_set_policy_and_nothing_else() {
        let mut d = doc(json!({"responses": {}}));
        let overlay = json!({"paths": {"/v1/x/thing": {"post": {
            "operationId": "thing", "x-paynet-auth": "none", "x-paynet-moves-money": false
        }}}});
        merge_overlay("s.json", "s.policy.yaml", &mut d, &overlay).unwrap();
        assert_eq!(d["paths"]["/v1/x/thing"]["post"]["x-paynet-auth"], "none");

        let mut d = doc(json!({"responses": {}}));
        let bad = json!({"paths": {"/v1/x/thing": {"post": {"summary": "patched"}}}});
        let e = format!(
            "{:#}",
            merge_overlay("s.json", "s.policy.yaml", &mut d, &bad).unwrap_err()
        );
        assert!(e.contains("s.policy.yaml") && e.contains(".summary"), "{e}");

        let missing = json!({"paths": {"/v1/x/other": {"post": {"x-paynet-auth": "none"}}}});
        let e = format!(
            "{:#}",
            merge_overlay("s.json", "s.policy.yaml", &mut d, &missing).unwrap_err()
        );
        assert!(
            e.contains("/v1/x/other") && e.contains("no such operation"),
            "{e}"
        );

        let mut d = doc(json!({"operationId": "mine", "responses": {}}));
        let conflict = json!({"paths": {"/v1/x/thing": {"post": {"operationId": "theirs"}}}});
        let e = format!(
            "{:#}",
            merge_overlay("s.json", "s.policy.yaml", &mut d, &conflict).unwrap_err()
        );
        assert!(e.contains("already gives"), "{e}");
    }

    #[test]
    fn answer_examples_are_read() {
        let p = policies(doc(op(json!({
            "x-paynet-auth": "none", "x-paynet-moves-money": false,
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object"}, "example": {"code": 0}
            }}}}
        }))))
        .unwrap();
        assert_eq!(p[0].answer_example.as_deref(), Some(r#"{"code":0}"#));
    }
}
