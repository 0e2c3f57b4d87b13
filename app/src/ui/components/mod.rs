//! Reusable pieces of pages: form fields, badges, error views, the HTTP status helper.

pub mod badges;
pub mod checklist;
pub mod errors;
pub mod form;
pub mod incubation;
pub mod matches;
pub mod pager;
pub mod params;
pub mod status;
pub mod words;
