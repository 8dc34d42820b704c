//! Reading, normalising and validating the OpenAPI documents in `openapi/`.
//!
//! The provider's documents are kept verbatim; their gaps are fixed here, on the parsed value,
//! so that a newer copy can be dropped in. Every problem is reported as an error naming the file
//! and the JSON path, before progenitor (which panics on some of them) sees the document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::{Map, Value, json};

use crate::model::{self, OpModel, is_method};
use crate::policy::{self, OperationPolicy};

/// The Rust type every `type: number` schema of a request becomes.
pub const DECIMAL_TYPE: &str = "paynet_api::wire::JsonDecimal";
/// The Rust type every `format: date-time` string becomes.
pub const TIMESTAMP_TYPE: &str = "paynet_api::wire::Timestamp";
/// The Rust types of an answer's schemas: lenient readers (see `paynet_api::wire`).
pub const ANSWER_DECIMAL_TYPE: &str = "paynet_api::wire::LenientDecimal";
/// An answer's number where its spec says `x-paynet-decimal: comma` (Turkish formatting).
pub const ANSWER_COMMA_DECIMAL_TYPE: &str = "paynet_api::wire::CommaDecimal";
pub const ANSWER_INTEGER_TYPE: &str = "paynet_api::wire::LenientInt";
pub const ANSWER_BOOLEAN_TYPE: &str = "paynet_api::wire::LenientBool";
pub const ANSWER_STRING_TYPE: &str = "paynet_api::wire::LenientText";
/// An answer's string marked `x-paynet-secret: true`: a key Paynet issued.
pub const ANSWER_SECRET_TYPE: &str = "paynet_api::wire::SecretText";
/// The validation keywords of a request schema: checked by the generated request types of
/// `paynet-domain`, and removed before progenitor sees the schema (which would otherwise turn
/// them into newtypes checked again on every call).
const REQUEST_RULES: [&str; 10] = [
    "minLength",
    "maxLength",
    "pattern",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
];
/// The extension that marks an answer's numbers as Turkish-formatted (`"1.234,56"`).
const DECIMAL_FORM: &str = "x-paynet-decimal";
/// The crate that holds those types (the generated crate itself).
pub const TYPES_CRATE: &str = "paynet-api";

/// Header parameters that HTTP clients set themselves; progenitor would turn them into required
/// arguments whose value replaces `application/json` on the wire.
const DROPPED_HEADERS: [&str; 2] = ["content-type", "accept"];

/// A spec file, loaded, normalised and validated.
pub struct Spec {
    /// File name, e.g. `paypos-softpos.json`.
    pub file_name: String,
    /// Rust module name, e.g. `paypos_softpos`.
    pub module: String,
    /// The file's bytes as read (shipped verbatim inside the generated crate).
    pub source: Vec<u8>,
    /// The normalised document.
    pub openapi: OpenAPI,
    /// The policy overlay beside a verbatim spec: its file name and bytes.
    pub overlay: Option<(String, Vec<u8>)>,
    /// Every operation's policy, in name order.
    pub operations: Vec<OperationPolicy>,
    /// Every operation's request and answer model, by name.
    pub models: BTreeMap<String, OpModel>,
    /// Its coded values (`x-paynet-codes`), taken out of the document.
    pub codes: Vec<crate::codes::CodeEnum>,
}

/// The overlay file names that may sit beside `spec_file` (`x.json` -> `x.policy.yaml`, ...).
pub fn overlay_names(spec_file: &str) -> Vec<String> {
    let stem = spec_file.rsplit_once('.').map_or(spec_file, |(s, _)| s);
    ["yaml", "yml", "json"]
        .iter()
        .map(|ext| format!("{stem}.policy.{ext}"))
        .collect()
}

/// True for an overlay file name (`*.policy.yaml`).
pub fn is_overlay(file_name: &str) -> bool {
    file_name.contains(policy::OVERLAY_MARK)
}

