//! The operation table (`paynet_api::operations`) and the canned answers
//! (`paynet_httpmock::answers`), generated from every spec's operations and their policy.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use quote::ToTokens as _;

use crate::op::{Op, WireTypes, const_name, raw, type_name};
use crate::spec::Spec;

/// Finds `pub async fn <name>(.., body: &'a types::X) -> Result<ResponseValue<types::Y>, ..>` in
/// the generated client, and returns `X` and `Y` as paths from the crate root.
pub fn wire_types(
    file_name: &str,
    module: &str,
    file: &syn::File,
    name: &str,
) -> Result<WireTypes> {
    let method = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(i) => Some(i),
            _ => None,
        })
        .flat_map(|i| &i.items)
        .find_map(|item| match item {
            syn::ImplItem::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        })
        .with_context(|| format!("{file_name}: progenitor generated no method `{name}`"))?;
    let body = method
        .sig
        .inputs
        .iter()
        .find_map(|arg| match arg {
            syn::FnArg::Typed(t) => match (&*t.pat, &*t.ty) {
                (syn::Pat::Ident(id), syn::Type::Reference(r)) if id.ident == "body" => {
                    Some((*r.elem).clone())
                }
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .with_context(|| {
            format!("{file_name}: operation `{name}` has no JSON request body: Paynet's operations take one")
        })?;
    let syn::ReturnType::Type(_, ret) = &method.sig.output else {
        bail!("{file_name}: `{name}` returns nothing");
    };
    let answer = first_generic(ret, "Result")
        .and_then(|ok| first_generic(&ok, "ResponseValue"))
        .with_context(|| {
            format!("{file_name}: `{name}` does not return Result<ResponseValue<T>, _>")
        })?;
    let rooted = |ty: &syn::Type| -> String {
        ty.to_token_stream()
            .to_string()
            .replace(" :: ", "::")
            .replace("types::", &format!("crate::{module}::types::"))
            .replace("crate::crate::", "crate::")
    };
    let answer_text = rooted(&answer);
    // A bare JSON string body (`check_agent`) is taken as `&str`: its owned form is sent.
    let body_text = match rooted(&body).as_str() {
        "str" => "::std::string::String".to_owned(),
        other => other.to_owned(),
    };
    if answer_text.contains("ByteStream") || answer_text == "()" {
        bail!(
            "{file_name}: operation `{name}` has no JSON answer: Paynet's operations answer JSON"
        );
    }
    Ok(WireTypes {
        body: body_text,
        answer: answer_text,
    })
}

fn first_generic(ty: &syn::Type, outer: &str) -> Option<syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != outer {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

fn rust_str(text: &str) -> String {
    format!("{text:?}")
}

/// Checks that operation names are unique across every spec.
pub fn check_unique(specs: &[Spec]) -> Result<()> {
    let mut seen: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for s in specs {
        for op in &s.operations {
            if let Some((file, path)) = seen.insert(&op.name, (&s.file_name, &op.path)) {
                bail!(
                    "{}: $.paths['{}']: operation name `{}` is also used by {file} ($.paths['{path}']): one name per operation across every spec",
                    s.file_name,
                    op.path,
                    op.name
                );
            }
        }
    }
    Ok(())
}

/// The body of `crates/paynet-api/src/generated/operations.rs`.
pub fn operations_module(ops: &[Op<'_>]) -> String {
    let mut consts = String::new();
    let mut all = String::new();
    let mut bind = String::new();
    let mut secret_fields = std::collections::BTreeSet::new();
    let mut issued_fields = std::collections::BTreeSet::new();
    for o in ops {
        let (spec, op, types) = (o.spec, o.policy, o.wire);
        let konst = const_name(&op.name);
        let headers: Vec<String> = op
            .headers
            .iter()
            .map(|(n, v)| format!("({}, {})", rust_str(n), rust_str(v)))
            .collect();
        let issued: Vec<String> = o.model.issued().iter().map(|f| rust_str(f)).collect();
        let secrets: Vec<String> = o
            .model
            .request_secrets()
            .iter()
            .map(|f| rust_str(f))
            .collect();
        secret_fields.extend(o.model.request_secrets());
        secret_fields.extend(o.model.issued().iter().map(|f| f.to_string()));
        issued_fields.extend(o.model.issued().iter().map(|f| f.to_string()));
        let money = if op.moves_money {
            "moves money: never sent again once it may have left"
        } else if op.idempotent {
            "moves no money; idempotent: sent again after an unknown outcome"
        } else {
            "moves no money"
        };
        let _ = write!(
            consts,
            "    /// `{name}`: `{method} {path}` ({spec_file}), {auth}; {money}.\n    ///\n    /// {summary}\n    pub const {konst}: Operation = Operation::from_info(&Info {{\n        name: {name_lit},\n        method: {method_lit},\n        path: {path_lit},\n        spec: {spec_lit},\n        summary: {summary_lit},\n        auth: {auth_rust},\n        moves_money: {moves},\n        idempotent: {idem},\n        headers: &[{headers}],\n        secret_fields: &[{secrets}],\n        issued: &[{issued}],\n    }});\n",
            name = op.name,
            method = op.method,
            path = op.path,
            spec_file = spec.file_name,
            auth = op.auth.describe(),
            summary = if op.summary.is_empty() {
                "(no summary)"
            } else {
                &op.summary
            },
            name_lit = rust_str(&op.name),
            method_lit = rust_str(&op.method),
            path_lit = rust_str(&op.path),
            spec_lit = rust_str(&spec.file_name),
            summary_lit = rust_str(&op.summary),
            auth_rust = op.auth.rust(),
            moves = op.moves_money,
            idem = op.idempotent,
            headers = headers.join(", "),
            secrets = secrets.join(", "),
            issued = issued.join(", "),
        );
        let _ = writeln!(all, "        Operation::{konst},");
        let _ = write!(
            bind,
            "    /// The wire types of [`Operation::{konst}`] (`{method} {path}`).\n    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]\n    pub struct {ty};\n    impl Binding for {ty} {{\n        const OPERATION: Operation = Operation::{konst};\n        type Body = {body};\n        type Answer = {answer};\n    }}\n",
            method = op.method,
            path = op.path,
            ty = type_name(&op.name),
            body = types.body,
            answer = types.answer,
        );
    }
    let list = |set: &std::collections::BTreeSet<String>| {
        set.iter()
            .map(|f| rust_str(f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "use crate::operation::{{Auth, Info, Operation}};\n\nimpl Operation {{\n{consts}\n    /// Every operation of every spec, in name order.\n    pub const ALL: &'static [Operation] = &[\n{all}    ];\n}}\n\n/// Every field that the specs mark `x-paynet-secret: true`, in a request or an answer, by\n/// its JSON name: blanked in excerpts of answers, whatever they hold.\npub const SECRET_FIELDS: &[&str] = &[{secret}];\n\n/// Every answer field that the specs mark `x-paynet-secret: true`: a key Paynet issues, kept\n/// in its own field of the answer that issues it (and registered as a secret).\npub const ISSUED_FIELDS: &[&str] = &[{issued}];\n\n/// One marker type per operation, naming its request body and answer types.\npub mod bind {{\n    use crate::operation::{{Binding, Operation}};\n\n{bind}}}\n",
        secret = list(&secret_fields),
        issued = list(&issued_fields),
    )
}

/// A canned success answer per operation: the spec's example, else `openapi/examples/<name>.json`.
pub fn answers(
    root: &Path,
    examples_dir: &str,
    specs: &[Spec],
) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for s in specs {
        for op in &s.operations {
            let fixture = root.join(examples_dir).join(format!("{}.json", op.name));
            let from_file = if fixture.is_file() {
                let text = std::fs::read_to_string(&fixture)
                    .with_context(|| format!("reading {}", fixture.display()))?;
                serde_json::from_str::<serde_json::Value>(&text)
                    .with_context(|| format!("{examples_dir}/{}.json: not JSON", op.name))?;
                Some(text.trim_end().to_owned())
            } else {
                None
            };
            match (&op.answer_example, from_file) {
                (Some(_), Some(_)) => bail!(
                    "{examples_dir}/{}.json: {} already has an example answer for `{}`; keep one",
                    op.name,
                    s.file_name,
                    op.name
                ),
                (Some(example), None) => {
                    out.insert(op.name.clone(), example.clone());
                }
                (None, Some(text)) => {
                    out.insert(op.name.clone(), text);
                }
                (None, None) => {}
            }
        }
    }
    // A fixture for no operation is a typo.
    if let Ok(entries) = std::fs::read_dir(root.join(examples_dir)) {
        for entry in entries {
            let name = entry?.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".json").unwrap_or(&name);
            if !specs
                .iter()
                .any(|s| s.operations.iter().any(|o| o.name == stem))
            {
                bail!("{examples_dir}/{name}: no operation is named `{stem}`");
            }
        }
    }
    Ok(out)
}

/// The body of `crates/paynet-httpmock/src/generated/answers.rs`.
pub fn answers_module(answers: &BTreeMap<String, String>) -> String {
    let mut entries = String::new();
    for (name, text) in answers {
        let _ = writeln!(entries, "    ({}, {}),", rust_str(name), raw(text));
    }
    format!(
        "/// `(operation name, answer)`, in name order.\npub const ANSWERS: &[(&str, &str)] = &[\n{entries}];\n\n/// The canned success answer of the operation with this name, if one was given.\npub fn answer(operation: &str) -> Option<&'static str> {{\n    ANSWERS\n        .iter()\n        .find(|(name, _)| *name == operation)\n        .map(|(_, text)| *text)\n}}\n"
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names() {
        assert_eq!(const_name("init_sale"), "INIT_SALE");
        assert_eq!(type_name("init_sale"), "InitSale");
        assert_eq!(type_name("capture"), "Capture");
        assert_eq!(raw(r#"{"a":"b"}"#), r###"r#"{"a":"b"}"#"###);
        assert_eq!(raw(r##"a"#b"##), r###"r##"a"#b"##"###);
    }

    #[test]
    fn wire_types_come_from_the_generated_signature() {
        let file: syn::File = syn::parse_str(
            "impl Client { pub async fn capture<'a>(&'a self, session_key: &'a str, body: &'a types::CaptureRequest) -> Result<ResponseValue<types::Transaction>, Error<types::ApiError>> { todo!() } }",
        )
        .unwrap();
        let t = wire_types("t.yaml", "m", &file, "capture").unwrap();
        assert_eq!(t.body, "crate::m::types::CaptureRequest");
        assert_eq!(t.answer, "crate::m::types::Transaction");
        let e = format!(
            "{:#}",
            wire_types("t.yaml", "m", &file, "other").unwrap_err()
        );
        assert!(e.contains("no method `other`"), "{e}");
    }
}
