//! What Tessera sends out of the request that decided to send it: emails
//! (the runtime's `send_email` binding), webhook deliveries and new-address
//! alerts, through the `NOTIFICATIONS` queue. The queue retries what fails,
//! with the pause each failure asks for; nothing here loops or sleeps.
//!
//! One organization cannot hold up another's notifications: a batch's
//! messages are handled at once, each acknowledged (or retried) as soon as
//! it is done, a webhook delivery waits for its receiver at most
//! `WEBHOOK_TIMEOUT_SECONDS`, and a receiver that did not answer in time
//! has its organization's deliveries wait, off the consumer
//! (`webhook::deliver`). An email is sent once however often the queue
//! hands it over: it carries an id, claimed in `sent_emails` before the send.

use serde::{Deserialize, Serialize};
use worker::Env;

use crate::error::AppResult;
use crate::secret;

/// One message on the notifications queue. It holds no secret: emails say
/// which token, never its string; a webhook delivery is read back by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outbound {
    Email {
        /// Given when queued; the consumer sends each id once. A message
        /// queued without one is sent without that check.
        #[serde(default)]
        id: Option<String>,
        to: String,
        subject: String,
        text: String,
    },
    Webhook {
        delivery_id: i64,
    },
    /// A token was used from a new address at `at`: the consumer tells its
    /// people (notice, emails, webhook). `more`: the day's alerts reached
    /// the cap, so this is the one summary.
    NewAddress {
        token_id: i64,
        address: String,
        country: Option<String>,
        at: i64,
        more: bool,
    },
    /// The organization's audit stream has events waiting (R30): the
    /// consumer posts the next batch from its cursor.
    AuditStream {
        organization_id: i64,
    },
}

impl Outbound {
    /// An email with a new id.
    pub fn email(to: &str, subject: &str, text: &str) -> Self {
        let id = secret::hex(&secret::random_bytes::<16>());
        Self::Email {
            id: Some(id),
            to: to.to_owned(),
            subject: subject.to_owned(),
            text: text.to_owned(),
        }
    }
}

/// The queue's binding (wrangler.toml `[[queues.producers]]`).
pub(super) const QUEUE: &str = "NOTIFICATIONS";
/// The email binding (wrangler.toml `[[send_email]]`).
pub(super) const EMAIL: &str = "EMAIL";
/// How long a failed email waits before the queue tries it again.
pub(super) const EMAIL_RETRY_SECONDS: u32 = 60;
/// How long a new-address alert that could not be recorded waits.
pub(super) const ALERT_RETRY_SECONDS: u32 = 30;

/// Puts `messages` on the queue, up to 100 a call as the queue takes them.
pub async fn send(env: &Env, messages: Vec<Outbound>) -> AppResult<()> {
    if messages.is_empty() {
        return Ok(());
    }
    let queue = env.queue(QUEUE)?;
    for chunk in messages.chunks(100) {
        queue.send_batch(chunk.to_vec()).await?;
    }
    Ok(())
}
