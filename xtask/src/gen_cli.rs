//! The `paynet` tool's commands, generated from the table: `paynet <dashed-operation-id>` for
//! every operation, with one `--<dashed-field-name>` flag per request field (a secret field is
//! read from `PAYNET_<FIELD>` instead, never from a flag), help from the spec, and the one
//! output and exit-code contract of `crates/paynet-cli/src/generic.rs`. An operation with a
//! hand-written request type has a hand-written command, `crates/paynet-cli/src/commands/<op>.rs`
//! (its `Args` and `run`), which takes the generated command's place under the same name.

use std::fmt::Write as _;

use crate::model::{Body, DateForm, Field, FieldType};
use crate::op::{Op, const_name, doc, raw, type_name};
use crate::policy::Auth;

/// The environment variable of an operation's credential.
pub fn credential_var(auth: Auth) -> Option<&'static str> {
    match auth {
        Auth::SecretKey => Some("PAYNET_SECRET_KEY"),
        Auth::PublishableKey => Some("PAYNET_PUBLISHABLE_KEY"),
        Auth::SessionKey => Some("PAYNET_SESSION_KEY"),
        Auth::None => None,
    }
}

fn about(op: &Op<'_>) -> String {
    let summary = if op.policy.summary.is_empty() {
        op.policy.name.clone()
    } else {
        op.policy.summary.trim_end_matches('.').to_owned()
    };
    let needs = match credential_var(op.policy.auth) {
        Some(var) => format!("; needs {var}"),
        None => String::new(),
    };
    format!(
        "{summary} ({}: {} {}{needs})",
        op.policy.name, op.policy.method, op.policy.path
    )
}

/// The Rust type a flag is read into (before `Option`/`Vec`), and its clap attributes.
fn flag_type(f: &Field) -> (String, Vec<String>) {
    match &f.ty {
        FieldType::Text { values, .. } if !values.is_empty() => {
            let v: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
            (
                "String".into(),
                vec![format!("value_parser = [{}]", v.join(", "))],
            )
        }
        FieldType::Text { .. } => ("String".into(), vec![]),
        FieldType::Date(DateForm::DayTime) => (
            "paynet::chrono::NaiveDateTime".into(),
            vec![
                "value_parser = crate::values::parse_date_time".into(),
                "value_name = \"YYYY-MM-DD[THH:MM:SS]\"".into(),
            ],
        ),
        FieldType::Date(_) => (
            "paynet::NaiveDate".into(),
            vec![
                "value_parser = crate::values::parse_date".into(),
                "value_name = \"YYYY-MM-DD\"".into(),
            ],
        ),
        FieldType::Amount(_) => (
            "paynet::Amount".into(),
            vec![
                "value_parser = crate::values::parse_amount".into(),
                "value_name = \"TL\"".into(),
                // `--amount -1` reaches the parser, which says why it is refused.
                "allow_negative_numbers = true".into(),
            ],
        ),
        FieldType::Decimal { .. } => (
            "paynet::Decimal".into(),
            vec![
                "value_parser = crate::values::parse_decimal".into(),
                "allow_negative_numbers = true".into(),
            ],
        ),
        FieldType::Integer { values, .. } if !values.is_empty() => {
            let v: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            (
                "i64".into(),
                vec![format!(
                    "value_parser = clap::builder::TypedValueParser::map(clap::builder::PossibleValuesParser::new([{}]), |s| s.parse::<i64>().unwrap_or_default())",
                    v.join(", ")
                )],
            )
        }
        FieldType::Integer { .. } => (
            "i64".into(),
            vec![
                "value_name = \"N\"".into(),
                "allow_negative_numbers = true".into(),
            ],
        ),
        FieldType::Boolean => (
            "bool".into(),
            vec![
                "value_name = \"true|false\"".into(),
                "action = clap::ArgAction::Set".into(),
            ],
        ),
        FieldType::List { items, .. } => match &**items {
            FieldType::Object(_) => ("String".into(), vec!["value_name = \"JSON\"".into()]),
            inner => {
                let (t, attrs) = flag_type(&Field {
                    ty: inner.clone(),
                    ..f.clone()
                });
                (t, attrs)
            }
        },
        FieldType::Object(_) => ("String".into(), vec!["value_name = \"JSON\"".into()]),
        FieldType::Secret { .. } => ("String".into(), vec![]),
    }
}

