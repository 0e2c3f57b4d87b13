//! E-mail: rendering, the outbox table, transports (folder of `.eml` files or SMTP) and the
//! sender task that drains the outbox.

pub mod account_mails;
pub mod notifications;
pub mod sender;
pub mod templates;
pub mod transport;

pub use lettre::message::Mailbox;

use crate::server::entities::mail_outbox;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// An e-mail ready to be queued: a subject and the same message as plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// What the mail is about (`verification`, …), kept for logs and tests.
    pub kind: &'static str,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// For mail a recipient subscribed to (digests): the address that stops it in one click,
    /// announced in the `List-Unsubscribe` header so mail clients offer an unsubscribe button.
    pub unsubscribe: Option<String>,
}

/// Wakes the sender as soon as something is queued, so mail goes out without polling delay.
#[derive(Clone, Default)]
pub struct MailQueue {
    wake: Arc<Notify>,
}

impl MailQueue {
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits until woken or until `timeout` passes, whichever is first.
    pub async fn wait(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.wake.notified()).await;
    }
}

/// Queues a mail inside the caller's transaction; call [`MailQueue::wake`] after the commit.
pub async fn enqueue<C: ConnectionTrait>(
    conn: &C,
    to: &str,
    mail: RenderedMail,
) -> Result<(), DbErr> {
    let now = Utc::now();
    mail_outbox::ActiveModel {
        to_address: Set(to.to_owned()),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(mail.html),
        kind: Set(mail.kind.to_owned()),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        sent_at: Set(None),
        last_error: Set(None),
        list_unsubscribe: Set(mail.unsubscribe),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
