//! Migrations that change what existing rows mean, checked on rows written
//! before them (plain SQLite, as D1 runs the same SQL).

use std::path::PathBuf;

/// The migration files in the order D1 applies them.
pub(crate) fn migrations() -> Vec<PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../worker/migrations");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn apply(db: &rusqlite::Connection, files: &[PathBuf]) {
    for file in files {
        db.execute_batch(&std::fs::read_to_string(file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

#[test]
fn names_that_clash_without_case_are_kept_and_renamed_r16() {
    let files = migrations();
    let at = files
        .iter()
        .position(|f| {
            f.to_string_lossy()
                .contains("0008_token_names_compared_without_case")
        })
        .expect("the migration");
    let db = rusqlite::Connection::open_in_memory().unwrap();
    apply(&db, &files[..at]);
    db.execute_batch(
        "INSERT INTO organizations (id, name, created_at) VALUES (1, 'Org', 0);
         INSERT INTO logins (id, organization_id, display_name, email, password_hash, created_at)
             VALUES (1, 1, 'Ann', 'ann@example.org', 'x', 0), (2, 1, 'Ben', 'ben@example.org', 'x', 0);
         INSERT INTO tokens (id, organization_id, owner_login_id, name, scope_meta, scope_report, secret_hash,
             created_at, created_by, updated_at, updated_by, revoked_at) VALUES
             (1, 1, 1, 'Nightly', 1, 0, 'hash-1', 0, 1, 0, 1, NULL),
             (2, 1, 1, 'nightly', 1, 0, 'hash-2', 0, 1, 0, 1, NULL),
             (3, 1, 1, 'NIGHTLY', 1, 0, NULL, 0, 1, 0, 1, NULL),
             (4, 1, 1, 'nightly', 1, 0, NULL, 0, 1, 0, 1, 5),
             (5, 1, 2, 'nightly', 1, 0, NULL, 0, 2, 0, 2, NULL);",
    )
    .unwrap();
    apply(&db, &files[at..]);

    let tokens: Vec<(i64, String, Option<String>)> = db
        .prepare("SELECT id, name, secret_hash FROM tokens ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        tokens,
        [
            (1, "Nightly".into(), Some("hash-1".into())),
            (2, "nightly (2)".into(), Some("hash-2".into())),
            (3, "NIGHTLY (3)".into(), None),
            (4, "nightly".into(), None),
            (5, "nightly".into(), None),
        ],
        "the oldest keeps its name, later live ones are renamed with their string kept; \
         revoked tokens and other owners' are untouched"
    );
    let renamed: Vec<(i64, String)> = db
        .prepare(
            "SELECT token_id, token_name FROM token_logs WHERE activity = 'UPDATE' \
             AND detail LIKE 'renamed from%' ORDER BY token_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        renamed,
        [(2, "nightly (2)".into()), (3, "NIGHTLY (3)".into())]
    );
    let clash = db.execute(
        "INSERT INTO tokens (organization_id, owner_login_id, name, name_key, scope_meta, scope_report, \
         created_at, created_by, updated_at, updated_by) VALUES (1, 1, 'NightLY', 'nightly', 1, 0, 0, 1, 0, 1)",
        [],
    );
    assert!(clash.is_err(), "the unique index now holds without case");
}
