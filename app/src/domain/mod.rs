//! Pure domain types and rules, shared by the server and the browser. No IO lives here.

pub mod account;
pub mod company;
pub mod country;
mod country_list;
pub mod critical_area;
pub mod export_control;
pub mod investor;
pub mod opportunity;
pub mod technology;
pub mod text;
pub mod trl;
