//! The typed views the domain reads Paynet's answer rows into. A component schema marked
//! `x-paynet-view: transaction` is read into `paynet_domain::Transaction`: each wire field fills
//! the view field the view reads from that name (the table below), or the one its
//! `x-paynet-view-field` names (`false`: none), with that view field's reading. Checked here
//! (naming the file and the JSON path), and written as `paynet-domain`'s
//! `src/generated/views.rs`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::model::{VIEW, VIEW_FIELD};
use crate::spec::{
    ANSWER_BOOLEAN_TYPE, ANSWER_COMMA_DECIMAL_TYPE, ANSWER_DECIMAL_TYPE, ANSWER_INTEGER_TYPE,
    ANSWER_STRING_TYPE, Spec, TIMESTAMP_TYPE,
};
use crate::wire::{WireField, WireStructs};

/// How a view field is read from its wire field `v`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    /// `text(v)`: blank is absent.
    Text,
    /// `masked_card(text(v))`: a card number, never shown past its first 6 and last 4 digits.
    MaskedCard,
    /// `text(v).map(BankId::new)`.
    BankId,
    /// `text(v).map(|c| CardType::parse(&c))`.
    CardType,
    /// `flag(v)`: a boolean that decides nothing.
    Flag,
    /// `succeeded(r, v)?`: whether money moved; an odd value is an invalid answer.
    Succeeded,
    /// `int(v)`: an integer that decides nothing.
    Int,
    /// `int(v).map(TransactionType::from_i64)`.
    TransactionType,
    /// `int(v).map(PosType::from_i64)`.
    PosType,
    /// `code(r, v)?`: the result code decides; an odd value is an invalid answer.
    Code,
    /// `decimal(r, "<wire name>", v)?`: exact, or an invalid answer naming the wire field.
    Decimal,
    /// `amount(r, "<wire name>", v, currency)?`, in the row's currency.
    Amount,
    /// `read_timestamp(v)`: the view's `date` and `date_text`.
    Timestamp,
    /// `currency(v)`: the currency of the row's amounts (no view field of its own).
    Currency,
    /// `v` as sent: a part its group reads (`ErrorDetail::from_parts`).
    Raw,
}

impl Reading {
    /// The lenient readers the wire field may be (`paynet_api::wire`), and what that is.
    fn wire_types(self) -> (&'static [&'static str], &'static str) {
        match self {
            Reading::Text
            | Reading::MaskedCard
            | Reading::BankId
            | Reading::CardType
            | Reading::Currency
            | Reading::Raw => (&[ANSWER_STRING_TYPE], "an answer's string"),
            Reading::Flag | Reading::Succeeded => (&[ANSWER_BOOLEAN_TYPE], "an answer's boolean"),
            Reading::Int | Reading::TransactionType | Reading::PosType | Reading::Code => {
                (&[ANSWER_INTEGER_TYPE], "an answer's integer")
            }
            Reading::Decimal | Reading::Amount => (
                &[ANSWER_DECIMAL_TYPE, ANSWER_COMMA_DECIMAL_TYPE],
                "an answer's number",
            ),
            Reading::Timestamp => (
                &[TIMESTAMP_TYPE],
                "an answer's date (`format: date-time` or `x-paynet-date`)",
            ),
        }
    }

    /// The expression that reads `v` (the wire field `json`), and the names it uses.
    fn expr(self, v: &str, json: &str) -> (String, &'static [&'static str]) {
        match self {
            Reading::Text => (format!("text({v})"), &["text"]),
            Reading::MaskedCard => (format!("masked_card(text({v}))"), &["masked_card", "text"]),
            Reading::BankId => (format!("text({v}).map(BankId::new)"), &["BankId", "text"]),
            Reading::CardType => (
                format!("text({v}).map(|c| CardType::parse(&c))"),
                &["CardType", "text"],
            ),
            Reading::Flag => (format!("flag({v})"), &["flag"]),
            Reading::Succeeded => (format!("succeeded(r, {v})?"), &["succeeded"]),
            Reading::Int => (format!("int({v})"), &["int"]),
            Reading::TransactionType => (
                format!("int({v}).map(TransactionType::from_i64)"),
                &["TransactionType", "int"],
            ),
            Reading::PosType => (
                format!("int({v}).map(PosType::from_i64)"),
                &["PosType", "int"],
            ),
            Reading::Code => (format!("code(r, {v})?"), &["code"]),
            Reading::Decimal => (format!("decimal(r, {json:?}, {v})?"), &["decimal"]),
            Reading::Amount => (format!("amount(r, {json:?}, {v}, currency)?"), &["amount"]),
            Reading::Timestamp => (format!("read_timestamp({v})"), &["read_timestamp"]),
            Reading::Currency => (format!("currency({v})"), &["currency"]),
            Reading::Raw => (v.to_owned(), &[]),
        }
    }

    /// True when a value that cannot be read is an invalid answer.
    fn fallible(self) -> bool {
        matches!(
            self,
            Reading::Succeeded | Reading::Code | Reading::Decimal | Reading::Amount
        )
    }
}

