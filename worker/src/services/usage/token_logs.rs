//! Token Logs (R12): a login reads the log of its own tokens; a token admin
//! may read any login's of the organization, or the whole organization's.

use futures_util::{Stream, StreamExt, stream};
use tessera_shared::ErrorCode;
use tessera_shared::inventory::csv_field;
use tessera_shared::query::{LogOwner, TokenLogQuery};
use tessera_shared::tokens::{Activity, AuthResult, TokenLogEntry, TokenLogPage};
use worker::Env;

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::store::token_logs::{self, LogFilter, LogRecord};
use tessera_shared::access::Actor;

pub async fn read(
    bindings: &Bindings,
    actor: &Actor,
    query: TokenLogQuery,
) -> AppResult<TokenLogPage> {
    let owner_login_id = whose(actor, query.owner)?;
    let (page, page_size) = query.paging().bounds();
    let filter = LogFilter {
        organization_id: actor.organization_id,
        owner_login_id,
        token_name: query.token.as_deref(),
        activity: query.activity.map(Activity::code),
        result: query.result.map(AuthResult::code),
        token_id: query.token_id,
        address: query.address.as_deref(),
    };
    let (records, total) =
        token_logs::page(&bindings.db, &filter, page_size, query.paging().offset()).await?;
    Ok(TokenLogPage {
        entries: records.into_iter().filter_map(entry).collect(),
        page,
        page_size,
        total,
    })
}

/// The owner whose entries `actor` may read (`None`: the whole
/// organization); no owner named: the actor's own.
fn whose(actor: &Actor, owner: Option<LogOwner>) -> AppResult<Option<i64>> {
    let is_admin = actor.is_token_admin();
    match owner {
        None => Ok(Some(actor.login_id)),
        Some(LogOwner::Login(id)) if id == actor.login_id || is_admin => Ok(Some(id)),
        Some(LogOwner::Everyone) if is_admin => Ok(None),
        Some(LogOwner::Login(_) | LogOwner::Everyone) => Err(AppError::refused(
            ErrorCode::Forbidden,
            "Only a login with the API Token Admin Role can read other logins' Token Logs.",
        )),
    }
}

/// Entries read per step of the CSV export.
const CSV_PAGE: i64 = 1_000;

/// Every entry the filters match (the page's filters, without paging), as
/// CSV with a header line, newest first, produced a page at a time as the
/// response body is sent: the worker never holds more than one page.
pub fn csv(
    env: Env,
    actor: &Actor,
    query: TokenLogQuery,
) -> AppResult<impl Stream<Item = Result<Vec<u8>, worker::Error>> + 'static> {
    let owner_login_id = whose(actor, query.owner)?;
    let organization_id = actor.organization_id;
    let token_name = query.token;
    let (activity, result, token_id) = (query.activity, query.result, query.token_id);
    let address = query.address;
    let header = b"activity_on,token,activity,activity_by,owner,result,detail,client_address,client_country,user_agent,endpoint\r\n".to_vec();
    let pages = stream::try_unfold(Some(None), move |cursor: Option<Option<(i64, i64)>>| {
        let env = env.clone();
        let token_name = token_name.clone();
        let address = address.clone();
        async move {
            let Some(before) = cursor else {
                return Ok(None);
            };
            let filter = LogFilter {
                organization_id,
                owner_login_id,
                token_name: token_name.as_deref(),
                activity: activity.map(Activity::code),
                result: result.map(AuthResult::code),
                token_id,
                address: address.as_deref(),
            };
            let records = token_logs::entries_before(
                &crate::services::database(&env)?,
                &filter,
                before,
                CSV_PAGE,
            )
            .await
            .map_err(|error| worker::Error::RustError(error.to_string()))?;
            let full = records.len() as i64 == CSV_PAGE;
            let last = records
                .last()
                .map(|record| (record.activity_at_ms.unwrap_or_default(), record.id));
            let mut chunk = String::new();
            for entry in records.into_iter().filter_map(entry) {
                let fields = [
                    entry.activity_on,
                    entry.token_name,
                    entry.activity.code().to_owned(),
                    entry.activity_by,
                    entry.owner.unwrap_or_default(),
                    entry
                        .result
                        .map(|r| r.code().to_owned())
                        .unwrap_or_default(),
                    entry.detail.unwrap_or_default(),
                    entry.client_address.unwrap_or_default(),
                    entry.client_country.unwrap_or_default(),
                    entry.user_agent.unwrap_or_default(),
                    entry.endpoint.unwrap_or_default(),
                ];
                let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
                chunk.push_str(&line.join(","));
                chunk.push_str("\r\n");
            }
            Ok(last.map(|last| (chunk.into_bytes(), full.then_some(Some(last)))))
        }
    });
    Ok(stream::once(async move { Ok(header) }).chain(pages))
}

fn entry(record: LogRecord) -> Option<TokenLogEntry> {
    let activity = Activity::parse(&record.activity)?;
    Some(TokenLogEntry {
        id: record.id,
        token_id: record.token_id,
        token_name: record.token_name,
        owner: record.owner_name,
        activity,
        activity_on: clock::rfc3339(record.activity_on),
        activity_by: match activity {
            Activity::Authenticate => "API client".into(),
            _ => record.actor_name.unwrap_or_default(),
        },
        result: record.result.as_deref().and_then(AuthResult::parse),
        detail: record.detail,
        client_address: record.client_address,
        client_country: record.client_country,
        user_agent: record.user_agent,
        endpoint: record.endpoint,
    })
}
