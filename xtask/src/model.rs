//! What the generator knows of each operation's request and answer, read from the normalised
//! spec: every request field with its type, its rules (required, lengths, pattern, enum, bounds,
//! `x-paynet-amount`, `x-paynet-secret`, `x-paynet-date`) and its example, the answer's top-level
//! fields, and the answer field that says success (`x-paynet-success`).
//!
//! The model is read before the request schemas lose their validation keywords (progenitor would
//! otherwise turn a `maxLength` into a newtype that checks on every call): the rules live in the
//! generated request types of `paynet-domain`, the wire types stay plain.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::policy::SUCCESS;

/// The keys of a path item that are HTTP methods.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// True for an HTTP method's key in a path item.
pub fn is_method(key: &str) -> bool {
    METHODS.contains(&key)
}

/// `x-paynet-amount` on a request field: how an exact `Amount` is written on the wire.
pub const AMOUNT: &str = "x-paynet-amount";
/// `x-paynet-secret: true` on a request or answer field.
pub const SECRET: &str = "x-paynet-secret";
/// `x-paynet-decimal: comma` on an answer schema (read by `spec::map_types`).
pub const DECIMAL: &str = "x-paynet-decimal";
/// `x-paynet-date: dd.MM.yyyy | dd.MM.yyyy HH:mm:ss` on a request or answer string field: the
/// form Paynet writes the date in.
pub const DATE: &str = "x-paynet-date";
/// `x-paynet-view: transaction` on an answer's component schema: the domain reads its rows into
/// that typed view (see `view`).
pub const VIEW: &str = "x-paynet-view";
/// `x-paynet-view-field: <view field> | false` on a property of such a schema: the view field it
/// fills, where its wire name is not the one the view reads it from; `false`: none.
pub const VIEW_FIELD: &str = "x-paynet-view-field";
/// The views a schema can be read into.
pub const VIEWS: [&str; 1] = ["transaction"];
/// `x-paynet-codes: {unknown, values}` on a component schema that is an integer enum: Paynet's
/// coded values, a domain enum (read by `codes`).
pub const CODES: &str = "x-paynet-codes";
/// The `x-paynet-*` keys a schema may carry.
pub const SCHEMA_KEYS: [&str; 7] = [AMOUNT, SECRET, DECIMAL, DATE, VIEW, VIEW_FIELD, CODES];

/// How an amount is written (`x-paynet-amount`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountForm {
    /// `kurus`: kuruş digits in a string, `"1050"`.
    Kurus,
    /// `comma`: TL with a decimal comma in a string, `"10,50"`.
    Comma,
    /// `decimal`: TL as a JSON number, `10.50`.
    Decimal,
}

/// How a date is written on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    /// `format: date`: `YYYY-MM-DD` (the wire type is `chrono::NaiveDate`).
    Iso,
    /// `x-paynet-date: dd.MM.yyyy`: `03.06.2024` (a string on the wire).
    Day,
    /// `x-paynet-date: dd.MM.yyyy HH:mm:ss`: `03.10.2017 10:32:24` (a string on the wire).
    DayTime,
}

impl DateForm {
    /// The form named by an `x-paynet-date` value.
    pub fn from_key(value: &str) -> Option<DateForm> {
        match value {
            "dd.MM.yyyy" => Some(DateForm::Day),
            "dd.MM.yyyy HH:mm:ss" => Some(DateForm::DayTime),
            _ => None,
        }
    }

    /// The Rust type of the field's value.
    pub fn rust_type(self) -> &'static str {
        match self {
            DateForm::Iso | DateForm::Day => "NaiveDate",
            DateForm::DayTime => "NaiveDateTime",
        }
    }

    /// The `chrono` format the wire text is written and read with.
    pub fn chrono_format(self) -> &'static str {
        match self {
            DateForm::Iso => "%Y-%m-%d",
            DateForm::Day => "%d.%m.%Y",
            DateForm::DayTime => "%d.%m.%Y %H:%M:%S",
        }
    }

    /// How the spec writes the form (`YYYY-MM-DD`, `dd.MM.yyyy`...).
    pub fn describe(self) -> &'static str {
        match self {
            DateForm::Iso => "YYYY-MM-DD",
            DateForm::Day => "dd.MM.yyyy",
            DateForm::DayTime => "dd.MM.yyyy HH:mm:ss",
        }
    }

    /// Whether `text` is a real date (and time) in this form: `31.02.2024` is not.
    pub fn accepts(self, text: &str) -> bool {
        let b = text.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (day, month, year) = match self {
            DateForm::Iso => {
                if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
                    return false;
                }
                (num(8..10), num(5..7), num(0..4))
            }
            DateForm::Day | DateForm::DayTime => {
                let want = if self == DateForm::Day { 10 } else { 19 };
                if b.len() != want || b[2] != b'.' || b[5] != b'.' {
                    return false;
                }
                if self == DateForm::DayTime
                    && (b[10] != b' '
                        || b[13] != b':'
                        || b[16] != b':'
                        || !matches!((num(11..13), num(14..16), num(17..19)), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 60))
                {
                    return false;
                }
                (num(0..2), num(3..5), num(6..10))
            }
        };
        let (Some(day), Some(month), Some(year)) = (day, month, year) else {
            return false;
        };
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&day)
    }
}

