//! sea-orm entities, one file per table. Their layout follows the `migrations` crate.

pub mod email_verifications;
pub mod mail_outbox;
pub mod opportunities;
pub mod organisation_members;
pub mod organisations;
pub mod search_outbox;
pub mod technologies;
pub mod trl_assessments;
pub mod users;
