//! The request types of `paynet-domain`, generated from the specs: for every operation without
//! a hand-written request type (`x-paynet-request-type`), a request type with a builder that
//! checks every rule of the schema when it is built, its wire body, its answer's reading (the
//! generated answer type, read leniently, its result code checked) and an example for the
//! table-driven suites.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Result, bail};
use serde_json::Value;

use crate::model::{AmountForm, Body, DateForm, Field, FieldType, ObjectModel};
use crate::op::{Op, doc, raw, type_name};
use crate::spec::Spec;
use crate::wire::{WireStructs, last_segment};

/// The nested request objects an operation's fields use, by schema name.
fn nested<'m>(fields: &[&'m Field], out: &mut BTreeMap<String, &'m ObjectModel>) {
    for f in fields {
        let mut ty = &f.ty;
        while let FieldType::List { items, .. } = ty {
            ty = items;
        }
        if let FieldType::Object(o) = ty
            && let Some(name) = &o.schema
        {
            out.insert(name.clone(), o);
            nested(&o.fields.iter().collect::<Vec<_>>(), out);
        }
    }
}

/// The Rust type of a field's value (no `Option`).
fn rust_type(ty: &FieldType) -> String {
    match ty {
        FieldType::Text { .. } => "String".into(),
        FieldType::Secret { .. } => "SecretString".into(),
        FieldType::Date(form) => form.rust_type().into(),
        FieldType::Amount(_) => "Amount".into(),
        FieldType::Decimal { .. } => "Decimal".into(),
        FieldType::Integer { .. } => "i64".into(),
        FieldType::Boolean => "bool".into(),
        FieldType::List { items, .. } => format!("Vec<{}>", rust_type(items)),
        FieldType::Object(o) => o.schema.clone().unwrap_or_default(),
    }
}

fn is_copy(ty: &FieldType) -> bool {
    matches!(
        ty,
        FieldType::Date(_)
            | FieldType::Amount(_)
            | FieldType::Decimal { .. }
            | FieldType::Integer { .. }
            | FieldType::Boolean
    )
}

/// The statements that check one value (`value`, a reference) against its field's rules;
/// `path` is the field's name in errors (`banks[].bank_id`).
fn checks(ty: &FieldType, path: &str, value: &str, out: &mut String, depth: usize) {
    let lit = |s: &str| format!("{s:?}");
    let opt_usize = |v: &Option<u64>| match v {
        Some(n) => format!("Some({n})"),
        None => "None".into(),
    };
    let opt_pattern = |p: &Option<String>| match p {
        Some(p) => format!("Some({})", raw(p)),
        None => "None".into(),
    };
    match ty {
        FieldType::Text {
            min_len,
            max_len,
            pattern,
            values,
        } => {
            let values: Vec<String> = values.iter().map(|v| lit(v)).collect();
            let _ = writeln!(
                out,
                "validate::text({}, {value}, &validate::TextRules {{ min_len: {}, max_len: {}, pattern: {}, values: &[{}], secret: false }})?;",
                lit(path),
                opt_usize(min_len),
                opt_usize(max_len),
                opt_pattern(pattern),
                values.join(", ")
            );
        }
        FieldType::Secret {
            min_len,
            max_len,
            pattern,
        } => {
            let _ = writeln!(
                out,
                "validate::text({}, {value}.expose_secret(), &validate::TextRules {{ min_len: {}, max_len: {}, pattern: {}, values: &[], secret: true }})?;",
                lit(path),
                opt_usize(min_len),
                opt_usize(max_len),
                opt_pattern(pattern),
            );
        }
        FieldType::Decimal {
            min,
            max,
            exclusive_min,
            exclusive_max,
        } => {
            let bound = |b: &Option<String>, exclusive: bool| match b {
                Some(b) => format!("Some(({}, {exclusive}))", lit(b)),
                None => "None".into(),
            };
            if min.is_some() || max.is_some() {
                let _ = writeln!(
                    out,
                    "validate::decimal({}, *{value}, {}, {})?;",
                    lit(path),
                    bound(min, *exclusive_min),
                    bound(max, *exclusive_max)
                );
            }
        }
        FieldType::Integer { min, max, values } => {
            if min.is_some() || max.is_some() || !values.is_empty() {
                let b = |v: &Option<i64>| match v {
                    Some(n) => format!("Some({n})"),
                    None => "None".into(),
                };
                let values: Vec<String> = values.iter().map(i64::to_string).collect();
                let _ = writeln!(
                    out,
                    "validate::integer({}, *{value}, {}, {}, &[{}])?;",
                    lit(path),
                    b(min),
                    b(max),
                    values.join(", ")
                );
            }
        }
        FieldType::List {
            items,
            min_items,
            max_items,
        } => {
            if min_items.is_some() || max_items.is_some() {
                let _ = writeln!(
                    out,
                    "validate::items({}, {value}.len(), {}, {})?;",
                    lit(path),
                    opt_usize(min_items),
                    opt_usize(max_items)
                );
            }
            let mut inner = String::new();
            let item = format!("item{depth}");
            checks(items, &format!("{path}[]"), &item, &mut inner, depth + 1);
            if !inner.is_empty() {
                let _ = writeln!(out, "for {item} in {value}.iter() {{\n{inner}}}");
            }
        }
        FieldType::Object(o) => {
            object_checks(o, path, value, out, depth);
        }
        FieldType::Date(_) | FieldType::Amount(_) | FieldType::Boolean => {}
    }
}