/// A request field's type and rules.
#[derive(Clone, Debug)]
pub enum FieldType {
    /// A string (not a secret, date or amount).
    Text {
        min_len: Option<u64>,
        max_len: Option<u64>,
        pattern: Option<String>,
        values: Vec<String>,
    },
    /// A string that is a secret (`x-paynet-secret: true`).
    Secret {
        min_len: Option<u64>,
        max_len: Option<u64>,
        pattern: Option<String>,
    },
    /// A date: `format: date` (`YYYY-MM-DD`) or `x-paynet-date` (Paynet's `dd.MM.yyyy` forms).
    Date(DateForm),
    /// An exact amount (`x-paynet-amount`).
    Amount(AmountForm),
    /// A `type: number` that is not an amount.
    Decimal {
        min: Option<String>,
        max: Option<String>,
        exclusive_min: bool,
        exclusive_max: bool,
    },
    Integer {
        min: Option<i64>,
        max: Option<i64>,
        values: Vec<i64>,
    },
    Boolean,
    /// `type: array`.
    List {
        items: Box<FieldType>,
        min_items: Option<u64>,
        max_items: Option<u64>,
    },
    /// A nested object (a component schema).
    Object(Box<ObjectModel>),
}

impl FieldType {
    pub fn is_secret(&self) -> bool {
        matches!(self, FieldType::Secret { .. })
    }
}

/// One request field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON name, as sent (`succeedUrl`).
    pub json: String,
    /// The Rust name (`succeed_url`).
    pub rust: String,
    pub required: bool,
    pub description: String,
    pub ty: FieldType,
    /// The schema's `example`, if any.
    pub example: Option<Value>,
}

impl Field {
    /// `--succeed-url`'s name: `succeed-url`.
    pub fn flag(&self) -> String {
        self.rust.trim_end_matches('_').replace('_', "-")
    }

    /// `PAYNET_CARD_NUMBER` for `card_number`.
    pub fn env_var(&self) -> String {
        format!(
            "PAYNET_{}",
            self.rust.trim_end_matches('_').to_ascii_uppercase()
        )
    }
}

/// A request object: its fields, and the groups of which at least one field must be given
/// (`anyOf: [{required: [a]}, {required: [b]}]`).
#[derive(Clone, Debug)]
pub struct ObjectModel {
    /// The component schema's name, when the object is one (`CaptureRequest`).
    pub schema: Option<String>,
    pub description: String,
    pub fields: Vec<Field>,
    pub at_least_one: Vec<Vec<String>>,
}

/// An operation's request body.
#[derive(Clone, Debug)]
pub enum Body {
    Object(ObjectModel),
    /// A bare JSON value (`check_agent` sends a JSON string): one field, named by the schema's
    /// `title`.
    Scalar(Field),
}

impl Body {
    pub fn fields(&self) -> Vec<&Field> {
        match self {
            Body::Object(o) => o.fields.iter().collect(),
            Body::Scalar(f) => vec![f],
        }
    }
}

/// A top-level field of the answer.
#[derive(Clone, Debug)]
pub struct AnswerField {
    pub json: String,
    pub secret: bool,
    pub array: bool,
}

/// What the generator knows of an operation beyond its policy.
#[derive(Clone, Debug)]
pub struct OpModel {
    pub description: String,
    /// `x-paynet-request-type`: the hand-written request type that stands for the generated one.
    pub request_type: Option<String>,
    pub body: Body,
    /// The answer's top-level fields (empty when it is not an object).
    pub answer: Vec<AnswerField>,
    /// `x-paynet-success`: the answer's boolean that says success (the result code is then read
    /// only when it is absent).
    pub success: Option<String>,
}

impl OpModel {
    /// The answer's secret fields (`x-paynet-secret`), issued by Paynet.
    pub fn issued(&self) -> Vec<&str> {
        self.answer
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.json.as_str())
            .collect()
    }

    /// The request's secret fields, at any depth (their JSON names).
    pub fn request_secrets(&self) -> Vec<String> {
        fn walk(fields: &[&Field], out: &mut Vec<String>) {
            for f in fields {
                let mut ty = &f.ty;
                while let FieldType::List { items, .. } = ty {
                    ty = items;
                }
                match ty {
                    FieldType::Secret { .. } => out.push(f.json.clone()),
                    FieldType::Object(o) => walk(&o.fields.iter().collect::<Vec<_>>(), out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.body.fields(), &mut out);
        out
    }
}

/// `succeedUrl` -> `succeed_url`, `agentID` -> `agent_id`, `Data` -> `data`, `type` -> `type_`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    let out = if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out
    };
    if RUST_KEYWORDS.contains(&out.as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

const RUST_KEYWORDS: [&str; 38] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "abstract",
];

/// Reads the model of every operation of a normalised document (before its request schemas
/// lose their validation keywords).
pub fn collect(file_name: &str, doc: &Value) -> Result<BTreeMap<String, OpModel>> {
    let reader = Reader { file_name, doc };
    reader.check_schema_keys()?;
    let mut out = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(out);
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !is_method(method) {
                continue;
            }
            let at = format!("$.paths['{path}'].{method}");
            let name = op
                .get("operationId")
                .and_then(Value::as_str)
                .with_context(|| format!("{file_name}: {at}: no operationId"))?
                .to_owned();
            let request_type = match op.get("x-paynet-request-type") {
                None => None,
                Some(Value::String(s)) if is_type_name(s) => Some(s.clone()),
                Some(other) => bail!(
                    "{file_name}: {at}.x-paynet-request-type: {other} is not a Rust type name (e.g. PaymentRequest)"
                ),
            };
            let body_at = format!("{at}.requestBody.content['application/json'].schema");
            // An operation without one is refused with the other structural checks (the table's).
            let Some(body_schema) = op.pointer("/requestBody/content/application~1json/schema")
            else {
                continue;
            };
            let body = reader.body(&body_at, body_schema)?;
            let answer = reader.answer(&at, op)?;
            let success = reader.success(&at, op, request_type.is_some())?;
            let text = |key: &str| {
                op.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_owned()
            };
            out.insert(
                name,
                OpModel {
                    description: text("description"),
                    request_type,
                    body,
                    answer,
                    success,
                },
            );
        }
    }
    Ok(out)
}