/// Reads one spec file and prepares it for progenitor.
pub fn load(path: &Path) -> Result<Spec> {
    let file_name = path
        .file_name()
        .and_then(|n| n.to_str())
        .context("spec file name is not UTF-8")?
        .to_owned();
    let source = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = std::str::from_utf8(&source).with_context(|| format!("{file_name}: not UTF-8"))?;
    let mut value = parse_text(&file_name, text)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut overlay = None;
    for name in overlay_names(&file_name) {
        let overlay_path = dir.join(&name);
        if !overlay_path.is_file() {
            continue;
        }
        if overlay.is_some() {
            bail!("{file_name}: more than one policy overlay beside it ({name} and another)");
        }
        let bytes = std::fs::read(&overlay_path)
            .with_context(|| format!("reading {}", overlay_path.display()))?;
        let overlay_text =
            std::str::from_utf8(&bytes).with_context(|| format!("{name}: not UTF-8"))?;
        let overlay_value = parse_text(&name, overlay_text)?;
        policy::merge_overlay(&file_name, &name, &mut value, &overlay_value)?;
        overlay = Some((name, bytes));
    }
    let codes = crate::codes::take(&file_name, &mut value)?;
    let (openapi, models) = prepare_with_models(&file_name, value)?;
    let operations = policy::collect(&file_name, &openapi)?;
    Ok(Spec {
        module: module_name(&file_name),
        file_name,
        source,
        openapi,
        overlay,
        operations,
        models,
        codes,
    })
}

/// Parses JSON or YAML text (by extension) into a JSON value.
pub fn parse_text(file_name: &str, text: &str) -> Result<Value> {
    if file_name.ends_with(".json") {
        serde_json::from_str(text).with_context(|| format!("{file_name}: invalid JSON"))
    } else {
        serde_norway::from_str(text).with_context(|| format!("{file_name}: invalid YAML"))
    }
}

/// Normalises and validates a parsed document.
#[cfg(test)]
pub fn prepare(file_name: &str, value: Value) -> Result<OpenAPI> {
    prepare_with_models(file_name, value).map(|(openapi, _)| openapi)
}

/// Normalises and validates a parsed document, and reads every operation's model (before the
/// request schemas lose their validation keywords).
pub fn prepare_with_models(
    file_name: &str,
    mut value: Value,
) -> Result<(OpenAPI, BTreeMap<String, OpModel>)> {
    check_version(file_name, &value)?;
    normalise(file_name, &mut value)?;
    let models = model::collect(file_name, &value)?;
    strip_request_rules(&mut value);
    let openapi: OpenAPI = serde_json::from_value(value)
        .with_context(|| format!("{file_name}: not a valid OpenAPI 3.0 document"))?;
    validate(file_name, &openapi)?;
    Ok((openapi, models))
}

/// `paypos-softpos.json` -> `paypos_softpos`.
pub fn module_name(file_name: &str) -> String {
    let stem = file_name.split('.').next().unwrap_or(file_name);
    snake(stem)
}

fn snake(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out
    }
}

fn check_version(file_name: &str, value: &Value) -> Result<()> {
    match value.get("openapi").and_then(Value::as_str) {
        Some(v) if v.trim().starts_with("3.0.") => Ok(()),
        Some(v) => {
            bail!("{file_name}: $.openapi: version {v} is not supported; only OpenAPI 3.0.x")
        }
        None => {
            bail!("{file_name}: $.openapi: missing; only OpenAPI 3.0.x documents are supported")
        }
    }
}

/// Applies every normalisation rule to the document.
pub fn normalise(file_name: &str, doc: &mut Value) -> Result<()> {
    let components = doc.get("components").cloned().unwrap_or(Value::Null);
    add_operation_ids(doc);
    drop_client_headers(file_name, doc, &components)?;
    map_types(file_name, doc)?;
    Ok(())
}

