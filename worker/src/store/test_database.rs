//! The stores' SQL run natively, for unit tests: D1 is SQLite, so a
//! SQLite database in memory with the migrations and the demo data
//! (worker/seed/demo.sql, docs/rules.md#demo-data) answers the same
//! statements the worker sends D1.

use std::fs;
use std::path::Path;

use rusqlite::Connection;

/// A database in memory with every migration applied, in order, and the demo data.
pub fn with_demo_data() -> Connection {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut migrations: Vec<_> = fs::read_dir(root.join("migrations"))
        .expect("the migrations folder")
        .map(|entry| entry.expect("a migration").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    migrations.sort();
    let db = Connection::open_in_memory().expect("SQLite in memory");
    for path in migrations.iter().chain([&root.join("seed/demo.sql")]) {
        let sql = fs::read_to_string(path).expect("a readable SQL file");
        db.execute_batch(&sql)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
    db
}
