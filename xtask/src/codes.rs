//! Paynet's coded values. A component schema that is an integer enum with `x-paynet-codes` (each
//! value's Rust variant, name and description, and the description of the `Unknown` case) becomes
//! a `#[non_exhaustive]` enum of `paynet-domain` that keeps a code it does not know
//! (`Unknown(UnknownCode)`). Checked here (naming the file and the JSON path), taken out of the
//! document before progenitor sees it (it is the domain's data, no wire type), and written as
//! `paynet-domain`'s `src/generated/codes.rs`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::{Result, bail};
use serde_json::{Map, Value};

use crate::model::{CODES, is_type_name};

/// An enum of coded values: its spec, schema name, doc, the `Unknown` case's doc and its values
/// in code order.
#[derive(Debug)]
pub struct CodeEnum {
    pub file: String,
    pub name: String,
    doc: String,
    unknown: String,
    values: Vec<CodeValue>,
}

/// One named value: its code, Rust variant, name (`name()`) and doc.
#[derive(Debug)]
struct CodeValue {
    code: i64,
    variant: String,
    name: String,
    doc: String,
}

/// The keys a coded-values schema may have, and those of its `x-paynet-codes` and of a value.
const SCHEMA_KEYS: [&str; 4] = ["type", "description", "enum", CODES];
const CODES_KEYS: [&str; 2] = ["unknown", "values"];
const VALUE_KEYS: [&str; 4] = ["code", "variant", "name", "description"];

/// Takes every component schema with `x-paynet-codes` out of `doc`, checked.
pub fn take(file: &str, doc: &mut Value) -> Result<Vec<CodeEnum>> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for (name, schema) in schemas {
        if schema.get(CODES).is_some() {
            found.push(read(file, name, schema)?);
        }
    }
    let text = doc.to_string();
    for e in &found {
        if text.contains(&format!("\"#/components/schemas/{}\"", e.name)) {
            bail!(
                "{file}: $.components.schemas.{}: coded values are the domain's, not a wire type: no `$ref` may name them",
                e.name
            );
        }
    }
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.retain(|_, s| s.get(CODES).is_none());
    }
    Ok(found)
}

/// Refuses a key of `map` not in `known`.
fn only(file: &str, at: &str, map: &Map<String, Value>, known: &[&str]) -> Result<()> {
    if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
        bail!(
            "{file}: {at}.{key}: unknown key (known: {})",
            known.join(", ")
        );
    }
    Ok(())
}

/// A non-empty string at `map[key]`.
fn text(file: &str, at: &str, map: &Map<String, Value>, key: &str) -> Result<String> {
    match map.get(key).and_then(Value::as_str).map(str::trim_end) {
        Some(s) if !s.trim().is_empty() => Ok(s.to_owned()),
        _ => bail!("{file}: {at}.{key}: missing, or not a non-empty string"),
    }
}

fn read(file: &str, name: &str, schema: &Value) -> Result<CodeEnum> {
    let at = format!("$.components.schemas.{name}");
    let Some(schema) = schema.as_object() else {
        bail!("{file}: {at}: not an object");
    };
    only(file, &at, schema, &SCHEMA_KEYS)?;
    if !is_type_name(name) {
        bail!("{file}: {at}: {name} is not a Rust type name (e.g. ResultCode)");
    }
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        bail!("{file}: {at}.type: coded values are an integer enum (`type: integer`)");
    }
    let doc = text(file, &at, schema, "description")?;
    let here = format!("{at}.{CODES}");
    let Some(codes) = schema.get(CODES).and_then(Value::as_object) else {
        bail!("{file}: {here}: not an object (`unknown` and `values`)");
    };
    only(file, &here, codes, &CODES_KEYS)?;
    let unknown = text(file, &here, codes, "unknown")?;
    let items = match codes.get("values").and_then(Value::as_array) {
        Some(items) if !items.is_empty() => items,
        _ => bail!("{file}: {here}.values: missing, or not a non-empty list"),
    };
    let mut values: Vec<CodeValue> = Vec::new();
    let (mut variants, mut names) = (BTreeSet::new(), BTreeSet::new());
    for (i, item) in items.iter().enumerate() {
        let at = format!("{here}.values[{i}]");
        let Some(item) = item.as_object() else {
            bail!("{file}: {at}: not an object ({})", VALUE_KEYS.join(", "));
        };
        only(file, &at, item, &VALUE_KEYS)?;
        let Some(code) = item.get("code").and_then(Value::as_i64) else {
            bail!("{file}: {at}.code: missing, or not an integer");
        };
        if values.last().is_some_and(|last| last.code >= code) {
            bail!("{file}: {at}.code: {code} is not after the previous code (codes go in order)");
        }
        let variant = text(file, &at, item, "variant")?;
        if !is_type_name(&variant) || variant == "Unknown" {
            bail!("{file}: {at}.variant: {variant} is not a Rust variant name other than Unknown");
        }
        if !variants.insert(variant.clone()) {
            bail!("{file}: {at}.variant: {variant} names two values");
        }
        let value_name = text(file, &at, item, "name")?;
        if !names.insert(value_name.clone()) {
            bail!("{file}: {at}.name: {value_name:?} names two values");
        }
        values.push(CodeValue {
            code,
            variant,
            name: value_name,
            doc: text(file, &at, item, "description")?,
        });
    }
    let listed: Vec<i64> = values.iter().map(|v| v.code).collect();
    let declared: Option<Vec<i64>> = schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|e| e.iter().filter_map(Value::as_i64).collect());
    if declared.as_ref() != Some(&listed) {
        bail!("{file}: {at}.enum: must list the codes of {CODES}.values, in order: {listed:?}");
    }
    Ok(CodeEnum {
        file: file.to_owned(),
        name: name.to_owned(),
        doc,
        unknown,
        values,
    })
}

