//! Each test's own copy of the demo data inside a shared runtime.
//!
//! A runtime shared by many tests starts with the migrations and `COPIES`
//! copies of the demo organizations (docs/rules.md, demo data), and every test that needs no
//! process of its own takes the next copy. The copies are made from the demo
//! template (`state::demo_database`) straight into the runtime's D1 database
//! file before the runtime starts, as seeding does: every row
//! of every organization-owned table, with its ids and the ids it refers to
//! (the schema's own foreign keys) moved by one offset per copy, the
//! organizations' names suffixed and the logins' addresses given the copy's
//! own subdomain. Tests keep naming the demo logins by their demo
//! addresses and the harness signs in the copy's (`Demo::email`).

use std::path::Path;

use rusqlite::Connection;

/// Ids in the demo data stay below this, so copies never overlap.
const IDS_PER_COPY: i64 = 100_000;

/// Tables no organization owns: throttles, ended sessions, the log budget,
/// the migrations' own bookkeeping. A copy leaves them alone.
fn is_organization_owned(db: &Connection, table: &str) -> rusqlite::Result<bool> {
    if table == "organizations" {
        return Ok(true);
    }
    let mut columns = db.prepare(&format!("PRAGMA demo.table_info(\"{table}\")"))?;
    let names = columns
        .query_map([], |row| row.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.iter().any(|name| name == "organization_id"))
}

/// The demo data as one test sees it: the ids of its rows and the addresses
/// of its logins.
#[derive(Debug, Clone)]
pub struct Demo {
    /// Added to every id of the demo data; 0 for the demo data itself.
    offset: i64,
    /// The subdomain this copy's addresses carry (`alice@t3.demo.example`);
    /// `None` for the demo data itself.
    tag: Option<String>,
}

impl Demo {
    /// The demo data as loaded by `scripts/local-state --demo`.
    pub fn original() -> Self {
        Self {
            offset: 0,
            tag: None,
        }
    }

    /// This copy's id for a demo id (the demo data: login 3 is Alice,
    /// token 2 is Power BI refresh).
    pub fn id(&self, demo_id: i64) -> i64 {
        demo_id + self.offset
    }

    /// This copy's address for a demo address (`alice@demo.example`), and
    /// for any address a test makes up in the demo domains, so that no two
    /// tests' new logins collide.
    pub fn email(&self, email: &str) -> String {
        match (&self.tag, email.split_once('@')) {
            (Some(tag), Some((local, domain))) => format!("{local}@{tag}.{domain}"),
            _ => email.to_owned(),
        }
    }

    /// This copy's name for a demo organization's name (`Demo Org`).
    pub fn organization(&self, name: &str) -> String {
        match &self.tag {
            Some(tag) => format!("{name} {tag}"),
            None => name.to_owned(),
        }
    }

    /// Demo Org: the system administrator, sam, alice, bob and dave.
    pub fn demo_org(&self) -> i64 {
        self.id(1)
    }
    /// Other Org: olga alone.
    pub fn other_org(&self) -> i64 {
        self.id(2)
    }
    pub fn sys_admin(&self) -> i64 {
        self.id(1)
    }
    pub fn sam(&self) -> i64 {
        self.id(2)
    }
    pub fn alice(&self) -> i64 {
        self.id(3)
    }
    pub fn bob(&self) -> i64 {
        self.id(4)
    }
    pub fn dave(&self) -> i64 {
        self.id(5)
    }
    pub fn olga(&self) -> i64 {
        self.id(6)
    }
    /// Alice's Report Record token.
    pub fn nightly_export(&self) -> i64 {
        self.id(1)
    }
    /// Alice's token with both scopes, expiring 2027-06-30.
    pub fn power_bi_refresh(&self) -> i64 {
        self.id(2)
    }
    /// Other Org's token.
    pub fn other_org_integration(&self) -> i64 {
        self.id(3)
    }
}

/// How many copies a shared runtime holds: more than any test binary has
/// tests.
pub const COPIES: i64 = 200;

