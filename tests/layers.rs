//! The architecture, checked: the core's modules import only from layers below their own, and no
//! file of the core or of the page (`www/src`) imports, through any chain of imports, itself.
//!
//! The layer order is the one `src/lib.rs` declares and the README's repository map draws. A
//! module may use its own top-level module and any module of a strictly lower layer. What counts
//! as an import: every `crate::…` path in code, `use` lines and inline paths alike, and `super::`
//! paths; comments and `#[cfg(test)]` test modules (which may set up whatever they test with) are
//! not counted. A `pub use` re-export in a `mod.rs` is followed to the file that defines the item,
//! so a parent that re-exports its children does not count as a file its children depend on.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Bottom to top; the modules of one row form one layer.
const LAYERS: &[&[&str]] = &[
    &["units"],
    &["format", "input"],
    &["circuit", "gpu"],
    &["nvsim"],
    &["design"],
    &["library"],
    &["scenario"],
    &["study"],
    &["report"],
    &["outcome"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|row| row.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without comments and without its `#[cfg(test)]` modules (by convention the
/// last items of a file; the code after one is dropped).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]")
            && lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim_start().starts_with("mod ") || l.contains(" mod "))
        {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            // A `//` inside a string literal ("http://…") is kept: count quotes before it.
            Some(k) if line[..k].matches('"').count() % 2 == 0 => &line[..k],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path that starts with `root::` in `code`, with `{a, b::c}` groups expanded.
fn paths_from(code: &str, root: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let pat = format!("{root}::");
    let mut at = 0;
    while let Some(k) = code[at..].find(&pat) {
        let start = at + k;
        at = start + pat.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut end = at;
        let mut depth = 0usize;
        while end < bytes.len() {
            let c = bytes[end] as char;
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
                _ => {}
            }
            end += 1;
        }
        expand(&code[at..end], &[], &mut found);
    }
    found
}

fn expand(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    match tree.find('{') {
        None => {
            let mut p = prefix.to_vec();
            p.extend(
                tree.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            out.push(p);
        }
        Some(open) => {
            let head = &tree[..open];
            let body = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut p = prefix.to_vec();
            p.extend(
                head.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            let mut depth = 0;
            let mut part = String::new();
            for c in body.chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !part.is_empty() {
                            expand(&part, &p, out);
                        }
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                part.push(c);
            }
        }
    }
}

/// A crate's source tree: module path → file, and what each `mod.rs` re-exports from its children.
struct Tree {
    root: PathBuf,
    files: BTreeMap<Vec<String>, PathBuf>,
    /// (module path, item name) → child module path that defines it.
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
}

impl Tree {
    fn read(root: &Path, skip: &[&str]) -> Tree {
        let mut all = Vec::new();
        rust_files(root, &mut all);
        let mut files = BTreeMap::new();
        for f in all {
            let rel = f.strip_prefix(root).expect("under root");
            let mut parts: Vec<String> = rel
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            // `tests.rs` files are `#[cfg(test)] mod tests;` bodies: not counted, as test modules.
            if skip.contains(&parts[0].as_str()) || parts.last().is_some_and(|p| p == "tests") {
                continue;
            }
            if parts.last().is_some_and(|p| p == "mod") || parts == ["lib"] || parts == ["main"] {
                parts.pop();
            }
            files.insert(parts, f);
        }
        let mut reexports = BTreeMap::new();
        for (module, file) in &files {
            let code = code_of(&fs::read_to_string(file).expect("readable"));
            for line in code.split(';') {
                let t = line.trim();
                let Some(rest) = t
                    .strip_prefix("pub use ")
                    .or_else(|| t.strip_prefix("pub(crate) use "))
                else {
                    continue;
                };
                for p in paths_from(&format!("self::{rest}"), "self") {
                    if p.len() >= 2 {
                        let mut child = module.clone();
                        child.push(p[0].clone());
                        if files.contains_key(&child) {
                            reexports.insert((module.clone(), p[p.len() - 1].clone()), child);
                        }
                    }
                }
            }
        }
        Tree {
            root: root.to_path_buf(),
            files,
            reexports,
        }
    }

    /// The file a path (from the crate root) lands in: the longest module prefix that is a file,
    /// then through that module's re-exports.
    fn file_of(&self, path: &[String]) -> Option<Vec<String>> {
        let mut module: Vec<String> = Vec::new();
        for seg in path {
            let mut next = module.clone();
            next.push(seg.clone());
            if self.files.contains_key(&next) {
                module = next;
            } else {
                if let Some(child) = self.reexports.get(&(module.clone(), seg.clone())) {
                    return Some(child.clone());
                }
                break;
            }
        }
        (!module.is_empty()).then_some(module)
    }

    /// Every file-to-file import edge.
    fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for (module, file) in &self.files {
            let code = code_of(&fs::read_to_string(file).expect("readable"));
            let is_mod_rs = file.ends_with("mod.rs");
            let mut targets = BTreeSet::new();
            for p in paths_from(&code, "crate") {
                if let Some(t) = self.file_of(&p) {
                    targets.insert(t);
                }
            }
            // `super::x` from a file means its parent module (from a mod.rs, the grandparent).
            let mut parent = module.clone();
            parent.pop();
            if is_mod_rs {
                // a mod.rs *is* the module; `super` is the module above it
            }
            for p in paths_from(&code, "super") {
                let mut full = parent.clone();
                full.extend(p);
                if let Some(t) = self.file_of(&full) {
                    targets.insert(t);
                }
            }
            targets.remove(module);
            // A parent re-exporting its own children is not a dependency on them for cycle
            // purposes: the children are the parent's own parts.
            targets.retain(|t| !(t.len() > module.len() && t.starts_with(module) && is_mod_rs));
            edges.insert(module.clone(), targets);
        }
        edges
    }

    fn cycle(&self) -> Option<Vec<String>> {
        let edges = self.edges();
        // Depth-first search with colours.
        let mut colour: BTreeMap<&Vec<String>, u8> = BTreeMap::new();
        fn visit<'a>(
            n: &'a Vec<String>,
            edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
            colour: &mut BTreeMap<&'a Vec<String>, u8>,
            stack: &mut Vec<&'a Vec<String>>,
        ) -> Option<Vec<String>> {
            colour.insert(n, 1);
            stack.push(n);
            for m in edges.get(n).into_iter().flatten() {
                match colour.get(m).copied().unwrap_or(0) {
                    1 => {
                        let from = stack.iter().position(|x| *x == m).unwrap_or(0);
                        let mut c: Vec<String> =
                            stack[from..].iter().map(|x| x.join("::")).collect();
                        c.push(m.join("::"));
                        return Some(c);
                    }
                    0 => {
                        if let Some(c) = visit(m, edges, colour, stack) {
                            return Some(c);
                        }
                    }
                    _ => {}
                }
            }
            stack.pop();
            colour.insert(n, 2);
            None
        }
        for n in edges.keys() {
            if colour.get(n).copied().unwrap_or(0) == 0 {
                if let Some(c) = visit(n, &edges, &mut colour, &mut Vec::new()) {
                    return Some(c);
                }
            }
        }
        None
    }
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn core_modules_import_only_from_lower_layers() {
    let tree = Tree::read(&manifest().join("src"), &["bin"]);
    let mut wrong = Vec::new();
    for (module, file) in &tree.files {
        let Some(own) = module.first() else { continue };
        let own_layer = layer_of(own)
            .unwrap_or_else(|| panic!("src/{own}: a top-level module missing from LAYERS"));
        let code = code_of(&fs::read_to_string(file).expect("readable"));
        for p in paths_from(&code, "crate") {
            let Some(target) = p.first() else { continue };
            if target == own {
                continue;
            }
            match layer_of(target) {
                Some(l) if l < own_layer => {}
                Some(l) => wrong.push(format!(
                    "{}: imports crate::{} (layer {l} `{target}`, not below layer {own_layer} `{own}`)",
                    file.strip_prefix(&tree.root).unwrap_or(file).display(),
                    p.join("::"),
                )),
                // Root items (`crate::Library` re-exports, `crate::shipped_library`) are the
                // crate's front door: the core must not use them.
                None => wrong.push(format!(
                    "{}: imports crate::{} through the crate root; name its module instead",
                    file.strip_prefix(&tree.root).unwrap_or(file).display(),
                    p.join("::"),
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that go up or sideways:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn lib_rs_declares_the_layers_in_order() {
    let lib = fs::read_to_string(manifest().join("src/lib.rs")).expect("src/lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.split(';').next().unwrap_or("").trim())
        .collect();
    let listed: Vec<&str> = LAYERS.iter().flat_map(|row| row.iter().copied()).collect();
    assert_eq!(
        declared, listed,
        "src/lib.rs and LAYERS list the modules differently"
    );
}

#[test]
fn no_import_circle_in_the_core() {
    let tree = Tree::read(&manifest().join("src"), &["bin"]);
    assert!(tree.files.len() > 30, "read {} files", tree.files.len());
    if let Some(c) = tree.cycle() {
        panic!("import circle in src/: {}", c.join(" → "));
    }
}

#[test]
fn no_import_circle_in_the_page() {
    let tree = Tree::read(&manifest().join("www/src"), &[]);
    assert!(tree.files.len() > 5, "read {} files", tree.files.len());
    if let Some(c) = tree.cycle() {
        panic!("import circle in www/src/: {}", c.join(" → "));
    }
}

/// A small tree written to a temporary folder: `files` as (relative path, text).
fn scratch_tree(name: &str, files: &[(&str, &str)]) -> Tree {
    let dir = std::env::temp_dir().join(format!("nvmcalc-layers-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }
    Tree::read(&dir, &[])
}

#[test]
fn the_circle_check_finds_a_circle_and_follows_reexports() {
    let circle = scratch_tree(
        "circle",
        &[
            ("lib.rs", "mod a;\nmod b;\n"),
            ("a.rs", "use crate::b::B;\npub struct A;\n"),
            ("b/mod.rs", "mod c;\npub use c::B;\n"),
            ("b/c.rs", "use crate::a::A;\npub struct B;\n"),
        ],
    );
    let c = circle.cycle().expect("a → b::c → a is a circle");
    assert!(
        c.contains(&"a".to_string()) && c.contains(&"b::c".to_string()),
        "{c:?}"
    );

    // A parent that re-exports its child, used by that child's sibling: no circle.
    let fine = scratch_tree(
        "fine",
        &[
            ("lib.rs", "mod b;\n"),
            (
                "b/mod.rs",
                "mod c;\nmod d;\npub use c::C;\npub struct Top;\n",
            ),
            ("b/c.rs", "pub struct C;\n"),
            ("b/d.rs", "use crate::b::C;\nuse super::Top;\n"),
        ],
    );
    assert_eq!(fine.cycle(), None);
}

#[test]
fn the_path_reader_finds_grouped_inline_and_super_paths() {
    // The parsers themselves: a grouped use, an inline path and a super path are all found.
    let code = code_of(
        "use crate::a::{b::C, d};\n// use crate::zz::Q;\nfn f() { crate::e::f(); super::g::h(); }\n#[cfg(test)]\nmod tests { use crate::t::T; }\n",
    );
    let mut crate_paths = paths_from(&code, "crate");
    crate_paths.sort();
    assert_eq!(
        crate_paths,
        vec![
            vec!["a".to_string(), "b".into(), "C".into()],
            vec!["a".to_string(), "d".into()],
            vec!["e".to_string(), "f".into()],
        ]
    );
    assert_eq!(
        paths_from(&code, "super"),
        vec![vec!["g".to_string(), "h".into()]]
    );
    assert_eq!(layer_of("outcome"), Some(LAYERS.len() - 1));
    assert!(layer_of("units") < layer_of("circuit"));
}

/// The entries two spaces in under the map's line for `folder` (`src/`, `www/src/`), up to the
/// next line that starts at the margin: the folder's top level as the README lists it.
fn map_entries(map: &str, folder: &str) -> BTreeSet<String> {
    let mut inside = false;
    let mut listed = BTreeSet::new();
    for line in map.lines() {
        if !line.starts_with(' ') {
            inside = line.split_whitespace().next() == Some(folder);
            continue;
        }
        if inside && line.starts_with("  ") && !line.starts_with("   ") {
            for word in line
                .split_whitespace()
                .take_while(|w| w.ends_with(','))
                .chain(
                    line.split_whitespace()
                        .skip_while(|w| w.ends_with(','))
                        .take(1),
                )
            {
                let name = word.trim_end_matches(',');
                listed.insert(name.split('/').next().unwrap_or("").to_string());
            }
        }
    }
    listed
}

fn top_level(dir: &Path, except: &[&str]) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .filter(|n| !except.contains(&n.as_str()))
        .collect()
}

#[test]
fn the_readme_map_names_every_top_level_module_of_the_core_and_the_page() {
    let readme = fs::read_to_string(manifest().join("README.md")).expect("README.md");
    let start = readme.find("## Repository map").expect("a repository map");
    let map = &readme[start..];
    let map = &map[..map.find("\n## ").unwrap_or(map.len())];
    assert_eq!(
        map_entries(map, "src/"),
        top_level(&manifest().join("src"), &["lib.rs"]),
        "the README's map of src/ (left) and src/ (right) differ"
    );
    assert_eq!(
        map_entries(map, "www/src/"),
        top_level(&manifest().join("www/src"), &[]),
        "the README's map of www/src/ (left) and www/src/ (right) differ"
    );
}
