//! What Tessera sends out of the request that decided to send it: emails
//! (the runtime's `send_email` binding) and webhook deliveries, through the
//! `NOTIFICATIONS` queue. The queue retries what fails, with the pause each
//! failure asks for; nothing here loops or sleeps.

use serde::{Deserialize, Serialize};
use worker::{
    Env, MessageBatch, MessageExt, QueueRetryOptionsBuilder, SendEmail, SendEmailBuilder,
};

use super::webhook;
use crate::config;
use crate::error::{AppError, AppResult};

/// One message on the notifications queue. It holds no secret: emails say
/// which token, never its string; a webhook delivery is read back by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outbound {
    Email {
        to: String,
        subject: String,
        text: String,
    },
    Webhook {
        delivery_id: i64,
    },
}

/// The queue's binding (wrangler.toml `[[queues.producers]]`).
const QUEUE: &str = "NOTIFICATIONS";
/// The email binding (wrangler.toml `[[send_email]]`).
const EMAIL: &str = "EMAIL";
/// How long a failed email waits before the queue tries it again.
const EMAIL_RETRY_SECONDS: u32 = 60;

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

/// The queue's consumer: sends each message; a failure is retried later,
/// a message that can never succeed (a delivery that no longer exists) is
/// acknowledged and logged.
pub async fn consume(batch: MessageBatch<Outbound>, env: &Env) -> worker::Result<()> {
    for message in batch.messages()? {
        let retry_after = match message.body() {
            Outbound::Email { to, subject, text } => match send_email(env, to, subject, text).await
            {
                Ok(()) => None,
                Err(error) => {
                    worker::console_error!("email to a recipient failed: {error}");
                    Some(EMAIL_RETRY_SECONDS)
                }
            },
            Outbound::Webhook { delivery_id } => match webhook::deliver(env, *delivery_id).await {
                Ok(retry_after) => retry_after,
                Err(error) => {
                    worker::console_error!("webhook delivery {delivery_id}: {error}");
                    Some(config::webhook_retry_seconds(env))
                }
            },
        };
        match retry_after {
            Some(seconds) => message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(seconds)
                    .build(),
            ),
            None => message.ack(),
        }
    }
    Ok(())
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