fn operations_mut(doc: &mut Value) -> Vec<(String, String, &mut Map<String, Value>)> {
    let mut out = Vec::new();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return out;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if is_method(method)
                && let Some(op) = op.as_object_mut()
            {
                out.push((path.clone(), method.clone(), op));
            }
        }
    }
    out
}

/// Gives every operation without an `operationId` one derived from its path: the last literal
/// segment (`/v1/softpos/init_sale_transaction` -> `init_sale_transaction`); where two operations
/// would share it, every literal segment but the version (`softpos_init_sale_transaction`); where
/// they still would, the method is appended.
fn add_operation_ids(doc: &mut Value) {
    let mut ops = operations_mut(doc);
    let taken: BTreeSet<String> = ops
        .iter()
        .filter_map(|(_, _, op)| op.get("operationId").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    let missing: Vec<usize> = (0..ops.len())
        .filter(|&i| !ops[i].2.contains_key("operationId"))
        .collect();

    let literal = |path: &str| -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .filter(|s| !is_version_segment(s))
            .map(snake)
            .filter(|s| !s.is_empty())
            .collect()
    };
    let candidate = |path: &str, method: &str, level: u8| -> String {
        let segments = literal(path);
        let base = match level {
            0 => segments.last().cloned().unwrap_or_else(|| "root".into()),
            _ => {
                if segments.is_empty() {
                    "root".into()
                } else {
                    segments.join("_")
                }
            }
        };
        if level >= 2 {
            format!("{base}_{method}")
        } else {
            base
        }
    };

    let mut chosen: BTreeMap<usize, String> = BTreeMap::new();
    for level in 0..=2u8 {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for &i in &missing {
            if chosen.contains_key(&i) {
                continue;
            }
            *counts
                .entry(candidate(&ops[i].0, &ops[i].1, level))
                .or_default() += 1;
        }
        for &i in &missing {
            if chosen.contains_key(&i) {
                continue;
            }
            let name = candidate(&ops[i].0, &ops[i].1, level);
            let unique = counts.get(&name) == Some(&1)
                && !taken.contains(&name)
                && !chosen.values().any(|c| c == &name);
            if unique || level == 2 {
                chosen.insert(i, name);
            }
        }
    }
    for (i, name) in chosen {
        ops[i].2.insert("operationId".into(), Value::String(name));
    }
}

fn is_version_segment(s: &str) -> bool {
    s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())
}

/// Removes `Content-Type` and `Accept` header parameters, at path and operation level, whether
/// inline or behind a `$ref`.
fn drop_client_headers(file_name: &str, doc: &mut Value, components: &Value) -> Result<()> {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (key, value) in item.iter_mut() {
            let params = if key == "parameters" {
                Some(value)
            } else if is_method(key) {
                value.get_mut("parameters")
            } else {
                None
            };
            let Some(Value::Array(params)) = params else {
                continue;
            };
            let mut kept = Vec::new();
            for param in params.drain(..) {
                let where_ = format!("$.paths['{path}'].{key}.parameters");
                let resolved = resolve_parameter(file_name, &where_, &param, components)?;
                let is_header = resolved.get("in").and_then(Value::as_str) == Some("header");
                let name = resolved
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if !(is_header && DROPPED_HEADERS.contains(&name.as_str())) {
                    kept.push(param);
                }
            }
            *params = kept;
        }
    }
    Ok(())
}

fn resolve_parameter<'a>(
    file_name: &str,
    where_: &str,
    param: &'a Value,
    components: &'a Value,
) -> Result<&'a Value> {
    let Some(reference) = param.get("$ref").and_then(Value::as_str) else {
        return Ok(param);
    };
    let name = reference
        .strip_prefix("#/components/parameters/")
        .with_context(|| {
            format!("{file_name}: {where_}: parameter reference {reference} is not local")
        })?;
    components
        .get("parameters")
        .and_then(|p| p.get(name))
        .with_context(|| format!("{file_name}: {where_}: parameter {reference} does not exist"))
}

/// Which side of the wire a schema is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    /// Written by the SDK: strict types.
    Request,
    /// Read by the SDK: lenient types.
    Answer,
}

