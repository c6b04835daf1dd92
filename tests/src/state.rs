//! Local D1/KV state for one test: a copy of a template holding the applied
//! migrations and the demo data, made once per test binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_path_buf()
}

/// The migrated, seeded state every test starts from.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let root = repository_root();
        // One template per test binary, rebuilt at each run so it always
        // reflects the current migrations and demo data.
        let binary = std::env::current_exe().expect("the test binary's path");
        let binary = binary.file_stem().expect("a file name").to_string_lossy();
        let template = root.join("target").join("test-state").join(binary.as_ref());
        let _ = std::fs::remove_dir_all(&template);
        let status = Command::new(root.join("scripts/local-state"))
            .arg(&template)
            .arg("--demo")
            .status()
            .expect("scripts/local-state runs");
        assert!(
            status.success(),
            "scripts/local-state failed for {}",
            template.display()
        );
        template
    })
}

/// A fresh copy of the template in `destination`.
pub fn fresh_copy(destination: &Path) {
    copy_tree(template(), destination).expect("copy the test state template");
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
