//! One module per page.

pub mod account;
pub mod admin_accounts;
pub mod home;
pub mod not_found;
pub mod officer;
pub mod sign_in;
pub mod sign_up;
pub mod verify_email;