/// A field of a view: its name (`group.part` for a part of a grouped field), the wire name it
/// is read from unless `x-paynet-view-field` says otherwise, and its reading.
type Slot = (&'static str, &'static str, Reading);

/// The transaction view (`paynet_domain::Transaction`), in the order of its fields: the order
/// the readings run in, hence which error an answer with two unreadable fields gets.
const TRANSACTION: &[Slot] = &[
    // Not a field of the view: the currency its amounts are in.
    ("currency", "currency", Reading::Currency),
    ("xact_id", "xact_id", Reading::Text),
    ("id", "id", Reading::Text),
    ("date", "xact_date", Reading::Timestamp),
    (
        "transaction_type",
        "transaction_type",
        Reading::TransactionType,
    ),
    ("pos_type", "pos_type", Reading::PosType),
    ("is_tds", "is_tds", Reading::Flag),
    ("agent_id", "agent_id", Reading::Text),
    ("user_id", "user_id", Reading::Text),
    ("email", "email", Reading::Text),
    ("phone", "phone", Reading::Text),
    ("bank_id", "bank_id", Reading::BankId),
    ("instalment", "instalment", Reading::Int),
    ("ratio", "ratio", Reading::Decimal),
    ("card_number_masked", "card_no_masked", Reading::MaskedCard),
    ("card_holder", "card_holder", Reading::Text),
    ("card_type", "card_type", Reading::CardType),
    ("amount", "amount", Reading::Amount),
    ("net_amount", "net_amount", Reading::Amount),
    ("commission", "comission", Reading::Amount),
    ("commission_tax", "comission_tax", Reading::Amount),
    ("authorization_code", "authorization_code", Reading::Text),
    ("reference_code", "reference_code", Reading::Text),
    ("order_id", "order_id", Reading::Text),
    ("is_succeed", "is_succeed", Reading::Succeeded),
    ("paynet_error.id", "paynet_error_id", Reading::Raw),
    ("paynet_error.message", "paynet_error_message", Reading::Raw),
    (
        "paynet_error.short_desc",
        "paynet_error_short_desc",
        Reading::Raw,
    ),
    (
        "paynet_error.long_desc",
        "paynet_error_long_desc",
        Reading::Raw,
    ),
    ("bank_error.id", "bank_error_id", Reading::Raw),
    ("bank_error.message", "bank_error_message", Reading::Raw),
    (
        "bank_error.short_desc",
        "bank_error_short_desc",
        Reading::Raw,
    ),
    ("bank_error.long_desc", "bank_error_long_desc", Reading::Raw),
    ("result_code", "code", Reading::Code),
    ("message", "message", Reading::Text),
    ("tracking_id", "xact_transaction_id", Reading::Text),
    ("reference_no", "reference_no", Reading::Text),
    ("bank_name", "bank_name", Reading::Text),
    ("reversed", "reversed", Reading::Flag),
    ("reversed_xact_id", "reversed_xact_id", Reading::Text),
    ("ratio_code", "ratio_code", Reading::Text),
    ("md_status", "md_status", Reading::Text),
    ("note", "note", Reading::Text),
    ("agent_reference", "agent_reference", Reading::Text),
    ("is_transferred", "is_transferred", Reading::Flag),
    ("escrow_status", "escrow_status", Reading::Int),
    ("card_storage.card_hash", "card_hash", Reading::Text),
    ("card_storage.card_owner_id", "card_owner_id", Reading::Text),
    (
        "card_storage.user_unique_id",
        "user_unique_id",
        Reading::Text,
    ),
    ("card_storage.saved", "is_save_card_succeed", Reading::Flag),
    (
        "card_storage.save_message",
        "save_card_result_message",
        Reading::Text,
    ),
];

