//! The `NOTIFICATIONS` queue's consumer: sends each message `outbound`
//! queued (emails, webhook deliveries, new-address alerts), and tells the
//! queue what to do with it next.

use futures_util::future::join_all;
use worker::{
    Env, MessageBatch, MessageBuilder, MessageExt, QueueRetryOptionsBuilder, SendEmail,
    SendEmailBuilder,
};

use super::outbound::{ALERT_RETRY_SECONDS, EMAIL, EMAIL_RETRY_SECONDS, Outbound, QUEUE};
use super::{audit_stream, recent_addresses, webhook};
use crate::error::{AppError, AppResult};
use crate::store::sent_emails;
use crate::{clock, config};

/// The queue's consumer: handles every message of the batch at once, each
/// acknowledged or retried on its own as soon as it is done. A failure is
/// retried later; a message that can never succeed (a delivery that no
/// longer exists) is acknowledged and logged.
pub async fn consume(batch: MessageBatch<Outbound>, env: &Env) -> worker::Result<()> {
    let messages = batch.messages()?;
    join_all(messages.iter().map(|message| async move {
        let retry = |seconds: u32| {
            message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(seconds)
                    .build(),
            )
        };
        match handle(env, message.body()).await {
            After::Done => message.ack(),
            After::Retry(seconds) => retry(seconds),
            // A wait is no failure: the message goes again as a new one, so
            // it does not use up the queue's retries.
            After::SendAgain(seconds) => {
                let again = MessageBuilder::new(message.body().clone())
                    .delay_seconds(seconds)
                    .build();
                match env.queue(QUEUE) {
                    Ok(queue) => match queue.send(again).await {
                        Ok(()) => message.ack(),
                        Err(_) => retry(seconds),
                    },
                    Err(_) => retry(seconds),
                }
            }
        }
    }))
    .await;
    Ok(())
}

/// What becomes of a message once handled.
enum After {
    Done,
    /// It failed: the queue tries it again after this many seconds.
    Retry(u32),
    /// It waits this many seconds, not counted as a failure.
    SendAgain(u32),
}

/// One message, and what becomes of it.
async fn handle(env: &Env, message: &Outbound) -> After {
    match message {
        Outbound::Email {
            id,
            to,
            subject,
            text,
        } => match send_email_once(env, id.as_deref(), to, subject, text).await {
            Ok(None) => After::Done,
            Ok(Some(seconds)) => After::Retry(seconds),
            Err(error) => {
                worker::console_error!("email to a recipient failed: {error}");
                After::Retry(EMAIL_RETRY_SECONDS)
            }
        },
        Outbound::Webhook { delivery_id } => match webhook::deliver(env, *delivery_id).await {
            Ok(webhook::Next::Done) => After::Done,
            Ok(webhook::Next::RetryIn(seconds)) => After::Retry(seconds),
            Ok(webhook::Next::WaitFor(seconds)) => After::SendAgain(seconds),
            Err(error) => {
                worker::console_error!("webhook delivery {delivery_id}: {error}");
                After::Retry(config::webhook_retry_seconds(env))
            }
        },
        Outbound::AuditStream { organization_id } => {
            match audit_stream::deliver(env, *organization_id).await {
                // Accepted and more waits: the next batch, at once.
                Ok(true) => After::SendAgain(0),
                // Done, or failed: the minute's run tries again after the pause.
                Ok(false) => After::Done,
                Err(error) => {
                    worker::console_error!("audit stream of {organization_id}: {error}");
                    After::Done
                }
            }
        }
        Outbound::NewAddress {
            token_id,
            address,
            country,
            at,
            more,
        } => {
            let alert = recent_addresses::Alert {
                address: address.clone(),
                country: country.clone(),
                more: *more,
            };
            match recent_addresses::tell(env, *token_id, alert, *at).await {
                Ok(()) => After::Done,
                Err(error) => {
                    worker::console_error!("new-address alert of token {token_id}: {error}");
                    After::Retry(ALERT_RETRY_SECONDS)
                }
            }
        }
    }
}

/// Sends the email unless its id was sent already; `None` when done.
async fn send_email_once(
    env: &Env,
    id: Option<&str>,
    to: &str,
    subject: &str,
    text: &str,
) -> AppResult<Option<u32>> {
    let Some(id) = id else {
        send_email(env, to, subject, text).await?;
        return Ok(None);
    };
    let db = crate::services::database(env)?;
    match sent_emails::claim(&db, id, clock::now()).await? {
        sent_emails::Claim::Ours => {}
        sent_emails::Claim::Sent => return Ok(None),
        // Another consumer is sending it: look again after its outcome.
        sent_emails::Claim::Busy => return Ok(Some(EMAIL_RETRY_SECONDS)),
    }
    if let Err(error) = send_email(env, to, subject, text).await {
        if let Err(release) = sent_emails::release(&db, id).await {
            worker::console_error!("an email's claim stays until it lapses: {release}");
        }
        return Err(error);
    }
    // Sent: acknowledged even if the mark fails (the claim then keeps a
    // duplicate away for its few minutes, and the queue does not retry it).
    if let Err(error) = sent_emails::mark_sent(&db, id, clock::now()).await {
        worker::console_error!("a sent email could not be marked sent: {error}");
    }
    Ok(None)
}

async fn send_email(env: &Env, to: &str, subject: &str, text: &str) -> AppResult<()> {
    let binding: SendEmail = env.get_binding(EMAIL)?;
    let message = SendEmailBuilder::new(&config::notifications_from(env), to, subject);
    message.set_text(text);
    binding
        .send_with_builder(&message)
        .await
        .map_err(|error| AppError::Internal(format!("send_email: {error:?}")))?;
    Ok(())
}
