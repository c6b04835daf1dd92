//! Telling people about their tokens, through every channel there is: a
//! notice in the portal for the owner, an email to the owner and to the
//! organization's token admins, and the organization's webhook. A service
//! account reads neither: its contacts get its notices and emails (R28).

pub mod audit_stream;
pub mod consumer;
pub mod notices;
pub mod outbound;
pub mod recent_addresses;
pub mod warnings;
pub mod webhook;

/// New-address alerts a token's people get in one UTC day before the summary (R22).
pub const NEW_ADDRESS_ALERTS_PER_DAY: i64 = 3;

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use worker::{D1Database, Env};

use outbound::Outbound;
use tessera_shared::notices::NoticeKind;
use tessera_shared::service_accounts::LoginKind;
use tessera_shared::words::count;

use crate::error::AppResult;
use crate::store::token_facts::TokenFacts;
use crate::store::{self, logins, webhooks};

/// What a token's people are told.
#[derive(Debug, Clone)]
pub enum Warning {
    /// Its Expiry On is `days_left` days away.
    Expiring { days_left: i64 },
    /// The stale-token policy of `days` days revokes it on `revoke_on`.
    StaleSoon { revoke_on: String, days: i64 },
    /// The stale-token policy of `days` days has revoked it.
    RevokedAsStale { days: i64 },
    /// Its string was reported as leaked (`found`: where, by whom), and it was revoked.
    RevokedAsLeaked { found: String },
    /// It rotated itself (a holder of its string did); the previous string
    /// works until `works_until` (RFC 3339) or the new one's first use.
    SelfRotated { works_until: String },
    /// It was used from an address outside its last ones.
    NewAddress {
        address: String,
        country: Option<String>,
    },
    /// It was used from one more new address after the day's alerts
    /// reached their cap: the one summary until the next UTC day.
    MoreNewAddresses {
        address: String,
        country: Option<String>,
    },
}

