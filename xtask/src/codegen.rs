//! Turning the specs into committed Rust files.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use progenitor::{CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};

use crate::op::{Op, WireTypes};
use crate::spec::{self, Spec};
use crate::table;
use crate::wire::WireStructs;

/// Where the generated files go, relative to the workspace root.
pub const API_DIR: &str = "crates/paynet-api/src/generated";
/// The specs shipped inside the generated crate's package.
pub const API_SPEC_DIR: &str = "crates/paynet-api/openapi";
/// The generated httpmock helpers.
pub const MOCK_DIR: &str = "crates/paynet-httpmock/src/generated";
/// The generated request types of `paynet-domain`.
pub const DOMAIN_DIR: &str = "crates/paynet-domain/src/generated";
/// The facade's generated methods.
pub const FACADE_FILE: &str = "crates/paynet/src/generated.rs";
/// The CLI's generated commands.
pub const CLI_FILE: &str = "crates/paynet-cli/src/generated.rs";
/// The specs folder.
pub const SPEC_DIR: &str = "openapi";
/// Canned answers for operations whose spec gives no example: `<operation>.json`.
pub const EXAMPLES_DIR: &str = "openapi/examples";

/// The generated outputs: relative path -> contents.
pub type Outputs = BTreeMap<PathBuf, Vec<u8>>;

/// Finds every `*.json`, `*.yaml` and `*.yml` in `dir`, sorted by name.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_file() && matches!(ext, "json" | "yaml" | "yml") && !spec::is_overlay(name) {
            found.push(path);
        }
    }
    found.sort();
    if found.is_empty() {
        bail!(
            "no OpenAPI documents (*.json, *.yaml, *.yml) in {}",
            dir.display()
        );
    }
    Ok(found)
}

/// Generates every output file for the specs in `root/openapi`.
pub fn generate_all(root: &Path) -> Result<Outputs> {
    let mut specs = Vec::new();
    for path in discover(&root.join(SPEC_DIR))? {
        specs.push(spec::load(&path)?);
    }
    let mut modules = BTreeMap::new();
    for s in &specs {
        if let Some(other) = modules.insert(s.module.clone(), s.file_name.clone()) {
            bail!(
                "{} and {other} would both become module `{}`",
                s.file_name,
                s.module
            );
        }
    }

    table::check_unique(&specs)?;
    check_overlays(&root.join(SPEC_DIR), &specs)?;

    let mut out = Outputs::new();
    let mut wire = Vec::new();
    let mut structs = Vec::new();
    for s in &specs {
        let (client, types, wire_structs) = client_module(s)?;
        structs.push(wire_structs);
        out.insert(
            Path::new(API_DIR).join(format!("{}.rs", s.module)),
            client.into_bytes(),
        );
        out.insert(
            Path::new(MOCK_DIR).join(format!("{}.rs", s.module)),
            mock_module(s)?.into_bytes(),
        );
        out.insert(Path::new(API_SPEC_DIR).join(&s.file_name), s.source.clone());
        if let Some((name, bytes)) = &s.overlay {
            out.insert(Path::new(API_SPEC_DIR).join(name), bytes.clone());
        }
        wire.push(types);
    }
    let mut ops = Vec::new();
    let mut all = Vec::new();
    for ((s, types), wire_structs) in specs.iter().zip(&wire).zip(&structs) {
        for (op, t) in s.operations.iter().zip(types) {
            ops.push((s, op, t));
            let model = s
                .models
                .get(&op.name)
                .with_context(|| format!("{}: no model of `{}`", s.file_name, op.name))?;
            all.push(Op {
                spec: s,
                policy: op,
                model,
                wire: t,
                structs: wire_structs,
            });
        }
    }
    let mut rows = Vec::new();
    for (s, wire_structs) in specs.iter().zip(&structs) {
        rows.extend(crate::view::collect(s, wire_structs)?);
    }
    out.insert(
        Path::new(DOMAIN_DIR).join("views.rs"),
        finish(
            "*",
            "//! The answer rows read into the domain's typed views: each schema marked\n//! `x-paynet-view`, each field with its view field's reading (see CONTRIBUTING.md).\n",
            &crate::view::module(&rows),
        )?
        .into_bytes(),
    );
    let codes: Vec<&crate::codes::CodeEnum> = specs.iter().flat_map(|s| &s.codes).collect();
    crate::codes::check_unique(&codes)?;
    out.insert(
        Path::new(DOMAIN_DIR).join("codes.rs"),
        finish(
            "*",
            "//! Paynet's coded values: each component schema with `x-paynet-codes`, an enum that keeps\n//! a code it does not know (see CONTRIBUTING.md).\n",
            &crate::codes::module(&codes),
        )?
        .into_bytes(),
    );
    ops.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    all.sort_by(|a, b| a.policy.name.cmp(&b.policy.name));
    crate::gen_domain::check_names(&all)?;
    generate_layers(root, &specs, &all, &mut out)?;
    out.insert(
        Path::new(API_DIR).join("operations.rs"),
        finish(
            "*",
            "//! The operation table: every operation of every spec, with its policy (see\n//! [`crate::operation`]).\n",
            &table::operations_module(&all),
        )?
        .into_bytes(),
    );
    let answers = table::answers(root, EXAMPLES_DIR, &specs)?;
    out.insert(
        Path::new(MOCK_DIR).join("answers.rs"),
        finish(
            "*",
            "//! Canned success answers, one per operation: the spec's example of its answer, else\n//! `openapi/examples/<operation>.json`. The table-driven suites send them.\n",
            &table::answers_module(&answers),
        )?
        .into_bytes(),
    );

    let names: Vec<(&str, &str)> = specs
        .iter()
        .map(|s| (s.module.as_str(), s.file_name.as_str()))
        .collect();
    out.insert(
        Path::new(API_DIR).join("mod.rs"),
        module_list(
            &names,
            "The generated client modules, one per spec file, and the operation table.",
            ("operations", "The operation table, from every spec."),
        )?
        .into_bytes(),
    );
    out.insert(
        Path::new(MOCK_DIR).join("mod.rs"),
        module_list(
            &names,
            "The generated httpmock helpers, one module per spec file, and the canned answers.",
            ("answers", "Canned success answers, one per operation."),
        )?
        .into_bytes(),
    );
    Ok(out)
}

