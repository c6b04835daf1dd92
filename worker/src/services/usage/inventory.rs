//! The token inventory (R13): every live token of the organization, for its
//! token admins; filters, all-or-nothing bulk revocation, CSV export.

use futures_util::{Stream, StreamExt, stream};
use tessera_shared::ErrorCode;
use tessera_shared::access::Actor;
use tessera_shared::expiry::format_date;
use tessera_shared::inventory::{
    BulkRevokeResult, InventoryFilter, InventoryPage, InventoryRow, csv_field,
};
use tessera_shared::query::PageQuery;
use time::Duration;
use worker::Env;

use crate::clock::{self, Moment};
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, TokenAdministrator};
use crate::services::tokens::view;
use crate::store::inventory::{self as store_inventory, InventoryQuery};
use crate::store::tokens::TokenRecord;

pub async fn page(
    bindings: &Bindings,
    admin: &TokenAdministrator,
    filter: InventoryFilter,
    paging: PageQuery,
    now: i64,
) -> AppResult<InventoryPage> {
    let actor = &admin.actor();
    let (page, page_size) = paging.bounds();
    let (today, until) = dates(filter, now);
    let query = query(actor, filter, &today, &until);
    let (records, total) =
        store_inventory::inventory_page(&bindings.db, &query, page_size, paging.offset()).await?;
    let ids: Vec<i64> = records.iter().map(|record| record.id).collect();
    let mut spark_lines = crate::services::usage::spark_lines(bindings, &ids, now).await?;
    let rows = records
        .into_iter()
        .map(|record| {
            let requests_by_day = spark_lines.remove(&record.id).unwrap_or_default();
            row(record, now, requests_by_day)
        })
        .collect();
    Ok(InventoryPage {
        rows,
        page,
        page_size,
        total,
    })
}

/// Tokens read per step of the CSV export.
const CSV_PAGE: i64 = 1_000;

/// Every token the filter matches, as CSV with a header line, produced a
/// page at a time as the response body is sent: the worker never holds more
/// than one page, whatever the organization's size. `env` gives each step
/// its own D1 binding (the stream outlives the handler).
pub fn csv(
    env: Env,
    admin: &TokenAdministrator,
    filter: InventoryFilter,
    now: i64,
) -> AppResult<impl Stream<Item = Result<Vec<u8>, worker::Error>> + 'static> {
    let actor = &admin.actor();
    let organization_id = actor.organization_id;
    let header =
        b"token_id,owner,owner_email,owner_kind,name,scope,reports,expiry_on,status,last_used_at,created_at\r\n"
            .to_vec();
    let pages = stream::try_unfold(Some(0_i64), move |after| {
        let env = env.clone();
        async move {
            let Some(after) = after else {
                return Ok(None);
            };
            let (today, until) = dates(filter, now);
            let actor_query = query_for(organization_id, filter, &today, &until);
            let records = store_inventory::inventory_after(
                &crate::services::database(&env)?,
                &actor_query,
                after,
                CSV_PAGE,
            )
            .await
            .map_err(|error| worker::Error::RustError(error.to_string()))?;
            let last = records.last().map(|record| record.id);
            let full = records.len() as i64 == CSV_PAGE;
            let mut chunk = String::new();
            for record in records {
                csv_line(&mut chunk, row(record, now, Vec::new()));
            }
            Ok(last.map(|last| (chunk.into_bytes(), full.then_some(last))))
        }
    });
    Ok(stream::once(async move { Ok(header) }).chain(pages))
}

fn csv_line(csv: &mut String, line: InventoryRow) {
    let scope: Vec<_> = line.token.scope.iter().map(|s| s.label()).collect();
    let status = line.token.status_text();
    let fields = [
        line.token.id.to_string(),
        line.owner_name,
        line.owner_email,
        line.owner_kind.as_str().to_owned(),
        line.token.name,
        scope.join("; "),
        // R29: empty when the token reads every report.
        line.token.report_patterns.join("; "),
        line.token.expiry_on.unwrap_or_else(|| "Never".into()),
        status,
        line.token.last_used_at.unwrap_or_default(),
        line.token.created_at,
    ];
    csv.push_str(
        &fields
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(","),
    );
    csv.push_str("\r\n");
}

/// Revokes every one of `token_ids`, or none.
pub async fn revoke(
    bindings: &Bindings,
    admin: &TokenAdministrator,
    mut token_ids: Vec<i64>,
    at: Moment,
) -> AppResult<BulkRevokeResult> {
    let actor = &admin.actor();
    let (now, now_ms) = (at.seconds(), at.ms());
    token_ids.sort_unstable();
    token_ids.dedup();
    if token_ids.is_empty()
        || token_ids.len() > tessera_shared::inventory::BulkRevokeRequest::MAX_TOKENS
    {
        return Err(AppError::refused(
            ErrorCode::ValidationFailed,
            format!(
                "Select between 1 and {} tokens to revoke.",
                tessera_shared::inventory::BulkRevokeRequest::MAX_TOKENS
            ),
        ));
    }
    if store_inventory::revoke_all(
        &bindings.db,
        actor.organization_id,
        &token_ids,
        actor.login_id,
        now,
        now_ms,
    )
    .await?
    {
        Ok(BulkRevokeResult {
            revoked: token_ids.len() as i64,
        })
    } else {
        Err(AppError::refused(
            ErrorCode::BulkRevokeIncomplete,
            "No token was revoked: at least one of the selected tokens is already revoked or no longer exists. \
             Reload the inventory and try again.",
        ))
    }
}

fn dates(filter: InventoryFilter, now: i64) -> (String, String) {
    let today = clock::date_of(now);
    let days = match filter {
        InventoryFilter::ExpiringWithin(days) => days,
        _ => 0,
    };
    (
        format_date(today),
        format_date(today + Duration::days(days)),
    )
}

fn query<'a>(
    actor: &Actor,
    filter: InventoryFilter,
    today: &'a str,
    until: &'a str,
) -> InventoryQuery<'a> {
    query_for(actor.organization_id, filter, today, until)
}

fn query_for<'a>(
    organization_id: i64,
    filter: InventoryFilter,
    today: &'a str,
    until: &'a str,
) -> InventoryQuery<'a> {
    InventoryQuery {
        organization_id,
        filter: match filter {
            InventoryFilter::All => None,
            InventoryFilter::Expired => Some("expired"),
            InventoryFilter::ExpiringWithin(_) => Some("expiring"),
            InventoryFilter::NeverUsed => Some("never_used"),
        },
        today,
        expiring_until: until,
    }
}

fn row(record: TokenRecord, now: i64, requests_by_day: Vec<u32>) -> InventoryRow {
    let token = view(&record, now);
    InventoryRow {
        token,
        owner_name: record.owner_name,
        owner_email: record.owner_email,
        owner_kind: record.owner_kind,
        requests_by_day,
    }
}
