//! Server functions, one module per feature. Each is thin: check who calls, call a service,
//! return a DTO. Endpoints are explicit so their URLs stay stable for clients and tests.

pub mod access;
pub mod admin;
pub mod alerts;
pub mod auth;
pub mod catalogue;
pub mod company;
pub mod consortia;
pub mod encoding;
pub mod incubation;
pub mod investor;
pub mod matching;
pub mod officer;
pub mod onboarding;
pub mod pipelines;
pub mod search;
pub mod technologies;