/// True for a Rust type name: `ResultCode`.
pub fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

struct Reader<'a> {
    file_name: &'a str,
    doc: &'a Value,
}

impl Reader<'_> {
    /// Follows a local `$ref` (`#/components/schemas/X`), once or more: (the name, the schema).
    fn resolve<'v>(&'v self, at: &str, schema: &'v Value) -> Result<(Option<String>, &'v Value)> {
        let mut name = None;
        let mut current = schema;
        for _ in 0..16 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                return Ok((name, current));
            };
            let Some(n) = reference.strip_prefix("#/components/schemas/") else {
                bail!(
                    "{}: {at}: schema reference {reference} is not local",
                    self.file_name
                );
            };
            current = self
                .doc
                .pointer(&format!("/components/schemas/{n}"))
                .with_context(|| {
                    format!(
                        "{}: {at}: schema {reference} does not exist",
                        self.file_name
                    )
                })?;
            name = Some(n.to_owned());
        }
        bail!("{}: {at}: a $ref cycle", self.file_name)
    }

    /// Refuses an unknown `x-paynet-*` key on a schema, or a known one with a wrong value, anywhere
    /// in the document's schemas.
    fn check_schema_keys(&self) -> Result<()> {
        fn walk(file: &str, at: &str, v: &Value) -> Result<()> {
            match v {
                Value::Object(map) => {
                    for (k, child) in map {
                        if k == "example" || k == "examples" {
                            continue;
                        }
                        let here = format!("{at}.{k}");
                        if k.starts_with("x-paynet-") && !is_operation_key(k) {
                            if !SCHEMA_KEYS.contains(&k.as_str()) {
                                bail!(
                                    "{file}: {here}: unknown schema key (known: {})",
                                    SCHEMA_KEYS.join(", ")
                                );
                            }
                            check_value(file, &here, k, child, map)?;
                            continue;
                        }
                        walk(file, &here, child)?;
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(file, &format!("{at}[{i}]"), item)?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
        fn check_value(
            file: &str,
            at: &str,
            key: &str,
            value: &Value,
            schema: &serde_json::Map<String, Value>,
        ) -> Result<()> {
            let ty = schema.get("type").and_then(Value::as_str).unwrap_or("");
            match key {
                AMOUNT => {
                    let form = value.as_str().unwrap_or("");
                    let wanted = match form {
                        "kurus" | "comma" => "string",
                        "decimal" => "number",
                        _ => bail!("{file}: {at}: {value} is not one of kurus, comma, decimal"),
                    };
                    if ty != wanted {
                        bail!(
                            "{file}: {at}: x-paynet-amount: {form} is written as a JSON {wanted}, but the field's type is {}",
                            if ty.is_empty() { "not given" } else { ty }
                        );
                    }
                }
                SECRET => {
                    if value != &Value::Bool(true) {
                        bail!(
                            "{file}: {at}: {value} is not true (omit the key for a field that is not a secret)"
                        );
                    }
                    if ty != "string" {
                        bail!("{file}: {at}: only a string field can be a secret");
                    }
                }
                // On a component schema, `codes` checks (and takes) it before this check runs.
                CODES
                    if at
                        .strip_prefix("$.components.schemas.")
                        .is_none_or(|rest| rest.split('.').count() != 2) =>
                {
                    bail!(
                        "{file}: {at}: x-paynet-codes goes on a component schema (an integer enum)"
                    );
                }
                DECIMAL if value.as_str() != Some("comma") => {
                    bail!("{file}: {at}: {value} is not comma");
                }
                // Where they may be; which view field a property fills is checked by `view`.
                VIEW | VIEW_FIELD => {
                    let parts: Vec<&str> = at
                        .strip_prefix("$.components.schemas.")
                        .map(|rest| rest.split('.').collect())
                        .unwrap_or_default();
                    if key == VIEW && (parts.len() != 2 || !schema.contains_key("properties")) {
                        bail!(
                            "{file}: {at}: x-paynet-view goes on a component schema with `properties` (the answer's row)"
                        );
                    }
                    if key == VIEW && !value.as_str().is_some_and(|v| VIEWS.contains(&v)) {
                        bail!("{file}: {at}: {value} is not one of {}", VIEWS.join(", "));
                    }
                    if key == VIEW_FIELD && (parts.len() != 4 || parts[1] != "properties") {
                        bail!(
                            "{file}: {at}: x-paynet-view-field goes on a property of a component schema"
                        );
                    }
                    if key == VIEW_FIELD
                        && !matches!(value, Value::Bool(false))
                        && value.as_str().is_none_or(str::is_empty)
                    {
                        bail!(
                            "{file}: {at}: {value} is neither a view field's name nor false (no view field)"
                        );
                    }
                }
                DATE => {
                    if value.as_str().and_then(DateForm::from_key).is_none() {
                        bail!(
                            "{file}: {at}: {value} is not one of dd.MM.yyyy, dd.MM.yyyy HH:mm:ss"
                        );
                    }
                    if ty != "string" {
                        bail!("{file}: {at}: only a string field can be a date");
                    }
                    if schema.contains_key("format") {
                        bail!(
                            "{file}: {at}: a date is either `format: date` (YYYY-MM-DD) or `x-paynet-date`, not both"
                        );
                    }
                    if schema.contains_key(AMOUNT) || schema.contains_key(SECRET) {
                        bail!("{file}: {at}: a date is neither an amount nor a secret");
                    }
                }
                _ => {}
            }
            Ok(())
        }
        fn is_operation_key(k: &str) -> bool {
            crate::policy::OPERATION_KEYS.contains(&k)
        }
        if let Some(paths) = self.doc.get("paths") {
            walk(self.file_name, "$.paths", paths)?;
        }
        if let Some(schemas) = self.doc.pointer("/components/schemas") {
            walk(self.file_name, "$.components.schemas", schemas)?;
        }
        Ok(())
    }

    fn body(&self, at: &str, schema: &Value) -> Result<Body> {
        let (name, resolved) = self.resolve(at, schema)?;
        match resolved.get("type").and_then(Value::as_str) {
            Some("object") | None if resolved.get("properties").is_some() || name.is_some() => {
                Ok(Body::Object(self.object(at, name, resolved)?))
            }
            Some(_) => {
                let title = resolved
                    .get("title")
                    .and_then(Value::as_str)
                    .with_context(|| {
                        format!(
                            "{}: {at}: a request body that is not an object needs a `title`: it names the field (the CLI's flag, the builder's setter)",
                            self.file_name
                        )
                    })?;
                let rust = snake(title);
                let ty = self.field_type(at, &rust, resolved)?;
                if matches!(ty, FieldType::Object(_)) {
                    bail!(
                        "{}: {at}: an object body needs `type: object` and `properties`",
                        self.file_name
                    );
                }
                Ok(Body::Scalar(Field {
                    json: title.to_owned(),
                    rust,
                    required: true,
                    description: text(resolved, "description"),
                    ty,
                    example: resolved.get("example").cloned(),
                }))
            }
            None => bail!("{}: {at}: the request body has no type", self.file_name),
        }
    }

    fn object(&self, at: &str, name: Option<String>, schema: &Value) -> Result<ObjectModel> {
        for key in ["allOf", "oneOf", "not", "additionalProperties"] {
            if schema
                .get(key)
                .is_some_and(|v| v != &Value::Bool(false) && v != &Value::Bool(true))
            {
                bail!(
                    "{}: {at}.{key}: not supported in a request object (list its fields under `properties`)",
                    self.file_name
                );
            }
        }
        let required: BTreeSet<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let mut fields = Vec::new();
        let mut rust_names = BTreeSet::new();
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (json, prop) in props {
                let here = format!("{at}.properties.{json}");
                let rust = snake(json);
                if !rust_names.insert(rust.clone()) {
                    bail!(
                        "{}: {here}: two fields would both be named `{rust}` in Rust",
                        self.file_name
                    );
                }
                let (_, resolved) = self.resolve(&here, prop)?;
                let ty = self.field_type(&here, &rust, prop)?;
                fields.push(Field {
                    json: json.clone(),
                    rust,
                    required: required.contains(json),
                    description: text(resolved, "description")
                        .or_else_nonempty(|| text(prop, "description")),
                    ty,
                    example: prop
                        .get("example")
                        .or_else(|| resolved.get("example"))
                        .cloned(),
                });
            }
        }
        for r in &required {
            if !fields.iter().any(|f| &f.json == r) {
                bail!(
                    "{}: {at}.required: `{r}` is not among the properties",
                    self.file_name
                );
            }
        }
        let mut at_least_one = Vec::new();
        if let Some(any) = schema.get("anyOf") {
            let groups = any
                .as_array()
                .with_context(|| format!("{}: {at}.anyOf: not a list", self.file_name))?;
            for (i, g) in groups.iter().enumerate() {
                let only_required = g
                    .as_object()
                    .is_some_and(|m| m.len() == 1 && m.contains_key("required"));
                let names: Vec<String> = g
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| {
                        r.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                if !only_required || names.is_empty() {
                    bail!(
                        "{}: {at}.anyOf[{i}]: only `{{required: [..]}}` members are supported (at least one of them must be given)",
                        self.file_name
                    );
                }
                for n in &names {
                    if !fields.iter().any(|f| &f.json == n) {
                        bail!(
                            "{}: {at}.anyOf[{i}]: `{n}` is not among the properties",
                            self.file_name
                        );
                    }
                }
                at_least_one.push(names);
            }
        }
        Ok(ObjectModel {
            schema: name,
            description: text(schema, "description"),
            fields,
            at_least_one,
        })
    }

    fn field_type(&self, at: &str, rust: &str, schema: &Value) -> Result<FieldType> {
        let (name, s) = self.resolve(at, schema)?;
        let ty = s.get("type").and_then(Value::as_str);
        let amount = s.get(AMOUNT).and_then(Value::as_str);
        let secret = s.get(SECRET) == Some(&Value::Bool(true));
        let uint = |k: &str| s.get(k).and_then(Value::as_u64);
        let int = |k: &str| s.get(k).and_then(Value::as_i64);
        Ok(match ty {
            Some("string") => {
                if let Some(form) = amount {
                    FieldType::Amount(match form {
                        "kurus" => AmountForm::Kurus,
                        _ => AmountForm::Comma,
                    })
                } else if secret {
                    FieldType::Secret {
                        min_len: uint("minLength"),
                        max_len: uint("maxLength"),
                        pattern: s.get("pattern").and_then(Value::as_str).map(str::to_owned),
                    }
                } else if let Some(form) = s.get(DATE).and_then(Value::as_str) {
                    FieldType::Date(DateForm::from_key(form).with_context(|| {
                        format!("{}: {at}.{DATE}: {form} is not a date form", self.file_name)
                    })?)
                } else if s.get("format").and_then(Value::as_str) == Some("date") {
                    FieldType::Date(DateForm::Iso)
                } else {
                    let values = match s.get("enum") {
                        None => Vec::new(),
                        Some(Value::Array(v)) => v
                            .iter()
                            .map(|e| {
                                e.as_str().map(str::to_owned).with_context(|| {
                                    format!("{}: {at}.enum: {e} is not a string", self.file_name)
                                })
                            })
                            .collect::<Result<_>>()?,
                        Some(other) => {
                            bail!("{}: {at}.enum: {other} is not a list", self.file_name)
                        }
                    };
                    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                        check_pattern(self.file_name, at, p)?;
                    }
                    FieldType::Text {
                        min_len: uint("minLength"),
                        max_len: uint("maxLength"),
                        pattern: s.get("pattern").and_then(Value::as_str).map(str::to_owned),
                        values,
                    }
                }
            }
            Some("number") => match amount {
                Some(_) => FieldType::Amount(AmountForm::Decimal),
                None => FieldType::Decimal {
                    min: s.get("minimum").map(number_text),
                    max: s.get("maximum").map(number_text),
                    exclusive_min: s.get("exclusiveMinimum") == Some(&Value::Bool(true)),
                    exclusive_max: s.get("exclusiveMaximum") == Some(&Value::Bool(true)),
                },
            },
            Some("integer") => FieldType::Integer {
                min: int("minimum"),
                max: int("maximum"),
                values: match s.get("enum") {
                    None => Vec::new(),
                    Some(Value::Array(v)) => v
                        .iter()
                        .map(|e| {
                            e.as_i64().with_context(|| {
                                format!("{}: {at}.enum: {e} is not an integer", self.file_name)
                            })
                        })
                        .collect::<Result<_>>()?,
                    Some(other) => bail!("{}: {at}.enum: {other} is not a list", self.file_name),
                },
            },
            Some("boolean") => FieldType::Boolean,
            Some("array") => {
                let items = s.get("items").with_context(|| {
                    format!("{}: {at}: an array without `items`", self.file_name)
                })?;
                let inner = self.field_type(&format!("{at}.items"), rust, items)?;
                if matches!(inner, FieldType::List { .. }) {
                    bail!(
                        "{}: {at}: arrays of arrays are not supported",
                        self.file_name
                    );
                }
                FieldType::List {
                    items: Box::new(inner),
                    min_items: uint("minItems"),
                    max_items: uint("maxItems"),
                }
            }
            Some("object") | None if s.get("properties").is_some() => {
                let object = self.object(at, name.clone(), s)?;
                if object.schema.is_none() {
                    bail!(
                        "{}: {at}: a nested request object must be a component schema (`$ref: '#/components/schemas/..'`): its name is the Rust type's",
                        self.file_name
                    );
                }
                for f in &object.fields {
                    if matches!(f.ty, FieldType::Amount(_) | FieldType::Secret { .. }) {
                        bail!(
                            "{}: {at}.properties.{}: amounts and secrets are supported on the request's own fields only, not inside a nested object",
                            self.file_name,
                            f.json
                        );
                    }
                }
                FieldType::Object(Box::new(object))
            }
            other => bail!(
                "{}: {at}: field `{rust}` has type {} which a request cannot carry (string, number, integer, boolean, array or object)",
                self.file_name,
                other.unwrap_or("(none)")
            ),
        })
    }

    /// `x-paynet-success` of an operation: a top-level boolean field of its 2xx answer, on an
    /// operation whose request type is generated (a hand-written one reads its answer itself).
    fn success(&self, at: &str, op: &Value, hand_written: bool) -> Result<Option<String>> {
        let Some(value) = op.get(SUCCESS) else {
            return Ok(None);
        };
        let here = format!("{at}.{SUCCESS}");
        let Some(field) = value.as_str().filter(|s| !s.is_empty()) else {
            bail!(
                "{}: {here}: {value} is not the name of the answer's field that says success (e.g. is_succeed)",
                self.file_name
            );
        };
        if hand_written {
            bail!(
                "{}: {here}: the operation has a hand-written request type (x-paynet-request-type), which reads its answer itself",
                self.file_name
            );
        }
        let responses = op.get("responses").and_then(Value::as_object);
        let mut found = false;
        for (status, response) in responses.into_iter().flatten() {
            if !status.starts_with('2') {
                continue;
            }
            let Some(schema) = response.pointer("/content/application~1json/schema") else {
                continue;
            };
            let (_, resolved) = self.resolve(&here, schema)?;
            if let Some(prop) = resolved.pointer(&format!("/properties/{field}")) {
                let (_, prop) = self.resolve(&here, prop)?;
                if prop.get("type").and_then(Value::as_str) != Some("boolean") {
                    bail!(
                        "{}: {here}: the answer's `{field}` is not a boolean",
                        self.file_name
                    );
                }
                found = true;
            }
        }
        if !found {
            bail!(
                "{}: {here}: the 2xx answer has no top-level field `{field}`",
                self.file_name
            );
        }
        Ok(Some(field.to_owned()))
    }

    /// The top-level fields of the 2xx JSON answer; refuses a secret anywhere deeper.
    fn answer(&self, at: &str, op: &Value) -> Result<Vec<AnswerField>> {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (status, response) in responses {
            let success = status.starts_with('2');
            let Some(schema) = response.pointer("/content/application~1json/schema") else {
                continue;
            };
            let here = format!("{at}.responses['{status}']");
            let (_, resolved) = self.resolve(&here, schema)?;
            let props = resolved.get("properties").and_then(Value::as_object);
            for (json, prop) in props.into_iter().flatten() {
                let (_, p) = self.resolve(&here, prop)?;
                let secret = p.get(SECRET) == Some(&Value::Bool(true));
                if secret && !success {
                    bail!(
                        "{}: {here}.properties.{json}: a secret in an error answer is not supported",
                        self.file_name
                    );
                }
                if success {
                    if deep_secret(self, &here, p, 0)? {
                        bail!(
                            "{}: {here}.properties.{json}: x-paynet-secret is supported on the answer's own fields only, not inside a nested object or list",
                            self.file_name
                        );
                    }
                    out.push(AnswerField {
                        json: json.clone(),
                        secret,
                        array: p.get("type").and_then(Value::as_str) == Some("array"),
                    });
                }
            }
        }
        return Ok(out);

        fn deep_secret(r: &Reader<'_>, at: &str, v: &Value, depth: u8) -> Result<bool> {
            if depth > 8 {
                return Ok(false);
            }
            let mut found = false;
            for key in ["items", "properties"] {
                let Some(child) = v.get(key) else { continue };
                let children: Vec<&Value> = match child {
                    Value::Object(m) if key == "properties" => m.values().collect(),
                    other => vec![other],
                };
                for c in children {
                    let (_, c) = r.resolve(at, c)?;
                    if c.get(SECRET) == Some(&Value::Bool(true)) {
                        found = true;
                    }
                    found |= deep_secret(r, at, c, depth + 1)?;
                }
            }
            Ok(found)
        }
    }
}

fn check_pattern(file: &str, at: &str, pattern: &str) -> Result<()> {
    // The domain compiles it with the `regex` crate; a lookaround or backreference would fail
    // there at run time.
    for bad in ["(?=", "(?!", "(?<=", "(?<!", "\\1", "\\2"] {
        if pattern.contains(bad) {
            bail!(
                "{file}: {at}.pattern: `{bad}` is not supported (the SDK checks patterns with the `regex` crate)"
            );
        }
    }
    Ok(())
}

fn number_text(v: &Value) -> String {
    v.to_string()
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

trait OrElseNonEmpty {
    fn or_else_nonempty(self, f: impl FnOnce() -> String) -> String;
}

impl OrElseNonEmpty for String {
    fn or_else_nonempty(self, f: impl FnOnce() -> String) -> String {
        if self.is_empty() { f() } else { self }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn snake_names() {
        assert_eq!(snake("succeedUrl"), "succeed_url");
        assert_eq!(snake("agentID"), "agent_id");
        assert_eq!(snake("Data"), "data");
        assert_eq!(snake("netAmount"), "net_amount");
        assert_eq!(snake("xact_id"), "xact_id");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("HTMLContent"), "html_content");
        assert_eq!(snake("3d"), "_3d");
    }

    fn doc(body: Value, schemas: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/v1/x/thing": {"post": {
                "operationId": "thing",
                "requestBody": {"content": {"application/json": {"schema": body}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}}}
            }}},
            "components": {"schemas": schemas}
        })
    }

    fn err(d: Value) -> String {
        format!("{:#}", collect("t.yaml", &d).unwrap_err())
    }

    /// `x-paynet-codes` anywhere but on a component schema (where `codes` takes it) is refused.
    #[test]
    fn coded_values_go_on_a_component_schema() {
        let d = doc(
            json!({"type": "object", "properties": {"x": {"type": "string"}}}),
            json!({"Answer": {"type": "object", "properties": {
                "kind": {"type": "integer", "x-paynet-codes": {"unknown": "u", "values": []}}
            }}}),
        );
        let e = err(d);
        assert!(
            e.contains("t.yaml: $.components.schemas.Answer.properties.kind.x-paynet-codes")
                && e.contains("goes on a component schema"),
            "{e}"
        );
    }

    #[test]
    fn fields_types_and_rules_are_read() {
        let d = doc(
            json!({"$ref": "#/components/schemas/Req"}),
            json!({
                "Req": {"type": "object", "required": ["xact_id", "amount"],
                    "anyOf": [{"required": ["xact_id"]}, {"required": ["xact"]}],
                    "properties": {
                    "xact_id": {"type": "string", "maxLength": 40, "example": "xk_1"},
                    "xact": {"type": "integer", "minimum": 1},
                    "amount": {"type": "string", "x-paynet-amount": "kurus"},
                    "rate": {"type": "number", "minimum": -0.2, "maximum": 0.2},
                    "secret_key": {"type": "string", "x-paynet-secret": true},
                    "card_type": {"type": "string", "enum": ["cc", "dc"]},
                    "date": {"type": "string", "format": "date"},
                    "succeedUrl": {"type": "string"},
                    "banks": {"type": "array", "items": {"$ref": "#/components/schemas/Bank"}}
                }},
                "Bank": {"type": "object", "properties": {"bank_id": {"type": "string", "minLength": 4, "maxLength": 4}}},
                "Answer": {"type": "object", "properties": {
                    "code": {"type": "integer"}, "key": {"type": "string", "x-paynet-secret": true},
                    "Data": {"type": "array", "items": {"type": "object"}}
                }}
            }),
        );
        let m = collect("t.yaml", &d).unwrap().remove("thing").unwrap();
        let Body::Object(o) = &m.body else { panic!() };
        let f = |n: &str| o.fields.iter().find(|f| f.json == n).unwrap();
        assert!(f("xact_id").required && !f("xact").required);
        assert!(matches!(
            f("amount").ty,
            FieldType::Amount(AmountForm::Kurus)
        ));
        assert!(matches!(f("secret_key").ty, FieldType::Secret { .. }));
        assert_eq!(f("secret_key").env_var(), "PAYNET_SECRET_KEY");
        assert!(matches!(f("date").ty, FieldType::Date(DateForm::Iso)));
        assert_eq!(f("succeedUrl").flag(), "succeed-url");
        assert!(matches!(&f("card_type").ty, FieldType::Text { values, .. } if values.len() == 2));
        assert!(matches!(&f("rate").ty, FieldType::Decimal { min: Some(m), .. } if m == "-0.2"));
        assert!(
            matches!(&f("banks").ty, FieldType::List { items, .. } if matches!(**items, FieldType::Object(_)))
        );
        assert_eq!(
            o.at_least_one,
            vec![vec!["xact_id".to_owned()], vec!["xact".to_owned()]]
        );
        assert_eq!(m.issued(), vec!["key"]);
        assert!(m.answer.iter().any(|a| a.json == "Data" && a.array));
        assert_eq!(m.request_secrets(), vec!["secret_key".to_owned()]);
    }

    #[test]
    fn bad_extensions_are_refused_with_the_path() {
        let with = |prop: Value| {
            doc(
                json!({"type": "object", "properties": {"f": prop}}),
                json!({"Answer": {"type": "object"}}),
            )
        };
        let e = err(with(json!({"type": "string", "x-paynet-amount": "lira"})));
        assert!(
            e.contains("t.yaml")
                && e.contains(".properties.f.x-paynet-amount")
                && e.contains("lira"),
            "{e}"
        );
        let e = err(with(json!({"type": "number", "x-paynet-amount": "kurus"})));
        assert!(e.contains("JSON string") && e.contains("number"), "{e}");
        let e = err(with(json!({"type": "string", "x-paynet-secret": "yes"})));
        assert!(
            e.contains("x-paynet-secret") && e.contains("not true"),
            "{e}"
        );
        let e = err(with(json!({"type": "integer", "x-paynet-secret": true})));
        assert!(e.contains("only a string"), "{e}");
        let e = err(with(json!({"type": "string", "x-paynet-sensitive": true})));
        assert!(e.contains("unknown schema key"), "{e}");
        let e = err(with(json!({"type": "string", "pattern": "^(?!x)"})));
        assert!(e.contains("not supported"), "{e}");
    }

    #[test]
    fn paynet_date_forms_are_read_and_checked() {
        let with = |prop: Value| {
            doc(
                json!({"type": "object", "properties": {"d": prop}}),
                json!({"Answer": {"type": "object"}}),
            )
        };
        let ty = |prop: Value| {
            let m = collect("t.yaml", &with(prop))
                .unwrap()
                .remove("thing")
                .unwrap();
            let Body::Object(o) = m.body else { panic!() };
            o.fields[0].ty.clone()
        };
        assert!(matches!(
            ty(json!({"type": "string", "x-paynet-date": "dd.MM.yyyy"})),
            FieldType::Date(DateForm::Day)
        ));
        assert!(matches!(
            ty(json!({"type": "string", "x-paynet-date": "dd.MM.yyyy HH:mm:ss"})),
            FieldType::Date(DateForm::DayTime)
        ));
        let e = err(with(
            json!({"type": "string", "x-paynet-date": "yyyy-MM-dd"}),
        ));
        assert!(
            e.contains(".properties.d.x-paynet-date") && e.contains("not one of dd.MM.yyyy"),
            "{e}"
        );
        let e = err(with(
            json!({"type": "integer", "x-paynet-date": "dd.MM.yyyy"}),
        ));
        assert!(e.contains("only a string field can be a date"), "{e}");
        let e = err(with(
            json!({"type": "string", "format": "date", "x-paynet-date": "dd.MM.yyyy"}),
        ));
        assert!(e.contains("not both"), "{e}");
        let e = err(with(
            json!({"type": "string", "x-paynet-secret": true, "x-paynet-date": "dd.MM.yyyy"}),
        ));
        assert!(e.contains("neither an amount nor a secret"), "{e}");
        // An answer's date is checked the same way.
        let d = doc(
            json!({"type": "object", "properties": {}}),
            json!({"Answer": {"type": "object", "properties": {"due": {"type": "string", "x-paynet-date": "dd/MM/yyyy"}}}}),
        );
        assert!(err(d).contains("Answer.properties.due.x-paynet-date"));
        for (form, good, bad) in [
            (DateForm::Iso, "2024-02-29", "2023-02-29"),
            (DateForm::Day, "29.02.2024", "31.04.2024"),
            (
                DateForm::DayTime,
                "03.10.2017 10:32:24",
                "03.10.2017 24:00:00",
            ),
        ] {
            assert!(form.accepts(good) && !form.accepts(bad), "{form:?}");
        }
        assert!(!DateForm::Day.accepts("3.6.2024") && !DateForm::DayTime.accepts("03.10.2017"));
    }

    #[test]
    fn success_is_a_boolean_of_the_answer() {
        let with = |key: Value, answer: Value, request_type: bool| {
            let mut d = doc(
                json!({"type": "object", "properties": {}}),
                json!({"Answer": {"type": "object", "properties": answer}}),
            );
            let op = d.pointer_mut("/paths/~1v1~1x~1thing/post").unwrap();
            op["x-paynet-success"] = key;
            if request_type {
                op["x-paynet-request-type"] = json!("ThingRequest");
            }
            d
        };
        let ok = with(
            json!("is_succeed"),
            json!({"is_succeed": {"type": "boolean"}}),
            false,
        );
        let m = collect("t.yaml", &ok).unwrap().remove("thing").unwrap();
        assert_eq!(m.success.as_deref(), Some("is_succeed"));
        let e = err(with(
            json!("is_succeed"),
            json!({"code": {"type": "integer"}}),
            false,
        ));
        assert!(
            e.contains("x-paynet-success") && e.contains("no top-level field `is_succeed`"),
            "{e}"
        );
        let e = err(with(
            json!("code"),
            json!({"code": {"type": "integer"}}),
            false,
        ));
        assert!(e.contains("is not a boolean"), "{e}");
        let e = err(with(
            json!(true),
            json!({"is_succeed": {"type": "boolean"}}),
            false,
        ));
        assert!(e.contains("is not the name"), "{e}");
        let e = err(with(
            json!("is_succeed"),
            json!({"is_succeed": {"type": "boolean"}}),
            true,
        ));
        assert!(e.contains("hand-written request type"), "{e}");
    }

    #[test]
    fn a_bare_body_is_named_by_its_title() {
        let d = doc(
            json!({"type": "string", "title": "agent_reference_no", "example": "987345"}),
            json!({"Answer": {"type": "object"}}),
        );
        let m = collect("t.yaml", &d).unwrap().remove("thing").unwrap();
        let Body::Scalar(f) = &m.body else { panic!() };
        assert_eq!(
            (f.json.as_str(), f.flag()),
            ("agent_reference_no", "agent-reference-no".to_owned())
        );
        let d = doc(
            json!({"type": "string"}),
            json!({"Answer": {"type": "object"}}),
        );
        assert!(err(d).contains("needs a `title`"));
    }

    #[test]
    fn secrets_deep_in_an_answer_are_refused() {
        let d = doc(
            json!({"type": "object", "properties": {}}),
            json!({"Answer": {"type": "object", "properties": {"rows": {"type": "array", "items": {
                "type": "object", "properties": {"k": {"type": "string", "x-paynet-secret": true}}}}}}}),
        );
        assert!(err(d).contains("answer's own fields only"));
    }
}