/// The layers above the wire, from the same table: `paynet-domain`'s request types, the facade's
/// methods, the CLI's commands.
fn generate_layers(root: &Path, specs: &[Spec], all: &[Op<'_>], out: &mut Outputs) -> Result<()> {
    let mut modules = Vec::new();
    for s in specs {
        let mine: Vec<Op<'_>> = all
            .iter()
            .filter(|o| o.spec.file_name == s.file_name)
            .copied()
            .collect();
        if let Some(body) = crate::gen_domain::module(s, &mine)? {
            let doc = format!(
                "//! The generated request types of `openapi/{}`: {}.\n",
                s.file_name, s.openapi.info.title
            );
            out.insert(
                Path::new(DOMAIN_DIR).join(format!("{}.rs", s.module)),
                finish(&s.file_name, &doc, &body)?.into_bytes(),
            );
            modules.push((s.module.clone(), crate::gen_domain::public_names(&mine)));
        }
    }
    out.insert(
        Path::new(DOMAIN_DIR).join("mod.rs"),
        finish(
            "*",
            "//! The request types generated from the specs (one module per spec with an operation whose\n//! request type is not hand-written), the examples of every request type, and the answer rows\n//! read into the typed views (`views`).\n",
            &crate::gen_domain::mod_rs(&modules, all),
        )?
        .into_bytes(),
    );
    out.insert(
        Path::new(DOMAIN_DIR).join("examples.rs"),
        finish(
            "*",
            "//! Test support: `for_each_request!`, which names every request type, and an example of\n//! every generated request type, built from the spec's examples.\n",
            &crate::gen_domain::examples(all)?,
        )?
        .into_bytes(),
    );
    out.insert(
        PathBuf::from(FACADE_FILE),
        finish(
            "*",
            "//! One method per operation of the table, on `Client` (or `PayPos`), and the re-exports of\n//! every request type.\n",
            &crate::gen_facade::module(root, all),
        )?
        .into_bytes(),
    );
    out.insert(
        PathBuf::from(CLI_FILE),
        finish(
            "*",
            "//! `paynet <dashed-operation-id>` for every operation of the table.\n",
            &crate::gen_cli::module(all),
        )?
        .into_bytes(),
    );
    Ok(())
}

/// Refuses an overlay that sits beside no spec (a renamed spec would silently lose its policy).
fn check_overlays(dir: &Path, specs: &[Spec]) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if spec::is_overlay(&name)
            && !specs
                .iter()
                .any(|s| s.overlay.as_ref().is_some_and(|(o, _)| *o == name))
        {
            bail!(
                "{SPEC_DIR}/{name}: a policy overlay beside no spec (an overlay for `x.json` is named `x.policy.yaml`)"
            );
        }
    }
    Ok(())
}

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_inner_type(tokens("crate::hooks::CallContext"))
        .with_hooks(HooksMode::Expected)
        .with_crate(spec::TYPES_CRATE, CrateVers::Any, None)
        .with_derive("PartialEq");
    settings
}

