//! sea-orm entities, one file per table. Their layout follows the `migrations` crate.

pub mod access_requests;
pub mod audit_log;
pub mod auth_throttle;
pub mod bookmarks;
pub mod consortia;
pub mod consortium_members;
pub mod deal_notes;
pub mod email_verifications;
pub mod enrolment_moves;
pub mod enrolment_scores;
pub mod enrolments;
pub mod mail_outbox;
pub mod milestones;
pub mod opportunities;
pub mod organisation_members;
pub mod organisations;
pub mod password_resets;
pub mod pipeline_deals;
pub mod pipelines;
pub mod programmes;
pub mod saved_searches;
pub mod search_outbox;
pub mod technologies;
pub mod tranche_releases;
pub mod trl_assessments;
pub mod users;
