//! What progenitor generated for a spec's types, read back from its output: each struct's fields
//! (Rust name, JSON name, type, optional or not), so that the generated request types of
//! `paynet-domain` fill the wire bodies field by field, by JSON name.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

/// One field of a generated wire struct.
#[derive(Clone, Debug)]
pub struct WireField {
    /// The Rust field name (`succeed_url`).
    pub ident: String,
    /// The JSON name (`succeedUrl`).
    pub json: String,
    /// True when the field is an `Option`.
    pub optional: bool,
}

/// The structs of a generated module's `types`: type name -> fields.
#[derive(Clone, Debug, Default)]
pub struct WireStructs(BTreeMap<String, Vec<WireField>>);

impl WireStructs {
    /// Reads the `pub mod types { .. }` of progenitor's output.
    pub fn read(file: &syn::File) -> WireStructs {
        let mut out = BTreeMap::new();
        for item in &file.items {
            let syn::Item::Mod(m) = item else { continue };
            if m.ident != "types" {
                continue;
            }
            let Some((_, items)) = &m.content else {
                continue;
            };
            for item in items {
                let syn::Item::Struct(s) = item else { continue };
                let syn::Fields::Named(named) = &s.fields else {
                    continue;
                };
                let fields = named
                    .named
                    .iter()
                    .filter_map(|f| {
                        let ident = f.ident.as_ref()?.to_string();
                        let ident = ident.strip_prefix("r#").unwrap_or(&ident).to_owned();
                        Some(WireField {
                            json: json_name(f)?,
                            ident,
                            optional: is_option(&f.ty),
                        })
                    })
                    .collect();
                out.insert(s.ident.to_string(), fields);
            }
        }
        WireStructs(out)
    }

    /// The fields of struct `name`.
    pub fn fields(&self, file_name: &str, name: &str) -> Result<&[WireField]> {
        self.0
            .get(name)
            .map(Vec::as_slice)
            .with_context(|| format!("{file_name}: progenitor generated no struct `{name}`"))
    }
}

/// `Vec<types::X>` / `types::X` -> `X`, the last path segment of the innermost type.
pub fn last_segment(ty: &str) -> String {
    let inner = ty
        .trim()
        .strip_prefix("::std::vec::Vec<")
        .or_else(|| ty.trim().strip_prefix("Vec<"))
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(ty);
    inner.rsplit("::").next().unwrap_or(inner).trim().to_owned()
}

/// A generated field's JSON name: its `#[serde(rename)]`, else its Rust name (`r#type` is
/// `type`).
pub fn json_name(field: &syn::Field) -> Option<String> {
    let ident = field.ident.as_ref()?.to_string();
    let ident = ident.strip_prefix("r#").unwrap_or(&ident).to_owned();
    Some(serde_rename(&field.attrs).unwrap_or(ident))
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    for attr in attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let mut found = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn fields_are_read_with_their_json_names() {
        let file: syn::File = syn::parse_str(
            r#"pub mod types {
                pub struct Req {
                    #[serde(rename = "succeedUrl", skip_serializing_if = "::std::option::Option::is_none")]
                    pub succeed_url: ::std::option::Option<::std::string::String>,
                    pub xact_id: ::std::string::String,
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    pub banks: ::std::vec::Vec<Bank>,
                }
            }"#,
        )
        .unwrap();
        let w = WireStructs::read(&file);
        let fields = w.fields("t", "Req").unwrap();
        let f = fields.iter().find(|f| f.json == "succeedUrl").unwrap();
        assert_eq!((f.ident.as_str(), f.optional), ("succeed_url", true));
        let x = fields.iter().find(|f| f.json == "xact_id").unwrap();
        assert!(!x.optional);
        assert_eq!(last_segment("::std::vec::Vec<Bank>"), "Bank");
        assert!(w.fields("t", "Nope").is_err());
    }
}