/// How a grouped field is made of its parts (in the table's order): the type it needs, the
/// call's opening and its closing.
fn group_call(group: &str) -> (&'static str, &'static str, &'static str) {
    match group {
        "card_storage" => ("CardStorage", "CardStorage::from_parts(", ")"),
        _ => ("ErrorDetail", "ErrorDetail::from_parts([", "])"),
    }
}

/// A view: its `x-paynet-view` name, its Rust type, its fields.
struct View {
    name: &'static str,
    rust: &'static str,
    slots: &'static [Slot],
}

static VIEWS: [View; 1] = [View {
    name: "transaction",
    rust: "Transaction",
    slots: TRANSACTION,
}];

/// A wire row read into a view: its spec, the Rust path of its wire type, and which wire field
/// fills which of the view's slots.
pub struct Row {
    file: String,
    schema: String,
    wire_type: String,
    view: &'static View,
    fields: Vec<(&'static Slot, WireField)>,
}

/// The rows of a spec marked `x-paynet-view`, their fields matched to the view's, checked.
pub fn collect(spec: &Spec, structs: &WireStructs) -> Result<Vec<Row>> {
    let doc = serde_json::to_value(&spec.openapi)
        .with_context(|| format!("{}: the normalised document", spec.file_name))?;
    collect_from(&spec.file_name, &spec.module, &doc, structs)
}

fn collect_from(file: &str, module: &str, doc: &Value, structs: &WireStructs) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let at = format!("$.components.schemas.{name}");
        let props = schema.get("properties").and_then(Value::as_object);
        let Some(view_name) = schema.get(VIEW).and_then(Value::as_str) else {
            if let Some((prop, _)) = props
                .into_iter()
                .flatten()
                .find(|(_, p)| p.get(VIEW_FIELD).is_some())
            {
                bail!(
                    "{file}: {at}.properties.{prop}.{VIEW_FIELD}: `{name}` has no x-paynet-view (which view would the field fill?)"
                );
            }
            continue;
        };
        let Some(view) = VIEWS.iter().find(|v| v.name == view_name) else {
            bail!("{file}: {at}.{VIEW}: {view_name} is not a view");
        };
        let mut fields: Vec<(&'static Slot, WireField)> = Vec::new();
        for (json, prop) in props.into_iter().flatten() {
            let here = format!("{at}.properties.{json}");
            let slot = match prop.get(VIEW_FIELD) {
                None => view.slots.iter().find(|s| s.1 == json),
                Some(Value::Bool(false)) => None,
                Some(named) => {
                    let named = named.as_str().unwrap_or_default();
                    let Some(slot) = view.slots.iter().find(|s| s.0 == named) else {
                        let known: Vec<&str> = view.slots.iter().map(|s| s.0).collect();
                        bail!(
                            "{file}: {here}.{VIEW_FIELD}: {named} is not a field of the {} view (known: {})",
                            view.name,
                            known.join(", ")
                        );
                    };
                    if slot.1 == json {
                        bail!(
                            "{file}: {here}.{VIEW_FIELD}: `{json}` fills `{named}` by its name already (omit the key)"
                        );
                    }
                    Some(slot)
                }
            };
            let Some(slot) = slot else { continue };
            if let Some((_, other)) = fields.iter().find(|(s, _)| s.0 == slot.0) {
                bail!(
                    "{file}: {here}: `{}` and `{json}` would both fill the view's `{}` (set x-paynet-view-field: false on one)",
                    other.json,
                    slot.0
                );
            }
            let resolved = resolve(doc, prop);
            let found = resolved
                .pointer("/x-rust-type/path")
                .and_then(Value::as_str);
            let (wanted, what) = slot.2.wire_types();
            if !found.is_some_and(|f| wanted.contains(&f)) {
                bail!(
                    "{file}: {here}: the view's `{}` is read from {what}; this field is {} (x-paynet-view is for an answer's rows)",
                    slot.0,
                    found.map_or("a request's plain value".to_owned(), |f| format!("a `{f}`"))
                );
            }
            let Some(w) = structs.fields(file, name)?.iter().find(|w| w.json == *json) else {
                bail!("{file}: progenitor's `{name}` has no field `{json}`");
            };
            if !w.optional {
                bail!(
                    "{file}: {here}: a row's field is read leniently, absent or not: it cannot be `required`"
                );
            }
            fields.push((slot, w.clone()));
        }
        rows.push(Row {
            file: file.to_owned(),
            schema: name.clone(),
            wire_type: format!("paynet_api::{module}::types::{name}"),
            view,
            fields,
        });
    }
    Ok(rows)
}