/// Tags every schema with the Rust type it becomes (`x-rust-type`): in request bodies, numbers
/// become exact decimals and date-times lenient timestamps; in answers, every scalar becomes its
/// lenient reader (numbers, integers, booleans, strings and string enums, date-times). A
/// component schema used by both a request and an answer is refused: split it.
fn map_types(file_name: &str, doc: &mut Value) -> Result<()> {
    let mut roots: Vec<(Side, Vec<String>)> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !is_method(method) {
                    continue;
                }
                let at = vec!["paths".to_owned(), path.clone(), method.clone()];
                let mut request = at.clone();
                request.push("requestBody".into());
                roots.push((Side::Request, request));
                if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                    for status in responses.keys() {
                        let mut answer = at.clone();
                        answer.extend(["responses".to_owned(), status.clone()]);
                        roots.push((Side::Answer, answer));
                    }
                }
            }
        }
    }
    // Which side each component schema is reached from.
    let mut sides: BTreeMap<String, Side> = BTreeMap::new();
    for (side, path) in &roots {
        let mut pending: Vec<Value> = path_get(doc, path).cloned().into_iter().collect();
        while let Some(node) = pending.pop() {
            for name in local_refs(&node) {
                match sides.get(&name) {
                    Some(s) if *s == *side => continue,
                    Some(_) => bail!(
                        "{file_name}: $.components.schemas.{name}: used by a request and by an answer; split it (requests are written strictly, answers read leniently)"
                    ),
                    None => {
                        sides.insert(name.clone(), *side);
                        if let Some(schema) = doc.pointer(&format!("/components/schemas/{name}")) {
                            pending.push(schema.clone());
                        }
                    }
                }
            }
        }
    }
    for (side, path) in &roots {
        if let Some(node) = path_get_mut(doc, path) {
            tag(node, *side, false);
        }
    }
    let requests: Vec<Value> = sides
        .iter()
        .filter(|(_, side)| **side == Side::Request)
        .map(|(name, _)| Value::String(name.clone()))
        .collect();
    doc.as_object_mut()
        .map(|d| d.insert(REQUEST_SCHEMAS.into(), Value::Array(requests)));
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            // A schema no operation uses is tagged as a request's: strict.
            tag(
                schema,
                sides.get(name).copied().unwrap_or(Side::Request),
                false,
            );
        }
    }
    Ok(())
}

fn path_get<'a>(doc: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |v, key| v.get(key))
}

fn path_get_mut<'a>(doc: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |v, key| v.get_mut(key))
}

/// The component schemas `node` refers to (`#/components/schemas/<name>`), not through examples.
fn local_refs(node: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match node {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                out.push(name.to_owned());
            }
            for (key, child) in map {
                if key != "example" && key != "examples" {
                    out.extend(local_refs(child));
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| out.extend(local_refs(i))),
        _ => {}
    }
    out
}

/// A transient top-level key: the component schemas that requests use (read by
/// [`strip_request_rules`], then removed).
const REQUEST_SCHEMAS: &str = "x-paynet-request-schemas";

/// Removes the validation keywords ([`REQUEST_RULES`]) and the object-level `anyOf` of every
/// request schema, and integer formats (a request's integers are `i64`).
fn strip_request_rules(doc: &mut Value) {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in REQUEST_RULES {
                    map.remove(key);
                }
                if map.get("type").and_then(Value::as_str) == Some("integer") {
                    map.remove("format");
                }
                map.remove("anyOf");
                for (key, child) in map.iter_mut() {
                    if key != "example" && key != "examples" && key != "x-rust-type" {
                        strip(child);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let requests: Vec<String> = doc
        .as_object_mut()
        .and_then(|d| d.remove(REQUEST_SCHEMAS))
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                if is_method(method)
                    && let Some(body) = op.get_mut("requestBody")
                {
                    strip(body);
                }
            }
        }
    }
    for name in requests {
        if let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{name}")) {
            strip(schema);
        }
    }
}

