//! The token inventory (R13): every live token of the organization, for its
//! token admins; filters, all-or-nothing bulk revocation, CSV export.

use tessera_shared::ErrorCode;
use tessera_shared::access::Actor;
use tessera_shared::expiry::format_date;
use tessera_shared::inventory::{
    BulkRevokeResult, InventoryFilter, InventoryPage, InventoryRow, csv_field,
};
use time::Duration;

use super::Bindings;
use super::records::page_bounds;
use super::tokens::view;
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::store::tokens::{self, InventoryQuery, TokenRecord};

pub async fn page(
    bindings: &Bindings,
    actor: &Actor,
    filter: InventoryFilter,
    page: Option<i64>,
    page_size: Option<i64>,
    now: i64,
) -> AppResult<InventoryPage> {
    require_token_admin(actor)?;
    let (page, page_size) = page_bounds(page, page_size)?;
    let (today, until) = dates(filter, now);
    let query = query(actor, filter, &today, &until);
    let (records, total) =
        tokens::inventory_page(&bindings.db, &query, page_size, (page - 1) * page_size).await?;
    let rows = records.into_iter().map(|record| row(record, now)).collect();
    Ok(InventoryPage {
        rows,
        page,
        page_size,
        total,
    })
}

/// Every token the filter matches, as CSV with a header line.
pub async fn csv(
    bindings: &Bindings,
    actor: &Actor,
    filter: InventoryFilter,
    now: i64,
) -> AppResult<String> {
    require_token_admin(actor)?;
    let (today, until) = dates(filter, now);
    let records =
        tokens::inventory_all(&bindings.db, &query(actor, filter, &today, &until)).await?;
    let mut csv = String::from(
        "token_id,owner,owner_email,name,scope,expiry_on,status,last_used_at,created_at\r\n",
    );
    for record in records {
        let line = row(record, now);
        let scope: Vec<_> = line.token.scope.iter().map(|s| s.label()).collect();
        let fields = [
            line.token.id.to_string(),
            line.owner_name,
            line.owner_email,
            line.token.name,
            scope.join("; "),
            line.token.expiry_on.unwrap_or_else(|| "Never".into()),
            line.token.status.label().to_owned(),
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
    Ok(csv)
}

/// Revokes every one of `token_ids`, or none.
pub async fn revoke(
    bindings: &Bindings,
    actor: &Actor,
    mut token_ids: Vec<i64>,
    now: i64,
) -> AppResult<BulkRevokeResult> {
    require_token_admin(actor)?;
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
    if tokens::revoke_all(
        &bindings.db,
        actor.organization_id,
        &token_ids,
        actor.login_id,
        now,
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

fn require_token_admin(actor: &Actor) -> AppResult<()> {
    if actor.system_admin && actor.token_admin_role {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Only a login with the API Token Admin Role can see the token inventory.",
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
    InventoryQuery {
        organization_id: actor.organization_id,
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

fn row(record: TokenRecord, now: i64) -> InventoryRow {
    let token = view(&record, clock::date_of(now));
    InventoryRow {
        token,
        owner_name: record.owner_name,
        owner_email: record.owner_email,
    }
}
