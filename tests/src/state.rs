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
        // One template per test binary, rebuilt at each run so it always
        // reflects the current migrations and demo data.
        let template = per_binary_folder("test-state", "");
        local_state(&template, true);
        template
    })
}

/// The D1 database file of the demo template: what each test's copy of the
/// demo data is copied from (`tenant`).
pub fn demo_database() -> PathBuf {
    d1_file(template())
}

/// A folder under `target/<kind>/` named after the running test binary (and
/// `suffix`), emptied.
pub fn per_binary_folder(kind: &str, suffix: &str) -> PathBuf {
    let binary = std::env::current_exe().expect("the test binary's path");
    let binary = binary.file_stem().expect("a file name").to_string_lossy();
    let folder = repository_root()
        .join("target")
        .join(kind)
        .join(format!("{binary}{suffix}"));
    let _ = std::fs::remove_dir_all(&folder);
    folder
}

/// `scripts/local-state`: the migrations applied in `folder`, and the demo
/// data loaded if `demo`.
pub fn local_state(folder: &Path, demo: bool) {
    let mut command = Command::new(repository_root().join("scripts/local-state"));
    command.arg(folder);
    if demo {
        command.arg("--demo");
    }
    let status = command.status().expect("scripts/local-state runs");
    assert!(
        status.success(),
        "scripts/local-state failed for {}",
        folder.display()
    );
}

/// The local D1 database file inside a `--persist-to` folder: the one
/// `.sqlite` file beside miniflare's `metadata.sqlite`.
pub fn d1_file(persist: &Path) -> PathBuf {
    std::fs::read_dir(persist.join("v3/d1/miniflare-D1DatabaseObject"))
        .expect("the local D1 folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.extension().is_some_and(|ext| ext == "sqlite")
                && path.file_stem().is_some_and(|stem| stem != "metadata")
        })
        .expect("the local D1 database file")
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