/// The checks of a nested object's fields (`value` is a reference to it).
fn object_checks(o: &ObjectModel, path: &str, value: &str, out: &mut String, depth: usize) {
    for f in &o.fields {
        let here = format!("{path}.{}", f.json);
        let access = format!("{value}.{}", f.rust);
        if f.required {
            let mut inner = String::new();
            let v = format!("v{depth}");
            checks(&f.ty, &here, &v, &mut inner, depth + 1);
            if !inner.is_empty() {
                let _ = writeln!(out, "{{\nlet {v} = &{access};\n{inner}}}");
            }
        } else {
            let mut inner = String::new();
            let v = format!("v{depth}");
            checks(&f.ty, &here, &v, &mut inner, depth + 1);
            if !inner.is_empty() {
                let _ = writeln!(out, "if let Some({v}) = &{access} {{\n{inner}}}");
            }
        }
    }
    if !o.at_least_one.is_empty() {
        at_least_one(o, &format!("{path}."), value, out);
    }
}

fn at_least_one(o: &ObjectModel, prefix: &str, value: &str, out: &mut String) {
    let mut groups = Vec::new();
    for group in &o.at_least_one {
        let given: Vec<String> = group
            .iter()
            .filter_map(|name| o.fields.iter().find(|f| &f.json == name))
            .map(|f| {
                if f.required {
                    "true".to_owned()
                } else {
                    format!("{value}.{}.is_some()", f.rust)
                }
            })
            .collect();
        let names = group
            .iter()
            .map(|n| format!("{prefix}{n}"))
            .collect::<Vec<_>>()
            .join(" and ");
        groups.push(format!("({:?}, {})", names, given.join(" && ")));
    }
    let _ = writeln!(out, "validate::at_least_one(&[{}])?;", groups.join(", "));
}

/// The expression that turns the place `p` (a value, or a reference when `by_ref`) of a field's
/// type into its wire value.
fn to_wire(ty: &FieldType, p: &str, by_ref: bool) -> String {
    let star = if by_ref { "*" } else { "" };
    match ty {
        FieldType::Text { .. } => format!("{p}.clone()"),
        FieldType::Secret { .. } => format!("{p}.expose_secret().to_owned()"),
        FieldType::Date(DateForm::Iso) | FieldType::Integer { .. } | FieldType::Boolean => {
            format!("{star}{p}")
        }
        // Paynet's `dd.MM.yyyy` forms are strings on the wire.
        FieldType::Date(form) => format!("{p}.format({:?}).to_string()", form.chrono_format()),
        FieldType::Amount(AmountForm::Kurus) => format!("{p}.to_kurus_string()"),
        FieldType::Amount(AmountForm::Comma) => format!("{p}.to_comma_string()"),
        FieldType::Amount(AmountForm::Decimal) => format!("JsonDecimal({p}.lira())"),
        FieldType::Decimal { .. } => format!("JsonDecimal({star}{p})"),
        FieldType::List { items, .. } => {
            format!(
                "{p}.iter().map(|v| {}).collect()",
                to_wire(items, "v", true)
            )
        }
        FieldType::Object(_) => format!("{p}.to_wire()"),
    }
}

