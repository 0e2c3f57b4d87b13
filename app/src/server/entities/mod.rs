//! sea-orm entities, one file per table. Their layout follows the `migrations` crate.

pub mod email_verifications;
pub mod mail_outbox;
pub mod users;