impl Warning {
    fn event(&self) -> &'static str {
        match self {
            Self::Expiring { .. } => "token.expiring",
            Self::StaleSoon { .. } => "token.stale",
            Self::RevokedAsStale { .. } | Self::RevokedAsLeaked { .. } => "token.revoked",
            Self::SelfRotated { .. } => "token.rotated",
            Self::NewAddress { .. } | Self::MoreNewAddresses { .. } => "token.new_address",
        }
    }

    /// What its portal notice is about.
    pub fn notice_kind(&self) -> NoticeKind {
        match self {
            Self::Expiring { .. } => NoticeKind::Expiring,
            Self::StaleSoon { .. } => NoticeKind::StaleSoon,
            Self::RevokedAsStale { .. } | Self::RevokedAsLeaked { .. } => NoticeKind::Revoked,
            Self::SelfRotated { .. } => NoticeKind::Rotated,
            Self::NewAddress { .. } | Self::MoreNewAddresses { .. } => NoticeKind::NewAddress,
        }
    }

    /// The portal notice, to the owner.
    pub fn notice(&self, token: &TokenFacts) -> String {
        let name = &token.name;
        match self {
            Self::Expiring { days_left } => format!(
                "Your token “{name}” works until the end of {} (UTC), {}: to keep its scripts working, create a new token and move them to it before then (editing a token ends its current string).",
                token.expiry_on.as_deref().unwrap_or_default(),
                in_days(*days_left)
            ),
            Self::StaleSoon { revoke_on, days } => format!(
                "Your token “{name}” has not been used for a while: your organization revokes tokens unused for {}, so it will be revoked on {revoke_on} unless it is used before.",
                count(*days, "day")
            ),
            Self::RevokedAsStale { days } => format!(
                "Your token “{name}” was revoked: it was not used for {}, your organization's limit.",
                count(*days, "day")
            ),
            Self::RevokedAsLeaked { found } => format!(
                "Your token “{name}” was revoked: its string was reported as leaked ({found}). Generate a new string for the scripts that use it, and remove the old one from where it was found."
            ),
            Self::SelfRotated { works_until } => format!(
                "Your token “{name}” rotated itself: a script holding its string got a new one. The previous string works until {works_until} at the latest. If that was not one of your scripts, revoke the token."
            ),
            Self::NewAddress { address, country } => format!(
                "Your token “{name}” was used from a new address: {address} ({}). If that was not one of your scripts, revoke the token.",
                country.as_deref().unwrap_or("country unknown")
            ),
            Self::MoreNewAddresses { address, country } => format!(
                "Your token “{name}” was used from {address} ({}) and more new addresses today; see Token Logs for every use. Tessera tells of at most {} new addresses a token a day. If those were not your scripts, revoke the token.",
                country.as_deref().unwrap_or("country unknown"),
                NEW_ADDRESS_ALERTS_PER_DAY
            ),
        }
    }

    fn subject(&self, token: &TokenFacts) -> String {
        let name = &token.name;
        match self {
            Self::Expiring { days_left } => {
                format!("Tessera: token “{name}” expires {}", in_days(*days_left))
            }
            Self::StaleSoon { revoke_on, .. } => {
                format!("Tessera: unused token “{name}” will be revoked on {revoke_on}")
            }
            Self::RevokedAsStale { .. } => format!("Tessera: unused token “{name}” was revoked"),
            Self::RevokedAsLeaked { .. } => {
                format!("Tessera: token “{name}” was revoked after a leak report")
            }
            Self::SelfRotated { .. } => format!("Tessera: token “{name}” rotated itself"),
            Self::NewAddress { address, .. } => {
                format!("Tessera: token “{name}” used from a new address, {address}")
            }
            Self::MoreNewAddresses { .. } => {
                format!("Tessera: token “{name}” used from more new addresses today")
            }
        }
    }

    /// The email, to the owner and the token admins.
    fn email(&self, token: &TokenFacts) -> String {
        format!(
            "{}\n\nToken: {}\nOwner: {} <{}>\nOrganization: {}\n\nTessera never sends token strings by email.\n",
            self.notice(token).replacen("Your token", "The token", 1),
            token.name,
            token.owner_name,
            token.owner_email,
            token.organization_name
        )
    }

    /// The webhook's body, before the event name is added.
    fn webhook_body(&self, token: &TokenFacts, now: i64) -> serde_json::Value {
        let mut body = serde_json::json!({
            "sent_at": crate::clock::rfc3339(now),
            "organization": token.organization_name,
            "token": {
                "id": token.token_id,
                "name": token.name,
                "owner": token.owner_email,
                "expiry_on": token.expiry_on,
            },
        });
        match self {
            Self::Expiring { days_left } => body["days_left"] = (*days_left).into(),
            Self::StaleSoon { revoke_on, days } => {
                body["revoke_on"] = revoke_on.as_str().into();
                body["unused_days_limit"] = (*days).into();
            }
            Self::RevokedAsStale { days } => {
                body["reason"] = format!("unused for {}", count(*days, "day")).into();
            }
            Self::RevokedAsLeaked { found } => {
                body["reason"] = "leak report".into();
                body["found"] = found.as_str().into();
            }
            Self::SelfRotated { works_until } => {
                body["previous_string_works_until"] = works_until.as_str().into();
            }
            Self::NewAddress { address, country } => {
                body["address"] = address.as_str().into();
                body["country"] = country.clone().into();
            }
            Self::MoreNewAddresses { address, country } => {
                body["address"] = address.as_str().into();
                body["country"] = country.clone().into();
                body["more_today"] = true.into();
            }
        }
        body
    }
}

fn in_days(days: i64) -> String {
    match days {
        ..=0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        days => format!("in {}", count(days, "day")),
    }
}

/// Sends each warning through every channel: the notices at once, the
/// emails and webhook deliveries through the queue.
pub async fn notify(
    env: &Env,
    db: &D1Database,
    warnings: &[(TokenFacts, Warning)],
    now: i64,
) -> AppResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let mut notices = Vec::with_capacity(warnings.len());
    for (token, warning) in warnings {
        for reader in notice_readers(token) {
            notices.push(store::notices::insert(
                db,
                token.organization_id,
                reader,
                Some(token.token_id),
                warning.notice_kind(),
                &warning.notice(token),
                now,
            )?);
        }
    }
    db.batch(notices).await?;
    send_out(env, db, warnings, now).await
}

