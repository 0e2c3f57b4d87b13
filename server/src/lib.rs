//! The Lab2Field server: configuration, telemetry, the HTTP router, background workers and the
//! command line. `main.rs` only parses arguments and calls into here, so tests can run the
//! same server in-process.

pub mod assets;
pub mod backup;
pub mod bench_data;
pub mod catalogue_import;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod guards;
pub mod memory;
pub mod rejected_forms;
pub mod router;
pub mod search_feed;
pub mod sessions;
pub mod startup;
pub mod telemetry;