/// The help text of a field's flag.
fn flag_help(f: &Field) -> String {
    let mut text = f.description.clone();
    match &f.ty {
        FieldType::Amount(form) => {
            let _ = write!(
                text,
                " Given here in TL, written with '.' as the decimal separator (e.g. 10.50); sent {}.",
                match form {
                    crate::model::AmountForm::Kurus => "as kuruş digits (\"1050\")",
                    crate::model::AmountForm::Comma => "as TL with a decimal comma (\"10,50\")",
                    crate::model::AmountForm::Decimal => "as a JSON number (10.50)",
                }
            );
        }
        FieldType::Date(form @ (DateForm::Day | DateForm::DayTime)) => {
            let _ = write!(text, " Sent as {}.", form.describe());
        }
        FieldType::List { items, .. } if matches!(**items, FieldType::Object(_)) => {
            text.push_str(" A JSON list, as Paynet takes it.")
        }
        FieldType::List { .. } => text.push_str(" Repeat the flag for each value."),
        FieldType::Object(_) => text.push_str(" A JSON object, as Paynet takes it."),
        _ => {}
    }
    let text = text.trim().to_owned();
    if text.is_empty() {
        format!("`{}`.", f.json)
    } else {
        text
    }
}

fn args_struct(op: &Op<'_>, out: &mut String) {
    let args = format!("{}Args", type_name(&op.policy.name));
    let _ = writeln!(
        out,
        "/// The flags of `paynet {}`.\n#[derive(Debug, clap::Args)]\npub(crate) struct {args} {{",
        op.policy.name.replace('_', "-")
    );
    for f in op.model.body.fields() {
        if f.ty.is_secret() {
            continue;
        }
        out.push_str(&doc(&flag_help(f), "    "));
        let (ty, mut attrs) = flag_type(f);
        attrs.insert(0, format!("long = {:?}", f.flag()));
        let list = matches!(f.ty, FieldType::List { ref items, .. } if !matches!(**items, FieldType::Object(_)));
        if f.required {
            attrs.push("required = true".into());
        }
        let _ = writeln!(out, "    #[arg({})]", attrs.join(", "));
        if list {
            let _ = writeln!(out, "    {}: Vec<{ty}>,", f.rust);
        } else {
            let _ = writeln!(out, "    {}: Option<{ty}>,", f.rust);
        }
    }
    out.push_str("}\n\n");

    // The request from the flags and the environment.
    let ty = op.request_type();
    let _ = writeln!(
        out,
        "impl {args} {{\n    /// The request: flags, then secrets from the environment; checked by its builder.\n    pub(crate) fn request(self) -> Result<paynet::{ty}, Failure> {{\n        #[allow(unused_mut)]\n        let mut builder = paynet::{ty}::builder();"
    );
    for f in op.model.body.fields() {
        let flag = format!("--{}", f.flag());
        match &f.ty {
            FieldType::Secret { .. } => {
                let _ = writeln!(
                    out,
                    "        if let Some(value) = generic::secret_env({:?}, {:?}, {})? {{\n            builder = builder.{}(value);\n        }}",
                    f.env_var(),
                    op.policy.name.replace('_', "-"),
                    f.required,
                    f.rust
                );
            }
            FieldType::List { items, .. } if matches!(**items, FieldType::Object(_)) => {
                let _ = writeln!(
                    out,
                    "        if let Some(value) = self.{n} {{\n            builder = builder.{n}(generic::json({flag:?}, &value)?);\n        }}",
                    n = f.rust
                );
            }
            FieldType::Object(_) => {
                let _ = writeln!(
                    out,
                    "        if let Some(value) = self.{n} {{\n            builder = builder.{n}(generic::json({flag:?}, &value)?);\n        }}",
                    n = f.rust
                );
            }
            FieldType::List { .. } => {
                let _ = writeln!(
                    out,
                    "        if !self.{n}.is_empty() {{\n            builder = builder.{n}(self.{n});\n        }}",
                    n = f.rust
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "        if let Some(value) = self.{n} {{\n            builder = builder.{n}(value);\n        }}",
                    n = f.rust
                );
            }
        }
    }
    out.push_str("        builder.build().map_err(Failure::Sdk)\n    }\n}\n\n");
}

