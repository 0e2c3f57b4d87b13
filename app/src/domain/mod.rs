//! Pure domain types and rules, shared by the server and the browser. No IO lives here.

pub mod account;