/// The field's wire value from the place `access` (`self.x`), wrapped as the wire field wants it.
fn wire_value(f: &Field, access: &str, wire_optional: bool) -> String {
    if f.required {
        let value = to_wire(&f.ty, access, false);
        return if wire_optional {
            format!("Some({value})")
        } else {
            value
        };
    }
    let value = match &f.ty {
        FieldType::Text { .. } => format!("{access}.clone()"),
        FieldType::Date(DateForm::Iso) | FieldType::Integer { .. } | FieldType::Boolean => {
            access.to_owned()
        }
        FieldType::Date(_) => format!("{access}.map(|v| {})", to_wire(&f.ty, "v", false)),
        FieldType::Decimal { .. } => format!("{access}.map(JsonDecimal)"),
        FieldType::Amount(_) => format!("{access}.map(|v| {})", to_wire(&f.ty, "v", false)),
        other => format!("{access}.as_ref().map(|v| {})", to_wire(other, "v", true)),
    };
    if wire_optional {
        value
    } else {
        format!("{value}.unwrap_or_default()")
    }
}

/// The body of the wire struct `wire_name` from an object's fields read through `prefix`
/// (`self.`).
fn wire_struct(
    file: &str,
    structs: &WireStructs,
    wire_path: &str,
    wire_name: &str,
    o: &ObjectModel,
    prefix: &str,
) -> Result<String> {
    let mut out = format!("{wire_path} {{\n");
    let wire_fields = structs.fields(file, wire_name)?;
    for wf in wire_fields {
        let Some(f) = o.fields.iter().find(|f| f.json == wf.json) else {
            bail!(
                "{file}: progenitor's `{wire_name}` has a field `{}` the spec does not",
                wf.json
            );
        };
        let _ = writeln!(
            out,
            "{}: {},",
            wf.ident,
            wire_value(f, &format!("{prefix}{}", f.rust), wf.optional)
        );
    }
    out.push('}');
    Ok(out)
}

/// A Rust expression of an example value for a field, from the spec's `example`.
fn example(file: &str, op: &str, f: &Field, value: &Value) -> Result<String> {
    let bad = || {
        anyhow::anyhow!(
            "{file}: operation `{op}`: the example of `{}` ({value}) does not fit its type",
            f.json
        )
    };
    Ok(match &f.ty {
        FieldType::Text { .. } | FieldType::Secret { .. } => {
            format!("{:?}", value.as_str().ok_or_else(bad)?)
        }
        FieldType::Date(form) => {
            let text = value.as_str().filter(|t| form.accepts(t)).ok_or_else(|| {
                anyhow::anyhow!(
                    "{file}: operation `{op}`: the example of `{}` ({value}) is not a date written {}",
                    f.json,
                    form.describe()
                )
            })?;
            match form {
                DateForm::Iso => format!("ok({text:?}.parse::<NaiveDate>())"),
                _ => format!(
                    "ok({}::parse_from_str({text:?}, {:?}))",
                    form.rust_type(),
                    form.chrono_format()
                ),
            }
        }
        FieldType::Amount(form) => {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return Err(bad()),
            };
            match form {
                AmountForm::Kurus => format!(
                    "ok(Amount::from_kurus({}))",
                    text.parse::<u64>().map_err(|_| bad())?
                ),
                AmountForm::Comma => format!("ok(Amount::parse({:?}))", text.replace(',', ".")),
                AmountForm::Decimal => format!("ok(Amount::parse({text:?}))"),
            }
        }
        FieldType::Decimal { .. } => {
            let text = match value {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.clone(),
                _ => return Err(bad()),
            };
            format!("ok(Decimal::from_str_exact({text:?}))")
        }
        FieldType::Integer { .. } => value.as_i64().ok_or_else(bad)?.to_string(),
        FieldType::Boolean => value.as_bool().ok_or_else(bad)?.to_string(),
        FieldType::List { .. } | FieldType::Object(_) => {
            format!("ok(serde_json::from_str({}))", raw(&value.to_string()))
        }
    })
}

