//! Reusable pieces of pages: form fields, error views, the HTTP status helper.

pub mod errors;
pub mod form;
pub mod status;