/// Copy `number` (from 1) of the demo data, as `seed_copies` wrote it.
pub fn copy_number(number: i64) -> Demo {
    assert!(
        (1..=COPIES).contains(&number),
        "the shared runtime holds {COPIES} copies of the demo data and this binary asked for copy {number}: raise tenant::COPIES"
    );
    Demo {
        offset: number * IDS_PER_COPY,
        tag: Some(format!("t{number}")),
    }
}

/// Writes `COPIES` copies of the demo organizations from `template` (a D1
/// database file holding the demo data) into `database`, in one
/// transaction, before the runtime that serves `database` starts: the
/// runtime's SQLite waits for no lock, so nothing else may write while it
/// runs.
pub fn seed_copies(database: &Path, template: &Path) {
    seed(database, template)
        .unwrap_or_else(|error| panic!("copying the demo data for the shared runtime: {error}"));
}

fn seed(database: &Path, template: &Path) -> rusqlite::Result<()> {
    let mut db = Connection::open(database)?;
    db.execute(
        "ATTACH DATABASE ?1 AS demo",
        [template.to_string_lossy().as_ref()],
    )?;
    let tables = tables_in_dependency_order(&db)?;
    let transaction = db.transaction()?;
    for number in 1..=COPIES {
        let demo = copy_number(number);
        let tag = demo.tag.as_deref().expect("a copy has a tag");
        for table in &tables {
            if is_organization_owned(&transaction, table)? {
                copy_table(&transaction, table, demo.offset, tag)?;
            }
        }
    }
    transaction.commit()
}

/// Every table of the template, each after the tables its rows refer to.
fn tables_in_dependency_order(db: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = db.prepare(
        "SELECT name FROM demo.sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
    )?;
    let mut pending = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut ordered: Vec<String> = Vec::new();
    while !pending.is_empty() {
        let before = pending.len();
        let mut waiting = Vec::new();
        for table in pending {
            let referenced = references(db, &table)?;
            if referenced
                .iter()
                .all(|(_, parent)| *parent == table || ordered.contains(parent))
            {
                ordered.push(table);
            } else {
                waiting.push(table);
            }
        }
        assert!(
            waiting.len() < before,
            "the schema's foreign keys form a cycle"
        );
        pending = waiting;
    }
    Ok(ordered)
}

/// `(column, referenced table)` for each foreign key of `table`.
fn references(db: &Connection, table: &str) -> rusqlite::Result<Vec<(String, String)>> {
    let mut statement = db.prepare(&format!("PRAGMA demo.foreign_key_list(\"{table}\")"))?;
    statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(3)?, row.get::<_, String>(2)?))
        })?
        .collect()
}

fn copy_table(db: &Connection, table: &str, offset: i64, tag: &str) -> rusqlite::Result<()> {
    let mut statement = db.prepare(&format!("PRAGMA demo.table_info(\"{table}\")"))?;
    let columns = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(1)?, row.get::<_, i64>(5)? > 0))
        })?
        .collect::<rusqlite::Result<Vec<(String, bool)>>>()?;
    let moved: Vec<String> = references(db, table)?
        .into_iter()
        .map(|(column, _)| column)
        .collect();
    let values: Vec<String> = columns
        .iter()
        .map(|(column, primary_key)| {
            let quoted = format!("\"{column}\"");
            if (*primary_key && column == "id") || moved.contains(column) {
                format!("{quoted} + {offset}")
            } else if table == "organizations" && column == "name" {
                format!("{quoted} || ' {tag}'")
            } else if table == "logins" && column == "email" {
                format!("replace({quoted}, '@', '@{tag}.')")
            } else {
                quoted
            }
        })
        .collect();
    let names: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    db.execute(
        &format!(
            "INSERT INTO main.\"{table}\" ({}) SELECT {} FROM demo.\"{table}\"",
            names.join(", "),
            values.join(", ")
        ),
        [],
    )?;
    Ok(())
}