/// A property's schema, behind a local `$ref`.
fn resolve<'v>(doc: &'v Value, prop: &'v Value) -> &'v Value {
    prop.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .and_then(|n| doc.pointer(&format!("/components/schemas/{n}")))
        .unwrap_or(prop)
}

/// One row's `impl <View>Row for <wire type>`; `uses` collects the names it needs.
fn row_impl(row: &Row, uses: &mut BTreeSet<&'static str>) -> String {
    let filled = |name: &str| row.fields.iter().find(|(s, _)| s.0 == name);
    // `{}` is where a field's value is read from: `self.x.take()` behind `&mut`, `self.x` by value.
    let read = |slot: &Slot, uses: &mut BTreeSet<&'static str>| -> Option<String> {
        let (_, w) = filled(slot.0)?;
        let (expr, names) = slot.2.expr(&format!("self.{}{{take}}", w.ident), &w.json);
        uses.extend(names);
        Some(expr)
    };
    let mut lets = String::new();
    let mut body = String::new();
    let mut groups = BTreeSet::new();
    let mut all = true;
    let amounts = row.fields.iter().any(|(s, _)| s.2 == Reading::Amount);
    for slot in row.view.slots {
        match (slot.2, slot.0.split_once('.')) {
            (Reading::Currency, _) => {
                if amounts {
                    let v = filled(slot.0).map(|(_, w)| format!("self.{}.as_ref()", w.ident));
                    let (expr, names) = slot.2.expr(v.as_deref().unwrap_or("None"), "");
                    uses.extend(names);
                    let _ = writeln!(lets, "let currency = {expr};");
                }
            }
            (Reading::Timestamp, _) => match read(slot, uses) {
                Some(expr) => {
                    let _ = writeln!(lets, "let (date, date_text) = {expr};");
                    body.push_str("date,\ndate_text,\n");
                }
                None => all = false,
            },
            (_, Some((group, _))) => {
                if !groups.insert(group) {
                    continue;
                }
                let parts: Vec<&Slot> = row
                    .view
                    .slots
                    .iter()
                    .filter(|s| s.0.split_once('.').is_some_and(|(g, _)| g == group))
                    .collect();
                let read_parts: Vec<Option<String>> = parts.iter().map(|p| read(p, uses)).collect();
                if read_parts.iter().all(Option::is_none) {
                    all = false;
                    continue;
                }
                let (ty, open, close) = group_call(group);
                uses.insert(ty);
                let args: Vec<String> = read_parts
                    .into_iter()
                    .map(|p| p.unwrap_or_else(|| "None".to_owned()))
                    .collect();
                let _ = writeln!(body, "{group}: {open}{}{close},", args.join(", "));
            }
            _ => match read(slot, uses) {
                Some(expr) => {
                    let _ = writeln!(body, "{}: {expr},", slot.0);
                }
                None => all = false,
            },
        }
    }
    if !all {
        let _ = writeln!(body, "..{}::default()", row.view.rust);
    }
    let fallible = row.fields.iter().any(|(s, _)| s.2.fallible());
    let r = if fallible { "r" } else { "_" };
    // The same reading twice: taking each field (the caller keeps the row's others) and moving
    // it out of an owned row (no `None` written back: a call's answer is read this way).
    let method = |signature: &str, take: &str| {
        format!(
            "    fn {signature}, {r}: &Reader<'_>) -> Result<{view}, Error> {{\n{lets}        Ok({view} {{\n{body}        }})\n    }}\n",
            view = row.view.rust,
            lets = lets.replace("{take}", take),
            body = body.replace("{take}", take),
        )
    };
    format!(
        "// `openapi/{file}`, `{schema}`.\nimpl {view}Row for {wire} {{\n{taking}\n{moving}}}\n\n",
        file = row.file,
        schema = row.schema,
        view = row.view.rust,
        wire = row.wire_type,
        taking = method(&format!("take_{}(&mut self", row.view.name), ".take()"),
        moving = method(&format!("into_{}(self", row.view.name), ""),
    )
}