fn tokens(text: &str) -> proc_macro2::TokenStream {
    text.parse().unwrap_or_default()
}

/// The hook impl every generated client gets: it hands over to `paynet_api::hooks`.
const HOOKS_IMPL: &str = r#"
#[cfg(feature = "client")]
impl ClientHooks<crate::hooks::CallContext> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> std::result::Result<(), Error<E>> {
        crate::hooks::pre(self.inner(), request, info);
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        crate::hooks::exec(self.inner(), self.client(), request, info).await
    }
}
"#;

fn client_module(s: &Spec) -> Result<(String, Vec<WireTypes>, WireStructs)> {
    let mut generator = Generator::new(&settings());
    let code = generator
        .generate_tokens(&s.openapi)
        .map_err(|e| anyhow::anyhow!("{}: progenitor: {e}", s.file_name))?;
    let mut file = parse(&s.file_name, code)?;
    let structs = WireStructs::read(&file);
    let types = s
        .operations
        .iter()
        .map(|op| table::wire_types(&s.file_name, &s.module, &file, &op.name))
        .collect::<Result<Vec<_>>>()?;
    drop_api_version(&mut file);
    alias_data_arrays(&mut file);
    gate_client(&mut file);
    let mut text = line_doc_comments(&prettyplease::unparse(&file));
    if text.contains(API_VERSION_HEADER) {
        bail!(
            "{}: the generated client still sends `{API_VERSION_HEADER}`",
            s.file_name
        );
    }
    text.push_str(HOOKS_IMPL);
    let doc = format!(
        "//! The wire types of `openapi/{}` ({}), and its client (cargo feature `client`).\n",
        s.file_name, s.openapi.info.title
    );
    Ok((finish(&s.file_name, &doc, &text)?, types, structs))
}

fn mock_module(s: &Spec) -> Result<String> {
    let mut generator = Generator::new(&settings());
    let code = generator
        .httpmock(&s.openapi, &format!("paynet_api::{}", s.module))
        .map_err(|e| anyhow::anyhow!("{}: progenitor httpmock: {e}", s.file_name))?;
    let text = unparse(&s.file_name, code)?;
    let doc = format!(
        "//! Typed httpmock helpers for `openapi/{}`: {}.\n",
        s.file_name, s.openapi.info.title
    );
    finish(&s.file_name, &doc, &text)
}

fn module_list(names: &[(&str, &str)], doc: &str, extra: (&str, &str)) -> Result<String> {
    let mut text = format!(
        "#[doc = \"{}\"]\n#[allow(clippy::all)]\npub mod {};\n",
        extra.1, extra.0
    );
    for (module, file) in names {
        text.push_str(&format!(
            "#[doc = \"Generated from `openapi/{file}`.\"]\n#[allow(missing_docs, missing_debug_implementations, unused_mut, clippy::all, clippy::unwrap_used, unused_qualifications, rust_2018_idioms)]\npub mod {module};\n"
        ));
    }
    finish("mod.rs", &format!("//! {doc}\n"), &text)
}

fn parse(file_name: &str, code: proc_macro2::TokenStream) -> Result<syn::File> {
    syn::parse2(code)
        .with_context(|| format!("{file_name}: progenitor produced code that does not parse"))
}

fn unparse(file_name: &str, code: proc_macro2::TokenStream) -> Result<String> {
    Ok(line_doc_comments(&prettyplease::unparse(&parse(
        file_name, code,
    )?)))
}

/// Puts everything but the `types` module behind the `client` feature: the wire types build
/// without an HTTP client (the layers above send through the facade's transport).
fn gate_client(file: &mut syn::File) {
    let gate: syn::Attribute = syn::parse_quote!(#[cfg(feature = "client")]);
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Mod(m) if m.ident == "types" => continue,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            _ => continue,
        };
        attrs.insert(0, gate.clone());
    }
}

/// The header progenitor adds to every request (`api-version: <info.version>`); Paynet does not
/// define it.
const API_VERSION_HEADER: &str = "\"api-version\"";

