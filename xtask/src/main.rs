//! `cargo xtask codegen [--check]`: generates the low-level client and its httpmock helpers from
//! the OpenAPI documents in `openapi/`.

mod codegen;
mod spec;

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

/// Returns Ok(false) when `check` found stale files.
fn run_codegen(root: &Path, check: bool) -> Result<bool> {
    let outputs = codegen::generate_all(root)?;
    let stale = codegen::stale_files(root, &outputs)?;
    let mut fresh = true;
    for (rel, contents) in &outputs {
        let path = root.join(rel);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(contents.as_slice()) {
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
