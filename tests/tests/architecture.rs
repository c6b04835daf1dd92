//! The house's shape, read from its files: no module imports one that
//! imports it back (directly or round a longer loop), and no source file
//! grows past what a reader takes in at once. Plain files only: no runtime.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each crate's source folder, relative to the workspace root.
const CRATES: &[&str] = &["shared/src", "worker/src", "frontend/src", "tests/src"];

/// The most lines a source file may have.
const MOST_LINES: usize = 500;

/// Files allowed past `MOST_LINES`, and why: none today.
const LONG_FILES: &[(&str, &str)] = &[];

type ModulePath = Vec<String>;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the workspace")
        .to_path_buf()
}

fn rust_files(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(folder).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// `services/auth/mod.rs` is `services::auth`; `lib.rs` and `main.rs` the crate.
fn module_of(source: &Path, file: &Path) -> ModulePath {
    let relative = file.strip_prefix(source).expect("inside its crate");
    let mut path: ModulePath = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if matches!(
        path.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        path.pop();
    }
    path
}

/// The code a module's own items are written in: comments and its unit
/// tests left out (a test module may use what its parent uses freely).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path starting at `crate`, `super` or `self` the code names, with
/// `use` groups (`use crate::a::{b, c::d}`) spelled out.
fn paths_named(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_word = i == 0 || !is_ident_char(chars[i - 1]);
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        if at_word
            && ["crate::", "super::", "self::"]
                .iter()
                .any(|p| rest.starts_with(p))
        {
            let end = tree_end(&chars, i);
            let tree: String = chars[i..end].iter().collect();
            expand(&tree, Vec::new(), &mut paths);
            i = end;
        } else {
            i += 1;
        }
    }
    paths
}

/// Where the path or use tree starting at `start` ends.
fn tree_end(chars: &[char], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            c if depth == 0 && !(is_ident_char(c) || c == ':') => break,
            _ => {}
        }
        i += 1;
    }
    i
}

/// `a::{b, c::{d, e}}` under `prefix` as its whole paths.
fn expand(tree: &str, prefix: Vec<String>, paths: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    let (head, group) = match tree.find('{') {
        Some(open) => (
            &tree[..open],
            Some(&tree[open + 1..tree.rfind('}').unwrap_or(tree.len())]),
        ),
        None => (tree, None),
    };
    let mut path = prefix;
    path.extend(
        head.split("::")
            .map(|segment| segment.split_whitespace().next().unwrap_or_default())
            .filter(|segment| !segment.is_empty() && *segment != "*")
            .map(str::to_owned),
    );
    let Some(group) = group else {
        paths.push(path);
        return;
    };
    let mut depth = 0;
    let mut item = String::new();
    for c in group.chars().chain([',']) {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                if !item.trim().is_empty() {
                    expand(&item, path.clone(), paths);
                }
                item.clear();
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
}

/// The module `path`, named from `me`, resolves to: the deepest module of
/// the crate it reaches.
fn resolve(me: &ModulePath, path: &[String], modules: &BTreeSet<ModulePath>) -> Option<ModulePath> {
    let mut at = me.clone();
    let mut segments = path.iter().peekable();
    match segments.next().map(String::as_str) {
        Some("crate") => at.clear(),
        Some("self") => {}
        Some("super") => {
            at.pop();
            while segments.peek().is_some_and(|s| *s == "super") {
                segments.next();
                at.pop();
            }
        }
        _ => return None,
    }
    let mut found = at.clone();
    for segment in segments {
        if segment == "self" {
            continue;
        }
        at.push(segment.clone());
        if modules.contains(&at) {
            found = at.clone();
        } else {
            break;
        }
    }
    Some(found)
}

/// Which modules each module of the crate in `source` names.
fn imports(source: &Path) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
    let mut files = Vec::new();
    rust_files(source, &mut files);
    let modules: BTreeSet<ModulePath> = files.iter().map(|f| module_of(source, f)).collect();
    files
        .iter()
        .map(|file| {
            let me = module_of(source, file);
            let code = code_of(&fs::read_to_string(file).expect("a source file"));
            let named = paths_named(&code)
                .iter()
                .filter_map(|path| resolve(&me, path, &modules))
                .filter(|module| *module != me)
                .collect();
            (me, named)
        })
        .collect()
}

fn reaches(
    from: &ModulePath,
    to: &ModulePath,
    graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut next = vec![from.clone()];
    while let Some(module) = next.pop() {
        if module == *to {
            return true;
        }
        if seen.insert(module.clone()) {
            next.extend(graph.get(&module).into_iter().flatten().cloned());
        }
    }
    false
}

fn name(module: &ModulePath) -> String {
    match module.is_empty() {
        true => "crate".into(),
        false => module.join("::"),
    }
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = workspace_root();
    let mut loops = Vec::new();
    let mut edges = 0;
    for krate in CRATES {
        let graph = imports(&root.join(krate));
        for (module, named) in &graph {
            for other in named {
                edges += 1;
                if reaches(other, module, &graph) {
                    loops.push(format!("{krate}: {} -> {}", name(module), name(other)));
                }
            }
        }
    }
    assert!(edges > 300, "the imports were read: {edges}");
    assert!(
        loops.is_empty(),
        "imports that come back round:\n{}",
        loops.join("\n")
    );
}