/// Tags the schemas under `value` for `side`; `comma` is inherited from an enclosing
/// `x-paynet-decimal: comma`.
fn tag(value: &mut Value, side: Side, comma: bool) {
    match value {
        Value::Object(map) => {
            let comma = comma || map.get(DECIMAL_FORM).and_then(Value::as_str) == Some("comma");
            let ty = map.get("type").and_then(Value::as_str).map(str::to_owned);
            let format = map.get("format").and_then(Value::as_str).map(str::to_owned);
            // An answer's `x-paynet-date` is read as a timestamp (which reads Paynet's
            // `dd.MM.yyyy` forms too); a request's stays a string, which the domain writes.
            let paynet_date = map.contains_key(crate::model::DATE);
            let rust_type = match (side, ty.as_deref(), format.as_deref()) {
                (_, Some("string"), Some("date-time")) => Some(TIMESTAMP_TYPE),
                (Side::Answer, Some("string"), _) if paynet_date => Some(TIMESTAMP_TYPE),
                (Side::Request, Some("number"), _) => Some(DECIMAL_TYPE),
                (Side::Answer, Some("number"), _) if comma => Some(ANSWER_COMMA_DECIMAL_TYPE),
                (Side::Answer, Some("number"), _) => Some(ANSWER_DECIMAL_TYPE),
                (Side::Answer, Some("integer"), _) => Some(ANSWER_INTEGER_TYPE),
                (Side::Answer, Some("boolean"), _) => Some(ANSWER_BOOLEAN_TYPE),
                (Side::Answer, Some("string"), _)
                    if map.get(crate::model::SECRET) == Some(&Value::Bool(true)) =>
                {
                    Some(ANSWER_SECRET_TYPE)
                }
                (Side::Answer, Some("string"), _) => Some(ANSWER_STRING_TYPE),
                _ => None,
            };
            if let Some(path) = rust_type {
                map.insert(
                    "x-rust-type".into(),
                    json!({ "crate": TYPES_CRATE, "version": "*", "path": path }),
                );
            }
            for (key, child) in map.iter_mut() {
                // Examples are data, not schemas.
                if key != "example" && key != "examples" && key != "x-rust-type" {
                    tag(child, side, comma);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| tag(i, side, comma)),
        _ => {}
    }
}

/// Checks what progenitor needs, and what this project requires, of a normalised document.
pub fn validate(file_name: &str, spec: &OpenAPI) -> Result<()> {
    let mut ids = BTreeMap::new();
    for (path, item) in &spec.paths.paths {
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => bail!(
                "{file_name}: $.paths['{path}']: path items by $ref ({reference}) are not supported"
            ),
        };
        let all_params = item
            .parameters
            .iter()
            .map(|p| ("parameters".to_owned(), p))
            .chain(item.iter().flat_map(|(method, op)| {
                op.parameters.iter().map(move |p| (method.to_owned(), p))
            }));
        for (at, param) in all_params {
            let param = match param {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => {
                    let name = reference
                        .strip_prefix("#/components/parameters/")
                        .unwrap_or(reference);
                    match spec
                        .components
                        .as_ref()
                        .and_then(|c| c.parameters.get(name))
                    {
                        Some(ReferenceOr::Item(p)) => p,
                        _ => bail!(
                            "{file_name}: $.paths['{path}'].{at}: parameter {reference} does not resolve to a parameter"
                        ),
                    }
                }
            };
            if let openapiv3::Parameter::Cookie { parameter_data, .. } = param {
                bail!(
                    "{file_name}: $.paths['{path}'].{at}: cookie parameter `{}` is not supported",
                    parameter_data.name
                );
            }
        }
        for (method, op) in item.iter() {
            let at = format!("$.paths['{path}'].{method}");
            let id = op
                .operation_id
                .as_deref()
                .with_context(|| format!("{file_name}: {at}: no operationId"))?;
            if let Some(other) = ids.insert(id.to_owned(), at.clone()) {
                bail!("{file_name}: {at}: operationId `{id}` is also used by {other}");
            }
            check_responses(file_name, &at, op)?;
        }
    }
    Ok(())
}

/// progenitor panics when one operation has two different success (or error) body schemas.
fn check_responses(file_name: &str, at: &str, op: &openapiv3::Operation) -> Result<()> {
    use openapiv3::StatusCode;
    let mut success = BTreeSet::new();
    let mut error = BTreeSet::new();
    let body_key = |r: &ReferenceOr<openapiv3::Response>| -> String {
        match r {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(resp) => match resp.content.get("application/json") {
                Some(media) => serde_json::to_string(&media.schema).unwrap_or_default(),
                None if resp.content.is_empty() => "(no body)".into(),
                None => format!(
                    "(non-JSON: {})",
                    resp.content.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            },
        }
    };
    for (status, resp) in &op.responses.responses {
        let class = match status {
            StatusCode::Code(c) => c / 100,
            StatusCode::Range(r) => *r,
        };
        match class {
            2 => success.insert(body_key(resp)),
            4 | 5 => error.insert(body_key(resp)),
            _ => false,
        };
    }
    if let Some(default) = &op.responses.default {
        error.insert(body_key(default));
    }
    if success.len() > 1 {
        bail!(
            "{file_name}: {at}.responses: {} different success bodies; progenitor supports one per operation",
            success.len()
        );
    }
    if error.len() > 1 {
        bail!(
            "{file_name}: {at}.responses: {} different error bodies; progenitor supports one per operation",
            error.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn doc(paths: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {
                "parameters": {
                    "ContentTypeHeader": {"name": "Content-Type", "in": "header", "required": true, "schema": {"type": "string"}}
                }
            }
        })
    }

    fn post(body: Value) -> Value {
        json!({"post": body})
    }

    fn op() -> Value {
        json!({"responses": {"200": {"description": "ok"}}})
    }

    fn err(value: Value) -> String {
        format!("{:#}", prepare("t.json", value).err().unwrap())
    }

    #[test]
    fn operation_ids_come_from_the_path() {
        let mut d = doc(json!({
            "/v1/softpos/init_sale_transaction": post(op()),
            "/v1/agent/logout": post(op()),
        }));
        normalise("t.json", &mut d).unwrap();
        assert_eq!(
            d["paths"]["/v1/softpos/init_sale_transaction"]["post"]["operationId"],
            "init_sale_transaction"
        );
        assert_eq!(
            d["paths"]["/v1/agent/logout"]["post"]["operationId"],
            "logout"
        );
    }

    #[test]
    fn colliding_operation_ids_use_the_whole_path_then_the_method() {
        let mut d = doc(json!({
            "/v1/agent/logout": {"post": op(), "get": op()},
            "/v1/user/logout": post(op()),
            "/v1/taken": post(json!({"operationId": "taken_elsewhere", "responses": {}})),
            "/v1/x/taken_elsewhere": post(op()),
        }));
        normalise("t.json", &mut d).unwrap();
        let id = |p: &str, m: &str| d["paths"][p][m]["operationId"].as_str().unwrap().to_owned();
        assert_eq!(id("/v1/agent/logout", "post"), "agent_logout_post");
        assert_eq!(id("/v1/agent/logout", "get"), "agent_logout_get");
        assert_eq!(id("/v1/user/logout", "post"), "user_logout");
        assert_eq!(id("/v1/taken", "post"), "taken_elsewhere");
        assert_eq!(id("/v1/x/taken_elsewhere", "post"), "x_taken_elsewhere");
    }

    #[test]
    fn explicit_operation_ids_are_kept() {
        let mut d = doc(json!({"/v1/a": post(json!({"operationId": "mine", "responses": {}}))}));
        normalise("t.json", &mut d).unwrap();
        assert_eq!(d["paths"]["/v1/a"]["post"]["operationId"], "mine");
    }

    #[test]
    fn content_type_and_accept_headers_are_dropped_even_by_ref() {
        let mut d = doc(json!({"/v1/a": {
            "parameters": [{"name": "accept", "in": "header", "schema": {"type": "string"}}],
            "post": {
                "parameters": [
                    {"name": "Session-Key", "in": "header", "required": true, "schema": {"type": "string"}},
                    {"$ref": "#/components/parameters/ContentTypeHeader"},
                    {"name": "content-type", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {}
            }
        }}));
        normalise("t.json", &mut d).unwrap();
        let params = &d["paths"]["/v1/a"]["post"]["parameters"];
        assert_eq!(params.as_array().unwrap().len(), 2, "{params}");
        assert_eq!(params[0]["name"], "Session-Key");
        assert_eq!(
            params[1]["in"], "query",
            "only header parameters are dropped"
        );
        assert_eq!(d["paths"]["/v1/a"]["parameters"], json!([]));
    }

    #[test]
    fn dangling_parameter_refs_are_errors() {
        let d = doc(json!({"/v1/a": post(json!({
            "parameters": [{"$ref": "#/components/parameters/Nope"}], "responses": {}
        }))}));
        let e = err(d);
        assert!(
            e.contains("t.json") && e.contains("/v1/a") && e.contains("Nope"),
            "{e}"
        );
    }

    fn two_sided(request: Value, answer: Value, components: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/v1/a": {"post": {
                "requestBody": {"content": {"application/json": {"schema": request}}},
                "responses": {"200": {"content": {"application/json": {"schema": answer}}}}
            }}},
            "components": {"schemas": components}
        })
    }

    fn rust_type<'a>(d: &'a Value, pointer: &str) -> &'a Value {
        &d.pointer(pointer).unwrap_or_else(|| panic!("{pointer}"))["x-rust-type"]["path"]
    }

    #[test]
    fn requests_are_strict_and_answers_lenient() {
        let mut d = two_sided(
            json!({"$ref": "#/components/schemas/Req"}),
            json!({"$ref": "#/components/schemas/Ans"}),
            json!({
                "Req": {"type": "object", "properties": {
                    "a": {"type": "number"},
                    "b": {"type": "number", "minimum": 0, "format": "double"},
                    "c": {"type": "array", "items": {"type": "number", "multipleOf": 0.01}},
                    "d": {"type": "string", "format": "date-time"},
                    "e": {"type": "string", "example": {"type": "number"}},
                    "f": {"type": "integer"}
                }},
                "Ans": {"type": "object", "properties": {
                    "a": {"type": "number", "maximum": 10},
                    "rows": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}},
                    "tr": {"type": "object", "x-paynet-decimal": "comma", "properties": {"x": {"type": "number"}}},
                    "when": {"type": "string", "format": "date-time"},
                    "kind": {"type": "string", "enum": ["a", "b"]}
                }},
                "Row": {"type": "object", "properties": {
                    "n": {"type": "integer"}, "ok": {"type": "boolean"}, "s": {"type": "string"}
                }}
            }),
        );
        map_types("t.json", &mut d).unwrap();
        let req = "/components/schemas/Req/properties";
        for p in ["/a", "/b", "/c/items"] {
            assert_eq!(rust_type(&d, &format!("{req}{p}")), DECIMAL_TYPE, "{p}");
        }
        assert_eq!(rust_type(&d, &format!("{req}/d")), TIMESTAMP_TYPE);
        assert!(
            d.pointer(&format!("{req}/e/example"))
                .unwrap()
                .get("x-rust-type")
                .is_none()
        );
        assert!(
            d.pointer(&format!("{req}/f"))
                .unwrap()
                .get("x-rust-type")
                .is_none()
        );
        let ans = "/components/schemas/Ans/properties";
        assert_eq!(rust_type(&d, &format!("{ans}/a")), ANSWER_DECIMAL_TYPE);
        assert_eq!(
            rust_type(&d, &format!("{ans}/tr/properties/x")),
            ANSWER_COMMA_DECIMAL_TYPE
        );
        assert_eq!(rust_type(&d, &format!("{ans}/when")), TIMESTAMP_TYPE);
        assert_eq!(rust_type(&d, &format!("{ans}/kind")), ANSWER_STRING_TYPE);
        let row = "/components/schemas/Row/properties";
        assert_eq!(rust_type(&d, &format!("{row}/n")), ANSWER_INTEGER_TYPE);
        assert_eq!(rust_type(&d, &format!("{row}/ok")), ANSWER_BOOLEAN_TYPE);
        assert_eq!(rust_type(&d, &format!("{row}/s")), ANSWER_STRING_TYPE);
    }

    #[test]
    fn a_schema_on_both_sides_is_refused() {
        let mut d = two_sided(
            json!({"$ref": "#/components/schemas/Both"}),
            json!({"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Both"}}}),
            json!({"Both": {"type": "object"}}),
        );
        let e = format!("{:#}", map_types("t.json", &mut d).unwrap_err());
        assert!(
            e.contains("t.json") && e.contains("$.components.schemas.Both") && e.contains("split"),
            "{e}"
        );
    }

    #[test]
    fn only_openapi_3_0_is_accepted() {
        let mut d = doc(json!({}));
        d["openapi"] = json!("3.1.0");
        let e = err(d);
        assert!(
            e.contains("t.json") && e.contains("3.1.0") && e.contains("3.0"),
            "{e}"
        );
        let e = err(json!({"swagger": "2.0"}));
        assert!(e.contains("$.openapi"), "{e}");
    }

    #[test]
    fn duplicate_operation_ids_are_errors() {
        let d = doc(json!({
            "/v1/a": post(json!({"operationId": "same", "responses": {}})),
            "/v1/b": post(json!({"operationId": "same", "responses": {}})),
        }));
        let e = err(d);
        assert!(
            e.contains("operationId `same`") && e.contains("/v1/"),
            "{e}"
        );
    }

    #[test]
    fn two_success_or_two_error_schemas_are_errors() {
        let body =
            |s: Value| json!({"description": "x", "content": {"application/json": {"schema": s}}});
        let d = doc(json!({"/v1/a": post(json!({"responses": {
            "200": body(json!({"type": "string"})),
            "201": body(json!({"type": "integer"})),
        }}))}));
        assert!(err(d).contains("2 different success bodies"));

        let d = doc(json!({"/v1/a": post(json!({"responses": {
            "400": body(json!({"type": "string"})),
            "default": body(json!({"type": "integer"})),
        }}))}));
        let e = err(d);
        assert!(
            e.contains("2 different error bodies") && e.contains("$.paths['/v1/a'].post"),
            "{e}"
        );

        let d = doc(json!({"/v1/a": post(json!({"responses": {
            "400": body(json!({"type": "string"})),
            "500": body(json!({"type": "string"})),
        }}))}));
        prepare("t.json", d).unwrap();
    }

    #[test]
    fn path_item_refs_are_errors() {
        let d = doc(json!({"/v1/a": {"$ref": "#/paths/~1v1~1b"}}));
        assert!(err(d).contains("path items by $ref"));
    }

    #[test]
    fn cookie_parameters_are_errors() {
        let d = doc(json!({"/v1/a": post(json!({
            "parameters": [{"name": "sid", "in": "cookie", "schema": {"type": "string"}}],
            "responses": {}
        }))}));
        let e = err(d);
        assert!(
            e.contains("cookie parameter `sid`") && e.contains("t.json"),
            "{e}"
        );
    }

    #[test]
    fn module_names() {
        assert_eq!(module_name("paypos-softpos.json"), "paypos_softpos");
        assert_eq!(module_name("paynet-transaction.yaml"), "paynet_transaction");
        assert_eq!(module_name("2fa.yml"), "_2fa");
    }
}