fn after_help(op: &Op<'_>) -> String {
    let mut text = String::new();
    if let Some(var) = credential_var(op.policy.auth) {
        let _ = writeln!(text, "Credential: {var} (from the environment only).");
    }
    let secrets: Vec<&Field> = op
        .model
        .body
        .fields()
        .into_iter()
        .filter(|f| f.ty.is_secret())
        .collect();
    if !secrets.is_empty() {
        text.push_str("Secrets, read from the environment only (never a flag, never printed):\n");
        for f in secrets {
            let _ = writeln!(
                text,
                "  {:<22}{} ({})",
                f.env_var(),
                f.json,
                if f.required { "required" } else { "optional" }
            );
        }
    }
    if op.policy.moves_money {
        text.push_str(
            "Moves money or changes a transaction: never re-sent once it may have reached Paynet.\n",
        );
    }
    text.push_str("--json prints the answer with Paynet's field names.\nExit codes: 0 done; 2 invalid input (nothing sent); 3 refused by Paynet; 4 transport failure or outcome unknown; 5 an answer that could not be read.");
    text
}

/// `crates/paynet-cli/src/generated.rs`.
pub fn module(ops: &[Op<'_>]) -> String {
    let mut variants = String::new();
    let mut arms = String::new();
    let mut structs = String::new();
    for op in ops {
        let name = &op.policy.name;
        let variant = type_name(name);
        let dashed = name.replace('_', "-");
        let about_text = about(op);
        if op.generated() {
            let long = if op.model.description.is_empty() {
                about_text.clone()
            } else {
                format!("{about_text}\n\n{}", op.model.description)
            };
            let _ = writeln!(
                variants,
                "    #[command(name = {dashed:?}, about = {}, long_about = {}, after_help = {})]\n    {variant}({variant}Args),",
                raw(&about_text),
                raw(&long),
                raw(&after_help(op))
            );
            args_struct(op, &mut structs);
            let konst = const_name(name);
            let call = match op.policy.auth {
                Auth::SessionKey => format!(
                    "let paypos = crate::context::paypos(global, &Operation::{konst}.command())?;\n                crate::context::sending(paypos.client().base_url(), Operation::{konst}, &request);\n                generic::print(global, Operation::{konst}, paypos.{name}(&request).await)"
                ),
                _ => format!(
                    "let client = generic::client(global, Operation::{konst})?;\n                crate::context::sending(client.base_url(), Operation::{konst}, &request);\n                generic::print(global, Operation::{konst}, client.{name}(&request).await)"
                ),
            };
            let _ = writeln!(
                arms,
                "            Operations::{variant}(args) => {{\n                let request = args.request()?;\n                {call}\n            }}"
            );
        } else {
            let _ = writeln!(
                variants,
                "    #[command(name = {dashed:?}, about = {})]\n    {variant}(crate::commands::{name}::Args),",
                raw(&about_text)
            );
            let _ = writeln!(
                arms,
                "            Operations::{variant}(args) => crate::commands::{name}::run(global, args).await,"
            );
        }
    }
    let _ = &Body::fields;
    format!(
        "#![allow(clippy::large_enum_variant)]\n\nuse paynet::Operation;\n\nuse crate::failure::Failure;\nuse crate::generic;\nuse crate::Global;\n\n/// Every operation of the table, as `paynet <dashed-operation-id>`.\n#[derive(Debug, clap::Subcommand)]\npub(crate) enum Operations {{\n{variants}}}\n\nimpl Operations {{\n    /// Runs the command: builds the request (nothing is sent if it breaks a rule), calls the\n    /// operation, prints its answer.\n    pub(crate) async fn run(self, global: &Global) -> Result<(), Failure> {{\n        match self {{\n{arms}        }}\n    }}\n}}\n\n{structs}"
    )
}