/// `text` as doc comment lines, indented by `indent`.
fn doc_lines(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        let _ = match line {
            "" => writeln!(out, "{indent}///"),
            _ => writeln!(out, "{indent}/// {line}"),
        };
    }
}

/// `crates/paynet-domain/src/generated/codes.rs`: every enum of coded values, with `KNOWN`,
/// `from_i64`, `as_i64`, `name`, `Display`, `From` both ways and `Serialize`.
pub fn module(enums: &[&CodeEnum]) -> String {
    let mut out = String::from("use crate::unknown::UnknownCode;\n\n");
    for e in enums {
        let n = &e.name;
        let _ = writeln!(out, "// `openapi/{}`, `{n}`.", e.file);
        doc_lines(&mut out, "", &e.doc);
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum {n} {{"
        );
        let mut known = Vec::new();
        let (mut from, mut as_i64, mut name) = (String::new(), String::new(), String::new());
        for v in &e.values {
            doc_lines(&mut out, "    ", &v.doc);
            let _ = writeln!(out, "    {},", v.variant);
            known.push(format!("{n}::{}", v.variant));
            let _ = writeln!(from, "{} => {n}::{},", v.code, v.variant);
            let _ = writeln!(as_i64, "{n}::{} => {},", v.variant, v.code);
            let _ = writeln!(name, "{n}::{} => {:?},", v.variant, v.name);
        }
        doc_lines(&mut out, "    ", &e.unknown);
        let _ = write!(
            out,
            "    Unknown(UnknownCode),
}}

impl {n} {{
    /// Every named (documented) value, in code order.
    pub const KNOWN: &'static [{n}] = &[{known}];

    /// Reads a code as Paynet sends it. Never fails: a code this crate does not know
    /// becomes `Unknown(code)`.
    pub fn from_i64(code: i64) -> {n} {{
        match code {{
            {from}other => {n}::Unknown(UnknownCode(other)),
        }}
    }}

    /// The code as Paynet writes it.
    pub fn as_i64(self) -> i64 {{
        match self {{
            {as_i64}{n}::Unknown(code) => code.value(),
        }}
    }}

    /// The value's name (`\"unknown\"` for an unknown code).
    pub fn name(self) -> &'static str {{
        match self {{
            {name}{n}::Unknown(_) => \"unknown\",
        }}
    }}
}}

impl std::fmt::Display for {n} {{
    /// Writes the code and its name, e.g. `4 (capture)`; `99 (unknown)` for an unknown
    /// code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{
        write!(f, \"{{}} ({{}})\", self.as_i64(), self.name())
    }}
}}

impl From<i64> for {n} {{
    /// Same as the type's `from_i64`.
    fn from(code: i64) -> {n} {{
        {n}::from_i64(code)
    }}
}}

impl serde::Serialize for {n} {{
    /// The code as Paynet writes it (a number).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {{
        serializer.serialize_i64(self.as_i64())
    }}
}}

impl From<{n}> for i64 {{
    /// Same as the type's `as_i64`.
    fn from(value: {n}) -> i64 {{
        value.as_i64()
    }}
}}

",
            known = known.join(", "),
        );
    }
    out
}