/// The setter of a builder for one field.
fn setter(f: &Field, out: &mut String) {
    let requirement = if f.required { "required" } else { "optional" };
    let mut text = format!("`{}` ({requirement}", f.json);
    match &f.ty {
        FieldType::Amount(form) => {
            let _ = write!(
                text,
                "; sent {}",
                match form {
                    AmountForm::Kurus => "as kuruş digits in a string, `\"1050\"` for 10.50 TL",
                    AmountForm::Comma => "as TL with a decimal comma, `\"10,50\"`",
                    AmountForm::Decimal => "as TL in a JSON number, `10.50`",
                }
            );
        }
        FieldType::Secret { .. } => text.push_str("; a secret: never printed, wiped when dropped"),
        FieldType::Date(form @ (DateForm::Day | DateForm::DayTime)) => {
            let _ = write!(text, "; sent as `{}`", form.describe());
        }
        FieldType::Text { values, .. } if !values.is_empty() => {
            let _ = write!(text, "; one of `{}`", values.join("`, `"));
        }
        FieldType::Integer { values, .. } if !values.is_empty() => {
            let v: Vec<String> = values.iter().map(i64::to_string).collect();
            let _ = write!(text, "; one of {}", v.join(", "));
        }
        _ => {}
    }
    text.push(')');
    if !f.description.is_empty() {
        let _ = write!(text, ": {}", f.description);
    }
    out.push_str(&doc(&text, "    "));
    let (param, store) = match &f.ty {
        FieldType::Text { .. } => ("impl Into<String>".to_owned(), "value.into()".to_owned()),
        FieldType::Secret { .. } => (
            "impl Into<String>".to_owned(),
            "SecretString::from(value.into())".to_owned(),
        ),
        other => (rust_type(other), "value".to_owned()),
    };
    let _ = writeln!(
        out,
        "    pub fn {name}(mut self, value: {param}) -> Self {{\n        self.{name} = Some({store});\n        self\n    }}",
        name = f.rust
    );
}

/// The getter of a request type for one field (none for a secret).
fn getter(f: &Field, out: &mut String) {
    if f.ty.is_secret() {
        return;
    }
    let mut text = format!("`{}`", f.json);
    if !f.description.is_empty() {
        let _ = write!(text, ": {}", f.description);
    }
    out.push_str(&doc(&text, "    "));
    let name = &f.rust;
    let (ret, body) = match (&f.ty, f.required) {
        (FieldType::Text { .. }, true) => ("&str".to_owned(), format!("&self.{name}")),
        (FieldType::Text { .. }, false) => {
            ("Option<&str>".to_owned(), format!("self.{name}.as_deref()"))
        }
        (FieldType::List { items, .. }, true) => {
            (format!("&[{}]", rust_type(items)), format!("&self.{name}"))
        }
        (FieldType::List { items, .. }, false) => (
            format!("Option<&[{}]>", rust_type(items)),
            format!("self.{name}.as_deref()"),
        ),
        (ty, true) if is_copy(ty) => (rust_type(ty), format!("self.{name}")),
        (ty, false) if is_copy(ty) => {
            (format!("Option<{}>", rust_type(ty)), format!("self.{name}"))
        }
        (ty, true) => (format!("&{}", rust_type(ty)), format!("&self.{name}")),
        (ty, false) => (
            format!("Option<&{}>", rust_type(ty)),
            format!("self.{name}.as_ref()"),
        ),
    };
    let _ = writeln!(
        out,
        "    pub fn {name}(&self) -> {ret} {{\n        {body}\n    }}"
    );
}

/// The `Debug` of a request or builder: every field, secrets as `[redacted]`.
fn debug_impl(ty: &str, fields: &[&Field], out: &mut String) {
    let _ = writeln!(
        out,
        "impl std::fmt::Debug for {ty} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.debug_struct({ty:?})"
    );
    for field in fields {
        if field.ty.is_secret() {
            let _ = writeln!(
                out,
                "            .field({:?}, &self.{}.as_ref().map(|_| validate::REDACTED))",
                field.rust, field.rust
            );
        } else {
            let _ = writeln!(
                out,
                "            .field({:?}, &self.{})",
                field.rust, field.rust
            );
        }
    }
    out.push_str("            .finish()\n    }\n}\n\n");
}