/// Removes the statements that add progenitor's `api-version` header: sending it and stripping
/// it again in a hook would cost every call for nothing.
fn drop_api_version(file: &mut syn::File) {
    use quote::ToTokens as _;
    use syn::visit_mut::VisitMut;

    struct Dropper;
    impl VisitMut for Dropper {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            block.stmts.retain(|stmt| {
                !stmt
                    .to_token_stream()
                    .to_string()
                    .contains(API_VERSION_HEADER)
            });
            syn::visit_mut::visit_block_mut(self, block);
        }
    }
    Dropper.visit_file_mut(file);
}

/// Paynet names a list's rows `Data` on most pages and `data` on others (the ratio table, some
/// examples): a wire field named either way also reads the other spelling (`#[serde(alias)]`),
/// unless its struct has a field of that name too. Lenient in what is read; `Serialize` keeps
/// the spec's name.
fn alias_data_arrays(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut m.content else {
            continue;
        };
        for item in items {
            let syn::Item::Struct(s) = item else { continue };
            let syn::Fields::Named(named) = &mut s.fields else {
                continue;
            };
            let json_names: Vec<String> = named
                .named
                .iter()
                .filter_map(crate::wire::json_name)
                .collect();
            for field in &mut named.named {
                let other = match crate::wire::json_name(field).as_deref() {
                    Some("Data") => "data",
                    Some("data") => "Data",
                    _ => continue,
                };
                if json_names.iter().any(|n| n == other) {
                    continue;
                }
                field
                    .attrs
                    .push(syn::parse_quote!(#[serde(alias = #other)]));
            }
        }
    }
}

/// Rewrites prettyplease's block doc comments (`/** ... */`, used for multi-line docs) as `///`
/// lines. rustfmt indents a block comment's inner lines, which turns them into Markdown code
/// blocks that rustdoc then fails to parse; `///` lines keep the text as written.
fn line_doc_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let Some(first) = trimmed.strip_prefix("/**") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let indent = &line[..line.len() - trimmed.len()];
        let mut push = |content: &str| {
            out.push_str(indent);
            out.push_str("///");
            out.push_str(content);
            out.push('\n');
        };
        if let Some(body) = first.strip_suffix("*/") {
            push(body);
            continue;
        }
        push(first);
        for inner in lines.by_ref() {
            match inner.split_once("*/") {
                Some((last, _)) => {
                    if !last.is_empty() {
                        push(last);
                    }
                    break;
                }
                None => push(inner),
            }
        }
    }
    out
}

/// Heads, checks and formats one generated file.
fn finish(source: &str, doc: &str, body: &str) -> Result<String> {
    for word in ["f32", "f64"] {
        if contains_word(body, word) {
            bail!(
                "{source}: the generated code uses `{word}`: every number must be an exact decimal"
            );
        }
    }
    let head = format!(
        "// This file is generated by `cargo xtask codegen` from openapi/{source}; do not edit.\n\n{doc}\n",
        source = if source == "mod.rs" { "*" } else { source }
    );
    // rustfmt re-indents block doc comments on a second pass: format until nothing changes, so
    // that `cargo fmt --check` agrees with the committed file.
    let mut text = rustfmt(&format!("{head}{body}"))?;
    for _ in 0..3 {
        let again = rustfmt(&text)?;
        if again == text {
            return Ok(text);
        }
        text = again;
    }
    bail!("{source}: rustfmt does not settle on a formatting")
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// Formats with the toolchain's rustfmt (edition 2024), so that `cargo fmt --check` agrees.
pub fn rustfmt(text: &str) -> Result<String> {
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
    let mut child = Command::new(&rustfmt)
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!("running {rustfmt} (install it with `rustup component add rustfmt`)")
        })?;
    let mut stdin = child.stdin.take().context("rustfmt stdin")?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("rustfmt writer thread panicked"))??;
    if !output.status.success() {
        bail!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).context("rustfmt output is not UTF-8")
}