/// Queues each warning's emails (to the owner and the token admins) and
/// webhook delivery; the notices are the caller's, recorded already.
pub async fn send_out(
    env: &Env,
    db: &D1Database,
    warnings: &[(TokenFacts, Warning)],
    now: i64,
) -> AppResult<()> {
    let mut admins: HashMap<i64, Vec<String>> = HashMap::new();
    let mut hooks: HashMap<i64, Option<String>> = HashMap::new();
    let mut messages = Vec::new();
    for (token, warning) in warnings {
        let organization = token.organization_id;
        if let Entry::Vacant(slot) = admins.entry(organization) {
            slot.insert(logins::token_admin_emails(db, organization).await?);
            let hook = webhooks::of_organization(db, organization)
                .await?
                .webhook_url;
            hooks.insert(organization, hook);
        }
        let contacts = contacts(token);
        let mut to: Vec<&str> = match token.owner_kind {
            LoginKind::Person if !token.owner_disabled => vec![&token.owner_email],
            LoginKind::Person => Vec::new(),
            // R28: nobody reads a service account's mail; its contacts do.
            LoginKind::Service => contacts.iter().map(|c| c.email.as_str()).collect(),
        };
        for admin in &admins[&organization] {
            if !to.contains(&admin.as_str()) {
                to.push(admin);
            }
        }
        let (subject, text) = (warning.subject(token), warning.email(token));
        messages.extend(
            to.into_iter()
                .map(|to| Outbound::email(to, &subject, &text)),
        );
        if let Some(url) = &hooks[&organization] {
            let body = warning.webhook_body(token, now);
            messages.push(
                webhook::queue_delivery(db, organization, url, warning.event(), body, now).await?,
            );
        }
    }
    outbound::send(env, messages).await
}

/// A service account's contact, as `TokenFacts::owner_contacts` lists it.
#[derive(serde::Deserialize)]
struct Contact {
    id: i64,
    email: String,
    disabled: i64,
}

/// The enabled contacts of a service account's token; none for a person's.
fn contacts(token: &TokenFacts) -> Vec<Contact> {
    match token.owner_kind {
        LoginKind::Person => Vec::new(),
        LoginKind::Service => serde_json::from_str::<Vec<Contact>>(&token.owner_contacts)
            .unwrap_or_default()
            .into_iter()
            .filter(|contact| contact.disabled == 0)
            .collect(),
    }
}

/// Whose notices list a warning about `token`: its owner's, or, for a
/// service account, which never signs in, its enabled contacts' (R28).
fn notice_readers(token: &TokenFacts) -> Vec<i64> {
    match token.owner_kind {
        LoginKind::Person => vec![token.owner_login_id],
        LoginKind::Service => contacts(token).into_iter().map(|c| c.id).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> TokenFacts {
        TokenFacts {
            token_id: 7,
            name: "Weekly upload".into(),
            expiry_on: Some("2027-01-03".into()),
            organization_id: 1,
            organization_name: "Demo Org".into(),
            owner_login_id: 3,
            owner_name: "Alice Analyst".into(),
            owner_email: "alice@demo.example".into(),
            owner_disabled: false,
            owner_kind: LoginKind::Person,
            owner_contacts: "[]".into(),
            stale_after_days: None,
        }
    }

    #[test]
    fn a_service_accounts_warnings_reach_its_enabled_contacts_r28() {
        let service = TokenFacts {
            owner_kind: LoginKind::Service,
            owner_contacts: r#"[{"id":4,"display_name":"Ann","email":"ann@x.example","disabled":0},
                {"id":5,"display_name":"Ben","email":"ben@x.example","disabled":1}]"#
                .into(),
            ..token()
        };
        assert_eq!(notice_readers(&service), vec![4]);
        assert_eq!(notice_readers(&token()), vec![3]);
    }

    /// R6: editing a token ends its string, so the expiry notice offers a
    /// new token as the way to keep scripts working, never an edit.
    #[test]
    fn an_expiry_notice_says_how_to_keep_the_scripts_working_r6() {
        let notice = Warning::Expiring { days_left: 7 }.notice(&token());
        assert!(
            notice.contains("“Weekly upload” works until the end of 2027-01-03 (UTC), in 7 days"),
            "{notice}"
        );
        assert!(
            notice.contains("create a new token and move them to it"),
            "{notice}"
        );
        assert!(!notice.contains("edit its Expiry On"), "{notice}");
    }
}