/// Where each name the readings use lives in `paynet-domain` (a view's type: `crate::outcome`).
const HOMES: [(&str, &str); 18] = [
    ("amount", "crate::ops::read"),
    ("code", "crate::ops::read"),
    ("currency", "crate::ops::read"),
    ("decimal", "crate::ops::read"),
    ("flag", "crate::ops::read"),
    ("int", "crate::ops::read"),
    ("read_timestamp", "crate::ops::read"),
    ("succeeded", "crate::ops::read"),
    ("text", "crate::ops::read"),
    ("masked_card", "crate::card"),
    ("BankId", "crate::codes"),
    ("CardType", "crate::codes"),
    ("PosType", "crate::codes"),
    ("TransactionType", "crate::codes"),
    ("CardStorage", "crate::outcome"),
    ("ErrorDetail", "crate::outcome"),
    ("Error", "crate::error"),
    ("Reader", "crate::reader"),
];

/// `crates/paynet-domain/src/generated/views.rs`: for each view, the trait its rows implement
/// and `<View>::read`, then one impl per row of every spec.
pub fn module(rows: &[Row]) -> String {
    let mut uses: BTreeSet<&'static str> = ["Error", "Reader"].into_iter().collect();
    let mut out = String::new();
    for view in &VIEWS {
        let (name, rust) = (view.name, view.rust);
        let _ = write!(
            out,
            "/// A wire row that holds a {name}: its schema says `x-paynet-view: {name}`.
pub(crate) trait {rust}Row {{
    /// Takes the row's {name} fields (its other fields stay, for the caller) and reads
    /// them into the view; a field that decides something and cannot be read is an
    /// invalid answer.
    fn take_{name}(&mut self, r: &Reader<'_>) -> Result<{rust}, Error>;
    /// The same, moving the fields out of the row.
    fn into_{name}(self, r: &Reader<'_>) -> Result<{rust}, Error>;
}}

impl<T: {rust}Row> {rust}Row for &mut T {{
    fn take_{name}(&mut self, r: &Reader<'_>) -> Result<{rust}, Error> {{
        (**self).take_{name}(r)
    }}
    fn into_{name}(self, r: &Reader<'_>) -> Result<{rust}, Error> {{
        self.take_{name}(r)
    }}
}}

impl {rust} {{
    /// Reads a wire row that holds a {name} (`&mut row` keeps its other fields).
    pub(crate) fn read(r: &Reader<'_>, row: impl {rust}Row) -> Result<Self, Error> {{
        row.into_{name}(r)
    }}
}}

",
        );
        uses.insert(view.rust);
        for row in rows.iter().filter(|r| r.view.name == view.name) {
            out.push_str(&row_impl(row, &mut uses));
        }
    }
    let mut by_home: Vec<(&str, Vec<&str>)> = Vec::new();
    for name in &uses {
        let home = HOMES
            .iter()
            .find(|(n, _)| n == name)
            .map_or("crate::outcome", |(_, h)| *h);
        match by_home.iter_mut().find(|(h, _)| *h == home) {
            Some((_, names)) => names.push(name),
            None => by_home.push((home, vec![name])),
        }
    }
    by_home.sort();
    let mut head = String::new();
    for (home, names) in by_home {
        let _ = match names.as_slice() {
            [one] => writeln!(head, "use {home}::{one};"),
            _ => writeln!(head, "use {home}::{{{}}};", names.join(", ")),
        };
    }
    format!("{head}\n{out}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    /// A spec whose answer lists `Row`s with these properties (and `Row`'s own keys).
    fn doc(row: Value) -> Value {
        let mut row_schema = json!({"type": "object"});
        if let (Some(target), Some(extra)) = (row_schema.as_object_mut(), row.as_object()) {
            target.extend(extra.clone());
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/v1/x/rows": {"post": {
                "operationId": "rows",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}}}
            }}},
            "components": {"schemas": {
                "Req": {"type": "object", "properties": {"xact_id": {"type": "string"}, "amount": {"type": "number"}}},
                "Answer": {"type": "object", "properties": {
                    "code": {"type": "integer"},
                    "Data": {"type": "array", "items": {"$ref": "#/components/schemas/Row"}}
                }},
                "Row": row_schema
            }}
        })
    }

    /// The wire struct progenitor would make of `Row` (every field optional but `required`).
    fn structs(fields: &[(&str, &str)], required: &[&str]) -> WireStructs {
        let mut body = String::new();
        for (json, ident) in fields {
            let ty = if required.contains(json) {
                "::std::string::String"
            } else {
                "::std::option::Option<u8>"
            };
            body.push_str(&format!("#[serde(rename = {json:?})] pub {ident}: {ty},\n"));
        }
        let file: syn::File =
            syn::parse_str(&format!("pub mod types {{ pub struct Row {{ {body} }} }}")).unwrap();
        WireStructs::read(&file)
    }

    fn rows(d: Value, s: &WireStructs) -> Result<Vec<Row>> {
        let openapi = crate::spec::prepare("t.yaml", d)?;
        let normalised = serde_json::to_value(&openapi).unwrap();
        collect_from("t.yaml", "t", &normalised, s)
    }

    fn err(d: Value, s: &WireStructs) -> String {
        match rows(d, s) {
            Ok(_) => panic!("accepted"),
            Err(e) => format!("{e:#}"),
        }
    }

    const FIELDS: [(&str, &str); 7] = [
        ("xact_id", "xact_id"),
        ("card_no", "card_no"),
        ("netAmount", "net_amount"),
        ("is_succeed", "is_succeed"),
        ("currency", "currency"),
        ("agent_name", "agent_name"),
        ("xact_date", "xact_date"),
    ];

    fn row() -> Value {
        json!({"x-paynet-view": "transaction", "properties": {
            "xact_id": {"type": "string"},
            "card_no": {"type": "string", "x-paynet-view-field": "card_number_masked"},
            "netAmount": {"type": "number", "x-paynet-view-field": "net_amount"},
            "is_succeed": {"type": "boolean"},
            "currency": {"type": "string"},
            "agent_name": {"type": "string"},
            "xact_date": {"type": "string", "format": "date-time"}
        }})
    }

    #[test]
    fn a_row_is_read_field_by_field_with_its_view_fields_reading() {
        let found = rows(doc(row()), &structs(&FIELDS, &[])).unwrap();
        let code = module(&found);
        for line in [
            "impl TransactionRow for paynet_api::t::types::Row {",
            "let currency = currency(self.currency.as_ref());",
            "let (date, date_text) = read_timestamp(self.xact_date.take());",
            "xact_id: text(self.xact_id.take()),",
            "card_number_masked: masked_card(text(self.card_no.take())),",
            // An error names the field as the wire spells it.
            r#"net_amount: amount(r, "netAmount", self.net_amount.take(), currency)?,"#,
            "is_succeed: succeeded(r, self.is_succeed.take())?,",
            "..Transaction::default()",
            "use crate::card::masked_card;",
            "pub(crate) fn read(r: &Reader<'_>, row: impl TransactionRow)",
        ] {
            assert!(code.contains(line), "{line}\n{code}");
        }
        // A field the view has no place for stays in the row, for its caller.
        assert!(!code.contains("agent_name"), "{code}");
        // The readings run in the view's order: which error an answer with two bad fields gets.
        assert!(code.find("net_amount:").unwrap() < code.find("is_succeed:").unwrap());

        // `false`: the field fills no view field (its caller reads it its own way).
        let mut skip = row();
        skip["properties"]["is_succeed"]["x-paynet-view-field"] = json!(false);
        let found = rows(doc(skip), &structs(&FIELDS, &[])).unwrap();
        let code = module(&found);
        assert!(!code.contains("is_succeed"), "{code}");
        assert!(code.contains("fn take_transaction(&mut self, r: &Reader<'_>)"));
    }

    #[test]
    fn view_keys_are_checked_with_the_path() {
        let s = structs(&FIELDS, &[]);
        let with = |prop: &str, key: Value| {
            let mut r = row();
            r["properties"][prop]["x-paynet-view-field"] = key;
            doc(r)
        };
        let e = err(with("card_no", json!("card_numbr")), &s);
        assert!(
            e.contains("t.yaml: $.components.schemas.Row.properties.card_no.x-paynet-view-field")
                && e.contains("card_numbr is not a field of the transaction view"),
            "{e}"
        );
        let e = err(with("xact_id", json!("xact_id")), &s);
        assert!(e.contains("by its name already (omit the key)"), "{e}");
        let e = err(with("agent_name", json!("xact_id")), &s);
        assert!(
            e.contains("`xact_id` and `agent_name` would both fill the view's `xact_id`"),
            "{e}"
        );
        let e = err(with("agent_name", json!("amount")), &s);
        assert!(
            e.contains(".properties.agent_name")
                && e.contains("`amount` is read from an answer's number"),
            "{e}"
        );
        let e = err(with("agent_name", json!(true)), &s);
        assert!(e.contains("neither a view field's name nor false"), "{e}");

        let mut unknown = row();
        unknown["x-paynet-view"] = json!("payment");
        let e = err(doc(unknown), &s);
        assert!(
            e.contains("$.components.schemas.Row.x-paynet-view") && e.contains("not one of"),
            "{e}"
        );
        let mut no_view = row();
        no_view.as_object_mut().unwrap().remove("x-paynet-view");
        let e = err(doc(no_view), &s);
        assert!(
            e.contains("Row.properties.card_no.x-paynet-view-field")
                && e.contains("has no x-paynet-view"),
            "{e}"
        );
        let mut misplaced = row();
        misplaced["properties"]["xact_id"]["x-paynet-view"] = json!("transaction");
        let e = err(doc(misplaced), &s);
        assert!(e.contains("goes on a component schema"), "{e}");
        let mut misplaced = row();
        misplaced["x-paynet-view-field"] = json!("xact_id");
        let e = err(doc(misplaced), &s);
        assert!(
            e.contains("goes on a property of a component schema"),
            "{e}"
        );

        // A request's schema is no row Paynet answers.
        let mut d = doc(row());
        d["components"]["schemas"]["Req"]["x-paynet-view"] = json!("transaction");
        let e = err(
            d,
            &structs(&[("xact_id", "xact_id"), ("amount", "amount")], &[]),
        );
        assert!(
            e.contains("Req.properties.xact_id")
                && e.contains("a request's plain value (x-paynet-view is for an answer's rows)"),
            "{e}"
        );
        let e = err(doc(row()), &structs(&FIELDS, &["xact_id"]));
        assert!(e.contains("cannot be `required`"), "{e}");
    }
}