/// Refuses two enums of coded values with one name (in one spec or two).
pub fn check_unique(enums: &[&CodeEnum]) -> Result<()> {
    let mut seen: Vec<&CodeEnum> = Vec::new();
    for e in enums {
        if let Some(other) = seen.iter().find(|o| o.name == e.name) {
            bail!(
                "{}: $.components.schemas.{}: coded values named like {}'s",
                e.file,
                e.name,
                other.file
            );
        }
        seen.push(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn doc(codes: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Other": {"type": "object", "properties": {"code": {"type": "integer"}}},
                "Kind": codes
            }}
        })
    }

    fn kind() -> Value {
        json!({
            "type": "integer",
            "description": "A kind.\n\n```\nassert!(true);\n```\n",
            "enum": [1, 5],
            "x-paynet-codes": {
                "unknown": "A kind this crate does not know.\n",
                "values": [
                    {"code": 1, "variant": "Swipe", "name": "Süpürmeli POS", "description": "1: swiped."},
                    {"code": 5, "variant": "Paynet", "name": "paynet", "description": "5: Paynet's,\nin two lines.\n"}
                ]
            }
        })
    }

    fn err(d: Value) -> String {
        let mut d = d;
        match take("t.yaml", &mut d) {
            Ok(_) => panic!("accepted"),
            Err(e) => format!("{e:#}"),
        }
    }

    #[test]
    fn coded_values_become_an_enum_and_leave_the_wire() {
        let mut d = doc(kind());
        let found = take("t.yaml", &mut d).unwrap();
        assert!(d.pointer("/components/schemas/Kind").is_none(), "{d}");
        assert!(d.pointer("/components/schemas/Other").is_some(), "{d}");
        let code = module(&found.iter().collect::<Vec<_>>());
        for line in [
            "// `openapi/t.yaml`, `Kind`.\n/// A kind.\n///\n/// ```\n/// assert!(true);\n/// ```\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum Kind {",
            "    /// 5: Paynet's,\n    /// in two lines.\n    Paynet,\n    /// A kind this crate does not know.\n    Unknown(UnknownCode),\n}",
            "pub const KNOWN: &'static [Kind] = &[Kind::Swipe, Kind::Paynet];",
            "5 => Kind::Paynet,\nother => Kind::Unknown(UnknownCode(other)),",
            "Kind::Swipe => 1,",
            "Kind::Swipe => \"Süpürmeli POS\",",
            "impl From<Kind> for i64 {",
        ] {
            assert!(code.contains(line), "{line}\n{code}");
        }
        // A document without coded values is left as it was.
        let mut plain = doc(json!({"type": "string"}));
        let before = plain.clone();
        assert!(take("t.yaml", &mut plain).unwrap().is_empty());
        assert_eq!(plain, before);
    }

    #[test]
    fn coded_values_are_checked_with_the_path() {
        let with = |pointer: &str, value: Value| {
            let mut k = kind();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let parent = k.pointer_mut(parent).unwrap();
            match parent.as_array_mut() {
                Some(list) => list[key.parse::<usize>().unwrap()] = value,
                None => {
                    parent[key] = value;
                }
            }
            doc(k)
        };
        let cases = [
            (
                with("/x-paynet-codes/values/1/rust", json!("X")),
                "t.yaml: $.components.schemas.Kind.x-paynet-codes.values[1].rust: unknown key (known: code, variant, name, description)",
            ),
            (
                with("/x-paynet-codes/default", json!("x")),
                "t.yaml: $.components.schemas.Kind.x-paynet-codes.default: unknown key (known: unknown, values)",
            ),
            (
                with("/format", json!("int64")),
                "Kind.format: unknown key (known: type, description, enum, x-paynet-codes)",
            ),
            (
                with("/type", json!("string")),
                "Kind.type: coded values are an integer enum",
            ),
            (
                with("/enum", json!([1, 4])),
                "Kind.enum: must list the codes of x-paynet-codes.values, in order: [1, 5]",
            ),
            (
                with("/x-paynet-codes/values/1/code", json!(1)),
                "values[1].code: 1 is not after the previous code",
            ),
            (
                with("/x-paynet-codes/values/1/code", json!("5")),
                "values[1].code: missing, or not an integer",
            ),
            (
                with("/x-paynet-codes/values/1/variant", json!("Unknown")),
                "values[1].variant: Unknown is not a Rust variant name",
            ),
            (
                with("/x-paynet-codes/values/1/variant", json!("paynet_pos")),
                "values[1].variant: paynet_pos is not a Rust variant name",
            ),
            (
                with("/x-paynet-codes/values/1/variant", json!("Swipe")),
                "values[1].variant: Swipe names two values",
            ),
            (
                with("/x-paynet-codes/values/1/name", json!("Süpürmeli POS")),
                "values[1].name: \"Süpürmeli POS\" names two values",
            ),
            (
                with("/x-paynet-codes/values/0/description", json!(" ")),
                "values[0].description: missing, or not a non-empty string",
            ),
            (
                with("/x-paynet-codes/unknown", json!(true)),
                "Kind.x-paynet-codes.unknown: missing, or not a non-empty string",
            ),
            (
                with("/x-paynet-codes/values", json!([])),
                "Kind.x-paynet-codes.values: missing, or not a non-empty list",
            ),
            (with("/description", json!("")), "Kind.description: missing"),
        ];
        for (d, wanted) in cases {
            let e = err(d);
            assert!(e.contains(wanted), "{wanted}\n{e}");
        }
        let mut named = doc(kind());
        named["components"]["schemas"]["Other"]["properties"]["code"] =
            json!({"$ref": "#/components/schemas/Kind"});
        assert!(err(named).contains("Kind: coded values are the domain's, not a wire type"));

        let mut one = doc(kind());
        let mut two = doc(kind());
        let mut all = take("a.yaml", &mut one).unwrap();
        all.extend(take("b.yaml", &mut two).unwrap());
        let e = format!(
            "{:#}",
            check_unique(&all.iter().collect::<Vec<_>>()).unwrap_err()
        );
        assert!(
            e.contains("b.yaml: $.components.schemas.Kind: coded values named like a.yaml's"),
            "{e}"
        );
    }
}
