//! The state every request and server function reaches through context, provided once by the
//! router.

use crate::error::AppError;
use crate::server::mail::MailQueue;
use crate::server::page_chunks::PageChunks;
use crate::server::search::SearchIndex;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::path::PathBuf;
use std::sync::Arc;
use url::Url;

/// Settings the application code needs at run time (the binary's configuration resolves them).
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Public address of the site, used to build links in e-mails.
    pub base_url: Url,
    /// Folder holding the SQLite file, the search index and the mail outbox folder.
    pub data_dir: PathBuf,
    /// The site's own reverse proxies, whose `X-Forwarded-For` names the client
    /// (`client_address`); empty: the connection's peer is the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl RuntimeConfig {
    /// An absolute link to a path on this site.
    pub fn link(&self, path_and_query: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path_and_query}")
    }
}

#[derive(Clone)]
pub struct AppState {
    /// Every write, and reads that lead to a write.
    pub db: DatabaseConnection,
    /// Read-only lookups on hot paths (the signed-in account, search result rows). On SQLite a
    /// separate read-only pool, so reads do not queue behind the single writing connection; on
    /// PostgreSQL the same pool as `db`.
    pub read: DatabaseConnection,
    pub config: Arc<RuntimeConfig>,
    pub mail: MailQueue,
    pub search: Arc<SearchIndex>,
    pub leptos_options: LeptosOptions,
    /// The browser bundle's page groups and the chunks each needs (preload headers).
    pub page_chunks: Arc<PageChunks>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// The state provided to this request's reactive owner.
    pub fn current() -> Result<Self, AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            crate::internal_error!("AppState missing from context: the router did not provide it")
        })
    }
}
