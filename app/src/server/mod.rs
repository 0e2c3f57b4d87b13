//! Server-only code: state, database entities, services, authentication and mail.
//! Compiled with the `ssr` feature only; nothing here reaches the browser bundle.

pub mod access;
pub mod account_security;
pub mod accounts;
pub mod alerts;
pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod client_address;
pub mod consortia;
pub mod entities;
pub mod forms;
pub mod ft_portal;
pub mod http;
pub mod incubation;
pub mod mail;
pub mod notifications;
pub mod onboarding;
pub mod organisations;
pub mod page_chunks;
pub mod passwords;
pub mod pipelines;
pub mod search;
pub mod state;
pub mod stored;
pub mod technologies;
pub mod throttle;
pub mod visibility;
pub mod withdrawal;

pub use state::{AppState, RuntimeConfig};
