//! The token pattern the README gives scanners (`token_string::PATTERN`):
//! it finds every string Tessera makes, finds nothing in this repository's
//! own files, and is the one the README prints.

use std::path::Path;
use std::process::Command;

use regex::Regex;
use tessera_shared::TokenString;
use tessera_shared::token_string::{PATTERN, RANDOM_BYTES};

fn pattern() -> Regex {
    Regex::new(PATTERN).expect("the pattern compiles")
}

/// Varied bytes for many strings (a xorshift generator: the strings' shapes
/// matter here, not their secrecy).
fn many_strings(count: usize) -> Vec<TokenString> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            let mut random = [0u8; RANDOM_BYTES];
            for byte in &mut random {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *byte = state as u8;
            }
            TokenString::from_random(random)
        })
        .collect()
}

#[test]
fn the_pattern_finds_every_generated_string_whole_even_in_text() {
    let pattern = pattern();
    for token in many_strings(10_000) {
        let line = format!("export TOKEN=\"{}\" # ci", token.expose());
        let found: Vec<&str> = pattern.find_iter(&line).map(|m| m.as_str()).collect();
        assert_eq!(found, vec![token.expose()], "{line}");
        assert!(TokenString::parse(found[0]).is_ok(), "its checksum holds");
    }
}

#[test]
fn nothing_in_the_repository_looks_like_a_token_string() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let listed = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["ls-files", "-z"])
        .output()
        .expect("git lists the tracked files");
    assert!(listed.status.success());
    let pattern = pattern();
    let mut scanned = 0;
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let path = root.join(String::from_utf8_lossy(file).as_ref());
        let Ok(bytes) = std::fs::read(&path) else {
            continue; // listed but not in this checkout
        };
        let text = String::from_utf8_lossy(&bytes);
        let found: Vec<&str> = pattern.find_iter(&text).map(|m| m.as_str()).collect();
        assert!(found.is_empty(), "{}: {found:?}", path.display());
        scanned += 1;
    }
    assert!(scanned > 100, "only {scanned} files scanned");
}

#[test]
fn the_readme_prints_this_pattern() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("the README");
    assert!(readme.contains(PATTERN), "README must give {PATTERN}");
}
