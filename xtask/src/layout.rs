//! `cargo xtask layout`: the house rules of the source tree, checked.
//!
//! - No import circle inside a crate: a module never uses (through `crate::` or `super::` paths,
//!   in code or in macro bodies) a module that uses it back, directly or through others. A circle
//!   means a file holds two jobs, one of which belongs lower down.
//! - Every crate root's map is true to the tree: each module the root declares is named in the
//!   root's comments (`` `name` ``, `` `name.rs` `` or `` `name/` ``), so the map a newcomer
//!   reads lists every file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use anyhow::{Context, Result, bail};
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The source directories checked, relative to the workspace root.
pub const SOURCE_DIRS: &[&str] = &[
    "crates/paynet-api/src",
    "crates/paynet-httpmock/src",
    "crates/paynet-domain/src",
    "crates/paynet/src",
    "crates/paynet-sim/src",
    "crates/paynet-cli/src",
    "examples/checkout/src",
    "xtask/src",
];

/// Checks every source directory; the error lists every broken rule.
pub fn check(root: &Path) -> Result<()> {
    let mut problems = Vec::new();
    for dir in SOURCE_DIRS {
        let src = root.join(dir);
        if !src.is_dir() {
            continue;
        }
        let modules = modules(&src)?;
        let graph = graph(&modules);
        for circle in circles(&graph) {
            problems.push(format!("{dir}: an import circle: {}", circle.join(" -> ")));
        }
        for missing in unmapped(&modules) {
            problems.push(format!(
                "{dir}: the crate root declares `mod {missing}` but its map (the root's comments) never names `{missing}`"
            ));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// Every module of a crate: its path (`ops::read`; the root is `crate`) and its source.
fn modules(src: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            out.insert(module_name(src, &path), text);
        }
    }
    Ok(out)
}

/// `src/ops/read.rs` -> `ops::read`; `src/ops/mod.rs` -> `ops`; `src/lib.rs` -> `crate`.
fn module_name(src: &Path, file: &Path) -> String {
    let rel: PathBuf = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|p| matches!(p.as_str(), "mod" | "lib" | "main"))
    {
        parts.pop();
    }
    match parts.is_empty() {
        true => "crate".to_owned(),
        false => parts.join("::"),
    }
}

/// Which modules each module uses (never itself, its own submodules or the root).
fn graph(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (name, text) in modules {
        let mut uses = BTreeSet::new();
        // A file that does not lex (it would not compile either) uses nothing here.
        let tokens = TokenStream::from_str(text).unwrap_or_default();
        let mut paths = Vec::new();
        paths_in(tokens, &mut paths);
        for (base, segments) in paths {
            let mut full: Vec<String> = match base {
                Base::Crate => Vec::new(),
                Base::Super(up) => {
                    let mut here: Vec<String> = match name.as_str() {
                        "crate" => Vec::new(),
                        n => n.split("::").map(str::to_owned).collect(),
                    };
                    for _ in 0..up {
                        here.pop();
                    }
                    here
                }
            };
            full.extend(segments);
            // The longest prefix that is a module.
            let target = (1..=full.len())
                .rev()
                .map(|n| full[..n].join("::"))
                .find(|candidate| modules.contains_key(candidate));
            if let Some(target) = target
                && target != *name
                && !target.starts_with(&format!("{name}::"))
            {
                uses.insert(target);
            }
        }
        out.insert(name.clone(), uses);
    }
    out
}

/// Where a path starts.
#[derive(Clone, Copy)]
enum Base {
    Crate,
    /// `super::` this many times.
    Super(usize),
}