/// The body of `lookup`: what identifies the request's subject in an unknown outcome's error
/// (`reference_no=..`, `xact_id=..`, ...: the first given, required ones first).
fn lookup_code(fields: &[&Field]) -> String {
    let text = |f: &&&Field| matches!(f.ty, FieldType::Text { .. });
    let names = ["reference_no", "xact_id", "xact", "id"];
    let mut ordered: Vec<&Field> = Vec::new();
    for required in [true, false] {
        for name in names {
            if let Some(f) = fields
                .iter()
                .filter(text)
                .find(|f| f.json == name && f.required == required)
            {
                ordered.push(f);
            }
        }
    }
    if ordered.is_empty()
        && let Some(f) = fields.iter().filter(text).find(|f| f.required)
    {
        ordered.push(f);
    }
    let mut out = String::new();
    for f in ordered {
        if f.required {
            let _ = writeln!(
                out,
                "        Some(format!(\"{}={{}}\", self.{}))",
                f.json, f.rust
            );
            return out;
        }
        let _ = writeln!(
            out,
            "        if let Some(v) = &self.{} {{\n            return Some(format!(\"{}={{v}}\"));\n        }}",
            f.rust, f.json
        );
    }
    if !out.is_empty() {
        out.push_str("        None\n");
    }
    out
}