/// Files under the generated folders that the current specs no longer produce.
pub fn stale_files(root: &Path, outputs: &Outputs) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for dir in [API_DIR, MOCK_DIR, API_SPEC_DIR, DOMAIN_DIR] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let rel = Path::new(dir).join(entry?.file_name());
            if !outputs.contains_key(&rel) {
                stale.push(rel);
            }
        }
    }
    stale.sort();
    Ok(stale)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn data_arrays_read_either_spelling() {
        let mut file: syn::File = syn::parse_str(
            r#"pub mod types {
                pub struct Upper {
                    #[serde(rename = "Data", default)]
                    pub data: Vec<u8>,
                }
                pub struct Lower {
                    #[serde(default)]
                    pub data: Vec<u8>,
                }
                pub struct Both {
                    #[serde(rename = "Data", default)]
                    pub data: Vec<u8>,
                    #[serde(rename = "data", default)]
                    pub data_2: Vec<u8>,
                }
            }"#,
        )
        .unwrap();
        alias_data_arrays(&mut file);
        let text = prettyplease::unparse(&file);
        assert_eq!(text.matches("alias = \"data\"").count(), 1, "{text}");
        assert_eq!(text.matches("alias = \"Data\"").count(), 1, "{text}");
        let both = text.split("pub struct Both").nth(1).unwrap();
        assert!(!both.contains("alias"), "{text}");
    }

    fn fixture() -> Spec {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/new-operation.json");
        spec::load(&path).unwrap()
    }

    /// A spec as a contributor would drop it in (no operationId, a `$ref`'d Content-Type header,
    /// numbers with validation keywords): the snapshot shows what the generator makes of it.
    #[test]
    fn snapshot_of_a_new_operation() {
        let s = fixture();
        let client = client_module(&s).unwrap().0;
        assert!(client.contains("pub async fn example_operation<'a>("));
        assert!(client.contains("session_key: &'a str"));
        assert!(!client.to_ascii_lowercase().contains("content_type: &"));
        // The request's two numbers are exact decimals; the answer's scalars lenient readers.
        assert_eq!(
            client.matches("::paynet_api::wire::JsonDecimal").count(),
            2,
            "{client}"
        );
        assert!(
            client.contains("::paynet_api::wire::LenientDecimal"),
            "{client}"
        );
        assert!(
            client.contains("::paynet_api::wire::LenientInt"),
            "{client}"
        );
        assert!(client.contains("::paynet_api::wire::Timestamp"));
        assert!(
            !client.contains("api-version"),
            "progenitor's header is removed"
        );
        assert!(client.contains("\"Session-Key\""));
        insta::assert_snapshot!("new_operation_client", client);
        insta::assert_snapshot!("new_operation_httpmock", mock_module(&s).unwrap());
    }

    /// A new spec file with one operation (its policy, an amount, a secret) and nothing else:
    /// the request type with its builder and checks, the facade method and the CLI command the
    /// generator makes of it.
    #[test]
    fn snapshot_of_a_new_service() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/new-service.yaml");
        let s = spec::load(&path).unwrap();
        let (_, types, structs) = client_module(&s).unwrap();
        let model = &s.models["example_transfer"];
        let op = Op {
            spec: &s,
            policy: &s.operations[0],
            model,
            wire: &types[0],
            structs: &structs,
        };
        let domain = crate::gen_domain::module(&s, &[op]).unwrap().unwrap();
        let domain = finish(&s.file_name, "//! domain\n", &domain).unwrap();
        // The amount is an exact `Amount`, sent as kuruş digits; the PIN a secret, checked by its
        // rules without ever showing in an error, scrubbed from the answer.
        assert!(domain.contains("amount: Amount,"), "{domain}");
        assert!(domain.contains("self.amount.to_kurus_string()"), "{domain}");
        assert!(domain.contains("pin: SecretString,"), "{domain}");
        assert!(domain.contains("secret: true"), "{domain}");
        assert!(domain.contains("fn call_secrets"), "{domain}");
        assert!(domain.contains(r#"values: &["web", "app"]"#), "{domain}");
        let facade = finish(
            "*",
            "//! facade\n",
            &crate::gen_facade::module(Path::new("/nowhere"), &[op]),
        )
        .unwrap();
        assert!(facade.contains("pub fn example_transfer<'a>("), "{facade}");
        let cli = finish("*", "//! cli\n", &crate::gen_cli::module(&[op])).unwrap();
        assert!(cli.contains(r#"name = "example-transfer""#), "{cli}");
        assert!(cli.contains(r#"long = "succeed-url""#), "{cli}");
        assert!(
            !cli.contains(r#"long = "pin""#),
            "a secret is never a flag: {cli}"
        );
        assert!(cli.contains("PAYNET_PIN"), "{cli}");
        insta::assert_snapshot!("new_service_domain", domain);
        insta::assert_snapshot!("new_service_facade", facade);
        insta::assert_snapshot!("new_service_cli", cli);
    }

    /// `x-paynet-date` and `x-paynet-success`: the Rust field is a `NaiveDate` or a
    /// `NaiveDateTime`, written in Paynet's form on the wire (a string there), read from a
    /// `YYYY-MM-DD[THH:MM:SS]` flag on the command line; an answer's date is a lenient
    /// timestamp; the answer's boolean decides success.
    #[test]
    fn paynet_date_forms_and_success_by_a_field() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paynet-dates.yaml");
        let s = spec::load(&path).unwrap();
        let (client, types, structs) = client_module(&s).unwrap();
        // On the wire: strings; the answer's date a lenient timestamp.
        let body = client.split("pub struct BookRequest").nth(1).unwrap();
        let body = &body[..body.find("}").unwrap()];
        assert!(body.contains("pub day: ::std::string::String"), "{body}");
        assert!(body.contains("pub at: ::std::string::String"), "{body}");
        assert!(
            body.contains("chrono::naive::NaiveDate"),
            "format: date stays a date: {body}"
        );
        let answer = client.split("pub struct Booked").nth(1).unwrap();
        assert!(answer.contains("::paynet_api::wire::Timestamp"), "{answer}");
        let op = Op {
            spec: &s,
            policy: &s.operations[0],
            model: &s.models["example_book"],
            wire: &types[0],
            structs: &structs,
        };
        let domain = crate::gen_domain::module(&s, &[op]).unwrap().unwrap();
        let domain = finish(&s.file_name, "//! domain\n", &domain).unwrap();
        assert!(domain.contains("day: NaiveDate,"), "{domain}");
        assert!(domain.contains("at: NaiveDateTime,"), "{domain}");
        assert!(
            domain.contains(r#"day: self.day.format("%d.%m.%Y").to_string(),"#),
            "{domain}"
        );
        assert!(
            domain.contains(r#"at: self.at.format("%d.%m.%Y %H:%M:%S").to_string(),"#),
            "{domain}"
        );
        assert!(
            domain.contains(r#"self.until.map(|v| v.format("%d.%m.%Y").to_string())"#),
            "{domain}"
        );
        assert!(domain.contains("sent as `dd.MM.yyyy HH:mm:ss`"), "{domain}");
        assert!(domain.contains("envelope::check_success("), "{domain}");
        assert!(domain.contains("answer.is_succeed.as_ref()"), "{domain}");
        let examples = crate::gen_domain::examples(&[op]).unwrap();
        assert!(
            examples.contains(
                r#"NaiveDateTime::parse_from_str("03.10.2017 10:32:24", "%d.%m.%Y %H:%M:%S")"#
            ),
            "{examples}"
        );
        let cli = finish("*", "//! cli\n", &crate::gen_cli::module(&[op])).unwrap();
        assert!(cli.contains("paynet::chrono::NaiveDateTime"), "{cli}");
        assert!(cli.contains("crate::values::parse_date_time"), "{cli}");
        assert!(cli.contains(r#"value_name = "YYYY-MM-DD""#), "{cli}");
        assert!(cli.contains("Sent as dd.MM.yyyy."), "{cli}");
    }

    #[test]
    fn generated_files_are_deterministic_and_formatted() {
        let s = fixture();
        let first = client_module(&s).unwrap().0;
        assert_eq!(first, client_module(&s).unwrap().0);
        assert_eq!(
            rustfmt(&first).unwrap(),
            first,
            "rustfmt must leave it unchanged"
        );
        assert!(first.starts_with(
            "// This file is generated by `cargo xtask codegen` from openapi/new-operation.json; do not edit."
        ));
    }

    #[test]
    fn block_doc_comments_become_line_comments() {
        let text = "    /**Title\n\nSends a `POST`\n- `body`\n*/\n    pub fn f() {}\n/**One line*/\nstruct S;\n";
        assert_eq!(
            line_doc_comments(text),
            "    ///Title\n    ///\n    ///Sends a `POST`\n    ///- `body`\n    pub fn f() {}\n///One line\nstruct S;\n"
        );
    }

    #[test]
    fn float_words_are_found_only_as_words() {
        assert!(contains_word("pub x: f64,", "f64"));
        assert!(contains_word("Option<f32>", "f32"));
        assert!(!contains_word("let buf64 = 1; // f64x", "f64"));
    }
}