/// Every `crate::a::b` and `super::a` path in `tokens` (use trees expanded), as its base and
/// segments. String literals and comments are not code: they are not read.
fn paths_in(tokens: TokenStream, out: &mut Vec<(Base, Vec<String>)>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Group(g) => paths_in(g.stream(), out),
            TokenTree::Ident(id) if *id == "crate" && colons(&tokens, i + 1) => {
                i = path_at(&tokens, i + 3, Base::Crate, Vec::new(), out);
                continue;
            }
            TokenTree::Ident(id) if *id == "super" && colons(&tokens, i + 1) => {
                let mut up = 1;
                let mut j = i + 3;
                while matches!(tokens.get(j), Some(TokenTree::Ident(s)) if *s == "super")
                    && colons(&tokens, j + 1)
                {
                    up += 1;
                    j += 3;
                }
                i = path_at(&tokens, j, Base::Super(up), Vec::new(), out);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// True when `tokens[i..]` starts with `::`.
fn colons(tokens: &[TokenTree], i: usize) -> bool {
    matches!(
        (tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// Reads the path whose segments start at `tokens[i]` (after `prefix`), expanding a use tree's
/// braces; returns the index after it.
fn path_at(
    tokens: &[TokenTree],
    mut i: usize,
    base: Base,
    mut prefix: Vec<String>,
    out: &mut Vec<(Base, Vec<String>)>,
) -> usize {
    loop {
        match tokens.get(i) {
            Some(TokenTree::Ident(id)) => {
                prefix.push(id.to_string());
                i += 1;
                if colons(tokens, i) {
                    i += 2;
                    continue;
                }
                out.push((base, prefix));
                return i;
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                for item in inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                {
                    if !item.is_empty() {
                        path_at(item, 0, base, prefix.clone(), out);
                    }
                }
                return i + 1;
            }
            _ => {
                if !prefix.is_empty() {
                    out.push((base, prefix));
                }
                return i;
            }
        }
    }
}

/// Every import circle: the strongly connected components of more than one module, each as a
/// path that closes on its start.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan's algorithm, iterative over a small graph.
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                let first = component[0].clone();
                component.push(first);
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// The modules the crate root declares (`mod x;`, `pub mod x;`) that its comments never name.
fn unmapped(modules: &BTreeMap<String, String>) -> Vec<String> {
    let Some(root) = modules.get("crate") else {
        return Vec::new();
    };
    let comments: String = root
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let declared = root.lines().filter_map(|l| {
        let l = l.trim_start();
        let l = l
            .strip_prefix("pub(crate) ")
            .or_else(|| l.strip_prefix("pub "))
            .unwrap_or(l);
        let name = l.strip_prefix("mod ")?.strip_suffix(';')?;
        Some(name.trim().to_owned())
    });
    declared
        .filter(|name| {
            [
                format!("`{name}`"),
                format!("`{name}.rs`"),
                format!("`{name}/`"),
            ]
            .iter()
            .all(|named| !comments.contains(named.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn graph_of(files: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
        graph(
            &files
                .iter()
                .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn paths_are_found_in_uses_code_and_macros_but_not_in_text() {
        let g = graph_of(&[
            ("crate", "mod a; mod b; mod c; mod d; mod e;"),
            (
                "a",
                r#"use crate::{b::X, c}; /// see crate::e
                macro_rules! m { () => { crate::d::f() } }
                const S: &str = "crate::e";"#,
            ),
            ("b", ""),
            ("c", ""),
            ("d", ""),
            ("e", ""),
            ("ops", "mod read; fn f() { read::x(); }"),
            ("ops::read", "use super::super::b::Y; use super::ops_item;"),
        ]);
        let uses = |m: &str| g[m].iter().cloned().collect::<Vec<_>>();
        assert_eq!(uses("a"), ["b", "c", "d"]);
        // `super::super` from `ops::read` is the root: `b`; `super::ops_item` is its parent.
        assert_eq!(uses("ops::read"), ["b", "ops"]);
    }

    #[test]
    fn circles_are_found_and_named() {
        let g = graph_of(&[
            ("crate", ""),
            ("a", "use crate::b::X;"),
            ("b", "fn f() { crate::c::g() }"),
            ("c", "use crate::a;"),
            ("d", "use crate::a;"),
        ]);
        assert_eq!(circles(&g), vec![vec!["a", "b", "c", "a"]]);
        let g = graph_of(&[("crate", ""), ("a", "use crate::b;"), ("b", "")]);
        assert!(circles(&g).is_empty());
    }

    #[test]
    fn a_root_must_name_every_module_it_declares() {
        let modules: BTreeMap<String, String> = [(
            "crate".to_owned(),
            "//! - `a`: the first.\n// `c` too\nmod a;\npub mod b;\npub(crate) mod c;\n".to_owned(),
        )]
        .into();
        assert_eq!(unmapped(&modules), ["b"]);
    }

    /// The workspace itself keeps the rules.
    #[test]
    fn the_tree_keeps_the_house_rules() {
        check(&crate::workspace_root()).unwrap();
    }
}
