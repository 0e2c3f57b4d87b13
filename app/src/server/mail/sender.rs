//! The sender task: drains the outbox through the transport, retrying failures with back-off.
//! Every instance runs one; each claims the rows it sends with a lease first (`claim`), so
//! several senders never send the same message twice, and a sender that dies mid-send leaves
//! its rows to the others once the lease runs out.

use super::transport::MailTransport;
use super::MailQueue;
use crate::server::entities::mail_outbox;
use chrono::Utc;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::Message;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr,
    EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, Statement,
};
use std::time::Duration;

/// How often the outbox is checked when nothing wakes the sender (retries become due, or
/// another server instance queued mail).
const IDLE_POLL: Duration = Duration::from_secs(5);
const BATCH: u64 = 10;
/// How long a claim keeps other senders off a row: far longer than sending a batch takes
/// (each SMTP exchange times out well within it), short enough that mail held by a sender that
/// died goes out within minutes.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

pub struct MailSender {
    pub db: DatabaseConnection,
    pub transport: MailTransport,
    pub from: Mailbox,
    pub queue: MailQueue,
}

impl MailSender {
    /// Runs until the task is dropped. Mail is sent once; only a message sent just before a
    /// crash, but not yet marked, is sent again, when its lease runs out.
    pub async fn run(self) {
        loop {
            match self.drain_once().await {
                Ok(sent) if sent > 0 => continue,
                Ok(_) => {}
                Err(err) => tracing::error!(error = %err, "mail outbox could not be read"),
            }
            self.queue.wait(IDLE_POLL).await;
        }
    }

    /// Sends every message that is due now; returns how many were attempted. Mail carrying a
    /// token that has expired before it could be sent is dropped first: its link no longer
    /// works, and the token must not stay readable in the database.
    pub async fn drain_once(&self) -> Result<usize, DbErr> {
        let now = Utc::now();
        for (kind, hours) in [
            ("password_reset", 1),
            (
                "verification",
                crate::server::accounts::VERIFICATION_TTL_HOURS,
            ),
        ] {
            mail_outbox::Entity::delete_many()
                .filter(mail_outbox::Column::SentAt.is_null())
                .filter(mail_outbox::Column::Kind.eq(kind))
                .filter(mail_outbox::Column::CreatedAt.lt(now - chrono::Duration::hours(hours)))
                .exec(&self.db)
                .await?;
        }
        let due = claim(&self.db, BATCH).await?;
        let attempted = due.len();
        for row in due {
            let outcome = match self.build(&row) {
                Ok(message) => self.transport.send(message).await,
                Err(err) => Err(err),
            };
            let id = row.id;
            let attempts = row.attempts + 1;
            let mut active = row.into_active_model();
            active.attempts = Set(attempts);
            active.claimed_until = Set(None);
            match outcome {
                Ok(()) => {
                    active.sent_at = Set(Some(Utc::now()));
                    active.last_error = Set(None);
                    // Sent mail may carry a sign-in token (verification, password reset): once
                    // it is out, the database keeps only who was told what, not the text.
                    active.body_text = Set(String::new());
                    active.body_html = Set(String::new());
                    tracing::info!(mail.id = id, "mail sent");
                }
                Err(err) => {
                    let delay = backoff(attempts);
                    active.next_attempt_at = Set(Utc::now() + delay);
                    tracing::warn!(mail.id = id, mail.attempts = attempts, retry_in_s = delay.num_seconds(), error = %err, "mail not sent; will retry");
                    active.last_error = Set(Some(err));
                }
            }
            active.update(&self.db).await?;
        }
        Ok(attempted)
    }

    fn build(&self, row: &mail_outbox::Model) -> Result<Message, String> {
        let to: Mailbox = row
            .to_address
            .parse()
            .map_err(|e| format!("the recipient's address cannot be used: {e}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone());
        if let Some(url) = &row.list_unsubscribe {
            // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs here.
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        builder
            // lettre picks each part's transfer encoding (quoted-printable for long lines).
            .multipart(MultiPart::alternative_plain_html(
                row.body_text.clone(),
                row.body_html.clone(),
            ))
            .map_err(|e| e.to_string())
    }
}

/// Claims up to `limit` due rows for this sender (a lease of [`LEASE`]) and returns them, oldest
/// first. One statement marks them, so two senders never claim the same row: on PostgreSQL the
/// rows another sender is claiming at that moment are skipped (`FOR UPDATE SKIP LOCKED`);
/// SQLite runs one write at a time.
pub async fn claim(db: &DatabaseConnection, limit: u64) -> Result<Vec<mail_outbox::Model>, DbErr> {
    let now = Utc::now();
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "UPDATE mail_outbox SET claimed_until = $1 WHERE id IN ( \
               SELECT id FROM mail_outbox \
               WHERE sent_at IS NULL AND next_attempt_at <= $2 \
                 AND (claimed_until IS NULL OR claimed_until < $2) \
               ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING id"
        }
        _ => {
            "UPDATE mail_outbox SET claimed_until = ?1 WHERE id IN ( \
               SELECT id FROM mail_outbox \
               WHERE sent_at IS NULL AND next_attempt_at <= ?2 \
                 AND (claimed_until IS NULL OR claimed_until < ?2) \
               ORDER BY id LIMIT ?3) \
             RETURNING id"
        }
    };
    let ids: Vec<i64> = db
        .query_all(Statement::from_sql_and_values(
            backend,
            sql,
            [(now + LEASE).into(), now.into(), (limit as i64).into()],
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Id.is_in(ids))
        .order_by_asc(mail_outbox::Column::Id)
        .all(db)
        .await
}

/// The `List-Unsubscribe` header: the address, in angle brackets.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// 30 s, 1 min, 2 min, … capped at one hour.
fn backoff(attempts: i32) -> chrono::Duration {
    let exp = attempts.clamp(1, 8) as u32 - 1;
    chrono::Duration::seconds((30i64 << exp).min(3600))
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_and_caps_at_an_hour() {
        assert_eq!(backoff(1).num_seconds(), 30);
        assert_eq!(backoff(2).num_seconds(), 60);
        assert_eq!(backoff(3).num_seconds(), 120);
        assert_eq!(backoff(20).num_seconds(), 3600);
    }
}
