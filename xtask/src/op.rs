//! One operation as every generator sees it ([`Op`]: its spec, policy, model and wire types),
//! and the names and literals the generators make of it.

use std::fmt::Write as _;

use crate::model::OpModel;
use crate::policy::OperationPolicy;
use crate::spec::Spec;
use crate::wire::WireStructs;

/// The Rust types of one operation's body and answer, as progenitor generated them.
#[derive(Clone, Debug)]
pub struct WireTypes {
    pub body: String,
    pub answer: String,
}

/// One operation, as the generators see it.
#[derive(Clone, Copy)]
pub struct Op<'a> {
    pub spec: &'a Spec,
    pub policy: &'a OperationPolicy,
    pub model: &'a OpModel,
    pub wire: &'a WireTypes,
    pub structs: &'a WireStructs,
}

impl Op<'_> {
    /// The request type's name: the hand-written one, or `<Name>Request`.
    pub fn request_type(&self) -> String {
        self.model
            .request_type
            .clone()
            .unwrap_or_else(|| format!("{}Request", type_name(&self.policy.name)))
    }

    /// The builder of a generated request type.
    pub fn builder_type(&self) -> String {
        format!("{}Builder", type_name(&self.policy.name))
    }

    /// True when the request type is generated (no `x-paynet-request-type`).
    pub fn generated(&self) -> bool {
        self.model.request_type.is_none()
    }

    /// A wire type path as seen from the generated module (`wire::X`, the spec's own types), or
    /// from another crate (`paynet_api::m::types::X`).
    pub fn external(&self, path: &str) -> String {
        let own = format!("crate::{}::types::", self.spec.module);
        match path.strip_prefix(&own) {
            Some(name) if !name.contains("::") => format!("wire::{name}"),
            _ => path.replacen("crate::", "paynet_api::", 1),
        }
    }
}

/// Writes `text` as `///` lines at `indent`.
pub fn doc(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
    out
}

/// `init_sale` -> `INIT_SALE`.
pub fn const_name(name: &str) -> String {
    name.to_ascii_uppercase()
}

/// `init_sale` -> `InitSale`.
pub fn type_name(name: &str) -> String {
    name.split('_')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A raw string literal of `text`.
pub fn raw(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}
