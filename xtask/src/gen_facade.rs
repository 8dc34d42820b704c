//! The facade's methods, generated from the table: one method per operation, named by its
//! `operationId`, on `Client` (or on `PayPos` for a session-key operation), returning the one
//! `Call`; and the re-exports of every operation's request type.

use std::fmt::Write as _;
use std::path::Path;

use crate::op::{Op, doc};
use crate::policy::Auth;

/// Where an operation's hand-written documentation may live, appended to the generated one:
/// `crates/paynet/docs/<operation>.md` (e.g. a tested example against the simulator).
pub const DOCS_DIR: &str = "crates/paynet/docs";

/// What the method's doc says of the credential.
fn credential(auth: Auth) -> &'static str {
    match auth {
        Auth::SecretKey => {
            "Needs the secret key ([`ClientBuilder::secret_key`](crate::ClientBuilder::secret_key))."
        }
        Auth::PublishableKey => {
            "Needs the publishable key ([`ClientBuilder::publishable_key`](crate::ClientBuilder::publishable_key)), the one a shop's pages may show."
        }
        Auth::SessionKey => "Runs under this handle's session key.",
        Auth::None => "Needs no credential.",
    }
}

/// What the method's doc says of retries.
fn money(op: &Op<'_>) -> &'static str {
    if op.policy.moves_money {
        "Moves money or changes a transaction: never sent again once it may have reached Paynet; when its answer is lost the call is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) (unless a lookup settles it), never a silent retry."
    } else if op.policy.idempotent {
        "A read: sent again after an unknown outcome, within the call's time budget."
    } else {
        "Moves no money; sent again only when it provably never reached Paynet."
    }
}

/// `crates/paynet/src/generated.rs`.
pub fn module(root: &Path, ops: &[Op<'_>]) -> String {
    let mut client = String::new();
    let mut paypos = String::new();
    for op in ops {
        let name = &op.policy.name;
        let ty = op.request_type();
        let mut text = format!(
            "`{name}`: {} (`{} {}`).",
            if op.policy.summary.is_empty() {
                "(no summary)"
            } else {
                op.policy.summary.trim_end_matches('.')
            },
            op.policy.method,
            op.policy.path
        );
        let _ = write!(text, " {} {}", credential(op.policy.auth), money(op));
        if !op.model.description.is_empty() {
            let _ = write!(text, "\n\n{}", op.model.description);
        }
        let _ = write!(
            text,
            "\n\nThe request is a [`{ty}`](crate::{ty}); on the command line, `paynet {}`.",
            name.replace('_', "-")
        );
        let mut method = doc(&text, "    ");
        let extra = Path::new(DOCS_DIR).join(format!("{name}.md"));
        if root.join(&extra).is_file() {
            let _ = writeln!(
                method,
                "    ///\n    #[doc = include_str!(\"../docs/{name}.md\")]"
            );
        }
        let body = match op.policy.auth {
            Auth::SessionKey => "self.call(request)",
            _ => "Call::new(self, request, None)",
        };
        let _ = writeln!(
            method,
            "    pub fn {name}<'a>(&'a self, request: &'a {ty}) -> Call<'a, {ty}> {{\n        {body}\n    }}\n"
        );
        match op.policy.auth {
            Auth::SessionKey => paypos.push_str(&method),
            _ => client.push_str(&method),
        }
    }
    let mut names: Vec<String> = ops.iter().map(Op::request_type).collect();
    names.extend(crate::gen_domain::public_names(ops));
    names.sort();
    names.dedup();
    format!(
        "use crate::call::Call;\nuse crate::client::{{Client, PayPos}};\n\n/// Every operation's request type (and, for a generated one, its builder and parts).\npub use paynet_domain::{{{names}}};\n\n/// Operations under the secret key, the publishable key or no credential: one method per\n/// operation of the table.\nimpl Client {{\n{client}}}\n\n/// Operations under a session key: one method per operation of the table.\nimpl PayPos {{\n{paypos}}}\n",
        names = names.join(", ")
    )
}
