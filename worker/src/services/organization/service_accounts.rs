//! Service accounts (R28): token admins add logins that no person owns.
//! They have no password and never sign in; their tokens are managed from
//! their row like any login's, and warnings about them go to the token
//! admins and the people the account lists as contacts.

use tessera_shared::service_accounts::{
    CreateServiceAccountRequest, parse_contacts, parse_description, parse_name,
};
use tessera_shared::{ApiError, ErrorCode};

use super::logins::role_change;
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, TokenAdministrator};
use crate::store::audit_stream::Changed;
use crate::store::service_accounts::{self, Edited, NewServiceAccount};

/// The form's fields, checked: a contact must be an enabled person of the organization.
struct Checked {
    display_name: String,
    description: String,
    contacts: Vec<i64>,
}

async fn check(
    bindings: &Bindings,
    organization_id: i64,
    request: &CreateServiceAccountRequest,
) -> AppResult<Checked> {
    let display_name = parse_name(&request.display_name)?;
    let description = parse_description(&request.description)?;
    let contacts = parse_contacts(&request.contact_login_ids)?;
    let eligible =
        service_accounts::eligible_contacts(&bindings.db, organization_id, &contacts).await?;
    if contacts.iter().any(|id| !eligible.contains(id)) {
        return Err(AppError::Refused(
            ApiError::new(
                ErrorCode::ValidationFailed,
                "A contact must be an enabled person's login of your organization.",
            )
            .on_field("contact_login_ids"),
        ));
    }
    Ok(Checked {
        display_name,
        description,
        contacts,
    })
}

/// Adds a service account to the admin's organization; its id.
pub async fn create(
    bindings: &Bindings,
    admin: &TokenAdministrator,
    request: &CreateServiceAccountRequest,
    now: i64,
) -> AppResult<i64> {
    let organization_id = admin.actor().organization_id;
    let checked = check(bindings, organization_id, request).await?;
    // `logins.email` is unique and required: a random name under the
    // reserved `.invalid` domain, which no mail ever reaches and which no
    // password opens (the account has none).
    let identifier = format!(
        "service-{}@service.invalid",
        crate::secret::hex(&crate::secret::random_bytes::<8>())
    );
    let account = NewServiceAccount {
        organization_id,
        display_name: &checked.display_name,
        description: &checked.description,
        contact_login_ids: &checked.contacts,
        identifier: &identifier,
        now,
    };
    let event = role_change(
        bindings,
        &admin.actor(),
        0,
        "service_account_added",
        Changed::InsertedLogin,
    )?;
    service_accounts::insert(&bindings.db, account, event)
        .await?
        .ok_or_else(|| AppError::Internal("a created service account has no id".into()))
}

/// Saves a service account's name, description and contacts.
pub async fn edit(
    bindings: &Bindings,
    admin: &TokenAdministrator,
    login_id: i64,
    request: &CreateServiceAccountRequest,
) -> AppResult<()> {
    let organization_id = admin.actor().organization_id;
    let checked = check(bindings, organization_id, request).await?;
    let event = role_change(
        bindings,
        &admin.actor(),
        login_id,
        "service_account_edited",
        Changed::Row,
    )?;
    let edited = Edited {
        display_name: &checked.display_name,
        description: &checked.description,
        contact_login_ids: &checked.contacts,
    };
    let saved =
        service_accounts::update(&bindings.db, organization_id, login_id, edited, event).await?;
    if !saved {
        return Err(AppError::not_found());
    }
    Ok(())
}
