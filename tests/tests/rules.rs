//! Every rule id the repository cites (`R7` in a comment, a test name or a
//! doc) is defined in `docs/rules.md`, under its anchor `<a id="r7"></a>`,
//! so a reader of the code can always look a rule up. Plain files only: no
//! runtime, no network.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Where rule ids are cited, relative to the workspace root.
const ROOTS: &[&str] = &[
    "shared",
    "worker",
    "frontend",
    "tests",
    "scripts",
    "bench",
    "docs",
    "README.md",
    "Makefile",
    "Cargo.toml",
];

/// Build output and installed tools: generated, not written by anyone.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules", "dist", "build"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the workspace")
        .to_path_buf()
}

fn collect_files(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    let Ok(entries) = fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            // Hidden folders are local state and tool caches (.state, .venv-fuzz).
            if name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref()) {
                continue;
            }
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The rule numbers cited in `text`: `R` and one or two digits standing as a
/// word of their own (as the regex `\bR\d{1,2}\b` finds them), 1 to 99.
fn cited_rules(text: &str) -> Vec<u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != 'R' || (i > 0 && is_word_char(chars[i - 1])) {
            continue;
        }
        let digits: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let end = i + 1 + digits.len();
        if !(1..=2).contains(&digits.len()) || chars.get(end).is_some_and(|&c| is_word_char(c)) {
            continue;
        }
        let number: u32 = digits.parse().expect("one or two ASCII digits");
        if (1..=99).contains(&number) {
            found.push(number);
        }
    }
    found
}

#[test]
fn the_scan_finds_rule_ids_as_words_only() {
    assert_eq!(cited_rules("R7, (R16) and R1–R15."), [7, 16, 1, 15]);
    assert_eq!(
        cited_rules("R0 R100 xR5 R5x R_5 R12a _R3 r4"),
        Vec::<u32>::new()
    );
    assert_eq!(cited_rules("rule_r6 R6_ but é R9"), [9]);
}

#[test]
fn every_cited_rule_id_is_defined_in_docs_rules_md() {
    let root = workspace_root();
    let rules = fs::read_to_string(root.join("docs/rules.md")).expect("docs/rules.md exists");

    let mut files = Vec::new();
    for entry in ROOTS {
        collect_files(&root.join(entry), &mut files);
    }
    files.sort();

    // Rule number -> the files citing it.
    let mut cited: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for file in &files {
        // Binary files (images, wasm) cite nothing.
        let Ok(text) = fs::read_to_string(file) else {
            continue;
        };
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        for number in cited_rules(&text) {
            let citing = cited.entry(number).or_default();
            if !citing.contains(&shown) {
                citing.push(shown.clone());
            }
        }
    }
    assert!(
        cited.len() >= 15,
        "the scan found only {} rule ids; are the folders still where ROOTS says?",
        cited.len()
    );

    let missing: Vec<String> = cited
        .iter()
        .filter(|(number, _)| !rules.contains(&format!("<a id=\"r{number}\"></a>")))
        .map(|(number, citing)| format!("R{number} (cited in {})", citing.join(", ")))
        .collect();
    assert!(
        missing.is_empty(),
        "rule ids cited but not defined in docs/rules.md (add `<a id=\"rN\"></a>` and a \
         `## RN: ...` section for each):\n  {}",
        missing.join("\n  ")
    );
}