/// The generated module of one spec for `paynet-domain`, or `None` when every operation of the
/// spec has a hand-written request type.
pub fn module(spec: &Spec, ops: &[Op<'_>]) -> Result<Option<String>> {
    let plain: Vec<&Op<'_>> = ops.iter().filter(|o| o.generated()).collect();
    if plain.is_empty() {
        return Ok(None);
    }
    let file = &spec.file_name;
    let mut out = String::new();
    out.push_str(
        "#[allow(unused_imports)]\nuse super::prelude::*;\nuse paynet_api::operations::bind;\n",
    );
    let _ = writeln!(out, "use paynet_api::{}::types as wire;\n", spec.module);

    // Nested request objects.
    let mut nested_types = BTreeMap::new();
    for op in &plain {
        nested(&op.model.body.fields(), &mut nested_types);
    }
    for (name, o) in &nested_types {
        let summary = if o.description.is_empty() {
            format!("`{name}`, a part of a request.")
        } else {
            o.description.clone()
        };
        out.push_str(&doc(&summary, ""));
        let _ = writeln!(
            out,
            "///\n/// Its rules are checked when the request that holds it is built.\n#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]\n#[serde(deny_unknown_fields)]\npub struct {name} {{"
        );
        for f in &o.fields {
            if !f.description.is_empty() {
                out.push_str(&doc(&format!("`{}`: {}", f.json, f.description), "    "));
            } else {
                out.push_str(&doc(&format!("`{}`.", f.json), "    "));
            }
            let ty = rust_type(&f.ty);
            let decimal = matches!(f.ty, FieldType::Decimal { .. });
            let mut attrs = vec![format!("rename = {:?}", f.json)];
            if !f.required {
                attrs.push("default".into());
                attrs.push("skip_serializing_if = \"Option::is_none\"".into());
            }
            if decimal {
                attrs.push(format!(
                    "with = {:?}",
                    if f.required {
                        "validate::serde_decimal"
                    } else {
                        "validate::serde_decimal_option"
                    }
                ));
            }
            if matches!(f.ty, FieldType::Date(_)) {
                bail!(
                    "{file}: schema `{name}`: field `{}`: dates are supported on a request's own fields only",
                    f.json
                );
            }
            let _ = writeln!(out, "    #[serde({})]", attrs.join(", "));
            if f.required {
                let _ = writeln!(out, "    pub {}: {ty},", f.rust);
            } else {
                let _ = writeln!(out, "    pub {}: Option<{ty}>,", f.rust);
            }
        }
        out.push_str("}\n\n");
        // to_wire: the wire type is progenitor's struct of the same schema name.
        let body = wire_struct(
            file,
            plain[0].structs,
            &format!("wire::{name}"),
            name,
            o,
            "self.",
        )?;
        let _ = writeln!(
            out,
            "impl {name} {{\n    /// The wire form.\n    pub(crate) fn to_wire(&self) -> wire::{name} {{\n        {body}\n    }}\n}}\n"
        );
    }

    let mut outcomes: BTreeMap<String, String> = BTreeMap::new();
    for op in &plain {
        operation(op, &mut out, &mut outcomes)?;
    }
    for (answer, body) in outcomes {
        let _ = writeln!(out, "impl Outcome for {answer} {{\n{body}}}\n");
    }
    Ok(Some(out))
}

fn operation(op: &Op<'_>, out: &mut String, outcomes: &mut BTreeMap<String, String>) -> Result<()> {
    let file = &op.spec.file_name;
    let name = &op.policy.name;
    let ty = op.request_type();
    let builder = op.builder_type();
    let bind = type_name(name);
    let fields = op.model.body.fields();
    let body_path = op.external(&op.wire.body);
    let answer_path = op.external(&op.wire.answer);
    let answer_name = last_segment(&op.wire.answer);

    // The request type.
    let summary = if op.policy.summary.is_empty() {
        String::new()
    } else {
        format!(": {}", op.policy.summary)
    };
    let mut text = format!(
        "The request of `{name}`{summary} (`{} {}`, {}).",
        op.policy.method,
        op.policy.path,
        op.policy.auth.describe()
    );
    if !op.model.description.is_empty() {
        let _ = write!(text, "\n\n{}", op.model.description);
    }
    let _ = write!(
        text,
        "\n\nBuild it with [`{ty}::builder`]: [`{builder}::build`] checks every rule of the spec (required fields, lengths, patterns, values, bounds, amounts) before anything is sent, and names the field at fault. Generated from `openapi/{file}`."
    );
    out.push_str(&doc(&text, ""));
    let _ = writeln!(out, "#[derive(Clone)]\npub struct {ty} {{");
    for f in &fields {
        let t = rust_type(&f.ty);
        if f.required {
            let _ = writeln!(out, "    {}: {t},", f.rust);
        } else {
            let _ = writeln!(out, "    {}: Option<{t}>,", f.rust);
        }
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "impl {ty} {{\n    /// A builder with no field set.\n    pub fn builder() -> {builder} {{\n        {builder}::default()\n    }}\n"
    );
    for f in &fields {
        getter(f, out);
    }
    out.push_str("}\n\n");
    // Debug of the request: required fields are not options, so wrap them for the same code.
    {
        let _ = writeln!(
            out,
            "impl std::fmt::Debug for {ty} {{\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{\n        f.debug_struct({ty:?})"
        );
        for field in &fields {
            if field.ty.is_secret() {
                let _ = writeln!(
                    out,
                    "            .field({:?}, &validate::REDACTED)",
                    field.rust
                );
            } else {
                let _ = writeln!(
                    out,
                    "            .field({:?}, &self.{})",
                    field.rust, field.rust
                );
            }
        }
        out.push_str("            .finish()\n    }\n}\n\n");
    }

    // The builder.
    let _ = writeln!(
        out,
        "/// Builds a [`{ty}`]; [`{builder}::build`] checks it.\n#[derive(Clone, Default)]\npub struct {builder} {{"
    );
    for f in &fields {
        let _ = writeln!(out, "    {}: Option<{}>,", f.rust, rust_type(&f.ty));
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "impl {builder} {{");
    for f in &fields {
        setter(f, out);
    }
    let _ = writeln!(
        out,
        "    /// The request, or [`Error::InvalidRequest`] naming the first field that breaks a rule of the spec.\n    pub fn build(self) -> Result<{ty}, Error> {{"
    );
    for f in &fields {
        let mut inner = String::new();
        if f.required {
            let _ = writeln!(
                out,
                "        let {n} = validate::required({:?}, self.{n})?;",
                f.json,
                n = f.rust
            );
            checks(&f.ty, &f.json, "v", &mut inner, 0);
            if !inner.is_empty() {
                let _ = writeln!(
                    out,
                    "        {{\n            let v = &{};\n{inner}        }}",
                    f.rust
                );
            }
        } else {
            checks(&f.ty, &f.json, "v", &mut inner, 0);
            if !inner.is_empty() {
                let _ = writeln!(
                    out,
                    "        if let Some(v) = &self.{} {{\n{inner}}}",
                    f.rust
                );
            }
        }
    }
    if let Body::Object(o) = &op.model.body
        && !o.at_least_one.is_empty()
    {
        // Required fields are already unwrapped (given): read the rest from the builder.
        at_least_one(o, "", "self", out);
    }
    let _ = writeln!(out, "        Ok({ty} {{");
    for f in &fields {
        if f.required {
            let _ = writeln!(out, "            {},", f.rust);
        } else {
            let _ = writeln!(out, "            {n}: self.{n},", n = f.rust);
        }
    }
    out.push_str("        })\n    }\n}\n\n");
    debug_impl(&builder, &fields, out);

    // The Request impl.
    let _ = writeln!(
        out,
        "impl Sealed for {ty} {{}}\n\nimpl Request for {ty} {{\n    type Output = {answer_path};\n    type Wire = bind::{bind};\n"
    );
    let lookup = lookup_code(&fields);
    if !lookup.is_empty() {
        let _ = writeln!(
            out,
            "    fn lookup(&self) -> Option<String> {{\n{lookup}    }}\n"
        );
    }
    let body = match &op.model.body {
        Body::Object(o) => wire_struct(
            file,
            op.structs,
            &body_path,
            &last_segment(&op.wire.body),
            o,
            "self.",
        )?,
        Body::Scalar(f) => to_wire(&f.ty, &format!("self.{}", f.rust), false),
    };
    let _ = writeln!(
        out,
        "    fn body(&self, _: Token, _: &Defaults) -> Result<{body_path}, Error> {{\n        Ok({body})\n    }}\n"
    );
    let secrets: Vec<&&Field> = fields.iter().filter(|f| f.ty.is_secret()).collect();
    if !secrets.is_empty() {
        let items: Vec<String> = secrets
            .iter()
            .map(|f| {
                if f.required {
                    format!("Some(self.{}.expose_secret())", f.rust)
                } else {
                    format!("self.{}.as_ref().map(|s| s.expose_secret())", f.rust)
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "    fn call_secrets(&self, _: Token) -> Vec<&str> {{\n        [{}].into_iter().flatten().collect()\n    }}\n",
            items.join(", ")
        );
    }
    // The answer: its envelope (`code`, `message`) checked.
    let answer_fields = op.structs.fields(file, &answer_name).ok();
    let access = |json: &str, root: &str| -> String {
        match answer_fields.and_then(|fs| fs.iter().find(|f| f.json == json)) {
            Some(f) if f.optional => format!("{root}.{}.as_ref()", f.ident),
            Some(f) => format!("Some(&{root}.{})", f.ident),
            None => "None".to_owned(),
        }
    };
    let lists = op.model.answer.iter().any(|a| a.array);
    let check = match &op.model.success {
        // `x-paynet-success`: the answer's boolean decides; the code only when it is absent.
        Some(field) => format!(
            "envelope::check_success(r, {}, {}, {}, {lists})?;",
            access(field, "answer"),
            access("code", "answer"),
            access("message", "answer"),
        ),
        None => format!(
            "envelope::check(r, {}, {}, {lists})?;",
            access("code", "answer"),
            access("message", "answer"),
        ),
    };
    let _ = writeln!(
        out,
        "    fn read(&self, answer: {answer_path}, r: &Reader<'_>) -> Result<{answer_path}, Error> {{\n        {check}\n        Ok(answer)\n    }}\n}}\n",
    );
    outcomes.entry(answer_path.clone()).or_insert_with(|| {
        format!(
            "    fn kind(&self) -> &'static str {{\n        envelope::kind({})\n    }}\n    fn result_code(&self) -> Option<ResultCode> {{\n        envelope::result_code({})\n    }}\n",
            access("code", "self"),
            access("code", "self"),
        )
    });
    Ok(())
}

/// What the generated modules use (`use super::prelude::*`): the domain's runtime, named once.
const PRELUDE: &str =
    "/// What the generated modules use: the domain's runtime (the request trait, the answer's
/// reader and envelope, the schema's rules), named once.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub(crate) use crate::codes::ResultCode;
    pub(crate) use crate::envelope;
    pub(crate) use crate::error::Error;
    pub(crate) use crate::exchange::{Defaults, Outcome, Request, Sealed, Token};
    pub(crate) use crate::money::Amount;
    pub(crate) use crate::reader::Reader;
    pub(crate) use crate::validate;
    pub(crate) use chrono::{NaiveDate, NaiveDateTime};
    pub(crate) use paynet_api::wire::JsonDecimal;
    pub(crate) use rust_decimal::Decimal;
    pub(crate) use secrecy::{ExposeSecret as _, SecretString};
}

";

/// `crates/paynet-domain/src/generated/mod.rs`: the runtime prelude, the sealing of the
/// hand-written request types, the modules, and the re-exports of every generated type.
pub fn mod_rs(modules: &[(String, Vec<String>)], ops: &[Op<'_>]) -> String {
    let mut out = String::from(PRELUDE);
    let mut hand_written: Vec<String> = ops
        .iter()
        .filter(|o| !o.generated())
        .map(Op::request_type)
        .collect();
    hand_written.sort();
    hand_written.dedup();
    out.push_str("// The hand-written request types (`x-paynet-request-type`) are the table's requests too.\n");
    for ty in hand_written {
        let _ = writeln!(out, "impl prelude::Sealed for crate::{ty} {{}}");
    }
    out.push('\n');
    out.push_str("#[cfg(any(test, feature = \"testing\"))]\npub mod examples;\n/// The answer rows read into the typed views (`x-paynet-view`).\npub(crate) mod views;\n/// Paynet's coded values (`x-paynet-codes`), re-exported by `crate::codes`.\npub(crate) mod codes;\n\n");
    for (module, _) in modules {
        let _ = writeln!(
            out,
            "#[doc = \"The generated request types of `openapi/` spec module `{module}`.\"]\npub mod {module};"
        );
    }
    out.push('\n');
    for (module, names) in modules {
        let _ = writeln!(out, "pub use {module}::{{{}}};", names.join(", "));
    }
    out
}

/// The public names a generated spec module defines.
pub fn public_names(ops: &[Op<'_>]) -> Vec<String> {
    let mut names = Vec::new();
    let mut nested_types = BTreeMap::new();
    for op in ops.iter().filter(|o| o.generated()) {
        names.push(op.request_type());
        names.push(op.builder_type());
        nested(&op.model.body.fields(), &mut nested_types);
    }
    names.extend(nested_types.into_keys());
    names.sort();
    names
}

/// `crates/paynet-domain/src/generated/examples.rs`: `for_each_request!` (every request type,
/// one per operation of the table) and the examples of the generated request types.
pub fn examples(ops: &[Op<'_>]) -> Result<String> {
    let mut out = String::from(
        "#[allow(unused_imports)]\nuse super::prelude::*;\n#[allow(unused_imports)]\nuse crate::testing::Example;\n#[allow(unused_imports)]\nuse crate::generated::*;\n\nfn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {\n    r.expect(\"the spec's example is valid\")\n}\n\n",
    );
    out.push_str(
        "/// Calls `$m!(RequestType)` for every request type of the SDK, one per operation of the\n/// generated table, in operation name order.\n#[macro_export]\nmacro_rules! for_each_request {\n    ($m:ident) => {\n",
    );
    for op in ops {
        let _ = writeln!(out, "        $m!($crate::{});", op.request_type());
    }
    out.push_str("    };\n}\n\n");
    for op in ops.iter().filter(|o| o.generated()) {
        let ty = op.request_type();
        let mut chain = format!("{ty}::builder()");
        for f in op.model.body.fields() {
            match &f.example {
                Some(v) => {
                    let _ = write!(
                        chain,
                        ".{}({})",
                        f.rust,
                        example(&op.spec.file_name, &op.policy.name, f, v)?
                    );
                }
                None if f.required => bail!(
                    "{}: operation `{}`: required field `{}` has no `example`: the table-driven suites build a valid request from the examples",
                    op.spec.file_name,
                    op.policy.name,
                    f.json
                ),
                None => {}
            }
        }
        let _ = writeln!(
            out,
            "impl Example for {ty} {{\n    fn example() -> Self {{\n        ok({chain}.build())\n    }}\n}}\n"
        );
    }
    Ok(out)
}

/// Names that would clash: a generated name used twice (but a nested type shared by the
/// operations of one spec), or a generated name equal to a hand-written request type.
pub fn check_names(ops: &[Op<'_>]) -> Result<()> {
    // name -> (owner, spec, nested)
    let mut seen: BTreeMap<String, (String, String, bool)> = BTreeMap::new();
    for op in ops {
        let mut mine = vec![(op.request_type(), false)];
        if op.generated() {
            mine.push((op.builder_type(), false));
            let mut nested_types = BTreeMap::new();
            nested(&op.model.body.fields(), &mut nested_types);
            mine.extend(nested_types.into_keys().map(|n| (n, true)));
        }
        for (name, is_nested) in mine {
            if let Some((owner, spec, other_nested)) = seen.get(&name) {
                let shared = is_nested && *other_nested && spec == &op.spec.file_name;
                if !shared {
                    bail!(
                        "{}: the generated name `{name}` of `{}` is also used by `{owner}` ({spec}): rename a schema, or set x-paynet-request-type",
                        op.spec.file_name,
                        op.policy.name
                    );
                }
                continue;
            }
            seen.insert(
                name,
                (op.policy.name.clone(), op.spec.file_name.clone(), is_nested),
            );
        }
    }
    Ok(())
}
