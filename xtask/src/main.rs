//! `cargo xtask codegen [--check]`: generates the low-level client and its httpmock helpers (and
//! the domain's request types, the facade's methods and the CLI's commands) from the OpenAPI
//! documents in `openapi/`. `cargo xtask layout`: checks the source tree's house rules.
//!
//! The map: `codegen` (reading every spec and writing every generated file, or checking them),
//! `spec` (loading, normalising and validating one spec), `policy` (the `x-paynet-*` operation
//! keys), `model` (what a spec declares of a request and an answer), `op` (one operation as the
//! generators see it, and the names made of it), `wire` (the wire structs progenitor made),
//! `table` (the operation table and the canned answers), `gen_domain`, `gen_facade`, `gen_cli`
//! (the domain's request types, the facade's methods, the CLI's commands), `view` (the answer rows
//! the domain reads into its typed views, `x-paynet-view`), `codes` (Paynet's coded values, the
//! domain's enums, `x-paynet-codes`), `layout` (the house rules: no import
//! circle, true module maps).

mod codegen;
mod codes;
mod gen_cli;
mod gen_domain;
mod gen_facade;
mod layout;
mod model;
mod op;
mod policy;
mod spec;
mod table;
mod view;
mod wire;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Paynet SDK development tasks")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate crates/paynet-api and crates/paynet-httpmock from openapi/*.
    Codegen {
        /// Regenerate in memory and fail, with a diff, when a committed file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Check the source tree: no import circle inside a crate, every module on its crate's map.
    Layout,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Task::Codegen { check } => run_codegen(&workspace_root(), check),
        Task::Layout => layout::check(&workspace_root()).map(|()| {
            eprintln!("the source tree keeps the house rules");
            true
        }),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// True when two files differ at most in their line endings (`\r\n` vs `\n`).
fn same_text(a: &[u8], b: &[u8]) -> bool {
    let lf = |bytes: &[u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for (i, &byte) in bytes.iter().enumerate() {
            if !(byte == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                out.push(byte);
            }
        }
        out
    };
    a == b || lf(a) == lf(b)
}

/// Returns Ok(false) when `check` found stale files.
fn run_codegen(root: &Path, check: bool) -> Result<bool> {
    let outputs = codegen::generate_all(root)?;
    let stale = codegen::stale_files(root, &outputs)?;
    let mut fresh = true;
    for (rel, contents) in &outputs {
        let path = root.join(rel);
        let current = std::fs::read(&path).ok();
        // A checkout with CRLF line endings (git's autocrlf) holds the same code.
        if current.as_deref().is_some_and(|c| same_text(c, contents)) {
            continue;
        }
        if check {
            fresh = false;
            let old = current
                .as_deref()
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            let new = String::from_utf8_lossy(contents);
            let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
            eprintln!(
                "{}",
                diff.unified_diff().context_radius(3).header(
                    &format!("a/{}", rel.display()),
                    &format!("b/{}", rel.display())
                )
            );
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            std::fs::write(&path, contents)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {}", rel.display());
        }
    }
    for rel in &stale {
        if check {
            fresh = false;
            eprintln!("stale file (its spec is gone): {}", rel.display());
        } else {
            std::fs::remove_file(root.join(rel))
                .with_context(|| format!("removing {}", rel.display()))?;
            eprintln!("removed {}", rel.display());
        }
    }
    if check {
        if fresh {
            eprintln!("generated code is up to date ({} files)", outputs.len());
        } else {
            eprintln!("generated code is stale: run `cargo xtask codegen` and commit the result");
        }
    }
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::same_text;

    #[test]
    fn line_endings_do_not_make_a_file_stale() {
        assert!(same_text(b"a\r\nb\r\n", b"a\nb\n"));
        assert!(same_text(b"a\nb", b"a\nb"));
        assert!(!same_text(b"a\nb", b"a\nc"));
        assert!(!same_text(b"a\rb", b"ab"), "a lone \\r is content");
    }
}
