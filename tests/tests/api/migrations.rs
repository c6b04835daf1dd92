//! Migrations that change what existing rows mean, checked on rows written
//! before them (plain SQLite, as D1 runs the same SQL; the rows and reads
//! are `fixtures::schema`'s).

use tessera_tests::fixtures::schema;

#[test]
fn names_that_clash_without_case_are_kept_and_renamed_r16() {
    let (db, rest) = schema::before_migration("0008_token_names_compared_without_case");
    schema::names_clashing_without_case(&db);
    schema::apply(&db, &rest);

    let tokens = schema::tokens(&db);
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
    let renamed = schema::renames(&db);
    assert_eq!(
        renamed,
        [(2, "nightly (2)".into()), (3, "NIGHTLY (3)".into())]
    );
    let clash = schema::insert_named(&db, "NightLY");
    assert!(clash.is_err(), "the unique index now holds without case");
}
