use super::*;

fn read<Q: serde::de::DeserializeOwned>(query: &str) -> Result<Q, QueryError> {
    super::read(query)
}

#[test]
fn an_empty_text_counts_as_absent_an_empty_number_is_refused() {
    let query: TokenListQuery = read("search=").unwrap();
    assert_eq!(query, TokenListQuery::default());
    assert_eq!(query.paging().bounds(), (1, DEFAULT_PAGE_SIZE));
    assert!(read::<TokenListQuery>("page=").is_err());
    assert!(read::<InventoryExportQuery>("filter=all&days=").is_err());
}

#[test]
fn every_bound_is_checked_as_the_value_is_read() {
    for refused in [
        "page=0",
        "page=1000001",
        "page=x",
        "page_size=0",
        "page_size=201",
        "page_size=-17592186044417",
    ] {
        assert!(read::<TokenListQuery>(refused).is_err(), "{refused}");
    }
    for refused in [
        "days=-1",
        "days=3661",
        "days=-9223372036854775808",
        "filter=soon",
    ] {
        assert!(read::<InventoryExportQuery>(refused).is_err(), "{refused}");
    }
    let within: InventoryQuery =
        read("filter=expiring&days=3660&page=1000000&page_size=200").unwrap();
    assert_eq!(within.days, Some(MAX_EXPIRING_DAYS));
    assert_eq!(within.filter, Some(InventoryKind::Expiring));
}

#[test]
fn a_query_written_by_one_side_is_read_back_the_same_by_the_other() {
    let written = TokenLogQuery {
        owner: Some(LogOwner::Everyone),
        token: Some("Power BI & co".into()),
        address: None,
        token_id: Some(12),
        activity: Some(Activity::Authenticate),
        result: Some(AuthResult::Ok),
        page: Some(3),
        page_size: Some(20),
    };
    let text = write(&written);
    assert_eq!(
        text,
        "owner=all&token=Power+BI+%26+co&token_id=12&activity=AUTHENTICATE&result=OK&page=3&page_size=20"
    );
    assert_eq!(read::<TokenLogQuery>(&text).unwrap(), written);
    let mine = TokenLogQuery {
        owner: Some(LogOwner::Login(7)),
        ..TokenLogQuery::default()
    };
    assert_eq!(write(&mine), "owner=7");
}

#[test]
fn a_refusal_names_the_parameter_and_what_it_must_be() {
    let error = read::<TokenListQuery>("search=x&page_size=500").unwrap_err();
    assert_eq!(
        error.to_string(),
        "page_size must be a whole number from 1 to 200."
    );
    let error = read::<TokenLogQuery>("activity=LOGIN").unwrap_err();
    assert_eq!(
        error.to_string(),
        "activity must be CREATE, GENERATE, ROTATE, UPDATE, REVOKE or AUTHENTICATE."
    );
}

#[test]
fn the_owner_is_all_or_a_login_id() {
    for refused in [
        "owner=0",
        "owner=me",
        "owner=",
        "owner=01",
        "owner=+5",
        "owner=1234567890123456789",
    ] {
        assert!(read::<TokenLogQuery>(refused).is_err(), "{refused}");
    }
    assert!(
        read::<TokenLogQuery>("activity=").is_err(),
        "a choice is never empty"
    );
    assert_eq!(
        read::<TokenLogQuery>("owner=12").unwrap().owner,
        Some(LogOwner::Login(12))
    );
}