#[test]
fn the_reader_finds_an_import_loop_where_there_is_one() {
    let modules: BTreeSet<ModulePath> = [vec![], vec!["a".into()], vec!["a".into(), "b".into()]]
        .into_iter()
        .collect();
    let me = vec!["a".to_owned(), "b".to_owned()];
    let named: Vec<_> =
        paths_named("use super::{Thing, b::{self, Other}};\nlet x = crate::a::b::f();")
            .iter()
            .filter_map(|path| resolve(&me, path, &modules))
            .collect();
    assert_eq!(
        named,
        vec![vec!["a".to_owned()], me.clone(), me.clone(), me.clone()]
    );
    let graph: BTreeMap<ModulePath, BTreeSet<ModulePath>> = [
        (vec!["a".to_owned()], [me.clone()].into_iter().collect()),
        (me.clone(), [vec!["a".to_owned()]].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    assert!(reaches(&vec!["a".to_owned()], &me, &graph));
    assert!(reaches(&me, &vec!["a".to_owned()], &graph));
}

#[test]
fn no_source_file_is_longer_than_a_reader_takes_in() {
    let root = workspace_root();
    let mut files = Vec::new();
    for krate in ["shared", "worker", "frontend", "tests"] {
        rust_files(&root.join(krate), &mut files);
    }
    let mut long: Vec<String> = files
        .iter()
        .filter(|file| !file.components().any(|part| part.as_os_str() == "target"))
        .filter_map(|file| {
            let lines = fs::read_to_string(file).ok()?.lines().count();
            let relative = file
                .strip_prefix(&root)
                .ok()?
                .to_string_lossy()
                .into_owned();
            let explained = LONG_FILES.iter().any(|(path, _)| *path == relative);
            (lines > MOST_LINES && !explained).then(|| format!("{relative}: {lines} lines"))
        })
        .collect();
    long.sort();
    assert!(files.len() > 100, "the sources were read: {}", files.len());
    assert!(
        long.is_empty(),
        "files past {MOST_LINES} lines:\n{}",
        long.join("\n")
    );
}

/// Where a path another file names starts: the workspace's top folders.
const TOP_FOLDERS: &[&str] = &[
    "shared/",
    "worker/",
    "frontend/",
    "tests/",
    "docs/",
    "scripts/",
    "bench/",
];

/// What kinds of file a named path must still point at (built files such
/// as `worker/build/index.js` are left out: a clean checkout has none).
const NAMED_KINDS: &[&str] = &[".rs", ".md", ".toml", ".sql"];

/// The workspace paths `text` names, such as `worker/src/config.rs`.
fn paths_mentioned(text: &str) -> Vec<String> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    let mut found = Vec::new();
    for (at, _) in text.char_indices() {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| is_path_char(c) || c == ':') {
            continue;
        }
        let rest = &text[at..];
        if !TOP_FOLDERS.iter().any(|top| rest.starts_with(top)) {
            continue;
        }
        let path: String = rest.chars().take_while(|&c| is_path_char(c)).collect();
        let path = path.trim_end_matches('.');
        if NAMED_KINDS.iter().any(|kind| path.ends_with(kind)) {
            found.push(path.to_owned());
        }
    }
    found
}

#[test]
fn every_file_the_code_and_docs_name_exists() {
    let root = workspace_root();
    let mut files = Vec::new();
    for krate in CRATES {
        rust_files(&root.join(krate), &mut files);
    }
    for folder in ["docs", "worker/migrations", "scripts", "bench"] {
        for entry in fs::read_dir(root.join(folder))
            .into_iter()
            .flatten()
            .flatten()
        {
            if entry.path().is_file() {
                files.push(entry.path());
            }
        }
    }
    files.extend(
        [
            "README.md",
            "Makefile",
            "worker/wrangler.toml",
            "Cargo.toml",
        ]
        .map(|file| root.join(file)),
    );
    let mut named = 0;
    let mut missing = BTreeSet::new();
    for file in &files {
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        for path in paths_mentioned(&text) {
            named += 1;
            if !root.join(&path).exists() {
                let from = file.strip_prefix(&root).unwrap_or(file).display();
                missing.insert(format!("{from} names {path}"));
            }
        }
    }
    assert!(named > 50, "the named paths were read: {named}");
    assert!(
        missing.is_empty(),
        "paths that no longer exist:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_reader_finds_the_paths_a_text_names() {
    let text = "see worker/src/config.rs, (docs/security.md). not my-worker/src/x.rs \
                nor https://x/worker/a.rs nor worker/build/index.js";
    assert_eq!(
        paths_mentioned(text),
        vec!["worker/src/config.rs", "docs/security.md"]
    );
}
