//! One module per page (or group of closely related pages).

pub mod account;
pub mod admin_accounts;
pub mod admin_audit;
pub mod alerts;
pub mod company;
pub mod consortia;
pub mod enrolment;
pub mod home;
pub mod import;
pub mod investor_org;
pub mod not_found;
pub mod officer;
pub mod opportunities;
pub mod password;
pub mod pipelines;
pub mod programmes;
pub mod search;
pub mod sign_in;
pub mod sign_up;
pub mod technologies;
pub mod technology;
pub mod technology_access;
pub mod technology_form;
pub mod technology_incubation;
pub mod technology_withdraw;
pub mod verify_email;
